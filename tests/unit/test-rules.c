/* The room's rules with an injected clock in Europe/Budapest: settings
 * parsing, opening hours (closed days, closing caps, a daylight-saving day),
 * session end times and the daily allowance, extend, time used today, the
 * lease warnings and the PIN lock-out sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "rules.h"
#include "throttle.h"

/* Unix time of a local wall-clock time in the test's time zone. */
static time_t local(int year, int month, int day, int hour, int minute)
{
	struct tm tm = {0};
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Monday 23 November 2026 .. Sunday 29 November 2026. */
#define MON(h, m) local(2026, 11, 23, h, m)
#define TUE(h, m) local(2026, 11, 24, h, m)
#define SAT(h, m) local(2026, 11, 28, h, m)
#define SUN(h, m) local(2026, 11, 29, h, m)

static int setup_tz(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	return 0;
}

static rules_settings defaults(void)
{
	rules_settings s;
	rules_settings_default(&s);
	return s;
}

static void test_settings_parse(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	assert_int_equal(rules_settings_apply(&s, "open_time", "08:30", &err), 0);
	assert_int_equal(s.week[1].open, 8 * 60 + 30);
	assert_int_equal(rules_settings_apply(&s, "open_time", "7:05", &err), 0);
	assert_int_equal(s.week[6].open, 7 * 60 + 5);
	assert_int_equal(s.week[7].open, 0); /* Sunday stays closed */
	assert_int_equal(rules_settings_apply(&s, "close_time", "24:00", &err), 0);
	assert_int_equal(s.week[3].close, 1440);
	assert_int_equal(rules_settings_apply(&s, "open_days", "1357", &err), 0);
	char days[8];
	rules_format_open_days(&s, days, sizeof days);
	assert_string_equal(days, "1357");
	/* Sunday, opened by open_days, gets the hours of the other days. */
	assert_int_equal(s.week[7].open, 7 * 60 + 5);
	assert_int_equal(s.week[7].close, 1440);
	assert_int_equal(rules_settings_apply(&s, "daily_allowance_min", "0", &err), 0);
	assert_int_equal(s.daily_allowance_s, 0);
	assert_int_equal(rules_settings_apply(&s, "daily_allowance_min", "90", &err), 0);
	assert_int_equal(s.daily_allowance_s, 5400);
	assert_int_equal(rules_settings_apply(&s, "guest_default_min", "45", &err), 0);
	assert_int_equal(s.guest_default_s, 2700);
	assert_int_equal(rules_settings_apply(&s, "pin_max_tries", "5", &err), 0);
	assert_int_equal(s.pin_max_tries, 5);
	assert_int_equal(rules_settings_check(&s, &err), 0);
	/* Keys the rules do not use are still validated, with s NULL too. */
	assert_int_equal(rules_settings_apply(NULL, "site_name", "Közösségi Ház", &err), 0);
	assert_int_equal(rules_settings_apply(NULL, "currency", "HUF", &err), 0);
	assert_int_equal(rules_settings_apply(NULL, "currency_decimals", "0", &err), 0);
	assert_int_equal(rules_settings_apply(NULL, "default_category", "reduced", &err), 0);
	assert_int_equal(rules_settings_apply(NULL, "close_time", "18:00", &err), 0);
}

static void expect_bad(const char *key, const char *value, const char *message)
{
	rules_settings s = defaults();
	rules_settings before = s;
	np_err err = {0};
	assert_int_equal(rules_settings_apply(&s, key, value, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_string_equal(err.message, message);
	/* A refused value leaves the settings as they were. */
	assert_memory_equal(s.week, before.week, sizeof s.week);
	assert_int_equal(s.daily_allowance_s, before.daily_allowance_s);
	assert_int_equal(s.guest_default_s, before.guest_default_s);
	assert_int_equal(s.pin_max_tries, before.pin_max_tries);
}

static void test_settings_refused(void **state)
{
	(void)state;
	expect_bad("close_time", "6pm", "close_time must look like 18:00.");
	expect_bad("close_time", "18:60", "close_time must look like 18:00.");
	expect_bad("close_time", "24:01", "close_time must look like 18:00.");
	expect_bad("close_time", "", "close_time must look like 18:00.");
	expect_bad("close_time", "00:00", "close_time cannot be 00:00; use 24:00 for midnight.");
	expect_bad("open_time", "24:00", "open_time must look like 09:00.");
	expect_bad("open_time", "9.00", "open_time must look like 09:00.");
	expect_bad("open_time", ":900", "open_time must look like 09:00.");
	const char *days = "open_days must list the open days as digits, 1 = Monday to 7 = "
	                   "Sunday, e.g. 123456.";
	expect_bad("open_days", "", days);
	expect_bad("open_days", "1238", days);
	expect_bad("open_days", "112", days);
	expect_bad("open_days", "0", days);
	expect_bad("daily_allowance_min", "-5",
	           "daily_allowance_min must be a whole number of minutes from 0 to 1440 (0 = no "
	           "limit).");
	expect_bad("daily_allowance_min", "1441",
	           "daily_allowance_min must be a whole number of minutes from 0 to 1440 (0 = no "
	           "limit).");
	expect_bad("daily_allowance_min", "60.5",
	           "daily_allowance_min must be a whole number of minutes from 0 to 1440 (0 = no "
	           "limit).");
	expect_bad("guest_default_min", "0",
	           "guest_default_min must be a whole number of minutes from 1 to 1440.");
	expect_bad("pin_max_tries", "0", "pin_max_tries must be a whole number from 1 to 20.");
	expect_bad("pin_max_tries", "99999999",
	           "pin_max_tries must be a whole number from 1 to 20.");
	expect_bad("currency", "huf", "currency must be a three-letter code like HUF.");
	expect_bad("currency_decimals", "4",
	           "currency_decimals must be a whole number from 0 to 3.");
	expect_bad("site_name", "", "site_name must be 1 to 80 characters long.");
	expect_bad("default_category", "Nice Folk",
	           "default_category must be a category name like standard.");

	np_err err = {0};
	assert_int_equal(rules_settings_apply(NULL, "colour", "blue", &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND);
	assert_non_null(strstr(err.message, "There is no setting called 'colour'. Settings: "));

	rules_settings s = defaults();
	rules_settings_apply(&s, "open_time", "19:00", NULL);
	assert_int_equal(rules_settings_check(&s, &err), -1);
	assert_string_equal(err.message,
	                    "The room must open before it closes (opens 19:00, closes 18:00).");
	s = defaults();
	memset(s.week, 0, sizeof s.week);
	assert_int_equal(rules_settings_check(&s, &err), -1);
	assert_string_equal(err.message, "The room must be open on at least one day.");
}

static void test_opening_hours(void **state)
{
	(void)state;
	rules_settings s = defaults();
	assert_false(rules_is_open(&s, MON(8, 59)));
	assert_true(rules_is_open(&s, MON(9, 0)));
	assert_true(rules_is_open(&s, MON(17, 59)));
	assert_true(rules_is_open(&s, MON(18, 0) - 1));
	assert_false(rules_is_open(&s, MON(18, 0)));
	assert_true(rules_is_open(&s, SAT(12, 0)));
	assert_false(rules_is_open(&s, SUN(12, 0))); /* 123456: Sunday is closed */
	assert_true(rules_closing_time(&s, TUE(10, 0)) == TUE(18, 0));
	/* A closed day has no hours: its "closing" is its midnight. */
	assert_true(rules_closing_time(&s, SUN(10, 0)) == SUN(0, 0));
	/* What the agent is told: today's closing time, none on a closed day. */
	char text[8] = "x";
	rules_close_time_today(&s, TUE(10, 0), text, sizeof text);
	assert_string_equal(text, "18:00");
	rules_close_time_today(&s, TUE(20, 0), text, sizeof text);
	assert_string_equal(text, "18:00");
	rules_close_time_today(&s, SUN(10, 0), text, sizeof text);
	assert_string_equal(text, "");

	rules_settings_apply(&s, "close_time", "24:00", NULL);
	/* Closing at midnight is nothing to announce. */
	rules_close_time_today(&s, TUE(10, 0), text, sizeof text);
	assert_string_equal(text, "");
	assert_true(rules_is_open(&s, MON(23, 59)));
	assert_true(rules_closing_time(&s, MON(20, 0)) == TUE(0, 0));

	/* Open all day every day: the demo's settings. */
	rules_settings_apply(&s, "open_time", "00:00", NULL);
	rules_settings_apply(&s, "open_days", "1234567", NULL);
	assert_true(rules_is_open(&s, SUN(0, 0)));
	assert_true(rules_is_open(&s, SUN(23, 59)));
}

static void test_daylight_saving_day(void **state)
{
	(void)state;
	/* 29 March 2026: clocks go from 02:00 to 03:00; the day has 23 hours. */
	rules_settings s = defaults();
	rules_settings_apply(&s, "open_time", "00:00", NULL);
	rules_settings_apply(&s, "close_time", "24:00", NULL);
	rules_settings_apply(&s, "open_days", "1234567", NULL);
	time_t morning = local(2026, 3, 29, 10, 0);
	time_t midnight = local(2026, 3, 29, 0, 0);
	time_t next = local(2026, 3, 30, 0, 0);
	assert_int_equal(next - midnight, 23 * 3600);
	assert_true(rules_closing_time(&s, morning) == next);
	/* A session from 23:00 the day before to 04:00 (CEST): 3 hours today. */
	rules_interval iv = {local(2026, 3, 28, 23, 0), local(2026, 3, 29, 4, 0)};
	assert_int_equal(rules_used_today(morning, &iv, 1), 3 * 3600);
	/* 25 October 2026: 02:00-03:00 happens twice; the day has 25 hours. */
	assert_int_equal(local(2026, 10, 26, 0, 0) - local(2026, 10, 25, 0, 0), 25 * 3600);
	assert_true(rules_closing_time(&s, local(2026, 10, 25, 12, 0)) ==
	            local(2026, 10, 26, 0, 0));
}

static void test_closed_error(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	rules_closed_error(&s, TUE(7, 30), &err);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	assert_string_equal(err.message, "The room is closed now. It opens at 09:00 today.");
	rules_closed_error(&s, TUE(18, 30), &err);
	assert_string_equal(err.message, "The room is closed now. It opens at 09:00 on Wednesday.");
	rules_closed_error(&s, SAT(18, 0), &err);
	assert_string_equal(err.message, "The room is closed now. It opens at 09:00 on Monday.");
	rules_closed_error(&s, SUN(9, 30), &err);
	assert_string_equal(err.message, "The room is closed now. It opens at 09:00 on Monday.");
	assert_true(rules_next_opening(&s, SUN(9, 30)) == local(2026, 11, 30, 9, 0));
	assert_true(rules_next_opening(&s, TUE(9, 0)) == TUE(9, 0));
	/* Only Sundays open: a week ahead at most. */
	rules_settings_apply(&s, "open_days", "7", NULL);
	assert_true(rules_next_opening(&s, SUN(10, 0)) == local(2026, 12, 6, 9, 0));
	memset(s.week, 0, sizeof s.week);
	assert_true(rules_next_opening(&s, SUN(10, 0)) == (time_t)-1);
	rules_closed_error(&s, SUN(10, 0), &err);
	assert_string_equal(err.message, "The room is closed now. No opening days are set.");
}

static void test_session_end_self(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	time_t end = 0;
	/* Nothing used: the daily hour. */
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 0, 0, &end, &err),
	                 0);
	assert_true(end == TUE(11, 0));
	/* 40 minutes used: 20 left. */
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 0, 40 * 60, &end, &err), 0);
	assert_true(end == TUE(10, 20));
	/* A request is capped by the allowance too. */
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 7200, 0, &end, &err),
	                 0);
	assert_true(end == TUE(11, 0));
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 600, 0, &end, &err),
	                 0);
	assert_true(end == TUE(10, 10));
	/* Capped by closing time. */
	assert_int_equal(rules_session_end(&s, TUE(17, 30), RULES_SESSION_SELF, 0, 0, &end, &err),
	                 0);
	assert_true(end == TUE(18, 0));
	/* All used (or more, after a mentor gave extra time). */
	end = 0;
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 0, 3600, &end, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NO_TIME_LEFT);
	assert_string_equal(err.message,
	                    "You have used today's 60 minutes. A mentor can give you more time.");
	assert_true(end == 0);
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 0, 5000, &end, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NO_TIME_LEFT);
	/* No allowance: until closing time. */
	s.daily_allowance_s = 0;
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_SELF, 0, 99999, &end, &err), 0);
	assert_true(end == TUE(18, 0));
}

