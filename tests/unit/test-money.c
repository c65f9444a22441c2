/* The money store against a real database opened the way the server opens
 * it (store_db_open(), so on the schema production migrates): tariffs and
 * categories, session/print/office charges, bills with FIFO lines,
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
#include <dirent.h>

#include "core/billing.h"
#include "store/db.h"
#include "store/ledger.h"
#include "store/reports.h"
#include "store/shifts.h"
#include "store/tariffs.h"

#include "fixture-migrations.h"
#include "report-reference.h"

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
	store_db *db;
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

static void exec(store_db *db, const char *sql)
{
	np_err err = {0};
	if (store_exec(db, sql, &err) != 0)
		fail_msg("SQL failed: %s\n%s", err.english, sql);
}

static int64_t query_int(store_db *db, const char *sql)
{
	sqlite3_stmt *stmt = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(db), sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* Everything the money store may write, as one string: a refusal must leave
 * it exactly the same. Caller frees. */
static char *fingerprint(store_db *db)
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
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(db), sql, -1, &stmt, NULL), SQLITE_OK);
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
	np_err err = {0};
	if (store_db_open(f->path, true, &f->db, &err) != 0)
		fail_msg("cannot open %s: %s", f->path, err.english);
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
	store_db_close(f->db);
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

static int64_t due_of(store_db *db, int64_t resident)
{
	int64_t due = -999;
	np_err err = {0};
	assert_int_equal(store_due(db, resident, &due, &err), 0);
	return due;
}

static int charge_add_as(store_db *db, int64_t staff, const store_office_charge *req, int64_t at,
                         store_ledger_row *entry, int64_t *due, np_err *err)
{
	memset(entry, 0, sizeof *entry);
	int rc = store_charge_add(db, staff, req, at, entry, due, err);
	if (rc != 0)
		assert_int_equal(entry->id, 0); /* a refusal hands back no entry */
	return rc;
}

static int64_t charge_add(store_db *db, int64_t staff, const char *login, const char *service,
                          int64_t qty, int64_t at)
{
	store_office_charge req = {.resident_login = login, .service = service, .qty = qty};
	store_ledger_row entry;
	int64_t due = 0;
	np_err err = {0};
	if (charge_add_as(db, staff, &req, at, &entry, &due, &err) != 0)
		fail_msg("charge_add refused: %s", err.message);
	return entry.id;
}

static int pay(store_db *db, int64_t staff, const char *login, int64_t amount, const char *method,
               const char *note, int64_t at, int64_t *entry_id, np_err *err)
{
	store_payment req = {.resident_login = login,
	                     .amount = amount,
	                     .method = method != NULL ? method : "",
	                     .note = note != NULL ? note : ""};
	store_ledger_row entry = {0};
	int64_t due = 0;
	int rc = store_pay(db, staff, &req, at, &entry, &due, err);
	if (rc == 0) {
		assert_true(entry.id > 0);
		if (entry_id != NULL)
			*entry_id = entry.id;
	} else {
		assert_int_equal(entry.id, 0);
	}
	return rc;
}

static int64_t pay_ok(store_db *db, int64_t staff, const char *login, int64_t amount,
                      const char *method, const char *note, int64_t at)
{
	np_err err = {0};
	int64_t id = 0;
	if (pay(db, staff, login, amount, method, note, at, &id, &err) != 0)
		fail_msg("pay refused: %s", err.message);
	return id;
}

static int reverse(store_db *db, int64_t staff, int64_t entry, const char *note, int64_t at,
                   int64_t *id, np_err *err)
{
	store_ledger_row row = {0};
	int rc = store_reverse(db, staff, entry, note != NULL ? note : "", at, &row, err);
	if (rc == 0) {
		if (id != NULL)
			*id = row.id;
	} else {
		assert_int_equal(row.id, 0);
	}
	return rc;
}

static int64_t print(store_db *db, int64_t seat, int64_t resident, const char *key, int pages,
                     int copies, bool color, int64_t at, bool *duplicate)
{
	store_print_job job = {.seat_id = seat,
	                       .resident_id = resident,
	                       .session_id = 0,
	                       .job_key = key,
	                       .pages = pages,
	                       .copies = copies,
	                       .color = color,
	                       .at = at};
	store_charge ch;
	np_err err = {0};
	if (store_charge_print(db, &job, &ch, &err) != 0)
		fail_msg("print refused: %s", err.message);
	if (duplicate != NULL)
		*duplicate = ch.duplicate;
	return ch.amount;
}

static store_ledger_row entry_of(store_db *db, int64_t id)
{
	store_ledger_row e;
	np_err err = {0};
	if (store_ledger_get(db, id, &e, &err) != 0)
		fail_msg("no entry %lld: %s", (long long)id, err.message);
	return e;
}

/* Lists the store hands to a callback, copied for the test to read. */
#define LIST_MAX 64

typedef struct tariff_list {
	store_tariff rows[LIST_MAX];
	size_t n;
} tariff_list;

static int keep_tariff(void *ctx, const store_tariff *row)
{
	tariff_list *l = ctx;
	assert_true(l->n < LIST_MAX);
	l->rows[l->n++] = *row;
	return 0;
}

typedef struct category_list {
	store_category rows[LIST_MAX];
	size_t n;
} category_list;

static int keep_category(void *ctx, const store_category *row)
{
	category_list *l = ctx;
	assert_true(l->n < LIST_MAX);
	l->rows[l->n++] = *row;
	return 0;
}

typedef struct bill {
	store_bill head;
	store_bill_line lines[LIST_MAX];
	size_t n;
} bill;

static int keep_bill_line(void *ctx, const store_bill_line *line)
{
	bill *b = ctx;
	assert_true(b->n < LIST_MAX);
	b->lines[b->n++] = *line;
	return 0;
}

static int bill_of(store_db *db, const char *login, bill *b, np_err *err)
{
	memset(b, 0, sizeof *b);
	return store_bill_get(db, login, &b->head, keep_bill_line, b, err);
}

typedef struct entry_list {
	store_ledger_row rows[LIST_MAX];
	size_t n;
} entry_list;

static int keep_entry(void *ctx, const store_ledger_row *row)
{
	entry_list *l = ctx;
	assert_true(l->n < LIST_MAX);
	l->rows[l->n++] = *row;
	return 0;
}

typedef struct shift_list {
	store_shift rows[LIST_MAX];
	size_t n;
} shift_list;

static int keep_shift(void *ctx, const store_shift *row)
{
	shift_list *l = ctx;
	assert_true(l->n < LIST_MAX);
	l->rows[l->n++] = *row;
	return 0;
}

static int shifts_report(store_db *db, const char *from, const char *to, shift_list *l, np_err *err)
{
	memset(l, 0, sizeof *l);
	return store_report_shifts(db, from, to, keep_shift, l, err);
}

/* Enough for a year by day. */
#define REPORT_MAX 400

typedef struct report {
	store_totals_row rows[REPORT_MAX];
	size_t n;
	store_totals sums;
} report;

static int keep_totals_row(void *ctx, const store_totals_row *row)
{
	report *r = ctx;
	assert_true(r->n < REPORT_MAX);
	r->rows[r->n++] = *row;
	return 0;
}

static int totals_report(store_db *db, const char *from, const char *to, store_report_by by,
                         report *r, np_err *err)
{
	memset(r, 0, sizeof *r);
	return store_report_totals(db, from, to, by, keep_totals_row, r, &r->sums, err);
}

/* A totals report that must be given; checks that the totals are the sums
 * of the rows, whatever the grouping, and the rows sorted by key. */
static report totals(store_db *db, const char *from, const char *to, store_report_by by)
{
	report r;
	np_err err = {0};
	if (totals_report(db, from, to, by, &r, &err) != 0)
		fail_msg("report refused: %s", err.message);
	int64_t c = 0, p = 0, w = 0;
	for (size_t i = 0; i < r.n; i++) {
		c += r.rows[i].charged;
		p += r.rows[i].paid;
		w += r.rows[i].waived;
		if (i > 0)
			assert_true(strcmp(r.rows[i - 1].key, r.rows[i].key) < 0);
	}
	assert_int_equal(c, r.sums.charged);
	assert_int_equal(p, r.sums.paid);
	assert_int_equal(w, r.sums.waived);
	return r;
}

static const store_totals_row *row_of(const report *r, const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].key, key) == 0)
			return &r->rows[i];
	fail_msg("no row '%s' in the report", key);
	return NULL;
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

static void test_tariff_list(void **state)
{
	fixture *f = *state;
	tariff_list list = {0};
	np_err err = {0};
	assert_int_equal(store_tariff_each(f->db, keep_tariff, &list, &err), 0);
	assert_int_equal(list.n, 5);
	assert_string_equal(list.rows[0].service, "copy");
	assert_string_equal(list.rows[1].service, "internet");
	assert_int_equal(list.rows[1].price, 100);
	assert_int_equal(list.rows[1].per_minutes, 30);
	assert_string_equal(list.rows[1].label, "Computer and internet");

	store_tariff t;
	assert_int_equal(store_tariff_get(f->db, "print-bw", &t, &err), 0);
	assert_int_equal(t.price, 20);
	assert_int_equal(t.per_minutes, 0);
	assert_int_equal(store_tariff_get(f->db, "fax", &t, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);
	assert_string_equal(err.message, "There is no service called 'fax'. Services: copy, "
	                                 "internet, print-bw, print-color, scan.");
}

static void test_tariff_set(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_tariff t;
	/* A new service gets its name as label; a change keeps the label. */
	assert_int_equal(store_tariff_set(f->db, "fax", "", 150, 0, &err), 0);
	assert_int_equal(store_tariff_get(f->db, "fax", &t, &err), 0);
	assert_string_equal(t.label, "fax");
	assert_int_equal(t.price, 150);
	assert_int_equal(store_tariff_set(f->db, "copy", "", 25, 0, &err), 0);
	assert_int_equal(store_tariff_get(f->db, "copy", &t, &err), 0);
	assert_string_equal(t.label, "Copy (A4 page)");
	assert_int_equal(t.price, 25);
	/* Free copies are allowed. */
	assert_int_equal(store_tariff_set(f->db, "copy", "Copy, A4", 0, 0, &err), 0);
	assert_int_equal(store_tariff_get(f->db, "copy", &t, &err), 0);
	assert_string_equal(t.label, "Copy, A4");
	assert_int_equal(t.price, 0);
	/* internet: 0 minutes means "keep the block length". */
	assert_int_equal(store_tariff_set(f->db, "internet", "", 120, 0, &err), 0);
	assert_int_equal(store_tariff_get(f->db, "internet", &t, &err), 0);
	assert_int_equal(t.price, 120);
	assert_int_equal(t.per_minutes, 30);
	assert_int_equal(store_tariff_set(f->db, "internet", "", 120, 15, &err), 0);
	assert_int_equal(store_tariff_get(f->db, "internet", &t, &err), 0);
	assert_int_equal(t.per_minutes, 15);
}

static void test_tariff_set_refused(void **state)
{
	fixture *f = *state;
	char *before = fingerprint(f->db);
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, "Fax!", "", 0, 0, rerr), BAD,
	               "A service name is 1 to 32 small letters, digits or dashes, like print-bw.");
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, "", "", 0, 0, rerr), BAD, NULL);
	ASSERT_REFUSED(
	    f, before,
	    store_tariff_set(f->db, "a-very-long-service-name-that-is-too-long", "", 0, 0, rerr),
	    BAD, NULL);
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, "copy", "", -1, 0, rerr), BAD,
	               "The price must be a whole number from 0 to 1000000000.");
	ASSERT_REFUSED(f, before,
	               store_tariff_set(f->db, "copy", "", BILLING_MAX_AMOUNT + 1, 0, rerr), BAD,
	               NULL);
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, "copy", "", 20, 10, rerr), BAD,
	               "Only internet is charged by time; copy must have 0 minutes per block.");
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, "internet", "", 20, 1441, rerr), BAD,
	               "The minutes per block must be from 0 to 1440.");
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, "internet", "", 20, -30, rerr), BAD,
	               NULL);
	/* No tariff at all. */
	ASSERT_REFUSED(f, before, store_tariff_set(f->db, NULL, NULL, 0, 0, rerr), BAD, NULL);
	free(before);
}

