/* help list|ack|resolve: help calls from the PCs, seen from the desk. */
#include "ctl.h"

static void help_json(JsonBuilder *b, const void *item)
{
	ctl_json_help_call(b, item);
}

static void help_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__HelpCall *h = item;
	g_autofree char *id = g_strdup_printf("%lld", (long long)h->id);
	g_autofree char *since = ctl_hour_minute(h->raised_at);
	const char *by = h->state == NETPONT__HELP_STATE__HELP_STATE_RESOLVED ? h->resolved_by
	                                                                      : h->acknowledged_by;
	const char *state = ctl_help_state_label(h->state);
	if (g_strcmp0(h->close_reason, "session_ended") == 0)
		state = _("closed: the session ended");
	else if (g_strcmp0(h->close_reason, "session_started") == 0)
		state = _("closed: a session started at the PC");
	const char *row[] = {id, h->seat, since, state, by ? by : "", h->text ? h->text : ""};
	ctl_table_add(t, row);
	(void)ctx;
}

static int help_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = help_json,
	    .table_row = help_row,
	    .headers = {N_("ID"), N_("SEAT"), N_("SINCE"), N_("STATE"), N_("BY"), N_("TEXT")},
	    .right = 1u << 0,
	    .none = N_("Nobody is waiting for help."),
	};
	Netpont__HelpList m = NETPONT__HELP_LIST__INIT;
	m.include_resolved = ctl_flag(ctx, "all");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_HELP_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_HELP_LIST_REPLY, &list);
}

/* What the desk says once a call is answered or resolved; seat may be "". */
static char *help_done_sentence(bool resolve, int64_t id, const char *seat)
{
	if (resolve && *seat)
		return g_strdup_printf(_("Help call %lld from %s is resolved."), (long long)id,
		                       seat);
	if (resolve)
		return g_strdup_printf(_("Help call %lld is resolved."), (long long)id);
	if (*seat)
		return g_strdup_printf(_("Help call %lld from %s: the PC now shows that a "
		                         "mentor is on the way."),
		                       (long long)id, seat);
	return g_strdup_printf(_("Help call %lld: the PC now shows that a mentor is "
	                         "on the way."),
	                       (long long)id);
}

/* What help ack and help resolve pass to their printer. */
typedef struct help_done {
	bool resolve;
	int64_t id;
} help_done;

/* The call as the server now has it, or a sentence. data: a help_done. */
static int print_help_done(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const help_done *done = data;
	bool call = reply->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL;
	if (call && ctx->json) {
		JsonBuilder *b = json_builder_new();
		ctl_json_help_call(b, reply->help_call);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_int(b, "id", done->id);
	ctl_json_add_string(b, "state", done->resolve ? "resolved" : "acknowledged");
	g_autofree char *sentence =
	    help_done_sentence(done->resolve, done->id, call ? reply->help_call->seat : "");
	return ctl_finish_simple(ctx, b, reply, sentence);
}

static int help_ack_or_resolve(ctl_ctx *ctx, bool resolve)
{
	Netpont__HelpAck am = NETPONT__HELP_ACK__INIT;
	Netpont__HelpResolve rm = NETPONT__HELP_RESOLVE__INIT;
	help_done done = {.resolve = resolve};
	int rc = ctl_need_id(ctx, ctx->args[0], &done.id);
	if (rc != CTL_EXIT_OK)
		return rc;
	am.id = rm.id = done.id;
	const char *topic = ctl_option(ctx, "topic");
	if (topic != NULL) {
		static const char *const topics[] = {
		    "job_search", "cv", "e_government", "letter", "printing", "other", NULL};
		if (ctl_word_index(topic, topics) < 0)
			return ctl_usage_error(ctx, "%s",
			                       _("The topic must be job_search, cv, e_government, "
			                         "letter, printing or other."));
		rm.topic = (char *)topic;
	}
	/* What came of it; the server refuses more than one line of 200. */
	const char *outcome = ctl_option(ctx, "outcome");
	if (outcome != NULL)
		rm.outcome = (char *)outcome;
	return resolve
	           ? ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_HELP_RESOLVE, &rm,
	                               NETPONT__ENVELOPE__BODY__NOT_SET, print_help_done, &done)
	           : ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_HELP_ACK, &am,
	                               NETPONT__ENVELOPE__BODY__NOT_SET, print_help_done, &done);
}

static int help_ack(ctl_ctx *ctx)
{
	return help_ack_or_resolve(ctx, false);
}

static int help_resolve(ctl_ctx *ctx)
{
	return help_ack_or_resolve(ctx, true);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_help_commands[] = {
    {"help", "list", "help list [--all]", N_("help calls waiting (--all: resolved ones too)"), 0, 0,
     "all", false, help_list},
    {"help", "ack", "help ack ID", N_("answer a help call: the PC shows a mentor is coming"), 1, 1,
     "", false, help_ack},
    {"help", "resolve",
     "help resolve ID [--topic job_search|cv|e_government|letter|printing|other] "
     "[--outcome TEXT]",
     N_("mark a help call as resolved, saying what it was about and what came of it"), 1, 1,
     "topic= outcome=", false, help_resolve},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
