/* The money store against a real SQLite file made from schema.sql: tariffs
 * and categories, session/print/office charges, bills with FIFO lines,
 * payments, waivers, reversals, cash shifts and reports that add up to the
 * ledger. Every refusal is checked to leave the database byte for byte as
 * it was, without a rollback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "billing.h"
#include "money.h"

#ifndef NETPONT_SOURCE_DIR_DEFAULT
#define NETPONT_SOURCE_DIR_DEFAULT "."
#endif

#define DORA   1 /* mentor */
#define TERI   2 /* treasurer */
#define ADMIN  3 /* admin */
#define BENCE  4 /* a second mentor */
#define KOVACS 1 /* resident, standard */
#define NAGY   2 /* resident, reduced (50 %) */
#define SZABO  3 /* resident, exempt */
#define GUEST  4 /* guest-1, standard */
#define PC01   1
#define PC03   2

typedef struct fixture {
	char dir[256];
	char path[300];
	sqlite3 *db;
} fixture;

static time_t local(int year, int month, int day, int hour, int minute)
{
	struct tm tm = {0};
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

#define TUE(h, m) ((int64_t)local(2026, 11, 24, h, m))
#define WED(h, m) ((int64_t)local(2026, 11, 25, h, m))

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = malloc((size_t)size + 1);
	if (text != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
		free(text);
		text = NULL;
	}
	if (text != NULL)
		text[size] = '\0';
	fclose(f);
	return text;
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("SQL failed: %s\n%s", msg != NULL ? msg : "?", sql);
	sqlite3_free(msg);
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* Everything the money store may write, as one string: a refusal must leave
 * it exactly the same. Caller frees. */
static char *fingerprint(sqlite3 *db)
{
	sqlite3_stmt *stmt = NULL;
	const char *sql =
	    "SELECT (SELECT COUNT(*) || ':' || COALESCE(group_concat(x, ';'), '') FROM "
	    "  (SELECT quote(id) || quote(at) || kind || resident_id || quote(service) || qty || "
	    "   unit_price || percent || quote(category) || amount || quote(method) || note || "
	    "   quote(staff_id) || quote(shift_id) || quote(session_id) || quote(seat_id) || "
	    "   quote(print_job) || quote(reverses_id) AS x FROM ledger ORDER BY id)) "
	    "|| '|' || (SELECT COUNT(*) || ':' || COALESCE(group_concat(x, ';'), '') FROM "
	    "  (SELECT id || staff_id || started_at || cash_float || quote(ended_at) || "
	    "   quote(counted) AS x FROM shifts ORDER BY id)) "
	    "|| '|' || (SELECT group_concat(x, ';') FROM "
	    "  (SELECT service || label || price || per_minutes AS x FROM tariffs ORDER BY "
	    "service)) "
	    "|| '|' || (SELECT group_concat(x, ';') FROM "
	    "  (SELECT name || percent AS x FROM categories ORDER BY name))";
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	char *text = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	assert_non_null(text);
	return text;
}

static int setup(void **state)
{
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/netpont-money-XXXXXX", tmp != NULL ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/netpont.db", f->dir);
	assert_int_equal(sqlite3_open(f->path, &f->db), SQLITE_OK);
	exec(f->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	            "PRAGMA foreign_keys = ON;");

	const char *src = getenv("NETPONT_SOURCE_DIR");
	char schema_path[512];
	snprintf(schema_path, sizeof schema_path, "%s/server/store/schema.sql",
	         src != NULL ? src : NETPONT_SOURCE_DIR_DEFAULT);
	char *schema = read_file(schema_path);
	if (schema == NULL)
		fail_msg("cannot read %s", schema_path);
	exec(f->db, schema);
	free(schema);
	exec(f->db,
	     "INSERT INTO staff (id, name, role, password_hash, created_at) VALUES "
	     " (1, 'Dóra', 'mentor', 'x', 0), (2, 'Teri', 'treasurer', 'x', 0), "
	     " (3, 'admin', 'admin', 'x', 0), (4, 'Bence', 'mentor', 'x', 0);"
	     "INSERT INTO seats (id, name, token_hash, created_at) VALUES "
	     " (1, 'PC-01', 'x', 0), (2, 'PC-03', 'x', 0);"
	     "INSERT INTO residents (id, login, name, pin_hash, category_id, guest, created_at) "
	     " VALUES (1, 'kovacs', 'Kovács Mária', 'x', 1, 0, 0), "
	     " (2, 'nagy', 'Nagy Péter', 'x', 2, 0, 0), (3, 'szabo', 'Szabó Éva', 'x', 3, 0, 0), "
	     " (4, 'guest-1', 'Guest 1', '', 1, 1, 0);"
	     /* Sessions for the session charges (foreign keys are on). */
	     "INSERT INTO sessions (id, seat_id, resident_id, started_at, ends_at, ended_at, "
	     " started_by) VALUES (1, 2, 1, 0, 0, 0, NULL), (2, 2, 1, 0, 0, 0, 1), "
	     " (3, 1, 2, 0, 0, 0, 1), (4, 1, 3, 0, 0, 0, 4), (5, 1, 4, 0, 0, 0, 4), "
	     " (6, 2, 1, 0, 0, 0, NULL);");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	assert_int_equal(sqlite3_close(f->db), SQLITE_OK);
	char p[400];
	const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
	return 0;
}

/* ------------------------------------------------------------ helpers */

static int64_t due_of(sqlite3 *db, int64_t resident)
{
	int64_t due = -999;
	np_err err = {0};
	assert_int_equal(money_due(db, resident, &due, &err), 0);
	return due;
}

static int64_t charge_add(sqlite3 *db, int64_t staff, const char *login, const char *service,
                          int64_t qty, int64_t at)
{
	Netpont__ChargeAdd req = NETPONT__CHARGE_ADD__INIT;
	req.resident_login = (char *)login;
	req.service = (char *)service;
	req.qty = qty;
	Netpont__ChargeAdded *out = NULL;
	np_err err = {0};
	if (money_charge_add(db, staff, &req, at, &out, &err) != 0)
		fail_msg("charge_add refused: %s", err.message);
	int64_t id = out->entry->id;
	netpont__charge_added__free_unpacked(out, NULL);
	return id;
}

static int pay(sqlite3 *db, int64_t staff, const char *login, int64_t amount, const char *method,
               const char *note, int64_t at, int64_t *entry_id, np_err *err)
{
	Netpont__Pay req = NETPONT__PAY__INIT;
	req.resident_login = (char *)login;
	req.amount = amount;
	req.method = (char *)(method != NULL ? method : "");
	req.note = (char *)(note != NULL ? note : "");
	Netpont__PayReply *out = NULL;
	int rc = money_pay(db, staff, &req, at, &out, err);
	if (rc == 0) {
		assert_non_null(out);
		if (entry_id != NULL)
			*entry_id = out->entry->id;
		netpont__pay_reply__free_unpacked(out, NULL);
	} else {
		assert_null(out);
	}
	return rc;
}

static int64_t pay_ok(sqlite3 *db, int64_t staff, const char *login, int64_t amount,
                      const char *method, const char *note, int64_t at)
{
	np_err err = {0};
	int64_t id = 0;
	if (pay(db, staff, login, amount, method, note, at, &id, &err) != 0)
		fail_msg("pay refused: %s", err.message);
	return id;
}

static int reverse(sqlite3 *db, int64_t staff, int64_t entry, const char *note, int64_t at,
                   int64_t *id, np_err *err)
{
	Netpont__LedgerReverse req = NETPONT__LEDGER_REVERSE__INIT;
	req.entry_id = entry;
	req.note = (char *)(note != NULL ? note : "");
	Netpont__LedgerReverseReply *out = NULL;
	int rc = money_reverse(db, staff, &req, at, &out, err);
	if (rc == 0) {
		if (id != NULL)
			*id = out->entry->id;
		netpont__ledger_reverse_reply__free_unpacked(out, NULL);
	} else {
		assert_null(out);
	}
	return rc;
}

static int64_t print(sqlite3 *db, int64_t seat, int64_t resident, const char *key, int pages,
                     int copies, bool color, int64_t at, bool *duplicate)
{
	money_print_job job = {.seat_id = seat,
	                       .resident_id = resident,
	                       .session_id = 0,
	                       .job_key = key,
	                       .pages = pages,
	                       .copies = copies,
	                       .color = color,
	                       .at = at};
	money_charge ch;
	np_err err = {0};
	if (money_charge_print(db, &job, &ch, &err) != 0)
		fail_msg("print refused: %s", err.message);
	if (duplicate != NULL)
		*duplicate = ch.duplicate;
	return ch.amount;
}

