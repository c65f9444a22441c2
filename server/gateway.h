/* The gateway: handles one decoded request from an authenticated peer and
 * produces its reply and the events it causes. It knows nothing of sockets
 * (after dqlite's gateway): the network layer feeds it Envelopes and
 * delivers the frames it hands back, and the unit tests do the same by hand.
 *
 * A request runs in three steps so that password and PIN hashing (Argon2id,
 * deliberately slow) and seat-token hashing stay off the event loop:
 *
 *   call = gateway_begin(gw, &peer, env);      loop thread: reads, checks
 *   if (gateway_call_needs_work(call))
 *           gateway_work(call);                 any thread: only hashing
 *   gateway_finish(gw, call, &peer, &reply);    loop thread: the transaction
 *
 * gateway_finish() runs the request in one transaction (BEGIN IMMEDIATE ..
 * COMMIT, ROLLBACK on refusal), then hands the events it caused to the
 * hooks, then returns the reply frame: a reply is never sent before its
 * change is durable, and a refused request changes nothing.
 *
 * Group commit: the network layer calls gateway_finish_batched() instead.
 * Requests that write, and every request that comes while their batch is
 * open, share one transaction and one COMMIT (one fsync); each runs in a
 * savepoint of its own, so a refused request takes back only its own
 * changes. Their replies and events wait in the gateway until
 * gateway_commit(): after the COMMIT succeeded, each request's events go to
 * the hooks, then its reply (hooks.reply), in the order the requests
 * finished; when the COMMIT fails, every request of the batch gets an error
 * reply and no event is sent. A request that writes nothing, with no batch
 * open, runs in a read transaction and gets its reply at once. */
#ifndef NETPONT_GATEWAY_H
#define NETPONT_GATEWAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netpont.pb-c.h"
#include "store/db.h"

typedef struct gateway gateway;
typedef struct gw_call gw_call;

typedef enum gw_peer_kind {
	GW_PEER_NONE = 0, /* no successful Hello yet */
	GW_PEER_AGENT,
	GW_PEER_STAFF,
} gw_peer_kind;

/* Who is at the other end of a connection. Zeroed before the Hello, except
 * address, which the network layer may fill (for the log and sign-in throttling); gateway_finish()
 * fills the rest when the Hello succeeds. */
typedef struct gw_peer {
	gw_peer_kind kind;
	int64_t staff_id;
	Netpont__StaffRole role;
	char staff_name[64];
	int64_t seat_id;
	char seat_name[64];
	/* The language the Hello asked for ("hu"; "" = English): every
	 * refusal on this connection is worded in it (core/i18n.h). */
	char language[16];
	/* "127.0.0.1:4711", for the log and the per-address sign-in
	 * throttling (gateway_signin.c); may be "" (no throttling by address). */
	char address[64];
} gw_peer;

/* The reply to one request: a frame to send, and whether the connection must
 * be closed once it is sent (failed Hello). */
typedef struct gw_reply {
	uint8_t *frame; /* malloc()ed, owned by the caller; NULL if none */
	size_t len;
	bool close;
} gw_reply;

/* How the gateway reaches the outside world. Frames passed to to_staff and
 * to_seat are borrowed for the duration of the call: copy them. */
typedef struct gateway_hooks {
	void *ctx;
	/* The current time; NULL means time(NULL). Tests pass a fake clock. */
	int64_t (*now)(void *ctx);
	/* Sends an event frame to every authenticated staff connection. */
	void (*to_staff)(void *ctx, const uint8_t *frame, size_t len);
	/* Sends an event frame to the agent of a seat, if one is connected. */
	void (*to_seat)(void *ctx, int64_t seat_id, const uint8_t *frame, size_t len);
	/* Whether an agent of the seat is connected now. NULL: never. */
	bool (*seat_connected)(void *ctx, int64_t seat_id);
	/* Closes the connection of the seat's agent, if one is connected (the
	 * seat was removed or its token renewed). NULL: nothing to close. */
	void (*drop_seat)(void *ctx, int64_t seat_id);
	/* Closes every connection signed in as the staff account (it was
	 * disabled or its role changed). NULL: nothing to close. */
	void (*drop_staff)(void *ctx, int64_t staff_id);
	/* Delivers the reply of a request that waited for its batch's COMMIT
	 * (gateway_finish_batched() returned 1); owner is what that call was
	 * given. reply is borrowed for the call: copy the frame. Called only
	 * from gateway_commit() and the functions that say they commit the
	 * open batch, never from gateway_finish_batched(). NULL: the replies
	 * are dropped (a gateway that only gateway_finish() uses needs none). */
	void (*reply)(void *ctx, void *owner, const gw_reply *reply);
} gateway_hooks;

