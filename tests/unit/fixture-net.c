/* A real netpontd network layer on a thread of its own; see fixture-net.h. */
#include "fixture-net.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/np_tls.h"

static void stop_cb(uv_async_t *a)
{
	fixture_net *n = a->data;
	net_server_stop(n->server);
	uv_close((uv_handle_t *)&n->stop, NULL);
}

static void server_thread(void *arg)
{
	fixture_net *n = arg;
	uv_run(&n->loop, UV_RUN_DEFAULT);
}

void fixture_net_start(fixture_net *n, fixture_store *store, net_config net,
                       const gateway_config *gwc)
{
	assert_int_equal(uv_loop_init(&n->loop), 0);
	char why[512];
	snprintf(n->cert, sizeof n->cert, "%s/cert.pem", store->dir);
	snprintf(n->key, sizeof n->key, "%s/key.pem", store->dir);
	assert_int_equal(np_tls_ensure_pair(n->cert, n->key, true, why, sizeof why), 0);
	n->tls = np_tls_server_context(n->cert, n->key, NULL, why, sizeof why);
	assert_non_null(n->tls);
	net.host = "127.0.0.1";
	net.port = 0;
	net.tls = n->tls;
	np_err err = {0};
	assert_int_equal(net_server_start(&n->loop, store->db, &net, gwc, &n->server, &err), 0);
	n->port = net_server_port(n->server);
	assert_true(n->port > 0);
	assert_int_equal(uv_async_init(&n->loop, &n->stop, stop_cb), 0);
	n->stop.data = n;
	assert_int_equal(uv_thread_create(&n->thread, server_thread, n), 0);
}

void fixture_net_stop(fixture_net *n)
{
	uv_async_send(&n->stop);
	uv_thread_join(&n->thread);
	/* Every handle was closed by net_server_stop(). */
	assert_int_equal(uv_loop_close(&n->loop), 0);
	net_server_free(n->server);
	SSL_CTX_free(n->tls);
	unlink(n->cert);
	unlink(n->key);
}
