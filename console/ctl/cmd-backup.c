/* backup FILE: the server takes a consistent copy of its database while it
 * runs; netpontctl fetches it in chunks, checks its size and SHA-256, and
 * only then gives it FILE's name (a temporary file beside FILE, mode 0600,
 * synced and renamed), so a failure never leaves a half-written FILE. */
#define _GNU_SOURCE /* renameat2, RENAME_NOREPLACE */
#include "ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Refuses, before anything is asked of the server, a FILE that cannot be
 * written: its folder missing or not writable, or FILE there already
 * (unless force). Returns CTL_EXIT_OK or CTL_EXIT_REFUSED after saying
 * why. */
static int backup_target_ok(const char *file, bool force)
{
	g_autofree char *folder = g_path_get_dirname(file);
	struct stat st;
	if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
		ctl_error(_("The folder %s does not exist; no backup was taken."), folder);
		return CTL_EXIT_REFUSED;
	}
	if (access(folder, W_OK) != 0) {
		ctl_error(_("You cannot write into the folder %s; no backup was taken."), folder);
		return CTL_EXIT_REFUSED;
	}
	if (!force && lstat(file, &st) == 0) {
		ctl_error(_("%s exists already; choose another name, or add --force to replace "
		            "it. No backup was taken."),
		          file);
		return CTL_EXIT_REFUSED;
	}
	return CTL_EXIT_OK;
}

/* The temporary file while it is written, for the signal handler: an
 * interrupted backup (Ctrl+C, a stopped terminal session) leaves nothing. */
static char interrupted_tmp[4096];

static void remove_tmp_and_exit(int signum)
{
	if (interrupted_tmp[0] != '\0')
		unlink(interrupted_tmp);
	signal(signum, SIG_DFL);
	raise(signum);
}

/* Removes the temporary file if a signal ends netpontctl (on = true), or
 * stops doing so (on = false). */
static void remove_tmp_on_signal(const char *tmp, bool on)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
	if (on)
		snprintf(interrupted_tmp, sizeof interrupted_tmp, "%s", tmp);
	for (size_t i = 0; i < G_N_ELEMENTS(signals); i++)
		signal(signals[i], on ? remove_tmp_and_exit : SIG_DFL);
	if (!on)
		interrupted_tmp[0] = '\0';
}