static void test_categories(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	category_list list = {0};
	assert_int_equal(store_category_each(f->db, keep_category, &list, &err), 0);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.rows[0].name, "exempt");
	assert_int_equal(list.rows[0].percent, 0);
	assert_string_equal(list.rows[1].name, "reduced");
	assert_int_equal(list.rows[1].percent, 50);

	assert_int_equal(store_category_set(f->db, "pensioner", 30, &err), 0);
	assert_int_equal(store_category_set(f->db, "reduced", 40, &err), 0);
	store_category c;
	assert_int_equal(store_category_get(f->db, "reduced", &c, &err), 0);
	assert_int_equal(c.id, 2);
	assert_int_equal(c.percent, 40);
	assert_int_equal(store_category_get(f->db, "pensioner", &c, &err), 0);
	assert_int_equal(c.percent, 30);
	assert_int_equal(store_category_get(f->db, "vip", &c, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);
	assert_string_equal(err.message, "There is no fee category called 'vip'. Categories: "
	                                 "exempt, pensioner, reduced, standard.");
}

static void test_default_category(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	char name[33];
	assert_int_equal(store_default_category(f->db, name, sizeof name, &err), 0);
	assert_string_equal(name, "standard");
	exec(f->db, "UPDATE settings SET value = 'gone' WHERE key = 'default_category'");
	assert_int_equal(store_default_category(f->db, name, sizeof name, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);
}

static void test_category_set_refused(void **state)
{
	fixture *f = *state;
	char *before = fingerprint(f->db);
	ASSERT_REFUSED(f, before, store_category_set(f->db, "reduced", 101, rerr), BAD,
	               "The percentage must be a whole number from 0 to 100 (0 = exempt).");
	ASSERT_REFUSED(f, before, store_category_set(f->db, "reduced", -1, rerr), BAD, NULL);
	ASSERT_REFUSED(f, before, store_category_set(f->db, "Big Family", 10, rerr), BAD,
	               "A fee category's name is 1 to 32 small letters, digits or dashes, like "
	               "reduced.");
	/* No category at all. */
	ASSERT_REFUSED(f, before, store_category_set(f->db, NULL, 0, rerr), BAD, NULL);
	free(before);
}

/* ------------------------------------------------------------ charges */

static void test_charge_session_blocks(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_charge ch;
	/* 0 s used: 0 blocks, no row. */
	assert_int_equal(store_charge_session(f->db, 1, KOVACS, PC03, 0, 0, TUE(10, 0), &ch, &err),
	                 0);
	assert_int_equal(ch.id, 0);
	assert_int_equal(query_int(f->db, "SELECT COUNT(*) FROM ledger"), 0);
	/* A self-login of 1 s: one started block. */
	assert_int_equal(store_charge_session(f->db, 6, KOVACS, PC03, 0, 1, TUE(10, 0), &ch, &err),
	                 0);
	assert_true(ch.id > 0);
	assert_false(ch.duplicate);
	assert_int_equal(ch.qty, 1);
	assert_int_equal(ch.amount, 100);
	assert_int_equal(
	    query_int(f->db, "SELECT staff_id IS NULL FROM ledger WHERE session_id = 6"), 1);
	/* A mentor-started hour: 2 blocks, staff recorded. */
	assert_int_equal(
	    store_charge_session(f->db, 2, KOVACS, PC03, DORA, 3600, TUE(11, 0), &ch, &err), 0);
	assert_int_equal(ch.qty, 2);
	assert_int_equal(ch.amount, 200);
	assert_int_equal(ch.unit_price, 100);
	assert_int_equal(ch.percent, 100);
	assert_int_equal(query_int(f->db, "SELECT staff_id FROM ledger WHERE session_id = 2"),
	                 DORA);
	assert_int_equal(query_int(f->db, "SELECT seat_id FROM ledger WHERE session_id = 2"), PC03);
	assert_int_equal(
	    query_int(f->db, "SELECT category = 'standard' FROM ledger WHERE session_id = 2"), 1);
}

/* Kovács's two sessions of test_charge_session_blocks: a self-login of
 * 1 s (100) and a mentor-started hour (200). Returns the hour's charge. */
static int64_t kovacs_sessions(fixture *f)
{
	np_err err = {0};
	store_charge ch;
	assert_int_equal(store_charge_session(f->db, 6, KOVACS, PC03, 0, 1, TUE(10, 0), &ch, &err),
	                 0);
	assert_int_equal(
	    store_charge_session(f->db, 2, KOVACS, PC03, DORA, 3600, TUE(11, 0), &ch, &err), 0);
	return ch.id;
}

static void test_charge_session_once(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_charge ch;
	int64_t first = kovacs_sessions(f);
	/* Charged once: the same session again is a duplicate. */
	char *before = fingerprint(f->db);
	assert_int_equal(
	    store_charge_session(f->db, 2, KOVACS, PC03, DORA, 7200, TUE(12, 0), &ch, &err), 0);
	assert_true(ch.duplicate);
	assert_int_equal(ch.id, first);
	assert_int_equal(ch.amount, 200);
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void test_charge_session_categories(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_charge ch;
	kovacs_sessions(f);
	/* Reduced: 3601 s = 3 blocks x 100 x 50 %. */
	assert_int_equal(
	    store_charge_session(f->db, 3, NAGY, PC01, DORA, 3601, TUE(12, 0), &ch, &err), 0);
	assert_int_equal(ch.qty, 3);
	assert_int_equal(ch.amount, 150);
	assert_int_equal(ch.percent, 50);
	/* Exempt: the use is recorded at 0. */
	assert_int_equal(
	    store_charge_session(f->db, 4, SZABO, PC01, BENCE, 1800, TUE(13, 0), &ch, &err), 0);
	assert_true(ch.id > 0);
	assert_int_equal(ch.qty, 1);
	assert_int_equal(ch.amount, 0);
	assert_int_equal(due_of(f->db, SZABO), 0);
	/* Half up with a reduced odd price: 1 block x 25 x 50 % = 12.5 -> 13. */
	exec(f->db, "UPDATE tariffs SET price = 25 WHERE service = 'internet'");
	exec(f->db, "UPDATE categories SET percent = 50 WHERE name = 'standard'");
	assert_int_equal(
	    store_charge_session(f->db, 5, GUEST, PC01, BENCE, 60, TUE(14, 0), &ch, &err), 0);
	assert_int_equal(ch.amount, 13);
	assert_int_equal(due_of(f->db, KOVACS), 300);
	assert_int_equal(due_of(f->db, NAGY), 150);
	assert_int_equal(due_of(f->db, GUEST), 13);
}

static void test_print_once_per_seat(void **state)
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
}

static void test_print_refused(void **state)
{
	fixture *f = *state;
	char *before = fingerprint(f->db);
	store_print_job job = {.seat_id = PC01,
	                       .resident_id = KOVACS,
	                       .job_key = "k",
	                       .pages = 0,
	                       .copies = 1,
	                       .at = TUE(11, 0)};
	store_charge ch;
	ASSERT_REFUSED(f, before, store_charge_print(f->db, &job, &ch, rerr), BAD,
	               "A print must have 1 to 1000 pages and 1 to 100 copies.");
	job.pages = 1001;
	ASSERT_REFUSED(f, before, store_charge_print(f->db, &job, &ch, rerr), BAD, NULL);
	job.pages = 1000;
	job.copies = 101;
	ASSERT_REFUSED(f, before, store_charge_print(f->db, &job, &ch, rerr), BAD, NULL);
	job.copies = -1;
	ASSERT_REFUSED(f, before, store_charge_print(f->db, &job, &ch, rerr), BAD, NULL);
	job.copies = 1;
	job.job_key = "";
	ASSERT_REFUSED(f, before, store_charge_print(f->db, &job, &ch, rerr), BAD,
	               "A print job must come with its key (1 to 200 characters).");
	job.job_key = "k";
	job.resident_id = 99;
	ASSERT_REFUSED(f, before, store_charge_print(f->db, &job, &ch, rerr), NOT_FOUND,
	               "There is no resident number 99.");
	free(before);
}

static void test_print_quote(void **state)
{
	fixture *f = *state;
	/* Quotes: no row written. */
	char *before = fingerprint(f->db);
	store_charge q;
	np_err err = {0};
	assert_int_equal(store_print_quote(f->db, KOVACS, 4, 1, false, &q, &err), 0);
	assert_int_equal(q.amount, 80);
	assert_int_equal(q.unit_price, 20);
	assert_int_equal(store_print_quote(f->db, NAGY, 4, 1, true, &q, &err), 0);
	assert_int_equal(q.amount, 200);
	assert_int_equal(q.unit_price, 100);
	assert_int_equal(store_print_quote(f->db, 0, 3, 2, true, &q, &err), 0);
	assert_int_equal(q.amount, 600);
	exec(f->db, "UPDATE tariffs SET price = 25 WHERE service = 'print-bw'");
	assert_int_equal(store_print_quote(f->db, NAGY, 1, 1, false, &q, &err), 0);
	assert_int_equal(q.amount, 13);
	exec(f->db, "UPDATE tariffs SET price = 20 WHERE service = 'print-bw'");
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(after);
	assert_int_equal(store_print_quote(f->db, KOVACS, 0, 1, false, &q, &err), -1);
	assert_int_equal(err.code, BAD);
	free(before);
}

static void test_charge_add(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_office_charge req = {
	    .resident_login = "kovacs", .service = "copy", .qty = 3, .note = "CV"};
	store_ledger_row entry;
	int64_t due = 0;
	assert_int_equal(charge_add_as(f->db, DORA, &req, TUE(10, 0), &entry, &due, &err), 0);
	assert_int_equal(due, 60);
	assert_int_equal(entry.kind, STORE_LEDGER_CHARGE);
	assert_int_equal(entry.amount, 60);
	assert_int_equal(entry.qty, 3);
	assert_string_equal(entry.service, "copy");
	assert_string_equal(entry.staff, "Dóra");
	assert_string_equal(entry.resident_login, "kovacs");
	assert_string_equal(entry.note, "CV");
	assert_string_equal(entry.seat, "");
	/* An absent qty (0) is one. */
	req.qty = 0;
	req.service = "scan";
	assert_int_equal(charge_add_as(f->db, DORA, &req, TUE(10, 1), &entry, &due, &err), 0);
	assert_int_equal(entry.qty, 1);
	assert_int_equal(due, 110);
}

/* store_pay() of req by Dóra at Tuesday 10:03, for ASSERT_REFUSED. */
static int pay_keyed(store_db *db, const store_payment *req, np_err *err)
{
	store_ledger_row entry = {0};
	int64_t due = 0;
	return store_pay(db, DORA, req, TUE(10, 3), &entry, &due, err);
}

/* A charge retried with its request key after a lost reply is written
 * once: the retry gets the first row and the due as it is now. */
static void test_charge_retried_with_its_request_key_charges_once(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_office_charge req = {.resident_login = "kovacs",
	                           .service = "copy",
	                           .qty = 3,
	                           .note = "CV",
	                           .request_key = "0123456789abcdef0123456789abcdef"};
	store_ledger_row first, retry;
	int64_t due = 0;
	assert_int_equal(charge_add_as(f->db, DORA, &req, TUE(10, 0), &first, &due, &err), 0);
	assert_int_equal(due, 60);
	char *before = fingerprint(f->db);
	assert_int_equal(store_charge_add(f->db, DORA, &req, TUE(10, 5), &retry, &due, &err), 1);
	assert_int_equal(retry.id, first.id);
	assert_int_equal(retry.at, first.at);
	assert_int_equal(due, 60);
	char *after = fingerprint(f->db);
	assert_string_equal(after, before);
	free(after);
	/* The same key for another charge is refused; so is a malformed key. */
	req.qty = 4;
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 6), &retry, &due, rerr),
	               CONFLICT,
	               "The request key 0123456789abcdef0123456789abcdef was used for another "
	               "payment or charge (ledger entry 1); nothing was changed.");
	req.request_key = "short";
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 6), &retry, &due, rerr),
	               BAD,
	               "A request key must be 8 to 64 letters, digits, dashes or underscores.");
	free(before);
	/* Another key is another charge. */
	req.request_key = "fedcba9876543210fedcba9876543210";
	assert_int_equal(charge_add_as(f->db, DORA, &req, TUE(10, 7), &retry, &due, &err), 0);
	assert_int_equal(due, 140);
}

