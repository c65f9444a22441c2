#include "netpont-staff-pane.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "netpont-util.h"

struct _NetpontStaffPane {
	GtkBox parent_instance;
	NetpontClient *client;
	/* The accounts as StaffList last sent them, in the order of the
	 * account drop-down: Netpont__StaffMember, owned (member_free). */
	GPtrArray *members;

	GtkDropDown *account;
	GtkStringList *accounts;
	GtkLabel *state_label;
	GtkWidget *disable_button;
	GtkEntry *display_name;
	GtkDropDown *role;
	GtkWidget *save_button;
	GtkPasswordEntry *password;
	GtkWidget *password_button;
};

G_DEFINE_FINAL_TYPE(NetpontStaffPane, netpont_staff_pane, GTK_TYPE_BOX)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The role drop-down's rows, in order. */
static const Netpont__StaffRole roles[] = {
    NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR,
    NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER,
    NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN,
};

static void member_free(gpointer data)
{
	Netpont__StaffMember *m = data;

	g_free(m->name);
	g_free(m->display_name);
	g_free(m);
}

static Netpont__StaffMember *member_copy(const Netpont__StaffMember *from)
{
	Netpont__StaffMember *m = g_new0(Netpont__StaffMember, 1);

	netpont__staff_member__init(m);
	m->name = g_strdup(from->name != NULL ? from->name : "");
	m->display_name = g_strdup(from->display_name != NULL ? from->display_name : "");
	m->role = from->role;
	m->created_at = from->created_at;
	m->disabled = from->disabled;
	return m;
}

const Netpont__StaffMember *netpont_staff_pane_get_selected(NetpontStaffPane *self)
{
	guint i = gtk_drop_down_get_selected(self->account);

	return i < self->members->len ? g_ptr_array_index(self->members, i) : NULL;
}

/* The form shows the chosen account: its display name, role and whether
 * it can sign in; the button offers the opposite. */
static void on_account_selected(NetpontStaffPane *self)
{
	const Netpont__StaffMember *m = netpont_staff_pane_get_selected(self);
	gboolean any = m != NULL;

	gtk_widget_set_sensitive(GTK_WIDGET(self->display_name), any);
	gtk_widget_set_sensitive(GTK_WIDGET(self->role), any);
	gtk_widget_set_sensitive(self->save_button, any);
	gtk_widget_set_sensitive(GTK_WIDGET(self->password), any);
	gtk_widget_set_sensitive(self->password_button, any);
	gtk_widget_set_sensitive(self->disable_button, any);
	if (!any) {
		gtk_label_set_text(self->state_label, "");
		gtk_editable_set_text(GTK_EDITABLE(self->display_name), "");
		return;
	}
	gtk_editable_set_text(GTK_EDITABLE(self->display_name), m->display_name);
	for (guint i = 0; i < G_N_ELEMENTS(roles); i++)
		if (roles[i] == m->role)
			gtk_drop_down_set_selected(self->role, i);
	gtk_label_set_text(self->state_label,
	                   m->disabled ? _("Disabled: cannot sign in") : _("Can sign in"));
	gtk_button_set_label(GTK_BUTTON(self->disable_button),
	                     m->disabled ? _("Enable") : _("Disable"));
	if (m->disabled)
		gtk_widget_remove_css_class(self->disable_button, "destructive-action");
	else
		gtk_widget_add_css_class(self->disable_button, "destructive-action");
}

static void staff_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontStaffPane *self = NETPONT_STAFF_PANE(widget);
	const Netpont__StaffMember *was = netpont_staff_pane_get_selected(self);
	g_autofree char *keep = g_strdup(was != NULL ? was->name : NULL);
	guint select = GTK_INVALID_LIST_POSITION;
	guint n_before = self->members->len;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_STAFF_LIST_REPLY)
		return;
	g_ptr_array_set_size(self->members, 0);
	for (size_t i = 0; i < reply->staff_list_reply->n_staff; i++) {
		const Netpont__StaffMember *m = reply->staff_list_reply->staff[i];
		g_ptr_array_add(self->members, member_copy(m));
		if (g_strcmp0(m->name, keep) == 0)
			select = (guint)i;
	}
	{
		g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < self->members->len; i++) {
			const Netpont__StaffMember *m = g_ptr_array_index(self->members, i);
			g_ptr_array_add(
			    rows, *m->display_name
			              /* TRANSLATORS: an account and its display
			               * name: "dora (Dóra)" */
			              ? g_strdup_printf(_("%s (%s)"), m->name, m->display_name)
			              : g_strdup(m->name));
		}
		g_ptr_array_add(rows, NULL);
		gtk_string_list_splice(self->accounts, 0, n_before,
		                       (const char *const *)rows->pdata);
	}
	if (select != GTK_INVALID_LIST_POSITION)
		gtk_drop_down_set_selected(self->account, select);
	on_account_selected(self);
}

