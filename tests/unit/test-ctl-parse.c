/* netpontctl's input checks and formatting (console/ctl/parse.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"

static void test_amount(void **state)
{
	int64_t v = -1;
	assert_true(ctl_parse_amount("80", &v));
	assert_int_equal(v, 80);
	assert_true(ctl_parse_amount("0", &v));
	assert_int_equal(v, 0);
	assert_true(ctl_parse_amount("5460", &v));
	assert_int_equal(v, 5460);
	v = 7;
	assert_false(ctl_parse_amount("80.5", &v));
	assert_false(ctl_parse_amount("-3", &v));
	assert_false(ctl_parse_amount("+3", &v));
	assert_false(ctl_parse_amount("abc", &v));
	assert_false(ctl_parse_amount("", &v));
	assert_false(ctl_parse_amount(" 80", &v));
	assert_false(ctl_parse_amount("80 ", &v));
	assert_false(ctl_parse_amount("8e1", &v));
	assert_false(ctl_parse_amount("99999999999999999999999", &v));
	assert_false(ctl_parse_amount(NULL, &v));
	/* A refused input leaves the output alone. */
	assert_int_equal(v, 7);
}

static void test_count(void **state)
{
	int64_t v = 0;
	assert_true(ctl_parse_count("3", 100, &v));
	assert_int_equal(v, 3);
	assert_true(ctl_parse_count("100", 100, &v));
	assert_false(ctl_parse_count("101", 100, &v));
	assert_false(ctl_parse_count("0", 100, &v));
	assert_false(ctl_parse_count("1.0", 100, &v));
	assert_false(ctl_parse_count("-1", 100, &v));
}

static void test_minutes(void **state)
{
	int64_t s = 0;
	assert_true(ctl_parse_minutes("30", &s));
	assert_int_equal(s, 1800);
	assert_true(ctl_parse_minutes("0.05", &s));
	assert_int_equal(s, 3);
	assert_true(ctl_parse_minutes("1.5", &s));
	assert_int_equal(s, 90);
	assert_true(ctl_parse_minutes(".5", &s));
	assert_int_equal(s, 30);
	assert_true(ctl_parse_minutes("2.", &s));
	assert_int_equal(s, 120);
	/* 0.025 min = 1.5 s: half up. */
	assert_true(ctl_parse_minutes("0.025", &s));
	assert_int_equal(s, 2);
	/* 0.0249 min = 1.494 s. */
	assert_true(ctl_parse_minutes("0.0249", &s));
	assert_int_equal(s, 1);
	assert_true(ctl_parse_minutes("0.01666666666666666", &s));
	assert_int_equal(s, 1);
	assert_true(ctl_parse_minutes("10080", &s));
	assert_int_equal(s, 10080 * 60);

	s = 99;
	assert_false(ctl_parse_minutes("0", &s));
	assert_false(ctl_parse_minutes("0.0", &s));
	assert_false(ctl_parse_minutes("0.001", &s)); /* 0.06 s rounds to nothing */
	assert_false(ctl_parse_minutes("-5", &s));
	assert_false(ctl_parse_minutes("abc", &s));
	assert_false(ctl_parse_minutes("", &s));
	assert_false(ctl_parse_minutes(".", &s));
	assert_false(ctl_parse_minutes("1.2.3", &s));
	assert_false(ctl_parse_minutes("1e3", &s));
	assert_false(ctl_parse_minutes("1,5", &s));
	assert_false(ctl_parse_minutes("10081", &s));
	assert_false(ctl_parse_minutes("nan", &s));
	assert_false(ctl_parse_minutes("inf", &s));
	assert_false(ctl_parse_minutes(NULL, &s));
	assert_int_equal(s, 99);
}

static void test_percent(void **state)
{
	int32_t p = -1;
	assert_true(ctl_parse_percent("0", &p));
	assert_int_equal(p, 0);
	assert_true(ctl_parse_percent("50", &p));
	assert_int_equal(p, 50);
	assert_true(ctl_parse_percent("100", &p));
	assert_int_equal(p, 100);
	assert_false(ctl_parse_percent("101", &p));
	assert_false(ctl_parse_percent("-1", &p));
	assert_false(ctl_parse_percent("50%", &p));
	assert_false(ctl_parse_percent("12.5", &p));
	assert_false(ctl_parse_percent("", &p));
}

