#include "netpont-audit-view.h"

#include <glib/gi18n.h>

#include "netpont-admin-items.h"
#include "netpont-util.h"

struct _NetpontAuditView {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *rows;

	GtkEntry *from_entry;
	GtkEntry *to_entry;
	GtkColumnView *rows_view;
};

G_DEFINE_FINAL_TYPE(NetpontAuditView, netpont_audit_view, GTK_TYPE_BOX)

static void audit_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontAuditView *self = NETPONT_AUDIT_VIEW(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_AUDIT_LIST_REPLY)
		return;
	g_list_store_remove_all(self->rows);
	for (size_t i = 0; i < reply->audit_list_reply->n_rows; i++) {
		g_autoptr(NetpontAuditItem) item =
		    netpont_audit_item_new(reply->audit_list_reply->rows[i]);
		g_list_store_append(self->rows, item);
	}
}

void netpont_audit_view_reload(NetpontAuditView *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__AuditList list = NETPONT__AUDIT_LIST__INIT;
	g_autofree char *from = netpont_editable_get_stripped(self->from_entry);
	g_autofree char *to = netpont_editable_get_stripped(self->to_entry);

	if (self->client == NULL)
		return;
	list.from = from;
	list.to = to;
	env.body_case = NETPONT__ENVELOPE__BODY_AUDIT_LIST;
	env.audit_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, audit_done);
}

void netpont_audit_view_clear(NetpontAuditView *self)
{
	g_list_store_remove_all(self->rows);
}

void netpont_audit_view_set_client(NetpontAuditView *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
}

static void on_show_clicked(NetpontAuditView *self)
{
	netpont_audit_view_reload(self);
}

static void netpont_audit_view_dispose(GObject *object)
{
	NetpontAuditView *self = NETPONT_AUDIT_VIEW(object);

	g_clear_object(&self->client);
	G_OBJECT_CLASS(netpont_audit_view_parent_class)->dispose(object);
}

static void netpont_audit_view_finalize(GObject *object)
{
	NetpontAuditView *self = NETPONT_AUDIT_VIEW(object);

	g_clear_object(&self->rows);
	G_OBJECT_CLASS(netpont_audit_view_parent_class)->finalize(object);
}

static void netpont_audit_view_class_init(NetpontAuditViewClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_audit_view_dispose;
	object_class->finalize = netpont_audit_view_finalize;
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-audit-view.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontAuditView, from_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontAuditView, to_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontAuditView, rows_view);
	gtk_widget_class_bind_template_callback(widget_class, on_show_clicked);
}

static void netpont_audit_view_init(NetpontAuditView *self)
{
	g_autoptr(GtkNoSelection) selection = NULL;

	gtk_widget_init_template(GTK_WIDGET(self));
	self->rows = g_list_store_new(NETPONT_TYPE_AUDIT_ITEM);
	selection = gtk_no_selection_new(G_LIST_MODEL(g_object_ref(self->rows)));
	gtk_column_view_set_model(self->rows_view, GTK_SELECTION_MODEL(selection));
	netpont_column_view_add(self->rows_view, _("When"), "when", FALSE);
	netpont_column_view_add(self->rows_view, _("Staff"), "staff", FALSE);
	netpont_column_view_add(self->rows_view, _("Action"), "action", FALSE);
	netpont_column_view_add(self->rows_view, _("Detail"), "detail", TRUE);
}
