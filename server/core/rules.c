/* The room's rules: see rules.h. Local days are found with localtime_r() and
 * mktime() (tm_isdst = -1), so a day with a daylight-saving change still
 * closes at its wall-clock closing time. */
#include "core/rules.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "core/i18n.h"

void rules_settings_default(rules_settings *s)
{
	assert(s != NULL);
	memset(s, 0, sizeof *s);
	for (int d = 1; d <= 6; d++) /* Monday to Saturday */
		s->week[d] = (rules_day){.open = 9 * 60, .close = 18 * 60};
	s->daily_allowance_s = 60 * 60;
	s->guest_default_s = 30 * 60;
	s->pin_max_tries = 3;
	s->pin_lock_min = 5;
	s->staff_max_tries = 5;
	s->staff_lock_min = 1;
	s->staff_lock_max_min = 60;
	s->seat_max_failed_logins = 10;
	s->seat_window_min = 5;
	s->seat_pause_min = 5;
	s->join_code_min = 24 * 60;
	s->booking_release_min = 10;
	s->retention_help_text_days = 90;
	s->retention_session_days = 365;
	s->retention_guest_days = 30;
	s->retention_audit_days = 730;
	s->retention_notes_days = 365;
}

/* Parses a whole non-negative decimal number of at most 6 digits; anything
 * else (signs, spaces, "1e3", "") is refused so settings stay readable. */
