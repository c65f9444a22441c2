/* Fees and payments: tariff list|set, category list|set, charge add, bill,
 * pay and ledger reverse. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

#include "common/np_request_key.h"

/* ---------------------------------------------------------------- tariffs, categories */

/* One tariff's JSON object; per_minutes 0 (a per-item service) is null. */
static void tariff_json_object(JsonBuilder *b, const char *service, int64_t price,
                               int64_t per_minutes, const char *label)
{
	ctl_json_add_string(b, "service", service);
	ctl_json_add_int(b, "price", price);
	ctl_json_add_int_or_null(b, "per_minutes", per_minutes > 0, per_minutes);
	ctl_json_add_string_or_null(b, "label", label);
}

static void tariff_json(JsonBuilder *b, const void *item)
{
	const Netpont__Tariff *tf = item;
	json_builder_begin_object(b);
	tariff_json_object(b, tf->service, tf->price, tf->per_minutes, tf->label);
	json_builder_end_object(b);
}

static void tariff_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Tariff *tf = item;
	g_autofree char *price = ctl_money(ctx, tf->price);
	g_autofree char *per = tf->per_minutes > 0
	                           ? g_strdup_printf(_("each started %d min"), tf->per_minutes)
	                           : g_strdup(_("item"));
	const char *row[] = {tf->service, price, per, tf->label ? tf->label : ""};
	ctl_table_add(t, row);
}

static const ctl_list tariff_list_shape = {
    .json_item = tariff_json,
    .table_row = tariff_row,
    .headers = {N_("SERVICE"), N_("PRICE"), N_("PER"), N_("LABEL")},
    .right = 1u << 1,
};

static int tariff_list(ctl_ctx *ctx)
{
	Netpont__TariffList m = NETPONT__TARIFF_LIST__INIT;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_TARIFF_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_TARIFF_LIST_REPLY, &tariff_list_shape);
}

static int tariff_set(ctl_ctx *ctx)
{
	Netpont__Tariff tariff = NETPONT__TARIFF__INIT;
	Netpont__TariffSet m = NETPONT__TARIFF_SET__INIT;
	Netpont__Envelope *current = NULL;
	const char *per_text = ctl_option(ctx, "per-minutes");
	const char *label = ctl_option(ctx, "label");
	int64_t price, per = 0;
	int rc = ctl_need_amount(ctx, "price", false, &price);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (per_text != NULL && !ctl_parse_count(per_text, 24 * 60, &per))
		return ctl_usage_error(
		    ctx, "%s", _("--per-minutes must be a whole number of minutes, like 30."));
	/* Keep the block length and label the service has unless told otherwise:
	 * changing a price must not turn internet time into a per-item service. */
	if (per_text == NULL || label == NULL) {
		Netpont__TariffList lm = NETPONT__TARIFF_LIST__INIT;
		rc = ctl_request(ctx, NETPONT__ENVELOPE__BODY_TARIFF_LIST, &lm,
		                 NETPONT__ENVELOPE__BODY_TARIFF_LIST_REPLY, &current);
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
	JsonBuilder *b = ctl_json_begin_object();
	tariff_json_object(b, tariff.service, tariff.price, per, tariff.label);
	g_autofree char *money = ctl_money(ctx, price);
	g_autofree char *sentence =
	    per > 0 ? g_strdup_printf(_("%s now costs %s per started %lld minutes."),
	                              tariff.service, money, (long long)per)
	            : g_strdup_printf(_("%s now costs %s each."), tariff.service, money);
	rc = ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_TARIFF_SET, &m, b, sentence);
	/* The label may point into the list fetched above. */
	ctl_reply_free(current);
	return rc;
}

static void category_json(JsonBuilder *b, const void *item)
{
	const Netpont__Category *c = item;
	json_builder_begin_object(b);
	ctl_json_add_string(b, "name", c->name);
	ctl_json_add_int(b, "percent", c->percent);
	ctl_json_add_string(b, "label", np_display_name(c->label, c->name));
	json_builder_end_object(b);
}

static void category_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Category *c = item;
	g_autofree char *pays = g_strdup_printf("%d%%", c->percent);
	const char *row[] = {c->name, pays, np_display_name(c->label, c->name)};
	ctl_table_add(t, row);
	(void)ctx;
}

