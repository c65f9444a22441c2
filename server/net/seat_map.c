/* Open addressing with linear probing over a power-of-two table, kept at
 * most half full; removal shifts the following entries back (no
 * tombstones), so lookups stay short however often PCs reconnect. */
#include "net/seat_map.h"

#include <assert.h>
#include <stdlib.h>

#define SEAT_MAP_FIRST_CAP 64

typedef struct seat_map_slot {
	int64_t seat_id; /* 0: empty */
	void *value;
} seat_map_slot;

struct seat_map {
	seat_map_slot *slots;
	size_t cap; /* a power of two */
	size_t count;
};

/* Seat ids are consecutive rowids: a multiplicative hash spreads them over
 * the whole table rather than into one run. */
static size_t slot_of(const seat_map *m, int64_t seat_id)
{
	uint64_t h = (uint64_t)seat_id * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h >> 32) & (m->cap - 1);
}

seat_map *seat_map_new(void)
{
	seat_map *m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->cap = SEAT_MAP_FIRST_CAP;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (m->slots == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void seat_map_free(seat_map *m)
{
	if (m != NULL)
		free(m->slots);
	free(m);
}

/* The slot holding seat_id, or the empty slot where it would go. */
static size_t find(const seat_map *m, int64_t seat_id)
{
	size_t i = slot_of(m, seat_id);
	while (m->slots[i].seat_id != 0 && m->slots[i].seat_id != seat_id)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *seat_map_get(const seat_map *m, int64_t seat_id)
{
	assert(seat_id > 0);
	return m->slots[find(m, seat_id)].value;
}

static int grow(seat_map *m)
{
	seat_map old = *m;
	m->cap = old.cap * 2;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (m->slots == NULL) {
		*m = old;
		return -1;
	}
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].seat_id != 0)
			m->slots[find(m, old.slots[i].seat_id)] = old.slots[i];
	free(old.slots);
	return 0;
}

int seat_map_put(seat_map *m, int64_t seat_id, void *value)
{
	assert(seat_id > 0 && value != NULL);
	size_t i = find(m, seat_id);
	if (m->slots[i].seat_id == seat_id) {
		m->slots[i].value = value;
		return 0;
	}
	if (2 * (m->count + 1) > m->cap) {
		if (grow(m) != 0)
			return -1;
		i = find(m, seat_id);
	}
	m->slots[i] = (seat_map_slot){.seat_id = seat_id, .value = value};
	m->count++;
	return 0;
}

void seat_map_remove(seat_map *m, int64_t seat_id, const void *value)
{
	assert(seat_id > 0);
	size_t i = find(m, seat_id);
	if (m->slots[i].seat_id != seat_id || m->slots[i].value != value)
		return;
	/* Backward shift: each later entry of the run moves into the hole
	 * unless its home slot lies cyclically after the hole (it would then
	 * be found no more). */
	size_t mask = m->cap - 1;
	size_t hole = i;
	for (size_t j = (i + 1) & mask; m->slots[j].seat_id != 0; j = (j + 1) & mask) {
		size_t home = slot_of(m, m->slots[j].seat_id);
		if (((j - home) & mask) >= ((j - hole) & mask)) {
			m->slots[hole] = m->slots[j];
			hole = j;
		}
	}
	m->slots[hole] = (seat_map_slot){0};
	m->count--;
}

size_t seat_map_count(const seat_map *m)
{
	return m->count;
}
