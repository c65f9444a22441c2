#include "lockui.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

#define LOCKUI_BASE_MS   500u
#define LOCKUI_CAP_MS    10000u
#define LOCKUI_STABLE_MS 10000u

static void lockui_spawn(agent_lockui *ui);

static void lockui_find_program(agent_lockui *ui)
{
	const char *env = getenv("NETPONT_LOCK");
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
			char candidate[PATH_MAX + 16];
			snprintf(candidate, sizeof candidate, "%s/netpont-lock", self);
			size_t n = strlen(candidate);
			if (n < sizeof ui->program && access(candidate, X_OK) == 0) {
				memcpy(ui->program, candidate, n + 1);
				return;
			}
		}
	}
	/* No slash: uv_spawn searches PATH. */
	snprintf(ui->program, sizeof ui->program, "netpont-lock");
}

static void on_restart_timer(uv_timer_t *t)
{
	lockui_spawn(t->data);
}

static void lockui_schedule_restart(agent_lockui *ui)
{
	uint64_t delay = LOCKUI_BASE_MS;
	for (unsigned i = 1; i < ui->quick_deaths && delay < LOCKUI_CAP_MS; i++)
		delay *= 2;
	if (delay > LOCKUI_CAP_MS)
		delay = LOCKUI_CAP_MS;
	uv_timer_start(&ui->restart_timer, on_restart_timer, delay, 0);
}

static void lockui_maybe_closed(agent_lockui *ui)
{
	if (ui->closing && ui->closing_handles == 0 && !ui->proc_open && ui->close_cb != NULL) {
		void (*cb)(agent_lockui *) = ui->close_cb;
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
	lockui_schedule_restart(ui);
}

static void on_proc_exit(uv_process_t *proc, int64_t status, int signal)
{
	agent_lockui *ui = proc->data;
	ui->running = false;
	if (!ui->closing) {
		uint64_t ran = uv_now(ui->loop) - ui->started_ms;
		ui->quick_deaths = ran < LOCKUI_STABLE_MS ? ui->quick_deaths + 1 : 1;
		if (signal != 0)
			agent_log("the lock screen %s was killed by signal %d; starting it again",
			          ui->program, signal);
		else
			agent_log("the lock screen %s exited with status %lld; starting it again",
			          ui->program, (long long)status);
	}
	if (!uv_is_closing((uv_handle_t *)proc))
		uv_close((uv_handle_t *)proc, on_proc_closed);
}

static void lockui_spawn(agent_lockui *ui)
{
	if (ui->closing || ui->proc_open)
		return;
	char *args[] = {ui->program, "--control", ui->control, NULL};
	uv_stdio_container_t stdio[3] = {
	    {.flags = UV_IGNORE},
	    {.flags = UV_INHERIT_FD, .data.fd = 1},
	    {.flags = UV_INHERIT_FD, .data.fd = 2},
	};
	uv_process_options_t opts;
	memset(&opts, 0, sizeof opts);
	opts.file = ui->program;
	opts.args = args;
	opts.exit_cb = on_proc_exit;
	opts.stdio = stdio;
	opts.stdio_count = 3;
	ui->proc.data = ui;
	ui->started_ms = uv_now(ui->loop);
	int rc = uv_spawn(ui->loop, &ui->proc, &opts);
	ui->proc_open = true;
	if (rc != 0) {
		ui->quick_deaths++;
		if (ui->quick_deaths == 1 || ui->quick_deaths % 30 == 0)
			agent_log("cannot start the lock screen %s: %s; trying again", ui->program,
			          uv_strerror(rc));
		uv_close((uv_handle_t *)&ui->proc, on_proc_closed);
		return;
	}
	ui->running = true;
	agent_log("started the lock screen %s (pid %d)", ui->program, ui->proc.pid);
}

void agent_lockui_start(agent_lockui *ui, uv_loop_t *loop, const char *control_path)
{
	memset(ui, 0, sizeof *ui);
	ui->loop = loop;
	snprintf(ui->control, sizeof ui->control, "%s", control_path);
	lockui_find_program(ui);
	uv_timer_init(loop, &ui->restart_timer);
	ui->restart_timer.data = ui;
	lockui_spawn(ui);
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
	/* SIGTERM, and no waiting for the exit: a lock screen that hangs must
	 * not keep the agent from stopping. init reaps it. */
	if (ui->running)
		uv_process_kill(&ui->proc, SIGTERM);
	if (ui->proc_open && !uv_is_closing((uv_handle_t *)&ui->proc))
		uv_close((uv_handle_t *)&ui->proc, on_proc_closed);
	ui->closing_handles = 1;
	uv_close((uv_handle_t *)&ui->restart_timer, on_timer_closed);
}
