/* The real netpont-agent binary with its server unreachable (a closed
 * loopback port): the control socket answers, status says connected=false,
 * logins and help calls are refused OFFLINE, a persisted lease is restored
 * and enforced offline (1-minute warning, lock at the end, on_session_end
 * hook), and bad command lines, config files and socket paths are refused
 * with the documented exit codes. A server whose certificate is not the
 * pinned one is refused before the token is sent, while the lease runs on.
 * Every wait is bounded. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <pthread.h>

#include "common/np_tls.h"

#include "frame.h"
#include "lease.h"
#include "lease_file.h"

#define TIMEOUT_MS 10000

/* The fingerprint every agent here pins (no server has it). */
#define PINNED_FINGERPRINT "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct agent_run {
	pid_t pid;
	char dir[64];
	char sock[128];
	char state[128];
	char token[128];
	char log[128];
	char server[32];
	int fd; /* a control client of the running agent, -1 if none */
} agent_run;

static const char *agent_binary(void)
{
	const char *env = getenv("NETPONT_AGENT");
	return env != NULL && env[0] != '\0' ? env : NETPONT_AGENT_DEFAULT;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A loopback port nobody listens on: bound, then closed. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t len = sizeof sa;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void prepare(agent_run *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->dir, sizeof r->dir, "/tmp/netpont-agent-test.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	snprintf(r->sock, sizeof r->sock, "%s/agent.sock", r->dir);
	snprintf(r->state, sizeof r->state, "%s/state", r->dir);
	snprintf(r->token, sizeof r->token, "%s/token", r->dir);
	snprintf(r->log, sizeof r->log, "%s/agent.log", r->dir);
	snprintf(r->server, sizeof r->server, "127.0.0.1:%d", closed_port());
	write_text(r->token, "\n  secret-token-for-tests \n");
	r->fd = -1;
}

static void cleanup(agent_run *r)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", r->dir);
	assert_int_equal(system(cmd), 0);
}

/* Reads up to size - 1 bytes of path into buf; false if it cannot be opened. */
static bool read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return false;
	size_t n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
	return true;
}

/* Fills argv (32 entries) with the agent binary, the standard flags for r
 * with state_dir, then extra (NULL-terminated; may be NULL). */
static void agent_argv(const agent_run *r, const char *state_dir, const char *const *extra,
                       const char **argv)
{
	int n = 0;
	argv[n++] = agent_binary();
	const char *std[] = {"--server",
	                     r->server,
	                     "--seat",
	                     "PC-03",
	                     "--token-file",
	                     r->token,
	                     "--control",
	                     r->sock,
	                     "--state-dir",
	                     state_dir,
	                     "--ui",
	                     "headless",
	                     "--server-fingerprint",
	                     PINNED_FINGERPRINT};
	for (size_t i = 0; i < sizeof std / sizeof std[0]; i++)
		argv[n++] = std[i];
	for (; extra != NULL && *extra != NULL && n < 30; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
}

/* Starts the agent with the standard flags plus extra (NULL-terminated). */
static void spawn_agent(agent_run *r, const char *const *extra)
{
	const char *argv[32];
	agent_argv(r, r->state, extra, argv);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(r->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	r->pid = pid;
}

/* Runs the agent to its exit with these arguments; returns the exit status
 * and what it wrote to stderr (into err). */
static int run_agent(const char *const *args, char *err, size_t err_size, const char *dir)
{
	char errpath[128];
	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	const char *argv[32];
	int n = 0;
	argv[n++] = agent_binary();
	for (; *args != NULL && n < 30; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			dup2(fd, 2);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	int status = 0;
	int64_t start = mono_ms();
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (mono_ms() - start > TIMEOUT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("netpont-agent did not exit within 10 s");
		}
		usleep(10000);
	}
	FILE *f = fopen(errpath, "r");
	size_t len = f != NULL ? fread(err, 1, err_size - 1, f) : 0;
	err[len] = '\0';
	if (f != NULL)
		fclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* SIGTERM and wait; returns the exit status. */
static int stop_agent(agent_run *r)
{
	kill(r->pid, SIGTERM);
	int status = 0;
	int64_t start = mono_ms();
	while (waitpid(r->pid, &status, WNOHANG) == 0) {
		if (mono_ms() - start > TIMEOUT_MS) {
			kill(r->pid, SIGKILL);
			waitpid(r->pid, &status, 0);
			fail_msg("netpont-agent did not stop within 10 s of SIGTERM");
		}
		usleep(10000);
	}
	r->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int ctl_connect(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	assert_true(strlen(path) < sizeof sa.sun_path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int64_t start = mono_ms();
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return fd;
		close(fd);
		if (mono_ms() - start > TIMEOUT_MS)
			fail_msg("the control socket %s did not appear within 10 s", path);
		usleep(20000);
	}
}

static void send_env(int fd, const Netpont__Envelope *env)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	assert_int_equal(np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &buf, &len), NP_FRAME_OK);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	free(buf);
}

/* The next frame, or NULL at EOF or after timeout_ms. Caller frees. */
static Netpont__Envelope *read_env(int fd, int timeout_ms)
{
	np_frame_reader r;
	np_frame_reader_init(&r, NP_FRAME_DEFAULT_MAX);
	int64_t until = mono_ms() + timeout_ms;
	for (;;) {
		int64_t left = until - mono_ms();
		if (left <= 0)
			break;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (poll(&p, 1, (int)left) <= 0)
			break;
		/* One byte at a time: never read past this frame. */
		uint8_t byte;
		if (read(fd, &byte, 1) != 1)
			break;
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&r, &byte, 1, &used, &env);
		if (rc == NP_FRAME_OK) {
			np_frame_reader_reset(&r);
			return env;
		}
		assert_int_equal(rc, NP_FRAME_NEED_MORE);
	}
	np_frame_reader_reset(&r);
	return NULL;
}

/* Sends req and returns the reply with its id, skipping events. */
static Netpont__Envelope *request(int fd, Netpont__Envelope *req)
{
	send_env(fd, req);
	for (;;) {
		Netpont__Envelope *env = read_env(fd, TIMEOUT_MS);
		if (env == NULL)
			fail_msg("no reply to request %llu within 10 s",
			         (unsigned long long)req->id);
		if (env->id == req->id)
			return env;
		netpont__envelope__free_unpacked(env, NULL);
	}
}

static Netpont__Envelope *status(int fd, uint64_t id)
{
	Netpont__ControlStatus st = NETPONT__CONTROL_STATUS__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.id = id;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_STATUS;
	req.control_status = &st;
	Netpont__Envelope *env = request(fd, &req);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY);
	return env;
}

