/* NetpontClient: see netpont-client.h. Everything here runs on the main
 * context the client was created in; nothing blocks. */
#include "netpont-client.h"

#include <glib/gi18n.h>
#include <string.h>

#define NETPONT_DEFAULT_PORT      7450
#define NETPONT_READ_CHUNK        16384
#define NETPONT_MAX_BACKOFF_S     30
#define NETPONT_CONNECT_TIMEOUT_S 10
/* Frames waiting to be written. A server that stops reading for this long
 * is as good as gone. */
#define NETPONT_MAX_QUEUED_FRAMES 1024

GQuark netpont_client_error_quark(void)
{
	return g_quark_from_static_string("netpont-client-error-quark");
}

struct _NetpontClient {
	GObject parent_instance;

	GSocketClient *socket_client;
	GSocketConnection *connection;
	/* Cancels every I/O callback of the current connection. A new one is
	 * made for each connection, so late callbacks of an old connection
	 * see it cancelled and touch nothing. */
	GCancellable *io_cancellable;
	np_frame_reader reader;
	guint8 read_buffer[NETPONT_READ_CHUNK];
	GQueue write_queue; /* GBytes*, the head is being written */
	gboolean writing;
	GHashTable *pending; /* request id -> GTask */
	guint64 next_id;
	/* Monotonic time of the first Ping sent since the server last said
	 * anything; 0 when every Ping is answered. */
	gint64 unanswered_since_us;

	NetpontClientState state;
	gboolean handshake_done;
	gboolean keep_connected; /* a sign-in succeeded: reconnect on loss */
	GTask *connect_task;     /* the sign-in waiting for Welcome */
	guint ping_source;
	guint reconnect_source;
	guint connect_timeout_source;
	guint backoff_s;

	char *address;
	char *user;
	char *password;
	char *last_error;

	Netpont__StaffRole role;
	char *staff_name;
	char *site_name;
	char *currency;
	guint currency_decimals;
	guint heartbeat_s;
	gint64 time_offset_s; /* server time - local time */
};

G_DEFINE_FINAL_TYPE(NetpontClient, netpont_client, G_TYPE_OBJECT)

enum {
	SIGNAL_CONNECTION_CHANGED,
	SIGNAL_SEAT_CHANGED,
	SIGNAL_HELP_CHANGED,
	SIGNAL_LEDGER_CHANGED,
	SIGNAL_SHIFT_CHANGED,
	N_SIGNALS
};
static guint signals[N_SIGNALS];

/* What an I/O callback needs to know whether its connection still exists. */
typedef struct {
	NetpontClient *client; /* strong reference */
	GCancellable *cancellable;
} IoContext;

static IoContext *io_context_new(NetpontClient *self)
{
	IoContext *ctx = g_new0(IoContext, 1);
	ctx->client = g_object_ref(self);
	ctx->cancellable = g_object_ref(self->io_cancellable);
	return ctx;
}

static void io_context_free(IoContext *ctx)
{
	g_object_unref(ctx->cancellable);
	g_object_unref(ctx->client);
	g_free(ctx);
}

static void client_start_connection(NetpontClient *self);
static void client_start_read(NetpontClient *self);

static void client_set_last_error(NetpontClient *self, const char *message)
{
	g_free(self->last_error);
	self->last_error = g_strdup(message);
}

/* Fails every pending request. The table is swapped out first because a
 * callback may issue new requests. */
static void client_fail_pending(NetpontClient *self, const char *message)
{
	GHashTable *pending = self->pending;
	GHashTableIter iter;
	gpointer value;

	self->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_object_unref);
	g_hash_table_iter_init(&iter, pending);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_task_return_new_error(G_TASK(value), NETPONT_CLIENT_ERROR,
		                        NETPONT_CLIENT_ERROR_DISCONNECTED, "%s", message);
	g_hash_table_unref(pending);
}

static gboolean client_reconnect_cb(gpointer data)
{
	NetpontClient *self = data;

	self->reconnect_source = 0;
	client_start_connection(self);
	return G_SOURCE_REMOVE;
}

/* Closes the current connection. With keep_connected set (and reconnect
 * TRUE) a new attempt is scheduled after the back-off delay; otherwise the
 * client ends up DISCONNECTED. message is the reason, shown to the user. */
