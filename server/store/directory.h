/* The neighbourhood directory (table directory_entries): services,
 * institutions and NGOs with their hours and contacts, casual jobs offered
 * and wanted, volunteers' offers and events, kept by staff and read by the
 * PCs' greeters and kiosks. An entry after its valid_until (a local date)
 * hides itself from the PCs; a removed entry (removed_at) from everyone.
 * Rows are never deleted.
 *
 * And how the directory was used (table directory_usage): counts per local
 * day, PC and kind of use, nothing about the entry or the person. */
#ifndef NETPONT_STORE_DIRECTORY_H
#define NETPONT_STORE_DIRECTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* The most entries one list returns. */
#define STORE_DIRECTORY_MAX 500

/* The longest texts, in characters, as the table's CHECKs have them. */
#define STORE_DIRECTORY_TITLE_MAX   120
#define STORE_DIRECTORY_BODY_MAX    2000
#define STORE_DIRECTORY_HOURS_MAX   200
#define STORE_DIRECTORY_ADDRESS_MAX 200
#define STORE_DIRECTORY_PHONE_MAX   60
#define STORE_DIRECTORY_EMAIL_MAX   120
#define STORE_DIRECTORY_WEB_MAX     200

/* Bytes: a character of UTF-8 is at most 4. */
typedef struct store_directory_entry {
	int64_t id;
	char category[16];
	char title[4 * STORE_DIRECTORY_TITLE_MAX + 1];
	char body[4 * STORE_DIRECTORY_BODY_MAX + 1];
	char hours[4 * STORE_DIRECTORY_HOURS_MAX + 1];
	char address[4 * STORE_DIRECTORY_ADDRESS_MAX + 1];
	char phone[4 * STORE_DIRECTORY_PHONE_MAX + 1];
	char email[4 * STORE_DIRECTORY_EMAIL_MAX + 1];
	char web[4 * STORE_DIRECTORY_WEB_MAX + 1];
	char valid_until[16]; /* "YYYY-MM-DD"; "" = no end */
	int64_t created_at, updated_at;
	int64_t removed_at; /* 0 unless removed */
} store_directory_entry;

/* The seven categories, in the order lists show them. */
extern const char *const store_directory_categories[];
#define STORE_DIRECTORY_CATEGORY_COUNT 7
bool store_directory_category_ok(const char *category);

/* The four kinds of use counted: "open", "view", "search", "print". */
bool store_directory_use_ok(const char *what);

/* Whether every word of query (split at white space; "" matches all) is
 * found in the entry's title, body or address, both folded as np_fold()
 * folds them (common/np_fold.h: case and accents), as the PCs fold them
 * when they search their offline copy. */
bool store_directory_matches(const store_directory_entry *e, const char *query);

/* What a list asks for. */
typedef struct store_directory_query {
	const char *query;    /* words; NULL or "" = all */
	const char *category; /* NULL or "" = all */
	const char *today;    /* the local date "YYYY-MM-DD" an entry must not be past */
	bool expired;         /* staff: the expired entries too */
} store_directory_query;

/* Calls each(ctx, entry) for the entries that are not removed and match q,
 * by category (in store_directory_categories' order) and title, at most
 * STORE_DIRECTORY_MAX; stops when each returns non-zero. each must not use
 * the store. Returns 0 or -1. */
int store_directory_each(store_db *db, const store_directory_query *q,
                         int (*each)(void *ctx, const store_directory_entry *e), void *ctx,
                         np_err *err);

/* Entry id (removed or not) into *out: 1, 0 when there is none, -1. */
int store_directory_get(store_db *db, int64_t id, store_directory_entry *out, np_err *err);

/* Stores e (checked by the caller) as a new entry by staff_id at now;
 * *id is the new row's. Returns 0 or -1. */
int store_directory_add(store_db *db, const store_directory_entry *e, int64_t staff_id, int64_t now,
                        int64_t *id, np_err *err);

/* Writes every field of e over entry e->id, by staff_id at now. */
int store_directory_update(store_db *db, const store_directory_entry *e, int64_t staff_id,
                           int64_t now, np_err *err);

/* Marks entry id removed at now by staff_id. */
int store_directory_remove(store_db *db, int64_t id, int64_t staff_id, int64_t now, np_err *err);

/* Counts one use of kind what on seat_id on the local date day. */
int store_directory_count_use(store_db *db, const char *day, int64_t seat_id, const char *what,
                              np_err *err);

/* The uses of each kind on the local dates [from_day, to_day) into
 * counts (open, view, search, print). Returns 0 or -1. */
int store_directory_usage(store_db *db, const char *from_day, const char *to_day, int64_t counts[4],
                          np_err *err);

#endif
