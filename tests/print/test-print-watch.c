/* Print metering against a real CUPS: starts a private cupsd on a Unix socket
 * in a temporary directory, creates two cups-pdf queues (PDF: prints at once;
 * HOLD: holds every job until released), prints PDFs of known page counts and
 * checks what netpont_print reports:
 *   - completed jobs with the right pages, copies and colour, once each;
 *   - a cancelled job never;
 *   - unacknowledged reports survive a restart of the watcher (outbox on disk),
 *     acknowledged ones are not reported again;
 *   - hold-and-confirm: a held job is reported as held with its page count,
 *     Release-Job prints it (then it is reported completed), Cancel-Job drops it.
 * Exits 77 (skipped) when it cannot run a CUPS daemon (not root, cupsd or
 * cups-pdf missing). */
#include "print.h"

#include "cupsd-helper.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cups/cups.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			failures++;                                                                \
		}                                                                                  \
	} while (0)
#define CHECK_INT(a, b)                                                                            \
	do {                                                                                       \
		long long a_ = (a), b_ = (b);                                                      \
		if (a_ != b_) {                                                                    \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__,      \
			        __LINE__, #a, a_, #b, b_);                                         \
			failures++;                                                                \
		}                                                                                  \
	} while (0)

static int failures;
static char dir[256];
static pid_t cupsd_pid;
static uv_loop_t loop;

/* What the watcher reported, in order. */
typedef struct report {
	print_event kind;
	char key[256];
	char title[256];
	int pages, copies;
	bool color;
	int64_t session_id;
} report;
static report reports[64];
static int n_reports;

static void on_print(print_watch *pw, print_event kind, const Netpont__AgentPrint *job, void *data)
{
	if (n_reports == 64)
		return;
	report *r = &reports[n_reports++];
	r->kind = kind;
	snprintf(r->key, sizeof r->key, "%s", job->job_key);
	snprintf(r->title, sizeof r->title, "%s", job->title ? job->title : "");
	r->pages = job->pages;
	r->copies = job->copies;
	r->color = job->color;
	r->session_id = job->session_id;
	printf("report: %s %s \"%s\" pages=%d copies=%d color=%d session=%lld\n",
	       kind == PRINT_EVENT_COMPLETED ? "completed"
	       : kind == PRINT_EVENT_HELD    ? "held"
	                                     : "gone",
	       r->key, r->title, r->pages, r->copies, r->color, (long long)r->session_id);
}

static int count_reports(print_event kind, const char *title)
{
	int n = 0;
	for (int i = 0; i < n_reports; i++)
		if (reports[i].kind == kind &&
		    (title == NULL || strcmp(reports[i].title, title) == 0))
			n++;
	return n;
}

static const report *find_report(print_event kind, const char *title)
{
	for (int i = 0; i < n_reports; i++)
		if (reports[i].kind == kind && strcmp(reports[i].title, title) == 0)
			return &reports[i];
	return NULL;
}

static void on_deadline(uv_timer_t *t)
{
	(void)t;
}

