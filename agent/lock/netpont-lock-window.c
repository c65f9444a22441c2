#include "netpont-lock-window.h"

#include "netpont-lock-directory.h"
#include "netpont-lock-i18n.h"

struct _NetpontLockWindow {
	GtkApplicationWindow parent_instance;
	GtkLabel *site_label;
	GtkLabel *clock_label;
	GtkLabel *hours_label;
	GtkLabel *booking_label;
	GtkBox *notice_box;
	GtkLabel *notice_title;
	GtkLabel *notice_body;
	GtkBox *form_box;
	GtkEntry *login_entry;
	GtkPasswordEntry *pin_entry;
	GtkButton *login_button;
	GtkLabel *error_label;
	GtkLabel *info_label;
	GtkButton *help_button;
	GtkButton *language_button;
	GtkSwitch *contrast_switch;
	GtkSwitch *larger_text_switch;
	GtkStack *pages;
	GtkButton *directory_button;
	NetpontLockDirectory *directory;
	gboolean kiosk;
	GtkEditable *retry; /* where typing goes on after a refusal, or NULL */
	gboolean busy;
	gboolean waiting;
};

G_DEFINE_FINAL_TYPE(NetpontLockWindow, netpont_lock_window, GTK_TYPE_APPLICATION_WINDOW)

enum { SIGNAL_LOGIN, N_SIGNALS };
static guint signals[N_SIGNALS];

gboolean netpont_lock_window_get_can_log_in(NetpontLockWindow *self)
{
	return !self->busy && !self->waiting && netpont_lock_window_get_form_shown(self);
}

