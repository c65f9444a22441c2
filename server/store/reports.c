/* The treasurer's reports: totals by day, service, staff or category,
 * waivers with their notes, and shift reconciliations. See money.h.
 *
 * Totals are grouped in C rather than in SQL because "by day" means the
 * local date, which SQLite's date functions would get wrong on a
 * daylight-saving day unless they were told the zone rules. */
#include "money-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules.h"

typedef struct money__total {
	char key[64];
	int64_t charged, paid, waived;
} money__total;

typedef struct money__totals {
	money__total *rows;
	size_t count, cap;
} money__totals;

static money__total *money__totals_find(money__totals *t, const char *key)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->rows[i].key, key) == 0)
			return &t->rows[i];
	if (t->count == t->cap) {
		size_t cap = t->cap == 0 ? 16 : t->cap * 2;
		money__total *grown = realloc(t->rows, cap * sizeof *grown);
		if (grown == NULL)
			return NULL;
		t->rows = grown;
		t->cap = cap;
	}
	money__total *row = &t->rows[t->count++];
	memset(row, 0, sizeof *row);
	snprintf(row->key, sizeof row->key, "%s", key);
	return row;
}

static int money__total_compare(const void *a, const void *b)
{
	return strcmp(((const money__total *)a)->key, ((const money__total *)b)->key);
}

/* What all residents owe now: every standing charge minus every standing
 * payment and waiver. */
static int money__total_owed(sqlite3 *db, int64_t *owed, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "SELECT COALESCE(SUM(CASE "
	                   "  WHEN l.kind = 'charge' THEN l.amount "
	                   "  WHEN l.kind IN ('payment', 'waiver') THEN -l.amount "
	                   "  WHEN o.kind = 'charge' THEN -l.amount "
	                   "  ELSE l.amount END), 0) "
	                   "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id",
	                   &stmt, err) < 0)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*owed = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return money__fail(db, err, "add up what is owed");
	return 0;
}

int money_report_totals(sqlite3 *db, const Netpont__ReportTotals *req,
                        Netpont__ReportTotalsReply **out, np_err *err)
{
	*out = NULL;
	if (req == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The report request is missing."));
	Netpont__ReportBy by = req->by;
	if (by == NETPONT__REPORT_BY__REPORT_BY_UNSPECIFIED)
		by = NETPONT__REPORT_BY__REPORT_BY_DAY;
	if (by != NETPONT__REPORT_BY__REPORT_BY_DAY &&
	    by != NETPONT__REPORT_BY__REPORT_BY_SERVICE &&
	    by != NETPONT__REPORT_BY__REPORT_BY_STAFF &&
	    by != NETPONT__REPORT_BY__REPORT_BY_CATEGORY)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A report can be by day, service, staff or category."));
	time_t start = 0, end = 0;
	if (rules_date_range(req->from, req->to, &start, &end, err) < 0)
		return -1;

	money__totals totals = {0};
	Netpont__ReportTotalsReply *reply = NULL;
	sqlite3_stmt *stmt = NULL;
	/* A reversal is keyed like the row it reverses: its service and
	 * category are copies, and its staff key is the original's. */
	if (money__prepare(db,
	                   "SELECT l.at, l.kind, l.amount, o.kind, l.service, l.category, s.name "
	                   "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
	                   "LEFT JOIN staff s ON s.id = "
	                   "  CASE WHEN l.kind = 'reversal' THEN o.staff_id ELSE l.staff_id END "
	                   "WHERE l.at >= ?1 AND l.at < ?2 ORDER BY l.at, l.id",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)start);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)end);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(stmt, 1);
		int64_t amount = sqlite3_column_int64(stmt, 2);
		if (strcmp(kind, "reversal") == 0) {
			kind = (const char *)sqlite3_column_text(stmt, 3);
			amount = -amount;
		}
		if (kind == NULL)
			continue; /* cannot happen: reverses_id is a foreign key */
		bool charge = strcmp(kind, "charge") == 0;
		const char *service = (const char *)sqlite3_column_text(stmt, 4);
		const char *category = (const char *)sqlite3_column_text(stmt, 5);
		const char *staff = (const char *)sqlite3_column_text(stmt, 6);
		char key[64];
		switch (by) {
		case NETPONT__REPORT_BY__REPORT_BY_SERVICE:
			snprintf(key, sizeof key, "%s",
			         charge && service != NULL ? service : "(payments)");
			break;
		case NETPONT__REPORT_BY__REPORT_BY_STAFF:
			snprintf(key, sizeof key, "%s", staff != NULL ? staff : "(self)");
			break;
		case NETPONT__REPORT_BY__REPORT_BY_CATEGORY:
			snprintf(key, sizeof key, "%s", category != NULL ? category : "(none)");
			break;
		default:
			rules_format_date((time_t)sqlite3_column_int64(stmt, 0), key, sizeof key);
			break;
		}
		money__total *row = money__totals_find(&totals, key);
		if (row == NULL)
			goto no_memory;
		if (charge)
			row->charged += amount;
		else if (strcmp(kind, "payment") == 0)
			row->paid += amount;
		else if (strcmp(kind, "waiver") == 0)
			row->waived += amount;
	}
	if (rc != SQLITE_DONE) {
		money__fail(db, err, "read the ledger for the report");
		goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;

	if (totals.count > 0)
		qsort(totals.rows, totals.count, sizeof *totals.rows, money__total_compare);
	reply = MONEY_NEW(Netpont__ReportTotalsReply, netpont__report_totals_reply__init);
	if (reply == NULL)
		goto no_memory;
	if (totals.count > 0) {
		reply->rows = calloc(totals.count, sizeof *reply->rows);
		if (reply->rows == NULL)
			goto no_memory;
	}
	for (size_t i = 0; i < totals.count; i++) {
		Netpont__ReportRow *row = MONEY_NEW(Netpont__ReportRow, netpont__report_row__init);
		if (row == NULL)
			goto no_memory;
		reply->rows[reply->n_rows++] = row;
		row->key = money__strdup(totals.rows[i].key);
		if (row->key == NULL)
			goto no_memory;
		row->charged = totals.rows[i].charged;
		row->paid = totals.rows[i].paid;
		row->waived = totals.rows[i].waived;
		reply->total_charged += row->charged;
		reply->total_paid += row->paid;
		reply->total_waived += row->waived;
	}
	if (money__total_owed(db, &reply->total_owed, err) < 0)
		goto fail;
	free(totals.rows);
	*out = reply;
	return 0;
no_memory:
	money__no_memory(err);
fail:
	sqlite3_finalize(stmt);
	free(totals.rows);
	if (reply != NULL)
		netpont__report_totals_reply__free_unpacked(reply, NULL);
	return -1;
}