static bool rules__parse_uint(const char *text, int *out)
{
	if (text == NULL || text[0] == '\0' || strlen(text) > 6)
		return false;
	int v = 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

/* "9:00", "09:00" or "24:00" -> minutes after midnight (0..1440). */
static bool rules__parse_hhmm(const char *text, int *minutes)
{
	if (text == NULL)
		return false;
	size_t len = strlen(text);
	if (len != 4 && len != 5)
		return false;
	const char *colon = strchr(text, ':');
	if (colon == NULL || strlen(colon) != 3 || colon == text)
		return false;
	int h = 0;
	for (const char *p = text; p < colon; p++) {
		if (*p < '0' || *p > '9')
			return false;
		h = h * 10 + (*p - '0');
	}
	if (colon[1] < '0' || colon[1] > '5' || colon[2] < '0' || colon[2] > '9')
		return false;
	int m = (colon[1] - '0') * 10 + (colon[2] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	return true;
}

static bool rules__is_plain_name(const char *text, size_t max)
{
	size_t len = strlen(text);
	if (len == 0 || len > max)
		return false;
	for (const char *p = text; *p != '\0'; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
		if (!ok)
			return false;
	}
	return true;
}

static const char rules__setting_keys[] =
    "site_name, currency, currency_decimals, hours_1 .. hours_7, open_time, close_time, "
    "open_days, "
    "daily_allowance_min, guest_default_min, pin_max_tries, pin_lock_min, staff_max_tries, "
    "staff_lock_min, staff_lock_max_min, seat_max_failed_logins, seat_window_min, "
    "seat_pause_min, join_code_min, default_category, site_language, cash_outside_shift, "
    "mentor_reverse_min, booking_release_min, retention_help_text_days, "
    "retention_session_days, retention_guest_days, retention_audit_days, retention_notes_days";

/* The sign-in throttling settings and the join codes' lifetime: whole
 * numbers in a range, each kept in one int of rules_settings. */
static const struct {
	const char *key;
	int min, max;
	size_t offset;
} rules__throttle_keys[] = {
    {"pin_lock_min", 1, 1440, offsetof(rules_settings, pin_lock_min)},
    {"staff_max_tries", 1, 100, offsetof(rules_settings, staff_max_tries)},
    {"staff_lock_min", 1, 1440, offsetof(rules_settings, staff_lock_min)},
    {"staff_lock_max_min", 1, 1440, offsetof(rules_settings, staff_lock_max_min)},
    {"seat_max_failed_logins", 1, 1000, offsetof(rules_settings, seat_max_failed_logins)},
    {"seat_window_min", 1, 1440, offsetof(rules_settings, seat_window_min)},
    {"seat_pause_min", 1, 1440, offsetof(rules_settings, seat_pause_min)},
    {"join_code_min", 1, 1440, offsetof(rules_settings, join_code_min)},
    /* 0: a booking nobody claims is never released. */
    {"booking_release_min", 0, 120, offsetof(rules_settings, booking_release_min)},
    /* Retention in days; 0: kept for ever. */
    {"retention_help_text_days", 0, 36500, offsetof(rules_settings, retention_help_text_days)},
    {"retention_session_days", 0, 36500, offsetof(rules_settings, retention_session_days)},
    {"retention_guest_days", 0, 36500, offsetof(rules_settings, retention_guest_days)},
    {"retention_audit_days", 0, 36500, offsetof(rules_settings, retention_audit_days)},
    {"retention_notes_days", 0, 36500, offsetof(rules_settings, retention_notes_days)},
};

/* rules_settings_apply() for the keys of rules__throttle_keys: 1 when key
 * is not one of them, else 0 or -1 (err set). */
static int rules__apply_throttle(rules_settings *s, const char *key, const char *value, np_err *err)
{
	for (size_t i = 0; i < sizeof rules__throttle_keys / sizeof rules__throttle_keys[0]; i++) {
		if (strcmp(key, rules__throttle_keys[i].key) != 0)
			continue;
		int n = 0;
		if (!rules__parse_uint(value, &n) || n < rules__throttle_keys[i].min ||
		    n > rules__throttle_keys[i].max)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("%s must be a whole number from %d to %d."), key,
			                  rules__throttle_keys[i].min, rules__throttle_keys[i].max);
		if (s != NULL)
			*(int *)((char *)s + rules__throttle_keys[i].offset) = n;
		return 0;
	}
	return 1;
}

static bool rules__day_open(const rules_day *d)
{
	return d->close > 0;
}

/* "09:00-18:00" or "09:00-12:00,13:00-18:00" or "closed" -> *d, checked. */
static bool rules__parse_day(const char *text, rules_day *d)
{
	if (strcmp(text, "closed") == 0) {
		*d = (rules_day){0};
		return true;
	}
	char buf[32];
	size_t len = strlen(text);
	if (len >= sizeof buf)
		return false;
	memcpy(buf, text, len + 1);
	int t[4] = {0, 0, 0, 0};
	int n = 0;
	char *save = NULL;
	for (char *part = strtok_r(buf, ",", &save); part != NULL;
	     part = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(part, '-');
		if (n >= 4 || dash == NULL)
			return false;
		*dash = '\0';
		if (!rules__parse_hhmm(part, &t[n]) || !rules__parse_hhmm(dash + 1, &t[n + 1]))
			return false;
		n += 2;
	}
	rules_day out = {0};
	if (n == 2)
		out = (rules_day){.open = t[0], .close = t[1]};
	else if (n == 4)
		out = (rules_day){
		    .open = t[0], .lunch_start = t[1], .lunch_end = t[2], .close = t[3]};
	else
		return false;
	bool lunch_ok =
	    out.lunch_end == 0 || (out.open < out.lunch_start && out.lunch_start < out.lunch_end &&
	                           out.lunch_end < out.close);
	if (out.open >= 1440 || out.open >= out.close || !lunch_ok)
		return false;
	*d = out;
	return true;
}

void rules_day_key(int iso_weekday, char *buf, size_t size)
{
	snprintf(buf, size, "hours_%d", iso_weekday);
}

bool rules_is_hours_key(const char *key)
{
	if (strcmp(key, "open_time") == 0 || strcmp(key, "close_time") == 0 ||
	    strcmp(key, "open_days") == 0)
		return true;
	return strncmp(key, "hours_", 6) == 0 && key[6] >= '1' && key[6] <= '7' && key[7] == '\0';
}

/* rules_settings_apply() for the keys of the opening hours: 1 when key is
 * not one of them, else 0 or -1 (err set). The old keys change every open
 * day at once, as they did when there was one set of hours for the week;
 * rules_settings_check() then refuses a day they would break. */
static int rules__apply_hours(rules_settings *s, const char *key, const char *value, np_err *err)
{
	int n = 0;
	if (strncmp(key, "hours_", 6) == 0 && rules_is_hours_key(key)) {
		rules_day d;
		if (!rules__parse_day(value, &d))
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("%s must look like 09:00-18:00, or 09:00-12:00,13:00-18:00 "
			       "with a lunch break, or closed."),
			    key);
		if (s != NULL)
			s->week[key[6] - '0'] = d;
		return 0;
	}
	if (strcmp(key, "open_time") == 0) {
		if (!rules__parse_hhmm(value, &n) || n >= 1440)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("open_time must look like 09:00."));
		for (int d = 1; s != NULL && d <= 7; d++)
			if (rules__day_open(&s->week[d]))
				s->week[d].open = n;
		return 0;
	}
	if (strcmp(key, "close_time") == 0) {
		if (!rules__parse_hhmm(value, &n))
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("close_time must look like 18:00."));
		if (n == 0)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("close_time cannot be 00:00; use 24:00 for midnight."));
		for (int d = 1; s != NULL && d <= 7; d++)
			if (rules__day_open(&s->week[d]))
				s->week[d].close = n;
		return 0;
	}
	if (strcmp(key, "open_days") == 0) {
		unsigned days = 0;
		bool ok = value[0] != '\0' && strlen(value) <= 7;
		for (const char *p = value; ok && *p != '\0'; p++) {
			if (*p < '1' || *p > '7' || (days & (1u << (*p - '0'))) != 0)
				ok = false;
			else
				days |= 1u << (*p - '0');
		}
		if (!ok)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("open_days must list the open days as digits, 1 = Monday to "
			       "7 = Sunday, e.g. 123456."));
		if (s == NULL)
			return 0;
		/* A day opened here gets the hours of the first open day. */
		rules_day model = {.open = 9 * 60, .close = 18 * 60};
		for (int d = 7; d >= 1; d--)
			if (rules__day_open(&s->week[d]))
				model = s->week[d];
		for (int d = 1; d <= 7; d++) {
			if ((days & (1u << d)) == 0)
				s->week[d] = (rules_day){0};
			else if (!rules__day_open(&s->week[d]))
				s->week[d] = model;
		}
		return 0;
	}
	return 1;
}

