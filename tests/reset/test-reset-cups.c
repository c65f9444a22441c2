/* netpont-reset cancels the public account's print jobs in a real CUPS and
 * no one else's: a private cupsd with a queue that holds every job, one held
 * job of the account (a bare uid, whose jobs CUPS files under its number)
 * and one of another user; after the reset the first is cancelled and the
 * second still held. Exits 77 (skipped) when it cannot run a CUPS daemon
 * (not root, cupsd or cups-pdf missing).
 *
 * Usage: test-reset-cups PATH-TO-netpont-reset */
#include "cupsd-helper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cups/cups.h>

#define PUBLIC_UID 61235

static int failures;

static void check(bool ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	if (!ok)
		failures++;
}

/* Held, pending or processing: not cancelled. */
static bool job_active(int id)
{
	int state = np_test_cups_job_state("HOLD", id);
	return state == IPP_JSTATE_HELD || state == IPP_JSTATE_PENDING ||
	       state == IPP_JSTATE_PROCESSING;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test-reset-cups PATH-TO-netpont-reset\n");
		return 2;
	}
	char dir[] = "/tmp/netpont-reset-cups.XXXXXX";
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	pid_t cupsd = 0;
	char why[512];
	int rc = np_test_cupsd_start(dir, &cupsd, why, sizeof why);
	if (rc != 0) {
		printf("%s: %s\n", rc == NP_TEST_SKIP ? "skipped" : "failed", why);
		np_test_run("rm -rf '%s'", dir);
		return rc == NP_TEST_SKIP ? NP_TEST_SKIP : 1;
	}
	if (np_test_cupsd_add_queues() != 0 || np_test_make_pdfs(dir) != 0) {
		np_test_cupsd_stop(&cupsd);
		np_test_run("rm -rf '%s'", dir);
		return 1;
	}
	char file[512];
	snprintf(file, sizeof file, "%s/two.pdf", dir);
	char user[16];
	snprintf(user, sizeof user, "%d", PUBLIC_UID);
	cupsSetUser(user);
	int theirs = np_test_print_file("HOLD", file, "resident's letter", 1, "monochrome", true);
	cupsSetUser("someone-else");
	int others = np_test_print_file("HOLD", file, "another's letter", 1, "monochrome", true);
	check(theirs > 0 && job_active(theirs), "the public account's job is held");
	check(others > 0 && job_active(others), "another user's job is held");

	/* A home and a skeleton of the throwaway uid, for the steps before. */
	char home[600], skel[600], tmp[600];
	snprintf(home, sizeof home, "%s/public-home", dir);
	snprintf(skel, sizeof skel, "%s/public-skel", dir);
	snprintf(tmp, sizeof tmp, "%s/public-tmp", dir);
	bool made = mkdir(home, 0700) == 0 && chown(home, PUBLIC_UID, PUBLIC_UID) == 0 &&
	            mkdir(skel, 0755) == 0 && mkdir(tmp, 01777) == 0 && chmod(dir, 0755) == 0;
	check(made, "a home folder, a skeleton and a temporary folder");
	/* CUPS_SERVER (set by the helper) tells netpont-reset where cupsd is. */
	rc = np_test_run("'%s' --user %d --home '%s' --skel '%s' --tmp-dirs '%s'", argv[1],
	                 PUBLIC_UID, home, skel, tmp);
	check(rc == 0, "netpont-reset succeeds");
	check(!job_active(theirs), "the public account's job is cancelled");
	check(job_active(others), "another user's job is still held");

	cupsSetUser("root");
	if (others > 0)
		cupsCancelJob2(CUPS_HTTP_DEFAULT, "HOLD", others, 0);
	np_test_cupsd_stop(&cupsd);
	np_test_run("rm -rf '%s'", dir);
	printf("%d check(s) failed\n", failures);
	return failures == 0 ? 0 : 1;
}
