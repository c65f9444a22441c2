/* A mentor releases or cancels a print held on a PC, from the server side:
 * the real netpontd, netpont-agent, netpontctl and a private cupsd with a
 * hold queue.
 *
 * Starts netpontd (temporary database, NETPONT_PWHASH=min, open at any
 * hour), enrols PC-01, adds a resident, a mentor and a treasurer, starts
 * netpont-agent --ui headless metering the queues PDF and HOLD (HOLD held
 * for confirmation), and starts a session for the resident. Then:
 *
 *   - a job printed to HOLD appears in `netpontctl --json print list` with
 *     its pages and price, and the lock screen is asked about it (a
 *     ControlEvent with pending_print on the agent's control socket);
 *   - refused releases (unknown seat, unknown job, the treasurer) exit 1
 *     with a sentence and change nothing;
 *   - `print release` makes it print; it is charged once, and the lock
 *     screen's question closes (a ControlEvent without pending_print);
 *   - another held job `print cancel`ed is never charged and CUPS shows
 *     it cancelled;
 *   - a job held in the resident's session and released after that session
 *     ended (another resident already at the PC) is charged once to her,
 *     the resident of the session it was sent in, and not to him.
 *
 * Skipped (77) when not root or cupsd / cups-pdf are missing. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cups/cups.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cupsd-helper.h"
#include "frame.h"

static struct {
	char *dir;
	char *db;
	char *sock;
	char *token_file;
	char *server_addr;
	int server_port;
	GPid server_pid;
	GPid agent_pid;
	pid_t cupsd_pid;
	char *title_prefix;
	/* The agent's control socket, read like the lock screen reads it. */
	int control_fd;
	np_frame_reader reader;
	char *pending_key; /* pending_print of the last ControlEvent, or NULL */
	int events;
} fx = {.control_fd = -1};

/* ---------------------------------------------------------------- programs */

/* Runs a program to the end; returns its stdout (caller frees; never NULL)
 * and its exit status and stderr when asked. */
static char *run(const char *const *argv, int *exit_status, char **err_out)
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
	if (code != 0)
		g_test_message("%s %s %s exited %d: %s", argv[0], argv[5] ? argv[5] : "",
		               argv[5] && argv[6] ? argv[6] : "", code, err);
	if (err_out != NULL)
		*err_out = err;
	else
		g_free(err);
	return out;
}

/* netpontctl as user (admin, Dóra the mentor, Tamás the treasurer). */
static char *ctl_as(const char *user, int *status, char **err, const char *a1, const char *a2,
                    const char *a3, const char *a4, const char *a5, const char *a6)
{
	const char *argv[] = {g_getenv("NETPONTCTL"),
	                      "--server",
	                      fx.server_addr,
	                      "--user",
	                      user,
	                      a1,
	                      a2,
	                      a3,
	                      a4,
	                      a5,
	                      a6,
	                      NULL};
	const char *password = strcmp(user, "admin") == 0  ? "admin-pass"
	                       : strcmp(user, "Dóra") == 0 ? "dora-pass"
	                                                   : "tamas-pass";
	g_setenv("NETPONT_PASSWORD", password, TRUE);
	return run(argv, status, err);
}

/* As admin; NULL unless it exited 0. */
static char *ctl(const char *a1, const char *a2, const char *a3, const char *a4, const char *a5,
                 const char *a6)
{
	int status = -1;
	char *out = ctl_as("admin", &status, NULL, a1, a2, a3, a4, a5, a6);
	if (status != 0)
		g_clear_pointer(&out, g_free);
	return out;
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof sa;
	g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof sa), ==, 0);
	g_assert_cmpint(getsockname(fd, (struct sockaddr *)&sa, &len), ==, 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static gboolean port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)port),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	gboolean ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* The server and agent die with the test, even when it crashes. */
