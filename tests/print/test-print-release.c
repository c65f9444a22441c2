/* A mentor releases or cancels a print held on a PC, from the server side:
 * the real netpontd, netpont-agent, netpontctl and a private cupsd with a
 * hold queue, started once by the site fixture (site-fixture.h): PC-01
 * metering the queues PDF and HOLD (HOLD held for confirmation), a resident
 * (Mrs Kovács), a second resident (Nagy Béla), a mentor (Dóra) and a
 * treasurer (Tamás).
 *
 * Each test runs in a session of Mrs Kovács, with a client on the agent's
 * control socket that reads what the lock screen would be asked (the
 * ControlEvent's pending_print); it leaves nothing held behind.
 *
 * Skipped (77) when not root or cupsd / cups-pdf are missing. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cups/cups.h>
#include <glib.h>

#include "cupsd-helper.h"
#include "frame.h"
#include "noon.h"
#include "site-fixture.h"

static np_test_site site;

/* ---------------------------------------------------------------- netpontctl */

static const char *password_of(const char *user)
{
	return strcmp(user, NP_TEST_ADMIN) == 0 ? NP_TEST_ADMIN_PASSWORD
	       : strcmp(user, "Dóra") == 0      ? "dora-pass"
	                                        : "tamas-pass";
}

/* netpontctl as user (admin, Dóra the mentor, Tamás the treasurer); the
 * output is freed by the caller. */
#define CTL_AS(user, status, err, ...)                                                             \
	np_test_site_ctl(&site, (user), password_of(user), (status), (err), __VA_ARGS__, NULL)

/* Fails the test when a netpontctl call that must succeed did not (out is
 * NULL); returns out. */
static char *must_succeed(char *out)
{
	g_assert_nonnull(out);
	return out;
}

/* netpontctl as user, which must succeed; the output is freed by the caller. */
#define CTL_OK(user, ...)                                                                          \
	must_succeed(np_test_site_ctl_ok(&site, (user), password_of(user), __VA_ARGS__, NULL))

static void add_people(void)
{
	g_free(CTL_OK(NP_TEST_ADMIN, "resident", "add", "kovacs", "--name", "Kovács Mária", "--pin",
	              "1234"));
	g_free(CTL_OK(NP_TEST_ADMIN, "resident", "add", "nagyb", "--name", "Nagy Béla", "--pin",
	              "4321"));
	g_setenv("NETPONT_NEW_PASSWORD", "dora-pass", TRUE);
	g_free(CTL_OK(NP_TEST_ADMIN, "staff", "add", "Dóra", "--role", "mentor"));
	g_setenv("NETPONT_NEW_PASSWORD", "tamas-pass", TRUE);
	g_free(CTL_OK(NP_TEST_ADMIN, "staff", "add", "Tamás", "--role", "treasurer"));
}

/* print list --json, as Dóra. */
static char *print_list(void)
{
	return CTL_OK("Dóra", "--json", "print", "list");
}

/* How often service ("print-color", "print-bw") is on login's bill. */
static int charges(const char *login, const char *service)
{
	g_autofree char *bill = CTL_OK(NP_TEST_ADMIN, "--json", "bill", login);
	g_autofree char *needle = g_strdup_printf("\"%s\"", service);
	return np_test_count(bill, needle);
}

static int cups_state(int id)
{
	return np_test_cups_job_state("HOLD", id);
}

/* A refused release or cancel: exit 1, the sentence on stderr. */
static void expect_refused(const char *user, const char *verb, const char *seat, const char *job,
                           const char *sentence)
{
	int status = -1;
	g_autofree char *err = NULL;
	g_autofree char *out = CTL_AS(user, &status, &err, "print", verb, seat, job);
	g_test_message("%s: print %s %s %s -> %d: %s", user, verb, seat, job, status, err);
	g_assert_cmpint(status, ==, 1);
	g_assert_nonnull(strstr(err, sentence));
}

/* ---------------------------------------------------------------- the lock screen */

/* A client of the agent's control socket, read like the lock screen reads
 * it: the test fixture. */
typedef struct {
	int fd;
	np_frame_reader reader;
	char *pending_key; /* pending_print of the last ControlEvent, or NULL */
} LockScreen;

/* Reads what the agent pushed within ms; remembers the last ControlEvent's
 * pending print. */
