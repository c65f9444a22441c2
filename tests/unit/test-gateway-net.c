/* The network layer with the real gateway over 127.0.0.1: the server's
 * libuv loop runs in its own thread, the test is a blocking TLS 1.3 client
 * (OpenSSL on the socket), as every client of netpontd is. A client that
 * offers only TLS 1.2 is refused in the handshake.
 * A malformed or oversized frame closes that connection only (after an
 * Error saying why), a silent peer is dropped after the idle timeout, and
 * stopping closes every handle (uv_loop_close() == 0). The limits: 4 KiB
 * frames and a Hello deadline before the Hello, a deadline for a begun
 * frame, the budget for unfinished frames, the connection caps, and one
 * client's pipelined burst not holding up another's seat list. Every read
 * has a timeout, so nothing here can hang. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <sodium.h>
#include <uv.h>

#include "common/np_tls.h"
#include "fixture-net.h"
#include "fixture-server.h"
#include "frame.h"
#include "gateway.h"
#include "net/server.h"
#include "store/residents.h"
#include "store/settings.h"
#include "store/staff.h"

typedef struct fixture {
	fixture_store store;
	fixture_net net;
} fixture;

/* Ledger rows setup_with() writes before the server starts (set by
 * setup_big_ledger()), one charge of 100 every 60 s from 1 January 2026. */
static long setup_ledger_rows;
/* setup_with() adds the mentor "oldcost", whose password was hashed at
 * libsodium's INTERACTIVE cost (64 MiB, 2 passes), the cost of every hash
 * made before issue 11. */
static bool setup_old_cost_staff;
#define OLD_COST_PASSWORD "an older password"

static void fill_ledger(store_db *db, long rows)
{
	np_err err = {0};
	assert_int_equal(
	    store_exec(db,
	               "INSERT INTO residents (id, login, name, pin_hash, category_id, "
	               " guest, created_at) VALUES (1, 'kovacs', 'K', 'x', 1, 0, 0); "
	               "BEGIN",
	               &err),
	    0);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(db),
	                                    "INSERT INTO ledger (at, kind, resident_id, service, "
	                                    "category, amount, staff_id) VALUES (?1, 'charge', 1, "
	                                    "'copy', 'standard', 100, 1)",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	for (long i = 0; i < rows; i++) {
		sqlite3_bind_int64(st, 1, 1767225600 + 60 * (int64_t)i);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_int_equal(store_exec(db, "COMMIT", &err), 0);
}

/* Starts the server with net's limits (host, port and TLS are filled in)
 * over a store with the administrator and `residents` residents. */
static int setup_with(void **state, net_config net, int residents)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->store, "netpont-net");
	fixture_store_add_admin(f->store.db, time(NULL));
	if (setup_ledger_rows > 0)
		fill_ledger(f->store.db, setup_ledger_rows);
	if (setup_old_cost_staff) {
		char hash[crypto_pwhash_STRBYTES];
		int64_t id;
		np_err e = {0};
		assert_int_equal(crypto_pwhash_str_alg(hash, OLD_COST_PASSWORD,
		                                       strlen(OLD_COST_PASSWORD),
		                                       crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                                       crypto_pwhash_MEMLIMIT_INTERACTIVE,
		                                       crypto_pwhash_ALG_ARGON2ID13),
		                 0);
		assert_non_null(strstr(hash, "m=65536,t=2"));
		assert_int_equal(
		    store_staff_add(f->store.db, "oldcost", "mentor", hash, time(NULL), &id, &e),
		    0);
	}
	np_err err = {0};
	int64_t standard =
	    fixture_query_int(f->store.db, "SELECT id FROM categories WHERE name = 'standard'");
	for (int i = 0; i < residents; i++) {
		char login[32], name[64];
		int64_t id;
		snprintf(login, sizeof login, "resident%04d", i);
		snprintf(name, sizeof name, "Lakó Számozott %04d", i);
		assert_int_equal(store_resident_add(f->store.db, login, name, "not-a-hash",
		                                    standard, false, "", time(NULL), &id, &err),
		                 0);
	}
	gateway_config gwc = {.pwhash_min = true, .heartbeat_s = 1};
	fixture_net_start(&f->net, &f->store, net, &gwc);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, (net_config){.idle_timeout_s = 1}, 0);
}

/* No deadline near: peers may wait for events without pinging. */
static int setup_calm(void **state)
{
	return setup_with(state, (net_config){.idle_timeout_s = 45}, 0);
}

static int setup_old_cost(void **state)
{
	setup_old_cost_staff = true;
	int rc = setup_with(state, (net_config){.idle_timeout_s = 45}, 0);
	setup_old_cost_staff = false;
	return rc;
}

/* A write queue of 64 KiB, to see a peer that does not read dropped. */
static int setup_small_queue(void **state)
{
	return setup_with(state, (net_config){.idle_timeout_s = 1, .write_queue_max = 64 * 1024},
	                  0);
}

/* One second for the Hello and for a frame; peers are never idle for
 * long enough to be dropped for silence. */
static int setup_short_deadlines(void **state)
{
	return setup_with(
	    state, (net_config){.idle_timeout_s = 45, .hello_timeout_s = 1, .frame_timeout_s = 1},
	    0);
}

/* Unfinished frames may hold 6,000 bytes between them. */
static int setup_small_budget(void **state)
{
	return setup_with(state, (net_config){.idle_timeout_s = 45, .partial_bytes_max = 6000}, 0);
}

/* Four connections at once, three of them from one address. */
static int setup_few_connections(void **state)
{
	return setup_with(
	    state, (net_config){.idle_timeout_s = 45, .conns_max = 4, .conns_per_address = 3}, 0);
}

