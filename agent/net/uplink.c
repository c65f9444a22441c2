#include "uplink.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define UPLINK_BASE_MS             500u
#define UPLINK_CAP_MS              30000u
#define UPLINK_REFUSED_MS          30000u /* after AUTH/VERSION: 30 s + up to 30 s jitter */
#define UPLINK_CONNECT_TIMEOUT_MS  10000u
#define UPLINK_DEFAULT_HEARTBEAT_S 15u

/* One heap block per outgoing frame, freed in the write callback. */
typedef struct uplink_write {
	uv_write_t req;
	uplink *u;
	size_t len;
	uint8_t bytes[];
} uplink_write;

static void uplink_attempt(uplink *u);
static void uplink_drop(uplink *u, const char *why);
static void on_written(uv_write_t *req, int status);

int uplink_init(uplink *u, uv_loop_t *loop, const char *host, const char *port, const char *seat,
                const char *token, const char *token_file, const char *fingerprint,
                const uplink_callbacks *cb, void *data)
{
	memset(u, 0, sizeof *u);
	if (!np_fingerprint_parse(fingerprint, u->fingerprint))
		return UV_EINVAL;
	u->loop = loop;
	u->data = data;
	u->cb = *cb;
	snprintf(u->host, sizeof u->host, "%s", host);
	snprintf(u->port, sizeof u->port, "%s", port);
	snprintf(u->seat, sizeof u->seat, "%s", seat);
	u->token = strdup(token);
	u->token_file = strdup(token_file != NULL ? token_file : "");
	u->tls_context = np_tls_client_context();
	if (u->token == NULL || u->token_file == NULL || u->tls_context == NULL) {
		free(u->token);
		free(u->token_file);
		SSL_CTX_free(u->tls_context);
		return UV_ENOMEM;
	}
	u->state = UPLINK_WAITING;
	u->next_id = 1;
	agent_backoff_init(&u->backoff, UPLINK_BASE_MS, UPLINK_CAP_MS);
	u->random_state = uv_hrtime() ^ ((uint64_t)getpid() << 32);
	np_frame_reader_init(&u->reader, UPLINK_MAX_FRAME);
	uv_timer_init(loop, &u->retry_timer);
	uv_timer_init(loop, &u->io_timer);
	u->retry_timer.data = u;
	u->io_timer.data = u;
	return 0;
}

bool uplink_is_up(const uplink *u)
{
	return u->state == UPLINK_UP;
}

uint64_t uplink_new_id(uplink *u)
{
	return u->next_id++;
}

/* Logs a failure unless it is the same as the last one, so a server that is
 * down for an hour leaves one line, not seven thousand. */
static void uplink_log_failure(uplink *u, const char *why)
{
	if (strcmp(u->last_logged, why) == 0)
		return;
	snprintf(u->last_logged, sizeof u->last_logged, "%s", why);
	agent_warn("%s", why);
}

static void on_retry_timer(uv_timer_t *t)
{
	uplink_attempt(t->data);
}

static void uplink_schedule_retry(uplink *u)
{
	assert(u->state != UPLINK_CLOSED);
	u->state = UPLINK_WAITING;
	uint64_t delay;
	if (u->refused)
		delay = UPLINK_REFUSED_MS +
		        agent_backoff_random(&u->random_state) % (UPLINK_REFUSED_MS + 1);
	else
		delay = agent_backoff_next(&u->backoff, agent_backoff_random(&u->random_state));
	uv_timer_start(&u->retry_timer, on_retry_timer, delay, 0);
}

static void uplink_maybe_closed(uplink *u)
{
	if (u->state == UPLINK_CLOSED && u->closing_handles == 0 && u->resolving == NULL &&
	    !u->tcp_open && u->close_cb != NULL) {
		void (*cb)(uplink *) = u->close_cb;
		u->close_cb = NULL;
		np_frame_reader_reset(&u->reader);
		free(u->token);
		free(u->token_file);
		u->token = u->token_file = NULL;
		SSL_CTX_free(u->tls_context);
		u->tls_context = NULL;
		cb(u);
	}
}

