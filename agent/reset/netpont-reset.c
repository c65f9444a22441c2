/* netpont-reset: makes a Netpont public PC clean for the next person.
 *
 * Run as root by its own systemd unit (netpont-reset.service), which
 * netpont-agent starts after every session ([session] reset in agent.conf).
 * In order, each step failing closed with a sentence on stderr:
 *   1. every process of the public account is killed (SIGSTOP + SIGKILL
 *      over /proc until none is left, which also stops fork bombs);
 *      if any survives, nothing else is done;
 *   2. its home folder is replaced from the skeleton: anything mounted
 *      below it is unmounted lazily, a fresh copy of the skeleton is built
 *      next to it and swapped in atomically, and the old tree is deleted
 *      through file descriptors (tree.h), whatever its depth, names,
 *      symbolic links or read-only folders;
 *   3. its entries in /tmp, /var/tmp and /dev/shm are deleted;
 *   4. its CUPS print jobs are cancelled (libcups; no CUPS is no error);
 *   5. its kernel keyrings are cleared (its gnome-keyring files went with
 *      the home folder).
 *
 * Exit status: 0 done; 1 a step failed (the PC must stay locked; the agent
 * tries again); 2 refused before touching anything (wrong arguments, or a
 * home folder, skeleton or account that must never be reset). */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "steps.h"
#include "tree.h"

#define PROG "netpont-reset"

/* Below this a uid is a system account (Debian's FIRST_UID). */
#define RESET_FIRST_UID 1000

static const char usage[] =
    "Usage: " PROG " [--user NAME|UID] [--home DIR] [--skel DIR] [--tmp-dirs DIR,DIR...]\n"
    "                     [--no-cups] [--allow-uid] [--dry-run]\n"
    "Makes the public account clean for the next person: its processes killed, its\n"
    "home folder replaced by a copy of the skeleton, its files in the temporary\n"
    "folders deleted, its print jobs cancelled, its kernel keyrings cleared.\n"
    "\n"
    "  --user NAME|UID   the public account (default netpont-public)\n"
    "  --home DIR        its home folder (default: from the password database)\n"
    "  --skel DIR        the clean copy (default /etc/netpont/skel)\n"
    "  --tmp-dirs LIST   the shared temporary folders, comma-separated\n"
    "                    (default /tmp,/var/tmp,/dev/shm)\n"
    "  --no-cups         leave print jobs alone\n"
    "  --allow-uid       accept an account below uid 1000 (tests only)\n"
    "  --dry-run         check everything, say what would be done, do nothing\n"
    "  --version         print the version and exit\n"
    "\n"
    "Exit status: 0 done; 1 a step failed; 2 refused (nothing touched).\n";

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, PROG ": ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Refuses: says why and exits 2. Only before anything was touched. */
static void refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void refuse(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, PROG ": refusing: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

typedef struct reset_options {
	const char *user;
	const char *home;
	const char *skel;
	const char *tmp_dirs;
	bool cups;
	bool allow_uid;
	bool dry_run;
} reset_options;

/* The account being reset, and where its things are. */
typedef struct reset_target {
	uid_t uid;
	gid_t gid;
	char name[64];  /* "" when the uid has no entry in the password database */
	char label[96]; /* "netpont-public (uid 1001)", for sentences */
	char home[PATH_MAX];
	char skel[PATH_MAX];
	char *tmp[8];
	size_t tmp_count;
} reset_target;

static void target_free(reset_target *t)
{
	for (size_t i = 0; i < t->tmp_count; i++)
		free(t->tmp[i]);
	t->tmp_count = 0;
}

/* ------------------------------------------------------------ checks */

/* Copies path into out without trailing slashes ("/" becomes ""). */
static void strip_slashes(const char *path, char *out, size_t size, const char *what)
{
	size_t n = strlen(path);
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n >= size)
		refuse("the %s '%s' is too long", what, path);
	memcpy(out, path, n);
	out[n] = '\0';
}

static bool has_dot_parts(const char *path)
{
	return strstr(path, "/./") != NULL || strstr(path, "/../") != NULL ||
	       (strlen(path) >= 2 && strcmp(path + strlen(path) - 2, "/.") == 0) ||
	       (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0);
}

