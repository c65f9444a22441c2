/* Netpont frame codec: a 4-byte big-endian length followed by one encoded
 * netpont.Envelope. Pure C, no I/O: every program links it, and the console
 * uses it from GIO streams exactly as the server uses it from libuv. */
#ifndef NETPONT_FRAME_H
#define NETPONT_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "netpont.pb-c.h"

#define NP_PROTOCOL_VERSION 1u
#define NP_FRAME_HEADER_SIZE 4u
/* The default largest body a peer may send. A seat list of a few hundred
 * seats is a few tens of KiB; nothing legitimate comes near this. */
#define NP_FRAME_DEFAULT_MAX (256u * 1024u)

typedef enum {
	NP_FRAME_OK = 0,            /* one frame decoded */
	NP_FRAME_NEED_MORE = 1,     /* all input used, no complete frame yet */
	NP_FRAME_TOO_LARGE = -1,    /* the header announces more than the maximum */
	NP_FRAME_UNDECODABLE = -2,  /* the body is not a valid Envelope */
	NP_FRAME_TRUNCATED = -3,    /* the stream ended inside a frame */
	NP_FRAME_NO_MEMORY = -4,
} np_frame_status;

/* A plain sentence for a status, for logs and error replies. */
const char *np_frame_status_string(np_frame_status status);

/* Encodes env as one frame into a new malloc()ed buffer.
 * On success returns 0, *out owns the buffer (caller frees), *out_len is its
 * size. Returns NP_FRAME_TOO_LARGE if the body would exceed max, or
 * NP_FRAME_NO_MEMORY. */
int np_frame_encode(const Netpont__Envelope *env, uint32_t max, uint8_t **out,
                    size_t *out_len);

/* The size of the frame np_frame_encode() would produce. */
size_t np_frame_encoded_size(const Netpont__Envelope *env);

/* Writes the frame for env into buf, which must hold
 * np_frame_encoded_size(env) bytes. Returns the number of bytes written. */
size_t np_frame_pack(const Netpont__Envelope *env, uint8_t *buf);

/* Incremental reader for a byte stream. The body buffer is allocated only
 * after the announced length has been checked against max. */
typedef struct np_frame_reader {
	uint32_t max;
	uint8_t header[NP_FRAME_HEADER_SIZE];
	size_t header_have;
	uint8_t *body;      /* owned; NULL between frames */
	uint32_t body_len;
	size_t body_have;
} np_frame_reader;

void np_frame_reader_init(np_frame_reader *r, uint32_t max);
/* Frees a partly read body. The reader can be reused after np_frame_reader_init(). */
void np_frame_reader_reset(np_frame_reader *r);

/* Consumes bytes from data until one frame is complete or the input ends.
 * *consumed is set to the number of bytes used. Returns NP_FRAME_OK with
 * *out set to a new Envelope (caller frees it with
 * netpont__envelope__free_unpacked(*out, NULL)); NP_FRAME_NEED_MORE when all
 * input was used without completing a frame; or a negative status, after
 * which the stream cannot be resynchronised and the connection should be
 * closed. Call again with the rest of the input while *consumed < len. */
int np_frame_reader_feed(np_frame_reader *r, const uint8_t *data, size_t len,
                         size_t *consumed, Netpont__Envelope **out);

/* To call at end of stream: NP_FRAME_TRUNCATED if a frame was begun but not
 * finished, NP_FRAME_OK otherwise. */
int np_frame_reader_finish(const np_frame_reader *r);

/* Decodes one frame from the start of a complete buffer: NP_FRAME_OK with
 * *out and *frame_len set, NP_FRAME_NEED_MORE if buf holds less than one
 * frame, or a negative status. */
int np_frame_decode(const uint8_t *buf, size_t len, uint32_t max, size_t *frame_len,
                    Netpont__Envelope **out);

#endif
