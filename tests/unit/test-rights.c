/* Residents' data rights in the store (store/rights.c): the export has
 * every table's rows for one resident and nobody else's, erasing keeps
 * every total, and the retention rules remove what is old and nothing
 * else, at a fixed now. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fixture-server.h"
#include "store/ledger.h"
#include "store/residents.h"
#include "store/rights.h"

#define DAY 86400

typedef struct fixture {
	fixture_store s;
	int64_t now; /* the tests' fixed now; real time, as the audit trigger measures age by it */
	int64_t maria, other;
} fixture;

static void exec(fixture *f, const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	np_err err = {0};
	assert_int_equal(store_exec(f->s.db, sql, &err), 0);
}

/* Kovács Mária and another resident, each with a session, a charge, a
 * help call, a note, a booking, a course enrolment and attendance, and an
 * audit row naming them; Mária owes 50. */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->s, "np-rights");
	f->now = (int64_t)time(NULL);
	np_err err = {0};
	assert_int_equal(store_resident_add(f->s.db, "kmaria", "Kovács Mária", "hash", 2, false,
	                                    "pension", f->now - 10 * DAY, &f->maria, &err),
	                 0);
	assert_int_equal(store_resident_add(f->s.db, "other", "Other One", "hash", 1, false,
	                                    "other's note", f->now - 10 * DAY, &f->other, &err),
	                 0);
	exec(f,
	     "INSERT INTO staff (name, role, password_hash, created_at, display_name) VALUES "
	     "('dora', 'mentor', 'x', 0, 'Dóra');"
	     "INSERT INTO seats (name, token_hash, created_at) VALUES ('PC-01', 'x', 0);"
	     "UPDATE residents SET birth_year = 1950 WHERE id = %lld;"
	     "INSERT INTO courses (name, created_at) VALUES ('Digital skills', 0);"
	     "INSERT INTO course_occasions (course_id, starts_at, ends_at) VALUES (1, %lld, %lld);",
	     (long long)f->maria, (long long)(f->now - 2 * DAY),
	     (long long)(f->now - 2 * DAY + 3600));
	int64_t who[] = {f->maria, f->other};
	const char *login[] = {"kmaria", "other"};
	for (int i = 0; i < 2; i++) {
		long long id = (long long)who[i], t = (long long)(f->now - 3 * DAY);
		exec(f,
		     "INSERT INTO sessions (seat_id, resident_id, started_at, ends_at, ended_at, "
		     "end_reason, started_by) VALUES (1, %lld, %lld, %lld, %lld, 'mentor', 1);"
		     "INSERT INTO ledger (at, kind, resident_id, service, qty, unit_price, amount) "
		     "VALUES (%lld, 'charge', %lld, 'copy', 5, 10, 50);"
		     "INSERT INTO help_calls (seat_id, resident_id, text, raised_at, resolved_at, "
		     "resolved_by, topic, outcome) VALUES (1, %lld, 'help text of %s', %lld, %lld, "
		     "1, "
		     "'cv', 'outcome of %s');"
		     "INSERT INTO resident_notes (resident_id, text, staff_id, created_at) "
		     "VALUES (%lld, 'note on %s', 1, %lld);"
		     "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, note, "
		     "created_at) "
		     "VALUES (1, %lld, %lld, %lld, 'booking of %s', %lld);"
		     "INSERT INTO course_enrolments (course_id, resident_id, enrolled_at) "
		     "VALUES (1, %lld, %lld);"
		     "INSERT INTO course_attendance (occasion_id, resident_id, present, source, "
		     "recorded_at) VALUES (1, %lld, 1, 'tutor', %lld);"
		     "INSERT INTO audit (at, staff_id, action, detail) VALUES (%lld, 1, 'pay', "
		     "'%s 50 cash');",
		     id, t, t + 1800, t + 1800, t, id, id, login[i], t, t + 60, login[i], id,
		     login[i], t, t + DAY, t + DAY + 3600, id, login[i], t, id, t, id, t, t,
		     login[i]);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fixture_store_remove(&f->s);
	free(f);
	return 0;
}

/* ------------------------------------------------------------ export */

typedef struct seen {
	int tables;
	int rows[STORE_EXPORT_TABLES];
	bool others_data; /* a text of the other resident's */
} seen;

