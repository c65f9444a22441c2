/* NetpontLockController: the lock screen's logic. Owns the control-socket
 * client, the locked screen and the session bar, and decides which one shows:
 * locked → the full-screen NetpontLockWindow; unlocked → the small
 * NetpontLockBar. It maps refusals to sentences, counts the time left down
 * between updates, shows the 5- and 1-minute warnings (with a sound), the
 * print confirmation, the help state and mentor messages, and switches the
 * language and the high-contrast look at run time.
 *
 * Actions (group "lock", inserted in both windows): call-mentor,
 * cancel-help, end-session, switch-language. Every request carries the
 * language shown. */
#ifndef NETPONT_LOCK_CONTROLLER_H
#define NETPONT_LOCK_CONTROLLER_H

#include <gtk/gtk.h>

#include "netpont-lock-bar.h"
#include "netpont-lock-client.h"
#include "netpont-lock-window.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_LOCK_CONTROLLER (netpont_lock_controller_get_type())
G_DECLARE_FINAL_TYPE(NetpontLockController, netpont_lock_controller, NETPONT, LOCK_CONTROLLER,
                     GObject)

/* Loads the CSS and the resources once per process (call after gtk_init or
 * in GApplication::startup). */
void netpont_lock_init_style(void);

/* Which windows a controller shows.
 * NETPONT_LOCK_MODE_BOTH: the locked screen while locked and the session
 *   bar while unlocked, in one process (netpont-lock: the demo and tests).
 * NETPONT_LOCK_MODE_GREETER: only the locked screen (netpont-greeter). When
 *   the agent grants a session the window stays and the signal
 *   "session-granted" (no arguments) is emitted, once per unlock: the
 *   greeter then starts the public account's desktop session.
 * NETPONT_LOCK_MODE_BAR: only the session bar (netpont-bar, inside the
 *   desktop session); while locked nothing shows. */
typedef enum {
	NETPONT_LOCK_MODE_BOTH,
	NETPONT_LOCK_MODE_GREETER,
	NETPONT_LOCK_MODE_BAR,
} NetpontLockMode;

/* app may be NULL (tests). socket_path is copied. windowed: no full screen.
 * Connects at once; windows appear when the first status arrives (the
 * locked screen appears at once, showing "connecting"). */
NetpontLockController *netpont_lock_controller_new(GtkApplication *app, const char *socket_path,
                                                   gboolean windowed);
/* The same, showing the windows of mode. */
NetpontLockController *netpont_lock_controller_new_mode(GtkApplication *app,
                                                        const char *socket_path, gboolean windowed,
                                                        NetpontLockMode mode);
NetpontLockMode netpont_lock_controller_get_mode(NetpontLockController *self);

/* For tests and the demo: the current windows (owned by the controller;
 * they are replaced when the language changes). */
NetpontLockWindow *netpont_lock_controller_get_lock_window(NetpontLockController *self);
NetpontLockBar *netpont_lock_controller_get_bar(NetpontLockController *self);
/* The open warning / print confirmation / end-session / mentor message dialog, or NULL. */
GtkWindow *netpont_lock_controller_get_warning(NetpontLockController *self);
GtkWindow *netpont_lock_controller_get_print_dialog(NetpontLockController *self);
GtkWindow *netpont_lock_controller_get_end_dialog(NetpontLockController *self);
GtkWindow *netpont_lock_controller_get_message_dialog(NetpontLockController *self);
gboolean netpont_lock_controller_is_unlocked(NetpontLockController *self);
gboolean netpont_lock_controller_is_connected(NetpontLockController *self);
/* The agent's last status, or NULL before the first (owned by the
 * controller, valid until the next status arrives). */
const Netpont__ControlStatusReply *netpont_lock_controller_get_status(NetpontLockController *self);
/* "hu" or "en" */
const char *netpont_lock_controller_get_language(NetpontLockController *self);
void netpont_lock_controller_set_language(NetpontLockController *self, const char *lang);
void netpont_lock_controller_set_high_contrast(NetpontLockController *self, gboolean on);
/* The locked screen's text one step larger (the resident's "Larger text"
 * switch); kept across language changes. */
void netpont_lock_controller_set_larger_text(NetpontLockController *self, gboolean on);
/* Shows a warning as if the agent had pushed it: "5min", "1min" (time
 * left) or "close5" (the room closes in 5 minutes); other words are
 * ignored. */
void netpont_lock_controller_show_warning(NetpontLockController *self, const char *warning);
/* Answers the open print confirmation as the resident would. */
void netpont_lock_controller_answer_print(NetpontLockController *self, gboolean print);
/* Answers the open end-session question as the resident would. */
void netpont_lock_controller_answer_end(NetpontLockController *self, gboolean end);

/* Greeter mode. sentence: an untranslated message id of the netpont-lock
 * domain (static, not copied), translated whenever it is shown, that
 * replaces the login form: the PC cannot start a session (LightDM is not
 * set up for it) and the administrator must act. NULL brings the form back. */
void netpont_lock_controller_set_greeter_problem(NetpontLockController *self, const char *sentence);
/* Greeter mode: TRUE once the agent said the PC is locked since this
 * controller started. A session granted before that was granted before the
 * greeter started, that is, its desktop session has ended. */
gboolean netpont_lock_controller_greeter_saw_lock(NetpontLockController *self);
/* Greeter mode: the session the agent granted could not be started. Asks
 * the agent to end the lease at once (ControlLogout), so the resident pays
 * nothing more for it, and shows sentence (already translated; copied) on
 * the locked screen. */
void netpont_lock_controller_end_unstarted_session(NetpontLockController *self,
                                                   const char *sentence);

G_END_DECLS

#endif
