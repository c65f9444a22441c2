/* Print metering: watches the PC's local CUPS and reports every print job
 * that completed (and, on hold-and-confirm printers, every job that waits
 * for the resident's confirmation), with a persistent outbox so that no
 * completed job is lost while the server is unreachable.
 *
 * How the agent uses it (all calls on the loop thread):
 *
 *   print_config cfg;
 *   print_config_init(&cfg);
 *   cfg.outbox_dir = "/var/lib/netpont/print-outbox";   // from [printing] outbox
 *   cfg.printers = "PDF,Laser";    // [printing] printers; NULL = every queue
 *   cfg.hold = "Laser";            // [printing] hold; queues held for confirmation
 *   print_watch *pw;
 *   int rc = print_watch_start(loop, &cfg, on_print, agent, &pw);
 *
 *   // when a session starts/ends (0 = no session): jobs are stamped with it
 *   print_watch_set_session(pw, session_id);
 *
 *   static void on_print(print_watch *pw, print_event kind,
 *                        const Netpont__AgentPrint *job, void *data)
 *   {
 *     // PRINT_EVENT_COMPLETED: send an AgentPrint (copy of *job) to the server
 *     //   if connected; on the AgentPrintReply (duplicate or not) call
 *     //   print_outbox_ack(pw, job->job_key). If not connected, do nothing:
 *     //   the report stays in the outbox; after the next Welcome call
 *     //   print_outbox_resend(pw), which calls on_print again for each
 *     //   unacknowledged report.
 *     // PRINT_EVENT_HELD: send PrintQuote{pages, copies, color} to the server,
 *     //   then push a ControlEvent with pending_print = *job and
 *     //   pending_amount = the quote to the lock screen.
 *     // PRINT_EVENT_GONE: a held job disappeared (cancelled elsewhere or
 *     //   released): clear pending_print on the lock screen.
 *   }
 *
 *   // ControlPrintConfirm{job_key, cancel} from the lock screen, or a
 *   // PrintReleaseEvent{job_key, cancel} from the server:
 *   cancel ? print_cancel(pw, key) : print_release(pw, key);
 *
 *   print_watch_stop(pw);   // at shutdown, before uv_loop_close(); frees pw
 *                           // once the pending thread-pool work has finished
 *
 * Threading: the blocking libcups calls run on libuv's thread pool
 * (uv_queue_work); callbacks run on the loop thread. At most one CUPS request
 * is in flight at a time, so the library needs no locks.
 *
 * Charging rules implemented here: only jobs in state IPP_JSTATE_COMPLETED
 * are reported; cancelled, aborted and stopped jobs never are. Each job is
 * reported once (its job_key "<printer>/<job-id>/<time-at-creation>" is
 * remembered on disk), and a report stays in the outbox until acknowledged.
 * Jobs that completed before the outbox directory was first used are
 * ignored, so installing the agent on a PC with a long CUPS history does not
 * charge anyone for old jobs. pages = impressions per copy
 * (job-impressions-completed / copies when CUPS counted all copies), colour
 * from the job's print-color-mode (or ColorModel), else the queue's default. */
#ifndef NETPONT_AGENT_PRINT_H
#define NETPONT_AGENT_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#include "netpont.pb-c.h"

/* The job name the agent's own free slips start with (directory.h): the
 * watcher never reports a job of the agent's own CUPS user named so. */
#define PRINT_FREE_SLIP_TITLE "netpont-free-slip"

typedef struct print_config {
	/* Directory holding the outbox; created (mode 0700) if missing. Required. */
	const char *outbox_dir;
	/* Comma-separated queue names to watch, or NULL/"" for every queue. */
	const char *printers;
	/* Comma-separated queue names whose jobs are held until confirmed.
	 * The queue itself must hold jobs (the admin sets
	 * `lpadmin -p NAME -o job-hold-until-default=indefinite`); on these
	 * queues held jobs are reported with PRINT_EVENT_HELD. */
	const char *hold;
	/* CUPS server: a socket path or "host[:port]"; NULL = libcups' default
	 * (the CUPS_SERVER environment variable, client.conf, the local socket). */
	const char *cups_server;
	/* How often to ask CUPS, in milliseconds (default 2000). */
	unsigned poll_ms;
} print_config;

/* Fills in the defaults: every field NULL, poll_ms 2000. */
void print_config_init(print_config *cfg);

typedef enum {
	PRINT_EVENT_COMPLETED = 1, /* a job completed: charge it (outbox entry exists) */
	PRINT_EVENT_HELD = 2,      /* a job waits on a hold queue for Print/Cancel */
	PRINT_EVENT_GONE = 3,      /* a held job is no longer held (released or cancelled) */
} print_event;

typedef struct print_watch print_watch;

/* Called on the loop thread. job and its strings are owned by the watcher and
 * valid only during the call: copy what you keep. job->session_id is the
 * session set by print_watch_set_session() when the job was first seen:
 * held, for a job that waited on a hold queue (it belongs to the session it
 * was sent in, even if released after that session ended), else completed.
 * For PRINT_EVENT_GONE only job_key and printer are filled in. */
typedef void (*print_report_cb)(print_watch *pw, print_event kind, const Netpont__AgentPrint *job,
                                void *data);

/* Starts watching. cfg is copied. Returns 0 and sets *out, or a negative errno
 * (-EINVAL: no outbox_dir; other: the outbox directory cannot be created or
 * read), in which case cb is never called. A CUPS that is down is not an
 * error: the watcher keeps polling and logs once to stderr. */
int print_watch_start(uv_loop_t *loop, const print_config *cfg, print_report_cb cb, void *data,
                      print_watch **out);

/* Stops the timer and frees the watcher (after any running thread-pool work
 * finished, inside the loop). cb is not called any more. NULL is allowed. */
void print_watch_stop(print_watch *pw);

/* The session new completed jobs are stamped with (0 = none). */
void print_watch_set_session(print_watch *pw, int64_t session_id);

/* Asks CUPS right now instead of waiting for the timer (e.g. for tests). */
void print_watch_poll_now(print_watch *pw);

/* The server confirmed the report job_key (charged or duplicate): it leaves
 * the outbox and is never reported again. Returns 0, or -ENOENT if no
 * unacknowledged report has that key. */
int print_outbox_ack(print_watch *pw, const char *job_key);

/* Calls cb(PRINT_EVENT_COMPLETED) for every unacknowledged report, oldest
 * first; call it after (re)connecting to the server. Returns how many. */
int print_outbox_resend(print_watch *pw);

/* The number of unacknowledged reports in the outbox. */
int print_outbox_count(const print_watch *pw);

/* Releases (IPP Release-Job) or cancels (IPP Cancel-Job) a held job, off the
 * loop. Returns 0 if the request was queued, -ENOENT if job_key is not a job
 * this watcher saw held, -EINVAL for a malformed key. The outcome shows up as
 * PRINT_EVENT_GONE and, after printing, PRINT_EVENT_COMPLETED; a failure is
 * logged to stderr. */
int print_release(print_watch *pw, const char *job_key);
int print_cancel(print_watch *pw, const char *job_key);

#endif
