/* netpontctl: the command line for Netpont staff and for a PC's agent.
 *
 * main() reads the global options, finds the command in the groups' tables
 * (ctl_command_next()), checks its options and arguments, and runs it.
 * Everything that talks to a server goes through ctl_call() (client.c),
 * which connects and signs in on first use, so a command refused for bad
 * input never opens a connection. */
#include "ctl.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTL_DEFAULT_SERVER "127.0.0.1:7450"

/* Describes a group of commands for `netpontctl GROUP --help`. */
typedef struct ctl_group_help {
	const char *group;
	const char *about;    /* N_() */
	const char *notes;    /* N_(), may be NULL: JSON shapes and the like */
	const char *examples; /* command lines, not translated */
} ctl_group_help;

static const ctl_group_help group_help[] = {
    {"seat",
     N_("The public PCs (seats): enrol, list, lock for repair, send a message, renew a token, "
        "remove, invite to join."),
     N_("seat add prints the new PC's agent token once, alone on the last line; with --json\n"
        "it prints {\"name\",\"token\",\"fingerprint\"}. Keep the token: the PC's agent needs it.\n"
        "seat list --json prints an array of {\"name\", \"state\" (offline|free|in_use|locked),\n"
        "\"resident\" (login or null), \"remaining_s\" (seconds or null), \"help\" (open|\n"
        "acknowledged, or null when no call waits), \"connected\", \"guest\", \"help_id\", ...}.\n"
        "seat renew prints a new token the way seat add does; the old one stops working at once.\n"
        "seat remove takes a PC out of the room; its past sessions and payments keep it.\n"
        "seat add and seat renew also print a one-time join code (--json: \"join_code\",\n"
        "\"join_expires_at\"); on the PC, netpont-agent --join CODE does the rest. seat invite\n"
        "prints a code for a PC that takes its host name as its seat name."),
     "  netpontctl --user admin seat add PC-07 | tail -1 > pc-07.token\n"
     "  netpontctl --user admin seat renew PC-07 | tail -1 > pc-07.token\n"
     "  netpontctl --user admin --json seat add PC-08 | jq -r .join_code\n"
     "  netpontctl --user admin seat invite | tail -1\n"
     "  netpontctl --user admin seat remove PC-07\n"
     "  netpontctl seat list\n"
     "  netpontctl seat lock PC-03\n"
     "  netpontctl seat message PC-03 \"Dóra is coming\"\n"},
    {"resident", N_("Residents' accounts: who may log in at a PC with a PIN."),
     N_("resident list --json prints an array of {\"login\",\"name\",\"category\",\"due\",...};\n"
        "resident show adds \"sessions\" and \"ledger\". --guests also lists guest accounts.\n"
        "A new PIN comes from NETPONT_PIN or is asked twice; --pin PIN still works but other\n"
        "users of the computer can see it."),
     "  netpontctl resident add kovacsm --name \"Kovács Mária\" --category reduced\n"
     "  netpontctl resident list kovács\n"
     "  netpontctl resident reset-pin kovacsm\n"},
    {"session", N_("Time at a PC: start, extend or end a session."),
     N_("--minutes may be fractional (0.5 = 30 seconds). Without it a resident gets what is left\n"
        "of the daily allowance and a guest the site's guest default. A guest session creates a\n"
        "guest account (guest-N); --json names it in \"guest\" so you can `bill` it later."),
     "  netpontctl session start PC-03 --resident kovacsm\n"
     "  netpontctl session start PC-05 --guest --minutes 30\n"
     "  netpontctl session extend PC-03 --minutes 15\n"
     "  netpontctl session end PC-05\n"},
    {"help", N_("Help calls from the PCs (\"Call a mentor\")."),
     N_("help list shows the calls not yet resolved (--all: resolved ones too); --json prints an\n"
        "array of {\"id\",\"seat\",\"text\",\"state\" (open|acknowledged|resolved),...}.\n"
        "help ack tells the PC that a mentor is on the way."),
     "  netpontctl help list\n"
     "  netpontctl help ack 12\n"
     "  netpontctl help resolve 12\n"},
    {"tariff", N_("Prices: internet time, prints and office items (copy, scan, ...)."),
     N_("--per-minutes makes a time service, charged per started block. Without --per-minutes\n"
        "or --label, tariff set keeps what the service has now."),
     "  netpontctl tariff list\n"
     "  netpontctl tariff set internet --price 100 --per-minutes 30\n"
     "  netpontctl tariff set scan --price 30 --label \"Scan (A4)\"\n"},
    {"category", N_("Fee categories: the share of the tariff a resident pays."),
     N_("--percent 0 makes the category exempt."),
     "  netpontctl category list\n"
     "  netpontctl category set reduced --percent 50\n"},
    {"charge", N_("Office services charged by hand (copies, scans, ...)."),
     N_("When the reply is lost, run the command again with the --request-key KEY that\n"
        "netpontctl printed: the service is then charged only once."),
     "  netpontctl charge add kovacsm copy --qty 3\n"},
    {"bill", N_("What a resident owes now, line by line."),
     N_("--json prints {\"due\", \"charges\": [{\"service\",\"qty\",\"amount\",...}], ...}."),
     "  netpontctl bill kovacsm\n"
     "  netpontctl bill guest-17\n"},
    {"pay", N_("Take a payment, or waive a fee (a waiver needs a note)."),
     N_("Amounts are whole forints. Cash goes to your open shift, if you have one.\n"
        "When the reply is lost, run the command again with the --request-key KEY that\n"
        "netpontctl printed: the payment is then taken only once."),
     "  netpontctl pay kovacsm --amount 80\n"
     "  netpontctl pay szabok --amount 300 --method waive --note \"family in crisis\"\n"},
    {"report", N_("The treasurer's reports for a range of days (both days included)."),
     N_("report totals --json prints {\"rows\": [{\"key\",\"charged\",\"paid\",\"waived\"}],\n"
        "\"total_charged\", \"total_paid\", \"total_waived\", \"total_owed\"}. --csv prints a CSV "
        "file\n"
        "with the header key,charged,paid,waived and a last line with the totals. Under a\n"
        "Hungarian locale --csv writes for a spreadsheet instead: ';' between cells, a UTF-8\n"
        "byte-order mark and Hungarian headers. --csv-format rfc4180 writes the plain file\n"
        "(with CRLF line ends) in any locale; --csv-format spreadsheet the spreadsheet's.\n"
        "Cells starting with = + - or @ get a leading ' so that no spreadsheet runs them."),
     "  netpontctl report totals --from 2026-11-01 --to 2026-11-30 --by service\n"
     "  netpontctl report totals --from 2026-11-01 --to 2026-11-30 --csv > november.csv\n"
     "  netpontctl report waivers --from 2026-11-01 --to 2026-11-30\n"
     "  netpontctl report usage --from 2026-01-01 --to 2026-12-31 --by quarter --pdf "
     "funders.pdf\n"},
    {"staff", N_("Staff accounts: mentors, treasurers, administrators."),
     N_("A new password comes from NETPONT_NEW_PASSWORD or is asked twice. A disabled "
        "account cannot sign in, and its open consoles are closed."),
     "  netpontctl staff add dora --role mentor\n"
     "  netpontctl staff set dora --display-name Dóra\n"
     "  netpontctl staff list\n"
     "  netpontctl staff disable dora\n"
     "  netpontctl staff password dora\n"
     "  netpontctl staff unlock dora\n"},
    {"shift", N_("Your own shift at the desk and its cash box."),
     N_("shift end compares the cash you counted with the float plus the cash taken."),
     "  netpontctl shift start --float 5000\n"
     "  netpontctl shift status\n"
     "  netpontctl shift end --cash 5460\n"},
    {"setting", N_("Site settings: name, opening hours, daily allowance, ..."), NULL,
     "  netpontctl setting list\n"
     "  netpontctl setting set close_time 18:00\n"},
    {"hours", N_("Opening hours: each weekday's, with a lunch break, and closed dates."),
     N_("A change reaches the sessions already running: they end by the new closing.\n"
        "--json: hours show prints [{\"day\",\"name\",\"hours\"}], hours closed list\n"
        "[{\"date\",\"note\"}]."),
     "  netpontctl hours show\n"
     "  netpontctl hours set monday 09:00-12:00,13:00-18:00\n"
     "  netpontctl hours set sunday closed\n"
     "  netpontctl hours closed add 2026-12-24 --note \"Christmas Eve\"\n"
     "  netpontctl hours closed remove 2026-12-24\n"
     "  netpontctl hours closed list\n"},
    {"booking", N_("Bookings: PCs held for a resident for a time span of one day."),
     N_("Dates are YYYY-MM-DD and times HH:MM in the site's local time. A booking must lie\n"
        "inside the day's opening hours; an overlap with another booking of the PC or of the\n"
        "resident is refused with a sentence naming it. Several PCs are booked all or none.\n"
        "--json: booking add prints an array of the new bookings, booking list an array of\n"
        "{\"id\",\"seat\",\"date\",\"from\",\"to\",\"starts_at\",\"ends_at\",\"login\",\"name\",\n"
        "\"course\",\"occasion_id\",\"state\" (booked|claimed|released|cancelled),\n"
        "\"created_by\",\"note\"}, booking cancel and move the booking as it is now."),
     "  netpontctl booking add --seat PC-03 --login kovacs --date 2026-12-08 --from 10:00 "
     "--to 11:00\n"
     "  netpontctl booking add --seat PC-01,PC-02 --login nagy --date 2026-12-08 --from 14:00 "
     "--to 15:30 --note \"CV with a mentor\"\n"
     "  netpontctl booking list --date 2026-12-08 --seat PC-03\n"
     "  netpontctl --json booking list --from 2026-12-07 --to 2026-12-13\n"
     "  netpontctl booking move 12 --seat PC-04 --from 11:00 --to 12:00\n"
     "  netpontctl booking cancel 12\n"},
    {"course",
     N_("Courses: a tutor, a fee per occasion, participants, and PCs booked at each occasion."),
     N_("Occasions are weekly (--days with --first and --until; a closed date is left out) or\n"
        "on single dates (--dates); every PC is booked at every occasion, all or nothing, and a\n"
        "conflict is refused with a sentence naming it. The fee (0 = free) is charged per "
        "occasion\n"
        "with the participant's category share. Attendance comes from the logins at the course's\n"
        "PCs; the tutor or an administrator corrects it once the occasion has begun.\n"
        "--json: course add and show print the course {\"id\",\"name\",\"tutor\",\"tutor_name\",\n"
        "\"fee\",\"seats\",\"participants\",\"occasions\",\"first_at\",\"last_at\",\"next_at\",\n"
        "\"cancelled\"}; show adds \"participants\" and \"occasion_list\" with each occasion's\n"
        "\"attendance\"; course list prints an array of courses."),
     "  netpontctl course add --name \"Digital skills for seniors\" --tutor dora "
     "--seats PC-01,PC-02 --days thu --from 14:00 --to 15:30 --first 2026-12-10 "
     "--until 2027-06-30 --fee 200\n"
     "  netpontctl course enrol 3 --login kovacs\n"
     "  netpontctl course show 3\n"
     "  netpontctl course attendance 41 --login kovacs --present yes\n"
     "  netpontctl course cancel 3 --occasion 42\n"},
    {"directory",
     N_("The neighbourhood directory: services, institutions, NGOs, jobs, volunteers, events."),
     N_("The PCs show the directory without a login (\"Local information\") and free of\n"
        "charge. Categories: service, institution, ngo, job_offered, job_wanted, volunteer,\n"
        "event, or their names in your language. After --until (YYYY-MM-DD) an entry hides\n"
        "itself; directory list --all shows it marked expired. --search matches every word\n"
        "in the title, text and address, without case or accents. --json: add, update and\n"
        "remove print the entry {\"id\",\"category\",\"title\",\"body\",\"hours\",\"address\",\n"
        "\"phone\",\"email\",\"web\",\"valid_until\" (or null),\"updated_at\",\"expired\"},\n"
        "list an array of them."),
     "  netpontctl directory add --category institution --title \"Munkaügyi központ\" "
     "--hours \"H-Cs 8:00-15:00\" --phone \"+36 1 555 0100\"\n"
     "  netpontctl directory list --search munkaugyi\n"
     "  netpontctl directory update 12 --until 2027-01-31\n"
     "  netpontctl directory remove 12\n"},
    {"volunteer",
     N_("Volunteer hours: clock in and out, periods recorded afterwards, monthly sheets."),
     N_("A mentor's cash shift starts a desk period and ending the shift ends it. A period\n"
        "counts for the day it started in and is at most 16 hours long; a later clock-out is\n"
        "refused, and an administrator records what was worked. Hours are written h:mm.\n"
        "volunteer sheet --pdf writes an A4 sheet for the volunteer to sign; --csv the same\n"
        "as CSV, in the formats of report totals. --json prints {\"month\", \"periods\",\n"
        "\"by_activity\", \"volunteers\", \"total_seconds\"}."),
     "  netpontctl volunteer in --activity tutoring\n"
     "  netpontctl volunteer out\n"
     "  netpontctl volunteer add --staff dora --date 2026-12-01 --from 14:00 --to 17:30 "
     "--activity tutoring\n"
     "  netpontctl volunteer remove 12\n"
     "  netpontctl volunteer sheet --staff dora --month 2026-12 --pdf dora-2026-12.pdf\n"
     "  netpontctl report volunteers --month 2026-12 --csv > volunteers.csv\n"},
    {"ledger", N_("Corrections: reverse a ledger row by adding its opposite."), NULL,
     "  netpontctl ledger reverse 314 --note \"charged twice\"\n"},
    {"audit", N_("The audit log: every staff action, sign-in and look at a resident's data."),
     N_("Administrators and the treasurer only. Both dates are included; at most the newest\n"
        "500 rows are shown. --user and --action match exactly. --json prints an array\n"
        "of {\"id\",\"at\" (Unix seconds),\"staff\" (or null),\"action\",\"detail\"}."),
     "  netpontctl audit --from 2026-11-01 --to 2026-11-30\n"
     "  netpontctl audit --user dora --action pay\n"
     "  netpontctl --json audit --action resident.show\n"},
    {"backup",
     N_("A copy of the whole database, taken while the server runs (administrator only)."),
     N_("The copy is checked (size and SHA-256) and written beside FILE first, mode 0600,\n"
        "then renamed to FILE: a failure leaves nothing half-written. An existing FILE is\n"
        "refused unless --force. --json prints {\"file\",\"size\",\"sha256\",\"residents\",\n"
        "\"payments\",\"schema_version\"}. Restore with netpontd --restore FILE while\n"
        "netpontd is stopped."),
     "  netpontctl backup /root/netpont-2026-12-01.db\n"
     "  netpontctl backup --force /media/usb/netpont.db\n"},
    {"status", N_("This PC's state, from its agent."),
     N_("--json prints {\"state\" (locked|unlocked), \"resident\" (login or null),\n"
        "\"remaining_s\" (seconds or null), \"connected\", \"seat\", \"message\", \"help\",\n"
        "\"help_by\" (the mentor on the way, or null), \"close_time\" (\"18:00\" or null)}."),
     "  netpontctl --agent /run/netpont/agent.sock status\n"},
    {"login", N_("Log a resident in at this PC."), NULL,
     "  netpontctl --agent /run/netpont/agent.sock login kovacsm 4821\n"},
    {"logout", N_("End the session at this PC."), NULL,
     "  netpontctl --agent /run/netpont/agent.sock logout\n"},
};