static int count_row(void *ctx, const char *table, int n, const char *const *columns,
                     const store_export_value *values)
{
	(void)table;
	(void)columns;
	seen *s = ctx;
	if (values == NULL) {
		s->tables++;
		return 0;
	}
	s->rows[s->tables - 1]++;
	for (int i = 0; i < n; i++)
		if (values[i].type == SQLITE_TEXT && strstr(values[i].text, "other") != NULL)
			s->others_data = true;
	return 0;
}

static void test_export_has_every_tables_rows_for_that_resident(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	seen s = {0};
	assert_int_equal(store_rights_export(f->s.db, f->maria, "kmaria", count_row, &s, &err), 0);
	assert_int_equal(s.tables, STORE_EXPORT_TABLES);
	for (int t = 0; t < STORE_EXPORT_TABLES; t++)
		assert_int_equal(s.rows[t], 1);
	assert_false(s.others_data);
}

static void test_export_leaves_out_removed_notes(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	exec(f, "UPDATE resident_notes SET removed_at = %lld", (long long)f->now);
	seen s = {0};
	assert_int_equal(store_rights_export(f->s.db, f->maria, "kmaria", count_row, &s, &err), 0);
	assert_int_equal(s.rows[3], 0); /* notes */
}

/* ------------------------------------------------------------ erase */

/* Every total the reports add up: the ledger's sum, the sessions' time
 * and count, the bookings and attendance, and what each resident owes. */
static void totals(fixture *f, int64_t out[6])
{
	np_err err = {0};
	out[0] = fixture_query_int(f->s.db, "SELECT sum(amount) FROM ledger");
	out[1] = fixture_query_int(f->s.db, "SELECT sum(ended_at - started_at) FROM sessions");
	out[2] = fixture_query_int(f->s.db, "SELECT count(*) FROM sessions WHERE resident_id = "
	                                    "(SELECT id FROM residents WHERE login = 'kmaria')");
	out[3] = fixture_query_int(f->s.db, "SELECT count(*) FROM bookings") * 100 +
	         fixture_query_int(f->s.db, "SELECT count(*) FROM course_attendance");
	assert_int_equal(store_due(f->s.db, f->maria, &out[4], &err), 0);
	assert_int_equal(store_due(f->s.db, f->other, &out[5], &err), 0);
}

static void test_erase_keeps_every_total(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t before[6], after[6];
	totals(f, before);
	assert_int_equal(store_rights_erase(f->s.db, f->maria, f->now, &err), 0);
	totals(f, after);
	assert_memory_equal(before, after, sizeof before);
}

static void test_erase_removes_the_personal_data(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	assert_int_equal(store_rights_erase(f->s.db, f->maria, f->now, &err), 0);
	store_resident r;
	assert_int_equal(store_resident_by_id(f->s.db, f->maria, &r, &err), 1);
	char expected[64];
	snprintf(expected, sizeof expected, "Erased resident %lld", (long long)f->maria);
	assert_string_equal(r.name, expected);
	assert_string_equal(r.note, "");
	assert_string_equal(r.pin_hash, "");
	assert_int_equal(r.birth_year, 0);
	assert_int_equal(r.erased_at, f->now);
	assert_string_equal(r.login, "kmaria");
	/* Her texts are gone, the other resident's stay. */
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM help_calls WHERE text <> "
	                                            "'' OR outcome IS NOT NULL"),
	                 1);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM resident_notes WHERE "
	                                            "text <> '' AND removed_at IS NULL"),
	                 1);
	assert_int_equal(
	    fixture_query_int(f->s.db, "SELECT count(*) FROM bookings WHERE note <> ''"), 1);
	store_resident o;
	assert_int_equal(store_resident_by_id(f->s.db, f->other, &o, &err), 1);
	assert_string_equal(o.name, "Other One");
}

/* ------------------------------------------------------------ retention */

