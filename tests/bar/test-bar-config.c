/* agent.conf's [bar] block: its keys reach the config, a wrong value is
 * refused with a sentence naming the key and what it may be, and the flags'
 * values override the file's like every other key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_key),
	    cmocka_unit_test(test_bad_values_say_what_is_allowed),
	    cmocka_unit_test(test_flags_override_the_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
