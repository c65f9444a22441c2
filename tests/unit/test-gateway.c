/* The gateway without sockets: requests are built as Envelopes, run through
 * gateway_begin/work/finish as the network layer would, and the reply and
 * events are decoded from the frames. A real SQLite file in a temporary
 * directory and a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/i18n.h"
#include "fixture-server.h"
#include "frame.h"
#include "gateway.h"
#include "store/db.h"
#include "store/seats.h"
#include "store/settings.h"

#define MAX_EVENTS 64

typedef struct event {
	int64_t seat_id; /* 0: staff */
	Netpont__Envelope *env;
} event;

typedef struct fixture {
	fixture_store store;
	gateway *gw;
	gateway_hooks hooks;
	int64_t now;
	event events[MAX_EVENTS];
	size_t n_events;
	int64_t connected_seat; /* the seat whose agent "is connected" */
	int64_t dropped_seat;   /* the last seat whose agent the gateway disconnected */
	int64_t dropped_staff;  /* the last staff account whose connections it closed */
	gw_peer admin;
	bool i18n; /* the build tree's catalogue is loaded (setup_i18n) */
} fixture;

static int64_t fake_now(void *ctx)
{
	return ((fixture *)ctx)->now;
}

static void record(fixture *f, int64_t seat_id, const uint8_t *frame, size_t len)
{
	assert_true(f->n_events < MAX_EVENTS);
	Netpont__Envelope *env = NULL;
	size_t used = 0;
	assert_int_equal(np_frame_decode(frame, len, 16u << 20, &used, &env), NP_FRAME_OK);
	assert_int_equal(used, len);
	assert_int_equal(env->id, 0); /* events carry id 0 */
	f->events[f->n_events].seat_id = seat_id;
	f->events[f->n_events].env = env;
	f->n_events++;
}

static void to_staff(void *ctx, const uint8_t *frame, size_t len)
{
	record(ctx, 0, frame, len);
}

static void to_seat(void *ctx, int64_t seat_id, const uint8_t *frame, size_t len)
{
	record(ctx, seat_id, frame, len);
}

static bool seat_connected(void *ctx, int64_t seat_id)
{
	return ((fixture *)ctx)->connected_seat == seat_id;
}

static void drop_seat(void *ctx, int64_t seat_id)
{
	((fixture *)ctx)->dropped_seat = seat_id;
}

static void drop_staff(void *ctx, int64_t staff_id)
{
	((fixture *)ctx)->dropped_staff = staff_id;
}

static void clear_events(fixture *f)
{
	for (size_t i = 0; i < f->n_events; i++)
		netpont__envelope__free_unpacked(f->events[i].env, NULL);
	f->n_events = 0;
}

/* The first recorded event of a kind (and target: -1 any), or NULL. */
static Netpont__Envelope *find_event(fixture *f, Netpont__Envelope__BodyCase body, int64_t seat_id)
{
	for (size_t i = 0; i < f->n_events; i++)
		if (f->events[i].env->body_case == body &&
		    (seat_id < 0 || f->events[i].seat_id == seat_id))
			return f->events[i].env;
	return NULL;
}

/* Step 1 of one request as the network layer runs it, on a decoded copy of
 * req (the gateway owns what it gets); gives req the next request id. */
static gw_call *begin(fixture *f, gw_peer *peer, Netpont__Envelope *req)
{
	static uint64_t next_id = 1;
	req->id = next_id++;
	uint8_t *buf = NULL;
	size_t len = 0, used = 0;
	assert_int_equal(np_frame_encode(req, NP_FRAME_DEFAULT_MAX, &buf, &len), NP_FRAME_OK);
	Netpont__Envelope *copy = NULL;
	assert_int_equal(np_frame_decode(buf, len, NP_FRAME_DEFAULT_MAX, &used, &copy),
	                 NP_FRAME_OK);
	free(buf);
	gw_call *call = gateway_begin(f->gw, peer, copy);
	assert_non_null(call);
	return call;
}

/* Steps 2 and 3 of a begun call; returns the decoded reply (free with
 * netpont__envelope__free_unpacked). *close (if not NULL) is set when the
 * server would close the connection. */
static Netpont__Envelope *finish(fixture *f, gw_peer *peer, gw_call *call, bool *close)
{
	if (gateway_call_needs_work(call))
		gateway_work(call);
	gw_reply reply;
	assert_int_equal(gateway_finish(f->gw, call, peer, &reply), 0);
	Netpont__Envelope *out = NULL;
	size_t used = 0;
	assert_int_equal(np_frame_decode(reply.frame, reply.len, 16u << 20, &used, &out),
	                 NP_FRAME_OK);
	free(reply.frame);
	if (close)
		*close = reply.close;
	return out;
}

/* Runs one request from begin to finish; returns the decoded reply, which
 * answers req's id. */
static Netpont__Envelope *run(fixture *f, gw_peer *peer, Netpont__Envelope *req, bool *close)
{
	Netpont__Envelope *out = finish(f, peer, begin(f, peer, req), close);
	assert_int_equal(out->id, req->id);
	return out;
}

/* Asserts the reply is an Error with code, frees it, returns nothing. */
static void expect_error(Netpont__Envelope *reply, Netpont__ErrorCode code, const char *text)
{
	assert_int_equal(reply->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	if (reply->error->code != code)
		fail_msg("expected error %d, got %d: %s", code, reply->error->code,
		         reply->error->message);
	if (text != NULL && strstr(reply->error->message, text) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", text, reply->error->message);
	netpont__envelope__free_unpacked(reply, NULL);
}

static void expect_body(Netpont__Envelope *reply, Netpont__Envelope__BodyCase body)
{
	if (reply->body_case == NETPONT__ENVELOPE__BODY_ERROR)
		fail_msg("unexpected error: %s", reply->error->message);
	assert_int_equal(reply->body_case, body);
}

/* Runs a request whose body is msg, a message of body's type (the
 * Envelope's bodies share one union of pointers). Returns the decoded reply
 * (free it). */
static Netpont__Envelope *request(fixture *f, gw_peer *peer, Netpont__Envelope__BodyCase body,
                                  void *msg)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = body;
	env.ping = msg;
	return run(f, peer, &env, NULL);
}

/* Asserts the reply's body and frees it. */
static void expect_reply(Netpont__Envelope *reply, Netpont__Envelope__BodyCase body)
{
	expect_body(reply, body);
	netpont__envelope__free_unpacked(reply, NULL);
}

/* A staff Hello in a static envelope, valid until the next call. */
static Netpont__Envelope *staff_hello_env(Netpont__Hello *h, const char *user, const char *pw)
{
	static Netpont__Envelope env;
	fixture_staff_hello(&env, h, user, pw);
	return &env;
}

static gw_peer sign_in(fixture *f, const char *user, const char *pw)
{
	gw_peer peer = {0};
	Netpont__Hello h;
	bool close = true;
	Netpont__Envelope *r = run(f, &peer, staff_hello_env(&h, user, pw), &close);
	expect_body(r, NETPONT__ENVELOPE__BODY_WELCOME);
	assert_false(close);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(peer.kind, GW_PEER_STAFF);
	return peer;
}

static void create_gateway(fixture *f)
{
	f->hooks = (gateway_hooks){.ctx = f,
	                           .now = fake_now,
	                           .to_staff = to_staff,
	                           .to_seat = to_seat,
	                           .seat_connected = seat_connected,
	                           .drop_seat = drop_seat,
	                           .drop_staff = drop_staff};
	gateway_config cfg = {.pwhash_min = true};
	f->gw = gateway_new(f->store.db, &f->hooks, &cfg);
	assert_non_null(f->gw);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->store, "netpont-gw");
	store_db *db = f->store.db;
	np_err err = {0};
	/* Open all day, every day: the tests run at any hour. Tuesday noon
	 * local time is a fixed "now". */
	assert_int_equal(store_setting_set(db, "open_time", "00:00", &err), 0);
	assert_int_equal(store_setting_set(db, "close_time", "24:00", &err), 0);
	assert_int_equal(store_setting_set(db, "open_days", "1234567", &err), 0);
	struct tm tm = {.tm_year = 124, .tm_mon = 2, .tm_mday = 12, .tm_hour = 12, .tm_isdst = -1};
	f->now = (int64_t)mktime(&tm);
	fixture_store_add_admin(db, f->now);
	create_gateway(f);
	f->admin = sign_in(f, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD);
	clear_events(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	clear_events(f);
	gateway_free(f->gw);
	fixture_store_remove(&f->store);
	free(f);
	return 0;
}

/* The language tests: the compiled catalogue in the build tree is loaded
 * when NETPONT_BUILD_DIR says where it is; the tests skip otherwise. */
static int setup_i18n(void **state)
{
	setup(state);
	fixture *f = *state;
	f->i18n = fixture_i18n_init();
	return 0;
}

static int teardown_i18n(void **state)
{
	fixture *f = *state;
	if (f->i18n)
		i18n_shutdown();
	return teardown(state);
}

static int64_t count(fixture *f, const char *sql)
{
	return fixture_query_int(f->store.db, sql);
}

/* ------------------------------------------------------------ request builders */

static void add_staff(fixture *f, const char *name, Netpont__StaffRole role)
{
	Netpont__StaffAdd m = NETPONT__STAFF_ADD__INIT;
	m.name = (char *)name;
	m.role = role;
	m.password = "password-1";
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_STAFF_ADD, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_OK);
	netpont__envelope__free_unpacked(r, NULL);
}

/* Enrols a seat; returns its token in token (65 bytes). */
static void add_seat(fixture *f, const char *name, char *token)
{
	Netpont__SeatAdd m = NETPONT__SEAT_ADD__INIT;
	m.name = (char *)name;
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_ADD, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_ADDED);
	assert_int_equal(strlen(r->seat_added->token), 64);
	snprintf(token, 65, "%s", r->seat_added->token);
	netpont__envelope__free_unpacked(r, NULL);
}

static void add_resident(fixture *f, const char *login, const char *name, const char *pin)
{
	Netpont__ResidentAdd m = NETPONT__RESIDENT_ADD__INIT;
	m.login = (char *)login;
	m.name = (char *)name;
	m.pin = (char *)pin;
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_ADD, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_RESIDENT);
	assert_string_equal(r->resident->login, login);
	netpont__envelope__free_unpacked(r, NULL);
}

static Netpont__Envelope *session_start(fixture *f, gw_peer *peer, const char *seat,
                                        const char *login, int64_t seconds)
{
	Netpont__SessionStart m = NETPONT__SESSION_START__INIT;
	m.seat = (char *)seat;
	m.resident_login = (char *)(login ? login : "");
	m.guest = login == NULL;
	m.seconds = seconds;
	return request(f, peer, NETPONT__ENVELOPE__BODY_SESSION_START, &m);
}

static Netpont__Envelope *agent_login(fixture *f, gw_peer *agent, const char *login,
                                      const char *pin)
{
	Netpont__AgentLogin m = NETPONT__AGENT_LOGIN__INIT;
	m.login = (char *)login;
	m.pin = (char *)pin;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_LOGIN, &m);
}

/* An agent's Hello; returns the decoded Welcome (free it). */
static Netpont__Envelope *agent_welcome(fixture *f, gw_peer *peer, const char *seat,
                                        const char *token)
{
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_agent_hello(&env, &h, seat, token);
	Netpont__Envelope *r = run(f, peer, &env, NULL);
	expect_body(r, NETPONT__ENVELOPE__BODY_WELCOME);
	return r;
}

static gw_peer agent_hello(fixture *f, const char *seat, const char *token)
{
	gw_peer peer = {0};
	Netpont__Envelope *r = agent_welcome(f, &peer, seat, token);
	assert_string_equal(r->welcome->seat, seat);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(peer.kind, GW_PEER_AGENT);
	return peer;
}

/* PC-03 enrolled and its agent connected. */
static gw_peer pc03_agent(fixture *f)
{
	char token[65];
	add_seat(f, "PC-03", token);
	return agent_hello(f, "PC-03", token);
}

/* A SettingSet by peer; returns the decoded reply (free it). */
static Netpont__Envelope *setting_set(fixture *f, gw_peer *peer, const char *key, const char *value)
{
	Netpont__Setting kv = NETPONT__SETTING__INIT;
	kv.key = (char *)key;
	kv.value = (char *)value;
	Netpont__SettingSet m = NETPONT__SETTING_SET__INIT;
	m.setting = &kv;
	return request(f, peer, NETPONT__ENVELOPE__BODY_SETTING_SET, &m);
}

static void set_setting(fixture *f, const char *key, const char *value)
{
	expect_reply(setting_set(f, &f->admin, key, value), NETPONT__ENVELOPE__BODY_OK);
}

/* The agent's AgentSync; returns the decoded reply (free it). */
static Netpont__Envelope *agent_sync(fixture *f, gw_peer *agent)
{
	Netpont__AgentSync m = NETPONT__AGENT_SYNC__INIT;
	m.locked = true;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_SYNC, &m);
}

/* The agent's AgentLogout for session_id (0: whatever runs); returns the
 * decoded reply (free it). */
static Netpont__Envelope *agent_logout(fixture *f, gw_peer *agent, int64_t session_id)
{
	Netpont__AgentLogout m = NETPONT__AGENT_LOGOUT__INIT;
	m.session_id = session_id;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_LOGOUT, &m);
}

/* A print the agent reports for session_id on the agent's seat. */
/* A 3-page print of the job key in session_id, titled title (NULL: none). */
static Netpont__Envelope *report_titled_print(fixture *f, gw_peer *agent, const char *key,
                                              int64_t session_id, const char *title)
{
	Netpont__AgentPrint m = NETPONT__AGENT_PRINT__INIT;
	m.job_key = (char *)key;
	m.title = (char *)title;
	m.printer = "HOLD";
	m.pages = 3;
	m.copies = 1;
	m.session_id = session_id;
	m.completed_at = f->now;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_PRINT, &m);
}

static Netpont__Envelope *report_print(fixture *f, gw_peer *agent, const char *key,
                                       int64_t session_id)
{
	return report_titled_print(f, agent, key, session_id, NULL);
}

static int64_t print_charges_of(fixture *f, const char *login)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM ledger JOIN residents r ON r.id = ledger.resident_id "
	         "WHERE ledger.print_job IS NOT NULL AND r.login = '%s'",
	         login);
	return count(f, sql);
}

/* The scene of the print tests: Anna's session on PC-01 ended with her
 * print still held and Béla sat down next; Cili is logged in at PC-02. */
typedef struct print_scene {
	gw_peer agent1, agent2;
	int64_t annas, cilis; /* the two women's sessions */
} print_scene;

static void print_scene_enter(fixture *f, print_scene *p)
{
	char token1[65], token2[65];
	add_seat(f, "PC-01", token1);
	add_seat(f, "PC-02", token2);
	add_resident(f, "anna", "Kiss Anna", "1234");
	add_resident(f, "bela", "Nagy Béla", "4321");
	add_resident(f, "cili", "Tóth Cecília", "5678");
	p->agent1 = agent_hello(f, "PC-01", token1);
	p->agent2 = agent_hello(f, "PC-02", token2);
	Netpont__Envelope *r = agent_login(f, &p->agent1, "anna", "1234");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	p->annas = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);
	expect_reply(agent_logout(f, &p->agent1, p->annas), NETPONT__ENVELOPE__BODY_SESSION);
	expect_reply(session_start(f, &f->admin, "PC-01", "bela", 1200),
	             NETPONT__ENVELOPE__BODY_SESSION);
	r = agent_login(f, &p->agent2, "cili", "5678");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	p->cilis = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);
}

/* A mentor released Anna's held print: it prints, reported with her
 * session, and she pays, not Béla. */
static void test_print_of_an_ended_session_is_charged_to_its_resident(void **state)
{
	fixture *f = *state;
	print_scene p;
	print_scene_enter(f, &p);
	Netpont__Envelope *r = report_print(f, &p.agent1, "HOLD/7/1700000000", p.annas);
	expect_body(r, NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	assert_int_equal(r->agent_print_reply->amount, 60);
	assert_false(r->agent_print_reply->duplicate);
	netpont__envelope__free_unpacked(r, NULL);
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, 0));
	assert_int_equal(print_charges_of(f, "anna"), 1);
	assert_int_equal(print_charges_of(f, "bela"), 0);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM ledger WHERE print_job = 'HOLD/7/1700000000' "
	         "AND session_id = %lld",
	         (long long)p.annas);
	assert_int_equal(count(f, sql), 1);
}

/* Reported again (a lost acknowledgement): charged once. */
static void test_print_reported_again_is_charged_once(void **state)
{
	fixture *f = *state;
	print_scene p;
	print_scene_enter(f, &p);
	expect_reply(report_print(f, &p.agent1, "HOLD/7/1700000000", p.annas),
	             NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	Netpont__Envelope *r = report_print(f, &p.agent1, "HOLD/7/1700000000", p.annas);
	expect_body(r, NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	assert_true(r->agent_print_reply->duplicate);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(print_charges_of(f, "anna"), 1);
}

/* A print whose title the agent cut in the middle of a character is still
 * charged: the title is mended, not refused. */
static void test_print_with_a_broken_title_is_charged(void **state)
{
	fixture *f = *state;
	print_scene p;
	print_scene_enter(f, &p);
	expect_reply(report_titled_print(f, &p.agent1, "HOLD/8/1700000000", p.annas,
	                                 "\xc3\x96n\xc3\xa9letrajz \xc5"),
	             NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	assert_int_equal(print_charges_of(f, "anna"), 1);
}

/* PC-01 naming Cili's session on PC-02: refused, nothing written. */
static void test_print_naming_another_pcs_session_is_refused(void **state)
{
	fixture *f = *state;
	print_scene p;
	print_scene_enter(f, &p);
	int64_t rows = count(f, "SELECT count(*) FROM ledger");
	expect_error(report_print(f, &p.agent1, "HOLD/8/1700000000", p.cilis),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "This print names a session on another PC, so it is not charged to that "
	             "PC's user.");
	assert_int_equal(count(f, "SELECT count(*) FROM ledger"), rows);
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, -1));
}

/* A session that never existed: refused, nothing written. */
static void test_print_naming_an_unknown_session_is_refused(void **state)
{
	fixture *f = *state;
	print_scene p;
	print_scene_enter(f, &p);
	int64_t rows = count(f, "SELECT count(*) FROM ledger");
	expect_error(report_print(f, &p.agent1, "HOLD/9/1700000000", p.cilis + 100),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "This print names a session that does not exist, so it cannot be "
	             "charged to anyone.");
	assert_int_equal(count(f, "SELECT count(*) FROM ledger"), rows);
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, -1));
	assert_int_equal(print_charges_of(f, "cili"), 0);
}

