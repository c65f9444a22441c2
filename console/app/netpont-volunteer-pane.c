#include "netpont-volunteer-pane.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_csv.h"
#include "netpont-item.h"
#include "netpont-util.h"
#include "volunteer-sheet.h"

/* One period of the sheet. */
G_DECLARE_FINAL_TYPE(NetpontVolunteerItem, netpont_volunteer_item, NETPONT, VOLUNTEER_ITEM, GObject)

struct _NetpontVolunteerItem {
	GObject parent_instance;
	gint64 id;
	char *day;
	char *from;
	char *to;
	char *activity;
	char *hours;
	char *note;
	char *source;
};

NETPONT_DEFINE_ITEM(NetpontVolunteerItem, netpont_volunteer_item, NETPONT_ITEM_TEXT(day),
                    NETPONT_ITEM_TEXT(from), NETPONT_ITEM_TEXT(to), NETPONT_ITEM_TEXT(activity),
                    NETPONT_ITEM_TEXT(hours), NETPONT_ITEM_TEXT(note), NETPONT_ITEM_TEXT(source))

struct _NetpontVolunteerPane {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *periods;
	GtkSingleSelection *selection;
	GtkColumnView *period_view;
	GtkDropDown *staff_drop;
	GtkStringList *staff_names;
	GtkEntry *month_entry;
	GtkLabel *totals_label;
	GtkEntry *add_date, *add_from, *add_to, *add_note;
	GtkDropDown *add_activity;
	/* The people the drop-down offers: login names, and what the sheet
	 * calls them ("Dóra (dora)"), in the drop-down's order. */
	GPtrArray *logins, *people;
	/* The file an export writes once the sheet is asked anew. */
	char *export_path;
	gboolean export_pdf;
};

G_DEFINE_FINAL_TYPE(NetpontVolunteerPane, netpont_volunteer_pane, GTK_TYPE_BOX)

/* The login chosen in the drop-down, or NULL when there is none. */
static const char *chosen_login(NetpontVolunteerPane *self)
{
	guint i = gtk_drop_down_get_selected(self->staff_drop);
	return i < self->logins->len ? g_ptr_array_index(self->logins, i) : NULL;
}

static const char *chosen_person(NetpontVolunteerPane *self)
{
	guint i = gtk_drop_down_get_selected(self->staff_drop);
	return i < self->people->len ? g_ptr_array_index(self->people, i) : "";
}

/* "2026-12" of the server's clock now. */
static char *this_month(NetpontVolunteerPane *self)
{
	g_autoptr(GDateTime) now =
	    g_date_time_new_from_unix_local(netpont_client_get_server_time(self->client));
	return g_date_time_format(now, "%Y-%m");
}

static void show_sheet(NetpontVolunteerPane *self, const Netpont__VolunteerListReply *r)
{
	g_list_store_remove_all(self->periods);
	for (size_t i = 0; i < r->n_periods; i++) {
		const Netpont__VolunteerPeriod *p = r->periods[i];
		g_autoptr(NetpontVolunteerItem) item =
		    g_object_new(netpont_volunteer_item_get_type(), NULL);
		g_autoptr(GDateTime) start = g_date_time_new_from_unix_local(p->started_at);
		item->id = p->id;
		item->day = g_date_time_format(start, "%Y-%m-%d");
		item->from = netpont_format_clock(p->started_at);
		item->to = p->ended_at != 0 ? netpont_format_clock(p->ended_at) : g_strdup("");
		item->activity = g_strdup(volunteer_activity_label(p->activity));
		item->hours = p->ended_at != 0 ? volunteer_hours_text(volunteer_period_seconds(p))
		                               : g_strdup(_("on duty"));
		item->note = g_strdup(p->note);
		item->source = g_strdup(strcmp(p->source, "shift") == 0   ? _("cash shift")
		                        : strcmp(p->source, "admin") == 0 ? _("recorded afterwards")
		                                                          : _("clocked in"));
		g_list_store_append(self->periods, item);
	}
	/* "Desk duty 2:15 · Tutoring 3:30 · Total 5:45": the activities with
	 * hours, then all. */
	g_autoptr(GString) totals = g_string_new(NULL);
	for (size_t i = 0; i < r->n_by_activity; i++) {
		if (r->by_activity[i]->seconds == 0)
			continue;
		g_autofree char *hours = volunteer_hours_text(r->by_activity[i]->seconds);
		g_string_append_printf(totals, "%s %s · ",
		                       volunteer_activity_label(r->by_activity[i]->activity),
		                       hours);
	}
	g_autofree char *total = volunteer_hours_text(r->total_seconds);
	/* TRANSLATORS: the last of the sheet's totals: "Total 5:45 hours" */
	g_string_append_printf(totals, _("Total %s hours"), total);
	gtk_label_set_text(self->totals_label, totals->str);
}

