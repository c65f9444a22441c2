#include "agent.h"

#include <assert.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/np_address.h"
#include "directory.h"
#include "lease_file.h"
#include "log.h"
#include "state.h"

static int64_t agent_now_ms(void)
{
	return (int64_t)(uv_hrtime() / 1000000u);
}

static void copy_text(char *dst, size_t size, const char *src)
{
	agent_text_copy(dst, size, src);
}

static const char *text_or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* ------------------------------------------------------------ persistence */

static void agent_persist(agent *a)
{
	if (a->lease_path[0] == '\0')
		return;
	agent_lease_origin origin = {
	    .server = a->cfg.server,
	    .seat = a->cfg.seat,
	    .boot_id = a->boot_id,
	    .now_mono_ms = agent_now_ms(),
	    .now_wall_s = (int64_t)time(NULL),
	};
	char text[2048], err[512] = "the lease does not fit its file buffer";
	if (agent_lease_file_format(&a->lease, &origin, text, sizeof text) < 0 ||
	    agent_state_write(a->lease_path, text, err, sizeof err) != 0)
		agent_warn("%s", err);
}

static void agent_restore(agent *a)
{
	char text[4096];
	if (a->lease_path[0] == '\0' || agent_state_read(a->lease_path, text, sizeof text) < 0)
		return;
	agent_lease_origin now = {
	    .server = a->cfg.server,
	    .seat = a->cfg.seat,
	    .boot_id = a->boot_id,
	    .now_mono_ms = agent_now_ms(),
	    .now_wall_s = (int64_t)time(NULL),
	};
	agent_lease restored;
	if (!agent_lease_file_parse(text, &now, &restored))
		return;
	a->lease = restored;
	if (restored.unlocked)
		agent_notice("restored the lease of session %" PRId64 " for %s from %s: %" PRId64
		             " s left",
		             restored.session_id, restored.resident_login, a->lease_path,
		             agent_lease_remaining_s(&restored, now.now_mono_ms));
}

/* ------------------------------------------------------------ control events */

/* What the running session costs so far (time and prints), counted on
 * the monotonic clock since the server last described it; 0 when no
 * session runs or its price is not known. */
static int64_t agent_cost_so_far(const agent *a, int64_t now_ms)
{
	const agent_session_cost *c = &a->cost;
	if (!a->lease.unlocked || c->session_id == 0 || c->session_id != a->lease.session_id)
		return 0;
	return agent_room_cost((now_ms - c->started_ms) / 1000, c->block_s, c->block_price,
	                       c->prints);
}

/* Fills st (and help and last, which st may point to) from the agent's
 * state. The strings are borrowed from a. */
static void agent_fill_status(agent *a, Netpont__ControlStatusReply *st, Netpont__HelpCall *help,
                              Netpont__ControlSessionSummary *last)
{
	netpont__control_status_reply__init(st);
	st->unlocked = a->lease.unlocked && !agent_resetter_busy(&a->resetter);
	st->resetting = agent_resetter_busy(&a->resetter);
	st->resident_login = a->lease.resident_login;
	st->resident_name = a->lease.resident_name;
	st->remaining_s = agent_lease_remaining_s(&a->lease, agent_now_ms());
	st->connected = a->connected;
	st->seat = a->cfg.seat;
	st->site_name = a->site_name;
	st->kiosk_only = a->kiosk_only;
	st->currency = a->currency;
	st->currency_decimals = a->currency_decimals;
	st->out_of_order = a->lease.out_of_order;
	st->message = a->message;
	st->guest = a->lease.guest;
	st->close_time = a->close_time;
	time_t now = time(NULL);
	st->cost_so_far = agent_cost_so_far(a, agent_now_ms());
	st->open_time = a->open_time;
	st->open_days = a->open_days;
	st->hours_today = a->hours_today;
	st->closed = agent_room_closed(&a->hours, now);
	st->opens_next_at = st->closed ? (int64_t)agent_room_opens_next(&a->hours, now) : 0;
	/* The last booking heard of, until its end (also while offline). */
	if (a->booking.notice.booking_id != 0 && a->booking.notice.ends_at > (int64_t)now)
		st->booking = &a->booking.notice;
	if (a->lease.unlocked && a->cost.session_id == a->lease.session_id) {
		st->booked_from = a->cost.booked_from;
		st->course = a->cost.course;
	}
	if (a->last.present) {
		netpont__control_session_summary__init(last);
		last->resident_name = a->last.resident_name;
		last->guest = a->last.guest;
		last->used_s = a->last.used_s;
		last->cost = a->last.cost;
		last->reason = a->last.reason;
		last->ended_at = a->last.ended_at;
		st->last_session = last;
	}
	if (a->help.present) {
		netpont__help_call__init(help);
		help->id = a->help.id;
		help->seat = a->cfg.seat;
		help->text = a->help.text;
		help->state = a->help.state;
		help->raised_at = a->help.raised_at;
		help->acknowledged_at = a->help.acknowledged_at;
		help->resolved_at = a->help.resolved_at;
		help->acknowledged_by = a->help.acknowledged_by;
		help->acknowledged_by_display = a->help.acknowledged_by_display;
		help->close_reason = a->help.close_reason;
		help->resolved_by = a->help.resolved_by;
		help->resident_login = a->help.resident_login;
		st->help = help;
	}
}

/* Pushes the state (and a warning word, or "") to every control client. */
static void agent_broadcast(agent *a, const char *warning)
{
	Netpont__ControlStatusReply st;
	Netpont__HelpCall help;
	Netpont__ControlSessionSummary last;
	agent_fill_status(a, &st, &help, &last);
	a->shown_cost = st.cost_so_far;
	a->shown_closed = st.closed;
	Netpont__ControlEvent ev = NETPONT__CONTROL_EVENT__INIT;
	ev.status = &st;
	ev.warning = (char *)warning;
	Netpont__AgentPrint held;
	agent_held_fill_event(&a->held, &ev, &held);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_EVENT;
	env.control_event = &ev;
	control_server_broadcast(&a->control, &env);
}

static void reply_status(agent *a, control_client *c, uint64_t id)
{
	Netpont__ControlStatusReply st;
	Netpont__HelpCall help;
	Netpont__ControlSessionSummary last;
	agent_fill_status(a, &st, &help, &last);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY;
	env.control_status_reply = &st;
	control_client_send(c, &env);
}

static void reply_error(control_client *c, uint64_t id, Netpont__ErrorCode code,
                        const char *message, int32_t tries_left)
{
	Netpont__Error e = NETPONT__ERROR__INIT;
	e.code = code;
	e.message = (char *)message;
	e.tries_left = tries_left;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_ERROR;
	env.error = &e;
	control_client_send(c, &env);
}

static void reply_ok(control_client *c, uint64_t id)
{
	Netpont__Ok ok = NETPONT__OK__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_OK;
	env.ok = &ok;
	control_client_send(c, &env);
}

/* ------------------------------------------------------------ the reset */

/* A session granted while the PC is still being cleaned (a mentor started
 * it, or one session replaced another) waits: the screens see the PC
 * locked and the on_unlock hook runs only once the reset has finished.
 * Returns whether the unlock is held. */
static bool agent_reset_holds_unlock(agent *a)
{
	if (!agent_resetter_busy(&a->resetter))
		return false;
	if (!a->resetter.unlock_waiting)
		agent_log("%s: session %" PRId64 " of %s waits until the reset has finished",
		          a->cfg.seat, a->lease.session_id, a->lease.resident_login);
	a->resetter.unlock_waiting = true;
	return true;
}

/* Logins wait until the PC is clean. Returns whether c's request was
 * refused (and answered). */
static bool agent_reset_refuses_login(agent *a, control_client *c, const Netpont__Envelope *req)
{
	if (!agent_resetter_busy(&a->resetter))
		return false;
	const char *language = req->control_login->language;
	reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	            agent_resetter_refusal(
	                &a->resetter, language != NULL && language[0] ? language : a->cfg.language),
	            0);
	return true;
}

/* Tells the server's staff that this PC could not be cleaned (an
 * AgentIncident; the reply needs no bookkeeping). */
static void agent_report_reset_failure(agent *a)
{
	if (!a->connected)
		return;
	char detail[128];
	if (a->resetter.last_signal != 0)
		snprintf(detail, sizeof detail, "the reset was killed by signal %d",
		         a->resetter.last_signal);
	else
		snprintf(detail, sizeof detail, "the reset exited with status %lld",
		         (long long)a->resetter.last_status);
	Netpont__AgentIncident incident = NETPONT__AGENT_INCIDENT__INIT;
	incident.what = "reset_failed";
	incident.detail = detail;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = uplink_new_id(&a->up);
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_INCIDENT;
	env.agent_incident = &incident;
	if (uplink_send(&a->up, &env) != 0)
		agent_warn("could not tell the server that the reset failed");
}