static void test_retention_removes_what_is_old_and_nothing_else(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	/* Mária's help call, note and session are 100 days old; an audit
	 * row is 800 days old and a guest of last year has done nothing
	 * since. */
	int64_t old = f->now - 100 * DAY;
	exec(f,
	     "UPDATE help_calls SET raised_at = %lld WHERE resident_id = %lld;"
	     "UPDATE resident_notes SET created_at = %lld WHERE resident_id = %lld;"
	     "UPDATE sessions SET started_at = %lld, ended_at = %lld + 1800 WHERE resident_id = "
	     "%lld;"
	     "INSERT INTO audit (at, action, detail) VALUES (%lld, 'old', '');"
	     "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at) "
	     "VALUES ('guest-1', 'Guest 1', '', 1, 1, %lld);"
	     "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at) "
	     "VALUES ('guest-2', 'Guest 2', '', 1, 1, %lld);",
	     (long long)old, (long long)f->maria, (long long)old, (long long)f->maria,
	     (long long)old, (long long)old, (long long)f->maria, (long long)(f->now - 800 * DAY),
	     (long long)(f->now - 365 * DAY), (long long)(f->now - DAY));
	int64_t ledger = fixture_query_int(f->s.db, "SELECT sum(amount) FROM ledger");
	store_retention days = {90, 90, 30, 730, 90};
	store_retention_counts counts;
	assert_int_equal(store_retention_run(f->s.db, &days, f->now, &counts, &err), 0);
	assert_int_equal(counts.help_texts, 1);
	assert_int_equal(counts.sessions, 1);
	assert_int_equal(counts.guests, 1);
	assert_int_equal(counts.audit_rows, 1);
	assert_int_equal(counts.notes, 1);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM help_calls WHERE text = "
	                                            "'help text of other'"),
	                 1);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM sessions WHERE "
	                                            "end_reason IS NULL AND seat_id = 1"),
	                 1);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM residents WHERE "
	                                            "login = 'guest-2' AND erased_at IS NULL"),
	                 1);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT sum(amount) FROM ledger"), ledger);
	/* A second run finds nothing more. */
	assert_int_equal(store_retention_run(f->s.db, &days, f->now, &counts, &err), 0);
	assert_int_equal(counts.help_texts + counts.sessions + counts.guests + counts.audit_rows +
	                     counts.notes,
	                 0);
}

static void test_retention_zero_keeps_everything(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	exec(f, "UPDATE help_calls SET raised_at = 0; UPDATE resident_notes SET created_at = 0;"
	        "UPDATE sessions SET started_at = 0, ended_at = 1800;"
	        "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at) "
	        "VALUES ('guest-1', 'Guest 1', '', 1, 1, 0);");
	store_retention days = {0, 0, 0, 0, 0};
	store_retention_counts counts;
	int64_t changes = store_total_changes(f->s.db);
	assert_int_equal(store_retention_run(f->s.db, &days, f->now, &counts, &err), 0);
	assert_int_equal(store_total_changes(f->s.db), changes);
}

static void test_retention_keeps_a_guest_who_owes(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t long_ago = f->now - 365 * DAY;
	exec(f,
	     "INSERT INTO residents (login, name, pin_hash, category_id, guest, created_at) "
	     "VALUES ('guest-1', 'Guest 1', '', 1, 1, %lld);"
	     "INSERT INTO ledger (at, kind, resident_id, service, amount) VALUES (%lld, 'charge', "
	     "(SELECT id FROM residents WHERE login = 'guest-1'), 'copy', 20);",
	     (long long)long_ago, (long long)long_ago);
	store_retention days = {0, 0, 30, 0, 0};
	store_retention_counts counts;
	assert_int_equal(store_retention_run(f->s.db, &days, f->now, &counts, &err), 0);
	assert_int_equal(counts.guests, 0);
}

/* The audit log takes a DELETE only of rows older than
 * retention_audit_days (schema-v15.sql). */
static void test_recent_audit_rows_cannot_be_deleted(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	assert_int_not_equal(store_exec(f->s.db, "DELETE FROM audit", &err), 0);
	exec(f, "UPDATE settings SET value = '0' WHERE key = 'retention_audit_days'");
	exec(f, "INSERT INTO audit (at, action, detail) VALUES (0, 'old', '')");
	assert_int_not_equal(store_exec(f->s.db, "DELETE FROM audit WHERE at = 0", &err), 0);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_export_has_every_tables_rows_for_that_resident,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_export_leaves_out_removed_notes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erase_keeps_every_total, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erase_removes_the_personal_data, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retention_removes_what_is_old_and_nothing_else,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retention_zero_keeps_everything, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_retention_keeps_a_guest_who_owes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_recent_audit_rows_cannot_be_deleted, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