/* Without a session named, the one running now pays (Béla), not Anna. */
static void test_print_without_a_session_is_charged_to_the_one_running(void **state)
{
	fixture *f = *state;
	print_scene p;
	print_scene_enter(f, &p);
	expect_reply(report_print(f, &p.agent1, "PDF/10/1700000000", 0),
	             NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	assert_int_equal(print_charges_of(f, "bela"), 1);
	assert_int_equal(print_charges_of(f, "anna"), 0);
}

/* ------------------------------------------------------------ tests */

static void test_handshake_errors(void **state)
{
	fixture *f = *state;
	bool close = false;
	gw_peer peer = {0};
	Netpont__Hello h;

	/* Wrong password: AUTH, and the connection closes. */
	Netpont__Envelope *r =
	    run(f, &peer, staff_hello_env(&h, "admin", "wrong-password"), &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "password is wrong");
	assert_true(close);
	assert_int_equal(peer.kind, GW_PEER_NONE);

	/* Unknown user: the same answer (no hint which part was wrong). */
	r = run(f, &peer, staff_hello_env(&h, "nobody", "admin-secret"), &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "password is wrong");
	assert_true(close);

	/* Another protocol version: VERSION, with a sentence, and close. */
	Netpont__Envelope *env = staff_hello_env(&h, "admin", "admin-secret");
	h.protocol_version = 2;
	r = run(f, &peer, env, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_VERSION, "protocol version 1");
	assert_true(close);
	assert_int_equal(peer.kind, GW_PEER_NONE);

	/* A request before the Hello: AUTH and close. */
	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope list = NETPONT__ENVELOPE__INIT;
	list.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	list.seat_list = &sl;
	r = run(f, &peer, &list, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "Hello");
	assert_true(close);

	/* An agent with a wrong token, and an unknown seat. */
	char token[65];
	add_seat(f, "PC-01", token);
	Netpont__Hello ah;
	Netpont__Envelope aenv;
	fixture_agent_hello(&aenv, &ah, "PC-01", "0000");
	r = run(f, &peer, &aenv, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "PC-01");
	assert_true(close);
	ah.seat = "PC-99";
	ah.token = token;
	r = run(f, &peer, &aenv, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "no seat called PC-99");

	/* The right one works; a second Hello on it is refused but keeps it. */
	gw_peer agent = agent_hello(f, "PC-01", token);
	assert_string_equal(agent.seat_name, "PC-01");
	r = run(f, &agent, &aenv, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "already");
	assert_false(close);
	assert_int_equal(agent.kind, GW_PEER_AGENT);

	/* Staff login is audited. */
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'login'"), 1);
}

static void test_unknown_request(void **state)
{
	fixture *f = *state;
	bool close = true;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT; /* body not set */
	Netpont__Envelope *r = run(f, &f->admin, &env, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "This request is not understood by this server (it may be newer).");
	assert_false(close);

	/* A reply type sent as a request is not understood either. */
	Netpont__Ok ok = NETPONT__OK__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_OK;
	env.ok = &ok;
	r = run(f, &f->admin, &env, &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "not understood");
	assert_false(close);

	/* Ping works for everyone. */
	Netpont__Ping ping = NETPONT__PING__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	r = run(f, &f->admin, &env, NULL);
	expect_body(r, NETPONT__ENVELOPE__BODY_PONG);
	assert_int_equal(r->pong->server_time, f->now);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The cast of the role tests: Dóra (mentor) and Erzsi (treasurer), signed
 * in. */
typedef struct staff_cast {
	gw_peer mentor, treasurer;
} staff_cast;

static void staff_cast_enter(fixture *f, staff_cast *c)
{
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	add_staff(f, "erzsi", NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER);
	c->mentor = sign_in(f, "dora", "password-1");
	c->treasurer = sign_in(f, "erzsi", "password-1");
}

static void test_only_an_administrator_enrols_a_pc(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	assert_int_equal(c.mentor.role, NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	int64_t seats = count(f, "SELECT count(*) FROM seats");
	Netpont__SeatAdd sa = NETPONT__SEAT_ADD__INIT;
	sa.name = "PC-09";
	expect_error(request(f, &c.mentor, NETPONT__ENVELOPE__BODY_SEAT_ADD, &sa),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can enrol a PC.");
	assert_int_equal(count(f, "SELECT count(*) FROM seats"), seats);
}

static void test_treasurer_reads_but_does_not_run_the_room(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	expect_error(session_start(f, &c.treasurer, "PC-01", "kovacsm", 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only a mentor or an administrator can start a session.");
	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope *r = request(f, &c.treasurer, NETPONT__ENVELOPE__BODY_SEAT_LIST, &sl);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY);
	assert_int_equal(r->seat_list_reply->n_seats, 1);
	assert_int_equal(r->seat_list_reply->seats[0]->state,
	                 NETPONT__SEAT_STATE__SEAT_STATE_OFFLINE);
	netpont__envelope__free_unpacked(r, NULL);
}

/* A mentor may not change settings nor someone else's password, but may
 * change their own. */
static void test_mentor_changes_only_their_own_password(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	expect_error(setting_set(f, &c.mentor, "open_time", "08:00"),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, "administrator");
	Netpont__StaffSetPassword sp = NETPONT__STAFF_SET_PASSWORD__INIT;
	sp.name = "admin";
	sp.password = "new-password";
	expect_error(request(f, &c.mentor, NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD, &sp),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, "another staff member's password");
	sp.name = "";
	expect_reply(request(f, &c.mentor, NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD, &sp),
	             NETPONT__ENVELOPE__BODY_OK);
	sign_in(f, "dora", "new-password");
}

/* Staff cannot send agent requests, agents cannot send staff ones. */
static void test_staff_and_agents_make_only_their_own_requests(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	Netpont__AgentLogin al = NETPONT__AGENT_LOGIN__INIT;
	expect_error(request(f, &c.mentor, NETPONT__ENVELOPE__BODY_AGENT_LOGIN, &al),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, "agent");
	gw_peer agent = agent_hello(f, "PC-01", token);
	expect_error(session_start(f, &agent, "PC-01", "kovacsm", 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, "public PC");
}

/* Bad settings are refused with the format. */
static void test_bad_settings_are_refused(void **state)
{
	fixture *f = *state;
	expect_error(setting_set(f, &f->admin, "close_time", "25:00"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "18:00");
	expect_error(setting_set(f, &f->admin, "no_such_key", "1"),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, NULL);
}

/* Invalid UTF-8 in a resident's name is refused with a sentence naming the
 * field, and no resident is stored. */
static void test_invalid_utf8_in_a_resident_name_is_refused(void **state)
{
	fixture *f = *state;
	int64_t before = count(f, "SELECT count(*) FROM residents");
	static const char *const bad[] = {
	    "Kov\xe1"
	    "cs",      /* Latin-1, not UTF-8 */
	    "Kov\xc3", /* cut in the middle of a character */
	    "Kov\xc0\xaf"
	    "cs", /* an overlong '/' */
	    "Kov\xed\xa0\x80"
	    "cs",                  /* a surrogate */
	    "Kov\xf4\x90\x80\x80", /* above U+10FFFF */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		Netpont__ResidentAdd m = NETPONT__RESIDENT_ADD__INIT;
		m.login = "kovacs";
		m.name = (char *)bad[i];
		m.pin = "1234";
		expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_ADD, &m),
		             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		             "The name in this request is not valid UTF-8 text");
	}
	assert_int_equal(count(f, "SELECT count(*) FROM residents"), before);
	add_resident(f, "kovacs", "Kovács Éva", "1234");
}

/* A text nested inside a request (a setting's value) is checked as well,
 * and the setting keeps its value. */
static void test_invalid_utf8_in_a_nested_text_is_refused(void **state)
{
	fixture *f = *state;
	expect_error(setting_set(f, &f->admin, "site_name", "Internetpont \xff"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "value");
	assert_int_equal(count(f, "SELECT count(*) FROM settings WHERE hex(value) LIKE '%FF'"), 0);
}

/* A lock with a grace warns the resident at once and ends the session when
 * the grace is over; a grace out of range is refused, changing nothing. */
static void test_lock_with_grace_warns_first(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	f->connected_seat = 1;
	Netpont__Envelope *r = session_start(f, &f->admin, "PC-03", "kovacsm", 1800);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);

	int64_t audit = count(f, "SELECT count(*) FROM audit");
	Netpont__SeatLock lock = NETPONT__SEAT_LOCK__INIT;
	lock.name = "PC-03";
	const int32_t bad[] = {-1, 601};
	for (size_t i = 0; i < 2; i++) {
		lock.grace_s = bad[i];
		expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_LOCK, &lock),
		             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		             "between 0 and 600 seconds");
	}
	assert_int_equal(count(f, "SELECT out_of_order FROM seats WHERE name = 'PC-03'"), 0);
	assert_int_equal(count(f, "SELECT ends_at FROM sessions"), f->now + 1800);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(f->n_events, 0);

	lock.grace_s = 60;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_LOCK, &lock);
	assert_int_not_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	netpont__envelope__free_unpacked(r, NULL);
	/* The PC hears at once; the session runs on until the grace's end. */
	Netpont__Envelope *message = find_event(f, NETPONT__ENVELOPE__BODY_MESSAGE_EVENT, 1);
	assert_non_null(message);
	assert_non_null(strstr(message->message_event->text, "60 seconds"));
	Netpont__Envelope *lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_true(lease->lease_event->unlocked);
	assert_int_equal(lease->lease_event->session->ends_at, f->now + 60);
	assert_int_equal(count(f, "SELECT out_of_order FROM seats WHERE name = 'PC-03'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 1);
	assert_int_equal(gateway_next_deadline(f->gw), f->now + 60);
	/* No one else starts there meanwhile. */
	expect_error(session_start(f, &f->admin, "PC-03", NULL, 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_OUT_OF_ORDER, "out of order");

	f->now += 60;
	clear_events(f);
	assert_int_equal(gateway_expire(f->gw), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'time_up'"), 1);
	lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_false(lease->lease_event->unlocked);
}

static void test_busy_seat_changes_nothing(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	add_resident(f, "nagyj", "Nagy János", "5678");
	f->connected_seat = 1;
	clear_events(f);

	Netpont__Envelope *r = session_start(f, &f->admin, "PC-03", "kovacsm", 1800);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(r->session->ends_at, f->now + 1800);
	assert_string_equal(r->session->started_by, "admin");
	netpont__envelope__free_unpacked(r, NULL);
	/* The agent got its lease, staff the seat. */
	Netpont__Envelope *lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_true(lease->lease_event->unlocked);
	assert_int_equal(lease->lease_event->session->ends_at, f->now + 1800);
	Netpont__Envelope *seat = find_event(f, NETPONT__ENVELOPE__BODY_SEAT_EVENT, 0);
	assert_non_null(seat);
	assert_int_equal(seat->seat_event->seat->state, NETPONT__SEAT_STATE__SEAT_STATE_IN_USE);
	clear_events(f);

	const char *tables[] = {"SELECT count(*) FROM sessions", "SELECT count(*) FROM residents",
	                        "SELECT count(*) FROM audit", "SELECT count(*) FROM ledger"};
	int64_t before[4];
	for (int i = 0; i < 4; i++)
		before[i] = count(f, tables[i]);

	expect_error(session_start(f, &f->admin, "PC-03", "nagyj", 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "PC-03 is already in use by Kovács Mária.");
	/* A guest on a busy seat: the guest account is not created either. */
	expect_error(session_start(f, &f->admin, "PC-03", NULL, 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT, "already in use");
	expect_error(session_start(f, &f->admin, "PC-09", "nagyj", 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "There is no seat called PC-09.");
	for (int i = 0; i < 4; i++)
		assert_int_equal(count(f, tables[i]), before[i]);
	assert_int_equal(f->n_events, 0); /* a refusal pushes nothing */

	/* Ending it charges the time through the money module: 10 min of a
	 * 30-minute block of 100 Ft. */
	f->now += 600;
	Netpont__SessionEnd se = NETPONT__SESSION_END__INIT;
	se.seat = "PC-03";
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SESSION_END, &se);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_string_equal(r->session->end_reason, "mentor");
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(count(f, "SELECT sum(amount) FROM ledger WHERE kind = 'charge'"), 100);
	Netpont__Envelope *ledger = find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, 0);
	assert_non_null(ledger);
	assert_int_equal(ledger->ledger_event->entry->amount, 100);
	lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_false(lease->lease_event->unlocked);
	assert_string_equal(lease->lease_event->reason, "mentor");

	/* A guest now gets guest-1 and the default 30 minutes. */
	r = session_start(f, &f->admin, "PC-03", NULL, 0);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_string_equal(r->session->resident_login, "guest-1");
	assert_true(r->session->guest);
	assert_int_equal(r->session->ends_at, f->now + 30 * 60);
	netpont__envelope__free_unpacked(r, NULL);
}

/* Enrols PC-03, adds kovacsm (PIN 1234) and signs PC-03's agent in. */
static gw_peer pc03_with_kovacsm(fixture *f)
{
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	return agent_hello(f, "PC-03", token);
}

static void test_wrong_pin_counts_down(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_with_kovacsm(f);

	Netpont__Envelope *r = agent_login(f, &agent, "kovacsm", "9999");
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(r->error->tries_left, 2);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN,
	             "Wrong PIN — 2 tries left. A mentor can reset it.");
	r = agent_login(f, &agent, "kovacsm", "9999");
	assert_int_equal(r->error->tries_left, 1);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, "1 try left");
	expect_error(agent_login(f, &agent, "kovacsm", "9999"),
	             NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT, "mentor");
	/* Locked out: even the right PIN is refused, and nothing started. */
	expect_error(agent_login(f, &agent, "kovacsm", "1234"),
	             NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT, NULL);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM signin_throttle WHERE kind = 'resident' "
	                          "AND locked_until > 0"),
	                 1);

	/* A mentor resets the PIN: the new one works, the count is cleared. */
	Netpont__ResidentUpdate u = NETPONT__RESIDENT_UPDATE__INIT;
	u.login = "kovacsm";
	u.pin = "4321";
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &u);
	expect_body(r, NETPONT__ENVELOPE__BODY_RESIDENT);
	assert_false(r->resident->locked_out);
	netpont__envelope__free_unpacked(r, NULL);
	r = agent_login(f, &agent, "kovacsm", "4321");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	/* A self-login gets the daily allowance: 60 minutes. */
	assert_int_equal(r->session->ends_at, f->now + 3600);
	assert_string_equal(r->session->started_by, "");
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(count(f, "SELECT failed_pins FROM residents"), 0);

	/* A short PIN is refused before anything is hashed. */
	u.pin = "12";
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &u),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "4 to 12 digits");
}

/* ------------------------------------------------------------ sign-in throttling */

/* A staff Hello from address ("192.0.2.7:4000"; "" for none); returns the
 * decoded reply (free it). */
static Netpont__Envelope *hello_from(fixture *f, const char *address, const char *user,
                                     const char *pw, gw_peer *peer)
{
	memset(peer, 0, sizeof *peer);
	snprintf(peer->address, sizeof peer->address, "%s", address);
	Netpont__Hello h;
	return run(f, peer, staff_hello_env(&h, user, pw), NULL);
}

/* n wrong passwords for user from address, each refused as a plain wrong
 * password. */
static void wrong_passwords(fixture *f, const char *address, const char *user, int n)
{
	gw_peer peer;
	for (int i = 0; i < n; i++)
		expect_error(hello_from(f, address, user, "wrong-guess", &peer),
		             NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
		             "The user name or the password is wrong.");
}

/* Four wrong passwords, then a fifth refused with sentence. */
static void lock_out(fixture *f, const char *address, const char *user, const char *sentence)
{
	gw_peer peer;
	wrong_passwords(f, address, user, 4);
	expect_error(hello_from(f, address, user, "wrong-guess", &peer),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH, sentence);
}

static void test_five_wrong_passwords_lock_the_account(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer peer;
	wrong_passwords(f, "", "dora", 4);
	bool close = false;
	Netpont__Hello h;
	memset(&peer, 0, sizeof peer);
	Netpont__Envelope *r = run(f, &peer, staff_hello_env(&h, "dora", "wrong-guess"), &close);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "Too many wrong passwords for dora: try again after 12:01.");
	assert_true(close);
	/* Locked: the right password is refused too, with the same sentence. */
	expect_error(hello_from(f, "", "dora", "password-1", &peer),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "Too many wrong passwords for dora: try again after 12:01.");
	assert_int_equal(peer.kind, GW_PEER_NONE);
	/* Once the minute is over, the right password works. */
	f->now += 60;
	gw_peer dora = sign_in(f, "dora", "password-1");
	assert_string_equal(dora.staff_name, "dora");
}

static void test_staff_lockouts_double(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	lock_out(f, "", "dora", "try again after 12:01.");
	f->now += 60;
	lock_out(f, "", "dora", "try again after 12:03.");
	f->now += 120;
	lock_out(f, "", "dora", "try again after 12:07.");
	/* The doubling stops at staff_lock_max_min. */
	expect_reply(setting_set(f, &f->admin, "staff_lock_max_min", "3"),
	             NETPONT__ENVELOPE__BODY_OK);
	f->now += 240;
	lock_out(f, "", "dora", "try again after 12:10.");
}

static void test_wrong_passwords_and_lockouts_are_audited(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer peer;
	wrong_passwords(f, "192.0.2.7:4000", "dora", 2);
	expect_error(hello_from(f, "192.0.2.7:4001", "dora-typo", "password-1", &peer),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "The user name or the password is wrong.");
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = "
	                          "'signin.wrong_password' AND detail = 'dora from 192.0.2.7'"),
	                 2);
	/* An unknown name may be a password typed in the wrong field. */
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = "
	                          "'signin.wrong_password' AND detail = 'an unknown name from "
	                          "192.0.2.7'"),
	                 1);
	wrong_passwords(f, "", "dora", 2);
	expect_error(hello_from(f, "", "dora", "wrong-guess", &peer),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "Too many wrong passwords for dora");
	assert_int_equal(
	    count(f, "SELECT count(*) FROM audit WHERE action = 'signin.lockout' AND detail = 'by "
	             "dora for 1 min'"),
	    1);
	/* Nor is a name stored as typed where the failures are counted. */
	assert_int_equal(count(f, "SELECT count(*) FROM signin_throttle WHERE subject LIKE "
	                          "'%dora%'"),
	                 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE detail LIKE '%wrong-guess%' "
	                          "OR detail LIKE '%dora-typo%' OR detail LIKE '%password-1%'"),
	                 0);
}

static void test_admin_lifts_a_staff_lockout(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	add_staff(f, "eva", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer eva = sign_in(f, "eva", "password-1");
	lock_out(f, "", "dora", "Too many wrong passwords for dora");

	Netpont__StaffUnlock m = NETPONT__STAFF_UNLOCK__INIT;
	m.name = "dora";
	expect_error(request(f, &eva, NETPONT__ENVELOPE__BODY_STAFF_UNLOCK, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can lift a sign-in lock-out.");
	m.name = "nobody";
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_STAFF_UNLOCK, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no staff member called nobody.");
	m.name = "dora";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_STAFF_UNLOCK, &m),
	             NETPONT__ENVELOPE__BODY_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'staff.unlock' AND "
	                          "detail = 'dora'"),
	                 1);
	sign_in(f, "dora", "password-1");
}