/* Refusal check: err code and message, and the database untouched. */
#define ASSERT_REFUSED(f, before, call, code_, message_)                                           \
	do {                                                                                       \
		np_err err_ = {0};                                                                 \
		np_err *rerr = &err_;                                                              \
		assert_int_equal((call), -1);                                                      \
		assert_int_equal(err_.code, (code_));                                              \
		if ((message_) != NULL)                                                            \
			assert_string_equal(err_.message, (message_));                             \
		char *after_ = fingerprint((f)->db);                                               \
		assert_string_equal(after_, (before));                                             \
		free(after_);                                                                      \
	} while (0)

#define BAD       NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST
#define NOT_FOUND NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND
#define CONFLICT  NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT

/* ------------------------------------------------------------ tariffs and categories */

static void test_tariffs(void **state)
{
	fixture *f = *state;
	Netpont__TariffListReply *list = NULL;
	np_err err = {0};
	assert_int_equal(money_tariff_list(f->db, &list, &err), 0);
	assert_int_equal(list->n_tariffs, 5);
	assert_string_equal(list->tariffs[0]->service, "copy");
	assert_string_equal(list->tariffs[1]->service, "internet");
	assert_int_equal(list->tariffs[1]->price, 100);
	assert_int_equal(list->tariffs[1]->per_minutes, 30);
	assert_string_equal(list->tariffs[1]->label, "Computer and internet");
	netpont__tariff_list_reply__free_unpacked(list, NULL);

	money_tariff t;
	assert_int_equal(money_tariff_get(f->db, "print-bw", &t, &err), 0);
	assert_int_equal(t.price, 20);
	assert_int_equal(t.per_minutes, 0);
	assert_int_equal(money_tariff_get(f->db, "fax", &t, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);
	assert_string_equal(err.message, "There is no service called 'fax'. Services: copy, "
	                                 "internet, print-bw, print-color, scan.");

	/* A new service gets its name as label; a change keeps the label. */
	Netpont__Tariff fax = NETPONT__TARIFF__INIT;
	fax.service = "fax";
	fax.price = 150;
	assert_int_equal(money_tariff_set(f->db, &fax, &err), 0);
	assert_int_equal(money_tariff_get(f->db, "fax", &t, &err), 0);
	assert_string_equal(t.label, "fax");
	assert_int_equal(t.price, 150);
	Netpont__Tariff copy = NETPONT__TARIFF__INIT;
	copy.service = "copy";
	copy.price = 25;
	assert_int_equal(money_tariff_set(f->db, &copy, &err), 0);
	assert_int_equal(money_tariff_get(f->db, "copy", &t, &err), 0);
	assert_string_equal(t.label, "Copy (A4 page)");
	assert_int_equal(t.price, 25);
	copy.label = "Copy, A4";
	copy.price = 0; /* free copies are allowed */
	assert_int_equal(money_tariff_set(f->db, &copy, &err), 0);
	assert_int_equal(money_tariff_get(f->db, "copy", &t, &err), 0);
	assert_string_equal(t.label, "Copy, A4");
	assert_int_equal(t.price, 0);
	/* internet: 0 minutes means "keep the block length". */
	Netpont__Tariff net = NETPONT__TARIFF__INIT;
	net.service = "internet";
	net.price = 120;
	assert_int_equal(money_tariff_set(f->db, &net, &err), 0);
	assert_int_equal(money_tariff_get(f->db, "internet", &t, &err), 0);
	assert_int_equal(t.price, 120);
	assert_int_equal(t.per_minutes, 30);
	net.per_minutes = 15;
	assert_int_equal(money_tariff_set(f->db, &net, &err), 0);
	assert_int_equal(money_tariff_get(f->db, "internet", &t, &err), 0);
	assert_int_equal(t.per_minutes, 15);

	char *before = fingerprint(f->db);
	Netpont__Tariff bad = NETPONT__TARIFF__INIT;
	bad.service = "Fax!";
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD,
	               "A service name is 1 to 32 small letters, digits or dashes, like print-bw.");
	bad.service = "";
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD, NULL);
	bad.service = "a-very-long-service-name-that-is-too-long";
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD, NULL);
	bad.service = "copy";
	bad.price = -1;
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD,
	               "The price must be a whole number from 0 to 1000000000.");
	bad.price = BILLING_MAX_AMOUNT + 1;
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD, NULL);
	bad.price = 20;
	bad.per_minutes = 10;
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD,
	               "Only internet is charged by time; copy must have 0 minutes per block.");
	bad.service = "internet";
	bad.per_minutes = 1441;
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD,
	               "The minutes per block must be from 0 to 1440.");
	bad.per_minutes = -30;
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, &bad, rerr), BAD, NULL);
	ASSERT_REFUSED(f, before, money_tariff_set(f->db, NULL, rerr), BAD, NULL);
	free(before);
}

