#include "netpont-fees-page.h"

#include <glib/gi18n.h>

#include "common/np_request_key.h"

#include "netpont-ledger-items.h"
#include "netpont-resident-item.h"
#include "netpont-util.h"

/* The request key of a payment or a charge the desk is sending. A retry
 * of the same action (same content) after a lost reply carries the same
 * key, so the server takes it once; a success ends the action, so the next
 * click, even an identical one, is a new action with a new key. */
typedef struct fees_action {
	char key[NP_REQUEST_KEY_SIZE];
	char *content; /* what was sent with key; NULL: no action pending */
} fees_action;

struct _NetpontFeesPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *residents;
	GtkSingleSelection *resident_selection;
	GListStore *bill;
	GtkStringList *service_labels;
	GPtrArray *services;       /* char*, parallel to service_labels */
	GHashTable *tariff_labels; /* service -> label */
	char *login;               /* the resident shown, or NULL */
	char *resident_name;
	gint64 due;
	gint64 credit;       /* paid in advance, shown instead of a negative due */
	gboolean shift_open; /* the signed-in staff member's own shift */
	gint64 last_charge;  /* the item added last for the resident shown, 0: none */
	NetpontReceipt *receipt;
	fees_action pay_action, charge_action;

	GtkSearchEntry *search_entry;
	GtkListView *resident_list;
	GtkWidget *bill_box;
	GtkWidget *shift_warning;
	GtkSpinButton *shift_float_spin;
	GtkSpinButton *tendered_spin;
	GtkLabel *change_label;
	GtkLabel *resident_label;
	GtkLabel *due_label;
	GtkColumnView *bill_view;
	GtkWidget *charge_box;
	GtkDropDown *service_dropdown;
	GtkSpinButton *qty_spin;
	GtkWidget *undo_charge_button;
	GtkWidget *pay_box;
	GtkSpinButton *amount_spin;
	GtkDropDown *method_dropdown;
	GtkEntry *note_entry;
	GtkLabel *receipt_label;
	GtkWidget *save_receipt_button;
	GtkWidget *print_receipt_button;
};

G_DEFINE_FINAL_TYPE(NetpontFeesPage, netpont_fees_page, GTK_TYPE_BOX)

static const char *page_service_label(NetpontFeesPage *self, const char *service)
{
	const char *label = g_hash_table_lookup(self->tariff_labels, service);
	return label != NULL && *label ? label : service;
}

static void page_update(NetpontFeesPage *self)
{
	gboolean shown = self->login != NULL;

	gtk_widget_set_sensitive(self->charge_box, shown);
	gtk_widget_set_sensitive(self->pay_box, shown);
	gtk_widget_set_sensitive(self->save_receipt_button, self->receipt != NULL);
	gtk_widget_set_sensitive(self->print_receipt_button, self->receipt != NULL);
	if (!shown) {
		gtk_label_set_text(self->resident_label, _("Find a resident on the left"));
		gtk_label_set_text(self->due_label, "");
	}
}

/* The change helper: what the resident handed over minus what is being
 * paid. */
static void on_tendered_changed(NetpontFeesPage *self)
{
	gint64 tendered = (gint64)gtk_spin_button_get_value(self->tendered_spin);
	gint64 amount = (gint64)gtk_spin_button_get_value(self->amount_spin);
	g_autofree char *money = netpont_client_format_money(self->client, ABS(tendered - amount));
	g_autofree char *text = NULL;

	if (self->client == NULL || tendered == 0)
		text = g_strdup("");
	else if (tendered < amount)
		/* TRANSLATORS: the money handed over is less than the payment */
		text = g_strdup_printf(_("%s short"), money);
	else
		/* TRANSLATORS: what to give back, "Change: 200 Ft" */
		text = g_strdup_printf(_("Change: %s"), money);
	gtk_label_set_text(self->change_label, text);
}

/* All of the money handed over is paid: the part above what is owed
 * becomes the resident's credit. */
static void on_keep_change_clicked(NetpontFeesPage *self)
{
	gint64 tendered = (gint64)gtk_spin_button_get_value(self->tendered_spin);

	if (tendered > 0) {
		gtk_drop_down_set_selected(self->method_dropdown, 0);
		gtk_spin_button_set_value(self->amount_spin, (double)tendered);
	}
}

/* The warning with "Start shift" shows while no shift of one's own is
 * open. */
