/* The opening hours: the week's settings (hours_1 .. hours_7 and the older
 * open_time/close_time/open_days, through SettingSet), the closed dates, and
 * what a change of either does to the sessions already running. */
#include "gateway_internal.h"

#include <stdio.h>
#include <string.h>

#include "common/np_log.h"
#include "store/seats.h"
#include "store/sessions.h"
#include "store/settings.h"

/* Seat ids gathered in the arena: those whose session a change of hours
 * cut short, or every seat. */
typedef struct capped_seats {
	gw_ctx *c;
	int64_t *ids;
	size_t n, cap;
} capped_seats;

static void note_capped_seat(void *ctx, int64_t seat_id)
{
	capped_seats *s = ctx;
	if (s->n == s->cap) {
		size_t grown = s->cap ? s->cap * 2 : 16;
		int64_t *ids = gw_alloc(&s->c->arena, grown * sizeof *ids);
		if (s->c->arena.failed)
			return;
		if (s->n)
			memcpy(ids, s->ids, s->n * sizeof *ids);
		s->ids = ids;
		s->cap = grown;
	}
	s->ids[s->n++] = seat_id;
}

static int note_seat(void *ctx, const store_seat *row)
{
	note_capped_seat(ctx, row->id);
	return 0;
}

/* Every PC hears the hours *next in a lease: its lock screen says whether
 * the room is open, a running session counts "close5" to the new closing. */
static int tell_every_pc(gw_ctx *c, const rules_settings *next)
{
	c->rules = *next;
	capped_seats all = {.c = c};
	if (store_seat_each(c->gw->db, "", note_seat, &all, &c->err) != 0)
		return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	for (size_t i = 0; i < all.n; i++)
		gw_emit_lease(c, all.ids[i], "");
	return 0;
}

/* After the hours changed to *next: every running session that would run
 * past the new closing (or lunch break) ends then, and the consoles and
 * every PC hear it at once. */
static int cap_running_sessions(gw_ctx *c, const rules_settings *next)
{
	time_t cap = rules_session_cap(next, (time_t)c->now, (time_t)INT64_MAX / 2);
	capped_seats seats = {.c = c};
	int n =
	    store_session_cap_running(c->gw->db, (int64_t)cap, note_capped_seat, &seats, &c->err);
	if (n < 0)
		return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	if (n > 0 && gw_audit(c, "session.cap", "%d session(s) until %lld", n, (long long)cap) != 0)
		return -1;
	if (tell_every_pc(c, next) != 0)
		return -1;
	for (size_t i = 0; i < seats.n; i++)
		gw_emit_seat(c, seats.ids[i]);
	if (n > 0)
		np_log(NP_LOG_INFO, "hours changed: %d running session(s) now end by %lld", n,
		       (long long)cap);
	return 0;
}

int gw_hours_setting_set(gw_ctx *c, const char *key, const char *value)
{
	rules_settings next;
	gw_rules_reread(c->gw, &next);
	if (rules_settings_apply(&next, key, value, &c->err) != 0 ||
	    rules_settings_check(&next, &c->err) != 0)
		return -1;
	gw_settings_changed(c->gw);
	/* The store keeps the week as hours_1 .. hours_7 only: an old key
	 * sets every open day, so all seven are written. */
	for (int d = 1; d <= 7; d++) {
		char day_key[16], day[32];
		rules_day_key(d, day_key, sizeof day_key);
		rules_format_day(&next.week[d], day, sizeof day);
		if (store_setting_set(c->gw->db, day_key, day, &c->err) != 0)
			return -1;
	}
	if (store_setting_delete(c->gw->db, "open_time", &c->err) != 0 ||
	    store_setting_delete(c->gw->db, "close_time", &c->err) != 0 ||
	    store_setting_delete(c->gw->db, "open_days", &c->err) != 0 ||
	    gw_audit(c, "setting.set", "%s = %s", key, value) != 0)
		return -1;
	return cap_running_sessions(c, &next);
}

/* ------------------------------------------------------------ closed dates */

static int closed_day_arg(gw_ctx *c, const char *day, int32_t *date)
{
	if (day == NULL || !rules_parse_date_number(day, date))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The date must look like 2026-11-24."));
	return 0;
}

