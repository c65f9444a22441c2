/* netpontctl's shared declarations: the command table, the per-run context,
 * and the output helpers (output.c) used by the command handlers
 * (commands.c). main.c parses the command line and dispatches. */
#ifndef NETPONTCTL_CTL_H
#define NETPONTCTL_CTL_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libintl.h>
#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "common/np_address.h"
#include "parse.h"

#define _(s)  gettext(s)
#define N_(s) (s)

/* The exit statuses promised by the command-line contract. */
enum {
	CTL_EXIT_OK = 0,
	CTL_EXIT_REFUSED = 1,
	CTL_EXIT_USAGE = 2,
	CTL_EXIT_CONNECT = 3,
};

#define CTL_MAX_OPTIONS 16

typedef struct ctl_ctx ctl_ctx;

typedef struct ctl_command {
	const char *group;    /* "seat", or the whole command for "bill", "pay" */
	const char *name;     /* "add", or NULL for a one-word command */
	const char *synopsis; /* "seat add NAME" (command syntax, not translated) */
	const char *summary;  /* N_() marked, translated when printed */
	int min_args, max_args;
	/* Space-separated options without "--"; a trailing '=' means it takes a
	 * value: "name= pin= category= guest". */
	const char *options;
	bool agent; /* an --agent SOCKET command */
	int (*run)(ctl_ctx *ctx);
} ctl_command;

struct ctl_ctx {
	bool json;
	const char *server_text; /* "HOST[:PORT]" as given, for messages */
	np_address server;
	const char *user;
	char *password; /* owned, wiped at exit; kept to sign in again */
	const char *agent_socket;
	const ctl_command *cmd;
	char **args;
	int nargs;
	const char *option_names[CTL_MAX_OPTIONS];
	const char *option_values[CTL_MAX_OPTIONS]; /* "" for flags */
	int noptions;
	ctl_client client;
	bool connected;
};

extern const ctl_command ctl_commands[];

/* The value of --name, or NULL when absent. Flags have the value "". */
const char *ctl_option(const ctl_ctx *ctx, const char *name);
bool ctl_flag(const ctl_ctx *ctx, const char *name);

/* Prints "netpontctl: <message>" and the command's short usage on stderr;
 * returns CTL_EXIT_USAGE. */
int ctl_usage_error(const ctl_ctx *ctx, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Prints "netpontctl: <message>" on stderr. */
void ctl_error(const char *format, ...) G_GNUC_PRINTF(1, 2);

/* Connects and signs in (staff), or connects to the agent socket, when not
 * done yet. Returns CTL_EXIT_OK or the exit status after printing why. */
int ctl_connect(ctl_ctx *ctx);

/* Connects and signs in when not done yet, sends req and waits for the
 * reply. Returns CTL_EXIT_OK with *reply set (caller frees it with
 * netpont__envelope__free_unpacked), or the exit status after printing why:
 * an Error reply is CTL_EXIT_REFUSED (CTL_EXIT_CONNECT for AUTH), a network
 * failure CTL_EXIT_CONNECT. */
int ctl_call(ctl_ctx *ctx, Netpont__Envelope *req, Netpont__Envelope **reply);

/* The password for a new staff account: NETPONT_NEW_PASSWORD, or asked twice
 * on the terminal. Returns a new string (free with ctl_free_secret), or NULL
 * after printing why. */
char *ctl_new_password(void);
/* Wipes and frees a secret; NULL is fine. */
void ctl_free_secret(char *secret);

/* Fails with CTL_EXIT_REFUSED and a message when the reply is not of the
 * expected kind (a server speaking another dialect). */
int ctl_expect(const Netpont__Envelope *reply, Netpont__Envelope__BodyCase expected);

/* ---- output.c */

/* Prints node as one JSON value on stdout and frees it. */
void ctl_json_print(JsonNode *node);
/* The builder's root, printed. Frees the builder. */
void ctl_json_print_builder(JsonBuilder *builder);

void ctl_json_add_string(JsonBuilder *b, const char *key, const char *value);
/* Adds null when value is NULL or empty. */
void ctl_json_add_string_or_null(JsonBuilder *b, const char *key, const char *value);
void ctl_json_add_int(JsonBuilder *b, const char *key, int64_t value);
void ctl_json_add_bool(JsonBuilder *b, const char *key, bool value);
void ctl_json_add_null(JsonBuilder *b, const char *key);

/* Each adds one object (to an array or after a member name). */
void ctl_json_session(JsonBuilder *b, const Netpont__SessionInfo *s);
void ctl_json_help_call(JsonBuilder *b, const Netpont__HelpCall *h);
void ctl_json_resident(JsonBuilder *b, const Netpont__Resident *r);
void ctl_json_ledger_entry(JsonBuilder *b, const Netpont__LedgerEntry *e);
void ctl_json_shift(JsonBuilder *b, const Netpont__Shift *s);

/* Words used in JSON and tables; never translated in JSON. */
const char *ctl_seat_state_name(Netpont__SeatState state);
const char *ctl_help_state_name(Netpont__HelpState state);
const char *ctl_staff_role_name(Netpont__StaffRole role);
const char *ctl_ledger_kind_name(Netpont__LedgerKind kind);
/* The same, translated for people. */
const char *ctl_seat_state_label(Netpont__SeatState state);
const char *ctl_help_state_label(Netpont__HelpState state);
const char *ctl_staff_role_label(Netpont__StaffRole role);
const char *ctl_ledger_kind_label(Netpont__LedgerKind kind);

/* Money in the site's currency, as a new string (g_free). */
char *ctl_money(const ctl_ctx *ctx, int64_t amount);
/* "42 min", as a new string (g_free). */
char *ctl_duration(int64_t seconds);
/* "2026-11-24 14:05" in local time, or "" for 0; new string (g_free). */
char *ctl_time(int64_t unix_seconds);

/* An aligned text table for plain output. */
typedef struct ctl_table ctl_table;
/* headers: ncols translated column titles, or NULL for a table without a
 * header row (label and value blocks). */
ctl_table *ctl_table_new(int ncols, const char *const *headers);
/* Adds one row of ncols strings (copied). */
void ctl_table_add(ctl_table *t, const char *const *cells);
/* Marks columns to be right-aligned (numbers, money). */
void ctl_table_right(ctl_table *t, int column);
/* Prints and frees the table. */
void ctl_table_print(ctl_table *t);

#endif
