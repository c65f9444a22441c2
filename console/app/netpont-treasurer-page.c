#include "netpont-treasurer-page.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_csv.h"
#include "common/np_display_name.h"
#include "netpont-audit-view.h"
#include "netpont-report-items.h"
#include "netpont-util.h"

typedef struct {
	char *day;
	gint64 charged;
	gint64 paid;
} ChartDay;

struct _NetpontTreasurerPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *rows;
	GListStore *shifts;
	GListStore *waivers;
	GArray *chart_days; /* ChartDay */
	gboolean have_totals;
	gint64 total_charged, total_paid, total_waived, total_owed;
	guint refresh_source;

	GtkEntry *from_entry;
	GtkEntry *to_entry;
	GtkDropDown *by_dropdown;
	GtkLabel *charged_label;
	GtkLabel *paid_label;
	GtkLabel *waived_label;
	GtkLabel *owed_label;
	GtkDrawingArea *chart;
	GtkColumnView *totals_view;
	GtkColumnView *shifts_view;
	GtkColumnView *waivers_view;
	GtkLabel *help_label;
	GtkLabel *outside_label;
	GtkLabel *exemptions_label;
	NetpontAuditView *audit_view;
};

G_DEFINE_FINAL_TYPE(NetpontTreasurerPage, netpont_treasurer_page, GTK_TYPE_BOX)

static void chart_day_clear(gpointer data)
{
	g_free(((ChartDay *)data)->day);
}

static void page_set_range(NetpontTreasurerPage *self, GDateTime *from, GDateTime *to)
{
	g_autofree char *a = netpont_format_date(from);
	g_autofree char *b = netpont_format_date(to);

	gtk_editable_set_text(GTK_EDITABLE(self->from_entry), a);
	gtk_editable_set_text(GTK_EDITABLE(self->to_entry), b);
}

static void on_today_clicked(NetpontTreasurerPage *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();

	page_set_range(self, now, now);
	netpont_treasurer_page_reload(self);
}

static void on_week_clicked(NetpontTreasurerPage *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) monday =
	    g_date_time_add_days(now, 1 - g_date_time_get_day_of_week(now));

	page_set_range(self, monday, now);
	netpont_treasurer_page_reload(self);
}

static void on_month_clicked(NetpontTreasurerPage *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) first =
	    g_date_time_add_days(now, 1 - g_date_time_get_day_of_month(now));

	page_set_range(self, first, now);
	netpont_treasurer_page_reload(self);
}

static void on_show_clicked(NetpontTreasurerPage *self)
{
	netpont_treasurer_page_reload(self);
}

static void set_money(NetpontTreasurerPage *self, GtkLabel *label, gint64 amount)
{
	g_autofree char *text = netpont_client_format_money(self->client, amount);
	gtk_label_set_text(label, text);
}

static void totals_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(widget);
	Netpont__ReportTotalsReply *r;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_TOTALS_REPLY)
		return;
	r = reply->report_totals_reply;
	self->have_totals = TRUE;
	self->total_charged = r->total_charged;
	self->total_paid = r->total_paid;
	self->total_waived = r->total_waived;
	self->total_owed = r->total_owed;
	set_money(self, self->charged_label, r->total_charged);
	set_money(self, self->paid_label, r->total_paid);
	set_money(self, self->waived_label, r->total_waived);
	set_money(self, self->owed_label, r->total_owed);
	g_list_store_remove_all(self->rows);
	for (size_t i = 0; i < r->n_rows; i++) {
		g_autoptr(NetpontTotalsItem) item =
		    netpont_totals_item_new(r->rows[i], self->client);
		g_list_store_append(self->rows, item);
	}
}