static void page_show_shift_state(NetpontFeesPage *self, gboolean open)
{
	self->shift_open = open;
	gtk_widget_set_visible(self->shift_warning, !open);
}

static void shift_current_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);

	if (reply->body_case == NETPONT__ENVELOPE__BODY_SHIFT_REPLY)
		page_show_shift_state(self, reply->shift_reply->shift != NULL &&
		                                reply->shift_reply->shift->id != 0 &&
		                                reply->shift_reply->shift->ended_at == 0);
}

static void page_load_shift(NetpontFeesPage *self)
{
	Netpont__ShiftCurrent current = NETPONT__SHIFT_CURRENT__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->client == NULL)
		return;
	env.body_case = NETPONT__ENVELOPE__BODY_SHIFT_CURRENT;
	env.shift_current = &current;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, shift_current_done);
}

static void on_start_shift_clicked(NetpontFeesPage *self)
{
	Netpont__ShiftStart start = NETPONT__SHIFT_START__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	start.cash_float = (int64_t)gtk_spin_button_get_value(self->shift_float_spin);
	env.body_case = NETPONT__ENVELOPE__BODY_SHIFT_START;
	env.shift_start = &start;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("Your shift has started."),
	                shift_current_done);
}

static void on_shift_changed(NetpontClient *client, Netpont__Shift *shift, gpointer data)
{
	NetpontFeesPage *self = data;

	if (shift != NULL && g_strcmp0(shift->staff, netpont_client_get_staff_name(client)) == 0)
		page_show_shift_state(self, shift->ended_at == 0);
}

static void bill_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);
	Netpont__BillReply *bill;
	g_autofree char *title = NULL;
	g_autofree char *due = NULL;
	g_autofree char *due_text = NULL;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_BILL_REPLY)
		return;
	bill = reply->bill_reply;
	if (g_strcmp0(bill->resident_login, self->login) != 0 && self->login != NULL &&
	    bill->resident_login != NULL && *bill->resident_login)
		return; /* an answer for a resident no longer shown */
	g_free(self->resident_name);
	self->resident_name = g_strdup(bill->resident_name);
	self->due = MAX(bill->due, 0);
	self->credit = bill->credit;
	title = g_strdup_printf("%s (%s)", bill->resident_name, self->login);
	gtk_label_set_text(self->resident_label, title);
	due = netpont_client_format_balance(self->client, bill->due, bill->credit);
	if (bill->credit > 0) {
		g_autofree char *credit = netpont_client_format_money(self->client, bill->credit);
		/* TRANSLATORS: "Credit: 500 Ft", paid in advance */
		due_text = g_strdup_printf(_("Credit: %s"), credit);
	} else {
		/* TRANSLATORS: "Due: 1 234 Ft" */
		due_text = g_strdup_printf(_("Due: %s"), due);
	}
	gtk_label_set_text(self->due_label, due_text);
	gtk_spin_button_set_value(self->amount_spin, (double)self->due);
	gtk_spin_button_set_value(self->tendered_spin, 0);
	/* Keep the search list's amount in step with the bill. */
	for (guint i = 0; i < g_list_model_get_n_items(G_LIST_MODEL(self->residents)); i++) {
		g_autoptr(NetpontResidentItem) resident =
		    g_list_model_get_item(G_LIST_MODEL(self->residents), i);
		if (g_strcmp0(resident->login, self->login) == 0)
			netpont_item_set_text(resident, &resident->due, due);
	}
	g_list_store_remove_all(self->bill);
	for (size_t i = 0; i < bill->n_lines; i++) {
		Netpont__BillLine *line = bill->lines[i];
		g_autoptr(NetpontBillLine) item = netpont_bill_line_new(
		    line, page_service_label(self, line->service), self->client);
		g_list_store_append(self->bill, item);
	}
	page_update(self);
}

static void page_load_bill(NetpontFeesPage *self)
{
	Netpont__Bill bill = NETPONT__BILL__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->login == NULL || self->client == NULL)
		return;
	bill.resident_login = self->login;
	env.body_case = NETPONT__ENVELOPE__BODY_BILL;
	env.bill = &bill;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, bill_done);
}

