#include "netpont-lock-directory.h"

#include <stdlib.h>

#include "netpont-lock-i18n.h"

/* The categories of schema-v17.sql, with the words a resident reads. */
static const struct {
	const char *key;
	const char *label;
} categories[] = {
    {"", N_("All")},
    {"service", N_("Services")},
    {"institution", N_("Offices")},
    {"ngo", N_("Associations")},
    {"job_offered", N_("Jobs on offer")},
    {"job_wanted", N_("Looking for work")},
    {"volunteer", N_("Volunteers")},
    {"event", N_("Events")},
};

static const char *category_label(const char *key)
{
	for (size_t i = 1; i < G_N_ELEMENTS(categories); i++)
		if (g_strcmp0(categories[i].key, key) == 0)
			return _(categories[i].label);
	return "";
}

struct _NetpontLockDirectory {
	GtkBox parent_instance;
	NetpontLockClient *client;
	char *language;
	gboolean kiosk;
	GtkStack *stack;
	/* the list */
	GtkButton *back;
	GtkSearchEntry *search;
	GtkToggleButton *category_buttons[G_N_ELEMENTS(categories)];
	GtkLabel *list_note;
	GtkBox *list_box;
	GPtrArray *listed_buttons; /* GtkButton, in the list's order */
	/* the entry */
	GtkButton *entry_back;
	GtkLabel *entry_title;
	GtkLabel *entry_category;
	GtkLabel *entry_body;
	GtkGrid *entry_fields;
	GtkButton *print;
	GtkLabel *entry_note;
	/* the state */
	Netpont__ControlDirectoryListReply *list; /* the last reply, or NULL */
	int64_t shown_id;                         /* the entry shown */
	char *category;                           /* "" = all */
	guint idle_id;
	guint idle_s;
	guint replies;
	guint generation;  /* list requests sent; only the newest reply is shown */
	gboolean searched; /* this opening already counted a "search" */
	GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE(NetpontLockDirectory, netpont_lock_directory, GTK_TYPE_BOX)

enum { SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------- idle */

static void directory_show_list(NetpontLockDirectory *self);
static void directory_reset(NetpontLockDirectory *self);

static gboolean on_idle(gpointer data)
{
	NetpontLockDirectory *self = data;
	self->idle_id = 0;
	if (self->kiosk) {
		directory_reset(self);
		netpont_lock_directory_open(self);
	} else {
		g_signal_emit(self, signals[SIGNAL_DONE], 0);
	}
	return G_SOURCE_REMOVE;
}

static void directory_touch(NetpontLockDirectory *self)
{
	if (self->idle_id != 0)
		g_source_remove(self->idle_id);
	self->idle_id = g_timeout_add_seconds(self->idle_s, on_idle, self);
}

static gboolean on_key(GtkEventControllerKey *keys, guint keyval, guint keycode,
                       GdkModifierType state, gpointer data)
{
	directory_touch(data);
	return FALSE;
}

static void on_press(GtkGestureClick *gesture, int n, double x, double y, gpointer data)
{
	directory_touch(data);
}

/* ---------------------------------------------------------------- requests */

typedef struct {
	NetpontLockDirectory *self; /* a reference */
	guint generation;
} list_ctx;

static void directory_count(NetpontLockDirectory *self, const char *what);

static GtkWidget *entry_button(NetpontLockDirectory *self, const Netpont__DirectoryEntry *e);

static void directory_fill_list(NetpontLockDirectory *self)
{
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->list_box))) != NULL)
		gtk_box_remove(self->list_box, child);
	g_ptr_array_set_size(self->listed_buttons, 0);
	size_t n = self->list != NULL ? self->list->n_entries : 0;
	for (size_t i = 0; i < n; i++) {
		GtkWidget *b = entry_button(self, self->list->entries[i]);
		gtk_box_append(self->list_box, b);
		g_ptr_array_add(self->listed_buttons, b);
	}
	const char *note = "";
	if (self->list != NULL && n == 0)
		note = _("Nothing found. Try another word, or press “All”.");
	else if (self->list != NULL && self->list->offline)
		note = _("The server cannot be reached: this is the list from earlier.");
	gtk_label_set_text(self->list_note, note);
	gtk_widget_set_visible(GTK_WIDGET(self->list_note), note[0] != '\0');
}

