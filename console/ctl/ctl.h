/* netpontctl's shared declarations: the command tables, the per-run context,
 * the helpers every command file uses (commands.c) and the output helpers
 * (output.c). Each command group lives in its own file (cmd-seat.c,
 * cmd-money.c, ...) and exports its table; commands.c joins the tables in
 * the order --help lists them. client.c connects and signs in; main.c
 * parses the command line and dispatches. */
#ifndef NETPONTCTL_CTL_H
#define NETPONTCTL_CTL_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libintl.h>
#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "common/np_address.h"
#include "common/np_display_name.h"
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
typedef struct ctl_table ctl_table; /* output.c */

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
	bool accept_new; /* --accept-new: trust and remember a server seen first */
};

/* ---- the command tables (one per command group, each ending with a
 * NULL group). A group's commands stay next to each other in one table. */

extern const ctl_command ctl_seat_commands[];     /* cmd-seat.c */
extern const ctl_command ctl_resident_commands[]; /* cmd-resident.c */
/* cmd-progress.c: resident note, resident history (after the resident table) */
extern const ctl_command ctl_progress_commands[];
extern const ctl_command ctl_session_commands[];  /* cmd-session.c */
extern const ctl_command ctl_help_commands[];     /* cmd-help.c */
extern const ctl_command ctl_money_commands[];    /* cmd-money.c: tariff .. pay */
extern const ctl_command ctl_report_commands[];   /* cmd-report.c */
/* cmd-volunteer.c: report volunteers, volunteer */
extern const ctl_command ctl_volunteer_commands[];
extern const ctl_command ctl_staff_commands[];    /* cmd-staff.c: staff, shift, setting */
extern const ctl_command ctl_hours_commands[];    /* cmd-hours.c: hours */
extern const ctl_command ctl_booking_commands[];  /* cmd-booking.c */
extern const ctl_command ctl_course_commands[];   /* cmd-course.c */
/* cmd-directory.c: directory */
extern const ctl_command ctl_directory_commands[];
extern const ctl_command ctl_ledger_commands[];   /* cmd-money.c: ledger */
extern const ctl_command ctl_audit_commands[];    /* cmd-audit.c */
extern const ctl_command ctl_retention_commands[]; /* cmd-retention.c */
extern const ctl_command ctl_backup_commands[];   /* cmd-backup.c */
extern const ctl_command ctl_print_commands[];    /* cmd-print.c */
extern const ctl_command ctl_agent_commands[];    /* cmd-agent.c: --agent SOCKET */

/* A walk over every command of every table, in the order --help lists them:
 * start from {0} and call ctl_command_next() until it returns NULL. */
typedef struct ctl_command_iter {
	size_t table, index;
} ctl_command_iter;

const ctl_command *ctl_command_next(ctl_command_iter *it);

/* ---- main.c */

/* The value of --name, or NULL when absent. Flags have the value "". */
const char *ctl_option(const ctl_ctx *ctx, const char *name);
bool ctl_flag(const ctl_ctx *ctx, const char *name);

/* ---- commands.c: what the command files share */

/* Every command's exchange: msg, a request message, goes out as the
 * Envelope body of kind `body`, and the reply comes back. expected is the
 * reply's kind, or NETPONT__ENVELOPE__BODY__NOT_SET when an Ok or any
 * reply will do (the command looks at it). On CTL_EXIT_OK *reply is the
 * caller's to ctl_reply_free(); otherwise the reason was printed and *reply
 * is NULL. msg stays the caller's. A list in pages (netpont.proto, SeatList)
 * is asked for in pages of NP_PAGE_CLIENT_ROWS when msg names no page_size
 * (its page_size is set), and *reply is every page joined into one reply. */
int ctl_request(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                Netpont__Envelope__BodyCase expected, Netpont__Envelope **reply);
/* Frees a reply from ctl_request(); NULL is fine. */
void ctl_reply_free(Netpont__Envelope *reply);

/* How a command shows the reply; data is what the command passed along
 * (the request, a sentence to say first, ...). Both stay the caller's.
 * Returns the exit status. */
typedef int (*ctl_reply_printer)(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data);

/* ctl_request(), then the reply shown by print(ctx, reply, data). Returns
 * the exit status. */
int ctl_request_print(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                      Netpont__Envelope__BodyCase expected, ctl_reply_printer print,
                      const void *data);

/* The CSV format (an np_csv_format) a --csv command writes: --csv-format
 * rfc4180|spreadsheet, else the locale's (common/np_csv.h); -1 after a
 * usage error. */
int ctl_csv_format(ctl_ctx *ctx);

/* Looks word up in the NULL-terminated words: its index, or -1. */
int ctl_word_index(const char *word, const char *const *words);

/* A new builder with an object begun: the JSON a command says when done. */
JsonBuilder *ctl_json_begin_object(void);

