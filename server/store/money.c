/* The money store's shared helpers, tariffs and fee categories. See money.h
 * for the contract; the ledger is in ledger.c, shifts in shifts.c, the
 * treasurer's reports in reports.c. */
#include "money-internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"

int money__fail(sqlite3 *db, np_err *err, const char *what)
{
	np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	           "The server could not %s: %s. Nothing was changed.", what,
	           db != NULL ? sqlite3_errmsg(db) : "no database");
	return np_err_reword(
	    err, N_("The server could not do this because of a database error; nothing was "
	            "changed."));
}

int money__no_memory(np_err *err)
{
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	                  N_("The server ran out of memory. Nothing was changed."));
}

int money__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, np_err *err)
{
	*stmt = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK) {
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return money__fail(db, err, "prepare a database query");
	}
	return 0;
}

int money__run(sqlite3 *db, sqlite3_stmt *stmt, const char *what, np_err *err)
{
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		money__fail(db, err, what); /* before finalize: it reads the error */
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

char *money__strdup(const char *s)
{
	return strdup(s != NULL ? s : "");
}

void *money__new(size_t size, void (*init)(void *))
{
	void *p = malloc(size);
	if (p != NULL)
		init(p);
	return p;
}

int money__append(void *items, size_t *count, void *item)
{
	if (item == NULL)
		return -1;
	/* The field is an array of pointers to one message type; it is read
	 * and written as void ** through memcpy (every object pointer has the
	 * same representation on the platforms Netpont runs on). */
	void **array;
	memcpy(&array, items, sizeof array);
	void **grown = realloc(array, (*count + 1) * sizeof *grown);
	if (grown == NULL) {
		protobuf_c_message_free_unpacked(item, NULL);
		return -1;
	}
	grown[(*count)++] = item;
	memcpy(items, &grown, sizeof grown);
	return 0;
}

int money__list_finish(sqlite3 *db, sqlite3_stmt *stmt, int rc, void *reply, void *out,
                       const char *what, np_err *err)
{
	if (rc != SQLITE_DONE) {
		money__fail(db, err, what); /* before finalize: it reads the error */
		return money__list_abandon(stmt, reply);
	}
	sqlite3_finalize(stmt);
	memcpy(out, &reply, sizeof reply);
	return 0;
}

int money__list_abandon(sqlite3_stmt *stmt, void *reply)
{
	sqlite3_finalize(stmt);
	if (reply != NULL)
		protobuf_c_message_free_unpacked(reply, NULL);
	return -1;
}

char *money__column_dup(sqlite3_stmt *stmt, int col)
{
	return money__strdup((const char *)sqlite3_column_text(stmt, col));
}

static void money__copy_column(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
	const char *text = (const char *)sqlite3_column_text(stmt, col);
	snprintf(buf, size, "%s", text != NULL ? text : "");
}

#define MONEY__RESIDENT_SELECT                                                                     \
	"SELECT r.id, r.login, r.name, c.name, c.percent FROM residents r "                        \
	"JOIN categories c ON c.id = r.category_id "

static int money__resident_query(sqlite3 *db, sqlite3_stmt *stmt, money__resident *out, np_err *err)
{
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		money__copy_column(stmt, 1, out->login, sizeof out->login);
		money__copy_column(stmt, 2, out->name, sizeof out->name);
		money__copy_column(stmt, 3, out->category, sizeof out->category);
		out->percent = sqlite3_column_int(stmt, 4);
		return 1;
	}
	if (rc == SQLITE_DONE)
		return 0;
	return money__fail(db, err, "read the resident");
}

int money__resident_by_login(sqlite3 *db, const char *login, money__resident *out, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, MONEY__RESIDENT_SELECT "WHERE r.login = ?1", &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, login != NULL ? login : "", -1, SQLITE_STATIC);
	int rc = money__resident_query(db, stmt, out, err);
	sqlite3_finalize(stmt);
	if (rc == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no resident with the login '%.64s'."),
		                  login != NULL ? login : "");
	return rc < 0 ? -1 : 0;
}

