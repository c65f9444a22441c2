/* netpont-agent's configuration file: every key, and the messages for a bad
 * file naming the file, the line and the key. Real files in a temp dir. */
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
#include "config_edit.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/netpont-agent-config.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/agent.conf", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Loads text; returns the error ("" when it loaded). */
static const char *load(agent_config *cfg, const char *text)
{
	static char err[512];
	err[0] = '\0';
	write_file(text);
	if (agent_config_load(cfg, path, err, sizeof err) == 0)
		err[0] = '\0';
	else
		assert_true(err[0] != '\0');
	return err;
}

static void test_every_key(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	const char *err =
	    load(&cfg, "# Netpont agent\n"
	               "[agent]\n"
	               "server = 10.0.0.1:7450\n"
	               "server_fingerprint = "
	               "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
	               "seat = PC-03\n"
	               "token_file = /etc/netpont/PC-03.token\n"
	               "ui = gtk\n"
	               "control = /run/netpont/agent.sock\n"
	               "control_group = netpont\n"
	               "state_dir = /var/lib/netpont-agent\n"
	               "language = hu\n"
	               "\n"
	               "[hooks]\n"
	               "on_lock = loginctl lock-sessions\n"
	               "on_unlock = loginctl unlock-sessions\n"
	               "on_session_end = /usr/lib/netpont/wipe-home \"$NETPONT_SEAT\"\n"
	               "\n"
	               "[printing]\n"
	               "printers = Laser,PDF\n"
	               "hold = Laser\n"
	               "outbox = /var/lib/netpont-agent/print-outbox\n"
	               "\n"
	               "[session]\n"
	               "public_user = netpont-public\n"
	               "terminate = no\n"
	               "end_session = systemctl start netpont-end-session.service\n");
	assert_string_equal(err, "");
	assert_string_equal(cfg.server, "10.0.0.1:7450");
	assert_string_equal(cfg.server_fingerprint,
	                    "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF");
	assert_string_equal(cfg.seat, "PC-03");
	assert_string_equal(cfg.token_file, "/etc/netpont/PC-03.token");
	assert_string_equal(cfg.ui, "gtk");
	assert_string_equal(cfg.control, "/run/netpont/agent.sock");
	assert_string_equal(cfg.control_group, "netpont");
	assert_string_equal(cfg.state_dir, "/var/lib/netpont-agent");
	assert_string_equal(cfg.language, "hu");
	assert_string_equal(cfg.on_lock, "loginctl lock-sessions");
	assert_string_equal(cfg.on_unlock, "loginctl unlock-sessions");
	assert_string_equal(cfg.on_session_end, "/usr/lib/netpont/wipe-home \"$NETPONT_SEAT\"");
	assert_string_equal(cfg.printers, "Laser,PDF");
	assert_string_equal(cfg.hold, "Laser");
	assert_string_equal(cfg.outbox, "/var/lib/netpont-agent/print-outbox");
	assert_string_equal(cfg.public_user, "netpont-public");
	assert_false(agent_config_terminate(&cfg));
	assert_string_equal(cfg.end_session, "systemctl start netpont-end-session.service");

	/* Flags override the file; what a flag does not give stays. */
	agent_config flags;
	agent_config_init(&flags);
	flags.seat = strdup("PC-04");
	flags.ui = strdup("headless");
	assert_int_equal(agent_config_merge(&cfg, &flags), 0);
	assert_string_equal(cfg.seat, "PC-04");
	assert_string_equal(cfg.ui, "headless");
	assert_string_equal(cfg.server, "10.0.0.1:7450");
	assert_string_equal(cfg.language, "hu");
	agent_config_free(&flags);
	agent_config_free(&cfg);
	assert_null(cfg.seat);
}

static void test_unknown_key_names_file_line_and_key(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	char expected[256];
	snprintf(expected, sizeof expected, "%s:7: unknown key 'servr' in [agent]", path);
	const char *err = load(&cfg, "[agent]\n"
	                             "seat = PC-03\n"
	                             "\n"
	                             "; a comment\n"
	                             "token_file = /x\n"
	                             "ui = headless\n"
	                             "servr = 127.0.0.1:7450\n");
	assert_string_equal(err, expected);
	agent_config_free(&cfg);
}

