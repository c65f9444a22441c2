/* netpontd: the Netpont server. Parses the command line and the config
 * file, opens the database, and runs the event loop until SIGINT/SIGTERM.
 *
 *   netpontd [--config FILE] [--db PATH] [--listen HOST:PORT]
 *   netpontd --db PATH --init-admin NAME
 *   netpontd --db PATH --fingerprint
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <ini.h>
#include <systemd/sd-daemon.h>
#include <uv.h>

#include "common/np_address.h"
#include "common/np_tls.h"
#include "core/i18n.h"
#include "gateway.h"
#include "net/announce.h"
#include "net/server.h"
#include "store/db.h"
#include "store/staff.h"

#define DEFAULT_LISTEN "127.0.0.1:7450"
#define DEFAULT_DB     "/var/lib/netpont/netpont.db"

enum { EXIT_REFUSED = 1, EXIT_USAGE = 2 };

typedef struct options {
	const char *config_path;
	char db[1024];
	bool db_set;
	char listen[300];
	bool listen_set;
	char site_name[128];
	unsigned idle_timeout_s;
	unsigned max_connections;             /* 0: net/server.c's default */
	unsigned max_connections_per_address; /* 0: net/server.c's default */
	const char *init_admin;
	bool fingerprint; /* --fingerprint: print it and exit */
	char cert[1100];  /* [server] cert; "" = beside the database */
	char key[1100];   /* [server] key; "" = beside the database */
	/* [server] announce = no: netpontd does not announce itself on the
	 * LAN with Avahi (net/announce.h). */
	bool announce_off;
	/* Set while reading the config file: the first problem found. */
	char config_error[512];
} options;

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: netpontd [--config FILE] [--db PATH] [--listen HOST:PORT]\n"
	        "       netpontd --db PATH --init-admin NAME\n"
	        "       netpontd --db PATH --fingerprint\n"
	        "\n"
	        "The Netpont server: seats, sessions, help calls and money for a public\n"
	        "internet point, over one SQLite database.\n"
	        "\n"
	        "  --config FILE      read settings from an INI file ([server] listen, db,\n"
	        "                     site_name, idle_timeout_s, max_connections,\n"
	        "                     max_connections_per_address, cert, key, announce);\n"
	        "                     flags\n"
	        "                     override it\n"
	        "  --db PATH          the database file (default " DEFAULT_DB ")\n"
	        "  --listen HOST:PORT where to listen (default " DEFAULT_LISTEN ")\n"
	        "  --init-admin NAME  create the database and its first administrator, then\n"
	        "                     exit; the password comes from NETPONT_PASSWORD or a prompt\n"
	        "  --fingerprint      print the SHA-256 fingerprint of the server's TLS\n"
	        "                     certificate (making the key and certificate if missing)\n"
	        "  --help, --version\n"
	        "\n"
	        "Environment: NETPONT_PWHASH=min hashes new secrets with the cheapest Argon2id\n"
	        "parameters (tests and demos only).\n");
}

/* A whole number from min to max for the config key name into *out;
 * false, with the problem noted, otherwise. */
