#include "netpont-admin-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "netpont-admin-items.h"
#include "netpont-audit-view.h"
#include "netpont-staff-pane.h"
#include "netpont-hours-pane.h"
#include "netpont-volunteer-pane.h"
#include "netpont-util.h"

struct _NetpontAdminPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *tariffs;
	GListStore *categories;
	GListStore *settings;
	GListStore *staff;
	GtkSingleSelection *tariff_selection;
	GtkSingleSelection *category_selection;
	GtkSingleSelection *setting_selection;

	GtkEntry *seat_entry;
	GtkColumnView *tariff_view;
	GtkEntry *tariff_service;
	GtkEntry *tariff_label;
	GtkSpinButton *tariff_price;
	GtkSpinButton *tariff_minutes;
	GtkColumnView *category_view;
	GtkEntry *category_name;
	GtkEntry *category_label;
	GtkSpinButton *category_percent;
	GtkColumnView *setting_view;
	GtkEntry *setting_key;
	GtkEntry *setting_value;
	NetpontHoursPane *hours_pane;
	NetpontVolunteerPane *volunteer_pane;
	GtkColumnView *staff_view;
	GtkEntry *staff_name;
	GtkDropDown *staff_role;
	GtkEntry *staff_password;
	NetpontAuditView *audit_view;
	NetpontStaffPane *staff_pane;
};

G_DEFINE_FINAL_TYPE(NetpontAdminPage, netpont_admin_page, GTK_TYPE_BOX)

static void tariffs_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontAdminPage *self = NETPONT_ADMIN_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_TARIFF_LIST_REPLY)
		return;
	g_list_store_remove_all(self->tariffs);
	for (size_t i = 0; i < reply->tariff_list_reply->n_tariffs; i++) {
		g_autoptr(NetpontTariffItem) item =
		    netpont_tariff_item_new(reply->tariff_list_reply->tariffs[i], self->client);
		g_list_store_append(self->tariffs, item);
	}
}

static void categories_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontAdminPage *self = NETPONT_ADMIN_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_CATEGORY_LIST_REPLY)
		return;
	g_list_store_remove_all(self->categories);
	for (size_t i = 0; i < reply->category_list_reply->n_categories; i++) {
		g_autoptr(NetpontCategoryItem) item =
		    netpont_category_item_new(reply->category_list_reply->categories[i]);
		g_list_store_append(self->categories, item);
	}
}

static void settings_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontAdminPage *self = NETPONT_ADMIN_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_SETTING_LIST_REPLY)
		return;
	g_list_store_remove_all(self->settings);
	for (size_t i = 0; i < reply->setting_list_reply->n_settings; i++) {
		Netpont__Setting *s = reply->setting_list_reply->settings[i];
		g_autoptr(NetpontSettingItem) item = netpont_setting_item_new(s);
		g_list_store_append(self->settings, item);
	}
}

static void staff_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontAdminPage *self = NETPONT_ADMIN_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_STAFF_LIST_REPLY)
		return;
	g_list_store_remove_all(self->staff);
	for (size_t i = 0; i < reply->staff_list_reply->n_staff; i++) {
		g_autoptr(NetpontStaffItem) item =
		    netpont_staff_item_new(reply->staff_list_reply->staff[i]);
		g_list_store_append(self->staff, item);
	}
}

void netpont_admin_page_reload(NetpontAdminPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__TariffList tariffs = NETPONT__TARIFF_LIST__INIT;
	Netpont__CategoryList categories = NETPONT__CATEGORY_LIST__INIT;
	Netpont__SettingList settings = NETPONT__SETTING_LIST__INIT;
	Netpont__StaffList staff = NETPONT__STAFF_LIST__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_TARIFF_LIST;
	env.tariff_list = &tariffs;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, tariffs_done);
	env.body_case = NETPONT__ENVELOPE__BODY_CATEGORY_LIST;
	env.category_list = &categories;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, categories_done);
	env.body_case = NETPONT__ENVELOPE__BODY_SETTING_LIST;
	env.setting_list = &settings;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, settings_done);
	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_LIST;
	env.staff_list = &staff;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, staff_done);
	netpont_audit_view_reload(self->audit_view);
	netpont_staff_pane_reload(self->staff_pane);
	netpont_hours_pane_reload(self->hours_pane);
	netpont_volunteer_pane_reload(self->volunteer_pane);
}

