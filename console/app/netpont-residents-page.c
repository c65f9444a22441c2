#include "netpont-residents-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdlib.h>

#include "common/np_display_name.h"
#include "netpont-ledger-items.h"
#include "netpont-resident-history.h"
#include "netpont-resident-item.h"
#include "netpont-util.h"
#include "resident-export.h"

struct _NetpontResidentsPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *residents;
	GtkSingleSelection *selection;
	GListStore *history;
	GtkSingleSelection *history_selection;
	GtkStringList *categories; /* the display names the combo shows */
	GPtrArray *category_names; /* char*, the keys, parallel to categories */
	char *shown_login;
	guint ledger_reload_source; /* a reload after ledger events, pending */

	GtkSearchEntry *search_entry;
	GtkCheckButton *guests_check;
	GtkColumnView *view;
	GtkColumnView *history_view;
	GtkWidget *reverse_button;
	GtkLabel *detail_label;
	GtkWidget *form_group;
	AdwEntryRow *login_row;
	AdwEntryRow *name_row;
	AdwComboRow *category_row;
	AdwEntryRow *note_row;
	AdwEntryRow *birth_year_row;
	int shown_birth_year; /* the shown resident's, 0: none */
	AdwPasswordEntryRow *pin_row;
	GtkWidget *button_box;
	GtkWidget *add_button;
	GtkWidget *save_button;
	GtkWidget *reset_pin_button;
	NetpontResidentHistory *progress_panel; /* help outcomes and notes */
	GtkWidget *export_button; /* the resident's data rights */
	GtkWidget *erase_button;
};

G_DEFINE_FINAL_TYPE(NetpontResidentsPage, netpont_residents_page, GTK_TYPE_BOX)

static void page_update_buttons(NetpontResidentsPage *self)
{
	gboolean shown = self->shown_login != NULL;

	gtk_widget_set_sensitive(self->add_button, !shown);
	gtk_widget_set_sensitive(self->save_button, shown);
	gtk_widget_set_sensitive(self->reset_pin_button, shown);
	gtk_widget_set_sensitive(self->export_button, shown);
	gtk_widget_set_sensitive(self->erase_button, shown);
	gtk_editable_set_editable(GTK_EDITABLE(self->login_row), !shown);
}

/* The first entry of the category list stands for "the site's default
 * category" (sent as ""), so a new resident never lands in "exempt" just
 * because it sorts first. */
static const char *page_selected_category(NetpontResidentsPage *self)
{
	guint index = adw_combo_row_get_selected(self->category_row);

	if (index == 0 || index == GTK_INVALID_LIST_POSITION || index >= self->category_names->len)
		return "";
	return g_ptr_array_index(self->category_names, index);
}

static void page_select_category(NetpontResidentsPage *self, const char *name)
{
	for (guint i = 1; i < self->category_names->len; i++) {
		if (g_strcmp0(g_ptr_array_index(self->category_names, i), name) == 0) {
			adw_combo_row_set_selected(self->category_row, i);
			return;
		}
	}
}

/* The year of birth, asked only with the resident's consent (for the age
 * bands of the usage report): the form's row shows it, "" when not known. */
static void page_show_birth_year(NetpontResidentsPage *self, int year)
{
	g_autofree char *text = year > 0 ? g_strdup_printf("%d", year) : g_strdup("");
	self->shown_birth_year = year;
	gtk_editable_set_text(GTK_EDITABLE(self->birth_year_row), text);
}

/* The row's year into *year (0: empty); *forget when the row was emptied
 * of a year the resident had. FALSE, after saying so, when it is not a
 * year; the server checks the range. */