int rules_settings_apply(rules_settings *s, const char *key, const char *value, np_err *err)
{
	if (key == NULL || value == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A setting needs a name and a value."));
	int n = 0;
	int hours = rules__apply_hours(s, key, value, err);
	if (hours <= 0)
		return hours;
	if (strcmp(key, "daily_allowance_min") == 0) {
		if (!rules__parse_uint(value, &n) || n > 1440)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("daily_allowance_min must be a whole number of minutes from 0 "
			       "to 1440 (0 = no limit)."));
		if (s != NULL)
			s->daily_allowance_s = (int64_t)n * 60;
		return 0;
	}
	if (strcmp(key, "guest_default_min") == 0) {
		if (!rules__parse_uint(value, &n) || n < 1 || n > 1440)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("guest_default_min must be a whole number of minutes from 1 "
			       "to 1440."));
		if (s != NULL)
			s->guest_default_s = (int64_t)n * 60;
		return 0;
	}
	if (strcmp(key, "pin_max_tries") == 0) {
		if (!rules__parse_uint(value, &n) || n < 1 || n > 20)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("pin_max_tries must be a whole number from 1 to 20."));
		if (s != NULL)
			s->pin_max_tries = n;
		return 0;
	}
	int throttle = rules__apply_throttle(s, key, value, err);
	if (throttle <= 0)
		return throttle;
	/* The keys below do not change the rules, but SettingSet validates
	 * them here too so that every setting is checked in one place. */
	if (strcmp(key, "currency_decimals") == 0) {
		if (!rules__parse_uint(value, &n) || n > 3)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("currency_decimals must be a whole number from 0 to 3."));
		return 0;
	}
	if (strcmp(key, "site_name") == 0) {
		if (value[0] == '\0' || strlen(value) > 80)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("site_name must be 1 to 80 characters long."));
		return 0;
	}
	if (strcmp(key, "currency") == 0) {
		bool ok = strlen(value) == 3;
		for (const char *p = value; ok && *p != '\0'; p++)
			ok = *p >= 'A' && *p <= 'Z';
		if (!ok)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("currency must be a three-letter code like HUF."));
		return 0;
	}
	if (strcmp(key, "default_category") == 0) {
		if (!rules__is_plain_name(value, 32))
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("default_category must be a category name like standard."));
		return 0;
	}
	if (strcmp(key, "site_language") == 0) {
		if (value[0] != '\0' && !i18n_language_ok(value))
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("site_language must be a language code like hu, or empty for "
			       "English."));
		return 0;
	}
	/* The money's settings, read by store/ledger.c when they apply. */
	if (strcmp(key, "cash_outside_shift") == 0) {
		if (strcmp(value, "allow") != 0 && strcmp(value, "refuse") != 0)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("cash_outside_shift must be allow or refuse."));
		return 0;
	}
	if (strcmp(key, "mentor_reverse_min") == 0) {
		if (!rules__parse_uint(value, &n) || n > 1440)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("mentor_reverse_min must be a whole number of minutes "
			                     "from 0 to 1440."));
		return 0;
	}
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	                  N_("There is no setting called '%.64s'. Settings: %s."), key,
	                  rules__setting_keys);
}

