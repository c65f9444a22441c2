#include "netpont-seats-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "netpont-held-print.h"
#include "netpont-help-item.h"
#include "netpont-resolve-popover.h"
#include "netpont-resident-item.h"
#include "netpont-seat-tile.h"
#include "netpont-seat.h"
#include "netpont-util.h"

struct _NetpontSeatsPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *seats;
	GtkSingleSelection *selection;
	GListStore *residents;
	GtkSingleSelection *resident_selection;
	guint tick_source;
	guint search_serial;

	GtkStack *map_stack;
	GtkGridView *grid;
	AdwFlap *flap;
	GtkWidget *panel_button;
	GtkWidget *panel;
	GtkLabel *seat_title;
	GtkLabel *seat_detail;
	GtkWidget *start_group;
	GtkWidget *session_group;
	GtkWidget *seat_group;
	GtkWidget *held_group;
	GtkListBox *held_list;
	/* The seat whose held prints held_list shows (a reference), NULL when none. */
	NetpontSeat *held_seat;
	/* Held prints a Print or Cancel was sent for, as "SEAT\nJOB-KEY" (owned
	 * strings): their buttons stay insensitive, also when the rows are
	 * rebuilt, until the request fails or the PC reports the job gone, so
	 * a double click sends one request. */
	GHashTable *held_busy;
	GtkSearchEntry *resident_search;
	GtkListView *resident_list;
	GtkSpinButton *start_minutes;
	GtkWidget *start_resident_button;
	GtkWidget *start_guest_button;
	GtkSpinButton *extend_minutes;
	GtkWidget *extend_button;
	GtkWidget *end_button;
	GtkWidget *lock_button;
	GtkWidget *unlock_button;
	GtkEntry *message_entry;
	GtkWidget *message_button;
	/* The selected seat's help call (help_panel_update()). */
	AdwPreferencesGroup *help_group;
	GtkWidget *help_ack_button;
	GtkWidget *help_resolve_button;
};

G_DEFINE_FINAL_TYPE(NetpontSeatsPage, netpont_seats_page, GTK_TYPE_BOX)

static NetpontSeat *page_find_seat(NetpontSeatsPage *self, const char *name, guint *position)
{
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->seats));

	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontSeat) seat = g_list_model_get_item(G_LIST_MODEL(self->seats), i);
		if (g_strcmp0(netpont_seat_get_name(seat), name) == 0) {
			if (position != NULL)
				*position = i;
			return seat; /* the store still holds a reference */
		}
	}
	return NULL;
}

static NetpontSeat *page_selected_seat(NetpontSeatsPage *self)
{
	return gtk_single_selection_get_selected_item(self->selection);
}

static NetpontResidentItem *page_selected_resident(NetpontSeatsPage *self)
{
	return gtk_single_selection_get_selected_item(self->resident_selection);
}

/* ------------------------------------------------------------ help call
 * The selected seat's help call, answered ("On my way") or resolved with
 * its topic right where the tile shows the badge. */

/* Shows the help block when the selected seat has a call nobody resolved. */
static void help_panel_update(NetpontSeatsPage *self, NetpontSeat *seat)
{
	Netpont__HelpState state = seat != NULL ? netpont_seat_get_help_state(seat)
	                                        : NETPONT__HELP_STATE__HELP_STATE_UNSPECIFIED;
	gboolean open = seat != NULL && netpont_seat_get_help_id(seat) != 0 &&
	                (state == NETPONT__HELP_STATE__HELP_STATE_OPEN ||
	                 state == NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED);
	const char *text;

	gtk_widget_set_visible(GTK_WIDGET(self->help_group), open);
	if (!open)
		return;
	text = netpont_seat_get_help_text(seat);
	adw_preferences_group_set_description(self->help_group,
	                                      text != NULL && *text ? text : _("(no message)"));
	gtk_widget_action_set_enabled(GTK_WIDGET(self), "seat-help.ack",
	                              state == NETPONT__HELP_STATE__HELP_STATE_OPEN);
}

