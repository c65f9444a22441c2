/* The --agent SOCKET commands: status, login, logout and help, spoken to
 * this PC's agent through its control socket. */
#include "ctl.h"

#include <stdio.h>

/* "#1 waiting", or "#1 — dora is coming" once a mentor has answered. */
static void kv_add_help(ctl_table *kv, const char *label, const Netpont__HelpCall *h)
{
	g_autofree char *text = NULL;
	const char *who = h->acknowledged_by_display != NULL && *h->acknowledged_by_display
	                      ? h->acknowledged_by_display
	                      : h->acknowledged_by;
	if (h->state == NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED && who != NULL && *who)
		/* TRANSLATORS: a help call's number and the mentor who answered it. */
		text = g_strdup_printf(_("#%lld — %s is coming"), (long long)h->id, who);
	else
		text =
		    g_strdup_printf("#%lld %s", (long long)h->id, ctl_help_state_label(h->state));
	ctl_kv_add(kv, label, text);
}

/* What the PC's screens show besides the lease: the cost so far, the
 * opening hours, and the goodbye page's last session (null when none). */
static void control_status_json_screens(JsonBuilder *b, const Netpont__ControlStatusReply *s)
{
	ctl_json_add_int_or_null(b, "cost_so_far", s->unlocked, s->cost_so_far);
	ctl_json_add_string_or_null(b, "open_time", s->open_time);
	ctl_json_add_string_or_null(b, "open_days", s->open_days);
	ctl_json_add_bool(b, "closed", s->closed);
	ctl_json_add_int_or_null(b, "opens_next_at", s->opens_next_at != 0, s->opens_next_at);
	const Netpont__ControlSessionSummary *l = s->last_session;
	if (l == NULL) {
		ctl_json_add_null(b, "last_session");
		return;
	}
	json_builder_set_member_name(b, "last_session");
	json_builder_begin_object(b);
	ctl_json_add_string_or_null(b, "resident_name", l->resident_name);
	ctl_json_add_bool(b, "guest", l->guest);
	ctl_json_add_int(b, "used_s", l->used_s);
	ctl_json_add_int(b, "cost", l->cost);
	ctl_json_add_string_or_null(b, "reason", l->reason);
	ctl_json_add_int(b, "ended_at", l->ended_at);
	json_builder_end_object(b);
}

static void control_status_json(const Netpont__ControlStatusReply *s, bool help)
{
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "state", s->unlocked ? "unlocked" : "locked");
	ctl_json_add_string_or_null(b, "resident", s->unlocked ? s->resident_login : NULL);
	ctl_json_add_int_or_null(b, "remaining_s", s->unlocked,
	                         s->remaining_s > 0 ? s->remaining_s : 0);
	ctl_json_add_bool(b, "connected", s->connected);
	ctl_json_add_string_or_null(b, "seat", s->seat);
	ctl_json_add_string_or_null(b, "resident_name", s->unlocked ? s->resident_name : NULL);
	ctl_json_add_bool(b, "guest", s->guest);
	ctl_json_add_bool(b, "out_of_order", s->out_of_order);
	ctl_json_add_string_or_null(b, "message", s->message);
	ctl_json_add_string_or_null(b, "help", help ? ctl_help_state_name(s->help->state) : NULL);
	ctl_json_add_int_or_null(b, "help_id", help, help ? s->help->id : 0);
	/* The mentor who answered the call, so a script can show "Dóra is coming". */
	ctl_json_add_string_or_null(b, "help_by", help ? s->help->acknowledged_by : NULL);
	/* The same by display name ("Dóra"), as the lock screen says it. */
	ctl_json_add_string_or_null(b, "help_by_display",
	                            help ? s->help->acknowledged_by_display : NULL);
	/* Why the call closed by itself: "session_ended". */
	ctl_json_add_string_or_null(b, "help_close_reason", help ? s->help->close_reason : NULL);
	ctl_json_add_string_or_null(b, "close_time", s->close_time);
	ctl_json_add_string_or_null(b, "hours_today", s->hours_today);
	control_status_json_screens(b, s);
	json_builder_end_object(b);
	ctl_json_print_builder(b);
}

