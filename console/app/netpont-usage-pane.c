#include "netpont-usage-pane.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "common/np_csv.h"
#include "netpont-help-item.h"
#include "netpont-usage-report.h"
#include "netpont-util.h"

struct _NetpontUsagePane {
	GtkBox parent_instance;
	NetpontClient *client;
	GtkEntry *from_entry, *to_entry;
	GtkDropDown *by_dropdown;
	GtkBox *sections;
	GtkLabel *empty_label;
	NetpontUsageReport *report; /* the one shown, or NULL */
	/* The range asked last: a reply for another is stale. */
	char *asked_from, *asked_to;
};

G_DEFINE_FINAL_TYPE(NetpontUsagePane, netpont_usage_pane, GTK_TYPE_BOX)

static const Netpont__UsageBy by_values[] = {
    NETPONT__USAGE_BY__USAGE_BY_WHOLE,
    NETPONT__USAGE_BY__USAGE_BY_MONTH,
    NETPONT__USAGE_BY__USAGE_BY_QUARTER,
};

/* ------------------------------------------------------------ showing */

/* Removes every section, keeping the hint label. */
static void sections_clear(NetpontUsagePane *self)
{
	GtkWidget *child = gtk_widget_get_first_child(GTK_WIDGET(self->sections));
	while (child != NULL) {
		GtkWidget *next = gtk_widget_get_next_sibling(child);
		if (child != GTK_WIDGET(self->empty_label))
			gtk_box_remove(self->sections, child);
		child = next;
	}
	gtk_widget_set_visible(GTK_WIDGET(self->empty_label), TRUE);
}

static GtkWidget *cell_label(const char *text, gboolean numeric, gboolean header)
{
	GtkWidget *label = gtk_label_new(text);
	gtk_label_set_xalign(GTK_LABEL(label), numeric ? 1.0f : 0.0f);
	if (header) {
		gtk_label_set_wrap(GTK_LABEL(label), TRUE);
		gtk_label_set_max_width_chars(GTK_LABEL(label), 14);
		gtk_label_set_justify(GTK_LABEL(label),
		                      numeric ? GTK_JUSTIFY_RIGHT : GTK_JUSTIFY_LEFT);
		gtk_widget_add_css_class(label, "dim-label");
		gtk_widget_set_valign(label, GTK_ALIGN_END);
	}
	return label;
}

/* One section: its title and its table as a grid. The grid is named
 * "usage-<key>" (usage-ages, ...) so that tests and AT-SPI find it. */
static void show_table(NetpontUsagePane *self, const NetpontUsageTable *t)
{
	guint first = self->report->first_column;
	GtkWidget *title = gtk_label_new(t->title);
	gtk_label_set_xalign(GTK_LABEL(title), 0.0f);
	gtk_widget_add_css_class(title, "heading");
	gtk_widget_set_margin_top(title, 8);
	gtk_box_append(self->sections, title);

	GtkWidget *grid = gtk_grid_new();
	g_autofree char *name = g_strdup_printf("usage-%s", t->key);
	gtk_widget_set_name(grid, name);
	gtk_grid_set_column_spacing(GTK_GRID(grid), 24);
	gtk_grid_set_row_spacing(GTK_GRID(grid), 2);
	gtk_accessible_update_property(GTK_ACCESSIBLE(grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
	                               t->title, -1);
	for (guint c = first; c < t->n_columns; c++)
		gtk_grid_attach(GTK_GRID(grid), cell_label(t->headers[c], t->numeric[c], TRUE),
		                (int)(c - first), 0, 1, 1);
	for (guint r = 0; r < t->rows->len; r++) {
		const NetpontUsageCell *cells = g_ptr_array_index(t->rows, r);
		for (guint c = first; c < t->n_columns; c++)
			gtk_grid_attach(GTK_GRID(grid),
			                cell_label(cells[c].text, t->numeric[c], FALSE),
			                (int)(c - first), (int)r + 1, 1, 1);
	}
	if (t->rows->len == 0) {
		GtkWidget *none = gtk_label_new(_("Nothing in this range."));
		gtk_label_set_xalign(GTK_LABEL(none), 0.0f);
		gtk_widget_add_css_class(none, "dim-label");
		gtk_grid_attach(GTK_GRID(grid), none, 0, 1, (int)(t->n_columns - first), 1);
	}
	gtk_box_append(self->sections, grid);
}

static void show_report(NetpontUsagePane *self)
{
	sections_clear(self);
	gtk_widget_set_visible(GTK_WIDGET(self->empty_label), FALSE);
	g_autofree char *title = netpont_usage_report_title(self->report);
	GtkWidget *heading = gtk_label_new(title);
	gtk_widget_set_name(heading, "usage-title");
	gtk_label_set_xalign(GTK_LABEL(heading), 0.0f);
	gtk_widget_add_css_class(heading, "title-4");
	gtk_box_append(self->sections, heading);
	GtkWidget *note = gtk_label_new(netpont_usage_report_note());
	gtk_widget_set_name(note, "usage-note");
	gtk_label_set_xalign(GTK_LABEL(note), 0.0f);
	gtk_label_set_wrap(GTK_LABEL(note), TRUE);
	gtk_widget_add_css_class(note, "dim-label");
	gtk_box_append(self->sections, note);
	for (guint i = 0; i < self->report->tables->len; i++)
		show_table(self, g_ptr_array_index(self->report->tables, i));
}

static void usage_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontUsagePane *self = NETPONT_USAGE_PANE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_REPORT_USAGE_REPLY)
		return;
	g_clear_pointer(&self->report, netpont_usage_report_free);
	self->report = netpont_usage_report_new(
	    reply->report_usage_reply, self->asked_from, self->asked_to,
	    by_values[MIN(gtk_drop_down_get_selected(self->by_dropdown), 2)],
	    netpont_help_topic_label);
	show_report(self);
}

