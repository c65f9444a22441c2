/* netpontctl's blocking client (console/ctl/client.c) against a peer on the
 * other end of a socketpair that writes real frames with the shared codec:
 * replies are matched by id, events are skipped, frames split across reads
 * are joined, and a silent, closing or garbling peer gives the right status
 * within the deadline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"

typedef struct peer {
	int fd;
	/* What the peer does after reading the request frame. */
	enum {
		PEER_EVENTS_THEN_REPLY,
		PEER_SPLIT_REPLY,
		PEER_SILENT,
		PEER_CLOSE,
		PEER_GARBAGE,
		PEER_WELCOME
	} script;
	uint64_t request_id; /* read from the request */
	Netpont__Envelope__BodyCase request_case;
} peer;

static void write_all(int fd, const uint8_t *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		assert_true(n > 0);
		data += n;
		len -= (size_t)n;
	}
}

static void write_frame(int fd, const Netpont__Envelope *env)
{
	uint8_t *buf;
	size_t len;
	assert_int_equal(np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &buf, &len), NP_FRAME_OK);
	write_all(fd, buf, len);
	free(buf);
}

static void read_request(peer *p)
{
	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	uint8_t byte;
	Netpont__Envelope *env = NULL;
	/* One byte at a time: the peer must not read past the request. */
	while (env == NULL) {
		size_t used;
		assert_int_equal(read(p->fd, &byte, 1), 1);
		int rc = np_frame_reader_feed(&r, &byte, 1, &used, &env);
		assert_true(rc == NP_FRAME_OK || rc == NP_FRAME_NEED_MORE);
	}
	p->request_id = env->id;
	p->request_case = env->body_case;
	netpont__envelope__free_unpacked(env, NULL);
}

static void *peer_main(void *arg)
{
	peer *p = arg;
	read_request(p);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Ok ok = NETPONT__OK__INIT;
	Netpont__Pong pong = NETPONT__PONG__INIT;
	Netpont__Welcome welcome = NETPONT__WELCOME__INIT;
	switch (p->script) {
	case PEER_EVENTS_THEN_REPLY:
		/* An event (id 0) and a reply to someone else's id come first. */
		env.id = 0;
		env.body_case = NETPONT__ENVELOPE__BODY_PONG;
		env.pong = &pong;
		write_frame(p->fd, &env);
		env.id = p->request_id + 100;
		write_frame(p->fd, &env);
		env.id = p->request_id;
		env.body_case = NETPONT__ENVELOPE__BODY_OK;
		env.ok = &ok;
		write_frame(p->fd, &env);
		break;
	case PEER_SPLIT_REPLY: {
		env.id = p->request_id;
		env.body_case = NETPONT__ENVELOPE__BODY_PONG;
		pong.server_time = 1795481970;
		env.pong = &pong;
		uint8_t *buf;
		size_t len;
		assert_int_equal(np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &buf, &len), 0);
		for (size_t i = 0; i < len; i++) {
			write_all(p->fd, buf + i, 1);
			usleep(1000);
		}
		free(buf);
		break;
	}
	case PEER_SILENT:
		/* Hold the connection open past the client's deadline. */
		usleep(600 * 1000);
		break;
	case PEER_CLOSE:
		close(p->fd);
		p->fd = -1;
		break;
	case PEER_GARBAGE: {
		/* A header announcing more than the maximum frame. */
		static const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff};
		write_all(p->fd, huge, sizeof huge);
		break;
	}
	case PEER_WELCOME:
		env.id = p->request_id;
		env.body_case = NETPONT__ENVELOPE__BODY_WELCOME;
		welcome.currency = "HUF";
		welcome.heartbeat_s = 20;
		welcome.staff_name = "dora";
		env.welcome = &welcome;
		write_frame(p->fd, &env);
		break;
	}
	return NULL;
}

/* Connects a client to a peer thread running script; returns the thread. */
static pthread_t start_peer(ctl_client *c, peer *p, int script)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ctl_client_init(c);
	c->fd = sv[0];
	c->reply_timeout_ms = 300;
	memset(p, 0, sizeof *p);
	p->fd = sv[1];
	p->script = script;
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, peer_main, p), 0);
	return t;
}

static void finish_peer(ctl_client *c, peer *p, pthread_t t)
{
	pthread_join(t, NULL);
	if (p->fd >= 0)
		close(p->fd);
	ctl_client_close(c);
}

