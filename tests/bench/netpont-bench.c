/* netpont-bench: a load generator for issue 11 ("fast at city scale").
 *
 *   netpont-bench --netpontd PATH [--agents N] [--staff M] [--seconds S]
 *                 [--heartbeat S] [--only NAME] [--keep DIR]
 *
 * It writes a fresh SQLite database with N seats (their token hashes made
 * with the server's own key and hash function), one admin and a few
 * residents who owe money, straight through the server's store functions;
 * starts the real netpontd on it (the store opens every database with
 * journal_mode=WAL and synchronous=FULL); connects N agents and M staff
 * clients over TLS 1.3 with the real protocol (Hello → Welcome, a Ping
 * every heartbeat_s the Welcome names); and measures, each figure on a line
 * of its own beginning with "figure":
 *
 *   idle       netpontd's VmHWM, VmRSS and CPU (utime + stime) over S seconds
 *   heartbeat  Ping → Pong latency of the agents' heartbeats, p50 / p99
 *   mentor     SeatMessage from a staff client → MessageEvent at that PC
 *   ping       pipelined (64 in flight) and one-at-a-time Pings per second,
 *              against the floor: a bare libuv TLS echo server in this
 *              program (its own thread) with the same frames and TLS
 *   seatlist   the time to fetch every page of the SeatList with N agents
 *              connected and with none, and the ratio of the two medians
 *   pay        durable payments from 1 and from 8 staff clients, against
 *              the floor: raw SQLite inserts of the same ledger rows with
 *              the same pragmas, one transaction per row and per 64 rows
 *   storm      200 staff sign-ins at once with the real Argon2id cost (a
 *              staff member whose hash is made at netpontd's own cost):
 *              the time until all are answered, netpontd's peak RSS
 *              (VmHWM, reset through /proc/PID/clear_refs first) and the
 *              agents' heartbeat p50 / p99 meanwhile
 *   report     365-day ReportTotals over the ledger's rows (1,000,000 with
 *              1,000 agents or more, 20,000 in smaller runs), one after
 *              another for S seconds: each report's time, and the agents'
 *              heartbeat p50 / p99 while they run (on netpontd's thread
 *              pool, not its loop)
 *   reconnect  kill -9 netpontd with every agent connected, start it again,
 *              time until every agent has its Welcome again
 *
 * At least eight staff connections are opened whatever M is, for the
 * payments from eight clients; M more than eight adds idle consoles. The
 * agents reconnect only in the reconnect phase.
 *
 * Every phase has a bound on its requests and a deadline, so the program
 * always stops by itself; it exits 0 only when every phase it ran produced
 * its figures. It is a benchmark, never a timed test. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <uv.h>

#include "bench-ledger.h"
#include "common/np_tls.h"
#include "frame.h"
#include "gateway.h"
#include "gateway_internal.h"
#include "pages.h"
#include "store/db.h"
#include "store/residents.h"
#include "store/seats.h"
#include "store/signin.h"
#include "store/staff.h"

#define PIPELINE 64
#define STORM    200 /* sign-ins at once in the storm phase */
/* Ledger rows over the 365 days of 2026 for the report phase: the
 * issue's million in a city-sized run, fewer in the small ctest run. */
#define REPORT_ROWS       1000000
#define REPORT_ROWS_SMALL 20000
/* The residents the payments go to, each in turn: a room's residents pay
 * a few times a week, so each has a short ledger. With 16 residents each
 * had thousands of rows after a run, and summing a resident's rows for
 * what they owe (store_due()) took 59 % of netpontd's time, measuring that
 * sum rather than the payment (BENCHMARKS.md, "Group commit"). */
#define RESIDENTS      2000
#define BATCH          64
#define STAFF_PASSWORD "bench-secret"
/* Staff connections send a Ping every heartbeat too (netpontd closes a
 * connection silent for idle_timeout_s); their ids start here so that the
 * phases can tell those Pongs from the replies they count. */
#define STAFF_KEEPALIVE_ID (1ull << 62)

/* ------------------------------------------------------------ options and output */

static struct {
	int agents, staff, seconds, heartbeat_s;
	const char *netpontd, *only, *keep;
} opt = {.agents = 1000, .staff = 8, .seconds = 10};

static int failures;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "netpont-bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	failures++;
}

