#define _GNU_SOURCE /* statx, setresuid, getline */
#include "steps.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/keyctl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cups/cups.h>

#include "procs.h"
#include "tree.h"

/* Folders of other accounts in /tmp are searched this deep for the
 * resident's entries (see steps.h). */
#define TMP_SEARCH_DEPTH 64

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ------------------------------------------------------------ processes */

int reset_kill_processes(uid_t uid, unsigned *killed, char *err, size_t err_size)
{
	*killed = 0;
	pid_t *pids = NULL;
	size_t cap = 0;
	uint64_t deadline = now_ms() + RESET_KILL_TIMEOUT_MS;
	int rc = -1;
	for (;;) {
		long n = agent_procs_of_uid(uid, &pids, &cap);
		if (n < 0) {
			snprintf(err, err_size,
			         "cannot read /proc to find the processes of uid %lu",
			         (unsigned long)uid);
			break;
		}
		if (n == 0) {
			rc = 0;
			break;
		}
		if (now_ms() > deadline) {
			snprintf(err, err_size,
			         "%ld processes of uid %lu were still running after %d s of "
			         "SIGKILL",
			         n, (unsigned long)uid, RESET_KILL_TIMEOUT_MS / 1000);
			break;
		}
		/* Stopped first, all of them, so none forks while the others die. */
		for (long i = 0; i < n; i++)
			kill(pids[i], SIGSTOP);
		for (long i = 0; i < n; i++)
			if (kill(pids[i], SIGKILL) == 0)
				(*killed)++;
		/* Killed processes take a moment to become zombies. */
		nanosleep(&(struct timespec){.tv_nsec = 20 * 1000000}, NULL);
	}
	free(pids);
	return rc;
}

/* ------------------------------------------------------------ mounts */

/* Decodes the octal escapes (\040 for a space, \012 for a newline, ...)
 * that /proc/self/mountinfo writes, in place. */
static void mountinfo_unescape(char *s)
{
	char *out = s;
	for (char *in = s; *in != '\0'; in++) {
		if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] >= '0' && in[2] <= '7' &&
		    in[3] >= '0' && in[3] <= '7') {
			*out++ = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
			in += 3;
		} else {
			*out++ = *in;
		}
	}
	*out = '\0';
}

/* Whether a mount point below dir (dir_len bytes and a slash) is the
 * account's: a FUSE mount it made (super options "user_id=UID"; FUSE is the
 * only mount an account can make on its own), or any mount on a path whose
 * first component below dir is one of its folders. The mount point itself
 * cannot tell: its owner is that of the mounted root. */