static void lock_read(LockScreen *ls, int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	for (;;) {
		gint64 left = (end - g_get_monotonic_time()) / 1000;
		struct pollfd p = {.fd = ls->fd, .events = POLLIN};
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return;
		uint8_t buf[8192];
		ssize_t n = read(ls->fd, buf, sizeof buf);
		g_assert_cmpint(n, >, 0);
		for (size_t at = 0, used = 0; at < (size_t)n; at += used) {
			Netpont__Envelope *env = NULL;
			int rc = np_frame_reader_feed(&ls->reader, buf + at, (size_t)n - at, &used,
			                              &env);
			g_assert_cmpint(rc, >=, 0);
			if (rc != NP_FRAME_OK)
				break;
			if (env->body_case == NETPONT__ENVELOPE__BODY_CONTROL_EVENT) {
				const Netpont__AgentPrint *job = env->control_event->pending_print;
				g_free(ls->pending_key);
				ls->pending_key =
				    job != NULL && job->job_key != NULL && job->job_key[0] != '\0'
				        ? g_strdup(job->job_key)
				        : NULL;
			}
			netpont__envelope__free_unpacked(env, NULL);
		}
	}
}

/* Waits until the lock screen would be asking about key (or about nothing,
 * with key NULL). */
static gboolean lock_asks(LockScreen *ls, const char *key, int ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	do {
		lock_read(ls, 200);
		if (g_strcmp0(ls->pending_key, key) == 0)
			return TRUE;
	} while (g_get_monotonic_time() < end);
	return FALSE;
}

/* Waits until print list holds a job whose title is title (present TRUE),
 * or none with that title. Returns the list (caller frees). */
static char *wait_listed(LockScreen *ls, const char *title, gboolean present, int ms)
{
	g_autofree char *needle = g_strdup_printf("\"title\" : \"%s\"", title);
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	for (;;) {
		lock_read(ls, 300);
		char *list = print_list();
		if ((strstr(list, needle) != NULL) == present || g_get_monotonic_time() > end)
			return list;
		g_free(list);
	}
}

/* Waits until service is on login's bill n times; returns how often it is. */
static int wait_charged(LockScreen *ls, const char *login, const char *service, int n)
{
	int got = 0;
	for (int i = 0; i < 120 && (got = charges(login, service)) < n; i++)
		lock_read(ls, 500);
	return got;
}

/* ---------------------------------------------------------------- held jobs */

typedef struct {
	int id;
	char *title;
	char *number; /* the CUPS job id, as mentors type it */
	char *key;    /* "HOLD/<id>/<time>", as the agent reports it */
} HeldJob;

/* Prints pdf (in site.dir) on HOLD and waits until mentors see it listed. */
static void hold(LockScreen *ls, HeldJob *job, const char *what, const char *pdf, int copies,
                 const char *color)
{
	g_autofree char *file = g_build_filename(site.dir, pdf, NULL);
	job->title = g_strdup_printf("%s%s", site.title_prefix, what);
	job->id = np_test_print_file("HOLD", file, job->title, copies, color, FALSE);
	g_assert_cmpint(job->id, >, 0);
	job->number = g_strdup_printf("%d", job->id);
	g_autofree char *list = wait_listed(ls, job->title, TRUE, 60000);
	g_test_message("print list: %s", list);
	g_autofree char *prefix = g_strdup_printf("HOLD/%d/", job->id);
	const char *key = strstr(list, prefix);
	g_assert_nonnull(key);
	job->key = g_strndup(key, strcspn(key, "\""));
}

static void held_job_clear(HeldJob *job)
{
	g_free(job->title);
	g_free(job->number);
	g_free(job->key);
}

/* Waits until the list shows job priced at amount; returns the list. */
static char *wait_priced(LockScreen *ls, const char *amount)
{
	g_autofree char *needle = g_strdup_printf("\"amount\" : %s", amount);
	char *list = print_list();
	for (int i = 0; i < 40 && strstr(list, needle) == NULL; i++) {
		g_free(list);
		lock_read(ls, 250);
		list = print_list();
	}
	g_assert_nonnull(strstr(list, needle));
	return list;
}

/* Mrs Kovács's three-page letter in colour, held: waits until it is priced
 * (300) and the lock screen asks about it. Returns the list (caller frees). */
static char *hold_letter(LockScreen *ls, HeldJob *job, const char *what)
{
	hold(ls, job, what, "three.pdf", 1, "color");
	char *list = wait_priced(ls, "300");
	g_assert_true(lock_asks(ls, job->key, 20000));
	return list;
}

/* ---------------------------------------------------------------- fixture */

