/* netpontd: the Netpont server. Parses the command line and the config
 * file, opens the database, and runs the event loop until SIGINT/SIGTERM.
 *
 *   netpontd [--config FILE] [--db PATH] [--listen HOST:PORT]
 *   netpontd --db PATH --init-admin NAME
 *   netpontd --db PATH --fingerprint
 *   netpontd --backup-to DIR [--keep N] [--db PATH | --config FILE]
 *   netpontd --restore FILE [--db PATH | --config FILE]
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

#include "backups.h"
#include "common/np_address.h"
#include "common/np_log.h"
#include "common/np_tls.h"
#include "core/i18n.h"
#include "gateway.h"
#include "net/announce.h"
#include "net/server.h"
#include "store/backup.h"
#include "store/db.h"
#include "store/staff.h"

#define DEFAULT_LISTEN "127.0.0.1:7450"
#define DEFAULT_DB     "/var/lib/netpont/netpont.db"
/* Daily backups kept when neither --keep nor [backup] keep says. */
#define BACKUP_KEEP_DEFAULT 14

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
	/* --site-language CODE with --init-admin: the language of the new
	 * site's data; NULL = the log's (the locale's) language. */
	const char *site_language;
	bool fingerprint; /* --fingerprint: print it and exit */
	char cert[1100];  /* [server] cert; "" = beside the database */
	char key[1100];   /* [server] key; "" = beside the database */
	/* [server] log_level; info unless set. */
	np_log_level log_level;
	/* Backups: --backup-to DIR ("" = "backups" beside the database),
	 * --keep N (or [backup] keep), --restore FILE. */
	const char *backup_to;
	unsigned keep; /* 0: not set; then BACKUP_KEEP_DEFAULT */
	bool keep_set;
	const char *restore;
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
	        "       netpontd --db PATH --init-admin NAME [--site-language CODE]\n"
	        "       netpontd --db PATH --fingerprint\n"
	        "       netpontd --backup-to DIR [--keep N] [--db PATH | --config FILE]\n"
	        "       netpontd --restore FILE [--db PATH | --config FILE]\n"
	        "\n"
	        "The Netpont server: seats, sessions, help calls and money for a public\n"
	        "internet point, over one SQLite database.\n"
	        "\n"
	        "  --config FILE      read settings from an INI file ([server] listen, db,\n"
	        "                     site_name, idle_timeout_s, max_connections,\n"
	        "                     max_connections_per_address, cert, key, log_level,\n"
	        "                     announce; [backup] keep); flags override it\n"
	        "  --db PATH          the database file (default " DEFAULT_DB ")\n"
	        "  --listen HOST:PORT where to listen (default " DEFAULT_LISTEN ")\n"
	        "  --init-admin NAME  create the database and its first administrator, then\n"
	        "                     exit; the password comes from NETPONT_PASSWORD or a prompt\n"
	        "  --site-language CODE  with --init-admin: the language the site's own data\n"
	        "                     (tariffs, fee categories, guests' names) is written in,\n"
	        "                     e.g. hu or en; default: the locale's language\n"
	        "  --fingerprint      print the SHA-256 fingerprint of the server's TLS\n"
	        "                     certificate (making the key and certificate if missing)\n"
	        "  --backup-to DIR    copy the database (also while netpontd runs) into\n"
	        "                     DIR/netpont-YYYY-MM-DD-HHMM.db and keep the newest N\n"
	        "                     of them ([backup] keep in the config; default 14)\n"
	        "  --keep N           how many daily backups --backup-to keeps\n"
	        "  --restore FILE     replace the database with the backup FILE while\n"
	        "                     netpontd is stopped (the old one is kept beside it)\n"
	        "  --help, --version\n"
	        "\n"
	        "Environment: NETPONT_PWHASH=min hashes new secrets with the cheapest Argon2id\n"
	        "parameters (tests and demos only); NETPONT_LOG_LEVEL=debug (or error, warning,\n"
	        "notice, info) overrides log_level.\n");
}

