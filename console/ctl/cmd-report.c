/* report totals|waivers|shifts|help: the treasurer's reports for a range of
 * days. */
#include "ctl.h"

#include "common/np_csv.h"
#include "netpont-usage-report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --from and --to: both given, real dates, in order. */
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

/* Checks --from and --to and puts them into the request's from and to
 * fields (they point into the command line). */
static int set_dates(ctl_ctx *ctx, char **from, char **to)
{
	const char *first, *last;
	int rc = need_dates(ctx, &first, &last);
	if (rc != CTL_EXIT_OK)
		return rc;
	*from = (char *)first;
	*to = (char *)last;
	return CTL_EXIT_OK;
}

/* The words of --by, in the order of report_by_values. */
static const char *const report_by_words[] = {"day", "service", "staff", "category", NULL};
static const Netpont__ReportBy report_by_values[] = {
    NETPONT__REPORT_BY__REPORT_BY_DAY,
    NETPONT__REPORT_BY__REPORT_BY_SERVICE,
    NETPONT__REPORT_BY__REPORT_BY_STAFF,
    NETPONT__REPORT_BY__REPORT_BY_CATEGORY,
};

static const char *report_by_word(Netpont__ReportBy by)
{
	for (size_t i = 0; i < G_N_ELEMENTS(report_by_values); i++)
		if (report_by_values[i] == by)
			return report_by_words[i];
	return report_by_words[0];
}

static void totals_json(const Netpont__ReportTotalsReply *r, const Netpont__ReportTotals *m)
{
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "from", m->from);
	ctl_json_add_string(b, "to", m->to);
	ctl_json_add_string(b, "by", report_by_word(m->by));
	json_builder_set_member_name(b, "rows");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->n_rows; i++) {
		json_builder_begin_object(b);
		ctl_json_add_string(b, "key", r->rows[i]->key);
		ctl_json_add_string(b, "label",
		                    np_display_name(r->rows[i]->label, r->rows[i]->key));
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
}

/* np_csv_by has ReportBy's numbers. */
_Static_assert((int)NP_CSV_BY_CATEGORY == (int)NETPONT__REPORT_BY__REPORT_BY_CATEGORY &&
                   (int)NP_CSV_BY_DAY == (int)NETPONT__REPORT_BY__REPORT_BY_DAY,
               "np_csv_by follows ReportBy");

static void totals_csv(const Netpont__ReportTotalsReply *r, Netpont__ReportBy by,
                       np_csv_format format)
{
	np_csv csv;
	np_csv_init(&csv, format);
	np_csv_totals_header(&csv, (np_csv_by)by);
	for (size_t i = 0; i < r->n_rows; i++)
		np_csv_totals_row(&csv, r->rows[i]->key, r->rows[i]->label, r->rows[i]->charged,
		                  r->rows[i]->paid, r->rows[i]->waived);
	np_csv_totals_end(&csv, r->total_charged, r->total_paid, r->total_waived);
	size_t len = 0;
	char *text = np_csv_finish(&csv, &len);
	if (text == NULL)
		g_error("out of memory");
	fwrite(text, 1, len, stdout);
	free(text);
}

/* One row of the totals table: the key and three amounts. */
static void totals_row(const ctl_ctx *ctx, ctl_table *t, const char *key, int64_t charged,
                       int64_t paid, int64_t waived)
{
	g_autofree char *c1 = ctl_money(ctx, charged);
	g_autofree char *c2 = ctl_money(ctx, paid);
	g_autofree char *c3 = ctl_money(ctx, waived);
	const char *row[] = {key, c1, c2, c3};
	ctl_table_add(t, row);
}

