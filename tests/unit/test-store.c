/* The SQLite store on a real file in a temporary directory: migrations by
 * user_version, the pragmas, the append-only ledger, one running session
 * per seat and per resident. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/residents.h"
#include "store/seats.h"
#include "store/sessions.h"
#include "store/staff.h"

typedef struct fixture {
	char dir[256];
	char path[300];
	store_db *db;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/netpont-store-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	np_err err = {0};
	assert_int_equal(store_db_open(f->path, true, &f->db, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_db_close(f->db);
	char p[400];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t query_int(store_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	int64_t v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static const char *query_text(store_db *db, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
	buf[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static void test_migrations(void **state)
{
	fixture *f = *state;
	char buf[64];
	assert_int_equal(query_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* The seed rows are there. */
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM categories"), 3);
	assert_int_equal(query_int(f->db, "SELECT price FROM tariffs WHERE service = 'internet'"),
	                 100);
	/* Pragmas. */
	assert_string_equal(query_text(f->db, "PRAGMA journal_mode", buf, sizeof buf), "wal");
	assert_int_equal(query_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_int(f->db, "PRAGMA synchronous"), 2); /* FULL */

	/* Reopening migrates nothing again (the seed would be inserted twice
	 * and fail on the UNIQUE names). */
	store_db_close(f->db);
	np_err err = {0};
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM categories"), 3);

	/* A database from a newer program is refused, with its name. */
	np_err ignored = {0};
	assert_int_equal(store_exec(f->db, "PRAGMA user_version = 99", &ignored), 0);
	store_db_close(f->db);
	f->db = NULL;
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), -1);
	assert_null(f->db);
	assert_non_null(strstr(err.message, "newer"));
	assert_non_null(strstr(err.message, f->path));

	/* Not creating: a missing file is an error. */
	char missing[400];
	snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
	assert_int_equal(store_db_open(missing, false, &f->db, &err), -1);
	assert_null(f->db);
	/* Leave a usable handle for teardown. */
	char again[400];
	snprintf(again, sizeof again, "%s/again.db", f->dir);
	assert_int_equal(store_db_open(again, true, &f->db, &err), 0);
	store_db_close(f->db);
	unlink(again);
	snprintf(again, sizeof again, "%s/again.db-wal", f->dir);
	unlink(again);
	snprintf(again, sizeof again, "%s/again.db-shm", f->dir);
	unlink(again);
	f->db = NULL; /* teardown closes nothing */
}

/* A resident and a seat to hang rows on. */
static void seed(store_db *db, int64_t *seat, int64_t *resident, int64_t *seat2, int64_t *resident2)
{
	np_err err = {0};
	int64_t cat = store_category_id(db, "standard", &err);
	assert_true(cat > 0);
	assert_int_equal(store_seat_add(db, "PC-01", "hash", 1000, seat, &err), 0);
	assert_int_equal(store_seat_add(db, "PC-02", "hash", 1000, seat2, &err), 0);
	assert_int_equal(store_resident_add(db, "kovacsm", "Kovács Mária", "h", cat, false, "",
	                                    1000, resident, &err),
	                 0);
	assert_int_equal(store_resident_add(db, "nagyj", "Nagy János", "h", cat, false, "", 1000,
	                                    resident2, &err),
	                 0);
}

static void test_ledger_append_only(void **state)
{
	fixture *f = *state;
	int64_t seat, r, seat2, r2;
	seed(f->db, &seat, &r, &seat2, &r2);
	np_err err = {0};
	char sql[256];
	snprintf(sql, sizeof sql,
	         "INSERT INTO ledger (at, kind, resident_id, service, amount) "
	         "VALUES (1000, 'charge', %lld, 'copy', 20)",
	         (long long)r);
	assert_int_equal(store_exec(f->db, sql, &err), 0);
	/* UPDATE and DELETE are refused by the triggers, and the row stays. */
	assert_int_equal(store_exec(f->db, "UPDATE ledger SET amount = 0", &err), -1);
	assert_int_equal(store_exec(f->db, "DELETE FROM ledger", &err), -1);
	assert_int_equal(query_int(f->db, "SELECT amount FROM ledger"), 20);
	/* A correction is a reversal row naming what it reverses, once. */
	snprintf(sql, sizeof sql,
	         "INSERT INTO ledger (at, kind, resident_id, amount, reverses_id) "
	         "VALUES (1001, 'reversal', %lld, 20, 1)",
	         (long long)r);
	assert_int_equal(store_exec(f->db, sql, &err), 0);
	assert_int_equal(store_exec(f->db, sql, &err), -1);
	assert_int_equal(query_int(f->db, "SELECT count(*) FROM ledger"), 2);
}

