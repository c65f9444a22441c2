#include "netpont-hours-pane.h"

#include <glib/gi18n.h>
#include <string.h>

#include "netpont-item.h"
#include "netpont-util.h"

/* One closed date of the list. */
G_DECLARE_FINAL_TYPE(NetpontClosedDateItem, netpont_closed_date_item, NETPONT, CLOSED_DATE_ITEM,
                     GObject)

struct _NetpontClosedDateItem {
	GObject parent_instance;
	char *day;
	char *note;
};

NETPONT_DEFINE_ITEM(NetpontClosedDateItem, netpont_closed_date_item, NETPONT_ITEM_TEXT(day),
                    NETPONT_ITEM_TEXT(note))

#define DAYS 7

struct _NetpontHoursPane {
	GtkBox parent_instance;
	NetpontClient *client;
	GListStore *closed;
	GtkSingleSelection *closed_selection;
	GtkColumnView *closed_view;
	GtkEntry *closed_date;
	GtkEntry *closed_note;
	/* Row d - 1 is ISO weekday d (hours_d). */
	GtkSwitch *open[DAYS];
	GtkEntry *from[DAYS], *to[DAYS], *lunch_from[DAYS], *lunch_to[DAYS];
	/* While saving: the next day to send (1 .. 7), one after the other,
	 * so that a refusal stops the rest and its sentence is the last word. */
	int saving_day;
};

G_DEFINE_FINAL_TYPE(NetpontHoursPane, netpont_hours_pane, GTK_TYPE_BOX)

static void set_text(GtkEntry *entry, const char *text)
{
	gtk_editable_set_text(GTK_EDITABLE(entry), text != NULL ? text : "");
}

/* Shows one day's setting ("09:00-18:00", "09:00-12:00,13:00-18:00",
 * "closed") in its row. */
static void show_day(NetpontHoursPane *self, int d, const char *value)
{
	int i = d - 1;
	g_auto(GStrv) spans = g_strsplit(value != NULL ? value : "closed", ",", 2);
	g_auto(GStrv) first = g_strsplit(spans[0], "-", 2);
	gboolean open = first[0] != NULL && first[1] != NULL;
	gtk_switch_set_active(self->open[i], open);
	if (!open)
		return;
	set_text(self->from[i], first[0]);
	set_text(self->to[i], first[1]);
	set_text(self->lunch_from[i], "");
	set_text(self->lunch_to[i], "");
	if (spans[1] == NULL)
		return;
	g_auto(GStrv) second = g_strsplit(spans[1], "-", 2);
	if (second[0] == NULL || second[1] == NULL)
		return;
	set_text(self->to[i], second[1]);
	set_text(self->lunch_from[i], first[1]);
	set_text(self->lunch_to[i], second[0]);
}

/* The row of day d as its setting reads; the server checks the times. */
static char *day_value(NetpontHoursPane *self, int d)
{
	int i = d - 1;
	if (!gtk_switch_get_active(self->open[i]))
		return g_strdup("closed");
	g_autofree char *from = netpont_editable_get_stripped(self->from[i]);
	g_autofree char *to = netpont_editable_get_stripped(self->to[i]);
	g_autofree char *lunch_from = netpont_editable_get_stripped(self->lunch_from[i]);
	g_autofree char *lunch_to = netpont_editable_get_stripped(self->lunch_to[i]);
	if (lunch_from[0] == '\0' && lunch_to[0] == '\0')
		return g_strdup_printf("%s-%s", from, to);
	return g_strdup_printf("%s-%s,%s-%s", from, lunch_from, lunch_to, to);
}

static void settings_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontHoursPane *self = NETPONT_HOURS_PANE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_SETTING_LIST_REPLY)
		return;
	for (size_t i = 0; i < reply->setting_list_reply->n_settings; i++) {
		const Netpont__Setting *s = reply->setting_list_reply->settings[i];
		if (s->key != NULL && strncmp(s->key, "hours_", 6) == 0 && s->key[6] >= '1' &&
		    s->key[6] <= '7' && s->key[7] == '\0')
			show_day(self, s->key[6] - '0', s->value);
	}
}

static void closed_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontHoursPane *self = NETPONT_HOURS_PANE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST_REPLY)
		return;
	g_list_store_remove_all(self->closed);
	for (size_t i = 0; i < reply->closed_date_list_reply->n_dates; i++) {
		const Netpont__ClosedDate *d = reply->closed_date_list_reply->dates[i];
		g_autoptr(NetpontClosedDateItem) item =
		    g_object_new(netpont_closed_date_item_get_type(), NULL);
		item->day = g_strdup(d->day);
		item->note = g_strdup(d->note);
		g_list_store_append(self->closed, item);
	}
}

void netpont_hours_pane_reload(NetpontHoursPane *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__SettingList settings = NETPONT__SETTING_LIST__INIT;
	Netpont__ClosedDateList closed = NETPONT__CLOSED_DATE_LIST__INIT;

	if (self->client == NULL)
		return;
	env.body_case = NETPONT__ENVELOPE__BODY_SETTING_LIST;
	env.setting_list = &settings;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, settings_done);
	env.body_case = NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST;
	env.closed_date_list = &closed;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, closed_done);
}

void netpont_hours_pane_clear(NetpontHoursPane *self)
{
	g_list_store_remove_all(self->closed);
}

void netpont_hours_pane_set_client(NetpontHoursPane *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
}

static void reload_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	(void)reply;
	netpont_hours_pane_reload(NETPONT_HOURS_PANE(widget));
}