static void test_bad_values(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	char expected[256];

	snprintf(expected, sizeof expected,
	         "%s:2: 'ui' in [agent] must be headless or gtk, not 'kiosk'", path);
	assert_string_equal(load(&cfg, "[agent]\nui = kiosk\n"), expected);

	snprintf(expected, sizeof expected,
	         "%s:3: the server address 'fe80::1:7450' is not HOST or HOST:PORT, e.g. "
	         "127.0.0.1:7450 (for IPv6: [ADDRESS]:PORT)",
	         path);
	assert_string_equal(load(&cfg, "[agent]\nseat = PC-01\nserver = fe80::1:7450\n"), expected);
	/* A host alone means netpontd's own port. */
	assert_string_equal(load(&cfg, "[agent]\nseat = PC-01\nserver = example.org\n"), "");

	snprintf(expected, sizeof expected,
	         "%s:2: 'server_fingerprint' in [agent] must be the 64 hex digits that "
	         "`netpontctl seat add` printed, not 'abc'",
	         path);
	assert_string_equal(load(&cfg, "[agent]\nserver_fingerprint = abc\n"), expected);

	snprintf(expected, sizeof expected,
	         "%s:2: the port in 'localhost:99999' must be a number from 1 to 65535", path);
	assert_string_equal(load(&cfg, "[agent]\nserver = localhost:99999\n"), expected);

	snprintf(expected, sizeof expected,
	         "%s:2: 'hold' is in an unknown section [printer] (known: [agent], [hooks], "
	         "[printing], [session])",
	         path);
	assert_string_equal(load(&cfg, "[printer]\nhold = Laser\n"), expected);

	snprintf(expected, sizeof expected,
	         "%s:1: 'seat' is outside any section; put it under [agent], [hooks], [printing] "
	         "or [session]",
	         path);
	assert_string_equal(load(&cfg, "seat = PC-01\n"), expected);

	snprintf(expected, sizeof expected,
	         "%s:3: 'language' in [agent] must be a language code such as hu or en (or empty "
	         "for English), not 'magyar nyelv'",
	         path);
	assert_string_equal(load(&cfg, "[agent]\nseat = PC-01\nlanguage = magyar nyelv\n"),
	                    expected);
	snprintf(expected, sizeof expected,
	         "%s:2: 'language' in [agent] must be a language code such as hu or en (or empty "
	         "for English), not 'hu_HU.UTF-8@euro'",
	         path);
	assert_string_equal(load(&cfg, "[agent]\nlanguage = hu_HU.UTF-8@euro\n"), expected);

	snprintf(expected, sizeof expected, "%s:2: unknown key 'on_logout' in [hooks]", path);
	assert_string_equal(load(&cfg, "[hooks]\non_logout = true\n"), expected);

	snprintf(expected, sizeof expected,
	         "%s:2: this line is not 'key = value' or a [section] header", path);
	assert_string_equal(load(&cfg, "[agent]\njust some words\n"), expected);
	agent_config_free(&cfg);
}

/* The language is optional: empty means English; a region is allowed. */
static void test_language(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	assert_string_equal(load(&cfg, "[agent]\nseat = PC-01\n"), "");
	assert_null(cfg.language);
	assert_string_equal(load(&cfg, "[agent]\nlanguage =\n"), "");
	assert_string_equal(cfg.language, "");
	assert_string_equal(load(&cfg, "[agent]\nlanguage = pt_BR\n"), "");
	assert_string_equal(cfg.language, "pt_BR");
	char err[256];
	assert_int_equal(agent_config_set(&cfg, "agent", "language", "hu", err, sizeof err), 0);
	assert_string_equal(cfg.language, "hu");
	assert_int_equal(
	    agent_config_set(&cfg, "agent", "language", "a-very-long-language", err, sizeof err),
	    -1);
	assert_string_equal(cfg.language, "hu"); /* a refused value changes nothing */
	agent_config_free(&cfg);
	assert_null(cfg.language);
}

/* The public account is never root (by name or uid), terminate is yes or
 * no, and both default to what the shipped PC needs. */
static void test_session_section(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	assert_true(agent_config_terminate(&cfg));
	char expected[512];
	snprintf(expected, sizeof expected,
	         "%s:2: 'public_user' in [session] must not be root: the agent ends every "
	         "process of that account when no session runs (use netpont-public)",
	         path);
	assert_string_equal(load(&cfg, "[session]\npublic_user = root\n"), expected);
	assert_string_equal(load(&cfg, "[session]\npublic_user = 0\n"), expected);
	assert_string_equal(load(&cfg, "[session]\npublic_user = 000\n"), expected);
	snprintf(expected, sizeof expected,
	         "%s:2: 'terminate' in [session] must be yes or no, not 'maybe'", path);
	assert_string_equal(load(&cfg, "[session]\nterminate = maybe\n"), expected);
	assert_string_equal(load(&cfg, "[session]\npublic_user = 61234\nterminate = yes\n"), "");
	assert_string_equal(cfg.public_user, "61234");
	assert_true(agent_config_terminate(&cfg));
	agent_config_free(&cfg);
}

