/* The room's rules follow the local time of day: the tests open the room
 * from 00:00 to 24:00, so a session started at 23:35 ends at midnight and a
 * test that expects an hour gets 25 minutes. A test that starts netpontd
 * calls np_test_run_at_noon() first: it and every program it starts then
 * live in a time zone where it is about noon now, so the test gives the same
 * result whenever it runs. (tests/integration/lib.sh does the same.) */
#ifndef NETPONT_TESTS_NOON_H
#define NETPONT_TESTS_NOON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline void np_test_run_at_noon(void)
{
	time_t now = time(NULL);
	struct tm utc;
	char zone[16];

	gmtime_r(&now, &utc);
	/* POSIX zones count west of Greenwich: "NPT11" is UTC-11. */
	snprintf(zone, sizeof zone, "NPT%d", utc.tm_hour - 12);
	setenv("TZ", zone, 1);
	tzset();
}

#endif
