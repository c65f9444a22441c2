#include "netpont-help-page.h"

#include <glib/gi18n.h>

#include "netpont-help-item.h"
#include "netpont-util.h"

struct _NetpontHelpPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *calls;
	GtkSingleSelection *selection;
	guint tick_source;
	guint open_count;

	GtkLabel *summary_label;
	GtkWidget *ack_button;
	GtkWidget *resolve_button;
	GtkColumnView *view;
};

G_DEFINE_FINAL_TYPE(NetpontHelpPage, netpont_help_page, GTK_TYPE_BOX)

enum { SIGNAL_NEW_CALL, SIGNAL_OPEN_COUNT_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void page_update(NetpontHelpPage *self)
{
	NetpontHelpItem *selected = gtk_single_selection_get_selected_item(self->selection);
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->calls));
	guint open = 0;
	g_autofree char *summary = NULL;

	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontHelpItem) call =
		    g_list_model_get_item(G_LIST_MODEL(self->calls), i);
		if (call->help_state == NETPONT__HELP_STATE__HELP_STATE_OPEN)
			open++;
	}
	if (n == 0)
		summary = g_strdup(_("Nobody is waiting for help."));
	else
		summary = g_strdup_printf(ngettext("%u open call, %u not answered yet",
		                                   "%u open calls, %u not answered yet", n),
		                          n, open);
	gtk_label_set_text(self->summary_label, summary);
	gtk_widget_set_sensitive(self->ack_button,
	                         selected != NULL &&
	                             selected->help_state == NETPONT__HELP_STATE__HELP_STATE_OPEN);
	gtk_widget_set_sensitive(self->resolve_button, selected != NULL);
	if (open != self->open_count) {
		self->open_count = open;
		g_signal_emit(self, signals[SIGNAL_OPEN_COUNT_CHANGED], 0, open);
	}
}

static void page_update_waiting(NetpontHelpPage *self, NetpontHelpItem *call)
{
	netpont_help_item_set_waiting(call, netpont_client_get_server_time(self->client));
}

static gboolean page_tick(gpointer data)
{
	NetpontHelpPage *self = data;
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->calls));

	if (self->client == NULL)
		return G_SOURCE_CONTINUE;
	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontHelpItem) call =
		    g_list_model_get_item(G_LIST_MODEL(self->calls), i);
		page_update_waiting(self, call);
	}
	return G_SOURCE_CONTINUE;
}

static int compare_raised(gconstpointer a, gconstpointer b, gpointer data)
{
	const NetpontHelpItem *call_a = a;
	const NetpontHelpItem *call_b = b;

	if (call_a->raised_at != call_b->raised_at)
		return call_a->raised_at < call_b->raised_at ? -1 : 1;
	return call_a->id < call_b->id ? -1 : 1;
}

/* A call that needs nobody any more: resolved by a mentor, or taken back
 * by the resident at the PC. */
static gboolean call_closed(const Netpont__HelpCall *call)
{
	return call->state == NETPONT__HELP_STATE__HELP_STATE_RESOLVED ||
	       call->state == NETPONT__HELP_STATE__HELP_STATE_CANCELLED;
}

/* Puts a call into the list, updates it, or takes it out once closed.
 * Returns TRUE if it is a call the page did not show before. */
static gboolean page_apply_call(NetpontHelpPage *self, const Netpont__HelpCall *call)
{
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->calls));
	g_autoptr(NetpontHelpItem) item = NULL;

	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontHelpItem) existing =
		    g_list_model_get_item(G_LIST_MODEL(self->calls), i);
		if (existing->id == call->id) {
			if (call_closed(call)) {
				g_list_store_remove(self->calls, i);
				return FALSE;
			}
			item = g_steal_pointer(&existing);
			break;
		}
	}
	if (call_closed(call))
		return FALSE;
	if (item == NULL) {
		item = netpont_help_item_new(call);
		page_update_waiting(self, item);
		g_list_store_insert_sorted(self->calls, item, compare_raised, NULL);
		return TRUE;
	}
	netpont_help_item_update(item, call);
	return FALSE;
}

static void on_help_changed(NetpontClient *client, Netpont__HelpCall *call, gpointer data)
{
	NetpontHelpPage *self = data;

	if (page_apply_call(self, call) && call->state == NETPONT__HELP_STATE__HELP_STATE_OPEN)
		g_signal_emit(self, signals[SIGNAL_NEW_CALL], 0, call->seat,
		              call->text != NULL ? call->text : "");
	page_update(self);
}

