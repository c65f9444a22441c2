/* NetpontVolunteerButton: clocking in and out of one's volunteer hours, in
 * the window's header bar where every staff member sees it from every page
 * (a mentor spends the shift on the seat map, a treasurer never opens the
 * shift page). While clocked in it says "On duty since 14:02"; a period a
 * cash shift started shows the same way, as it follows the server's
 * VolunteerEvents for the signed-in account. */
#ifndef NETPONT_VOLUNTEER_BUTTON_H
#define NETPONT_VOLUNTEER_BUTTON_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_VOLUNTEER_BUTTON (netpont_volunteer_button_get_type())
G_DECLARE_FINAL_TYPE(NetpontVolunteerButton, netpont_volunteer_button, NETPONT, VOLUNTEER_BUTTON,
                     GtkBox)

/* The connection it asks and listens to; it keeps a reference. */
void netpont_volunteer_button_set_client(NetpontVolunteerButton *self, NetpontClient *client);
/* Asks whether the signed-in staff member is clocked in. */
void netpont_volunteer_button_reload(NetpontVolunteerButton *self);
/* Shows "not on duty" (signed out). */
void netpont_volunteer_button_clear(NetpontVolunteerButton *self);
/* When the signed-in staff member clocked in (Unix time), 0 when not. */
gint64 netpont_volunteer_button_get_since(NetpontVolunteerButton *self);

G_END_DECLS

#endif
