#include "netpont-lock-bar.h"

struct _NetpontLockBar {
	GtkApplicationWindow parent_instance;
	GtkLabel *name_label;
	GtkLabel *time_label;
	GtkLabel *help_label;
};

G_DEFINE_FINAL_TYPE(NetpontLockBar, netpont_lock_bar, GTK_TYPE_APPLICATION_WINDOW)

/* The help line is always there (empty when there is nothing to say), so
 * the bar keeps one size: GTK 4 does not grow a mapped window when its
 * content grows. */
static void set_line(GtkLabel *label, const char *text)
{
	gtk_label_set_text(label, text != NULL ? text : "");
	gtk_widget_set_tooltip_text(GTK_WIDGET(label), text);
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
}

static void netpont_lock_bar_init(NetpontLockBar *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
}

NetpontLockBar *netpont_lock_bar_new(void)
{
	return g_object_new(NETPONT_TYPE_LOCK_BAR, NULL);
}
