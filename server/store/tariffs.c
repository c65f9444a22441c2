/* Tariffs, fee categories and the site's amount format. See tariffs.h. */
#include "store/tariffs.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_money.h"
#include "core/billing.h"
#include "store/settings.h"

/* A service or category name: 1..max of [a-z0-9-]. */
static bool plain_name(const char *s, size_t max)
{
	if (s == NULL)
		return false;
	size_t len = strlen(s);
	if (len == 0 || len > max)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* "copy, internet, print-bw" from a one-column query, into buf: the names
 * a NOT_FOUND sentence offers instead. */
static int name_list(store_db *db, const char *sql, char *buf, size_t size, np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "list the names");
	size_t used = 0;
	buf[0] = '\0';
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int n = snprintf(buf + used, size - used, "%s%s", used > 0 ? ", " : "",
		                 name != NULL ? name : "");
		if (n < 0 || (size_t)n >= size - used) {
			rc = SQLITE_DONE; /* a long list is cut off; the sentence still helps */
			break;
		}
		used += (size_t)n;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, "list the names");
}

/* Reads the row called name with sql (its one parameter) into out, or
 * refuses with NOT_FOUND and not_found (marked N_(): %.32s for the name,
 * then %s for the names there are, listed by names_sql). */
static int get_named(store_db *db, const char *sql, const char *names_sql, const char *name,
                     store_row_reader read, void *out, const char *what, const char *not_found,
                     np_err *err)
{
	name = name != NULL ? name : "";
	int found = store_fetch_by_text(db, sql, name, read, out, what, err);
	if (found != 0)
		return found > 0 ? 0 : -1;
	char list[256];
	if (name_list(db, names_sql, list, sizeof list, err) < 0)
		return -1;
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND, not_found, name, list);
}

/* ------------------------------------------------------------ tariffs */

#define TARIFF_COLUMNS "service, label, price, per_minutes"

static void read_tariff(sqlite3_stmt *st, void *row)
{
	store_tariff *out = row;
	memset(out, 0, sizeof *out);
	store_column_text(st, 0, out->service, sizeof out->service);
	store_column_text(st, 1, out->label, sizeof out->label);
	out->price = sqlite3_column_int64(st, 2);
	out->per_minutes = sqlite3_column_int(st, 3);
}

int store_tariff_each(store_db *db, int (*each)(void *ctx, const store_tariff *row), void *ctx,
                      np_err *err)
{
	static const char sql[] = "SELECT " TARIFF_COLUMNS " FROM tariffs ORDER BY service";
	store_tariff row;
	return store_fetch_each(db, store_stmt(db, sql), read_tariff, &row,
	                        (int (*)(void *, const void *))each, ctx, "list the tariffs", err);
}

int store_tariff_get(store_db *db, const char *service, store_tariff *out, np_err *err)
{
	static const char sql[] = "SELECT " TARIFF_COLUMNS " FROM tariffs WHERE service = ?";
	static const char names[] = "SELECT service FROM tariffs ORDER BY service";
	return get_named(db, sql, names, service, read_tariff, out, "read the tariff",
	                 N_("There is no service called '%.32s'. Services: %s."), err);
}

int store_tariff_set(store_db *db, const char *service, const char *label, int64_t price,
                     int per_minutes, np_err *err)
{
	static const char sql[] = "INSERT INTO tariffs (service, label, price, per_minutes) "
	                          "VALUES (?1, CASE WHEN ?2 = '' THEN ?1 ELSE ?2 END, ?3, ?4) "
	                          "ON CONFLICT (service) DO UPDATE SET "
	                          "label = CASE WHEN ?2 = '' THEN tariffs.label ELSE ?2 END, "
	                          "price = ?3, per_minutes = ?4";
	if (label == NULL)
		label = "";
	if (!plain_name(service, 32))
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A service name is 1 to 32 small letters, digits or dashes, like "
		       "print-bw."));
	if (price < 0 || price > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The price must be a whole number from 0 to %lld."),
		                  (long long)BILLING_MAX_AMOUNT);
	if (per_minutes < 0 || per_minutes > 1440)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The minutes per block must be from 0 to 1440."));
	if (strlen(label) > 80)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A tariff's label can be at most 80 characters long."));
	bool internet = strcmp(service, "internet") == 0;
	if (internet && per_minutes == 0) {
		/* proto3 cannot tell "not given" from 0, and 0 is never valid for
		 * internet: keep the current block length. */
		store_tariff current;
		if (store_tariff_get(db, "internet", &current, NULL) == 0)
			per_minutes = current.per_minutes;
		if (per_minutes <= 0)
			return np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("internet is charged per started block of minutes: the "
			       "minutes per block must be above 0."));
	}
	if (!internet && per_minutes > 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Only internet is charged by time; %s must have 0 minutes per "
		                     "block."),
		                  service);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, service, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, label, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, price);
		sqlite3_bind_int(st, 4, per_minutes);
	}
	return store_step_done(db, st, "save the tariff", err);
}

