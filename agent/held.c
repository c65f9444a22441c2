#include "held.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lease.h"
#include "log.h"

static const char *held__text(const char *s)
{
	return s != NULL ? s : "";
}

/* ------------------------------------------------------------ the watcher */

void agent_held_start(agent_held *h, uv_loop_t *loop, const agent_config *cfg, int64_t session_id,
                      print_report_cb cb, void *data)
{
	if (cfg->printers == NULL && cfg->hold == NULL)
		return; /* printing is metered only where [printing] is configured */
	char outbox[PATH_MAX];
	if (cfg->outbox != NULL)
		agent_text_copy(outbox, sizeof outbox, cfg->outbox);
	else if (cfg->state_dir != NULL)
		snprintf(outbox, sizeof outbox, "%s/print-outbox", cfg->state_dir);
	else
		return;
	print_config pc;
	print_config_init(&pc);
	pc.outbox_dir = outbox;
	pc.printers = cfg->printers;
	pc.hold = cfg->hold;
	int rc = print_watch_start(loop, &pc, cb, data, &h->watch);
	if (rc != 0) {
		agent_error("print metering is off: cannot use the outbox %s (%s)", outbox,
		            strerror(-rc));
		h->watch = NULL;
		return;
	}
	print_watch_set_session(h->watch, session_id);
}

void agent_held_stop(agent_held *h)
{
	print_watch_stop(h->watch);
	h->watch = NULL;
}

void agent_held_set_session(agent_held *h, int64_t session_id)
{
	if (h->watch != NULL)
		print_watch_set_session(h->watch, session_id);
}

int agent_held_decide(agent_held *h, const char *job_key, bool cancel)
{
	if (h->watch == NULL)
		return -ENOENT;
	return cancel ? print_cancel(h->watch, held__text(job_key))
	              : print_release(h->watch, held__text(job_key));
}

void agent_held_ack(agent_held *h, const char *job_key)
{
	if (h->watch != NULL)
		print_outbox_ack(h->watch, job_key);
}

void agent_held_resend(agent_held *h)
{
	if (h->watch != NULL)
		print_outbox_resend(h->watch);
}

/* ------------------------------------------------------------ the held jobs */

agent_held_print *agent_held_find(agent_held *h, const char *job_key)
{
	for (size_t i = 0; i < AGENT_MAX_HELD; i++)
		if (h->jobs[i].present && strcmp(h->jobs[i].job_key, held__text(job_key)) == 0)
			return &h->jobs[i];
	return NULL;
}

bool agent_held_add(agent_held *h, const Netpont__AgentPrint *job, int64_t now_s)
{
	agent_held_print *p = agent_held_find(h, job->job_key);
	for (size_t i = 0; p == NULL && i < AGENT_MAX_HELD; i++)
		if (!h->jobs[i].present)
			p = &h->jobs[i];
	if (p == NULL) {
		agent_warn("print job %s is held, but %u others already wait; it is not shown",
		           held__text(job->job_key), AGENT_MAX_HELD);
		return false;
	}
	memset(p, 0, sizeof *p);
	p->present = true;
	p->held_since = now_s;
	agent_text_copy(p->job_key, sizeof p->job_key, job->job_key);
	agent_text_copy(p->printer, sizeof p->printer, job->printer);
	agent_text_copy(p->title, sizeof p->title, job->title);
	p->pages = job->pages;
	p->copies = job->copies;
	p->color = job->color;
	p->completed_at = job->completed_at;
	p->session_id = job->session_id;
	p->amount = -1;
	return true;
}

bool agent_held_remove(agent_held *h, const char *job_key)
{
	agent_held_print *p = agent_held_find(h, job_key);
	if (p == NULL)
		return false;
	agent_log("print job %s no longer waits", p->job_key);
	memset(p, 0, sizeof *p);
	return true;
}

bool agent_held_set_amount(agent_held *h, const char *job_key, int64_t amount)
{
	agent_held_print *p = agent_held_find(h, job_key);
	if (p == NULL)
		return false;
	p->amount = amount;
	agent_log("print job %s waits for confirmation: %d page(s) x %d, %" PRId64, p->job_key,
	          p->pages, p->copies, p->amount);
	return true;
}

void agent_held_hide(agent_held *h)
{
	for (size_t i = 0; i < AGENT_MAX_HELD; i++)
		h->jobs[i].hidden = h->jobs[i].present;
}

/* ------------------------------------------------------------ messages */

bool agent_held_quote(const agent_held *h, size_t i, Netpont__PrintQuote *q)
{
	const agent_held_print *p = &h->jobs[i];
	if (!p->present || p->amount >= 0)
		return false;
	netpont__print_quote__init(q);
	q->pages = p->pages;
	q->copies = p->copies;
	q->color = p->color;
	return true;
}

void agent_held_fill_event(const agent_held *h, Netpont__ControlEvent *ev, Netpont__AgentPrint *job)
{
	const agent_held_print *p = NULL;
	for (size_t i = 0; i < AGENT_MAX_HELD; i++) {
		const agent_held_print *x = &h->jobs[i];
		if (x->present && !x->hidden && x->amount >= 0 &&
		    (p == NULL || x->held_since < p->held_since))
			p = x;
	}
	if (p == NULL)
		return;
	netpont__agent_print__init(job);
	job->job_key = (char *)p->job_key;
	job->printer = (char *)p->printer;
	job->title = (char *)p->title;
	job->pages = p->pages;
	job->copies = p->copies;
	job->color = p->color;
	job->completed_at = p->completed_at;
	job->session_id = p->session_id;
	ev->pending_print = job;
	ev->pending_amount = p->amount;
}

void agent_held_report_fill(const agent_held *h, agent_held_report *r)
{
	netpont__agent_held_prints__init(&r->msg);
	r->msg.jobs = r->ptrs;
	for (size_t i = 0; i < AGENT_MAX_HELD; i++) {
		const agent_held_print *p = &h->jobs[i];
		if (!p->present)
			continue;
		Netpont__HeldPrint *j = &r->jobs[r->msg.n_jobs];
		netpont__held_print__init(j);
		j->job_key = (char *)p->job_key;
		j->title = (char *)p->title;
		j->pages = p->pages;
		j->copies = p->copies;
		j->color = p->color;
		j->amount = p->amount;
		j->held_since = p->held_since;
		r->ptrs[r->msg.n_jobs++] = j;
	}
}
