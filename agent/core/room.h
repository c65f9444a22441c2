/* The room's opening hours and what a session costs so far, as the PC's
 * screens show them: whether the room is closed now, when it opens next,
 * when it closes today, and the cost of the running session.
 *
 * Plain C with the clock passed in (Unix seconds, local days and hours in
 * the process's time zone, as the server's rules read them), so that the
 * PC keeps counting while the server is away and the unit tests can put the
 * clock anywhere. */
#ifndef NETPONT_AGENT_ROOM_H
#define NETPONT_AGENT_ROOM_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* The opening hours as the server last described them. */
typedef struct agent_room_hours {
	bool known;    /* open_time and open_days were given */
	int open_min;  /* minutes after local midnight, 0..1439 */
	int close_min; /* 1..1440 (1440: the room closes at midnight) */
	unsigned days; /* bit d set: ISO weekday d is open (1 = Monday .. 7 = Sunday) */
	/* What a newer server said outright (LeaseEvent.closes_at/opens_at),
	 * which open_time/open_days cannot say: a lunch break, a weekday's own
	 * hours, a closed date. Until opens_at they win over the guess above. */
	bool times_known;
	time_t closes_at; /* the open stretch the server saw ends then; 0: it was closed */
	time_t opens_at;  /* the next opening after that; 0: none */
} agent_room_hours;

/* Takes the server's closes_at/opens_at (0 and 0 from a server too old to
 * send them: nothing changes). Call after agent_room_hours_parse(). */
void agent_room_hours_times(agent_room_hours *hours, time_t closes_at, time_t opens_at);

/* Parses the hours from the Welcome/LeaseEvent texts: open_time "09:00",
 * open_days "123456" and today's close_time "18:00". The server sends
 * close_time "" when the room closes at 24:00 or is not open today; then
 * the closing time of the previous *hours is kept on a closed day (it holds
 * for every open day) and 24:00 is taken on an open one. now says which day
 * "today" is. Returns false (and leaves *hours alone) when open_time or
 * open_days are missing (a server too old to send them: open_days "" is
 * not a setting the server accepts) or malformed. */
bool agent_room_hours_parse(agent_room_hours *hours, const char *open_time, const char *open_days,
                            const char *close_time, time_t now);

/* Whether the room is closed at now: hours known and not (an open day and
 * open_min <= local time < close_min). Unknown hours are never "closed". */
bool agent_room_closed(const agent_room_hours *hours, time_t now);

/* The first opening at or after now (Unix time), looking up to 8 days
 * ahead; 0 when the hours are unknown or no day is open. */
time_t agent_room_opens_next(const agent_room_hours *hours, time_t now);

/* Today's closing time (Unix time) when the room is open at now, else 0. */
time_t agent_room_closes_at(const agent_room_hours *hours, time_t now);

/* What a session costs after elapsed_s seconds: started blocks of block_s
 * seconds at block_price each (0 s is no block, 1 s is one, as the server
 * charges), plus prints. block_s <= 0 means time is free. */
int64_t agent_room_cost(int64_t elapsed_s, int64_t block_s, int64_t block_price, int64_t prints);

#endif