/* 1,000 residents: a resident list is a reply of some 40 KiB. */
static int setup_many_residents(void **state)
{
	return setup_with(state, (net_config){.idle_timeout_s = 45}, 1000);
}

/* A ledger of 300,000 rows (about seven months): a report over them takes
 * long enough to see other clients served meanwhile. The server runs in
 * India's time, whose midnights are not on whole UTC hours, so the report
 * is summed from the ledger's rows (store/reports.c); TZ is set before the
 * server's thread starts and restored after it ends. */
static int setup_big_ledger(void **state)
{
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	setup_ledger_rows = 300000;
	int rc = setup_with(state, (net_config){.idle_timeout_s = 45}, 0);
	setup_ledger_rows = 0;
	return rc;
}

/* The Argon2id queue's test gate: the hook counts the hashes that run at
 * once and the order they start in (by the peer's address), and holds every
 * hash until the test opens the gate. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t opened;
	bool open;
	unsigned running, peak, started;
	char order[8][64];
} gate = {.lock = PTHREAD_MUTEX_INITIALIZER, .opened = PTHREAD_COND_INITIALIZER};

static void gate_hook(void *ctx, const char *addr, bool started)
{
	(void)ctx;
	pthread_mutex_lock(&gate.lock);
	if (started) {
		if (++gate.running > gate.peak)
			gate.peak = gate.running;
		if (gate.started < 8) {
			snprintf(gate.order[gate.started], sizeof gate.order[0], "%s", addr);
			*strchr(gate.order[gate.started], ':') = '\0'; /* the port varies */
		}
		gate.started++;
		while (!gate.open)
			pthread_cond_wait(&gate.opened, &gate.lock);
	} else {
		gate.running--;
	}
	pthread_mutex_unlock(&gate.lock);
}

static void gate_reset(void)
{
	pthread_mutex_lock(&gate.lock);
	gate.open = false;
	gate.running = gate.peak = gate.started = 0;
	pthread_mutex_unlock(&gate.lock);
}

static void gate_open(void)
{
	pthread_mutex_lock(&gate.lock);
	gate.open = true;
	pthread_cond_broadcast(&gate.opened);
	pthread_mutex_unlock(&gate.lock);
}

/* One Argon2id hash at a time, through the gate. */
static int setup_one_hash(void **state)
{
	gate_reset();
	return setup_with(
	    state, (net_config){.idle_timeout_s = 45, .pwhash_max = 1, .pwhash_hook = gate_hook},
	    0);
}

/* One Argon2id hash at a time, through the gate, and two more waiting at
 * most. */
static int setup_short_queue(void **state)
{
	gate_reset();
	return setup_with(state,
	                  (net_config){.idle_timeout_s = 45,
	                               .pwhash_max = 1,
	                               .pwhash_queue_max = 2,
	                               .pwhash_hook = gate_hook},
	                  0);
}

static int teardown(void **state)
{
	fixture *f = *state;
	fixture_net_stop(&f->net);
	fixture_store_remove(&f->store);
	free(f);
	return 0;
}

/* ------------------------------------------------------------ a blocking client */

/* The TLS session of each client socket, by its descriptor. */
enum { MAX_FD = 1024 };
static SSL *session_of[MAX_FD];

/* A TCP connection to port from the loopback address 127.0.0.<from> (Linux
 * answers on all of 127.0.0.0/8, so tests can be several addresses), with
 * at most TLS version max_version, and its handshake's result (1 done). */
static int client_connect_tls(int port, int from, int max_version, int *handshake)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0 && fd < MAX_FD);
	struct timeval tv = {.tv_sec = 5};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct sockaddr_in local = {.sin_family = AF_INET};
	local.sin_addr.s_addr = htonl(INADDR_LOOPBACK - 1 + (uint32_t)from);
	assert_int_equal(bind(fd, (struct sockaddr *)&local, sizeof local), 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	assert_non_null(ctx);
	SSL_CTX_set_max_proto_version(ctx, max_version);
	/* The server closes without a TLS close_notify; that is an ordinary
	 * end here. */
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL *ssl = SSL_new(ctx);
	SSL_CTX_free(ctx); /* the session keeps its own reference */
	SSL_set_fd(ssl, fd);
	*handshake = SSL_connect(ssl);
	session_of[fd] = ssl;
	return fd;
}

/* A TLS 1.3 connection from 127.0.0.<from>, its handshake done. */
static int client_connect_from(int port, int from)
{
	int handshake = 0;
	int fd = client_connect_tls(port, from, TLS1_3_VERSION, &handshake);
	assert_int_equal(handshake, 1);
	return fd;
}

static int client_connect(int port)
{
	return client_connect_from(port, 1);
}

static void client_close(int fd)
{
	SSL_free(session_of[fd]);
	session_of[fd] = NULL;
	close(fd);
}

/* Up to len bytes of plaintext: like recv(), < 0 on error or timeout. */
static ssize_t client_recv(int fd, void *buf, size_t len)
{
	int n = SSL_read(session_of[fd], buf, (int)len);
	if (n > 0)
		return n;
	return SSL_get_error(session_of[fd], n) == SSL_ERROR_ZERO_RETURN ||
	               (SSL_get_error(session_of[fd], n) == SSL_ERROR_SYSCALL && errno == 0)
	           ? 0
	           : -1;
}

/* Like send(): the bytes written, or <= 0 once the connection is gone. */
static ssize_t client_send(int fd, const void *data, size_t len)
{
	return SSL_write(session_of[fd], data, (int)len);
}

static void send_bytes(int fd, const void *data, size_t len)
{
	assert_int_equal(client_send(fd, data, len), (ssize_t)len);
}

