#include "netpont-help-page.h"

#include <glib/gi18n.h>

#include "netpont-help-item.h"
#include "netpont-resolve-popover.h"
#include "netpont-util.h"

struct _NetpontHelpPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *calls;
	GtkSingleSelection *selection;
	guint tick_source;
	guint open_count;
	/* The reminder: while a call waits, the bell rings again every
	 * reminder_s seconds (until someone answers). */
	guint reminder_source;
	guint reminder_s;
	guint reminders;

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
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "help.resolve", selected != NULL);
	if (open != self->open_count) {
		self->open_count = open;
		g_signal_emit(self, signals[SIGNAL_OPEN_COUNT_CHANGED], 0, open);
	}
}

/* Selects the call that has waited longest of those nobody answered yet
 * (the list is oldest first); leaves the selection when none waits. */
static void page_select_oldest_waiting(NetpontHelpPage *self)
{
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->calls));

	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontHelpItem) call =
		    g_list_model_get_item(G_LIST_MODEL(self->calls), i);
		if (call->help_state == NETPONT__HELP_STATE__HELP_STATE_OPEN) {
			gtk_single_selection_set_selected(self->selection, i);
			return;
		}
	}
}

/* Whether the selected call is one nobody answered yet. */
static gboolean page_selected_waits(NetpontHelpPage *self)
{
	NetpontHelpItem *selected = gtk_single_selection_get_selected_item(self->selection);

	return selected != NULL && selected->help_state == NETPONT__HELP_STATE__HELP_STATE_OPEN;
}

/* The reminder: rings again while a call waits, for the staff who answer
 * calls (a treasurer's console stays quiet). */
static gboolean page_remind(gpointer data)
{
	NetpontHelpPage *self = data;
	Netpont__StaffRole role;

	if (self->client == NULL || self->open_count == 0)
		return G_SOURCE_CONTINUE;
	role = netpont_client_get_role(self->client);
	if (role != NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR &&
	    role != NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN)
		return G_SOURCE_CONTINUE;
	self->reminders++;
	gtk_widget_error_bell(GTK_WIDGET(self));
	return G_SOURCE_CONTINUE;
}

void netpont_help_page_set_reminder_interval(NetpontHelpPage *self, guint seconds)
{
	g_return_if_fail(seconds > 0);
	self->reminder_s = seconds;
	g_clear_handle_id(&self->reminder_source, g_source_remove);
	self->reminder_source = g_timeout_add_seconds(seconds, page_remind, self);
}

guint netpont_help_page_get_reminder_count(NetpontHelpPage *self)
{
	return self->reminders;
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
	if (!page_selected_waits(self))
		page_select_oldest_waiting(self);
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
	page_select_oldest_waiting(self);
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
	/* Answered or resolved: the next one waiting is the next to see to. */
	page_select_oldest_waiting(self);
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

/* help.resolve (s: the topic, from the Resolved… popover): resolves the
 * selected call, saying what it was about and what came of it. */
static void on_resolve_action(GtkWidget *widget, const char *action, GVariant *param)
{
	NetpontHelpPage *self = NETPONT_HELP_PAGE(widget);
	NetpontHelpItem *call = gtk_single_selection_get_selected_item(self->selection);
	Netpont__HelpResolve resolve = NETPONT__HELP_RESOLVE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;
	g_autofree char *outcome = NULL;

	if (call == NULL)
		return;
	outcome = netpont_resolve_popover_take_outcome(
	    gtk_menu_button_get_popover(GTK_MENU_BUTTON(self->resolve_button)));
	resolve.id = call->id;
	resolve.topic = (char *)g_variant_get_string(param, NULL);
	resolve.outcome = outcome;
	env.body_case = NETPONT__ENVELOPE__BODY_HELP_RESOLVE;
	env.help_resolve = &resolve;
	/* TRANSLATORS: %s is the topic, e.g. "The call is resolved (CV)." */
	message = g_strdup_printf(_("The call is resolved (%s)."),
	                          netpont_help_topic_label(resolve.topic));
	netpont_request(self->client, GTK_WIDGET(self), &env, message, help_reply_done);
}

/* A cell that shows property of a call, in the error colour and bold while
 * the call waits for someone (the row stands out; GTK 4.8 has no row
 * factory). */
static void highlight_sync(NetpontHelpItem *call, GParamSpec *pspec, GtkWidget *label)
{
	gboolean waits = call->help_state == NETPONT__HELP_STATE__HELP_STATE_OPEN;

	if (waits) {
		gtk_widget_add_css_class(label, "error");
		gtk_widget_add_css_class(label, "heading");
	} else {
		gtk_widget_remove_css_class(label, "error");
		gtk_widget_remove_css_class(label, "heading");
	}
}

/* Added to a text column's own bind: the cell follows the call's state. */
static void highlight_bind(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
	NetpontHelpItem *call = gtk_list_item_get_item(item);
	GtkWidget *label = gtk_list_item_get_child(item);

	/* The state text changes with the state: follow it. */
	g_signal_connect_object(call, "notify::state", G_CALLBACK(highlight_sync), label, 0);
	highlight_sync(call, NULL, label);
}

static void highlight_unbind(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
	g_signal_handlers_disconnect_by_func(gtk_list_item_get_item(item), highlight_sync,
	                                     gtk_list_item_get_child(item));
}

/* A text column (netpont_column_view_add()) whose cells stand out while
 * the call waits. */
static void page_add_column(NetpontHelpPage *self, const char *title, const char *property,
                            gboolean expand)
{
	GtkColumnViewColumn *column = netpont_column_view_add(self->view, title, property, expand);
	GtkListItemFactory *factory = gtk_column_view_column_get_factory(column);

	g_signal_connect(factory, "bind", G_CALLBACK(highlight_bind), NULL);
	g_signal_connect(factory, "unbind", G_CALLBACK(highlight_unbind), NULL);
}

static void netpont_help_page_dispose(GObject *object)
{
	NetpontHelpPage *self = NETPONT_HELP_PAGE(object);

	g_clear_handle_id(&self->tick_source, g_source_remove);
	g_clear_handle_id(&self->reminder_source, g_source_remove);
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
	gtk_widget_class_install_action(widget_class, "help.resolve", "s", on_resolve_action);
}

static void netpont_help_page_init(NetpontHelpPage *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->calls = g_list_store_new(NETPONT_TYPE_HELP_ITEM);
	self->selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->calls)));
	gtk_single_selection_set_autoselect(self->selection, TRUE);
	gtk_column_view_set_model(self->view, GTK_SELECTION_MODEL(self->selection));
	page_add_column(self, _("PC"), "seat", FALSE);
	page_add_column(self, _("Waiting"), "waiting", FALSE);
	netpont_column_view_add(self->view, _("What they wrote"), "text", TRUE);
	page_add_column(self, _("State"), "state", FALSE);
	gtk_menu_button_set_popover(GTK_MENU_BUTTON(self->resolve_button),
	                            netpont_resolve_popover_new("help.resolve", "help-resolve"));
	g_signal_connect_swapped(self->selection, "selection-changed", G_CALLBACK(page_update),
	                         self);
	g_signal_connect_swapped(self->calls, "items-changed", G_CALLBACK(page_update), self);
	self->tick_source = g_timeout_add_seconds(1, page_tick, self);
	netpont_help_page_set_reminder_interval(self, 25);
	page_update(self);
}