static bool phase(const char *name)
{
	if (opt.only != NULL && strcmp(opt.only, name) != 0)
		return false;
	printf("phase %s\n", name);
	fflush(stdout);
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Prints "figure NAME p50 ... p99 ..." in milliseconds from n samples in
 * seconds (sorted in place); a phase without samples is a failure. */
static void percentiles(const char *name, double *v, size_t n, const char *what)
{
	if (n == 0) {
		fail("%s: no samples", name);
		return;
	}
	qsort(v, n, sizeof *v, cmp_double);
	printf("figure %s p50 %.3f ms p99 %.3f ms max %.3f ms (%zu %s)\n", name, 1000 * v[n / 2],
	       1000 * v[(n * 99) / 100], 1000 * v[n - 1], n, what);
}

static void ratio(const char *name, double value, double floor, const char *unit)
{
	if (!(value > 0) || !(floor > 0)) {
		fail("%s: no figure", name);
		return;
	}
	printf("figure %s %.0f %s floor %.0f %s ratio %.2f\n", name, value, unit, floor, unit,
	       value / floor);
}

/* ------------------------------------------------------------ connections */

typedef struct conn conn;
typedef void (*frame_fn)(conn *c, Netpont__Envelope *env);

struct conn {
	uv_tcp_t tcp;
	uv_connect_t connect;
	np_tls_session *tls;
	np_frame_reader reader;
	int index; /* seat index for agents, staff number for staff */
	bool agent, open, welcomed, closing;
	frame_fn on_frame; /* every frame after the Welcome */
	uint64_t next_id;
	double ping_sent; /* agents: when the outstanding heartbeat left; 0: none */
	uv_timer_t timer; /* agents: heartbeat or reconnect */
	int port;
};

typedef struct {
	uv_write_t req;
	uint8_t bytes[];
} write_req;

static uv_loop_t *loop;
static SSL_CTX *client_ctx;
static int server_port;
static unsigned heartbeat_ms = 15000;
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static void agent_start_heartbeat(conn *c);

static unsigned rand_below(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void on_written(uv_write_t *req, int status)
{
	(void)status;
	free(req);
}

/* Writes len bytes to stream: at once when the socket takes them, else
 * from a copy queued with uv_write(). Used by both ends (the clients and
 * the echo floor). Returns 0 or -1. */
static int stream_send(uv_stream_t *stream, const uint8_t *data, size_t len)
{
	uv_buf_t b = uv_buf_init((char *)data, (unsigned)len);
	int n = uv_try_write(stream, &b, 1);
	if (n == (int)len)
		return 0;
	if (n < 0 && n != UV_EAGAIN)
		return -1;
	size_t done = n > 0 ? (size_t)n : 0;
	write_req *w = malloc(sizeof *w + len - done);
	if (w == NULL)
		return -1;
	memcpy(w->bytes, data + done, len - done);
	b = uv_buf_init((char *)w->bytes, (unsigned)(len - done));
	if (uv_write(&w->req, stream, &b, 1, on_written) != 0) {
		free(w);
		return -1;
	}
	return 0;
}

static int tls_send(void *arg, const uint8_t *data, size_t len)
{
	conn *c = arg;
	return c->open ? stream_send((uv_stream_t *)&c->tcp, data, len) : -1;
}

static int send_env(conn *c, Netpont__Envelope *env)
{
	uint8_t buf[4096];
	size_t len = np_frame_encoded_size(env);
	if (len > sizeof buf || !c->open || c->tls == NULL || !np_tls_session_ready(c->tls))
		return -1;
	np_frame_pack(env, buf);
	return np_tls_session_write(c->tls, buf, len);
}

static const char *token_of(int seat, char *buf, size_t n)
{
	snprintf(buf, n, "bench-token-%06d-0123456789abcdef", seat);
	return buf;
}

/* The staff name a staff Hello signs in as ("storm" in the storm phase). */
static const char *staff_user = "bench";
/* The storm phase's clients, and how many have their Welcome (counted
 * apart from welcomed_staff: a client dropped later still was answered). */
static conn *storm;
static int storm_answered;

static void send_hello(conn *c)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Hello h = NETPONT__HELLO__INIT;
	char seat[32], token[64];
	h.protocol_version = NP_PROTOCOL_VERSION;
	h.client_name = "netpont-bench";
	if (c->agent) {
		snprintf(seat, sizeof seat, "PC-%05d", c->index);
		h.role = NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
		h.seat = seat;
		h.token = (char *)token_of(c->index, token, sizeof token);
	} else {
		h.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
		h.user = (char *)staff_user;
		h.password = STAFF_PASSWORD;
	}
	env.id = 1;
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &h;
	if (send_env(c, &env) != 0)
		fail("could not send a Hello");
}

static int welcomed_agents, welcomed_staff, closed_conns;

static void on_welcome(conn *c, Netpont__Envelope *env)
{
	if (c->index < 0) {
		/* The echo floor answers the Hello with a Pong. */
		c->welcomed = true;
		welcomed_staff++;
		return;
	}
	if (env->body_case != NETPONT__ENVELOPE__BODY_WELCOME) {
		fail("%s %d: Hello refused: %s", c->agent ? "agent" : "staff", c->index,
		     env->body_case == NETPONT__ENVELOPE__BODY_ERROR ? env->error->message : "?");
		return;
	}
	c->welcomed = true;
	if (storm != NULL && c >= storm && c < storm + STORM)
		storm_answered++;
	if (env->welcome->heartbeat_s > 0)
		heartbeat_ms = env->welcome->heartbeat_s * 1000u;
	if (c->agent) {
		welcomed_agents++;
		/* From its Welcome on, as the real agent does: netpontd closes a
		 * connection silent for idle_timeout_s, and 10,000 Hellos take
		 * longer than that. */
		agent_start_heartbeat(c);
	} else {
		welcomed_staff++;
	}
}

/* Feeds plaintext to reader and hands each whole frame to each(arg, env),
 * then frees it. Both ends use it. Returns 0, or -1 on a broken stream or
 * when each() returns -1. */
static int feed_frames(np_frame_reader *reader, const uint8_t *data, size_t len,
                       int (*each)(void *arg, Netpont__Envelope *env), void *arg)
{
	while (len > 0) {
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(reader, data, len, &used, &env);
		data += used;
		len -= used;
		if (rc < 0)
			return -1;
		if (rc == NP_FRAME_OK) {
			int stop = each(arg, env);
			netpont__envelope__free_unpacked(env, NULL);
			if (stop != 0)
				return -1;
		}
	}
	return 0;
}

static int client_frame(void *arg, Netpont__Envelope *env)
{
	conn *c = arg;
	if (!c->welcomed)
		on_welcome(c, env);
	else if (c->on_frame != NULL)
		c->on_frame(c, env);
	return 0;
}

static int deliver(void *arg, const uint8_t *data, size_t len)
{
	conn *c = arg;
	return feed_frames(&c->reader, data, len, client_frame, c);
}

static void conn_close(conn *c);

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	(void)suggested;
	/* One buffer per thread: the echo floor reads on its own thread. */
	static _Thread_local char read_buf[65536];
	*buf = uv_buf_init(read_buf, sizeof read_buf);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	conn *c = s->data;
	if (n < 0) {
		conn_close(c);
		return;
	}
	if (n > 0 &&
	    np_tls_session_feed(c->tls, (const uint8_t *)buf->base, (size_t)n, deliver, c) != 0) {
		conn_close(c);
		return;
	}
	if (!c->welcomed && c->tls != NULL && np_tls_session_ready(c->tls) && c->next_id == 0) {
		c->next_id = 2;
		send_hello(c);
	}
}