/* A whole number from min to max for the config key name into *out;
 * false, with the problem noted, otherwise. */
static bool config_number(options *o, const char *name, const char *value, long min, long max,
                          bool seconds, unsigned *out)
{
	char *end = NULL;
	long v = strtol(value, &end, 10);
	if (end == value || *end != '\0' || v < min || v > max) {
		snprintf(o->config_error, sizeof o->config_error,
		         seconds
		             ? np_log_text("%s must be a whole number of seconds from %ld to %ld, "
		                           "not \"%s\"")
		             : np_log_text("%s must be a whole number from %ld to %ld, not \"%s\""),
		         name, min, max, value);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

/* A key of [backup]: keep (how many daily backups --backup-to keeps).
 * Returns 1, or 0 after noting the problem. */
static int config_backup_entry(options *o, const char *name, const char *value)
{
	if (strcmp(name, "keep") == 0) {
		unsigned keep;
		if (!config_number(o, "keep in [backup]", value, 1, 10000, " of backups", &keep))
			return 0;
		if (!o->keep_set)
			o->keep = keep;
		return 1;
	}
	snprintf(o->config_error, sizeof o->config_error,
	         "unknown key \"%s\" in [backup] (known: keep)", name);
	return 0;
}

/* inih callback: returns 0 (stop) at the first problem, noting it. */
static int config_entry(void *user, const char *section, const char *name, const char *value)
{
	options *o = user;
	np_address listen;
	if (strcmp(section, "backup") == 0)
		return config_backup_entry(o, name, value);
	if (strcmp(section, "server") != 0) {
		snprintf(o->config_error, sizeof o->config_error,
		         np_log_text("unknown section [%s] (netpontd reads [server] and [backup])"),
		         section);
		return 0;
	}
	if (strcmp(name, "listen") == 0) {
		if (np_address_parse(value, NP_DEFAULT_PORT, &listen) != NP_ADDRESS_OK) {
			snprintf(o->config_error, sizeof o->config_error,
			         np_log_text("listen must look like 127.0.0.1:7450, not \"%s\""),
			         value);
			return 0;
		}
		if (!o->listen_set)
			snprintf(o->listen, sizeof o->listen, "%s", value);
	} else if (strcmp(name, "db") == 0) {
		if (value[0] == '\0') {
			snprintf(o->config_error, sizeof o->config_error,
			         np_log_text("db must name a file"));
			return 0;
		}
		if (!o->db_set)
			snprintf(o->db, sizeof o->db, "%s", value);
	} else if (strcmp(name, "cert") == 0 || strcmp(name, "key") == 0) {
		if (value[0] == '\0') {
			snprintf(o->config_error, sizeof o->config_error,
			         np_log_text("%s must name a file"), name);
			return 0;
		}
		snprintf(name[0] == 'c' ? o->cert : o->key, sizeof o->cert, "%s", value);
	} else if (strcmp(name, "log_level") == 0) {
		if (!np_log_level_parse(value, &o->log_level)) {
			np_log_level_problem("server", value, o->config_error,
			                     sizeof o->config_error);
			return 0;
		}
	} else if (strcmp(name, "site_name") == 0) {
		snprintf(o->site_name, sizeof o->site_name, "%s", value);
	} else if (strcmp(name, "idle_timeout_s") == 0) {
		if (!config_number(o, name, value, 1, 3600, true, &o->idle_timeout_s))
			return 0;
	} else if (strcmp(name, "max_connections") == 0) {
		if (!config_number(o, name, value, 1, 100000, false, &o->max_connections))
			return 0;
	} else if (strcmp(name, "max_connections_per_address") == 0) {
		if (!config_number(o, name, value, 1, 100000, false,
		                   &o->max_connections_per_address))
			return 0;
	} else if (strcmp(name, "announce") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			snprintf(o->config_error, sizeof o->config_error,
			         np_log_text("announce must be yes or no, not \"%s\""), value);
			return 0;
		}
		o->announce_off = strcmp(value, "no") == 0;
	} else {
		snprintf(
		    o->config_error, sizeof o->config_error,
		    np_log_text("unknown key \"%s\" (known: listen, db, site_name, idle_timeout_s, "
		                "max_connections, max_connections_per_address, cert, key, "
		                "log_level, announce)"),
		    name);
		return 0;
	}
	return 1;
}

static int read_config(options *o)
{
	int line = ini_parse(o->config_path, config_entry, o);
	if (line == -1) {
		np_log(NP_LOG_ERROR, "cannot read the config file %s: %s", o->config_path,
		       strerror(errno));
		return -1;
	}
	if (line != 0) {
		np_log(NP_LOG_ERROR, "%s, line %d: %s", o->config_path, line,
		       o->config_error[0] ? o->config_error
		                          : np_log_text("this line is not valid INI"));
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
		np_log(NP_LOG_ERROR, "%s", err);
		return NULL;
	}
	SSL_CTX *ctx = np_tls_server_context(o->cert, o->key, fingerprint, err, sizeof err);
	if (ctx == NULL)
		np_log(NP_LOG_ERROR, "%s", err);
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
		np_log(NP_LOG_ERROR,
		       "%s is on a read-only file system. Keep the database in "
		       "/var/lib/netpont, or make its folder writable (ReadWritePaths= in "
		       "netpontd.service)",
		       path);
		return -1;
	}
	char owner[64], self[64];
	user_name(st.st_uid, owner, sizeof owner);
	user_name(geteuid(), self, sizeof self);
	if (st.st_uid == geteuid())
		np_log(NP_LOG_ERROR,
		       "%s belongs to %s, who runs netpontd, but its mode %04o does "
		       "not let it be written. Run: chmod u+w %s",
		       path, owner, (unsigned)(st.st_mode & 07777), path);
	else
		np_log(NP_LOG_ERROR,
		       "%s belongs to %s, but netpontd runs as %s and cannot write "
		       "it. Run: chown %s: %s",
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
		np_log(NP_LOG_ERROR, "%s", err.message);
		return -1;
	}
	int found = 0;
	int rc = store_staff_each(db, count_admin, &found, &err);
	store_db_close(db);
	if (rc != 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return -1;
	}
	return found;
}

