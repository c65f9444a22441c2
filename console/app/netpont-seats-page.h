/* NetpontSeatsPage: the seat map (a GtkGridView of NetpontSeatTile over a
 * GListStore of NetpontSeat) and the actions for the selected PC. */
#ifndef NETPONT_SEATS_PAGE_H
#define NETPONT_SEATS_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_SEATS_PAGE (netpont_seats_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontSeatsPage, netpont_seats_page, NETPONT, SEATS_PAGE, GtkBox)

/* The page keeps a reference to client and follows its events. */
void netpont_seats_page_set_client(NetpontSeatsPage *self, NetpontClient *client);
/* Forgets every seat (the data may be stale). */
void netpont_seats_page_clear(NetpontSeatsPage *self);
/* Asks the server for the seat list. */
void netpont_seats_page_reload(NetpontSeatsPage *self);
/* Read-only (treasurer): the map without the action panel. */
void netpont_seats_page_set_can_act(NetpontSeatsPage *self, gboolean can_act);
/* The seats, a GListModel of NetpontSeat (owned by the page). */
GListModel *netpont_seats_page_get_seats(NetpontSeatsPage *self);

G_END_DECLS

#endif