static void totals_plain(const ctl_ctx *ctx, const Netpont__ReportTotalsReply *r, const char *from,
                         const char *to, Netpont__ReportBy by)
{
	const char *by_label = by == NETPONT__REPORT_BY__REPORT_BY_SERVICE    ? _("service")
	                       : by == NETPONT__REPORT_BY__REPORT_BY_STAFF    ? _("staff")
	                       : by == NETPONT__REPORT_BY__REPORT_BY_CATEGORY ? _("category")
	                                                                      : _("day");
	printf(_("Totals from %s to %s, by %s\n"), from, to, by_label);
	const char *headers[] = {_("KEY"), _("CHARGED"), _("PAID"), _("WAIVED")};
	ctl_table *t = ctl_table_new(4, headers);
	for (int c = 1; c < 4; c++)
		ctl_table_right(t, c);
	for (size_t i = 0; i < r->n_rows; i++)
		totals_row(ctx, t, np_display_name(r->rows[i]->label, r->rows[i]->key),
		           r->rows[i]->charged, r->rows[i]->paid, r->rows[i]->waived);
	totals_row(ctx, t, _("Total"), r->total_charged, r->total_paid, r->total_waived);
	ctl_table_print(t);
	g_autofree char *owed = ctl_money(ctx, r->total_owed);
	printf(_("Owed by all residents now: %s\n"), owed);
}

/* data: the request (ReportTotals). */
static int print_totals(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ReportTotals *m = data;
	const Netpont__ReportTotalsReply *r = reply->report_totals_reply;
	if (ctx->json)
		totals_json(r, m);
	else if (ctl_flag(ctx, "csv") || ctl_option(ctx, "csv-format") != NULL)
		totals_csv(r, m->by, (np_csv_format)ctl_csv_format(ctx));
	else
		totals_plain(ctx, r, m->from, m->to, m->by);
	return CTL_EXIT_OK;
}

static int report_totals(ctl_ctx *ctx)
{
	Netpont__ReportTotals m = NETPONT__REPORT_TOTALS__INIT;
	const char *by = ctl_option(ctx, "by");
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	int kind = ctl_word_index(by != NULL ? by : "day", report_by_words);
	if (kind < 0)
		return ctl_usage_error(ctx, "%s",
		                       _("--by must be day, service, staff or category."));
	m.by = report_by_values[kind];
	bool csv = ctl_flag(ctx, "csv") || ctl_option(ctx, "csv-format") != NULL;
	if (csv && ctx->json)
		return ctl_usage_error(ctx, "%s", _("Choose either --csv or --json, not both."));
	/* A wrong --csv-format is refused before anything is asked. */
	if (csv && ctl_csv_format(ctx) < 0)
		return CTL_EXIT_USAGE;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_REPORT_TOTALS, &m,
	                         NETPONT__ENVELOPE__BODY_REPORT_TOTALS_REPLY, print_totals, &m);
}

static void waiver_json(JsonBuilder *b, const void *item)
{
	ctl_json_ledger_entry(b, item);
}

static void waiver_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__LedgerEntry *e = item;
	g_autofree char *at = ctl_time(e->at);
	g_autofree char *amount = ctl_money(ctx, e->amount);
	const char *row[] = {at, e->resident_login, amount, e->staff, e->note};
	ctl_table_add(t, row);
}

static int report_waivers(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = waiver_json,
	    .table_row = waiver_row,
	    .headers = {N_("WHEN"), N_("RESIDENT"), N_("AMOUNT"), N_("BY"), N_("NOTE")},
	    .right = 1u << 2,
	    .none = N_("No fees were waived in these days."),
	};
	Netpont__ReportWaivers m = NETPONT__REPORT_WAIVERS__INIT;
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_REPORT_WAIVERS, &m,
	                    NETPONT__ENVELOPE__BODY_REPORT_WAIVERS_REPLY, &list);
}

static void shift_json(JsonBuilder *b, const void *item)
{
	ctl_json_shift(b, item);
}

static void shift_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Shift *s = item;
	g_autofree char *start = ctl_time(s->started_at);
	g_autofree char *fl = ctl_money(ctx, s->cash_float);
	g_autofree char *taken = ctl_money(ctx, s->cash_taken);
	g_autofree char *corrections = ctl_money(ctx, s->corrections);
	g_autofree char *expected = ctl_money(ctx, s->expected);
	g_autofree char *counted = s->ended_at ? ctl_money(ctx, s->counted) : g_strdup(_("open"));
	g_autofree char *diff = s->ended_at ? ctl_money(ctx, s->difference) : g_strdup("");
	const char *row[] = {start, s->staff, fl, taken, corrections, expected, counted, diff};
	ctl_table_add(t, row);
}

