/* NetpontDirectoryPage: the neighbourhood directory the PCs show without a
 * login, kept by mentors and administrators. A list of the entries with a
 * search and a category filter (expired ones greyed and marked), and a form
 * to add a new entry or change the one chosen; Remove asks first, naming
 * the entry. The server checks everything and refuses with a sentence,
 * shown as a toast. */
#ifndef NETPONT_DIRECTORY_PAGE_H
#define NETPONT_DIRECTORY_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_DIRECTORY_PAGE (netpont_directory_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontDirectoryPage, netpont_directory_page, NETPONT, DIRECTORY_PAGE, GtkBox)

void netpont_directory_page_set_client(NetpontDirectoryPage *self, NetpontClient *client);
void netpont_directory_page_clear(NetpontDirectoryPage *self);
void netpont_directory_page_reload(NetpontDirectoryPage *self);
/* How many entries the list shows (for tests). */
guint netpont_directory_page_get_count(NetpontDirectoryPage *self);

G_END_DECLS

#endif
