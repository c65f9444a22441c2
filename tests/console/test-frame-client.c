/* NetpontFrameClient over a real Unix socket: the client connects to a
 * listening socket in a temporary folder, and the test plays the peer on the
 * accepted end with the frame codec, the way netpontd and netpont-agent
 * answer. One behaviour per test; every test ends by closing the client and
 * checking that it is finalized (no callback kept a reference). */
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "netpont-frame-client.h"

#define WAIT_US (5 * G_USEC_PER_SEC)

typedef struct {
	char *dir;
	char *path;
	GSocket *listener;
	GSocket *peer; /* the accepted end: the test answers here */
	np_frame_reader peer_reader;
	NetpontFrameClient *client;
} Fixture;

/* What a callback or a signal handler saw. */
typedef struct {
	gboolean done;
	Netpont__Envelope *reply;
	GError *error;
	int tries_left;
} Outcome;

static void outcome_clear(Outcome *outcome)
{
	if (outcome->reply != NULL)
		netpont__envelope__free_unpacked(outcome->reply, NULL);
	g_clear_error(&outcome->error);
	memset(outcome, 0, sizeof *outcome);
}

/* Runs the main loop until *flag is set; fails the test after WAIT_US. */
static void wait_for(const gboolean *flag)
{
	gint64 end = g_get_monotonic_time() + WAIT_US;

	while (!*flag) {
		g_assert_cmpint(g_get_monotonic_time(), <, end);
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(1000);
	}
}

/* Runs what the main loop has ready, e.g. the callbacks of cancelled I/O. */
static void drain(void)
{
	for (int i = 0; i < 100; i++) {
		while (g_main_context_iteration(NULL, FALSE))
			;
		g_usleep(1000);
	}
}

static void connect_done(GObject *source, GAsyncResult *result, gpointer data)
{
	Outcome *outcome = data;

	g_assert_true(netpont_frame_client_connect_finish(NETPONT_FRAME_CLIENT(source), result,
	                                                  &outcome->error));
	outcome->done = TRUE;
}

static void fixture_set_up(Fixture *fx, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocketAddress) address = NULL;
	guint timeout_s = GPOINTER_TO_UINT(data);
	Outcome connected = {0};

	fx->dir = g_dir_make_tmp("netpont-frame-client-XXXXXX", &error);
	g_assert_no_error(error);
	fx->path = g_build_filename(fx->dir, "control", NULL);
	address = g_unix_socket_address_new(fx->path);
	fx->listener = g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
	                            G_SOCKET_PROTOCOL_DEFAULT, &error);
	g_assert_no_error(error);
	g_assert_true(g_socket_bind(fx->listener, address, FALSE, &error));
	g_assert_true(g_socket_listen(fx->listener, &error));

	fx->client = netpont_frame_client_new(NP_FRAME_DEFAULT_MAX);
	netpont_frame_client_connect_async(fx->client, G_SOCKET_CONNECTABLE(address), timeout_s,
	                                   connect_done, &connected);
	wait_for(&connected.done);
	g_assert_true(netpont_frame_client_is_open(fx->client));
	fx->peer = g_socket_accept(fx->listener, NULL, &error);
	g_assert_no_error(error);
	np_frame_reader_init(&fx->peer_reader, NP_FRAME_DEFAULT_MAX);
}

static void fixture_tear_down(Fixture *fx, gconstpointer data)
{
	netpont_frame_client_close(fx->client, NULL);
	drain();
	g_assert_finalize_object(fx->client);
	np_frame_reader_reset(&fx->peer_reader);
	g_clear_object(&fx->peer);
	g_clear_object(&fx->listener);
	g_unlink(fx->path);
	g_rmdir(fx->dir);
	g_free(fx->path);
	g_free(fx->dir);
}

