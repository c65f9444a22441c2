/* Group commit (server/gateway.c, server/net/server.c): the writes of a
 * loop turn share one transaction and one COMMIT, each request in a
 * savepoint of its own.
 *
 * The gateway's part is driven by hand with recording hooks: replies and
 * events wait for gateway_commit(); a refused request in a batch gets its
 * own error and takes back only its own changes; a refusal that counts (a
 * wrong password's audit row) still commits; a COMMIT that fails gives every
 * request of the batch the error sentence and sends no event.
 *
 * The network's part runs the real server over a real SQLite file with TLS
 * on 127.0.0.1: eight consoles each pipeline a burst of payments, one of
 * them more than its resident owes, while a ninth console listens; every
 * acknowledged payment is in the database, the refused one alone is
 * missing, and each LedgerEvent arrives only when its row is committed
 * (a second SQLite connection sees it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
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
#include <uv.h>

#include "common/np_tls.h"
#include "fixture-net.h"
#include "fixture-server.h"
#include "frame.h"
#include "gateway.h"
#include "net/server.h"
#include "store/db.h"
#include "store/residents.h"

/* ------------------------------------------------------------ the gateway by hand */

enum { MAX_HELD = 64 };

typedef struct gw_fixture {
	fixture_store store;
	gateway_hooks hooks;
	gateway *gw;
	gw_peer admin;
	/* What the hooks were handed, in order: replies by owner slot, and
	 * how many events had gone out when each reply did. */
	Netpont__Envelope *replies[MAX_HELD];
	int reply_order[MAX_HELD];
	size_t n_replies;
	size_t n_events;
	size_t events_before_reply[MAX_HELD];
	int owners[MAX_HELD];
} gw_fixture;

static void to_staff(void *ctx, const uint8_t *frame, size_t len)
{
	(void)frame;
	(void)len;
	((gw_fixture *)ctx)->n_events++;
}

static void to_seat(void *ctx, int64_t seat_id, const uint8_t *frame, size_t len)
{
	(void)seat_id;
	to_staff(ctx, frame, len);
}

static void on_reply(void *ctx, void *owner, const gw_reply *reply)
{
	gw_fixture *f = ctx;
	int slot = (int)((int *)owner - f->owners);
	assert_true(slot >= 0 && slot < MAX_HELD);
	assert_null(f->replies[slot]);
	assert_non_null(reply->frame);
	size_t used = 0;
	assert_int_equal(
	    np_frame_decode(reply->frame, reply->len, 16u << 20, &used, &f->replies[slot]),
	    NP_FRAME_OK);
	f->events_before_reply[slot] = f->n_events;
	f->reply_order[f->n_replies++] = slot;
}

/* The residents kovacs and nagy each owe 1,000. */
static int gw_setup(void **state)
{
	gw_fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->store, "netpont-gc");
	fixture_store_add_admin(f->store.db, time(NULL));
	np_err err = {0};
	const char *logins[] = {"kovacs", "nagy"};
	for (int i = 0; i < 2; i++) {
		int64_t id;
		assert_int_equal(store_resident_add(f->store.db, logins[i], logins[i], "x", 1,
		                                    false, "", time(NULL), &id, &err),
		                 0);
		char sql[200];
		snprintf(sql, sizeof sql,
		         "INSERT INTO ledger (at, kind, resident_id, amount, category) "
		         "VALUES (%lld, 'charge', %lld, 1000, 'standard')",
		         (long long)time(NULL), (long long)id);
		assert_int_equal(store_exec(f->store.db, sql, &err), 0);
	}
	f->hooks =
	    (gateway_hooks){.ctx = f, .to_staff = to_staff, .to_seat = to_seat, .reply = on_reply};
	gateway_config cfg = {.pwhash_min = true};
	f->gw = gateway_new(f->store.db, &f->hooks, &cfg);
	assert_non_null(f->gw);
	*state = f;
	return 0;
}

static void forget_replies(gw_fixture *f)
{
	for (size_t i = 0; i < MAX_HELD; i++) {
		if (f->replies[i] != NULL)
			netpont__envelope__free_unpacked(f->replies[i], NULL);
		f->replies[i] = NULL;
	}
	f->n_replies = 0;
	f->n_events = 0;
}

