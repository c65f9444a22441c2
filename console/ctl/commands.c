/* The commands: each checks its input (exit 2 before anything is sent),
 * sends one request, and prints the reply as text or as one JSON value. */
#include "ctl.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every command's exchange: msg, a request message, goes out as the
 * Envelope body of kind `body`, and the reply comes back. expected is the
 * reply's kind, or NETPONT__ENVELOPE__BODY__NOT_SET when an Ok or any
 * reply will do (the command looks at it). On CTL_EXIT_OK *reply is the
 * caller's to free_reply(); otherwise the reason was printed and *reply is
 * NULL. */
static int request(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                   Netpont__Envelope__BodyCase expected, Netpont__Envelope **reply)
{
	/* The members of the body oneof share one pointer slot, which the
	 * field descriptor locates; its message type must be msg's. */
	const ProtobufCFieldDescriptor *field =
	    protobuf_c_message_descriptor_get_field(&netpont__envelope__descriptor, (unsigned)body);
	assert(field != NULL && field->descriptor == ((ProtobufCMessage *)msg)->descriptor);
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = body;
	memcpy((char *)&req + field->offset, &msg, sizeof msg);
	*reply = NULL;
	int rc = ctl_call(ctx, &req, reply);
	if (rc != CTL_EXIT_OK || expected == NETPONT__ENVELOPE__BODY__NOT_SET)
		return rc;
	rc = ctl_expect(*reply, expected);
	if (rc != CTL_EXIT_OK) {
		netpont__envelope__free_unpacked(*reply, NULL);
		*reply = NULL;
	}
	return rc;
}

static void free_reply(Netpont__Envelope *reply)
{
	if (reply != NULL)
		netpont__envelope__free_unpacked(reply, NULL);
}

/* How a command shows a reply of the kind it expects; title, when not
 * NULL, is the sentence said first in plain output. */
typedef int (*reply_printer)(ctl_ctx *ctx, Netpont__Envelope *reply, const char *title);

/* request(), then the reply shown by print. */
static int request_print(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                         Netpont__Envelope__BodyCase expected, reply_printer print,
                         const char *title)
{
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, body, msg, expected, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	rc = print(ctx, reply, title);
	free_reply(reply);
	return rc;
}

/* ---------------------------------------------------------------- input checks */

static int need_amount(ctl_ctx *ctx, const char *option, bool above_zero, int64_t *out)
{
	const char *text = ctl_option(ctx, option);
	if (text == NULL)
		return ctl_usage_error(ctx, _("--%s is required."), option);
	if (!ctl_parse_amount(text, out))
		return ctl_usage_error(ctx, "%s",
		                       _("The amount must be a whole number of forints, like 80."));
	if (above_zero && *out == 0)
		return ctl_usage_error(
		    ctx, "%s", _("The amount must be a whole number of forints above 0, like 80."));
	return CTL_EXIT_OK;
}

static int need_minutes(ctl_ctx *ctx, bool required, int64_t *seconds)
{
	const char *text = ctl_option(ctx, "minutes");
	*seconds = 0;
	if (text == NULL)
		return required ? ctl_usage_error(ctx, "%s", _("--minutes is required."))
		                : CTL_EXIT_OK;
	if (!ctl_parse_minutes(text, seconds))
		return ctl_usage_error(ctx, "%s",
		                       _("The minutes must be a positive number, like 30 or 1.5."));
	return CTL_EXIT_OK;
}

static int need_id(ctl_ctx *ctx, const char *text, int64_t *id)
{
	if (!ctl_parse_count(text, INT64_MAX / 10, id))
		return ctl_usage_error(ctx, _("'%s' is not a number. Numbers look like 12."), text);
	return CTL_EXIT_OK;
}

static int need_dates(ctl_ctx *ctx, const char **from, const char **to)
{
	*from = ctl_option(ctx, "from");
	*to = ctl_option(ctx, "to");
	if (*from == NULL || *to == NULL)
		return ctl_usage_error(ctx, "%s", _("Give both --from DATE and --to DATE."));
	if (!ctl_parse_date(*from) || !ctl_parse_date(*to))
		return ctl_usage_error(ctx, "%s",
		                       _("Dates must look like 2026-11-24 (year-month-day)."));
	/* The format is fixed-width, so text order is date order. */
	if (strcmp(*from, *to) > 0)
		return ctl_usage_error(ctx, "%s",
		                       _("The --from date must not be after the --to date."));
	return CTL_EXIT_OK;
}

/* report waivers|shifts|help: --from and --to go into the request's from
 * and to fields (checked first: exit 2 before anything is sent). */
static int dated_request(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg, char **from,
                         char **to, Netpont__Envelope__BodyCase expected, Netpont__Envelope **reply)
{
	const char *first, *last;
	int rc = need_dates(ctx, &first, &last);
	if (rc != CTL_EXIT_OK)
		return rc;
	*from = (char *)first;
	*to = (char *)last;
	return request(ctx, body, msg, expected, reply);
}

static int need_text(ctl_ctx *ctx, const char *option, const char **out)
{
	*out = ctl_option(ctx, option);
	if (*out == NULL || **out == '\0')
		return ctl_usage_error(ctx, _("--%s is required."), option);
	return CTL_EXIT_OK;
}

/* ---------------------------------------------------------------- shared printing */

/* Label and value blocks ("Name:  Kovács Mária") are two-column tables
 * without headers, so translated labels of any length line up. */
static void kv_add(ctl_table *kv, const char *label, const char *value)
{
	const char *row[] = {label, value != NULL ? value : ""};
	ctl_table_add(kv, row);
}

static void kv_add_int(ctl_table *kv, const char *label, int64_t value)
{
	g_autofree char *text = g_strdup_printf("%lld", (long long)value);
	kv_add(kv, label, text);
}

/* "#1 waiting", or "#1 — dora is coming" once a mentor has answered. */
static void kv_add_help(ctl_table *kv, const char *label, const Netpont__HelpCall *h)
{
	g_autofree char *text = NULL;
	if (h->state == NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED &&
	    h->acknowledged_by != NULL && *h->acknowledged_by)
		/* TRANSLATORS: a help call's number and the mentor who answered it. */
		text = g_strdup_printf(_("#%lld — %s is coming"), (long long)h->id,
		                       h->acknowledged_by);
	else
		text =
		    g_strdup_printf("#%lld %s", (long long)h->id, ctl_help_state_label(h->state));
	kv_add(kv, label, text);
}

/* Ends the JSON object begun by a command, adding what a generic reply
 * carries, and prints it; or prints the sentence in plain mode. */
static int finish_simple(ctl_ctx *ctx, JsonBuilder *b, const Netpont__Envelope *reply,
                         const char *sentence)
{
	if (!ctx->json) {
		puts(sentence);
		g_object_unref(b);
		return CTL_EXIT_OK;
	}
	ctl_json_add_bool(b, "ok", true);
	switch (reply->body_case) {
	case NETPONT__ENVELOPE__BODY_SESSION:
		json_builder_set_member_name(b, "session");
		ctl_json_session(b, reply->session);
		break;
	case NETPONT__ENVELOPE__BODY_HELP_CALL:
		json_builder_set_member_name(b, "help");
		ctl_json_help_call(b, reply->help_call);
		break;
	case NETPONT__ENVELOPE__BODY_RESIDENT:
		json_builder_set_member_name(b, "resident");
		ctl_json_resident(b, reply->resident);
		break;
	default:
		break;
	}
	json_builder_end_object(b);
	ctl_json_print_builder(b);
	return CTL_EXIT_OK;
}

static JsonBuilder *begin_object(void)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	return b;
}

static char *person(const char *name, const char *login)
{
	if (name != NULL && *name != '\0' && login != NULL && *login != '\0' &&
	    strcmp(name, login) != 0)
		return g_strdup_printf("%s (%s)", name, login);
	return g_strdup(login != NULL && *login ? login : (name != NULL ? name : ""));
}

static char *hour_minute(int64_t unix_seconds)
{
	char *full = ctl_time(unix_seconds);
	char *hm = g_strdup(strlen(full) >= 16 ? full + 11 : full);
	g_free(full);
	return hm;
}

/* Why a session ended, for people; the wire has fixed words. */
static const char *end_reason_label(const char *reason)
{
	if (reason == NULL)
		return "";
	if (strcmp(reason, "time_up") == 0)
		return _("time was up");
	if (strcmp(reason, "logout") == 0)
		return _("logged out");
	if (strcmp(reason, "mentor") == 0)
		return _("ended by a mentor");
	if (strcmp(reason, "seat_locked") == 0)
		return _("PC was locked");
	return reason;
}

static void print_session_plain(const ctl_ctx *ctx, const Netpont__SessionInfo *s)
{
	g_autofree char *who = person(s->resident_name, s->resident_login);
	if (s->ended_at != 0) {
		g_autofree char *used = ctl_duration(s->ended_at - s->started_at);
		printf(_("The session of %s at %s has ended (%s used).\n"), who, s->seat, used);
		return;
	}
	g_autofree char *left = ctl_duration(s->remaining_s);
	g_autofree char *until = hour_minute(s->ends_at);
	if (s->guest)
		printf(_("%s: guest session as %s until %s (%s left).\n"), s->seat,
		       s->resident_login, until, left);
	else
		printf(_("%s: %s until %s (%s left).\n"), s->seat, who, until, left);
	(void)ctx;
}

/* ---------------------------------------------------------------- seat */

