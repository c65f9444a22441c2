#include "store/courses.h"

#include "store/bookings.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ courses */

#define COURSE_COLUMNS                                                                             \
	"c.id, c.name, coalesce(c.tutor_id, 0), coalesce(t.name, ''), "                            \
	"coalesce(t.display_name, ''), c.fee, c.note, c.created_at, coalesce(c.cancelled_at, 0), " \
	"(SELECT count(*) FROM course_enrolments e WHERE e.course_id = c.id AND "                  \
	"e.left_at IS NULL), "                                                                     \
	"(SELECT count(*) FROM course_occasions o WHERE o.course_id = c.id AND "                   \
	"o.cancelled_at IS NULL), "                                                                \
	"coalesce((SELECT min(starts_at) FROM course_occasions o WHERE o.course_id = c.id AND "    \
	"o.cancelled_at IS NULL), 0) AS first_at, "                                                \
	"coalesce((SELECT max(starts_at) FROM course_occasions o WHERE o.course_id = c.id AND "    \
	"o.cancelled_at IS NULL), 0), "                                                            \
	"coalesce((SELECT max(ends_at) FROM course_occasions o WHERE o.course_id = c.id AND "      \
	"o.cancelled_at IS NULL), 0) AS last_ends_at "                                             \
	"FROM courses c LEFT JOIN staff t ON t.id = c.tutor_id"

static void read_course(sqlite3_stmt *st, void *row)
{
	store_course *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->name, sizeof out->name);
	out->tutor_id = sqlite3_column_int64(st, 2);
	store_column_text(st, 3, out->tutor, sizeof out->tutor);
	store_column_text(st, 4, out->tutor_display, sizeof out->tutor_display);
	out->fee = sqlite3_column_int64(st, 5);
	store_column_text(st, 6, out->note, sizeof out->note);
	out->created_at = sqlite3_column_int64(st, 7);
	out->cancelled_at = sqlite3_column_int64(st, 8);
	out->participants = sqlite3_column_int(st, 9);
	out->occasions = sqlite3_column_int(st, 10);
	out->first_at = sqlite3_column_int64(st, 11);
	out->last_at = sqlite3_column_int64(st, 12);
	out->last_ends_at = sqlite3_column_int64(st, 13);
}

int store_course_by_id(store_db *db, int64_t id, store_course *out, np_err *err)
{
	static const char sql[] = "SELECT " COURSE_COLUMNS " WHERE c.id = ?";
	return store_fetch_by_int(db, sql, id, read_course, out, "read a course", err);
}

int store_course_each(store_db *db, bool all, int64_t now,
                      int (*each)(void *ctx, const store_course *row), void *ctx, np_err *err)
{
	static const char sql[] =
	    "SELECT " COURSE_COLUMNS " WHERE ? OR (c.cancelled_at IS NULL AND last_ends_at > ?) "
	    "ORDER BY first_at, c.id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the courses");
	sqlite3_bind_int(st, 1, all ? 1 : 0);
	sqlite3_bind_int64(st, 2, now);
	store_course row;
	return store_fetch_each(db, st, read_course, &row, (int (*)(void *, const void *))each, ctx,
	                        "list the courses", err);
}

static void read_text(sqlite3_stmt *st, void *row)
{
	store_column_text(st, 0, row, 64);
}

int store_course_seat_each(store_db *db, int64_t course_id,
                           int (*each)(void *ctx, const char *seat), void *ctx, np_err *err)
{
	static const char sql[] =
	    "SELECT DISTINCT s.name FROM bookings b JOIN course_occasions o ON o.id = "
	    "b.occasion_id "
	    "JOIN seats s ON s.id = b.seat_id WHERE o.course_id = ? ORDER BY s.name";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read a course's PCs");
	sqlite3_bind_int64(st, 1, course_id);
	char name[64];
	return store_fetch_each(db, st, read_text, name, (int (*)(void *, const void *))each, ctx,
	                        "read a course's PCs", err);
}

/* ------------------------------------------------------------ making one */

static void bind_staff(sqlite3_stmt *st, int col, int64_t staff_id)
{
	if (staff_id > 0)
		sqlite3_bind_int64(st, col, staff_id);
	else
		sqlite3_bind_null(st, col);
}