static bool mount_owned_by(const char *dir, size_t dir_len, const char *point, const char *fstype,
                           const char *super_options, uid_t uid)
{
	char user_id[32];
	snprintf(user_id, sizeof user_id, "user_id=%lu", (unsigned long)uid);
	if (fstype != NULL && super_options != NULL && strncmp(fstype, "fuse", 4) == 0) {
		for (const char *o = super_options; (o = strstr(o, user_id)) != NULL; o++) {
			char after = o[strlen(user_id)];
			if ((o == super_options || o[-1] == ',') &&
			    (after == '\0' || after == ',' || after == '\n'))
				return true;
		}
	}
	const char *rest = point + dir_len + 1;
	const char *slash = strchr(rest, '/');
	if (slash == NULL)
		return false;
	char *first = strndup(rest, (size_t)(slash - rest));
	if (first == NULL)
		return false;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	bool owned =
	    dfd >= 0 && fstatat(dfd, first, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_uid == uid;
	if (dfd >= 0)
		close(dfd);
	free(first);
	return owned;
}

static int by_length_descending(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* The mount points strictly below dir, longest (deepest) first, as a
 * malloc()ed array of malloc()ed strings. Returns how many, or -1. */
static long mounts_under(const char *dir, uid_t owner_uid, char ***out)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (f == NULL)
		return -1;
	size_t dir_len = strlen(dir);
	char **list = NULL;
	long n = 0;
	bool failed = false;
	char *line = NULL;
	size_t line_cap = 0;
	while (getline(&line, &line_cap, f) > 0) {
		/* "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 ..." */
		char *save = NULL, *field = strtok_r(line, " ", &save);
		for (int i = 0; i < 4 && field != NULL; i++)
			field = strtok_r(NULL, " ", &save);
		if (field == NULL)
			continue;
		mountinfo_unescape(field);
		if (strncmp(field, dir, dir_len) != 0 || field[dir_len] != '/' ||
		    field[dir_len + 1] == '\0')
			continue;
		/* After the optional fields, "-" then type, source, super options. */
		char *word, *fstype = NULL, *super_options = NULL;
		while ((word = strtok_r(NULL, " ", &save)) != NULL && strcmp(word, "-") != 0)
			;
		if (word != NULL && (fstype = strtok_r(NULL, " ", &save)) != NULL &&
		    strtok_r(NULL, " ", &save) != NULL)
			super_options = strtok_r(NULL, " \n", &save);
		if (owner_uid != (uid_t)-1 &&
		    !mount_owned_by(dir, dir_len, field, fstype, super_options, owner_uid))
			continue;
		char **grown = realloc(list, (size_t)(n + 1) * sizeof *list);
		char *copy = strdup(field);
		if (grown == NULL || copy == NULL) {
			free(copy);
			list = grown != NULL ? grown : list;
			failed = true;
			break;
		}
		list = grown;
		list[n++] = copy;
	}
	free(line);
	fclose(f);
	if (failed) {
		for (long i = 0; i < n; i++)
			free(list[i]);
		free(list);
		return -1;
	}
	if (n > 1)
		qsort(list, (size_t)n, sizeof *list, by_length_descending);
	*out = list;
	return n;
}

int reset_unmount_under(const char *dir, uid_t owner_uid, unsigned *count, char *err,
                        size_t err_size)
{
	*count = 0;
	/* Mounts can be stacked on one point; a few rounds take them all. */
	for (int round = 0; round < 16; round++) {
		char **points = NULL;
		long n = mounts_under(dir, owner_uid, &points);
		if (n < 0) {
			snprintf(err, err_size, "cannot read /proc/self/mountinfo");
			return -1;
		}
		int rc = 0;
		for (long i = 0; i < n; i++) {
			if (umount2(points[i], MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
				(*count)++;
			} else if (errno != EINVAL && errno != ENOENT && rc == 0) {
				char quoted[512];
				reset_quote(points[i], quoted, sizeof quoted);
				snprintf(err, err_size, "cannot unmount %s: %s", quoted,
				         strerror(errno));
				rc = -1;
			}
			free(points[i]);
		}
		free(points);
		if (rc != 0)
			return -1;
		if (n == 0)
			return 0;
	}
	snprintf(err, err_size, "mounts below %s keep coming back after 16 rounds of unmounting",
	         dir);
	return -1;
}

/* ------------------------------------------------------------ /tmp, /var/tmp, /dev/shm */

static int clean_dir(int fd, const struct stat *self, uid_t uid, unsigned depth, unsigned *count,
                     char *err, size_t err_size)
{
	int listfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	DIR *d = listfd >= 0 ? fdopendir(listfd) : NULL;
	if (d == NULL) {
		if (listfd >= 0)
			close(listfd);
		snprintf(err, err_size, "cannot list a folder: %s", strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue; /* gone meanwhile */
		char sentence[1024];
		if (st.st_uid == uid) {
			if (reset_tree_remove(fd, e->d_name, sentence, sizeof sentence) == 0) {
				(*count)++;
			} else if (rc == 0) {
				/* The first failure is reported; the rest is still
				 * cleaned, so little is left behind. */
				snprintf(err, err_size, "%s", sentence);
				rc = -1;
			}
			continue;
		}
		if (!S_ISDIR(st.st_mode) || st.st_dev != self->st_dev || depth >= TMP_SEARCH_DEPTH)
			continue;
		int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		struct stat sub_st;
		if (sub < 0)
			continue;
		if (fstat(sub, &sub_st) == 0 && sub_st.st_ino == st.st_ino &&
		    clean_dir(sub, &sub_st, uid, depth + 1, count, sentence, sizeof sentence) !=
		        0 &&
		    rc == 0) {
			snprintf(err, err_size, "%s", sentence);
			rc = -1;
		}
		close(sub);
	}
	closedir(d);
	return rc;
}

int reset_clean_tmp(const char *dir, uid_t uid, unsigned *count, char *err, size_t err_size)
{
	*count = 0;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* no /dev/shm in this container: nothing to clean */
		snprintf(err, err_size, "cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	struct stat self;
	char sentence[1024];
	int rc = fstat(fd, &self);
	if (rc != 0)
		snprintf(sentence, sizeof sentence, "%s", strerror(errno));
	else
		rc = clean_dir(fd, &self, uid, 0, count, sentence, sizeof sentence);
	close(fd);
	if (rc != 0)
		snprintf(err, err_size, "cannot clean %s: %s", dir, sentence);
	return rc;
}

/* ------------------------------------------------------------ CUPS */

int reset_cancel_print_jobs(const char *user, unsigned *count, char *note, size_t note_size,
                            char *err, size_t err_size)
{
	*count = 0;
	note[0] = '\0';
	const char *server = cupsServer();
	http_t *http =
	    httpConnect2(server, ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1, 5000, NULL);
	if (http == NULL) {
		snprintf(note, note_size, "CUPS is not running at %s; no print jobs to cancel",
		         server);
		return 0;
	}
	cups_job_t *jobs = NULL;
	int n = cupsGetJobs2(http, &jobs, NULL, 0, CUPS_WHICHJOBS_ACTIVE);
	int rc = 0;
	if (n < 0) {
		snprintf(err, err_size, "CUPS did not list its print jobs: %s",
		         cupsLastErrorString());
		rc = -1;
	}
	for (int i = 0; i < n; i++) {
		if (jobs[i].user == NULL || strcmp(jobs[i].user, user) != 0)
			continue;
		ipp_status_t st = cupsCancelJob2(http, jobs[i].dest, jobs[i].id, 0);
		/* NOT_POSSIBLE: it finished between the list and the cancel. */
		if (st == IPP_STATUS_OK || st == IPP_STATUS_ERROR_NOT_POSSIBLE) {
			(*count)++;
		} else if (rc == 0) {
			snprintf(err, err_size, "CUPS did not cancel print job %d on %s: %s",
			         jobs[i].id, jobs[i].dest, cupsLastErrorString());
			rc = -1;
		}
	}
	if (n > 0)
		cupsFreeJobs(n, jobs);
	httpClose(http);
	return rc;
}

/* ------------------------------------------------------------ kernel keyrings */

/* The child's exit status when the kernel offers no keyrings to it. */
#define KEYRINGS_UNAVAILABLE 100

static long keyctl2(int op, long a, long b)
{
	return syscall(SYS_keyctl, op, a, b, 0L, 0L);
}

/* Runs in the child, as uid: clears each keyring; exits 0, an errno, or
 * KEYRINGS_UNAVAILABLE. Only async-signal-safe calls after fork(). */
static void keyrings_child(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0)
		_exit(errno != 0 && errno < KEYRINGS_UNAVAILABLE ? errno : 1);
	if (keyctl2(KEYCTL_CLEAR, KEY_SPEC_USER_KEYRING, 0) != 0) {
		/* ENOSYS: a kernel without keys; EPERM here: a seccomp filter
		 * (containers) that refuses keyctl to everyone. */
		_exit(errno == ENOSYS || errno == EPERM ? KEYRINGS_UNAVAILABLE : errno);
	}
	if (keyctl2(KEYCTL_CLEAR, KEY_SPEC_USER_SESSION_KEYRING, 0) != 0)
		_exit(errno);
	long persistent = keyctl2(KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_PROCESS_KEYRING);
	if (persistent < 0) {
		/* A kernel without persistent keyrings has none to clear. */
		_exit(errno == EOPNOTSUPP || errno == ENOSYS ? 0 : errno);
	}
	if (keyctl2(KEYCTL_CLEAR, persistent, 0) != 0)
		_exit(errno);
	_exit(0);
}

int reset_clear_keyrings(uid_t uid, gid_t gid, char *note, size_t note_size, char *err,
                         size_t err_size)
{
	note[0] = '\0';
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, err_size, "cannot start a process to clear the keyrings: %s",
		         strerror(errno));
		return -1;
	}
	if (pid == 0)
		keyrings_child(uid, gid);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(err, err_size, "lost the process clearing the keyrings: %s",
			         strerror(errno));
			return -1;
		}
	}
	if (!WIFEXITED(status)) {
		snprintf(err, err_size, "the process clearing the keyrings died (signal %d)",
		         WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		return -1;
	}
	int code = WEXITSTATUS(status);
	if (code == KEYRINGS_UNAVAILABLE) {
		snprintf(note, note_size,
		         "this kernel offers no keyrings here (keyctl is not permitted); none "
		         "to clear");
		return 0;
	}
	if (code != 0) {
		snprintf(err, err_size, "cannot clear the kernel keyrings of uid %lu: %s",
		         (unsigned long)uid, strerror(code));
		return -1;
	}
	return 0;
}
