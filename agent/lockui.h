/* The agent's supervisor of screen programs: keeps one program of the PC's
 * screen running while it is wanted, and starts it again when it dies.
 *
 * Two programs use it:
 *  - --ui gtk: the lock screen (`netpont-lock --control SOCKET`), wanted for
 *    the agent's whole life. If it dies it is started again after a short
 *    backoff (0.5 s doubling to 10 s while it keeps dying within 10 s of
 *    starting). The program is $NETPONT_LOCK, else netpont-lock next to the
 *    agent's binary, else netpont-lock on PATH.
 *  - [bar] enabled: the time bar (`netpont-bar --control SOCKET --edge E
 *    --language L`), wanted while a session is unlocked, run on the public
 *    session's display as the public account (an agent running as root) or
 *    as the agent's own user (netpont-agent.service's _netpont-agent). A bar that dies is back
 * within 250 ms every time (a resident must not gain a bar-less screen by killing it; the fixed
 * delay caps a crash loop at four starts a second). The program is $NETPONT_BAR, else netpont-bar
 * next to the agent, else on PATH. */
#ifndef NETPONT_AGENT_LOCKUI_H
#define NETPONT_AGENT_LOCKUI_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <uv.h>

/* What to run and how. Every string is copied by agent_lockui_init(). */
typedef struct agent_lockui_options {
	const char *what;        /* for the log: "the lock screen" */
	const char *program;     /* the program's name: "netpont-lock" */
	const char *program_env; /* the variable that overrides it: "NETPONT_LOCK" */
	/* Arguments after "--control SOCKET", NULL-terminated; NULL for none. */
	const char *const *args;
	/* "NAME=VALUE" strings, NULL-terminated: the program's environment;
	 * NULL: it inherits the agent's. */
	const char *const *env;
	bool set_user; /* run as uid:gid (the agent is root) */
	uid_t uid;
	gid_t gid;
	uint64_t restart_ms;     /* delay before the first restart */
	uint64_t restart_cap_ms; /* the delay doubles up to this while it keeps dying */
} agent_lockui_options;

typedef struct agent_lockui {
	uv_loop_t *loop;
	char what[64];
	char program[PATH_MAX];
	char **argv; /* owned, NULL-terminated: program, --control, SOCKET, args */
	char **env;  /* owned, NULL-terminated, or NULL to inherit */
	bool set_user;
	uid_t uid;
	gid_t gid;
	uint64_t restart_ms;
	uint64_t restart_cap_ms;

	bool wanted; /* it should be running now */
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

/* Prepares the supervisor (finds the program, copies opts) without starting
 * anything. Returns 0, or -1 when out of memory. Either way
 * agent_lockui_close() must be called later; it frees the copies. */
int agent_lockui_init(agent_lockui *ui, uv_loop_t *loop, const char *control_path,
                      const agent_lockui_options *opts);

/* wanted: start the program now if it is not running, and keep it running;
 * !wanted: stop it (SIGTERM) and do not start it again. Failing to start is
 * logged and retried, not an error. Idempotent. */
void agent_lockui_want(agent_lockui *ui, bool wanted);

/* Replaces the value that follows flag in the program's arguments (e.g.
 * "--language" "hu"), for its next start; a flag it was not started with
 * is ignored. value is copied. Returns 0, or -1 when out of memory (the
 * old value stays). */
int agent_lockui_set_arg(agent_lockui *ui, const char *flag, const char *value);

/* --ui gtk: agent_lockui_init() for netpont-lock, then wanted for good. */
void agent_lockui_start(agent_lockui *ui, uv_loop_t *loop, const char *control_path);

struct agent_config;

/* [bar] enabled = yes: prepares ui for netpont-bar as agent.conf says
 * (edge, display, xauthority, public_user; language from [agent] language
 * as the bar's first language), not yet wanted. When the agent is root and
 * the public account is another user, the bar runs as that account, with
 * the control socket's group (control_group) as its group, in an
 * environment of its own (DISPLAY and XAUTHORITY from [bar], defaults ":0"
 * and LightDM's authority file for netpont-public). Otherwise (tests, the
 * demo) it runs as the agent's own user with the agent's environment,
 * DISPLAY and XAUTHORITY replaced by [bar]'s when set there, and DISPLAY
 * ":0" when neither [bar] nor the agent's environment has one (the agent as
 * the service's user _netpont-agent: the bar is then another user's process
 * the resident cannot kill, let onto the display by LightDM's
 * display-setup-script `xhost +si:localuser:_netpont-agent`). Returns 0, or -1 with a
 * sentence in err (an unknown user or group, out of memory); either way
 * agent_lockui_close() must be called later. */
int agent_lockui_init_bar(agent_lockui *ui, uv_loop_t *loop, const struct agent_config *cfg,
                          char *err, size_t err_size);

/* Stops the program (SIGTERM) and calls cb once its handles are closed. */
void agent_lockui_close(agent_lockui *ui, void (*cb)(agent_lockui *ui));

#endif