static void client_drop(NetpontClient *self, const char *message, gboolean reconnect)
{
	NetpontClientState old_state = self->state;

	if (self->io_cancellable != NULL)
		g_cancellable_cancel(self->io_cancellable);
	g_clear_object(&self->io_cancellable);
	if (self->connection != NULL)
		g_io_stream_close(G_IO_STREAM(self->connection), NULL, NULL);
	g_clear_object(&self->connection);
	np_frame_reader_reset(&self->reader);
	g_queue_clear_full(&self->write_queue, (GDestroyNotify)g_bytes_unref);
	self->writing = FALSE;
	self->handshake_done = FALSE;
	g_clear_handle_id(&self->ping_source, g_source_remove);
	g_clear_handle_id(&self->connect_timeout_source, g_source_remove);
	if (message != NULL)
		client_set_last_error(self, message);

	if (reconnect && self->keep_connected) {
		self->state = NETPONT_CLIENT_RECONNECTING;
		if (self->reconnect_source == 0) {
			self->reconnect_source =
			    g_timeout_add_seconds(self->backoff_s, client_reconnect_cb, self);
			self->backoff_s = MIN(self->backoff_s * 2, NETPONT_MAX_BACKOFF_S);
		}
	} else {
		self->keep_connected = FALSE;
		self->state = NETPONT_CLIENT_DISCONNECTED;
		g_clear_handle_id(&self->reconnect_source, g_source_remove);
	}
	if (self->connect_task != NULL) {
		GTask *task = g_steal_pointer(&self->connect_task);
		g_task_return_new_error(task, NETPONT_CLIENT_ERROR,
		                        NETPONT_CLIENT_ERROR_DISCONNECTED, "%s",
		                        message != NULL ? message : _("Signed out."));
		g_object_unref(task);
	}
	client_fail_pending(self, message != NULL ? message
	                                          : _("The connection to the server was closed."));
	if (old_state != self->state || old_state == NETPONT_CLIENT_RECONNECTING)
		g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0);
}

static void client_write_next(NetpontClient *self);

static void client_write_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	IoContext *ctx = data;
	NetpontClient *self = ctx->client;
	g_autoptr(GError) error = NULL;

	if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, NULL, &error)) {
		if (!g_cancellable_is_cancelled(ctx->cancellable)) {
			g_autofree char *msg = g_strdup_printf(
			    _("The connection to the server was lost: %s"), error->message);
			client_drop(self, msg, TRUE);
		}
		io_context_free(ctx);
		return;
	}
	if (!g_cancellable_is_cancelled(ctx->cancellable)) {
		g_bytes_unref(g_queue_pop_head(&self->write_queue));
		self->writing = FALSE;
		client_write_next(self);
	}
	io_context_free(ctx);
}

static void client_write_next(NetpontClient *self)
{
	GBytes *bytes;
	gsize size;
	gconstpointer data;
	GOutputStream *out;

	if (self->writing || self->connection == NULL)
		return;
	bytes = g_queue_peek_head(&self->write_queue);
	if (bytes == NULL)
		return;
	self->writing = TRUE;
	data = g_bytes_get_data(bytes, &size);
	out = g_io_stream_get_output_stream(G_IO_STREAM(self->connection));
	g_output_stream_write_all_async(out, data, size, G_PRIORITY_DEFAULT, self->io_cancellable,
	                                client_write_cb, io_context_new(self));
}

/* Queues one frame. Returns FALSE with error set if env cannot be encoded. */
static gboolean client_send(NetpontClient *self, const Netpont__Envelope *env, GError **error)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc = np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &buf, &len);

	if (rc != NP_FRAME_OK) {
		g_set_error(error, NETPONT_CLIENT_ERROR, NETPONT_CLIENT_ERROR_PROTOCOL, "%s",
		            np_frame_status_string(rc));
		return FALSE;
	}
	if (g_queue_get_length(&self->write_queue) >= NETPONT_MAX_QUEUED_FRAMES) {
		free(buf);
		g_set_error(error, NETPONT_CLIENT_ERROR, NETPONT_CLIENT_ERROR_DISCONNECTED, "%s",
		            _("The server is not taking requests; the console reconnects."));
		return FALSE;
	}
	g_queue_push_tail(&self->write_queue, g_bytes_new_with_free_func(buf, len, free, buf));
	client_write_next(self);
	return TRUE;
}

