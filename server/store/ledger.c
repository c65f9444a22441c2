/* The append-only ledger: charges (sessions, prints, office items), bills,
 * payments, waivers and reversals. See money.h for the contract.
 *
 * Every function checks everything first and then writes at most one row
 * with a single INSERT, so a refusal never leaves a half-written change even
 * before the caller rolls back. */
#include "money-internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"

#define MONEY__NOTE_MAX 500

static Netpont__LedgerKind money__kind(const char *kind)
{
	if (kind == NULL)
		return NETPONT__LEDGER_KIND__LEDGER_KIND_UNSPECIFIED;
	if (strcmp(kind, "charge") == 0)
		return NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE;
	if (strcmp(kind, "payment") == 0)
		return NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT;
	if (strcmp(kind, "waiver") == 0)
		return NETPONT__LEDGER_KIND__LEDGER_KIND_WAIVER;
	if (strcmp(kind, "reversal") == 0)
		return NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL;
	return NETPONT__LEDGER_KIND__LEDGER_KIND_UNSPECIFIED;
}

Netpont__LedgerEntry *money__entry_from_row(sqlite3_stmt *stmt)
{
	Netpont__LedgerEntry *e = MONEY_NEW(Netpont__LedgerEntry, netpont__ledger_entry__init);
	if (e == NULL)
		return NULL;
	e->id = sqlite3_column_int64(stmt, 0);
	e->at = sqlite3_column_int64(stmt, 1);
	e->kind = money__kind((const char *)sqlite3_column_text(stmt, 2));
	e->resident_login = money__column_dup(stmt, 3);
	e->service = money__column_dup(stmt, 4);
	e->qty = sqlite3_column_int64(stmt, 5);
	e->amount = sqlite3_column_int64(stmt, 6);
	e->method = money__column_dup(stmt, 7);
	e->note = money__column_dup(stmt, 8);
	e->staff = money__column_dup(stmt, 9);
	e->session_id = sqlite3_column_int64(stmt, 10);
	e->reverses_id = sqlite3_column_int64(stmt, 11);
	e->seat = money__column_dup(stmt, 12);
	e->reversed_by = sqlite3_column_int64(stmt, 13);
	e->unit_price = sqlite3_column_int64(stmt, 14);
	e->percent = sqlite3_column_int(stmt, 15);
	e->category = money__column_dup(stmt, 16);
	if (e->resident_login == NULL || e->service == NULL || e->method == NULL ||
	    e->note == NULL || e->staff == NULL || e->seat == NULL || e->category == NULL) {
		netpont__ledger_entry__free_unpacked(e, NULL);
		return NULL;
	}
	return e;
}

int money_entry_get(sqlite3 *db, int64_t entry_id, Netpont__LedgerEntry **out, np_err *err)
{
	*out = NULL;
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, MONEY__ENTRY_SELECT "WHERE l.id = ?1", &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, entry_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = money__entry_from_row(stmt);
		sqlite3_finalize(stmt);
		return *out != NULL ? 0 : money__no_memory(err);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no ledger entry %lld."), (long long)entry_id);
	return money__fail(db, err, "read the ledger");
}

void money_entries_free(Netpont__LedgerEntry **entries, size_t count)
{
	if (entries == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		netpont__ledger_entry__free_unpacked(entries[i], NULL);
	free(entries);
}

int money_resident_ledger(sqlite3 *db, int64_t resident_id, size_t limit,
                          Netpont__LedgerEntry ***entries, size_t *count, np_err *err)
{
	*entries = NULL;
	*count = 0;
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   MONEY__ENTRY_SELECT "WHERE l.resident_id = ?1 "
	                                       "ORDER BY l.at DESC, l.id DESC LIMIT ?2",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, resident_id);
	sqlite3_bind_int64(stmt, 2, limit == 0 ? -1 : (sqlite3_int64)limit);
	Netpont__LedgerEntry **list = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Netpont__LedgerEntry **grown = realloc(list, (n + 1) * sizeof *grown);
		if (grown == NULL)
			goto no_memory;
		list = grown;
		list[n] = money__entry_from_row(stmt);
		if (list[n] == NULL)
			goto no_memory;
		n++;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		money_entries_free(list, n);
		return money__fail(db, err, "read the resident's ledger");
	}
	*entries = list;
	*count = n;
	return 0;
