/* netpontd's backup commands, each run instead of the server and then
 * exiting: --backup-to (a dated online copy and the rotation of the old
 * ones) and --restore (a backup put in the database's place while no
 * netpontd runs). They print what they did on stdout and why they refused
 * on stderr; the copies themselves are store/backup.h's. */
#include "backups.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/backup.h"
#include "common/np_log.h"

/* "1.2 MB" for a sentence. */
static void size_text(int64_t bytes, char *buf, size_t n)
{
	if (bytes >= 1000 * 1000)
		snprintf(buf, n, "%.1f MB", (double)bytes / 1e6);
	else if (bytes >= 1000)
		snprintf(buf, n, "%.1f kB", (double)bytes / 1e3);
	else
		snprintf(buf, n, "%lld bytes", (long long)bytes);
}

/* "1 resident", "11 residents": the singular's noun gets an s. */
static const char *plural(int64_t n)
{
	return n == 1 ? "" : "s";
}

/* Whether name is one of --backup-to's files: netpont-YYYY-MM-DD-HHMM.db.
 * The copies taken before migrations have other names and are never
 * rotated away. */
static bool daily_backup_name(const char *name)
{
	static const char pattern[] = "netpont-####-##-##-####.db";
	if (strlen(name) != sizeof pattern - 1)
		return false;
	for (size_t i = 0; pattern[i] != '\0'; i++)
		if (pattern[i] == '#' ? name[i] < '0' || name[i] > '9' : name[i] != pattern[i])
			return false;
	return true;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes the oldest daily backups in dir beyond keep (their names sort
 * by time). Returns how many were removed, or -1 after saying why. */
static int rotate_backups(const char *dir, unsigned keep)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		np_log(NP_LOG_ERROR, "cannot list %s: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int status = 0;
	while ((e = readdir(d)) != NULL) {
		if (!daily_backup_name(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **grown = realloc(names, cap * sizeof *names);
			if (grown == NULL) {
				status = -1;
				break;
			}
			names = grown;
		}
		if ((names[n] = strdup(e->d_name)) == NULL) {
			status = -1;
			break;
		}
		n++;
	}
	closedir(d);
	int removed = 0;
	if (status == 0) {
		qsort(names, n, sizeof *names, compare_names);
		for (size_t i = 0; i + keep < n; i++) {
			char path[2100];
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			if (unlink(path) != 0) {
				np_log(NP_LOG_ERROR, "cannot remove the old backup %s: %s", path,
				       strerror(errno));
				status = -1;
				break;
			}
			removed++;
		}
	} else {
		np_log(NP_LOG_ERROR, "out of memory while listing %s", dir);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return status == 0 ? removed : -1;
}

/* netpontd --backup-to DIR: one online copy of the database (safe while
 * netpontd runs), named after the local time, then the rotation. Refused
 * while a restore runs (the lock file). */
int backups_to_dir(const char *db, const char *to, unsigned keep)
{
	char dir[1100];
	if (to[0] != '\0')
		snprintf(dir, sizeof dir, "%s", to);
	else {
		char copy[1024];
		snprintf(copy, sizeof copy, "%s", db);
		snprintf(dir, sizeof dir, "%s/backups", dirname(copy));
	}
	if (access(db, F_OK) != 0) {
		np_log(NP_LOG_ERROR, "the database %s does not exist; nothing was backed up", db);
		return 1;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		np_log(NP_LOG_ERROR, "cannot make the backup folder %s: %s", dir, strerror(errno));
		return 1;
	}
	if (access(dir, W_OK) != 0) {
		np_log(NP_LOG_ERROR, "cannot write into the backup folder %s: %s", dir,
		       strerror(errno));
		return 1;
	}
	np_err err = {0};
	int lock = store_lock_take(db, STORE_LOCK_BACKUP, &err);
	if (lock < 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return 1;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char stamp[32], dest[1200];
	strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M", &tm);
	snprintf(dest, sizeof dest, "%s/netpont-%s.db", dir, stamp);
	store_backup_info info;
	int rc = store_backup_file(db, dest, &err);
	store_lock_release(lock);
	if (rc != 0 || store_backup_inspect(dest, &info, &err) != 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return 1;
	}
	int removed = rotate_backups(dir, keep);
	if (removed < 0)
		return 1;
	char size[32];
	size_text(info.size, size, sizeof size);
	printf("Backup written to %s: %s, %lld resident%s, %lld payment%s.\n", dest, size,
	       (long long)info.residents, plural(info.residents), (long long)info.payments,
	       plural(info.payments));
	if (removed > 0)
		printf("Removed %d older backup%s; the newest %u are kept in %s.\n", removed,
		       removed == 1 ? "" : "s", keep, dir);
	return 0;
}

/* Renames from to to; a missing from is fine. Returns 0 or -1 (errno). */
static int rename_if_present(const char *from, const char *to)
{
	if (rename(from, to) != 0 && errno != ENOENT)
		return -1;
	return 0;
}

/* netpontd --restore FILE: while no netpontd runs on the database (the lock
 * file), checks FILE, keeps the current database (with its WAL, so nothing
 * committed is lost) as DB.before-restore-TIME, and puts a copy of FILE in
 * its place with the old file's owner and mode. */
int backups_restore(const char *db, const char *file)
{
	np_err err = {0};
	store_backup_info info;
	if (store_backup_inspect(file, &info, &err) != 0) {
		np_log(NP_LOG_ERROR, "%s; nothing was restored", err.message);
		return 1;
	}
	char folder[1024];
	snprintf(folder, sizeof folder, "%s", db);
	dirname(folder);
	struct stat owner;
	bool had_db = stat(db, &owner) == 0;
	/* A destroyed database leaves its folder: the service's state folder,
	 * whose owner is the service's user. */
	if (!had_db && stat(folder, &owner) != 0) {
		np_log(NP_LOG_ERROR, "the folder %s of the database does not exist: %s", folder,
		       strerror(errno));
		return 1;
	}
	mode_t mode = had_db ? (owner.st_mode & 0777) : 0600;
	int lock = store_lock_take(db, STORE_LOCK_RESTORE, &err);
	if (lock < 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return 1;
	}

	char incoming[1200];
	snprintf(incoming, sizeof incoming, "%s.restoring", db);
	int status = 1;
	if (store_backup_file(file, incoming, &err) != 0) {
		np_log(NP_LOG_ERROR, "%s; nothing was restored", err.message);
		goto done;
	}
	if (chmod(incoming, mode) != 0 ||
	    (geteuid() == 0 && chown(incoming, owner.st_uid, owner.st_gid) != 0)) {
		np_log(NP_LOG_ERROR,
		       "cannot give %s the database's owner and mode: %s; "
		       "nothing was restored",
		       incoming, strerror(errno));
		unlink(incoming);
		goto done;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char suffix[64], kept[1200], wal[1200], kept_wal[1300], shm[1200];
	strftime(suffix, sizeof suffix, ".before-restore-%Y%m%d-%H%M%S", &tm);
	snprintf(kept, sizeof kept, "%s%s", db, suffix);
	snprintf(wal, sizeof wal, "%s-wal", db);
	snprintf(kept_wal, sizeof kept_wal, "%s-wal", kept);
	snprintf(shm, sizeof shm, "%s-shm", db);
	/* The WAL goes with its database under the new name (SQLite finds
	 * NAME-wal beside NAME), so the kept copy has every committed change,
	 * and a WAL left without its database is never replayed into the
	 * restored one; the -shm index is rebuilt from the WAL. */
	if (rename_if_present(db, kept) != 0 || rename_if_present(wal, kept_wal) != 0 ||
	    (unlink(shm) != 0 && errno != ENOENT)) {
		np_log(NP_LOG_ERROR,
		       "cannot move the current database aside: %s; nothing "
		       "was restored",
		       strerror(errno));
		unlink(incoming);
		goto done;
	}
	if (rename(incoming, db) != 0) {
		np_log(NP_LOG_ERROR, "cannot put the restored database in place: %s",
		       strerror(errno));
		goto done;
	}
	int dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	char size[32];
	size_text(info.size, size, sizeof size);
	printf("Restored %s into %s: %s, schema %d, %lld resident%s, %lld payment%s.\n", file, db,
	       size, info.schema_version, (long long)info.residents, plural(info.residents),
	       (long long)info.payments, plural(info.payments));
	if (had_db)
		printf("The previous database is kept as %s.\n", kept);
	printf("Start the server now: systemctl start netpontd\n");
	status = 0;
done:
	store_lock_release(lock);
	return status;
}