void rules_format_hhmm(int minutes, char *buf, size_t size)
{
	/* A time of day is 00:00 to 24:00; the clamp also tells the compiler
	 * that "HH:MM" always fits in 6 bytes. */
	int m = minutes < 0 ? 0 : minutes > 24 * 60 ? 24 * 60 : minutes;
	snprintf(buf, size, "%02d:%02d", m / 60, m % 60);
}

void rules_format_open_days(const rules_settings *s, char *buf, size_t size)
{
	assert(size >= 8);
	size_t n = 0;
	for (int d = 1; d <= 7; d++)
		if (rules__day_open(&s->week[d]))
			buf[n++] = (char)('0' + d);
	buf[n] = '\0';
}

void rules_format_day(const rules_day *d, char *buf, size_t size)
{
	assert(size >= 24);
	if (!rules__day_open(d)) {
		snprintf(buf, size, "closed");
		return;
	}
	char a[8], b[8], c[8], e[8];
	rules_format_hhmm(d->open, a, sizeof a);
	rules_format_hhmm(d->close, e, sizeof e);
	if (d->lunch_end == 0) {
		snprintf(buf, size, "%s-%s", a, e);
		return;
	}
	rules_format_hhmm(d->lunch_start, b, sizeof b);
	rules_format_hhmm(d->lunch_end, c, sizeof c);
	snprintf(buf, size, "%s-%s,%s-%s", a, b, c, e);
}

int rules_settings_check(const rules_settings *s, np_err *err)
{
	assert(s != NULL);
	bool any_open = false;
	for (int d = 1; d <= 7; d++) {
		const rules_day *day = &s->week[d];
		if (!rules__day_open(day))
			continue;
		any_open = true;
		if (day->open >= day->close) {
			char open[8], close[8];
			rules_format_hhmm(day->open, open, sizeof open);
			rules_format_hhmm(day->close, close, sizeof close);
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("The room must open before it closes (opens %s, closes "
			       "%s)."),
			    open, close);
		}
		if (day->lunch_end != 0 &&
		    (day->lunch_start <= day->open || day->lunch_end >= day->close)) {
			char open[8], close[8];
			rules_format_hhmm(day->open, open, sizeof open);
			rules_format_hhmm(day->close, close, sizeof close);
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("The lunch break must lie between the opening and the "
			                     "closing (%s-%s)."),
			                  open, close);
		}
	}
	if (!any_open)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The room must be open on at least one day."));
	if (s->staff_lock_max_min < s->staff_lock_min)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("staff_lock_max_min (%d) must not be less than staff_lock_min "
		                     "(%d)."),
		                  s->staff_lock_max_min, s->staff_lock_min);
	return 0;
}

/* The Unix time of `minutes` after local midnight, day_offset days after
 * now's local day. minutes may be 1440 (the next midnight). */
