/* NetpontLockBar: the small window that stays on screen while a resident
 * uses the PC: who is logged in, the time left, "Call a mentor", "End my
 * session" and the help state. Buttons use the
 * controller's "lock." actions. */
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
const char *netpont_lock_bar_get_time_left(NetpontLockBar *self);
const char *netpont_lock_bar_get_help(NetpontLockBar *self);

G_END_DECLS

#endif
