/* The money part of the store: tariffs, fee categories, the append-only
 * ledger (charges, payments, waivers, reversals), bills, cash shifts and the
 * treasurer's reports.
 *
 * Conventions for every function here:
 * - `db` is the server's open connection (store_db_sqlite()). Functions run
 *   INSIDE the caller's transaction: they never BEGIN or COMMIT. Every
 *   function validates everything before its single write, so a refusal
 *   (return -1) has changed nothing; the caller rolls the request back
 *   anyway.
 * - Return 0 on success, or -1 with err filled (np_error.h): BAD_REQUEST,
 *   NOT_FOUND, CONFLICT with a sentence for the mentor, or INTERNAL when
 *   SQLite failed.
 * - `at` / `now` is the time of the request (Unix seconds); nothing here
 *   reads the clock.
 * - The ledger is only ever INSERTed into. Amounts are int64 minor units.
 * - Replies (`**out`) are newly allocated protobuf-c messages, built so that
 *   the caller frees the whole tree with the message's
 *   `netpont__<message>__free_unpacked(msg, NULL)`. On failure *out is NULL.
 * - Role checks are the gateway's: each function says which roles may
 *   call it.
 * - `staff_id` 0 means "no staff member" (a self-login, an agent's print). */
#ifndef NETPONT_STORE_MONEY_H
#define NETPONT_STORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "np_error.h"

/* ------------------------------------------------------------ tariffs */

typedef struct money_tariff {
	char service[33]; /* [a-z0-9-]{1,32} */
	char label[81];
	int64_t price;   /* per unit, or per started block for a time service */
	int per_minutes; /* > 0: a time service (only "internet") */
} money_tariff;

/* All tariffs, by service name. Any role. */
int money_tariff_list(sqlite3 *db, Netpont__TariffListReply **out, np_err *err);

/* One tariff. NOT_FOUND: "There is no service called 'fax'. Services: copy,
 * internet, print-bw, print-color, scan." */
int money_tariff_get(sqlite3 *db, const char *service, money_tariff *out, np_err *err);

/* Adds or changes a tariff (admin). service [a-z0-9-]{1,32}; price
 * 0..BILLING_MAX_AMOUNT; per_minutes 0..1440; "internet" must keep
 * per_minutes > 0 and no other service may be a time service (only sessions
 * are charged by time). An empty label keeps the current one (a new service
 * is labelled with its name). Existing ledger rows keep the price they were
 * charged at. */
int money_tariff_set(sqlite3 *db, const Netpont__Tariff *tariff, np_err *err);

/* ------------------------------------------------------------ fee categories */

/* All categories, by name. Any role. */
int money_category_list(sqlite3 *db, Netpont__CategoryListReply **out, np_err *err);

/* Adds or changes a category (admin): name [a-z0-9-]{1,32}, percent 0..100
 * (the share of the tariff paid; 0 = exempt). Applies to future charges. */
int money_category_set(sqlite3 *db, const Netpont__Category *category, np_err *err);

/* Looks a category up by name; id and percent may be NULL. NOT_FOUND:
 * "There is no fee category called 'vip'. Categories: exempt, reduced,
 * standard." */
int money_category_get(sqlite3 *db, const char *name, int64_t *id, int *percent, np_err *err);

/* The setting default_category into name (size bytes); "standard" if unset.
 * NOT_FOUND if it names no existing category. */
int money_default_category(sqlite3 *db, char *name, size_t size, np_err *err);

/* ------------------------------------------------------------ charging */

/* A charge as written (or found) in the ledger. */
typedef struct money_charge {
	int64_t id;         /* the ledger row; 0 when nothing was charged */
	int64_t qty;        /* started blocks, pages x copies, or units */
	int64_t unit_price; /* the tariff price when charged */
	int percent;        /* the category share when charged */
	int64_t amount;
	bool duplicate; /* already charged before: id and amount are the earlier row's */
} money_charge;