/* The query of a waiver or shift report: checks the dates (from and to,
 * both included) and prepares sql with ?1 bound to the start of from and
 * ?2 to the end of to. Returns 0, or -1 with err. */
static int money__prepare_dated(sqlite3 *db, const char *from, const char *to, const char *sql,
                                sqlite3_stmt **stmt, np_err *err)
{
	*stmt = NULL;
	time_t start = 0, end = 0;
	if (rules_date_range(from, to, &start, &end, err) < 0 ||
	    money__prepare(db, sql, stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(*stmt, 1, (sqlite3_int64)start);
	sqlite3_bind_int64(*stmt, 2, (sqlite3_int64)end);
	return 0;
}

int money_report_waivers(sqlite3 *db, const Netpont__ReportWaivers *req,
                         Netpont__ReportWaiversReply **out, np_err *err)
{
	*out = NULL;
	if (req == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The report request is missing."));
	sqlite3_stmt *stmt = NULL;
	if (money__prepare_dated(db, req->from, req->to,
	                         MONEY__ENTRY_SELECT
	                         "WHERE l.kind = 'waiver' AND l.at >= ?1 AND l.at < ?2 "
	                         "ORDER BY l.at, l.id",
	                         &stmt, err) < 0)
		return -1;
	Netpont__ReportWaiversReply *reply =
	    MONEY_NEW(Netpont__ReportWaiversReply, netpont__report_waivers_reply__init);
	if (reply == NULL)
		goto no_memory;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (money__append(&reply->waivers, &reply->n_waivers, money__entry_from_row(stmt)) <
		    0)
			goto no_memory;
	return money__list_finish(db, stmt, rc, reply, out, "read the waivers", err);
no_memory:
	money__no_memory(err);
	return money__list_abandon(stmt, reply);
}

int money_report_shifts(sqlite3 *db, const Netpont__ReportShifts *req,
                        Netpont__ReportShiftsReply **out, np_err *err)
{
	*out = NULL;
	if (req == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The report request is missing."));
	sqlite3_stmt *stmt = NULL;
	if (money__prepare_dated(db, req->from, req->to,
	                         "SELECT id FROM shifts WHERE started_at >= ?1 AND started_at < ?2 "
	                         "ORDER BY started_at, id",
	                         &stmt, err) < 0)
		return -1;
	Netpont__ReportShiftsReply *reply =
	    MONEY_NEW(Netpont__ReportShiftsReply, netpont__report_shifts_reply__init);
	if (reply == NULL)
		goto no_memory;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Netpont__Shift *shift = NULL;
		if (money__shift_load(db, sqlite3_column_int64(stmt, 0), &shift, err) < 0)
			return money__list_abandon(stmt, reply);
		if (money__append(&reply->shifts, &reply->n_shifts, shift) < 0)
			goto no_memory;
	}
	return money__list_finish(db, stmt, rc, reply, out, "read the shifts", err);
no_memory:
	money__no_memory(err);
	return money__list_abandon(stmt, reply);
}
