/* The lease as a small text file, so that an agent restart in the middle of
 * a session keeps enforcing it before the server is reached again.
 *
 * Pure text in and out; agent/state.c does the atomic write and the read.
 * The deadline is stored on the monotonic clock together with the boot id:
 * after an agent restart on the same boot it is exact. After a reboot the
 * monotonic clock starts again, so the remaining time at the save minus the
 * wall-clock time since then is used instead (never more than was left). */
#ifndef NETPONT_AGENT_LEASE_FILE_H
#define NETPONT_AGENT_LEASE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lease.h"

/* Where the file was written: a lease only applies to the same seat on the
 * same server (a test run against a fresh server must not inherit one). */
typedef struct agent_lease_origin {
	const char *server; /* "HOST:PORT" */
	const char *seat;
	const char *boot_id; /* /proc/sys/kernel/random/boot_id, or "" */
	int64_t now_mono_ms;
	int64_t now_wall_s;
} agent_lease_origin;

/* Formats lease into buf (NUL-terminated). Returns the length, or -1 if
 * buf is too small. 2 KiB is always enough. */
int agent_lease_file_format(const agent_lease *lease, const agent_lease_origin *origin, char *buf,
                            size_t size);

/* Parses text written by agent_lease_file_format() and rebuilds the lease as
 * it stands at `now` (now->server/seat/boot_id/clocks describe this
 * process). Returns true and fills *out when the file applies; false when
 * it is malformed, from another seat or server, or already expired (then
 * *out is a locked lease). A restored lease keeps its warning flags, so a
 * warning already given is not given again. */
bool agent_lease_file_parse(const char *text, const agent_lease_origin *now, agent_lease *out);

#endif
