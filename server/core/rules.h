/* The room's rules as pure functions: opening hours, how long a session may
 * run, the daily allowance, the lease warnings and the PIN tries.
 *
 * Nothing here touches the network, the database or the clock: the caller
 * passes `now` (Unix seconds) and the site's settings as a plain struct, so
 * every rule is unit-tested with an injected clock. Local days and hours are
 * computed with localtime_r()/mktime() in the process's time zone (TZ).
 *
 * Refusals fill an np_err (np_error.h) with the protocol code and a sentence
 * a mentor or resident can act on; the gateway sends it on unchanged. */
#ifndef NETPONT_RULES_H
#define NETPONT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/np_error.h"

/* One weekday's opening hours, in minutes after local midnight. A closed
 * day has open == close == 0. An open day has 0 <= open < close <= 1440
 * (1440 = "24:00"); a lunch break, when lunch_end > 0, lies strictly inside:
 * open < lunch_start < lunch_end < close. The setting hours_1 .. hours_7
 * writes it as "09:00-18:00", "09:00-12:00,13:00-18:00" or "closed". */
typedef struct rules_day {
	int open;
	int close;
	int lunch_start;
	int lunch_end;
} rules_day;

/* At most this many closed dates (holidays) from yesterday on are loaded;
 * the store refuses more. */
#define RULES_CLOSED_DATES_MAX 400

/* The settings the rules need, parsed from the `settings` table, and the
 * closed dates of the `closed_dates` table (schema-v10.sql). */
typedef struct rules_settings {
	rules_day week[8]; /* [1] = Monday .. [7] = Sunday; [0] unused */
	/* Closed dates as yyyymmdd numbers (20261224), sorted, no repeats. */
	int32_t closed_dates[RULES_CLOSED_DATES_MAX];
	size_t n_closed_dates;
	int64_t daily_allowance_s; /* per resident per local day; 0 = no limit */
	int64_t guest_default_s;   /* a guest session's default length, > 0 */
	int pin_max_tries;         /* wrong PINs in a row before the lock-out, >= 1 */
	/* Sign-in throttling (core/throttle.h); lengths in minutes. */
	int pin_lock_min;           /* a resident's first lock-out; each next one doubles */
	int staff_max_tries;        /* wrong passwords per account or address before a lock-out */
	int staff_lock_min;         /* the first staff lock-out; each next one doubles */
	int staff_lock_max_min;     /* the longest staff lock-out */
	int seat_max_failed_logins; /* more wrong logins at one PC within the window pause it */
	int seat_window_min;        /* that window */
	int seat_pause_min;         /* how long the PC's logins are paused */
	/* How long a join code (netpont-agent --join) works, in minutes; a
	 * day unless an administrator shortens it. */
	int join_code_min;
	/* A resident's booking nobody claims within this many minutes of its
	 * start is released (issue 13); 0: never, at most 120. */
	int booking_release_min;
	/* Retention (schema-v15.sql, store/rights.h), in days; 0 = kept for
	 * ever, at most 36500: help calls' texts and outcomes, session detail,
	 * unused guest accounts, the audit log, mentors' notes. */
	int retention_help_text_days;
	int retention_session_days;
	int retention_guest_days;
	int retention_audit_days;
	int retention_notes_days;
} rules_settings;

/* The seed values of schema.sql: 09:00-18:00, Monday to Saturday, 60 min a
 * day, 30 min for guests, 3 PIN tries; and of schema-v2.sql: a resident
 * locked for 5 minutes, staff for 1 minute after 5 wrong passwords (at most
 * 60), a PC paused for 5 minutes after more than 10 wrong logins in 5. */
void rules_settings_default(rules_settings *s);

/* Checks one setting (any key of the `settings` table) and, when it is one
 * the rules use, stores it in *s (s may be NULL to only validate, e.g. for
 * SettingSet before it is written). Values look exactly like the stored
 * text: hours_1 .. hours_7 (1 = Monday) "09:00-18:00", "09:00-12:00,13:00-18:00"
 * (a lunch break between the two) or "closed"; the older keys open_time/close_time "HH:MM"
 * (close may be "24:00") set the opening/closing of every open day and open_days "123456"
 * opens the days listed (with the hours of the first open day) and closes the others;
 * daily_allowance_min 0..1440, guest_default_min 1..1440,
 * pin_max_tries 1..20, pin_lock_min 1..1440, staff_max_tries 1..100,
 * staff_lock_min 1..1440, staff_lock_max_min 1..1440, seat_max_failed_logins
 * 1..1000, seat_window_min 1..1440, seat_pause_min 1..1440,
 * booking_release_min 0..120, retention_help_text_days, retention_session_days,
 * retention_guest_days, retention_audit_days, retention_notes_days 0..36500,
 * currency_decimals 0..3, site_name 1..80
 * bytes, currency three capital letters, default_category a plain name (whether that category
 * exists is the store's business). Returns 0, or -1 with BAD_REQUEST ("close_time must look like
 * 18:00.") or NOT_FOUND for an unknown key. Does not check that open < close: call
 * rules_settings_check() on the whole set after applying every value. */
