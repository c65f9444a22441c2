/* netpontctl as users and scripts run it: exit statuses, messages and JSON.
 *
 * Runs the real program ($NETPONTCTL). Input errors, an unreachable server
 * and a missing agent socket need nothing else. The contract flow runs the
 * real server ($NETPONTD) on a free loopback port with a fresh SQLite file
 * in a temporary directory. Every wait is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "noon.h"

#include <arpa/inet.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct ctl_run {
	int status; /* exit status, or -1 when killed */
	char *out;
	char *err;
} ctl_run;

static void ctl_run_clear(ctl_run *r)
{
	g_free(r->out);
	g_free(r->err);
	memset(r, 0, sizeof *r);
}

/* How every run trusts the fixture's server, as a script would: its
 * fingerprint in NETPONT_FINGERPRINT, and a known-servers file of its own
 * under XDG_CONFIG_HOME. Set by server_setup(); a run's own environment
 * entries come after these and may override them. */
static char *trust_env[3];

static const char *ctl_path(void)
{
	const char *p = g_getenv("NETPONTCTL");
	return p != NULL ? p : "netpontctl";
}

/* Runs netpontctl with the NULL-terminated extra environment entries
 * ("KEY=VALUE") and arguments. stdin is /dev/null, so a missing password
 * is never prompted for from the test's terminal... except through
 * /dev/tty, which the tests avoid by always setting NETPONT_PASSWORD. */
static ctl_run run_ctl_env(const char *const *env_extra, const char *first, ...)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (char *)ctl_path());
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a != NULL; a = va_arg(ap, const char *))
		g_ptr_array_add(argv, (char *)a);
	va_end(ap);
	g_ptr_array_add(argv, NULL);

	char **env = g_get_environ();
	/* Messages in English whatever the developer's locale. */
	env = g_environ_setenv(env, "LC_ALL", "C.UTF-8", TRUE);
	env = g_environ_unsetenv(env, "LANGUAGE");
	env = g_environ_unsetenv(env, "NETPONT_SERVER");
	env = g_environ_unsetenv(env, "NETPONT_USER");
	env = g_environ_unsetenv(env, "NETPONT_PASSWORD");
	env = g_environ_unsetenv(env, "NETPONT_FINGERPRINT");
	for (int pass = 0; pass < 2; pass++) {
		const char *const *extra = pass == 0 ? (const char *const *)trust_env : env_extra;
		for (const char *const *e = extra; e != NULL && *e != NULL; e++) {
			char **kv = g_strsplit(*e, "=", 2);
			env = g_environ_setenv(env, kv[0], kv[1] ? kv[1] : "", TRUE);
			g_strfreev(kv);
		}
	}

	ctl_run r = {0};
	int wait_status = 0;
	GError *error = NULL;
	gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, env, G_SPAWN_STDIN_FROM_DEV_NULL,
	                           NULL, NULL, &r.out, &r.err, &wait_status, &error);
	if (!ok)
		fail_msg("cannot run %s: %s", ctl_path(), error->message);
	r.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
	g_strfreev(env);
	g_ptr_array_free(argv, TRUE);
	return r;
}

#define run_ctl(...) run_ctl_env(NULL, __VA_ARGS__, NULL)

static void assert_contains(const char *haystack, const char *needle)
{
	if (haystack == NULL || strstr(haystack, needle) == NULL)
		fail_msg("expected \"%s\" in:\n%s", needle, haystack ? haystack : "(null)");
}

/* A usage error: exit 2, the sentence on stderr, nothing on stdout. */
static void expect_usage(ctl_run r, const char *sentence)
{
	if (r.status != 2)
		fail_msg("expected exit 2, got %d; stderr:\n%s", r.status, r.err);
	assert_contains(r.err, sentence);
	assert_string_equal(r.out, "");
	ctl_run_clear(&r);
}

static void test_usage_errors(void **state)
{
	const char *amount = "The amount must be a whole number of forints, like 80.";
	expect_usage(run_ctl("pay", "kovacsm", "--amount", "80.5"), amount);
	expect_usage(run_ctl("pay", "kovacsm", "--amount", "-3"), amount);
	expect_usage(run_ctl("pay", "kovacsm", "--amount=abc"), amount);
	expect_usage(run_ctl("pay", "kovacsm", "--amount", "0"), "above 0");
	expect_usage(run_ctl("pay", "kovacsm"), "--amount is required.");
	expect_usage(run_ctl("pay", "kovacsm", "--amount", "80", "--method", "card"),
	             "cash, waive or refund");
	expect_usage(run_ctl("pay", "kovacsm", "--amount", "80", "--method", "waive"),
	             "A waiver needs a note");
	expect_usage(run_ctl("pay", "kovacsm", "--amount", "80", "--method", "refund"),
	             "A refund needs a note");
	expect_usage(run_ctl("shift", "start", "--float", "50.5"), amount);
	expect_usage(run_ctl("session", "start", "PC-01", "--guest", "--minutes", "0"),
	             "positive number");
	expect_usage(run_ctl("session", "start", "PC-01", "--guest", "--minutes", "-1"),
	             "positive number");
	expect_usage(run_ctl("session", "start", "PC-01"), "--resident LOGIN or --guest");
	expect_usage(run_ctl("session", "start", "PC-01", "--guest", "--resident", "x"),
	             "--resident LOGIN or --guest");
	expect_usage(run_ctl("session", "extend", "PC-01"), "--minutes is required.");
	expect_usage(run_ctl("category", "set", "reduced", "--percent", "101"), "0 to 100");
	expect_usage(run_ctl("category", "set", "reduced", "--percent", "x"), "0 to 100");
	expect_usage(run_ctl("report", "totals", "--from", "2026-02-30", "--to", "2026-03-01"),
	             "2026-11-24");
	expect_usage(run_ctl("report", "totals", "--from", "2026-03-02", "--to", "2026-03-01"),
	             "must not be after");
	expect_usage(run_ctl("report", "totals", "--from", "2026-03-01", "--to", "2026-03-01",
	                     "--by", "week"),
	             "--by must be");
	expect_usage(run_ctl("report", "totals", "--to", "2026-03-01"), "--from DATE");
	expect_usage(run_ctl("audit", "--from", "2026-02-30"), "Dates must look like");
	expect_usage(run_ctl("audit", "--from", "2026-03-02", "--to", "2026-03-01"),
	             "must not be after");
	expect_usage(run_ctl("audit", "--json", "--seat", "PC-01"), "no option --seat");
	expect_usage(run_ctl("staff", "add", "dora", "--role", "boss"),
	             "mentor, treasurer or admin");
	expect_usage(run_ctl("resident", "update", "kovacsm"),
	             "Say what to change: --name, --new-pin, --category, --note or --birth-year.");
	expect_usage(run_ctl("help", "ack", "twelve"), "not a number");
	expect_usage(run_ctl("charge", "add", "kovacsm", "copy", "--qty", "0"), "quantity");
	expect_usage(run_ctl("seat", "add"), "missing");
	expect_usage(run_ctl("seat", "add", "A", "B"), "Too many words");
	expect_usage(run_ctl("seat", "add", "A", "--colour", "red"), "no option --colour");
	expect_usage(run_ctl("seat", "fly"), "no command 'fly'");
	expect_usage(run_ctl("dance"), "no command 'dance'");
	expect_usage(run_ctl("seat"), "Say what to do with 'seat'");
	expect_usage(run_ctl("--server", "nohost:99999", "seat", "list"), "HOST or HOST:PORT");
	expect_usage(run_ctl("--bogus"), "Unknown option");
	/* Checked before connecting: the server address is unreachable here. */
	expect_usage(run_ctl("--server", "127.0.0.1:1", "seat", "list"), "--user NAME");
}

