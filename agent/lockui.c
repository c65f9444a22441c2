#include "lockui.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

#include "config.h"
#include "log.h"

/* A program that ran this long before dying was not crash-looping. */
#define LOCKUI_STABLE_MS 10000u

static void lockui_spawn(agent_lockui *ui);

/* A NULL-terminated copy of a NULL-terminated list, with room for `extra`
 * more entries; NULL when out of memory. */
static char **copy_list(const char *const *list, size_t extra)
{
	size_t n = 0;
	while (list != NULL && list[n] != NULL)
		n++;
	char **copy = calloc(n + extra + 1, sizeof *copy);
	if (copy == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((copy[i] = strdup(list[i])) == NULL)
			return copy; /* freed by free_list(); NULL ends it early */
	return copy;
}

static void free_list(char **list)
{
	for (size_t i = 0; list != NULL && list[i] != NULL; i++)
		free(list[i]);
	free(list);
}

/* Counts the entries of a NULL-terminated list. */
static size_t list_length(char *const *list)
{
	size_t n = 0;
	while (list != NULL && list[n] != NULL)
		n++;
	return n;
}

static void lockui_find_program(agent_lockui *ui, const char *name, const char *env_name)
{
	const char *env = env_name != NULL ? getenv(env_name) : NULL;
	if (env != NULL && env[0] != '\0') {
		snprintf(ui->program, sizeof ui->program, "%s", env);
		return;
	}
	char self[PATH_MAX];
	size_t len = sizeof self;
	if (uv_exepath(self, &len) == 0) {
		char *slash = strrchr(self, '/');
		if (slash != NULL) {
			*slash = '\0';
			char candidate[PATH_MAX + 64];
			snprintf(candidate, sizeof candidate, "%s/%s", self, name);
			size_t n = strlen(candidate);
			if (n < sizeof ui->program && access(candidate, X_OK) == 0) {
				memcpy(ui->program, candidate, n + 1);
				return;
			}
		}
	}
	/* No slash: uv_spawn searches PATH. */
	snprintf(ui->program, sizeof ui->program, "%s", name);
}

static void on_restart_timer(uv_timer_t *t)
{
	lockui_spawn(t->data);
}

static void lockui_schedule_restart(agent_lockui *ui)
{
	uint64_t delay = ui->restart_ms;
	for (unsigned i = 1; i < ui->quick_deaths && delay < ui->restart_cap_ms; i++)
		delay *= 2;
	if (delay > ui->restart_cap_ms)
		delay = ui->restart_cap_ms;
	uv_timer_start(&ui->restart_timer, on_restart_timer, delay, 0);
}

static void lockui_maybe_closed(agent_lockui *ui)
{
	if (ui->closing && ui->closing_handles == 0 && !ui->proc_open && ui->close_cb != NULL) {
		void (*cb)(agent_lockui *) = ui->close_cb;
		free_list(ui->argv);
		free_list(ui->env);
		ui->argv = ui->env = NULL;
		ui->close_cb = NULL;
		cb(ui);
	}
}

static void on_proc_closed(uv_handle_t *h)
{
	agent_lockui *ui = h->data;
	ui->proc_open = false;
	if (ui->closing) {
		lockui_maybe_closed(ui);
		return;
	}
	if (ui->wanted)
		lockui_schedule_restart(ui);
}

/* A crash loop logs its first deaths and then one in thirty, so a program
 * that cannot run (no display yet) does not fill the journal at four lines a
 * second. */
static bool lockui_worth_logging(const agent_lockui *ui)
{
	return ui->quick_deaths <= 3 || ui->quick_deaths % 30 == 0;
}

static void on_proc_exit(uv_process_t *proc, int64_t status, int signal)
{
	agent_lockui *ui = proc->data;
	ui->running = false;
	if (!ui->closing && ui->wanted) {
		uint64_t ran = uv_now(ui->loop) - ui->started_ms;
		ui->quick_deaths = ran < LOCKUI_STABLE_MS ? ui->quick_deaths + 1 : 1;
		if (lockui_worth_logging(ui) && signal != 0)
			agent_warn("%s %s was killed by signal %d; starting it again", ui->what,
			           ui->program, signal);
		else if (lockui_worth_logging(ui))
			agent_warn("%s %s exited with status %lld; starting it again", ui->what,
			           ui->program, (long long)status);
	}
	if (!uv_is_closing((uv_handle_t *)proc))
		uv_close((uv_handle_t *)proc, on_proc_closed);
}

static void lockui_spawn(agent_lockui *ui)
{
	if (ui->closing || ui->proc_open || !ui->wanted || ui->argv == NULL)
		return;
	uv_stdio_container_t stdio[3] = {
	    {.flags = UV_IGNORE},
	    {.flags = UV_INHERIT_FD, .data.fd = 1},
	    {.flags = UV_INHERIT_FD, .data.fd = 2},
	};
	uv_process_options_t opts;
	memset(&opts, 0, sizeof opts);
	opts.file = ui->program;
	opts.args = ui->argv;
	opts.env = ui->env;
	opts.exit_cb = on_proc_exit;
	opts.stdio = stdio;
	opts.stdio_count = 3;
	if (ui->set_user) {
		/* libuv drops the supplementary groups when it changes the
		 * user: the one group the program needs is its gid. */
		opts.flags |= UV_PROCESS_SETUID | UV_PROCESS_SETGID;
		opts.uid = ui->uid;
		opts.gid = ui->gid;
	}
	ui->proc.data = ui;
	ui->started_ms = uv_now(ui->loop);
	int rc = uv_spawn(ui->loop, &ui->proc, &opts);
	ui->proc_open = true;
	if (rc != 0) {
		ui->quick_deaths++;
		if (ui->quick_deaths == 1 || ui->quick_deaths % 30 == 0)
			agent_error("cannot start %s %s: %s; trying again", ui->what, ui->program,
			            uv_strerror(rc));
		uv_close((uv_handle_t *)&ui->proc, on_proc_closed);
		return;
	}
	ui->running = true;
	if (lockui_worth_logging(ui))
		agent_log("started %s %s (pid %d)", ui->what, ui->program, ui->proc.pid);
}

int agent_lockui_init(agent_lockui *ui, uv_loop_t *loop, const char *control_path,
                      const agent_lockui_options *opts)
{
	memset(ui, 0, sizeof *ui);
	ui->loop = loop;
	uv_timer_init(loop, &ui->restart_timer);
	ui->restart_timer.data = ui;
	snprintf(ui->what, sizeof ui->what, "%s", opts->what);
	lockui_find_program(ui, opts->program, opts->program_env);
	const char *head[] = {ui->program, "--control", control_path, NULL};
	size_t n_args = 0;
	while (opts->args != NULL && opts->args[n_args] != NULL)
		n_args++;
	ui->argv = copy_list(head, n_args);
	if (ui->argv == NULL || list_length(ui->argv) != 3)
		return -1;
	for (size_t i = 0; i < n_args; i++)
		if ((ui->argv[3 + i] = strdup(opts->args[i])) == NULL)
			return -1;
	if (opts->env != NULL) {
		ui->env = copy_list(opts->env, 0);
		if (ui->env == NULL)
			return -1;
		size_t n_env = 0;
		while (opts->env[n_env] != NULL)
			n_env++;
		if (list_length(ui->env) != n_env)
			return -1;
	}
	ui->set_user = opts->set_user;
	ui->uid = opts->uid;
	ui->gid = opts->gid;
	ui->restart_ms = opts->restart_ms;
	ui->restart_cap_ms = opts->restart_cap_ms;
	return 0;
}

int agent_lockui_set_arg(agent_lockui *ui, const char *flag, const char *value)
{
	for (size_t i = 0; ui->argv != NULL && ui->argv[i] != NULL && ui->argv[i + 1] != NULL;
	     i++) {
		if (strcmp(ui->argv[i], flag) != 0)
			continue;
		char *copy = strdup(value);
		if (copy == NULL)
			return -1;
		free(ui->argv[i + 1]);
		ui->argv[i + 1] = copy;
		return 0;
	}
	return 0;
}

void agent_lockui_want(agent_lockui *ui, bool wanted)
{
	if (ui->closing || ui->wanted == wanted)
		return;
	ui->wanted = wanted;
	if (wanted) {
		ui->quick_deaths = 0;
		lockui_spawn(ui);
		return;
	}
	uv_timer_stop(&ui->restart_timer);
	if (ui->running) {
		agent_log("stopping %s (pid %d)", ui->what, ui->proc.pid);
		uv_process_kill(&ui->proc, SIGTERM);
	}
}

void agent_lockui_start(agent_lockui *ui, uv_loop_t *loop, const char *control_path)
{
	agent_lockui_options opts = {
	    .what = "the lock screen",
	    .program = "netpont-lock",
	    .program_env = "NETPONT_LOCK",
	    .restart_ms = 500,
	    .restart_cap_ms = 10000,
	};
	if (agent_lockui_init(ui, loop, control_path, &opts) != 0)
		agent_error("out of memory: the lock screen is not started");
	agent_lockui_want(ui, true);
}

static void on_timer_closed(uv_handle_t *h)
{
	agent_lockui *ui = h->data;
	ui->closing_handles--;
	lockui_maybe_closed(ui);
}

void agent_lockui_close(agent_lockui *ui, void (*cb)(agent_lockui *ui))
{
	ui->closing = true;
	ui->close_cb = cb;
	/* SIGTERM, and no waiting for the exit: a screen program that hangs
	 * must not keep the agent from stopping. init reaps it. */
	if (ui->running)
		uv_process_kill(&ui->proc, SIGTERM);
	if (ui->proc_open && !uv_is_closing((uv_handle_t *)&ui->proc))
		uv_close((uv_handle_t *)&ui->proc, on_proc_closed);
	ui->closing_handles = 1;
	uv_close((uv_handle_t *)&ui->restart_timer, on_timer_closed);
}

/* ---------------------------------------------------------------- the time bar */

#define BAR_DEFAULT_DISPLAY    ":0"
#define BAR_DEFAULT_XAUTHORITY "/var/run/lightdm/netpont-public/xauthority"

static const char *or_default(const char *value, const char *fallback)
{
	return value != NULL && value[0] != '\0' ? value : fallback;
}

/* The account the bar runs as. */
typedef struct bar_account {
	uid_t uid;
	gid_t gid;
	char name[64];
	char home[PATH_MAX];
} bar_account;

/* The public account by name, or by number; a number needs no entry in
 * the user database (tests run the bar as a made-up uid), and then its
 * group is the same number and its home "/". Returns false for an unknown
 * name. */
static bool bar_find_user(const char *user, bar_account *account)
{
	char *end = NULL;
	errno = 0;
	unsigned long number = strtoul(user, &end, 10);
	bool numeric = end != user && *end == '\0' && errno == 0;
	struct passwd *pw = numeric ? getpwuid((uid_t)number) : getpwnam(user);
	if (pw == NULL && !numeric)
		return false;
	account->uid = pw != NULL ? pw->pw_uid : (uid_t)number;
	account->gid = pw != NULL ? pw->pw_gid : (gid_t)number;
	snprintf(account->name, sizeof account->name, "%s", pw != NULL ? pw->pw_name : user);
	snprintf(account->home, sizeof account->home, "%s", pw != NULL ? pw->pw_dir : "/");
	return true;
}

/* The bar's whole environment when the agent (root) runs it as the public
 * account: nothing of root's leaks into it. strings holds the texts. */
static void bar_root_env(const agent_config *cfg, const bar_account *account,
                         char strings[][PATH_MAX + 32], const char **env)
{
	size_t n = 0;
	snprintf(strings[n], sizeof strings[0], "DISPLAY=%s",
	         or_default(cfg->bar_display, BAR_DEFAULT_DISPLAY));
	env[n] = strings[n], n++;
	snprintf(strings[n], sizeof strings[0], "XAUTHORITY=%s",
	         or_default(cfg->bar_xauthority, BAR_DEFAULT_XAUTHORITY));
	env[n] = strings[n], n++;
	snprintf(strings[n], sizeof strings[0], "HOME=%s", account->home);
	env[n] = strings[n], n++;
	snprintf(strings[n], sizeof strings[0], "USER=%s", account->name);
	env[n] = strings[n], n++;
	snprintf(strings[n], sizeof strings[0], "LOGNAME=%s", account->name);
	env[n] = strings[n], n++;
	snprintf(strings[n], sizeof strings[0], "XDG_RUNTIME_DIR=/run/user/%lu",
	         (unsigned long)account->uid);
	env[n] = strings[n], n++;
	env[n++] = "PATH=/usr/local/bin:/usr/bin:/bin";
	env[n++] = "LANG=C.UTF-8";
	env[n] = NULL;
}

/* The display the bar runs on when the agent runs it as its own user: [bar]
 * display, else ":0" for an agent without a DISPLAY of its own (the
 * service's user _netpont-agent, which LightDM's xhost lets onto the public
 * session's display), else NULL: the agent's own DISPLAY (tests, the demo). */
static const char *bar_display(const agent_config *cfg)
{
	if (cfg->bar_display != NULL)
		return cfg->bar_display;
	const char *own = getenv("DISPLAY");
	return own == NULL || own[0] == '\0' ? BAR_DEFAULT_DISPLAY : NULL;
}

int agent_lockui_init_bar(agent_lockui *ui, uv_loop_t *loop, const agent_config *cfg, char *err,
                          size_t err_size)
{
	const char *language =
	    cfg->language != NULL && strncmp(cfg->language, "hu", 2) == 0 ? "hu" : "en";
	const char *args[] = {"--edge", or_default(cfg->bar_edge, "top"), "--language", language,
	                      NULL};
	agent_lockui_options opts = {
	    .what = "the time bar",
	    .program = "netpont-bar",
	    .program_env = "NETPONT_BAR",
	    .args = args,
	    .restart_ms = 250,
	    .restart_cap_ms = 250,
	};
	char strings[8][PATH_MAX + 32];
	const char *env[16];
	const char **inherited = NULL;
	bar_account account = {0};
	bool other_user = false;
	if (geteuid() == 0) {
		/* [bar] public_user overrides [session] public_user for the bar
		 * alone (tests run it as themselves). */
		const char *user = or_default(
		    cfg->bar_user, or_default(cfg->public_user, AGENT_CONFIG_DEFAULT_PUBLIC_USER));
		if (!bar_find_user(user, &account)) {
			agent_lockui_init(ui, loop, cfg->control, &opts);
			snprintf(
			    err, err_size,
			    "there is no user '%s' to run the time bar as (public_user in [bar])",
			    user);
			return -1;
		}
		other_user = account.uid != geteuid();
	}
	if (other_user) {
		opts.set_user = true;
		opts.uid = account.uid;
		opts.gid = account.gid;
		if (cfg->control_group != NULL && cfg->control_group[0] != '\0') {
			/* The group that may open the control socket. */
			struct group *gr = getgrnam(cfg->control_group);
			if (gr != NULL)
				opts.gid = gr->gr_gid;
		}
		bar_root_env(cfg, &account, strings, env);
		opts.env = env;
	} else if (bar_display(cfg) != NULL || cfg->bar_xauthority != NULL) {
		/* The agent's own environment, with the display [bar] names. */
		const char *display = bar_display(cfg);
		size_t n = list_length(environ);
		inherited = calloc(n + 3, sizeof *inherited);
		if (inherited == NULL) {
			agent_lockui_init(ui, loop, cfg->control, &opts);
			snprintf(err, err_size, "out of memory");
			return -1;
		}
		size_t kept = 0;
		for (size_t i = 0; i < n; i++)
			if (!(display != NULL && strncmp(environ[i], "DISPLAY=", 8) == 0) &&
			    !(cfg->bar_xauthority != NULL &&
			      strncmp(environ[i], "XAUTHORITY=", 11) == 0))
				inherited[kept++] = environ[i];
		if (display != NULL) {
			snprintf(strings[0], sizeof strings[0], "DISPLAY=%s", display);
			inherited[kept++] = strings[0];
		}
		if (cfg->bar_xauthority != NULL) {
			snprintf(strings[1], sizeof strings[0], "XAUTHORITY=%s",
			         cfg->bar_xauthority);
			inherited[kept++] = strings[1];
		}
		inherited[kept] = NULL;
		opts.env = inherited;
	}
	int rc = agent_lockui_init(ui, loop, cfg->control, &opts);
	free(inherited); /* the strings were copied */
	if (rc != 0)
		snprintf(err, err_size, "out of memory");
	return rc;
}
