/* netpont-reset's steps besides the home folder: the public account's
 * processes, mounts, temporary files, print jobs and kernel keyrings.
 *
 * Every function returns 0, or -1 with a sentence in err (err_size bytes);
 * the ones that may legitimately find nothing to do (no CUPS, no keyrings
 * in this kernel) say so in note instead and return 0. */
#ifndef NETPONT_RESET_STEPS_H
#define NETPONT_RESET_STEPS_H

#include <stddef.h>
#include <sys/types.h>

/* How long the kill loop may take before it gives up (a fork bomb that
 * outruns SIGKILL this long is a reason to keep the PC locked). */
#define RESET_KILL_TIMEOUT_MS 10000

/* Kills every process whose real, effective, saved or filesystem user ID
 * is uid, with SIGSTOP then SIGKILL, over and over until a pass over /proc
 * finds none alive (zombies count as gone), at most RESET_KILL_TIMEOUT_MS.
 * Stopping before killing keeps a fork bomb from outrunning the loop.
 * *killed counts the signals sent. */
int reset_kill_processes(uid_t uid, unsigned *killed, char *err, size_t err_size);

/* Lazily unmounts (umount2 MNT_DETACH, UMOUNT_NOFOLLOW) every mount point
 * strictly below dir (an absolute path without a trailing slash), deepest
 * first, as /proc/self/mountinfo lists them. When owner_uid is not -1, only
 * the account's (for the shared /tmp: not other users'): its FUSE mounts
 * (user_id=owner_uid) and the mounts inside its own folders there.
 * *count counts the mounts detached. */
int reset_unmount_under(const char *dir, uid_t owner_uid, unsigned *count, char *err,
                        size_t err_size);

/* Deletes every entry below the directory dir that belongs to uid: files,
 * sockets, FIFOs, symbolic links and whole folders (with everything in
 * them), never following a symbolic link or crossing into another mount.
 * Folders of others are searched up to 64 levels deep (only root and other
 * accounts make those; the resident's own folders go whole whatever their
 * depth). *count counts the entries deleted at their top. */
int reset_clean_tmp(const char *dir, uid_t uid, unsigned *count, char *err, size_t err_size);

/* Cancels every pending or held print job of the user name in the local
 * CUPS (libcups: cupsGetJobs2 for the active jobs, cupsCancelJob2 for each
 * job whose owner is user). When CUPS cannot be reached, writes that to
 * note (note_size bytes) and returns 0: no CUPS, no print jobs. *count
 * counts the jobs cancelled. */
int reset_cancel_print_jobs(const char *user, unsigned *count, char *note, size_t note_size,
                            char *err, size_t err_size);

/* Clears the kernel keyrings of uid (its user keyring, user session
 * keyring and persistent keyring) from a child process that takes uid and
 * gid, calling keyctl(2) directly: no keyutils package needed. When the
 * kernel or a seccomp filter does not offer keyrings, writes that to note
 * and returns 0. */
int reset_clear_keyrings(uid_t uid, gid_t gid, char *note, size_t note_size, char *err,
                         size_t err_size);

#endif
