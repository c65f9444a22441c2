/* The real netpont-agent binary with its server unreachable (a closed
 * loopback port): the control socket answers, status says connected=false,
 * logins and help calls are refused OFFLINE, a persisted lease is restored
 * and enforced offline (1-minute warning, lock at the end, on_session_end
 * hook), and bad command lines, config files and socket paths are refused
 * with the documented exit codes. Every wait is bounded. */
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

#include "frame.h"
#include "lease.h"
#include "lease_file.h"

#define TIMEOUT_MS 10000

typedef struct agent_run {
	pid_t pid;
	char dir[64];
	char sock[128];
	char state[128];
	char token[128];
	char log[128];
	char server[32];
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
}

static void cleanup(agent_run *r)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", r->dir);
	assert_int_equal(system(cmd), 0);
}

/* Starts the agent with the standard flags plus extra (NULL-terminated). */
static void spawn_agent(agent_run *r, const char *const *extra)
{
	const char *argv[32];
	int n = 0;
	argv[n++] = agent_binary();
	const char *std[] = {"--server",     r->server, "--seat",    "PC-03",
	                     "--token-file", r->token,  "--control", r->sock,
	                     "--state-dir",  r->state,  "--ui",      "headless"};
	for (size_t i = 0; i < sizeof std / sizeof std[0]; i++)
		argv[n++] = std[i];
	for (; extra != NULL && *extra != NULL && n < 30; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
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

static void test_offline_status_and_refusals(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	spawn_agent(&r, NULL);
	int fd = ctl_connect(r.sock);

	struct stat st;
	assert_int_equal(stat(r.sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0660);

	Netpont__Envelope *env = status(fd, 1);
	const Netpont__ControlStatusReply *s = env->control_status_reply;
	assert_false(s->connected);
	assert_false(s->unlocked);
	assert_string_equal(s->seat, "PC-03");
	assert_int_equal(s->remaining_s, 0);
	netpont__envelope__free_unpacked(env, NULL);

	/* A login while the server is unreachable: OFFLINE, in a sentence. */
	Netpont__ControlLogin login = NETPONT__CONTROL_LOGIN__INIT;
	login.login = "kovacs";
	login.pin = "1234";
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.id = 2;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGIN;
	req.control_login = &login;
	env = request(fd, &req);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(env->error->code, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE);
	assert_string_equal(env->error->message,
	                    "This PC cannot reach the server — please ask a mentor.");
	netpont__envelope__free_unpacked(env, NULL);

	/* So is a help call. */
	Netpont__ControlHelp help = NETPONT__CONTROL_HELP__INIT;
	help.text = "Where do I upload my CV?";
	Netpont__Envelope hreq = NETPONT__ENVELOPE__INIT;
	hreq.id = 3;
	hreq.body_case = NETPONT__ENVELOPE__BODY_CONTROL_HELP;
	hreq.control_help = &help;
	env = request(fd, &hreq);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(env->error->code, NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE);
	netpont__envelope__free_unpacked(env, NULL);

	/* A logout on a locked PC is harmless: the status, still locked. */
	Netpont__ControlLogout logout = NETPONT__CONTROL_LOGOUT__INIT;
	Netpont__Envelope lreq = NETPONT__ENVELOPE__INIT;
	lreq.id = 4;
	lreq.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT;
	lreq.control_logout = &logout;
	env = request(fd, &lreq);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);

	/* A request that is not for the control socket. */
	Netpont__SeatList list = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope sreq = NETPONT__ENVELOPE__INIT;
	sreq.id = 5;
	sreq.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	sreq.seat_list = &list;
	env = request(fd, &sreq);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_ERROR);
	assert_int_equal(env->error->code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	netpont__envelope__free_unpacked(env, NULL);

	/* A malformed frame drops that client only. */
	int bad = ctl_connect(r.sock);
	const uint8_t garbage[] = {0, 0, 0, 5, 0x7f, 0xff, 0xff, 0xff, 0xff};
	assert_int_equal(write(bad, garbage, sizeof garbage), (ssize_t)sizeof garbage);
	assert_null(read_env(bad, TIMEOUT_MS)); /* EOF, not a timeout */
	close(bad);
	/* So does an oversized announcement, before anything is allocated. */
	bad = ctl_connect(r.sock);
	const uint8_t huge[] = {0x7f, 0xff, 0xff, 0xff};
	assert_int_equal(write(bad, huge, sizeof huge), (ssize_t)sizeof huge);
	assert_null(read_env(bad, TIMEOUT_MS));
	close(bad);
	env = status(fd, 6);
	netpont__envelope__free_unpacked(env, NULL);

	/* More clients than allowed: the extra one is closed at once. */
	int many[16];
	for (int i = 0; i < 15; i++)
		many[i] = ctl_connect(r.sock);
	env = status(many[14], 1); /* all 16 are served */
	netpont__envelope__free_unpacked(env, NULL);
	int extra = ctl_connect(r.sock);
	assert_null(read_env(extra, TIMEOUT_MS));
	close(extra);
	for (int i = 0; i < 15; i++)
		close(many[i]);

	close(fd);
	assert_int_equal(stop_agent(&r), 0);
	assert_int_equal(access(r.sock, F_OK), -1); /* the socket file is gone */

	/* The token file was created 0644: the agent said so, naming the fix. */
	char log[8192];
	FILE *f = fopen(r.log, "r");
	assert_non_null(f);
	size_t n = fread(log, 1, sizeof log - 1, f);
	fclose(f);
	log[n] = '\0';
	assert_non_null(strstr(log, "can be read by other users"));
	assert_non_null(strstr(log, "chmod 600"));
	assert_null(strstr(log, "secret-token-for-tests")); /* never logged */
	cleanup(&r);
}

static void test_restored_lease_warns_offline(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	/* The agent restarts with 62 s left of a session whose 5-minute
	 * warning was already given. */
	write_lease(&r, 62000, true);
	spawn_agent(&r, NULL);
	int fd = ctl_connect(r.sock);
	Netpont__Envelope *env = status(fd, 1);
	const Netpont__ControlStatusReply *s = env->control_status_reply;
	assert_true(s->unlocked);
	assert_false(s->connected);
	assert_string_equal(s->resident_login, "kovacs");
	assert_string_equal(s->resident_name, "Kovács Mária");
	assert_true(s->remaining_s > 50 && s->remaining_s <= 62);
	netpont__envelope__free_unpacked(env, NULL);

	env = wait_event(fd, is_1min_warning, TIMEOUT_MS);
	assert_non_null(env);
	assert_true(env->control_event->status->unlocked);
	assert_true(env->control_event->status->remaining_s <= 60);
	netpont__envelope__free_unpacked(env, NULL);

	close(fd);
	assert_int_equal(stop_agent(&r), 0);
	cleanup(&r);
}

static void test_restored_lease_locks_offline_and_runs_hooks(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	write_lease(&r, 1500, true);
	char conf[192], ended[192], locked[192], text[1024];
	snprintf(conf, sizeof conf, "%s/agent.conf", r.dir);
	snprintf(ended, sizeof ended, "%s/ended", r.dir);
	snprintf(locked, sizeof locked, "%s/locked", r.dir);
	snprintf(text, sizeof text,
	         "[agent]\n"
	         "seat = PC-99\n"
	         "[hooks]\n"
	         "on_lock = echo \"lock $NETPONT_REASON\" >> %s\n"
	         "on_session_end = echo \"$NETPONT_SEAT $NETPONT_RESIDENT $NETPONT_REASON\" > %s\n",
	         locked, ended);
	write_text(conf, text);
	/* --seat PC-03 (a flag) overrides the file's PC-99. */
	const char *extra[] = {"--config", conf, NULL};
	spawn_agent(&r, extra);
	int fd = ctl_connect(r.sock);
	Netpont__Envelope *env = status(fd, 1);
	bool unlocked = env->control_status_reply->unlocked;
	assert_string_equal(env->control_status_reply->seat, "PC-03");
	netpont__envelope__free_unpacked(env, NULL);
	if (unlocked) {
		env = wait_event(fd, is_locked, TIMEOUT_MS);
		assert_non_null(env);
		netpont__envelope__free_unpacked(env, NULL);
	}
	env = status(fd, 2);
	assert_false(env->control_status_reply->unlocked);
	assert_int_equal(env->control_status_reply->remaining_s, 0);
	netpont__envelope__free_unpacked(env, NULL);

	/* The hooks run without blocking the agent; give them a moment. */
	char got[256] = "";
	int64_t until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until) {
		FILE *f = fopen(ended, "r");
		if (f != NULL) {
			size_t n = fread(got, 1, sizeof got - 1, f);
			got[n] = '\0';
			fclose(f);
			if (strchr(got, '\n') != NULL)
				break;
		}
		usleep(20000);
	}
	assert_string_equal(got, "PC-03 kovacs time_up\n");

	/* The lease file now says locked: a restart does not unlock again. */
	close(fd);
	assert_int_equal(stop_agent(&r), 0);
	spawn_agent(&r, extra);
	fd = ctl_connect(r.sock);
	env = status(fd, 1);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);
	close(fd);
	assert_int_equal(stop_agent(&r), 0);
	cleanup(&r);
}

