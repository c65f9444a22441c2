/* The append-only ledger: charges (sessions, prints, office items), bills,
 * payments, waivers and reversals. See ledger.h for the contract.
 *
 * Every function checks everything first and then writes: one ledger row
 * (and, for a cash payment or its reversal, the rows of what it paid), so a
 * refusal never leaves a half-written change even before the caller rolls
 * back. */
#include "store/ledger.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/billing.h"
#include "store/reports.h"
#include "store/residents.h"
#include "store/settings.h"
#include "store/shifts.h"
#include "store/tariffs.h"

#define NOTE_MAX 500

/* The SELECT list and joins that read_entry() reads, in order. */
#define ENTRY_SELECT                                                                               \
	"SELECT l.id, l.at, l.kind, r.login, l.service, l.qty, l.amount, l.method, l.note, "       \
	"s.name, l.session_id, l.reverses_id, st.name, "                                           \
	"(SELECT x.id FROM ledger x WHERE x.reverses_id = l.id), l.unit_price, l.percent, "        \
	"l.category, "                                                                             \
	"coalesce(nullif(s.display_name, ''), s.name) "                                            \
	"FROM ledger l JOIN residents r ON r.id = l.resident_id "                                  \
	"LEFT JOIN staff s ON s.id = l.staff_id LEFT JOIN seats st ON st.id = l.seat_id "

static store_ledger_kind kind_of(const char *kind)
{
	static const struct {
		const char *text;
		store_ledger_kind kind;
	} kinds[] = {
	    {"charge", STORE_LEDGER_CHARGE},
	    {"payment", STORE_LEDGER_PAYMENT},
	    {"waiver", STORE_LEDGER_WAIVER},
	    {"reversal", STORE_LEDGER_REVERSAL},
	};
	for (size_t i = 0; kind != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].text) == 0)
			return kinds[i].kind;
	return STORE_LEDGER_UNKNOWN;
}

static void read_entry(sqlite3_stmt *st, void *row)
{
	store_ledger_row *e = row;
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->at = sqlite3_column_int64(st, 1);
	e->kind = kind_of((const char *)sqlite3_column_text(st, 2));
	store_column_text(st, 3, e->resident_login, sizeof e->resident_login);
	store_column_text(st, 4, e->service, sizeof e->service);
	e->qty = sqlite3_column_int64(st, 5);
	e->amount = sqlite3_column_int64(st, 6);
	store_column_text(st, 7, e->method, sizeof e->method);
	store_column_text(st, 8, e->note, sizeof e->note);
	store_column_text(st, 9, e->staff, sizeof e->staff);
	e->session_id = sqlite3_column_int64(st, 10);
	e->reverses_id = sqlite3_column_int64(st, 11);
	store_column_text(st, 12, e->seat, sizeof e->seat);
	e->reversed_by = sqlite3_column_int64(st, 13);
	e->unit_price = sqlite3_column_int64(st, 14);
	e->percent = sqlite3_column_int(st, 15);
	store_column_text(st, 16, e->category, sizeof e->category);
	store_column_text(st, 17, e->staff_display_name, sizeof e->staff_display_name);
}

int store_ledger_get(store_db *db, int64_t entry_id, store_ledger_row *out, np_err *err)
{
	static const char sql[] = ENTRY_SELECT "WHERE l.id = ?";
	int found = store_fetch_by_int(db, sql, entry_id, read_entry, out, "read the ledger", err);
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no ledger entry %lld."), (long long)entry_id);
	return found > 0 ? 0 : -1;
}

int store_ledger_each_for_resident(store_db *db, int64_t resident_id, size_t limit,
                                   int (*each)(void *ctx, const store_ledger_row *row), void *ctx,
                                   np_err *err)
{
	static const char sql[] =
	    ENTRY_SELECT "WHERE l.resident_id = ?1 ORDER BY l.at DESC, l.id DESC LIMIT ?2";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, resident_id);
		sqlite3_bind_int64(st, 2, limit == 0 ? -1 : (sqlite3_int64)limit);
	}
	store_ledger_row row;
	return store_fetch_each(db, st, read_entry, &row, (int (*)(void *, const void *))each, ctx,
	                        "read the resident's ledger", err);
}

/* Calls each(ctx, row) for the ledger rows of a report: sql is
 * ENTRY_SELECT with ?1 and ?2 the range of the local dates [from, to] and
 * ?3, ?4 the row to start after (unused: 0). */
static int report_entries(store_db *db, const char *sql, const char *from, const char *to,
                          int64_t after_at, int64_t after_id,
                          int (*each)(void *ctx, const store_ledger_row *row), void *ctx,
                          const char *what, np_err *err)
{
	sqlite3_stmt *st = NULL;
	if (store_report_statement(db, sql, from, to, &st, err) < 0)
		return -1;
	sqlite3_bind_int64(st, 3, after_at);
	sqlite3_bind_int64(st, 4, after_id);
	store_ledger_row row;
	return store_fetch_each(db, st, read_entry, &row, (int (*)(void *, const void *))each, ctx,
	                        what, err);
}

