/* TLS 1.3 over OpenSSL 3; see np_tls.h. */
#include "common/np_tls.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

int np_tls_fingerprint_of(X509 *cert, char out[NP_FINGERPRINT_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (cert == NULL || X509_digest(cert, EVP_sha256(), md, &len) != 1 || len != 32)
		return -1;
	for (unsigned i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

int np_tls_peer_fingerprint(SSL *ssl, char out[NP_FINGERPRINT_SIZE])
{
	X509 *cert = SSL_get0_peer_certificate(ssl);
	return np_tls_fingerprint_of(cert, out);
}

const char *np_tls_last_error(char *buf, size_t n)
{
	unsigned long e = ERR_get_error();
	if (e == 0)
		snprintf(buf, n, "%s", "");
	else
		ERR_error_string_n(e, buf, n);
	ERR_clear_error();
	return buf;
}

/* Writes what write_pem() writes into a new file made with mode (never
 * over an existing one). Returns 0 or -1 with err set. */
static int write_new_pem(const char *path, mode_t mode, int (*write_pem)(FILE *f, void *obj),
                         void *obj, char *err, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		snprintf(err, n, "Cannot create %s: %s.", path, strerror(errno));
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		unlink(path);
		snprintf(err, n, "Cannot write %s: %s.", path, strerror(errno));
		return -1;
	}
	int ok = write_pem(f, obj);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		ok = 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok) {
		unlink(path);
		snprintf(err, n, "Cannot write %s.", path);
		return -1;
	}
	return 0;
}

static int write_key(FILE *f, void *key)
{
	return PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
}

static int write_cert(FILE *f, void *cert)
{
	return PEM_write_X509(f, cert);
}

/* A certificate for key, signed by itself, valid from now for 100 years. */
static X509 *self_signed(EVP_PKEY *key)
{
	X509 *cert = X509_new();
	if (cert == NULL)
		return NULL;
	unsigned char serial[16];
	BIGNUM *bn = NULL;
	X509_NAME *name = X509_get_subject_name(cert);
	bool ok = X509_set_version(cert, 2) == 1 && RAND_bytes(serial, sizeof serial) == 1 &&
	          (bn = BN_bin2bn(serial, sizeof serial, NULL)) != NULL &&
	          BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL &&
	          X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != NULL &&
	          X509_gmtime_adj(X509_getm_notAfter(cert), 100L * 365 * 24 * 3600) != NULL &&
	          X509_set_pubkey(cert, key) == 1 &&
	          X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	                                     (const unsigned char *)"netpontd", -1, -1, 0) == 1 &&
	          X509_set_issuer_name(cert, name) == 1 && X509_sign(cert, key, EVP_sha256()) > 0;
	BN_free(bn);
	if (!ok) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

int np_tls_ensure_pair(const char *cert_path, const char *key_path, bool create, char *err,
                       size_t n)
{
	bool have_cert = access(cert_path, F_OK) == 0;
	bool have_key = access(key_path, F_OK) == 0;
	if (have_cert && have_key)
		return 0;
	if (have_cert != have_key || !create) {
		snprintf(err, n,
		         "The server's certificate %s and key %s must both exist (or neither, "
		         "and netpontd makes a new pair).",
		         cert_path, key_path);
		return -1;
	}
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *cert = key != NULL ? self_signed(key) : NULL;
	int rc = -1;
	if (cert == NULL)
		snprintf(err, n, "Cannot make a key and certificate for the server.");
	else if (write_new_pem(key_path, 0600, write_key, key, err, n) == 0) {
		if (write_new_pem(cert_path, 0644, write_cert, cert, err, n) == 0)
			rc = 0;
		else
			unlink(key_path);
	}
	X509_free(cert);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return rc;
}

/* What a server holds per connection, measured with heaptrack on 1,000
 * agents (BENCHMARKS.md, issue 11): an idle TLS 1.3 connection kept
 * OpenSSL's read and write record buffers (about 17 KiB and 17 KiB) for
 * its whole life, though a PC sends a Ping every 15 s and nothing else.
 * SSL_MODE_RELEASE_BUFFERS frees them whenever a record has been read or
 * written in full and allocates them again for the next one, so an idle
 * connection holds only its SSL state. Nothing about the protocol or its
 * security changes: the same records are read and written.
 *
 * No client resumes a session (agents and consoles make a full handshake
 * with the pinned certificate each time), so the server sends no session
 * tickets: each would cost a ticket encryption and its bytes at every
 * handshake, and a 10,000-PC restart makes 10,000 of them. With no
 * tickets TLS 1.3 puts nothing in the session cache either. */
static void np_tls_server_memory(SSL_CTX *ctx)
{
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_num_tickets(ctx, 0);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

SSL_CTX *np_tls_server_context(const char *cert_path, const char *key_path,
                               char fingerprint[NP_FINGERPRINT_SIZE], char *err, size_t n)
{
	char why[256];
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		snprintf(err, n, "Out of memory.");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	np_tls_server_memory(ctx);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_path) != 1) {
		snprintf(err, n, "Cannot read the server's certificate %s (%s).", cert_path,
		         np_tls_last_error(why, sizeof why));
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		snprintf(err, n, "Cannot use the server's key %s with its certificate %s (%s).",
		         key_path, cert_path, np_tls_last_error(why, sizeof why));
		goto fail;
	}
	if (fingerprint != NULL &&
	    np_tls_fingerprint_of(SSL_CTX_get0_certificate(ctx), fingerprint) != 0) {
		snprintf(err, n, "Cannot read the fingerprint of %s.", cert_path);
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/* Every certificate passes the handshake: the caller compares the
 * fingerprint before it sends anything. */
static int accept_any(int ok, X509_STORE_CTX *store)
{
	(void)ok;
	(void)store;
	return 1;
}

SSL_CTX *np_tls_client_context(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any);
	return ctx;
}

/* ------------------------------------------------------------ sessions */

/* Two memory BIOs, owned by the SSL object: ciphertext from the peer is
 * written into `in`, and what OpenSSL wants to send is read from `out`.
 * They grow as needed and are replaced once empty when they grew large
 * (session_shrink()), so a connection that only exchanges small frames
 * holds little. */
struct np_tls_session {
	SSL *ssl;
	BIO *in, *out;
	np_tls_send_fn send;
	void *arg;
};

np_tls_session *np_tls_session_new(SSL_CTX *ctx, bool server, np_tls_send_fn send, void *arg)
{
	np_tls_session *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->ssl = SSL_new(ctx);
	s->in = BIO_new(BIO_s_mem());
	s->out = BIO_new(BIO_s_mem());
	if (s->ssl == NULL || s->in == NULL || s->out == NULL) {
		SSL_free(s->ssl);
		BIO_free(s->in);
		BIO_free(s->out);
		free(s);
		return NULL;
	}
	SSL_set_bio(s->ssl, s->in, s->out);
	if (server)
		SSL_set_accept_state(s->ssl);
	else
		SSL_set_connect_state(s->ssl);
	s->send = send;
	s->arg = arg;
	return s;
}

/* A memory BIO's buffer never shrinks: after the handshake's flights (the
 * certificate, about 1-8 KiB) or one large reply it would keep that size
 * for the connection's life, 10,000 times over on a city's server (a
 * massif profile of 1,000 agents found 1.2 KiB per connection left in the
 * two). Once such a BIO is empty and its buffer is larger than this, it is
 * replaced by a fresh one; a PC's Ping and Pong records, under 100 bytes
 * each, then fit in the new one's first allocation. */
#define SESSION_BIO_KEEP 256

/* The buffer a memory BIO holds, in bytes. */
static size_t session_bio_size(BIO *bio)
{
	BUF_MEM *bm = NULL;
	BIO_get_mem_ptr(bio, &bm);
	return bm != NULL ? bm->max : 0;
}

/* Replaces the session's empty memory BIOs whose buffers grew beyond
 * SESSION_BIO_KEEP (the SSL object frees the old ones). Out of memory it
 * keeps the old BIO, which works as before. */
static void session_shrink(np_tls_session *s)
{
	if (BIO_ctrl_pending(s->in) == 0 && session_bio_size(s->in) > SESSION_BIO_KEEP) {
		BIO *fresh = BIO_new(BIO_s_mem());
		if (fresh != NULL) {
			SSL_set0_rbio(s->ssl, fresh);
			s->in = fresh;
		}
	}
	if (BIO_ctrl_pending(s->out) == 0 && session_bio_size(s->out) > SESSION_BIO_KEEP) {
		BIO *fresh = BIO_new(BIO_s_mem());
		if (fresh != NULL) {
			SSL_set0_wbio(s->ssl, fresh);
			s->out = fresh;
		}
	}
}

/* Sends whatever ciphertext OpenSSL produced. */
static int session_flush(np_tls_session *s)
{
	uint8_t buf[16 * 1024];
	int got;
	while ((got = BIO_read(s->out, buf, sizeof buf)) > 0)
		if (s->send(s->arg, buf, (size_t)got) != 0)
			return -1;
	return 0;
}

/* Whether an SSL call's result is a failure rather than "needs more". */
static bool session_failed(np_tls_session *s, int rc)
{
	int e = SSL_get_error(s->ssl, rc);
	return e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_ZERO_RETURN;
}

int np_tls_session_start(np_tls_session *s)
{
	int rc = SSL_do_handshake(s->ssl);
	if (rc <= 0 && session_failed(s, rc))
		return -1;
	return session_flush(s);
}

int np_tls_session_feed(np_tls_session *s, const uint8_t *in, size_t len, np_tls_deliver_fn deliver,
                        void *arg)
{
	uint8_t plain[16 * 1024];
	while (len > 0) {
		int put = BIO_write(s->in, in, len > INT32_MAX ? INT32_MAX : (int)len);
		if (put <= 0)
			return -1;
		in += put;
		len -= (size_t)put;
		for (;;) {
			/* Each result is judged at once, before the flush: a send
			 * callback may feed the peer, whose answer comes back into
			 * this session (and may replace its BIOs, session_shrink())
			 * before the flush returns, and SSL_get_error() reads the
			 * state of the moment. */
			if (!SSL_is_init_finished(s->ssl)) {
				int rc = SSL_do_handshake(s->ssl);
				bool failed = rc <= 0 && session_failed(s, rc);
				if (session_flush(s) != 0)
					return -1;
				if (rc <= 0) {
					if (failed)
						return -1;
					break;
				}
			}
			int got = SSL_read(s->ssl, plain, sizeof plain);
			bool failed = got <= 0 && session_failed(s, got);
			if (session_flush(s) != 0)
				return -1;
			if (got <= 0) {
				if (failed)
					return -1;
				break;
			}
			if (deliver(arg, plain, (size_t)got) != 0)
				return 0;
		}
	}
	session_shrink(s);
	return 0;
}

bool np_tls_session_ready(const np_tls_session *s)
{
	return SSL_is_init_finished(s->ssl);
}

int np_tls_session_write(np_tls_session *s, const uint8_t *data, size_t len)
{
	while (len > 0) {
		int chunk = len > 16384 ? 16384 : (int)len;
		int rc = SSL_write(s->ssl, data, chunk);
		if (rc <= 0)
			return -1;
		if (session_flush(s) != 0)
			return -1;
		data += rc;
		len -= (size_t)rc;
	}
	session_shrink(s);
	return 0;
}

SSL *np_tls_session_ssl(np_tls_session *s)
{
	return s->ssl;
}

void np_tls_session_free(np_tls_session *s)
{
	if (s == NULL)
		return;
	SSL_free(s->ssl); /* and the two BIOs */
	free(s);
}
