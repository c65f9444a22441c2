/* Connections, after libuv's own stream code and dqlite's conn.c: a
 * connection is a small state machine fed by uv_read callbacks; every
 * outgoing frame is one heap block (uv_write_t + bytes) freed in its write
 * callback; a connection is freed only in its close callback, and callbacks
 * that arrive after closing return at once. */
#include "net/server.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_tls.h"
#include "frame.h"
#include "net/transport.h"

/* Requests decoded while an earlier one is being hashed wait here; reading
 * pauses once this many wait, and a peer that still outruns it is dropped. */
#define CONN_PENDING_PAUSE 64
#define CONN_PENDING_MAX   4096
#define READ_BUFFER_SIZE   (64 * 1024)

typedef struct net_conn net_conn;

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
	char addr[64];          /* "127.0.0.1:51234", for the log */
	uint64_t last_heard_ms; /* uv_now() when the peer last sent anything */
	size_t unsent;          /* bytes handed to uv_write and not yet written */
	/* The request pipeline. */
	Netpont__Envelope **pending; /* ring buffer of pending_cap, grown on demand */
	size_t pending_head, pending_count, pending_cap;
	uv_work_t work;
	gw_call *call; /* the call in the thread pool; NULL when none */
	net_conn_state state;
	uv_shutdown_t shutdown;
};

struct net_server {
	uv_loop_t *loop;
	uv_tcp_t listener;
	uv_timer_t idle_timer;
	uv_timer_t session_timer;
	gateway *gw;
	gateway_hooks hooks;
	SSL_CTX *tls; /* borrowed from net_config */
	net_conn *conns;
	unsigned idle_timeout_s;
	size_t write_queue_max;
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

/* Whether the connection takes no more requests (draining or closed). */
static bool conn_closing(const net_conn *c)
{
	return c->state >= NET_CONN_DRAINING;
}

static void conn_process(net_conn *c);
static void arm_session_timer(net_server *s);

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

static void conn_free(net_conn *c)
{
	assert(c->state == NET_CONN_CLOSED && !conn_busy(c));
	net_server *s = c->server;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
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
	if (!conn_busy(c))
		conn_free(c);
}

static void shutdown_cb(uv_shutdown_t *req, int status)
{
	(void)status;
	net_conn *c = req->data;
	if (c->state < NET_CONN_CLOSING) {
		c->state = NET_CONN_CLOSING;
		uv_close((uv_handle_t *)&c->tcp, close_cb);
	}
}

/* Once, when an open connection has just moved to DRAINING or CLOSING:
 * reading stops and an agent's seat is reported offline. */
static void conn_stopped(net_conn *c)
{
	uv_read_stop((uv_stream_t *)&c->tcp);
	if (c->peer.kind == GW_PEER_AGENT && !c->server->stopping)
		gateway_agent_online(c->server->gw, c->peer.seat_id, false);
}

/* Closes at once, dropping unsent data; why (if not NULL) is logged. Also
 * cuts short a close-after-flush whose peer does not read. */
static void conn_close(net_conn *c, const char *why)
{
	if (c->state >= NET_CONN_CLOSING)
		return;
	if (why != NULL)
		fprintf(stderr, "netpontd: closing %s%s%s%s: %s\n", c->addr,
		        c->peer.kind == GW_PEER_AGENT ? " (seat " : "",
		        c->peer.kind == GW_PEER_AGENT ? c->peer.seat_name : "",
		        c->peer.kind == GW_PEER_AGENT ? ")" : "", why);
	bool was_open = !conn_closing(c);
	c->state = NET_CONN_CLOSING;
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
		return false;
	}
}

/* The agent of a seat, if one is connected and not closing. */
static net_conn *agent_of(net_server *s, int64_t seat_id)
{
	for (net_conn *c = s->conns; c != NULL; c = c->next)
		if (!conn_closing(c) && c->peer.kind == GW_PEER_AGENT && c->peer.seat_id == seat_id)
			return c;
	return NULL;
}

static void log_welcome(net_conn *c)
{
	if (c->peer.kind == GW_PEER_STAFF)
		fprintf(stderr, "netpontd: %s signed in from %s\n", c->peer.staff_name, c->addr);
	else
		fprintf(stderr, "netpontd: agent of %s connected from %s\n", c->peer.seat_name,
		        c->addr);
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
	if (gateway_finish(s->gw, call, &c->peer, &reply) != 0) {
		conn_close(c, "out of memory");
		return;
	}
	if (before.kind == GW_PEER_NONE && c->peer.kind == GW_PEER_AGENT) {
		/* One agent per seat: a new connection proved the token, so the
		 * old one is stale (a PC that rebooted). */
		net_conn *old;
		while ((old = agent_of(s, c->peer.seat_id)) != NULL && old != c) {
			old->peer.kind = GW_PEER_NONE; /* do not report the seat offline */
			conn_close(old, "the same seat connected again");
		}
	}
	conn_send(c, reply.frame, reply.len);
	free(reply.frame);
	if (before.kind == GW_PEER_NONE && c->peer.kind != GW_PEER_NONE) {
		log_welcome(c);
		if (c->peer.kind == GW_PEER_AGENT)
			gateway_agent_online(s->gw, c->peer.seat_id, true);
	}
	if (reply.close)
		conn_close_after_flush(c);
	if (touches_sessions(body))
		arm_session_timer(s);
}