static GDate *parse_day(const char *text)
{
	GDate *date = g_date_new();
	unsigned y, m, d;

	if (sscanf(text, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy(d, m, y)) {
		g_date_free(date);
		return NULL;
	}
	g_date_set_dmy(date, d, m, y);
	return date;
}

/* One bar pair per day of the range, days without takings included, so the
 * chart reads like a calendar; long ranges show only the days reported. */
static void chart_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(widget);
	Netpont__ReportTotalsReply *r;
	g_autofree char *from_text = netpont_editable_get_stripped(self->from_entry);
	g_autofree char *to_text = netpont_editable_get_stripped(self->to_entry);
	GDate *from = parse_day(from_text);
	GDate *to = parse_day(to_text);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_TOTALS_REPLY)
		goto out;
	r = reply->report_totals_reply;
	g_array_set_size(self->chart_days, 0);
	if (from != NULL && to != NULL && g_date_compare(from, to) <= 0 &&
	    g_date_days_between(from, to) < 62) {
		for (GDate day = *from; g_date_compare(&day, to) <= 0; g_date_add_days(&day, 1)) {
			char key[16];
			ChartDay entry = {NULL, 0, 0};
			g_date_strftime(key, sizeof key, "%Y-%m-%d", &day);
			for (size_t i = 0; i < r->n_rows; i++) {
				if (g_strcmp0(r->rows[i]->key, key) == 0) {
					entry.charged = r->rows[i]->charged;
					entry.paid = r->rows[i]->paid;
				}
			}
			entry.day = g_strdup(key);
			g_array_append_val(self->chart_days, entry);
		}
	} else {
		for (size_t i = 0; i < r->n_rows; i++) {
			ChartDay day = {g_strdup(r->rows[i]->key), r->rows[i]->charged,
			                r->rows[i]->paid};
			g_array_append_val(self->chart_days, day);
		}
	}
	gtk_widget_queue_draw(GTK_WIDGET(self->chart));
out:
	if (from != NULL)
		g_date_free(from);
	if (to != NULL)
		g_date_free(to);
}

static void shifts_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(widget);
	Netpont__ReportShiftsReply *r;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_SHIFTS_REPLY)
		return;
	r = reply->report_shifts_reply;
	g_list_store_remove_all(self->shifts);
	for (size_t i = 0; i < r->n_shifts; i++) {
		g_autoptr(NetpontShiftItem) item =
		    netpont_shift_item_new(r->shifts[i], self->client);
		g_list_store_append(self->shifts, item);
	}
	/* Cash taken or given back with no shift open, and the treasurer's own
	 * corrections: they belong to no cash box. */
	if (r->n_outside == 0) {
		gtk_label_set_text(self->outside_label, _("No cash was taken outside a shift."));
	} else {
		g_autofree char *money =
		    netpont_client_format_money(self->client, r->outside_total);
		g_autofree char *text = g_strdup_printf(
		    ngettext("Cash outside any shift: %s (%u entry).",
		             "Cash outside any shift: %s (%u entries).", (gulong)r->outside_count),
		    money, (unsigned)r->outside_count);
		gtk_label_set_text(self->outside_label, text);
	}
}

static void exemptions_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(widget);
	Netpont__ReportExemptionsReply *r;
	g_autoptr(GString) text = g_string_new(NULL);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_EXEMPTIONS_REPLY)
		return;
	r = reply->report_exemptions_reply;
	for (size_t i = 0; i < r->n_rows; i++) {
		g_autofree char *discounted =
		    netpont_client_format_money(self->client, r->rows[i]->discounted);
		g_autofree char *waived =
		    netpont_client_format_money(self->client, r->rows[i]->waived);
		/* TRANSLATORS: a fee category's line: category, discounts, waivers */
		g_string_append_printf(text, _("%s: discounts given %s, fees waived %s\n"),
		                       np_display_name(r->rows[i]->category_label,
		                                       r->rows[i]->category),
		                       discounted, waived);
	}
	{
		g_autofree char *discounted =
		    netpont_client_format_money(self->client, r->total_discounted);
		g_autofree char *waived =
		    netpont_client_format_money(self->client, r->total_waived);
		g_string_append_printf(text, _("Together: discounts given %s, fees waived %s"),
		                       discounted, waived);
	}
	gtk_label_set_text(self->exemptions_label, text->str);
}

