/* netpontctl's client: one connection, one request at a time.
 *
 * A command line does one thing and exits, so plain blocking sockets with
 * deadlines (poll) are simpler and safer here than an event loop. Frames are
 * read with the shared np_frame_reader; events (id 0) that arrive while a
 * reply is awaited are skipped. A TCP connection is TLS 1.3 (common/np_tls.h)
 * from its first byte; whether the server's certificate is the right one is
 * decided above the transport, by its fingerprint, before anything secret
 * is sent. The agent's Unix control socket is local and stays plain. Below, ctl_client is the
 * transport; above it, ctl_connect() and ctl_call() connect, sign in (asking for the password when
 * needed) and say what went wrong in words a user can act on. */
#ifndef NETPONTCTL_CLIENT_H
#define NETPONTCTL_CLIENT_H

#include <stdint.h>

#include "common/np_tls.h"
#include "frame.h"

#define CTL_CONNECT_TIMEOUT_MS 5000
/* The server hashes passwords with Argon2id, which takes a moment. */
#define CTL_REPLY_TIMEOUT_MS 30000

typedef enum {
	CTL_CLIENT_OK = 0,
	CTL_CLIENT_UNREACHABLE = -1, /* refused, no route, connect timed out, no socket file */
	CTL_CLIENT_LOST = -2,        /* the peer closed or reset the connection */
	CTL_CLIENT_TIMEOUT = -3,     /* no reply in time */
	CTL_CLIENT_PROTOCOL = -4,    /* the peer sent something that is not a valid frame */
	CTL_CLIENT_NO_MEMORY = -5,
	CTL_CLIENT_TLS = -6, /* the TLS handshake failed (tls_error says why) */
} ctl_client_status;

typedef struct ctl_client {
	int fd;
	SSL_CTX *tls_context; /* owned; made on the first TCP connection */
	SSL *ssl;             /* owned; NULL on the Unix socket and when closed */
	/* The server's certificate's SHA-256, once connected over TCP. */
	char fingerprint[NP_FINGERPRINT_SIZE];
	char tls_error[256]; /* OpenSSL's sentence for CTL_CLIENT_TLS */
	np_frame_reader reader;
	uint64_t next_id;
	int reply_timeout_ms;
	/* Bytes received but not yet fed to the reader: one recv() may carry
	 * the end of one frame and the start of the next. */
	uint8_t input[4096];
	size_t input_len, input_off;
	/* From the Welcome (staff connections); owned, NULL before it. */
	char *currency;
	unsigned currency_decimals;
	char *site_name;
	char *staff_name;
	int staff_role;
	unsigned heartbeat_s; /* from the Welcome; 15 until then */
	/* Sent in the Hello: the server words its refusals in it ("hu";
	 * "" = English). Set before ctl_client_hello_staff(). */
	char language[16];
	int64_t last_reply_ms; /* monotonic time of the last frame received */
} ctl_client;

void ctl_client_init(ctl_client *c);

/* Connects over TCP and completes the TLS 1.3 handshake within
 * CTL_CONNECT_TIMEOUT_MS; c->fingerprint is then the server's. */
int ctl_client_connect_tcp(ctl_client *c, const char *host, uint16_t port);

/* Connects to the agent's Unix control socket. */
int ctl_client_connect_unix(ctl_client *c, const char *path);

/* Sends a staff Hello and waits for the answer. On CTL_CLIENT_OK *reply is
 * the Welcome or Error envelope (caller frees with
 * netpont__envelope__free_unpacked); a Welcome's fields are also copied into
 * the client. */
int ctl_client_hello_staff(ctl_client *c, const char *user, const char *password,
                           Netpont__Envelope **reply);

/* Sends req (its id is assigned here; the caller keeps ownership of req) and
 * waits for the reply with the same id. On CTL_CLIENT_OK *reply is a new
 * envelope the caller frees. An Error with id 0 is also taken as the reply:
 * the server says so before closing a connection it refuses. */
int ctl_client_request(ctl_client *c, Netpont__Envelope *req, Netpont__Envelope **reply);

/* Milliseconds since the last frame from the peer (or since connecting). */
int64_t ctl_client_idle_ms(const ctl_client *c);

/* Closes the socket and frees what the client owns; the client can connect
 * again afterwards. Safe to call twice. */
void ctl_client_close(ctl_client *c);

/* ---- netpontctl's connection: connecting and signing in on first use,
 * calling, and turning failures into the exit statuses of ctl.h. Each
 * prints why it failed. */

typedef struct ctl_ctx ctl_ctx; /* ctl.h */

/* Connects and signs in (staff), or connects to the agent socket, when not
 * done yet. Returns CTL_EXIT_OK or the exit status after printing why. */
int ctl_connect(ctl_ctx *ctx);

/* Connects and signs in when not done yet, sends req and waits for the
 * reply. Returns CTL_EXIT_OK with *reply set (caller frees it with
 * netpont__envelope__free_unpacked), or the exit status after printing why:
 * an Error reply is CTL_EXIT_REFUSED (CTL_EXIT_CONNECT for AUTH), a network
 * failure CTL_EXIT_CONNECT. */
int ctl_call(ctl_ctx *ctx, Netpont__Envelope *req, Netpont__Envelope **reply);

/* Fails with CTL_EXIT_REFUSED and a message when the reply is not of the
 * expected kind (a server speaking another dialect). */
int ctl_expect(const Netpont__Envelope *reply, Netpont__Envelope__BodyCase expected);

/* The password for a new staff account: NETPONT_NEW_PASSWORD, or asked twice
 * on the terminal. Returns a new string (free with ctl_free_secret), or NULL
 * after printing why. */
char *ctl_new_password(void);
/* A resident's new PIN: given, the value of --pin or NULL (accepted with a
 * warning on stderr that other users can see it), else NETPONT_PIN, else
 * asked twice on the terminal. Returns a new string (free with
 * ctl_free_secret), or NULL after printing why. */
char *ctl_new_pin(const char *given);
/* Wipes and frees a secret; NULL is fine. */
void ctl_free_secret(char *secret);

/* ---- known-servers.c: trust on first use, like ssh (the file and
 * NETPONT_FINGERPRINT are gio/netpont-known-servers.h's). */

/* Decides whether to talk to the server at ctx->server whose certificate
 * has fingerprint (borrowed): the pinned one must match; an unknown server
 * is remembered with --accept-new or when the user on the terminal answers
 * yes. Returns CTL_EXIT_OK, CTL_EXIT_CONNECT after a sentence naming both
 * fingerprints (and how to remove an old entry), or CTL_EXIT_USAGE when
 * NETPONT_FINGERPRINT is not a fingerprint. */
int ctl_trust_server(ctl_ctx *ctx, const char *fingerprint);

#endif