static int report_shifts(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = shift_json,
	    .table_row = shift_row,
	    .headers = {N_("STARTED"), N_("MENTOR"), N_("FLOAT"), N_("CASH TAKEN"),
	                N_("CORRECTIONS"), N_("EXPECTED"), N_("COUNTED"), N_("DIFFERENCE")},
	    .right = 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 7,
	    .none = N_("No shifts in these days."),
	};
	Netpont__ReportShifts m = NETPONT__REPORT_SHIFTS__INIT;
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_REPORT_SHIFTS, &m,
	                    NETPONT__ENVELOPE__BODY_REPORT_SHIFTS_REPLY, &list);
}

/* What a ledger row of cash outside shifts is, in words. */
static const char *cash_row_kind(const Netpont__LedgerEntry *e)
{
	bool refund = e->method != NULL && strcmp(e->method, "refund") == 0;
	if (e->kind == NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL)
		return refund ? _("refund reversed") : _("payment reversed");
	return refund ? _("refund") : _("payment");
}

/* data: unused. */
static int print_cash_outside(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__ReportShiftsReply *r = reply->report_shifts_reply;
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		json_builder_set_member_name(b, "rows");
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_outside; i++)
			ctl_json_ledger_entry(b, r->outside[i]);
		json_builder_end_array(b);
		ctl_json_add_int(b, "total", r->outside_total);
		ctl_json_add_int(b, "count", r->outside_count);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	if (r->n_outside == 0) {
		printf("%s\n", _("No cash was taken or given back outside a shift in these days."));
		return CTL_EXIT_OK;
	}
	const char *headers[] = {_("WHEN"),   _("RESIDENT"), _("WHAT"),
	                         _("AMOUNT"), _("BY"),       _("NOTE")};
	ctl_table *t = ctl_table_new(6, headers);
	ctl_table_right(t, 3);
	for (size_t i = 0; i < r->n_outside; i++) {
		const Netpont__LedgerEntry *e = r->outside[i];
		g_autofree char *at = ctl_time(e->at);
		g_autofree char *amount = ctl_money(ctx, e->amount);
		const char *row[] = {at,     e->resident_login, cash_row_kind(e),
		                     amount, e->staff,          e->note};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
	g_autofree char *total = ctl_money(ctx, r->outside_total);
	if ((size_t)r->outside_count > r->n_outside)
		printf(_("The first %zu of %d entries are listed.\n"), r->n_outside,
		       (int)r->outside_count);
	printf(_("Cash outside shifts, in minus out: %s\n"), total);
	return CTL_EXIT_OK;
}

/* data: unused. */
static int print_exemptions(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__ReportExemptionsReply *r = reply->report_exemptions_reply;
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		json_builder_set_member_name(b, "rows");
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_rows; i++) {
			json_builder_begin_object(b);
			ctl_json_add_string(b, "category", r->rows[i]->category);
			ctl_json_add_string(
			    b, "category_label",
			    np_display_name(r->rows[i]->category_label, r->rows[i]->category));
			ctl_json_add_int(b, "discounted", r->rows[i]->discounted);
			ctl_json_add_int(b, "waived", r->rows[i]->waived);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_add_int(b, "total_discounted", r->total_discounted);
		ctl_json_add_int(b, "total_waived", r->total_waived);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	if (r->n_rows == 0) {
		printf("%s\n", _("No charges or waivers in these days."));
		return CTL_EXIT_OK;
	}
	const char *headers[] = {_("CATEGORY"), _("DISCOUNTS"), _("WAIVED")};
	ctl_table *t = ctl_table_new(3, headers);
	ctl_table_right(t, 1);
	ctl_table_right(t, 2);
	for (size_t i = 0; i < r->n_rows; i++) {
		g_autofree char *discounted = ctl_money(ctx, r->rows[i]->discounted);
		g_autofree char *waived = ctl_money(ctx, r->rows[i]->waived);
		const char *row[] = {
		    np_display_name(r->rows[i]->category_label, r->rows[i]->category), discounted,
		    waived};
		ctl_table_add(t, row);
	}
	g_autofree char *discounted = ctl_money(ctx, r->total_discounted);
	g_autofree char *waived = ctl_money(ctx, r->total_waived);
	const char *total[] = {_("Total"), discounted, waived};
	ctl_table_add(t, total);
	ctl_table_print(t);
	return CTL_EXIT_OK;
}

