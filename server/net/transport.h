/* The seam where TLS sits. A connection never touches the socket's bytes
 * directly: everything read goes through transport->decode() and everything
 * written through transport->encode().
 *
 * The only transport is TLS 1.3 (OpenSSL with memory BIOs, common/np_tls.h):
 * decode() feeds ciphertext in and hands out the plaintext it yields (and,
 * during the handshake, sends the handshake's answers through the `send`
 * callback given when the transport was made); encode() encrypts a frame
 * and hands the ciphertext to `send`; free() releases the session. There is
 * no plain-text transport, not even for loopback. */
#ifndef NETPONT_NET_TRANSPORT_H
#define NETPONT_NET_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

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

/* A TLS 1.3 server session on ctx (borrowed; it must outlive the
 * transport). Handshake bytes go to send(arg, ...), the same callback the
 * connection passes to encode(). Returns NULL out of memory; the caller
 * frees it with ops->free(). */
net_transport *
net_transport_tls(SSL_CTX *ctx, int (*send)(void *arg, const uint8_t *data, size_t len), void *arg);

#endif
