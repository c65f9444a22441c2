/* NetpontLockWindow: the full-screen locked screen (site name, clock, login
 * and PIN, "Log in", "Call a mentor", high contrast, larger text, the
 * language, refusals in plain sentences). Instead of the login form it can
 * show a notice: the room is closed, the PC is out of order or getting
 * ready, goodbye after a session. It only shows things and reports the
 * resident's "log in"; NetpontLockController decides what happens. Its
 * buttons use the "lock." actions the controller inserts.
 *
 * Accessibility: every control has one accessible name; a refusal shown
 * with netpont_lock_window_show_error() takes the keyboard focus, so a
 * screen reader reads it (GTK 4.8 has no announcement call), and typing
 * goes on in the field the refusal is about. */
#ifndef NETPONT_LOCK_WINDOW_H
#define NETPONT_LOCK_WINDOW_H

#include <gtk/gtk.h>

#include "netpont-lock-directory.h"

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
/* The PC's booking ("Reserved for Kovács Mária from 14:00"); NULL or ""
 * hides the line. */
void netpont_lock_window_set_booking(NetpontLockWindow *self, const char *text);
/* Shows (or, with NULL or "", hides) a refusal without moving the focus. */
void netpont_lock_window_set_error(NetpontLockWindow *self, const char *text);
/* Shows a refusal the resident must hear: the message takes the keyboard
 * focus (a screen reader reads it) and the next key typed goes on in retry
 * (the field the refusal is about, owned by the window), which then has the
 * focus. */
void netpont_lock_window_show_error(NetpontLockWindow *self, const char *text, GtkEditable *retry);
void netpont_lock_window_set_info(NetpontLockWindow *self, const char *text);
/* While a login is being checked: the button says so and does nothing. */
void netpont_lock_window_set_busy(NetpontLockWindow *self, gboolean busy);
/* While logins cannot work (no server, no agent): the button says "Waiting
 * for the server…" and does nothing; the fields can still be filled in. */
void netpont_lock_window_set_waiting(NetpontLockWindow *self, gboolean waiting);
/* Shows a notice (title and body, body may be NULL) instead of the login
 * form; a NULL title shows the form again. Changing the page clears the
 * refusal, and coming back to the form puts the focus in the login name. */
void netpont_lock_window_set_notice(NetpontLockWindow *self, const char *title, const char *body);
/* The notice shown ("" when the form shows); owned by the window. */
const char *netpont_lock_window_get_notice_title(NetpontLockWindow *self);
const char *netpont_lock_window_get_notice_body(NetpontLockWindow *self);
gboolean netpont_lock_window_get_form_shown(NetpontLockWindow *self);
/* TRUE while logging in can work (not busy, not waiting, form shown). */
gboolean netpont_lock_window_get_can_log_in(NetpontLockWindow *self);
void netpont_lock_window_set_language_label(NetpontLockWindow *self, const char *label);
/* All text one step larger (the CSS class "larger-text" on the window); the
 * switch follows. */
void netpont_lock_window_set_larger_text(NetpontLockWindow *self, gboolean on);
/* The widgets a test or the controller fills in or focuses (owned by the window). */
GtkSwitch *netpont_lock_window_get_contrast_switch(NetpontLockWindow *self);
GtkSwitch *netpont_lock_window_get_larger_text_switch(NetpontLockWindow *self);
GtkEditable *netpont_lock_window_get_login_entry(NetpontLockWindow *self);
GtkEditable *netpont_lock_window_get_pin_entry(NetpontLockWindow *self);
GtkButton *netpont_lock_window_get_login_button(NetpontLockWindow *self);
GtkButton *netpont_lock_window_get_help_button(NetpontLockWindow *self);
/* The texts shown ("" when hidden); owned by the window. */
const char *netpont_lock_window_get_error(NetpontLockWindow *self);
const char *netpont_lock_window_get_info(NetpontLockWindow *self);
const char *netpont_lock_window_get_site_name(NetpontLockWindow *self);
/* The line of today's hours under the form ("Open today: 9:00–18:00."). */
const char *netpont_lock_window_get_hours(NetpontLockWindow *self);
/* The booking line as shown; NULL while hidden. */
const char *netpont_lock_window_get_booking(NetpontLockWindow *self);
/* Empties the PIN (after a refusal or a login), and the login name too if all. */
void netpont_lock_window_clear(NetpontLockWindow *self, gboolean all);
/* Puts the keyboard focus in the login name (after a lock). */
void netpont_lock_window_focus_login(NetpontLockWindow *self);

/* The local information (issue 14): "Local information" shows it instead
 * of the login screen, its Back and its idle time bring the login screen
 * back. On a kiosk-only PC (set_kiosk) only the directory shows. */
void netpont_lock_window_show_directory(NetpontLockWindow *self, gboolean show);
gboolean netpont_lock_window_get_directory_shown(NetpontLockWindow *self);
void netpont_lock_window_set_kiosk(NetpontLockWindow *self, gboolean kiosk);
gboolean netpont_lock_window_get_kiosk(NetpontLockWindow *self);
NetpontLockDirectory *netpont_lock_window_get_directory(NetpontLockWindow *self);
GtkButton *netpont_lock_window_get_directory_button(NetpontLockWindow *self);

G_END_DECLS

#endif