static void on_resident_selected(NetpontFeesPage *self)
{
	NetpontResidentItem *resident =
	    gtk_single_selection_get_selected_item(self->resident_selection);

	if (resident == NULL)
		return;
	if (g_strcmp0(self->login, resident->login) != 0) {
		g_free(self->login);
		self->login = g_strdup(resident->login);
		g_list_store_remove_all(self->bill);
		self->last_charge = 0;
		gtk_widget_set_sensitive(self->undo_charge_button, FALSE);
	}
	page_load_bill(self);
}

static void resident_list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);
	Netpont__ResidentListReply *list;
	g_autofree char *query = NULL;
	guint select = GTK_INVALID_LIST_POSITION;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY)
		return;
	list = reply->resident_list_reply;
	query = netpont_editable_get_stripped(self->search_entry);
	g_list_store_remove_all(self->residents);
	for (size_t i = 0; i < list->n_residents; i++) {
		Netpont__Resident *r = list->residents[i];
		g_autoptr(NetpontResidentItem) item = netpont_resident_item_new(r, self->client);
		g_list_store_append(self->residents, item);
		if (g_strcmp0(r->login, self->login) == 0 ||
		    (*query && g_ascii_strcasecmp(r->login, query) == 0))
			select = (guint)i;
	}
	gtk_single_selection_set_selected(self->resident_selection, select);
}

static void on_search_changed(NetpontFeesPage *self)
{
	g_autofree char *query = netpont_editable_get_stripped(self->search_entry);

	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	netpont_request_residents(self->client, GTK_WIDGET(self), query, TRUE, resident_list_done);
}

static void tariff_list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);
	Netpont__TariffListReply *list;
	guint old = g_list_model_get_n_items(G_LIST_MODEL(self->service_labels));

	if (reply->body_case != NETPONT__ENVELOPE__BODY_TARIFF_LIST_REPLY)
		return;
	list = reply->tariff_list_reply;
	g_hash_table_remove_all(self->tariff_labels);
	g_ptr_array_set_size(self->services, 0);
	gtk_string_list_splice(self->service_labels, 0, old, NULL);
	for (size_t i = 0; i < list->n_tariffs; i++) {
		Netpont__Tariff *t = list->tariffs[i];
		const char *label = t->label != NULL && *t->label ? t->label : t->service;
		g_autofree char *price = netpont_client_format_money(self->client, t->price);
		g_autofree char *shown = g_strdup_printf("%s — %s", label, price);
		g_hash_table_insert(self->tariff_labels, g_strdup(t->service), g_strdup(label));
		/* Time and prints are charged by the system; the desk adds
		 * office services (copies, scans, ...). */
		if (t->per_minutes > 0 || g_str_has_prefix(t->service, "print-"))
			continue;
		g_ptr_array_add(self->services, g_strdup(t->service));
		gtk_string_list_append(self->service_labels, shown);
	}
}

void netpont_fees_page_reload(NetpontFeesPage *self)
{
	Netpont__TariffList list = NETPONT__TARIFF_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_TARIFF_LIST;
	env.tariff_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, tariff_list_done);
	on_search_changed(self);
	page_load_bill(self);
	page_load_shift(self);
}

void netpont_fees_page_clear(NetpontFeesPage *self)
{
	g_list_store_remove_all(self->residents);
	g_list_store_remove_all(self->bill);
	g_clear_pointer(&self->login, g_free);
	g_clear_pointer(&self->receipt, netpont_receipt_free);
	gtk_label_set_text(self->receipt_label, "");
	page_update(self);
}

void netpont_fees_page_focus_search(NetpontFeesPage *self)
{
	gtk_widget_grab_focus(GTK_WIDGET(self->search_entry));
}

const NetpontReceipt *netpont_fees_page_get_last_receipt(NetpontFeesPage *self)
{
	return self->receipt;
}

static void on_ledger_changed(NetpontClient *client, Netpont__LedgerEntry *entry, gpointer data)
{
	NetpontFeesPage *self = data;

	if (self->login != NULL && g_strcmp0(entry->resident_login, self->login) == 0)
		page_load_bill(self);
}

void netpont_fees_page_set_client(NetpontFeesPage *self, NetpontClient *client)
{
	if (self->client != NULL) {
		g_signal_handlers_disconnect_by_data(self->client, self);
		g_clear_object(&self->client);
	}
	if (client == NULL)
		return;
	self->client = g_object_ref(client);
	g_signal_connect(client, "ledger-changed", G_CALLBACK(on_ledger_changed), self);
	g_signal_connect(client, "shift-changed", G_CALLBACK(on_shift_changed), self);
}

