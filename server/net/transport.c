#include "net/transport.h"

static int plain_decode(net_transport *t, const uint8_t *in, size_t len,
                        int (*deliver)(void *arg, const uint8_t *data, size_t len), void *arg)
{
	(void)t;
	return len ? deliver(arg, in, len) : 0;
}

static int plain_encode(net_transport *t, const uint8_t *frame, size_t len,
                        int (*send)(void *arg, const uint8_t *data, size_t len), void *arg)
{
	(void)t;
	return send(arg, frame, len);
}

static void plain_free(net_transport *t)
{
	(void)t;
}

static const net_transport_ops plain_ops = {plain_decode, plain_encode, plain_free};
static net_transport plain = {&plain_ops};

net_transport *net_transport_plain(void)
{
	return &plain;
}
