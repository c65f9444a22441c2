/* netpontctl's client: the blocking transport (ctl_client_*), then the
 * connection a command uses (ctl_connect, ctl_call). */
#include "ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ctl_client_init(ctl_client *c)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	c->next_id = 1;
	c->reply_timeout_ms = CTL_REPLY_TIMEOUT_MS;
	c->heartbeat_s = 15;
	np_frame_reader_init(&c->reader, NP_FRAME_DEFAULT_MAX);
}

/* Waits until fd is ready for events or the deadline passes: 1 ready,
 * 0 timed out, -1 error. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return 0;
		struct pollfd p = {.fd = fd, .events = events};
		int rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -1;
		if (rc == 0)
			return 0;
		return 1;
	}
}

/* A non-blocking connect bounded by the deadline. */
static int tls_handshake(ctl_client *c, int64_t deadline);

static int connect_with_deadline(int fd, const struct sockaddr *addr, socklen_t len,
                                 int64_t deadline)
{
	int flags = fcntl(fd, F_GETFL, 0);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -1;
	if (connect(fd, addr, len) < 0) {
		if (errno != EINPROGRESS)
			return -1;
		if (wait_fd(fd, POLLOUT, deadline) != 1)
			return -1;
		int err = 0;
		socklen_t err_len = sizeof err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) < 0 || err != 0)
			return -1;
	}
	/* The socket stays non-blocking; every read and write goes through poll. */
	return 0;
}

int ctl_client_connect_tcp(ctl_client *c, const char *host, uint16_t port)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	struct addrinfo *list = NULL;
	char service[8];
	int64_t deadline = now_ms() + CTL_CONNECT_TIMEOUT_MS;

	snprintf(service, sizeof service, "%u", (unsigned)port);
	if (getaddrinfo(host, service, &hints, &list) != 0)
		return CTL_CLIENT_UNREACHABLE;
	for (struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect_with_deadline(fd, ai->ai_addr, ai->ai_addrlen, deadline) == 0) {
			c->fd = fd;
			c->last_reply_ms = now_ms();
			break;
		}
		close(fd);
	}
	freeaddrinfo(list);
	if (c->fd < 0)
		return CTL_CLIENT_UNREACHABLE;
	return tls_handshake(c, deadline);
}

/* Waits as OpenSSL asks after a call returned rc: CTL_CLIENT_OK to try
 * again, or why not. */
static int tls_wait(ctl_client *c, int rc, int64_t deadline)
{
	int e = SSL_get_error(c->ssl, rc);
	short events;
	if (e == SSL_ERROR_WANT_READ)
		events = POLLIN;
	else if (e == SSL_ERROR_WANT_WRITE)
		events = POLLOUT;
	else if (e == SSL_ERROR_ZERO_RETURN || e == SSL_ERROR_SYSCALL)
		return CTL_CLIENT_LOST;
	else
		return CTL_CLIENT_TLS;
	int ready = wait_fd(c->fd, events, deadline);
	if (ready == 0)
		return CTL_CLIENT_TIMEOUT;
	return ready < 0 ? CTL_CLIENT_LOST : CTL_CLIENT_OK;
}

/* The TLS 1.3 handshake on the connected c->fd (non-blocking). */
static int tls_handshake(ctl_client *c, int64_t deadline)
{
	if (c->tls_context == NULL && (c->tls_context = np_tls_client_context()) == NULL)
		return CTL_CLIENT_NO_MEMORY;
	c->ssl = SSL_new(c->tls_context);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
		return CTL_CLIENT_NO_MEMORY;
	SSL_set_connect_state(c->ssl);
	for (;;) {
		int rc = SSL_do_handshake(c->ssl);
		if (rc == 1)
			break;
		rc = tls_wait(c, rc, deadline);
		if (rc == CTL_CLIENT_TLS || rc == CTL_CLIENT_LOST)
			np_tls_last_error(c->tls_error, sizeof c->tls_error);
		if (rc == CTL_CLIENT_LOST)
			rc = CTL_CLIENT_TLS;
		if (rc != CTL_CLIENT_OK)
			return rc;
	}
	if (np_tls_peer_fingerprint(c->ssl, c->fingerprint) != 0) {
		snprintf(c->tls_error, sizeof c->tls_error, "%s", "no certificate");
		return CTL_CLIENT_TLS;
	}
	return CTL_CLIENT_OK;
}