static int insert_course(store_db *db, const store_course_new *c, int64_t now, int64_t *id,
                         np_err *err)
{
	static const char sql[] = "INSERT INTO courses (name, tutor_id, fee, note, created_by, "
	                          "created_at) VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "add the course");
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_TRANSIENT);
	bind_staff(st, 2, c->tutor_id);
	sqlite3_bind_int64(st, 3, c->fee);
	sqlite3_bind_text(st, 4, c->note ? c->note : "", -1, SQLITE_TRANSIENT);
	bind_staff(st, 5, c->created_by);
	sqlite3_bind_int64(st, 6, now);
	return store_insert(db, st, id, "add the course", err);
}

static int insert_occasion(store_db *db, int64_t course_id, int64_t starts_at, int64_t ends_at,
                           int64_t *id, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO course_occasions (course_id, starts_at, ends_at) VALUES (?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "add the course's occasion");
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, starts_at);
	sqlite3_bind_int64(st, 3, ends_at);
	return store_insert(db, st, id, "add the course's occasion", err);
}

int store_course_create(store_db *db, const store_course_new *c, const int64_t (*occasions)[2],
                        size_t n_occasions, const int64_t *seat_ids, size_t n_seats, int64_t now,
                        int64_t *id, np_err *err)
{
	*id = 0;
	if (store_exec(db, "SAVEPOINT store_course_create", err) != 0)
		return -1;
	int64_t course_id;
	if (insert_course(db, c, now, &course_id, err) != 0)
		goto undo;
	for (size_t i = 0; i < n_occasions; i++) {
		store_booking_new b = {
		    .starts_at = occasions[i][0],
		    .ends_at = occasions[i][1],
		    .created_by = c->created_by,
		};
		if (insert_occasion(db, course_id, b.starts_at, b.ends_at, &b.occasion_id, err) !=
		        0 ||
		    store_booking_add(db, &b, seat_ids, n_seats, now, NULL, err) != 0)
			goto undo;
	}
	if (store_exec(db, "RELEASE store_course_create", err) != 0)
		goto undo;
	*id = course_id;
	return 0;
undo:
	store_exec(db, "ROLLBACK TO store_course_create", NULL);
	store_exec(db, "RELEASE store_course_create", NULL);
	return -1;
}

/* ------------------------------------------------------------ occasions */

#define OCCASION_COLUMNS                                                                           \
	"o.id, o.course_id, o.starts_at, o.ends_at, coalesce(o.cancelled_at, 0), "                 \
	"(SELECT count(*) FROM course_attendance a WHERE a.occasion_id = o.id AND "                \
	"a.present = 1) FROM course_occasions o"

static void read_occasion(sqlite3_stmt *st, void *row)
{
	store_course_occasion *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->course_id = sqlite3_column_int64(st, 1);
	out->starts_at = sqlite3_column_int64(st, 2);
	out->ends_at = sqlite3_column_int64(st, 3);
	out->cancelled_at = sqlite3_column_int64(st, 4);
	out->present = sqlite3_column_int(st, 5);
}

int store_course_occasion_each(store_db *db, int64_t course_id,
                               int (*each)(void *ctx, const store_course_occasion *row), void *ctx,
                               np_err *err)
{
	static const char sql[] =
	    "SELECT " OCCASION_COLUMNS " WHERE o.course_id = ? ORDER BY o.starts_at, o.id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read a course's occasions");
	sqlite3_bind_int64(st, 1, course_id);
	store_course_occasion row;
	return store_fetch_each(db, st, read_occasion, &row, (int (*)(void *, const void *))each,
	                        ctx, "read a course's occasions", err);
}

int store_course_occasion_by_id(store_db *db, int64_t id, store_course_occasion *out, np_err *err)
{
	static const char sql[] = "SELECT " OCCASION_COLUMNS " WHERE o.id = ?";
	return store_fetch_by_int(db, sql, id, read_occasion, out, "read a course's occasion", err);
}

/* ------------------------------------------------------------ participants */

static void read_participant(sqlite3_stmt *st, void *row)
{
	store_course_participant *out = row;
	memset(out, 0, sizeof *out);
	out->resident_id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->login, sizeof out->login);
	store_column_text(st, 2, out->name, sizeof out->name);
	out->enrolled_at = sqlite3_column_int64(st, 3);
	out->left_at = sqlite3_column_int64(st, 4);
}