static void send_env(int fd, Netpont__Envelope *env)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	assert_int_equal(np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &buf, &len), NP_FRAME_OK);
	send_bytes(fd, buf, len);
	free(buf);
}

/* Reads exactly len bytes; false on EOF, error or the 5 s timeout. */
static bool read_exact(int fd, uint8_t *buf, size_t len)
{
	size_t have = 0;
	while (have < len) {
		ssize_t n = client_recv(fd, buf + have, len - have);
		if (n <= 0)
			return false;
		have += (size_t)n;
	}
	return true;
}

/* The body length a frame's 4-byte big-endian header announces. */
static uint32_t frame_length(const uint8_t head[4])
{
	return ((uint32_t)head[0] << 24) | ((uint32_t)head[1] << 16) | ((uint32_t)head[2] << 8) |
	       head[3];
}

/* The next frame, or NULL at EOF. Events (id 0) are skipped when
 * skip_events. */
static Netpont__Envelope *recv_env(int fd, bool skip_events)
{
	for (;;) {
		uint8_t head[4];
		if (!read_exact(fd, head, 4))
			return NULL;
		uint32_t len = frame_length(head);
		assert_true(len < (16u << 20));
		uint8_t *buf = malloc(len + 4);
		memcpy(buf, head, 4);
		assert_true(read_exact(fd, buf + 4, len));
		Netpont__Envelope *env = NULL;
		size_t used = 0;
		assert_int_equal(np_frame_decode(buf, len + 4, 16u << 20, &used, &env),
		                 NP_FRAME_OK);
		free(buf);
		if (skip_events && env->id == 0) {
			netpont__envelope__free_unpacked(env, NULL);
			continue;
		}
		return env;
	}
}

/* True when the server closed the connection (EOF within the timeout). */
static bool closed_by_server(int fd)
{
	uint8_t byte;
	for (;;) {
		ssize_t n = client_recv(fd, &byte, 1);
		if (n == 0)
			return true;
		if (n < 0)
			return false; /* timeout or error */
	}
}