static void test_help(void **state)
{
	static const char *const groups[] = {"seat",     "resident", "session", "help",   "tariff",
	                                     "category", "charge",   "bill",    "pay",    "report",
	                                     "staff",    "shift",    "setting", "ledger", "audit"};
	ctl_run r = run_ctl("--help");
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "session start SEAT");
	assert_contains(r.out, "Exit status");
	ctl_run_clear(&r);
	for (size_t i = 0; i < G_N_ELEMENTS(groups); i++) {
		r = run_ctl(groups[i], "--help");
		if (r.status != 0)
			fail_msg("%s --help: exit %d", groups[i], r.status);
		assert_contains(r.out, "Usage:");
		assert_contains(r.out, "Examples:");
		ctl_run_clear(&r);
	}
	r = run_ctl("session", "start", "--help");
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "--minutes");
	ctl_run_clear(&r);
	r = run_ctl("--agent", "/nonexistent", "login", "--help");
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "login LOGIN PIN");
	ctl_run_clear(&r);
}

/* A loopback port nobody listens on: bound, then closed. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void test_unreachable(void **state)
{
	char server[32];
	snprintf(server, sizeof server, "127.0.0.1:%d", closed_port());
	const char *env[] = {"NETPONT_PASSWORD=x", NULL};
	ctl_run r = run_ctl_env(env, "--server", server, "--user", "admin", "seat", "list", NULL);
	assert_int_equal(r.status, 3);
	char *expected = g_strdup_printf("netpontctl: Cannot reach the Netpont server at %s — is "
	                                 "netpontd running?\n",
	                                 server);
	assert_string_equal(r.err, expected);
	assert_string_equal(r.out, "");
	g_free(expected);
	ctl_run_clear(&r);

	r = run_ctl("--agent", "/nonexistent/agent.sock", "status");
	assert_int_equal(r.status, 3);
	assert_contains(r.err, "Cannot reach the Netpont agent");
	ctl_run_clear(&r);
}

/* A payment that cannot reach the server names its request key, for a
 * retry that pays once. */
static void test_unreachable_payment_names_its_request_key(void **state)
{
	(void)state;
	char server[32];
	snprintf(server, sizeof server, "127.0.0.1:%d", closed_port());
	const char *env[] = {"NETPONT_PASSWORD=x", NULL};
	ctl_run r = run_ctl_env(env, "--server", server, "--user", "admin", "pay", "kovacsm",
	                        "--amount", "80", NULL);
	assert_int_equal(r.status, 3);
	assert_contains(r.err, "run the same command again with --request-key ");
	ctl_run_clear(&r);
}

static void test_translation(void **state)
{
	const char *build = g_getenv("NETPONT_BUILD_DIR");
	if (build == NULL)
		skip();
	char *localedir = g_build_filename(build, "locale", NULL);
	char *mo = g_build_filename(localedir, "hu", "LC_MESSAGES", "netpontctl.mo", NULL);
	if (!g_file_test(mo, G_FILE_TEST_EXISTS))
		fail_msg("%s is missing: the translations were not built", mo);
	char *dir_env = g_strdup_printf("NETPONT_LOCALEDIR=%s", localedir);
	const char *env[] = {dir_env, "LANGUAGE=hu", NULL};
	ctl_run r = run_ctl_env(env, "pay", "kovacsm", "--amount", "80.5", NULL);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "Az összeg egész forintszám legyen");
	ctl_run_clear(&r);
	g_free(dir_env);
	g_free(mo);
	g_free(localedir);
}

/* ---------------------------------------------------------------- against the real server */

typedef struct server_fixture {
	char *dir;
	char *db;
	char *address;
	GPid pid;
	const char *env[5];
	char *server_env;
	char *fingerprint; /* the server's, 64 hex digits */
	bool mentor_added; /* dora, a mentor, exists (ensure_mentor) */
} server_fixture;

static bool port_answers(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET,
	                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	                        .sin_port = htons((uint16_t)port)};
	bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	close(fd);
	return ok;
}