no_memory:
	sqlite3_finalize(stmt);
	money_entries_free(list, n);
	return money__no_memory(err);
}

/* ------------------------------------------------------------ balances */

/* The net of charges (standing, i.e. minus reversed charges) and the net
 * of payments and waivers (minus reversed ones) of one resident. */
static int money__totals(sqlite3 *db, int64_t resident_id, int64_t *charged, int64_t *covered,
                         np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "SELECT "
	                   "COALESCE(SUM(CASE WHEN l.kind = 'charge' THEN l.amount "
	                   "  WHEN l.kind = 'reversal' AND o.kind = 'charge' THEN -l.amount "
	                   "  ELSE 0 END), 0), "
	                   "COALESCE(SUM(CASE WHEN l.kind IN ('payment', 'waiver') THEN l.amount "
	                   "  WHEN l.kind = 'reversal' AND o.kind IN ('payment', 'waiver') "
	                   "  THEN -l.amount ELSE 0 END), 0) "
	                   "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
	                   "WHERE l.resident_id = ?1",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, resident_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*charged = sqlite3_column_int64(stmt, 0);
		*covered = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return money__fail(db, err, "add up the resident's ledger");
	return 0;
}

int money_due(sqlite3 *db, int64_t resident_id, int64_t *due, np_err *err)
{
	int64_t charged = 0, covered = 0;
	if (money__totals(db, resident_id, &charged, &covered, err) < 0)
		return -1;
	*due = charged - covered;
	return 0;
}

/* One standing charge, for the bill. */
typedef struct money__bill_charge {
	int64_t id, qty, amount, at;
	char *service, *seat;
} money__bill_charge;

int money_bill(sqlite3 *db, const char *login, Netpont__BillReply **out, np_err *err)
{
	*out = NULL;
	money__resident r;
	if (money__resident_by_login(db, login, &r, err) < 0)
		return -1;
	int64_t charged = 0, covered = 0;
	if (money__totals(db, r.id, &charged, &covered, err) < 0)
		return -1;

	sqlite3_stmt *stmt = NULL;
	Netpont__BillReply *reply = NULL;
	int64_t *amounts = NULL, *open = NULL;
	Netpont__BillLine **lines = NULL;
	size_t n = 0, cap = 0;
	if (money__prepare(db,
	                   "SELECT l.id, l.service, l.qty, l.amount, l.at, st.name FROM ledger l "
	                   "LEFT JOIN seats st ON st.id = l.seat_id "
	                   "WHERE l.resident_id = ?1 AND l.kind = 'charge' "
	                   "AND NOT EXISTS (SELECT 1 FROM ledger x WHERE x.reverses_id = l.id) "
	                   "ORDER BY l.at, l.id",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, r.id);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			int64_t *ga = realloc(amounts, cap * sizeof *ga);
			if (ga != NULL)
				amounts = ga;
			Netpont__BillLine **gl = realloc(lines, cap * sizeof *gl);
			if (gl != NULL)
				lines = gl;
			if (ga == NULL || gl == NULL)
				goto no_memory;
		}
		Netpont__BillLine *line = MONEY_NEW(Netpont__BillLine, netpont__bill_line__init);
		if (line == NULL)
			goto no_memory;
		lines[n] = line;
		amounts[n] = sqlite3_column_int64(stmt, 3);
		n++;
		line->charge_id = sqlite3_column_int64(stmt, 0);
		line->service = money__column_dup(stmt, 1);
		line->qty = sqlite3_column_int64(stmt, 2);
		line->amount = amounts[n - 1];
		line->at = sqlite3_column_int64(stmt, 4);
		line->seat = money__column_dup(stmt, 5);
		if (line->service == NULL || line->seat == NULL)
			goto no_memory;
	}
	if (rc != SQLITE_DONE) {
		money__fail(db, err, "read the resident's charges");
		goto fail;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;

	open = malloc((n > 0 ? n : 1) * sizeof *open);
	reply = MONEY_NEW(Netpont__BillReply, netpont__bill_reply__init);
	if (open == NULL || reply == NULL)
		goto no_memory;
	billing_allocate(amounts, n, covered, open);
	/* Keep the lines still (partly) open, in order; free the covered ones. */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (open[i] > 0) {
			lines[i]->amount = open[i];
			lines[kept++] = lines[i];
		} else {
			netpont__bill_line__free_unpacked(lines[i], NULL);
		}
	}
	reply->resident_login = money__strdup(r.login);
	reply->resident_name = money__strdup(r.name);
	reply->category = money__strdup(r.category);
	reply->due = charged - covered;
	reply->lines = lines;
	reply->n_lines = kept;
	lines = NULL;
	n = 0;
	free(amounts);
	free(open);
	if (reply->resident_login == NULL || reply->resident_name == NULL ||
	    reply->category == NULL) {
		netpont__bill_reply__free_unpacked(reply, NULL);
		return money__no_memory(err);
	}
	*out = reply;
	return 0;
