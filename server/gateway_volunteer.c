/* Volunteer hours: clocking in and out, an administrator's periods
 * recorded afterwards and removed, the monthly sheets and totals, and the
 * period a mentor's cash shift starts and ends (gateway_money.c calls
 * gw_volunteer_shift_started() and gw_volunteer_shift_ended()). The rules
 * a period keeps are store/volunteer.h's. */
#include "gateway_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/staff.h"
#include "store/volunteer.h"

/* The five activities, in the order sheets list them. */
static const char *const activities[] = {"desk", "tutoring", "it_help", "event", "other"};
#define ACTIVITY_COUNT (sizeof activities / sizeof activities[0])

static Netpont__VolunteerPeriod *period_message(gw_ctx *c, const store_volunteer *v)
{
	Netpont__VolunteerPeriod *m =
	    GW_NEW(&c->arena, Netpont__VolunteerPeriod, netpont__volunteer_period__init);
	m->id = v->id;
	m->staff = gw_strdup(&c->arena, v->staff);
	m->staff_display_name = gw_strdup(&c->arena, v->staff_display_name);
	m->activity = gw_strdup(&c->arena, v->activity);
	m->started_at = v->started_at;
	m->ended_at = v->ended_at;
	m->source = gw_strdup(&c->arena, v->source);
	m->shift_id = v->shift_id;
	m->note = gw_strdup(&c->arena, v->note);
	m->recorded_by =
	    gw_strdup(&c->arena, strcmp(v->source, "admin") == 0 ? v->recorded_by : "");
	m->removed_at = v->removed_at;
	m->removed_by = gw_strdup(&c->arena, v->removed_by);
	return m;
}

/* A VolunteerEvent to every staff connection: consoles refresh the button
 * and the sheet. */
static void emit_period(gw_ctx *c, Netpont__VolunteerPeriod *period)
{
	Netpont__VolunteerEvent *e =
	    GW_NEW(&c->arena, Netpont__VolunteerEvent, netpont__volunteer_event__init);
	e->period = period;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_EVENT;
	ev.volunteer_event = e;
	gw_emit(c, 0, &ev);
}