static int category_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = category_json,
	    .table_row = category_row,
	    .headers = {N_("CATEGORY"), N_("PAYS"), N_("LABEL")},
	    .right = 1u << 1,
	};
	Netpont__CategoryList m = NETPONT__CATEGORY_LIST__INIT;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_CATEGORY_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_CATEGORY_LIST_REPLY, &list);
}

static int category_set(ctl_ctx *ctx)
{
	Netpont__Category category = NETPONT__CATEGORY__INIT;
	Netpont__CategorySet m = NETPONT__CATEGORY_SET__INIT;
	const char *text;
	int rc = ctl_need_text(ctx, "percent", &text);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (!ctl_parse_percent(text, &category.percent))
		return ctl_usage_error(ctx, "%s",
		                       _("The percent must be a whole number from 0 to 100."));
	category.name = ctx->args[0];
	category.label = (char *)(ctl_option(ctx, "label") ? ctl_option(ctx, "label") : "");
	m.category = &category;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", category.name);
	ctl_json_add_int(b, "percent", category.percent);
	if (category.label[0] != '\0')
		ctl_json_add_string(b, "label", category.label);
	g_autofree char *sentence =
	    category.percent == 0
	        ? g_strdup_printf(_("Residents in %s pay nothing (exempt)."), category.name)
	        : g_strdup_printf(_("Residents in %s pay %d%% of the tariff."), category.name,
	                          category.percent);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_CATEGORY_SET, &m, b, sentence);
}

/* ---------------------------------------------------------------- charges, bills, payments */

/* data: the request (ChargeAdd). */
static int print_charge_added(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ChargeAdd *m = data;
	const Netpont__ChargeAdded *a = reply->charge_added;
	const Netpont__LedgerEntry *e = a->entry;
	int64_t amount = e != NULL ? e->amount : 0;
	int64_t qty = e != NULL ? e->qty : m->qty;
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		if (e != NULL)
			ctl_json_add_int(b, "id", e->id);
		ctl_json_add_string(b, "resident", m->resident_login);
		ctl_json_add_string(b, "service", m->service);
		ctl_json_add_int(b, "qty", qty);
		ctl_json_add_int(b, "amount", amount);
		ctl_json_add_int(b, "due", a->due);
		ctl_json_add_int(b, "credit", a->credit);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
	} else {
		g_autofree char *money = ctl_money(ctx, amount);
		g_autofree char *due = ctl_balance(ctx, a->due, a->credit);
		const char *service =
		    np_display_name(a->entry != NULL ? a->entry->service_label : NULL, m->service);
		if (a->credit > 0)
			printf(_("Charged %s to %s: %lld × %s. Balance now: %s.\n"), money,
			       m->resident_login, (long long)qty, service, due);
		else
			printf(_("Charged %s to %s: %lld × %s. %s now owes %s.\n"), money,
			       m->resident_login, (long long)qty, service, m->resident_login,
			       due);
	}
	return CTL_EXIT_OK;
}

/* Sends a payment or a charge, msg, whose request_key field is *key_field,
 * with the key of this action: --request-key KEY as given, or a new random
 * one. When the server could not be reached or its reply was lost, says how
 * to retry without paying or charging twice. Returns the exit status. */
static int request_keyed(ctl_ctx *ctx, Netpont__Envelope__BodyCase body, void *msg,
                         char **key_field, Netpont__Envelope__BodyCase expected,
                         ctl_reply_printer print)
{
	char fresh[NP_REQUEST_KEY_SIZE];
	const char *key = ctl_option(ctx, "request-key");
	if (key == NULL) {
		if (np_request_key_new(fresh) != 0) {
			fprintf(stderr, "%s\n", _("No random numbers for the request key."));
			return CTL_EXIT_REFUSED;
		}
		key = fresh;
	}
	*key_field = (char *)key;
	int rc = ctl_request_print(ctx, body, msg, expected, print, msg);
	if (rc == CTL_EXIT_CONNECT)
		fprintf(stderr,
		        _("If the server may have received it, run the same command again with "
		          "--request-key %s: one key is never paid or charged twice.\n"),
		        key);
	return rc;
}

