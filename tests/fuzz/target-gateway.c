/* The gateway under a fuzzer: an input is a short sequence of requests from
 * one connection (see fuzz-targets.h for its header), run through
 * gateway_begin/work/finish exactly as the network layer runs them, after a
 * real Hello as the administrator, a mentor or a seat's agent, or with no
 * Hello at all.
 *
 * The store is a real SQLite file opened with store_db_open() in a
 * temporary directory, set up once per process (the administrator, a
 * mentor, a seat, a resident) and copied into memory; before each input
 * that follows one which changed something, the copy is written back with
 * SQLite's backup API, so every input starts in the same room. The clock is
 * injected and starts at the same instant for every input.
 *
 * Besides crashes, leaks and undefined behaviour, the target checks what
 * every client relies on: each request gets exactly one reply frame that
 * decodes and answers the request's id, every event decodes and carries id
 * 0, and no transaction is left open. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "frame.h"
#include "fuzz-targets.h"
#include "gateway.h"
#include "store/db.h"
#include "store/settings.h"

/* Requests run per input at most: enough for a small story (sign in, start
 * a session, pay), few enough that each input stays fast. */
#define GATEWAY_TARGET_MAX_REQUESTS 16
/* Tuesday 12 March 2024, 12:00 UTC: every input starts at this instant. */
#define GATEWAY_TARGET_START 1710244800
/* Replies and events may be larger than requests: a generous limit. */
#define GATEWAY_TARGET_REPLY_MAX (16u << 20)

/* The process's room: the store, its clean copy, the seat's token. */
static struct {
	char dir[256];
	char path[300];
	store_db *db;
	sqlite3 *clean;        /* in-memory copy of the room after set-up */
	int64_t changes_clean; /* sqlite3_total_changes() when db was last clean */
	char token[128];       /* FUZZ_SEAT's token */
	int64_t seat_id;       /* FUZZ_SEAT's id */
	int64_t now;           /* the injected clock */
} room;

static void fail(const char *what)
{
	fprintf(stderr, "gateway target: %s\n", what);
	abort();
}

static int64_t room_now(void *ctx)
{
	return room.now;
}

/* Every event must be a frame that decodes, with id 0. */
static void check_event(const uint8_t *frame, size_t len)
{
	Netpont__Envelope *env = NULL;
	size_t used = 0;
	if (np_frame_decode(frame, len, GATEWAY_TARGET_REPLY_MAX, &used, &env) != NP_FRAME_OK ||
	    used != len)
		fail("an event frame does not decode");
	if (env->id != 0)
		fail("an event carries a request id");
	netpont__envelope__free_unpacked(env, NULL);
}

static void room_to_staff(void *ctx, const uint8_t *frame, size_t len)
{
	check_event(frame, len);
}

static void room_to_seat(void *ctx, int64_t seat_id, const uint8_t *frame, size_t len)
{
	check_event(frame, len);
}

/* FUZZ_SEAT's agent counts as connected in every input, as in a room at
 * work, so that staff requests which reach the PC take their full path. */
static bool room_seat_connected(void *ctx, int64_t seat_id)
{
	return seat_id == room.seat_id;
}

static const gateway_hooks room_hooks = {
    .now = room_now,
    .to_staff = room_to_staff,
    .to_seat = room_to_seat,
    .seat_connected = room_seat_connected,
};

static const gateway_config room_config = {.pwhash_min = true};

/* Runs req (owned) through the three steps as peer. Checks that the reply
 * decodes and answers req's id; returns it decoded (free it) and sets
 * *close when the server would close the connection. */
static Netpont__Envelope *run_request(gateway *gw, gw_peer *peer, Netpont__Envelope *req,
                                      bool *close)
{
	uint64_t id = req->id;
	gw_call *call = gateway_begin(gw, peer, req);
	if (call == NULL)
		fail("gateway_begin returned no call");
	if (gateway_call_needs_work(call))
		gateway_work(call);
	gw_reply reply = {0};
	if (gateway_finish(gw, call, peer, &reply) != 0)
		fail("gateway_finish built no reply");
	Netpont__Envelope *out = NULL;
	size_t used = 0;
	if (reply.frame == NULL ||
	    np_frame_decode(reply.frame, reply.len, GATEWAY_TARGET_REPLY_MAX, &used, &out) !=
	        NP_FRAME_OK ||
	    used != reply.len)
		fail("a reply frame does not decode");
	free(reply.frame);
	if (out->id != id)
		fail("a reply answers another request");
	if (store_in_transaction(room.db))
		fail("a request left its transaction open");
	*close = reply.close;
	return out;
}

/* Runs a request built on the stack (a message of body's type in msg, the
 * bodies sharing one union) through an encoded and decoded copy, as the
 * network layer hands the gateway what it read. Returns the decoded reply
 * (free it). */
