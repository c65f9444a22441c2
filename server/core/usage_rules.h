/* The funders' usage report's pure rules: the age bands, the suppression
 * of small counts of people, and the report's periods (a whole range, or
 * its calendar months or quarters). No SQLite: test-usage-rules links this
 * alone. */
#ifndef NETPONT_CORE_USAGE_RULES_H
#define NETPONT_CORE_USAGE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A count of people from 1 to this minus one is never shown: "<5". */
#define USAGE_MIN_PEOPLE 5

/* The age bands, in the report's order; UNKNOWN is last. */
typedef enum usage_band {
	USAGE_BAND_0_17 = 0,
	USAGE_BAND_18_29,
	USAGE_BAND_30_44,
	USAGE_BAND_45_59,
	USAGE_BAND_60_74,
	USAGE_BAND_75_UP,
	USAGE_BAND_UNKNOWN,
	USAGE_BAND_COUNT
} usage_band;

/* The band of someone born in birth_year (0: not known) at the end of a
 * period that ends in year: the age is year - birth_year (the year of birth
 * is all the report knows). A year after `year` is UNKNOWN. */
usage_band usage_age_band(int birth_year, int year);

/* The band's key: "0-17", "18-29", "30-44", "45-59", "60-74", "75+",
 * "unknown". */
const char *usage_band_key(usage_band band);

/* A count of people as the report may show it: 0 and counts of at least
 * USAGE_MIN_PEOPLE as they are; 1 to 4 become *count 0 with *suppressed
 * set, so the number itself never leaves the server. */
void usage_people(int64_t people, int32_t *count, bool *suppressed);

typedef enum usage_by {
	USAGE_BY_WHOLE = 0,
	USAGE_BY_MONTH,
	USAGE_BY_QUARTER,
} usage_by;

/* One period of the report: local dates, both included. */
typedef struct usage_period {
	char from[11], to[11]; /* "2026-01-01" */
	int year;              /* the year of its last day (for the age bands) */
} usage_period;

/* The most periods one report has (ten years by month). */
#define USAGE_MAX_PERIODS 120

/* Splits the local dates [from, to] (valid "YYYY-MM-DD", from <= to, as
 * rules_date_range() checked) into periods: one for USAGE_BY_WHOLE; the
 * calendar months or quarters it touches otherwise, the first and last cut
 * to the range. Fills out[0..*n). Returns 0, or -1 when the dates do not
 * parse or the range has more than max periods. */
int usage_periods(const char *from, const char *to, usage_by by, usage_period *out, size_t max,
                  size_t *n);

/* The median of the sorted values v[0..n) (the mean of the middle two for
 * an even n, rounded down); 0 for n == 0. */
int64_t usage_median(const int64_t *v, size_t n);

#endif
