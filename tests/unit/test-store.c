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

#include "fixture-server.h"
#include "store/db.h"
#include "store/residents.h"
#include "store/seats.h"
#include "store/sessions.h"
#include "store/help.h"
#include "store/settings.h"
#include "store/signin.h"
#include "store/staff.h"

static int setup(void **state)
{
	fixture_store *f = calloc(1, sizeof *f);
	fixture_store_open(f, "netpont-store");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_store *f = *state;
	fixture_store_remove(f);
	free(f);
	return 0;
}

static void test_new_database_is_migrated_and_seeded(void **state)
{
	fixture_store *f = *state;
	assert_int_equal(fixture_query_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(fixture_query_int(f->db, "SELECT count(*) FROM categories"), 3);
	assert_int_equal(
	    fixture_query_int(f->db, "SELECT price FROM tariffs WHERE service = 'internet'"), 100);
}

static void test_database_runs_wal_with_foreign_keys_and_full_sync(void **state)
{
	fixture_store *f = *state;
	char buf[64];
	assert_string_equal(fixture_query_text(f->db, "PRAGMA journal_mode", buf, sizeof buf),
	                    "wal");
	assert_int_equal(fixture_query_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(fixture_query_int(f->db, "PRAGMA synchronous"), 2); /* FULL */
}

/* Reopening migrates nothing again (the seed would be inserted twice and
 * fail on the UNIQUE names). */
static void test_reopening_migrates_nothing_again(void **state)
{
	fixture_store *f = *state;
	store_db_close(f->db);
	np_err err = {0};
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	assert_int_equal(fixture_query_int(f->db, "SELECT count(*) FROM categories"), 3);
}

/* A database of the previous version gets migration 3: its open help call
 * stays open, and it can now be taken back. */
static void test_version_2_database_gets_help_cancelling(void **state)
{
	fixture_store *f = *state;
	np_err err = {0};
	int64_t seat = 0, call = 0;
	assert_int_equal(store_seat_add(f->db, "PC-01", "hash", 1000, &seat, &err), 0);
	assert_int_equal(store_help_raise(f->db, seat, 0, 0, "help", 1000, &call, &err), 0);
	assert_int_equal(store_exec(f->db,
	                            FIXTURE_UNDO_TO_V11 "ALTER TABLE categories DROP COLUMN label; "
	                            "DELETE FROM settings WHERE key = 'site_language'; "
	                            "ALTER TABLE help_calls DROP COLUMN cancelled_at; "
	                            "ALTER TABLE help_calls DROP COLUMN topic; "
	                            "ALTER TABLE help_calls DROP COLUMN close_reason; "
	                            "ALTER TABLE staff DROP COLUMN display_name; "
	                            "ALTER TABLE seats DROP COLUMN removed_at; "
	                            "ALTER TABLE seats DROP COLUMN removed_name; "
	                            "DROP TABLE join_codes; "
	                            "DROP INDEX help_calls_seat; "
	                            "DROP INDEX sessions_running_ends; "
	                            "DROP TRIGGER ledger_owed_kept; "
	                            "DROP TABLE ledger_owed; "
	                            "DROP TRIGGER ledger_slots_kept; "
	                            "DROP TABLE ledger_slots; "
	                            "DROP TABLE closed_dates; "
	                            "PRAGMA user_version = 2",
	                            &err),
	                 0);
	store_db_close(f->db);
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	assert_int_equal(fixture_query_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* Migration 5 came with it: the join codes' table, empty. */
	assert_int_equal(fixture_query_int(f->db, "SELECT count(*) FROM join_codes"), 0);
	/* And migration 6: the indexes of the hot lookups. */
	assert_int_equal(fixture_query_int(f->db,
	                                   "SELECT count(*) FROM sqlite_schema WHERE name IN "
	                                   "('help_calls_seat', 'sessions_running_ends')"),
	                 2);
	store_help h;
	assert_int_equal(store_help_open_for_seat(f->db, seat, &h, &err), 1);
	assert_int_equal(h.cancelled_at, 0);
	assert_int_equal(store_help_cancel(f->db, call, 2000, &err), 0);
	assert_int_equal(store_help_open_for_seat(f->db, seat, &h, &err), 0);
	assert_int_equal(store_help_by_id(f->db, call, &h, &err), 1);
	assert_int_equal(h.cancelled_at, 2000);
	assert_int_equal(h.resolved_at, 2000);
	assert_string_equal(h.resolved_by, "");
}

/* A database of version 10 gets migration 11: its categories get display
 * names (English for the seeds, the name for the site's own) and the site
 * language setting, English, since nothing says which it was. */
static void test_version_10_database_gets_category_labels(void **state)
{
	fixture_store *f = *state;
	np_err err = {0};
	char buf[96];
	assert_int_equal(
	    store_exec(f->db,
	               FIXTURE_UNDO_TO_V11 "ALTER TABLE categories DROP COLUMN label; "
	               "DELETE FROM settings WHERE key = 'site_language'; "
	               "INSERT INTO categories (name, percent) VALUES ('pensioner', 30); "
	               "PRAGMA user_version = 10",
	               &err),
	    0);
	store_db_close(f->db);
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	assert_int_equal(fixture_query_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_string_equal(
	    fixture_query_text(f->db, "SELECT label FROM categories WHERE name = 'reduced'", buf,
	                       sizeof buf),
	    "Reduced");
	assert_string_equal(
	    fixture_query_text(f->db, "SELECT label FROM categories WHERE name = 'pensioner'", buf,
	                       sizeof buf),
	    "pensioner");
	assert_int_equal(fixture_query_int(f->db, "SELECT count(*) FROM settings WHERE key = "
	                                          "'site_language' AND value = ''"),
	                 1);
}

/* A database of version 9 keeps its opening hours: open_time, close_time
 * and open_days become one hours_N setting per weekday and are gone. */
static void test_old_hours_settings_become_a_week(void **state)
{
	fixture_store *f = *state;
	np_err err = {0};
	assert_int_equal(store_exec(f->db,
	                            FIXTURE_UNDO_TO_V11 "ALTER TABLE categories DROP COLUMN label; "
	                            "DELETE FROM settings WHERE key = 'site_language'; "
	                            "DROP TABLE closed_dates; "
	                            "DELETE FROM settings WHERE key GLOB 'hours_*'; "
	                            "INSERT INTO settings VALUES ('open_time', '8:30'), "
	                            "('close_time', '17:00'), ('open_days', '135'); "
	                            "PRAGMA user_version = 9",
	                            &err),
	                 0);
	store_db_close(f->db);
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	char value[32];
	assert_int_equal(store_setting_get(f->db, "hours_1", value, sizeof value, &err), 1);
	assert_string_equal(value, "8:30-17:00");
	assert_int_equal(store_setting_get(f->db, "hours_2", value, sizeof value, &err), 1);
	assert_string_equal(value, "closed");
	assert_int_equal(store_setting_get(f->db, "hours_5", value, sizeof value, &err), 1);
	assert_string_equal(value, "8:30-17:00");
	assert_int_equal(store_setting_get(f->db, "hours_7", value, sizeof value, &err), 1);
	assert_string_equal(value, "closed");
	assert_int_equal(store_setting_get(f->db, "open_days", value, sizeof value, &err), 0);
	assert_int_equal(
	    fixture_query_int(f->db, "SELECT count(*) FROM settings WHERE key GLOB 'hours_*'"), 7);
}

/* A new database has the seed's week: Monday to Saturday 09:00-18:00. */
static void test_new_database_has_the_seed_week(void **state)
{
	fixture_store *f = *state;
	char value[32];
	assert_int_equal(store_setting_get(f->db, "hours_6", value, sizeof value, NULL), 1);
	assert_string_equal(value, "09:00-18:00");
	assert_int_equal(store_setting_get(f->db, "hours_7", value, sizeof value, NULL), 1);
	assert_string_equal(value, "closed");
}

static int count_date(void *ctx, const store_closed_date *d)
{
	char *seen = ctx;
	strcat(seen, d->day);
	strcat(seen, d->note[0] ? "+" : "-");
	return 0;
}

/* Closed dates: added with a note (again: the note changes), listed in date
 * order from a day on, removed once. */
static void test_closed_dates_are_kept_in_order(void **state)
{
	fixture_store *f = *state;
	np_err err = {0};
	assert_int_equal(store_closed_date_add(f->db, "2026-12-25", "Christmas", &err), 0);
	assert_int_equal(store_closed_date_add(f->db, "2026-12-24", "", &err), 0);
	assert_int_equal(store_closed_date_add(f->db, "2026-11-01", "", &err), 0);
	assert_int_equal(store_closed_date_add(f->db, "2026-12-24", "Eve", &err), 0);
	char seen[128] = "";
	assert_int_equal(store_closed_date_each(f->db, "2026-12-01", 10, count_date, seen, &err),
	                 0);
	assert_string_equal(seen, "2026-12-24+2026-12-25+");
	assert_int_equal(store_closed_date_count(f->db, "", &err), 3);
	assert_int_equal(store_closed_date_remove(f->db, "2026-12-24", &err), 1);
	assert_int_equal(store_closed_date_remove(f->db, "2026-12-24", &err), 0);
	assert_int_equal(store_closed_date_count(f->db, "2026-12-01", &err), 1);
	assert_int_not_equal(
	    store_exec(f->db, "INSERT INTO closed_dates VALUES ('Dec 24', '')", &err), 0);
}

/* A database from a newer program is refused, with its name. */
static void test_database_of_a_newer_program_is_refused(void **state)
{
	fixture_store *f = *state;
	np_err err = {0}, ignored = {0};
	assert_int_equal(store_exec(f->db, "PRAGMA user_version = 99", &ignored), 0);
	store_db_close(f->db);
	f->db = NULL;
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), -1);
	assert_null(f->db);
	assert_non_null(strstr(err.message, "newer"));
	assert_non_null(strstr(err.message, f->path));
}

/* Not creating: a missing file is an error. */
static void test_missing_file_is_refused_without_create(void **state)
{
	fixture_store *f = *state;
	char missing[400];
	snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
	store_db *db = NULL;
	np_err err = {0};
	assert_int_equal(store_db_open(missing, false, &db, &err), -1);
	assert_null(db);
	assert_int_equal(access(missing, F_OK), -1);
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
	fixture_store *f = *state;
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
	assert_int_equal(fixture_query_int(f->db, "SELECT amount FROM ledger"), 20);
	/* A correction is a reversal row naming what it reverses, once. */
	snprintf(sql, sizeof sql,
	         "INSERT INTO ledger (at, kind, resident_id, amount, reverses_id) "
	         "VALUES (1001, 'reversal', %lld, 20, 1)",
	         (long long)r);
	assert_int_equal(store_exec(f->db, sql, &err), 0);
	assert_int_equal(store_exec(f->db, sql, &err), -1);
	assert_int_equal(fixture_query_int(f->db, "SELECT count(*) FROM ledger"), 2);
}

static void test_one_running_session(void **state)
{
	fixture_store *f = *state;
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
	fixture_store *f = *state;
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
	assert_int_equal(store_resident_each(db, query, guests, "", count_row, &n, &err), 0);
	return n;
}

static void test_resident_search(void **state)
{
	fixture_store *f = *state;
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

/* The server's key for seat tokens is made once and kept across restarts. */
static void test_server_key_is_made_once(void **state)
{
	fixture_store *f = *state;
	np_err err = {0};
	unsigned char first[32], again[32], zero[32] = {0};
	assert_int_equal(store_server_key(f->db, "seat_token", first, &err), 0);
	assert_memory_not_equal(first, zero, sizeof zero);
	store_db_close(f->db);
	assert_int_equal(store_db_open(f->path, false, &f->db, &err), 0);
	assert_int_equal(store_server_key(f->db, "seat_token", again, &err), 0);
	assert_memory_equal(first, again, sizeof first);
	assert_int_equal(fixture_query_int(f->db, "SELECT count(*) FROM server_keys"), 1);
}

/* A throttled thing's state is written, read back and forgotten. */
static void test_throttle_state_round_trip(void **state)
{
	fixture_store *f = *state;
	np_err err = {0};
	throttle_state st = {
	    .failures = 2, .window_start = 100, .lockouts = 3, .locked_until = 400};
	throttle_state got;
	assert_int_equal(store_throttle_get(f->db, STORE_THROTTLE_STAFF, "dora", &got, &err), 0);
	assert_int_equal(got.lockouts, 0);
	assert_int_equal(store_throttle_put(f->db, STORE_THROTTLE_STAFF, "dora", &st, &err), 0);
	assert_int_equal(store_throttle_get(f->db, STORE_THROTTLE_STAFF, "dora", &got, &err), 0);
	/* Field by field: the struct's padding is nobody's business. */
	assert_int_equal(got.failures, st.failures);
	assert_int_equal(got.window_start, st.window_start);
	assert_int_equal(got.lockouts, st.lockouts);
	assert_int_equal(got.locked_until, st.locked_until);
	/* The same subject of another kind is another thing. */
	assert_int_equal(store_throttle_get(f->db, STORE_THROTTLE_ADDRESS, "dora", &got, &err), 0);
	assert_int_equal(got.locked_until, 0);
	assert_int_equal(store_throttle_clear(f->db, STORE_THROTTLE_STAFF, "dora", &err), 0);
	assert_int_equal(store_throttle_get(f->db, STORE_THROTTLE_STAFF, "dora", &got, &err), 0);
	assert_int_equal(got.locked_until, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_database_is_migrated_and_seeded, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_database_runs_wal_with_foreign_keys_and_full_sync,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reopening_migrates_nothing_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_old_hours_settings_become_a_week, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_new_database_has_the_seed_week, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_closed_dates_are_kept_in_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_version_2_database_gets_help_cancelling, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_version_10_database_gets_category_labels, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_database_of_a_newer_program_is_refused, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_missing_file_is_refused_without_create, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ledger_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_running_session, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_statement_cache_and_transactions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resident_search, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_server_key_is_made_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_throttle_state_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