static void test_categories(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	Netpont__CategoryListReply *list = NULL;
	assert_int_equal(money_category_list(f->db, &list, &err), 0);
	assert_int_equal(list->n_categories, 3);
	assert_string_equal(list->categories[0]->name, "exempt");
	assert_int_equal(list->categories[0]->percent, 0);
	assert_string_equal(list->categories[1]->name, "reduced");
	assert_int_equal(list->categories[1]->percent, 50);
	netpont__category_list_reply__free_unpacked(list, NULL);

	Netpont__Category c = NETPONT__CATEGORY__INIT;
	c.name = "pensioner";
	c.percent = 30;
	assert_int_equal(money_category_set(f->db, &c, &err), 0);
	c.name = "reduced";
	c.percent = 40;
	assert_int_equal(money_category_set(f->db, &c, &err), 0);
	int64_t id = 0;
	int percent = -1;
	assert_int_equal(money_category_get(f->db, "reduced", &id, &percent, &err), 0);
	assert_int_equal(id, 2);
	assert_int_equal(percent, 40);
	assert_int_equal(money_category_get(f->db, "pensioner", NULL, &percent, &err), 0);
	assert_int_equal(percent, 30);
	assert_int_equal(money_category_get(f->db, "vip", &id, &percent, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);
	assert_string_equal(err.message, "There is no fee category called 'vip'. Categories: "
	                                 "exempt, pensioner, reduced, standard.");

	char name[33];
	assert_int_equal(money_default_category(f->db, name, sizeof name, &err), 0);
	assert_string_equal(name, "standard");
	exec(f->db, "UPDATE settings SET value = 'gone' WHERE key = 'default_category'");
	assert_int_equal(money_default_category(f->db, name, sizeof name, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);

	char *before = fingerprint(f->db);
	c.name = "reduced";
	c.percent = 101;
	ASSERT_REFUSED(f, before, money_category_set(f->db, &c, rerr), BAD,
	               "The percentage must be a whole number from 0 to 100 (0 = exempt).");
	c.percent = -1;
	ASSERT_REFUSED(f, before, money_category_set(f->db, &c, rerr), BAD, NULL);
	c.name = "Big Family";
	c.percent = 10;
	ASSERT_REFUSED(f, before, money_category_set(f->db, &c, rerr), BAD,
	               "A fee category's name is 1 to 32 small letters, digits or dashes, like "
	               "reduced.");
	ASSERT_REFUSED(f, before, money_category_set(f->db, NULL, rerr), BAD, NULL);
	free(before);
}

/* ------------------------------------------------------------ charges */

static void test_charge_session(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	money_charge ch;
	/* 0 s used: 0 blocks, no row. */
	assert_int_equal(money_charge_session(f->db, 1, KOVACS, PC03, 0, 0, TUE(10, 0), &ch, &err),
	                 0);
	assert_int_equal(ch.id, 0);
	assert_int_equal(query_int(f->db, "SELECT COUNT(*) FROM ledger"), 0);
	/* A self-login of 1 s: one started block. */
	assert_int_equal(money_charge_session(f->db, 6, KOVACS, PC03, 0, 1, TUE(10, 0), &ch, &err),
	                 0);
	assert_true(ch.id > 0);
	assert_false(ch.duplicate);
	assert_int_equal(ch.qty, 1);
	assert_int_equal(ch.amount, 100);
	assert_int_equal(
	    query_int(f->db, "SELECT staff_id IS NULL FROM ledger WHERE session_id = 6"), 1);
	/* A mentor-started hour: 2 blocks, staff recorded. */
	assert_int_equal(
	    money_charge_session(f->db, 2, KOVACS, PC03, DORA, 3600, TUE(11, 0), &ch, &err), 0);
	assert_int_equal(ch.qty, 2);
	assert_int_equal(ch.amount, 200);
	assert_int_equal(ch.unit_price, 100);
	assert_int_equal(ch.percent, 100);
	int64_t first = ch.id;
	assert_int_equal(query_int(f->db, "SELECT staff_id FROM ledger WHERE session_id = 2"),
	                 DORA);
	assert_int_equal(query_int(f->db, "SELECT seat_id FROM ledger WHERE session_id = 2"), PC03);
	assert_int_equal(
	    query_int(f->db, "SELECT category = 'standard' FROM ledger WHERE session_id = 2"), 1);
	/* Charged once: the same session again is a duplicate. */
	char *before = fingerprint(f->db);
	assert_int_equal(
	    money_charge_session(f->db, 2, KOVACS, PC03, DORA, 7200, TUE(12, 0), &ch, &err), 0);
	assert_true(ch.duplicate);
	assert_int_equal(ch.id, first);
	assert_int_equal(ch.amount, 200);
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* Reduced: 3601 s = 3 blocks x 100 x 50 %. */
	assert_int_equal(
	    money_charge_session(f->db, 3, NAGY, PC01, DORA, 3601, TUE(12, 0), &ch, &err), 0);
	assert_int_equal(ch.qty, 3);
	assert_int_equal(ch.amount, 150);
	assert_int_equal(ch.percent, 50);
	/* Exempt: the use is recorded at 0. */
	assert_int_equal(
	    money_charge_session(f->db, 4, SZABO, PC01, BENCE, 1800, TUE(13, 0), &ch, &err), 0);
	assert_true(ch.id > 0);
	assert_int_equal(ch.qty, 1);
	assert_int_equal(ch.amount, 0);
	assert_int_equal(due_of(f->db, SZABO), 0);
	/* Half up with a reduced odd price: 1 block x 25 x 50 % = 12.5 -> 13. */
	exec(f->db, "UPDATE tariffs SET price = 25 WHERE service = 'internet'");
	exec(f->db, "UPDATE categories SET percent = 50 WHERE name = 'standard'");
	assert_int_equal(
	    money_charge_session(f->db, 5, GUEST, PC01, BENCE, 60, TUE(14, 0), &ch, &err), 0);
	assert_int_equal(ch.amount, 13);
	assert_int_equal(due_of(f->db, KOVACS), 300);
	assert_int_equal(due_of(f->db, NAGY), 150);
	assert_int_equal(due_of(f->db, GUEST), 13);
}

static void test_print(void **state)
{
	fixture *f = *state;
	bool dup = true;
	assert_int_equal(
	    print(f->db, PC03, KOVACS, "hp/12/1764000000", 4, 1, false, TUE(10, 0), &dup), 80);
	assert_false(dup);
	char *before = fingerprint(f->db);
	/* The agent reports it again after a reconnect: not charged twice. */
	assert_int_equal(
	    print(f->db, PC03, KOVACS, "hp/12/1764000000", 4, 1, false, TUE(10, 5), &dup), 80);
	assert_true(dup);
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(after);
	free(before);
	/* The same key on another PC is another job. */
	assert_int_equal(
	    print(f->db, PC01, KOVACS, "hp/12/1764000000", 1, 1, false, TUE(10, 6), &dup), 20);
	assert_false(dup);
	/* Colour, 2 pages x 3 copies, reduced: 6 x 100 x 50 %. */
	assert_int_equal(print(f->db, PC01, NAGY, "hp/13/1", 2, 3, true, TUE(10, 7), &dup), 300);
	assert_int_equal(query_int(f->db, "SELECT qty FROM ledger WHERE print_job = 'hp/13/1'"), 6);
	assert_int_equal(
	    query_int(f->db,
	              "SELECT service = 'print-color' FROM ledger WHERE print_job = 'hp/13/1'"),
	    1);
	assert_int_equal(
	    query_int(f->db, "SELECT staff_id IS NULL FROM ledger WHERE print_job = 'hp/13/1'"), 1);

	before = fingerprint(f->db);
	money_print_job job = {.seat_id = PC01,
	                       .resident_id = KOVACS,
	                       .job_key = "k",
	                       .pages = 0,
	                       .copies = 1,
	                       .at = TUE(11, 0)};
	money_charge ch;
	ASSERT_REFUSED(f, before, money_charge_print(f->db, &job, &ch, rerr), BAD,
	               "A print must have 1 to 1000 pages and 1 to 100 copies.");
	job.pages = 1001;
	ASSERT_REFUSED(f, before, money_charge_print(f->db, &job, &ch, rerr), BAD, NULL);
	job.pages = 1000;
	job.copies = 101;
	ASSERT_REFUSED(f, before, money_charge_print(f->db, &job, &ch, rerr), BAD, NULL);
	job.copies = -1;
	ASSERT_REFUSED(f, before, money_charge_print(f->db, &job, &ch, rerr), BAD, NULL);
	job.copies = 1;
	job.job_key = "";
	ASSERT_REFUSED(f, before, money_charge_print(f->db, &job, &ch, rerr), BAD,
	               "A print job must come with its key (1 to 200 characters).");
	job.job_key = "k";
	job.resident_id = 99;
	ASSERT_REFUSED(f, before, money_charge_print(f->db, &job, &ch, rerr), NOT_FOUND,
	               "There is no resident number 99.");
	free(before);

	/* Quotes: no row written. */
	before = fingerprint(f->db);
	Netpont__PrintQuoteReply q = NETPONT__PRINT_QUOTE_REPLY__INIT;
	np_err err = {0};
	assert_int_equal(money_print_quote(f->db, KOVACS, 4, 1, false, &q, &err), 0);
	assert_int_equal(q.amount, 80);
	assert_int_equal(q.unit_price, 20);
	assert_int_equal(money_print_quote(f->db, NAGY, 4, 1, true, &q, &err), 0);
	assert_int_equal(q.amount, 200);
	assert_int_equal(q.unit_price, 100);
	assert_int_equal(money_print_quote(f->db, 0, 3, 2, true, &q, &err), 0);
	assert_int_equal(q.amount, 600);
	exec(f->db, "UPDATE tariffs SET price = 25 WHERE service = 'print-bw'");
	assert_int_equal(money_print_quote(f->db, NAGY, 1, 1, false, &q, &err), 0);
	assert_int_equal(q.amount, 13);
	exec(f->db, "UPDATE tariffs SET price = 20 WHERE service = 'print-bw'");
	char *after2 = fingerprint(f->db);
	assert_string_equal(before, after2);
	free(after2);
	assert_int_equal(money_print_quote(f->db, KOVACS, 0, 1, false, &q, &err), -1);
	assert_int_equal(err.code, BAD);
	free(before);
}

static void test_charge_add(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	Netpont__ChargeAdd req = NETPONT__CHARGE_ADD__INIT;
	req.resident_login = "kovacs";
	req.service = "copy";
	req.qty = 3;
	req.note = "CV";
	Netpont__ChargeAdded *out = NULL;
	assert_int_equal(money_charge_add(f->db, DORA, &req, TUE(10, 0), &out, &err), 0);
	assert_int_equal(out->due, 60);
	assert_int_equal(out->entry->kind, NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE);
	assert_int_equal(out->entry->amount, 60);
	assert_int_equal(out->entry->qty, 3);
	assert_string_equal(out->entry->service, "copy");
	assert_string_equal(out->entry->staff, "Dóra");
	assert_string_equal(out->entry->resident_login, "kovacs");
	assert_string_equal(out->entry->note, "CV");
	assert_string_equal(out->entry->seat, "");
	netpont__charge_added__free_unpacked(out, NULL);
	/* An absent qty (0) is one. */
	req.qty = 0;
	req.service = "scan";
	assert_int_equal(money_charge_add(f->db, DORA, &req, TUE(10, 1), &out, &err), 0);
	assert_int_equal(out->entry->qty, 1);
	assert_int_equal(out->due, 110);
	netpont__charge_added__free_unpacked(out, NULL);

	char *before = fingerprint(f->db);
	req.qty = 1;
	req.service = "internet";
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr), BAD,
	               "internet is charged by the session; it cannot be added by hand.");
	assert_null(out);
	req.service = "fax";
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr),
	               NOT_FOUND,
	               "There is no service called 'fax'. Services: copy, internet, print-bw, "
	               "print-color, scan.");
	req.service = "";
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr), BAD,
	               "Say which service to charge, for example copy.");
	req.service = "copy";
	req.resident_login = "nobody";
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr),
	               NOT_FOUND, "There is no resident with the login 'nobody'.");
	req.resident_login = "kovacs";
	req.qty = -2;
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr), BAD,
	               "The quantity must be a whole number from 1 to 10000.");
	req.qty = 10001;
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr), BAD,
	               NULL);
	req.qty = 1;
	char note[600];
	memset(note, 'x', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	req.note = note;
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr), BAD,
	               "A note can be at most 500 characters long.");
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, NULL, TUE(10, 2), &out, rerr), BAD,
	               NULL);
	/* An absurd price times a big quantity is refused, not wrapped. */
	exec(f->db, "UPDATE tariffs SET price = 1000000000 WHERE service = 'scan'");
	free(before);
	before = fingerprint(f->db);
	req.note = "";
	req.service = "scan";
	req.qty = 10000;
	ASSERT_REFUSED(f, before, money_charge_add(f->db, DORA, &req, TUE(10, 2), &out, rerr), BAD,
	               "That comes to more than 1000000000; check the quantity and the price.");
	free(before);
}

