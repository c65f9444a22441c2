/* NetpontStaffPane: the administrator changes a staff account — its display
 * name (the name the PCs and receipts show: "Dóra is coming"), its role,
 * its password — and disables or enables it (StaffUpdate,
 * StaffSetPassword). The server refuses, with a sentence, what would lock
 * the room out (the last administrator, one's own account). Emits
 * "changed" after each change: the page around it reloads its own list and
 * this pane (netpont_staff_pane_reload()). */
#ifndef NETPONT_STAFF_PANE_H
#define NETPONT_STAFF_PANE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_STAFF_PANE (netpont_staff_pane_get_type())
G_DECLARE_FINAL_TYPE(NetpontStaffPane, netpont_staff_pane, NETPONT, STAFF_PANE, GtkBox)

void netpont_staff_pane_set_client(NetpontStaffPane *self, NetpontClient *client);
/* Asks the server for the accounts again. */
void netpont_staff_pane_reload(NetpontStaffPane *self);
void netpont_staff_pane_clear(NetpontStaffPane *self);
/* The account chosen, as StaffList last described it (owned by the
 * pane), or NULL. */
const Netpont__StaffMember *netpont_staff_pane_get_selected(NetpontStaffPane *self);

G_END_DECLS

#endif