void netpont_staff_pane_reload(NetpontStaffPane *self)
{
	Netpont__StaffList list = NETPONT__STAFF_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_LIST;
	env.staff_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, staff_done);
}

void netpont_staff_pane_clear(NetpontStaffPane *self)
{
	gtk_string_list_splice(self->accounts, 0, self->members->len, NULL);
	g_ptr_array_set_size(self->members, 0);
	on_account_selected(self);
}

void netpont_staff_pane_set_client(NetpontStaffPane *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
}

/* After a change the page around reloads (this pane too). */
static void change_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	g_signal_emit(NETPONT_STAFF_PANE(widget), signals[SIGNAL_CHANGED], 0);
}

static void send_update(NetpontStaffPane *self, Netpont__StaffUpdate *update, const char *message)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_UPDATE;
	env.staff_update = update;
	netpont_request(self->client, GTK_WIDGET(self), &env, message, change_done);
}

static void on_save_clicked(NetpontStaffPane *self)
{
	const Netpont__StaffMember *m = netpont_staff_pane_get_selected(self);
	Netpont__StaffUpdate update = NETPONT__STAFF_UPDATE__INIT;
	g_autofree char *display = netpont_editable_get_stripped(self->display_name);
	guint role = gtk_drop_down_get_selected(self->role);
	g_autofree char *message = NULL;

	if (m == NULL)
		return;
	update.name = m->name;
	update.display_name = display;
	update.role = roles[role < G_N_ELEMENTS(roles) ? role : 0];
	message = g_strdup_printf(_("%s's account is changed."), m->name);
	send_update(self, &update, message);
}

static void on_disable_clicked(NetpontStaffPane *self)
{
	const Netpont__StaffMember *m = netpont_staff_pane_get_selected(self);
	Netpont__StaffUpdate update = NETPONT__STAFF_UPDATE__INIT;
	g_autofree char *message = NULL;

	if (m == NULL)
		return;
	update.name = m->name;
	update.disable = !m->disabled;
	update.enable = m->disabled;
	message = m->disabled ? g_strdup_printf(_("%s can sign in again."), m->name)
	                      : g_strdup_printf(_("%s can no longer sign in."), m->name);
	send_update(self, &update, message);
}

static void on_password_clicked(NetpontStaffPane *self)
{
	const Netpont__StaffMember *m = netpont_staff_pane_get_selected(self);
	Netpont__StaffSetPassword set = NETPONT__STAFF_SET_PASSWORD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	if (m == NULL)
		return;
	set.name = m->name;
	set.password = (char *)gtk_editable_get_text(GTK_EDITABLE(self->password));
	env.body_case = NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD;
	env.staff_set_password = &set;
	message = g_strdup_printf(_("%s's password is changed."), m->name);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, NULL);
	gtk_editable_set_text(GTK_EDITABLE(self->password), "");
}

static void netpont_staff_pane_dispose(GObject *object)
{
	NetpontStaffPane *self = NETPONT_STAFF_PANE(object);

	g_clear_object(&self->client);
	G_OBJECT_CLASS(netpont_staff_pane_parent_class)->dispose(object);
}

static void netpont_staff_pane_finalize(GObject *object)
{
	NetpontStaffPane *self = NETPONT_STAFF_PANE(object);

	g_clear_pointer(&self->members, g_ptr_array_unref);
	G_OBJECT_CLASS(netpont_staff_pane_parent_class)->finalize(object);
}

static void netpont_staff_pane_class_init(NetpontStaffPaneClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_staff_pane_dispose;
	object_class->finalize = netpont_staff_pane_finalize;
	signals[SIGNAL_CHANGED] =
	    g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
	                 NULL, G_TYPE_NONE, 0);
	g_type_ensure(ADW_TYPE_PREFERENCES_GROUP);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-staff-pane.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, account);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, accounts);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, state_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, disable_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, display_name);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, role);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, save_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, password);
	gtk_widget_class_bind_template_child(widget_class, NetpontStaffPane, password_button);
	gtk_widget_class_bind_template_callback(widget_class, on_account_selected);
	gtk_widget_class_bind_template_callback(widget_class, on_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_disable_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_password_clicked);
}

static void netpont_staff_pane_init(NetpontStaffPane *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->members = g_ptr_array_new_with_free_func(member_free);
	on_account_selected(self);
}
