/* The append-only ledger (table ledger): charges for sessions, prints and
 * office items, payments, waivers and reversals, and the bills and dues
 * computed from it. The conventions are tariffs.h's. The ledger is only
 * ever INSERTed into. */
#ifndef NETPONT_STORE_LEDGER_H
#define NETPONT_STORE_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef enum store_ledger_kind {
	STORE_LEDGER_UNKNOWN = 0,
	STORE_LEDGER_CHARGE,
	STORE_LEDGER_PAYMENT,
	STORE_LEDGER_WAIVER,
	STORE_LEDGER_REVERSAL,
} store_ledger_kind;

/* One ledger row as staff read it: staff, seat and resident by name. Absent
 * texts (no service, no staff, ...) are "". */
typedef struct store_ledger_row {
	int64_t id;
	int64_t at;
	store_ledger_kind kind;
	char resident_login[64];
	char service[33];
	int64_t qty;
	int64_t amount;
	char method[16]; /* payments: "cash", "waive" or "refund" (cash given back) */
	char note[512];
	char staff[64];
	int64_t session_id;
	int64_t reverses_id;
	char seat[64];
	int64_t reversed_by; /* the reversal that cancels this row, 0 if none */
	int64_t unit_price;  /* the tariff price when charged */
	int percent;         /* the category share when charged */
	char category[33];   /* the resident's category when written */
	/* Who wrote the row as receipts name them: the staff member's display
	 * name ("Dóra"), else staff; "" when no staff member did. */
	char staff_display_name[64];
} store_ledger_row;

/* One row by id into *out. NOT_FOUND "There is no ledger entry 12." */
int store_ledger_get(store_db *db, int64_t entry_id, store_ledger_row *out, np_err *err);

/* Calls each(ctx, row) for a resident's rows, newest first, at most limit
 * (0: all). */
int store_ledger_each_for_resident(store_db *db, int64_t resident_id, size_t limit,
                                   int (*each)(void *ctx, const store_ledger_row *row), void *ctx,
                                   np_err *err);

/* ------------------------------------------------------------ charging */

/* A charge as written (or found) in the ledger. */
typedef struct store_charge {
	int64_t id;         /* the ledger row; 0 when nothing was charged */
	int64_t qty;        /* started blocks, pages x copies, or units */
	int64_t unit_price; /* the tariff price when charged */
	int percent;        /* the category share when charged */
	int64_t amount;
	bool duplicate; /* already charged before: id and amount are the earlier row's */
} store_charge;

/* Charges a finished session for internet: qty = started blocks of the
 * internet tariff's per_minutes for used_s seconds, at the resident's
 * category percent, recorded with session, seat, staff (staff_id: the mentor
 * who started it, 0 for a self-login) and the category's name. 0 s used is
 * 0 blocks: no row, out->id = 0. A session is charged once: when an
 * internet charge for session_id exists, out describes it with duplicate
 * set and nothing is written. Called by the server when a session ends. */
int store_charge_session(store_db *db, int64_t session_id, int64_t resident_id, int64_t seat_id,
                         int64_t staff_id, int64_t used_s, int64_t at, store_charge *out,
                         np_err *err);

/* Charges a course occasion's fee (fee: courses.fee, minor units) to
 * resident_id for the occasion's session session_id: one unit of service
 * "course" at the resident's category share, like every charge. Once per
 * resident per occasion: when a course charge of the resident exists on
 * any session of occasion_id, nothing is written (out->duplicate set). A
 * fee of 0 (a free course) writes nothing, out->id = 0. */
int store_charge_course(store_db *db, int64_t occasion_id, int64_t session_id, int64_t resident_id,
                        int64_t seat_id, int64_t staff_id, int64_t fee, int64_t at,
                        store_charge *out, np_err *err);