static bool config_number(options *o, const char *name, const char *value, long min, long max,
                          const char *unit, unsigned *out)
{
	char *end = NULL;
	long v = strtol(value, &end, 10);
	if (end == value || *end != '\0' || v < min || v > max) {
		snprintf(o->config_error, sizeof o->config_error,
		         "%s must be a whole number%s from %ld to %ld, not \"%s\"", name, unit, min,
		         max, value);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

/* inih callback: returns 0 (stop) at the first problem, noting it. */
static int config_entry(void *user, const char *section, const char *name, const char *value)
{
	options *o = user;
	np_address listen;
	if (strcmp(section, "server") != 0) {
		snprintf(o->config_error, sizeof o->config_error,
		         "unknown section [%s] (netpontd reads [server])", section);
		return 0;
	}
	if (strcmp(name, "listen") == 0) {
		if (np_address_parse(value, NP_DEFAULT_PORT, &listen) != NP_ADDRESS_OK) {
			snprintf(o->config_error, sizeof o->config_error,
			         "listen must look like 127.0.0.1:7450, not \"%s\"", value);
			return 0;
		}
		if (!o->listen_set)
			snprintf(o->listen, sizeof o->listen, "%s", value);
	} else if (strcmp(name, "db") == 0) {
		if (value[0] == '\0') {
			snprintf(o->config_error, sizeof o->config_error, "db must name a file");
			return 0;
		}
		if (!o->db_set)
			snprintf(o->db, sizeof o->db, "%s", value);
	} else if (strcmp(name, "cert") == 0 || strcmp(name, "key") == 0) {
		if (value[0] == '\0') {
			snprintf(o->config_error, sizeof o->config_error, "%s must name a file",
			         name);
			return 0;
		}
		snprintf(name[0] == 'c' ? o->cert : o->key, sizeof o->cert, "%s", value);
	} else if (strcmp(name, "site_name") == 0) {
		snprintf(o->site_name, sizeof o->site_name, "%s", value);
	} else if (strcmp(name, "idle_timeout_s") == 0) {
		if (!config_number(o, name, value, 1, 3600, " of seconds", &o->idle_timeout_s))
			return 0;
	} else if (strcmp(name, "max_connections") == 0) {
		if (!config_number(o, name, value, 1, 100000, "", &o->max_connections))
			return 0;
	} else if (strcmp(name, "max_connections_per_address") == 0) {
		if (!config_number(o, name, value, 1, 100000, "", &o->max_connections_per_address))
			return 0;
	} else if (strcmp(name, "announce") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			snprintf(o->config_error, sizeof o->config_error,
			         "announce must be yes or no, not \"%s\"", value);
			return 0;
		}
		o->announce_off = strcmp(value, "no") == 0;
	} else {
		snprintf(o->config_error, sizeof o->config_error,
		         "unknown key \"%s\" (known: listen, db, site_name, idle_timeout_s, "
		         "max_connections, max_connections_per_address, cert, key, announce)",
		         name);
		return 0;
	}
	return 1;
}

static int read_config(options *o)
{
	int line = ini_parse(o->config_path, config_entry, o);
	if (line == -1) {
		fprintf(stderr, "netpontd: cannot read the config file %s: %s\n", o->config_path,
		        strerror(errno));
		return -1;
	}
	if (line != 0) {
		fprintf(stderr, "netpontd: %s, line %d: %s\n", o->config_path, line,
		        o->config_error[0] ? o->config_error : "this line is not valid INI");
		return -1;
	}
	return 0;
}

/* Reads a line from the terminal without echo. Returns 0 or -1. */
static int prompt_secret(const char *prompt, char *buf, size_t n)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (tty == NULL)
		return -1;
	struct termios old, quiet;
	int fd = fileno(tty);
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	fputs(prompt, tty);
	fflush(tty);
	char *ok = fgets(buf, (int)n, tty);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	fputs("\n", tty);
	fclose(tty);
	if (ok == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* ------------------------------------------------------------ TLS */

/* Where the certificate and key are: the config's, else beside the
 * database (PATH-cert.pem, PATH-key.pem). */
static void tls_paths(options *o)
{
	if (o->cert[0] == '\0')
		snprintf(o->cert, sizeof o->cert, "%s-cert.pem", o->db);
	if (o->key[0] == '\0')
		snprintf(o->key, sizeof o->key, "%s-key.pem", o->db);
}

/* Makes the key and certificate unless they exist (only the default pair
 * beside the database is ever made; an operator's own files must exist),
 * then loads them. Returns the context, or NULL after saying why. */
static SSL_CTX *tls_load(const options *o, bool own_files, char fingerprint[NP_FINGERPRINT_SIZE])
{
	char err[1400];
	if (np_tls_ensure_pair(o->cert, o->key, !own_files, err, sizeof err) != 0) {
		fprintf(stderr, "netpontd: %s\n", err);
		return NULL;
	}
	SSL_CTX *ctx = np_tls_server_context(o->cert, o->key, fingerprint, err, sizeof err);
	if (ctx == NULL)
		fprintf(stderr, "netpontd: %s\n", err);
	return ctx;
}

static int print_fingerprint(const options *o, bool own_files)
{
	char fingerprint[NP_FINGERPRINT_SIZE];
	SSL_CTX *ctx = tls_load(o, own_files, fingerprint);
	if (ctx == NULL)
		return EXIT_REFUSED;
	SSL_CTX_free(ctx);
	printf("%s\n", fingerprint);
	return 0;
}

/* ------------------------------------------------------------ files */

/* The name of a uid for a sentence: the account's name, else the number. */
static void user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);
	if (pw != NULL)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "uid %u", (unsigned)uid);
}

