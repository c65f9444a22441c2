/* common/np_log: the levels' names, one line per event, the journal's
 * priority prefixes when JOURNAL_STREAM names stderr, the threshold and
 * NETPONT_LOG_LEVEL, and the translation of a message in the process's
 * language (the agent's catalog, build/locale). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/np_log.h"

/* stderr goes to a temporary file while a test logs. */
typedef struct captured {
	char path[64];
	int saved_stderr;
	char text[4096];
} captured;

static int setup(void **state)
{
	captured *c = calloc(1, sizeof *c);
	snprintf(c->path, sizeof c->path, "/tmp/netpont-test-log.XXXXXX");
	int fd = mkstemp(c->path);
	assert_true(fd >= 0);
	fflush(stderr);
	c->saved_stderr = dup(STDERR_FILENO);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	close(fd);
	unsetenv("JOURNAL_STREAM");
	unsetenv("NETPONT_LOG_LEVEL");
	setenv("LC_ALL", "C.UTF-8", 1);
	unsetenv("LANGUAGE");
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	captured *c = *state;
	fflush(stderr);
	dup2(c->saved_stderr, STDERR_FILENO);
	close(c->saved_stderr);
	unlink(c->path);
	free(c);
	return 0;
}

/* What was logged so far. */
static const char *logged(captured *c)
{
	fflush(stderr);
	FILE *f = fopen(c->path, "r");
	assert_non_null(f);
	size_t n = fread(c->text, 1, sizeof c->text - 1, f);
	fclose(f);
	c->text[n] = '\0';
	return c->text;
}

/* Sets JOURNAL_STREAM to the device and inode of the captured stderr, as
 * systemd does for a service whose stderr is the journal. */