static void test_wrong_passwords_from_one_address_lock_it_for_every_account(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	add_staff(f, "eva", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer peer;
	wrong_passwords(f, "192.0.2.7:4000", "dora", 2);
	wrong_passwords(f, "192.0.2.7:4001", "eva", 2);
	expect_error(hello_from(f, "192.0.2.7:4002", "someone", "wrong-guess", &peer),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "Too many wrong passwords from 192.0.2.7: try again after 12:01.");
	/* Every account, even with its right password, from that address ... */
	expect_error(hello_from(f, "192.0.2.7:4003", FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD, &peer),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "Too many wrong passwords from 192.0.2.7");
	/* ... but not from another one. */
	expect_reply(hello_from(f, "192.0.2.8:4000", "dora", "password-1", &peer),
	             NETPONT__ENVELOPE__BODY_WELCOME);
}

static void test_throttle_settings_are_checked(void **state)
{
	fixture *f = *state;
	expect_error(setting_set(f, &f->admin, "staff_max_tries", "0"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "staff_max_tries must be a whole number from 1 to 100.");
	expect_error(setting_set(f, &f->admin, "pin_lock_min", "ten"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "pin_lock_min must be a whole number from 1 to 1440.");
	expect_error(setting_set(f, &f->admin, "staff_lock_min", "120"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "staff_lock_max_min (60) must not be less than staff_lock_min (120).");
	char value[16];
	assert_string_equal(fixture_query_text(f->store.db,
	                                       "SELECT value FROM settings WHERE key = "
	                                       "'seat_max_failed_logins'",
	                                       value, sizeof value),
	                    "10");
}

/* Shows resident login, asserting whether it is locked out. */
static void expect_locked_out(fixture *f, const char *login, bool locked)
{
	Netpont__ResidentShow m = NETPONT__RESIDENT_SHOW__INIT;
	m.login = (char *)login;
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_RESIDENT_DETAIL);
	assert_int_equal(r->resident_detail->resident->locked_out, locked);
	netpont__envelope__free_unpacked(r, NULL);
}

static void test_resident_lockouts_double_and_a_new_pin_lifts_them(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_with_kovacsm(f);
	for (int i = 0; i < 2; i++)
		expect_error(agent_login(f, &agent, "kovacsm", "9999"),
		             NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, NULL);
	expect_error(agent_login(f, &agent, "kovacsm", "9999"),
	             NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT,
	             "Too many wrong PINs for kovacsm: try again after 12:05, or ask a mentor to "
	             "reset the PIN.");
	expect_error(agent_login(f, &agent, "kovacsm", "1234"),
	             NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT, "try again after 12:05");
	expect_locked_out(f, "kovacsm", true);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'resident.lockout' "
	                          "AND detail = 'kovacsm at PC-03 for 5 min'"),
	                 1);

	/* Not for good: after five minutes the tries start again, and the next
	 * lock-out lasts ten. */
	f->now += 5 * 60;
	expect_locked_out(f, "kovacsm", false);
	Netpont__Envelope *r = agent_login(f, &agent, "kovacsm", "9999");
	assert_int_equal(r->error->tries_left, 2);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, NULL);
	expect_error(agent_login(f, &agent, "kovacsm", "9999"),
	             NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, NULL);
	expect_error(agent_login(f, &agent, "kovacsm", "9999"),
	             NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT, "try again after 12:15");

	/* A mentor's new PIN lifts the lock-out at once. */
	Netpont__ResidentUpdate u = NETPONT__RESIDENT_UPDATE__INIT;
	u.login = "kovacsm";
	u.pin = "4321";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &u),
	             NETPONT__ENVELOPE__BODY_RESIDENT);
	expect_locked_out(f, "kovacsm", false);
	expect_reply(agent_login(f, &agent, "kovacsm", "4321"), NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(count(f, "SELECT count(*) FROM signin_throttle WHERE kind = 'resident'"),
	                 0);
}

static void test_one_pc_cannot_lock_out_the_room(void **state)
{
	fixture *f = *state;
	char token3[65], token4[65];
	add_seat(f, "PC-03", token3);
	add_seat(f, "PC-04", token4);
	static const char *const logins[] = {"r1", "r2", "r3", "r4", "r5", "r6", "r7"};
	for (size_t i = 0; i < 7; i++)
		add_resident(f, logins[i], "Resident", "1234");
	gw_peer pc3 = agent_hello(f, "PC-03", token3);
	/* Eleven wrong PINs at one PC within five minutes, two per resident so
	 * that no one is locked out ... */
	for (int i = 0; i < 11; i++) {
		Netpont__Envelope *r = agent_login(f, &pc3, logins[i / 2], "9999");
		expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, NULL);
		f->now += 20;
	}
	/* ... pause that PC's logins for everyone, without counting against
	 * the residents who try there meanwhile. */
	expect_error(agent_login(f, &pc3, "r7", "1234"), NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT,
	             "Too many wrong PINs at PC-03: logins at this PC are paused until 12:09. "
	             "Please ask a mentor.");
	expect_error(agent_login(f, &pc3, "r6", "9999"), NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT,
	             "paused");
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'seat.paused' AND "
	                          "detail = 'PC-03 for 5 min'"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM signin_throttle WHERE kind = 'resident'"),
	                 0);
	/* Other PCs are not paused, and no resident is locked out. */
	gw_peer pc4 = agent_hello(f, "PC-04", token4);
	expect_reply(agent_login(f, &pc4, "r6", "1234"), NETPONT__ENVELOPE__BODY_SESSION);
	/* After the pause, the PC takes logins again. */
	f->now += 5 * 60;
	expect_reply(agent_login(f, &pc3, "r7", "1234"), NETPONT__ENVELOPE__BODY_SESSION);
}

static void test_seat_tokens_are_keyed_hashes(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-03", token);
	char hash[160];
	fixture_query_text(f->store.db, "SELECT token_hash FROM seats WHERE name = 'PC-03'", hash,
	                   sizeof hash);
	assert_int_equal(strncmp(hash, "blake2b-keyed$", 14), 0);
	assert_int_equal(strlen(hash), 14 + 64);
	agent_hello(f, "PC-03", token);
	gw_peer peer = {0};
	char wrong[65];
	snprintf(wrong, sizeof wrong, "%s", token);
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_agent_hello(&env, &h, "PC-03", wrong);
	expect_error(run(f, &peer, &env, NULL), NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "The token of seat PC-03 is wrong");

	/* A seat enrolled before migration 2 keeps its Argon2id hash working,
	 * and gets the fast form at its first good Hello. */
	char old[128], sql[400];
	assert_int_equal(gateway_hash_secret(token, true, old), 0);
	snprintf(sql, sizeof sql, "UPDATE seats SET token_hash = '%s' WHERE name = 'PC-03'", old);
	np_err err = {0};
	assert_int_equal(store_exec(f->store.db, sql, &err), 0);
	agent_hello(f, "PC-03", token);
	char again[160];
	fixture_query_text(f->store.db, "SELECT token_hash FROM seats WHERE name = 'PC-03'", again,
	                   sizeof again);
	assert_string_equal(again, hash);
}

/* A staff Hello asking for a language. */
static gw_peer sign_in_in(fixture *f, const char *user, const char *pw, const char *language)
{
	gw_peer peer = {0};
	Netpont__Hello h;
	Netpont__Envelope *env = staff_hello_env(&h, user, pw);
	h.language = (char *)language;
	Netpont__Envelope *r = run(f, &peer, env, NULL);
	expect_body(r, NETPONT__ENVELOPE__BODY_WELCOME);
	netpont__envelope__free_unpacked(r, NULL);
	return peer;
}

/* Begins a SessionEnd on a seat that does not exist; finished later. */
static gw_call *begin_end_unknown_seat(fixture *f, gw_peer *peer)
{
	Netpont__SessionEnd m = NETPONT__SESSION_END__INIT;
	m.seat = "PC-09";
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_SESSION_END;
	env.session_end = &m;
	return begin(f, peer, &env);
}

/* Each connection gets its refusals in the language its Hello asked for,
 * also when the requests of two connections interleave; English is the
 * default and the fallback. The language tests need the compiled catalogue
 * in the build tree (setup_i18n). */
static void test_each_connection_gets_its_own_language(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer hu = sign_in_in(f, "dora", "password-1", "hu");
	gw_peer en = sign_in_in(f, "dora", "password-1", "en");
	gw_peer none = sign_in_in(f, "dora", "password-1", "");
	gw_peer odd = sign_in_in(f, "dora", "password-1", "../../../tmp/x");
	assert_string_equal(hu.language, "hu");
	assert_string_equal(odd.language, "");

	/* Interleaved: both calls begin before either finishes. */
	gw_call *a = begin_end_unknown_seat(f, &hu);
	gw_call *b = begin_end_unknown_seat(f, &en);
	expect_error(finish(f, &en, b, NULL), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no seat called PC-09.");
	expect_error(finish(f, &hu, a, NULL), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "Nincs PC-09 nevű gép.");
	expect_error(finish(f, &none, begin_end_unknown_seat(f, &none), NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "There is no seat called PC-09.");
	expect_error(finish(f, &odd, begin_end_unknown_seat(f, &odd), NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "There is no seat called PC-09.");
}

/* A refusal found while the request runs, and a role refusal. */
static void test_refusals_while_running_and_for_the_role_are_translated(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer hu = sign_in_in(f, "dora", "password-1", "hu");
	gw_peer en = sign_in_in(f, "dora", "password-1", "en");
	char token[65];
	add_seat(f, "PC-03", token);
	expect_error(session_start(f, &hu, "PC-03", "nobody", 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "Nincs nobody felhasználónevű lakó.");
	Netpont__SeatAdd sa = NETPONT__SEAT_ADD__INIT;
	sa.name = "PC-04";
	expect_error(request(f, &hu, NETPONT__ENVELOPE__BODY_SEAT_ADD, &sa),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Gépet csak rendszergazda vehet fel.");
	expect_error(request(f, &en, NETPONT__ENVELOPE__BODY_SEAT_ADD, &sa),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can enrol a PC.");
}

/* A refused Hello is worded in the Hello's own language. */
static void test_refused_hello_is_worded_in_its_own_language(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer fresh = {0};
	Netpont__Hello h;
	Netpont__Envelope *hello = staff_hello_env(&h, "dora", "wrong-password");
	h.language = "hu";
	bool close = false;
	expect_error(run(f, &fresh, hello, &close), NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "Hibás a felhasználónév vagy a jelszó.");
	assert_true(close);
}

/* Plural forms: an agent asking for Hungarian counts the tries down in
 * Hungarian (the PIN sentences reach residents). */
static void test_pin_tries_count_down_in_the_agents_language(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	gw_peer agent = {0};
	Netpont__Hello ah;
	Netpont__Envelope aenv;
	fixture_agent_hello(&aenv, &ah, "PC-03", token);
	ah.language = "hu";
	expect_reply(run(f, &agent, &aenv, NULL), NETPONT__ENVELOPE__BODY_WELCOME);
	Netpont__Envelope *r = agent_login(f, &agent, "kovacsm", "9999");
	assert_int_equal(r->error->tries_left, 2);
	expect_error(r, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN,
	             "Hibás PIN-kód — még 2 próbálkozás maradt. Egy mentor új PIN-kódot adhat.");
	expect_error(agent_login(f, &agent, "kovacsm", "9999"),
	             NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, "még 1 próbálkozás maradt");
	expect_error(agent_login(f, &agent, "kovacsm", "9999"),
	             NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT,
	             "Túl sok hibás PIN-kód (kovacsm): próbálja újra 12:05 után");
}

/* Between requests the server speaks English again (the log, the
 * --init-admin messages), also right after a Hungarian refusal. */
static void test_server_speaks_english_between_requests(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer hu = sign_in_in(f, "dora", "password-1", "hu");
	expect_error(finish(f, &hu, begin_end_unknown_seat(f, &hu), NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "Nincs PC-09 nevű gép.");
	np_err err = {0};
	assert_int_equal(gateway_init_admin(f->store.db, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD,
	                                    true, f->now, &err),
	                 -1);
	assert_string_equal(err.message,
	                    "There is already a staff member called admin; nothing was changed.");
}

static void test_restart_resumes_sessions(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	add_seat(f, "PC-02", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	add_resident(f, "nagyj", "Nagy János", "5678");
	int64_t start = f->now;
	Netpont__Envelope *r = session_start(f, &f->admin, "PC-01", "kovacsm", 600);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
	r = session_start(f, &f->admin, "PC-02", "nagyj", 3600);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(gateway_next_deadline(f->gw), start + 600);

	/* The server stops; twenty minutes later it starts again on the same
	 * file. */
	gateway_free(f->gw);
	store_db_close(f->store.db);
	np_err err = {0};
	assert_int_equal(store_db_open(f->store.path, false, &f->store.db, &err), 0);
	f->now = start + 1200;
	create_gateway(f);
	clear_events(f);
	assert_int_equal(gateway_expire(f->gw), 1);
	/* The first ended at its lease, not at the restart. */
	assert_int_equal(count(f, "SELECT ended_at - started_at FROM sessions WHERE seat_id = 1"),
	                 600);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'time_up'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 1);
	/* Charged once, for 10 minutes: one block. */
	assert_int_equal(count(f, "SELECT count(*) FROM ledger WHERE session_id = 1"), 1);
	Netpont__Envelope *lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_string_equal(lease->lease_event->reason, "time_up");
	/* The other goes on; the timer aims at its end. */
	assert_int_equal(gateway_next_deadline(f->gw), start + 3600);
	assert_int_equal(gateway_expire(f->gw), 0);

	/* The agent of PC-02 reconnects and syncs: it gets the truth. */
	gw_peer agent = agent_hello(f, "PC-02", token);
	Netpont__AgentSync sync = NETPONT__AGENT_SYNC__INIT;
	r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_SYNC, &sync);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_true(r->lease_event->unlocked);
	assert_int_equal(r->lease_event->session->ends_at, start + 3600);
	assert_int_equal(r->lease_event->session->remaining_s, 2400);
	netpont__envelope__free_unpacked(r, NULL);

	/* At its end the timer's call ends it. */
	f->now = start + 3600;
	assert_int_equal(gateway_expire(f->gw), 1);
	assert_int_equal(gateway_next_deadline(f->gw), 0);
}

static void test_help_calls(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	clear_events(f);
	Netpont__AgentHelp h = NETPONT__AGENT_HELP__INIT;
	h.text = "Where do I upload my CV?";
	Netpont__Envelope *r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	int64_t id = r->help_call->id;
	assert_int_equal(r->help_call->state, NETPONT__HELP_STATE__HELP_STATE_OPEN);
	netpont__envelope__free_unpacked(r, NULL);
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 0));
	clear_events(f);
	/* A second press returns the same call and raises nothing new. */
	r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	assert_int_equal(r->help_call->id, id);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(f->n_events, 0);

	f->now += 90;
	Netpont__HelpAck ack = NETPONT__HELP_ACK__INIT;
	ack.id = id;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_HELP_ACK, &ack);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	assert_string_equal(r->help_call->acknowledged_by, "admin");
	netpont__envelope__free_unpacked(r, NULL);
	/* Both staff and the PC hear who is coming. */
	Netpont__Envelope *to_pc = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 1);
	assert_non_null(to_pc);
	assert_string_equal(to_pc->help_event->call->acknowledged_by, "admin");
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 0));

	ack.id = 999;
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_HELP_ACK, &ack),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "no help call number 999");

	/* The report counts it with its wait. */
	char day[16];
	time_t t = (time_t)f->now;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	Netpont__ReportHelp rh = NETPONT__REPORT_HELP__INIT;
	rh.from = day;
	rh.to = day;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_REPORT_HELP, &rh);
	expect_body(r, NETPONT__ENVELOPE__BODY_REPORT_HELP_REPLY);
	assert_int_equal(r->report_help_reply->calls, 1);
	assert_int_equal(r->report_help_reply->answered, 1);
	assert_int_equal(r->report_help_reply->longest_wait_s, 90);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The cast of the money tests: PC-03 with its agent connected, Mrs Kovács,
 * Dóra (mentor) and Erzsi (treasurer), signed in; no events pending. */
typedef struct money_cast {
	gw_peer mentor, treasurer, agent;
} money_cast;

static void money_cast_enter(fixture *f, money_cast *m)
{
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	add_staff(f, "erzsi", NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER);
	m->mentor = sign_in(f, "dora", "password-1");
	m->treasurer = sign_in(f, "erzsi", "password-1");
	m->agent = agent_hello(f, "PC-03", token);
	clear_events(f);
}

static Netpont__Envelope *shift_start(fixture *f, gw_peer *peer, int64_t cash_float)
{
	Netpont__ShiftStart m = NETPONT__SHIFT_START__INIT;
	m.cash_float = cash_float;
	return request(f, peer, NETPONT__ENVELOPE__BODY_SHIFT_START, &m);
}

static Netpont__Envelope *shift_end(fixture *f, gw_peer *peer, int64_t counted)
{
	Netpont__ShiftEnd m = NETPONT__SHIFT_END__INIT;
	m.counted = counted;
	return request(f, peer, NETPONT__ENVELOPE__BODY_SHIFT_END, &m);
}

/* qty copies for Mrs Kovács. */
static Netpont__Envelope *charge_copies(fixture *f, gw_peer *peer, int32_t qty)
{
	Netpont__ChargeAdd m = NETPONT__CHARGE_ADD__INIT;
	m.resident_login = "kovacsm";
	m.service = "copy";
	m.qty = qty;
	return request(f, peer, NETPONT__ENVELOPE__BODY_CHARGE_ADD, &m);
}

/* A two-page print the agent reports for session_id. */
static Netpont__Envelope *print_at_pc(fixture *f, gw_peer *agent, int64_t session_id)
{
	Netpont__AgentPrint m = NETPONT__AGENT_PRINT__INIT;
	m.job_key = "pdf/1/1700000000";
	m.printer = "pdf";
	m.pages = 2;
	m.copies = 1;
	m.session_id = session_id;
	m.completed_at = f->now;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_PRINT, &m);
}

/* Mrs Kovács pays amount in cash. */
static Netpont__Envelope *pay(fixture *f, gw_peer *peer, int64_t amount)
{
	Netpont__Pay m = NETPONT__PAY__INIT;
	m.resident_login = "kovacsm";
	m.amount = amount;
	return request(f, peer, NETPONT__ENVELOPE__BODY_PAY, &m);
}

