#include "store/db.h"

#include "common/np_log.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/backup.h"

/* The migrations' text, generated at build time from schema.sql,
 * schema-v2.sql ... schema-v11.sql (embed.cmake). */
extern const char store_schema_v1[];
extern const char store_schema_v2[];
extern const char store_schema_v3[];
extern const char store_schema_v4[];
extern const char store_schema_v5[];
extern const char store_schema_v6[];
extern const char store_schema_v7[];
extern const char store_schema_v8[];
extern const char store_schema_v9[];
extern const char store_schema_v10[];
extern const char store_schema_v11[];
extern const char store_schema_v12[];
extern const char store_schema_v13[];
extern const char store_schema_v14[];
extern const char store_schema_v15[];
extern const char store_schema_v16[];
extern const char store_schema_v17[];

/* Migration n (1-based) turns user_version n-1 into n. Later migrations are
 * appended here and never edited once released. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    store_schema_v1, store_schema_v2, store_schema_v3, store_schema_v4,
    store_schema_v5, store_schema_v6, store_schema_v7, store_schema_v8,
    store_schema_v9, store_schema_v10, store_schema_v11, store_schema_v12,
    store_schema_v13, store_schema_v14, store_schema_v15, store_schema_v16,
    store_schema_v17};

/* Enough for every distinct SQL text in the server; store_stmt() asserts. */
#define STMT_CACHE_SIZE 256

struct store_db {
	sqlite3 *sqlite;
	char path[512];
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE_SIZE];
	size_t cached;
};

const char *store_db_path(const store_db *db)
{
	assert(db != NULL);
	return db->path;
}

sqlite3 *store_db_sqlite(store_db *db)
{
	assert(db != NULL);
	return db->sqlite;
}

int store_fail(store_db *db, np_err *err, const char *what)
{
	const char *detail = db && db->sqlite ? sqlite3_errmsg(db->sqlite) : "no database";
	np_log(NP_LOG_ERROR, "database error while trying to %s: %s", what, detail);
	np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	           "The server could not %s because of a database error; nothing was changed.",
	           what);
	return np_err_reword(
	    err, N_("The server could not do this because of a database error; nothing was "
	            "changed."));
}

int store_exec(store_db *db, const char *sql, np_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->sqlite, sql, NULL, NULL, &msg) != SQLITE_OK) {
		np_log(NP_LOG_ERROR, "SQL failed: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		    N_("The server's database refused an update; nothing was changed."));
	}
	return 0;
}

static int user_version(store_db *db, int *out)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->sqlite, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Applies every migration above the file's user_version, each in its own
 * transaction together with the new user_version, so a crash mid-way leaves
 * the file at a whole version. */
static int migrate(store_db *db, np_err *err)
{
	int have = 0;
	if (user_version(db, &have) != 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  N_("%s is not a Netpont database (or is damaged): %s"), db->path,
		                  sqlite3_errmsg(db->sqlite));
	if (have > STORE_SCHEMA_VERSION)
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		    N_("%s was written by a newer Netpont (schema %d, this program knows "
		       "%d); refusing to open it."),
		    db->path, have, STORE_SCHEMA_VERSION);
	/* A database in use is copied before its schema changes, so that a
	 * migration that goes wrong loses nothing; a new, empty one has
	 * nothing to lose. No copy, no migration. */
	if (have > 0 && have < STORE_SCHEMA_VERSION &&
	    store_backup_before_migration(db->sqlite, db->path, have, STORE_SCHEMA_VERSION, err) !=
	        0)
		return -1;
	for (int v = have; v < STORE_SCHEMA_VERSION; v++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", v + 1);
		if (store_exec(db, "BEGIN IMMEDIATE", err) != 0)
			return -1;
		if (store_exec(db, migrations[v], err) != 0 || store_exec(db, bump, err) != 0) {
			store_rollback(db);
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			                  N_("Could not bring %s to schema version %d: %s"),
			                  db->path, v + 1, sqlite3_errmsg(db->sqlite));
		}
		if (store_exec(db, "COMMIT", err) != 0)
			return -1;
		np_log(NP_LOG_NOTICE, "database %s migrated to schema version %d", db->path, v + 1);
	}
	return 0;
}

/* np_fold(text): lower case for matching names, case-insensitively also for
 * the accented capitals of Hungarian and its neighbours (Á, É, Ő, Ű, ...):
 * ASCII, Latin-1 and Latin Extended-A, where SQLite's lower() knows ASCII
 * only. Other characters are copied unchanged. */