static void die_with_parent(gpointer data)
{
	(void)data;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static void stop_pid(GPid *pid)
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

static void start_server(void)
{
	const char *netpontd = g_getenv("NETPONTD");
	g_setenv("NETPONT_PWHASH", "min", TRUE);
	g_setenv("NETPONT_PASSWORD", "admin-pass", TRUE);
	const char *init[] = {netpontd, "--db", fx.db, "--init-admin", "admin", NULL};
	int status = -1;
	g_free(run(init, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	sqlite3 *db = NULL;
	g_assert_cmpint(sqlite3_open(fx.db, &db), ==, SQLITE_OK);
	g_assert_cmpint(sqlite3_exec(db,
	                             "UPDATE settings SET value='00:00' WHERE key='open_time';"
	                             "UPDATE settings SET value='24:00' WHERE key='close_time';"
	                             "UPDATE settings SET value='1234567' WHERE key='open_days';",
	                             NULL, NULL, NULL),
	                ==, SQLITE_OK);
	sqlite3_close(db);
	fx.server_port = free_port();
	fx.server_addr = g_strdup_printf("127.0.0.1:%d", fx.server_port);
	const char *argv[] = {netpontd, "--db", fx.db, "--listen", fx.server_addr, NULL};
	g_autoptr(GError) error = NULL;
	g_assert_true(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
	                            die_with_parent, NULL, &fx.server_pid, &error));
	for (int i = 0; i < 200 && !port_open(fx.server_port); i++)
		g_usleep(50 * 1000);
	g_assert_true(port_open(fx.server_port));

	g_autofree char *seat = ctl("seat", "add", "PC-01", NULL, NULL, NULL);
	g_assert_nonnull(seat);
	g_strchomp(seat);
	const char *last = strrchr(seat, '\n');
	g_assert_true(g_file_set_contents(fx.token_file, last ? last + 1 : seat, -1, NULL));
	g_chmod(fx.token_file, 0600);
	const char *add[] = {g_getenv("NETPONTCTL"),
	                     "--server",
	                     fx.server_addr,
	                     "--user",
	                     "admin",
	                     "resident",
	                     "add",
	                     "kovacs",
	                     "--name",
	                     "Kovács Mária",
	                     "--pin",
	                     "1234",
	                     NULL};
	g_free(run(add, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	const char *add_bela[] = {g_getenv("NETPONTCTL"),
	                          "--server",
	                          fx.server_addr,
	                          "--user",
	                          "admin",
	                          "resident",
	                          "add",
	                          "nagyb",
	                          "--name",
	                          "Nagy Béla",
	                          "--pin",
	                          "4321",
	                          NULL};
	g_free(run(add_bela, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	g_setenv("NETPONT_NEW_PASSWORD", "dora-pass", TRUE);
	g_autofree char *dora = ctl("staff", "add", "Dóra", "--role", "mentor", NULL);
	g_assert_nonnull(dora);
	g_setenv("NETPONT_NEW_PASSWORD", "tamas-pass", TRUE);
	g_autofree char *tamas = ctl("staff", "add", "Tamás", "--role", "treasurer", NULL);
	g_assert_nonnull(tamas);
}

static gboolean agent_connected(void)
{
	const char *argv[] = {g_getenv("NETPONTCTL"), "--agent", fx.sock, "--json", "status", NULL};
	int status = -1;
	g_autofree char *out = run(argv, &status, NULL);
	return status == 0 && strstr(out, "\"connected\" : true") != NULL;
}

static void start_agent(void)
{
	g_autofree char *state = g_build_filename(fx.dir, "agent-state", NULL);
	g_mkdir_with_parents(state, 0700);
	g_autofree char *conf = g_build_filename(fx.dir, "agent.conf", NULL);
	g_autofree char *text =
	    g_strdup_printf("[agent]\n[printing]\nprinters = PDF,HOLD\nhold = HOLD\n"
	                    "outbox = %s/outbox\n",
	                    fx.dir);
	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	const char *argv[] = {g_getenv("NETPONT_AGENT"),
	                      "--server",
	                      fx.server_addr,
	                      "--seat",
	                      "PC-01",
	                      "--token-file",
	                      fx.token_file,
	                      "--ui",
	                      "headless",
	                      "--control",
	                      fx.sock,
	                      "--state-dir",
	                      state,
	                      "--config",
	                      conf,
	                      NULL};
	g_autoptr(GError) error = NULL;
	g_assert_true(g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
	                            die_with_parent, NULL, &fx.agent_pid, &error));
	for (int i = 0; i < 200 && !agent_connected(); i++)
		g_usleep(100 * 1000);
	g_assert_true(agent_connected());
}

/* ---------------------------------------------------------------- the control socket */

static void control_open(void)
{
	fx.control_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_assert_cmpint(fx.control_fd, >=, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	g_assert_cmpuint(strlen(fx.sock), <, sizeof sa.sun_path);
	strcpy(sa.sun_path, fx.sock);
	g_assert_cmpint(connect(fx.control_fd, (struct sockaddr *)&sa, sizeof sa), ==, 0);
	np_frame_reader_init(&fx.reader, NP_FRAME_DEFAULT_MAX);
}

/* Reads what the agent pushed within ms; remembers the last ControlEvent's
 * pending print. */
static void control_read(int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	for (;;) {
		gint64 left = (end - g_get_monotonic_time()) / 1000;
		if (left <= 0)
			return;
		struct pollfd p = {.fd = fx.control_fd, .events = POLLIN};
		if (poll(&p, 1, (int)left) <= 0)
			return;
		uint8_t buf[8192];
		ssize_t n = read(fx.control_fd, buf, sizeof buf);
		g_assert_cmpint(n, >, 0);
		size_t at = 0;
		while (at < (size_t)n) {
			size_t used = 0;
			Netpont__Envelope *env = NULL;
			int rc =
			    np_frame_reader_feed(&fx.reader, buf + at, (size_t)n - at, &used, &env);
			at += used;
			g_assert_cmpint(rc, >=, 0);
			if (rc != NP_FRAME_OK)
				break;
			if (env->body_case == NETPONT__ENVELOPE__BODY_CONTROL_EVENT) {
				const Netpont__AgentPrint *job = env->control_event->pending_print;
				g_free(fx.pending_key);
				fx.pending_key =
				    job != NULL && job->job_key != NULL && job->job_key[0] != '\0'
				        ? g_strdup(job->job_key)
				        : NULL;
				fx.events++;
			}
			netpont__envelope__free_unpacked(env, NULL);
		}
	}
}

/* Waits until the lock screen would be asking about key (or about nothing,
 * with key NULL). */
static gboolean wait_pending(const char *key, int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	do {
		control_read(200);
		if (g_strcmp0(fx.pending_key, key) == 0)
			return TRUE;
	} while (g_get_monotonic_time() < end);
	return FALSE;
}

/* ---------------------------------------------------------------- helpers */

static int count(const char *haystack, const char *needle)
{
	int n = 0;
	for (const char *p = haystack ? strstr(haystack, needle) : NULL; p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

/* print list --json, as Dóra. */
static char *print_list(void)
{
	int status = -1;
	char *out = ctl_as("Dóra", &status, NULL, "--json", "print", "list", NULL, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	return out;
}

/* Waits until print list holds a job whose title is title (TRUE), or none
 * with that title (present FALSE). Returns the list (caller frees). */
static char *wait_listed(const char *title, gboolean present, int ms)
{
	g_autofree char *needle = g_strdup_printf("\"title\" : \"%s\"", title);
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	for (;;) {
		control_read(300);
		char *list = print_list();
		if ((strstr(list, needle) != NULL) == present || g_get_monotonic_time() > end)
			return list;
		g_free(list);
	}
}

/* The job key of the one listed job (caller frees). */
static char *listed_key(const char *list)
{
	const char *p = strstr(list, "\"job\" : \"");
	g_assert_nonnull(p);
	p += strlen("\"job\" : \"");
	const char *q = strchr(p, '"');
	g_assert_nonnull(q);
	return g_strndup(p, (gsize)(q - p));
}

static char *bill_of(const char *login)
{
	char *out = ctl("--json", "bill", login, NULL, NULL, NULL);
	g_assert_nonnull(out);
	return out;
}

static char *bill(void)
{
	return bill_of("kovacs");
}

static ipp_jstate_t cups_state(int id)
{
	cups_job_t *jobs = NULL;
	int n = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, "HOLD", 0, CUPS_WHICHJOBS_ALL);
	ipp_jstate_t state = 0;
	for (int i = 0; i < n; i++)
		if (jobs[i].id == id)
			state = jobs[i].state;
	cupsFreeJobs(n, jobs);
	return state;
}

/* A refused release: exit 1, the sentence on stderr. */
static void expect_refused(const char *user, const char *verb, const char *seat, const char *job,
                           const char *sentence)
{
	int status = -1;
	g_autofree char *err = NULL;
	g_autofree char *out = ctl_as(user, &status, &err, "print", verb, seat, job, NULL, NULL);
	g_test_message("%s: print %s %s %s -> %d: %s", user, verb, seat, job, status, err);
	g_assert_cmpint(status, ==, 1);
	g_assert_nonnull(strstr(err, sentence));
}

/* ---------------------------------------------------------------- the test */

static void test_release_and_cancel(void)
{
	g_autofree char *started = NULL;
	int status = -1;
	started = ctl_as("Dóra", &status, NULL, "session", "start", "PC-01", "--resident", "kovacs",
	                 NULL);
	g_assert_cmpint(status, ==, 0);
	control_open();
	control_read(500);
	g_assert_null(fx.pending_key);

	/* Nothing waits yet. */
	g_autofree char *empty = print_list();
	g_assert_cmpstr(g_strstrip(empty), ==, "[]");
	g_autofree char *empty_plain =
	    ctl_as("Dóra", &status, NULL, "print", "list", NULL, NULL, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_assert_cmpstr(g_strstrip(empty_plain), ==, "No prints are waiting for confirmation.");

	/* Mrs Kovács prints her three-page letter in colour on the hold queue. */
	g_autofree char *file = g_build_filename(fx.dir, "three.pdf", NULL);
	g_autofree char *title = g_strdup_printf("%sletter", fx.title_prefix);
	int id = np_test_print_file("HOLD", file, title, 1, "color", FALSE);
	g_assert_cmpint(id, >, 0);
	g_autofree char *list = wait_listed(title, TRUE, 60000);
	g_test_message("print list: %s", list);
	g_assert_cmpint(count(list, "\"seat\" : \"PC-01\""), ==, 1);
	g_assert_nonnull(strstr(list, "\"pages\" : 3"));
	g_assert_nonnull(strstr(list, "\"copies\" : 1"));
	g_assert_nonnull(strstr(list, "\"color\" : true"));
	/* The price comes with the quote; wait for it. */
	for (int i = 0; i < 40 && strstr(list, "\"amount\" : 300") == NULL; i++) {
		g_free(list);
		control_read(250);
		list = print_list();
	}
	g_assert_nonnull(strstr(list, "\"amount\" : 300"));
	g_autofree char *key = listed_key(list);
	g_autofree char *number = g_strdup_printf("%d", id);
	g_assert_true(g_str_has_prefix(key, "HOLD/"));
	/* The lock screen asks her about it. */
	g_assert_true(wait_pending(key, 20000));
	/* The plain list names it by its number, for mentors. */
	g_autofree char *plain =
	    ctl_as("Dóra", &status, NULL, "print", "list", NULL, NULL, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_assert_nonnull(strstr(plain, "PC-01"));
	g_assert_nonnull(strstr(plain, number));

	/* Refusals change nothing. */
	expect_refused("Dóra", "release", "PC-09", number, "There is no seat called PC-09.");
	expect_refused("Dóra", "release", "PC-01", "999999",
	               "There is no print waiting on PC-01 with that number.");
	expect_refused("Dóra", "cancel", "PC-01", "HOLD/999999/1",
	               "There is no print waiting on PC-01 with that number.");
	expect_refused("Tamás", "release", "PC-01", number,
	               "Only a mentor or an administrator can release a print job.");
	control_read(3000);
	g_assert_cmpint(cups_state(id), ==, IPP_JSTATE_HELD);
	g_autofree char *still = print_list();
	g_assert_nonnull(strstr(still, key));
	g_autofree char *before = bill();
	g_assert_cmpint(count(before, "\"print-color\""), ==, 0);
	g_assert_cmpstr(fx.pending_key, ==, key);

	/* Dóra releases it by its number: it prints, is charged once, and the
	 * lock screen stops asking. */
	g_autofree char *released =
	    ctl_as("Dóra", &status, NULL, "--json", "print", "release", "PC-01", number, NULL);
	g_assert_cmpint(status, ==, 0);
	g_assert_nonnull(strstr(released, key));
	g_assert_true(wait_pending(NULL, 30000));
	g_autofree char *after = NULL;
	for (int i = 0; i < 120; i++) {
		g_free(after);
		control_read(500);
		after = bill();
		if (count(after, "\"print-color\"") >= 1)
			break;
	}
	g_test_message("bill: %s", after);
	g_assert_cmpint(count(after, "\"print-color\""), ==, 1);
	g_assert_nonnull(strstr(after, "300"));
	g_autofree char *gone = wait_listed(title, FALSE, 20000);
	g_assert_null(strstr(gone, key));
	/* Several more polls of the watcher: still charged once. */
	control_read(5000);
	g_autofree char *later = bill();
	g_assert_cmpint(count(later, "\"print-color\""), ==, 1);
	g_assert_cmpint(cups_state(id), ==, IPP_JSTATE_COMPLETED);

	/* A mistake printed twice in colour, and a bus ticket in black and
	 * white, wait together: both are listed and the lock screen asks about
	 * one of them. */
	g_autofree char *two = g_build_filename(fx.dir, "two.pdf", NULL);
	g_autofree char *title2 = g_strdup_printf("%smistake", fx.title_prefix);
	g_autofree char *title3 = g_strdup_printf("%sticket", fx.title_prefix);
	int id2 = np_test_print_file("HOLD", two, title2, 2, "color", FALSE);
	g_assert_cmpint(id2, >, 0);
	int id3 = np_test_print_file("HOLD", file, title3, 1, "monochrome", FALSE);
	g_assert_cmpint(id3, >, 0);
	g_autofree char *list2 = wait_listed(title2, TRUE, 60000);
	g_free(list2);
	list2 = wait_listed(title3, TRUE, 60000);
	g_test_message("print list: %s", list2);
	g_assert_cmpint(count(list2, "\"seat\" : \"PC-01\""), ==, 2);
	g_assert_nonnull(strstr(list2, "\"copies\" : 2"));
	g_autofree char *key2 = g_strdup_printf("HOLD/%d/", id2);
	g_autofree char *key3 = g_strdup_printf("HOLD/%d/", id3);
	{
		/* The listed keys, completed from their printer/number. */
		const char *k2 = strstr(list2, key2), *k3 = strstr(list2, key3);
		g_assert_nonnull(k2);
		g_assert_nonnull(k3);
		g_free(key2);
		g_free(key3);
		key2 = g_strndup(k2, strcspn(k2, "\""));
		key3 = g_strndup(k3, strcspn(k3, "\""));
	}
	for (int i = 0; i < 100 && fx.pending_key == NULL; i++)
		control_read(200);
	g_assert_true(g_strcmp0(fx.pending_key, key2) == 0 || g_strcmp0(fx.pending_key, key3) == 0);

	/* The administrator cancels the mistake with its whole key: CUPS
	 * cancels it, nothing is charged, and the lock screen now asks about
	 * the ticket. */
	g_autofree char *cancelled =
	    ctl_as("admin", &status, NULL, "print", "cancel", "PC-01", key2, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_assert_true(wait_pending(key3, 30000));
	g_autofree char *gone2 = wait_listed(title2, FALSE, 20000);
	g_assert_null(strstr(gone2, key2));
	g_assert_nonnull(strstr(gone2, key3));
	g_assert_cmpint(cups_state(id2), ==, IPP_JSTATE_CANCELED);

	/* The session ends: the lock screen no longer asks (the next person
	 * must not see it), but mentors still see the ticket and cancel it by
	 * printer/number. */
	g_autofree char *ended =
	    ctl_as("Dóra", &status, NULL, "session", "end", "PC-01", NULL, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_assert_true(wait_pending(NULL, 30000));
	g_autofree char *after_end = print_list();
	g_assert_nonnull(strstr(after_end, key3));
	g_autofree char *short_form = g_strdup_printf("HOLD/%d", id3);
	g_autofree char *cancelled3 =
	    ctl_as("Dóra", &status, NULL, "print", "cancel", "PC-01", short_form, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_autofree char *gone3 = wait_listed(title3, FALSE, 20000);
	g_assert_cmpstr(g_strstrip(gone3), ==, "[]");
	control_read(5000);
	g_autofree char *final = bill();
	g_test_message("bill: %s", final);
	g_assert_cmpint(count(final, "\"print-color\""), ==, 1);
	g_assert_cmpint(count(final, "\"print-bw\""), ==, 0);
	g_assert_null(strstr(final, "\"amount\" : 400"));
	g_assert_cmpint(cups_state(id3), ==, IPP_JSTATE_CANCELED);

	/* Cancelling it again: it no longer waits. */
	expect_refused("Dóra", "release", "PC-01", key2,
	               "There is no print waiting on PC-01 with that number.");
}

/* A print held in Mrs Kovács's session and released by a mentor after her
 * session ended, with Nagy Béla already at the PC: it belongs to the
 * session it was sent in, so she pays for it, once, and he does not. */
static void test_release_after_session(void)
{
	int status = -1;
	g_autofree char *started = ctl_as("Dóra", &status, NULL, "session", "start", "PC-01",
	                                  "--resident", "kovacs", NULL);
	g_assert_cmpint(status, ==, 0);
	g_autofree char *before = bill();
	g_assert_cmpint(count(before, "\"print-bw\""), ==, 0);

	g_autofree char *file = g_build_filename(fx.dir, "three.pdf", NULL);
	g_autofree char *title = g_strdup_printf("%sform", fx.title_prefix);
	int id = np_test_print_file("HOLD", file, title, 1, "monochrome", FALSE);
	g_assert_cmpint(id, >, 0);
	g_autofree char *list = wait_listed(title, TRUE, 60000);
	g_test_message("print list: %s", list);
	g_autofree char *number = g_strdup_printf("%d", id);
	g_assert_nonnull(strstr(list, "\"pages\" : 3"));

	/* Her session ends; Béla sits down. The print still waits. */
	g_autofree char *ended =
	    ctl_as("Dóra", &status, NULL, "session", "end", "PC-01", NULL, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_autofree char *bela =
	    ctl_as("Dóra", &status, NULL, "session", "start", "PC-01", "--resident", "nagyb", NULL);
	g_assert_cmpint(status, ==, 0);
	g_autofree char *waiting = print_list();
	g_assert_nonnull(strstr(waiting, title));
	g_assert_cmpint(cups_state(id), ==, IPP_JSTATE_HELD);

	/* Dóra releases it: it prints and is charged to Mrs Kovács. */
	g_autofree char *released =
	    ctl_as("Dóra", &status, NULL, "print", "release", "PC-01", number, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
	g_autofree char *after = NULL;
	for (int i = 0; i < 120; i++) {
		g_free(after);
		control_read(500);
		after = bill();
		if (count(after, "\"print-bw\"") >= 1)
			break;
	}
	g_test_message("her bill: %s", after);
	g_assert_cmpint(count(after, "\"print-bw\""), ==, 1);
	g_assert_cmpint(cups_state(id), ==, IPP_JSTATE_COMPLETED);
	/* More polls: still once, and nothing on Béla's bill. */
	control_read(5000);
	g_autofree char *later = bill();
	g_assert_cmpint(count(later, "\"print-bw\""), ==, 1);
	g_autofree char *his = bill_of("nagyb");
	g_test_message("his bill: %s", his);
	g_assert_cmpint(count(his, "\"print-bw\""), ==, 0);
	g_assert_cmpint(count(his, "\"print-color\""), ==, 0);
	g_autofree char *gone = wait_listed(title, FALSE, 20000);
	g_assert_null(strstr(gone, title));
	g_autofree char *bela_ended =
	    ctl_as("Dóra", &status, NULL, "session", "end", "PC-01", NULL, NULL, NULL);
	g_assert_cmpint(status, ==, 0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	const char *need[] = {"NETPONTD", "NETPONT_AGENT", "NETPONTCTL"};
	for (size_t i = 0; i < G_N_ELEMENTS(need); i++) {
		const char *path = g_getenv(need[i]);
		if (path == NULL || !g_file_test(path, G_FILE_TEST_IS_EXECUTABLE)) {
			g_print("SKIP: %s is not set or not built\n", need[i]);
			return NP_TEST_SKIP;
		}
	}
	g_setenv("LANGUAGE", "en", TRUE);
	fx.dir = g_dir_make_tmp("netpont-release-XXXXXX", NULL);
	g_chmod(fx.dir, 0755); /* CUPS filters run as lp and must reach the files */
	fx.db = g_build_filename(fx.dir, "netpont.db", NULL);
	fx.sock = g_build_filename(fx.dir, "control.sock", NULL);
	fx.token_file = g_build_filename(fx.dir, "token", NULL);
	g_autofree char *cups_dir = g_build_filename(fx.dir, "cups", NULL);
	g_mkdir_with_parents(cups_dir, 0755);
	char why[512] = "";
	int rc = np_test_cupsd_start(cups_dir, &fx.cupsd_pid, why, sizeof why);
	if (rc != 0) {
		g_print("SKIP: no private CUPS: %s\n", why);
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", fx.dir);
		if (system(cmd) != 0)
			g_printerr("could not remove %s\n", fx.dir);
		return rc == NP_TEST_SKIP ? NP_TEST_SKIP : 1;
	}
	if (np_test_cupsd_add_queues() != 0 || np_test_make_pdfs(fx.dir) != 0) {
		np_test_cupsd_stop(&fx.cupsd_pid);
		g_printerr("the private CUPS has no queues or the test PDFs failed\n");
		return 1;
	}
	fx.title_prefix = g_strdup_printf("netpont-release-test-%d-", (int)getpid());
	start_server();
	start_agent();

	g_test_add_func("/print/release-and-cancel", test_release_and_cancel);
	g_test_add_func("/print/release-after-session", test_release_after_session);
	rc = g_test_run();

	if (fx.control_fd >= 0) {
		close(fx.control_fd);
		np_frame_reader_reset(&fx.reader);
	}
	g_free(fx.pending_key);
	stop_pid(&fx.agent_pid);
	stop_pid(&fx.server_pid);
	np_test_cupsd_stop(&fx.cupsd_pid);
	np_test_remove_cups_pdf_output(fx.title_prefix);
	g_free(fx.title_prefix);
	if (rc == 0) {
		g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", fx.dir);
		if (system(cmd) != 0)
			g_printerr("could not remove %s\n", fx.dir);
	}
	g_free(fx.dir);
	g_free(fx.db);
	g_free(fx.sock);
	g_free(fx.token_file);
	g_free(fx.server_addr);
	return rc;
}
