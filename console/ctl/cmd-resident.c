/* resident add|list|show|update|reset-pin|export|erase: residents' accounts. */
#include "ctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resident-export.h"

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

static void print_resident_plain(const ctl_ctx *ctx, const Netpont__Resident *r)
{
	g_autofree char *due = ctl_balance(ctx, r->balance_due, r->credit);
	g_autofree char *used = ctl_duration(r->used_today_s);
	ctl_table *kv = ctl_table_new(2, NULL);
	ctl_kv_add(kv, _("Login:"), r->login);
	ctl_kv_add(kv, _("Name:"), r->name);
	ctl_kv_add(kv, _("Category:"), np_display_name(r->category_label, r->category));
	ctl_kv_add(kv, _("Owes now:"), due);
	if (r->allowance_s > 0) {
		g_autofree char *allowance = ctl_duration(r->allowance_s);
		g_autofree char *both = g_strdup_printf("%s / %s", used, allowance);
		ctl_kv_add(kv, _("Used today:"), both);
	} else {
		ctl_kv_add(kv, _("Used today:"), used);
	}
	if (r->guest)
		ctl_kv_add(kv, _("Account:"), _("guest"));
	if (r->locked_out)
		ctl_kv_add(
		    kv, _("PIN:"),
		    _("locked after too many wrong PINs — reset it with resident reset-pin"));
	if (r->note != NULL && *r->note)
		ctl_kv_add(kv, _("Note:"), r->note);
	g_autofree char *born =
	    r->birth_year > 0 ? g_strdup_printf("%d", r->birth_year) : g_strdup(_("not given"));
	ctl_kv_add(kv, _("Year of birth:"), born);
	ctl_table_print(kv);
}

/* data: the sentence said first in plain output. */
static int print_resident_reply(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const char *sentence = data;
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

/* --option's value, or "" when absent: the request's word for "not given". */
static char *option_or_empty(const ctl_ctx *ctx, const char *option)
{
	const char *value = ctl_option(ctx, option);
	return (char *)(value != NULL ? value : "");
}

/* --birth-year: a year into *year, or "" / "none" (forget it: *year 0,
 * *forget set). Absent: *year 0, *forget false. The server checks the
 * range. Returns CTL_EXIT_OK or the usage error. */
static int birth_year_option(const ctl_ctx *ctx, int32_t *year, bool *forget)
{
	const char *value = ctl_option(ctx, "birth-year");
	*year = 0;
	*forget = false;
	if (value == NULL)
		return CTL_EXIT_OK;
	if (value[0] == '\0' || strcmp(value, "none") == 0) {
		*forget = true;
		return CTL_EXIT_OK;
	}
	char *end = NULL;
	long y = strtol(value, &end, 10);
	if (end == value || *end != '\0' || y <= 0 || y > 9999)
		return ctl_usage_error(
		    ctx, "%s", _("--birth-year takes a year like 1951, or \"none\" to forget it."));
	*year = (int32_t)y;
	return CTL_EXIT_OK;
}

/* Sends m, whose pin is asked for after signing in (so that a wrong own
 * password does not cost typing the PIN twice), and wipes the PIN. */
static int resident_send_with_pin(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *m,
                                  char **pin, const char *sentence)
{
	int rc = ctl_connect(ctx);
	if (rc != CTL_EXIT_OK)
		return rc;
	char *secret = ctl_new_pin(ctl_option(ctx, "pin"));
	if (secret == NULL)
		return CTL_EXIT_REFUSED;
	*pin = secret;
	rc = ctl_request_print(ctx, body, m, NETPONT__ENVELOPE__BODY_RESIDENT, print_resident_reply,
	                       sentence);
	*pin = NULL;
	ctl_free_secret(secret);
	return rc;
}

static int resident_add(ctl_ctx *ctx)
{
	Netpont__ResidentAdd m = NETPONT__RESIDENT_ADD__INIT;
	const char *name;
	int rc = ctl_need_text(ctx, "name", &name);
	if (rc != CTL_EXIT_OK)
		return rc;
	m.login = ctx->args[0];
	m.name = (char *)name;
	m.category = option_or_empty(ctx, "category");
	m.note = option_or_empty(ctx, "note");
	bool forget;
	rc = birth_year_option(ctx, &m.birth_year, &forget);
	if (rc != CTL_EXIT_OK)
		return rc;
	g_autofree char *sentence = g_strdup_printf(_("%s can now log in at any PC."), m.login);
	return resident_send_with_pin(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_ADD, &m, &m.pin,
	                              sentence);
}

static int resident_update(ctl_ctx *ctx)
{
	Netpont__ResidentUpdate m = NETPONT__RESIDENT_UPDATE__INIT;
	bool new_pin = ctl_option(ctx, "pin") != NULL || ctl_flag(ctx, "new-pin");
	if (!ctl_flag(ctx, "name") && !new_pin && !ctl_flag(ctx, "category") &&
	    !ctl_flag(ctx, "note") && ctl_option(ctx, "birth-year") == NULL)
		return ctl_usage_error(
		    ctx, "%s",
		    _("Say what to change: --name, --new-pin, --category, --note "
		      "or --birth-year."));
	bool forget;
	int rc = birth_year_option(ctx, &m.birth_year, &forget);
	if (rc != CTL_EXIT_OK)
		return rc;
	m.forget_birth_year = forget;
	m.login = ctx->args[0];
	m.name = option_or_empty(ctx, "name");
	m.pin = "";
	m.category = option_or_empty(ctx, "category");
	m.note = option_or_empty(ctx, "note");
	m.clear_lockout = new_pin;
	g_autofree char *sentence = g_strdup_printf(_("%s is updated."), m.login);
	if (!new_pin)
		return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &m,
		                         NETPONT__ENVELOPE__BODY_RESIDENT, print_resident_reply,
		                         sentence);
	return resident_send_with_pin(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &m, &m.pin,
	                              sentence);
}

