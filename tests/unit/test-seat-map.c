/* The seat ↔ connection map of net/server.c: a connection's lifecycle
 * (connect, replaced by a newer connection of the same seat, disconnect)
 * and many seats at once, checked against a plain array. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "net/seat_map.h"

/* Stand-ins for connections: only their addresses matter. */
static int conn_a, conn_b, conn_c;

static void test_connect_replace_disconnect(void **state)
{
	(void)state;
	seat_map *m = seat_map_new();
	assert_non_null(m);
	assert_null(seat_map_get(m, 7));
	/* An agent connects. */
	assert_int_equal(seat_map_put(m, 7, &conn_a), 0);
	assert_ptr_equal(seat_map_get(m, 7), &conn_a);
	assert_int_equal(seat_map_count(m), 1);
	/* The PC rebooted: its new connection takes the seat. */
	assert_int_equal(seat_map_put(m, 7, &conn_b), 0);
	assert_ptr_equal(seat_map_get(m, 7), &conn_b);
	assert_int_equal(seat_map_count(m), 1);
	/* The old connection's close leaves the new one in place. */
	seat_map_remove(m, 7, &conn_a);
	assert_ptr_equal(seat_map_get(m, 7), &conn_b);
	/* Another seat's agent is not this seat's. */
	assert_int_equal(seat_map_put(m, 8, &conn_c), 0);
	seat_map_remove(m, 7, &conn_c);
	assert_ptr_equal(seat_map_get(m, 7), &conn_b);
	/* The new one disconnects: the seat has no agent. */
	seat_map_remove(m, 7, &conn_b);
	assert_null(seat_map_get(m, 7));
	assert_ptr_equal(seat_map_get(m, 8), &conn_c);
	assert_int_equal(seat_map_count(m), 1);
	seat_map_free(m);
}

/* 10,000 seats through growth, with every other one removed and put back:
 * each lookup answers what a plain array says (backward-shift deletion
 * must not lose an entry behind the hole). */
static void test_many_seats_match_an_array(void **state)
{
	(void)state;
	enum { N = 10000 };
	static int conns[N + 1];
	static void *want[N + 1];
	seat_map *m = seat_map_new();
	assert_non_null(m);
	for (int64_t s = 1; s <= N; s++) {
		assert_int_equal(seat_map_put(m, s, &conns[s]), 0);
		want[s] = &conns[s];
	}
	for (int64_t s = 1; s <= N; s += 2) {
		seat_map_remove(m, s, &conns[s]);
		want[s] = NULL;
	}
	for (int64_t s = 1; s <= N; s++)
		assert_ptr_equal(seat_map_get(m, s), want[s]);
	assert_int_equal(seat_map_count(m), N / 2);
	for (int64_t s = 1; s <= N; s += 4) {
		assert_int_equal(seat_map_put(m, s, &conns[s]), 0);
		want[s] = &conns[s];
	}
	for (int64_t s = 1; s <= N; s++)
		assert_ptr_equal(seat_map_get(m, s), want[s]);
	for (int64_t s = 1; s <= N; s++)
		seat_map_remove(m, s, &conns[s]);
	assert_int_equal(seat_map_count(m), 0);
	for (int64_t s = 1; s <= N; s++)
		assert_null(seat_map_get(m, s));
	seat_map_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_connect_replace_disconnect),
	    cmocka_unit_test(test_many_seats_match_an_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