static void on_list_reply(GObject *source, GAsyncResult *result, gpointer data)
{
	list_ctx *ctx = data;
	NetpontLockDirectory *self = ctx->self;
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_lock_client_request_finish(NETPONT_LOCK_CLIENT(source), result, NULL, &error);
	if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
	    ctx->generation == self->generation) {
		self->replies++;
		if (self->list != NULL)
			netpont__control_directory_list_reply__free_unpacked(self->list, NULL);
		self->list = NULL;
		if (reply != NULL &&
		    reply->body_case == NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_LIST_REPLY) {
			/* Kept past the envelope: moved out of it. */
			self->list = reply->control_directory_list_reply;
			reply->control_directory_list_reply = NULL;
			reply->body_case = NETPONT__ENVELOPE__BODY__NOT_SET;
			directory_fill_list(self);
		} else {
			directory_fill_list(self);
			gtk_label_set_text(
			    self->list_note,
			    _("The local information cannot be shown now. Please ask "
			      "a mentor."));
			gtk_widget_set_visible(GTK_WIDGET(self->list_note), TRUE);
		}
	}
	if (reply != NULL)
		netpont__envelope__free_unpacked(reply, NULL);
	g_object_unref(ctx->self);
	g_free(ctx);
}

static void directory_ask(NetpontLockDirectory *self)
{
	if (self->client == NULL)
		return;
	Netpont__ControlDirectoryList m = NETPONT__CONTROL_DIRECTORY_LIST__INIT;
	g_autofree char *query =
	    g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(self->search))));
	m.query = query;
	m.category = self->category;
	m.language = self->language;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_LIST;
	env.control_directory_list = &m;
	list_ctx *ctx = g_new0(list_ctx, 1);
	ctx->self = g_object_ref(self);
	ctx->generation = ++self->generation;
	netpont_lock_client_request_async(self->client, &env, self->cancellable, on_list_reply,
	                                  ctx);
}

static void on_ignored_reply(GObject *source, GAsyncResult *result, gpointer data)
{
	Netpont__Envelope *reply =
	    netpont_lock_client_request_finish(NETPONT_LOCK_CLIENT(source), result, NULL, NULL);
	if (reply != NULL)
		netpont__envelope__free_unpacked(reply, NULL);
}

static void directory_count(NetpontLockDirectory *self, const char *what)
{
	if (self->client == NULL)
		return;
	Netpont__ControlDirectoryUsed m = NETPONT__CONTROL_DIRECTORY_USED__INIT;
	m.what = (char *)what;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_USED;
	env.control_directory_used = &m;
	netpont_lock_client_request_async(self->client, &env, self->cancellable, on_ignored_reply,
	                                  NULL);
}

/* ---------------------------------------------------------------- the entry */

static void add_field(NetpontLockDirectory *self, int row, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	GtkWidget *l = gtk_label_new(label);
	gtk_label_set_xalign(GTK_LABEL(l), 0);
	gtk_label_set_yalign(GTK_LABEL(l), 0);
	gtk_widget_add_css_class(l, "field-name");
	GtkWidget *v = gtk_label_new(value);
	gtk_label_set_xalign(GTK_LABEL(v), 0);
	gtk_label_set_wrap(GTK_LABEL(v), TRUE);
	gtk_label_set_selectable(GTK_LABEL(v), TRUE);
	gtk_widget_set_hexpand(v, TRUE);
	gtk_grid_attach(self->entry_fields, l, 0, row, 1, 1);
	gtk_grid_attach(self->entry_fields, v, 1, row, 1, 1);
}