static void test_offline_logout_is_remembered(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	write_lease(&r, 600000, false);
	spawn_agent(&r, NULL);
	int fd = ctl_connect(r.sock);
	Netpont__Envelope *env = status(fd, 1);
	assert_true(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);

	/* The resident leaves while the server is away: the PC locks at once. */
	Netpont__ControlLogout logout = NETPONT__CONTROL_LOGOUT__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.id = 2;
	req.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT;
	req.control_logout = &logout;
	env = request(fd, &req);
	assert_int_equal(env->body_case, NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);
	close(fd);
	assert_int_equal(stop_agent(&r), 0);

	/* The server must still hear of it, also after an agent restart. */
	char path[192], text[256], expected[256];
	snprintf(path, sizeof path, "%s/lease-PC-03.logout", r.state);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	snprintf(expected, sizeof expected, "%s 41\n", r.server);
	assert_string_equal(text, expected);

	spawn_agent(&r, NULL);
	fd = ctl_connect(r.sock);
	env = status(fd, 1);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);
	close(fd);
	assert_int_equal(stop_agent(&r), 0);
	char log[16384];
	f = fopen(r.log, "r");
	assert_non_null(f);
	n = fread(log, 1, sizeof log - 1, f);
	fclose(f);
	log[n] = '\0';
	assert_non_null(
	    strstr(log, "session 41 ended by a logout the server has not heard of yet"));
	cleanup(&r);
}

