/* The room's hours and a session's cost as the PC counts them on its own
 * (agent/core/room.h): when the room opens next (weekdays, before opening,
 * after closing, over a closed Sunday), what close_time "" means, and the
 * cost so far in started blocks plus prints. Local time is Budapest's;
 * 2024-03-12 is a Tuesday. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "room.h"

static time_t local(int year, int month, int day, int hour, int minute)
{
	struct tm tm = {.tm_year = year - 1900,
	                .tm_mon = month - 1,
	                .tm_mday = day,
	                .tm_hour = hour,
	                .tm_min = minute,
	                .tm_isdst = -1};
	return mktime(&tm);
}

/* 09:00-18:00, Monday to Saturday, as heard on Tuesday 12 March. */
static agent_room_hours weekdays(void)
{
	agent_room_hours h = {0};
	assert_true(
	    agent_room_hours_parse(&h, "09:00", "123456", "18:00", local(2024, 3, 12, 12, 0)));
	return h;
}

static void test_open_during_the_day(void **state)
{
	(void)state;
	agent_room_hours h = weekdays();
	time_t noon = local(2024, 3, 12, 12, 0);
	assert_false(agent_room_closed(&h, noon));
	assert_int_equal(agent_room_closes_at(&h, noon), local(2024, 3, 12, 18, 0));
	assert_false(agent_room_closed(&h, local(2024, 3, 12, 9, 0)));
	assert_false(agent_room_closed(&h, local(2024, 3, 12, 17, 59)));
}

static void test_before_opening_it_opens_today(void **state)
{
	(void)state;
	agent_room_hours h = weekdays();
	time_t early = local(2024, 3, 12, 8, 15);
	assert_true(agent_room_closed(&h, early));
	assert_int_equal(agent_room_closes_at(&h, early), 0);
	assert_int_equal(agent_room_opens_next(&h, early), local(2024, 3, 12, 9, 0));
}

static void test_after_closing_it_opens_tomorrow(void **state)
{
	(void)state;
	agent_room_hours h = weekdays();
	time_t evening = local(2024, 3, 12, 18, 0);
	assert_true(agent_room_closed(&h, evening));
	assert_int_equal(agent_room_opens_next(&h, evening), local(2024, 3, 13, 9, 0));
}

static void test_saturday_evening_it_opens_on_monday(void **state)
{
	(void)state;
	agent_room_hours h = weekdays();
	assert_int_equal(agent_room_opens_next(&h, local(2024, 3, 16, 19, 30)),
	                 local(2024, 3, 18, 9, 0));
	/* Sunday is closed all day. */
	time_t sunday = local(2024, 3, 17, 12, 0);
	assert_true(agent_room_closed(&h, sunday));
	assert_int_equal(agent_room_opens_next(&h, sunday), local(2024, 3, 18, 9, 0));
}

static void test_one_open_day_a_week(void **state)
{
	(void)state;
	agent_room_hours h = {0};
	assert_true(agent_room_hours_parse(&h, "10:30", "3", "14:00", local(2024, 3, 13, 11, 0)));
	/* Wednesday after closing: next Wednesday. */
	assert_int_equal(agent_room_opens_next(&h, local(2024, 3, 13, 15, 0)),
	                 local(2024, 3, 20, 10, 30));
}

/* Without open days (a server too old to send the hours) nothing is
 * known: never "closed", no next opening, and what was known stays. */
static void test_empty_open_days_are_unknown(void **state)
{
	(void)state;
	agent_room_hours h = {0};
	time_t noon = local(2024, 3, 12, 12, 0);
	assert_false(agent_room_hours_parse(&h, "", "", "", noon));
	assert_false(agent_room_hours_parse(&h, "09:00", "", "18:00", noon));
	assert_false(agent_room_closed(&h, local(2024, 3, 17, 3, 0)));
	assert_int_equal(agent_room_opens_next(&h, noon), 0);
	assert_int_equal(agent_room_closes_at(&h, noon), 0);
	h = weekdays();
	assert_false(agent_room_hours_parse(&h, "09:00", "", "", noon));
	assert_int_equal(agent_room_closes_at(&h, noon), local(2024, 3, 12, 18, 0));
	assert_false(agent_room_hours_parse(&h, "9h", "12", "", noon));
	assert_false(agent_room_hours_parse(&h, "09:00", "18", "", noon));
	assert_false(agent_room_hours_parse(&h, "09:00", "12", "25:00", noon));
}

/* close_time "" on an open day is midnight; on a closed day it says
 * nothing, and the closing time heard before holds. */