static void client_ping_done(GObject *source, GAsyncResult *result, gpointer data)
{
	NetpontClient *self = NETPONT_CLIENT(source);
	Netpont__Envelope *reply = netpont_client_call_finish(self, result, NULL);

	if (reply != NULL) {
		if (reply->body_case == NETPONT__ENVELOPE__BODY_PONG &&
		    reply->pong->server_time > 0)
			self->time_offset_s =
			    reply->pong->server_time - g_get_real_time() / G_USEC_PER_SEC;
		netpont__envelope__free_unpacked(reply, NULL);
	}
}

/* Whether the server's bytes wait in the socket, not read yet. */
static gboolean client_input_waiting(NetpontClient *self)
{
	GSocket *socket;

	if (self->connection == NULL)
		return FALSE;
	socket = g_socket_connection_get_socket(self->connection);
	return (g_socket_condition_check(socket, G_IO_IN) & G_IO_IN) != 0;
}

static gboolean client_ping_cb(gpointer data)
{
	NetpontClient *self = data;
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	gint64 now = g_get_monotonic_time();

	/* A server that has answered no Ping for three heartbeats is gone,
	 * even if TCP has not noticed yet. The silence counts from the first
	 * unanswered Ping, not from the last byte read, and bytes waiting
	 * unread are an answer: when this program's own main loop stalled (a
	 * busy PC), it could neither ping nor read, and this timer may run
	 * before the read that is due. Blaming the server then dropped a live
	 * connection and the requests in flight with it. */
	if (self->unanswered_since_us != 0 &&
	    now - self->unanswered_since_us > (gint64)self->heartbeat_s * 3 * G_USEC_PER_SEC &&
	    !client_input_waiting(self)) {
		self->ping_source = 0;
		client_drop(self, _("The server stopped answering."), TRUE);
		return G_SOURCE_REMOVE;
	}
	if (self->unanswered_since_us == 0)
		self->unanswered_since_us = now;
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	netpont_client_call_async(self, &env, NULL, client_ping_done, NULL);
	return G_SOURCE_CONTINUE;
}

static void client_handle_welcome(NetpontClient *self, const Netpont__Welcome *welcome)
{
	gboolean first = self->connect_task != NULL;

	self->handshake_done = TRUE;
	self->role = welcome->staff_role;
	g_free(self->staff_name);
	self->staff_name = g_strdup(
	    welcome->staff_name != NULL && *welcome->staff_name ? welcome->staff_name : self->user);
	g_free(self->site_name);
	self->site_name = g_strdup(welcome->site_name);
	g_free(self->currency);
	self->currency =
	    g_strdup(welcome->currency != NULL && *welcome->currency ? welcome->currency : "HUF");
	self->currency_decimals = welcome->currency_decimals;
	self->heartbeat_s = welcome->heartbeat_s > 0 ? welcome->heartbeat_s : 15;
	if (welcome->server_time > 0)
		self->time_offset_s = welcome->server_time - g_get_real_time() / G_USEC_PER_SEC;
	self->state = NETPONT_CLIENT_CONNECTED;
	self->keep_connected = TRUE;
	self->backoff_s = 1;
	g_clear_handle_id(&self->connect_timeout_source, g_source_remove);
	g_clear_pointer(&self->last_error, g_free);
	self->ping_source = g_timeout_add_seconds(self->heartbeat_s, client_ping_cb, self);
	if (first) {
		GTask *task = g_steal_pointer(&self->connect_task);
		g_task_return_boolean(task, TRUE);
		g_object_unref(task);
	}
	g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0);
}

/* The first frame after Hello decides the handshake. An Error means wrong
 * credentials or version: reconnecting would not help. */
static void client_handle_handshake(NetpontClient *self, Netpont__Envelope *env)
{
	if (env->body_case == NETPONT__ENVELOPE__BODY_WELCOME) {
		client_handle_welcome(self, env->welcome);
	} else if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		const char *msg = env->error->message != NULL && *env->error->message
		                      ? env->error->message
		                      : _("The server refused the sign-in.");
		client_drop(self, msg, FALSE);
	} else {
		client_drop(self, _("The server answered the sign-in with something unexpected."),
		            FALSE);
	}
}

static void envelope_free(gpointer env)
{
	netpont__envelope__free_unpacked(env, NULL);
}

