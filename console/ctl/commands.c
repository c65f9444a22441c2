/* What the command files share: one request and reply exchange, the ways a
 * reply is said (a sentence or a JSON object, a list as an array or a
 * table), the input checks more than one group needs, and the join of the
 * groups' command tables. Each command checks its input (exit 2 before
 * anything is sent), sends one request, and prints the reply as text or as
 * one JSON value. */
#include "ctl.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_csv.h"
#include "pages.h"

/* The order of `netpontctl --help`: staff commands by group, then the
 * agent socket's. */
static const ctl_command *const command_tables[] = {
    ctl_seat_commands,      ctl_resident_commands, ctl_progress_commands, ctl_session_commands,
    ctl_help_commands,      ctl_money_commands,    ctl_report_commands,   ctl_volunteer_commands,
    ctl_staff_commands,     ctl_hours_commands,    ctl_booking_commands,  ctl_course_commands,
    ctl_directory_commands, ctl_ledger_commands,   ctl_audit_commands,    ctl_retention_commands,
    ctl_backup_commands,    ctl_print_commands,    ctl_agent_commands,
};

const ctl_command *ctl_command_next(ctl_command_iter *it)
{
	while (it->table < G_N_ELEMENTS(command_tables)) {
		const ctl_command *c = &command_tables[it->table][it->index];
		if (c->group != NULL) {
			it->index++;
			return c;
		}
		it->table++;
		it->index = 0;
	}
	return NULL;
}

/* The members of the Envelope's body oneof share one pointer slot, which
 * the field descriptor of the body's kind locates. */
static const ProtobufCFieldDescriptor *body_field(Netpont__Envelope__BodyCase body)
{
	const ProtobufCFieldDescriptor *field =
	    protobuf_c_message_descriptor_get_field(&netpont__envelope__descriptor, (unsigned)body);
	assert(field != NULL && field->type == PROTOBUF_C_TYPE_MESSAGE);
	return field;
}

/* Follows a paged list (netpont.proto, SeatList) to its end: asks for the
 * page after the last one until a page names no next one, and joins the
 * pages into *reply, so that every command prints the whole list as it
 * did when a list came in one reply. On failure frees *reply, sets it to
 * NULL and returns the exit status. */
static int follow_pages(ctl_ctx *ctx, Netpont__Envelope *req, Netpont__Envelope **reply)
{
	const char *next;
	int rc = CTL_EXIT_OK;
	while (rc == CTL_EXIT_OK && (next = np_page_next_cursor(*reply)) != NULL) {
		g_autofree char *cursor = g_strdup(next);
		const char *before = np_page_set_cursor(req, cursor);
		assert(before != NULL); /* a reply in pages answers a request in pages */
		Netpont__Envelope *page = NULL;
		rc = ctl_call(ctx, req, &page);
		np_page_set_cursor(req, before);
		if (rc != CTL_EXIT_OK)
			break;
		rc = ctl_expect(page, (*reply)->body_case);
		/* The server's cursors only move forward; one that names the
		 * same page again would never end. */
		if (rc == CTL_EXIT_OK && g_strcmp0(np_page_next_cursor(page), cursor) == 0) {
			ctl_error("%s", _("The server sent the same page of the list twice. "
			                  "Try again; if it happens again, restart netpontd."));
			rc = CTL_EXIT_REFUSED;
		}
		if (rc == CTL_EXIT_OK && np_page_append(*reply, page) != 0) {
			ctl_error("%s", _("Out of memory while joining the pages of the list."));
			rc = CTL_EXIT_REFUSED;
		}
		ctl_reply_free(page);
	}
	if (rc != CTL_EXIT_OK) {
		ctl_reply_free(*reply);
		*reply = NULL;
	}
	return rc;
}