int store_report_waivers(store_db *db, const char *from, const char *to, int64_t after_at,
                         int64_t after_id, int (*each)(void *ctx, const store_ledger_row *row),
                         void *ctx, np_err *err)
{
	/* The row value walks ledger_at (at, then the row id) from the page's
	 * start. */
	static const char sql[] = ENTRY_SELECT
	    "WHERE l.kind = 'waiver' AND l.at >= ?1 AND l.at < ?2 AND (l.at, l.id) > (?3, ?4) "
	    "ORDER BY l.at, l.id";
	return report_entries(db, sql, from, to, after_at, after_id, each, ctx, "read the waivers",
	                      err);
}

int store_report_cash_outside(store_db *db, const char *from, const char *to,
                              int (*each)(void *ctx, const store_ledger_row *row), void *ctx,
                              np_err *err)
{
	static const char sql[] =
	    ENTRY_SELECT "WHERE l.shift_id IS NULL AND l.method IN ('cash', 'refund') "
	                 "AND l.kind IN ('payment', 'reversal') AND l.at >= ?1 AND l.at < ?2 "
	                 "AND (l.at, l.id) > (?3, ?4) ORDER BY l.at, l.id";
	return report_entries(db, sql, from, to, 0, 0, each, ctx, "read the cash outside shifts",
	                      err);
}

/* ------------------------------------------------------------ residents */

/* A resident as a charge or payment needs them: with their category's
 * name and share. */
typedef struct payer {
	store_resident resident;
	store_category category;
} payer;

/* Completes p from p->resident, found (1), not found (0) or failed (-1). */
static int payer_category(store_db *db, int found, payer *p, np_err *err)
{
	if (found <= 0)
		return found;
	found = store_category_by_id(db, p->resident.category_id, &p->category, err);
	return found == 0 ? store_fail(db, err, "read the resident's fee category") : found;
}

/* NOT_FOUND "There is no resident with the login 'x'." */
static int payer_by_login(store_db *db, const char *login, payer *p, np_err *err)
{
	login = login != NULL ? login : "";
	int found =
	    payer_category(db, store_resident_by_login(db, login, &p->resident, err), p, err);
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no resident with the login '%.64s'."), login);
	return found > 0 ? 0 : -1;
}

/* NOT_FOUND "There is no resident number 7." */
static int payer_by_id(store_db *db, int64_t id, payer *p, np_err *err)
{
	int found = payer_category(db, store_resident_by_id(db, id, &p->resident, err), p, err);
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no resident number %lld."), (long long)id);
	return found > 0 ? 0 : -1;
}

/* ------------------------------------------------------------ balances */

/* The net of a resident's charges (standing, i.e. minus reversed charges)
 * and the net of their payments and waivers (minus reversed ones, minus
 * refunds: a refund gives cash back). */
typedef struct balance {
	int64_t charged, covered;
} balance;

static void read_balance(sqlite3_stmt *st, void *row)
{
	balance *b = row;
	b->charged = sqlite3_column_int64(st, 0);
	b->covered = sqlite3_column_int64(st, 1);
}

static int balance_of(store_db *db, int64_t resident_id, balance *out, np_err *err)
{
	static const char sql[] =
	    "SELECT "
	    "COALESCE(SUM(CASE WHEN l.kind = 'charge' THEN l.amount "
	    "  WHEN l.kind = 'reversal' AND o.kind = 'charge' THEN -l.amount "
	    "  ELSE 0 END), 0), "
	    "COALESCE(SUM((CASE WHEN l.kind IN ('payment', 'waiver') THEN l.amount "
	    "  WHEN l.kind = 'reversal' AND o.kind IN ('payment', 'waiver') "
	    "  THEN -l.amount ELSE 0 END) "
	    "  * (CASE WHEN l.method = 'refund' THEN -1 ELSE 1 END)), 0) "
	    "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
	    "WHERE l.resident_id = ?1";
	int found = store_fetch_by_int(db, sql, resident_id, read_balance, out,
	                               "add up the resident's ledger", err);
	/* An aggregate always has its one row. */
	return found == 1 ? 0 : store_fail(db, err, "add up the resident's ledger");
}

int store_due(store_db *db, int64_t resident_id, int64_t *due, np_err *err)
{
	balance b;
	if (balance_of(db, resident_id, &b, err) < 0)
		return -1;
	*due = b.charged - b.covered;
	return 0;
}

static void read_bill_line(sqlite3_stmt *st, void *row)
{
	store_bill_line *line = row;
	memset(line, 0, sizeof *line);
	line->charge_id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, line->service, sizeof line->service);
	line->qty = sqlite3_column_int64(st, 2);
	line->amount = sqlite3_column_int64(st, 3);
	line->at = sqlite3_column_int64(st, 4);
	store_column_text(st, 5, line->seat, sizeof line->seat);
}

/* The standing charges, oldest first, as a growing array. */
typedef struct bill_lines {
	store_bill_line *lines;
	size_t n, cap;
	bool failed; /* out of memory */
} bill_lines;

