#include "netpont-util.h"

#include "netpont-window.h"

#include "common/np_money.h"
#include "pages.h"

#include <adwaita.h>
#include <glib/gi18n.h>

char *netpont_format_money(const char *currency, guint decimals, gint64 amount)
{
	char text[NP_MONEY_TEXT_MAX];
	return g_strdup(
	    np_money_format(amount, decimals, currency, &np_money_screen, text, sizeof text));
}

char *netpont_client_format_money(NetpontClient *client, gint64 amount)
{
	return netpont_format_money(netpont_client_get_currency(client),
	                            netpont_client_get_currency_decimals(client), amount);
}

char *netpont_client_format_balance(NetpontClient *client, gint64 due, gint64 credit)
{
	if (credit > 0 && due <= 0) {
		g_autofree char *money = netpont_client_format_money(client, credit);
		/* TRANSLATORS: a resident's prepaid credit, "credit 500 Ft" */
		return g_strdup_printf(_("credit %s"), money);
	}
	return netpont_client_format_money(client, MAX(due, 0));
}

char *netpont_format_duration(gint64 seconds)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds >= 3600)
		return g_strdup_printf("%d:%02d:%02d", (int)(seconds / 3600),
		                       (int)(seconds / 60 % 60), (int)(seconds % 60));
	return g_strdup_printf("%d:%02d", (int)(seconds / 60), (int)(seconds % 60));
}

char *netpont_format_datetime(gint64 unix_time)
{
	g_autoptr(GDateTime) dt = NULL;

	if (unix_time <= 0)
		return g_strdup("");
	dt = g_date_time_new_from_unix_local(unix_time);
	return dt != NULL ? g_date_time_format(dt, "%Y-%m-%d %H:%M") : g_strdup("");
}

char *netpont_format_clock(gint64 unix_time)
{
	g_autoptr(GDateTime) dt = NULL;

	if (unix_time <= 0)
		return g_strdup("");
	dt = g_date_time_new_from_unix_local(unix_time);
	return dt != NULL ? g_date_time_format(dt, "%H:%M") : g_strdup("");
}

char *netpont_format_date(GDateTime *date)
{
	return g_date_time_format(date, "%Y-%m-%d");
}

const char *netpont_role_label(Netpont__StaffRole role)
{
	switch (role) {
	case NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR:
		return _("Mentor");
	case NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER:
		return _("Treasurer");
	case NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN:
		return _("Administrator");
	default:
		return _("Staff");
	}
}

static void show_message(GtkWidget *widget, const char *message, gboolean urgent)
{
	GtkRoot *root = gtk_widget_get_root(widget);

	if (root == NULL || !NETPONT_IS_WINDOW(root)) {
		g_debug("message without a window: %s", message);
		return;
	}
	netpont_window_show_message(NETPONT_WINDOW(root), message, urgent);
}

void netpont_show_message(GtkWidget *widget, const char *message)
{
	show_message(widget, message, FALSE);
}

void netpont_show_error(GtkWidget *widget, const GError *error)
{
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	show_message(widget, error->message, TRUE);
}

static void column_setup(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
	GtkWidget *label = gtk_label_new(NULL);

	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
	gtk_list_item_set_child(item, label);
}

static void column_bind(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
	const char *property = data;
	GObject *object = gtk_list_item_get_item(item);
	GtkWidget *label = gtk_list_item_get_child(item);
	GBinding *binding =
	    g_object_bind_property(object, property, label, "label", G_BINDING_SYNC_CREATE);

	gtk_widget_set_tooltip_text(label, NULL);
	g_object_set_data(G_OBJECT(item), "netpont-binding", binding);
}

static void column_unbind(GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
	GBinding *binding = g_object_get_data(G_OBJECT(item), "netpont-binding");

	if (binding != NULL)
		g_binding_unbind(binding);
	g_object_set_data(G_OBJECT(item), "netpont-binding", NULL);
}

GtkColumnViewColumn *netpont_column_view_add(GtkColumnView *view, const char *title,
                                             const char *property, gboolean expand)
{
	GtkListItemFactory *factory = gtk_signal_list_item_factory_new();
	GtkColumnViewColumn *column;

	g_signal_connect(factory, "setup", G_CALLBACK(column_setup), NULL);
	/* The property name is interned, so it outlives the factory unfreed. */
	g_signal_connect(factory, "bind", G_CALLBACK(column_bind),
	                 (gpointer)g_intern_string(property));
	g_signal_connect(factory, "unbind", G_CALLBACK(column_unbind), NULL);
	column = gtk_column_view_column_new(title, factory);
	gtk_column_view_column_set_expand(column, expand);
	gtk_column_view_column_set_resizable(column, TRUE);
	gtk_column_view_append_column(view, column);
	g_object_unref(column);
	return column;
}

char *netpont_editable_get_stripped(gpointer editable)
{
	return g_strstrip(g_strdup(gtk_editable_get_text(GTK_EDITABLE(editable))));
}

typedef struct {
	GtkWidget *widget;
	char *success_message;
	NetpontReplyFunc done;
	/* A list in pages (netpont.proto, SeatList): the request as sent, to
	 * ask for the next page, and the pages so far joined into one reply. */
	Netpont__Envelope *paged_request;
	Netpont__Envelope *pages;
	char *cursor; /* the cursor of the page asked for last */
} RequestData;

