/* The PC's side of bookings (issue 13): what a booked PC's agent is told
 * (its next booking, for the login screen), how logins and a mentor's
 * SessionStart meet bookings and course occasions, and the timer's work:
 * the release of bookings nobody came for. */
#include "gateway_internal.h"

#include "common/np_log.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/pc_bookings.h"

/* Less than this before a booking someone else holds, a PC takes no new
 * session: the time left would not be worth the login. */
#define GW_BOOKING_MARGIN_S (5 * 60)

/* "14:00", local time. */
static void hhmm(int64_t at, char out[8])
{
	time_t t = (time_t)at;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 8, "%H:%M", &tm);
}

Netpont__BookingNotice *gw_booking_notice(gw_ctx *c, int64_t seat_id)
{
	store_pc_booking b;
	/* Whatever day it is on: an agent stays connected overnight, and the
	 * next notice it hears of is when this booking ends (the timer). The
	 * login screen shows it an hour ahead at most. */
	if (store_pc_booking_next(c->gw->db, seat_id, c->now, INT64_MAX, &b, NULL) != 1)
		return NULL;
	Netpont__BookingNotice *n =
	    GW_NEW(&c->arena, Netpont__BookingNotice, netpont__booking_notice__init);
	n->booking_id = b.id;
	n->reserved_for = gw_strdup(&c->arena, b.reserved_for);
	n->course = b.occasion_id != 0;
	n->starts_at = b.starts_at;
	n->ends_at = b.ends_at;
	return n;
}

/* Whether booking b is for the session s (the resident's own, or the
 * occasion the session is part of). */
static bool booking_is_sessions(gw_ctx *c, const store_pc_booking *b, const store_session *s)
{
	if (b->resident_id != 0)
		return b->resident_id == s->resident_id;
	return b->occasion_id == store_pc_session_occasion(c->gw->db, s->id);
}

/* A session running on the seat that would run into a booking made since it
 * started ends at the booking's start instead; its PC is told with the
 * lease (SessionInfo.booked_from). */
static void cap_running(gw_ctx *c, int64_t seat_id)
{
	store_session s;
	store_pc_booking b;
	if (store_session_running_on_seat(c->gw->db, seat_id, &s, NULL) != 1 ||
	    store_pc_booking_next(c->gw->db, seat_id, c->now, s.ends_at, &b, NULL) != 1)
		return;
	if (b.starts_at <= c->now || booking_is_sessions(c, &b, &s))
		return;
	if (store_session_set_ends_at(c->gw->db, s.id, b.starts_at, NULL) != 0)
		return;
	np_log(NP_LOG_INFO, "session %lld on %s now ends at %lld: the PC is booked then",
	       (long long)s.id, s.seat, (long long)b.starts_at);
	gw_emit_lease(c, seat_id, "");
	gw_emit_seat(c, seat_id);
}

void gw_emit_booking_notice(gw_ctx *c, int64_t seat_id)
{
	Netpont__BookingNoticeEvent *ev =
	    GW_NEW(&c->arena, Netpont__BookingNoticeEvent, netpont__booking_notice_event__init);
	ev->notice = gw_booking_notice(c, seat_id);
	if (ev->notice == NULL) /* booking_id 0: the notice goes */
		ev->notice =
		    GW_NEW(&c->arena, Netpont__BookingNotice, netpont__booking_notice__init);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_BOOKING_NOTICE_EVENT;
	env.booking_notice_event = ev;
	gw_emit(c, seat_id, &env);
	cap_running(c, seat_id);
}

/* ------------------------------------------------------------ logins */

/* A refusal at the PC itself (self) or to a mentor naming the seat. */
static int refuse_resident_booking(gw_ctx *c, const store_seat *seat, const store_pc_booking *b,
                                   bool self)
{
	char until[8];
	hhmm(b->ends_at, until);
	if (self)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
		                  N_("This PC is reserved for %s until %s. Please ask a mentor for "
		                     "another PC."),
		                  b->reserved_for, until);
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
	                  N_("%s is reserved for %s until %s: start the session on another PC."),
	                  seat->name, b->reserved_for, until);
}