static int seat_add(ctl_ctx *ctx)
{
	Netpont__SeatAdd m = NETPONT__SEAT_ADD__INIT;
	Netpont__Envelope *reply = NULL;
	m.name = ctx->args[0];
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SEAT_ADD, &m,
	                 NETPONT__ENVELOPE__BODY_SEAT_ADDED, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__SeatAdded *a = reply->seat_added;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "name", a->name);
		ctl_json_add_string(b, "token", a->token);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		printf(_("%s is enrolled. Give this token to its agent (--token-file); it is shown "
		         "only "
		         "this once:\n"),
		       a->name);
		/* Alone on the last line: scripts take it with `tail -1`. */
		printf("%s\n", a->token);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int seat_list(ctl_ctx *ctx)
{
	Netpont__SeatList m = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SEAT_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__SeatListReply *r = reply->seat_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_seats; i++) {
			Netpont__SeatInfo *s = r->seats[i];
			Netpont__SessionInfo *ses = s->session;
			bool running = ses != NULL && ses->ended_at == 0;
			bool help = s->help_id != 0 &&
			            s->help_state != NETPONT__HELP_STATE__HELP_STATE_RESOLVED;
			json_builder_begin_object(b);
			ctl_json_add_string(b, "name", s->name);
			ctl_json_add_string(b, "state", ctl_seat_state_name(s->state));
			ctl_json_add_string_or_null(b, "resident",
			                            running ? ses->resident_login : NULL);
			if (running)
				ctl_json_add_int(b, "remaining_s",
				                 ses->remaining_s > 0 ? ses->remaining_s : 0);
			else
				ctl_json_add_null(b, "remaining_s");
			ctl_json_add_string_or_null(
			    b, "help", help ? ctl_help_state_name(s->help_state) : NULL);
			ctl_json_add_string_or_null(b, "resident_name",
			                            running ? ses->resident_name : NULL);
			ctl_json_add_string_or_null(
			    b, "guest", running && ses->guest ? ses->resident_login : NULL);
			if (running)
				ctl_json_add_int(b, "ends_at", ses->ends_at);
			else
				ctl_json_add_null(b, "ends_at");
			if (help)
				ctl_json_add_int(b, "help_id", s->help_id);
			else
				ctl_json_add_null(b, "help_id");
			ctl_json_add_bool(b, "connected", s->connected);
			ctl_json_add_bool(b, "out_of_order", s->out_of_order);
			ctl_json_add_string_or_null(b, "message", s->message);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_print_builder(b);
		free_reply(reply);
		return CTL_EXIT_OK;
	}
	if (r->n_seats == 0) {
		puts(_("No PCs are enrolled yet. An administrator adds one with: netpontctl seat "
		       "add NAME"));
		free_reply(reply);
		return CTL_EXIT_OK;
	}
	const char *headers[] = {_("SEAT"), _("STATE"), _("RESIDENT"), _("TIME LEFT"), _("HELP")};
	ctl_table *t = ctl_table_new(5, headers);
	ctl_table_right(t, 3);
	for (size_t i = 0; i < r->n_seats; i++) {
		Netpont__SeatInfo *s = r->seats[i];
		Netpont__SessionInfo *ses = s->session;
		bool running = ses != NULL && ses->ended_at == 0;
		g_autofree char *who =
		    running ? person(ses->resident_name, ses->resident_login) : g_strdup("");
		g_autofree char *left = running ? ctl_duration(ses->remaining_s) : g_strdup("");
		g_autofree char *help = NULL;
		if (s->help_id != 0 && s->help_state != NETPONT__HELP_STATE__HELP_STATE_RESOLVED)
			help = g_strdup_printf("#%lld %s", (long long)s->help_id,
			                       ctl_help_state_label(s->help_state));
		const char *row[] = {s->name, ctl_seat_state_label(s->state), who, left,
		                     help != NULL ? help : ""};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int seat_lock_or_unlock(ctl_ctx *ctx, bool lock)
{
	Netpont__SeatLock lm = NETPONT__SEAT_LOCK__INIT;
	Netpont__SeatUnlock um = NETPONT__SEAT_UNLOCK__INIT;
	Netpont__Envelope *reply = NULL;
	lm.name = um.name = ctx->args[0];
	int rc = lock ? request(ctx, NETPONT__ENVELOPE__BODY_SEAT_LOCK, &lm,
	                        NETPONT__ENVELOPE__BODY__NOT_SET, &reply)
	              : request(ctx, NETPONT__ENVELOPE__BODY_SEAT_UNLOCK, &um,
	                        NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	JsonBuilder *b = begin_object();
	ctl_json_add_string(b, "name", ctx->args[0]);
	ctl_json_add_bool(b, "locked", lock);
	g_autofree char *sentence =
	    g_strdup_printf(lock ? _("%s is locked: nobody can use it until it is unlocked.")
	                         : _("%s is unlocked and can be used again."),
	                    ctx->args[0]);
	rc = finish_simple(ctx, b, reply, sentence);
	free_reply(reply);
	return rc;
}

static int seat_lock(ctl_ctx *ctx)
{
	return seat_lock_or_unlock(ctx, true);
}

static int seat_unlock(ctl_ctx *ctx)
{
	return seat_lock_or_unlock(ctx, false);
}

static int seat_message(ctl_ctx *ctx)
{
	Netpont__SeatMessage m = NETPONT__SEAT_MESSAGE__INIT;
	Netpont__Envelope *reply = NULL;
	if (*ctx->args[1] == '\0')
		return ctl_usage_error(ctx, "%s", _("The message must not be empty."));
	m.name = ctx->args[0];
	m.text = ctx->args[1];
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SEAT_MESSAGE, &m,
	                 NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	JsonBuilder *b = begin_object();
	ctl_json_add_string(b, "name", m.name);
	ctl_json_add_string(b, "text", m.text);
	g_autofree char *sentence = g_strdup_printf(_("The message is shown on %s."), m.name);
	rc = finish_simple(ctx, b, reply, sentence);
	free_reply(reply);
	return rc;
}

/* ---------------------------------------------------------------- resident */

static void print_resident_plain(const ctl_ctx *ctx, const Netpont__Resident *r)
{
	g_autofree char *due = ctl_money(ctx, r->balance_due);
	g_autofree char *used = ctl_duration(r->used_today_s);
	ctl_table *kv = ctl_table_new(2, NULL);
	kv_add(kv, _("Login:"), r->login);
	kv_add(kv, _("Name:"), r->name);
	kv_add(kv, _("Category:"), r->category);
	kv_add(kv, _("Owes now:"), due);
	if (r->allowance_s > 0) {
		g_autofree char *allowance = ctl_duration(r->allowance_s);
		g_autofree char *both = g_strdup_printf("%s / %s", used, allowance);
		kv_add(kv, _("Used today:"), both);
	} else {
		kv_add(kv, _("Used today:"), used);
	}
	if (r->guest)
		kv_add(kv, _("Account:"), _("guest"));
	if (r->locked_out)
		kv_add(kv, _("PIN:"),
		       _("locked after too many wrong PINs — reset it with resident reset-pin"));
	if (r->note != NULL && *r->note)
		kv_add(kv, _("Note:"), r->note);
	ctl_table_print(kv);
}

static int print_resident_reply(ctl_ctx *ctx, Netpont__Envelope *reply, const char *sentence)
{
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		ctl_json_resident(b, reply->resident);
		ctl_json_print_builder(b);
	} else {
		puts(sentence);
		print_resident_plain(ctx, reply->resident);
	}
	return CTL_EXIT_OK;
}

static int resident_add(ctl_ctx *ctx)
{
	Netpont__ResidentAdd m = NETPONT__RESIDENT_ADD__INIT;
	const char *name, *pin;
	int rc;
	if ((rc = need_text(ctx, "name", &name)) || (rc = need_text(ctx, "pin", &pin)))
		return rc;
	m.login = ctx->args[0];
	m.name = (char *)name;
	m.pin = (char *)pin;
	m.category = (char *)(ctl_option(ctx, "category") ? ctl_option(ctx, "category") : "");
	m.note = (char *)(ctl_option(ctx, "note") ? ctl_option(ctx, "note") : "");
	g_autofree char *sentence = g_strdup_printf(_("%s can now log in at any PC."), m.login);
	return request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_ADD, &m,
	                     NETPONT__ENVELOPE__BODY_RESIDENT, print_resident_reply, sentence);
}

static int resident_update_send(ctl_ctx *ctx, Netpont__ResidentUpdate *m, const char *sentence)
{
	return request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, m,
	                     NETPONT__ENVELOPE__BODY_RESIDENT, print_resident_reply, sentence);
}

static int resident_update(ctl_ctx *ctx)
{
	Netpont__ResidentUpdate m = NETPONT__RESIDENT_UPDATE__INIT;
	const char *name = ctl_option(ctx, "name"), *pin = ctl_option(ctx, "pin");
	const char *category = ctl_option(ctx, "category"), *note = ctl_option(ctx, "note");
	if (!name && !pin && !category && !note)
		return ctl_usage_error(
		    ctx, "%s", _("Say what to change: --name, --pin, --category or --note."));
	m.login = ctx->args[0];
	m.name = (char *)(name ? name : "");
	m.pin = (char *)(pin ? pin : "");
	m.category = (char *)(category ? category : "");
	m.note = (char *)(note ? note : "");
	m.clear_lockout = pin != NULL;
	g_autofree char *sentence = g_strdup_printf(_("%s is updated."), m.login);
	return resident_update_send(ctx, &m, sentence);
}

static int resident_reset_pin(ctl_ctx *ctx)
{
	Netpont__ResidentUpdate m = NETPONT__RESIDENT_UPDATE__INIT;
	const char *pin;
	int rc = need_text(ctx, "pin", &pin);
	if (rc != CTL_EXIT_OK)
		return rc;
	m.login = ctx->args[0];
	m.name = m.category = m.note = "";
	m.pin = (char *)pin;
	m.clear_lockout = true;
	g_autofree char *sentence =
	    g_strdup_printf(_("%s has a new PIN and can log in again."), m.login);
	return resident_update_send(ctx, &m, sentence);
}