static void waivers_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(widget);
	Netpont__ReportWaiversReply *r;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_WAIVERS_REPLY)
		return;
	r = reply->report_waivers_reply;
	g_list_store_remove_all(self->waivers);
	for (size_t i = 0; i < r->n_waivers; i++) {
		g_autoptr(NetpontWaiverItem) item =
		    netpont_waiver_item_new(r->waivers[i], self->client);
		g_list_store_append(self->waivers, item);
	}
}

static void help_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(widget);
	Netpont__ReportHelpReply *r;
	g_autofree char *avg = NULL;
	g_autofree char *longest = NULL;
	g_autofree char *text = NULL;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_HELP_REPLY)
		return;
	r = reply->report_help_reply;
	avg = netpont_format_duration(r->average_wait_s);
	longest = netpont_format_duration(r->longest_wait_s);
	text = g_strdup_printf(_("Help calls: %d. Answered: %d. Resolved: %d.\n"
	                         "Average wait until a mentor answered: %s (longest: %s)."),
	                       r->calls, r->answered, r->resolved, avg, longest);
	gtk_label_set_text(self->help_label, text);
}

static Netpont__ReportBy page_by(NetpontTreasurerPage *self)
{
	switch (gtk_drop_down_get_selected(self->by_dropdown)) {
	case 1:
		return NETPONT__REPORT_BY__REPORT_BY_SERVICE;
	case 2:
		return NETPONT__REPORT_BY__REPORT_BY_STAFF;
	case 3:
		return NETPONT__REPORT_BY__REPORT_BY_CATEGORY;
	default:
		return NETPONT__REPORT_BY__REPORT_BY_DAY;
	}
}

void netpont_treasurer_page_reload(NetpontTreasurerPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ReportTotals totals = NETPONT__REPORT_TOTALS__INIT;
	Netpont__ReportTotals days = NETPONT__REPORT_TOTALS__INIT;
	Netpont__ReportShifts shifts = NETPONT__REPORT_SHIFTS__INIT;
	Netpont__ReportWaivers waivers = NETPONT__REPORT_WAIVERS__INIT;
	Netpont__ReportHelp help = NETPONT__REPORT_HELP__INIT;
	Netpont__ReportExemptions exemptions = NETPONT__REPORT_EXEMPTIONS__INIT;
	g_autofree char *from = netpont_editable_get_stripped(self->from_entry);
	g_autofree char *to = netpont_editable_get_stripped(self->to_entry);

	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	totals.from = days.from = shifts.from = waivers.from = help.from = from;
	totals.to = days.to = shifts.to = waivers.to = help.to = to;
	totals.by = page_by(self);
	days.by = NETPONT__REPORT_BY__REPORT_BY_DAY;
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_TOTALS;
	env.report_totals = &totals;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, totals_done);
	env.report_totals = &days;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, chart_done);
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_SHIFTS;
	env.report_shifts = &shifts;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, shifts_done);
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_WAIVERS;
	env.report_waivers = &waivers;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, waivers_done);
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_HELP;
	env.report_help = &help;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, help_done);
	exemptions.from = from;
	exemptions.to = to;
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_EXEMPTIONS;
	env.report_exemptions = &exemptions;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, exemptions_done);
	netpont_audit_view_reload(self->audit_view);
}

void netpont_treasurer_page_clear(NetpontTreasurerPage *self)
{
	self->have_totals = FALSE;
	g_list_store_remove_all(self->rows);
	g_list_store_remove_all(self->shifts);
	g_list_store_remove_all(self->waivers);
	g_array_set_size(self->chart_days, 0);
	gtk_label_set_text(self->charged_label, "—");
	gtk_label_set_text(self->paid_label, "—");
	gtk_label_set_text(self->waived_label, "—");
	gtk_label_set_text(self->owed_label, "—");
	gtk_label_set_text(self->help_label, "");
	gtk_label_set_text(self->outside_label, "");
	gtk_label_set_text(self->exemptions_label, "");
	netpont_audit_view_clear(self->audit_view);
	gtk_widget_queue_draw(GTK_WIDGET(self->chart));
}