static int request_ping(ctl_client *c, Netpont__Envelope **reply)
{
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = NETPONT__ENVELOPE__BODY_PING;
	req.ping = &ping;
	return ctl_client_request(c, &req, reply);
}

static void test_skips_events(void **state)
{
	ctl_client c;
	peer p;
	pthread_t t = start_peer(&c, &p, PEER_EVENTS_THEN_REPLY);
	Netpont__Envelope *reply = NULL;
	assert_int_equal(request_ping(&c, &reply), CTL_CLIENT_OK);
	assert_int_equal(reply->body_case, NETPONT__ENVELOPE__BODY_OK);
	assert_int_equal(reply->id, p.request_id);
	assert_int_equal(p.request_case, NETPONT__ENVELOPE__BODY_PING);
	netpont__envelope__free_unpacked(reply, NULL);
	finish_peer(&c, &p, t);
}

static void test_split_reply(void **state)
{
	ctl_client c;
	peer p;
	pthread_t t = start_peer(&c, &p, PEER_SPLIT_REPLY);
	c.reply_timeout_ms = 5000;
	Netpont__Envelope *reply = NULL;
	assert_int_equal(request_ping(&c, &reply), CTL_CLIENT_OK);
	assert_int_equal(reply->body_case, NETPONT__ENVELOPE__BODY_PONG);
	assert_int_equal(reply->pong->server_time, 1795481970);
	netpont__envelope__free_unpacked(reply, NULL);
	finish_peer(&c, &p, t);
}

static void test_silent_peer_times_out(void **state)
{
	ctl_client c;
	peer p;
	pthread_t t = start_peer(&c, &p, PEER_SILENT);
	Netpont__Envelope *reply = NULL;
	assert_int_equal(request_ping(&c, &reply), CTL_CLIENT_TIMEOUT);
	assert_null(reply);
	finish_peer(&c, &p, t);
}

static void test_closing_peer(void **state)
{
	ctl_client c;
	peer p;
	pthread_t t = start_peer(&c, &p, PEER_CLOSE);
	Netpont__Envelope *reply = NULL;
	/* The peer reads the request, then hangs up without a reply. */
	assert_int_equal(request_ping(&c, &reply), CTL_CLIENT_LOST);
	assert_null(reply);
	finish_peer(&c, &p, t);
}

static void test_oversized_frame(void **state)
{
	ctl_client c;
	peer p;
	pthread_t t = start_peer(&c, &p, PEER_GARBAGE);
	Netpont__Envelope *reply = NULL;
	assert_int_equal(request_ping(&c, &reply), CTL_CLIENT_PROTOCOL);
	finish_peer(&c, &p, t);
}

static void test_hello_reads_welcome(void **state)
{
	ctl_client c;
	peer p;
	pthread_t t = start_peer(&c, &p, PEER_WELCOME);
	Netpont__Envelope *reply = NULL;
	assert_int_equal(ctl_client_hello_staff(&c, "dora", "dora-password", &reply),
	                 CTL_CLIENT_OK);
	assert_int_equal(p.request_case, NETPONT__ENVELOPE__BODY_HELLO);
	assert_int_equal(reply->body_case, NETPONT__ENVELOPE__BODY_WELCOME);
	assert_string_equal(c.currency, "HUF");
	assert_string_equal(c.staff_name, "dora");
	assert_int_equal(c.heartbeat_s, 20);
	assert_true(ctl_client_idle_ms(&c) >= 0);
	netpont__envelope__free_unpacked(reply, NULL);
	finish_peer(&c, &p, t);
	/* Closing twice is harmless. */
	ctl_client_close(&c);
}

static void test_unreachable(void **state)
{
	ctl_client c;
	ctl_client_init(&c);
	assert_int_equal(ctl_client_connect_unix(&c, "/nonexistent/netpont.sock"),
	                 CTL_CLIENT_UNREACHABLE);
	assert_int_equal(c.fd, -1);
	ctl_client_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_skips_events),
	    cmocka_unit_test(test_split_reply),
	    cmocka_unit_test(test_silent_peer_times_out),
	    cmocka_unit_test(test_closing_peer),
	    cmocka_unit_test(test_oversized_frame),
	    cmocka_unit_test(test_hello_reads_welcome),
	    cmocka_unit_test(test_unreachable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
