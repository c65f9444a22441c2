/* The PDF writer (common/np_pdf.c): the file it writes is a PDF that
 * poppler reads back, with its Hungarian text, a table whose header row
 * repeats on each page, and the signature line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/np_pdf.h"

/* The text pdftotext reads from path, one page after another separated by
 * form feeds (malloc()ed). */
static char *pdf_text(const char *path)
{
	char command[512];
	snprintf(command, sizeof command, "pdftotext -layout '%s' -", path);
	FILE *p = popen(command, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, len = 0;
	char *text = malloc(cap);
	size_t n;
	while ((n = fread(text + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (len + 1 == cap)
			text = realloc(text, cap *= 2);
	}
	text[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return text;
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *at = strstr(text, what); at != NULL; at = strstr(at + 1, what))
		n++;
	return n;
}

static void test_pdf_table_over_pages_repeats_its_header(void **state)
{
	(void)state;
	char path[] = "/tmp/np-pdf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	char *error = NULL;
	np_pdf *pdf = np_pdf_new(path, &error);
	assert_non_null(pdf);
	np_pdf_title(pdf, "Önkéntes órák – Kovács Dóra");
	np_pdf_paragraph(pdf, "2026. december");
	const char *headers[] = {"Nap", "Tevékenység", "Órák"};
	const double widths[] = {2, 4, 1};
	const np_pdf_align aligns[] = {NP_PDF_LEFT, NP_PDF_LEFT, NP_PDF_RIGHT};
	np_pdf_table_begin(pdf, 3, headers, widths, aligns);
	for (int i = 1; i <= 80; i++) {
		char day[32];
		snprintf(day, sizeof day, "2026-12-%02d sor%d", (i % 28) + 1, i);
		const char *row[] = {day, "Oktatás, tűzőgép", "1:30"};
		np_pdf_table_row(pdf, row);
	}
	const char *total[] = {"Összesen", NULL, "120:00"};
	np_pdf_table_total(pdf, total);
	np_pdf_table_end(pdf);
	np_pdf_signature(pdf, "Aláírás:", "Dátum:");
	assert_true(np_pdf_finish(pdf, &error));

	FILE *f = fopen(path, "rb");
	char magic[5] = {0};
	assert_int_equal(fread(magic, 1, 4, f), 4);
	fclose(f);
	assert_string_equal(magic, "%PDF");

	char *text = pdf_text(path);
	size_t pages = count(text, "\f");
	assert_true(pages >= 2);
	/* The header row is on every page of the table. */
	assert_int_equal(count(text, "Tevékenység"), pages);
	assert_non_null(strstr(text, "Önkéntes órák – Kovács Dóra"));
	assert_non_null(strstr(text, "sor80"));
	assert_non_null(strstr(text, "Összesen"));
	assert_non_null(strstr(text, "120:00"));
	assert_non_null(strstr(text, "Aláírás: ____"));
	assert_non_null(strstr(text, "Dátum: ____"));
	free(text);
	unlink(path);
}

static void test_pdf_unwritable_path_is_refused_with_a_sentence(void **state)
{
	(void)state;
	char *error = NULL;
	np_pdf *pdf = np_pdf_new("/nonexistent-folder/sheet.pdf", &error);
	if (pdf != NULL) {
		/* cairo may open the file lazily: then finishing fails. */
		np_pdf_title(pdf, "x");
		assert_false(np_pdf_finish(pdf, &error));
	}
	assert_non_null(error);
	assert_non_null(strstr(error, "/nonexistent-folder/sheet.pdf"));
	free(error);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pdf_table_over_pages_repeats_its_header),
	    cmocka_unit_test(test_pdf_unwritable_path_is_refused_with_a_sentence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