static void work_cb(uv_work_t *req)
{
	net_conn *c = req->data;
	gateway_work(c->call);
}

static void after_work_cb(uv_work_t *req, int status)
{
	net_conn *c = req->data;
	gw_call *call = c->call;
	c->call = NULL;
	if (conn_closing(c) || status == UV_ECANCELED) {
		gateway_call_free(call);
		if (c->state == NET_CONN_CLOSED)
			conn_free(c);
		return;
	}
	conn_finish(c, call);
	conn_process(c);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf);
static void read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf);

static void conn_resume_reading(net_conn *c)
{
	if (c->state == NET_CONN_IDLE && c->pending_count < CONN_PENDING_PAUSE) {
		if (uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb) == 0)
			c->state = NET_CONN_READING;
	}
}

/* Runs waiting requests in order until one needs the thread pool. */
static void conn_process(net_conn *c)
{
	net_server *s = c->server;
	while (!conn_busy(c) && !conn_closing(c) && c->pending_count > 0) {
		Netpont__Envelope *env = c->pending[c->pending_head];
		c->pending_head = (c->pending_head + 1) % c->pending_cap;
		c->pending_count--;
		gw_call *call = gateway_begin(s->gw, &c->peer, env);
		if (call == NULL) {
			conn_close(c, "out of memory");
			return;
		}
		if (!gateway_call_needs_work(call)) {
			conn_finish(c, call);
			continue;
		}
		c->call = call;
		c->work.data = c;
		if (uv_queue_work(s->loop, &c->work, work_cb, after_work_cb) != 0) {
			c->call = NULL;
			gateway_call_free(call);
			conn_close(c, "the thread pool refused work");
			return;
		}
	}
	conn_resume_reading(c);
}

/* Doubles the request ring (keeping the order), up to CONN_PENDING_MAX.
 * Most connections never queue more than a few requests, so the ring starts
 * small. Returns 0, or -1 at the limit or out of memory. */
static int conn_grow_pending(net_conn *c)
{
	size_t cap = c->pending_cap ? c->pending_cap * 2 : 8;
	if (cap > CONN_PENDING_MAX)
		return -1;
	Netpont__Envelope **ring = malloc(cap * sizeof *ring);
	if (ring == NULL)
		return -1;
	for (size_t i = 0; i < c->pending_count; i++)
		ring[i] = c->pending[(c->pending_head + i) % c->pending_cap];
	free(c->pending);
	c->pending = ring;
	c->pending_cap = cap;
	c->pending_head = 0;
	return 0;
}

/* The transport's deliver callback: plaintext bytes into frames. */
static int conn_deliver(void *arg, const uint8_t *data, size_t len)
{
	net_conn *c = arg;
	while (len > 0 && !conn_closing(c)) {
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&c->reader, data, len, &used, &env);
		data += used;
		len -= used;
		if (rc == NP_FRAME_NEED_MORE)
			break;
		if (rc != NP_FRAME_OK) {
			/* The stream cannot be resynchronised: say why, then close
			 * this connection only. */
			fprintf(stderr, "netpontd: closing %s: %s\n", c->addr,
			        np_frame_status_string(rc));
			conn_send_error(c, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                np_frame_status_string(rc));
			conn_close_after_flush(c);
			return 0;
		}
		if (c->pending_count == c->pending_cap && conn_grow_pending(c) != 0) {
			netpont__envelope__free_unpacked(env, NULL);
			conn_close(c, "too many requests waiting");
			return 0;
		}
		size_t tail = (c->pending_head + c->pending_count) % c->pending_cap;
		c->pending[tail] = env;
		c->pending_count++;
		conn_process(c);
	}
	return 0;
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	(void)suggested;
	buf->base = malloc(READ_BUFFER_SIZE);
	buf->len = buf->base ? READ_BUFFER_SIZE : 0;
}

static void read_cb(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	net_conn *c = (net_conn *)stream;
	if (conn_closing(c)) {
		free(buf->base);
		return;
	}
	if (nread > 0) {
		c->last_heard_ms = uv_now(c->server->loop);
		if (c->transport->ops->decode(c->transport, (const uint8_t *)buf->base,
		                              (size_t)nread, conn_deliver, c) != 0) {
			char tls_why[256], why[300];
			snprintf(why, sizeof why, "the TLS stream is broken (%s)",
			         np_tls_last_error(tls_why, sizeof tls_why));
			conn_close(c, why);
		} else if (conn_busy(c) && c->pending_count >= CONN_PENDING_PAUSE &&
		           c->state == NET_CONN_READING) {
			uv_read_stop(stream);
			c->state = NET_CONN_IDLE;
		}
	} else if (nread == UV_EOF) {
		bool truncated = np_frame_reader_finish(&c->reader) != NP_FRAME_OK;
		conn_close(c, truncated ? np_frame_status_string(NP_FRAME_TRUNCATED) : NULL);
		if (!truncated && c->peer.kind != GW_PEER_NONE)
			fprintf(stderr, "netpontd: %s (%s) disconnected\n", c->addr,
			        c->peer.kind == GW_PEER_AGENT ? c->peer.seat_name
			                                      : c->peer.staff_name);
	} else if (nread < 0) {
		conn_close(c, uv_strerror((int)nread));
	}
	free(buf->base);
}

