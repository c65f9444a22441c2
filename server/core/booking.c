#include "core/booking.h"

#include <stdio.h>
#include <string.h>

static const char *const weekday_names[] = {
    N_("Sunday"),   N_("Monday"), N_("Tuesday"),  N_("Wednesday"),
    N_("Thursday"), N_("Friday"), N_("Saturday"),
};
/* A day in a sentence, one format per month: the weekday (%s) and the day
 * of the month (%d) around the month's name, so that a language puts the
 * three in its own order ("december 8., kedd"). */
static const char *const day_formats[] = {
    N_("%s %d January"),   N_("%s %d February"), N_("%s %d March"),    N_("%s %d April"),
    N_("%s %d May"),       N_("%s %d June"),     N_("%s %d July"),     N_("%s %d August"),
    N_("%s %d September"), N_("%s %d October"),  N_("%s %d November"), N_("%s %d December"),
};

/* "14:30" -> 870; "24:00" -> 1440 only when end_of_day. -1 when it is not
 * a time of day. */
static int booking__minutes(const char *text, bool end_of_day)
{
	if (text == NULL || strlen(text) != 5 || text[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (text[i] < '0' || text[i] > '9'))
			return -1;
	int h = (text[0] - '0') * 10 + (text[1] - '0');
	int m = (text[3] - '0') * 10 + (text[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end_of_day)))
		return -1;
	return h * 60 + m;
}

/* The Unix time of `minutes` after the local midnight day_start. */
static int64_t booking__at(int64_t day_start, int minutes)
{
	struct tm tm;
	time_t t = (time_t)day_start;
	localtime_r(&t, &tm);
	tm.tm_hour = 0;
	tm.tm_min = minutes;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

int booking_parse_span(const char *date, const char *from, const char *to, int64_t *starts_at,
                       int64_t *ends_at, np_err *err)
{
	time_t day_start, day_end;
	if (date == NULL || date[0] == '\0')
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The date must look like 2026-11-24."));
	if (rules_date_range(date, date, &day_start, &day_end, err) != 0)
		return -1;
	int a = booking__minutes(from, false), b = booking__minutes(to, true);
	if (a < 0 || b < 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The time must look like 14:30."));
	*starts_at = booking__at((int64_t)day_start, a);
	*ends_at = b == 1440 ? (int64_t)day_end : booking__at((int64_t)day_start, b);
	return 0;
}

void booking_format_day(time_t t, char *buf, size_t size)
{
	struct tm tm;
	if (size == 0)
		return;
	if (localtime_r(&t, &tm) == NULL || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_mon < 0 ||
	    tm.tm_mon > 11) {
		buf[0] = '\0';
		return;
	}
	/* TRANSLATORS: a day in a sentence: the weekday, the day of the
	 * month, the month ("Tuesday 8 December"); reorder with %2$d and %1$s. */
	snprintf(buf, size, i18n_text(day_formats[tm.tm_mon]), i18n_text(weekday_names[tm.tm_wday]),
	         tm.tm_mday);
}

void booking_format_time(int64_t t, int64_t starts_at, char *buf, size_t size)
{
	struct tm tm, start;
	time_t tt = (time_t)t, st = (time_t)starts_at;
	if (size == 0)
		return;
	if (localtime_r(&tt, &tm) == NULL || localtime_r(&st, &start) == NULL) {
		buf[0] = '\0';
		return;
	}
	if (t > starts_at && tm.tm_hour == 0 && tm.tm_min == 0 && tm.tm_yday != start.tm_yday)
		snprintf(buf, size, "24:00");
	else
		snprintf(buf, size, "%02d:%02d", tm.tm_hour % 100, tm.tm_min % 100);
}

/* Local midnight at the start of t's day. */
static int64_t booking__day_start(int64_t t)
{
	return booking__at(t, 0);
}

int booking_span_check(const rules_settings *s, int64_t now, int64_t starts_at, int64_t ends_at,
                       const char *closed_note, np_err *err)
{
	char day[64], a[8], b[8], c[8], d[8];
	booking_format_day((time_t)starts_at, day, sizeof day);
	if (ends_at <= starts_at)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The booking must end after it starts."));
	int64_t day_start = booking__day_start(starts_at);
	struct tm tm;
	time_t t = (time_t)day_start;
	localtime_r(&t, &tm);
	int iso_weekday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	tm.tm_mday += 1;
	tm.tm_isdst = -1;
	int64_t next_midnight = (int64_t)mktime(&tm);
	if (ends_at > next_midnight)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A booking cannot run past midnight; book each day on its "
		                     "own."));
	if (starts_at < now - now % 60) {
		rules_format_hhmm((int)((starts_at - day_start) / 60), a, sizeof a);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("%s on %s is in the past; only a time from now on can be "
		                     "booked."),
		                  a, day);
	}
	if (rules_is_closed_date(s, (time_t)starts_at)) {
		if (closed_note != NULL && closed_note[0] != '\0')
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
			                  N_("The room is closed on %s (%s)."), day, closed_note);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed on %s."), day);
	}
	const rules_day *hours = &s->week[iso_weekday];
	if (hours->open == 0 && hours->close == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed on %s."), day);
	int from = (int)((starts_at - day_start) / 60);
	int to = ends_at == next_midnight ? 1440 : (int)((ends_at - day_start) / 60);
	rules_format_hhmm(hours->open, a, sizeof a);
	rules_format_hhmm(hours->close, b, sizeof b);
	if (to - from > hours->close - hours->open)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The booking is longer than the opening hours of %s (%s to "
		                     "%s)."),
		                  day, a, b);
	if (from < hours->open || to > hours->close)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("On %s the room is open from %s to %s; the booking must lie "
		                     "inside."),
		                  day, a, b);
	if (hours->lunch_end > 0 && from < hours->lunch_end && to > hours->lunch_start) {
		rules_format_hhmm(hours->lunch_start, c, sizeof c);
		rules_format_hhmm(hours->lunch_end, d, sizeof d);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("On %s the room is closed for lunch from %s to %s."), day, c,
		                  d);
	}
	return 0;
}
