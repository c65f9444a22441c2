/* Bookings in the store (store/bookings.h) on a real SQLite file, and the
 * rules of a booking's span (core/booking.h): the one conflict check, all
 * or nothing for several PCs, and which bookings may still be cancelled or
 * moved. The clock is passed in; the zone is UTC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/booking.h"
#include "fixture-server.h"
#include "store/bookings.h"
#include "store/residents.h"
#include "store/seats.h"

/* Tuesday 10 December 2030, 00:00 UTC; a day later is a Wednesday. */
#define DAY  INT64_C(1923091200)
#define HOUR INT64_C(3600)
#define NOW  (DAY - 24 * HOUR) /* the Monday before */

typedef struct fixture {
	fixture_store store;
	int64_t pc[3];  /* PC-01 .. PC-03 */
	int64_t kovacs; /* Kovács Mária */
	int64_t nagy;   /* Nagy Béla */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->store, "netpont-bookings");
	np_err err;
	char name[8];
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof name, "PC-0%d", i + 1);
		assert_int_equal(store_seat_add(f->store.db, name, "hash", NOW, &f->pc[i], &err),
		                 0);
	}
	assert_int_equal(store_resident_add(f->store.db, "kovacs", "Kovács Mária", "hash", 1, false,
	                                    "", NOW, &f->kovacs, &err),
	                 0);
	assert_int_equal(store_resident_add(f->store.db, "nagy", "Nagy Béla", "hash", 1, false, "",
	                                    NOW, &f->nagy, &err),
	                 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fixture_store_remove(&f->store);
	free(f);
	return 0;
}

/* Books seat for resident from..to (hours after DAY's midnight); the id. */
static int64_t book(fixture *f, int64_t seat, int64_t resident, int64_t from_h, int64_t to_h)
{
	store_booking_new b = {.starts_at = DAY + from_h * HOUR,
	                       .ends_at = DAY + to_h * HOUR,
	                       .resident_id = resident};
	int64_t id = 0;
	np_err err;
	assert_int_equal(store_booking_add(f->store.db, &b, &seat, 1, NOW, &id, &err), 0);
	return id;
}

static int64_t count_bookings(fixture *f)
{
	return fixture_query_int(f->store.db, "SELECT count(*) FROM bookings");
}

static void test_an_overlap_of_one_pc_is_found_and_named(void **state)
{
	fixture *f = *state;
	int64_t id = book(f, f->pc[2], f->kovacs, 10, 11);
	store_booking other;
	np_err err;
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[2], DAY + 10 * HOUR + 1800,
	                                        DAY + 12 * HOUR, 0, &other, &err),
	                 1);
	assert_int_equal(other.id, id);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_string_equal(err.message, "PC-03 is already booked for Kovács Mária on Tuesday 10 "
	                                 "December from 10:00 to 11:00.");
}

static void test_spans_that_only_touch_do_not_conflict(void **state)
{
	fixture *f = *state;
	book(f, f->pc[0], f->kovacs, 10, 11);
	np_err err;
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[0], DAY + 11 * HOUR,
	                                        DAY + 12 * HOUR, 0, NULL, &err),
	                 0);
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[0], DAY + 9 * HOUR,
	                                        DAY + 10 * HOUR, 0, NULL, &err),
	                 0);
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[1], DAY + 10 * HOUR,
	                                        DAY + 11 * HOUR, 0, NULL, &err),
	                 0);
}

static void test_the_booking_ignored_is_no_conflict_with_itself(void **state)
{
	fixture *f = *state;
	int64_t id = book(f, f->pc[0], f->kovacs, 10, 11);
	np_err err;
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[0], DAY + 10 * HOUR,
	                                        DAY + 12 * HOUR, id, NULL, &err),
	                 0);
}

static void test_cancelled_and_released_bookings_hold_nothing(void **state)
{
	fixture *f = *state;
	int64_t a = book(f, f->pc[0], f->kovacs, 10, 11);
	int64_t b = book(f, f->pc[1], f->nagy, 10, 11);
	np_err err;
	assert_int_equal(store_booking_cancel(f->store.db, a, 0, NOW, NULL, &err), 0);
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE bookings SET released_at = 1 WHERE id = %lld",
	         (long long)b);
	assert_int_equal(store_exec(f->store.db, sql, &err), 0);
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[0], DAY + 10 * HOUR,
	                                        DAY + 11 * HOUR, 0, NULL, &err),
	                 0);
	assert_int_equal(store_booking_conflict(f->store.db, f->pc[1], DAY + 10 * HOUR,
	                                        DAY + 11 * HOUR, 0, NULL, &err),
	                 0);
}