static Netpont__Envelope *run_built(gateway *gw, gw_peer *peer, Netpont__Envelope__BodyCase body,
                                    void *msg)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = 1;
	env.body_case = body;
	env.ping = msg;
	uint8_t *buf = NULL;
	size_t len = 0, used = 0;
	Netpont__Envelope *copy = NULL;
	if (np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &buf, &len) != NP_FRAME_OK ||
	    np_frame_decode(buf, len, NP_FRAME_DEFAULT_MAX, &used, &copy) != NP_FRAME_OK)
		fail("a set-up request does not encode");
	free(buf);
	bool close = false;
	return run_request(gw, peer, copy, &close);
}

/* Runs a set-up request whose reply must be of kind expected; returns the
 * reply (free it). */
static Netpont__Envelope *run_expecting(gateway *gw, gw_peer *peer,
                                        Netpont__Envelope__BodyCase body, void *msg,
                                        Netpont__Envelope__BodyCase expected)
{
	Netpont__Envelope *reply = run_built(gw, peer, body, msg);
	if (reply->body_case != expected) {
		fprintf(stderr, "gateway target: set-up request %d answered with %d: %s\n", body,
		        reply->body_case,
		        reply->body_case == NETPONT__ENVELOPE__BODY_ERROR ? reply->error->message
		                                                          : "");
		abort();
	}
	return reply;
}

/* The same for a set-up request whose reply is not needed. */
static void run_set_up(gateway *gw, gw_peer *peer, Netpont__Envelope__BodyCase body, void *msg,
                       Netpont__Envelope__BodyCase expected)
{
	netpont__envelope__free_unpacked(run_expecting(gw, peer, body, msg, expected), NULL);
}

/* Signs peer in through the real Hello as role; the room's set-up is
 * broken (abort) if that is refused. */
static void sign_in(gateway *gw, gw_peer *peer, fuzz_role role)
{
	Netpont__Hello h = NETPONT__HELLO__INIT;
	h.protocol_version = NP_PROTOCOL_VERSION;
	h.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	switch (role) {
	case FUZZ_ROLE_ADMIN:
		h.user = FUZZ_ADMIN;
		h.password = FUZZ_ADMIN_PASSWORD;
		break;
	case FUZZ_ROLE_MENTOR:
		h.user = FUZZ_MENTOR;
		h.password = FUZZ_MENTOR_PASSWORD;
		break;
	case FUZZ_ROLE_AGENT:
		h.role = NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
		h.seat = FUZZ_SEAT;
		h.token = room.token;
		break;
	default:
		return;
	}
	run_set_up(gw, peer, NETPONT__ENVELOPE__BODY_HELLO, &h, NETPONT__ENVELOPE__BODY_WELCOME);
	if (role == FUZZ_ROLE_AGENT) /* what the network layer does after an agent's Welcome */
		gateway_agent_online(gw, peer->seat_id, true);
}

/* Copies the database of connection from into that of to (SQLite's backup
 * API; the page sizes match). */
static void copy_database(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (b == NULL || sqlite3_backup_step(b, -1) != SQLITE_DONE ||
	    sqlite3_backup_finish(b) != SQLITE_OK)
		fail(sqlite3_errmsg(to));
}

static void room_remove(void)
{
	store_db_close(room.db);
	sqlite3_close(room.clean);
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		char p[320];
		snprintf(p, sizeof p, "%s%s", room.path, suffix[i]);
		unlink(p);
	}
	rmdir(room.dir);
}

/* Gives the room something to look back on, so that reports, reversals
 * and help answers have rows to work on from the first request: the
 * agent's help call 1, a charge to FUZZ_RESIDENT (ledger entry 1) and its
 * cash payment in an open shift (entry 2). */
