#include "sessions.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <systemd/sd-bus.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-login.h>

#include "hooks.h"
#include "log.h"
#include "procs.h"

/* While the account is being ended the watcher looks more often, so that
 * the SIGKILL follows the SIGTERM on time and the end is logged promptly. */
#define SESSIONS_BUSY_INTERVAL_MS 500u

/* The most processes ended per look; more are ended at the next look. */

static bool all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Looks the account up; true when s->uid is known. A uid that must never
 * be touched is refused in err. */
static bool resolve(agent_sessions *s, char *err, size_t err_size, bool *refused)
{
	*refused = false;
	uid_t uid;
	if (s->numeric) {
		uid = (uid_t)strtoul(s->user, NULL, 10);
	} else {
		struct passwd *pw = getpwnam(s->user);
		if (pw == NULL)
			return false;
		uid = pw->pw_uid;
		if (uid < 1000) {
			snprintf(err, err_size,
			         "public_user %s in [session] is uid %u, a system account; the "
			         "agent ends every process of that account when no session runs, "
			         "so it must be the PC's shared public account (netpont-public)",
			         s->user, (unsigned)uid);
			*refused = true;
			return false;
		}
	}
	if (uid == 0 || uid == getuid()) {
		snprintf(err, err_size,
		         "public_user %s in [session] is %s; the agent ends every process of "
		         "that account when no session runs",
		         s->user, uid == 0 ? "root" : "the account the agent itself runs as");
		*refused = true;
		return false;
	}
	s->uid = uid;
	s->resolved = true;
	return true;
}

/* Calls one method of org.freedesktop.login1.Manager; logs a failure. */
static void logind_call(const char *method, const char *types, ...)
{
	sd_bus *bus = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	int rc = sd_bus_open_system(&bus);
	if (rc >= 0)
		rc = sd_bus_message_new_method_call(bus, &m, "org.freedesktop.login1",
		                                    "/org/freedesktop/login1",
		                                    "org.freedesktop.login1.Manager", method);
	if (rc >= 0) {
		va_list ap;
		va_start(ap, types);
		rc = sd_bus_message_appendv(m, types, ap);
		va_end(ap);
	}
	if (rc >= 0)
		rc = sd_bus_call(bus, m, 0, &error, &reply);
	if (rc < 0)
		agent_warn("logind refused %s: %s", method,
		           error.message != NULL ? error.message : strerror(-rc));
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(m);
	sd_bus_flush_close_unref(bus);
}

static bool has_command(const agent_sessions *s)
{
	return s->command != NULL && s->command[0] != '\0';
}

static void maybe_closed(agent_sessions *s);

static void on_command_closed(uv_handle_t *h)
{
	agent_sessions *s = h->data;
	s->proc_open = false;
	maybe_closed(s);
}

static void on_command_exit(uv_process_t *proc, int64_t status, int signal)
{
	agent_sessions *s = proc->data;
	if (signal != 0)
		agent_log("the command that ends the public account's session was killed by "
		          "signal %d: %s",
		          signal, s->command);
	else if (status != 0)
		agent_log("the public account's session could not be ended: %s exited with "
		          "status %lld",
		          s->command, (long long)status);
	uv_close((uv_handle_t *)proc, on_command_closed);
}

/* Runs [session] end_session unless it runs already. */
static void run_command(agent_sessions *s)
{
	if (s->proc_open || s->closing)
		return;
	s->proc.data = s;
	s->proc_open = true;
	int rc = agent_shell_spawn(s->loop, &s->proc, s->command, NULL, on_command_exit);
	if (rc != 0) {
		agent_log("cannot run end_session in [session] (%s): %s", s->command,
		          uv_strerror(rc));
		uv_close((uv_handle_t *)&s->proc, on_command_closed);
	}
}

/* Counts what the account has on the PC now: logind sessions, or live
 * processes. With ask set, each is asked to end (TerminateSession, SIGTERM);
 * with force set, ended by force (KillUser, SIGKILL). With an end_session
 * command, either runs the command instead (unless it still runs). */
