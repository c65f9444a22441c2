/* NetpontSeat: the console's view of one public PC, updated from SeatList
 * replies, SeatEvents and HelpEvents. Emits "changed" whenever anything a
 * tile shows changes, including the remaining time on netpont_seat_tick(). */
#ifndef NETPONT_SEAT_H
#define NETPONT_SEAT_H

#include <gio/gio.h>
#include <glib-object.h>

#include "frame.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_SEAT (netpont_seat_get_type())
G_DECLARE_FINAL_TYPE(NetpontSeat, netpont_seat, NETPONT, SEAT, GObject)

/* A seat from a server message (copied). */
NetpontSeat *netpont_seat_new(const Netpont__SeatInfo *info, gint64 server_now);
/* Takes every field from info (copied) and emits "changed". */
void netpont_seat_update(NetpontSeat *self, const Netpont__SeatInfo *info, gint64 server_now);
/* Records a help call's new state (from a HelpEvent). */
void netpont_seat_set_help(NetpontSeat *self, gint64 help_id, Netpont__HelpState state,
                           const char *text);
/* Recomputes the remaining time against the server clock; emits "changed"
 * when the displayed value changes. */
void netpont_seat_tick(NetpontSeat *self, gint64 server_now);

const char *netpont_seat_get_name(NetpontSeat *self);
Netpont__SeatState netpont_seat_get_state(NetpontSeat *self);
gboolean netpont_seat_has_session(NetpontSeat *self);
const char *netpont_seat_get_resident_name(NetpontSeat *self);
const char *netpont_seat_get_resident_login(NetpontSeat *self);
gboolean netpont_seat_is_guest(NetpontSeat *self);
gint64 netpont_seat_get_ends_at(NetpontSeat *self);
gint64 netpont_seat_get_remaining(NetpontSeat *self);
gint64 netpont_seat_get_help_id(NetpontSeat *self);
Netpont__HelpState netpont_seat_get_help_state(NetpontSeat *self);
const char *netpont_seat_get_help_text(NetpontSeat *self);
const char *netpont_seat_get_message(NetpontSeat *self);
/* An information point (SeatInfo.kiosk_only): directory only, no sessions. */
gboolean netpont_seat_get_kiosk_only(NetpontSeat *self);
/* The print jobs held on the PC until confirmed (SeatInfo.held_prints), as
 * a GListModel of NetpontHeldPrint owned by the seat. */
GListModel *netpont_seat_get_held_prints(NetpontSeat *self);
guint netpont_seat_get_n_held_prints(NetpontSeat *self);
/* A translated word for a state: "Free", "In use", "Out of order", "Offline". */
const char *netpont_seat_state_label(Netpont__SeatState state);

G_END_DECLS

#endif
