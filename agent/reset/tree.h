/* netpont-reset's file tree work: deleting a tree a resident built, and
 * copying the skeleton into a new home folder.
 *
 * Everything goes through directory file descriptors (openat, unlinkat,
 * fdopendir with O_NOFOLLOW|O_DIRECTORY), never through path strings, so
 * no tree is too deep (PATH_MAX does not apply), no symbolic link is ever
 * followed and no name is too odd (newlines, invalid UTF-8, leading
 * dashes are just bytes). The deletion holds one descriptor at a time, not
 * one per level, so a tree a million levels deep neither runs out of file
 * descriptors nor of stack. It never crosses into another filesystem or
 * mount: a directory on another device or mount is a failure, not a place
 * to descend into (unmount such things first: reset_unmount_under()).
 *
 * Every function returns 0, or -1 with a sentence in err (err_size bytes)
 * that names what it could not do. */
#ifndef NETPONT_RESET_TREE_H
#define NETPONT_RESET_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Copies name (a directory entry, any bytes) into out (size bytes) with
 * control characters, backslashes and bytes that are not UTF-8 written as
 * \n, \\ or \xNN, so a sentence in a log stays one line. Truncates with
 * "..." when out is too small. */
void reset_quote(const char *name, char *out, size_t size);

/* Deletes the entry name in the directory dirfd: a file, a symbolic link
 * (not what it points to), a socket, a FIFO, or a directory with
 * everything in it. Directories the resident made read-only are made
 * writable first. A directory on another filesystem or mount than dirfd's
 * is refused. Deleting something that is already gone is not an error. */
int reset_tree_remove(int dirfd, const char *name, char *err, size_t err_size);

/* Copies the contents of the directory srcfd (the skeleton) into the empty
 * directory dstfd: directories, regular files, symbolic links and FIFOs
 * keep their names, permission bits and modification times and belong to
 * uid:gid. Set-user-ID and set-group-ID bits are dropped, so the skeleton
 * can never hand the public account a privileged program. Sockets and
 * device files are refused. Neither descriptor is closed. */
int reset_tree_copy(int srcfd, int dstfd, uid_t uid, gid_t gid, char *err, size_t err_size);

#endif
