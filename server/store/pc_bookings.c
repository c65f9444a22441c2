#include "store/pc_bookings.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* A booking is live while it is neither cancelled nor released and, for a
 * course, neither its occasion nor its course is cancelled. */
#define BOOKING_FROM                                                                               \
	" FROM bookings b LEFT JOIN residents r ON r.id = b.resident_id "                          \
	"LEFT JOIN course_occasions o ON o.id = b.occasion_id "                                    \
	"LEFT JOIN courses c ON c.id = o.course_id "
#define BOOKING_LIVE                                                                               \
	" b.cancelled_at IS NULL AND b.released_at IS NULL AND (b.occasion_id IS NULL OR "         \
	"(o.cancelled_at IS NULL AND c.cancelled_at IS NULL)) "
#define BOOKING_COLUMNS                                                                            \
	"b.id, b.seat_id, b.starts_at, b.ends_at, coalesce(b.resident_id, 0), "                    \
	"coalesce(b.occasion_id, 0), coalesce(c.id, 0), coalesce(c.fee, 0), "                      \
	"coalesce(b.claimed_session_id, 0), coalesce(r.name, c.name, '')"

static void read_booking(sqlite3_stmt *st, void *row)
{
	store_pc_booking *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->seat_id = sqlite3_column_int64(st, 1);
	out->starts_at = sqlite3_column_int64(st, 2);
	out->ends_at = sqlite3_column_int64(st, 3);
	out->resident_id = sqlite3_column_int64(st, 4);
	out->occasion_id = sqlite3_column_int64(st, 5);
	out->course_id = sqlite3_column_int64(st, 6);
	out->course_fee = sqlite3_column_int64(st, 7);
	out->claimed_session_id = sqlite3_column_int64(st, 8);
	store_column_text(st, 9, out->reserved_for, sizeof out->reserved_for);
}

int store_pc_booking_next(store_db *db, int64_t seat_id, int64_t now, int64_t before,
                          store_pc_booking *out, np_err *err)
{
	static const char sql[] = "SELECT " BOOKING_COLUMNS BOOKING_FROM
	                          "WHERE b.seat_id = ?1 AND b.ends_at > ?2 AND b.starts_at < ?3 "
	                          "AND" BOOKING_LIVE "ORDER BY b.starts_at LIMIT 1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the PC's next booking");
	sqlite3_bind_int64(st, 1, seat_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, before);
	return store_fetch_one(db, st, read_booking, out, "read the PC's next booking", err);
}

int store_pc_booking_claim(store_db *db, int64_t booking_id, int64_t session_id, int64_t at,
                           np_err *err)
{
	static const char sql[] = "UPDATE bookings SET claimed_session_id = ?2, claimed_at = ?3 "
	                          "WHERE id = ?1 AND claimed_session_id IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "claim the booking");
	sqlite3_bind_int64(st, 1, booking_id);
	sqlite3_bind_int64(st, 2, session_id);
	sqlite3_bind_int64(st, 3, at);
	return store_step_done(db, st, "claim the booking", err);
}

static void read_id(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

/* The seat ids sql gives (its ?1 and ?2: a and b; ?3: max), at most max
 * of them into seat_ids. Returns the count or -1. */
static int seat_ids_of(store_db *db, const char *sql, int64_t a, int64_t b, int64_t *seat_ids,
                       int max, const char *what, np_err *err)
{
	assert(max > 0);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, what);
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	sqlite3_bind_int(st, 3, max);
	return store_fetch_rows(db, st, read_id, seat_ids, sizeof *seat_ids, max, what, err);
}

int store_pc_booking_release_due(store_db *db, int64_t now, int64_t release_s, int64_t *seat_ids,
                                 int max, np_err *err)
{
	static const char sql[] = "UPDATE bookings SET released_at = ?1 WHERE id IN (SELECT id "
	                          "FROM bookings WHERE resident_id IS NOT NULL "
	                          "AND cancelled_at IS NULL AND released_at IS NULL "
	                          "AND claimed_session_id IS NULL AND starts_at + ?2 <= ?1 "
	                          "ORDER BY starts_at LIMIT ?3) RETURNING seat_id";
	if (release_s <= 0)
		return 0;
	return seat_ids_of(db, sql, now, release_s, seat_ids, max,
	                   "release the bookings nobody came for", err);
}