/* Ends the JSON object begun in b, adding what a generic reply carries (the
 * session, help call or resident it names), and prints it; or prints the
 * sentence in plain mode. Takes b. Returns CTL_EXIT_OK. */
int ctl_finish_simple(ctl_ctx *ctx, JsonBuilder *b, const Netpont__Envelope *reply,
                      const char *sentence);

/* ctl_request() for a change that any reply confirms, then
 * ctl_finish_simple() with b and the sentence. Takes b (freed also when
 * the request fails). Returns the exit status. */
int ctl_request_done(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg, JsonBuilder *b,
                     const char *sentence);

/* How a list command shows one item of the reply's list (the only repeated
 * field of the reply's body, such as SeatListReply.seats): as JSON and as
 * a table row, with the table's headers and sentences. */
typedef struct ctl_list {
	/* Adds one item: one value of the array, or members of the object when
	 * json_object is set. */
	void (*json_item)(JsonBuilder *b, const void *item);
	/* Adds one item to the table as rows of a cell per header. */
	void (*table_row)(const ctl_ctx *ctx, ctl_table *t, const void *item);
	/* How many things an item holds for the "none" sentence (a seat's held
	 * prints); NULL: one. */
	size_t (*count)(const void *item);
	bool json_object; /* the items are the members of one JSON object */
	/* N_() column titles ("" for an untitled one), up to 8, then NULL. */
	const char *headers[9];
	unsigned right; /* bit c set: column c is right-aligned */
	/* N_() sentences: said instead of the table when there is nothing (NULL:
	 * an empty table), and after a table (NULL: nothing). */
	const char *none, *after;
	/* Whether the server left rows out of the reply (a list it cuts at
	 * one frame); NULL: it never does. Then the N_() sentence cut is said
	 * on stderr, so that JSON on stdout stays one value. */
	bool (*left_out)(const Netpont__Envelope *reply);
	const char *cut;
} ctl_list;

/* ctl_request(), then the reply's items shown as list says: a JSON array
 * (or object), the "none" sentence when there are none, or a table. msg
 * stays the caller's. Returns the exit status. */
int ctl_list_run(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                 Netpont__Envelope__BodyCase expected, const ctl_list *list);

/* Input checks: each returns CTL_EXIT_OK, or CTL_EXIT_USAGE after printing
 * why (before anything is sent). */
/* A whole amount of minor units in --option (required); above_zero refuses 0. */
int ctl_need_amount(ctl_ctx *ctx, const char *option, bool above_zero, int64_t *out);
/* A positive id in text. */
int ctl_need_id(ctl_ctx *ctx, const char *text, int64_t *id);
/* A non-empty --option; *out points into the command line. */
int ctl_need_text(ctl_ctx *ctx, const char *option, const char **out);

/* Label and value blocks ("Name:  Kovács Mária") are two-column tables
 * without headers, so translated labels of any length line up. Adds one
 * row; value NULL is "". */
void ctl_kv_add(ctl_table *kv, const char *label, const char *value);

/* "Kovács Mária (kovacsm)", or whichever of the two is known; a new string
 * (g_free). */
char *ctl_person(const char *name, const char *login);
/* "14:05" of a Unix time in local time, "" for 0; a new string (g_free). */
char *ctl_hour_minute(int64_t unix_seconds);

/* ---- output.c */

/* Prints "netpontctl: <message>" on stderr. */
void ctl_error(const char *format, ...) G_GNUC_PRINTF(1, 2);

/* Prints "netpontctl: <message>" and the command's short usage (ctx NULL:
 * the program's) on stderr; returns CTL_EXIT_USAGE. */
int ctl_usage_error(const ctl_ctx *ctx, const char *format, ...) G_GNUC_PRINTF(2, 3);

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
/* Adds value, or null when it is not known. */
void ctl_json_add_int_or_null(JsonBuilder *b, const char *key, bool known, int64_t value);

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
/* A help call's topic ("job_search") in words; "not said" for "" or NULL. */
const char *ctl_help_topic_label(const char *topic);
const char *ctl_staff_role_label(Netpont__StaffRole role);
const char *ctl_ledger_kind_label(Netpont__LedgerKind kind);

/* Money in the site's currency, as a new string (g_free). */
char *ctl_money(const ctl_ctx *ctx, int64_t amount);
/* A resident's balance in words: "500 Ft" owed, "credit 500 Ft" paid in
 * advance, never a negative amount; a new string (g_free). */
char *ctl_balance(const ctl_ctx *ctx, int64_t due, int64_t credit);
/* "42 min", as a new string (g_free). */
char *ctl_duration(int64_t seconds);
/* "2026-11-24 14:05" in local time, or "" for 0; new string (g_free). */
char *ctl_time(int64_t unix_seconds);

/* An aligned text table for plain output (ctl_table). */
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