/* Waits for a ControlEvent matching the predicate; returns it. */
static Netpont__Envelope *wait_event(int fd, bool (*match)(const Netpont__ControlEvent *),
                                     int timeout_ms)
{
	int64_t until = mono_ms() + timeout_ms;
	for (;;) {
		int64_t left = until - mono_ms();
		if (left <= 0)
			return NULL;
		Netpont__Envelope *env = read_env(fd, (int)left);
		if (env == NULL)
			return NULL;
		if (env->id == 0 && env->body_case == NETPONT__ENVELOPE__BODY_CONTROL_EVENT &&
		    match(env->control_event))
			return env;
		netpont__envelope__free_unpacked(env, NULL);
	}
}

static bool is_1min_warning(const Netpont__ControlEvent *ev)
{
	return strcmp(ev->warning, "1min") == 0;
}

static bool is_locked(const Netpont__ControlEvent *ev)
{
	return ev->status != NULL && !ev->status->unlocked;
}

/* Writes a lease file as the agent would, for seat PC-03 on r->server. */
static void write_lease(agent_run *r, int64_t remaining_ms, bool warned_5min)
{
	assert_int_equal(mkdir(r->state, 0700), 0);
	char boot[64] = "";
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (f != NULL) {
		if (fgets(boot, sizeof boot, f) == NULL)
			boot[0] = '\0';
		fclose(f);
		boot[strcspn(boot, "\n")] = '\0';
	}
	agent_lease lease;
	agent_lease_init(&lease);
	agent_lease_grant g = {.unlocked = true,
	                       .session_id = 41,
	                       .resident_login = "kovacs",
	                       .resident_name = "Kovács Mária",
	                       .remaining_ms = remaining_ms};
	int64_t now = mono_ms();
	agent_lease_adopt(&lease, &g, now);
	lease.warned_5min = warned_5min;
	agent_lease_origin origin = {.server = r->server,
	                             .seat = "PC-03",
	                             .boot_id = boot,
	                             .now_mono_ms = now,
	                             .now_wall_s = (int64_t)time(NULL)};
	char text[2048];
	assert_true(agent_lease_file_format(&lease, &origin, text, sizeof text) > 0);
	char path[192];
	snprintf(path, sizeof path, "%s/lease-PC-03", r->state);
	write_text(path, text);
}

/* ---------------------------------------------------------------- fixtures */

/* Setup: a fresh directory and agent_run; nothing is started. */
static int agent_prepared(void **state)
{
	agent_run *r = calloc(1, sizeof *r);
	assert_non_null(r);
	prepare(r);
	*state = r;
	return 0;
}

/* Setup: the agent running offline, with one control client in r->fd. */
static int agent_running(void **state)
{
	agent_prepared(state);
	agent_run *r = *state;
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	return 0;
}

