/* Pages of long lists (proto/pages.c): cursors of each kind and their
 * refusals, a page filled by count and by bytes, and two decoded pages
 * joined into one reply as netpontctl and the console join them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pages.h"

static void test_cursor_names_its_list(void **state)
{
	(void)state;
	char cursor[NP_PAGE_CURSOR_MAX], key[64];
	assert_int_equal(np_page_cursor_make(NP_PAGE_SEATS, "pc-07", cursor, sizeof cursor), 0);
	assert_int_equal(np_page_cursor_key(NP_PAGE_SEATS, cursor, key, sizeof key), 0);
	assert_string_equal(key, "pc-07");
	assert_int_equal(np_page_cursor_key(NP_PAGE_RESIDENTS, cursor, key, sizeof key), -1);
	assert_string_equal(key, "");
}

static void test_empty_cursor_is_the_first_page(void **state)
{
	(void)state;
	char key[64] = "x";
	int64_t v[2] = {7, 7};
	assert_int_equal(np_page_cursor_key(NP_PAGE_SEATS, "", key, sizeof key), 0);
	assert_string_equal(key, "");
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_WAIVERS, "", v, 2), 0);
	assert_int_equal(v[0], 7);
}

static void test_malformed_cursors_are_refused(void **state)
{
	(void)state;
	char key[8];
	int64_t v[3];
	assert_int_equal(np_page_cursor_key(NP_PAGE_SEATS, "seat:", key, sizeof key), -1);
	assert_int_equal(np_page_cursor_key(NP_PAGE_SEATS, "pc-07", key, sizeof key), -1);
	/* A key longer than the row's column cannot name a row. */
	assert_int_equal(np_page_cursor_key(NP_PAGE_SEATS, "seat:123456789", key, sizeof key), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_WAIVERS, "waiver:12", v, 2), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_WAIVERS, "waiver:12.x", v, 2), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_WAIVERS, "waiver:12.3.4", v, 2), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_WAIVERS, "waiver:-1.3", v, 2), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_WAIVERS, "waiver: 1.3", v, 2), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_AUDIT, "waiver:1.3.4", v, 3), -1);
	assert_int_equal(np_page_cursor_numbers(NP_PAGE_AUDIT, "audit:1.3.4", v, 3), 1);
	assert_int_equal(v[2], 4);
}

static void test_rows_are_capped(void **state)
{
	(void)state;
	assert_int_equal(np_page_rows(0), NP_PAGE_MAX_ROWS);
	assert_int_equal(np_page_rows(12), 12);
	assert_int_equal(np_page_rows(NP_PAGE_MAX_ROWS + 1), NP_PAGE_MAX_ROWS);
}

static char long_text[2001];

static ProtobufCMessage *build_long_resident(void *ctx, size_t i)
{
	Netpont__Resident *r = (Netpont__Resident *)ctx + i;
	netpont__resident__init(r);
	r->login = long_text;
	return &r->base;
}

static void test_page_stops_at_the_budget(void **state)
{
	(void)state;
	memset(long_text, 'a', sizeof long_text - 1);
	enum { N = 400 }; /* 400 rows of 2 KB: more than one frame */
	Netpont__Resident *rows = calloc(N, sizeof *rows);
	void **items = calloc(N, sizeof *items);
	size_t taken = np_page_fill(N, N, build_long_resident, rows, items);
	assert_true(taken > 0 && taken < N);
	size_t bytes = 0;
	for (size_t i = 0; i < taken; i++)
		bytes += np_page_item_size(items[i]);
	assert_true(bytes <= NP_PAGE_BUDGET);
	assert_true(bytes + np_page_item_size(items[0]) > NP_PAGE_BUDGET);
	assert_int_equal(np_page_fill(N, 3, build_long_resident, rows, items), 3);
	free(items);
	free(rows);
}

/* A SeatListReply of the named seats and next cursor, encoded and decoded
 * as a client receives it. */
static Netpont__Envelope *decoded_page(const char *const *names, size_t n, const char *next)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__SeatListReply r = NETPONT__SEAT_LIST_REPLY__INIT;
	Netpont__SeatInfo infos[4], *ptrs[4];
	for (size_t i = 0; i < n; i++) {
		netpont__seat_info__init(&infos[i]);
		infos[i].name = (char *)names[i];
		ptrs[i] = &infos[i];
	}
	r.seats = ptrs;
	r.n_seats = n;
	r.next_cursor = (char *)next;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY;
	env.seat_list_reply = &r;
	size_t len = netpont__envelope__get_packed_size(&env);
	uint8_t *buf = malloc(len);
	netpont__envelope__pack(&env, buf);
	Netpont__Envelope *out = netpont__envelope__unpack(NULL, len, buf);
	free(buf);
	assert_non_null(out);
	return out;
}

static void test_pages_join_into_one_reply(void **state)
{
	(void)state;
	const char *first[] = {"a", "b"}, *second[] = {"c", "d", "e"};
	Netpont__Envelope *all = decoded_page(first, 2, "seat:b");
	Netpont__Envelope *page = decoded_page(second, 3, "");
	assert_string_equal(np_page_next_cursor(all), "seat:b");
	assert_null(np_page_next_cursor(page));
	assert_int_equal(np_page_append(all, page), 0);
	assert_int_equal(all->seat_list_reply->n_seats, 5);
	assert_string_equal(all->seat_list_reply->seats[4]->name, "e");
	assert_null(np_page_next_cursor(all));
	assert_int_equal(page->seat_list_reply->n_seats, 0);
	netpont__envelope__free_unpacked(page, NULL);
	netpont__envelope__free_unpacked(all, NULL);
}

static void test_client_page_size_only_for_paged_requests(void **state)
{
	(void)state;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	Netpont__AuditList al = NETPONT__AUDIT_LIST__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	env.seat_list = &sl;
	assert_true(np_page_is_request(&env));
	np_page_client_size(&env);
	assert_int_equal(sl.page_size, NP_PAGE_CLIENT_ROWS);
	sl.page_size = 5;
	np_page_client_size(&env);
	assert_int_equal(sl.page_size, 5);
	/* AuditList's limit counts every page's rows: it stays. */
	env.body_case = NETPONT__ENVELOPE__BODY_AUDIT_LIST;
	env.audit_list = &al;
	np_page_client_size(&env);
	assert_int_equal(al.limit, 0);
	assert_string_equal(np_page_set_cursor(&env, "audit:1.2.3"), "");
	assert_string_equal(al.cursor, "audit:1.2.3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cursor_names_its_list),
	    cmocka_unit_test(test_empty_cursor_is_the_first_page),
	    cmocka_unit_test(test_malformed_cursors_are_refused),
	    cmocka_unit_test(test_rows_are_capped),
	    cmocka_unit_test(test_page_stops_at_the_budget),
	    cmocka_unit_test(test_pages_join_into_one_reply),
	    cmocka_unit_test(test_client_page_size_only_for_paged_requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