/* Handles one received frame. Takes ownership of env. */
static void client_dispatch(NetpontClient *self, Netpont__Envelope *env)
{
	GTask *task;

	if (!self->handshake_done) {
		client_handle_handshake(self, env);
		envelope_free(env);
		return;
	}
	if (env->id != 0) {
		task = g_hash_table_lookup(self->pending, &env->id);
		if (task == NULL) {
			envelope_free(env); /* a reply to a request nobody waits for any more */
			return;
		}
		g_object_ref(task);
		g_hash_table_remove(self->pending, &env->id);
		if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
			const char *msg = env->error->message != NULL && *env->error->message
			                      ? env->error->message
			                      : _("The server refused the request.");
			g_task_return_new_error(task, NETPONT_CLIENT_ERROR, env->error->code, "%s",
			                        msg);
			envelope_free(env);
		} else {
			g_task_return_pointer(task, env, envelope_free);
		}
		g_object_unref(task);
		return;
	}
	switch (env->body_case) {
	case NETPONT__ENVELOPE__BODY_SEAT_EVENT:
		if (env->seat_event->seat != NULL)
			g_signal_emit(self, signals[SIGNAL_SEAT_CHANGED], 0, env->seat_event->seat);
		break;
	case NETPONT__ENVELOPE__BODY_HELP_EVENT:
		if (env->help_event->call != NULL)
			g_signal_emit(self, signals[SIGNAL_HELP_CHANGED], 0, env->help_event->call);
		break;
	case NETPONT__ENVELOPE__BODY_LEDGER_EVENT:
		if (env->ledger_event->entry != NULL)
			g_signal_emit(self, signals[SIGNAL_LEDGER_CHANGED], 0,
			              env->ledger_event->entry);
		break;
	case NETPONT__ENVELOPE__BODY_SHIFT_EVENT:
		g_signal_emit(self, signals[SIGNAL_SHIFT_CHANGED], 0, env->shift_event->shift);
		break;
	default:
		break; /* events for other kinds of peers, or newer than us */
	}
	envelope_free(env);
}

static void client_read_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	IoContext *ctx = data;
	NetpontClient *self = ctx->client;
	g_autoptr(GError) error = NULL;
	gssize n = g_input_stream_read_finish(G_INPUT_STREAM(source), result, &error);
	gsize offset = 0;

	if (g_cancellable_is_cancelled(ctx->cancellable))
		goto out;
	if (n <= 0) {
		g_autofree char *msg = NULL;
		if (n == 0)
			msg = g_strdup(_("The server closed the connection."));
		else
			msg = g_strdup_printf(_("The connection to the server was lost: %s"),
			                      error->message);
		client_drop(self, msg, self->handshake_done || self->keep_connected);
		goto out;
	}
	self->unanswered_since_us = 0;
	while (offset < (gsize)n) {
		size_t consumed = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&self->reader, self->read_buffer + offset,
		                              (size_t)n - offset, &consumed, &env);
		offset += consumed;
		if (rc == NP_FRAME_NEED_MORE)
			break;
		if (rc != NP_FRAME_OK) {
			g_autofree char *msg =
			    g_strdup_printf(_("The server sent data the console cannot read (%s)."),
			                    np_frame_status_string(rc));
			client_drop(self, msg, TRUE);
			goto out;
		}
		client_dispatch(self, env);
		/* Dispatching may have closed this connection. */
		if (g_cancellable_is_cancelled(ctx->cancellable))
			goto out;
	}
	client_start_read(self);
out:
	io_context_free(ctx);
}

static void client_start_read(NetpontClient *self)
{
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(self->connection));

	g_input_stream_read_async(in, self->read_buffer, sizeof self->read_buffer,
	                          G_PRIORITY_DEFAULT, self->io_cancellable, client_read_cb,
	                          io_context_new(self));
}


/* The language the server should word its refusals in: the first of the
 * user's languages as GLib sees them (LANGUAGE, LC_ALL, LC_MESSAGES, LANG),
 * cut to its code ("hu_HU.UTF-8" -> "hu"). "C" and "POSIX" mean English, "".
 * Returns a new string the caller frees. */
char *netpont_client_language(void)
{
	const char *const *names = g_get_language_names();
	const char *first = names != NULL && names[0] != NULL ? names[0] : "C";
	if (g_str_equal(first, "C") || g_str_equal(first, "POSIX"))
		return g_strdup("");
	size_t len = strcspn(first, "_.@:");
	return g_strndup(first, len);
}

