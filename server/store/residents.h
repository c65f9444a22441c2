/* Residents' accounts (table residents), including walk-in guests'
 * "guest-<n>" accounts, and the fee category names they refer to. */
#ifndef NETPONT_STORE_RESIDENTS_H
#define NETPONT_STORE_RESIDENTS_H

#include "store/db.h"

typedef struct store_resident {
	int64_t id;
	char login[64];
	char name[128];
	char pin_hash[128]; /* "" for guests */
	int64_t category_id;
	char category[32];       /* the category's name, joined */
	char category_label[81]; /* its display name, joined */
	bool guest;
	int failed_pins;
	char note[512];
	int64_t created_at;
	int birth_year;    /* given with the resident's consent; 0 = not known */
	int64_t erased_at; /* when the personal data was erased (store/rights.h); 0 = not */
} store_resident;

/* Returns 1 and fills *out when found, 0 when not, -1 on error (err set).
 * Logins match exactly. */
int store_resident_by_login(store_db *db, const char *login, store_resident *out, np_err *err);
int store_resident_by_id(store_db *db, int64_t id, store_resident *out, np_err *err);

/* Inserts a resident; *id receives the row id. pin_hash "" for a guest. */
int store_resident_add(store_db *db, const char *login, const char *name, const char *pin_hash,
                       int64_t category_id, bool guest, const char *note, int64_t now, int64_t *id,
                       np_err *err);

/* Overwrites name, category and note. */
int store_resident_update(store_db *db, int64_t id, const char *name, int64_t category_id,
                          const char *note, np_err *err);

/* Sets the year of birth (1900..2100, checked by the caller), or forgets
 * it when birth_year is 0. */
int store_resident_set_birth_year(store_db *db, int64_t id, int birth_year, np_err *err);

/* Replaces the PIN hash and clears the wrong-PIN count (and so a lock-out). */
int store_resident_set_pin(store_db *db, int64_t id, const char *pin_hash, np_err *err);
int store_resident_set_failed_pins(store_db *db, int64_t id, int failed, np_err *err);

/* Calls each(ctx, row) for residents whose login or name contains query
 * (case-insensitive, accented capitals included; "" matches all) and whose
 * login sorts after after ("": from the first), by login, until each
 * returns non-zero. Guests only when include_guests. Returns 0 or -1 with
 * err set. */
int store_resident_each(store_db *db, const char *query, bool include_guests, const char *after,
                        int (*each)(void *ctx, const store_resident *row), void *ctx, np_err *err);

/* The next free guest number: 1 + the highest n of any "guest-<n>" login. */
int64_t store_resident_next_guest(store_db *db);

/* The id of the category called name, 0 when there is none, -1 on error. */
int64_t store_category_id(store_db *db, const char *name, np_err *err);

#endif