/* seat-help.ack and seat-help.resolve (s: the topic). */
static void on_seat_help_action(GtkWidget *widget, const char *action, GVariant *param)
{
	NetpontSeatsPage *self = NETPONT_SEATS_PAGE(widget);
	NetpontSeat *seat = page_selected_seat(self);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__HelpAck ack = NETPONT__HELP_ACK__INIT;
	Netpont__HelpResolve resolve = NETPONT__HELP_RESOLVE__INIT;
	g_autofree char *message = NULL;
	g_autofree char *outcome = NULL;

	if (seat == NULL || netpont_seat_get_help_id(seat) == 0)
		return;
	if (param == NULL) {
		ack.id = netpont_seat_get_help_id(seat);
		env.body_case = NETPONT__ENVELOPE__BODY_HELP_ACK;
		env.help_ack = &ack;
		message = g_strdup_printf(_("%s now shows that you are on your way."),
		                          netpont_seat_get_name(seat));
	} else {
		outcome = netpont_resolve_popover_take_outcome(
		    gtk_menu_button_get_popover(GTK_MENU_BUTTON(self->help_resolve_button)));
		resolve.id = netpont_seat_get_help_id(seat);
		resolve.topic = (char *)g_variant_get_string(param, NULL);
		resolve.outcome = outcome;
		env.body_case = NETPONT__ENVELOPE__BODY_HELP_RESOLVE;
		env.help_resolve = &resolve;
		message = g_strdup_printf(_("The call is resolved (%s)."),
		                          netpont_help_topic_label(resolve.topic));
	}
	netpont_request(self->client, GTK_WIDGET(self), &env, message, NULL);
}

static void help_panel_init(NetpontSeatsPage *self)
{
	gtk_menu_button_set_popover(
	    GTK_MENU_BUTTON(self->help_resolve_button),
	    netpont_resolve_popover_new("seat-help.resolve", "seat-help-resolve"));
}

static void help_panel_class_init(GtkWidgetClass *widget_class)
{
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, help_group);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, help_ack_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, help_resolve_button);
	gtk_widget_class_install_action(widget_class, "seat-help.ack", NULL, on_seat_help_action);
	gtk_widget_class_install_action(widget_class, "seat-help.resolve", "s",
	                                on_seat_help_action);
}

/* ------------------------------------------------------------ held prints */

typedef struct {
	NetpontSeatsPage *self; /* a reference */
	char *busy_key;
	char *success_message;
} HeldRequest;

static char *held_busy_key(NetpontSeat *seat, const char *job_key)
{
	return g_strdup_printf("%s\n%s", netpont_seat_get_name(seat), job_key);
}

/* Makes the buttons of each shown row sensitive unless a request for its
 * job is under way or done. */
static void held_update_buttons(NetpontSeatsPage *self)
{
	GtkListBoxRow *row;

	if (self->held_seat == NULL)
		return;
	for (int i = 0; (row = gtk_list_box_get_row_at_index(self->held_list, i)) != NULL; i++) {
		GtkWidget *buttons = g_object_get_data(G_OBJECT(row), "buttons");
		const char *key = g_object_get_data(G_OBJECT(row), "job-key");
		g_autofree char *busy = NULL;

		if (buttons == NULL || key == NULL)
			continue;
		busy = held_busy_key(self->held_seat, key);
		gtk_widget_set_sensitive(buttons, !g_hash_table_contains(self->held_busy, busy));
	}
}

/* Forgets the requests for seat's jobs that the PC no longer holds: they
 * were released or cancelled. */
static void held_prune_busy(NetpontSeatsPage *self, NetpontSeat *seat)
{
	GListModel *held = netpont_seat_get_held_prints(seat);
	g_autofree char *prefix = g_strdup_printf("%s\n", netpont_seat_get_name(seat));
	GHashTableIter iter;
	gpointer busy;

	g_hash_table_iter_init(&iter, self->held_busy);
	while (g_hash_table_iter_next(&iter, &busy, NULL)) {
		const char *key = (const char *)busy + strlen(prefix);
		gboolean still_held = FALSE;

		if (!g_str_has_prefix(busy, prefix))
			continue;
		for (guint i = 0; i < g_list_model_get_n_items(held) && !still_held; i++) {
			g_autoptr(NetpontHeldPrint) job = g_list_model_get_item(held, i);
			still_held = g_strcmp0(job->job_key, key) == 0;
		}
		if (!still_held)
			g_hash_table_iter_remove(&iter);
	}
}

static void held_release_done(GObject *source, GAsyncResult *result, gpointer data)
{
	HeldRequest *request = data;
	NetpontSeatsPage *self = request->self;
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_client_call_finish(NETPONT_CLIENT(source), result, &error);

	if (reply == NULL) {
		/* Refused or the link broke: the mentor may try again. */
		g_hash_table_remove(self->held_busy, request->busy_key);
		held_update_buttons(self);
		netpont_show_error(GTK_WIDGET(self), error);
	} else {
		/* The agent releases or cancels it; its next report removes
		 * the row (a SeatEvent), and the buttons stay insensitive
		 * until then. */
		netpont_show_message(GTK_WIDGET(self), request->success_message);
		netpont__envelope__free_unpacked(reply, NULL);
	}
	g_object_unref(request->self);
	g_free(request->busy_key);
	g_free(request->success_message);
	g_free(request);
}