void netpont_admin_page_clear(NetpontAdminPage *self)
{
	g_list_store_remove_all(self->tariffs);
	g_list_store_remove_all(self->categories);
	g_list_store_remove_all(self->settings);
	g_list_store_remove_all(self->staff);
	netpont_audit_view_clear(self->audit_view);
	netpont_staff_pane_clear(self->staff_pane);
	netpont_hours_pane_clear(self->hours_pane);
	netpont_volunteer_pane_clear(self->volunteer_pane);
}

void netpont_admin_page_set_client(NetpontAdminPage *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
	netpont_audit_view_set_client(self->audit_view, client);
	netpont_staff_pane_set_client(self->staff_pane, client);
	netpont_hours_pane_set_client(self->hours_pane, client);
	netpont_volunteer_pane_set_client(self->volunteer_pane, client);
}

static void reload_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	netpont_admin_page_reload(NETPONT_ADMIN_PAGE(widget));
}

static void seat_added_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	AdwMessageDialog *dialog;
	GtkWidget *token;
	g_autofree char *body = NULL;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_SEAT_ADDED)
		return;
	body = g_strdup_printf(_("Put this token in the agent's token file on %s. "
	                         "It is shown only now."),
	                       reply->seat_added->name);
	/* The agent pins the server by its certificate's fingerprint. */
	if (reply->seat_added->fingerprint != NULL && *reply->seat_added->fingerprint) {
		g_autofree char *pin =
		    g_strdup_printf(_("Server fingerprint (--server-fingerprint): %s"),
		                    reply->seat_added->fingerprint);
		g_autofree char *joined = g_strconcat(body, "\n\n", pin, NULL);
		g_free(body);
		body = g_steal_pointer(&joined);
	}
	dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(GTK_WINDOW(gtk_widget_get_root(widget)),
	                                                   _("PC enrolled"), body));
	token = netpont_code_label_new(reply->seat_added->token, "admin-seat-token");
	adw_message_dialog_set_extra_child(dialog, token);
	adw_message_dialog_add_response(dialog, "close", _("I have copied it"));
	gtk_window_present(GTK_WINDOW(dialog));
}

static void on_seat_add_clicked(NetpontAdminPage *self)
{
	Netpont__SeatAdd add = NETPONT__SEAT_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *name = netpont_editable_get_stripped(self->seat_entry);

	add.name = name;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_ADD;
	env.seat_add = &add;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, seat_added_done);
	gtk_editable_set_text(GTK_EDITABLE(self->seat_entry), "");
}

static void on_tariff_save_clicked(NetpontAdminPage *self)
{
	Netpont__Tariff tariff = NETPONT__TARIFF__INIT;
	Netpont__TariffSet set = NETPONT__TARIFF_SET__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *service = netpont_editable_get_stripped(self->tariff_service);
	g_autofree char *label = netpont_editable_get_stripped(self->tariff_label);

	tariff.service = service;
	tariff.label = label;
	tariff.price = (int64_t)gtk_spin_button_get_value(self->tariff_price);
	tariff.per_minutes = gtk_spin_button_get_value_as_int(self->tariff_minutes);
	set.tariff = &tariff;
	env.body_case = NETPONT__ENVELOPE__BODY_TARIFF_SET;
	env.tariff_set = &set;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("Tariff saved."), reload_done);
}

