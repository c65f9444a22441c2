/* common/np_tls: the server's key and certificate are made once with the
 * right modes, their fingerprint is the SHA-256 of the certificate, and two
 * memory-BIO sessions wired to each other complete a TLS 1.3 handshake and
 * carry bytes both ways; a TLS 1.2 client is refused, and a client sees
 * another server's certificate as another fingerprint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "common/np_tls.h"

typedef struct pair_dir {
	char dir[128];
	char cert[200], key[200];
} pair_dir;

static void pair_make(pair_dir *p)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(p->dir, sizeof p->dir, "%s/netpont-tls-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(p->dir));
	snprintf(p->cert, sizeof p->cert, "%s/cert.pem", p->dir);
	snprintf(p->key, sizeof p->key, "%s/key.pem", p->dir);
	char err[512];
	assert_int_equal(np_tls_ensure_pair(p->cert, p->key, true, err, sizeof err), 0);
}

static void pair_remove(pair_dir *p)
{
	unlink(p->cert);
	unlink(p->key);
	rmdir(p->dir);
}

/* Each session's ciphertext goes straight into the other. */
typedef struct wire {
	np_tls_session *peer;
	char received[256];
	size_t received_len;
	bool broken;
} wire;

static int collect(void *arg, const uint8_t *data, size_t len)
{
	wire *w = arg;
	assert_true(w->received_len + len < sizeof w->received);
	memcpy(w->received + w->received_len, data, len);
	w->received_len += len;
	return 0;
}

static wire server_end, client_end;

static int to_server(void *arg, const uint8_t *data, size_t len)
{
	(void)arg;
	if (np_tls_session_feed(server_end.peer, data, len, collect, &server_end) != 0)
		server_end.broken = true;
	return 0;
}

static int to_client(void *arg, const uint8_t *data, size_t len)
{
	(void)arg;
	if (np_tls_session_feed(client_end.peer, data, len, collect, &client_end) != 0)
		client_end.broken = true;
	return 0;
}

/* A server session on ctx and a client session on client_ctx, wired
 * together; the handshake runs as far as it goes. */
static void handshake(SSL_CTX *server_ctx, SSL_CTX *client_ctx, np_tls_session **server,
                      np_tls_session **client)
{
	memset(&server_end, 0, sizeof server_end);
	memset(&client_end, 0, sizeof client_end);
	*server = np_tls_session_new(server_ctx, true, to_client, NULL);
	*client = np_tls_session_new(client_ctx, false, to_server, NULL);
	assert_non_null(*server);
	assert_non_null(*client);
	server_end.peer = *server;
	client_end.peer = *client;
	if (np_tls_session_start(*client) != 0)
		client_end.broken = true;
}