static void held_send(NetpontSeatsPage *self, GtkWidget *button, gboolean cancel)
{
	const char *key = g_object_get_data(G_OBJECT(button), "job-key");
	Netpont__PrintRelease release = NETPONT__PRINT_RELEASE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	HeldRequest *request;
	g_autofree char *busy = NULL;

	if (self->held_seat == NULL || key == NULL || self->client == NULL)
		return;
	busy = held_busy_key(self->held_seat, key);
	if (g_hash_table_contains(self->held_busy, busy))
		return; /* one request per job: a second click does nothing */
	g_hash_table_add(self->held_busy, g_strdup(busy));
	held_update_buttons(self);
	release.seat = (char *)netpont_seat_get_name(self->held_seat);
	release.job_key = (char *)key;
	release.cancel = cancel;
	env.body_case = NETPONT__ENVELOPE__BODY_PRINT_RELEASE;
	env.print_release = &release;
	request = g_new0(HeldRequest, 1);
	request->self = g_object_ref(self);
	request->busy_key = g_steal_pointer(&busy);
	request->success_message =
	    cancel
	        ? g_strdup_printf(_("The print on %s is cancelled; nothing is charged."),
	                          release.seat)
	        : g_strdup_printf(_("The print on %s is released: it prints now."), release.seat);
	netpont_client_call_async(self->client, &env, NULL, held_release_done, request);
}

static void on_held_print_clicked(GtkWidget *button, gpointer data)
{
	held_send(NETPONT_SEATS_PAGE(data), button, FALSE);
}

static void on_held_cancel_clicked(GtkWidget *button, gpointer data)
{
	held_send(NETPONT_SEATS_PAGE(data), button, TRUE);
}

/* "3 pages, colour — 300 Ft" for a held print. Caller frees. */
static char *held_summary(NetpontSeatsPage *self, NetpontHeldPrint *job)
{
	gint64 pages = job->pages;
	gint64 copies = job->copies;
	gint64 amount = job->amount;
	g_autofree char *count =
	    g_strdup_printf(ngettext("%d page", "%d pages", (gulong)MAX(pages, 0)), (int)pages);
	g_autofree char *price = NULL;

	if (copies > 1) {
		/* TRANSLATORS: "3 pages × 2 copies" */
		char *with_copies = g_strdup_printf(
		    ngettext("%s × %d copy", "%s × %d copies", (gulong)copies), count, (int)copies);
		g_free(count);
		count = with_copies;
	}
	if (job->color) {
		/* TRANSLATORS: "3 pages, colour" */
		char *colour = g_strdup_printf(_("%s, colour"), count);
		g_free(count);
		count = colour;
	}
	price = amount >= 0 && self->client != NULL
	            ? netpont_client_format_money(self->client, amount)
	            : g_strdup(_("price not known yet"));
	/* TRANSLATORS: "3 pages, colour — 300 Ft" */
	return g_strdup_printf(_("%s — %s"), count, price);
}

static GtkWidget *held_row_new(gpointer item, gpointer data)
{
	NetpontSeatsPage *self = data;
	NetpontHeldPrint *job = item;
	const char *title = job->title;
	g_autofree char *summary = held_summary(self, job);
	GtkWidget *action_row = adw_action_row_new();
	GtkWidget *buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
	GtkWidget *print = gtk_button_new_with_mnemonic(_("_Print"));
	GtkWidget *cancel = gtk_button_new_with_mnemonic(_("_Cancel"));

	/* Titles come from residents' documents: never markup. */
	adw_preferences_row_set_use_markup(ADW_PREFERENCES_ROW(action_row), FALSE);
	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(action_row),
	                              title != NULL && *title != '\0' ? title
	                                                              : _("Untitled print"));
	adw_action_row_set_subtitle(ADW_ACTION_ROW(action_row), summary);
	gtk_widget_set_valign(buttons, GTK_ALIGN_CENTER);
	gtk_widget_set_name(print, "seat-held-print");
	gtk_widget_set_name(cancel, "seat-held-cancel");
	gtk_widget_add_css_class(print, "suggested-action");
	gtk_widget_add_css_class(cancel, "destructive-action");
	g_object_set_data_full(G_OBJECT(print), "job-key", g_strdup(job->job_key), g_free);
	g_object_set_data_full(G_OBJECT(cancel), "job-key", g_strdup(job->job_key), g_free);
	g_signal_connect(print, "clicked", G_CALLBACK(on_held_print_clicked), self);
	g_signal_connect(cancel, "clicked", G_CALLBACK(on_held_cancel_clicked), self);
	gtk_box_append(GTK_BOX(buttons), print);
	gtk_box_append(GTK_BOX(buttons), cancel);
	adw_action_row_add_suffix(ADW_ACTION_ROW(action_row), buttons);
	/* Rows are rebuilt whenever the set changes: a job already asked
	 * for keeps its buttons insensitive. */
	g_object_set_data(G_OBJECT(action_row), "buttons", buttons);
	g_object_set_data_full(G_OBJECT(action_row), "job-key", g_strdup(job->job_key), g_free);
	if (self->held_seat != NULL) {
		g_autofree char *busy = held_busy_key(self->held_seat, job->job_key);
		gtk_widget_set_sensitive(buttons, !g_hash_table_contains(self->held_busy, busy));
	}
	return action_row;
}

