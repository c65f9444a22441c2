/* NetpontFrameClient: see netpont-frame-client.h. Everything here runs on
 * the main context the client was created in; nothing blocks. */
#include "netpont-frame-client.h"

#include <stdlib.h>

#define FRAME_CLIENT_READ_CHUNK 16384
/* Frames waiting to be written. A peer that stops reading for this long is
 * as good as gone. */
#define FRAME_CLIENT_MAX_QUEUED 1024

G_DEFINE_QUARK(netpont - frame - error - quark, netpont_frame_error)

gboolean netpont_frame_error_is_refusal(const GError *error)
{
	return error != NULL && error->domain == NETPONT_FRAME_ERROR &&
	       error->code < NETPONT_FRAME_ERROR_DISCONNECTED;
}

struct _NetpontFrameClient {
	GObject parent_instance;

	guint32 max_frame;
	GSocketClient *socket_client;
	GIOStream *stream; /* NULL while closed or connecting */
	/* Cancels every I/O callback of the current stream (or connect). A new
	 * one is made for each, so late callbacks of an old stream see theirs
	 * cancelled and touch nothing. */
	GCancellable *io_cancellable;
	np_frame_reader reader;
	guint8 read_buffer[FRAME_CLIENT_READ_CHUNK];
	GQueue write_queue; /* GBytes*, the head is being written */
	gboolean writing;
	GHashTable *pending; /* request id -> GTask */
	/* Never reset: ids increase across streams, so the requests of a
	 * stream are those below the next stream's first id. */
	guint64 next_id;
	gint64 last_input_us;
};

G_DEFINE_FINAL_TYPE(NetpontFrameClient, netpont_frame_client, G_TYPE_OBJECT)

enum { SIGNAL_EVENT, SIGNAL_CLOSED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What an I/O callback needs to know whether its stream still exists. */
typedef struct {
	NetpontFrameClient *client; /* strong reference */
	GCancellable *cancellable;
	GTask *task; /* the connect waiting for this callback, or NULL */
} IoContext;

static IoContext *io_context_new(NetpontFrameClient *self, GTask *task)
{
	IoContext *ctx = g_new0(IoContext, 1);
	ctx->client = g_object_ref(self);
	ctx->cancellable = g_object_ref(self->io_cancellable);
	ctx->task = task;
	return ctx;
}

static void io_context_free(IoContext *ctx)
{
	g_clear_object(&ctx->task);
	g_object_unref(ctx->cancellable);
	g_object_unref(ctx->client);
	g_free(ctx);
}

static void envelope_free(gpointer env)
{
	netpont__envelope__free_unpacked(env, NULL);
}

/* Fails the requests with an id below below_id. They are taken out of the
 * table before any callback runs, because a callback may send new requests
 * or close the client. */
static void frame_client_fail_pending(NetpontFrameClient *self, const char *message,
                                      guint64 below_id)
{
	GHashTableIter iter;
	gpointer key, value;
	GSList *tasks = NULL;

	g_hash_table_iter_init(&iter, self->pending);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		if (*(guint64 *)key >= below_id)
			continue;
		tasks = g_slist_prepend(tasks, g_object_ref(value));
		g_hash_table_iter_remove(&iter);
	}
	for (GSList *l = tasks; l != NULL; l = l->next)
		g_task_return_new_error(l->data, NETPONT_FRAME_ERROR,
		                        NETPONT_FRAME_ERROR_DISCONNECTED, "%s", message);
	g_slist_free_full(tasks, g_object_unref);
}

/* Stops every I/O of the current stream or connect and forgets the stream;
 * the requests in flight stay pending. */
static void frame_client_stop_io(NetpontFrameClient *self)
{
	if (self->io_cancellable != NULL)
		g_cancellable_cancel(self->io_cancellable);
	g_clear_object(&self->io_cancellable);
	if (self->stream != NULL)
		g_io_stream_close(self->stream, NULL, NULL);
	g_clear_object(&self->stream);
	np_frame_reader_reset(&self->reader);
	g_queue_clear_full(&self->write_queue, (GDestroyNotify)g_bytes_unref);
	self->writing = FALSE;
}

/* The stream ended or failed by itself: tells the owner, which may word its
 * own sentence for the requests in flight (netpont_frame_client_close()),
 * then fails those it left with reason's message. Requests sent during the
 * emission, perhaps on a new stream, are not touched. Takes reason. */