/* Signs in as the administrator on fd; returns fd. */
static int sign_in_on(int fd)
{
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
	env.id = 1;
	send_env(fd, &env);
	Netpont__Envelope *r = recv_env(fd, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	assert_int_equal(r->id, 1);
	netpont__envelope__free_unpacked(r, NULL);
	return fd;
}

static int sign_in(int port)
{
	return sign_in_on(client_connect(port));
}

/* Fills p and env with a Ping of that id. */
static void ping_env(Netpont__Envelope *env, Netpont__Ping *p, uint64_t id)
{
	netpont__ping__init(p);
	netpont__envelope__init(env);
	env->id = id;
	env->body_case = NETPONT__ENVELOPE__BODY_PING;
	env->ping = p;
}

static void ping_pong(int fd, uint64_t id)
{
	Netpont__Ping p;
	Netpont__Envelope env;
	ping_env(&env, &p, id);
	send_env(fd, &env);
	Netpont__Envelope *r = recv_env(fd, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_PONG);
	assert_int_equal(r->id, id);
	netpont__envelope__free_unpacked(r, NULL);
}

/* ------------------------------------------------------------ tests */

/* Sends bytes on a new connection: the server answers with a BAD_REQUEST
 * Error saying why, closes that connection, and the signed-in one it
 * leaves alone. */
static void expect_refused_and_closed(fixture *f, const uint8_t *bytes, size_t len, const char *why)
{
	int good = sign_in(f->net.port);
	int fd = client_connect(f->net.port);
	send_bytes(fd, bytes, len);
	Netpont__Envelope *r = recv_env(fd, false);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(r->error->code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_non_null(strstr(r->error->message, why));
	netpont__envelope__free_unpacked(r, NULL);
	assert_true(closed_by_server(fd));
	client_close(fd);
	ping_pong(good, 2);
	client_close(good);
}

/* A header announcing 4 GiB: refused before anything is allocated. */
static void test_oversized_frame_closes_its_connection_only(void **state)
{
	const uint8_t huge[4] = {0xff, 0xff, 0xff, 0xff};
	expect_refused_and_closed(*state, huge, sizeof huge, "larger than allowed");
}

static void test_body_that_is_not_an_envelope_closes_its_connection_only(void **state)
{
	const uint8_t bad[] = {0, 0, 0, 3, 0xff, 0xff, 0xff};
	expect_refused_and_closed(*state, bad, sizeof bad, "not a valid message");
}

static void test_unknown_request_keeps_the_connection_open(void **state)
{
	fixture *f = *state;
	int good = sign_in(f->net.port);
	Netpont__Envelope empty = NETPONT__ENVELOPE__INIT;
	empty.id = 3;
	send_env(good, &empty);
	Netpont__Envelope *r = recv_env(good, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(r->id, 3);
	netpont__envelope__free_unpacked(r, NULL);
	ping_pong(good, 4);
	client_close(good);
}

/* A staff Hello of user with a wrong password, with that id, on a new
 * connection: refused (AUTH) and closed. */
static void expect_wrong_password_refused(fixture *f, const char *user, const char *password,
                                          uint64_t id)
{
	int fd = client_connect(f->net.port);
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, user, password);
	env.id = id;
	send_env(fd, &env);
	Netpont__Envelope *r = recv_env(fd, false);
	assert_non_null(r);
	assert_int_equal(r->id, id);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(r->error->code, NETPONT__ERROR_CODE__ERROR_CODE_AUTH);
	netpont__envelope__free_unpacked(r, NULL);
	assert_true(closed_by_server(fd));
	client_close(fd);
}

static void test_wrong_password_closes(void **state)
{
	expect_wrong_password_refused(*state, FIXTURE_ADMIN, "not-the-password", 9);
}

/* An administrator disables Kati's account while her console is signed
 * in: the reply comes, and then the server closes Kati's connection (her
 * console stops), while the administrator's stays. */
static void test_disabling_an_account_closes_its_connections(void **state)
{
	fixture *f = *state;
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	np_err err = {0};
	assert_int_equal(crypto_pwhash_str(hash, "kati-secret", strlen("kati-secret"),
	                                   crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN),
	                 0);
	assert_int_equal(
	    store_staff_add(f->store.db, "kati", "mentor", hash, time(NULL), &id, &err), 0);
	int kati = client_connect(f->net.port);
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, "kati", "kati-secret");
	env.id = 1;
	send_env(kati, &env);
	Netpont__Envelope *r = recv_env(kati, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	netpont__envelope__free_unpacked(r, NULL);
	ping_pong(kati, 2);

	int admin = sign_in(f->net.port);
	Netpont__StaffUpdate m = NETPONT__STAFF_UPDATE__INIT;
	m.name = "kati";
	m.disable = true;
	netpont__envelope__init(&env);
	env.id = 3;
	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_UPDATE;
	env.staff_update = &m;
	send_env(admin, &env);
	r = recv_env(admin, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	assert_true(r->staff_member->disabled);
	netpont__envelope__free_unpacked(r, NULL);
	assert_true(closed_by_server(kati));
	client_close(kati);
	ping_pong(admin, 4);
	client_close(admin);
}

static void test_silent_peer_is_dropped(void **state)
{
	fixture *f = *state;
	int silent = client_connect(f->net.port);
	int chatty = sign_in(f->net.port);
	/* The chatty one pings every 300 ms for 2.4 s, well past the 1 s
	 * idle timeout, and stays. */
	for (uint64_t i = 0; i < 8; i++) {
		ping_pong(chatty, 10 + i);
		usleep(300 * 1000);
	}
	/* The silent one was dropped (the read times out after 5 s if not). */
	assert_true(closed_by_server(silent));
	client_close(silent);
	ping_pong(chatty, 99);
	client_close(chatty);
}

static void test_pipelined_requests_answered_in_order(void **state)
{
	fixture *f = *state;
	int fd = sign_in(f->net.port);
	/* Many pings in one write: one reply each, in order. */
	enum { N = 200 };
	uint8_t *all = NULL;
	size_t total = 0;
	for (uint64_t i = 0; i < N; i++) {
		Netpont__Ping p;
		Netpont__Envelope env;
		ping_env(&env, &p, 100 + i);
		size_t len = np_frame_encoded_size(&env);
		all = realloc(all, total + len);
		np_frame_pack(&env, all + total);
		total += len;
	}
	send_bytes(fd, all, total);
	free(all);
	for (uint64_t i = 0; i < N; i++) {
		Netpont__Envelope *r = recv_env(fd, true);
		assert_non_null(r);
		assert_int_equal(r->id, 100 + i);
		netpont__envelope__free_unpacked(r, NULL);
	}
	client_close(fd);
}

static void test_peer_that_does_not_read_is_dropped(void **state)
{
	fixture *f = *state;
	int fd = sign_in(f->net.port);
	/* A small receive buffer fills at once; the kernel's send buffer
	 * next; then replies queue in the server, past its limit. */
	int small = 4096;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	enum { N = 40000 };
	Netpont__SettingList sl = NETPONT__SETTING_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_SETTING_LIST;
	env.setting_list = &sl;
	/* Ids from 20000 to 59999 all encode in three bytes: equal frames. */
	env.id = 20000;
	size_t one = np_frame_encoded_size(&env);
	uint8_t *all = malloc(one * N);
	for (size_t i = 0; i < N; i++) {
		env.id = 20000 + i;
		assert_int_equal(np_frame_pack(&env, all + i * one), one);
	}
	/* The server may close while we still send: ignore EPIPE/ECONNRESET. */
	size_t sent = 0;
	while (sent < one * N) {
		size_t chunk = one * N - sent < 16384 ? one * N - sent : 16384;
		ssize_t n = client_send(fd, all + sent, chunk);
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	free(all);
	/* Now read: fewer replies than requests arrive, then the end. The
	 * server closes with our requests unread, so the kernel may reset the
	 * connection and cut the last frame short: that counts as the end. */
	size_t replies = 0;
	enum { BODY_MAX = 64 * 1024 };
	uint8_t head[4], *body = malloc(BODY_MAX);
	for (;;) {
		if (!read_exact(fd, head, 4))
			break;
		uint32_t len = frame_length(head);
		assert_true(len <= BODY_MAX);
		if (!read_exact(fd, body, len))
			break;
		replies++;
	}
	free(body);
	assert_true(replies < N);
	client_close(fd);
	/* Others are still served. */
	int other = sign_in(f->net.port);
	ping_pong(other, 5);
	client_close(other);
}

/* Requests sent right behind the Hello wait while the password is checked
 * in the thread pool, then are answered in order. */
static void test_requests_wait_behind_the_hello(void **state)
{
	fixture *f = *state;
	int fd = client_connect(f->net.port);
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
	env.id = 1;
	enum { N = 300 };
	size_t hello_len = np_frame_encoded_size(&env);
	Netpont__Ping p;
	Netpont__Envelope ping;
	ping_env(&ping, &p, 1000); /* ids 1000..1299 all take two bytes */
	size_t one = np_frame_encoded_size(&ping);
	uint8_t *all = malloc(hello_len + N * one);
	np_frame_pack(&env, all);
	for (size_t i = 0; i < N; i++) {
		ping.id = 1000 + i;
		assert_int_equal(np_frame_pack(&ping, all + hello_len + i * one), one);
	}
	send_bytes(fd, all, hello_len + N * one);
	free(all);
	Netpont__Envelope *r = recv_env(fd, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	netpont__envelope__free_unpacked(r, NULL);
	for (size_t i = 0; i < N; i++) {
		r = recv_env(fd, true);
		assert_non_null(r);
		assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_PONG);
		assert_int_equal(r->id, 1000 + i);
		netpont__envelope__free_unpacked(r, NULL);
	}
	client_close(fd);
}

/* TLS 1.3 only: a client that offers nothing newer than TLS 1.2 fails the
 * handshake, and the server goes on serving others. */
static void test_tls12_client_is_refused(void **state)
{
	fixture *f = *state;
	int handshake = 0;
	int fd = client_connect_tls(f->net.port, 1, TLS1_2_VERSION, &handshake);
	assert_int_not_equal(handshake, 1);
	client_close(fd);
	int good = sign_in(f->net.port);
	ping_pong(good, 7);
	client_close(good);
}

/* Bytes that are not TLS at all (a plain-text client) close the
 * connection. */
static void test_plain_text_client_is_dropped(void **state)
{
	fixture *f = *state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct timeval tv = {.tv_sec = 5};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)f->net.port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
	uint8_t *buf = NULL;
	size_t len = 0;
	assert_int_equal(np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &buf, &len), NP_FRAME_OK);
	assert_int_equal(send(fd, buf, len, MSG_NOSIGNAL), (ssize_t)len);
	free(buf);
	uint8_t byte;
	ssize_t n;
	while ((n = recv(fd, &byte, 1, 0)) > 0)
		;
	assert_true(n == 0 || errno == ECONNRESET);
	close(fd);
}

/* A frame (free it) holding a ResidentList whose query is query_len 'x's:
 * a request of about that size. */
static uint8_t *resident_list_frame(uint64_t id, size_t query_len, size_t *len)
{
	char *query = malloc(query_len + 1);
	memset(query, 'x', query_len);
	query[query_len] = '\0';
	Netpont__ResidentList rl = NETPONT__RESIDENT_LIST__INIT;
	rl.query = query;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_LIST;
	env.resident_list = &rl;
	uint8_t *frame = NULL;
	assert_int_equal(np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &frame, len), NP_FRAME_OK);
	free(query);
	return frame;
}

/* Reads the reply with that id and body, skipping events. */
static void expect_reply_on(int fd, uint64_t id, Netpont__Envelope__BodyCase body)
{
	Netpont__Envelope *r = recv_env(fd, true);
	assert_non_null(r);
	assert_int_equal(r->id, id);
	assert_int_equal(r->body_case, body);
	netpont__envelope__free_unpacked(r, NULL);
}

/* Before its Hello a peer may not send more than 4 KiB in a frame; once
 * welcomed, the same frame is an ordinary request. */
static void test_large_frame_before_hello_is_refused(void **state)
{
	fixture *f = *state;
	const uint8_t head[4] = {0, 0, 0x13, 0x88}; /* 5,000 bytes */
	expect_refused_and_closed(f, head, sizeof head, "larger than allowed");
	int fd = sign_in(f->net.port);
	size_t len;
	uint8_t *frame = resident_list_frame(7, 5000, &len);
	send_bytes(fd, frame, len);
	free(frame);
	expect_reply_on(fd, 7, NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY);
	client_close(fd);
}

/* A peer that connects and never says Hello is dropped at the Hello
 * deadline (1 s here), long before it would count as silent. */
static void test_peer_without_hello_is_dropped(void **state)
{
	fixture *f = *state;
	int stranger = client_connect(f->net.port);
	int good = sign_in(f->net.port);
	usleep(1500 * 1000);
	ping_pong(good, 2);
	assert_true(closed_by_server(stranger));
	client_close(stranger);
	client_close(good);
}

/* A frame sent one byte at a time is dropped at the frame deadline (1 s
 * here), although the peer is never silent. */
static void test_frame_sent_too_slowly_is_dropped(void **state)
{
	fixture *f = *state;
	int slow = sign_in(f->net.port);
	int good = sign_in(f->net.port);
	size_t len;
	uint8_t *frame = resident_list_frame(3, 100, &len);
	for (size_t i = 0; i < 15 && i < len; i++) {
		if (client_send(slow, frame + i, 1) != 1)
			break;
		usleep(200 * 1000);
	}
	free(frame);
	assert_true(closed_by_server(slow));
	client_close(slow);
	ping_pong(good, 4);
	client_close(good);
}

/* Sends the first 100 bytes of frame on fd, then waits until the server
 * has read them: a Ping answered on witness, sent afterwards, is read in
 * the same loop turn or a later one. */
static void send_frame_start(int fd, const uint8_t *frame, int witness)
{
	send_bytes(fd, frame, 100);
	ping_pong(witness, 90);
}

/* The budget for unfinished frames is 6,000 bytes: a second unfinished
 * frame of 4,000 bytes drops its connection; the first one completes, and
 * then the budget is free for the next. */
static void test_unfinished_frames_over_the_budget_drop_the_newcomer(void **state)
{
	fixture *f = *state;
	int first = sign_in(f->net.port);
	int second = sign_in(f->net.port);
	int witness = sign_in(f->net.port);
	size_t len;
	uint8_t *frame = resident_list_frame(5, 4000, &len);
	send_frame_start(first, frame, witness);
	send_frame_start(second, frame, witness);
	assert_true(closed_by_server(second));
	client_close(second);
	send_bytes(first, frame + 100, len - 100);
	expect_reply_on(first, 5, NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY);
	int third = sign_in(f->net.port);
	send_frame_start(third, frame, witness);
	send_bytes(third, frame + 100, len - 100);
	expect_reply_on(third, 5, NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY);
	free(frame);
	client_close(first);
	client_close(third);
	client_close(witness);
}

/* A connection from 127.0.0.<from> that the server closes at once: the
 * TLS handshake does not complete. */
static void expect_connection_refused(int port, int from)
{
	int handshake = 0;
	int fd = client_connect_tls(port, from, TLS1_3_VERSION, &handshake);
	assert_int_not_equal(handshake, 1);
	client_close(fd);
}

/* At most three connections from one address and four in all: the next
 * one is closed at once; the others are served. */
static void test_connections_over_the_caps_are_refused(void **state)
{
	fixture *f = *state;
	int same[3];
	for (int i = 0; i < 3; i++)
		same[i] = sign_in_on(client_connect_from(f->net.port, 1));
	expect_connection_refused(f->net.port, 1);
	ping_pong(same[0], 8); /* a later loop turn: the refused one is freed */
	int other = sign_in_on(client_connect_from(f->net.port, 2));
	expect_connection_refused(f->net.port, 3);
	ping_pong(other, 6);
	for (int i = 0; i < 3; i++) {
		ping_pong(same[i], 7);
		client_close(same[i]);
	}
	client_close(other);
}

/* One client pipelining resident lists of 1,000 residents. One thread
 * owns its TLS session (OpenSSL's are not shared between threads): it
 * writes the requests and reads the replies as the socket allows. */
typedef struct burst {
	int fd;
	uint8_t *frames;
	size_t len;
	size_t replies; /* atomic: read by the test */
	int stop;       /* atomic: set by the test */
} burst;

enum { BURST_REQUESTS = 3000 };

static void burst_run(void *arg)
{
	burst *b = arg;
	SSL *ssl = session_of[b->fd];
	size_t sent = 0, have = 0, need = 4;
	static uint8_t in[1 << 20];
	fcntl(b->fd, F_SETFL, fcntl(b->fd, F_GETFL) | O_NONBLOCK);
	while (!__atomic_load_n(&b->stop, __ATOMIC_RELAXED)) {
		struct pollfd p = {.fd = b->fd, .events = POLLIN | (sent < b->len ? POLLOUT : 0)};
		if (poll(&p, 1, 100) < 0)
			break;
		if (sent < b->len) {
			size_t chunk = b->len - sent < 16384 ? b->len - sent : 16384;
			int n = SSL_write(ssl, b->frames + sent, (int)chunk);
			if (n > 0)
				sent += (size_t)n;
			else if (SSL_get_error(ssl, n) != SSL_ERROR_WANT_WRITE &&
			         SSL_get_error(ssl, n) != SSL_ERROR_WANT_READ)
				break;
		}
		int n = SSL_read(ssl, in + have, (int)(sizeof in - have));
		if (n <= 0) {
			int e = SSL_get_error(ssl, n);
			if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
				continue;
			break;
		}
		have += (size_t)n;
		/* Count whole frames; keep the start of the next one. */
		while (have >= need) {
			if (need == 4) {
				need = 4 + frame_length(in);
				continue;
			}
			memmove(in, in + need, have - need);
			have -= need;
			need = 4;
			__atomic_add_fetch(&b->replies, 1, __ATOMIC_RELAXED);
		}
	}
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* While one client pipelines 3,000 resident lists (each of 1,000
 * residents), another client's seat list is answered within a second,
 * each time. The burst is cut short afterwards: serving it all would take
 * minutes. */
static void test_a_pipelining_client_does_not_hold_up_the_others(void **state)
{
	fixture *f = *state;
	burst b = {.fd = sign_in(f->net.port)};
	int other = sign_in(f->net.port);
	size_t one;
	uint8_t *frame = resident_list_frame(1000, 0, &one); /* ids 1000..2999: equal sizes */
	free(frame);
	b.frames = malloc(one * BURST_REQUESTS);
	for (size_t i = 0; i < BURST_REQUESTS; i++) {
		frame = resident_list_frame(1000 + i, 0, &one);
		memcpy(b.frames + i * one, frame, one);
		free(frame);
	}
	b.len = one * BURST_REQUESTS;
	uv_thread_t runner;
	assert_int_equal(uv_thread_create(&runner, burst_run, &b), 0);
	usleep(100 * 1000);
	for (uint64_t i = 0; i < 5; i++) {
		Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		env.id = 50 + i;
		env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
		env.seat_list = &sl;
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		send_env(other, &env);
		expect_reply_on(other, 50 + i, NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY);
		double took = seconds_since(&t0);
		if (took >= 1.0)
			fail_msg("the seat list took %.2f s during the burst", took);
		usleep(50 * 1000);
	}
	/* The burst was still going on while the seat lists were answered,
	 * and its replies were flowing too. */
	size_t replies = __atomic_load_n(&b.replies, __ATOMIC_RELAXED);
	assert_true(replies > 0 && replies < BURST_REQUESTS);
	__atomic_store_n(&b.stop, 1, __ATOMIC_RELAXED);
	uv_thread_join(&runner);
	free(b.frames);
	client_close(b.fd);
	ping_pong(other, 60);
	client_close(other);
}

/* The treasurer's report runs on the thread pool: while it sums 300,000
 * ledger rows one by one (see setup_big_ledger()), another client's pings
 * are answered,
 * and then the report arrives with the right sums. */
static int teardown_big_ledger(void **state)
{
	int rc = teardown(state);
	unsetenv("TZ");
	tzset();
	return rc;
}

static void test_pings_answered_while_a_report_runs(void **state)
{
	fixture *f = *state;
	int books = sign_in(f->net.port);
	int other = sign_in(f->net.port);
	ping_pong(other, 2);
	Netpont__ReportTotals m = NETPONT__REPORT_TOTALS__INIT;
	m.from = "2026-01-01";
	m.to = "2026-12-31";
	m.by = NETPONT__REPORT_BY__REPORT_BY_STAFF;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = 70;
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_TOTALS;
	env.report_totals = &m;
	send_env(books, &env);
	size_t answered_before = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t i = 0;; i++) {
		ping_pong(other, 100 + i);
		struct pollfd p = {.fd = books, .events = POLLIN};
		if (poll(&p, 1, 0) > 0)
			break; /* the report's reply is there */
		answered_before++;
		if (seconds_since(&t0) > 60)
			fail_msg("no report after 60 s");
	}
	Netpont__Envelope *r = recv_env(books, true);
	assert_non_null(r);
	assert_int_equal(r->id, 70);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_REPORT_TOTALS_REPLY);
	assert_int_equal(r->report_totals_reply->n_rows, 1);
	assert_int_equal(r->report_totals_reply->total_charged, 100 * 300000);
	assert_int_equal(r->report_totals_reply->total_owed, 100 * 300000);
	netpont__envelope__free_unpacked(r, NULL);
	/* On the loop the report would have held every ping up. */
	assert_true(answered_before > 0);
	client_close(books);
	client_close(other);
}