static void on_held_items_changed(NetpontSeatsPage *self)
{
	if (self->held_seat != NULL)
		held_prune_busy(self, self->held_seat);
	gtk_widget_set_visible(self->held_group,
	                       self->held_seat != NULL &&
	                           netpont_seat_get_n_held_prints(self->held_seat) > 0);
}

/* Shows seat's held prints in the panel (seat NULL: none). The list follows
 * the seat's model, so SeatEvents update it live. */
static void page_show_held(NetpontSeatsPage *self, NetpontSeat *seat)
{
	if (seat != self->held_seat) {
		if (self->held_seat != NULL)
			g_signal_handlers_disconnect_by_data(
			    netpont_seat_get_held_prints(self->held_seat), self);
		g_set_object(&self->held_seat, seat);
		gtk_list_box_bind_model(self->held_list,
		                        seat != NULL ? netpont_seat_get_held_prints(seat) : NULL,
		                        seat != NULL ? held_row_new : NULL, self, NULL);
		if (seat != NULL)
			g_signal_connect_swapped(netpont_seat_get_held_prints(seat),
			                         "items-changed", G_CALLBACK(on_held_items_changed),
			                         self);
	}
	on_held_items_changed(self);
}

static void page_update_panel(NetpontSeatsPage *self)
{
	NetpontSeat *seat = page_selected_seat(self);
	Netpont__SeatState state;
	gboolean has_session;
	g_autofree char *detail = NULL;

	page_show_held(self, seat);
	help_panel_update(self, seat);
	if (seat == NULL) {
		gtk_label_set_text(self->seat_title, _("Select a PC"));
		gtk_label_set_text(self->seat_detail,
		                   _("Click a tile to see what you can do with it."));
		gtk_widget_set_sensitive(self->start_group, FALSE);
		gtk_widget_set_sensitive(self->session_group, FALSE);
		gtk_widget_set_sensitive(self->seat_group, FALSE);
		return;
	}
	state = netpont_seat_get_state(seat);
	has_session = netpont_seat_has_session(seat);
	gtk_label_set_text(self->seat_title, netpont_seat_get_name(seat));
	if (has_session) {
		g_autofree char *ends = netpont_format_clock(netpont_seat_get_ends_at(seat));
		const char *who = netpont_seat_get_resident_name(seat);
		if (who == NULL || *who == '\0')
			who = netpont_seat_get_resident_login(seat);
		/* TRANSLATORS: "In use — Kovács Mária, until 10:15" */
		detail = g_strdup_printf(_("%s — %s, until %s"), netpont_seat_state_label(state),
		                         who, ends);
	} else {
		detail = g_strdup(netpont_seat_state_label(state));
	}
	gtk_label_set_text(self->seat_detail, detail);
	gtk_widget_set_sensitive(self->start_group,
	                         !has_session && state != NETPONT__SEAT_STATE__SEAT_STATE_LOCKED);
	gtk_widget_set_sensitive(self->start_resident_button, page_selected_resident(self) != NULL);
	gtk_widget_set_sensitive(self->session_group, has_session);
	gtk_widget_set_sensitive(self->seat_group, TRUE);
	gtk_widget_set_sensitive(self->lock_button,
	                         state != NETPONT__SEAT_STATE__SEAT_STATE_LOCKED);
	gtk_widget_set_sensitive(self->unlock_button,
	                         state == NETPONT__SEAT_STATE__SEAT_STATE_LOCKED);
}

static gboolean page_tick(gpointer data)
{
	NetpontSeatsPage *self = data;
	guint n = g_list_model_get_n_items(G_LIST_MODEL(self->seats));
	gint64 now;

	if (self->client == NULL)
		return G_SOURCE_CONTINUE;
	now = netpont_client_get_server_time(self->client);
	for (guint i = 0; i < n; i++) {
		g_autoptr(NetpontSeat) seat = g_list_model_get_item(G_LIST_MODEL(self->seats), i);
		netpont_seat_tick(seat, now);
	}
	return G_SOURCE_CONTINUE;
}

