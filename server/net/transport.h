/* The seam where TLS will sit. A connection never touches the socket's bytes
 * directly: everything read goes through transport->decode() and everything
 * written through transport->encode(). The plain transport below passes
 * bytes through unchanged.
 *
 * A TLS transport (OpenSSL with memory BIOs, as the design asks) will
 * implement the same three functions: decode() feeds ciphertext into the
 * read BIO and hands out the plaintext SSL_read() yields (and, during the
 * handshake, queues handshake bytes to send through its `send` callback);
 * encode() runs SSL_write() and hands the ciphertext from the write BIO to
 * `send`; free() releases the SSL object. net/server.c needs no change
 * beyond choosing the transport when a connection is accepted. */
#ifndef NETPONT_NET_TRANSPORT_H
#define NETPONT_NET_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct net_transport net_transport;

typedef struct net_transport_ops {
	/* Bytes arrived from the peer. Calls deliver(arg, plaintext, len) zero
	 * or more times. Returns 0, or -1 when the stream is broken (close). */
	int (*decode)(net_transport *t, const uint8_t *in, size_t len,
	              int (*deliver)(void *arg, const uint8_t *data, size_t len), void *arg);
	/* A frame to send: calls send(arg, bytes, len) with what goes on the
	 * wire. Returns 0, or -1 (close). */
	int (*encode)(net_transport *t, const uint8_t *frame, size_t len,
	              int (*send)(void *arg, const uint8_t *data, size_t len), void *arg);
	void (*free)(net_transport *t);
} net_transport_ops;

struct net_transport {
	const net_transport_ops *ops;
};

/* The plain TCP transport: a static object, nothing to free. */
net_transport *net_transport_plain(void);

#endif
