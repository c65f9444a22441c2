/* NetpontResidentsPage: find, add and edit residents (name, fee category,
 * note), reset a PIN, and see a resident's balance and history
 * (ResidentShow -> ResidentDetail). */
#ifndef NETPONT_RESIDENTS_PAGE_H
#define NETPONT_RESIDENTS_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_RESIDENTS_PAGE (netpont_residents_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontResidentsPage, netpont_residents_page, NETPONT, RESIDENTS_PAGE, GtkBox)

void netpont_residents_page_set_client(NetpontResidentsPage *self, NetpontClient *client);
void netpont_residents_page_clear(NetpontResidentsPage *self);
void netpont_residents_page_reload(NetpontResidentsPage *self);
/* Treasurers see residents but change nothing. */
void netpont_residents_page_set_can_edit(NetpontResidentsPage *self, gboolean can_edit);
/* Treasurers and administrators may reverse a ledger entry (LedgerReverse)
 * from the history. */
void netpont_residents_page_set_can_reverse(NetpontResidentsPage *self, gboolean can_reverse);
/* Administrators may erase a resident's data (ResidentErase). */
void netpont_residents_page_set_can_erase(NetpontResidentsPage *self, gboolean can_erase);
/* Saves the shown resident's export to path: the sheet when it ends in
 * .pdf, else JSON (the Export… button's chooser calls it too). */
void netpont_residents_page_export(NetpontResidentsPage *self, const char *path);
void netpont_residents_page_focus_search(NetpontResidentsPage *self);

G_END_DECLS

#endif
