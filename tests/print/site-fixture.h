/* A whole Netpont site for tests that drive the real programs: netpontd on
 * a temporary database, netpont-agent for seat PC-01 and, where the machine
 * allows it, a private cupsd with the PDF and HOLD queues (cupsd-helper.h).
 * The program paths come from NETPONTD, NETPONT_AGENT and NETPONTCTL (set by
 * ctest from NETPONT_TEST_ENV).
 *
 * Used by tests/print/test-print-release.c and tests/lock/test-lock-ui.c.
 *
 *   np_test_site site;
 *   np_test_site_init(&site, "netpont-release");
 *   np_test_site_start_cups(&site, why, sizeof why);   // optional
 *   np_test_site_start_server(&site, NULL);
 *   np_test_site_start_agent(&site);
 *   ...
 *   np_test_site_finish(&site, remove_dir);
 *
 * Every string in the struct is owned by it and freed by
 * np_test_site_finish(). The server and the agent die with the test, even
 * when it crashes. */
#ifndef NETPONT_TEST_SITE_FIXTURE_H
#define NETPONT_TEST_SITE_FIXTURE_H

#include <glib.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* The administrator np_test_site_start_server() creates. */
#define NP_TEST_ADMIN          "admin"
#define NP_TEST_ADMIN_PASSWORD "admin-pass"

typedef struct np_test_site {
	char *dir;         /* the temporary directory everything lives in */
	char *db;          /* netpontd's database */
	char *sock;        /* the agent's control socket */
	char *token_file;  /* PC-01's token */
	char *server_addr; /* "127.0.0.1:PORT" */
	/* The server's certificate's fingerprint, which the agent pins and
	 * netpontctl gets as NETPONT_FINGERPRINT (set in the environment by
	 * np_test_site_start_server()); a made-up one when there is no server. */
	char *fingerprint;
	int server_port;
	GPid server_pid;
	GPid agent_pid;
	pid_t cupsd_pid;
	gboolean have_cups; /* the private cupsd runs: the agent meters PDF and HOLD */
	char *title_prefix; /* unique per run: print job titles start with it */
} np_test_site;

/* Makes the temporary directory (name-XXXXXX, mode 0755 so that CUPS
 * filters running as lp reach its files) and the paths in it. The port is
 * chosen by np_test_site_start_server(), or one nobody listens on by
 * np_test_site_start_agent() when no server was started. */
void np_test_site_init(np_test_site *site, const char *name);

/* Starts the private cupsd with its queues and writes the test PDFs
 * (three.pdf, two.pdf) into site->dir. Returns 0, NP_TEST_SKIP with the
 * reason in why (not root, cupsd or cups-pdf missing), or -1 with why. */
int np_test_site_start_cups(np_test_site *site, char *why, size_t why_size);

/* Creates the database with the administrator NP_TEST_ADMIN, opens the
 * room at every hour of every day, runs extra_sql (may be NULL) on it,
 * starts netpontd on a free loopback port, enrols PC-01 and writes its
 * token. Returns FALSE when netpontd is not built or the database cannot be
 * created; fails the test on anything else. */
gboolean np_test_site_start_server(np_test_site *site, const char *extra_sql);

/* Starts netpontd again on the same port and database (after a stop). */
void np_test_site_run_server(np_test_site *site);

/* Starts netpont-agent --ui headless as PC-01, metering PDF and HOLD (HOLD
 * held for confirmation) when site->have_cups, and waits until its control
 * socket exists. */
void np_test_site_start_agent(np_test_site *site);

/* Runs `netpontctl --agent SOCK --json status`. Returns its stdout (caller
 * frees; never NULL) and stores its exit status in *status when status is
 * not NULL. */
char *np_test_site_agent_status(const np_test_site *site, int *status);

/* TRUE once `netpontctl --agent SOCK status` says the agent is connected;
 * waits up to ms. */
gboolean np_test_site_wait_connected(np_test_site *site, int ms);

/* Runs netpontctl against the site's server as user with password, with
 * the arguments after err (NULL-terminated). Returns its stdout (caller
 * frees; never NULL); stores its exit status in *status and, when err is
 * not NULL, its stderr in *err (caller frees). */
char *np_test_site_ctl(const np_test_site *site, const char *user, const char *password,
                       int *status, char **err, ...) G_GNUC_NULL_TERMINATED;

/* np_test_site_ctl() for a call that is meant to succeed: returns its
 * stdout (caller frees), or NULL when netpontctl exited with another status
 * than 0 (its stderr is in the test log). */
char *np_test_site_ctl_ok(const np_test_site *site, const char *user, const char *password,
                          ...) G_GNUC_NULL_TERMINATED;

/* np_test_site_ctl() with the arguments in args. */
char *np_test_site_ctl_v(const np_test_site *site, const char *user, const char *password,
                         int *status, char **err, va_list args);

/* Runs argv to its end. Returns its stdout (caller frees; never NULL),
 * stores its exit status (128 if it did not exit) in *exit_status and, when
 * err_out is not NULL, its stderr in *err_out (caller frees). */
char *np_test_run_program(const char *const *argv, int *exit_status, char **err_out);

/* SIGTERM, then SIGKILL after 5 s; waits and sets *pid to 0. 0 is allowed. */
void np_test_stop_pid(GPid *pid);

/* How often needle occurs in haystack (NULL counts none). */
int np_test_count(const char *haystack, const char *needle);

/* A loopback TCP port nobody listens on right now. */
int np_test_free_port(void);

/* Stops the agent, the server and cupsd, removes cups-pdf's output of this
 * run, removes the directory when remove_dir, and frees the strings. */
void np_test_site_finish(np_test_site *site, gboolean remove_dir);

/* For the GTK tests: iterate the default main context (so windows draw and
 * the control socket's replies arrive) until pred() holds or ms pass;
 * returns pred() at the end. */
gboolean np_test_wait_until(gboolean (*pred)(void), guint ms);
/* The same for a fixed time. */
void np_test_spin(guint ms);

#endif
