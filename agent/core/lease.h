/* The seat's lease: whether the PC is unlocked, for whom, and until when.
 *
 * Plain C over a plain struct, with the clock passed in as monotonic
 * milliseconds: the agent feeds it uv_hrtime()/1e6 and the unit tests feed it
 * whatever they like. The deadline is kept on the monotonic clock, so moving
 * the wall clock gives nobody free time and cuts nobody off early.
 *
 * The lease is what the agent enforces on its own, also while the server is
 * unreachable; the server's LeaseEvent is the truth it adopts whenever it
 * hears one. */
#ifndef NETPONT_AGENT_LEASE_H
#define NETPONT_AGENT_LEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AGENT_LEASE_WARN_5MIN_MS (5 * 60 * 1000)
#define AGENT_LEASE_WARN_1MIN_MS (60 * 1000)

typedef struct agent_lease {
	bool unlocked;
	int64_t session_id; /* 0 while locked */
	char resident_login[64];
	char resident_name[128];
	bool guest;
	int64_t deadline_ms; /* monotonic; meaningful while unlocked */
	bool warned_5min;    /* the 5-minute warning was given (or skipped) */
	bool warned_1min;
	bool out_of_order; /* locked by a mentor */
	char reason[32];   /* why it last locked: "time_up", "logout", "mentor", ... */
} agent_lease;

/* What the server (or the disk) says the lease is. Strings are borrowed. */
typedef struct agent_lease_grant {
	bool unlocked;
	int64_t session_id;
	const char *resident_login;
	const char *resident_name;
	bool guest;
	int64_t remaining_ms; /* from now */
	bool out_of_order;
	const char *reason; /* when locked */
} agent_lease_grant;

/* What changed when a grant was adopted. Several may be set at once. */
typedef enum {
	AGENT_LEASE_SAME = 0,
	AGENT_LEASE_UNLOCKED = 1 << 0,     /* was locked, now unlocked */
	AGENT_LEASE_LOCKED = 1 << 1,       /* was unlocked, now locked: the session ended */
	AGENT_LEASE_NEW_SESSION = 1 << 2,  /* a different session than before */
	AGENT_LEASE_DEADLINE = 1 << 3,     /* same session, the end moved (extend, correction) */
	AGENT_LEASE_OUT_OF_ORDER = 1 << 4, /* the out-of-order flag changed */
} agent_lease_change;

/* What a tick found due. */
typedef enum {
	AGENT_LEASE_NOTHING = 0,
	AGENT_LEASE_WARN_5MIN,
	AGENT_LEASE_WARN_1MIN,
	AGENT_LEASE_EXPIRED, /* the lease has just been locked with reason "time_up" */
} agent_lease_due;

/* A locked lease with no session. */
void agent_lease_init(agent_lease *lease);

/* Milliseconds left at now_ms: 0 when locked or expired. */
int64_t agent_lease_remaining_ms(const agent_lease *lease, int64_t now_ms);

/* Whole seconds left, rounded up, as shown to people and sent in AgentSync
 * (a resident with 0.2 s left still has "1 second", not 0). */
int64_t agent_lease_remaining_s(const agent_lease *lease, int64_t now_ms);

/* Adopts the server's truth. Returns a mask of agent_lease_change.
 * Warnings whose threshold lies ahead are re-armed (an extension past
 * 5 minutes warns again); a NEW session that starts with less than a
 * threshold left skips that warning, since "5 minutes left" on a 3-minute
 * session would be wrong. */
unsigned agent_lease_adopt(agent_lease *lease, const agent_lease_grant *grant, int64_t now_ms);

/* Locks now with a reason ("logout", "time_up", ...). Returns true if the
 * lease was unlocked before. */
bool agent_lease_lock(agent_lease *lease, const char *reason);

/* Checks the clock: at most one thing is due per call (call again until
 * AGENT_LEASE_NOTHING). Each warning is reported once per session; when
 * both are due at once, only the 1-minute warning is given. Expiry locks. */
agent_lease_due agent_lease_tick(agent_lease *lease, int64_t now_ms);

/* Milliseconds from now_ms until the next tick may find something due,
 * or -1 when nothing will (locked). */
int64_t agent_lease_next_due_ms(const agent_lease *lease, int64_t now_ms);

/* Copies src (NULL = "") into dst of size bytes, NUL-terminated. When it
 * does not fit it is cut at a UTF-8 character boundary, so a long Hungarian
 * name never ends in half a character. Returns the length copied. */
size_t agent_text_copy(char *dst, size_t size, const char *src);

/* The warning word sent to control clients: "5min", "1min", or "". */
const char *agent_lease_due_warning(agent_lease_due due);

#endif
