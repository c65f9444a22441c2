/* The agent's connection up to netpontd: TCP, TLS 1.3 with the server's
 * certificate pinned by its fingerprint, Hello/Welcome, Ping every
 * heartbeat, and reconnects with exponential backoff and full jitter.
 *
 * Nothing is sent in the clear: the Hello (with the seat's token) goes out
 * only after the handshake, and only when the server's certificate has the
 * fingerprint given at enrolment. A server with another certificate is
 * treated like one that refused the token: logged with both fingerprints,
 * retried slowly, and the PC stays offline (its lease runs on).
 *
 * One uplink per agent. It never gives up: after a failure it waits
 * (0.5 s doubling to 30 s, jittered; 30-60 s after the server refused the
 * seat's token) and tries again, until uplink_close(). Callbacks run on the
 * loop thread. */
#ifndef NETPONT_AGENT_UPLINK_H
#define NETPONT_AGENT_UPLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "backoff.h"
#include "common/np_tls.h"
#include "frame.h"

/* Largest frame accepted from the server, and the most bytes queued for it
 * before the link is considered stuck and dropped. */
#define UPLINK_MAX_FRAME  NP_FRAME_DEFAULT_MAX
#define UPLINK_MAX_QUEUED (1024u * 1024u)

typedef struct uplink uplink;

typedef struct uplink_callbacks {
	/* The server accepted the seat. welcome is borrowed for the call. */
	void (*on_up)(uplink *u, const Netpont__Welcome *welcome);
	/* Any frame after the Welcome except Pong; env is borrowed. */
	void (*on_envelope)(uplink *u, const Netpont__Envelope *env);
	/* The link that was up went down; a reconnect is already scheduled. */
	void (*on_down)(uplink *u, const char *why);
} uplink_callbacks;

typedef enum {
	UPLINK_WAITING = 0, /* the retry timer runs */
	UPLINK_RESOLVING,
	UPLINK_CONNECTING,
	UPLINK_HANDSHAKE, /* TLS handshake, then Hello sent, waiting for Welcome */
	UPLINK_UP,
	UPLINK_CLOSED, /* uplink_close() was called */
} uplink_state;

struct uplink {
	uv_loop_t *loop;
	void *data; /* the owner's */
	uplink_callbacks cb;
	char host[256];
	char port[16];
	char seat[128];
	char language[16];                     /* Hello.language; "" = English */
	char *token;                           /* owned */
	char *token_file;                      /* owned; named in the AUTH log line */
	char fingerprint[NP_FINGERPRINT_SIZE]; /* the server's, pinned */
	SSL_CTX *tls_context;                  /* owned */
	np_tls_session *tls;                   /* owned; NULL between connections */
	bool hello_sent;                       /* the handshake is done and checked */

	uplink_state state;
	uv_tcp_t tcp;
	bool tcp_open; /* tcp initialised and not yet closed */
	uv_connect_t connect_req;
	uv_getaddrinfo_t *resolving; /* owned while a lookup runs */
	uv_timer_t retry_timer;
	uv_timer_t io_timer; /* connect/handshake timeout, then the heartbeat */
	np_frame_reader reader;
	uint8_t read_buf[64 * 1024];
	size_t queued_bytes;
	uint64_t next_id;

	agent_backoff backoff;
	uint64_t random_state;
	bool refused; /* the server refused the token or version: retry slowly */
	uint32_t heartbeat_ms;
	uint64_t last_heard_ms; /* uv_now() of the last frame from the server */
	char last_logged[1024]; /* the last failure logged, to not repeat it every attempt */

	unsigned closing_handles;
	void (*close_cb)(uplink *u);
};

/* Sets up the link (nothing is sent yet). token, token_file and
 * fingerprint (the server's pinned SHA-256, 64 hex digits) are copied.
 * Returns 0, UV_EINVAL when fingerprint is not one, or another negative
 * libuv error. */
int uplink_init(uplink *u, uv_loop_t *loop, const char *host, const char *port, const char *seat,
                const char *token, const char *token_file, const char *fingerprint,
                const uplink_callbacks *cb, void *data);

/* The language the server should answer in ("hu"; NULL or "" = English),
 * sent in every Hello from now on; longer than 15 bytes is cut. */
void uplink_set_language(uplink *u, const char *language);

/* Starts the first connection attempt. */
void uplink_start(uplink *u);

bool uplink_is_up(const uplink *u);

/* A fresh request id for a frame to the server (never 0). */
uint64_t uplink_new_id(uplink *u);

/* Queues one frame. Returns 0, UV_ENOTCONN when the link is not up, or
 * another negative error (then the link is being dropped and will retry).
 * env is only read. */
int uplink_send(uplink *u, const Netpont__Envelope *env);

/* Drops the current connection (if any) and stops retrying; cb runs once
 * every handle is closed, after which u may be freed. */
void uplink_close(uplink *u, void (*cb)(uplink *u));

#endif