int ctl_client_connect_unix(ctl_client *c, const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof addr.sun_path)
		return CTL_CLIENT_UNREACHABLE;
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return CTL_CLIENT_UNREACHABLE;
	if (connect_with_deadline(fd, (struct sockaddr *)&addr, sizeof addr,
	                          now_ms() + CTL_CONNECT_TIMEOUT_MS) < 0) {
		close(fd);
		return CTL_CLIENT_UNREACHABLE;
	}
	c->fd = fd;
	c->last_reply_ms = now_ms();
	return CTL_CLIENT_OK;
}

static int send_all(ctl_client *c, const uint8_t *data, size_t len, int64_t deadline)
{
	while (len > 0 && c->ssl != NULL) {
		int n = SSL_write(c->ssl, data, len > INT32_MAX ? INT32_MAX : (int)len);
		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		int rc = tls_wait(c, n, deadline);
		if (rc != CTL_CLIENT_OK)
			return rc == CTL_CLIENT_TLS ? CTL_CLIENT_LOST : rc;
	}
	while (len > 0) {
		ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			int rc = wait_fd(c->fd, POLLOUT, deadline);
			if (rc == 0)
				return CTL_CLIENT_TIMEOUT;
			if (rc < 0)
				return CTL_CLIENT_LOST;
			continue;
		}
		return CTL_CLIENT_LOST;
	}
	return CTL_CLIENT_OK;
}

static int send_envelope(ctl_client *c, const Netpont__Envelope *env, int64_t deadline)
{
	uint8_t *frame = NULL;
	size_t len = 0;
	int rc = np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &frame, &len);
	if (rc == NP_FRAME_NO_MEMORY)
		return CTL_CLIENT_NO_MEMORY;
	if (rc != NP_FRAME_OK)
		return CTL_CLIENT_PROTOCOL;
	rc = send_all(c, frame, len, deadline);
	free(frame);
	return rc;
}

