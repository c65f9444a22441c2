/* NetpontVolunteerPane: the administrator's Volunteer hours tab. Pick a
 * volunteer and a month and see the monthly sheet (each period, the hours
 * per activity and in all); record a period after the fact; remove a
 * wrong one (after a confirmation naming who and what); export the sheet
 * as CSV or as a PDF to sign (the same files as netpontctl's volunteer
 * sheet). The server checks every change and its refusal is shown as
 * said. */
#ifndef NETPONT_VOLUNTEER_PANE_H
#define NETPONT_VOLUNTEER_PANE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_VOLUNTEER_PANE (netpont_volunteer_pane_get_type())
G_DECLARE_FINAL_TYPE(NetpontVolunteerPane, netpont_volunteer_pane, NETPONT, VOLUNTEER_PANE, GtkBox)

/* The connection the pane asks and listens to; it keeps a reference. */
void netpont_volunteer_pane_set_client(NetpontVolunteerPane *self, NetpontClient *client);
/* Asks for the staff list and the chosen volunteer's sheet. */
void netpont_volunteer_pane_reload(NetpontVolunteerPane *self);
/* Forgets what it shows. */
void netpont_volunteer_pane_clear(NetpontVolunteerPane *self);
/* Writes the sheet shown to path, as CSV or as PDF, then says so; for the
 * export buttons' file choosers and for tests. */
void netpont_volunteer_pane_export(NetpontVolunteerPane *self, const char *path, gboolean pdf);

G_END_DECLS

#endif
