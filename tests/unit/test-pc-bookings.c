/* store/pc_bookings.c on a real SQLite file: which booking a PC meets
 * (live, running or ahead), releases of the bookings nobody came for, the
 * timer's next deadline, what cut a session short, attendance from logins,
 * and the course fee charged once per participant and occasion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture-server.h"
#include "store/ledger.h"
#include "store/pc_bookings.h"
#include "store/residents.h"
#include "store/seats.h"
#include "store/sessions.h"

#define NOW 1800000000 /* the tests' clock */

typedef struct world {
	fixture_store store;
	int64_t pc1, pc2; /* seats */
	int64_t kovacs, nagy;
} world;

static void exec(store_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void exec(store_db *db, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	np_err err = {0};
	if (store_exec(db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.message);
}

static int setup(void **state)
{
	world *w = calloc(1, sizeof *w);
	fixture_store_open(&w->store, "netpont-pc-bookings");
	store_db *db = w->store.db;
	np_err err = {0};
	int64_t standard = store_category_id(db, "standard", &err);
	assert_true(standard > 0);
	assert_int_equal(store_seat_add(db, "PC-01", "x", NOW, &w->pc1, &err), 0);
	assert_int_equal(store_seat_add(db, "PC-02", "y", NOW, &w->pc2, &err), 0);
	assert_int_equal(store_resident_add(db, "kovacs", "Kovács Mária", "h", standard, false, "",
	                                    NOW, &w->kovacs, &err),
	                 0);
	assert_int_equal(store_resident_add(db, "nagy", "Nagy Béla", "h", standard, false, "", NOW,
	                                    &w->nagy, &err),
	                 0);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	world *w = *state;
	fixture_store_remove(&w->store);
	free(w);
	return 0;
}

/* A resident's booking of seat from NOW + from to NOW + to; its id. */
static int64_t book(world *w, int64_t seat, int64_t resident, int64_t from, int64_t to)
{
	exec(w->store.db,
	     "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, created_at) "
	     "VALUES (%lld, %lld, %lld, %lld, %lld)",
	     (long long)seat, (long long)(NOW + from), (long long)(NOW + to), (long long)resident,
	     (long long)NOW);
	return fixture_query_int(w->store.db, "SELECT max(id) FROM bookings");
}

/* A course (fee) with one occasion from NOW + from to NOW + to and seat
 * booked for it; the occasion's id. */
static int64_t course(world *w, int64_t fee, int64_t seat, int64_t from, int64_t to)
{
	store_db *db = w->store.db;
	exec(db, "INSERT INTO courses (name, fee, created_at) VALUES ('Digital skills', %lld, %d)",
	     (long long)fee, NOW);
	exec(db,
	     "INSERT INTO course_occasions (course_id, starts_at, ends_at) "
	     "VALUES ((SELECT max(id) FROM courses), %lld, %lld)",
	     (long long)(NOW + from), (long long)(NOW + to));
	int64_t occasion = fixture_query_int(db, "SELECT max(id) FROM course_occasions");
	exec(db,
	     "INSERT INTO bookings (seat_id, starts_at, ends_at, occasion_id, created_at) "
	     "VALUES (%lld, %lld, %lld, %lld, %d)",
	     (long long)seat, (long long)(NOW + from), (long long)(NOW + to), (long long)occasion,
	     NOW);
	return occasion;
}

static void test_next_booking_is_the_first_live_one(void **state)
{
	world *w = *state;
	store_db *db = w->store.db;
	np_err err = {0};
	store_pc_booking b;
	assert_int_equal(store_pc_booking_next(db, w->pc1, NOW, INT64_MAX, &b, &err), 0);

	int64_t over = book(w, w->pc1, w->nagy, -7200, -3600);
	int64_t cancelled = book(w, w->pc1, w->nagy, -600, 600);
	exec(db, "UPDATE bookings SET cancelled_at = %d WHERE id = %lld", NOW,
	     (long long)cancelled);
	int64_t released = book(w, w->pc1, w->nagy, 700, 800);
	exec(db, "UPDATE bookings SET released_at = %d WHERE id = %lld", NOW, (long long)released);
	int64_t ahead = book(w, w->pc1, w->kovacs, 1200, 3000);
	(void)over;

	assert_int_equal(store_pc_booking_next(db, w->pc1, NOW, INT64_MAX, &b, &err), 1);
	assert_int_equal(b.id, ahead);
	assert_int_equal(b.resident_id, w->kovacs);
	assert_int_equal(b.occasion_id, 0);
	assert_string_equal(b.reserved_for, "Kovács Mária");
	/* Not before NOW + 1200: none. */
	assert_int_equal(store_pc_booking_next(db, w->pc1, NOW, NOW + 1200, &b, &err), 0);
	/* Another PC's bookings are not this one's. */
	assert_int_equal(store_pc_booking_next(db, w->pc2, NOW, INT64_MAX, &b, &err), 0);
	/* A running booking comes first and names the course. */
	int64_t occasion = course(w, 0, w->pc2, -60, 600);
	assert_int_equal(store_pc_booking_next(db, w->pc2, NOW, INT64_MAX, &b, &err), 1);
	assert_int_equal(b.occasion_id, occasion);
	assert_string_equal(b.reserved_for, "Digital skills");
	/* A cancelled occasion's booking is not live. */
	exec(db, "UPDATE course_occasions SET cancelled_at = %d", NOW);
	assert_int_equal(store_pc_booking_next(db, w->pc2, NOW, INT64_MAX, &b, &err), 0);
}

static void test_release_takes_unclaimed_resident_bookings_only(void **state)
{
	world *w = *state;
	store_db *db = w->store.db;
	np_err err = {0};
	int64_t late = book(w, w->pc1, w->kovacs, -601, 1800);
	int64_t claimed = book(w, w->pc2, w->nagy, -900, 1800);
	exec(db, "UPDATE bookings SET claimed_session_id = NULL, claimed_at = %d WHERE id = %lld",
	     NOW, (long long)claimed);
	int64_t session;
	assert_int_equal(store_session_start(db, w->pc2, w->nagy, false, NOW - 900, NOW + 1800, 0,
	                                     &session, &err),
	                 0);
	assert_int_equal(store_pc_booking_claim(db, claimed, session, NOW - 900, &err), 0);
	course(w, 0, w->pc2, 1800, 3600);
	int64_t fresh = book(w, w->pc1, w->nagy, 2000, 2600);
	int64_t seats[8];

	/* 0: never. */
	assert_int_equal(store_pc_booking_release_due(db, NOW, 0, seats, 8, &err), 0);
	/* 10 minutes: the one that began more than 10 minutes ago. */
	assert_int_equal(store_pc_booking_release_due(db, NOW, 600, seats, 8, &err), 1);
	assert_int_equal(seats[0], w->pc1);
	assert_int_equal(fixture_query_int(db, "SELECT count(*) FROM bookings WHERE released_at "
	                                       "IS NOT NULL"),
	                 1);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT released_at FROM bookings WHERE id = %lld",
	         (long long)late);
	assert_int_equal(fixture_query_int(db, sql), NOW);
	/* Once only, and never a course's booking. */
	assert_int_equal(store_pc_booking_release_due(db, NOW + 5000, 600, seats, 8, &err), 1);
	snprintf(sql, sizeof sql, "SELECT released_at FROM bookings WHERE id = %lld",
	         (long long)fresh);
	assert_int_equal(fixture_query_int(db, sql), NOW + 5000);
}

static void test_next_deadline_is_a_release_or_an_end(void **state)
{
	world *w = *state;
	store_db *db = w->store.db;
	assert_int_equal(store_pc_booking_next_deadline(db, NOW, 600), 0);
	book(w, w->pc1, w->kovacs, 100, 200);
	/* Its end comes before its release. */
	assert_int_equal(store_pc_booking_next_deadline(db, NOW, 600), NOW + 200);
	book(w, w->pc2, w->nagy, -500, 3600);
	/* Nagy Béla's release: 100 s from now. */
	assert_int_equal(store_pc_booking_next_deadline(db, NOW, 600), NOW + 100);
	/* Releases switched off: the first end. */
	assert_int_equal(store_pc_booking_next_deadline(db, NOW, 0), NOW + 200);
	int64_t seats[4];
	np_err err = {0};
	assert_int_equal(store_pc_booking_ended_seats(db, NOW + 100, NOW + 201, seats, 4, &err), 1);
	assert_int_equal(seats[0], w->pc1);
}

static void test_booked_from_is_someone_elses_booking(void **state)
{
	world *w = *state;
	store_db *db = w->store.db;
	np_err err = {0};
	book(w, w->pc1, w->kovacs, 1200, 3000);
	assert_int_equal(store_pc_booking_starts_at(db, w->pc1, NOW + 1200, w->nagy, 0, &err), 1);
	/* Her own booking cuts nothing short. */
	assert_int_equal(store_pc_booking_starts_at(db, w->pc1, NOW + 1200, w->kovacs, 0, &err), 0);
	assert_int_equal(store_pc_booking_starts_at(db, w->pc1, NOW + 1300, w->nagy, 0, &err), 0);
	int64_t occasion = course(w, 0, w->pc2, 600, 1200);
	assert_int_equal(store_pc_booking_starts_at(db, w->pc2, NOW + 600, w->nagy, 0, &err), 1);
	assert_int_equal(store_pc_booking_starts_at(db, w->pc2, NOW + 600, w->nagy, occasion, &err),
	                 0);
}

static void test_attendance_keeps_the_tutors_row(void **state)
{
	world *w = *state;
	store_db *db = w->store.db;
	np_err err = {0};
	int64_t occasion = course(w, 0, w->pc1, -60, 3600);
	exec(db,
	     "INSERT INTO course_attendance (occasion_id, resident_id, present, source, "
	     "recorded_at) VALUES (%lld, %lld, 0, 'tutor', %d)",
	     (long long)occasion, (long long)w->nagy, NOW);
	assert_int_equal(store_pc_attendance_login(db, occasion, w->nagy, 0, NOW, &err), 0);
	assert_int_equal(store_pc_attendance_login(db, occasion, w->kovacs, 0, NOW, &err), 0);
	assert_int_equal(fixture_query_int(db, "SELECT count(*) FROM course_attendance WHERE "
	                                       "source = 'tutor' AND present = 0"),
	                 1);
	assert_int_equal(fixture_query_int(db, "SELECT count(*) FROM course_attendance WHERE "
	                                       "source = 'login' AND present = 1"),
	                 1);
}

static void test_course_fee_is_charged_once_per_occasion(void **state)
{
	world *w = *state;
	store_db *db = w->store.db;
	np_err err = {0};
	int64_t occasion = course(w, 500, w->pc1, -60, 3600);
	exec(db, "UPDATE categories SET percent = 50 WHERE name = 'standard'");
	int64_t first, second;
	assert_int_equal(
	    store_session_start(db, w->pc1, w->kovacs, false, NOW, NOW + 600, 0, &first, &err), 0);
	assert_int_equal(store_pc_session_set_occasion(db, first, occasion, &err), 0);
	assert_int_equal(store_pc_session_occasion(db, first), occasion);
	char name[128];
	store_pc_session_course(db, first, name, sizeof name);
	assert_string_equal(name, "Digital skills");
	store_charge ch;
	assert_int_equal(
	    store_charge_course(db, occasion, first, w->kovacs, w->pc1, 0, 500, NOW, &ch, &err), 0);
	assert_true(ch.id > 0 && !ch.duplicate);
	assert_int_equal(ch.amount, 250); /* her category's share */
	assert_int_equal(store_session_end(db, first, NOW + 60, "logout", &err), 0);
	assert_int_equal(store_session_start(db, w->pc1, w->kovacs, false, NOW + 120, NOW + 600, 0,
	                                     &second, &err),
	                 0);
	assert_int_equal(store_pc_session_set_occasion(db, second, occasion, &err), 0);
	assert_int_equal(
	    store_charge_course(db, occasion, second, w->kovacs, w->pc1, 0, 500, NOW, &ch, &err),
	    0);
	assert_true(ch.duplicate);
	assert_int_equal(fixture_query_int(db, "SELECT count(*) FROM ledger WHERE service = "
	                                       "'course'"),
	                 1);
	/* A free course writes nothing. */
	assert_int_equal(
	    store_charge_course(db, occasion, second, w->nagy, w->pc1, 0, 0, NOW, &ch, &err), 0);
	assert_int_equal(ch.id, 0);
	assert_int_equal(fixture_query_int(db, "SELECT count(*) FROM ledger"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_next_booking_is_the_first_live_one, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_release_takes_unclaimed_resident_bookings_only,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_next_deadline_is_a_release_or_an_end, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_booked_from_is_someone_elses_booking, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_attendance_keeps_the_tutors_row, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_course_fee_is_charged_once_per_occasion, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
