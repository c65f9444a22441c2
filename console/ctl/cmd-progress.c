/* resident note add|list|remove, resident history: mentors' notes on a
 * resident and the resident's progress log (help calls resolved, with what
 * came of them, and the notes), newest first. */
#include "ctl.h"

static void note_json(JsonBuilder *b, const void *item)
{
	const Netpont__ResidentNote *n = item;
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", n->id);
	ctl_json_add_string(b, "login", n->login);
	ctl_json_add_string(b, "text", n->text);
	ctl_json_add_string_or_null(b, "staff", n->staff);
	ctl_json_add_string_or_null(b, "staff_display_name", n->staff_display_name);
	ctl_json_add_int(b, "created_at", n->created_at);
	ctl_json_add_int_or_null(b, "removed_at", n->removed_at != 0, n->removed_at);
	json_builder_end_object(b);
}

static void note_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__ResidentNote *n = item;
	g_autofree char *id = g_strdup_printf("%lld", (long long)n->id);
	g_autofree char *at = ctl_time(n->created_at);
	const char *text = n->removed_at != 0 ? _("(removed)") : n->text;
	const char *row[] = {id, at, n->staff_display_name, text};
	ctl_table_add(t, row);
	(void)ctx;
}

static int note_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = note_json,
	    .table_row = note_row,
	    .headers = {N_("ID"), N_("WRITTEN"), N_("BY"), N_("NOTE")},
	    .right = 1u << 0,
	    .none = N_("There are no notes on this resident."),
	};
	Netpont__ResidentNoteList m = NETPONT__RESIDENT_NOTE_LIST__INIT;
	m.login = ctx->args[1];
	m.include_removed = ctl_flag(ctx, "all");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_LIST_REPLY, &list);
}

/* The note as the server now has it, or a sentence. data: the sentence. */
static int print_note(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ResidentNote *n = reply->resident_note_reply->note;
	if (n == NULL) {
		ctl_error("%s", _("The server sent no note back."));
		return CTL_EXIT_REFUSED;
	}
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		note_json(b, n);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	printf(data, (long long)n->id, n->login);
	putchar('\n');
	return CTL_EXIT_OK;
}

static int note_add(ctl_ctx *ctx)
{
	if (ctx->nargs != 3)
		return ctl_usage_error(ctx, "%s", _("Say whose note it is and what it says."));
	Netpont__ResidentNoteAdd m = NETPONT__RESIDENT_NOTE_ADD__INIT;
	m.login = ctx->args[1];
	m.text = ctx->args[2];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_ADD, &m,
	                         NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_REPLY, print_note,
	                         _("Note %lld on %s is written."));
}

static int note_remove(ctl_ctx *ctx)
{
	Netpont__ResidentNoteRemove m = NETPONT__RESIDENT_NOTE_REMOVE__INIT;
	int rc = ctl_need_id(ctx, ctx->args[1], &m.id);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_REMOVE, &m,
	                         NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_REPLY, print_note,
	                         _("Note %lld on %s is removed."));
}

static int resident_note(ctl_ctx *ctx)
{
	const char *verb = ctx->args[0];
	if (strcmp(verb, "add") == 0)
		return note_add(ctx);
	if (ctx->nargs != 2)
		return ctl_usage_error(ctx, "%s", _("Too many words for this command."));
	if (strcmp(verb, "list") == 0)
		return note_list(ctx);
	if (strcmp(verb, "remove") == 0)
		return note_remove(ctx);
	return ctl_usage_error(ctx,
	                       _("'resident note' has no command '%s': say add, list or "
	                         "remove."),
	                       verb);
}

static void entry_json(JsonBuilder *b, const Netpont__ProgressEntry *e)
{
	json_builder_begin_object(b);
	ctl_json_add_string(b, "kind", e->kind);
	ctl_json_add_int(b, "id", e->id);
	ctl_json_add_int(b, "at", e->at);
	ctl_json_add_string_or_null(b, "staff", e->staff);
	ctl_json_add_string_or_null(b, "staff_display_name", e->staff_display_name);
	ctl_json_add_string_or_null(b, "topic", e->topic);
	ctl_json_add_string_or_null(b, "outcome", e->outcome);
	ctl_json_add_string_or_null(b, "text", e->text);
	ctl_json_add_string_or_null(b, "seat", e->seat);
	json_builder_end_object(b);
}

/* data: the request (ResidentHistory). */
static int print_history(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ResidentHistoryReply *h = reply->resident_history_reply;
	(void)data;
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_string(b, "login", h->login);
		ctl_json_add_string(b, "name", h->name);
		json_builder_set_member_name(b, "entries");
		json_builder_begin_array(b);
		for (size_t i = 0; i < h->n_entries; i++)
			entry_json(b, h->entries[i]);
		json_builder_end_array(b);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *who = ctl_person(h->name, h->login);
	if (h->n_entries == 0) {
		printf(_("Nothing is written yet about %s's progress."), who);
		putchar('\n');
		return CTL_EXIT_OK;
	}
	printf(_("Progress of %s (newest first):"), who);
	putchar('\n');
	const char *headers[] = {_("WHEN"), _("MENTOR"), _("WHAT")};
	ctl_table *t = ctl_table_new(3, headers);
	for (size_t i = 0; i < h->n_entries; i++) {
		const Netpont__ProgressEntry *e = h->entries[i];
		g_autofree char *at = ctl_time(e->at);
		g_autofree char *what = NULL;
		if (strcmp(e->kind, "note") == 0)
			what = g_strdup_printf(_("Note: %s"), e->text);
		else if (e->outcome != NULL && e->outcome[0] != '\0')
			what = g_strdup_printf(_("Help with %s: %s"),
			                       ctl_help_topic_label(e->topic), e->outcome);
		else
			what = g_strdup_printf(_("Help with %s"), ctl_help_topic_label(e->topic));
		const char *row[] = {at, e->staff_display_name, what};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
	return CTL_EXIT_OK;
}

static int resident_history(ctl_ctx *ctx)
{
	Netpont__ResidentHistory m = NETPONT__RESIDENT_HISTORY__INIT;
	m.login = ctx->args[0];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_HISTORY, &m,
	                         NETPONT__ENVELOPE__BODY_RESIDENT_HISTORY_REPLY, print_history, &m);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_progress_commands[] = {
    {"resident", "note", "resident note add LOGIN TEXT | list LOGIN [--all] | remove ID",
     N_("mentors' notes on a resident, for staff only (--all: removed ones too)"), 2, 3, "all",
     false, resident_note},
    {"resident", "history", "resident history LOGIN",
     N_("a resident's progress: help calls resolved, what came of them, and notes, newest "
        "first"),
     1, 1, "", false, resident_history},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