/* The key for an action with this content: the pending one's when the
 * content is the same (the user tries again after an error), else a new
 * one. NULL (send no key) when the system has no random numbers. */
static char *fees_action_key(fees_action *a, const char *content)
{
	if (a->content == NULL || strcmp(a->content, content) != 0) {
		g_clear_pointer(&a->content, g_free);
		if (np_request_key_new(a->key) != 0)
			return NULL;
		a->content = g_strdup(content);
	}
	return a->key;
}

/* The server took the action: the next one gets a new key. */
static void fees_action_done(fees_action *a)
{
	g_clear_pointer(&a->content, g_free);
}

static void charge_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);
	fees_action_done(&self->charge_action);
	if (reply->body_case == NETPONT__ENVELOPE__BODY_CHARGE_ADDED &&
	    reply->charge_added->entry != NULL) {
		self->last_charge = reply->charge_added->entry->id;
		gtk_widget_set_sensitive(self->undo_charge_button, TRUE);
	}
	page_load_bill(self);
}

static void undo_charge_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);

	self->last_charge = 0;
	gtk_widget_set_sensitive(self->undo_charge_button, FALSE);
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	page_load_bill(self);
}

/* A mentor takes back the item they added last (a wrong office item); the
 * server allows it for a few minutes and says so when it is too late. */
static void on_undo_charge_clicked(NetpontFeesPage *self)
{
	Netpont__LedgerReverse reverse = NETPONT__LEDGER_REVERSE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *note = netpont_editable_get_stripped(self->note_entry);

	if (self->last_charge == 0)
		return;
	reverse.entry_id = self->last_charge;
	reverse.note = note;
	env.body_case = NETPONT__ENVELOPE__BODY_LEDGER_REVERSE;
	env.ledger_reverse = &reverse;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("The item was taken back."),
	                undo_charge_done);
}

static void on_charge_clicked(NetpontFeesPage *self)
{
	guint index = gtk_drop_down_get_selected(self->service_dropdown);
	Netpont__ChargeAdd charge = NETPONT__CHARGE_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	if (self->login == NULL || index == GTK_INVALID_LIST_POSITION ||
	    index >= self->services->len)
		return;
	charge.resident_login = self->login;
	charge.service = g_ptr_array_index(self->services, index);
	charge.qty = gtk_spin_button_get_value_as_int(self->qty_spin);
	g_autofree char *content = g_strdup_printf("%s\n%s\n%lld", charge.resident_login,
	                                           charge.service, (long long)charge.qty);
	charge.request_key = fees_action_key(&self->charge_action, content);
	env.body_case = NETPONT__ENVELOPE__BODY_CHARGE_ADD;
	env.charge_add = &charge;
	message = g_strdup_printf(_("Added to the bill: %s × %d."),
	                          page_service_label(self, charge.service), (int)charge.qty);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, charge_done);
	gtk_spin_button_set_value(self->qty_spin, 1);
}

