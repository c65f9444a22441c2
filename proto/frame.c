#include "frame.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

const char *np_frame_status_string(np_frame_status status)
{
	switch (status) {
	case NP_FRAME_OK: return "ok";
	case NP_FRAME_NEED_MORE: return "the frame is not complete yet";
	case NP_FRAME_TOO_LARGE: return "Protocol error: the frame is larger than allowed";
	case NP_FRAME_UNDECODABLE: return "Protocol error: the frame is not a valid message";
	case NP_FRAME_TRUNCATED: return "Protocol error: the connection ended inside a frame";
	case NP_FRAME_NO_MEMORY: return "out of memory";
	}
	return "unknown frame status";
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	       (uint32_t)p[3];
}

size_t np_frame_encoded_size(const Netpont__Envelope *env)
{
	return NP_FRAME_HEADER_SIZE + netpont__envelope__get_packed_size(env);
}

size_t np_frame_pack(const Netpont__Envelope *env, uint8_t *buf)
{
	size_t body = netpont__envelope__pack(env, buf + NP_FRAME_HEADER_SIZE);
	assert(body <= UINT32_MAX);
	put_be32(buf, (uint32_t)body);
	return NP_FRAME_HEADER_SIZE + body;
}

int np_frame_encode(const Netpont__Envelope *env, uint32_t max, uint8_t **out, size_t *out_len)
{
	size_t body = netpont__envelope__get_packed_size(env);
	if (body > max)
		return NP_FRAME_TOO_LARGE;
	uint8_t *buf = malloc(NP_FRAME_HEADER_SIZE + body);
	if (buf == NULL)
		return NP_FRAME_NO_MEMORY;
	*out_len = np_frame_pack(env, buf);
	*out = buf;
	return NP_FRAME_OK;
}

void np_frame_reader_init(np_frame_reader *r, uint32_t max)
{
	memset(r, 0, sizeof *r);
	r->max = max;
}

void np_frame_reader_reset(np_frame_reader *r)
{
	free(r->body);
	r->body = NULL;
	r->header_have = 0;
	r->body_len = 0;
	r->body_have = 0;
}

static int unpack_body(const uint8_t *body, size_t len, Netpont__Envelope **out)
{
	Netpont__Envelope *env = netpont__envelope__unpack(NULL, len, body);
	if (env == NULL)
		return NP_FRAME_UNDECODABLE;
	*out = env;
	return NP_FRAME_OK;
}

int np_frame_reader_feed(np_frame_reader *r, const uint8_t *data, size_t len, size_t *consumed,
                         Netpont__Envelope **out)
{
	size_t used = 0;
	*out = NULL;

	if (r->header_have < NP_FRAME_HEADER_SIZE) {
		size_t take = NP_FRAME_HEADER_SIZE - r->header_have;
		if (take > len)
			take = len;
		memcpy(r->header + r->header_have, data, take);
		r->header_have += take;
		used += take;
		if (r->header_have < NP_FRAME_HEADER_SIZE) {
			*consumed = used;
			return NP_FRAME_NEED_MORE;
		}
		r->body_len = get_be32(r->header);
		r->body_have = 0;
		/* The peer never dictates an allocation larger than max. */
		if (r->body_len > r->max) {
			*consumed = used;
			return NP_FRAME_TOO_LARGE;
		}
		if (r->body_len > 0) {
			r->body = malloc(r->body_len);
			if (r->body == NULL) {
				*consumed = used;
				return NP_FRAME_NO_MEMORY;
			}
		}
	}

	size_t take = r->body_len - r->body_have;
	if (take > len - used)
		take = len - used;
	if (take > 0)
		memcpy(r->body + r->body_have, data + used, take);
	r->body_have += take;
	used += take;
	*consumed = used;
	if (r->body_have < r->body_len)
		return NP_FRAME_NEED_MORE;

	static const uint8_t empty[1];
	int rc = unpack_body(r->body_len ? r->body : empty, r->body_len, out);
	np_frame_reader_reset(r);
	return rc;
}

int np_frame_reader_finish(const np_frame_reader *r)
{
	return r->header_have > 0 ? NP_FRAME_TRUNCATED : NP_FRAME_OK;
}

int np_frame_decode(const uint8_t *buf, size_t len, uint32_t max, size_t *frame_len,
                    Netpont__Envelope **out)
{
	*out = NULL;
	if (len < NP_FRAME_HEADER_SIZE)
		return NP_FRAME_NEED_MORE;
	uint32_t body = get_be32(buf);
	if (body > max)
		return NP_FRAME_TOO_LARGE;
	if (len - NP_FRAME_HEADER_SIZE < body)
		return NP_FRAME_NEED_MORE;
	int rc = unpack_body(buf + NP_FRAME_HEADER_SIZE, body, out);
	if (rc == NP_FRAME_OK)
		*frame_len = NP_FRAME_HEADER_SIZE + body;
	return rc;
}