static void on_tcp_closed(uv_handle_t *h)
{
	uplink *u = h->data;
	u->tcp_open = false;
	np_tls_session_free(u->tls);
	u->tls = NULL;
	u->hello_sent = false;
	np_frame_reader_reset(&u->reader);
	np_frame_reader_init(&u->reader, UPLINK_MAX_FRAME);
	if (u->state == UPLINK_CLOSED) {
		uplink_maybe_closed(u);
		return;
	}
	uplink_schedule_retry(u);
}

/* Ends the current attempt or connection; the retry is scheduled once the
 * socket is closed. Safe to call more than once. */
static void uplink_drop(uplink *u, const char *why)
{
	bool was_up = u->state == UPLINK_UP;
	uv_timer_stop(&u->io_timer);
	if (u->state != UPLINK_CLOSED)
		u->state = UPLINK_WAITING;
	if (why != NULL && !was_up)
		uplink_log_failure(u, why);
	if (u->tcp_open && !uv_is_closing((uv_handle_t *)&u->tcp)) {
		uv_close((uv_handle_t *)&u->tcp, on_tcp_closed);
	} else if (!u->tcp_open && u->state == UPLINK_WAITING) {
		uplink_schedule_retry(u);
	}
	if (was_up) {
		if (why != NULL)
			agent_warn("%s", why);
		snprintf(u->last_logged, sizeof u->last_logged, "%s", why != NULL ? why : "");
		if (u->cb.on_down != NULL)
			u->cb.on_down(u, why != NULL ? why : "the connection closed");
	}
}

/* The TLS session's send callback: one heap block per piece of
 * ciphertext. Returns 0, or -1 (the link is being dropped). */
static int uplink_send_raw(void *arg, const uint8_t *data, size_t len)
{
	uplink *u = arg;
	if (u->queued_bytes + len > UPLINK_MAX_QUEUED) {
		uplink_drop(u, "The server does not read what this PC sends; reconnecting.");
		return -1;
	}
	uplink_write *w = malloc(sizeof *w + len);
	if (w == NULL)
		return -1;
	w->u = u;
	w->len = len;
	memcpy(w->bytes, data, len);
	uv_buf_t buf = uv_buf_init((char *)w->bytes, (unsigned)w->len);
	u->queued_bytes += w->len;
	int rc = uv_write(&w->req, (uv_stream_t *)&u->tcp, &buf, 1, on_written);
	if (rc != 0) {
		u->queued_bytes -= w->len;
		free(w);
		return -1;
	}
	return 0;
}

static int uplink_write_frame(uplink *u, const Netpont__Envelope *env)
{
	size_t len = np_frame_encoded_size(env);
	if (len - NP_FRAME_HEADER_SIZE > UPLINK_MAX_FRAME)
		return UV_E2BIG;
	if (u->tls == NULL || !u->hello_sent)
		return UV_ENOTCONN;
	uint8_t *frame = malloc(len);
	if (frame == NULL)
		return UV_ENOMEM;
	size_t packed = np_frame_pack(env, frame);
	int rc = np_tls_session_write(u->tls, frame, packed);
	free(frame);
	return rc == 0 ? 0 : UV_EPIPE;
}

static void on_written(uv_write_t *req, int status)
{
	uplink_write *w = (uplink_write *)req;
	uplink *u = w->u;
	u->queued_bytes -= w->len;
	free(w);
	if (status < 0 && status != UV_ECANCELED && u->state != UPLINK_CLOSED) {
		char why[640];
		snprintf(why, sizeof why, "Lost the connection to the server at %s:%s (%s).",
		         u->host, u->port, uv_strerror(status));
		uplink_drop(u, why);
	}
}

