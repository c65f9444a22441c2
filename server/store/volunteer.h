/* Volunteer hours (table volunteer_periods): staff members' stretches of
 * volunteering, clocked in and out, started by a cash shift, or recorded
 * afterwards by an administrator. A wrong period is removed (removed_at),
 * never deleted.
 *
 * The rules every writer keeps, so that a monthly sheet adds up: one open
 * period per staff member; the periods of one staff member never overlap;
 * no period is longer than STORE_VOLUNTEER_MAX_S or ends in the future. A
 * period belongs to the local day and month it started in: one open at
 * midnight counts for the day it began. */
#ifndef NETPONT_STORE_VOLUNTEER_H
#define NETPONT_STORE_VOLUNTEER_H

#include <stdint.h>

#include "store/db.h"

/* The longest period: clocking out later than this after clocking in is
 * refused (someone forgot to clock out; an administrator records what was
 * really worked and removes the open period). */
#define STORE_VOLUNTEER_MAX_S (16 * 3600)

typedef struct store_volunteer {
	int64_t id;
	int64_t staff_id;
	char staff[64];              /* login name */
	char staff_display_name[64]; /* "" = none */
	char activity[16];           /* desk, tutoring, it_help, event, other */
	int64_t started_at;
	int64_t ended_at; /* 0 while open */
	char source[8];   /* clock, shift, admin */
	int64_t shift_id; /* 0 unless source is shift */
	char note[256];
	char recorded_by[64]; /* name; "" when none */
	int64_t recorded_at;
	int64_t removed_at; /* 0 unless removed */
	char removed_by[64];
} store_volunteer;

/* Whether activity is one of the five the table allows. */
bool store_volunteer_activity_ok(const char *activity);

/* staff_id's open period into *out: 1 when clocked in, 0 when not, -1 on
 * error. */
int store_volunteer_open(store_db *db, int64_t staff_id, store_volunteer *out, np_err *err);

/* Period id (removed or not) into *out: 1, 0 when there is none, -1. */
int store_volunteer_get(store_db *db, int64_t id, store_volunteer *out, np_err *err);

/* Opens a period for staff_id at `at`: source "clock" (clocking in) or
 * "shift" (shift_id's cash shift started; 0 for "clock"). CONFLICT, saying
 * since when, when staff_id is clocked in already. *out is the new period. */
int store_volunteer_start(store_db *db, int64_t staff_id, const char *activity, const char *source,
                          int64_t shift_id, int64_t at, store_volunteer *out, np_err *err);

/* Clocks staff_id out at `at`: CONFLICT when not clocked in, or when the
 * period began more than STORE_VOLUNTEER_MAX_S before (the sentence asks
 * for an administrator). *out is the ended period. */
int store_volunteer_end(store_db *db, int64_t staff_id, int64_t at, store_volunteer *out,
                        np_err *err);

/* The cash shift shift_id ended at `at`: ends the open period it started,
 * whatever its length (the shift says how long the desk was staffed).
 * Returns 1 with *out when there was one, 0 when not (the mentor was
 * clocked in already, or clocked out meanwhile), -1. */
int store_volunteer_end_shift(store_db *db, int64_t shift_id, int64_t at, store_volunteer *out,
                              np_err *err);

/* An administrator (recorded_by) records [started_at, ended_at) for
 * staff_id at now. BAD_REQUEST when the end is not after the start, the
 * period is longer than STORE_VOLUNTEER_MAX_S or has not ended by now, the
 * activity is unknown or the note longer than 200 bytes; CONFLICT, naming
 * the other period, when it overlaps one of staff_id's. *out is the new
 * period. */
int store_volunteer_add(store_db *db, int64_t staff_id, const char *activity, int64_t started_at,
                        int64_t ended_at, const char *note, int64_t recorded_by, int64_t now,
                        store_volunteer *out, np_err *err);

/* Marks period id removed at now by removed_by. NOT_FOUND when there is no
 * such period, CONFLICT when it was removed already. *out is the period as
 * removed. */
int store_volunteer_remove(store_db *db, int64_t id, int64_t removed_by, int64_t now,
                           store_volunteer *out, np_err *err);

/* Calls each(ctx, row) for the periods that started in [from, to) (Unix
 * times), of staff_id (0: everyone), oldest first; removed ones only when
 * include_removed. Stops when each returns non-zero. Returns 0 or -1. */
int store_volunteer_each(store_db *db, int64_t staff_id, int64_t from, int64_t to,
                         bool include_removed, int (*each)(void *ctx, const store_volunteer *row),
                         void *ctx, np_err *err);

#endif