static void agent_on_reset_changed(agent_resetter *r)
{
	agent *a = r->data;
	if (r->state == AGENT_RESET_FAILED && r->failures == 1)
		agent_report_reset_failure(a);
	if (r->state == AGENT_RESET_READY && r->unlock_waiting) {
		r->unlock_waiting = false;
		if (a->lease.unlocked)
			agent_apply_lock_state(a, false, a->lease.resident_login, "");
	}
	agent_broadcast(a, "");
}

/* ------------------------------------------------------------ the lease */

/* The running session's cost and summary follow the lease: a session the
 * server has not described yet (a lease restored from disk) is counted from
 * now, at an unknown price. */
static void agent_cost_follow(agent *a)
{
	if (!a->lease.unlocked || a->cost.session_id == a->lease.session_id)
		return;
	memset(&a->cost, 0, sizeof a->cost);
	a->cost.session_id = a->lease.session_id;
	copy_text(a->cost.resident_name, sizeof a->cost.resident_name,
	          a->lease.resident_name[0] ? a->lease.resident_name : a->lease.resident_login);
	a->cost.guest = a->lease.guest;
	a->cost.started_ms = agent_now_ms();
}

void agent_apply_lock_state(agent *a, bool session_ended, const char *resident, const char *reason)
{
	const char *seat = a->cfg.seat;
	/* An unlock the reset holds back counts as locked for the public
	 * account's session too: nothing may run until the PC is clean. */
	bool held = a->lease.unlocked && agent_reset_holds_unlock(a);
	if (a->sessions_started)
		agent_sessions_set_leased(&a->sessions, a->lease.unlocked && !held);
	if (held)
		return;
	if (a->bar_started) {
		/* The bar speaks the language the resident logged in with. */
		if (a->lease.unlocked && a->screen_language[0] != '\0' &&
		    agent_lockui_set_arg(&a->bar, "--language", a->screen_language) != 0)
			agent_warn("out of memory: the time bar starts in the agent's language");
		agent_lockui_want(&a->bar, a->lease.unlocked);
		if (!a->lease.unlocked)
			a->screen_language[0] = '\0';
	}
	if (a->lease.unlocked) {
		agent_cost_follow(a);
		agent_log("%s unlocked for %s (session %" PRId64 "); %" PRId64 " s left", seat,
		          a->lease.resident_login, a->lease.session_id,
		          agent_lease_remaining_s(&a->lease, agent_now_ms()));
		agent_hooks_run(&a->hooks, "on_unlock", a->cfg.on_unlock, seat,
		                a->lease.resident_login, text_or_empty(reason));
		return;
	}
	const char *why = reason != NULL && reason[0] ? reason : np_log_text("no session");
	if (session_ended)
		agent_log("%s locked (%s); the session ended", seat, why);
	else
		agent_log("%s locked (%s)", seat, why);
	agent_hooks_run(&a->hooks, "on_lock", a->cfg.on_lock, seat, text_or_empty(resident),
	                text_or_empty(reason));
	if (session_ended) {
		agent_hooks_run(&a->hooks, "on_session_end", a->cfg.on_session_end, seat,
		                text_or_empty(resident), text_or_empty(reason));
		agent_resetter_run(&a->resetter, text_or_empty(reason));
	}
}

static void on_lease_timer(uv_timer_t *t);

static void agent_rearm(agent *a)
{
	if (a->stopping)
		return;
	int64_t next = agent_lease_next_due_ms(&a->lease, agent_now_ms());
	if (next < 0)
		uv_timer_stop(&a->lease_timer);
	else
		uv_timer_start(&a->lease_timer, on_lease_timer, (uint64_t)next, 0);
}

static void on_last_timer(uv_timer_t *t)
{
	agent *a = t->data;
	a->last.present = false;
	agent_broadcast(a, "");
}

/* The goodbye page's summary of the session that just ended for reason,
 * shown for AGENT_LAST_SESSION_MS. */
static void agent_remember_last(agent *a, const char *reason)
{
	const agent_session_cost *c = &a->cost;
	if (c->session_id == 0)
		return;
	agent_last_session *l = &a->last;
	memset(l, 0, sizeof *l);
	l->present = true;
	copy_text(l->resident_name, sizeof l->resident_name, c->resident_name);
	l->guest = c->guest;
	l->used_s = (agent_now_ms() - c->started_ms) / 1000;
	if (l->used_s < 0)
		l->used_s = 0;
	l->cost = agent_room_cost(l->used_s, c->block_s, c->block_price, c->prints);
	copy_text(l->reason, sizeof l->reason, reason);
	l->ended_at = (int64_t)time(NULL);
	if (!a->stopping)
		uv_timer_start(&a->last_timer, on_last_timer, AGENT_LAST_SESSION_MS, 0);
}

/* What stays on the screen belongs to the session: the next person must not
 * see the last one's help call, message or print job. The goodbye page
 * shows what the session used and cost. A session "replaced" by the next
 * one leaves the cost alone: it already describes the next one (the
 * server's SessionInfo is heard before the lease is adopted). */
static void agent_session_over(agent *a, const char *reason)
{
	a->message[0] = '\0';
	memset(&a->help, 0, sizeof a->help);
	agent_held_hide(&a->held);
	if (strcmp(reason, "replaced") == 0)
		return;
	agent_remember_last(a, reason);
	memset(&a->cost, 0, sizeof a->cost);
}

static void agent_session_changed(agent *a)
{
	agent_held_set_session(&a->held, a->lease.session_id);
}

/* Whether the "close5" warning is due at now: a session runs, the room
 * closes within AGENT_CLOSE_WARNING_S, and this session has not heard it. */
static bool agent_close5_due(const agent *a, time_t now)
{
	if (!a->lease.unlocked || a->warned_close5)
		return false;
	time_t close = agent_room_closes_at(&a->hours, now);
	return close != 0 && close - now <= AGENT_CLOSE_WARNING_S;
}

static void agent_warned_close5(agent *a)
{
	a->warned_close5 = true;
	agent_log("%s: the room closes in %d minutes", a->cfg.seat, AGENT_CLOSE_WARNING_S / 60);
}

/* The warning word for a lease warning. A session that ends when the room
 * closes hears "close5" instead of "5min" (the room closing is the news),
 * and only once, also when the clock gave it a moment earlier. */
static const char *agent_lease_warning(agent *a, agent_lease_due due)
{
	if (due != AGENT_LEASE_WARN_5MIN)
		return agent_lease_due_warning(due);
	time_t now = time(NULL);
	time_t close = agent_room_closes_at(&a->hours, now);
	int64_t left = agent_lease_remaining_s(&a->lease, agent_now_ms());
	if (close == 0 || now + left < close - 5)
		return agent_lease_due_warning(due);
	if (a->warned_close5)
		return "";
	agent_warned_close5(a);
	return "close5";
}

/* Every second: the warning before the room closes, and a broadcast when
 * the cost so far or the room's open/closed state changed with the clock. */
static void on_screen_timer(uv_timer_t *t)
{
	agent *a = t->data;
	time_t now = time(NULL);
	if (agent_close5_due(a, now)) {
		agent_warned_close5(a);
		agent_broadcast(a, "close5");
		return;
	}
	if (agent_cost_so_far(a, agent_now_ms()) != a->shown_cost ||
	    agent_room_closed(&a->hours, now) != a->shown_closed)
		agent_broadcast(a, "");
}

static void on_lease_timer(uv_timer_t *t)
{
	agent *a = t->data;
	for (;;) {
		char resident[sizeof a->lease.resident_login];
		copy_text(resident, sizeof resident, a->lease.resident_login);
		agent_lease_due due = agent_lease_tick(&a->lease, agent_now_ms());
		if (due == AGENT_LEASE_NOTHING)
			break;
		if (due == AGENT_LEASE_EXPIRED) {
			agent_session_over(a, "time_up");
			agent_apply_lock_state(a, true, resident, "time_up");
			agent_session_changed(a);
			agent_persist(a);
			agent_broadcast(a, "");
		} else {
			if (due == AGENT_LEASE_WARN_5MIN)
				agent_log("%s: 5 minutes left for %s", a->cfg.seat, resident);
			else
				agent_log("%s: 1 minute left for %s", a->cfg.seat, resident);
			agent_persist(a);
			agent_broadcast(a, agent_lease_warning(a, due));
		}
	}
	agent_rearm(a);
}

