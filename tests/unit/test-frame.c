/* The frame codec, byte by byte: whole frames, one byte at a time, several
 * frames in one buffer, truncated, oversized and undecodable input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "frame.h"

static uint8_t *encode_seat_add(uint64_t id, const char *name, size_t *len)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__SeatAdd add = NETPONT__SEAT_ADD__INIT;
	add.name = (char *)name;
	env.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_ADD;
	env.seat_add = &add;
	uint8_t *buf = NULL;
	assert_int_equal(np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &buf, len), NP_FRAME_OK);
	return buf;
}

static void test_roundtrip(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = encode_seat_add(7, "PC-03", &len);
	/* Header: big-endian body length. */
	uint32_t body = ((uint32_t)buf[0] << 24) | ((uint32_t)buf[1] << 16) | ((uint32_t)buf[2] << 8) | buf[3];
	assert_int_equal(body + 4, len);

	Netpont__Envelope *env = NULL;
	size_t frame_len = 0;
	assert_int_equal(np_frame_decode(buf, len, NP_FRAME_DEFAULT_MAX, &frame_len, &env), NP_FRAME_OK);
	assert_int_equal(frame_len, len);
	assert_non_null(env);
	assert_int_equal(env->id, 7);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_SEAT_ADD);
	assert_string_equal(env->seat_add->name, "PC-03");
	netpont__envelope__free_unpacked(env, NULL);
	free(buf);
}

static void test_byte_at_a_time(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = encode_seat_add(42, "PC-05", &len);
	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	Netpont__Envelope *env = NULL;
	for (size_t i = 0; i < len; i++) {
		size_t used = 0;
		int rc = np_frame_reader_feed(&r, buf + i, 1, &used, &env);
		assert_int_equal(used, 1);
		if (i + 1 < len) {
			assert_int_equal(rc, NP_FRAME_NEED_MORE);
			assert_null(env);
			assert_int_equal(np_frame_reader_finish(&r), NP_FRAME_TRUNCATED);
		} else {
			assert_int_equal(rc, NP_FRAME_OK);
		}
	}
	assert_non_null(env);
	assert_int_equal(env->id, 42);
	assert_string_equal(env->seat_add->name, "PC-05");
	assert_int_equal(np_frame_reader_finish(&r), NP_FRAME_OK);
	netpont__envelope__free_unpacked(env, NULL);
	np_frame_reader_reset(&r);
	free(buf);
}

static void test_two_frames_in_one_buffer(void **state)
{
	(void)state;
	size_t l1, l2;
	uint8_t *a = encode_seat_add(1, "A", &l1);
	uint8_t *b = encode_seat_add(2, "BB", &l2);
	uint8_t *both = malloc(l1 + l2);
	memcpy(both, a, l1);
	memcpy(both + l1, b, l2);

	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	size_t off = 0, used = 0;
	uint64_t ids[2];
	int n = 0;
	while (off < l1 + l2) {
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&r, both + off, l1 + l2 - off, &used, &env);
		off += used;
		if (rc == NP_FRAME_OK) {
			assert_true(n < 2);
			ids[n++] = env->id;
			netpont__envelope__free_unpacked(env, NULL);
		} else {
			assert_int_equal(rc, NP_FRAME_NEED_MORE);
		}
	}
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	free(both);
	free(a);
	free(b);
}

static void test_truncated(void **state)
{
	(void)state;
	size_t len;
	uint8_t *buf = encode_seat_add(3, "PC-01", &len);
	Netpont__Envelope *env = NULL;
	size_t frame_len = 0;
	for (size_t cut = 0; cut < len; cut++)
		assert_int_equal(np_frame_decode(buf, cut, NP_FRAME_DEFAULT_MAX, &frame_len, &env),
		                 NP_FRAME_NEED_MORE);

	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	size_t used;
	assert_int_equal(np_frame_reader_feed(&r, buf, len - 1, &used, &env), NP_FRAME_NEED_MORE);
	assert_int_equal(np_frame_reader_finish(&r), NP_FRAME_TRUNCATED);
	np_frame_reader_reset(&r);
	assert_int_equal(np_frame_reader_finish(&r), NP_FRAME_OK);
	free(buf);
}