/* A payment retried with its request key pays once, even though the
 * resident now owes less than the retry asks; the same key with another
 * amount is refused and changes nothing. */
static void test_payment_retried_with_its_request_key_pays_once(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	charge_add(f->db, DORA, "kovacs", "copy", 3, TUE(10, 0)); /* 60 */
	store_payment req = {.resident_login = "kovacs",
	                     .amount = 50,
	                     .request_key = "aaaaaaaabbbbbbbbccccccccdddddddd"};
	store_ledger_row first = {0}, retry = {0};
	int64_t due = 0;
	assert_int_equal(store_pay(f->db, DORA, &req, TUE(10, 1), &first, &due, &err), 0);
	assert_int_equal(due, 10);
	char *before = fingerprint(f->db);
	assert_int_equal(store_pay(f->db, DORA, &req, TUE(10, 2), &retry, &due, &err), 1);
	assert_int_equal(retry.id, first.id);
	assert_int_equal(retry.amount, 50);
	assert_int_equal(due, 10);
	char *after = fingerprint(f->db);
	assert_string_equal(after, before);
	free(after);
	req.amount = 10;
	ASSERT_REFUSED(f, before, pay_keyed(f->db, &req, rerr), CONFLICT, NULL);
	req.amount = 50;
	req.method = "waive";
	req.note = "no money";
	ASSERT_REFUSED(f, before, pay_keyed(f->db, &req, rerr), CONFLICT, NULL);
	free(before);
}

static void test_charge_add_refused(void **state)
{
	fixture *f = *state;
	store_office_charge req = {.resident_login = "kovacs", .service = "internet", .qty = 1};
	store_ledger_row e;
	int64_t due = 0;
	char *before = fingerprint(f->db);
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr), BAD,
	               "internet is charged by the session; it cannot be added by hand.");
	req.service = "fax";
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr),
	               NOT_FOUND,
	               "There is no service called 'fax'. Services: copy, internet, print-bw, "
	               "print-color, scan.");
	req.service = "";
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr), BAD,
	               "Say which service to charge, for example copy.");
	req.service = "copy";
	req.resident_login = "nobody";
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr),
	               NOT_FOUND, "There is no resident with the login 'nobody'.");
	req.resident_login = "kovacs";
	req.qty = -2;
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr), BAD,
	               "The quantity must be a whole number from 1 to 10000.");
	req.qty = 10001;
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr), BAD,
	               NULL);
	req.qty = 1;
	char note[600];
	memset(note, 'x', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	req.note = note;
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr), BAD,
	               "A note can be at most 500 characters long.");
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, NULL, TUE(10, 2), &e, &due, rerr), BAD,
	               NULL);
	free(before);
}

static void test_charge_add_overflow_refused(void **state)
{
	fixture *f = *state;
	/* An absurd price times a big quantity is refused, not wrapped. */
	exec(f->db, "UPDATE tariffs SET price = 1000000000 WHERE service = 'scan'");
	store_office_charge req = {
	    .resident_login = "kovacs", .service = "scan", .qty = 10000, .note = ""};
	store_ledger_row e;
	int64_t due = 0;
	char *before = fingerprint(f->db);
	ASSERT_REFUSED(f, before, charge_add_as(f->db, DORA, &req, TUE(10, 2), &e, &due, rerr), BAD,
	               "That comes to more than 1000000000; check the quantity and the price.");
	free(before);
}

/* ------------------------------------------------------------ bills and payments */

/* Kovács's morning: an hour's session (200), four pages (80) and three
 * copies (60): she owes 340. */
static void kovacs_owes_340(fixture *f)
{
	np_err err = {0};
	store_charge ch;
	assert_int_equal(
	    store_charge_session(f->db, 2, KOVACS, PC03, DORA, 3600, TUE(10, 0), &ch, &err), 0);
	print(f->db, PC03, KOVACS, "job-1", 4, 1, false, TUE(10, 30), NULL);
	charge_add(f->db, DORA, "kovacs", "copy", 3, TUE(11, 0));
	assert_int_equal(due_of(f->db, KOVACS), 340);
}

/* Then she pays 250 in cash to Dóra, in Dóra's shift 7: she owes 90.
 * Returns the payment's entry. */
static int64_t kovacs_owes_90(fixture *f)
{
	kovacs_owes_340(f);
	exec(f->db,
	     "INSERT INTO shifts (id, staff_id, started_at, cash_float) VALUES (7, 1, 0, 0)");
	int64_t payment = pay_ok(f->db, DORA, "kovacs", 250, "", "", TUE(12, 0));
	assert_int_equal(due_of(f->db, KOVACS), 90);
	return payment;
}

static void test_bill_lines(void **state)
{
	fixture *f = *state;
	kovacs_owes_340(f);
	bill b;
	np_err err = {0};
	assert_int_equal(bill_of(f->db, "kovacs", &b, &err), 0);
	assert_string_equal(b.head.resident_name, "Kovács Mária");
	assert_string_equal(b.head.category, "standard");
	assert_int_equal(b.head.due, 340);
	assert_int_equal(b.n, 3);
	assert_string_equal(b.lines[0].service, "internet");
	assert_int_equal(b.lines[0].qty, 2);
	assert_int_equal(b.lines[0].amount, 200);
	assert_string_equal(b.lines[0].seat, "PC-03");
	assert_true(b.lines[0].at == TUE(10, 0));
	assert_string_equal(b.lines[1].service, "print-bw");
	assert_string_equal(b.lines[2].service, "copy");
}

static void test_pay_covers_oldest_first(void **state)
{
	fixture *f = *state;
	int64_t payment = kovacs_owes_90(f);
	assert_int_equal(query_int(f->db, "SELECT shift_id FROM ledger WHERE kind = 'payment'"), 7);
	store_ledger_row e = entry_of(f->db, payment);
	assert_int_equal(e.kind, STORE_LEDGER_PAYMENT);
	assert_string_equal(e.method, "cash");
	assert_string_equal(e.staff, "Dóra");
	assert_int_equal(e.amount, 250);

	/* FIFO: the session is covered, 30 of the print is open, the copies are open. */
	bill b;
	np_err err = {0};
	assert_int_equal(bill_of(f->db, "kovacs", &b, &err), 0);
	assert_int_equal(b.head.due, 90);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.lines[0].service, "print-bw");
	assert_int_equal(b.lines[0].amount, 30);
	assert_int_equal(b.lines[0].qty, 4);
	assert_string_equal(b.lines[1].service, "copy");
	assert_int_equal(b.lines[1].amount, 60);
}

static void test_pay_refused(void **state)
{
	fixture *f = *state;
	kovacs_owes_90(f);
	char *before = fingerprint(f->db);
	int64_t id = 0;
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 100, "refund", "moving", TUE(12, 1), &id, rerr),
	               CONFLICT, "Kovács Mária has no credit; there is nothing to refund.");
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 1000000001, "cash", "", TUE(12, 1), &id, rerr),
	               BAD, "The amount is too large.");
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "kovacs", 0, "cash", "", TUE(12, 1), &id, rerr),
	               BAD, "The amount must be a whole number of forints above 0.");
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "kovacs", -5, "cash", "", TUE(12, 1), &id, rerr),
	               BAD, NULL);
	ASSERT_REFUSED(f, before, pay(f->db, DORA, "kovacs", 10, "card", "", TUE(12, 1), &id, rerr),
	               BAD, "The payment method must be cash, waive or refund, not 'card'.");
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
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "szabo", 10, "waive", "x", TUE(12, 1), &id, rerr), CONFLICT,
	               "Szabó Éva owes nothing; there is nothing to waive.");
	store_ledger_row e;
	int64_t due = 0;
	ASSERT_REFUSED(f, before, store_pay(f->db, DORA, NULL, TUE(12, 1), &e, &due, rerr), BAD,
	               NULL);
	free(before);
}

static void test_waiver_then_paid_off(void **state)
{
	fixture *f = *state;
	kovacs_owes_90(f);
	np_err err = {0};
	int64_t waiver = pay_ok(f->db, DORA, "kovacs", 30, "waive", "family in crisis", TUE(12, 2));
	assert_int_equal(due_of(f->db, KOVACS), 60);
	store_ledger_row e = entry_of(f->db, waiver);
	assert_int_equal(e.kind, STORE_LEDGER_WAIVER);
	assert_string_equal(e.method, "waive");
	assert_string_equal(e.note, "family in crisis");

	store_payment req = {.resident_login = "kovacs", .amount = 60};
	int64_t due = -1;
	assert_int_equal(store_pay(f->db, BENCE, &req, TUE(12, 3), &e, &due, &err), 0);
	assert_int_equal(due, 0);
	assert_string_equal(e.staff, "Bence");
	/* Bence has no open shift: the payment belongs to none. */
	assert_int_equal(query_int(f->db, "SELECT shift_id IS NULL FROM ledger WHERE staff_id = 4"),
	                 1);
	bill b;
	assert_int_equal(bill_of(f->db, "kovacs", &b, &err), 0);
	assert_int_equal(b.head.due, 0);
	assert_int_equal(b.n, 0);
}

static void test_bill_of_guest_and_nobody(void **state)
{
	fixture *f = *state;
	bill b;
	np_err err = {0};
	assert_int_equal(bill_of(f->db, "nobody", &b, &err), -1);
	assert_int_equal(b.n, 0);
	assert_int_equal(err.code, NOT_FOUND);

	/* The guest account's bill works like any resident's. */
	charge_add(f->db, DORA, "guest-1", "scan", 2, TUE(13, 0));
	assert_int_equal(bill_of(f->db, "guest-1", &b, &err), 0);
	assert_int_equal(b.head.due, 100);
	assert_int_equal(b.n, 1);
}

/* ------------------------------------------------------------ reversals */

/* Copies (100) and a scan (50) charged to Kovács, 120 paid: she owes 30. */
typedef struct reversible {
	int64_t copy, scan, paid;
} reversible;

static reversible kovacs_owes_30(fixture *f)
{
	reversible r;
	r.copy = charge_add(f->db, DORA, "kovacs", "copy", 5, TUE(10, 0)); /* 100 */
	r.scan = charge_add(f->db, DORA, "kovacs", "scan", 1, TUE(10, 1)); /* 50 */
	r.paid = pay_ok(f->db, DORA, "kovacs", 120, "cash", "", TUE(10, 2));
	assert_int_equal(due_of(f->db, KOVACS), 30);
	return r;
}

