/* When each agent was last heard from, kept in memory and written to
 * seats.last_seen in batches (gateway_flush_seen()): 10,000 PCs pinging
 * every 15 seconds would otherwise be a transaction and an fsync each per
 * minute, all falling due in the same minute after a restart. A seat is
 * due once its row is a minute (LAST_SEEN_EVERY_S) behind, or at once when
 * its agent connects or goes away; a batch writes at most a bounded number
 * of rows, taking up where the last one stopped, so that a burst of due
 * seats spreads over the following batches and stays spread. */
#include "gateway_internal.h"

#include <stdlib.h>

#include "common/np_log.h"
#include "net/seat_map.h"
#include "store/seats.h"

/* How far behind a seat's row may be before it is due. */
#define LAST_SEEN_EVERY_S 60

typedef struct gw_seen_entry {
	int64_t seat_id;
	int64_t heard;   /* when its agent was last heard from */
	int64_t written; /* the value last written to seats.last_seen; 0: none */
	bool due;
} gw_seen_entry;

struct gw_seen {
	seat_map *index;     /* seat id to its entry */
	gw_seen_entry **all; /* every entry, in the order seats were first heard */
	size_t n, cap, next; /* next: where the next batch starts looking */
	size_t due;          /* how many entries are due */
};

gw_seen *gw_seen_new(void)
{
	gw_seen *s = calloc(1, sizeof *s);
	if (s != NULL && (s->index = seat_map_new()) == NULL) {
		free(s);
		s = NULL;
	}
	return s;
}

void gw_seen_free(gw_seen *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->all[i]);
	free(s->all);
	seat_map_free(s->index);
	free(s);
}

static gw_seen_entry *entry_of(gw_seen *s, int64_t seat_id)
{
	gw_seen_entry *e = seat_map_get(s->index, seat_id);
	if (e != NULL)
		return e;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		gw_seen_entry **all = realloc(s->all, cap * sizeof *all);
		if (all == NULL)
			return NULL;
		s->all = all;
		s->cap = cap;
	}
	e = calloc(1, sizeof *e);
	if (e == NULL || seat_map_put(s->index, seat_id, e) != 0) {
		free(e);
		return NULL;
	}
	e->seat_id = seat_id;
	s->all[s->n++] = e;
	return e;
}

int gw_seen_note(gateway *gw, int64_t seat_id, int64_t now, bool now_due)
{
	gw_seen_entry *e = entry_of(gw->seen, seat_id);
	if (e == NULL)
		return -1;
	if (now > e->heard)
		e->heard = now;
	if (!e->due && (now_due || e->heard - e->written >= LAST_SEEN_EVERY_S)) {
		e->due = true;
		gw->seen->due++;
	}
	return 0;
}

int64_t gw_seen_get(const gateway *gw, int64_t seat_id)
{
	const gw_seen_entry *e = seat_map_get(gw->seen->index, seat_id);
	return e != NULL ? e->heard : 0;
}

size_t gateway_seen_due(const gateway *gw)
{
	return gw->seen->due;
}

int gateway_flush_seen(gateway *gw, size_t max)
{
	gw_seen *s = gw->seen;
	if (s->due == 0)
		return 0;
	/* The rows go in a transaction of their own, after the open batch
	 * of requests (group commit, gateway.c). */
	gateway_commit(gw);
	size_t limit = max == 0 || max > s->due ? s->due : max;
	np_err err = {0};
	if (store_begin(gw->db, &err) != 0)
		goto failed;
	/* The rows are marked written only after the COMMIT: a failed batch
	 * leaves every one of them due for the next. */
	size_t i = s->next, looked = 0, written = 0;
	for (; written < limit && looked < s->n; looked++, i = (i + 1) % s->n) {
		gw_seen_entry *e = s->all[i];
		if (!e->due)
			continue;
		if (store_seat_touch(gw->db, e->seat_id, e->heard, &err) != 0) {
			store_rollback(gw->db);
			goto failed;
		}
		written++;
	}
	if (store_commit(gw->db, &err) != 0)
		goto failed;
	for (size_t j = s->next, k = 0; k < looked; k++, j = (j + 1) % s->n) {
		gw_seen_entry *e = s->all[j];
		if (e->due) {
			e->due = false;
			e->written = e->heard;
			s->due--;
		}
	}
	s->next = s->n > 0 ? i % s->n : 0;
	return (int)written;
failed:
	np_log(NP_LOG_ERROR, "could not note when the PCs were last seen: %s", err.message);
	return -1;
}
