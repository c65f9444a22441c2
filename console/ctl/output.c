/* Output helpers: messages on stderr, JSON through json-glib (never
 * formatted by hand), aligned tables and the human forms of money,
 * durations and times. */
#include "ctl.h"

#include "common/np_money.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void G_GNUC_PRINTF(1, 0) print_message(const char *format, va_list ap)
{
	fputs("netpontctl: ", stderr);
	vfprintf(stderr, format, ap);
	fputc('\n', stderr);
}

void ctl_error(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	print_message(format, ap);
	va_end(ap);
}

static void print_short_usage(FILE *out)
{
	fprintf(out, "%s\n",
	        _("Usage: netpontctl [--server HOST:PORT] [--user NAME] [--json] COMMAND ..."));
	fprintf(out, "%s\n",
	        _("       netpontctl --agent SOCKET [--json] status | login LOGIN PIN | logout | "
	          "help [TEXT]"));
	fprintf(out, "%s\n", _("Try 'netpontctl --help' for the list of commands."));
}

int ctl_usage_error(const ctl_ctx *ctx, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	print_message(format, ap);
	va_end(ap);
	if (ctx != NULL && ctx->cmd != NULL) {
		fprintf(stderr, _("Usage: netpontctl %s%s\n"),
		        ctx->cmd->agent ? "--agent SOCKET " : "", ctx->cmd->synopsis);
		fprintf(stderr, _("Try 'netpontctl %s --help' for more."), ctx->cmd->group);
		fputc('\n', stderr);
	} else {
		print_short_usage(stderr);
	}
	return CTL_EXIT_USAGE;
}

void ctl_json_print(JsonNode *node)
{
	JsonGenerator *gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, node);
	gchar *text = json_generator_to_data(gen, NULL);
	fputs(text, stdout);
	fputc('\n', stdout);
	g_free(text);
	g_object_unref(gen);
	json_node_unref(node);
}

void ctl_json_print_builder(JsonBuilder *builder)
{
	ctl_json_print(json_builder_get_root(builder));
	g_object_unref(builder);
}

void ctl_json_add_string(JsonBuilder *b, const char *key, const char *value)
{
	json_builder_set_member_name(b, key);
	json_builder_add_string_value(b, value != NULL ? value : "");
}

