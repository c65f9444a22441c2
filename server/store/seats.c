#include "store/seats.h"

#include <string.h>

/* A removed seat reads under the name it had (schema-v4.sql). */
#define SEAT_COLUMNS                                                                               \
	"id, coalesce(removed_name, name), token_hash, out_of_order, message, created_at, "        \
	"last_seen, coalesce(removed_at, 0), kiosk_only"

static void read_row(sqlite3_stmt *st, void *row)
{
	store_seat *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->name, sizeof out->name);
	store_column_text(st, 2, out->token_hash, sizeof out->token_hash);
	out->out_of_order = sqlite3_column_int(st, 3) != 0;
	store_column_text(st, 4, out->message, sizeof out->message);
	out->created_at = sqlite3_column_int64(st, 5);
	out->last_seen = sqlite3_column_int64(st, 6);
	out->removed_at = sqlite3_column_int64(st, 7);
	out->kiosk_only = sqlite3_column_int(st, 8) != 0;
}

int store_seat_by_name(store_db *db, const char *name, store_seat *out, np_err *err)
{
	static const char sql[] =
	    "SELECT " SEAT_COLUMNS " FROM seats WHERE name = ? AND removed_at IS NULL";
	return store_fetch_by_text(db, sql, name, read_row, out, "read a seat", err);
}

int store_seat_by_id(store_db *db, int64_t id, store_seat *out, np_err *err)
{
	static const char sql[] = "SELECT " SEAT_COLUMNS " FROM seats WHERE id = ?";
	return store_fetch_by_int(db, sql, id, read_row, out, "read a seat", err);
}

int store_seat_add(store_db *db, const char *name, const char *token_hash, int64_t now, int64_t *id,
                   np_err *err)
{
	static const char sql[] =
	    "INSERT INTO seats (name, token_hash, created_at) VALUES (?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "enrol the PC");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, token_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, now);
	return store_insert(db, st, id, "enrol the PC", err);
}

/* Sets one yes/no column of a seat with sql ("UPDATE seats SET x = ? WHERE
 * id = ?"). */
static int seat_set_flag(store_db *db, const char *sql, int64_t id, bool on, const char *what,
                         np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int(st, 1, on ? 1 : 0);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, what, err);
}

int store_seat_set_out_of_order(store_db *db, int64_t id, bool out_of_order, np_err *err)
{
	return seat_set_flag(db, "UPDATE seats SET out_of_order = ? WHERE id = ?", id, out_of_order,
	                     "lock or unlock the seat", err);
}

int store_seat_set_kiosk_only(store_db *db, int64_t id, bool kiosk_only, np_err *err)
{
	return seat_set_flag(db, "UPDATE seats SET kiosk_only = ? WHERE id = ?", id, kiosk_only,
	                     "make the seat an information point", err);
}

/* Sets one text column of a seat with sql ("UPDATE seats SET x = ? WHERE
 * id = ?"). */
static int seat_set_text(store_db *db, const char *sql, int64_t id, const char *text,
                         const char *what, np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, what, err);
}

int store_seat_set_message(store_db *db, int64_t id, const char *message, np_err *err)
{
	static const char sql[] = "UPDATE seats SET message = ? WHERE id = ?";
	return seat_set_text(db, sql, id, message, "store the message", err);
}

int store_seat_set_token_hash(store_db *db, int64_t id, const char *token_hash, np_err *err)
{
	static const char sql[] = "UPDATE seats SET token_hash = ? WHERE id = ?";
	return seat_set_text(db, sql, id, token_hash, "store the seat's token hash", err);
}

int store_seat_remove(store_db *db, int64_t id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE seats SET removed_at = ?, removed_name = name, "
	                          "name = name || '/' || id WHERE id = ? AND removed_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, "remove the seat", err);
}

int store_seat_touch(store_db *db, int64_t id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE seats SET last_seen = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, "note when the PC was seen", err);
}

int store_seat_each(store_db *db, const char *after, int (*each)(void *ctx, const store_seat *row),
                    void *ctx, np_err *err)
{
	/* A range on seats.name's unique index: each page starts where the
	 * last one ended without reading the rows before it. */
	static const char sql[] = "SELECT " SEAT_COLUMNS
	                          " FROM seats WHERE name > ? AND removed_at IS NULL ORDER BY name";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the seats");
	sqlite3_bind_text(st, 1, after != NULL ? after : "", -1, SQLITE_TRANSIENT);
	int rc;
	store_seat row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		if (each(ctx, &row) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(db, err, "list the seats");
}