static int keep_bill_line(void *ctx, const void *row)
{
	bill_lines *b = ctx;
	if (b->n == b->cap) {
		size_t cap = b->cap == 0 ? 16 : b->cap * 2;
		store_bill_line *grown = realloc(b->lines, cap * sizeof *grown);
		if (grown == NULL) {
			b->failed = true;
			return 1;
		}
		b->lines = grown;
		b->cap = cap;
	}
	b->lines[b->n++] = *(const store_bill_line *)row;
	return 0;
}

int store_bill_get(store_db *db, const char *login, store_bill *bill,
                   int (*each)(void *ctx, const store_bill_line *line), void *ctx, np_err *err)
{
	static const char sql[] =
	    "SELECT l.id, l.service, l.qty, l.amount, l.at, st.name FROM ledger l "
	    "LEFT JOIN seats st ON st.id = l.seat_id "
	    "WHERE l.resident_id = ?1 AND l.kind = 'charge' "
	    "AND NOT EXISTS (SELECT 1 FROM ledger x WHERE x.reverses_id = l.id) "
	    "ORDER BY l.at, l.id";
	memset(bill, 0, sizeof *bill);
	payer p;
	balance b;
	if (payer_by_login(db, login, &p, err) < 0 || balance_of(db, p.resident.id, &b, err) < 0)
		return -1;
	bill_lines standing = {0};
	store_bill_line row;
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL)
		sqlite3_bind_int64(st, 1, p.resident.id);
	int rc = store_fetch_each(db, st, read_bill_line, &row, keep_bill_line, &standing,
	                          "read the resident's charges", err);
	int64_t *amounts = malloc((standing.n > 0 ? standing.n : 1) * sizeof *amounts);
	int64_t *open = malloc((standing.n > 0 ? standing.n : 1) * sizeof *open);
	if (rc == 0 && (standing.failed || amounts == NULL || open == NULL))
		rc = np_err_no_memory(err);
	if (rc == 0) {
		snprintf(bill->resident_login, sizeof bill->resident_login, "%s", p.resident.login);
		snprintf(bill->resident_name, sizeof bill->resident_name, "%s", p.resident.name);
		snprintf(bill->category, sizeof bill->category, "%s", p.category.name);
		bill->due = b.charged > b.covered ? b.charged - b.covered : 0;
		bill->credit = b.covered > b.charged ? b.covered - b.charged : 0;
		for (size_t i = 0; i < standing.n; i++)
			amounts[i] = standing.lines[i].amount;
		billing_allocate(amounts, standing.n, b.covered, open);
		/* Only the lines still (partly) open, in order. */
		for (size_t i = 0; i < standing.n; i++) {
			if (open[i] <= 0)
				continue;
			standing.lines[i].amount = open[i];
			if (each(ctx, &standing.lines[i]) != 0)
				break;
		}
	}
	free(standing.lines);
	free(amounts);
	free(open);
	return rc;
}

/* ------------------------------------------------------------ writing rows */

/* One new ledger row; 0 ids are written as NULL, NULL strings too. */
typedef struct ledger_write {
	int64_t at;
	const char *kind;
	int64_t resident_id;
	const char *service;
	int64_t qty, unit_price;
	int percent;
	const char *category;
	int64_t amount;
	const char *method;
	const char *note;
	int64_t staff_id, shift_id, session_id, seat_id;
	const char *print_job;
	int64_t reverses_id;
	const char *request_key; /* "" is written as NULL */
} ledger_write;

static void bind_id(sqlite3_stmt *st, int index, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(st, index, id);
	else
		sqlite3_bind_null(st, index);
}

static void bind_text(sqlite3_stmt *st, int index, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(st, index, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, index);
}

static int ledger_insert(store_db *db, const ledger_write *row, int64_t *id, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO ledger (at, kind, resident_id, service, qty, unit_price, "
	    "percent, category, amount, method, note, staff_id, shift_id, "
	    "session_id, seat_id, print_job, reverses_id, request_key) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
	    "?18)";
	assert(row->amount >= 0);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, row->at);
		sqlite3_bind_text(st, 2, row->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, row->resident_id);
		bind_text(st, 4, row->service);
		sqlite3_bind_int64(st, 5, row->qty);
		sqlite3_bind_int64(st, 6, row->unit_price);
		sqlite3_bind_int(st, 7, row->percent);
		bind_text(st, 8, row->category);
		sqlite3_bind_int64(st, 9, row->amount);
		bind_text(st, 10, row->method);
		bind_text(st, 11, row->note != NULL ? row->note : "");
		bind_id(st, 12, row->staff_id);
		bind_id(st, 13, row->shift_id);
		bind_id(st, 14, row->session_id);
		bind_id(st, 15, row->seat_id);
		bind_text(st, 16, row->print_job);
		bind_id(st, 17, row->reverses_id);
		bind_text(st, 18,
		          row->request_key != NULL && row->request_key[0] ? row->request_key
		                                                          : NULL);
	}
	return store_insert(db, st, id, "write to the ledger", err);
}

static void read_charge(sqlite3_stmt *st, void *row)
{
	store_charge *out = row;
	out->id = sqlite3_column_int64(st, 0);
	out->qty = sqlite3_column_int64(st, 1);
	out->unit_price = sqlite3_column_int64(st, 2);
	out->percent = sqlite3_column_int(st, 3);
	out->amount = sqlite3_column_int64(st, 4);
	out->duplicate = true;
}