static int report_exemptions(ctl_ctx *ctx)
{
	Netpont__ReportExemptions m = NETPONT__REPORT_EXEMPTIONS__INIT;
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_REPORT_EXEMPTIONS, &m,
	                         NETPONT__ENVELOPE__BODY_REPORT_EXEMPTIONS_REPLY, print_exemptions,
	                         NULL);
}

static int report_cash_outside(ctl_ctx *ctx)
{
	Netpont__ReportShifts m = NETPONT__REPORT_SHIFTS__INIT;
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_REPORT_SHIFTS, &m,
	                         NETPONT__ENVELOPE__BODY_REPORT_SHIFTS_REPLY, print_cash_outside,
	                         NULL);
}

/* A wait in seconds as "min:ss"; a new string (g_free). */
static char *minutes_seconds(int64_t seconds)
{
	return g_strdup_printf("%lld:%02lld", (long long)(seconds / 60), (long long)(seconds % 60));
}

static void kv_add_int(ctl_table *kv, const char *label, int64_t value)
{
	g_autofree char *text = g_strdup_printf("%lld", (long long)value);
	ctl_kv_add(kv, label, text);
}

/* data: the request (ReportHelp). */
static int print_help_report(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ReportHelp *m = data;
	const Netpont__ReportHelpReply *r = reply->report_help_reply;
	if (ctx->json) {
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_string(b, "from", m->from);
		ctl_json_add_string(b, "to", m->to);
		ctl_json_add_int(b, "calls", r->calls);
		ctl_json_add_int(b, "answered", r->answered);
		ctl_json_add_int(b, "resolved", r->resolved);
		ctl_json_add_int(b, "average_wait_s", r->average_wait_s);
		ctl_json_add_int(b, "longest_wait_s", r->longest_wait_s);
		json_builder_set_member_name(b, "topics");
		json_builder_begin_object(b);
		for (size_t i = 0; i < r->n_topics; i++)
			ctl_json_add_int(b, r->topics[i]->topic[0] ? r->topics[i]->topic : "none",
			                 r->topics[i]->calls);
		json_builder_end_object(b);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *avg = minutes_seconds(r->average_wait_s);
	g_autofree char *max = minutes_seconds(r->longest_wait_s);
	printf(_("Help calls from %s to %s\n"), m->from, m->to);
	ctl_table *kv = ctl_table_new(2, NULL);
	kv_add_int(kv, _("Calls:"), r->calls);
	kv_add_int(kv, _("Answered:"), r->answered);
	kv_add_int(kv, _("Resolved:"), r->resolved);
	ctl_kv_add(kv, _("Average wait (min:s):"), avg);
	ctl_kv_add(kv, _("Longest wait (min:s):"), max);
	for (size_t i = 0; i < r->n_topics; i++) {
		g_autofree char *label =
		    g_strdup_printf(_("Topic %s:"), ctl_help_topic_label(r->topics[i]->topic));
		kv_add_int(kv, label, r->topics[i]->calls);
	}
	ctl_table_print(kv);
	return CTL_EXIT_OK;
}

static int report_help(ctl_ctx *ctx)
{
	Netpont__ReportHelp m = NETPONT__REPORT_HELP__INIT;
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_REPORT_HELP, &m,
	                         NETPONT__ENVELOPE__BODY_REPORT_HELP_REPLY, print_help_report, &m);
}

/* ------------------------------------------------------------ report usage
 * The funders' report: the tables of console/netpont-usage-report.h as
 * text, CSV or PDF; --json gives the reply's figures, a suppressed count of
 * people as the string "<5". */

static const char *const usage_by_words[] = {"whole", "month", "quarter", NULL};
static const Netpont__UsageBy usage_by_values[] = {
    NETPONT__USAGE_BY__USAGE_BY_WHOLE,
    NETPONT__USAGE_BY__USAGE_BY_MONTH,
    NETPONT__USAGE_BY__USAGE_BY_QUARTER,
};

static void usage_json_people(JsonBuilder *b, const char *key, const Netpont__UsageCount *n)
{
	if (n != NULL && n->suppressed)
		ctl_json_add_string(b, key, "<5");
	else
		ctl_json_add_int(b, key, n != NULL ? n->count : 0);
}