static void test_date(void **state)
{
	assert_true(ctl_parse_date("2026-11-24"));
	assert_true(ctl_parse_date("2024-02-29"));
	assert_true(ctl_parse_date("2000-02-29"));
	assert_true(ctl_parse_date("2026-12-31"));
	assert_false(ctl_parse_date("2026-02-29"));
	assert_false(ctl_parse_date("1900-02-29"));
	assert_false(ctl_parse_date("2026-13-01"));
	assert_false(ctl_parse_date("2026-00-10"));
	assert_false(ctl_parse_date("2026-04-31"));
	assert_false(ctl_parse_date("2026-4-3"));
	assert_false(ctl_parse_date("2026/11/24"));
	assert_false(ctl_parse_date("24-11-2026"));
	assert_false(ctl_parse_date("2026-11-24x"));
	assert_false(ctl_parse_date("today"));
	assert_false(ctl_parse_date(""));
	assert_false(ctl_parse_date(NULL));
}

static void test_duration(void **state)
{
	char buf[32];
	assert_string_equal(ctl_format_duration(0, buf, sizeof buf), "0 min");
	assert_string_equal(ctl_format_duration(-10, buf, sizeof buf), "0 min");
	assert_string_equal(ctl_format_duration(20, buf, sizeof buf), "1 min");
	assert_string_equal(ctl_format_duration(42 * 60, buf, sizeof buf), "42 min");
	assert_string_equal(ctl_format_duration(59 * 60 + 1, buf, sizeof buf), "1 h 00 min");
	assert_string_equal(ctl_format_duration(65 * 60, buf, sizeof buf), "1 h 05 min");
	assert_string_equal(ctl_format_duration(10 * 3600, buf, sizeof buf), "10 h 00 min");
}

/* The language netpontctl asks the server for. */
static void test_language_code(void **state)
{
	(void)state;
	char b[16];
	/* LANGUAGE first, cut at the first separator. */
	assert_string_equal(ctl_language_code("hu", "C.UTF-8", NULL, NULL, b, sizeof b), "hu");
	assert_string_equal(ctl_language_code("hu:en", "hu_HU.UTF-8", NULL, NULL, b, sizeof b),
	                    "hu");
	assert_string_equal(ctl_language_code("", "hu_HU.UTF-8", "en_GB", "de_DE", b, sizeof b),
	                    "hu");
	assert_string_equal(ctl_language_code(NULL, NULL, "hu_HU@euro", "en_US", b, sizeof b),
	                    "hu");
	assert_string_equal(ctl_language_code(NULL, "", "", "hu_HU.UTF-8", b, sizeof b), "hu");
	assert_string_equal(ctl_language_code("", "en_US.UTF-8", NULL, NULL, b, sizeof b), "en");
	/* C and POSIX are English; so is nothing at all. */
	assert_string_equal(ctl_language_code("", "C.UTF-8", NULL, NULL, b, sizeof b), "");
	assert_string_equal(ctl_language_code(NULL, "POSIX", NULL, NULL, b, sizeof b), "");
	assert_string_equal(ctl_language_code(NULL, NULL, NULL, NULL, b, sizeof b), "");
	/* gettext ignores LANGUAGE in the C locale, and so does netpontctl. */
	assert_string_equal(ctl_language_code("hu", "C", NULL, NULL, b, sizeof b), "");
	assert_string_equal(ctl_language_code("hu", NULL, NULL, NULL, b, sizeof b), "");
	/* Too long for the buffer: English rather than a cut-off code. */
	assert_string_equal(ctl_language_code("abcdefgh", "C.UTF-8", NULL, NULL, b, 4), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_amount),        cmocka_unit_test(test_count),
	    cmocka_unit_test(test_minutes),       cmocka_unit_test(test_percent),
	    cmocka_unit_test(test_date),          cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_language_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