static void test_reverse_charge(void **state)
{
	fixture *f = *state;
	reversible r = kovacs_owes_30(f);
	np_err err = {0};
	/* The copies were a mistake: reversing them leaves a credit of 70. */
	int64_t rev = 0;
	assert_int_equal(reverse(f->db, TERI, r.copy, "copier jammed", TUE(11, 0), &rev, &err), 0);
	assert_int_equal(due_of(f->db, KOVACS), -70);
	store_ledger_row e = entry_of(f->db, rev);
	assert_int_equal(e.kind, STORE_LEDGER_REVERSAL);
	assert_int_equal(e.reverses_id, r.copy);
	assert_int_equal(e.amount, 100);
	assert_string_equal(e.service, "copy");
	assert_string_equal(e.staff, "Teri");
	assert_string_equal(e.note, "copier jammed");
	assert_int_equal(e.reversed_by, 0);
	assert_int_equal(e.unit_price, 20);
	assert_int_equal(e.qty, 5);
	/* The reversed row names its reversal. */
	e = entry_of(f->db, r.copy);
	assert_int_equal(e.reversed_by, rev);
	assert_int_equal(e.percent, 100);
	assert_string_equal(e.category, "standard");
	bill b;
	assert_int_equal(bill_of(f->db, "kovacs", &b, &err), 0);
	/* Paid more than stands now: a credit, never a negative due. */
	assert_int_equal(b.head.due, 0);
	assert_int_equal(b.head.credit, 70);
	assert_int_equal(b.n, 0);
}

static void test_reverse_refused(void **state)
{
	fixture *f = *state;
	reversible r = kovacs_owes_30(f);
	np_err err = {0};
	int64_t rev = 0;
	assert_int_equal(reverse(f->db, TERI, r.copy, "copier jammed", TUE(11, 0), &rev, &err), 0);
	char *before = fingerprint(f->db);
	char msg[128];
	snprintf(msg, sizeof msg, "Entry %lld was already reversed by entry %lld.",
	         (long long)r.copy, (long long)rev);
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, r.copy, "again", TUE(11, 1), NULL, rerr),
	               CONFLICT, msg);
	snprintf(msg, sizeof msg, "Entry %lld is itself a reversal; it cannot be reversed.",
	         (long long)rev);
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, rev, "undo", TUE(11, 1), NULL, rerr),
	               CONFLICT, msg);
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, 999, "what", TUE(11, 1), NULL, rerr),
	               NOT_FOUND, "There is no ledger entry 999.");
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, r.scan, "", TUE(11, 1), NULL, rerr), BAD,
	               "A reversal needs a note saying why.");
	ASSERT_REFUSED(f, before, reverse(f->db, TERI, 0, "x", TUE(11, 1), NULL, rerr), BAD,
	               "Give the number of the ledger entry to reverse.");
	free(before);
}

static void test_reverse_payment(void **state)
{
	fixture *f = *state;
	reversible r = kovacs_owes_30(f);
	np_err err = {0};
	int64_t rev = 0;
	assert_int_equal(reverse(f->db, TERI, r.copy, "copier jammed", TUE(11, 0), &rev, &err), 0);
	/* The payment was entered twice by mistake: reversing it owes 120 again. */
	assert_int_equal(reverse(f->db, TERI, r.paid, "typed twice", TUE(11, 2), &rev, &err), 0);
	assert_int_equal(due_of(f->db, KOVACS), 50);
	assert_string_equal(entry_of(f->db, rev).method, "cash");
}

static void test_reversed_print_stays_charged_once(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	/* A reversed print can be reported again by the agent: still a duplicate. */
	print(f->db, PC01, KOVACS, "p-1", 1, 1, false, TUE(11, 3), NULL);
	int64_t print_id = query_int(f->db, "SELECT id FROM ledger WHERE print_job = 'p-1'");
	assert_int_equal(reverse(f->db, ADMIN, print_id, "blank page", TUE(11, 4), NULL, &err), 0);
	bool dup = false;
	print(f->db, PC01, KOVACS, "p-1", 1, 1, false, TUE(11, 5), &dup);
	assert_true(dup);
	assert_int_equal(due_of(f->db, KOVACS), 0);
}

static void test_append_only(void **state)
{
	fixture *f = *state;
	charge_add(f->db, DORA, "kovacs", "copy", 1, TUE(10, 0));
	char *before = fingerprint(f->db);
	sqlite3 *raw = store_db_sqlite(f->db);
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(raw, "UPDATE ledger SET amount = 0", NULL, NULL, &msg),
	                     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(raw, "DELETE FROM ledger", NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	char *after = fingerprint(f->db);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* ------------------------------------------------------------ shifts */

static void test_shift_start(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 0);
	assert_int_equal(store_shift_start(f->db, DORA, 5000, TUE(9, 2), &s, &err), 0);
	assert_string_equal(s.staff, "Dóra");
	assert_int_equal(s.cash_float, 5000);
	assert_int_equal(s.expected, 5000);
	assert_int_equal(s.ended_at, 0);

	char *before = fingerprint(f->db);
	ASSERT_REFUSED(f, before, store_shift_start(f->db, DORA, 100, TUE(9, 5), &s, rerr),
	               CONFLICT,
	               "You already have a shift open since 09:02 on 2026-11-24. End it before "
	               "starting a new one.");
	ASSERT_REFUSED(f, before, store_shift_start(f->db, BENCE, -1, TUE(9, 5), &s, rerr), BAD,
	               "The cash float must be a whole number, 0 or more.");
	ASSERT_REFUSED(f, before, store_shift_end(f->db, BENCE, 0, TUE(9, 5), &s, rerr), CONFLICT,
	               "You have no open shift to end.");
	ASSERT_REFUSED(f, before, store_shift_end(f->db, DORA, -5, TUE(9, 5), &s, rerr), BAD,
	               "The counted cash must be a whole number, 0 or more.");
	free(before);
}

/* The day in ROOM.md: Dóra's shift from 09:02 with a float of 5000, 460 Ft
 * taken in cash and a waiver that is not cash. Returns the shift's id;
 * *nagy_paid is Nagy's payment of 160. */
static int64_t room_day(fixture *f, int64_t *nagy_paid)
{
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_start(f->db, DORA, 5000, TUE(9, 2), &s, &err), 0);
	charge_add(f->db, DORA, "kovacs", "copy", 15, TUE(10, 0)); /* 300 */
	charge_add(f->db, DORA, "nagy", "copy", 16, TUE(10, 0));   /* 160 */
	charge_add(f->db, DORA, "guest-1", "scan", 2, TUE(10, 0)); /* 100 */
	pay_ok(f->db, DORA, "kovacs", 300, "cash", "", TUE(11, 0));
	*nagy_paid = pay_ok(f->db, DORA, "nagy", 160, "cash", "", TUE(11, 5));
	pay_ok(f->db, DORA, "guest-1", 100, "waive", "no money today", TUE(11, 10));
	return s.id;
}

static void test_shift_cash(void **state)
{
	fixture *f = *state;
	int64_t nagy_paid = 0;
	int64_t shift_id = room_day(f, &nagy_paid);
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 1);
	assert_int_equal(s.id, shift_id);
	assert_int_equal(s.cash_taken, 460);
	assert_int_equal(s.expected, 5460);
	int64_t open_id = 0;
	assert_int_equal(store_shift_open_id(f->db, DORA, &open_id, &err), 0);
	assert_int_equal(open_id, shift_id);

	assert_int_equal(store_shift_end(f->db, DORA, 5460, TUE(17, 58), &s, &err), 0);
	assert_int_equal(s.expected, 5460);
	assert_int_equal(s.counted, 5460);
	assert_int_equal(s.difference, 0);
	assert_true(s.ended_at == TUE(17, 58));
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 0);
}

static void test_shift_report(void **state)
{
	fixture *f = *state;
	int64_t nagy_paid = 0;
	room_day(f, &nagy_paid);
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_end(f->db, DORA, 5460, TUE(17, 58), &s, &err), 0);
	/* The treasurer finds that the 160 was never taken: reversing it with
	 * no shift of her own open is her adjustment, outside every shift;
	 * the cashed-up shift stays as it was counted. */
	assert_int_equal(reverse(f->db, TERI, nagy_paid, "not received", WED(9, 0), NULL, &err), 0);
	shift_list rep;
	assert_int_equal(shifts_report(f->db, "2026-11-24", "2026-11-24", &rep, &err), 0);
	assert_int_equal(rep.n, 1);
	assert_int_equal(rep.rows[0].cash_taken, 460);
	assert_int_equal(rep.rows[0].corrections, 0);
	assert_int_equal(rep.rows[0].expected, 5460);
	assert_int_equal(rep.rows[0].difference, 0);

	/* A new shift the next day, still open, with a short count later. */
	assert_int_equal(store_shift_start(f->db, DORA, 0, WED(9, 0), &s, &err), 0);
	assert_int_equal(store_shift_start(f->db, BENCE, 1000, WED(9, 1), &s, &err), 0);
	charge_add(f->db, BENCE, "kovacs", "scan", 1, WED(10, 0));
	pay_ok(f->db, BENCE, "kovacs", 50, "cash", "", WED(10, 1));
	assert_int_equal(store_shift_end(f->db, BENCE, 1040, WED(12, 0), &s, &err), 0);
	assert_int_equal(s.expected, 1050);
	assert_int_equal(s.difference, -10);

	assert_int_equal(shifts_report(f->db, "2026-11-24", "2026-11-25", &rep, &err), 0);
	assert_int_equal(rep.n, 3);
	assert_string_equal(rep.rows[1].staff, "Dóra");
	assert_int_equal(rep.rows[1].ended_at, 0);
	assert_int_equal(rep.rows[1].difference, 0);
	assert_string_equal(rep.rows[2].staff, "Bence");
	assert_int_equal(rep.rows[2].difference, -10);
	assert_int_equal(shifts_report(f->db, "2026-11-26", "2026-11-30", &rep, &err), 0);
	assert_int_equal(rep.n, 0);
	assert_int_equal(shifts_report(f->db, "24.11.2026", "2026-11-30", &rep, &err), -1);
	assert_int_equal(rep.n, 0);
	assert_string_equal(err.message, "The date must look like 2026-11-24.");
}

/* ------------------------------------------------------------ credit, refunds, closed shifts */

/* A shift's figures, to compare before and after. */
static void shift_figures(fixture *f, int64_t shift_id, char *buf, size_t n)
{
	np_err err = {0};
	shift_list rep = {0};
	assert_int_equal(shifts_report(f->db, "2026-11-24", "2026-11-30", &rep, &err), 0);
	for (size_t i = 0; i < rep.n; i++)
		if (rep.rows[i].id == shift_id) {
			const store_shift *s = &rep.rows[i];
			snprintf(buf, n, "%lld %lld %lld %lld %lld %lld %lld %lld",
			         (long long)s->ended_at, (long long)s->cash_float,
			         (long long)s->cash_taken, (long long)s->corrections,
			         (long long)s->expected, (long long)s->counted,
			         (long long)s->difference, (long long)s->started_at);
			return;
		}
	fail_msg("no shift %lld in the report", (long long)shift_id);
}