static void frame_client_lost(NetpontFrameClient *self, GError *reason)
{
	guint64 first_new_id = self->next_id;

	frame_client_stop_io(self);
	g_signal_emit(self, signals[SIGNAL_CLOSED], 0, reason);
	frame_client_fail_pending(self, reason->message, first_new_id);
	g_error_free(reason);
}

void netpont_frame_client_close(NetpontFrameClient *self, const char *reason)
{
	g_return_if_fail(NETPONT_IS_FRAME_CLIENT(self));
	frame_client_stop_io(self);
	frame_client_fail_pending(self, reason != NULL ? reason : "The connection was closed.",
	                          G_MAXUINT64);
}

static void frame_client_write_next(NetpontFrameClient *self);

static void frame_client_write_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	IoContext *ctx = data;
	NetpontFrameClient *self = ctx->client;
	GError *error = NULL;

	if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, NULL, &error)) {
		if (!g_cancellable_is_cancelled(ctx->cancellable))
			frame_client_lost(self, g_error_new(NETPONT_FRAME_ERROR,
			                                    NETPONT_FRAME_ERROR_DISCONNECTED, "%s",
			                                    error->message));
		g_error_free(error);
	} else if (!g_cancellable_is_cancelled(ctx->cancellable)) {
		g_bytes_unref(g_queue_pop_head(&self->write_queue));
		self->writing = FALSE;
		frame_client_write_next(self);
	}
	io_context_free(ctx);
}

static void frame_client_write_next(NetpontFrameClient *self)
{
	GBytes *bytes;
	gsize size;
	gconstpointer data;

	if (self->writing || self->stream == NULL)
		return;
	bytes = g_queue_peek_head(&self->write_queue);
	if (bytes == NULL)
		return;
	self->writing = TRUE;
	data = g_bytes_get_data(bytes, &size);
	g_output_stream_write_all_async(g_io_stream_get_output_stream(self->stream), data, size,
	                                G_PRIORITY_DEFAULT, self->io_cancellable,
	                                frame_client_write_cb, io_context_new(self, NULL));
}

/* Queues one frame. Returns FALSE with error set if env cannot be encoded or
 * the queue is full. */
static gboolean frame_client_send(NetpontFrameClient *self, const Netpont__Envelope *env,
                                  GError **error)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (g_queue_get_length(&self->write_queue) >= FRAME_CLIENT_MAX_QUEUED) {
		g_set_error(error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_BUSY,
		            "The peer is not reading; %u frames wait to be written.",
		            FRAME_CLIENT_MAX_QUEUED);
		return FALSE;
	}
	rc = np_frame_encode(env, self->max_frame, &buf, &len);
	if (rc != NP_FRAME_OK) {
		g_set_error(error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_PROTOCOL, "%s",
		            np_frame_status_string(rc));
		return FALSE;
	}
	g_queue_push_tail(&self->write_queue, g_bytes_new_with_free_func(buf, len, free, buf));
	frame_client_write_next(self);
	return TRUE;
}

/* Handles one received frame: a reply goes to its request, a frame with id
 * 0 is an event. Takes ownership of env. */
static void frame_client_dispatch(NetpontFrameClient *self, Netpont__Envelope *env)
{
	GTask *task;

	if (env->id == 0) {
		g_signal_emit(self, signals[SIGNAL_EVENT], 0, env);
		envelope_free(env);
		return;
	}
	task = g_hash_table_lookup(self->pending, &env->id);
	if (task == NULL) {
		envelope_free(env); /* a reply to a request nobody waits for any more */
		return;
	}
	g_object_ref(task);
	g_hash_table_remove(self->pending, &env->id);
	if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		g_task_set_task_data(task, GINT_TO_POINTER(env->error->tries_left), NULL);
		g_task_return_new_error(task, NETPONT_FRAME_ERROR, env->error->code, "%s",
		                        env->error->message != NULL ? env->error->message : "");
		envelope_free(env);
	} else {
		g_task_return_pointer(task, env, envelope_free);
	}
	g_object_unref(task);
}

static void frame_client_read_next(NetpontFrameClient *self);

