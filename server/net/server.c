/* Connections, after libuv's own stream code and dqlite's conn.c: a
 * connection is a small state machine fed by uv_read callbacks; every
 * outgoing frame is one heap block (uv_write_t + bytes) freed in its write
 * callback; a connection is freed only in its close callback, and callbacks
 * that arrive after closing return at once. */
#include "net/server.h"

#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_log.h"
#include "common/np_tls.h"
#include "frame.h"
#include "net/seat_map.h"
#include "net/transport.h"

/* Connections the kernel may hold before netpontd accepts them (capped by
 * net.core.somaxconn, 4096 on Debian 12). After a restart every PC of a
 * city reconnects within a second or two; with a backlog of 128 the
 * overflow was dropped and waited for TCP's SYN retries (1, 3, 7, 15 s ...),
 * so 10,000 agents took 114 s to be back (BENCHMARKS.md). */
#define LISTEN_BACKLOG 4096

/* Requests decoded while an earlier one is being hashed, or while the peer
 * has had its share of this loop turn, wait here. Decoding stops once this
 * many wait: the rest of what was read waits undecoded in the connection's
 * stash (at most one read's worth) and reading pauses until the queue
 * drains, so a peer that pipelines thousands of requests holds a bounded
 * amount of memory. */
#define CONN_PENDING_PAUSE 64
/* The queue starts with room for this many and doubles up to
 * CONN_PENDING_PAUSE: a PC has one request in flight (its Ping), and 64
 * pointers for each of 10,000 PCs would be 5 MB held for nothing. */
#define CONN_PENDING_FIRST 2
#define READ_BUFFER_SIZE   (64 * 1024)

/* Defaults of the limits in net_config. 16 MiB of unfinished frames is 64
 * peers each sending a frame of the largest size at once; a room's PCs and
 * consoles send frames of a few hundred bytes. */
#define DEFAULT_HELLO_TIMEOUT_S   10
#define DEFAULT_FRAME_TIMEOUT_S   30
#define DEFAULT_PARTIAL_BYTES_MAX (16u * 1024 * 1024)
#define DEFAULT_CONNS_MAX         1024
#define DEFAULT_CONNS_PER_ADDRESS 64
#define DEFAULT_REQUESTS_PER_TURN 16

/* Argon2id hashes (staff sign-ins, PINs, new passwords) run at most
 * DEFAULT_PWHASH_MAX at once, and together take at most NET_PWHASH_MEMORY:
 * each takes its memory cost (32 MiB for a new hash, 64 MiB to verify a
 * hash made before issue 11) for its whole run, so 200 sign-ins at once
 * would otherwise ask for gigabytes, and the thread pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise) would hold reports and backups behind
 * them. The others wait in the server's own FIFO, not in libuv's queue, so
 * one pool thread always stays free for other work, and a waiting sign-in
 * whose peer leaves is dropped unhashed. Two at a time (one on a 2-core
 * server, net_pwhash_max()) adds at most 64 MiB of hashing to what the
 * server holds anyway; with 10,000 PCs connected that is itself about
 * 170 MB (BENCHMARKS.md, issue 11), so the storm's peak is the idle peak
 * plus 32-64 MiB, not 200 times 32 MiB. */
#define DEFAULT_PWHASH_MAX 2u
#define NET_PWHASH_MEMORY  (64u * 1024 * 1024)
#define DEFAULT_THREADPOOL 4u
/* At most this many Argon2id calls wait in the queue; the next is refused
 * at once with a sentence saying the server is busy (gateway_call_busy()).
 * Each waiting call holds about 1.3 KiB (its gw_call and decoded request)
 * besides its connection, so memory is not what bounds the line: time is.
 * On the 2-core test machine 200 sign-ins at once were all answered in
 * 6.7 s (two hashes at a time) to 8.8 s (one), 23-30 a second
 * (BENCHMARKS.md, issue 11), so the 256th waits some 10 s, about as long
 * as a person at the desk waits before trying again; a longer line would
 * only answer people who have given up. A 200-login storm fits in it. */
#define DEFAULT_PWHASH_QUEUE_MAX 256u
/* A peer's share of a loop turn also ends once its requests took this long
 * to run: one resident list of a large room takes tens of milliseconds, so
 * a count alone would let a few of them hold everyone up. */
#define TURN_SHARE_NS (10u * 1000 * 1000)
/* seats.last_seen is written in batches (gateway_flush_seen()) of at most
 * SEEN_BATCH_MAX rows every SEEN_FLUSH_MS: 256 rows a second is more than
 * 10,000 agents' once-a-minute need (167 a second), and one such batch is
 * a millisecond or two of the loop and one fsync; after a restart, when
 * every seat is due at once, the rows spread over the next 40 seconds and
 * stay spread. */
#define SEEN_FLUSH_MS  1000
#define SEEN_BATCH_MAX 256
#define RETENTION_MS   (24u * 60u * 60u * 1000u) /* gateway_retention(): once a day */
/* Group commit: the writes of a loop turn share one COMMIT (one fsync),
 * made when the turn's I/O is done (batch_check). When the batch holds
 * fewer writes than the last one did, more are likely on their way (eight
 * consoles, each sending its next payment within a fraction of a
 * millisecond of its reply), so the COMMIT waits for them, at most this
 * long after the turn that opened the batch. libuv's timers count whole
 * milliseconds, so 1 ms may fire at once; 2 ms is about one COMMIT on a
 * disk (several ms on a spinning disk, 0.3 ms on the virtual disk of
 * BENCHMARKS.md), so waiting costs a writer about what a second COMMIT
 * would, and a lone writer (a batch of one after a batch of one) never
 * waits. */
#define GROUP_COMMIT_WINDOW_MS 2

typedef struct net_conn net_conn;

/* How many connections one address has open: a node of the server's
 * table of addresses (HOST_BUCKETS chains), so that the per-address cap
 * costs a short chain at each accept, not a walk of every connection (a
 * city's PCs reconnecting after a restart are 10,000 accepts). */
typedef struct host_count {
	struct host_count *next;
	unsigned n;
	char host[48];
} host_count;

#define HOST_BUCKETS 1024

/* A link of an intrusive, circular, doubly linked list whose head is a
 * sentinel link of the server. A connection sits in several such lists at
 * once (staff, deferred, the three deadline lists, the Argon2id queue), so
 * that each hot path walks only the connections it concerns, and taking a
 * connection out of any of them costs O(1). prev == next == NULL: in no
 * list. */
typedef struct conn_link {
	struct conn_link *prev, *next;
} conn_link;

/* The connection whose member link is l. */
#define CONN_OF(l, member) ((net_conn *)((char *)(l)-offsetof(net_conn, member)))

static void link_init(conn_link *head)
{
	head->prev = head->next = head;
}

static bool link_linked(const conn_link *l)
{
	return l->next != NULL;
}

static bool list_empty(const conn_link *head)
{
	return head->next == head;
}

/* Takes l out of its list; nothing when it is in none. */
static void link_remove(conn_link *l)
{
	if (!link_linked(l))
		return;
	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = NULL;
}

/* Puts l at the tail of head's list, taking it out of where it was (so a
 * connection moves to the tail of a list ordered by time). */
static void list_append(conn_link *head, conn_link *l)
{
	link_remove(l);
	l->prev = head->prev;
	l->next = head;
	head->prev->next = l;
	head->prev = l;
}

/* Where a connection is in its life. The order matters: every state from
 * NET_CONN_DRAINING on takes no more requests, and every state from
 * NET_CONN_CLOSING on has had uv_close() called. Whether a call is in the
 * thread pool is not a state of its own: it is conn->call != NULL, and may
 * be so in any state. */