static gboolean page_birth_year(NetpontResidentsPage *self, int32_t *year, gboolean *forget)
{
	g_autofree char *text = netpont_editable_get_stripped(self->birth_year_row);
	char *end = NULL;
	long value = text[0] != '\0' ? strtol(text, &end, 10) : 0;
	*year = 0;
	*forget = text[0] == '\0' && self->shown_birth_year > 0;
	if (text[0] == '\0')
		return TRUE;
	if (end == text || *end != '\0' || value <= 0 || value > 9999) {
		netpont_show_message(GTK_WIDGET(self),
		                     _("Type the year of birth as four digits, like 1951, or leave "
		                       "it empty."));
		return FALSE;
	}
	*year = (int32_t)value;
	return TRUE;
}

static void detail_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);
	Netpont__ResidentDetail *detail;
	Netpont__Resident *r;
	g_autofree char *due = NULL;
	g_autofree char *used = NULL;
	g_autofree char *text = NULL;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_RESIDENT_DETAIL ||
	    reply->resident_detail->resident == NULL)
		return;
	detail = reply->resident_detail;
	r = detail->resident;
	if (g_strcmp0(r->login, self->shown_login) != 0)
		return;
	due = netpont_client_format_balance(self->client, r->balance_due, r->credit);
	used = netpont_format_duration(r->used_today_s);
	text =
	    g_strdup_printf(r->credit > 0 ? _("%s has paid in advance: %s. Used today: %s.%s")
	                                  : _("%s owes %s. Used today: %s.%s"),
	                    r->name, due, used,
	                    r->locked_out ? _(" Locked out after wrong PINs: reset the PIN.") : "");
	gtk_label_set_text(self->detail_label, text);
	gtk_editable_set_text(GTK_EDITABLE(self->name_row), r->name);
	gtk_editable_set_text(GTK_EDITABLE(self->note_row), r->note);
	page_show_birth_year(self, r->birth_year);
	page_select_category(self, r->category);

	g_list_store_remove_all(self->history);
	for (size_t i = 0; i < detail->n_sessions; i++) {
		g_autoptr(NetpontHistoryItem) item =
		    netpont_history_item_new_session(detail->sessions[i]);
		g_list_store_append(self->history, item);
	}
	for (size_t i = 0; i < detail->n_ledger; i++) {
		g_autoptr(NetpontHistoryItem) item =
		    netpont_history_item_new_ledger(detail->ledger[i], self->client);
		g_list_store_append(self->history, item);
	}
}

/* Only ledger rows can be reversed; sessions are history only. */
static void page_update_reverse(NetpontResidentsPage *self)
{
	NetpontHistoryItem *entry = gtk_single_selection_get_selected_item(self->history_selection);

	gtk_widget_set_sensitive(self->reverse_button, entry != NULL && entry->is_ledger);
}

static void page_load_detail(NetpontResidentsPage *self)
{
	Netpont__ResidentShow show = NETPONT__RESIDENT_SHOW__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->shown_login == NULL)
		return;
	show.login = self->shown_login;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_SHOW;
	env.resident_show = &show;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, detail_done);
}

static void on_selection_changed(NetpontResidentsPage *self)
{
	NetpontResidentItem *resident = gtk_single_selection_get_selected_item(self->selection);

	if (resident == NULL)
		return;
	g_free(self->shown_login);
	self->shown_login = g_strdup(resident->login);
	gtk_editable_set_text(GTK_EDITABLE(self->login_row), self->shown_login);
	gtk_editable_set_text(GTK_EDITABLE(self->pin_row), "");
	page_update_buttons(self);
	page_load_detail(self);
	netpont_resident_history_set_login(self->progress_panel, self->shown_login);
}

static void list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);
	Netpont__ResidentListReply *list;
	guint select = GTK_INVALID_LIST_POSITION;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY)
		return;
	list = reply->resident_list_reply;
	g_list_store_remove_all(self->residents);
	for (size_t i = 0; i < list->n_residents; i++) {
		Netpont__Resident *r = list->residents[i];
		g_autoptr(NetpontResidentItem) item = netpont_resident_item_new(r, self->client);
		g_list_store_append(self->residents, item);
		if (g_strcmp0(r->login, self->shown_login) == 0)
			select = (guint)i;
	}
	gtk_single_selection_set_selected(self->selection, select);
}