static int server_setup(void **state)
{
	const char *netpontd = g_getenv("NETPONTD");
	if (netpontd == NULL || !g_file_test(netpontd, G_FILE_TEST_IS_EXECUTABLE)) {
		*state = NULL;
		return 0;
	}
	server_fixture *f = g_new0(server_fixture, 1);
	f->dir = g_dir_make_tmp("netpontctl-test-XXXXXX", NULL);
	f->db = g_build_filename(f->dir, "netpont.db", NULL);
	char **env = g_get_environ();
	env = g_environ_setenv(env, "NETPONT_PWHASH", "min", TRUE);
	env = g_environ_setenv(env, "NETPONT_PASSWORD", "secret-password", TRUE);
	char *init[] = {(char *)netpontd, "--db", f->db, "--init-admin", "admin", NULL};
	int wait_status = 0;
	if (!g_spawn_sync(NULL, init, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
	                  &wait_status, NULL) ||
	    !WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0)
		return -1;
	char *print[] = {(char *)netpontd, "--db", f->db, "--fingerprint", NULL};
	if (!g_spawn_sync(NULL, print, env, G_SPAWN_DEFAULT, NULL, NULL, &f->fingerprint, NULL,
	                  &wait_status, NULL) ||
	    !WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0)
		return -1;
	g_strchomp(f->fingerprint);
	trust_env[0] = g_strdup_printf("NETPONT_FINGERPRINT=%s", f->fingerprint);
	trust_env[1] = g_strdup_printf("XDG_CONFIG_HOME=%s/config", f->dir);
	/* A port can be taken between closing and the server binding it: retry. */
	for (int attempt = 0; attempt < 5 && f->pid == 0; attempt++) {
		int port = closed_port();
		g_free(f->address);
		f->address = g_strdup_printf("127.0.0.1:%d", port);
		char *run[] = {(char *)netpontd, "--db", f->db, "--listen", f->address, NULL};
		GPid pid;
		if (!g_spawn_async(NULL, run, env,
		                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
		                       G_SPAWN_STDERR_TO_DEV_NULL,
		                   NULL, NULL, &pid, NULL))
			break;
		for (int i = 0; i < 100; i++) { /* 10 s */
			if (port_answers(port)) {
				f->pid = pid;
				break;
			}
			if (waitpid(pid, &wait_status, WNOHANG) == pid)
				break;
			g_usleep(100000);
		}
		if (f->pid == 0 && waitpid(pid, &wait_status, WNOHANG) == 0) {
			kill(pid, SIGTERM);
			waitpid(pid, &wait_status, 0);
		}
	}
	g_strfreev(env);
	if (f->pid == 0)
		return -1;
	f->server_env = g_strdup_printf("NETPONT_SERVER=%s", f->address);
	f->env[0] = f->server_env;
	f->env[1] = "NETPONT_USER=admin";
	f->env[2] = "NETPONT_PASSWORD=secret-password";
	f->env[3] = NULL;
	*state = f;
	return 0;
}

static int server_teardown(void **state)
{
	server_fixture *f = *state;
	if (f == NULL)
		return 0;
	int wait_status;
	kill(f->pid, SIGTERM);
	for (int i = 0; i < 50 && waitpid(f->pid, &wait_status, WNOHANG) == 0; i++)
		g_usleep(100000);
	if (waitpid(f->pid, &wait_status, WNOHANG) == 0) {
		kill(f->pid, SIGKILL);
		waitpid(f->pid, &wait_status, 0);
	}
	g_spawn_close_pid(f->pid);
	char *wal = g_strconcat(f->db, "-wal", NULL), *shm = g_strconcat(f->db, "-shm", NULL);
	g_unlink(wal);
	g_unlink(shm);
	g_unlink(f->db);
	char *cert = g_strconcat(f->db, "-cert.pem", NULL),
	     *key = g_strconcat(f->db, "-key.pem", NULL);
	char *known = g_build_filename(f->dir, "config", "netpont", "known-servers", NULL);
	char *known_dir = g_path_get_dirname(known), *config_dir = g_path_get_dirname(known_dir);
	g_unlink(cert);
	g_unlink(key);
	g_unlink(known);
	g_rmdir(known_dir);
	g_rmdir(config_dir);
	g_rmdir(f->dir);
	g_free(cert);
	g_free(key);
	g_free(known);
	g_free(known_dir);
	g_free(config_dir);
	g_free(f->fingerprint);
	g_clear_pointer(&trust_env[0], g_free);
	g_clear_pointer(&trust_env[1], g_free);
	g_free(wal);
	g_free(shm);
	g_free(f->db);
	g_free(f->dir);
	g_free(f->address);
	g_free(f->server_env);
	g_free(f);
	return 0;
}

/* Runs netpontctl --json against the fixture's server; expects exit 0 and
 * returns the parsed JSON (caller unrefs). */
#define ctl_json(f, ...) ctl_json_(f, __VA_ARGS__, NULL)
static JsonNode *ctl_json_(server_fixture *f, const char *first, ...)
{
	const char *args[24] = {"--json", first};
	int n = 2;
	va_list ap;
	va_start(ap, first);
	for (const char *a = va_arg(ap, const char *); a != NULL && n < 23;
	     a = va_arg(ap, const char *))
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	ctl_run r = run_ctl_env(f->env, args[0], args[1], args[2], args[3], args[4], args[5],
	                        args[6], args[7], args[8], args[9], args[10], args[11], NULL);
	if (r.status != 0)
		fail_msg("netpontctl %s %s %s: exit %d\n%s", args[1], n > 2 ? args[2] : "",
		         n > 3 ? args[3] : "", r.status, r.err);
	GError *error = NULL;
	JsonNode *node = json_from_string(r.out, &error);
	if (node == NULL)
		fail_msg("not one JSON value (%s):\n%s", error ? error->message : "empty", r.out);
	ctl_run_clear(&r);
	return node;
}

static JsonObject *obj(JsonNode *n)
{
	assert_int_equal(JSON_NODE_TYPE(n), JSON_NODE_OBJECT);
	return json_node_get_object(n);
}

static void assert_keys(JsonObject *o, const char *const *keys)
{
	for (; *keys != NULL; keys++)
		if (!json_object_has_member(o, *keys))
			fail_msg("JSON key \"%s\" is missing", *keys);
}