static void page_apply_seat(NetpontSeatsPage *self, const Netpont__SeatInfo *info)
{
	gint64 now = netpont_client_get_server_time(self->client);
	NetpontSeat *seat;

	if (info->session != NULL && info->session->server_time > 0)
		now = info->session->server_time;
	seat = page_find_seat(self, info->name, NULL);
	if (seat != NULL) {
		netpont_seat_update(seat, info, now);
		held_prune_busy(self, seat);
	} else {
		g_autoptr(NetpontSeat) added = netpont_seat_new(info, now);
		g_list_store_append(self->seats, added);
	}
	if (seat != NULL && seat == page_selected_seat(self))
		page_update_panel(self);
}

/* A removed seat (netpontctl seat remove) leaves the room's map at once, as
 * it would at the next seat list. */
static void page_drop_removed_seat(NetpontSeatsPage *self, const Netpont__SeatInfo *info)
{
	guint position;

	if (page_find_seat(self, info->name, &position) != NULL) {
		g_list_store_remove(self->seats, position);
		page_update_panel(self);
	}
}

static void on_seat_changed(NetpontClient *client, Netpont__SeatInfo *info, gpointer data)
{
	if (info->removed)
		page_drop_removed_seat(NETPONT_SEATS_PAGE(data), info);
	else
		page_apply_seat(NETPONT_SEATS_PAGE(data), info);
}

static void on_help_changed(NetpontClient *client, Netpont__HelpCall *call, gpointer data)
{
	NetpontSeatsPage *self = data;
	NetpontSeat *seat = page_find_seat(self, call->seat, NULL);

	if (seat != NULL)
		netpont_seat_set_help(seat, call->id, call->state, call->text);
	if (seat != NULL && seat == page_selected_seat(self))
		help_panel_update(self, seat);
}

/* Updates the seats in place (tiles, selection and references stay) and
 * drops the ones the server no longer lists. */
static void seat_list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontSeatsPage *self = NETPONT_SEATS_PAGE(widget);
	Netpont__SeatListReply *list;
	guint n;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY)
		return;
	list = reply->seat_list_reply;
	for (size_t i = 0; i < list->n_seats; i++)
		page_apply_seat(self, list->seats[i]);
	n = g_list_model_get_n_items(G_LIST_MODEL(self->seats));
	for (guint i = n; i-- > 0;) {
		g_autoptr(NetpontSeat) seat = g_list_model_get_item(G_LIST_MODEL(self->seats), i);
		gboolean listed = FALSE;
		for (size_t j = 0; j < list->n_seats && !listed; j++)
			listed = g_strcmp0(list->seats[j]->name, netpont_seat_get_name(seat)) == 0;
		if (!listed)
			g_list_store_remove(self->seats, i);
	}
	page_update_panel(self);
}

void netpont_seats_page_reload(NetpontSeatsPage *self)
{
	Netpont__SeatList list = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	env.seat_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, seat_list_done);
}

void netpont_seats_page_clear(NetpontSeatsPage *self)
{
	g_list_store_remove_all(self->seats);
	g_list_store_remove_all(self->residents);
	g_hash_table_remove_all(self->held_busy);
	page_update_panel(self);
}

static void page_update_panel_button(NetpontSeatsPage *self);

void netpont_seats_page_set_can_act(NetpontSeatsPage *self, gboolean can_act)
{
	gtk_widget_set_visible(self->panel, can_act);
	if (!can_act)
		adw_flap_set_reveal_flap(self->flap, FALSE);
	page_update_panel_button(self);
}

GListModel *netpont_seats_page_get_seats(NetpontSeatsPage *self)
{
	return G_LIST_MODEL(self->seats);
}

void netpont_seats_page_set_client(NetpontSeatsPage *self, NetpontClient *client)
{
	if (self->client != NULL) {
		g_signal_handlers_disconnect_by_data(self->client, self);
		g_clear_object(&self->client);
	}
	if (client == NULL)
		return;
	self->client = g_object_ref(client);
	g_signal_connect(client, "seat-changed", G_CALLBACK(on_seat_changed), self);
	g_signal_connect(client, "help-changed", G_CALLBACK(on_help_changed), self);
}

/* ------------------------------------------------------------ resident search */

static void resident_list_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontSeatsPage *self = NETPONT_SEATS_PAGE(widget);
	Netpont__ResidentListReply *list;
	g_autofree char *query = NULL;
	guint exact = GTK_INVALID_LIST_POSITION;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY)
		return;
	list = reply->resident_list_reply;
	query = netpont_editable_get_stripped(self->resident_search);
	g_list_store_remove_all(self->residents);
	for (size_t i = 0; i < list->n_residents; i++) {
		Netpont__Resident *r = list->residents[i];
		g_autoptr(NetpontResidentItem) item = netpont_resident_item_new(r, self->client);
		g_list_store_append(self->residents, item);
		if (g_ascii_strcasecmp(r->login, query) == 0 || list->n_residents == 1)
			exact = (guint)i;
	}
	/* A typed login, or a single match, is selected at once. */
	gtk_single_selection_set_selected(self->resident_selection, exact);
	page_update_panel(self);
}