static void directory_show_entry(NetpontLockDirectory *self, const Netpont__DirectoryEntry *e)
{
	self->shown_id = e->id;
	gtk_label_set_text(self->entry_title, e->title);
	gtk_label_set_text(self->entry_category, category_label(e->category));
	gtk_label_set_text(self->entry_body, e->body != NULL ? e->body : "");
	gtk_widget_set_visible(GTK_WIDGET(self->entry_body), e->body != NULL && e->body[0] != '\0');
	GtkWidget *child;
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->entry_fields))) != NULL)
		gtk_grid_remove(self->entry_fields, child);
	add_field(self, 0, _("Opening hours"), e->hours);
	add_field(self, 1, _("Address"), e->address);
	add_field(self, 2, _("Phone"), e->phone);
	add_field(self, 3, _("Email"), e->email);
	add_field(self, 4, _("Web"), e->web);
	add_field(self, 5, _("Valid until"), e->valid_until);
	gtk_label_set_text(self->entry_note, "");
	gtk_widget_set_visible(GTK_WIDGET(self->entry_note), FALSE);
	gtk_widget_set_sensitive(GTK_WIDGET(self->print), TRUE);
	gtk_stack_set_visible_child_name(self->stack, "entry");
	gtk_widget_grab_focus(GTK_WIDGET(self->entry_back));
	directory_count(self, "view");
}

static void on_entry_clicked(GtkButton *button, gpointer data)
{
	NetpontLockDirectory *self = data;
	int64_t id = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(button), "entry-index"));
	if (self->list != NULL && (size_t)id < self->list->n_entries)
		directory_show_entry(self, self->list->entries[id]);
}

static GtkWidget *entry_button(NetpontLockDirectory *self, const Netpont__DirectoryEntry *e)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
	GtkWidget *title = gtk_label_new(e->title);
	gtk_label_set_xalign(GTK_LABEL(title), 0);
	gtk_label_set_wrap(GTK_LABEL(title), TRUE);
	gtk_widget_add_css_class(title, "entry-title");
	gtk_box_append(GTK_BOX(box), title);
	g_autofree char *sub =
	    e->hours != NULL && e->hours[0] != '\0'
	        ? g_strdup_printf("%s · %s", category_label(e->category), e->hours)
	        : g_strdup(category_label(e->category));
	GtkWidget *line = gtk_label_new(sub);
	gtk_label_set_xalign(GTK_LABEL(line), 0);
	gtk_label_set_wrap(GTK_LABEL(line), TRUE);
	gtk_widget_add_css_class(line, "entry-sub");
	gtk_box_append(GTK_BOX(box), line);
	GtkWidget *b = gtk_button_new();
	gtk_button_set_child(GTK_BUTTON(b), box);
	gtk_widget_add_css_class(b, "directory-entry");
	/* Its accessible name is its title (the category line follows). */
	gtk_accessible_update_property(GTK_ACCESSIBLE(b), GTK_ACCESSIBLE_PROPERTY_LABEL, e->title,
	                               -1);
	size_t index = 0;
	while (index < self->list->n_entries && self->list->entries[index] != e)
		index++;
	g_object_set_data(G_OBJECT(b), "entry-index", GSIZE_TO_POINTER(index));
	g_signal_connect(b, "clicked", G_CALLBACK(on_entry_clicked), self);
	return b;
}

typedef struct {
	NetpontLockDirectory *self; /* a reference */
} print_ctx;

static void on_print_reply(GObject *source, GAsyncResult *result, gpointer data)
{
	print_ctx *ctx = data;
	NetpontLockDirectory *self = ctx->self;
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_lock_client_request_finish(NETPONT_LOCK_CLIENT(source), result, NULL, &error);
	if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		gtk_label_set_text(self->entry_note,
		                   reply != NULL
		                       ? _("Printed. Take the paper from the printer — it is free.")
		                       : _("The paper could not be printed. Please ask a mentor."));
		gtk_widget_set_visible(GTK_WIDGET(self->entry_note), TRUE);
		gtk_widget_set_sensitive(GTK_WIDGET(self->print), TRUE);
	}
	if (reply != NULL)
		netpont__envelope__free_unpacked(reply, NULL);
	g_object_unref(ctx->self);
	g_free(ctx);
}