static void test_one_running_session(void **state)
{
	fixture *f = *state;
	int64_t seat, r, seat2, r2, s1, s2;
	seed(f->db, &seat, &r, &seat2, &r2);
	np_err err = {0};
	assert_int_equal(store_session_start(f->db, seat, r, false, 1000, 4600, 0, &s1, &err), 0);
	/* A second running session on the same seat is refused by the schema. */
	assert_int_equal(store_session_start(f->db, seat, r2, false, 1001, 4600, 0, &s2, &err), -1);
	/* ... and for the same resident on another seat. */
	assert_int_equal(store_session_start(f->db, seat2, r, false, 1001, 4600, 0, &s2, &err), -1);
	store_session s;
	assert_int_equal(store_session_running_on_seat(f->db, seat, &s, &err), 1);
	assert_int_equal(s.id, s1);
	assert_string_equal(s.login, "kovacsm");
	assert_string_equal(s.seat, "PC-01");
	assert_int_equal(store_session_next_end(f->db), 4600);

	/* Once it ended, the seat takes a new one. */
	assert_int_equal(store_session_end(f->db, s1, 2000, "mentor", &err), 0);
	assert_int_equal(store_session_running_on_seat(f->db, seat, &s, &err), 0);
	assert_int_equal(store_session_start(f->db, seat, r2, false, 2001, 3000, 0, &s2, &err), 0);
	assert_int_equal(store_session_next_end(f->db), 3000);
	/* Time used within a window: 1000 s ended + the running one up to now. */
	assert_int_equal(store_session_used(f->db, r, 0, 10000, 2500), 1000);
	assert_int_equal(store_session_used(f->db, r2, 0, 10000, 2500), 499);
	assert_int_equal(store_session_used(f->db, r, 1500, 10000, 2500), 500);
}

static void test_statement_cache_and_transactions(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t id;
	assert_int_equal(store_begin(f->db, &err), 0);
	assert_true(store_in_transaction(f->db));
	assert_int_equal(store_staff_add(f->db, "dora", "mentor", "h", 1, &id, &err), 0);
	store_rollback(f->db);
	assert_false(store_in_transaction(f->db));
	store_staff s;
	assert_int_equal(store_staff_by_name(f->db, "dora", &s, &err), 0);
	assert_int_equal(store_begin(f->db, &err), 0);
	assert_int_equal(store_staff_add(f->db, "dora", "mentor", "h", 1, &id, &err), 0);
	assert_int_equal(store_commit(f->db, &err), 0);
	assert_int_equal(store_staff_by_name(f->db, "dora", &s, &err), 1);
	assert_string_equal(s.role, "mentor");
	/* The same SQL text gives the same cached statement. */
	static const char sql[] = "SELECT 1";
	assert_ptr_equal(store_stmt(f->db, sql), store_stmt(f->db, sql));
}

static int count_row(void *ctx, const store_resident *row)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

static int search(store_db *db, const char *query, bool guests)
{
	int n = 0;
	np_err err = {0};
	assert_int_equal(store_resident_each(db, query, guests, count_row, &n, &err), 0);
	return n;
}

static void test_resident_search(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t cat = store_category_id(f->db, "standard", &err), id;
	assert_int_equal(
	    store_resident_add(f->db, "kovacsm", "Kovács Mária", "h", cat, false, "", 1, &id, &err),
	    0);
	assert_int_equal(
	    store_resident_add(f->db, "kissa", "Ágnes Kiss", "h", cat, false, "", 1, &id, &err), 0);
	assert_int_equal(
	    store_resident_add(f->db, "guest-1", "Guest 1", "", cat, true, "", 1, &id, &err), 0);
	assert_int_equal(search(f->db, "", false), 2);
	assert_int_equal(search(f->db, "", true), 3);
	/* Case-insensitive, accented capitals too (SQLite's lower() would
	 * miss these). */
	assert_int_equal(search(f->db, "KOVÁCS", false), 1);
	assert_int_equal(search(f->db, "ágnes", false), 1);
	assert_int_equal(search(f->db, "ÁGNES", false), 1);
	assert_int_equal(search(f->db, "MÁRIA", false), 1);
	assert_int_equal(search(f->db, "KISSA", false), 1);
	/* LIKE wildcards are plain characters. */
	assert_int_equal(search(f->db, "%", false), 0);
	assert_int_equal(search(f->db, "nobody", false), 0);
	assert_int_equal(store_resident_next_guest(f->db), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ledger_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_running_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_statement_cache_and_transactions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resident_search, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
