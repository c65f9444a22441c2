/* Volunteer hours. See volunteer.h. */
#include "store/volunteer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define VOLUNTEER_SELECT                                                                           \
	"SELECT v.id, v.staff_id, s.name, s.display_name, v.activity, v.started_at, "              \
	"v.ended_at, v.source, v.shift_id, v.note, r.name, v.recorded_at, v.removed_at, "          \
	"x.name FROM volunteer_periods v JOIN staff s ON s.id = v.staff_id "                       \
	"LEFT JOIN staff r ON r.id = v.recorded_by LEFT JOIN staff x ON x.id = v.removed_by "

static void read_volunteer(sqlite3_stmt *st, void *row)
{
	store_volunteer *v = row;
	memset(v, 0, sizeof *v);
	v->id = sqlite3_column_int64(st, 0);
	v->staff_id = sqlite3_column_int64(st, 1);
	store_column_text(st, 2, v->staff, sizeof v->staff);
	store_column_text(st, 3, v->staff_display_name, sizeof v->staff_display_name);
	store_column_text(st, 4, v->activity, sizeof v->activity);
	v->started_at = sqlite3_column_int64(st, 5);
	v->ended_at = sqlite3_column_int64(st, 6); /* NULL reads as 0 */
	store_column_text(st, 7, v->source, sizeof v->source);
	v->shift_id = sqlite3_column_int64(st, 8);
	store_column_text(st, 9, v->note, sizeof v->note);
	store_column_text(st, 10, v->recorded_by, sizeof v->recorded_by);
	v->recorded_at = sqlite3_column_int64(st, 11);
	v->removed_at = sqlite3_column_int64(st, 12);
	store_column_text(st, 13, v->removed_by, sizeof v->removed_by);
}

/* The local date and time of t: "2026-12-01" and "14:02". */
static void local_date_time(int64_t t, char date[16], char time_of_day[8])
{
	time_t at = (time_t)t;
	struct tm tm;
	localtime_r(&at, &tm);
	strftime(date, 16, "%Y-%m-%d", &tm);
	strftime(time_of_day, 8, "%H:%M", &tm);
}

/* The name people know a volunteer by. */
static const char *volunteer_name(const store_volunteer *v)
{
	return v->staff_display_name[0] != '\0' ? v->staff_display_name : v->staff;
}

bool store_volunteer_activity_ok(const char *activity)
{
	static const char *const known[] = {"desk", "tutoring", "it_help", "event", "other"};
	for (size_t i = 0; activity != NULL && i < sizeof known / sizeof known[0]; i++)
		if (strcmp(activity, known[i]) == 0)
			return true;
	return false;
}

int store_volunteer_get(store_db *db, int64_t id, store_volunteer *out, np_err *err)
{
	static const char sql[] = VOLUNTEER_SELECT "WHERE v.id = ?";
	return store_fetch_by_int(db, sql, id, read_volunteer, out, "read the volunteer period",
	                          err);
}

int store_volunteer_open(store_db *db, int64_t staff_id, store_volunteer *out, np_err *err)
{
	static const char sql[] =
	    VOLUNTEER_SELECT "WHERE v.staff_id = ? AND v.ended_at IS NULL AND v.removed_at IS NULL";
	return store_fetch_by_int(db, sql, staff_id, read_volunteer, out,
	                          "look for the open volunteer period", err);
}

static int refuse_activity(np_err *err)
{
	return np_err_set(
	    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	    N_("The activity must be one of desk, tutoring, it_help, event or other."));
}

int store_volunteer_start(store_db *db, int64_t staff_id, const char *activity, const char *source,
                          int64_t shift_id, int64_t at, store_volunteer *out, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO volunteer_periods (staff_id, activity, started_at, source, shift_id, "
	    "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?1, ?3)";
	if (!store_volunteer_activity_ok(activity))
		return refuse_activity(err);
	store_volunteer open;
	int found = store_volunteer_open(db, staff_id, &open, err);
	if (found < 0)
		return -1;
	if (found > 0) {
		char date[16], hhmm[8];
		local_date_time(open.started_at, date, hhmm);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You are on duty already, since %s on %s."), hhmm, date);
	}
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, staff_id);
		sqlite3_bind_text(st, 2, activity, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, at);
		sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, shift_id);
	}
	int64_t id = 0;
	if (store_insert(db, st, &id, "start the volunteer period", err) < 0)
		return -1;
	return store_volunteer_get(db, id, out, err) > 0 ? 0 : -1;
}

static int end_period(store_db *db, int64_t id, int64_t at, store_volunteer *out, np_err *err)
{
	static const char sql[] = "UPDATE volunteer_periods SET ended_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, at);
		sqlite3_bind_int64(st, 2, id);
	}
	if (store_step_done(db, st, "end the volunteer period", err) < 0)
		return -1;
	return store_volunteer_get(db, id, out, err) > 0 ? 0 : -1;
}

int store_volunteer_end(store_db *db, int64_t staff_id, int64_t at, store_volunteer *out,
                        np_err *err)
{
	store_volunteer open;
	int found = store_volunteer_open(db, staff_id, &open, err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You are not on duty: there is nothing to clock out of."));
	if (at - open.started_at > STORE_VOLUNTEER_MAX_S) {
		char date[16], hhmm[8];
		local_date_time(open.started_at, date, hhmm);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You clocked in at %s on %s, more than 16 hours ago. Ask an "
		                     "administrator to record the hours you worked and to remove "
		                     "this period."),
		                  hhmm, date);
	}
	/* A clock-out within the minute of the clock-in still ends after it:
	 * the table wants ended_at > started_at. */
	return end_period(db, open.id, at > open.started_at ? at : open.started_at + 1, out, err);
}