static void on_print_clicked(NetpontLockDirectory *self)
{
	if (self->client == NULL || self->shown_id == 0)
		return;
	Netpont__ControlDirectoryPrint m = NETPONT__CONTROL_DIRECTORY_PRINT__INIT;
	m.entry_id = self->shown_id;
	m.language = self->language;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_DIRECTORY_PRINT;
	env.control_directory_print = &m;
	print_ctx *ctx = g_new0(print_ctx, 1);
	ctx->self = g_object_ref(self);
	gtk_widget_set_sensitive(GTK_WIDGET(self->print), FALSE);
	gtk_label_set_text(self->entry_note, _("Printing…"));
	gtk_widget_set_visible(GTK_WIDGET(self->entry_note), TRUE);
	netpont_lock_client_request_async(self->client, &env, self->cancellable, on_print_reply,
	                                  ctx);
}

/* ---------------------------------------------------------------- the list */

static void directory_show_list(NetpontLockDirectory *self)
{
	gtk_stack_set_visible_child_name(self->stack, "list");
	gtk_widget_grab_focus(GTK_WIDGET(self->search));
}

static void on_back(NetpontLockDirectory *self)
{
	if (!self->kiosk)
		g_signal_emit(self, signals[SIGNAL_DONE], 0);
}

static void on_search_changed(NetpontLockDirectory *self)
{
	if (!self->searched && gtk_editable_get_text(GTK_EDITABLE(self->search))[0] != '\0') {
		self->searched = TRUE;
		directory_count(self, "search");
	}
	directory_ask(self);
}

static void on_category_toggled(GtkToggleButton *button, gpointer data)
{
	NetpontLockDirectory *self = data;
	if (!gtk_toggle_button_get_active(button))
		return;
	const char *key = g_object_get_data(G_OBJECT(button), "category");
	if (g_strcmp0(key, self->category) == 0)
		return;
	g_free(self->category);
	self->category = g_strdup(key);
	directory_ask(self);
}

static void directory_reset(NetpontLockDirectory *self)
{
	g_free(self->category);
	self->category = g_strdup("");
	g_signal_handlers_block_by_func(self->search, on_search_changed, self);
	gtk_editable_set_text(GTK_EDITABLE(self->search), "");
	g_signal_handlers_unblock_by_func(self->search, on_search_changed, self);
	for (size_t i = 0; i < G_N_ELEMENTS(categories); i++) {
		g_signal_handlers_block_by_func(self->category_buttons[i], on_category_toggled,
		                                self);
		gtk_toggle_button_set_active(self->category_buttons[i], i == 0);
		g_signal_handlers_unblock_by_func(self->category_buttons[i], on_category_toggled,
		                                  self);
	}
	self->searched = FALSE;
}

void netpont_lock_directory_open(NetpontLockDirectory *self)
{
	const char *idle = g_getenv("NETPONT_LOCK_DIRECTORY_IDLE_S");
	self->idle_s =
	    idle != NULL && atoi(idle) > 0 ? (guint)atoi(idle) : NETPONT_LOCK_DIRECTORY_IDLE_S;
	directory_reset(self);
	directory_show_list(self);
	directory_ask(self);
	directory_count(self, "open");
	directory_touch(self);
}

void netpont_lock_directory_close(NetpontLockDirectory *self)
{
	if (self->idle_id != 0)
		g_source_remove(self->idle_id);
	self->idle_id = 0;
}

/* ---------------------------------------------------------------- building */

/* A button named by its mnemonic label only: GTK 4.8 would read the raw
 * "label" property (underscore included) before the label's clean text,
 * as netpont-lock-window.c's set_button_label() explains. */
static GtkWidget *mnemonic_button(const char *label)
{
	GtkWidget *b = gtk_button_new_with_mnemonic(label);
	gtk_accessible_reset_property(GTK_ACCESSIBLE(b), GTK_ACCESSIBLE_PROPERTY_LABEL);
	return b;
}

static GtkWidget *back_button(const char *label)
{
	GtkWidget *b = mnemonic_button(label);
	gtk_widget_set_halign(b, GTK_ALIGN_START);
	gtk_widget_add_css_class(b, "big");
	gtk_widget_add_css_class(b, "directory-back");
	return b;
}