/* Folders that belong to the system, never to one account. */
static bool is_system_folder(const char *path)
{
	static const char *const exact[] = {
	    "/bin",   "/boot", "/dev", "/etc",  "/home",    "/lib",    "/lib32", "/lib64",
	    "/media", "/mnt",  "/opt", "/proc", "/root",    "/run",    "/sbin",  "/srv",
	    "/sys",   "/tmp",  "/usr", "/var",  "/var/tmp", "/dev/shm"};
	static const char *const below[] = {"/usr/",  "/etc/", "/proc/", "/sys/", "/dev/",
	                                    "/boot/", "/bin/", "/sbin/", "/lib/", "/run/"};
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(path, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof below / sizeof below[0]; i++)
		if (strncmp(path, below[i], strlen(below[i])) == 0)
			return true;
	return false;
}

/* Whether inner is outer or inside it (both without trailing slashes). */
static bool is_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	return strncmp(inner, outer, n) == 0 && (inner[n] == '\0' || inner[n] == '/');
}

/* An absolute, normalised path with no symbolic link anywhere in it. */
static void check_real_path(const char *path, const char *what)
{
	if (path[0] == '\0')
		refuse("the %s is / or empty", what);
	if (path[0] != '/')
		refuse("the %s '%s' is not an absolute path", what, path);
	if (has_dot_parts(path))
		refuse("the %s '%s' contains . or .. parts", what, path);
	struct stat st;
	if (lstat(path, &st) != 0)
		refuse("the %s '%s' does not exist", what, path);
	if (S_ISLNK(st.st_mode))
		refuse("the %s '%s' is a symbolic link", what, path);
	if (!S_ISDIR(st.st_mode))
		refuse("the %s '%s' is not a folder", what, path);
	char real[PATH_MAX];
	if (realpath(path, real) == NULL || strcmp(real, path) != 0)
		refuse("the %s '%s' has a symbolic link in its path (it is really '%s')", what,
		       path, realpath(path, real) != NULL ? real : "?");
}

static void resolve_user(const reset_options *o, reset_target *t)
{
	if (o->user[0] == '\0')
		refuse("the public account's name is empty");
	char *end = NULL;
	errno = 0;
	unsigned long number = strtoul(o->user, &end, 10);
	struct passwd *pw;
	if (*end == '\0' && errno == 0) {
		if (number > (unsigned long)(uid_t)-2)
			refuse("'%s' is not a user ID", o->user);
		t->uid = (uid_t)number;
		pw = getpwuid(t->uid);
	} else {
		pw = getpwnam(o->user);
		if (pw == NULL)
			refuse("there is no user '%s'", o->user);
		t->uid = pw->pw_uid;
	}
	/* A numeric uid without an account (tests) has a group of its own number. */
	t->gid = pw != NULL ? pw->pw_gid : (gid_t)t->uid;
	snprintf(t->name, sizeof t->name, "%s", pw != NULL ? pw->pw_name : "");
	snprintf(t->label, sizeof t->label, "%s (uid %lu)", t->name[0] ? t->name : "the account",
	         (unsigned long)t->uid);
	if (t->uid == 0 || strcmp(t->name, "root") == 0)
		refuse("root is not a public account; resetting it would wreck the PC");
	if (t->uid == 65534)
		refuse("%s is the 'nobody' account, which daemons use, not a public account",
		       t->label);
	if (t->uid < RESET_FIRST_UID && !o->allow_uid)
		refuse("%s is a system account (below uid %d), not a public account", t->label,
		       RESET_FIRST_UID);
	if (o->home == NULL && (pw == NULL || pw->pw_dir == NULL || pw->pw_dir[0] == '\0'))
		refuse("%s has no home folder in the password database and no --home was given",
		       t->label);
	strip_slashes(o->home != NULL ? o->home : pw->pw_dir, t->home, sizeof t->home,
	              "home folder");
}

