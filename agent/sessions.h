/* The public account's desktop session: the agent owns the truth on the PC.
 *
 * The PC's residents all use one account (agent.conf [session] public_user,
 * netpont-public). While a lease runs, its processes are left alone; while
 * none runs, the account has no business on the PC. Every 2 seconds, and at
 * once when a lease ends, the watcher looks for the account's session and
 * ends it:
 * - with logind (sd_booted() and /run/systemd/seats): each of the account's
 *   sessions (sd_uid_get_sessions()) is ended with org.freedesktop.login1
 *   TerminateSession, and if one is still there 2 seconds later every
 *   process of the account is killed with KillUser;
 * - without logind (a container, CI): every process of the account in /proc
 *   gets SIGTERM, and SIGKILL 2 seconds later if it is still there.
 * Zombies are skipped: they hold nothing and only their parent can reap them.
 * Both need root. An agent that runs as its own system user instead has
 * [session] end_session, a shell command (normally `systemctl start
 * netpont-end-session.service`, a root oneshot that runs `loginctl
 * terminate-user`): the watcher still finds the account's sessions or
 * processes itself, which needs no privilege, and runs that command to end
 * them, again every 2 seconds while anything is left and the last run has
 * finished. A run that fails is logged with its exit status.
 *
 * Whatever the watcher finds more than AGENT_SESSIONS_GRACE_MS after the
 * last lease ended (or with no lease since the agent started) ran without a
 * lease: it is logged and reported through on_unleased (the agent tells the
 * server, AgentIncident "unleased_session"). What it finds right after a
 * lease ended is the normal end of that session, only logged.
 *
 * Safety: the account is never root; a name must resolve to a uid of 1000
 * or more (a system account is refused); a number (for tests) is taken as
 * it is, but never 0 and never the agent's own uid. */
#ifndef NETPONT_AGENT_SESSIONS_H
#define NETPONT_AGENT_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <uv.h>

#include "config.h"

#define AGENT_SESSIONS_INTERVAL_MS 2000u
/* How long a SIGTERM or TerminateSession is given before SIGKILL/KillUser. */
#define AGENT_SESSIONS_KILL_AFTER_MS 2000u
/* Processes found this soon after a lease ended belong to that session. */
#define AGENT_SESSIONS_GRACE_MS 15000u

typedef struct agent_sessions agent_sessions;

/* The account ran without a lease: detail says what was found ("uid 61234
 * (netpont-public): 3 processes"); borrowed for the call. */
typedef void (*agent_sessions_unleased_cb)(agent_sessions *s, const char *detail);

struct agent_sessions {
	uv_loop_t *loop;
	void *data; /* the owner's */
	agent_sessions_unleased_cb on_unleased;
	bool enabled;      /* terminate = yes */
	char user[72];     /* as configured */
	bool numeric;      /* user is a uid */
	bool resolved;     /* uid is known */
	uid_t uid;         /* the account's uid, when resolved */
	bool use_logind;   /* decided at start */
	int warned;        /* what was logged about the account: 0 nothing, 1 absent, 2 refused */
	bool leased;       /* a lease runs: hands off */
	uint64_t ended_ms; /* uv_now() when the last lease ended; 0: none since start */
	/* The current episode: the account was found without a lease and is
	 * being ended. */
	bool busy;
	bool busy_unleased; /* reported as running without a lease */
	uint64_t asked_ms;  /* when SIGTERM / TerminateSession (or the last force) was sent */
	bool forced;        /* SIGKILL / KillUser was needed */
	/* [session] end_session, borrowed from the agent's config; NULL or ""
	 * = the in-process way above. */
	const char *command;
	uv_process_t proc;
	bool proc_open; /* the command runs, or its handle is not closed yet */
	uv_timer_t timer;
	bool closing;
	bool timer_closed;
	void (*close_cb)(agent_sessions *s);
};

/* Starts the watcher on loop (the first look is at once) for the account
 * in cfg's [session]; cfg must outlive s (its end_session is borrowed).
 * An agent that is not root and has no end_session is told in the log that
 * it cannot end another account's session. leased is whether a lease runs now. on_unleased may
 * be NULL. Returns 0, or -1 with a sentence in err when the account must
 * never be touched ("public_user lightdm in [session] is uid 110, a system
 * account; ..."); an account name that does not exist (yet) is no error:
 * it is logged once and looked up again at each look.
 * agent_sessions_close() must be called in either case. */
int agent_sessions_start(agent_sessions *s, uv_loop_t *loop, const agent_config *cfg, bool leased,
                         agent_sessions_unleased_cb on_unleased, void *data, char *err,
                         size_t err_size);

/* Tells the watcher whether a lease runs. When one just ended it looks at
 * once. */
void agent_sessions_set_leased(agent_sessions *s, bool leased);

/* Stops the watcher; cb runs once its timer (and the handle of an
 * end_session command still running, which is left to finish) is closed. */
void agent_sessions_close(agent_sessions *s, void (*cb)(agent_sessions *s));

#endif