/* Reads the next whole frame before the deadline. */
static int read_envelope(ctl_client *c, int64_t deadline, Netpont__Envelope **out)
{
	for (;;) {
		while (c->input_off < c->input_len) {
			size_t used = 0;
			int rc = np_frame_reader_feed(&c->reader, c->input + c->input_off,
			                              c->input_len - c->input_off, &used, out);
			c->input_off += used;
			if (rc == NP_FRAME_OK) {
				c->last_reply_ms = now_ms();
				return CTL_CLIENT_OK;
			}
			if (rc == NP_FRAME_NO_MEMORY)
				return CTL_CLIENT_NO_MEMORY;
			if (rc != NP_FRAME_NEED_MORE)
				return CTL_CLIENT_PROTOCOL;
		}
		c->input_len = c->input_off = 0;

		if (c->ssl != NULL) {
			/* Try first: OpenSSL may hold decrypted bytes the socket
			 * no longer shows. */
			int n = SSL_read(c->ssl, c->input, sizeof c->input);
			if (n > 0) {
				c->input_len = (size_t)n;
				continue;
			}
			int rc = tls_wait(c, n, deadline);
			if (rc != CTL_CLIENT_OK)
				return rc == CTL_CLIENT_TLS ? CTL_CLIENT_LOST : rc;
			continue;
		}
		int ready = wait_fd(c->fd, POLLIN, deadline);
		if (ready == 0)
			return CTL_CLIENT_TIMEOUT;
		if (ready < 0)
			return CTL_CLIENT_LOST;
		ssize_t n = recv(c->fd, c->input, sizeof c->input, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0)
			return CTL_CLIENT_LOST;
		c->input_len = (size_t)n;
	}
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

int ctl_client_hello_staff(ctl_client *c, const char *user, const char *password,
                           Netpont__Envelope **reply)
{
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	int64_t deadline = now_ms() + c->reply_timeout_ms;

	hello.protocol_version = NP_PROTOCOL_VERSION;
	hello.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	hello.user = (char *)user;
	hello.password = (char *)password;
	hello.client_name = "netpontctl " NETPONT_VERSION;
	hello.language = c->language;
	env.id = c->next_id++;
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &hello;

	int rc = send_envelope(c, &env, deadline);
	if (rc != CTL_CLIENT_OK)
		return rc;
	for (;;) {
		Netpont__Envelope *in = NULL;
		rc = read_envelope(c, deadline, &in);
		if (rc != CTL_CLIENT_OK)
			return rc;
		if (in->body_case == NETPONT__ENVELOPE__BODY_WELCOME) {
			Netpont__Welcome *w = in->welcome;
			c->currency = dup_or_null(w->currency);
			c->currency_decimals = w->currency_decimals;
			c->site_name = dup_or_null(w->site_name);
			c->staff_name = dup_or_null(w->staff_name);
			c->staff_role = w->staff_role;
			if (w->heartbeat_s > 0)
				c->heartbeat_s = w->heartbeat_s;
			*reply = in;
			return CTL_CLIENT_OK;
		}
		if (in->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
			*reply = in;
			return CTL_CLIENT_OK;
		}
		/* Nothing else may come before the Welcome; ignore it. */
		netpont__envelope__free_unpacked(in, NULL);
	}
}

int ctl_client_request(ctl_client *c, Netpont__Envelope *req, Netpont__Envelope **reply)
{
	int64_t deadline = now_ms() + c->reply_timeout_ms;
	req->id = c->next_id++;
	int rc = send_envelope(c, req, deadline);
	if (rc != CTL_CLIENT_OK)
		return rc;
	for (;;) {
		Netpont__Envelope *in = NULL;
		rc = read_envelope(c, deadline, &in);
		if (rc != CTL_CLIENT_OK)
			return rc;
		if (in->id == req->id ||
		    (in->id == 0 && in->body_case == NETPONT__ENVELOPE__BODY_ERROR)) {
			*reply = in;
			return CTL_CLIENT_OK;
		}
		/* An event, or a stray reply: not ours. */
		netpont__envelope__free_unpacked(in, NULL);
	}
}

int64_t ctl_client_idle_ms(const ctl_client *c)
{
	return now_ms() - c->last_reply_ms;
}

void ctl_client_close(ctl_client *c)
{
	SSL_free(c->ssl);
	c->ssl = NULL;
	SSL_CTX_free(c->tls_context);
	c->tls_context = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	np_frame_reader_reset(&c->reader);
	c->input_len = c->input_off = 0;
	free(c->currency);
	free(c->site_name);
	free(c->staff_name);
	c->currency = c->site_name = c->staff_name = NULL;
}

/* ---------------------------------------------------------------- netpontctl's connection */

/* Reads a secret from the terminal without echo. Returns a new string
 * (g_free after wiping), or NULL when there is no terminal. */
static char *read_secret(const char *prompt)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (tty == NULL)
		return NULL;
	struct termios old, quiet;
	bool restore = tcgetattr(fileno(tty), &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	fputs(prompt, tty);
	fflush(tty);
	char line[512];
	char *result = NULL;
	if (fgets(line, sizeof line, tty) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		result = g_strdup(line);
	}
	explicit_bzero(line, sizeof line);
	if (restore)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	return result;
}

void ctl_free_secret(char *secret)
{
	if (secret != NULL) {
		explicit_bzero(secret, strlen(secret));
		g_free(secret);
	}
}

/* The sentences of one kind of new secret, marked N_(). */
typedef struct new_secret_words {
	const char *env;       /* the environment variable that may hold it */
	const char *first;     /* the first prompt */
	const char *second;    /* the prompt to type it again */
	const char *no_source; /* neither the variable nor a terminal */
	const char *empty;
	const char *differ;
} new_secret_words;

/* A new secret from its environment variable, or asked twice on the
 * terminal without echo. Returns a new string (ctl_free_secret), or NULL
 * after printing why. */
static char *new_secret(const new_secret_words *w)
{
	const char *env = getenv(w->env);
	if (env != NULL && *env != '\0')
		return g_strdup(env);
	char *first = read_secret(_(w->first));
	if (first == NULL) {
		ctl_error("%s", _(w->no_source));
		return NULL;
	}
	char *second = read_secret(_(w->second));
	if (second == NULL || strcmp(first, second) != 0 || *first == '\0') {
		ctl_error("%s", *first == '\0' ? _(w->empty) : _(w->differ));
		ctl_free_secret(first);
		ctl_free_secret(second);
		return NULL;
	}
	ctl_free_secret(second);
	return first;
}

char *ctl_new_password(void)
{
	static const new_secret_words words = {
	    "NETPONT_NEW_PASSWORD",
	    N_("New password: "),
	    N_("The same password again: "),
	    N_("No password for the new account: set NETPONT_NEW_PASSWORD or run netpontctl in a "
	       "terminal."),
	    N_("The password must not be empty."),
	    N_("The two passwords are not the same."),
	};
	return new_secret(&words);
}

char *ctl_new_pin(const char *given)
{
	static const new_secret_words words = {
	    "NETPONT_PIN",
	    N_("New PIN: "),
	    N_("The same PIN again: "),
	    N_("No PIN for the resident: set NETPONT_PIN or run netpontctl in a terminal."),
	    N_("The PIN must not be empty."),
	    N_("The two PINs are not the same."),
	};
	if (given == NULL)
		return new_secret(&words);
	/* Still accepted, so that old scripts work, but said every time. */
	fprintf(stderr, "netpontctl: %s\n",
	        _("warning: a PIN given with --pin is visible to other users of this computer "
	          "(in the list of running programs); use NETPONT_PIN or the prompt instead."));
	return g_strdup(given);
}

static int report_client_failure(const ctl_ctx *ctx, int status)
{
	const char *where = ctx->agent_socket != NULL ? ctx->agent_socket : ctx->server_text;
	switch (status) {
	case CTL_CLIENT_UNREACHABLE:
		if (ctx->agent_socket != NULL)
			ctl_error(
			    _("Cannot reach the Netpont agent at %s — is netpont-agent running?"),
			    where);
		else
			ctl_error(_("Cannot reach the Netpont server at %s — is netpontd running?"),
			          where);
		break;
	case CTL_CLIENT_TIMEOUT:
		ctl_error(_("%s did not answer in time."), where);
		break;
	case CTL_CLIENT_PROTOCOL:
		ctl_error(_("%s sent something netpontctl does not understand."), where);
		break;
	case CTL_CLIENT_NO_MEMORY:
		ctl_error("%s", _("Out of memory."));
		break;
	case CTL_CLIENT_TLS:
		ctl_error(_("The TLS handshake with %s failed (%s); is it a Netpont server of this "
		            "version?"),
		          where, ctx->client.tls_error);
		break;
	default:
		ctl_error(_("The connection to %s was lost."), where);
		break;
	}
	return CTL_EXIT_CONNECT;
}

/* Opens the TCP connection and checks the server's certificate before
 * anything secret is sent. */
static int connect_trusted(ctl_ctx *ctx)
{
	int rc = ctl_client_connect_tcp(&ctx->client, ctx->server.host, ctx->server.port);
	if (rc != CTL_CLIENT_OK) {
		rc = report_client_failure(ctx, rc);
		ctl_client_close(&ctx->client);
		return rc;
	}
	rc = ctl_trust_server(ctx, ctx->client.fingerprint);
	if (rc != CTL_EXIT_OK)
		ctl_client_close(&ctx->client);
	return rc;
}

/* Opens the TCP connection and sends Hello with the password kept in ctx. */
static int sign_in(ctl_ctx *ctx)
{
	int rc = connect_trusted(ctx);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__Envelope *reply = NULL;
	rc = ctl_client_hello_staff(&ctx->client, ctx->user, ctx->password, &reply);
	if (rc != CTL_CLIENT_OK)
		return report_client_failure(ctx, rc);
	if (reply->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		ctl_error("%s", reply->error->message);
		netpont__envelope__free_unpacked(reply, NULL);
		return CTL_EXIT_CONNECT;
	}
	netpont__envelope__free_unpacked(reply, NULL);
	ctx->connected = true;
	return CTL_EXIT_OK;
}

int ctl_connect(ctl_ctx *ctx)
{
	int rc;
	if (ctx->connected)
		return CTL_EXIT_OK;
	if (ctx->agent_socket != NULL) {
		rc = ctl_client_connect_unix(&ctx->client, ctx->agent_socket);
		if (rc != CTL_CLIENT_OK)
			return report_client_failure(ctx, rc);
		ctx->connected = true;
		return CTL_EXIT_OK;
	}
	if (ctx->user == NULL || *ctx->user == '\0')
		return ctl_usage_error(ctx, "%s",
		                       _("Say who you are: --user NAME, or set NETPONT_USER."));

	if (ctx->password == NULL) {
		const char *env = getenv("NETPONT_PASSWORD");
		if (env != NULL) {
			ctx->password = g_strdup(env);
		} else {
			/* No point asking for a password when nobody listens; but
			 * do not hold a connection open while the user types. */
			rc = connect_trusted(ctx);
			if (rc != CTL_EXIT_OK)
				return rc;
			ctl_client_close(&ctx->client);
			char *prompt = g_strdup_printf(_("Password for %s: "), ctx->user);
			ctx->password = read_secret(prompt);
			g_free(prompt);
		}
		if (ctx->password == NULL) {
			ctl_error("%s",
			          _("No password: set NETPONT_PASSWORD or run netpontctl in a "
			            "terminal."));
			return CTL_EXIT_CONNECT;
		}
	}
	return sign_in(ctx);
}

int ctl_call(ctl_ctx *ctx, Netpont__Envelope *req, Netpont__Envelope **reply)
{
	int rc;
	/* The server drops a peer silent for three heartbeats. A command that
	 * waited on the user (a password prompt) signs in again rather than
	 * sending into a connection that may be gone. */
	if (ctx->connected && ctx->agent_socket == NULL &&
	    ctl_client_idle_ms(&ctx->client) > (int64_t)ctx->client.heartbeat_s * 1000) {
		ctl_client_close(&ctx->client);
		ctx->connected = false;
	}
	rc = ctl_connect(ctx);
	if (rc != CTL_EXIT_OK)
		return rc;
	rc = ctl_client_request(&ctx->client, req, reply);
	if (rc != CTL_CLIENT_OK)
		return report_client_failure(ctx, rc);
	if ((*reply)->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		Netpont__Error *e = (*reply)->error;
		/* The server's sentence is meant for people: print it as it is. */
		ctl_error("%s", e->message != NULL && *e->message ? e->message
		                                                  : _("The request was refused."));
		bool auth = e->code == NETPONT__ERROR_CODE__ERROR_CODE_AUTH ||
		            e->code == NETPONT__ERROR_CODE__ERROR_CODE_VERSION;
		netpont__envelope__free_unpacked(*reply, NULL);
		*reply = NULL;
		return auth ? CTL_EXIT_CONNECT : CTL_EXIT_REFUSED;
	}
	return CTL_EXIT_OK;
}

int ctl_expect(const Netpont__Envelope *reply, Netpont__Envelope__BodyCase expected)
{
	if (reply->body_case == expected)
		return CTL_EXIT_OK;
	ctl_error(_("The server answered with an unexpected message (%d instead of %d)."),
	          (int)reply->body_case, (int)expected);
	return CTL_EXIT_REFUSED;
}