static GtkWidget *build_list_page(NetpontLockDirectory *self)
{
	GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 24);
	self->back = GTK_BUTTON(back_button(_("‹ _Back")));
	g_signal_connect_swapped(self->back, "clicked", G_CALLBACK(on_back), self);
	gtk_box_append(GTK_BOX(top), GTK_WIDGET(self->back));
	GtkWidget *heading = gtk_label_new(_("Local information"));
	gtk_widget_add_css_class(heading, "directory-heading");
	gtk_widget_set_hexpand(heading, TRUE);
	gtk_label_set_xalign(GTK_LABEL(heading), 0);
	gtk_box_append(GTK_BOX(top), heading);
	gtk_box_append(GTK_BOX(page), top);

	GtkWidget *free_line = gtk_label_new(_("Offices, services, jobs and events near here. Free "
	                                       "for everyone — no login needed."));
	gtk_label_set_wrap(GTK_LABEL(free_line), TRUE);
	gtk_label_set_xalign(GTK_LABEL(free_line), 0);
	gtk_box_append(GTK_BOX(page), free_line);

	GtkWidget *search_label = gtk_label_new_with_mnemonic(_("_Search for a word:"));
	gtk_label_set_xalign(GTK_LABEL(search_label), 0);
	gtk_box_append(GTK_BOX(page), search_label);
	self->search = GTK_SEARCH_ENTRY(gtk_search_entry_new());
	gtk_label_set_mnemonic_widget(GTK_LABEL(search_label), GTK_WIDGET(self->search));
	gtk_widget_add_css_class(GTK_WIDGET(self->search), "directory-search");
	g_signal_connect_swapped(self->search, "search-changed", G_CALLBACK(on_search_changed),
	                         self);
	gtk_box_append(GTK_BOX(page), GTK_WIDGET(self->search));

	GtkWidget *flow = gtk_flow_box_new();
	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(flow), GTK_SELECTION_NONE);
	gtk_flow_box_set_max_children_per_line(GTK_FLOW_BOX(flow), 8);
	gtk_flow_box_set_row_spacing(GTK_FLOW_BOX(flow), 8);
	gtk_flow_box_set_column_spacing(GTK_FLOW_BOX(flow), 8);
	gtk_widget_set_focusable(flow, FALSE);
	GtkToggleButton *group = NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(categories); i++) {
		GtkWidget *b = gtk_toggle_button_new_with_label(_(categories[i].label));
		gtk_widget_add_css_class(b, "directory-category");
		g_object_set_data(G_OBJECT(b), "category", (gpointer)categories[i].key);
		if (group != NULL)
			gtk_toggle_button_set_group(GTK_TOGGLE_BUTTON(b), group);
		else
			group = GTK_TOGGLE_BUTTON(b);
		self->category_buttons[i] = GTK_TOGGLE_BUTTON(b);
		g_signal_connect(b, "toggled", G_CALLBACK(on_category_toggled), self);
		gtk_flow_box_append(GTK_FLOW_BOX(flow), b);
	}
	gtk_toggle_button_set_active(group, TRUE);
	gtk_box_append(GTK_BOX(page), flow);

	self->list_note = GTK_LABEL(gtk_label_new(""));
	gtk_label_set_wrap(self->list_note, TRUE);
	gtk_label_set_xalign(self->list_note, 0);
	gtk_widget_add_css_class(GTK_WIDGET(self->list_note), "info");
	gtk_widget_set_visible(GTK_WIDGET(self->list_note), FALSE);
	gtk_box_append(GTK_BOX(page), GTK_WIDGET(self->list_note));

	GtkWidget *scroll = gtk_scrolled_window_new();
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER,
	                               GTK_POLICY_AUTOMATIC);
	gtk_widget_set_vexpand(scroll, TRUE);
	self->list_box = GTK_BOX(gtk_box_new(GTK_ORIENTATION_VERTICAL, 10));
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), GTK_WIDGET(self->list_box));
	gtk_box_append(GTK_BOX(page), scroll);
	return page;
}