static void help_list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontHelpPage *self = NETPONT_HELP_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_HELP_LIST_REPLY)
		return;
	g_list_store_remove_all(self->calls);
	for (size_t i = 0; i < reply->help_list_reply->n_calls; i++)
		page_apply_call(self, reply->help_list_reply->calls[i]);
	page_update(self);
}

void netpont_help_page_reload(NetpontHelpPage *self)
{
	Netpont__HelpList list = NETPONT__HELP_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_HELP_LIST;
	env.help_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, help_list_done);
}

void netpont_help_page_clear(NetpontHelpPage *self)
{
	g_list_store_remove_all(self->calls);
	page_update(self);
}

GListModel *netpont_help_page_get_calls(NetpontHelpPage *self)
{
	return G_LIST_MODEL(self->calls);
}

guint netpont_help_page_get_open_count(NetpontHelpPage *self)
{
	return self->open_count;
}

void netpont_help_page_set_client(NetpontHelpPage *self, NetpontClient *client)
{
	if (self->client != NULL) {
		g_signal_handlers_disconnect_by_data(self->client, self);
		g_clear_object(&self->client);
	}
	if (client == NULL)
		return;
	self->client = g_object_ref(client);
	g_signal_connect(client, "help-changed", G_CALLBACK(on_help_changed), self);
}

static void help_reply_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontHelpPage *self = NETPONT_HELP_PAGE(widget);

	if (reply->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL)
		page_apply_call(self, reply->help_call);
	page_update(self);
}

static void on_ack_clicked(NetpontHelpPage *self)
{
	NetpontHelpItem *call = gtk_single_selection_get_selected_item(self->selection);
	Netpont__HelpAck ack = NETPONT__HELP_ACK__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	if (call == NULL)
		return;
	ack.id = call->id;
	env.body_case = NETPONT__ENVELOPE__BODY_HELP_ACK;
	env.help_ack = &ack;
	message = g_strdup_printf(_("%s now shows that you are on your way."), call->seat);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, help_reply_done);
}

static void on_resolve_clicked(NetpontHelpPage *self)
{
	NetpontHelpItem *call = gtk_single_selection_get_selected_item(self->selection);
	Netpont__HelpResolve resolve = NETPONT__HELP_RESOLVE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (call == NULL)
		return;
	resolve.id = call->id;
	env.body_case = NETPONT__ENVELOPE__BODY_HELP_RESOLVE;
	env.help_resolve = &resolve;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("The call is resolved."),
	                help_reply_done);
}

static void netpont_help_page_dispose(GObject *object)
{
	NetpontHelpPage *self = NETPONT_HELP_PAGE(object);

	g_clear_handle_id(&self->tick_source, g_source_remove);
	netpont_help_page_set_client(self, NULL);
	G_OBJECT_CLASS(netpont_help_page_parent_class)->dispose(object);
}

static void netpont_help_page_finalize(GObject *object)
{
	NetpontHelpPage *self = NETPONT_HELP_PAGE(object);

	g_clear_object(&self->selection);
	g_clear_object(&self->calls);
	G_OBJECT_CLASS(netpont_help_page_parent_class)->finalize(object);
}

static void netpont_help_page_class_init(NetpontHelpPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_help_page_dispose;
	object_class->finalize = netpont_help_page_finalize;
	signals[SIGNAL_NEW_CALL] =
	    g_signal_new("new-call", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
	                 NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
	signals[SIGNAL_OPEN_COUNT_CHANGED] =
	    g_signal_new("open-count-changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-help-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontHelpPage, summary_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontHelpPage, ack_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontHelpPage, resolve_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontHelpPage, view);
	gtk_widget_class_bind_template_callback(widget_class, on_ack_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_resolve_clicked);
}

static void netpont_help_page_init(NetpontHelpPage *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->calls = g_list_store_new(NETPONT_TYPE_HELP_ITEM);
	self->selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->calls)));
	gtk_single_selection_set_autoselect(self->selection, TRUE);
	gtk_column_view_set_model(self->view, GTK_SELECTION_MODEL(self->selection));
	netpont_column_view_add(self->view, _("PC"), "seat", FALSE);
	netpont_column_view_add(self->view, _("Waiting"), "waiting", FALSE);
	netpont_column_view_add(self->view, _("What they wrote"), "text", TRUE);
	netpont_column_view_add(self->view, _("State"), "state", FALSE);
	g_signal_connect_swapped(self->selection, "selection-changed", G_CALLBACK(page_update),
	                         self);
	g_signal_connect_swapped(self->calls, "items-changed", G_CALLBACK(page_update), self);
	self->tick_source = g_timeout_add_seconds(1, page_tick, self);
	page_update(self);
}
