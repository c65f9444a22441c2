/* NetpontSeatTile: one PC on the seat map — its name, state, who sits
 * there, the time left (live), and a flashing help badge. Shows a
 * NetpontSeat and follows its "changed" signal. */
#ifndef NETPONT_SEAT_TILE_H
#define NETPONT_SEAT_TILE_H

#include <gtk/gtk.h>

#include "netpont-seat.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_SEAT_TILE (netpont_seat_tile_get_type())
G_DECLARE_FINAL_TYPE(NetpontSeatTile, netpont_seat_tile, NETPONT, SEAT_TILE, GtkBox)

/* seat may be NULL; the tile keeps a reference. */
void netpont_seat_tile_set_seat(NetpontSeatTile *self, NetpontSeat *seat);
NetpontSeat *netpont_seat_tile_get_seat(NetpontSeatTile *self);

G_END_DECLS

#endif