static GtkWidget *build_entry_page(NetpontLockDirectory *self)
{
	GtkWidget *page = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);
	self->entry_back = GTK_BUTTON(back_button(_("‹ Back to the _list")));
	g_signal_connect_swapped(self->entry_back, "clicked", G_CALLBACK(directory_show_list),
	                         self);
	gtk_box_append(GTK_BOX(page), GTK_WIDGET(self->entry_back));
	GtkWidget *scroll = gtk_scrolled_window_new();
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER,
	                               GTK_POLICY_AUTOMATIC);
	gtk_widget_set_vexpand(scroll, TRUE);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);
	self->entry_title = GTK_LABEL(gtk_label_new(""));
	gtk_label_set_wrap(self->entry_title, TRUE);
	gtk_label_set_xalign(self->entry_title, 0);
	gtk_widget_add_css_class(GTK_WIDGET(self->entry_title), "directory-heading");
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(self->entry_title));
	self->entry_category = GTK_LABEL(gtk_label_new(""));
	gtk_label_set_xalign(self->entry_category, 0);
	gtk_widget_add_css_class(GTK_WIDGET(self->entry_category), "entry-sub");
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(self->entry_category));
	self->entry_body = GTK_LABEL(gtk_label_new(""));
	gtk_label_set_wrap(self->entry_body, TRUE);
	gtk_label_set_xalign(self->entry_body, 0);
	gtk_label_set_selectable(self->entry_body, TRUE);
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(self->entry_body));
	self->entry_fields = GTK_GRID(gtk_grid_new());
	gtk_grid_set_row_spacing(self->entry_fields, 10);
	gtk_grid_set_column_spacing(self->entry_fields, 24);
	gtk_box_append(GTK_BOX(box), GTK_WIDGET(self->entry_fields));
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), box);
	gtk_box_append(GTK_BOX(page), scroll);
	self->print = GTK_BUTTON(mnemonic_button(_("_Print this (free)")));
	gtk_widget_set_halign(GTK_WIDGET(self->print), GTK_ALIGN_START);
	gtk_widget_add_css_class(GTK_WIDGET(self->print), "huge");
	gtk_widget_add_css_class(GTK_WIDGET(self->print), "suggested-action");
	g_signal_connect_swapped(self->print, "clicked", G_CALLBACK(on_print_clicked), self);
	gtk_box_append(GTK_BOX(page), GTK_WIDGET(self->print));
	self->entry_note = GTK_LABEL(gtk_label_new(""));
	gtk_label_set_wrap(self->entry_note, TRUE);
	gtk_label_set_xalign(self->entry_note, 0);
	gtk_widget_add_css_class(GTK_WIDGET(self->entry_note), "info");
	gtk_widget_set_visible(GTK_WIDGET(self->entry_note), FALSE);
	gtk_box_append(GTK_BOX(page), GTK_WIDGET(self->entry_note));
	return page;
}

static void netpont_lock_directory_dispose(GObject *object)
{
	NetpontLockDirectory *self = NETPONT_LOCK_DIRECTORY(object);
	netpont_lock_directory_close(self);
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	g_clear_object(&self->client);
	G_OBJECT_CLASS(netpont_lock_directory_parent_class)->dispose(object);
}

static void netpont_lock_directory_finalize(GObject *object)
{
	NetpontLockDirectory *self = NETPONT_LOCK_DIRECTORY(object);
	if (self->list != NULL)
		netpont__control_directory_list_reply__free_unpacked(self->list, NULL);
	g_ptr_array_unref(self->listed_buttons);
	g_free(self->language);
	g_free(self->category);
	G_OBJECT_CLASS(netpont_lock_directory_parent_class)->finalize(object);
}