static void test_paying_in_advance_keeps_a_credit(void **state)
{
	fixture *f = *state;
	kovacs_owes_90(f);
	np_err err = {0};
	store_ledger_row e;
	int64_t due = 0;
	store_payment req = {.resident_login = "kovacs", .amount = 590, .method = "cash"};
	assert_int_equal(store_pay(f->db, DORA, &req, TUE(12, 5), &e, &due, &err), 0);
	assert_int_equal(due, -500);
	bill b;
	assert_int_equal(bill_of(f->db, "kovacs", &b, &err), 0);
	assert_int_equal(b.head.due, 0);
	assert_int_equal(b.head.credit, 500);
	assert_int_equal(b.n, 0);
	/* A later charge uses the credit: nothing is owed, 480 is left. */
	charge_add(f->db, DORA, "kovacs", "copy", 1, TUE(13, 0));
	assert_int_equal(bill_of(f->db, "kovacs", &b, &err), 0);
	assert_int_equal(b.head.due, 0);
	assert_int_equal(b.head.credit, 480);
	assert_int_equal(b.n, 0);
	/* Paying in advance with nothing owed is fine too. */
	pay_ok(f->db, DORA, "szabo", 300, "cash", "", TUE(13, 5));
	assert_int_equal(due_of(f->db, SZABO), -300);
	/* The shift took all of it in cash. */
	store_shift s;
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 1);
	assert_int_equal(s.cash_taken, 250 + 590 + 300);
}

static void test_refund_gives_credit_back_from_the_shift(void **state)
{
	fixture *f = *state;
	kovacs_owes_90(f);
	pay_ok(f->db, DORA, "kovacs", 590, "cash", "", TUE(12, 5)); /* credit 500 */
	int64_t refund = pay_ok(f->db, DORA, "kovacs", 200, "refund", "moving away", TUE(12, 10));
	assert_int_equal(due_of(f->db, KOVACS), -300);
	store_ledger_row e = entry_of(f->db, refund);
	assert_int_equal(e.kind, STORE_LEDGER_PAYMENT);
	assert_string_equal(e.method, "refund");
	assert_int_equal(store_cash_effect(&e), -200);
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 1);
	assert_int_equal(s.cash_taken, 250 + 590 - 200);
	/* The totals count it as cash going out, from the slots and the ledger alike. */
	report r = totals(f->db, "2026-11-24", "2026-11-24", STORE_REPORT_BY_DAY);
	assert_int_equal(r.sums.paid, 250 + 590 - 200);
	assert_int_equal(r.sums.owed, -300);
	assert_int_equal(query_int(f->db, "SELECT owed FROM ledger_owed"), -300);
	/* A reversed refund is a credit again, and cash in the box again. */
	assert_int_equal(reverse(f->db, DORA, refund, "not given", TUE(12, 20), NULL, &err), 0);
	assert_int_equal(due_of(f->db, KOVACS), -500);
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 1);
	assert_int_equal(s.cash_taken + s.corrections, 250 + 590);
	assert_int_equal(query_int(f->db, "SELECT owed FROM ledger_owed"), -500);

	char *before = fingerprint(f->db);
	int64_t id = 0;
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 501, "refund", "moving", TUE(12, 30), &id, rerr),
	               CONFLICT, "Kovács Mária has a credit of 500 Ft; 501 Ft is more than that.");
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 100, "refund", " ", TUE(12, 30), &id, rerr), BAD,
	               "A refund needs a note saying why; the treasurer reads it.");
	ASSERT_REFUSED(
	    f, before, pay(f->db, BENCE, "kovacs", 100, "refund", "moving", TUE(12, 30), &id, rerr),
	    CONFLICT, "A refund is cash out of your shift's box: start your shift first.");
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "nagy", 100, "refund", "moving", TUE(12, 30), &id, rerr),
	               CONFLICT, "Nagy Péter has no credit; there is nothing to refund.");
	free(before);
}

/* The bug of issue 12: Bence counted 10 Ft short and went home; a later
 * reversal of his 500 made his shift +490. A closed shift's figures stay
 * identical whatever happens after. */
static void test_closed_shift_never_changes(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_start(f->db, BENCE, 1000, TUE(9, 0), &s, &err), 0);
	int64_t bence_shift = s.id;
	charge_add(f->db, BENCE, "kovacs", "copy", 25, TUE(9, 30)); /* 500 */
	int64_t paid = pay_ok(f->db, BENCE, "kovacs", 500, "cash", "", TUE(9, 35));
	pay_ok(f->db, BENCE, "nagy", 700, "cash", "", TUE(9, 40)); /* a credit of 700 */
	assert_int_equal(store_shift_end(f->db, BENCE, 2190, TUE(12, 0), &s, &err), 0);
	assert_int_equal(s.difference, -10);
	char closed[256], now[256];
	shift_figures(f, bence_shift, closed, sizeof closed);

	/* Dóra, in her own shift, reverses Bence's payment: her shift carries it. */
	assert_int_equal(store_shift_start(f->db, DORA, 0, TUE(13, 0), &s, &err), 0);
	int64_t dora_shift = s.id;
	assert_int_equal(reverse(f->db, DORA, paid, "paid twice", TUE(13, 5), NULL, &err), 0);
	shift_figures(f, bence_shift, now, sizeof now);
	assert_string_equal(now, closed);
	assert_int_equal(store_shift_current(f->db, DORA, &s, &err), 1);
	assert_int_equal(s.id, dora_shift);
	assert_int_equal(s.cash_taken, 0);
	assert_int_equal(s.corrections, -500);
	assert_int_equal(s.expected, -500);

	/* A refund, payments, a treasurer's reversal and Bence's next shift:
	 * still the same. */
	pay_ok(f->db, DORA, "nagy", 300, "refund", "moving away", TUE(13, 10));
	pay_ok(f->db, DORA, "kovacs", 100, "cash", "", TUE(13, 15));
	int64_t nagy_paid = query_int(f->db, "SELECT id FROM ledger WHERE amount = 700");
	assert_int_equal(reverse(f->db, TERI, nagy_paid, "wrong person", TUE(14, 0), NULL, &err),
	                 0);
	assert_int_equal(store_shift_start(f->db, BENCE, 0, WED(9, 0), &s, &err), 0);
	shift_figures(f, bence_shift, now, sizeof now);
	assert_string_equal(now, closed);

	/* The treasurer's reversal, with no shift of hers, is outside every shift. */
	entry_list outside = {0};
	assert_int_equal(store_report_cash_outside(f->db, "2026-11-24", "2026-11-25", keep_entry,
	                                           &outside, &err),
	                 0);
	assert_int_equal(outside.n, 1);
	assert_int_equal(outside.rows[0].kind, STORE_LEDGER_REVERSAL);
	assert_string_equal(outside.rows[0].staff, "Teri");
	assert_int_equal(store_cash_effect(&outside.rows[0]), -700);
}

static void test_cash_outside_shift_allowed_by_default(void **state)
{
	fixture *f = *state;
	charge_add(f->db, DORA, "kovacs", "copy", 5, TUE(10, 0)); /* 100 */
	int64_t paid = pay_ok(f->db, DORA, "kovacs", 100, "cash", "", TUE(10, 5));
	assert_int_equal(query_int(f->db, "SELECT shift_id IS NULL FROM ledger WHERE kind = "
	                                  "'payment'"),
	                 1);
	np_err err = {0};
	entry_list outside = {0};
	assert_int_equal(store_report_cash_outside(f->db, "2026-11-24", "2026-11-24", keep_entry,
	                                           &outside, &err),
	                 0);
	assert_int_equal(outside.n, 1);
	assert_int_equal(outside.rows[0].id, paid);
	assert_int_equal(store_cash_effect(&outside.rows[0]), 100);
}

static void test_cash_outside_shift_refused_by_the_setting(void **state)
{
	fixture *f = *state;
	charge_add(f->db, DORA, "kovacs", "copy", 5, TUE(10, 0)); /* 100 */
	exec(f->db, "INSERT INTO settings (key, value) VALUES ('cash_outside_shift', 'refuse')");
	char *before = fingerprint(f->db);
	int64_t id = 0;
	ASSERT_REFUSED(f, before,
	               pay(f->db, DORA, "kovacs", 100, "cash", "", TUE(10, 5), &id, rerr), CONFLICT,
	               "Cash is taken only during a shift here: start your shift first.");
	free(before);
	/* A waiver is no cash: it needs no shift. */
	pay_ok(f->db, DORA, "kovacs", 20, "waive", "hard month", TUE(10, 6));
	/* With a shift open, the cash is taken. */
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_start(f->db, DORA, 0, TUE(10, 7), &s, &err), 0);
	pay_ok(f->db, DORA, "kovacs", 80, "cash", "", TUE(10, 8));
	assert_int_equal(due_of(f->db, KOVACS), 0);
}

static void test_mentor_reverses_own_charge_within_minutes(void **state)
{
	fixture *f = *state;
	int64_t copy = charge_add(f->db, DORA, "kovacs", "copy", 5, TUE(10, 0));
	int64_t paid = pay_ok(f->db, DORA, "kovacs", 100, "cash", "", TUE(10, 1));
	np_err err = {0};
	assert_int_equal(store_reverse_mentor_check(f->db, DORA, copy, TUE(10, 10), &err), 0);

	char *before = fingerprint(f->db);
	char old[160], other[160], kind[160];
	snprintf(old, sizeof old,
	         "Entry %lld is more than 10 minutes old; only the treasurer can reverse it now.",
	         (long long)copy);
	snprintf(other, sizeof other,
	         "Entry %lld was charged by someone else; only the treasurer can reverse it.",
	         (long long)copy);
	snprintf(kind, sizeof kind,
	         "A mentor can reverse only a charge; ask the treasurer to reverse entry %lld.",
	         (long long)paid);
	ASSERT_REFUSED(f, before, store_reverse_mentor_check(f->db, DORA, copy, TUE(10, 11), rerr),
	               NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, old);
	ASSERT_REFUSED(f, before, store_reverse_mentor_check(f->db, BENCE, copy, TUE(10, 2), rerr),
	               NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, other);
	ASSERT_REFUSED(f, before, store_reverse_mentor_check(f->db, DORA, paid, TUE(10, 2), rerr),
	               NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN, kind);
	ASSERT_REFUSED(f, before, store_reverse_mentor_check(f->db, DORA, 999, TUE(10, 2), rerr),
	               NOT_FOUND, "There is no ledger entry 999.");
	free(before);

	/* The window is a setting. */
	exec(f->db, "INSERT INTO settings (key, value) VALUES ('mentor_reverse_min', '30')");
	assert_int_equal(store_reverse_mentor_check(f->db, DORA, copy, TUE(10, 29), &err), 0);
}

/* ------------------------------------------------------------ reports */

/* A varied two-day ledger: self-login and mentor sessions, prints, office
 * items, cash, waivers, and reversals of each kind, one reversal on the
 * day after the row it reverses. */
static void build_two_days(fixture *f)
{
	np_err err = {0};
	store_charge ch;
	assert_int_equal(
	    store_charge_session(f->db, 6, KOVACS, PC03, 0, 3000, TUE(10, 0), &ch, &err),
	    0); /* 200, self */
	assert_int_equal(
	    store_charge_session(f->db, 3, NAGY, PC01, DORA, 1700, TUE(10, 30), &ch, &err),
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
	    store_charge_session(f->db, 5, GUEST, PC01, BENCE, 900, WED(9, 30), &ch, &err),
	    0); /* 100, Bence */
	int64_t guest_paid = pay_ok(f->db, BENCE, "guest-1", 100, "cash", "", WED(9, 40));
	reverse(f->db, TERI, guest_paid, "paid by card at the office", WED(9, 50), NULL, &err);
	reverse(f->db, ADMIN, waiver, "she found work", WED(10, 0), NULL, &err);
	pay_ok(f->db, BENCE, "nagy", 30, "cash", "", WED(10, 5));
}

static const store_report_by every_by[] = {STORE_REPORT_BY_DAY, STORE_REPORT_BY_SERVICE,
                                           STORE_REPORT_BY_STAFF, STORE_REPORT_BY_CATEGORY};

