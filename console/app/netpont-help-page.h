/* NetpontHelpPage: the open help calls, the longest waiting first (the
 * oldest call nobody answered is selected, and waiting calls stand out), with
 * "On my way" (HelpAck) and "Resolved…" (HelpResolve, with the topic chosen
 * from its menu; the action help.resolve, "s"). While a call waits the bell
 * rings again every 25 s (mentors and admins). Emits "new-call"
 * (seat, text) when a call arrives so the window can chime and notify, and
 * "open-count-changed" (count of calls nobody acknowledged yet). */
#ifndef NETPONT_HELP_PAGE_H
#define NETPONT_HELP_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_HELP_PAGE (netpont_help_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontHelpPage, netpont_help_page, NETPONT, HELP_PAGE, GtkBox)

void netpont_help_page_set_client(NetpontHelpPage *self, NetpontClient *client);
void netpont_help_page_clear(NetpontHelpPage *self);
void netpont_help_page_reload(NetpontHelpPage *self);
/* The calls shown, a GListModel of NetpontHelpItem (owned by the page). */
GListModel *netpont_help_page_get_calls(NetpontHelpPage *self);
guint netpont_help_page_get_open_count(NetpontHelpPage *self);
/* How often the reminder rings while a call waits (25 s unless set). */
void netpont_help_page_set_reminder_interval(NetpontHelpPage *self, guint seconds);
/* How many times the reminder has rung (for tests). */
guint netpont_help_page_get_reminder_count(NetpontHelpPage *self);

G_END_DECLS

#endif
