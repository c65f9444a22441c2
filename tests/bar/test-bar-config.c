/* agent.conf's [bar] block: its keys reach the config, a wrong value is
 * refused with a sentence naming the key and what it may be, and the flags'
 * values override the file's like every other key. The bar the agent runs
 * as its own user (netpont-agent.service's _netpont-agent) goes to display
 * :0 when neither [bar] nor the agent's environment names one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "lockui.h"

static void set_ok(agent_config *cfg, const char *key, const char *value)
{
	char err[256] = "";
	assert_int_equal(agent_config_set(cfg, "bar", key, value, err, sizeof err), 0);
	assert_string_equal(err, "");
}

static void test_every_key(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	set_ok(&cfg, "enabled", "yes");
	set_ok(&cfg, "edge", "bottom");
	set_ok(&cfg, "display", ":1");
	set_ok(&cfg, "xauthority", "/run/x/auth");
	set_ok(&cfg, "public_user", "61234");
	assert_string_equal(cfg.bar_enabled, "yes");
	assert_string_equal(cfg.bar_edge, "bottom");
	assert_string_equal(cfg.bar_display, ":1");
	assert_string_equal(cfg.bar_xauthority, "/run/x/auth");
	assert_string_equal(cfg.bar_user, "61234");
	agent_config_free(&cfg);
	assert_null(cfg.bar_enabled);
	assert_null(cfg.bar_user);
}

static void test_bad_values_say_what_is_allowed(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	char err[256];
	assert_int_equal(agent_config_set(&cfg, "bar", "enabled", "true", err, sizeof err), -1);
	assert_string_equal(err, "'enabled' in [bar] must be yes or no, not 'true'");
	assert_int_equal(agent_config_set(&cfg, "bar", "edge", "left", err, sizeof err), -1);
	assert_string_equal(err, "'edge' in [bar] must be top or bottom, not 'left'");
	assert_int_equal(agent_config_set(&cfg, "bar", "hight", "40", err, sizeof err), -1);
	assert_string_equal(err, "unknown key 'hight' in [bar]");
	assert_null(cfg.bar_enabled);
	assert_null(cfg.bar_edge);
	agent_config_free(&cfg);
}

static void test_flags_override_the_file(void **state)
{
	(void)state;
	agent_config file, flags;
	agent_config_init(&file);
	agent_config_init(&flags);
	set_ok(&file, "enabled", "no");
	set_ok(&file, "edge", "top");
	set_ok(&flags, "enabled", "yes");
	assert_int_equal(agent_config_merge(&file, &flags), 0);
	assert_string_equal(file.bar_enabled, "yes");
	assert_string_equal(file.bar_edge, "top");
	agent_config_free(&file);
	agent_config_free(&flags);
}

/* The DISPLAY entry of the bar's environment, or NULL when it inherits the
 * agent's own (ui->env NULL). */
static const char *bar_display_of(const agent_lockui *ui)
{
	for (size_t i = 0; ui->env != NULL && ui->env[i] != NULL; i++)
		if (strncmp(ui->env[i], "DISPLAY=", 8) == 0)
			return ui->env[i] + 8;
	return NULL;
}

static void on_bar_closed(agent_lockui *ui)
{
	(void)ui;
}

/* Prepares the bar as the agent's own user (its uid as [bar] public_user,
 * so even a root test takes that path) and returns its DISPLAY, copied into
 * out ("" when it inherits the agent's environment). */
static void bar_display_as_own_user(const char *display_key, char *out, size_t out_size)
{
	agent_config cfg;
	agent_config_init(&cfg);
	char uid[32];
	snprintf(uid, sizeof uid, "%u", (unsigned)geteuid());
	set_ok(&cfg, "public_user", uid);
	if (display_key != NULL)
		set_ok(&cfg, "display", display_key);
	cfg.control = strdup("/tmp/netpont-test-bar.sock");
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	agent_lockui ui;
	char err[256] = "";
	assert_int_equal(agent_lockui_init_bar(&ui, &loop, &cfg, err, sizeof err), 0);
	assert_false(ui.set_user);
	const char *display = bar_display_of(&ui);
	snprintf(out, out_size, "%s", display != NULL ? display : "");
	agent_lockui_close(&ui, on_bar_closed);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	agent_config_free(&cfg);
}

static void test_own_user_display(void **state)
{
	(void)state;
	char display[64];
	char *saved = getenv("DISPLAY") != NULL ? strdup(getenv("DISPLAY")) : NULL;
	/* A service has no DISPLAY: the bar goes to :0, where LightDM's xhost
	 * lets the agent's user in. */
	unsetenv("DISPLAY");
	bar_display_as_own_user(NULL, display, sizeof display);
	assert_string_equal(display, ":0");
	/* [bar] display wins. */
	bar_display_as_own_user(":7", display, sizeof display);
	assert_string_equal(display, ":7");
	/* An agent with a display of its own (tests, the demo) shares it. */
	setenv("DISPLAY", ":42", 1);
	bar_display_as_own_user(NULL, display, sizeof display);
	assert_string_equal(display, "");
	if (saved != NULL)
		setenv("DISPLAY", saved, 1);
	else
		unsetenv("DISPLAY");
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_key),
	    cmocka_unit_test(test_bad_values_say_what_is_allowed),
	    cmocka_unit_test(test_flags_override_the_file),
	    cmocka_unit_test(test_own_user_display),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