static void on_resident_search_changed(NetpontSeatsPage *self)
{
	g_autofree char *query = netpont_editable_get_stripped(self->resident_search);

	if (self->client == NULL)
		return;
	if (*query == '\0') {
		g_list_store_remove_all(self->residents);
		page_update_panel(self);
		return;
	}
	netpont_request_residents(self->client, GTK_WIDGET(self), query, FALSE, resident_list_done);
}

/* ------------------------------------------------------------ actions */

static void page_session_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontSeatsPage *self = NETPONT_SEATS_PAGE(widget);

	/* The SeatEvent usually arrives first; reloading makes the map
	 * right even if it does not. */
	netpont_seats_page_reload(self);
}

static void page_start(NetpontSeatsPage *self, gboolean guest)
{
	NetpontSeat *seat = page_selected_seat(self);
	NetpontResidentItem *resident = page_selected_resident(self);
	Netpont__SessionStart start = NETPONT__SESSION_START__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	if (seat == NULL || (!guest && resident == NULL))
		return;
	start.seat = (char *)netpont_seat_get_name(seat);
	start.guest = guest;
	start.resident_login = guest ? "" : resident->login;
	start.seconds = (int64_t)gtk_spin_button_get_value_as_int(self->start_minutes) * 60;
	env.body_case = NETPONT__ENVELOPE__BODY_SESSION_START;
	env.session_start = &start;
	message = g_strdup_printf(_("Session started on %s."), start.seat);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, page_session_done);
	gtk_editable_set_text(GTK_EDITABLE(self->resident_search), "");
	gtk_spin_button_set_value(self->start_minutes, 0);
}

static void on_start_resident_clicked(NetpontSeatsPage *self)
{
	page_start(self, FALSE);
}

static void on_start_guest_clicked(NetpontSeatsPage *self)
{
	page_start(self, TRUE);
}

static void on_extend_clicked(NetpontSeatsPage *self)
{
	NetpontSeat *seat = page_selected_seat(self);
	Netpont__SessionExtend extend = NETPONT__SESSION_EXTEND__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	if (seat == NULL)
		return;
	extend.seat = (char *)netpont_seat_get_name(seat);
	extend.seconds = (int64_t)gtk_spin_button_get_value_as_int(self->extend_minutes) * 60;
	env.body_case = NETPONT__ENVELOPE__BODY_SESSION_EXTEND;
	env.session_extend = &extend;
	message = g_strdup_printf(_("Time added on %s."), extend.seat);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, page_session_done);
}

/* ------------------------------------------------------------ confirmations */

/* Ending a session and locking a PC in use cannot be undone and cost the
 * resident their files: the console asks first, naming who and which PC.
 * The dialog keeps the seat's name, not the selection, so that a click on
 * another tile meanwhile does not change what is confirmed. */

/* Who sits at seat: the resident's name, or their login. */
static const char *seat_occupant(NetpontSeat *seat)
{
	const char *who = netpont_seat_get_resident_name(seat);

	return who != NULL && *who != '\0' ? who : netpont_seat_get_resident_login(seat);
}

static AdwMessageDialog *confirm_dialog_new(NetpontSeatsPage *self, const char *name,
                                            const char *seat, const char *heading, const char *body)
{
	AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), heading, body));

	gtk_widget_set_name(GTK_WIDGET(dialog), name);
	g_object_set_data_full(G_OBJECT(dialog), "netpont-seat", g_strdup(seat), g_free);
	adw_message_dialog_add_response(dialog, "cancel", _("_Cancel"));
	adw_message_dialog_set_default_response(dialog, "cancel");
	adw_message_dialog_set_close_response(dialog, "cancel");
	return dialog;
}

static void page_end_session(NetpontSeatsPage *self, const char *seat)
{
	Netpont__SessionEnd end = NETPONT__SESSION_END__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	end.seat = (char *)seat;
	env.body_case = NETPONT__ENVELOPE__BODY_SESSION_END;
	env.session_end = &end;
	message = g_strdup_printf(_("The session on %s has ended."), seat);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, page_session_done);
}

/* grace_s 0: at once. */
static void page_lock_seat(NetpontSeatsPage *self, const char *seat, int grace_s)
{
	Netpont__SeatLock lock = NETPONT__SEAT_LOCK__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	lock.name = (char *)seat;
	lock.grace_s = grace_s;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LOCK;
	env.seat_lock = &lock;
	if (grace_s > 0)
		message = g_strdup_printf(
		    _("%s is out of order: the resident was warned, and it locks in a minute."),
		    seat);
	else
		message = g_strdup_printf(_("%s is locked as out of order."), seat);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, page_session_done);
}

