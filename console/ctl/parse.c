#include "parse.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define _(s) dgettext("netpontctl", s)

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads the digits of text into *out; false on an empty string, any
 * non-digit, or a value above max. */
static bool parse_digits(const char *text, int64_t max, int64_t *out)
{
	int64_t value = 0;
	if (text == NULL || *text == '\0')
		return false;
	for (const char *p = text; *p; p++) {
		if (!is_digit(*p))
			return false;
		value = value * 10 + (*p - '0');
		if (value > max)
			return false;
	}
	*out = value;
	return true;
}

bool ctl_parse_amount(const char *text, int64_t *out)
{
	return parse_digits(text, CTL_AMOUNT_MAX, out);
}

bool ctl_parse_count(const char *text, int64_t max, int64_t *out)
{
	int64_t value;
	if (!parse_digits(text, max, &value) || value == 0)
		return false;
	*out = value;
	return true;
}

bool ctl_parse_minutes(const char *text, int64_t *seconds)
{
	int64_t whole = 0, frac = 0, scale = 1;
	const char *p = text;

	if (text == NULL || (!is_digit(*p) && *p != '.'))
		return false;
	for (; is_digit(*p); p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > CTL_MINUTES_MAX)
			return false;
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p) && p == text + 1)
			return false; /* "." alone */
		for (; is_digit(*p); p++) {
			/* Digits past the ninth cannot change the rounded second. */
			if (scale < 1000000000) {
				frac = frac * 10 + (*p - '0');
				scale *= 10;
			}
		}
	}
	if (*p != '\0')
		return false;
	/* seconds = whole * 60 + round(frac / scale * 60), half up. */
	int64_t total = whole * 60 + (frac * 60 * 2 + scale) / (2 * scale);
	if (total < 1 || total > (int64_t)CTL_MINUTES_MAX * 60)
		return false;
	*seconds = total;
	return true;
}

bool ctl_parse_percent(const char *text, int32_t *out)
{
	int64_t value;
	if (!parse_digits(text, 100, &value))
		return false;
	*out = (int32_t)value;
	return true;
}

bool ctl_parse_date(const char *text)
{
	static const int days_in_month[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(text[i]))
			return false;
	int year = atoi(text), month = atoi(text + 5), day = atoi(text + 8);
	if (year < 1970 || month < 1 || month > 12 || day < 1)
		return false;
	int limit = days_in_month[month - 1];
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	if (month == 2 && leap)
		limit = 29;
	return day <= limit;
}

char *ctl_format_duration(int64_t seconds, char *buf, size_t size)
{
	if (seconds < 0)
		seconds = 0;
	int64_t minutes = (seconds + 59) / 60;
	if (minutes < 60)
		/* TRANSLATORS: remaining time under an hour, e.g. "42 min". */
		snprintf(buf, size, _("%lld min"), (long long)minutes);
	else
		/* TRANSLATORS: remaining time, hours and minutes, e.g. "1 h 05 min". */
		snprintf(buf, size, _("%lld h %02lld min"), (long long)(minutes / 60),
		         (long long)(minutes % 60));
	return buf;
}

/* The locale name that decides LC_MESSAGES, POSIX's order. */
static const char *messages_locale(const char *lc_all, const char *lc_messages, const char *lang)
{
	if (lc_all != NULL && lc_all[0] != '\0')
		return lc_all;
	if (lc_messages != NULL && lc_messages[0] != '\0')
		return lc_messages;
	if (lang != NULL && lang[0] != '\0')
		return lang;
	return "C";
}

static bool c_locale(const char *name)
{
	return strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

char *ctl_language_code(const char *language, const char *lc_all, const char *lc_messages,
                        const char *lang, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	buf[0] = '\0';
	const char *locale = messages_locale(lc_all, lc_messages, lang);
	if (c_locale(locale))
		return buf;
	const char *name = language != NULL && language[0] != '\0' ? language : locale;
	size_t n = strcspn(name, "_.@:");
	if (n >= size)
		return buf;
	memcpy(buf, name, n);
	buf[n] = '\0';
	if (c_locale(buf))
		buf[0] = '\0';
	return buf;
}
