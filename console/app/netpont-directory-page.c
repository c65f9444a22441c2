#include "netpont-directory-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "directory-labels.h"
#include "netpont-util.h"

struct _NetpontDirectoryPage {
	GtkBox parent_instance;
	NetpontClient *client;
	/* The entries the list shows, copies of the reply's, in its order. */
	GPtrArray *entries;
	/* The entry the form changes; 0: the form makes a new one. */
	gint64 editing;
	guint generation; /* of the list asked for last: older replies are dropped */

	GtkSearchEntry *search_entry;
	GtkDropDown *filter_drop;
	GtkStringList *filter_names;
	GtkLabel *count_label;
	GtkListBox *list_box;
	GtkLabel *form_title;
	GtkDropDown *category_drop;
	GtkStringList *category_names;
	GtkEntry *title_entry, *hours_entry, *address_entry, *phone_entry, *email_entry, *web_entry,
	    *until_entry;
	GtkTextView *body_view;
	GtkWidget *remove_button, *save_button;
};

G_DEFINE_FINAL_TYPE(NetpontDirectoryPage, netpont_directory_page, GTK_TYPE_BOX)

static void entry_free(gpointer e)
{
	netpont__directory_entry__free_unpacked(e, NULL);
}

/* A copy of e that outlives its reply. */
static Netpont__DirectoryEntry *entry_copy(const Netpont__DirectoryEntry *e)
{
	size_t len = netpont__directory_entry__get_packed_size(e);
	g_autofree guint8 *buf = g_malloc(len ? len : 1);
	netpont__directory_entry__pack(e, buf);
	return netpont__directory_entry__unpack(NULL, len, buf);
}

static const Netpont__DirectoryEntry *entry_by_id(NetpontDirectoryPage *self, gint64 id)
{
	for (guint i = 0; i < self->entries->len; i++) {
		const Netpont__DirectoryEntry *e = g_ptr_array_index(self->entries, i);
		if (e->id == id)
			return e;
	}
	return NULL;
}

/* ------------------------------------------------------------ the form */

static void form_update(NetpontDirectoryPage *self)
{
	const Netpont__DirectoryEntry *e = entry_by_id(self, self->editing);
	if (e != NULL) {
		/* TRANSLATORS: the form's heading while it changes an entry. */
		g_autofree char *heading = g_strdup_printf(_("Change “%s”"), e->title);
		gtk_label_set_text(self->form_title, heading);
	} else {
		gtk_label_set_text(self->form_title, _("New entry"));
	}
	gtk_button_set_label(GTK_BUTTON(self->save_button), e != NULL ? _("Save") : _("Add"));
	gtk_widget_set_sensitive(self->remove_button, e != NULL);
}

static void form_fill(NetpontDirectoryPage *self, const Netpont__DirectoryEntry *e)
{
	int category = 0;
	for (int i = 0; e != NULL && i < DIRECTORY_CATEGORY_COUNT; i++)
		if (g_strcmp0(e->category, directory_category_keys[i]) == 0)
			category = i;
	self->editing = e != NULL ? e->id : 0;
	gtk_drop_down_set_selected(self->category_drop, (guint)category);
	gtk_editable_set_text(GTK_EDITABLE(self->title_entry), e != NULL ? e->title : "");
	gtk_text_buffer_set_text(gtk_text_view_get_buffer(self->body_view),
	                         e != NULL ? e->body : "", -1);
	gtk_editable_set_text(GTK_EDITABLE(self->hours_entry), e != NULL ? e->hours : "");
	gtk_editable_set_text(GTK_EDITABLE(self->address_entry), e != NULL ? e->address : "");
	gtk_editable_set_text(GTK_EDITABLE(self->phone_entry), e != NULL ? e->phone : "");
	gtk_editable_set_text(GTK_EDITABLE(self->email_entry), e != NULL ? e->email : "");
	gtk_editable_set_text(GTK_EDITABLE(self->web_entry), e != NULL ? e->web : "");
	gtk_editable_set_text(GTK_EDITABLE(self->until_entry), e != NULL ? e->valid_until : "");
	form_update(self);
}

static const char *text_of(GtkEntry *entry)
{
	return gtk_editable_get_text(GTK_EDITABLE(entry));
}