/* Replies with the period (NULL: none) and, when event, tells staff. */
static int reply_period(gw_ctx *c, const store_volunteer *v, bool event)
{
	Netpont__VolunteerReply *r =
	    GW_NEW(&c->arena, Netpont__VolunteerReply, netpont__volunteer_reply__init);
	r->period = v != NULL ? period_message(c, v) : NULL;
	GW_REPLY(c, VOLUNTEER_REPLY, volunteer_reply, r);
	if (event && r->period != NULL)
		emit_period(c, r->period);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

static void hhmm(int64_t t, char out[8])
{
	time_t at = (time_t)t;
	struct tm tm;
	localtime_r(&at, &tm);
	strftime(out, 8, "%H:%M", &tm);
}

/* ------------------------------------------------------------ clocking */

static int clock_in(gw_ctx *c)
{
	const char *activity = c->req->volunteer_clock_in->activity;
	if (activity == NULL || activity[0] == '\0')
		activity = "desk";
	store_volunteer v;
	if (store_volunteer_start(c->gw->db, c->peer->staff_id, activity, "clock", 0, c->now, &v,
	                          &c->err) != 0 ||
	    gw_audit(c, "volunteer.clock_in", "#%lld %s", (long long)v.id, activity) != 0)
		return -1;
	return reply_period(c, &v, true);
}

static int clock_out(gw_ctx *c)
{
	store_volunteer v;
	if (store_volunteer_end(c->gw->db, c->peer->staff_id, c->now, &v, &c->err) != 0)
		return -1;
	char from[8], to[8];
	hhmm(v.started_at, from);
	hhmm(v.ended_at, to);
	if (gw_audit(c, "volunteer.clock_out", "#%lld %s %s-%s", (long long)v.id, v.activity, from,
	             to) != 0)
		return -1;
	return reply_period(c, &v, true);
}

static int status(gw_ctx *c)
{
	store_volunteer v;
	int found = store_volunteer_open(c->gw->db, c->peer->staff_id, &v, &c->err);
	if (found < 0)
		return -1;
	return reply_period(c, found > 0 ? &v : NULL, false);
}

int gw_volunteer_shift_started(gw_ctx *c, int64_t shift_id)
{
	if (c->peer->role != NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR)
		return 0;
	store_volunteer v;
	int found = store_volunteer_open(c->gw->db, c->peer->staff_id, &v, &c->err);
	if (found < 0)
		return -1;
	/* A mentor who clocked in before the shift keeps that period. */
	if (found > 0)
		return 0;
	if (store_volunteer_start(c->gw->db, c->peer->staff_id, "desk", "shift", shift_id, c->now,
	                          &v, &c->err) != 0 ||
	    gw_audit(c, "volunteer.clock_in", "#%lld desk (shift %lld)", (long long)v.id,
	             (long long)shift_id) != 0)
		return -1;
	emit_period(c, period_message(c, &v));
	return 0;
}

int gw_volunteer_shift_ended(gw_ctx *c, int64_t shift_id)
{
	store_volunteer v;
	int ended = store_volunteer_end_shift(c->gw->db, shift_id, c->now, &v, &c->err);
	if (ended <= 0)
		return ended;
	if (gw_audit(c, "volunteer.clock_out", "#%lld desk (shift %lld)", (long long)v.id,
	             (long long)shift_id) != 0)
		return -1;
	emit_period(c, period_message(c, &v));
	return 0;
}

/* ------------------------------------------------------------ an administrator's entries */

/* The staff account called name into *out: NOT_FOUND when there is none. */
static int find_staff(gw_ctx *c, const char *name, store_staff *out)
{
	if (gw_need_text(c, name, 63, N_("Say whose hours these are (the staff member's name)."),
	                 N_("The staff member's name is too long (at most %zu characters).")) != 0)
		return -1;
	int found = store_staff_by_name(c->gw->db, name, out, &c->err);
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no staff member called %s."), name);
	return found > 0 ? 0 : -1;
}

/* "14:00" on the local day midnight (a gw_parse_date() result) into *out. */
static int time_on_day(gw_ctx *c, int64_t midnight, const char *text, int64_t *out)
{
	int h, m;
	char tail;
	if (text == NULL || sscanf(text, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 ||
	    m < 0 || m > 59 || strlen(text) != 5)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A time must look like 14:00."));
	time_t day = (time_t)midnight;
	struct tm tm;
	localtime_r(&day, &tm);
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*out = (int64_t)mktime(&tm);
	return 0;
}

static int add(gw_ctx *c)
{
	const Netpont__VolunteerAdd *m = c->req->volunteer_add;
	store_staff staff;
	if (find_staff(c, m->staff, &staff) != 0)
		return -1;
	if (staff.disabled)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("The account of %s is disabled; enable it to record hours."),
		                  staff.name);
	int64_t day, from, to;
	if (gw_parse_date(c, m->date, N_("The date must look like 2026-12-01."),
	                  N_("There is no such day as %s."), &day) != 0 ||
	    time_on_day(c, day, m->from, &from) != 0 || time_on_day(c, day, m->to, &to) != 0)
		return -1;
	store_volunteer v;
	if (store_volunteer_add(c->gw->db, staff.id, m->activity, from, to, m->note,
	                        c->peer->staff_id, c->now, &v, &c->err) != 0 ||
	    gw_audit(c, "volunteer.add", "#%lld %s %s %s-%s %s", (long long)v.id, staff.name,
	             m->date, m->from, m->to, m->activity) != 0)
		return -1;
	return reply_period(c, &v, true);
}

static int remove_period(gw_ctx *c)
{
	int64_t id = c->req->volunteer_remove->id;
	store_volunteer v;
	if (store_volunteer_remove(c->gw->db, id, c->peer->staff_id, c->now, &v, &c->err) != 0)
		return -1;
	char date[16], from[8], to[8] = "";
	rules_format_date((time_t)v.started_at, date, sizeof date);
	hhmm(v.started_at, from);
	if (v.ended_at != 0)
		hhmm(v.ended_at, to);
	if (gw_audit(c, "volunteer.remove", "#%lld %s %s %s-%s %s", (long long)v.id, v.staff, date,
	             from, to, v.activity) != 0)
		return -1;
	return reply_period(c, &v, true);
}

/* ------------------------------------------------------------ sheets */

/* "2026-12" (NULL or "": the month of now) as [*start, *end) of local time,
 * and its text into month. */
static int month_range(gw_ctx *c, const char *text, int64_t *start, int64_t *end, char month[24])
{
	int y, m;
	char tail;
	if (text == NULL || text[0] == '\0') {
		time_t now = (time_t)c->now;
		struct tm tm;
		localtime_r(&now, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1;
	} else if (sscanf(text, "%4d-%2d%c", &y, &m, &tail) != 2 || strlen(text) != 7 || m < 1 ||
	           m > 12 || y < 1970) {
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The month must look like 2026-12."));
	}
	struct tm first = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1, .tm_isdst = -1};
	struct tm next = {.tm_year = y - 1900, .tm_mon = m, .tm_mday = 1, .tm_isdst = -1};
	*start = (int64_t)mktime(&first);
	*end = (int64_t)mktime(&next);
	snprintf(month, 24, "%04d-%02d", y, m);
	return 0;
}

/* The most periods one reply lists: at most a few hundred bytes each, they
 * stay well within the frame limit (the totals count every period). */
#define VOLUNTEER_LIST_MAX 1000

/* The list being built: the reply's periods array grows in the arena. */
typedef struct period_list {
	gw_ctx *c;
	size_t cap;
	bool totals_only;
} period_list;

/* The row of totals (staff, activity: "" for all activities) in *rows,
 * appended when it is not there yet; NULL when out of memory. */
static Netpont__VolunteerTotal *total_row(gw_ctx *c, Netpont__VolunteerTotal ***rows, size_t *n,
                                          const store_volunteer *v, const char *activity)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*rows)[i]->staff, v->staff) == 0 &&
		    strcmp((*rows)[i]->activity, activity) == 0)
			return (*rows)[i];
	Netpont__VolunteerTotal **grown = gw_alloc(&c->arena, (*n + 1) * sizeof *grown);
	Netpont__VolunteerTotal *t =
	    GW_NEW(&c->arena, Netpont__VolunteerTotal, netpont__volunteer_total__init);
	if (c->arena.failed)
		return NULL;
	if (*n)
		memcpy(grown, *rows, *n * sizeof *grown);
	t->staff = gw_strdup(&c->arena, v->staff);
	t->staff_display_name = gw_strdup(&c->arena, v->staff_display_name);
	t->activity = gw_strdup(&c->arena, activity);
	grown[(*n)++] = t;
	*rows = grown;
	return t;
}