gboolean netpont_treasurer_page_get_totals(NetpontTreasurerPage *self, gint64 *charged,
                                           gint64 *paid, gint64 *waived, gint64 *owed)
{
	if (!self->have_totals)
		return FALSE;
	if (charged != NULL)
		*charged = self->total_charged;
	if (paid != NULL)
		*paid = self->total_paid;
	if (waived != NULL)
		*waived = self->total_waived;
	if (owed != NULL)
		*owed = self->total_owed;
	return TRUE;
}

gboolean netpont_treasurer_page_write_csv(NetpontTreasurerPage *self, const char *path,
                                          GError **error)
{
	/* The user's locale decides, as for netpontctl's --csv: a Hungarian
	 * spreadsheet gets ';', a byte-order mark and Hungarian headers; other
	 * locales the plain file scripts read. Amounts are plain integers in
	 * minor units either way. */
	np_csv_format format =
	    np_csv_format_for_locale(g_getenv("LC_ALL"), g_getenv("LC_MESSAGES"), g_getenv("LANG"));
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->rows));
	np_csv csv;

	np_csv_init(&csv, format);
	/* np_csv_by has ReportBy's numbers (netpontctl checks it). */
	np_csv_totals_header(&csv, (np_csv_by)page_by(self));
	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontTotalsItem) row =
		    g_list_model_get_item(G_LIST_MODEL(self->rows), i);
		np_csv_totals_row(&csv, row->key, row->label, row->charged, row->paid, row->waived);
	}
	np_csv_totals_end(&csv, self->total_charged, self->total_paid, self->total_waived);
	size_t len = 0;
	char *text = np_csv_finish(&csv, &len);
	if (text == NULL)
		g_error("out of memory");
	gboolean ok = g_file_set_contents(path, text, (gssize)len, error);
	free(text);
	return ok;
}

static void export_response(GtkNativeDialog *dialog, int response, gpointer data)
{
	NetpontTreasurerPage *self = data;

	if (response == GTK_RESPONSE_ACCEPT) {
		g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
		g_autofree char *path = file != NULL ? g_file_get_path(file) : NULL;
		g_autoptr(GError) error = NULL;
		if (path != NULL && netpont_treasurer_page_write_csv(self, path, &error)) {
			g_autofree char *msg = g_strdup_printf(_("Saved the report to %s."), path);
			netpont_show_message(GTK_WIDGET(self), msg);
		} else if (error != NULL) {
			netpont_show_error(GTK_WIDGET(self), error);
		}
	}
	g_object_unref(dialog);
	g_object_unref(self);
}

static void on_export_clicked(NetpontTreasurerPage *self)
{
	GtkFileChooserNative *chooser = gtk_file_chooser_native_new(
	    _("Export CSV"), GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))),
	    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
	g_autofree char *from = netpont_editable_get_stripped(self->from_entry);
	g_autofree char *to = netpont_editable_get_stripped(self->to_entry);
	g_autofree char *name = g_strdup_printf("netpont-%s-%s.csv", from, to);

	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), name);
	g_signal_connect(chooser, "response", G_CALLBACK(export_response), g_object_ref(self));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

