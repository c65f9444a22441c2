#include "store/sessions.h"

#include <assert.h>
#include <string.h>

#define SESSION_COLUMNS                                                                            \
	"s.id, s.seat_id, s.resident_id, s.guest, s.started_at, s.ends_at, s.ended_at, "           \
	"s.end_reason, s.started_by, st.name, r.login, r.name, c.name, f.name "                    \
	"FROM sessions s JOIN seats st ON st.id = s.seat_id "                                      \
	"JOIN residents r ON r.id = s.resident_id JOIN categories c ON c.id = r.category_id "      \
	"LEFT JOIN staff f ON f.id = s.started_by"

static void read_row(sqlite3_stmt *st, void *row)
{
	store_session *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->seat_id = sqlite3_column_int64(st, 1);
	out->resident_id = sqlite3_column_int64(st, 2);
	out->guest = sqlite3_column_int(st, 3) != 0;
	out->started_at = sqlite3_column_int64(st, 4);
	out->ends_at = sqlite3_column_int64(st, 5);
	out->ended_at = sqlite3_column_int64(st, 6);
	store_column_text(st, 7, out->end_reason, sizeof out->end_reason);
	out->started_by = sqlite3_column_int64(st, 8);
	store_column_text(st, 9, out->seat, sizeof out->seat);
	store_column_text(st, 10, out->login, sizeof out->login);
	store_column_text(st, 11, out->name, sizeof out->name);
	store_column_text(st, 12, out->category, sizeof out->category);
	store_column_text(st, 13, out->started_by_name, sizeof out->started_by_name);
}

int store_session_running_on_seat(store_db *db, int64_t seat_id, store_session *out, np_err *err)
{
	static const char sql[] =
	    "SELECT " SESSION_COLUMNS " WHERE s.seat_id = ? AND s.ended_at IS NULL";
	return store_fetch_by_int(db, sql, seat_id, read_row, out, "read a session", err);
}

int store_session_running_for(store_db *db, int64_t resident_id, store_session *out, np_err *err)
{
	static const char sql[] =
	    "SELECT " SESSION_COLUMNS " WHERE s.resident_id = ? AND s.ended_at IS NULL";
	return store_fetch_by_int(db, sql, resident_id, read_row, out, "read a session", err);
}

int store_session_by_id(store_db *db, int64_t id, store_session *out, np_err *err)
{
	static const char sql[] = "SELECT " SESSION_COLUMNS " WHERE s.id = ?";
	return store_fetch_by_int(db, sql, id, read_row, out, "read a session", err);
}

int store_session_start(store_db *db, int64_t seat_id, int64_t resident_id, bool guest,
                        int64_t started_at, int64_t ends_at, int64_t started_by, int64_t *id,
                        np_err *err)
{
	static const char sql[] = "INSERT INTO sessions (seat_id, resident_id, guest, started_at, "
	                          "ends_at, started_by) VALUES (?, ?, ?, ?, ?, ?)";
	assert(ends_at >= started_at);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "start the session");
	sqlite3_bind_int64(st, 1, seat_id);
	sqlite3_bind_int64(st, 2, resident_id);
	sqlite3_bind_int(st, 3, guest ? 1 : 0);
	sqlite3_bind_int64(st, 4, started_at);
	sqlite3_bind_int64(st, 5, ends_at);
	if (started_by > 0)
		sqlite3_bind_int64(st, 6, started_by);
	else
		sqlite3_bind_null(st, 6);
	return store_insert(db, st, id, "start the session", err);
}

int store_session_set_ends_at(store_db *db, int64_t id, int64_t ends_at, np_err *err)
{
	static const char sql[] =
	    "UPDATE sessions SET ends_at = ? WHERE id = ? AND ended_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "extend the session");
	sqlite3_bind_int64(st, 1, ends_at);
	sqlite3_bind_int64(st, 2, id);
	return store_step_done(db, st, "extend the session", err);
}

int store_session_cap_running(store_db *db, int64_t cap, void (*each)(void *ctx, int64_t seat_id),
                              void *ctx, np_err *err)
{
	static const char sql[] = "UPDATE sessions SET ends_at = ?1 "
	                          "WHERE ended_at IS NULL AND ends_at > ?1 RETURNING seat_id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "shorten the running sessions");
	sqlite3_bind_int64(st, 1, cap);
	int rc, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		each(ctx, sqlite3_column_int64(st, 0));
		n++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : store_fail(db, err, "shorten the running sessions");
}

int store_session_end(store_db *db, int64_t id, int64_t ended_at, const char *reason, np_err *err)
{
	static const char sql[] = "UPDATE sessions SET ended_at = ?, end_reason = ? "
	                          "WHERE id = ? AND ended_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "end the session");
	sqlite3_bind_int64(st, 1, ended_at);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, id);
	return store_step_done(db, st, "end the session", err);
}

int64_t store_session_next_end(store_db *db)
{
	static const char sql[] = "SELECT min(ends_at) FROM sessions WHERE ended_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	return st ? store_step_int(st, 0) : 0;
}

int store_session_list_running(store_db *db, int64_t due_before, store_session *out, int max,
                               np_err *err)
{
	static const char sql[] = "SELECT " SESSION_COLUMNS
	                          " WHERE s.ended_at IS NULL AND s.ends_at <= ? ORDER BY s.ends_at";
	assert(max >= 0);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the sessions");
	sqlite3_bind_int64(st, 1, due_before);
	return store_fetch_rows(db, st, read_row, out, sizeof *out, max, "list the sessions", err);
}

int store_session_list_for(store_db *db, int64_t resident_id, store_session *out, int max,
                           np_err *err)
{
	static const char sql[] = "SELECT " SESSION_COLUMNS
	                          " WHERE s.resident_id = ? ORDER BY s.started_at DESC, s.id DESC";
	assert(max >= 0);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the sessions");
	sqlite3_bind_int64(st, 1, resident_id);
	return store_fetch_rows(db, st, read_row, out, sizeof *out, max, "list the sessions", err);
}

int64_t store_session_used(store_db *db, int64_t resident_id, int64_t from, int64_t to, int64_t now)
{
	static const char sql[] = "SELECT coalesce(sum(max(0, min(coalesce(ended_at, ?4), ?3) - "
	                          "max(started_at, ?2))), 0) "
	                          "FROM sessions WHERE resident_id = ?1 AND started_at < ?3 "
	                          "AND coalesce(ended_at, ?4) > ?2";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int64(st, 4, now);
	return store_step_int(st, 0);
}