static void on_connected(uv_connect_t *req, int status)
{
	conn *c = req->data;
	if (status != 0) {
		conn_close(c);
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	c->tls = np_tls_session_new(client_ctx, false, tls_send, c);
	if (c->tls == NULL || np_tls_session_start(c->tls) != 0 ||
	    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0)
		conn_close(c);
}

/* Starts connecting c to 127.0.0.1:port; the Hello goes when TLS is up. */
static int conn_start(conn *c, int port)
{
	struct sockaddr_in a;
	uv_ip4_addr("127.0.0.1", port, &a);
	c->port = port;
	c->welcomed = false;
	c->next_id = 0;
	c->ping_sent = 0;
	np_frame_reader_init(&c->reader, NP_FRAME_DEFAULT_MAX);
	if (uv_tcp_init(loop, &c->tcp) != 0)
		return -1;
	c->tcp.data = c;
	c->connect.data = c;
	c->open = true;
	c->closing = false;
	if (uv_tcp_connect(&c->connect, &c->tcp, (struct sockaddr *)&a, on_connected) != 0) {
		conn_close(c);
		return -1;
	}
	return 0;
}

static void schedule_retry(conn *c);

static void on_closed(uv_handle_t *h)
{
	conn *c = h->data;
	c->closing = false;
	closed_conns++;
	if (c->agent)
		schedule_retry(c);
}

static void conn_close(conn *c)
{
	if (!c->open)
		return;
	if (c->welcomed)
		c->agent ? welcomed_agents-- : welcomed_staff--;
	c->welcomed = false;
	c->open = false;
	c->closing = true;
	np_tls_session_free(c->tls);
	c->tls = NULL;
	np_frame_reader_reset(&c->reader);
	uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static uv_timer_t tick;
static void on_tick(uv_timer_t *t)
{
	(void)t;
}

/* Runs the loop until done() or the deadline (seconds from now); returns
 * whether done() became true. The tick keeps each turn of the loop short,
 * so that the deadline is seen even when nothing arrives. */
static bool run_until(bool (*done)(void), double seconds)
{
	double end = now_s() + seconds;
	uv_timer_start(&tick, on_tick, 5, 5);
	while (!done() && now_s() < end)
		uv_run(loop, UV_RUN_ONCE);
	uv_timer_stop(&tick);
	return done();
}

/* Runs the loop for this many seconds. */
static void run_for(double seconds)
{
	double end = now_s() + seconds;
	uv_timer_start(&tick, on_tick, 10, 10);
	while (now_s() < end)
		uv_run(loop, UV_RUN_ONCE);
	uv_timer_stop(&tick);
}

/* ------------------------------------------------------------ agents */

static conn *agents;
static conn *staff;
static int staff_n;
static double *hb_samples;
static size_t hb_n, hb_cap;
static bool hb_record;

/* Mentor phase: the seat whose event is awaited and when the action left. */
static int mentor_seat = -1;
static double mentor_sent, mentor_event_at;

static void agent_frame(conn *c, Netpont__Envelope *env)
{
	if (env->body_case == NETPONT__ENVELOPE__BODY_PONG && c->ping_sent > 0) {
		if (hb_record && hb_n < hb_cap)
			hb_samples[hb_n++] = now_s() - c->ping_sent;
		c->ping_sent = 0;
	} else if (env->body_case == NETPONT__ENVELOPE__BODY_MESSAGE_EVENT &&
	           c->index == mentor_seat) {
		mentor_event_at = now_s();
	}
}

static void on_heartbeat(uv_timer_t *t)
{
	conn *c = t->data;
	if (!c->welcomed || c->ping_sent > 0)
		return;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Ping p = NETPONT__PING__INIT;
	env.id = c->next_id++;
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &p;
	c->ping_sent = now_s();
	if (send_env(c, &env) != 0)
		c->ping_sent = 0;
}

static bool reconnecting;

/* An agent whose connection failed retries every 100 ms plus up to 100 ms
 * of jitter while reconnecting is on (the real agent backs off further;
 * this is the simplest loop that still spreads the storm a little). */
static void on_retry(uv_timer_t *t)
{
	conn *c = t->data;
	if (c->open || c->closing)
		return;
	conn_start(c, server_port);
}

static void schedule_retry(conn *c)
{
	if (!reconnecting)
		return;
	uv_timer_stop(&c->timer);
	uv_timer_start(&c->timer, on_retry, 100 + rand_below(100), 0);
}

/* Heartbeats start at a random phase within one interval, as agents that
 * came up at different times would have. */
static void agent_start_heartbeat(conn *c)
{
	uv_timer_stop(&c->timer);
	uv_timer_start(&c->timer, on_heartbeat, rand_below(heartbeat_ms) + 1, heartbeat_ms);
}

static uv_timer_t staff_keepalive;
static uint64_t keepalive_id = STAFF_KEEPALIVE_ID;

static void on_staff_keepalive(uv_timer_t *t)
{
	(void)t;
	for (int i = 0; i < staff_n; i++) {
		if (!staff[i].welcomed)
			continue;
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		Netpont__Ping p = NETPONT__PING__INIT;
		env.id = keepalive_id++;
		env.body_case = NETPONT__ENVELOPE__BODY_PING;
		env.ping = &p;
		send_env(&staff[i], &env);
	}
}

static bool all_agents_welcomed(void)
{
	return welcomed_agents == opt.agents;
}

/* Connects every agent, at most 200 handshakes in flight at once. */
static bool connect_agents(double seconds)
{
	double end = now_s() + seconds;
	int next = 0;
	while (welcomed_agents < opt.agents && now_s() < end) {
		int pending = 0;
		for (int i = 0; i < next; i++)
			if (agents[i].open && !agents[i].welcomed)
				pending++;
		while (next < opt.agents && pending < 200) {
			if (conn_start(&agents[next], server_port) != 0)
				fail("agent %d: cannot connect", next);
			next++;
			pending++;
		}
		uv_timer_start(&tick, on_tick, 5, 0);
		uv_run(loop, UV_RUN_ONCE);
		uv_timer_stop(&tick);
		if (next == opt.agents && pending == 0)
			break;
	}
	return all_agents_welcomed();
}

/* ------------------------------------------------------------ staff requests */

static int replies_wanted, replies_got, errors_got;
/* The last paged reply's next cursor ("" after the last page), its rows,
 * and the largest reply frame seen (seatlist phase). */
static char page_next[NP_PAGE_CURSOR_MAX];
static size_t page_rows, page_largest;

/* A staff reply (any frame with an id) counts; Error replies are counted
 * apart. */
static void staff_frame(conn *c, Netpont__Envelope *env)
{
	(void)c;
	if (env->id == 0 || env->id >= STAFF_KEEPALIVE_ID)
		return;
	replies_got++;
	if (env->body_case == NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY) {
		const char *next = np_page_next_cursor(env);
		snprintf(page_next, sizeof page_next, "%s", next != NULL ? next : "");
		page_rows += env->seat_list_reply->n_seats;
		size_t size = np_frame_encoded_size(env);
		if (size > page_largest)
			page_largest = size;
	}
	if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		if (errors_got++ < 3)
			fail("request refused: %s", env->error->message);
	}
}

static bool replies_done(void)
{
	return replies_got >= replies_wanted;
}

static bool mentor_done(void)
{
	return replies_got >= replies_wanted && mentor_event_at > 0;
}

static int send_ping(conn *c)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Ping p = NETPONT__PING__INIT;
	env.id = c->next_id++;
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &p;
	return send_env(c, &env);
}

/* Pings per second on c: pipelined (PIPELINE in flight) or one at a time,
 * for at most count pings or seconds. */
static int ping_frames_left, ping_in_flight;
static bool ping_pipelined;
static void ping_frame(conn *c, Netpont__Envelope *env)
{
	if (env->id == 0 || env->id >= STAFF_KEEPALIVE_ID)
		return;
	replies_got++;
	ping_in_flight--;
	if (ping_frames_left > 0 && (ping_pipelined || ping_in_flight == 0)) {
		ping_frames_left--;
		ping_in_flight++;
		send_ping(c);
	}
}

static double ping_rate(conn *c, bool pipelined, int count, double seconds)
{
	frame_fn old = c->on_frame;
	c->on_frame = ping_frame;
	replies_got = 0;
	replies_wanted = count;
	ping_frames_left = count;
	ping_in_flight = 0;
	ping_pipelined = pipelined;
	double t0 = now_s();
	int first = pipelined ? PIPELINE : 1;
	for (int i = 0; i < first && ping_frames_left > 0; i++) {
		ping_frames_left--;
		ping_in_flight++;
		send_ping(c);
	}
	run_until(replies_done, seconds);
	double dt = now_s() - t0;
	c->on_frame = old;
	/* What is still in flight is waited for so that the next phase starts
	 * on a quiet connection. */
	replies_wanted = replies_got + ping_in_flight;
	ping_frames_left = 0;
	int got = replies_got;
	run_until(replies_done, 5);
	return got / dt;
}

/* ------------------------------------------------------------ the echo floor */

/* A bare libuv TLS server on its own thread and loop: it decodes each frame
 * and answers a Pong with the same id, through the same frame code and the
 * same np_tls sessions as netpontd, and does nothing else. */