static void on_search_changed(NetpontResidentsPage *self)
{
	g_autofree char *query = netpont_editable_get_stripped(self->search_entry);

	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	netpont_request_residents(self->client, GTK_WIDGET(self), query,
	                          gtk_check_button_get_active(self->guests_check), list_done);
}

static void categories_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);
	guint old = g_list_model_get_n_items(G_LIST_MODEL(self->categories));

	if (reply->body_case != NETPONT__ENVELOPE__BODY_CATEGORY_LIST_REPLY)
		return;
	gtk_string_list_splice(self->categories, 0, old, NULL);
	g_ptr_array_set_size(self->category_names, 0);
	gtk_string_list_append(self->categories, _("Usual category"));
	g_ptr_array_add(self->category_names, g_strdup(""));
	for (size_t i = 0; i < reply->category_list_reply->n_categories; i++) {
		const Netpont__Category *k = reply->category_list_reply->categories[i];
		gtk_string_list_append(self->categories, np_display_name(k->label, k->name));
		g_ptr_array_add(self->category_names, g_strdup(k->name));
	}
}

void netpont_residents_page_reload(NetpontResidentsPage *self)
{
	Netpont__CategoryList list = NETPONT__CATEGORY_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_CATEGORY_LIST;
	env.category_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, categories_done);
	on_search_changed(self);
	page_load_detail(self);
}

static void page_reset_form(NetpontResidentsPage *self)
{
	g_clear_pointer(&self->shown_login, g_free);
	gtk_selection_model_unselect_all(GTK_SELECTION_MODEL(self->selection));
	g_list_store_remove_all(self->history);
	netpont_resident_history_set_login(self->progress_panel, NULL);
	gtk_editable_set_text(GTK_EDITABLE(self->login_row), "");
	gtk_editable_set_text(GTK_EDITABLE(self->name_row), "");
	gtk_editable_set_text(GTK_EDITABLE(self->note_row), "");
	page_show_birth_year(self, 0);
	gtk_editable_set_text(GTK_EDITABLE(self->pin_row), "");
	adw_combo_row_set_selected(self->category_row, 0);
	gtk_label_set_text(self->detail_label,
	                   _("Select a resident, or fill in the form to add a new one."));
	page_update_buttons(self);
}

void netpont_residents_page_clear(NetpontResidentsPage *self)
{
	g_clear_handle_id(&self->ledger_reload_source, g_source_remove);
	g_list_store_remove_all(self->residents);
	page_reset_form(self);
}

void netpont_residents_page_set_can_edit(NetpontResidentsPage *self, gboolean can_edit)
{
	gtk_widget_set_visible(self->form_group, can_edit);
	gtk_widget_set_visible(self->button_box, can_edit);
}

void netpont_residents_page_set_can_reverse(NetpontResidentsPage *self, gboolean can_reverse)
{
	gtk_widget_set_visible(self->reverse_button, can_reverse);
}

static void reverse_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);

	on_search_changed(self);
	page_load_detail(self);
}

static void reverse_response(AdwMessageDialog *dialog, const char *response,
                             NetpontResidentsPage *self)
{
	GtkEditable *note = g_object_get_data(G_OBJECT(dialog), "netpont-note");
	gint64 id = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(dialog), "netpont-entry"));
	Netpont__LedgerReverse reverse = NETPONT__LEDGER_REVERSE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *text = NULL;

	if (g_strcmp0(response, "reverse") != 0 || self->client == NULL)
		return;
	text = netpont_editable_get_stripped(note);
	reverse.entry_id = id;
	reverse.note = text;
	env.body_case = NETPONT__ENVELOPE__BODY_LEDGER_REVERSE;
	env.ledger_reverse = &reverse;
	netpont_request(self->client, GTK_WIDGET(self), &env,
	                _("The entry is reversed; the correction is in the history."),
	                reverse_done);
}

