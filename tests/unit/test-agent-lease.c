/* The agent's lease rules with an injected clock: countdown, the 5- and
 * 1-minute warnings (once each), locking at the end, keeping the lease while
 * offline, adopting the server's truth on reconnect, the lease file across a
 * restart or a reboot, and the reconnect backoff's bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "backoff.h"
#include "lease.h"
#include "lease_file.h"

#define MIN (60 * 1000)

static agent_lease_grant grant(int64_t session, int64_t remaining_ms)
{
	agent_lease_grant g = {
	    .unlocked = true,
	    .session_id = session,
	    .resident_login = "kovacs",
	    .resident_name = "Kovács Mária",
	    .remaining_ms = remaining_ms,
	};
	return g;
}

static agent_lease_grant locked(const char *reason)
{
	agent_lease_grant g = {.unlocked = false, .reason = reason};
	return g;
}

/* Ticks until nothing more is due; returns what the last due thing was. */
static agent_lease_due tick_all(agent_lease *l, int64_t now, int *count)
{
	agent_lease_due last = AGENT_LEASE_NOTHING, due;
	while ((due = agent_lease_tick(l, now)) != AGENT_LEASE_NOTHING) {
		last = due;
		(*count)++;
	}
	return last;
}

static void test_starts_locked(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	assert_false(l.unlocked);
	assert_int_equal(agent_lease_remaining_ms(&l, 1000), 0);
	assert_int_equal(agent_lease_next_due_ms(&l, 1000), -1);
	assert_int_equal(agent_lease_tick(&l, 1000), AGENT_LEASE_NOTHING);
}

static void test_countdown_and_warnings_once(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	int64_t t0 = 1000000;
	agent_lease_grant g = grant(7, 60 * MIN);
	unsigned change = agent_lease_adopt(&l, &g, t0);
	assert_true(change & AGENT_LEASE_UNLOCKED);
	assert_true(change & AGENT_LEASE_NEW_SESSION);
	assert_string_equal(l.resident_login, "kovacs");
	assert_int_equal(agent_lease_remaining_s(&l, t0), 3600);
	/* Rounded up: 0.2 s left is still "1 second". */
	assert_int_equal(agent_lease_remaining_s(&l, t0 + 60 * MIN - 200), 1);

	/* Nothing due before 55 minutes; the timer is asked for exactly then. */
	assert_int_equal(agent_lease_next_due_ms(&l, t0), 55 * MIN);
	assert_int_equal(agent_lease_tick(&l, t0 + 55 * MIN - 1), AGENT_LEASE_NOTHING);
	assert_int_equal(agent_lease_tick(&l, t0 + 55 * MIN), AGENT_LEASE_WARN_5MIN);
	assert_string_equal(agent_lease_due_warning(AGENT_LEASE_WARN_5MIN), "5min");
	/* Once only. */
	assert_int_equal(agent_lease_tick(&l, t0 + 55 * MIN + 10), AGENT_LEASE_NOTHING);
	assert_int_equal(agent_lease_next_due_ms(&l, t0 + 55 * MIN), 4 * MIN);
	assert_int_equal(agent_lease_tick(&l, t0 + 59 * MIN), AGENT_LEASE_WARN_1MIN);
	assert_string_equal(agent_lease_due_warning(AGENT_LEASE_WARN_1MIN), "1min");
	assert_int_equal(agent_lease_tick(&l, t0 + 59 * MIN + 30000), AGENT_LEASE_NOTHING);
	assert_true(l.unlocked);
	assert_int_equal(agent_lease_next_due_ms(&l, t0 + 59 * MIN), 1 * MIN);

	/* Locks at the end, with the reason. */
	assert_int_equal(agent_lease_tick(&l, t0 + 60 * MIN), AGENT_LEASE_EXPIRED);
	assert_false(l.unlocked);
	assert_string_equal(l.reason, "time_up");
	assert_int_equal(l.session_id, 0);
	assert_string_equal(l.resident_login, "");
	assert_int_equal(agent_lease_tick(&l, t0 + 61 * MIN), AGENT_LEASE_NOTHING);
	assert_string_equal(agent_lease_due_warning(AGENT_LEASE_EXPIRED), "");
}

