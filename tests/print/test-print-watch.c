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

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cups/cups.h>

#define SKIP 77

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
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
	       kind == PRINT_EVENT_COMPLETED ? "completed" : kind == PRINT_EVENT_HELD ? "held" : "gone",
	       r->key, r->title, r->pages, r->copies, r->color, (long long)r->session_id);
}

static int count_reports(print_event kind, const char *title)
{
	int n = 0;
	for (int i = 0; i < n_reports; i++)
		if (reports[i].kind == kind && (title == NULL || strcmp(reports[i].title, title) == 0))
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

static int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	return rc;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void stop_cupsd(void)
{
	if (cupsd_pid > 0) {
		kill(cupsd_pid, SIGTERM);
		waitpid(cupsd_pid, NULL, 0);
		cupsd_pid = 0;
	}
}

/* Starts cupsd -f on DIR/cups.sock. Returns 0, or SKIP with a reason printed. */
static int start_cupsd(void)
{
	const char *cupsd = "/usr/sbin/cupsd";
	if (geteuid() != 0) {
		printf("SKIP: a private cupsd must run as root (it drops to user lp for filters)\n");
		return SKIP;
	}
	if (access(cupsd, X_OK) != 0 || access("/usr/lib/cups/backend/cups-pdf", F_OK) != 0) {
		printf("SKIP: needs the packages cups-daemon and printer-driver-cups-pdf\n");
		return SKIP;
	}
	char path[512], text[4096];
	const char *subdirs[] = {"root", "spool", "cache", "state", "log", "tmp"};
	for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, subdirs[i]);
		mkdir(path, 0755);
	}
	/* Filters run as lp: they need to reach the directory and write TempDir. */
	chmod(dir, 0755);
	snprintf(path, sizeof path, "%s/tmp", dir);
	chmod(path, 01777);
	snprintf(text, sizeof text,
	         "LogLevel info\nListen %s/cups.sock\nBrowsing No\nWebInterface No\n"
	         "PreserveJobHistory Yes\nMaxJobs 200\n"
	         "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
	         "<Policy default>\n  JobPrivateAccess all\n  JobPrivateValues none\n"
	         "  SubscriptionPrivateAccess all\n  SubscriptionPrivateValues none\n"
	         "  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
	         dir);
	snprintf(path, sizeof path, "%s/root/cupsd.conf", dir);
	if (write_text(path, text) != 0)
		return -1;
	snprintf(text, sizeof text,
	         "ServerRoot %1$s/root\nRequestRoot %1$s/spool\nCacheDir %1$s/cache\n"
	         "StateDir %1$s/state\nTempDir %1$s/tmp\nAccessLog %1$s/log/access_log\n"
	         "ErrorLog %1$s/log/error_log\nPageLog %1$s/log/page_log\n"
	         "User lp\nGroup lp\nSystemGroup root\n",
	         dir);
	snprintf(path, sizeof path, "%s/root/cups-files.conf", dir);
	if (write_text(path, text) != 0)
		return -1;

	char conf[512], files[512];
	snprintf(conf, sizeof conf, "%s/root/cupsd.conf", dir);
	snprintf(files, sizeof files, "%s/root/cups-files.conf", dir);
	cupsd_pid = fork();
	if (cupsd_pid == 0) {
		execl(cupsd, "cupsd", "-f", "-c", conf, "-s", files, (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof path, "%s/cups.sock", dir);
	for (int i = 0; i < 100; i++) {
		if (access(path, F_OK) == 0)
			break;
		int status;
		if (waitpid(cupsd_pid, &status, WNOHANG) == cupsd_pid) {
			cupsd_pid = 0;
			printf("SKIP: cupsd exited at start (status %d); see %s/log/error_log\n",
			       status, dir);
			return SKIP;
		}
		usleep(100 * 1000);
	}
	if (access(path, F_OK) != 0) {
		printf("SKIP: cupsd did not open %s within 10 s\n", path);
		return SKIP;
	}
	setenv("CUPS_SERVER", path, 1);
	return 0;
}

/* Prints file on queue with options; returns the job id (> 0) or 0. */
static int print_file(const char *queue, const char *file, const char *title, int copies,
                      const char *color_mode, bool hold)
{
	cups_option_t *opts = NULL;
	int n = 0;
	char copies_text[16];
	snprintf(copies_text, sizeof copies_text, "%d", copies);
	n = cupsAddOption("copies", copies_text, n, &opts);
	n = cupsAddOption("print-color-mode", color_mode, n, &opts);
	if (hold)
		n = cupsAddOption("job-hold-until", "indefinite", n, &opts);
	int id = cupsPrintFile2(CUPS_HTTP_DEFAULT, queue, file, title, n, opts);
	cupsFreeOptions(n, opts);
	if (id == 0)
		fprintf(stderr, "cannot print %s on %s: %s\n", file, queue, cupsLastErrorString());
	return id;
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

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(dir, sizeof dir, "/tmp/netpont-print-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	int rc = start_cupsd();
	if (rc != 0) {
		stop_cupsd();
		run("rm -rf '%s'", dir);
		return rc;
	}
	uv_loop_init(&loop);
	char title_bw[64], title_color[64], title_cancel[64], title_held[64], title_drop[64];
	pid_t me = getpid();
	snprintf(title_bw, sizeof title_bw, "netpont-test-%d-bw", (int)me);
	snprintf(title_color, sizeof title_color, "netpont-test-%d-color", (int)me);
	snprintf(title_cancel, sizeof title_cancel, "netpont-test-%d-cancel", (int)me);
	snprintf(title_held, sizeof title_held, "netpont-test-%d-held", (int)me);
	snprintf(title_drop, sizeof title_drop, "netpont-test-%d-drop", (int)me);
	char three[512], two[512];
	snprintf(three, sizeof three, "%s/three.pdf", dir);
	snprintf(two, sizeof two, "%s/two.pdf", dir);
	print_watch *pw = NULL;

	if (run("lpadmin -p PDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd "
	        "2>/dev/null") != 0 ||
	    run("lpadmin -p HOLD -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd "
	        "-o job-hold-until-default=indefinite 2>/dev/null") != 0) {
		failures++;
		goto done;
	}
	/* PDFs with a known number of pages. */
	if (run("gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile='%s' -c "
	        "'/Helvetica findfont 40 scalefont setfont 1 1 3 { 100 400 moveto (Page ) show "
	        "3 string cvs show showpage } for'",
	        three) != 0 ||
	    run("gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile='%s' -c "
	        "'1 0 0 setrgbcolor 100 100 300 300 rectfill showpage "
	        "0 0 1 setrgbcolor 100 100 300 300 rectfill showpage'",
	        two) != 0) {
		failures++;
		goto done;
	}

	/* Bad arguments are refused and the callback is never called. */
	{
		print_config cfg;
		print_config_init(&cfg);
		CHECK_INT(print_watch_start(&loop, &cfg, on_print, NULL, &pw), -EINVAL);
		pw = NULL;
	}

	CHECK_INT(start_watch(&pw), 0);
	print_watch_set_session(pw, 41);
	CHECK_INT(print_outbox_count(pw), 0);
	CHECK_INT(print_release(pw, "PDF/999/1"), -ENOENT);
	CHECK_INT(print_cancel(pw, "nonsense"), -EINVAL);

	/* A job cancelled before it printed: held on a normal queue, then cancelled. */
	int cancel_id = print_file("PDF", three, title_cancel, 1, "monochrome", true);
	CHECK(cancel_id > 0);
	CHECK(cupsCancelJob2(CUPS_HTTP_DEFAULT, "PDF", cancel_id, 0) == IPP_STATUS_OK);

	CHECK(print_file("PDF", three, title_bw, 2, "monochrome", false) > 0);
	print_watch_set_session(pw, 42);
	CHECK(print_file("PDF", two, title_color, 1, "color", false) > 0);

	want two_done = {PRINT_EVENT_COMPLETED, NULL, 2};
	CHECK(run_until(have_reports, &two_done, 60000));
	/* More polls must not report anything again. */
	run_until(never, NULL, 1500);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 2);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, title_cancel), 0);
	const report *bw = find_report(PRINT_EVENT_COMPLETED, title_bw);
	const report *color = find_report(PRINT_EVENT_COMPLETED, title_color);
	CHECK(bw != NULL && color != NULL);
	if (bw == NULL || color == NULL)
		goto done;
	CHECK_INT(bw->pages, 3);
	CHECK_INT(bw->copies, 2);
	CHECK_INT(bw->color, 0);
	CHECK(strncmp(bw->key, "PDF/", 4) == 0);
	CHECK(bw->session_id == 41 || bw->session_id == 42);
	CHECK_INT(color->pages, 2);
	CHECK_INT(color->copies, 1);
	CHECK_INT(color->color, 1);
	CHECK_INT(color->session_id, 42);
	CHECK_INT(print_outbox_count(pw), 2);

	/* The server acknowledged the B/W job only; then the agent restarts. */
	char bw_key[256], color_key[256];
	snprintf(bw_key, sizeof bw_key, "%s", bw->key);
	snprintf(color_key, sizeof color_key, "%s", color->key);
	CHECK_INT(print_outbox_ack(pw, bw_key), 0);
	CHECK_INT(print_outbox_ack(pw, bw_key), -ENOENT);
	CHECK_INT(print_outbox_count(pw), 1);
	stop_watch(pw);
	pw = NULL;

	n_reports = 0;
	CHECK_INT(start_watch(&pw), 0);
	CHECK_INT(print_outbox_count(pw), 1);
	run_until(never, NULL, 1500); /* several polls: CUPS still lists both jobs */
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 0);
	CHECK_INT(print_outbox_resend(pw), 1);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, title_color), 1);
	CHECK(n_reports == 1 && strcmp(reports[0].key, color_key) == 0);
	CHECK_INT(print_outbox_ack(pw, color_key), 0);
	CHECK_INT(print_outbox_count(pw), 0);
	stop_watch(pw);
	pw = NULL;

	n_reports = 0;
	CHECK_INT(start_watch(&pw), 0);
	CHECK_INT(print_outbox_count(pw), 0);
	CHECK_INT(print_outbox_resend(pw), 0);
	run_until(never, NULL, 1000);
	CHECK_INT(n_reports, 0);

	/* Hold-and-confirm: a held job is reported with its page count, and
	 * printed only after Release-Job. */
	print_watch_set_session(pw, 43);
	CHECK(print_file("HOLD", three, title_held, 2, "color", false) > 0);
	CHECK(print_file("HOLD", two, title_drop, 1, "monochrome", false) > 0);
	want held_w = {PRINT_EVENT_HELD, NULL, 2};
	CHECK(run_until(have_reports, &held_w, 30000));
	const report *h = find_report(PRINT_EVENT_HELD, title_held);
	const report *d = find_report(PRINT_EVENT_HELD, title_drop);
	CHECK(h != NULL && d != NULL);
	if (h == NULL || d == NULL)
		goto done;
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
	CHECK_INT(print_release(pw, held_key), 0);
	CHECK_INT(print_cancel(pw, drop_key), 0);
	want released = {PRINT_EVENT_COMPLETED, title_held, 1};
	CHECK(run_until(have_reports, &released, 60000));
	want gone = {PRINT_EVENT_GONE, NULL, 2};
	CHECK(run_until(have_reports, &gone, 10000));
	run_until(never, NULL, 1500);
	const report *c = find_report(PRINT_EVENT_COMPLETED, title_held);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_INT(c->pages, 3);
		CHECK_INT(c->copies, 2);
		CHECK_INT(c->color, 1);
		CHECK(strcmp(c->key, held_key) == 0);
	}
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, NULL), 1);
	CHECK_INT(count_reports(PRINT_EVENT_COMPLETED, title_drop), 0);
	CHECK_INT(print_release(pw, drop_key), -ENOENT);

done:
	if (pw != NULL)
		stop_watch(pw);
	uv_run(&loop, UV_RUN_DEFAULT);
	CHECK_INT(uv_loop_close(&loop), 0);
	stop_cupsd();
	/* cups-pdf writes into the job owner's ~/PDF; remove what this test printed. */
	const char *home = getenv("HOME");
	if (home != NULL) {
		char pattern[512];
		glob_t g;
		snprintf(pattern, sizeof pattern, "%s/PDF/netpont-test-%d-*", home, (int)me);
		if (glob(pattern, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				unlink(g.gl_pathv[i]);
			globfree(&g);
		}
	}
	if (failures == 0)
		run("rm -rf '%s'", dir);
	else
		fprintf(stderr, "kept %s for inspection\n", dir);
	printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