static void check_folders(const reset_options *o, reset_target *t)
{
	if (is_system_folder(t->home))
		refuse("'%s' is a system folder, not a public account's home", t->home);
	check_real_path(t->home, "home folder");
	struct stat st;
	if (lstat(t->home, &st) == 0 && st.st_uid != t->uid)
		refuse("the home folder '%s' belongs to uid %lu, not to %s", t->home,
		       (unsigned long)st.st_uid, t->label);
	strip_slashes(o->skel, t->skel, sizeof t->skel, "skeleton folder");
	if (t->skel[0] != '\0' && t->skel[0] == '/' && access(t->skel, F_OK) != 0)
		refuse("the skeleton folder '%s' does not exist (create it with the clean files)",
		       t->skel);
	check_real_path(t->skel, "skeleton folder");
	if (is_within(t->skel, t->home))
		refuse("the skeleton '%s' is the home folder '%s' or inside it", t->skel, t->home);
	if (is_within(t->home, t->skel))
		refuse("the home folder '%s' is inside the skeleton '%s'", t->home, t->skel);

	char *list = strdup(o->tmp_dirs);
	if (list == NULL)
		refuse("out of memory");
	char *save = NULL;
	for (char *dir = strtok_r(list, ",", &save); dir != NULL;
	     dir = strtok_r(NULL, ",", &save)) {
		if (t->tmp_count == sizeof t->tmp / sizeof t->tmp[0])
			refuse("more than %zu temporary folders", sizeof t->tmp / sizeof t->tmp[0]);
		char clean[PATH_MAX];
		strip_slashes(dir, clean, sizeof clean, "temporary folder");
		bool shared = strcmp(clean, "/tmp") == 0 || strcmp(clean, "/var/tmp") == 0 ||
		              strcmp(clean, "/dev/shm") == 0;
		if (!shared && access(clean, F_OK) != 0 && clean[0] == '/')
			refuse("the temporary folder '%s' does not exist", clean);
		if (access(clean, F_OK) == 0 || clean[0] != '/')
			check_real_path(clean, "temporary folder");
		if (!shared && is_system_folder(clean))
			refuse("'%s' is a system folder, not a temporary folder", clean);
		/* Its cleaning would delete the new home, which belongs to uid. */
		if (is_within(t->home, clean))
			refuse("the home folder '%s' is inside the temporary folder '%s'", t->home,
			       clean);
		if (is_within(t->skel, clean))
			refuse("the skeleton '%s' is inside the temporary folder '%s'", t->skel,
			       clean);
		t->tmp[t->tmp_count] = strdup(clean);
		if (t->tmp[t->tmp_count] == NULL)
			refuse("out of memory");
		t->tmp_count++;
	}
	free(list);
}

/* ------------------------------------------------------------ the home folder */

/* The prefix of everything this program keeps next to the home folder
 * while it works (".netpont-reset-netpont-public."). */
static void side_prefix(const char *base, char *out, size_t size)
{
	snprintf(out, size, ".netpont-reset-%s.", base);
}

/* Deletes what an earlier, interrupted run left next to the home folder. */
static int remove_leftovers(int parentfd, const char *base, char *err, size_t err_size)
{
	char prefix[NAME_MAX + 1];
	side_prefix(base, prefix, sizeof prefix);
	int rc = 0;
	for (int pass = 0; pass < 2; pass++) {
		int listfd = fcntl(parentfd, F_DUPFD_CLOEXEC, 0);
		DIR *d = listfd >= 0 ? fdopendir(listfd) : NULL;
		if (d == NULL) {
			if (listfd >= 0)
				close(listfd);
			snprintf(err, err_size, "cannot list the folder holding the home folder");
			return -1;
		}
		rewinddir(d);
		struct dirent *e;
		bool found = false;
		while ((e = readdir(d)) != NULL) {
			if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
				continue;
			found = true;
			if (reset_tree_remove(parentfd, e->d_name, err, err_size) != 0)
				rc = -1;
		}
		closedir(d);
		if (!found || rc != 0)
			break;
	}
	return rc;
}

/* Builds the skeleton's copy in parentfd/side and swaps it with the home
 * folder; afterwards side holds the old home, made root's alone. */
