/* netpont-agent --join CODE: one command that enrols a PC. The steps run in
 * an order that never spends the code on a PC that could not keep what it
 * gets back: the files it will write are checked first, the server is
 * authenticated by the code's fingerprint prefix before the secret leaves
 * the PC, and only then is the code redeemed and the token written. */
#include "join.h"

#include <errno.h>
#include <getopt.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/ssl.h>
#include <systemd/sd-daemon.h>

#include "common/np_address.h"
#include "common/np_file.h"
#include "common/np_join_code.h"
#include "common/np_tls.h"
#include "config.h"
#include "config_edit.h"
#include "discover.h"
#include "frame.h"

/* The agent's own catalogue (po/netpont-agent): these sentences are read by
 * the person at the PC, unlike the daemon's log lines. */
#define _(s)  dgettext("netpont-agent", s)
#define N_(s) s

#ifndef NETPONT_INSTALL_LOCALEDIR
#define NETPONT_INSTALL_LOCALEDIR "/usr/share/locale"
#endif

enum { JOIN_OK = 0, JOIN_REFUSED = 1, JOIN_USAGE = 2, JOIN_CONNECT = 3 };

#define JOIN_DEFAULT_TOKEN_FILE "/etc/netpont/agent.token"
#define JOIN_SERVICE            "netpont-agent.service"
/* How long Avahi is asked for servers, and how long the server may take
 * to answer: a PC on the room's LAN answers within a second. */
#define JOIN_DISCOVER_MS  5000
#define JOIN_IO_TIMEOUT_S 15
/* The reply is a few hundred bytes; anything larger is not netpontd. */
#define JOIN_REPLY_MAX (64u * 1024u)

typedef struct join_options {
	const char *code;
	const char *seat;
	const char *server;
	const char *config;
	const char *token_file;
	bool no_start;
} join_options;

static const char join_usage[] =
    N_("Usage: netpont-agent --join CODE [--seat NAME] [--server HOST:PORT]\n"
       "                     [--config FILE] [--token-file FILE] [--no-start]\n"
       "\n"
       "Enrols this PC with a join code from `netpontctl seat add NAME`, `seat renew\n"
       "NAME` or `seat invite` (as root): checks the server's certificate against\n"
       "the code, writes the token file and the server, server_fingerprint and seat\n"
       "of the config file, and starts netpont-agent.service.\n"
       "\n"
       "  --join CODE          the code netpontctl printed (NP1-...); a code without\n"
       "                       an address finds the server with Avahi\n"
       "  --seat NAME          the seat name for a code from `seat invite` (default:\n"
       "                       this PC's host name)\n"
       "  --server HOST:PORT   the server, when the code names none or another\n"
       "  --config FILE        the config file to edit (default " AGENT_CONFIG_DEFAULT_PATH ")\n"
       "  --token-file FILE    where the token goes (default: token_file of the\n"
       "                       config, else " JOIN_DEFAULT_TOKEN_FILE ")\n"
       "  --no-start           write the files but do not start the service\n");

/* Prints "netpont-agent: " and a translated sentence to stderr. */
__attribute__((format(printf, 1, 2))) static void join_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("netpont-agent: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool agent_join_requested(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--join") == 0 || strncmp(argv[i], "--join=", 7) == 0)
			return true;
	}
	return false;
}

static int parse_options(int argc, char **argv, join_options *o)
{
	enum { OPT_JOIN = 1, OPT_SEAT, OPT_SERVER, OPT_CONFIG, OPT_TOKEN, OPT_NO_START, OPT_HELP };
	static const struct option options[] = {
	    {"join", required_argument, NULL, OPT_JOIN},
	    {"seat", required_argument, NULL, OPT_SEAT},
	    {"server", required_argument, NULL, OPT_SERVER},
	    {"config", required_argument, NULL, OPT_CONFIG},
	    {"token-file", required_argument, NULL, OPT_TOKEN},
	    {"no-start", no_argument, NULL, OPT_NO_START},
	    {"help", no_argument, NULL, OPT_HELP},
	    {NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	opterr = 0;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case OPT_JOIN:
			o->code = optarg;
			break;
		case OPT_SEAT:
			o->seat = optarg;
			break;
		case OPT_SERVER:
			o->server = optarg;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_TOKEN:
			o->token_file = optarg;
			break;
		case OPT_NO_START:
			o->no_start = true;
			break;
		case OPT_HELP:
			fputs(_(join_usage), stdout);
			return -1;
		case ':':
			join_fail(_("%s needs a value."), argv[optind - 1]);
			return JOIN_USAGE;
		default:
			join_fail(
			    _("%s cannot be used with --join (see netpont-agent --join --help)."),
			    argv[optind - 1]);
			return JOIN_USAGE;
		}
	}
	if (optind < argc) {
		join_fail(_("unexpected argument '%s'."), argv[optind]);
		return JOIN_USAGE;
	}
	if (o->config == NULL)
		o->config = AGENT_CONFIG_DEFAULT_PATH;
	return 0;
}

