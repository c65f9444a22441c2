/* NetpontLockBar: the strip that stays on screen while a resident uses the
 * PC (netpont-bar docks it at a screen edge): who is logged in, the time
 * left, the clock, what the session costs so far, the help state with "Call
 * a mentor" or "Cancel the call", the other language, and "End my session".
 * Buttons use the controller's "lock." actions. Strings passed in are
 * copied; strings returned belong to the bar. */
#ifndef NETPONT_LOCK_BAR_H
#define NETPONT_LOCK_BAR_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define NETPONT_TYPE_LOCK_BAR (netpont_lock_bar_get_type())
G_DECLARE_FINAL_TYPE(NetpontLockBar, netpont_lock_bar, NETPONT, LOCK_BAR, GtkApplicationWindow)

NetpontLockBar *netpont_lock_bar_new(void);
void netpont_lock_bar_set_name(NetpontLockBar *self, const char *name);
void netpont_lock_bar_set_time_left(NetpontLockBar *self, const char *text, gboolean urgent);
/* The help-call line; NULL or "" empties it. */
void netpont_lock_bar_set_help(NetpontLockBar *self, const char *text);
/* "12:05" */
void netpont_lock_bar_set_clock(NetpontLockBar *self, const char *clock);
/* "So far: 150 Ft"; NULL or "" hides it. */
void netpont_lock_bar_set_cost(NetpontLockBar *self, const char *text);
/* open: a help call is waiting or a mentor is coming; the bar offers
 * "Cancel the call" instead of "Call a mentor". */
void netpont_lock_bar_set_help_open(NetpontLockBar *self, gboolean open);
gboolean netpont_lock_bar_get_help_open(NetpontLockBar *self);
/* The language button's label: the other language's name in itself. */
void netpont_lock_bar_set_language_label(NetpontLockBar *self, const char *label);
const char *netpont_lock_bar_get_time_left(NetpontLockBar *self);
const char *netpont_lock_bar_get_cost(NetpontLockBar *self);
const char *netpont_lock_bar_get_clock(NetpontLockBar *self);
GtkButton *netpont_lock_bar_get_help_button(NetpontLockBar *self);
GtkButton *netpont_lock_bar_get_cancel_help_button(NetpontLockBar *self);
GtkButton *netpont_lock_bar_get_end_button(NetpontLockBar *self);
const char *netpont_lock_bar_get_help(NetpontLockBar *self);

G_END_DECLS

#endif