/* Charges qty of tariff to p in a new row (row: the caller's columns
 * besides the price, share and amount) and describes it in *out. */
static int charge(store_db *db, const store_tariff *tariff, int64_t qty, const payer *p,
                  ledger_write *row, store_charge *out, np_err *err)
{
	int64_t amount = 0;
	if (billing_amount(qty, tariff->price, p->category.percent, &amount, err) < 0)
		return -1;
	row->kind = "charge";
	row->resident_id = p->resident.id;
	row->service = tariff->service;
	row->qty = qty;
	row->unit_price = tariff->price;
	row->percent = p->category.percent;
	row->category = p->category.name;
	row->amount = amount;
	int64_t id = 0;
	if (ledger_insert(db, row, &id, err) < 0)
		return -1;
	*out = (store_charge){.id = id,
	                      .qty = qty,
	                      .unit_price = tariff->price,
	                      .percent = p->category.percent,
	                      .amount = amount};
	return 0;
}

int store_charge_session(store_db *db, int64_t session_id, int64_t resident_id, int64_t seat_id,
                         int64_t staff_id, int64_t used_s, int64_t at, store_charge *out,
                         np_err *err)
{
	static const char earlier[] = "SELECT id, qty, unit_price, percent, amount FROM ledger "
	                              "WHERE session_id = ?1 AND kind = 'charge' "
	                              "AND service = 'internet' ORDER BY id LIMIT 1";
	memset(out, 0, sizeof *out);
	int found = store_fetch_by_int(db, earlier, session_id, read_charge, out,
	                               "look for an earlier charge", err);
	if (found != 0)
		return found < 0 ? -1 : 0;
	store_tariff tariff;
	if (store_tariff_get(db, "internet", &tariff, err) < 0)
		return -1;
	int64_t blocks = billing_blocks(used_s, tariff.per_minutes);
	if (blocks == 0)
		return 0;
	payer p;
	if (payer_by_id(db, resident_id, &p, err) < 0)
		return -1;
	ledger_write row = {
	    .at = at, .staff_id = staff_id, .session_id = session_id, .seat_id = seat_id};
	return charge(db, &tariff, blocks, &p, &row, out, err);
}

int store_charge_course(store_db *db, int64_t occasion_id, int64_t session_id, int64_t resident_id,
                        int64_t seat_id, int64_t staff_id, int64_t fee, int64_t at,
                        store_charge *out, np_err *err)
{
	static const char earlier[] =
	    "SELECT l.id, l.qty, l.unit_price, l.percent, l.amount FROM ledger l "
	    "JOIN sessions s ON s.id = l.session_id WHERE s.occasion_id = ?1 "
	    "AND l.resident_id = ?2 AND l.kind = 'charge' AND l.service = 'course' "
	    "ORDER BY l.id LIMIT 1";
	memset(out, 0, sizeof *out);
	if (fee <= 0)
		return 0;
	sqlite3_stmt *st = store_stmt(db, earlier);
	if (st == NULL)
		return store_fail(db, err, "look for an earlier course fee");
	sqlite3_bind_int64(st, 1, occasion_id);
	sqlite3_bind_int64(st, 2, resident_id);
	int found =
	    store_fetch_one(db, st, read_charge, out, "look for an earlier course fee", err);
	if (found != 0)
		return found < 0 ? -1 : 0;
	payer p;
	if (payer_by_id(db, resident_id, &p, err) < 0)
		return -1;
	/* The fee is the course's own (courses.fee): no tariff row prices
	 * it, so the desk cannot charge it by hand at another price. */
	store_tariff tariff = {.service = "course", .price = fee};
	ledger_write row = {
	    .at = at, .staff_id = staff_id, .session_id = session_id, .seat_id = seat_id};
	return charge(db, &tariff, 1, &p, &row, out, err);
}

int store_session_rate(store_db *db, int64_t resident_id, int64_t *block_s, int64_t *block_price,
                       np_err *err)
{
	*block_s = 0;
	*block_price = 0;
	store_tariff tariff;
	payer p;
	if (store_tariff_get(db, "internet", &tariff, err) < 0 ||
	    payer_by_id(db, resident_id, &p, err) < 0)
		return -1;
	/* One block at the resident's share, rounded as charge() rounds. */
	int64_t price = 0;
	if (billing_amount(1, tariff.price, p.category.percent, &price, err) < 0)
		return -1;
	if (tariff.per_minutes > 0 && tariff.price > 0 && p.category.percent > 0) {
		*block_s = (int64_t)tariff.per_minutes * 60;
		*block_price = price;
	}
	return 0;
}