/* The site's language for a new database: --site-language, else the
 * locale's language without its country ("hu_HU" -> "hu"). */
static int set_site_language(const options *o)
{
	char language[16];
	if (o->site_language != NULL)
		snprintf(language, sizeof language, "%s", o->site_language);
	else
		snprintf(language, sizeof language, "%.*s", (int)strcspn(np_log_language(), "_"),
		         np_log_language());
	np_err err = {0};
	store_db *db = NULL;
	if (store_db_open(o->db, true, &db, &err) != 0 ||
	    gateway_set_site_language(db, language, &err) != 0) {
		store_db_close(db);
		np_log(NP_LOG_ERROR, "%s", err.message);
		return -1;
	}
	store_db_close(db);
	np_log(NP_LOG_NOTICE, "the site's data is written in %s",
	       language[0] != '\0' ? language : "en");
	return 0;
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
			np_log(NP_LOG_ERROR,
			       "%s already has an administrator; nothing was changed. "
			       "Add more staff with: netpontctl staff add NAME --role admin",
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
			np_log(NP_LOG_ERROR, "no password: set NETPONT_PASSWORD or run in a "
			                     "terminal");
			return EXIT_USAGE;
		}
		if (strcmp(password, again) != 0) {
			np_log(NP_LOG_ERROR, "the two passwords differ; nothing was created");
			return EXIT_REFUSED;
		}
	}
	np_err err = {0};
	store_db *db = NULL;
	if (store_db_open(o->db, true, &db, &err) != 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return EXIT_REFUSED;
	}
	int rc =
	    gateway_init_admin(db, o->init_admin, password, pwhash_min, (int64_t)time(NULL), &err);
	store_db_close(db);
	memset(password, 0, sizeof password);
	if (rc != 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return EXIT_REFUSED;
	}
	np_log(NP_LOG_NOTICE, "created administrator %s in %s", o->init_admin, o->db);
	if (set_site_language(o) != 0)
		return EXIT_REFUSED;
	char fingerprint[NP_FINGERPRINT_SIZE];
	SSL_CTX *ctx = tls_load(o, own_files, fingerprint);
	if (ctx == NULL)
		return EXIT_REFUSED;
	SSL_CTX_free(ctx);
	np_log(NP_LOG_NOTICE, "the server's certificate %s has the fingerprint %s", o->cert,
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
	np_log(NP_LOG_NOTICE, "%s received, stopping", signum == SIGINT ? "SIGINT" : "SIGTERM");
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
		np_log(NP_LOG_ERROR, "--listen must look like 127.0.0.1:7450, not \"%s\"",
		       o->listen);
		return EXIT_USAGE;
	}
	if (access(o->db, F_OK) != 0) {
		np_log(NP_LOG_ERROR,
		       "the database %s does not exist; create it with: "
		       "netpontd --db %s --init-admin NAME",
		       o->db, o->db);
		return EXIT_REFUSED;
	}
	if (database_writable(o->db) != 0)
		return EXIT_REFUSED;
	np_err err = {0};
	/* Held until exit: a restore waits for this server to stop, and a
	 * second server on the same database is refused. */
	int lock = store_lock_take(o->db, STORE_LOCK_SERVER, &err);
	if (lock < 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		return EXIT_REFUSED;
	}
	char fingerprint[NP_FINGERPRINT_SIZE];
	SSL_CTX *tls = tls_load(o, own_files, fingerprint);
	if (tls == NULL) {
		store_lock_release(lock);
		return EXIT_REFUSED;
	}
	store_db *db = NULL;
	if (store_db_open(o->db, false, &db, &err) != 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		SSL_CTX_free(tls);
		store_lock_release(lock);
		return EXIT_REFUSED;
	}

	uv_loop_t loop;
	if (uv_loop_init(&loop) != 0) {
		store_db_close(db);
		SSL_CTX_free(tls);
		store_lock_release(lock);
		np_log(NP_LOG_ERROR, "cannot start the event loop");
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
	int status = 0;
	net_announce *announce = NULL;
	if (net_server_start(&loop, db, &net, &gwc, &r.server, &err) != 0) {
		np_log(NP_LOG_ERROR, "%s", err.message);
		net_server_stop(r.server);
		status = EXIT_REFUSED;
	} else {
		uv_signal_init(&loop, &r.sigint);
		uv_signal_init(&loop, &r.sigterm);
		r.sigint.data = r.sigterm.data = &r;
		uv_signal_start(&r.sigint, on_signal, SIGINT);
		uv_signal_start(&r.sigterm, on_signal, SIGTERM);
		np_log(NP_LOG_NOTICE, "version %s, listening on %s:%d, database %s",
		       NETPONT_VERSION, listen.host, net_server_port(r.server), o->db);
		np_log(NP_LOG_NOTICE, "TLS 1.3 with certificate %s, fingerprint %s", o->cert,
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
		np_log(NP_LOG_ERROR, "a handle was left open at exit");
		status = EXIT_REFUSED;
	}
	store_db_close(db);
	SSL_CTX_free(tls);
	store_lock_release(lock);
	if (status == 0)
		np_log(NP_LOG_NOTICE, "stopped");
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"init-admin", required_argument, NULL, 'i'},
	    {"site-language", required_argument, NULL, 's'},
	    {"fingerprint", no_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"backup-to", required_argument, NULL, 'b'},
	    {"keep", required_argument, NULL, 'k'},
	    {"restore", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	/* The log and the start-up sentences follow the process's locale;
	 * refusals to clients, each connection's language (core/i18n.h). Until
	 * the first request, np_err's sentences come out in the log's language. */
	const char *localedir = getenv("NETPONT_LOCALEDIR");
	if (localedir == NULL || localedir[0] == '\0')
		localedir = NETPONT_INSTALL_LOCALEDIR;
	np_log_init("netpontd", I18N_DOMAIN, localedir);
	bool messages_ok = i18n_init(localedir) == 0;
	i18n_use(np_log_language());
	options o = {.idle_timeout_s = 45, .log_level = NP_LOG_INFO};
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
		case 's':
			o.site_language = optarg;
			break;
		case 'f':
			o.fingerprint = true;
			break;
		case 'b':
			o.backup_to = optarg;
			break;
		case 'k':
			if (!config_number(&o, "--keep", optarg, 1, 10000, " of backups",
			                   &o.keep)) {
				np_log(NP_LOG_ERROR, "%s", o.config_error);
				return EXIT_USAGE;
			}
			o.keep_set = true;
			break;
		case 'r':
			o.restore = optarg;
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
		np_log(NP_LOG_ERROR, "unexpected argument \"%s\"", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.config_path != NULL && read_config(&o) != 0)
		return EXIT_USAGE;
	np_log_set_level(o.log_level);
	if (!messages_ok)
		np_log(NP_LOG_WARNING, "the C.UTF-8 locale is missing; every client gets English");
	/* Log lines go out one by one, even into a pipe. */
	setvbuf(stderr, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	const char *pw = getenv("NETPONT_PWHASH");
	bool pwhash_min = pw != NULL && strcmp(pw, "min") == 0;

	/* Only the pair beside the database is made on demand: files the
	 * config names are the operator's and must exist. */
	bool own_files = o.cert[0] != '\0' || o.key[0] != '\0';
	tls_paths(&o);
	/* Each of these does one job and exits; two at once would leave one
	 * silently undone. */
	if ((o.fingerprint ? 1 : 0) + (o.init_admin ? 1 : 0) + (o.backup_to ? 1 : 0) +
	        (o.restore ? 1 : 0) >
	    1) {
		np_log(NP_LOG_ERROR, "choose one of --fingerprint, --init-admin, --backup-to "
		                     "and --restore");
		return EXIT_USAGE;
	}
	int rc;
	if (o.fingerprint) {
		if (!o.db_set && o.config_path == NULL) {
			np_log(NP_LOG_ERROR, "--fingerprint needs --db PATH or --config FILE");
			return EXIT_USAGE;
		}
		rc = print_fingerprint(&o, own_files);
	} else if (o.backup_to != NULL) {
		rc = backups_to_dir(o.db, o.backup_to, o.keep != 0 ? o.keep : BACKUP_KEEP_DEFAULT);
	} else if (o.keep_set) {
		np_log(NP_LOG_ERROR, "--keep goes with --backup-to DIR");
		rc = EXIT_USAGE;
	} else if (o.restore != NULL) {
		if (!o.db_set && o.config_path == NULL) {
			np_log(NP_LOG_ERROR, "--restore needs --db PATH or --config FILE, to say "
			                     "which database it replaces");
			return EXIT_USAGE;
		}
		rc = backups_restore(o.db, o.restore);
	} else if (o.site_language != NULL && o.init_admin == NULL) {
		np_log(NP_LOG_ERROR,
		       "--site-language goes with --init-admin; later, an "
		       "administrator sets it: netpontctl setting set site_language CODE");
		rc = EXIT_USAGE;
	} else if (o.init_admin != NULL) {
		if (o.site_language != NULL && o.site_language[0] != '\0' &&
		    !i18n_language_ok(o.site_language)) {
			np_log(NP_LOG_ERROR,
			       "--site-language must be a language code like hu or en");
			return EXIT_USAGE;
		}
		if (!o.db_set && o.config_path == NULL) {
			np_log(NP_LOG_ERROR, "--init-admin needs --db PATH");
			return EXIT_USAGE;
		}
		rc = init_admin(&o, pwhash_min, own_files);
	} else {
		rc = serve(&o, pwhash_min, own_files);
	}
	i18n_shutdown();
	/* Joins the thread pool's threads, so valgrind sees nothing left. */
	uv_library_shutdown();
	return rc;
}