/* Teardown for both: closes the client, stops the agent (it must exit 0)
 * and removes the directory. */
static int agent_finished(void **state)
{
	agent_run *r = *state;
	if (r->fd >= 0)
		close(r->fd);
	if (r->pid != 0)
		assert_int_equal(stop_agent(r), 0);
	cleanup(r);
	free(r);
	return 0;
}

/* Runs the agent to its exit with the standard flags (state_dir) and extra,
 * and checks its exit code and that stderr holds sentence (if not NULL). */
static void expect_exit(const agent_run *r, const char *state_dir, const char *const *extra,
                        int code, const char *sentence)
{
	const char *argv[32];
	agent_argv(r, state_dir, extra, argv);
	char err[2048];
	assert_int_equal(run_agent(argv + 1, err, sizeof err, r->dir), code);
	if (sentence != NULL)
		assert_non_null(strstr(err, sentence));
}

/* Runs the agent to its exit with exactly args (no standard flags). */
static void expect_exit_with(const agent_run *r, const char *const *args, int code,
                             const char *sentence)
{
	char err[2048];
	assert_int_equal(run_agent(args, err, sizeof err, r->dir), code);
	if (sentence != NULL)
		assert_non_null(strstr(err, sentence));
}

/* Sends a request whose body the caller set (body_case and its member) and
 * returns the reply; the caller frees it. */
static Netpont__Envelope *ask(int fd, uint64_t id, Netpont__Envelope *req)
{
	req->id = id;
	return request(fd, req);
}

static Netpont__Envelope *logout(int fd, uint64_t id)
{
	Netpont__ControlLogout body = NETPONT__CONTROL_LOGOUT__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT;
	req.control_logout = &body;
	Netpont__Envelope *env = ask(fd, id, &req);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY);
	return env;
}

/* Checks that env is an Error with code, and frees it. */
static void expect_error(Netpont__Envelope *env, Netpont__ErrorCode code)
{
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(env->error->code, code);
	netpont__envelope__free_unpacked(env, NULL);
}

/* The status says unlocked (or not); frees it. */
static void expect_unlocked(int fd, bool unlocked)
{
	Netpont__Envelope *env = status(fd, 1);
	assert_int_equal(env->control_status_reply->unlocked, unlocked);
	netpont__envelope__free_unpacked(env, NULL);
}

/* ---------------------------------------------------------------- offline */

static void test_control_socket_is_private(void **state)
{
	agent_run *r = *state;
	struct stat st;
	assert_int_equal(stat(r->sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);
}

static void test_offline_status(void **state)
{
	agent_run *r = *state;
	Netpont__Envelope *env = status(r->fd, 1);
	const Netpont__ControlStatusReply *s = env->control_status_reply;
	assert_false(s->connected);
	assert_false(s->unlocked);
	assert_string_equal(s->seat, "PC-03");
	assert_int_equal(s->remaining_s, 0);
	netpont__envelope__free_unpacked(env, NULL);
}

/* A login while the server is unreachable: OFFLINE, in a sentence. */
static void test_offline_login_is_refused(void **state)
{
	agent_run *r = *state;
	Netpont__ControlLogin login = NETPONT__CONTROL_LOGIN__INIT;
	login.login = "kovacs";
	login.pin = "1234";
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGIN;
	req.control_login = &login;
	Netpont__Envelope *env = ask(r->fd, 2, &req);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_string_equal(env->error->message,
	                    "This PC cannot reach the server — please ask a mentor.");
	expect_error(env, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE);
}

static void test_offline_help_is_refused(void **state)
{
	agent_run *r = *state;
	Netpont__ControlHelp help = NETPONT__CONTROL_HELP__INIT;
	help.text = "Where do I upload my CV?";
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_HELP;
	req.control_help = &help;
	expect_error(ask(r->fd, 3, &req), NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE);
}

/* Taking a help call back needs the server too. */
static void test_offline_help_cancel_is_refused(void **state)
{
	agent_run *r = *state;
	Netpont__ControlHelpCancel cancel = NETPONT__CONTROL_HELP_CANCEL__INIT;
	cancel.language = "hu";
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_HELP_CANCEL;
	req.control_help_cancel = &cancel;
	expect_error(ask(r->fd, 3, &req), NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE);
}

/* A logout on a locked PC is harmless: the status, still locked. */
static void test_logout_when_locked_is_harmless(void **state)
{
	agent_run *r = *state;
	Netpont__Envelope *env = logout(r->fd, 4);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);
}