/* ------------------------------------------------------------ asking */

void netpont_usage_pane_reload(NetpontUsagePane *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ReportUsage m = NETPONT__REPORT_USAGE__INIT;

	if (self->client == NULL)
		return;
	g_free(self->asked_from);
	g_free(self->asked_to);
	self->asked_from = netpont_editable_get_stripped(self->from_entry);
	self->asked_to = netpont_editable_get_stripped(self->to_entry);
	m.from = self->asked_from;
	m.to = self->asked_to;
	m.by = by_values[MIN(gtk_drop_down_get_selected(self->by_dropdown), 2)];
	env.body_case = NETPONT__ENVELOPE__BODY_REPORT_USAGE;
	env.report_usage = &m;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, usage_done);
}

static void set_range(NetpontUsagePane *self, GDateTime *from, GDateTime *to)
{
	g_autofree char *f = g_date_time_format(from, "%Y-%m-%d");
	g_autofree char *t = g_date_time_format(to, "%Y-%m-%d");
	gtk_editable_set_text(GTK_EDITABLE(self->from_entry), f);
	gtk_editable_set_text(GTK_EDITABLE(self->to_entry), t);
}

/* The local dates of the months [first, first + months) from year/month. */
static void set_months(NetpontUsagePane *self, int year, int month, int months)
{
	g_autoptr(GDateTime) from = g_date_time_new_local(year, month, 1, 0, 0, 0);
	g_autoptr(GDateTime) next = g_date_time_add_months(from, months);
	g_autoptr(GDateTime) to = g_date_time_add_days(next, -1);
	set_range(self, from, to);
}

static void on_this_month_clicked(NetpontUsagePane *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	set_months(self, g_date_time_get_year(now), g_date_time_get_month(now), 1);
	netpont_usage_pane_reload(self);
}

static void on_last_quarter_clicked(NetpontUsagePane *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	int year = g_date_time_get_year(now);
	int quarter = (g_date_time_get_month(now) - 1) / 3; /* 0..3, this one */
	if (quarter == 0) {
		quarter = 4;
		year--;
	}
	set_months(self, year, (quarter - 1) * 3 + 1, 3);
	netpont_usage_pane_reload(self);
}

static void on_this_year_clicked(NetpontUsagePane *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	set_months(self, g_date_time_get_year(now), 1, 12);
	netpont_usage_pane_reload(self);
}

static void on_show_clicked(NetpontUsagePane *self)
{
	netpont_usage_pane_reload(self);
}

void netpont_usage_pane_show_range(NetpontUsagePane *self, const char *from, const char *to,
                                   guint by)
{
	gtk_editable_set_text(GTK_EDITABLE(self->from_entry), from);
	gtk_editable_set_text(GTK_EDITABLE(self->to_entry), to);
	/* Changing the grouping asks by itself; ask once either way. */
	if (gtk_drop_down_get_selected(self->by_dropdown) != by)
		gtk_drop_down_set_selected(self->by_dropdown, by);
	else
		netpont_usage_pane_reload(self);
}

gboolean netpont_usage_pane_has_report(NetpontUsagePane *self)
{
	return self->report != NULL;
}

void netpont_usage_pane_clear(NetpontUsagePane *self)
{
	g_clear_pointer(&self->report, netpont_usage_report_free);
	sections_clear(self);
}

