#define _GNU_SOURCE /* F_OFD_SETLK */
#include "store/backup.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "common/np_log.h"
#include "store/db.h"

/* Fills err with an English sentence. Not backup_fail(): the gateway runs
 * these functions on the thread pool, where looking up a translation would
 * race with the loop thread switching languages; netpontd's own messages
 * are English, and the gateway words its refusal itself. Returns -1. */
__attribute__((format(printf, 3, 4))) static int backup_fail(np_err *err, Netpont__ErrorCode code,
                                                             const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	np_err__format(err, code, fmt, fmt, ap);
	va_end(ap);
	return -1;
}

/* fsyncs the file or folder at path. Returns 0 or -1 (errno set). */
static int sync_path(const char *path, bool folder)
{
	int fd = open(path, (folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* The folder of path, into out. */
static void folder_of(const char *path, char *out, size_t n)
{
	char copy[1024];
	snprintf(copy, sizeof copy, "%s", path);
	snprintf(out, n, "%s", dirname(copy));
}

static int copy_failed(np_err *err, const char *dest, const char *why)
{
	return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	                   "Could not write the backup %s: %s", dest, why);
}

int store_backup_copy(sqlite3 *source, const char *dest, np_err *err)
{
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.tmp", dest);
	/* Made here with mode 0600 before SQLite opens it (an empty file is a
	 * new database to SQLite): residents' names never become readable to
	 * others, even for a moment. */
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return copy_failed(err, dest, strerror(errno));
	close(fd);

	sqlite3 *out = NULL;
	char why[300] = "";
	if (sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", out ? sqlite3_errmsg(out) : "out of memory");
		goto fail;
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", source, "main");
	if (b == NULL) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(out));
		goto fail;
	}
	/* All pages in one step: one read transaction on the source, so the
	 * copy is one moment's database and writers elsewhere never make it
	 * start over. */
	int rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
		goto fail;
	}
	/* The pages carry the source's WAL flag; a backup is one file. */
	if (sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(out));
		goto fail;
	}
	if (sqlite3_close(out) != SQLITE_OK) {
		snprintf(why, sizeof why, "%s", sqlite3_errmsg(out));
		out = NULL;
		goto fail;
	}
	out = NULL;
	char folder[1100];
	folder_of(dest, folder, sizeof folder);
	if (sync_path(tmp, false) != 0 || rename(tmp, dest) != 0 || sync_path(folder, true) != 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sqlite3_close(out);
	unlink(tmp);
	return copy_failed(err, dest, why);
}

int store_backup_file(const char *db_path, const char *dest, np_err *err)
{
	sqlite3 *source = NULL;
	/* Read-write without create: a reader of a WAL database may need to
	 * make its -shm file, and a missing database must not be made here. */
	if (sqlite3_open_v2(db_path, &source, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		            "Cannot open the database %s: %s", db_path,
		            source ? sqlite3_errmsg(source) : "out of memory");
		sqlite3_close(source);
		return -1;
	}
	sqlite3_busy_timeout(source, 5000);
	int rc = store_backup_copy(source, dest, err);
	sqlite3_close(source);
	return rc;
}

/* Column 0 of the first row of sql on db, as an int64, into *out. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int not_netpont(np_err *err, const char *path, const char *why)
{
	return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                   "%s is not a Netpont database: %s", path, why);
}

int store_backup_inspect(const char *path, store_backup_info *info, np_err *err)
{
	memset(info, 0, sizeof *info);
	struct stat st;
	if (stat(path, &st) != 0)
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                   "Cannot read %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return not_netpont(err, path, "not a regular file");
	info->size = (int64_t)st.st_size;
	sqlite3 *db = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		not_netpont(err, path, db ? sqlite3_errmsg(db) : "out of memory");
		goto done;
	}
	sqlite3_stmt *check = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, NULL) != SQLITE_OK) {
		not_netpont(err, path, sqlite3_errmsg(db));
		goto done;
	}
	char verdict[200] = "";
	if (sqlite3_step(check) == SQLITE_ROW)
		snprintf(verdict, sizeof verdict, "%s",
		         (const char *)sqlite3_column_text(check, 0));
	else
		snprintf(verdict, sizeof verdict, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(check);
	if (strcmp(verdict, "ok") != 0) {
		backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		            "%s is damaged (SQLite's integrity check says: %s)", path, verdict);
		goto done;
	}
	/* Tables every schema version has: a SQLite file of another program
	 * passes the integrity check too. */
	int64_t tables = 0, version = 0;
	if (query_int(db,
	              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
	              "('staff', 'residents', 'seats', 'sessions', 'ledger', 'settings', "
	              "'audit')",
	              &tables) != 0 ||
	    tables != 7 || query_int(db, "PRAGMA user_version", &version) != 0) {
		not_netpont(err, path, "it lacks Netpont's tables");
		goto done;
	}
	if (version < 1 || version > STORE_SCHEMA_VERSION) {
		backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		            "%s has schema version %d, and this netpontd knows versions 1 to "
		            "%d.",
		            path, (int)version, STORE_SCHEMA_VERSION);
		goto done;
	}
	info->schema_version = (int)version;
	if (query_int(db, "SELECT count(*) FROM residents WHERE guest = 0", &info->residents) !=
	        0 ||
	    query_int(db, "SELECT count(*) FROM ledger WHERE kind = 'payment'", &info->payments) !=
	        0) {
		not_netpont(err, path, sqlite3_errmsg(db));
		goto done;
	}
	rc = 0;
