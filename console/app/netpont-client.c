/* NetpontClient: see netpont-client.h. Everything here runs on the main
 * context the client was created in; nothing blocks. Frames, requests and
 * events travel through a NetpontFrameClient; this file adds what is the
 * console's own: TLS with the server's certificate pinned (GIO's
 * GTlsClientConnection, glib-networking), the sign-in, the heartbeat and the
 * reconnects. */
#include "netpont-client.h"

#include <glib/gi18n.h>
#include <string.h>

#include "common/np_address.h"
#include "netpont-known-servers.h"

#define NETPONT_MAX_BACKOFF_S     30
#define NETPONT_CONNECT_TIMEOUT_S 10

struct _NetpontClient {
	GObject parent_instance;

	NetpontFrameClient *frame;
	/* The server's address as np_address_parse() read it; NULL when the
	 * address was refused. */
	GSocketConnectable *server;
	char *server_key;             /* "HOST:PORT", the server's name in known-servers */
	GSocketClient *socket_client; /* plain TCP; TLS is added on top */
	/* The certificate the server presented in the last handshake and what
	 * the pin said of it. */
	char presented[NP_FINGERPRINT_SIZE];
	NetpontTrust trust;
	char pinned[NP_FINGERPRINT_SIZE];
	char *unknown_fingerprint; /* a server not yet trusted: its fingerprint */
	/* Cancels the sign-in of the current connection. A new one is made for
	 * each connection, so that a late Welcome of an old connection finds
	 * its request cancelled and touches nothing. */
	GCancellable *io_cancellable;
	/* Monotonic time of the first Ping sent since the server last said
	 * anything; 0 when every Ping is answered. */
	gint64 unanswered_since_us;

	NetpontClientState state;
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
	SIGNAL_VOLUNTEER_CHANGED,
	SIGNAL_BOOKING_CHANGED,
	N_SIGNALS
};
static guint signals[N_SIGNALS];

static void client_start_connection(NetpontClient *self);

static void envelope_free(gpointer env)
{
	netpont__envelope__free_unpacked(env, NULL);
}

static void client_set_last_error(NetpontClient *self, const char *message)
{
	g_free(self->last_error);
	self->last_error = g_strdup(message);
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
	GTask *connect_task = g_steal_pointer(&self->connect_task);

	if (self->io_cancellable != NULL)
		g_cancellable_cancel(self->io_cancellable);
	g_clear_object(&self->io_cancellable);
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
	/* The requests in flight fail once the state is the new one, so that a
	 * callback asking again is told that the console is not connected. */
	netpont_frame_client_close(
	    self->frame, message != NULL ? message : _("The connection to the server was closed."));
	if (connect_task != NULL) {
		g_task_return_new_error(connect_task, NETPONT_FRAME_ERROR,
		                        NETPONT_FRAME_ERROR_DISCONNECTED, "%s",
		                        message != NULL ? message : _("Signed out."));
		g_object_unref(connect_task);
	}
	if (old_state != self->state || old_state == NETPONT_CLIENT_RECONNECTING)
		g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0);
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

static gboolean client_ping_cb(gpointer data)
{
	NetpontClient *self = data;
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	gint64 now = g_get_monotonic_time();

	/* Any bytes read since the first unanswered Ping answer it. */
	if (self->unanswered_since_us != 0 &&
	    netpont_frame_client_get_last_input_us(self->frame) >= self->unanswered_since_us)
		self->unanswered_since_us = 0;
	/* A server that has answered no Ping for three heartbeats is gone,
	 * even if TCP has not noticed yet. The silence counts from the first
	 * unanswered Ping, not from the last byte read, and bytes waiting
	 * unread are an answer: when this program's own main loop stalled (a
	 * busy PC), it could neither ping nor read, and this timer may run
	 * before the read that is due. Blaming the server then dropped a live
	 * connection and the requests in flight with it. */
	if (self->unanswered_since_us != 0 &&
	    now - self->unanswered_since_us > (gint64)self->heartbeat_s * 3 * G_USEC_PER_SEC &&
	    !netpont_frame_client_input_waiting(self->frame)) {
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

/* The reply to Hello decides the sign-in. An Error means wrong credentials
 * or version: reconnecting would not help. */
static void client_hello_done(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontClient) self = data;
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_frame_client_call_finish(NETPONT_FRAME_CLIENT(source), result, NULL, &error);

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return; /* this connection was dropped meanwhile */
	if (reply != NULL && reply->body_case == NETPONT__ENVELOPE__BODY_WELCOME)
		client_handle_welcome(self, reply->welcome);
	else if (reply != NULL)
		client_drop(self, _("The server answered the sign-in with something unexpected."),
		            FALSE);
	else if (netpont_frame_error_is_refusal(error))
		client_drop(self,
		            *error->message ? error->message : _("The server refused the sign-in."),
		            FALSE);
	else
		client_drop(self, error->message, FALSE);
	if (reply != NULL)
		envelope_free(reply);
}

/* Events from the server: frames with id 0. */
static void client_event_cb(NetpontFrameClient *frame, const Netpont__Envelope *env,
                            NetpontClient *self)
{
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
	case NETPONT__ENVELOPE__BODY_VOLUNTEER_EVENT:
		if (env->volunteer_event->period != NULL)
			g_signal_emit(self, signals[SIGNAL_VOLUNTEER_CHANGED], 0,
			              env->volunteer_event->period);
		break;
	case NETPONT__ENVELOPE__BODY_BOOKING_EVENT:
		g_signal_emit(self, signals[SIGNAL_BOOKING_CHANGED], 0,
		              env->booking_event->booking);
		break;
	default:
		break; /* events for other kinds of peers, or newer than us */
	}
}