/* Whether the program may replace path: the file (when it exists) and its
 * folder (the atomic write renames a new file into it) are writable. */
static bool can_replace(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(dir, W_OK) != 0)
		return false;
	return access(path, F_OK) != 0 || access(path, W_OK) == 0;
}

/* Checks before the code is spent: both files can be written, and the
 * config (when it exists) reads. Fills *cfg from it. */
static int check_targets(const join_options *o, agent_config *cfg, const char **token_path)
{
	char err[1024];
	if (access(o->config, F_OK) == 0 &&
	    agent_config_load(cfg, o->config, err, sizeof err) != 0) {
		join_fail(_("%s; mend it, then join again (the code is still unused)."), err);
		return JOIN_REFUSED;
	}
	*token_path = o->token_file != NULL                           ? o->token_file
	              : cfg->token_file != NULL && cfg->token_file[0] ? cfg->token_file
	                                                              : JOIN_DEFAULT_TOKEN_FILE;
	const char *blocked = !can_replace(o->config)     ? o->config
	                      : !can_replace(*token_path) ? *token_path
	                                                  : NULL;
	if (blocked == NULL)
		return 0;
	if (geteuid() != 0)
		join_fail(
		    _("Joining writes %s and %s, which this user may not change: run it as root "
		      "(sudo netpont-agent --join CODE). The code is still unused."),
		    o->config, *token_path);
	else
		join_fail(
		    _("%s cannot be written (a read-only file system?); nothing was changed and "
		      "the code is still unused."),
		    blocked);
	return JOIN_REFUSED;
}

/* The server's address: --server, the code's, else Avahi's answer. */
static int find_server(const join_options *o, const np_join_code *code, np_address *out, char *text,
                       size_t n)
{
	if (o->server != NULL)
		snprintf(text, n, "%s", o->server);
	else if (code->address[0] != '\0')
		snprintf(text, n, "%s", code->address);
	else {
		char err[512];
		printf(
		    _("The join code names no server; looking for it on the network (Avahi)...\n"));
		fflush(stdout);
		int found = agent_discover_server(code->fp_prefix, JOIN_DISCOVER_MS, text, n, err,
		                                  sizeof err);
		if (found != 1) {
			join_fail(
			    _("%s Give the server's address: netpont-agent --join CODE --server "
			      "HOST:PORT."),
			    err);
			return JOIN_CONNECT;
		}
	}
	np_address_result parsed = np_address_parse(text, NP_DEFAULT_PORT, out);
	if (parsed != NP_ADDRESS_OK) {
		char why[512];
		np_address_problem(parsed, _("the server address"), text, why, sizeof why);
		join_fail("%s.", why);
		return JOIN_USAGE;
	}
	return 0;
}

/* A TCP connection to a, with every read and write bounded in time.
 * Returns the socket, or -1 (a sentence printed). */
static int connect_tcp(const np_address *a, const char *text)
{
	char port[8];
	snprintf(port, sizeof port, "%u", (unsigned)a->port);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res;
	int rc = getaddrinfo(a->host, port, &hints, &res);
	if (rc != 0) {
		join_fail(_("Cannot find the server %s: %s."), text, gai_strerror(rc));
		return -1;
	}
	int fd = -1, saved = 0;
	for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		struct timeval tv = {.tv_sec = JOIN_IO_TIMEOUT_S};
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			saved = errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		join_fail(_("Cannot connect to the server %s: %s. Is netpontd running there, and "
		            "is its port open?"),
		          text, strerror(saved));
	return fd;
}

/* Sends the AgentJoin and reads one reply frame. Returns the reply (caller
 * frees with netpont__envelope__free_unpacked()) or NULL (a sentence
 * printed). */