/* Writes all of data to fd. Returns 0 or -1 (errno). */
static int write_all(int fd, const uint8_t *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Fetches the copy the server holds into fd, checking each chunk's place
 * and the whole file's SHA-256. Returns CTL_EXIT_OK or the exit status
 * after saying why. */
static int fetch_backup(ctl_ctx *ctx, const Netpont__BackupReady *ready, int fd, const char *tmp)
{
	g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
	int64_t offset = 0;
	bool last = ready->size == 0;
	while (!last) {
		Netpont__BackupChunk m = NETPONT__BACKUP_CHUNK__INIT;
		m.backup_id = ready->backup_id;
		m.offset = offset;
		Netpont__Envelope *reply = NULL;
		int rc = ctl_request(ctx, NETPONT__ENVELOPE__BODY_BACKUP_CHUNK, &m,
		                     NETPONT__ENVELOPE__BODY_BACKUP_CHUNK_REPLY, &reply);
		if (rc != CTL_EXIT_OK)
			return rc;
		const Netpont__BackupChunkReply *r = reply->backup_chunk_reply;
		bool fits = r->offset == offset && r->data.len > 0 &&
		            offset + (int64_t)r->data.len <= ready->size;
		if (fits && write_all(fd, r->data.data, r->data.len) != 0) {
			ctl_error(_("Could not write %s: %s; no backup was kept."), tmp,
			          g_strerror(errno));
			ctl_reply_free(reply);
			return CTL_EXIT_REFUSED;
		}
		if (fits) {
			g_checksum_update(sum, r->data.data, r->data.len);
			offset += (int64_t)r->data.len;
		}
		last = r->last;
		ctl_reply_free(reply);
		if (!fits)
			break;
	}
	if (offset != ready->size || !last ||
	    g_strcmp0(g_checksum_get_string(sum), ready->sha256) != 0) {
		ctl_error(_("The backup arrived damaged (%lld of %lld bytes, or another SHA-256); "
		            "no backup was kept. Try again."),
		          (long long)offset, (long long)ready->size);
		return CTL_EXIT_REFUSED;
	}
	return CTL_EXIT_OK;
}

/* "Backup written to FILE: 1.2 MB, 11 residents, 34 payments." */
static int say_written(ctl_ctx *ctx, const char *file, const Netpont__BackupReady *r)
{
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_string(b, "file", file);
		ctl_json_add_int(b, "size", r->size);
		ctl_json_add_string(b, "sha256", r->sha256);
		ctl_json_add_int(b, "residents", r->residents);
		ctl_json_add_int(b, "payments", r->payments);
		ctl_json_add_int(b, "schema_version", r->schema_version);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *size = g_format_size((guint64)r->size);
	g_autofree char *residents = g_strdup_printf(
	    ngettext("%lld resident", "%lld residents", (unsigned long)r->residents),
	    (long long)r->residents);
	g_autofree char *payments =
	    g_strdup_printf(ngettext("%lld payment", "%lld payments", (unsigned long)r->payments),
	                    (long long)r->payments);
	g_autofree char *sentence = g_strdup_printf(_("Backup written to %s: %s, %s, %s."), file,
	                                            size, residents, payments);
	printf("%s\n", sentence);
	return CTL_EXIT_OK;
}

/* Gives tmp the name file: never over an existing file unless force (a
 * file system without RENAME_NOREPLACE gets a hard link, which refuses an
 * existing name just as atomically). Returns 0 or -1 (errno). */
static int name_backup(const char *tmp, const char *file, bool force)
{
	if (force)
		return rename(tmp, file);
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	if (link(tmp, file) != 0)
		return -1;
	unlink(tmp);
	return 0;
}

/* Makes the temporary file beside file, fetches the copy into it, syncs
 * it and gives it file's name. Returns CTL_EXIT_OK or the exit status
 * after saying why; no temporary file is left either way. */
static int write_backup(ctl_ctx *ctx, const Netpont__BackupReady *ready, const char *file,
                        bool force)
{
	g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", file);
	/* The signals wait while the file is made and its handler set, so
	 * that no moment leaves a file nobody removes. */
	sigset_t ending, before;
	sigemptyset(&ending);
	sigaddset(&ending, SIGINT);
	sigaddset(&ending, SIGTERM);
	sigaddset(&ending, SIGHUP);
	sigprocmask(SIG_BLOCK, &ending, &before);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	int saved = errno;
	if (fd >= 0)
		remove_tmp_on_signal(tmp, true);
	sigprocmask(SIG_SETMASK, &before, NULL);
	if (fd < 0) {
		ctl_error(_("Could not make a file beside %s: %s; no backup was taken."), file,
		          g_strerror(saved));
		return CTL_EXIT_REFUSED;
	}
	int rc = fetch_backup(ctx, ready, fd, tmp);
	bool synced = rc == CTL_EXIT_OK && fsync(fd) == 0;
	saved = errno;
	if (close(fd) != 0 && synced) {
		synced = false;
		saved = errno;
	}
	if (rc == CTL_EXIT_OK && !synced) {
		ctl_error(_("Could not write %s: %s; no backup was kept."), tmp, g_strerror(saved));
		rc = CTL_EXIT_REFUSED;
	}
	if (rc == CTL_EXIT_OK && name_backup(tmp, file, force) != 0) {
		if (errno == EEXIST)
			ctl_error(_("%s appeared while the backup was taken; it was left as it is "
			            "and no backup was kept."),
			          file);
		else
			ctl_error(_("Could not name the backup %s: %s; no backup was kept."), file,
			          g_strerror(errno));
		rc = CTL_EXIT_REFUSED;
	}
	if (rc != CTL_EXIT_OK)
		unlink(tmp);
	remove_tmp_on_signal(tmp, false);
	if (rc != CTL_EXIT_OK)
		return rc;
	g_autofree char *folder = g_path_get_dirname(file);
	int dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return CTL_EXIT_OK;
}

static int backup(ctl_ctx *ctx)
{
	const char *file = ctx->args[0];
	bool force = ctl_flag(ctx, "force");
	int rc = backup_target_ok(file, force);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__BackupStart m = NETPONT__BACKUP_START__INIT;
	Netpont__Envelope *ready = NULL;
	rc = ctl_request(ctx, NETPONT__ENVELOPE__BODY_BACKUP_START, &m,
	                 NETPONT__ENVELOPE__BODY_BACKUP_READY, &ready);
	if (rc != CTL_EXIT_OK)
		return rc;
	rc = write_backup(ctx, ready->backup_ready, file, force);
	if (rc == CTL_EXIT_OK)
		rc = say_written(ctx, file, ready->backup_ready);
	ctl_reply_free(ready);
	return rc;
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_backup_commands[] = {
    {"backup", NULL, "backup FILE [--force]",
     N_("a copy of the server's database, taken while it runs (administrator)"), 1, 1, "force",
     false, backup},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