/* The next frame the client wrote, read on the peer's end. */
static Netpont__Envelope *peer_receive(Fixture *fx)
{
	gint64 end = g_get_monotonic_time() + WAIT_US;
	guint8 byte;

	/* One byte at a time, so that no second frame is read ahead. */
	for (;;) {
		Netpont__Envelope *env = NULL;
		size_t used = 0;
		g_autoptr(GError) error = NULL;

		g_assert_cmpint(g_get_monotonic_time(), <, end);
		if (!(g_socket_condition_check(fx->peer, G_IO_IN) & G_IO_IN)) {
			if (!g_main_context_iteration(NULL, FALSE))
				g_usleep(1000);
			continue;
		}
		g_assert_cmpint(g_socket_receive(fx->peer, (char *)&byte, 1, NULL, &error), ==, 1);
		if (np_frame_reader_feed(&fx->peer_reader, &byte, 1, &used, &env) == NP_FRAME_OK)
			return env;
	}
}

static void peer_send_bytes(Fixture *fx, const void *data, gsize len)
{
	g_autoptr(GError) error = NULL;

	g_assert_cmpint(g_socket_send(fx->peer, data, len, NULL, &error), ==, (gssize)len);
}

static void peer_send(Fixture *fx, const Netpont__Envelope *env)
{
	uint8_t *buf = NULL;
	size_t len = 0;

	g_assert_cmpint(np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &buf, &len), ==, NP_FRAME_OK);
	peer_send_bytes(fx, buf, len);
	free(buf);
}

/* Replies Pong with server_time to the request with id. */
static void peer_send_pong(Fixture *fx, uint64_t id, int64_t server_time)
{
	Netpont__Pong pong = NETPONT__PONG__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	pong.server_time = server_time;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_PONG;
	env.pong = &pong;
	peer_send(fx, &env);
}

static void call_done(GObject *source, GAsyncResult *result, gpointer data)
{
	Outcome *outcome = data;

	outcome->reply = netpont_frame_client_call_finish(NETPONT_FRAME_CLIENT(source), result,
	                                                  &outcome->tries_left, &outcome->error);
	outcome->done = TRUE;
}

/* Sends a Ping and returns the id the peer saw it with. */
static uint64_t call_ping(Fixture *fx, Outcome *outcome)
{
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Envelope *seen;
	uint64_t id;

	env.id = 4242; /* replaced by the client */
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	netpont_frame_client_call_async(fx->client, &env, NULL, call_done, outcome);
	seen = peer_receive(fx);
	g_assert_cmpint(seen->body_case, ==, NETPONT__ENVELOPE__BODY_PING);
	id = seen->id;
	netpont__envelope__free_unpacked(seen, NULL);
	g_assert_cmpuint(id, !=, 0);
	g_assert_cmpuint(id, !=, 4242);
	return id;
}

/* Two requests in flight, answered in the other order: each gets its own. */
static void test_replies_by_id(Fixture *fx, gconstpointer data)
{
	Outcome first = {0}, second = {0};
	uint64_t first_id = call_ping(fx, &first);
	uint64_t second_id = call_ping(fx, &second);

	g_assert_cmpuint(first_id, !=, second_id);
	peer_send_pong(fx, second_id, 2000);
	peer_send_pong(fx, first_id, 1000);
	wait_for(&first.done);
	wait_for(&second.done);
	g_assert_no_error(first.error);
	g_assert_no_error(second.error);
	g_assert_cmpint(first.reply->pong->server_time, ==, 1000);
	g_assert_cmpint(second.reply->pong->server_time, ==, 2000);
	outcome_clear(&first);
	outcome_clear(&second);
}

/* What the "event" signal carried. */
typedef struct {
	gboolean done;
	Netpont__Envelope__BodyCase body_case;
	char *seat;
} SeenEvent;

static void on_event(NetpontFrameClient *client, const Netpont__Envelope *env, gpointer data)
{
	SeenEvent *seen = data;

	g_assert_cmpuint(env->id, ==, 0);
	seen->body_case = env->body_case;
	if (env->body_case == NETPONT__ENVELOPE__BODY_SEAT_EVENT)
		seen->seat = g_strdup(env->seat_event->seat->name);
	seen->done = TRUE;
}