/* Adopts what the server says the lease is, and makes it so. */
static void agent_adopt(agent *a, const agent_lease_grant *g)
{
	char old_resident[sizeof a->lease.resident_login];
	copy_text(old_resident, sizeof old_resident, a->lease.resident_login);
	bool was_unlocked = a->lease.unlocked;
	unsigned change = agent_lease_adopt(&a->lease, g, agent_now_ms());
	const char *reason = g->reason != NULL && g->reason[0] != '\0' ? g->reason : "server";
	if (change & AGENT_LEASE_LOCKED) {
		agent_session_over(a, reason);
		agent_apply_lock_state(a, true, old_resident, reason);
	} else if (change & AGENT_LEASE_UNLOCKED) {
		agent_apply_lock_state(a, false, a->lease.resident_login, "");
	} else if ((change & AGENT_LEASE_NEW_SESSION) && was_unlocked) {
		/* One session replaced another without a lock in between: the
		 * first one still ends properly (its hooks wipe its traces). */
		agent_lease unlocked = a->lease;
		a->lease.unlocked = false;
		agent_session_over(a, "replaced");
		agent_apply_lock_state(a, true, old_resident, "replaced");
		a->lease = unlocked;
		agent_apply_lock_state(a, false, a->lease.resident_login, "");
	} else if (change & AGENT_LEASE_DEADLINE) {
		agent_log("%s: the session of %s now has %" PRId64 " s left", a->cfg.seat,
		          a->lease.resident_login,
		          agent_lease_remaining_s(&a->lease, agent_now_ms()));
	}
	if ((change & AGENT_LEASE_OUT_OF_ORDER) && a->lease.out_of_order)
		agent_log("%s is out of order (locked by a mentor)", a->cfg.seat);
	else if (change & AGENT_LEASE_OUT_OF_ORDER)
		agent_log("%s is back in order", a->cfg.seat);
	if (change & (AGENT_LEASE_LOCKED | AGENT_LEASE_UNLOCKED | AGENT_LEASE_NEW_SESSION))
		agent_session_changed(a);
	agent_persist(a);
	agent_rearm(a);
	agent_broadcast(a, "");
}

static bool grant_from_session(const Netpont__SessionInfo *s, agent_lease_grant *g)
{
	memset(g, 0, sizeof *g);
	if (s == NULL)
		return false;
	g->unlocked = s->ended_at == 0;
	g->session_id = s->id;
	g->resident_login = s->resident_login;
	g->resident_name = s->resident_name;
	g->guest = s->guest;
	g->remaining_ms = s->remaining_s > 0 ? s->remaining_s * 1000 : 0;
	g->reason = s->end_reason;
	return true;
}

/* Takes the running session's price and start from the server's
 * SessionInfo (ignored for an ended one). A new session has not heard the
 * "close5" warning: one that starts less than 5 minutes before the room
 * closes hears it at once, as every other PC with a session does. */
static void agent_cost_hear(agent *a, const Netpont__SessionInfo *s)
{
	if (s == NULL || s->ended_at != 0 || s->id == 0)
		return;
	agent_session_cost *c = &a->cost;
	int64_t now = agent_now_ms();
	if (c->session_id != s->id) {
		memset(c, 0, sizeof *c);
		c->session_id = s->id;
		a->warned_close5 = false;
	}
	copy_text(c->resident_name, sizeof c->resident_name,
	          s->resident_name != NULL && s->resident_name[0] ? s->resident_name
	                                                          : s->resident_login);
	c->guest = s->guest;
	int64_t age_s =
	    s->server_time > 0 && s->started_at > 0 ? s->server_time - s->started_at : 0;
	c->started_ms = now - (age_s > 0 ? age_s : 0) * 1000;
	c->block_s = s->block_s;
	c->block_price = s->block_price;
	c->prints = s->prints_charged;
	c->booked_from = s->booked_from;
	copy_text(c->course, sizeof c->course, s->course);
}

/* Keeps the PC's next booking from a Welcome or BookingNoticeEvent (NULL
 * or booking_id 0: none). */
static void agent_booking_hear(agent *a, const Netpont__BookingNotice *n)
{
	agent_booking *b = &a->booking;
	netpont__booking_notice__init(&b->notice);
	b->reserved_for[0] = '\0';
	b->notice.reserved_for = b->reserved_for;
	if (n == NULL || n->booking_id == 0)
		return;
	copy_text(b->reserved_for, sizeof b->reserved_for, n->reserved_for);
	b->notice.booking_id = n->booking_id;
	b->notice.course = n->course;
	b->notice.starts_at = n->starts_at;
	b->notice.ends_at = n->ends_at;
	agent_log("%s is booked for %s from %" PRId64 " to %" PRId64, a->cfg.seat, b->reserved_for,
	          n->starts_at, n->ends_at);
}

/* The opening hours from a Welcome or LeaseEvent (borrowed strings):
 * the old texts, and from a newer server when the open stretch ends (a
 * lunch break, a weekday's own hours, a closed date) and today's hours. */
static void agent_hours_hear(agent *a, const char *open_time, const char *open_days,
                             const char *close_time, int64_t closes_at, int64_t opens_at,
                             const char *hours_today)
{
	copy_text(a->close_time, sizeof a->close_time, close_time);
	if (agent_room_hours_parse(&a->hours, open_time, open_days, close_time, time(NULL))) {
		copy_text(a->open_time, sizeof a->open_time, open_time);
		copy_text(a->open_days, sizeof a->open_days, open_days);
	}
	agent_room_hours_times(&a->hours, (time_t)closes_at, (time_t)opens_at);
	copy_text(a->hours_today, sizeof a->hours_today, hours_today);
}

static void agent_adopt_lease_event(agent *a, const Netpont__LeaseEvent *ev)
{
	if (a->kiosk_only != ev->kiosk_only) {
		a->kiosk_only = ev->kiosk_only;
		agent_broadcast(a, "");
	}
	agent_lease_grant g;
	if (ev->unlocked) {
		if (!grant_from_session(ev->session, &g)) {
			agent_warn("Protocol error: the server unlocked %s without saying which "
			           "session; ignored.",
			           a->cfg.seat);
			return;
		}
		g.unlocked = true;
	} else {
		memset(&g, 0, sizeof g);
		g.reason = ev->reason;
	}
	g.out_of_order = ev->out_of_order;
	/* Before adopting: the broadcast that follows shows the new time,
	 * hours and price. */
	agent_hours_hear(a, ev->open_time, ev->open_days, ev->close_time, ev->closes_at,
	                 ev->opens_at, ev->hours_today);
	if (ev->unlocked)
		agent_cost_hear(a, ev->session);
	agent_adopt(a, &g);
}

/* ------------------------------------------------------------ requests to the server */

static agent_pending *pending_add(agent *a, agent_pending_kind kind, uint64_t server_id,
                                  control_client *c, uint64_t client_request_id)
{
	for (size_t i = 0; i < AGENT_MAX_PENDING; i++) {
		agent_pending *p = &a->pending[i];
		if (p->kind != AGENT_PENDING_FREE)
			continue;
		memset(p, 0, sizeof *p);
		p->kind = kind;
		p->server_id = server_id;
		p->client_id = c != NULL ? c->id : 0;
		p->client_request_id = client_request_id;
		p->sent_ms = uv_now(a->loop);
		return p;
	}
	return NULL;
}

/* Sends env (whose id is set here) and remembers who waits for the reply.
 * Returns the pending slot, or NULL after replying an error to c. */
static agent_pending *agent_request(agent *a, Netpont__Envelope *env, agent_pending_kind kind,
                                    control_client *c, uint64_t client_request_id)
{
	env->id = uplink_new_id(&a->up);
	agent_pending *p = pending_add(a, kind, env->id, c, client_request_id);
	if (p == NULL) {
		if (c != NULL)
			reply_error(
			    c, client_request_id, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			    "This PC is busy with other requests; please try again in a moment.",
			    0);
		return NULL;
	}
	if (uplink_send(&a->up, env) != 0) {
		p->kind = AGENT_PENDING_FREE;
		if (c != NULL)
			reply_error(c, client_request_id, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE,
			            AGENT_OFFLINE_MESSAGE, 0);
		return NULL;
	}
	return p;
}