static void test_late_tick_gives_only_the_1min_warning(void **state)
{
	(void)state;
	/* The loop was stalled (suspend): both thresholds passed at once. */
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(7, 10 * MIN);
	agent_lease_adopt(&l, &g, 0);
	int count = 0;
	assert_int_equal(tick_all(&l, 9 * MIN + 30000, &count), AGENT_LEASE_WARN_1MIN);
	assert_int_equal(count, 1);
	/* And a tick after the end only locks. */
	agent_lease_init(&l);
	agent_lease_adopt(&l, &g, 0);
	count = 0;
	assert_int_equal(tick_all(&l, 11 * MIN, &count), AGENT_LEASE_EXPIRED);
	assert_int_equal(count, 1);
}

static void test_short_session_skips_the_5min_warning(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(8, 3 * MIN);
	agent_lease_adopt(&l, &g, 0);
	assert_int_equal(agent_lease_next_due_ms(&l, 0), 2 * MIN);
	int count = 0;
	assert_int_equal(tick_all(&l, 2 * MIN, &count), AGENT_LEASE_WARN_1MIN);
	assert_int_equal(count, 1);
	/* A 30-second session gets no warning at all, only the lock. */
	agent_lease_init(&l);
	g = grant(9, 30000);
	agent_lease_adopt(&l, &g, 0);
	assert_int_equal(agent_lease_next_due_ms(&l, 0), 30000);
	count = 0;
	assert_int_equal(tick_all(&l, 30000, &count), AGENT_LEASE_EXPIRED);
	assert_int_equal(count, 1);
}

static void test_extend_rearms_warnings(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(7, 6 * MIN);
	agent_lease_adopt(&l, &g, 0);
	int count = 0;
	assert_int_equal(tick_all(&l, 5 * MIN + 30000, &count), AGENT_LEASE_WARN_1MIN);
	/* A mentor extends by 20 minutes at 0:30 left: both warnings again. */
	g = grant(7, 20 * MIN + 30000);
	unsigned change = agent_lease_adopt(&l, &g, 5 * MIN + 30000);
	assert_true(change & AGENT_LEASE_DEADLINE);
	assert_false(change & (AGENT_LEASE_UNLOCKED | AGENT_LEASE_NEW_SESSION));
	assert_int_equal(agent_lease_remaining_ms(&l, 5 * MIN + 30000), 20 * MIN + 30000);
	assert_int_equal(agent_lease_tick(&l, 21 * MIN), AGENT_LEASE_WARN_5MIN);
	assert_int_equal(agent_lease_tick(&l, 25 * MIN), AGENT_LEASE_WARN_1MIN);
	assert_int_equal(agent_lease_tick(&l, 26 * MIN), AGENT_LEASE_EXPIRED);
}

static void test_same_deadline_within_a_second_is_no_change(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(7, 30 * MIN);
	agent_lease_adopt(&l, &g, 0);
	int64_t deadline = l.deadline_ms;
	/* The server's whole seconds round a little differently. */
	g = grant(7, 20 * MIN - 400);
	unsigned change = agent_lease_adopt(&l, &g, 10 * MIN);
	assert_int_equal(change, AGENT_LEASE_SAME);
	assert_int_equal(l.deadline_ms, deadline);
}