static int gw_teardown(void **state)
{
	gw_fixture *f = *state;
	forget_replies(f);
	gateway_free(f->gw);
	fixture_store_remove(&f->store);
	free(f);
	return 0;
}

/* Begins req (a decoded copy; the gateway owns it) as peer, does its work
 * and finishes it into the batch with owner slot; returns what
 * gateway_finish_batched() returned. */
static int finish_in_batch(gw_fixture *f, gw_peer *peer, Netpont__Envelope *req, int slot)
{
	req->id = (uint64_t)slot + 1;
	uint8_t *buf = NULL;
	size_t len = 0, used = 0;
	assert_int_equal(np_frame_encode(req, NP_FRAME_DEFAULT_MAX, &buf, &len), NP_FRAME_OK);
	Netpont__Envelope *copy = NULL;
	assert_int_equal(np_frame_decode(buf, len, NP_FRAME_DEFAULT_MAX, &used, &copy),
	                 NP_FRAME_OK);
	free(buf);
	gw_call *call = gateway_begin(f->gw, peer, copy);
	assert_non_null(call);
	if (gateway_call_needs_work(call))
		gateway_work(call);
	gw_reply reply;
	int rc = gateway_finish_batched(f->gw, call, peer, &f->owners[slot], &reply);
	if (rc == 0)
		free(reply.frame);
	return rc;
}

static int pay_in_batch(gw_fixture *f, const char *login, int64_t amount, int slot)
{
	Netpont__Pay p = NETPONT__PAY__INIT;
	p.resident_login = (char *)login;
	p.amount = amount;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_PAY;
	env.pay = &p;
	return finish_in_batch(f, &f->admin, &env, slot);
}

