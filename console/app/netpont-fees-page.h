/* NetpontFeesPage: the fee desk — find a resident, see the itemised bill,
 * add office services from the tariff list, take cash or waive with a
 * reason, save or print a receipt. */
#ifndef NETPONT_FEES_PAGE_H
#define NETPONT_FEES_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"
#include "netpont-receipt.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_FEES_PAGE (netpont_fees_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontFeesPage, netpont_fees_page, NETPONT, FEES_PAGE, GtkBox)

void netpont_fees_page_set_client(NetpontFeesPage *self, NetpontClient *client);
void netpont_fees_page_clear(NetpontFeesPage *self);
void netpont_fees_page_reload(NetpontFeesPage *self);
/* Puts the keyboard focus in the resident search (Ctrl+F). */
void netpont_fees_page_focus_search(NetpontFeesPage *self);
/* The receipt of the last payment taken here, or NULL (owned by the page). */
const NetpontReceipt *netpont_fees_page_get_last_receipt(NetpontFeesPage *self);

G_END_DECLS

#endif
