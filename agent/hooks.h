/* Shell commands the administrator configures in [hooks] (on_lock,
 * on_unlock, on_session_end): run with /bin/sh -c through uv_spawn, so the
 * loop never waits for them. Each gets NETPONT_SEAT, NETPONT_RESIDENT and
 * NETPONT_REASON in its environment. */
#ifndef NETPONT_AGENT_HOOKS_H
#define NETPONT_AGENT_HOOKS_H

#include <stdbool.h>

#include <uv.h>

/* More hooks than this running at once means they hang; new ones are
 * skipped (and logged) until some finish. */
#define AGENT_HOOKS_MAX_RUNNING 8u

typedef struct agent_hook_child agent_hook_child;

typedef struct agent_hooks {
	uv_loop_t *loop;
	agent_hook_child *running;
	unsigned count;
	bool closing;
	void (*close_cb)(struct agent_hooks *h);
} agent_hooks;

void agent_hooks_init(agent_hooks *h, uv_loop_t *loop);

/* Starts `/bin/sh -c command` as proc on loop, with stdin closed and the
 * agent's stdout and stderr; env (NULL: the agent's own environment) and
 * command are only borrowed for the call. Returns uv_spawn()'s result; as
 * with uv_spawn(), proc must be closed even when it fails. Shared by the
 * hooks and the resetter (resetter.h). */
int agent_shell_spawn(uv_loop_t *loop, uv_process_t *proc, const char *command, char **env,
                      uv_exit_cb exit_cb);

/* Starts `command` (NULL or "" does nothing). name is the hook's key, for
 * the log. Returns 0 or a negative libuv error (logged). */
int agent_hooks_run(agent_hooks *h, const char *name, const char *command, const char *seat,
                    const char *resident, const char *reason);

/* Forgets the running hooks (they finish on their own) and calls cb once
 * their handles are closed. */
void agent_hooks_close(agent_hooks *h, void (*cb)(agent_hooks *h));

#endif
