#include "common/np_money.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

const np_money_style np_money_plain = {.group = "", .point = ".", .minus = "-", .space = " "};

const np_money_style np_money_screen = {
    .group = "\u00a0", .point = ",", .minus = "\u2212", .space = "\u00a0"};

const char *np_money_symbol(const char *currency)
{
	if (currency == NULL || currency[0] == '\0' || strcmp(currency, "HUF") == 0)
		return "Ft";
	return currency;
}

/* Appends text to buf (size bytes, *len used), cutting at the end. */
static void money__append(char *buf, size_t size, size_t *len, const char *text)
{
	size_t n = strlen(text);
	if (*len + 1 >= size)
		return;
	if (n > size - 1 - *len)
		n = size - 1 - *len;
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
}

char *np_money_format(int64_t amount, unsigned decimals, const char *currency,
                      const np_money_style *style, char *buf, size_t size)
{
	char whole[24], fraction[24];
	size_t len = 0;
	bool negative = amount < 0;
	/* Negate in unsigned arithmetic: INT64_MIN has no positive twin. */
	uint64_t magnitude = negative ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	uint64_t scale = 1;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (style == NULL)
		style = &np_money_plain;
	if (decimals > NP_MONEY_MAX_DECIMALS)
		decimals = NP_MONEY_MAX_DECIMALS;
	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	snprintf(whole, sizeof whole, "%llu", (unsigned long long)(magnitude / scale));
	snprintf(fraction, sizeof fraction, "%0*llu", (int)decimals,
	         (unsigned long long)(magnitude % scale));

	if (negative)
		money__append(buf, size, &len, style->minus);
	size_t digits = strlen(whole);
	bool group = style->group[0] != '\0' && digits > 3;
	for (size_t i = 0; i < digits; i++) {
		char digit[2] = {whole[i], '\0'};
		if (group && i > 0 && (digits - i) % 3 == 0)
			money__append(buf, size, &len, style->group);
		money__append(buf, size, &len, digit);
	}
	if (decimals > 0) {
		money__append(buf, size, &len, style->point);
		money__append(buf, size, &len, fraction);
	}
	money__append(buf, size, &len, style->space);
	money__append(buf, size, &len, np_money_symbol(currency));
	return buf;
}
