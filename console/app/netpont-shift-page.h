/* NetpontShiftPage: the signed-in mentor's shift — start it with the cash
 * float, end it with the counted cash, and see expected against counted. */
#ifndef NETPONT_SHIFT_PAGE_H
#define NETPONT_SHIFT_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_SHIFT_PAGE (netpont_shift_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontShiftPage, netpont_shift_page, NETPONT, SHIFT_PAGE, GtkBox)

void netpont_shift_page_set_client(NetpontShiftPage *self, NetpontClient *client);
void netpont_shift_page_clear(NetpontShiftPage *self);
void netpont_shift_page_reload(NetpontShiftPage *self);

G_END_DECLS

#endif