/* The connection ended by itself: the console says why and reconnects if a
 * sign-in succeeded before. */
static void client_closed_cb(NetpontFrameClient *frame, const GError *reason, NetpontClient *self)
{
	g_autofree char *msg = NULL;

	if (g_error_matches(reason, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_CLOSED))
		msg = g_strdup(_("The server closed the connection."));
	else if (g_error_matches(reason, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_PROTOCOL))
		msg = g_strdup_printf(_("The server sent data the console cannot read (%s)."),
		                      reason->message);
	else
		msg = g_strdup_printf(_("The connection to the server was lost: %s"),
		                      reason->message);
	client_drop(self, msg, TRUE);
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

/* TLS is up and the certificate is the pinned one: the Hello goes out. */
static void client_send_hello(NetpontClient *self)
{
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *language = NULL;

	self->unanswered_since_us = 0;
	hello.protocol_version = NP_PROTOCOL_VERSION;
	hello.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	hello.user = self->user;
	hello.password = self->password;
	hello.client_name = "netpont-console " NETPONT_VERSION;
	language = netpont_client_language();
	hello.language = language;
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &hello;
	netpont_frame_client_call_async(self->frame, &env, self->io_cancellable, client_hello_done,
	                                g_object_ref(self));
}

/* Compares the certificate with the pinned fingerprint (NETPONT_FINGERPRINT
 * or known-servers) and remembers the verdict for client_trust_refusal(). */
static gboolean client_check_certificate(NetpontClient *self, GTlsCertificate *cert)
{
	g_autoptr(GByteArray) der = NULL;

	if (cert == NULL) {
		self->trust = NETPONT_TRUST_UNKNOWN;
		self->presented[0] = '\0';
		return FALSE;
	}
	g_object_get(cert, "certificate", &der, NULL);
	netpont_fingerprint_of_der(der->data, der->len, self->presented);
	self->trust = netpont_known_servers_check(self->server_key, self->presented, self->pinned);
	return self->trust == NETPONT_TRUST_OK;
}

/* GTlsConnection::accept-certificate: the server's certificate is
 * self-signed, so GIO cannot vouch for it; its fingerprint decides. */
static gboolean client_accept_certificate_cb(GTlsConnection *tls, GTlsCertificate *cert,
                                             GTlsCertificateFlags errors, gpointer data)
{
	return client_check_certificate(data, cert);
}

/* The sentence for a certificate the pin refused, in the user's language;
 * NULL when the pin said yes. An unknown server also sets
 * unknown_fingerprint, which the window offers to trust. */
static char *client_trust_refusal(NetpontClient *self)
{
	g_autofree char *path = netpont_known_servers_path();

	switch (self->trust) {
	case NETPONT_TRUST_OK:
		return NULL;
	case NETPONT_TRUST_ENV_INVALID:
		return g_strdup_printf(_("NETPONT_FINGERPRINT must be the 64 hex digits that "
		                         "`netpontd --fingerprint` prints, not '%s'."),
		                       g_getenv("NETPONT_FINGERPRINT"));
	case NETPONT_TRUST_ENV_MISMATCH:
		return g_strdup_printf(
		    _("The server at %s presented the certificate fingerprint %s, "
		      "but NETPONT_FINGERPRINT pins %s; not connecting."),
		    self->server_key, self->presented, self->pinned);
	case NETPONT_TRUST_FILE_MISMATCH:
		return g_strdup_printf(
		    _("The server at %s presented the certificate fingerprint %s, but %s has %s "
		      "for "
		      "it; not connecting (someone may be in between). If the server's certificate "
		      "was replaced on purpose, remove the old entry with: sed -i '/^%s /d' %s"),
		    self->server_key, self->presented, path, self->pinned, self->server_key, path);
	case NETPONT_TRUST_UNKNOWN:
		break;
	}
	g_free(self->unknown_fingerprint);
	self->unknown_fingerprint = g_strdup(self->presented);
	return g_strdup_printf(_("The console does not know the server at %s yet (certificate "
	                         "fingerprint %s)."),
	                       self->server_key, self->presented);
}

static void client_handshake_done(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontClient) self = data;
	g_autoptr(GError) error = NULL;
	g_autofree char *refusal = NULL;
	GTlsConnection *tls = G_TLS_CONNECTION(source);

	if (!g_tls_connection_handshake_finish(tls, result, &error)) {
		if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			return;
		/* A handshake that failed before the certificate came is the
		 * network's fault; one that the pin refused is not. */
		refusal = self->presented[0] != '\0' ? client_trust_refusal(self) : NULL;
		if (refusal != NULL) {
			/* A person must decide: retrying would not help. */
			client_drop(self, refusal, FALSE);
		} else {
			g_autofree char *msg = g_strdup_printf(
			    _("Cannot reach the server at %s: %s"), self->address, error->message);
			client_drop(self, msg, TRUE);
		}
		g_io_stream_close_async(G_IO_STREAM(tls), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
		return;
	}
	/* GIO skips accept-certificate for a certificate it can vouch for: the
	 * pin is checked here as well. */
	if (!client_check_certificate(self, g_tls_connection_get_peer_certificate(tls))) {
		refusal = client_trust_refusal(self);
		client_drop(self, refusal, FALSE);
		g_io_stream_close_async(G_IO_STREAM(tls), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
		return;
	}
	netpont_frame_client_open(self->frame, G_IO_STREAM(tls));
	client_send_hello(self);
}

static void client_connected_cb(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(NetpontClient) self = data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocketConnection) tcp =
	    g_socket_client_connect_finish(G_SOCKET_CLIENT(source), result, &error);
	g_autoptr(GIOStream) tls = NULL;

	if (tcp != NULL) {
		/* The timeout bounded the connect; a quiet server later is
		 * the heartbeat's business. */
		g_socket_set_timeout(g_socket_connection_get_socket(tcp), 0);
		tls = g_tls_client_connection_new(G_IO_STREAM(tcp), self->server, &error);
	}
	if (tls == NULL) {
		/* Cancelled: this connection was dropped before it was made. */
		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_autofree char *msg = g_strdup_printf(
			    _("Cannot reach the server at %s: %s"), self->address, error->message);
			client_drop(self, msg, TRUE);
		}
		return;
	}
	self->trust = NETPONT_TRUST_UNKNOWN;
	self->presented[0] = '\0';
	g_signal_connect(tls, "accept-certificate", G_CALLBACK(client_accept_certificate_cb), self);
	g_tls_connection_handshake_async(G_TLS_CONNECTION(tls), G_PRIORITY_DEFAULT,
	                                 self->io_cancellable, client_handshake_done,
	                                 g_object_ref(self));
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
	g_clear_handle_id(&self->connect_timeout_source, g_source_remove);
	self->connect_timeout_source =
	    g_timeout_add_seconds(NETPONT_CONNECT_TIMEOUT_S, client_connect_timeout_cb, self);
	g_socket_client_connect_async(self->socket_client, self->server, self->io_cancellable,
	                              client_connected_cb, g_object_ref(self));
}

