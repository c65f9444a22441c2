/* NetpontFrameClient: one stream of Netpont frames driven by GIO.
 *
 * The console's connection to netpontd and the lock screen's connection to
 * netpont-agent's control socket are the same thing underneath: frames of
 * the shared codec from proto/ on a GIOStream, read asynchronously on the
 * thread-default main context, requests matched to their replies by id,
 * and frames with id 0 pushed by the peer. This class is that thing; what
 * each program says first (Hello, ControlStatus), how it keeps the link
 * alive and when it retries stay in NetpontClient and NetpontLockClient.
 *
 * Every request is a GTask. An Error reply becomes a GError in
 * NETPONT_FRAME_ERROR whose code is the peer's Netpont__ErrorCode and whose
 * message is the peer's sentence; a stream that is not open, fails or ends
 * fails the request with NETPONT_FRAME_ERROR_DISCONNECTED. A request whose
 * GCancellable is cancelled still waits for its reply or for the stream to
 * close, and then finishes with G_IO_ERROR_CANCELLED.
 *
 * Signals:
 *   "event" (const Netpont__Envelope *env): a frame with id 0; env is owned
 *           by the client and valid during the emission only.
 *   "closed" (const GError *reason): the stream ended or failed by itself
 *           (not by netpont_frame_client_close()). reason is
 *           NETPONT_FRAME_ERROR_CLOSED (the peer ended it),
 *           NETPONT_FRAME_ERROR_PROTOCOL (it sent an unreadable frame; the
 *           message is np_frame_status_string()) or
 *           NETPONT_FRAME_ERROR_DISCONNECTED (GIO's sentence). The stream is
 *           already closed when this is emitted. A handler may call
 *           netpont_frame_client_close() with its own sentence for the
 *           requests in flight; those it leaves fail with reason's message.
 *
 * While a stream is open or a connection is being made, the pending I/O
 * holds a reference to the client: the owner ends it with
 * netpont_frame_client_close() before dropping its own reference. */
#ifndef NETPONT_FRAME_CLIENT_H
#define NETPONT_FRAME_CLIENT_H

#include <gio/gio.h>

#include "frame.h"

G_BEGIN_DECLS

#define NETPONT_FRAME_ERROR (netpont_frame_error_quark())
GQuark netpont_frame_error_quark(void);

/* Error codes of NETPONT_FRAME_ERROR: below 100 the peer's
 * Netpont__ErrorCode of an Error reply, and these. */
typedef enum {
	NETPONT_FRAME_ERROR_DISCONNECTED = 100, /* not open, or the stream was lost */
	NETPONT_FRAME_ERROR_PROTOCOL = 101,     /* a frame that cannot be encoded or read */
	NETPONT_FRAME_ERROR_CLOSED = 102,       /* the peer ended the stream */
	NETPONT_FRAME_ERROR_BUSY = 103,         /* the peer stopped reading: too many frames wait */
} NetpontFrameError;

/* Whether error is a refusal by the peer (an Error reply): then its code is
 * the peer's Netpont__ErrorCode and its message the peer's sentence, which
 * may be empty. FALSE for NULL and for every other error. */
gboolean netpont_frame_error_is_refusal(const GError *error);

#define NETPONT_TYPE_FRAME_CLIENT (netpont_frame_client_get_type())
G_DECLARE_FINAL_TYPE(NetpontFrameClient, netpont_frame_client, NETPONT, FRAME_CLIENT, GObject)

/* A closed client whose frames, either way, are at most max_frame bytes of
 * body (the peer's larger frames close the stream as PROTOCOL). */
NetpontFrameClient *netpont_frame_client_new(guint32 max_frame);

/* Connects to address (a GInetSocketAddress, GNetworkAddress, a Unix
 * socket address ...) and opens the connection as with
 * netpont_frame_client_open(). timeout_s bounds the connect (0: none); it
 * is cleared from the socket once connected, so that a quiet peer is not
 * dropped as timed out. Whatever was open is closed first. Finish with
 * netpont_frame_client_connect_finish(): TRUE once open; FALSE with the
 * error from GIO, or G_IO_ERROR_CANCELLED when netpont_frame_client_close()
 * came first. address is referenced while connecting. */
void netpont_frame_client_connect_async(NetpontFrameClient *self, GSocketConnectable *address,
                                        guint timeout_s, GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean netpont_frame_client_connect_finish(NetpontFrameClient *self, GAsyncResult *result,
                                             GError **error);

/* Starts reading frames from stream, which the client references until it
 * closes it. Whatever was open is closed first (its requests fail). */
void netpont_frame_client_open(NetpontFrameClient *self, GIOStream *stream);

/* Whether a stream is open (connecting does not count). */
gboolean netpont_frame_client_is_open(NetpontFrameClient *self);

/* Closes the stream, cancels a connect in progress and fails every request
 * in flight with NETPONT_FRAME_ERROR_DISCONNECTED and reason (copied; NULL:
 * a plain English sentence). Emits nothing; idempotent. Callbacks of the
 * failed requests may run before this returns and may open a new stream. */
void netpont_frame_client_close(NetpontFrameClient *self, const char *reason);

/* Sends one request. env is encoded at once (it may live on the caller's
 * stack and is not changed); its id is replaced by a fresh one. Finish with
 * netpont_frame_client_call_finish(). */
void netpont_frame_client_call_async(NetpontFrameClient *self, const Netpont__Envelope *env,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data);
/* Returns the reply (caller frees with netpont__envelope__free_unpacked(reply,
 * NULL)), or NULL with error set (see above). For an Error reply,
 * *tries_left (when tries_left is not NULL) is its tries_left field;
 * otherwise 0. */
Netpont__Envelope *netpont_frame_client_call_finish(NetpontFrameClient *self, GAsyncResult *result,
                                                    int *tries_left, GError **error);

/* The monotonic time (g_get_monotonic_time()) at which bytes last arrived
 * from the peer, or 0 if none ever did. */
gint64 netpont_frame_client_get_last_input_us(NetpontFrameClient *self);

/* Whether the peer's bytes wait unread in the stream right now: a busy
 * main loop has not read them yet, but the peer did answer. */
gboolean netpont_frame_client_input_waiting(NetpontFrameClient *self);

G_END_DECLS

#endif