/* What a running session of resident_id costs per started block of the
 * internet tariff, so that a PC can count the cost while it runs:
 * *block_s the block's length in seconds and *block_price one block at the
 * resident's category share, rounded half up as store_charge_session()
 * rounds. Exact for every block count when price x percent is a multiple
 * of 100 (store_charge_session() rounds the whole session's amount once).
 * Both are 0 when time is free (price 0 or an exempt category). Returns 0,
 * or -1 with err. */
int store_session_rate(store_db *db, int64_t resident_id, int64_t *block_s, int64_t *block_price,
                       np_err *err);

/* The sum of the print charges of session_id that stand (not reversed)
 * into *sum. Returns 0, or -1 with err. */
int store_session_prints_charged(store_db *db, int64_t session_id, int64_t *sum, np_err *err);

/* A completed print job reported by an agent. */
typedef struct store_print_job {
	int64_t seat_id;
	int64_t resident_id;
	int64_t session_id;  /* 0 if none */
	const char *job_key; /* unique per seat and job, 1..200 bytes; borrowed */
	int64_t pages;       /* 1..1000 */
	int64_t copies;      /* 1..100 */
	bool color;
	int64_t at;
} store_print_job;

/* Charges a print: pages x copies at print-bw or print-color, at the
 * resident's category percent. A job is charged once per seat: if
 * (seat_id, job_key) is already in the ledger, out has duplicate set and the
 * existing row's id and amount, and nothing is written. */
int store_charge_print(store_db *db, const store_print_job *job, store_charge *out, np_err *err);

/* What a print would cost a resident (resident_id 0: at the full price),
 * written nowhere: out->amount after the category percent, out->unit_price
 * the tariff's page price, out->qty pages x copies, out->id 0. */
int store_print_quote(store_db *db, int64_t resident_id, int64_t pages, int64_t copies, bool color,
                      store_charge *out, np_err *err);

/* An office item a staff member charges (ChargeAdd); strings borrowed. */
typedef struct store_office_charge {
	const char *resident_login;
	const char *service;
	int64_t qty;      /* 0 means 1 (proto3 leaves an absent qty at 0); 1..10000 */
	const char *note; /* up to 500 bytes; NULL for none */
	/* The client's key for this action (see store_pay()); NULL or "" for
	 * none. */
	const char *request_key;
} store_office_charge;

/* ChargeAdd (mentor, admin). Refuses time services ("internet is charged
 * by the session; it cannot be added by hand."), unknown services
 * (NOT_FOUND, listing the services) and unknown logins (NOT_FOUND). On
 * success *entry is the new row and *due the resident's new due, and it
 * returns 0; a retry of the same request key returns 1 with the row the
 * first attempt wrote, as store_pay() does. */
int store_charge_add(store_db *db, int64_t staff_id, const store_office_charge *req, int64_t at,
                     store_ledger_row *entry, int64_t *due, np_err *err);

/* ------------------------------------------------------------ bills and payments */

/* What a resident owes now: charges - payments - waivers + refunds, where a
 * reversal cancels the row it reverses. Negative means a credit. */
int store_due(store_db *db, int64_t resident_id, int64_t *due, np_err *err);

/* A resident's bill: who, and what they owe now. */
typedef struct store_bill {
	char resident_login[64];
	char resident_name[128];
	char category[33];
	int64_t due;    /* what is owed now, >= 0 */
	int64_t credit; /* what was paid in advance, >= 0; due and credit are never both > 0 */
} store_bill;

/* A charge not yet covered; amount is its open part. */
typedef struct store_bill_line {
	int64_t charge_id;
	char service[33];
	int64_t qty;
	int64_t amount;
	int64_t at;
	char seat[64]; /* "" when not charged on a seat */
} store_bill_line;

/* Bill (any role): fills *bill and calls each(ctx, line) for the charges
 * not yet covered, oldest first (payments and waivers cover the oldest
 * charges first; a partly covered charge appears with its open part).
 * Reversed charges never appear. NOT_FOUND for an unknown login. */