typedef enum net_conn_state {
	NET_CONN_IDLE = 0, /* open, not reading: just accepted, or paused
	                      while requests wait */
	NET_CONN_READING,  /* open and reading */
	NET_CONN_DRAINING, /* uv_shutdown(): closes once the queued frames
	                      are written, so that the peer reads why */
	NET_CONN_CLOSING,  /* uv_close() was called */
	NET_CONN_CLOSED,   /* the close callback ran; freed once no call is
	                      in the thread pool */
} net_conn_state;

struct net_conn {
	uv_tcp_t tcp; /* first: the handle's address is the connection's */
	net_server *server;
	net_conn *prev, *next;
	net_transport *transport;
	np_frame_reader reader;
	gw_peer peer;
	char addr[64];             /* "127.0.0.1:51234", for the log */
	char host[48];             /* "127.0.0.1": the address the per-address cap counts */
	bool host_counted;         /* counted in server->hosts */
	uint64_t connected_ms;     /* uv_now() at accept: the Hello deadline counts from here */
	uint64_t last_heard_ms;    /* uv_now() when the peer last sent anything */
	uint64_t frame_started_ms; /* uv_now() when the unfinished frame began; 0: none */
	size_t partial_held;       /* bytes the reader holds for the unfinished frame,
	                              counted in server->partial_bytes */
	size_t unsent;             /* bytes handed to uv_write and not yet written */
	/* The request pipeline. */
	Netpont__Envelope **pending; /* ring buffer of CONN_PENDING_PAUSE */
	size_t pending_head, pending_count, pending_cap;
	uint8_t *stash; /* read and not yet decoded (pending was full) */
	size_t stash_off, stash_len;
	uint64_t turn;     /* the loop turn `served` and `spent_ns` count in */
	unsigned served;   /* requests served in that turn */
	uint64_t spent_ns; /* time they took to run on the loop */
	/* Group commit: replies of this connection's requests that wait for
	 * their batch's COMMIT (the gateway holds them; hook_reply delivers
	 * them). The connection is not freed while any wait. */
	unsigned awaiting;
	/* A waiting reply closes the connection: no more of its requests
	 * are run (a refused Hello must not be followed by another try). */
	bool close_awaited;
	/* The server's lists this connection is in (conn_link). */
	conn_link staff_link;  /* server->staff: a welcomed staff peer, open */
	conn_link defer_link;  /* server->deferred: had its share of a turn,
	                          served again from serve_idle */
	conn_link hello_link;  /* server->unwelcomed, by connected_ms */
	conn_link frame_link;  /* server->framing, by frame_started_ms */
	conn_link heard_link;  /* server->heard, by last_heard_ms */
	conn_link pwhash_link; /* server->pwhash_queue: waits to be hashed */
	uv_work_t work;
	/* The call in the thread pool, or waiting in the server's Argon2id
	 * queue (pwhash_link); NULL when none. */
	gw_call *call;
	size_t pwhash_mem; /* the Argon2id memory of call; 0: not Argon2id */
	net_conn_state state;
	uv_shutdown_t shutdown;
};

struct net_server {
	uv_loop_t *loop;
	uv_tcp_t listener;
	uv_timer_t idle_timer;
	uv_timer_t session_timer;
	uv_timer_t seen_timer;     /* gateway_flush_seen() */
	uv_timer_t daily_timer;    /* gateway_retention(): at start-up, then daily */
	uv_prepare_t turn_counter; /* counts loop turns, for requests_per_turn */
	uv_idle_t serve_idle;      /* active while a connection waits for its next turn */
	uv_check_t batch_check;    /* after each turn's I/O: commits the batch of writes */
	uv_timer_t batch_timer;    /* GROUP_COMMIT_WINDOW_MS: commits a batch that waited */
	uint64_t turn;
	gateway *gw;
	gateway_hooks hooks;
	SSL_CTX *tls; /* borrowed from net_config */
	net_conn *conns;
	/* Heads of the connection lists (conn_link). Each hot path walks only
	 * its own: an event for staff the staff consoles, serve_idle the
	 * connections with deferred work, and the deadline check (idle_cb)
	 * only the expired heads of three lists ordered by time, so none of
	 * them costs more as more agents connect. */
	conn_link staff;      /* welcomed staff, open, in welcome order */
	conn_link deferred;   /* waiting for their next share of a turn */
	conn_link unwelcomed; /* no Welcome yet, by connection time */
	conn_link framing;    /* a frame begun and unfinished, by its start */
	conn_link heard;      /* every connection not closing, least recently
	                         heard from first */
	/* Seat id to its agent's connection: every welcomed agent that is not
	 * closing, and nothing else (conn_finish() puts, conn_stopped()
	 * removes). */
	seat_map *agents;
	unsigned n_conns; /* in the list, closing ones included: they still hold memory */
	unsigned idle_timeout_s;
	size_t write_queue_max;
	unsigned hello_timeout_s, frame_timeout_s;
	size_t partial_bytes, partial_bytes_max;
	unsigned conns_max, conns_per_address, requests_per_turn;
	host_count *hosts[HOST_BUCKETS];    /* open connections per address */
	uint8_t read_buf[READ_BUFFER_SIZE]; /* every read's bytes (alloc_cb) */
	/* The Argon2id queue (DEFAULT_PWHASH_MAX): hashes in the pool, their
	 * memory, and the FIFO of connections whose hash waits (at most
	 * pwhash_queue_max). */
	unsigned pwhash_max, pwhash_running, pwhash_queue_max;
	size_t pwhash_memory;
	conn_link pwhash_queue;
	/* Counts for net_server_pwhash_counts() and net_server_staff_count(),
	 * read from other threads. */
	pthread_mutex_t pwhash_lock;
	unsigned pwhash_waiting_count, pwhash_peak, pwhash_in_work;
	unsigned staff_count;
	void (*pwhash_hook)(void *ctx, const char *addr, bool started);
	void *pwhash_hook_ctx;
	int port;
	bool stopping;
};

/* A frame on its way out: freed in write_cb. */
typedef struct out_frame {
	uv_write_t req;
	net_conn *conn;
	size_t len;
	uint8_t data[];
} out_frame;

static void conn_close(net_conn *c, const char *why);

/* Whether a call of the connection is in the thread pool. */
static bool conn_busy(const net_conn *c)
{
	return c->call != NULL;
}

/* Whether the connection must not be freed yet: a call is in the thread
 * pool, or replies wait for their batch's COMMIT. */
static bool conn_in_use(const net_conn *c)
{
	return conn_busy(c) || c->awaiting > 0;
}

/* Whether the connection takes no more requests (draining or closed). */
static bool conn_closing(const net_conn *c)
{
	return c->state >= NET_CONN_DRAINING;
}

static void conn_process(net_conn *c);
static void arm_session_timer(net_server *s);
static void pwhash_drop(net_conn *c);
static void host_count_remove(net_conn *c);

/* ------------------------------------------------------------ writing */

static void write_cb(uv_write_t *req, int status)
{
	out_frame *f = (out_frame *)req;
	net_conn *c = f->conn;
	assert(c->unsent >= f->len);
	c->unsent -= f->len;
	free(f);
	if (status < 0 && status != UV_ECANCELED && !conn_closing(c))
		conn_close(c, uv_strerror(status));
}

/* The transport's send callback: one heap block per piece. */
static int conn_send_raw(void *arg, const uint8_t *data, size_t len)
{
	net_conn *c = arg;
	if (c->unsent + len > c->server->write_queue_max) {
		char why[96];
		snprintf(why, sizeof why, "it does not read its replies (%zu bytes waiting)",
		         c->unsent);
		conn_close(c, why);
		return -1;
	}
	out_frame *f = malloc(sizeof *f + len);
	if (f == NULL)
		return -1;
	f->conn = c;
	f->len = len;
	memcpy(f->data, data, len);
	uv_buf_t buf = uv_buf_init((char *)f->data, (unsigned)len);
	int rc = uv_write(&f->req, (uv_stream_t *)&c->tcp, &buf, 1, write_cb);
	if (rc < 0) {
		free(f);
		return -1;
	}
	c->unsent += len;
	return 0;
}

