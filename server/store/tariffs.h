/* Tariffs (table tariffs: what each service costs) and fee categories
 * (table categories: the share of the tariff a resident pays), and the
 * site's way of writing an amount.
 *
 * The conventions of the money store (tariffs.h, ledger.h, shifts.h,
 * reports.h):
 * - Functions run INSIDE the caller's transaction: they never BEGIN or
 *   COMMIT. Each checks everything before its single write, so a refusal
 *   (-1) has changed nothing; the caller rolls the request back anyway.
 * - Return 0 on success, or -1 with err filled (np_error.h): BAD_REQUEST,
 *   NOT_FOUND, CONFLICT with a sentence for the mentor, or INTERNAL when
 *   SQLite failed.
 * - `at` is the time of the request (Unix seconds); nothing reads the clock.
 * - Amounts are int64 minor units. Rows come back as plain structs the
 *   caller owns (no allocation to free); lists through an each() callback,
 *   whose row is valid only during the call, that stops the list by
 *   returning non-zero. A callback must not run store functions.
 * - Role checks are the gateway's: each function says which roles may
 *   call it.
 * - `staff_id` 0 means "no staff member" (a self-login, an agent's print). */
#ifndef NETPONT_STORE_TARIFFS_H
#define NETPONT_STORE_TARIFFS_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

typedef struct store_tariff {
	char service[33]; /* [a-z0-9-]{1,32} */
	char label[81];
	int64_t price;   /* per unit, or per started block for a time service */
	int per_minutes; /* > 0: a time service (only "internet") */
} store_tariff;

typedef struct store_category {
	int64_t id;
	char name[33];  /* [a-z0-9-]{1,32} */
	int percent;    /* the share of the tariff paid; 0 = exempt */
	char label[81]; /* the display name people read ("Reduced"); the name is the key */
} store_category;

/* Calls each(ctx, row) for every tariff, by service name. Any role. */
int store_tariff_each(store_db *db, int (*each)(void *ctx, const store_tariff *row), void *ctx,
                      np_err *err);

/* One tariff into *out. NOT_FOUND: "There is no service called 'fax'.
 * Services: copy, internet, print-bw, print-color, scan." */
int store_tariff_get(store_db *db, const char *service, store_tariff *out, np_err *err);

/* Adds or changes a tariff (admin); the strings are borrowed. service
 * [a-z0-9-]{1,32}; label up to 80 bytes; price 0..BILLING_MAX_AMOUNT;
 * per_minutes 0..1440; "internet" must keep per_minutes > 0 (0 keeps its
 * current block length) and no other service may be a time service (only
 * sessions are charged by time). An empty or NULL label keeps the current
 * one (a new service is labelled with its name). Existing ledger rows keep
 * the price they were charged at. */
int store_tariff_set(store_db *db, const char *service, const char *label, int64_t price,
                     int per_minutes, np_err *err);

/* Calls each(ctx, row) for every fee category, by name. Any role. */
int store_category_each(store_db *db, int (*each)(void *ctx, const store_category *row), void *ctx,
                        np_err *err);

/* Adds or changes a category (admin): name [a-z0-9-]{1,32} (borrowed),
 * percent 0..100. A new category's display name is its name until
 * store_category_set_label(). Applies to future charges. */
int store_category_set(store_db *db, const char *name, int percent, np_err *err);

/* Gives the category called name (borrowed) the display name label
 * (borrowed, 1 to 80 bytes): what people read; the name stays the key.
 * NOT_FOUND for an unknown category. */
int store_category_set_label(store_db *db, const char *name, const char *label, np_err *err);

/* Looks a category up by name into *out. NOT_FOUND: "There is no fee
 * category called 'vip'. Categories: exempt, reduced, standard." */
int store_category_get(store_db *db, const char *name, store_category *out, np_err *err);

/* The category numbered id into *out. Returns 1 when found, 0 when not,
 * -1 on error. */
int store_category_by_id(store_db *db, int64_t id, store_category *out, np_err *err);

/* The setting default_category into name (size bytes); "standard" if unset.
 * NOT_FOUND if it names no existing category. */
int store_default_category(store_db *db, char *name, size_t size, np_err *err);

/* An amount in the site's currency (settings currency, currency_decimals)
 * into buf (size bytes), as every program writes money in a sentence
 * (np_money_format(), np_money_plain): "80 Ft", "12.50 EUR". */
void store_format_amount(store_db *db, int64_t amount, char *buf, size_t size);

#endif
