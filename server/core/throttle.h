/* Sign-in throttling as pure functions: how many wrong attempts a thing
 * (a staff name, an address, a resident, a public PC) may make before it is
 * locked out, and for how long, each lock-out lasting twice as long as the
 * one before up to a cap.
 *
 * Nothing here touches the database or the clock: the caller loads a
 * throttle_state from the store, passes `now` (Unix seconds), and writes the
 * state back (store/signin.h). */
#ifndef NETPONT_THROTTLE_H
#define NETPONT_THROTTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The rule for one kind of thing. */
typedef struct throttle_policy {
	int max_failures;     /* wrong attempts that cause a lock-out, >= 1 */
	int64_t window_s;     /* failures older than this are forgotten; 0 = kept */
	int64_t first_lock_s; /* the first lock-out's length, > 0 */
	int64_t max_lock_s;   /* no lock-out lasts longer, >= first_lock_s */
} throttle_policy;

/* What is known about one thing; all zero for a thing never throttled. */
typedef struct throttle_state {
	int failures;         /* wrong attempts since window_start */
	int64_t window_start; /* when the first of them was made */
	int lockouts;         /* lock-outs so far: the next one is twice as long */
	int64_t locked_until; /* 0 = not locked */
} throttle_state;

/* true while state is locked out at now. */
bool throttle_locked(const throttle_state *state, int64_t now);

/* How long lock-out number lockouts (0 = the first) lasts: first_lock_s
 * doubled lockouts times, capped at max_lock_s. */
int64_t throttle_lock_length(const throttle_policy *policy, int lockouts);

/* Counts one wrong attempt at now. Failures older than the policy's window
 * are forgotten first. When the count reaches max_failures the thing is
 * locked until now + throttle_lock_length(), its lock-out count grows and
 * its failures start again from 0; returns true then, else false. */
bool throttle_fail(const throttle_policy *policy, throttle_state *state, int64_t now);

/* Starts the next lock-out at now, whatever the failures (for a count kept
 * elsewhere, like a resident's wrong PINs in a row): locked_until = now +
 * throttle_lock_length(), lockouts + 1, failures 0. */
void throttle_lock(const throttle_policy *policy, throttle_state *state, int64_t now);

/* When a locked-out thing may try again, as a person reads it in the local
 * time zone, rounded up to the minute: "14:05" on now's local day, else
 * "2026-12-03 14:05". buf holds
 * at least 17 bytes. */
void throttle_format_until(int64_t until, int64_t now, char *buf, size_t size);

#endif
