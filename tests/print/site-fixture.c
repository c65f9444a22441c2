#include "site-fixture.h"

#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cupsd-helper.h"

/* ---------------------------------------------------------------- processes */

char *np_test_run_program(const char *const *argv, int *exit_status, char **err_out)
{
	g_autoptr(GError) error = NULL;
	char *out = NULL, *err = NULL;
	int status = -1;
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
	                  &status, &error))
		g_error("cannot run %s: %s", argv[0], error->message);
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	if (exit_status != NULL)
		*exit_status = code;
	if (code != 0) {
		/* The whole command: argv's length differs from caller to caller. */
		g_autofree char *command = g_strjoinv(" ", (char **)argv);
		g_test_message("%s exited %d: %s", command, code, err);
	}
	if (err_out != NULL)
		*err_out = err;
	else
		g_free(err);
	return out;
}

/* The server and agent die with the test, even when it crashes, so that
 * xvfb-run and ctest never wait for orphans. */
static void np_test__die_with_parent(gpointer data)
{
	(void)data;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static GPid np_test__spawn(const char *const *argv)
{
	g_autoptr(GError) error = NULL;
	GPid pid = 0;
	if (!g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
	                   np_test__die_with_parent, NULL, &pid, &error))
		g_error("cannot start %s: %s", argv[0], error->message);
	return pid;
}

void np_test_stop_pid(GPid *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(*pid, NULL, WNOHANG) == *pid) {
			*pid = 0;
			return;
		}
		g_usleep(50 * 1000);
	}
	kill(*pid, SIGKILL);
	waitpid(*pid, NULL, 0);
	*pid = 0;
}

int np_test_free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof sa;
	g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof sa), ==, 0);
	g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static gboolean np_test__port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)port),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	gboolean ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