/* Waits up to 5 s for the server's Argon2id queue to hold waiting calls
 * and the gate to have seen started hashes begin. */
static void wait_for_queue(fixture *f, unsigned waiting, unsigned started)
{
	for (int i = 0; i < 5000; i++) {
		unsigned w, peak, s;
		net_server_pwhash_counts(f->net.server, &w, &peak);
		pthread_mutex_lock(&gate.lock);
		s = gate.started;
		pthread_mutex_unlock(&gate.lock);
		if (w == waiting && s == started)
			return;
		usleep(1000);
	}
	fail_msg("the Argon2id queue never held %u waiting, %u started", waiting, started);
}

/* With one hash at a time, five sign-ins at once are hashed one by one, in
 * the order they arrived, and answered; a sixth whose client leaves while
 * it waits is dropped from the queue without being hashed. */
static void test_argon2id_sign_ins_wait_in_turn(void **state)
{
	fixture *f = *state;
	int fd[6];
	for (int i = 0; i < 6; i++)
		fd[i] = client_connect_from(f->net.port, 10 + i);
	Netpont__Hello h;
	Netpont__Envelope env;
	for (int i = 0; i < 6; i++) {
		fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
		env.id = 100 + (uint64_t)i;
		send_env(fd[i], &env);
		/* The first is held in the gate; each later one waits in the
		 * queue before the next is sent, so their order is known. */
		wait_for_queue(f, (unsigned)i, 1);
	}
	client_close(fd[5]);
	wait_for_queue(f, 4, 1);

	pthread_mutex_lock(&gate.lock);
	gate.open = true;
	pthread_cond_broadcast(&gate.opened);
	pthread_mutex_unlock(&gate.lock);
	for (int i = 0; i < 5; i++) {
		Netpont__Envelope *r = recv_env(fd[i], true);
		assert_non_null(r);
		assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
		assert_int_equal(r->id, 100 + i);
		netpont__envelope__free_unpacked(r, NULL);
	}
	wait_for_queue(f, 0, 5);
	unsigned waiting, peak;
	net_server_pwhash_counts(f->net.server, &waiting, &peak);
	assert_int_equal(peak, 1);
	pthread_mutex_lock(&gate.lock);
	assert_int_equal(gate.peak, 1);
	for (int i = 0; i < 5; i++) {
		char host[32];
		snprintf(host, sizeof host, "127.0.0.%d", 10 + i);
		assert_string_equal(gate.order[i], host);
	}
	pthread_mutex_unlock(&gate.lock);
	for (int i = 0; i < 5; i++)
		client_close(fd[i]);
}

