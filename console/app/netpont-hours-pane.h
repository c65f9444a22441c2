/* NetpontHoursPane: the opening hours as a week, a row a day (open or not,
 * from – to, and a lunch break if there is one), and the closed dates
 * (holidays) with a note, added and removed. It sits on the administrator's
 * page; the server checks every change and its refusal is shown as said. */
#ifndef NETPONT_HOURS_PANE_H
#define NETPONT_HOURS_PANE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_HOURS_PANE (netpont_hours_pane_get_type())
G_DECLARE_FINAL_TYPE(NetpontHoursPane, netpont_hours_pane, NETPONT, HOURS_PANE, GtkBox)

/* The connection the pane asks; the pane keeps a reference. */
void netpont_hours_pane_set_client(NetpontHoursPane *self, NetpontClient *client);
/* Asks for the week's hours and the closed dates from today on. */
void netpont_hours_pane_reload(NetpontHoursPane *self);
/* Forgets the closed dates shown. */
void netpont_hours_pane_clear(NetpontHoursPane *self);

G_END_DECLS

#endif