int uplink_send(uplink *u, const Netpont__Envelope *env)
{
	if (u->state != UPLINK_UP)
		return UV_ENOTCONN;
	return uplink_write_frame(u, env);
}

static void on_heartbeat(uv_timer_t *t)
{
	uplink *u = t->data;
	uint64_t now = uv_now(u->loop);
	if (now - u->last_heard_ms > 3ull * u->heartbeat_ms) {
		char why[640];
		snprintf(why, sizeof why,
		         "The server at %s:%s has been silent for %u seconds; reconnecting.",
		         u->host, u->port, 3 * u->heartbeat_ms / 1000);
		uplink_drop(u, why);
		return;
	}
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Ping ping = NETPONT__PING__INIT;
	env.id = uplink_new_id(u);
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	uplink_send(u, &env);
}

static void on_io_timeout(uv_timer_t *t)
{
	uplink *u = t->data;
	char why[640];
	snprintf(why, sizeof why,
	         u->state == UPLINK_CONNECTING
	             ? "Cannot reach the server at %s:%s: no answer within 10 seconds."
	             : "The server at %s:%s did not answer the greeting within 10 seconds.",
	         u->host, u->port);
	uplink_drop(u, why);
}

static void uplink_handshake_reply(uplink *u, const Netpont__Envelope *env)
{
	char why[900];
	if (env->body_case == NETPONT__ENVELOPE__BODY_WELCOME) {
		const Netpont__Welcome *w = env->welcome;
		u->state = UPLINK_UP;
		u->refused = false;
		u->last_logged[0] = '\0';
		agent_backoff_reset(&u->backoff);
		u->heartbeat_ms =
		    1000u * (w->heartbeat_s > 0 ? w->heartbeat_s : UPLINK_DEFAULT_HEARTBEAT_S);
		uv_timer_start(&u->io_timer, on_heartbeat, u->heartbeat_ms, u->heartbeat_ms);
		if (u->cb.on_up != NULL)
			u->cb.on_up(u, w);
		return;
	}
	if (env->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		const Netpont__Error *e = env->error;
		if (e->code == NETPONT__ERROR_CODE__ERROR_CODE_AUTH) {
			u->refused = true;
			/* Said every time (every 30-60 s): it needs a person. */
			u->last_logged[0] = '\0';
			snprintf(why, sizeof why,
			         "The server refused seat %s's token. Enrol it again with: "
			         "netpontctl seat add %s, and put the token it prints into %s. "
			         "(The server said: %s)",
			         u->seat, u->seat, u->token_file, e->message);
		} else if (e->code == NETPONT__ERROR_CODE__ERROR_CODE_VERSION) {
			u->refused = true;
			snprintf(why, sizeof why,
			         "The server speaks another protocol version; update netpont-agent "
			         "or netpontd. (The server said: %s)",
			         e->message);
		} else {
			snprintf(why, sizeof why, "The server refused the connection: %s",
			         e->message);
		}
		uplink_drop(u, why);
		return;
	}
	snprintf(why, sizeof why,
	         "Protocol error: the server at %s:%s answered the greeting with something "
	         "other than Welcome.",
	         u->host, u->port);
	uplink_drop(u, why);
}

/* Once the handshake is done: the Hello goes out only when the server's
 * certificate is the one pinned at enrolment. */