int store_course_participant_each(store_db *db, int64_t course_id,
                                  int (*each)(void *ctx, const store_course_participant *row),
                                  void *ctx, np_err *err)
{
	static const char sql[] =
	    "SELECT e.resident_id, r.login, r.name, e.enrolled_at, coalesce(e.left_at, 0) "
	    "FROM course_enrolments e JOIN residents r ON r.id = e.resident_id "
	    "WHERE e.course_id = ? ORDER BY r.name, r.login";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read a course's participants");
	sqlite3_bind_int64(st, 1, course_id);
	store_course_participant row;
	return store_fetch_each(db, st, read_participant, &row, (int (*)(void *, const void *))each,
	                        ctx, "read a course's participants", err);
}

int store_course_enrolment(store_db *db, int64_t course_id, int64_t resident_id,
                           store_course_participant *out, np_err *err)
{
	static const char sql[] =
	    "SELECT e.resident_id, r.login, r.name, e.enrolled_at, coalesce(e.left_at, 0) "
	    "FROM course_enrolments e JOIN residents r ON r.id = e.resident_id "
	    "WHERE e.course_id = ? AND e.resident_id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read an enrolment");
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, resident_id);
	return store_fetch_one(db, st, read_participant, out, "read an enrolment", err);
}

int store_course_enrol(store_db *db, int64_t course_id, int64_t resident_id, int64_t by,
                       int64_t now, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO course_enrolments (course_id, resident_id, enrolled_at, enrolled_by) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (course_id, resident_id) DO UPDATE SET "
	    "enrolled_at = excluded.enrolled_at, enrolled_by = excluded.enrolled_by, left_at = "
	    "NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "enrol the resident");
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, resident_id);
	sqlite3_bind_int64(st, 3, now);
	bind_staff(st, 4, by);
	return store_step_done(db, st, "enrol the resident", err);
}

int store_course_leave(store_db *db, int64_t course_id, int64_t resident_id, int64_t now,
                       np_err *err)
{
	static const char sql[] = "UPDATE course_enrolments SET left_at = ? WHERE course_id = ? "
	                          "AND resident_id = ? AND left_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "record that the resident left the course");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, course_id);
	sqlite3_bind_int64(st, 3, resident_id);
	return store_step_done(db, st, "record that the resident left the course", err);
}

int store_course_resident_erased(store_db *db, int64_t resident_id, np_err *err)
{
	static const char sql[] = "SELECT erased_at IS NOT NULL FROM residents WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read a resident");
	sqlite3_bind_int64(st, 1, resident_id);
	int64_t erased = store_step_int(st, -1);
	return erased < 0 ? store_fail(db, err, "read a resident") : (int)erased;
}

/* ------------------------------------------------------------ attendance */

static void read_attendee(sqlite3_stmt *st, void *row)
{
	store_course_attendee *out = row;
	memset(out, 0, sizeof *out);
	out->resident_id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->login, sizeof out->login);
	store_column_text(st, 2, out->name, sizeof out->name);
	out->present = sqlite3_column_int(st, 3) != 0;
	store_column_text(st, 4, out->source, sizeof out->source);
	out->recorded_at = sqlite3_column_int64(st, 5);
}

int store_course_attendance_each(store_db *db, int64_t occasion_id,
                                 int (*each)(void *ctx, const store_course_attendee *row),
                                 void *ctx, np_err *err)
{
	static const char sql[] =
	    "SELECT a.resident_id, r.login, r.name, a.present, a.source, a.recorded_at "
	    "FROM course_attendance a JOIN residents r ON r.id = a.resident_id "
	    "WHERE a.occasion_id = ? ORDER BY r.name, r.login";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read an occasion's attendance");
	sqlite3_bind_int64(st, 1, occasion_id);
	store_course_attendee row;
	return store_fetch_each(db, st, read_attendee, &row, (int (*)(void *, const void *))each,
	                        ctx, "read an occasion's attendance", err);
}

int store_course_attendance_set(store_db *db, int64_t occasion_id, int64_t resident_id,
                                bool present, int64_t by, int64_t now, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO course_attendance (occasion_id, resident_id, present, source, "
	    "recorded_at, recorded_by) VALUES (?, ?, ?, 'tutor', ?, ?) "
	    "ON CONFLICT (occasion_id, resident_id) DO UPDATE SET present = excluded.present, "
	    "source = 'tutor', recorded_at = excluded.recorded_at, "
	    "recorded_by = excluded.recorded_by";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "record the attendance");
	sqlite3_bind_int64(st, 1, occasion_id);
	sqlite3_bind_int64(st, 2, resident_id);
	sqlite3_bind_int(st, 3, present ? 1 : 0);
	sqlite3_bind_int64(st, 4, now);
	bind_staff(st, 5, by);
	return store_step_done(db, st, "record the attendance", err);
}