no_memory:
	money__no_memory(err);
fail:
	sqlite3_finalize(stmt);
	for (size_t i = 0; i < n; i++)
		netpont__bill_line__free_unpacked(lines[i], NULL);
	free(lines);
	free(amounts);
	free(open);
	if (reply != NULL)
		netpont__bill_reply__free_unpacked(reply, NULL);
	return -1;
}

/* ------------------------------------------------------------ writing rows */

/* One new ledger row; 0 ids are written as NULL, NULL strings too. */
typedef struct money__row {
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
} money__row;

static void money__bind_id(sqlite3_stmt *stmt, int index, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, index, id);
	else
		sqlite3_bind_null(stmt, index);
}

static void money__bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, index);
}

static int money__insert(sqlite3 *db, const money__row *row, int64_t *id, np_err *err)
{
	assert(row->amount >= 0);
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "INSERT INTO ledger (at, kind, resident_id, service, qty, unit_price, "
	                   "percent, category, amount, method, note, staff_id, shift_id, "
	                   "session_id, seat_id, print_job, reverses_id) "
	                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	                   "?15, ?16, ?17)",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, row->at);
	sqlite3_bind_text(stmt, 2, row->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, row->resident_id);
	money__bind_text(stmt, 4, row->service);
	sqlite3_bind_int64(stmt, 5, row->qty);
	sqlite3_bind_int64(stmt, 6, row->unit_price);
	sqlite3_bind_int(stmt, 7, row->percent);
	money__bind_text(stmt, 8, row->category);
	sqlite3_bind_int64(stmt, 9, row->amount);
	money__bind_text(stmt, 10, row->method);
	sqlite3_bind_text(stmt, 11, row->note != NULL ? row->note : "", -1, SQLITE_STATIC);
	money__bind_id(stmt, 12, row->staff_id);
	money__bind_id(stmt, 13, row->shift_id);
	money__bind_id(stmt, 14, row->session_id);
	money__bind_id(stmt, 15, row->seat_id);
	money__bind_text(stmt, 16, row->print_job);
	money__bind_id(stmt, 17, row->reverses_id);
	if (money__run(db, stmt, "write to the ledger", err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db);
	return 0;
}

/* Looks for an earlier charge matching a one-parameter-or-two query; fills
 * out with duplicate set when found. Returns 1 found, 0 not, -1 error. */
static int money__find_charge(sqlite3 *db, const char *sql, int64_t a, const char *b,
                              money_charge *out, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, sql, &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, a);
	if (b != NULL)
		sqlite3_bind_text(stmt, 2, b, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		out->qty = sqlite3_column_int64(stmt, 1);
		out->unit_price = sqlite3_column_int64(stmt, 2);
		out->percent = sqlite3_column_int(stmt, 3);
		out->amount = sqlite3_column_int64(stmt, 4);
		out->duplicate = true;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return money__fail(db, err, "look for an earlier charge");
}

