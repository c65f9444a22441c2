#include "netpont-resident-history.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "netpont-help-item.h"
#include "netpont-util.h"

struct _NetpontResidentHistory {
	GtkBox parent_instance;
	NetpontClient *client;
	char *login; /* the resident shown, or NULL */
	GtkWidget *status;
	GtkListBox *list;
	GtkWidget *note_entry;
	GtkWidget *add_button;
};

G_DEFINE_FINAL_TYPE(NetpontResidentHistory, netpont_resident_history, GTK_TYPE_BOX)

/* Mentors and administrators read and write a resident's progress. */
static gboolean history_may_read(NetpontResidentHistory *self)
{
	Netpont__StaffRole role;

	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return FALSE;
	role = netpont_client_get_role(self->client);
	return role == NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR ||
	       role == NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN;
}

static void history_clear(NetpontResidentHistory *self)
{
	GtkWidget *row;

	/* GTK 4.8 has no gtk_list_box_remove_all(). */
	while ((row = gtk_widget_get_first_child(GTK_WIDGET(self->list))) != NULL)
		gtk_list_box_remove(self->list, row);
	gtk_widget_set_visible(GTK_WIDGET(self->list), FALSE);
}

static void history_update_status(NetpontResidentHistory *self, gboolean empty)
{
	const char *text = self->login == NULL
	                       ? _("Select a resident to see what mentors helped them with.")
	                   : empty ? _("Nothing is written yet about this resident's progress.")
	                           : NULL;

	gtk_label_set_text(GTK_LABEL(self->status), text != NULL ? text : "");
	gtk_widget_set_visible(self->status, text != NULL);
	gtk_widget_set_sensitive(self->note_entry, self->login != NULL);
	gtk_widget_set_sensitive(self->add_button, self->login != NULL);
}

/* "2026-12-02 14:05" in local time. */
static char *history_time(gint64 at)
{
	g_autoptr(GDateTime) t = g_date_time_new_from_unix_local(at);

	return t != NULL ? g_date_time_format(t, "%Y-%m-%d %H:%M") : g_strdup("");
}

static GtkWidget *history_row(const Netpont__ProgressEntry *e)
{
	GtkWidget *row = adw_action_row_new();
	g_autofree char *at = history_time(e->at);
	g_autofree char *title = NULL;
	g_autofree char *subtitle = NULL;
	const char *who = e->staff_display_name != NULL && *e->staff_display_name
	                      ? e->staff_display_name
	                      : _("unknown");

	if (g_strcmp0(e->kind, "note") == 0) {
		title = g_strdup(e->text);
		/* TRANSLATORS: when · who wrote it, e.g. "2026-12-02 14:05 · Dóra · note" */
		subtitle = g_strdup_printf(_("%s · %s · note"), at, who);
	} else {
		const char *topic = netpont_help_topic_label(e->topic);
		title = e->outcome != NULL && *e->outcome
		            ? g_strdup_printf(_("%s: %s"), topic, e->outcome)
		            : g_strdup(topic);
		/* TRANSLATORS: when · the mentor · the PC, e.g. "2026-12-02 14:05 · Dóra ·
		 * help call at PC-01" */
		subtitle = g_strdup_printf(_("%s · %s · help call at %s"), at, who,
		                           e->seat != NULL ? e->seat : "");
		if (e->text != NULL && *e->text)
			gtk_widget_set_tooltip_text(row, e->text);
	}
	gtk_widget_set_name(row, "resident-history-line");
	adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(row), FALSE);
	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
	adw_action_row_set_subtitle(ADW_ACTION_ROW(row), subtitle);
	adw_action_row_set_title_lines(ADW_ACTION_ROW(row), 3);
	return row;
}

static void history_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentHistory *self = NETPONT_RESIDENT_HISTORY(widget);
	const Netpont__ResidentHistoryReply *h = reply->resident_history_reply;

	/* A reply for a resident no longer shown is dropped. */
	if (h == NULL || self->login == NULL || g_strcmp0(h->login, self->login) != 0)
		return;
	history_clear(self);
	for (size_t i = 0; i < h->n_entries; i++)
		gtk_list_box_append(self->list, history_row(h->entries[i]));
	gtk_widget_set_visible(GTK_WIDGET(self->list), h->n_entries > 0);
	history_update_status(self, h->n_entries == 0);
}

static void history_load(NetpontResidentHistory *self)
{
	Netpont__ResidentHistory m = NETPONT__RESIDENT_HISTORY__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->login == NULL)
		return;
	m.login = self->login;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_HISTORY;
	env.resident_history = &m;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, history_done);
}

void netpont_resident_history_set_login(NetpontResidentHistory *self, const char *login)
{
	g_return_if_fail(NETPONT_IS_RESIDENT_HISTORY(self));
	gboolean may = history_may_read(self);

	gtk_widget_set_visible(GTK_WIDGET(self), may);
	g_free(self->login);
	self->login = may && login != NULL && *login ? g_strdup(login) : NULL;
	history_clear(self);
	history_update_status(self, TRUE);
	history_load(self);
}

/* A call of the shown resident resolved anywhere (another console,
 * netpontctl) is read again. */