static const ctl_group_help *find_group_help(const char *group)
{
	for (size_t i = 0; i < G_N_ELEMENTS(group_help); i++)
		if (strcmp(group_help[i].group, group) == 0)
			return &group_help[i];
	return NULL;
}

/* One line per command: the staff's, or the agent socket's. */
static void print_command_summaries(bool agent)
{
	ctl_command_iter it = {0};
	for (const ctl_command *c; (c = ctl_command_next(&it)) != NULL;)
		if (c->agent == agent)
			printf("  %-54s %s\n", c->synopsis, _(c->summary));
}

static void print_program_help(void)
{
	printf("%s\n",
	       _("Usage: netpontctl [--server HOST:PORT] [--user NAME] [--json] COMMAND ..."));
	printf("%s\n\n", _("       netpontctl --agent SOCKET [--json] status | login LOGIN PIN | "
	                   "logout | help [TEXT]"));
	printf(
	    "%s\n\n",
	    _("Runs a Netpont internet point from the command line: seats, residents, sessions,\n"
	      "help calls, fees, payments, shifts and reports."));
	printf("%s\n", _("Options:"));
	printf("%s\n", _("  --server HOST:PORT  the Netpont server (default: $NETPONT_SERVER, else "
	                 "127.0.0.1:7450)"));
	printf("%s\n", _("  --user NAME         your staff account (default: $NETPONT_USER)"));
	printf("%s\n",
	       _("  --json              print one JSON value instead of text, for scripts"));
	printf("%s\n",
	       _("  --agent SOCKET      talk to this PC's agent through its control socket"));
	printf("%s\n",
	       _("  --accept-new        trust a server seen for the first time and remember "
	         "it"));
	printf("%s\n",
	       _("  --help              this help; 'netpontctl GROUP --help' explains one group"));
	printf("%s\n\n", _("  --version           the version of netpontctl"));
	printf("%s\n", _("Commands:"));
	print_command_summaries(false);
	printf("\n%s\n", _("With --agent SOCKET:"));
	print_command_summaries(true);
	printf("\n%s\n",
	       _("Your password comes from NETPONT_PASSWORD or is asked for on the terminal."));
	printf("%s\n",
	       _("The server's certificate must have the fingerprint kept for it in\n"
	         "~/.config/netpont/known-servers, or NETPONT_FINGERPRINT when that is set."));
	printf("%s\n\n",
	       _("Exit status: 0 done; 1 refused (the reason is printed, nothing changed);\n"
	         "2 wrong usage; 3 cannot connect or sign in."));
	printf("%s\n", _("Examples:"));
	printf("  export NETPONT_SERVER=127.0.0.1:7450 NETPONT_USER=dora\n"
	       "  netpontctl seat list\n"
	       "  netpontctl session start PC-05 --guest --minutes 30\n"
	       "  netpontctl --json bill kovacsm\n"
	       "  netpontctl --agent /run/netpont/agent.sock status\n");
}