/* ------------------------------------------------------------ the list */

static GtkWidget *entry_row(const Netpont__DirectoryEntry *e)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
	GtkWidget *title = gtk_label_new(e->title);
	g_autoptr(GString) about = g_string_new(directory_category_label(e->category));
	if (*e->hours != '\0')
		g_string_append_printf(about, " · %s", e->hours);
	if (*e->phone != '\0')
		g_string_append_printf(about, " · %s", e->phone);
	if (*e->valid_until != '\0') {
		g_string_append(about, " · ");
		/* TRANSLATORS: an entry shown until a date, "until 2026-12-31";
		 * after it, "expired 2026-11-30". */
		g_string_append_printf(about, e->expired ? _("expired %s") : _("until %s"),
		                       e->valid_until);
	}
	GtkWidget *sub = gtk_label_new(about->str);
	gtk_label_set_xalign(GTK_LABEL(title), 0);
	gtk_label_set_ellipsize(GTK_LABEL(title), PANGO_ELLIPSIZE_END);
	gtk_widget_add_css_class(title, "heading");
	gtk_label_set_xalign(GTK_LABEL(sub), 0);
	gtk_label_set_ellipsize(GTK_LABEL(sub), PANGO_ELLIPSIZE_END);
	gtk_widget_add_css_class(sub, "caption");
	gtk_box_append(GTK_BOX(box), title);
	gtk_box_append(GTK_BOX(box), sub);
	gtk_widget_set_margin_start(box, 12);
	gtk_widget_set_margin_end(box, 12);
	gtk_widget_set_margin_top(box, 6);
	gtk_widget_set_margin_bottom(box, 6);
	GtkWidget *row = gtk_list_box_row_new();
	gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row), box);
	g_autofree char *name = g_strdup_printf("directory-entry-%" G_GINT64_FORMAT, e->id);
	gtk_widget_set_name(row, name);
	if (e->expired) {
		/* Greyed: the PCs no longer show it. */
		gtk_widget_add_css_class(row, "dim-label");
		gtk_widget_set_tooltip_text(row, _("Expired: the PCs no longer show it."));
	}
	return row;
}

/* Empties the list (GTK 4.8 has no gtk_list_box_remove_all()). */
static void list_clear(NetpontDirectoryPage *self)
{
	GtkWidget *row;
	while ((row = gtk_widget_get_first_child(GTK_WIDGET(self->list_box))) != NULL)
		gtk_list_box_remove(self->list_box, row);
}

static void list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontDirectoryPage *self = NETPONT_DIRECTORY_PAGE(widget);
	const Netpont__DirectoryListReply *r = reply->directory_list_reply;
	guint generation = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(self), "netpont-asked"));
	gint64 editing = self->editing;

	if (generation != self->generation || r == NULL)
		return;
	g_ptr_array_set_size(self->entries, 0);
	list_clear(self);
	for (size_t i = 0; i < r->n_entries; i++) {
		g_ptr_array_add(self->entries, entry_copy(r->entries[i]));
		gtk_list_box_append(self->list_box, entry_row(r->entries[i]));
	}
	g_autofree char *count = g_strdup_printf(
	    ngettext("%u entry", "%u entries", (gulong)r->n_entries), (guint)r->n_entries);
	gtk_label_set_text(self->count_label, count);
	/* The entry being changed stays chosen if it is still listed. */
	self->editing = 0;
	for (guint i = 0; i < self->entries->len; i++)
		if (((Netpont__DirectoryEntry *)g_ptr_array_index(self->entries, i))->id ==
		    editing) {
			self->editing = editing;
			gtk_list_box_select_row(
			    self->list_box, gtk_list_box_get_row_at_index(self->list_box, (int)i));
		}
	form_update(self);
}

static void page_load(NetpontDirectoryPage *self)
{
	Netpont__DirectoryList list = NETPONT__DIRECTORY_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	guint filter = gtk_drop_down_get_selected(self->filter_drop);

	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	list.query = (char *)gtk_editable_get_text(GTK_EDITABLE(self->search_entry));
	list.category = (char *)(filter >= 1 && filter <= DIRECTORY_CATEGORY_COUNT
	                             ? directory_category_keys[filter - 1]
	                             : "");
	list.expired = TRUE;
	env.body_case = NETPONT__ENVELOPE__BODY_DIRECTORY_LIST;
	env.directory_list = &list;
	g_object_set_data(G_OBJECT(self), "netpont-asked", GUINT_TO_POINTER(++self->generation));
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, list_done);
}