/* Reads address the way netpontctl does (np_address_parse(), default port
 * NP_DEFAULT_PORT) into self->server. Returns NULL, or the sentence saying
 * what is wrong with it, in the user's language (caller frees). */
static char *client_set_server(NetpontClient *self, const char *address)
{
	np_address parsed;
	np_address_result rc = np_address_parse(address, NP_DEFAULT_PORT, &parsed);

	g_clear_object(&self->server);
	switch (rc) {
	case NP_ADDRESS_OK:
		break;
	case NP_ADDRESS_BAD_PORT:
		return g_strdup_printf(_("The port in '%s' must be a number from 1 to 65535."),
		                       address);
	case NP_ADDRESS_TOO_LONG:
		return g_strdup_printf(_("The host name in '%s' is too long."), address);
	default:
		return g_strdup_printf(_("The server address must look like HOST or HOST:PORT, for "
		                         "example 127.0.0.1:7450 (not '%s')."),
		                       address);
	}
	self->server = g_network_address_new(parsed.host, parsed.port);
	g_free(self->server_key);
	self->server_key = g_strdup_printf("%s:%u", parsed.host, (unsigned)parsed.port);
	return NULL;
}

void netpont_client_connect_async(NetpontClient *self, const char *address, const char *user,
                                  const char *password, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
	GTask *task;
	g_autofree char *problem = NULL;

	g_return_if_fail(NETPONT_IS_CLIENT(self));
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_client_connect_async);

	/* A new sign-in replaces whatever was there before. */
	self->keep_connected = FALSE;
	g_clear_pointer(&self->unknown_fingerprint, g_free);
	client_drop(self, NULL, FALSE);
	g_free(self->address);
	self->address = g_strdup(address != NULL && *address ? address : "127.0.0.1:7450");
	problem = client_set_server(self, self->address);
	g_free(self->user);
	self->user = g_strdup(user != NULL ? user : "");
	g_free(self->password);
	self->password = g_strdup(password != NULL ? password : "");
	self->backoff_s = 1;
	self->connect_task = task;
	self->state = NETPONT_CLIENT_CONNECTING;
	g_signal_emit(self, signals[SIGNAL_CONNECTION_CHANGED], 0);
	if (problem != NULL)
		client_drop(self, problem, FALSE);
	else
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

