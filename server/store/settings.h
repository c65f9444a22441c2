/* Site settings (table settings): key/value text pairs. Which keys exist
 * and their formats are checked by the gateway, not here. */
#ifndef NETPONT_STORE_SETTINGS_H
#define NETPONT_STORE_SETTINGS_H

#include <stddef.h>

#include "store/db.h"

/* Copies the value of key into buf (size n). Returns 1 when found, 0 when
 * not (buf set to ""), -1 on a database error. */
int store_setting_get(store_db *db, const char *key, char *buf, size_t n, np_err *err);

/* The value of key as an integer, or dflt when missing or not a number. */
int64_t store_setting_int(store_db *db, const char *key, int64_t dflt);

/* Inserts or replaces key. Returns 0 or -1 (err set). */
int store_setting_set(store_db *db, const char *key, const char *value, np_err *err);

/* Removes key (no error when it is not there). Returns 0 or -1. */
int store_setting_delete(store_db *db, const char *key, np_err *err);

/* Calls each(ctx, key, value) for every setting in key order. */
int store_setting_each(store_db *db, int (*each)(void *ctx, const char *key, const char *value),
                       void *ctx, np_err *err);

/* ------------------------------------------------------------ closed dates */

/* A day the room stays closed (table closed_dates, schema-v10.sql). */
typedef struct store_closed_date {
	char day[11];   /* local date "2026-12-24" */
	char note[201]; /* "Christmas", may be "" */
} store_closed_date;

/* Adds the closed date day ("2026-12-24", checked by the caller) with note,
 * or changes the note of one already there. Returns 0 or -1 (err set). */
int store_closed_date_add(store_db *db, const char *day, const char *note, np_err *err);

/* Removes the closed date day. Returns 1 when it was there, 0 when not, -1
 * on a database error. */
int store_closed_date_remove(store_db *db, const char *day, np_err *err);

/* Calls each(ctx, date) for the closed dates from `from` ("2026-12-01",
 * "" for all) in date order, at most limit of them. Returns 0 or -1. */
int store_closed_date_each(store_db *db, const char *from, size_t limit,
                           int (*each)(void *ctx, const store_closed_date *date), void *ctx,
                           np_err *err);

/* How many closed dates there are from `from` on. Returns the count or -1. */
int64_t store_closed_date_count(store_db *db, const char *from, np_err *err);

#endif