/* Sends one frame (borrowed; copied). Closes the connection when the write
 * queue is over its limit or the write fails. */
static void conn_send(net_conn *c, const uint8_t *frame, size_t len)
{
	if (conn_closing(c))
		return;
	if (c->transport->ops->encode(c->transport, frame, len, conn_send_raw, c) != 0)
		conn_close(c, "the write failed");
}

/* Sends an Error frame with id 0 (a reply to no request: the stream broke). */
static void conn_send_error(net_conn *c, Netpont__ErrorCode code, const char *message)
{
	Netpont__Error e = NETPONT__ERROR__INIT;
	e.code = code;
	e.message = (char *)message;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_ERROR;
	env.error = &e;
	uint8_t *buf = NULL;
	size_t len = 0;
	if (np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &buf, &len) == NP_FRAME_OK) {
		conn_send(c, buf, len);
		free(buf);
	}
}

/* ------------------------------------------------------------ closing */

/* Takes c out of the deadline lists: once it is closing, no deadline
 * applies to it. */
static void conn_unlink_deadlines(net_conn *c)
{
	link_remove(&c->hello_link);
	link_remove(&c->frame_link);
	link_remove(&c->heard_link);
}

static void conn_free(net_conn *c)
{
	assert(c->state == NET_CONN_CLOSED && !conn_in_use(c));
	assert(!link_linked(&c->staff_link) && !link_linked(&c->defer_link) &&
	       !link_linked(&c->pwhash_link));
	net_server *s = c->server;
	conn_unlink_deadlines(c);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->n_conns--;
	host_count_remove(c);
	assert(s->partial_bytes >= c->partial_held);
	s->partial_bytes -= c->partial_held;
	free(c->stash);
	while (c->pending_count > 0) {
		netpont__envelope__free_unpacked(c->pending[c->pending_head], NULL);
		c->pending_head = (c->pending_head + 1) % c->pending_cap;
		c->pending_count--;
	}
	free(c->pending);
	np_frame_reader_reset(&c->reader);
	c->transport->ops->free(c->transport);
	free(c);
}

static void close_cb(uv_handle_t *h)
{
	net_conn *c = (net_conn *)h;
	c->state = NET_CONN_CLOSED;
	if (!conn_in_use(c))
		conn_free(c);
}

static void shutdown_cb(uv_shutdown_t *req, int status)
{
	(void)status;
	net_conn *c = req->data;
	if (c->state < NET_CONN_CLOSING) {
		c->state = NET_CONN_CLOSING;
		conn_unlink_deadlines(c);
		uv_close((uv_handle_t *)&c->tcp, close_cb);
	}
}

/* Once, when an open connection has just moved to DRAINING or CLOSING:
 * reading stops and an agent's seat is reported offline. */
static void conn_stopped(net_conn *c)
{
	uv_read_stop((uv_stream_t *)&c->tcp);
	if (link_linked(&c->staff_link)) {
		link_remove(&c->staff_link);
		pthread_mutex_lock(&c->server->pwhash_lock);
		c->server->staff_count--;
		pthread_mutex_unlock(&c->server->pwhash_lock);
	}
	link_remove(&c->defer_link);
	if (link_linked(&c->pwhash_link))
		pwhash_drop(c);
	if (c->peer.kind == GW_PEER_AGENT)
		seat_map_remove(c->server->agents, c->peer.seat_id, c);
	if (c->peer.kind == GW_PEER_AGENT && !c->server->stopping)
		gateway_agent_online(c->server->gw, c->peer.seat_id, false);
}

/* Closes at once, dropping unsent data; why (if not NULL) is logged. Also
 * cuts short a close-after-flush whose peer does not read. */
static void conn_close(net_conn *c, const char *why)
{
	if (c->state >= NET_CONN_CLOSING)
		return;
	if (why != NULL && c->peer.kind == GW_PEER_AGENT)
		np_log(NP_LOG_WARNING, "closing %s (seat %s): %s", c->addr, c->peer.seat_name, why);
	else if (why != NULL)
		np_log(NP_LOG_WARNING, "closing %s: %s", c->addr, why);
	bool was_open = !conn_closing(c);
	c->state = NET_CONN_CLOSING;
	conn_unlink_deadlines(c);
	uv_close((uv_handle_t *)&c->tcp, close_cb);
	if (was_open)
		conn_stopped(c);
}

/* Closes after the queued frames are written (a refused Hello, a broken
 * stream), so that the peer gets to read why. */
static void conn_close_after_flush(net_conn *c)
{
	if (conn_closing(c))
		return;
	c->shutdown.data = c;
	if (uv_shutdown(&c->shutdown, (uv_stream_t *)&c->tcp, shutdown_cb) != 0) {
		conn_close(c, NULL);
		return;
	}
	c->state = NET_CONN_DRAINING;
	conn_stopped(c);
}

/* ------------------------------------------------------------ requests */

/* Whether a request may move a session's end (the session timer follows). */
static bool touches_sessions(Netpont__Envelope__BodyCase body)
{
	switch (body) {
	case NETPONT__ENVELOPE__BODY_SESSION_START:
	case NETPONT__ENVELOPE__BODY_SESSION_EXTEND:
	case NETPONT__ENVELOPE__BODY_SESSION_END:
	case NETPONT__ENVELOPE__BODY_SEAT_LOCK:
	case NETPONT__ENVELOPE__BODY_AGENT_LOGIN:
	case NETPONT__ENVELOPE__BODY_AGENT_LOGOUT:
		return true;
	default:
		/* Any other write may have changed a deadline too: a booking
		 * added, moved or cancelled (its release, the session it cuts
		 * short) or a setting such as booking_release_min. */
		return !gateway_request_read_only(body);
	}
}

/* The agent of a seat, if one is connected and not closing. */
static net_conn *agent_of(net_server *s, int64_t seat_id)
{
	return seat_id > 0 ? seat_map_get(s->agents, seat_id) : NULL;
}

/* A connection was just welcomed: no Hello deadline any more, and a staff
 * console joins the list that events for staff go to. */
static void conn_welcomed(net_conn *c)
{
	net_server *s = c->server;
	link_remove(&c->hello_link);
	if (c->peer.kind == GW_PEER_STAFF && !conn_closing(c)) {
		list_append(&s->staff, &c->staff_link);
		pthread_mutex_lock(&s->pwhash_lock);
		s->staff_count++;
		pthread_mutex_unlock(&s->pwhash_lock);
	}
}

static void log_welcome(net_conn *c)
{
	if (c->peer.kind == GW_PEER_STAFF)
		np_log(NP_LOG_INFO, "%s signed in from %s", c->peer.staff_name, c->addr);
	else
		np_log(NP_LOG_INFO, "agent of %s connected from %s", c->peer.seat_name, c->addr);
}

/* Step 3 of a request: runs it, sends the reply, follows up. */
static void conn_finish(net_conn *c, gw_call *call)
{
	net_server *s = c->server;
	gw_peer before = c->peer;
	Netpont__Envelope__BodyCase body = NETPONT__ENVELOPE__BODY__NOT_SET;
	/* The body case is read before the call is freed by gateway_finish(). */
	body = gateway_call_body(call);
	gw_reply reply;
	/* 1: the reply waits for the batch's COMMIT (hook_reply sends it). */
	int held = gateway_finish_batched(s->gw, call, &c->peer, c, &reply);
	if (held < 0) {
		conn_close(c, "out of memory");
		return;
	}
	if (held == 1)
		c->awaiting++;
	if (before.kind == GW_PEER_NONE && c->peer.kind == GW_PEER_AGENT) {
		/* One agent per seat: a new connection proved the token, so the
		 * old one is stale (a PC that rebooted). */
		net_conn *old = agent_of(s, c->peer.seat_id);
		if (old != NULL && old != c) {
			seat_map_remove(s->agents, old->peer.seat_id, old);
			old->peer.kind = GW_PEER_NONE; /* do not report the seat offline */
			conn_close(old, "the same seat connected again");
		}
		if (seat_map_put(s->agents, c->peer.seat_id, c) != 0) {
			conn_close(c, "out of memory");
			free(reply.frame);
			return;
		}
	}
	if (held == 0)
		conn_send(c, reply.frame, reply.len);
	free(reply.frame);
	if (before.kind == GW_PEER_NONE && c->peer.kind != GW_PEER_NONE) {
		/* Welcomed: from now on frames may be as large as any reply's
		 * request needs. A frame begun under the Hello limit was checked
		 * against it already. */
		c->reader.max = NP_FRAME_DEFAULT_MAX;
		conn_welcomed(c);
		log_welcome(c);
		if (c->peer.kind == GW_PEER_AGENT)
			gateway_agent_online(s->gw, c->peer.seat_id, true);
	}
	if (reply.close && held == 0)
		conn_close_after_flush(c);
	else if (reply.close)
		c->close_awaited = true;
	if (touches_sessions(body))
		arm_session_timer(s);
}