/* Runs the loop until pred() holds or ms elapse. Returns pred(). */
static bool run_until(bool (*pred)(void *), void *arg, unsigned ms)
{
	uint64_t end = uv_now(&loop) + ms;
	uv_timer_t tick;
	uv_timer_init(&loop, &tick);
	uv_timer_start(&tick, on_deadline, 50, 50);
	bool ok = false;
	while (!(ok = pred(arg)) && uv_now(&loop) < end)
		uv_run(&loop, UV_RUN_ONCE);
	uv_close((uv_handle_t *)&tick, NULL);
	uv_run(&loop, UV_RUN_NOWAIT);
	return ok;
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

typedef struct want {
	print_event kind;
	const char *title;
	int n;
} want;
static bool have_reports(void *arg)
{
	const want *w = arg;
	return count_reports(w->kind, w->title) >= w->n;
}

static int start_watch(print_watch **pw)
{
	char outbox[512];
	snprintf(outbox, sizeof outbox, "%s/outbox", dir);
	print_config cfg;
	print_config_init(&cfg);
	cfg.outbox_dir = outbox;
	cfg.printers = "PDF, HOLD";
	cfg.hold = "HOLD";
	cfg.poll_ms = 200;
	return print_watch_start(&loop, &cfg, on_print, NULL, pw);
}

static void stop_watch(print_watch *pw)
{
	print_watch_stop(pw);
	/* Let a running CUPS request finish and the watcher free itself. */
	run_until(never, NULL, 300);
}

/* What the steps share: the running watcher and the jobs they printed. */
static struct {
	print_watch *pw;
	char title_bw[64], title_color[64], title_cancel[64], title_held[64], title_drop[64];
	char three[512], two[512];
	char bw_key[256], color_key[256];
} fx;

/* Stops the watcher (if any) and starts it again on the same outbox, as the
 * agent does when it restarts; forgets what was reported. */
static void restart_watch(void)
{
	if (fx.pw != NULL)
		stop_watch(fx.pw);
	fx.pw = NULL;
	n_reports = 0;
	CHECK_INT(start_watch(&fx.pw), 0);
}

/* Bad arguments are refused and the callback is never called. */
static void test_config_without_outbox_is_refused(void)
{
	print_config cfg;
	print_config_init(&cfg);
	print_watch *pw = NULL;
	CHECK_INT(print_watch_start(&loop, &cfg, on_print, NULL, &pw), -EINVAL);
}

static void test_unknown_jobs_are_refused(void)
{
	restart_watch();
	print_watch_set_session(fx.pw, 41);
	CHECK_INT(print_outbox_count(fx.pw), 0);
	CHECK_INT(print_release(fx.pw, "PDF/999/1"), -ENOENT);
	CHECK_INT(print_cancel(fx.pw, "nonsense"), -EINVAL);
}

/* Completed jobs are reported with the right pages, copies, colour and
 * session, once each; a job cancelled before it printed never is. */
static void test_completed_jobs_are_reported_once(void)
{
	int cancel_id = np_test_print_file("PDF", fx.three, fx.title_cancel, 1, "monochrome", true);
	CHECK(cancel_id > 0);
	CHECK(cupsCancelJob2(CUPS_HTTP_DEFAULT, "PDF", cancel_id, 0) == IPP_STATUS_OK);
	CHECK(np_test_print_file("PDF", fx.three, fx.title_bw, 2, "monochrome", false) > 0);
	print_watch_set_session(fx.pw, 42);
	CHECK(np_test_print_file("PDF", fx.two, fx.title_color, 1, "color", false) > 0);

	want two_done = {PRINT_EVENT_COMPLETED, NULL, 2};
	CHECK(run_until(have_reports, &two_done, 60000));
	/* More polls must not report anything again. */
	run_until(never, NULL, 1500);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 2);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, fx.title_cancel), 0);
	const report *bw = find_report(PRINT_EVENT_COMPLETED, fx.title_bw);
	const report *color = find_report(PRINT_EVENT_COMPLETED, fx.title_color);
	CHECK(bw != NULL && color != NULL);
	if (bw == NULL || color == NULL)
		return;
	CHECK_INT(bw->pages, 3);
	CHECK_INT(bw->copies, 2);
	CHECK_INT(bw->color, 0);
	CHECK(strncmp(bw->key, "PDF/", 4) == 0);
	CHECK(bw->session_id == 41 || bw->session_id == 42);
	CHECK_INT(color->pages, 2);
	CHECK_INT(color->copies, 1);
	CHECK_INT(color->color, 1);
	CHECK_INT(color->session_id, 42);
	CHECK_INT(print_outbox_count(fx.pw), 2);
	snprintf(fx.bw_key, sizeof fx.bw_key, "%s", bw->key);
	snprintf(fx.color_key, sizeof fx.color_key, "%s", color->key);
}

/* The server acknowledged the B/W job only; then the agent restarts: the
 * colour job is still in the outbox and is sent again on request, not
 * because CUPS still lists it. */
static void test_unacknowledged_reports_survive_a_restart(void)
{
	CHECK_INT(print_outbox_ack(fx.pw, fx.bw_key), 0);
	CHECK_INT(print_outbox_ack(fx.pw, fx.bw_key), -ENOENT);
	CHECK_INT(print_outbox_count(fx.pw), 1);
	restart_watch();
	CHECK_INT(print_outbox_count(fx.pw), 1);
	run_until(never, NULL, 1500); /* several polls: CUPS still lists both jobs */
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 0);
	CHECK_INT(print_outbox_resend(fx.pw), 1);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, fx.title_color), 1);
	CHECK(n_reports == 1 && strcmp(reports[0].key, fx.color_key) == 0);
	CHECK_INT(print_outbox_ack(fx.pw, fx.color_key), 0);
	CHECK_INT(print_outbox_count(fx.pw), 0);
}

static void test_acknowledged_reports_are_not_reported_again(void)
{
	restart_watch();
	CHECK_INT(print_outbox_count(fx.pw), 0);
	CHECK_INT(print_outbox_resend(fx.pw), 0);
	run_until(never, NULL, 1000);
	CHECK_INT(n_reports, 0);
}

/* Hold-and-confirm: a held job is reported with its page count, and
 * printed only after Release-Job; a cancelled one never. */