/* Daily totals as pairs of bars: charged (blue) and paid (green). */
static void chart_draw(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
	NetpontTreasurerPage *self = data;
	guint n = self->chart_days->len;
	gint64 max = 0;
	double left = 8, bottom = 18, top = 16;
	double plot_h = height - bottom - top;
	double slot;
	GdkRGBA fg;
	PangoLayout *layout;

	/* GTK 4.8 has no gtk_widget_get_color(). */
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	gtk_style_context_get_color(gtk_widget_get_style_context(GTK_WIDGET(area)), &fg);
	G_GNUC_END_IGNORE_DEPRECATIONS
	layout = gtk_widget_create_pango_layout(GTK_WIDGET(area), NULL);
	for (guint i = 0; i < n; i++) {
		ChartDay *d = &g_array_index(self->chart_days, ChartDay, i);
		max = MAX(max, MAX(d->charged, d->paid));
	}
	if (n == 0 || max <= 0) {
		pango_layout_set_text(layout, _("No takings in this range."), -1);
		cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.6);
		cairo_move_to(cr, left, top);
		pango_cairo_show_layout(cr, layout);
		g_object_unref(layout);
		return;
	}
	slot = (width - 2 * left) / n;
	cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.3);
	cairo_rectangle(cr, left, top + plot_h, width - 2 * left, 1);
	cairo_fill(cr);
	for (guint i = 0; i < n; i++) {
		ChartDay *d = &g_array_index(self->chart_days, ChartDay, i);
		double x = left + i * slot;
		double bar = MAX(2.0, MIN(slot * 0.35, 40.0));
		double hc = plot_h * (double)d->charged / (double)max;
		double hp = plot_h * (double)d->paid / (double)max;
		cairo_set_source_rgb(cr, 0.21, 0.52, 0.89);
		cairo_rectangle(cr, x + slot / 2 - bar, top + plot_h - hc, bar, hc);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.18, 0.76, 0.49);
		cairo_rectangle(cr, x + slot / 2, top + plot_h - hp, bar, hp);
		cairo_fill(cr);
		/* The day of the month under each pair, when there is room. */
		if (slot >= 24 && d->day != NULL && strlen(d->day) >= 10) {
			int tw, th;
			pango_layout_set_text(layout, d->day + 8, -1);
			pango_layout_get_pixel_size(layout, &tw, &th);
			cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.7);
			cairo_move_to(cr, x + slot / 2 - tw / 2.0, top + plot_h + 2);
			pango_cairo_show_layout(cr, layout);
		}
	}
	{
		g_autofree char *money = netpont_client_format_money(self->client, max);
		g_autofree char *legend =
		    g_strdup_printf(_("Blue: charged, green: paid — highest day %s"), money);
		pango_layout_set_text(layout, legend, -1);
		cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.7);
		cairo_move_to(cr, left, 0);
		pango_cairo_show_layout(cr, layout);
	}
	g_object_unref(layout);
}

static gboolean refresh_cb(gpointer data)
{
	NetpontTreasurerPage *self = data;

	self->refresh_source = 0;
	netpont_treasurer_page_reload(self);
	return G_SOURCE_REMOVE;
}

static void on_ledger_changed(NetpontClient *client, Netpont__LedgerEntry *entry, gpointer data)
{
	NetpontTreasurerPage *self = data;

	/* Many entries arrive together (a session end, a payment): refresh
	 * once after they settle. */
	if (self->have_totals && self->refresh_source == 0)
		self->refresh_source = g_timeout_add(500, refresh_cb, self);
}

void netpont_treasurer_page_set_client(NetpontTreasurerPage *self, NetpontClient *client)
{
	if (self->client != NULL) {
		g_signal_handlers_disconnect_by_data(self->client, self);
		g_clear_object(&self->client);
	}
	/* The template's children are gone once the page is disposed. */
	if (self->audit_view != NULL)
		netpont_audit_view_set_client(self->audit_view, client);
	if (client == NULL)
		return;
	self->client = g_object_ref(client);
	g_signal_connect(client, "ledger-changed", G_CALLBACK(on_ledger_changed), self);
}

static void netpont_treasurer_page_dispose(GObject *object)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(object);

	g_clear_handle_id(&self->refresh_source, g_source_remove);
	netpont_treasurer_page_set_client(self, NULL);
	G_OBJECT_CLASS(netpont_treasurer_page_parent_class)->dispose(object);
}

static void netpont_treasurer_page_finalize(GObject *object)
{
	NetpontTreasurerPage *self = NETPONT_TREASURER_PAGE(object);

	g_clear_object(&self->rows);
	g_clear_object(&self->shifts);
	g_clear_object(&self->waivers);
	g_array_unref(self->chart_days);
	G_OBJECT_CLASS(netpont_treasurer_page_parent_class)->finalize(object);
}