/* Mrs Kovács sits down at PC-01; the lock screen's client connects. */
static void session_setup(LockScreen *ls, gconstpointer data)
{
	(void)data;
	g_free(CTL_OK("Dóra", "session", "start", "PC-01", "--resident", "kovacs"));
	ls->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_assert_cmpint(ls->fd, >=, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	g_assert_cmpuint(strlen(site.sock), <, sizeof sa.sun_path);
	strcpy(sa.sun_path, site.sock);
	g_assert_cmpint(connect(ls->fd, (struct sockaddr *)&sa, sizeof sa), ==, 0);
	np_frame_reader_init(&ls->reader, NP_FRAME_DEFAULT_MAX);
	ls->pending_key = NULL;
	lock_read(ls, 500);
}

/* Cancels what still waits, ends the session if it still runs, and
 * disconnects. */
static void session_teardown(LockScreen *ls, gconstpointer data)
{
	(void)data;
	g_autofree char *list = print_list();
	const char *tag = "\"job\" : \"";
	for (const char *p = strstr(list, tag); p != NULL; p = strstr(p, tag)) {
		p += strlen(tag);
		g_autofree char *key = g_strndup(p, strcspn(p, "\""));
		int status = -1;
		g_free(CTL_AS(NP_TEST_ADMIN, &status, NULL, "print", "cancel", "PC-01", key));
	}
	for (int i = 0; i < 80 && np_test_count(list, tag) > 0; i++) {
		g_free(list);
		lock_read(ls, 250);
		list = print_list();
	}
	g_assert_cmpint(np_test_count(list, tag), ==, 0);
	int status = -1;
	g_free(CTL_AS("Dóra", &status, NULL, "session", "end", "PC-01"));
	close(ls->fd);
	np_frame_reader_reset(&ls->reader);
	g_free(ls->pending_key);
}

/* ---------------------------------------------------------------- the tests */

static void test_nothing_held(LockScreen *ls, gconstpointer data)
{
	(void)data;
	g_assert_null(ls->pending_key);
	g_autofree char *empty = print_list();
	g_assert_cmpstr(g_strstrip(empty), ==, "[]");
	g_autofree char *plain = CTL_OK("Dóra", "print", "list");
	g_assert_cmpstr(g_strstrip(plain), ==, "No prints are waiting for confirmation.");
}

/* Mrs Kovács prints her three-page letter in colour on the hold queue:
 * mentors see it with its pages and price, and the lock screen asks her. */
static void test_held_job_is_listed_priced_and_asked(LockScreen *ls, gconstpointer data)
{
	(void)data;
	HeldJob job;
	g_autofree char *list = hold_letter(ls, &job, "letter");
	g_assert_cmpint(np_test_count(list, "\"seat\" : \"PC-01\""), ==, 1);
	g_assert_nonnull(strstr(list, "\"pages\" : 3"));
	g_assert_nonnull(strstr(list, "\"copies\" : 1"));
	g_assert_nonnull(strstr(list, "\"color\" : true"));
	/* The plain list names it by its number, for mentors. */
	g_autofree char *plain = CTL_OK("Dóra", "print", "list");
	g_assert_nonnull(strstr(plain, "PC-01"));
	g_assert_nonnull(strstr(plain, job.number));
	held_job_clear(&job);
}

/* Refused releases (unknown seat, unknown job, the treasurer) exit 1 with a
 * sentence and change nothing. */
static void test_refused_releases_change_nothing(LockScreen *ls, gconstpointer data)
{
	(void)data;
	HeldJob job;
	g_free(hold_letter(ls, &job, "refused"));
	int charged = charges("kovacs", "print-color");
	expect_refused("Dóra", "release", "PC-09", job.number, "There is no seat called PC-09.");
	expect_refused("Dóra", "release", "PC-01", "999999",
	               "There is no print waiting on PC-01 with that number.");
	expect_refused("Dóra", "cancel", "PC-01", "HOLD/999999/1",
	               "There is no print waiting on PC-01 with that number.");
	expect_refused("Tamás", "release", "PC-01", job.number,
	               "Only a mentor or an administrator can release a print job.");
	lock_read(ls, 3000);
	g_assert_cmpint(cups_state(job.id), ==, IPP_JSTATE_HELD);
	g_autofree char *still = print_list();
	g_assert_nonnull(strstr(still, job.key));
	g_assert_cmpint(charges("kovacs", "print-color"), ==, charged);
	g_assert_cmpstr(ls->pending_key, ==, job.key);
	held_job_clear(&job);
}

/* Dóra releases it by its number: it prints, is charged once, and the lock
 * screen stops asking. */
static void test_release_prints_and_charges_once(LockScreen *ls, gconstpointer data)
{
	(void)data;
	HeldJob job;
	g_free(hold_letter(ls, &job, "released"));
	int charged = charges("kovacs", "print-color");
	g_autofree char *released =
	    CTL_OK("Dóra", "--json", "print", "release", "PC-01", job.number);
	g_assert_nonnull(strstr(released, job.key));
	g_assert_true(lock_asks(ls, NULL, 30000));
	g_assert_cmpint(wait_charged(ls, "kovacs", "print-color", charged + 1), ==, charged + 1);
	g_autofree char *bill = CTL_OK(NP_TEST_ADMIN, "--json", "bill", "kovacs");
	g_assert_nonnull(strstr(bill, "300"));
	g_autofree char *gone = wait_listed(ls, job.title, FALSE, 20000);
	g_assert_null(strstr(gone, job.key));
	/* Several more polls of the watcher: still charged once. */
	lock_read(ls, 5000);
	g_assert_cmpint(charges("kovacs", "print-color"), ==, charged + 1);
	g_assert_cmpint(cups_state(job.id), ==, IPP_JSTATE_COMPLETED);
	held_job_clear(&job);
}

/* A mistake printed twice in colour and a bus ticket in black and white
 * wait together: both are listed and the lock screen asks about one. The
 * administrator cancels the mistake with its whole key: CUPS cancels it,
 * nothing is charged, and the lock screen now asks about the ticket. */
static void test_cancel_moves_the_question_to_the_other(LockScreen *ls, gconstpointer data)
{
	(void)data;
	HeldJob mistake, ticket;
	int charged = charges("kovacs", "print-color");
	hold(ls, &mistake, "mistake", "two.pdf", 2, "color");
	hold(ls, &ticket, "ticket", "three.pdf", 1, "monochrome");
	g_autofree char *list = print_list();
	g_assert_cmpint(np_test_count(list, "\"seat\" : \"PC-01\""), ==, 2);
	g_assert_nonnull(strstr(list, "\"copies\" : 2"));
	for (int i = 0; i < 100 && ls->pending_key == NULL; i++)
		lock_read(ls, 200);
	g_assert_true(g_strcmp0(ls->pending_key, mistake.key) == 0 ||
	              g_strcmp0(ls->pending_key, ticket.key) == 0);

	g_free(CTL_OK(NP_TEST_ADMIN, "print", "cancel", "PC-01", mistake.key));
	g_assert_true(lock_asks(ls, ticket.key, 30000));
	g_autofree char *gone = wait_listed(ls, mistake.title, FALSE, 20000);
	g_assert_null(strstr(gone, mistake.key));
	g_assert_nonnull(strstr(gone, ticket.key));
	g_assert_cmpint(cups_state(mistake.id), ==, IPP_JSTATE_CANCELED);
	g_assert_cmpint(charges("kovacs", "print-color"), ==, charged);
	held_job_clear(&mistake);
	held_job_clear(&ticket);
}

/* The session ends: the lock screen no longer asks (the next person must
 * not see it), but mentors still see the ticket and cancel it by
 * printer/number; it is never charged. */
static void test_held_after_the_session_is_for_mentors(LockScreen *ls, gconstpointer data)
{
	(void)data;
	HeldJob ticket;
	hold(ls, &ticket, "late-ticket", "three.pdf", 1, "monochrome");
	g_assert_true(lock_asks(ls, ticket.key, 20000));
	int charged = charges("kovacs", "print-bw");
	g_free(CTL_OK("Dóra", "session", "end", "PC-01"));
	g_assert_true(lock_asks(ls, NULL, 30000));
	g_autofree char *after_end = print_list();
	g_assert_nonnull(strstr(after_end, ticket.key));
	g_autofree char *short_form = g_strdup_printf("HOLD/%d", ticket.id);
	g_free(CTL_OK("Dóra", "print", "cancel", "PC-01", short_form));
	g_autofree char *gone = wait_listed(ls, ticket.title, FALSE, 20000);
	g_assert_cmpstr(g_strstrip(gone), ==, "[]");
	lock_read(ls, 5000);
	g_assert_cmpint(charges("kovacs", "print-bw"), ==, charged);
	g_assert_cmpint(cups_state(ticket.id), ==, IPP_JSTATE_CANCELED);
	held_job_clear(&ticket);
}

/* A cancelled job no longer waits: releasing it is refused. */
static void test_cancelled_job_cannot_be_released(LockScreen *ls, gconstpointer data)
{
	(void)data;
	HeldJob job;
	hold(ls, &job, "cancelled", "two.pdf", 1, "color");
	g_free(CTL_OK(NP_TEST_ADMIN, "print", "cancel", "PC-01", job.key));
	g_free(wait_listed(ls, job.title, FALSE, 20000));
	expect_refused("Dóra", "release", "PC-01", job.key,
	               "There is no print waiting on PC-01 with that number.");
	held_job_clear(&job);
}

/* A print held in Mrs Kovács's session and released by a mentor after her
 * session ended, with Nagy Béla already at the PC: it belongs to the
 * session it was sent in, so she pays for it, once, and he does not. */
static void test_release_after_the_session_charges_its_resident(LockScreen *ls, gconstpointer data)
{
	(void)data;
	int hers = charges("kovacs", "print-bw");
	HeldJob job;
	hold(ls, &job, "form", "three.pdf", 1, "monochrome");
	g_autofree char *list = print_list();
	g_assert_nonnull(strstr(list, "\"pages\" : 3"));

	/* Her session ends; Béla sits down. The print still waits. */
	g_free(CTL_OK("Dóra", "session", "end", "PC-01"));
	g_free(CTL_OK("Dóra", "session", "start", "PC-01", "--resident", "nagyb"));
	g_autofree char *waiting = print_list();
	g_assert_nonnull(strstr(waiting, job.title));
	g_assert_cmpint(cups_state(job.id), ==, IPP_JSTATE_HELD);

	/* Dóra releases it: it prints and is charged to Mrs Kovács. */
	g_free(CTL_OK("Dóra", "print", "release", "PC-01", job.number));
	g_assert_cmpint(wait_charged(ls, "kovacs", "print-bw", hers + 1), ==, hers + 1);
	g_assert_cmpint(cups_state(job.id), ==, IPP_JSTATE_COMPLETED);
	/* More polls: still once, and nothing on Béla's bill. */
	lock_read(ls, 5000);
	g_assert_cmpint(charges("kovacs", "print-bw"), ==, hers + 1);
	g_assert_cmpint(charges("nagyb", "print-bw"), ==, 0);
	g_assert_cmpint(charges("nagyb", "print-color"), ==, 0);
	g_autofree char *gone = wait_listed(ls, job.title, FALSE, 20000);
	g_assert_null(strstr(gone, job.title));
	held_job_clear(&job);
}

#define SESSION_TEST(path, test)                                                                   \
	g_test_add(path, LockScreen, NULL, session_setup, test, session_teardown)

int main(int argc, char **argv)
{
	np_test_run_at_noon();
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
	np_test_site_init(&site, "netpont-release");
	char why[512] = "";
	int rc = np_test_site_start_cups(&site, why, sizeof why);
	if (rc != 0) {
		g_print("SKIP: no private CUPS: %s\n", why);
		np_test_site_finish(&site, TRUE);
		return rc == NP_TEST_SKIP ? NP_TEST_SKIP : 1;
	}
	g_assert_true(np_test_site_start_server(&site, NULL));
	add_people();
	np_test_site_start_agent(&site);
	g_assert_true(np_test_site_wait_connected(&site, 20000));

	SESSION_TEST("/print/nothing-held", test_nothing_held);
	SESSION_TEST("/print/held-job-is-listed-priced-and-asked",
	             test_held_job_is_listed_priced_and_asked);
	SESSION_TEST("/print/refused-releases-change-nothing",
	             test_refused_releases_change_nothing);
	SESSION_TEST("/print/release-prints-and-charges-once",
	             test_release_prints_and_charges_once);
	SESSION_TEST("/print/cancel-moves-the-question-to-the-other",
	             test_cancel_moves_the_question_to_the_other);
	SESSION_TEST("/print/held-after-the-session-is-for-mentors",
	             test_held_after_the_session_is_for_mentors);
	SESSION_TEST("/print/cancelled-job-cannot-be-released",
	             test_cancelled_job_cannot_be_released);
	SESSION_TEST("/print/release-after-the-session-charges-its-resident",
	             test_release_after_the_session_charges_its_resident);
	rc = g_test_run();
	np_test_site_finish(&site, rc == 0);
	return rc;
}