static void on_filter_changed(NetpontDirectoryPage *self)
{
	page_load(self);
}

static void on_row_selected(NetpontDirectoryPage *self, GtkListBoxRow *row)
{
	if (row == NULL)
		return;
	int i = gtk_list_box_row_get_index(row);
	if (i >= 0 && (guint)i < self->entries->len)
		form_fill(self, g_ptr_array_index(self->entries, (guint)i));
}

/* ------------------------------------------------------------ changes */

static void saved_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontDirectoryPage *self = NETPONT_DIRECTORY_PAGE(widget);
	if (reply->body_case == NETPONT__ENVELOPE__BODY_DIRECTORY_REPLY &&
	    reply->directory_reply->entry != NULL)
		self->editing = reply->directory_reply->entry->id;
	page_load(self);
}

static void on_save_clicked(NetpontDirectoryPage *self)
{
	Netpont__DirectoryEntry e = NETPONT__DIRECTORY_ENTRY__INIT;
	Netpont__DirectoryAdd add = NETPONT__DIRECTORY_ADD__INIT;
	Netpont__DirectoryUpdate update = NETPONT__DIRECTORY_UPDATE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	GtkTextBuffer *buffer = gtk_text_view_get_buffer(self->body_view);
	GtkTextIter start, end;
	guint category = gtk_drop_down_get_selected(self->category_drop);

	if (self->client == NULL)
		return;
	gtk_text_buffer_get_bounds(buffer, &start, &end);
	g_autofree char *body = gtk_text_buffer_get_text(buffer, &start, &end, FALSE);
	e.id = self->editing;
	e.category =
	    (char *)directory_category_keys[category < DIRECTORY_CATEGORY_COUNT ? category : 0];
	e.title = (char *)text_of(self->title_entry);
	e.body = body;
	e.hours = (char *)text_of(self->hours_entry);
	e.address = (char *)text_of(self->address_entry);
	e.phone = (char *)text_of(self->phone_entry);
	e.email = (char *)text_of(self->email_entry);
	e.web = (char *)text_of(self->web_entry);
	e.valid_until = (char *)text_of(self->until_entry);
	if (self->editing != 0) {
		update.entry = &e; /* no fields named: every field */
		env.body_case = NETPONT__ENVELOPE__BODY_DIRECTORY_UPDATE;
		env.directory_update = &update;
		netpont_request(self->client, GTK_WIDGET(self), &env, _("The entry is saved."),
		                saved_done);
	} else {
		add.entry = &e;
		env.body_case = NETPONT__ENVELOPE__BODY_DIRECTORY_ADD;
		env.directory_add = &add;
		netpont_request(self->client, GTK_WIDGET(self), &env,
		                _("The entry is added; the PCs show it now."), saved_done);
	}
}

static void on_new_clicked(NetpontDirectoryPage *self)
{
	gtk_list_box_unselect_all(self->list_box);
	form_fill(self, NULL);
	gtk_widget_grab_focus(GTK_WIDGET(self->title_entry));
}

static void removed_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontDirectoryPage *self = NETPONT_DIRECTORY_PAGE(widget);
	(void)reply;
	form_fill(self, NULL);
	page_load(self);
}

static void remove_response(AdwMessageDialog *dialog, const char *response,
                            NetpontDirectoryPage *self)
{
	Netpont__DirectoryRemove remove = NETPONT__DIRECTORY_REMOVE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (g_strcmp0(response, "remove") != 0 || self->client == NULL)
		return;
	remove.id = (gint64)GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(dialog), "netpont-entry"));
	env.body_case = NETPONT__ENVELOPE__BODY_DIRECTORY_REMOVE;
	env.directory_remove = &remove;
	netpont_request(self->client, GTK_WIDGET(self), &env,
	                _("The entry is removed; the PCs no longer show it."), removed_done);
}