/* ------------------------------------------------------------ bills and payments */

static void test_bill_and_pay(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	money_charge ch;
	assert_int_equal(
	    money_charge_session(f->db, 2, KOVACS, PC03, DORA, 3600, TUE(10, 0), &ch, &err), 0);
	print(f->db, PC03, KOVACS, "job-1", 4, 1, false, TUE(10, 30), NULL);
	charge_add(f->db, DORA, "kovacs", "copy", 3, TUE(11, 0));
	assert_int_equal(due_of(f->db, KOVACS), 340);

	Netpont__BillReply *bill = NULL;
	assert_int_equal(money_bill(f->db, "kovacs", &bill, &err), 0);
	assert_string_equal(bill->resident_name, "Kovács Mária");
	assert_string_equal(bill->category, "standard");
	assert_int_equal(bill->due, 340);
	assert_int_equal(bill->n_lines, 3);
	assert_string_equal(bill->lines[0]->service, "internet");
	assert_int_equal(bill->lines[0]->qty, 2);
	assert_int_equal(bill->lines[0]->amount, 200);
	assert_string_equal(bill->lines[0]->seat, "PC-03");
	assert_true(bill->lines[0]->at == TUE(10, 0));
	assert_string_equal(bill->lines[1]->service, "print-bw");
	assert_string_equal(bill->lines[2]->service, "copy");
	netpont__bill_reply__free_unpacked(bill, NULL);

	exec(f->db,
	     "INSERT INTO shifts (id, staff_id, started_at, cash_float) VALUES (7, 1, 0, 0)");
	int64_t payment = pay_ok(f->db, DORA, "kovacs", 250, "", "", TUE(12, 0));
	assert_int_equal(due_of(f->db, KOVACS), 90);
	assert_int_equal(query_int(f->db, "SELECT shift_id FROM ledger WHERE kind = 'payment'"), 7);
	Netpont__LedgerEntry *e = NULL;
	assert_int_equal(money_entry_get(f->db, payment, &e, &err), 0);
	assert_int_equal(e->kind, NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT);
	assert_string_equal(e->method, "cash");
	assert_string_equal(e->staff, "Dóra");
	assert_int_equal(e->amount, 250);
	netpont__ledger_entry__free_unpacked(e, NULL);

	/* FIFO: the session is covered, 30 of the print is open, the copies are open. */
	assert_int_equal(money_bill(f->db, "kovacs", &bill, &err), 0);
	assert_int_equal(bill->due, 90);
	assert_int_equal(bill->n_lines, 2);
	assert_string_equal(bill->lines[0]->service, "print-bw");
	assert_int_equal(bill->lines[0]->amount, 30);
	assert_int_equal(bill->lines[0]->qty, 4);
	assert_string_equal(bill->lines[1]->service, "copy");
	assert_int_equal(bill->lines[1]->amount, 60);
	netpont__bill_reply__free_unpacked(bill, NULL);

	char *before = fingerprint(f->db);
	int64_t id = 0;
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 100, "cash", "", TUE(12, 1), &id, rerr), CONFLICT,
	               "Kovács Mária owes 90 Ft; 100 Ft is more than that.");
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "kovacs", 0, "cash", "", TUE(12, 1), &id, rerr),
	               BAD, "The amount must be a whole number of forints above 0.");
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "kovacs", -5, "cash", "", TUE(12, 1), &id, rerr),
	               BAD, NULL);
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "kovacs", 10, "card", "", TUE(12, 1), &id, rerr),
	               BAD, "The payment method must be cash or waive, not 'card'.");
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 30, "waive", "  ", TUE(12, 1), &id, rerr), BAD,
	               "A waiver needs a note saying why; the treasurer reads it.");
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 91, "waive", "hard month", TUE(12, 1), &id, rerr),
	               CONFLICT, "Kovács Mária owes 90 Ft; 91 Ft cannot be waived.");
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "nobody", 10, "cash", "", TUE(12, 1), &id, rerr),
	               NOT_FOUND, "There is no resident with the login 'nobody'.");
	ASSERT_REFUSED(f, before, pay(f->db, 0, "kovacs", 10, "cash", "", TUE(12, 1), &id, rerr),
	               BAD, "Only a staff member can take a payment.");
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "szabo", 10, "cash", "", TUE(12, 1), &id, rerr),
	               CONFLICT, "Szabó Éva owes nothing.");
	ASSERT_REFUSED(f, before,
	               money_pay(f->db, DORA, NULL, TUE(12, 1), &(Netpont__PayReply *){NULL}, rerr),
	               BAD, NULL);
	free(before);

	int64_t waiver = pay_ok(f->db, DORA, "kovacs", 30, "waive", "family in crisis", TUE(12, 2));
	assert_int_equal(due_of(f->db, KOVACS), 60);
	assert_int_equal(money_entry_get(f->db, waiver, &e, &err), 0);
	assert_int_equal(e->kind, NETPONT__LEDGER_KIND__LEDGER_KIND_WAIVER);
	assert_string_equal(e->method, "waive");
	assert_string_equal(e->note, "family in crisis");
	netpont__ledger_entry__free_unpacked(e, NULL);

	Netpont__Pay req = NETPONT__PAY__INIT;
	req.resident_login = "kovacs";
	req.amount = 60;
	Netpont__PayReply *reply = NULL;
	assert_int_equal(money_pay(f->db, BENCE, &req, TUE(12, 3), &reply, &err), 0);
	assert_int_equal(reply->due, 0);
	assert_string_equal(reply->entry->staff, "Bence");
	netpont__pay_reply__free_unpacked(reply, NULL);
	/* Bence has no open shift: the payment belongs to none. */
	assert_int_equal(query_int(f->db, "SELECT shift_id IS NULL FROM ledger WHERE staff_id = 4"),
	                 1);
	assert_int_equal(money_bill(f->db, "kovacs", &bill, &err), 0);
	assert_int_equal(bill->due, 0);
	assert_int_equal(bill->n_lines, 0);
	netpont__bill_reply__free_unpacked(bill, NULL);

	assert_int_equal(money_bill(f->db, "nobody", &bill, &err), -1);
	assert_null(bill);
	assert_int_equal(err.code, NOT_FOUND);

	/* The guest account's bill works like any resident's. */
	charge_add(f->db, DORA, "guest-1", "scan", 2, TUE(13, 0));
	assert_int_equal(money_bill(f->db, "guest-1", &bill, &err), 0);
	assert_int_equal(bill->due, 100);
	assert_int_equal(bill->n_lines, 1);
	netpont__bill_reply__free_unpacked(bill, NULL);
}

