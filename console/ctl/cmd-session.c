/* session start|extend|end: time at a PC. */
#include "ctl.h"

#include <stdio.h>

/* --minutes as whole seconds (0 when absent and not required). */
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

static void print_session_plain(const Netpont__SessionInfo *s)
{
	g_autofree char *who = ctl_person(s->resident_name, s->resident_login);
	if (s->ended_at != 0) {
		g_autofree char *used = ctl_duration(s->ended_at - s->started_at);
		printf(_("The session of %s at %s has ended (%s used).\n"), who, s->seat, used);
		return;
	}
	g_autofree char *left = ctl_duration(s->remaining_s);
	g_autofree char *until = ctl_hour_minute(s->ends_at);
	if (s->guest)
		printf(_("%s: guest session as %s until %s (%s left).\n"), s->seat,
		       s->resident_login, until, left);
	else
		printf(_("%s: %s until %s (%s left).\n"), s->seat, who, until, left);
}

/* Any reply: the session, or a sentence (with the request's seat) when the
 * server only said Ok. data: the request's seat. */
static int print_session_reply(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	if (reply->body_case != NETPONT__ENVELOPE__BODY_SESSION) {
		const char *seat = data;
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_string(b, "seat", seat);
		g_autofree char *sentence =
		    g_strdup_printf(_("The session at %s has ended."), seat);
		return ctl_finish_simple(ctx, b, reply, sentence);
	}
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		ctl_json_session(b, reply->session);
		ctl_json_print_builder(b);
	} else {
		print_session_plain(reply->session);
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
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SESSION_START, &m,
	                         NETPONT__ENVELOPE__BODY_SESSION, print_session_reply, m.seat);
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
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SESSION_EXTEND, &m,
	                         NETPONT__ENVELOPE__BODY_SESSION, print_session_reply, m.seat);
}

static int session_end(ctl_ctx *ctx)
{
	Netpont__SessionEnd m = NETPONT__SESSION_END__INIT;
	m.seat = ctx->args[0];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SESSION_END, &m,
	                         NETPONT__ENVELOPE__BODY__NOT_SET, print_session_reply, m.seat);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_session_commands[] = {
    {"session", "start", "session start SEAT (--resident LOGIN | --guest) [--minutes N]",
     N_("start a session; N may be fractional"), 1, 1, "resident= guest minutes=", false,
     session_start},
    {"session", "extend", "session extend SEAT --minutes N", N_("give more time"), 1, 1,
     "minutes=", false, session_extend},
    {"session", "end", "session end SEAT", N_("end a session now (the PC locks and is charged)"), 1,
     1, "", false, session_end},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
