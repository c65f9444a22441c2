/* netpontctl's pure helpers: checking what the user typed and formatting what
 * the server said. No I/O and no global state besides gettext, so the unit
 * tests (tests/unit/test-ctl-parse.c) exercise exactly what the program runs. */
#ifndef NETPONTCTL_PARSE_H
#define NETPONTCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest amount netpontctl accepts: far above any real fee, far below
 * where int64 arithmetic in a report could overflow. */
#define CTL_AMOUNT_MAX 1000000000000LL
/* The longest session or extension one command may ask for: a week. */
#define CTL_MINUTES_MAX (7 * 24 * 60)

/* A whole, non-negative number of minor units ("80"). Refuses signs, decimal
 * points, spaces, letters and numbers above CTL_AMOUNT_MAX. */
bool ctl_parse_amount(const char *text, int64_t *out);

/* A positive whole number (a quantity or an id), at most max. */
bool ctl_parse_count(const char *text, int64_t max, int64_t *out);

/* A positive number of minutes, fractional allowed ("30", "1.5", "0.05"),
 * converted to whole seconds rounded half up. Refuses anything that comes to
 * less than one second or more than CTL_MINUTES_MAX minutes. Exact decimal
 * arithmetic: no floating point. */
bool ctl_parse_minutes(const char *text, int64_t *seconds);

/* A whole percentage from 0 to 100. */
bool ctl_parse_percent(const char *text, int32_t *out);

/* A calendar date "YYYY-MM-DD" that exists (leap years included). */
bool ctl_parse_date(const char *text);

/* A remaining time for people: "42 min", "1 h 05 min". Seconds are rounded
 * up to whole minutes, so a session with 20 s left still shows "1 min".
 * Returns buf. */
char *ctl_format_duration(int64_t seconds, char *buf, size_t size);

/* The language code netpontctl asks the server to word its sentences in,
 * from the environment's LANGUAGE, LC_ALL, LC_MESSAGES and LANG (pass
 * getenv()'s results; NULL allowed): the first non-empty one, cut before
 * '_', '.', '@' or ':' ("hu_HU.UTF-8" -> "hu", "hu:en" -> "hu"). "C" and
 * "POSIX" mean English (""); LANGUAGE is ignored when the locale itself is
 * C or POSIX, as gettext ignores it, so that the server's sentences come in
 * the language of netpontctl's own. Writes into buf and returns it. */
char *ctl_language_code(const char *language, const char *lc_all, const char *lc_messages,
                        const char *lang, char *buf, size_t size);

#endif