static void fold_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *in = sqlite3_value_text(argv[0]);
	if (in == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	int n = sqlite3_value_bytes(argv[0]);
	unsigned char *out = sqlite3_malloc(n + 1);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	for (int i = 0; i < n;) {
		unsigned char b = in[i];
		if (b < 0x80) {
			out[i] = (b >= 'A' && b <= 'Z') ? (unsigned char)(b + 32) : b;
			i++;
			continue;
		}
		if ((b & 0xe0) == 0xc0 && i + 1 < n && (in[i + 1] & 0xc0) == 0x80) {
			unsigned cp = ((unsigned)(b & 0x1f) << 6) | (in[i + 1] & 0x3f);
			if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
				cp += 0x20; /* À..Þ -> à..þ */
			else if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14a && cp <= 0x177)) &&
			         cp % 2 == 0)
				cp += 1; /* Ā..ķ, Ŋ..ŷ: capitals at even code points (Ő, Ű) */
			else if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1)
				cp += 1; /* Ĺ..ň: capitals at odd code points */
			/* The folded character is still two bytes long. */
			out[i] = (unsigned char)(0xc0 | (cp >> 6));
			out[i + 1] = (unsigned char)(0x80 | (cp & 0x3f));
			i += 2;
			continue;
		}
		out[i] = b;
		i++;
	}
	out[n] = '\0';
	sqlite3_result_text(ctx, (const char *)out, n, sqlite3_free);
}

int store_db_open(const char *path, bool create, store_db **out, np_err *err)
{
	*out = NULL;
	store_db *db = calloc(1, sizeof *db);
	if (db == NULL)
		return np_err_no_memory(err);
	snprintf(db->path, sizeof db->path, "%s", path);

	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db->sqlite, flags, NULL) != SQLITE_OK) {
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           N_("Cannot open the database %s: %s"), path,
		           db->sqlite ? sqlite3_errmsg(db->sqlite) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->sqlite, 1);
	sqlite3_create_function_v2(db->sqlite, "np_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
	                           NULL, fold_function, NULL, NULL, NULL);
	/* WAL lets readers run beside the writer; FULL makes a COMMIT durable
	 * before a payment is confirmed to the console. */
	if (store_exec(db,
	               "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	               "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
	               err) != 0) {
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           N_("Cannot use the database %s: %s"), path, sqlite3_errmsg(db->sqlite));
		goto fail;
	}
	if (migrate(db, err) != 0)
		goto fail;
	*out = db;
	return 0;
fail:
	store_db_close(db);
	return -1;
}

int store_db_open_readonly(const char *path, store_db **out, np_err *err)
{
	*out = NULL;
	store_db *db = calloc(1, sizeof *db);
	if (db == NULL)
		return np_err_no_memory(err);
	snprintf(db->path, sizeof db->path, "%s", path);
	/* NOMUTEX: the caller lets one thread at a time use the handle. */
	int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db->sqlite, flags, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db->sqlite, 5000) != SQLITE_OK) {
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           N_("Cannot open the database %s: %s"), path,
		           db->sqlite ? sqlite3_errmsg(db->sqlite) : "out of memory");
		store_db_close(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->sqlite, 1);
	sqlite3_stmt *st = store_stmt(db, "PRAGMA user_version");
	int version = st != NULL && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	if (st != NULL)
		sqlite3_reset(st);
	if (version != STORE_SCHEMA_VERSION) {
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           N_("Cannot use the database %s: %s"), path,
		           "not at this program's schema");
		store_db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void store_db_close(store_db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->cached; i++)
		sqlite3_finalize(db->cache[i].stmt);
	if (db->sqlite != NULL) {
		int rc = sqlite3_close(db->sqlite);
		/* Every statement is cached here, so nothing can still be open. */
		assert(rc == SQLITE_OK);
		(void)rc;
	}
	free(db);
}