static void agent_send_sync(agent *a)
{
	Netpont__AgentSync sync = NETPONT__AGENT_SYNC__INIT;
	int64_t now = agent_now_ms();
	sync.session_id = a->lease.unlocked ? a->lease.session_id : 0;
	sync.remaining_s = agent_lease_remaining_s(&a->lease, now);
	sync.locked = !a->lease.unlocked;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_SYNC;
	env.agent_sync = &sync;
	agent_request(a, &env, AGENT_PENDING_SYNC, NULL, 0);
}

/* Tells the server that session ended by the resident's logout at `at`
 * (Unix time; the server records it then, also when it hears it later). */
static bool agent_send_logout(agent *a, int64_t session, int64_t at)
{
	Netpont__AgentLogout logout = NETPONT__AGENT_LOGOUT__INIT;
	logout.session_id = session;
	logout.at = at;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_LOGOUT;
	env.agent_logout = &logout;
	agent_pending *p = agent_request(a, &env, AGENT_PENDING_LOGOUT, NULL, 0);
	if (p != NULL) {
		p->session_id = session;
		p->logout_at = at;
	}
	return p != NULL;
}

/* A logout the server has not heard of yet is kept on disk too
 * ("<lease file>.logout": "SERVER SESSION_ID AT"), so that an agent restarted
 * before the server returns still ends the session there, instead of the
 * server's LeaseEvent unlocking the PC again for the resident who left. */
static void agent_logout_path(const agent *a, char *path, size_t size)
{
	path[0] = '\0';
	if (a->lease_path[0] != '\0' &&
	    snprintf(path, size, "%s.logout", a->lease_path) >= (int)size)
		path[0] = '\0';
}

static void agent_set_logout_pending(agent *a, int64_t session, int64_t at)
{
	a->logout_pending = session;
	a->logout_pending_at = at;
	char path[PATH_MAX + 8], text[512], err[512];
	agent_logout_path(a, path, sizeof path);
	if (path[0] == '\0')
		return;
	if (session == 0) {
		unlink(path);
		return;
	}
	snprintf(text, sizeof text, "%s %" PRId64 " %" PRId64 "\n", a->cfg.server, session, at);
	if (agent_state_write(path, text, err, sizeof err) != 0)
		agent_warn("%s", err);
}

static void agent_restore_logout_pending(agent *a)
{
	char path[PATH_MAX + 8], text[512], server[300];
	long long session = 0, at = 0;
	agent_logout_path(a, path, sizeof path);
	if (path[0] == '\0' || agent_state_read(path, text, sizeof text) < 0)
		return;
	/* A file of an older agent has no time: the server then takes now. */
	if (sscanf(text, "%299s %lld %lld", server, &session, &at) >= 2 && session > 0 &&
	    strcmp(server, a->cfg.server) == 0) {
		a->logout_pending = session;
		a->logout_pending_at = at;
		agent_notice("session %lld ended by a logout the server has not heard of yet",
		             session);
	} else {
		unlink(path);
	}
}

/* Tells the server about an unleased session (a->incident), now or after
 * the next connect. The Ok that answers needs no bookkeeping. */
static void agent_send_incident(agent *a)
{
	if (a->incident[0] == '\0' || !a->connected)
		return;
	Netpont__AgentIncident inc = NETPONT__AGENT_INCIDENT__INIT;
	inc.what = "unleased_session";
	inc.detail = a->incident;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = uplink_new_id(&a->up);
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_INCIDENT;
	env.agent_incident = &inc;
	if (uplink_send(&a->up, &env) == 0)
		a->incident[0] = '\0';
}

static void on_unleased_session(agent_sessions *s, const char *detail)
{
	agent *a = s->data;
	copy_text(a->incident, sizeof a->incident, detail);
	agent_send_incident(a);
}

static void agent_store_help(agent *a, const Netpont__HelpCall *call)
{
	if (call == NULL)
		return;
	agent_help *h = &a->help;
	h->present = true;
	h->id = call->id;
	copy_text(h->text, sizeof h->text, call->text);
	h->state = call->state;
	h->raised_at = call->raised_at;
	h->acknowledged_at = call->acknowledged_at;
	h->resolved_at = call->resolved_at;
	copy_text(h->acknowledged_by, sizeof h->acknowledged_by, call->acknowledged_by);
	copy_text(h->acknowledged_by_display, sizeof h->acknowledged_by_display,
	          call->acknowledged_by_display);
	copy_text(h->close_reason, sizeof h->close_reason, call->close_reason);
	copy_text(h->resolved_by, sizeof h->resolved_by, call->resolved_by);
	copy_text(h->resident_login, sizeof h->resident_login, call->resident_login);
}

/* Tells the server the whole set of held jobs (AgentHeldPrints), so that
 * mentors see them and can release them. The Ok that answers it needs no
 * bookkeeping: the next change or connect sends the set again. */
static void agent_send_held(agent *a)
{
	if (!a->connected)
		return;
	agent_held_report report;
	agent_held_report_fill(&a->held, &report);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = uplink_new_id(&a->up);
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS;
	env.agent_held_prints = &report.msg;
	if (uplink_send(&a->up, &env) != 0)
		agent_warn("could not tell the server about the held print jobs");
}

static void agent_print_reply(agent *a, const agent_pending *p, const Netpont__Envelope *env)
{
	if (p->kind == AGENT_PENDING_PRINT) {
		if (env->body_case == NETPONT__ENVELOPE__BODY_AGENT_PRINT_REPLY) {
			const Netpont__AgentPrintReply *r = env->agent_print_reply;
			if (r->duplicate)
				agent_log("print job %s: already charged (%" PRId64 ")", p->job_key,
				          r->amount);
			else
				agent_log("print job %s: charged (%" PRId64 ")", p->job_key,
				          r->amount);
			agent_held_ack(&a->held, p->job_key);
			/* The screens show the print in the cost at once, not only
			 * with the server's next lease. */
			if (!r->duplicate && p->session_id != 0 &&
			    p->session_id == a->cost.session_id) {
				a->cost.prints += r->amount;
				agent_broadcast(a, "");
			}
		} else if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
			/* Kept in the outbox; sent again after the next connect. */
			agent_warn("the server did not take print job %s: %s", p->job_key,
			           env->error->message);
		}
		return;
	}
	if (env->body_case == NETPONT__ENVELOPE__BODY_PRINT_QUOTE_REPLY) {
		if (!agent_held_set_amount(&a->held, p->job_key, env->print_quote_reply->amount))
			return;
		agent_send_held(a);
		agent_broadcast(a, "");
	} else if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		agent_warn("the server could not price held print job %s: %s", p->job_key,
		           env->error->message);
	}
}

/* ------------------------------------------------------------ the directory */

/* "<lease file>.directory": the last full list, for when the server is away
 * ("" when nothing is persisted). */
static void agent_directory_path(const agent *a, char *path, size_t size)
{
	path[0] = '\0';
	if (a->lease_path[0] != '\0' &&
	    snprintf(path, size, "%s.directory", a->lease_path) >= (int)size)
		path[0] = '\0';
}

/* Sends the screen the entries of list that match (all of them when the
 * server filtered already), marked offline when it is the kept list. */
static void agent_directory_reply(control_client *c, uint64_t id,
                                  const Netpont__AgentDirectoryListReply *list, const char *query,
                                  const char *category, bool offline)
{
	size_t n = list != NULL ? list->n_entries : 0;
	Netpont__DirectoryEntry **entries = calloc(n > 0 ? n : 1, sizeof *entries);
	size_t kept = 0;
	for (size_t i = 0; entries != NULL && i < n; i++)
		if (!offline || directory_entry_matches(list->entries[i], query, category))
			entries[kept++] = list->entries[i];
	Netpont__ControlDirectoryListReply reply = NETPONT__CONTROL_DIRECTORY_LIST_REPLY__INIT;
	reply.entries = entries;
	reply.n_entries = kept;
	reply.offline = offline;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_LIST_REPLY;
	env.control_directory_list_reply = &reply;
	control_client_send(c, &env);
	free(entries);
}

/* The server is away or did not answer: the kept list, filtered here. */
static void agent_directory_offline(agent *a, control_client *c, uint64_t id, const char *query,
                                    const char *category)
{
	char path[PATH_MAX + 16];
	agent_directory_path(a, path, sizeof path);
	Netpont__AgentDirectoryListReply *kept = path[0] ? directory_cache_load(path) : NULL;
	if (kept == NULL) {
		reply_error(c, id, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE, AGENT_OFFLINE_MESSAGE,
		            0);
		return;
	}
	agent_directory_reply(c, id, kept, query, category, true);
	netpont__agent_directory_list_reply__free_unpacked(kept, NULL);
}

/* The server's list: to the screen, remembered for a slip, and kept on disk
 * when it is the full list. */
