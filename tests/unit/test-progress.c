/* A resident's progress in the store (store/progress.c): notes written,
 * listed and removed (the text blanked, the row kept), what came of a help
 * call, and the progress log: resolved calls and notes, newest first,
 * without calls closed by nobody or removed notes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture-server.h"
#include "store/help.h"
#include "store/progress.h"
#include "store/residents.h"
#include "store/seats.h"
#include "store/staff.h"

/* Tuesday 1 December 2026, 14:00 UTC. */
#define DEC1_14H INT64_C(1796133600)
#define HOUR     3600

typedef struct fixture {
	fixture_store s;
	int64_t dora, kovacs, nagy, seat;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->s, "np-progress");
	np_err err = {0};
	assert_int_equal(store_staff_add(f->s.db, "dora", "mentor", "x", DEC1_14H, &f->dora, &err),
	                 0);
	assert_int_equal(store_staff_update(f->s.db, f->dora, "Dóra", "mentor", false, &err), 0);
	int64_t category = fixture_query_int(f->s.db, "SELECT min(id) FROM categories");
	assert_int_equal(store_resident_add(f->s.db, "kovacs", "Kovács Mária", "h", category, false,
	                                    "", DEC1_14H, &f->kovacs, &err),
	                 0);
	assert_int_equal(store_resident_add(f->s.db, "nagy", "Nagy Béla", "h", category, false, "",
	                                    DEC1_14H, &f->nagy, &err),
	                 0);
	assert_int_equal(store_seat_add(f->s.db, "PC-01", "t", DEC1_14H, &f->seat, &err), 0);
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

/* What a callback saw: up to 8 lines. */
typedef struct seen {
	int n;
	store_progress lines[8];
	store_note notes[8];
} seen;

static int see_line(void *ctx, const store_progress *line)
{
	seen *s = ctx;
	if (s->n < 8)
		s->lines[s->n] = *line;
	s->n++;
	return 0;
}

static int see_note(void *ctx, const store_note *note)
{
	seen *s = ctx;
	if (s->n < 8)
		s->notes[s->n] = *note;
	s->n++;
	return 0;
}

/* A call from kovacs raised at `at`, resolved by Dóra an hour later. */
static int64_t resolved_call(fixture *f, int64_t at, const char *topic, const char *outcome)
{
	np_err err = {0};
	int64_t id;
	assert_int_equal(
	    store_help_raise(f->s.db, f->seat, 0, f->kovacs, "Help, please.", at, &id, &err), 0);
	assert_int_equal(store_help_resolve(f->s.db, id, f->dora, topic, at + HOUR, &err), 0);
	if (outcome != NULL)
		assert_int_equal(store_help_set_outcome(f->s.db, id, outcome, &err), 0);
	return id;
}

static void test_outcome_is_kept_on_the_call(void **state)
{
	fixture *f = *state;
	int64_t id = resolved_call(f, DEC1_14H, "cv", "uploaded CV to the job portal");
	store_help h;
	np_err err = {0};
	assert_int_equal(store_help_by_id(f->s.db, id, &h, &err), 1);
	assert_string_equal(h.outcome, "uploaded CV to the job portal");
	assert_int_equal(store_help_set_outcome(f->s.db, id, "", &err), 0);
	assert_int_equal(store_help_by_id(f->s.db, id, &h, &err), 1);
	assert_string_equal(h.outcome, "");
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM help_calls "
	                                            "WHERE outcome IS NULL"),
	                 1);
}

static void test_an_outcome_over_200_characters_is_refused_by_the_schema(void **state)
{
	fixture *f = *state;
	int64_t id = resolved_call(f, DEC1_14H, "cv", NULL);
	char text[202];
	memset(text, 'x', 201);
	text[201] = '\0';
	np_err err = {0};
	assert_int_equal(store_help_set_outcome(f->s.db, id, text, &err), -1);
	assert_int_equal(fixture_query_int(f->s.db, "SELECT count(*) FROM help_calls "
	                                            "WHERE outcome IS NULL"),
	                 1);
}