static void frame_client_read_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	IoContext *ctx = data;
	NetpontFrameClient *self = ctx->client;
	g_autoptr(GError) error = NULL;
	gssize n = g_input_stream_read_finish(G_INPUT_STREAM(source), result, &error);
	gsize offset = 0;

	if (g_cancellable_is_cancelled(ctx->cancellable))
		goto out;
	if (n == 0) {
		frame_client_lost(self, g_error_new(NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_CLOSED,
		                                    "The peer closed the connection."));
		goto out;
	}
	if (n < 0) {
		frame_client_lost(self,
		                  g_error_new(NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED,
		                              "%s", error->message));
		goto out;
	}
	self->last_input_us = g_get_monotonic_time();
	while (offset < (gsize)n) {
		size_t consumed = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&self->reader, self->read_buffer + offset,
		                              (size_t)n - offset, &consumed, &env);
		offset += consumed;
		if (rc == NP_FRAME_NEED_MORE)
			break;
		if (rc != NP_FRAME_OK) {
			frame_client_lost(self, g_error_new(NETPONT_FRAME_ERROR,
			                                    NETPONT_FRAME_ERROR_PROTOCOL, "%s",
			                                    np_frame_status_string(rc)));
			goto out;
		}
		frame_client_dispatch(self, env);
		/* A callback or a handler may have closed this stream. */
		if (g_cancellable_is_cancelled(ctx->cancellable))
			goto out;
	}
	frame_client_read_next(self);
out:
	io_context_free(ctx);
}

static void frame_client_read_next(NetpontFrameClient *self)
{
	g_input_stream_read_async(g_io_stream_get_input_stream(self->stream), self->read_buffer,
	                          sizeof self->read_buffer, G_PRIORITY_DEFAULT,
	                          self->io_cancellable, frame_client_read_cb,
	                          io_context_new(self, NULL));
}

/* Makes stream the open one, under the current io_cancellable. */
static void frame_client_start(NetpontFrameClient *self, GIOStream *stream)
{
	self->stream = g_object_ref(stream);
	if (G_IS_SOCKET_CONNECTION(stream)) {
		GSocket *socket = g_socket_connection_get_socket(G_SOCKET_CONNECTION(stream));
		/* GSocketClient leaves its connect timeout on the socket as an I/O
		 * timeout: the read waiting for the peer would then fail ("Socket
		 * I/O timed out") whenever the peer said nothing for that long,
		 * and the console once dropped a healthy, quiet server after 10 s,
		 * the requests in flight and the seat selection with it. A dead
		 * peer is noticed by its owner's heartbeat instead. */
		g_socket_set_timeout(socket, 0);
		if (g_socket_get_family(socket) != G_SOCKET_FAMILY_UNIX)
			g_socket_set_keepalive(socket, TRUE);
	}
	np_frame_reader_init(&self->reader, self->max_frame);
	frame_client_read_next(self);
}

void netpont_frame_client_open(NetpontFrameClient *self, GIOStream *stream)
{
	g_return_if_fail(NETPONT_IS_FRAME_CLIENT(self));
	g_return_if_fail(G_IS_IO_STREAM(stream));
	netpont_frame_client_close(self, NULL);
	self->io_cancellable = g_cancellable_new();
	frame_client_start(self, stream);
}

static void frame_client_connected_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	IoContext *ctx = data;
	GError *error = NULL;
	GSocketConnection *conn =
	    g_socket_client_connect_finish(G_SOCKET_CLIENT(source), result, &error);

	/* A connect that completed just as the client was closed is closed too. */
	if (g_cancellable_is_cancelled(ctx->cancellable)) {
		if (conn != NULL)
			g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
		g_clear_object(&conn);
		g_clear_error(&error);
		g_task_return_new_error(ctx->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
		                        "The connection was closed before it was made.");
	} else if (conn == NULL) {
		g_clear_object(&ctx->client->io_cancellable);
		g_task_return_error(ctx->task, error);
	} else {
		frame_client_start(ctx->client, G_IO_STREAM(conn));
		g_object_unref(conn);
		g_task_return_boolean(ctx->task, TRUE);
	}
	io_context_free(ctx);
}