/* Charges a finished session for internet: qty = started blocks of the
 * internet tariff's per_minutes for used_s seconds, at the resident's
 * category percent, recorded with session, seat, staff (staff_id: the mentor
 * who started it, 0 for a self-login) and the category's name. 0 s used is
 * 0 blocks: no row, out->id = 0. A session is charged once: when an
 * internet charge for session_id exists, out describes it with duplicate
 * set and nothing is written. Called by the server when a session ends. */
int money_charge_session(sqlite3 *db, int64_t session_id, int64_t resident_id, int64_t seat_id,
                         int64_t staff_id, int64_t used_s, int64_t at, money_charge *out,
                         np_err *err);

/* A completed print job reported by an agent. */
typedef struct money_print_job {
	int64_t seat_id;
	int64_t resident_id;
	int64_t session_id;  /* 0 if none */
	const char *job_key; /* unique per seat and job, 1..200 bytes; borrowed */
	int64_t pages;       /* 1..1000 */
	int64_t copies;      /* 1..100 */
	bool color;
	int64_t at;
} money_print_job;

/* Charges a print: pages x copies at print-bw or print-color, at the
 * resident's category percent. A job is charged once per seat: if
 * (seat_id, job_key) is already in the ledger, out has duplicate set and the
 * existing row's id and amount, and nothing is written. */
int money_charge_print(sqlite3 *db, const money_print_job *job, money_charge *out, np_err *err);

/* What a print would cost a resident (resident_id 0: at the full price):
 * out->amount after the category percent, out->unit_price the tariff's
 * page price. out is the caller's (no allocation). */
int money_print_quote(sqlite3 *db, int64_t resident_id, int64_t pages, int64_t copies, bool color,
                      Netpont__PrintQuoteReply *out, np_err *err);

/* ChargeAdd (mentor, admin): an office item charged by a staff member.
 * qty 0 means 1 (proto3 leaves an absent qty at 0); qty 1..10000; note up
 * to 500 bytes. Refuses time services ("internet is charged by the session;
 * it cannot be added by hand.") and unknown services (NOT_FOUND, listing
 * the services) and unknown logins (NOT_FOUND). *out: the new entry and the
 * resident's new due. */
int money_charge_add(sqlite3 *db, int64_t staff_id, const Netpont__ChargeAdd *req, int64_t at,
                     Netpont__ChargeAdded **out, np_err *err);

/* ------------------------------------------------------------ bills and payments */

/* What a resident owes now: charges - payments - waivers, where a reversal
 * cancels the row it reverses. Negative means a credit. */
int money_due(sqlite3 *db, int64_t resident_id, int64_t *due, np_err *err);

/* Bill (any role): the due and the charges not yet covered, oldest first
 * (payments and waivers cover the oldest charges first; a partly covered
 * charge appears with its open part as amount). Reversed charges never
 * appear. NOT_FOUND for an unknown login. */
int money_bill(sqlite3 *db, const char *login, Netpont__BillReply **out, np_err *err);

/* Pay (mentor, admin). method "" or "cash": a cash payment, amount
 * 1..due; more than the due is refused (CONFLICT: "Kovács Mária owes 80 Ft;
 * 100 Ft is more than that."), nothing owed is refused ("Kovács Mária owes
 * nothing."). method "waive": needs a note, amount 1..due. The row records
 * staff_id and that staff member's open shift (if any), and the resident's
 * category. *out: the new entry and the new due. */
int money_pay(sqlite3 *db, int64_t staff_id, const Netpont__Pay *req, int64_t at,
              Netpont__PayReply **out, np_err *err);

/* LedgerReverse (treasurer, admin): appends a 'reversal' row for
 * req->entry_id with the same resident, amount, service, qty and method,
 * reverses_id set, the note (required) and staff_id with their open shift.
 * A row can be reversed once (CONFLICT "Entry 12 was already reversed by
 * entry 15."); a reversal cannot be reversed (CONFLICT). */
int money_reverse(sqlite3 *db, int64_t staff_id, const Netpont__LedgerReverse *req, int64_t at,
                  Netpont__LedgerReverseReply **out, np_err *err);