int rules_settings_apply(rules_settings *s, const char *key, const char *value, np_err *err);

/* Checks the settings as a whole: every open day opens before it closes
 * (and its lunch break lies inside), at least one day is open, and staff_lock_max_min >=
 * staff_lock_min. Returns 0 or -1 with BAD_REQUEST. */
int rules_settings_check(const rules_settings *s, np_err *err);

/* Formats minutes after midnight as "HH:MM" into buf (at least 6 bytes). */
void rules_format_hhmm(int minutes, char *buf, size_t size);

/* Formats the open weekdays as the old setting wrote them ("123456",
 * 1 = Monday) into buf (at least 8 bytes); "" when no day is open. */
void rules_format_open_days(const rules_settings *s, char *buf, size_t size);

/* Formats one weekday as its hours_N setting reads ("09:00-12:00,13:00-18:00",
 * "closed") into buf (at least 24 bytes). */
void rules_format_day(const rules_day *d, char *buf, size_t size);

/* The hours_N key of ISO weekday 1..7 ("hours_1") into buf (at least 8 bytes). */
void rules_day_key(int iso_weekday, char *buf, size_t size);

/* Whether key is one that changes the opening hours (hours_N, open_time,
 * close_time, open_days): the store keeps them as hours_1 .. hours_7. */
bool rules_is_hours_key(const char *key);

/* The opening time an agent too old for per-day hours shows for every day:
 * that of the next open weekday from now's day on. */
int rules_legacy_open_time(const rules_settings *s, time_t now);

/* The week as the old settings said it, for scripts that still read them:
 * open_time and close_time "HH:MM" of the next open weekday from now's day
 * on, open_days "123456" (each buffer at least 8 bytes). */
void rules_legacy_hours(const rules_settings *s, time_t now, char *open_time, char *close_time,
                        char *open_days);

/* ------------------------------------------------------------ closed dates */

/* "2026-12-24" -> 20261224 when it is a real date; else false. */
bool rules_parse_date_number(const char *text, int32_t *out);

/* 20261224 -> "2026-12-24" into buf (at least 11 bytes). */
void rules_format_date_number(int32_t date, char *buf, size_t size);

/* Adds a closed date to s (kept sorted; a repeat is no change). Returns
 * false when the list is full. */
bool rules_closed_date_add(rules_settings *s, int32_t date);

/* Whether now's local day is a closed date. */
bool rules_is_closed_date(const rules_settings *s, time_t now);

/* ------------------------------------------------------------ opening hours */

/* true if the room is open at now: now's local day is an open weekday and
 * not a closed date, and now lies in opening <= now < lunch start or lunch
 * end <= now < closing. */
bool rules_is_open(const rules_settings *s, time_t now);

/* When the open stretch around now ends (Unix time): the lunch break's
 * start when now is before it, else the day's closing (for 24:00 the next
 * local midnight). When the room is closed at now: the next such end after
 * now on now's day, its closing after it; a closed day's midnight. */
time_t rules_closing_time(const rules_settings *s, time_t now);

/* rules_closing_time() while the room is open at now, else 0: what the agent
 * counts its "the room closes in 5 minutes" warning to. */
time_t rules_closes_at(const rules_settings *s, time_t now);

/* Today's closing time as the agent shows it ("18:00", also before a lunch
 * break: LeaseEvent.closes_at tells that) into buf (at least 6 bytes): ""
 * when the room closes at 24:00 (nothing to announce) or is closed all day. */
void rules_close_time_today(const rules_settings *s, time_t now, char *buf, size_t size);

/* Today's hours as a resident reads them ("09:00–12:00, 13:00–18:00") into
 * buf (at least 32 bytes); "" on a closed day or date. */
void rules_hours_today(const rules_settings *s, time_t now, char *buf, size_t size);

/* The first opening (or end of a lunch break) at or after now; (time_t)-1
 * if no day is open. Looks at most 400 days ahead (closed dates). */
time_t rules_next_opening(const rules_settings *s, time_t now);

/* Fills err with CLOSED and "The room is closed now. It opens at 09:00 on
 * Monday." ("today" when it opens later the same day, "on 2027-01-04" when
 * more than six days ahead; "closed today (holiday)" on a closed date).
 * Returns -1. */
int rules_closed_error(const rules_settings *s, time_t now, np_err *err);

/* A running session's end after the hours changed: ends_at capped at
 * rules_closing_time() while the room is open; when the change closed the
 * room, at now + RULES_WARNING_5MIN_S so the resident hears the warning and
 * can save. Never later than ends_at. */
time_t rules_session_cap(const rules_settings *s, time_t now, time_t ends_at);

/* The time an agent says a logout happened (it may have been held while the
 * server was away), bounded: not before the session's start, not after now,
 * not after its ends_at (the lease ended it then); 0 or less means now. */
