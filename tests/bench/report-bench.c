/* report-bench: the treasurer's totals over a million ledger rows.
 *
 *   report-bench [DB [ROWS [WAY]]]
 *
 * Fills DB (default /tmp/netpont-report-bench.db, created when it has no
 * ledger yet) with ROWS (default 1,000,000) ledger rows spread over the 365
 * days of 2026 (charges of four services, cash payments and waivers by four
 * staff members or nobody, residents of three categories, and one row in a
 * hundred reversed), then times the one-day and the 365-day report, by each
 * grouping, with the old algorithm (tests/unit/report-reference.c, the
 * "before") and store_report_totals() (the "after") in turns, and prints
 * the median and the slowest of the runs of each. WAY "before" or "after"
 * times that one alone (for a profile: perf record report-bench DB ROWS
 * after). It asserts nothing about time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-ledger.h"
#include "report-reference.h"
#include "store/db.h"
#include "store/reports.h"

#define RUNS 7

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void must(store_db *db, const char *sql)
{
	np_err err = {0};
	if (store_exec(db, sql, &err) != 0) {
		fprintf(stderr, "report-bench: %s\n%s\n", err.english, sql);
		exit(1);
	}
}

static int64_t count_rows(store_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(store_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The ledger rows, in time order as a real ledger grows. */
static void fill(store_db *db, long rows)
{
	must(db, "INSERT OR IGNORE INTO staff (id, name, role, password_hash, created_at) VALUES "
	         " (1, 'Dóra', 'mentor', 'x', 0), (2, 'Teri', 'treasurer', 'x', 0), "
	         " (3, 'admin', 'admin', 'x', 0), (4, 'Bence', 'mentor', 'x', 0);"
	         "INSERT OR IGNORE INTO residents (id, login, name, pin_hash, category_id, guest, "
	         " created_at) VALUES (1, 'kovacs', 'K', 'x', 1, 0, 0), "
	         " (2, 'nagy', 'N', 'x', 2, 0, 0), (3, 'szabo', 'S', 'x', 3, 0, 0);");
	unsigned seed = 11;
	sqlite3 *s = store_db_sqlite(db);
	sqlite3_stmt *ins = NULL, *rev = NULL;
	sqlite3_prepare_v2(s,
	                   "INSERT INTO ledger (id, at, kind, resident_id, service, category, "
	                   "amount, method, staff_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	                   -1, &ins, NULL);
	sqlite3_prepare_v2(s,
	                   "INSERT INTO ledger (id, at, kind, resident_id, service, category, "
	                   "amount, staff_id, reverses_id) SELECT ?1, ?2, 'reversal', "
	                   "resident_id, service, category, amount, ?3, id FROM ledger "
	                   "WHERE id = ?4",
	                   -1, &rev, NULL);
	must(db, "PRAGMA synchronous = OFF; BEGIN");
	for (long id = 1; id <= rows; id++) {
		int64_t at = (int64_t)bench_ledger_at(id - 1, rows);
		if (id % 100 == 0 && id > 50) {
			sqlite3_bind_int64(rev, 1, id);
			sqlite3_bind_int64(rev, 2, at);
			sqlite3_bind_int(rev, 3, 2);
			sqlite3_bind_int64(rev, 4, id - 1 - rand_r(&seed) % 40);
			if (sqlite3_step(rev) != SQLITE_DONE)
				goto failed;
			sqlite3_reset(rev);
			continue;
		}
		const char *kind = bench_kinds[rand_r(&seed) % 5];
		int charge = strcmp(kind, "charge") == 0;
		int staff = rand_r(&seed) % 5;
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_int64(ins, 2, at);
		sqlite3_bind_text(ins, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 4, 1 + rand_r(&seed) % 3);
		if (charge)
			sqlite3_bind_text(ins, 5, bench_services[rand_r(&seed) % 4], -1,
			                  SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 5);
		sqlite3_bind_text(ins, 6, bench_categories[rand_r(&seed) % 3], -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 7, 10 + rand_r(&seed) % 500);
		if (charge)
			sqlite3_bind_null(ins, 8);
		else
			sqlite3_bind_text(ins, 8, strcmp(kind, "waiver") == 0 ? "waive" : "cash",
			                  -1, SQLITE_STATIC);
		if (staff == 0)
			sqlite3_bind_null(ins, 9);
		else
			sqlite3_bind_int(ins, 9, staff);
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto failed;
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(rev);
	must(db, "COMMIT; PRAGMA synchronous = FULL; ANALYZE");
	return;
failed:
	fprintf(stderr, "report-bench: cannot fill the ledger: %s\n", sqlite3_errmsg(s));
	exit(1);
}

static int count_group(void *ctx, const store_totals_row *row)
{
	(void)row;
	++*(size_t *)ctx;
	return 0;
}

typedef int report_fn(store_db *db, const char *from, const char *to, store_report_by by,
                      int (*each)(void *ctx, const store_totals_row *row), void *ctx,
                      store_totals *sums, np_err *err);

static int compare_ms(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/netpont-report-bench.db";
	long rows = argc > 2 ? atol(argv[2]) : 1000000;
	const char *only = argc > 3 ? argv[3] : NULL;
	if (getenv("TZ") == NULL)
		setenv("TZ", "Europe/Budapest", 1);
	tzset();
	store_db *db = NULL;
	np_err err = {0};
	if (store_db_open(path, true, &db, &err) != 0) {
		fprintf(stderr, "report-bench: %s\n", err.english);
		return 1;
	}
	if (count_rows(db, "SELECT count(*) FROM ledger") == 0) {
		double t0 = now_ms();
		fill(db, rows);
		printf("filled %ld ledger rows in %.0f ms\n", rows, now_ms() - t0);
	}
	printf("ledger rows: %lld\n", (long long)count_rows(db, "SELECT count(*) FROM ledger"));

	static const struct {
		const char *name, *from, *to;
	} ranges[] = {{"1 day", "2026-06-15", "2026-06-15"},
	              {"365 days", "2026-01-01", "2026-12-31"}};
	static const char *const by_names[] = {"day", "service", "staff", "category"};
	static const struct {
		const char *name;
		report_fn *fn;
	} ways[] = {{"before", reference_report_totals}, {"after", store_report_totals}};
	printf("%-9s %-9s %-7s %10s %10s %7s\n", "range", "by", "", "median ms", "max ms",
	       "groups");
	for (size_t r = 0; r < 2; r++) {
		for (int by = 0; by < 4; by++) {
			double ms[2][RUNS];
			size_t groups[2] = {0, 0};
			store_totals sums[2] = {{0}, {0}};
			/* Before and after in turns, so both see the same machine. */
			for (int run = 0; run < RUNS; run++) {
				for (size_t w = 0; w < 2; w++) {
					groups[w] = 0;
					ms[w][run] = 0;
					if (only != NULL && strcmp(only, ways[w].name) != 0)
						continue;
					double t0 = now_ms();
					if (ways[w].fn(db, ranges[r].from, ranges[r].to,
					               (store_report_by)by, count_group, &groups[w],
					               &sums[w], &err) != 0) {
						fprintf(stderr, "report-bench: %s\n", err.english);
						return 1;
					}
					ms[w][run] = now_ms() - t0;
				}
			}
			if (only == NULL && (groups[0] != groups[1] ||
			                     memcmp(&sums[0], &sums[1], sizeof sums[0]) != 0)) {
				fprintf(stderr, "report-bench: before and after disagree\n");
				return 1;
			}
			for (size_t w = 0; w < 2; w++) {
				if (only != NULL && strcmp(only, ways[w].name) != 0)
					continue;
				qsort(ms[w], RUNS, sizeof ms[w][0], compare_ms);
				printf("%-9s %-9s %-7s %10.2f %10.2f %7zu\n", ranges[r].name,
				       by_names[by], ways[w].name, ms[w][RUNS / 2], ms[w][RUNS - 1],
				       groups[w]);
			}
		}
	}
	store_db_close(db);
	return 0;
}