static void test_reverse(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t copy = charge_add(f->db, DORA, "kovacs", "copy", 5, TUE(10, 0)); /* 100 */
	int64_t scan = charge_add(f->db, DORA, "kovacs", "scan", 1, TUE(10, 1)); /* 50 */
	int64_t paid = pay_ok(f->db, DORA, "kovacs", 120, "cash", "", TUE(10, 2));
	assert_int_equal(due_of(f->db, KOVACS), 30);

	/* The copies were a mistake: reversing them leaves a credit of 70. */
	int64_t rev = 0;
	assert_int_equal(reverse(f->db, TERI, copy, "copier jammed", TUE(11, 0), &rev, &err), 0);
	assert_int_equal(due_of(f->db, KOVACS), -70);
	Netpont__LedgerEntry *e = NULL;
	assert_int_equal(money_entry_get(f->db, rev, &e, &err), 0);
	assert_int_equal(e->kind, NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL);
	assert_int_equal(e->reverses_id, copy);
	assert_int_equal(e->amount, 100);
	assert_string_equal(e->service, "copy");
	assert_string_equal(e->staff, "Teri");
	assert_string_equal(e->note, "copier jammed");
	assert_int_equal(e->reversed_by, 0);
	assert_int_equal(e->unit_price, 20);
	assert_int_equal(e->qty, 5);
	netpont__ledger_entry__free_unpacked(e, NULL);
	/* The reversed row names its reversal. */
	assert_int_equal(money_entry_get(f->db, copy, &e, &err), 0);
	assert_int_equal(e->reversed_by, rev);
	assert_int_equal(e->percent, 100);
	assert_string_equal(e->category, "standard");
	netpont__ledger_entry__free_unpacked(e, NULL);
	Netpont__BillReply *bill = NULL;
	assert_int_equal(money_bill(f->db, "kovacs", &bill, &err), 0);
	assert_int_equal(bill->due, -70);
	assert_int_equal(bill->n_lines, 0);
	netpont__bill_reply__free_unpacked(bill, NULL);

	char *before = fingerprint(f->db);
	char msg[128];
	snprintf(msg, sizeof msg, "Entry %lld was already reversed by entry %lld.", (long long)copy,
	         (long long)rev);
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, copy, "again", TUE(11, 1), NULL, rerr),
	               CONFLICT, msg);
	snprintf(msg, sizeof msg, "Entry %lld is itself a reversal; it cannot be reversed.",
	         (long long)rev);
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, rev, "undo", TUE(11, 1), NULL, rerr),
	               CONFLICT, msg);
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, 999, "what", TUE(11, 1), NULL, rerr),
	               NOT_FOUND, "There is no ledger entry 999.");
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, scan, "", TUE(11, 1), NULL, rerr), BAD,
	               "A reversal needs a note saying why.");
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, 0, "x", TUE(11, 1), NULL, rerr), BAD,
	               "Give the number of the ledger entry to reverse.");
	free(before);

	/* The payment was entered twice by mistake: reversing it owes 120 again. */
	assert_int_equal(reverse(f->db, TERI, paid, "typed twice", TUE(11, 2), &rev, &err), 0);
	assert_int_equal(due_of(f->db, KOVACS), 50);
	assert_int_equal(money_entry_get(f->db, rev, &e, &err), 0);
	assert_string_equal(e->method, "cash");
	netpont__ledger_entry__free_unpacked(e, NULL);
	/* A reversed print can be reported again by the agent: still a duplicate. */
	print(f->db, PC01, KOVACS, "p-1", 1, 1, false, TUE(11, 3), NULL);
	int64_t print_id = query_int(f->db, "SELECT id FROM ledger WHERE print_job = 'p-1'");
	assert_int_equal(reverse(f->db, ADMIN, print_id, "blank page", TUE(11, 4), NULL, &err), 0);
	bool dup = false;
	print(f->db, PC01, KOVACS, "p-1", 1, 1, false, TUE(11, 5), &dup);
	assert_true(dup);
	assert_int_equal(due_of(f->db, KOVACS), 50);
}

static void test_append_only(void **state)
{
	fixture *f = *state;
	charge_add(f->db, DORA, "kovacs", "copy", 1, TUE(10, 0));
	char *before = fingerprint(f->db);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(f->db, "UPDATE ledger SET amount = 0", NULL, NULL, &msg),
	                     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(f->db, "DELETE FROM ledger", NULL, NULL, &msg),
	                     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* ------------------------------------------------------------ shifts */

static void test_shifts(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	Netpont__Shift *s = NULL;
	assert_int_equal(money_shift_current(f->db, DORA, &s, &err), 0);
	assert_null(s);
	assert_int_equal(money_shift_start(f->db, DORA, 5000, TUE(9, 2), &s, &err), 0);
	assert_string_equal(s->staff, "Dóra");
	assert_int_equal(s->cash_float, 5000);
	assert_int_equal(s->expected, 5000);
	assert_int_equal(s->ended_at, 0);
	int64_t shift_id = s->id;
	netpont__shift__free_unpacked(s, NULL);

	char *before = fingerprint(f->db);
	ASSERT_REFUSED(f, before, money_shift_start(f->db, DORA, 100, TUE(9, 5), &s, rerr),
	               CONFLICT,
	               "You already have a shift open since 09:02 on 2026-11-24. End it before "
	               "starting a new one.");
	ASSERT_REFUSED(f, before, money_shift_start(f->db, BENCE, -1, TUE(9, 5), &s, rerr), BAD,
	               "The cash float must be a whole number, 0 or more.");
	ASSERT_REFUSED(f, before, money_shift_end(f->db, BENCE, 0, TUE(9, 5), &s, rerr), CONFLICT,
	               "You have no open shift to end.");
	ASSERT_REFUSED(f, before, money_shift_end(f->db, DORA, -5, TUE(9, 5), &s, rerr), BAD,
	               "The counted cash must be a whole number, 0 or more.");
	free(before);

	/* The day in ROOM.md: 460 Ft taken in cash, a waiver that is not cash. */
	charge_add(f->db, DORA, "kovacs", "copy", 15, TUE(10, 0)); /* 300 */
	charge_add(f->db, DORA, "nagy", "copy", 16, TUE(10, 0));   /* 160 */
	charge_add(f->db, DORA, "guest-1", "scan", 2, TUE(10, 0)); /* 100 */
	pay_ok(f->db, DORA, "kovacs", 300, "cash", "", TUE(11, 0));
	int64_t nagy_paid = pay_ok(f->db, DORA, "nagy", 160, "cash", "", TUE(11, 5));
	pay_ok(f->db, DORA, "guest-1", 100, "waive", "no money today", TUE(11, 10));
	assert_int_equal(money_shift_current(f->db, DORA, &s, &err), 0);
	assert_int_equal(s->id, shift_id);
	assert_int_equal(s->cash_taken, 460);
	assert_int_equal(s->expected, 5460);
	netpont__shift__free_unpacked(s, NULL);
	int64_t open_id = 0;
	assert_int_equal(money_shift_open_id(f->db, DORA, &open_id, &err), 0);
	assert_int_equal(open_id, shift_id);

	assert_int_equal(money_shift_end(f->db, DORA, 5460, TUE(17, 58), &s, &err), 0);
	assert_int_equal(s->expected, 5460);
	assert_int_equal(s->counted, 5460);
	assert_int_equal(s->difference, 0);
	assert_true(s->ended_at == TUE(17, 58));
	netpont__shift__free_unpacked(s, NULL);
	assert_int_equal(money_shift_current(f->db, DORA, &s, &err), 0);
	assert_null(s);

	/* The treasurer finds that the 160 was never taken: reversing it
	 * lowers that shift's expected cash, and its difference shows. */
	assert_int_equal(reverse(f->db, TERI, nagy_paid, "not received", WED(9, 0), NULL, &err), 0);
	Netpont__ReportShifts rq = NETPONT__REPORT_SHIFTS__INIT;
	rq.from = "2026-11-24";
	rq.to = "2026-11-24";
	Netpont__ReportShiftsReply *rep = NULL;
	assert_int_equal(money_report_shifts(f->db, &rq, &rep, &err), 0);
	assert_int_equal(rep->n_shifts, 1);
	assert_int_equal(rep->shifts[0]->cash_taken, 300);
	assert_int_equal(rep->shifts[0]->expected, 5300);
	assert_int_equal(rep->shifts[0]->difference, 160);
	netpont__report_shifts_reply__free_unpacked(rep, NULL);

	/* A new shift the next day, still open, with a short count later. */
	assert_int_equal(money_shift_start(f->db, DORA, 0, WED(9, 0), &s, &err), 0);
	netpont__shift__free_unpacked(s, NULL);
	assert_int_equal(money_shift_start(f->db, BENCE, 1000, WED(9, 1), &s, &err), 0);
	netpont__shift__free_unpacked(s, NULL);
	charge_add(f->db, BENCE, "kovacs", "scan", 1, WED(10, 0));
	pay_ok(f->db, BENCE, "kovacs", 50, "cash", "", WED(10, 1));
	assert_int_equal(money_shift_end(f->db, BENCE, 1040, WED(12, 0), &s, &err), 0);
	assert_int_equal(s->expected, 1050);
	assert_int_equal(s->difference, -10);
	netpont__shift__free_unpacked(s, NULL);

	rq.from = "2026-11-24";
	rq.to = "2026-11-25";
	assert_int_equal(money_report_shifts(f->db, &rq, &rep, &err), 0);
	assert_int_equal(rep->n_shifts, 3);
	assert_string_equal(rep->shifts[1]->staff, "Dóra");
	assert_int_equal(rep->shifts[1]->ended_at, 0);
	assert_int_equal(rep->shifts[1]->difference, 0);
	assert_string_equal(rep->shifts[2]->staff, "Bence");
	assert_int_equal(rep->shifts[2]->difference, -10);
	netpont__report_shifts_reply__free_unpacked(rep, NULL);
	rq.from = "2026-11-26";
	rq.to = "2026-11-30";
	assert_int_equal(money_report_shifts(f->db, &rq, &rep, &err), 0);
	assert_int_equal(rep->n_shifts, 0);
	netpont__report_shifts_reply__free_unpacked(rep, NULL);
	rq.from = "24.11.2026";
	assert_int_equal(money_report_shifts(f->db, &rq, &rep, &err), -1);
	assert_null(rep);
	assert_string_equal(err.message, "The date must look like 2026-11-24.");
}

/* ------------------------------------------------------------ reports */

static Netpont__ReportTotalsReply *totals(sqlite3 *db, const char *from, const char *to,
                                          Netpont__ReportBy by)
{
	Netpont__ReportTotals req = NETPONT__REPORT_TOTALS__INIT;
	req.from = (char *)from;
	req.to = (char *)to;
	req.by = by;
	Netpont__ReportTotalsReply *r = NULL;
	np_err err = {0};
	if (money_report_totals(db, &req, &r, &err) != 0)
		fail_msg("report refused: %s", err.message);
	/* The totals are the sums of the rows, whatever the grouping. */
	int64_t c = 0, p = 0, w = 0;
	for (size_t i = 0; i < r->n_rows; i++) {
		c += r->rows[i]->charged;
		p += r->rows[i]->paid;
		w += r->rows[i]->waived;
		if (i > 0)
			assert_true(strcmp(r->rows[i - 1]->key, r->rows[i]->key) < 0);
	}
	assert_int_equal(c, r->total_charged);
	assert_int_equal(p, r->total_paid);
	assert_int_equal(w, r->total_waived);
	return r;
}

static const Netpont__ReportRow *row_of(const Netpont__ReportTotalsReply *r, const char *key)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(r->rows[i]->key, key) == 0)
			return r->rows[i];
	fail_msg("no row '%s' in the report", key);
	return NULL;
}

