#include "netpont-lock-window.h"

#include "netpont-lock-i18n.h"

struct _NetpontLockWindow {
	GtkApplicationWindow parent_instance;
	GtkLabel *site_label;
	GtkLabel *clock_label;
	GtkLabel *hours_label;
	GtkBox *form_box;
	GtkEntry *login_entry;
	GtkPasswordEntry *pin_entry;
	GtkButton *login_button;
	GtkLabel *error_label;
	GtkLabel *info_label;
	GtkButton *help_button;
	GtkButton *language_button;
	GtkSwitch *contrast_switch;
	gboolean busy;
};

G_DEFINE_FINAL_TYPE(NetpontLockWindow, netpont_lock_window, GTK_TYPE_APPLICATION_WINDOW)

enum { SIGNAL_LOGIN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void on_login_clicked(NetpontLockWindow *self)
{
	if (!self->busy)
		g_signal_emit(self, signals[SIGNAL_LOGIN], 0);
}

/* Enter in the login name moves on to the PIN (or logs in when the PIN is
 * already typed); Enter in the PIN logs in. */
static void on_login_activate(NetpontLockWindow *self)
{
	if (gtk_editable_get_text(GTK_EDITABLE(self->pin_entry))[0] == '\0')
		gtk_widget_grab_focus(GTK_WIDGET(self->pin_entry));
	else
		on_login_clicked(self);
}

static void set_label(GtkLabel *label, const char *text)
{
	gboolean show = text != NULL && text[0] != '\0';
	gtk_label_set_text(label, show ? text : "");
	gtk_widget_set_visible(GTK_WIDGET(label), show);
}

void netpont_lock_window_set_site_name(NetpontLockWindow *self, const char *name)
{
	gtk_label_set_text(self->site_label, name && name[0] ? name : "Netpont");
	g_autofree char *title =
	    g_strdup_printf(_("%s — log in"), name && name[0] ? name : "Netpont");
	gtk_window_set_title(GTK_WINDOW(self), title);
}

void netpont_lock_window_set_clock(NetpontLockWindow *self, const char *text)
{
	gtk_label_set_text(self->clock_label, text);
}

void netpont_lock_window_set_hours(NetpontLockWindow *self, const char *text)
{
	set_label(self->hours_label, text);
}

void netpont_lock_window_set_error(NetpontLockWindow *self, const char *text)
{
	set_label(self->error_label, text);
	/* The same sentence twice on the screen reads like two problems. */
	if (text != NULL && g_strcmp0(text, gtk_label_get_text(self->info_label)) == 0)
		gtk_widget_set_visible(GTK_WIDGET(self->info_label), FALSE);
	if (text != NULL && text[0] != '\0')
		/* Screen readers announce the refusal like a dialog would. */
		gtk_accessible_update_property(GTK_ACCESSIBLE(self->error_label),
		                               GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void netpont_lock_window_set_info(NetpontLockWindow *self, const char *text)
{
	set_label(self->info_label, text);
	if (text != NULL && gtk_widget_get_visible(GTK_WIDGET(self->error_label)) &&
	    g_strcmp0(text, gtk_label_get_text(self->error_label)) == 0)
		gtk_widget_set_visible(GTK_WIDGET(self->info_label), FALSE);
}

void netpont_lock_window_set_busy(NetpontLockWindow *self, gboolean busy)
{
	/* The entries stay sensitive: taking the focus away from a GtkText
	 * by making it insensitive trips a GTK 4.8 warning, and a second Enter
	 * is ignored through self->busy anyway. */
	self->busy = busy;
	gtk_widget_set_sensitive(GTK_WIDGET(self->login_button), !busy);
	gtk_button_set_label(self->login_button, busy ? _("Checking…") : _("Log _in"));
}

void netpont_lock_window_set_form_visible(NetpontLockWindow *self, gboolean visible)
{
	gtk_widget_set_visible(GTK_WIDGET(self->form_box), visible);
}

void netpont_lock_window_set_language_label(NetpontLockWindow *self, const char *label)
{
	gtk_button_set_label(self->language_button, label);
	gtk_accessible_update_property(GTK_ACCESSIBLE(self->language_button),
	                               GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

GtkSwitch *netpont_lock_window_get_contrast_switch(NetpontLockWindow *self)
{
	return self->contrast_switch;
}

GtkEditable *netpont_lock_window_get_login_entry(NetpontLockWindow *self)
{
	return GTK_EDITABLE(self->login_entry);
}

GtkEditable *netpont_lock_window_get_pin_entry(NetpontLockWindow *self)
{
	return GTK_EDITABLE(self->pin_entry);
}

GtkButton *netpont_lock_window_get_login_button(NetpontLockWindow *self)
{
	return self->login_button;
}

GtkButton *netpont_lock_window_get_help_button(NetpontLockWindow *self)
{
	return self->help_button;
}

const char *netpont_lock_window_get_error(NetpontLockWindow *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->error_label))
	           ? gtk_label_get_text(self->error_label)
	           : "";
}

const char *netpont_lock_window_get_info(NetpontLockWindow *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->info_label))
	           ? gtk_label_get_text(self->info_label)
	           : "";
}

void netpont_lock_window_clear(NetpontLockWindow *self, gboolean all)
{
	gtk_editable_set_text(GTK_EDITABLE(self->pin_entry), "");
	if (all)
		gtk_editable_set_text(GTK_EDITABLE(self->login_entry), "");
}

static void netpont_lock_window_class_init(NetpontLockWindowClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/Lock/netpont-lock-window.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, site_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, clock_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, hours_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, form_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, login_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, pin_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, login_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, error_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, info_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, help_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, language_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, contrast_switch);
	signals[SIGNAL_LOGIN] = g_signal_new("login", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
	                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void netpont_lock_window_init(NetpontLockWindow *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	g_signal_connect_swapped(self->login_button, "clicked", G_CALLBACK(on_login_clicked), self);
	g_signal_connect_swapped(self->login_entry, "activate", G_CALLBACK(on_login_activate),
	                         self);
	g_signal_connect_swapped(self->pin_entry, "activate", G_CALLBACK(on_login_clicked), self);
	/* The resident can start typing the login name at once. */
	gtk_widget_grab_focus(GTK_WIDGET(self->login_entry));
}

NetpontLockWindow *netpont_lock_window_new(void)
{
	return g_object_new(NETPONT_TYPE_LOCK_WINDOW, NULL);
}
