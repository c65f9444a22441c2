#include "common/np_csv.h"

#include <inttypes.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

np_csv_format np_csv_format_for_locale(const char *lc_all, const char *lc_messages,
                                       const char *lang)
{
	const char *names[] = {lc_all, lc_messages, lang};
	for (size_t i = 0; i < 3; i++) {
		const char *name = names[i];
		if (name == NULL || name[0] == '\0')
			continue;
		/* The language part of "hu_HU.UTF-8@euro": up to '_', '.', '@' or
		 * the end (strchr() finds the NUL too, so "hu" alone counts). */
		if (strncmp(name, "hu", 2) == 0 && strchr("_.@", name[2]) != NULL)
			return NP_CSV_SPREADSHEET;
		return NP_CSV_PLAIN;
	}
	return NP_CSV_PLAIN;
}

/* Makes room for n more bytes and the NUL; false (and failed) when out of
 * memory. */
static bool csv__reserve(np_csv *csv, size_t n)
{
	if (csv->failed)
		return false;
	if (csv->len + n + 1 <= csv->cap)
		return true;
	size_t cap = csv->cap ? csv->cap : 256;
	while (cap < csv->len + n + 1)
		cap *= 2;
	char *text = realloc(csv->text, cap);
	if (text == NULL) {
		csv->failed = true;
		return false;
	}
	csv->text = text;
	csv->cap = cap;
	return true;
}

static void csv__append(np_csv *csv, const char *bytes, size_t n)
{
	if (!csv__reserve(csv, n))
		return;
	memcpy(csv->text + csv->len, bytes, n);
	csv->len += n;
	csv->text[csv->len] = '\0';
}

static char csv__separator(const np_csv *csv)
{
	return csv->format == NP_CSV_SPREADSHEET ? ';' : ',';
}

/* The separator before every cell but a row's first. */
static void csv__begin_cell(np_csv *csv)
{
	if (csv->row_open) {
		char separator = csv__separator(csv);
		csv__append(csv, &separator, 1);
	}
	csv->row_open = true;
}

void np_csv_init(np_csv *csv, np_csv_format format)
{
	*csv = (np_csv){.format = format};
	if (format == NP_CSV_SPREADSHEET)
		csv__append(csv, "\xEF\xBB\xBF", 3);
}

/* Whether a spreadsheet would take text for a formula (or, for a tab or CR
 * first, strip it and then do so). */
static bool csv__formula_like(const char *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
}

void np_csv_text(np_csv *csv, const char *text)
{
	if (text == NULL)
		text = "";
	csv__begin_cell(csv);
	const char special[] = {csv__separator(csv), '"', '\r', '\n', '\0'};
	bool quote = strpbrk(text, special) != NULL;
	if (quote)
		csv__append(csv, "\"", 1);
	if (csv__formula_like(text))
		csv__append(csv, "'", 1);
	for (const char *p = text; *p != '\0';) {
		size_t n = strcspn(p, "\"");
		csv__append(csv, p, n);
		p += n;
		if (*p == '"') {
			csv__append(csv, "\"\"", 2);
			p++;
		}
	}
	if (quote)
		csv__append(csv, "\"", 1);
}

void np_csv_int(np_csv *csv, int64_t value)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%" PRId64, value);
	csv__begin_cell(csv);
	csv__append(csv, digits, (size_t)n);
}

void np_csv_end_row(np_csv *csv)
{
	if (csv->format == NP_CSV_PLAIN)
		csv__append(csv, "\n", 1);
	else
		csv__append(csv, "\r\n", 2);
	csv->row_open = false;
}

char *np_csv_finish(np_csv *csv, size_t *len)
{
	char *text = NULL;
	if (!csv->failed && csv__reserve(csv, 0)) {
		text = csv->text;
		text[csv->len] = '\0';
		if (len != NULL)
			*len = csv->len;
	} else {
		free(csv->text);
	}
	*csv = (np_csv){.format = csv->format};
	return text;
}

/* Marks a word with its context for xgettext (po/pot.cmake reads this file
 * for netpontctl and the console); np_csv__text() translates it. */
#define C_(context, msgid) context, msgid

/* pgettext(): the translation of msgid in context, in the program's own
 * text domain, or msgid when there is none. */
static const char *np_csv__text(const char *context, const char *msgid)
{
	char key[128];
	int n = snprintf(key, sizeof key, "%s\004%s", context, msgid);
	if (n < 0 || (size_t)n >= sizeof key)
		return msgid;
	const char *text = gettext(key);
	return text == key ? msgid : text;
}

/* Whether people read the csv (then in their language). */
static bool csv__for_people(const np_csv *csv)
{
	return csv->format == NP_CSV_SPREADSHEET;
}

void np_csv_totals_header(np_csv *csv, np_csv_by by)
{
	if (!csv__for_people(csv)) {
		static const char *const words[] = {"key", "charged", "paid", "waived"};
		for (size_t i = 0; i < 4; i++)
			np_csv_text(csv, words[i]);
		np_csv_end_row(csv);
		return;
	}
	switch (by) {
	case NP_CSV_BY_SERVICE:
		np_csv_text(csv, np_csv__text(C_("csv header", "Service")));
		break;
	case NP_CSV_BY_STAFF:
		np_csv_text(csv, np_csv__text(C_("csv header", "Staff member")));
		break;
	case NP_CSV_BY_CATEGORY:
		np_csv_text(csv, np_csv__text(C_("csv header", "Fee category")));
		break;
	default:
		np_csv_text(csv, np_csv__text(C_("csv header", "Day")));
		break;
	}
	np_csv_text(csv, np_csv__text(C_("csv header", "Charged")));
	np_csv_text(csv, np_csv__text(C_("csv header", "Paid")));
	np_csv_text(csv, np_csv__text(C_("csv header", "Waived")));
	np_csv_end_row(csv);
}

void np_csv_totals_row(np_csv *csv, const char *key, const char *label, int64_t charged,
                       int64_t paid, int64_t waived)
{
	bool labelled = csv__for_people(csv) && label != NULL && label[0] != '\0';
	np_csv_text(csv, labelled ? label : key);
	np_csv_int(csv, charged);
	np_csv_int(csv, paid);
	np_csv_int(csv, waived);
	np_csv_end_row(csv);
}

void np_csv_totals_end(np_csv *csv, int64_t charged, int64_t paid, int64_t waived)
{
	np_csv_totals_row(csv, "total",
	                  csv__for_people(csv) ? np_csv__text(C_("csv total row", "Total")) : NULL,
	                  charged, paid, waived);
}
