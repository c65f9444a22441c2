/* The rules every program shares (common/): how money is written, how a
 * server address is read, how a file is replaced atomically. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/np_address.h"
#include "common/np_csv.h"
#include "common/np_file.h"
#include "common/np_join_code.h"
#include "common/np_money.h"
#include "common/np_request_key.h"

static const char *plain(int64_t amount, unsigned decimals, const char *currency)
{
	static char buf[NP_MONEY_TEXT_MAX];
	return np_money_format(amount, decimals, currency, &np_money_plain, buf, sizeof buf);
}

static const char *screen(int64_t amount, unsigned decimals, const char *currency)
{
	static char buf[NP_MONEY_TEXT_MAX];
	return np_money_format(amount, decimals, currency, &np_money_screen, buf, sizeof buf);
}

static void test_money_plain_forint(void **state)
{
	assert_string_equal(plain(0, 0, "HUF"), "0 Ft");
	assert_string_equal(plain(5460, 0, "HUF"), "5460 Ft");
	assert_string_equal(plain(-80, 0, "HUF"), "-80 Ft");
	assert_string_equal(plain(80, 0, NULL), "80 Ft");
	assert_string_equal(plain(80, 0, ""), "80 Ft");
}

static void test_money_plain_decimals(void **state)
{
	assert_string_equal(plain(1250, 2, "EUR"), "12.50 EUR");
	assert_string_equal(plain(-5, 2, "EUR"), "-0.05 EUR");
	assert_string_equal(plain(7, 3, "EUR"), "0.007 EUR");
	/* More decimals than the rule allows are written as its maximum. */
	assert_string_equal(plain(1, 9, "EUR"), "0.000001 EUR");
}

static void test_money_extremes(void **state)
{
	assert_string_equal(plain(INT64_MIN, 0, "HUF"), "-9223372036854775808 Ft");
	assert_string_equal(plain(INT64_MAX, 0, "HUF"), "9223372036854775807 Ft");
	assert_string_equal(
	    screen(INT64_MIN, 0, "HUF"),
	    "\u22129\u00a0223\u00a0372\u00a0036\u00a0854\u00a0775\u00a0808\u00a0Ft");
}

static void test_money_screen(void **state)
{
	assert_string_equal(screen(80, 0, "HUF"), "80\u00a0Ft");
	assert_string_equal(screen(5460, 0, "HUF"), "5\u00a0460\u00a0Ft");
	assert_string_equal(screen(-250, 0, "HUF"), "\u2212250\u00a0Ft");
	assert_string_equal(screen(1999, 2, "EUR"), "19,99\u00a0EUR");
}

static void test_money_cut_to_buffer(void **state)
{
	char buf[6];
	np_money_format(123456, 0, "HUF", NULL, buf, sizeof buf);
	assert_string_equal(buf, "12345");
	char none[1] = {'x'};
	np_money_format(1, 0, "HUF", NULL, none, sizeof none);
	assert_int_equal(none[0], '\0');
}

static void test_address_forms(void **state)
{
	np_address a;
	assert_int_equal(np_address_parse("127.0.0.1:7451", NP_DEFAULT_PORT, &a), NP_ADDRESS_OK);
	assert_string_equal(a.host, "127.0.0.1");
	assert_int_equal(a.port, 7451);
	assert_int_equal(np_address_parse("[::1]:8000", NP_DEFAULT_PORT, &a), NP_ADDRESS_OK);
	assert_string_equal(a.host, "::1");
	assert_int_equal(a.port, 8000);
	assert_int_equal(np_address_parse("server.local:1", NP_DEFAULT_PORT, &a), NP_ADDRESS_OK);
	assert_int_equal(a.port, 1);
}

static void test_address_default_port(void **state)
{
	np_address a;
	assert_int_equal(np_address_parse("localhost", NP_DEFAULT_PORT, &a), NP_ADDRESS_OK);
	assert_string_equal(a.host, "localhost");
	assert_int_equal(a.port, NP_DEFAULT_PORT);
	assert_int_equal(np_address_parse("[::1]", 631, &a), NP_ADDRESS_OK);
	assert_string_equal(a.host, "::1");
	assert_int_equal(a.port, 631);
}

