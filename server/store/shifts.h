/* Cash shifts (table shifts): a staff member's float at the start, the cash
 * taken during the shift, and the count at the end. The conventions are
 * tariffs.h's. */
#ifndef NETPONT_STORE_SHIFTS_H
#define NETPONT_STORE_SHIFTS_H

#include <stdint.h>

#include "store/db.h"

/* One shift with its cash figures, computed from the ledger when read. */
typedef struct store_shift {
	int64_t id;
	char staff[64]; /* the staff member's name */
	int64_t started_at;
	int64_t ended_at; /* 0 while open */
	int64_t cash_float;
	int64_t counted; /* the cash counted at the end; 0 while open */
	/* The shift's own cash: cash payments recorded in it minus the refunds
	 * given out in it. */
	int64_t cash_taken;
	/* The corrections it carried: reversals of cash payments (-) or refunds
	 * (+) made during the shift, whichever shift the original was in. */
	int64_t corrections;
	int64_t expected;   /* cash_float + cash_taken + corrections */
	int64_t difference; /* counted - expected once ended; 0 while open */
} store_shift;

/* ShiftStart (mentor, admin; the signed-in staff member's own shift):
 * cash_float 0..BILLING_MAX_AMOUNT. CONFLICT if staff_id already has an
 * open shift. *out is the new shift. */
int store_shift_start(store_db *db, int64_t staff_id, int64_t cash_float, int64_t at,
                      store_shift *out, np_err *err);

/* ShiftEnd: closes staff_id's open shift with the counted cash; *out is the
 * shift as ended. CONFLICT when no shift is open. */
int store_shift_end(store_db *db, int64_t staff_id, int64_t counted, int64_t at, store_shift *out,
                    np_err *err);

/* ShiftCurrent: staff_id's open shift with its figures so far into *out.
 * Returns 1 when one is open, 0 when none, -1 on error. */
int store_shift_current(store_db *db, int64_t staff_id, store_shift *out, np_err *err);

/* The id of staff_id's open shift into *shift_id, or 0 when none. */
int store_shift_open_id(store_db *db, int64_t staff_id, int64_t *shift_id, np_err *err);

/* ReportShifts (treasurer, admin): calls each(ctx, row) for the shifts
 * started in the local dates [from, to] ("2026-11-24"), oldest first. */
int store_report_shifts(store_db *db, const char *from, const char *to,
                        int (*each)(void *ctx, const store_shift *row), void *ctx, np_err *err);

#endif