void ctl_json_add_string_or_null(JsonBuilder *b, const char *key, const char *value)
{
	json_builder_set_member_name(b, key);
	if (value != NULL && *value != '\0')
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

void ctl_json_add_int(JsonBuilder *b, const char *key, int64_t value)
{
	json_builder_set_member_name(b, key);
	json_builder_add_int_value(b, value);
}

void ctl_json_add_bool(JsonBuilder *b, const char *key, bool value)
{
	json_builder_set_member_name(b, key);
	json_builder_add_boolean_value(b, value);
}

void ctl_json_add_null(JsonBuilder *b, const char *key)
{
	json_builder_set_member_name(b, key);
	json_builder_add_null_value(b);
}

void ctl_json_add_int_or_null(JsonBuilder *b, const char *key, bool known, int64_t value)
{
	if (known)
		ctl_json_add_int(b, key, value);
	else
		ctl_json_add_null(b, key);
}

/* A Unix time, or null when the event has not happened (0). */
static void add_time_or_null(JsonBuilder *b, const char *key, int64_t value)
{
	ctl_json_add_int_or_null(b, key, value != 0, value);
}

void ctl_json_session(JsonBuilder *b, const Netpont__SessionInfo *s)
{
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", s->id);
	ctl_json_add_string(b, "seat", s->seat);
	ctl_json_add_string_or_null(b, "resident", s->resident_login);
	ctl_json_add_string_or_null(b, "resident_name", s->resident_name);
	/* A guest session names its guest account, so `bill guest-17` follows. */
	ctl_json_add_string_or_null(b, "guest", s->guest ? s->resident_login : NULL);
	ctl_json_add_string_or_null(b, "category", s->category);
	add_time_or_null(b, "started_at", s->started_at);
	add_time_or_null(b, "ends_at", s->ends_at);
	ctl_json_add_int_or_null(b, "remaining_s", s->ended_at == 0,
	                         s->remaining_s > 0 ? s->remaining_s : 0);
	add_time_or_null(b, "ended_at", s->ended_at);
	ctl_json_add_string_or_null(b, "end_reason", s->end_reason);
	ctl_json_add_string_or_null(b, "started_by", s->started_by);
	json_builder_end_object(b);
}

void ctl_json_help_call(JsonBuilder *b, const Netpont__HelpCall *h)
{
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", h->id);
	ctl_json_add_string(b, "seat", h->seat);
	ctl_json_add_string(b, "text", h->text);
	ctl_json_add_string(b, "state", ctl_help_state_name(h->state));
	ctl_json_add_string_or_null(b, "resident", h->resident_login);
	add_time_or_null(b, "raised_at", h->raised_at);
	add_time_or_null(b, "acknowledged_at", h->acknowledged_at);
	ctl_json_add_string_or_null(b, "acknowledged_by", h->acknowledged_by);
	add_time_or_null(b, "resolved_at", h->resolved_at);
	ctl_json_add_string_or_null(b, "resolved_by", h->resolved_by);
	ctl_json_add_string_or_null(b, "acknowledged_by_display", h->acknowledged_by_display);
	ctl_json_add_string_or_null(b, "topic", h->topic);
	ctl_json_add_string_or_null(b, "close_reason", h->close_reason);
	ctl_json_add_string_or_null(b, "outcome", h->outcome);
	json_builder_end_object(b);
}

void ctl_json_resident(JsonBuilder *b, const Netpont__Resident *r)
{
	json_builder_begin_object(b);
	ctl_json_add_string(b, "login", r->login);
	ctl_json_add_string(b, "name", r->name);
	ctl_json_add_string(b, "category", r->category);
	ctl_json_add_string(b, "category_label", np_display_name(r->category_label, r->category));
	ctl_json_add_int(b, "due", r->balance_due);
	ctl_json_add_int(b, "credit", r->credit);
	ctl_json_add_int(b, "used_today_s", r->used_today_s);
	ctl_json_add_int(b, "allowance_s", r->allowance_s);
	ctl_json_add_bool(b, "locked_out", r->locked_out);
	ctl_json_add_bool(b, "guest", r->guest);
	ctl_json_add_string_or_null(b, "note", r->note);
	add_time_or_null(b, "created_at", r->created_at);
	json_builder_set_member_name(b, "birth_year");
	if (r->birth_year > 0)
		json_builder_add_int_value(b, r->birth_year);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
}

void ctl_json_ledger_entry(JsonBuilder *b, const Netpont__LedgerEntry *e)
{
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", e->id);
	ctl_json_add_int(b, "at", e->at);
	ctl_json_add_string(b, "kind", ctl_ledger_kind_name(e->kind));
	ctl_json_add_string_or_null(b, "resident", e->resident_login);
	ctl_json_add_string_or_null(b, "service", e->service);
	ctl_json_add_string_or_null(b, "service_label",
	                            np_display_name(e->service_label, e->service));
	ctl_json_add_int(b, "qty", e->qty);
	ctl_json_add_int(b, "amount", e->amount);
	ctl_json_add_string_or_null(b, "method", e->method);
	ctl_json_add_string_or_null(b, "note", e->note);
	ctl_json_add_string_or_null(b, "staff", e->staff);
	ctl_json_add_string_or_null(b, "seat", e->seat);
	ctl_json_add_int_or_null(b, "session_id", e->session_id != 0, e->session_id);
	ctl_json_add_int_or_null(b, "reverses_id", e->reverses_id != 0, e->reverses_id);
	json_builder_end_object(b);
}

void ctl_json_shift(JsonBuilder *b, const Netpont__Shift *s)
{
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", s->id);
	ctl_json_add_string(b, "staff", s->staff);
	ctl_json_add_bool(b, "open", s->ended_at == 0);
	add_time_or_null(b, "started_at", s->started_at);
	add_time_or_null(b, "ended_at", s->ended_at);
	ctl_json_add_int(b, "float", s->cash_float);
	ctl_json_add_int(b, "cash_taken", s->cash_taken);
	ctl_json_add_int(b, "corrections", s->corrections);
	ctl_json_add_int(b, "expected", s->expected);
	ctl_json_add_int_or_null(b, "counted", s->ended_at != 0, s->counted);
	ctl_json_add_int_or_null(b, "difference", s->ended_at != 0, s->difference);
	json_builder_end_object(b);
}

const char *ctl_seat_state_name(Netpont__SeatState state)
{
	switch (state) {
	case NETPONT__SEAT_STATE__SEAT_STATE_FREE:
		return "free";
	case NETPONT__SEAT_STATE__SEAT_STATE_IN_USE:
		return "in_use";
	case NETPONT__SEAT_STATE__SEAT_STATE_LOCKED:
		return "locked";
	case NETPONT__SEAT_STATE__SEAT_STATE_OFFLINE:
	default:
		return "offline";
	}
}

const char *ctl_seat_state_label(Netpont__SeatState state)
{
	switch (state) {
	case NETPONT__SEAT_STATE__SEAT_STATE_FREE:
		return _("free");
	case NETPONT__SEAT_STATE__SEAT_STATE_IN_USE:
		return _("in use");
	case NETPONT__SEAT_STATE__SEAT_STATE_LOCKED:
		return _("locked");
	case NETPONT__SEAT_STATE__SEAT_STATE_OFFLINE:
	default:
		return _("offline");
	}
}

const char *ctl_help_state_name(Netpont__HelpState state)
{
	switch (state) {
	case NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED:
		return "acknowledged";
	case NETPONT__HELP_STATE__HELP_STATE_RESOLVED:
		return "resolved";
	case NETPONT__HELP_STATE__HELP_STATE_CANCELLED:
		return "cancelled";
	case NETPONT__HELP_STATE__HELP_STATE_OPEN:
	default:
		return "open";
	}
}

const char *ctl_help_state_label(Netpont__HelpState state)
{
	switch (state) {
	case NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED:
		return _("on the way");
	case NETPONT__HELP_STATE__HELP_STATE_RESOLVED:
		return _("resolved");
	case NETPONT__HELP_STATE__HELP_STATE_CANCELLED:
		return _("taken back");
	case NETPONT__HELP_STATE__HELP_STATE_OPEN:
	default:
		return _("waiting");
	}
}

const char *ctl_staff_role_name(Netpont__StaffRole role)
{
	switch (role) {
	case NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR:
		return "mentor";
	case NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER:
		return "treasurer";
	case NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN:
		return "admin";
	default:
		return "unknown";
	}
}

const char *ctl_help_topic_label(const char *topic)
{
	static const struct {
		const char *word, *label;
	} topics[] = {
	    {"job_search", N_("job search")},     {"cv", N_("CV")},
	    {"e_government", N_("e-government")}, {"letter", N_("letter")},
	    {"printing", N_("printing")},         {"other", N_("other")},
	};
	for (size_t i = 0; topic != NULL && i < G_N_ELEMENTS(topics); i++)
		if (strcmp(topic, topics[i].word) == 0)
			return _(topics[i].label);
	return _("not said");
}

const char *ctl_staff_role_label(Netpont__StaffRole role)
{
	switch (role) {
	case NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR:
		return _("mentor");
	case NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER:
		return _("treasurer");
	case NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN:
		return _("administrator");
	default:
		return _("unknown");
	}
}

const char *ctl_ledger_kind_name(Netpont__LedgerKind kind)
{
	switch (kind) {
	case NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE:
		return "charge";
	case NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT:
		return "payment";
	case NETPONT__LEDGER_KIND__LEDGER_KIND_WAIVER:
		return "waiver";
	case NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL:
		return "reversal";
	default:
		return "unknown";
	}
}

const char *ctl_ledger_kind_label(Netpont__LedgerKind kind)
{
	switch (kind) {
	case NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE:
		return _("charge");
	case NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT:
		return _("payment");
	case NETPONT__LEDGER_KIND__LEDGER_KIND_WAIVER:
		return _("waiver");
	case NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL:
		return _("reversal");
	default:
		return _("unknown");
	}
}

char *ctl_money(const ctl_ctx *ctx, int64_t amount)
{
	/* The shared rule, with the separators of the user's locale (the C
	 * locale, as in --json and the tests, has no grouping). */
	const struct lconv *locale = localeconv();
	np_money_style style = np_money_plain;
	char buf[NP_MONEY_TEXT_MAX];
	style.group = locale->thousands_sep;
	if (locale->decimal_point[0] != '\0')
		style.point = locale->decimal_point;
	return g_strdup(np_money_format(amount, ctx->client.currency_decimals, ctx->client.currency,
	                                &style, buf, sizeof buf));
}

char *ctl_balance(const ctl_ctx *ctx, int64_t due, int64_t credit)
{
	if (credit > 0 && due <= 0) {
		g_autofree char *money = ctl_money(ctx, credit);
		return g_strdup_printf(_("credit %s"), money);
	}
	return ctl_money(ctx, due > 0 ? due : 0);
}

char *ctl_duration(int64_t seconds)
{
	char buf[64];
	return g_strdup(ctl_format_duration(seconds, buf, sizeof buf));
}

char *ctl_time(int64_t unix_seconds)
{
	if (unix_seconds == 0)
		return g_strdup("");
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	char buf[32];
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	return g_strdup(buf);
}

struct ctl_table {
	int ncols;
	GPtrArray *rows; /* of gchar** (NULL-terminated), row 0 = headers */
	bool right[16];
};

ctl_table *ctl_table_new(int ncols, const char *const *headers)
{
	g_assert(ncols > 0 && ncols <= 16);
	ctl_table *t = g_new0(ctl_table, 1);
	t->ncols = ncols;
	t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	if (headers != NULL)
		ctl_table_add(t, headers);
	return t;
}

void ctl_table_add(ctl_table *t, const char *const *cells)
{
	gchar **row = g_new0(gchar *, t->ncols + 1);
	for (int i = 0; i < t->ncols; i++)
		row[i] = g_strdup(cells[i] != NULL ? cells[i] : "");
	g_ptr_array_add(t->rows, row);
}

void ctl_table_right(ctl_table *t, int column)
{
	g_assert(column >= 0 && column < t->ncols);
	t->right[column] = true;
}

/* Columns are measured in characters, not bytes, so "Kovács" lines up. */
static int text_width(const char *s)
{
	return (int)g_utf8_strlen(s, -1);
}

void ctl_table_print(ctl_table *t)
{
	int width[16] = {0};
	for (guint r = 0; r < t->rows->len; r++) {
		gchar **row = g_ptr_array_index(t->rows, r);
		for (int c = 0; c < t->ncols; c++)
			width[c] = MAX(width[c], text_width(row[c]));
	}
	for (guint r = 0; r < t->rows->len; r++) {
		gchar **row = g_ptr_array_index(t->rows, r);
		GString *line = g_string_new(NULL);
		for (int c = 0; c < t->ncols; c++) {
			int pad = width[c] - text_width(row[c]);
			bool last = c == t->ncols - 1;
			if (c > 0)
				g_string_append(line, "  ");
			if (t->right[c])
				for (int i = 0; i < pad; i++)
					g_string_append_c(line, ' ');
			g_string_append(line, row[c]);
			if (!t->right[c] && !last)
				for (int i = 0; i < pad; i++)
					g_string_append_c(line, ' ');
		}
		/* Trailing blanks of an empty last cell help nobody. */
		while (line->len > 0 && line->str[line->len - 1] == ' ')
			g_string_truncate(line, line->len - 1);
		puts(line->str);
		g_string_free(line, TRUE);
	}
	g_ptr_array_unref(t->rows);
	g_free(t);
}