/* A correction is a new ledger row that names the one it reverses and why;
 * nothing is changed or deleted. */
static void on_reverse_clicked(NetpontResidentsPage *self)
{
	NetpontHistoryItem *entry = gtk_single_selection_get_selected_item(self->history_selection);
	AdwMessageDialog *dialog;
	GtkWidget *note;
	g_autofree char *body = NULL;

	if (entry == NULL || !entry->is_ledger)
		return;
	body = g_strdup_printf(_("This adds a correction that cancels “%s %s” of %s. "
	                         "Write why; the treasurer's reports show it."),
	                       entry->what, entry->amount, entry->when);
	dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), _("Reverse this entry?"), body));
	note = gtk_entry_new();
	gtk_widget_set_name(note, "residents-reverse-note");
	gtk_entry_set_placeholder_text(GTK_ENTRY(note), _("Why (required)"));
	adw_message_dialog_set_extra_child(dialog, note);
	adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "reverse", _("_Reverse"),
	                                 NULL);
	adw_message_dialog_set_response_appearance(dialog, "reverse", ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_object_set_data(G_OBJECT(dialog), "netpont-note", note);
	g_object_set_data(G_OBJECT(dialog), "netpont-entry", GSIZE_TO_POINTER((gsize)entry->id));
	g_signal_connect_object(dialog, "response", G_CALLBACK(reverse_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

/* ------------------------------------------------------------ data rights */

/* The export the chooser asked for arrived: a name ending in .pdf gets the
 * sheet for the resident (in the site's language), any other JSON. */
static void export_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);
	g_autofree char *path = g_strdup(g_object_get_data(G_OBJECT(self), "netpont-export-path"));
	const Netpont__ResidentExportReply *r;
	g_autoptr(GError) error = NULL;
	g_autofree char *pdf_error = NULL;
	gboolean ok;

	g_object_set_data(G_OBJECT(self), "netpont-export-path", NULL);
	if (path == NULL || reply->body_case != NETPONT__ENVELOPE__BODY_RESIDENT_EXPORT_REPLY)
		return;
	r = reply->resident_export_reply;
	if (g_str_has_suffix(path, ".pdf") || g_str_has_suffix(path, ".PDF")) {
		ok = resident_export_pdf(r, r->language, netpont_client_get_currency(self->client),
		                         netpont_client_get_currency_decimals(self->client), path,
		                         &pdf_error);
	} else {
		g_autofree char *json = resident_export_json(r);
		ok = g_file_set_contents(path, json, -1, &error);
	}
	if (ok) {
		g_autofree char *message =
		    g_strdup_printf(_("The resident's data is saved to %s."), path);
		netpont_show_message(GTK_WIDGET(self), message);
	} else if (error != NULL) {
		netpont_show_error(GTK_WIDGET(self), error);
	} else {
		netpont_show_message(GTK_WIDGET(self), pdf_error);
	}
}

void netpont_residents_page_export(NetpontResidentsPage *self, const char *path)
{
	Netpont__ResidentExport m = NETPONT__RESIDENT_EXPORT__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->client == NULL || self->shown_login == NULL)
		return;
	g_object_set_data_full(G_OBJECT(self), "netpont-export-path", g_strdup(path), g_free);
	m.login = self->shown_login;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_EXPORT;
	env.resident_export = &m;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, export_done);
}

static void export_response(GtkNativeDialog *chooser, int response, NetpontResidentsPage *self)
{
	if (response == GTK_RESPONSE_ACCEPT) {
		g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(chooser));
		g_autofree char *path = file != NULL ? g_file_get_path(file) : NULL;
		if (path != NULL)
			netpont_residents_page_export(self, path);
	}
	g_object_unref(chooser);
	g_object_unref(self);
}

