/* The frame decoder under a fuzzer: every input is a byte stream fed to
 * the incremental reader in pieces of varying size, and the same bytes
 * decoded as one buffer. Neither may crash, leak or read out of bounds,
 * and an oversized header must be refused before anything is allocated.
 * Linked with -fsanitize=fuzzer as libfuzzer-frame, and with the
 * deterministic driver fuzz-frame.c as the fuzz-frame test. */
#include <stdio.h>
#include <stdlib.h>

#include "frame.h"
#include "fuzz-targets.h"

/* The body limit: small, so that the length checks are reached often. */
#define FRAME_TARGET_MAX 4096u

uint64_t fuzz_rng(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1dull;
}

int fuzz_frame_feed_stream(const uint8_t *data, size_t len, uint32_t max, uint64_t *state)
{
	np_frame_reader r;
	np_frame_reader_init(&r, max);
	size_t off = 0;
	int frames = 0;
	while (off < len) {
		size_t piece = 1 + (size_t)(fuzz_rng(state) % 64);
		if (piece > len - off)
			piece = len - off;
		size_t pos = 0;
		while (pos < piece) {
			size_t used = 0;
			Netpont__Envelope *env = NULL;
			int rc =
			    np_frame_reader_feed(&r, data + off + pos, piece - pos, &used, &env);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The pieces' sizes follow from the input, so a crash replays. */
	uint64_t state = 0x9e3779b97f4a7c15ull ^ (uint64_t)size;
	fuzz_frame_feed_stream(data, size, FRAME_TARGET_MAX, &state);
	Netpont__Envelope *env = NULL;
	size_t frame_len;
	if (np_frame_decode(data, size, FRAME_TARGET_MAX, &frame_len, &env) == NP_FRAME_OK)
		netpont__envelope__free_unpacked(env, NULL);
	return 0;
}
