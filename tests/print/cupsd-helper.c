#include "cupsd-helper.h"

#include <glob.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cups/cups.h>

int np_test_run(const char *fmt, ...)
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

/* Writes the printf-style text into the file at path; returns 0 or -1. */
static int write_textf(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int write_textf(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	return fclose(f);
}

void np_test_cupsd_stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
		*pid = 0;
	}
}

int np_test_cupsd_start(const char *dir, pid_t *pid, char *why, size_t why_size)
{
	const char *cupsd = "/usr/sbin/cupsd";
	*pid = 0;
	if (geteuid() != 0) {
		snprintf(why, why_size,
		         "a private cupsd must run as root (it drops to user lp for filters)");
		return NP_TEST_SKIP;
	}
	if (access(cupsd, X_OK) != 0 || access("/usr/lib/cups/backend/cups-pdf", F_OK) != 0) {
		snprintf(why, why_size,
		         "needs the packages cups-daemon and printer-driver-cups-pdf");
		return NP_TEST_SKIP;
	}
	char path[512];
	const char *subdirs[] = {"root", "spool", "cache", "state", "log", "tmp"};
	for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, subdirs[i]);
		mkdir(path, 0755);
	}
	/* Filters run as lp: they need to reach the directory and write TempDir. */
	chmod(dir, 0755);
	snprintf(path, sizeof path, "%s/tmp", dir);
	chmod(path, 01777);
	char conf[512], files[512];
	snprintf(conf, sizeof conf, "%s/root/cupsd.conf", dir);
	snprintf(files, sizeof files, "%s/root/cups-files.conf", dir);
	if (write_textf(conf,
	                "LogLevel info\nListen %s/cups.sock\nBrowsing No\nWebInterface No\n"
	                "PreserveJobHistory Yes\nMaxJobs 200\n"
	                "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
	                "<Policy default>\n  JobPrivateAccess all\n  JobPrivateValues none\n"
	                "  SubscriptionPrivateAccess all\n  SubscriptionPrivateValues none\n"
	                "  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
	                dir) != 0 ||
	    write_textf(files,
	                "ServerRoot %1$s/root\nRequestRoot %1$s/spool\nCacheDir %1$s/cache\n"
	                "StateDir %1$s/state\nTempDir %1$s/tmp\nAccessLog %1$s/log/access_log\n"
	                "ErrorLog %1$s/log/error_log\nPageLog %1$s/log/page_log\n"
	                "User lp\nGroup lp\nSystemGroup root\n",
	                dir) != 0)
		return -1;

	*pid = fork();
	if (*pid == 0) {
		/* cupsd goes with the test, even when the test crashes. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		execl(cupsd, "cupsd", "-f", "-c", conf, "-s", files, (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof path, "%s/cups.sock", dir);
	for (int i = 0; i < 100; i++) {
		if (access(path, F_OK) == 0)
			break;
		int status;
		if (waitpid(*pid, &status, WNOHANG) == *pid) {
			*pid = 0;
			snprintf(why, why_size,
			         "cupsd exited at start (status %d); see %s/log/error_log", status,
			         dir);
			return NP_TEST_SKIP;
		}
		usleep(100 * 1000);
	}
	if (access(path, F_OK) != 0) {
		snprintf(why, why_size, "cupsd did not open %s within 10 s", path);
		return NP_TEST_SKIP;
	}
	setenv("CUPS_SERVER", path, 1);
	return 0;
}

int np_test_cupsd_add_queues(void)
{
	if (np_test_run(
	        "lpadmin -p PDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd "
	        "2>/dev/null") != 0 ||
	    np_test_run(
	        "lpadmin -p HOLD -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd "
	        "-o job-hold-until-default=indefinite 2>/dev/null") != 0)
		return -1;
	return 0;
}

int np_test_make_pdfs(const char *dir)
{
	if (np_test_run(
	        "gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile='%s/three.pdf' -c "
	        "'/Helvetica findfont 40 scalefont setfont 1 1 3 { 100 400 moveto (Page ) show "
	        "3 string cvs show showpage } for'",
	        dir) != 0 ||
	    np_test_run("gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -sOutputFile='%s/two.pdf' -c "
	                "'1 0 0 setrgbcolor 100 100 300 300 rectfill showpage "
	                "0 0 1 setrgbcolor 100 100 300 300 rectfill showpage'",
	                dir) != 0)
		return -1;
	return 0;
}

int np_test_print_file(const char *queue, const char *file, const char *title, int copies,
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

void np_test_remove_cups_pdf_output(const char *prefix)
{
	const char *home = getenv("HOME");
	if (home == NULL)
		return;
	char pattern[512];
	glob_t g;
	snprintf(pattern, sizeof pattern, "%s/PDF/%s*", home, prefix);
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}
}

int np_test_cups_job_state(const char *queue, int id)
{
	cups_job_t *jobs = NULL;
	int n = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, queue, 0, CUPS_WHICHJOBS_ALL);
	int state = 0;
	for (int i = 0; i < n; i++)
		if (jobs[i].id == id)
			state = jobs[i].state;
	cupsFreeJobs(n, jobs);
	return state;
}
