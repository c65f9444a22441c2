/* Join codes (table join_codes, schema-v5.sql): what the server keeps of
 * each code `seat add`, `seat renew` and `seat invite` printed, so that
 * `netpont-agent --join CODE` enrols a PC once. Only a keyed hash of the
 * code's secret is stored; the gateway makes it and words the refusals. */
#ifndef NETPONT_STORE_JOINS_H
#define NETPONT_STORE_JOINS_H

#include "store/db.h"

typedef struct store_join {
	int64_t id;
	int64_t seat_id; /* 0: an invitation, bound to no seat (until used) */
	int64_t created_at;
	int64_t expires_at;
	int64_t used_at;    /* 0 while unused */
	int64_t retired_at; /* 0 unless a newer code for the seat replaced it */
} store_join;

/* Records a new code: secret_hash (the gateway's keyed hash), the seat it
 * enrols (0: an invitation), the staff member who asked for it (0: none)
 * and when it expires. Must run inside the request's transaction. Returns 0
 * or -1 (err set). */
int store_join_add(store_db *db, const char *secret_hash, int64_t seat_id, int64_t staff_id,
                   int64_t now, int64_t expires_at, np_err *err);

/* Finds the code whose secret has this hash: 1 and *out filled, 0 when no
 * code has it, -1 on error (err set). */
int store_join_by_hash(store_db *db, const char *secret_hash, store_join *out, np_err *err);

/* Marks the code used at now, from address (the joining PC's, for the
 * record), for seat_id (an invitation learns its seat here). Returns 0 or
 * -1 (err set). */
int store_join_use(store_db *db, int64_t id, int64_t seat_id, const char *address, int64_t now,
                   np_err *err);

/* Retires every unused code of the seat (a renewal or a new code makes the
 * older ones useless). Returns 0 or -1 (err set). */
int store_join_retire_seat(store_db *db, int64_t seat_id, int64_t now, np_err *err);

#endif
