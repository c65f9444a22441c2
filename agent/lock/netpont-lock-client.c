/* NetpontLockClient: see netpont-lock-client.h. Frames, requests and events
 * travel through a NetpontFrameClient; this file adds what is the lock
 * screen's own: ControlStatus on connecting and a retry every second. */
#include "netpont-lock-client.h"

#include <gio/gunixsocketaddress.h>

/* Control frames are small; a status with a long mentor message is well
 * under this. */
#define CLIENT_FRAME_MAX    (64u * 1024u)
#define CLIENT_RECONNECT_MS 1000

struct _NetpontLockClient {
	GObject parent_instance;
	GSocketAddress *address; /* the agent's control socket */
	NetpontFrameClient *frame;
	guint reconnect_source;
	gboolean started;
	gboolean stopped;
};

G_DEFINE_FINAL_TYPE(NetpontLockClient, netpont_lock_client, G_TYPE_OBJECT)

enum { SIGNAL_STATUS, SIGNAL_EVENT, SIGNAL_CONNECTION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void client_connect(NetpontLockClient *self);

static void envelope_free(gpointer env)
{
	netpont__envelope__free_unpacked(env, NULL);
}

static gboolean client_reconnect_cb(gpointer data)
{
	NetpontLockClient *self = data;
	self->reconnect_source = 0;
	client_connect(self);
	return G_SOURCE_REMOVE;
}

/* Fails waiting requests, closes the connection (if any) and, unless
 * stopped, schedules a reconnect. Safe to call more than once. */
static void client_disconnect(NetpontLockClient *self, gboolean was_connected)
{
	netpont_frame_client_close(self->frame, "The connection to netpont-agent was lost.");
	if (self->reconnect_source == 0 && !self->stopped)
		self->reconnect_source =
		    g_timeout_add(CLIENT_RECONNECT_MS, client_reconnect_cb, self);
	if (was_connected)
		g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0, FALSE);
}

static void client_closed_cb(NetpontFrameClient *frame, const GError *reason,
                             NetpontLockClient *self)
{
	g_debug("the control socket closed: %s", reason->message);
	client_disconnect(self, TRUE);
}

static void client_event_cb(NetpontFrameClient *frame, const Netpont__Envelope *env,
                            NetpontLockClient *self)
{
	if (env->body_case != NETPONT__ENVELOPE__BODY_CONTROL_EVENT)
		return;
	Netpont__ControlEvent *ev = env->control_event;
	if (ev->status != NULL)
		g_signal_emit(self, signals[SIGNAL_STATUS], 0, ev->status);
	g_signal_emit(self, signals[SIGNAL_EVENT], 0, ev);
}

static void client_status_done(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontLockClient) self = data;
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_frame_client_call_finish(NETPONT_FRAME_CLIENT(source), result, NULL, &error);
	if (reply == NULL) {
		g_debug("no status from netpont-agent: %s", error->message);
		return;
	}
	if (reply->body_case == NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY)
		g_signal_emit(self, signals[SIGNAL_STATUS], 0, reply->control_status_reply);
	envelope_free(reply);
}

static void client_connect_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontLockClient) self = data;
	g_autoptr(GError) error = NULL;
	if (!netpont_frame_client_connect_finish(NETPONT_FRAME_CLIENT(source), result, &error)) {
		if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			return;
		g_debug("cannot connect to the control socket: %s", error->message);
		client_disconnect(self, FALSE);
		return;
	}
	g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0, TRUE);
	if (!netpont_frame_client_is_open(self->frame))
		return; /* a handler closed it */
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlStatus status = NETPONT__CONTROL_STATUS__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_STATUS;
	env.control_status = &status;
	netpont_frame_client_call_async(self->frame, &env, NULL, client_status_done,
	                                g_object_ref(self));
}

static void client_connect(NetpontLockClient *self)
{
	/* No timeout: the agent is local, and it is silent while nothing
	 * changes. */
	netpont_frame_client_connect_async(self->frame, G_SOCKET_CONNECTABLE(self->address), 0,
	                                   client_connect_cb, g_object_ref(self));
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
	client_disconnect(self, netpont_frame_client_is_open(self->frame));
}

gboolean netpont_lock_client_is_connected(NetpontLockClient *self)
{
	return netpont_frame_client_is_open(self->frame);
}

static void client_request_done(GObject *source, GAsyncResult *result, gpointer data)
{
	GTask *task = data;
	GError *error = NULL;
	int tries_left = 0;
	Netpont__Envelope *reply = netpont_frame_client_call_finish(NETPONT_FRAME_CLIENT(source),
	                                                            result, &tries_left, &error);
	g_task_set_task_data(task, GINT_TO_POINTER(tries_left), NULL);
	if (reply != NULL)
		g_task_return_pointer(task, reply, envelope_free);
	else
		g_task_return_error(task, error);
	g_object_unref(task);
}

void netpont_lock_client_request_async(NetpontLockClient *self, const Netpont__Envelope *env,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data)
{
	GTask *task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_lock_client_request_async);
	netpont_frame_client_call_async(self->frame, env, cancellable, client_request_done, task);
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
	if (self->frame != NULL) {
		g_signal_handlers_disconnect_by_data(self->frame, self);
		netpont_frame_client_close(self->frame,
		                           "The connection to netpont-agent was lost.");
		g_clear_object(&self->frame);
	}
	g_clear_object(&self->address);
	G_OBJECT_CLASS(netpont_lock_client_parent_class)->dispose(object);
}

static void netpont_lock_client_class_init(NetpontLockClientClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = netpont_lock_client_dispose;
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
	self->frame = netpont_frame_client_new(CLIENT_FRAME_MAX);
	g_signal_connect(self->frame, "event", G_CALLBACK(client_event_cb), self);
	g_signal_connect(self->frame, "closed", G_CALLBACK(client_closed_cb), self);
}

NetpontLockClient *netpont_lock_client_new(const char *socket_path)
{
	NetpontLockClient *self = g_object_new(NETPONT_TYPE_LOCK_CLIENT, NULL);
	self->address = g_unix_socket_address_new(socket_path);
	return self;
}
