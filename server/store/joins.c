#include "store/joins.h"

#include <string.h>

static void read_row(sqlite3_stmt *st, void *row)
{
	store_join *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->seat_id = sqlite3_column_int64(st, 1);
	out->created_at = sqlite3_column_int64(st, 2);
	out->expires_at = sqlite3_column_int64(st, 3);
	out->used_at = sqlite3_column_int64(st, 4);
	out->retired_at = sqlite3_column_int64(st, 5);
}

int store_join_add(store_db *db, const char *secret_hash, int64_t seat_id, int64_t staff_id,
                   int64_t now, int64_t expires_at, np_err *err)
{
	static const char sql[] = "INSERT INTO join_codes (secret_hash, seat_id, created_by, "
	                          "created_at, expires_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "store the join code");
	sqlite3_bind_text(st, 1, secret_hash, -1, SQLITE_TRANSIENT);
	if (seat_id != 0)
		sqlite3_bind_int64(st, 2, seat_id);
	else
		sqlite3_bind_null(st, 2);
	if (staff_id != 0)
		sqlite3_bind_int64(st, 3, staff_id);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, expires_at);
	int64_t id;
	return store_insert(db, st, &id, "store the join code", err);
}

int store_join_by_hash(store_db *db, const char *secret_hash, store_join *out, np_err *err)
{
	static const char sql[] =
	    "SELECT id, coalesce(seat_id, 0), created_at, expires_at, coalesce(used_at, 0), "
	    "coalesce(retired_at, 0) FROM join_codes WHERE secret_hash = ?";
	return store_fetch_by_text(db, sql, secret_hash, read_row, out, "read a join code", err);
}

int store_join_use(store_db *db, int64_t id, int64_t seat_id, const char *address, int64_t now,
                   np_err *err)
{
	static const char sql[] =
	    "UPDATE join_codes SET used_at = ?, seat_id = ?, used_from = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, seat_id);
		sqlite3_bind_text(st, 3, address, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, id);
	}
	return store_step_done(db, st, "mark the join code used", err);
}

int store_join_retire_seat(store_db *db, int64_t seat_id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE join_codes SET retired_at = ? WHERE seat_id = ? AND "
	                          "used_at IS NULL AND retired_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, seat_id);
	}
	return store_step_done(db, st, "retire the seat's older join codes", err);
}
