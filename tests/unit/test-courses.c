/* Courses: the weekly occasions in local time (a closed date left out, a
 * month's end, the change to summer time, the most a course may have), a
 * course made with its bookings all or nothing, the tutor's word on
 * attendance over a login's, and cancelling with the bookings. The store
 * runs on a real SQLite file; the zone is Budapest's, whose clocks change. */
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
#include "core/course_plan.h"
#include "fixture-server.h"
#include "store/bookings.h"
#include "store/courses.h"
#include "store/residents.h"
#include "store/seats.h"

#define THURSDAY (1u << 4)
#define TUESDAY  (1u << 2)

static int setup(void **state)
{
	fixture_store *f = calloc(1, sizeof *f);
	fixture_store_open(f, "netpont-courses");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_store *f = *state;
	fixture_store_remove(f);
	free(f);
	return 0;
}

static void test_weekly_occasions_leave_out_a_closed_date(void **state)
{
	(void)state;
	rules_settings s;
	rules_settings_default(&s);
	assert_true(rules_closed_date_add(&s, 20261224));
	int32_t dates[COURSE_PLAN_MAX], skipped[4];
	size_t n_skipped;
	size_t n = course_plan_weekly(&s, 20261210, 20270107, THURSDAY, dates, COURSE_PLAN_MAX,
	                              skipped, 4, &n_skipped);
	assert_int_equal(n, 4);
	assert_int_equal(dates[0], 20261210);
	assert_int_equal(dates[1], 20261217);
	assert_int_equal(dates[2], 20261231);
	assert_int_equal(dates[3], 20270107);
	assert_int_equal(n_skipped, 1);
	assert_int_equal(skipped[0], 20261224);
}

static void test_weekly_occasions_cross_the_end_of_a_month(void **state)
{
	(void)state;
	rules_settings s;
	rules_settings_default(&s);
	int32_t dates[COURSE_PLAN_MAX];
	size_t n_skipped;
	size_t n = course_plan_weekly(&s, 20261128, 20261208, TUESDAY | THURSDAY, dates,
	                              COURSE_PLAN_MAX, NULL, 0, &n_skipped);
	assert_int_equal(n, 3);
	assert_int_equal(dates[0], 20261201);
	assert_int_equal(dates[1], 20261203);
	assert_int_equal(dates[2], 20261208);
}