/* Replaces the message of error, which the caller owns. */
static void client_reword(GError *error, const char *message)
{
	g_free(error->message);
	error->message = g_strdup(message);
}

static void client_call_done(GObject *source, GAsyncResult *result, gpointer data)
{
	GTask *task = data;
	GError *error = NULL;
	Netpont__Envelope *reply =
	    netpont_frame_client_call_finish(NETPONT_FRAME_CLIENT(source), result, NULL, &error);

	if (reply != NULL) {
		g_task_return_pointer(task, reply, envelope_free);
	} else {
		if (netpont_frame_error_is_refusal(error) && error->message[0] == '\0')
			client_reword(error, _("The server refused the request."));
		else if (g_error_matches(error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_BUSY))
			client_reword(
			    error, _("The server is not taking requests; the console reconnects."));
		g_task_return_error(task, error);
	}
	g_object_unref(task);
}

void netpont_client_call_async(NetpontClient *self, const Netpont__Envelope *env,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
	GTask *task;

	g_return_if_fail(NETPONT_IS_CLIENT(self));
	g_return_if_fail(env != NULL);
	task = g_task_new(self, cancellable, callback, user_data);
	g_task_set_source_tag(task, netpont_client_call_async);
	if (self->state != NETPONT_CLIENT_CONNECTED || !netpont_frame_client_is_open(self->frame)) {
		g_task_return_new_error(task, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED,
		                        "%s",
		                        _("The console is not connected to the server right now. "
		                          "It reconnects by itself; try again in a moment."));
		g_object_unref(task);
		return;
	}
	netpont_frame_client_call_async(self->frame, env, cancellable, client_call_done, task);
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
	if (self->frame != NULL) {
		client_drop(self, NULL, FALSE);
		g_signal_handlers_disconnect_by_data(self->frame, self);
		g_clear_object(&self->frame);
	}
	g_clear_handle_id(&self->reconnect_source, g_source_remove);
	g_clear_object(&self->server);
	g_clear_object(&self->socket_client);
	G_OBJECT_CLASS(netpont_client_parent_class)->dispose(object);
}

static void netpont_client_finalize(GObject *object)
{
	NetpontClient *self = NETPONT_CLIENT(object);

	g_free(self->address);
	g_free(self->server_key);
	g_free(self->unknown_fingerprint);
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
	/* A volunteer period (Netpont__VolunteerPeriod *) was started, ended,
	 * recorded or removed. */
	signals[SIGNAL_VOLUNTEER_CHANGED] =
	    g_signal_new("volunteer-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
	/* A booking was added, cancelled or moved (Netpont__Booking*, may be NULL). */
	signals[SIGNAL_BOOKING_CHANGED] =
	    g_signal_new("booking-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void netpont_client_init(NetpontClient *self)
{
	self->frame = netpont_frame_client_new(NP_FRAME_DEFAULT_MAX);
	g_signal_connect(self->frame, "event", G_CALLBACK(client_event_cb), self);
	g_signal_connect(self->frame, "closed", G_CALLBACK(client_closed_cb), self);
	self->backoff_s = 1;
	self->heartbeat_s = 15;
	self->currency = g_strdup("HUF");
	self->socket_client = g_socket_client_new();
	g_socket_client_set_timeout(self->socket_client, NETPONT_CONNECT_TIMEOUT_S);
}

const char *netpont_client_get_unknown_fingerprint(NetpontClient *self)
{
	g_return_val_if_fail(NETPONT_IS_CLIENT(self), NULL);
	return self->unknown_fingerprint;
}

gboolean netpont_client_trust_server(NetpontClient *self, const char *fingerprint, GError **error)
{
	g_return_val_if_fail(NETPONT_IS_CLIENT(self), FALSE);
	g_return_val_if_fail(self->server_key != NULL, FALSE);
	if (!netpont_known_servers_add(self->server_key, fingerprint, error))
		return FALSE;
	g_clear_pointer(&self->unknown_fingerprint, g_free);
	return TRUE;
}

NetpontClient *netpont_client_new(void)
{
	return g_object_new(NETPONT_TYPE_CLIENT, NULL);
}
