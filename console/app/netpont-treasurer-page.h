/* NetpontTreasurerPage: totals charged, paid, waived and owed for a chosen
 * range, by day, service, mentor or fee category (ReportTotals), a bar
 * chart of daily totals, shift reconciliations (ReportShifts), waivers with
 * their notes, help-call numbers, and CSV export. Refreshes itself when the
 * ledger changes. */
#ifndef NETPONT_TREASURER_PAGE_H
#define NETPONT_TREASURER_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_TREASURER_PAGE (netpont_treasurer_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontTreasurerPage, netpont_treasurer_page, NETPONT, TREASURER_PAGE, GtkBox)

void netpont_treasurer_page_set_client(NetpontTreasurerPage *self, NetpontClient *client);
void netpont_treasurer_page_clear(NetpontTreasurerPage *self);
/* Asks for every report of the chosen range. */
void netpont_treasurer_page_reload(NetpontTreasurerPage *self);
/* The totals of the last report (minor units); FALSE if none arrived yet. */
gboolean netpont_treasurer_page_get_totals(NetpontTreasurerPage *self, gint64 *charged,
                                           gint64 *paid, gint64 *waived, gint64 *owed);
/* Writes the table shown ("key,charged,paid,waived" and a total line) as
 * CSV to path. */
gboolean netpont_treasurer_page_write_csv(NetpontTreasurerPage *self, const char *path,
                                          GError **error);

G_END_DECLS

#endif