static int charge_add(ctl_ctx *ctx)
{
	Netpont__ChargeAdd m = NETPONT__CHARGE_ADD__INIT;
	const char *qty_text = ctl_option(ctx, "qty");
	const char *note = ctl_option(ctx, "note");
	m.qty = 1;
	if (qty_text != NULL && !ctl_parse_count(qty_text, 100000, &m.qty))
		return ctl_usage_error(ctx, "%s",
		                       _("The quantity must be a whole number above 0, like 3."));
	m.resident_login = ctx->args[0];
	m.service = ctx->args[1];
	m.note = (char *)(note ? note : "");
	return request_keyed(ctx, NETPONT__ENVELOPE__BODY_CHARGE_ADD, &m, &m.request_key,
	                     NETPONT__ENVELOPE__BODY_CHARGE_ADDED, print_charge_added);
}

static void bill_json(const Netpont__BillReply *r, const char *login)
{
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "resident", login);
	ctl_json_add_string_or_null(b, "name", r->resident_name);
	ctl_json_add_string_or_null(b, "category", r->category);
	ctl_json_add_string_or_null(b, "category_label",
	                            np_display_name(r->category_label, r->category));
	ctl_json_add_int(b, "due", r->due);
	ctl_json_add_int(b, "credit", r->credit);
	json_builder_set_member_name(b, "charges");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->n_lines; i++) {
		Netpont__BillLine *l = r->lines[i];
		json_builder_begin_object(b);
		ctl_json_add_string(b, "service", l->service);
		ctl_json_add_string(b, "label", np_display_name(l->label, l->service));
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
}

static void bill_plain(const ctl_ctx *ctx, const Netpont__BillReply *r, const char *login)
{
	g_autofree char *who = ctl_person(r->resident_name, login);
	g_autofree char *due = ctl_money(ctx, r->due);
	if (r->category != NULL && *r->category)
		printf(_("Bill for %s (category %s)\n"), who,
		       np_display_name(r->category_label, r->category));
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
			const char *row[] = {at, np_display_name(l->label, l->service), qty, amount,
			                     l->seat ? l->seat : ""};
			ctl_table_add(t, row);
		}
		ctl_table_print(t);
	}
	if (r->credit > 0) {
		g_autofree char *credit = ctl_money(ctx, r->credit);
		printf(_("Due now: nothing; credit %s\n"), credit);
	} else {
		printf(_("Due now: %s\n"), due);
	}
}

/* data: the request (Bill). */
static int print_bill(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__Bill *m = data;
	const Netpont__BillReply *r = reply->bill_reply;
	/* The server's spelling of the login when it gives one. */
	const char *login =
	    r->resident_login && *r->resident_login ? r->resident_login : m->resident_login;
	if (ctx->json)
		bill_json(r, login);
	else
		bill_plain(ctx, r, login);
	return CTL_EXIT_OK;
}

static int bill(ctl_ctx *ctx)
{
	Netpont__Bill m = NETPONT__BILL__INIT;
	m.resident_login = ctx->args[0];
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_BILL, &m,
	                         NETPONT__ENVELOPE__BODY_BILL_REPLY, print_bill, &m);
}

/* data: the request (Pay). */
static int print_paid(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__Pay *m = data;
	const Netpont__PayReply *r = reply->pay_reply;
	bool waived = strcmp(m->method, "waive") == 0;
	bool refund = strcmp(m->method, "refund") == 0;
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		if (r->entry != NULL)
			ctl_json_add_int(b, "id", r->entry->id);
		ctl_json_add_string(b, "resident", m->resident_login);
		ctl_json_add_int(b, "amount", r->entry != NULL ? r->entry->amount : m->amount);
		ctl_json_add_string(b, "method", m->method);
		ctl_json_add_bool(b, "waived", waived);
		ctl_json_add_string_or_null(b, "note", m->note);
		ctl_json_add_int(b, "due", r->due);
		ctl_json_add_int(b, "credit", r->credit);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *money = ctl_money(ctx, m->amount);
	g_autofree char *due = ctl_balance(ctx, r->due, r->credit);
	if (refund)
		printf(_("Gave back %s in cash to %s. Balance now: %s.\n"), money,
		       m->resident_login, due);
	else if (r->credit > 0)
		printf(_("Received %s in cash from %s. Balance now: %s.\n"), money,
		       m->resident_login, due);
	else if (waived)
		printf(_("Waived %s for %s. Still owed: %s.\n"), money, m->resident_login, due);
	else
		printf(_("Received %s in cash from %s. Still owed: %s.\n"), money,
		       m->resident_login, due);
	return CTL_EXIT_OK;
}