static size_t sessions_act(agent_sessions *s, bool ask, bool force)
{
	if (has_command(s)) {
		size_t n = 0;
		if (s->use_logind) {
			int found = sd_uid_get_sessions(s->uid, 0, NULL);
			n = found > 0 ? (size_t)found : 0;
		} else {
			pid_t *pids = NULL;
			size_t cap = 0;
			long found = agent_procs_of_uid(s->uid, &pids, &cap);
			free(pids);
			n = found > 0 ? (size_t)found : 0;
		}
		if (n > 0 && (ask || force))
			run_command(s);
		return n;
	}
	if (s->use_logind) {
		char **ids = NULL;
		int n = sd_uid_get_sessions(s->uid, 0, &ids);
		if (n <= 0) {
			free(ids);
			return 0;
		}
		for (int i = 0; i < n; i++) {
			if (ask)
				logind_call("TerminateSession", "s", ids[i]);
			free(ids[i]);
		}
		free(ids);
		if (force)
			logind_call("KillUser", "ui", (uint32_t)s->uid, (int32_t)SIGKILL);
		return (size_t)n;
	}
	pid_t *pids = NULL;
	size_t cap = 0;
	long n = agent_procs_of_uid(s->uid, &pids, &cap);
	if (ask || force)
		for (long i = 0; i < n; i++)
			if (kill(pids[i], force ? SIGKILL : SIGTERM) != 0 && errno != ESRCH)
				agent_warn("cannot end process %ld of uid %u: %s", (long)pids[i],
				           (unsigned)s->uid, strerror(errno));
	free(pids);
	return n > 0 ? (size_t)n : 0;
}

static void on_tick(uv_timer_t *t);

static void rearm(agent_sessions *s, uint64_t delay_ms)
{
	if (!s->closing)
		uv_timer_start(&s->timer, on_tick, delay_ms, 0);
}

static void sessions_look(agent_sessions *s)
{
	if (!s->enabled || s->leased) {
		s->busy = false;
		return;
	}
	if (!s->resolved) {
		char err[512];
		bool refused;
		if (!resolve(s, err, sizeof err, &refused)) {
			/* Each change is logged once: an account that appears
			 * later as a system account must not go unnoticed. */
			int now_warned = refused ? 2 : 1;
			if (s->warned != now_warned)
				agent_warn("%s",
				           refused ? err
				                   : "the public account in [session] public_user "
				                     "does not exist (yet); looking again later");
			s->warned = now_warned;
			return;
		}
	}
	uint64_t now = uv_now(s->loop);
	const char *what = s->use_logind ? "desktop sessions" : "processes";
	if (!s->busy) {
		size_t n = sessions_act(s, true, false);
		if (n == 0)
			return;
		s->busy = true;
		s->forced = false;
		s->asked_ms = now;
		s->busy_unleased = s->ended_ms == 0 || now - s->ended_ms >= AGENT_SESSIONS_GRACE_MS;
		char detail[256];
		snprintf(detail, sizeof detail, "uid %u (%s): %zu %s", (unsigned)s->uid, s->user, n,
		         what);
		if (s->busy_unleased) {
			agent_warn("the public account ran without a lease: ending it (%s)",
			           detail);
			if (s->on_unleased != NULL)
				s->on_unleased(s, detail);
		} else {
			agent_log("the lease ended: ending the public account's session (%s)",
			          detail);
		}
		return;
	}
	/* Force is used again every AGENT_SESSIONS_KILL_AFTER_MS while anything
	 * is left (a logind session may linger as "closing" for a moment),
	 * and logged once. */
	bool force = now - s->asked_ms >= AGENT_SESSIONS_KILL_AFTER_MS;
	size_t n = sessions_act(s, false, force);
	if (n == 0) {
		agent_log("the public account's session has ended");
		s->busy = false;
		return;
	}
	if (force) {
		if (!s->forced && has_command(s))
			agent_warn("the public account is still there (%zu %s): running %s again",
			           n, what, s->command);
		else if (!s->forced)
			agent_warn("killed what was left of the public account: %zu %s", n, what);
		s->forced = true;
		s->asked_ms = now;
	}
}

