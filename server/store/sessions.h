/* Sessions at seats (table sessions). A running session has ended_at NULL;
 * the schema's partial unique indexes allow one per seat and per resident. */
#ifndef NETPONT_STORE_SESSIONS_H
#define NETPONT_STORE_SESSIONS_H

#include "store/db.h"

typedef struct store_session {
	int64_t id;
	int64_t seat_id;
	int64_t resident_id;
	bool guest;
	int64_t started_at;
	int64_t ends_at;
	int64_t ended_at; /* 0 while running */
	char end_reason[16];
	int64_t started_by; /* staff id, 0 for a self-login */
	/* Joined for display. */
	char seat[64];
	char login[64];
	char name[128];
	char category[32];
	char started_by_name[64];
} store_session;

/* The running session on a seat / of a resident. Returns 1 and fills *out,
 * 0 when none runs, -1 on error. */
int store_session_running_on_seat(store_db *db, int64_t seat_id, store_session *out, np_err *err);
int store_session_running_for(store_db *db, int64_t resident_id, store_session *out, np_err *err);
int store_session_by_id(store_db *db, int64_t id, store_session *out, np_err *err);

/* Inserts a running session; *id receives the row id. started_by 0 = self. */
int store_session_start(store_db *db, int64_t seat_id, int64_t resident_id, bool guest,
                        int64_t started_at, int64_t ends_at, int64_t started_by, int64_t *id,
                        np_err *err);
int store_session_set_ends_at(store_db *db, int64_t id, int64_t ends_at, np_err *err);
/* Marks a running session ended at ended_at for reason. */
int store_session_end(store_db *db, int64_t id, int64_t ended_at, const char *reason, np_err *err);

/* Moves the end of every running session that ends after cap to cap (a
 * change of the opening hours) and calls each(ctx, seat_id) for each of
 * their seats. Returns the number changed or -1 (err set). */
int store_session_cap_running(store_db *db, int64_t cap, void (*each)(void *ctx, int64_t seat_id),
                              void *ctx, np_err *err);

/* The earliest ends_at of any running session, or 0 when none runs. */
int64_t store_session_next_end(store_db *db);

/* Copies up to max running sessions whose ends_at <= now (max < 0: every
 * running session) into out, earliest first. Returns the count or -1. */
int store_session_list_running(store_db *db, int64_t due_before, store_session *out, int max,
                               np_err *err);

/* Copies up to max sessions of a resident, newest first. Returns the count. */
int store_session_list_for(store_db *db, int64_t resident_id, store_session *out, int max,
                           np_err *err);

/* Seconds of seat time a resident used within [from, to): ended sessions
 * count up to ended_at, running ones up to now. */
int64_t store_session_used(store_db *db, int64_t resident_id, int64_t from, int64_t to,
                           int64_t now);

#endif