/* One ledger row as a LedgerEntry (for LedgerEvent). Besides the row's
 * columns (staff, seat and resident named, not numbered) every entry carries
 * reversed_by: the id of the reversal that cancels it, 0 if none. NOT_FOUND
 * if absent.
 * Free with netpont__ledger_entry__free_unpacked(*out, NULL). */
int money_entry_get(sqlite3 *db, int64_t entry_id, Netpont__LedgerEntry **out, np_err *err);

/* A resident's ledger rows, newest first, at most limit (0: all), for
 * ResidentDetail.ledger. *entries is a malloc()ed array of *count
 * malloc()ed entries: assign them to ResidentDetail.ledger/n_ledger (the
 * detail's free_unpacked then frees them) or free them with
 * money_entries_free(). */
int money_resident_ledger(sqlite3 *db, int64_t resident_id, size_t limit,
                          Netpont__LedgerEntry ***entries, size_t *count, np_err *err);
void money_entries_free(Netpont__LedgerEntry **entries, size_t count);

/* ------------------------------------------------------------ cash shifts */

/* ShiftStart (mentor, admin; the signed-in staff member's own shift):
 * cash_float 0..BILLING_MAX_AMOUNT. CONFLICT if staff_id already has an
 * open shift. */
int money_shift_start(sqlite3 *db, int64_t staff_id, int64_t cash_float, int64_t at,
                      Netpont__Shift **out, np_err *err);

/* ShiftEnd: closes staff_id's open shift with the counted cash. *out has
 * cash_taken (cash payments recorded in the shift, minus those of them that
 * were reversed), expected = float + cash_taken, and difference = counted -
 * expected. CONFLICT when no shift is open. */
int money_shift_end(sqlite3 *db, int64_t staff_id, int64_t counted, int64_t at,
                    Netpont__Shift **out, np_err *err);

/* ShiftCurrent: staff_id's open shift with its figures so far, or *out =
 * NULL (and 0 returned) when none is open. */
int money_shift_current(sqlite3 *db, int64_t staff_id, Netpont__Shift **out, np_err *err);

/* The id of staff_id's open shift, or 0 when none. */
int money_shift_open_id(sqlite3 *db, int64_t staff_id, int64_t *shift_id, np_err *err);

/* ------------------------------------------------------------ reports (treasurer, admin) */

/* ReportTotals for the local dates [from, to]: every ledger row whose own
 * time falls in the range counts once, by req->by:
 *   day      - the row's local date;
 *   service  - the charge's service; payments and waivers are not tied to
 *              a service and appear under "(payments)";
 *   staff    - who created the charge or started the session, or who took
 *              the payment; self-logins and prints: "(self)";
 *   category - the resident's category when the row was written.
 * A reversal counts against the reversed row's key with the opposite sign
 * (a reversed charge lowers `charged`, a reversed payment lowers `paid`),
 * on the reversal's own date. charged = charges, paid = cash payments,
 * waived = waivers. Rows are sorted by key; the totals are the sums of the
 * rows; total_owed is what all residents owe now (the sum of every
 * resident's due, credits included). */
int money_report_totals(sqlite3 *db, const Netpont__ReportTotals *req,
                        Netpont__ReportTotalsReply **out, np_err *err);

/* ReportWaivers: the waivers in [from, to], oldest first, with note, staff
 * and resident login. */
int money_report_waivers(sqlite3 *db, const Netpont__ReportWaivers *req,
                         Netpont__ReportWaiversReply **out, np_err *err);

/* ReportShifts: the shifts started in [from, to], oldest first, with
 * cash_taken, expected and (for ended shifts) difference. */
int money_report_shifts(sqlite3 *db, const Netpont__ReportShifts *req,
                        Netpont__ReportShiftsReply **out, np_err *err);

/* ------------------------------------------------------------ formatting */

/* An amount in the site's currency (settings currency, currency_decimals)
 * into buf: "80 Ft" for HUF, "12.50 EUR" otherwise. */
void money_format_amount(sqlite3 *db, int64_t amount, char *buf, size_t size);

#endif