int store_volunteer_end_shift(store_db *db, int64_t shift_id, int64_t at, store_volunteer *out,
                              np_err *err)
{
	static const char sql[] =
	    VOLUNTEER_SELECT "WHERE v.shift_id = ? AND v.source = 'shift' AND v.ended_at IS NULL "
	                     "AND v.removed_at IS NULL";
	store_volunteer open;
	int found = store_fetch_by_int(db, sql, shift_id, read_volunteer, &open,
	                               "read the shift's period", err);
	if (found <= 0)
		return found;
	if (end_period(db, open.id, at > open.started_at ? at : open.started_at + 1, out, err) < 0)
		return -1;
	return 1;
}

/* One of staff_id's periods (not removed) that overlaps [from, to), an open
 * one counting as running until now or to, whichever is later. */
static int find_overlap(store_db *db, int64_t staff_id, int64_t from, int64_t to, int64_t now,
                        store_volunteer *out, np_err *err)
{
	static const char sql[] = VOLUNTEER_SELECT
	    "WHERE v.staff_id = ?1 AND v.removed_at IS NULL AND v.started_at < ?3 "
	    "AND COALESCE(v.ended_at, MAX(?3, ?4)) > ?2 ORDER BY v.started_at LIMIT 1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, staff_id);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		sqlite3_bind_int64(st, 4, now);
	}
	return store_fetch_one(db, st, read_volunteer, out, "look for overlapping periods", err);
}

int store_volunteer_add(store_db *db, int64_t staff_id, const char *activity, int64_t started_at,
                        int64_t ended_at, const char *note, int64_t recorded_by, int64_t now,
                        store_volunteer *out, np_err *err)
{
	static const char sql[] = "INSERT INTO volunteer_periods (staff_id, activity, started_at, "
	                          "ended_at, source, note, "
	                          "recorded_by, recorded_at) VALUES (?, ?, ?, ?, 'admin', ?, ?, ?)";
	if (!store_volunteer_activity_ok(activity))
		return refuse_activity(err);
	if (note == NULL)
		note = "";
	if (strlen(note) > 200)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The note is too long (at most 200 characters)."));
	char from_date[16], from_hhmm[8], to_date[16], to_hhmm[8];
	local_date_time(started_at, from_date, from_hhmm);
	local_date_time(ended_at, to_date, to_hhmm);
	if (ended_at <= started_at)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The end (%s) must be after the start (%s)."), to_hhmm,
		                  from_hhmm);
	if (ended_at - started_at > STORE_VOLUNTEER_MAX_S)
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A period can be at most 16 hours long; record a longer one as "
		       "two periods."));
	if (ended_at > now)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The period %s %s-%s has not ended yet; record it once it is "
		                     "over."),
		                  from_date, from_hhmm, to_hhmm);
	store_volunteer other;
	int found = find_overlap(db, staff_id, started_at, ended_at, now, &other, err);
	if (found < 0)
		return -1;
	if (found > 0) {
		char date[16], from[8], to[8];
		local_date_time(other.started_at, date, from);
		if (other.ended_at == 0)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s is on duty since %s on %s, which overlaps this "
			                     "period."),
			                  volunteer_name(&other), from, date);
		char end_date[16];
		local_date_time(other.ended_at, end_date, to);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s already has a period on %s from %s to %s (number %lld), "
		                     "which overlaps this one."),
		                  volunteer_name(&other), date, from, to, (long long)other.id);
	}
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, staff_id);
		sqlite3_bind_text(st, 2, activity, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, started_at);
		sqlite3_bind_int64(st, 4, ended_at);
		sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, recorded_by);
		sqlite3_bind_int64(st, 7, now);
	}
	int64_t id = 0;
	if (store_insert(db, st, &id, "record the volunteer period", err) < 0)
		return -1;
	return store_volunteer_get(db, id, out, err) > 0 ? 0 : -1;
}

int store_volunteer_remove(store_db *db, int64_t id, int64_t removed_by, int64_t now,
                           store_volunteer *out, np_err *err)
{
	static const char sql[] =
	    "UPDATE volunteer_periods SET removed_at = ?, removed_by = ? WHERE id = ?";
	store_volunteer v;
	int found = store_volunteer_get(db, id, &v, err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no volunteer period number %lld."), (long long)id);
	if (v.removed_at != 0) {
		char date[16], hhmm[8];
		local_date_time(v.removed_at, date, hhmm);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Period number %lld was removed already, at %s on %s."),
		                  (long long)id, hhmm, date);
	}
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, removed_by);
		sqlite3_bind_int64(st, 3, id);
	}
	if (store_step_done(db, st, "remove the volunteer period", err) < 0)
		return -1;
	return store_volunteer_get(db, id, out, err) > 0 ? 0 : -1;
}

int store_volunteer_each(store_db *db, int64_t staff_id, int64_t from, int64_t to,
                         bool include_removed, int (*each)(void *ctx, const store_volunteer *row),
                         void *ctx, np_err *err)
{
	static const char sql[] = VOLUNTEER_SELECT
	    "WHERE v.started_at >= ?2 AND v.started_at < ?3 AND (?1 = 0 OR v.staff_id = ?1) "
	    "AND (?4 OR v.removed_at IS NULL) ORDER BY v.started_at, v.id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, staff_id);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, to);
		sqlite3_bind_int(st, 4, include_removed ? 1 : 0);
	}
	store_volunteer row;
	return store_fetch_each(db, st, read_volunteer, &row, (int (*)(void *, const void *))each,
	                        ctx, "read the volunteer periods", err);
}
