/* The treasurer's totals. See reports.h.
 *
 * The ledger's insert triggers (schema-v6.sql) keep its sums per UTC hour
 * and what is owed, so a report adds up at most 8,760 slots a year in SQL
 * instead of reading every ledger row into C; a range whose ends are not
 * whole hours (a zone whose midnight is not) is summed from the ledger's
 * rows, over the ledger_at index, the same way. "By day" means the local
 * date, which SQLite's date functions would get wrong on a daylight-saving
 * day unless they were told the zone rules; so C walks the local days that
 * have rows and SQLite sums each day's slice. */
#include "store/reports.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/rules.h"

int store_report_statement(store_db *db, const char *sql, const char *from, const char *to,
                           sqlite3_stmt **st, np_err *err)
{
	time_t start = 0, end = 0;
	if (rules_date_range(from, to, &start, &end, err) < 0)
		return -1;
	*st = store_stmt(db, sql);
	if (*st == NULL)
		return store_fail(db, err, "read the ledger for the report");
	sqlite3_bind_int64(*st, 1, (sqlite3_int64)start);
	sqlite3_bind_int64(*st, 2, (sqlite3_int64)end);
	return 0;
}

/* The sums of the ledger rows with ?1 <= at < ?2, one result row per key:
 * (key, charged, paid, waived). A reversal counts as the kind of the row it
 * reverses with the opposite sign, keyed like that row: its service and
 * category are copies, and its staff key is the original's. A row whose
 * counted kind is unknown (a reversal of a missing row, which the foreign
 * key rules out) counts nowhere; any other counted kind still makes its
 * group appear, with zeros. A refund (a payment with method 'refund')
 * counts as negative cash paid, as the hourly slots count it
 * (schema-v8.sql). */
#define TOTALS_SQL(KEY, STAFF)                                                                     \
	"SELECT " KEY ", "                                                                         \
	"  SUM(CASE WHEN k = 'charge' THEN a ELSE 0 END), "                                        \
	"  SUM(CASE WHEN k = 'payment' THEN a ELSE 0 END), "                                       \
	"  SUM(CASE WHEN k = 'waiver' THEN a ELSE 0 END) "                                         \
	"FROM (SELECT CASE WHEN l.kind = 'reversal' THEN o.kind ELSE l.kind END AS k, "            \
	"        CASE WHEN l.kind = 'reversal' THEN -l.amount ELSE l.amount END "                  \
	"          * CASE WHEN l.method = 'refund' THEN -1 ELSE 1 END AS a, "                      \
	"        l.service AS service, l.category AS category " STAFF                              \
	"      WHERE l.at >= ?1 AND l.at < ?2) "                                                   \
	"WHERE k IS NOT NULL GROUP BY 1"

/* Only the staff report joins the staff table. */
#define FROM_LEDGER "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
#define WITH_STAFF                                                                                 \
	", s.name AS staff " FROM_LEDGER "LEFT JOIN staff s ON s.id = "                            \
	"  CASE WHEN l.kind = 'reversal' THEN o.staff_id ELSE l.staff_id END "

static const char by_day_sql[] = TOTALS_SQL("''", FROM_LEDGER);
/* By service, a cash payment counts under the services it paid
 * (ledger_allocations, schema-v8.sql) and only its rest under '(payments)':
 * the allocation rows move their amount, in the payment's own time. */
#define ALLOCATED_SQL                                                                              \
	" UNION ALL SELECT COALESCE(c.service, '(payments)'), 0, a.amount, 0 "                     \
	"FROM ledger_allocations a JOIN ledger e ON e.id = a.entry_id "                            \
	"JOIN ledger c ON c.id = a.charge_id WHERE e.at >= ?1 AND e.at < ?2 "                      \
	"UNION ALL SELECT '(payments)', 0, -a.amount, 0 "                                          \
	"FROM ledger_allocations a JOIN ledger e ON e.id = a.entry_id "                            \
	"WHERE e.at >= ?1 AND e.at < ?2"
static const char by_service_sql[] =
    TOTALS_SQL("CASE WHEN k = 'charge' AND service IS NOT NULL THEN service ELSE '(payments)' END",
               FROM_LEDGER) ALLOCATED_SQL;
static const char by_staff_sql[] = TOTALS_SQL("COALESCE(staff, '(self)')", WITH_STAFF);
static const char by_category_sql[] = TOTALS_SQL("COALESCE(category, '(none)')", FROM_LEDGER);

/* The same sums from the hourly slots (schema-v6.sql) ?1 <= slot < ?2 of
 * the dimension ?3; a staff slot's key is the staff id, named here. */
#define SLOTS_SQL(KEY)                                                                             \
	"SELECT " KEY ", c, p, w FROM (SELECT key, SUM(charged) AS c, SUM(paid) AS p, "            \
	"  SUM(waived) AS w FROM ledger_slots WHERE dim = ?3 AND slot >= ?1 AND slot < ?2 "        \
	"  GROUP BY key) g "