/* A varied two-day ledger: self-login and mentor sessions, prints, office
 * items, cash, waivers, and reversals of each kind, one reversal on the
 * day after the row it reverses. */
static void build_two_days(fixture *f)
{
	np_err err = {0};
	money_charge ch;
	assert_int_equal(
	    money_charge_session(f->db, 6, KOVACS, PC03, 0, 3000, TUE(10, 0), &ch, &err),
	    0); /* 200, self */
	assert_int_equal(
	    money_charge_session(f->db, 3, NAGY, PC01, DORA, 1700, TUE(10, 30), &ch, &err),
	    0);                                                           /* 50, Dóra, reduced */
	print(f->db, PC03, KOVACS, "j1", 3, 2, false, TUE(10, 40), NULL); /* 120, self */
	print(f->db, PC01, NAGY, "j2", 1, 1, true, TUE(10, 45), NULL);    /* 50, self, reduced */
	int64_t copies = charge_add(f->db, DORA, "kovacs", "copy", 2, TUE(11, 0)); /* 40 */
	charge_add(f->db, BENCE, "szabo", "scan", 4, TUE(11, 5));                  /* 0, exempt */
	pay_ok(f->db, DORA, "kovacs", 300, "cash", "", TUE(12, 0));
	int64_t waiver = pay_ok(f->db, DORA, "nagy", 50, "waive", "lost her job", TUE(12, 5));
	reverse(f->db, TERI, copies, "not made", TUE(15, 0), NULL, &err);
	/* Wednesday. */
	assert_int_equal(
	    money_charge_session(f->db, 5, GUEST, PC01, BENCE, 900, WED(9, 30), &ch, &err),
	    0); /* 100, Bence */
	int64_t guest_paid = pay_ok(f->db, BENCE, "guest-1", 100, "cash", "", WED(9, 40));
	reverse(f->db, TERI, guest_paid, "paid by card at the office", WED(9, 50), NULL, &err);
	reverse(f->db, ADMIN, waiver, "she found work", WED(10, 0), NULL, &err);
	pay_ok(f->db, BENCE, "nagy", 30, "cash", "", WED(10, 5));
}