static void end_response(AdwMessageDialog *dialog, const char *response, NetpontSeatsPage *self)
{
	if (g_strcmp0(response, "end") == 0)
		page_end_session(self, g_object_get_data(G_OBJECT(dialog), "netpont-seat"));
}

static void on_end_clicked(NetpontSeatsPage *self)
{
	NetpontSeat *seat = page_selected_seat(self);
	AdwMessageDialog *dialog;
	g_autofree char *heading = NULL;

	if (seat == NULL || !netpont_seat_has_session(seat))
		return;
	/* TRANSLATORS: "End Kovács Mária's session on PC-03?" */
	heading = g_strdup_printf(_("End %s's session on %s?"), seat_occupant(seat),
	                          netpont_seat_get_name(seat));
	dialog = confirm_dialog_new(
	    self, "seat-confirm-end", netpont_seat_get_name(seat), heading,
	    _("The files saved on the PC during the session will be deleted, and the time used is "
	      "charged."));
	adw_message_dialog_add_response(dialog, "end", _("_End session"));
	adw_message_dialog_set_response_appearance(dialog, "end", ADW_RESPONSE_DESTRUCTIVE);
	g_signal_connect_object(dialog, "response", G_CALLBACK(end_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

/* The lock's grace when the mentor does not choose "now": a minute to
 * save a letter. */
#define LOCK_GRACE_S 60

static void lock_response(AdwMessageDialog *dialog, const char *response, NetpontSeatsPage *self)
{
	const char *seat = g_object_get_data(G_OBJECT(dialog), "netpont-seat");

	if (g_strcmp0(response, "later") == 0)
		page_lock_seat(self, seat, LOCK_GRACE_S);
	else if (g_strcmp0(response, "now") == 0)
		page_lock_seat(self, seat, 0);
}

static void on_lock_clicked(NetpontSeatsPage *self)
{
	NetpontSeat *seat = page_selected_seat(self);
	const char *name;
	AdwMessageDialog *dialog;
	g_autofree char *heading = NULL;
	g_autofree char *body = NULL;

	if (seat == NULL)
		return;
	name = netpont_seat_get_name(seat);
	heading = g_strdup_printf(_("Lock %s as out of order?"), name);
	if (!netpont_seat_has_session(seat)) {
		dialog = confirm_dialog_new(self, "seat-confirm-lock", name, heading,
		                            _("Nobody can use it until it is unlocked."));
		adw_message_dialog_add_response(dialog, "now", _("_Lock"));
		adw_message_dialog_set_response_appearance(dialog, "now", ADW_RESPONSE_DESTRUCTIVE);
	} else {
		/* TRANSLATORS: "Kovács Mária is using it. …" */
		body =
		    g_strdup_printf(_("%s is using it. In a minute: a message on the PC at once, a "
		                      "minute to save their work, then the PC locks. Now: the "
		                      "session ends at once and the files saved on the PC are "
		                      "deleted."),
		                    seat_occupant(seat));
		dialog = confirm_dialog_new(self, "seat-confirm-lock", name, heading, body);
		adw_message_dialog_add_response(dialog, "now", _("Lock _now"));
		adw_message_dialog_set_response_appearance(dialog, "now", ADW_RESPONSE_DESTRUCTIVE);
		adw_message_dialog_add_response(dialog, "later", _("Lock in a _minute"));
		adw_message_dialog_set_response_appearance(dialog, "later", ADW_RESPONSE_SUGGESTED);
		adw_message_dialog_set_default_response(dialog, "later");
	}
	g_signal_connect_object(dialog, "response", G_CALLBACK(lock_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

static void on_unlock_clicked(NetpontSeatsPage *self)
{
	NetpontSeat *seat = page_selected_seat(self);
	Netpont__SeatUnlock unlock = NETPONT__SEAT_UNLOCK__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *message = NULL;

	if (seat == NULL)
		return;
	unlock.name = (char *)netpont_seat_get_name(seat);
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_UNLOCK;
	env.seat_unlock = &unlock;
	message = g_strdup_printf(_("%s is back in service."), unlock.name);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, page_session_done);
}

static void on_message_clicked(NetpontSeatsPage *self)
{
	NetpontSeat *seat = page_selected_seat(self);
	Netpont__SeatMessage msg = NETPONT__SEAT_MESSAGE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *text = netpont_editable_get_stripped(self->message_entry);
	g_autofree char *message = NULL;

	if (seat == NULL || *text == '\0')
		return;
	msg.name = (char *)netpont_seat_get_name(seat);
	msg.text = text;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_MESSAGE;
	env.seat_message = &msg;
	message = g_strdup_printf(_("Message sent to %s."), msg.name);
	netpont_request(self->client, GTK_WIDGET(self), &env, message, NULL);
	gtk_editable_set_text(GTK_EDITABLE(self->message_entry), "");
}

static void on_selection_changed(NetpontSeatsPage *self)
{
	page_update_panel(self);
}

/* ------------------------------------------------------------ folded panel */

/* On a narrow screen the panel is folded away: choosing a PC brings it in
 * over the map, as that is what a click on a tile is for. */
static void on_seat_selected(NetpontSeatsPage *self)
{
	if (page_selected_seat(self) != NULL && adw_flap_get_folded(self->flap) &&
	    gtk_widget_get_visible(self->panel))
		adw_flap_set_reveal_flap(self->flap, TRUE);
}

/* The button that brings the panel in shows while it is folded away and
 * there is a panel to show (a treasurer has none). */
static void page_update_panel_button(NetpontSeatsPage *self)
{
	gtk_widget_set_visible(self->panel_button, adw_flap_get_folded(self->flap) &&
	                                               gtk_widget_get_visible(self->panel));
}

static void on_seats_changed(NetpontSeatsPage *self)
{
	gboolean empty = g_list_model_get_n_items(G_LIST_MODEL(self->seats)) == 0;

	gtk_stack_set_visible_child_name(self->map_stack, empty ? "empty" : "map");
}

static void netpont_seats_page_dispose(GObject *object)
{
	NetpontSeatsPage *self = NETPONT_SEATS_PAGE(object);

	g_clear_handle_id(&self->tick_source, g_source_remove);
	if (self->held_list != NULL)
		page_show_held(self, NULL);
	netpont_seats_page_set_client(self, NULL);
	G_OBJECT_CLASS(netpont_seats_page_parent_class)->dispose(object);
}

static void netpont_seats_page_finalize(GObject *object)
{
	NetpontSeatsPage *self = NETPONT_SEATS_PAGE(object);

	g_clear_object(&self->selection);
	g_clear_object(&self->seats);
	g_clear_object(&self->resident_selection);
	g_clear_object(&self->residents);
	g_clear_pointer(&self->held_busy, g_hash_table_unref);
	G_OBJECT_CLASS(netpont_seats_page_parent_class)->finalize(object);
}

static void netpont_seats_page_class_init(NetpontSeatsPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_seats_page_dispose;
	object_class->finalize = netpont_seats_page_finalize;
	g_type_ensure(NETPONT_TYPE_SEAT_TILE);
	g_type_ensure(NETPONT_TYPE_RESIDENT_ITEM);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-seats-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, map_stack);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, grid);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, flap);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, panel_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, panel);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, seat_title);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, held_group);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, held_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, seat_detail);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, start_group);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, session_group);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, seat_group);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, resident_search);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, resident_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, start_minutes);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, start_resident_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, start_guest_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, extend_minutes);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, extend_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, end_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, lock_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, unlock_button);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, message_entry);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatsPage, message_button);
	gtk_widget_class_bind_template_callback(widget_class, on_resident_search_changed);
	gtk_widget_class_bind_template_callback(widget_class, on_start_resident_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_start_guest_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_extend_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_end_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_lock_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_unlock_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_message_clicked);
	help_panel_class_init(widget_class);
}