static void netpont_treasurer_page_class_init(NetpontTreasurerPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_treasurer_page_dispose;
	object_class->finalize = netpont_treasurer_page_finalize;
	g_type_ensure(NETPONT_TYPE_AUDIT_VIEW);
	gtk_widget_class_set_template_from_resource(
	    widget_class, "/hu/netpont/console/netpont-treasurer-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, from_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, to_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, by_dropdown);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, charged_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, paid_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, waived_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, owed_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, chart);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, totals_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, shifts_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, outside_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, exemptions_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, waivers_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, help_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontTreasurerPage, audit_view);
	gtk_widget_class_bind_template_callback(widget_class, on_today_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_week_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_month_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_show_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_export_clicked);
}

static GListStore *view_store(GtkColumnView *view, GType item_type)
{
	GListStore *store = g_list_store_new(item_type);
	g_autoptr(GtkNoSelection) model = gtk_no_selection_new(G_LIST_MODEL(g_object_ref(store)));

	gtk_column_view_set_model(view, GTK_SELECTION_MODEL(model));
	return store;
}

static void netpont_treasurer_page_init(NetpontTreasurerPage *self)
{
	g_autoptr(GDateTime) now = NULL;
	g_autoptr(GDateTime) first = NULL;

	gtk_widget_init_template(GTK_WIDGET(self));
	self->chart_days = g_array_new(FALSE, TRUE, sizeof(ChartDay));
	g_array_set_clear_func(self->chart_days, chart_day_clear);
	gtk_drawing_area_set_draw_func(self->chart, chart_draw, self, NULL);

	self->rows = view_store(self->totals_view, NETPONT_TYPE_TOTALS_ITEM);
	netpont_column_view_add(self->totals_view, _("Day / service / mentor / category"), "label",
	                        TRUE);
	netpont_column_view_add(self->totals_view, _("Charged"), "charged-text", FALSE);
	netpont_column_view_add(self->totals_view, _("Paid"), "paid-text", FALSE);
	netpont_column_view_add(self->totals_view, _("Waived"), "waived-text", FALSE);

	self->shifts = view_store(self->shifts_view, NETPONT_TYPE_SHIFT_ITEM);
	netpont_column_view_add(self->shifts_view, _("Mentor"), "staff", TRUE);
	netpont_column_view_add(self->shifts_view, _("Started"), "started", FALSE);
	netpont_column_view_add(self->shifts_view, _("Ended"), "ended", FALSE);
	netpont_column_view_add(self->shifts_view, _("Float"), "cash-float", FALSE);
	netpont_column_view_add(self->shifts_view, _("Cash taken"), "cash-taken", FALSE);
	netpont_column_view_add(self->shifts_view, _("Corrections"), "corrections", FALSE);
	netpont_column_view_add(self->shifts_view, _("Expected"), "expected", FALSE);
	netpont_column_view_add(self->shifts_view, _("Counted"), "counted", FALSE);
	netpont_column_view_add(self->shifts_view, _("Difference"), "difference", FALSE);

	self->waivers = view_store(self->waivers_view, NETPONT_TYPE_WAIVER_ITEM);
	netpont_column_view_add(self->waivers_view, _("When"), "when", FALSE);
	netpont_column_view_add(self->waivers_view, _("Resident"), "resident", FALSE);
	netpont_column_view_add(self->waivers_view, _("Amount"), "amount", FALSE);
	netpont_column_view_add(self->waivers_view, _("Reason"), "reason", TRUE);
	netpont_column_view_add(self->waivers_view, _("Mentor"), "staff", FALSE);

	/* The month so far, as the treasurer most often wants. */
	now = g_date_time_new_now_local();
	first = g_date_time_add_days(now, 1 - g_date_time_get_day_of_month(now));
	page_set_range(self, first, now);
	netpont_treasurer_page_clear(self);
}
