/* Bookings of PCs by the staff: BookingAdd, BookingList, BookingCancel and
 * BookingMove. A booking's span is checked against the opening hours
 * (core/booking.h) and against the other bookings (store/bookings.h, the
 * one conflict check); every refusal names what is in the way and changes
 * nothing. Every change is audited, told to the staff (BookingEvent) and
 * to the PCs it touched (gw_emit_booking_notice()). */
#include "gateway_internal.h"

#include <string.h>

#include "core/booking.h"
#include "proto/pages.h"
#include "store/bookings.h"
#include "store/settings.h"

/* A booking list covers at most this many days. */
#define BOOKING_LIST_MAX_DAYS 92

static Netpont__BookingState booking_state(store_booking_state s)
{
	switch (s) {
	case STORE_BOOKING_BOOKED:
		return NETPONT__BOOKING_STATE__BOOKING_STATE_BOOKED;
	case STORE_BOOKING_CLAIMED:
		return NETPONT__BOOKING_STATE__BOOKING_STATE_CLAIMED;
	case STORE_BOOKING_RELEASED:
		return NETPONT__BOOKING_STATE__BOOKING_STATE_RELEASED;
	case STORE_BOOKING_CANCELLED:
		return NETPONT__BOOKING_STATE__BOOKING_STATE_CANCELLED;
	}
	return NETPONT__BOOKING_STATE__BOOKING_STATE_UNSPECIFIED;
}

static Netpont__Booking *booking_msg(gw_ctx *c, const store_booking *b)
{
	Netpont__Booking *m = GW_NEW(&c->arena, Netpont__Booking, netpont__booking__init);
	char date[16], from[8], to[8];
	rules_format_date((time_t)b->starts_at, date, sizeof date);
	booking_format_time(b->starts_at, b->starts_at, from, sizeof from);
	booking_format_time(b->ends_at, b->starts_at, to, sizeof to);
	m->id = b->id;
	m->seat = gw_strdup(&c->arena, b->seat);
	m->starts_at = b->starts_at;
	m->ends_at = b->ends_at;
	m->login = gw_strdup(&c->arena, b->login);
	m->name = gw_strdup(&c->arena, b->name);
	m->course = gw_strdup(&c->arena, b->course);
	m->occasion_id = b->occasion_id;
	m->state = booking_state(b->state);
	m->created_by = gw_strdup(&c->arena, b->created_by_name);
	m->note = gw_strdup(&c->arena, b->note);
	m->created_at = b->created_at;
	m->date = gw_strdup(&c->arena, date);
	m->from = gw_strdup(&c->arena, from);
	m->to = gw_strdup(&c->arena, to);
	return m;
}

/* Reads booking id as it is now into the arena, and tells the staff
 * (BookingEvent) and the PC (its notice); NULL with c->err when it cannot
 * be read. */
static Netpont__Booking *booking_changed(gw_ctx *c, int64_t id)
{
	store_booking b;
	int found = store_booking_by_id(c->gw->db, id, &b, &c->err);
	if (found != 1) {
		if (found == 0)
			np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			           N_("The booking could not be read back; nothing was changed."));
		return NULL;
	}
	Netpont__Booking *m = booking_msg(c, &b);
	Netpont__BookingEvent *be =
	    GW_NEW(&c->arena, Netpont__BookingEvent, netpont__booking_event__init);
	be->booking = m;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_BOOKING_EVENT;
	ev.booking_event = be;
	gw_emit(c, 0, &ev);
	gw_emit_booking_notice(c, b.seat_id);
	return m;
}

/* A PC that can be booked: in the room and not out of order. */
static int bookable_seat(gw_ctx *c, const char *name, store_seat *out)
{
	if (gw_find_seat(c, name, out) != 0)
		return -1;
	if (out->out_of_order)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s is out of order; unlock it first or choose another PC."),
		                  out->name);
	return 0;
}

static int find_closed_note(void *ctx, const store_closed_date *d)
{
	store_closed_date *out = ctx;
	*out = *d;
	return 1;
}

/* booking_span_check() with the note of the day's closed date, if any. */
static int span_ok(gw_ctx *c, int64_t starts_at, int64_t ends_at)
{
	char day[16];
	rules_format_date((time_t)starts_at, day, sizeof day);
	store_closed_date closed;
	memset(&closed, 0, sizeof closed);
	if (store_closed_date_each(c->gw->db, day, 1, find_closed_note, &closed, &c->err) != 0)
		return -1;
	return booking_span_check(&c->rules, c->now, starts_at, ends_at,
	                          strcmp(closed.day, day) == 0 ? closed.note : NULL, &c->err);
}

