/* NetpontRow: one row of a table shown in a GtkColumnView or GtkListView —
 * a resident, a bill line, a ledger entry, a help call, a report row...
 * Up to NETPONT_ROW_COLUMNS display strings (properties "c0" .. "c7", with
 * change notification so a live value such as a waiting time updates its
 * cell), an id, a key, and a few numbers for the page's own use. */
#ifndef NETPONT_ROW_H
#define NETPONT_ROW_H

#include <glib-object.h>

G_BEGIN_DECLS

#define NETPONT_ROW_COLUMNS 8
#define NETPONT_ROW_NUMBERS 4

#define NETPONT_TYPE_ROW (netpont_row_get_type())
G_DECLARE_FINAL_TYPE(NetpontRow, netpont_row, NETPONT, ROW, GObject)

/* A row with the given id and key (copied). */
NetpontRow *netpont_row_new(gint64 id, const char *key);
gint64 netpont_row_get_id(NetpontRow *self);
const char *netpont_row_get_key(NetpontRow *self);
/* Sets display column i (copied); notifies "c<i>" if it changed. */
void netpont_row_set(NetpontRow *self, guint column, const char *text);
/* Like netpont_row_set(), with a printf format. */
void netpont_row_setf(NetpontRow *self, guint column, const char *format, ...) G_GNUC_PRINTF(3, 4);
const char *netpont_row_get(NetpontRow *self, guint column);
void netpont_row_set_number(NetpontRow *self, guint index, gint64 value);
gint64 netpont_row_get_number(NetpontRow *self, guint index);

G_END_DECLS

#endif