static void on_login_clicked(NetpontLockWindow *self)
{
	if (netpont_lock_window_get_can_log_in(self))
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

/* A button's accessible name in GTK 4.8 is its "label" property (the raw
 * text, mnemonic underscore included) followed by the label that names it
 * (its own child, for a mnemonic): "Log _in Log in". Dropping the property
 * leaves the child's clean text. */
static void set_button_label(GtkButton *button, const char *label)
{
	gtk_button_set_label(button, label);
	if (gtk_button_get_use_underline(button))
		gtk_accessible_reset_property(GTK_ACCESSIBLE(button),
		                              GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* A selectable label takes the focus, and with it GTK selects its whole
 * text; a message is not meant to look selected. */
static void focus_label(GtkLabel *label)
{
	gtk_widget_grab_focus(GTK_WIDGET(label));
	gtk_label_select_region(label, 0, 0);
}

void netpont_lock_window_set_site_name(NetpontLockWindow *self, const char *name)
{
	gtk_label_set_text(self->site_label, name && name[0] ? name : "Netpont");
	g_autofree char *title =
	    g_strdup_printf(_("%s — log in"), name && name[0] ? name : "Netpont");
	gtk_window_set_title(GTK_WINDOW(self), title);
}

const char *netpont_lock_window_get_site_name(NetpontLockWindow *self)
{
	return gtk_label_get_text(self->site_label);
}

const char *netpont_lock_window_get_hours(NetpontLockWindow *self)
{
	return gtk_label_get_text(self->hours_label);
}

void netpont_lock_window_set_clock(NetpontLockWindow *self, const char *text)
{
	gtk_label_set_text(self->clock_label, text);
}

void netpont_lock_window_set_hours(NetpontLockWindow *self, const char *text)
{
	set_label(self->hours_label, text);
}

void netpont_lock_window_set_booking(NetpontLockWindow *self, const char *text)
{
	set_label(self->booking_label, text);
}

const char *netpont_lock_window_get_booking(NetpontLockWindow *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->booking_label))
	           ? gtk_label_get_text(self->booking_label)
	           : NULL;
}

/* The field a refusal is about carries it as its description, and is
 * marked invalid, so a screen reader repeats it there. */
static void window_describe_retry(NetpontLockWindow *self, const char *text)
{
	if (self->retry == NULL)
		return;
	if (text != NULL && text[0] != '\0') {
		gtk_accessible_update_property(GTK_ACCESSIBLE(self->retry),
		                               GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
		gtk_accessible_update_state(GTK_ACCESSIBLE(self->retry),
		                            GTK_ACCESSIBLE_STATE_INVALID,
		                            GTK_ACCESSIBLE_INVALID_TRUE, -1);
	} else {
		gtk_accessible_reset_property(GTK_ACCESSIBLE(self->retry),
		                              GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
		gtk_accessible_reset_state(GTK_ACCESSIBLE(self->retry),
		                           GTK_ACCESSIBLE_STATE_INVALID);
		self->retry = NULL;
	}
}

void netpont_lock_window_set_error(NetpontLockWindow *self, const char *text)
{
	set_label(self->error_label, text);
	if (text == NULL || text[0] == '\0')
		window_describe_retry(self, NULL);
	/* The same sentence twice on the screen reads like two problems. */
	if (text != NULL && g_strcmp0(text, gtk_label_get_text(self->info_label)) == 0)
		gtk_widget_set_visible(GTK_WIDGET(self->info_label), FALSE);
}

void netpont_lock_window_show_error(NetpontLockWindow *self, const char *text, GtkEditable *retry)
{
	window_describe_retry(self, NULL);
	netpont_lock_window_set_error(self, text);
	self->retry = retry;
	window_describe_retry(self, text);
	if (text != NULL && text[0] != '\0')
		focus_label(self->error_label);
}

/* Keys typed while the refusal has the focus go on in the field it is
 * about, so a resident who types the PIN again loses nothing. Tab and
 * Shift+Tab move on as everywhere; Enter just goes back to the field. */
static gboolean on_error_key(GtkEventControllerKey *controller, guint keyval, guint keycode,
                             GdkModifierType state, NetpontLockWindow *self)
{
	if (self->retry == NULL || keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab ||
	    keyval == GDK_KEY_KP_Tab)
		return FALSE;
	GtkWidget *retry = GTK_WIDGET(self->retry);
	gtk_widget_grab_focus(retry);
	if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
		return TRUE;
	GtkEditable *text = gtk_editable_get_delegate(self->retry);
	return gtk_event_controller_key_forward(controller, GTK_WIDGET(text ? text : self->retry));
}

void netpont_lock_window_set_info(NetpontLockWindow *self, const char *text)
{
	set_label(self->info_label, text);
	if (text != NULL && gtk_widget_get_visible(GTK_WIDGET(self->error_label)) &&
	    g_strcmp0(text, gtk_label_get_text(self->error_label)) == 0)
		gtk_widget_set_visible(GTK_WIDGET(self->info_label), FALSE);
}

static void window_update_login_button(NetpontLockWindow *self)
{
	/* The entries stay sensitive: taking the focus away from a GtkText
	 * by making it insensitive trips a GTK 4.8 warning, and a second Enter
	 * is ignored through self->busy and self->waiting anyway. */
	gtk_widget_set_sensitive(GTK_WIDGET(self->login_button), !self->busy && !self->waiting);
	set_button_label(self->login_button, self->busy      ? _("Checking…")
	                                     : self->waiting ? _("Waiting for the server…")
	                                                     : _("Log _in"));
}

void netpont_lock_window_set_busy(NetpontLockWindow *self, gboolean busy)
{
	self->busy = busy;
	window_update_login_button(self);
}

void netpont_lock_window_set_waiting(NetpontLockWindow *self, gboolean waiting)
{
	if (self->waiting == waiting)
		return;
	self->waiting = waiting;
	window_update_login_button(self);
}

void netpont_lock_window_set_notice(NetpontLockWindow *self, const char *title, const char *body)
{
	gboolean notice = title != NULL && title[0] != '\0';
	gboolean was_notice = gtk_widget_get_visible(GTK_WIDGET(self->notice_box));
	gboolean new_title = g_strcmp0(gtk_label_get_text(self->notice_title), notice ? title : "");
	if (notice != was_notice || (notice && new_title))
		/* A refusal belongs to the page it was given on. */
		netpont_lock_window_set_error(self, NULL);
	set_label(self->notice_title, notice ? title : NULL);
	set_label(self->notice_body, notice ? body : NULL);
	gtk_widget_set_visible(GTK_WIDGET(self->notice_box), notice);
	gtk_widget_set_visible(GTK_WIDGET(self->form_box), !notice);
	if (notice && new_title)
		/* A new notice takes the focus, so a screen reader reads it. */
		focus_label(self->notice_title);
	else if (!notice && was_notice)
		netpont_lock_window_focus_login(self);
}

const char *netpont_lock_window_get_notice_title(NetpontLockWindow *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->notice_box))
	           ? gtk_label_get_text(self->notice_title)
	           : "";
}

const char *netpont_lock_window_get_notice_body(NetpontLockWindow *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->notice_box)) &&
	               gtk_widget_get_visible(GTK_WIDGET(self->notice_body))
	           ? gtk_label_get_text(self->notice_body)
	           : "";
}