static int resident_reset_pin(ctl_ctx *ctx)
{
	Netpont__ResidentUpdate m = NETPONT__RESIDENT_UPDATE__INIT;
	m.login = ctx->args[0];
	m.name = m.category = m.note = "";
	m.clear_lockout = true;
	g_autofree char *sentence =
	    g_strdup_printf(_("%s has a new PIN and can log in again."), m.login);
	return resident_send_with_pin(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &m, &m.pin,
	                              sentence);
}

static void resident_json(JsonBuilder *b, const void *item)
{
	ctl_json_resident(b, item);
}

static void resident_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Resident *p = item;
	g_autofree char *due = ctl_balance(ctx, p->balance_due, p->credit);
	g_autofree char *used = ctl_duration(p->used_today_s);
	const char *flags = p->locked_out ? _("PIN locked") : p->guest ? _("guest") : "";
	const char *row[] = {p->login, p->name, np_display_name(p->category_label, p->category),
	                     due,      used,    flags};
	ctl_table_add(t, row);
}

static int resident_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = resident_json,
	    .table_row = resident_row,
	    .headers = {N_("LOGIN"), N_("NAME"), N_("CATEGORY"), N_("OWES"), N_("USED TODAY"), ""},
	    .right = 1u << 3 | 1u << 4,
	    .none = N_("No residents found."),
	};
	Netpont__ResidentList m = NETPONT__RESIDENT_LIST__INIT;
	m.query = ctx->nargs > 0 ? ctx->args[0] : "";
	m.include_guests = ctl_flag(ctx, "guests");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY, &list);
}

static void resident_show_json(const Netpont__ResidentDetail *d)
{
	JsonBuilder *b = ctl_json_begin_object();
	json_builder_set_member_name(b, "resident");
	ctl_json_resident(b, d->resident);
	/* The resident's own keys at the top too, so `.login` and `.due` work. */
	Netpont__Resident *r = d->resident;
	ctl_json_add_string(b, "login", r->login);
	ctl_json_add_string(b, "name", r->name);
	ctl_json_add_string(b, "category", r->category);
	ctl_json_add_string(b, "category_label", np_display_name(r->category_label, r->category));
	ctl_json_add_int(b, "due", r->balance_due);
	ctl_json_add_int(b, "credit", r->credit);
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
}

static void print_sessions_plain(const Netpont__ResidentDetail *d)
{
	printf("\n%s\n", _("Sessions (newest first):"));
	const char *headers[] = {_("STARTED"), _("SEAT"), _("USED"), _("ENDED BECAUSE")};
	ctl_table *t = ctl_table_new(4, headers);
	ctl_table_right(t, 2);
	for (size_t i = 0; i < d->n_sessions; i++) {
		Netpont__SessionInfo *s = d->sessions[i];
		g_autofree char *start = ctl_time(s->started_at);
		int64_t end = s->ended_at != 0 ? s->ended_at : s->server_time;
		g_autofree char *used = ctl_duration(end > s->started_at ? end - s->started_at : 0);
		const char *row[] = {start, s->seat, used,
		                     s->ended_at != 0 ? end_reason_label(s->end_reason)
		                                      : _("running")};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
}

static void print_ledger_plain(const ctl_ctx *ctx, const Netpont__ResidentDetail *d)
{
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
		/* A refund is a payment given back: named so. */
		const char *kind = e->kind == NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT &&
		                           g_strcmp0(e->method, "refund") == 0
		                       ? _("refund")
		                       : ctl_ledger_kind_label(e->kind);
		const char *row[] = {id,
		                     at,
		                     kind,
		                     np_display_name(e->service_label, e->service),
		                     qty,
		                     amount,
		                     e->note ? e->note : ""};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
}

/* data: the request (ResidentShow). */
static int print_resident_detail(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ResidentShow *m = data;
	const Netpont__ResidentDetail *d = reply->resident_detail;
	if (d->resident == NULL) {
		ctl_error(_("The server sent no details for %s."), m->login);
		return CTL_EXIT_REFUSED;
	}
	if (ctx->json) {
		resident_show_json(d);
		return CTL_EXIT_OK;
	}
	print_resident_plain(ctx, d->resident);
	if (d->n_sessions > 0)
		print_sessions_plain(d);
	if (d->n_ledger > 0)
		print_ledger_plain(ctx, d);
	return CTL_EXIT_OK;
}

static int resident_show(ctl_ctx *ctx)
{
	Netpont__ResidentShow m = NETPONT__RESIDENT_SHOW__INIT;
	m.login = ctx->args[0];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, &m,
	                         NETPONT__ENVELOPE__BODY_RESIDENT_DETAIL, print_resident_detail,
	                         &m);
}