static JsonObject *find_by(JsonArray *a, const char *key, const char *value)
{
	for (guint i = 0; i < json_array_get_length(a); i++) {
		JsonObject *o = json_array_get_object_element(a, i);
		const char *v = json_object_get_string_member(o, key);
		if (v != NULL && strcmp(v, value) == 0)
			return o;
	}
	fail_msg("no element with %s = %s", key, value);
	return NULL;
}

/* The fixture's server, or a skipped test when $NETPONTD is not built. */
static server_fixture *server_or_skip(void **state)
{
	server_fixture *f = *state;
	if (f == NULL)
		skip();
	return f;
}

/* Runs a --json command that must succeed and drops its output. */
#define ctl_ok(f, ...) json_node_unref(ctl_json(f, __VA_ARGS__))

/* The server's local date, as report --from/--to take it: a new string. */
static char *today(void)
{
	GDateTime *now = g_date_time_new_now_local();
	char *text = g_date_time_format(now, "%Y-%m-%d");
	g_date_time_unref(now);
	return text;
}

/* Open at any hour, so sessions start whenever the tests run. */
static int open_all_hours(void **state)
{
	int rc = server_setup(state);
	server_fixture *f = *state;
	if (rc != 0 || f == NULL)
		return rc;
	static const char *const settings[][2] = {
	    {"open_time", "00:00"}, {"close_time", "24:00"}, {"open_days", "1234567"}};
	for (size_t i = 0; i < G_N_ELEMENTS(settings); i++) {
		ctl_run r =
		    run_ctl_env(f->env, "setting", "set", settings[i][0], settings[i][1], NULL);
		bool ok = r.status == 0;
		ctl_run_clear(&r);
		if (!ok)
			return -1;
	}
	return 0;
}

/* A guest session on a new seat, run for a moment and ended: a guest with a
 * bill. Returns the guest's login (g_free) and sets *due. */
static char *billed_guest(server_fixture *f, const char *seat, int64_t *due)
{
	ctl_ok(f, "seat", "add", seat);
	JsonNode *n = ctl_json(f, "session", "start", seat, "--guest", "--minutes", "30");
	char *guest = g_strdup(json_object_get_string_member(obj(n), "guest"));
	json_node_unref(n);
	/* 0 s used is charged nothing: let at least one second pass. */
	g_usleep(1100 * 1000);
	ctl_ok(f, "session", "end", seat);
	n = ctl_json(f, "bill", guest);
	*due = json_object_get_int_member(obj(n), "due");
	json_node_unref(n);
	return guest;
}

/* A resident who owes for two copies; returns what she owes. */
static int64_t resident_with_charge(server_fixture *f, const char *login)
{
	ctl_ok(f, "resident", "add", login, "--name", login, "--pin", "4821");
	ctl_ok(f, "charge", "add", login, "copy", "--qty", "2");
	JsonNode *n = ctl_json(f, "bill", login);
	int64_t due = json_object_get_int_member(obj(n), "due");
	json_node_unref(n);
	return due;
}

/* dora, a mentor with the password dora-password, exists. */
static void ensure_mentor(server_fixture *f)
{
	if (f->mentor_added)
		return;
	const char *env[] = {f->env[0], f->env[1], f->env[2], "NETPONT_NEW_PASSWORD=dora-password",
	                     NULL};
	ctl_run r = run_ctl_env(env, "staff", "add", "dora", "--role", "mentor", NULL);
	if (r.status != 0)
		fail_msg("staff add: %s", r.err);
	ctl_run_clear(&r);
	f->mentor_added = true;
}

/* Runs netpontctl as dora (her own password unless env says otherwise). */
#define run_as_dora(f, env, ...)                                                                   \
	run_ctl_env(env, "--server", (f)->address, "--user", "dora", __VA_ARGS__, NULL)

static const char *const dora_env[] = {"NETPONT_PASSWORD=dora-password", NULL};

static void test_seat_add_prints_token_last(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_run r = run_ctl_env(f->env, "seat", "add", "PC-01", NULL);
	assert_int_equal(r.status, 0);
	char **lines = g_strsplit(g_strchomp(r.out), "\n", -1);
	guint nlines = g_strv_length(lines);
	assert_true(nlines >= 2);
	assert_true(strlen(lines[nlines - 1]) >= 16);
	assert_null(strchr(lines[nlines - 1], ' '));
	g_strfreev(lines);
	ctl_run_clear(&r);
}

/* The agent pins the server by the fingerprint seat add prints on the line
 * before the token. */
static void test_seat_add_prints_fingerprint_before_token(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_run r = run_ctl_env(f->env, "seat", "add", "PC-10", NULL);
	assert_int_equal(r.status, 0);
	char **lines = g_strsplit(g_strchomp(r.out), "\n", -1);
	guint nlines = g_strv_length(lines);
	assert_true(nlines >= 3);
	assert_non_null(strstr(lines[nlines - 2], f->fingerprint));
	assert_null(strstr(lines[nlines - 1], f->fingerprint));
	g_strfreev(lines);
	ctl_run_clear(&r);
}

static void test_seat_add_json(void **state)
{
	server_fixture *f = server_or_skip(state);
	JsonNode *n = ctl_json(f, "seat", "add", "PC-02");
	const char *seat_keys[] = {"name", "token", "fingerprint", NULL};
	assert_keys(obj(n), seat_keys);
	assert_string_equal(json_object_get_string_member(obj(n), "name"), "PC-02");
	assert_string_equal(json_object_get_string_member(obj(n), "fingerprint"), f->fingerprint);
	json_node_unref(n);
}

/* The same name twice is refused: exit 1 with the server's sentence. */
static void test_seat_add_twice_is_refused(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "seat", "add", "PC-03");
	ctl_run r = run_ctl_env(f->env, "seat", "add", "PC-03", NULL);
	assert_int_equal(r.status, 1);
	assert_true(g_str_has_prefix(r.err, "netpontctl: "));
	ctl_run_clear(&r);
}

