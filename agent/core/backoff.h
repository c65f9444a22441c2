/* Reconnect delays: exponential backoff with full jitter.
 *
 * delay = random(0, min(cap, base * 2^attempt)). Full jitter spreads the
 * reconnects of a room full of PCs after a server restart instead of having
 * them all knock at the same instant. The random source is passed in so the
 * bounds can be tested. */
#ifndef NETPONT_AGENT_BACKOFF_H
#define NETPONT_AGENT_BACKOFF_H

#include <stdint.h>

typedef struct agent_backoff {
	uint64_t base_ms;
	uint64_t cap_ms;
	unsigned attempt; /* failed attempts since the last good connection */
} agent_backoff;

void agent_backoff_init(agent_backoff *b, uint64_t base_ms, uint64_t cap_ms);

/* The ceiling of the next delay: min(cap, base * 2^attempt). */
uint64_t agent_backoff_ceiling(const agent_backoff *b);

/* The next delay in milliseconds, in [0, ceiling], drawn with random_value
 * (any 64-bit random number); counts one more attempt. */
uint64_t agent_backoff_next(agent_backoff *b, uint64_t random_value);

/* After a good connection: the next failure starts from base again. */
void agent_backoff_reset(agent_backoff *b);

/* A small non-cryptographic generator (splitmix64) for the jitter; state is
 * any seed, advanced on each call. */
uint64_t agent_backoff_random(uint64_t *state);

#endif
