/* NetpontResidentHistory: the residents page's panel of the selected
 * resident's progress (ResidentHistory): the help calls mentors resolved,
 * with the topic, what came of it, the date and the mentor, and the
 * mentors' notes, newest first; "Add a note" below. Staff only, mentors
 * and administrators: it hides itself for the treasurer. */
#ifndef NETPONT_RESIDENT_HISTORY_H
#define NETPONT_RESIDENT_HISTORY_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_RESIDENT_HISTORY (netpont_resident_history_get_type())
G_DECLARE_FINAL_TYPE(NetpontResidentHistory, netpont_resident_history, NETPONT, RESIDENT_HISTORY,
                     GtkBox)

void netpont_resident_history_set_client(NetpontResidentHistory *self, NetpontClient *client);
/* Shows login's progress (read from the server now), or nothing (NULL). */
void netpont_resident_history_set_login(NetpontResidentHistory *self, const char *login);
/* How many lines are shown, and line i's title and subtitle (tests). */
guint netpont_resident_history_get_n_lines(NetpontResidentHistory *self);
const char *netpont_resident_history_get_line(NetpontResidentHistory *self, guint i,
                                              const char **subtitle);

G_END_DECLS

#endif