static void read_sum(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

int store_session_prints_charged(store_db *db, int64_t session_id, int64_t *sum, np_err *err)
{
	static const char sql[] =
	    "SELECT coalesce(sum(l.amount), 0) FROM ledger l WHERE l.session_id = ?1 "
	    "AND l.kind = 'charge' AND l.print_job IS NOT NULL "
	    "AND NOT EXISTS (SELECT 1 FROM ledger x WHERE x.reverses_id = l.id)";
	*sum = 0;
	int found = store_fetch_by_int(db, sql, session_id, read_sum, sum,
	                               "add up the session's prints", err);
	return found < 0 ? -1 : 0;
}

int store_charge_print(store_db *db, const store_print_job *job, store_charge *out, np_err *err)
{
	static const char earlier[] = "SELECT id, qty, unit_price, percent, amount FROM ledger "
	                              "WHERE seat_id = ?1 AND print_job = ?2";
	memset(out, 0, sizeof *out);
	if (job == NULL || job->job_key == NULL || job->job_key[0] == '\0' ||
	    strlen(job->job_key) > 200)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A print job must come with its key (1 to 200 characters)."));
	int64_t qty = 0;
	if (billing_print_qty(job->pages, job->copies, &qty, err) < 0)
		return -1;
	sqlite3_stmt *st = store_stmt(db, earlier);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, job->seat_id);
		sqlite3_bind_text(st, 2, job->job_key, -1, SQLITE_TRANSIENT);
	}
	int found = store_fetch_one(db, st, read_charge, out, "look for an earlier charge", err);
	if (found != 0)
		return found < 0 ? -1 : 0;
	store_tariff tariff;
	payer p;
	if (store_tariff_get(db, job->color ? "print-color" : "print-bw", &tariff, err) < 0 ||
	    payer_by_id(db, job->resident_id, &p, err) < 0)
		return -1;
	ledger_write row = {.at = job->at,
	                    .session_id = job->session_id,
	                    .seat_id = job->seat_id,
	                    .print_job = job->job_key};
	return charge(db, &tariff, qty, &p, &row, out, err);
}

int store_print_quote(store_db *db, int64_t resident_id, int64_t pages, int64_t copies, bool color,
                      store_charge *out, np_err *err)
{
	memset(out, 0, sizeof *out);
	int64_t qty = 0;
	if (billing_print_qty(pages, copies, &qty, err) < 0)
		return -1;
	store_tariff tariff;
	if (store_tariff_get(db, color ? "print-color" : "print-bw", &tariff, err) < 0)
		return -1;
	int percent = 100;
	if (resident_id > 0) {
		payer p;
		if (payer_by_id(db, resident_id, &p, err) < 0)
			return -1;
		percent = p.category.percent;
	}
	int64_t amount = 0;
	if (billing_amount(qty, tariff.price, percent, &amount, err) < 0)
		return -1;
	*out = (store_charge){
	    .qty = qty, .unit_price = tariff.price, .percent = percent, .amount = amount};
	return 0;
}

static int check_note(const char *note, np_err *err)
{
	if (note != NULL && strlen(note) > NOTE_MAX)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A note can be at most %d characters long."), NOTE_MAX);
	return 0;
}

/* true if note has something besides spaces. */
static bool has_text(const char *note)
{
	if (note == NULL)
		return false;
	for (; *note != '\0'; note++)
		if (*note != ' ' && *note != '\t' && *note != '\n' && *note != '\r')
			return true;
	return false;
}

/* The row just written, and the resident's due after it (due NULL: not
 * wanted). */
static int written(store_db *db, int64_t id, int64_t resident_id, store_ledger_row *entry,
                   int64_t *due, np_err *err)
{
	if (due != NULL && store_due(db, resident_id, due, err) < 0)
		return -1;
	return store_ledger_get(db, id, entry, err);
}

/* ------------------------------------------------------------ request keys */

/* Whether a request key is 8 to 64 letters, digits, '-' or '_' (NULL and
 * "" are no key, and fine). */
static bool request_key_ok(const char *key)
{
	size_t n = key != NULL ? strlen(key) : 0;
	if (n == 0)
		return true;
	if (n < 8 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = key[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

/* Whether an earlier row holds the same request as req. */
typedef bool (*same_request_fn)(const store_ledger_row *row, const void *req);

/* The retry of a request key: 0 when key is empty or new (go on and write);
 * 1 when a row with key holds the same request (same()), with *entry that
 * row and *due (if not NULL) the resident's due now; -1 when the key is
 * malformed or its row holds another request. Nothing is written. */
static int replay(store_db *db, const char *key, same_request_fn same, const void *req,
                  store_ledger_row *entry, int64_t *due, np_err *err)
{
	if (!request_key_ok(key))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A request key must be 8 to 64 letters, digits, dashes or "
		                     "underscores."));
	if (key == NULL || key[0] == '\0')
		return 0;
	sqlite3_stmt *st = store_stmt(db, "SELECT id FROM ledger WHERE request_key = ?");
	if (st == NULL)
		return store_fail(db, err, "read the ledger");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	/* A read error counts as a new key: the unique index still refuses
	 * a second row with it. */
	int64_t id = store_step_int(st, 0);
	if (id == 0)
		return 0;
	payer p;
	if (store_ledger_get(db, id, entry, err) < 0)
		return -1;
	if (!same(entry, req)) {
		memset(entry, 0, sizeof *entry);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("The request key %s was used for another payment or charge "
		                     "(ledger entry %lld); nothing was changed."),
		                  key, (long long)id);
	}
	if (due != NULL && (payer_by_login(db, entry->resident_login, &p, err) < 0 ||
	                    store_due(db, p.resident.id, due, err) < 0))
		return -1;
	return 1;
}

