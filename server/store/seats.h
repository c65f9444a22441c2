/* Public PCs (table seats). Whether an agent is connected is not stored:
 * the network layer knows it; last_seen records when it last was. */
#ifndef NETPONT_STORE_SEATS_H
#define NETPONT_STORE_SEATS_H

#include "store/db.h"

typedef struct store_seat {
	int64_t id;
	char name[64];
	char token_hash[128];
	bool out_of_order;
	char message[512];
	int64_t created_at;
	int64_t last_seen;
	int64_t removed_at; /* 0 while the seat is in the room */
	bool kiosk_only;    /* an information point: directory only, no sessions (schema-v17.sql) */
} store_seat;

/* Returns 1 and fills *out when found, 0 when not, -1 on error (err set).
 * By name finds only seats in the room; by id finds removed ones too (with
 * the name they had), for past sessions and ledger rows. */
int store_seat_by_name(store_db *db, const char *name, store_seat *out, np_err *err);
int store_seat_by_id(store_db *db, int64_t id, store_seat *out, np_err *err);

/* Inserts a seat with its token hash; *id receives the row id. */
int store_seat_add(store_db *db, const char *name, const char *token_hash, int64_t now, int64_t *id,
                   np_err *err);
int store_seat_set_out_of_order(store_db *db, int64_t id, bool out_of_order, np_err *err);
int store_seat_set_kiosk_only(store_db *db, int64_t id, bool kiosk_only, np_err *err);
int store_seat_set_message(store_db *db, int64_t id, const char *message, np_err *err);
/* Takes the seat out of the room (soft delete, schema-v4.sql): it leaves
 * store_seat_each() and store_seat_by_name(), its name can be enrolled again,
 * and rows that point at it keep it. Removing a removed seat changes
 * nothing. Returns 0 or -1 (err set). */
int store_seat_remove(store_db *db, int64_t id, int64_t now, np_err *err);
int store_seat_touch(store_db *db, int64_t id, int64_t now, np_err *err);
/* Replaces the seat's token hash (an old Argon2id one by the fast form). */
int store_seat_set_token_hash(store_db *db, int64_t id, const char *token_hash, np_err *err);

/* Calls each(ctx, row) for every seat in the room whose name sorts after
 * after ("": from the first), in name order, until each returns non-zero.
 * Returns 0 or -1 with err set. */
int store_seat_each(store_db *db, const char *after, int (*each)(void *ctx, const store_seat *row),
                    void *ctx, np_err *err);

#endif