static void test_lease_of_another_server_is_ignored(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	write_lease(&r, 600000, false);
	/* Same seat, another server (a fresh test server, a new site). */
	snprintf(r.server, sizeof r.server, "127.0.0.1:%d", closed_port());
	spawn_agent(&r, NULL);
	int fd = ctl_connect(r.sock);
	Netpont__Envelope *env = status(fd, 1);
	assert_false(env->control_status_reply->unlocked);
	netpont__envelope__free_unpacked(env, NULL);
	close(fd);
	assert_int_equal(stop_agent(&r), 0);
	cleanup(&r);
}

static void test_command_line_errors(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	char err[2048];

	const char *none[] = {NULL};
	assert_int_equal(run_agent(none, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, "--seat is missing"));

	const char *unknown[] = {"--seat", "PC-03", "--tokenfile", "x", NULL};
	assert_int_equal(run_agent(unknown, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, "unknown option '--tokenfile'"));

	const char *no_token[] = {"--seat", "PC-03", NULL};
	assert_int_equal(run_agent(no_token, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, "--token-file is missing"));

	const char *bad_ui[] = {"--seat", "PC-03", "--token-file", r.token, "--ui", "kiosk", NULL};
	assert_int_equal(run_agent(bad_ui, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, "--ui must be headless or gtk"));

	const char *bad_server[] = {"--server", "localhost:0", "--seat", "PC-03", NULL};
	assert_int_equal(run_agent(bad_server, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, "must be a number from 1 to 65535"));

	const char *missing_value[] = {"--seat", NULL};
	assert_int_equal(run_agent(missing_value, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, "--seat needs a value"));

	/* The token file: missing, or holding only whitespace. */
	char missing[192];
	snprintf(missing, sizeof missing, "%s/no-such-token", r.dir);
	const char *no_file[] = {"--server", r.server,    "--seat", "PC-03", "--token-file",
	                         missing,    "--control", r.sock,   NULL};
	assert_int_equal(run_agent(no_file, err, sizeof err, r.dir), 1);
	assert_non_null(strstr(err, "cannot read the token file"));
	assert_non_null(strstr(err, "netpontctl seat add PC-03"));
	char blank[192];
	snprintf(blank, sizeof blank, "%s/blank-token", r.dir);
	write_text(blank, " \n\t\n");
	const char *blank_file[] = {"--server", r.server,    "--seat", "PC-03", "--token-file",
	                            blank,      "--control", r.sock,   NULL};
	assert_int_equal(run_agent(blank_file, err, sizeof err, r.dir), 1);
	assert_non_null(strstr(err, "is empty"));

	/* A bad configuration file names the file, line and key. */
	char conf[192], expected[256];
	snprintf(conf, sizeof conf, "%s/agent.conf", r.dir);
	write_text(conf, "[agent]\nseat = PC-03\n\n\n\n\nservr = 127.0.0.1:7450\n");
	snprintf(expected, sizeof expected, "%s:7: unknown key 'servr' in [agent]", conf);
	const char *bad_conf[] = {"--config", conf, NULL};
	assert_int_equal(run_agent(bad_conf, err, sizeof err, r.dir), 2);
	assert_non_null(strstr(err, expected));

	/* --help and --version succeed. */
	const char *help[] = {"--help", NULL};
	assert_int_equal(run_agent(help, err, sizeof err, r.dir), 0);
	const char *version[] = {"--version", NULL};
	assert_int_equal(run_agent(version, err, sizeof err, r.dir), 0);
	cleanup(&r);
}