static void test_empty_close_time(void **state)
{
	(void)state;
	agent_room_hours h = {0};
	time_t tuesday = local(2024, 3, 12, 23, 0);
	assert_true(agent_room_hours_parse(&h, "09:00", "1234567", "", tuesday));
	assert_false(agent_room_closed(&h, tuesday));
	assert_int_equal(agent_room_closes_at(&h, tuesday), local(2024, 3, 13, 0, 0));

	h = weekdays();
	time_t sunday = local(2024, 3, 17, 10, 0);
	assert_true(agent_room_hours_parse(&h, "09:00", "123456", "", sunday));
	assert_true(agent_room_closed(&h, sunday));
	assert_int_equal(agent_room_closes_at(&h, local(2024, 3, 18, 12, 0)),
	                 local(2024, 3, 18, 18, 0));
}

/* Started blocks of 30 minutes at 100, as the server charges them. */
static void test_cost_counts_started_blocks(void **state)
{
	(void)state;
	assert_int_equal(agent_room_cost(0, 1800, 100, 0), 0);
	assert_int_equal(agent_room_cost(1, 1800, 100, 0), 100);
	assert_int_equal(agent_room_cost(1800, 1800, 100, 0), 100);
	assert_int_equal(agent_room_cost(1801, 1800, 100, 0), 200);
	assert_int_equal(agent_room_cost(3 * 3600, 1800, 50, 0), 300);
	assert_int_equal(agent_room_cost(-5, 1800, 100, 0), 0);
}

static void test_free_time_costs_only_prints(void **state)
{
	(void)state;
	assert_int_equal(agent_room_cost(5000, 0, 0, 0), 0);
	assert_int_equal(agent_room_cost(5000, 0, 100, 40), 40);
	assert_int_equal(agent_room_cost(600, 1800, 100, 40), 140);
}

/* A lunch break the server announced: the room closes at 12:00 (the
 * "close5" warning counts to it), is closed over lunch and opens at 13:00,
 * which open_time/open_days alone could not say. */
static void test_server_times_tell_the_lunch_break(void **state)
{
	(void)state;
	agent_room_hours h = weekdays();
	agent_room_hours_times(&h, local(2024, 3, 12, 12, 0), local(2024, 3, 12, 13, 0));
	time_t eleven = local(2024, 3, 12, 11, 0);
	assert_int_equal(agent_room_closes_at(&h, eleven), local(2024, 3, 12, 12, 0));
	assert_false(agent_room_closed(&h, eleven));
	time_t lunch = local(2024, 3, 12, 12, 30);
	assert_true(agent_room_closed(&h, lunch));
	assert_int_equal(agent_room_opens_next(&h, lunch), local(2024, 3, 12, 13, 0));
	/* After the server's opening the weekly guess takes over again. */
	assert_false(agent_room_closed(&h, local(2024, 3, 12, 14, 0)));
	/* A later lease with the old texts keeps the times. */
	assert_true(agent_room_hours_parse(&h, "09:00", "123456", "18:00", lunch));
	assert_true(agent_room_closed(&h, lunch));
}

/* A closed date: the server says the room is closed (closes_at 0) until
 * Thursday although Wednesday is an open weekday. */
static void test_server_times_tell_a_closed_date(void **state)
{
	(void)state;
	agent_room_hours h = weekdays();
	agent_room_hours_times(&h, 0, local(2024, 3, 14, 9, 0));
	time_t wednesday = local(2024, 3, 13, 10, 0);
	assert_true(agent_room_closed(&h, wednesday));
	assert_int_equal(agent_room_closes_at(&h, wednesday), 0);
	assert_int_equal(agent_room_opens_next(&h, wednesday), local(2024, 3, 14, 9, 0));
	/* An old server (0, 0) changes nothing. */
	agent_room_hours old = weekdays();
	agent_room_hours_times(&old, 0, 0);
	assert_false(agent_room_closed(&old, wednesday));
}

int main(void)
{
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_open_during_the_day),
	    cmocka_unit_test(test_before_opening_it_opens_today),
	    cmocka_unit_test(test_after_closing_it_opens_tomorrow),
	    cmocka_unit_test(test_saturday_evening_it_opens_on_monday),
	    cmocka_unit_test(test_one_open_day_a_week),
	    cmocka_unit_test(test_empty_open_days_are_unknown),
	    cmocka_unit_test(test_empty_close_time),
	    cmocka_unit_test(test_server_times_tell_the_lunch_break),
	    cmocka_unit_test(test_server_times_tell_a_closed_date),
	    cmocka_unit_test(test_cost_counts_started_blocks),
	    cmocka_unit_test(test_free_time_costs_only_prints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
