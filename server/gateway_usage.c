/* The funders' usage report (ReportUsage, treasurer and admin): counts of
 * use per period, anonymous by construction. Like ReportTotals
 * (gateway_report.c) it is made off the event loop: gateway_begin() of a
 * valid request hands a job to the thread pool, which reads every period on
 * the gateway's read-only connection (the same connection and lock as the
 * totals), in one read transaction; the handler only copies the counts into
 * the reply, and makes the report on the loop's connection when the worker
 * could not. Every count of people from 1 to 4 leaves the server as
 * "suppressed" (core/usage_rules.h), never as its number. */
#include "gateway_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/np_log.h"
#include "core/rules.h"
#include "store/usage.h"

struct gw_usage_job {
	gateway *gw;
	usage_period periods[USAGE_MAX_PERIODS];
	size_t n;
	int64_t now;
	/* Filled by gw_usage_work() on the thread pool. */
	bool ok;
	store_usage *results; /* n of them */
	char why[256];        /* English, for the log */
};

static usage_by usage_by_of(Netpont__UsageBy by)
{
	switch (by) {
	case NETPONT__USAGE_BY__USAGE_BY_MONTH:
		return USAGE_BY_MONTH;
	case NETPONT__USAGE_BY__USAGE_BY_QUARTER:
		return USAGE_BY_QUARTER;
	default:
		return USAGE_BY_WHOLE;
	}
}

/* The request's periods into periods[]; 0, or -1 with c's refusal in err
 * (err may be NULL: gateway_begin() leaves the wording to the handler). */
static int usage_request_periods(const Netpont__ReportUsage *m, usage_period *periods, size_t *n,
                                 np_err *err)
{
	time_t start = 0, end = 0;
	if (rules_date_range(m->from, m->to, &start, &end, err) != 0)
		return -1;
	if (m->by != NETPONT__USAGE_BY__USAGE_BY_WHOLE &&
	    m->by != NETPONT__USAGE_BY__USAGE_BY_MONTH &&
	    m->by != NETPONT__USAGE_BY__USAGE_BY_QUARTER)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The usage report is made for the whole range, by month or by "
		                     "quarter."));
	if (usage_periods(m->from, m->to, usage_by_of(m->by), periods, USAGE_MAX_PERIODS, n) != 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A usage report by month or quarter covers at most ten years; "
		                     "choose a shorter range."));
	return 0;
}

/* Every period of the job on db, in the caller's transaction. */
static int usage_read(store_db *db, const usage_period *periods, size_t n, int64_t now,
                      store_usage *results, np_err *err)
{
	for (size_t i = 0; i < n; i++) {
		time_t start = 0, end = 0;
		if (rules_date_range(periods[i].from, periods[i].to, &start, &end, err) != 0 ||
		    store_usage_period(db, (int64_t)start, (int64_t)end, periods[i].year, now,
		                       &results[i], err) != 0)
			return -1;
	}
	return 0;
}

void gw_usage_begin(gateway *gw, gw_call *call)
{
	gw_usage_job *job = calloc(1, sizeof *job);
	if (job == NULL)
		return; /* the handler makes it on the loop */
	if (usage_request_periods(call->req->report_usage, job->periods, &job->n, NULL) != 0 ||
	    (job->results = calloc(job->n, sizeof *job->results)) == NULL) {
		free(job);
		return; /* the handler refuses it, or makes it on the loop */
	}
	job->gw = gw;
	job->now = gw_now(gw);
	call->usage = job;
	call->work = GW_WORK_USAGE;
}

void gw_usage_work(gw_usage_job *job)
{
	/* One read transaction: every period from the same snapshot. */
	np_err err = {0};
	store_db *db = gw_report_db_acquire(job->gw, job->why, sizeof job->why);
	if (db != NULL) {
		if (store_exec(db, "BEGIN", &err) == 0) {
			job->ok =
			    usage_read(db, job->periods, job->n, job->now, job->results, &err) == 0;
			store_exec(db, "COMMIT", NULL);
		}
		if (!job->ok)
			snprintf(job->why, sizeof job->why, "%s", err.english);
	}
	gw_report_db_release(job->gw);
}

void gw_usage_job_free(gw_usage_job *job)
{
	if (job == NULL)
		return;
	free(job->results);
	free(job);
}

/* ------------------------------------------------------------ the reply */

static Netpont__UsageCount *people(gw_ctx *c, int64_t n)
{
	Netpont__UsageCount *m = GW_NEW(&c->arena, Netpont__UsageCount, netpont__usage_count__init);
	bool suppressed = false;
	usage_people(n, &m->count, &suppressed);
	m->suppressed = suppressed;
	return m;
}