static time_t rules__day_time(time_t now, int day_offset, int minutes)
{
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += day_offset;
	tm.tm_hour = 0;
	tm.tm_min = minutes;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* Noon of the local day day_offset days after now's, normalised into *tm.
 * Noon is used so a daylight-saving change cannot move the day. */
static void rules__local_noon(time_t now, int day_offset, struct tm *tm)
{
	localtime_r(&now, tm);
	tm->tm_mday += day_offset;
	tm->tm_hour = 12;
	tm->tm_min = 0;
	tm->tm_sec = 0;
	tm->tm_isdst = -1;
	mktime(tm);
}

/* ISO weekday (1 = Monday .. 7 = Sunday) of the local day day_offset days
 * after now's. */
static int rules__iso_weekday(time_t now, int day_offset)
{
	struct tm tm;
	rules__local_noon(now, day_offset, &tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

static bool rules__parse_date(const char *text, int day_offset, time_t *out);

/* The local day day_offset days after now's as yyyymmdd (20261224). */
static int32_t rules__date_number(time_t now, int day_offset)
{
	struct tm tm;
	rules__local_noon(now, day_offset, &tm);
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

static bool rules__date_closed(const rules_settings *s, int32_t date)
{
	size_t lo = 0, hi = s->n_closed_dates;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->closed_dates[mid] == date)
			return true;
		if (s->closed_dates[mid] < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The hours of the local day day_offset days after now's, or NULL when the
 * room is closed all that day (a closed weekday or a closed date). */
static const rules_day *rules__day(const rules_settings *s, time_t now, int day_offset)
{
	const rules_day *d = &s->week[rules__iso_weekday(now, day_offset)];
	if (!rules__day_open(d) || rules__date_closed(s, rules__date_number(now, day_offset)))
		return NULL;
	return d;
}

/* The open stretches of a day as [start, end) minute pairs; returns how
 * many (0, 1 or 2). */
static int rules__stretches(const rules_day *d, int out[2][2])
{
	if (d == NULL)
		return 0;
	if (d->lunch_end == 0) {
		out[0][0] = d->open;
		out[0][1] = d->close;
		return 1;
	}
	out[0][0] = d->open;
	out[0][1] = d->lunch_start;
	out[1][0] = d->lunch_end;
	out[1][1] = d->close;
	return 2;
}

bool rules_parse_date_number(const char *text, int32_t *out)
{
	time_t t;
	if (!rules__parse_date(text, 0, &t))
		return false;
	*out = rules__date_number(t, 0);
	return true;
}

void rules_format_date_number(int32_t date, char *buf, size_t size)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;
	y = y < 0 ? 0 : y > 9999 ? 9999 : y;
	snprintf(buf, size, "%04d-%02d-%02d", y, m < 0 ? 0 : m, d < 0 ? 0 : d);
}

bool rules_closed_date_add(rules_settings *s, int32_t date)
{
	if (rules__date_closed(s, date))
		return true;
	if (s->n_closed_dates >= RULES_CLOSED_DATES_MAX)
		return false;
	size_t i = s->n_closed_dates;
	while (i > 0 && s->closed_dates[i - 1] > date) {
		s->closed_dates[i] = s->closed_dates[i - 1];
		i--;
	}
	s->closed_dates[i] = date;
	s->n_closed_dates++;
	return true;
}

bool rules_is_closed_date(const rules_settings *s, time_t now)
{
	return rules__date_closed(s, rules__date_number(now, 0));
}

bool rules_is_open(const rules_settings *s, time_t now)
{
	assert(s != NULL);
	int st[2][2];
	int n = rules__stretches(rules__day(s, now, 0), st);
	for (int i = 0; i < n; i++)
		if (rules__day_time(now, 0, st[i][0]) <= now &&
		    now < rules__day_time(now, 0, st[i][1]))
			return true;
	return false;
}

time_t rules_closing_time(const rules_settings *s, time_t now)
{
	assert(s != NULL);
	int st[2][2];
	int n = rules__stretches(rules__day(s, now, 0), st);
	for (int i = 0; i < n; i++) {
		time_t end = rules__day_time(now, 0, st[i][1]);
		if (now < end)
			return end;
	}
	const rules_day *d = &s->week[rules__iso_weekday(now, 0)];
	return rules__day_time(now, 0, rules__day_open(d) ? d->close : 0);
}

time_t rules_closes_at(const rules_settings *s, time_t now)
{
	return rules_is_open(s, now) ? rules_closing_time(s, now) : 0;
}

void rules_close_time_today(const rules_settings *s, time_t now, char *buf, size_t size)
{
	assert(s != NULL && buf != NULL && size >= 6);
	/* The day's last closing, also before a lunch break: an agent takes
	 * it for every open day's closing (agent/core/room.h), and one that
	 * knows closes_at warns before the lunch break by that. */
	const rules_day *d = rules__day(s, now, 0);
	if (d == NULL || d->close >= 1440)
		buf[0] = '\0';
	else
		rules_format_hhmm(d->close, buf, size);
}

void rules_hours_today(const rules_settings *s, time_t now, char *buf, size_t size)
{
	assert(s != NULL && buf != NULL && size >= 32);
	buf[0] = '\0';
	int st[2][2];
	int n = rules__stretches(rules__day(s, now, 0), st);
	size_t used = 0;
	for (int i = 0; i < n && used < size; i++) {
		char a[8], b[8];
		rules_format_hhmm(st[i][0], a, sizeof a);
		rules_format_hhmm(st[i][1], b, sizeof b);
		int w = snprintf(buf + used, size - used, "%s%s\u2013%s", i ? ", " : "", a, b);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* The hours of the next open weekday from now's day on; NULL if none. */
static const rules_day *rules__next_open_weekday(const rules_settings *s, time_t now)
{
	for (int d = 0; d < 7; d++) {
		const rules_day *day = &s->week[rules__iso_weekday(now, d)];
		if (rules__day_open(day))
			return day;
	}
	return NULL;
}

int rules_legacy_open_time(const rules_settings *s, time_t now)
{
	const rules_day *day = rules__next_open_weekday(s, now);
	return day != NULL ? day->open : 0;
}

void rules_legacy_hours(const rules_settings *s, time_t now, char *open_time, char *close_time,
                        char *open_days)
{
	const rules_day *day = rules__next_open_weekday(s, now);
	rules_format_hhmm(day != NULL ? day->open : 0, open_time, 8);
	rules_format_hhmm(day != NULL ? day->close : 0, close_time, 8);
	rules_format_open_days(s, open_days, 8);
}

time_t rules_next_opening(const rules_settings *s, time_t now)
{
	assert(s != NULL);
	for (int d = 0; d <= 400; d++) {
		int st[2][2];
		int n = rules__stretches(rules__day(s, now, d), st);
		for (int i = 0; i < n; i++) {
			time_t open = rules__day_time(now, d, st[i][0]);
			if (open >= now)
				return open;
		}
	}
	return (time_t)-1;
}

int rules_closed_error(const rules_settings *s, time_t now, np_err *err)
{
	/* One whole sentence per day: languages inflect the day's name
	 * ("hétfőn", "kedden"). */
	static const char *const opens_on[] = {
	    "",
	    N_("The room is closed now. It opens at %s on Monday."),
	    N_("The room is closed now. It opens at %s on Tuesday."),
	    N_("The room is closed now. It opens at %s on Wednesday."),
	    N_("The room is closed now. It opens at %s on Thursday."),
	    N_("The room is closed now. It opens at %s on Friday."),
	    N_("The room is closed now. It opens at %s on Saturday."),
	    N_("The room is closed now. It opens at %s on Sunday."),
	};
	static const char *const holiday_opens_on[] = {
	    "",
	    N_("The room is closed today. It opens at %s on Monday."),
	    N_("The room is closed today. It opens at %s on Tuesday."),
	    N_("The room is closed today. It opens at %s on Wednesday."),
	    N_("The room is closed today. It opens at %s on Thursday."),
	    N_("The room is closed today. It opens at %s on Friday."),
	    N_("The room is closed today. It opens at %s on Saturday."),
	    N_("The room is closed today. It opens at %s on Sunday."),
	};
	time_t open = rules_next_opening(s, now);
	if (open == (time_t)-1)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed now. No opening days are set."));
	struct tm tm;
	localtime_r(&open, &tm);
	char hhmm[8];
	rules_format_hhmm(tm.tm_hour * 60 + tm.tm_min, hhmm, sizeof hhmm);
	if (open < rules__day_time(now, 1, 0))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed now. It opens at %s today."), hhmm);
	bool holiday = rules_is_closed_date(s, now);
	if (open >= rules__day_time(now, 7, 0)) {
		char date[16];
		rules_format_date(open, date, sizeof date);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  holiday ? N_("The room is closed today. It opens at %s on %s.")
		                          : N_("The room is closed now. It opens at %s on %s."),
		                  hhmm, date);
	}
	int iso = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
	                  holiday ? holiday_opens_on[iso] : opens_on[iso], hhmm);
}

time_t rules_session_cap(const rules_settings *s, time_t now, time_t ends_at)
{
	time_t cap =
	    rules_is_open(s, now) ? rules_closing_time(s, now) : now + RULES_WARNING_5MIN_S;
	return ends_at < cap ? ends_at : cap;
}

time_t rules_logout_time(time_t at, time_t started_at, time_t ends_at, time_t now)
{
	if (at <= 0 || at > now)
		at = now;
	if (ends_at > 0 && at > ends_at)
		at = ends_at;
	if (at < started_at)
		at = started_at;
	return at;
}

int rules_session_end(const rules_settings *s, time_t now, rules_session_kind kind,
                      int64_t requested_s, int64_t used_today_s, time_t *ends_at, np_err *err)
{
	assert(s != NULL && ends_at != NULL);
	if (requested_s < 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The time must be more than 0 minutes."));
	if (kind != RULES_SESSION_SELF && kind != RULES_SESSION_MENTOR_RESIDENT &&
	    kind != RULES_SESSION_MENTOR_GUEST)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A session is for a resident or for a guest."));
	if (!rules_is_open(s, now))
		return rules_closed_error(s, now, err);

	time_t close = rules_closing_time(s, now);
	assert(close > now);
	/* -1: no limit. */
	int64_t left = -1;
	if (s->daily_allowance_s > 0) {
		left = s->daily_allowance_s - (used_today_s > 0 ? used_today_s : 0);
		if (left < 0)
			left = 0;
	}
	long long allowance_min = (long long)(s->daily_allowance_s / 60);

	int64_t duration = -1; /* -1: until closing time */
	switch (kind) {
	case RULES_SESSION_SELF:
		if (left == 0)
			return np_err_setn(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_NO_TIME_LEFT,
			    (unsigned long)allowance_min,
			    "You have used today's %lld minute. A mentor can give you more time.",
			    "You have used today's %lld minutes. A mentor can give you more "
			    "time.",
			    allowance_min);
		duration = left;
		if (requested_s > 0 && (duration < 0 || requested_s < duration))
			duration = requested_s;
		break;
	case RULES_SESSION_MENTOR_RESIDENT:
		if (requested_s > 0) {
			duration = requested_s;
		} else {
			if (left == 0)
				return np_err_setn(
				    err, NETPONT__ERROR_CODE__ERROR_CODE_NO_TIME_LEFT,
				    (unsigned long)allowance_min,
				    "This resident has used today's %lld minute. Give a number "
				    "of minutes to start a session anyway.",
				    "This resident has used today's %lld minutes. Give a number "
				    "of minutes to start a session anyway.",
				    allowance_min);
			duration = left;
		}
		break;
	case RULES_SESSION_MENTOR_GUEST:
		duration = requested_s > 0 ? requested_s : s->guest_default_s;
		if (duration <= 0)
			duration = -1;
		break;
	}
	if (duration < 0 || duration >= (int64_t)(close - now))
		*ends_at = close;
	else
		*ends_at = now + (time_t)duration;
	assert(*ends_at > now);
	return 0;
}

int rules_session_extend(const rules_settings *s, time_t now, time_t ends_at, int64_t add_s,
                         time_t *new_ends_at, np_err *err)
{
	assert(s != NULL && new_ends_at != NULL);
	if (add_s <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The extra time must be more than 0 minutes."));
	if (!rules_is_open(s, now))
		return rules_closed_error(s, now, err);
	time_t close = rules_closing_time(s, now);
	time_t base = ends_at > now ? ends_at : now;
	if (base >= close) {
		/* The end of this open stretch: the lunch break's start too. */
		struct tm tm;
		localtime_r(&close, &tm);
		char hhmm[8];
		rules_format_hhmm(close >= rules__day_time(now, 1, 0) ? 1440
		                                                      : tm.tm_hour * 60 + tm.tm_min,
		                  hhmm, sizeof hhmm);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room closes at %s, so no more time can be added."), hhmm);
	}
	if (add_s >= (int64_t)(close - base))
		*new_ends_at = close;
	else
		*new_ends_at = base + (time_t)add_s;
	return 0;
}

int64_t rules_used_today(time_t now, const rules_interval *sessions, size_t count)
{
	assert(sessions != NULL || count == 0);
	time_t midnight = rules__day_time(now, 0, 0);
	time_t next = rules__day_time(now, 1, 0);
	time_t limit = now < next ? now : next;
	int64_t used = 0;
	for (size_t i = 0; i < count; i++) {
		time_t start = sessions[i].start > midnight ? sessions[i].start : midnight;
		time_t end = sessions[i].end < limit ? sessions[i].end : limit;
		if (end > start)
			used += (int64_t)(end - start);
	}
	return used;
}

int64_t rules_remaining(time_t ends_at, time_t now)
{
	return ends_at > now ? (int64_t)(ends_at - now) : 0;
}

rules_warning rules_warning_due(int64_t remaining_s, rules_warning shown)
{
	if (remaining_s <= 0)
		return RULES_WARNING_NONE;
	if (remaining_s <= RULES_WARNING_1MIN_S)
		return shown < RULES_WARNING_1MIN ? RULES_WARNING_1MIN : RULES_WARNING_NONE;
	if (remaining_s <= RULES_WARNING_5MIN_S)
		return shown < RULES_WARNING_5MIN ? RULES_WARNING_5MIN : RULES_WARNING_NONE;
	return RULES_WARNING_NONE;
}

rules_warning rules_warning_rearm(int64_t remaining_s, rules_warning shown)
{
	if (remaining_s > RULES_WARNING_5MIN_S)
		return RULES_WARNING_NONE;
	if (remaining_s > RULES_WARNING_1MIN_S && shown > RULES_WARNING_5MIN)
		return RULES_WARNING_5MIN;
	return shown;
}

const char *rules_warning_name(rules_warning w)
{
	switch (w) {
	case RULES_WARNING_5MIN:
		return "5min";
	case RULES_WARNING_1MIN:
		return "1min";
	case RULES_WARNING_NONE:
		break;
	}
	return "";
}

/* "2026-11-24" -> the local midnight starting that day (day_offset 0) or
 * the next one (1). Refuses dates that do not exist (2026-02-30). */
static bool rules__parse_date(const char *text, int day_offset, time_t *out)
{
	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	int parts[3] = {0, 0, 0};
	const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
	for (int i = 0; i < 3; i++) {
		for (int j = 0; j < lens[i]; j++) {
			char c = text[starts[i] + j];
			if (c < '0' || c > '9')
				return false;
			parts[i] = parts[i] * 10 + (c - '0');
		}
	}
	if (parts[0] < 1970 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1)
		return false;
	struct tm tm = {0};
	tm.tm_year = parts[0] - 1900;
	tm.tm_mon = parts[1] - 1;
	tm.tm_mday = parts[2];
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (mktime(&tm) == (time_t)-1 || tm.tm_mday != parts[2] || tm.tm_mon != parts[1] - 1)
		return false;
	tm.tm_mday += day_offset;
	tm.tm_hour = 0;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out != (time_t)-1;
}

int rules_date_range(const char *from, const char *to, time_t *start, time_t *end, np_err *err)
{
	assert(start != NULL && end != NULL);
	time_t s = 0, e = 0, to_start = 0;
	if (!rules__parse_date(from, 0, &s))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The date must look like 2026-11-24."));
	if (!rules__parse_date(to, 1, &e) || !rules__parse_date(to, 0, &to_start))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The date must look like 2026-11-24."));
	if (s > to_start)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The start date %s is after the end date %s."), from, to);
	*start = s;
	*end = e;
	return 0;
}

void rules_format_date(time_t t, char *buf, size_t size)
{
	struct tm tm;
	/* strftime, not snprintf of the fields: it bounds the year itself, and
	 * an optimised build warns that an int year could overflow the buffer. */
	if (size == 0)
		return;
	if (localtime_r(&t, &tm) == NULL || strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		buf[0] = '\0';
}

int rules_pin_tries_left(int failed_pins, int max_tries)
{
	int left = max_tries - failed_pins;
	return left > 0 ? left : 0;
}

int rules_pin_wrong(int failed_pins, int max_tries, np_err *err)
{
	assert(failed_pins < max_tries);
	int left = rules_pin_tries_left(failed_pins, max_tries);
	np_err_setn(err, NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, (unsigned long)left,
	            "Wrong PIN — %d try left. A mentor can reset it.",
	            "Wrong PIN — %d tries left. A mentor can reset it.", left);
	if (err != NULL)
		err->tries_left = left;
	return -1;
}