static int collect_period(void *ctx, const store_volunteer *v)
{
	period_list *l = ctx;
	gw_ctx *c = l->c;
	Netpont__VolunteerListReply *r = c->reply.volunteer_list_reply;
	if (!l->totals_only && r->n_periods == VOLUNTEER_LIST_MAX)
		r->periods_left_out++;
	else if (!l->totals_only) {
		if (r->n_periods == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 16;
			Netpont__VolunteerPeriod **grown =
			    gw_alloc(&c->arena, l->cap * sizeof *grown);
			if (c->arena.failed)
				return 1;
			if (r->n_periods)
				memcpy(grown, r->periods, r->n_periods * sizeof *grown);
			r->periods = grown;
		}
		r->periods[r->n_periods++] = period_message(c, v);
	}
	if (v->ended_at == 0 || v->removed_at != 0)
		return 0;
	int64_t seconds = v->ended_at - v->started_at;
	r->total_seconds += seconds;
	for (size_t i = 0; i < r->n_by_activity; i++)
		if (strcmp(r->by_activity[i]->activity, v->activity) == 0)
			r->by_activity[i]->seconds += seconds;
	Netpont__VolunteerTotal *all = total_row(c, &r->by_staff, &r->n_by_staff, v, "");
	Netpont__VolunteerTotal *one =
	    total_row(c, &r->by_staff_activity, &r->n_by_staff_activity, v, v->activity);
	if (all == NULL || one == NULL)
		return 1;
	all->seconds += seconds;
	one->seconds += seconds;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const Netpont__VolunteerTotal *x = *(Netpont__VolunteerTotal *const *)a;
	const Netpont__VolunteerTotal *y = *(Netpont__VolunteerTotal *const *)b;
	int by_staff = strcmp(x->staff, y->staff);
	return by_staff != 0 ? by_staff : strcmp(x->activity, y->activity);
}