static Netpont__Envelope *ledger_reverse(fixture *f, gw_peer *peer, int64_t entry_id)
{
	Netpont__LedgerReverse m = NETPONT__LEDGER_REVERSE__INIT;
	m.entry_id = entry_id;
	m.note = "counted twice";
	return request(f, peer, NETPONT__ENVELOPE__BODY_LEDGER_REVERSE, &m);
}

/* Scanning at 60 a page. */
static Netpont__Envelope *tariff_set_scan(fixture *f, gw_peer *peer)
{
	Netpont__Tariff t = NETPONT__TARIFF__INIT;
	t.service = "scan";
	t.price = 60;
	Netpont__TariffSet m = NETPONT__TARIFF_SET__INIT;
	m.tariff = &t;
	return request(f, peer, NETPONT__ENVELOPE__BODY_TARIFF_SET, &m);
}

/* Logs Mrs Kovács in at PC-03; returns her session's id. */
static int64_t money_login(fixture *f, money_cast *m)
{
	Netpont__Envelope *r = agent_login(f, &m->agent, "kovacsm", "1234");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	int64_t id = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);
	return id;
}

/* Mrs Kovács comes to owe 120: four copies (80), then a two-page print
 * (40) from PC-03 during a session. */
static void money_owe_120(fixture *f, money_cast *m)
{
	expect_reply(charge_copies(f, &m->mentor, 4), NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	expect_reply(print_at_pc(f, &m->agent, money_login(f, m)),
	             NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
}

/* She pays the 120 to Dóra; returns the payment's ledger id. */
static int64_t money_pay_120(fixture *f, money_cast *m)
{
	Netpont__Envelope *r = pay(f, &m->mentor, 120);
	expect_body(r, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	int64_t id = r->pay_reply->entry->id;
	netpont__envelope__free_unpacked(r, NULL);
	return id;
}

/* Dóra starts her shift: a ShiftEvent for the consoles. */
static void test_shift_start_is_announced(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	Netpont__Envelope *r = shift_start(f, &m.mentor, 5000);
	expect_body(r, NETPONT__ENVELOPE__BODY_SHIFT_REPLY);
	assert_int_equal(r->shift_reply->shift->cash_float, 5000);
	netpont__envelope__free_unpacked(r, NULL);
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_SHIFT_EVENT, 0));
}

static void test_charge_is_announced_to_staff(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	Netpont__Envelope *r = charge_copies(f, &m.mentor, 4);
	expect_body(r, NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	assert_int_equal(r->charge_added->due, 80);
	netpont__envelope__free_unpacked(r, NULL);
	Netpont__Envelope *ev = find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, 0);
	assert_non_null(ev);
	assert_int_equal(ev->ledger_event->entry->amount, 80);
}

/* The treasurer does not take charges. */
static void test_treasurer_cannot_add_a_charge(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_error(charge_copies(f, &m.treasurer, 4), NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only a mentor or an administrator can add a charge.");
}

/* A print from the PC during a session: charged once. */
static void test_print_from_a_session_is_charged_once(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	int64_t session_id = money_login(f, &m);
	Netpont__Envelope *r = print_at_pc(f, &m.agent, session_id);
	expect_body(r, NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	assert_int_equal(r->agent_print_reply->amount, 40);
	assert_false(r->agent_print_reply->duplicate);
	netpont__envelope__free_unpacked(r, NULL);
	r = print_at_pc(f, &m.agent, session_id);
	expect_body(r, NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	assert_true(r->agent_print_reply->duplicate);
	netpont__envelope__free_unpacked(r, NULL);
}

/* A quote at the PC is at her category's price. */
static void test_print_quote_is_at_the_category_price(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_login(f, &m);
	Netpont__PrintQuote pq = NETPONT__PRINT_QUOTE__INIT;
	pq.pages = 4;
	pq.copies = 1;
	Netpont__Envelope *r = request(f, &m.agent, NETPONT__ENVELOPE__BODY_PRINT_QUOTE, &pq);
	expect_body(r, NETPONT__ENVELOPE__BODY_PRINT_QUOTE_REPLY);
	assert_int_equal(r->print_quote_reply->amount, 80);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The bill, then cash: 80 + 40 = 120. */
static void test_cash_payment_settles_the_bill(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_owe_120(f, &m);
	Netpont__Bill b = NETPONT__BILL__INIT;
	b.resident_login = "kovacsm";
	Netpont__Envelope *r = request(f, &m.treasurer, NETPONT__ENVELOPE__BODY_BILL, &b);
	expect_body(r, NETPONT__ENVELOPE__BODY_BILL_REPLY);
	assert_int_equal(r->bill_reply->due, 120);
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);
	r = pay(f, &m.mentor, 120);
	expect_body(r, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	assert_int_equal(r->pay_reply->due, 0);
	netpont__envelope__free_unpacked(r, NULL);
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, 0));
}

/* The entry and the due of a PayReply or a ChargeAdded. */
static void ledger_reply(const Netpont__Envelope *r, int64_t *entry_id, int64_t *due)
{
	if (r->body_case == NETPONT__ENVELOPE__BODY_PAY_REPLY) {
		*entry_id = r->pay_reply->entry->id;
		*due = r->pay_reply->due;
	} else {
		expect_body((Netpont__Envelope *)r, NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
		*entry_id = r->charge_added->entry->id;
		*due = r->charge_added->due;
	}
}

/* Sends msg, a request of body carrying a request key, then again as the
 * retry after a lost reply: the retry gets the first entry and due back,
 * and nothing is written, announced or audited twice. Then *number (a
 * field of msg) becomes other: the same key with another request is
 * refused and writes nothing. */
static void expect_retry_returns_the_first(fixture *f, gw_peer *peer,
                                           Netpont__Envelope__BodyCase body, void *msg,
                                           int64_t *number, int64_t other)
{
	int64_t first, first_due, again, again_due;
	Netpont__Envelope *r = request(f, peer, body, msg);
	ledger_reply(r, &first, &first_due);
	netpont__envelope__free_unpacked(r, NULL);
	int64_t rows = count(f, "SELECT count(*) FROM ledger");
	int64_t audits = count(f, "SELECT count(*) FROM audit");
	clear_events(f);
	r = request(f, peer, body, msg);
	ledger_reply(r, &again, &again_due);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(again, first);
	assert_int_equal(again_due, first_due);
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_LEDGER_EVENT, 0));
	assert_int_equal(count(f, "SELECT count(*) FROM ledger"), rows);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
	*number = other;
	expect_error(request(f, peer, body, msg), NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "was used for another payment or charge");
	assert_int_equal(count(f, "SELECT count(*) FROM ledger"), rows);
}

/* A payment whose reply was lost is sent again with its request key: it is
 * paid once; the same key with another amount is refused. */
static void test_payment_retried_with_its_request_key_pays_once(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_owe_120(f, &m);
	Netpont__Pay p = NETPONT__PAY__INIT;
	p.resident_login = "kovacsm";
	p.amount = 100;
	p.request_key = "5f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5";
	expect_retry_returns_the_first(f, &m.mentor, NETPONT__ENVELOPE__BODY_PAY, &p, &p.amount,
	                               20);
}

/* The same for an office charge. */
static void test_charge_retried_with_its_request_key_charges_once(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	Netpont__ChargeAdd c = NETPONT__CHARGE_ADD__INIT;
	c.resident_login = "kovacsm";
	c.service = "copy";
	c.qty = 2;
	c.request_key = "00112233445566778899aabbccddeeff";
	expect_retry_returns_the_first(f, &m.mentor, NETPONT__ENVELOPE__BODY_CHARGE_ADD, &c, &c.qty,
	                               3);
}

/* Paying more than is owed leaves a credit, never a negative due. */
static void test_paying_more_than_owed_leaves_a_credit(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_owe_120(f, &m);
	Netpont__Envelope *r = pay(f, &m.mentor, 200);
	expect_body(r, NETPONT__ENVELOPE__BODY_PAY_REPLY);
	assert_int_equal(r->pay_reply->due, 0);
	assert_int_equal(r->pay_reply->credit, 80);
	netpont__envelope__free_unpacked(r, NULL);
	Netpont__Bill b = NETPONT__BILL__INIT;
	b.resident_login = "kovacsm";
	r = request(f, &m.mentor, NETPONT__ENVELOPE__BODY_BILL, &b);
	expect_body(r, NETPONT__ENVELOPE__BODY_BILL_REPLY);
	assert_int_equal(r->bill_reply->due, 0);
	assert_int_equal(r->bill_reply->credit, 80);
	netpont__envelope__free_unpacked(r, NULL);
}

/* A refund with no shift open is refused and changes nothing. */
static void test_refund_without_a_shift_changes_nothing(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_owe_120(f, &m);
	expect_reply(pay(f, &m.mentor, 200), NETPONT__ENVELOPE__BODY_PAY_REPLY);
	int64_t rows = count(f, "SELECT count(*) FROM ledger");
	Netpont__Pay p = NETPONT__PAY__INIT;
	p.resident_login = "kovacsm";
	p.amount = 50;
	p.method = "refund";
	p.note = "moving away";
	expect_error(request(f, &m.mentor, NETPONT__ENVELOPE__BODY_PAY, &p),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT, "start your shift");
	assert_int_equal(count(f, "SELECT count(*) FROM ledger"), rows);
}

/* A mentor takes back their own charge of the last minutes. */
static void test_mentor_reverses_own_recent_charge(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_reply(charge_copies(f, &m.mentor, 4), NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	int64_t charge = count(f, "SELECT MAX(id) FROM ledger WHERE kind = 'charge'");
	Netpont__Envelope *r = ledger_reverse(f, &m.mentor, charge);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY);
	assert_int_equal(r->ledger_reverse_reply->entry->reverses_id, charge);
	netpont__envelope__free_unpacked(r, NULL);
}

/* Only the treasurer or an admin reverses. */
static void test_only_the_books_reverse_a_payment(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_owe_120(f, &m);
	int64_t payment = money_pay_120(f, &m);
	expect_error(ledger_reverse(f, &m.mentor, payment),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, "treasurer");
	Netpont__Envelope *r = ledger_reverse(f, &m.treasurer, payment);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY);
	assert_int_equal(r->ledger_reverse_reply->entry->reverses_id, payment);
	netpont__envelope__free_unpacked(r, NULL);
}

/* Tariffs: everyone reads, only the admin sets. */
static void test_tariffs_are_read_by_all_and_set_by_the_admin(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_error(tariff_set_scan(f, &m.mentor), NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can set a tariff.");
	expect_reply(tariff_set_scan(f, &f->admin), NETPONT__ENVELOPE__BODY_OK);
	Netpont__TariffList tl = NETPONT__TARIFF_LIST__INIT;
	Netpont__Envelope *r = request(f, &m.mentor, NETPONT__ENVELOPE__BODY_TARIFF_LIST, &tl);
	expect_body(r, NETPONT__ENVELOPE__BODY_TARIFF_LIST_REPLY);
	assert_true(r->tariff_list_reply->n_tariffs >= 5);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The resident's detail lists the session and the ledger rows. */
static void test_resident_detail_lists_sessions_and_ledger(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	money_owe_120(f, &m);
	expect_reply(ledger_reverse(f, &m.treasurer, money_pay_120(f, &m)),
	             NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY);
	Netpont__ResidentShow rs = NETPONT__RESIDENT_SHOW__INIT;
	rs.login = "kovacsm";
	Netpont__Envelope *r = request(f, &m.treasurer, NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, &rs);
	expect_body(r, NETPONT__ENVELOPE__BODY_RESIDENT_DETAIL);
	assert_int_equal(r->resident_detail->n_sessions, 1);
	assert_int_equal(r->resident_detail->n_ledger, 4); /* copies, print, payment, reversal */
	assert_int_equal(r->resident_detail->resident->balance_due, 120);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The shift ends: float + nothing (the cash payment was reversed). */
static void test_shift_end_expects_the_float_after_a_reversed_payment(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_reply(shift_start(f, &m.mentor, 5000), NETPONT__ENVELOPE__BODY_SHIFT_REPLY);
	money_owe_120(f, &m);
	expect_reply(ledger_reverse(f, &m.treasurer, money_pay_120(f, &m)),
	             NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY);
	Netpont__Envelope *r = shift_end(f, &m.mentor, 5000);
	expect_body(r, NETPONT__ENVELOPE__BODY_SHIFT_REPLY);
	assert_int_equal(r->shift_reply->shift->expected, 5000);
	assert_int_equal(r->shift_reply->shift->difference, 0);
	netpont__envelope__free_unpacked(r, NULL);
}

/* Every staff action on the money is in the audit log. */
static void test_money_actions_are_audited(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_reply(shift_start(f, &m.mentor, 5000), NETPONT__ENVELOPE__BODY_SHIFT_REPLY);
	money_owe_120(f, &m);
	expect_reply(ledger_reverse(f, &m.treasurer, money_pay_120(f, &m)),
	             NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY);
	expect_reply(tariff_set_scan(f, &f->admin), NETPONT__ENVELOPE__BODY_OK);
	expect_reply(shift_end(f, &m.mentor, 5000), NETPONT__ENVELOPE__BODY_SHIFT_REPLY);
	assert_true(count(f, "SELECT count(*) FROM audit WHERE action IN ('shift.start', "
	                     "'charge.add', 'pay', 'ledger.reverse', 'tariff.set', "
	                     "'shift.end')") == 6);
}

/* ------------------------------------------------------------ audit log */

/* An AuditList with the given filters (NULL: none). */
static Netpont__Envelope *audit_list(fixture *f, gw_peer *peer, const char *from, const char *to,
                                     const char *user, const char *action)
{
	Netpont__AuditList m = NETPONT__AUDIT_LIST__INIT;
	m.from = (char *)(from ? from : "");
	m.to = (char *)(to ? to : "");
	m.user = (char *)(user ? user : "");
	m.action = (char *)(action ? action : "");
	return request(f, peer, NETPONT__ENVELOPE__BODY_AUDIT_LIST, &m);
}

/* The rows of an AuditListReply, checked and freed: returns how many. */
static size_t audit_rows(Netpont__Envelope *r)
{
	expect_body(r, NETPONT__ENVELOPE__BODY_AUDIT_LIST_REPLY);
	size_t n = r->audit_list_reply->n_rows;
	netpont__envelope__free_unpacked(r, NULL);
	return n;
}

static void test_audit_list_is_read_by_the_admin_and_the_treasurer(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	f->now += 60;
	expect_reply(charge_copies(f, &m.mentor, 2), NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	Netpont__Envelope *r = audit_list(f, &f->admin, NULL, NULL, NULL, NULL);
	expect_body(r, NETPONT__ENVELOPE__BODY_AUDIT_LIST_REPLY);
	/* Newest first, with the staff member's name. */
	Netpont__AuditRow *row = r->audit_list_reply->rows[0];
	assert_string_equal(row->action, "charge.add");
	assert_string_equal(row->staff, "dora");
	assert_true(strstr(row->detail, "kovacsm") != NULL);
	assert_int_equal(row->at, f->now);
	assert_int_equal((int64_t)r->audit_list_reply->n_rows,
	                 count(f, "SELECT count(*) FROM audit"));
	netpont__envelope__free_unpacked(r, NULL);
	assert_true(audit_rows(audit_list(f, &m.treasurer, NULL, NULL, NULL, NULL)) > 0);
}

static void test_audit_list_is_refused_to_mentors_and_agents(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_error(audit_list(f, &m.mentor, NULL, NULL, NULL, NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only the treasurer or an administrator can read the audit log.");
	Netpont__Envelope *r = audit_list(f, &m.agent, NULL, NULL, NULL, NULL);
	assert_int_equal(r->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	netpont__envelope__free_unpacked(r, NULL);
}

static void test_audit_list_filters_by_user_action_and_dates(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m); /* 2024-03-12 */
	f->now += 86400;         /* 2024-03-13 */
	expect_reply(charge_copies(f, &m.mentor, 2), NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	f->now += 86400; /* 2024-03-14 */
	expect_reply(charge_copies(f, &m.mentor, 3), NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	assert_int_equal(audit_rows(audit_list(f, &f->admin, NULL, NULL, "dora", NULL)),
	                 count(f, "SELECT count(*) FROM audit a JOIN staff s ON s.id = a.staff_id "
	                          "WHERE s.name = 'dora'"));
	assert_int_equal(audit_rows(audit_list(f, &f->admin, NULL, NULL, NULL, "charge.add")), 2);
	assert_int_equal(
	    audit_rows(audit_list(f, &f->admin, "2024-03-13", "2024-03-13", NULL, "charge.add")),
	    1);
	assert_int_equal(audit_rows(audit_list(f, &f->admin, "2024-03-13", NULL, NULL, NULL)), 2);
	assert_int_equal(audit_rows(audit_list(f, &f->admin, NULL, "2024-03-12", NULL, NULL)),
	                 count(f, "SELECT count(*) FROM audit") - 2);
	assert_int_equal(audit_rows(audit_list(f, &f->admin, NULL, NULL, "erzsi", "charge.add")),
	                 0);
}

static void test_audit_list_refuses_bad_filters(void **state)
{
	fixture *f = *state;
	expect_error(audit_list(f, &f->admin, "13/03/2024", NULL, NULL, NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "The from date must look like 2024-03-31.");
	expect_error(audit_list(f, &f->admin, "2024-03-14", "2024-03-13", NULL, NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "The from date must not be after the to date.");
	expect_error(audit_list(f, &f->admin, NULL, NULL, "nobody", NULL),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no staff member called nobody.");
}

/* Like the ledger, the audit log cannot be changed after the fact, not even
 * with SQL on the database file. */
static void test_audit_rows_cannot_be_changed_or_removed(void **state)
{
	fixture *f = *state;
	int64_t rows = count(f, "SELECT count(*) FROM audit");
	assert_true(rows > 0);
	np_err err = {0};
	assert_int_equal(store_exec(f->store.db, "UPDATE audit SET detail = 'nothing'", &err), -1);
	assert_int_equal(store_exec(f->store.db, "DELETE FROM audit", &err), -1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), rows);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE detail = 'nothing'"), 0);
}

/* Resetting a PIN and looking at a resident's data are on record. */
static void test_pin_resets_and_resident_views_are_audited(void **state)
{
	fixture *f = *state;
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	Netpont__ResidentUpdate u = NETPONT__RESIDENT_UPDATE__INIT;
	u.login = "kovacsm";
	u.pin = "8642";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &u),
	             NETPONT__ENVELOPE__BODY_RESIDENT);
	Netpont__ResidentShow rs = NETPONT__RESIDENT_SHOW__INIT;
	rs.login = "kovacsm";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, &rs),
	             NETPONT__ENVELOPE__BODY_RESIDENT_DETAIL);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'resident.update' "
	                          "AND detail = 'kovacsm pin'"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'resident.show' "
	                          "AND detail = 'kovacsm'"),
	                 1);
}

/* Passwords, PINs and seat tokens pass through audited requests, but no
 * detail ever holds one. */
static void test_audit_never_holds_a_secret(void **state)
{
	fixture *f = *state;
	char token[65], sql[256];
	add_seat(f, "PC-07", token);
	add_resident(f, "nagyj", "Nagy János", "97531");
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR); /* "password-1" */
	gw_peer dora = sign_in(f, "dora", "password-1");
	Netpont__StaffSetPassword sp = NETPONT__STAFF_SET_PASSWORD__INIT;
	sp.password = "another-secret-9";
	expect_reply(request(f, &dora, NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD, &sp),
	             NETPONT__ENVELOPE__BODY_OK);
	Netpont__ResidentUpdate u = NETPONT__RESIDENT_UPDATE__INIT;
	u.login = "nagyj";
	u.pin = "86420";
	expect_reply(request(f, &dora, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &u),
	             NETPONT__ENVELOPE__BODY_RESIDENT);
	gw_peer agent = agent_hello(f, "PC-07", token);
	expect_reply(agent_login(f, &agent, "nagyj", "86420"), NETPONT__ENVELOPE__BODY_SESSION);
	const char *secrets[] = {
	    token, "97531", "86420", "password-1", "another-secret-9", FIXTURE_ADMIN_PASSWORD};
	assert_true(count(f, "SELECT count(*) FROM audit") >= 6);
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		snprintf(
		    sql, sizeof sql,
		    "SELECT count(*) FROM audit WHERE instr(detail, '%s') OR instr(action, '%s')",
		    secrets[i], secrets[i]);
		if (count(f, sql) != 0)
			fail_msg("the audit log holds the secret %s", secrets[i]);
	}
}

/* Closing time after a restart: many sessions end in one call, each charged
 * and each agent told. */
static void test_many_sessions_end_at_once(void **state)
{
	fixture *f = *state;
	enum { N = 12 };
	char token[65], seat[16], login[16];
	for (int i = 0; i < N; i++) {
		snprintf(seat, sizeof seat, "PC-%02d", i + 1);
		snprintf(login, sizeof login, "res%02d", i + 1);
		add_seat(f, seat, token);
		add_resident(f, login, "Resident", "1234");
		Netpont__Envelope *r = session_start(f, &f->admin, seat, login, 600 + i);
		expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
		netpont__envelope__free_unpacked(r, NULL);
	}
	clear_events(f);
	f->now += 3600;
	assert_int_equal(gateway_expire(f->gw), N);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'time_up'"), N);
	assert_int_equal(count(f, "SELECT count(*) FROM ledger WHERE kind = 'charge'"), N);
	size_t leases = 0, ledger = 0;
	for (size_t i = 0; i < f->n_events; i++) {
		leases += f->events[i].env->body_case == NETPONT__ENVELOPE__BODY_LEASE_EVENT;
		ledger += f->events[i].env->body_case == NETPONT__ENVELOPE__BODY_LEDGER_EVENT;
	}
	assert_int_equal(leases, N);
	assert_int_equal(ledger, N);
	assert_int_equal(gateway_next_deadline(f->gw), 0);
}

/* ------------------------------------------------------------ what the PC's screens need */

/* Puts a resident into a fee category, as an administrator would. */
static void set_category(fixture *f, const char *login, const char *category)
{
	char sql[256];
	snprintf(sql, sizeof sql,
	         "UPDATE residents SET category_id = (SELECT id FROM categories WHERE name = "
	         "'%s') WHERE login = '%s'",
	         category, login);
	np_err err = {0};
	assert_int_equal(store_exec(f->store.db, sql, &err), 0);
}

/* The running session's SessionInfo says what it costs so far: blocks of
 * the internet tariff at the resident's share, and the prints charged to
 * it; wherever it reaches the PC (the login's reply, a sync's lease). */
static void test_session_info_tells_the_pc_what_the_session_costs(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	Netpont__Envelope *r = agent_login(f, &m.agent, "kovacsm", "1234");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	int64_t session_id = r->session->id;
	assert_int_equal(r->session->block_s, 30 * 60); /* the seed: 100 per 30 minutes */
	assert_int_equal(r->session->block_price, 100);
	assert_int_equal(r->session->prints_charged, 0);
	netpont__envelope__free_unpacked(r, NULL);

	/* A two-page print (40), and her category becomes "reduced" (50 %). */
	expect_reply(print_at_pc(f, &m.agent, session_id),
	             NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY);
	set_category(f, "kovacsm", "reduced");
	r = agent_sync(f, &m.agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_non_null(r->lease_event->session);
	assert_int_equal(r->lease_event->session->block_s, 30 * 60);
	assert_int_equal(r->lease_event->session->block_price, 50);
	assert_int_equal(r->lease_event->session->prints_charged, 40);
	netpont__envelope__free_unpacked(r, NULL);

	/* An exempt resident's time is free: block_s 0. */
	set_category(f, "kovacsm", "exempt");
	r = agent_sync(f, &m.agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_int_equal(r->lease_event->session->block_s, 0);
	assert_int_equal(r->lease_event->session->block_price, 0);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The PC learns the opening hours in its Welcome and with every lease, so
 * that a change of the settings reaches it as close_time does. */
static void test_opening_hours_reach_agent(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	set_setting(f, "open_time", "09:30");
	set_setting(f, "open_days", "12345");
	gw_peer agent = {0};
	Netpont__Envelope *r = agent_welcome(f, &agent, "PC-01", token);
	assert_string_equal(r->welcome->open_time, "09:30");
	assert_string_equal(r->welcome->open_days, "12345");
	netpont__envelope__free_unpacked(r, NULL);

	set_setting(f, "open_time", "08:00");
	set_setting(f, "open_days", "1234567");
	r = agent_sync(f, &agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_string_equal(r->lease_event->open_time, "08:00");
	assert_string_equal(r->lease_event->open_days, "1234567");
	netpont__envelope__free_unpacked(r, NULL);
}

/* Lists, reports and quotes run in a read transaction; anything that
 * writes a row (an audit row of a resident's file being read, a setting)
 * keeps the write transaction. A read-only request leaves the database's
 * change count where it was (a Debug build asserts that for every such
 * request the tests make). */
static void test_read_only_requests_write_nothing(void **state)
{
	fixture *f = *state;
	assert_true(gateway_request_read_only(NETPONT__ENVELOPE__BODY_SEAT_LIST));
	assert_true(gateway_request_read_only(NETPONT__ENVELOPE__BODY_REPORT_TOTALS));
	assert_false(gateway_request_read_only(NETPONT__ENVELOPE__BODY_RESIDENT_SHOW));
	assert_false(gateway_request_read_only(NETPONT__ENVELOPE__BODY_SETTING_SET));
	assert_false(gateway_request_read_only(NETPONT__ENVELOPE__BODY_HELLO));
	assert_false(gateway_request_read_only(NETPONT__ENVELOPE__BODY__NOT_SET));
	char token[65];
	add_seat(f, "PC-01", token);
	int64_t before = store_total_changes(f->store.db);
	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_LIST, &sl),
	             NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY);
	assert_int_equal(store_total_changes(f->store.db), before);
	assert_false(store_in_transaction(f->store.db));
}

/* A booking added or cancelled reaches every staff connection as a
 * BookingEvent (a console's booking view reloads), is audited, and the
 * list runs as a read-only request that treasurers may make too. */
static void test_booking_changes_reach_the_staff(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "anna", "Kiss Anna", "1234");
	add_staff(f, "tamas", NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER);
	gw_peer treasurer = sign_in(f, "tamas", "password-1");
	char *seats[] = {"PC-01"};
	Netpont__BookingAdd add = NETPONT__BOOKING_ADD__INIT;
	add.n_seats = 1;
	add.seats = seats;
	add.login = "anna";
	add.date = "2024-03-12";
	add.from = "14:00";
	add.to = "15:00";
	expect_error(request(f, &treasurer, NETPONT__ENVELOPE__BODY_BOOKING_ADD, &add),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, "book PCs");
	clear_events(f);
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_BOOKING_ADD, &add);
	expect_body(r, NETPONT__ENVELOPE__BODY_BOOKING_ADD_REPLY);
	assert_int_equal(r->booking_add_reply->n_bookings, 1);
	int64_t id = r->booking_add_reply->bookings[0]->id;
	netpont__envelope__free_unpacked(r, NULL);
	Netpont__Envelope *ev = find_event(f, NETPONT__ENVELOPE__BODY_BOOKING_EVENT, 0);
	assert_non_null(ev);
	assert_int_equal(ev->booking_event->booking->id, id);
	assert_string_equal(ev->booking_event->booking->seat, "PC-01");
	assert_string_equal(ev->booking_event->booking->from, "14:00");
	assert_int_equal(ev->booking_event->booking->state,
	                 NETPONT__BOOKING_STATE__BOOKING_STATE_BOOKED);
	assert_int_equal(fixture_query_int(f->store.db, "SELECT count(*) FROM audit WHERE "
	                                                "action = 'booking.add'"),
	                 1);

	assert_true(gateway_request_read_only(NETPONT__ENVELOPE__BODY_BOOKING_LIST));
	int64_t before = store_total_changes(f->store.db);
	Netpont__BookingList list = NETPONT__BOOKING_LIST__INIT;
	list.from = "2024-03-12";
	r = request(f, &treasurer, NETPONT__ENVELOPE__BODY_BOOKING_LIST, &list);
	expect_body(r, NETPONT__ENVELOPE__BODY_BOOKING_LIST_REPLY);
	assert_int_equal(r->booking_list_reply->n_bookings, 1);
	assert_string_equal(r->booking_list_reply->bookings[0]->name, "Kiss Anna");
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(store_total_changes(f->store.db), before);

	clear_events(f);
	Netpont__BookingCancel cancel = NETPONT__BOOKING_CANCEL__INIT;
	cancel.id = id;
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_BOOKING_CANCEL, &cancel),
	             NETPONT__ENVELOPE__BODY_BOOKING_REPLY);
	ev = find_event(f, NETPONT__ENVELOPE__BODY_BOOKING_EVENT, 0);
	assert_non_null(ev);
	assert_int_equal(ev->booking_event->booking->state,
	                 NETPONT__BOOKING_STATE__BOOKING_STATE_CANCELLED);
	clear_events(f);
}

/* A list of more bookings than one frame holds is cut at the frame and
 * says so, rather than failing or growing past the limit. */
static void test_a_long_booking_list_is_cut_at_one_frame(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "anna", "Kiss Anna", "1234");
	np_err err = {0};
	char sql[512];
	snprintf(
	    sql, sizeof sql,
	    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3999) "
	    "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, note, created_at) "
	    "SELECT (SELECT id FROM seats WHERE name = 'PC-01'), %lld + i * 60, %lld + i * 60 + "
	    "60, "
	    "(SELECT id FROM residents WHERE login = 'anna'), 'a note of some length', 0 FROM n",
	    (long long)f->now, (long long)f->now);
	assert_int_equal(store_exec(f->store.db, sql, &err), 0);
	Netpont__BookingList list = NETPONT__BOOKING_LIST__INIT;
	list.from = "2024-03-12";
	list.to = "2024-03-15";
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_BOOKING_LIST, &list);
	expect_body(r, NETPONT__ENVELOPE__BODY_BOOKING_LIST_REPLY);
	assert_true(r->booking_list_reply->truncated);
	assert_true(r->booking_list_reply->n_bookings > 500);
	assert_true(r->booking_list_reply->n_bookings < 4000);
	assert_true(netpont__envelope__get_packed_size(r) < NP_FRAME_DEFAULT_MAX);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The rule settings are read once and kept: a row changed behind the
 * gateway's back (no process does that; SettingSet is the only writer) is
 * not seen, and the next SettingSet makes the gateway read them all anew,
 * so its change is in the very next request's rules. */
