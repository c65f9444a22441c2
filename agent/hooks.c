#define _GNU_SOURCE /* asprintf */
#include "hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

extern char **environ;

struct agent_hook_child {
	uv_process_t proc;
	agent_hooks *hooks;
	char name[32];
	agent_hook_child *next;
};

void agent_hooks_init(agent_hooks *h, uv_loop_t *loop)
{
	memset(h, 0, sizeof *h);
	h->loop = loop;
}

static void hooks_maybe_closed(agent_hooks *h)
{
	if (h->closing && h->running == NULL && h->close_cb != NULL) {
		void (*cb)(agent_hooks *) = h->close_cb;
		h->close_cb = NULL;
		cb(h);
	}
}

static void on_child_closed(uv_handle_t *handle)
{
	agent_hook_child *c = handle->data;
	agent_hooks *h = c->hooks;
	agent_hook_child **pp = &h->running;
	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	h->count--;
	free(c);
	hooks_maybe_closed(h);
}

static void on_child_exit(uv_process_t *proc, int64_t status, int signal)
{
	agent_hook_child *c = proc->data;
	if (signal != 0)
		agent_warn("hook %s was killed by signal %d", c->name, signal);
	else if (status != 0)
		agent_warn("hook %s exited with status %lld", c->name, (long long)status);
	if (!uv_is_closing((uv_handle_t *)proc))
		uv_close((uv_handle_t *)proc, on_child_closed);
}

/* environ without any NETPONT_SEAT/RESIDENT/REASON it may carry, plus ours.
 * The strings are borrowed from environ and vars; the array is malloc()ed. */
static char **hooks_environment(char *vars[3])
{
	size_t n = 0;
	while (environ[n] != NULL)
		n++;
	char **env = malloc((n + 4) * sizeof *env);
	if (env == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(environ[i], "NETPONT_SEAT=", 13) == 0 ||
		    strncmp(environ[i], "NETPONT_RESIDENT=", 17) == 0 ||
		    strncmp(environ[i], "NETPONT_REASON=", 15) == 0)
			continue;
		env[k++] = environ[i];
	}
	for (size_t i = 0; i < 3; i++)
		env[k++] = vars[i];
	env[k] = NULL;
	return env;
}

int agent_shell_spawn(uv_loop_t *loop, uv_process_t *proc, const char *command, char **env,
                      uv_exit_cb exit_cb)
{
	char *args[] = {"/bin/sh", "-c", (char *)command, NULL};
	/* What the command says goes where the agent's log goes (the journal). */
	uv_stdio_container_t stdio[3] = {
	    {.flags = UV_IGNORE},
	    {.flags = UV_INHERIT_FD, .data.fd = 1},
	    {.flags = UV_INHERIT_FD, .data.fd = 2},
	};
	uv_process_options_t opts;
	memset(&opts, 0, sizeof opts);
	opts.file = "/bin/sh";
	opts.args = args;
	opts.env = env;
	opts.exit_cb = exit_cb;
	opts.stdio = stdio;
	opts.stdio_count = 3;
	return uv_spawn(loop, proc, &opts);
}

int agent_hooks_run(agent_hooks *h, const char *name, const char *command, const char *seat,
                    const char *resident, const char *reason)
{
	if (command == NULL || command[0] == '\0' || h->closing)
		return 0;
	if (h->count >= AGENT_HOOKS_MAX_RUNNING) {
		agent_warn("hook %s skipped: %u hooks are still running", name, h->count);
		return UV_EBUSY;
	}
	char *vars[3] = {NULL, NULL, NULL};
	int rc = UV_ENOMEM;
	if (asprintf(&vars[0], "NETPONT_SEAT=%s", seat != NULL ? seat : "") < 0)
		vars[0] = NULL;
	if (asprintf(&vars[1], "NETPONT_RESIDENT=%s", resident != NULL ? resident : "") < 0)
		vars[1] = NULL;
	if (asprintf(&vars[2], "NETPONT_REASON=%s", reason != NULL ? reason : "") < 0)
		vars[2] = NULL;
	char **env = NULL;
	agent_hook_child *c = NULL;
	if (vars[0] == NULL || vars[1] == NULL || vars[2] == NULL)
		goto out;
	env = hooks_environment(vars);
	c = calloc(1, sizeof *c);
	if (env == NULL || c == NULL)
		goto out;
	c->hooks = h;
	snprintf(c->name, sizeof c->name, "%s", name);
	c->proc.data = c;
	rc = agent_shell_spawn(h->loop, &c->proc, command, env, on_child_exit);
	if (rc != 0) {
		agent_error("hook %s could not start: %s", name, uv_strerror(rc));
		/* A failed uv_spawn still initialised the handle: close it. */
		c->next = h->running;
		h->running = c;
		h->count++;
		uv_close((uv_handle_t *)&c->proc, on_child_closed);
		c = NULL;
		goto out;
	}
	c->next = h->running;
	h->running = c;
	h->count++;
	c = NULL;
out:
	free(c);
	free(env);
	for (size_t i = 0; i < 3; i++)
		free(vars[i]);
	return rc;
}

void agent_hooks_close(agent_hooks *h, void (*cb)(agent_hooks *h))
{
	h->closing = true;
	h->close_cb = cb;
	for (agent_hook_child *c = h->running; c != NULL; c = c->next)
		if (!uv_is_closing((uv_handle_t *)&c->proc))
			uv_close((uv_handle_t *)&c->proc, on_child_closed);
	hooks_maybe_closed(h);
}
