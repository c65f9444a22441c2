/* NetpontGreeterSession: netpont-greeter's side of LightDM (liblightdm-gobject).
 *
 * LightDM is configured with autologin-user = the shared public account and
 * a long autologin-user-timeout, so it starts this greeter and tells it the
 * account's name (the autologin user hint) without ever logging it in by
 * itself. Only when the agent has granted a session does the greeter ask for
 * it: lightdm_greeter_authenticate_autologin(), then, once LightDM reports
 * the account authenticated, lightdm_greeter_start_session_sync(). No
 * password or token passes through the greeter. LightDM then stops the
 * greeter and runs the desktop session; when that ends, it starts the
 * greeter again.
 *
 * The autologin timer of liblightdm is cancelled at connection and never
 * acted on. */
#ifndef NETPONT_GREETER_SESSION_H
#define NETPONT_GREETER_SESSION_H

#include <gio/gio.h>

G_BEGIN_DECLS

#define NETPONT_TYPE_GREETER_SESSION (netpont_greeter_session_get_type())
G_DECLARE_FINAL_TYPE(NetpontGreeterSession, netpont_greeter_session, NETPONT, GREETER_SESSION,
                     GObject)

/* Signal "failed" (const char *reason): the session asked for with
 * netpont_greeter_session_start() will not run. reason is an English
 * sentence for the log (LightDM's refusal or error), valid during the
 * emission only. Emitted from the main loop, never from inside
 * netpont_greeter_session_start(). */

/* session_name: the LightDM session (an xsessions .desktop name) to start,
 * or NULL for the autologin session hint, else LightDM's default. Copied. */
NetpontGreeterSession *netpont_greeter_session_new(const char *session_name);

/* Connects to the LightDM daemon (the greeter must have been started by
 * LightDM). Returns FALSE with error when it cannot; then no session can be
 * started. Cancels LightDM's autologin timer. */
gboolean netpont_greeter_session_connect(NetpontGreeterSession *self, GError **error);

/* The public account LightDM will log in (its autologin-user), or NULL when
 * LightDM is not configured with one (or not connected). Owned by self. */
const char *netpont_greeter_session_get_user(NetpontGreeterSession *self);

/* The session that will be started: the one given to _new(), else
 * LightDM's autologin session hint, else its default session hint; NULL
 * lets LightDM choose. Owned by self. */
const char *netpont_greeter_session_get_session_name(NetpontGreeterSession *self);

/* Logs the public account in and starts its desktop session. Success is
 * LightDM stopping this greeter; failure is the signal "failed". A second
 * call while one start is under way does nothing. */
void netpont_greeter_session_start(NetpontGreeterSession *self);

/* TRUE from netpont_greeter_session_start() until it failed. */
gboolean netpont_greeter_session_is_starting(NetpontGreeterSession *self);

G_END_DECLS

#endif