static void test_settings_are_cached_until_a_setting_set(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	set_setting(f, "open_time", "09:30");
	gw_peer agent = {0};
	Netpont__Envelope *r = agent_welcome(f, &agent, "PC-01", token);
	assert_string_equal(r->welcome->open_time, "09:30");
	netpont__envelope__free_unpacked(r, NULL);

	np_err err = {0};
	assert_int_equal(store_setting_set(f->store.db, "open_time", "07:15", &err), 0);
	r = agent_sync(f, &agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_string_equal(r->lease_event->open_time, "09:30");
	netpont__envelope__free_unpacked(r, NULL);

	set_setting(f, "open_days", "123456");
	r = agent_sync(f, &agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_string_equal(r->lease_event->open_time, "07:15");
	assert_string_equal(r->lease_event->open_days, "123456");
	netpont__envelope__free_unpacked(r, NULL);

	/* A refused change leaves the rules as they were. */
	expect_error(setting_set(f, &f->admin, "close_time", "25:00"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, NULL);
	r = agent_sync(f, &agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_string_equal(r->lease_event->open_time, "07:15");
	netpont__envelope__free_unpacked(r, NULL);
}

static Netpont__Envelope *agent_help_cancel(fixture *f, gw_peer *agent, const char *language)
{
	Netpont__AgentHelpCancel m = NETPONT__AGENT_HELP_CANCEL__INIT;
	m.language = (char *)language;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_HELP_CANCEL, &m);
}

/* The resident takes the call back: it is cancelled, staff and the PC hear
 * it, it is audited, and the next press raises a new call. */
static void test_help_call_taken_back(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	expect_error(agent_help_cancel(f, &agent, ""), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no call for a mentor from this PC to take back.");
	Netpont__AgentHelp h = NETPONT__AGENT_HELP__INIT;
	Netpont__Envelope *r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	int64_t id = r->help_call->id;
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);

	r = agent_help_cancel(f, &agent, "");
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	assert_int_equal(r->help_call->id, id);
	assert_int_equal(r->help_call->state, NETPONT__HELP_STATE__HELP_STATE_CANCELLED);
	netpont__envelope__free_unpacked(r, NULL);
	Netpont__Envelope *to_staff = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 0);
	Netpont__Envelope *to_pc = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 1);
	assert_non_null(to_staff);
	assert_non_null(to_pc);
	assert_int_equal(to_staff->help_event->call->state,
	                 NETPONT__HELP_STATE__HELP_STATE_CANCELLED);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'help.cancel'"), 1);

	/* It is no longer open for mentors, and a new press is a new call. */
	Netpont__HelpList hl = NETPONT__HELP_LIST__INIT;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_HELP_LIST, &hl);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_LIST_REPLY);
	assert_int_equal(r->help_list_reply->n_calls, 0);
	netpont__envelope__free_unpacked(r, NULL);
	r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	assert_true(r->help_call->id != id);
	assert_int_equal(r->help_call->state, NETPONT__HELP_STATE__HELP_STATE_OPEN);
	netpont__envelope__free_unpacked(r, NULL);
}

static Netpont__Envelope *agent_incident(fixture *f, gw_peer *agent, const char *what,
                                         const char *detail)
{
	Netpont__AgentIncident m = NETPONT__AGENT_INCIDENT__INIT;
	m.what = (char *)what;
	m.detail = (char *)detail;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_INCIDENT, &m);
}

/* An incident is audited every time and shown to staff (not to the PC) as
 * one open help call from the PC. */
static void test_incident_is_audited_and_shown_to_staff(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	clear_events(f);
	expect_reply(agent_incident(f, &agent, "unleased_session", "uid 61234: 2 processes"),
	             NETPONT__ENVELOPE__BODY_OK);
	Netpont__Envelope *ev = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 0);
	assert_non_null(ev);
	assert_non_null(strstr(ev->help_event->call->text, "without a session"));
	assert_non_null(strstr(ev->help_event->call->text, "uid 61234: 2 processes"));
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 1));
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'seat.incident' AND "
	                          "detail LIKE 'PC-03 unleased_session: uid 61234%'"),
	                 1);
	clear_events(f);
	expect_reply(agent_incident(f, &agent, "unleased_session", "again"),
	             NETPONT__ENVELOPE__BODY_OK);
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, -1));
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'seat.incident'"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM help_calls"), 1);
	expect_error(agent_incident(f, &agent, "Bad Name!", ""),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "1 to 32 letters");
	/* Only agents report incidents. */
	expect_error(agent_incident(f, &f->admin, "unleased_session", ""),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, NULL);
}

/* A PC whose agent speaks English shows a Hungarian screen: the resident's
 * requests say so, and their refusals come back in Hungarian. */
static void test_refusals_follow_the_screens_language(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	gw_peer agent = agent_hello(f, "PC-03", token);
	Netpont__AgentLogin m = NETPONT__AGENT_LOGIN__INIT;
	m.login = "kovacsm";
	m.pin = "9999";
	m.language = "hu";
	expect_error(request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_LOGIN, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, "még 2 próbálkozás maradt");
	m.login = "nobody";
	expect_error(request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_LOGIN, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "nobody");
	m.language = "";
	m.login = "kovacsm";
	expect_error(request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_LOGIN, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, "1 try left");
	expect_error(agent_help_cancel(f, &agent, "hu"), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "Erről a gépről nincs visszavonható segítségkérés.");
	char too_long[502];
	memset(too_long, 'x', sizeof too_long - 1);
	too_long[sizeof too_long - 1] = '\0';
	Netpont__AgentHelp h = NETPONT__AGENT_HELP__INIT;
	h.language = "hu";
	h.text = too_long;
	expect_error(request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "legfeljebb 500 karakter lehet");
}