static void agent_directory_heard(agent *a, const agent_pending *p, control_client *c,
                                  const Netpont__AgentDirectoryListReply *list)
{
	if (c != NULL)
		agent_directory_reply(c, p->client_request_id, list, "", "", false);
	size_t len = netpont__agent_directory_list_reply__get_packed_size(list);
	uint8_t *bytes = malloc(len > 0 ? len : 1);
	if (bytes != NULL) {
		netpont__agent_directory_list_reply__pack(list, bytes);
		Netpont__AgentDirectoryListReply *copy =
		    netpont__agent_directory_list_reply__unpack(NULL, len, bytes);
		free(bytes);
		if (copy != NULL) {
			if (a->directory_last != NULL)
				netpont__agent_directory_list_reply__free_unpacked(
				    a->directory_last, NULL);
			a->directory_last = copy;
		}
	}
	char path[PATH_MAX + 16];
	agent_directory_path(a, path, sizeof path);
	if (path[0] != '\0' && p->dir_query[0] == '\0' && p->dir_category[0] == '\0' &&
	    directory_cache_save(path, list) != 0)
		agent_warn("cannot keep the directory in %s: %s", path, strerror(errno));
}

static void agent_directory_count(agent *a, const char *what)
{
	if (!a->connected)
		return; /* counted only while the server listens: the counts are anonymous and
		           approximate */
	Netpont__AgentDirectoryUsed used = NETPONT__AGENT_DIRECTORY_USED__INIT;
	used.what = (char *)what;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_USED;
	env.agent_directory_used = &used;
	agent_request(a, &env, AGENT_PENDING_DIRECTORY_USED, NULL, 0);
}

/* A reply from the server to one of our requests. */
static void agent_handle_reply(agent *a, agent_pending *slot, const Netpont__Envelope *env)
{
	agent_pending p = *slot;
	slot->kind = AGENT_PENDING_FREE;
	control_client *c = p.client_id != 0 ? control_server_find(&a->control, p.client_id) : NULL;
	const Netpont__Error *e =
	    env->body_case == NETPONT__ENVELOPE__BODY_ERROR ? env->error : NULL;

	/* The server's refusal of a resident's login or help call goes to the
	 * lock screen as it is (a wrong PIN with its tries left, CLOSED, ...). */
	if (e != NULL && (p.kind == AGENT_PENDING_LOGIN || p.kind == AGENT_PENDING_HELP ||
	                  p.kind == AGENT_PENDING_HELP_CANCEL)) {
		if (c != NULL)
			reply_error(c, p.client_request_id, e->code, e->message, e->tries_left);
		return;
	}

	switch (p.kind) {
	case AGENT_PENDING_SYNC:
		if (env->body_case == NETPONT__ENVELOPE__BODY_LEASE_EVENT)
			agent_adopt_lease_event(a, env->lease_event);
		else if (e != NULL)
			agent_warn("the server refused %s's sync: %s", a->cfg.seat, e->message);
		break;
	case AGENT_PENDING_LOGIN:
		if (env->body_case == NETPONT__ENVELOPE__BODY_SESSION) {
			agent_lease_grant g;
			grant_from_session(env->session, &g);
			g.out_of_order = a->lease.out_of_order;
			agent_cost_hear(a, env->session);
			agent_adopt(a, &g);
		} else if (env->body_case == NETPONT__ENVELOPE__BODY_LEASE_EVENT) {
			agent_adopt_lease_event(a, env->lease_event);
		}
		if (c != NULL)
			reply_status(a, c, p.client_request_id);
		break;
	case AGENT_PENDING_LOGOUT:
		if (e != NULL)
			agent_warn("the server refused %s's logout: %s", a->cfg.seat, e->message);
		break;
	case AGENT_PENDING_HELP:
	case AGENT_PENDING_HELP_CANCEL:
		if (env->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL) {
			agent_store_help(a, env->help_call);
			if (p.kind == AGENT_PENDING_HELP)
				agent_log("%s called a mentor (help call %" PRId64 ")", a->cfg.seat,
				          a->help.id);
			else
				agent_log("%s took back the call for a mentor (help call %" PRId64
				          ")",
				          a->cfg.seat, a->help.id);
			if (c != NULL) {
				Netpont__Envelope out = NETPONT__ENVELOPE__INIT;
				out.id = p.client_request_id;
				out.body_case = NETPONT__ENVELOPE__BODY_HELP_CALL;
				out.help_call = env->help_call;
				control_client_send(c, &out);
			}
			agent_broadcast(a, "");
		} else if (c != NULL) {
			reply_ok(c, p.client_request_id);
		}
		break;
	case AGENT_PENDING_PRINT:
	case AGENT_PENDING_QUOTE:
		agent_print_reply(a, &p, env);
		break;
	case AGENT_PENDING_DIRECTORY_LIST:
		if (env->body_case == NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_LIST_REPLY)
			agent_directory_heard(a, &p, c, env->agent_directory_list_reply);
		else if (c != NULL)
			agent_directory_offline(a, c, p.client_request_id, p.dir_query,
			                        p.dir_category);
		if (e != NULL)
			agent_warn("the server refused the directory: %s", e->message);
		break;
	case AGENT_PENDING_DIRECTORY_USED:
		if (e != NULL)
			agent_warn("the server did not count a use of the directory: %s",
			           e->message);
		break;
	case AGENT_PENDING_FREE:
		assert(!"a free slot has no reply");
		break;
	}
}

/* ------------------------------------------------------------ print metering */

static void agent_send_print(agent *a, const Netpont__AgentPrint *job)
{
	if (!a->connected)
		return; /* stays in the outbox until print_outbox_resend() */
	Netpont__AgentPrint copy = *job;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_PRINT;
	env.agent_print = &copy;
	agent_pending *p = agent_request(a, &env, AGENT_PENDING_PRINT, NULL, 0);
	if (p != NULL) {
		copy_text(p->job_key, sizeof p->job_key, job->job_key);
		p->session_id = job->session_id;
	}
}

/* Asks the server for the price of every held job not priced yet. */
static void agent_quote_held(agent *a)
{
	if (!a->connected)
		return;
	for (size_t i = 0; i < AGENT_MAX_HELD; i++) {
		Netpont__PrintQuote q;
		if (!agent_held_quote(&a->held, i, &q))
			continue;
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		env.body_case = NETPONT__ENVELOPE__BODY_PRINT_QUOTE;
		env.print_quote = &q;
		agent_pending *p = agent_request(a, &env, AGENT_PENDING_QUOTE, NULL, 0);
		if (p != NULL)
			copy_text(p->job_key, sizeof p->job_key, a->held.jobs[i].job_key);
	}
}

static void on_print(print_watch *pw, print_event kind, const Netpont__AgentPrint *job, void *data)
{
	agent *a = data;
	(void)pw;
	switch (kind) {
	case PRINT_EVENT_COMPLETED:
		agent_send_print(a, job);
		break;
	case PRINT_EVENT_HELD:
		agent_held_add(&a->held, job, (int64_t)time(NULL));
		agent_quote_held(a);
		agent_send_held(a);
		agent_broadcast(a, "");
		break;
	case PRINT_EVENT_GONE:
		/* Released or cancelled here, by a mentor, or in CUPS: the lock
		 * screen's question closes with the broadcast. */
		if (agent_held_remove(&a->held, job->job_key)) {
			agent_send_held(a);
			agent_broadcast(a, "");
		}
		break;
	}
}

/* Every 2 seconds: a request the server has not answered in
 * AGENT_REQUEST_TIMEOUT_MS is answered OFFLINE, so nobody waits forever. */
static void on_pending_timer(uv_timer_t *t)
{
	agent *a = t->data;
	uint64_t now = uv_now(a->loop);
	for (size_t i = 0; i < AGENT_MAX_PENDING; i++) {
		agent_pending *p = &a->pending[i];
		if (p->kind == AGENT_PENDING_FREE || now - p->sent_ms < AGENT_REQUEST_TIMEOUT_MS)
			continue;
		control_client *c =
		    p->client_id != 0 ? control_server_find(&a->control, p->client_id) : NULL;
		agent_warn("the server did not answer request %llu within %u s",
		           (unsigned long long)p->server_id, AGENT_REQUEST_TIMEOUT_MS / 1000);
		if (c != NULL && p->kind == AGENT_PENDING_DIRECTORY_LIST)
			agent_directory_offline(a, c, p->client_request_id, p->dir_query,
			                        p->dir_category);
		else if (c != NULL)
			reply_error(c, p->client_request_id,
			            NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE, AGENT_OFFLINE_MESSAGE,
			            0);
		if (p->kind == AGENT_PENDING_LOGOUT && p->session_id != 0)
			agent_set_logout_pending(a, p->session_id, p->logout_at);
		p->kind = AGENT_PENDING_FREE;
	}
}

