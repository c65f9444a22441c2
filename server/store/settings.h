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

/* Calls each(ctx, key, value) for every setting in key order. */
int store_setting_each(store_db *db, int (*each)(void *ctx, const char *key, const char *value),
                       void *ctx, np_err *err);

#endif