static void test_seat_list_json(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "seat", "add", "PC-04");
	JsonNode *n = ctl_json(f, "seat", "list");
	assert_int_equal(JSON_NODE_TYPE(n), JSON_NODE_ARRAY);
	JsonObject *pc = find_by(json_node_get_array(n), "name", "PC-04");
	const char *list_keys[] = {"name", "state", "resident", "remaining_s", "help", NULL};
	assert_keys(pc, list_keys);
	assert_string_equal(json_object_get_string_member(pc, "state"), "offline");
	assert_true(json_object_get_null_member(pc, "resident"));
	json_node_unref(n);
}

static void test_resident_add_json(void **state)
{
	server_fixture *f = server_or_skip(state);
	JsonNode *n =
	    ctl_json(f, "resident", "add", "kovacsm", "--name", "Kovács Mária", "--pin", "4821");
	assert_string_equal(json_object_get_string_member(obj(n), "login"), "kovacsm");
	json_node_unref(n);
}

/* A guest session names its guest account, and seat list shows it running. */
static void test_guest_session_shows_on_seat_list(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "seat", "add", "PC-05");
	JsonNode *n = ctl_json(f, "session", "start", "PC-05", "--guest", "--minutes", "30");
	const char *guest = json_object_get_string_member(obj(n), "guest");
	assert_non_null(guest);
	assert_true(g_str_has_prefix(guest, "guest-"));
	char *guest_login = g_strdup(guest);
	assert_true(json_object_get_int_member(obj(n), "remaining_s") > 0);
	json_node_unref(n);

	n = ctl_json(f, "seat", "list");
	JsonObject *pc = find_by(json_node_get_array(n), "name", "PC-05");
	assert_string_equal(json_object_get_string_member(pc, "resident"), guest_login);
	assert_true(json_object_get_int_member(pc, "remaining_s") > 0);
	json_node_unref(n);
	g_free(guest_login);
}

/* Extending a session by a fraction of a minute is taken. */
static void test_session_extend_fraction(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "seat", "add", "PC-06");
	ctl_ok(f, "session", "start", "PC-06", "--guest", "--minutes", "1");
	JsonNode *n = ctl_json(f, "session", "extend", "PC-06", "--minutes", "0.5");
	assert_true(json_object_get_int_member(obj(n), "remaining_s") > 60);
	json_node_unref(n);
	ctl_ok(f, "session", "end", "PC-06");
}

static void test_ended_session_is_billed(void **state)
{
	server_fixture *f = server_or_skip(state);
	int64_t due;
	char *guest = billed_guest(f, "PC-07", &due);
	JsonNode *n = ctl_json(f, "bill", guest);
	const char *bill_keys[] = {"due", "charges", NULL};
	assert_keys(obj(n), bill_keys);
	JsonArray *charges = json_object_get_array_member(obj(n), "charges");
	assert_true(json_array_get_length(charges) >= 1);
	const char *line_keys[] = {"service", "qty", "amount", NULL};
	assert_keys(json_array_get_object_element(charges, 0), line_keys);
	assert_true(json_object_get_int_member(obj(n), "due") > 0);
	json_node_unref(n);
	g_free(guest);
}

static void test_cash_payment_clears_the_bill(void **state)
{
	server_fixture *f = server_or_skip(state);
	int64_t due;
	char *guest = billed_guest(f, "PC-08", &due);
	char amount[32];
	snprintf(amount, sizeof amount, "%lld", (long long)due);
	JsonNode *n = ctl_json(f, "pay", guest, "--amount", amount);
	assert_int_equal(json_object_get_int_member(obj(n), "due"), 0);
	json_node_unref(n);
	g_free(guest);
}

static void test_office_charge(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "resident", "add", "szabok", "--name", "Szabó Kata", "--pin", "1357");
	JsonNode *n = ctl_json(f, "charge", "add", "szabok", "copy", "--qty", "2");
	assert_true(json_object_get_int_member(obj(n), "amount") > 0);
	json_node_unref(n);
}

static void test_waiver_with_note_clears_the_bill(void **state)
{
	server_fixture *f = server_or_skip(state);
	char amount[32];
	snprintf(amount, sizeof amount, "%lld", (long long)resident_with_charge(f, "nagyp"));
	JsonNode *n = ctl_json(f, "pay", "nagyp", "--amount", amount, "--method", "waive", "--note",
	                       "family in crisis");
	assert_int_equal(json_object_get_int_member(obj(n), "due"), 0);
	json_node_unref(n);
}

/* The same payment sent twice with one --request-key (a retry after a lost
 * reply) is taken once: the second run shows the first payment. */
static void test_payment_retried_with_its_request_key_is_taken_once(void **state)
{
	server_fixture *f = server_or_skip(state);
	int64_t due = resident_with_charge(f, "vargai");
	const char *key = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
	JsonNode *first = ctl_json(f, "pay", "vargai", "--amount", "10", "--request-key", key);
	JsonNode *again = ctl_json(f, "pay", "vargai", "--amount", "10", "--request-key", key);
	assert_int_equal(json_object_get_int_member(obj(again), "id"),
	                 json_object_get_int_member(obj(first), "id"));
	assert_int_equal(json_object_get_int_member(obj(again), "due"), due - 10);
	json_node_unref(first);
	json_node_unref(again);
	JsonNode *bill = ctl_json(f, "bill", "vargai");
	assert_int_equal(json_object_get_int_member(obj(bill), "due"), due - 10);
	json_node_unref(bill);
}

static void test_report_totals_json(void **state)
{
	server_fixture *f = server_or_skip(state);
	resident_with_charge(f, "tothj");
	char *day = today();
	JsonNode *n =
	    ctl_json(f, "report", "totals", "--from", day, "--to", day, "--by", "service");
	const char *report_keys[] = {"rows", "total_charged", "total_paid", NULL};
	assert_keys(obj(n), report_keys);
	assert_true(json_object_get_int_member(obj(n), "total_charged") > 0);
	JsonArray *rows = json_object_get_array_member(obj(n), "rows");
	assert_true(json_array_get_length(rows) >= 1);
	const char *row_keys[] = {"key", "charged", "paid", NULL};
	assert_keys(json_array_get_object_element(rows, 0), row_keys);
	json_node_unref(n);
	g_free(day);
}

