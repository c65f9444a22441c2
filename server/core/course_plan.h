/* A course's occasions as local times: the weekly ones between a first and
 * a last date, or single dates, and whether each fits the opening hours.
 *
 * Pure functions over plain values: dates are yyyymmdd numbers (20261210),
 * times of day minutes after local midnight, and local times are computed
 * with mktime() in the process's time zone (TZ), so that a course at 14:00
 * stays at 14:00 across a change to or from summer time. */
#ifndef NETPONT_COURSE_PLAN_H
#define NETPONT_COURSE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/np_error.h"
#include "core/rules.h"

/* A course has at most this many occasions. */
#define COURSE_PLAN_MAX 200

typedef struct course_plan_occasion {
	int32_t date; /* yyyymmdd, local */
	time_t starts_at;
	time_t ends_at;
} course_plan_occasion;

/* The occasion on date from from_min to to_min (0 <= from_min < to_min <=
 * 1440) in local time. */
course_plan_occasion course_plan_on(int32_t date, int from_min, int to_min);

/* The weekly occasions: each date from first to until (both included) whose
 * ISO weekday d (1 = Monday .. 7 = Sunday) has bit (1 << d) set in
 * weekdays, from from_min to to_min. A date that is a closed date of s is
 * left out and written to skipped (at most max_skipped of them; *n_skipped
 * counts them all). Writes at most max occasions to out and returns how
 * many there are in all (more than max when they do not fit). */
size_t course_plan_weekly(const rules_settings *s, int32_t first, int32_t until, unsigned weekdays,
                          int from_min, int to_min, course_plan_occasion *out, size_t max,
                          int32_t *skipped, size_t max_skipped, size_t *n_skipped);

/* Whether the occasion fits the opening hours of s: its date is no closed
 * date, and it lies within one open stretch of its weekday (not across the
 * lunch break). Returns 0, or -1 with CLOSED and a sentence naming the
 * date. */
int course_plan_check_hours(const rules_settings *s, const course_plan_occasion *o, np_err *err);

/* "14:00" -> 840, "24:00" -> 1440; false unless HH:MM with 00 <= HH <= 24
 * and 00 <= MM <= 59 (and 24:00 at most). */
bool course_plan_parse_hhmm(const char *text, int *minutes);

#endif
