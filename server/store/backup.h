/* Copies of the database: consistent copies of a database in use (SQLite's
 * online backup API), what a copy holds, and the lock that keeps a restore
 * and a running netpontd apart.
 *
 * A copy is written beside its final name as NAME.tmp (mode 0600), synced,
 * and renamed into place, so that a crash never leaves a half-written file
 * under a backup's name. Every function here opens its own connections and
 * keeps no state, so it may run on any thread (the gateway takes a backup
 * on the thread pool while the loop serves). */
#ifndef NETPONT_STORE_BACKUP_H
#define NETPONT_STORE_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/np_error.h"

/* What a database file holds, for the sentences that name a copy. */
typedef struct store_backup_info {
	int64_t size;       /* bytes of the file */
	int schema_version; /* its PRAGMA user_version */
	int64_t residents;  /* residents without guests */
	int64_t payments;   /* ledger rows of kind 'payment' */
} store_backup_info;

/* Copies the main database of the open connection source into dest with
 * the online backup API in one step (one read transaction: the copy is the
 * database as of one moment, whatever other connections write meanwhile).
 * The copy is in rollback-journal mode, so it is a single self-contained
 * file. dest is replaced if it exists. Returns 0, or -1 with err naming the
 * file (nothing is left under dest or dest.tmp). */
int store_backup_copy(sqlite3 *source, const char *dest, np_err *err);

/* store_backup_copy() of the database file at db_path, read through a
 * connection of its own (safe while netpontd runs: WAL). The file must
 * exist. */
int store_backup_file(const char *db_path, const char *dest, np_err *err);

/* Checks that path is a Netpont database this program can open
 * (PRAGMA integrity_check, the tables, a user_version from 1 to
 * STORE_SCHEMA_VERSION) and fills *info. Opens it read-only. Returns 0, or
 * -1 with err saying what is wrong. */
int store_backup_inspect(const char *path, store_backup_info *info, np_err *err);

/* The copy taken before a migration: source (the database at db_path, at
 * schema from) is copied into the folder "backups" beside it as
 * netpont-before-v<to>-YYYYMMDD-HHMMSS.db. Returns 0, or -1 with err
 * saying why no copy was made (then the database must not be migrated). */
int store_backup_before_migration(sqlite3 *source, const char *db_path, int from, int to,
                                  np_err *err);

/* SHA-256 of the file at path as 64 lowercase hex digits and a NUL, into
 * out. Returns 0 or -1 (the file cannot be read). */
int store_backup_sha256(const char *path, char out[65]);

/* What a process holding the database's lock file (DB.lock, beside it)
 * is doing. A running server excludes another server and a restore; a
 * restore excludes all three; a scheduled backup excludes a restore only,
 * since it reads a database in use safely. */
typedef enum store_lock_kind {
	STORE_LOCK_SERVER,
	STORE_LOCK_RESTORE,
	STORE_LOCK_BACKUP,
} store_lock_kind;

/* Takes the lock of kind on the lock file of the database at db_path
 * without waiting (open file description locks: released when the fd is
 * closed or the process dies, even by kill -9). Returns the lock's file
 * descriptor (the caller closes it with store_lock_release()), or -1 with
 * err saying who holds it or why the file cannot be opened. */
int store_lock_take(const char *db_path, store_lock_kind kind, np_err *err);

/* Releases a lock from store_lock_take(); -1 is allowed. */
void store_lock_release(int fd);

#endif