/* A frame with id 0 is an event: the "event" signal carries it. */
static void test_event_signal(Fixture *fx, gconstpointer data)
{
	Netpont__SeatInfo seat = NETPONT__SEAT_INFO__INIT;
	Netpont__SeatEvent event = NETPONT__SEAT_EVENT__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	SeenEvent seen = {0};

	g_signal_connect(fx->client, "event", G_CALLBACK(on_event), &seen);
	seat.name = "PC-01";
	event.seat = &seat;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_EVENT;
	env.seat_event = &event;
	peer_send(fx, &env);
	wait_for(&seen.done);
	g_assert_cmpint(seen.body_case, ==, NETPONT__ENVELOPE__BODY_SEAT_EVENT);
	g_assert_cmpstr(seen.seat, ==, "PC-01");
	g_signal_handlers_disconnect_by_data(fx->client, &seen);
	g_free(seen.seat);
}

/* An Error reply becomes a GError with the peer's code and sentence. */
static void test_error_reply(Fixture *fx, gconstpointer data)
{
	Netpont__Error refusal = NETPONT__ERROR__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Outcome outcome = {0};

	env.id = call_ping(fx, &outcome);
	refusal.code = NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN;
	refusal.message = "Wrong PIN — 2 tries left. A mentor can reset it.";
	refusal.tries_left = 2;
	env.body_case = NETPONT__ENVELOPE__BODY_ERROR;
	env.error = &refusal;
	peer_send(fx, &env);
	wait_for(&outcome.done);
	g_assert_null(outcome.reply);
	g_assert_error(outcome.error, NETPONT_FRAME_ERROR,
	               NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN);
	g_assert_cmpstr(outcome.error->message, ==, refusal.message);
	g_assert_true(netpont_frame_error_is_refusal(outcome.error));
	g_assert_cmpint(outcome.tries_left, ==, 2);
	outcome_clear(&outcome);
}

static void on_closed(NetpontFrameClient *client, const GError *reason, gpointer data)
{
	Outcome *outcome = data;

	g_assert_false(netpont_frame_client_is_open(client));
	outcome->error = g_error_copy(reason);
	outcome->done = TRUE;
}