static void test_missing_file(void **state)
{
	(void)state;
	agent_config cfg;
	agent_config_init(&cfg);
	char err[512];
	assert_int_equal(agent_config_load(&cfg, "/nonexistent/agent.conf", err, sizeof err), -1);
	assert_string_equal(err, "cannot read the configuration file /nonexistent/agent.conf: "
	                         "No such file or directory");
	agent_config_free(&cfg);
}

static void test_example_file_loads(void **state)
{
	(void)state;
	const char *src = getenv("NETPONT_SOURCE_DIR");
	char example[512];
	snprintf(example, sizeof example, "%s/agent/agent.conf.example",
	         src != NULL && src[0] != '\0' ? src : NETPONT_SOURCE_DIR_DEFAULT);
	agent_config cfg;
	agent_config_init(&cfg);
	char err[512];
	assert_int_equal(agent_config_load(&cfg, example, err, sizeof err), 0);
	assert_string_equal(cfg.seat, "PC-03");
	assert_string_equal(cfg.ui, "gtk");
	assert_string_equal(cfg.hold, "Laser");
	assert_string_equal(cfg.language, "hu");
	assert_non_null(strstr(cfg.on_session_end, "$NETPONT_SEAT"));
	assert_string_equal(cfg.public_user, "netpont-public");
	assert_true(agent_config_terminate(&cfg));
	agent_config_free(&cfg);
}

/* ------------------------------------------------------------ editing (netpont-agent --join) */

#define JOIN_FP "402f38804dac8d4d763c753683ea9cb0bc71d70849b47e8372c015aa3de2dfbc"
static const agent_config_edit_key join_keys[] = {
    {"server", "10.0.0.1:7450"},
    {"server_fingerprint", JOIN_FP},
    {"seat", "PC-03"},
};

static void test_edit_replaces_in_place(void **state)
{
	(void)state;
	const char *in = "# top\n[agent]\n# the server\nserver = old:1\n#server_fingerprint =\n"
	                 "seat=OLD\nui = gtk\n\n[hooks]\non_lock = x\n";
	char *out = agent_config_edit_text(in, "agent", join_keys, 3);
	assert_non_null(out);
	assert_string_equal(out, "# top\n[agent]\n# the server\nserver = 10.0.0.1:7450\n"
	                         "#server_fingerprint =\nserver_fingerprint = " JOIN_FP "\n"
	                         "seat = PC-03\nui = gtk\n\n[hooks]\non_lock = x\n");
	free(out);
}

static void test_edit_adds_missing_keys_and_section(void **state)
{
	(void)state;
	/* Keys of another section are left alone; the missing ones go after the
	 * section's last setting. */
	char *out = agent_config_edit_text("[agent]\nui = gtk\n\n[bar]\nseat = no\n", "agent",
	                                   join_keys, 3);
	assert_non_null(out);
	assert_string_equal(out,
	                    "[agent]\nui = gtk\nserver = 10.0.0.1:7450\n"
	                    "server_fingerprint = " JOIN_FP "\nseat = PC-03\n\n[bar]\nseat = no\n");
	free(out);
	out = agent_config_edit_text("# only a comment", "agent", join_keys, 1);
	assert_non_null(out);
	assert_string_equal(out, "# only a comment\n\n[agent]\nserver = 10.0.0.1:7450\n");
	free(out);
	out = agent_config_edit_text(NULL, "agent", join_keys, 1);
	assert_non_null(out);
	assert_string_equal(out, "[agent]\nserver = 10.0.0.1:7450\n");
	free(out);
}

static void test_edit_result_loads(void **state)
{
	(void)state;
	char file[] = "/tmp/netpont-edit-XXXXXX";
	int fd = mkstemp(file);
	assert_true(fd >= 0);
	const char *in = "[agent]\n#server_fingerprint =\nseat = OLD\n";
	assert_int_equal(write(fd, in, strlen(in)), (ssize_t)strlen(in));
	close(fd);
	char err[256];
	assert_int_equal(agent_config_edit_file(file, "agent", join_keys, 3, err, sizeof err), 0);
	agent_config cfg;
	agent_config_init(&cfg);
	assert_int_equal(agent_config_load(&cfg, file, err, sizeof err), 0);
	assert_string_equal(cfg.server, "10.0.0.1:7450");
	assert_string_equal(cfg.seat, "PC-03");
	agent_config_free(&cfg);
	unlink(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_key_names_file_line_and_key, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_language, setup, teardown),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test_setup_teardown(test_session_section, setup, teardown),
	    cmocka_unit_test(test_example_file_loads),
	    cmocka_unit_test(test_edit_replaces_in_place),
	    cmocka_unit_test(test_edit_adds_missing_keys_and_section),
	    cmocka_unit_test(test_edit_result_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
