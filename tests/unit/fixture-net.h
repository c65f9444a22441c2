/* A real netpontd network layer for the unit tests that talk to it over
 * TLS on 127.0.0.1 (test-gateway-net, test-group-commit): net_server on a
 * libuv loop of its own thread, over a fixture_store's database, with a
 * self-made certificate in the store's folder. Every failure is a cmocka
 * assertion. */
#ifndef NETPONT_FIXTURE_NET_H
#define NETPONT_FIXTURE_NET_H

#include <openssl/ssl.h>
#include <uv.h>

#include "fixture-server.h"
#include "gateway.h"
#include "net/server.h"

typedef struct fixture_net {
	uv_loop_t loop;
	uv_async_t stop;
	uv_thread_t thread;
	net_server *server;
	SSL_CTX *tls;
	char cert[300], key[300];
	int port; /* the port the server listens on, once started */
} fixture_net;

/* Starts the server over store's database with net's limits (its host,
 * port and TLS context are filled in: 127.0.0.1, a free port, the
 * certificate made in store->dir) and the gateway configuration gwc, and
 * runs its loop on a new thread. n is the caller's; fixture_net_stop()
 * ends what this started. */
void fixture_net_start(fixture_net *n, fixture_store *store, net_config net,
                       const gateway_config *gwc);

/* Stops the server from its own thread, joins that thread, checks that
 * every handle was closed (uv_loop_close() == 0) and frees the server,
 * the TLS context and the certificate files. The store stays open. */
void fixture_net_stop(fixture_net *n);

#endif
