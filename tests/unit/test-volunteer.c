/* Volunteer hours in the store (store/volunteer.c): clocking in and out,
 * the period a cash shift starts, an administrator's periods, removal, and
 * each refusal, which leaves the table as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fixture-server.h"
#include "store/shifts.h"
#include "store/staff.h"
#include "store/volunteer.h"

/* Tuesday 1 December 2026, 14:00 UTC (main() sets TZ to UTC). */
#define DEC1_14H INT64_C(1796133600)
#define HOUR     3600

typedef struct fixture {
	fixture_store s;
	int64_t admin, dora;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->s, "np-volunteer");
	np_err err = {0};
	assert_int_equal(store_staff_add(f->s.db, "admin", "admin", "x", DEC1_14H, &f->admin, &err),
	                 0);
	assert_int_equal(store_staff_add(f->s.db, "dora", "mentor", "x", DEC1_14H, &f->dora, &err),
	                 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fixture_store_remove(&f->s);
	free(f);
	return 0;
}

/* A fingerprint of the table: its rows and every end and removal, so a
 * refusal that changed any of them shows. */
static int64_t rows(fixture *f)
{
	return fixture_query_int(
	    f->s.db, "SELECT count(*) * 1000000000000 + coalesce(sum(coalesce(ended_at, 0) "
	             "+ coalesce(removed_at, 0)), 0) FROM volunteer_periods");
}

static void test_clock_in_then_out_records_one_period(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	assert_int_equal(
	    store_volunteer_start(f->s.db, f->dora, "tutoring", "clock", 0, DEC1_14H, &v, &err), 0);
	assert_int_equal(v.ended_at, 0);
	assert_string_equal(v.staff, "dora");
	assert_int_equal(store_volunteer_open(f->s.db, f->dora, &v, &err), 1);
	assert_int_equal(store_volunteer_end(f->s.db, f->dora, DEC1_14H + 2 * HOUR, &v, &err), 0);
	assert_int_equal(v.ended_at - v.started_at, 2 * HOUR);
	assert_string_equal(v.activity, "tutoring");
	assert_string_equal(v.source, "clock");
	assert_int_equal(store_volunteer_open(f->s.db, f->dora, &v, &err), 0);
}