static Netpont__Envelope *exchange(SSL *ssl, const Netpont__AgentJoin *join, const char *text)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = 1;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_JOIN;
	env.agent_join = (Netpont__AgentJoin *)join;
	uint8_t *frame = NULL;
	size_t len = 0;
	if (np_frame_encode(&env, NP_FRAME_DEFAULT_MAX, &frame, &len) != NP_FRAME_OK) {
		join_fail(_("out of memory"));
		return NULL;
	}
	int wrote = SSL_write(ssl, frame, (int)len);
	OPENSSL_cleanse(frame, len); /* it holds the secret */
	free(frame);
	if (wrote != (int)len) {
		join_fail(_("The connection to %s broke while sending the code."), text);
		return NULL;
	}
	np_frame_reader reader;
	np_frame_reader_init(&reader, JOIN_REPLY_MAX);
	Netpont__Envelope *reply = NULL;
	uint8_t buf[4096];
	for (;;) {
		int got = SSL_read(ssl, buf, sizeof buf);
		if (got <= 0)
			break;
		size_t used = 0;
		int st = np_frame_reader_feed(&reader, buf, (size_t)got, &used, &reply);
		if (st != NP_FRAME_NEED_MORE)
			break;
	}
	np_frame_reader_reset(&reader);
	if (reply == NULL)
		join_fail(_("The server %s did not answer the join code (it may be an older "
		            "netpontd, or the connection broke)."),
		          text);
	return reply;
}

/* The PC's host name without its domain, the default seat name. */
static void short_hostname(char *out, size_t n)
{
	if (gethostname(out, n) != 0)
		out[0] = '\0';
	out[n - 1] = '\0';
	char *dot = strchr(out, '.');
	if (dot != NULL)
		*dot = '\0';
}