static void test_address_refusals(void **state)
{
	np_address a = {.host = "kept", .port = 9};
	const char *bad_form[] = {"", ":7450", "::1:80", "[::1]80", "[::1", "[]:80"};
	const char *bad_port[] = {"host:", "host:0", "host:65536", "host:x", "host:+1", "host:-1"};
	for (size_t i = 0; i < sizeof bad_form / sizeof bad_form[0]; i++)
		assert_int_equal(np_address_parse(bad_form[i], NP_DEFAULT_PORT, &a),
		                 NP_ADDRESS_BAD_FORM);
	for (size_t i = 0; i < sizeof bad_port / sizeof bad_port[0]; i++)
		assert_int_equal(np_address_parse(bad_port[i], NP_DEFAULT_PORT, &a),
		                 NP_ADDRESS_BAD_PORT);
	assert_int_equal(np_address_parse(NULL, NP_DEFAULT_PORT, &a), NP_ADDRESS_BAD_FORM);
	char long_host[NP_ADDRESS_HOST_MAX + 8];
	memset(long_host, 'a', sizeof long_host - 1);
	long_host[sizeof long_host - 1] = '\0';
	assert_int_equal(np_address_parse(long_host, NP_DEFAULT_PORT, &a), NP_ADDRESS_TOO_LONG);
	/* A refusal leaves the address as it was. */
	assert_string_equal(a.host, "kept");
	assert_int_equal(a.port, 9);
}

static void test_address_problem_sentences(void **state)
{
	char buf[256];
	assert_string_equal(
	    np_address_problem(NP_ADDRESS_BAD_PORT, "the server address", "pc:0", buf, sizeof buf),
	    "the port in 'pc:0' must be a number from 1 to 65535");
	assert_string_equal(
	    np_address_problem(NP_ADDRESS_BAD_FORM, "the server address", ":1", buf, sizeof buf),
	    "the server address ':1' is not HOST or HOST:PORT, e.g. 127.0.0.1:7450 (for IPv6: "
	    "[ADDRESS]:PORT)");
}

static void test_file_write_atomic(void **state)
{
	char dir[] = "/tmp/netpont-common-XXXXXX";
	char path[128], tmp[160], buf[32];
	struct stat st;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/lease", dir);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);

	assert_int_equal(np_file_write_atomic(path, "old", 3, 0600), 0);
	assert_int_equal(np_file_write_atomic(path, "new text", 8, 0600), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "new text");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(access(tmp, F_OK), -1);

	/* A folder that is not there: the error, and nothing written. */
	char missing[160];
	snprintf(missing, sizeof missing, "%s/no/such/file", dir);
	assert_int_equal(np_file_write_atomic(missing, "x", 1, 0600), -ENOENT);

	unlink(path);
	rmdir(dir);
}

/* Request keys: 32 lowercase hex digits, a new one each time. */
static void test_request_keys_are_new_hex(void **state)
{
	(void)state;
	char a[NP_REQUEST_KEY_SIZE], b[NP_REQUEST_KEY_SIZE];
	assert_int_equal(np_request_key_new(a), 0);
	assert_int_equal(np_request_key_new(b), 0);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "0123456789abcdef"), 32);
	assert_string_not_equal(a, b);
}

/* ------------------------------------------------------------ join codes */

static const char join_fp[] = "402f38804dac8d4d763c753683ea9cb0bc71d70849b47e8372c015aa3de2dfbc";

static void test_join_code_round_trip(void **state)
{
	(void)state;
	unsigned char raw[NP_JOIN_SECRET_BYTES] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 0xff};
	char secret[NP_JOIN_SECRET_SIZE], code[NP_JOIN_CODE_MAX];
	np_join_secret_text(raw, secret);
	assert_int_equal(strlen(secret), 16);
	assert_int_equal(
	    np_join_code_format("192.168.1.10:7450", join_fp, secret, code, sizeof code), 0);
	/* "NP1-", the address, a dash, 7 groups of 6 digits. */
	assert_int_equal(strlen(code), 4 + 17 + 1 + 7 * 6 + 6);
	assert_memory_equal(code, "NP1-192.168.1.10:7450-", 22);
	np_join_code c;
	assert_true(np_join_code_parse(code, &c));
	assert_string_equal(c.address, "192.168.1.10:7450");
	assert_string_equal(c.secret, secret);
	assert_memory_equal(c.fp_prefix, join_fp, 32);
	assert_true(np_join_code_fingerprint_matches(&c, join_fp));
	char other[] = "502f38804dac8d4d763c753683ea9cb0bc71d70849b47e8372c015aa3de2dfbc";
	assert_false(np_join_code_fingerprint_matches(&c, other));
	/* Only the prefix is in the code: the rest of the fingerprint may be anything. */
	other[0] = '4';
	other[63] = '0';
	assert_true(np_join_code_fingerprint_matches(&c, other));
}

