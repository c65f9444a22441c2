/* The neighbourhood directory in the store (store/directory.c): search
 * folded for case and accents, expiry, the order of a list, removal, and
 * the anonymous counts of use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "common/np_fold.h"
#include "fixture-server.h"
#include "store/directory.h"
#include "store/seats.h"

/* Tuesday 1 December 2026, 14:00 UTC (main() sets TZ to UTC). */
#define DEC1_14H INT64_C(1796133600)

typedef struct fixture {
	fixture_store s;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->s, "np-directory");
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

static int64_t add(fixture *f, const char *category, const char *title, const char *body,
                   const char *until)
{
	static store_directory_entry e;
	memset(&e, 0, sizeof e);
	snprintf(e.category, sizeof e.category, "%s", category);
	snprintf(e.title, sizeof e.title, "%s", title);
	snprintf(e.body, sizeof e.body, "%s", body);
	snprintf(e.valid_until, sizeof e.valid_until, "%s", until);
	np_err err = {0};
	int64_t id = 0;
	assert_int_equal(store_directory_add(f->s.db, &e, 0, DEC1_14H, &id, &err), 0);
	return id;
}

/* The titles a list gives, joined with "|". */
typedef struct titles {
	char text[2048];
} titles;

static int join_title(void *ctx, const store_directory_entry *e)
{
	titles *t = ctx;
	size_t n = strlen(t->text);
	snprintf(t->text + n, sizeof t->text - n, "%s%s", n > 0 ? "|" : "", e->title);
	return 0;
}

static const char *list(fixture *f, const char *query, const char *category, bool expired,
                        titles *t)
{
	t->text[0] = '\0';
	store_directory_query q = {
	    .query = query, .category = category, .today = "2026-12-01", .expired = expired};
	np_err err = {0};
	assert_int_equal(store_directory_each(f->s.db, &q, join_title, t, &err), 0);
	return t->text;
}

static void test_fold_lowers_case_and_drops_accents(void **state)
{
	(void)state;
	char out[128];
	np_fold("Munkaügyi KÖZPONT, Őrház ÁRVÍZTŰRŐ tükörfúrógép", out, sizeof out);
	assert_string_equal(out, "munkaugyi kozpont, orhaz arvizturo tukorfurogep");
	/* Other scripts are kept as they are. */
	np_fold("Центр × 2", out, sizeof out);
	assert_string_equal(out, "Центр × 2");
}

static void test_search_matches_every_word_without_case_or_accents(void **state)
{
	fixture *f = *state;
	add(f, "institution", "Munkaügyi központ", "Álláskeresők nyilvántartása", "");
	add(f, "ngo", "Ételbank", "Élelmiszercsomag csütörtökönként", "");
	titles t;
	assert_string_equal(list(f, "MUNKAUGYI", "", false, &t), "Munkaügyi központ");
	assert_string_equal(list(f, "allaskeresok kozpont", "", false, &t), "Munkaügyi központ");
	assert_string_equal(list(f, "csütörtök", "", false, &t), "Ételbank");
	assert_string_equal(list(f, "kozpont csutortok", "", false, &t), "");
	assert_string_equal(list(f, "  ", "", false, &t), "Munkaügyi központ|Ételbank");
}

static void test_expired_entries_hide_unless_staff_ask(void **state)
{
	fixture *f = *state;
	add(f, "event", "Adventi vásár", "", "2026-11-30");
	add(f, "event", "Karácsonyi ebéd", "", "2026-12-01");
	add(f, "event", "Szilveszter", "", "");
	titles t;
	assert_string_equal(list(f, "", "", false, &t), "Karácsonyi ebéd|Szilveszter");
	assert_string_equal(list(f, "", "", true, &t), "Adventi vásár|Karácsonyi ebéd|Szilveszter");
}

static void test_list_is_by_category_then_title_and_filters_a_category(void **state)
{
	fixture *f = *state;
	add(f, "event", "Bál", "", "");
	add(f, "service", "Kormányablak", "", "");
	add(f, "ngo", "Ételbank", "", "");
	add(f, "service", "Család- és gyermekjóléti szolgálat", "", "");
	titles t;
	assert_string_equal(list(f, "", "", false, &t),
	                    "Család- és gyermekjóléti szolgálat|Kormányablak|Ételbank|Bál");
	assert_string_equal(list(f, "", "service", false, &t),
	                    "Család- és gyermekjóléti szolgálat|Kormányablak");
}

static void test_removed_entries_are_kept_but_never_listed(void **state)
{
	fixture *f = *state;
	int64_t id = add(f, "ngo", "Ételbank", "", "");
	np_err err = {0};
	assert_int_equal(store_directory_remove(f->s.db, id, 0, DEC1_14H + 60, &err), 0);
	titles t;
	assert_string_equal(list(f, "", "", true, &t), "");
	store_directory_entry e;
	assert_int_equal(store_directory_get(f->s.db, id, &e, &err), 1);
	assert_int_equal(e.removed_at, DEC1_14H + 60);
}

static void test_uses_are_counted_per_day_seat_and_kind(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	assert_int_equal(store_exec(f->s.db,
	                            "INSERT INTO seats (name, token_hash, created_at) "
	                            "VALUES ('PC-01', 'x', 0)",
	                            &err),
	                 0);
	int64_t seat = fixture_query_int(f->s.db, "SELECT id FROM seats WHERE name = 'PC-01'");
	assert_int_equal(store_directory_count_use(f->s.db, "2026-12-01", seat, "open", &err), 0);
	assert_int_equal(store_directory_count_use(f->s.db, "2026-12-01", seat, "open", &err), 0);
	assert_int_equal(store_directory_count_use(f->s.db, "2026-12-02", seat, "print", &err), 0);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM directory_usage"), 2);
	int64_t counts[4];
	assert_int_equal(store_directory_usage(f->s.db, "2026-12-01", "2026-12-03", counts, &err),
	                 0);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 0);
	assert_int_equal(counts[3], 1);
	assert_int_equal(store_directory_usage(f->s.db, "2026-12-02", "2026-12-03", counts, &err),
	                 0);
	assert_int_equal(counts[0], 0);
	assert_false(store_directory_use_ok("delete"));
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fold_lowers_case_and_drops_accents),
	    cmocka_unit_test_setup_teardown(test_search_matches_every_word_without_case_or_accents,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_expired_entries_hide_unless_staff_ask, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        test_list_is_by_category_then_title_and_filters_a_category, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_removed_entries_are_kept_but_never_listed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_uses_are_counted_per_day_seat_and_kind, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
