#include "backoff.h"

#include <assert.h>

void agent_backoff_init(agent_backoff *b, uint64_t base_ms, uint64_t cap_ms)
{
	assert(base_ms > 0 && cap_ms >= base_ms);
	b->base_ms = base_ms;
	b->cap_ms = cap_ms;
	b->attempt = 0;
}

uint64_t agent_backoff_ceiling(const agent_backoff *b)
{
	uint64_t ceiling = b->base_ms;
	/* Doubling stops at the cap, so large attempt counts never overflow. */
	for (unsigned i = 0; i < b->attempt && ceiling < b->cap_ms; i++)
		ceiling *= 2;
	return ceiling < b->cap_ms ? ceiling : b->cap_ms;
}

uint64_t agent_backoff_next(agent_backoff *b, uint64_t random_value)
{
	uint64_t ceiling = agent_backoff_ceiling(b);
	if (b->attempt < 64)
		b->attempt++;
	return random_value % (ceiling + 1);
}

void agent_backoff_reset(agent_backoff *b)
{
	b->attempt = 0;
}

uint64_t agent_backoff_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
