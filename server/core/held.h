/* Print jobs held for confirmation on each seat (hold-and-confirm printers).
 *
 * The agent is the truth about what its CUPS holds: it sends the whole set
 * (AgentHeldPrints) whenever it changes and after every connect, and the
 * server keeps it here, in memory only, so that mentors can see the jobs in
 * SeatInfo and release or cancel them (PrintRelease). A seat's set is
 * forgotten when its agent disconnects. Plain C, no I/O; not thread-safe
 * (the gateway uses it on the loop thread only). */
#ifndef NETPONT_SERVER_HELD_H
#define NETPONT_SERVER_HELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits on what an agent may report: the peer never dictates an
 * allocation size beyond these. */
#define HELD_MAX_PER_SEAT 64u
#define HELD_KEY_MAX      255u
#define HELD_TITLE_MAX    255u

typedef struct held_job {
	char job_key[HELD_KEY_MAX + 1];
	char title[HELD_TITLE_MAX + 1];
	int32_t pages;
	int32_t copies;
	bool color;
	int64_t amount; /* the agent's quote; -1 when unknown */
	int64_t held_since;
} held_job;

typedef struct held_table held_table;

/* A new, empty table; NULL when out of memory. Free with held_table_free(). */
held_table *held_table_new(void);
void held_table_free(held_table *t);

/* Replaces the seat's set with a copy of jobs[0..n) (n may be 0). The caller
 * has checked n <= HELD_MAX_PER_SEAT and the string lengths (see
 * held_job_fits()). Returns 0, or -1 when out of memory (the old set is
 * kept). */
int held_set(held_table *t, int64_t seat_id, const held_job *jobs, size_t n);

/* Forgets the seat's set. */
void held_clear(held_table *t, int64_t seat_id);

/* The seat's jobs (borrowed: valid until the next held_set/held_clear of
 * any seat) and their number in *n; NULL with *n = 0 when there are none. */
const held_job *held_get(const held_table *t, int64_t seat_id, size_t *n);

/* The seat's job with exactly this key, or NULL (borrowed as above). */
const held_job *held_find(const held_table *t, int64_t seat_id, const char *job_key);

/* Whether a reported key and title are within the limits (non-empty key). */
bool held_job_fits(const char *job_key, const char *title);

#endif