static void work_cb(uv_work_t *req)
{
	net_conn *c = req->data;
	net_server *s = c->server;
	if (c->pwhash_mem == 0) {
		gateway_work(c->call);
		return;
	}
	/* Counted here, in the pool, so that a test sees what really runs
	 * at once rather than what the loop believes. */
	pthread_mutex_lock(&s->pwhash_lock);
	if (++s->pwhash_in_work > s->pwhash_peak)
		s->pwhash_peak = s->pwhash_in_work;
	pthread_mutex_unlock(&s->pwhash_lock);
	if (s->pwhash_hook != NULL)
		s->pwhash_hook(s->pwhash_hook_ctx, c->addr, true);
	gateway_work(c->call);
	if (s->pwhash_hook != NULL)
		s->pwhash_hook(s->pwhash_hook_ctx, c->addr, false);
	pthread_mutex_lock(&s->pwhash_lock);
	s->pwhash_in_work--;
	pthread_mutex_unlock(&s->pwhash_lock);
}

static void after_work_cb(uv_work_t *req, int status);

/* Takes c out of the Argon2id queue: the head when its turn comes, or any
 * place when its peer leaves. */
static void pwhash_unqueue(net_conn *c)
{
	net_server *s = c->server;
	link_remove(&c->pwhash_link);
	pthread_mutex_lock(&s->pwhash_lock);
	s->pwhash_waiting_count--;
	pthread_mutex_unlock(&s->pwhash_lock);
}

/* Hands the calls at the head of the Argon2id queue to the pool while
 * fewer than pwhash_max run and their memory fits (one always may run, so
 * that a hash dearer than NET_PWHASH_MEMORY still runs, alone). Strictly
 * FIFO: a cheap hash never overtakes a dear one. */
static void pwhash_dispatch(net_server *s)
{
	while (!list_empty(&s->pwhash_queue) && s->pwhash_running < s->pwhash_max) {
		net_conn *c = CONN_OF(s->pwhash_queue.next, pwhash_link);
		if (s->pwhash_running > 0 && s->pwhash_memory + c->pwhash_mem > NET_PWHASH_MEMORY)
			break;
		pwhash_unqueue(c);
		s->pwhash_running++;
		s->pwhash_memory += c->pwhash_mem;
		c->work.data = c;
		if (uv_queue_work(s->loop, &c->work, work_cb, after_work_cb) != 0) {
			s->pwhash_running--;
			s->pwhash_memory -= c->pwhash_mem;
			gateway_call_free(c->call);
			c->call = NULL;
			conn_close(c, "the thread pool refused work");
		}
	}
}

/* Takes a waiting call out of the Argon2id queue and frees it unhashed:
 * its peer went away. */
static void pwhash_drop(net_conn *c)
{
	pwhash_unqueue(c);
	gateway_call_free(c->call);
	c->call = NULL;
}

/* Starts the work of c->call: at once in the pool, or, for an Argon2id
 * hash, through the queue; when the queue is full, the call is answered
 * at once with a refusal (gateway_call_busy()) and never hashed. Returns
 * -1 when the pool refused it (the call is freed and c->call is NULL). */
static int conn_start_work(net_conn *c)
{
	net_server *s = c->server;
	c->pwhash_mem = gateway_call_pwhash_memory(c->call);
	if (c->pwhash_mem > 0 && s->pwhash_waiting_count >= s->pwhash_queue_max) {
		gw_call *call = c->call;
		c->call = NULL;
		c->pwhash_mem = 0;
		gateway_call_busy(call, s->pwhash_waiting_count);
		conn_finish(c, call);
		return 0;
	}
	if (c->pwhash_mem > 0) {
		list_append(&s->pwhash_queue, &c->pwhash_link);
		pthread_mutex_lock(&s->pwhash_lock);
		s->pwhash_waiting_count++;
		pthread_mutex_unlock(&s->pwhash_lock);
		pwhash_dispatch(s);
		return 0;
	}
	c->work.data = c;
	if (uv_queue_work(s->loop, &c->work, work_cb, after_work_cb) != 0) {
		gateway_call_free(c->call);
		c->call = NULL;
		return -1;
	}
	return 0;
}

static void after_work_cb(uv_work_t *req, int status)
{
	net_conn *c = req->data;
	gw_call *call = c->call;
	c->call = NULL;
	if (c->pwhash_mem > 0) {
		net_server *s = c->server;
		s->pwhash_running--;
		s->pwhash_memory -= c->pwhash_mem;
		c->pwhash_mem = 0;
		pwhash_dispatch(s);
	}
	if (conn_closing(c) || status == UV_ECANCELED) {
		gateway_call_free(call);
		if (c->state == NET_CONN_CLOSED && !conn_in_use(c))
			conn_free(c);
		return;
	}
	conn_finish(c, call);
	conn_process(c);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf);
static void read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

/* Reads again once nothing waits undecoded and the queue has room. */
static void conn_resume_reading(net_conn *c)
{
	if (c->state == NET_CONN_IDLE && c->pending_count < CONN_PENDING_PAUSE &&
	    c->stash_len == 0) {
		if (uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb) == 0)
			c->state = NET_CONN_READING;
	}
}

/* Stops reading until conn_resume_reading(): the peer's bytes wait in the
 * kernel's socket buffer, and TCP slows the peer down. */
static void conn_pause_reading(net_conn *c)
{
	if (c->state == NET_CONN_READING) {
		uv_read_stop((uv_stream_t *)&c->tcp);
		c->state = NET_CONN_IDLE;
	}
}

/* Whether the connection may be served one more request in this loop
 * turn. The count starts afresh in each turn (turn_counter). */
static bool conn_has_share(net_conn *c)
{
	net_server *s = c->server;
	if (c->turn != s->turn) {
		c->turn = s->turn;
		c->served = 0;
		c->spent_ns = 0;
	}
	return c->served < s->requests_per_turn && c->spent_ns < TURN_SHARE_NS;
}

static size_t conn_decode(net_conn *c, const uint8_t *data, size_t len);
static void serve_idle_cb(uv_idle_t *idle);

/* Decodes from the stash what the queue has room for; frees the stash once
 * it is used up. */
static void conn_unstash(net_conn *c)
{
	size_t used = conn_decode(c, c->stash + c->stash_off, c->stash_len - c->stash_off);
	c->stash_off += used;
	if (c->stash_off == c->stash_len) {
		free(c->stash);
		c->stash = NULL;
		c->stash_off = c->stash_len = 0;
	}
}

/* Runs waiting requests in order until one needs the thread pool or the
 * peer has had its share of this loop turn (requests_per_turn requests or
 * TURN_SHARE_NS of time); then the peer waits for a later turn
 * (serve_idle), so that one peer pipelining thousands of large requests
 * delays every other peer by about one share. */