static void netpont_lock_directory_class_init(NetpontLockDirectoryClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = netpont_lock_directory_dispose;
	G_OBJECT_CLASS(klass)->finalize = netpont_lock_directory_finalize;
	signals[SIGNAL_DONE] = g_signal_new("done", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
	                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void netpont_lock_directory_init(NetpontLockDirectory *self)
{
	self->language = g_strdup("en");
	self->category = g_strdup("");
	self->listed_buttons = g_ptr_array_new();
	self->cancellable = g_cancellable_new();
	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_widget_add_css_class(GTK_WIDGET(self), "directory");
	self->stack = GTK_STACK(gtk_stack_new());
	gtk_widget_set_vexpand(GTK_WIDGET(self->stack), TRUE);
	gtk_stack_add_named(self->stack, build_list_page(self), "list");
	gtk_stack_add_named(self->stack, build_entry_page(self), "entry");
	gtk_box_append(GTK_BOX(self), GTK_WIDGET(self->stack));
	/* Any touch or key keeps the directory open a minute more. */
	GtkEventController *keys = gtk_event_controller_key_new();
	gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
	g_signal_connect(keys, "key-pressed", G_CALLBACK(on_key), self);
	gtk_widget_add_controller(GTK_WIDGET(self), keys);
	GtkGesture *click = gtk_gesture_click_new();
	gtk_event_controller_set_propagation_phase(GTK_EVENT_CONTROLLER(click), GTK_PHASE_CAPTURE);
	g_signal_connect(click, "pressed", G_CALLBACK(on_press), self);
	gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(click));
}

NetpontLockDirectory *netpont_lock_directory_new(void)
{
	return g_object_new(NETPONT_TYPE_LOCK_DIRECTORY, NULL);
}

void netpont_lock_directory_set_client(NetpontLockDirectory *self, NetpontLockClient *client,
                                       const char *language)
{
	g_set_object(&self->client, client);
	g_free(self->language);
	self->language = g_strdup(language != NULL ? language : "en");
}

void netpont_lock_directory_set_kiosk(NetpontLockDirectory *self, gboolean kiosk)
{
	self->kiosk = kiosk;
	gtk_widget_set_visible(GTK_WIDGET(self->back), !kiosk);
}

GtkEditable *netpont_lock_directory_get_search(NetpontLockDirectory *self)
{
	return GTK_EDITABLE(self->search);
}

GtkToggleButton *netpont_lock_directory_get_category_button(NetpontLockDirectory *self,
                                                            const char *category)
{
	for (size_t i = 0; i < G_N_ELEMENTS(categories); i++)
		if (g_strcmp0(categories[i].key, category) == 0)
			return self->category_buttons[i];
	return NULL;
}

GtkButton *netpont_lock_directory_get_back_button(NetpontLockDirectory *self)
{
	return self->back;
}

GtkButton *netpont_lock_directory_get_entry_back_button(NetpontLockDirectory *self)
{
	return self->entry_back;
}

GtkButton *netpont_lock_directory_get_print_button(NetpontLockDirectory *self)
{
	return self->print;
}

guint netpont_lock_directory_get_n_listed(NetpontLockDirectory *self)
{
	return self->listed_buttons->len;
}

const char *netpont_lock_directory_get_listed_title(NetpontLockDirectory *self, guint i)
{
	return self->list != NULL && i < self->list->n_entries ? self->list->entries[i]->title : "";
}

GtkButton *netpont_lock_directory_get_listed_button(NetpontLockDirectory *self, guint i)
{
	return i < self->listed_buttons->len ? g_ptr_array_index(self->listed_buttons, i) : NULL;
}

const char *netpont_lock_directory_get_page(NetpontLockDirectory *self)
{
	return gtk_stack_get_visible_child_name(self->stack);
}

const char *netpont_lock_directory_get_entry_title(NetpontLockDirectory *self)
{
	return gtk_label_get_text(self->entry_title);
}

const char *netpont_lock_directory_get_note(NetpontLockDirectory *self)
{
	GtkLabel *note = g_strcmp0(netpont_lock_directory_get_page(self), "entry") == 0
	                     ? self->entry_note
	                     : self->list_note;
	return gtk_widget_get_visible(GTK_WIDGET(note)) ? gtk_label_get_text(note) : "";
}

guint netpont_lock_directory_get_replies(NetpontLockDirectory *self)
{
	return self->replies;
}