/* The lease the agent's sync gets names close_time. */
static void sync_expects_close_time(fixture *f, gw_peer *agent, const char *close_time)
{
	Netpont__Envelope *r = agent_sync(f, agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	assert_string_equal(r->lease_event->close_time, close_time);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The agent learns today's closing time in its Welcome and with every lease
 * (so a change of the settings reaches it), "" when there is none to show. */
static void test_close_time_reaches_agent(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "anna", "Kiss Anna", "1234");

	/* Closing at 24:00 (the tests' setting): nothing to announce. */
	gw_peer agent = {0};
	Netpont__Envelope *r = agent_welcome(f, &agent, "PC-01", token);
	assert_string_equal(r->welcome->close_time, "");
	netpont__envelope__free_unpacked(r, NULL);

	set_setting(f, "close_time", "23:00");
	gw_peer agent2 = {0};
	r = agent_welcome(f, &agent2, "PC-01", token);
	assert_string_equal(r->welcome->close_time, "23:00");
	netpont__envelope__free_unpacked(r, NULL);
	/* Staff are not told: their Welcome has no closing time. */
	Netpont__Hello h;
	gw_peer staff = {0};
	r = run(f, &staff, staff_hello_env(&h, "admin", "admin-secret"), NULL);
	expect_body(r, NETPONT__ENVELOPE__BODY_WELCOME);
	assert_string_equal(r->welcome->close_time, "");
	netpont__envelope__free_unpacked(r, NULL);

	/* The sync's lease and a pushed lease carry it too. */
	sync_expects_close_time(f, &agent2, "23:00");
	clear_events(f);
	r = session_start(f, &f->admin, "PC-01", "anna", 600);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
	Netpont__Envelope *lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_true(lease->lease_event->unlocked);
	assert_string_equal(lease->lease_event->close_time, "23:00");

	/* A changed closing time comes with the next lease. */
	set_setting(f, "close_time", "22:30");
	sync_expects_close_time(f, &agent2, "22:30");

	/* Closed today (the fake now is a Tuesday): no closing time. */
	set_setting(f, "open_days", "134567");
	sync_expects_close_time(f, &agent2, "");
}

/* A logout names its session: one said again after a reconnect does not
 * end the newer session a mentor started on the seat meanwhile. */
static void test_logout_ends_only_its_session(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "anna", "Kiss Anna", "1234");
	add_resident(f, "bela", "Nagy Béla", "4321");
	gw_peer agent = agent_hello(f, "PC-01", token);

	Netpont__Envelope *r = agent_login(f, &agent, "anna", "1234");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	int64_t first = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);
	r = agent_logout(f, &agent, first);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(r->session->id, first);
	assert_string_equal(r->session->end_reason, "logout");
	netpont__envelope__free_unpacked(r, NULL);

	/* A mentor seats Béla; then the first logout arrives again. */
	r = session_start(f, &f->admin, "PC-01", "bela", 1200);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	int64_t second = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);
	r = agent_logout(f, &agent, first);
	expect_body(r, NETPONT__ENVELOPE__BODY_OK);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 1);
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, -1));
	/* An unknown session is not the running one either. */
	r = agent_logout(f, &agent, second + 100);
	expect_body(r, NETPONT__ENVELOPE__BODY_OK);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 1);

	/* Its own session ends; 0 (an older agent) ends whatever runs. */
	r = agent_logout(f, &agent, second);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(r->session->id, second);
	netpont__envelope__free_unpacked(r, NULL);
	r = session_start(f, &f->admin, "PC-01", "bela", 600);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	int64_t third = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);
	r = agent_logout(f, &agent, 0);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(r->session->id, third);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 0);
}

static void ping(fixture *f, gw_peer *peer)
{
	Netpont__Ping m = NETPONT__PING__INIT;
	Netpont__Envelope *r = request(f, peer, NETPONT__ENVELOPE__BODY_PING, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_PONG);
	assert_int_equal(r->pong->server_time, f->now);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The admin's SeatList of a room with one seat; returns the decoded reply
 * (free it). */
static Netpont__Envelope *list_the_seat(fixture *f)
{
	Netpont__SeatList m = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_LIST, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY);
	assert_int_equal(r->seat_list_reply->n_seats, 1);
	return r;
}

/* The last_seen a SeatList shows for the only seat. */
static int64_t listed_last_seen(fixture *f)
{
	Netpont__Envelope *r = list_the_seat(f);
	int64_t seen = r->seat_list_reply->seats[0]->last_seen;
	netpont__envelope__free_unpacked(r, NULL);
	return seen;
}

/* An agent's Pings are noted in memory, where a SeatList sees them at
 * once; seats.last_seen follows in batches (gateway_flush_seen()), a row
 * once it is a minute behind, or at once after a Hello. */
static void test_ping_refreshes_last_seen(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	int64_t hello_at = f->now;
	gw_peer agent = agent_hello(f, "PC-01", token);
	const char *sql = "SELECT last_seen FROM seats WHERE name = 'PC-01'";
	assert_int_equal(listed_last_seen(f), hello_at);
	assert_int_equal(gateway_seen_due(f->gw), 1);
	assert_int_equal(gateway_flush_seen(f->gw, 0), 1);
	assert_int_equal(count(f, sql), hello_at);
	assert_int_equal(gateway_seen_due(f->gw), 0);

	f->now += 15;
	ping(f, &agent);
	f->now += 44;
	ping(f, &agent);
	assert_int_equal(listed_last_seen(f), hello_at + 59);
	assert_int_equal(gateway_flush_seen(f->gw, 0), 0); /* less than a minute behind */
	assert_int_equal(count(f, sql), hello_at);
	f->now += 1;
	ping(f, &agent);
	assert_int_equal(gateway_flush_seen(f->gw, 0), 1);
	assert_int_equal(count(f, sql), hello_at + 60);

	/* A sync is heard from too. */
	f->now += 70;
	Netpont__Envelope *r = agent_sync(f, &agent);
	expect_body(r, NETPONT__ENVELOPE__BODY_LEASE_EVENT);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(gateway_flush_seen(f->gw, 0), 1);
	assert_int_equal(count(f, sql), hello_at + 130);

	/* A staff connection's Ping notes no seat. */
	f->now += 600;
	ping(f, &f->admin);
	assert_int_equal(gateway_seen_due(f->gw), 0);

	/* A clean stop writes what was heard since the last batch. */
	ping(f, &agent);
	gateway_free(f->gw);
	f->gw = NULL;
	assert_int_equal(count(f, sql), hello_at + 730);
	create_gateway(f);
}

/* A batch writes at most the rows it is given, starting where the last one
 * stopped, so that every due seat gets its turn. */
