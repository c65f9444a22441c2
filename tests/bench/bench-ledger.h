/* The shape of the ledger rows both benchmarks write (report-bench.c and
 * netpont-bench.c's report phase): charges of four services, cash payments
 * and waivers in three categories, spread evenly over the 365 days of
 * 2026 in the process's local time. Header-only: each benchmark is one
 * program of its own. */
#ifndef NETPONT_BENCH_LEDGER_H
#define NETPONT_BENCH_LEDGER_H

#include <time.h>

static const char *const bench_services[] = {"internet", "print-bw", "copy", "scan"};
static const char *const bench_categories[] = {"standard", "reduced", "exempt"};
/* Three charges for each payment and waiver, drawn at random. */
static const char *const bench_kinds[] = {"charge", "charge", "charge", "payment", "waiver"};

/* When row i of rows falls: 1 January 2026, local midnight, plus i
 * steps of 365 days / rows. */
static inline time_t bench_ledger_at(long i, long rows)
{
	static time_t start; /* mktime() once, not once per row */
	if (start == 0) {
		struct tm tm = {.tm_year = 126, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1};
		start = mktime(&tm);
	}
	return start + (time_t)((double)i * (365.0 * 86400.0 / (double)rows));
}

#endif
