#include "net/transport.h"

#include <stdlib.h>

#include "common/np_tls.h"

typedef struct tls_transport {
	net_transport base; /* first: the transport's address is this block's */
	np_tls_session *session;
} tls_transport;

static int tls_decode(net_transport *t, const uint8_t *in, size_t len,
                      int (*deliver)(void *arg, const uint8_t *data, size_t len), void *arg)
{
	tls_transport *tls = (tls_transport *)t;
	return np_tls_session_feed(tls->session, in, len, deliver, arg);
}

static int tls_encode(net_transport *t, const uint8_t *frame, size_t len,
                      int (*send)(void *arg, const uint8_t *data, size_t len), void *arg)
{
	tls_transport *tls = (tls_transport *)t;
	(void)send;
	(void)arg;
	/* Nothing may be written before the handshake is done; the server
	 * only answers requests, which arrive after it. */
	if (!np_tls_session_ready(tls->session))
		return -1;
	return np_tls_session_write(tls->session, frame, len);
}

static void tls_free(net_transport *t)
{
	tls_transport *tls = (tls_transport *)t;
	np_tls_session_free(tls->session);
	free(tls);
}

static const net_transport_ops tls_ops = {tls_decode, tls_encode, tls_free};

net_transport *net_transport_tls(SSL_CTX *ctx,
                                 int (*send)(void *arg, const uint8_t *data, size_t len), void *arg)
{
	tls_transport *tls = calloc(1, sizeof *tls);
	if (tls == NULL)
		return NULL;
	tls->base.ops = &tls_ops;
	tls->session = np_tls_session_new(ctx, true, send, arg);
	if (tls->session == NULL) {
		free(tls);
		return NULL;
	}
	return &tls->base;
}
