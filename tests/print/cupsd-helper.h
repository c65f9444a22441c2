/* A private CUPS daemon for tests: cupsd -f on a Unix socket in a temporary
 * directory, with cups-pdf queues. Used by tests/print and tests/lock. */
#ifndef NETPONT_TEST_CUPSD_HELPER_H
#define NETPONT_TEST_CUPSD_HELPER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define NP_TEST_SKIP 77

/* Starts cupsd with its files under dir (which must exist) and sets
 * CUPS_SERVER to its socket. Returns 0, or NP_TEST_SKIP with the reason in
 * why (not root, cupsd or cups-pdf missing, cupsd did not start), or -1. */
int np_test_cupsd_start(const char *dir, pid_t *pid, char *why, size_t why_size);
void np_test_cupsd_stop(pid_t *pid);

/* Creates the queues PDF (prints at once) and HOLD (holds every job until
 * released: job-hold-until-default=indefinite). Returns 0 or -1. */
int np_test_cupsd_add_queues(void);

/* Writes dir/three.pdf (3 pages) and dir/two.pdf (2 pages, in colour) with
 * ghostscript. Returns 0 or -1. */
int np_test_make_pdfs(const char *dir);

/* Prints file on queue; returns the job id (> 0) or 0. */
int np_test_print_file(const char *queue, const char *file, const char *title, int copies,
                       const char *color_mode, bool hold);

/* The state of job id on queue (IPP_JSTATE_HELD, ...), or 0 when CUPS does
 * not list it. */
int np_test_cups_job_state(const char *queue, int id);

/* cups-pdf writes into the job owner's ~/PDF: removes the files whose names
 * start with prefix. */
void np_test_remove_cups_pdf_output(const char *prefix);

/* system() with printf-style arguments; returns its status, logging failures. */
int np_test_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
