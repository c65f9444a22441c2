/* The SQLite store: one database file, opened once by the server.
 *
 * store_db wraps the connection with the pragmas the design requires (WAL,
 * synchronous=FULL, foreign keys, a busy timeout), runs the migrations keyed
 * by PRAGMA user_version, and caches prepared statements so that each SQL
 * text is compiled once. The table-group modules (staff.c, seats.c, ...) use
 * store_stmt() and never keep statements of their own.
 *
 * Not thread-safe: only the event-loop thread touches a store_db. */
#ifndef NETPONT_STORE_DB_H
#define NETPONT_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/np_error.h"

/* The schema version this program writes (the number of migrations). */
#define STORE_SCHEMA_VERSION 17

typedef struct store_db store_db;

/* Opens (creating if create is true) the database at path, sets the pragmas
 * and migrates it to STORE_SCHEMA_VERSION. On success returns 0 and *out owns
 * the handle (close it with store_db_close()). On failure returns -1, fills
 * err with a sentence naming the file, and *out is NULL. A database written
 * by a newer program (higher user_version) is refused. Before migrating a
 * database that has a schema already (user_version 1 or more), a copy is
 * saved in the folder "backups" beside it (store_backup_before_migration());
 * if that fails, the database is not migrated and not opened. */
int store_db_open(const char *path, bool create, store_db **out, np_err *err);

/* Opens the existing database at path read-only, for reading beside the
 * connection store_db_open() gave (WAL lets it read while that one writes):
 * no pragmas that write, no migration; the file must already be at
 * STORE_SCHEMA_VERSION, else it is refused. Such a connection may be used
 * from a thread other than the loop's, by one thread at a time. On success
 * returns 0 and *out owns the handle (store_db_close()); on failure -1 with
 * err (INTERNAL, naming the file) and *out NULL. */
int store_db_open_readonly(const char *path, store_db **out, np_err *err);

/* Finalizes every cached statement and closes the connection. NULL is
 * allowed. After this sqlite3 has no open handle for the file. */
void store_db_close(store_db *db);

/* The path the database was opened with. Owned by db. */
const char *store_db_path(const store_db *db);

/* The raw connection, for tests that inspect the file with their own
 * statements. Owned by db. */
sqlite3 *store_db_sqlite(store_db *db);

/* Returns the cached prepared statement for sql, preparing it on first use.
 * sql must be a string with static storage duration: the cache is keyed by
 * its address. The statement is reset and its bindings cleared, ready to
 * bind. Returns NULL (and logs) only if the SQL does not compile, which is a
 * programming error. Owned by db: never finalize it. */
sqlite3_stmt *store_stmt(store_db *db, const char *sql);

/* Transactions: one per request. store_begin() takes the write lock at once
 * (BEGIN IMMEDIATE) so that a request never fails half-way on SQLITE_BUSY.
 * Each returns 0 or -1 with err set to INTERNAL. store_rollback() is safe to
 * call when no transaction is open. */
int store_begin(store_db *db, np_err *err);
/* A transaction for a request that only reads (BEGIN, deferred): no write
 * lock, no journal and no fsync at its COMMIT, and until its first read
 * not even a read lock (a Ping reads nothing). Its reads still see one
 * snapshot. Ended with store_commit() or store_rollback(). */
int store_begin_read(store_db *db, np_err *err);
/* How many rows this connection's statements have changed since it opened
 * (sqlite3_total_changes64): equal before and after a piece of work that
 * wrote nothing. */
int64_t store_total_changes(store_db *db);
int store_commit(store_db *db, np_err *err);
void store_rollback(store_db *db);
bool store_in_transaction(store_db *db);

/* Group commit (server/gateway.c): the requests of one batch share one
 * transaction, and each runs inside a savepoint of its own, so that a
 * refused request takes back only its own changes. store_savepoint() opens
 * the request's savepoint inside the open transaction; store_release()
 * keeps its changes in the transaction (they are durable only once the
 * transaction commits); store_rollback_to() takes them back and ends the
 * savepoint, leaving the transaction open. One request's savepoint at a
 * time: they are not nested. store_savepoint() and store_release() return 0
 * or -1 with err set to INTERNAL; store_rollback_to() returns 0, or -1 when
 * SQLite had rolled back the whole transaction already (a full disk or an
 * I/O error does that: every change of the batch is gone). */
int store_savepoint(store_db *db, np_err *err);
int store_release(store_db *db, np_err *err);
int store_rollback_to(store_db *db);

/* Fills err with INTERNAL and a sentence including the SQLite error, and
 * logs it to stderr. Returns -1. what names the operation ("add the seat"). */
int store_fail(store_db *db, np_err *err, const char *what);

/* Convenience for single-column reads: steps stmt once and returns column 0
 * as int64, or dflt when there is no row. Resets stmt. */
int64_t store_step_int(sqlite3_stmt *stmt, int64_t dflt);

/* Copies column col of the current row into buf (size n), always
 * terminated; NULL becomes "". */
void store_column_text(sqlite3_stmt *stmt, int col, char *buf, size_t n);

/* ------------------------------------------------------------ statements
 * The table-group modules' steps. Each takes the statement from
 * store_stmt() (NULL when the SQL did not compile: then -1 with err), steps
 * it, resets it, and on failure fills err with INTERNAL naming `what` ("read
 * a seat", see store_fail()). */

/* Reads the current row of a SELECT into one of a module's row structs
 * (store_seat, store_resident, ...), which it overwrites. */
typedef void (*store_row_reader)(sqlite3_stmt *st, void *row);

/* Steps a SELECT of at most one row, read with read into row. Returns 1
 * (found), 0 (no row) or -1. */
int store_fetch_one(store_db *db, sqlite3_stmt *st, store_row_reader read, void *row,
                    const char *what, np_err *err);

/* store_fetch_one() of sql, whose only parameter is key. */
int store_fetch_by_int(store_db *db, const char *sql, int64_t key, store_row_reader read, void *row,
                       const char *what, np_err *err);
int store_fetch_by_text(store_db *db, const char *sql, const char *key, store_row_reader read,
                        void *row, const char *what, np_err *err);

/* Steps a SELECT, reading up to max rows into rows, an array of row_size
 * byte structs. Returns the number read (at most max), or -1. */
int store_fetch_rows(store_db *db, sqlite3_stmt *st, store_row_reader read, void *rows,
                     size_t row_size, int max, const char *what, np_err *err);

/* Steps a SELECT, reading each row with read into row (the caller's struct,
 * overwritten) and calling each(ctx, row), until the rows run out or each
 * returns non-zero. each must not use the store: the statement is still
 * stepping. Returns 0 or -1. */
int store_fetch_each(store_db *db, sqlite3_stmt *st, store_row_reader read, void *row,
                     int (*each)(void *ctx, const void *row), void *ctx, const char *what,
                     np_err *err);

/* Steps a statement without rows (UPDATE, DELETE, INSERT). Returns 0 or -1. */
int store_step_done(store_db *db, sqlite3_stmt *st, const char *what, np_err *err);

/* store_step_done() for an INSERT; *id is the new row's id. */
int store_insert(store_db *db, sqlite3_stmt *st, int64_t *id, const char *what, np_err *err);

/* Runs one or more SQL statements without results (sqlite3_exec). Returns
 * 0, or -1 with err set to INTERNAL. */
int store_exec(store_db *db, const char *sql, np_err *err);

#endif
