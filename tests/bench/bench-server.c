/* Benchmark of a running netpontd over loopback: how fast it answers and
 * how much memory it holds per connection. Not a test: it prints figures
 * for BENCHMARKS.md and fails only if the server misbehaves.
 *
 *   bench-server HOST:PORT USER PASSWORD SERVER_PID [CONNECTIONS] [REQUESTS]
 *
 * 1. Opens CONNECTIONS staff connections (Hello + Welcome each) and reads the
 *    server's resident memory (VmRSS) before and after.
 * 2. On one connection, asks for the whole seat list REQUESTS times, one
 *    page at a time (request → reply), and reports the median and 99th
 *    percentile latency of a whole list.
 * 3. Pipelines REQUESTS Pings and reports the rate.
 *
 * Every connection is TLS 1.3, as for every client; the server's
 * certificate must have the fingerprint in NETPONT_FINGERPRINT. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/np_address.h"
#include "common/np_tls.h"
#include "frame.h"
#include "pages.h"

static SSL_CTX *tls_context;
static char pinned[NP_FINGERPRINT_SIZE];

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A TLS connection to host:port whose certificate is the pinned one, or
 * NULL. */
static SSL *connect_to(const char *host, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return NULL;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, host, &a.sin_addr);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct timeval tv = {.tv_sec = 30};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return NULL;
	}
	SSL *ssl = SSL_new(tls_context);
	char seen[NP_FINGERPRINT_SIZE];
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_connect(ssl) != 1 ||
	    np_tls_peer_fingerprint(ssl, seen) != 0 || strcmp(seen, pinned) != 0) {
		SSL_free(ssl);
		close(fd);
		return NULL;
	}
	return ssl;
}

static void close_connection(SSL *ssl)
{
	int fd = SSL_get_fd(ssl);
	SSL_free(ssl);
	close(fd);
}

static int send_env(SSL *ssl, Netpont__Envelope *env)
{
	uint8_t *buf;
	size_t len;
	if (np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &buf, &len) != NP_FRAME_OK)
		return -1;
	size_t off = 0;
	while (off < len) {
		int n = SSL_write(ssl, buf + off, (int)(len - off));
		if (n <= 0) {
			free(buf);
			return -1;
		}
		off += (size_t)n;
	}
	free(buf);
	return 0;
}

/* Reads until a frame with the given id arrives (events are skipped). */
static Netpont__Envelope *read_reply(SSL *ssl, np_frame_reader *r, uint64_t id)
{
	static uint8_t buf[65536];
	static size_t have, pos;
	for (;;) {
		while (pos < have) {
			size_t used;
			Netpont__Envelope *env = NULL;
			int rc = np_frame_reader_feed(r, buf + pos, have - pos, &used, &env);
			pos += used;
			if (rc == NP_FRAME_OK) {
				if (env->id == id)
					return env;
				netpont__envelope__free_unpacked(env, NULL);
			} else if (rc < 0) {
				return NULL;
			}
		}
		int n = SSL_read(ssl, buf, sizeof buf);
		if (n <= 0)
			return NULL;
		have = (size_t)n;
		pos = 0;
	}
}

static int hello(SSL *ssl, const char *user, const char *password)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Hello h = NETPONT__HELLO__INIT;
	h.protocol_version = NP_PROTOCOL_VERSION;
	h.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	h.user = (char *)user;
	h.password = (char *)password;
	h.client_name = "bench-server";
	env.id = 1;
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &h;
	if (send_env(ssl, &env) != 0)
		return -1;
	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	Netpont__Envelope *rep = read_reply(ssl, &r, 1);
	np_frame_reader_reset(&r);
	int ok = rep && rep->body_case == NETPONT__ENVELOPE__BODY_WELCOME;
	if (rep)
		netpont__envelope__free_unpacked(rep, NULL);
	return ok ? 0 : -1;
}