static void test_report_totals(void **state)
{
	fixture *f = *state;
	build_two_days(f);

	/* The whole ledger: charged - paid - waived = what everyone owes now. */
	const Netpont__ReportBy bys[] = {
	    NETPONT__REPORT_BY__REPORT_BY_UNSPECIFIED, NETPONT__REPORT_BY__REPORT_BY_DAY,
	    NETPONT__REPORT_BY__REPORT_BY_SERVICE, NETPONT__REPORT_BY__REPORT_BY_STAFF,
	    NETPONT__REPORT_BY__REPORT_BY_CATEGORY};
	int64_t owed = 0;
	for (int64_t r = 1; r <= 4; r++)
		owed += due_of(f->db, r);
	/* Charged: 200+50+120+50+40+0-40 + 100 = 520; paid: 300 + 100-100 + 30 = 330;
	 * waived: 50 - 50 = 0. */
	for (size_t i = 0; i < sizeof bys / sizeof bys[0]; i++) {
		Netpont__ReportTotalsReply *r = totals(f->db, "2026-11-01", "2026-11-30", bys[i]);
		assert_int_equal(r->total_charged, 520);
		assert_int_equal(r->total_paid, 330);
		assert_int_equal(r->total_waived, 0);
		assert_int_equal(r->total_owed, owed);
		assert_int_equal(r->total_charged - r->total_paid - r->total_waived, r->total_owed);
		netpont__report_totals_reply__free_unpacked(r, NULL);
	}
	/* And against the ledger itself, in SQL. */
	assert_int_equal(owed,
	                 query_int(f->db, "SELECT SUM(CASE WHEN l.kind = 'charge' THEN l.amount "
	                                  "WHEN l.kind = 'reversal' AND o.kind = 'charge' THEN "
	                                  "-l.amount WHEN l.kind = 'reversal' THEN l.amount "
	                                  "ELSE -l.amount END) FROM ledger l "
	                                  "LEFT JOIN ledger o ON o.id = l.reverses_id"));
	assert_int_equal(owed, 190);

	Netpont__ReportTotalsReply *r =
	    totals(f->db, "2026-11-24", "2026-11-25", NETPONT__REPORT_BY__REPORT_BY_DAY);
	assert_int_equal(r->n_rows, 2);
	assert_string_equal(r->rows[0]->key, "2026-11-24");
	assert_int_equal(r->rows[0]->charged, 420);
	assert_int_equal(r->rows[0]->paid, 300);
	assert_int_equal(r->rows[0]->waived, 50);
	assert_string_equal(r->rows[1]->key, "2026-11-25");
	assert_int_equal(r->rows[1]->charged, 100);
	assert_int_equal(r->rows[1]->paid, 30);
	assert_int_equal(r->rows[1]->waived, -50);
	netpont__report_totals_reply__free_unpacked(r, NULL);

	r = totals(f->db, "2026-11-24", "2026-11-25", NETPONT__REPORT_BY__REPORT_BY_SERVICE);
	assert_int_equal(r->n_rows, 6);
	assert_int_equal(row_of(r, "internet")->charged, 350);
	assert_int_equal(row_of(r, "print-bw")->charged, 120);
	assert_int_equal(row_of(r, "print-color")->charged, 50);
	assert_int_equal(row_of(r, "copy")->charged, 0); /* charged and reversed */
	assert_int_equal(row_of(r, "scan")->charged, 0); /* exempt */
	assert_int_equal(row_of(r, "(payments)")->paid, 330);
	assert_int_equal(row_of(r, "(payments)")->charged, 0);
	netpont__report_totals_reply__free_unpacked(r, NULL);

	r = totals(f->db, "2026-11-24", "2026-11-25", NETPONT__REPORT_BY__REPORT_BY_STAFF);
	/* (self): the self-login session and both prints. */
	assert_int_equal(row_of(r, "(self)")->charged, 370);
	assert_int_equal(row_of(r, "(self)")->paid, 0);
	/* Dóra: Nagy's session, the reversed copies; 300 cash; the waiver and its reversal. */
	assert_int_equal(row_of(r, "Dóra")->charged, 50);
	assert_int_equal(row_of(r, "Dóra")->paid, 300);
	assert_int_equal(row_of(r, "Dóra")->waived, 0);
	/* Bence: the guest's session, the exempt scans; 100 cash reversed, 30 cash. */
	assert_int_equal(row_of(r, "Bence")->charged, 100);
	assert_int_equal(row_of(r, "Bence")->paid, 30);
	assert_int_equal(r->n_rows, 3); /* reversals count for the original's staff */
	netpont__report_totals_reply__free_unpacked(r, NULL);

	r = totals(f->db, "2026-11-24", "2026-11-25", NETPONT__REPORT_BY__REPORT_BY_CATEGORY);
	assert_int_equal(row_of(r, "standard")->charged, 420);
	assert_int_equal(row_of(r, "standard")->paid, 300);
	assert_int_equal(row_of(r, "reduced")->charged, 100);
	assert_int_equal(row_of(r, "reduced")->paid, 30);
	assert_int_equal(row_of(r, "reduced")->waived, 0);
	assert_int_equal(row_of(r, "exempt")->charged, 0);
	netpont__report_totals_reply__free_unpacked(r, NULL);

	/* Only Tuesday. */
	r = totals(f->db, "2026-11-24", "2026-11-24", NETPONT__REPORT_BY__REPORT_BY_SERVICE);
	assert_int_equal(r->total_charged, 420);
	assert_int_equal(r->total_paid, 300);
	assert_int_equal(r->total_waived, 50);
	assert_int_equal(r->total_owed, 190); /* owed now, not on Tuesday */
	netpont__report_totals_reply__free_unpacked(r, NULL);
	/* An empty range. */
	r = totals(f->db, "2026-12-01", "2026-12-31", NETPONT__REPORT_BY__REPORT_BY_DAY);
	assert_int_equal(r->n_rows, 0);
	assert_int_equal(r->total_charged, 0);
	assert_int_equal(r->total_owed, 190);
	netpont__report_totals_reply__free_unpacked(r, NULL);

	Netpont__ReportTotals req = NETPONT__REPORT_TOTALS__INIT;
	Netpont__ReportTotalsReply *out = NULL;
	np_err err = {0};
	req.from = "2026-11-24";
	req.to = "2026-11-31";
	assert_int_equal(money_report_totals(f->db, &req, &out, &err), -1);
	assert_null(out);
	assert_int_equal(err.code, BAD);
	assert_string_equal(err.message, "The date must look like 2026-11-24.");
	req.to = "2026-11-01";
	assert_int_equal(money_report_totals(f->db, &req, &out, &err), -1);
	assert_string_equal(err.message,
	                    "The start date 2026-11-24 is after the end date 2026-11-01.");
	req.to = "2026-11-30";
	req.by = (Netpont__ReportBy)42;
	assert_int_equal(money_report_totals(f->db, &req, &out, &err), -1);
	assert_string_equal(err.message, "A report can be by day, service, staff or category.");
}

static void test_report_waivers(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	Netpont__ReportWaivers req = NETPONT__REPORT_WAIVERS__INIT;
	req.from = "2026-11-24";
	req.to = "2026-11-25";
	Netpont__ReportWaiversReply *r = NULL;
	np_err err = {0};
	assert_int_equal(money_report_waivers(f->db, &req, &r, &err), 0);
	assert_int_equal(r->n_waivers, 1);
	assert_string_equal(r->waivers[0]->note, "lost her job");
	assert_string_equal(r->waivers[0]->staff, "Dóra");
	assert_string_equal(r->waivers[0]->resident_login, "nagy");
	assert_int_equal(r->waivers[0]->amount, 50);
	netpont__report_waivers_reply__free_unpacked(r, NULL);
	req.from = "2026-11-25";
	assert_int_equal(money_report_waivers(f->db, &req, &r, &err), 0);
	assert_int_equal(r->n_waivers, 0);
	netpont__report_waivers_reply__free_unpacked(r, NULL);
	req.from = "";
	assert_int_equal(money_report_waivers(f->db, &req, &r, &err), -1);
	assert_null(r);
	assert_int_equal(err.code, BAD);
}

static void test_resident_ledger(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	Netpont__LedgerEntry **entries = NULL;
	size_t count = 0;
	np_err err = {0};
	assert_int_equal(money_resident_ledger(f->db, KOVACS, 0, &entries, &count, &err), 0);
	/* session, print, copies, payment, the copies' reversal */
	assert_int_equal(count, 5);
	assert_int_equal(entries[0]->kind, NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL);
	assert_int_equal(entries[4]->kind, NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE);
	assert_string_equal(entries[4]->service, "internet");
	assert_string_equal(entries[4]->seat, "PC-03");
	assert_string_equal(entries[4]->staff, "");
	assert_int_equal(entries[4]->session_id, 6);
	for (size_t i = 1; i < count; i++)
		assert_true(entries[i - 1]->at >= entries[i]->at);
	money_entries_free(entries, count);
	assert_int_equal(money_resident_ledger(f->db, KOVACS, 2, &entries, &count, &err), 0);
	assert_int_equal(count, 2);
	/* Handed to a ResidentDetail, freed with it. */
	Netpont__ResidentDetail *detail = malloc(sizeof *detail);
	assert_non_null(detail);
	netpont__resident_detail__init(detail);
	detail->ledger = entries;
	detail->n_ledger = count;
	netpont__resident_detail__free_unpacked(detail, NULL);
	assert_int_equal(money_resident_ledger(f->db, 99, 0, &entries, &count, &err), 0);
	assert_int_equal(count, 0);
	money_entries_free(entries, count);

	Netpont__LedgerEntry *e = NULL;
	assert_int_equal(money_entry_get(f->db, 12345, &e, &err), -1);
	assert_null(e);
	assert_int_equal(err.code, NOT_FOUND);
	assert_string_equal(err.message, "There is no ledger entry 12345.");
}

static void test_format_amount(void **state)
{
	fixture *f = *state;
	char buf[48];
	money_format_amount(f->db, 80, buf, sizeof buf);
	assert_string_equal(buf, "80 Ft");
	money_format_amount(f->db, -70, buf, sizeof buf);
	assert_string_equal(buf, "-70 Ft");
	exec(f->db, "UPDATE settings SET value = 'EUR' WHERE key = 'currency';"
	            "UPDATE settings SET value = '2' WHERE key = 'currency_decimals';");
	money_format_amount(f->db, 1250, buf, sizeof buf);
	assert_string_equal(buf, "12.50 EUR");
	money_format_amount(f->db, -5, buf, sizeof buf);
	assert_string_equal(buf, "-0.05 EUR");
	money_format_amount(f->db, INT64_MIN, buf, sizeof buf);
	assert_string_equal(buf, "-92233720368547758.08 EUR");
	/* Other currencies: the amount message does not say forints. */
	np_err err = {0};
	assert_int_equal(pay(f->db, DORA, "kovacs", 0, "cash", "", TUE(10, 0), NULL, &err), -1);
	assert_string_equal(err.message, "The amount must be a whole number above 0.");
}

/* Inside a transaction the way the server runs a request: a refusal is
 * rolled back, a success committed; the ledger stays consistent. */