static int pay(ctl_ctx *ctx)
{
	static const char *const methods[] = {"cash", "waive", "refund", NULL};
	Netpont__Pay m = NETPONT__PAY__INIT;
	const char *method = ctl_option(ctx, "method");
	const char *note = ctl_option(ctx, "note");
	int rc = ctl_need_amount(ctx, "amount", true, &m.amount);
	if (rc != CTL_EXIT_OK)
		return rc;
	int kind = ctl_word_index(method != NULL ? method : "cash", methods);
	if (kind < 0)
		return ctl_usage_error(ctx, "%s",
		                       _("The payment method must be cash, waive or refund."));
	if (kind == 2 && (note == NULL || *note == '\0'))
		return ctl_usage_error(ctx, "%s",
		                       _("A refund needs a note saying why, for the treasurer: "
		                         "--note TEXT."));
	if (kind == 1 && (note == NULL || *note == '\0'))
		return ctl_usage_error(ctx, "%s",
		                       _("A waiver needs a note saying why, for the treasurer: "
		                         "--note TEXT."));
	m.resident_login = ctx->args[0];
	m.method = (char *)methods[kind];
	m.note = (char *)(note ? note : "");
	return request_keyed(ctx, NETPONT__ENVELOPE__BODY_PAY, &m, &m.request_key,
	                     NETPONT__ENVELOPE__BODY_PAY_REPLY, print_paid);
}

/* data: the request (LedgerReverse). */
static int print_reversed(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__LedgerReverse *m = data;
	const Netpont__LedgerEntry *e = reply->ledger_reverse_reply->entry;
	if (!ctx->json) {
		printf(_("Ledger row %lld is reversed by row %lld.\n"), (long long)m->entry_id,
		       (long long)(e != NULL ? e->id : 0));
		return CTL_EXIT_OK;
	}
	JsonBuilder *b = json_builder_new();
	if (e != NULL) {
		ctl_json_ledger_entry(b, e);
	} else {
		json_builder_begin_object(b);
		ctl_json_add_int(b, "reverses_id", m->entry_id);
		json_builder_end_object(b);
	}
	ctl_json_print_builder(b);
	return CTL_EXIT_OK;
}

static int ledger_reverse(ctl_ctx *ctx)
{
	Netpont__LedgerReverse m = NETPONT__LEDGER_REVERSE__INIT;
	const char *note;
	int rc;
	if ((rc = ctl_need_id(ctx, ctx->args[0], &m.entry_id)) ||
	    (rc = ctl_need_text(ctx, "note", &note)))
		return rc;
	m.note = (char *)note;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_LEDGER_REVERSE, &m,
	                         NETPONT__ENVELOPE__BODY_LEDGER_REVERSE_REPLY, print_reversed, &m);
}

/* ---------------------------------------------------------------- the tables */

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_money_commands[] = {
    {"tariff", "list", "tariff list", N_("the prices of every service"), 0, 0, "", false,
     tariff_list},
    {"tariff", "set", "tariff set SERVICE --price N [--per-minutes M] [--label TEXT]",
     N_("set a price (admin)"), 1, 1, "price= per-minutes= label=", false, tariff_set},
    {"category", "list", "category list", N_("the fee categories"), 0, 0, "", false, category_list},
    {"category", "set", "category set NAME --percent P [--label TEXT]",
     N_("set the share of the tariff paid; 0 = exempt (admin)"), 1, 1, "percent= label=", false,
     category_set},
    {"charge", "add", "charge add LOGIN SERVICE [--qty N] [--note TEXT] [--request-key KEY]",
     N_("charge an office service (copy, scan, ...)"), 2, 2, "qty= note= request-key=", false,
     charge_add},
    {"bill", NULL, "bill LOGIN", N_("what a resident owes, line by line"), 1, 1, "", false, bill},
    {"pay", NULL,
     "pay LOGIN --amount N [--method cash|waive|refund] [--note TEXT] [--request-key KEY]",
     N_("take a payment or waive a fee"), 1, 1, "amount= method= note= request-key=", false, pay},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};

/* Corrections come last in --help, after the staff's own commands. */
const ctl_command ctl_ledger_commands[] = {
    {"ledger", "reverse", "ledger reverse ID --note TEXT",
     N_("reverse a ledger row (treasurer, admin)"), 1, 1, "note=", false, ledger_reverse},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