/* Says, if PATH (the database or its folder) exists and this process cannot
 * write it, whose it is and what to run, and returns -1; 0 otherwise. A
 * database netpontd cannot write fails every sign-in later, so it is
 * refused at the start (typically after `--init-admin` ran as root). */
static int refuse_unwritable(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || access(path, W_OK) == 0)
		return 0;
	if (errno == EROFS) {
		/* Under netpontd.service's ProtectSystem=strict only the state
		 * folder /var/lib/netpont is writable. */
		fprintf(stderr,
		        "netpontd: %s is on a read-only file system. Keep the database in "
		        "/var/lib/netpont, or make its folder writable (ReadWritePaths= in "
		        "netpontd.service)\n",
		        path);
		return -1;
	}
	char owner[64], self[64];
	user_name(st.st_uid, owner, sizeof owner);
	user_name(geteuid(), self, sizeof self);
	if (st.st_uid == geteuid())
		fprintf(stderr,
		        "netpontd: %s belongs to %s, who runs netpontd, but its mode %04o does "
		        "not let it be written. Run: chmod u+w %s\n",
		        path, owner, (unsigned)(st.st_mode & 07777), path);
	else
		fprintf(stderr,
		        "netpontd: %s belongs to %s, but netpontd runs as %s and cannot write "
		        "it. Run: chown %s: %s\n",
		        path, owner, self, self, path);
	return -1;
}

/* The database and the folder it lives in (SQLite writes its journal and
 * WAL files beside it) must both be writable. Returns 0 or -1 after saying
 * why. */
static int database_writable(const char *db)
{
	char dir[sizeof((options *)0)->db];
	snprintf(dir, sizeof dir, "%s", db);
	if (refuse_unwritable(dirname(dir)) != 0)
		return -1;
	return refuse_unwritable(db);
}

/* store_staff_each's callback: sets *ctx to 1 on an administrator. */
static int count_admin(void *ctx, const store_staff *row)
{
	if (strcmp(row->role, "admin") == 0)
		*(int *)ctx = 1;
	return 0;
}

/* Whether the database at PATH already has an administrator: 1 yes, 0 no
 * (or no database yet), -1 after saying why it cannot be read. */
static int has_admin(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	np_err err = {0};
	store_db *db = NULL;
	if (store_db_open(path, true, &db, &err) != 0) {
		fprintf(stderr, "netpontd: %s\n", err.message);
		return -1;
	}
	int found = 0;
	int rc = store_staff_each(db, count_admin, &found, &err);
	store_db_close(db);
	if (rc != 0) {
		fprintf(stderr, "netpontd: %s\n", err.message);
		return -1;
	}
	return found;
}

static int init_admin(const options *o, bool pwhash_min, bool own_files)
{
	/* --init-admin makes the first administrator once; later ones are
	 * added by an administrator (netpontctl staff add). */
	if (database_writable(o->db) != 0)
		return EXIT_REFUSED;
	int admin = has_admin(o->db);
	if (admin != 0) {
		if (admin == 1)
			fprintf(stderr,
			        "netpontd: %s already has an administrator; nothing was changed. "
			        "Add more staff with: netpontctl staff add NAME --role admin\n",
			        o->db);
		return EXIT_REFUSED;
	}
	char password[256];
	const char *env = getenv("NETPONT_PASSWORD");
	if (env != NULL) {
		snprintf(password, sizeof password, "%s", env);
	} else {
		char again[256];
		if (prompt_secret("Password for the new administrator: ", password,
		                  sizeof password) != 0 ||
		    prompt_secret("The same password again: ", again, sizeof again) != 0) {
			fprintf(stderr, "netpontd: no password: set NETPONT_PASSWORD or run in a "
			                "terminal\n");
			return EXIT_USAGE;
		}
		if (strcmp(password, again) != 0) {
			fprintf(stderr,
			        "netpontd: the two passwords differ; nothing was created\n");
			return EXIT_REFUSED;
		}
	}
	np_err err = {0};
	store_db *db = NULL;
	if (store_db_open(o->db, true, &db, &err) != 0) {
		fprintf(stderr, "netpontd: %s\n", err.message);
		return EXIT_REFUSED;
	}
	int rc =
	    gateway_init_admin(db, o->init_admin, password, pwhash_min, (int64_t)time(NULL), &err);
	store_db_close(db);
	memset(password, 0, sizeof password);
	if (rc != 0) {
		fprintf(stderr, "netpontd: %s\n", err.message);
		return EXIT_REFUSED;
	}
	fprintf(stderr, "netpontd: created administrator %s in %s\n", o->init_admin, o->db);
	char fingerprint[NP_FINGERPRINT_SIZE];
	SSL_CTX *ctx = tls_load(o, own_files, fingerprint);
	if (ctx == NULL)
		return EXIT_REFUSED;
	SSL_CTX_free(ctx);
	fprintf(stderr, "netpontd: the server's certificate %s has the fingerprint %s\n", o->cert,
	        fingerprint);
	return 0;
}

