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
	s->open_time = 9 * 60;
	s->close_time = 18 * 60;
	s->open_days = 0x7e; /* bits 1..6: Monday to Saturday */
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
    "site_name, currency, currency_decimals, open_time, close_time, open_days, "
    "daily_allowance_min, guest_default_min, pin_max_tries, pin_lock_min, staff_max_tries, "
    "staff_lock_min, staff_lock_max_min, seat_max_failed_logins, seat_window_min, "
    "seat_pause_min, join_code_min, default_category, site_language, cash_outside_shift, "
    "mentor_reverse_min";

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

int rules_settings_apply(rules_settings *s, const char *key, const char *value, np_err *err)
{
	if (key == NULL || value == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A setting needs a name and a value."));
	int n = 0;
	if (strcmp(key, "open_time") == 0) {
		if (!rules__parse_hhmm(value, &n) || n >= 1440)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("open_time must look like 09:00."));
		if (s != NULL)
			s->open_time = n;
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
		if (s != NULL)
			s->close_time = n;
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
		if (s != NULL)
			s->open_days = days;
		return 0;
	}
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

void rules_format_open_days(unsigned open_days, char *buf, size_t size)
{
	assert(size >= 8);
	size_t n = 0;
	for (int d = 1; d <= 7; d++)
		if (open_days & (1u << d))
			buf[n++] = (char)('0' + d);
	buf[n] = '\0';
}

int rules_settings_check(const rules_settings *s, np_err *err)
{
	assert(s != NULL);
	if (s->open_time >= s->close_time) {
		char open[8], close[8];
		rules_format_hhmm(s->open_time, open, sizeof open);
		rules_format_hhmm(s->close_time, close, sizeof close);
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("The room must open before it closes (open_time %s, close_time %s)."), open,
		    close);
	}
	if ((s->open_days & 0xfeu) == 0)
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

/* ISO weekday (1 = Monday .. 7 = Sunday) of the local day day_offset days
 * after now's. Noon is used so a daylight-saving change cannot move it. */
static int rules__iso_weekday(time_t now, int day_offset)
{
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += day_offset;
	tm.tm_hour = 12;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	mktime(&tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

static bool rules__day_is_open(const rules_settings *s, int iso_weekday)
{
	return (s->open_days & (1u << iso_weekday)) != 0;
}

bool rules_is_open(const rules_settings *s, time_t now)
{
	assert(s != NULL);
	if (!rules__day_is_open(s, rules__iso_weekday(now, 0)))
		return false;
	return rules__day_time(now, 0, s->open_time) <= now &&
	       now < rules__day_time(now, 0, s->close_time);
}

time_t rules_closing_time(const rules_settings *s, time_t now)
{
	assert(s != NULL);
	return rules__day_time(now, 0, s->close_time);
}

void rules_close_time_today(const rules_settings *s, time_t now, char *buf, size_t size)
{
	assert(s != NULL && buf != NULL && size >= 6);
	if (s->close_time >= 1440 || !rules__day_is_open(s, rules__iso_weekday(now, 0)))
		buf[0] = '\0';
	else
		rules_format_hhmm(s->close_time, buf, size);
}

time_t rules_next_opening(const rules_settings *s, time_t now)
{
	assert(s != NULL);
	for (int d = 0; d <= 8; d++) {
		if (!rules__day_is_open(s, rules__iso_weekday(now, d)))
			continue;
		time_t open = rules__day_time(now, d, s->open_time);
		if (open >= now)
			return open;
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
	time_t open = rules_next_opening(s, now);
	if (open == (time_t)-1)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed now. No opening days are set."));
	char hhmm[8];
	rules_format_hhmm(s->open_time, hhmm, sizeof hhmm);
	if (open < rules__day_time(now, 1, 0))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED,
		                  N_("The room is closed now. It opens at %s today."), hhmm);
	struct tm tm;
	localtime_r(&open, &tm);
	int iso = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CLOSED, opens_on[iso], hhmm);
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
		char hhmm[8];
		rules_format_hhmm(s->close_time, hhmm, sizeof hhmm);
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
	localtime_r(&t, &tm);
	snprintf(buf, size, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
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