static void conn_process(net_conn *c)
{
	net_server *s = c->server;
	while (!conn_busy(c) && !conn_closing(c) && !c->close_awaited) {
		if (c->pending_count == 0) {
			if (c->stash_len == 0)
				break;
			conn_unstash(c);
			continue;
		}
		if (!conn_has_share(c)) {
			if (!link_linked(&c->defer_link)) {
				list_append(&s->deferred, &c->defer_link);
				uv_idle_start(&s->serve_idle, serve_idle_cb);
			}
			break;
		}
		Netpont__Envelope *env = c->pending[c->pending_head];
		c->pending_head = (c->pending_head + 1) % c->pending_cap;
		c->pending_count--;
		c->served++;
		uint64_t started = uv_hrtime();
		gw_call *call = gateway_begin(s->gw, &c->peer, env);
		if (call == NULL) {
			conn_close(c, "out of memory");
			return;
		}
		if (!gateway_call_needs_work(call)) {
			conn_finish(c, call);
			c->spent_ns += uv_hrtime() - started;
			continue;
		}
		c->call = call;
		if (conn_start_work(c) != 0) {
			conn_close(c, "the thread pool refused work");
			return;
		}
	}
	conn_resume_reading(c);
}

/* The idle callback: the peers that had their share get their next one.
 * While it is active the loop polls without blocking, so that the others'
 * requests are read in between. */
static void serve_idle_cb(uv_idle_t *idle)
{
	net_server *s = idle->data;
	uv_idle_stop(idle);
	/* This turn serves the connections deferred so far, in the order they
	 * were deferred: the list moves to a local head, and one deferred
	 * again while being served waits in the server's list for the next
	 * turn. A connection closed meanwhile (a seat dropped by another's
	 * request) leaves the local list in conn_stopped(). */
	conn_link turn;
	if (list_empty(&s->deferred))
		return;
	turn.next = s->deferred.next;
	turn.prev = s->deferred.prev;
	turn.next->prev = turn.prev->next = &turn;
	link_init(&s->deferred);
	while (!list_empty(&turn)) {
		net_conn *c = CONN_OF(turn.next, defer_link);
		link_remove(&c->defer_link);
		conn_process(c);
	}
}

static void turn_counter_cb(uv_prepare_t *prepare)
{
	net_server *s = prepare->data;
	s->turn++;
}

/* Whether the frame whose header ends in data would stay unfinished (its
 * body is not all in data) and push the bytes that every peer's unfinished
 * frames hold over partial_bytes_max. Checked before the reader allocates
 * the body, so that the budget is never exceeded, not even briefly. */
static bool conn_frame_over_budget(const net_conn *c, const uint8_t *data, size_t len)
{
	const np_frame_reader *r = &c->reader;
	if (r->header_have >= NP_FRAME_HEADER_SIZE)
		return false; /* the body is allocated and counted already */
	size_t need = NP_FRAME_HEADER_SIZE - r->header_have;
	if (len < need)
		return false;
	uint8_t h[NP_FRAME_HEADER_SIZE];
	memcpy(h, r->header, r->header_have);
	memcpy(h + r->header_have, data, need);
	uint32_t body = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
	if (body > r->max || body <= len - need)
		return false; /* refused by the reader, or complete right away */
	const net_server *s = c->server;
	return s->partial_bytes + body > s->partial_bytes_max;
}

/* After the reader took bytes: the unfinished frame's bytes in the
 * server-wide count, and when it began (for frame_timeout_s). */
static void conn_note_partial(net_conn *c)
{
	net_server *s = c->server;
	size_t held = c->reader.body != NULL ? c->reader.body_len : 0;
	s->partial_bytes = s->partial_bytes - c->partial_held + held;
	c->partial_held = held;
	if (c->reader.header_have == 0) {
		c->frame_started_ms = 0;
		link_remove(&c->frame_link);
	} else if (c->frame_started_ms == 0) {
		c->frame_started_ms = uv_now(s->loop);
		list_append(&s->framing, &c->frame_link);
	}
}

/* Doubles the request queue's room (CONN_PENDING_FIRST at first, at most
 * CONN_PENDING_PAUSE), keeping the waiting requests in order. Returns 0 or
 * -1 out of memory (the queue is unchanged). */
static int conn_grow_pending(net_conn *c)
{
	size_t cap = c->pending_cap ? 2 * c->pending_cap : CONN_PENDING_FIRST;
	if (cap > CONN_PENDING_PAUSE)
		cap = CONN_PENDING_PAUSE;
	Netpont__Envelope **grown = malloc(cap * sizeof *grown);
	if (grown == NULL)
		return -1;
	for (size_t i = 0; i < c->pending_count; i++)
		grown[i] = c->pending[(c->pending_head + i) % c->pending_cap];
	free(c->pending);
	c->pending = grown;
	c->pending_head = 0;
	c->pending_cap = cap;
	return 0;
}

/* Decodes frames from data into the request queue until it is full.
 * Returns the bytes used; the caller keeps the rest. A frame the stream
 * cannot recover from closes the connection (after an Error saying why). */
static size_t conn_decode(net_conn *c, const uint8_t *data, size_t len)
{
	size_t total = 0;
	while (total < len && !conn_closing(c) && c->pending_count < CONN_PENDING_PAUSE) {
		if (c->pending_count == c->pending_cap && conn_grow_pending(c) != 0) {
			conn_close(c, "out of memory");
			return len;
		}
		if (conn_frame_over_budget(c, data + total, len - total)) {
			/* Dropping rather than waiting: a waiting peer would
			 * still hold its read bytes, and the peers that send
			 * large frames (staff) reconnect on their own. */
			char why[128];
			snprintf(why, sizeof why,
			         "unfinished frames of all peers hold %zu bytes, the limit is %zu",
			         c->server->partial_bytes, c->server->partial_bytes_max);
			conn_close(c, why);
			return len;
		}
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&c->reader, data + total, len - total, &used, &env);
		total += used;
		conn_note_partial(c);
		if (rc == NP_FRAME_NEED_MORE)
			break;
		if (rc != NP_FRAME_OK) {
			/* The stream cannot be resynchronised: say why, then close
			 * this connection only. */
			np_log(NP_LOG_WARNING, "closing %s: %s", c->addr,
			       np_frame_status_string(rc));
			conn_send_error(c, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                np_frame_status_string(rc));
			conn_close_after_flush(c);
			return len;
		}
		size_t tail = (c->pending_head + c->pending_count) % c->pending_cap;
		c->pending[tail] = env;
		c->pending_count++;
	}
	return total;
}

/* The transport's deliver callback: plaintext bytes into requests. What the
 * queue has no room for waits in the stash, after what waits there
 * already, and reading pauses. */
static int conn_deliver(void *arg, const uint8_t *data, size_t len)
{
	net_conn *c = arg;
	if (conn_closing(c))
		return 0;
	size_t used = c->stash_len == 0 ? conn_decode(c, data, len) : 0;
	if (used < len && !conn_closing(c)) {
		size_t keep = c->stash_len - c->stash_off;
		uint8_t *grown = malloc(keep + len - used);
		if (grown == NULL) {
			conn_close(c, "out of memory");
			return 0;
		}
		if (keep > 0)
			memcpy(grown, c->stash + c->stash_off, keep);
		memcpy(grown + keep, data + used, len - used);
		free(c->stash);
		c->stash = grown;
		c->stash_off = 0;
		c->stash_len = keep + len - used;
		conn_pause_reading(c);
	}
	conn_process(c);
	return 0;
}

/* Every read goes into the server's one buffer: libuv calls read_cb right
 * after alloc_cb for the same stream, before any other stream's, and
 * nothing keeps the bytes past read_cb (TLS copies them into its BIO, a
 * request queue that is full copies the rest into the stash). So there is
 * no 64 KiB malloc and free per read, 667 a second with 10,000 PCs. */
static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)suggested;
	net_server *s = ((net_conn *)h)->server;
	*buf = uv_buf_init((char *)s->read_buf, sizeof s->read_buf);
}