static int span_parse(gw_ctx *c, const char *date, const char *from, const char *to,
                      int64_t *starts_at, int64_t *ends_at)
{
	if (booking_parse_span(date, from, to, starts_at, ends_at, &c->err) != 0)
		return -1;
	return span_ok(c, *starts_at, *ends_at);
}

/* ------------------------------------------------------------ add */

static int booking_add(gw_ctx *c)
{
	const Netpont__BookingAdd *m = c->req->booking_add;
	if (m->n_seats == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Name at least one PC to book."));
	if (m->n_seats > 64)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("At most %d PCs can be booked at once."), 64);
	const char *note = m->note ? m->note : "";
	if (strlen(note) > 200)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The note is too long (at most 200 characters)."));
	int64_t *seat_ids = gw_alloc(&c->arena, m->n_seats * sizeof *seat_ids);
	int64_t *ids = gw_alloc(&c->arena, m->n_seats * sizeof *ids);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	for (size_t i = 0; i < m->n_seats; i++) {
		store_seat seat;
		if (bookable_seat(c, m->seats[i], &seat) != 0)
			return -1;
		seat_ids[i] = seat.id;
	}
	store_resident r;
	if (gw_find_resident(c, m->login, &r) != 0)
		return -1;
	store_booking_new b = {.resident_id = r.id, .note = note, .created_by = c->peer->staff_id};
	if (span_parse(c, m->date, m->from, m->to, &b.starts_at, &b.ends_at) != 0 ||
	    store_booking_add(c->gw->db, &b, seat_ids, m->n_seats, c->now, ids, &c->err) != 0)
		return -1;
	Netpont__BookingAddReply *reply =
	    GW_NEW(&c->arena, Netpont__BookingAddReply, netpont__booking_add_reply__init);
	reply->bookings = gw_alloc(&c->arena, m->n_seats * sizeof *reply->bookings);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	for (size_t i = 0; i < m->n_seats; i++) {
		Netpont__Booking *bm = booking_changed(c, ids[i]);
		if (bm == NULL)
			return -1;
		reply->bookings[reply->n_bookings++] = bm;
		if (gw_audit(c, "booking.add", "%lld %s %s %s %s-%s %s", (long long)bm->id,
		             bm->seat, r.login, bm->date, bm->from, bm->to, note) != 0)
			return -1;
	}
	GW_REPLY(c, BOOKING_ADD_REPLY, booking_add_reply, reply);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

/* ------------------------------------------------------------ list */

typedef struct list_ctx {
	gw_ctx *c;
	Netpont__BookingListReply *reply;
	size_t cap;
	size_t bytes; /* the encoded size of the rows so far */
} list_ctx;

static int collect_booking(void *ctx, const store_booking *row)
{
	list_ctx *l = ctx;
	Netpont__BookingListReply *r = l->reply;
	Netpont__Booking *m = booking_msg(l->c, row);
	size_t size = netpont__booking__get_packed_size(m) + 8;
	if (l->bytes + size > NP_PAGE_BUDGET) {
		r->truncated = true;
		return 1;
	}
	if (r->n_bookings == l->cap) {
		size_t grown = l->cap ? l->cap * 2 : 32;
		Netpont__Booking **rows = gw_alloc(&l->c->arena, grown * sizeof *rows);
		if (l->c->arena.failed)
			return 1;
		if (r->n_bookings)
			memcpy(rows, r->bookings, r->n_bookings * sizeof *rows);
		r->bookings = rows;
		l->cap = grown;
	}
	r->bookings[r->n_bookings++] = m;
	l->bytes += size;
	return 0;
}

static int booking_list(gw_ctx *c)
{
	const Netpont__BookingList *m = c->req->booking_list;
	char today[16];
	rules_format_date((time_t)c->now, today, sizeof today);
	const char *from = m->from && m->from[0] ? m->from : today;
	const char *to = m->to && m->to[0] ? m->to : from;
	time_t start, end;
	if (rules_date_range(from, to, &start, &end, &c->err) != 0)
		return -1;
	if (end - start > (time_t)(BOOKING_LIST_MAX_DAYS + 1) * 86400)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A list of bookings covers at most %d days."),
		                  BOOKING_LIST_MAX_DAYS);
	int64_t seat_id = 0;
	if (m->seat && m->seat[0]) {
		store_seat seat;
		if (gw_find_seat(c, m->seat, &seat) != 0)
			return -1;
		seat_id = seat.id;
	}
	Netpont__BookingListReply *r =
	    GW_NEW(&c->arena, Netpont__BookingListReply, netpont__booking_list_reply__init);
	GW_REPLY(c, BOOKING_LIST_REPLY, booking_list_reply, r);
	list_ctx l = {.c = c, .reply = r};
	if (store_booking_each(c->gw->db, (int64_t)start, (int64_t)end, seat_id, collect_booking,
	                       &l, &c->err) != 0)
		return -1;
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

/* ------------------------------------------------------------ cancel, move */

static int booking_id_arg(gw_ctx *c, int64_t id)
{
	if (id <= 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which booking by its number."));
	return 0;
}

static int booking_reply(gw_ctx *c, int64_t id)
{
	Netpont__Booking *bm = booking_changed(c, id);
	if (bm == NULL)
		return -1;
	Netpont__BookingReply *r =
	    GW_NEW(&c->arena, Netpont__BookingReply, netpont__booking_reply__init);
	r->booking = bm;
	GW_REPLY(c, BOOKING_REPLY, booking_reply, r);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

static int booking_cancel(gw_ctx *c)
{
	int64_t id = c->req->booking_cancel->id;
	store_booking b;
	if (booking_id_arg(c, id) != 0 ||
	    store_booking_cancel(c->gw->db, id, c->peer->staff_id, c->now, &b, &c->err) != 0)
		return -1;
	if (booking_reply(c, id) != 0)
		return -1;
	const Netpont__Booking *bm = c->reply.booking_reply->booking;
	return gw_audit(c, "booking.cancel", "%lld %s %s %s %s-%s", (long long)id, bm->seat,
	                b.login[0] ? b.login : b.course, bm->date, bm->from, bm->to);
}

static int booking_move(gw_ctx *c)
{
	const Netpont__BookingMove *m = c->req->booking_move;
	store_booking b;
	int found;
	if (booking_id_arg(c, m->id) != 0 ||
	    (found = store_booking_by_id(c->gw->db, m->id, &b, &c->err)) < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no booking %lld."), (long long)m->id);
	if (store_booking_changeable(&b, c->now, &c->err) != 0)
		return -1;
	bool new_seat = m->seat && m->seat[0];
	bool new_date = m->date && m->date[0];
	bool new_from = m->from && m->from[0], new_to = m->to && m->to[0];
	if (new_from != new_to)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Give both the new start and the new end time."));
	if (!new_seat && !new_date && !new_from)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say where to move the booking: another PC, date or time."));
	if ((new_date || new_from) && b.occasion_id != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Booking %lld is a PC of the course %s; change the time of "
		                     "the course's occasion instead."),
		                  (long long)b.id, b.course);
	store_seat seat = {.id = b.seat_id};
	if (new_seat && bookable_seat(c, m->seat, &seat) != 0)
		return -1;
	char date[16], from[8], to[8];
	rules_format_date((time_t)b.starts_at, date, sizeof date);
	booking_format_time(b.starts_at, b.starts_at, from, sizeof from);
	booking_format_time(b.ends_at, b.starts_at, to, sizeof to);
	int64_t starts_at = b.starts_at, ends_at = b.ends_at;
	if (new_date || new_from) {
		if (span_parse(c, new_date ? m->date : date, new_from ? m->from : from,
		               new_to ? m->to : to, &starts_at, &ends_at) != 0)
			return -1;
	}
	if (seat.id == b.seat_id && starts_at == b.starts_at && ends_at == b.ends_at)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Booking %lld is already there; nothing was changed."),
		                  (long long)b.id);
	if (store_booking_move(c->gw->db, b.id, seat.id, starts_at, ends_at, c->now, NULL,
	                       &c->err) != 0 ||
	    booking_reply(c, b.id) != 0)
		return -1;
	if (seat.id != b.seat_id)
		gw_emit_booking_notice(c, b.seat_id);
	const Netpont__Booking *bm = c->reply.booking_reply->booking;
	return gw_audit(c, "booking.move", "%lld %s %s %s-%s -> %s %s %s-%s", (long long)b.id,
	                b.seat, date, from, to, bm->seat, bm->date, bm->from, bm->to);
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_booking_routes[] = {
    {NETPONT__ENVELOPE__BODY_BOOKING_ADD, R_ROOM, booking_add,
     N_("Only a mentor or an administrator can book PCs.")},
    {NETPONT__ENVELOPE__BODY_BOOKING_LIST, R_VIEW | R_READ_ONLY, booking_list, NULL},
    {NETPONT__ENVELOPE__BODY_BOOKING_CANCEL, R_ROOM, booking_cancel,
     N_("Only a mentor or an administrator can cancel a booking.")},
    {NETPONT__ENVELOPE__BODY_BOOKING_MOVE, R_ROOM, booking_move,
     N_("Only a mentor or an administrator can move a booking.")},
};
const size_t gw_booking_route_count = sizeof gw_booking_routes / sizeof gw_booking_routes[0];