/* Help for one group of commands (also shown for `GROUP SUBCOMMAND --help`). */
static void print_group_help(const char *group, bool agent)
{
	const ctl_group_help *h = find_group_help(group);
	printf("%s\n", _("Usage:"));
	ctl_command_iter it = {0};
	for (const ctl_command *c; (c = ctl_command_next(&it)) != NULL;)
		if (strcmp(c->group, group) == 0 && c->agent == agent)
			printf("  netpontctl %s%s\n      %s\n", agent ? "--agent SOCKET " : "",
			       c->synopsis, _(c->summary));
	if (h != NULL) {
		printf("\n%s\n", _(h->about));
		if (h->notes != NULL)
			printf("\n%s\n", _(h->notes));
		printf("\n%s\n%s", _("Examples:"), h->examples);
	}
}

const char *ctl_option(const ctl_ctx *ctx, const char *name)
{
	/* The last occurrence wins, as with most command lines. */
	for (int i = ctx->noptions - 1; i >= 0; i--)
		if (strcmp(ctx->option_names[i], name) == 0)
			return ctx->option_values[i];
	return NULL;
}

bool ctl_flag(const ctl_ctx *ctx, const char *name)
{
	return ctl_option(ctx, name) != NULL;
}

/* Looks name up in the command's option list: 1 takes a value, 0 a flag,
 * -1 unknown. */
