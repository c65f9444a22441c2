/* Sign-in throttling (table signin_throttle) and the server's own secret
 * keys (table server_keys), both from migration 2. The rule itself is in
 * core/throttle.h; this module only keeps its state. */
#ifndef NETPONT_STORE_SIGNIN_H
#define NETPONT_STORE_SIGNIN_H

#include "core/throttle.h"
#include "store/db.h"

/* What is throttled; the subject names the thing within its kind. */
typedef enum store_throttle_kind {
	STORE_THROTTLE_STAFF = 0, /* a staff name as typed (known or not), hashed */
	STORE_THROTTLE_ADDRESS,   /* a peer's IP address, without the port */
	STORE_THROTTLE_RESIDENT,  /* a resident's id, in decimal */
	STORE_THROTTLE_SEAT,      /* a seat's id, in decimal */
} store_throttle_kind;

/* Reads the state of (kind, subject) into *out: all zero when nothing is
 * recorded. Returns 0 or -1 (err set). */
int store_throttle_get(store_db *db, store_throttle_kind kind, const char *subject,
                       throttle_state *out, np_err *err);

/* Writes the state of (kind, subject), replacing what was there. Must run
 * inside the request's transaction. Returns 0 or -1 (err set). */
int store_throttle_put(store_db *db, store_throttle_kind kind, const char *subject,
                       const throttle_state *state, np_err *err);

/* Forgets (kind, subject): its failures, lock-out and doubling. Returns 0
 * (also when nothing was recorded) or -1 (err set). */
int store_throttle_clear(store_db *db, store_throttle_kind kind, const char *subject, np_err *err);

/* The 32-byte secret key called name (e.g. "seat_token") into key, made
 * from libsodium's random bytes and stored the first time it is asked for.
 * Call outside a request's transaction (at start-up). Returns 0 or -1 (err
 * set). */
int store_server_key(store_db *db, const char *name, unsigned char key[32], np_err *err);

#endif