static const char slots_sql[] = SLOTS_SQL("key");
static const char slots_staff_sql[] =
    SLOTS_SQL("COALESCE(s.name, '(self)')") "LEFT JOIN staff s ON g.key <> '' AND "
                                            "s.id = CAST(g.key AS INTEGER)";

/* A slot is one UTC hour. */
#define SLOT_S 3600

/* The groups found so far. */
typedef struct totals {
	store_report_by by;
	store_totals_row *rows;
	size_t count, cap;
	char day[16]; /* by day: the local date being summed */
	bool failed;  /* out of memory */
} totals;

static void read_group(sqlite3_stmt *st, void *row)
{
	store_totals_row *r = row;
	memset(r, 0, sizeof *r);
	store_column_text(st, 0, r->key, sizeof r->key);
	r->charged = sqlite3_column_int64(st, 1);
	r->paid = sqlite3_column_int64(st, 2);
	r->waived = sqlite3_column_int64(st, 3);
}

/* The longest key a group has: a service or category is a 32-byte column,
 * a staff name fills the key. */
static size_t key_limit(store_report_by by)
{
	return by == STORE_REPORT_BY_SERVICE || by == STORE_REPORT_BY_CATEGORY ? 32 : 63;
}

static int keep_group(void *ctx, const void *row)
{
	totals *t = ctx;
	const store_totals_row *g = row;
	if (t->count == t->cap) {
		size_t cap = t->cap == 0 ? 16 : t->cap * 2;
		store_totals_row *grown = realloc(t->rows, cap * sizeof *grown);
		if (grown == NULL) {
			t->failed = true;
			return 1;
		}
		t->rows = grown;
		t->cap = cap;
	}
	store_totals_row *kept = &t->rows[t->count++];
	*kept = *g;
	if (t->by == STORE_REPORT_BY_DAY)
		snprintf(kept->key, sizeof kept->key, "%s", t->day);
	else if (strcmp(g->key, "(payments)") != 0)
		kept->key[key_limit(t->by)] = '\0';
	return 0;
}

static int totals_compare(const void *a, const void *b)
{
	return strcmp(((const store_totals_row *)a)->key, ((const store_totals_row *)b)->key);
}

/* Sorts the groups by key and adds up groups whose keys became equal when
 * cut to the key's length. */
static void totals_sort(totals *t)
{
	if (t->count == 0)
		return;
	qsort(t->rows, t->count, sizeof *t->rows, totals_compare);
	size_t kept = 0;
	for (size_t i = 1; i < t->count; i++) {
		store_totals_row *last = &t->rows[kept];
		if (strcmp(last->key, t->rows[i].key) == 0) {
			last->charged += t->rows[i].charged;
			last->paid += t->rows[i].paid;
			last->waived += t->rows[i].waived;
		} else {
			t->rows[++kept] = t->rows[i];
		}
	}
	t->count = kept + 1;
}

/* Sums [start, end) into t: from the slots when both ends are whole UTC
 * hours, else from the ledger's rows. */
static int sum_range(store_db *db, time_t start, time_t end, totals *t, np_err *err)
{
	static const char *const dims[] = {"day", "service", "staff", "category"};
	static const char *const scans[] = {by_day_sql, by_service_sql, by_staff_sql,
	                                    by_category_sql};
	bool slots = start >= 0 && start % SLOT_S == 0 && end % SLOT_S == 0;
	const char *sql = !slots                           ? scans[t->by]
	                  : t->by == STORE_REPORT_BY_STAFF ? slots_staff_sql
	                                                   : slots_sql;
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the ledger for the report");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(slots ? start / SLOT_S : start));
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(slots ? end / SLOT_S : end));
	if (slots)
		sqlite3_bind_text(st, 3, dims[t->by], -1, SQLITE_STATIC);
	store_totals_row group;
	return store_fetch_each(db, st, read_group, &group, keep_group, t,
	                        "read the ledger for the report", err);
}

static void read_at(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

/* The time of the first ledger row in [from, end): 1 and *at, or 0 when
 * there is none, or -1 with err. */
static int next_row_at(store_db *db, time_t from, time_t end, int64_t *at, np_err *err)
{
	static const char sql[] = "SELECT at FROM ledger WHERE at >= ?1 AND at < ?2 "
	                          "ORDER BY at LIMIT 1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the ledger for the report");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)end);
	return store_fetch_one(db, st, read_at, at, "read the ledger for the report", err);
}

/* Whether t's local date is date. */
static bool on_date(time_t t, const char *date)
{
	char d[16];
	rules_format_date(t, d, sizeof d);
	return strcmp(d, date) == 0;
}

/* The first instant after at (whose local date is date) that has another
 * date: the local midnight rules_date_range() gives when it is that
 * instant, else (a midnight the clocks skipped or passed twice) the instant
 * found by halving, since a date lasts well under three days. Returns 0
 * and *end, or -1 with err. */
