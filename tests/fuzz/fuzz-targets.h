/* What the fuzz targets in tests/fuzz/ share: libFuzzer's entry point, the
 * frame target's stream reader (which the deterministic fuzz-frame test
 * drives too), and the room the gateway target signs in to, which the seed
 * corpus generator (fuzz-corpus.c) must name in the same words.
 *
 * A gateway input is a header of two bytes followed by a byte stream of
 * frames, as a client would send them after its Hello:
 *   byte 0  who is signed in before the first frame (fuzz_role, modulo
 *           FUZZ_ROLE_COUNT)
 *   byte 1  how many minutes the injected clock moves on after each
 *           request (then expired sessions are ended, as the server's
 *           timer would) */
#ifndef NETPONT_FUZZ_TARGETS_H
#define NETPONT_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

typedef enum fuzz_role {
	FUZZ_ROLE_ADMIN = 0,
	FUZZ_ROLE_MENTOR = 1,
	FUZZ_ROLE_AGENT = 2,
	FUZZ_ROLE_NONE = 3, /* no Hello yet: the input's first frame is one */
	FUZZ_ROLE_COUNT = 4,
} fuzz_role;

#define FUZZ_GATEWAY_HEADER_SIZE 2u

/* The room set up once per process by the gateway target. The admin is
 * tests/unit's fixture administrator. It has a history: help call 1 from
 * the seat, and ledger entries 1 (a charge to the resident) and 2 (its
 * cash payment) in a shift still open. */
#define FUZZ_ADMIN           "admin"
#define FUZZ_ADMIN_PASSWORD  "admin-secret"
#define FUZZ_MENTOR          "dora"
#define FUZZ_MENTOR_PASSWORD "dora1234"
#define FUZZ_SEAT            "PC-01"
#define FUZZ_RESIDENT        "kovacs"
#define FUZZ_RESIDENT_PIN    "1234"

/* libFuzzer's entry point: runs one input. Returns 0; a broken invariant
 * aborts (libFuzzer and ASan report it as a crash). data is borrowed. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next value of a xorshift64* generator: deterministic, so that a
 * failure can be replayed from its seed. */
uint64_t fuzz_rng(uint64_t *state);

/* Feeds data (borrowed) to a frame reader with a body limit of max, in
 * pieces of 1 to 64 bytes whose sizes come from fuzz_rng(state). Frees every
 * decoded Envelope. Returns the number of frames decoded, or -1 when the
 * reader refused the stream. Aborts when the reader breaks its contract:
 * no progress on input, or a body allocated for a frame over max. */
int fuzz_frame_feed_stream(const uint8_t *data, size_t len, uint32_t max, uint64_t *state);

#endif
