/* --ui gtk: keeps the lock screen (`netpont-lock --control SOCKET`) running.
 * If it dies it is started again after a short backoff (0.5 s doubling to
 * 10 s while it keeps dying within 10 s of starting). The program is
 * $NETPONT_LOCK, else netpont-lock next to the agent's binary, else
 * netpont-lock on PATH. */
#ifndef NETPONT_AGENT_LOCKUI_H
#define NETPONT_AGENT_LOCKUI_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

typedef struct agent_lockui {
	uv_loop_t *loop;
	char program[PATH_MAX];
	char control[PATH_MAX];
	uv_process_t proc;
	bool proc_open; /* proc initialised and not yet closed */
	bool running;
	uv_timer_t restart_timer;
	unsigned quick_deaths;
	uint64_t started_ms;
	bool closing;
	unsigned closing_handles;
	void (*close_cb)(struct agent_lockui *ui);
} agent_lockui;

/* Finds the program and starts it. Failing to start is logged and retried,
 * not an error. */
void agent_lockui_start(agent_lockui *ui, uv_loop_t *loop, const char *control_path);

/* Stops the lock screen (SIGTERM) and calls cb once its handles are closed. */
void agent_lockui_close(agent_lockui *ui, void (*cb)(agent_lockui *ui));

#endif