int money__resident_by_id(sqlite3 *db, int64_t id, money__resident *out, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, MONEY__RESIDENT_SELECT "WHERE r.id = ?1", &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	int rc = money__resident_query(db, stmt, out, err);
	sqlite3_finalize(stmt);
	if (rc == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no resident number %lld."), (long long)id);
	return rc < 0 ? -1 : 0;
}

/* A service or category name: 1..max of [a-z0-9-]. */
static bool money__plain_name(const char *s, size_t max)
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

/* "copy, internet, print-bw" from a one-column query, into buf. */
static int money__name_list(sqlite3 *db, const char *sql, char *buf, size_t size, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, sql, &stmt, err) < 0)
		return -1;
	size_t used = 0;
	buf[0] = '\0';
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		int n = snprintf(buf + used, size - used, "%s%s", used > 0 ? ", " : "",
		                 name != NULL ? name : "");
		if (n < 0 || (size_t)n >= size - used)
			break; /* a long list is cut off; the sentence still helps */
		used += (size_t)n;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return money__fail(db, err, "list the names");
	return 0;
}

/* ------------------------------------------------------------ tariffs */

int money_tariff_list(sqlite3 *db, Netpont__TariffListReply **out, np_err *err)
{
	*out = NULL;
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(
	        db, "SELECT service, label, price, per_minutes FROM tariffs ORDER BY service",
	        &stmt, err) < 0)
		return -1;
	Netpont__TariffListReply *reply =
	    MONEY_NEW(Netpont__TariffListReply, netpont__tariff_list_reply__init);
	if (reply == NULL)
		goto no_memory;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Netpont__Tariff *t = MONEY_NEW(Netpont__Tariff, netpont__tariff__init);
		if (money__append(&reply->tariffs, &reply->n_tariffs, t) < 0)
			goto no_memory;
		t->service = money__column_dup(stmt, 0);
		t->label = money__column_dup(stmt, 1);
		if (t->service == NULL || t->label == NULL)
			goto no_memory;
		t->price = sqlite3_column_int64(stmt, 2);
		t->per_minutes = sqlite3_column_int(stmt, 3);
	}
	return money__list_finish(db, stmt, rc, reply, out, "list the tariffs", err);
no_memory:
	money__no_memory(err);
	return money__list_abandon(stmt, reply);
}

int money_tariff_get(sqlite3 *db, const char *service, money_tariff *out, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(
	        db, "SELECT service, label, price, per_minutes FROM tariffs WHERE service = ?1",
	        &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, service != NULL ? service : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		money__copy_column(stmt, 0, out->service, sizeof out->service);
		money__copy_column(stmt, 1, out->label, sizeof out->label);
		out->price = sqlite3_column_int64(stmt, 2);
		out->per_minutes = sqlite3_column_int(stmt, 3);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return money__fail(db, err, "read the tariff");
	char names[256];
	if (money__name_list(db, "SELECT service FROM tariffs ORDER BY service", names,
	                     sizeof names, err) < 0)
		return -1;
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	                  N_("There is no service called '%.32s'. Services: %s."),
	                  service != NULL ? service : "", names);
}

int money_tariff_set(sqlite3 *db, const Netpont__Tariff *tariff, np_err *err)
{
	if (tariff == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The tariff to set is missing."));
	const char *service = tariff->service != NULL ? tariff->service : "";
	const char *label = tariff->label != NULL ? tariff->label : "";
	if (!money__plain_name(service, 32))
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A service name is 1 to 32 small letters, digits or dashes, like "
		       "print-bw."));
	if (tariff->price < 0 || tariff->price > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The price must be a whole number from 0 to %lld."),
		                  (long long)BILLING_MAX_AMOUNT);
	if (tariff->per_minutes < 0 || tariff->per_minutes > 1440)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The minutes per block must be from 0 to 1440."));
	if (strlen(label) > 80)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A tariff's label can be at most 80 characters long."));
	bool internet = strcmp(service, "internet") == 0;
	int per_minutes = tariff->per_minutes;
	if (internet && per_minutes == 0) {
		/* proto3 cannot tell "not given" from 0, and 0 is never valid for
		 * internet: keep the current block length. */
		money_tariff current;
		np_err ignored = {0};
		if (money_tariff_get(db, "internet", &current, &ignored) == 0)
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

	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "INSERT INTO tariffs (service, label, price, per_minutes) "
	                   "VALUES (?1, CASE WHEN ?2 = '' THEN ?1 ELSE ?2 END, ?3, ?4) "
	                   "ON CONFLICT (service) DO UPDATE SET "
	                   "label = CASE WHEN ?2 = '' THEN tariffs.label ELSE ?2 END, "
	                   "price = ?3, per_minutes = ?4",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, service, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, tariff->price);
	sqlite3_bind_int(stmt, 4, per_minutes);
	return money__run(db, stmt, "save the tariff", err);
}