static void test_report_totals_csv(void **state)
{
	server_fixture *f = server_or_skip(state);
	char *day = today();
	ctl_run r =
	    run_ctl_env(f->env, "report", "totals", "--from", day, "--to", day, "--csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(g_str_has_prefix(r.out, "key,charged,paid,waived\n"));
	assert_contains(r.out, "\ntotal,");
	ctl_run_clear(&r);
	g_free(day);
}

/* The environment of a run under a Hungarian locale (that this machine need
 * not have generated), with the translations from the build; free the
 * first entry (g_free). NULL when there is no build to take them from. */
static bool hungarian_env(const char *env[4])
{
	const char *build = g_getenv("NETPONT_BUILD_DIR");
	if (build == NULL)
		return false;
	env[0] = g_strdup_printf("NETPONT_LOCALEDIR=%s/locale", build);
	env[1] = "LC_ALL=hu_HU.UTF-8";
	env[2] = "LANG=hu_HU.UTF-8";
	env[3] = NULL;
	return true;
}

static void test_report_totals_csv_hungarian_locale_is_for_spreadsheets(void **state)
{
	server_fixture *f = server_or_skip(state);
	const char *env[4] = {0};
	if (!hungarian_env(env))
		skip();
	char *day = today();
	char *env_all[8];
	int k = 0;
	for (const char *const *e = f->env; *e != NULL; e++)
		env_all[k++] = (char *)*e;
	for (int i = 0; env[i] != NULL; i++)
		env_all[k++] = (char *)env[i];
	env_all[k] = NULL;
	ctl_run r = run_ctl_env((const char *const *)env_all, "report", "totals", "--from", day,
	                        "--to", day, "--by", "service", "--csv", NULL);
	assert_int_equal(r.status, 0);
	/* A byte-order mark, ';' between cells, Hungarian headers, CRLF. */
	if (!g_str_has_prefix(r.out, "\xEF\xBB\xBFSzolgáltatás;Terhelés;Befizetés;Elengedés\r\n"))
		fail_msg("not a Hungarian spreadsheet's CSV:\n%s", r.out);
	assert_contains(r.out, "\r\nÖsszesen;");
	ctl_run_clear(&r);

	/* --csv-format rfc4180 is the plain file in any locale. */
	r = run_ctl_env((const char *const *)env_all, "report", "totals", "--from", day, "--to",
	                day, "--csv-format", "rfc4180", NULL);
	assert_int_equal(r.status, 0);
	if (!g_str_has_prefix(r.out, "key,charged,paid,waived\r\n"))
		fail_msg("not RFC 4180:\n%s", r.out);
	assert_contains(r.out, "\r\ntotal,");
	ctl_run_clear(&r);
	g_free((char *)env[0]);
	g_free(day);
}

static void test_report_totals_csv_format_unknown_is_refused(void **state)
{
	server_fixture *f = server_or_skip(state);
	char *day = today();
	ctl_run r = run_ctl_env(f->env, "report", "totals", "--from", day, "--to", day,
	                        "--csv-format", "excel", NULL);
	expect_usage(r, "--csv-format must be rfc4180 or spreadsheet.");
	g_free(day);
}

static void test_help_list_is_an_array(void **state)
{
	server_fixture *f = server_or_skip(state);
	JsonNode *n = ctl_json(f, "help", "list");
	assert_int_equal(JSON_NODE_TYPE(n), JSON_NODE_ARRAY);
	json_node_unref(n);
}

static void test_help_ack_unknown_call_is_refused(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_run r = run_ctl_env(f->env, "help", "ack", "999999", NULL);
	assert_int_equal(r.status, 1);
	ctl_run_clear(&r);
}

static void test_category_set(void **state)
{
	server_fixture *f = server_or_skip(state);
	JsonNode *n = ctl_json(f, "category", "set", "reduced", "--percent", "50");
	assert_int_equal(json_object_get_int_member(obj(n), "percent"), 50);
	json_node_unref(n);
}

/* A new price keeps the other services as they are (internet stays per time). */
static void test_tariff_set_changes_one_price(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "tariff", "set", "copy", "--price", "25");
	JsonNode *n = ctl_json(f, "tariff", "list");
	JsonObject *copy = find_by(json_node_get_array(n), "service", "copy");
	assert_int_equal(json_object_get_int_member(copy, "price"), 25);
	JsonObject *internet = find_by(json_node_get_array(n), "service", "internet");
	assert_true(json_object_get_int_member(internet, "per_minutes") > 0);
	json_node_unref(n);
}

/* netpontctl with the fixture's environment plus NETPONT_PIN=pin. */
static ctl_run run_with_pin(server_fixture *f, const char *pin, const char *first, ...)
{
	g_autofree char *pin_env = g_strdup_printf("NETPONT_PIN=%s", pin);
	const char *env[] = {f->env[0], f->env[1], f->env[2], pin_env, NULL};
	const char *args[8] = {first};
	int n = 1;
	va_list ap;
	va_start(ap, first);
	for (const char *a = va_arg(ap, const char *); a != NULL && n < 7;
	     a = va_arg(ap, const char *))
		args[n++] = a;
	va_end(ap);
	return run_ctl_env(env, args[0], args[1], args[2], args[3], args[4], args[5], args[6],
	                   NULL);
}

/* Exit 0 and nothing said about --pin on stderr. */
static void expect_quiet_success(ctl_run r)
{
	if (r.status != 0)
		fail_msg("expected exit 0, got %d:\n%s", r.status, r.err);
	if (strstr(r.err, "--pin") != NULL)
		fail_msg("unexpected warning:\n%s", r.err);
	ctl_run_clear(&r);
}

