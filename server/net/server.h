/* The network side of netpontd: a TCP listener on a libuv loop, one
 * net_conn per peer, the frame reader, bounded write queues, the idle
 * timeout, the pipeline that hands requests to the gateway (hashing in the
 * thread pool), and the timer that ends sessions when their time is up. */
#ifndef NETPONT_NET_SERVER_H
#define NETPONT_NET_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>
#include <uv.h>

#include "gateway.h"
#include "store/db.h"

typedef struct net_config {
	const char *host;        /* "127.0.0.1" */
	int port;                /* 7450; 0 picks a free port (see net_server_port) */
	unsigned idle_timeout_s; /* drop a peer silent this long; 0 = 45 */
	size_t write_queue_max;  /* drop a peer whose unsent bytes exceed this; 0 = 8 MiB */
	/* Limits against peers that hold the server's memory or time; 0 takes
	 * the default named. */
	unsigned hello_timeout_s;   /* drop a peer not welcomed this long after it
	                               connected (TLS and Hello); 0 = 10 */
	unsigned frame_timeout_s;   /* drop a peer whose frame, once begun, is not
	                               complete this long after; 0 = 30 */
	size_t partial_bytes_max;   /* what all peers' unfinished frames may hold
	                               together; 0 = 16 MiB (see net/server.c) */
	unsigned conns_max;         /* connections at once; 0 = 1024 */
	unsigned conns_per_address; /* connections from one IP address at once;
	                               0 = 64 */
	unsigned requests_per_turn; /* requests one peer is served per loop turn
	                               before the others get theirs; 0 = 16 */
	/* Argon2id hashes (sign-ins, PINs) that run at once; the others wait
	 * in the server's FIFO. 0 = 2; never more than the thread pool
	 * (UV_THREADPOOL_SIZE, 4 by default) less one. */
	unsigned pwhash_max;
	/* Argon2id calls that may wait in that FIFO; the next is refused at
	 * once ("the server is busy ... try again in a minute"). 0 = 256. */
	unsigned pwhash_queue_max;
	/* Tests only; NULL in netpontd. Called on a pool thread just before
	 * (started true) and after (false) each Argon2id hash, with the peer's
	 * address ("127.0.0.1:51234", borrowed for the call). */
	void (*pwhash_hook)(void *ctx, const char *addr, bool started);
	void *pwhash_hook_ctx;
	SSL_CTX *tls; /* the server's TLS 1.3 context (np_tls_server_context());
	                 required, borrowed: it must outlive the server */
} net_config;

/* The largest frame a peer may send before it is welcomed: a Hello is a
 * few hundred bytes, so a stranger never makes the server hold more. */
#define NET_HELLO_FRAME_MAX 4096u

typedef struct net_server net_server;

/* Binds and listens on loop, creates the gateway over db (borrowed: it must
 * outlive the server), and ends the sessions whose time ran out while the
 * server was down. On success returns 0 and *out owns the server (stop it
 * with net_server_stop(), then run the loop until it returns, then
 * net_server_free()). On failure returns -1, fills err with a sentence
 * naming the address, and leaves no handle open. */
int net_server_start(uv_loop_t *loop, store_db *db, const net_config *net, const gateway_config *gw,
                     net_server **out, np_err *err);

/* The port actually bound. */
int net_server_port(const net_server *s);

/* Closes the listener, every connection and every timer. Idempotent. The
 * loop returns once the close callbacks and any hashing in the thread pool
 * have finished. */
void net_server_stop(net_server *s);

/* Any thread: how many Argon2id hashes wait in the server's queue now, and
 * the most that ever ran at once (counted in the pool threads). */
void net_server_pwhash_counts(net_server *s, unsigned *waiting, unsigned *peak);

/* Any thread: how many staff consoles are in the list that events for
 * staff go to (welcomed, not closing). */
unsigned net_server_staff_count(net_server *s);

/* Frees the server after the loop has returned. */
void net_server_free(net_server *s);

#endif
