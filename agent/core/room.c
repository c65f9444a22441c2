#include "room.h"

#include <stdio.h>
#include <string.h>

/* "HH:MM" with 00 <= HH <= 24 and 00 <= MM <= 59, into minutes. */
static bool parse_hhmm(const char *text, int *minutes)
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

/* The Unix time of minutes after local midnight, day_offset days from now's
 * day. mktime() normalises the fields, which also handles the day a clock
 * change falls on and 24:00 (the next midnight). */
static time_t day_time(time_t now, int day_offset, int minutes)
{
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += day_offset;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int iso_weekday(time_t now, int day_offset)
{
	struct tm tm;
	localtime_r(&now, &tm);
	tm.tm_mday += day_offset;
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	mktime(&tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

static bool day_open(const agent_room_hours *h, time_t now, int day_offset)
{
	return (h->days & (1u << iso_weekday(now, day_offset))) != 0;
}

bool agent_room_hours_parse(agent_room_hours *hours, const char *open_time, const char *open_days,
                            const char *close_time, time_t now)
{
	agent_room_hours h = {.known = true,
	                      .close_min = 24 * 60,
	                      .times_known = hours->times_known,
	                      .closes_at = hours->closes_at,
	                      .opens_at = hours->opens_at};
	/* No open day at all is not a setting the server accepts: "" is a
	 * server too old to send the hours. */
	if (!parse_hhmm(open_time, &h.open_min) || h.open_min >= 24 * 60 || open_days == NULL ||
	    open_days[0] == '\0')
		return false;
	for (const char *p = open_days; *p != '\0'; p++) {
		if (*p < '1' || *p > '7')
			return false;
		h.days |= 1u << (*p - '0');
	}
	int close;
	if (close_time != NULL && close_time[0] != '\0') {
		if (!parse_hhmm(close_time, &close) || close == 0)
			return false;
		h.close_min = close;
	} else if (!day_open(&h, now, 0) && hours->known) {
		/* Closed today: "" says nothing about the other days. */
		h.close_min = hours->close_min;
	}
	*hours = h;
	return true;
}

void agent_room_hours_times(agent_room_hours *hours, time_t closes_at, time_t opens_at)
{
	if (closes_at == 0 && opens_at == 0)
		return;
	hours->known = true;
	hours->times_known = true;
	hours->closes_at = closes_at;
	hours->opens_at = opens_at;
}

/* Whether the server's times still tell the state at now: before the
 * opening they name (or forever when they name none). */
static bool times_hold(const agent_room_hours *hours, time_t now)
{
	return hours->times_known && (hours->opens_at == 0 || now < hours->opens_at);
}

time_t agent_room_closes_at(const agent_room_hours *hours, time_t now)
{
	if (times_hold(hours, now))
		return hours->closes_at != 0 && now < hours->closes_at ? hours->closes_at : 0;
	if (!hours->known || !day_open(hours, now, 0))
		return 0;
	time_t open = day_time(now, 0, hours->open_min);
	time_t close = day_time(now, 0, hours->close_min);
	return open <= now && now < close ? close : 0;
}

bool agent_room_closed(const agent_room_hours *hours, time_t now)
{
	return hours->known && agent_room_closes_at(hours, now) == 0;
}

time_t agent_room_opens_next(const agent_room_hours *hours, time_t now)
{
	if (!hours->known)
		return 0;
	if (times_hold(hours, now))
		return hours->closes_at != 0 && now < hours->closes_at ? 0 : hours->opens_at;
	for (int d = 0; d <= 8; d++) {
		if (!day_open(hours, now, d))
			continue;
		time_t open = day_time(now, d, hours->open_min);
		if (open >= now)
			return open;
	}
	return 0;
}

int64_t agent_room_cost(int64_t elapsed_s, int64_t block_s, int64_t block_price, int64_t prints)
{
	int64_t time_cost = 0;
	if (block_s > 0 && elapsed_s > 0)
		time_cost = (elapsed_s + block_s - 1) / block_s * block_price;
	return time_cost + prints;
}