/* A request that is not for the control socket. */
static void test_foreign_request_is_refused(void **state)
{
	agent_run *r = *state;
	Netpont__SeatList list = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	req.seat_list = &list;
	expect_error(ask(r->fd, 5, &req), NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
}

/* Writes bytes on a new client and expects the agent to close it (EOF, not
 * a timeout), while r->fd is still served. */
static void expect_dropped(agent_run *r, const uint8_t *bytes, size_t len)
{
	int bad = ctl_connect(r->sock);
	assert_int_equal(write(bad, bytes, len), (ssize_t)len);
	assert_null(read_env(bad, TIMEOUT_MS));
	close(bad);
	Netpont__Envelope *env = status(r->fd, 6);
	netpont__envelope__free_unpacked(env, NULL);
}

static void test_malformed_frame_drops_that_client_only(void **state)
{
	const uint8_t garbage[] = {0, 0, 0, 5, 0x7f, 0xff, 0xff, 0xff, 0xff};
	expect_dropped(*state, garbage, sizeof garbage);
}

/* An oversized announcement is refused before anything is allocated. */
static void test_oversized_frame_drops_that_client_only(void **state)
{
	const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff};
	expect_dropped(*state, huge, sizeof huge);
}

/* More clients than allowed: the extra one is closed at once. */
static void test_extra_client_is_closed(void **state)
{
	agent_run *r = *state;
	int many[15];
	for (int i = 0; i < 15; i++)
		many[i] = ctl_connect(r->sock);
	Netpont__Envelope *env = status(many[14], 1); /* all 16 are served */
	netpont__envelope__free_unpacked(env, NULL);
	int extra = ctl_connect(r->sock);
	assert_null(read_env(extra, TIMEOUT_MS));
	close(extra);
	for (int i = 0; i < 15; i++)
		close(many[i]);
}

static void test_stop_removes_the_socket(void **state)
{
	agent_run *r = *state;
	assert_int_equal(stop_agent(r), 0);
	assert_int_equal(access(r->sock, F_OK), -1);
}

/* The token file was created 0644: the agent said so, naming the fix, and
 * never logged the token. */
static void test_readable_token_file_is_warned_about(void **state)
{
	agent_run *r = *state;
	assert_int_equal(stop_agent(r), 0);
	char log[8192];
	assert_true(read_text(r->log, log, sizeof log));
	assert_non_null(strstr(log, "can be read by other users"));
	assert_non_null(strstr(log, "chmod 600"));
	assert_null(strstr(log, "secret-token-for-tests"));
}

/* ---------------------------------------------------------------- a persisted lease */

static void test_restored_lease_warns_offline(void **state)
{
	agent_run *r = *state;
	/* The agent restarts with 62 s left of a session whose 5-minute
	 * warning was already given. */
	write_lease(r, 62000, true);
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	Netpont__Envelope *env = status(r->fd, 1);
	const Netpont__ControlStatusReply *s = env->control_status_reply;
	assert_true(s->unlocked);
	assert_false(s->connected);
	assert_string_equal(s->resident_login, "kovacs");
	assert_string_equal(s->resident_name, "Kovács Mária");
	assert_true(s->remaining_s > 50 && s->remaining_s <= 62);
	netpont__envelope__free_unpacked(env, NULL);

	env = wait_event(r->fd, is_1min_warning, TIMEOUT_MS);
	assert_non_null(env);
	assert_true(env->control_event->status->unlocked);
	assert_true(env->control_event->status->remaining_s <= 60);
	netpont__envelope__free_unpacked(env, NULL);
}

/* Starts the agent (with extra flags) on a restored lease 1.5 s from its
 * end, and waits until it has locked. */
static void run_out_the_lease(agent_run *r, const char *const *extra)
{
	write_lease(r, 1500, true);
	spawn_agent(r, extra);
	r->fd = ctl_connect(r->sock);
	Netpont__Envelope *env = status(r->fd, 1);
	bool unlocked = env->control_status_reply->unlocked;
	netpont__envelope__free_unpacked(env, NULL);
	if (unlocked) {
		env = wait_event(r->fd, is_locked, TIMEOUT_MS);
		assert_non_null(env);
		netpont__envelope__free_unpacked(env, NULL);
	}
	env = status(r->fd, 2);
	assert_false(env->control_status_reply->unlocked);
	assert_int_equal(env->control_status_reply->remaining_s, 0);
	netpont__envelope__free_unpacked(env, NULL);
}

/* Waits until path holds a whole line; returns it in got. */
static void wait_line(const char *path, char *got, size_t size)
{
	got[0] = '\0';
	int64_t until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until) {
		if (read_text(path, got, size) && strchr(got, '\n') != NULL)
			return;
		usleep(20000);
	}
}