static int option_kind(const ctl_command *cmd, const char *name, size_t len)
{
	const char *p = cmd->options;
	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ' ');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		bool value = n > 0 && p[n - 1] == '=';
		size_t word = value ? n - 1 : n;
		if (word == len && strncmp(p, name, len) == 0)
			return value ? 1 : 0;
		p = end != NULL ? end + 1 : NULL;
	}
	return -1;
}

/* Splits the words after the command into options and arguments. Returns
 * CTL_EXIT_OK, CTL_EXIT_USAGE after printing why, or -1 when help was asked
 * for. */
static int parse_command_words(ctl_ctx *ctx, int argc, char **argv)
{
	bool options_done = false;
	ctx->args = g_new0(char *, argc + 1);
	for (int i = 0; i < argc; i++) {
		const char *word = argv[i];
		if (options_done || strncmp(word, "--", 2) != 0) {
			if (!options_done && strcmp(word, "-h") == 0)
				return -1;
			ctx->args[ctx->nargs++] = argv[i];
			continue;
		}
		if (word[2] == '\0') {
			options_done = true;
			continue;
		}
		const char *name = word + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		if (strcmp(name, "help") == 0)
			return -1;
		if (eq == NULL && strcmp(name, "json") == 0) {
			ctx->json = true;
			continue;
		}
		int kind = option_kind(ctx->cmd, name, len);
		if (kind < 0)
			return ctl_usage_error(ctx, _("'%s' has no option --%.*s."),
			                       ctx->cmd->synopsis, (int)len, name);
		const char *value = "";
		if (kind == 1) {
			if (eq != NULL)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return ctl_usage_error(ctx, _("--%s needs a value."), name);
		} else if (eq != NULL) {
			return ctl_usage_error(ctx, _("--%.*s takes no value."), (int)len, name);
		}
		if (ctx->noptions == CTL_MAX_OPTIONS)
			return ctl_usage_error(ctx, _("Too many options."));
		/* Names point into argv, which lives as long as the program. */
		ctx->option_names[ctx->noptions] = g_strndup(name, len);
		ctx->option_values[ctx->noptions] = value;
		ctx->noptions++;
	}
	if (ctx->nargs < ctx->cmd->min_args)
		return ctl_usage_error(ctx, _("Something is missing: %s"), ctx->cmd->synopsis);
	if (ctx->nargs > ctx->cmd->max_args)
		return ctl_usage_error(ctx, _("Too many words: '%s' is not expected."),
		                       ctx->args[ctx->cmd->max_args]);
	return CTL_EXIT_OK;
}

