#include "core/course_plan.h"

#include <time.h>

size_t course_plan_weekly(const rules_settings *s, int32_t first, int32_t until, unsigned weekdays,
                          int32_t *dates, size_t max, int32_t *skipped, size_t max_skipped,
                          size_t *n_skipped)
{
	size_t n = 0;
	*n_skipped = 0;
	/* At noon, so that no change of the clock moves the walk off a day;
	 * mktime() normalises the day after the last of a month. */
	struct tm day = {
	    .tm_year = first / 10000 - 1900,
	    .tm_mon = first / 100 % 100 - 1,
	    .tm_mday = first % 100,
	    .tm_hour = 12,
	    .tm_isdst = -1,
	};
	for (;;) {
		struct tm t = day;
		time_t noon = mktime(&t);
		if (noon == (time_t)-1)
			break;
		int32_t date = (t.tm_year + 1900) * 10000 + (t.tm_mon + 1) * 100 + t.tm_mday;
		if (date > until || n > max)
			break;
		int iso = t.tm_wday == 0 ? 7 : t.tm_wday;
		if (weekdays & (1u << iso)) {
			if (rules_is_closed_date(s, noon)) {
				if (*n_skipped < max_skipped)
					skipped[*n_skipped] = date;
				(*n_skipped)++;
			} else {
				if (n < max)
					dates[n] = date;
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