static void test_join_code_typed_forms(void **state)
{
	(void)state;
	unsigned char raw[NP_JOIN_SECRET_BYTES] = {0};
	char secret[NP_JOIN_SECRET_SIZE], code[NP_JOIN_CODE_MAX], typed[NP_JOIN_CODE_MAX];
	np_join_secret_text(raw, secret);
	assert_int_equal(np_join_code_format(NULL, join_fp, secret, code, sizeof code), 0);
	np_join_code want, got;
	assert_true(np_join_code_parse(code, &want));
	assert_string_equal(want.address, "");
	/* Lower case, no dashes, spaces, O for 0: the same code. */
	size_t o = 0;
	for (const char *p = code; *p != '\0'; p++) {
		if (p > code + 4 && *p == '-')
			continue;
		typed[o++] = *p == '0' ? 'o' : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	}
	typed[o] = '\0';
	assert_true(np_join_code_parse(typed, &got));
	assert_string_equal(got.secret, want.secret);
	assert_string_equal(got.fp_prefix, want.fp_prefix);
	/* A host name with dashes and an IPv6 address keep their form. */
	assert_int_equal(np_join_code_with_address(code, "office-pc:7450", typed, sizeof typed), 0);
	assert_true(np_join_code_parse(typed, &got));
	assert_string_equal(got.address, "office-pc:7450");
	assert_string_equal(got.secret, want.secret);
	assert_int_equal(np_join_code_with_address(typed, "[fe80::1]:7451", code, sizeof code), 0);
	assert_true(np_join_code_parse(code, &got));
	assert_string_equal(got.address, "[fe80::1]:7451");
	assert_string_equal(got.secret, want.secret);
}