/* Sends day self->saving_day, then the next when it was taken. */
static void save_next(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontHoursPane *self = NETPONT_HOURS_PANE(widget);
	(void)reply;
	int d = ++self->saving_day;
	if (d > DAYS) {
		netpont_hours_pane_reload(self);
		return;
	}
	Netpont__Setting setting = NETPONT__SETTING__INIT;
	Netpont__SettingSet set = NETPONT__SETTING_SET__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *key = g_strdup_printf("hours_%d", d);
	g_autofree char *value = day_value(self, d);
	setting.key = key;
	setting.value = value;
	set.setting = &setting;
	env.body_case = NETPONT__ENVELOPE__BODY_SETTING_SET;
	env.setting_set = &set;
	netpont_request(self->client, GTK_WIDGET(self), &env,
	                d == DAYS ? _("Opening hours saved.") : NULL, save_next);
}

static void on_save_clicked(NetpontHoursPane *self)
{
	self->saving_day = 0;
	save_next(GTK_WIDGET(self), NULL);
}

static void on_closed_add_clicked(NetpontHoursPane *self)
{
	Netpont__ClosedDate date = NETPONT__CLOSED_DATE__INIT;
	Netpont__ClosedDateAdd add = NETPONT__CLOSED_DATE_ADD__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *day = netpont_editable_get_stripped(self->closed_date);
	g_autofree char *note = netpont_editable_get_stripped(self->closed_note);
	g_autofree char *message = g_strdup_printf(_("The room is closed on %s."), day);

	date.day = day;
	date.note = note;
	add.date = &date;
	env.body_case = NETPONT__ENVELOPE__BODY_CLOSED_DATE_ADD;
	env.closed_date_add = &add;
	netpont_request(self->client, GTK_WIDGET(self), &env, message, reload_done);
}

static void on_closed_remove_clicked(NetpontHoursPane *self)
{
	NetpontClosedDateItem *item =
	    gtk_single_selection_get_selected_item(self->closed_selection);
	Netpont__ClosedDateRemove remove = NETPONT__CLOSED_DATE_REMOVE__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (item == NULL) {
		netpont_show_message(GTK_WIDGET(self),
		                     _("Select the closed date to remove first."));
		return;
	}
	g_autofree char *message = g_strdup_printf(_("%s is no longer a closed date."), item->day);
	remove.day = item->day;
	env.body_case = NETPONT__ENVELOPE__BODY_CLOSED_DATE_REMOVE;
	env.closed_date_remove = &remove;
	netpont_request(self->client, GTK_WIDGET(self), &env, message, reload_done);
}

/* The widgets of a row are named "<what>_<day>" in the template: open_1,
 * from_1, to_1, lunch_from_1, lunch_to_1 for Monday. */
static const char *const row_names[] = {"open", "from", "to", "lunch_from", "lunch_to"};

static GtkWidget *row_widget(NetpontHoursPane *self, const char *what, int day)
{
	g_autofree char *id = g_strdup_printf("%s_%d", what, day);
	return GTK_WIDGET(
	    gtk_widget_get_template_child(GTK_WIDGET(self), NETPONT_TYPE_HOURS_PANE, id));
}

static void netpont_hours_pane_dispose(GObject *object)
{
	NetpontHoursPane *self = NETPONT_HOURS_PANE(object);

	g_clear_object(&self->client);
	G_OBJECT_CLASS(netpont_hours_pane_parent_class)->dispose(object);
}

static void netpont_hours_pane_finalize(GObject *object)
{
	NetpontHoursPane *self = NETPONT_HOURS_PANE(object);

	g_clear_object(&self->closed);
	G_OBJECT_CLASS(netpont_hours_pane_parent_class)->finalize(object);
}

static void netpont_hours_pane_class_init(NetpontHoursPaneClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_hours_pane_dispose;
	object_class->finalize = netpont_hours_pane_finalize;
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-hours-pane.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontHoursPane, closed_view);
	gtk_widget_class_bind_template_child(widget_class, NetpontHoursPane, closed_date);
	gtk_widget_class_bind_template_child(widget_class, NetpontHoursPane, closed_note);
	/* The rows' widgets, seven alike, are fetched by id in init. */
	for (size_t r = 0; r < G_N_ELEMENTS(row_names); r++) {
		for (int d = 1; d <= DAYS; d++) {
			g_autofree char *id = g_strdup_printf("%s_%d", row_names[r], d);
			gtk_widget_class_bind_template_child_full(widget_class, id, FALSE, 0);
		}
	}
	gtk_widget_class_bind_template_callback(widget_class, on_save_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_closed_add_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_closed_remove_clicked);
}

static void netpont_hours_pane_init(NetpontHoursPane *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	for (int i = 0; i < DAYS; i++) {
		self->open[i] = GTK_SWITCH(row_widget(self, "open", i + 1));
		self->from[i] = GTK_ENTRY(row_widget(self, "from", i + 1));
		self->to[i] = GTK_ENTRY(row_widget(self, "to", i + 1));
		self->lunch_from[i] = GTK_ENTRY(row_widget(self, "lunch_from", i + 1));
		self->lunch_to[i] = GTK_ENTRY(row_widget(self, "lunch_to", i + 1));
	}
	self->closed = g_list_store_new(netpont_closed_date_item_get_type());
	self->closed_selection = gtk_single_selection_new(G_LIST_MODEL(g_object_ref(self->closed)));
	gtk_single_selection_set_autoselect(self->closed_selection, FALSE);
	gtk_single_selection_set_can_unselect(self->closed_selection, TRUE);
	gtk_column_view_set_model(self->closed_view, GTK_SELECTION_MODEL(self->closed_selection));
	g_object_unref(self->closed_selection); /* the view holds it */
	netpont_column_view_add(self->closed_view, _("Date"), "day", FALSE);
	netpont_column_view_add(self->closed_view, _("Note"), "note", TRUE);
}