static void control_status_plain(const Netpont__ControlStatusReply *s, bool help)
{
	ctl_table *kv = ctl_table_new(2, NULL);
	if (s->seat != NULL && *s->seat)
		ctl_kv_add(kv, _("Seat:"), s->seat);
	if (s->unlocked) {
		g_autofree char *who = ctl_person(s->resident_name, s->resident_login);
		g_autofree char *left = ctl_duration(s->remaining_s);
		ctl_kv_add(kv, _("State:"), _("unlocked"));
		ctl_kv_add(kv, _("Resident:"), who);
		ctl_kv_add(kv, _("Time left:"), left);
	} else {
		ctl_kv_add(kv, _("State:"),
		           s->out_of_order ? _("locked (out of order)") : _("locked"));
	}
	ctl_kv_add(kv, _("Server:"),
	           s->connected ? _("connected")
	                        : _("not reachable — the PC keeps its current time"));
	if (s->close_time != NULL && *s->close_time)
		ctl_kv_add(kv, _("Room closes at:"), s->close_time);
	if (s->hours_today != NULL && *s->hours_today)
		ctl_kv_add(kv, _("Open today:"), s->hours_today);
	if (help)
		kv_add_help(kv, _("Help:"), s->help);
	if (s->message != NULL && *s->message)
		ctl_kv_add(kv, _("Message:"), s->message);
	ctl_table_print(kv);
}

/* The PC's state: a ControlStatusReply. */
static int print_control_status(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ControlStatusReply *s = reply->control_status_reply;
	bool help = s->help != NULL && s->help->id != 0 &&
	            s->help->state != NETPONT__HELP_STATE__HELP_STATE_RESOLVED;
	if (ctx->json)
		control_status_json(s, help);
	else
		control_status_plain(s, help);
	(void)data;
	return CTL_EXIT_OK;
}

static int agent_status(ctl_ctx *ctx)
{
	Netpont__ControlStatus m = NETPONT__CONTROL_STATUS__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_CONTROL_STATUS, &m,
	                         NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY, print_control_status,
	                         NULL);
}

/* After a login or logout: the PC's state, asked for when the agent only
 * said Ok. */
static int print_changed(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	if (reply->body_case == NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY)
		return print_control_status(ctx, reply, data);
	return agent_status(ctx);
}

static int agent_login(ctl_ctx *ctx)
{
	Netpont__ControlLogin m = NETPONT__CONTROL_LOGIN__INIT;
	m.login = ctx->args[0];
	m.pin = ctx->args[1];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_CONTROL_LOGIN, &m,
	                         NETPONT__ENVELOPE__BODY__NOT_SET, print_changed, NULL);
}

static int agent_logout(ctl_ctx *ctx)
{
	Netpont__ControlLogout m = NETPONT__CONTROL_LOGOUT__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT, &m,
	                         NETPONT__ENVELOPE__BODY__NOT_SET, print_changed, NULL);
}

/* The help call the agent raised, or a sentence. data: the text sent. */
static int print_called(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	if (reply->body_case != NETPONT__ENVELOPE__BODY_HELP_CALL) {
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_string(b, "text", data);
		return ctl_finish_simple(ctx, b, reply, _("A mentor has been called."));
	}
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		ctl_json_help_call(b, reply->help_call);
		ctl_json_print_builder(b);
	} else {
		printf(_("A mentor has been called (help call %lld).\n"),
		       (long long)reply->help_call->id);
	}
	return CTL_EXIT_OK;
}

static int agent_help(ctl_ctx *ctx)
{
	Netpont__ControlHelp m = NETPONT__CONTROL_HELP__INIT;
	g_autofree char *text = ctx->nargs > 0 ? g_strjoinv(" ", ctx->args) : g_strdup("");
	m.text = text;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_CONTROL_HELP, &m,
	                         NETPONT__ENVELOPE__BODY__NOT_SET, print_called, text);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_agent_commands[] = {
    {"status", NULL, "status", N_("this PC's state"), 0, 0, "", true, agent_status},
    {"login", NULL, "login LOGIN PIN", N_("log a resident in at this PC"), 2, 2, "", true,
     agent_login},
    {"logout", NULL, "logout", N_("end the session at this PC"), 0, 0, "", true, agent_logout},
    {"help", NULL, "help [TEXT]", N_("call a mentor to this PC"), 0, 64, "", true, agent_help},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
