/* Kiosk-only PCs (issue 14): SeatKiosk makes a PC an information point
 * (the directory only: no login form, and seat_available() in
 * gateway_room.c refuses every session there) or a normal PC again. */
#include "gateway_internal.h"

#include "store/seats.h"
#include "store/sessions.h"

static int seat_kiosk(gw_ctx *c)
{
	const Netpont__SeatKiosk *m = c->req->seat_kiosk;
	store_seat seat;
	if (gw_find_seat(c, m->name, &seat) != 0)
		return -1;
	if (seat.kiosk_only == m->on)
		return 0;
	if (m->on) {
		store_session s;
		int running = store_session_running_on_seat(c->gw->db, seat.id, &s, &c->err);
		if (running < 0)
			return -1;
		if (running == 1)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s is in use by %s; end the session first."),
			                  seat.name, s.name);
	}
	if (store_seat_set_kiosk_only(c->gw->db, seat.id, m->on, &c->err) != 0 ||
	    gw_audit(c, m->on ? "seat.kiosk_on" : "seat.kiosk_off", "%s", seat.name) != 0)
		return -1;
	gw_emit_lease(c, seat.id, "");
	gw_emit_seat(c, seat.id);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_kiosk_routes[] = {
    {NETPONT__ENVELOPE__BODY_SEAT_KIOSK, R_ADMIN, seat_kiosk,
     N_("Only an administrator can make a PC an information point.")},
};
const size_t gw_kiosk_route_count = sizeof gw_kiosk_routes / sizeof gw_kiosk_routes[0];