/* ------------------------------------------------------------ categories */

int money_category_list(sqlite3 *db, Netpont__CategoryListReply **out, np_err *err)
{
	*out = NULL;
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, "SELECT name, percent FROM categories ORDER BY name", &stmt, err) <
	    0)
		return -1;
	Netpont__CategoryListReply *reply =
	    MONEY_NEW(Netpont__CategoryListReply, netpont__category_list_reply__init);
	if (reply == NULL)
		goto no_memory;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Netpont__Category *c = MONEY_NEW(Netpont__Category, netpont__category__init);
		if (money__append(&reply->categories, &reply->n_categories, c) < 0)
			goto no_memory;
		c->name = money__column_dup(stmt, 0);
		if (c->name == NULL)
			goto no_memory;
		c->percent = sqlite3_column_int(stmt, 1);
	}
	return money__list_finish(db, stmt, rc, reply, out, "list the fee categories", err);
no_memory:
	money__no_memory(err);
	return money__list_abandon(stmt, reply);
}

int money_category_set(sqlite3 *db, const Netpont__Category *category, np_err *err)
{
	if (category == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The fee category to set is missing."));
	if (!money__plain_name(category->name, 32))
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A fee category's name is 1 to 32 small letters, digits or dashes, "
		       "like reduced."));
	if (category->percent < 0 || category->percent > 100)
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("The percentage must be a whole number from 0 to 100 (0 = exempt)."));
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "INSERT INTO categories (name, percent) VALUES (?1, ?2) "
	                   "ON CONFLICT (name) DO UPDATE SET percent = ?2",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, category->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 2, category->percent);
	return money__run(db, stmt, "save the fee category", err);
}

int money_category_get(sqlite3 *db, const char *name, int64_t *id, int *percent, np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, "SELECT id, percent FROM categories WHERE name = ?1", &stmt, err) <
	    0)
		return -1;
	sqlite3_bind_text(stmt, 1, name != NULL ? name : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (id != NULL)
			*id = sqlite3_column_int64(stmt, 0);
		if (percent != NULL)
			*percent = sqlite3_column_int(stmt, 1);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return money__fail(db, err, "read the fee category");
	char names[256];
	if (money__name_list(db, "SELECT name FROM categories ORDER BY name", names, sizeof names,
	                     err) < 0)
		return -1;
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	                  N_("There is no fee category called '%.32s'. Categories: %s."),
	                  name != NULL ? name : "", names);
}

int money__setting(sqlite3 *db, const char *key, const char *dflt, char *buf, size_t size,
                   np_err *err)
{
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, "SELECT value FROM settings WHERE key = ?1", &stmt, err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		money__copy_column(stmt, 0, buf, size);
	else
		snprintf(buf, size, "%s", dflt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return money__fail(db, err, "read the settings");
	return 0;
}

int money_default_category(sqlite3 *db, char *name, size_t size, np_err *err)
{
	if (money__setting(db, "default_category", "standard", name, size, err) < 0)
		return -1;
	return money_category_get(db, name, NULL, NULL, err);
}

void money_format_amount(sqlite3 *db, int64_t amount, char *buf, size_t size)
{
	char currency[16], decimals_text[8];
	if (money__setting(db, "currency", "HUF", currency, sizeof currency, NULL) < 0)
		snprintf(currency, sizeof currency, "HUF");
	if (money__setting(db, "currency_decimals", "0", decimals_text, sizeof decimals_text,
	                   NULL) < 0)
		snprintf(decimals_text, sizeof decimals_text, "0");
	int decimals = atoi(decimals_text);
	if (decimals < 0 || decimals > 3)
		decimals = 0;
	const char *symbol = strcmp(currency, "HUF") == 0 ? "Ft" : currency;
	const char *sign = amount < 0 ? "-" : "";
	/* Negate in unsigned arithmetic: INT64_MIN has no positive twin. */
	uint64_t magnitude = amount < 0 ? 0u - (uint64_t)amount : (uint64_t)amount;
	if (decimals == 0) {
		snprintf(buf, size, "%s%llu %s", sign, (unsigned long long)magnitude, symbol);
		return;
	}
	uint64_t scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	snprintf(buf, size, "%s%llu.%0*llu %s", sign, (unsigned long long)(magnitude / scale),
	         decimals, (unsigned long long)(magnitude % scale), symbol);
}