/* Two optional texts: NULL is "". */
static bool same_text(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

static bool same_charge(const store_ledger_row *row, const void *request)
{
	const store_office_charge *req = request;
	return row->kind == STORE_LEDGER_CHARGE &&
	       same_text(row->resident_login, req->resident_login) &&
	       same_text(row->service, req->service) &&
	       row->qty == (req->qty == 0 ? 1 : req->qty) && same_text(row->note, req->note);
}

static bool same_payment(const store_ledger_row *row, const void *request)
{
	const store_payment *req = request;
	const char *method = req->method != NULL && req->method[0] != '\0' ? req->method : "cash";
	store_ledger_kind kind =
	    strcmp(method, "waive") == 0 ? STORE_LEDGER_WAIVER : STORE_LEDGER_PAYMENT;
	return row->kind == kind && same_text(row->method, method) &&
	       same_text(row->resident_login, req->resident_login) && row->amount == req->amount &&
	       same_text(row->note, req->note);
}

/* ------------------------------------------------------------ office charges */

int store_charge_add(store_db *db, int64_t staff_id, const store_office_charge *req, int64_t at,
                     store_ledger_row *entry, int64_t *due, np_err *err)
{
	if (req == NULL || req->service == NULL || req->service[0] == '\0')
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which service to charge, for example copy."));
	int replayed = replay(db, req->request_key, same_charge, req, entry, due, err);
	if (replayed != 0)
		return replayed;
	int64_t qty = req->qty == 0 ? 1 : req->qty;
	if (qty < 1 || qty > 10000)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The quantity must be a whole number from 1 to 10000."));
	if (check_note(req->note, err) < 0)
		return -1;
	store_tariff tariff;
	if (store_tariff_get(db, req->service, &tariff, err) < 0)
		return -1;
	if (tariff.per_minutes > 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("%s is charged by the session; it cannot be added by hand."),
		                  tariff.service);
	payer p;
	if (payer_by_login(db, req->resident_login, &p, err) < 0)
		return -1;
	ledger_write row = {
	    .at = at, .note = req->note, .staff_id = staff_id, .request_key = req->request_key};
	store_charge ch;
	if (charge(db, &tariff, qty, &p, &row, &ch, err) < 0)
		return -1;
	return written(db, ch.id, p.resident.id, entry, due, err);
}

/* ------------------------------------------------------------ payments */

/* The refusal of a payment of 0 or less, in the site's currency's words. */
static int amount_refused(store_db *db, np_err *err)
{
	char currency[8] = "";
	int found = store_setting_get(db, "currency", currency, sizeof currency, err);
	if (found < 0)
		return -1;
	if (found == 0 || strcmp(currency, "HUF") == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The amount must be a whole number of forints above 0."));
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The amount must be a whole number above 0."));
}

/* ------------------------------------------------------------ allocations */

/* The open charges a payment covers, collected from the bill. */
typedef struct open_charges {
	int64_t ids[64], amounts[64];
	size_t n;
} open_charges;

static int keep_open_charge(void *ctx, const store_bill_line *line)
{
	open_charges *o = ctx;
	if (o->n == sizeof o->ids / sizeof o->ids[0])
		return 1; /* the rest of a payment this large stays unattributed */
	o->ids[o->n] = line->charge_id;
	o->amounts[o->n++] = line->amount;
	return 0;
}

static int allocation_insert(store_db *db, int64_t entry_id, int64_t charge_id, int64_t amount,
                             np_err *err)
{
	static const char sql[] =
	    "INSERT INTO ledger_allocations (entry_id, charge_id, amount) VALUES (?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, entry_id);
		sqlite3_bind_int64(st, 2, charge_id);
		sqlite3_bind_int64(st, 3, amount);
	}
	int64_t id = 0;
	return store_insert(db, st, &id, "record what the payment paid", err);
}

/* Records what cash payment payment_id (amount) paid: the charges open
 * before it (open, oldest first), until the amount is used up. */
static int allocate(store_db *db, int64_t payment_id, int64_t amount, const open_charges *open,
                    np_err *err)
{
	for (size_t i = 0; i < open->n && amount > 0; i++) {
		int64_t take = open->amounts[i] < amount ? open->amounts[i] : amount;
		if (allocation_insert(db, payment_id, open->ids[i], take, err) < 0)
			return -1;
		amount -= take;
	}
	return 0;
}

/* A reversal of entry_id undoes what it paid: the same rows, negated. */
static int allocations_reversed(store_db *db, int64_t entry_id, int64_t reversal_id, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO ledger_allocations (entry_id, charge_id, amount) "
	    "SELECT ?1, charge_id, -amount FROM ledger_allocations WHERE entry_id = ?2 ORDER BY id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, reversal_id);
		sqlite3_bind_int64(st, 2, entry_id);
	}
	return store_step_done(db, st, "undo what the payment paid", err);
}

/* Whether the site refuses cash with no shift open (the setting
 * cash_outside_shift = refuse; allow when missing). */
