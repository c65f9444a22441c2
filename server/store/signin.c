#include "store/signin.h"

#include <sodium.h>
#include <string.h>

static const char *const kind_names[] = {
    [STORE_THROTTLE_STAFF] = "staff",
    [STORE_THROTTLE_ADDRESS] = "address",
    [STORE_THROTTLE_RESIDENT] = "resident",
    [STORE_THROTTLE_SEAT] = "seat",
};

static void read_state(sqlite3_stmt *st, void *row)
{
	throttle_state *out = row;
	out->failures = sqlite3_column_int(st, 0);
	out->window_start = sqlite3_column_int64(st, 1);
	out->lockouts = sqlite3_column_int(st, 2);
	out->locked_until = sqlite3_column_int64(st, 3);
}

int store_throttle_get(store_db *db, store_throttle_kind kind, const char *subject,
                       throttle_state *out, np_err *err)
{
	static const char sql[] =
	    "SELECT failures, window_start, lockouts, locked_until FROM signin_throttle "
	    "WHERE kind = ? AND subject = ?";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
	}
	int found = store_fetch_one(db, st, read_state, out, "read the sign-in lock-outs", err);
	return found < 0 ? -1 : 0;
}

int store_throttle_put(store_db *db, store_throttle_kind kind, const char *subject,
                       const throttle_state *state, np_err *err)
{
	static const char sql[] = "INSERT OR REPLACE INTO signin_throttle "
	                          "(kind, subject, failures, window_start, lockouts, locked_until) "
	                          "VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, state->failures);
		sqlite3_bind_int64(st, 4, state->window_start);
		sqlite3_bind_int(st, 5, state->lockouts);
		sqlite3_bind_int64(st, 6, state->locked_until);
	}
	return store_step_done(db, st, "record a wrong sign-in", err);
}

int store_throttle_clear(store_db *db, store_throttle_kind kind, const char *subject, np_err *err)
{
	static const char sql[] = "DELETE FROM signin_throttle WHERE kind = ? AND subject = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, subject, -1, SQLITE_TRANSIENT);
	}
	return store_step_done(db, st, "lift a sign-in lock-out", err);
}

static void read_key(sqlite3_stmt *st, void *row)
{
	/* A key of another length is not ours: it reads as all zero and is
	 * refused below. */
	if (sqlite3_column_bytes(st, 0) == 32)
		memcpy(row, sqlite3_column_blob(st, 0), 32);
}

int store_server_key(store_db *db, const char *name, unsigned char key[32], np_err *err)
{
	static const char select_sql[] = "SELECT key FROM server_keys WHERE name = ?";
	static const char insert_sql[] =
	    "INSERT OR IGNORE INTO server_keys (name, key) VALUES (?, ?)";
	unsigned char fresh[32];
	randombytes_buf(fresh, sizeof fresh);
	sqlite3_stmt *st = store_stmt(db, insert_sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 2, fresh, sizeof fresh, SQLITE_TRANSIENT);
	}
	sodium_memzero(fresh, sizeof fresh);
	if (store_step_done(db, st, "make the server's key", err) != 0)
		return -1;
	memset(key, 0, 32);
	int found =
	    store_fetch_by_text(db, select_sql, name, read_key, key, "read the server's key", err);
	if (found < 0)
		return -1;
	if (found == 0 || sodium_is_zero(key, 32))
		return store_fail(db, err, "read the server's key");
	return 0;
}
