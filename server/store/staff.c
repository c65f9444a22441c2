#include "store/staff.h"

#include <string.h>

#define STAFF_COLUMNS "id, name, role, password_hash, created_at, disabled, display_name"

static void read_row(sqlite3_stmt *st, void *row)
{
	store_staff *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->name, sizeof out->name);
	store_column_text(st, 2, out->role, sizeof out->role);
	store_column_text(st, 3, out->password_hash, sizeof out->password_hash);
	out->created_at = sqlite3_column_int64(st, 4);
	out->disabled = sqlite3_column_int(st, 5) != 0;
	store_column_text(st, 6, out->display_name, sizeof out->display_name);
}

int store_staff_by_name(store_db *db, const char *name, store_staff *out, np_err *err)
{
	static const char sql[] = "SELECT " STAFF_COLUMNS " FROM staff WHERE name = ?";
	return store_fetch_by_text(db, sql, name, read_row, out, "read a staff account", err);
}

int store_staff_by_id(store_db *db, int64_t id, store_staff *out, np_err *err)
{
	static const char sql[] = "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?";
	return store_fetch_by_int(db, sql, id, read_row, out, "read a staff account", err);
}

int store_staff_add(store_db *db, const char *name, const char *role, const char *hash, int64_t now,
                    int64_t *id, np_err *err)
{
	static const char sql[] = "INSERT INTO staff (name, role, password_hash, created_at) "
	                          "VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "add the staff account");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, now);
	return store_insert(db, st, id, "add the staff account", err);
}

int store_staff_update(store_db *db, int64_t id, const char *display_name, const char *role,
                       bool disabled, np_err *err)
{
	static const char sql[] =
	    "UPDATE staff SET display_name = ?, role = ?, disabled = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "change the staff account");
	sqlite3_bind_text(st, 1, display_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, disabled ? 1 : 0);
	sqlite3_bind_int64(st, 4, id);
	return store_step_done(db, st, "change the staff account", err);
}

int store_staff_enabled_admins(store_db *db, np_err *err)
{
	static const char sql[] =
	    "SELECT count(*) FROM staff WHERE role = 'admin' AND disabled = 0";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "count the administrators");
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n >= 0 ? n : store_fail(db, err, "count the administrators");
}

int store_staff_set_password(store_db *db, int64_t id, const char *hash, np_err *err)
{
	static const char sql[] = "UPDATE staff SET password_hash = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "change the password");
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	return store_step_done(db, st, "change the password", err);
}

int store_staff_each(store_db *db, int (*each)(void *ctx, const store_staff *row), void *ctx,
                     np_err *err)
{
	static const char sql[] = "SELECT " STAFF_COLUMNS " FROM staff ORDER BY name";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the staff");
	int rc;
	store_staff row;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &row);
		if (each(ctx, &row) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(db, err, "list the staff");
}