static void usage_json_group(JsonBuilder *b, const Netpont__UsageGroup *g)
{
	json_builder_begin_object(b);
	ctl_json_add_string(b, "key", g->key);
	ctl_json_add_string(b, "label", g->label);
	ctl_json_add_int(b, "sessions", g->sessions);
	ctl_json_add_int(b, "pc_seconds", g->pc_seconds);
	usage_json_people(b, "residents", g->residents);
	usage_json_people(b, "new_residents", g->new_residents);
	usage_json_people(b, "guests", g->guests);
	json_builder_end_object(b);
}

static void usage_json_groups(JsonBuilder *b, const char *key, Netpont__UsageGroup **g, size_t n)
{
	json_builder_set_member_name(b, key);
	json_builder_begin_array(b);
	for (size_t i = 0; i < n; i++)
		usage_json_group(b, g[i]);
	json_builder_end_array(b);
}

/* Items as an object by key: {"print-bw": 12, "copy": 3}. */
static void usage_json_items(JsonBuilder *b, const char *key, Netpont__UsageItem **items, size_t n)
{
	json_builder_set_member_name(b, key);
	json_builder_begin_object(b);
	for (size_t i = 0; i < n; i++)
		ctl_json_add_int(b, items[i]->key, items[i]->count);
	json_builder_end_object(b);
}

static void usage_json(const Netpont__ReportUsageReply *r, const Netpont__ReportUsage *m)
{
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "from", m->from);
	ctl_json_add_string(b, "to", m->to);
	ctl_json_add_string(b, "by", usage_by_words[m->by <= 2 ? m->by : 0]);
	ctl_json_add_string(b, "note", netpont_usage_report_note());
	json_builder_set_member_name(b, "periods");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->n_periods; i++) {
		const Netpont__UsagePeriod *p = r->periods[i];
		json_builder_begin_object(b);
		ctl_json_add_string(b, "from", p->from);
		ctl_json_add_string(b, "to", p->to);
		json_builder_set_member_name(b, "total");
		usage_json_group(b, p->total);
		usage_json_groups(b, "categories", p->categories, p->n_categories);
		usage_json_groups(b, "ages", p->ages, p->n_ages);
		usage_json_people(b, "birth_year_unknown", p->birth_year_unknown);
		usage_json_items(b, "items", p->items, p->n_items);
		json_builder_set_member_name(b, "help");
		json_builder_begin_object(b);
		ctl_json_add_int(b, "calls", p->help_calls);
		ctl_json_add_int(b, "answered", p->help_answered);
		ctl_json_add_int(b, "resolved", p->help_resolved);
		ctl_json_add_int(b, "median_wait_s", p->help_median_wait_s);
		ctl_json_add_int(b, "average_wait_s", p->help_average_wait_s);
		usage_json_items(b, "topics", p->help_topics, p->n_help_topics);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "courses");
		json_builder_begin_object(b);
		ctl_json_add_int(b, "occasions", p->occasions);
		ctl_json_add_int(b, "attendance", p->attendances);
		usage_json_people(b, "participants", p->participants);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "volunteer");
		json_builder_begin_object(b);
		usage_json_items(b, "seconds", p->volunteer, p->n_volunteer);
		ctl_json_add_int(b, "total_s", p->volunteer_seconds);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "directory");
		json_builder_begin_object(b);
		ctl_json_add_int(b, "opens", p->directory_opens);
		ctl_json_add_int(b, "views", p->directory_views);
		ctl_json_add_int(b, "searches", p->directory_searches);
		ctl_json_add_int(b, "prints", p->directory_prints);
		json_builder_end_object(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	ctl_json_print_builder(b);
}

static void usage_plain(const NetpontUsageReport *report)
{
	g_autofree char *title = netpont_usage_report_title(report);
	printf("%s\n", title);
	for (guint i = 0; i < report->tables->len; i++) {
		const NetpontUsageTable *t = g_ptr_array_index(report->tables, i);
		guint first = report->first_column, n = t->n_columns - first;
		printf("\n%s\n", t->title);
		ctl_table *table = ctl_table_new((int)n, t->headers + first);
		for (guint c = 0; c < n; c++)
			if (t->numeric[first + c])
				ctl_table_right(table, (int)c);
		for (guint r = 0; r < t->rows->len; r++) {
			const char *texts[NETPONT_USAGE_MAX_COLUMNS];
			netpont_usage_row_texts(report, t, r, texts);
			ctl_table_add(table, texts);
		}
		ctl_table_print(table);
	}
	printf("\n%s\n", netpont_usage_report_note());
}