static void pay_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(widget);
	NetpontReceipt *receipt;
	Netpont__LedgerEntry *entry;
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->bill));
	g_autofree char *paid = NULL;
	g_autofree char *text = NULL;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_PAY_REPLY ||
	    reply->pay_reply->entry == NULL)
		return;
	fees_action_done(&self->pay_action);
	entry = reply->pay_reply->entry;
	/* The receipt lists the bill as it stood when the money was taken. */
	receipt = netpont_receipt_new();
	receipt->site_name = g_strdup(netpont_client_get_site_name(self->client));
	/* The receipt names the mentor as residents know them ("Dóra"). */
	receipt->mentor = g_strdup(entry->staff_display_name != NULL && *entry->staff_display_name
	                               ? entry->staff_display_name
	                               : netpont_client_get_staff_name(self->client));
	receipt->resident_name = g_strdup(self->resident_name);
	receipt->resident_login = g_strdup(self->login);
	g_free(receipt->currency);
	receipt->currency = g_strdup(netpont_client_get_currency(self->client));
	receipt->currency_decimals = netpont_client_get_currency_decimals(self->client);
	receipt->at = entry->at > 0 ? entry->at : netpont_client_get_server_time(self->client);
	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontBillLine) line =
		    g_list_model_get_item(G_LIST_MODEL(self->bill), i);
		netpont_receipt_add_line(receipt, line->service_label, line->when, line->qty,
		                         line->amount);
	}
	receipt->total = self->due;
	receipt->paid = entry->amount;
	receipt->method =
	    g_strdup(entry->method != NULL && *entry->method ? entry->method : "cash");
	receipt->note = g_strdup(entry->note);
	receipt->due_after = reply->pay_reply->due;
	receipt->credit_after = reply->pay_reply->credit;
	g_clear_pointer(&self->receipt, netpont_receipt_free);
	self->receipt = receipt;

	paid = netpont_client_format_money(self->client, entry->amount);
	if (g_strcmp0(receipt->method, "waive") == 0)
		text = g_strdup_printf(_("Waived %s for %s. A receipt can be saved or printed."),
		                       paid, self->resident_name);
	else if (g_strcmp0(receipt->method, "refund") == 0)
		text = g_strdup_printf(_("Gave %s back to %s. A receipt can be saved or printed."),
		                       paid, self->resident_name);
	else if (receipt->credit_after > 0) {
		g_autofree char *credit =
		    netpont_client_format_money(self->client, receipt->credit_after);
		text = g_strdup_printf(_("Took %s from %s; %s is kept as credit. A receipt can "
		                         "be saved or printed."),
		                       paid, self->resident_name, credit);
	} else
		text = g_strdup_printf(_("Took %s from %s. A receipt can be saved or printed."),
		                       paid, self->resident_name);
	gtk_label_set_text(self->receipt_label, text);
	netpont_show_message(GTK_WIDGET(self), text);
	gtk_editable_set_text(GTK_EDITABLE(self->note_entry), "");
	page_load_bill(self);
	on_search_changed(self);
}

static void on_pay_clicked(NetpontFeesPage *self)
{
	Netpont__Pay pay = NETPONT__PAY__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *note = netpont_editable_get_stripped(self->note_entry);

	if (self->login == NULL)
		return;
	pay.resident_login = self->login;
	pay.amount = (int64_t)gtk_spin_button_get_value(self->amount_spin);
	switch (gtk_drop_down_get_selected(self->method_dropdown)) {
	case 1:
		pay.method = "waive";
		break;
	case 2:
		pay.method = "refund";
		break;
	default:
		pay.method = "cash";
		break;
	}
	pay.note = note;
	g_autofree char *content = g_strdup_printf("%s\n%lld\n%s\n%s", pay.resident_login,
	                                           (long long)pay.amount, pay.method, pay.note);
	pay.request_key = fees_action_key(&self->pay_action, content);
	env.body_case = NETPONT__ENVELOPE__BODY_PAY;
	env.pay = &pay;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, pay_done);
}

static void save_receipt_response(GtkNativeDialog *dialog, int response, gpointer data)
{
	NetpontFeesPage *self = data;
	g_autoptr(GFile) file = NULL;
	g_autofree char *path = NULL;
	g_autoptr(GError) error = NULL;

	if (response == GTK_RESPONSE_ACCEPT && self->receipt != NULL) {
		file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
		path = file != NULL ? g_file_get_path(file) : NULL;
		if (path != NULL) {
			if (netpont_receipt_save_pdf(self->receipt, path, &error)) {
				g_autofree char *msg =
				    g_strdup_printf(_("Receipt saved to %s."), path);
				netpont_show_message(GTK_WIDGET(self), msg);
			} else {
				netpont_show_error(GTK_WIDGET(self), error);
			}
		}
	}
	g_object_unref(dialog);
	g_object_unref(self);
}

static void on_save_receipt_clicked(NetpontFeesPage *self)
{
	GtkFileChooserNative *chooser;
	g_autofree char *name = NULL;

	if (self->receipt == NULL)
		return;
	chooser = gtk_file_chooser_native_new(
	    _("Save receipt"), GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))),
	    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
	g_autoptr(GDateTime) at = g_date_time_new_from_unix_local(self->receipt->at);
	g_autofree char *stamp =
	    at != NULL ? g_date_time_format(at, "%Y%m%d-%H%M%S") : g_strdup("0");
	/* TRANSLATORS: the file name of a saved receipt: login and time */
	name = g_strdup_printf(_("receipt-%s-%s.pdf"), self->receipt->resident_login, stamp);
	gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(chooser), name);
	g_signal_connect(chooser, "response", G_CALLBACK(save_receipt_response),
	                 g_object_ref(self));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

