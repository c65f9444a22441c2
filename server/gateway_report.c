/* The treasurer's totals off the event loop: gateway_begin() of a
 * ReportTotals whose range and grouping are valid hands the report to the
 * thread pool, which sums it on the gateway's read-only connection (opened
 * on first use, kept until gateway_free()); WAL lets that connection read a
 * consistent snapshot while the loop's connection writes, so the loop
 * serves everyone else meanwhile. The finish step only copies the sums into
 * the reply. A refusal (a bad date, an unknown grouping) is left to the
 * handler on the loop, which words it in the caller's language; so is a
 * report the worker could not make, which the handler then makes on the
 * loop's connection. */
#include "gateway_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/np_log.h"
#include "core/rules.h"

/* "2026-11-24" and its terminator, with room to spare. */
#define REPORT_DATE_SIZE 16

struct gw_report_job {
	gateway *gw;
	char from[REPORT_DATE_SIZE], to[REPORT_DATE_SIZE];
	store_report_by by;
	/* Filled by gw_report_work() on the thread pool. */
	bool ok;
	bool no_memory; /* a row could not be kept */
	store_totals_row *rows;
	size_t count, cap;
	store_totals sums;
	char why[256]; /* English, for the log */
};

store_report_by gw_report_by(Netpont__ReportBy by)
{
	switch (by) {
	case NETPONT__REPORT_BY__REPORT_BY_UNSPECIFIED:
	case NETPONT__REPORT_BY__REPORT_BY_DAY:
		return STORE_REPORT_BY_DAY;
	case NETPONT__REPORT_BY__REPORT_BY_SERVICE:
		return STORE_REPORT_BY_SERVICE;
	case NETPONT__REPORT_BY__REPORT_BY_STAFF:
		return STORE_REPORT_BY_STAFF;
	case NETPONT__REPORT_BY__REPORT_BY_CATEGORY:
		return STORE_REPORT_BY_CATEGORY;
	default:
		return (store_report_by)-1; /* refused by the store */
	}
}

void gw_report_init(gateway *gw)
{
	pthread_mutex_init(&gw->report_lock, NULL);
	gw->report_db = NULL;
}

void gw_report_shutdown(gateway *gw)
{
	store_db_close(gw->report_db);
	gw->report_db = NULL;
	pthread_mutex_destroy(&gw->report_lock);
}

void gw_report_begin(gateway *gw, gw_call *call)
{
	const Netpont__ReportTotals *m = call->req->report_totals;
	time_t start = 0, end = 0;
	store_report_by by = gw_report_by(m->by);
	if ((by != STORE_REPORT_BY_DAY && by != STORE_REPORT_BY_SERVICE &&
	     by != STORE_REPORT_BY_STAFF && by != STORE_REPORT_BY_CATEGORY) ||
	    strlen(m->from) >= REPORT_DATE_SIZE || strlen(m->to) >= REPORT_DATE_SIZE ||
	    rules_date_range(m->from, m->to, &start, &end, NULL) != 0)
		return; /* the handler refuses it */
	gw_report_job *job = calloc(1, sizeof *job);
	if (job == NULL)
		return; /* the handler makes it on the loop */
	job->gw = gw;
	snprintf(job->from, sizeof job->from, "%s", m->from);
	snprintf(job->to, sizeof job->to, "%s", m->to);
	job->by = by;
	call->report = job;
	call->work = GW_WORK_REPORT;
}

static int keep_row(void *ctx, const store_totals_row *row)
{
	gw_report_job *job = ctx;
	if (job->count == job->cap) {
		size_t cap = job->cap == 0 ? 32 : job->cap * 2;
		store_totals_row *grown = realloc(job->rows, cap * sizeof *grown);
		if (grown == NULL) {
			job->no_memory = true;
			return 1;
		}
		job->rows = grown;
		job->cap = cap;
	}
	job->rows[job->count++] = *row;
	return 0;
}

/* The report on the read-only connection, in one read transaction so that
 * every day and the owed total come from the same snapshot. */
static void report_on(store_db *db, gw_report_job *job)
{
	np_err err = {0};
	if (store_exec(db, "BEGIN", &err) != 0) {
		snprintf(job->why, sizeof job->why, "%s", err.english);
		return;
	}
	int rc =
	    store_report_totals(db, job->from, job->to, job->by, keep_row, job, &job->sums, &err);
	store_exec(db, "COMMIT", NULL);
	if (rc != 0)
		snprintf(job->why, sizeof job->why, "%s", err.english);
	else if (job->no_memory)
		snprintf(job->why, sizeof job->why, "out of memory");
	else
		job->ok = true;
}

store_db *gw_report_db_acquire(gateway *gw, char *why, size_t why_size)
{
	pthread_mutex_lock(&gw->report_lock);
	np_err err = {0};
	if (gw->report_db == NULL &&
	    store_db_open_readonly(store_db_path(gw->db), &gw->report_db, &err) != 0)
		snprintf(why, why_size, "%s", err.english);
	return gw->report_db;
}

void gw_report_db_release(gateway *gw)
{
	pthread_mutex_unlock(&gw->report_lock);
}

void gw_report_work(gw_report_job *job)
{
	store_db *db = gw_report_db_acquire(job->gw, job->why, sizeof job->why);
	if (db != NULL)
		report_on(db, job);
	gw_report_db_release(job->gw);
}

int gw_report_result(const gw_call *call, int (*each)(void *ctx, const store_totals_row *row),
                     void *ctx, store_totals *sums)
{
	const gw_report_job *job = call != NULL ? call->report : NULL;
	if (job == NULL)
		return 0;
	if (!job->ok) {
		np_log(NP_LOG_WARNING, "report made on the loop: %s", job->why);
		return 0;
	}
	*sums = job->sums;
	for (size_t i = 0; i < job->count; i++)
		if (each(ctx, &job->rows[i]) != 0)
			break;
	return 1;
}

void gw_report_job_free(gw_report_job *job)
{
	if (job == NULL)
		return;
	free(job->rows);
	free(job);
}
