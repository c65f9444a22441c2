/* seat add|list|lock|unlock|message|remove|renew|invite: the public PCs. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/np_join_code.h"

/* The join code as a PC uses it: the server's code with the address
 * netpontctl reached the server at, unless that is this machine's own
 * loopback, which means nothing on another PC (then the agent finds the
 * server with Avahi, or is given --server). */
static void join_code_for_pc(const ctl_ctx *ctx, const char *code, char *out, size_t n)
{
	const char *host = ctx->server.host;
	bool loopback = strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
	                strcmp(host, "::1") == 0;
	char address[NP_ADDRESS_HOST_MAX + 16] = "";
	if (!loopback)
		snprintf(address, sizeof address, strchr(host, ':') ? "[%s]:%u" : "%s:%u", host,
		         (unsigned)ctx->server.port);
	if (np_join_code_with_address(code, address, out, n) != 0)
		snprintf(out, n, "%s", code);
}

/* A reply's join code as a PC uses it (join_code_for_pc()) and when it
 * expires, in local time ("2026-12-03 14:05"); both "" when the reply has
 * none. */
typedef struct join_text {
	char code[NP_JOIN_CODE_MAX];
	char until[32];
} join_text;

static void join_text_of(const ctl_ctx *ctx, const Netpont__SeatAdded *a, join_text *out)
{
	out->code[0] = out->until[0] = '\0';
	if (a->join_code == NULL || a->join_code[0] == '\0')
		return;
	join_code_for_pc(ctx, a->join_code, out->code, sizeof out->code);
	time_t t = (time_t)a->join_expires_at;
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out->until, sizeof out->until, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out->until, sizeof out->until, "?");
}

/* The keys seat add, renew and invite share in --json. */
static void add_join_json(JsonBuilder *b, const Netpont__SeatAdded *a, const join_text *j)
{
	ctl_json_add_string(b, "fingerprint", a->fingerprint);
	ctl_json_add_string(b, "join_code", j->code);
	ctl_json_add_int(b, "join_expires_at", a->join_expires_at);
}

/* data: true for a renewal, which words the first line differently; the
 * rest (fingerprint line, token alone last, JSON keys) is the same. */
static int print_seat_added(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__SeatAdded *a = reply->seat_added;
	bool renewed = data != NULL && *(const bool *)data;
	join_text j;
	join_text_of(ctx, a, &j);
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_string(b, "name", a->name);
		ctl_json_add_string(b, "token", a->token);
		add_join_json(b, a, &j);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		if (renewed)
			printf(
			    _("%s has a new token; the old one no longer works. Give this token to "
			      "its agent (--token-file); it is shown only this once:\n"),
			    a->name);
		else
			printf(
			    _("%s is enrolled. Give this token to its agent (--token-file); it is "
			      "shown "
			      "only "
			      "this once:\n"),
			    a->name);
		/* On a line of its own, so that a script takes it with grep;
		 * before the fingerprint, which stays on the line before the
		 * token as the command-line contract says. */
		if (j.code[0] != '\0')
			printf(_("Join code (as root on the PC: netpont-agent --join CODE; works "
			         "once, "
			         "until %s): %s\n"),
			       j.until, j.code);
		/* The agent pins the server's certificate by it
		 * (--server-fingerprint). */
		printf(_("Server fingerprint (--server-fingerprint): %s\n"), a->fingerprint);
		/* Alone on the last line: scripts take it with `tail -1`. */
		printf("%s\n", a->token);
	}
	return CTL_EXIT_OK;
}

static int seat_add(ctl_ctx *ctx)
{
	Netpont__SeatAdd m = NETPONT__SEAT_ADD__INIT;
	m.name = ctx->args[0];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SEAT_ADD, &m,
	                         NETPONT__ENVELOPE__BODY_SEAT_ADDED, print_seat_added, NULL);
}

static int seat_renew(ctl_ctx *ctx)
{
	static const bool renewed = true;
	Netpont__SeatRenew m = NETPONT__SEAT_RENEW__INIT;
	m.name = ctx->args[0];
	m.force = ctl_flag(ctx, "force");
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SEAT_RENEW, &m,
	                         NETPONT__ENVELOPE__BODY_SEAT_ADDED, print_seat_added, &renewed);
}

