#include "core/usage_rules.h"

#include <stdio.h>

usage_band usage_age_band(int birth_year, int year)
{
	if (birth_year <= 0 || birth_year > year)
		return USAGE_BAND_UNKNOWN;
	int age = year - birth_year;
	if (age <= 17)
		return USAGE_BAND_0_17;
	if (age <= 29)
		return USAGE_BAND_18_29;
	if (age <= 44)
		return USAGE_BAND_30_44;
	if (age <= 59)
		return USAGE_BAND_45_59;
	if (age <= 74)
		return USAGE_BAND_60_74;
	return USAGE_BAND_75_UP;
}

const char *usage_band_key(usage_band band)
{
	static const char *const keys[USAGE_BAND_COUNT] = {
	    "0-17", "18-29", "30-44", "45-59", "60-74", "75+", "unknown",
	};
	return band < USAGE_BAND_COUNT ? keys[band] : "unknown";
}

void usage_people(int64_t people, int32_t *count, bool *suppressed)
{
	bool small = people > 0 && people < USAGE_MIN_PEOPLE;
	*suppressed = small;
	*count = small ? 0 : (int32_t)(people > INT32_MAX ? INT32_MAX : people);
}

static bool parse(const char *date, int *y, int *m, int *d)
{
	char rest;
	return sscanf(date, "%4d-%2d-%2d%c", y, m, d, &rest) == 3 && *m >= 1 && *m <= 12 &&
	       *d >= 1 && *d <= 31;
}

static int days_in(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

static void format(char *buf, int y, int m, int d)
{
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)d % 100u);
}

int usage_periods(const char *from, const char *to, usage_by by, usage_period *out, size_t max,
                  size_t *n)
{
	int fy, fm, fd, ty, tm, td;
	*n = 0;
	if (!parse(from, &fy, &fm, &fd) || !parse(to, &ty, &tm, &td) || max == 0)
		return -1;
	if (by == USAGE_BY_WHOLE) {
		format(out[0].from, fy, fm, fd);
		format(out[0].to, ty, tm, td);
		out[0].year = ty;
		*n = 1;
		return 0;
	}
	int step = by == USAGE_BY_QUARTER ? 3 : 1;
	/* The first month of the period holding from. */
	int y = fy, m = by == USAGE_BY_QUARTER ? (fm - 1) / 3 * 3 + 1 : fm;
	while (y * 100 + m <= ty * 100 + tm) {
		if (*n == max)
			return -1;
		int ly = y, lm = m + step - 1; /* the period's last month */
		usage_period *p = &out[(*n)++];
		if (y == fy && m <= fm && fm <= lm)
			format(p->from, fy, fm, fd);
		else
			format(p->from, y, m, 1);
		if (ly * 100 + lm >= ty * 100 + tm)
			format(p->to, ty, tm, td);
		else
			format(p->to, ly, lm, days_in(ly, lm));
		p->year = ly * 100 + lm >= ty * 100 + tm ? ty : ly;
		m += step;
		if (m > 12) {
			m -= 12;
			y++;
		}
	}
	return 0;
}

int64_t usage_median(const int64_t *v, size_t n)
{
	if (n == 0)
		return 0;
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}