void netpont_frame_client_connect_async(NetpontFrameClient *self, GSocketConnectable *address,
                                        guint timeout_s, GAsyncReadyCallback callback,
                                        gpointer user_data)
{
	GTask *task;

	g_return_if_fail(NETPONT_IS_FRAME_CLIENT(self));
	g_return_if_fail(G_IS_SOCKET_CONNECTABLE(address));
	task = g_task_new(self, NULL, callback, user_data);
	g_task_set_source_tag(task, netpont_frame_client_connect_async);
	netpont_frame_client_close(self, NULL);
	self->io_cancellable = g_cancellable_new();
	g_socket_client_set_timeout(self->socket_client, timeout_s);
	g_socket_client_connect_async(self->socket_client, address, self->io_cancellable,
	                              frame_client_connected_cb, io_context_new(self, task));
}

gboolean netpont_frame_client_connect_finish(NetpontFrameClient *self, GAsyncResult *result,
                                             GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

gboolean netpont_frame_client_is_open(NetpontFrameClient *self)
{
	g_return_val_if_fail(NETPONT_IS_FRAME_CLIENT(self), FALSE);
	return self->stream != NULL;
}

void netpont_frame_client_call_async(NetpontFrameClient *self, const Netpont__Envelope *env,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
	GTask *task;
	Netpont__Envelope copy;
	GError *error = NULL;
	guint64 *key;

	g_return_if_fail(NETPONT_IS_FRAME_CLIENT(self));
	g_return_if_fail(env != NULL);
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_frame_client_call_async);
	if (self->stream == NULL) {
		g_task_return_new_error(task, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED,
		                        "Not connected.");
		g_object_unref(task);
		return;
	}
	copy = *env;
	copy.id = self->next_id++;
	if (!frame_client_send(self, &copy, &error)) {
		g_task_return_error(task, error);
		g_object_unref(task);
		return;
	}
	key = g_new(guint64, 1);
	*key = copy.id;
	g_hash_table_insert(self->pending, key, task);
}

Netpont__Envelope *netpont_frame_client_call_finish(NetpontFrameClient *self, GAsyncResult *result,
                                                    int *tries_left, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	if (tries_left != NULL)
		*tries_left = GPOINTER_TO_INT(g_task_get_task_data(G_TASK(result)));
	return g_task_propagate_pointer(G_TASK(result), error);
}

gint64 netpont_frame_client_get_last_input_us(NetpontFrameClient *self)
{
	g_return_val_if_fail(NETPONT_IS_FRAME_CLIENT(self), 0);
	return self->last_input_us;
}

gboolean netpont_frame_client_input_waiting(NetpontFrameClient *self)
{
	GInputStream *in;

	g_return_val_if_fail(NETPONT_IS_FRAME_CLIENT(self), FALSE);
	if (self->stream == NULL)
		return FALSE;
	in = g_io_stream_get_input_stream(self->stream);
	return G_IS_POLLABLE_INPUT_STREAM(in) &&
	       g_pollable_input_stream_can_poll(G_POLLABLE_INPUT_STREAM(in)) &&
	       g_pollable_input_stream_is_readable(G_POLLABLE_INPUT_STREAM(in));
}

static void netpont_frame_client_dispose(GObject *object)
{
	NetpontFrameClient *self = NETPONT_FRAME_CLIENT(object);

	netpont_frame_client_close(self, NULL);
	g_clear_object(&self->socket_client);
	G_OBJECT_CLASS(netpont_frame_client_parent_class)->dispose(object);
}

static void netpont_frame_client_finalize(GObject *object)
{
	NetpontFrameClient *self = NETPONT_FRAME_CLIENT(object);

	np_frame_reader_reset(&self->reader);
	g_clear_pointer(&self->pending, g_hash_table_unref);
	G_OBJECT_CLASS(netpont_frame_client_parent_class)->finalize(object);
}

static void netpont_frame_client_class_init(NetpontFrameClientClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->dispose = netpont_frame_client_dispose;
	object_class->finalize = netpont_frame_client_finalize;
	signals[SIGNAL_EVENT] = g_signal_new("event", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
	                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	signals[SIGNAL_CLOSED] =
	    g_signal_new("closed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
	                 G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void netpont_frame_client_init(NetpontFrameClient *self)
{
	self->socket_client = g_socket_client_new();
	self->pending = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_object_unref);
	g_queue_init(&self->write_queue);
	self->next_id = 1;
}

NetpontFrameClient *netpont_frame_client_new(guint32 max_frame)
{
	NetpontFrameClient *self = g_object_new(NETPONT_TYPE_FRAME_CLIENT, NULL);

	self->max_frame = max_frame;
	np_frame_reader_init(&self->reader, max_frame);
	return self;
}