static void test_expired_lease_locks_offline_and_runs_hooks(void **state)
{
	agent_run *r = *state;
	char conf[192], ended[192], locked[192], text[1024];
	snprintf(conf, sizeof conf, "%s/agent.conf", r->dir);
	snprintf(ended, sizeof ended, "%s/ended", r->dir);
	snprintf(locked, sizeof locked, "%s/locked", r->dir);
	snprintf(text, sizeof text,
	         "[agent]\n"
	         "seat = PC-99\n"
	         "[hooks]\n"
	         "on_lock = echo \"lock $NETPONT_REASON\" >> %s\n"
	         "on_session_end = echo \"$NETPONT_SEAT $NETPONT_RESIDENT $NETPONT_REASON\" > %s\n",
	         locked, ended);
	write_text(conf, text);
	const char *extra[] = {"--config", conf, NULL};
	run_out_the_lease(r, extra);
	/* --seat PC-03 (a flag) overrides the file's PC-99. */
	Netpont__Envelope *env = status(r->fd, 3);
	assert_string_equal(env->control_status_reply->seat, "PC-03");
	/* The goodbye page's summary, also without the server (the price of
	 * a restored lease is not known: no cost). */
	const Netpont__ControlSessionSummary *last = env->control_status_reply->last_session;
	assert_non_null(last);
	assert_string_equal(last->resident_name, "Kovács Mária");
	assert_string_equal(last->reason, "time_up");
	assert_int_equal(last->cost, 0);
	assert_true(last->ended_at > 0);
	netpont__envelope__free_unpacked(env, NULL);
	/* The hooks run without blocking the agent; give them a moment. */
	char got[256];
	wait_line(ended, got, sizeof got);
	assert_string_equal(got, "PC-03 kovacs time_up\n");
}

/* The lease file now says locked: a restart does not unlock again. */
static void test_expired_lease_stays_locked_after_restart(void **state)
{
	agent_run *r = *state;
	run_out_the_lease(r, NULL);
	close(r->fd);
	assert_int_equal(stop_agent(r), 0);
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	expect_unlocked(r->fd, false);
}

/* The resident leaves while the server is away: the PC locks at once. */
static void log_out_offline(agent_run *r)
{
	write_lease(r, 600000, false);
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	expect_unlocked(r->fd, true);
	Netpont__Envelope *env = logout(r->fd, 2);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);
	close(r->fd);
	r->fd = -1;
	assert_int_equal(stop_agent(r), 0);
}

/* The server must still hear of it: the logout is kept on disk, with
 * when it happened. */
static void test_offline_logout_is_kept_on_disk(void **state)
{
	agent_run *r = *state;
	time_t before = time(NULL);
	log_out_offline(r);
	char path[192], text[256], expected[256];
	snprintf(path, sizeof path, "%s/lease-PC-03.logout", r->state);
	assert_true(read_text(path, text, sizeof text));
	snprintf(expected, sizeof expected, "%s 41 ", r->server);
	assert_memory_equal(text, expected, strlen(expected));
	long long at = atoll(text + strlen(expected));
	assert_true(at >= (long long)before && at <= (long long)time(NULL));
}

/* ... also after an agent restart, which stays locked. */
static void test_offline_logout_survives_a_restart(void **state)
{
	agent_run *r = *state;
	log_out_offline(r);
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	expect_unlocked(r->fd, false);
	close(r->fd);
	r->fd = -1;
	assert_int_equal(stop_agent(r), 0);
	char log[16384];
	assert_true(read_text(r->log, log, sizeof log));
	assert_non_null(
	    strstr(log, "session 41 ended by a logout the server has not heard of yet"));
}

static void test_lease_of_another_server_is_ignored(void **state)
{
	agent_run *r = *state;
	write_lease(r, 600000, false);
	/* Same seat, another server (a fresh test server, a new site). */
	snprintf(r->server, sizeof r->server, "127.0.0.1:%d", closed_port());
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	expect_unlocked(r->fd, false);
}

/* ---------------------------------------------------------------- refused starts */

static void test_usage_errors_exit_2(void **state)
{
	agent_run *r = *state;
	const char *none[] = {NULL};
	expect_exit_with(r, none, 2, "--seat is missing");
	const char *unknown[] = {"--seat", "PC-03", "--tokenfile", "x", NULL};
	expect_exit_with(r, unknown, 2, "unknown option '--tokenfile'");
	const char *no_token[] = {"--seat", "PC-03", NULL};
	expect_exit_with(r, no_token, 2, "--token-file is missing");
	const char *bad_ui[] = {"--seat", "PC-03", "--token-file", r->token, "--ui", "kiosk", NULL};
	expect_exit_with(r, bad_ui, 2, "--ui must be headless or gtk");
	const char *bad_server[] = {"--server", "localhost:0", "--seat", "PC-03", NULL};
	expect_exit_with(r, bad_server, 2, "must be a number from 1 to 65535");
	const char *missing_value[] = {"--seat", NULL};
	expect_exit_with(r, missing_value, 2, "--seat needs a value");
	const char *no_fingerprint[] = {"--seat", "PC-03", "--token-file", r->token, NULL};
	expect_exit_with(r, no_fingerprint, 2, "--server-fingerprint is missing");
	const char *bad_fingerprint[] = {
	    "--seat", "PC-03", "--token-file", r->token, "--server-fingerprint", "abc", NULL};
	expect_exit_with(r, bad_fingerprint, 2, "--server-fingerprint must be the 64 hex digits");
}