/* ------------------------------------------------------------ accepting */

static void format_peer(uv_tcp_t *tcp, char *out, size_t n)
{
	struct sockaddr_storage ss;
	int len = sizeof ss;
	char host[48] = "?";
	int port = 0;
	if (uv_tcp_getpeername(tcp, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			uv_ip4_name((struct sockaddr_in *)&ss, host, sizeof host);
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			uv_ip6_name((struct sockaddr_in6 *)&ss, host, sizeof host);
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
	}
	snprintf(out, n, "%s:%d", host, port);
}

static void on_connection(uv_stream_t *listener, int status)
{
	net_server *s = listener->data;
	if (status < 0 || s->stopping) {
		fprintf(stderr, "netpontd: accept failed: %s\n", uv_strerror(status));
		return;
	}
	net_conn *c = calloc(1, sizeof *c);
	if (c != NULL)
		c->transport = net_transport_tls(s->tls, conn_send_raw, c);
	if (c == NULL || c->transport == NULL || uv_tcp_init(s->loop, &c->tcp) != 0) {
		if (c != NULL && c->transport != NULL)
			c->transport->ops->free(c->transport);
		free(c);
		fprintf(stderr, "netpontd: out of memory accepting a connection\n");
		return;
	}
	c->server = s;
	np_frame_reader_init(&c->reader, NP_FRAME_DEFAULT_MAX);
	c->last_heard_ms = uv_now(s->loop);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
		conn_close(c, "accept failed");
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	format_peer(&c->tcp, c->addr, sizeof c->addr);
	snprintf(c->peer.address, sizeof c->peer.address, "%s", c->addr);
	conn_resume_reading(c);
	if (c->state != NET_CONN_READING)
		conn_close(c, "cannot read from the connection");
}

/* ------------------------------------------------------------ timers */

/* Drops peers that sent nothing (not even a Ping) for idle_timeout_s. */
static void idle_cb(uv_timer_t *t)
{
	net_server *s = t->data;
	uint64_t now = uv_now(s->loop);
	uint64_t limit = (uint64_t)s->idle_timeout_s * 1000;
	net_conn *next;
	for (net_conn *c = s->conns; c != NULL; c = next) {
		next = c->next;
		if (c->state < NET_CONN_CLOSING && !conn_busy(c) &&
		    now - c->last_heard_ms >= limit) {
			char why[64];
			snprintf(why, sizeof why, "silent for %u s", s->idle_timeout_s);
			conn_close(c, why);
		}
	}
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
	net_conn *next;
	for (net_conn *c = s->conns; c != NULL; c = next) {
		next = c->next; /* conn_send may start closing c, never free it */
		if (!conn_closing(c) && c->peer.kind == GW_PEER_STAFF)
			conn_send(c, frame, len);
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
	s->hooks = (gateway_hooks){.ctx = s,
	                           .to_staff = hook_to_staff,
	                           .to_seat = hook_to_seat,
	                           .seat_connected = hook_seat_connected};
	s->gw = gateway_new(db, &s->hooks, gwc);
	if (s->gw == NULL) {
		free(s);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  "Out of memory (or libsodium failed to start).");
	}

	struct sockaddr_storage addr;
	int rc = resolve(loop, net->host, net->port, &addr);
	if (rc != 0) {
		gateway_free(s->gw);
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
	*out = s;

	rc = uv_tcp_bind(&s->listener, (const struct sockaddr *)&addr, 0);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&s->listener, 128, on_connection);
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
	uint64_t tick = s->idle_timeout_s >= 4 ? 1000 : 250;
	uv_timer_start(&s->idle_timer, idle_cb, tick, tick);

	/* Sessions whose time ran out while the server was down end now, as
	 * of their lease; the others go on, with their timer. */
	int ended = gateway_expire(s->gw);
	if (ended > 0)
		fprintf(stderr, "netpontd: ended %d session(s) whose time ran out while stopped\n",
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
	uv_close((uv_handle_t *)&s->listener, NULL);
	uv_close((uv_handle_t *)&s->idle_timer, NULL);
	uv_close((uv_handle_t *)&s->session_timer, NULL);
	net_conn *next;
	for (net_conn *c = s->conns; c != NULL; c = next) {
		next = c->next;
		if (conn_busy(c))
			uv_cancel((uv_req_t *)&c->work);
		conn_close(c, NULL);
	}
}

void net_server_free(net_server *s)
{
	if (s == NULL)
		return;
	assert(s->conns == NULL);
	gateway_free(s->gw);
	free(s);
}
