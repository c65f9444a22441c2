/* NetpontUsagePane: the funders' usage report on the treasurer's page: a
 * range of dates (this month, last quarter, this year, or typed), whole or
 * by month or quarter, the report's sections as tables
 * (console/netpont-usage-report.h, as netpontctl shows them), "<5" where
 * the server suppressed a small count of people, and CSV and PDF exports. */
#ifndef NETPONT_USAGE_PANE_H
#define NETPONT_USAGE_PANE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_USAGE_PANE (netpont_usage_pane_get_type())
G_DECLARE_FINAL_TYPE(NetpontUsagePane, netpont_usage_pane, NETPONT, USAGE_PANE, GtkBox)

/* The connection the pane asks; the pane keeps a reference. */
void netpont_usage_pane_set_client(NetpontUsagePane *self, NetpontClient *client);
/* Asks for the report of the range shown. */
void netpont_usage_pane_reload(NetpontUsagePane *self);
/* Forgets the report shown. */
void netpont_usage_pane_clear(NetpontUsagePane *self);
/* Sets the range and grouping (as the buttons and entries would) and asks
 * for it; by: 0 whole, 1 month, 2 quarter. */
void netpont_usage_pane_show_range(NetpontUsagePane *self, const char *from, const char *to,
                                   guint by);
/* TRUE once a report arrived. */
gboolean netpont_usage_pane_has_report(NetpontUsagePane *self);
/* Writes the report shown as CSV (the locale's format, as netpontctl's
 * --csv) or as PDF to path. FALSE with error when it could not. */
gboolean netpont_usage_pane_write_csv(NetpontUsagePane *self, const char *path, GError **error);
gboolean netpont_usage_pane_write_pdf(NetpontUsagePane *self, const char *path, GError **error);

G_END_DECLS

#endif