/* ------------------------------------------------------------ running */

typedef struct running {
	net_server *server;
	uv_signal_t sigint, sigterm;
	/* systemd's watchdog (WatchdogSec= in netpontd.service): pinged at half
	 * its period while the loop turns; inactive outside systemd. */
	uv_timer_t watchdog;
	bool watchdog_on;
} running;

/* Tells systemd the loop still turns. sd_notify does nothing without
 * NOTIFY_SOCKET, so outside systemd none of this changes anything. */
static void on_watchdog(uv_timer_t *t)
{
	(void)t;
	sd_notify(0, "WATCHDOG=1");
}

/* Starts the watchdog timer when systemd asks for one (WATCHDOG_USEC and
 * WATCHDOG_PID naming this process). */
static void watchdog_start(uv_loop_t *loop, running *r)
{
	uint64_t usec = 0;
	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return;
	uint64_t ms = usec / 2000;
	if (ms == 0)
		ms = 1;
	uv_timer_init(loop, &r->watchdog);
	uv_timer_start(&r->watchdog, on_watchdog, ms, ms);
	r->watchdog_on = true;
}

static void on_signal(uv_signal_t *h, int signum)
{
	running *r = h->data;
	fprintf(stderr, "netpontd: %s received, stopping\n",
	        signum == SIGINT ? "SIGINT" : "SIGTERM");
	sd_notify(0, "STOPPING=1\nSTATUS=Stopping");
	net_server_stop(r->server);
	uv_close((uv_handle_t *)&r->sigint, NULL);
	uv_close((uv_handle_t *)&r->sigterm, NULL);
	if (r->watchdog_on)
		uv_close((uv_handle_t *)&r->watchdog, NULL);
}