static int date_end(time_t at, const char *date, time_t *end, np_err *err)
{
	time_t day_start = 0, next = 0;
	if (rules_date_range(date, date, &day_start, &next, err) < 0)
		return -1;
	if (next > at && on_date(next - 1, date) && !on_date(next, date)) {
		*end = next;
		return 0;
	}
	time_t lo = at, hi = at + 3 * 86400; /* on date at lo, not at hi */
	while (hi - lo > 1) {
		time_t mid = lo + (hi - lo) / 2;
		if (on_date(mid, date))
			lo = mid;
		else
			hi = mid;
	}
	*end = hi;
	return 0;
}

/* Sums each local day of [start, end) that has rows on its own, keyed by
 * the date rules_format_date() gives for its rows' times. Days without
 * rows are skipped with one index lookup, so a range of many empty years
 * costs no more than its rows. */
static int sum_days(store_db *db, time_t start, time_t end, totals *t, np_err *err)
{
	time_t day = start;
	while (day < end && !t->failed) {
		int64_t at = 0;
		int found = next_row_at(db, day, end, &at, err);
		if (found <= 0)
			return found;
		rules_format_date((time_t)at, t->day, sizeof t->day);
		time_t next = 0;
		if (date_end((time_t)at, t->day, &next, err) != 0)
			return -1;
		if (next > end)
			next = end;
		/* No row lies between day and at. */
		if (sum_range(db, day, next, t, err) != 0)
			return -1;
		day = next;
	}
	return 0;
}

static void read_owed(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

/* What all residents owe now: every standing charge minus every standing
 * payment and waiver, kept by the ledger's insert trigger (schema-v6.sql). */
static int total_owed(store_db *db, int64_t *owed, np_err *err)
{
	static const char sql[] = "SELECT owed FROM ledger_owed WHERE id = 1";
	int found =
	    store_fetch_one(db, store_stmt(db, sql), read_owed, owed, "add up what is owed", err);
	/* The migration inserts the one row. */
	return found == 1 ? 0 : store_fail(db, err, "add up what is owed");
}

int store_report_totals(store_db *db, const char *from, const char *to, store_report_by by,
                        int (*each)(void *ctx, const store_totals_row *row), void *ctx,
                        store_totals *sums, np_err *err)
{
	memset(sums, 0, sizeof *sums);
	if (by != STORE_REPORT_BY_DAY && by != STORE_REPORT_BY_SERVICE &&
	    by != STORE_REPORT_BY_STAFF && by != STORE_REPORT_BY_CATEGORY)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A report can be by day, service, staff or category."));
	time_t start = 0, end = 0;
	if (rules_date_range(from, to, &start, &end, err) < 0)
		return -1;
	totals t = {.by = by};
	int rc = by == STORE_REPORT_BY_DAY ? sum_days(db, start, end, &t, err)
	                                   : sum_range(db, start, end, &t, err);
	if (rc == 0 && t.failed)
		rc = np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                N_("The server ran out of memory; nothing was changed."));
	if (rc == 0)
		rc = total_owed(db, &sums->owed, err);
	if (rc == 0)
		totals_sort(&t);
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

static void read_exemption(sqlite3_stmt *st, void *row)
{
	store_exemption_row *r = row;
	memset(r, 0, sizeof *r);
	store_column_text(st, 0, r->category, sizeof r->category);
	r->discounted = sqlite3_column_int64(st, 1);
	r->waived = sqlite3_column_int64(st, 2);
}

int store_report_exemptions(store_db *db, const char *from, const char *to,
                            int (*each)(void *ctx, const store_exemption_row *row), void *ctx,
                            np_err *err)
{
	static const char sql[] =
	    "SELECT COALESCE(category, '(none)'), "
	    "  SUM(CASE WHEN k = 'charge' THEN sgn * (qty * unit_price - amount) ELSE 0 END), "
	    "  SUM(CASE WHEN k = 'waiver' THEN sgn * amount ELSE 0 END) "
	    "FROM (SELECT CASE WHEN l.kind = 'reversal' THEN o.kind ELSE l.kind END AS k, "
	    "        CASE WHEN l.kind = 'reversal' THEN -1 ELSE 1 END AS sgn, "
	    "        l.qty AS qty, l.unit_price AS unit_price, l.amount AS amount, "
	    "        l.category AS category "
	    "      FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
	    "      WHERE l.at >= ?1 AND l.at < ?2) "
	    "WHERE k IN ('charge', 'waiver') GROUP BY 1 ORDER BY 1";
	sqlite3_stmt *st = NULL;
	if (store_report_statement(db, sql, from, to, &st, err) < 0)
		return -1;
	store_exemption_row row;
	return store_fetch_each(db, st, read_exemption, &row, (int (*)(void *, const void *))each,
	                        ctx, "read the exemptions", err);
}