/* ------------------------------------------------------------ the uplink */

static void on_up(uplink *u, const Netpont__Welcome *w)
{
	agent *a = u->data;
	a->connected = true;
	copy_text(a->site_name, sizeof a->site_name, w->site_name);
	a->kiosk_only = w->kiosk_only;
	copy_text(a->currency, sizeof a->currency, w->currency);
	a->currency_decimals = w->currency_decimals;
	agent_hours_hear(a, w->open_time, w->open_days, w->close_time, w->closes_at, w->opens_at,
	                 w->hours_today);
	agent_booking_hear(a, w->booking);
	agent_notice("connected to the server at %s:%s as seat %s", u->host, u->port, a->cfg.seat);
	if (a->logout_pending != 0) {
		/* The resident logged out while the server was away: tell it
		 * first, so the sync that follows finds the session ended. */
		agent_log("telling the server that session %" PRId64 " ended by logout",
		          a->logout_pending);
		int64_t session = a->logout_pending, at = a->logout_pending_at;
		agent_set_logout_pending(a, 0, 0);
		if (!agent_send_logout(a, session, at))
			agent_set_logout_pending(a, session, at);
	}
	agent_send_sync(a);
	agent_send_incident(a);
	if (a->held.watch != NULL) {
		agent_held_resend(&a->held);
		agent_quote_held(a);
	}
	/* Always, also with nothing held: the server forgot the set when the
	 * last connection closed and must learn it again. */
	agent_send_held(a);
	agent_broadcast(a, "");
}

static void on_down(uplink *u, const char *why)
{
	agent *a = u->data;
	(void)why;
	a->connected = false;
	/* Nobody waits forever: what was in flight is answered OFFLINE. */
	for (size_t i = 0; i < AGENT_MAX_PENDING; i++) {
		agent_pending *p = &a->pending[i];
		if (p->kind == AGENT_PENDING_FREE)
			continue;
		control_client *c =
		    p->client_id != 0 ? control_server_find(&a->control, p->client_id) : NULL;
		if (c != NULL)
			reply_error(c, p->client_request_id,
			            NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE, AGENT_OFFLINE_MESSAGE,
			            0);
		/* A logout that may not have arrived is said again after the
		 * reconnect (a second one for an ended session is a no-op). */
		if (p->kind == AGENT_PENDING_LOGOUT && p->session_id != 0)
			agent_set_logout_pending(a, p->session_id, p->logout_at);
		p->kind = AGENT_PENDING_FREE;
	}
	if (a->lease.unlocked)
		agent_warn("the server is unreachable; %s keeps its lease: %" PRId64 " s left",
		           a->cfg.seat, agent_lease_remaining_s(&a->lease, agent_now_ms()));
	agent_broadcast(a, "");
}

static void on_envelope(uplink *u, const Netpont__Envelope *env)
{
	agent *a = u->data;
	if (env->id != 0) {
		for (size_t i = 0; i < AGENT_MAX_PENDING; i++) {
			if (a->pending[i].kind != AGENT_PENDING_FREE &&
			    a->pending[i].server_id == env->id) {
				agent_handle_reply(a, &a->pending[i], env);
				return;
			}
		}
		return; /* e.g. the Ok to a request nobody waits for any more */
	}
	switch (env->body_case) {
	case NETPONT__ENVELOPE__BODY_LEASE_EVENT:
		agent_adopt_lease_event(a, env->lease_event);
		break;
	case NETPONT__ENVELOPE__BODY_BOOKING_NOTICE_EVENT:
		agent_booking_hear(a, env->booking_notice_event->notice);
		agent_broadcast(a, "");
		break;
	case NETPONT__ENVELOPE__BODY_MESSAGE_EVENT: {
		const Netpont__MessageEvent *m = env->message_event;
		copy_text(a->message, sizeof a->message, m->text);
		/* No text: the session the message was for ended. */
		if (a->message[0] == '\0')
			agent_log("%s: the message was cleared", a->cfg.seat);
		else
			agent_log("%s: message from %s: %s", a->cfg.seat,
			          m->from != NULL && m->from[0] ? m->from : np_log_text("a mentor"),
			          a->message);
		agent_broadcast(a, "");
		break;
	}
	case NETPONT__ENVELOPE__BODY_HELP_EVENT:
		if (env->help_event->call != NULL) {
			agent_store_help(a, env->help_event->call);
			if (a->help.state == NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED)
				agent_log("%s: %s is coming", a->cfg.seat, a->help.acknowledged_by);
			agent_broadcast(a, "");
		}
		break;
	case NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT: {
		const Netpont__PrintReleaseEvent *r = env->print_release_event;
		if (agent_held_decide(&a->held, r->job_key, r->cancel) != 0) {
			if (r->cancel)
				agent_warn(
				    "a mentor asked to cancel print job %s, which this PC does "
				    "not hold",
				    r->job_key);
			else
				agent_warn(
				    "a mentor asked to release print job %s, which this PC does "
				    "not hold",
				    r->job_key);
		}
		break;
	}
	default:
		break; /* seat, ledger and shift events are for consoles */
	}
}

/* ------------------------------------------------------------ the control socket */

static void control_login(agent *a, control_client *c, const Netpont__Envelope *req)
{
	const Netpont__ControlLogin *in = req->control_login;
	if (agent_reset_refuses_login(a, c, req))
		return;
	if (!a->connected) {
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE,
		            AGENT_OFFLINE_MESSAGE, 0);
		return;
	}
	if (a->lease.unlocked) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s is already in use by %s. Log out first.", a->cfg.seat,
		         a->lease.resident_name[0] ? a->lease.resident_name
		                                   : a->lease.resident_login);
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT, msg, 0);
		return;
	}
	Netpont__AgentLogin login = NETPONT__AGENT_LOGIN__INIT;
	login.login = (char *)text_or_empty(in->login);
	login.pin = (char *)text_or_empty(in->pin);
	login.language = (char *)text_or_empty(in->language);
	if (strcmp(login.language, "hu") == 0 || strcmp(login.language, "en") == 0)
		copy_text(a->screen_language, sizeof a->screen_language, login.language);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_LOGIN;
	env.agent_login = &login;
	agent_request(a, &env, AGENT_PENDING_LOGIN, c, req->id);
}

static void control_logout(agent *a, control_client *c, const Netpont__Envelope *req)
{
	if (a->lease.unlocked) {
		char resident[sizeof a->lease.resident_login];
		copy_text(resident, sizeof resident, a->lease.resident_login);
		int64_t session = a->lease.session_id;
		int64_t at = (int64_t)time(NULL);
		agent_lease_lock(&a->lease, "logout");
		agent_session_over(a, "logout");
		agent_apply_lock_state(a, true, resident, "logout");
		agent_session_changed(a);
		agent_persist(a);
		agent_rearm(a);
		if (!a->connected || !agent_send_logout(a, session, at))
			agent_set_logout_pending(a, session, at);
		agent_broadcast(a, "");
	}
	reply_status(a, c, req->id);
}

static void control_help(agent *a, control_client *c, const Netpont__Envelope *req)
{
	if (!a->connected) {
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE,
		            AGENT_OFFLINE_MESSAGE, 0);
		return;
	}
	Netpont__AgentHelp help = NETPONT__AGENT_HELP__INIT;
	help.text = (char *)text_or_empty(req->control_help->text);
	help.language = (char *)text_or_empty(req->control_help->language);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_HELP;
	env.agent_help = &help;
	agent_request(a, &env, AGENT_PENDING_HELP, c, req->id);
}

/* The resident takes back the call for a mentor; the server's HelpCall
 * (state CANCELLED) or its refusal goes back to the screen. */
static void control_help_cancel(agent *a, control_client *c, const Netpont__Envelope *req)
{
	if (!a->connected) {
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE,
		            AGENT_OFFLINE_MESSAGE, 0);
		return;
	}
	Netpont__AgentHelpCancel cancel = NETPONT__AGENT_HELP_CANCEL__INIT;
	cancel.language = (char *)text_or_empty(req->control_help_cancel->language);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_HELP_CANCEL;
	env.agent_help_cancel = &cancel;
	agent_request(a, &env, AGENT_PENDING_HELP_CANCEL, c, req->id);
}