/* data: the request (ReportUsage). */
static int print_usage(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__ReportUsage *m = data;
	const Netpont__ReportUsageReply *r = reply->report_usage_reply;
	if (ctx->json) {
		usage_json(r, m);
		return CTL_EXIT_OK;
	}
	g_autoptr(NetpontUsageReport) report =
	    netpont_usage_report_new(r, m->from, m->to, m->by, ctl_help_topic_label);
	const char *pdf = ctl_option(ctx, "pdf");
	if (pdf != NULL) {
		g_autofree char *why = NULL;
		if (!netpont_usage_report_pdf(report, pdf, &why)) {
			ctl_error("%s", why);
			return CTL_EXIT_REFUSED;
		}
		return CTL_EXIT_OK;
	}
	if (ctl_flag(ctx, "csv") || ctl_option(ctx, "csv-format") != NULL) {
		gsize len = 0;
		g_autofree char *text =
		    netpont_usage_report_csv(report, (np_csv_format)ctl_csv_format(ctx), &len);
		if (text == NULL)
			g_error("out of memory");
		fwrite(text, 1, len, stdout);
		return CTL_EXIT_OK;
	}
	usage_plain(report);
	return CTL_EXIT_OK;
}

static int report_usage(ctl_ctx *ctx)
{
	Netpont__ReportUsage m = NETPONT__REPORT_USAGE__INIT;
	int rc = set_dates(ctx, &m.from, &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	const char *by = ctl_option(ctx, "by");
	int kind = ctl_word_index(by != NULL ? by : "whole", usage_by_words);
	if (kind < 0)
		return ctl_usage_error(ctx, "%s", _("--by must be whole, month or quarter."));
	m.by = usage_by_values[kind];
	bool csv = ctl_flag(ctx, "csv") || ctl_option(ctx, "csv-format") != NULL;
	int outputs =
	    (csv ? 1 : 0) + (ctx->json ? 1 : 0) + (ctl_option(ctx, "pdf") != NULL ? 1 : 0);
	if (outputs > 1)
		return ctl_usage_error(ctx, "%s", _("Choose one of --csv, --pdf FILE and --json."));
	if (csv && ctl_csv_format(ctx) < 0)
		return CTL_EXIT_USAGE;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_REPORT_USAGE, &m,
	                         NETPONT__ENVELOPE__BODY_REPORT_USAGE_REPLY, print_usage, &m);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_report_commands[] = {
    {"report", "totals",
     "report totals --from DATE --to DATE [--by day|service|staff|category] [--csv] "
     "[--csv-format rfc4180|spreadsheet]",
     N_("charged, paid and waived"), 0, 0, "from= to= by= csv csv-format=", false, report_totals},
    {"report", "waivers", "report waivers --from DATE --to DATE",
     N_("waived fees with their notes"), 0, 0, "from= to=", false, report_waivers},
    {"report", "shifts", "report shifts --from DATE --to DATE",
     N_("shifts and their cash differences"), 0, 0, "from= to=", false, report_shifts},
    {"report", "cash-outside", "report cash-outside --from DATE --to DATE",
     N_("cash taken or given back with no shift open"), 0, 0, "from= to=", false,
     report_cash_outside},
    {"report", "exemptions", "report exemptions --from DATE --to DATE",
     N_("the value of exemptions and waivers given, by fee category"), 0, 0, "from= to=", false,
     report_exemptions},
    {"report", "help", "report help --from DATE --to DATE",
     N_("help calls answered and waiting times"), 0, 0, "from= to=", false, report_help},
    {"report", "usage",
     "report usage --from DATE --to DATE [--by whole|month|quarter] [--csv | --pdf FILE]",
     N_("the funders' report: use, people by category and age band, help, courses, volunteer "
        "hours (counts only)"),
     0, 0, "from= to= by= csv csv-format= pdf=", false, report_usage},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