static void test_socket_path_checks(void **state)
{
	(void)state;
	agent_run r;
	prepare(&r);
	char err[2048];
	const char *args[] = {"--server",     r.server, "--seat",    "PC-03",
	                      "--token-file", r.token,  "--control", r.sock,
	                      "--state-dir",  r.state,  NULL};

	/* A file that is not a socket is left alone. */
	write_text(r.sock, "not a socket");
	assert_int_equal(run_agent(args, err, sizeof err, r.dir), 1);
	assert_non_null(strstr(err, "is not a socket"));
	unlink(r.sock);

	/* A stale socket (its agent crashed) is replaced. */
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	assert_true(strlen(r.sock) < sizeof sa.sun_path);
	memcpy(sa.sun_path, r.sock, strlen(r.sock) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	close(fd);
	spawn_agent(&r, NULL);
	int c = ctl_connect(r.sock);
	Netpont__Envelope *env = status(c, 1);
	netpont__envelope__free_unpacked(env, NULL);

	/* A second agent on the same socket refuses to start. */
	assert_int_equal(run_agent(args, err, sizeof err, r.dir), 1);
	assert_non_null(strstr(err, "already listening"));
	/* ... and the first one is unharmed. */
	env = status(c, 2);
	netpont__envelope__free_unpacked(env, NULL);
	close(c);
	assert_int_equal(stop_agent(&r), 0);

	/* A state directory that cannot be created. */
	char bad_state[192];
	snprintf(bad_state, sizeof bad_state, "%s/token/state", r.dir);
	const char *bad[] = {"--server",     r.server,  "--seat",    "PC-03",
	                     "--token-file", r.token,   "--control", r.sock,
	                     "--state-dir",  bad_state, NULL};
	assert_int_equal(run_agent(bad, err, sizeof err, r.dir), 1);
	assert_non_null(strstr(err, "state directory"));
	cleanup(&r);
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
	(void)state;
	agent_run r;
	prepare(&r);
	char script[192], starts[192], pidfile[192], text[1024];
	snprintf(script, sizeof script, "%s/fake-lock", r.dir);
	snprintf(starts, sizeof starts, "%s/starts", r.dir);
	snprintf(pidfile, sizeof pidfile, "%s/lock.pid", r.dir);
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
	spawn_agent(&r, extra);
	unsetenv("NETPONT_LOCK");

	int64_t until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until && access(pidfile, F_OK) != 0)
		usleep(20000);
	usleep(100000); /* the pid is written just before exec */
	assert_int_equal(count_lines(starts), 3);
	char expected[192];
	snprintf(expected, sizeof expected, "--control %s\n", r.sock);
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
	assert_int_equal(stop_agent(&r), 0);
	until = mono_ms() + TIMEOUT_MS;
	while (mono_ms() < until && process_alive(pid))
		usleep(20000);
	assert_false(process_alive(pid));
	cleanup(&r);
}

