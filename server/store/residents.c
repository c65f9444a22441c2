#include "store/residents.h"

#include <string.h>

#define RESIDENT_COLUMNS                                                                           \
	"r.id, r.login, r.name, r.pin_hash, r.category_id, c.name, r.guest, r.failed_pins, "       \
	"r.note, r.created_at, c.label, coalesce(r.birth_year, 0), coalesce(r.erased_at, 0) FROM " \
	"residents r "                                                                             \
	"JOIN categories c ON c.id = r.category_id"

static void read_row(sqlite3_stmt *st, void *row)
{
	store_resident *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->login, sizeof out->login);
	store_column_text(st, 2, out->name, sizeof out->name);
	store_column_text(st, 3, out->pin_hash, sizeof out->pin_hash);
	out->category_id = sqlite3_column_int64(st, 4);
	store_column_text(st, 5, out->category, sizeof out->category);
	out->guest = sqlite3_column_int(st, 6) != 0;
	out->failed_pins = sqlite3_column_int(st, 7);
	store_column_text(st, 8, out->note, sizeof out->note);
	out->created_at = sqlite3_column_int64(st, 9);
	store_column_text(st, 10, out->category_label, sizeof out->category_label);
	out->birth_year = sqlite3_column_int(st, 11);
	out->erased_at = sqlite3_column_int64(st, 12);
}

int store_resident_by_login(store_db *db, const char *login, store_resident *out, np_err *err)
{
	static const char sql[] = "SELECT " RESIDENT_COLUMNS " WHERE r.login = ?";
	return store_fetch_by_text(db, sql, login, read_row, out, "read a resident's account", err);
}

int store_resident_by_id(store_db *db, int64_t id, store_resident *out, np_err *err)
{
	static const char sql[] = "SELECT " RESIDENT_COLUMNS " WHERE r.id = ?";
	return store_fetch_by_int(db, sql, id, read_row, out, "read a resident's account", err);
}

int store_resident_add(store_db *db, const char *login, const char *name, const char *pin_hash,
                       int64_t category_id, bool guest, const char *note, int64_t now, int64_t *id,
                       np_err *err)
{
	static const char sql[] = "INSERT INTO residents (login, name, pin_hash, category_id, "
	                          "guest, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "add the resident");
	sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, pin_hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, category_id);
	sqlite3_bind_int(st, 5, guest ? 1 : 0);
	sqlite3_bind_text(st, 6, note ? note : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, now);
	return store_insert(db, st, id, "add the resident", err);
}

int store_resident_update(store_db *db, int64_t id, const char *name, int64_t category_id,
                          const char *note, np_err *err)
{
	static const char sql[] =
	    "UPDATE residents SET name = ?, category_id = ?, note = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, category_id);
		sqlite3_bind_text(st, 3, note, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, id);
	}
	return store_step_done(db, st, "change the resident's account", err);
}

int store_resident_set_birth_year(store_db *db, int64_t id, int birth_year, np_err *err)
{
	static const char sql[] = "UPDATE residents SET birth_year = ?1 WHERE id = ?2";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		if (birth_year > 0)
			sqlite3_bind_int(st, 1, birth_year);
		else
			sqlite3_bind_null(st, 1);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, "change the resident's year of birth", err);
}

int store_resident_set_pin(store_db *db, int64_t id, const char *pin_hash, np_err *err)
{
	static const char sql[] = "UPDATE residents SET pin_hash = ?, failed_pins = 0 WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, pin_hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, "change the resident's account", err);
}

int store_resident_set_failed_pins(store_db *db, int64_t id, int failed, np_err *err)
{
	static const char sql[] = "UPDATE residents SET failed_pins = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int(st, 1, failed);
		sqlite3_bind_int64(st, 2, id);
	}
	return store_step_done(db, st, "change the resident's account", err);
}

int store_resident_each(store_db *db, const char *query, bool include_guests, const char *after,
                        int (*each)(void *ctx, const store_resident *row), void *ctx, np_err *err)
{
	/* instr() on np_fold() (db.c) rather than LIKE: accented capitals
	 * match too, and % and _ in a query are plain characters. The range
	 * on login walks residents.login's unique index from the page's
	 * start. */
	static const char sql[] =
	    "SELECT " RESIDENT_COLUMNS
	    " WHERE r.login > ?3 AND (?1 = '' OR instr(np_fold(r.login), np_fold(?1)) > 0 "
	    "OR instr(np_fold(r.name), np_fold(?1)) > 0) AND (?2 OR r.guest = 0) ORDER BY r.login";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the residents");
	sqlite3_bind_text(st, 1, query ? query : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, include_guests ? 1 : 0);
	sqlite3_bind_text(st, 3, after != NULL ? after : "", -1, SQLITE_TRANSIENT);
	int rc;
	store_resident row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		if (each(ctx, &row) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
	                                             : store_fail(db, err, "list the residents");
}

int64_t store_resident_next_guest(store_db *db)
{
	static const char sql[] =
	    "SELECT coalesce(max(CAST(substr(login, 7) AS INTEGER)), 0) + 1 FROM residents "
	    "WHERE guest = 1 AND login GLOB 'guest-[0-9]*'";
	sqlite3_stmt *st = store_stmt(db, sql);
	return st ? store_step_int(st, 1) : 1;
}

int64_t store_category_id(store_db *db, const char *name, np_err *err)
{
	static const char sql[] = "SELECT id FROM categories WHERE name = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the fee categories");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	return store_step_int(st, 0);
}