static void read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	net_conn *c = (net_conn *)stream;
	if (conn_closing(c))
		return;
	if (nread > 0) {
		/* Heard from now: to the tail of the list idle_cb checks from
		 * its head. */
		c->last_heard_ms = uv_now(c->server->loop);
		list_append(&c->server->heard, &c->heard_link);
		if (c->transport->ops->decode(c->transport, (const uint8_t *)buf->base,
		                              (size_t)nread, conn_deliver, c) != 0) {
			char tls_why[256], why[300];
			snprintf(why, sizeof why, "the TLS stream is broken (%s)",
			         np_tls_last_error(tls_why, sizeof tls_why));
			conn_close(c, why);
		} else if (c->pending_count >= CONN_PENDING_PAUSE) {
			conn_pause_reading(c);
		}
	} else if (nread == UV_EOF) {
		bool truncated = np_frame_reader_finish(&c->reader) != NP_FRAME_OK;
		conn_close(c, truncated ? np_frame_status_string(NP_FRAME_TRUNCATED) : NULL);
		if (!truncated && c->peer.kind != GW_PEER_NONE)
			np_log(NP_LOG_INFO, "%s (%s) disconnected", c->addr,
			       c->peer.kind == GW_PEER_AGENT ? c->peer.seat_name
			                                     : c->peer.staff_name);
	} else if (nread < 0) {
		conn_close(c, uv_strerror((int)nread));
	}
}

/* ------------------------------------------------------------ accepting */

/* The peer's address as "HOST:PORT" into out and as "HOST" into host. */
static void format_peer(uv_tcp_t *tcp, char *out, size_t n, char host[48])
{
	struct sockaddr_storage ss;
	int len = sizeof ss;
	snprintf(host, 48, "?");
	int port = 0;
	if (uv_tcp_getpeername(tcp, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			uv_ip4_name((struct sockaddr_in *)&ss, host, 48);
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			uv_ip6_name((struct sockaddr_in6 *)&ss, host, 48);
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
	}
	snprintf(out, n, "%s:%d", host, port);
}

/* The chain of the server's address table that host is in (FNV-1a). */
static host_count **host_bucket(net_server *s, const char *host)
{
	uint32_t h = 2166136261u;
	for (const char *p = host; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	return &s->hosts[h % HOST_BUCKETS];
}

/* Counts c in its address's count; returns the count with c, or 0 out of
 * memory (c not counted). */
static unsigned host_count_add(net_conn *c)
{
	host_count **b = host_bucket(c->server, c->host), *h;
	for (h = *b; h != NULL && strcmp(h->host, c->host) != 0; h = h->next)
		;
	if (h == NULL) {
		h = calloc(1, sizeof *h);
		if (h == NULL)
			return 0;
		snprintf(h->host, sizeof h->host, "%s", c->host);
		h->next = *b;
		*b = h;
	}
	c->host_counted = true;
	return ++h->n;
}

/* Takes c out of its address's count (conn_free()); the node goes with
 * the address's last connection. */
static void host_count_remove(net_conn *c)
{
	if (!c->host_counted)
		return;
	host_count **p = host_bucket(c->server, c->host);
	while (strcmp((*p)->host, c->host) != 0)
		p = &(*p)->next;
	host_count *h = *p;
	if (--h->n == 0) {
		*p = h->next;
		free(h);
	}
	c->host_counted = false;
}

/* Whether accepting c goes over the global or the per-address cap (c is
 * counted already); fills why for the log. Refused peers are accepted and
 * closed at once, so that they do not wait in the listen backlog. */
static bool conn_over_caps(net_conn *c, char *why, size_t n)
{
	const net_server *s = c->server;
	if (s->n_conns > s->conns_max) {
		snprintf(why, n, "refused: %u connections at once is the limit", s->conns_max);
		return true;
	}
	unsigned same = host_count_add(c);
	if (same == 0) {
		snprintf(why, n, "out of memory");
		return true;
	}
	if (same > s->conns_per_address) {
		snprintf(why, n, "refused: %u connections from %s at once is the limit",
		         s->conns_per_address, c->host);
		return true;
	}
	return false;
}

static void on_connection(uv_stream_t *listener, int status)
{
	net_server *s = listener->data;
	if (status < 0 || s->stopping) {
		np_log(NP_LOG_ERROR, "accept failed: %s", uv_strerror(status));
		return;
	}
	net_conn *c = calloc(1, sizeof *c);
	if (c != NULL)
		c->transport = net_transport_tls(s->tls, conn_send_raw, c);
	if (c == NULL || c->transport == NULL || uv_tcp_init(s->loop, &c->tcp) != 0) {
		if (c != NULL && c->transport != NULL)
			c->transport->ops->free(c->transport);
		free(c);
		np_log(NP_LOG_ERROR, "out of memory accepting a connection");
		return;
	}
	c->server = s;
	np_frame_reader_init(&c->reader, NET_HELLO_FRAME_MAX);
	c->connected_ms = c->last_heard_ms = uv_now(s->loop);
	list_append(&s->unwelcomed, &c->hello_link);
	list_append(&s->heard, &c->heard_link);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->n_conns++;
	if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
		conn_close(c, "accept failed");
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	format_peer(&c->tcp, c->addr, sizeof c->addr, c->host);
	snprintf(c->peer.address, sizeof c->peer.address, "%s", c->addr);
	char why[128];
	if (conn_over_caps(c, why, sizeof why)) {
		conn_close(c, why);
		return;
	}
	conn_resume_reading(c);
	if (c->state != NET_CONN_READING)
		conn_close(c, "cannot read from the connection");
}

/* ------------------------------------------------------------ timers */

/* The deadlines, one list each (conn_link), each ordered by the time its
 * deadline counts from: a peer not welcomed hello_timeout_s after it
 * connected (server->unwelcomed, by connected_ms), a frame begun
 * frame_timeout_s ago still unfinished, a peer that sends one byte a second
 * (server->framing), and a peer silent, not even a Ping, for idle_timeout_s
 * (server->heard, moved to its tail whenever the peer is heard from). Times
 * come from uv_now(), which never goes back, so appending keeps each list
 * in order. */
typedef enum deadline_kind { DEADLINE_HELLO, DEADLINE_FRAME, DEADLINE_SILENT } deadline_kind;

/* Closes the connections of one deadline list whose time ran out. The walk
 * stops at the first connection still in time, so a tick costs the
 * connections it closes plus the busy ones it passes over, not all
 * connections: a peer whose request is in the thread pool is not silent by
 * its own choice, and one whose Hello waits in the Argon2id queue (a
 * sign-in storm) has sent its Hello in time; those stay in place (there are
 * at most pool threads plus pwhash_queue_max of them). */
static void expire_list(net_server *s, deadline_kind kind, uint64_t now)
{
	conn_link *head = kind == DEADLINE_HELLO   ? &s->unwelcomed
	                  : kind == DEADLINE_FRAME ? &s->framing
	                                           : &s->heard;
	conn_link *l = head->next;
	while (l != head) {
		net_conn *c = kind == DEADLINE_HELLO   ? CONN_OF(l, hello_link)
		              : kind == DEADLINE_FRAME ? CONN_OF(l, frame_link)
		                                       : CONN_OF(l, heard_link);
		uint64_t since = kind == DEADLINE_HELLO   ? c->connected_ms
		                 : kind == DEADLINE_FRAME ? c->frame_started_ms
		                                          : c->last_heard_ms;
		unsigned limit_s = kind == DEADLINE_HELLO   ? s->hello_timeout_s
		                   : kind == DEADLINE_FRAME ? s->frame_timeout_s
		                                            : s->idle_timeout_s;
		if (now - since < limit_s * 1000ull)
			break;
		conn_link *next = l->next;
		if (kind == DEADLINE_FRAME || !conn_busy(c)) {
			char why[64];
			snprintf(why, sizeof why,
			         kind == DEADLINE_HELLO ? "no Hello within %u s"
			         : kind == DEADLINE_FRAME
			             ? "a frame took longer than %u s to arrive"
			             : "silent for %u s",
			         limit_s);
			conn_close(c, why);
			/* Closing reports an agent's seat offline to the staff, and
			 * a staff console that does not read is closed then: if that
			 * one was next, it left this list, so start again from the
			 * head (what was closed is gone from it). */
			if (!link_linked(next) && next != head)
				next = head->next;
		}
		l = next;
	}
}

/* Drops the peers out of time, with the reason logged. */
static void idle_cb(uv_timer_t *t)
{
	net_server *s = t->data;
	uint64_t now = uv_now(s->loop);
	expire_list(s, DEADLINE_HELLO, now);
	expire_list(s, DEADLINE_FRAME, now);
	expire_list(s, DEADLINE_SILENT, now);
}

static void session_timer_cb(uv_timer_t *t)
{
	net_server *s = t->data;
	if (gateway_expire(s->gw) < 0) {
		/* The database refused (full disk?): try again in a while
		 * rather than spinning on a lease that stays due. */
		uv_timer_start(&s->session_timer, session_timer_cb, 5000, 0);
		return;
	}
	arm_session_timer(s);
}

static void seen_timer_cb(uv_timer_t *t)
{
	net_server *s = t->data;
	gateway_flush_seen(s->gw, SEEN_BATCH_MAX);
}

static void retention_timer_cb(uv_timer_t *t)
{
	net_server *s = t->data;
	gateway_retention(s->gw);
}

/* One timer for the nearest end of a running session, re-armed whenever
 * sessions change. */
static void arm_session_timer(net_server *s)
{
	if (s->stopping)
		return;
	int64_t deadline = gateway_next_deadline(s->gw);
	if (deadline == 0) {
		uv_timer_stop(&s->session_timer);
		return;
	}
	int64_t now = (int64_t)time(NULL);
	/* time() truncates: firing (deadline - now) s from now is never early.
	 * A lease already due is ended on the next loop turn. */
	uint64_t delay = deadline > now ? (uint64_t)(deadline - now) * 1000 : 10;
	uv_timer_start(&s->session_timer, session_timer_cb, delay, 0);
}

/* ------------------------------------------------------------ gateway hooks */

static void hook_to_staff(void *ctx, const uint8_t *frame, size_t len)
{
	net_server *s = ctx;
	conn_link *next;
	for (conn_link *l = s->staff.next; l != &s->staff; l = next) {
		next = l->next; /* conn_send may close this one (leaving the list) */
		conn_send(CONN_OF(l, staff_link), frame, len);
	}
}

static void hook_to_seat(void *ctx, int64_t seat_id, const uint8_t *frame, size_t len)
{
	net_conn *c = agent_of(ctx, seat_id);
	if (c != NULL)
		conn_send(c, frame, len);
}

static bool hook_seat_connected(void *ctx, int64_t seat_id)
{
	return agent_of(ctx, seat_id) != NULL;
}

static void hook_drop_seat(void *ctx, int64_t seat_id)
{
	net_conn *c = agent_of(ctx, seat_id);
	if (c != NULL)
		conn_close(c, "the seat was removed or its token renewed");
}

static void hook_drop_staff(void *ctx, int64_t staff_id)
{
	net_server *s = ctx;
	conn_link *next;
	for (conn_link *l = s->staff.next; l != &s->staff; l = next) {
		next = l->next; /* conn_close may take this one off the list */
		net_conn *c = CONN_OF(l, staff_link);
		if (c->peer.staff_id == staff_id)
			conn_close(c, "the staff account was disabled or its role changed");
	}
}

/* ------------------------------------------------------------ group commit */

/* A reply that waited for its batch's COMMIT (gateway_commit()). A
 * connection that closed meanwhile was kept for it and is freed now. */
static void hook_reply(void *ctx, void *owner, const gw_reply *reply)
{
	(void)ctx;
	net_conn *c = owner;
	assert(c->awaiting > 0);
	c->awaiting--;
	if (!conn_closing(c)) {
		if (reply->frame != NULL)
			conn_send(c, reply->frame, reply->len);
		if (reply->close)
			conn_close_after_flush(c);
	}
	if (c->state == NET_CONN_CLOSED && !conn_in_use(c))
		conn_free(c);
}

static void batch_timer_cb(uv_timer_t *t)
{
	net_server *s = t->data;
	gateway_commit(s->gw);
}

/* After the I/O of each loop turn: the batch commits once it holds as
 * many writes as the last one (gateway_batch_full()), else within
 * GROUP_COMMIT_WINDOW_MS of the turn that opened it. Runs outside every
 * walk of the connection list, so a reply that frees a closed connection
 * frees nothing a caller still holds. */
static void batch_check_cb(uv_check_t *check)
{
	net_server *s = check->data;
	if (!gateway_batch_waiting(s->gw))
		return;
	if (gateway_batch_full(s->gw)) {
		uv_timer_stop(&s->batch_timer);
		gateway_commit(s->gw);
	} else if (!uv_is_active((uv_handle_t *)&s->batch_timer)) {
		uv_timer_start(&s->batch_timer, batch_timer_cb, GROUP_COMMIT_WINDOW_MS, 0);
	}
}

/* ------------------------------------------------------------ start, stop */

/* An IP address as given, else the first address a name resolves to (a
 * blocking lookup: this runs once, before the loop starts). */
static int resolve(uv_loop_t *loop, const char *host, int port, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof *out);
	if (uv_ip4_addr(host, port, (struct sockaddr_in *)out) == 0)
		return 0;
	if (uv_ip6_addr(host, port, (struct sockaddr_in6 *)out) == 0)
		return 0;
	uv_getaddrinfo_t req;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	int rc = uv_getaddrinfo(loop, &req, NULL, host, NULL, &hints);
	if (rc != 0)
		return rc;
	rc = UV_EINVAL;
	for (struct addrinfo *ai = req.addrinfo; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6) {
			memcpy(out, ai->ai_addr, ai->ai_addrlen);
			if (ai->ai_family == AF_INET)
				((struct sockaddr_in *)out)->sin_port = htons((uint16_t)port);
			else
				((struct sockaddr_in6 *)out)->sin6_port = htons((uint16_t)port);
			rc = 0;
			break;
		}
	}
	uv_freeaddrinfo(req.addrinfo);
	return rc;
}