static long rss_kib(long pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%ld/status", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long kib = -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: bench-server HOST:PORT USER PASSWORD SERVER_PID "
		                "[CONNECTIONS] [REQUESTS]\n");
		return 2;
	}
	np_address server;
	if (np_address_parse(argv[1], NP_DEFAULT_PORT, &server) != NP_ADDRESS_OK) {
		fprintf(stderr, "bench-server: HOST:PORT expected\n");
		return 2;
	}
	const char *user = argv[2], *password = argv[3];
	long pid = strtol(argv[4], NULL, 10);
	int conns = argc > 5 ? atoi(argv[5]) : 200;
	int requests = argc > 6 ? atoi(argv[6]) : 2000;
	if (!np_fingerprint_parse(getenv("NETPONT_FINGERPRINT"), pinned)) {
		fprintf(stderr, "bench-server: set NETPONT_FINGERPRINT to the server's fingerprint "
		                "(netpontd --fingerprint)\n");
		return 2;
	}
	tls_context = np_tls_client_context();

	long rss0 = rss_kib(pid);
	SSL **fds = calloc((size_t)conns, sizeof *fds);
	double t0 = now_s();
	for (int i = 0; i < conns; i++) {
		fds[i] = connect_to(server.host, server.port);
		if (fds[i] == NULL || hello(fds[i], user, password) != 0) {
			fprintf(stderr, "bench-server: connection %d failed: %s\n", i,
			        strerror(errno));
			return 1;
		}
	}
	double t_conn = now_s() - t0;
	long rss1 = rss_kib(pid);
	printf("connections: %d signed in in %.2f s (%.1f ms each, TLS and Argon2id included)\n",
	       conns, t_conn, 1000 * t_conn / conns);
	printf("server memory: %ld KiB before, %ld KiB with %d connections (%.1f KiB per "
	       "connection)\n",
	       rss0, rss1, conns, conns ? (double)(rss1 - rss0) / conns : 0.0);

	/* Request → reply latency of a seat list. */
	SSL *fd = fds[0];
	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	double *lat = calloc((size_t)requests, sizeof *lat);
	uint64_t id = 100;
	for (int i = 0; i < requests; i++) {
		/* The whole list, page after page, as the console loads it. */
		char cursor[NP_PAGE_CURSOR_MAX] = "";
		double a = now_s();
		do {
			Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
			Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
			sl.cursor = cursor;
			sl.page_size = NP_PAGE_CLIENT_ROWS;
			env.id = id++;
			env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
			env.seat_list = &sl;
			if (send_env(fd, &env) != 0)
				return 1;
			Netpont__Envelope *rep = read_reply(fd, &r, env.id);
			if (!rep || rep->body_case != NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY) {
				fprintf(stderr, "bench-server: seat list %d failed\n", i);
				return 1;
			}
			const char *next = np_page_next_cursor(rep);
			snprintf(cursor, sizeof cursor, "%s", next != NULL ? next : "");
			netpont__envelope__free_unpacked(rep, NULL);
		} while (cursor[0] != '\0');
		lat[i] = now_s() - a;
	}
	qsort(lat, (size_t)requests, sizeof *lat, cmp_double);
	printf("seat list, one at a time: median %.3f ms, p99 %.3f ms over %d requests\n",
	       1000 * lat[requests / 2], 1000 * lat[(requests * 99) / 100], requests);

	/* Pipelined pings. */
	Netpont__Ping ping = NETPONT__PING__INIT;
	double a = now_s();
	for (int i = 0; i < requests; i++) {
		Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
		env.id = 1000000 + (uint64_t)i;
		env.body_case = NETPONT__ENVELOPE__BODY_PING;
		env.ping = &ping;
		if (send_env(fd, &env) != 0)
			return 1;
	}
	for (int i = 0; i < requests; i++) {
		Netpont__Envelope *rep = read_reply(fd, &r, 1000000 + (uint64_t)i);
		if (!rep) {
			fprintf(stderr, "bench-server: ping reply %d missing\n", i);
			return 1;
		}
		netpont__envelope__free_unpacked(rep, NULL);
	}
	double dt = now_s() - a;
	printf("pipelined pings: %d in %.3f s (%.0f per second)\n", requests, dt, requests / dt);
	printf("server memory after: %ld KiB\n", rss_kib(pid));

	np_frame_reader_reset(&r);
	for (int i = 0; i < conns; i++)
		close_connection(fds[i]);
	free(fds);
	SSL_CTX_free(tls_context);
	free(lat);
	return 0;
}