static int print_seat_invited(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__SeatAdded *a = reply->seat_added;
	join_text j;
	join_text_of(ctx, a, &j);
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		add_join_json(b, a, &j);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		printf(_("One PC can join with this code, until %s: as root on the PC, run "
		         "netpont-agent --join CODE (its seat is named after its host name, or "
		         "--seat NAME).\n"),
		       j.until);
		printf(_("Server fingerprint (--server-fingerprint): %s\n"), a->fingerprint);
		/* Alone on the last line, like seat add's token. */
		printf("%s\n", j.code);
	}
	return CTL_EXIT_OK;
}

static int seat_invite(ctl_ctx *ctx)
{
	Netpont__SeatInvite m = NETPONT__SEAT_INVITE__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SEAT_INVITE, &m,
	                         NETPONT__ENVELOPE__BODY_SEAT_ADDED, print_seat_invited, NULL);
}

static int seat_remove(ctl_ctx *ctx)
{
	Netpont__SeatRemove m = NETPONT__SEAT_REMOVE__INIT;
	m.name = ctx->args[0];
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", m.name);
	ctl_json_add_bool(b, "removed", true);
	g_autofree char *sentence =
	    g_strdup_printf(_("%s is removed: its agent is disconnected and its token no longer "
	                      "works."),
	                    m.name);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SEAT_REMOVE, &m, b, sentence);
}

/* A help call waits at the seat until it is resolved. */
static bool seat_help_waiting(const Netpont__SeatInfo *s)
{
	return s->help_id != 0 && s->help_state != NETPONT__HELP_STATE__HELP_STATE_RESOLVED;
}

/* The seat's session while it runs, else NULL. */
static const Netpont__SessionInfo *seat_running_session(const Netpont__SeatInfo *s)
{
	return s->session != NULL && s->session->ended_at == 0 ? s->session : NULL;
}

static void seat_json(JsonBuilder *b, const void *item)
{
	const Netpont__SeatInfo *s = item;
	const Netpont__SessionInfo *ses = seat_running_session(s);
	bool help = seat_help_waiting(s);
	json_builder_begin_object(b);
	ctl_json_add_string(b, "name", s->name);
	ctl_json_add_string(b, "state", ctl_seat_state_name(s->state));
	ctl_json_add_string_or_null(b, "resident", ses != NULL ? ses->resident_login : NULL);
	ctl_json_add_int_or_null(b, "remaining_s", ses != NULL,
	                         ses != NULL && ses->remaining_s > 0 ? ses->remaining_s : 0);
	ctl_json_add_string_or_null(b, "help", help ? ctl_help_state_name(s->help_state) : NULL);
	ctl_json_add_string_or_null(b, "resident_name", ses != NULL ? ses->resident_name : NULL);
	ctl_json_add_string_or_null(b, "guest",
	                            ses != NULL && ses->guest ? ses->resident_login : NULL);
	ctl_json_add_int_or_null(b, "ends_at", ses != NULL, ses != NULL ? ses->ends_at : 0);
	ctl_json_add_int_or_null(b, "help_id", help, s->help_id);
	ctl_json_add_bool(b, "connected", s->connected);
	ctl_json_add_bool(b, "out_of_order", s->out_of_order);
	ctl_json_add_bool(b, "kiosk_only", s->kiosk_only);
	ctl_json_add_string_or_null(b, "message", s->message);
	json_builder_end_object(b);
}

static void seat_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__SeatInfo *s = item;
	const Netpont__SessionInfo *ses = seat_running_session(s);
	g_autofree char *who =
	    ses != NULL ? ctl_person(ses->resident_name, ses->resident_login) : g_strdup("");
	g_autofree char *left = ses != NULL ? ctl_duration(ses->remaining_s) : g_strdup("");
	g_autofree char *help = NULL;
	if (seat_help_waiting(s))
		help = g_strdup_printf("#%lld %s", (long long)s->help_id,
		                       ctl_help_state_label(s->help_state));
	const char *row[] = {s->name, ctl_seat_state_label(s->state), who, left,
	                     help != NULL ? help : ""};
	ctl_table_add(t, row);
	(void)ctx;
}

static int seat_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = seat_json,
	    .table_row = seat_row,
	    .headers = {N_("SEAT"), N_("STATE"), N_("RESIDENT"), N_("TIME LEFT"), N_("HELP")},
	    .right = 1u << 3,
	    .none = N_("No PCs are enrolled yet. An administrator adds one with: netpontctl seat "
	               "add NAME"),
	};
	Netpont__SeatList m = NETPONT__SEAT_LIST__INIT;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_SEAT_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY, &list);
}