static void test_join_code_refusals(void **state)
{
	(void)state;
	np_join_code c = {.address = "kept"};
	const char *bad[] = {
	    "",
	    "NP2-000000-000000-000000-000000-000000-000000-000000",
	    "NP1-000000-000000-000000-000000-000000-000000-00000",   /* 41 digits */
	    "NP1-000000-000000-000000-000000-000000-000000-0000000", /* 43 digits */
	    "NP1-000000-000000-000000-000000-000000-000000-00000U",  /* U is no digit */
	    "NP1-pc:7450",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(np_join_code_parse(bad[i], &c));
	assert_string_equal(c.address, "kept");
	char out[16];
	assert_int_equal(
	    np_join_code_format(NULL, "not a fingerprint", "0000000000000000", out, sizeof out),
	    -1);
	assert_int_equal(np_join_code_format(NULL, join_fp, "0000000000000000", out, sizeof out),
	                 -1);
}

/* A table of text cells and numbers as the format writes it; the text is
 * returned (free()). */
static char *csv_sample(np_csv_format format)
{
	np_csv csv;
	np_csv_init(&csv, format);
	np_csv_text(&csv, "key");
	np_csv_text(&csv, "charged");
	np_csv_end_row(&csv);
	np_csv_text(&csv, "Copy, A4");
	np_csv_int(&csv, -30);
	np_csv_end_row(&csv);
	np_csv_text(&csv, "say \"hi\"; bye");
	np_csv_text(&csv, NULL);
	np_csv_end_row(&csv);
	size_t len = 0;
	char *text = np_csv_finish(&csv, &len);
	assert_non_null(text);
	assert_int_equal(len, strlen(text));
	return text;
}

static void test_csv_plain_is_the_scripts_format(void **state)
{
	(void)state;
	char *text = csv_sample(NP_CSV_PLAIN);
	assert_string_equal(text, "key,charged\n\"Copy, A4\",-30\n\"say \"\"hi\"\"; bye\",\n");
	free(text);
}

static void test_csv_rfc4180_ends_rows_with_crlf(void **state)
{
	(void)state;
	char *text = csv_sample(NP_CSV_RFC4180);
	assert_string_equal(text,
	                    "key,charged\r\n\"Copy, A4\",-30\r\n\"say \"\"hi\"\"; bye\",\r\n");
	free(text);
}

static void test_csv_spreadsheet_has_bom_and_semicolons(void **state)
{
	(void)state;
	char *text = csv_sample(NP_CSV_SPREADSHEET);
	/* The comma needs no quotes here, the semicolon does. */
	assert_string_equal(text, "\xEF\xBB\xBFkey;charged\r\nCopy, A4;-30\r\n"
	                          "\"say \"\"hi\"\"; bye\";\r\n");
	free(text);
}

static void test_csv_formula_cells_escaped_in_every_format(void **state)
{
	(void)state;
	const np_csv_format formats[] = {NP_CSV_PLAIN, NP_CSV_RFC4180, NP_CSV_SPREADSHEET};
	for (size_t i = 0; i < 3; i++) {
		np_csv csv;
		np_csv_init(&csv, formats[i]);
		np_csv_text(&csv, "=1+1");
		np_csv_text(&csv, "+36");
		np_csv_text(&csv, "-x");
		np_csv_text(&csv, "@SUM(A1)");
		np_csv_text(&csv, "\tx");
		np_csv_text(&csv, "a=b");
		np_csv_int(&csv, -5);
		np_csv_end_row(&csv);
		char *text = np_csv_finish(&csv, NULL);
		assert_non_null(text);
		const char *row = formats[i] == NP_CSV_SPREADSHEET ? text + 3 : text;
		char sep = formats[i] == NP_CSV_SPREADSHEET ? ';' : ',';
		char expected[64];
		snprintf(expected, sizeof expected, "'=1+1%c'+36%c'-x%c'@SUM(A1)%c'\tx%ca=b%c-5",
		         sep, sep, sep, sep, sep, sep);
		assert_memory_equal(row, expected, strlen(expected));
		free(text);
	}
	/* A CR first is escaped and, being a line break, quoted. */
	np_csv csv;
	np_csv_init(&csv, NP_CSV_PLAIN);
	np_csv_text(&csv, "\rx");
	char *text = np_csv_finish(&csv, NULL);
	assert_string_equal(text, "\"'\rx\"");
	free(text);
}

/* A totals report: the fixed English words and keys for scripts, the
 * headers that say what the rows are and display names for people (English
 * here: no translation is loaded). */
static void test_csv_totals_for_scripts_and_for_people(void **state)
{
	(void)state;
	np_csv csv;
	np_csv_init(&csv, NP_CSV_PLAIN);
	np_csv_totals_header(&csv, NP_CSV_BY_SERVICE);
	np_csv_totals_row(&csv, "copy", "Copy (A4 page)", 80, 60, 20);
	np_csv_totals_end(&csv, 80, 60, 20);
	char *text = np_csv_finish(&csv, NULL);
	assert_string_equal(text, "key,charged,paid,waived\ncopy,80,60,20\ntotal,80,60,20\n");
	free(text);

	np_csv_init(&csv, NP_CSV_SPREADSHEET);
	np_csv_totals_header(&csv, NP_CSV_BY_CATEGORY);
	np_csv_totals_row(&csv, "reduced", "Reduced", 50, 50, 0);
	np_csv_totals_row(&csv, "pensioner", "", 10, 0, 0);
	np_csv_totals_end(&csv, 60, 50, 0);
	text = np_csv_finish(&csv, NULL);
	assert_string_equal(text, "\xEF\xBB\xBF"
	                          "Fee category;Charged;Paid;Waived\r\n"
	                          "Reduced;50;50;0\r\npensioner;10;0;0\r\nTotal;60;50;0\r\n");
	free(text);
}

static void test_csv_format_from_locale(void **state)
{
	(void)state;
	assert_int_equal(np_csv_format_for_locale(NULL, NULL, "hu_HU.UTF-8"), NP_CSV_SPREADSHEET);
	assert_int_equal(np_csv_format_for_locale(NULL, "hu_HU", "C"), NP_CSV_SPREADSHEET);
	assert_int_equal(np_csv_format_for_locale("hu", NULL, NULL), NP_CSV_SPREADSHEET);
	assert_int_equal(np_csv_format_for_locale("", "", "hu_HU@euro"), NP_CSV_SPREADSHEET);
	/* LC_ALL wins over LANG, in both directions. */
	assert_int_equal(np_csv_format_for_locale("C", NULL, "hu_HU.UTF-8"), NP_CSV_PLAIN);
	assert_int_equal(np_csv_format_for_locale("en_GB.UTF-8", "hu_HU", NULL), NP_CSV_PLAIN);
	assert_int_equal(np_csv_format_for_locale(NULL, NULL, NULL), NP_CSV_PLAIN);
	assert_int_equal(np_csv_format_for_locale(NULL, NULL, "hsb_DE"), NP_CSV_PLAIN);
	assert_int_equal(np_csv_format_for_locale(NULL, NULL, "POSIX"), NP_CSV_PLAIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_money_plain_forint),
	    cmocka_unit_test(test_money_plain_decimals),
	    cmocka_unit_test(test_money_extremes),
	    cmocka_unit_test(test_money_screen),
	    cmocka_unit_test(test_money_cut_to_buffer),
	    cmocka_unit_test(test_address_forms),
	    cmocka_unit_test(test_address_default_port),
	    cmocka_unit_test(test_address_refusals),
	    cmocka_unit_test(test_address_problem_sentences),
	    cmocka_unit_test(test_file_write_atomic),
	    cmocka_unit_test(test_request_keys_are_new_hex),
	    cmocka_unit_test(test_join_code_round_trip),
	    cmocka_unit_test(test_join_code_typed_forms),
	    cmocka_unit_test(test_join_code_refusals),
	    cmocka_unit_test(test_csv_plain_is_the_scripts_format),
	    cmocka_unit_test(test_csv_rfc4180_ends_rows_with_crlf),
	    cmocka_unit_test(test_csv_spreadsheet_has_bom_and_semicolons),
	    cmocka_unit_test(test_csv_formula_cells_escaped_in_every_format),
	    cmocka_unit_test(test_csv_totals_for_scripts_and_for_people),
	    cmocka_unit_test(test_csv_format_from_locale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
