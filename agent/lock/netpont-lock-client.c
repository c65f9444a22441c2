#include "netpont-lock-client.h"

#include <gio/gunixsocketaddress.h>

/* Control frames are small; a status with a long mentor message is well
 * under this. */
#define CLIENT_FRAME_MAX    (64u * 1024u)
#define CLIENT_RECONNECT_MS 1000

struct _NetpontLockClient {
	GObject parent_instance;
	char *socket_path;
	GSocketClient *socket_client;
	GSocketConnection *connection; /* NULL while disconnected */
	GCancellable *cancellable;     /* cancels the pending connect/read */
	np_frame_reader reader;
	guint8 buffer[4096];
	guint64 next_id;
	guint64 status_id;   /* the id of our own ControlStatus request */
	GHashTable *pending; /* request id -> GTask */
	guint reconnect_source;
	gboolean started;
	gboolean stopped;
};

G_DEFINE_FINAL_TYPE(NetpontLockClient, netpont_lock_client, G_TYPE_OBJECT)

enum { SIGNAL_STATUS, SIGNAL_EVENT, SIGNAL_CONNECTION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_QUARK(netpont - lock - error - quark, netpont_lock_error)

static void client_connect(NetpontLockClient *self);

static void envelope_free(gpointer env)
{
	netpont__envelope__free_unpacked(env, NULL);
}

static void client_fail_pending(NetpontLockClient *self)
{
	GHashTableIter iter;
	gpointer task;
	g_autoptr(GList) tasks = NULL;
	g_hash_table_iter_init(&iter, self->pending);
	while (g_hash_table_iter_next(&iter, NULL, &task))
		tasks = g_list_prepend(tasks, g_object_ref(task));
	g_hash_table_remove_all(self->pending);
	for (GList *l = tasks; l != NULL; l = l->next) {
		g_task_return_new_error(l->data, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
		                        "The connection to netpont-agent was lost.");
		g_object_unref(l->data);
	}
}

static gboolean client_reconnect_cb(gpointer data)
{
	NetpontLockClient *self = data;
	self->reconnect_source = 0;
	client_connect(self);
	return G_SOURCE_REMOVE;
}

/* Drops the connection (if any), fails waiting requests and schedules a
 * reconnect. Safe to call more than once. */
static void client_disconnect(NetpontLockClient *self)
{
	gboolean was_connected = self->connection != NULL;
	if (self->cancellable != NULL) {
		g_cancellable_cancel(self->cancellable);
		g_clear_object(&self->cancellable);
	}
	if (self->connection != NULL) {
		g_io_stream_close(G_IO_STREAM(self->connection), NULL, NULL);
		g_clear_object(&self->connection);
	}
	np_frame_reader_reset(&self->reader);
	np_frame_reader_init(&self->reader, CLIENT_FRAME_MAX);
	client_fail_pending(self);
	if (self->reconnect_source == 0 && !self->stopped)
		self->reconnect_source =
		    g_timeout_add(CLIENT_RECONNECT_MS, client_reconnect_cb, self);
	if (was_connected)
		g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0, FALSE);
}

static void client_handle(NetpontLockClient *self, Netpont__Envelope *env)
{
	if (env->id == 0) {
		if (env->body_case == NETPONT__ENVELOPE__BODY_CONTROL_EVENT) {
			Netpont__ControlEvent *ev = env->control_event;
			if (ev->status != NULL)
				g_signal_emit(self, signals[SIGNAL_STATUS], 0, ev->status);
			g_signal_emit(self, signals[SIGNAL_EVENT], 0, ev);
		}
		envelope_free(env);
		return;
	}
	if (env->id == self->status_id) {
		self->status_id = 0;
		if (env->body_case == NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY)
			g_signal_emit(self, signals[SIGNAL_STATUS], 0, env->control_status_reply);
		envelope_free(env);
		return;
	}
	GTask *task = g_hash_table_lookup(self->pending, &env->id);
	if (task == NULL) {
		envelope_free(env); /* a reply nobody waits for any more */
		return;
	}
	g_object_ref(task);
	g_hash_table_remove(self->pending, &env->id);
	if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		Netpont__Error *err = env->error;
		g_task_set_task_data(task, GINT_TO_POINTER(err->tries_left), NULL);
		g_task_return_new_error(task, NETPONT_LOCK_ERROR, (int)err->code, "%s",
		                        err->message ? err->message : "");
		envelope_free(env);
	} else {
		g_task_return_pointer(task, env, envelope_free);
	}
	/* Updates that a reply carries are also state changes for the UI. */
	g_object_unref(task);
}

static void client_read_cb(GObject *source, GAsyncResult *result, gpointer data);

static void client_read_more(NetpontLockClient *self)
{
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(self->connection));
	g_input_stream_read_async(in, self->buffer, sizeof self->buffer, G_PRIORITY_DEFAULT,
	                          self->cancellable, client_read_cb, g_object_ref(self));
}

static void client_read_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontLockClient) self = data;
	g_autoptr(GError) error = NULL;
	gssize n = g_input_stream_read_finish(G_INPUT_STREAM(source), result, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (n <= 0) {
		if (error != NULL)
			g_debug("control socket read failed: %s", error->message);
		client_disconnect(self);
		return;
	}
	size_t off = 0;
	while (off < (size_t)n) {
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&self->reader, self->buffer + off, (size_t)n - off,
		                              &used, &env);
		off += used;
		if (rc == NP_FRAME_OK) {
			client_handle(self, env);
			if (self->connection == NULL)
				return; /* a handler dropped the connection */
		} else if (rc < 0) {
			g_warning("netpont-agent sent a bad frame: %s",
			          np_frame_status_string((np_frame_status)rc));
			client_disconnect(self);
			return;
		}
	}
	client_read_more(self);
}

