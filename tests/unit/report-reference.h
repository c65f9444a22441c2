/* The treasurer's totals as Netpont computed them up to migration 5: every
 * ledger row of the range read into C and grouped by searching the list of
 * keys, and what is owed added up over the whole ledger. Kept word for word
 * as the reference that store_report_totals() must agree with (test-money)
 * and as the "before" of the report benchmark (report-bench). */
#ifndef NETPONT_TESTS_REPORT_REFERENCE_H
#define NETPONT_TESTS_REPORT_REFERENCE_H

#include "store/reports.h"

/* store_report_totals()'s contract, computed the old way. */
int reference_report_totals(store_db *db, const char *from, const char *to, store_report_by by,
                            int (*each)(void *ctx, const store_totals_row *row), void *ctx,
                            store_totals *sums, np_err *err);

#endif