static void test_clock_in_twice_is_refused(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	assert_int_equal(
	    store_volunteer_start(f->s.db, f->dora, "desk", "clock", 0, DEC1_14H, &v, &err), 0);
	int64_t before = rows(f);
	assert_int_equal(
	    store_volunteer_start(f->s.db, f->dora, "desk", "clock", 0, DEC1_14H + 60, &v, &err),
	    -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_non_null(strstr(err.message, "since 14:00 on 2026-12-01"));
	assert_int_equal(rows(f), before);
}

static void test_clock_out_when_not_in_is_refused(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	assert_int_equal(store_volunteer_end(f->s.db, f->dora, DEC1_14H, &v, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_int_equal(rows(f), 0);
}

static void test_clock_out_after_16_hours_asks_for_an_administrator(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	assert_int_equal(
	    store_volunteer_start(f->s.db, f->dora, "desk", "clock", 0, DEC1_14H, &v, &err), 0);
	int64_t before = rows(f);
	assert_int_equal(store_volunteer_end(f->s.db, f->dora, DEC1_14H + 16 * HOUR + 60, &v, &err),
	                 -1);
	assert_non_null(strstr(err.message, "administrator"));
	assert_int_equal(rows(f), before);
	/* The administrator removes the forgotten period: clocking in works
	 * again. */
	int64_t id = fixture_query_int(f->s.db, "SELECT id FROM volunteer_periods");
	assert_int_equal(
	    store_volunteer_remove(f->s.db, id, f->admin, DEC1_14H + 17 * HOUR, &v, &err), 0);
	assert_int_equal(store_volunteer_start(f->s.db, f->dora, "desk", "clock", 0,
	                                       DEC1_14H + 17 * HOUR, &v, &err),
	                 0);
}

static void test_a_shift_period_ends_with_its_shift_only(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_shift shift;
	store_volunteer v;
	assert_int_equal(store_shift_start(f->s.db, f->dora, 0, DEC1_14H, &shift, &err), 0);
	assert_int_equal(
	    store_volunteer_start(f->s.db, f->dora, "desk", "shift", shift.id, DEC1_14H, &v, &err),
	    0);
	assert_int_equal(v.shift_id, shift.id);
	assert_int_equal(
	    store_volunteer_end_shift(f->s.db, shift.id + 1, DEC1_14H + HOUR, &v, &err), 0);
	assert_int_equal(
	    store_volunteer_end_shift(f->s.db, shift.id, DEC1_14H + 3 * HOUR, &v, &err), 1);
	assert_int_equal(v.ended_at, DEC1_14H + 3 * HOUR);
	assert_string_equal(v.source, "shift");
	/* A period clocked in by hand is not the shift's to end. */
	assert_int_equal(store_volunteer_start(f->s.db, f->dora, "desk", "clock", 0,
	                                       DEC1_14H + 4 * HOUR, &v, &err),
	                 0);
	assert_int_equal(
	    store_volunteer_end_shift(f->s.db, shift.id, DEC1_14H + 5 * HOUR, &v, &err), 0);
	assert_int_equal(store_volunteer_open(f->s.db, f->dora, &v, &err), 1);
}

static void test_admin_entry_is_recorded_with_who_recorded_it(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "it_help", DEC1_14H,
	                                     DEC1_14H + 3 * HOUR + 1800, "printer", f->admin,
	                                     DEC1_14H + 10 * HOUR, &v, &err),
	                 0);
	assert_string_equal(v.source, "admin");
	assert_string_equal(v.recorded_by, "admin");
	assert_string_equal(v.note, "printer");
	assert_int_equal(v.ended_at - v.started_at, 3 * HOUR + 1800);
}

static void test_admin_entry_refusals_change_nothing(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	int64_t now = DEC1_14H + 10 * HOUR;
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "desk", DEC1_14H,
	                                     DEC1_14H + 2 * HOUR, "", f->admin, now, &v, &err),
	                 0);
	int64_t before = rows(f);
	/* Overlapping the first one, naming it. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "event", DEC1_14H + HOUR,
	                                     DEC1_14H + 3 * HOUR, "", f->admin, now, &v, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_non_null(strstr(err.message, "from 14:00 to 16:00"));
	/* The end before the start. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "event", DEC1_14H + 5 * HOUR,
	                                     DEC1_14H + 4 * HOUR, "", f->admin, now, &v, &err),
	                 -1);
	assert_non_null(strstr(err.message, "must be after the start"));
	/* Not over yet. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "event", now - HOUR, now + HOUR, "",
	                                     f->admin, now, &v, &err),
	                 -1);
	assert_non_null(strstr(err.message, "has not ended yet"));
	/* An unknown activity. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "cooking", DEC1_14H + 5 * HOUR,
	                                     DEC1_14H + 6 * HOUR, "", f->admin, now, &v, &err),
	                 -1);
	/* Longer than 16 hours. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "event", DEC1_14H - 20 * HOUR,
	                                     DEC1_14H - 2 * HOUR, "", f->admin, now, &v, &err),
	                 -1);
	/* Overlapping the period Dóra is clocked in for. */
	assert_int_equal(store_volunteer_start(f->s.db, f->dora, "desk", "clock", 0,
	                                       DEC1_14H + 8 * HOUR, &v, &err),
	                 0);
	before = rows(f);
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "event", DEC1_14H + 8 * HOUR + 60,
	                                     DEC1_14H + 9 * HOUR, "", f->admin, now, &v, &err),
	                 -1);
	assert_non_null(strstr(err.message, "on duty since 22:00"));
	assert_int_equal(rows(f), before);
	/* Next to the first one, touching it, is fine. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "event", DEC1_14H + 2 * HOUR,
	                                     DEC1_14H + 3 * HOUR, "", f->admin, now, &v, &err),
	                 0);
}

static void test_remove_twice_is_refused_and_removed_rows_are_kept(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	int64_t now = DEC1_14H + 10 * HOUR;
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "desk", DEC1_14H,
	                                     DEC1_14H + 2 * HOUR, "", f->admin, now, &v, &err),
	                 0);
	assert_int_equal(store_volunteer_remove(f->s.db, v.id, f->admin, now, &v, &err), 0);
	assert_int_equal(v.removed_at, now);
	assert_string_equal(v.removed_by, "admin");
	int64_t before = rows(f);
	assert_int_equal(store_volunteer_remove(f->s.db, v.id, f->admin, now + 60, &v, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_int_equal(store_volunteer_remove(f->s.db, 999, f->admin, now, &v, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND);
	assert_int_equal(rows(f), before);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM volunteer_periods"), 1);
	/* The same hours can be recorded again once the wrong one is removed. */
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "desk", DEC1_14H,
	                                     DEC1_14H + 2 * HOUR, "", f->admin, now, &v, &err),
	                 0);
}

static int count_row(void *ctx, const store_volunteer *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

static void test_each_lists_a_range_without_removed_periods_unless_asked(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_volunteer v;
	int64_t now = DEC1_14H + 40 * 24 * HOUR;
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "desk", DEC1_14H, DEC1_14H + HOUR,
	                                     "", f->admin, now, &v, &err),
	                 0);
	assert_int_equal(store_volunteer_add(f->s.db, f->dora, "desk", DEC1_14H + 2 * HOUR,
	                                     DEC1_14H + 3 * HOUR, "", f->admin, now, &v, &err),
	                 0);
	assert_int_equal(store_volunteer_remove(f->s.db, v.id, f->admin, now, &v, &err), 0);
	assert_int_equal(store_volunteer_add(f->s.db, f->admin, "event", DEC1_14H + 31 * 24 * HOUR,
	                                     DEC1_14H + 31 * 24 * HOUR + HOUR, "", f->admin, now,
	                                     &v, &err),
	                 0);
	int n = 0;
	int64_t dec = DEC1_14H - 14 * HOUR, jan = dec + 31 * 24 * HOUR;
	assert_int_equal(store_volunteer_each(f->s.db, 0, dec, jan, false, count_row, &n, &err), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(
	    store_volunteer_each(f->s.db, f->dora, dec, jan, true, count_row, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(store_volunteer_each(f->s.db, f->dora, jan, jan + 31 * 24 * HOUR, true,
	                                      count_row, &n, &err),
	                 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	/* The sentences name local times: the tests read them in UTC. */
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_clock_in_then_out_records_one_period, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_clock_in_twice_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clock_out_when_not_in_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clock_out_after_16_hours_asks_for_an_administrator,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_shift_period_ends_with_its_shift_only, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_admin_entry_is_recorded_with_who_recorded_it,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_entry_refusals_change_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_remove_twice_is_refused_and_removed_rows_are_kept,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_each_lists_a_range_without_removed_periods_unless_asked, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