static int collect_closed_date(void *ctx, const store_closed_date *d)
{
	gw_ctx *c = ctx;
	Netpont__ClosedDateListReply *r = c->reply.closed_date_list_reply;
	Netpont__ClosedDate **grown = gw_alloc(&c->arena, (r->n_dates + 1) * sizeof *grown);
	if (c->arena.failed)
		return 1;
	if (r->n_dates)
		memcpy(grown, r->dates, r->n_dates * sizeof *grown);
	Netpont__ClosedDate *e = GW_NEW(&c->arena, Netpont__ClosedDate, netpont__closed_date__init);
	e->day = gw_strdup(&c->arena, d->day);
	e->note = gw_strdup(&c->arena, d->note);
	grown[r->n_dates++] = e;
	r->dates = grown;
	return 0;
}

static int closed_date_list(gw_ctx *c)
{
	const char *from = c->req->closed_date_list->from;
	char today[16];
	if (from == NULL || from[0] == '\0') {
		rules_format_date((time_t)c->now, today, sizeof today);
		from = today;
	} else {
		int32_t date;
		if (closed_day_arg(c, from, &date) != 0)
			return -1;
	}
	Netpont__ClosedDateListReply *r =
	    GW_NEW(&c->arena, Netpont__ClosedDateListReply, netpont__closed_date_list_reply__init);
	GW_REPLY(c, CLOSED_DATE_LIST_REPLY, closed_date_list_reply, r);
	if (store_closed_date_each(c->gw->db, from, RULES_CLOSED_DATES_MAX, collect_closed_date, c,
	                           &c->err) != 0)
		return -1;
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

static int closed_date_add(gw_ctx *c)
{
	const Netpont__ClosedDate *d = c->req->closed_date_add->date;
	int32_t date;
	if (closed_day_arg(c, d ? d->day : NULL, &date) != 0)
		return -1;
	const char *note = d->note ? d->note : "";
	if (strlen(note) > 200)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The note is too long (at most 200 characters)."));
	char today[16], day[16];
	rules_format_date((time_t)c->now, today, sizeof today);
	rules_format_date_number(date, day, sizeof day);
	if (strcmp(day, today) < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("%s is in the past; only today or a later day can be closed."),
		                  day);
	rules_settings next = c->rules;
	int64_t ahead = store_closed_date_count(c->gw->db, today, &c->err);
	if (ahead < 0)
		return -1;
	if (ahead >= RULES_CLOSED_DATES_MAX - 1 || !rules_closed_date_add(&next, date))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("There are too many closed dates already (at most %d); "
		                     "remove some first."),
		                  RULES_CLOSED_DATES_MAX - 1);
	gw_settings_changed(c->gw);
	if (store_closed_date_add(c->gw->db, day, note, &c->err) != 0 ||
	    gw_audit(c, "closed_date.add", "%s %s", day, note) != 0)
		return -1;
	gw_reply_ok(c);
	return cap_running_sessions(c, &next);
}

static int closed_date_remove(gw_ctx *c)
{
	int32_t date;
	if (closed_day_arg(c, c->req->closed_date_remove->day, &date) != 0)
		return -1;
	char day[16];
	rules_format_date_number(date, day, sizeof day);
	gw_settings_changed(c->gw);
	int removed = store_closed_date_remove(c->gw->db, day, &c->err);
	if (removed < 0)
		return -1;
	if (removed == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("%s is not a closed date."), day);
	if (gw_audit(c, "closed_date.remove", "%s", day) != 0)
		return -1;
	gw_reply_ok(c);
	rules_settings next;
	gw_rules_reread(c->gw, &next);
	return tell_every_pc(c, &next);
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_hours_routes[] = {
    {NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST, R_VIEW | R_READ_ONLY, closed_date_list, NULL},
    {NETPONT__ENVELOPE__BODY_CLOSED_DATE_ADD, R_ADMIN, closed_date_add,
     N_("Only an administrator can change the opening hours.")},
    {NETPONT__ENVELOPE__BODY_CLOSED_DATE_REMOVE, R_ADMIN, closed_date_remove,
     N_("Only an administrator can change the opening hours.")},
};
const size_t gw_hours_route_count = sizeof gw_hours_routes / sizeof gw_hours_routes[0];
