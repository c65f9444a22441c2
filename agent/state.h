/* The agent's files in --state-dir: small, written atomically (a temporary
 * file, fsync, rename) so a crash or power cut leaves the old or the new
 * version, never half of one. */
#ifndef NETPONT_AGENT_STATE_H
#define NETPONT_AGENT_STATE_H

#include <stddef.h>

/* Creates dir (and its parents, mode 0700) if missing. Returns 0, or -1
 * with a sentence in err. */
int agent_state_make_dir(const char *dir, char *err, size_t err_size);

/* Replaces path with text atomically. Returns 0, or -1 with a sentence in err. */
int agent_state_write(const char *path, const char *text, char *err, size_t err_size);

/* Reads at most size-1 bytes of path into buf, NUL-terminated. Returns the
 * length, or -1 (errno set; ENOENT when there is no such file). */
long agent_state_read(const char *path, char *buf, size_t size);

/* This boot's id (/proc/sys/kernel/random/boot_id), or "" if unknown. */
void agent_state_boot_id(char *buf, size_t size);

#endif