static void test_oversized_is_refused_before_allocation(void **state)
{
	(void)state;
	/* Announces 4 GiB - 1; the reader must refuse at the header. */
	const uint8_t header[4] = {0xff, 0xff, 0xff, 0xff};
	np_frame_reader r;
	np_frame_reader_init(&r, 1024);
	Netpont__Envelope *env = NULL;
	size_t used;
	assert_int_equal(np_frame_reader_feed(&r, header, 4, &used, &env), NP_FRAME_TOO_LARGE);
	assert_null(r.body);
	assert_null(env);
	np_frame_reader_reset(&r);

	size_t frame_len;
	assert_int_equal(np_frame_decode(header, 4, 1024, &frame_len, &env), NP_FRAME_TOO_LARGE);

	/* One byte over the limit is refused, the limit itself is accepted. */
	const uint8_t over[4] = {0, 0, 0x04, 0x01};
	assert_int_equal(np_frame_decode(over, 4, 1024, &frame_len, &env), NP_FRAME_TOO_LARGE);
	const uint8_t at[4] = {0, 0, 0x04, 0x00};
	assert_int_equal(np_frame_decode(at, 4, 1024, &frame_len, &env), NP_FRAME_NEED_MORE);

	/* The encoder refuses to build a frame the peer would refuse. */
	Netpont__Envelope big = NETPONT__ENVELOPE__INIT;
	Netpont__SeatMessage msg = NETPONT__SEAT_MESSAGE__INIT;
	char text[2048];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	msg.name = "PC-01";
	msg.text = text;
	big.body_case = NETPONT__ENVELOPE__BODY_SEAT_MESSAGE;
	big.seat_message = &msg;
	uint8_t *out = NULL;
	size_t out_len = 0;
	assert_int_equal(np_frame_encode(&big, 1024, &out, &out_len), NP_FRAME_TOO_LARGE);
	assert_null(out);
}

static void test_garbage(void **state)
{
	(void)state;
	/* A body that is not protobuf: field 15 with wire type 7 does not exist. */
	const uint8_t garbage[] = {0, 0, 0, 5, 0x7f, 0xff, 0xff, 0xff, 0xff};
	Netpont__Envelope *env = NULL;
	size_t frame_len;
	assert_int_equal(np_frame_decode(garbage, sizeof garbage, NP_FRAME_DEFAULT_MAX, &frame_len, &env),
	                 NP_FRAME_UNDECODABLE);
	assert_null(env);

	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	size_t used;
	assert_int_equal(np_frame_reader_feed(&r, garbage, sizeof garbage, &used, &env),
	                 NP_FRAME_UNDECODABLE);
	assert_int_equal(used, sizeof garbage);
	assert_null(r.body); /* nothing leaks after an error */

	/* A string field whose length runs past the end of the body. */
	const uint8_t bad_len[] = {0, 0, 0, 4, 0xa2, 0x01, 0x10, 'x'};
	assert_int_equal(np_frame_decode(bad_len, sizeof bad_len, NP_FRAME_DEFAULT_MAX, &frame_len, &env),
	                 NP_FRAME_UNDECODABLE);

	/* An empty body is a valid Envelope with no body set: the layer above refuses it. */
	const uint8_t empty[] = {0, 0, 0, 0};
	assert_int_equal(np_frame_decode(empty, sizeof empty, NP_FRAME_DEFAULT_MAX, &frame_len, &env), NP_FRAME_OK);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY__NOT_SET);
	netpont__envelope__free_unpacked(env, NULL);

	/* Every status has a sentence. */
	assert_string_equal(np_frame_status_string(NP_FRAME_TOO_LARGE),
	                    "Protocol error: the frame is larger than allowed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_byte_at_a_time),
		cmocka_unit_test(test_two_frames_in_one_buffer),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_oversized_is_refused_before_allocation),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