static void on_category_save_clicked(NetpontAdminPage *self)
{
	Netpont__Category category = NETPONT__CATEGORY__INIT;
	Netpont__CategorySet set = NETPONT__CATEGORY_SET__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *name = netpont_editable_get_stripped(self->category_name);
	g_autofree char *label = netpont_editable_get_stripped(self->category_label);

	category.name = name;
	category.label = label;
	category.percent = gtk_spin_button_get_value_as_int(self->category_percent);
	set.category = &category;
	env.body_case = NETPONT__ENVELOPE__BODY_CATEGORY_SET;
	env.category_set = &set;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("Fee category saved."),
	                reload_done);
}

static void on_setting_save_clicked(NetpontAdminPage *self)
{
	Netpont__Setting setting = NETPONT__SETTING__INIT;
	Netpont__SettingSet set = NETPONT__SETTING_SET__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *key = netpont_editable_get_stripped(self->setting_key);
	g_autofree char *value = netpont_editable_get_stripped(self->setting_value);

	setting.key = key;
	setting.value = value;
	set.setting = &setting;
	env.body_case = NETPONT__ENVELOPE__BODY_SETTING_SET;
	env.setting_set = &set;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("Setting saved."), reload_done);
}

static void on_staff_add_clicked(NetpontAdminPage *self)
{
	static const Netpont__StaffRole roles[] = {NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR,
	                                           NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER,
	                                           NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN};
	Netpont__StaffAdd add = NETPONT__STAFF_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *name = netpont_editable_get_stripped(self->staff_name);
	guint role = gtk_drop_down_get_selected(self->staff_role);
	g_autofree char *message = NULL;

	add.name = name;
	add.role = roles[role < G_N_ELEMENTS(roles) ? role : 0];
	add.password = (char *)gtk_editable_get_text(GTK_EDITABLE(self->staff_password));
	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_ADD;
	env.staff_add = &add;
	message = g_strdup_printf(_("%s can now sign in."), name);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, reload_done);
	gtk_editable_set_text(GTK_EDITABLE(self->staff_password), "");
}

/* Selecting a row fills the form below it, so a change is an edit. */
static void on_tariff_selected(NetpontAdminPage *self)
{
	NetpontTariffItem *tariff = gtk_single_selection_get_selected_item(self->tariff_selection);

	if (tariff == NULL)
		return;
	gtk_editable_set_text(GTK_EDITABLE(self->tariff_service), tariff->service);
	gtk_editable_set_text(GTK_EDITABLE(self->tariff_label), tariff->label);
	gtk_spin_button_set_value(self->tariff_price, (double)tariff->price);
	gtk_spin_button_set_value(self->tariff_minutes, (double)tariff->per_minutes);
}

static void on_category_selected(NetpontAdminPage *self)
{
	NetpontCategoryItem *category =
	    gtk_single_selection_get_selected_item(self->category_selection);

	if (category == NULL)
		return;
	gtk_editable_set_text(GTK_EDITABLE(self->category_name), category->name);
	gtk_editable_set_text(GTK_EDITABLE(self->category_label), category->label);
	gtk_spin_button_set_value(self->category_percent, (double)category->percent);
}

static void on_setting_selected(NetpontAdminPage *self)
{
	NetpontSettingItem *setting =
	    gtk_single_selection_get_selected_item(self->setting_selection);

	if (setting == NULL)
		return;
	gtk_editable_set_text(GTK_EDITABLE(self->setting_key), setting->key);
	gtk_editable_set_text(GTK_EDITABLE(self->setting_value), setting->value);
}

static GListStore *view_store(NetpontAdminPage *self, GtkColumnView *view, GType item_type,
                              GtkSingleSelection **selection_out, GCallback on_selected)
{
	GListStore *store = g_list_store_new(item_type);
	g_autoptr(GtkSingleSelection) selection =
	    gtk_single_selection_new(G_LIST_MODEL(g_object_ref(store)));

	gtk_single_selection_set_autoselect(selection, FALSE);
	gtk_single_selection_set_can_unselect(selection, TRUE);
	gtk_column_view_set_model(view, GTK_SELECTION_MODEL(selection));
	if (on_selected != NULL)
		g_signal_connect_swapped(selection, "selection-changed", on_selected, self);
	if (selection_out != NULL)
		*selection_out = selection;
	return store;
}