static void write_export(NetpontVolunteerPane *self, const Netpont__VolunteerListReply *r)
{
	g_autofree char *path = g_steal_pointer(&self->export_path);
	g_autoptr(GError) error = NULL;
	g_autofree char *pdf_error = NULL;
	gboolean ok;

	if (self->export_pdf) {
		ok = volunteer_sheet_pdf(r, chosen_person(self), path, &pdf_error);
	} else {
		size_t len;
		np_csv_format format = np_csv_format_for_locale(
		    g_getenv("LC_ALL"), g_getenv("LC_MESSAGES"), g_getenv("LANG"));
		g_autofree char *text = volunteer_sheet_csv(r, format, &len);
		ok = g_file_set_contents(path, text, (gssize)len, &error);
	}
	if (ok) {
		g_autofree char *message = g_strdup_printf(_("The sheet is saved to %s."), path);
		netpont_show_message(GTK_WIDGET(self), message);
	} else if (error != NULL) {
		netpont_show_error(GTK_WIDGET(self), error);
	} else {
		netpont_show_message(GTK_WIDGET(self), pdf_error);
	}
}

static void sheet_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontVolunteerPane *self = NETPONT_VOLUNTEER_PANE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_VOLUNTEER_LIST_REPLY)
		return;
	show_sheet(self, reply->volunteer_list_reply);
	if (self->export_path != NULL)
		write_export(self, reply->volunteer_list_reply);
}

/* Asks for the chosen volunteer's sheet of the month in the entry. */
static void ask_sheet(NetpontVolunteerPane *self)
{
	Netpont__VolunteerList list = NETPONT__VOLUNTEER_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *month = netpont_editable_get_stripped(self->month_entry);

	if (self->client == NULL || chosen_login(self) == NULL)
		return;
	list.staff = (char *)chosen_login(self);
	list.month = month;
	env.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_LIST;
	env.volunteer_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, sheet_done);
}

static void on_filter_changed(NetpontVolunteerPane *self)
{
	ask_sheet(self);
}

static void staff_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontVolunteerPane *self = NETPONT_VOLUNTEER_PANE(widget);
	const Netpont__StaffListReply *r;
	g_autofree char *keep = NULL;
	guint selected = 0;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_STAFF_LIST_REPLY)
		return;
	r = reply->staff_list_reply;
	keep = g_strdup(chosen_login(self));
	g_ptr_array_set_size(self->logins, 0);
	g_ptr_array_set_size(self->people, 0);
	g_autoptr(GPtrArray) shown = g_ptr_array_new();
	for (size_t i = 0; i < r->n_staff; i++) {
		const Netpont__StaffMember *m = r->staff[i];
		char *person = m->display_name != NULL && *m->display_name &&
		                       strcmp(m->display_name, m->name) != 0
		                   ? g_strdup_printf("%s (%s)", m->display_name, m->name)
		                   : g_strdup(m->name);
		if (g_strcmp0(m->name, keep) == 0)
			selected = self->logins->len;
		g_ptr_array_add(self->logins, g_strdup(m->name));
		g_ptr_array_add(self->people, person);
		g_ptr_array_add(shown, person);
	}
	g_ptr_array_add(shown, NULL);
	g_signal_handlers_block_by_func(self->staff_drop, on_filter_changed, self);
	gtk_string_list_splice(self->staff_names, 0,
	                       g_list_model_get_n_items(G_LIST_MODEL(self->staff_names)),
	                       (const char *const *)shown->pdata);
	gtk_drop_down_set_selected(self->staff_drop, selected);
	g_signal_handlers_unblock_by_func(self->staff_drop, on_filter_changed, self);
	ask_sheet(self);
}

void netpont_volunteer_pane_reload(NetpontVolunteerPane *self)
{
	Netpont__StaffList staff = NETPONT__STAFF_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->client == NULL)
		return;
	if (gtk_entry_get_text_length(self->month_entry) == 0) {
		g_autofree char *month = this_month(self);
		gtk_editable_set_text(GTK_EDITABLE(self->month_entry), month);
	}
	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_LIST;
	env.staff_list = &staff;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, staff_done);
}

void netpont_volunteer_pane_clear(NetpontVolunteerPane *self)
{
	g_list_store_remove_all(self->periods);
	gtk_label_set_text(self->totals_label, "");
	gtk_editable_set_text(GTK_EDITABLE(self->month_entry), "");
}