time_t rules_logout_time(time_t at, time_t started_at, time_t ends_at, time_t now);

/* ------------------------------------------------------------ session time */

typedef enum rules_session_kind {
	RULES_SESSION_SELF = 1,            /* a resident's own login at the PC */
	RULES_SESSION_MENTOR_RESIDENT = 2, /* a mentor starts a session for a resident */
	RULES_SESSION_MENTOR_GUEST = 3,    /* a mentor starts a walk-in guest's session */
} rules_session_kind;

/* When a new session must end. requested_s is the time asked for, 0 for the
 * default: for a self-login what is left of the daily allowance (a request
 * is capped by it too); for a mentor-started resident session the allowance
 * left (a mentor's explicit request may exceed the allowance); for a guest
 * guest_default_s. Without a daily allowance the default runs to closing
 * time. The end is always capped at today's closing time.
 * used_today_s: the resident's time used today (rules_used_today()).
 * Returns 0 and sets *ends_at (> now), or -1 with CLOSED (outside opening
 * hours), NO_TIME_LEFT (allowance used up, no explicit mentor request) or
 * BAD_REQUEST (requested_s < 0, unknown kind). */
int rules_session_end(const rules_settings *s, time_t now, rules_session_kind kind,
                      int64_t requested_s, int64_t used_today_s, time_t *ends_at, np_err *err);

/* A running session gets add_s more seconds: the new end is
 * max(ends_at, now) + add_s, capped only by today's closing time.
 * Returns 0 and sets *new_ends_at, or -1 with BAD_REQUEST (add_s <= 0) or
 * CLOSED (outside opening hours, or the lease already reaches closing time
 * so no time could be added). */
int rules_session_extend(const rules_settings *s, time_t now, time_t ends_at, int64_t add_s,
                         time_t *new_ends_at, np_err *err);

/* A session's time span: end is ended_at, or now for a running session. */
typedef struct rules_interval {
	time_t start;
	time_t end;
} rules_interval;

/* Seconds of the given sessions that fall in now's local day, up to now.
 * Overlapping sessions (which the store does not allow for one resident)
 * would be counted twice. */
int64_t rules_used_today(time_t now, const rules_interval *sessions, size_t count);

/* ------------------------------------------------------------ the lease */

/* Seconds left of a lease at now; 0 once it has ended. */
int64_t rules_remaining(time_t ends_at, time_t now);

/* The agent's countdown warnings, in the order they are shown. */
typedef enum rules_warning {
	RULES_WARNING_NONE = 0,
	RULES_WARNING_5MIN = 1, /* shown once at <= 5 minutes left */
	RULES_WARNING_1MIN = 2, /* shown once at <= 1 minute left */
} rules_warning;

#define RULES_WARNING_5MIN_S 300
#define RULES_WARNING_1MIN_S 60

/* The warning due now, given remaining_s and the latest warning already
 * shown for this lease; RULES_WARNING_NONE if nothing is due (also at 0 s:
 * the lease has ended, lock instead). A session that starts with 3 minutes
 * left gets the 5-minute warning at once, then the 1-minute one. */
rules_warning rules_warning_due(int64_t remaining_s, rules_warning shown);

/* After the lease moved (extend), which warnings count as shown: those whose
 * threshold is now below the time left are armed again. */
rules_warning rules_warning_rearm(int64_t remaining_s, rules_warning shown);

/* "5min", "1min" or "" (ControlEvent.warning). */
const char *rules_warning_name(rules_warning w);

/* ------------------------------------------------------------ report dates */

/* A report's date range: from and to are local dates "YYYY-MM-DD", both
 * included. Sets *start to local midnight at the start of from and *end to
 * local midnight after to (exclusive), so a row belongs to the range when
 * start <= at < end. Returns 0, or -1 with BAD_REQUEST ("The date must look
 * like 2026-11-24.", or "The start date 2026-11-30 is
 * after the end date 2026-11-01."). */
int rules_date_range(const char *from, const char *to, time_t *start, time_t *end, np_err *err);

/* The local date of t as "YYYY-MM-DD" into buf (at least 11 bytes). */
void rules_format_date(time_t t, char *buf, size_t size);

/* ------------------------------------------------------------ PIN tries */

/* Tries left before the lock-out after failed_pins wrong PINs in a row
 * (0 at the limit). The lock-out itself is for a while, doubling each time
 * (core/throttle.h, server/gateway_signin.c). */
int rules_pin_tries_left(int failed_pins, int max_tries);

/* After a wrong PIN below the limit: failed_pins is the count INCLUDING
 * this one, less than max_tries (at the limit the caller locks the
 * resident out instead). Fills err with WRONG_PIN ("Wrong PIN — 2 tries
 * left. A mentor can reset it.", tries_left = 2). Always returns -1. */
int rules_pin_wrong(int failed_pins, int max_tries, np_err *err);

#endif