typedef struct gateway_config {
	const char *site_name;   /* overrides the site_name setting when not NULL/"" */
	unsigned heartbeat_s;    /* told to clients in Welcome; 0 = 15 */
	bool pwhash_min;         /* hash new secrets with the minimum cost (tests) */
	const char *fingerprint; /* the SHA-256 of the server's TLS certificate, told to
	                            an enrolled seat's agent (SeatAdded); copied */
} gateway_config;

/* Creates a gateway over an open store. db and hooks are borrowed and must
 * outlive the gateway; config is copied (site_name too). Reads the
 * server's key for seat tokens, making it on first use (store_server_key(),
 * outside any transaction). Returns NULL when out of memory or when the key
 * cannot be read or written. */
gateway *gateway_new(store_db *db, const gateway_hooks *hooks, const gateway_config *config);
void gateway_free(gateway *gw);

/* Step 1 (loop thread). Takes ownership of req (freed with
 * netpont__envelope__free_unpacked). peer is copied. Never fails: a refusal
 * found here is carried to gateway_finish(). */
gw_call *gateway_begin(gateway *gw, const gw_peer *peer, Netpont__Envelope *req);

/* Whether step 2 has anything to do. */
bool gateway_call_needs_work(const gw_call *call);

/* The request's body case (for the caller's bookkeeping). */
Netpont__Envelope__BodyCase gateway_call_body(const gw_call *call);

/* Whether a request of this body writes nothing to the database, so that it
 * runs in a read transaction, without the write lock and without a commit's
 * fsync. A Debug build checks it at each such request (an assert: the
 * database's change count must not move). False for bodies the gateway
 * does not know. */
bool gateway_request_read_only(Netpont__Envelope__BodyCase body);

/* The memory step 2 of call takes when it is an Argon2id hash or
 * verification (its memory cost in bytes, read from the stored hash for a
 * verification), 0 when the work is not Argon2id (BLAKE2b tokens, backups,
 * reports). The network layer bounds how much of it runs at once. */
size_t gateway_call_pwhash_memory(const gw_call *call);

/* Turns call, whose Argon2id work will not run, into a refusal: the
 * server is busy with `waiting` other sign-ins (net/server.c's queue is
 * full). gateway_finish() then sends the refusal (and closes a connection
 * whose Hello it was) without hashing anything. */
void gateway_call_busy(gw_call *call, unsigned waiting);

/* Step 2 (any thread): the hashing. Touches only call. */
void gateway_work(gw_call *call);

/* Step 3 (loop thread): runs the request, passes the events to the hooks
 * and fills *reply. Updates *peer after a successful Hello. Frees call.
 * Returns 0, or -1 when no reply could be built (out of memory; close the
 * connection). A request that writes is committed before it returns,
 * together with the open batch if there is one (whose replies go to
 * hooks.reply first). */
int gateway_finish(gateway *gw, gw_call *call, gw_peer *peer, gw_reply *reply);