static void sign_in_admin(gw_fixture *f)
{
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
	memset(&f->admin, 0, sizeof f->admin);
	assert_int_equal(finish_in_batch(f, &f->admin, &env, 0), 1);
	/* The peer is signed in at once; the Welcome waits for the COMMIT. */
	assert_int_equal(f->admin.kind, GW_PEER_STAFF);
	assert_int_equal(f->n_replies, 0);
	assert_int_equal(gateway_commit(f->gw), 0);
	assert_int_equal(f->replies[0]->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	forget_replies(f);
}

static int64_t payments(gw_fixture *f)
{
	return fixture_query_int(f->store.db, "SELECT count(*) FROM ledger WHERE kind = 'payment'");
}

/* Three payments in one batch; the middle one is more than any payment can be. */
static void test_refusal_in_a_batch_undoes_only_itself(void **state)
{
	gw_fixture *f = *state;
	sign_in_admin(f);
	assert_int_equal(pay_in_batch(f, "kovacs", 100, 1), 1);
	assert_int_equal(pay_in_batch(f, "nagy", 2000000000, 2), 1);
	assert_int_equal(pay_in_batch(f, "nagy", 300, 3), 1);
	/* A Ping while the batch is open waits too: the order of one
	 * connection's replies is the order of its requests. */
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	assert_int_equal(finish_in_batch(f, &f->admin, &env, 4), 1);
	/* Nothing is out before the COMMIT. */
	assert_int_equal(f->n_replies, 0);
	assert_int_equal(f->n_events, 0);
	assert_true(gateway_batch_waiting(f->gw));
	assert_int_equal(gateway_commit(f->gw), 0);
	assert_false(gateway_batch_waiting(f->gw));
	assert_int_equal(f->n_replies, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f->reply_order[i], i + 1);
	assert_int_equal(f->replies[1]->body_case, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	assert_int_equal(f->replies[1]->id, 2);
	assert_int_equal(f->replies[2]->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(f->replies[2]->error->code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_non_null(strstr(f->replies[2]->error->message, "too large"));
	assert_int_equal(f->replies[3]->body_case, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	assert_int_equal(f->replies[3]->pay_reply->due, 700);
	assert_int_equal(f->replies[4]->body_case, NETPONT__ENVELOPE__BODY_PONG);
	/* Each payment's LedgerEvent went out before its own reply. */
	assert_true(f->events_before_reply[1] >= 1);
	assert_true(f->events_before_reply[3] > f->events_before_reply[1]);
	assert_int_equal(payments(f), 2);
	assert_int_equal(
	    fixture_query_int(f->store.db, "SELECT count(*) FROM audit WHERE action = 'pay'"), 2);
	assert_false(store_in_transaction(f->store.db));
}

/* A wrong password in a batch is refused, yet its count and audit row
 * commit with the batch, beside a payment of another console. */
static void test_counted_refusal_commits_with_the_batch(void **state)
{
	gw_fixture *f = *state;
	sign_in_admin(f);
	int64_t audit_before = fixture_query_int(f->store.db, "SELECT count(*) FROM audit");
	assert_int_equal(pay_in_batch(f, "kovacs", 100, 1), 1);
	gw_peer stranger = {0};
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, FIXTURE_ADMIN, "not-the-password");
	assert_int_equal(finish_in_batch(f, &stranger, &env, 2), 1);
	assert_int_equal(stranger.kind, GW_PEER_NONE);
	assert_int_equal(gateway_commit(f->gw), 0);
	assert_int_equal(f->replies[1]->body_case, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	assert_int_equal(f->replies[2]->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(f->replies[2]->error->code, NETPONT__ERROR_CODE__ERROR_CODE_AUTH);
	assert_int_equal(payments(f), 1);
	/* The payment's row and the failed sign-in's row. */
	assert_int_equal(fixture_query_int(f->store.db, "SELECT count(*) FROM audit"),
	                 audit_before + 2);
}

/* The COMMIT fails (a deferred foreign key that the test breaks inside the
 * batch's transaction): every request of the batch gets the error
 * sentence, no event goes out, nothing is saved, and the next batch works. */
static void test_failed_commit_refuses_the_whole_batch(void **state)
{
	gw_fixture *f = *state;
	sign_in_admin(f);
	assert_int_equal(pay_in_batch(f, "kovacs", 100, 1), 1);
	assert_int_equal(pay_in_batch(f, "nagy", 100, 2), 1);
	np_err err = {0};
	assert_int_equal(store_exec(f->store.db,
	                            "PRAGMA defer_foreign_keys = ON; "
	                            "INSERT INTO residents (login, name, pin_hash, category_id, "
	                            "guest, created_at) VALUES ('ghost', 'G', 'x', 9999, 0, 0)",
	                            &err),
	                 0);
	assert_int_equal(gateway_commit(f->gw), -1);
	assert_int_equal(f->n_replies, 2);
	assert_int_equal(f->n_events, 0);
	for (int slot = 1; slot <= 2; slot++) {
		Netpont__Envelope *r = f->replies[slot];
		assert_int_equal(r->id, (uint64_t)slot + 1);
		assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
		assert_int_equal(r->error->code, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL);
		assert_non_null(strstr(r->error->message, "nothing was changed"));
	}
	assert_int_equal(payments(f), 0);
	assert_false(store_in_transaction(f->store.db));
	forget_replies(f);
	assert_int_equal(pay_in_batch(f, "kovacs", 100, 1), 1);
	assert_int_equal(gateway_commit(f->gw), 0);
	assert_int_equal(f->replies[1]->body_case, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	assert_int_equal(payments(f), 1);
}

/* ------------------------------------------------------------ the network */

enum { CONSOLES = 8, BURST = 40 };

typedef struct net_fixture {
	fixture_store store;
	fixture_net net;
} net_fixture;

/* One resident per console, each owing 1,000,000. */
static int net_setup(void **state)
{
	net_fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->store, "netpont-gc-net");
	fixture_store_add_admin(f->store.db, time(NULL));
	np_err err = {0};
	for (int i = 0; i < CONSOLES; i++) {
		char login[32], sql[200];
		int64_t id;
		snprintf(login, sizeof login, "payer%d", i);
		assert_int_equal(store_resident_add(f->store.db, login, login, "x", 1, false, "",
		                                    time(NULL), &id, &err),
		                 0);
		snprintf(sql, sizeof sql,
		         "INSERT INTO ledger (at, kind, resident_id, amount, category) "
		         "VALUES (%lld, 'charge', %lld, 1000000, 'standard')",
		         (long long)time(NULL), (long long)id);
		assert_int_equal(store_exec(f->store.db, sql, &err), 0);
	}
	net_config net = {.idle_timeout_s = 45};
	gateway_config gwc = {.pwhash_min = true, .heartbeat_s = 15};
	fixture_net_start(&f->net, &f->store, net, &gwc);
	*state = f;
	return 0;
}

static int net_teardown(void **state)
{
	net_fixture *f = *state;
	fixture_net_stop(&f->net);
	fixture_store_remove(&f->store);
	free(f);
	return 0;
}

/* A blocking TLS 1.3 client with a 10 s timeout on every read. */
static SSL *client_connect(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = {.tv_sec = 10};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	SSL *ssl = SSL_new(ctx);
	SSL_CTX_free(ctx);
	SSL_set_fd(ssl, fd);
	assert_int_equal(SSL_connect(ssl), 1);
	return ssl;
}

static void client_close(SSL *ssl)
{
	int fd = SSL_get_fd(ssl);
	SSL_free(ssl);
	close(fd);
}

/* Appends env's frame to *all (*total bytes so far). */
static void append_frame(uint8_t **all, size_t *total, Netpont__Envelope *env)
{
	size_t len = np_frame_encoded_size(env);
	*all = realloc(*all, *total + len);
	assert_non_null(*all);
	np_frame_pack(env, *all + *total);
	*total += len;
}

static void send_all(SSL *ssl, const uint8_t *data, size_t len)
{
	assert_int_equal(SSL_write(ssl, data, (int)len), (int)len);
}

static bool read_exact(SSL *ssl, uint8_t *buf, size_t len)
{
	for (size_t have = 0; have < len;) {
		int n = SSL_read(ssl, buf + have, (int)(len - have));
		if (n <= 0)
			return false;
		have += (size_t)n;
	}
	return true;
}

/* The next frame (events included); fails the test at EOF or timeout. */
static Netpont__Envelope *recv_env(SSL *ssl)
{
	uint8_t head[4];
	assert_true(read_exact(ssl, head, 4));
	uint32_t len =
	    (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 | (uint32_t)head[2] << 8 | head[3];
	uint8_t *buf = malloc(len + 4);
	memcpy(buf, head, 4);
	assert_true(read_exact(ssl, buf + 4, len));
	Netpont__Envelope *env = NULL;
	size_t used = 0;
	assert_int_equal(np_frame_decode(buf, len + 4, 16u << 20, &used, &env), NP_FRAME_OK);
	free(buf);
	return env;
}

/* A reply to a request (events skipped). */
static Netpont__Envelope *recv_reply(SSL *ssl)
{
	for (;;) {
		Netpont__Envelope *env = recv_env(ssl);
		if (env->id != 0)
			return env;
		netpont__envelope__free_unpacked(env, NULL);
	}
}

static SSL *sign_in(int port)
{
	SSL *ssl = client_connect(port);
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_staff_hello(&env, &h, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
	env.id = 1;
	uint8_t *all = NULL;
	size_t total = 0;
	append_frame(&all, &total, &env);
	send_all(ssl, all, total);
	free(all);
	Netpont__Envelope *r = recv_reply(ssl);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	netpont__envelope__free_unpacked(r, NULL);
	return ssl;
}

/* Whether a second connection to the file sees the payment of key: it
 * reads only what was committed. */
static bool committed(sqlite3 *reader, const char *key)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(reader,
	                                    "SELECT count(*) FROM ledger WHERE request_key = ?", -1,
	                                    &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	bool found = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	return found;
}

static bool committed_row(sqlite3 *reader, int64_t id)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(
	    sqlite3_prepare_v2(reader, "SELECT count(*) FROM ledger WHERE id = ?", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	bool found = sqlite3_column_int(st, 0) == 1;
	sqlite3_finalize(st);
	return found;
}

static void test_burst_of_payments_from_many_consoles(void **state)
{
	net_fixture *f = *state;
	sqlite3 *reader = NULL;
	assert_int_equal(sqlite3_open_v2(f->store.path, &reader, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	sqlite3_busy_timeout(reader, 5000);
	SSL *listener = sign_in(f->net.port);
	SSL *console[CONSOLES];
	for (int i = 0; i < CONSOLES; i++)
		console[i] = sign_in(f->net.port);
	/* Every console's burst, built first and sent back to back. Console 3's
	 * tenth payment is more than payer3 owes. */
	uint8_t *burst[CONSOLES] = {0};
	size_t burst_len[CONSOLES] = {0};
	for (int i = 0; i < CONSOLES; i++) {
		for (int k = 0; k < BURST; k++) {
			char login[32], key[48];
			snprintf(login, sizeof login, "payer%d", i);
			snprintf(key, sizeof key, "burst-%02d-%03d", i, k);
			Netpont__Pay p = NETPONT__PAY__INIT;
			p.resident_login = login;
			p.amount = i == 3 && k == 9 ? 2000000000 : 1;
			p.request_key = key;
			Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
			env.id = 100 + (uint64_t)k;
			env.body_case = NETPONT__ENVELOPE__BODY_PAY;
			env.pay = &p;
			append_frame(&burst[i], &burst_len[i], &env);
		}
	}
	for (int i = 0; i < CONSOLES; i++) {
		send_all(console[i], burst[i], burst_len[i]);
		free(burst[i]);
	}
	/* Each console's replies come in the order of its requests; each
	 * acknowledged payment is committed by the time its reply is read. */
	int acknowledged = 0;
	for (int i = 0; i < CONSOLES; i++) {
		for (int k = 0; k < BURST; k++) {
			Netpont__Envelope *r = recv_reply(console[i]);
			char key[48];
			snprintf(key, sizeof key, "burst-%02d-%03d", i, k);
			assert_int_equal(r->id, 100 + (uint64_t)k);
			if (i == 3 && k == 9) {
				assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
				assert_int_equal(r->error->code,
				                 NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
				assert_non_null(strstr(r->error->message, "too large"));
				assert_false(committed(reader, key));
			} else {
				if (r->body_case != NETPONT__ENVELOPE__BODY_PAY_REPLY)
					fail_msg("payment %s refused: %s", key,
					         r->body_case == NETPONT__ENVELOPE__BODY_ERROR
					             ? r->error->message
					             : "another reply");
				assert_true(committed(reader, key));
				acknowledged++;
			}
			netpont__envelope__free_unpacked(r, NULL);
		}
	}
	assert_int_equal(acknowledged, CONSOLES * BURST - 1);
	/* The listening console: one LedgerEvent per acknowledged payment,
	 * each for a row that was already committed when it arrived. */
	int events = 0;
	while (events < acknowledged) {
		Netpont__Envelope *e = recv_env(listener);
		if (e->body_case == NETPONT__ENVELOPE__BODY_LEDGER_EVENT) {
			assert_true(committed_row(reader, e->ledger_event->entry->id));
			events++;
		}
		netpont__envelope__free_unpacked(e, NULL);
	}
	for (int i = 0; i < CONSOLES; i++)
		client_close(console[i]);
	client_close(listener);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(reader,
	                                    "SELECT count(*) FROM ledger WHERE kind = 'payment'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), acknowledged);
	sqlite3_finalize(st);
	sqlite3_close(reader);
}

/* Consoles that close while their payments wait for the COMMIT: the
 * server keeps each connection until its replies are delivered (valgrind
 * and ASan see no use after free), and what it acknowledged to nobody is
 * still saved whole or not at all. */
static void test_consoles_gone_while_their_batch_waits(void **state)
{
	net_fixture *f = *state;
	for (int round = 0; round < 20; round++) {
		SSL *c = sign_in(f->net.port);
		uint8_t *all = NULL;
		size_t total = 0;
		for (int k = 0; k < 8; k++) {
			char login[32], key[48];
			snprintf(login, sizeof login, "payer%d", k);
			snprintf(key, sizeof key, "gone-%02d-%03d", round, k);
			Netpont__Pay p = NETPONT__PAY__INIT;
			p.resident_login = login;
			p.amount = 1;
			p.request_key = key;
			Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
			env.id = 10 + (uint64_t)k;
			env.body_case = NETPONT__ENVELOPE__BODY_PAY;
			env.pay = &p;
			append_frame(&all, &total, &env);
		}
		send_all(c, all, total);
		free(all);
		client_close(c);
	}
	/* The server still answers. */
	SSL *c = sign_in(f->net.port);
	client_close(c);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refusal_in_a_batch_undoes_only_itself, gw_setup,
	                                    gw_teardown),
	    cmocka_unit_test_setup_teardown(test_counted_refusal_commits_with_the_batch, gw_setup,
	                                    gw_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_commit_refuses_the_whole_batch, gw_setup,
	                                    gw_teardown),
	    cmocka_unit_test_setup_teardown(test_burst_of_payments_from_many_consoles, net_setup,
	                                    net_teardown),
	    cmocka_unit_test_setup_teardown(test_consoles_gone_while_their_batch_waits, net_setup,
	                                    net_teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	uv_library_shutdown();
	return rc;
}
