/* The dates of a course's weekly occasions: each date between a first and
 * a last one that falls on the course's weekdays, without the closed dates.
 *
 * A pure function over plain values: dates are yyyymmdd numbers
 * (20261210), weekdays are walked with mktime() in the process's time zone
 * (TZ). An occasion's times on its date, and whether they suit the opening
 * hours, are the rules of every booking (core/booking.h): a course at 14:00
 * stays at 14:00 across a change to or from summer time. */
#ifndef NETPONT_COURSE_PLAN_H
#define NETPONT_COURSE_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/rules.h"

/* A course has at most this many occasions. */
#define COURSE_PLAN_MAX 200

/* The weekly dates: each date from first to until (both included) whose
 * ISO weekday d (1 = Monday .. 7 = Sunday) has bit (1 << d) set in
 * weekdays. A date that is a closed date of s is left out and written to
 * skipped (at most max_skipped of them; *n_skipped counts them all).
 * Writes at most max dates, in order, to dates and returns how many there
 * are in all (more than max when they do not fit; the walk stops soon
 * after). */
size_t course_plan_weekly(const rules_settings *s, int32_t first, int32_t until, unsigned weekdays,
                          int32_t *dates, size_t max, int32_t *skipped, size_t max_skipped,
                          size_t *n_skipped);

#endif
