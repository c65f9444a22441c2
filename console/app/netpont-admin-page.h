/* NetpontAdminPage: the administrator's work — enrol a PC (its token is
 * shown once), tariffs, fee categories, opening hours and other settings,
 * staff accounts. */
#ifndef NETPONT_ADMIN_PAGE_H
#define NETPONT_ADMIN_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_ADMIN_PAGE (netpont_admin_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontAdminPage, netpont_admin_page, NETPONT, ADMIN_PAGE, GtkBox)

void netpont_admin_page_set_client(NetpontAdminPage *self, NetpontClient *client);
void netpont_admin_page_clear(NetpontAdminPage *self);
void netpont_admin_page_reload(NetpontAdminPage *self);

G_END_DECLS

#endif