static Netpont__UsageGroup *group_message(gw_ctx *c, const store_usage_group *g)
{
	Netpont__UsageGroup *m = GW_NEW(&c->arena, Netpont__UsageGroup, netpont__usage_group__init);
	m->key = gw_strdup(&c->arena, g->key);
	m->label = gw_strdup(&c->arena, g->label);
	m->sessions = (int32_t)g->sessions;
	m->pc_seconds = g->pc_seconds;
	m->residents = people(c, g->residents);
	m->new_residents = people(c, g->new_residents);
	m->guests = people(c, g->guests);
	return m;
}

static Netpont__UsageGroup **groups_message(gw_ctx *c, const store_usage_group *g, size_t n)
{
	Netpont__UsageGroup **v = gw_alloc(&c->arena, (n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n && !c->arena.failed; i++)
		v[i] = group_message(c, &g[i]);
	return v;
}

static Netpont__UsageItem **items_message(gw_ctx *c, const store_usage_item *it, size_t n)
{
	Netpont__UsageItem **v = gw_alloc(&c->arena, (n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n && !c->arena.failed; i++) {
		v[i] = GW_NEW(&c->arena, Netpont__UsageItem, netpont__usage_item__init);
		v[i]->key = gw_strdup(&c->arena, it[i].key);
		v[i]->label = gw_strdup(&c->arena, it[i].label);
		v[i]->count = it[i].count;
	}
	return v;
}

static Netpont__UsagePeriod *period_message(gw_ctx *c, const usage_period *p, const store_usage *u)
{
	Netpont__UsagePeriod *m =
	    GW_NEW(&c->arena, Netpont__UsagePeriod, netpont__usage_period__init);
	m->from = gw_strdup(&c->arena, p->from);
	m->to = gw_strdup(&c->arena, p->to);
	m->total = group_message(c, &u->total);
	m->n_categories = u->n_categories;
	m->categories = groups_message(c, u->categories, u->n_categories);
	m->n_ages = USAGE_BAND_COUNT;
	m->ages = groups_message(c, u->ages, USAGE_BAND_COUNT);
	m->birth_year_unknown = people(c, u->birth_year_unknown);
	m->n_items = u->n_items;
	m->items = items_message(c, u->items, u->n_items);
	m->help_calls = (int32_t)u->help_calls;
	m->help_answered = (int32_t)u->help_answered;
	m->help_resolved = (int32_t)u->help_resolved;
	m->help_median_wait_s = u->help_median_wait_s;
	m->help_average_wait_s = u->help_average_wait_s;
	m->n_help_topics = u->n_help_topics;
	m->help_topics = items_message(c, u->help_topics, u->n_help_topics);
	m->occasions = (int32_t)u->occasions;
	m->attendances = (int32_t)u->attendances;
	m->participants = people(c, u->participants);
	m->n_volunteer = u->n_volunteer;
	m->volunteer = items_message(c, u->volunteer, u->n_volunteer);
	m->volunteer_seconds = u->volunteer_seconds;
	m->directory_opens = u->directory[0];
	m->directory_views = u->directory[1];
	m->directory_searches = u->directory[2];
	m->directory_prints = u->directory[3];
	return m;
}

static int report_usage(gw_ctx *c)
{
	const gw_usage_job *job = c->call != NULL ? c->call->usage : NULL;
	usage_period periods[USAGE_MAX_PERIODS];
	size_t n = 0;
	store_usage *results = NULL;
	if (job != NULL && job->ok) {
		memcpy(periods, job->periods, job->n * sizeof periods[0]);
		n = job->n;
		results = job->results;
	} else {
		/* Refused here, in the caller's language; or made on the loop. */
		if (usage_request_periods(c->req->report_usage, periods, &n, &c->err) != 0)
			return -1;
		if (job != NULL)
			np_log(NP_LOG_WARNING, "usage report made on the loop: %s", job->why);
		results = gw_alloc(&c->arena, n * sizeof *results);
		if (c->arena.failed)
			return np_err_no_memory(&c->err);
		if (usage_read(c->gw->db, periods, n, c->now, results, &c->err) != 0)
			return -1;
	}
	Netpont__ReportUsageReply *r =
	    GW_NEW(&c->arena, Netpont__ReportUsageReply, netpont__report_usage_reply__init);
	r->periods = gw_alloc(&c->arena, n * sizeof *r->periods);
	for (size_t i = 0; i < n && !c->arena.failed; i++)
		r->periods[i] = period_message(c, &periods[i], &results[i]);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	r->n_periods = n;
	GW_REPLY(c, REPORT_USAGE_REPLY, report_usage_reply, r);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_usage_routes[] = {
    {NETPONT__ENVELOPE__BODY_REPORT_USAGE, R_BOOKS | R_READ_ONLY, report_usage,
     N_("Only the treasurer or an administrator can see reports.")},
};
const size_t gw_usage_route_count = sizeof gw_usage_routes / sizeof gw_usage_routes[0];