static void client_connected_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	IoContext *ctx = data;
	NetpontClient *self = ctx->client;
	g_autoptr(GError) error = NULL;
	GSocketConnection *conn =
	    g_socket_client_connect_to_host_finish(G_SOCKET_CLIENT(source), result, &error);
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *language = NULL; /* before any goto: freed on every path */

	if (g_cancellable_is_cancelled(ctx->cancellable)) {
		g_clear_object(&conn);
		goto out;
	}
	if (conn == NULL) {
		g_autofree char *msg = g_strdup_printf(_("Cannot reach the server at %s: %s"),
		                                       self->address, error->message);
		client_drop(self, msg, TRUE);
		goto out;
	}
	self->connection = conn;
	g_socket_set_keepalive(g_socket_connection_get_socket(conn), TRUE);
	/* GSocketClient leaves its connect timeout on the socket as an I/O
	 * timeout: the read waiting for the server would then fail ("Socket
	 * I/O timed out") whenever the server said nothing for 10 s — less
	 * than one heartbeat — and the console dropped a healthy connection,
	 * the requests in flight and the seat selection with it. A dead server
	 * is noticed by the heartbeat (client_ping_cb) instead. */
	g_socket_set_timeout(g_socket_connection_get_socket(conn), 0);
	np_frame_reader_init(&self->reader, NP_FRAME_DEFAULT_MAX);
	self->unanswered_since_us = 0;

	hello.protocol_version = NP_PROTOCOL_VERSION;
	hello.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	hello.user = self->user;
	hello.password = self->password;
	hello.client_name = "netpont-console " NETPONT_VERSION;
	language = netpont_client_language();
	hello.language = language;
	env.id = self->next_id++;
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &hello;
	if (!client_send(self, &env, &error)) {
		client_drop(self, error->message, FALSE);
		goto out;
	}
	client_start_read(self);
out:
	io_context_free(ctx);
}

static gboolean client_connect_timeout_cb(gpointer data)
{
	NetpontClient *self = data;

	self->connect_timeout_source = 0;
	client_drop(self, _("The server did not answer the sign-in in time."), TRUE);
	return G_SOURCE_REMOVE;
}

static void client_start_connection(NetpontClient *self)
{
	g_clear_object(&self->io_cancellable);
	self->io_cancellable = g_cancellable_new();
	self->handshake_done = FALSE;
	g_clear_handle_id(&self->connect_timeout_source, g_source_remove);
	self->connect_timeout_source =
	    g_timeout_add_seconds(NETPONT_CONNECT_TIMEOUT_S, client_connect_timeout_cb, self);
	g_socket_client_connect_to_host_async(self->socket_client, self->address,
	                                      NETPONT_DEFAULT_PORT, self->io_cancellable,
	                                      client_connected_cb, io_context_new(self));
}

void netpont_client_connect_async(NetpontClient *self, const char *address, const char *user,
                                  const char *password, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
	GTask *task;

	g_return_if_fail(NETPONT_IS_CLIENT(self));
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_client_connect_async);

	/* A new sign-in replaces whatever was there before. */
	self->keep_connected = FALSE;
	client_drop(self, NULL, FALSE);
	g_free(self->address);
	self->address = g_strdup(address != NULL && *address ? address : "127.0.0.1:7450");
	g_free(self->user);
	self->user = g_strdup(user != NULL ? user : "");
	g_free(self->password);
	self->password = g_strdup(password != NULL ? password : "");
	self->backoff_s = 1;
	self->connect_task = task;
	self->state = NETPONT_CLIENT_CONNECTING;
	g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0);
	client_start_connection(self);
}