static void on_help_changed(NetpontClient *client, Netpont__HelpCall *call,
                            NetpontResidentHistory *self)
{
	(void)client;
	if (self->login != NULL && call != NULL &&
	    call->state == NETPONT__HELP_STATE__HELP_STATE_RESOLVED &&
	    g_strcmp0(call->resident_login, self->login) == 0)
		history_load(self);
}

void netpont_resident_history_set_client(NetpontResidentHistory *self, NetpontClient *client)
{
	g_return_if_fail(NETPONT_IS_RESIDENT_HISTORY(self));
	if (self->client != NULL)
		g_signal_handlers_disconnect_by_data(self->client, self);
	g_set_object(&self->client, client);
	if (client != NULL)
		g_signal_connect(client, "help-changed", G_CALLBACK(on_help_changed), self);
}

static void note_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentHistory *self = NETPONT_RESIDENT_HISTORY(widget);

	(void)reply;
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	history_load(self);
}

static void on_add_note(NetpontResidentHistory *self)
{
	g_autofree char *text = netpont_editable_get_stripped(self->note_entry);
	Netpont__ResidentNoteAdd m = NETPONT__RESIDENT_NOTE_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->login == NULL || *text == '\0')
		return;
	m.login = self->login;
	m.text = text;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_ADD;
	env.resident_note_add = &m;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("The note is written."), note_done);
}

guint netpont_resident_history_get_n_lines(NetpontResidentHistory *self)
{
	guint n = 0;

	while (gtk_list_box_get_row_at_index(self->list, (int)n) != NULL)
		n++;
	return n;
}

const char *netpont_resident_history_get_line(NetpontResidentHistory *self, guint i,
                                              const char **subtitle)
{
	GtkListBoxRow *row = gtk_list_box_get_row_at_index(self->list, (int)i);

	if (row == NULL)
		return NULL;
	if (subtitle != NULL)
		*subtitle = adw_action_row_get_subtitle(ADW_ACTION_ROW(row));
	return adw_preferences_row_get_title(ADW_PREFERENCES_ROW(row));
}

static void netpont_resident_history_dispose(GObject *object)
{
	NetpontResidentHistory *self = NETPONT_RESIDENT_HISTORY(object);

	netpont_resident_history_set_client(self, NULL);
	g_clear_pointer(&self->login, g_free);
	G_OBJECT_CLASS(netpont_resident_history_parent_class)->dispose(object);
}

static void netpont_resident_history_class_init(NetpontResidentHistoryClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = netpont_resident_history_dispose;
}

static void netpont_resident_history_init(NetpontResidentHistory *self)
{
	GtkWidget *heading = gtk_label_new(_("Progress"));
	GtkWidget *hint = gtk_label_new(
	    _("What mentors helped with, and their notes, so the next mentor knows where the "
	      "resident is. Staff only: never shown on the PC."));
	GtkWidget *add_box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);

	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_box_set_spacing(GTK_BOX(self), 6);
	gtk_widget_set_name(GTK_WIDGET(self), "resident-history");
	gtk_label_set_xalign(GTK_LABEL(heading), 0);
	gtk_widget_add_css_class(heading, "heading");
	gtk_box_append(GTK_BOX(self), heading);
	gtk_label_set_xalign(GTK_LABEL(hint), 0);
	gtk_label_set_wrap(GTK_LABEL(hint), TRUE);
	gtk_widget_add_css_class(hint, "dim-label");
	gtk_box_append(GTK_BOX(self), hint);

	self->status = gtk_label_new(NULL);
	gtk_widget_set_name(self->status, "resident-history-status");
	gtk_label_set_xalign(GTK_LABEL(self->status), 0);
	gtk_label_set_wrap(GTK_LABEL(self->status), TRUE);
	gtk_box_append(GTK_BOX(self), self->status);

	self->list = GTK_LIST_BOX(gtk_list_box_new());
	gtk_widget_set_name(GTK_WIDGET(self->list), "resident-history-list");
	gtk_list_box_set_selection_mode(self->list, GTK_SELECTION_NONE);
	gtk_widget_add_css_class(GTK_WIDGET(self->list), "boxed-list");
	gtk_box_append(GTK_BOX(self), GTK_WIDGET(self->list));

	self->note_entry = gtk_entry_new();
	gtk_widget_set_name(self->note_entry, "resident-history-note");
	gtk_widget_set_hexpand(self->note_entry, TRUE);
	gtk_entry_set_max_length(GTK_ENTRY(self->note_entry), 1000);
	gtk_entry_set_placeholder_text(GTK_ENTRY(self->note_entry),
	                               _("A note for the next mentor"));
	gtk_accessible_update_property(GTK_ACCESSIBLE(self->note_entry),
	                               GTK_ACCESSIBLE_PROPERTY_LABEL,
	                               _("A note for the next mentor"), -1);
	g_signal_connect_swapped(self->note_entry, "activate", G_CALLBACK(on_add_note), self);
	gtk_box_append(GTK_BOX(add_box), self->note_entry);
	self->add_button = gtk_button_new_with_label(_("Add a note"));
	gtk_widget_set_name(self->add_button, "resident-history-add");
	g_signal_connect_swapped(self->add_button, "clicked", G_CALLBACK(on_add_note), self);
	gtk_box_append(GTK_BOX(add_box), self->add_button);
	gtk_box_append(GTK_BOX(self), add_box);
	history_clear(self);
	history_update_status(self, TRUE);
}