void netpont_volunteer_pane_export(NetpontVolunteerPane *self, const char *path, gboolean pdf)
{
	g_free(self->export_path);
	self->export_path = g_strdup(path);
	self->export_pdf = pdf;
	ask_sheet(self);
}

/* ------------------------------------------------------------ changes */

static void changed_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	(void)reply;
	ask_sheet(NETPONT_VOLUNTEER_PANE(widget));
}

/* An entry is recorded: its times and note are done with (the date stays,
 * for the next entry of the same day). */
static void add_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontVolunteerPane *self = NETPONT_VOLUNTEER_PANE(widget);

	gtk_editable_set_text(GTK_EDITABLE(self->add_from), "");
	gtk_editable_set_text(GTK_EDITABLE(self->add_to), "");
	gtk_editable_set_text(GTK_EDITABLE(self->add_note), "");
	changed_done(widget, reply);
}

static void on_add_clicked(NetpontVolunteerPane *self)
{
	Netpont__VolunteerAdd add = NETPONT__VOLUNTEER_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *date = netpont_editable_get_stripped(self->add_date);
	g_autofree char *from = netpont_editable_get_stripped(self->add_from);
	g_autofree char *to = netpont_editable_get_stripped(self->add_to);
	g_autofree char *note = netpont_editable_get_stripped(self->add_note);
	guint activity = gtk_drop_down_get_selected(self->add_activity);

	if (self->client == NULL || chosen_login(self) == NULL)
		return;
	add.staff = (char *)chosen_login(self);
	add.date = date;
	add.from = from;
	add.to = to;
	add.activity =
	    (char *)volunteer_activity_keys[activity < VOLUNTEER_ACTIVITY_COUNT ? activity : 0];
	add.note = note;
	env.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_ADD;
	env.volunteer_add = &add;
	/* TRANSLATORS: "Recorded for Dóra (dora): 2026-12-01 14:00–17:30." */
	g_autofree char *message =
	    g_strdup_printf(_("Recorded for %s: %s %s–%s."), chosen_person(self), date, from, to);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, add_done);
}

static void remove_response(AdwMessageDialog *dialog, const char *response,
                            NetpontVolunteerPane *self)
{
	gint64 id = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(dialog), "netpont-period"));
	Netpont__VolunteerRemove remove = NETPONT__VOLUNTEER_REMOVE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (g_strcmp0(response, "remove") != 0 || self->client == NULL)
		return;
	remove.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_REMOVE;
	env.volunteer_remove = &remove;
	netpont_request(self->client, GTK_WIDGET(self), &env,
	                _("The entry is removed; it stays on record as removed."), changed_done);
}

/* A wrong period is removed, never deleted: the confirmation names whose
 * and which, so the right one goes. */