int store_bill_get(store_db *db, const char *login, store_bill *bill,
                   int (*each)(void *ctx, const store_bill_line *line), void *ctx, np_err *err);

/* A payment or waiver as asked for (Pay); strings borrowed. */
typedef struct store_payment {
	const char *resident_login;
	int64_t amount;
	const char *method; /* "" or NULL: cash; "cash" or "waive" */
	const char *note;   /* required for a waiver; up to 500 bytes */
	/* The client's key for this user action, 8 to 64 letters, digits, '-'
	 * or '_'; NULL or "" for none. */
	const char *request_key;
} store_payment;

/* Pay (mentor, admin). Methods:
 *   cash   - amount 1..BILLING_MAX_AMOUNT; more than is owed is kept as the
 *            resident's credit (paying in advance), which later charges use;
 *   waive  - needs a note, amount 1..due ("Kovács Mária owes 80 Ft; 100 Ft
 *            cannot be waived.");
 *   refund - cash given back from the credit: needs a note, the staff
 *            member's open shift (the cash leaves its box), amount 1..credit.
 * Cash with no shift open is refused when the setting cash_outside_shift is
 * "refuse" (CONFLICT, a sentence), and recorded with no shift otherwise.
 * The row records staff_id and that staff member's open shift (if any), the
 * resident's category and the request key. On success *entry is the new
 * row and *due the resident's new due (negative: a credit), and it returns
 * 0. When a row with the same request key exists (a retry after a lost
 * reply), nothing is written: it returns 1 with *entry that row and *due
 * the resident's due now, if the row holds the same request, and refuses
 * (CONFLICT) if it holds another. */
int store_pay(store_db *db, int64_t staff_id, const store_payment *req, int64_t at,
              store_ledger_row *entry, int64_t *due, np_err *err);

/* LedgerReverse (treasurer, admin; a mentor after
 * store_reverse_mentor_check()): appends a 'reversal' row for entry_id with
 * the same resident, amount, service, qty and method, reverses_id set, the
 * note (required, borrowed) and staff_id. Its shift: the reversed row's own
 * while that is still open, else staff_id's open shift, else none (a closed
 * shift never changes). A row
 * can be reversed once (CONFLICT "Entry 12 was already reversed by entry
 * 15."); a reversal cannot be reversed (CONFLICT). *entry is the new row. */
int store_reverse(store_db *db, int64_t staff_id, int64_t entry_id, const char *note, int64_t at,
                  store_ledger_row *entry, np_err *err);

/* ReportWaivers (treasurer, admin): calls each(ctx, row) for the waivers in
 * the local dates [from, to] ("2026-11-24"), oldest first (by time, then
 * id), after the row (after_at, after_id) (0, 0: from the first), until
 * each returns non-zero. */
int store_report_waivers(store_db *db, const char *from, const char *to, int64_t after_at,
                         int64_t after_id, int (*each)(void *ctx, const store_ledger_row *row),
                         void *ctx, np_err *err);

/* Whether a mentor (staff_id) may reverse entry_id at now: only a charge
 * they wrote themselves within the setting mentor_reverse_min minutes
 * (default 10). FORBIDDEN with a sentence naming why not; 0 when allowed. */
int store_reverse_mentor_check(store_db *db, int64_t staff_id, int64_t entry_id, int64_t now,
                               np_err *err);

/* The treasurer's report of cash outside shifts: calls each(ctx, row) for
 * the cash payments, refunds and reversals of them written with no shift
 * open (cash taken outside any shift, and the treasurer's own corrections)
 * in the local dates [from, to], oldest first. */
int store_report_cash_outside(store_db *db, const char *from, const char *to,
                              int (*each)(void *ctx, const store_ledger_row *row), void *ctx,
                              np_err *err);

/* What a row did to the cash in a box: + for a cash payment, - for a refund,
 * the opposite for their reversals, 0 for anything else. */
int64_t store_cash_effect(const store_ledger_row *row);

#endif