static void on_export_clicked(NetpontResidentsPage *self)
{
	GtkFileChooserNative *chooser;
	g_autofree char *name = NULL;

	if (self->shown_login == NULL)
		return;
	chooser = gtk_file_chooser_native_new(
	    _("Save the resident's data"), GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))),
	    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
	/* TRANSLATORS: the file name of a resident's export: their login */
	name = g_strdup_printf(_("data-of-%s.pdf"), self->shown_login);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), name);
	g_signal_connect(chooser, "response", G_CALLBACK(export_response), g_object_ref(self));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

void netpont_residents_page_set_can_erase(NetpontResidentsPage *self, gboolean can_erase)
{
	gtk_widget_set_visible(self->erase_button, can_erase);
}

static void erase_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);

	on_search_changed(self);
	page_load_detail(self);
}

static void erase_response(AdwMessageDialog *dialog, const char *response,
                           NetpontResidentsPage *self)
{
	GtkEditable *note = g_object_get_data(G_OBJECT(dialog), "netpont-note");
	GtkCheckButton *force = g_object_get_data(G_OBJECT(dialog), "netpont-force");
	Netpont__ResidentErase erase = NETPONT__RESIDENT_ERASE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *text = NULL;

	if (g_strcmp0(response, "erase") != 0 || self->client == NULL || self->shown_login == NULL)
		return;
	text = netpont_editable_get_stripped(note);
	erase.login = self->shown_login;
	erase.note = text;
	erase.force = gtk_check_button_get_active(force);
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_ERASE;
	env.resident_erase = &erase;
	netpont_request(self->client, GTK_WIDGET(self), &env,
	                _("The resident's personal data is erased; sessions and payments stay "
	                  "under a pseudonym."),
	                erase_done);
}

/* Erasing cannot be undone: the dialog names the resident and what goes,
 * and asks why. */