int ctl_request(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                Netpont__Envelope__BodyCase expected, Netpont__Envelope **reply)
{
	const ProtobufCFieldDescriptor *field = body_field(body);
	assert(field->descriptor == ((ProtobufCMessage *)msg)->descriptor);
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	req.body_case = body;
	memcpy((char *)&req + field->offset, &msg, sizeof msg);
	*reply = NULL;
	np_page_client_size(&req);
	int rc = ctl_call(ctx, &req, reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (expected != NETPONT__ENVELOPE__BODY__NOT_SET) {
		rc = ctl_expect(*reply, expected);
		if (rc != CTL_EXIT_OK) {
			netpont__envelope__free_unpacked(*reply, NULL);
			*reply = NULL;
			return rc;
		}
	}
	return follow_pages(ctx, &req, reply);
}

void ctl_reply_free(Netpont__Envelope *reply)
{
	if (reply != NULL)
		netpont__envelope__free_unpacked(reply, NULL);
}

int ctl_request_print(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                      Netpont__Envelope__BodyCase expected, ctl_reply_printer print,
                      const void *data)
{
	Netpont__Envelope *reply = NULL;
	int rc = ctl_request(ctx, body, msg, expected, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	rc = print(ctx, reply, data);
	ctl_reply_free(reply);
	return rc;
}

JsonBuilder *ctl_json_begin_object(void)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	return b;
}

int ctl_finish_simple(ctl_ctx *ctx, JsonBuilder *b, const Netpont__Envelope *reply,
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

int ctl_request_done(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg, JsonBuilder *b,
                     const char *sentence)
{
	Netpont__Envelope *reply = NULL;
	int rc = ctl_request(ctx, body, msg, NETPONT__ENVELOPE__BODY__NOT_SET, &reply);
	if (rc != CTL_EXIT_OK) {
		g_object_unref(b);
		return rc;
	}
	rc = ctl_finish_simple(ctx, b, reply, sentence);
	ctl_reply_free(reply);
	return rc;
}

/* The list a list reply carries: its body's only repeated field, the
 * first (a paged reply's next cursor follows it). Sets *n and returns the
 * items, which stay the reply's. */
static void *const *reply_items(const Netpont__Envelope *reply, size_t *n)
{
	const ProtobufCFieldDescriptor *field = body_field(reply->body_case);
	const ProtobufCMessage *body =
	    *(ProtobufCMessage *const *)((const char *)reply + field->offset);
	const ProtobufCFieldDescriptor *list = &body->descriptor->fields[0];
	assert(list->label == PROTOBUF_C_LABEL_REPEATED && list->type == PROTOBUF_C_TYPE_MESSAGE);
	*n = *(const size_t *)((const char *)body + list->quantifier_offset);
	return *(void *const *const *)((const char *)body + list->offset);
}

static void print_list_json(const ctl_list *list, void *const *items, size_t n)
{
	JsonBuilder *b = json_builder_new();
	if (list->json_object)
		json_builder_begin_object(b);
	else
		json_builder_begin_array(b);
	for (size_t i = 0; i < n; i++)
		list->json_item(b, items[i]);
	if (list->json_object)
		json_builder_end_object(b);
	else
		json_builder_end_array(b);
	ctl_json_print_builder(b);
}

static void print_list_table(const ctl_ctx *ctx, const ctl_list *list, void *const *items, size_t n)
{
	const char *headers[G_N_ELEMENTS(list->headers)];
	int ncols = 0;
	/* gettext("") is the catalogue's header, not an empty title. */
	for (; list->headers[ncols] != NULL; ncols++)
		headers[ncols] = *list->headers[ncols] != '\0' ? _(list->headers[ncols]) : "";
	assert(ncols > 0 && ncols < (int)G_N_ELEMENTS(headers));
	ctl_table *t = ctl_table_new(ncols, headers);
	for (int c = 0; c < ncols; c++)
		if (list->right & (1u << c))
			ctl_table_right(t, c);
	for (size_t i = 0; i < n; i++)
		list->table_row(ctx, t, items[i]);
	ctl_table_print(t);
	if (list->after != NULL)
		puts(_(list->after));
}

int ctl_list_run(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                 Netpont__Envelope__BodyCase expected, const ctl_list *list)
{
	Netpont__Envelope *reply = NULL;
	int rc = ctl_request(ctx, body, msg, expected, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	size_t n, things = 0;
	void *const *items = reply_items(reply, &n);
	for (size_t i = 0; i < n; i++)
		things += list->count != NULL ? list->count(items[i]) : 1;
	if (ctx->json)
		print_list_json(list, items, n);
	else if (things == 0 && list->none != NULL)
		puts(_(list->none));
	else
		print_list_table(ctx, list, items, n);
	if (list->left_out != NULL && list->left_out(reply))
		ctl_error("%s", _(list->cut));
	ctl_reply_free(reply);
	return CTL_EXIT_OK;
}

int ctl_need_amount(ctl_ctx *ctx, const char *option, bool above_zero, int64_t *out)
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

int ctl_need_id(ctl_ctx *ctx, const char *text, int64_t *id)
{
	if (!ctl_parse_count(text, INT64_MAX / 10, id))
		return ctl_usage_error(ctx, _("'%s' is not a number. Numbers look like 12."), text);
	return CTL_EXIT_OK;
}

int ctl_need_text(ctl_ctx *ctx, const char *option, const char **out)
{
	*out = ctl_option(ctx, option);
	if (*out == NULL || **out == '\0')
		return ctl_usage_error(ctx, _("--%s is required."), option);
	return CTL_EXIT_OK;
}

int ctl_csv_format(ctl_ctx *ctx)
{
	const char *chosen = ctl_option(ctx, "csv-format");
	if (chosen == NULL)
		return (int)np_csv_format_for_locale(getenv("LC_ALL"), getenv("LC_MESSAGES"),
		                                     getenv("LANG"));
	static const char *const words[] = {"rfc4180", "spreadsheet", NULL};
	static const np_csv_format formats[] = {NP_CSV_RFC4180, NP_CSV_SPREADSHEET};
	int i = ctl_word_index(chosen, words);
	if (i < 0) {
		ctl_usage_error(ctx, "%s", _("--csv-format must be rfc4180 or spreadsheet."));
		return -1;
	}
	return (int)formats[i];
}

int ctl_word_index(const char *word, const char *const *words)
{
	for (int i = 0; words[i] != NULL; i++)
		if (strcmp(words[i], word) == 0)
			return i;
	return -1;
}

void ctl_kv_add(ctl_table *kv, const char *label, const char *value)
{
	const char *row[] = {label, value != NULL ? value : ""};
	ctl_table_add(kv, row);
}

char *ctl_person(const char *name, const char *login)
{
	if (name != NULL && *name != '\0' && login != NULL && *login != '\0' &&
	    strcmp(name, login) != 0)
		return g_strdup_printf("%s (%s)", name, login);
	return g_strdup(login != NULL && *login ? login : (name != NULL ? name : ""));
}

char *ctl_hour_minute(int64_t unix_seconds)
{
	char *full = ctl_time(unix_seconds);
	char *hm = g_strdup(strlen(full) >= 16 ? full + 11 : full);
	g_free(full);
	return hm;
}