static void test_several_pcs_are_booked_all_or_nothing(void **state)
{
	fixture *f = *state;
	book(f, f->pc[1], f->kovacs, 10, 11);
	store_booking_new b = {
	    .starts_at = DAY + 10 * HOUR, .ends_at = DAY + 11 * HOUR, .resident_id = f->nagy};
	int64_t seats[] = {f->pc[0], f->pc[1]};
	int64_t ids[2];
	np_err err;
	assert_int_equal(store_booking_add(f->store.db, &b, seats, 2, NOW, ids, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_int_equal(count_bookings(f), 1);
	seats[1] = f->pc[2];
	assert_int_equal(store_booking_add(f->store.db, &b, seats, 2, NOW, ids, &err), 0);
	assert_int_equal(count_bookings(f), 3);
	assert_true(ids[0] != ids[1]);
}

static void test_a_pc_named_twice_is_refused(void **state)
{
	fixture *f = *state;
	store_booking_new b = {
	    .starts_at = DAY + 10 * HOUR, .ends_at = DAY + 11 * HOUR, .resident_id = f->nagy};
	int64_t seats[] = {f->pc[0], f->pc[0]};
	np_err err;
	assert_int_equal(store_booking_add(f->store.db, &b, seats, 2, NOW, NULL, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_int_equal(count_bookings(f), 0);
}

static void test_a_resident_booked_elsewhere_then_is_refused(void **state)
{
	fixture *f = *state;
	book(f, f->pc[0], f->kovacs, 10, 11);
	store_booking_new b = {
	    .starts_at = DAY + 10 * HOUR, .ends_at = DAY + 12 * HOUR, .resident_id = f->kovacs};
	np_err err;
	assert_int_equal(store_booking_add(f->store.db, &b, &f->pc[1], 1, NOW, NULL, &err), -1);
	assert_string_equal(err.message, "Kovács Mária already has a booking then: PC-01 on "
	                                 "Tuesday 10 December from 10:00 to 11:00.");
	assert_int_equal(count_bookings(f), 1);
}

static void test_guests_and_erased_accounts_are_not_booked(void **state)
{
	fixture *f = *state;
	np_err err;
	int64_t guest;
	assert_int_equal(store_resident_add(f->store.db, "guest-1", "Guest 1", "", 1, true, "", NOW,
	                                    &guest, &err),
	                 0);
	store_booking_new b = {
	    .starts_at = DAY + 10 * HOUR, .ends_at = DAY + 11 * HOUR, .resident_id = guest};
	assert_int_equal(store_booking_add(f->store.db, &b, &f->pc[0], 1, NOW, NULL, &err), -1);
	assert_string_equal(err.message,
	                    "guest-1 is a walk-in guest's account; book for a resident's own "
	                    "account.");
	assert_int_equal(store_exec(f->store.db,
	                            "UPDATE residents SET erased_at = 1 WHERE login = 'nagy'",
	                            &err),
	                 0);
	b.resident_id = f->nagy;
	assert_int_equal(store_booking_add(f->store.db, &b, &f->pc[0], 1, NOW, NULL, &err), -1);
	assert_string_equal(err.message, "The account nagy was erased; it cannot be booked.");
	assert_int_equal(count_bookings(f), 0);
}

static void test_a_cancelled_booking_is_not_cancelled_again(void **state)
{
	fixture *f = *state;
	int64_t id = book(f, f->pc[0], f->kovacs, 10, 11);
	np_err err;
	assert_int_equal(store_booking_cancel(f->store.db, id, 0, NOW, NULL, &err), 0);
	assert_int_equal(store_booking_cancel(f->store.db, id, 0, NOW, NULL, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	store_booking b;
	assert_int_equal(store_booking_by_id(f->store.db, id, &b, &err), 1);
	assert_int_equal(b.state, STORE_BOOKING_CANCELLED);
	assert_int_equal(b.cancelled_at, NOW);
}

static void test_claimed_released_and_past_bookings_stay_as_they_are(void **state)
{
	fixture *f = *state;
	int64_t claimed = book(f, f->pc[0], f->kovacs, 10, 11);
	int64_t released = book(f, f->pc[1], f->nagy, 10, 11);
	int64_t over = book(f, f->pc[2], f->nagy, 12, 13);
	np_err err;
	assert_int_equal(store_exec(f->store.db,
	                            "UPDATE bookings SET claimed_at = 1923127320 WHERE id = 1;"
	                            "UPDATE bookings SET released_at = 1923127800 WHERE id = 2;",
	                            &err),
	                 0);
	assert_int_equal(store_booking_cancel(f->store.db, claimed, 0, NOW, NULL, &err), -1);
	assert_string_equal(err.message, "Booking 1 was claimed at 10:02 (its resident logged in); "
	                                 "it cannot be changed any more.");
	assert_int_equal(store_booking_move(f->store.db, released, f->pc[1], DAY + 14 * HOUR,
	                                    DAY + 15 * HOUR, NOW, NULL, &err),
	                 -1);
	assert_string_equal(err.message, "Booking 2 was released at 10:10 (nobody came); it cannot "
	                                 "be changed any more.");
	int64_t later = DAY + 13 * HOUR;
	assert_int_equal(store_booking_cancel(f->store.db, over, 0, later, NULL, &err), -1);
	assert_string_equal(err.message, "Booking 3 is over (it ended at 13:00 on Tuesday 10 "
	                                 "December); it cannot be changed any more.");
	assert_int_equal(
	    fixture_query_int(f->store.db,
	                      "SELECT count(*) FROM bookings WHERE cancelled_at IS NULL "
	                      "AND starts_at IN (1923127200, 1923134400)"),
	    3);
}

static void test_a_move_onto_a_taken_pc_changes_nothing(void **state)
{
	fixture *f = *state;
	book(f, f->pc[0], f->kovacs, 10, 11);
	int64_t id = book(f, f->pc[1], f->nagy, 10, 11);
	np_err err;
	assert_int_equal(store_booking_move(f->store.db, id, f->pc[0], DAY + 10 * HOUR,
	                                    DAY + 11 * HOUR, NOW, NULL, &err),
	                 -1);
	store_booking b;
	assert_int_equal(store_booking_by_id(f->store.db, id, &b, &err), 1);
	assert_int_equal(b.seat_id, f->pc[1]);
	/* Half an hour later on its own PC overlaps only itself. */
	assert_int_equal(store_booking_move(f->store.db, id, f->pc[1], DAY + 10 * HOUR + 1800,
	                                    DAY + 11 * HOUR + 1800, NOW, NULL, &err),
	                 0);
	assert_int_equal(store_booking_by_id(f->store.db, id, &b, &err), 1);
	assert_int_equal(b.starts_at, DAY + 10 * HOUR + 1800);
}

static int count_row(void *ctx, const store_booking *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

static void test_the_list_holds_the_range_and_the_pc_asked_for(void **state)
{
	fixture *f = *state;
	book(f, f->pc[0], f->kovacs, 10, 11);
	book(f, f->pc[1], f->nagy, 10, 11);
	book(f, f->pc[0], f->kovacs, 24 + 10, 24 + 11); /* the next day */
	np_err err;
	int n = 0;
	assert_int_equal(
	    store_booking_each(f->store.db, DAY, DAY + 24 * HOUR, 0, count_row, &n, &err), 0);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(
	    store_booking_each(f->store.db, DAY, DAY + 48 * HOUR, f->pc[0], count_row, &n, &err),
	    0);
	assert_int_equal(n, 2);
}

/* ------------------------------------------------------------ span rules */

/* The seed week with Tuesday 09:00-12:00,13:00-18:00 and Sunday closed. */
static void tuesday_with_lunch(rules_settings *s)
{
	rules_settings_default(s);
	np_err err;
	assert_int_equal(rules_settings_apply(s, "hours_2", "09:00-12:00,13:00-18:00", &err), 0);
	assert_int_equal(rules_settings_apply(s, "hours_7", "closed", &err), 0);
}

static void test_a_span_inside_the_hours_is_fine(void **state)
{
	(void)state;
	rules_settings s;
	tuesday_with_lunch(&s);
	np_err err;
	assert_int_equal(booking_span_check(&s, NOW, DAY + 10 * HOUR, DAY + 11 * HOUR, NULL, &err),
	                 0);
	assert_int_equal(booking_span_check(&s, NOW, DAY + 13 * HOUR, DAY + 18 * HOUR, NULL, &err),
	                 0);
}

static void test_the_lunch_break_and_the_closing_are_refused(void **state)
{
	(void)state;
	rules_settings s;
	tuesday_with_lunch(&s);
	np_err err;
	assert_int_equal(booking_span_check(&s, NOW, DAY + 11 * HOUR, DAY + 13 * HOUR, NULL, &err),
	                 -1);
	assert_string_equal(
	    err.message,
	    "On Tuesday 10 December the room is closed for lunch from 12:00 to 13:00.");
	assert_int_equal(booking_span_check(&s, NOW, DAY + 17 * HOUR, DAY + 19 * HOUR, NULL, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED);
	assert_int_equal(booking_span_check(&s, NOW, DAY + 8 * HOUR, DAY + 19 * HOUR, NULL, &err),
	                 -1);
	assert_string_equal(err.message, "The booking is longer than the opening hours of Tuesday "
	                                 "10 December (09:00 to 18:00).");
}

static void test_a_span_past_midnight_is_refused(void **state)
{
	(void)state;
	rules_settings s;
	rules_settings_default(&s);
	np_err err;
	assert_int_equal(rules_settings_apply(&s, "hours_2", "00:00-24:00", &err), 0);
	assert_int_equal(booking_span_check(&s, NOW, DAY + 23 * HOUR, DAY + 24 * HOUR, NULL, &err),
	                 0);
	assert_int_equal(booking_span_check(&s, NOW, DAY + 23 * HOUR, DAY + 25 * HOUR, NULL, &err),
	                 -1);
	assert_string_equal(err.message,
	                    "A booking cannot run past midnight; book each day on its own.");
}

static void test_closed_dates_weekdays_and_the_past_are_refused(void **state)
{
	(void)state;
	rules_settings s;
	tuesday_with_lunch(&s);
	assert_true(rules_closed_date_add(&s, 20301224));
	np_err err;
	int64_t christmas_eve = DAY + 14 * 24 * HOUR;
	assert_int_equal(booking_span_check(&s, NOW, christmas_eve + 10 * HOUR,
	                                    christmas_eve + 11 * HOUR, "Szenteste", &err),
	                 -1);
	assert_string_equal(err.message, "The room is closed on Tuesday 24 December (Szenteste).");
	int64_t sunday = DAY + 5 * 24 * HOUR;
	assert_int_equal(
	    booking_span_check(&s, NOW, sunday + 10 * HOUR, sunday + 11 * HOUR, NULL, &err), -1);
	assert_string_equal(err.message, "The room is closed on Sunday 15 December.");
	assert_int_equal(booking_span_check(&s, DAY + 10 * HOUR + 30, DAY + 10 * HOUR,
	                                    DAY + 11 * HOUR, NULL, &err),
	                 0);
	assert_int_equal(booking_span_check(&s, DAY + 10 * HOUR + 60, DAY + 10 * HOUR,
	                                    DAY + 11 * HOUR, NULL, &err),
	                 -1);
	assert_string_equal(err.message,
	                    "10:00 on Tuesday 10 December is in the past; only a time from now on "
	                    "can be booked.");
	assert_int_equal(booking_span_check(&s, NOW, DAY + 11 * HOUR, DAY + 10 * HOUR, NULL, &err),
	                 -1);
	assert_string_equal(err.message, "The booking must end after it starts.");
}

static void test_a_span_is_read_from_a_date_and_two_times(void **state)
{
	(void)state;
	int64_t a, b;
	np_err err;
	assert_int_equal(booking_parse_span("2030-12-10", "10:00", "24:00", &a, &b, &err), 0);
	assert_int_equal(a, DAY + 10 * HOUR);
	assert_int_equal(b, DAY + 24 * HOUR);
	assert_int_equal(booking_parse_span("2030-12-10", "24:00", "24:00", &a, &b, &err), -1);
	assert_string_equal(err.message, "The time must look like 14:30.");
	assert_int_equal(booking_parse_span("10.12.2030", "10:00", "11:00", &a, &b, &err), -1);
	assert_int_equal(booking_parse_span("2030-12-10", "9:00", "11:00", &a, &b, &err), -1);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_an_overlap_of_one_pc_is_found_and_named),
	    T(test_spans_that_only_touch_do_not_conflict),
	    T(test_the_booking_ignored_is_no_conflict_with_itself),
	    T(test_cancelled_and_released_bookings_hold_nothing),
	    T(test_several_pcs_are_booked_all_or_nothing),
	    T(test_a_pc_named_twice_is_refused),
	    T(test_a_resident_booked_elsewhere_then_is_refused),
	    T(test_guests_and_erased_accounts_are_not_booked),
	    T(test_a_cancelled_booking_is_not_cancelled_again),
	    T(test_claimed_released_and_past_bookings_stay_as_they_are),
	    T(test_a_move_onto_a_taken_pc_changes_nothing),
	    T(test_the_list_holds_the_range_and_the_pc_asked_for),
	    cmocka_unit_test(test_a_span_inside_the_hours_is_fine),
	    cmocka_unit_test(test_the_lunch_break_and_the_closing_are_refused),
	    cmocka_unit_test(test_a_span_past_midnight_is_refused),
	    cmocka_unit_test(test_closed_dates_weekdays_and_the_past_are_refused),
	    cmocka_unit_test(test_a_span_is_read_from_a_date_and_two_times),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