done:
	sqlite3_close(db);
	return rc;
}

int store_backup_before_migration(sqlite3 *source, const char *db_path, int from, int to,
                                  np_err *err)
{
	char folder[1100], dest[1300];
	folder_of(db_path, folder, sizeof folder);
	snprintf(folder + strlen(folder), sizeof folder - strlen(folder), "/backups");
	if (mkdir(folder, 0700) != 0 && errno != EEXIST)
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                   "Could not make the folder %s for the copy taken before "
		                   "migrating %s: %s; the database was not changed.",
		                   folder, db_path, strerror(errno));
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	snprintf(dest, sizeof dest, "%s/netpont-before-v%d-%s.db", folder, to, stamp);
	np_err why = {0};
	if (store_backup_copy(source, dest, &why) != 0)
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                   "%s was not migrated from schema %d to %d, because the "
		                   "copy taken first failed. %s",
		                   db_path, from, to, why.english);
	np_log(NP_LOG_NOTICE,
	       "before migrating %s from schema %d to %d, a copy was saved "
	       "as %s",
	       db_path, from, to, dest);
	return 0;
}

int store_backup_sha256(const char *path, char out[65])
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	unsigned char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	bool failed = ferror(f) != 0;
	fclose(f);
	if (failed)
		return -1;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	return 0;
}

/* ------------------------------------------------------------ the lock */

/* Bytes of the lock file: a running server write-locks SERVER_BYTE; a
 * restore write-locks both; a scheduled backup read-locks RESTORE_BYTE. */
enum { SERVER_BYTE = 0, RESTORE_BYTE = 1 };

static int lock_byte(int fd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	return fcntl(fd, F_OFD_SETLK, &fl);
}

int store_lock_take(const char *db_path, store_lock_kind kind, np_err *err)
{
	char path[1100];
	snprintf(path, sizeof path, "%s.lock", db_path);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                   "Cannot open the lock file %s: %s", path, strerror(errno));
	/* root (a restore or a backup by hand) leaves the lock file to the
	 * database's owner, or its folder's when the database is gone, so that
	 * the service's user can still take it. */
	struct stat owner;
	char folder[1100];
	folder_of(db_path, folder, sizeof folder);
	if (geteuid() == 0 && (stat(db_path, &owner) == 0 || stat(folder, &owner) == 0) &&
	    fchown(fd, owner.st_uid, owner.st_gid) != 0)
		np_log(NP_LOG_ERROR, "cannot give the lock file %s to uid %u: %s", path,
		       (unsigned)owner.st_uid, strerror(errno));
	int rc = 0;
	switch (kind) {
	case STORE_LOCK_SERVER:
		rc = lock_byte(fd, F_WRLCK, SERVER_BYTE, 1);
		if (rc == 0)
			rc = lock_byte(fd, F_RDLCK, RESTORE_BYTE, 1);
		break;
	case STORE_LOCK_RESTORE:
		rc = lock_byte(fd, F_WRLCK, SERVER_BYTE, 2);
		break;
	case STORE_LOCK_BACKUP:
		rc = lock_byte(fd, F_RDLCK, RESTORE_BYTE, 1);
		break;
	}
	if (rc == 0)
		return fd;
	int saved = errno;
	close(fd);
	if (saved != EAGAIN && saved != EACCES)
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                   "Cannot lock %s: %s", path, strerror(saved));
	switch (kind) {
	case STORE_LOCK_SERVER:
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                   "Another netpontd, or a restore, is using the database %s; "
		                   "nothing was started.",
		                   db_path);
	case STORE_LOCK_RESTORE:
		return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                   "netpontd is running on %s (or a backup or restore is under "
		                   "way); nothing was restored. Stop it first: systemctl stop "
		                   "netpontd",
		                   db_path);
	case STORE_LOCK_BACKUP:
		break;
	}
	return backup_fail(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	                   "A restore of %s is under way; no backup was taken.", db_path);
}

void store_lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
