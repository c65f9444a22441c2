/* netpont-agent: command line, configuration file, token, then the loop. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uv.h>

#include "agent.h"
#include "common/np_address.h"
#include "common/np_fingerprint.h"
#include "config.h"
#include "log.h"
#include "join.h"
#include "state.h"

#define EXIT_USAGE 2

static const char usage_text[] =
    "Usage: netpont-agent --server HOST:PORT --seat NAME --token-file FILE\n"
    "                     --server-fingerprint HEX\n"
    "                     [--ui headless|gtk] [--control SOCKET] [--state-dir DIR]\n"
    "                     [--config FILE]\n"
    "       netpont-agent --join CODE [--seat NAME] [--server HOST:PORT] [--config FILE]\n"
    "                     [--token-file FILE] [--no-start]   (see --join --help)\n"
    "\n"
    "The Netpont daemon of one public PC: keeps the PC locked or unlocked as the\n"
    "server says, counts the session down, and serves the lock screen.\n"
    "\n"
    "  --server HOST:PORT   the netpontd to connect to (default 127.0.0.1:7450)\n"
    "  --seat NAME          this PC's seat name, e.g. PC-03\n"
    "  --token-file FILE    the seat's token, as printed by `netpontctl seat add NAME`;\n"
    "                       %d/NAME is NAME in $CREDENTIALS_DIRECTORY (systemd's\n"
    "                       LoadCredential=), the default when that is set\n"
    "  --server-fingerprint HEX\n"
    "                       the SHA-256 of the server's certificate, as printed by\n"
    "                       `netpontctl seat add NAME`; no other server is trusted\n"
    "  --ui headless|gtk    gtk starts and watches the lock screen netpont-lock\n"
    "                       (default headless: nothing is shown)\n"
    "  --control SOCKET     the local control socket (default\n"
    "                       $XDG_RUNTIME_DIR/netpont-agent.sock or /run/netpont/agent.sock)\n"
    "  --state-dir DIR      where the lease is kept across restarts (default\n"
    "                       /var/lib/netpont-agent, or ~/.local/state/netpont-agent)\n"
    "  --config FILE        settings file (default " AGENT_CONFIG_DEFAULT_PATH " if it exists);\n"
    "                       flags override it\n"
    "  --help               show this help\n"
    "  --version            show the version\n";

/* Logs a usage problem (fmt: a msgid of the agent's domain with one %s,
 * xgettext's keyword usage_error) with the hint, on one line. */
__attribute__((format(printf, 1, 0))) static int usage_error(const char *fmt, const char *arg)
{
	char problem[1024];
	snprintf(problem, sizeof problem, np_log_text(fmt), arg);
	agent_error("%s Try 'netpont-agent --help'.", problem);
	return EXIT_USAGE;
}

/* Reads the token file into *out (malloc()ed), without surrounding
 * whitespace. Returns 0, or -1 with a sentence in err. */
static int read_token(const char *path, const char *seat, char **out, char *err, size_t err_size)
{
	char buf[1024];
	long n = agent_state_read(path, buf, sizeof buf);
	if (n < 0 && errno == EACCES && geteuid() != 0) {
		snprintf(
		    err, err_size,
		    "cannot read the token file %s: %s. The agent runs as uid %u, and the "
		    "token is root's: netpont-agent.service hands it over with "
		    "LoadCredential=token:/etc/netpont/agent.token and --token-file %%d/token.",
		    path, strerror(EACCES), (unsigned)geteuid());
		return -1;
	}
	if (n < 0) {
		snprintf(err, err_size,
		         "cannot read the token file %s: %s. Enrol the seat with "
		         "`netpontctl seat add %s` and save the token it prints in that file.",
		         path, strerror(errno), seat);
		return -1;
	}
	char *start = buf, *end = buf + n;
	while (start < end && isspace((unsigned char)*start))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	if (start == end) {
		snprintf(err, err_size,
		         "the token file %s is empty. Enrol the seat with `netpontctl seat add %s` "
		         "and save the token it prints in that file.",
		         path, seat);
		return -1;
	}
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & 0077) != 0)
		agent_warn("the token file %s can be read by other users; anyone who reads it can "
		           "pose as seat %s. Fix it with: chmod 600 %s",
		           path, seat, path);
	*out = strdup(start);
	if (*out == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	return 0;
}

/* The service's credentials: systemd's LoadCredential= puts each in
 * $CREDENTIALS_DIRECTORY, readable by the service's user alone. A
 * token_file of "%d/NAME" is NAME there (as %d in a unit file); an unset
 * token_file is the credential "token" when the service has one. Replaces
 * cfg->token_file with the path. Returns 0, or -1 with a sentence in err. */