static void test_pair_is_made_once_with_a_private_key(void **state)
{
	(void)state;
	pair_dir p;
	pair_make(&p);
	struct stat st;
	assert_int_equal(stat(p.key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char err[512];
	char first[NP_FINGERPRINT_SIZE], again[NP_FINGERPRINT_SIZE];
	SSL_CTX *ctx = np_tls_server_context(p.cert, p.key, first, err, sizeof err);
	assert_non_null(ctx);
	SSL_CTX_free(ctx);
	/* A second call keeps the pair. */
	assert_int_equal(np_tls_ensure_pair(p.cert, p.key, true, err, sizeof err), 0);
	ctx = np_tls_server_context(p.cert, p.key, again, err, sizeof err);
	SSL_CTX_free(ctx);
	assert_string_equal(first, again);
	assert_int_equal(strlen(first), 64);
	/* The fingerprint is that of the certificate file. */
	FILE *f = fopen(p.cert, "r");
	X509 *cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	char of_file[NP_FINGERPRINT_SIZE];
	assert_int_equal(np_tls_fingerprint_of(cert, of_file), 0);
	X509_free(cert);
	assert_string_equal(first, of_file);
	pair_remove(&p);
}

static void test_half_a_pair_is_refused(void **state)
{
	(void)state;
	pair_dir p;
	pair_make(&p);
	unlink(p.key);
	char err[512];
	assert_int_equal(np_tls_ensure_pair(p.cert, p.key, true, err, sizeof err), -1);
	assert_non_null(strstr(err, p.key));
	assert_int_not_equal(access(p.key, F_OK), 0);
	pair_remove(&p);
}

static void test_fingerprint_parse(void **state)
{
	(void)state;
	char out[NP_FINGERPRINT_SIZE];
	const char *lower = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	assert_true(np_fingerprint_parse(
	    "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", out));
	assert_string_equal(out, lower);
	assert_true(np_fingerprint_parse("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:"
	                                 "23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF",
	                                 out));
	assert_string_equal(out, lower);
	assert_false(np_fingerprint_parse("0123", out));
	assert_false(np_fingerprint_parse("", out));
	assert_false(np_fingerprint_parse(
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg", out));
	assert_false(np_fingerprint_parse(
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00", out));
}

static void test_handshake_carries_bytes_and_shows_the_fingerprint(void **state)
{
	(void)state;
	pair_dir p;
	pair_make(&p);
	char err[512], fingerprint[NP_FINGERPRINT_SIZE], seen[NP_FINGERPRINT_SIZE];
	SSL_CTX *server_ctx = np_tls_server_context(p.cert, p.key, fingerprint, err, sizeof err);
	SSL_CTX *client_ctx = np_tls_client_context();
	np_tls_session *server, *client;
	handshake(server_ctx, client_ctx, &server, &client);
	assert_false(server_end.broken || client_end.broken);
	assert_true(np_tls_session_ready(client));
	assert_true(np_tls_session_ready(server));
	assert_string_equal(SSL_get_version(np_tls_session_ssl(client)), "TLSv1.3");
	assert_int_equal(np_tls_peer_fingerprint(np_tls_session_ssl(client), seen), 0);
	assert_string_equal(seen, fingerprint);

	assert_int_equal(np_tls_session_write(client, (const uint8_t *)"hello", 5), 0);
	assert_int_equal(np_tls_session_write(server, (const uint8_t *)"welcome", 7), 0);
	assert_int_equal(server_end.received_len, 5);
	assert_memory_equal(server_end.received, "hello", 5);
	assert_int_equal(client_end.received_len, 7);
	assert_memory_equal(client_end.received, "welcome", 7);

	np_tls_session_free(server);
	np_tls_session_free(client);
	SSL_CTX_free(client_ctx);
	SSL_CTX_free(server_ctx);
	pair_remove(&p);
}

/* A client sees another server's certificate as another fingerprint: what
 * the agent and netpontctl compare before they send anything. */
static void test_another_server_has_another_fingerprint(void **state)
{
	(void)state;
	pair_dir pinned, other;
	pair_make(&pinned);
	pair_make(&other);
	char err[512], want[NP_FINGERPRINT_SIZE], seen[NP_FINGERPRINT_SIZE];
	SSL_CTX *pinned_ctx = np_tls_server_context(pinned.cert, pinned.key, want, err, sizeof err);
	SSL_CTX *other_ctx = np_tls_server_context(other.cert, other.key, NULL, err, sizeof err);
	SSL_CTX *client_ctx = np_tls_client_context();
	np_tls_session *server, *client;
	handshake(other_ctx, client_ctx, &server, &client);
	assert_true(np_tls_session_ready(client));
	assert_int_equal(np_tls_peer_fingerprint(np_tls_session_ssl(client), seen), 0);
	assert_string_not_equal(seen, want);
	np_tls_session_free(server);
	np_tls_session_free(client);
	SSL_CTX_free(client_ctx);
	SSL_CTX_free(other_ctx);
	SSL_CTX_free(pinned_ctx);
	pair_remove(&pinned);
	pair_remove(&other);
}

static void test_tls12_client_is_refused(void **state)
{
	(void)state;
	pair_dir p;
	pair_make(&p);
	char err[512];
	SSL_CTX *server_ctx = np_tls_server_context(p.cert, p.key, NULL, err, sizeof err);
	SSL_CTX *old_client = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_max_proto_version(old_client, TLS1_2_VERSION);
	np_tls_session *server, *client;
	handshake(server_ctx, old_client, &server, &client);
	assert_true(server_end.broken);
	assert_false(np_tls_session_ready(server));
	assert_false(np_tls_session_ready(client));
	np_tls_session_free(server);
	np_tls_session_free(client);
	SSL_CTX_free(old_client);
	SSL_CTX_free(server_ctx);
	pair_remove(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pair_is_made_once_with_a_private_key),
	    cmocka_unit_test(test_half_a_pair_is_refused),
	    cmocka_unit_test(test_fingerprint_parse),
	    cmocka_unit_test(test_handshake_carries_bytes_and_shows_the_fingerprint),
	    cmocka_unit_test(test_another_server_has_another_fingerprint),
	    cmocka_unit_test(test_tls12_client_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