/* The command of group with this name (NULL: its first) for a staff or an
 * agent socket connection, or NULL. */
static const ctl_command *find_command(const char *group, const char *name, bool agent)
{
	ctl_command_iter it = {0};
	for (const ctl_command *c; (c = ctl_command_next(&it)) != NULL;)
		if (c->agent == agent && strcmp(c->group, group) == 0 &&
		    (name == NULL || strcmp(c->name, name) == 0))
			return c;
	return NULL;
}

/* Prints message and where to read about group; returns CTL_EXIT_USAGE.
 * Takes message (g_free). */
static int group_usage_error(const char *group, char *message)
{
	ctl_error("%s", message);
	g_free(message);
	fprintf(stderr, _("Try 'netpontctl %s --help' for more."), group);
	fputc('\n', stderr);
	return CTL_EXIT_USAGE;
}

static int find_and_run(ctl_ctx *ctx, int argc, char **argv)
{
	bool agent = ctx->agent_socket != NULL;
	const char *group = argv[0];
	const ctl_command *first = find_command(group, NULL, agent);
	if (first == NULL) {
		if (agent)
			return ctl_usage_error(
			    NULL, _("'%s' is not a command for the agent socket."), group);
		return ctl_usage_error(NULL, _("There is no command '%s'."), group);
	}
	int used = 1;
	const ctl_command *cmd = first;
	if (first->name != NULL) {
		if (argc < 2) {
			GString *names = g_string_new(NULL);
			ctl_command_iter it = {0};
			for (const ctl_command *c; (c = ctl_command_next(&it)) != NULL;)
				if (c->agent == agent && strcmp(c->group, group) == 0)
					g_string_append_printf(names, "%s%s",
					                       names->len ? ", " : "", c->name);
			char *message =
			    g_strdup_printf(_("Say what to do with '%s': %s."), group, names->str);
			g_string_free(names, TRUE);
			return group_usage_error(group, message);
		}
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			print_group_help(group, agent);
			return CTL_EXIT_OK;
		}
		cmd = find_command(group, argv[1], agent);
		if (cmd == NULL)
			return group_usage_error(
			    group, g_strdup_printf(_("'%s' has no command '%s'."), group, argv[1]));
		used = 2;
	}
	ctx->cmd = cmd;
	int rc = parse_command_words(ctx, argc - used, argv + used);
	if (rc < 0) {
		print_group_help(group, agent);
		return CTL_EXIT_OK;
	}
	if (rc != CTL_EXIT_OK)
		return rc;
	if (ctx->json)
		/* JSON numbers must not depend on the user's locale. */
		setlocale(LC_NUMERIC, "C");
	return cmd->run(ctx);
}