gboolean netpont_lock_window_get_form_shown(NetpontLockWindow *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->form_box));
}

void netpont_lock_window_set_language_label(NetpontLockWindow *self, const char *label)
{
	set_button_label(self->language_button, label);
}

void netpont_lock_window_set_larger_text(NetpontLockWindow *self, gboolean on)
{
	if (on)
		gtk_widget_add_css_class(GTK_WIDGET(self), "larger-text");
	else
		gtk_widget_remove_css_class(GTK_WIDGET(self), "larger-text");
	if (gtk_switch_get_active(self->larger_text_switch) != on)
		gtk_switch_set_active(self->larger_text_switch, on);
}

GtkSwitch *netpont_lock_window_get_contrast_switch(NetpontLockWindow *self)
{
	return self->contrast_switch;
}

GtkSwitch *netpont_lock_window_get_larger_text_switch(NetpontLockWindow *self)
{
	return self->larger_text_switch;
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

void netpont_lock_window_focus_login(NetpontLockWindow *self)
{
	if (netpont_lock_window_get_form_shown(self))
		gtk_widget_grab_focus(GTK_WIDGET(self->login_entry));
}

static void on_larger_text_switched(GtkSwitch *sw, GParamSpec *pspec, NetpontLockWindow *self)
{
	netpont_lock_window_set_larger_text(self, gtk_switch_get_active(sw));
}

/* The PIN field's "show the PIN" icon is an image GTK gives no name
 * ("GtkImage" to a screen reader); name it after what it does. */
static void window_name_peek_icon(NetpontLockWindow *self)
{
	for (GtkWidget *child = gtk_widget_get_first_child(GTK_WIDGET(self->pin_entry));
	     child != NULL; child = gtk_widget_get_next_sibling(child))
		if (GTK_IS_IMAGE(child))
			gtk_accessible_update_property(GTK_ACCESSIBLE(child),
			                               GTK_ACCESSIBLE_PROPERTY_LABEL,
			                               _("Show the PIN"), -1);
}

/* ---------------------------------------------------------------- the directory */

void netpont_lock_window_show_directory(NetpontLockWindow *self, gboolean show)
{
	if (show == netpont_lock_window_get_directory_shown(self))
		return;
	if (show) {
		gtk_stack_set_visible_child_name(self->pages, "directory");
		netpont_lock_directory_open(self->directory);
	} else {
		netpont_lock_directory_close(self->directory);
		gtk_stack_set_visible_child_name(self->pages, "login");
		netpont_lock_window_focus_login(self);
	}
}

gboolean netpont_lock_window_get_directory_shown(NetpontLockWindow *self)
{
	return g_strcmp0(gtk_stack_get_visible_child_name(self->pages), "directory") == 0;
}

static void on_directory_clicked(NetpontLockWindow *self)
{
	netpont_lock_window_show_directory(self, TRUE);
}

static void on_directory_done(NetpontLockWindow *self)
{
	if (!self->kiosk)
		netpont_lock_window_show_directory(self, FALSE);
}

void netpont_lock_window_set_kiosk(NetpontLockWindow *self, gboolean kiosk)
{
	if (self->kiosk == kiosk)
		return;
	self->kiosk = kiosk;
	netpont_lock_directory_set_kiosk(self->directory, kiosk);
	/* The login screen is not reachable on an information point. Hidden
	 * after the switch: a stack whose shown page is hidden shows another by
	 * itself, and the directory would not be opened. */
	GtkWidget *login = gtk_stack_get_child_by_name(self->pages, "login");
	if (kiosk) {
		netpont_lock_window_show_directory(self, TRUE);
		gtk_widget_set_visible(login, FALSE);
	} else {
		gtk_widget_set_visible(login, TRUE);
		netpont_lock_window_show_directory(self, FALSE);
	}
}

gboolean netpont_lock_window_get_kiosk(NetpontLockWindow *self)
{
	return self->kiosk;
}

NetpontLockDirectory *netpont_lock_window_get_directory(NetpontLockWindow *self)
{
	return self->directory;
}

GtkButton *netpont_lock_window_get_directory_button(NetpontLockWindow *self)
{
	return self->directory_button;
}

static void netpont_lock_window_class_init(NetpontLockWindowClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/Lock/netpont-lock-window.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, site_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, clock_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, hours_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, booking_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, notice_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, notice_title);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, notice_body);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, form_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, login_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, pin_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, login_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, error_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, info_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, help_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, language_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, contrast_switch);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, larger_text_switch);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, pages);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockWindow, directory_button);
	signals[SIGNAL_LOGIN] = g_signal_new("login", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
	                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void netpont_lock_window_init(NetpontLockWindow *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	set_button_label(self->help_button, gtk_button_get_label(self->help_button));
	set_button_label(self->login_button, gtk_button_get_label(self->login_button));
	window_name_peek_icon(self);
	/* Messages can take the focus (see netpont_lock_window_show_error()). */
	gtk_label_set_selectable(self->error_label, TRUE);
	gtk_label_set_selectable(self->notice_title, TRUE);
	GtkEventController *keys = gtk_event_controller_key_new();
	g_signal_connect(keys, "key-pressed", G_CALLBACK(on_error_key), self);
	gtk_widget_add_controller(GTK_WIDGET(self->error_label), keys);
	g_signal_connect_swapped(self->login_button, "clicked", G_CALLBACK(on_login_clicked), self);
	g_signal_connect_swapped(self->login_entry, "activate", G_CALLBACK(on_login_activate),
	                         self);
	g_signal_connect_swapped(self->pin_entry, "activate", G_CALLBACK(on_login_clicked), self);
	g_signal_connect(self->larger_text_switch, "notify::active",
	                 G_CALLBACK(on_larger_text_switched), self);
	set_button_label(self->directory_button, gtk_button_get_label(self->directory_button));
	self->directory = netpont_lock_directory_new();
	gtk_widget_set_margin_top(GTK_WIDGET(self->directory), 16);
	gtk_widget_set_margin_bottom(GTK_WIDGET(self->directory), 24);
	gtk_widget_set_margin_start(GTK_WIDGET(self->directory), 24);
	gtk_widget_set_margin_end(GTK_WIDGET(self->directory), 24);
	gtk_stack_add_named(self->pages, GTK_WIDGET(self->directory), "directory");
	g_signal_connect_swapped(self->directory_button, "clicked",
	                         G_CALLBACK(on_directory_clicked), self);
	g_signal_connect_swapped(self->directory, "done", G_CALLBACK(on_directory_done), self);
	/* The resident can start typing the login name at once. */
	gtk_widget_grab_focus(GTK_WIDGET(self->login_entry));
}

NetpontLockWindow *netpont_lock_window_new(void)
{
	return g_object_new(NETPONT_TYPE_LOCK_WINDOW, NULL);
}