static int list(gw_ctx *c)
{
	const Netpont__VolunteerList *m = c->req->volunteer_list;
	bool sees_all = c->peer->role == NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN ||
	                c->peer->role == NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER;
	int64_t staff_id = c->peer->staff_id;
	if (m->staff != NULL && m->staff[0] != '\0') {
		store_staff staff;
		if (find_staff(c, m->staff, &staff) != 0)
			return -1;
		staff_id = staff.id;
	} else if (m->all) {
		staff_id = 0;
	}
	if (!sees_all && staff_id != c->peer->staff_id)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                  N_("Only an administrator or the treasurer can see other "
		                     "volunteers' hours."));
	int64_t from = 0, to = 0;
	char month[24];
	if (month_range(c, m->month, &from, &to, month) != 0)
		return -1;
	Netpont__VolunteerListReply *r =
	    GW_NEW(&c->arena, Netpont__VolunteerListReply, netpont__volunteer_list_reply__init);
	GW_REPLY(c, VOLUNTEER_LIST_REPLY, volunteer_list_reply, r);
	r->month = gw_strdup(&c->arena, month);
	r->by_activity = gw_alloc(&c->arena, ACTIVITY_COUNT * sizeof *r->by_activity);
	for (size_t i = 0; !c->arena.failed && i < ACTIVITY_COUNT; i++) {
		Netpont__VolunteerTotal *t =
		    GW_NEW(&c->arena, Netpont__VolunteerTotal, netpont__volunteer_total__init);
		t->activity = (char *)activities[i];
		r->by_activity[r->n_by_activity++] = t;
	}
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	period_list l = {.c = c, .totals_only = m->totals_only};
	if (store_volunteer_each(c->gw->db, staff_id, from, to, m->include_removed, collect_period,
	                         &l, &c->err) != 0)
		return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	if (r->n_by_staff > 1)
		qsort(r->by_staff, r->n_by_staff, sizeof *r->by_staff, by_name);
	if (r->n_by_staff_activity > 1)
		qsort(r->by_staff_activity, r->n_by_staff_activity, sizeof *r->by_staff_activity,
		      by_name);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_volunteer_routes[] = {
    {NETPONT__ENVELOPE__BODY_VOLUNTEER_CLOCK_IN, R_VIEW, clock_in, NULL},
    {NETPONT__ENVELOPE__BODY_VOLUNTEER_CLOCK_OUT, R_VIEW, clock_out, NULL},
    {NETPONT__ENVELOPE__BODY_VOLUNTEER_STATUS, R_VIEW | R_READ_ONLY, status, NULL},
    {NETPONT__ENVELOPE__BODY_VOLUNTEER_ADD, R_ADMIN, add,
     N_("Only an administrator can record volunteer hours for someone.")},
    {NETPONT__ENVELOPE__BODY_VOLUNTEER_REMOVE, R_ADMIN, remove_period,
     N_("Only an administrator can remove volunteer hours.")},
    {NETPONT__ENVELOPE__BODY_VOLUNTEER_LIST, R_VIEW | R_READ_ONLY, list, NULL},
};
const size_t gw_volunteer_route_count = sizeof gw_volunteer_routes / sizeof gw_volunteer_routes[0];