/* The token file: missing, or holding only whitespace. */
static void test_unusable_token_file_exits_1(void **state)
{
	agent_run *r = *state;
	char missing[192];
	snprintf(missing, sizeof missing, "%s/no-such-token", r->dir);
	const char *no_file[] = {"--server",
	                         r->server,
	                         "--seat",
	                         "PC-03",
	                         "--token-file",
	                         missing,
	                         "--control",
	                         r->sock,
	                         "--server-fingerprint",
	                         PINNED_FINGERPRINT,
	                         NULL};
	char err[2048];
	assert_int_equal(run_agent(no_file, err, sizeof err, r->dir), 1);
	assert_non_null(strstr(err, "cannot read the token file"));
	assert_non_null(strstr(err, "netpontctl seat add PC-03"));
	char blank[192];
	snprintf(blank, sizeof blank, "%s/blank-token", r->dir);
	write_text(blank, " \n\t\n");
	const char *blank_file[] = {"--server",
	                            r->server,
	                            "--seat",
	                            "PC-03",
	                            "--token-file",
	                            blank,
	                            "--control",
	                            r->sock,
	                            "--server-fingerprint",
	                            PINNED_FINGERPRINT,
	                            NULL};
	expect_exit_with(r, blank_file, 1, "is empty");
}

/* A bad configuration file names the file, line and key. */
static void test_bad_config_file_names_the_line(void **state)
{
	agent_run *r = *state;
	char conf[192], expected[256];
	snprintf(conf, sizeof conf, "%s/agent.conf", r->dir);
	write_text(conf, "[agent]\nseat = PC-03\n\n\n\n\nservr = 127.0.0.1:7450\n");
	snprintf(expected, sizeof expected, "%s:7: unknown key 'servr' in [agent]", conf);
	const char *bad_conf[] = {"--config", conf, NULL};
	expect_exit_with(r, bad_conf, 2, expected);
}

/* The public account is never root nor a system account: the agent would
 * end their processes whenever no session runs. */
static void test_system_account_as_public_user_is_refused(void **state)
{
	agent_run *r = *state;
	char conf[192];
	snprintf(conf, sizeof conf, "%s/agent.conf", r->dir);
	write_text(conf, "[session]\npublic_user = root\n");
	const char *with_conf[] = {"--config", conf, NULL};
	expect_exit(r, r->state, with_conf, 2, "'public_user' in [session] must not be root");
	write_text(conf, "[session]\npublic_user = daemon\n");
	expect_exit(r, r->state, with_conf, 1,
	            "public_user daemon in [session] is uid 1, a system "
	            "account");
}

static void test_help_and_version_succeed(void **state)
{
	const char *help[] = {"--help", NULL};
	expect_exit_with(*state, help, 0, NULL);
	const char *version[] = {"--version", NULL};
	expect_exit_with(*state, version, 0, NULL);
}

/* A file that is not a socket is left alone. */
static void test_control_path_that_is_no_socket_is_refused(void **state)
{
	agent_run *r = *state;
	write_text(r->sock, "not a socket");
	expect_exit(r, r->state, NULL, 1, "is not a socket");
}

/* A stale socket (its agent crashed) is replaced; a second agent on the
 * same socket refuses to start, and the first one is unharmed. */
static void test_stale_socket_is_replaced_but_a_live_one_is_not(void **state)
{
	agent_run *r = *state;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	assert_true(strlen(r->sock) < sizeof sa.sun_path);
	memcpy(sa.sun_path, r->sock, strlen(r->sock) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	close(fd);
	spawn_agent(r, NULL);
	r->fd = ctl_connect(r->sock);
	expect_unlocked(r->fd, false);
	expect_exit(r, r->state, NULL, 1, "already listening");
	expect_unlocked(r->fd, false);
}

static void test_state_dir_that_cannot_be_made_is_refused(void **state)
{
	agent_run *r = *state;
	char bad_state[192];
	snprintf(bad_state, sizeof bad_state, "%s/token/state", r->dir);
	expect_exit(r, bad_state, NULL, 1, "state directory");
}

/* Counts the lines of a file (0 if it does not exist). */
static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	int n = 0, ch;
	while ((ch = fgetc(f)) != EOF)
		if (ch == '\n')
			n++;
	fclose(f);
	return n;
}