/* With one hash running and two waiting (the queue's bound in this
 * setup), a fourth sign-in is refused at once with a sentence saying why,
 * its connection closed and nothing hashed for it; the three others are
 * answered once the gate opens. */
static void test_argon2id_queue_full_refuses_at_once(void **state)
{
	fixture *f = *state;
	int fd[4];
	Netpont__Hello h;
	Netpont__Envelope env;
	for (int i = 0; i < 4; i++) {
		fd[i] = client_connect_from(f->net.port, 20 + i);
		fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
		env.id = 200 + (uint64_t)i;
		send_env(fd[i], &env);
		if (i < 3)
			wait_for_queue(f, (unsigned)i, 1);
	}
	Netpont__Envelope *r = recv_env(fd[3], false);
	assert_non_null(r);
	assert_int_equal(r->id, 203);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_non_null(strstr(r->error->message, "busy checking 2 other sign-ins"));
	netpont__envelope__free_unpacked(r, NULL);
	assert_true(closed_by_server(fd[3]));
	client_close(fd[3]);
	wait_for_queue(f, 2, 1);

	gate_open();
	for (int i = 0; i < 3; i++) {
		r = recv_env(fd[i], true);
		assert_non_null(r);
		assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
		assert_int_equal(r->id, 200 + i);
		netpont__envelope__free_unpacked(r, NULL);
	}
	wait_for_queue(f, 0, 3); /* the refused one was never hashed */
	for (int i = 0; i < 3; i++)
		client_close(fd[i]);
}