int money_charge_session(sqlite3 *db, int64_t session_id, int64_t resident_id, int64_t seat_id,
                         int64_t staff_id, int64_t used_s, int64_t at, money_charge *out,
                         np_err *err)
{
	memset(out, 0, sizeof *out);
	int found = money__find_charge(db,
	                               "SELECT id, qty, unit_price, percent, amount FROM ledger "
	                               "WHERE session_id = ?1 AND kind = 'charge' "
	                               "AND service = 'internet' ORDER BY id LIMIT 1",
	                               session_id, NULL, out, err);
	if (found != 0)
		return found < 0 ? -1 : 0;
	money_tariff tariff;
	if (money_tariff_get(db, "internet", &tariff, err) < 0)
		return -1;
	int64_t blocks = billing_blocks(used_s, tariff.per_minutes);
	if (blocks == 0)
		return 0;
	money__resident r;
	if (money__resident_by_id(db, resident_id, &r, err) < 0)
		return -1;
	int64_t amount = 0;
	if (billing_amount(blocks, tariff.price, r.percent, &amount, err) < 0)
		return -1;
	money__row row = {
	    .at = at,
	    .kind = "charge",
	    .resident_id = r.id,
	    .service = "internet",
	    .qty = blocks,
	    .unit_price = tariff.price,
	    .percent = r.percent,
	    .category = r.category,
	    .amount = amount,
	    .staff_id = staff_id,
	    .session_id = session_id,
	    .seat_id = seat_id,
	};
	int64_t id = 0;
	if (money__insert(db, &row, &id, err) < 0)
		return -1;
	out->id = id;
	out->qty = blocks;
	out->unit_price = tariff.price;
	out->percent = r.percent;
	out->amount = amount;
	return 0;
}

int money_charge_print(sqlite3 *db, const money_print_job *job, money_charge *out, np_err *err)
{
	memset(out, 0, sizeof *out);
	if (job == NULL || job->job_key == NULL || job->job_key[0] == '\0' ||
	    strlen(job->job_key) > 200)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A print job must come with its key (1 to 200 characters)."));
	int64_t qty = 0;
	if (billing_print_qty(job->pages, job->copies, &qty, err) < 0)
		return -1;
	int found = money__find_charge(db,
	                               "SELECT id, qty, unit_price, percent, amount FROM ledger "
	                               "WHERE seat_id = ?1 AND print_job = ?2",
	                               job->seat_id, job->job_key, out, err);
	if (found != 0)
		return found < 0 ? -1 : 0;
	const char *service = job->color ? "print-color" : "print-bw";
	money_tariff tariff;
	if (money_tariff_get(db, service, &tariff, err) < 0)
		return -1;
	money__resident r;
	if (money__resident_by_id(db, job->resident_id, &r, err) < 0)
		return -1;
	int64_t amount = 0;
	if (billing_amount(qty, tariff.price, r.percent, &amount, err) < 0)
		return -1;
	money__row row = {
	    .at = job->at,
	    .kind = "charge",
	    .resident_id = r.id,
	    .service = service,
	    .qty = qty,
	    .unit_price = tariff.price,
	    .percent = r.percent,
	    .category = r.category,
	    .amount = amount,
	    .session_id = job->session_id,
	    .seat_id = job->seat_id,
	    .print_job = job->job_key,
	};
	int64_t id = 0;
	if (money__insert(db, &row, &id, err) < 0)
		return -1;
	out->id = id;
	out->qty = qty;
	out->unit_price = tariff.price;
	out->percent = r.percent;
	out->amount = amount;
	return 0;
}

int money_print_quote(sqlite3 *db, int64_t resident_id, int64_t pages, int64_t copies, bool color,
                      Netpont__PrintQuoteReply *out, np_err *err)
{
	int64_t qty = 0;
	if (billing_print_qty(pages, copies, &qty, err) < 0)
		return -1;
	money_tariff tariff;
	if (money_tariff_get(db, color ? "print-color" : "print-bw", &tariff, err) < 0)
		return -1;
	int percent = 100;
	if (resident_id > 0) {
		money__resident r;
		if (money__resident_by_id(db, resident_id, &r, err) < 0)
			return -1;
		percent = r.percent;
	}
	int64_t amount = 0;
	if (billing_amount(qty, tariff.price, percent, &amount, err) < 0)
		return -1;
	out->amount = amount;
	out->unit_price = tariff.price;
	return 0;
}

static int money__check_note(const char *note, np_err *err)
{
	if (note != NULL && strlen(note) > MONEY__NOTE_MAX)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A note can be at most %d characters long."), MONEY__NOTE_MAX);
	return 0;
}