void netpont_usage_pane_set_client(NetpontUsagePane *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
}

/* ------------------------------------------------------------ exports */

gboolean netpont_usage_pane_write_csv(NetpontUsagePane *self, const char *path, GError **error)
{
	if (self->report == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		                    _("Show a report first, then export it."));
		return FALSE;
	}
	/* The user's locale decides, as for netpontctl's --csv. */
	np_csv_format format =
	    np_csv_format_for_locale(g_getenv("LC_ALL"), g_getenv("LC_MESSAGES"), g_getenv("LANG"));
	gsize len = 0;
	g_autofree char *text = netpont_usage_report_csv(self->report, format, &len);
	if (text == NULL)
		g_error("out of memory");
	return g_file_set_contents(path, text, (gssize)len, error);
}

gboolean netpont_usage_pane_write_pdf(NetpontUsagePane *self, const char *path, GError **error)
{
	if (self->report == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		                    _("Show a report first, then export it."));
		return FALSE;
	}
	g_autofree char *why = NULL;
	if (!netpont_usage_report_pdf(self->report, path, &why)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, why);
		return FALSE;
	}
	return TRUE;
}

static void export_response(GtkNativeDialog *dialog, int response, gpointer data)
{
	NetpontUsagePane *self = data;
	gboolean pdf = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "netpont-pdf"));

	if (response == GTK_RESPONSE_ACCEPT) {
		g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
		g_autofree char *path = file != NULL ? g_file_get_path(file) : NULL;
		g_autoptr(GError) error = NULL;
		if (path != NULL && (pdf ? netpont_usage_pane_write_pdf(self, path, &error)
		                         : netpont_usage_pane_write_csv(self, path, &error))) {
			g_autofree char *msg = g_strdup_printf(_("Saved the report to %s."), path);
			netpont_show_message(GTK_WIDGET(self), msg);
		} else if (error != NULL) {
			netpont_show_error(GTK_WIDGET(self), error);
		}
	}
	g_object_unref(dialog);
	g_object_unref(self);
}

static void export(NetpontUsagePane *self, gboolean pdf)
{
	if (self->report == NULL) {
		netpont_show_message(GTK_WIDGET(self), _("Show a report first, then export it."));
		return;
	}
	GtkFileChooserNative *chooser =
	    gtk_file_chooser_native_new(pdf ? _("Export PDF") : _("Export CSV"),
	                                GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))),
	                                GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
	g_autofree char *name = g_strdup_printf("netpont-usage-%s-%s.%s", self->report->from,
	                                        self->report->to, pdf ? "pdf" : "csv");
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), name);
	g_object_set_data(G_OBJECT(chooser), "netpont-pdf", GINT_TO_POINTER(pdf));
	g_signal_connect(chooser, "response", G_CALLBACK(export_response), g_object_ref(self));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

static void on_export_csv_clicked(NetpontUsagePane *self)
{
	export(self, FALSE);
}

static void on_export_pdf_clicked(NetpontUsagePane *self)
{
	export(self, TRUE);
}

/* ------------------------------------------------------------ class */

static void netpont_usage_pane_dispose(GObject *object)
{
	NetpontUsagePane *self = NETPONT_USAGE_PANE(object);

	g_clear_object(&self->client);
	G_OBJECT_CLASS(netpont_usage_pane_parent_class)->dispose(object);
}

static void netpont_usage_pane_finalize(GObject *object)
{
	NetpontUsagePane *self = NETPONT_USAGE_PANE(object);

	g_clear_pointer(&self->report, netpont_usage_report_free);
	g_free(self->asked_from);
	g_free(self->asked_to);
	G_OBJECT_CLASS(netpont_usage_pane_parent_class)->finalize(object);
}

static void netpont_usage_pane_class_init(NetpontUsagePaneClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_usage_pane_dispose;
	object_class->finalize = netpont_usage_pane_finalize;
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-usage-pane.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontUsagePane, from_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontUsagePane, to_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontUsagePane, by_dropdown);
	gtk_widget_class_bind_template_child(widget_class, NetpontUsagePane, sections);
	gtk_widget_class_bind_template_child(widget_class, NetpontUsagePane, empty_label);
	gtk_widget_class_bind_template_callback(widget_class, on_this_month_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_last_quarter_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_this_year_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_show_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_export_csv_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_export_pdf_clicked);
}

static void netpont_usage_pane_init(NetpontUsagePane *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	set_months(self, g_date_time_get_year(now), g_date_time_get_month(now), 1);
}