static void test_pin_comes_from_netpont_pin(void **state)
{
	server_fixture *f = server_or_skip(state);
	expect_quiet_success(
	    run_with_pin(f, "4822", "resident", "add", "pinenv", "--name", "Pin Env", NULL));
	expect_quiet_success(run_with_pin(f, "5933", "resident", "reset-pin", "pinenv", NULL));
	expect_quiet_success(
	    run_with_pin(f, "6044", "resident", "update", "pinenv", "--new-pin", NULL));
	/* The PIN really is NETPONT_PIN's: a short one is refused by the server. */
	ctl_run r = run_with_pin(f, "12", "resident", "reset-pin", "pinenv", NULL);
	assert_int_equal(r.status, 1);
	assert_contains(r.err, "The PIN must be 4 to 12 digits.");
	ctl_run_clear(&r);
	/* An update that does not ask for a new PIN leaves NETPONT_PIN alone. */
	r = run_with_pin(f, "12", "resident", "update", "pinenv", "--note", "no PIN change", NULL);
	if (r.status != 0)
		fail_msg("update --note: %s", r.err);
	ctl_run_clear(&r);
}

static void test_pin_on_the_command_line_warns(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_run r = run_ctl_env(f->env, "resident", "add", "pinopt", "--name", "Pin Opt", "--pin",
	                        "4821", NULL);
	if (r.status != 0)
		fail_msg("resident add --pin: %s", r.err);
	assert_contains(r.err, "warning: a PIN given with --pin is visible to other users");
	assert_contains(r.out, "pinopt can now log in at any PC.");
	ctl_run_clear(&r);
}

static void test_staff_unlock(void **state)
{
	server_fixture *f = server_or_skip(state);
	ensure_mentor(f);
	ctl_ok(f, "staff", "unlock", "dora");
	ctl_run r = run_ctl_env(f->env, "staff", "unlock", "nobody", NULL);
	assert_int_equal(r.status, 1);
	assert_contains(r.err, "There is no staff member called nobody.");
	ctl_run_clear(&r);
}

static void test_staff_add(void **state)
{
	server_fixture *f = server_or_skip(state);
	const char *env[] = {f->env[0], f->env[1], f->env[2], "NETPONT_NEW_PASSWORD=erik-password",
	                     NULL};
	ctl_run r = run_ctl_env(env, "--json", "staff", "add", "erik", "--role", "treasurer", NULL);
	if (r.status != 0)
		fail_msg("staff add: %s", r.err);
	assert_contains(r.out, "\"role\" : \"treasurer\"");
	ctl_run_clear(&r);
}

static void test_mentor_shift_starts_and_ends(void **state)
{
	server_fixture *f = server_or_skip(state);
	ensure_mentor(f);
	ctl_run r = run_as_dora(f, dora_env, "--json", "shift", "start", "--float", "5000");
	if (r.status != 0)
		fail_msg("shift start: %s", r.err);
	ctl_run_clear(&r);
	r = run_as_dora(f, dora_env, "--json", "shift", "end", "--cash", "5000");
	if (r.status != 0)
		fail_msg("shift end: %s", r.err);
	ctl_run_clear(&r);
}

/* The day's actions are in the audit log, newest first, as a JSON array;
 * the filters narrow it down. */
static void test_audit_json(void **state)
{
	server_fixture *f = server_or_skip(state);
	ctl_ok(f, "seat", "add", "PC-A1");
	g_autofree char *day = today();
	JsonNode *n = ctl_json(f, "audit", "--from", day, "--to", day, "--user", "admin",
	                       "--action", "seat.add");
	assert_int_equal(JSON_NODE_TYPE(n), JSON_NODE_ARRAY);
	JsonArray *a = json_node_get_array(n);
	JsonObject *row = find_by(a, "detail", "PC-A1");
	static const char *const keys[] = {"id", "at", "staff", "action", "detail", NULL};
	assert_keys(row, keys);
	assert_string_equal(json_object_get_string_member(row, "staff"), "admin");
	assert_string_equal(json_object_get_string_member(row, "action"), "seat.add");
	for (guint i = 0; i < json_array_get_length(a); i++)
		assert_string_equal(
		    json_object_get_string_member(json_array_get_object_element(a, i), "action"),
		    "seat.add");
	json_node_unref(n);
}

/* No rows: an empty array in JSON, a sentence in text. */
static void test_audit_without_rows_says_so(void **state)
{
	server_fixture *f = server_or_skip(state);
	JsonNode *n = ctl_json(f, "audit", "--action", "no.such.action");
	assert_int_equal(json_array_get_length(json_node_get_array(n)), 0);
	json_node_unref(n);
	ctl_run r = run_ctl_env(f->env, "audit", "--action", "no.such.action", NULL);
	assert_int_equal(r.status, 0);
	assert_contains(r.out, "Nothing in the audit log matches.");
	ctl_run_clear(&r);
}

/* A mentor may not read the audit log, and an unknown staff name is said:
 * exit 1 with the server's sentence each. */
static void test_audit_refusals(void **state)
{
	server_fixture *f = server_or_skip(state);
	ensure_mentor(f);
	ctl_run r = run_as_dora(f, dora_env, "audit");
	assert_int_equal(r.status, 1);
	assert_contains(r.err, "Only the treasurer or an administrator can read the audit log.");
	ctl_run_clear(&r);
	r = run_ctl_env(f->env, "audit", "--user", "nobody", NULL);
	assert_int_equal(r.status, 1);
	assert_contains(r.err, "There is no staff member called nobody.");
	ctl_run_clear(&r);
}

/* Only an administrator enrols a PC: exit 1. */
static void test_mentor_cannot_enrol_a_seat(void **state)
{
	server_fixture *f = server_or_skip(state);
	ensure_mentor(f);
	ctl_run r = run_as_dora(f, dora_env, "seat", "add", "PC-09");
	assert_int_equal(r.status, 1);
	ctl_run_clear(&r);
}

static void test_wrong_password_exits_3(void **state)
{
	server_fixture *f = server_or_skip(state);
	ensure_mentor(f);
	const char *wrong_env[] = {"NETPONT_PASSWORD=wrong-password", NULL};
	ctl_run r = run_as_dora(f, wrong_env, "seat", "list");
	assert_int_equal(r.status, 3);
	ctl_run_clear(&r);
}

/* Without NETPONT_FINGERPRINT, a server seen for the first time is refused
 * (exit 3, its fingerprint shown) unless --accept-new is given; then it is
 * remembered and later runs need no flag. */