static void netpont_seats_page_init(NetpontSeatsPage *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->held_busy = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->seats = g_list_store_new(NETPONT_TYPE_SEAT);
	self->selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->seats)));
	gtk_single_selection_set_autoselect(self->selection, FALSE);
	gtk_single_selection_set_can_unselect(self->selection, TRUE);
	gtk_grid_view_set_model(self->grid, GTK_SELECTION_MODEL(self->selection));
	g_signal_connect_swapped(self->selection, "selection-changed",
	                         G_CALLBACK(on_selection_changed), self);
	g_signal_connect_swapped(self->selection, "selection-changed", G_CALLBACK(on_seat_selected),
	                         self);
	g_signal_connect_swapped(self->flap, "notify::folded", G_CALLBACK(page_update_panel_button),
	                         self);
	g_signal_connect_swapped(self->seats, "items-changed", G_CALLBACK(on_seats_changed), self);
	on_seats_changed(self);

	self->residents = g_list_store_new(NETPONT_TYPE_RESIDENT_ITEM);
	self->resident_selection =
	    gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->residents)));
	gtk_single_selection_set_autoselect(self->resident_selection, FALSE);
	gtk_single_selection_set_can_unselect(self->resident_selection, TRUE);
	gtk_list_view_set_model(self->resident_list, GTK_SELECTION_MODEL(self->resident_selection));
	g_signal_connect_swapped(self->resident_selection, "selection-changed",
	                         G_CALLBACK(on_selection_changed), self);
	/* One clock for every tile: the countdowns stay in step. */
	self->tick_source = g_timeout_add_seconds(1, page_tick, self);
	help_panel_init(self);
	page_update_panel(self);
}