static void test_report_whole_ledger(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	/* The whole ledger: charged - paid - waived = what everyone owes now. */
	int64_t owed = 0;
	for (int64_t r = 1; r <= 4; r++)
		owed += due_of(f->db, r);
	/* Charged: 200+50+120+50+40+0-40 + 100 = 520; paid: 300 + 100-100 + 30 = 330;
	 * waived: 50 - 50 = 0. */
	for (size_t i = 0; i < sizeof every_by / sizeof every_by[0]; i++) {
		report r = totals(f->db, "2026-11-01", "2026-11-30", every_by[i]);
		assert_int_equal(r.sums.charged, 520);
		assert_int_equal(r.sums.paid, 330);
		assert_int_equal(r.sums.waived, 0);
		assert_int_equal(r.sums.owed, owed);
		assert_int_equal(r.sums.charged - r.sums.paid - r.sums.waived, r.sums.owed);
	}
	/* And against the ledger itself, in SQL. */
	assert_int_equal(owed,
	                 query_int(f->db, "SELECT SUM(CASE WHEN l.kind = 'charge' THEN l.amount "
	                                  "WHEN l.kind = 'reversal' AND o.kind = 'charge' THEN "
	                                  "-l.amount WHEN l.kind = 'reversal' THEN l.amount "
	                                  "ELSE -l.amount END) FROM ledger l "
	                                  "LEFT JOIN ledger o ON o.id = l.reverses_id"));
	assert_int_equal(owed, 190);
}

static void test_report_by_day(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	report r = totals(f->db, "2026-11-24", "2026-11-25", STORE_REPORT_BY_DAY);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.rows[0].key, "2026-11-24");
	assert_int_equal(r.rows[0].charged, 420);
	assert_int_equal(r.rows[0].paid, 300);
	assert_int_equal(r.rows[0].waived, 50);
	assert_string_equal(r.rows[1].key, "2026-11-25");
	assert_int_equal(r.rows[1].charged, 100);
	assert_int_equal(r.rows[1].paid, 30);
	assert_int_equal(r.rows[1].waived, -50);
}

static void test_report_by_service(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	report r = totals(f->db, "2026-11-24", "2026-11-25", STORE_REPORT_BY_SERVICE);
	assert_int_equal(r.n, 6);
	assert_int_equal(row_of(&r, "internet")->charged, 350);
	assert_int_equal(row_of(&r, "print-bw")->charged, 120);
	assert_int_equal(row_of(&r, "print-color")->charged, 50);
	assert_int_equal(row_of(&r, "copy")->charged, 0); /* charged and reversed */
	assert_int_equal(row_of(&r, "scan")->charged, 0); /* exempt */
	/* Each payment counts under what it paid, the oldest charges first:
	 * Kovács's 300 paid her session (200) and 100 of her print; the
	 * guest's 100 (reversed) and Nagy's 30 paid sessions. */
	assert_int_equal(row_of(&r, "internet")->paid, 200 + 100 - 100 + 30);
	assert_int_equal(row_of(&r, "print-bw")->paid, 100);
	assert_int_equal(row_of(&r, "(payments)")->paid, 0);
	assert_int_equal(r.sums.paid, 330);
	assert_int_equal(row_of(&r, "(payments)")->charged, 0);
	/* The same from the hourly sums and from the ledger's rows. */
	assert_int_equal(query_int(f->db, "SELECT SUM(paid) FROM ledger_slots WHERE dim = "
	                                  "'service' AND key = 'internet'"),
	                 230);
}

/* A payment of more than is open: the rest is credit, under (payments);
 * a refund takes it out there. */
static void test_report_by_service_puts_credit_under_payments(void **state)
{
	fixture *f = *state;
	charge_add(f->db, DORA, "kovacs", "copy", 5, TUE(10, 0)); /* 100 */
	pay_ok(f->db, DORA, "kovacs", 250, "cash", "", TUE(10, 30));
	exec(f->db,
	     "INSERT INTO shifts (id, staff_id, started_at, cash_float) VALUES (9, 1, 0, 0)");
	pay_ok(f->db, DORA, "kovacs", 50, "refund", "moving", TUE(10, 40));
	report r = totals(f->db, "2026-11-24", "2026-11-24", STORE_REPORT_BY_SERVICE);
	assert_int_equal(row_of(&r, "copy")->paid, 100);
	assert_int_equal(row_of(&r, "(payments)")->paid, 100);
	/* Where days do not start on a whole UTC hour the ledger's rows are
	 * summed instead of the hourly sums: the same. */
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	report rows = totals(f->db, "2026-11-24", "2026-11-24", STORE_REPORT_BY_SERVICE);
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
	assert_int_equal(row_of(&rows, "copy")->paid, 100);
	assert_int_equal(row_of(&rows, "(payments)")->paid, 100);
}

typedef struct exemption_list {
	store_exemption_row rows[8];
	size_t n;
} exemption_list;

static int keep_exemption(void *ctx, const store_exemption_row *row)
{
	exemption_list *l = ctx;
	assert_true(l->n < 8);
	l->rows[l->n++] = *row;
	return 0;
}

static const store_exemption_row *exemption_of(const exemption_list *l, const char *category)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->rows[i].category, category) == 0)
			return &l->rows[i];
	fail_msg("no row for %s", category);
	return NULL;
}

static void test_report_exemptions_by_category(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	np_err err = {0};
	exemption_list l = {0};
	assert_int_equal(
	    store_report_exemptions(f->db, "2026-11-24", "2026-11-25", keep_exemption, &l, &err),
	    0);
	assert_int_equal(l.n, 3);
	/* Nagy (50 %): half of a 100 session and of a 100 colour page; her
	 * waiver of 50 was reversed the next day. */
	assert_int_equal(exemption_of(&l, "reduced")->discounted, 100);
	assert_int_equal(exemption_of(&l, "reduced")->waived, 0);
	/* Szabó (exempt): four scans at 50. */
	assert_int_equal(exemption_of(&l, "exempt")->discounted, 200);
	assert_int_equal(exemption_of(&l, "standard")->discounted, 0);
	/* On Tuesday alone the waiver stands. */
	l.n = 0;
	assert_int_equal(
	    store_report_exemptions(f->db, "2026-11-24", "2026-11-24", keep_exemption, &l, &err),
	    0);
	assert_int_equal(exemption_of(&l, "reduced")->waived, 50);
}

static void test_report_by_staff(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	report r = totals(f->db, "2026-11-24", "2026-11-25", STORE_REPORT_BY_STAFF);
	/* (self): the self-login session and both prints. */
	assert_int_equal(row_of(&r, "(self)")->charged, 370);
	assert_int_equal(row_of(&r, "(self)")->paid, 0);
	/* Dóra: Nagy's session, the reversed copies; 300 cash; the waiver and its reversal. */
	assert_int_equal(row_of(&r, "Dóra")->charged, 50);
	assert_int_equal(row_of(&r, "Dóra")->paid, 300);
	assert_int_equal(row_of(&r, "Dóra")->waived, 0);
	/* Bence: the guest's session, the exempt scans; 100 cash reversed, 30 cash. */
	assert_int_equal(row_of(&r, "Bence")->charged, 100);
	assert_int_equal(row_of(&r, "Bence")->paid, 30);
	assert_int_equal(r.n, 3); /* reversals count for the original's staff */
}

static void test_report_by_category(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	report r = totals(f->db, "2026-11-24", "2026-11-25", STORE_REPORT_BY_CATEGORY);
	assert_int_equal(row_of(&r, "standard")->charged, 420);
	assert_int_equal(row_of(&r, "standard")->paid, 300);
	assert_int_equal(row_of(&r, "reduced")->charged, 100);
	assert_int_equal(row_of(&r, "reduced")->paid, 30);
	assert_int_equal(row_of(&r, "reduced")->waived, 0);
	assert_int_equal(row_of(&r, "exempt")->charged, 0);
}

static void test_report_owed_now(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	/* Only Tuesday. */
	report r = totals(f->db, "2026-11-24", "2026-11-24", STORE_REPORT_BY_SERVICE);
	assert_int_equal(r.sums.charged, 420);
	assert_int_equal(r.sums.paid, 300);
	assert_int_equal(r.sums.waived, 50);
	assert_int_equal(r.sums.owed, 190); /* owed now, not on Tuesday */
	/* An empty range. */
	r = totals(f->db, "2026-12-01", "2026-12-31", STORE_REPORT_BY_DAY);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.sums.charged, 0);
	assert_int_equal(r.sums.owed, 190);
}

static void test_report_refused(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	report r;
	np_err err = {0};
	assert_int_equal(
	    totals_report(f->db, "2026-11-24", "2026-11-31", STORE_REPORT_BY_DAY, &r, &err), -1);
	assert_int_equal(r.n, 0);
	assert_int_equal(err.code, BAD);
	assert_string_equal(err.message, "The date must look like 2026-11-24.");
	assert_int_equal(
	    totals_report(f->db, "2026-11-24", "2026-11-01", STORE_REPORT_BY_DAY, &r, &err), -1);
	assert_string_equal(err.message,
	                    "The start date 2026-11-24 is after the end date 2026-11-01.");
	assert_int_equal(
	    totals_report(f->db, "2026-11-24", "2026-11-30", (store_report_by)42, &r, &err), -1);
	assert_string_equal(err.message, "A report can be by day, service, staff or category.");
}