static void test_unknown_server_needs_accept_new(void **state)
{
	server_fixture *f = server_or_skip(state);
	const char *unpinned[] = {"NETPONT_FINGERPRINT=", NULL};
	ctl_run r =
	    run_ctl_env(unpinned, "--server", f->address, "--user", "admin", "seat", "list", NULL);
	assert_int_equal(r.status, 3);
	assert_contains(r.err, "does not know the server");
	assert_contains(r.err, f->fingerprint);
	assert_contains(r.err, "--accept-new");
	ctl_run_clear(&r);

	const char *accept[] = {"NETPONT_FINGERPRINT=", "NETPONT_PASSWORD=secret-password", NULL};
	r = run_ctl_env(accept, "--server", f->address, "--user", "admin", "--accept-new", "seat",
	                "list", NULL);
	assert_int_equal(r.status, 0);
	ctl_run_clear(&r);
	r = run_ctl_env(accept, "--server", f->address, "--user", "admin", "seat", "list", NULL);
	assert_int_equal(r.status, 0);
	ctl_run_clear(&r);

	char *path = g_build_filename(f->dir, "config", "netpont", "known-servers", NULL);
	char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	char *line = g_strdup_printf("%s %s\n", f->address, f->fingerprint);
	assert_string_equal(text, line);
	g_free(line);
	g_free(text);

	/* Another certificate at the same address is refused, naming both
	 * fingerprints and how to remove the old entry. */
	const char *other = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	line = g_strdup_printf("%s %s\n", f->address, other);
	assert_true(g_file_set_contents(path, line, -1, NULL));
	g_free(line);
	r = run_ctl_env(accept, "--server", f->address, "--user", "admin", "--accept-new", "seat",
	                "list", NULL);
	assert_int_equal(r.status, 3);
	assert_contains(r.err, f->fingerprint);
	assert_contains(r.err, other);
	assert_contains(r.err, "remove the old entry");
	assert_contains(r.err, path);
	ctl_run_clear(&r);
	g_unlink(path);
	g_free(path);
}

/* NETPONT_FINGERPRINT pins for scripts: another one is refused with exit 3
 * naming both, a malformed one is a usage error. */
static void test_netpont_fingerprint_pins(void **state)
{
	server_fixture *f = server_or_skip(state);
	const char *other = "FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210";
	const char *wrong[] = {
	    "NETPONT_FINGERPRINT=FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210"
	    "FEDCBA9876543210",
	    NULL};
	ctl_run r = run_ctl_env(wrong, "--server", f->address, "--user", "admin", "--accept-new",
	                        "seat", "list", NULL);
	assert_int_equal(r.status, 3);
	assert_contains(r.err, f->fingerprint);
	char *lower = g_ascii_strdown(other, -1);
	assert_contains(r.err, lower);
	g_free(lower);
	ctl_run_clear(&r);
	const char *bad[] = {"NETPONT_FINGERPRINT=abc", NULL};
	r = run_ctl_env(bad, "--server", f->address, "--user", "admin", "seat", "list", NULL);
	assert_int_equal(r.status, 2);
	assert_contains(r.err, "NETPONT_FINGERPRINT");
	ctl_run_clear(&r);
}

int main(void)
{
	np_test_run_at_noon();
	const struct CMUnitTest offline[] = {
	    cmocka_unit_test(test_usage_errors),
	    cmocka_unit_test(test_help),
	    cmocka_unit_test(test_unreachable),
	    cmocka_unit_test(test_unreachable_payment_names_its_request_key),
	    cmocka_unit_test(test_translation),
	};
	/* One server for the group; each test makes the seats and accounts it
	 * needs under names of its own. */
	const struct CMUnitTest online[] = {
	    cmocka_unit_test(test_seat_add_prints_token_last),
	    cmocka_unit_test(test_seat_add_prints_fingerprint_before_token),
	    cmocka_unit_test(test_seat_add_json),
	    cmocka_unit_test(test_unknown_server_needs_accept_new),
	    cmocka_unit_test(test_netpont_fingerprint_pins),
	    cmocka_unit_test(test_seat_add_twice_is_refused),
	    cmocka_unit_test(test_seat_list_json),
	    cmocka_unit_test(test_resident_add_json),
	    cmocka_unit_test(test_guest_session_shows_on_seat_list),
	    cmocka_unit_test(test_session_extend_fraction),
	    cmocka_unit_test(test_ended_session_is_billed),
	    cmocka_unit_test(test_cash_payment_clears_the_bill),
	    cmocka_unit_test(test_office_charge),
	    cmocka_unit_test(test_waiver_with_note_clears_the_bill),
	    cmocka_unit_test(test_payment_retried_with_its_request_key_is_taken_once),
	    cmocka_unit_test(test_report_totals_json),
	    cmocka_unit_test(test_report_totals_csv),
	    cmocka_unit_test(test_report_totals_csv_hungarian_locale_is_for_spreadsheets),
	    cmocka_unit_test(test_report_totals_csv_format_unknown_is_refused),
	    cmocka_unit_test(test_help_list_is_an_array),
	    cmocka_unit_test(test_help_ack_unknown_call_is_refused),
	    cmocka_unit_test(test_category_set),
	    cmocka_unit_test(test_tariff_set_changes_one_price),
	    cmocka_unit_test(test_staff_add),
	    cmocka_unit_test(test_pin_comes_from_netpont_pin),
	    cmocka_unit_test(test_pin_on_the_command_line_warns),
	    cmocka_unit_test(test_staff_unlock),
	    cmocka_unit_test(test_mentor_shift_starts_and_ends),
	    cmocka_unit_test(test_mentor_cannot_enrol_a_seat),
	    cmocka_unit_test(test_wrong_password_exits_3),
	    cmocka_unit_test(test_audit_json),
	    cmocka_unit_test(test_audit_without_rows_says_so),
	    cmocka_unit_test(test_audit_refusals),
	};
	int failed = cmocka_run_group_tests(offline, NULL, NULL);
	failed += cmocka_run_group_tests(online, open_all_hours, server_teardown);
	return failed;
}