static int cash_outside_refused(store_db *db, bool *refused, np_err *err)
{
	char value[16] = "";
	int found = store_setting_get(db, "cash_outside_shift", value, sizeof value, err);
	if (found < 0)
		return -1;
	*refused = found > 0 && strcmp(value, "refuse") == 0;
	return 0;
}

/* The checks of store_pay() that depend on what the resident owes (owed;
 * negative: a credit) and on the staff member's open shift. */
static int pay_allowed(store_db *db, const payer *p, const char *method, int64_t amount,
                       int64_t owed, int64_t shift_id, np_err *err)
{
	char owes[48], asked[48];
	store_format_amount(db, owed > 0 ? owed : -owed, owes, sizeof owes);
	store_format_amount(db, amount, asked, sizeof asked);
	if (strcmp(method, "waive") == 0) {
		if (owed <= 0)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s owes nothing; there is nothing to waive."),
			                  p->resident.name);
		if (amount > owed)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s owes %s; %s cannot be waived."), p->resident.name,
			                  owes, asked);
		return 0;
	}
	if (strcmp(method, "refund") == 0) {
		if (shift_id == 0)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("A refund is cash out of your shift's box: start your "
			                     "shift first."));
		if (owed >= 0)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s has no credit; there is nothing to refund."),
			                  p->resident.name);
		if (amount > -owed)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s has a credit of %s; %s is more than that."),
			                  p->resident.name, owes, asked);
		return 0;
	}
	if (shift_id == 0) {
		bool refused = false;
		if (cash_outside_refused(db, &refused, err) < 0)
			return -1;
		if (refused)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			    N_("Cash is taken only during a shift here: start your shift "
			       "first."));
	}
	return 0;
}