sqlite3_stmt *store_stmt(store_db *db, const char *sql)
{
	assert(db != NULL && sql != NULL);
	for (size_t i = 0; i < db->cached; i++) {
		if (db->cache[i].sql == sql) {
			sqlite3_stmt *st = db->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	assert(db->cached < STMT_CACHE_SIZE);
	if (db->cached >= STMT_CACHE_SIZE)
		return NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->sqlite, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		np_log(NP_LOG_ERROR, "cannot prepare SQL (%s): %s", sqlite3_errmsg(db->sqlite),
		       sql);
		return NULL;
	}
	db->cache[db->cached].sql = sql;
	db->cache[db->cached].stmt = st;
	db->cached++;
	return st;
}

bool store_in_transaction(store_db *db)
{
	return !sqlite3_get_autocommit(db->sqlite);
}

int store_begin(store_db *db, np_err *err)
{
	assert(!store_in_transaction(db));
	if (sqlite3_exec(db->sqlite, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(db, err, "start a transaction");
	return 0;
}

int store_begin_read(store_db *db, np_err *err)
{
	assert(!store_in_transaction(db));
	if (sqlite3_exec(db->sqlite, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(db, err, "start a transaction");
	return 0;
}

int64_t store_total_changes(store_db *db)
{
	return (int64_t)sqlite3_total_changes64(db->sqlite);
}

int store_commit(store_db *db, np_err *err)
{
	if (sqlite3_exec(db->sqlite, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(db, err, "save the change");
		store_rollback(db);
		return -1;
	}
	return 0;
}

void store_rollback(store_db *db)
{
	/* Statements left mid-step would keep the read transaction alive. */
	for (size_t i = 0; i < db->cached; i++)
		sqlite3_reset(db->cache[i].stmt);
	if (store_in_transaction(db))
		sqlite3_exec(db->sqlite, "ROLLBACK", NULL, NULL, NULL);
}

/* The savepoint statements are cached (store_stmt()) rather than run with
 * sqlite3_exec(), which would compile them again for every request of a
 * batch. */
static int step_savepoint(store_db *db, const char *sql)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char savepoint_sql[] = "SAVEPOINT np_request";
static const char release_sql[] = "RELEASE np_request";
static const char rollback_to_sql[] = "ROLLBACK TO np_request";

int store_savepoint(store_db *db, np_err *err)
{
	assert(store_in_transaction(db));
	if (step_savepoint(db, savepoint_sql) != 0)
		return store_fail(db, err, "start a request's savepoint");
	return 0;
}

int store_release(store_db *db, np_err *err)
{
	if (step_savepoint(db, release_sql) != 0)
		return store_fail(db, err, "keep a request's changes");
	return 0;
}

int store_rollback_to(store_db *db)
{
	/* As in store_rollback(): statements left mid-step are reset first. */
	for (size_t i = 0; i < db->cached; i++)
		sqlite3_reset(db->cache[i].stmt);
	if (!store_in_transaction(db))
		return -1;
	if (step_savepoint(db, rollback_to_sql) != 0 || step_savepoint(db, release_sql) != 0)
		return -1;
	return 0;
}

int64_t store_step_int(sqlite3_stmt *stmt, int64_t dflt)
{
	int64_t v = dflt;
	if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return v;
}

void store_column_text(sqlite3_stmt *stmt, int col, char *buf, size_t n)
{
	assert(n > 0);
	const unsigned char *t = sqlite3_column_text(stmt, col);
	snprintf(buf, n, "%s", t ? (const char *)t : "");
}

int store_fetch_one(store_db *db, sqlite3_stmt *st, store_row_reader read, void *row,
                    const char *what, np_err *err)
{
	if (st == NULL)
		return store_fail(db, err, what);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read(st, row);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, what);
}

int store_fetch_by_int(store_db *db, const char *sql, int64_t key, store_row_reader read, void *row,
                       const char *what, np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL)
		sqlite3_bind_int64(st, 1, key);
	return store_fetch_one(db, st, read, row, what, err);
}

int store_fetch_by_text(store_db *db, const char *sql, const char *key, store_row_reader read,
                        void *row, const char *what, np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	return store_fetch_one(db, st, read, row, what, err);
}

int store_fetch_rows(store_db *db, sqlite3_stmt *st, store_row_reader read, void *rows,
                     size_t row_size, int max, const char *what, np_err *err)
{
	assert(max >= 0);
	if (st == NULL)
		return store_fail(db, err, what);
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read(st, (char *)rows + (size_t)n++ * row_size);
	/* A full array is a complete answer: the caller asked for max. */
	if (n == max)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : store_fail(db, err, what);
}

int store_fetch_each(store_db *db, sqlite3_stmt *st, store_row_reader read, void *row,
                     int (*each)(void *ctx, const void *row), void *ctx, const char *what,
                     np_err *err)
{
	if (st == NULL)
		return store_fail(db, err, what);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read(st, row);
		if (each(ctx, row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, what);
}

int store_step_done(store_db *db, sqlite3_stmt *st, const char *what, np_err *err)
{
	if (st == NULL)
		return store_fail(db, err, what);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, what);
}

int store_insert(store_db *db, sqlite3_stmt *st, int64_t *id, const char *what, np_err *err)
{
	if (store_step_done(db, st, what, err) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->sqlite);
	return 0;
}