int np_test_count(const char *haystack, const char *needle)
{
	int n = 0;
	for (const char *p = haystack ? strstr(haystack, needle) : NULL; p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---------------------------------------------------------------- the site */

void np_test_site_init(np_test_site *site, const char *name)
{
	memset(site, 0, sizeof *site);
	g_autofree char *template = g_strdup_printf("%s-XXXXXX", name);
	site->dir = g_dir_make_tmp(template, NULL);
	g_assert_nonnull(site->dir);
	g_chmod(site->dir, 0755); /* CUPS filters run as lp and must reach the files */
	site->db = g_build_filename(site->dir, "netpont.db", NULL);
	site->sock = g_build_filename(site->dir, "control.sock", NULL);
	site->token_file = g_build_filename(site->dir, "token", NULL);
	site->title_prefix = g_strdup_printf("%s-test-%d-", name, (int)getpid());
}

int np_test_site_start_cups(np_test_site *site, char *why, size_t why_size)
{
	g_autofree char *cups_dir = g_build_filename(site->dir, "cups", NULL);
	g_mkdir_with_parents(cups_dir, 0755);
	int rc = np_test_cupsd_start(cups_dir, &site->cupsd_pid, why, why_size);
	if (rc != 0)
		return rc;
	if (np_test_cupsd_add_queues() != 0 || np_test_make_pdfs(site->dir) != 0) {
		snprintf(why, why_size, "the private CUPS has no queues or the test PDFs failed");
		return -1;
	}
	site->have_cups = TRUE;
	return 0;
}

char *np_test_site_ctl_v(const np_test_site *site, const char *user, const char *password,
                         int *status, char **err, va_list args)
{
	const char *argv[24] = {g_getenv("NETPONTCTL"), "--server", site->server_addr, "--user",
	                        user};
	size_t n = 5;
	for (const char *a = va_arg(args, const char *); a != NULL;
	     a = va_arg(args, const char *)) {
		g_assert_cmpuint(n, <, G_N_ELEMENTS(argv) - 1);
		argv[n++] = a;
	}
	argv[n] = NULL;
	g_setenv("NETPONT_PASSWORD", password, TRUE);
	return np_test_run_program(argv, status, err);
}

char *np_test_site_ctl(const np_test_site *site, const char *user, const char *password,
                       int *status, char **err, ...)
{
	va_list args;
	va_start(args, err);
	char *out = np_test_site_ctl_v(site, user, password, status, err, args);
	va_end(args);
	return out;
}

char *np_test_site_ctl_ok(const np_test_site *site, const char *user, const char *password, ...)
{
	int status = -1;
	va_list args;
	va_start(args, password);
	char *out = np_test_site_ctl_v(site, user, password, &status, NULL, args);
	va_end(args);
	if (status != 0)
		g_clear_pointer(&out, g_free);
	return out;
}

void np_test_site_run_server(np_test_site *site)
{
	const char *argv[] = {g_getenv("NETPONTD"), "--db", site->db, "--listen",
	                      site->server_addr,    NULL};
	site->server_pid = np_test__spawn(argv);
	for (int i = 0; i < 200 && !np_test__port_open(site->server_port); i++)
		g_usleep(50 * 1000);
	g_assert_true(np_test__port_open(site->server_port));
}

/* Opens the room at every hour of every day, then runs extra_sql. */
static void np_test__settings(const np_test_site *site, const char *extra_sql)
{
	sqlite3 *db = NULL;
	g_assert_cmpint(sqlite3_open(site->db, &db), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_exec(db,
	                             "UPDATE settings SET value='00:00-24:00' "
	                             "WHERE key GLOB 'hours_[1-7]';",
	                             NULL, NULL, NULL),
	                ==, SQLITE_OK);
	if (extra_sql != NULL)
		g_assert_cmpint(sqlite3_exec(db, extra_sql, NULL, NULL, NULL), ==, SQLITE_OK);
	sqlite3_close(db);
}

gboolean np_test_site_start_server(np_test_site *site, const char *extra_sql)
{
	const char *netpontd = g_getenv("NETPONTD");
	if (netpontd == NULL || !g_file_test(netpontd, G_FILE_TEST_IS_EXECUTABLE))
		return FALSE;
	g_setenv("NETPONT_PWHASH", "min", TRUE);
	g_setenv("NETPONT_PASSWORD", NP_TEST_ADMIN_PASSWORD, TRUE);
	const char *init[] = {netpontd, "--db", site->db, "--init-admin", NP_TEST_ADMIN, NULL};
	int status = -1;
	g_free(np_test_run_program(init, &status, NULL));
	if (status != 0)
		return FALSE;
	const char *print[] = {netpontd, "--db", site->db, "--fingerprint", NULL};
	site->fingerprint = g_strchomp(np_test_run_program(print, &status, NULL));
	if (status != 0)
		return FALSE;
	g_setenv("NETPONT_FINGERPRINT", site->fingerprint, TRUE);
	np_test__settings(site, extra_sql);
	site->server_port = np_test_free_port();
	site->server_addr = g_strdup_printf("127.0.0.1:%d", site->server_port);
	np_test_site_run_server(site);

	g_autofree char *seat = np_test_site_ctl(site, NP_TEST_ADMIN, NP_TEST_ADMIN_PASSWORD,
	                                         &status, NULL, "seat", "add", "PC-01", NULL);
	g_assert_cmpint(status, ==, 0);
	g_strchomp(seat);
	const char *last = strrchr(seat, '\n');
	g_assert_true(g_file_set_contents(site->token_file, last ? last + 1 : seat, -1, NULL));
	g_chmod(site->token_file, 0600);
	return TRUE;
}

void np_test_site_start_agent(np_test_site *site)
{
	if (site->server_addr == NULL) {
		/* A port nobody listens on: the agent stays offline. */
		site->server_addr = g_strdup_printf("127.0.0.1:%d", np_test_free_port());
		g_assert_true(g_file_set_contents(site->token_file, "no-server-token", -1, NULL));
		site->fingerprint = g_strnfill(64, '0');
	}
	g_autofree char *state = g_build_filename(site->dir, "agent-state", NULL);
	g_mkdir_with_parents(state, 0700);
	g_autofree char *conf = g_build_filename(site->dir, "agent.conf", NULL);
	/* With the private cupsd, the agent meters its two queues and holds
	 * the jobs of HOLD for confirmation on the lock screen. */
	g_autofree char *text = site->have_cups
	                            ? g_strdup_printf("[agent]\n[printing]\nprinters = PDF,HOLD\n"
	                                              "hold = HOLD\noutbox = %s/outbox\n",
	                                              site->dir)
	                            : g_strdup("[agent]\n");
	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	const char *argv[] = {g_getenv("NETPONT_AGENT"),
	                      "--server",
	                      site->server_addr,
	                      "--seat",
	                      "PC-01",
	                      "--token-file",
	                      site->token_file,
	                      "--server-fingerprint",
	                      site->fingerprint,
	                      "--ui",
	                      "headless",
	                      "--control",
	                      site->sock,
	                      "--state-dir",
	                      state,
	                      "--config",
	                      conf,
	                      NULL};
	site->agent_pid = np_test__spawn(argv);
	for (int i = 0; i < 100 && !g_file_test(site->sock, G_FILE_TEST_EXISTS); i++)
		g_usleep(50 * 1000);
}

char *np_test_site_agent_status(const np_test_site *site, int *status)
{
	const char *argv[] = {
	    g_getenv("NETPONTCTL"), "--agent", site->sock, "--json", "status", NULL};
	return np_test_run_program(argv, status, NULL);
}

gboolean np_test_site_wait_connected(np_test_site *site, int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	for (;;) {
		int status = -1;
		g_autofree char *out = np_test_site_agent_status(site, &status);
		if (status == 0 && strstr(out, "\"connected\" : true") != NULL)
			return TRUE;
		if (g_get_monotonic_time() > end)
			return FALSE;
		g_usleep(100 * 1000);
	}
}

void np_test_site_finish(np_test_site *site, gboolean remove_dir)
{
	np_test_stop_pid(&site->agent_pid);
	np_test_stop_pid(&site->server_pid);
	np_test_cupsd_stop(&site->cupsd_pid);
	if (site->have_cups)
		np_test_remove_cups_pdf_output(site->title_prefix);
	if (remove_dir && np_test_run("rm -rf '%s'", site->dir) != 0)
		g_printerr("could not remove %s\n", site->dir);
	g_free(site->dir);
	g_free(site->db);
	g_free(site->sock);
	g_free(site->token_file);
	g_free(site->server_addr);
	g_free(site->fingerprint);
	g_free(site->title_prefix);
	memset(site, 0, sizeof *site);
}

gboolean np_test_wait_until(gboolean (*pred)(void), guint ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	while (!pred() && g_get_monotonic_time() < end)
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(10 * 1000);
	return pred();
}

void np_test_spin(guint ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	while (g_get_monotonic_time() < end)
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(10 * 1000);
}