static void control_print_confirm(agent *a, control_client *c, const Netpont__Envelope *req)
{
	const Netpont__ControlPrintConfirm *in = req->control_print_confirm;
	if (agent_held_decide(&a->held, in->job_key, in->cancel) == 0) {
		reply_ok(c, req->id);
		return;
	}
	reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	            "There is no print job waiting for confirmation on this PC.", 0);
}

/* The directory, with or without a session: the server's list, or the
 * kept one when the server is away. */
static void control_directory_list(agent *a, control_client *c, const Netpont__Envelope *req)
{
	const Netpont__ControlDirectoryList *in = req->control_directory_list;
	const char *query = text_or_empty(in->query), *category = text_or_empty(in->category);
	if (!a->connected) {
		agent_directory_offline(a, c, req->id, query, category);
		return;
	}
	Netpont__AgentDirectoryList list = NETPONT__AGENT_DIRECTORY_LIST__INIT;
	list.query = (char *)query;
	list.category = (char *)category;
	list.language = (char *)text_or_empty(in->language);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_LIST;
	env.agent_directory_list = &list;
	/* Not agent_request(): a send that fails answers from the kept list. */
	env.id = uplink_new_id(&a->up);
	agent_pending *p = pending_add(a, AGENT_PENDING_DIRECTORY_LIST, env.id, c, req->id);
	if (p == NULL || uplink_send(&a->up, &env) != 0) {
		if (p != NULL)
			p->kind = AGENT_PENDING_FREE;
		agent_directory_offline(a, c, req->id, query, category);
		return;
	}
	copy_text(p->dir_query, sizeof p->dir_query, query);
	copy_text(p->dir_category, sizeof p->dir_category, category);
}

static void control_directory_used(agent *a, control_client *c, const Netpont__Envelope *req)
{
	const char *what = req->control_directory_used->what;
	if (!directory_use_ok(what)) {
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		            "A use of the directory is open, view, search or print.", 0);
		return;
	}
	agent_directory_count(a, what);
	reply_ok(c, req->id);
}

/* The entry id among the lists the agent has: the server's last, then the
 * kept one. *owner is what to free. */
static const Netpont__DirectoryEntry *agent_directory_find(agent *a, int64_t id,
                                                           Netpont__AgentDirectoryListReply **owner)
{
	*owner = NULL;
	for (size_t i = 0; a->directory_last != NULL && i < a->directory_last->n_entries; i++)
		if (a->directory_last->entries[i]->id == id)
			return a->directory_last->entries[i];
	char path[PATH_MAX + 16];
	agent_directory_path(a, path, sizeof path);
	*owner = path[0] ? directory_cache_load(path) : NULL;
	for (size_t i = 0; *owner != NULL && i < (*owner)->n_entries; i++)
		if ((*owner)->entries[i]->id == id)
			return (*owner)->entries[i];
	return NULL;
}

/* The queue a slip goes to: the first metered queue that does not hold its
 * jobs ([printing] printers, hold), else the first metered one, else CUPS'
 * default ("" here). The slip is submitted with job-hold-until=no-hold. */
static void agent_slip_printer(const agent *a, char *out, size_t size)
{
	out[0] = '\0';
	const char *list = a->cfg.printers != NULL ? a->cfg.printers : "";
	char first[128] = "";
	for (const char *p = list; *p != '\0';) {
		p += strspn(p, ", ");
		size_t len = strcspn(p, ",");
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		while (len > 0 && name[strlen(name) - 1] == ' ')
			name[strlen(name) - 1] = '\0';
		p += len;
		if (name[0] == '\0')
			continue;
		if (first[0] == '\0')
			copy_text(first, sizeof first, name);
		bool held = false;
		const char *h = a->cfg.hold != NULL ? a->cfg.hold : "";
		for (; *h != '\0';) {
			h += strspn(h, ", ");
			size_t hl = strcspn(h, ",");
			if (hl == strlen(name) && strncmp(h, name, hl) == 0)
				held = true;
			h += hl;
		}
		if (!held) {
			copy_text(out, size, name);
			return;
		}
	}
	copy_text(out, size, first);
}

typedef struct slip_wait {
	agent *a;
	uint64_t client_id;
	uint64_t request_id;
	int64_t entry_id;
} slip_wait;

static void on_slip_printed(bool ok, const char *err, void *data)
{
	slip_wait *w = data;
	agent *a = w->a;
	control_client *c = a->stopping ? NULL : control_server_find(&a->control, w->client_id);
	if (ok) {
		agent_log("printed a free slip of directory entry %" PRId64, w->entry_id);
		if (!a->stopping)
			agent_directory_count(a, "print");
		if (c != NULL)
			reply_ok(c, w->request_id);
	} else {
		agent_warn("%s", err);
		if (c != NULL)
			reply_error(c, w->request_id, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			            "The slip could not be printed; please ask a mentor.", 0);
	}
	free(w);
}

/* A free slip of one entry on the room's printer: plain text under the
 * agent's own CUPS user, never held, never charged (print.c skips it). */
static void control_directory_print(agent *a, control_client *c, const Netpont__Envelope *req)
{
	const Netpont__ControlDirectoryPrint *in = req->control_directory_print;
	Netpont__AgentDirectoryListReply *owner;
	const Netpont__DirectoryEntry *e = agent_directory_find(a, in->entry_id, &owner);
	if (e == NULL) {
		if (owner != NULL)
			netpont__agent_directory_list_reply__free_unpacked(owner, NULL);
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		            "This entry is not in the directory any more.", 0);
		return;
	}
	char text[8192], printer[128];
	directory_slip_text(e, a->site_name, text_or_empty(in->language), text, sizeof text);
	if (owner != NULL)
		netpont__agent_directory_list_reply__free_unpacked(owner, NULL);
	agent_slip_printer(a, printer, sizeof printer);
	slip_wait *w = calloc(1, sizeof *w);
	int rc = w != NULL ? directory_print_slip(a->loop, printer, text, in->entry_id,
	                                          on_slip_printed, w)
	                   : -ENOMEM;
	if (rc != 0) {
		free(w);
		reply_error(c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		            "The slip could not be printed; please ask a mentor.", 0);
		return;
	}
	w->a = a;
	w->client_id = c->id;
	w->request_id = req->id;
	w->entry_id = in->entry_id;
}