static int refuse_course(gw_ctx *c, const store_seat *seat, const store_pc_booking *b,
                         const store_resident *r, bool self)
{
	char until[8];
	hhmm(b->ends_at, until);
	if (self)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
		                  N_("This PC is for the course %s until %s. Please ask a mentor "
		                     "for another PC."),
		                  b->reserved_for, until);
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
	                  N_("%s is for the course %s until %s, and %s is not enrolled in it: "
	                     "enrol them, start a guest session there, or use another PC."),
	                  seat->name, b->reserved_for, until, r->name);
}

static int refuse_soon(gw_ctx *c, const store_seat *seat, const store_pc_booking *b, bool self)
{
	char from[8];
	hhmm(b->starts_at, from);
	if (self)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
		                  N_("This PC is reserved from %s. Please ask a mentor for another "
		                     "PC."),
		                  from);
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
	                  N_("%s is reserved from %s, in less than 5 minutes: start the session "
	                     "on another PC."),
	                  seat->name, from);
}

/* The booking's own session: it runs until the booking's end, whatever
 * the daily allowance says, as a mentor's session would (kind
 * MENTOR_RESIDENT with the booking's length). The booking was given by a
 * mentor or admin for that span, so it is a promise of that time; the
 * closing time and lunch break still cut it, as every session. A mentor
 * who gave minutes keeps them. */
static void until_booking_end(gw_ctx *c, gw_pc_login *io, const store_pc_booking *b)
{
	io->booking = *b;
	if (io->kind == RULES_SESSION_MENTOR_GUEST) {
		if (io->requested_s == 0)
			io->requested_s = b->ends_at - c->now;
		return;
	}
	io->kind = RULES_SESSION_MENTOR_RESIDENT;
	if (io->requested_s == 0 || !io->by_staff)
		io->requested_s = b->ends_at - c->now;
}

int gw_pc_login_check(gw_ctx *c, const store_seat *seat, const store_resident *r, gw_pc_login *io)
{
	bool self = !io->by_staff;
	store_pc_booking b;
	int found = store_pc_booking_next(c->gw->db, seat->id, c->now, INT64_MAX, &b, &c->err);
	if (found <= 0)
		return found;
	bool running = b.starts_at <= c->now;
	bool soon = b.starts_at - c->now < GW_BOOKING_MARGIN_S;
	if (b.resident_id != 0) {
		/* The booked resident, from its start or a few minutes early. */
		if (r != NULL && b.resident_id == r->id && soon) {
			io->claim = true;
			until_booking_end(c, io, &b);
			return 0;
		}
		if (running)
			return refuse_resident_booking(c, seat, &b, self);
		/* Their own booking later on: the session until then is theirs
		 * too, no cap. */
		if (r != NULL && b.resident_id == r->id)
			return 0;
	} else if (running || soon) {
		if (r == NULL) {
			/* A mentor's or tutor's course guest. */
			if (!running)
				return refuse_soon(c, seat, &b, self);
			io->course = true;
			until_booking_end(c, io, &b);
			return 0;
		}
		int enrolled = store_pc_enrolled(c->gw->db, b.course_id, r->id, &c->err);
		if (enrolled < 0)
			return -1;
		if (enrolled == 1) {
			io->course = true;
			until_booking_end(c, io, &b);
			return 0;
		}
		if (running)
			return refuse_course(c, seat, &b, r, self);
	}
	/* A walk-in before someone else's booking: only the time until it. */
	if (soon)
		return refuse_soon(c, seat, &b, self);
	io->cap = b.starts_at;
	return 0;
}