static int serve(const options *o, bool pwhash_min, bool own_files)
{
	np_address listen;
	if (np_address_parse(o->listen, NP_DEFAULT_PORT, &listen) != NP_ADDRESS_OK) {
		fprintf(stderr, "netpontd: --listen must look like 127.0.0.1:7450, not \"%s\"\n",
		        o->listen);
		return EXIT_USAGE;
	}
	if (access(o->db, F_OK) != 0) {
		fprintf(stderr,
		        "netpontd: the database %s does not exist; create it with\n"
		        "  netpontd --db %s --init-admin NAME\n",
		        o->db, o->db);
		return EXIT_REFUSED;
	}
	if (database_writable(o->db) != 0)
		return EXIT_REFUSED;
	char fingerprint[NP_FINGERPRINT_SIZE];
	SSL_CTX *tls = tls_load(o, own_files, fingerprint);
	if (tls == NULL)
		return EXIT_REFUSED;
	np_err err = {0};
	store_db *db = NULL;
	if (store_db_open(o->db, false, &db, &err) != 0) {
		fprintf(stderr, "netpontd: %s\n", err.message);
		SSL_CTX_free(tls);
		return EXIT_REFUSED;
	}

	uv_loop_t loop;
	if (uv_loop_init(&loop) != 0) {
		store_db_close(db);
		SSL_CTX_free(tls);
		fprintf(stderr, "netpontd: cannot start the event loop\n");
		return EXIT_REFUSED;
	}
	running r = {0};
	net_config net = {.host = listen.host,
	                  .port = listen.port,
	                  .idle_timeout_s = o->idle_timeout_s,
	                  .conns_max = o->max_connections,
	                  .conns_per_address = o->max_connections_per_address,
	                  .tls = tls};
	gateway_config gwc = {.site_name = o->site_name[0] ? o->site_name : NULL,
	                      /* Clients ping three times per idle timeout. */
	                      .heartbeat_s = o->idle_timeout_s >= 3 ? o->idle_timeout_s / 3 : 1,
	                      .pwhash_min = pwhash_min,
	                      .fingerprint = fingerprint};
	/* Refusals are worded in each connection's language; the log stays
	 * English (this process keeps the "C" locale). */
	const char *localedir = getenv("NETPONT_LOCALEDIR");
	if (i18n_init(localedir != NULL && localedir[0] != '\0' ? localedir
	                                                        : NETPONT_INSTALL_LOCALEDIR) != 0)
		fprintf(stderr, "netpontd: the C.UTF-8 locale is missing; every client gets "
		                "English\n");
	int status = 0;
	net_announce *announce = NULL;
	if (net_server_start(&loop, db, &net, &gwc, &r.server, &err) != 0) {
		fprintf(stderr, "netpontd: %s\n", err.message);
		net_server_stop(r.server);
		status = EXIT_REFUSED;
	} else {
		uv_signal_init(&loop, &r.sigint);
		uv_signal_init(&loop, &r.sigterm);
		r.sigint.data = r.sigterm.data = &r;
		uv_signal_start(&r.sigint, on_signal, SIGINT);
		uv_signal_start(&r.sigterm, on_signal, SIGTERM);
		fprintf(stderr, "netpontd %s: listening on %s:%d, database %s\n", NETPONT_VERSION,
		        listen.host, net_server_port(r.server), o->db);
		fprintf(stderr, "netpontd: TLS 1.3 with certificate %s, fingerprint %s\n", o->cert,
		        fingerprint);
		/* The listener accepts connections now: a Type=notify unit is
		 * started, and units ordered after it may connect. */
		watchdog_start(&loop, &r);
		if (!o->announce_off)
			announce = net_announce_start((uint16_t)net_server_port(r.server),
			                              fingerprint, o->site_name);
		sd_notifyf(0, "READY=1\nSTATUS=Listening on %s:%d", listen.host,
		           net_server_port(r.server));
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	net_announce_stop(announce);
	net_server_free(r.server);
	if (uv_loop_close(&loop) != 0) {
		fprintf(stderr, "netpontd: a handle was left open at exit\n");
		status = EXIT_REFUSED;
	}
	store_db_close(db);
	SSL_CTX_free(tls);
	i18n_shutdown();
	if (status == 0)
		fprintf(stderr, "netpontd: stopped\n");
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'}, {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'}, {"init-admin", required_argument, NULL, 'i'},
	    {"fingerprint", no_argument, NULL, 'f'},  {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
	};
	options o = {.idle_timeout_s = 45};
	snprintf(o.db, sizeof o.db, "%s", DEFAULT_DB);
	snprintf(o.listen, sizeof o.listen, "%s", DEFAULT_LISTEN);
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			o.config_path = optarg;
			break;
		case 'd':
			snprintf(o.db, sizeof o.db, "%s", optarg);
			o.db_set = true;
			break;
		case 'l':
			snprintf(o.listen, sizeof o.listen, "%s", optarg);
			o.listen_set = true;
			break;
		case 'i':
			o.init_admin = optarg;
			break;
		case 'f':
			o.fingerprint = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("netpontd %s\n", NETPONT_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "netpontd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.config_path != NULL && read_config(&o) != 0)
		return EXIT_USAGE;
	/* Log lines go out one by one, even into a pipe. */
	setvbuf(stderr, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	const char *pw = getenv("NETPONT_PWHASH");
	bool pwhash_min = pw != NULL && strcmp(pw, "min") == 0;

	/* Only the pair beside the database is made on demand: files the
	 * config names are the operator's and must exist. */
	bool own_files = o.cert[0] != '\0' || o.key[0] != '\0';
	tls_paths(&o);
	int rc;
	if (o.fingerprint) {
		if (!o.db_set && o.config_path == NULL) {
			fprintf(stderr,
			        "netpontd: --fingerprint needs --db PATH or --config FILE\n");
			return EXIT_USAGE;
		}
		rc = print_fingerprint(&o, own_files);
	} else if (o.init_admin != NULL) {
		if (!o.db_set && o.config_path == NULL) {
			fprintf(stderr, "netpontd: --init-admin needs --db PATH\n");
			return EXIT_USAGE;
		}
		rc = init_admin(&o, pwhash_min, own_files);
	} else {
		rc = serve(&o, pwhash_min, own_files);
	}
	/* Joins the thread pool's threads, so valgrind sees nothing left. */
	uv_library_shutdown();
	return rc;
}