static void on_erase_clicked(NetpontResidentsPage *self)
{
	AdwMessageDialog *dialog;
	GtkWidget *box, *note, *force;
	g_autofree char *name = netpont_editable_get_stripped(GTK_EDITABLE(self->name_row));
	g_autofree char *body = NULL;

	if (self->shown_login == NULL)
		return;
	body = g_strdup_printf(
	    _("This erases what is kept about %s (%s): the name, note, PIN and year of birth, "
	      "the texts and outcomes of their help calls, mentors' notes and booking notes. "
	      "Sessions, payments, bookings and attendance stay under a pseudonym, so that every "
	      "total still adds up. The login cannot be used any more. This cannot be undone."),
	    name, self->shown_login);
	dialog = ADW_MESSAGE_DIALOG(
	    adw_message_dialog_new(GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))),
	                           _("Erase this resident's data?"), body));
	gtk_widget_set_name(GTK_WIDGET(dialog), "residents-erase-confirm");
	box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	note = gtk_entry_new();
	gtk_widget_set_name(note, "residents-erase-note");
	gtk_entry_set_placeholder_text(GTK_ENTRY(note), _("Why (required)"));
	force = gtk_check_button_new_with_label(
	    _("Erase even though they owe money or have credit (the note says why)"));
	gtk_widget_set_name(force, "residents-erase-force");
	gtk_box_append(GTK_BOX(box), note);
	gtk_box_append(GTK_BOX(box), force);
	adw_message_dialog_set_extra_child(dialog, box);
	adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "erase", _("_Erase"),
	                                 NULL);
	adw_message_dialog_set_response_appearance(dialog, "erase", ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_default_response(dialog, "cancel");
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_object_set_data(G_OBJECT(dialog), "netpont-note", note);
	g_object_set_data(G_OBJECT(dialog), "netpont-force", force);
	g_signal_connect_object(dialog, "response", G_CALLBACK(erase_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

void netpont_residents_page_focus_search(NetpontResidentsPage *self)
{
	gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

/* ------------------------------------------------------------ events */

/* Payments, charges and reversals made anywhere (the fee desk, another
 * console, netpontctl) change the balances shown here: the list and the
 * shown resident are read again. A burst of events (a payment and its
 * charges) makes one reload, shortly after the last. */
static gboolean ledger_reload_cb(gpointer data)
{
	NetpontResidentsPage *self = data;

	self->ledger_reload_source = 0;
	on_search_changed(self);
	page_load_detail(self);
	return G_SOURCE_REMOVE;
}

static void on_ledger_changed(NetpontClient *client, Netpont__LedgerEntry *entry,
                              NetpontResidentsPage *self)
{
	g_clear_handle_id(&self->ledger_reload_source, g_source_remove);
	self->ledger_reload_source = g_timeout_add(300, ledger_reload_cb, self);
}

void netpont_residents_page_set_client(NetpontResidentsPage *self, NetpontClient *client)
{
	if (self->client != NULL)
		g_signal_handlers_disconnect_by_data(self->client, self);
	g_clear_handle_id(&self->ledger_reload_source, g_source_remove);
	g_set_object(&self->client, client);
	if (client != NULL)
		g_signal_connect(client, "ledger-changed", G_CALLBACK(on_ledger_changed), self);
	if (self->progress_panel != NULL)
		netpont_resident_history_set_client(self->progress_panel, client);
}

static void changed_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(widget);

	if (reply->body_case == NETPONT__ENVELOPE__BODY_RESIDENT && reply->resident != NULL &&
	    self->shown_login == NULL) {
		self->shown_login = g_strdup(reply->resident->login);
		page_update_buttons(self);
	}
	gtk_editable_set_text(GTK_EDITABLE(self->pin_row), "");
	on_search_changed(self);
	page_load_detail(self);
}

static void on_new_clicked(NetpontResidentsPage *self)
{
	page_reset_form(self);
	gtk_widget_grab_focus(GTK_WIDGET(self->login_row));
}

static void on_add_clicked(NetpontResidentsPage *self)
{
	Netpont__ResidentAdd add = NETPONT__RESIDENT_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *login = netpont_editable_get_stripped(self->login_row);
	g_autofree char *name = netpont_editable_get_stripped(self->name_row);
	g_autofree char *note = netpont_editable_get_stripped(self->note_row);
	g_autofree char *message = NULL;

	add.login = login;
	add.name = name;
	add.note = note;
	add.pin = (char *)gtk_editable_get_text(GTK_EDITABLE(self->pin_row));
	add.category = (char *)page_selected_category(self);
	gboolean forget;
	if (!page_birth_year(self, &add.birth_year, &forget))
		return;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_ADD;
	env.resident_add = &add;
	message = g_strdup_printf(_("%s can now sign in as %s."), name, login);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, changed_done);
}

static void page_update_resident(NetpontResidentsPage *self, gboolean pin_only)
{
	Netpont__ResidentUpdate update = NETPONT__RESIDENT_UPDATE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *name = netpont_editable_get_stripped(self->name_row);
	g_autofree char *note = netpont_editable_get_stripped(self->note_row);
	const char *pin = gtk_editable_get_text(GTK_EDITABLE(self->pin_row));

	if (self->shown_login == NULL)
		return;
	update.login = self->shown_login;
	if (pin_only) {
		if (*pin == '\0') {
			netpont_show_message(GTK_WIDGET(self),
			                     _("Type the new PIN first, then press Reset PIN."));
			return;
		}
		update.pin = (char *)pin;
		update.clear_lockout = TRUE;
	} else {
		update.name = name;
		update.note = note;
		update.category = (char *)page_selected_category(self);
		update.pin = (char *)pin;
		gboolean forget;
		if (!page_birth_year(self, &update.birth_year, &forget))
			return;
		update.forget_birth_year = forget;
	}
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE;
	env.resident_update = &update;
	netpont_request(self->client, GTK_WIDGET(self), &env,
	                pin_only ? _("The PIN is reset; the resident can sign in again.")
	                         : _("Changes saved."),
	                changed_done);
}

static void on_save_clicked(NetpontResidentsPage *self)
{
	page_update_resident(self, FALSE);
}

static void on_reset_pin_clicked(NetpontResidentsPage *self)
{
	page_update_resident(self, TRUE);
}

static void netpont_residents_page_dispose(GObject *object)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(object);

	netpont_residents_page_set_client(self, NULL);
	G_OBJECT_CLASS(netpont_residents_page_parent_class)->dispose(object);
}

static void netpont_residents_page_finalize(GObject *object)
{
	NetpontResidentsPage *self = NETPONT_RESIDENTS_PAGE(object);

	g_clear_object(&self->selection);
	g_clear_object(&self->residents);
	g_clear_object(&self->history_selection);
	g_clear_object(&self->history);
	g_clear_object(&self->categories);
	g_clear_pointer(&self->category_names, g_ptr_array_unref);
	g_free(self->shown_login);
	G_OBJECT_CLASS(netpont_residents_page_parent_class)->finalize(object);
}

static void netpont_residents_page_class_init(NetpontResidentsPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_residents_page_dispose;
	object_class->finalize = netpont_residents_page_finalize;
	g_type_ensure(NETPONT_TYPE_RESIDENT_HISTORY);
	gtk_widget_class_set_template_from_resource(
	    widget_class, "/hu/netpont/console/netpont-residents-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, progress_panel);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, search_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, guests_check);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, view);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, history_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, reverse_button);
	gtk_widget_class_bind_template_callback(widget_class, on_reverse_clicked);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, detail_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, form_group);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, login_row);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, name_row);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, category_row);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, note_row);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, birth_year_row);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, pin_row);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, button_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, add_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, save_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, reset_pin_button);
	gtk_widget_class_bind_template_callback(widget_class, on_search_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_new_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_add_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_reset_pin_clicked);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, export_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontResidentsPage, erase_button);
	gtk_widget_class_bind_template_callback(widget_class, on_export_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_erase_clicked);
}