/* The peer hangs up: "closed" says so, and the request in flight fails. */
static void test_peer_close_fails_pending(Fixture *fx, gconstpointer data)
{
	Outcome outcome = {0}, closed = {0};

	g_signal_connect(fx->client, "closed", G_CALLBACK(on_closed), &closed);
	call_ping(fx, &outcome);
	g_socket_close(fx->peer, NULL);
	wait_for(&outcome.done);
	g_assert_true(closed.done);
	g_assert_error(closed.error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_CLOSED);
	g_assert_error(outcome.error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_assert_cmpstr(outcome.error->message, ==, closed.error->message);
	g_assert_false(netpont_frame_error_is_refusal(outcome.error));
	g_assert_false(netpont_frame_client_is_open(fx->client));
	g_signal_handlers_disconnect_by_data(fx->client, &closed);
	outcome_clear(&outcome);
	outcome_clear(&closed);
}

static void on_closed_reword(NetpontFrameClient *client, const GError *reason, gpointer data)
{
	netpont_frame_client_close(client, "The agent went away.");
}

/* A "closed" handler words the sentence the requests in flight fail with. */
static void test_closed_handler_words_failure(Fixture *fx, gconstpointer data)
{
	Outcome outcome = {0};

	g_signal_connect(fx->client, "closed", G_CALLBACK(on_closed_reword), NULL);
	call_ping(fx, &outcome);
	g_socket_close(fx->peer, NULL);
	wait_for(&outcome.done);
	g_assert_error(outcome.error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_assert_cmpstr(outcome.error->message, ==, "The agent went away.");
	g_signal_handlers_disconnect_by_func(fx->client, on_closed_reword, NULL);
	outcome_clear(&outcome);
}

/* The owner closes: the request in flight fails with the owner's sentence
 * and nothing is emitted. */
static void test_close_fails_pending(Fixture *fx, gconstpointer data)
{
	Outcome outcome = {0}, closed = {0};

	g_signal_connect(fx->client, "closed", G_CALLBACK(on_closed), &closed);
	call_ping(fx, &outcome);
	netpont_frame_client_close(fx->client, "Signed out.");
	wait_for(&outcome.done);
	g_assert_error(outcome.error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_assert_cmpstr(outcome.error->message, ==, "Signed out.");
	g_assert_false(closed.done);
	g_signal_handlers_disconnect_by_data(fx->client, &closed);
	outcome_clear(&outcome);
}

/* A frame announcing more than the maximum closes the stream as PROTOCOL,
 * before anything of that size is allocated. */
static void test_oversized_frame(Fixture *fx, gconstpointer data)
{
	const guint8 header[NP_FRAME_HEADER_SIZE] = {0x7f, 0xff, 0xff, 0xff};
	Outcome closed = {0};

	g_signal_connect(fx->client, "closed", G_CALLBACK(on_closed), &closed);
	peer_send_bytes(fx, header, sizeof header);
	wait_for(&closed.done);
	g_assert_error(closed.error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_PROTOCOL);
	g_signal_handlers_disconnect_by_data(fx->client, &closed);
	outcome_clear(&closed);
}

/* Bytes the peer sent but the client has not read yet count as input
 * waiting; once read, they are the last input. */
static void test_input_waiting(Fixture *fx, gconstpointer data)
{
	Outcome outcome = {0};
	uint64_t id = call_ping(fx, &outcome);
	gint64 before = g_get_monotonic_time();

	g_assert_false(netpont_frame_client_input_waiting(fx->client));
	peer_send_pong(fx, id, 1);
	g_assert_true(netpont_frame_client_input_waiting(fx->client));
	wait_for(&outcome.done);
	g_assert_false(netpont_frame_client_input_waiting(fx->client));
	g_assert_cmpint(netpont_frame_client_get_last_input_us(fx->client), >=, before);
	outcome_clear(&outcome);
}

/* The connect timeout does not stay on the socket: a peer that says nothing
 * for longer is still there, and answers. */
static void test_quiet_peer_kept(Fixture *fx, gconstpointer data)
{
	Outcome outcome = {0}, closed = {0};
	gint64 end = g_get_monotonic_time() + 1500 * 1000;
	uint64_t id;

	g_signal_connect(fx->client, "closed", G_CALLBACK(on_closed), &closed);
	while (g_get_monotonic_time() < end)
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(10 * 1000);
	g_assert_false(closed.done);
	id = call_ping(fx, &outcome);
	peer_send_pong(fx, id, 7);
	wait_for(&outcome.done);
	g_assert_no_error(outcome.error);
	g_signal_handlers_disconnect_by_data(fx->client, &closed);
	outcome_clear(&outcome);
}

/* A request while nothing is open fails at once, without a peer. */
static void test_not_open(void)
{
	g_autoptr(NetpontFrameClient) client = netpont_frame_client_new(NP_FRAME_DEFAULT_MAX);
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Outcome outcome = {0};

	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	netpont_frame_client_call_async(client, &env, NULL, call_done, &outcome);
	wait_for(&outcome.done);
	g_assert_error(outcome.error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_assert_false(netpont_frame_error_is_refusal(outcome.error));
	outcome_clear(&outcome);
	g_assert_finalize_object(g_steal_pointer(&client));
}

#define ADD(path, fn, timeout_s)                                                                   \
	g_test_add("/frame-client/" path, Fixture, GUINT_TO_POINTER(timeout_s), fixture_set_up,    \
	           fn, fixture_tear_down)

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ADD("replies-by-id", test_replies_by_id, 5);
	ADD("event-signal", test_event_signal, 5);
	ADD("error-reply", test_error_reply, 5);
	ADD("peer-close-fails-pending", test_peer_close_fails_pending, 5);
	ADD("closed-handler-words-failure", test_closed_handler_words_failure, 5);
	ADD("close-fails-pending", test_close_fails_pending, 5);
	ADD("oversized-frame", test_oversized_frame, 5);
	ADD("input-waiting", test_input_waiting, 5);
	ADD("quiet-peer-kept", test_quiet_peer_kept, 1);
	g_test_add_func("/frame-client/not-open", test_not_open);
	return g_test_run();
}