static void uplink_send_hello(uplink *u)
{
	char why[900];
	char seen[NP_FINGERPRINT_SIZE] = "none";
	if (np_tls_peer_fingerprint(np_tls_session_ssl(u->tls), seen) != 0 ||
	    strcmp(seen, u->fingerprint) != 0) {
		/* Someone else answers at the server's address, or the server's
		 * certificate was replaced: either way a person must look. */
		u->refused = true;
		snprintf(why, sizeof why,
		         "The server at %s:%s presented a certificate with the fingerprint %s, but "
		         "this seat expects %s (server_fingerprint); not connecting. If the "
		         "server's certificate was replaced, put the new fingerprint (netpontd "
		         "--fingerprint) into the agent's configuration.",
		         u->host, u->port, seen, u->fingerprint);
		uplink_drop(u, why);
		return;
	}
	u->hello_sent = true;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	hello.protocol_version = NP_PROTOCOL_VERSION;
	hello.role = NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
	hello.seat = u->seat;
	hello.token = u->token;
	hello.client_name = "netpont-agent " NETPONT_VERSION;
	hello.language = u->language;
	env.id = uplink_new_id(u);
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &hello;
	int rc = uplink_write_frame(u, &env);
	if (rc != 0) {
		snprintf(why, sizeof why, "Cannot talk to the server at %s:%s (%s).", u->host,
		         u->port, uv_strerror(rc));
		uplink_drop(u, why);
	}
}

static int uplink_deliver(void *arg, const uint8_t *data, size_t len);

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	uplink *u = h->data;
	(void)suggested;
	*buf = uv_buf_init((char *)u->read_buf, sizeof u->read_buf);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	uplink *u = s->data;
	char why[640];
	if (nread < 0) {
		if (nread == UV_EOF)
			snprintf(why, sizeof why, "The server at %s:%s closed the connection.",
			         u->host, u->port);
		else
			snprintf(why, sizeof why,
			         "Lost the connection to the server at %s:%s (%s).", u->host,
			         u->port, uv_strerror((int)nread));
		uplink_drop(u, why);
		return;
	}
	u->last_heard_ms = uv_now(u->loop);
	if (u->tls == NULL || np_tls_session_feed(u->tls, (const uint8_t *)buf->base, (size_t)nread,
	                                          uplink_deliver, u) != 0) {
		char tls_why[256];
		snprintf(why, sizeof why,
		         "The TLS handshake with the server at %s:%s failed (%s); reconnecting.",
		         u->host, u->port, np_tls_last_error(tls_why, sizeof tls_why));
		uplink_drop(u, why);
		return;
	}
	if (u->state == UPLINK_HANDSHAKE && !u->hello_sent && np_tls_session_ready(u->tls))
		uplink_send_hello(u);
}

/* The TLS session's deliver callback: plaintext into frames. Returns -1 to
 * stop once the link was dropped. */
static int uplink_deliver(void *arg, const uint8_t *data, size_t len)
{
	uplink *u = arg;
	char why[640];
	const uint8_t *p = data;
	size_t left = len;
	while (left > 0 && (u->state == UPLINK_HANDSHAKE || u->state == UPLINK_UP)) {
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&u->reader, p, left, &used, &env);
		p += used;
		left -= used;
		if (rc == NP_FRAME_NEED_MORE)
			break;
		if (rc != NP_FRAME_OK) {
			snprintf(why, sizeof why, "%s (from the server at %s:%s); reconnecting.",
			         np_frame_status_string(rc), u->host, u->port);
			uplink_drop(u, why);
			return -1;
		}
		if (u->state == UPLINK_HANDSHAKE)
			uplink_handshake_reply(u, env);
		else if (env->body_case != NETPONT__ENVELOPE__BODY_PONG &&
		         u->cb.on_envelope != NULL)
			u->cb.on_envelope(u, env);
		netpont__envelope__free_unpacked(env, NULL);
	}
	return u->state == UPLINK_HANDSHAKE || u->state == UPLINK_UP ? 0 : -1;
}

