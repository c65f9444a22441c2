#include "netpont-lock-bar.h"

struct _NetpontLockBar {
	GtkApplicationWindow parent_instance;
	GtkLabel *name_label;
	GtkLabel *time_label;
	GtkLabel *help_label;
	GtkLabel *clock_label;
	GtkLabel *cost_label;
	GtkButton *help_button;
	GtkButton *cancel_help_button;
	GtkButton *language_button;
	GtkButton *end_button;
};

G_DEFINE_FINAL_TYPE(NetpontLockBar, netpont_lock_bar, GTK_TYPE_APPLICATION_WINDOW)

/* The help line shows only when there is something to say: an empty
 * label would be read out as "GtkLabel". Its place in the row stays (the
 * box around it fills the row), so the buttons do not move. */
static void set_line(GtkLabel *label, const char *text)
{
	gboolean has_text = text != NULL && text[0] != '\0';
	gtk_label_set_text(label, has_text ? text : "");
	gtk_widget_set_tooltip_text(GTK_WIDGET(label), text);
	gtk_widget_set_visible(GTK_WIDGET(label), has_text);
}

/* A button with a mnemonic is otherwise read out as its label twice, once
 * with the underscore ("Call a _mentor Call a mentor"): its one name is
 * the label as shown. */
static void name_button(GtkButton *button)
{
	g_autofree char *name = g_strdup(gtk_button_get_label(button));
	char *to = name;
	for (const char *from = name; *from != '\0'; from++)
		if (*from != '_' || from[1] == '_')
			*to++ = *from == '_' ? *++from : *from;
	*to = '\0';
	/* GTK 4.8 also labels a button with a mnemonic by its inner label,
	 * and a screen reader then hears both. */
	gtk_accessible_reset_relation(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
	gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
	                               -1);
}

void netpont_lock_bar_set_name(NetpontLockBar *self, const char *name)
{
	gtk_label_set_text(self->name_label, name ? name : "");
}

void netpont_lock_bar_set_time_left(NetpontLockBar *self, const char *text, gboolean urgent)
{
	gtk_label_set_text(self->time_label, text);
	if (urgent)
		gtk_widget_add_css_class(GTK_WIDGET(self->time_label), "urgent");
	else
		gtk_widget_remove_css_class(GTK_WIDGET(self->time_label), "urgent");
}

void netpont_lock_bar_set_help(NetpontLockBar *self, const char *text)
{
	set_line(self->help_label, text);
}

void netpont_lock_bar_set_clock(NetpontLockBar *self, const char *clock)
{
	gtk_label_set_text(self->clock_label, clock != NULL ? clock : "");
}

void netpont_lock_bar_set_cost(NetpontLockBar *self, const char *text)
{
	gtk_label_set_text(self->cost_label, text != NULL ? text : "");
	gtk_widget_set_visible(GTK_WIDGET(self->cost_label), text != NULL && text[0] != '\0');
}

void netpont_lock_bar_set_help_open(NetpontLockBar *self, gboolean open)
{
	/* One of the two at a time, in the same place: calling again while a
	 * mentor is on the way would only add a second call. */
	gtk_widget_set_visible(GTK_WIDGET(self->help_button), !open);
	gtk_widget_set_visible(GTK_WIDGET(self->cancel_help_button), open);
}

gboolean netpont_lock_bar_get_help_open(NetpontLockBar *self)
{
	return gtk_widget_get_visible(GTK_WIDGET(self->cancel_help_button));
}

void netpont_lock_bar_set_language_label(NetpontLockBar *self, const char *label)
{
	gtk_button_set_label(self->language_button, label);
	name_button(self->language_button);
}

const char *netpont_lock_bar_get_cost(NetpontLockBar *self)
{
	return gtk_label_get_text(self->cost_label);
}

const char *netpont_lock_bar_get_clock(NetpontLockBar *self)
{
	return gtk_label_get_text(self->clock_label);
}

GtkButton *netpont_lock_bar_get_help_button(NetpontLockBar *self)
{
	return self->help_button;
}

GtkButton *netpont_lock_bar_get_cancel_help_button(NetpontLockBar *self)
{
	return self->cancel_help_button;
}

GtkButton *netpont_lock_bar_get_end_button(NetpontLockBar *self)
{
	return self->end_button;
}

const char *netpont_lock_bar_get_time_left(NetpontLockBar *self)
{
	return gtk_label_get_text(self->time_label);
}

const char *netpont_lock_bar_get_help(NetpontLockBar *self)
{
	return gtk_label_get_text(self->help_label);
}

/* The bar cannot be closed: the session ends with "End my session". */
static gboolean on_close_request(GtkWindow *window)
{
	return TRUE;
}

static void netpont_lock_bar_class_init(NetpontLockBarClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
	GTK_WINDOW_CLASS(klass)->close_request = on_close_request;
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/Lock/netpont-lock-bar.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, name_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, time_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, help_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, clock_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, cost_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, help_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, cancel_help_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, language_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontLockBar, end_button);
}

static void netpont_lock_bar_init(NetpontLockBar *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	name_button(self->help_button);
	name_button(self->cancel_help_button);
	name_button(self->end_button);
}

NetpontLockBar *netpont_lock_bar_new(void)
{
	return g_object_new(NETPONT_TYPE_LOCK_BAR, NULL);
}