gboolean netpont_client_connect_finish(NetpontClient *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

void netpont_client_disconnect(NetpontClient *self)
{
	g_return_if_fail(NETPONT_IS_CLIENT(self));
	self->keep_connected = FALSE;
	client_drop(self, NULL, FALSE);
	if (self->password != NULL)
		memset(self->password, 0, strlen(self->password));
	g_clear_pointer(&self->password, g_free);
}

void netpont_client_call_async(NetpontClient *self, const Netpont__Envelope *env,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
	GTask *task;
	Netpont__Envelope copy;
	g_autoptr(GError) error = NULL;
	guint64 *key;

	g_return_if_fail(NETPONT_IS_CLIENT(self));
	g_return_if_fail(env != NULL);
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_client_call_async);
	if (self->state != NETPONT_CLIENT_CONNECTED || self->connection == NULL) {
		g_task_return_new_error(task, NETPONT_CLIENT_ERROR,
		                        NETPONT_CLIENT_ERROR_DISCONNECTED, "%s",
		                        _("The console is not connected to the server right now. "
		                          "It reconnects by itself; try again in a moment."));
		g_object_unref(task);
		return;
	}
	copy = *env;
	copy.id = self->next_id++;
	if (!client_send(self, &copy, &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		g_object_unref(task);
		return;
	}
	key = g_new(guint64, 1);
	*key = copy.id;
	g_hash_table_insert(self->pending, key, task);
}

Netpont__Envelope *netpont_client_call_finish(NetpontClient *self, GAsyncResult *result,
                                              GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}

NetpontClientState netpont_client_get_state(NetpontClient *self)
{
	return self->state;
}

gboolean netpont_client_is_connected(NetpontClient *self)
{
	return self->state == NETPONT_CLIENT_CONNECTED;
}

Netpont__StaffRole netpont_client_get_role(NetpontClient *self)
{
	return self->role;
}

const char *netpont_client_get_staff_name(NetpontClient *self)
{
	return self->staff_name != NULL ? self->staff_name : "";
}

const char *netpont_client_get_site_name(NetpontClient *self)
{
	return self->site_name != NULL ? self->site_name : "";
}

const char *netpont_client_get_currency(NetpontClient *self)
{
	return self->currency != NULL ? self->currency : "HUF";
}

guint netpont_client_get_currency_decimals(NetpontClient *self)
{
	return self->currency_decimals;
}

const char *netpont_client_get_address(NetpontClient *self)
{
	return self->address != NULL ? self->address : "";
}

gint64 netpont_client_get_server_time(NetpontClient *self)
{
	return g_get_real_time() / G_USEC_PER_SEC + self->time_offset_s;
}

const char *netpont_client_get_last_error(NetpontClient *self)
{
	return self->last_error;
}

static void netpont_client_dispose(GObject *object)
{
	NetpontClient *self = NETPONT_CLIENT(object);

	self->keep_connected = FALSE;
	if (self->pending != NULL)
		client_drop(self, NULL, FALSE);
	g_clear_handle_id(&self->reconnect_source, g_source_remove);
	g_clear_object(&self->socket_client);
	G_OBJECT_CLASS(netpont_client_parent_class)->dispose(object);
}

static void netpont_client_finalize(GObject *object)
{
	NetpontClient *self = NETPONT_CLIENT(object);

	g_clear_pointer(&self->pending, g_hash_table_unref);
	g_free(self->address);
	g_free(self->user);
	if (self->password != NULL)
		memset(self->password, 0, strlen(self->password));
	g_free(self->password);
	g_free(self->last_error);
	g_free(self->staff_name);
	g_free(self->site_name);
	g_free(self->currency);
	G_OBJECT_CLASS(netpont_client_parent_class)->finalize(object);
}

static void netpont_client_class_init(NetpontClientClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->dispose = netpont_client_dispose;
	object_class->finalize = netpont_client_finalize;

	/* Emitted when the state changes, and on every failed reconnect. */
	signals[SIGNAL_CONNECTION_CHANGED] =
	    g_signal_new("connection-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 0);
	/* The arguments are the protobuf-c messages (Netpont__SeatInfo* and so
	 * on), valid only during the emission. */
	signals[SIGNAL_SEAT_CHANGED] =
	    g_signal_new("seat-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
	                 NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	signals[SIGNAL_HELP_CHANGED] =
	    g_signal_new("help-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
	                 NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	signals[SIGNAL_LEDGER_CHANGED] =
	    g_signal_new("ledger-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	/* The shift may be NULL. */
	signals[SIGNAL_SHIFT_CHANGED] =
	    g_signal_new("shift-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void netpont_client_init(NetpontClient *self)
{
	self->socket_client = g_socket_client_new();
	g_socket_client_set_timeout(self->socket_client, NETPONT_CONNECT_TIMEOUT_S);
	self->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_object_unref);
	g_queue_init(&self->write_queue);
	np_frame_reader_init(&self->reader, NP_FRAME_DEFAULT_MAX);
	self->next_id = 1;
	self->backoff_s = 1;
	self->heartbeat_s = 15;
	self->currency = g_strdup("HUF");
}

NetpontClient *netpont_client_new(void)
{
	return g_object_new(NETPONT_TYPE_CLIENT, NULL);
}