/* ------------------------------------------------------------ cancelling */

/* Ids read into a growing array. */
typedef struct id_list {
	int64_t *ids;
	size_t n, cap;
	bool failed;
} id_list;

static void read_id(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

static int note_id(void *ctx, const void *row)
{
	id_list *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		int64_t *ids = realloc(l->ids, cap * sizeof *ids);
		if (ids == NULL) {
			l->failed = true;
			return 1;
		}
		l->ids = ids;
		l->cap = cap;
	}
	l->ids[l->n++] = *(const int64_t *)row;
	return 0;
}

static int read_ids(store_db *db, sqlite3_stmt *st, id_list *l, const char *what, np_err *err)
{
	int64_t id;
	if (store_fetch_each(db, st, read_id, &id, note_id, l, what, err) != 0)
		return -1;
	return l->failed ? np_err_no_memory(err) : 0;
}

int store_course_occasion_cancel(store_db *db, int64_t occasion_id, int64_t by, int64_t now,
                                 void (*seat)(void *ctx, int64_t seat_id), void *ctx, np_err *err)
{
	static const char seats_sql[] =
	    "SELECT DISTINCT seat_id FROM bookings WHERE occasion_id = ? AND cancelled_at IS NULL "
	    "AND released_at IS NULL";
	static const char bookings_sql[] =
	    "UPDATE bookings SET cancelled_at = ?, cancelled_by = ? WHERE occasion_id = ? AND "
	    "cancelled_at IS NULL AND released_at IS NULL";
	static const char occasion_sql[] =
	    "UPDATE course_occasions SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL";
	const char *what = "cancel the course's occasion";
	sqlite3_stmt *st = store_stmt(db, seats_sql);
	if (st == NULL)
		return store_fail(db, err, what);
	sqlite3_bind_int64(st, 1, occasion_id);
	id_list seats = {0};
	if (read_ids(db, st, &seats, what, err) != 0)
		goto fail;
	if ((st = store_stmt(db, bookings_sql)) == NULL) {
		store_fail(db, err, what);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, now);
	bind_staff(st, 2, by);
	sqlite3_bind_int64(st, 3, occasion_id);
	if (store_step_done(db, st, what, err) != 0)
		goto fail;
	int cancelled = sqlite3_changes(store_db_sqlite(db));
	if ((st = store_stmt(db, occasion_sql)) == NULL) {
		store_fail(db, err, what);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, occasion_id);
	if (store_step_done(db, st, what, err) != 0)
		goto fail;
	for (size_t i = 0; i < seats.n; i++)
		seat(ctx, seats.ids[i]);
	free(seats.ids);
	return cancelled;
fail:
	free(seats.ids);
	return -1;
}

int store_course_cancel(store_db *db, int64_t course_id, int64_t by, int64_t now,
                        void (*seat)(void *ctx, int64_t seat_id), void *ctx, int *occasions,
                        int *bookings, np_err *err)
{
	static const char ahead_sql[] = "SELECT id FROM course_occasions WHERE course_id = ? AND "
	                                "cancelled_at IS NULL AND starts_at > ? ORDER BY starts_at";
	static const char course_sql[] =
	    "UPDATE courses SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL";
	const char *what = "cancel the course";
	*occasions = *bookings = 0;
	sqlite3_stmt *st = store_stmt(db, ahead_sql);
	if (st == NULL)
		return store_fail(db, err, what);
	sqlite3_bind_int64(st, 1, course_id);
	sqlite3_bind_int64(st, 2, now);
	id_list ahead = {0};
	if (read_ids(db, st, &ahead, what, err) != 0)
		goto fail;
	for (size_t i = 0; i < ahead.n; i++) {
		int n = store_course_occasion_cancel(db, ahead.ids[i], by, now, seat, ctx, err);
		if (n < 0)
			goto fail;
		*bookings += n;
		(*occasions)++;
	}
	if ((st = store_stmt(db, course_sql)) == NULL) {
		store_fail(db, err, what);
		goto fail;
	}
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, course_id);
	if (store_step_done(db, st, what, err) != 0)
		goto fail;
	free(ahead.ids);
	return 0;
fail:
	free(ahead.ids);
	return -1;
}
