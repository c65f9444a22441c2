/* The rules of a booking's time span, as pure functions over the room's
 * settings (core/rules.h): a span is read from a date and two times of
 * day, and is refused when it lies in the past, crosses midnight, or falls
 * outside the opening hours of its day (a closed weekday or date, before
 * opening, after closing, in the lunch break). The sentences name the day
 * as people say it ("Tuesday 8 December"), translated like every refusal
 * (np_error.h). No clock, no database: the caller passes `now`. */
#ifndef NETPONT_BOOKING_H
#define NETPONT_BOOKING_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/np_error.h"
#include "core/rules.h"

/* A local date ("2026-12-08") and two times of day ("10:00", "11:00"; the
 * end may be "24:00") -> the span's Unix times. Returns 0, or -1 with
 * BAD_REQUEST ("The date must look like 2026-11-24.", "The time must look
 * like 14:30."). Nothing else is checked here (booking_span_check()). */
int booking_parse_span(const char *date, const char *from, const char *to, int64_t *starts_at,
                       int64_t *ends_at, np_err *err);

/* The local day of t as people say it, in the current language of the
 * sentences (i18n.h): "Tuesday 8 December" ("december 8., kedd"), into buf
 * (at least 64 bytes). */
void booking_format_day(time_t t, char *buf, size_t size);

/* The local time of day of t as "10:00" into buf (at least 6 bytes); "24:00"
 * when t is the midnight that ends starts_at's day (a span that runs to
 * midnight). */
void booking_format_time(int64_t t, int64_t starts_at, char *buf, size_t size);

/* Whether [starts_at, ends_at) may be booked at now under the settings s:
 * it ends after it starts, does not begin before now's minute, stays on
 * one local day (it may end at the midnight after it), and lies inside the
 * day's opening hours, outside its lunch break, on a day that is neither a
 * closed weekday nor a closed date. closed_note is the closed date's note
 * ("Szenteste") when the day is one and the caller knows it, else NULL.
 * Returns 0, or -1 with BAD_REQUEST (the span itself) or CLOSED (the
 * hours) and a sentence naming the day and the hours. */
int booking_span_check(const rules_settings *s, int64_t now, int64_t starts_at, int64_t ends_at,
                       const char *closed_note, np_err *err);

#endif