/* How many Argon2id hashes may run at once: the configured number or
 * DEFAULT_PWHASH_MAX, never more than the thread pool less one (so that a
 * report or a backup always finds a thread), by default never more than
 * the CPUs less one (so that the loop always has a core: on a 2-core
 * server two hashes and the loop are three busy threads on two cores, and
 * the heartbeats of 10,000 PCs waited behind them, BENCHMARKS.md), never
 * less than one. A configured number is taken as it is, within the pool's
 * bound. */
static unsigned net_pwhash_max(unsigned configured)
{
	unsigned pool = DEFAULT_THREADPOOL;
	const char *env = getenv("UV_THREADPOOL_SIZE");
	if (env != NULL && atoi(env) > 0)
		pool = (unsigned)atoi(env);
	unsigned k = configured ? configured : DEFAULT_PWHASH_MAX;
	unsigned cpus = uv_available_parallelism();
	if (configured == 0 && cpus > 0 && k > cpus - 1)
		k = cpus - 1;
	if (k > pool - 1)
		k = pool - 1;
	return k > 0 ? k : 1;
}

void net_server_pwhash_counts(net_server *s, unsigned *waiting, unsigned *peak)
{
	pthread_mutex_lock(&s->pwhash_lock);
	*waiting = s->pwhash_waiting_count;
	*peak = s->pwhash_peak;
	pthread_mutex_unlock(&s->pwhash_lock);
}