static void test_report_waivers(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	entry_list l = {0};
	np_err err = {0};
	assert_int_equal(
	    store_report_waivers(f->db, "2026-11-24", "2026-11-25", 0, 0, keep_entry, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.rows[0].note, "lost her job");
	assert_string_equal(l.rows[0].staff, "Dóra");
	assert_string_equal(l.rows[0].resident_login, "nagy");
	assert_int_equal(l.rows[0].amount, 50);
	l.n = 0;
	assert_int_equal(
	    store_report_waivers(f->db, "2026-11-25", "2026-11-25", 0, 0, keep_entry, &l, &err), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(store_report_waivers(f->db, "", "2026-11-25", 0, 0, keep_entry, &l, &err),
	                 -1);
	assert_int_equal(l.n, 0);
	assert_int_equal(err.code, BAD);
}

static void test_resident_ledger(void **state)
{
	fixture *f = *state;
	build_two_days(f);
	entry_list l = {0};
	np_err err = {0};
	assert_int_equal(store_ledger_each_for_resident(f->db, KOVACS, 0, keep_entry, &l, &err), 0);
	/* session, print, copies, payment, the copies' reversal */
	assert_int_equal(l.n, 5);
	assert_int_equal(l.rows[0].kind, STORE_LEDGER_REVERSAL);
	assert_int_equal(l.rows[4].kind, STORE_LEDGER_CHARGE);
	assert_string_equal(l.rows[4].service, "internet");
	assert_string_equal(l.rows[4].seat, "PC-03");
	assert_string_equal(l.rows[4].staff, "");
	assert_int_equal(l.rows[4].session_id, 6);
	for (size_t i = 1; i < l.n; i++)
		assert_true(l.rows[i - 1].at >= l.rows[i].at);
	l.n = 0;
	assert_int_equal(store_ledger_each_for_resident(f->db, KOVACS, 2, keep_entry, &l, &err), 0);
	assert_int_equal(l.n, 2);
	l.n = 0;
	assert_int_equal(store_ledger_each_for_resident(f->db, 99, 0, keep_entry, &l, &err), 0);
	assert_int_equal(l.n, 0);

	store_ledger_row e;
	assert_int_equal(store_ledger_get(f->db, 12345, &e, &err), -1);
	assert_int_equal(err.code, NOT_FOUND);
	assert_string_equal(err.message, "There is no ledger entry 12345.");
}

static void test_format_amount(void **state)
{
	fixture *f = *state;
	char buf[48];
	store_format_amount(f->db, 80, buf, sizeof buf);
	assert_string_equal(buf, "80 Ft");
	store_format_amount(f->db, -70, buf, sizeof buf);
	assert_string_equal(buf, "-70 Ft");
	exec(f->db, "UPDATE settings SET value = 'EUR' WHERE key = 'currency';"
	            "UPDATE settings SET value = '2' WHERE key = 'currency_decimals';");
	store_format_amount(f->db, 1250, buf, sizeof buf);
	assert_string_equal(buf, "12.50 EUR");
	store_format_amount(f->db, -5, buf, sizeof buf);
	assert_string_equal(buf, "-0.05 EUR");
	store_format_amount(f->db, INT64_MIN, buf, sizeof buf);
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
	np_err err = {0};
	assert_int_equal(store_begin(f->db, &err), 0);
	charge_add(f->db, DORA, "kovacs", "copy", 4, TUE(10, 0));
	assert_int_equal(store_commit(f->db, &err), 0);
	assert_int_equal(store_begin(f->db, &err), 0);
	assert_int_equal(pay(f->db, DORA, "kovacs", 500, "waive", "x", TUE(10, 1), NULL, &err), -1);
	store_rollback(f->db);
	assert_int_equal(store_begin(f->db, &err), 0);
	pay_ok(f->db, DORA, "kovacs", 80, "cash", "", TUE(10, 2));
	assert_int_equal(store_commit(f->db, &err), 0);
	assert_int_equal(due_of(f->db, KOVACS), 0);
	assert_int_equal(query_int(f->db, "SELECT COUNT(*) FROM ledger"), 2);
	/* No function left a transaction or savepoint open. */
	assert_false(store_in_transaction(f->db));
}

/* ------------------------------------------------------------ a random day and a half */

/* Every resident's bill lines add up to what they owe. */
static void check_bills(fixture *f)
{
	const char *logins[] = {"kovacs", "nagy", "szabo", "guest-1"};
	for (int64_t r = 1; r <= 4; r++) {
		bill b;
		np_err err = {0};
		assert_int_equal(bill_of(f->db, logins[r - 1], &b, &err), 0);
		int64_t due = due_of(f->db, r), sum = 0;
		assert_int_equal(b.head.due, due > 0 ? due : 0);
		assert_int_equal(b.head.credit, due < 0 ? -due : 0);
		for (size_t i = 0; i < b.n; i++) {
			assert_true(b.lines[i].amount > 0);
			if (i > 0)
				assert_true(b.lines[i - 1].at <= b.lines[i].at);
			sum += b.lines[i].amount;
		}
		assert_int_equal(sum, due > 0 ? due : 0);
	}
}

static const int64_t mentors[] = {DORA, BENCE};

/* What random_day() did. */
typedef struct day_counts {
	int refused, reversed, paid;
} day_counts;

/* One step of the random day: a charge, print, session, payment, waiver,
 * reversal or an overpayment, chosen by seed. Returns the store's answer:
 * -1 when refused. */
static int random_step(fixture *f, int i, unsigned *seed, day_counts *n)
{
	const char *logins[] = {"kovacs", "nagy", "szabo", "guest-1"};
	int64_t at = TUE(9, 0) + (int64_t)i * 300;
	int who = rand_r(seed) % 4;
	int64_t mentor = mentors[rand_r(seed) % 2];
	int64_t due = due_of(f->db, who + 1);
	int64_t max_id = query_int(f->db, "SELECT COALESCE(MAX(id), 0) FROM ledger");
	np_err err = {0};
	char sql[256], key[32];
	store_charge ch;
	int rc = 0;
	switch (rand_r(seed) % 9) {
	case 0:
		charge_add(f->db, mentor, logins[who], rand_r(seed) % 2 ? "copy" : "scan",
		           1 + rand_r(seed) % 5, at);
		break;
	case 1:
		/* Every third job is a repeat report of an earlier one. */
		snprintf(key, sizeof key, "job-%d", i % 3 == 0 ? i / 2 : i);
		print(f->db, PC01, who + 1, key, 1 + rand_r(seed) % 9, 1 + rand_r(seed) % 2,
		      rand_r(seed) % 4 == 0, at, NULL);
		break;
	case 2:
		snprintf(sql, sizeof sql,
		         "INSERT INTO sessions (id, seat_id, resident_id, started_at, ends_at, "
		         "ended_at, started_by) VALUES (%d, 2, %d, 0, 0, 0, NULL)",
		         100 + i, who + 1);
		exec(f->db, sql);
		assert_int_equal(store_charge_session(f->db, 100 + i, who + 1, PC03,
		                                      rand_r(seed) % 3 ? mentor : 0,
		                                      rand_r(seed) % 7200, at, &ch, &err),
		                 0);
		break;
	case 3:
	case 4:
		if (due > 0) {
			pay_ok(f->db, mentor, logins[who], 1 + rand_r(seed) % due, "cash", "", at);
			n->paid++;
		} else {
			rc = pay(f->db, mentor, logins[who], 10, "cash", "", at, NULL, &err);
		}
		break;
	case 5:
		if (due > 0)
			pay_ok(f->db, mentor, logins[who], 1 + rand_r(seed) % due, "waive",
			       "hardship", at);
		else
			rc = pay(f->db, mentor, logins[who], 10, "waive", "x", at, NULL, &err);
		break;
	case 6:
		if (max_id > 0) {
			rc = reverse(f->db, rand_r(seed) % 2 ? TERI : DORA,
			             1 + rand_r(seed) % max_id, "correction", at, NULL, &err);
			if (rc == 0)
				n->reversed++;
		}
		break;
	case 7:
		/* A refund of the credit, or of more than it: refused. */
		if (due < 0 && rand_r(seed) % 2) {
			pay_ok(f->db, mentor, logins[who], 1 + rand_r(seed) % -due, "refund",
			       "moving away", at);
		} else {
			rc = pay(f->db, mentor, logins[who], (due < 0 ? -due : 0) + 1, "refund",
			         "moving away", at, NULL, &err);
			assert_int_equal(rc, -1);
		}
		break;
	default:
		/* Paying in advance: the rest is a credit. */
		pay_ok(f->db, mentor, logins[who], (due > 0 ? due : 0) + 1 + rand_r(seed) % 100,
		       "cash", "", at);
		break;
	}
	return rc;
}

/* A long, seeded random day and a half of charges, payments, waivers,
 * reversals and refused requests, in Dóra's and Bence's open shifts:
 * after each step the bills match the dues and every refusal leaves the
 * database as it was. */
static day_counts random_day(fixture *f)
{
	unsigned seed = 20261124;
	np_err err = {0};
	store_shift s;
	assert_int_equal(store_shift_start(f->db, DORA, 5000, TUE(8, 0), &s, &err), 0);
	assert_int_equal(store_shift_start(f->db, BENCE, 2000, TUE(8, 0), &s, &err), 0);
	day_counts n = {0};
	for (int i = 0; i < 400; i++) {
		char *before = fingerprint(f->db);
		if (random_step(f, i, &seed, &n) != 0) {
			n.refused++;
			char *after = fingerprint(f->db);
			assert_string_equal(before, after);
			free(after);
		}
		free(before);
		check_bills(f);
	}
	return n;
}

static void test_random_ledger(void **state)
{
	fixture *f = *state;
	day_counts n = random_day(f);
	/* The run exercised what it meant to. */
	assert_true(n.refused > 20);
	assert_true(n.reversed > 10);
	assert_true(n.paid > 20);
}

/* At the end of the random day the reports, the dues and the shifts' cash
 * all agree with the ledger. */
static void test_random_ledger_adds_up(void **state)
{
	fixture *f = *state;
	random_day(f);
	int64_t owed = 0;
	for (int64_t r = 1; r <= 4; r++)
		owed += due_of(f->db, r);
	int64_t charged = -1, cash = -1;
	for (size_t i = 0; i < sizeof every_by / sizeof every_by[0]; i++) {
		report r = totals(f->db, "2026-11-24", "2026-11-25", every_by[i]);
		assert_int_equal(r.sums.charged - r.sums.paid - r.sums.waived, owed);
		assert_int_equal(r.sums.owed, owed);
		if (charged >= 0) {
			assert_int_equal(r.sums.charged, charged);
			assert_int_equal(r.sums.paid, cash);
		}
		charged = r.sums.charged;
		cash = r.sums.paid;
	}
	/* Two days, the two of them adding up to the whole. */
	report tue = totals(f->db, "2026-11-24", "2026-11-24", STORE_REPORT_BY_SERVICE);
	report wed = totals(f->db, "2026-11-25", "2026-11-25", STORE_REPORT_BY_SERVICE);
	assert_int_equal(tue.sums.charged + wed.sums.charged, charged);
	assert_int_equal(tue.sums.paid + wed.sums.paid, cash);

	/* The cash of the two shifts, with the corrections they carried, and
	 * the treasurer's corrections outside any shift add up to the paid
	 * total. */
	np_err err = {0};
	store_shift s;
	int64_t taken = 0;
	entry_list outside = {0};
	assert_int_equal(store_report_cash_outside(f->db, "2026-11-24", "2026-11-25", keep_entry,
	                                           &outside, &err),
	                 0);
	for (size_t i = 0; i < outside.n; i++)
		taken += store_cash_effect(&outside.rows[i]);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(store_shift_current(f->db, mentors[i], &s, &err), 1);
		taken += s.cash_taken + s.corrections;
		assert_int_equal(
		    store_shift_end(f->db, mentors[i], s.expected, WED(20, 0), &s, &err), 0);
		assert_int_equal(s.difference, 0);
	}
	assert_int_equal(taken, cash);
}

/* The hourly sums kept by the triggers (refunds, payments in advance and
 * what each payment paid included) give the same report as the ledger's
 * own rows: a zone whose midnights are not whole UTC hours sums the
 * ledger. */
static void test_random_ledger_slots_match_the_ledger(void **state)
{
	fixture *f = *state;
	random_day(f);
	/* The day had refunds, payments that paid charges, and reversals of them. */
	assert_true(query_int(f->db, "SELECT count(*) FROM ledger WHERE method = 'refund'") > 3);
	assert_true(query_int(f->db, "SELECT count(*) FROM ledger_allocations") > 20);
	assert_true(query_int(f->db, "SELECT count(*) FROM ledger_allocations WHERE amount < 0") >
	            0);
	for (size_t i = 0; i < sizeof every_by / sizeof every_by[0]; i++) {
		if (every_by[i] == STORE_REPORT_BY_DAY)
			continue; /* the days themselves differ between the zones */
		report slots = totals(f->db, "2026-11-23", "2026-11-26", every_by[i]);
		setenv("TZ", "Asia/Kolkata", 1);
		tzset();
		report rows = totals(f->db, "2026-11-23", "2026-11-26", every_by[i]);
		setenv("TZ", "Europe/Budapest", 1);
		tzset();
		assert_int_equal(slots.n, rows.n);
		for (size_t k = 0; k < slots.n; k++) {
			assert_string_equal(slots.rows[k].key, rows.rows[k].key);
			assert_int_equal(slots.rows[k].charged, rows.rows[k].charged);
			assert_int_equal(slots.rows[k].paid, rows.rows[k].paid);
			assert_int_equal(slots.rows[k].waived, rows.rows[k].waived);
		}
	}
}

/* ------------------------------------------------------------ the totals against the old way */

/* A seeded ledger over all of 2026 written straight into the table: charges
 * of several services (and none), cash payments and waivers by each staff
 * member or nobody, residents of each category (and none), and reversals of
 * every kind (reversals of reversals too) on later days. Many rows sit a
 * second either side of local midnight, and the days on which the clocks
 * change get rows every few minutes. */
static void generated_year(store_db *db)
{
	static const char *const services[] = {"'internet'", "'print-bw'", "'copy'", "'scan'",
	                                       "NULL"};
	static const char *const categories[] = {"'standard'", "'reduced'", "'exempt'", "NULL"};
	static const char *const kinds[] = {"charge", "charge", "charge", "payment", "waiver"};
	unsigned seed = 20260101;
	int64_t id = 0;
	exec(db, "BEGIN");
	char sql[512];
	for (int day = 0; day < 365; day++) {
		int rows = day % 7 == 0 ? 0 : 2 + rand_r(&seed) % 8;
		for (int i = 0; i < rows + 6; i++) {
			int64_t midnight = (int64_t)local(2026, 1, 1 + day, 0, 0);
			int64_t at;
			if (i < rows)
				at = midnight + rand_r(&seed) % 86400;
			else if (i < rows + 2)
				at = midnight + (i % 2 == 0 ? -1 : 0); /* either side of midnight */
			else
				at = midnight + 3600 * (2 + i - rows) + rand_r(&seed) % 1800;
			if (day % 7 == 0 && i >= rows)
				continue; /* a closed day: no rows at all */
			const char *kind = kinds[rand_r(&seed) % 5];
			int staff = rand_r(&seed) % 5; /* 0: nobody */
			char staff_sql[8];
			snprintf(staff_sql, sizeof staff_sql, staff ? "%d" : "NULL", staff);
			bool charge = strcmp(kind, "charge") == 0;
			snprintf(
			    sql, sizeof sql,
			    "INSERT INTO ledger (id, at, kind, resident_id, service, category, "
			    "amount, method, staff_id) VALUES (%lld, %lld, '%s', %d, %s, %s, %d, "
			    "%s, %s)",
			    (long long)++id, (long long)at, kind, 1 + rand_r(&seed) % 4,
			    charge ? services[rand_r(&seed) % 5] : "NULL",
			    categories[rand_r(&seed) % 4], 1 + rand_r(&seed) % 900,
			    charge                        ? "NULL"
			    : strcmp(kind, "waiver") == 0 ? "'waive'"
			                                  : "'cash'",
			    staff_sql);
			exec(db, sql);
			/* Every fifth row is reversed a few days later (or never, if
			 * that is after the year); now and then the reversal too. */
			if (id % 5 == 0 && day < 360) {
				int64_t original = id;
				for (int again = 0; again < (id % 25 == 0 ? 2 : 1); again++) {
					snprintf(
					    sql, sizeof sql,
					    "INSERT INTO ledger (id, at, kind, resident_id, "
					    "service, "
					    "category, amount, staff_id, reverses_id) SELECT %lld, "
					    "%lld, 'reversal', resident_id, service, category, "
					    "amount, %d, %lld FROM ledger WHERE id = %lld",
					    (long long)(id + 1),
					    (long long)(at + 86400 * (1 + rand_r(&seed) % 4)),
					    1 + rand_r(&seed) % 4, (long long)original,
					    (long long)original);
					exec(db, sql);
					original = ++id;
				}
			}
		}
	}
	exec(db, "COMMIT");
}

/* The new totals and the old ones for one range, every grouping: the same
 * rows with the same keys, sums and order, and the same owed. */
static void same_as_before(store_db *db, const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof every_by / sizeof every_by[0]; i++) {
		report got = totals(db, from, to, every_by[i]);
		report want;
		memset(&want, 0, sizeof want);
		np_err err = {0};
		assert_int_equal(reference_report_totals(db, from, to, every_by[i], keep_totals_row,
		                                         &want, &want.sums, &err),
		                 0);
		assert_int_equal(got.n, want.n);
		for (size_t r = 0; r < want.n; r++) {
			assert_string_equal(got.rows[r].key, want.rows[r].key);
			assert_int_equal(got.rows[r].charged, want.rows[r].charged);
			assert_int_equal(got.rows[r].paid, want.rows[r].paid);
			assert_int_equal(got.rows[r].waived, want.rows[r].waived);
		}
		assert_memory_equal(&got.sums, &want.sums, sizeof got.sums);
	}
}

