/* Set-up shared by the unit tests of netpontd's library; see
 * fixture-server.h. */
#include "fixture-server.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "frame.h"
#include "gateway.h"

void fixture_store_open(fixture_store *s, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(s->dir, sizeof s->dir, "%s/%s-XXXXXX", tmp ? tmp : "/tmp", prefix);
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof s->path, "%s/test.db", s->dir);
	np_err err = {0};
	assert_int_equal(store_db_open(s->path, true, &s->db, &err), 0);
}

void fixture_unlink_db(const char *path)
{
	char p[400];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
}

void fixture_store_remove(fixture_store *s)
{
	store_db_close(s->db);
	s->db = NULL;
	fixture_unlink_db(s->path);
	rmdir(s->dir);
}

void fixture_store_add_admin(store_db *db, int64_t now)
{
	np_err err = {0};
	assert_int_equal(
	    gateway_init_admin(db, FIXTURE_ADMIN, FIXTURE_ADMIN_PASSWORD, true, now, &err), 0);
}

/* Runs sql and leaves it on its first row; false when there is none. */
static bool first_row(store_db *db, const char *sql, sqlite3_stmt **st)
{
	assert_int_equal(sqlite3_prepare_v2(store_db_sqlite(db), sql, -1, st, NULL), SQLITE_OK);
	return sqlite3_step(*st) == SQLITE_ROW;
}

int64_t fixture_query_int(store_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = first_row(db, sql, &st) ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

const char *fixture_query_text(store_db *db, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *st = NULL;
	buf[0] = '\0';
	if (first_row(db, sql, &st))
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* Fills h and env (id 0) with a Hello at this protocol version in role. */
static void hello_init(Netpont__Envelope *env, Netpont__Hello *h, Netpont__PeerRole role)
{
	netpont__hello__init(h);
	h->protocol_version = NP_PROTOCOL_VERSION;
	h->role = role;
	netpont__envelope__init(env);
	env->body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env->hello = h;
}

bool fixture_i18n_init(void)
{
	const char *build = getenv("NETPONT_BUILD_DIR");
	if (build == NULL)
		return false;
	char localedir[400];
	snprintf(localedir, sizeof localedir, "%s/locale", build);
	assert_int_equal(i18n_init(localedir), 0);
	return true;
}

void fixture_staff_hello(Netpont__Envelope *env, Netpont__Hello *h, const char *user,
                         const char *password)
{
	hello_init(env, h, NETPONT__PEER_ROLE__PEER_ROLE_STAFF);
	h->user = (char *)user;
	h->password = (char *)password;
}

void fixture_agent_hello(Netpont__Envelope *env, Netpont__Hello *h, const char *seat,
                         const char *token)
{
	hello_init(env, h, NETPONT__PEER_ROLE__PEER_ROLE_AGENT);
	h->seat = (char *)seat;
	h->token = (char *)token;
}