/* true if note has something besides spaces. */
static bool money__has_text(const char *note)
{
	if (note == NULL)
		return false;
	for (; *note != '\0'; note++)
		if (*note != ' ' && *note != '\t' && *note != '\n' && *note != '\r')
			return true;
	return false;
}

int money_charge_add(sqlite3 *db, int64_t staff_id, const Netpont__ChargeAdd *req, int64_t at,
                     Netpont__ChargeAdded **out, np_err *err)
{
	*out = NULL;
	if (req == NULL || req->service == NULL || req->service[0] == '\0')
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which service to charge, for example copy."));
	int64_t qty = req->qty == 0 ? 1 : req->qty;
	if (qty < 1 || qty > 10000)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The quantity must be a whole number from 1 to 10000."));
	if (money__check_note(req->note, err) < 0)
		return -1;
	money_tariff tariff;
	if (money_tariff_get(db, req->service, &tariff, err) < 0)
		return -1;
	if (tariff.per_minutes > 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("%s is charged by the session; it cannot be added by hand."),
		                  tariff.service);
	money__resident r;
	if (money__resident_by_login(db, req->resident_login, &r, err) < 0)
		return -1;
	int64_t amount = 0;
	if (billing_amount(qty, tariff.price, r.percent, &amount, err) < 0)
		return -1;
	money__row row = {
	    .at = at,
	    .kind = "charge",
	    .resident_id = r.id,
	    .service = tariff.service,
	    .qty = qty,
	    .unit_price = tariff.price,
	    .percent = r.percent,
	    .category = r.category,
	    .amount = amount,
	    .note = req->note,
	    .staff_id = staff_id,
	};
	int64_t id = 0, due = 0;
	if (money__insert(db, &row, &id, err) < 0 || money_due(db, r.id, &due, err) < 0)
		return -1;
	Netpont__ChargeAdded *reply = MONEY_NEW(Netpont__ChargeAdded, netpont__charge_added__init);
	if (reply == NULL)
		return money__no_memory(err);
	if (money_entry_get(db, id, &reply->entry, err) < 0) {
		netpont__charge_added__free_unpacked(reply, NULL);
		return -1;
	}
	reply->due = due;
	*out = reply;
	return 0;
}

/* ------------------------------------------------------------ payments */