int gw_pc_extend_check(gw_ctx *c, const store_session *s, int64_t ends_at)
{
	store_pc_booking b;
	int found = store_pc_booking_next(c->gw->db, s->seat_id, c->now, ends_at, &b, &c->err);
	if (found <= 0 || booking_is_sessions(c, &b, s) || b.starts_at < s->ends_at)
		return found < 0 ? -1 : 0;
	char from[8];
	hhmm(b.starts_at, from);
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BOOKED,
	                  N_("%s is reserved for %s from %s: the session can run until then at "
	                     "most."),
	                  s->seat, b.reserved_for, from);
}

void gw_pc_login_cap(const gw_pc_login *io, time_t *ends_at)
{
	if (io->cap != 0 && *ends_at > (time_t)io->cap)
		*ends_at = (time_t)io->cap;
	if ((io->claim || io->course) && *ends_at > (time_t)io->booking.ends_at)
		*ends_at = (time_t)io->booking.ends_at;
}

int gw_pc_login_started(gw_ctx *c, const gw_pc_login *io, int64_t session_id,
                        const store_resident *r, int64_t seat_id)
{
	const store_pc_booking *b = &io->booking;
	if (io->claim) {
		if (store_pc_booking_claim(c->gw->db, b->id, session_id, c->now, &c->err) != 0)
			return -1;
		gw_emit_booking_notice(c, seat_id);
	}
	if (!io->course)
		return 0;
	if (store_pc_session_set_occasion(c->gw->db, session_id, b->occasion_id, &c->err) != 0)
		return -1;
	/* A course guest is nobody's attendance and pays no fee: the tutor
	 * lets someone try the course. */
	if (r->guest)
		return 0;
	store_charge ch;
	if (store_pc_attendance_login(c->gw->db, b->occasion_id, r->id, session_id, c->now,
	                              &c->err) != 0 ||
	    store_charge_course(c->gw->db, b->occasion_id, session_id, r->id, seat_id,
	                        c->peer->staff_id, b->course_fee, c->now, &ch, &c->err) != 0)
		return -1;
	if (ch.id != 0 && !ch.duplicate && gw_emit_ledger_id(c, ch.id) != 0)
		return -1;
	return 0;
}

void gw_pc_session_info(gw_ctx *c, const store_session *s, Netpont__SessionInfo *i)
{
	char course[128];
	int64_t occasion = store_pc_session_occasion(c->gw->db, s->id);
	if (occasion != 0) {
		store_pc_session_course(c->gw->db, s->id, course, sizeof course);
		i->course = gw_strdup(&c->arena, course);
	}
	if (s->ended_at == 0 && store_pc_booking_starts_at(c->gw->db, s->seat_id, s->ends_at,
	                                                   s->resident_id, occasion, NULL) == 1)
		i->booked_from = s->ends_at;
}

/* ------------------------------------------------------------ the timer */

int gw_pc_bookings_expire(gw_ctx *c)
{
	enum { BATCH = 64 };
	int64_t seats[BATCH];
	int n = store_pc_booking_release_due(
	    c->gw->db, c->now, (int64_t)c->rules.booking_release_min * 60, seats, BATCH, &c->err);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		np_log(NP_LOG_INFO, "a booking at seat %lld was released: nobody came",
		       (long long)seats[i]);
		gw_emit_booking_notice(c, seats[i]);
	}
	/* A booking that just ended: its PC's notice moves on to the next one.
	 * The window is wide enough for a timer that fires late; a notice
	 * said twice is harmless. */
	int ended = store_pc_booking_ended_seats(c->gw->db, c->now - 120, c->now + 1, seats, BATCH,
	                                         &c->err);
	if (ended < 0)
		return -1;
	for (int i = 0; i < ended; i++)
		gw_emit_booking_notice(c, seats[i]);
	return n;
}

int64_t gw_pc_bookings_deadline(gateway *gw, const rules_settings *rules, int64_t now)
{
	return store_pc_booking_next_deadline(gw->db, now,
	                                      (int64_t)rules->booking_release_min * 60);
}