static void room_add_history(gateway *gw, gw_peer *admin, gw_peer *agent)
{
	Netpont__AgentHelp help = NETPONT__AGENT_HELP__INIT;
	help.text = "Nem nyílik meg a levelem.";
	run_set_up(gw, agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &help,
	           NETPONT__ENVELOPE__BODY_HELP_CALL);
	Netpont__ShiftStart shift = NETPONT__SHIFT_START__INIT;
	shift.cash_float = 5000;
	run_set_up(gw, admin, NETPONT__ENVELOPE__BODY_SHIFT_START, &shift,
	           NETPONT__ENVELOPE__BODY_SHIFT_REPLY);
	Netpont__ChargeAdd charge = NETPONT__CHARGE_ADD__INIT;
	charge.resident_login = FUZZ_RESIDENT;
	charge.service = "copy";
	charge.qty = 2;
	run_set_up(gw, admin, NETPONT__ENVELOPE__BODY_CHARGE_ADD, &charge,
	           NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	Netpont__Pay pay = NETPONT__PAY__INIT;
	pay.resident_login = FUZZ_RESIDENT;
	pay.amount = 20;
	pay.method = "cash";
	run_set_up(gw, admin, NETPONT__ENVELOPE__BODY_PAY, &pay, NETPONT__ENVELOPE__BODY_PAY_REPLY);
}

/* Creates the room once: the store in a temporary directory, opened the
 * way netpontd opens it, open all day every day, with the administrator, a
 * mentor, a seat (its agent signed in once), a resident and some history;
 * then its clean copy in memory. */
static void room_create(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(room.dir, sizeof room.dir, "%s/netpont-fuzz-XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(room.dir) == NULL)
		fail("cannot make a temporary directory");
	snprintf(room.path, sizeof room.path, "%s/fuzz.db", room.dir);
	np_err err = {0};
	if (store_db_open(room.path, true, &room.db, &err) != 0)
		fail(err.message);
	atexit(room_remove);
	/* Durability is not under test and fsync would dominate each input. */
	sqlite3_exec(store_db_sqlite(room.db), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
	room.now = GATEWAY_TARGET_START;
	if (store_setting_set(room.db, "open_time", "00:00", &err) != 0 ||
	    store_setting_set(room.db, "close_time", "24:00", &err) != 0 ||
	    store_setting_set(room.db, "open_days", "1234567", &err) != 0 ||
	    gateway_init_admin(room.db, FUZZ_ADMIN, FUZZ_ADMIN_PASSWORD, true, room.now, &err) != 0)
		fail(err.message);

	gateway *gw = gateway_new(room.db, &room_hooks, &room_config);
	if (gw == NULL)
		fail("out of memory");
	gw_peer admin = {0};
	sign_in(gw, &admin, FUZZ_ROLE_ADMIN);
	Netpont__StaffAdd staff = NETPONT__STAFF_ADD__INIT;
	staff.name = FUZZ_MENTOR;
	staff.role = NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR;
	staff.password = FUZZ_MENTOR_PASSWORD;
	run_set_up(gw, &admin, NETPONT__ENVELOPE__BODY_STAFF_ADD, &staff,
	           NETPONT__ENVELOPE__BODY_OK);
	Netpont__SeatAdd seat = NETPONT__SEAT_ADD__INIT;
	seat.name = FUZZ_SEAT;
	Netpont__Envelope *added = run_expecting(gw, &admin, NETPONT__ENVELOPE__BODY_SEAT_ADD,
	                                         &seat, NETPONT__ENVELOPE__BODY_SEAT_ADDED);
	snprintf(room.token, sizeof room.token, "%s", added->seat_added->token);
	netpont__envelope__free_unpacked(added, NULL);
	gw_peer agent = {0};
	sign_in(gw, &agent, FUZZ_ROLE_AGENT);
	room.seat_id = agent.seat_id;
	Netpont__ResidentAdd resident = NETPONT__RESIDENT_ADD__INIT;
	resident.login = FUZZ_RESIDENT;
	resident.name = "Kovács Anna";
	resident.pin = FUZZ_RESIDENT_PIN;
	run_set_up(gw, &admin, NETPONT__ENVELOPE__BODY_RESIDENT_ADD, &resident,
	           NETPONT__ENVELOPE__BODY_RESIDENT);
	room_add_history(gw, &admin, &agent);
	gateway_free(gw);

	if (sqlite3_open(":memory:", &room.clean) != SQLITE_OK)
		fail("cannot open an in-memory database");
	copy_database(room.clean, store_db_sqlite(room.db));
	room.changes_clean = sqlite3_total_changes(store_db_sqlite(room.db));
}

/* Puts the room back as room_create() left it, unless nothing changed. */
static void room_reset(void)
{
	sqlite3 *db = store_db_sqlite(room.db);
	if (sqlite3_total_changes(db) != room.changes_clean) {
		copy_database(db, room.clean);
		room.changes_clean = sqlite3_total_changes(db);
	}
	room.now = GATEWAY_TARGET_START;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < FUZZ_GATEWAY_HEADER_SIZE)
		return 0;
	if (room.db == NULL)
		room_create();
	room_reset();
	gateway *gw = gateway_new(room.db, &room_hooks, &room_config);
	if (gw == NULL)
		fail("out of memory");
	gw_peer peer = {0};
	sign_in(gw, &peer, (fuzz_role)(data[0] % FUZZ_ROLE_COUNT));
	int64_t step = (int64_t)data[1] * 60;

	np_frame_reader reader;
	np_frame_reader_init(&reader, NP_FRAME_DEFAULT_MAX);
	const uint8_t *p = data + FUZZ_GATEWAY_HEADER_SIZE;
	size_t left = size - FUZZ_GATEWAY_HEADER_SIZE;
	bool close = false;
	for (int n = 0; n < GATEWAY_TARGET_MAX_REQUESTS && left > 0 && !close; n++) {
		size_t used = 0;
		Netpont__Envelope *req = NULL;
		int rc = np_frame_reader_feed(&reader, p, left, &used, &req);
		p += used;
		left -= used;
		if (rc != NP_FRAME_OK)
			break; /* the rest is not a frame: the server would close */
		netpont__envelope__free_unpacked(run_request(gw, &peer, req, &close), NULL);
		room.now += step;
		if (gateway_expire(gw) < 0)
			fail("gateway_expire failed");
	}
	np_frame_reader_reset(&reader);
	if (peer.kind == GW_PEER_AGENT)
		gateway_agent_online(gw, peer.seat_id, false);
	gateway_free(gw);
	return 0;
}
