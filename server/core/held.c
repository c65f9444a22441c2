/* Print jobs held on each seat: see held.h. A small array of seats, each
 * with its own malloc()ed array of jobs; a room has a few dozen PCs. */
#include "core/held.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

typedef struct held_seat {
	int64_t seat_id;
	held_job *jobs; /* malloc()ed, n entries */
	size_t n;
} held_seat;

struct held_table {
	held_seat *seats; /* malloc()ed; only seats with at least one job */
	size_t n, cap;
};

held_table *held_table_new(void)
{
	return calloc(1, sizeof(held_table));
}

void held_table_free(held_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->seats[i].jobs);
	free(t->seats);
	free(t);
}

static held_seat *held__seat(const held_table *t, int64_t seat_id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->seats[i].seat_id == seat_id)
			return &t->seats[i];
	return NULL;
}

void held_clear(held_table *t, int64_t seat_id)
{
	held_seat *s = held__seat(t, seat_id);
	if (s == NULL)
		return;
	free(s->jobs);
	*s = t->seats[--t->n];
}

int held_set(held_table *t, int64_t seat_id, const held_job *jobs, size_t n)
{
	assert(n <= HELD_MAX_PER_SEAT);
	if (n == 0) {
		held_clear(t, seat_id);
		return 0;
	}
	held_job *copy = malloc(n * sizeof *copy);
	if (copy == NULL)
		return -1;
	memcpy(copy, jobs, n * sizeof *copy);
	held_seat *s = held__seat(t, seat_id);
	if (s == NULL) {
		if (t->n == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 8;
			held_seat *grown = realloc(t->seats, cap * sizeof *grown);
			if (grown == NULL) {
				free(copy);
				return -1;
			}
			t->seats = grown;
			t->cap = cap;
		}
		s = &t->seats[t->n++];
		s->seat_id = seat_id;
		s->jobs = NULL;
	}
	free(s->jobs);
	s->jobs = copy;
	s->n = n;
	return 0;
}

const held_job *held_get(const held_table *t, int64_t seat_id, size_t *n)
{
	const held_seat *s = held__seat(t, seat_id);
	*n = s ? s->n : 0;
	return s ? s->jobs : NULL;
}

const held_job *held_find(const held_table *t, int64_t seat_id, const char *job_key)
{
	size_t n;
	const held_job *jobs = held_get(t, seat_id, &n);
	for (size_t i = 0; i < n && job_key != NULL; i++)
		if (strcmp(jobs[i].job_key, job_key) == 0)
			return &jobs[i];
	return NULL;
}

bool held_job_fits(const char *job_key, const char *title)
{
	size_t k = job_key ? strlen(job_key) : 0;
	size_t ti = title ? strlen(title) : 0;
	return k > 0 && k <= HELD_KEY_MAX && ti <= HELD_TITLE_MAX;
}
