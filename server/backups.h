/* netpontd --backup-to and --restore (server/backups.c). */
#ifndef NETPONT_BACKUPS_H
#define NETPONT_BACKUPS_H

/* netpontd --backup-to DIR: an online copy of the database at db (safe
 * while netpontd runs on it) as DIR/netpont-YYYY-MM-DD-HHMM.db, mode 0600,
 * synced; then the oldest such files beyond keep (at least 1) are removed,
 * and nothing else in DIR. to "" means the folder "backups" beside the
 * database. Refused while a restore runs. Returns the exit status: 0, or 1
 * after saying why on stderr. */
int backups_to_dir(const char *db, const char *to, unsigned keep);

/* netpontd --restore FILE: refused while a netpontd (or another restore or
 * a backup) uses the database at db, or when file is not a sound Netpont
 * database; otherwise keeps the current database and its WAL as
 * DB.before-restore-TIME and puts a copy of file in its place with the old
 * file's owner and mode (0600 and the folder's owner when there was none).
 * Returns the exit status: 0, or 1 after saying why on stderr. */
int backups_restore(const char *db, const char *file);

#endif