static void on_connected(uv_connect_t *req, int status)
{
	uplink *u = req->data;
	char why[640];
	if (u->state != UPLINK_CONNECTING)
		return; /* dropped (timeout or close) meanwhile; the close callback follows */
	if (status < 0) {
		snprintf(why, sizeof why, "Cannot reach the server at %s:%s (%s).", u->host,
		         u->port, uv_strerror(status));
		uplink_drop(u, why);
		return;
	}
	uv_tcp_nodelay(&u->tcp, 1);
	uv_tcp_keepalive(&u->tcp, 1, 30);
	u->state = UPLINK_HANDSHAKE;
	u->last_heard_ms = uv_now(u->loop);
	u->hello_sent = false;
	u->tls = np_tls_session_new(u->tls_context, false, uplink_send_raw, u);
	int rc =
	    u->tls != NULL ? uv_read_start((uv_stream_t *)&u->tcp, on_alloc, on_read) : UV_ENOMEM;
	if (rc == 0 && np_tls_session_start(u->tls) != 0)
		rc = UV_EPROTO;
	if (rc != 0) {
		snprintf(why, sizeof why, "Cannot talk to the server at %s:%s (%s).", u->host,
		         u->port, uv_strerror(rc));
		uplink_drop(u, why);
		return;
	}
	uv_timer_start(&u->io_timer, on_io_timeout, UPLINK_CONNECT_TIMEOUT_MS, 0);
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	uplink *u = req->data;
	u->resolving = NULL;
	free(req);
	char why[640];
	if (u->state == UPLINK_CLOSED) {
		if (res != NULL)
			uv_freeaddrinfo(res);
		uplink_maybe_closed(u);
		return;
	}
	if (status < 0) {
		snprintf(why, sizeof why, "Cannot find the server host '%s' (%s).", u->host,
		         uv_strerror(status));
		uplink_drop(u, why);
		return;
	}
	int rc = uv_tcp_init(u->loop, &u->tcp);
	if (rc == 0) {
		u->tcp.data = u;
		u->tcp_open = true;
		u->connect_req.data = u;
		u->state = UPLINK_CONNECTING;
		rc = uv_tcp_connect(&u->connect_req, &u->tcp, res->ai_addr, on_connected);
	}
	uv_freeaddrinfo(res);
	if (rc != 0) {
		snprintf(why, sizeof why, "Cannot connect to the server at %s:%s (%s).", u->host,
		         u->port, uv_strerror(rc));
		uplink_drop(u, why);
		return;
	}
	uv_timer_start(&u->io_timer, on_io_timeout, UPLINK_CONNECT_TIMEOUT_MS, 0);
}

static void uplink_attempt(uplink *u)
{
	assert(u->state == UPLINK_WAITING && !u->tcp_open && u->resolving == NULL);
	uv_getaddrinfo_t *req = malloc(sizeof *req);
	if (req == NULL) {
		uplink_schedule_retry(u);
		return;
	}
	req->data = u;
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	u->state = UPLINK_RESOLVING;
	u->resolving = req;
	int rc = uv_getaddrinfo(u->loop, req, on_resolved, u->host, u->port, &hints);
	if (rc != 0) {
		u->resolving = NULL;
		free(req);
		char why[640];
		snprintf(why, sizeof why, "Cannot look up the server host '%s' (%s).", u->host,
		         uv_strerror(rc));
		uplink_drop(u, why);
	}
}

void uplink_set_language(uplink *u, const char *language)
{
	snprintf(u->language, sizeof u->language, "%s", language != NULL ? language : "");
}

void uplink_start(uplink *u)
{
	uplink_attempt(u);
}

static void on_timer_closed(uv_handle_t *h)
{
	uplink *u = h->data;
	u->closing_handles--;
	uplink_maybe_closed(u);
}

void uplink_close(uplink *u, void (*cb)(uplink *u))
{
	u->state = UPLINK_CLOSED;
	u->close_cb = cb;
	if (u->resolving != NULL)
		uv_cancel((uv_req_t *)u->resolving); /* on_resolved still runs, with ECANCELED */
	if (u->tcp_open && !uv_is_closing((uv_handle_t *)&u->tcp))
		uv_close((uv_handle_t *)&u->tcp, on_tcp_closed);
	u->closing_handles = 2;
	uv_close((uv_handle_t *)&u->retry_timer, on_timer_closed);
	uv_close((uv_handle_t *)&u->io_timer, on_timer_closed);
}