int money_pay(sqlite3 *db, int64_t staff_id, const Netpont__Pay *req, int64_t at,
              Netpont__PayReply **out, np_err *err)
{
	*out = NULL;
	if (req == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The payment is missing."));
	const char *method = req->method != NULL && req->method[0] != '\0' ? req->method : "cash";
	bool waive = strcmp(method, "waive") == 0;
	if (!waive && strcmp(method, "cash") != 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The payment method must be cash or waive, not '%.16s'."),
		                  method);
	if (staff_id <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Only a staff member can take a payment."));
	if (req->amount <= 0) {
		char currency[8] = "";
		if (money__setting(db, "currency", "HUF", currency, sizeof currency, err) < 0)
			return -1;
		if (strcmp(currency, "HUF") == 0)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("The amount must be a whole number of forints above 0."));
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The amount must be a whole number above 0."));
	}
	if (money__check_note(req->note, err) < 0)
		return -1;
	if (waive && !money__has_text(req->note))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A waiver needs a note saying why; the treasurer reads it."));
	money__resident r;
	if (money__resident_by_login(db, req->resident_login, &r, err) < 0)
		return -1;
	int64_t due = 0;
	if (money_due(db, r.id, &due, err) < 0)
		return -1;
	if (due <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s owes nothing."), r.name);
	if (req->amount > due) {
		char owes[48], asked[48];
		money_format_amount(db, due, owes, sizeof owes);
		money_format_amount(db, req->amount, asked, sizeof asked);
		if (waive)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s owes %s; %s cannot be waived."), r.name, owes,
			                  asked);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s owes %s; %s is more than that."), r.name, owes, asked);
	}
	int64_t shift_id = 0;
	if (money_shift_open_id(db, staff_id, &shift_id, err) < 0)
		return -1;
	money__row row = {
	    .at = at,
	    .kind = waive ? "waiver" : "payment",
	    .resident_id = r.id,
	    .qty = 1,
	    .unit_price = req->amount,
	    .percent = 100,
	    .category = r.category,
	    .amount = req->amount,
	    .method = waive ? "waive" : "cash",
	    .note = req->note,
	    .staff_id = staff_id,
	    .shift_id = shift_id,
	};
	int64_t id = 0;
	if (money__insert(db, &row, &id, err) < 0)
		return -1;
	Netpont__PayReply *reply = MONEY_NEW(Netpont__PayReply, netpont__pay_reply__init);
	if (reply == NULL)
		return money__no_memory(err);
	if (money_entry_get(db, id, &reply->entry, err) < 0) {
		netpont__pay_reply__free_unpacked(reply, NULL);
		return -1;
	}
	reply->due = due - req->amount;
	*out = reply;
	return 0;
}

int money_reverse(sqlite3 *db, int64_t staff_id, const Netpont__LedgerReverse *req, int64_t at,
                  Netpont__LedgerReverseReply **out, np_err *err)
{
	*out = NULL;
	if (req == NULL || req->entry_id <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Give the number of the ledger entry to reverse."));
	if (!money__has_text(req->note))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A reversal needs a note saying why."));
	if (money__check_note(req->note, err) < 0)
		return -1;

	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "SELECT l.kind, l.resident_id, l.service, l.qty, l.unit_price, "
	                   "l.percent, l.category, l.amount, l.method, l.session_id, l.seat_id, "
	                   "(SELECT x.id FROM ledger x WHERE x.reverses_id = l.id) "
	                   "FROM ledger l WHERE l.id = ?1",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, req->entry_id);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
			                  N_("There is no ledger entry %lld."),
			                  (long long)req->entry_id);
		return money__fail(db, err, "read the ledger entry");
	}
	char kind[16], service[33], category[33], method[16];
	snprintf(kind, sizeof kind, "%s", (const char *)sqlite3_column_text(stmt, 0));
	bool has_service = sqlite3_column_type(stmt, 2) != SQLITE_NULL;
	snprintf(service, sizeof service, "%s",
	         has_service ? (const char *)sqlite3_column_text(stmt, 2) : "");
	bool has_category = sqlite3_column_type(stmt, 6) != SQLITE_NULL;
	snprintf(category, sizeof category, "%s",
	         has_category ? (const char *)sqlite3_column_text(stmt, 6) : "");
	bool has_method = sqlite3_column_type(stmt, 8) != SQLITE_NULL;
	snprintf(method, sizeof method, "%s",
	         has_method ? (const char *)sqlite3_column_text(stmt, 8) : "");
	money__row row = {
	    .at = at,
	    .kind = "reversal",
	    .resident_id = sqlite3_column_int64(stmt, 1),
	    .service = has_service ? service : NULL,
	    .qty = sqlite3_column_int64(stmt, 3),
	    .unit_price = sqlite3_column_int64(stmt, 4),
	    .percent = sqlite3_column_int(stmt, 5),
	    .category = has_category ? category : NULL,
	    .amount = sqlite3_column_int64(stmt, 7),
	    .method = has_method ? method : NULL,
	    .note = req->note,
	    .staff_id = staff_id,
	    .session_id = sqlite3_column_int64(stmt, 9),
	    .seat_id = sqlite3_column_int64(stmt, 10),
	    .reverses_id = req->entry_id,
	};
	int64_t reversed_by = sqlite3_column_int64(stmt, 11);
	sqlite3_finalize(stmt);

	if (strcmp(kind, "reversal") == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Entry %lld is itself a reversal; it cannot be reversed."),
		                  (long long)req->entry_id);
	if (reversed_by > 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Entry %lld was already reversed by entry %lld."),
		                  (long long)req->entry_id, (long long)reversed_by);
	if (staff_id > 0 && money_shift_open_id(db, staff_id, &row.shift_id, err) < 0)
		return -1;
	int64_t id = 0;
	if (money__insert(db, &row, &id, err) < 0)
		return -1;
	Netpont__LedgerReverseReply *reply =
	    MONEY_NEW(Netpont__LedgerReverseReply, netpont__ledger_reverse_reply__init);
	if (reply == NULL)
		return money__no_memory(err);
	if (money_entry_get(db, id, &reply->entry, err) < 0) {
		netpont__ledger_reverse_reply__free_unpacked(reply, NULL);
		return -1;
	}
	*out = reply;
	return 0;
}