/* True while pid exists and is not a zombie. */
static bool process_alive(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return false;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *close_paren = strrchr(buf, ')');
	return close_paren != NULL && close_paren[1] == ' ' && close_paren[2] != 'Z';
}

static void test_gtk_ui_restarts_the_lock_screen(void **state)
{
	agent_run *r = *state;
	char script[192], starts[192], pidfile[192], text[1024];
	snprintf(script, sizeof script, "%s/fake-lock", r->dir);
	snprintf(starts, sizeof starts, "%s/starts", r->dir);
	snprintf(pidfile, sizeof pidfile, "%s/lock.pid", r->dir);
	/* A lock screen that dies at once twice, then stays up. */
	snprintf(text, sizeof text,
	         "#!/bin/sh\n"
	         "echo \"$*\" >> %s\n"
	         "[ $(wc -l < %s) -ge 3 ] || exit 3\n"
	         "echo $$ > %s\n"
	         "exec sleep 60\n",
	         starts, starts, pidfile);
	write_text(script, text);
	assert_int_equal(chmod(script, 0755), 0);
	setenv("NETPONT_LOCK", script, 1);
	const char *extra[] = {"--ui", "gtk", NULL};
	spawn_agent(r, extra);
	unsetenv("NETPONT_LOCK");

	int64_t until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until && access(pidfile, F_OK) != 0)
		usleep(20000);
	usleep(100000); /* the pid is written just before exec */
	assert_int_equal(count_lines(starts), 3);
	char expected[192];
	snprintf(expected, sizeof expected, "--control %s\n", r->sock);
	FILE *f = fopen(starts, "r");
	assert_non_null(f);
	char line[256];
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_string_equal(line, expected);
	f = fopen(pidfile, "r");
	assert_non_null(f);
	int pid = 0;
	assert_int_equal(fscanf(f, "%d", &pid), 1);
	fclose(f);
	assert_true(process_alive(pid));

	/* Stopping the agent stops its lock screen too. */
	assert_int_equal(stop_agent(r), 0);
	until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until && process_alive(pid))
		usleep(20000);
	assert_false(process_alive(pid));
}

static void test_control_group(void **state)
{
	struct group *gr = getgrnam("nogroup");
	if (gr == NULL)
		gr = getgrnam("daemon");
	if (gr == NULL || geteuid() != 0)
		skip();
	gid_t gid = gr->gr_gid;
	agent_run *r = *state;
	char conf[192], text[256];
	snprintf(conf, sizeof conf, "%s/agent.conf", r->dir);
	snprintf(text, sizeof text, "[agent]\ncontrol_group = %s\n", gr->gr_name);
	write_text(conf, text);
	const char *extra[] = {"--config", conf, NULL};
	spawn_agent(r, extra);
	r->fd = ctl_connect(r->sock);
	/* Once it answers, the agent has finished starting (the group is set
	 * right after the socket is bound). */
	expect_unlocked(r->fd, false);
	struct stat st;
	assert_int_equal(stat(r->sock, &st), 0);
	assert_int_equal(st.st_gid, gid);
	assert_int_equal(st.st_mode & 0777, 0660);
}

/* A group that does not exist: refused at start, socket removed. */
static void test_unknown_control_group_is_refused(void **state)
{
	agent_run *r = *state;
	char conf[192];
	snprintf(conf, sizeof conf, "%s/agent.conf", r->dir);
	write_text(conf, "[agent]\ncontrol_group = no-such-group-netpont\n");
	const char *extra[] = {"--config", conf, NULL};
	expect_exit(r, r->state, extra, 1, "there is no group called 'no-such-group-netpont'");
	assert_int_equal(access(r->sock, F_OK), -1);
}

/* ---------------------------------------------------------------- the wrong server */

/* A TLS 1.3 server with a certificate of its own (not the pinned one) that
 * accepts one connection and counts the plaintext bytes it receives. */
typedef struct impostor {
	int listener;
	int port;
	char dir[128], cert[192], key[192];
	char fingerprint[NP_FINGERPRINT_SIZE];
	SSL_CTX *ctx;
	bool handshake_done;
	int plaintext; /* bytes read after the handshake */
	pthread_t thread;
} impostor;

static void *impostor_run(void *arg)
{
	impostor *im = arg;
	struct pollfd p = {.fd = im->listener, .events = POLLIN};
	if (poll(&p, 1, TIMEOUT_MS) != 1)
		return NULL;
	int fd = accept(im->listener, NULL, NULL);
	if (fd < 0)
		return NULL;
	struct timeval tv = {.tv_sec = 5};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	SSL *ssl = SSL_new(im->ctx);
	SSL_set_fd(ssl, fd);
	im->handshake_done = SSL_accept(ssl) == 1;
	char buf[256];
	int n;
	while (im->handshake_done && (n = SSL_read(ssl, buf, sizeof buf)) > 0)
		im->plaintext += n;
	SSL_free(ssl);
	close(fd);
	return NULL;
}