static int resolve_token_file(agent_config *cfg, char *err, size_t err_size)
{
	const char *creds = getenv("CREDENTIALS_DIRECTORY");
	bool unset = cfg->token_file == NULL || cfg->token_file[0] == '\0';
	if (unset && (creds == NULL || creds[0] == '\0'))
		return 0; /* the caller says it is missing */
	const char *name = unset ? "token" : NULL;
	if (!unset && strncmp(cfg->token_file, "%d/", 3) == 0)
		name = cfg->token_file + 3;
	if (name == NULL)
		return 0;
	if (creds == NULL || creds[0] == '\0') {
		snprintf(err, err_size,
		         "the token file %s is one of the service's credentials, but "
		         "CREDENTIALS_DIRECTORY is not set: the agent was not started by a unit "
		         "with LoadCredential=; name the file itself with --token-file FILE",
		         cfg->token_file);
		return -1;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", creds, name);
	char *copy = strdup(path);
	if (copy == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	free(cfg->token_file);
	cfg->token_file = copy;
	return 0;
}

static char *default_control_path(void)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char path[4096];
	if (run != NULL && run[0] != '\0')
		snprintf(path, sizeof path, "%s/netpont-agent.sock", run);
	else {
		/* Normally systemd's RuntimeDirectory=netpont makes it; started
		 * by hand, the agent makes it itself. */
		if (mkdir("/run/netpont", 0755) != 0 && errno != EEXIST)
			agent_warn("cannot create /run/netpont: %s", strerror(errno));
		snprintf(path, sizeof path, "/run/netpont/agent.sock");
	}
	return strdup(path);
}

static char *default_state_dir(void)
{
	char path[4096];
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	/* systemd's StateDirectory= names it for a service of its own user. */
	const char *service = getenv("STATE_DIRECTORY");
	if (service != NULL && service[0] == '/')
		snprintf(path, sizeof path, "%s", service);
	else if (geteuid() == 0)
		snprintf(path, sizeof path, "/var/lib/netpont-agent");
	else if (state != NULL && state[0] == '/')
		snprintf(path, sizeof path, "%s/netpont-agent", state);
	else if (home != NULL && home[0] == '/')
		snprintf(path, sizeof path, "%s/.local/state/netpont-agent", home);
	else
		return NULL;
	return strdup(path);
}

static void on_stopped(agent *a)
{
	(void)a;
}

static void on_walk(uv_handle_t *h, void *arg)
{
	(void)arg;
	agent_error("a %s handle was left open at exit",
	            uv_handle_type_name(uv_handle_get_type(h)));
}

int main(int argc, char **argv)
{
	/* Joining is a command of its own, with its own options (join.c). */
	if (agent_join_requested(argc, argv))
		return agent_join_main(argc, argv);

	enum {
		OPT_SERVER = 1,
		OPT_SEAT,
		OPT_TOKEN,
		OPT_FINGERPRINT,
		OPT_UI,
		OPT_CONTROL,
		OPT_CONFIG,
		OPT_STATE,
		OPT_HELP,
		OPT_VERSION
	};
	static const struct option options[] = {
	    {"server", required_argument, NULL, OPT_SERVER},
	    {"seat", required_argument, NULL, OPT_SEAT},
	    {"token-file", required_argument, NULL, OPT_TOKEN},
	    {"server-fingerprint", required_argument, NULL, OPT_FINGERPRINT},
	    {"ui", required_argument, NULL, OPT_UI},
	    {"control", required_argument, NULL, OPT_CONTROL},
	    {"config", required_argument, NULL, OPT_CONFIG},
	    {"state-dir", required_argument, NULL, OPT_STATE},
	    {"help", no_argument, NULL, OPT_HELP},
	    {"version", no_argument, NULL, OPT_VERSION},
	    {NULL, 0, NULL, 0},
	};
	/* The log follows the process's locale (LANG, LANGUAGE), like the
	 * sentences refusing a start. */
	const char *localedir = getenv("NETPONT_LOCALEDIR");
	np_log_init("netpont-agent", AGENT_LOG_DOMAIN,
	            localedir != NULL && localedir[0] != '\0' ? localedir
	                                                      : NETPONT_INSTALL_LOCALEDIR);
	agent_config flags, cfg;
	agent_config_init(&flags);
	agent_config_init(&cfg);
	const char *config_path = NULL;
	char err[1024];
	char *token = NULL;
	int rc = EXIT_USAGE;

	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		char **field = NULL;
		switch (opt) {
		case OPT_SERVER:
			field = &flags.server;
			break;
		case OPT_SEAT:
			field = &flags.seat;
			break;
		case OPT_TOKEN:
			field = &flags.token_file;
			break;
		case OPT_FINGERPRINT:
			field = &flags.server_fingerprint;
			break;
		case OPT_UI:
			field = &flags.ui;
			break;
		case OPT_CONTROL:
			field = &flags.control;
			break;
		case OPT_STATE:
			field = &flags.state_dir;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			rc = 0;
			goto out;
		case OPT_VERSION:
			printf("netpont-agent %s\n", NETPONT_VERSION);
			rc = 0;
			goto out;
		case ':':
			rc = usage_error("%s needs a value.", argv[optind - 1]);
			goto out;
		default:
			rc = usage_error("unknown option '%s'.", argv[optind - 1]);
			goto out;
		}
		if (field != NULL) {
			free(*field);
			*field = strdup(optarg);
		}
	}
	if (optind < argc) {
		rc = usage_error("unexpected argument '%s'; every setting is given with a flag.",
		                 argv[optind]);
		goto out;
	}
	if (flags.ui != NULL && strcmp(flags.ui, "headless") != 0 && strcmp(flags.ui, "gtk") != 0) {
		rc = usage_error("--ui must be headless or gtk, not '%s'.", flags.ui);
		goto out;
	}
	if (flags.server_fingerprint != NULL &&
	    !np_fingerprint_parse(flags.server_fingerprint, NULL)) {
		rc = usage_error("--server-fingerprint must be the 64 hex digits `netpontctl seat "
		                 "add` printed, not '%s'.",
		                 flags.server_fingerprint);
		goto out;
	}
	if (flags.server != NULL) {
		np_address server;
		char why[512];
		np_address_result parsed = np_address_parse(flags.server, NP_DEFAULT_PORT, &server);
		if (parsed != NP_ADDRESS_OK) {
			np_address_problem(parsed, "the server address", flags.server, why,
			                   sizeof why);
			rc = usage_error("--server: %s.", why);
			goto out;
		}
	}

	if (config_path == NULL && access(AGENT_CONFIG_DEFAULT_PATH, F_OK) == 0)
		config_path = AGENT_CONFIG_DEFAULT_PATH;
	if (config_path != NULL && agent_config_load(&cfg, config_path, err, sizeof err) != 0) {
		agent_error("%s", err);
		goto out;
	}
	if (agent_config_merge(&cfg, &flags) != 0) {
		agent_error("out of memory");
		rc = 1;
		goto out;
	}
	np_log_level level = NP_LOG_INFO;
	if (cfg.log_level != NULL && np_log_level_parse(cfg.log_level, &level))
		np_log_set_level(level);
	if (cfg.seat == NULL || cfg.seat[0] == '\0') {
		rc = usage_error("%s", np_log_text("--seat is missing: say which PC this is, e.g. "
		                                   "--seat PC-03."));
		goto out;
	}
	if (resolve_token_file(&cfg, err, sizeof err) != 0) {
		fprintf(stderr, "netpont-agent: %s\n", err);
		rc = 1;
		goto out;
	}
	if (cfg.token_file == NULL || cfg.token_file[0] == '\0') {
		rc = usage_error("--token-file is missing: name the file holding the token "
		                 "`netpontctl seat add %s` printed.",
		                 cfg.seat);
		goto out;
	}
	if (cfg.server_fingerprint == NULL || cfg.server_fingerprint[0] == '\0') {
		rc = usage_error("--server-fingerprint is missing: give the fingerprint "
		                 "`netpontctl seat add %s` printed (or server_fingerprint in "
		                 "[agent]).",
		                 cfg.seat);
		goto out;
	}
	if (cfg.server == NULL)
		cfg.server = strdup("127.0.0.1:7450");
	if (cfg.ui == NULL)
		cfg.ui = strdup("headless");
	if (cfg.control == NULL)
		cfg.control = default_control_path();
	if (cfg.state_dir == NULL) {
		/* The default place is a convenience: if it cannot be used, the
		 * agent runs without keeping its lease across restarts. */
		cfg.state_dir = default_state_dir();
		if (cfg.state_dir != NULL &&
		    agent_state_make_dir(cfg.state_dir, err, sizeof err) != 0) {
			agent_warn("%s; the lease will not survive a restart", err);
			free(cfg.state_dir);
			cfg.state_dir = NULL;
		}
	}
	if (cfg.server == NULL || cfg.ui == NULL || cfg.control == NULL) {
		agent_error("out of memory");
		rc = 1;
		goto out;
	}
	if (read_token(cfg.token_file, cfg.seat, &token, err, sizeof err) != 0) {
		agent_error("%s", err);
		rc = 1;
		goto out;
	}

	/* A control client or the server going away mid-write must not kill
	 * the agent; libuv reports EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	uv_loop_t loop;
	if (uv_loop_init(&loop) != 0) {
		agent_error("cannot start the event loop");
		rc = 1;
		goto out;
	}
	static agent a;
	rc = 0;
	if (agent_start(&a, &loop, &cfg, token, err, sizeof err) != 0) {
		agent_error("%s", err);
		rc = 1;
		agent_stop(&a);
	}
	a.stopped_cb = on_stopped;
	uv_run(&loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&loop) != 0) {
		uv_walk(&loop, on_walk, NULL);
		rc = 1;
	}

out:
	if (token != NULL) {
		/* The token is a secret: do not leave it in freed memory. */
		memset(token, 0, strlen(token));
		free(token);
	}
	agent_config_free(&flags);
	agent_config_free(&cfg);
	return rc;
}
