/* The agent's side of the reset: after every session it runs the command
 * in [session] reset (normally `systemctl start netpont-reset.service`,
 * which waits for the oneshot netpont-reset to finish) through uv_spawn,
 * and until that command has exited 0 the PC is not ready for anyone:
 * logins are refused with agent_resetter_refusal(), a session a mentor
 * starts meanwhile is held locked, and ControlStatusReply.resetting is
 * true. A failed reset keeps the PC locked and is tried again after 5 s,
 * 10 s, 20 s ... at most RESETTER_RETRY_MAX_MS apart.
 *
 * The resetter knows nothing of leases or sockets: it reports each change
 * of its state through changed_cb, and the agent decides what follows. */
#ifndef NETPONT_AGENT_RESETTER_H
#define NETPONT_AGENT_RESETTER_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#define RESETTER_RETRY_FIRST_MS 5000u
#define RESETTER_RETRY_MAX_MS   300000u

typedef enum {
	AGENT_RESET_READY = 0, /* the last reset exited 0, or there is none to run */
	AGENT_RESET_RUNNING,   /* the command runs now */
	AGENT_RESET_FAILED,    /* it failed; a retry is scheduled */
} agent_reset_state;

typedef struct agent_resetter {
	uv_loop_t *loop;
	const char *command; /* borrowed from the agent's config; NULL or "" = no reset */
	agent_reset_state state;
	/* Another session ended while the command ran: run it once more. */
	bool again;
	/* A session was granted while the PC was not ready; the agent lets it
	 * start once the state is READY again. */
	bool unlock_waiting;
	unsigned failures;   /* failed runs in a row */
	int64_t last_status; /* the last run's exit status, or -1 */
	int last_signal;     /* the signal that ended it, or 0 */
	uv_process_t proc;
	bool proc_open; /* proc is initialised and not closed yet */
	uv_timer_t retry;
	bool retry_closed;
	void (*changed_cb)(struct agent_resetter *r);
	void *data;
	bool closing;
	void (*close_cb)(struct agent_resetter *r);
} agent_resetter;

/* Prepares r on loop. command is borrowed and must outlive r. changed_cb
 * (may be NULL) runs after every change of r->state; data is for it. */
void agent_resetter_init(agent_resetter *r, uv_loop_t *loop, const char *command,
                         void (*changed_cb)(agent_resetter *r), void *data);

/* Starts the reset now (why: "time_up", "logout", "start" ..., for the
 * log). While one runs, it is run once more after it; a scheduled retry is
 * replaced by this run. Does nothing without a command. */
void agent_resetter_run(agent_resetter *r, const char *why);

/* Whether the PC is not ready for the next person: a reset runs or the
 * last one failed. */
bool agent_resetter_busy(const agent_resetter *r);

/* The sentence that refuses a login while agent_resetter_busy(), in
 * language ("hu" Hungarian, anything else English). Static text. */
const char *agent_resetter_refusal(const agent_resetter *r, const char *language);

/* Stops the retry timer and forgets the running command (it finishes on
 * its own); cb runs once every handle is closed. Idempotent. */
void agent_resetter_close(agent_resetter *r, void (*cb)(agent_resetter *r));

#endif