static void test_offline_keeps_the_lease(void **state)
{
	(void)state;
	/* The agent hears nothing from the server: the lease is all it needs,
	 * and it locks on time by itself. */
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(7, 20 * MIN);
	agent_lease_adopt(&l, &g, 5000);
	assert_true(l.unlocked);
	assert_int_equal(agent_lease_remaining_s(&l, 5000 + 10 * MIN), 10 * 60);
	/* Run it as the agent's timer does: sleep until the next due time,
	 * tick, repeat. */
	agent_lease_due seen[8];
	int64_t at[8];
	int n = 0;
	int64_t now = 5000 + 10 * MIN;
	int64_t next;
	while ((next = agent_lease_next_due_ms(&l, now)) >= 0 && n < 8) {
		now += next;
		agent_lease_due due;
		while ((due = agent_lease_tick(&l, now)) != AGENT_LEASE_NOTHING && n < 8) {
			at[n] = now;
			seen[n++] = due;
		}
	}
	assert_int_equal(n, 3);
	assert_int_equal(seen[0], AGENT_LEASE_WARN_5MIN);
	assert_int_equal(at[0], 5000 + 15 * MIN);
	assert_int_equal(seen[1], AGENT_LEASE_WARN_1MIN);
	assert_int_equal(at[1], 5000 + 19 * MIN);
	assert_int_equal(seen[2], AGENT_LEASE_EXPIRED);
	assert_int_equal(at[2], 5000 + 20 * MIN);
	assert_false(l.unlocked);
}

static void test_reconnect_adoption(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(7, 20 * MIN);
	agent_lease_adopt(&l, &g, 0);

	/* The server ended the session while we were away. */
	agent_lease_grant end = locked("mentor");
	unsigned change = agent_lease_adopt(&l, &end, 5 * MIN);
	assert_true(change & AGENT_LEASE_LOCKED);
	assert_false(l.unlocked);
	assert_string_equal(l.reason, "mentor");
	/* Hearing it again changes nothing. */
	assert_int_equal(agent_lease_adopt(&l, &end, 5 * MIN), AGENT_LEASE_SAME);

	/* A session the agent did not know about (started while offline). */
	g = grant(8, 30 * MIN);
	change = agent_lease_adopt(&l, &g, 6 * MIN);
	assert_true(change & AGENT_LEASE_UNLOCKED);
	assert_int_equal(l.session_id, 8);

	/* Another session replaces it without a lock in between. */
	g = grant(9, 10 * MIN);
	change = agent_lease_adopt(&l, &g, 7 * MIN);
	assert_true(change & AGENT_LEASE_NEW_SESSION);
	assert_false(change & AGENT_LEASE_UNLOCKED);
	assert_int_equal(l.session_id, 9);

	/* Out of order: locked, flag reported. */
	agent_lease_grant ooo = locked("seat_locked");
	ooo.out_of_order = true;
	change = agent_lease_adopt(&l, &ooo, 8 * MIN);
	assert_true(change & AGENT_LEASE_LOCKED);
	assert_true(change & AGENT_LEASE_OUT_OF_ORDER);
	assert_true(l.out_of_order);
}

static void test_lock_by_logout(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	assert_false(agent_lease_lock(&l, "logout"));
	agent_lease_grant g = grant(7, 20 * MIN);
	agent_lease_adopt(&l, &g, 0);
	assert_true(agent_lease_lock(&l, "logout"));
	assert_string_equal(l.reason, "logout");
	assert_int_equal(agent_lease_next_due_ms(&l, 0), -1);
}

static agent_lease_origin origin_at(const char *boot, int64_t mono, int64_t wall)
{
	agent_lease_origin o = {
	    .server = "127.0.0.1:7450",
	    .seat = "PC-03",
	    .boot_id = boot,
	    .now_mono_ms = mono,
	    .now_wall_s = wall,
	};
	return o;
}

static void test_lease_file_restart_same_boot(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(12, 30 * MIN);
	agent_lease_adopt(&l, &g, 100000);
	agent_lease_tick(&l, 100000 + 25 * MIN); /* the 5-minute warning was given */
	char text[2048];
	agent_lease_origin saved = origin_at("boot-a", 100000 + 25 * MIN, 1700000000);
	assert_true(agent_lease_file_format(&l, &saved, text, sizeof text) > 0);

	/* The agent restarts 2 minutes later on the same boot, after someone
	 * set the wall clock back a day: the monotonic deadline decides. */
	agent_lease back;
	agent_lease_origin now = origin_at("boot-a", 100000 + 27 * MIN, 1700000000 - 86400);
	assert_true(agent_lease_file_parse(text, &now, &back));
	assert_true(back.unlocked);
	assert_int_equal(back.session_id, 12);
	assert_string_equal(back.resident_login, "kovacs");
	assert_string_equal(back.resident_name, "Kovács Mária");
	assert_int_equal(agent_lease_remaining_ms(&back, now.now_mono_ms), 3 * MIN);
	assert_true(back.warned_5min);
	assert_false(back.warned_1min);
	/* The warning already given is not given again; the next is. */
	assert_int_equal(agent_lease_tick(&back, now.now_mono_ms + 2 * MIN), AGENT_LEASE_WARN_1MIN);
}

