/* NetpontClient: the console's connection to netpontd.
 *
 * One TLS connection carried by a NetpontFrameClient (netpont-frame-client.h)
 * on the thread-default main context (GTK's main loop). The server's
 * certificate must have the fingerprint pinned for it (NETPONT_FINGERPRINT,
 * else ~/.config/netpont/known-servers; netpont-known-servers.h) before the
 * password is sent; a server seen for the first time fails the sign-in, and
 * netpont_client_get_unknown_fingerprint() then says what the user may
 * accept with netpont_client_trust_server(). Requests are matched
 * to replies by id; each request is a GTask. Events (id 0) are emitted as
 * signals. After a successful sign-in the client keeps the connection alive
 * with Pings and reconnects with a growing delay when it is lost. Every
 * error it reports is in NETPONT_FRAME_ERROR, worded for the console. */
#ifndef NETPONT_CLIENT_H
#define NETPONT_CLIENT_H

#include <gio/gio.h>

#include "netpont-frame-client.h"

G_BEGIN_DECLS

typedef enum {
	NETPONT_CLIENT_DISCONNECTED = 0, /* signed out, or sign-in failed */
	NETPONT_CLIENT_CONNECTING,       /* first sign-in in progress */
	NETPONT_CLIENT_CONNECTED,
	NETPONT_CLIENT_RECONNECTING, /* the link was lost; retrying */
} NetpontClientState;

#define NETPONT_TYPE_CLIENT (netpont_client_get_type())
G_DECLARE_FINAL_TYPE(NetpontClient, netpont_client, NETPONT, CLIENT, GObject)

NetpontClient *netpont_client_new(void);

/* Signs in: connects to address (as np_address_parse() reads it: "HOST",
 * "HOST:PORT", "[IPv6]:PORT"; default port NP_DEFAULT_PORT), sends
 * Hello with user and password, waits for Welcome. On success the client
 * stays connected and reconnects by itself until netpont_client_disconnect().
 * An address np_address_parse() refuses fails the sign-in with a sentence
 * saying what is wrong with it. The strings are copied. */
void netpont_client_connect_async(NetpontClient *self, const char *address, const char *user,
                                  const char *password, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
gboolean netpont_client_connect_finish(NetpontClient *self, GAsyncResult *result, GError **error);

/* The fingerprint of the server whose certificate the last sign-in found
 * in neither NETPONT_FINGERPRINT nor known-servers, or NULL. Owned by self,
 * valid until the next sign-in. */
const char *netpont_client_get_unknown_fingerprint(NetpontClient *self);

/* Remembers fingerprint (borrowed) in known-servers for the address of the
 * last sign-in. Returns FALSE with error set (the system's words) when the
 * file cannot be written. */
gboolean netpont_client_trust_server(NetpontClient *self, const char *fingerprint, GError **error);

/* Signs out and closes the connection; pending requests fail. */
void netpont_client_disconnect(NetpontClient *self);

/* Sends one request. env is encoded at once (it may live on the caller's
 * stack); its id is ignored and replaced by a fresh one. */
void netpont_client_call_async(NetpontClient *self, const Netpont__Envelope *env,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data);
/* Returns the reply (caller frees with netpont__envelope__free_unpacked(reply,
 * NULL)), or NULL with error set: an Error reply becomes a GError in
 * NETPONT_FRAME_ERROR with the server's code and its sentence as message
 * (netpont_frame_error_is_refusal()); a request that could not be sent or
 * whose connection was lost fails with NETPONT_FRAME_ERROR_DISCONNECTED, or
 * NETPONT_FRAME_ERROR_BUSY when the server stopped reading. */
Netpont__Envelope *netpont_client_call_finish(NetpontClient *self, GAsyncResult *result,
                                              GError **error);

NetpontClientState netpont_client_get_state(NetpontClient *self);
gboolean netpont_client_is_connected(NetpontClient *self);
/* Information from the last Welcome; valid while signed in. */
Netpont__StaffRole netpont_client_get_role(NetpontClient *self);
const char *netpont_client_get_staff_name(NetpontClient *self);
const char *netpont_client_get_site_name(NetpontClient *self);
const char *netpont_client_get_currency(NetpontClient *self);
guint netpont_client_get_currency_decimals(NetpontClient *self);
const char *netpont_client_get_address(NetpontClient *self);
/* The server's clock now, in Unix seconds (local clock + measured offset). */
gint64 netpont_client_get_server_time(NetpontClient *self);
/* The last reason the connection was lost or refused, or NULL. */
const char *netpont_client_get_last_error(NetpontClient *self);

/* The language code the server words its refusals in for this user ("hu",
 * "" for English). Returns a new string the caller frees. */
char *netpont_client_language(void);

G_END_DECLS

#endif
