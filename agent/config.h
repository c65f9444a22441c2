/* netpont-agent's settings: the INI file (/etc/netpont/agent.conf) and the
 * command-line flags that override it.
 *
 *   [agent]    server, server_fingerprint, seat, token_file, ui, control,
 *              control_group, state_dir, language, log_level
 *   [hooks]    on_lock, on_unlock, on_session_end   (shell commands)
 *   [printing] printers, hold (comma-separated CUPS queue names), outbox (dir)
 *   [session]  public_user (name or number; default netpont-public),
 *              terminate (yes/no; default yes),
 *              end_session (shell command, sessions.h),
 *              reset (shell command, resetter.h)
 *   [bar]      enabled, edge, display, xauthority, public_user (lockui.h)
 *
 * Every string is malloc()ed and owned by the struct; NULL means "not set". */
#ifndef NETPONT_AGENT_CONFIG_H
#define NETPONT_AGENT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define AGENT_CONFIG_DEFAULT_PATH "/etc/netpont/agent.conf"

typedef struct agent_config {
	char *server; /* "HOST:PORT" */
	/* The SHA-256 of the server's TLS certificate (64 hex digits), as
	 * `netpontctl seat add` printed it: the agent talks to no other. */
	char *server_fingerprint;
	char *seat;
	char *token_file;
	char *ui;            /* "headless" or "gtk" */
	char *control;       /* control socket path */
	char *control_group; /* group owning the control socket (the lock screen's user) */
	char *state_dir;
	/* The language of the server's refusals the lock screen shows ("hu");
	 * NULL or "" = English. Sent as Hello.language. */
	char *language;
	/* The least severe log lines written: error, warning, notice, info
	 * (unset: info) or debug (common/np_log.h). */
	char *log_level;
	char *on_lock;        /* run via /bin/sh -c when the PC locks */
	char *on_unlock;      /* ... when it unlocks for a session */
	char *on_session_end; /* ... when a session ends (after on_lock) */
	char *printers;       /* queues to meter; unset = every queue */
	char *hold;           /* queues whose jobs wait for the resident's Print/Cancel */
	char *outbox; /* print reports not yet acknowledged; default STATE_DIR/print-outbox */
	/* The shared account of the PC's desktop sessions (sessions.h); NULL =
	 * AGENT_CONFIG_DEFAULT_PUBLIC_USER. A number is taken as a uid. */
	char *public_user;
	/* "yes" or "no": whether the agent ends that account's session when no
	 * lease runs; NULL = yes. */
	char *terminate;
	/* [session] end_session: the command that ends the account's session
	 * when the agent cannot itself (sessions.h); NULL or "" = in-process. */
	char *end_session;
	/* [session] reset: cleans the PC after each session; logins wait for
	 * it (resetter.h). NULL or "" = no reset. */
	char *reset;
	/* [bar]: the time bar (netpont-bar) the agent runs while unlocked. */
	char *bar_enabled;    /* "yes" or "no" (unset = no) */
	char *bar_edge;       /* "top" or "bottom" (unset = top) */
	char *bar_display;    /* the public session's DISPLAY (unset = ":0") */
	char *bar_xauthority; /* its X authority file (unset = LightDM's for the account) */
	char *bar_user;       /* the account the bar runs as, name or number (unset = [session]
	                         public_user) */
} agent_config;

#define AGENT_CONFIG_DEFAULT_PUBLIC_USER "netpont-public"

/* Whether cfg says to end the public account's sessions without a lease. */
bool agent_config_terminate(const agent_config *cfg);

void agent_config_init(agent_config *cfg);
void agent_config_free(agent_config *cfg);

/* Sets one key as the INI file would ("agent", "seat", "PC-03"). Returns 0,
 * or -1 with a sentence in err ("unknown key 'servr' in [agent]"). */
int agent_config_set(agent_config *cfg, const char *section, const char *key, const char *value,
                     char *err, size_t err_size);

/* Reads an INI file; its values replace those already in cfg. Returns 0, or
 * -1 with err naming the file, line and problem
 * ("/etc/netpont/agent.conf:7: unknown key 'servr' in [agent]"). */
int agent_config_load(agent_config *cfg, const char *path, char *err, size_t err_size);

/* Copies every field set in `over` into cfg, replacing what was there (the
 * flags override the file). */
int agent_config_merge(agent_config *cfg, const agent_config *over);

#endif