static void test_session_end_mentor(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	time_t end = 0;
	/* Default: the allowance left. */
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_RESIDENT, 0, 1800, &end, &err),
	    0);
	assert_true(end == TUE(10, 30));
	/* A mentor may give more than the allowance, even when it is used up. */
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_RESIDENT, 5400,
	                                   3600, &end, &err),
	                 0);
	assert_true(end == TUE(11, 30));
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_RESIDENT, 0, 3600, &end, &err),
	    -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NO_TIME_LEFT);
	assert_string_equal(err.message, "This resident has used today's 60 minutes. Give a number "
	                                 "of minutes to start a session anyway.");
	/* Guests: the guest default, or what the mentor asked for; capped at closing. */
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_GUEST, 0, 0, &end, &err), 0);
	assert_true(end == TUE(10, 30));
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_GUEST, 90, 0, &end, &err), 0);
	assert_true(end == TUE(10, 0) + 90);
	assert_int_equal(
	    rules_session_end(&s, TUE(17, 50), RULES_SESSION_MENTOR_GUEST, 0, 0, &end, &err), 0);
	assert_true(end == TUE(18, 0));
	/* An absurd request does not overflow: it is capped at closing. */
	assert_int_equal(rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_RESIDENT, INT64_MAX,
	                                   0, &end, &err),
	                 0);
	assert_true(end == TUE(18, 0));
}

