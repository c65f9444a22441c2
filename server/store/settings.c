#include "store/settings.h"

#include <stdio.h>
#include <stdlib.h>

int store_setting_get(store_db *db, const char *key, char *buf, size_t n, np_err *err)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?";
	buf[0] = '\0';
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the settings");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_column_text(st, 0, buf, n);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, "read the settings");
}

int64_t store_setting_int(store_db *db, const char *key, int64_t dflt)
{
	char buf[64];
	if (store_setting_get(db, key, buf, sizeof buf, NULL) != 1 || buf[0] == '\0')
		return dflt;
	char *end = NULL;
	long long v = strtoll(buf, &end, 10);
	return *end == '\0' ? (int64_t)v : dflt;
}

int store_setting_set(store_db *db, const char *key, const char *value, np_err *err)
{
	static const char sql[] = "INSERT INTO settings (key, value) VALUES (?, ?) "
	                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "change the setting");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
	return store_step_done(db, st, "change the setting", err);
}

int store_setting_delete(store_db *db, const char *key, np_err *err)
{
	static const char sql[] = "DELETE FROM settings WHERE key = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "change the setting");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	return store_step_done(db, st, "change the setting", err);
}

int store_setting_each(store_db *db, int (*each)(void *ctx, const char *key, const char *value),
                       void *ctx, np_err *err)
{
	static const char sql[] = "SELECT key, value FROM settings ORDER BY key";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the settings");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (each(ctx, (const char *)sqlite3_column_text(st, 0),
		         (const char *)sqlite3_column_text(st, 1)) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(db, err, "read the settings");
}

int store_closed_date_add(store_db *db, const char *day, const char *note, np_err *err)
{
	static const char sql[] = "INSERT INTO closed_dates (day, note) VALUES (?, ?) "
	                          "ON CONFLICT (day) DO UPDATE SET note = excluded.note";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "add the closed date");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, note ? note : "", -1, SQLITE_TRANSIENT);
	return store_step_done(db, st, "add the closed date", err);
}

int store_closed_date_remove(store_db *db, const char *day, np_err *err)
{
	static const char sql[] = "DELETE FROM closed_dates WHERE day = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "remove the closed date");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	if (store_step_done(db, st, "remove the closed date", err) != 0)
		return -1;
	return sqlite3_changes(store_db_sqlite(db)) > 0 ? 1 : 0;
}

int store_closed_date_each(store_db *db, const char *from, size_t limit,
                           int (*each)(void *ctx, const store_closed_date *date), void *ctx,
                           np_err *err)
{
	static const char sql[] =
	    "SELECT day, note FROM closed_dates WHERE day >= ? ORDER BY day LIMIT ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the closed dates");
	sqlite3_bind_text(st, 1, from ? from : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_closed_date d;
		store_column_text(st, 0, d.day, sizeof d.day);
		store_column_text(st, 1, d.note, sizeof d.note);
		if (each(ctx, &d) != 0)
			break;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
	                                             : store_fail(db, err, "read the closed dates");
}

int64_t store_closed_date_count(store_db *db, const char *from, np_err *err)
{
	static const char sql[] = "SELECT count(*) FROM closed_dates WHERE day >= ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the closed dates");
	sqlite3_bind_text(st, 1, from ? from : "", -1, SQLITE_TRANSIENT);
	int64_t n = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n >= 0 ? n : store_fail(db, err, "read the closed dates");
}