static void journal_is_stderr(void)
{
	struct stat st;
	assert_int_equal(fstat(STDERR_FILENO, &st), 0);
	char value[64];
	snprintf(value, sizeof value, "%llu:%llu", (unsigned long long)st.st_dev,
	         (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", value, 1);
}

static void test_level_names(void **state)
{
	(void)state;
	np_log_level level = NP_LOG_INFO;
	assert_true(np_log_level_parse("error", &level));
	assert_int_equal(level, NP_LOG_ERROR);
	assert_true(np_log_level_parse("Warning", &level));
	assert_int_equal(level, NP_LOG_WARNING);
	assert_true(np_log_level_parse("notice", &level));
	assert_int_equal(level, NP_LOG_NOTICE);
	assert_true(np_log_level_parse("DEBUG", &level));
	assert_int_equal(level, NP_LOG_DEBUG);
	assert_false(np_log_level_parse("loud", &level));
	assert_false(np_log_level_parse("", &level));
	assert_false(np_log_level_parse(NULL, &level));
	assert_int_equal(level, NP_LOG_DEBUG);
	char why[256];
	np_log_level_problem("server", "loud", why, sizeof why);
	assert_string_equal(why, "log_level in [server] must be one of error, warning, notice, "
	                         "info, debug, not \"loud\"");
}

static void test_plain_line_outside_the_journal(void **state)
{
	captured *c = *state;
	np_log_init("netpontd", NULL, NULL);
	assert_false(np_log_journal());
	np_log(NP_LOG_WARNING, "closing %s: %s", "127.0.0.1:5000", "too slow");
	assert_string_equal(logged(c), "netpontd: closing 127.0.0.1:5000: too slow\n");
}

static void test_one_line_per_event(void **state)
{
	captured *c = *state;
	np_log_init("netpontd", NULL, NULL);
	np_log(NP_LOG_INFO, "message from %s: %s", "dora", "line one\nline two\r\tend\n\n");
	assert_string_equal(logged(c), "netpontd: message from dora: line one line two  end\n");
}

static void test_journal_prefixes(void **state)
{
	captured *c = *state;
	journal_is_stderr();
	np_log_init("netpontd", NULL, NULL);
	np_log_set_level(NP_LOG_DEBUG);
	assert_true(np_log_journal());
	np_log(NP_LOG_ERROR, "e");
	np_log(NP_LOG_WARNING, "w");
	np_log(NP_LOG_NOTICE, "n");
	np_log(NP_LOG_INFO, "i");
	np_log(NP_LOG_DEBUG, "d");
	assert_string_equal(logged(c), "<3>e\n<4>w\n<5>n\n<6>i\n<7>d\n");
}

static void test_journal_of_another_file_is_not_stderr(void **state)
{
	captured *c = *state;
	setenv("JOURNAL_STREAM", "1:1", 1);
	np_log_init("netpont-agent", NULL, NULL);
	assert_false(np_log_journal());
	np_log(NP_LOG_NOTICE, "started");
	assert_string_equal(logged(c), "netpont-agent: started\n");
}

static void test_threshold(void **state)
{
	captured *c = *state;
	np_log_init("netpontd", NULL, NULL);
	np_log(NP_LOG_DEBUG, "not at the default level");
	np_log_set_level(NP_LOG_WARNING);
	assert_false(np_log_enabled(NP_LOG_NOTICE));
	np_log(NP_LOG_INFO, "left out");
	np_log(NP_LOG_NOTICE, "left out too");
	np_log(NP_LOG_WARNING, "kept");
	np_log(NP_LOG_ERROR, "kept too");
	assert_string_equal(logged(c), "netpontd: kept\nnetpontd: kept too\n");
	np_log_set_level(NP_LOG_INFO);
}

static void test_environment_wins_over_the_config(void **state)
{
	captured *c = *state;
	setenv("NETPONT_LOG_LEVEL", "debug", 1);
	np_log_init("netpontd", NULL, NULL);
	np_log_set_level(NP_LOG_ERROR);
	np_log(NP_LOG_DEBUG, "detail");
	assert_string_equal(logged(c), "netpontd: detail\n");
	unsetenv("NETPONT_LOG_LEVEL");
	np_log_init("netpontd", NULL, NULL);
	np_log_set_level(NP_LOG_INFO);
}

static void test_bad_environment_level_is_warned_about(void **state)
{
	captured *c = *state;
	setenv("NETPONT_LOG_LEVEL", "loud", 1);
	np_log_init("netpontd", NULL, NULL);
	unsetenv("NETPONT_LOG_LEVEL");
	np_log(NP_LOG_DEBUG, "left out at the default level");
	assert_string_equal(logged(c), "netpontd: NETPONT_LOG_LEVEL=loud is not a level (error, "
	                               "warning, notice, info, debug); it is ignored\n");
}

/* The agent's catalog in the build tree: LANGUAGE=hu under C.UTF-8 words
 * the line in Hungarian; the "C" locale keeps English whatever LANGUAGE
 * says, as gettext does. */
static void test_process_language(void **state)
{
	captured *c = *state;
	const char *build = getenv("NETPONT_BUILD_DIR");
	assert_non_null(build);
	char localedir[1024];
	snprintf(localedir, sizeof localedir, "%s/locale", build);
	setenv("LANGUAGE", "hu", 1);
	np_log_init("netpont-agent", "netpont-agent", localedir);
	assert_string_equal(np_log_language(), "hu");
	np_log(NP_LOG_NOTICE, "stopping (%s)", "SIGTERM");
	assert_string_equal(logged(c), "netpont-agent: leállás (SIGTERM)\n");
	setenv("LC_ALL", "C", 1);
	np_log_init("netpont-agent", "netpont-agent", localedir);
	assert_string_equal(np_log_language(), "");
	assert_string_equal(np_log_text("stopping (%s)"), "stopping (%s)");
	unsetenv("LANGUAGE");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_level_names),
	    cmocka_unit_test_setup_teardown(test_plain_line_outside_the_journal, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_line_per_event, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_journal_prefixes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_journal_of_another_file_is_not_stderr, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_threshold, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_environment_wins_over_the_config, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_environment_level_is_warned_about, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_process_language, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