/* In three zones (Budapest; Lord Howe Island, whose clocks move by half an
 * hour; Havana, whose clocks change at midnight) the report of a generated
 * year agrees with the old one for the whole year, single days, the days
 * the clocks change, ranges across them, a range with no rows and one of
 * a century that is mostly empty. */
static void test_report_same_as_before(void **state)
{
	fixture *f = *state;
	generated_year(f->db);
	assert_true(query_int(f->db, "SELECT count(*) FROM ledger WHERE kind = 'reversal'") > 200);
	static const char *const zones[] = {"Europe/Budapest", "Australia/Lord_Howe",
	                                    "America/Havana"};
	static const char *const ranges[][2] = {
	    {"2026-01-01", "2026-12-31"}, {"2025-12-31", "2027-01-01"},
	    {"2026-03-29", "2026-03-29"}, {"2026-10-25", "2026-10-25"},
	    {"2026-04-05", "2026-04-05"}, {"2026-10-04", "2026-10-04"},
	    {"2026-03-07", "2026-03-09"}, {"2026-11-01", "2026-11-01"},
	    {"2026-03-20", "2026-04-10"}, {"2026-06-15", "2026-06-15"},
	    {"2026-01-01", "2026-01-01"}, {"2027-02-01", "2027-02-28"},
	    {"1990-01-01", "2099-12-31"},
	};
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		setenv("TZ", zones[z], 1);
		tzset();
		for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
			same_as_before(f->db, ranges[r][0], ranges[r][1]);
	}
	setenv("TZ", "Europe/Budapest", 1);
	tzset();
}

/* What is owed, kept by the trigger, is what adding up the whole ledger
 * gives, and it follows each new row. */
static void test_report_owed_kept(void **state)
{
	fixture *f = *state;
	static const char whole[] = "SELECT COALESCE(SUM(CASE "
	                            "  WHEN l.kind = 'charge' THEN l.amount "
	                            "  WHEN l.kind IN ('payment', 'waiver') THEN -l.amount "
	                            "  WHEN o.kind = 'charge' THEN -l.amount "
	                            "  ELSE l.amount END), 0) "
	                            "FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id";
	assert_int_equal(query_int(f->db, "SELECT owed FROM ledger_owed"), 0);
	generated_year(f->db);
	int64_t owed = query_int(f->db, whole);
	assert_true(owed != 0);
	assert_int_equal(query_int(f->db, "SELECT owed FROM ledger_owed"), owed);
	charge_add(f->db, DORA, "kovacs", "copy", 3, WED(10, 0));
	assert_int_equal(query_int(f->db, "SELECT owed FROM ledger_owed"), query_int(f->db, whole));
	assert_true(query_int(f->db, "SELECT owed FROM ledger_owed") > owed);
}

/* A database of schema 5 with a ledger already: migration 6 adds up its
 * slots and what is owed, to the same sums the triggers keep row by row. */
static void test_migration_6_sums_an_existing_ledger(void **state)
{
	fixture *f = *state;
	generated_year(f->db);
	static const char slots[] =
	    "SELECT group_concat(dim || slot || key || charged || paid || waived, ',') "
	    "FROM (SELECT * FROM ledger_slots ORDER BY dim, slot, key)";
	char *kept = NULL;
	{
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(f->db), slots, -1, &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		kept = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	int64_t owed = query_int(f->db, "SELECT owed FROM ledger_owed");
	/* The columns go first: ALTER TABLE checks every trigger, and migration
	 * 8's allocation trigger names ledger_slots, dropped below. */
	exec(f->db, FIXTURE_UNDO_TO_V11 "ALTER TABLE categories DROP COLUMN label; "
	            "DELETE FROM settings WHERE key = 'site_language'; "
	            "ALTER TABLE staff DROP COLUMN display_name; "
	            "ALTER TABLE help_calls DROP COLUMN topic; "
	            "ALTER TABLE help_calls DROP COLUMN close_reason; "
	            "DROP TRIGGER ledger_owed_kept; DROP TABLE ledger_owed; "
	            "DROP TRIGGER ledger_slots_kept; DROP TABLE ledger_slots; "
	            "DROP INDEX help_calls_seat; DROP INDEX sessions_running_ends; "
	            "DROP TABLE closed_dates; "
	            "PRAGMA user_version = 5");
	store_db_close(f->db);
	np_err err = {0};
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	assert_int_equal(query_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(query_int(f->db, "SELECT owed FROM ledger_owed"), owed);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(f->db), slots, -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), kept);
	sqlite3_finalize(st);
	free(kept);
	same_as_before(f->db, "2026-01-01", "2026-12-31");
	/* The copy saved before migrating, so that teardown finds the folder
	 * as setup made it. */
	char backups[400], copy[700];
	snprintf(backups, sizeof backups, "%s/backups", f->dir);
	DIR *d = opendir(backups);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(copy, sizeof copy, "%s/%s", backups, e->d_name);
		assert_int_equal(unlink(copy), 0);
	}
	closedir(d);
	assert_int_equal(rmdir(backups), 0);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_tariff_list),
	    TEST(test_tariff_set),
	    TEST(test_tariff_set_refused),
	    TEST(test_categories),
	    TEST(test_default_category),
	    TEST(test_category_set_refused),
	    TEST(test_charge_session_blocks),
	    TEST(test_charge_session_once),
	    TEST(test_charge_session_categories),
	    TEST(test_print_once_per_seat),
	    TEST(test_print_refused),
	    TEST(test_print_quote),
	    TEST(test_charge_add),
	    TEST(test_charge_add_refused),
	    TEST(test_charge_retried_with_its_request_key_charges_once),
	    TEST(test_payment_retried_with_its_request_key_pays_once),
	    TEST(test_charge_add_overflow_refused),
	    TEST(test_bill_lines),
	    TEST(test_pay_covers_oldest_first),
	    TEST(test_pay_refused),
	    TEST(test_waiver_then_paid_off),
	    TEST(test_bill_of_guest_and_nobody),
	    TEST(test_reverse_charge),
	    TEST(test_reverse_refused),
	    TEST(test_reverse_payment),
	    TEST(test_reversed_print_stays_charged_once),
	    TEST(test_append_only),
	    TEST(test_shift_start),
	    TEST(test_shift_cash),
	    TEST(test_shift_report),
	    TEST(test_paying_in_advance_keeps_a_credit),
	    TEST(test_refund_gives_credit_back_from_the_shift),
	    TEST(test_closed_shift_never_changes),
	    TEST(test_cash_outside_shift_allowed_by_default),
	    TEST(test_cash_outside_shift_refused_by_the_setting),
	    TEST(test_mentor_reverses_own_charge_within_minutes),
	    TEST(test_report_whole_ledger),
	    TEST(test_report_by_day),
	    TEST(test_report_by_service),
	    TEST(test_report_by_service_puts_credit_under_payments),
	    TEST(test_report_exemptions_by_category),
	    TEST(test_report_by_staff),
	    TEST(test_report_by_category),
	    TEST(test_report_owed_now),
	    TEST(test_report_refused),
	    TEST(test_report_waivers),
	    TEST(test_resident_ledger),
	    TEST(test_format_amount),
	    TEST(test_transactions),
	    TEST(test_random_ledger),
	    TEST(test_random_ledger_adds_up),
	    TEST(test_random_ledger_slots_match_the_ledger),
	    TEST(test_report_same_as_before),
	    TEST(test_report_owed_kept),
	    TEST(test_migration_6_sums_an_existing_ledger),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