/* ------------------------------------------------------------ categories */

#define CATEGORY_COLUMNS "id, name, percent, label"

static void read_category(sqlite3_stmt *st, void *row)
{
	store_category *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, out->name, sizeof out->name);
	out->percent = sqlite3_column_int(st, 2);
	store_column_text(st, 3, out->label, sizeof out->label);
}

int store_category_each(store_db *db, int (*each)(void *ctx, const store_category *row), void *ctx,
                        np_err *err)
{
	static const char sql[] = "SELECT " CATEGORY_COLUMNS " FROM categories ORDER BY name";
	store_category row;
	return store_fetch_each(db, store_stmt(db, sql), read_category, &row,
	                        (int (*)(void *, const void *))each, ctx, "list the fee categories",
	                        err);
}

int store_category_set(store_db *db, const char *name, int percent, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO categories (name, percent, label) VALUES (?1, ?2, ?1) "
	    "ON CONFLICT (name) DO UPDATE SET percent = ?2";
	if (!plain_name(name, 32))
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A fee category's name is 1 to 32 small letters, digits or dashes, "
		       "like reduced."));
	if (percent < 0 || percent > 100)
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("The percentage must be a whole number from 0 to 100 (0 = exempt)."));
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, percent);
	}
	return store_step_done(db, st, "save the fee category", err);
}

int store_category_set_label(store_db *db, const char *name, const char *label, np_err *err)
{
	static const char sql[] = "UPDATE categories SET label = ?2 WHERE name = ?1";
	if (label == NULL || label[0] == '\0' || strlen(label) > 80)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A fee category's display name is 1 to 80 characters long."));
	store_category current;
	if (store_category_get(db, name, &current, err) != 0)
		return -1;
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, label, -1, SQLITE_TRANSIENT);
	}
	return store_step_done(db, st, "rename the fee category", err);
}

int store_category_get(store_db *db, const char *name, store_category *out, np_err *err)
{
	static const char sql[] = "SELECT " CATEGORY_COLUMNS " FROM categories WHERE name = ?";
	static const char names[] = "SELECT name FROM categories ORDER BY name";
	return get_named(db, sql, names, name, read_category, out, "read the fee category",
	                 N_("There is no fee category called '%.32s'. Categories: %s."), err);
}

int store_category_by_id(store_db *db, int64_t id, store_category *out, np_err *err)
{
	static const char sql[] = "SELECT " CATEGORY_COLUMNS " FROM categories WHERE id = ?";
	return store_fetch_by_int(db, sql, id, read_category, out, "read the fee category", err);
}

/* The text of a setting into buf (size bytes), or dflt when it is not set.
 * Returns 0, or -1 with err (NULL allowed) when the database failed. */
static int setting_or(store_db *db, const char *key, const char *dflt, char *buf, size_t size,
                      np_err *err)
{
	int found = store_setting_get(db, key, buf, size, err);
	if (found <= 0)
		snprintf(buf, size, "%s", dflt);
	return found < 0 ? -1 : 0;
}

int store_default_category(store_db *db, char *name, size_t size, np_err *err)
{
	if (setting_or(db, "default_category", "standard", name, size, err) < 0)
		return -1;
	store_category category;
	return store_category_get(db, name, &category, err);
}

void store_format_amount(store_db *db, int64_t amount, char *buf, size_t size)
{
	char currency[16], decimals_text[8];
	setting_or(db, "currency", "HUF", currency, sizeof currency, NULL);
	setting_or(db, "currency_decimals", "0", decimals_text, sizeof decimals_text, NULL);
	int decimals = atoi(decimals_text);
	if (decimals < 0 || decimals > 3)
		decimals = 0;
	np_money_format(amount, (unsigned)decimals, currency, &np_money_plain, buf, size);
}