static void test_last_seen_batches_are_bounded(void **state)
{
	fixture *f = *state;
	const char *names[] = {"PC-01", "PC-02", "PC-03"};
	for (size_t i = 0; i < 3; i++) {
		char token[65];
		add_seat(f, names[i], token);
		agent_hello(f, names[i], token);
	}
	assert_int_equal(gateway_seen_due(f->gw), 3);
	assert_int_equal(gateway_flush_seen(f->gw, 2), 2);
	assert_int_equal(gateway_seen_due(f->gw), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM seats WHERE last_seen = 0"), 1);
	assert_int_equal(gateway_flush_seen(f->gw, 2), 1);
	assert_int_equal(gateway_seen_due(f->gw), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM seats WHERE last_seen = 0"), 0);
}

/* ------------------------------------------------------------ held prints */

/* The agent's AgentHeldPrints with n jobs "HOLD/<10+i>/1700000000"; returns
 * the decoded reply (free it). */
static Netpont__Envelope *report_held(fixture *f, gw_peer *agent, size_t n)
{
	Netpont__HeldPrint jobs[4];
	Netpont__HeldPrint *ptrs[4];
	char keys[4][64];
	assert_true(n <= 4);
	for (size_t i = 0; i < n; i++) {
		netpont__held_print__init(&jobs[i]);
		snprintf(keys[i], sizeof keys[i], "HOLD/%zu/1700000000", 10 + i);
		jobs[i].job_key = keys[i];
		jobs[i].title = "Levél az önkormányzatnak";
		jobs[i].pages = 3;
		jobs[i].copies = 1;
		jobs[i].color = true;
		jobs[i].amount = 300;
		jobs[i].held_since = f->now;
		ptrs[i] = &jobs[i];
	}
	Netpont__AgentHeldPrints m = NETPONT__AGENT_HELD_PRINTS__INIT;
	m.n_jobs = n;
	m.jobs = ptrs;
	return request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS, &m);
}

static Netpont__Envelope *print_release(fixture *f, gw_peer *peer, const char *seat,
                                        const char *key, bool cancel)
{
	Netpont__PrintRelease m = NETPONT__PRINT_RELEASE__INIT;
	m.seat = (char *)seat;
	m.job_key = (char *)key;
	m.cancel = cancel;
	return request(f, peer, NETPONT__ENVELOPE__BODY_PRINT_RELEASE, &m);
}

/* The held prints the seat list shows for the only seat. */
static size_t listed_held(fixture *f)
{
	Netpont__Envelope *r = list_the_seat(f);
	size_t n = r->seat_list_reply->seats[0]->n_held_prints;
	netpont__envelope__free_unpacked(r, NULL);
	return n;
}

/* The cast of the held-print tests: PC-03's agent, connected; Dóra
 * (mentor) and Tamás (treasurer), signed in. */
typedef struct held_cast {
	gw_peer agent, dora, tamas;
} held_cast;

static void held_cast_enter(fixture *f, held_cast *h)
{
	char token[65];
	add_seat(f, "PC-03", token);
	h->agent = agent_hello(f, "PC-03", token);
	f->connected_seat = h->agent.seat_id;
	add_staff(f, "Dóra", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	add_staff(f, "Tamás", NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER);
	h->dora = sign_in(f, "Dóra", "password-1");
	h->tamas = sign_in(f, "Tamás", "password-1");
}

/* The agent reports n held jobs, accepted; then no events are pending. */
static void held_reported(fixture *f, held_cast *h, size_t n)
{
	expect_reply(report_held(f, &h->agent, n), NETPONT__ENVELOPE__BODY_OK);
	clear_events(f);
}

/* Nothing is held: every release is refused, nothing reaches the PC. */
static void test_release_of_a_job_not_held_is_refused(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	assert_int_equal(listed_held(f), 0);
	clear_events(f);
	expect_error(print_release(f, &h.dora, "PC-03", "HOLD/10/1700000000", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no print waiting on PC-03 with that number.");
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT, -1));
}

/* The agent reports two held jobs: staff see them at once. */
static void test_held_prints_reach_staff(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	clear_events(f);
	expect_reply(report_held(f, &h.agent, 2), NETPONT__ENVELOPE__BODY_OK);
	Netpont__Envelope *se = find_event(f, NETPONT__ENVELOPE__BODY_SEAT_EVENT, 0);
	assert_non_null(se);
	assert_int_equal(se->seat_event->seat->n_held_prints, 2);
	const Netpont__HeldPrint *job = se->seat_event->seat->held_prints[0];
	assert_string_equal(job->job_key, "HOLD/10/1700000000");
	assert_string_equal(job->title, "Levél az önkormányzatnak");
	assert_int_equal(job->pages, 3);
	assert_int_equal(job->amount, 300);
	assert_true(job->color);
	assert_int_equal(listed_held(f), 2);
}

/* Refusals: unknown seat, unknown job, missing key, the treasurer, a staff
 * connection claiming held jobs; none reaches the PC or the audit log. */
static void test_refused_releases_reach_neither_the_pc_nor_the_audit_log(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	held_reported(f, &h, 2);
	int64_t audits = count(f, "SELECT count(*) FROM audit");
	expect_error(print_release(f, &h.dora, "PC-09", "HOLD/10/1700000000", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "There is no seat called PC-09.");
	expect_error(print_release(f, &h.dora, "PC-03", "HOLD/99/1700000000", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no print waiting on PC-03 with that number.");
	expect_error(print_release(f, &h.dora, "PC-03", "", true),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "key is missing");
	expect_error(print_release(f, &h.tamas, "PC-03", "HOLD/10/1700000000", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only a mentor or an administrator can release a print job.");
	expect_error(report_held(f, &h.dora, 1), NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, NULL);
	assert_int_equal(f->n_events, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audits);
	assert_int_equal(listed_held(f), 2);
}

/* Dóra releases the first: the PC is told, the audit log says so. */
static void test_release_goes_to_the_pc_and_the_audit_log(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	held_reported(f, &h, 2);
	expect_reply(print_release(f, &h.dora, "PC-03", "HOLD/10/1700000000", false),
	             NETPONT__ENVELOPE__BODY_OK);
	Netpont__Envelope *pe = find_event(f, NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT, 1);
	assert_non_null(pe);
	assert_string_equal(pe->print_release_event->job_key, "HOLD/10/1700000000");
	assert_false(pe->print_release_event->cancel);
	assert_null(find_event(f, NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT, 0));
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action='print.release'"), 1);
}

/* The agent's report replaces the set; an administrator cancels a job. */
static void test_new_report_replaces_the_set_and_an_admin_cancels(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	held_reported(f, &h, 2);
	held_reported(f, &h, 0);
	assert_int_equal(listed_held(f), 0);
	held_reported(f, &h, 2);
	expect_reply(print_release(f, &f->admin, "PC-03", "HOLD/11/1700000000", true),
	             NETPONT__ENVELOPE__BODY_OK);
	Netpont__Envelope *pe = find_event(f, NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT, 1);
	assert_non_null(pe);
	assert_true(pe->print_release_event->cancel);
}

/* A report over the limits is refused and the old set stays. */
static void test_report_over_the_limits_keeps_the_old_set(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	held_reported(f, &h, 2);
	Netpont__HeldPrint big = NETPONT__HELD_PRINT__INIT;
	char long_key[400];
	memset(long_key, 'k', sizeof long_key - 1);
	long_key[sizeof long_key - 1] = '\0';
	big.job_key = long_key;
	Netpont__HeldPrint *bigp = &big;
	Netpont__AgentHeldPrints m = NETPONT__AGENT_HELD_PRINTS__INIT;
	m.n_jobs = 1;
	m.jobs = &bigp;
	expect_error(request(f, &h.agent, NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "A held print job needs a key");
	assert_int_equal(listed_held(f), 2);
}

/* The agent goes away: its jobs can no longer be released. */
static void test_held_prints_are_forgotten_when_the_agent_goes_away(void **state)
{
	fixture *f = *state;
	held_cast h;
	held_cast_enter(f, &h);
	held_reported(f, &h, 2);
	f->connected_seat = 0;
	gateway_agent_online(f->gw, h.agent.seat_id, false);
	Netpont__Envelope *se = find_event(f, NETPONT__ENVELOPE__BODY_SEAT_EVENT, 0);
	assert_non_null(se);
	assert_int_equal(se->seat_event->seat->n_held_prints, 0);
	assert_int_equal(listed_held(f), 0);
	expect_error(print_release(f, &h.dora, "PC-03", "HOLD/11/1700000000", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no print waiting on PC-03 with that number.");
}

/* ------------------------------------------------------------ seat remove, renew */

/* What a refused removal or renewal must leave as it was: every seat's
 * name, token hash and removal, and the audit trail's length. */
static void seats_state(fixture *f, char *out, size_t size)
{
	fixture_query_text(f->store.db,
	                   "SELECT group_concat(id || name || token_hash || "
	                   "coalesce(removed_at, '-'), ',') || (SELECT count(*) FROM audit) "
	                   "FROM seats",
	                   out, size);
}

static Netpont__Envelope *seat_remove(fixture *f, gw_peer *peer, const char *name)
{
	Netpont__SeatRemove m = NETPONT__SEAT_REMOVE__INIT;
	m.name = (char *)name;
	return request(f, peer, NETPONT__ENVELOPE__BODY_SEAT_REMOVE, &m);
}

static Netpont__Envelope *seat_renew(fixture *f, gw_peer *peer, const char *name, bool force)
{
	Netpont__SeatRenew m = NETPONT__SEAT_RENEW__INIT;
	m.name = (char *)name;
	m.force = force;
	return request(f, peer, NETPONT__ENVELOPE__BODY_SEAT_RENEW, &m);
}

/* An agent Hello with token is refused (AUTH) with text in the message. */
static void expect_agent_refused(fixture *f, const char *seat, const char *token, const char *text)
{
	gw_peer peer = {0};
	Netpont__Hello h;
	Netpont__Envelope env;
	fixture_agent_hello(&env, &h, seat, token);
	expect_error(run(f, &peer, &env, NULL), NETPONT__ERROR_CODE__ERROR_CODE_AUTH, text);
	assert_int_equal(peer.kind, GW_PEER_NONE);
}

/* A removal of PC-03 by the administrator is refused (CONFLICT, text in
 * the message) and changes nothing. */
static void expect_remove_refused(fixture *f, const char *text)
{
	char before[4096], after[4096];
	seats_state(f, before, sizeof before);
	expect_error(seat_remove(f, &f->admin, "PC-03"), NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             text);
	seats_state(f, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(f->dropped_seat, 0);
}

/* kovacsm's session on PC-03, started by the administrator. */
static void start_pc03_session(fixture *f)
{
	Netpont__Envelope *r = session_start(f, &f->admin, "PC-03", "kovacsm", 1800);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
}

/* The administrator ends PC-03's session after seconds. */
static void end_pc03_session(fixture *f, int64_t seconds)
{
	f->now += seconds;
	Netpont__SessionEnd se = NETPONT__SESSION_END__INIT;
	se.seat = "PC-03";
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SESSION_END, &se);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
}

static void test_only_an_administrator_removes_or_renews_a_known_pc(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	char token[65], before[4096], after[4096];
	add_seat(f, "PC-03", token);
	seats_state(f, before, sizeof before);
	expect_error(seat_remove(f, &c.mentor, "PC-03"), NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can remove a PC.");
	expect_error(seat_renew(f, &c.treasurer, "PC-03", true),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can renew a PC's token.");
	expect_error(seat_remove(f, &f->admin, "PC-99"), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no seat called PC-99.");
	expect_error(seat_renew(f, &f->admin, "PC-99", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "There is no seat called PC-99.");
	seats_state(f, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(f->dropped_seat, 0);
	agent_hello(f, "PC-03", token); /* the token still works */
}

/* A join code is redeemed on a connection that said no hello, and that
 * connection ends with the reply; nothing else may be asked without a
 * hello, and no signed-in peer may redeem a code. A fixture without a
 * certificate makes no codes. */
static void test_join_codes_need_a_connection_of_their_own(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	Netpont__AgentJoin join = NETPONT__AGENT_JOIN__INIT;
	join.secret = "0000000000000000";
	join.hostname = "pc03";
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_JOIN;
	env.agent_join = &join;
	gw_peer stranger = {.address = "192.0.2.7:4711"};
	bool close = false;
	expect_error(run(f, &stranger, &env, &close), NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	             "This join code is not known to this server.");
	assert_true(close);
	assert_int_equal(stranger.kind, GW_PEER_NONE);
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_AGENT_JOIN, &join),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "A join code is redeemed on a connection of its own, before any hello.");
	Netpont__SeatList list = NETPONT__SEAT_LIST__INIT;
	gw_peer other = {0};
	expect_error(request(f, &other, NETPONT__ENVELOPE__BODY_SEAT_LIST, &list),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH, "Say hello first");
	Netpont__SeatInvite invite = NETPONT__SEAT_INVITE__INIT;
	expect_error(request(f, &c.mentor, NETPONT__ENVELOPE__BODY_SEAT_INVITE, &invite),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can invite a PC to join.");
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_INVITE, &invite),
	             NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	             "runs without a certificate, so it cannot make a join code");
	/* Only the wrong code is recorded: its audit row and its count. */
	assert_int_equal(count(f, "SELECT count(*) FROM seats"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'seat.join_refused'"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM join_codes"), 0);
	assert_int_equal(
	    count(f, "SELECT failures FROM signin_throttle WHERE subject = 'join/192.0.2.7'"), 1);
}

static void test_renewing_a_token_retires_the_old_one(void **state)
{
	fixture *f = *state;
	char old[65];
	add_seat(f, "PC-03", old);
	agent_hello(f, "PC-03", old);
	int64_t id = count(f, "SELECT id FROM seats WHERE name = 'PC-03'");
	Netpont__Envelope *r = seat_renew(f, &f->admin, "PC-03", false);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_ADDED);
	assert_string_equal(r->seat_added->name, "PC-03");
	assert_int_equal(strlen(r->seat_added->token), 64);
	assert_string_not_equal(r->seat_added->token, old);
	char fresh[65];
	snprintf(fresh, sizeof fresh, "%s", r->seat_added->token);
	netpont__envelope__free_unpacked(r, NULL);
	/* The agent signed in with the old token is disconnected. */
	assert_int_equal(f->dropped_seat, id);
	expect_agent_refused(f, "PC-03", old, "The token of seat PC-03 is wrong");
	agent_hello(f, "PC-03", fresh);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'seat.renew' "
	                          "AND detail = 'PC-03'"),
	                 1);
}

static void test_renewing_during_a_session_needs_force(void **state)
{
	fixture *f = *state;
	char token[65], before[4096], after[4096];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	start_pc03_session(f);
	seats_state(f, before, sizeof before);
	expect_error(seat_renew(f, &f->admin, "PC-03", false),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "A session runs on PC-03: renewing its token disconnects its agent.");
	seats_state(f, after, sizeof after);
	assert_string_equal(after, before);
	assert_int_equal(f->dropped_seat, 0);
	agent_hello(f, "PC-03", token);
	Netpont__Envelope *r = seat_renew(f, &f->admin, "PC-03", true);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_ADDED);
	netpont__envelope__free_unpacked(r, NULL);
	expect_agent_refused(f, "PC-03", token, "The token of seat PC-03 is wrong");
	/* The session runs on: only the agent's token changed. */
	assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 1);
}

static void test_removing_waits_for_the_session_and_the_help_call(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	start_pc03_session(f);
	expect_remove_refused(f, "A session runs on PC-03: end it before removing the PC.");
	end_pc03_session(f, 60);

	Netpont__AgentHelp h = NETPONT__AGENT_HELP__INIT;
	h.text = "The printer is jammed.";
	Netpont__Envelope *r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	int64_t call = r->help_call->id;
	netpont__envelope__free_unpacked(r, NULL);
	expect_remove_refused(f, "is open: resolve it before removing the PC.");
	Netpont__HelpResolve hr = NETPONT__HELP_RESOLVE__INIT;
	hr.id = call;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_HELP_RESOLVE, &hr);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	netpont__envelope__free_unpacked(r, NULL);
	r = seat_remove(f, &f->admin, "PC-03");
	expect_body(r, NETPONT__ENVELOPE__BODY_OK);
	netpont__envelope__free_unpacked(r, NULL);
}

static void test_a_removed_pc_can_be_enrolled_again(void **state)
{
	fixture *f = *state;
	char old[65];
	add_seat(f, "PC-03", old);
	add_seat(f, "PC-04", (char[65]){0});
	agent_hello(f, "PC-03", old);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	start_pc03_session(f);
	end_pc03_session(f, 600);
	int64_t id = count(f, "SELECT id FROM seats WHERE name = 'PC-03'");
	clear_events(f);

	Netpont__Envelope *r = seat_remove(f, &f->admin, "PC-03");
	expect_body(r, NETPONT__ENVELOPE__BODY_OK);
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(f->dropped_seat, id);
	Netpont__Envelope *ev = find_event(f, NETPONT__ENVELOPE__BODY_SEAT_EVENT, 0);
	assert_non_null(ev);
	assert_true(ev->seat_event->seat->removed);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'seat.remove' "
	                          "AND detail = 'PC-03'"),
	                 1);
	expect_agent_refused(f, "PC-03", old, "There is no seat called PC-03");
	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_LIST, &sl);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY);
	assert_int_equal(r->seat_list_reply->n_seats, 1);
	assert_string_equal(r->seat_list_reply->seats[0]->name, "PC-04");
	netpont__envelope__free_unpacked(r, NULL);
	expect_error(seat_remove(f, &f->admin, "PC-03"), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             "There is no seat called PC-03.");

	/* The name is free again; the past session and its charge keep the
	 * removed seat, which still reads under its name. */
	char fresh[65];
	add_seat(f, "PC-03", fresh);
	agent_hello(f, "PC-03", fresh);
	assert_int_not_equal(count(f, "SELECT id FROM seats WHERE name = 'PC-03'"), id);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE seat_id = %lld",
	         (long long)id);
	assert_int_equal(count(f, sql), 1);
	store_seat removed;
	np_err err = {0};
	assert_int_equal(store_seat_by_id(f->store.db, id, &removed, &err), 1);
	assert_string_equal(removed.name, "PC-03");
	assert_int_equal(removed.removed_at, f->now);
}

/* ------------------------------------------------------------ backups */

static Netpont__Envelope *backup_start(fixture *f, gw_peer *peer)
{
	Netpont__BackupStart m = NETPONT__BACKUP_START__INIT;
	return request(f, peer, NETPONT__ENVELOPE__BODY_BACKUP_START, &m);
}

static Netpont__Envelope *backup_chunk(fixture *f, gw_peer *peer, uint64_t id, int64_t offset)
{
	Netpont__BackupChunk m = NETPONT__BACKUP_CHUNK__INIT;
	m.backup_id = id;
	m.offset = offset;
	return request(f, peer, NETPONT__ENVELOPE__BODY_BACKUP_CHUNK, &m);
}

/* The server's file of the copy being handed out. */
static bool backup_file_exists(fixture *f)
{
	char path[1100];
	snprintf(path, sizeof path, "%s-backup.tmp", f->store.path);
	return access(path, F_OK) == 0;
}

static void test_backup_is_handed_out_in_chunks_then_removed(void **state)
{
	fixture *f = *state;
	add_resident(f, "kovacs", "Kovács Mária", "1234");
	Netpont__Envelope *ready = backup_start(f, &f->admin);
	expect_body(ready, NETPONT__ENVELOPE__BODY_BACKUP_READY);
	const Netpont__BackupReady *r = ready->backup_ready;
	assert_true(r->size > 0);
	assert_int_equal(r->residents, 1);
	assert_int_equal(r->schema_version, STORE_SCHEMA_VERSION);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'backup'"), 1);
	assert_true(backup_file_exists(f));

	crypto_hash_sha256_state sum;
	crypto_hash_sha256_init(&sum);
	int64_t offset = 0;
	bool last = false;
	while (!last) {
		Netpont__Envelope *c = backup_chunk(f, &f->admin, r->backup_id, offset);
		expect_body(c, NETPONT__ENVELOPE__BODY_BACKUP_CHUNK_REPLY);
		assert_int_equal(c->backup_chunk_reply->offset, offset);
		/* Well inside the frame limit. */
		assert_true(c->backup_chunk_reply->data.len > 0 &&
		            c->backup_chunk_reply->data.len <= 64 * 1024);
		crypto_hash_sha256_update(&sum, c->backup_chunk_reply->data.data,
		                          c->backup_chunk_reply->data.len);
		offset += (int64_t)c->backup_chunk_reply->data.len;
		last = c->backup_chunk_reply->last;
		netpont__envelope__free_unpacked(c, NULL);
	}
	assert_int_equal(offset, r->size);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256_final(&sum, digest);
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	assert_string_equal(hex, r->sha256);
	assert_false(backup_file_exists(f));
	expect_error(backup_chunk(f, &f->admin, r->backup_id, 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "no longer on the server");
	netpont__envelope__free_unpacked(ready, NULL);
}

static void test_backup_is_refused_to_others_and_to_a_second_admin(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	add_staff(f, "ildi", NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN);
	gw_peer dora = sign_in(f, "dora", "password-1");
	gw_peer ildi = sign_in(f, "ildi", "password-1");
	expect_error(backup_start(f, &dora), NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can take a backup.");
	expect_error(backup_chunk(f, &dora, 1, 0), NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, NULL);
	assert_false(backup_file_exists(f));

	Netpont__Envelope *ready = backup_start(f, &f->admin);
	expect_body(ready, NETPONT__ENVELOPE__BODY_BACKUP_READY);
	uint64_t id = ready->backup_ready->backup_id;
	int64_t size = ready->backup_ready->size;
	netpont__envelope__free_unpacked(ready, NULL);
	expect_error(backup_start(f, &ildi), NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "Another backup is being downloaded");
	expect_error(backup_chunk(f, &f->admin, id + 1, 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, NULL);
	expect_error(backup_chunk(f, &f->admin, id, size),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "there is nothing at byte");
	/* Two minutes later the copy counts as abandoned: the next request of
	 * anyone removes it. */
	f->now += 121;
	assert_true(backup_file_exists(f));
	Netpont__Ping ping = NETPONT__PING__INIT;
	expect_reply(request(f, &dora, NETPONT__ENVELOPE__BODY_PING, &ping),
	             NETPONT__ENVELOPE__BODY_PONG);
	assert_false(backup_file_exists(f));
	expect_reply(backup_start(f, &ildi), NETPONT__ENVELOPE__BODY_BACKUP_READY);
	expect_error(backup_chunk(f, &f->admin, id, 0), NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	             NULL);
}

/* The copy is made in the work step, between begin and finish, on a
 * connection of its own: the gateway serves other requests meanwhile, and
 * a connection that goes away before the finish leaves no file behind. */
static void test_backup_work_runs_between_other_requests(void **state)
{
	fixture *f = *state;
	Netpont__BackupStart m = NETPONT__BACKUP_START__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_BACKUP_START;
	env.backup_start = &m;
	gw_call *call = begin(f, &f->admin, &env);
	assert_true(gateway_call_needs_work(call));
	expect_error(backup_start(f, &f->admin), NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "being taken already");
	add_resident(f, "nagy", "Nagy Béla", "2345");
	gateway_work(call);
	Netpont__Envelope *ready = finish(f, &f->admin, call, NULL);
	expect_body(ready, NETPONT__ENVELOPE__BODY_BACKUP_READY);
	/* The copy is the database as of the work step. */
	assert_int_equal(ready->backup_ready->residents, 1);
	netpont__envelope__free_unpacked(ready, NULL);

	f->now += 121;
	call = begin(f, &f->admin, &env);
	gateway_work(call);
	gateway_call_free(call);
	assert_false(backup_file_exists(f));
	expect_reply(backup_start(f, &f->admin), NETPONT__ENVELOPE__BODY_BACKUP_READY);
}

/* ------------------------------------------------------------ the desk:
 * display names, staff accounts, help topics, help calls and messages
 * belonging to the session */

/* An admin's StaffUpdate by peer; returns the decoded reply (free it). */
static Netpont__Envelope *staff_update(fixture *f, gw_peer *peer, const char *name,
                                       const char *display_name, Netpont__StaffRole role,
                                       bool disable, bool enable)
{
	Netpont__StaffUpdate m = NETPONT__STAFF_UPDATE__INIT;
	m.name = (char *)name;
	m.display_name = (char *)(display_name ? display_name : "");
	m.role = role;
	m.disable = disable;
	m.enable = enable;
	return request(f, peer, NETPONT__ENVELOPE__BODY_STAFF_UPDATE, &m);
}

/* The staff table as one text, to show that a refusal changed nothing. */
static const char *staff_rows(fixture *f, char *buf, size_t n)
{
	return fixture_query_text(
	    f->store.db,
	    "SELECT group_concat(name || ':' || role || ':' || disabled || ':' "
	    "|| display_name, ',') FROM (SELECT * FROM staff ORDER BY id)",
	    buf, n);
}

static void test_admin_sets_a_display_name_and_a_role(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer dora = sign_in(f, "dora", "password-1");
	Netpont__Envelope *r = staff_update(
	    f, &f->admin, "dora", "Dóra", NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER, false, false);
	expect_body(r, NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	assert_string_equal(r->staff_member->display_name, "Dóra");
	assert_int_equal(r->staff_member->role, NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER);
	assert_false(r->staff_member->disabled);
	netpont__envelope__free_unpacked(r, NULL);
	/* Her open connections close: they signed in as a mentor. */
	assert_int_equal(f->dropped_staff, dora.staff_id);
	Netpont__StaffList sl = NETPONT__STAFF_LIST__INIT;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_STAFF_LIST, &sl);
	expect_body(r, NETPONT__ENVELOPE__BODY_STAFF_LIST_REPLY);
	assert_int_equal(r->staff_list_reply->n_staff, 2);
	assert_string_equal(r->staff_list_reply->staff[1]->name, "dora");
	assert_string_equal(r->staff_list_reply->staff[1]->display_name, "Dóra");
	netpont__envelope__free_unpacked(r, NULL);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'staff.update'"), 1);
}

static void test_display_name_alone_keeps_the_connections(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	expect_reply(staff_update(f, &f->admin, "dora", "Dóra",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	assert_int_equal(f->dropped_staff, 0);
	char role[32];
	fixture_query_text(f->store.db, "SELECT role FROM staff WHERE name = 'dora'", role,
	                   sizeof role);
	assert_string_equal(role, "mentor");
}

static void test_disabled_account_cannot_sign_in_and_is_disconnected(void **state)
{
	fixture *f = *state;
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer dora = sign_in(f, "dora", "password-1");
	expect_reply(staff_update(f, &f->admin, "dora", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, true, false),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	assert_int_equal(f->dropped_staff, dora.staff_id);
	gw_peer peer = {0};
	Netpont__Hello h;
	bool close = false;
	expect_error(run(f, &peer, staff_hello_env(&h, "dora", "password-1"), &close),
	             NETPONT__ERROR_CODE__ERROR_CODE_AUTH, NULL);
	assert_true(close);
	/* Enabled again, she signs in. */
	expect_reply(staff_update(f, &f->admin, "dora", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, true),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	sign_in(f, "dora", "password-1");
}

static void test_admin_cannot_lock_themself_out(void **state)
{
	fixture *f = *state;
	add_staff(f, "kati", NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN);
	char before[512], after[512];
	staff_rows(f, before, sizeof before);
	expect_error(staff_update(f, &f->admin, "admin", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, true, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "You cannot disable your own account");
	expect_error(staff_update(f, &f->admin, "admin", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR, false, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "You cannot take away your own administrator role");
	assert_string_equal(staff_rows(f, after, sizeof after), before);
	assert_int_equal(f->dropped_staff, 0);
	/* Their own display name is fine. */
	expect_reply(staff_update(f, &f->admin, "admin", "Anna",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
}

/* The last administrator who can sign in is neither disabled nor demoted.
 * Only a connection left over from an account disabled meanwhile can ask
 * (the fixture's hook records the disconnection but keeps the peer), so
 * that is how the test asks. */
static void test_last_admin_is_neither_disabled_nor_demoted(void **state)
{
	fixture *f = *state;
	add_staff(f, "kati", NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN);
	gw_peer kati = sign_in(f, "kati", "password-1");
	expect_reply(staff_update(f, &kati, "admin", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, true, false),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	assert_int_equal(f->dropped_staff, f->admin.staff_id);
	char before[512], after[512];
	staff_rows(f, before, sizeof before);
	expect_error(staff_update(f, &f->admin, "kati", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR, false, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "kati is the last administrator who can sign in");
	expect_error(staff_update(f, &f->admin, "kati", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, true, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	             "kati is the last administrator who can sign in");
	assert_string_equal(staff_rows(f, after, sizeof after), before);
}

static void test_bad_staff_updates_change_nothing(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	char before[512], after[512];
	staff_rows(f, before, sizeof before);
	expect_error(staff_update(f, &f->admin, "nobody", "X",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "no staff member called nobody");
	expect_error(staff_update(f, &f->admin, "dora", NULL,
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, true, true),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "disabled and enabled at once");
	expect_error(staff_update(f, &f->admin, "dora", "Dóra\nX",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "display name");
	expect_error(staff_update(f, &f->admin, "dora", NULL, (Netpont__StaffRole)9, false, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "mentor, treasurer or admin");
	expect_error(staff_update(f, &c.mentor, "dora", "Dóri",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can change a staff account.");
	assert_string_equal(staff_rows(f, after, sizeof after), before);
	assert_int_equal(f->dropped_staff, 0);
}

/* Dóra, with her display name, answers PC-03's call: the PC hears "Dóra". */
static void test_pc_hears_the_display_name_of_who_answers(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	add_staff(f, "dora", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	expect_reply(staff_update(f, &f->admin, "dora", "Dóra",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	gw_peer dora = sign_in(f, "dora", "password-1");
	Netpont__AgentHelp h = NETPONT__AGENT_HELP__INIT;
	h.text = "";
	Netpont__Envelope *r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	Netpont__HelpAck ack = NETPONT__HELP_ACK__INIT;
	ack.id = r->help_call->id;
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);
	expect_reply(request(f, &dora, NETPONT__ENVELOPE__BODY_HELP_ACK, &ack),
	             NETPONT__ENVELOPE__BODY_HELP_CALL);
	Netpont__Envelope *to_pc = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, agent.seat_id);
	assert_non_null(to_pc);
	assert_string_equal(to_pc->help_event->call->acknowledged_by, "dora");
	assert_string_equal(to_pc->help_event->call->acknowledged_by_display, "Dóra");
}

/* A charge Dóra takes names her display name, for the receipt. */
static void test_ledger_entry_names_the_staff_display_name(void **state)
{
	fixture *f = *state;
	money_cast m;
	money_cast_enter(f, &m);
	expect_reply(staff_update(f, &f->admin, "dora", "Dóra",
	                          NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED, false, false),
	             NETPONT__ENVELOPE__BODY_STAFF_MEMBER);
	Netpont__Envelope *r = charge_copies(f, &m.mentor, 1);
	expect_body(r, NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	assert_string_equal(r->charge_added->entry->staff, "dora");
	assert_string_equal(r->charge_added->entry->staff_display_name, "Dóra");
	netpont__envelope__free_unpacked(r, NULL);
	/* Without a display name, the sign-in name. */
	add_staff(f, "zoli", NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	gw_peer zoli = sign_in(f, "zoli", "password-1");
	r = charge_copies(f, &zoli, 1);
	expect_body(r, NETPONT__ENVELOPE__BODY_CHARGE_ADDED);
	assert_string_equal(r->charge_added->entry->staff_display_name, "zoli");
	netpont__envelope__free_unpacked(r, NULL);
}

/* PC-03 calls for help; returns the call's id. */
static int64_t raise_help(fixture *f, gw_peer *agent)
{
	Netpont__AgentHelp h = NETPONT__AGENT_HELP__INIT;
	h.text = "The form will not send.";
	Netpont__Envelope *r = request(f, agent, NETPONT__ENVELOPE__BODY_AGENT_HELP, &h);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	int64_t id = r->help_call->id;
	netpont__envelope__free_unpacked(r, NULL);
	return id;
}

static Netpont__Envelope *help_resolve(fixture *f, gw_peer *peer, int64_t id, const char *topic)
{
	Netpont__HelpResolve m = NETPONT__HELP_RESOLVE__INIT;
	m.id = id;
	m.topic = (char *)topic;
	return request(f, peer, NETPONT__ENVELOPE__BODY_HELP_RESOLVE, &m);
}

static void test_help_resolved_with_a_topic_is_counted_by_topic(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	int64_t id = raise_help(f, &agent);
	Netpont__Envelope *r = help_resolve(f, &f->admin, id, "e_government");
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_CALL);
	assert_string_equal(r->help_call->topic, "e_government");
	netpont__envelope__free_unpacked(r, NULL);
	expect_reply(help_resolve(f, &f->admin, raise_help(f, &agent), ""),
	             NETPONT__ENVELOPE__BODY_HELP_CALL);
	expect_reply(help_resolve(f, &f->admin, raise_help(f, &agent), "e_government"),
	             NETPONT__ENVELOPE__BODY_HELP_CALL);
	char day[16];
	time_t t = (time_t)f->now;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	Netpont__ReportHelp rh = NETPONT__REPORT_HELP__INIT;
	rh.from = day;
	rh.to = day;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_REPORT_HELP, &rh);
	expect_body(r, NETPONT__ENVELOPE__BODY_REPORT_HELP_REPLY);
	Netpont__ReportHelpReply *rep = r->report_help_reply;
	assert_int_equal(rep->n_topics, 2);
	assert_string_equal(rep->topics[0]->topic, "e_government");
	assert_int_equal(rep->topics[0]->calls, 2);
	assert_string_equal(rep->topics[1]->topic, "");
	assert_int_equal(rep->topics[1]->calls, 1);
	netpont__envelope__free_unpacked(r, NULL);
}

static void test_unknown_help_topic_changes_nothing(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_agent(f);
	int64_t id = raise_help(f, &agent);
	expect_error(help_resolve(f, &f->admin, id, "gossip"),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "no help topic called gossip");
	assert_int_equal(count(f, "SELECT count(*) FROM help_calls WHERE resolved_at IS NULL "
	                          "AND topic IS NULL"),
	                 1);
}

/* Mrs Kovács at PC-03 calls for help and gets a message; then her session
 * ends (how: end_session). The call closes because the session ended, the
 * message is cleared, the PC and the consoles hear it, and neither the
 * help list nor the seat shows anything for the next resident. */
static void help_and_message_end_with_the_session(fixture *f,
                                                  void (*end_session)(fixture *, gw_peer *))
{
	gw_peer agent = pc03_with_kovacsm(f);
	expect_reply(agent_login(f, &agent, "kovacsm", "1234"), NETPONT__ENVELOPE__BODY_SESSION);
	int64_t id = raise_help(f, &agent);
	Netpont__SeatMessage sm = NETPONT__SEAT_MESSAGE__INIT;
	sm.name = "PC-03";
	sm.text = "I am coming in a minute.";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_MESSAGE, &sm),
	             NETPONT__ENVELOPE__BODY_OK);
	clear_events(f);
	end_session(f, &agent);

	Netpont__Envelope *ev = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, agent.seat_id);
	assert_non_null(ev);
	assert_int_equal(ev->help_event->call->id, id);
	assert_int_equal(ev->help_event->call->state, NETPONT__HELP_STATE__HELP_STATE_CANCELLED);
	assert_string_equal(ev->help_event->call->close_reason, "session_ended");
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, 0));
	ev = find_event(f, NETPONT__ENVELOPE__BODY_MESSAGE_EVENT, agent.seat_id);
	assert_non_null(ev);
	assert_string_equal(ev->message_event->text, "");
	ev = find_event(f, NETPONT__ENVELOPE__BODY_SEAT_EVENT, 0);
	assert_non_null(ev);
	assert_int_equal(ev->seat_event->seat->help_id, 0);
	assert_string_equal(ev->seat_event->seat->message, "");

	Netpont__HelpList hl = NETPONT__HELP_LIST__INIT;
	Netpont__Envelope *r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_HELP_LIST, &hl);
	expect_body(r, NETPONT__ENVELOPE__BODY_HELP_LIST_REPLY);
	assert_int_equal(r->help_list_reply->n_calls, 0);
	netpont__envelope__free_unpacked(r, NULL);
	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	r = request(f, &f->admin, NETPONT__ENVELOPE__BODY_SEAT_LIST, &sl);
	expect_body(r, NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY);
	assert_int_equal(r->seat_list_reply->seats[0]->help_id, 0);
	assert_string_equal(r->seat_list_reply->seats[0]->message, "");
	netpont__envelope__free_unpacked(r, NULL);
}

static void end_by_mentor(fixture *f, gw_peer *agent)
{
	(void)agent;
	Netpont__SessionEnd m = NETPONT__SESSION_END__INIT;
	m.seat = "PC-03";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_SESSION_END, &m),
	             NETPONT__ENVELOPE__BODY_SESSION);
}

static void end_by_logout(fixture *f, gw_peer *agent)
{
	expect_reply(agent_logout(f, agent, 0), NETPONT__ENVELOPE__BODY_SESSION);
}

static void end_by_time_up(fixture *f, gw_peer *agent)
{
	(void)agent;
	f->now += 24 * 3600;
	assert_int_equal(gateway_expire(f->gw), 1);
}

/* A call raised at the locked PC belongs to that wait: when a session
 * starts there (the resident logs in, or a mentor starts one), it closes,
 * saying so, and the new session begins with none. */
static void test_help_from_the_locked_pc_closes_when_a_session_starts(void **state)
{
	fixture *f = *state;
	gw_peer agent = pc03_with_kovacsm(f);
	int64_t id = raise_help(f, &agent);
	clear_events(f);
	expect_reply(agent_login(f, &agent, "kovacsm", "1234"), NETPONT__ENVELOPE__BODY_SESSION);
	Netpont__Envelope *ev = find_event(f, NETPONT__ENVELOPE__BODY_HELP_EVENT, agent.seat_id);
	assert_non_null(ev);
	assert_int_equal(ev->help_event->call->id, id);
	assert_int_equal(ev->help_event->call->state, NETPONT__HELP_STATE__HELP_STATE_CANCELLED);
	assert_string_equal(ev->help_event->call->close_reason, "session_started");
	assert_int_equal(count(f, "SELECT count(*) FROM help_calls WHERE resolved_at IS NULL"), 0);
	/* A call raised during the session stays open while it runs. */
	raise_help(f, &agent);
	assert_int_equal(count(f, "SELECT count(*) FROM help_calls WHERE resolved_at IS NULL"), 1);
}

static void test_help_and_message_end_when_a_mentor_ends_the_session(void **state)
{
	help_and_message_end_with_the_session(*state, end_by_mentor);
}

static void test_help_and_message_end_when_the_resident_logs_out(void **state)
{
	help_and_message_end_with_the_session(*state, end_by_logout);
}

static void test_help_and_message_end_when_the_time_is_up(void **state)
{
	help_and_message_end_with_the_session(*state, end_by_time_up);
}

/* ------------------------------------------------------------ opening hours */

static Netpont__Envelope *closed_date_add(fixture *f, gw_peer *peer, const char *day,
                                          const char *note)
{
	Netpont__ClosedDate d = NETPONT__CLOSED_DATE__INIT;
	d.day = (char *)day;
	d.note = (char *)note;
	Netpont__ClosedDateAdd m = NETPONT__CLOSED_DATE_ADD__INIT;
	m.date = &d;
	return request(f, peer, NETPONT__ENVELOPE__BODY_CLOSED_DATE_ADD, &m);
}

/* A lunch break set while a session runs through it: the session now ends
 * at its start, the PC hears the new end and the hours, and no time can be
 * added past it. (The fake now is Tuesday 12:00.) */
static void test_a_lunch_break_cuts_a_running_session_short(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-03", token);
	add_resident(f, "kovacsm", "Kovács Mária", "1234");
	f->connected_seat = 1;
	Netpont__Envelope *r = session_start(f, &f->admin, "PC-03", "kovacsm", 3600);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
	clear_events(f);

	set_setting(f, "hours_2", "00:00-12:30,13:30-24:00");
	assert_int_equal(count(f, "SELECT ends_at FROM sessions WHERE ended_at IS NULL"),
	                 f->now + 1800);
	Netpont__Envelope *lease = find_event(f, NETPONT__ENVELOPE__BODY_LEASE_EVENT, 1);
	assert_non_null(lease);
	assert_true(lease->lease_event->unlocked);
	assert_int_equal(lease->lease_event->session->ends_at, f->now + 1800);
	assert_int_equal(lease->lease_event->closes_at, f->now + 1800);
	assert_int_equal(lease->lease_event->opens_at, f->now + 5400);
	assert_string_equal(lease->lease_event->hours_today, "00:00\u201312:30, 13:30\u201324:00");
	assert_string_equal(lease->lease_event->close_time, ""); /* 24:00 */
	assert_non_null(find_event(f, NETPONT__ENVELOPE__BODY_SEAT_EVENT, 0));
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE action = 'session.cap'"), 1);
	/* The store keeps the week as seven settings, no old keys. */
	assert_int_equal(count(f, "SELECT count(*) FROM settings WHERE key GLOB 'hours_*'"), 7);
	assert_int_equal(count(f, "SELECT count(*) FROM settings WHERE key = 'open_time'"), 0);

	Netpont__SessionExtend m = NETPONT__SESSION_EXTEND__INIT;
	m.seat = "PC-03";
	m.seconds = 600;
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_SESSION_EXTEND, &m),
	             NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
	             "The room closes at 12:30, so no more time can be added.");
}

/* Closed dates: bad ones are refused with a sentence and change nothing;
 * today closed refuses sessions and says when the room opens; only an
 * administrator may add one. */
static void test_closed_dates_refuse_and_close(void **state)
{
	fixture *f = *state;
	staff_cast c;
	staff_cast_enter(f, &c);
	char token[65];
	add_seat(f, "PC-03", token);
	int64_t audit = count(f, "SELECT count(*) FROM audit");
	expect_error(closed_date_add(f, &f->admin, "2024-02-30", ""),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "The date must look like 2026-11-24.");
	expect_error(closed_date_add(f, &f->admin, "2024-03-11", ""),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	             "2024-03-11 is in the past; only today or a later day can be closed.");
	char note[260];
	memset(note, 'x', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	expect_error(closed_date_add(f, &f->admin, "2024-03-13", note),
	             NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, "The note is too long");
	expect_error(closed_date_add(f, &c.mentor, "2024-03-13", ""),
	             NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	             "Only an administrator can change the opening hours.");
	Netpont__ClosedDateRemove rm = NETPONT__CLOSED_DATE_REMOVE__INIT;
	rm.day = "2024-03-13";
	expect_error(request(f, &f->admin, NETPONT__ENVELOPE__BODY_CLOSED_DATE_REMOVE, &rm),
	             NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, "2024-03-13 is not a closed date.");
	assert_int_equal(count(f, "SELECT count(*) FROM closed_dates"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit"), audit);

	expect_reply(closed_date_add(f, &f->admin, "2024-03-12", "Town holiday"),
	             NETPONT__ENVELOPE__BODY_OK);
	expect_error(session_start(f, &f->admin, "PC-03", NULL, 0),
	             NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
	             "The room is closed today. It opens at 00:00 on Wednesday.");
	Netpont__ClosedDateList list = NETPONT__CLOSED_DATE_LIST__INIT;
	Netpont__Envelope *r =
	    request(f, &c.mentor, NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST, &list);
	expect_body(r, NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST_REPLY);
	assert_int_equal(r->closed_date_list_reply->n_dates, 1);
	assert_string_equal(r->closed_date_list_reply->dates[0]->note, "Town holiday");
	netpont__envelope__free_unpacked(r, NULL);
	rm.day = "2024-03-12";
	expect_reply(request(f, &f->admin, NETPONT__ENVELOPE__BODY_CLOSED_DATE_REMOVE, &rm),
	             NETPONT__ENVELOPE__BODY_OK);
	r = session_start(f, &f->admin, "PC-03", NULL, 0);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	netpont__envelope__free_unpacked(r, NULL);
}

/* A logout the agent held while the server was away ends the session when
 * it was made, bounded by the session's start and now. */
static void test_a_held_logout_counts_from_its_time(void **state)
{
	fixture *f = *state;
	char token[65];
	add_seat(f, "PC-01", token);
	add_resident(f, "anna", "Kiss Anna", "1234");
	gw_peer agent = agent_hello(f, "PC-01", token);
	int64_t start = f->now;
	Netpont__Envelope *r = agent_login(f, &agent, "anna", "1234");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	int64_t id = r->session->id;
	netpont__envelope__free_unpacked(r, NULL);

	f->now += 3600; /* the server was away for an hour */
	Netpont__AgentLogout m = NETPONT__AGENT_LOGOUT__INIT;
	m.session_id = id;
	m.at = start + 40 * 60;
	r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_LOGOUT, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(r->session->ended_at, start + 40 * 60);
	netpont__envelope__free_unpacked(r, NULL);
	/* Two 30-minute blocks, not three. */
	assert_int_equal(count(f, "SELECT qty FROM ledger WHERE kind = 'charge'"), 2);
	assert_int_equal(count(f, "SELECT at FROM ledger WHERE kind = 'charge'"), start + 40 * 60);

	/* A PC clock before the session's start counts from the start. */
	r = agent_login(f, &agent, "anna", "1234");
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	id = r->session->id;
	int64_t second = r->session->started_at;
	netpont__envelope__free_unpacked(r, NULL);
	m.session_id = id;
	m.at = second - 500;
	r = request(f, &agent, NETPONT__ENVELOPE__BODY_AGENT_LOGOUT, &m);
	expect_body(r, NETPONT__ENVELOPE__BODY_SESSION);
	assert_int_equal(r->session->ended_at, second);
	netpont__envelope__free_unpacked(r, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_handshake_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup_is_handed_out_in_chunks_then_removed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_backup_is_refused_to_others_and_to_a_second_admin,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backup_work_runs_between_other_requests, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_only_an_administrator_enrols_a_pc, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_treasurer_reads_but_does_not_run_the_room, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_mentor_changes_only_their_own_password, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_staff_and_agents_make_only_their_own_requests,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_settings_are_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_print_with_a_broken_title_is_charged, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_utf8_in_a_resident_name_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_utf8_in_a_nested_text_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_busy_seat_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lock_with_grace_warns_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_pin_counts_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_five_wrong_passwords_lock_the_account, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_staff_lockouts_double, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_passwords_and_lockouts_are_audited, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_admin_lifts_a_staff_lockout, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_wrong_passwords_from_one_address_lock_it_for_every_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_throttle_settings_are_checked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resident_lockouts_double_and_a_new_pin_lifts_them,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_pc_cannot_lock_out_the_room, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_seat_tokens_are_keyed_hashes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restart_resumes_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_session_info_tells_the_pc_what_the_session_costs,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_opening_hours_reach_agent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_only_requests_write_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_booking_changes_reach_the_staff, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_long_booking_list_is_cut_at_one_frame, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_settings_are_cached_until_a_setting_set, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_help_call_taken_back, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_incident_is_audited_and_shown_to_staff, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_follow_the_screens_language, setup_i18n,
	                                    teardown_i18n),
	    cmocka_unit_test_setup_teardown(test_each_connection_gets_its_own_language, setup_i18n,
	                                    teardown_i18n),
	    cmocka_unit_test_setup_teardown(
	        test_refusals_while_running_and_for_the_role_are_translated, setup_i18n,
	        teardown_i18n),
	    cmocka_unit_test_setup_teardown(test_refused_hello_is_worded_in_its_own_language,
	                                    setup_i18n, teardown_i18n),
	    cmocka_unit_test_setup_teardown(test_pin_tries_count_down_in_the_agents_language,
	                                    setup_i18n, teardown_i18n),
	    cmocka_unit_test_setup_teardown(test_server_speaks_english_between_requests, setup_i18n,
	                                    teardown_i18n),
	    cmocka_unit_test_setup_teardown(test_help_calls, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shift_start_is_announced, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_charge_is_announced_to_staff, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_treasurer_cannot_add_a_charge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_print_from_a_session_is_charged_once, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_print_quote_is_at_the_category_price, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_cash_payment_settles_the_bill, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_payment_retried_with_its_request_key_pays_once,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_charge_retried_with_its_request_key_charges_once,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_paying_more_than_owed_leaves_a_credit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_refund_without_a_shift_changes_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_mentor_reverses_own_recent_charge, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_only_the_books_reverse_a_payment, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tariffs_are_read_by_all_and_set_by_the_admin,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resident_detail_lists_sessions_and_ledger, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_shift_end_expects_the_float_after_a_reversed_payment, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_money_actions_are_audited, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_list_is_read_by_the_admin_and_the_treasurer,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_list_is_refused_to_mentors_and_agents, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_list_filters_by_user_action_and_dates, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_list_refuses_bad_filters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_rows_cannot_be_changed_or_removed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pin_resets_and_resident_views_are_audited, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_never_holds_a_secret, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_many_sessions_end_at_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_close_time_reaches_agent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_logout_ends_only_its_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_lunch_break_cuts_a_running_session_short, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_closed_dates_refuse_and_close, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_held_logout_counts_from_its_time, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ping_refreshes_last_seen, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_last_seen_batches_are_bounded, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_release_of_a_job_not_held_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_held_prints_reach_staff, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_refused_releases_reach_neither_the_pc_nor_the_audit_log, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_release_goes_to_the_pc_and_the_audit_log, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_new_report_replaces_the_set_and_an_admin_cancels,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_report_over_the_limits_keeps_the_old_set, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_held_prints_are_forgotten_when_the_agent_goes_away,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_print_of_an_ended_session_is_charged_to_its_resident, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_print_reported_again_is_charged_once, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_print_naming_another_pcs_session_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_print_naming_an_unknown_session_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_print_without_a_session_is_charged_to_the_one_running, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_only_an_administrator_removes_or_renews_a_known_pc,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_join_codes_need_a_connection_of_their_own, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_renewing_a_token_retires_the_old_one, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_renewing_during_a_session_needs_force, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_removing_waits_for_the_session_and_the_help_call,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_sets_a_display_name_and_a_role, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_display_name_alone_keeps_the_connections, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_disabled_account_cannot_sign_in_and_is_disconnected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_admin_cannot_lock_themself_out, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_last_admin_is_neither_disabled_nor_demoted, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_staff_updates_change_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pc_hears_the_display_name_of_who_answers, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ledger_entry_names_the_staff_display_name, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_help_resolved_with_a_topic_is_counted_by_topic,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_help_topic_changes_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_help_from_the_locked_pc_closes_when_a_session_starts, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_help_and_message_end_when_a_mentor_ends_the_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_help_and_message_end_when_the_resident_logs_out,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_help_and_message_end_when_the_time_is_up, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_a_removed_pc_can_be_enrolled_again, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
