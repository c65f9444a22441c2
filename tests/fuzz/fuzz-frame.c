/* A bounded, deterministic fuzz run of the frame reader: valid frames of
 * every request kind, mutated (flipped bits, cut, extended, length changed)
 * and fed in random-sized pieces. The reader must never crash, leak or
 * read out of bounds (run under ASan in CI and valgrind by hand), must
 * refuse every oversized header before allocating, and must decode every
 * unmutated frame. A libFuzzer-style entry point is kept so the same code
 * can run under a coverage-guided fuzzer:
 *   clang -fsanitize=fuzzer,address -DNP_LIBFUZZER ... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"

#define MAX_BODY 4096u

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic, so a failure can be replayed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Feeds data in random pieces; returns the number of frames decoded, or -1
 * when the reader rejected the stream. */
static int feed_stream(const uint8_t *data, size_t len)
{
	np_frame_reader r;
	np_frame_reader_init(&r, MAX_BODY);
	size_t off = 0;
	int frames = 0;
	while (off < len) {
		size_t piece = 1 + (size_t)(rng() % 64);
		if (piece > len - off)
			piece = len - off;
		size_t pos = 0;
		while (pos < piece) {
			size_t used = 0;
			Netpont__Envelope *env = NULL;
			int rc = np_frame_reader_feed(&r, data + off + pos, piece - pos, &used, &env);
			if (used == 0 && rc == NP_FRAME_NEED_MORE) {
				fprintf(stderr, "reader made no progress\n");
				abort();
			}
			pos += used;
			if (rc == NP_FRAME_OK) {
				frames++;
				netpont__envelope__free_unpacked(env, NULL);
			} else if (rc < 0) {
				if (r.body != NULL && rc == NP_FRAME_TOO_LARGE) {
					fprintf(stderr, "allocated for an oversized frame\n");
					abort();
				}
				np_frame_reader_reset(&r);
				return -1;
			}
		}
		off += piece;
	}
	np_frame_reader_reset(&r);
	return frames;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	feed_stream(data, size);
	Netpont__Envelope *env = NULL;
	size_t frame_len;
	if (np_frame_decode(data, size, MAX_BODY, &frame_len, &env) == NP_FRAME_OK)
		netpont__envelope__free_unpacked(env, NULL);
	return 0;
}

#ifndef NP_LIBFUZZER
/* Builds one valid frame of a request chosen by k. */
static uint8_t *sample_frame(unsigned k, size_t *len)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	Netpont__SessionStart start = NETPONT__SESSION_START__INIT;
	Netpont__Pay pay = NETPONT__PAY__INIT;
	Netpont__AgentPrint print = NETPONT__AGENT_PRINT__INIT;
	Netpont__SeatMessage msg = NETPONT__SEAT_MESSAGE__INIT;
	env.id = rng();
	switch (k % 5) {
	case 0:
		hello.protocol_version = NP_PROTOCOL_VERSION;
		hello.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
		hello.user = "dora";
		hello.password = "secret";
		env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
		env.hello = &hello;
		break;
	case 1:
		start.seat = "PC-03";
		start.resident_login = "kovacs";
		start.seconds = 3600;
		env.body_case = NETPONT__ENVELOPE__BODY_SESSION_START;
		env.session_start = &start;
		break;
	case 2:
		pay.resident_login = "kovacs";
		pay.amount = 180;
		pay.method = "cash";
		pay.note = "Köszönöm";
		env.body_case = NETPONT__ENVELOPE__BODY_PAY;
		env.pay = &pay;
		break;
	case 3:
		print.job_key = "PDF/17/1764000000";
		print.printer = "PDF";
		print.pages = 4;
		print.copies = 1;
		env.body_case = NETPONT__ENVELOPE__BODY_AGENT_PRINT;
		env.agent_print = &print;
		break;
	default:
		msg.name = "PC-01";
		msg.text = "Please save your work, the room closes in 10 minutes.";
		env.body_case = NETPONT__ENVELOPE__BODY_SEAT_MESSAGE;
		env.seat_message = &msg;
		break;
	}
	uint8_t *buf = NULL;
	if (np_frame_encode(&env, MAX_BODY, &buf, len) != NP_FRAME_OK)
		abort();
	return buf;
}

int main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 20000;
	unsigned decoded_clean = 0, rejected = 0;
	for (unsigned i = 0; i < rounds; i++) {
		size_t len;
		uint8_t *frame = sample_frame(i, &len);
		/* The unmutated frame, twice in a row, must decode twice. */
		uint8_t *two = malloc(2 * len);
		memcpy(two, frame, len);
		memcpy(two + len, frame, len);
		if (feed_stream(two, 2 * len) != 2) {
			fprintf(stderr, "round %u: a valid frame did not decode\n", i);
			return 1;
		}
		decoded_clean++;
		free(two);

		/* A mutated copy, possibly cut short or extended with noise. */
		size_t mlen = len + (size_t)(rng() % 16);
		uint8_t *m = malloc(mlen);
		memcpy(m, frame, len);
		for (size_t j = len; j < mlen; j++)
			m[j] = (uint8_t)rng();
		unsigned flips = 1 + (unsigned)(rng() % 4);
		for (unsigned f = 0; f < flips; f++)
			m[rng() % mlen] ^= (uint8_t)(1u << (rng() % 8));
		if (rng() % 4 == 0)
			mlen = (size_t)(rng() % mlen);
		if (rng() % 8 == 0 && mlen >= 4)
			m[0] = 0xff; /* an absurd length */
		if (LLVMFuzzerTestOneInput(m, mlen) != 0)
			return 1;
		if (feed_stream(m, mlen) < 0)
			rejected++;
		free(m);
		free(frame);
	}
	printf("%u valid frames decoded, %u mutated streams rejected cleanly, no crash\n",
	       decoded_clean, rejected);
	return 0;
}
#endif
