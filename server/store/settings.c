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