static int local_hhmm(int64_t at)
{
	struct tm tm;
	time_t t = (time_t)at;
	localtime_r(&t, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

/* The occasion's span on date (yyyymmdd), 14:00 to 15:30, as the gateway
 * reads it (booking_parse_span()). */
static void span_on(int32_t date, int64_t span[2])
{
	char text[16];
	np_err err = {0};
	rules_format_date_number(date, text, sizeof text);
	assert_int_equal(booking_parse_span(text, "14:00", "15:30", &span[0], &span[1], &err), 0);
}

/* Summer time begins on Sunday 28 March 2027 in Budapest: the course stays
 * at 14:00 local, so that week is an hour shorter. */
static void test_weekly_occasions_keep_the_local_time_across_summer_time(void **state)
{
	(void)state;
	rules_settings s;
	rules_settings_default(&s);
	int32_t dates[COURSE_PLAN_MAX];
	size_t n_skipped;
	size_t n = course_plan_weekly(&s, 20270318, 20270408, THURSDAY, dates, COURSE_PLAN_MAX,
	                              NULL, 0, &n_skipped);
	assert_int_equal(n, 4);
	int64_t spans[4][2];
	for (size_t i = 0; i < n; i++) {
		span_on(dates[i], spans[i]);
		assert_int_equal(local_hhmm(spans[i][0]), 14 * 60);
		assert_int_equal(local_hhmm(spans[i][1]), 15 * 60 + 30);
	}
	assert_int_equal(spans[1][0] - spans[0][0], 7 * 86400);
	assert_int_equal(spans[2][0] - spans[1][0], 7 * 86400 - 3600);
}

static void test_weekly_occasions_count_past_the_most_a_course_has(void **state)
{
	(void)state;
	rules_settings s;
	rules_settings_default(&s);
	int32_t dates[COURSE_PLAN_MAX];
	size_t n_skipped;
	size_t n = course_plan_weekly(&s, 20270101, 20271231, 0xfe, dates, COURSE_PLAN_MAX, NULL, 0,
	                              &n_skipped);
	assert_true(n > COURSE_PLAN_MAX);
}

/* Two PCs and two residents; the course's weekly Thursdays from 10 December. */
typedef struct room {
	int64_t seats[2];
	int64_t kovacs, nagy;
	int64_t spans[3][2];
} room;

static void seed(store_db *db, room *r)
{
	np_err err = {0};
	int64_t cat = store_category_id(db, "standard", &err);
	assert_int_equal(store_seat_add(db, "PC-01", "hash", 1000, &r->seats[0], &err), 0);
	assert_int_equal(store_seat_add(db, "PC-02", "hash", 1000, &r->seats[1], &err), 0);
	assert_int_equal(store_resident_add(db, "kovacs", "Kovács Mária", "h", cat, false, "", 1000,
	                                    &r->kovacs, &err),
	                 0);
	assert_int_equal(
	    store_resident_add(db, "nagy", "Nagy Béla", "h", cat, false, "", 1000, &r->nagy, &err),
	    0);
	rules_settings s;
	rules_settings_default(&s);
	int32_t dates[3];
	size_t n_skipped;
	assert_int_equal(
	    course_plan_weekly(&s, 20261210, 20261224, THURSDAY, dates, 3, NULL, 0, &n_skipped), 3);
	for (int i = 0; i < 3; i++)
		span_on(dates[i], r->spans[i]);
}

static int64_t count(store_db *db, const char *sql)
{
	return fixture_query_int(db, sql);
}

static void test_a_booked_pc_makes_nothing_of_the_course(void **state)
{
	fixture_store *f = *state;
	room r;
	seed(f->db, &r);
	np_err err = {0};
	/* Mrs Kovács has PC-02 at the third occasion. */
	store_booking_new mine = {
	    .starts_at = r.spans[2][0], .ends_at = r.spans[2][0] + 3600, .resident_id = r.kovacs};
	assert_int_equal(store_booking_add(f->db, &mine, &r.seats[1], 1, 1000, NULL, &err), 0);
	store_course_new c = {.name = "Digital skills", .fee = 200};
	int64_t id = 42;
	assert_int_equal(store_course_create(f->db, &c, (const int64_t(*)[2])r.spans, 3, r.seats, 2,
	                                     1000, &id, &err),
	                 -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT);
	assert_non_null(strstr(err.english, "PC-02 is already booked for Kovács Mária"));
	assert_int_equal(id, 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM courses"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM course_occasions"), 0);
	assert_int_equal(count(f->db, "SELECT count(*) FROM bookings"), 1);

	/* On PC-01 alone it fits: three occasions, three bookings. */
	assert_int_equal(store_course_create(f->db, &c, (const int64_t(*)[2])r.spans, 3, r.seats, 1,
	                                     1000, &id, &err),
	                 0);
	assert_true(id > 0);
	store_course course;
	assert_int_equal(store_course_by_id(f->db, id, &course, &err), 1);
	assert_int_equal(course.occasions, 3);
	assert_int_equal(course.first_at, r.spans[0][0]);
	assert_int_equal(course.last_ends_at, r.spans[2][1]);
	assert_int_equal(
	    count(f->db, "SELECT count(*) FROM bookings WHERE occasion_id IS NOT NULL"), 3);
}

static void test_the_tutor_overrides_a_login_row(void **state)
{
	fixture_store *f = *state;
	room r;
	seed(f->db, &r);
	np_err err = {0};
	store_course_new c = {.name = "Digital skills"};
	int64_t id;
	assert_int_equal(store_course_create(f->db, &c, (const int64_t(*)[2])r.spans, 3, r.seats, 2,
	                                     1000, &id, &err),
	                 0);
	assert_int_equal(store_course_enrol(f->db, id, r.kovacs, 0, 1000, &err), 0);
	assert_int_equal(store_course_enrol(f->db, id, r.nagy, 0, 1000, &err), 0);
	int64_t occasion = count(f->db, "SELECT min(id) FROM course_occasions");
	char sql[200];
	snprintf(sql, sizeof sql,
	         "INSERT INTO course_attendance (occasion_id, resident_id, present, source, "
	         "recorded_at) VALUES (%lld, %lld, 1, 'login', 1000)",
	         (long long)occasion, (long long)r.nagy);
	assert_int_equal(store_exec(f->db, sql, &err), 0);

	assert_int_equal(store_course_attendance_set(f->db, occasion, r.nagy, false, 0, 2000, &err),
	                 0);
	assert_int_equal(
	    store_course_attendance_set(f->db, occasion, r.kovacs, true, 0, 2000, &err), 0);
	char buf[64];
	assert_string_equal(
	    fixture_query_text(
	        f->db,
	        "SELECT group_concat(resident_id || ':' || present || ':' || source) "
	        "FROM (SELECT * FROM course_attendance ORDER BY resident_id)",
	        buf, sizeof buf),
	    r.kovacs < r.nagy ? "1:1:tutor,2:0:tutor" : "2:1:tutor,1:0:tutor");
	store_course_occasion o;
	assert_int_equal(store_course_occasion_by_id(f->db, occasion, &o, &err), 1);
	assert_int_equal(o.present, 1);

	/* Mr Nagy leaves; his enrolment stays with its date. */
	assert_int_equal(store_course_leave(f->db, id, r.nagy, 3000, &err), 0);
	store_course_participant p;
	assert_int_equal(store_course_enrolment(f->db, id, r.nagy, &p, &err), 1);
	assert_int_equal(p.left_at, 3000);
	store_course course;
	assert_int_equal(store_course_by_id(f->db, id, &course, &err), 1);
	assert_int_equal(course.participants, 1);
}

static void note_seat(void *ctx, int64_t seat_id)
{
	(void)seat_id;
	(*(int *)ctx)++;
}

static void test_cancelling_a_course_cancels_its_occasions_to_come(void **state)
{
	fixture_store *f = *state;
	room r;
	seed(f->db, &r);
	np_err err = {0};
	store_course_new c = {.name = "Digital skills"};
	int64_t id;
	assert_int_equal(store_course_create(f->db, &c, (const int64_t(*)[2])r.spans, 3, r.seats, 2,
	                                     1000, &id, &err),
	                 0);
	/* During the first occasion: the two to come go, with their four bookings. */
	int seats = 0, occasions, bookings;
	assert_int_equal(store_course_cancel(f->db, id, 0, r.spans[0][0] + 60, note_seat, &seats,
	                                     &occasions, &bookings, &err),
	                 0);
	assert_int_equal(occasions, 2);
	assert_int_equal(bookings, 4);
	assert_int_equal(seats, 4);
	assert_int_equal(count(f->db, "SELECT count(*) FROM bookings WHERE cancelled_at IS NULL"),
	                 2);
	store_course course;
	assert_int_equal(store_course_by_id(f->db, id, &course, &err), 1);
	assert_true(course.cancelled_at > 0);
	assert_int_equal(course.occasions, 1);
}

int main(void)
{
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_weekly_occasions_leave_out_a_closed_date),
	    cmocka_unit_test(test_weekly_occasions_cross_the_end_of_a_month),
	    cmocka_unit_test(test_weekly_occasions_keep_the_local_time_across_summer_time),
	    cmocka_unit_test(test_weekly_occasions_count_past_the_most_a_course_has),
	    cmocka_unit_test_setup_teardown(test_a_booked_pc_makes_nothing_of_the_course, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_the_tutor_overrides_a_login_row, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancelling_a_course_cancels_its_occasions_to_come,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