static void test_session_end_refused(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	time_t end = 0;
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_GUEST, -60, 0, &end, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_string_equal(err.message, "The time must be more than 0 minutes.");
	assert_int_equal(rules_session_end(&s, TUE(10, 0), (rules_session_kind)9, 0, 0, &end, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_int_equal(
	    rules_session_end(&s, SUN(10, 0), RULES_SESSION_MENTOR_GUEST, 600, 0, &end, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	assert_string_equal(err.message, "The room is closed now. It opens at 09:00 on Monday.");
	assert_int_equal(rules_session_end(&s, TUE(18, 0), RULES_SESSION_SELF, 0, 0, &end, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	assert_true(end == 0);
}

static void test_extend(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	time_t end = 0;
	assert_int_equal(rules_session_extend(&s, TUE(10, 0), TUE(10, 20), 600, &end, &err), 0);
	assert_true(end == TUE(10, 30));
	/* Not capped by the allowance, only by closing. */
	assert_int_equal(rules_session_extend(&s, TUE(10, 0), TUE(10, 20), 6 * 3600, &end, &err),
	                 0);
	assert_true(end == TUE(16, 20));
	assert_int_equal(rules_session_extend(&s, TUE(17, 0), TUE(17, 40), 3600, &end, &err), 0);
	assert_true(end == TUE(18, 0));
	/* A lease that already ran out is extended from now. */
	assert_int_equal(rules_session_extend(&s, TUE(10, 0), TUE(9, 50), 600, &end, &err), 0);
	assert_true(end == TUE(10, 10));
	assert_int_equal(rules_session_extend(&s, TUE(10, 0), TUE(10, 20), INT64_MAX, &end, &err),
	                 0);
	assert_true(end == TUE(18, 0));

	end = 0;
	assert_int_equal(rules_session_extend(&s, TUE(17, 0), TUE(18, 0), 600, &end, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	assert_string_equal(err.message, "The room closes at 18:00, so no more time can be added.");
	assert_int_equal(rules_session_extend(&s, TUE(10, 0), TUE(10, 20), 0, &end, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_string_equal(err.message, "The extra time must be more than 0 minutes.");
	assert_int_equal(rules_session_extend(&s, TUE(18, 5), TUE(18, 10), 600, &end, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	assert_true(end == 0);
}

static void test_used_today(void **state)
{
	(void)state;
	time_t now = TUE(15, 0);
	rules_interval sessions[] = {
	    {MON(17, 0), MON(18, 0)},   /* yesterday: not counted */
	    {MON(23, 50), TUE(0, 20)},  /* across midnight: 20 minutes */
	    {TUE(9, 0), TUE(9, 25)},    /* 25 minutes */
	    {TUE(14, 50), TUE(15, 30)}, /* running: its end is in the future, 10 minutes */
	    {TUE(16, 0), TUE(17, 0)},   /* in the future: nothing */
	    {TUE(10, 0), TUE(9, 0)},    /* nonsense: nothing */
	};
	assert_int_equal(rules_used_today(now, sessions, 6), (20 + 25 + 10) * 60);
	assert_int_equal(rules_used_today(now, NULL, 0), 0);
}

static void test_lease_warnings(void **state)
{
	(void)state;
	assert_int_equal(rules_remaining(TUE(10, 0), TUE(9, 55)), 300);
	assert_int_equal(rules_remaining(TUE(10, 0), TUE(10, 5)), 0);

	/* A countdown second by second shows each warning once, in order. */
	rules_warning shown = RULES_WARNING_NONE;
	int five_at = -1, one_at = -1, count = 0;
	for (int remaining = 600; remaining >= 0; remaining--) {
		rules_warning w = rules_warning_due(remaining, shown);
		if (w == RULES_WARNING_NONE)
			continue;
		count++;
		if (w == RULES_WARNING_5MIN)
			five_at = remaining;
		if (w == RULES_WARNING_1MIN)
			one_at = remaining;
		shown = w;
	}
	assert_int_equal(count, 2);
	assert_int_equal(five_at, 300);
	assert_int_equal(one_at, 60);
	assert_int_equal(rules_warning_due(0, RULES_WARNING_NONE), RULES_WARNING_NONE);

	/* A session that starts with 3 minutes left: the 5-minute warning at once. */
	assert_int_equal(rules_warning_due(180, RULES_WARNING_NONE), RULES_WARNING_5MIN);
	/* Polled only at 30 s left, nothing shown yet: the 1-minute one, not both. */
	assert_int_equal(rules_warning_due(30, RULES_WARNING_NONE), RULES_WARNING_1MIN);

	/* Extended after both warnings: they are armed again. */
	assert_int_equal(rules_warning_rearm(1200, RULES_WARNING_1MIN), RULES_WARNING_NONE);
	assert_int_equal(rules_warning_rearm(200, RULES_WARNING_1MIN), RULES_WARNING_5MIN);
	assert_int_equal(rules_warning_rearm(50, RULES_WARNING_1MIN), RULES_WARNING_1MIN);
	assert_int_equal(rules_warning_rearm(200, RULES_WARNING_5MIN), RULES_WARNING_5MIN);

	assert_string_equal(rules_warning_name(RULES_WARNING_5MIN), "5min");
	assert_string_equal(rules_warning_name(RULES_WARNING_1MIN), "1min");
	assert_string_equal(rules_warning_name(RULES_WARNING_NONE), "");
}

static void test_date_range(void **state)
{
	(void)state;
	time_t start = 0, end = 0;
	np_err err = {0};
	assert_int_equal(rules_date_range("2026-11-23", "2026-11-29", &start, &end, &err), 0);
	assert_true(start == MON(0, 0));
	assert_true(end == local(2026, 11, 30, 0, 0));
	assert_int_equal(rules_date_range("2026-11-24", "2026-11-24", &start, &end, &err), 0);
	assert_true(start == TUE(0, 0));
	assert_true(end - start == 86400);
	/* The daylight-saving day has 23 hours. */
	assert_int_equal(rules_date_range("2026-03-29", "2026-03-29", &start, &end, &err), 0);
	assert_true(end - start == 23 * 3600);
	/* A leap day exists in 2028 only. */
	assert_int_equal(rules_date_range("2028-02-29", "2028-03-01", &start, &end, &err), 0);
	const char *bad[] = {"2026-02-30", "2026-13-01", "2026-11-00",  "26-11-24",  "2026/11/24",
	                     "2026-11-2x", "",           "2026-11-245", "1969-12-31"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		start = end = 42;
		assert_int_equal(rules_date_range(bad[i], "2026-11-24", &start, &end, &err), -1);
		assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
		assert_string_equal(err.message, "The date must look like 2026-11-24.");
		assert_int_equal(rules_date_range("2026-11-24", bad[i], &start, &end, &err), -1);
		assert_true(start == 42 && end == 42);
	}
	assert_int_equal(rules_date_range(NULL, "2026-11-24", &start, &end, &err), -1);
	assert_int_equal(rules_date_range("2026-11-30", "2026-11-01", &start, &end, &err), -1);
	assert_string_equal(err.message,
	                    "The start date 2026-11-30 is after the end date 2026-11-01.");

	char buf[16];
	rules_format_date(TUE(0, 0), buf, sizeof buf);
	assert_string_equal(buf, "2026-11-24");
	rules_format_date(TUE(23, 59), buf, sizeof buf);
	assert_string_equal(buf, "2026-11-24");
}

static void test_pin(void **state)
{
	(void)state;
	np_err err = {0};
	assert_int_equal(rules_pin_wrong(1, 3, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN);
	assert_int_equal(err.tries_left, 2);
	assert_string_equal(err.message, "Wrong PIN — 2 tries left. A mentor can reset it.");

	assert_int_equal(rules_pin_wrong(2, 3, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN);
	assert_int_equal(err.tries_left, 1);
	assert_string_equal(err.message, "Wrong PIN — 1 try left. A mentor can reset it.");

	assert_int_equal(rules_pin_tries_left(0, 3), 3);
	assert_int_equal(rules_pin_tries_left(3, 3), 0);
	assert_int_equal(rules_pin_tries_left(5, 3), 0);
	/* err may be NULL. */
	assert_int_equal(rules_pin_wrong(1, 3, NULL), -1);
}

/* The doubling lock-outs of sign-in throttling. */
static void test_throttle_lockouts_double_up_to_the_cap(void **state)
{
	(void)state;
	const throttle_policy p = {.max_failures = 5, .first_lock_s = 60, .max_lock_s = 3600};
	assert_int_equal(throttle_lock_length(&p, 0), 60);
	assert_int_equal(throttle_lock_length(&p, 1), 120);
	assert_int_equal(throttle_lock_length(&p, 5), 1920);
	assert_int_equal(throttle_lock_length(&p, 6), 3600);
	assert_int_equal(throttle_lock_length(&p, 1000), 3600);

	throttle_state st = {0};
	time_t now = local(2026, 3, 10, 12, 0);
	for (int i = 0; i < 4; i++)
		assert_false(throttle_fail(&p, &st, now));
	assert_false(throttle_locked(&st, now));
	assert_true(throttle_fail(&p, &st, now));
	assert_true(throttle_locked(&st, now + 59));
	assert_false(throttle_locked(&st, now + 60));
	assert_int_equal(st.lockouts, 1);
	assert_int_equal(st.failures, 0);
	throttle_lock(&p, &st, now + 60);
	assert_int_equal(st.locked_until, now + 60 + 120);
}

static void test_throttle_window_forgets_old_failures(void **state)
{
	(void)state;
	const throttle_policy p = {
	    .max_failures = 3, .window_s = 300, .first_lock_s = 300, .max_lock_s = 300};
	throttle_state st = {0};
	time_t now = local(2026, 3, 10, 12, 0);
	assert_false(throttle_fail(&p, &st, now));
	assert_false(throttle_fail(&p, &st, now + 100));
	/* The window has passed: this one is the first again. */
	assert_false(throttle_fail(&p, &st, now + 300));
	assert_int_equal(st.failures, 1);
	assert_false(throttle_fail(&p, &st, now + 310));
	assert_true(throttle_fail(&p, &st, now + 320));
	assert_int_equal(st.locked_until, now + 620);
}

static void test_throttle_until_reads_as_local_time(void **state)
{
	(void)state;
	char buf[24];
	time_t now = local(2026, 3, 10, 14, 0);
	throttle_format_until(now + 5 * 60, now, buf, sizeof buf);
	assert_string_equal(buf, "14:05");
	/* Rounded up: 14:04:30 reads as 14:05, never too early. */
	throttle_format_until(now + 4 * 60 + 30, now, buf, sizeof buf);
	assert_string_equal(buf, "14:05");
	throttle_format_until(now + 12 * 3600, now, buf, sizeof buf);
	assert_string_equal(buf, "2026-03-11 02:00");
}

/* Each weekday has its own hours; hours_N reads back as it was written. */
static void test_week_has_its_own_hours(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	assert_int_equal(rules_settings_apply(&s, "hours_2", "12:00-20:00", &err), 0);
	assert_int_equal(rules_settings_apply(&s, "hours_6", "closed", &err), 0);
	assert_int_equal(rules_settings_apply(&s, "hours_7", "10:00-14:00", &err), 0);
	assert_int_equal(rules_settings_check(&s, &err), 0);
	assert_true(rules_is_open(&s, MON(9, 0)));
	assert_false(rules_is_open(&s, TUE(9, 0)));
	assert_true(rules_is_open(&s, TUE(19, 59)));
	assert_false(rules_is_open(&s, SAT(12, 0)));
	assert_true(rules_is_open(&s, SUN(13, 0)));
	assert_true(rules_next_opening(&s, MON(19, 0)) == TUE(12, 0));
	char buf[32];
	rules_format_day(&s.week[2], buf, sizeof buf);
	assert_string_equal(buf, "12:00-20:00");
	rules_format_day(&s.week[6], buf, sizeof buf);
	assert_string_equal(buf, "closed");
	rules_format_open_days(&s, buf, sizeof buf);
	assert_string_equal(buf, "123457");
	/* An old agent's one opening time: that of the next open day. */
	assert_int_equal(rules_legacy_open_time(&s, TUE(8, 0)), 12 * 60);
	char open[8], close[8], days[8];
	rules_legacy_hours(&s, SAT(8, 0), open, close, days);
	assert_string_equal(open, "10:00"); /* Saturday is closed: Sunday's */
	assert_string_equal(close, "14:00");
	assert_string_equal(days, "123457");
	rules_hours_today(&s, SUN(8, 0), buf, sizeof buf);
	assert_string_equal(buf, "10:00\u201314:00");
	rules_hours_today(&s, SAT(8, 0), buf, sizeof buf);
	assert_string_equal(buf, "");
}

static void test_day_hours_refused(void **state)
{
	(void)state;
	const char *m = "hours_3 must look like 09:00-18:00, or 09:00-12:00,13:00-18:00 with a "
	                "lunch break, or closed.";
	expect_bad("hours_3", "", m);
	expect_bad("hours_3", "9-17", m);
	expect_bad("hours_3", "18:00-09:00", m);
	expect_bad("hours_3", "09:00-12:00,11:00-18:00", m);
	expect_bad("hours_3", "09:00-12:00,13:00-18:00,19:00-20:00", m);
	expect_bad("hours_3", "09:00-12:00,13:00-25:00", m);
	expect_bad("hours_3", "Closed", m);
	np_err err = {0};
	assert_int_equal(rules_settings_apply(NULL, "hours_8", "closed", &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND);
	/* The old keys still change every open day, but not into nonsense. */
	rules_settings s = defaults();
	rules_settings_apply(&s, "hours_1", "09:00-12:00,13:00-18:00", NULL);
	rules_settings_apply(&s, "open_time", "12:30", NULL);
	assert_int_equal(rules_settings_check(&s, &err), -1);
	assert_string_equal(err.message,
	                    "The lunch break must lie between the opening and the closing "
	                    "(12:30-18:00).");
}

/* A lunch break closes the room: sessions end at its start, the agent is
 * told 12:00, and the room opens again at its end. */
static void test_lunch_break(void **state)
{
	(void)state;
	rules_settings s = defaults();
	np_err err = {0};
	assert_int_equal(rules_settings_apply(&s, "hours_2", "09:00-12:00,13:00-18:00", &err), 0);
	assert_true(rules_is_open(&s, TUE(11, 59)));
	assert_false(rules_is_open(&s, TUE(12, 0)));
	assert_false(rules_is_open(&s, TUE(12, 59)));
	assert_true(rules_is_open(&s, TUE(13, 0)));
	assert_true(rules_closing_time(&s, TUE(10, 0)) == TUE(12, 0));
	assert_true(rules_closing_time(&s, TUE(14, 0)) == TUE(18, 0));
	assert_true(rules_closes_at(&s, TUE(12, 30)) == 0);
	char text[32];
	/* The agent is told the day's closing; closes_at says 12:00. */
	rules_close_time_today(&s, TUE(10, 0), text, sizeof text);
	assert_string_equal(text, "18:00");
	assert_true(rules_closes_at(&s, TUE(10, 0)) == TUE(12, 0));
	rules_hours_today(&s, TUE(8, 0), text, sizeof text);
	assert_string_equal(text, "09:00\u201312:00, 13:00\u201318:00");
	assert_true(rules_next_opening(&s, TUE(12, 10)) == TUE(13, 0));
	rules_closed_error(&s, TUE(12, 10), &err);
	assert_string_equal(err.message, "The room is closed now. It opens at 13:00 today.");
	time_t end = 0;
	assert_int_equal(rules_session_end(&s, TUE(11, 30), RULES_SESSION_SELF, 0, 0, &end, &err),
	                 0);
	assert_true(end == TUE(12, 0));
	assert_int_equal(rules_session_extend(&s, TUE(11, 50), TUE(12, 0), 600, &end, &err), -1);
	assert_string_equal(err.message, "The room closes at 12:00, so no more time can be added.");
}

/* A closed date shuts the room all day, says so, and the next opening
 * skips it; days around it are untouched. */
static void test_closed_dates(void **state)
{
	(void)state;
	rules_settings s = defaults();
	int32_t date = 0;
	assert_true(rules_parse_date_number("2026-11-24", &date));
	assert_int_equal(date, 20261124);
	assert_false(rules_parse_date_number("2026-02-30", &date));
	assert_false(rules_parse_date_number("24.11.2026", &date));
	assert_true(rules_closed_date_add(&s, 20261125));
	assert_true(rules_closed_date_add(&s, 20261124));
	assert_true(rules_closed_date_add(&s, 20261124));
	assert_int_equal(s.n_closed_dates, 2);
	assert_int_equal(s.closed_dates[0], 20261124);
	assert_true(rules_is_open(&s, MON(17, 0)));
	assert_false(rules_is_open(&s, TUE(10, 0)));
	assert_true(rules_is_closed_date(&s, TUE(0, 0)));
	assert_false(rules_is_closed_date(&s, MON(23, 59)));
	assert_true(rules_next_opening(&s, TUE(10, 0)) == local(2026, 11, 26, 9, 0));
	np_err err = {0};
	rules_closed_error(&s, TUE(10, 0), &err);
	assert_string_equal(err.message,
	                    "The room is closed today. It opens at 09:00 on Thursday.");
	time_t end = 0;
	assert_int_equal(
	    rules_session_end(&s, TUE(10, 0), RULES_SESSION_MENTOR_GUEST, 0, 0, &end, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	char text[32] = "x";
	rules_close_time_today(&s, TUE(10, 0), text, sizeof text);
	assert_string_equal(text, "");
	/* Two weeks of holidays: the sentence names the date. */
	for (int d = 1; d <= 14; d++)
		rules_closed_date_add(&s, 20261200 + d);
	rules_closed_error(&s, local(2026, 12, 1, 10, 0), &err);
	assert_string_equal(err.message,
	                    "The room is closed today. It opens at 09:00 on 2026-12-15.");
	char buf[16];
	rules_format_date_number(20261224, buf, sizeof buf);
	assert_string_equal(buf, "2026-12-24");
}

/* A closed date and hours to midnight meet at midnight: open until 24:00
 * on Monday, closed from 00:00 on the holiday. */
static void test_midnight_before_a_closed_date(void **state)
{
	(void)state;
	rules_settings s = defaults();
	rules_settings_apply(&s, "hours_1", "09:00-24:00", NULL);
	rules_closed_date_add(&s, 20261124);
	assert_true(rules_is_open(&s, MON(23, 59)));
	assert_true(rules_closing_time(&s, MON(20, 0)) == TUE(0, 0));
	assert_true(rules_closes_at(&s, MON(23, 58)) == TUE(0, 0));
	assert_false(rules_is_open(&s, TUE(0, 0)));
}

/* On the day clocks go forward the lunch break still starts at 12:00 wall
 * time, 2 hours after 10:00 although 3 would have passed on a long day. */
static void test_lunch_on_a_daylight_saving_day(void **state)
{
	(void)state;
	rules_settings s = defaults();
	rules_settings_apply(&s, "hours_7", "01:00-12:00,13:00-18:00", NULL);
	time_t one = local(2026, 3, 29, 1, 0);
	assert_true(rules_is_open(&s, one));
	assert_true(rules_closing_time(&s, one) == local(2026, 3, 29, 12, 0));
	assert_int_equal(rules_closing_time(&s, one) - one, 10 * 3600);
	assert_true(rules_next_opening(&s, local(2026, 3, 29, 12, 30)) ==
	            local(2026, 3, 29, 13, 0));
}

/* A change of hours caps running sessions at the new closing; a change that
 * closes the room leaves five minutes; nothing is ever made longer. */
static void test_session_cap(void **state)
{
	(void)state;
	rules_settings s = defaults();
	rules_settings_apply(&s, "hours_2", "09:00-12:00,13:00-18:00", NULL);
	assert_true(rules_session_cap(&s, TUE(11, 0), TUE(12, 30)) == TUE(12, 0));
	assert_true(rules_session_cap(&s, TUE(11, 0), TUE(11, 30)) == TUE(11, 30));
	rules_closed_date_add(&s, 20261124);
	assert_true(rules_session_cap(&s, TUE(11, 0), TUE(12, 0)) == TUE(11, 5));
	assert_true(rules_session_cap(&s, TUE(11, 0), TUE(11, 2)) == TUE(11, 2));
}

/* A logout held while the server was away counts from when it happened,
 * bounded by the session's start, its end and now. */
static void test_logout_time(void **state)
{
	(void)state;
	time_t start = TUE(10, 0), ends = TUE(11, 0), now = TUE(12, 0);
	assert_true(rules_logout_time(TUE(10, 20), start, ends, now) == TUE(10, 20));
	assert_true(rules_logout_time(0, start, ends, TUE(10, 30)) == TUE(10, 30));
	assert_true(rules_logout_time(TUE(9, 0), start, ends, now) == start);
	assert_true(rules_logout_time(TUE(11, 30), start, ends, now) == ends);
	assert_true(rules_logout_time(TUE(13, 0), start, TUE(14, 0), now) == now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_settings_parse),
	    cmocka_unit_test(test_settings_refused),
	    cmocka_unit_test(test_opening_hours),
	    cmocka_unit_test(test_daylight_saving_day),
	    cmocka_unit_test(test_closed_error),
	    cmocka_unit_test(test_week_has_its_own_hours),
	    cmocka_unit_test(test_day_hours_refused),
	    cmocka_unit_test(test_lunch_break),
	    cmocka_unit_test(test_closed_dates),
	    cmocka_unit_test(test_midnight_before_a_closed_date),
	    cmocka_unit_test(test_lunch_on_a_daylight_saving_day),
	    cmocka_unit_test(test_session_cap),
	    cmocka_unit_test(test_logout_time),
	    cmocka_unit_test(test_session_end_self),
	    cmocka_unit_test(test_session_end_mentor),
	    cmocka_unit_test(test_session_end_refused),
	    cmocka_unit_test(test_extend),
	    cmocka_unit_test(test_used_today),
	    cmocka_unit_test(test_lease_warnings),
	    cmocka_unit_test(test_date_range),
	    cmocka_unit_test(test_pin),
	    cmocka_unit_test(test_throttle_lockouts_double_up_to_the_cap),
	    cmocka_unit_test(test_throttle_window_forgets_old_failures),
	    cmocka_unit_test(test_throttle_until_reads_as_local_time),
	};
	return cmocka_run_group_tests(tests, setup_tz, NULL);
}
