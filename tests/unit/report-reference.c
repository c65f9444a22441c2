/* The old totals, see report-reference.h. The code is migration 5's
 * store/reports.c with only the public function renamed. */
#include "report-reference.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rules.h"

/* One ledger row as the totals see it: a reversal already turned into its
 * original's kind with the opposite sign. */
typedef struct counted_row {
	int64_t at;
	char kind[16];
	int64_t amount;
	char service[33], category[33], staff[64];
	bool has_service, has_category, has_staff;
} counted_row;

static void read_counted(sqlite3_stmt *st, void *row)
{
	counted_row *r = row;
	memset(r, 0, sizeof *r);
	r->at = sqlite3_column_int64(st, 0);
	bool reversal = strcmp((const char *)sqlite3_column_text(st, 1), "reversal") == 0;
	store_column_text(st, reversal ? 3 : 1, r->kind, sizeof r->kind);
	r->amount = reversal ? -sqlite3_column_int64(st, 2) : sqlite3_column_int64(st, 2);
	r->has_service = sqlite3_column_type(st, 4) != SQLITE_NULL;
	store_column_text(st, 4, r->service, sizeof r->service);
	r->has_category = sqlite3_column_type(st, 5) != SQLITE_NULL;
	store_column_text(st, 5, r->category, sizeof r->category);
	r->has_staff = sqlite3_column_type(st, 6) != SQLITE_NULL;
	store_column_text(st, 6, r->staff, sizeof r->staff);
}

/* The groups found so far. */
typedef struct totals {
	store_report_by by;
	store_totals_row *rows;
	size_t count, cap;
	bool failed; /* out of memory */
} totals;

static store_totals_row *totals_find(totals *t, const char *key)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->rows[i].key, key) == 0)
			return &t->rows[i];
	if (t->count == t->cap) {
		size_t cap = t->cap == 0 ? 16 : t->cap * 2;
		store_totals_row *grown = realloc(t->rows, cap * sizeof *grown);
		if (grown == NULL)
			return NULL;
		t->rows = grown;
		t->cap = cap;
	}
	store_totals_row *row = &t->rows[t->count++];
	memset(row, 0, sizeof *row);
	snprintf(row->key, sizeof row->key, "%s", key);
	return row;
}

static int count_row(void *ctx, const void *row)
{
	totals *t = ctx;
	const counted_row *r = row;
	if (r->kind[0] == '\0')
		return 0; /* cannot happen: reverses_id is a foreign key */
	bool charge = strcmp(r->kind, "charge") == 0;
	char key[64];
	switch (t->by) {
	case STORE_REPORT_BY_SERVICE:
		snprintf(key, sizeof key, "%s",
		         charge && r->has_service ? r->service : "(payments)");
		break;
	case STORE_REPORT_BY_STAFF:
		snprintf(key, sizeof key, "%s", r->has_staff ? r->staff : "(self)");
		break;
	case STORE_REPORT_BY_CATEGORY:
		snprintf(key, sizeof key, "%s", r->has_category ? r->category : "(none)");
		break;
	default:
		rules_format_date((time_t)r->at, key, sizeof key);
		break;
	}
	store_totals_row *sum = totals_find(t, key);
	if (sum == NULL) {
		t->failed = true;
		return 1;
	}
	if (charge)
		sum->charged += r->amount;
	else if (strcmp(r->kind, "payment") == 0)
		sum->paid += r->amount;
	else if (strcmp(r->kind, "waiver") == 0)
		sum->waived += r->amount;
	return 0;
}

static int totals_compare(const void *a, const void *b)
{
	return strcmp(((const store_totals_row *)a)->key, ((const store_totals_row *)b)->key);
}

static void read_owed(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

/* What all residents owe now: every standing charge minus every standing
 * payment and waiver. */
static int total_owed(store_db *db, int64_t *owed, np_err *err)
{
	static const char sql[] = "SELECT COALESCE(SUM(CASE "
	                          "  WHEN l.kind = 'charge' THEN l.amount "
	                          "  WHEN l.kind IN ('payment', 'waiver') THEN -l.amount "
	                          "  WHEN o.kind = 'charge' THEN -l.amount "
	                          "  ELSE l.amount END), 0) "
	                          "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id";
	int found =
	    store_fetch_one(db, store_stmt(db, sql), read_owed, owed, "add up what is owed", err);
	/* An aggregate always has its one row. */
	return found == 1 ? 0 : store_fail(db, err, "add up what is owed");
}

int reference_report_totals(store_db *db, const char *from, const char *to, store_report_by by,
                            int (*each)(void *ctx, const store_totals_row *row), void *ctx,
                            store_totals *sums, np_err *err)
{
	/* A reversal is keyed like the row it reverses: its service and
	 * category are copies, and its staff key is the original's. */
	static const char sql[] =
	    "SELECT l.at, l.kind, l.amount, o.kind, l.service, l.category, s.name "
	    "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
	    "LEFT JOIN staff s ON s.id = "
	    "  CASE WHEN l.kind = 'reversal' THEN o.staff_id ELSE l.staff_id END "
	    "WHERE l.at >= ?1 AND l.at < ?2 ORDER BY l.at, l.id";
	memset(sums, 0, sizeof *sums);
	if (by != STORE_REPORT_BY_DAY && by != STORE_REPORT_BY_SERVICE &&
	    by != STORE_REPORT_BY_STAFF && by != STORE_REPORT_BY_CATEGORY)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A report can be by day, service, staff or category."));
	sqlite3_stmt *st = NULL;
	if (store_report_statement(db, sql, from, to, &st, err) < 0)
		return -1;
	totals t = {.by = by};
	counted_row row;
	int rc = store_fetch_each(db, st, read_counted, &row, count_row, &t,
	                          "read the ledger for the report", err);
	if (rc == 0 && t.failed)
		rc = np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                N_("The server ran out of memory; nothing was changed."));
	if (rc == 0)
		rc = total_owed(db, &sums->owed, err);
	if (rc == 0 && t.count > 0)
		qsort(t.rows, t.count, sizeof *t.rows, totals_compare);
	for (size_t i = 0; rc == 0 && i < t.count; i++) {
		sums->charged += t.rows[i].charged;
		sums->paid += t.rows[i].paid;
		sums->waived += t.rows[i].waived;
		if (each(ctx, &t.rows[i]) != 0)
			break;
	}
	free(t.rows);
	return rc;
}