typedef struct echo_conn {
	uv_tcp_t tcp;
	np_tls_session *tls;
	np_frame_reader reader;
	bool open;
} echo_conn;

static uv_loop_t echo_loop;
static uv_tcp_t echo_listener;
static uv_async_t echo_stop;
static SSL_CTX *echo_ctx;
static int echo_port;

static int echo_send(void *arg, const uint8_t *data, size_t len)
{
	echo_conn *e = arg;
	return stream_send((uv_stream_t *)&e->tcp, data, len);
}

/* The echo's whole work: a Pong with the request's id. */
static int echo_frame(void *arg, Netpont__Envelope *env)
{
	echo_conn *e = arg;
	Netpont__Envelope out = NETPONT__ENVELOPE__INIT;
	Netpont__Pong pong = NETPONT__PONG__INIT;
	pong.server_time = time(NULL);
	out.id = env->id;
	out.body_case = NETPONT__ENVELOPE__BODY_PONG;
	out.pong = &pong;
	uint8_t buf[64];
	size_t n = np_frame_encoded_size(&out);
	np_frame_pack(&out, buf);
	return np_tls_session_write(e->tls, buf, n);
}

static int echo_deliver(void *arg, const uint8_t *data, size_t len)
{
	echo_conn *e = arg;
	return feed_frames(&e->reader, data, len, echo_frame, e);
}

static void echo_closed(uv_handle_t *h)
{
	echo_conn *e = h->data;
	np_tls_session_free(e->tls);
	np_frame_reader_reset(&e->reader);
	free(e);
}

static void echo_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	echo_conn *e = s->data;
	if (n < 0 || (n > 0 && np_tls_session_feed(e->tls, (const uint8_t *)buf->base, (size_t)n,
	                                           echo_deliver, e) != 0)) {
		if (e->open) {
			e->open = false;
			uv_close((uv_handle_t *)&e->tcp, echo_closed);
		}
	}
}

static void echo_accept(uv_stream_t *server, int status)
{
	if (status != 0)
		return;
	echo_conn *e = calloc(1, sizeof *e);
	if (e == NULL)
		return;
	uv_tcp_init(&echo_loop, &e->tcp);
	e->tcp.data = e;
	e->open = true;
	np_frame_reader_init(&e->reader, NP_FRAME_DEFAULT_MAX);
	e->tls = np_tls_session_new(echo_ctx, true, echo_send, e);
	if (uv_accept(server, (uv_stream_t *)&e->tcp) != 0 || e->tls == NULL) {
		e->open = false;
		uv_close((uv_handle_t *)&e->tcp, echo_closed);
		return;
	}
	uv_tcp_nodelay(&e->tcp, 1);
	uv_read_start((uv_stream_t *)&e->tcp, on_alloc, echo_read);
}

static void echo_walk_close(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h)) {
		if (h->data != NULL && h->type == UV_TCP && h != (uv_handle_t *)&echo_listener) {
			echo_conn *e = h->data;
			e->open = false;
			uv_close(h, echo_closed);
		} else {
			uv_close(h, NULL);
		}
	}
}

static void on_echo_stop(uv_async_t *a)
{
	uv_walk(a->loop, echo_walk_close, NULL);
}

static void echo_thread(void *arg)
{
	(void)arg;
	uv_run(&echo_loop, UV_RUN_DEFAULT);
}

/* Starts the echo floor on 127.0.0.1 (an ephemeral port) with netpontd's own
 * certificate and key. Returns 0 or -1. */
static int echo_start(const char *cert, const char *key, uv_thread_t *thread)
{
	char err[256];
	echo_ctx = np_tls_server_context(cert, key, NULL, err, sizeof err);
	if (echo_ctx == NULL) {
		fail("echo floor: %s", err);
		return -1;
	}
	uv_loop_init(&echo_loop);
	uv_tcp_init(&echo_loop, &echo_listener);
	echo_listener.data = NULL;
	uv_async_init(&echo_loop, &echo_stop, on_echo_stop);
	echo_stop.data = NULL;
	struct sockaddr_in a;
	uv_ip4_addr("127.0.0.1", 0, &a);
	struct sockaddr_storage bound;
	int len = sizeof bound;
	if (uv_tcp_bind(&echo_listener, (struct sockaddr *)&a, 0) != 0 ||
	    uv_listen((uv_stream_t *)&echo_listener, 128, echo_accept) != 0 ||
	    uv_tcp_getsockname(&echo_listener, (struct sockaddr *)&bound, &len) != 0) {
		fail("echo floor: cannot listen");
		return -1;
	}
	echo_port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
	return uv_thread_create(thread, echo_thread, NULL);
}

/* ------------------------------------------------------------ netpontd */

static char dir[256], db_path[300], conf_path[300], log_path[300];
static pid_t server_pid;

/* A port on 127.0.0.1 that nothing listens on now (the kernel's choice);
 * netpontd gets it on its command line. */
