/* The treasurer's reports over the ledger (treasurer, admin): totals by
 * day, service, staff or category. The waivers and shift reports are
 * store_report_waivers() (ledger.h) and store_report_shifts() (shifts.h).
 * The conventions are tariffs.h's. */
#ifndef NETPONT_STORE_REPORTS_H
#define NETPONT_STORE_REPORTS_H

#include <stdint.h>

#include "store/db.h"

typedef enum store_report_by {
	STORE_REPORT_BY_DAY = 0,
	STORE_REPORT_BY_SERVICE,
	STORE_REPORT_BY_STAFF,
	STORE_REPORT_BY_CATEGORY,
} store_report_by;

/* One group of a totals report. */
typedef struct store_totals_row {
	char key[64]; /* "2026-11-24", "print-bw", "Dóra", "reduced", ... */
	int64_t charged, paid, waived;
} store_totals_row;

/* The sums of a totals report's rows, and what all residents owe now. */
typedef struct store_totals {
	int64_t charged, paid, waived;
	int64_t owed; /* the sum of every resident's due, credits included */
} store_totals;

/* ReportTotals for the local dates [from, to] ("2026-11-24"): every ledger
 * row whose own time falls in the range counts once, by:
 *   day      - the row's local date;
 *   service  - the charge's service; a cash payment counts under the
 *              services of the charges it paid (oldest open first, written
 *              with the payment), its rest (credit, refunds) and waivers
 *              under "(payments)";
 *   staff    - who created the charge or started the session, or who took
 *              the payment; self-logins and prints: "(self)";
 *   category - the resident's category when the row was written.
 * A reversal counts against the reversed row's key with the opposite sign
 * (a reversed charge lowers `charged`, a reversed payment lowers `paid`),
 * on the reversal's own date. charged = charges, paid = cash payments,
 * waived = waivers. Calls each(ctx, row) for the rows sorted by key, then
 * fills *sums. Any other `by` is refused (BAD_REQUEST). */
int store_report_totals(store_db *db, const char *from, const char *to, store_report_by by,
                        int (*each)(void *ctx, const store_totals_row *row), void *ctx,
                        store_totals *sums, np_err *err);

/* One fee category's row of the exemptions report. */
typedef struct store_exemption_row {
	char category[33];  /* "(none)" when not known */
	int64_t discounted; /* full price - charged (qty x unit price - amount) */
	int64_t waived;
} store_exemption_row;

/* ReportExemptions for the local dates [from, to]: the value of the
 * category discounts (exempt, reduced: the full price minus what was
 * charged) and of the waivers given, by the resident's category when the
 * row was written; a reversal deducts what its row gave, on its own date.
 * Calls each(ctx, row) by category name. */
int store_report_exemptions(store_db *db, const char *from, const char *to,
                            int (*each)(void *ctx, const store_exemption_row *row), void *ctx,
                            np_err *err);

/* The cached statement for sql (static storage, see store_stmt()) with ?1
 * bound to the start of the local date from and ?2 to the end of to, for a
 * report's rows. Returns 0 and *st, or -1 with err (a date refused, or the
 * SQL failed). */
int store_report_statement(store_db *db, const char *sql, const char *from, const char *to,
                           sqlite3_stmt **st, np_err *err);

#endif
