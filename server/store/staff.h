/* Staff accounts (table staff): mentors, treasurers and administrators. */
#ifndef NETPONT_STORE_STAFF_H
#define NETPONT_STORE_STAFF_H

#include "store/db.h"

typedef struct store_staff {
	int64_t id;
	char name[64];
	char role[16];           /* "mentor", "treasurer" or "admin" */
	char password_hash[128]; /* libsodium Argon2id string */
	int64_t created_at;
	bool disabled;
	char display_name[64]; /* "Dóra"; "" = none: shown by name */
} store_staff;

/* Looks a staff member up by name (exact) or id. Returns 1 and fills *out
 * when found, 0 when not, -1 on a database error (err set). */
int store_staff_by_name(store_db *db, const char *name, store_staff *out, np_err *err);
int store_staff_by_id(store_db *db, int64_t id, store_staff *out, np_err *err);

/* Inserts a staff member; *id receives the new row id. The caller checked
 * that the name is free. Returns 0 or -1 (err set). */
int store_staff_add(store_db *db, const char *name, const char *role, const char *hash, int64_t now,
                    int64_t *id, np_err *err);

/* Writes the account's display name, role ("mentor", "treasurer",
 * "admin") and disabled flag, as the caller checked them. Returns 0 or -1
 * (err set). */
int store_staff_update(store_db *db, int64_t id, const char *display_name, const char *role,
                       bool disabled, np_err *err);

/* The enabled administrators' accounts, or -1 (err set). */
int store_staff_enabled_admins(store_db *db, np_err *err);

int store_staff_set_password(store_db *db, int64_t id, const char *hash, np_err *err);

/* Calls each(ctx, row) for every staff member in name order; stops early
 * when each returns non-zero. Returns 0 or -1 (err set). */
int store_staff_each(store_db *db, int (*each)(void *ctx, const store_staff *row), void *ctx,
                     np_err *err);

#endif