static void test_lease_file_after_reboot(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(12, 30 * MIN);
	agent_lease_adopt(&l, &g, 5000);
	char text[2048];
	agent_lease_origin saved = origin_at("boot-a", 5000, 1700000000);
	assert_true(agent_lease_file_format(&l, &saved, text, sizeof text) > 0);

	/* Rebooted 10 minutes later: the monotonic clock started again. */
	agent_lease back;
	agent_lease_origin now = origin_at("boot-b", 20000, 1700000000 + 600);
	assert_true(agent_lease_file_parse(text, &now, &back));
	assert_int_equal(agent_lease_remaining_ms(&back, 20000), 20 * MIN);

	/* A wall clock set backwards counts as no time passed, never as more. */
	now = origin_at("boot-b", 20000, 1700000000 - 3600);
	assert_true(agent_lease_file_parse(text, &now, &back));
	assert_int_equal(agent_lease_remaining_ms(&back, 20000), 30 * MIN);

	/* Down for longer than the lease: it ended. */
	now = origin_at("boot-b", 20000, 1700000000 + 3600);
	assert_false(agent_lease_file_parse(text, &now, &back));
	assert_false(back.unlocked);
}

static void test_lease_file_refuses_others(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(12, 30 * MIN);
	agent_lease_adopt(&l, &g, 0);
	char text[2048];
	agent_lease_origin saved = origin_at("boot-a", 0, 1700000000);
	assert_true(agent_lease_file_format(&l, &saved, text, sizeof text) > 0);
	agent_lease back;

	agent_lease_origin other = origin_at("boot-a", 1000, 1700000001);
	other.server = "127.0.0.1:9999";
	assert_false(agent_lease_file_parse(text, &other, &back));
	assert_false(back.unlocked);
	other = origin_at("boot-a", 1000, 1700000001);
	other.seat = "PC-04";
	assert_false(agent_lease_file_parse(text, &other, &back));

	/* Cut off, or not ours at all. */
	agent_lease_origin now = origin_at("boot-a", 1000, 1700000001);
	char cut[2048];
	snprintf(cut, sizeof cut, "%.*s", (int)(strlen(text) / 2), text);
	assert_false(agent_lease_file_parse(cut, &now, &back));
	assert_false(agent_lease_file_parse("", &now, &back));
	assert_false(agent_lease_file_parse("hello\nworld\n", &now, &back));
	char bad[2048];
	snprintf(bad, sizeof bad, "%s", text);
	char *p = strstr(bad, "session_id=12");
	assert_non_null(p);
	memcpy(p, "session_id=xx", 13);
	assert_false(agent_lease_file_parse(bad, &now, &back));

	/* A locked lease reads back locked (and keeps out-of-order). */
	agent_lease_grant ooo = locked("seat_locked");
	ooo.out_of_order = true;
	agent_lease_adopt(&l, &ooo, 0);
	assert_true(agent_lease_file_format(&l, &saved, text, sizeof text) > 0);
	assert_true(agent_lease_file_parse(text, &now, &back));
	assert_false(back.unlocked);
	assert_true(back.out_of_order);
}

