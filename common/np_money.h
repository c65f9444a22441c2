/* How an amount of money is written: one rule for every program.
 *
 * Amounts are integer minor units (DESIGN: money is integers); the site's
 * currency code and its number of decimals are settings that the server
 * sends in Welcome. The symbol is "Ft" for forint (also when no currency is
 * known yet: the first site uses forint) and the currency code otherwise.
 * Only the separators differ between a sentence and a screen, so they are
 * the style argument; digits, sign, decimals and symbol are always the same. */
#ifndef NETPONT_COMMON_NP_MONEY_H
#define NETPONT_COMMON_NP_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Decimals beyond this are written as this many (the server allows 0..3). */
#define NP_MONEY_MAX_DECIMALS 6

/* Room for any amount in any style: 19 digits, their group separators,
 * sign, point, decimals and a symbol of up to 16 bytes. */
#define NP_MONEY_TEXT_MAX 96

/* The separators an amount is written with. Every field is a NUL-terminated
 * UTF-8 string; group may be "" (no grouping). */
typedef struct np_money_style {
	const char *group; /* between groups of three digits */
	const char *point; /* before the decimals */
	const char *minus; /* before a negative amount */
	const char *space; /* between the number and the symbol */
} np_money_style;

/* For sentences, logs and the command line: "-12.50 EUR", "5460 Ft",
 * "1234567 Ft" (ASCII, no grouping). */
extern const np_money_style np_money_plain;

/* For people's screens (console, lock screen): a no-break space between
 * groups and before the symbol, a decimal comma and a real minus sign:
 * "−5 460 Ft", "19,99 EUR". */
extern const np_money_style np_money_screen;

/* The symbol written after an amount: "Ft" for HUF, NULL or "", otherwise
 * currency itself. Returns a static string or currency. */
const char *np_money_symbol(const char *currency);

/* Writes amount (minor units; INT64_MIN included) with decimals places
 * (clamped to NP_MONEY_MAX_DECIMALS) and the currency's symbol into buf, in
 * style (NULL: np_money_plain). Always NUL-terminates when size > 0; a text
 * longer than size-1 bytes is cut (NP_MONEY_TEXT_MAX is always enough for a
 * symbol of up to 16 bytes). Returns buf. */
char *np_money_format(int64_t amount, unsigned decimals, const char *currency,
                      const np_money_style *style, char *buf, size_t size);

#endif