static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int port = 0;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static pid_t start_server(void)
{
	char listen[64];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", server_port);
	pid_t pid = fork();
	if (pid == 0) {
		FILE *log = freopen(log_path, "a", stdout);
		if (log == NULL || dup2(fileno(stdout), 2) < 0)
			_exit(127);
		setenv("NETPONT_PWHASH", "min", 1);
		execl(opt.netpontd, opt.netpontd, "--config", conf_path, "--db", db_path,
		      "--listen", listen, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static bool staff_done(void)
{
	return welcomed_staff == staff_n;
}

/* Waits until netpontd accepts a staff Hello on staff[0]. */
static bool server_ready(double seconds)
{
	double end = now_s() + seconds;
	while (now_s() < end) {
		if (!staff[0].open && !staff[0].closing)
			conn_start(&staff[0], server_port);
		run_until(staff_done, 0.05);
		if (staff[0].welcomed)
			return true;
		if (!staff[0].open)
			run_for(0.1);
	}
	return false;
}

static long proc_status_kib(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	long kib = -1;
	size_t n = strlen(field);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			kib = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kib;
}

/* utime + stime of pid in clock ticks, or -1. */
static long long proc_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	unsigned long long ut, st;
	/* After ") ": state is field 3; utime and stime are fields 14 and 15. */
	if (p == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

/* ------------------------------------------------------------ the database */

/* rows ledger rows spread evenly over the 365 days of 2026 (local
 * time), as tests/bench/report-bench.c makes them: charges of four
 * services, cash payments and waivers in three categories, by the bench's
 * admin, for three residents of their own (not the payers of the pay
 * phase, whose payments would otherwise be measured against a
 * million-row history). The kept day totals (migration 6) follow through
 * their triggers. Returns 0 or -1. */
static int fill_ledger(store_db *db, long rows, int64_t now)
{
	int64_t ids[3];
	for (int i = 0; i < 3; i++) {
		char login[32];
		snprintf(login, sizeof login, "ledger%d", i);
		np_err err = {0};
		if (store_resident_add(db, login, login, "", 1, false, "", now, &ids[i], &err) != 0)
			return -1;
	}
	unsigned seed = 11;
	double t0 = now_s();
	sqlite3 *s = store_db_sqlite(db);
	sqlite3_stmt *ins = NULL;
	if (sqlite3_prepare_v2(s,
	                       "INSERT INTO ledger (at, kind, resident_id, service, category, "
	                       "amount, method, staff_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	                       "(SELECT id FROM staff WHERE name = 'bench'))",
	                       -1, &ins, NULL) != SQLITE_OK)
		return -1;
	for (long i = 0; i < rows; i++) {
		const char *kind = bench_kinds[rand_r(&seed) % 5];
		bool charge = strcmp(kind, "charge") == 0;
		sqlite3_bind_int64(ins, 1, (int64_t)bench_ledger_at(i, rows));
		sqlite3_bind_text(ins, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 3, ids[rand_r(&seed) % 3]);
		if (charge)
			sqlite3_bind_text(ins, 4, bench_services[rand_r(&seed) % 4], -1,
			                  SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 4);
		sqlite3_bind_text(ins, 5, bench_categories[rand_r(&seed) % 3], -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 6, 10 + (int)(rand_r(&seed) % 500));
		if (charge)
			sqlite3_bind_null(ins, 7);
		else
			sqlite3_bind_text(ins, 7, strcmp(kind, "waiver") == 0 ? "waive" : "cash",
			                  -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			sqlite3_finalize(ins);
			return -1;
		}
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	printf("info ledger: %ld rows over 2026 written in %.2f s\n", rows, now_s() - t0);
	return 0;
}

static int prepare_db(void)
{
	store_db *db = NULL;
	np_err err = {0};
	unsigned char key[32];
	if (store_db_open(db_path, true, &db, &err) != 0 ||
	    store_server_key(db, "seat_token", key, &err) != 0) {
		fail("cannot prepare %s: %s", db_path, err.english);
		store_db_close(db);
		return -1;
	}
	int64_t now = time(NULL), id;
	char hash[128], name[32], token[64];
	if (store_exec(db, "BEGIN", &err) != 0)
		goto failed;
	for (int i = 0; i < opt.agents; i++) {
		snprintf(name, sizeof name, "PC-%05d", i);
		gw_token_hash(key, token_of(i, token, sizeof token), hash);
		if (store_seat_add(db, name, hash, now, &id, &err) != 0)
			goto failed;
	}
	if (gateway_hash_secret(STAFF_PASSWORD, true, hash) != 0 ||
	    store_staff_add(db, "bench", "admin", hash, now, &id, &err) != 0)
		goto failed;
	/* The storm phase's mentor: hashed at netpontd's real cost, which
	 * NETPONT_PWHASH=min does not change for a hash already stored. */
	if (gateway_hash_secret(STAFF_PASSWORD, false, hash) != 0 ||
	    store_staff_add(db, "storm", "mentor", hash, now, &id, &err) != 0)
		goto failed;
	/* Residents who owe enough for every payment the run can make. */
	for (int i = 0; i < RESIDENTS; i++) {
		snprintf(name, sizeof name, "payer%04d", i);
		if (store_resident_add(db, name, name, "", 1, false, "", now, &id, &err) != 0)
			goto failed;
		char sql[200];
		snprintf(sql, sizeof sql,
		         "INSERT INTO ledger (at, kind, resident_id, amount, category) "
		         "VALUES (%lld, 'charge', %lld, 1000000000, 'standard')",
		         (long long)now, (long long)id);
		if (store_exec(db, sql, &err) != 0)
			goto failed;
	}
	if (fill_ledger(db, opt.agents >= 1000 ? REPORT_ROWS : REPORT_ROWS_SMALL, now) != 0)
		goto failed;
	if (store_exec(db, "COMMIT", &err) != 0)
		goto failed;
	sodium_memzero(key, sizeof key);
	store_db_close(db);
	return 0;
failed:
	fail("cannot prepare the database: %s", err.english);
	store_db_close(db);
	return -1;
}

/* ------------------------------------------------------------ phases */

/* The whole room as a console loads it: SeatList pages, each asked for
 * when the one before it has come, until one names no next page. Returns
 * the median time of a whole list in seconds (0 when none was had). */
static double phase_seatlist(const char *name)
{
	conn *c = &staff[0];
	double *v = calloc(200, sizeof *v);
	size_t n = 0, pages = 0;
	double end = now_s() + opt.seconds;
	page_largest = 0;
	for (int i = 0; i < 200 && now_s() < end; i++) {
		double t0 = now_s();
		bool ok = true;
		page_next[0] = '\0';
		page_rows = 0;
		do {
			Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
			Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
			sl.cursor = page_next;
			sl.page_size = NP_PAGE_CLIENT_ROWS; /* as the console and netpontctl ask */
			env.id = c->next_id++;
			env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
			env.seat_list = &sl;
			replies_got = 0;
			replies_wanted = 1;
			ok = send_env(c, &env) == 0 && run_until(replies_done, 30);
			pages += ok;
		} while (ok && page_next[0] != '\0');
		if (!ok || page_rows != (size_t)opt.agents) {
			fail("the seat list's pages held %zu seats of %d", page_rows, opt.agents);
			break;
		}
		v[n++] = now_s() - t0;
	}
	if (n > 0)
		printf("info %s: %zu seats in %.1f pages per list, the largest frame %zu bytes "
		       "(the limit %u)\n",
		       name, page_rows, (double)pages / (double)n, page_largest,
		       NP_FRAME_DEFAULT_MAX);
	percentiles(name, v, n, "SeatLists (all pages)");
	double median = n > 0 ? v[n / 2] : 0;
	free(v);
	return median;
}

static void phase_idle(void)
{
	run_for(1); /* the connection storm's after-effects settle */
	long long t0 = proc_cpu_ticks(server_pid);
	double w0 = now_s();
	hb_n = 0;
	hb_record = true;
	run_for(opt.seconds);
	hb_record = false;
	long long t1 = proc_cpu_ticks(server_pid);
	double w = now_s() - w0;
	double cpu = (double)(t1 - t0) / (double)sysconf(_SC_CLK_TCK) / w;
	long hwm = proc_status_kib(server_pid, "VmHWM"), rss = proc_status_kib(server_pid, "VmRSS");
	if (t0 < 0 || t1 < 0 || hwm < 0 || rss < 0) {
		fail("idle: cannot read /proc/%d", (int)server_pid);
		return;
	}
	printf("figure idle_cpu %.2f %% of one core over %.1f s with %d agents (heartbeat %u s)\n",
	       100 * cpu, w, welcomed_agents, heartbeat_ms / 1000);
	printf("figure idle_rss VmHWM %ld KiB VmRSS %ld KiB with %d agents\n", hwm, rss,
	       welcomed_agents);
	percentiles("heartbeat", hb_samples, hb_n, "heartbeats");
}

static void phase_mentor(void)
{
	conn *c = &staff[0];
	int count = 500;
	double *v = calloc((size_t)count, sizeof *v);
	size_t n = 0;
	double end = now_s() + opt.seconds;
	for (int i = 0; i < count && now_s() < end; i++) {
		int k = (int)rand_below((unsigned)opt.agents);
		if (!agents[k].welcomed)
			continue;
		char seat[32], text[64];
		snprintf(seat, sizeof seat, "PC-%05d", k);
		snprintf(text, sizeof text, "bench message %d", i);
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		Netpont__SeatMessage m = NETPONT__SEAT_MESSAGE__INIT;
		m.name = seat;
		m.text = text;
		env.id = c->next_id++;
		env.body_case = NETPONT__ENVELOPE__BODY_SEAT_MESSAGE;
		env.seat_message = &m;
		mentor_seat = k;
		mentor_event_at = 0;
		replies_got = 0;
		replies_wanted = 1;
		mentor_sent = now_s();
		if (send_env(c, &env) != 0 || !run_until(mentor_done, 10))
			break;
		v[n++] = mentor_event_at - mentor_sent;
	}
	mentor_seat = -1;
	percentiles("mentor_to_pc", v, n, "SeatMessage → MessageEvent");
	free(v);
}

static bool echo_conn_done(void)
{
	return staff[staff_n].welcomed;
}

static void phase_ping(void)
{
	int count = 20000;
	double s = opt.seconds / 4.0 + 1;
	double pipe = ping_rate(&staff[0], true, count, s);
	double one = ping_rate(&staff[0], false, count / 4, s);
	/* The floor: the same client code against the echo server, whose
	 * answer to the Hello on_welcome() takes as the Welcome. */
	conn *e = &staff[staff_n];
	e->agent = false;
	e->index = -1;
	e->on_frame = staff_frame;
	conn_start(e, echo_port);
	if (!run_until(echo_conn_done, 10)) {
		fail("echo floor: no answer");
		return;
	}
	double epipe = ping_rate(e, true, count, s);
	double eone = ping_rate(e, false, count / 4, s);
	ratio("ping_pipelined", pipe, epipe, "per s");
	ratio("ping_one_at_a_time", one, eone, "per s");
	conn_close(e);
}

static int pay_counter;

static void send_pay(conn *c)
{
	char login[16], key[48];
	snprintf(login, sizeof login, "payer%04d", pay_counter % RESIDENTS);
	snprintf(key, sizeof key, "bench-%d-%d", (int)getpid(), pay_counter++);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Pay p = NETPONT__PAY__INIT;
	p.resident_login = login;
	p.amount = 1;
	p.method = "cash";
	p.request_key = key;
	env.id = c->next_id++;
	env.body_case = NETPONT__ENVELOPE__BODY_PAY;
	env.pay = &p;
	send_env(c, &env);
}

static int pay_left;
static void pay_frame(conn *c, Netpont__Envelope *env)
{
	staff_frame(c, env);
	if (env->id != 0 && env->id < STAFF_KEEPALIVE_ID && pay_left > 0) {
		pay_left--;
		send_pay(c);
	}
}

/* Payments per second from `clients` staff connections, each with one
 * payment in flight (a console waits for each reply). */
static double pay_rate(int clients, int count, double seconds)
{
	replies_got = 0;
	errors_got = 0;
	pay_left = count - clients;
	replies_wanted = count;
	for (int i = 0; i < clients; i++)
		staff[i].on_frame = pay_frame;
	double t0 = now_s();
	for (int i = 0; i < clients; i++)
		send_pay(&staff[i]);
	run_until(replies_done, seconds);
	double dt = now_s() - t0;
	int got = replies_got;
	/* The payments still in flight are waited for (each console has at
	 * most one): every one sent so far, and no more. */
	replies_wanted = count - pay_left;
	pay_left = 0;
	run_until(replies_done, 10);
	for (int i = 0; i < clients; i++)
		staff[i].on_frame = staff_frame;
	if (errors_got > 0)
		fail("pay: %d payments refused", errors_got);
	return got / dt;
}

/* Raw SQLite: the same ledger rows into a copy of the schema, opened by the
 * same store_db_open() (WAL, synchronous=FULL), `per_tx` rows to a
 * transaction. Rows per second. */
static double raw_insert_rate(int per_tx, int count, double seconds)
{
	char path[320];
	snprintf(path, sizeof path, "%s/raw-%d.db", dir, per_tx);
	store_db *db = NULL;
	np_err err = {0};
	if (store_db_open(path, true, &db, &err) != 0) {
		fail("raw floor: %s", err.english);
		return 0;
	}
	sqlite3 *s = store_db_sqlite(db);
	int64_t resident = 0;
	if (store_resident_add(db, "payer00", "payer00", "", 1, false, "", time(NULL), &resident,
	                       &err) != 0) {
		fail("raw floor: %s", err.english);
		store_db_close(db);
		return 0;
	}
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(s,
	                   "INSERT INTO ledger (at, kind, resident_id, qty, unit_price, percent, "
	                   "category, amount, method, note, staff_id, request_key) VALUES (?, "
	                   "'payment', ?, 1, 1, 100, 'standard', 1, 'cash', '', NULL, ?)",
	                   -1, &st, NULL);
	if (st == NULL) {
		fail("raw floor: %s", sqlite3_errmsg(s));
		store_db_close(db);
		return 0;
	}
	double t0 = now_s(), end = t0 + seconds;
	int done = 0;
	char key[48];
	while (done < count && now_s() < end) {
		sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (int i = 0; i < per_tx && done < count; i++, done++) {
			snprintf(key, sizeof key, "raw-%d-%d", per_tx, done);
			sqlite3_bind_int64(st, 1, time(NULL));
			sqlite3_bind_int64(st, 2, resident);
			sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
			int rc = sqlite3_step(st);
			sqlite3_reset(st);
			if (rc != SQLITE_DONE) {
				fail("raw floor: %s", sqlite3_errmsg(s));
				count = 0;
				break;
			}
		}
		sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
	}
	double rate = done / (now_s() - t0);
	sqlite3_finalize(st);
	store_db_close(db);
	return rate;
}

static void phase_pay(void)
{
	double s = opt.seconds / 4.0 + 1;
	double one = pay_rate(1, 5000, s);
	double eight = pay_rate(8, 20000, s);
	double raw_row = raw_insert_rate(1, 5000, s);
	double raw_batch = raw_insert_rate(BATCH, 100000, s);
	ratio("pay_1_client", one, raw_batch, "per s");
	ratio("pay_8_clients", eight, raw_batch, "per s");
	ratio("pay_8_vs_1_client", eight, one, "per s");
	printf("figure raw_insert one_tx_per_row %.0f per s, %d rows per tx %.0f per s\n", raw_row,
	       BATCH, raw_batch);
}

/* ------------------------------------------------------------ the sign-in storm */

/* Before a phase that measures the agents' heartbeats: agents that
 * netpontd closed as silent while this program's loop was busy for longer
 * than the idle timeout (the pay phase's raw SQLite floor runs on it; with
 * --heartbeat 1 that is 3 s) connect again, so that every agent sends its
 * heartbeats during the phase. Says how many it brought back. */
static void agents_back(const char *name)
{
	reconnecting = true;
	run_for(0.2); /* EOFs not read yet now schedule their retry */
	int missing = opt.agents - welcomed_agents;
	for (int i = 0; i < opt.agents; i++)
		if (!agents[i].open && !agents[i].closing)
			conn_start(&agents[i], server_port);
	run_until(all_agents_welcomed, 30 + opt.agents / 100.0);
	reconnecting = false;
	if (missing > 0)
		printf("info %s: %d agents had been closed as silent while this program was busy; "
		       "%d of %d are connected again\n",
		       name, missing, welcomed_agents, opt.agents);
}

static bool storm_done(void)
{
	return storm_answered >= STORM;
}

static bool storm_closed(void)
{
	for (int i = 0; i < STORM; i++)
		if (storm[i].open || storm[i].closing)
			return false;
	return true;
}

/* STORM staff clients sign in at once as "storm", whose hash has the real
 * Argon2id cost: how long until every one has its Welcome, and netpontd's
 * peak RSS meanwhile (writing 5 to clear_refs resets VmHWM to the RSS of
 * now, so the peak is the storm's, not an earlier phase's). */
static void phase_storm(void)
{
	agents_back("storm");
	storm = calloc(STORM, sizeof *storm);
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/clear_refs", (int)server_pid);
	FILE *f = fopen(path, "w");
	bool reset = f != NULL && fputs("5", f) >= 0;
	if (f != NULL && fclose(f) != 0)
		reset = false;
	long before = proc_status_kib(server_pid, "VmRSS");
	staff_user = "storm";
	storm_answered = 0;
	hb_n = 0;
	hb_record = true;
	double t0 = now_s();
	for (int i = 0; i < STORM; i++) {
		storm[i].index = 1000 + i;
		if (conn_start(&storm[i], server_port) != 0)
			fail("storm %d: cannot connect", i);
	}
	bool done = run_until(storm_done, 300);
	double took = now_s() - t0;
	hb_record = false;
	staff_user = "bench";
	long hwm = proc_status_kib(server_pid, "VmHWM");
	if (!done)
		fail("storm: only %d of %d sign-ins answered", storm_answered, STORM);
	else if (hwm < 0 || before < 0)
		fail("storm: cannot read /proc/%d", (int)server_pid);
	else
		printf("figure storm %d sign-ins (real Argon2id) answered in %.2f s; VmHWM %ld KiB "
		       "(%s; VmRSS before %ld KiB) with %d agents\n",
		       STORM, took, hwm, reset ? "reset before the storm" : "since start", before,
		       welcomed_agents);
	/* A storm shorter than a heartbeat period samples only part of the
	 * agents; the count says how many. */
	percentiles("heartbeat_storm", hb_samples, hb_n, "heartbeats during the storm");
	for (int i = 0; i < STORM; i++)
		conn_close(&storm[i]);
	run_until(storm_closed, 10);
	free(storm);
	storm = NULL;
}

/* ------------------------------------------------------------ the report */

/* 365-day ReportTotals by staff from staff[0], one after another, for
 * opt.seconds (at least 3, at most REPORTS_MAX): each one's time until its
 * reply, and the agents' heartbeats while they run. */
#define REPORTS_MAX 20000
static void phase_report(void)
{
	agents_back("report");
	/* A staff client that is still signed in: with --heartbeat 1 the pay
	 * phase's raw SQLite floor can hold this program's loop past the idle
	 * timeout, and netpontd closes the silent ones. */
	conn *c = NULL;
	for (int i = 0; i <= staff_n && c == NULL; i++)
		if (staff[i].welcomed)
			c = &staff[i];
	/* None left (a long storm holds this program's loop too): sign
	 * staff[0] in again, as at the start. */
	if (c == NULL && server_ready(30))
		c = &staff[0];
	if (c == NULL) {
		fail("report: no staff client is signed in any more, and none could sign in again");
		return;
	}
	double *v = calloc(REPORTS_MAX, sizeof *v);
	size_t n = 0;
	hb_n = 0;
	hb_record = true;
	double end = now_s() + opt.seconds;
	for (int i = 0; i < REPORTS_MAX && (n < 3 || now_s() < end); i++) {
		Netpont__ReportTotals m = NETPONT__REPORT_TOTALS__INIT;
		m.from = "2026-01-01";
		m.to = "2026-12-31";
		m.by = NETPONT__REPORT_BY__REPORT_BY_STAFF;
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		env.id = c->next_id++;
		env.body_case = NETPONT__ENVELOPE__BODY_REPORT_TOTALS;
		env.report_totals = &m;
		replies_got = 0;
		replies_wanted = 1;
		double t0 = now_s();
		if (send_env(c, &env) != 0 || !run_until(replies_done, 60))
			break;
		v[n++] = now_s() - t0;
	}
	hb_record = false;
	percentiles("report_365_days", v, n, "ReportTotals of 365 days");
	percentiles("heartbeat_report", hb_samples, hb_n, "heartbeats while reports ran");
	free(v);
}

static bool no_agent_welcomed(void)
{
	return welcomed_agents == 0;
}

static void phase_reconnect(void)
{
	reconnecting = true;
	double t0 = now_s();
	kill(server_pid, SIGKILL);
	waitpid(server_pid, NULL, 0);
	/* Every agent must first see its connection end, as a PC would. */
	if (!run_until(no_agent_welcomed, 30))
		fail("reconnect: %d agents did not notice the kill", welcomed_agents);
	server_pid = start_server();
	printf("info netpontd pid %d after the restart\n", (int)server_pid);
	run_until(all_agents_welcomed, 60 + opt.agents / 100.0);
	double dt = now_s() - t0;
	reconnecting = false;
	if (welcomed_agents != opt.agents) {
		fail("reconnect: %d of %d agents back", welcomed_agents, opt.agents);
		return;
	}
	printf("figure reconnect %.2f s until all %d agents had their Welcome after kill -9\n", dt,
	       opt.agents);
}

/* ------------------------------------------------------------ main */

static void raise_nofile(int need)
{
	struct rlimit r;
	if (getrlimit(RLIMIT_NOFILE, &r) != 0)
		return;
	r.rlim_cur = r.rlim_max;
	setrlimit(RLIMIT_NOFILE, &r);
	printf("info RLIMIT_NOFILE %llu (hard limit %llu); this run needs about %d here and as "
	       "many in netpontd\n",
	       (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max, need);
	if ((rlim_t)need > r.rlim_cur)
		fail("the hard limit on open files (%llu) is below what %d agents need",
		     (unsigned long long)r.rlim_max, opt.agents);
}

static void machine(void)
{
	char line[256], model[256] = "?";
	FILE *f = fopen("/proc/cpuinfo", "r");
	while (f != NULL && fgets(line, sizeof line, f))
		if (strncmp(line, "model name", 10) == 0) {
			char *p = strchr(line, ':');
			snprintf(model, sizeof model, "%.200s", p ? p + 2 : line);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGE_SIZE);
	printf("info machine nproc %ld, %s, %.1f GiB RAM\n", sysconf(_SC_NPROCESSORS_ONLN), model,
	       (double)pages * (double)psize / (1024.0 * 1024 * 1024));
}

static void usage(void)
{
	fprintf(stderr,
	        "usage: netpont-bench --netpontd PATH [--agents N] [--staff M] [--seconds S]\n"
	        "                     [--heartbeat S] [--only idle|mentor|ping|seatlist|pay|"
	        "storm|report|reconnect] [--keep DIR]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"agents", required_argument, NULL, 'a'},  {"staff", required_argument, NULL, 's'},
	    {"seconds", required_argument, NULL, 'S'}, {"heartbeat", required_argument, NULL, 'H'},
	    {"only", required_argument, NULL, 'o'},    {"netpontd", required_argument, NULL, 'n'},
	    {"keep", required_argument, NULL, 'k'},    {NULL, 0, NULL, 0}};
	int ch;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			opt.agents = atoi(optarg);
			break;
		case 's':
			opt.staff = atoi(optarg);
			break;
		case 'S':
			opt.seconds = atoi(optarg);
			break;
		case 'H':
			opt.heartbeat_s = atoi(optarg);
			break;
		case 'o':
			opt.only = optarg;
			break;
		case 'n':
			opt.netpontd = optarg;
			break;
		case 'k':
			opt.keep = optarg;
			break;
		default:
			usage();
		}
	}
	if (opt.netpontd == NULL || opt.agents < 1 || opt.staff < 1 || opt.seconds < 1)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (sodium_init() < 0)
		return 1;
	machine();
	/* Eight staff connections for the payments, one more for the floor. */
	staff_n = opt.staff < 8 ? 8 : opt.staff;
	raise_nofile(opt.agents + staff_n + STORM + 64);
	rng ^= (uint64_t)getpid() << 20;

	if (opt.keep != NULL) {
		snprintf(dir, sizeof dir, "%s", opt.keep);
		mkdir(dir, 0700);
	} else {
		snprintf(dir, sizeof dir, "/tmp/netpont-bench-XXXXXX");
		if (mkdtemp(dir) == NULL)
			return 1;
	}
	snprintf(db_path, sizeof db_path, "%s/bench.db", dir);
	snprintf(conf_path, sizeof conf_path, "%s/netpontd.conf", dir);
	snprintf(log_path, sizeof log_path, "%s/netpontd.log", dir);
	double t0 = now_s();
	if (prepare_db() != 0)
		return 1;
	printf("info database with %d seats written in %.2f s\n", opt.agents, now_s() - t0);
	FILE *conf = fopen(conf_path, "w");
	if (conf == NULL)
		return 1;
	fprintf(conf, "[server]\nmax_connections = %d\nmax_connections_per_address = %d\n",
	        opt.agents + staff_n + STORM + 64, opt.agents + staff_n + STORM + 64);
	fprintf(conf, "announce = no\nlog_level = warning\n");
	if (opt.heartbeat_s > 0)
		fprintf(conf, "idle_timeout_s = %d\n", 3 * opt.heartbeat_s);
	fclose(conf);

	loop = uv_default_loop();
	uv_timer_init(loop, &tick);
	client_ctx = np_tls_client_context();
	agents = calloc((size_t)opt.agents, sizeof *agents);
	staff = calloc((size_t)staff_n + 1, sizeof *staff);
	for (int i = 0; i < opt.agents; i++) {
		agents[i].agent = true;
		agents[i].index = i;
		agents[i].on_frame = agent_frame;
		uv_timer_init(loop, &agents[i].timer);
		agents[i].timer.data = &agents[i];
	}
	for (int i = 0; i <= staff_n; i++) {
		staff[i].index = i;
		staff[i].on_frame = staff_frame;
	}
	hb_cap =
	    (size_t)opt.agents * (size_t)(opt.seconds + 2) + 1024; /* >= 1 heartbeat a second */
	hb_samples = calloc(hb_cap, sizeof *hb_samples);

	server_port = free_port();
	server_pid = start_server();
	printf("info netpontd pid %d on 127.0.0.1:%d\n", (int)server_pid, server_port);
	if (!server_ready(30)) {
		fail("netpontd did not answer on port %d (its log: %s)", server_port, log_path);
		kill(server_pid, SIGKILL);
		return 1;
	}
	for (int i = 1; i < staff_n; i++)
		conn_start(&staff[i], server_port);
	if (!run_until(staff_done, 30))
		fail("only %d of %d staff clients signed in", welcomed_staff, staff_n);
	uv_timer_init(loop, &staff_keepalive);
	uv_timer_start(&staff_keepalive, on_staff_keepalive, heartbeat_ms, heartbeat_ms);

	char cert[320], key[320]; /* netpontd's, beside the database */
	snprintf(cert, sizeof cert, "%s-cert.pem", db_path);
	snprintf(key, sizeof key, "%s-key.pem", db_path);
	uv_thread_t echo;
	bool echo_up = echo_start(cert, key, &echo) == 0;

	double seatlist_alone = 0;
	if (phase("seatlist"))
		seatlist_alone = phase_seatlist("seatlist_no_agents");
	t0 = now_s();
	if (!connect_agents(60 + opt.agents / 50.0))
		fail("only %d of %d agents connected", welcomed_agents, opt.agents);
	printf("info %d agents connected in %.2f s, heartbeat every %u s\n", welcomed_agents,
	       now_s() - t0, heartbeat_ms / 1000);
	if (phase("idle"))
		phase_idle();
	if (phase("mentor"))
		phase_mentor();
	if (echo_up && phase("ping"))
		phase_ping();
	if (phase("seatlist"))
		ratio("seatlist_with_vs_no_agents_p50_us",
		      1e6 * phase_seatlist("seatlist_with_agents"), 1e6 * seatlist_alone, "us");
	if (phase("pay"))
		phase_pay();
	if (phase("storm"))
		phase_storm();
	if (phase("report"))
		phase_report();
	if (phase("reconnect"))
		phase_reconnect();

	/* Stop: close every connection, the server and the echo thread. */
	for (int i = 0; i < opt.agents; i++) {
		uv_timer_stop(&agents[i].timer);
		conn_close(&agents[i]);
		uv_close((uv_handle_t *)&agents[i].timer, NULL);
	}
	for (int i = 0; i <= staff_n; i++)
		conn_close(&staff[i]);
	uv_close((uv_handle_t *)&tick, NULL);
	uv_close((uv_handle_t *)&staff_keepalive, NULL);
	kill(server_pid, SIGTERM);
	waitpid(server_pid, NULL, 0);
	uv_run(loop, UV_RUN_DEFAULT);
	if (echo_up) {
		uv_async_send(&echo_stop);
		uv_thread_join(&echo);
		uv_loop_close(&echo_loop);
		SSL_CTX_free(echo_ctx);
	}
	uv_loop_close(loop);
	SSL_CTX_free(client_ctx);
	free(agents);
	free(staff);
	free(hb_samples);
	if (opt.keep == NULL) {
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fail("could not remove %s", dir);
	}
	printf("result %s\n", failures == 0 ? "every phase produced its figures" : "FAILED");
	return failures == 0 ? 0 : 1;
}