unsigned net_server_staff_count(net_server *s)
{
	pthread_mutex_lock(&s->pwhash_lock);
	unsigned n = s->staff_count;
	pthread_mutex_unlock(&s->pwhash_lock);
	return n;
}

int net_server_start(uv_loop_t *loop, store_db *db, const net_config *net,
                     const gateway_config *gwc, net_server **out, np_err *err)
{
	*out = NULL;
	net_server *s = calloc(1, sizeof *s);
	if (s == NULL)
		return np_err_no_memory(err);
	s->loop = loop;
	assert(net->tls != NULL); /* there is no plain-text mode */
	s->tls = net->tls;
	s->idle_timeout_s = net->idle_timeout_s ? net->idle_timeout_s : 45;
	s->write_queue_max = net->write_queue_max ? net->write_queue_max : 8u * 1024 * 1024;
	s->hello_timeout_s = net->hello_timeout_s ? net->hello_timeout_s : DEFAULT_HELLO_TIMEOUT_S;
	s->frame_timeout_s = net->frame_timeout_s ? net->frame_timeout_s : DEFAULT_FRAME_TIMEOUT_S;
	s->partial_bytes_max =
	    net->partial_bytes_max ? net->partial_bytes_max : DEFAULT_PARTIAL_BYTES_MAX;
	s->conns_max = net->conns_max ? net->conns_max : DEFAULT_CONNS_MAX;
	s->conns_per_address =
	    net->conns_per_address ? net->conns_per_address : DEFAULT_CONNS_PER_ADDRESS;
	s->requests_per_turn =
	    net->requests_per_turn ? net->requests_per_turn : DEFAULT_REQUESTS_PER_TURN;
	s->pwhash_max = net_pwhash_max(net->pwhash_max);
	s->pwhash_queue_max =
	    net->pwhash_queue_max ? net->pwhash_queue_max : DEFAULT_PWHASH_QUEUE_MAX;
	link_init(&s->pwhash_queue);
	link_init(&s->staff);
	link_init(&s->deferred);
	link_init(&s->unwelcomed);
	link_init(&s->framing);
	link_init(&s->heard);
	s->pwhash_hook = net->pwhash_hook;
	s->pwhash_hook_ctx = net->pwhash_hook_ctx;
	pthread_mutex_init(&s->pwhash_lock, NULL);
	s->hooks = (gateway_hooks){.ctx = s,
	                           .to_staff = hook_to_staff,
	                           .to_seat = hook_to_seat,
	                           .seat_connected = hook_seat_connected,
	                           .drop_seat = hook_drop_seat,
	                           .drop_staff = hook_drop_staff,
	                           .reply = hook_reply};
	s->gw = gateway_new(db, &s->hooks, gwc);
	s->agents = seat_map_new();
	if (s->gw == NULL || s->agents == NULL) {
		gateway_free(s->gw);
		seat_map_free(s->agents);
		pthread_mutex_destroy(&s->pwhash_lock);
		free(s);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  "Out of memory (or libsodium failed to start).");
	}

	struct sockaddr_storage addr;
	int rc = resolve(loop, net->host, net->port, &addr);
	if (rc != 0) {
		gateway_free(s->gw);
		seat_map_free(s->agents);
		pthread_mutex_destroy(&s->pwhash_lock);
		free(s);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  "Cannot listen on %s: it is not an IP address or a known host "
		                  "name (use e.g. 127.0.0.1 or 0.0.0.0).",
		                  net->host);
	}
	uv_tcp_init(loop, &s->listener);
	s->listener.data = s;
	uv_timer_init(loop, &s->idle_timer);
	s->idle_timer.data = s;
	uv_timer_init(loop, &s->session_timer);
	s->session_timer.data = s;
	uv_timer_init(loop, &s->seen_timer);
	s->seen_timer.data = s;
	uv_timer_start(&s->seen_timer, seen_timer_cb, SEEN_FLUSH_MS, SEEN_FLUSH_MS);
	/* Not counted as keeping the loop alive: the listener does. */
	uv_unref((uv_handle_t *)&s->seen_timer);
	/* The retention rules: on the first loop turn, then once a day. */
	uv_timer_init(loop, &s->daily_timer);
	s->daily_timer.data = s;
	uv_timer_start(&s->daily_timer, retention_timer_cb, 0, RETENTION_MS);
	uv_unref((uv_handle_t *)&s->daily_timer);
	uv_prepare_init(loop, &s->turn_counter);
	s->turn_counter.data = s;
	uv_prepare_start(&s->turn_counter, turn_counter_cb);
	/* Not counted as keeping the loop alive: the listener does. */
	uv_unref((uv_handle_t *)&s->turn_counter);
	uv_idle_init(loop, &s->serve_idle);
	s->serve_idle.data = s;
	uv_check_init(loop, &s->batch_check);
	s->batch_check.data = s;
	uv_check_start(&s->batch_check, batch_check_cb);
	/* Not counted as keeping the loop alive: the listener does. */
	uv_unref((uv_handle_t *)&s->batch_check);
	uv_timer_init(loop, &s->batch_timer);
	s->batch_timer.data = s;
	*out = s;

	rc = uv_tcp_bind(&s->listener, (const struct sockaddr *)&addr, 0);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&s->listener, LISTEN_BACKLOG, on_connection);
	if (rc != 0) {
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           "Cannot listen on %s:%d: %s.", net->host, net->port, uv_strerror(rc));
		return -1; /* the caller stops the server and runs the loop to close */
	}
	struct sockaddr_storage bound;
	int len = sizeof bound;
	uv_tcp_getsockname(&s->listener, (struct sockaddr *)&bound, &len);
	s->port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
	                                            : ((struct sockaddr_in *)&bound)->sin_port);

	/* Check often enough that a peer is dropped within a second or so of
	 * its limit. */
	unsigned shortest = s->idle_timeout_s;
	if (s->hello_timeout_s < shortest)
		shortest = s->hello_timeout_s;
	if (s->frame_timeout_s < shortest)
		shortest = s->frame_timeout_s;
	uint64_t tick = shortest >= 4 ? 1000 : 250;
	uv_timer_start(&s->idle_timer, idle_cb, tick, tick);

	/* Sessions whose time ran out while the server was down end now, as
	 * of their lease; the others go on, with their timer. */
	int ended = gateway_expire(s->gw);
	if (ended > 0)
		np_log(NP_LOG_NOTICE, "ended %d session(s) whose time ran out while stopped",
		       ended);
	arm_session_timer(s);
	return 0;
}

int net_server_port(const net_server *s)
{
	return s->port;
}

void net_server_stop(net_server *s)
{
	if (s == NULL || s->stopping)
		return;
	s->stopping = true;
	/* The waiting replies go out (or are dropped with their closed
	 * connections) before the connections close. */
	gateway_commit(s->gw);
	uv_close((uv_handle_t *)&s->batch_check, NULL);
	uv_close((uv_handle_t *)&s->batch_timer, NULL);
	uv_close((uv_handle_t *)&s->listener, NULL);
	uv_close((uv_handle_t *)&s->idle_timer, NULL);
	uv_close((uv_handle_t *)&s->session_timer, NULL);
	uv_close((uv_handle_t *)&s->seen_timer, NULL);
	uv_close((uv_handle_t *)&s->daily_timer, NULL);
	uv_close((uv_handle_t *)&s->turn_counter, NULL);
	uv_close((uv_handle_t *)&s->serve_idle, NULL);
	net_conn *next;
	for (net_conn *c = s->conns; c != NULL; c = next) {
		next = c->next;
		if (conn_busy(c) && !link_linked(&c->pwhash_link))
			uv_cancel((uv_req_t *)&c->work);
		conn_close(c, NULL);
	}
}

void net_server_free(net_server *s)
{
	if (s == NULL)
		return;
	assert(s->conns == NULL && seat_map_count(s->agents) == 0);
	gateway_free(s->gw);
	seat_map_free(s->agents);
	pthread_mutex_destroy(&s->pwhash_lock);
	free(s);
}
