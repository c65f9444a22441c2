/* A bounded, deterministic fuzz run of the frame reader: valid frames of
 * every request kind, mutated (flipped bits, cut, extended, length changed)
 * and fed in random-sized pieces to the frame target (target-frame.c). The
 * reader must never crash, leak or read out of bounds (run under ASan in CI
 * and valgrind by hand), must refuse every oversized header before
 * allocating, and must decode every unmutated frame. The same target runs
 * under libFuzzer as libfuzzer-frame (see FUZZING.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "fuzz-targets.h"

#define MAX_BODY 4096u

/* One generator for the whole run, so that a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* Builds one valid frame of a request chosen by k. */
static uint8_t *sample_frame(unsigned k, size_t *len)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	Netpont__SessionStart start = NETPONT__SESSION_START__INIT;
	Netpont__Pay pay = NETPONT__PAY__INIT;
	Netpont__AgentPrint print = NETPONT__AGENT_PRINT__INIT;
	Netpont__SeatMessage msg = NETPONT__SEAT_MESSAGE__INIT;
	env.id = fuzz_rng(&rng_state);
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
		if (fuzz_frame_feed_stream(two, 2 * len, MAX_BODY, &rng_state) != 2) {
			fprintf(stderr, "round %u: a valid frame did not decode\n", i);
			return 1;
		}
		decoded_clean++;
		free(two);

		/* A mutated copy, possibly cut short or extended with noise. */
		size_t mlen = len + (size_t)(fuzz_rng(&rng_state) % 16);
		uint8_t *m = malloc(mlen);
		memcpy(m, frame, len);
		for (size_t j = len; j < mlen; j++)
			m[j] = (uint8_t)fuzz_rng(&rng_state);
		unsigned flips = 1 + (unsigned)(fuzz_rng(&rng_state) % 4);
		for (unsigned f = 0; f < flips; f++)
			m[fuzz_rng(&rng_state) % mlen] ^=
			    (uint8_t)(1u << (fuzz_rng(&rng_state) % 8));
		if (fuzz_rng(&rng_state) % 4 == 0)
			mlen = (size_t)(fuzz_rng(&rng_state) % mlen);
		if (fuzz_rng(&rng_state) % 8 == 0 && mlen >= 4)
			m[0] = 0xff; /* an absurd length */
		if (LLVMFuzzerTestOneInput(m, mlen) != 0)
			return 1;
		if (fuzz_frame_feed_stream(m, mlen, MAX_BODY, &rng_state) < 0)
			rejected++;
		free(m);
		free(frame);
	}
	printf("%u valid frames decoded, %u mutated streams rejected cleanly, no crash\n",
	       decoded_clean, rejected);
	return 0;
}