static void netpont_admin_page_dispose(GObject *object)
{
	NetpontAdminPage *self = NETPONT_ADMIN_PAGE(object);

	g_clear_object(&self->client);
	G_OBJECT_CLASS(netpont_admin_page_parent_class)->dispose(object);
}

static void netpont_admin_page_finalize(GObject *object)
{
	NetpontAdminPage *self = NETPONT_ADMIN_PAGE(object);

	g_clear_object(&self->tariffs);
	g_clear_object(&self->categories);
	g_clear_object(&self->settings);
	g_clear_object(&self->staff);
	G_OBJECT_CLASS(netpont_admin_page_parent_class)->finalize(object);
}

static void netpont_admin_page_class_init(NetpontAdminPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_admin_page_dispose;
	object_class->finalize = netpont_admin_page_finalize;
	g_type_ensure(NETPONT_TYPE_AUDIT_VIEW);
	g_type_ensure(NETPONT_TYPE_HOURS_PANE);
	g_type_ensure(NETPONT_TYPE_VOLUNTEER_PANE);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-admin-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, seat_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, tariff_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, tariff_service);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, tariff_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, tariff_price);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, tariff_minutes);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, category_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, category_name);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, category_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, category_percent);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, setting_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, setting_key);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, setting_value);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, hours_pane);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, volunteer_pane);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, staff_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, staff_name);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, staff_role);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, staff_password);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, audit_view);
	g_type_ensure(NETPONT_TYPE_STAFF_PANE);
	gtk_widget_class_bind_template_child(widget_class, NetpontAdminPage, staff_pane);
	gtk_widget_class_bind_template_callback(widget_class, netpont_admin_page_reload);
	gtk_widget_class_bind_template_callback(widget_class, on_seat_add_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_tariff_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_category_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_setting_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_staff_add_clicked);
}

static void netpont_admin_page_init(NetpontAdminPage *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->tariffs = view_store(self, self->tariff_view, NETPONT_TYPE_TARIFF_ITEM,
	                           &self->tariff_selection, G_CALLBACK(on_tariff_selected));
	netpont_column_view_add(self->tariff_view, _("Service"), "service", FALSE);
	netpont_column_view_add(self->tariff_view, _("Name shown"), "label", TRUE);
	netpont_column_view_add(self->tariff_view, _("Price"), "price-text", FALSE);
	netpont_column_view_add(self->tariff_view, _("Charged"), "charged", FALSE);
	self->categories = view_store(self, self->category_view, NETPONT_TYPE_CATEGORY_ITEM,
	                              &self->category_selection, G_CALLBACK(on_category_selected));
	netpont_column_view_add(self->category_view, _("Category"), "name", FALSE);
	netpont_column_view_add(self->category_view, _("Name shown"), "label", TRUE);
	netpont_column_view_add(self->category_view, _("Share paid"), "share", FALSE);
	self->settings = view_store(self, self->setting_view, NETPONT_TYPE_SETTING_ITEM,
	                            &self->setting_selection, G_CALLBACK(on_setting_selected));
	netpont_column_view_add(self->setting_view, _("Setting"), "key", FALSE);
	netpont_column_view_add(self->setting_view, _("Value"), "value", TRUE);
	self->staff = view_store(self, self->staff_view, NETPONT_TYPE_STAFF_ITEM, NULL, NULL);
	netpont_column_view_add(self->staff_view, _("Name"), "name", TRUE);
	netpont_column_view_add(self->staff_view, _("Display name"), "display-name", FALSE);
	netpont_column_view_add(self->staff_view, _("Role"), "role", FALSE);
	netpont_column_view_add(self->staff_view, _("Since"), "since", FALSE);
	netpont_column_view_add(self->staff_view, _("State"), "state", FALSE);
}