int store_pay(store_db *db, int64_t staff_id, const store_payment *req, int64_t at,
              store_ledger_row *entry, int64_t *due, np_err *err)
{
	if (req == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The payment is missing."));
	int replayed = replay(db, req->request_key, same_payment, req, entry, due, err);
	if (replayed != 0)
		return replayed;
	const char *method = req->method != NULL && req->method[0] != '\0' ? req->method : "cash";
	bool waive = strcmp(method, "waive") == 0;
	bool refund = strcmp(method, "refund") == 0;
	if (!waive && !refund && strcmp(method, "cash") != 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The payment method must be cash, waive or refund, not "
		                     "'%.16s'."),
		                  method);
	if (staff_id <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Only a staff member can take a payment."));
	if (req->amount <= 0)
		return amount_refused(db, err);
	if (req->amount > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The amount is too large."));
	if (check_note(req->note, err) < 0)
		return -1;
	if (waive && !has_text(req->note))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A waiver needs a note saying why; the treasurer reads it."));
	if (refund && !has_text(req->note))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A refund needs a note saying why; the treasurer reads it."));
	payer p;
	int64_t owed = 0;
	ledger_write row = {
	    .at = at,
	    .kind = waive ? "waiver" : "payment",
	    .qty = 1,
	    .unit_price = req->amount,
	    .percent = 100,
	    .amount = req->amount,
	    .method = method,
	    .note = req->note,
	    .staff_id = staff_id,
	    .request_key = req->request_key,
	};
	if (payer_by_login(db, req->resident_login, &p, err) < 0 ||
	    store_due(db, p.resident.id, &owed, err) < 0 ||
	    store_shift_open_id(db, staff_id, &row.shift_id, err) < 0 ||
	    pay_allowed(db, &p, method, req->amount, owed, row.shift_id, err) < 0)
		return -1;
	row.resident_id = p.resident.id;
	row.category = p.category.name;
	open_charges open = {0};
	store_bill b;
	if (strcmp(method, "cash") == 0 &&
	    store_bill_get(db, p.resident.login, &b, keep_open_charge, &open, err) < 0)
		return -1;
	int64_t id = 0;
	if (ledger_insert(db, &row, &id, err) < 0 || allocate(db, id, req->amount, &open, err) < 0)
		return -1;
	return written(db, id, p.resident.id, entry, due, err);
}

/* The row a reversal copies, with the columns that may be NULL kept NULL. */
typedef struct original {
	char kind[16], service[33], category[33], method[16];
	bool has_service, has_category, has_method;
	int64_t resident_id, qty, unit_price, amount, session_id, seat_id, reversed_by;
	int64_t open_shift_id; /* the row's shift while it is still open, else 0 */
	int percent;
} original;

/* Copies text column col into buf (size n); *has says whether it was not
 * NULL. */
static void read_nullable(sqlite3_stmt *st, int col, char *buf, size_t n, bool *has)
{
	*has = sqlite3_column_type(st, col) != SQLITE_NULL;
	store_column_text(st, col, buf, n);
}

static void read_original(sqlite3_stmt *st, void *row)
{
	original *o = row;
	memset(o, 0, sizeof *o);
	store_column_text(st, 0, o->kind, sizeof o->kind);
	o->resident_id = sqlite3_column_int64(st, 1);
	read_nullable(st, 2, o->service, sizeof o->service, &o->has_service);
	o->qty = sqlite3_column_int64(st, 3);
	o->unit_price = sqlite3_column_int64(st, 4);
	o->percent = sqlite3_column_int(st, 5);
	read_nullable(st, 6, o->category, sizeof o->category, &o->has_category);
	o->amount = sqlite3_column_int64(st, 7);
	read_nullable(st, 8, o->method, sizeof o->method, &o->has_method);
	o->session_id = sqlite3_column_int64(st, 9);
	o->seat_id = sqlite3_column_int64(st, 10);
	o->reversed_by = sqlite3_column_int64(st, 11);
	o->open_shift_id = sqlite3_column_int64(st, 12);
}

int store_reverse(store_db *db, int64_t staff_id, int64_t entry_id, const char *note, int64_t at,
                  store_ledger_row *entry, np_err *err)
{
	static const char sql[] =
	    "SELECT l.kind, l.resident_id, l.service, l.qty, l.unit_price, "
	    "l.percent, l.category, l.amount, l.method, l.session_id, "
	    "l.seat_id, (SELECT x.id FROM ledger x WHERE x.reverses_id = l.id), "
	    "(SELECT sh.id FROM shifts sh WHERE sh.id = l.shift_id AND sh.ended_at IS NULL) "
	    "FROM ledger l WHERE l.id = ?";
	if (entry_id <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Give the number of the ledger entry to reverse."));
	if (!has_text(note))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A reversal needs a note saying why."));
	if (check_note(note, err) < 0)
		return -1;
	original o;
	int found =
	    store_fetch_by_int(db, sql, entry_id, read_original, &o, "read the ledger entry", err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no ledger entry %lld."), (long long)entry_id);
	if (strcmp(o.kind, "reversal") == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Entry %lld is itself a reversal; it cannot be reversed."),
		                  (long long)entry_id);
	if (o.reversed_by > 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Entry %lld was already reversed by entry %lld."),
		                  (long long)entry_id, (long long)o.reversed_by);
	ledger_write row = {
	    .at = at,
	    .kind = "reversal",
	    .resident_id = o.resident_id,
	    .service = o.has_service ? o.service : NULL,
	    .qty = o.qty,
	    .unit_price = o.unit_price,
	    .percent = o.percent,
	    .category = o.has_category ? o.category : NULL,
	    .amount = o.amount,
	    .method = o.has_method ? o.method : NULL,
	    .note = note,
	    .staff_id = staff_id,
	    .session_id = o.session_id,
	    .seat_id = o.seat_id,
	    .reverses_id = entry_id,
	};
	/* The cash of a correction: the row's own shift while it is still open;
	 * else the reverser's open shift; else no shift (the treasurer's
	 * adjustment). A closed shift is never written into. */
	row.shift_id = o.open_shift_id;
	if (row.shift_id == 0 && staff_id > 0 &&
	    store_shift_open_id(db, staff_id, &row.shift_id, err) < 0)
		return -1;
	int64_t id = 0;
	if (ledger_insert(db, &row, &id, err) < 0 ||
	    allocations_reversed(db, entry_id, id, err) < 0)
		return -1;
	return written(db, id, o.resident_id, entry, NULL, err);
}

/* The row a mentor's reversal may cancel: its kind, who wrote it, when. */
typedef struct own_row {
	char kind[16];
	int64_t staff_id, at;
} own_row;

static void read_own_row(sqlite3_stmt *st, void *row)
{
	own_row *o = row;
	memset(o, 0, sizeof *o);
	store_column_text(st, 0, o->kind, sizeof o->kind);
	o->staff_id = sqlite3_column_int64(st, 1);
	o->at = sqlite3_column_int64(st, 2);
}

int store_reverse_mentor_check(store_db *db, int64_t staff_id, int64_t entry_id, int64_t now,
                               np_err *err)
{
	static const char sql[] = "SELECT kind, COALESCE(staff_id, 0), at FROM ledger WHERE id = ?";
	int64_t window_min = store_setting_int(db, "mentor_reverse_min", 10);
	own_row o;
	int found =
	    store_fetch_by_int(db, sql, entry_id, read_own_row, &o, "read the ledger entry", err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no ledger entry %lld."), (long long)entry_id);
	if (strcmp(o.kind, "charge") != 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                  N_("A mentor can reverse only a charge; ask the treasurer to "
		                     "reverse entry %lld."),
		                  (long long)entry_id);
	if (o.staff_id != staff_id)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                  N_("Entry %lld was charged by someone else; only the treasurer "
		                     "can reverse it."),
		                  (long long)entry_id);
	if (now - o.at > window_min * 60)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                  N_("Entry %lld is more than %lld minutes old; only the treasurer "
		                     "can reverse it now."),
		                  (long long)entry_id, (long long)window_min);
	return 0;
}

int64_t store_cash_effect(const store_ledger_row *row)
{
	int64_t sign = strcmp(row->method, "refund") == 0 ? -1 : 1;
	if (row->kind == STORE_LEDGER_REVERSAL)
		sign = -sign;
	else if (row->kind != STORE_LEDGER_PAYMENT)
		return 0;
	if (strcmp(row->method, "cash") != 0 && strcmp(row->method, "refund") != 0)
		return 0;
	return sign * row->amount;
}