static void test_notes_are_listed_newest_first_and_removal_blanks_the_text(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t first, second, other;
	assert_int_equal(store_note_add(f->s.db, f->kovacs, f->dora, "Wants the school job.",
	                                DEC1_14H, &first, &err),
	                 0);
	assert_int_equal(
	    store_note_add(f->s.db, f->kovacs, 0, "Needs glasses.", DEC1_14H + HOUR, &second, &err),
	    0);
	assert_int_equal(
	    store_note_add(f->s.db, f->nagy, f->dora, "Not his.", DEC1_14H, &other, &err), 0);
	seen s = {0};
	assert_int_equal(store_note_each(f->s.db, f->kovacs, false, 100, see_note, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.notes[0].id, second);
	assert_string_equal(s.notes[0].staff, "");
	assert_int_equal(s.notes[1].id, first);
	assert_string_equal(s.notes[1].staff_display, "Dóra");
	assert_string_equal(s.notes[1].login, "kovacs");

	assert_int_equal(store_note_remove(f->s.db, first, DEC1_14H + 2 * HOUR, &err), 0);
	store_note n;
	assert_int_equal(store_note_get(f->s.db, first, &n, &err), 1);
	assert_string_equal(n.text, "");
	assert_int_equal(n.removed_at, DEC1_14H + 2 * HOUR);
	/* A second removal changes nothing, not even the date. */
	assert_int_equal(store_note_remove(f->s.db, first, DEC1_14H + 3 * HOUR, &err), 0);
	assert_int_equal(store_note_get(f->s.db, first, &n, &err), 1);
	assert_int_equal(n.removed_at, DEC1_14H + 2 * HOUR);

	memset(&s, 0, sizeof s);
	assert_int_equal(store_note_each(f->s.db, f->kovacs, false, 100, see_note, &s, &err), 0);
	assert_int_equal(s.n, 1);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_note_each(f->s.db, f->kovacs, true, 100, see_note, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(store_note_get(f->s.db, 999, &n, &err), 0);
}

static void test_history_puts_calls_and_notes_newest_first(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	int64_t old_call = resolved_call(f, DEC1_14H, "e_government", "first login on her own");
	int64_t note, removed, cancelled, open;
	assert_int_equal(store_note_add(f->s.db, f->kovacs, f->dora, "Next: the pension form.",
	                                DEC1_14H + 2 * HOUR, &note, &err),
	                 0);
	int64_t new_call = resolved_call(f, DEC1_14H + 3 * HOUR, "cv", NULL);
	assert_int_equal(store_note_add(f->s.db, f->kovacs, f->dora, "Gone.", DEC1_14H + 5 * HOUR,
	                                &removed, &err),
	                 0);
	assert_int_equal(store_note_remove(f->s.db, removed, DEC1_14H + 6 * HOUR, &err), 0);
	/* Closed by nobody, and still open: neither is progress. */
	assert_int_equal(store_help_raise(f->s.db, f->seat, 0, f->kovacs, "?", DEC1_14H + 6 * HOUR,
	                                  &cancelled, &err),
	                 0);
	assert_int_equal(store_help_cancel(f->s.db, cancelled, DEC1_14H + 7 * HOUR, &err), 0);
	assert_int_equal(
	    store_help_raise(f->s.db, f->seat, 0, f->kovacs, "?", DEC1_14H + 7 * HOUR, &open, &err),
	    0);
	/* Another resident's call is not hers. */
	int64_t other;
	assert_int_equal(
	    store_help_raise(f->s.db, f->seat, 0, f->nagy, "?", DEC1_14H, &other, &err), 0);
	assert_int_equal(
	    store_help_resolve(f->s.db, other, f->dora, "cv", DEC1_14H + 8 * HOUR, &err), 0);

	seen s = {0};
	assert_int_equal(store_progress_each(f->s.db, f->kovacs, 100, see_line, &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.lines[0].kind, "help");
	assert_int_equal(s.lines[0].id, new_call);
	assert_int_equal(s.lines[0].at, DEC1_14H + 4 * HOUR);
	assert_string_equal(s.lines[0].topic, "cv");
	assert_string_equal(s.lines[0].outcome, "");
	assert_string_equal(s.lines[0].seat, "PC-01");
	assert_string_equal(s.lines[1].kind, "note");
	assert_int_equal(s.lines[1].id, note);
	assert_string_equal(s.lines[1].text, "Next: the pension form.");
	assert_string_equal(s.lines[2].kind, "help");
	assert_int_equal(s.lines[2].id, old_call);
	assert_string_equal(s.lines[2].outcome, "first login on her own");
	assert_string_equal(s.lines[2].staff_display, "Dóra");
	assert_string_equal(s.lines[2].staff, "dora");

	memset(&s, 0, sizeof s);
	assert_int_equal(store_progress_each(f->s.db, f->kovacs, 2, see_line, &s, &err), 0);
	assert_int_equal(s.n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_outcome_is_kept_on_the_call, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_an_outcome_over_200_characters_is_refused_by_the_schema, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_notes_are_listed_newest_first_and_removal_blanks_the_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_history_puts_calls_and_notes_newest_first, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