static void test_lease_file_name_with_newline(void **state)
{
	(void)state;
	agent_lease l;
	agent_lease_init(&l);
	agent_lease_grant g = grant(3, 10 * MIN);
	g.resident_name = "Evil\nunlocked=1";
	agent_lease_adopt(&l, &g, 0);
	char text[2048];
	agent_lease_origin o = origin_at("b", 0, 1700000000);
	assert_true(agent_lease_file_format(&l, &o, text, sizeof text) > 0);
	agent_lease back;
	assert_true(agent_lease_file_parse(text, &o, &back));
	assert_string_equal(back.resident_name, "Evil unlocked=1");
	/* Too small a buffer is refused, not cut. */
	assert_int_equal(agent_lease_file_format(&l, &o, text, 20), -1);
}

static void test_text_copy_cuts_at_a_character(void **state)
{
	(void)state;
	char buf[5];
	/* "Kovács": 4 bytes fit, but the 4th is the first half of "á". */
	assert_int_equal(agent_text_copy(buf, sizeof buf, "Kovács"), 3);
	assert_string_equal(buf, "Kov");
	assert_int_equal(agent_text_copy(buf, sizeof buf, "Őz"), 3);
	assert_string_equal(buf, "Őz");
	assert_int_equal(agent_text_copy(buf, sizeof buf, NULL), 0);
	assert_string_equal(buf, "");
	assert_int_equal(agent_text_copy(buf, sizeof buf, "abcdefgh"), 4);
	assert_string_equal(buf, "abcd");
}

static void test_backoff_bounds(void **state)
{
	(void)state;
	agent_backoff b;
	agent_backoff_init(&b, 500, 30000);
	uint64_t expected[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
	uint64_t rng = 42;
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		assert_int_equal(agent_backoff_ceiling(&b), expected[i]);
		uint64_t d = agent_backoff_next(&b, agent_backoff_random(&rng));
		assert_true(d <= expected[i]);
	}
	/* The extremes of the random value hit both ends of the range. */
	agent_backoff_reset(&b);
	assert_int_equal(agent_backoff_next(&b, 0), 0);
	assert_int_equal(agent_backoff_next(&b, 1000), 1000);
	assert_int_equal(agent_backoff_next(&b, 2000), 2000);
	/* Many failures never overflow, and stay at the cap. */
	for (int i = 0; i < 1000; i++)
		assert_true(agent_backoff_next(&b, agent_backoff_random(&rng)) <= 30000);
	assert_int_equal(agent_backoff_ceiling(&b), 30000);
	/* After a good connection: from the base again. */
	agent_backoff_reset(&b);
	assert_int_equal(agent_backoff_ceiling(&b), 500);
}

static void test_backoff_jitter_spreads(void **state)
{
	(void)state;
	/* Full jitter: over many draws at the cap, delays cover the range
	 * (both the lowest and the highest tenth occur). */
	agent_backoff b;
	agent_backoff_init(&b, 500, 30000);
	uint64_t rng = 7;
	bool low = false, high = false;
	for (int i = 0; i < 2000; i++) {
		b.attempt = 20;
		uint64_t d = agent_backoff_next(&b, agent_backoff_random(&rng));
		assert_true(d <= 30000);
		low = low || d < 3000;
		high = high || d > 27000;
	}
	assert_true(low);
	assert_true(high);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_starts_locked),
	    cmocka_unit_test(test_countdown_and_warnings_once),
	    cmocka_unit_test(test_late_tick_gives_only_the_1min_warning),
	    cmocka_unit_test(test_short_session_skips_the_5min_warning),
	    cmocka_unit_test(test_extend_rearms_warnings),
	    cmocka_unit_test(test_same_deadline_within_a_second_is_no_change),
	    cmocka_unit_test(test_offline_keeps_the_lease),
	    cmocka_unit_test(test_reconnect_adoption),
	    cmocka_unit_test(test_lock_by_logout),
	    cmocka_unit_test(test_lease_file_restart_same_boot),
	    cmocka_unit_test(test_lease_file_after_reboot),
	    cmocka_unit_test(test_lease_file_refuses_others),
	    cmocka_unit_test(test_lease_file_name_with_newline),
	    cmocka_unit_test(test_text_copy_cuts_at_a_character),
	    cmocka_unit_test(test_backoff_bounds),
	    cmocka_unit_test(test_backoff_jitter_spreads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