/* Frames are small and the peer is local, so they are written synchronously;
 * that keeps them in order without a write queue. */
static gboolean client_send(NetpontLockClient *self, const Netpont__Envelope *env, GError **error)
{
	if (self->connection == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
		            "Not connected to netpont-agent.");
		return FALSE;
	}
	uint8_t *buf = NULL;
	size_t len = 0;
	if (np_frame_encode(env, CLIENT_FRAME_MAX, &buf, &len) != 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
		            "The request is too large.");
		return FALSE;
	}
	GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(self->connection));
	gboolean ok = g_output_stream_write_all(out, buf, len, NULL, NULL, error);
	free(buf);
	return ok;
}

static void client_ask_status(NetpontLockClient *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlStatus status = NETPONT__CONTROL_STATUS__INIT;
	env.id = ++self->next_id;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_STATUS;
	env.control_status = &status;
	self->status_id = env.id;
	g_autoptr(GError) error = NULL;
	if (!client_send(self, &env, &error)) {
		g_debug("cannot ask for the status: %s", error->message);
		client_disconnect(self);
	}
}

static void client_connect_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontLockClient) self = data;
	g_autoptr(GError) error = NULL;
	GSocketConnection *conn =
	    g_socket_client_connect_finish(G_SOCKET_CLIENT(source), result, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	if (conn == NULL) {
		g_debug("cannot connect to %s: %s", self->socket_path, error->message);
		client_disconnect(self);
		return;
	}
	self->connection = conn;
	g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0, TRUE);
	if (self->connection == NULL)
		return;
	client_ask_status(self);
	if (self->connection != NULL)
		client_read_more(self);
}

static void client_connect(NetpontLockClient *self)
{
	g_clear_object(&self->cancellable);
	self->cancellable = g_cancellable_new();
	g_autoptr(GSocketAddress) addr = g_unix_socket_address_new(self->socket_path);
	g_socket_client_connect_async(self->socket_client, G_SOCKET_CONNECTABLE(addr),
	                              self->cancellable, client_connect_cb, g_object_ref(self));
}

void netpont_lock_client_start(NetpontLockClient *self)
{
	g_return_if_fail(NETPONT_IS_LOCK_CLIENT(self));
	if (self->started)
		return;
	self->started = TRUE;
	client_connect(self);
}

void netpont_lock_client_stop(NetpontLockClient *self)
{
	g_return_if_fail(NETPONT_IS_LOCK_CLIENT(self));
	self->stopped = TRUE;
	g_clear_handle_id(&self->reconnect_source, g_source_remove);
	client_disconnect(self);
}

gboolean netpont_lock_client_is_connected(NetpontLockClient *self)
{
	return self->connection != NULL;
}

void netpont_lock_client_request_async(NetpontLockClient *self, Netpont__Envelope *env,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_lock_client_request_async);
	env->id = ++self->next_id;
	g_autoptr(GError) error = NULL;
	if (!client_send(self, env, &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	guint64 *key = g_new(guint64, 1);
	*key = env->id;
	g_hash_table_insert(self->pending, key, g_object_ref(task));
}

Netpont__Envelope *netpont_lock_client_request_finish(NetpontLockClient *self, GAsyncResult *result,
                                                      int *tries_left, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	if (tries_left != NULL)
		*tries_left = GPOINTER_TO_INT(g_task_get_task_data(G_TASK(result)));
	return g_task_propagate_pointer(G_TASK(result), error);
}

static void netpont_lock_client_dispose(GObject *object)
{
	NetpontLockClient *self = NETPONT_LOCK_CLIENT(object);
	g_clear_handle_id(&self->reconnect_source, g_source_remove);
	if (self->cancellable != NULL) {
		g_cancellable_cancel(self->cancellable);
		g_clear_object(&self->cancellable);
	}
	if (self->connection != NULL) {
		g_io_stream_close(G_IO_STREAM(self->connection), NULL, NULL);
		g_clear_object(&self->connection);
	}
	if (self->pending != NULL)
		client_fail_pending(self);
	g_clear_object(&self->socket_client);
	G_OBJECT_CLASS(netpont_lock_client_parent_class)->dispose(object);
}

static void netpont_lock_client_finalize(GObject *object)
{
	NetpontLockClient *self = NETPONT_LOCK_CLIENT(object);
	np_frame_reader_reset(&self->reader);
	g_clear_pointer(&self->pending, g_hash_table_unref);
	g_free(self->socket_path);
	G_OBJECT_CLASS(netpont_lock_client_parent_class)->finalize(object);
}

static void netpont_lock_client_class_init(NetpontLockClientClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = netpont_lock_client_dispose;
	object_class->finalize = netpont_lock_client_finalize;
	signals[SIGNAL_STATUS] = g_signal_new("status", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
	                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	signals[SIGNAL_EVENT] = g_signal_new("event", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
	                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	signals[SIGNAL_CONNECTION_CHANGED] =
	    g_signal_new("connection-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void netpont_lock_client_init(NetpontLockClient *self)
{
	/* No timeout: GSocketClient's timeout also applies to every read on
	 * the connection, and the agent is silent while nothing changes. */
	self->socket_client = g_socket_client_new();
	self->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_object_unref);
	np_frame_reader_init(&self->reader, CLIENT_FRAME_MAX);
}

NetpontLockClient *netpont_lock_client_new(const char *socket_path)
{
	NetpontLockClient *self = g_object_new(NETPONT_TYPE_LOCK_CLIENT, NULL);
	self->socket_path = g_strdup(socket_path);
	return self;
}
