/* NetpontLockWindow: the full-screen locked screen (site name, clock, login
 * and PIN, "Log in", "Call a mentor", refusals in plain sentences). It only
 * shows things and reports the resident's "log in"; NetpontLockController
 * decides what happens. Its buttons use the "lock." actions the controller
 * inserts. */
#ifndef NETPONT_LOCK_WINDOW_H
#define NETPONT_LOCK_WINDOW_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NETPONT_TYPE_LOCK_WINDOW (netpont_lock_window_get_type())
G_DECLARE_FINAL_TYPE(NetpontLockWindow, netpont_lock_window, NETPONT, LOCK_WINDOW,
                     GtkApplicationWindow)

/* Signal "login" (no arguments): the resident pressed Log in or Enter. */

NetpontLockWindow *netpont_lock_window_new(void);
void netpont_lock_window_set_site_name(NetpontLockWindow *self, const char *name);
void netpont_lock_window_set_clock(NetpontLockWindow *self, const char *text);
/* NULL or "" hides the line. */
void netpont_lock_window_set_hours(NetpontLockWindow *self, const char *text);
void netpont_lock_window_set_error(NetpontLockWindow *self, const char *text);
void netpont_lock_window_set_info(NetpontLockWindow *self, const char *text);
/* While a login is being checked: the form is insensitive and the button
 * says so. */
void netpont_lock_window_set_busy(NetpontLockWindow *self, gboolean busy);
/* Out of order: the login form is hidden. */
void netpont_lock_window_set_form_visible(NetpontLockWindow *self, gboolean visible);
void netpont_lock_window_set_language_label(NetpontLockWindow *self, const char *label);
GtkSwitch *netpont_lock_window_get_contrast_switch(NetpontLockWindow *self);
/* The widgets a test or the controller fills in or focuses (owned by the window). */
GtkEditable *netpont_lock_window_get_login_entry(NetpontLockWindow *self);
GtkEditable *netpont_lock_window_get_pin_entry(NetpontLockWindow *self);
GtkButton *netpont_lock_window_get_login_button(NetpontLockWindow *self);
GtkButton *netpont_lock_window_get_help_button(NetpontLockWindow *self);
const char *netpont_lock_window_get_error(NetpontLockWindow *self);
const char *netpont_lock_window_get_info(NetpontLockWindow *self);
/* Empties the PIN (after a refusal or a login), and the login name too if all. */
void netpont_lock_window_clear(NetpontLockWindow *self, gboolean all);

G_END_DECLS

#endif