static void test_held_jobs_wait_for_release_or_cancel(void)
{
	print_watch_set_session(fx.pw, 43);
	CHECK(np_test_print_file("HOLD", fx.three, fx.title_held, 2, "color", false) > 0);
	CHECK(np_test_print_file("HOLD", fx.two, fx.title_drop, 1, "monochrome", false) > 0);
	want held_w = {PRINT_EVENT_HELD, NULL, 2};
	CHECK(run_until(have_reports, &held_w, 30000));
	const report *h = find_report(PRINT_EVENT_HELD, fx.title_held);
	const report *d = find_report(PRINT_EVENT_HELD, fx.title_drop);
	CHECK(h != NULL && d != NULL);
	if (h == NULL || d == NULL)
		return;
	CHECK_INT(h->pages, 3);
	CHECK_INT(h->copies, 2);
	CHECK_INT(h->color, 1);
	CHECK_INT(h->session_id, 43);
	CHECK_INT(d->pages, 2);
	CHECK_INT(d->color, 0);
	/* Held jobs are not charged while they wait. */
	run_until(never, NULL, 1000);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 0);
	char held_key[256], drop_key[256];
	snprintf(held_key, sizeof held_key, "%s", h->key);
	snprintf(drop_key, sizeof drop_key, "%s", d->key);
	CHECK_INT(print_release(fx.pw, held_key), 0);
	CHECK_INT(print_cancel(fx.pw, drop_key), 0);
	want released = {PRINT_EVENT_COMPLETED, fx.title_held, 1};
	CHECK(run_until(have_reports, &released, 60000));
	want gone = {PRINT_EVENT_GONE, NULL, 2};
	CHECK(run_until(have_reports, &gone, 10000));
	run_until(never, NULL, 1500);
	const report *c = find_report(PRINT_EVENT_COMPLETED, fx.title_held);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_INT(c->pages, 3);
		CHECK_INT(c->copies, 2);
		CHECK_INT(c->color, 1);
		CHECK(strcmp(c->key, held_key) == 0);
	}
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 1);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, fx.title_drop), 0);
	CHECK_INT(print_release(fx.pw, drop_key), -ENOENT);
}

/* Names the job titles of this run and the test PDFs. */
static void name_the_files(pid_t me)
{
	snprintf(fx.title_bw, sizeof fx.title_bw, "netpont-test-%d-bw", (int)me);
	snprintf(fx.title_color, sizeof fx.title_color, "netpont-test-%d-color", (int)me);
	snprintf(fx.title_cancel, sizeof fx.title_cancel, "netpont-test-%d-cancel", (int)me);
	snprintf(fx.title_held, sizeof fx.title_held, "netpont-test-%d-held", (int)me);
	snprintf(fx.title_drop, sizeof fx.title_drop, "netpont-test-%d-drop", (int)me);
	snprintf(fx.three, sizeof fx.three, "%s/three.pdf", dir);
	snprintf(fx.two, sizeof fx.two, "%s/two.pdf", dir);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(dir, sizeof dir, "/tmp/netpont-print-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	char why[512];
	int rc = np_test_cupsd_start(dir, &cupsd_pid, why, sizeof why);
	if (rc != 0) {
		printf("SKIP: %s\n", why);
		np_test_cupsd_stop(&cupsd_pid);
		np_test_run("rm -rf '%s'", dir);
		return rc;
	}
	uv_loop_init(&loop);
	pid_t me = getpid();
	name_the_files(me);
	/* The steps run in this order: each starts from what the one before
	 * left in CUPS and in the outbox. */
	static const struct {
		const char *name;
		void (*run)(void);
	} steps[] = {
	    {"config-without-outbox-is-refused", test_config_without_outbox_is_refused},
	    {"unknown-jobs-are-refused", test_unknown_jobs_are_refused},
	    {"completed-jobs-are-reported-once", test_completed_jobs_are_reported_once},
	    {"unacknowledged-reports-survive-a-restart",
	     test_unacknowledged_reports_survive_a_restart},
	    {"acknowledged-reports-are-not-reported-again",
	     test_acknowledged_reports_are_not_reported_again},
	    {"held-jobs-wait-for-release-or-cancel", test_held_jobs_wait_for_release_or_cancel},
	};
	if (np_test_cupsd_add_queues() != 0 || np_test_make_pdfs(dir) != 0) {
		failures++;
	} else {
		for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			int before = failures;
			steps[i].run();
			printf("%s - %s\n", failures == before ? "ok" : "not ok", steps[i].name);
		}
	}

	if (fx.pw != NULL)
		stop_watch(fx.pw);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK_INT(uv_loop_close(&loop), 0);
	np_test_cupsd_stop(&cupsd_pid);
	char prefix[64];
	snprintf(prefix, sizeof prefix, "netpont-test-%d-", (int)me);
	np_test_remove_cups_pdf_output(prefix);
	if (failures == 0)
		np_test_run("rm -rf '%s'", dir);
	else
		fprintf(stderr, "kept %s for inspection\n", dir);
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