int main(int argc, char **argv)
{
	ctl_ctx ctx = {0};
	const char *server = NULL;
	int i;
	int rc;

	/* Without the user's locale generated (a "hu_HU.UTF-8" that locale -a
	 * lacks), gettext would ignore the language; C.UTF-8 with LANGUAGE set,
	 * as netpontd does (server/core/i18n.h), still speaks it. */
	bool have_locale = setlocale(LC_ALL, "") != NULL;
	if (!have_locale)
		setlocale(LC_ALL, "C.UTF-8");
	const char *localedir = getenv("NETPONT_LOCALEDIR");
	bindtextdomain("netpontctl",
	               localedir != NULL && *localedir ? localedir : NETPONT_LOCALEDIR);
	bind_textdomain_codeset("netpontctl", "UTF-8");
	textdomain("netpontctl");
	ctl_client_init(&ctx.client);
	ctl_language_code(getenv("LANGUAGE"), getenv("LC_ALL"), getenv("LC_MESSAGES"),
	                  getenv("LANG"), ctx.client.language, sizeof ctx.client.language);
	const char *language = getenv("LANGUAGE");
	if (!have_locale && ctx.client.language[0] != '\0' &&
	    (language == NULL || *language == '\0'))
		setenv("LANGUAGE", ctx.client.language, 1);

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **target = NULL;
		const char *name = NULL;
		if (strncmp(a, "--", 2) != 0 && strcmp(a, "-h") != 0)
			break;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_program_help();
			return CTL_EXIT_OK;
		}
		if (strcmp(a, "--version") == 0) {
			printf("netpontctl %s\n", NETPONT_VERSION);
			return CTL_EXIT_OK;
		}
		if (strcmp(a, "--json") == 0) {
			ctx.json = true;
			continue;
		}
		if (strcmp(a, "--accept-new") == 0) {
			ctx.accept_new = true;
			continue;
		}
		if (strncmp(a, "--server", 8) == 0 && (a[8] == '\0' || a[8] == '='))
			target = &server, name = "server";
		else if (strncmp(a, "--user", 6) == 0 && (a[6] == '\0' || a[6] == '='))
			target = &ctx.user, name = "user";
		else if (strncmp(a, "--agent", 7) == 0 && (a[7] == '\0' || a[7] == '='))
			target = &ctx.agent_socket, name = "agent";
		else
			return ctl_usage_error(NULL, _("Unknown option %s."), a);
		const char *eq = strchr(a, '=');
		if (eq != NULL)
			*target = eq + 1;
		else if (i + 1 < argc)
			*target = argv[++i];
		else
			return ctl_usage_error(NULL, _("--%s needs a value."), name);
	}
	if (i >= argc)
		return ctl_usage_error(NULL, "%s", _("Say which command to run."));

	if (server == NULL)
		server = getenv("NETPONT_SERVER");
	if (server == NULL || *server == '\0')
		server = CTL_DEFAULT_SERVER;
	if (ctx.user == NULL)
		ctx.user = getenv("NETPONT_USER");
	ctx.server_text = server;
	if (ctx.agent_socket == NULL &&
	    np_address_parse(server, NP_DEFAULT_PORT, &ctx.server) != NP_ADDRESS_OK)
		return ctl_usage_error(NULL,
		                       _("The server address must look like HOST or HOST:PORT, for "
		                         "example 127.0.0.1:7450 (not '%s')."),
		                       server);

	rc = find_and_run(&ctx, argc - i, argv + i);

	fflush(stdout);
	ctl_client_close(&ctx.client);
	ctl_free_secret(ctx.password);
	for (int k = 0; k < ctx.noptions; k++)
		g_free((char *)ctx.option_names[k]);
	g_free(ctx.args);
	return rc;
}
