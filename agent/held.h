/* The agent's side of print metering: the CUPS watcher it runs (print.h) and
 * the print jobs held on this PC until the resident or a mentor says Print or
 * Cancel.
 *
 * A held job belongs to the session it was sent in. While that session runs,
 * the lock screen asks about it (oldest first, and only once the server has
 * priced it); after the session ends it is hidden from the lock screen (the
 * next person must not see it) but mentors still see it in AgentHeldPrints
 * and may release or cancel it from the server.
 *
 * This module keeps the bookkeeping and builds the messages; it sends
 * nothing. The agent sends what it builds and calls it on every event of the
 * watcher. Plain C on the loop thread; every string a built message points to
 * is borrowed from the agent_held and valid until its next change. */
#ifndef NETPONT_AGENT_HELD_H
#define NETPONT_AGENT_HELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "config.h"
#include "netpont.pb-c.h"
#include "print.h"

/* How many held print jobs the agent keeps track of at once (the server
 * takes at most 64 in AgentHeldPrints). */
#define AGENT_MAX_HELD 16u

/* A held print job waiting for the resident's (or a mentor's) Print/Cancel. */
typedef struct agent_held_print {
	bool present;
	/* The session it was held in is over: the lock screen no longer asks
	 * about it (the next person must not see it), but mentors still see it
	 * and may release or cancel it from the server. */
	bool hidden;
	int64_t held_since; /* Unix time the agent first saw it held */
	char job_key[256];
	char printer[128];
	char title[256];
	int32_t pages;
	int32_t copies;
	bool color;
	int64_t completed_at;
	int64_t session_id;
	int64_t amount; /* the server's quote; -1 until it answers */
} agent_held_print;

typedef struct agent_held {
	/* Owned; NULL where printing is not metered ([printing] unset) or the
	 * outbox could not be used. */
	print_watch *watch;
	agent_held_print jobs[AGENT_MAX_HELD];
} agent_held;

/* AgentHeldPrints as agent_held_report_fill() builds it: msg points into the
 * arrays beside it, so the struct must not be copied or moved once filled. */
typedef struct agent_held_report {
	Netpont__AgentHeldPrints msg;
	Netpont__HeldPrint jobs[AGENT_MAX_HELD];
	Netpont__HeldPrint *ptrs[AGENT_MAX_HELD];
} agent_held_report;

/* Starts metering as cfg's [printing] asks: nothing when neither printers
 * nor hold is set, or when there is no outbox (cfg->outbox, else
 * STATE_DIR/print-outbox). New jobs are stamped with session_id. cb and data
 * go to print_watch_start(); cfg is only read during the call. A watcher
 * that cannot start is logged and h->watch stays NULL: the agent runs on
 * without print metering. h must be zeroed before. */
void agent_held_start(agent_held *h, uv_loop_t *loop, const agent_config *cfg, int64_t session_id,
                      print_report_cb cb, void *data);

/* Stops and frees the watcher (see print_watch_stop()); cb is not called any
 * more. Idempotent. */
void agent_held_stop(agent_held *h);

/* The session new jobs are stamped with (0 = none). */
void agent_held_set_session(agent_held *h, int64_t session_id);

/* Releases (cancel false) or cancels the held job job_key (may be NULL).
 * Returns 0 if the request went to CUPS, or a negative errno: -ENOENT when
 * this PC does not meter printing or does not hold that job. */
int agent_held_decide(agent_held *h, const char *job_key, bool cancel);

/* The server confirmed the report job_key: it leaves the outbox. */
void agent_held_ack(agent_held *h, const char *job_key);

/* Reports every unacknowledged completed job again (through cb); call it
 * after each Welcome. */
void agent_held_resend(agent_held *h);

/* The held job job_key (may be NULL), or NULL. The pointer is into h. */
agent_held_print *agent_held_find(agent_held *h, const char *job_key);

/* Remembers job (copied) as held since now_s, not yet priced. Returns false,
 * after logging it, when AGENT_MAX_HELD others already wait. */
bool agent_held_add(agent_held *h, const Netpont__AgentPrint *job, int64_t now_s);

/* Forgets job_key (released or cancelled here, by a mentor or in CUPS).
 * Returns false when it was not held. */
bool agent_held_remove(agent_held *h, const char *job_key);

/* Stores the server's price for job_key. Returns false when it is no longer
 * held. */
bool agent_held_set_amount(agent_held *h, const char *job_key, int64_t amount);

/* The session they were held in is over: every held job is hidden from the
 * lock screen (mentors still see them). */
void agent_held_hide(agent_held *h);

/* Fills q with the PrintQuote for jobs[i] and returns true when that job
 * waits for its price; false otherwise (q untouched). */
bool agent_held_quote(const agent_held *h, size_t i, Netpont__PrintQuote *q);

/* Sets ev->pending_print (to job, filled here) and ev->pending_amount for the
 * job the lock screen asks about: the oldest visible one with a price. A job
 * is shown only with its price, because the lock screen asks once per job.
 * ev is left as it is when there is none. */
void agent_held_fill_event(const agent_held *h, Netpont__ControlEvent *ev,
                           Netpont__AgentPrint *job);

/* Builds the whole set of held jobs, hidden ones too, for the server. */
void agent_held_report_fill(const agent_held *h, agent_held_report *r);

#endif