static void on_control_request(control_server *s, control_client *c, const Netpont__Envelope *req)
{
	agent *a = s->data;
	if (a->stopping)
		return;
	switch (req->body_case) {
	case NETPONT__ENVELOPE__BODY_CONTROL_STATUS:
		reply_status(a, c, req->id);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_LOGIN:
		control_login(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT:
		control_logout(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_HELP:
		control_help(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_PRINT_CONFIRM:
		control_print_confirm(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_HELP_CANCEL:
		control_help_cancel(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_LIST:
		control_directory_list(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_USED:
		control_directory_used(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_PRINT:
		control_directory_print(a, c, req);
		break;
	case NETPONT__ENVELOPE__BODY_PING: {
		Netpont__Pong pong = NETPONT__PONG__INIT;
		pong.server_time = (int64_t)time(NULL);
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		env.id = req->id;
		env.body_case = NETPONT__ENVELOPE__BODY_PONG;
		env.pong = &pong;
		control_client_send(c, &env);
		break;
	}
	default:
		reply_error(
		    c, req->id, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    "The agent's control socket only takes ControlStatus, ControlLogin, "
		    "ControlLogout, ControlHelp, ControlHelpCancel, ControlPrintConfirm and "
		    "ControlDirectory*.",
		    0);
		break;
	}
}

/* ------------------------------------------------------------ start and stop */

static void on_signal(uv_signal_t *sig, int signum)
{
	agent *a = sig->data;
	agent_notice("stopping (%s)", signum == SIGINT ? "SIGINT" : "SIGTERM");
	agent_stop(a);
}

/* "PC-03" -> "lease-PC-03": a seat name never escapes the state directory. */
static void agent_lease_path(agent *a)
{
	char seat[128];
	size_t i = 0;
	for (const char *p = a->cfg.seat; *p != '\0' && i + 1 < sizeof seat; p++)
		seat[i++] = (*p == '/' || *p == '.') ? '_' : *p;
	seat[i] = '\0';
	if (snprintf(a->lease_path, sizeof a->lease_path, "%s/lease-%s", a->cfg.state_dir, seat) >=
	    (int)sizeof a->lease_path)
		a->lease_path[0] = '\0';
}

int agent_start(agent *a, uv_loop_t *loop, agent_config *cfg, const char *token, char *err,
                size_t err_size)
{
	memset(a, 0, sizeof *a);
	a->loop = loop;
	a->cfg = *cfg;
	agent_config_init(cfg);
	agent_lease_init(&a->lease);
	agent_hooks_init(&a->hooks, loop);
	agent_resetter_init(&a->resetter, loop, a->cfg.reset, agent_on_reset_changed, a);
	uv_timer_init(loop, &a->lease_timer);
	a->lease_timer.data = a;
	uv_timer_init(loop, &a->pending_timer);
	a->pending_timer.data = a;
	uv_timer_start(&a->pending_timer, on_pending_timer, 2000, 2000);
	uv_timer_init(loop, &a->last_timer);
	a->last_timer.data = a;
	uv_timer_init(loop, &a->screen_timer);
	a->screen_timer.data = a;
	uv_timer_start(&a->screen_timer, on_screen_timer, 1000, 1000);
	uv_signal_init(loop, &a->sigint);
	uv_signal_init(loop, &a->sigterm);
	a->sigint.data = a->sigterm.data = a;
	uv_signal_start(&a->sigint, on_signal, SIGINT);
	uv_signal_start(&a->sigterm, on_signal, SIGTERM);
	a->up.state = UPLINK_CLOSED; /* not initialised yet: agent_stop() skips it */

	assert(a->cfg.server != NULL && a->cfg.seat != NULL && a->cfg.control != NULL);
	np_address server;
	char port[8];
	np_address_result parsed = np_address_parse(a->cfg.server, NP_DEFAULT_PORT, &server);
	if (parsed != NP_ADDRESS_OK) {
		np_address_problem(parsed, "the server address", a->cfg.server, err, err_size);
		return -1;
	}
	snprintf(port, sizeof port, "%u", (unsigned)server.port);
	if (a->cfg.state_dir != NULL) {
		if (agent_state_make_dir(a->cfg.state_dir, err, err_size) != 0)
			return -1;
		agent_lease_path(a);
		agent_state_boot_id(a->boot_id, sizeof a->boot_id);
		agent_restore(a);
		agent_restore_logout_pending(a);
	}
	if (control_server_listen(&a->control, loop, a->cfg.control, on_control_request, a, err,
	                          err_size) != 0)
		return -1;
	if (a->cfg.control_group != NULL && a->cfg.control_group[0] != '\0') {
		/* The lock screen runs as the desktop user: the socket's group
		 * lets it in (mode 0660), and nobody else. */
		struct group *gr = getgrnam(a->cfg.control_group);
		if (gr == NULL) {
			snprintf(err, err_size,
			         "there is no group called '%s' (control_group in [agent])",
			         a->cfg.control_group);
			return -1;
		}
		if (chown(a->cfg.control, (uid_t)-1, gr->gr_gid) != 0) {
			/* Not root: the agent's own user must be in the group
			 * (the unit's SupplementaryGroups=). */
			int error = errno;
			bool outsider = error == EPERM && geteuid() != 0;
			snprintf(err, err_size,
			         "cannot give the control socket %s to group %s: %s%s",
			         a->cfg.control, a->cfg.control_group, strerror(error),
			         outsider ? "; the agent's user is not a member of that group "
			                    "(netpont-agent.service makes it one with "
			                    "SupplementaryGroups=)"
			                  : "");
			return -1;
		}
	}
	uplink_callbacks cb = {.on_up = on_up, .on_envelope = on_envelope, .on_down = on_down};
	int up = uplink_init(&a->up, loop, server.host, port, a->cfg.seat, token, a->cfg.token_file,
	                     a->cfg.server_fingerprint, &cb, a);
	if (up != 0) {
		a->up.state = UPLINK_CLOSED;
		if (up == UV_EINVAL)
			snprintf(err, err_size,
			         "the server's fingerprint is missing or not 64 hex digits: give "
			         "--server-fingerprint or server_fingerprint in [agent], as "
			         "`netpontctl seat add` printed it");
		else
			snprintf(err, err_size, "out of memory");
		return -1;
	}
	uplink_set_language(&a->up, a->cfg.language);

	a->sessions_started = true;
	if (agent_sessions_start(&a->sessions, loop, &a->cfg, a->lease.unlocked,
	                         on_unleased_session, a, err, err_size) != 0)
		return -1;
	if (a->cfg.bar_enabled != NULL && strcmp(a->cfg.bar_enabled, "yes") == 0) {
		a->bar_started = true;
		if (agent_lockui_init_bar(&a->bar, loop, &a->cfg, err, err_size) != 0)
			return -1;
	}
	if (a->lease_path[0])
		agent_notice("seat %s, server %s, control socket %s, lease file %s", a->cfg.seat,
		             a->cfg.server, a->cfg.control, a->lease_path);
	else
		agent_notice("seat %s, server %s, control socket %s", a->cfg.seat, a->cfg.server,
		             a->cfg.control);
	agent_apply_lock_state(a, false, a->lease.resident_login,
	                       a->lease.unlocked ? "restored" : "start");
	/* A locked PC may hold the traces of a session that ended while the
	 * agent was not running (a crash, a power cut): clean it first. */
	if (!a->lease.unlocked)
		agent_resetter_run(&a->resetter, "start");
	agent_rearm(a);
	agent_held_start(&a->held, loop, &a->cfg, a->lease.session_id, on_print, a);
	if (a->cfg.ui != NULL && strcmp(a->cfg.ui, "gtk") == 0) {
		agent_lockui_start(&a->lockui, loop, a->cfg.control);
		a->lockui_started = true;
	}
	uplink_start(&a->up);
	return 0;
}

static void agent_part_closed(agent *a)
{
	assert(a->closing_parts > 0);
	if (--a->closing_parts == 0) {
		agent_config_free(&a->cfg);
		if (a->directory_last != NULL)
			netpont__agent_directory_list_reply__free_unpacked(a->directory_last, NULL);
		a->directory_last = NULL;
		if (a->stopped_cb != NULL)
			a->stopped_cb(a);
	}
}

static void on_handle_closed(uv_handle_t *h)
{
	agent_part_closed(h->data);
}

static void on_uplink_closed(uplink *u)
{
	agent_part_closed(u->data);
}

static void on_control_closed(control_server *s)
{
	/* Not s->data: that is unset when the agent stopped before listening. */
	agent_part_closed((agent *)((char *)s - offsetof(agent, control)));
}

static agent *hooks_owner(agent_hooks *h)
{
	return (agent *)((char *)h - offsetof(agent, hooks));
}

static void on_hooks_closed(agent_hooks *h)
{
	agent_part_closed(hooks_owner(h));
}

static void on_sessions_closed(agent_sessions *s)
{
	agent_part_closed(s->data);
}

static void on_resetter_closed(agent_resetter *r)
{
	agent_part_closed((agent *)((char *)r - offsetof(agent, resetter)));
}

static void on_lockui_closed(agent_lockui *ui)
{
	agent_part_closed((agent *)((char *)ui - offsetof(agent, lockui)));
}

static void on_bar_closed(agent_lockui *ui)
{
	agent_part_closed((agent *)((char *)ui - offsetof(agent, bar)));
}

void agent_stop(agent *a)
{
	if (a->stopping)
		return;
	a->stopping = true;
	/* One count for each part, plus one held until every close has been
	 * started, so no callback finishes the stop half-way. */
	a->closing_parts = 1;
	agent_held_stop(&a->held);
	uv_handle_t *handles[] = {(uv_handle_t *)&a->lease_timer, (uv_handle_t *)&a->pending_timer,
	                          (uv_handle_t *)&a->last_timer,  (uv_handle_t *)&a->screen_timer,
	                          (uv_handle_t *)&a->sigint,      (uv_handle_t *)&a->sigterm};
	for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++) {
		a->closing_parts++;
		uv_close(handles[i], on_handle_closed);
	}
	if (a->up.token != NULL) {
		a->closing_parts++;
		uplink_close(&a->up, on_uplink_closed);
	}
	a->closing_parts++;
	control_server_close(&a->control, on_control_closed);
	a->closing_parts++;
	agent_hooks_close(&a->hooks, on_hooks_closed);
	a->closing_parts++;
	agent_resetter_close(&a->resetter, on_resetter_closed);
	if (a->lockui_started) {
		a->closing_parts++;
		agent_lockui_close(&a->lockui, on_lockui_closed);
	}
	if (a->sessions_started) {
		a->closing_parts++;
		agent_sessions_close(&a->sessions, on_sessions_closed);
	}
	if (a->bar_started) {
		a->closing_parts++;
		agent_lockui_close(&a->bar, on_bar_closed);
	}
	agent_part_closed(a);
}
