/* TLS 1.3 for every Netpont TCP connection, over OpenSSL 3: the server's key
 * and self-signed certificate, their SHA-256 fingerprint (what agents pin at
 * enrolment and netpontctl pins on first use), contexts that speak TLS 1.3
 * and nothing older, and a session over memory BIOs that a libuv connection
 * feeds with the bytes it reads and drains into its writes.
 *
 * Certificates are not checked against any authority: the server's
 * certificate is self-signed and the client decides by its fingerprint
 * alone (np_tls_peer_fingerprint()), so a client must compare it before it
 * sends anything secret. */
#ifndef NETPONT_COMMON_NP_TLS_H
#define NETPONT_COMMON_NP_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "common/np_fingerprint.h"

/* The SHA-256 fingerprint of cert's DER encoding. Returns 0 or -1. */
int np_tls_fingerprint_of(X509 *cert, char out[NP_FINGERPRINT_SIZE]);

/* The fingerprint of the certificate the peer of ssl presented; -1 when it
 * presented none. */
int np_tls_peer_fingerprint(SSL *ssl, char out[NP_FINGERPRINT_SIZE]);

/* Makes sure a key (mode 0600) and a self-signed certificate exist at
 * key_path and cert_path: when neither exists and create is true, makes a
 * new P-256 key and a certificate for it valid for 100 years. Existing
 * files are left alone. Returns 0, or -1 with a sentence naming the file in
 * err (n bytes). */
int np_tls_ensure_pair(const char *cert_path, const char *key_path, bool create, char *err,
                       size_t n);

/* A server context with the certificate and key from these PEM files, TLS
 * 1.3 only. fingerprint (when not NULL) receives the certificate's
 * fingerprint. Returns the context (caller frees with SSL_CTX_free()), or
 * NULL with a sentence in err. */
SSL_CTX *np_tls_server_context(const char *cert_path, const char *key_path,
                               char fingerprint[NP_FINGERPRINT_SIZE], char *err, size_t n);

/* A client context that speaks TLS 1.3 only and accepts any certificate in
 * the handshake, leaving the decision to the caller's fingerprint check.
 * Returns NULL out of memory; caller frees with SSL_CTX_free(). */
SSL_CTX *np_tls_client_context(void);

/* The sentence OpenSSL left for the last failure on this thread ("" when
 * none), copied into buf; clears OpenSSL's error queue. Returns buf. */
const char *np_tls_last_error(char *buf, size_t n);

/* ------------------------------------------------------------ memory-BIO sessions */

/* Where a session's ciphertext goes: returns 0, or -1 when the stream is
 * broken. */
typedef int (*np_tls_send_fn)(void *arg, const uint8_t *data, size_t len);
/* Where a session's plaintext goes: returns 0, or -1 to stop. */
typedef int (*np_tls_deliver_fn)(void *arg, const uint8_t *data, size_t len);

typedef struct np_tls_session np_tls_session;

/* A session on ctx (referenced) as the server or the client; its
 * ciphertext goes to send(arg, ...). Nothing is sent until
 * np_tls_session_start() (client) or the first np_tls_session_feed().
 * Returns NULL out of memory; free with np_tls_session_free(). */
np_tls_session *np_tls_session_new(SSL_CTX *ctx, bool server, np_tls_send_fn send, void *arg);

/* The client's first flight. Returns 0 or -1. */
int np_tls_session_start(np_tls_session *s);

/* Ciphertext from the peer: advances the handshake, sends what it answers,
 * and hands every byte of plaintext to deliver(arg, ...). Returns 0, or -1
 * when the peer broke the protocol or the handshake failed (then
 * np_tls_last_error() says why). */
int np_tls_session_feed(np_tls_session *s, const uint8_t *in, size_t len, np_tls_deliver_fn deliver,
                        void *arg);

/* Whether the handshake has completed. */
bool np_tls_session_ready(const np_tls_session *s);

/* Encrypts len bytes of data (borrowed) and sends them. Only once ready.
 * Returns 0 or -1. */
int np_tls_session_write(np_tls_session *s, const uint8_t *data, size_t len);

/* The SSL object, for np_tls_peer_fingerprint(); owned by the session. */
SSL *np_tls_session_ssl(np_tls_session *s);

/* Frees the session (NULL is fine). */
void np_tls_session_free(np_tls_session *s);

#endif