/* data: the request's options: the PDF's path (NULL: JSON) and language. */
typedef struct export_output {
	const char *pdf;
	const char *language;
} export_output;

static int print_export(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const export_output *out = data;
	const Netpont__ResidentExportReply *r = reply->resident_export_reply;
	if (out->pdf == NULL) {
		g_autofree char *json = resident_export_json(r);
		puts(json);
		return CTL_EXIT_OK;
	}
	const char *language = out->language != NULL ? out->language : r->language;
	g_autofree char *error = NULL;
	if (!resident_export_pdf(r, language, ctx->client.currency, ctx->client.currency_decimals,
	                         out->pdf, &error)) {
		ctl_error("%s", error);
		return CTL_EXIT_REFUSED;
	}
	/* TRANSLATORS: "Wrote maria.pdf: what is kept about Kovács Mária (kmaria)." */
	printf(_("Wrote %s: what is kept about %s (%s).\n"), out->pdf, r->name, r->login);
	return CTL_EXIT_OK;
}

static int resident_export(ctl_ctx *ctx)
{
	export_output out = {ctl_option(ctx, "pdf"), ctl_option(ctx, "language")};
	if (out.pdf != NULL && ctx->json)
		return ctl_usage_error(ctx, "%s", _("Choose one of --json and --pdf."));
	if (out.pdf != NULL && out.pdf[0] == '\0')
		return ctl_usage_error(ctx, "%s", _("--pdf needs the file to write."));
	if (out.language != NULL && strcmp(out.language, "hu") != 0 &&
	    strcmp(out.language, "en") != 0)
		return ctl_usage_error(ctx, "%s", _("--language takes hu or en."));
	if (out.language != NULL && out.pdf == NULL)
		return ctl_usage_error(ctx, "%s", _("--language is for the --pdf sheet."));
	Netpont__ResidentExport m = NETPONT__RESIDENT_EXPORT__INIT;
	m.login = ctx->args[0];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_EXPORT, &m,
	                         NETPONT__ENVELOPE__BODY_RESIDENT_EXPORT_REPLY, print_export, &out);
}

static int print_erased(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__ResidentErased *r = reply->resident_erased;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "login");
		json_builder_add_string_value(b, r->login);
		json_builder_set_member_name(b, "name");
		json_builder_add_string_value(b, r->name);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	/* TRANSLATORS: "Erased kmaria: the account is now called Erased resident 17." */
	printf(_("Erased %s: the account is now called %s.\n"), r->login, r->name);
	return CTL_EXIT_OK;
}

static int resident_erase(ctl_ctx *ctx)
{
	Netpont__ResidentErase m = NETPONT__RESIDENT_ERASE__INIT;
	m.login = ctx->args[0];
	m.note = option_or_empty(ctx, "note");
	m.force = ctl_option(ctx, "force") != NULL;
	if (m.note[0] == '\0')
		return ctl_usage_error(ctx, "%s", _("resident erase needs --note saying why."));
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RESIDENT_ERASE, &m,
	                         NETPONT__ENVELOPE__BODY_RESIDENT_ERASED, print_erased, NULL);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_resident_commands[] = {
    {"resident", "add",
     "resident add LOGIN --name TEXT [--category NAME] [--note TEXT] [--birth-year YEAR]",
     N_("create a resident's account (the PIN: NETPONT_PIN or asked twice; the year of birth "
        "only with their consent)"),
     1, 1, "name= pin= category= note= birth-year=", false, resident_add},
    {"resident", "list", "resident list [SEARCH] [--guests]",
     N_("residents, optionally only those matching SEARCH"), 0, 1, "guests", false, resident_list},
    {"resident", "show", "resident show LOGIN", N_("one resident with sessions and ledger"), 1, 1,
     "", false, resident_show},
    {"resident", "update",
     "resident update LOGIN [--name TEXT] [--new-pin] [--category NAME] [--note TEXT] "
     "[--birth-year YEAR|none]",
     N_("change a resident's details"), 1, 1,
     "name= pin= new-pin category= note= birth-year=", false, resident_update},
    {"resident", "reset-pin", "resident reset-pin LOGIN",
     N_("give a new PIN (NETPONT_PIN or asked twice) and lift a lock-out"), 1, 1, "pin=", false,
     resident_reset_pin},
    {"resident", "export", "resident export LOGIN [--json] [--pdf FILE] [--language hu|en]",
     N_("everything kept about one resident, as JSON or as a sheet to print (audited)"), 1, 1,
     "pdf= language=", false, resident_export},
    {"resident", "erase", "resident erase LOGIN --note TEXT [--force]",
     N_("erase a resident's personal data; sessions and payments stay under a pseudonym "
        "(administrators)"),
     1, 1, "note= force", false, resident_erase},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
