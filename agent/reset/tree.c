#define _GNU_SOURCE /* statx, AT_EMPTY_PATH */
#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The skeleton is the administrator's, not the resident's: a tree deeper
 * than this is a mistake worth a sentence, not a recursion to follow. */
#define TREE_COPY_MAX_DEPTH 256

/* ------------------------------------------------------------ names */

/* The length of the UTF-8 sequence starting at s (1-4), or 0 when the bytes
 * there are not valid UTF-8 (overlong forms and surrogates included). */
static size_t utf8_length(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t min;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		min = 0x80;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		min = 0x800;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		min = 0x10000;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void reset_quote(const char *name, char *out, size_t size)
{
	if (size == 0)
		return;
	const unsigned char *s = (const unsigned char *)name;
	size_t o = 0;
	while (*s != '\0') {
		char piece[8];
		size_t len = utf8_length(s);
		size_t take = len == 0 ? 1 : len;
		if (len == 0 || *s < 0x20 || *s == 0x7f || *s == '\\') {
			if (*s == '\n')
				snprintf(piece, sizeof piece, "\\n");
			else if (*s == '\\')
				snprintf(piece, sizeof piece, "\\\\");
			else
				snprintf(piece, sizeof piece, "\\x%02x", *s);
		} else {
			memcpy(piece, s, len);
			piece[len] = '\0';
		}
		size_t plen = strlen(piece);
		if (o + plen + 4 > size) {
			/* Room for "..." and the terminator is always kept. */
			if (size >= 4) {
				snprintf(out + (o < size - 4 ? o : size - 4), 4, "...");
			} else {
				out[0] = '\0';
			}
			return;
		}
		memcpy(out + o, piece, plen);
		o += plen;
		s += take;
	}
	out[o] = '\0';
}

/* ------------------------------------------------------------ where an entry lives */

static int tree_stat(int dirfd, const char *name, struct statx *st)
{
	unsigned flags = AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_SYNC_AS_STAT;
	if (name[0] == '\0')
		flags |= AT_EMPTY_PATH;
	return statx(dirfd, name, (int)flags, STATX_BASIC_STATS | STATX_MNT_ID, st);
}

/* Whether b is on the same device and (where the kernel says) the same
 * mount as a. The mount ID is what catches a bind mount of a folder of the
 * same filesystem, which has the same device number. */
static bool same_mount(const struct statx *a, const struct statx *b)
{
	if (a->stx_dev_major != b->stx_dev_major || a->stx_dev_minor != b->stx_dev_minor)
		return false;
	if ((a->stx_mask & STATX_MNT_ID) && (b->stx_mask & STATX_MNT_ID))
		return a->stx_mnt_id == b->stx_mnt_id;
	return true;
}

static bool same_inode(const struct statx *a, const struct statx *b)
{
	return a->stx_ino == b->stx_ino && a->stx_dev_major == b->stx_dev_major &&
	       a->stx_dev_minor == b->stx_dev_minor;
}

/* Opens the directory name in dirfd without following a symbolic link and
 * checks that it is the inode expected (nothing swapped it since). A
 * directory its owner made unreadable is given back its owner's rights
 * first. Returns the descriptor or -1 with errno set. */
static int tree_open_dir(int dirfd, const char *name, const struct statx *expected)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EACCES &&
	    fchmodat(dirfd, name, (expected->stx_mode & 07777) | S_IRWXU, 0) == 0)
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct statx now;
	if (tree_stat(fd, "", &now) != 0 || !same_inode(&now, expected)) {
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

/* ------------------------------------------------------------ deleting */

/* A folder being emptied: its name in its parent, its inode and its
 * parent's (checked on the way back up through ".."), and the subfolders
 * its listing found not empty, still to be entered. One per level between
 * the top of a deletion and where it is now; they live on the heap, so
 * depth costs no stack, and remembering the subfolders means no folder is
 * listed more than a few times, however many subfolders it has. */
typedef struct tree_frame {
	char *name;
	struct statx self;
	struct statx parent;
	char **subdirs;
	size_t count, next, capacity;
	unsigned listings;
} tree_frame;

typedef struct tree_path {
	tree_frame *frames;
	size_t depth; /* frames[depth - 1] is the folder being emptied */
	size_t capacity;
} tree_path;

/* A folder whose listing keeps finding new subfolders is being written
 * to: a process of the account survived. */
#define TREE_MAX_LISTINGS 4

static void tree_frame_clear(tree_frame *f)
{
	for (size_t i = f->next; i < f->count; i++)
		free(f->subdirs[i]);
	free(f->subdirs);
	free(f->name);
	memset(f, 0, sizeof *f);
}

static tree_frame *tree_path_push(tree_path *p, const char *name, const struct statx *self,
                                  const struct statx *parent)
{
	if (p->depth == p->capacity) {
		size_t cap = p->capacity ? p->capacity * 2 : 64;
		tree_frame *grown = realloc(p->frames, cap * sizeof *grown);
		if (grown == NULL)
			return NULL;
		p->frames = grown;
		p->capacity = cap;
	}
	tree_frame *f = &p->frames[p->depth];
	memset(f, 0, sizeof *f);
	f->name = strdup(name);
	if (f->name == NULL)
		return NULL;
	f->self = *self;
	f->parent = *parent;
	p->depth++;
	return f;
}

static void tree_path_free(tree_path *p)
{
	for (size_t i = 0; i < p->depth; i++)
		tree_frame_clear(&p->frames[i]);
	free(p->frames);
	memset(p, 0, sizeof *p);
}

static void tree_fail(char *err, size_t err_size, const char *what, const char *name, size_t depth,
                      int error)
{
	char quoted[256];
	reset_quote(name, quoted, sizeof quoted);
	if (depth > 0)
		snprintf(err, err_size, "cannot %s '%s' (%zu folders down): %s", what, quoted,
		         depth, strerror(error));
	else
		snprintf(err, err_size, "cannot %s '%s': %s", what, quoted, strerror(error));
}

static int tree_frame_add(tree_frame *f, const char *name)
{
	if (f->count == f->capacity) {
		size_t cap = f->capacity ? f->capacity * 2 : 16;
		char **grown = realloc(f->subdirs, cap * sizeof *grown);
		if (grown == NULL)
			return -1;
		f->subdirs = grown;
		f->capacity = cap;
	}
	f->subdirs[f->count] = strdup(name);
	if (f->subdirs[f->count] == NULL)
		return -1;
	f->count++;
	return 0;
}

/* Lists the directory fd (frame f) once: deletes every entry that is not
 * a directory and every empty subfolder, and notes the others in f to be
 * entered. Returns 0, or -1 with a sentence in err. fd stays open. */
static int tree_list(int fd, tree_frame *f, size_t depth, char *err, size_t err_size)
{
	if (++f->listings > TREE_MAX_LISTINGS) {
		snprintf(err, err_size,
		         "a folder %zu folders down keeps getting new subfolders while it is "
		         "deleted",
		         depth);
		return -1;
	}
	/* Root may delete in a read-only folder anyway; the owner's rights
	 * back make it work under a narrower capability set too. */
	if ((f->self.stx_mode & S_IRWXU) != S_IRWXU)
		(void)fchmod(fd, (f->self.stx_mode & 07777) | S_IRWXU);
	int listfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	DIR *d = listfd >= 0 ? fdopendir(listfd) : NULL;
	if (d == NULL) {
		int e = errno;
		if (listfd >= 0)
			close(listfd);
		tree_fail(err, err_size, "list the folder", ".", depth, e);
		return -1;
	}
	/* The duplicate shares its position with fd, which an earlier
	 * listing of the same folder left at the end. */
	rewinddir(d);
	int result = 0;
	for (;;) {
		errno = 0;
		struct dirent *e = readdir(d);
		if (e == NULL) {
			if (errno != 0) {
				tree_fail(err, err_size, "list the folder", ".", depth, errno);
				result = -1;
			}
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct statx st;
		if (tree_stat(fd, e->d_name, &st) != 0) {
			if (errno == ENOENT)
				continue;
			tree_fail(err, err_size, "look at", e->d_name, depth, errno);
			result = -1;
			break;
		}
		if (!S_ISDIR(st.stx_mode)) {
			if (unlinkat(fd, e->d_name, 0) != 0 && errno != ENOENT) {
				tree_fail(err, err_size, "delete", e->d_name, depth, errno);
				result = -1;
				break;
			}
			continue;
		}
		if (!same_mount(&f->self, &st)) {
			char quoted[256];
			reset_quote(e->d_name, quoted, sizeof quoted);
			snprintf(err, err_size,
			         "'%s' (%zu folders down) is a mount point or on another "
			         "filesystem; not deleting across it",
			         quoted, depth);
			result = -1;
			break;
		}
		if (unlinkat(fd, e->d_name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			continue;
		if (errno != ENOTEMPTY && errno != EEXIST) {
			tree_fail(err, err_size, "delete the folder", e->d_name, depth, errno);
			result = -1;
			break;
		}
		if (tree_frame_add(f, e->d_name) != 0) {
			snprintf(err, err_size, "out of memory");
			result = -1;
			break;
		}
	}
	closedir(d);
	return result;
}

int reset_tree_remove(int dirfd, const char *name, char *err, size_t err_size)
{
	struct statx parent, top;
	if (tree_stat(dirfd, "", &parent) != 0) {
		tree_fail(err, err_size, "look at the folder holding", name, 0, errno);
		return -1;
	}
	if (tree_stat(dirfd, name, &top) != 0) {
		if (errno == ENOENT)
			return 0;
		tree_fail(err, err_size, "look at", name, 0, errno);
		return -1;
	}
	if (!S_ISDIR(top.stx_mode)) {
		if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT) {
			tree_fail(err, err_size, "delete", name, 0, errno);
			return -1;
		}
		return 0;
	}
	if (!same_mount(&parent, &top)) {
		char quoted[256];
		reset_quote(name, quoted, sizeof quoted);
		snprintf(err, err_size,
		         "'%s' is a mount point or on another filesystem; not deleting it", quoted);
		return -1;
	}
	tree_path path = {0};
	int rc = -1;
	int fd = tree_open_dir(dirfd, name, &top);
	if (fd < 0) {
		tree_fail(err, err_size, "open the folder", name, 0, errno);
		goto out;
	}
	tree_frame *f = tree_path_push(&path, name, &top, &parent);
	if (f == NULL || tree_list(fd, f, 0, err, err_size) != 0) {
		if (f == NULL)
			snprintf(err, err_size, "out of memory");
		goto out;
	}
	while (path.depth > 0) {
		f = &path.frames[path.depth - 1];
		if (f->next < f->count) {
			/* Into the next subfolder that was not empty. */
			char *sub = f->subdirs[f->next++];
			struct statx sub_st;
			int child = -1;
			if (tree_stat(fd, sub, &sub_st) != 0) {
				int e = errno;
				if (e != ENOENT)
					tree_fail(err, err_size, "look at", sub, path.depth, e);
				free(sub);
				if (e == ENOENT)
					continue;
				goto out;
			}
			struct statx self = f->self;
			if (!S_ISDIR(sub_st.stx_mode) || !same_mount(&self, &sub_st) ||
			    (child = tree_open_dir(fd, sub, &sub_st)) < 0 ||
			    (f = tree_path_push(&path, sub, &sub_st, &self)) == NULL) {
				tree_fail(err, err_size, "open the folder", sub, path.depth,
				          child < 0 ? (errno ? errno : ENOTDIR) : ENOMEM);
				if (child >= 0)
					close(child);
				free(sub);
				goto out;
			}
			free(sub);
			close(fd);
			fd = child;
			if (tree_list(fd, f, path.depth - 1, err, err_size) != 0)
				goto out;
			continue;
		}
		/* Every subfolder noted was entered: one more listing proves the
		 * folder empty (or finds what a filesystem did not list while
		 * entries were going). */
		size_t before = f->count;
		if (tree_list(fd, f, path.depth - 1, err, err_size) != 0)
			goto out;
		if (f->count > before)
			continue;
		if (path.depth == 1)
			break;
		/* Empty: back to its parent, which must be the very folder we
		 * came from, and remove it there. */
		tree_frame done = *f;
		path.depth--;
		int up = tree_open_dir(fd, "..", &done.parent);
		if (up < 0) {
			tree_fail(err, err_size, "go back up from", done.name, path.depth, errno);
			tree_frame_clear(&done);
			goto out;
		}
		close(fd);
		fd = up;
		if (unlinkat(fd, done.name, AT_REMOVEDIR) != 0 && errno != ENOENT) {
			tree_fail(err, err_size, "delete the folder", done.name, path.depth, errno);
			tree_frame_clear(&done);
			goto out;
		}
		tree_frame_clear(&done);
	}
	if (unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT) {
		tree_fail(err, err_size, "delete the folder", name, 0, errno);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	tree_path_free(&path);
	return rc;
}

/* ------------------------------------------------------------ copying */

/* Permission bits to give a copy: those of the skeleton, without the bits
 * that would make a program run with the public account's rights. */
static mode_t copy_mode(const struct statx *st)
{
	return st->stx_mode & 07777 & ~(mode_t)(S_ISUID | S_ISGID);
}

static void copy_times(const struct statx *st, struct timespec times[2])
{
	times[0].tv_sec = st->stx_atime.tv_sec;
	times[0].tv_nsec = st->stx_atime.tv_nsec;
	times[1].tv_sec = st->stx_mtime.tv_sec;
	times[1].tv_nsec = st->stx_mtime.tv_nsec;
}

static int copy_file(int srcdir, int dstdir, const char *name, const struct statx *st, uid_t uid,
                     gid_t gid, char *err, size_t err_size)
{
	int in = openat(srcdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0) {
		tree_fail(err, err_size, "read the skeleton's file", name, 0, errno);
		return -1;
	}
	int out = openat(dstdir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		tree_fail(err, err_size, "create", name, 0, errno);
		close(in);
		return -1;
	}
	int rc = 0;
	char buf[65536];
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tree_fail(err, err_size, "read the skeleton's file", name, 0, errno);
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				tree_fail(err, err_size, "write", name, 0, errno);
				rc = -1;
				break;
			}
			off += w;
		}
		if (rc != 0)
			break;
	}
	struct timespec times[2];
	copy_times(st, times);
	if (rc == 0 && (fchown(out, uid, gid) != 0 || fchmod(out, copy_mode(st)) != 0 ||
	                futimens(out, times) != 0)) {
		tree_fail(err, err_size, "set the owner and mode of", name, 0, errno);
		rc = -1;
	}
	if (close(out) != 0 && rc == 0) {
		tree_fail(err, err_size, "write", name, 0, errno);
		rc = -1;
	}
	close(in);
	return rc;
}

static int copy_symlink(int srcdir, int dstdir, const char *name, const struct statx *st, uid_t uid,
                        gid_t gid, char *err, size_t err_size)
{
	size_t size = (size_t)st->stx_size + 1;
	char *target = malloc(size);
	if (target == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	ssize_t n = readlinkat(srcdir, name, target, size);
	int rc = 0;
	if (n < 0 || (size_t)n >= size) {
		tree_fail(err, err_size, "read the skeleton's link", name, 0, n < 0 ? errno : EIO);
		rc = -1;
	} else {
		target[n] = '\0';
		struct timespec times[2];
		copy_times(st, times);
		if (symlinkat(target, dstdir, name) != 0 ||
		    fchownat(dstdir, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0 ||
		    utimensat(dstdir, name, times, AT_SYMLINK_NOFOLLOW) != 0) {
			tree_fail(err, err_size, "create the link", name, 0, errno);
			rc = -1;
		}
	}
	free(target);
	return rc;
}

static int copy_fifo(int dstdir, const char *name, const struct statx *st, uid_t uid, gid_t gid,
                     char *err, size_t err_size)
{
	struct timespec times[2];
	copy_times(st, times);
	/* Nobody but this program can reach the new home yet: the name made
	 * here is still the FIFO when fchmodat() follows it. */
	if (mkfifoat(dstdir, name, 0600) != 0 ||
	    fchownat(dstdir, name, uid, gid, AT_SYMLINK_NOFOLLOW) != 0 ||
	    fchmodat(dstdir, name, copy_mode(st), 0) != 0 ||
	    utimensat(dstdir, name, times, AT_SYMLINK_NOFOLLOW) != 0) {
		tree_fail(err, err_size, "create the FIFO", name, 0, errno);
		return -1;
	}
	return 0;
}

static int copy_dir(int srcfd, int dstfd, uid_t uid, gid_t gid, unsigned depth, char *err,
                    size_t err_size);

static int copy_subdir(int srcdir, int dstdir, const char *name, const struct statx *st, uid_t uid,
                       gid_t gid, unsigned depth, char *err, size_t err_size)
{
	if (depth >= TREE_COPY_MAX_DEPTH) {
		snprintf(err, err_size,
		         "the skeleton is more than %d folders deep; is it the right folder?",
		         TREE_COPY_MAX_DEPTH);
		return -1;
	}
	if (mkdirat(dstdir, name, 0700) != 0) {
		tree_fail(err, err_size, "create the folder", name, 0, errno);
		return -1;
	}
	int in = openat(srcdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int out = openat(dstdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int rc = -1;
	if (in < 0 || out < 0) {
		tree_fail(err, err_size, "open the folder", name, 0, errno);
		goto out;
	}
	if (copy_dir(in, out, uid, gid, depth + 1, err, err_size) != 0)
		goto out;
	/* The times last: adding the entries changed them. */
	struct timespec times[2];
	copy_times(st, times);
	if (fchown(out, uid, gid) != 0 || fchmod(out, copy_mode(st)) != 0 ||
	    futimens(out, times) != 0) {
		tree_fail(err, err_size, "set the owner and mode of", name, 0, errno);
		goto out;
	}
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return rc;
}

static int copy_dir(int srcfd, int dstfd, uid_t uid, gid_t gid, unsigned depth, char *err,
                    size_t err_size)
{
	int listfd = fcntl(srcfd, F_DUPFD_CLOEXEC, 0);
	DIR *d = listfd >= 0 ? fdopendir(listfd) : NULL;
	if (d == NULL) {
		int e = errno;
		if (listfd >= 0)
			close(listfd);
		tree_fail(err, err_size, "list the skeleton's folder", ".", depth, e);
		return -1;
	}
	rewinddir(d);
	int rc = 0;
	for (;;) {
		errno = 0;
		struct dirent *e = readdir(d);
		if (e == NULL) {
			if (errno != 0) {
				tree_fail(err, err_size, "list the skeleton's folder", ".", depth,
				          errno);
				rc = -1;
			}
			break;
		}
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		struct statx st;
		if (tree_stat(srcfd, e->d_name, &st) != 0) {
			tree_fail(err, err_size, "look at the skeleton's", e->d_name, depth, errno);
			rc = -1;
			break;
		}
		if (S_ISDIR(st.stx_mode))
			rc = copy_subdir(srcfd, dstfd, e->d_name, &st, uid, gid, depth, err,
			                 err_size);
		else if (S_ISREG(st.stx_mode))
			rc = copy_file(srcfd, dstfd, e->d_name, &st, uid, gid, err, err_size);
		else if (S_ISLNK(st.stx_mode))
			rc = copy_symlink(srcfd, dstfd, e->d_name, &st, uid, gid, err, err_size);
		else if (S_ISFIFO(st.stx_mode))
			rc = copy_fifo(dstfd, e->d_name, &st, uid, gid, err, err_size);
		else {
			char quoted[256];
			reset_quote(e->d_name, quoted, sizeof quoted);
			snprintf(err, err_size,
			         "the skeleton holds '%s', a socket or device file; a home folder "
			         "has no place for it",
			         quoted);
			rc = -1;
		}
		if (rc != 0)
			break;
	}
	closedir(d);
	return rc;
}

int reset_tree_copy(int srcfd, int dstfd, uid_t uid, gid_t gid, char *err, size_t err_size)
{
	return copy_dir(srcfd, dstfd, uid, gid, 0, err, err_size);
}