static void on_remove_clicked(NetpontVolunteerPane *self)
{
	NetpontVolunteerItem *item = gtk_single_selection_get_selected_item(self->selection);
	AdwMessageDialog *dialog;
	g_autofree char *body = NULL;

	if (item == NULL) {
		netpont_show_message(GTK_WIDGET(self), _("Select the entry to remove first."));
		return;
	}
	/* TRANSLATORS: "Dóra (dora): Tutoring on 2026-12-01, 14:00–17:30 (3:30 hours). ..." */
	body = g_strdup_printf(_("%s: %s on %s, %s–%s (%s hours). The entry stays on record as "
	                         "removed and no longer counts."),
	                       chosen_person(self), item->activity, item->day, item->from, item->to,
	                       item->hours);
	dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), _("Remove this entry?"), body));
	gtk_widget_set_name(GTK_WIDGET(dialog), "volunteer-remove-confirm");
	adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "remove", _("_Remove"),
	                                 NULL);
	adw_message_dialog_set_response_appearance(dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_object_set_data(G_OBJECT(dialog), "netpont-period", GSIZE_TO_POINTER((gsize)item->id));
	g_signal_connect_object(dialog, "response", G_CALLBACK(remove_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

/* ------------------------------------------------------------ export */

static void export_response(GtkNativeDialog *dialog, int response, NetpontVolunteerPane *self)
{
	if (response == GTK_RESPONSE_ACCEPT) {
		g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
		g_autofree char *path = file != NULL ? g_file_get_path(file) : NULL;
		if (path != NULL)
			netpont_volunteer_pane_export(
			    self, path,
			    GPOINTER_TO_INT(g_object_get_data(G_OBJECT(dialog), "netpont-pdf")));
	}
	g_object_unref(dialog);
	g_object_unref(self);
}

static void choose_file(NetpontVolunteerPane *self, gboolean pdf)
{
	GtkFileChooserNative *chooser;
	g_autofree char *month = netpont_editable_get_stripped(self->month_entry);

	if (chosen_login(self) == NULL)
		return;
	chooser = gtk_file_chooser_native_new(
	    pdf ? _("Save the sheet as PDF") : _("Save the sheet as CSV"),
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), GTK_FILE_CHOOSER_ACTION_SAVE,
	    _("_Save"), _("_Cancel"));
	/* TRANSLATORS: the file name of an exported sheet: login, month, extension */
	g_autofree char *name = g_strdup_printf(_("volunteer-hours-%s-%s.%s"), chosen_login(self),
	                                        month, pdf ? "pdf" : "csv");
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), name);
	g_object_set_data(G_OBJECT(chooser), "netpont-pdf", GINT_TO_POINTER(pdf));
	g_signal_connect(chooser, "response", G_CALLBACK(export_response), g_object_ref(self));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

static void on_export_csv_clicked(NetpontVolunteerPane *self)
{
	choose_file(self, FALSE);
}

static void on_export_pdf_clicked(NetpontVolunteerPane *self)
{
	choose_file(self, TRUE);
}

/* ------------------------------------------------------------ set-up */

/* Another console or netpontctl changed a period: the sheet follows. */
static void on_volunteer_changed(NetpontClient *client, const Netpont__VolunteerPeriod *p,
                                 NetpontVolunteerPane *self)
{
	(void)client;
	if (g_strcmp0(p->staff, chosen_login(self)) == 0)
		ask_sheet(self);
}

void netpont_volunteer_pane_set_client(NetpontVolunteerPane *self, NetpontClient *client)
{
	if (self->client != NULL)
		g_signal_handlers_disconnect_by_data(self->client, self);
	g_set_object(&self->client, client);
	if (client != NULL)
		g_signal_connect(client, "volunteer-changed", G_CALLBACK(on_volunteer_changed),
		                 self);
}

static void netpont_volunteer_pane_dispose(GObject *object)
{
	netpont_volunteer_pane_set_client(NETPONT_VOLUNTEER_PANE(object), NULL);
	G_OBJECT_CLASS(netpont_volunteer_pane_parent_class)->dispose(object);
}

static void netpont_volunteer_pane_finalize(GObject *object)
{
	NetpontVolunteerPane *self = NETPONT_VOLUNTEER_PANE(object);

	g_clear_object(&self->periods);
	g_ptr_array_unref(self->logins);
	g_ptr_array_unref(self->people);
	g_free(self->export_path);
	G_OBJECT_CLASS(netpont_volunteer_pane_parent_class)->finalize(object);
}

static void netpont_volunteer_pane_class_init(NetpontVolunteerPaneClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_volunteer_pane_dispose;
	object_class->finalize = netpont_volunteer_pane_finalize;
	gtk_widget_class_set_template_from_resource(
	    widget_class, "/hu/netpont/console/netpont-volunteer-pane.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, period_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, staff_drop);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, staff_names);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, month_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, totals_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, add_date);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, add_from);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, add_to);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, add_note);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerPane, add_activity);
	gtk_widget_class_bind_template_callback(widget_class, on_filter_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_add_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_remove_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_export_csv_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_export_pdf_clicked);
}

static void netpont_volunteer_pane_init(NetpontVolunteerPane *self)
{
	self->logins = g_ptr_array_new_with_free_func(g_free);
	self->people = g_ptr_array_new_with_free_func(g_free);
	gtk_widget_init_template(GTK_WIDGET(self));
	self->periods = g_list_store_new(netpont_volunteer_item_get_type());
	self->selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->periods)));
	gtk_single_selection_set_autoselect(self->selection, FALSE);
	gtk_single_selection_set_can_unselect(self->selection, TRUE);
	gtk_column_view_set_model(self->period_view, GTK_SELECTION_MODEL(self->selection));
	g_object_unref(self->selection); /* the view holds it */
	netpont_column_view_add(self->period_view, _("Date"), "day", FALSE);
	netpont_column_view_add(self->period_view, _("From"), "from", FALSE);
	netpont_column_view_add(self->period_view, _("To"), "to", FALSE);
	netpont_column_view_add(self->period_view, _("Activity"), "activity", FALSE);
	netpont_column_view_add(self->period_view, _("Hours"), "hours", FALSE);
	netpont_column_view_add(self->period_view, _("How"), "source", FALSE);
	netpont_column_view_add(self->period_view, _("Note"), "note", TRUE);
}