/* Step 3 with group commit (loop thread): runs the request as
 * gateway_finish() does, but when it writes, or when a batch is open, in the
 * batch's transaction (see the top of this file). Returns 0 when *reply is
 * to be sent now (the request wrote nothing and no batch was open; as
 * gateway_finish()); 1 when the reply waits for gateway_commit(), which
 * hands it to hooks.reply with owner (reply->frame is NULL then, and
 * reply->close already says whether the connection will close after it, so
 * the caller can stop reading that peer's next requests); -1 when out of
 * memory (close the connection; a request that ran still commits with its
 * batch). Updates *peer after a successful Hello at once, before the
 * COMMIT: a Hello whose batch then fails to commit gets an error reply with
 * close set. owner must stay valid until its replies are delivered. Frees
 * call. */
int gateway_finish_batched(gateway *gw, gw_call *call, gw_peer *peer, void *owner, gw_reply *reply);

/* Commits the open batch, if any, then hands each of its requests' events
 * and replies to the hooks in order (see the top of this file). Returns 0,
 * or -1 when the COMMIT failed (logged; every request got an error reply).
 * The hooks may close connections, so the caller must not hold on to one
 * that a reply may free. */
int gateway_commit(gateway *gw);

/* Whether requests wait for gateway_commit(). */
bool gateway_batch_waiting(const gateway *gw);

/* Whether the open batch holds as many writing requests as the last batch
 * committed did: as many as are likely to come, so that waiting longer
 * would only delay them. A batch of one is always full after a batch of
 * one. */
bool gateway_batch_full(const gateway *gw);

/* Frees a call without running it (the connection went away meanwhile). */
void gateway_call_free(gw_call *call);

/* Ends every running session whose lease has run out, as of their ends_at
 * ("time_up"), charging each; pushes the events. Call at start-up (sessions
 * that ended while the server was down) and whenever the timer fires.
 * Commits the open batch first (gateway_commit()).
 * Returns the number of sessions ended, or -1 on a database error. */
int gateway_expire(gateway *gw);

/* Applies the retention settings now (store/rights.h), in a transaction of
 * its own, and logs what was removed: netpontd calls it at start-up and
 * once a day. Returns 0 or -1 (logged). */
int gateway_retention(gateway *gw);

/* The earliest ends_at of a running session, 0 when none runs: when the
 * network layer's timer must next call gateway_expire(). */
int64_t gateway_next_deadline(gateway *gw);

/* The network layer tells the gateway that a seat's agent connected
 * (after a successful agent Hello) or went away: records last_seen and
 * pushes a SeatEvent to staff. While a batch is open the event waits for
 * its COMMIT like the batch's own events (it reads what the batch wrote);
 * never commits, so it may be called while closing a connection. */
void gateway_agent_online(gateway *gw, int64_t seat_id, bool online);

/* Writes seats.last_seen of up to max seats whose agents were heard from
 * since their row was last written (max 0: all of them), in one
 * transaction, starting where the last batch stopped. The network layer
 * calls it from a timer every second or so; gateway_free() calls it for
 * all. Commits the open batch first (gateway_commit()). Returns the number
 * of rows written, or -1 on a database error (they stay due). */
int gateway_flush_seen(gateway *gw, size_t max);

/* How many seats wait for gateway_flush_seen(). */
size_t gateway_seen_due(const gateway *gw);

/* Hashes secret with Argon2id (the cost set by pwhash_min) into out, which
 * must hold 128 bytes. Returns 0 or -1 (out of memory). Thread-safe. Used by
 * --init-admin as well. */
int gateway_hash_secret(const char *secret, bool pwhash_min, char out[128]);

/* Creates the first administrator in an open store: refuses (CONFLICT) if
 * a staff member of that name exists. Hashes on the calling thread. */
int gateway_init_admin(store_db *db, const char *name, const char *password, bool pwhash_min,
                       int64_t now, np_err *err);

/* Sets the site's language (setting site_language: "hu", "" = English) in
 * an open store, in a transaction of its own, and writes the seed tariffs'
 * and categories' labels in it where nobody renamed them (store/seeds.h).
 * --init-admin calls it for a new database. BAD_REQUEST for a code that is
 * not a language code. */
int gateway_set_site_language(store_db *db, const char *language, np_err *err);

#endif