static void test_transactions(void **state)
{
	fixture *f = *state;
	exec(f->db, "BEGIN IMMEDIATE");
	charge_add(f->db, DORA, "kovacs", "copy", 4, TUE(10, 0));
	exec(f->db, "COMMIT");
	exec(f->db, "BEGIN IMMEDIATE");
	np_err err = {0};
	assert_int_equal(pay(f->db, DORA, "kovacs", 500, "cash", "", TUE(10, 1), NULL, &err), -1);
	exec(f->db, "ROLLBACK");
	exec(f->db, "BEGIN IMMEDIATE");
	pay_ok(f->db, DORA, "kovacs", 80, "cash", "", TUE(10, 2));
	exec(f->db, "COMMIT");
	assert_int_equal(due_of(f->db, KOVACS), 0);
	assert_int_equal(query_int(f->db, "SELECT COUNT(*) FROM ledger"), 2);
	/* No function left a transaction or savepoint open. */
	assert_int_equal(sqlite3_get_autocommit(f->db), 1);
}

/* Every resident's bill lines add up to what they owe. */
static void check_bills(fixture *f)
{
	const char *logins[] = {"kovacs", "nagy", "szabo", "guest-1"};
	for (int64_t r = 1; r <= 4; r++) {
		Netpont__BillReply *bill = NULL;
		np_err err = {0};
		assert_int_equal(money_bill(f->db, logins[r - 1], &bill, &err), 0);
		int64_t due = due_of(f->db, r), sum = 0;
		assert_int_equal(bill->due, due);
		for (size_t i = 0; i < bill->n_lines; i++) {
			assert_true(bill->lines[i]->amount > 0);
			if (i > 0)
				assert_true(bill->lines[i - 1]->at <= bill->lines[i]->at);
			sum += bill->lines[i]->amount;
		}
		assert_int_equal(sum, due > 0 ? due : 0);
		netpont__bill_reply__free_unpacked(bill, NULL);
	}
}

/* A long, seeded random day and a half of charges, payments, waivers,
 * reversals and refused requests: after each step the bills match the dues,
 * every refusal leaves the database as it was, and at the end the reports,
 * the dues and the shifts' cash all agree with the ledger. */
static void test_random_ledger(void **state)
{
	fixture *f = *state;
	const char *logins[] = {"kovacs", "nagy", "szabo", "guest-1"};
	const int64_t mentors[] = {DORA, BENCE};
	unsigned seed = 20261124;
	np_err err = {0};
	Netpont__Shift *s = NULL;
	assert_int_equal(money_shift_start(f->db, DORA, 5000, TUE(8, 0), &s, &err), 0);
	netpont__shift__free_unpacked(s, NULL);
	assert_int_equal(money_shift_start(f->db, BENCE, 2000, TUE(8, 0), &s, &err), 0);
	netpont__shift__free_unpacked(s, NULL);
	int refused = 0, reversed = 0, paid = 0;
	for (int i = 0; i < 400; i++) {
		int64_t at = TUE(9, 0) + (int64_t)i * 300;
		int who = rand_r(&seed) % 4;
		int64_t mentor = mentors[rand_r(&seed) % 2];
		int64_t due = due_of(f->db, who + 1);
		int64_t max_id = query_int(f->db, "SELECT COALESCE(MAX(id), 0) FROM ledger");
		char *before = fingerprint(f->db);
		int rc = 0;
		char sql[256], key[32];
		money_charge ch;
		switch (rand_r(&seed) % 8) {
		case 0:
			charge_add(f->db, mentor, logins[who], rand_r(&seed) % 2 ? "copy" : "scan",
			           1 + rand_r(&seed) % 5, at);
			break;
		case 1:
			/* Every third job is a repeat report of an earlier one. */
			snprintf(key, sizeof key, "job-%d", i % 3 == 0 ? i / 2 : i);
			print(f->db, PC01, who + 1, key, 1 + rand_r(&seed) % 9,
			      1 + rand_r(&seed) % 2, rand_r(&seed) % 4 == 0, at, NULL);
			break;
		case 2:
			snprintf(
			    sql, sizeof sql,
			    "INSERT INTO sessions (id, seat_id, resident_id, started_at, ends_at, "
			    "ended_at, started_by) VALUES (%d, 2, %d, 0, 0, 0, NULL)",
			    100 + i, who + 1);
			exec(f->db, sql);
			assert_int_equal(money_charge_session(f->db, 100 + i, who + 1, PC03,
			                                      rand_r(&seed) % 3 ? mentor : 0,
			                                      rand_r(&seed) % 7200, at, &ch, &err),
			                 0);
			break;
		case 3:
		case 4:
			if (due > 0) {
				pay_ok(f->db, mentor, logins[who], 1 + rand_r(&seed) % due, "cash",
				       "", at);
				paid++;
			} else {
				rc =
				    pay(f->db, mentor, logins[who], 10, "cash", "", at, NULL, &err);
			}
			break;
		case 5:
			if (due > 0)
				pay_ok(f->db, mentor, logins[who], 1 + rand_r(&seed) % due, "waive",
				       "hardship", at);
			else
				rc = pay(f->db, mentor, logins[who], 10, "waive", "x", at, NULL,
				         &err);
			break;
		case 6:
			if (max_id > 0) {
				rc = reverse(f->db, rand_r(&seed) % 2 ? TERI : DORA,
				             1 + rand_r(&seed) % max_id, "correction", at, NULL,
				             &err);
				if (rc == 0)
					reversed++;
			}
			break;
		default:
			/* Overpaying is always refused. */
			rc = pay(f->db, mentor, logins[who], (due > 0 ? due : 0) + 1, "cash", "",
			         at, NULL, &err);
			assert_int_equal(rc, -1);
			break;
		}
		if (rc != 0) {
			refused++;
			char *after = fingerprint(f->db);
			assert_string_equal(before, after);
			free(after);
		}
		free(before);
		check_bills(f);
	}
	/* The run exercised what it meant to. */
	assert_true(refused > 20);
	assert_true(reversed > 10);
	assert_true(paid > 20);

	int64_t owed = 0;
	for (int64_t r = 1; r <= 4; r++)
		owed += due_of(f->db, r);
	const Netpont__ReportBy bys[] = {
	    NETPONT__REPORT_BY__REPORT_BY_DAY, NETPONT__REPORT_BY__REPORT_BY_SERVICE,
	    NETPONT__REPORT_BY__REPORT_BY_STAFF, NETPONT__REPORT_BY__REPORT_BY_CATEGORY};
	int64_t charged = -1, cash = -1;
	for (size_t i = 0; i < 4; i++) {
		Netpont__ReportTotalsReply *r = totals(f->db, "2026-11-24", "2026-11-25", bys[i]);
		assert_int_equal(r->total_charged - r->total_paid - r->total_waived, owed);
		assert_int_equal(r->total_owed, owed);
		if (charged >= 0) {
			assert_int_equal(r->total_charged, charged);
			assert_int_equal(r->total_paid, cash);
		}
		charged = r->total_charged;
		cash = r->total_paid;
		netpont__report_totals_reply__free_unpacked(r, NULL);
	}
	/* Two days, the two of them adding up to the whole. */
	Netpont__ReportTotalsReply *tue = totals(f->db, "2026-11-24", "2026-11-24", bys[1]);
	Netpont__ReportTotalsReply *wed = totals(f->db, "2026-11-25", "2026-11-25", bys[1]);
	assert_int_equal(tue->total_charged + wed->total_charged, charged);
	assert_int_equal(tue->total_paid + wed->total_paid, cash);
	netpont__report_totals_reply__free_unpacked(tue, NULL);
	netpont__report_totals_reply__free_unpacked(wed, NULL);

	/* All cash was taken in the two shifts: their cash adds up to the paid total. */
	int64_t taken = 0;
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(money_shift_current(f->db, mentors[i], &s, &err), 0);
		taken += s->cash_taken;
		int64_t expected = s->expected;
		netpont__shift__free_unpacked(s, NULL);
		assert_int_equal(money_shift_end(f->db, mentors[i], expected, WED(20, 0), &s, &err),
		                 0);
		assert_int_equal(s->difference, 0);
		netpont__shift__free_unpacked(s, NULL);
	}
	assert_int_equal(taken, cash);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tariffs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_charge_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_print, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_charge_add, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bill_and_pay, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reverse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_shifts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_report_totals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_report_waivers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resident_ledger, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_format_amount, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_ledger, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