/* Waits up to 5 s for the server's list of staff consoles to hold n. */
static void wait_for_staff(fixture *f, unsigned n)
{
	for (int i = 0; i < 5000 && net_server_staff_count(f->net.server) != n; i++)
		usleep(1000);
	assert_int_equal(net_server_staff_count(f->net.server), n);
}

/* An event for staff (a seat coming online) reaches every signed-in
 * console and not the agent; a console that closed has left the list the
 * events go to. */
static void test_staff_events_reach_every_console_and_no_agent(void **state)
{
	fixture *f = *state;
	int console[3];
	for (int i = 0; i < 3; i++)
		console[i] = sign_in(f->net.port);
	wait_for_staff(f, 3);

	Netpont__SeatAdd add = NETPONT__SEAT_ADD__INIT;
	add.name = "PC-LIST";
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = 30;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_ADD;
	env.seat_add = &add;
	send_env(console[0], &env);
	Netpont__Envelope *r = recv_env(console[0], true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_SEAT_ADDED);
	char token[128];
	snprintf(token, sizeof token, "%s", r->seat_added->token);
	netpont__envelope__free_unpacked(r, NULL);
	/* Whatever the seat's adding sent to the consoles is read past. */
	for (int i = 0; i < 3; i++)
		ping_pong(console[i], 40 + (uint64_t)i);

	client_close(console[2]);
	wait_for_staff(f, 2);

	int agent = client_connect_from(f->net.port, 2);
	Netpont__Hello h;
	fixture_agent_hello(&env, &h, "PC-LIST", token);
	env.id = 50;
	send_env(agent, &env);
	r = recv_env(agent, false);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	netpont__envelope__free_unpacked(r, NULL);
	for (int i = 0; i < 2; i++) {
		r = recv_env(console[i], false);
		assert_non_null(r);
		assert_int_equal(r->id, 0);
		assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_SEAT_EVENT);
		assert_string_equal(r->seat_event->seat->name, "PC-LIST");
		netpont__envelope__free_unpacked(r, NULL);
	}
	/* The agent's next frame is the answer to its Ping: no event came
	 * before it. */
	Netpont__Ping p;
	ping_env(&env, &p, 51);
	send_env(agent, &env);
	r = recv_env(agent, false);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_PONG);
	netpont__envelope__free_unpacked(r, NULL);
	client_close(agent);
	for (int i = 0; i < 2; i++)
		client_close(console[i]);
	wait_for_staff(f, 0);
}

