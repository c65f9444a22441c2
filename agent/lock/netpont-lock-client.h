/* NetpontLockClient: the lock screen's connection to netpont-agent's local
 * control socket (a Unix stream socket carrying the Netpont frame codec,
 * no Hello), carried by a NetpontFrameClient (netpont-frame-client.h) on
 * the GLib main loop.
 *
 * On connecting it asks for ControlStatus; the reply and every ControlEvent
 * the agent pushes are emitted as signals. When the agent goes away the
 * client retries every second until it is back, so an agent restart is
 * invisible to the resident apart from a short "connecting" state. */
#ifndef NETPONT_LOCK_CLIENT_H
#define NETPONT_LOCK_CLIENT_H

#include <gio/gio.h>

#include "netpont-frame-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_LOCK_CLIENT (netpont_lock_client_get_type())
G_DECLARE_FINAL_TYPE(NetpontLockClient, netpont_lock_client, NETPONT, LOCK_CLIENT, GObject)

/* Signals:
 *   "status" (const Netpont__ControlStatusReply *status): the agent's state,
 *            from a ControlStatusReply or a ControlEvent; valid during the
 *            emission only.
 *   "event" (const Netpont__ControlEvent *event): every pushed ControlEvent,
 *            emitted after "status".
 *   "connection-changed" (gboolean connected): the control socket opened or closed. */

/* socket_path is copied. Call netpont_lock_client_start() to connect. */
NetpontLockClient *netpont_lock_client_new(const char *socket_path);
void netpont_lock_client_start(NetpontLockClient *self);
/* Closes the connection for good: the pending read (which holds a reference)
 * is cancelled, waiting requests fail, nothing reconnects. */
void netpont_lock_client_stop(NetpontLockClient *self);
gboolean netpont_lock_client_is_connected(NetpontLockClient *self);

/* Sends a request whose body the caller set in *env (env->id is ignored and
 * a fresh one used; env and its body stay owned by the caller and may be
 * freed when this returns). The reply comes to callback; finish it with
 * netpont_lock_client_request_finish(). */
void netpont_lock_client_request_async(NetpontLockClient *self, const Netpont__Envelope *env,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
/* Returns the reply envelope (caller frees with
 * netpont__envelope__free_unpacked(reply, NULL)); an Error reply becomes
 * NULL with a NETPONT_FRAME_ERROR GError whose code is the ErrorCode and
 * whose message is the agent's sentence (netpont_frame_error_is_refusal();
 * for WRONG_PIN, *tries_left is set when tries_left is not NULL). No
 * connection, or a lost one, is NETPONT_FRAME_ERROR_DISCONNECTED. */
Netpont__Envelope *netpont_lock_client_request_finish(NetpontLockClient *self, GAsyncResult *result,
                                                      int *tries_left, GError **error);

G_END_DECLS

#endif