static void on_tick(uv_timer_t *t)
{
	agent_sessions *s = t->data;
	sessions_look(s);
	rearm(s, s->busy ? SESSIONS_BUSY_INTERVAL_MS : AGENT_SESSIONS_INTERVAL_MS);
}

/* Fills the account fields of s from cfg; refuses root. */
static int sessions_configure(agent_sessions *s, const agent_config *cfg, char *err,
                              size_t err_size)
{
	const char *user =
	    cfg->public_user != NULL ? cfg->public_user : AGENT_CONFIG_DEFAULT_PUBLIC_USER;
	snprintf(s->user, sizeof s->user, "%s", user);
	s->numeric = all_digits(s->user);
	s->enabled = agent_config_terminate(cfg);
	s->command = cfg->end_session;
	if (strcmp(s->user, "root") == 0) {
		snprintf(err, err_size, "public_user in [session] must not be root");
		return -1;
	}
	bool refused = false;
	resolve(s, err, err_size, &refused);
	return refused ? -1 : 0;
}

int agent_sessions_start(agent_sessions *s, uv_loop_t *loop, const agent_config *cfg, bool leased,
                         agent_sessions_unleased_cb on_unleased, void *data, char *err,
                         size_t err_size)
{
	memset(s, 0, sizeof *s);
	s->loop = loop;
	s->data = data;
	s->on_unleased = on_unleased;
	s->leased = leased;
	uv_timer_init(loop, &s->timer);
	s->timer.data = s;
	if (sessions_configure(s, cfg, err, err_size) != 0)
		return -1;
	s->use_logind = sd_booted() > 0 && access("/run/systemd/seats", F_OK) == 0;
	if (s->enabled && has_command(s))
		agent_notice("the public account is %s%s; its session is ended when no lease runs "
		             "(through end_session in [session]: %s)",
		             s->user, s->resolved ? "" : np_log_text(" (not found yet)"),
		             s->command);
	else if (s->enabled)
		agent_notice("the public account is %s%s; its session is ended when no lease runs "
		             "(through %s)",
		             s->user, s->resolved ? "" : np_log_text(" (not found yet)"),
		             s->use_logind ? "logind"
		                           : np_log_text("signals, logind is not running"));
	else
		agent_notice(
		    "terminate = no in [session]: the public account's session is left alone "
		    "without a lease");
	if (s->enabled && !has_command(s) && geteuid() != 0)
		agent_warn("the agent is not root, so it cannot end another account's session "
		           "itself: set end_session in [session] to a command that may (the "
		           "package's agent.conf has `systemctl start "
		           "netpont-end-session.service`)");
	rearm(s, 0);
	return 0;
}

void agent_sessions_set_leased(agent_sessions *s, bool leased)
{
	if (s->leased == leased)
		return;
	s->leased = leased;
	if (leased) {
		s->busy = false;
		return;
	}
	s->ended_ms = uv_now(s->loop);
	/* uv_now() is the loop's cached time; 0 would read as "no lease yet". */
	if (s->ended_ms == 0)
		s->ended_ms = 1;
	rearm(s, 0);
}

/* After agent_sessions_close(): calls close_cb once the timer and the
 * command's handle are closed. */
static void maybe_closed(agent_sessions *s)
{
	if (!s->closing || s->proc_open || !s->timer_closed || s->close_cb == NULL)
		return;
	void (*cb)(agent_sessions *) = s->close_cb;
	s->close_cb = NULL;
	cb(s);
}

static void on_timer_closed(uv_handle_t *h)
{
	agent_sessions *s = h->data;
	s->timer_closed = true;
	maybe_closed(s);
}

void agent_sessions_close(agent_sessions *s, void (*cb)(agent_sessions *s))
{
	s->closing = true;
	s->close_cb = cb;
	/* A running end_session command is left to finish (the unit goes on
	 * without the agent); closing the handle does not signal it. */
	if (s->proc_open && !uv_is_closing((uv_handle_t *)&s->proc))
		uv_close((uv_handle_t *)&s->proc, on_command_closed);
	uv_close((uv_handle_t *)&s->timer, on_timer_closed);
}