static int seat_lock_or_unlock(ctl_ctx *ctx, bool lock)
{
	Netpont__SeatLock lm = NETPONT__SEAT_LOCK__INIT;
	Netpont__SeatUnlock um = NETPONT__SEAT_UNLOCK__INIT;
	const char *grace_text = lock ? ctl_option(ctx, "grace") : NULL;
	int64_t grace = 0;
	lm.name = um.name = ctx->args[0];
	if (grace_text != NULL && !ctl_parse_count(grace_text, 600, &grace))
		return ctl_usage_error(
		    ctx, "%s",
		    _("--grace must be a whole number of seconds from 1 to 600, like 60."));
	lm.grace_s = (int32_t)grace;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", ctx->args[0]);
	ctl_json_add_bool(b, "locked", lock);
	if (lock)
		ctl_json_add_int(b, "grace_s", grace);
	g_autofree char *sentence =
	    grace > 0
	        ? g_strdup_printf(_("%s is out of order: its resident was warned, and it "
	                            "locks in %d seconds."),
	                          ctx->args[0], (int)grace)
	        : g_strdup_printf(lock ? _("%s is locked: nobody can use it until it is unlocked.")
	                               : _("%s is unlocked and can be used again."),
	                          ctx->args[0]);
	return lock ? ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SEAT_LOCK, &lm, b, sentence)
	            : ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SEAT_UNLOCK, &um, b, sentence);
}

static int seat_lock(ctl_ctx *ctx)
{
	return seat_lock_or_unlock(ctx, true);
}

static int seat_unlock(ctl_ctx *ctx)
{
	return seat_lock_or_unlock(ctx, false);
}

/* seat kiosk NAME on|off: an information point (issue 14) shows only the
 * directory and has no sessions. */
static int seat_kiosk(ctl_ctx *ctx)
{
	Netpont__SeatKiosk m = NETPONT__SEAT_KIOSK__INIT;
	m.name = ctx->args[0];
	const char *word = ctx->args[1];
	if (strcmp(word, "on") != 0 && strcmp(word, "off") != 0)
		return ctl_usage_error(ctx, "%s", _("Say on or off, like: seat kiosk PC-09 on"));
	m.on = strcmp(word, "on") == 0;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", m.name);
	ctl_json_add_bool(b, "kiosk_only", m.on);
	g_autofree char *sentence =
	    g_strdup_printf(m.on ? _("%s is an information point now: it shows only the local "
	                             "information, nobody logs in there.")
	                         : _("%s is a normal PC again: residents can log in."),
	                    m.name);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SEAT_KIOSK, &m, b, sentence);
}

static int seat_message(ctl_ctx *ctx)
{
	Netpont__SeatMessage m = NETPONT__SEAT_MESSAGE__INIT;
	if (*ctx->args[1] == '\0')
		return ctl_usage_error(ctx, "%s", _("The message must not be empty."));
	m.name = ctx->args[0];
	m.text = ctx->args[1];
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", m.name);
	ctl_json_add_string(b, "text", m.text);
	g_autofree char *sentence = g_strdup_printf(_("The message is shown on %s."), m.name);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SEAT_MESSAGE, &m, b, sentence);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_seat_commands[] = {
    {"seat", "add", "seat add NAME", N_("enrol a PC and print its agent token once (admin)"), 1, 1,
     "", false, seat_add},
    {"seat", "list", "seat list", N_("every PC: state, who sits there, time left, help"), 0, 0, "",
     false, seat_list},
    {"seat", "lock", "seat lock NAME [--grace SECONDS]",
     N_("lock a PC that is out of order; --grace warns its resident first"), 1, 1, "grace=", false,
     seat_lock},
    {"seat", "unlock", "seat unlock NAME", N_("put a locked PC back into use"), 1, 1, "", false,
     seat_unlock},
    {"seat", "kiosk", "seat kiosk NAME on|off",
     N_("make a PC an information point that shows only the local information (admin)"), 2, 2, "",
     false, seat_kiosk},
    {"seat", "message", "seat message NAME TEXT", N_("show a message on a PC"), 2, 2, "", false,
     seat_message},
    {"seat", "remove", "seat remove NAME",
     N_("take a PC out of the room; its token stops working (admin)"), 1, 1, "", false,
     seat_remove},
    {"seat", "renew", "seat renew NAME [--force]",
     N_("print a new agent token for a PC; the old one stops working (admin)"), 1, 1, "force",
     false, seat_renew},
    {"seat", "invite", "seat invite",
     N_("print a one-time join code for a PC not enrolled yet (admin)"), 0, 0, "", false,
     seat_invite},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