static void on_remove_clicked(NetpontDirectoryPage *self)
{
	const Netpont__DirectoryEntry *e = entry_by_id(self, self->editing);
	if (e == NULL)
		return;
	/* TRANSLATORS: the body of the question before removing an entry:
	 * "“Ételbank” (NGO) will no longer be shown on the PCs." */
	g_autofree char *body = g_strdup_printf(_("“%s” (%s) will no longer be shown on the PCs."),
	                                        e->title, directory_category_label(e->category));
	AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), _("Remove this entry?"), body));
	gtk_widget_set_name(GTK_WIDGET(dialog), "directory-remove-confirm");
	adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "remove", _("_Remove"),
	                                 NULL);
	adw_message_dialog_set_response_appearance(dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_object_set_data(G_OBJECT(dialog), "netpont-entry", GSIZE_TO_POINTER((gsize)e->id));
	g_signal_connect_object(dialog, "response", G_CALLBACK(remove_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

/* ------------------------------------------------------------ the page */

void netpont_directory_page_set_client(NetpontDirectoryPage *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
}

void netpont_directory_page_clear(NetpontDirectoryPage *self)
{
	self->generation++;
	g_ptr_array_set_size(self->entries, 0);
	list_clear(self);
	gtk_label_set_text(self->count_label, "");
	form_fill(self, NULL);
}

void netpont_directory_page_reload(NetpontDirectoryPage *self)
{
	page_load(self);
}

guint netpont_directory_page_get_count(NetpontDirectoryPage *self)
{
	return self->entries->len;
}

static void netpont_directory_page_dispose(GObject *object)
{
	netpont_directory_page_set_client(NETPONT_DIRECTORY_PAGE(object), NULL);
	G_OBJECT_CLASS(netpont_directory_page_parent_class)->dispose(object);
}

static void netpont_directory_page_finalize(GObject *object)
{
	g_clear_pointer(&NETPONT_DIRECTORY_PAGE(object)->entries, g_ptr_array_unref);
	G_OBJECT_CLASS(netpont_directory_page_parent_class)->finalize(object);
}

static void netpont_directory_page_class_init(NetpontDirectoryPageClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	G_OBJECT_CLASS(klass)->dispose = netpont_directory_page_dispose;
	G_OBJECT_CLASS(klass)->finalize = netpont_directory_page_finalize;
	gtk_widget_class_set_template_from_resource(
	    widget_class, "/hu/netpont/console/netpont-directory-page.ui");
#define BIND(field) gtk_widget_class_bind_template_child(widget_class, NetpontDirectoryPage, field)
	BIND(search_entry);
	BIND(filter_drop);
	BIND(filter_names);
	BIND(count_label);
	BIND(list_box);
	BIND(form_title);
	BIND(category_drop);
	BIND(category_names);
	BIND(title_entry);
	BIND(body_view);
	BIND(hours_entry);
	BIND(address_entry);
	BIND(phone_entry);
	BIND(email_entry);
	BIND(web_entry);
	BIND(until_entry);
	BIND(remove_button);
	BIND(save_button);
#undef BIND
	gtk_widget_class_bind_template_callback(widget_class, on_filter_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_row_selected);
	gtk_widget_class_bind_template_callback(widget_class, on_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_new_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_remove_clicked);
}

static void netpont_directory_page_init(NetpontDirectoryPage *self)
{
	self->entries = g_ptr_array_new_with_free_func(entry_free);
	gtk_widget_init_template(GTK_WIDGET(self));
	GtkWidget *none = gtk_label_new(_("No entries. Add one with the form on the right."));
	gtk_widget_add_css_class(none, "dim-label");
	gtk_widget_set_margin_top(none, 24);
	gtk_widget_set_margin_bottom(none, 24);
	gtk_label_set_wrap(GTK_LABEL(none), TRUE);
	gtk_list_box_set_placeholder(self->list_box, none);
	gtk_string_list_append(self->filter_names, _("All categories"));
	for (int i = 0; i < DIRECTORY_CATEGORY_COUNT; i++) {
		gtk_string_list_append(self->filter_names,
		                       directory_category_label(directory_category_keys[i]));
		gtk_string_list_append(self->category_names,
		                       directory_category_label(directory_category_keys[i]));
	}
	form_fill(self, NULL);
}
