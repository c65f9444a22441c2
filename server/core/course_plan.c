#include "core/course_plan.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Local time on date at minutes after midnight; mktime() picks summer or
 * winter time for that day itself. */
static time_t local_time(int32_t date, int minutes)
{
	struct tm tm = {
	    .tm_year = date / 10000 - 1900,
	    .tm_mon = date / 100 % 100 - 1,
	    .tm_mday = date % 100,
	    .tm_hour = minutes / 60,
	    .tm_min = minutes % 60,
	    .tm_isdst = -1,
	};
	return mktime(&tm);
}

course_plan_occasion course_plan_on(int32_t date, int from_min, int to_min)
{
	assert(from_min >= 0 && from_min < to_min && to_min <= 1440);
	course_plan_occasion o = {
	    .date = date,
	    .starts_at = local_time(date, from_min),
	    .ends_at = local_time(date, to_min),
	};
	return o;
}

size_t course_plan_weekly(const rules_settings *s, int32_t first, int32_t until, unsigned weekdays,
                          int from_min, int to_min, course_plan_occasion *out, size_t max,
                          int32_t *skipped, size_t max_skipped, size_t *n_skipped)
{
	size_t n = 0;
	*n_skipped = 0;
	struct tm day = {
	    .tm_year = first / 10000 - 1900,
	    .tm_mon = first / 100 % 100 - 1,
	    .tm_mday = first % 100,
	    .tm_hour = 12,
	    .tm_isdst = -1,
	};
	/* At noon, so that no change of the clock moves the walk off a day;
	 * a walk stops once more than max occasions were found. */
	for (;;) {
		struct tm t = day;
		if (mktime(&t) == (time_t)-1)
			break;
		int32_t date = (t.tm_year + 1900) * 10000 + (t.tm_mon + 1) * 100 + t.tm_mday;
		if (date > until || n > max)
			break;
		int iso = t.tm_wday == 0 ? 7 : t.tm_wday;
		if (weekdays & (1u << iso)) {
			course_plan_occasion o = course_plan_on(date, from_min, to_min);
			if (rules_is_closed_date(s, o.starts_at)) {
				if (*n_skipped < max_skipped)
					skipped[*n_skipped] = date;
				(*n_skipped)++;
			} else {
				if (n < max)
					out[n] = o;
				n++;
			}
		}
		day = t;
		day.tm_mday++;
		day.tm_hour = 12;
		day.tm_isdst = -1;
	}
	return n;
}

int course_plan_check_hours(const rules_settings *s, const course_plan_occasion *o, np_err *err)
{
	char date[16];
	rules_format_date_number(o->date, date, sizeof date);
	if (rules_is_closed_date(s, o->starts_at))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("%s is a closed date: the room is closed all day."), date);
	struct tm tm;
	time_t at = o->starts_at;
	localtime_r(&at, &tm);
	const rules_day *d = &s->week[tm.tm_wday == 0 ? 7 : tm.tm_wday];
	if (d->open == d->close)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed all day on %s."), date);
	int from = tm.tm_hour * 60 + tm.tm_min;
	int to = from + (int)((o->ends_at - o->starts_at) / 60);
	bool fits = d->lunch_end > 0 ? (from >= d->open && to <= d->lunch_start) ||
	                                   (from >= d->lunch_end && to <= d->close)
	                             : from >= d->open && to <= d->close;
	if (fits)
		return 0;
	char hours[32], start[8], end[8];
	rules_format_day(d, hours, sizeof hours);
	rules_format_hhmm(from, start, sizeof start);
	rules_format_hhmm(to, end, sizeof end);
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
	                  N_("The room is not open on %s from %s to %s (its hours that day: %s)."),
	                  date, start, end, hours);
}

bool course_plan_parse_hhmm(const char *text, int *minutes)
{
	if (text == NULL || strlen(text) != 5 || text[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (text[i] < '0' || text[i] > '9'))
			return false;
	int h = (text[0] - '0') * 10 + (text[1] - '0');
	int m = (text[3] - '0') * 10 + (text[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	return true;
}
