/* Help calls raised from seats (table help_calls). */
#ifndef NETPONT_STORE_HELP_H
#define NETPONT_STORE_HELP_H

#include "store/db.h"

typedef struct store_help {
	int64_t id;
	int64_t seat_id;
	int64_t session_id;  /* 0 when raised without a session */
	int64_t resident_id; /* 0 when raised without a session */
	char seat[64];
	char text[512];
	char login[64];
	int64_t raised_at;
	int64_t acknowledged_at; /* 0 = not yet */
	int64_t resolved_at;     /* 0 = not yet */
	char acknowledged_by[64];
	char resolved_by[64];
	int64_t cancelled_at;             /* 0 = not cancelled; else resolved_at too, by nobody */
	char acknowledged_by_display[64]; /* the display name, else the name; "" */
	char topic[16];                   /* store_help_topics[] or "" */
	char close_reason[32];            /* "session_ended", "session_started" or "" */
	char outcome[801];                /* what came of it (200 characters); "" */
} store_help;

typedef struct store_help_stats {
	int calls, answered, resolved;
	int64_t average_wait_s, longest_wait_s; /* raised -> acknowledged */
} store_help_stats;

/* Returns 1 and fills *out, 0 when none, -1 on error. */
int store_help_by_id(store_db *db, int64_t id, store_help *out, np_err *err);
/* The newest unresolved call of a seat. */
int store_help_open_for_seat(store_db *db, int64_t seat_id, store_help *out, np_err *err);

int store_help_raise(store_db *db, int64_t seat_id, int64_t session_id, int64_t resident_id,
                     const char *text, int64_t now, int64_t *id, np_err *err);
int store_help_ack(store_db *db, int64_t id, int64_t staff_id, int64_t now, np_err *err);
/* The topics a resolved call may carry, NULL-terminated, in the order
 * reports list them; store_help_topic_ok() says whether topic is one. */
extern const char *const store_help_topics[];
bool store_help_topic_ok(const char *topic);

/* Resolves call id by staff_id with topic (one of store_help_topics, or
 * NULL/"" for none). */
int store_help_resolve(store_db *db, int64_t id, int64_t staff_id, const char *topic, int64_t now,
                       np_err *err);

/* Closes every unresolved call of the seat at now by nobody, as cancelled
 * with reason ("session_ended"); copies the ids of up to max of them into
 * ids. Returns how many ids were copied, or -1 with err. */
int store_help_close_for_seat(store_db *db, int64_t seat_id, const char *reason, int64_t now,
                              int64_t *ids, int max, np_err *err);

/* Calls each(ctx, topic, calls) for the calls raised within [from, to) and
 * resolved by a mentor, per topic in the order of store_help_topics, then
 * "" (not said); topics with no call are left out. Returns 0 or -1. */
int store_help_topic_counts(store_db *db, int64_t from, int64_t to,
                            int (*each)(void *ctx, const char *topic, int calls), void *ctx,
                            np_err *err);
/* The resident takes the unresolved call id back: it is closed at now by
 * nobody, and marked cancelled. Nothing happens to a closed call. Returns 0
 * or -1 with err. */
int store_help_cancel(store_db *db, int64_t id, int64_t now, np_err *err);

/* Copies the newest max calls (unresolved only unless include_resolved),
 * listed oldest first, into out; with after > 0, the first max calls
 * whose id is above after instead (the pages after the first). Returns
 * the count or -1. */
int store_help_list(store_db *db, bool include_resolved, int64_t after, store_help *out, int max,
                    np_err *err);

/* Statistics over calls raised within [from, to). */
int store_help_report(store_db *db, int64_t from, int64_t to, store_help_stats *out, np_err *err);

#endif