/* Runs systemctl with args; returns its exit status, or -1. */
static int systemctl(const char *verb)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("systemctl", "systemctl", verb, JOIN_SERVICE, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Starts the agent after a join, or says how. */
static int start_service(const join_options *o)
{
	if (o->no_start) {
		printf(_("Not started (--no-start). Start it with: netpont-agent --config %s\n"),
		       o->config);
		return JOIN_OK;
	}
	if (strcmp(o->config, AGENT_CONFIG_DEFAULT_PATH) != 0) {
		printf(
		    _("The service reads %s, not %s: start the agent with netpont-agent --config "
		      "%s\n"),
		    AGENT_CONFIG_DEFAULT_PATH, o->config, o->config);
		return JOIN_OK;
	}
	if (sd_booted() <= 0) {
		printf(_("systemd does not run here: start the agent with netpont-agent --config "
		         "%s\n"),
		       o->config);
		return JOIN_OK;
	}
	/* restart, not start: an agent already running keeps the old
	 * config until it is restarted. */
	if (systemctl("enable") != 0 || systemctl("restart") != 0) {
		join_fail(_("The files are written, but systemctl could not start %s; see "
		            "systemctl status %s."),
		          JOIN_SERVICE, JOIN_SERVICE);
		return JOIN_REFUSED;
	}
	printf(_("%s is enabled and running.\n"), JOIN_SERVICE);
	return JOIN_OK;
}

/* Writes the token and the config keys. */
static int write_files(const join_options *o, const char *token_path, const char *server,
                       const Netpont__AgentJoined *joined)
{
	char line[256], err[1024];
	int n = snprintf(line, sizeof line, "%s\n", joined->token);
	int rc = n > 0 && (size_t)n < sizeof line
	             ? np_file_write_atomic(token_path, line, (size_t)n, 0600)
	             : -EINVAL;
	OPENSSL_cleanse(line, sizeof line);
	if (rc != 0) {
		join_fail(
		    _("Cannot write the token file %s: %s. The code is used up: run netpontctl "
		      "seat renew %s on the office PC for a new one."),
		    token_path, strerror(-rc), joined->seat);
		return JOIN_REFUSED;
	}
	printf(_("The token of %s is in %s (readable only by its owner).\n"), joined->seat,
	       token_path);
	const agent_config_edit_key keys[] = {
	    {"server", server},
	    {"server_fingerprint", joined->fingerprint},
	    {"seat", joined->seat},
	    {"token_file", token_path},
	};
	if (agent_config_edit_file(o->config, "agent", keys, sizeof keys / sizeof keys[0], err,
	                           sizeof err) != 0) {
		join_fail(
		    _("%s. The token is written; set server = %s, server_fingerprint = %s and "
		      "seat = %s in [agent] by hand."),
		    err, server, joined->fingerprint, joined->seat);
		return JOIN_REFUSED;
	}
	printf(_("%s now says: server = %s, server_fingerprint = %s, seat = %s.\n"), o->config,
	       server, joined->fingerprint, joined->seat);
	return JOIN_OK;
}

/* Connects, authenticates the server by the code and redeems it. */
static int redeem(const join_options *o, const np_join_code *code, const agent_config *cfg,
                  const char *token_path)
{
	np_address address;
	char text[400];
	int rc = find_server(o, code, &address, text, sizeof text);
	if (rc != 0)
		return rc;
	int fd = connect_tcp(&address, text);
	if (fd < 0)
		return JOIN_CONNECT;
	rc = JOIN_CONNECT;
	SSL_CTX *ctx = np_tls_client_context();
	SSL *ssl = ctx != NULL ? SSL_new(ctx) : NULL;
	char fingerprint[NP_FINGERPRINT_SIZE] = "(none)", why[256];
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 || SSL_connect(ssl) != 1) {
		join_fail(_("No TLS connection with %s: %s."), text,
		          np_tls_last_error(why, sizeof why));
		goto out;
	}
	if (np_tls_peer_fingerprint(ssl, fingerprint) != 0 ||
	    !np_join_code_fingerprint_matches(code, fingerprint)) {
		join_fail(
		    _("The server at %s is not the one the join code names: its certificate's "
		      "fingerprint is %s, the code's begins %s. Nothing was sent. Check the "
		      "address, or the code."),
		    text, fingerprint, code->fp_prefix);
		goto out;
	}
	char hostname[HOST_NAME_MAX + 1];
	short_hostname(hostname, sizeof hostname);
	Netpont__AgentJoin join = NETPONT__AGENT_JOIN__INIT;
	join.secret = (char *)code->secret;
	join.seat = (char *)(o->seat != NULL ? o->seat : "");
	join.hostname = hostname;
	join.language = cfg->language != NULL ? cfg->language : "";
	Netpont__Envelope *reply = exchange(ssl, &join, text);
	if (reply == NULL)
		goto out;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		fprintf(stderr, "netpont-agent: %s\n", reply->error->message);
		rc = JOIN_REFUSED;
	} else if (reply->body_case != NETPONT__ENVELOPE__BODY_AGENT_JOINED ||
	           strcmp(reply->agent_joined->fingerprint, fingerprint) != 0) {
		join_fail(_("The server %s answered the join code with something else."), text);
	} else {
		printf(_("The server at %s (fingerprint %s) enrolled this PC as %s.\n"), text,
		       fingerprint, reply->agent_joined->seat);
		/* The address the agent will use: the one that just worked. */
		char server[NP_ADDRESS_HOST_MAX + 16];
		snprintf(server, sizeof server,
		         strchr(address.host, ':') != NULL ? "[%s]:%u" : "%s:%u", address.host,
		         (unsigned)address.port);
		rc = write_files(o, token_path, server, reply->agent_joined);
	}
	if (reply->body_case == NETPONT__ENVELOPE__BODY_AGENT_JOINED)
		OPENSSL_cleanse(reply->agent_joined->token, strlen(reply->agent_joined->token));
	netpont__envelope__free_unpacked(reply, NULL);
out:
	if (ssl != NULL)
		SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return rc;
}

int agent_join_main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	const char *localedir = getenv("NETPONT_LOCALEDIR");
	bindtextdomain("netpont-agent", localedir != NULL && localedir[0] != '\0'
	                                    ? localedir
	                                    : NETPONT_INSTALL_LOCALEDIR);
	bind_textdomain_codeset("netpont-agent", "UTF-8");

	join_options o;
	int rc = parse_options(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? JOIN_OK : rc;
	np_join_code code;
	if (!np_join_code_parse(o.code, &code)) {
		join_fail(
		    _("'%s' is not a join code: a join code starts with NP1-, then the server's "
		      "address, then 42 letters and digits, as netpontctl seat add printed it."),
		    o.code);
		return JOIN_USAGE;
	}
	agent_config cfg;
	agent_config_init(&cfg);
	const char *token_path = NULL;
	rc = check_targets(&o, &cfg, &token_path);
	if (rc == 0) {
		char *token_copy = strdup(token_path); /* cfg owns token_path */
		rc = token_copy != NULL ? redeem(&o, &code, &cfg, token_copy) : JOIN_REFUSED;
		free(token_copy);
	}
	agent_config_free(&cfg);
	OPENSSL_cleanse(code.secret, sizeof code.secret);
	return rc == JOIN_OK ? start_service(&o) : rc;
}