static void test_control_group(void **state)
{
	(void)state;
	struct group *gr = getgrnam("nogroup");
	if (gr == NULL)
		gr = getgrnam("daemon");
	if (gr == NULL || geteuid() != 0)
		skip();
	gid_t gid = gr->gr_gid;
	char name[64];
	snprintf(name, sizeof name, "%s", gr->gr_name);
	agent_run r;
	prepare(&r);
	char conf[192], text[256], err[2048];
	snprintf(conf, sizeof conf, "%s/agent.conf", r.dir);
	snprintf(text, sizeof text, "[agent]\ncontrol_group = %s\n", name);
	write_text(conf, text);
	const char *extra[] = {"--config", conf, NULL};
	spawn_agent(&r, extra);
	int fd = ctl_connect(r.sock);
	/* Once it answers, the agent has finished starting (the group is set
	 * right after the socket is bound). */
	Netpont__Envelope *env = status(fd, 1);
	netpont__envelope__free_unpacked(env, NULL);
	struct stat st;
	assert_int_equal(stat(r.sock, &st), 0);
	assert_int_equal(st.st_gid, gid);
	assert_int_equal(st.st_mode & 0777, 0660);
	close(fd);
	assert_int_equal(stop_agent(&r), 0);

	/* A group that does not exist: refused at start, socket removed. */
	write_text(conf, "[agent]\ncontrol_group = no-such-group-netpont\n");
	const char *args[] = {"--server",    r.server,    "--seat", "PC-03",    "--token-file",
	                      r.token,       "--control", r.sock,   "--config", conf,
	                      "--state-dir", r.state,     NULL};
	assert_int_equal(run_agent(args, err, sizeof err, r.dir), 1);
	assert_non_null(strstr(err, "there is no group called 'no-such-group-netpont'"));
	assert_int_equal(access(r.sock, F_OK), -1);
	cleanup(&r);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_offline_status_and_refusals),
	    cmocka_unit_test(test_restored_lease_warns_offline),
	    cmocka_unit_test(test_restored_lease_locks_offline_and_runs_hooks),
	    cmocka_unit_test(test_offline_logout_is_remembered),
	    cmocka_unit_test(test_lease_of_another_server_is_ignored),
	    cmocka_unit_test(test_command_line_errors),
	    cmocka_unit_test(test_socket_path_checks),
	    cmocka_unit_test(test_gtk_ui_restarts_the_lock_screen),
	    cmocka_unit_test(test_control_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
