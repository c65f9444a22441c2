/* The funders' usage report (ReportUsage): counts of use of one period
 * from the sessions, residents, ledger, help calls, course occasions and
 * volunteer periods. Counts only: nothing here reads a name or a login.
 * The counts of people are exact; the gateway suppresses the small ones
 * (core/usage_rules.h) before anything leaves the server. */
#ifndef NETPONT_STORE_USAGE_H
#define NETPONT_STORE_USAGE_H

#include <stdint.h>

#include "core/usage_rules.h"
#include "store/db.h"

/* The most fee categories, office services, topics and activities one
 * period lists; more are left out (a site has a handful of each). */
#define STORE_USAGE_MAX_ROWS 32

/* Use by one group: the whole period, a fee category or an age band. */
typedef struct store_usage_group {
	char key[33];   /* a category's name, an age band's key; "" for the whole */
	char label[81]; /* a category's display name; "" otherwise */
	int64_t sessions, pc_seconds;
	int64_t residents, new_residents, guests; /* people: exact here */
} store_usage_group;

/* A count by key: pages or items of an office service (label: its tariff's
 * label), help calls of a topic, volunteer seconds of an activity. */
typedef struct store_usage_item {
	char key[33];
	char label[81];
	int64_t count;
} store_usage_item;

typedef struct store_usage {
	store_usage_group total;
	store_usage_group categories[STORE_USAGE_MAX_ROWS];
	size_t n_categories;
	store_usage_group ages[USAGE_BAND_COUNT];
	int64_t birth_year_unknown; /* residents with a session, year not known */
	store_usage_item items[STORE_USAGE_MAX_ROWS];
	size_t n_items;
	int64_t help_calls, help_answered, help_resolved;
	int64_t help_median_wait_s, help_average_wait_s;
	store_usage_item help_topics[STORE_USAGE_MAX_ROWS];
	size_t n_help_topics;
	int64_t occasions, attendances, participants;
	store_usage_item volunteer[STORE_USAGE_MAX_ROWS];
	size_t n_volunteer;
	int64_t volunteer_seconds;
	/* The directory's uses on the period's local days: open, view,
	 * search, print (directory_usage). */
	int64_t directory[4];
} store_usage;

/* Fills *out for the period start <= t < end (Unix seconds), whose last
 * day is in `year` (the age bands are ages at its end); now ends the
 * sessions and volunteer periods still running, and occasions that have
 * not begun by now were not held. What counts:
 *   sessions, pc_seconds - the sessions started in the period (guests'
 *       too), each for its whole length;
 *   residents - the distinct residents (not guests) with such a session;
 *   guests - the distinct guest accounts with one (a walk-in's own);
 *   new_residents - residents (not guests) created in the period;
 *   categories - by the resident's fee category now, every category;
 *   ages - by the band of the year of birth; guests are "unknown";
 *   items - office services (tariffs charged per unit) by service: the
 *       charged quantity minus that of the charges reversed in the period;
 *   help_* - the calls raised in the period: answered = acknowledged,
 *       resolved = resolved by staff, waits from raised to acknowledged;
 *       topics of the calls resolved by staff, "" = not said;
 *   occasions - course occasions begun by now and not cancelled;
 *       attendances - their participants present, participants - distinct;
 *   volunteer - the volunteer periods not removed, clipped to the period,
 *       by activity.
 * Runs in the caller's transaction (one snapshot for the report). Returns
 * 0, or -1 with err. */
int store_usage_period(store_db *db, int64_t start, int64_t end, int year, int64_t now,
                       store_usage *out, np_err *err);

#endif
