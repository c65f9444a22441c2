/* Set-up shared by the unit tests of netpontd's library (test-store,
 * test-gateway, test-gateway-net): a store on a real SQLite file in a fresh
 * temporary directory, opened the way production opens it
 * (store_db_open()); queries that read one value back; the first
 * administrator; netpontd's translations; and the Hellos of staff and
 * agents. Every failure is a cmocka assertion, so a test that uses these
 * needs no error handling of its own. */
#ifndef NETPONT_FIXTURE_SERVER_H
#define NETPONT_FIXTURE_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netpont.pb-c.h"
#include "store/db.h"
#include "fixture-migrations.h"

/* The administrator that fixture_store_add_admin() creates. */
#define FIXTURE_ADMIN          "admin"
#define FIXTURE_ADMIN_PASSWORD "admin-secret"

typedef struct fixture_store {
	char dir[256];  /* the temporary directory */
	char path[300]; /* dir/test.db */
	store_db *db;   /* NULL when closed */
} fixture_store;

/* Makes a fresh directory $TMPDIR/<prefix>-XXXXXX (TMPDIR defaults to /tmp)
 * and creates and opens dir/test.db in it with store_db_open(). prefix is
 * borrowed for the call. */
void fixture_store_open(fixture_store *s, const char *prefix);

/* Closes s->db unless it is NULL, then removes the database with its -wal
 * and -shm files and the directory. */
void fixture_store_remove(fixture_store *s);

/* Removes the database file path and its -wal and -shm files (the caller
 * closed it). */
void fixture_unlink_db(const char *path);

/* Creates FIXTURE_ADMIN with FIXTURE_ADMIN_PASSWORD (the cheapest hash), as
 * --init-admin does, at time now. */
void fixture_store_add_admin(store_db *db, int64_t now);

/* The first column of the first row of sql as an integer; -1 when there
 * is no row. */
int64_t fixture_query_int(store_db *db, const char *sql);

/* The same as text, copied into buf (n bytes, truncated); "" when there is
 * no row. Returns buf. */
const char *fixture_query_text(store_db *db, const char *sql, char *buf, size_t n);

/* Loads netpontd's compiled translations from the build tree
 * (NETPONT_BUILD_DIR/locale) with i18n_init(); false, loading nothing,
 * when NETPONT_BUILD_DIR is not set (the language tests then skip). The
 * caller calls i18n_shutdown() after a true. */
bool fixture_i18n_init(void);

/* Fills h and env (id 0) with a staff member's Hello at this protocol
 * version. user and password are borrowed: they must outlive env. */
void fixture_staff_hello(Netpont__Envelope *env, Netpont__Hello *h, const char *user,
                         const char *password);

/* The same for the agent of seat, with its token. */
void fixture_agent_hello(Netpont__Envelope *env, Netpont__Hello *h, const char *seat,
                         const char *token);

#endif