static void request_data_free(RequestData *request)
{
	g_object_unref(request->widget);
	g_free(request->success_message);
	if (request->paged_request != NULL)
		netpont__envelope__free_unpacked(request->paged_request, NULL);
	if (request->pages != NULL)
		netpont__envelope__free_unpacked(request->pages, NULL);
	g_free(request->cursor);
	g_free(request);
}

static void request_done(GObject *source, GAsyncResult *result, gpointer data);

/* Takes reply, a page of a list: joins it to the pages so far and asks for
 * the next page, or returns the whole list when this was the last page.
 * Returns NULL while more pages are on their way (or when joining failed,
 * with error set). */
static Netpont__Envelope *request_join_page(NetpontClient *client, RequestData *request,
                                            Netpont__Envelope *reply, GError **error)
{
	const char *next = np_page_next_cursor(reply);
	char *cursor = g_strdup(next);

	/* The server's cursors only move forward; one that names the same
	 * page again would never end. */
	if (cursor != NULL && g_strcmp0(cursor, request->cursor) == 0) {
		g_free(cursor);
		netpont__envelope__free_unpacked(reply, NULL);
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		                    _("The server sent the same page of the list twice. "
		                      "Try again; if it happens again, restart netpontd."));
		return NULL;
	}
	g_free(request->cursor);
	request->cursor = cursor;
	if (request->pages == NULL) {
		request->pages = reply;
	} else {
		int joined = np_page_append(request->pages, reply);

		netpont__envelope__free_unpacked(reply, NULL);
		if (joined != 0) {
			g_set_error_literal(
			    error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    _("Out of memory while joining the pages of the list."));
			return NULL;
		}
	}
	if (cursor == NULL) {
		Netpont__Envelope *all = request->pages;

		request->pages = NULL;
		return all;
	}
	/* The request is encoded at once: the cursor need outlive only the call. */
	const char *before = np_page_set_cursor(request->paged_request, cursor);
	netpont_client_call_async(client, request->paged_request, NULL, request_done, request);
	np_page_set_cursor(request->paged_request, before);
	return NULL;
}

static void request_done(GObject *source, GAsyncResult *result, gpointer data)
{
	RequestData *request = data;
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_client_call_finish(NETPONT_CLIENT(source), result, &error);

	if (reply != NULL && request->paged_request != NULL) {
		reply = request_join_page(NETPONT_CLIENT(source), request, reply, &error);
		if (reply == NULL && error == NULL)
			return; /* the next page is on its way */
	}
	if (reply == NULL) {
		netpont_show_error(request->widget, error);
	} else {
		if (request->success_message != NULL)
			netpont_show_message(request->widget, request->success_message);
		if (request->done != NULL)
			request->done(request->widget, reply);
		netpont__envelope__free_unpacked(reply, NULL);
	}
	request_data_free(request);
}

/* A copy of env when it asks for a list in pages, else NULL: the copy,
 * with the page size of this repository's clients, asks for the first
 * page and the next ones (request_join_page()). */
static Netpont__Envelope *paged_copy(const Netpont__Envelope *env)
{
	Netpont__Envelope *copy;
	g_autofree uint8_t *packed = NULL;
	size_t len;

	if (!np_page_is_request(env))
		return NULL;
	len = netpont__envelope__get_packed_size(env);
	packed = g_malloc(len);
	netpont__envelope__pack(env, packed);
	copy = netpont__envelope__unpack(NULL, len, packed);
	if (copy != NULL)
		np_page_client_size(copy);
	return copy;
}

void netpont_request(NetpontClient *client, GtkWidget *widget, const Netpont__Envelope *env,
                     const char *success_message, NetpontReplyFunc done)
{
	RequestData *request = g_new0(RequestData, 1);

	request->widget = g_object_ref(widget);
	request->success_message = g_strdup(success_message);
	request->done = done;
	request->paged_request = paged_copy(env);
	netpont_client_call_async(client, request->paged_request ? request->paged_request : env,
	                          NULL, request_done, request);
}

void netpont_request_residents(NetpontClient *client, GtkWidget *widget, const char *query,
                               gboolean include_guests, NetpontReplyFunc done)
{
	Netpont__ResidentList list = NETPONT__RESIDENT_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	list.query = (char *)query;
	list.include_guests = include_guests;
	env.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_LIST;
	env.resident_list = &list;
	netpont_request(client, widget, &env, NULL, done);
}

GtkWidget *netpont_code_label_new(const char *text, const char *name)
{
	GtkWidget *label = gtk_label_new(text);

	gtk_label_set_selectable(GTK_LABEL(label), TRUE);
	gtk_label_set_wrap(GTK_LABEL(label), TRUE);
	gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_CHAR);
	/* A code is compared character by character: a line break must not
	 * look like a '-' that belongs to it. */
	PangoAttrList *attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	gtk_label_set_attributes(GTK_LABEL(label), attrs);
	pango_attr_list_unref(attrs);
	gtk_widget_set_name(label, name);
	gtk_widget_add_css_class(label, "monospace");
	return label;
}