static int swap_in_skeleton(const reset_target *t, int parentfd, const char *base, const char *side,
                            char *err, size_t err_size)
{
	int skelfd = open(t->skel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat skel_st;
	if (skelfd < 0 || fstat(skelfd, &skel_st) != 0) {
		snprintf(err, err_size, "cannot open the skeleton %.1000s: %.1000s", t->skel,
		         strerror(errno));
		if (skelfd >= 0)
			close(skelfd);
		return -1;
	}
	int rc = -1;
	int newfd = -1;
	if (mkdirat(parentfd, side, 0700) != 0 ||
	    (newfd = openat(parentfd, side, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		snprintf(err, err_size,
		         "cannot create the new home folder next to %.1000s: %.1000s", t->home,
		         strerror(errno));
		goto out;
	}
	char sentence[1024];
	if (reset_tree_copy(skelfd, newfd, t->uid, t->gid, sentence, sizeof sentence) != 0) {
		snprintf(err, err_size, "cannot copy the skeleton %.1000s: %.1000s", t->skel,
		         sentence);
		goto out;
	}
	mode_t mode = skel_st.st_mode & 07777 & ~(mode_t)(S_ISUID | S_ISGID);
	if (fchown(newfd, t->uid, t->gid) != 0 || fchmod(newfd, mode) != 0) {
		snprintf(err, err_size, "cannot give the new home folder to %s: %s", t->label,
		         strerror(errno));
		goto out;
	}
	/* Atomic: at every moment there is exactly one home folder, the old
	 * or the new. Filesystems without RENAME_EXCHANGE get two renames. */
	if (renameat2(parentfd, side, parentfd, base, RENAME_EXCHANGE) != 0) {
		if (errno != EINVAL && errno != ENOSYS) {
			snprintf(err, err_size,
			         "cannot swap in the new home folder %.1000s: %.1000s", t->home,
			         strerror(errno));
			goto out;
		}
		char aside[NAME_MAX + 1];
		snprintf(aside, sizeof aside, "%sold", side);
		if (renameat(parentfd, base, parentfd, aside) != 0 ||
		    renameat(parentfd, side, parentfd, base) != 0 ||
		    renameat(parentfd, aside, parentfd, side) != 0) {
			snprintf(err, err_size,
			         "cannot put the new home folder at %.1000s: %.1000s", t->home,
			         strerror(errno));
			goto out;
		}
	}
	/* The old tree must not be reachable by the next person, who has the
	 * same uid, while it is being deleted. */
	int oldfd = openat(parentfd, side, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (oldfd < 0 || fchown(oldfd, 0, 0) != 0 || fchmod(oldfd, 0700) != 0) {
		snprintf(err, err_size, "cannot lock away the old home folder: %s",
		         strerror(errno));
		if (oldfd >= 0)
			close(oldfd);
		goto out;
	}
	close(oldfd);
	rc = 0;
out:
	if (newfd >= 0)
		close(newfd);
	close(skelfd);
	return rc;
}

static int reset_home(const reset_target *t, char *err, size_t err_size)
{
	unsigned mounts = 0;
	if (reset_unmount_under(t->home, (uid_t)-1, &mounts, err, err_size) != 0)
		return -1;
	if (mounts > 0)
		say("unmounted %u mount(s) below %s", mounts, t->home);
	char parent[PATH_MAX];
	snprintf(parent, sizeof parent, "%s", t->home);
	char *slash = strrchr(parent, '/');
	const char *base = t->home + (slash - parent) + 1;
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (strlen(base) > NAME_MAX - 32) {
		snprintf(err, err_size, "the home folder's name '%s' is too long", base);
		return -1;
	}
	int parentfd = open(parent, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (parentfd < 0) {
		snprintf(err, err_size, "cannot open %.1000s: %.1000s", parent, strerror(errno));
		return -1;
	}
	int rc = -1;
	if (remove_leftovers(parentfd, base, err, err_size) != 0)
		goto out;
	char side[NAME_MAX + 1];
	side_prefix(base, side, sizeof side);
	snprintf(side + strlen(side), sizeof side - strlen(side), "%ld", (long)getpid());
	if (swap_in_skeleton(t, parentfd, base, side, err, err_size) != 0) {
		/* A half-built copy goes; the old home stays until the next try. */
		char ignored[256];
		(void)reset_tree_remove(parentfd, side, ignored, sizeof ignored);
		goto out;
	}
	char sentence[1024];
	if (reset_tree_remove(parentfd, side, sentence, sizeof sentence) != 0) {
		snprintf(err, err_size,
		         "the new home folder is in place, but the old one could not be deleted: "
		         "%s",
		         sentence);
		goto out;
	}
	rc = 0;
out:
	close(parentfd);
	return rc;
}

/* ------------------------------------------------------------ main */

static void parse_options(int argc, char **argv, reset_options *o)
{
	enum {
		OPT_USER = 256,
		OPT_HOME,
		OPT_SKEL,
		OPT_TMP,
		OPT_NO_CUPS,
		OPT_ALLOW_UID,
		OPT_DRY,
		OPT_VERSION
	};
	static const struct option longs[] = {
	    {"user", required_argument, NULL, OPT_USER},
	    {"home", required_argument, NULL, OPT_HOME},
	    {"skel", required_argument, NULL, OPT_SKEL},
	    {"tmp-dirs", required_argument, NULL, OPT_TMP},
	    {"no-cups", no_argument, NULL, OPT_NO_CUPS},
	    {"allow-uid", no_argument, NULL, OPT_ALLOW_UID},
	    {"dry-run", no_argument, NULL, OPT_DRY},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, OPT_VERSION},
	    {NULL, 0, NULL, 0},
	};
	*o = (reset_options){.user = "netpont-public",
	                     .skel = "/etc/netpont/skel",
	                     .tmp_dirs = "/tmp,/var/tmp,/dev/shm",
	                     .cups = true};
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		switch (c) {
		case OPT_USER:
			o->user = optarg;
			break;
		case OPT_HOME:
			o->home = optarg;
			break;
		case OPT_SKEL:
			o->skel = optarg;
			break;
		case OPT_TMP:
			o->tmp_dirs = optarg;
			break;
		case OPT_NO_CUPS:
			o->cups = false;
			break;
		case OPT_ALLOW_UID:
			o->allow_uid = true;
			break;
		case OPT_DRY:
			o->dry_run = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case OPT_VERSION:
			printf("%s %s\n", PROG, NETPONT_VERSION);
			exit(0);
		default:
			refuse("unknown or incomplete option '%s' (try --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		refuse("unexpected argument '%s' (try --help)", argv[optind]);
}

int main(int argc, char **argv)
{
	reset_options o;
	parse_options(argc, argv, &o);
	reset_target t;
	memset(&t, 0, sizeof t);
	resolve_user(&o, &t);
	check_folders(&o, &t);
	if (o.dry_run) {
		say("would kill the processes of %s, restore %s from %s and clean %s", t.label,
		    t.home, t.skel, o.tmp_dirs);
		target_free(&t);
		return 0;
	}
	if (geteuid() != 0)
		refuse("this must run as root (it kills another account's processes)");

	char err[2048];
	unsigned count = 0;
	/* 1. While a process of the account lives, it could write into the
	 * new home or hold the old one: nothing else is done then. */
	if (reset_kill_processes(t.uid, &count, err, sizeof err) != 0) {
		say("failed: %s; no files were touched", err);
		target_free(&t);
		return 1;
	}
	if (count > 0)
		say("killed the processes of %s (%u signals)", t.label, count);

	int failures = 0;
	/* 2. */
	if (reset_home(&t, err, sizeof err) != 0) {
		say("failed: the home folder %s: %s", t.home, err);
		failures++;
	} else {
		say("%s restored from %s", t.home, t.skel);
	}
	/* 3. */
	for (size_t i = 0; i < t.tmp_count; i++) {
		unsigned mounts = 0;
		if (reset_unmount_under(t.tmp[i], t.uid, &mounts, err, sizeof err) != 0 ||
		    reset_clean_tmp(t.tmp[i], t.uid, &count, err, sizeof err) != 0) {
			say("failed: %s", err);
			failures++;
		} else if (count > 0 || mounts > 0) {
			say("deleted %u entries of %s in %s%s", count, t.label, t.tmp[i],
			    mounts > 0 ? ", after unmounting what it had mounted there" : "");
		}
	}
	/* 4. Jobs are filed under the account's name; a bare uid (tests) is
	 * looked for under its number, which matches nothing but still makes
	 * the round trip to CUPS. */
	char note[512];
	if (o.cups) {
		char number[24];
		snprintf(number, sizeof number, "%lu", (unsigned long)t.uid);
		if (reset_cancel_print_jobs(t.name[0] ? t.name : number, &count, note, sizeof note,
		                            err, sizeof err) != 0) {
			say("failed: %s", err);
			failures++;
		} else if (note[0] != '\0') {
			say("%s", note);
		} else if (count > 0) {
			say("cancelled %u print jobs of %s", count, t.label);
		}
	}
	/* 5. */
	if (reset_clear_keyrings(t.uid, t.gid, note, sizeof note, err, sizeof err) != 0) {
		say("failed: %s", err);
		failures++;
	} else if (note[0] != '\0') {
		say("%s", note);
	}
	target_free(&t);
	if (failures > 0) {
		say("%d step(s) failed; the PC is not clean", failures);
		return 1;
	}
	say("%s is clean for the next person", t.label);
	return 0;
}
