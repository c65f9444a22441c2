/* Replacing a small file so that a crash or a power cut leaves either the
 * old or the new version, never half of one: the agent's lease, its print
 * outbox, and any other state a program keeps on disk. */
#ifndef NETPONT_COMMON_NP_FILE_H
#define NETPONT_COMMON_NP_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Writes len bytes of data to "path.tmp" (created with mode), fsyncs it and
 * renames it over path. Returns 0, or -errno; on failure path is untouched
 * and the temporary file removed. */
int np_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

#endif