static void impostor_start(impostor *im, const char *dir)
{
	memset(im, 0, sizeof *im);
	snprintf(im->cert, sizeof im->cert, "%s/impostor-cert.pem", dir);
	snprintf(im->key, sizeof im->key, "%s/impostor-key.pem", dir);
	char err[512];
	assert_int_equal(np_tls_ensure_pair(im->cert, im->key, true, err, sizeof err), 0);
	im->ctx = np_tls_server_context(im->cert, im->key, im->fingerprint, err, sizeof err);
	assert_non_null(im->ctx);
	im->listener = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(im->listener, (struct sockaddr *)&sa, sizeof sa), 0);
	socklen_t len = sizeof sa;
	assert_int_equal(getsockname(im->listener, (struct sockaddr *)&sa, &len), 0);
	im->port = ntohs(sa.sin_port);
	assert_int_equal(listen(im->listener, 4), 0);
	assert_int_equal(pthread_create(&im->thread, NULL, impostor_run, im), 0);
}

static void impostor_finish(impostor *im)
{
	pthread_join(im->thread, NULL);
	close(im->listener);
	SSL_CTX_free(im->ctx);
}

/* A server at the right address with another certificate: the agent
 * completes the handshake, sends nothing (not the token), logs both
 * fingerprints, stays offline, and keeps enforcing its lease. */
static void test_server_with_another_certificate_is_refused(void **state)
{
	agent_run *r = *state;
	impostor im;
	impostor_start(&im, r->dir);
	snprintf(r->server, sizeof r->server, "127.0.0.1:%d", im.port);
	write_lease(r, 60 * 1000, false);
	spawn_agent(r, NULL);
	impostor_finish(&im);
	assert_true(im.handshake_done);
	assert_int_equal(im.plaintext, 0);

	r->fd = ctl_connect(r->sock);
	Netpont__Envelope *env = status(r->fd, 1);
	assert_false(env->control_status_reply->connected);
	assert_true(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);

	char log[8192] = "";
	int64_t until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until &&
	       (!read_text(r->log, log, sizeof log) || strstr(log, PINNED_FINGERPRINT) == NULL))
		usleep(50 * 1000);
	assert_non_null(strstr(log, PINNED_FINGERPRINT));
	assert_non_null(strstr(log, im.fingerprint));
	assert_null(strstr(log, "secret-token-for-tests"));
}

#define RUNNING(test)  cmocka_unit_test_setup_teardown(test, agent_running, agent_finished)
#define PREPARED(test) cmocka_unit_test_setup_teardown(test, agent_prepared, agent_finished)

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    RUNNING(test_control_socket_is_private),
	    RUNNING(test_offline_status),
	    RUNNING(test_offline_login_is_refused),
	    RUNNING(test_offline_help_is_refused),
	    RUNNING(test_offline_help_cancel_is_refused),
	    RUNNING(test_logout_when_locked_is_harmless),
	    RUNNING(test_foreign_request_is_refused),
	    RUNNING(test_malformed_frame_drops_that_client_only),
	    RUNNING(test_oversized_frame_drops_that_client_only),
	    RUNNING(test_extra_client_is_closed),
	    RUNNING(test_stop_removes_the_socket),
	    RUNNING(test_readable_token_file_is_warned_about),
	    PREPARED(test_restored_lease_warns_offline),
	    PREPARED(test_expired_lease_locks_offline_and_runs_hooks),
	    PREPARED(test_expired_lease_stays_locked_after_restart),
	    PREPARED(test_offline_logout_is_kept_on_disk),
	    PREPARED(test_offline_logout_survives_a_restart),
	    PREPARED(test_lease_of_another_server_is_ignored),
	    PREPARED(test_server_with_another_certificate_is_refused),
	    PREPARED(test_usage_errors_exit_2),
	    PREPARED(test_unusable_token_file_exits_1),
	    PREPARED(test_bad_config_file_names_the_line),
	    PREPARED(test_system_account_as_public_user_is_refused),
	    PREPARED(test_help_and_version_succeed),
	    PREPARED(test_control_path_that_is_no_socket_is_refused),
	    PREPARED(test_stale_socket_is_replaced_but_a_live_one_is_not),
	    PREPARED(test_state_dir_that_cannot_be_made_is_refused),
	    PREPARED(test_gtk_ui_restarts_the_lock_screen),
	    PREPARED(test_control_group),
	    PREPARED(test_unknown_control_group_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