static void netpont_residents_page_init(NetpontResidentsPage *self)
{

	gtk_widget_init_template(GTK_WIDGET(self));
	self->residents = g_list_store_new(NETPONT_TYPE_RESIDENT_ITEM);
	self->selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->residents)));
	gtk_single_selection_set_autoselect(self->selection, FALSE);
	gtk_single_selection_set_can_unselect(self->selection, TRUE);
	gtk_column_view_set_model(self->view, GTK_SELECTION_MODEL(self->selection));
	netpont_column_view_add(self->view, _("Login"), "login", FALSE);
	netpont_column_view_add(self->view, _("Name"), "name", TRUE);
	netpont_column_view_add(self->view, _("Category"), "category", FALSE);
	netpont_column_view_add(self->view, _("Owes"), "due", FALSE);
	netpont_column_view_add(self->view, _("State"), "state", FALSE);
	g_signal_connect_swapped(self->selection, "selection-changed",
	                         G_CALLBACK(on_selection_changed), self);

	self->history = g_list_store_new(NETPONT_TYPE_HISTORY_ITEM);
	self->history_selection =
	    gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->history)));
	gtk_single_selection_set_autoselect(self->history_selection, FALSE);
	gtk_single_selection_set_can_unselect(self->history_selection, TRUE);
	gtk_column_view_set_model(self->history_view, GTK_SELECTION_MODEL(self->history_selection));
	g_signal_connect_swapped(self->history_selection, "selection-changed",
	                         G_CALLBACK(page_update_reverse), self);
	netpont_column_view_add(self->history_view, _("When"), "when", FALSE);
	netpont_column_view_add(self->history_view, _("What"), "what", TRUE);
	netpont_column_view_add(self->history_view, _("Amount"), "amount", FALSE);
	netpont_column_view_add(self->history_view, _("By"), "by", FALSE);

	self->categories = gtk_string_list_new(NULL);
	self->category_names = g_ptr_array_new_with_free_func(g_free);
	adw_combo_row_set_model(self->category_row, G_LIST_MODEL(self->categories));
	page_update_buttons(self);
}