static int resident_list(ctl_ctx *ctx)
{
	Netpont__ResidentList m = NETPONT__RESIDENT_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	m.query = ctx->nargs > 0 ? ctx->args[0] : "";
	m.include_guests = ctl_flag(ctx, "guests");
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ResidentListReply *r = reply->resident_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_residents; i++)
			ctl_json_resident(b, r->residents[i]);
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else if (r->n_residents == 0) {
		puts(_("No residents found."));
	} else {
		const char *headers[] = {_("LOGIN"), _("NAME"),       _("CATEGORY"),
		                         _("OWES"),  _("USED TODAY"), ""};
		ctl_table *t = ctl_table_new(6, headers);
		ctl_table_right(t, 3);
		ctl_table_right(t, 4);
		for (size_t i = 0; i < r->n_residents; i++) {
			Netpont__Resident *p = r->residents[i];
			g_autofree char *due = ctl_money(ctx, p->balance_due);
			g_autofree char *used = ctl_duration(p->used_today_s);
			const char *flags = p->locked_out ? _("PIN locked")
			                    : p->guest    ? _("guest")
			                                  : "";
			const char *row[] = {p->login, p->name, p->category, due, used, flags};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int resident_show(ctl_ctx *ctx)
{
	Netpont__ResidentShow m = NETPONT__RESIDENT_SHOW__INIT;
	Netpont__Envelope *reply = NULL;
	m.login = ctx->args[0];
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, &m,
	                 NETPONT__ENVELOPE__BODY_RESIDENT_DETAIL, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ResidentDetail *d = reply->resident_detail;
	if (d->resident == NULL) {
		ctl_error(_("The server sent no details for %s."), m.login);
		free_reply(reply);
		return CTL_EXIT_REFUSED;
	}
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		json_builder_set_member_name(b, "resident");
		ctl_json_resident(b, d->resident);
		/* The resident's own keys at the top too, so `.login` and `.due` work. */
		Netpont__Resident *r = d->resident;
		ctl_json_add_string(b, "login", r->login);
		ctl_json_add_string(b, "name", r->name);
		ctl_json_add_string(b, "category", r->category);
		ctl_json_add_int(b, "due", r->balance_due);
		ctl_json_add_bool(b, "locked_out", r->locked_out);
		json_builder_set_member_name(b, "sessions");
		json_builder_begin_array(b);
		for (size_t i = 0; i < d->n_sessions; i++)
			ctl_json_session(b, d->sessions[i]);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "ledger");
		json_builder_begin_array(b);
		for (size_t i = 0; i < d->n_ledger; i++)
			ctl_json_ledger_entry(b, d->ledger[i]);
		json_builder_end_array(b);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		free_reply(reply);
		return CTL_EXIT_OK;
	}
	print_resident_plain(ctx, d->resident);
	if (d->n_sessions > 0) {
		printf("\n%s\n", _("Sessions (newest first):"));
		const char *headers[] = {_("STARTED"), _("SEAT"), _("USED"), _("ENDED BECAUSE")};
		ctl_table *t = ctl_table_new(4, headers);
		ctl_table_right(t, 2);
		for (size_t i = 0; i < d->n_sessions; i++) {
			Netpont__SessionInfo *s = d->sessions[i];
			g_autofree char *start = ctl_time(s->started_at);
			int64_t end = s->ended_at != 0 ? s->ended_at : s->server_time;
			g_autofree char *used =
			    ctl_duration(end > s->started_at ? end - s->started_at : 0);
			const char *row[] = {start, s->seat, used,
			                     s->ended_at != 0 ? end_reason_label(s->end_reason)
			                                      : _("running")};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	if (d->n_ledger > 0) {
		printf("\n%s\n", _("Ledger (newest first):"));
		const char *headers[] = {_("ID"),  _("WHEN"),   _("KIND"), _("SERVICE"),
		                         _("QTY"), _("AMOUNT"), _("NOTE")};
		ctl_table *t = ctl_table_new(7, headers);
		ctl_table_right(t, 0);
		ctl_table_right(t, 4);
		ctl_table_right(t, 5);
		for (size_t i = 0; i < d->n_ledger; i++) {
			Netpont__LedgerEntry *e = d->ledger[i];
			g_autofree char *id = g_strdup_printf("%lld", (long long)e->id);
			g_autofree char *at = ctl_time(e->at);
			g_autofree char *qty =
			    e->qty ? g_strdup_printf("%lld", (long long)e->qty) : g_strdup("");
			g_autofree char *amount = ctl_money(ctx, e->amount);
			const char *row[] = {id,
			                     at,
			                     ctl_ledger_kind_label(e->kind),
			                     e->service ? e->service : "",
			                     qty,
			                     amount,
			                     e->note ? e->note : ""};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

/* ---------------------------------------------------------------- session */

static int print_session_reply(ctl_ctx *ctx, Netpont__Envelope *reply, const char *title)
{
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		ctl_json_session(b, reply->session);
		ctl_json_print_builder(b);
	} else {
		if (title != NULL)
			puts(title);
		print_session_plain(ctx, reply->session);
	}
	return CTL_EXIT_OK;
}

static int session_start(ctl_ctx *ctx)
{
	Netpont__SessionStart m = NETPONT__SESSION_START__INIT;
	const char *resident = ctl_option(ctx, "resident");
	bool guest = ctl_flag(ctx, "guest");
	int64_t seconds;
	if ((resident == NULL) == !guest)
		return ctl_usage_error(ctx, "%s", _("Give either --resident LOGIN or --guest."));
	if (resident != NULL && *resident == '\0')
		return ctl_usage_error(ctx, "%s", _("--resident needs a login."));
	int rc = need_minutes(ctx, false, &seconds);
	if (rc != CTL_EXIT_OK)
		return rc;
	m.seat = ctx->args[0];
	m.resident_login = (char *)(resident ? resident : "");
	m.guest = guest;
	m.seconds = seconds;
	return request_print(ctx, NETPONT__ENVELOPE__BODY_SESSION_START, &m,
	                     NETPONT__ENVELOPE__BODY_SESSION, print_session_reply, NULL);
}

static int session_extend(ctl_ctx *ctx)
{
	Netpont__SessionExtend m = NETPONT__SESSION_EXTEND__INIT;
	int64_t seconds;
	int rc = need_minutes(ctx, true, &seconds);
	if (rc != CTL_EXIT_OK)
		return rc;
	m.seat = ctx->args[0];
	m.seconds = seconds;
	return request_print(ctx, NETPONT__ENVELOPE__BODY_SESSION_EXTEND, &m,
	                     NETPONT__ENVELOPE__BODY_SESSION, print_session_reply, NULL);
}

static int session_end(ctl_ctx *ctx)
{
	Netpont__SessionEnd m = NETPONT__SESSION_END__INIT;
	Netpont__Envelope *reply = NULL;
	m.seat = ctx->args[0];
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SESSION_END, &m,
	                 NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_SESSION) {
		rc = print_session_reply(ctx, reply, NULL);
	} else {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "seat", m.seat);
		g_autofree char *sentence =
		    g_strdup_printf(_("The session at %s has ended."), m.seat);
		rc = finish_simple(ctx, b, reply, sentence);
	}
	free_reply(reply);
	return rc;
}

/* ---------------------------------------------------------------- help calls */

static int help_list(ctl_ctx *ctx)
{
	Netpont__HelpList m = NETPONT__HELP_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	m.include_resolved = ctl_flag(ctx, "all");
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_HELP_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_HELP_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__HelpListReply *r = reply->help_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_calls; i++)
			ctl_json_help_call(b, r->calls[i]);
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else if (r->n_calls == 0) {
		puts(_("Nobody is waiting for help."));
	} else {
		const char *headers[] = {_("ID"),    _("SEAT"), _("SINCE"),
		                         _("STATE"), _("BY"),   _("TEXT")};
		ctl_table *t = ctl_table_new(6, headers);
		ctl_table_right(t, 0);
		for (size_t i = 0; i < r->n_calls; i++) {
			Netpont__HelpCall *h = r->calls[i];
			g_autofree char *id = g_strdup_printf("%lld", (long long)h->id);
			g_autofree char *since = hour_minute(h->raised_at);
			const char *by = h->state == NETPONT__HELP_STATE__HELP_STATE_RESOLVED
			                     ? h->resolved_by
			                     : h->acknowledged_by;
			const char *row[] = {id,           h->seat,
			                     since,        ctl_help_state_label(h->state),
			                     by ? by : "", h->text ? h->text : ""};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int help_ack_or_resolve(ctl_ctx *ctx, bool resolve)
{
	Netpont__HelpAck am = NETPONT__HELP_ACK__INIT;
	Netpont__HelpResolve rm = NETPONT__HELP_RESOLVE__INIT;
	Netpont__Envelope *reply = NULL;
	int64_t id;
	int rc = need_id(ctx, ctx->args[0], &id);
	if (rc != CTL_EXIT_OK)
		return rc;
	am.id = rm.id = id;
	rc = resolve ? request(ctx, NETPONT__ENVELOPE__BODY_HELP_RESOLVE, &rm,
	                       NETPONT__ENVELOPE__BODY__NOT_SET, &reply)
	             : request(ctx, NETPONT__ENVELOPE__BODY_HELP_ACK, &am,
	                       NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL && ctx->json) {
		JsonBuilder *b = json_builder_new();
		ctl_json_help_call(b, reply->help_call);
		ctl_json_print_builder(b);
	} else {
		JsonBuilder *b = begin_object();
		ctl_json_add_int(b, "id", id);
		ctl_json_add_string(b, "state", resolve ? "resolved" : "acknowledged");
		const char *seat = reply->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL
		                       ? reply->help_call->seat
		                       : "";
		g_autofree char *sentence = NULL;
		if (resolve && *seat)
			sentence = g_strdup_printf(_("Help call %lld from %s is resolved."),
			                           (long long)id, seat);
		else if (resolve)
			sentence = g_strdup_printf(_("Help call %lld is resolved."), (long long)id);
		else if (*seat)
			sentence =
			    g_strdup_printf(_("Help call %lld from %s: the PC now shows that a "
			                      "mentor is on the way."),
			                    (long long)id, seat);
		else
			sentence =
			    g_strdup_printf(_("Help call %lld: the PC now shows that a mentor is "
			                      "on the way."),
			                    (long long)id);
		rc = finish_simple(ctx, b, reply, sentence);
	}
	free_reply(reply);
	return rc;
}

static int help_ack(ctl_ctx *ctx)
{
	return help_ack_or_resolve(ctx, false);
}

static int help_resolve(ctl_ctx *ctx)
{
	return help_ack_or_resolve(ctx, true);
}

/* ---------------------------------------------------------------- tariffs, categories */

static Netpont__Envelope *fetch_tariffs(ctl_ctx *ctx, int *rc)
{
	Netpont__TariffList m = NETPONT__TARIFF_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	*rc = request(ctx, NETPONT__ENVELOPE__BODY_TARIFF_LIST, &m,
	              NETPONT__ENVELOPE__BODY_TARIFF_LIST_REPLY, &reply);
	return reply;
}

static int tariff_list(ctl_ctx *ctx)
{
	int rc;
	Netpont__Envelope *reply = fetch_tariffs(ctx, &rc);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__TariffListReply *r = reply->tariff_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_tariffs; i++) {
			json_builder_begin_object(b);
			ctl_json_add_string(b, "service", r->tariffs[i]->service);
			ctl_json_add_int(b, "price", r->tariffs[i]->price);
			if (r->tariffs[i]->per_minutes > 0)
				ctl_json_add_int(b, "per_minutes", r->tariffs[i]->per_minutes);
			else
				ctl_json_add_null(b, "per_minutes");
			ctl_json_add_string_or_null(b, "label", r->tariffs[i]->label);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else {
		const char *headers[] = {_("SERVICE"), _("PRICE"), _("PER"), _("LABEL")};
		ctl_table *t = ctl_table_new(4, headers);
		ctl_table_right(t, 1);
		for (size_t i = 0; i < r->n_tariffs; i++) {
			Netpont__Tariff *tf = r->tariffs[i];
			g_autofree char *price = ctl_money(ctx, tf->price);
			g_autofree char *per =
			    tf->per_minutes > 0
			        ? g_strdup_printf(_("each started %d min"), tf->per_minutes)
			        : g_strdup(_("item"));
			const char *row[] = {tf->service, price, per, tf->label ? tf->label : ""};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int tariff_set(ctl_ctx *ctx)
{
	Netpont__Tariff tariff = NETPONT__TARIFF__INIT;
	Netpont__TariffSet m = NETPONT__TARIFF_SET__INIT;
	Netpont__Envelope *reply = NULL, *current = NULL;
	const char *per_text = ctl_option(ctx, "per-minutes");
	const char *label = ctl_option(ctx, "label");
	int64_t price, per = 0;
	int rc = need_amount(ctx, "price", false, &price);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (per_text != NULL && !ctl_parse_count(per_text, 24 * 60, &per))
		return ctl_usage_error(
		    ctx, "%s", _("--per-minutes must be a whole number of minutes, like 30."));
	/* Keep the block length and label the service has unless told otherwise:
	 * changing a price must not turn internet time into a per-item service. */
	if (per_text == NULL || label == NULL) {
		current = fetch_tariffs(ctx, &rc);
		if (rc != CTL_EXIT_OK)
			return rc;
		Netpont__TariffListReply *r = current->tariff_list_reply;
		for (size_t i = 0; i < r->n_tariffs; i++)
			if (strcmp(r->tariffs[i]->service, ctx->args[0]) == 0) {
				if (per_text == NULL)
					per = r->tariffs[i]->per_minutes;
				if (label == NULL)
					label = r->tariffs[i]->label;
			}
	}
	tariff.service = ctx->args[0];
	tariff.price = price;
	tariff.per_minutes = (int32_t)per;
	tariff.label = (char *)(label ? label : "");
	m.tariff = &tariff;
	rc = request(ctx, NETPONT__ENVELOPE__BODY_TARIFF_SET, &m, NETPONT__ENVELOPE__BODY__NOT_SET,
	             &reply);
	if (rc == CTL_EXIT_OK) {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "service", tariff.service);
		ctl_json_add_int(b, "price", tariff.price);
		if (per > 0)
			ctl_json_add_int(b, "per_minutes", per);
		else
			ctl_json_add_null(b, "per_minutes");
		ctl_json_add_string_or_null(b, "label", tariff.label);
		g_autofree char *money = ctl_money(ctx, price);
		g_autofree char *sentence =
		    per > 0 ? g_strdup_printf(_("%s now costs %s per started %lld minutes."),
		                              tariff.service, money, (long long)per)
		            : g_strdup_printf(_("%s now costs %s each."), tariff.service, money);
		rc = finish_simple(ctx, b, reply, sentence);
	}
	free_reply(reply);
	free_reply(current);
	return rc;
}

static int category_list(ctl_ctx *ctx)
{
	Netpont__CategoryList m = NETPONT__CATEGORY_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_CATEGORY_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_CATEGORY_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__CategoryListReply *r = reply->category_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_categories; i++) {
			json_builder_begin_object(b);
			ctl_json_add_string(b, "name", r->categories[i]->name);
			ctl_json_add_int(b, "percent", r->categories[i]->percent);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else {
		const char *headers[] = {_("CATEGORY"), _("PAYS")};
		ctl_table *t = ctl_table_new(2, headers);
		ctl_table_right(t, 1);
		for (size_t i = 0; i < r->n_categories; i++) {
			g_autofree char *pays = g_strdup_printf("%d%%", r->categories[i]->percent);
			const char *row[] = {r->categories[i]->name, pays};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int category_set(ctl_ctx *ctx)
{
	Netpont__Category category = NETPONT__CATEGORY__INIT;
	Netpont__CategorySet m = NETPONT__CATEGORY_SET__INIT;
	Netpont__Envelope *reply = NULL;
	const char *text;
	int rc = need_text(ctx, "percent", &text);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (!ctl_parse_percent(text, &category.percent))
		return ctl_usage_error(ctx, "%s",
		                       _("The percent must be a whole number from 0 to 100."));
	category.name = ctx->args[0];
	m.category = &category;
	rc = request(ctx, NETPONT__ENVELOPE__BODY_CATEGORY_SET, &m,
	             NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	JsonBuilder *b = begin_object();
	ctl_json_add_string(b, "name", category.name);
	ctl_json_add_int(b, "percent", category.percent);
	g_autofree char *sentence =
	    category.percent == 0
	        ? g_strdup_printf(_("Residents in %s pay nothing (exempt)."), category.name)
	        : g_strdup_printf(_("Residents in %s pay %d%% of the tariff."), category.name,
	                          category.percent);
	rc = finish_simple(ctx, b, reply, sentence);
	free_reply(reply);
	return rc;
}

/* ---------------------------------------------------------------- money */

static int charge_add(ctl_ctx *ctx)
{
	Netpont__ChargeAdd m = NETPONT__CHARGE_ADD__INIT;
	Netpont__Envelope *reply = NULL;
	const char *qty_text = ctl_option(ctx, "qty");
	int64_t qty = 1;
	if (qty_text != NULL && !ctl_parse_count(qty_text, 100000, &qty))
		return ctl_usage_error(ctx, "%s",
		                       _("The quantity must be a whole number above 0, like 3."));
	m.resident_login = ctx->args[0];
	m.service = ctx->args[1];
	m.qty = qty;
	m.note = (char *)(ctl_option(ctx, "note") ? ctl_option(ctx, "note") : "");
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_CHARGE_ADD, &m,
	                 NETPONT__ENVELOPE__BODY_CHARGE_ADDED, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ChargeAdded *a = reply->charge_added;
	Netpont__LedgerEntry *e = a->entry;
	int64_t amount = e != NULL ? e->amount : 0;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		if (e != NULL)
			ctl_json_add_int(b, "id", e->id);
		ctl_json_add_string(b, "resident", m.resident_login);
		ctl_json_add_string(b, "service", m.service);
		ctl_json_add_int(b, "qty", e != NULL ? e->qty : qty);
		ctl_json_add_int(b, "amount", amount);
		ctl_json_add_int(b, "due", a->due);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		g_autofree char *money = ctl_money(ctx, amount);
		g_autofree char *due = ctl_money(ctx, a->due);
		printf(_("Charged %s to %s: %lld × %s. %s now owes %s.\n"), money, m.resident_login,
		       (long long)(e != NULL ? e->qty : qty), m.service, m.resident_login, due);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int bill(ctl_ctx *ctx)
{
	Netpont__Bill m = NETPONT__BILL__INIT;
	Netpont__Envelope *reply = NULL;
	m.resident_login = ctx->args[0];
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_BILL, &m, NETPONT__ENVELOPE__BODY_BILL_REPLY,
	                 &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__BillReply *r = reply->bill_reply;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "resident",
		                    r->resident_login && *r->resident_login ? r->resident_login
		                                                            : m.resident_login);
		ctl_json_add_string_or_null(b, "name", r->resident_name);
		ctl_json_add_string_or_null(b, "category", r->category);
		ctl_json_add_int(b, "due", r->due);
		json_builder_set_member_name(b, "charges");
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_lines; i++) {
			Netpont__BillLine *l = r->lines[i];
			json_builder_begin_object(b);
			ctl_json_add_string(b, "service", l->service);
			ctl_json_add_int(b, "qty", l->qty);
			ctl_json_add_int(b, "amount", l->amount);
			ctl_json_add_int(b, "id", l->charge_id);
			ctl_json_add_int(b, "at", l->at);
			ctl_json_add_string_or_null(b, "seat", l->seat);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		free_reply(reply);
		return CTL_EXIT_OK;
	}
	g_autofree char *who =
	    person(r->resident_name,
	           r->resident_login && *r->resident_login ? r->resident_login : m.resident_login);
	g_autofree char *due = ctl_money(ctx, r->due);
	if (r->category != NULL && *r->category)
		printf(_("Bill for %s (category %s)\n"), who, r->category);
	else
		printf(_("Bill for %s\n"), who);
	if (r->n_lines > 0) {
		const char *headers[] = {_("WHEN"), _("SERVICE"), _("QTY"), _("AMOUNT"), _("SEAT")};
		ctl_table *t = ctl_table_new(5, headers);
		ctl_table_right(t, 2);
		ctl_table_right(t, 3);
		for (size_t i = 0; i < r->n_lines; i++) {
			Netpont__BillLine *l = r->lines[i];
			g_autofree char *at = ctl_time(l->at);
			g_autofree char *qty = g_strdup_printf("%lld", (long long)l->qty);
			g_autofree char *amount = ctl_money(ctx, l->amount);
			const char *row[] = {at, l->service, qty, amount, l->seat ? l->seat : ""};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	printf(_("Due now: %s\n"), due);
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int pay(ctl_ctx *ctx)
{
	Netpont__Pay m = NETPONT__PAY__INIT;
	Netpont__Envelope *reply = NULL;
	const char *method = ctl_option(ctx, "method");
	const char *note = ctl_option(ctx, "note");
	int64_t amount;
	int rc = need_amount(ctx, "amount", true, &amount);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (method == NULL)
		method = "cash";
	if (strcmp(method, "cash") != 0 && strcmp(method, "waive") != 0)
		return ctl_usage_error(ctx, "%s", _("The payment method must be cash or waive."));
	if (strcmp(method, "waive") == 0 && (note == NULL || *note == '\0'))
		return ctl_usage_error(ctx, "%s",
		                       _("A waiver needs a note saying why, for the treasurer: "
		                         "--note TEXT."));
	m.resident_login = ctx->args[0];
	m.amount = amount;
	m.method = (char *)method;
	m.note = (char *)(note ? note : "");
	rc = request(ctx, NETPONT__ENVELOPE__BODY_PAY, &m, NETPONT__ENVELOPE__BODY_PAY_REPLY,
	             &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__PayReply *r = reply->pay_reply;
	bool waived = strcmp(method, "waive") == 0;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		if (r->entry != NULL)
			ctl_json_add_int(b, "id", r->entry->id);
		ctl_json_add_string(b, "resident", m.resident_login);
		ctl_json_add_int(b, "amount", r->entry != NULL ? r->entry->amount : amount);
		ctl_json_add_string(b, "method", method);
		ctl_json_add_bool(b, "waived", waived);
		ctl_json_add_string_or_null(b, "note", m.note);
		ctl_json_add_int(b, "due", r->due);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		g_autofree char *money = ctl_money(ctx, amount);
		g_autofree char *due = ctl_money(ctx, r->due);
		if (waived)
			printf(_("Waived %s for %s. Still owed: %s.\n"), money, m.resident_login,
			       due);
		else
			printf(_("Received %s in cash from %s. Still owed: %s.\n"), money,
			       m.resident_login, due);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int ledger_reverse(ctl_ctx *ctx)
{
	Netpont__LedgerReverse m = NETPONT__LEDGER_REVERSE__INIT;
	Netpont__Envelope *reply = NULL;
	const char *note;
	int64_t id;
	int rc;
	if ((rc = need_id(ctx, ctx->args[0], &id)) || (rc = need_text(ctx, "note", &note)))
		return rc;
	m.entry_id = id;
	m.note = (char *)note;
	rc = request(ctx, NETPONT__ENVELOPE__BODY_LEDGER_REVERSE, &m,
	             NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__LedgerEntry *e = reply->ledger_reverse_reply->entry;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		if (e != NULL) {
			ctl_json_ledger_entry(b, e);
		} else {
			json_builder_begin_object(b);
			ctl_json_add_int(b, "reverses_id", id);
			json_builder_end_object(b);
		}
		ctl_json_print_builder(b);
	} else {
		printf(_("Ledger row %lld is reversed by row %lld.\n"), (long long)id,
		       (long long)(e != NULL ? e->id : 0));
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

/* ---------------------------------------------------------------- reports */

static int report_totals(ctl_ctx *ctx)
{
	Netpont__ReportTotals m = NETPONT__REPORT_TOTALS__INIT;
	Netpont__Envelope *reply = NULL;
	const char *from, *to;
	const char *by = ctl_option(ctx, "by");
	bool csv = ctl_flag(ctx, "csv");
	int rc = need_dates(ctx, &from, &to);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (by == NULL)
		by = "day";
	if (strcmp(by, "day") == 0)
		m.by = NETPONT__REPORT_BY__REPORT_BY_DAY;
	else if (strcmp(by, "service") == 0)
		m.by = NETPONT__REPORT_BY__REPORT_BY_SERVICE;
	else if (strcmp(by, "staff") == 0)
		m.by = NETPONT__REPORT_BY__REPORT_BY_STAFF;
	else if (strcmp(by, "category") == 0)
		m.by = NETPONT__REPORT_BY__REPORT_BY_CATEGORY;
	else
		return ctl_usage_error(ctx, "%s",
		                       _("--by must be day, service, staff or category."));
	if (csv && ctx->json)
		return ctl_usage_error(ctx, "%s", _("Choose either --csv or --json, not both."));
	m.from = (char *)from;
	m.to = (char *)to;
	rc = request(ctx, NETPONT__ENVELOPE__BODY_REPORT_TOTALS, &m,
	             NETPONT__ENVELOPE__BODY_REPORT_TOTALS_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ReportTotalsReply *r = reply->report_totals_reply;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "from", from);
		ctl_json_add_string(b, "to", to);
		ctl_json_add_string(b, "by", by);
		json_builder_set_member_name(b, "rows");
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_rows; i++) {
			json_builder_begin_object(b);
			ctl_json_add_string(b, "key", r->rows[i]->key);
			ctl_json_add_int(b, "charged", r->rows[i]->charged);
			ctl_json_add_int(b, "paid", r->rows[i]->paid);
			ctl_json_add_int(b, "waived", r->rows[i]->waived);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_add_int(b, "total_charged", r->total_charged);
		ctl_json_add_int(b, "total_paid", r->total_paid);
		ctl_json_add_int(b, "total_waived", r->total_waived);
		ctl_json_add_int(b, "total_owed", r->total_owed);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else if (csv) {
		/* Plain integers in minor units: spreadsheets must not see "5 460 Ft". */
		puts("key,charged,paid,waived");
		for (size_t i = 0; i < r->n_rows; i++) {
			char *key = ctl_csv_field(r->rows[i]->key);
			printf("%s,%lld,%lld,%lld\n", key ? key : "",
			       (long long)r->rows[i]->charged, (long long)r->rows[i]->paid,
			       (long long)r->rows[i]->waived);
			free(key);
		}
		printf("total,%lld,%lld,%lld\n", (long long)r->total_charged,
		       (long long)r->total_paid, (long long)r->total_waived);
	} else {
		const char *by_label = m.by == NETPONT__REPORT_BY__REPORT_BY_SERVICE ? _("service")
		                       : m.by == NETPONT__REPORT_BY__REPORT_BY_STAFF ? _("staff")
		                       : m.by == NETPONT__REPORT_BY__REPORT_BY_CATEGORY
		                           ? _("category")
		                           : _("day");
		printf(_("Totals from %s to %s, by %s\n"), from, to, by_label);
		const char *headers[] = {_("KEY"), _("CHARGED"), _("PAID"), _("WAIVED")};
		ctl_table *t = ctl_table_new(4, headers);
		for (int c = 1; c < 4; c++)
			ctl_table_right(t, c);
		for (size_t i = 0; i < r->n_rows; i++) {
			g_autofree char *c1 = ctl_money(ctx, r->rows[i]->charged);
			g_autofree char *c2 = ctl_money(ctx, r->rows[i]->paid);
			g_autofree char *c3 = ctl_money(ctx, r->rows[i]->waived);
			const char *row[] = {r->rows[i]->key, c1, c2, c3};
			ctl_table_add(t, row);
		}
		g_autofree char *t1 = ctl_money(ctx, r->total_charged);
		g_autofree char *t2 = ctl_money(ctx, r->total_paid);
		g_autofree char *t3 = ctl_money(ctx, r->total_waived);
		const char *total[] = {_("Total"), t1, t2, t3};
		ctl_table_add(t, total);
		ctl_table_print(t);
		g_autofree char *owed = ctl_money(ctx, r->total_owed);
		printf(_("Owed by all residents now: %s\n"), owed);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int report_waivers(ctl_ctx *ctx)
{
	Netpont__ReportWaivers m = NETPONT__REPORT_WAIVERS__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = dated_request(ctx, NETPONT__ENVELOPE__BODY_REPORT_WAIVERS, &m, &m.from, &m.to,
	                       NETPONT__ENVELOPE__BODY_REPORT_WAIVERS_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ReportWaiversReply *r = reply->report_waivers_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_waivers; i++)
			ctl_json_ledger_entry(b, r->waivers[i]);
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else if (r->n_waivers == 0) {
		puts(_("No fees were waived in these days."));
	} else {
		const char *headers[] = {_("WHEN"), _("RESIDENT"), _("AMOUNT"), _("BY"), _("NOTE")};
		ctl_table *t = ctl_table_new(5, headers);
		ctl_table_right(t, 2);
		for (size_t i = 0; i < r->n_waivers; i++) {
			Netpont__LedgerEntry *e = r->waivers[i];
			g_autofree char *at = ctl_time(e->at);
			g_autofree char *amount = ctl_money(ctx, e->amount);
			const char *row[] = {at, e->resident_login, amount, e->staff, e->note};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static void print_shift_plain(const ctl_ctx *ctx, const Netpont__Shift *s)
{
	g_autofree char *start = ctl_time(s->started_at);
	g_autofree char *fl = ctl_money(ctx, s->cash_float);
	g_autofree char *taken = ctl_money(ctx, s->cash_taken);
	g_autofree char *expected = ctl_money(ctx, s->expected);
	ctl_table *kv = ctl_table_new(2, NULL);
	kv_add(kv, _("Mentor:"), s->staff);
	kv_add(kv, _("Started:"), start);
	if (s->ended_at != 0) {
		g_autofree char *end = ctl_time(s->ended_at);
		kv_add(kv, _("Ended:"), end);
	}
	kv_add(kv, _("Float:"), fl);
	kv_add(kv, _("Cash taken:"), taken);
	kv_add(kv, _("Expected in box:"), expected);
	if (s->ended_at != 0) {
		g_autofree char *counted = ctl_money(ctx, s->counted);
		g_autofree char *diff = ctl_money(ctx, s->difference);
		/* A surplus shows its sign, so "+20 Ft" is not read as a shortfall. */
		g_autofree char *signed_diff =
		    g_strdup_printf("%s%s", s->difference > 0 ? "+" : "", diff);
		kv_add(kv, _("Counted:"), counted);
		kv_add(kv, _("Difference:"), signed_diff);
	}
	ctl_table_print(kv);
}

static int report_shifts(ctl_ctx *ctx)
{
	Netpont__ReportShifts m = NETPONT__REPORT_SHIFTS__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = dated_request(ctx, NETPONT__ENVELOPE__BODY_REPORT_SHIFTS, &m, &m.from, &m.to,
	                       NETPONT__ENVELOPE__BODY_REPORT_SHIFTS_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ReportShiftsReply *r = reply->report_shifts_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_shifts; i++)
			ctl_json_shift(b, r->shifts[i]);
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else if (r->n_shifts == 0) {
		puts(_("No shifts in these days."));
	} else {
		const char *headers[] = {_("STARTED"),    _("MENTOR"),   _("FLOAT"),
		                         _("CASH TAKEN"), _("EXPECTED"), _("COUNTED"),
		                         _("DIFFERENCE")};
		ctl_table *t = ctl_table_new(7, headers);
		for (int c = 2; c < 7; c++)
			ctl_table_right(t, c);
		for (size_t i = 0; i < r->n_shifts; i++) {
			Netpont__Shift *s = r->shifts[i];
			g_autofree char *start = ctl_time(s->started_at);
			g_autofree char *fl = ctl_money(ctx, s->cash_float);
			g_autofree char *taken = ctl_money(ctx, s->cash_taken);
			g_autofree char *expected = ctl_money(ctx, s->expected);
			g_autofree char *counted =
			    s->ended_at ? ctl_money(ctx, s->counted) : g_strdup(_("open"));
			g_autofree char *diff =
			    s->ended_at ? ctl_money(ctx, s->difference) : g_strdup("");
			const char *row[] = {start, s->staff, fl, taken, expected, counted, diff};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int report_help(ctl_ctx *ctx)
{
	Netpont__ReportHelp m = NETPONT__REPORT_HELP__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = dated_request(ctx, NETPONT__ENVELOPE__BODY_REPORT_HELP, &m, &m.from, &m.to,
	                       NETPONT__ENVELOPE__BODY_REPORT_HELP_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__ReportHelpReply *r = reply->report_help_reply;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "from", m.from);
		ctl_json_add_string(b, "to", m.to);
		ctl_json_add_int(b, "calls", r->calls);
		ctl_json_add_int(b, "answered", r->answered);
		ctl_json_add_int(b, "resolved", r->resolved);
		ctl_json_add_int(b, "average_wait_s", r->average_wait_s);
		ctl_json_add_int(b, "longest_wait_s", r->longest_wait_s);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		g_autofree char *avg =
		    g_strdup_printf("%lld:%02lld", (long long)(r->average_wait_s / 60),
		                    (long long)(r->average_wait_s % 60));
		g_autofree char *max =
		    g_strdup_printf("%lld:%02lld", (long long)(r->longest_wait_s / 60),
		                    (long long)(r->longest_wait_s % 60));
		printf(_("Help calls from %s to %s\n"), m.from, m.to);
		ctl_table *kv = ctl_table_new(2, NULL);
		kv_add_int(kv, _("Calls:"), r->calls);
		kv_add_int(kv, _("Answered:"), r->answered);
		kv_add_int(kv, _("Resolved:"), r->resolved);
		kv_add(kv, _("Average wait (min:s):"), avg);
		kv_add(kv, _("Longest wait (min:s):"), max);
		ctl_table_print(kv);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

/* ---------------------------------------------------------------- staff, shifts, settings */

static int staff_add(ctl_ctx *ctx)
{
	Netpont__StaffAdd m = NETPONT__STAFF_ADD__INIT;
	Netpont__Envelope *reply = NULL;
	const char *role;
	int rc = need_text(ctx, "role", &role);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (strcmp(role, "mentor") == 0)
		m.role = NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR;
	else if (strcmp(role, "treasurer") == 0)
		m.role = NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER;
	else if (strcmp(role, "admin") == 0)
		m.role = NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN;
	else
		return ctl_usage_error(ctx, "%s",
		                       _("The role must be mentor, treasurer or admin."));
	/* Sign in before asking for the new password: a wrong own password
	 * should not cost the admin typing the new one twice. */
	rc = ctl_connect(ctx);
	if (rc != CTL_EXIT_OK)
		return rc;
	char *password = ctl_new_password();
	if (password == NULL)
		return CTL_EXIT_REFUSED;
	m.name = ctx->args[0];
	m.password = password;
	rc = request(ctx, NETPONT__ENVELOPE__BODY_STAFF_ADD, &m, NETPONT__ENVELOPE__BODY__NOT_SET,
	             &reply);
	ctl_free_secret(password);
	if (rc != CTL_EXIT_OK)
		return rc;
	JsonBuilder *b = begin_object();
	ctl_json_add_string(b, "name", m.name);
	ctl_json_add_string(b, "role", role);
	g_autofree char *sentence =
	    g_strdup_printf(_("%s can now sign in as %s."), m.name, ctl_staff_role_label(m.role));
	rc = finish_simple(ctx, b, reply, sentence);
	free_reply(reply);
	return rc;
}

static int staff_list(ctl_ctx *ctx)
{
	Netpont__StaffList m = NETPONT__STAFF_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_STAFF_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_STAFF_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__StaffListReply *r = reply->staff_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_staff; i++) {
			json_builder_begin_object(b);
			ctl_json_add_string(b, "name", r->staff[i]->name);
			ctl_json_add_string(b, "role", ctl_staff_role_name(r->staff[i]->role));
			ctl_json_add_bool(b, "disabled", r->staff[i]->disabled);
			ctl_json_add_int(b, "created_at", r->staff[i]->created_at);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_print_builder(b);
	} else {
		const char *headers[] = {_("NAME"), _("ROLE"), _("SINCE"), ""};
		ctl_table *t = ctl_table_new(4, headers);
		for (size_t i = 0; i < r->n_staff; i++) {
			g_autofree char *since = ctl_time(r->staff[i]->created_at);
			const char *row[] = {r->staff[i]->name,
			                     ctl_staff_role_label(r->staff[i]->role), since,
			                     r->staff[i]->disabled ? _("disabled") : ""};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int print_shift_reply(ctl_ctx *ctx, Netpont__Envelope *reply, const char *title)
{
	Netpont__Shift *s = reply->shift_reply->shift;
	if (ctx->json) {
		if (s == NULL) {
			ctl_json_print(json_node_new(JSON_NODE_NULL));
		} else {
			JsonBuilder *b = json_builder_new();
			ctl_json_shift(b, s);
			ctl_json_print_builder(b);
		}
		return CTL_EXIT_OK;
	}
	if (s == NULL) {
		puts(_("You have no open shift. Start one with: netpontctl shift start --float N"));
		return CTL_EXIT_OK;
	}
	puts(title);
	print_shift_plain(ctx, s);
	return CTL_EXIT_OK;
}

static int shift_start(ctl_ctx *ctx)
{
	Netpont__ShiftStart m = NETPONT__SHIFT_START__INIT;
	int rc = need_amount(ctx, "float", false, &m.cash_float);
	if (rc != CTL_EXIT_OK)
		return rc;
	return request_print(ctx, NETPONT__ENVELOPE__BODY_SHIFT_START, &m,
	                     NETPONT__ENVELOPE__BODY_SHIFT_REPLY, print_shift_reply,
	                     _("Your shift has started."));
}

static int shift_end(ctl_ctx *ctx)
{
	Netpont__ShiftEnd m = NETPONT__SHIFT_END__INIT;
	int rc = need_amount(ctx, "cash", false, &m.counted);
	if (rc != CTL_EXIT_OK)
		return rc;
	return request_print(ctx, NETPONT__ENVELOPE__BODY_SHIFT_END, &m,
	                     NETPONT__ENVELOPE__BODY_SHIFT_REPLY, print_shift_reply,
	                     _("Your shift has ended."));
}

static int shift_status(ctl_ctx *ctx)
{
	Netpont__ShiftCurrent m = NETPONT__SHIFT_CURRENT__INIT;
	return request_print(ctx, NETPONT__ENVELOPE__BODY_SHIFT_CURRENT, &m,
	                     NETPONT__ENVELOPE__BODY_SHIFT_REPLY, print_shift_reply,
	                     _("Your open shift:"));
}

static int setting_list(ctl_ctx *ctx)
{
	Netpont__SettingList m = NETPONT__SETTING_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SETTING_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_SETTING_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__SettingListReply *r = reply->setting_list_reply;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		for (size_t i = 0; i < r->n_settings; i++)
			ctl_json_add_string(b, r->settings[i]->key, r->settings[i]->value);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		const char *headers[] = {_("SETTING"), _("VALUE")};
		ctl_table *t = ctl_table_new(2, headers);
		for (size_t i = 0; i < r->n_settings; i++) {
			const char *row[] = {r->settings[i]->key, r->settings[i]->value};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	free_reply(reply);
	return CTL_EXIT_OK;
}

static int setting_set(ctl_ctx *ctx)
{
	Netpont__Setting setting = NETPONT__SETTING__INIT;
	Netpont__SettingSet m = NETPONT__SETTING_SET__INIT;
	Netpont__Envelope *reply = NULL;
	setting.key = ctx->args[0];
	setting.value = ctx->args[1];
	m.setting = &setting;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SETTING_SET, &m,
	                 NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	JsonBuilder *b = begin_object();
	ctl_json_add_string(b, "key", setting.key);
	ctl_json_add_string(b, "value", setting.value);
	g_autofree char *sentence =
	    g_strdup_printf(_("%s is now \"%s\"."), setting.key, setting.value);
	rc = finish_simple(ctx, b, reply, sentence);
	free_reply(reply);
	return rc;
}

/* ---------------------------------------------------------------- agent control socket */

static int print_control_status(ctl_ctx *ctx, const Netpont__ControlStatusReply *s)
{
	bool help = s->help != NULL && s->help->id != 0 &&
	            s->help->state != NETPONT__HELP_STATE__HELP_STATE_RESOLVED;
	if (ctx->json) {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "state", s->unlocked ? "unlocked" : "locked");
		ctl_json_add_string_or_null(b, "resident", s->unlocked ? s->resident_login : NULL);
		if (s->unlocked)
			ctl_json_add_int(b, "remaining_s", s->remaining_s > 0 ? s->remaining_s : 0);
		else
			ctl_json_add_null(b, "remaining_s");
		ctl_json_add_bool(b, "connected", s->connected);
		ctl_json_add_string_or_null(b, "seat", s->seat);
		ctl_json_add_string_or_null(b, "resident_name",
		                            s->unlocked ? s->resident_name : NULL);
		ctl_json_add_bool(b, "guest", s->guest);
		ctl_json_add_bool(b, "out_of_order", s->out_of_order);
		ctl_json_add_string_or_null(b, "message", s->message);
		ctl_json_add_string_or_null(b, "help",
		                            help ? ctl_help_state_name(s->help->state) : NULL);
		if (help)
			ctl_json_add_int(b, "help_id", s->help->id);
		else
			ctl_json_add_null(b, "help_id");
		/* The mentor who answered the call, so a script can show "Dóra is coming". */
		ctl_json_add_string_or_null(b, "help_by", help ? s->help->acknowledged_by : NULL);
		ctl_json_add_string_or_null(b, "close_time", s->close_time);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	ctl_table *kv = ctl_table_new(2, NULL);
	if (s->seat != NULL && *s->seat)
		kv_add(kv, _("Seat:"), s->seat);
	if (s->unlocked) {
		g_autofree char *who = person(s->resident_name, s->resident_login);
		g_autofree char *left = ctl_duration(s->remaining_s);
		kv_add(kv, _("State:"), _("unlocked"));
		kv_add(kv, _("Resident:"), who);
		kv_add(kv, _("Time left:"), left);
	} else {
		kv_add(kv, _("State:"), s->out_of_order ? _("locked (out of order)") : _("locked"));
	}
	kv_add(kv, _("Server:"),
	       s->connected ? _("connected") : _("not reachable — the PC keeps its current time"));
	if (s->close_time != NULL && *s->close_time)
		kv_add(kv, _("Room closes at:"), s->close_time);
	if (help)
		kv_add_help(kv, _("Help:"), s->help);
	if (s->message != NULL && *s->message)
		kv_add(kv, _("Message:"), s->message);
	ctl_table_print(kv);
	return CTL_EXIT_OK;
}

static int agent_status(ctl_ctx *ctx)
{
	Netpont__ControlStatus m = NETPONT__CONTROL_STATUS__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_CONTROL_STATUS, &m,
	                 NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	rc = print_control_status(ctx, reply->control_status_reply);
	free_reply(reply);
	return rc;
}

/* Login and logout: sends msg, then shows the PC's state, asking for it
 * when the agent only said Ok. */
static int agent_change(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg)
{
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, body, msg, NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY)
		rc = print_control_status(ctx, reply->control_status_reply);
	else
		rc = agent_status(ctx);
	free_reply(reply);
	return rc;
}

static int agent_login(ctl_ctx *ctx)
{
	Netpont__ControlLogin m = NETPONT__CONTROL_LOGIN__INIT;
	m.login = ctx->args[0];
	m.pin = ctx->args[1];
	return agent_change(ctx, NETPONT__ENVELOPE__BODY_CONTROL_LOGIN, &m);
}

static int agent_logout(ctl_ctx *ctx)
{
	Netpont__ControlLogout m = NETPONT__CONTROL_LOGOUT__INIT;
	return agent_change(ctx, NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT, &m);
}

static int agent_help(ctl_ctx *ctx)
{
	Netpont__ControlHelp m = NETPONT__CONTROL_HELP__INIT;
	Netpont__Envelope *reply = NULL;
	g_autofree char *text = ctx->nargs > 0 ? g_strjoinv(" ", ctx->args) : g_strdup("");
	m.text = text;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_CONTROL_HELP, &m,
	                 NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL) {
		Netpont__HelpCall *h = reply->help_call;
		if (ctx->json) {
			JsonBuilder *b = json_builder_new();
			ctl_json_help_call(b, h);
			ctl_json_print_builder(b);
		} else {
			printf(_("A mentor has been called (help call %lld).\n"), (long long)h->id);
		}
	} else {
		JsonBuilder *b = begin_object();
		ctl_json_add_string(b, "text", text);
		rc = finish_simple(ctx, b, reply, _("A mentor has been called."));
	}
	free_reply(reply);
	return rc;
}

/* ---------------------------------------------------------------- print */

/* The job-id part of a job key "<printer>/<job-id>/<creation-time>", as a
 * new string (g_free): what mentors call the print's number. The whole key
 * when it has another form. */
static char *job_number(const char *key)
{
	const char *slash = strchr(key, '/');
	const char *end = slash != NULL ? strchr(slash + 1, '/') : NULL;
	if (slash == NULL || end == NULL)
		return g_strdup(key);
	return g_strndup(slash + 1, (gsize)(end - slash - 1));
}

/* Whether what the user typed names this key: the whole key, its number,
 * or "<printer>/<number>". */
static bool job_matches(const char *key, const char *typed)
{
	if (strcmp(key, typed) == 0)
		return true;
	g_autofree char *number = job_number(key);
	if (strcmp(number, typed) == 0)
		return true;
	const char *last = strrchr(key, '/');
	return last != NULL && strlen(typed) == (size_t)(last - key) &&
	       strncmp(key, typed, (size_t)(last - key)) == 0;
}

static int print_list(ctl_ctx *ctx)
{
	Netpont__SeatList m = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SEAT_LIST, &m,
	                 NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__SeatListReply *r = reply->seat_list_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_seats; i++) {
			for (size_t k = 0; k < r->seats[i]->n_held_prints; k++) {
				const Netpont__HeldPrint *h = r->seats[i]->held_prints[k];
				json_builder_begin_object(b);
				ctl_json_add_string(b, "seat", r->seats[i]->name);
				ctl_json_add_string(b, "job", h->job_key);
				ctl_json_add_string(b, "title", h->title);
				ctl_json_add_int(b, "pages", h->pages);
				ctl_json_add_int(b, "copies", h->copies);
				ctl_json_add_bool(b, "color", h->color);
				if (h->amount >= 0)
					ctl_json_add_int(b, "amount", h->amount);
				else
					ctl_json_add_null(b, "amount");
				json_builder_end_object(b);
			}
		}
		json_builder_end_array(b);
		ctl_json_print_builder(b);
		free_reply(reply);
		return CTL_EXIT_OK;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_seats; i++)
		n += r->seats[i]->n_held_prints;
	if (n == 0) {
		free_reply(reply);
		puts(_("No prints are waiting for confirmation."));
		return CTL_EXIT_OK;
	}
	const char *headers[] = {_("SEAT"), _("JOB"), _("TITLE"), _("PAGES"), _("PRICE")};
	ctl_table *t = ctl_table_new(5, headers);
	ctl_table_right(t, 3);
	ctl_table_right(t, 4);
	for (size_t i = 0; i < r->n_seats; i++) {
		for (size_t k = 0; k < r->seats[i]->n_held_prints; k++) {
			const Netpont__HeldPrint *h = r->seats[i]->held_prints[k];
			g_autofree char *number = job_number(h->job_key);
			/* "3", "3 × 2" (copies), with " (colour)" for colour prints. */
			g_autofree char *count =
			    h->copies > 1 ? g_strdup_printf("%d × %d", h->pages, h->copies)
			                  : g_strdup_printf("%d", h->pages);
			g_autofree char *pages =
			    h->color ? g_strdup_printf(_("%s (colour)"), count) : g_strdup(count);
			g_autofree char *price = h->amount >= 0 ? ctl_money(ctx, h->amount)
			                                        : g_strdup(_("not priced yet"));
			const char *row[] = {r->seats[i]->name, number, h->title ? h->title : "",
			                     pages, price};
			ctl_table_add(t, row);
		}
	}
	ctl_table_print(t);
	puts(_("Release one with: netpontctl print release SEAT JOB (or print cancel SEAT JOB)."));
	free_reply(reply);
	return CTL_EXIT_OK;
}

/* print release|cancel SEAT JOB. JOB is resolved against the seat's held
 * prints (whole key, number, or printer/number); what matches none is sent
 * as it is, so that the server says what is wrong. */
static int print_release_or_cancel(ctl_ctx *ctx, bool cancel)
{
	const char *seat = ctx->args[0];
	const char *typed = ctx->args[1];
	if (typed[0] == '\0')
		return ctl_usage_error(ctx, "%s", _("Give the print's number, as in: print list."));
	Netpont__SeatList lm = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope *list = NULL;
	int rc = request(ctx, NETPONT__ENVELOPE__BODY_SEAT_LIST, &lm,
	                 NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY, &list);
	if (rc != CTL_EXIT_OK)
		return rc;
	g_autofree char *key = NULL;
	int matches = 0;
	for (size_t i = 0; i < list->seat_list_reply->n_seats; i++) {
		const Netpont__SeatInfo *s = list->seat_list_reply->seats[i];
		if (strcmp(s->name, seat) != 0)
			continue;
		for (size_t k = 0; k < s->n_held_prints; k++) {
			const char *candidate = s->held_prints[k]->job_key;
			if (strcmp(candidate, typed) == 0) { /* the whole key wins */
				g_free(key);
				key = g_strdup(candidate);
				matches = 1;
				break;
			}
			if (job_matches(candidate, typed)) {
				matches++;
				if (key == NULL)
					key = g_strdup(candidate);
			}
		}
	}
	free_reply(list);
	if (matches > 1) {
		ctl_error(
		    _("Several prints waiting on %s match %s; give the whole job key shown by "
		      "netpontctl --json print list."),
		    seat, typed);
		return CTL_EXIT_REFUSED;
	}
	Netpont__PrintRelease m = NETPONT__PRINT_RELEASE__INIT;
	m.seat = (char *)seat;
	m.job_key = key != NULL ? key : (char *)typed;
	m.cancel = cancel;
	Netpont__Envelope *reply = NULL;
	rc = request(ctx, NETPONT__ENVELOPE__BODY_PRINT_RELEASE, &m,
	             NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	g_autofree char *number = job_number(m.job_key);
	JsonBuilder *b = begin_object();
	ctl_json_add_string(b, "seat", seat);
	ctl_json_add_string(b, "job", m.job_key);
	ctl_json_add_bool(b, "cancelled", cancel);
	g_autofree char *sentence =
	    cancel ? g_strdup_printf(_("Print %s on %s is cancelled; nothing is charged for it."),
	                             number, seat)
	           : g_strdup_printf(_("Print %s on %s is released: it prints now and is charged "
	                               "once it has printed."),
	                             number, seat);
	rc = finish_simple(ctx, b, reply, sentence);
	free_reply(reply);
	return rc;
}

static int print_release(ctl_ctx *ctx)
{
	return print_release_or_cancel(ctx, false);
}

static int print_cancel(ctl_ctx *ctx)
{
	return print_release_or_cancel(ctx, true);
}

/* ---------------------------------------------------------------- the table */

/* Commands of a group must be next to each other: main.c lists and finds
 * them that way. The synopses are command syntax and stay in English. */
const ctl_command ctl_commands[] = {
    {"seat", "add", "seat add NAME", N_("enrol a PC and print its agent token once (admin)"), 1, 1,
     "", false, seat_add},
    {"seat", "list", "seat list", N_("every PC: state, who sits there, time left, help"), 0, 0, "",
     false, seat_list},
    {"seat", "lock", "seat lock NAME", N_("lock a PC that is out of order"), 1, 1, "", false,
     seat_lock},
    {"seat", "unlock", "seat unlock NAME", N_("put a locked PC back into use"), 1, 1, "", false,
     seat_unlock},
    {"seat", "message", "seat message NAME TEXT", N_("show a message on a PC"), 2, 2, "", false,
     seat_message},
    {"resident", "add", "resident add LOGIN --name TEXT --pin PIN [--category NAME] [--note TEXT]",
     N_("create a resident's account"), 1, 1, "name= pin= category= note=", false, resident_add},
    {"resident", "list", "resident list [SEARCH] [--guests]",
     N_("residents, optionally only those matching SEARCH"), 0, 1, "guests", false, resident_list},
    {"resident", "show", "resident show LOGIN", N_("one resident with sessions and ledger"), 1, 1,
     "", false, resident_show},
    {"resident", "update",
     "resident update LOGIN [--name TEXT] [--pin PIN] [--category NAME] [--note TEXT]",
     N_("change a resident's details"), 1, 1, "name= pin= category= note=", false, resident_update},
    {"resident", "reset-pin", "resident reset-pin LOGIN --pin PIN",
     N_("give a new PIN and lift a lock-out"), 1, 1, "pin=", false, resident_reset_pin},
    {"session", "start", "session start SEAT (--resident LOGIN | --guest) [--minutes N]",
     N_("start a session; N may be fractional"), 1, 1, "resident= guest minutes=", false,
     session_start},
    {"session", "extend", "session extend SEAT --minutes N", N_("give more time"), 1, 1,
     "minutes=", false, session_extend},
    {"session", "end", "session end SEAT", N_("end a session now (the PC locks and is charged)"), 1,
     1, "", false, session_end},
    {"help", "list", "help list [--all]", N_("help calls waiting (--all: resolved ones too)"), 0, 0,
     "all", false, help_list},
    {"help", "ack", "help ack ID", N_("answer a help call: the PC shows a mentor is coming"), 1, 1,
     "", false, help_ack},
    {"help", "resolve", "help resolve ID", N_("mark a help call as resolved"), 1, 1, "", false,
     help_resolve},
    {"tariff", "list", "tariff list", N_("the prices of every service"), 0, 0, "", false,
     tariff_list},
    {"tariff", "set", "tariff set SERVICE --price N [--per-minutes M] [--label TEXT]",
     N_("set a price (admin)"), 1, 1, "price= per-minutes= label=", false, tariff_set},
    {"category", "list", "category list", N_("the fee categories"), 0, 0, "", false, category_list},
    {"category", "set", "category set NAME --percent P",
     N_("set the share of the tariff paid; 0 = exempt (admin)"), 1, 1, "percent=", false,
     category_set},
    {"charge", "add", "charge add LOGIN SERVICE [--qty N] [--note TEXT]",
     N_("charge an office service (copy, scan, ...)"), 2, 2, "qty= note=", false, charge_add},
    {"bill", NULL, "bill LOGIN", N_("what a resident owes, line by line"), 1, 1, "", false, bill},
    {"pay", NULL, "pay LOGIN --amount N [--method cash|waive] [--note TEXT]",
     N_("take a payment or waive a fee"), 1, 1, "amount= method= note=", false, pay},
    {"report", "totals",
     "report totals --from DATE --to DATE [--by day|service|staff|category] [--csv]",
     N_("charged, paid and waived"), 0, 0, "from= to= by= csv", false, report_totals},
    {"report", "waivers", "report waivers --from DATE --to DATE",
     N_("waived fees with their notes"), 0, 0, "from= to=", false, report_waivers},
    {"report", "shifts", "report shifts --from DATE --to DATE",
     N_("shifts and their cash differences"), 0, 0, "from= to=", false, report_shifts},
    {"report", "help", "report help --from DATE --to DATE",
     N_("help calls answered and waiting times"), 0, 0, "from= to=", false, report_help},
    {"staff", "add", "staff add NAME --role mentor|treasurer|admin",
     N_("create a staff account (admin)"), 1, 1, "role=", false, staff_add},
    {"staff", "list", "staff list", N_("the staff accounts"), 0, 0, "", false, staff_list},
    {"shift", "start", "shift start --float N", N_("start your shift with N in the cash box"), 0, 0,
     "float=", false, shift_start},
    {"shift", "end", "shift end --cash N", N_("end your shift, having counted N"), 0, 0,
     "cash=", false, shift_end},
    {"shift", "status", "shift status", N_("your open shift and the cash expected"), 0, 0, "",
     false, shift_status},
    {"setting", "list", "setting list", N_("the site's settings"), 0, 0, "", false, setting_list},
    {"setting", "set", "setting set KEY VALUE", N_("change a setting (admin)"), 2, 2, "", false,
     setting_set},
    {"ledger", "reverse", "ledger reverse ID --note TEXT",
     N_("reverse a ledger row (treasurer, admin)"), 1, 1, "note=", false, ledger_reverse},
    {"print", "list", "print list", N_("prints waiting for confirmation on every PC"), 0, 0, "",
     false, print_list},
    {"print", "release", "print release SEAT JOB",
     N_("let a waiting print print (JOB: its number from print list)"), 2, 2, "", false,
     print_release},
    {"print", "cancel", "print cancel SEAT JOB", N_("cancel a waiting print; nothing is charged"),
     2, 2, "", false, print_cancel},
    {"status", NULL, "status", N_("this PC's state"), 0, 0, "", true, agent_status},
    {"login", NULL, "login LOGIN PIN", N_("log a resident in at this PC"), 2, 2, "", true,
     agent_login},
    {"logout", NULL, "logout", N_("end the session at this PC"), 0, 0, "", true, agent_logout},
    {"help", NULL, "help [TEXT]", N_("call a mentor to this PC"), 0, 64, "", true, agent_help},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
