#include "resetter.h"

#include <string.h>

#include "backoff.h"
#include "hooks.h"
#include "log.h"

/* The agent has no gettext catalogue of its own (its sentences reach the
 * screens, which translate what they show themselves); these two refusals
 * are answered in the language of the request that is refused, so they
 * come in both languages here. */
static const char refusal_running_en[] =
    "This PC is getting ready for the next person. Please wait a moment.";
static const char refusal_running_hu[] =
    "A gép készül a következő emberre. Kérjük, várjon egy kicsit.";
static const char refusal_failed_en[] =
    "This PC could not be cleaned after the last session. Please ask a mentor.";
static const char refusal_failed_hu[] =
    "A gépet nem sikerült kitakarítani az előző használat után. Kérjük, szóljon egy "
    "mentornak.";

static bool has_command(const agent_resetter *r)
{
	return r->command != NULL && r->command[0] != '\0';
}

static void set_state(agent_resetter *r, agent_reset_state state)
{
	r->state = state;
	if (r->changed_cb != NULL && !r->closing)
		r->changed_cb(r);
}

/* After agent_resetter_close(): calls close_cb once both handles are closed. */
static void maybe_closed(agent_resetter *r)
{
	if (!r->closing || r->proc_open || !r->retry_closed || r->close_cb == NULL)
		return;
	void (*cb)(agent_resetter *) = r->close_cb;
	r->close_cb = NULL;
	cb(r);
}

static void on_retry_closed(uv_handle_t *h)
{
	agent_resetter *r = h->data;
	r->retry_closed = true;
	maybe_closed(r);
}

static void spawn(agent_resetter *r);

static void on_retry(uv_timer_t *t)
{
	agent_resetter *r = t->data;
	agent_notice("trying the reset again (attempt %u)", r->failures + 1);
	spawn(r);
}

/* Exponential: 5 s, 10 s, 20 s ... capped at RESETTER_RETRY_MAX_MS, without
 * jitter (one PC, nothing to spread). */
static uint64_t retry_delay_ms(unsigned failures)
{
	agent_backoff b;
	agent_backoff_init(&b, RESETTER_RETRY_FIRST_MS, RESETTER_RETRY_MAX_MS);
	b.attempt = failures > 0 ? failures - 1 : 0;
	return agent_backoff_ceiling(&b);
}

static void finished(agent_resetter *r)
{
	if (r->closing) {
		maybe_closed(r);
		return;
	}
	bool ok = r->last_status == 0 && r->last_signal == 0;
	if (ok && r->again) {
		r->again = false;
		agent_log("another session ended during the reset: resetting again");
		spawn(r);
		return;
	}
	r->again = false;
	if (ok) {
		r->failures = 0;
		agent_log("the reset finished: the PC is ready for the next person");
		set_state(r, AGENT_RESET_READY);
		return;
	}
	r->failures++;
	uint64_t delay = retry_delay_ms(r->failures);
	if (r->last_signal != 0)
		agent_error("the reset was killed by signal %d; the PC stays locked; trying again "
		            "in %llu s",
		            r->last_signal, (unsigned long long)(delay / 1000));
	else
		agent_error(
		    "the reset failed (exit status %lld); the PC stays locked; trying again "
		    "in %llu s",
		    (long long)r->last_status, (unsigned long long)(delay / 1000));
	uv_timer_start(&r->retry, on_retry, delay, 0);
	set_state(r, AGENT_RESET_FAILED);
}

static void on_proc_closed(uv_handle_t *h)
{
	agent_resetter *r = h->data;
	r->proc_open = false;
	finished(r);
}

static void on_reset_exit(uv_process_t *proc, int64_t status, int signal)
{
	agent_resetter *r = proc->data;
	r->last_status = status;
	r->last_signal = signal;
	uv_close((uv_handle_t *)proc, on_proc_closed);
}

static void spawn(agent_resetter *r)
{
	uv_timer_stop(&r->retry);
	r->proc.data = r;
	r->last_status = -1;
	r->last_signal = 0;
	r->proc_open = true;
	int rc = agent_shell_spawn(r->loop, &r->proc, r->command, NULL, on_reset_exit);
	if (r->state != AGENT_RESET_RUNNING)
		set_state(r, AGENT_RESET_RUNNING);
	if (rc != 0) {
		agent_error("the reset could not start: %s", uv_strerror(rc));
		/* A failed uv_spawn still initialised the handle: closing it
		 * counts this as a failed run. */
		uv_close((uv_handle_t *)&r->proc, on_proc_closed);
	}
}

void agent_resetter_init(agent_resetter *r, uv_loop_t *loop, const char *command,
                         void (*changed_cb)(agent_resetter *r), void *data)
{
	memset(r, 0, sizeof *r);
	r->loop = loop;
	r->command = command;
	r->changed_cb = changed_cb;
	r->data = data;
	r->last_status = -1;
	uv_timer_init(loop, &r->retry);
	r->retry.data = r;
}

void agent_resetter_run(agent_resetter *r, const char *why)
{
	if (!has_command(r) || r->closing)
		return;
	if (r->proc_open) {
		r->again = true;
		return;
	}
	agent_log("resetting the PC for the next person (%s): %s", why != NULL ? why : "",
	          r->command);
	spawn(r);
}

bool agent_resetter_busy(const agent_resetter *r)
{
	return r->state != AGENT_RESET_READY;
}

const char *agent_resetter_refusal(const agent_resetter *r, const char *language)
{
	bool hu = language != NULL && strncmp(language, "hu", 2) == 0;
	if (r->state == AGENT_RESET_FAILED)
		return hu ? refusal_failed_hu : refusal_failed_en;
	return hu ? refusal_running_hu : refusal_running_en;
}

void agent_resetter_close(agent_resetter *r, void (*cb)(agent_resetter *r))
{
	if (r->closing)
		return;
	r->closing = true;
	r->close_cb = cb;
	/* A running command is left to finish: the reset unit goes on without
	 * the agent, and closing the handle does not signal the child. */
	if (r->proc_open && !uv_is_closing((uv_handle_t *)&r->proc))
		uv_close((uv_handle_t *)&r->proc, on_proc_closed);
	uv_close((uv_handle_t *)&r->retry, on_retry_closed);
}