/* The idle deadline with connections ordered by when they were last
 * heard from: the console that connected first and keeps pinging moves
 * behind the one that went silent, so the silent one, now first, is
 * closed about idle_timeout_s (1 s, checked every 250 ms) after its last
 * frame, and the pinging one stays. */
static void test_silent_peer_is_dropped_in_time(void **state)
{
	fixture *f = *state;
	int chatty = sign_in(f->net.port);
	int silent = sign_in(f->net.port);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint64_t i = 0; i < 3; i++) {
		ping_pong(chatty, 10 + i);
		usleep(300 * 1000);
	}
	assert_true(closed_by_server(silent));
	double took = seconds_since(&t0);
	client_close(silent);
	assert_true(took >= 0.95);
	assert_true(took < 3.0);
	ping_pong(chatty, 99);
	client_close(chatty);
}

/* A password hashed before issue 11 (64 MiB, 2 passes, written in the
 * hash) still signs in, through the queue, and a wrong one is still
 * refused: the verification reads the cost from the stored string. */
static void test_password_hashed_at_the_old_cost_still_signs_in(void **state)
{
	fixture *f = *state;
	int fd = client_connect(f->net.port);
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, "oldcost", OLD_COST_PASSWORD);
	env.id = 7;
	send_env(fd, &env);
	Netpont__Envelope *r = recv_env(fd, true);
	assert_non_null(r);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	assert_string_equal(r->welcome->staff_name, "oldcost");
	netpont__envelope__free_unpacked(r, NULL);
	client_close(fd);
	expect_wrong_password_refused(f, "oldcost", "not " OLD_COST_PASSWORD, 8);
}

int main(void)
{
	/* As netpontd does: a peer gone mid-reply is a failed write, not the
	 * end of the process. */
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_oversized_frame_closes_its_connection_only, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_body_that_is_not_an_envelope_closes_its_connection_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disabling_an_account_closes_its_connections,
	                                    setup_calm, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_request_keeps_the_connection_open, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_password_closes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_argon2id_sign_ins_wait_in_turn, setup_one_hash,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_argon2id_queue_full_refuses_at_once,
	                                    setup_short_queue, teardown),
	    cmocka_unit_test_setup_teardown(test_staff_events_reach_every_console_and_no_agent,
	                                    setup_calm, teardown),
	    cmocka_unit_test_setup_teardown(test_silent_peer_is_dropped_in_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_password_hashed_at_the_old_cost_still_signs_in,
	                                    setup_old_cost, teardown),
	    cmocka_unit_test_setup_teardown(test_tls12_client_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_plain_text_client_is_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_silent_peer_is_dropped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pipelined_requests_answered_in_order, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_requests_wait_behind_the_hello, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_peer_that_does_not_read_is_dropped,
	                                    setup_small_queue, teardown),
	    cmocka_unit_test_setup_teardown(test_large_frame_before_hello_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_peer_without_hello_is_dropped,
	                                    setup_short_deadlines, teardown),
	    cmocka_unit_test_setup_teardown(test_frame_sent_too_slowly_is_dropped,
	                                    setup_short_deadlines, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_unfinished_frames_over_the_budget_drop_the_newcomer, setup_small_budget,
	        teardown),
	    cmocka_unit_test_setup_teardown(test_connections_over_the_caps_are_refused,
	                                    setup_few_connections, teardown),
	    cmocka_unit_test_setup_teardown(test_pings_answered_while_a_report_runs,
	                                    setup_big_ledger, teardown_big_ledger),
	    cmocka_unit_test_setup_teardown(test_a_pipelining_client_does_not_hold_up_the_others,
	                                    setup_many_residents, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	uv_library_shutdown();
	return rc;
}