int64_t store_pc_booking_next_deadline(store_db *db, int64_t now, int64_t release_s)
{
	static const char sql[] =
	    "SELECT min(t) FROM (SELECT min(starts_at + ?2) AS t FROM bookings "
	    "WHERE ?2 > 0 AND resident_id IS NOT NULL AND cancelled_at IS NULL "
	    "AND released_at IS NULL AND claimed_session_id IS NULL AND starts_at + ?2 > ?1 "
	    "UNION ALL SELECT min(ends_at) FROM bookings WHERE ends_at > ?1 "
	    "AND cancelled_at IS NULL AND released_at IS NULL)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, release_s);
	return store_step_int(st, 0);
}

int store_pc_booking_ended_seats(store_db *db, int64_t from, int64_t to, int64_t *seat_ids, int max,
                                 np_err *err)
{
	static const char sql[] = "SELECT DISTINCT seat_id FROM bookings WHERE ends_at >= ?1 "
	                          "AND ends_at < ?2 AND cancelled_at IS NULL "
	                          "AND released_at IS NULL LIMIT ?3";
	return seat_ids_of(db, sql, from, to, seat_ids, max, "read the bookings that ended", err);
}

int store_pc_enrolled(store_db *db, int64_t course_id, int64_t resident_id, np_err *err)
{
	static const char sql[] = "SELECT 1 FROM course_enrolments WHERE course_id = ?1 "
	                          "AND resident_id = ?2 AND left_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the course's participants");
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, resident_id);
	int64_t one = 0;
	return store_fetch_one(db, st, read_id, &one, "read the course's participants", err);
}

int store_pc_session_set_occasion(store_db *db, int64_t session_id, int64_t occasion_id,
                                  np_err *err)
{
	static const char sql[] = "UPDATE sessions SET occasion_id = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "mark the course's session");
	sqlite3_bind_int64(st, 1, session_id);
	sqlite3_bind_int64(st, 2, occasion_id);
	return store_step_done(db, st, "mark the course's session", err);
}

int64_t store_pc_session_occasion(store_db *db, int64_t session_id)
{
	static const char sql[] = "SELECT coalesce(occasion_id, 0) FROM sessions WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, session_id);
	return store_step_int(st, 0);
}

static void read_text(sqlite3_stmt *st, void *row)
{
	char *buf = row;
	store_column_text(st, 0, buf, 128);
}

void store_pc_session_course(store_db *db, int64_t session_id, char *buf, size_t n)
{
	static const char sql[] = "SELECT c.name FROM sessions s JOIN course_occasions o "
	                          "ON o.id = s.occasion_id JOIN courses c ON c.id = o.course_id "
	                          "WHERE s.id = ?1";
	char name[128] = "";
	assert(n > 0);
	if (store_fetch_by_int(db, sql, session_id, read_text, name, "read the session's course",
	                       NULL) != 1)
		name[0] = '\0';
	snprintf(buf, n, "%s", name);
}

int store_pc_attendance_login(store_db *db, int64_t occasion_id, int64_t resident_id,
                              int64_t session_id, int64_t at, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO course_attendance (occasion_id, resident_id, present, source, "
	    "session_id, recorded_at) VALUES (?1, ?2, 1, 'login', ?3, ?4) "
	    "ON CONFLICT (occasion_id, resident_id) DO NOTHING";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "record the attendance");
	sqlite3_bind_int64(st, 1, occasion_id);
	sqlite3_bind_int64(st, 2, resident_id);
	if (session_id > 0)
		sqlite3_bind_int64(st, 3, session_id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, at);
	return store_step_done(db, st, "record the attendance", err);
}

int store_pc_booking_starts_at(store_db *db, int64_t seat_id, int64_t at, int64_t resident_id,
                               int64_t occasion_id, np_err *err)
{
	static const char sql[] =
	    "SELECT 1" BOOKING_FROM "WHERE b.seat_id = ?1 AND b.starts_at = ?2 AND" BOOKING_LIVE
	    "AND coalesce(b.resident_id, -1) <> ?3 "
	    "AND coalesce(b.occasion_id, -1) <> ?4 LIMIT 1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the PC's bookings");
	sqlite3_bind_int64(st, 1, seat_id);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int64(st, 3, resident_id);
	sqlite3_bind_int64(st, 4, occasion_id);
	int64_t one = 0;
	return store_fetch_one(db, st, read_id, &one, "read the PC's bookings", err);
}