static void print_draw_page(GtkPrintOperation *operation, GtkPrintContext *context, int page,
                            gpointer data)
{
	NetpontFeesPage *self = data;

	if (self->receipt != NULL)
		netpont_receipt_draw(self->receipt, gtk_print_context_get_cairo_context(context),
		                     gtk_print_context_get_width(context));
}

static void on_print_receipt_clicked(NetpontFeesPage *self)
{
	g_autoptr(GtkPrintOperation) operation = NULL;
	g_autoptr(GError) error = NULL;

	if (self->receipt == NULL)
		return;
	operation = gtk_print_operation_new();
	gtk_print_operation_set_n_pages(operation, 1);
	gtk_print_operation_set_unit(operation, GTK_UNIT_POINTS);
	g_signal_connect(operation, "draw-page", G_CALLBACK(print_draw_page), self);
	if (gtk_print_operation_run(operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
	                            GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))),
	                            &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
		netpont_show_error(GTK_WIDGET(self), error);
}

static void netpont_fees_page_dispose(GObject *object)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(object);

	netpont_fees_page_set_client(self, NULL);
	G_OBJECT_CLASS(netpont_fees_page_parent_class)->dispose(object);
}

static void netpont_fees_page_finalize(GObject *object)
{
	NetpontFeesPage *self = NETPONT_FEES_PAGE(object);

	g_clear_object(&self->resident_selection);
	g_clear_object(&self->residents);
	g_clear_object(&self->bill);
	g_clear_object(&self->service_labels);
	g_ptr_array_unref(self->services);
	g_hash_table_unref(self->tariff_labels);
	g_free(self->login);
	g_free(self->resident_name);
	netpont_receipt_free(self->receipt);
	fees_action_done(&self->pay_action);
	fees_action_done(&self->charge_action);
	G_OBJECT_CLASS(netpont_fees_page_parent_class)->finalize(object);
}

static void netpont_fees_page_class_init(NetpontFeesPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_fees_page_dispose;
	object_class->finalize = netpont_fees_page_finalize;
	g_type_ensure(NETPONT_TYPE_RESIDENT_ITEM);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-fees-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, search_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, resident_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, bill_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, shift_warning);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, shift_float_spin);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, tendered_spin);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, change_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, resident_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, due_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, bill_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, charge_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, service_dropdown);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, qty_spin);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, undo_charge_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, pay_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, amount_spin);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, method_dropdown);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, note_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, receipt_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, save_receipt_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontFeesPage, print_receipt_button);
	gtk_widget_class_bind_template_callback(widget_class, on_search_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_charge_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_pay_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_save_receipt_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_print_receipt_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_tendered_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_keep_change_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_start_shift_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_undo_charge_clicked);
}

static void netpont_fees_page_init(NetpontFeesPage *self)
{
	g_autoptr(GtkNoSelection) bill_model = NULL;

	gtk_widget_init_template(GTK_WIDGET(self));
	self->residents = g_list_store_new(NETPONT_TYPE_RESIDENT_ITEM);
	self->resident_selection =
	    gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->residents)));
	gtk_single_selection_set_autoselect(self->resident_selection, FALSE);
	gtk_single_selection_set_can_unselect(self->resident_selection, TRUE);
	gtk_list_view_set_model(self->resident_list, GTK_SELECTION_MODEL(self->resident_selection));
	g_signal_connect_swapped(self->resident_selection, "selection-changed",
	                         G_CALLBACK(on_resident_selected), self);

	self->bill = g_list_store_new(NETPONT_TYPE_BILL_LINE);
	bill_model = gtk_no_selection_new(G_LIST_MODEL(g_object_ref(self->bill)));
	gtk_column_view_set_model(self->bill_view, GTK_SELECTION_MODEL(bill_model));
	netpont_column_view_add(self->bill_view, _("When"), "when", FALSE);
	netpont_column_view_add(self->bill_view, _("PC"), "seat", FALSE);
	netpont_column_view_add(self->bill_view, _("Service"), "service-label", TRUE);
	netpont_column_view_add(self->bill_view, _("Qty"), "qty-text", FALSE);
	netpont_column_view_add(self->bill_view, _("Amount"), "amount-text", FALSE);

	self->service_labels = gtk_string_list_new(NULL);
	gtk_drop_down_set_model(self->service_dropdown, G_LIST_MODEL(self->service_labels));
	self->services = g_ptr_array_new_with_free_func(g_free);
	self->tariff_labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	page_update(self);
}
