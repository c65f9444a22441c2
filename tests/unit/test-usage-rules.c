/* The usage report's pure rules (core/usage_rules.h): the age bands at
 * their edges, the suppression of 1 to 4 people, the periods a range splits
 * into by month and by quarter, and the median. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/usage_rules.h"

static void test_age_band_edges(void **state)
{
	(void)state;
	assert_int_equal(usage_age_band(2026, 2026), USAGE_BAND_0_17);  /* born this year: 0 */
	assert_int_equal(usage_age_band(2009, 2026), USAGE_BAND_0_17);  /* 17 */
	assert_int_equal(usage_age_band(2008, 2026), USAGE_BAND_18_29); /* 18 */
	assert_int_equal(usage_age_band(1997, 2026), USAGE_BAND_18_29); /* 29 */
	assert_int_equal(usage_age_band(1996, 2026), USAGE_BAND_30_44); /* 30 */
	assert_int_equal(usage_age_band(1982, 2026), USAGE_BAND_30_44); /* 44 */
	assert_int_equal(usage_age_band(1981, 2026), USAGE_BAND_45_59); /* 45 */
	assert_int_equal(usage_age_band(1967, 2026), USAGE_BAND_45_59); /* 59 */
	assert_int_equal(usage_age_band(1966, 2026), USAGE_BAND_60_74); /* 60 */
	assert_int_equal(usage_age_band(1952, 2026), USAGE_BAND_60_74); /* 74 */
	assert_int_equal(usage_age_band(1951, 2026), USAGE_BAND_75_UP); /* 75 */
	assert_int_equal(usage_age_band(1900, 2026), USAGE_BAND_75_UP);
}

static void test_age_band_is_at_the_period_end(void **state)
{
	(void)state;
	/* Born 1951: 74 in a report of 2025, 75 in one of 2026. */
	assert_int_equal(usage_age_band(1951, 2025), USAGE_BAND_60_74);
	assert_int_equal(usage_age_band(1951, 2026), USAGE_BAND_75_UP);
}

static void test_age_band_unknown(void **state)
{
	(void)state;
	assert_int_equal(usage_age_band(0, 2026), USAGE_BAND_UNKNOWN);
	assert_int_equal(usage_age_band(2027, 2026),
	                 USAGE_BAND_UNKNOWN); /* born after the period */
	assert_string_equal(usage_band_key(USAGE_BAND_UNKNOWN), "unknown");
	assert_string_equal(usage_band_key(USAGE_BAND_75_UP), "75+");
	assert_string_equal(usage_band_key(USAGE_BAND_0_17), "0-17");
}

static void test_people_from_1_to_4_are_suppressed(void **state)
{
	(void)state;
	int32_t count;
	bool suppressed;
	usage_people(0, &count, &suppressed);
	assert_int_equal(count, 0);
	assert_false(suppressed); /* nobody is no one to recognise */
	for (int64_t n = 1; n < USAGE_MIN_PEOPLE; n++) {
		usage_people(n, &count, &suppressed);
		assert_true(suppressed);
		assert_int_equal(count, 0); /* the number never leaves */
	}
	usage_people(5, &count, &suppressed);
	assert_int_equal(count, 5);
	assert_false(suppressed);
	usage_people(1234, &count, &suppressed);
	assert_int_equal(count, 1234);
	assert_false(suppressed);
}

static void test_periods_whole(void **state)
{
	(void)state;
	usage_period p[USAGE_MAX_PERIODS];
	size_t n = 0;
	assert_int_equal(usage_periods("2026-01-15", "2026-03-10", USAGE_BY_WHOLE, p, 120, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].from, "2026-01-15");
	assert_string_equal(p[0].to, "2026-03-10");
	assert_int_equal(p[0].year, 2026);
}

static void test_periods_by_month_cut_to_the_range(void **state)
{
	(void)state;
	usage_period p[USAGE_MAX_PERIODS];
	size_t n = 0;
	assert_int_equal(usage_periods("2027-12-15", "2028-03-10", USAGE_BY_MONTH, p, 120, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].from, "2027-12-15");
	assert_string_equal(p[0].to, "2027-12-31");
	assert_int_equal(p[0].year, 2027);
	assert_string_equal(p[1].from, "2028-01-01");
	assert_string_equal(p[1].to, "2028-01-31");
	assert_string_equal(p[2].to, "2028-02-29"); /* a leap year */
	assert_string_equal(p[3].from, "2028-03-01");
	assert_string_equal(p[3].to, "2028-03-10");
	assert_int_equal(p[3].year, 2028);
}

static void test_periods_by_quarter(void **state)
{
	(void)state;
	usage_period p[USAGE_MAX_PERIODS];
	size_t n = 0;
	assert_int_equal(usage_periods("2026-02-10", "2026-12-31", USAGE_BY_QUARTER, p, 120, &n),
	                 0);
	assert_int_equal(n, 4);
	assert_string_equal(p[0].from, "2026-02-10"); /* the first quarter, cut */
	assert_string_equal(p[0].to, "2026-03-31");
	assert_string_equal(p[1].from, "2026-04-01");
	assert_string_equal(p[1].to, "2026-06-30");
	assert_string_equal(p[3].from, "2026-10-01");
	assert_string_equal(p[3].to, "2026-12-31");
}

static void test_periods_too_many_refused(void **state)
{
	(void)state;
	usage_period p[USAGE_MAX_PERIODS];
	size_t n = 0;
	assert_int_equal(usage_periods("2000-01-01", "2010-01-31", USAGE_BY_MONTH, p, 120, &n), -1);
	assert_int_equal(usage_periods("2000-01-01", "2010-01-31", USAGE_BY_QUARTER, p, 120, &n),
	                 0);
	assert_int_equal(n, 41);
	assert_int_equal(usage_periods("2026-13-01", "2026-12-31", USAGE_BY_MONTH, p, 120, &n), -1);
}

static void test_median(void **state)
{
	(void)state;
	const int64_t odd[] = {5, 30, 600};
	const int64_t even[] = {10, 20, 40, 1000};
	assert_int_equal(usage_median(odd, 0), 0);
	assert_int_equal(usage_median(odd, 3), 30);
	assert_int_equal(usage_median(even, 4), 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_age_band_edges),
	    cmocka_unit_test(test_age_band_is_at_the_period_end),
	    cmocka_unit_test(test_age_band_unknown),
	    cmocka_unit_test(test_people_from_1_to_4_are_suppressed),
	    cmocka_unit_test(test_periods_whole),
	    cmocka_unit_test(test_periods_by_month_cut_to_the_range),
	    cmocka_unit_test(test_periods_by_quarter),
	    cmocka_unit_test(test_periods_too_many_refused),
	    cmocka_unit_test(test_median),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
