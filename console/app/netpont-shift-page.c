#include "netpont-shift-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "netpont-util.h"

struct _NetpontShiftPage {
	GtkBox parent_instance;
	NetpontClient *client;
	gboolean open;
	gint64 expected; /* what the open shift's box should hold */

	GtkLabel *status_label;
	GtkLabel *float_label;
	GtkLabel *taken_label;
	GtkLabel *expected_label;
	GtkLabel *counted_label;
	GtkLabel *difference_label;
	GtkWidget *start_box;
	GtkWidget *end_box;
	GtkSpinButton *float_spin;
	GtkSpinButton *counted_spin;
};

G_DEFINE_FINAL_TYPE(NetpontShiftPage, netpont_shift_page, GTK_TYPE_BOX)

static void set_money(NetpontShiftPage *self, GtkLabel *label, gint64 amount)
{
	g_autofree char *text = netpont_client_format_money(self->client, amount);
	gtk_label_set_text(label, text);
}

/* Shows a shift, or "no shift" for NULL. */
static void page_show_shift(NetpontShiftPage *self, const Netpont__Shift *shift)
{
	GtkWidget *diff = GTK_WIDGET(self->difference_label);

	gtk_widget_remove_css_class(diff, "np-difference-bad");
	gtk_widget_remove_css_class(diff, "np-difference-ok");
	if (shift == NULL || shift->id == 0) {
		self->open = FALSE;
		gtk_label_set_text(self->status_label,
		                   _("No shift is open. Count the cash box and start your shift."));
		gtk_label_set_text(self->float_label, "—");
		gtk_label_set_text(self->taken_label, "—");
		gtk_label_set_text(self->expected_label, "—");
		gtk_label_set_text(self->counted_label, "—");
		gtk_label_set_text(self->difference_label, "—");
	} else {
		g_autofree char *since = netpont_format_clock(shift->started_at);
		g_autofree char *until = netpont_format_clock(shift->ended_at);
		g_autofree char *status = NULL;
		self->open = shift->ended_at == 0;
		if (self->open)
			status = g_strdup_printf(_("Your shift is open since %s."), since);
		else
			status = g_strdup_printf(_("Shift %s–%s is closed."), since, until);
		gtk_label_set_text(self->status_label, status);
		set_money(self, self->float_label, shift->cash_float);
		if (shift->corrections != 0) {
			/* Reversals made during the shift change its cash too. */
			g_autofree char *taken =
			    netpont_client_format_money(self->client, shift->cash_taken);
			g_autofree char *corrections =
			    netpont_client_format_money(self->client, shift->corrections);
			/* TRANSLATORS: "1 500 Ft, corrections -120 Ft" */
			g_autofree char *both =
			    g_strdup_printf(_("%s, corrections %s"), taken, corrections);
			gtk_label_set_text(self->taken_label, both);
		} else {
			set_money(self, self->taken_label, shift->cash_taken);
		}
		self->expected = shift->expected;
		set_money(self, self->expected_label, shift->expected);
		if (self->open) {
			gtk_label_set_text(self->counted_label, "—");
			gtk_label_set_text(self->difference_label, "—");
			gtk_spin_button_set_value(self->counted_spin, (double)shift->expected);
		} else {
			g_autofree char *money =
			    netpont_client_format_money(self->client, shift->difference);
			g_autofree char *text =
			    shift->difference > 0 ? g_strdup_printf("+%s", money) : g_strdup(money);
			set_money(self, self->counted_label, shift->counted);
			gtk_label_set_text(self->difference_label, text);
			gtk_widget_add_css_class(diff, shift->difference == 0
			                                   ? "np-difference-ok"
			                                   : "np-difference-bad");
		}
	}
	gtk_widget_set_sensitive(self->start_box, !self->open);
	gtk_widget_set_sensitive(self->end_box, self->open);
}

static void shift_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontShiftPage *self = NETPONT_SHIFT_PAGE(widget);

	if (reply->body_case == NETPONT__ENVELOPE__BODY_SHIFT_REPLY)
		page_show_shift(self, reply->shift_reply->shift);
}

void netpont_shift_page_reload(NetpontShiftPage *self)
{
	Netpont__ShiftCurrent current = NETPONT__SHIFT_CURRENT__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_SHIFT_CURRENT;
	env.shift_current = &current;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, shift_done);
}

void netpont_shift_page_clear(NetpontShiftPage *self)
{
	page_show_shift(self, NULL);
}

static void on_shift_changed(NetpontClient *client, Netpont__Shift *shift, gpointer data)
{
	NetpontShiftPage *self = data;

	/* Only this mentor's own shift belongs on this page. */
	if (shift != NULL && g_strcmp0(shift->staff, netpont_client_get_staff_name(client)) == 0)
		page_show_shift(self, shift);
}

static void on_ledger_changed(NetpontClient *client, Netpont__LedgerEntry *entry, gpointer data)
{
	NetpontShiftPage *self = data;

	/* Cash taken changes the expected amount. */
	if (self->open && (entry->kind == NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT ||
	                   entry->kind == NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL))
		netpont_shift_page_reload(self);
}

void netpont_shift_page_set_client(NetpontShiftPage *self, NetpontClient *client)
{
	if (self->client != NULL) {
		g_signal_handlers_disconnect_by_data(self->client, self);
		g_clear_object(&self->client);
	}
	if (client == NULL)
		return;
	self->client = g_object_ref(client);
	g_signal_connect(client, "shift-changed", G_CALLBACK(on_shift_changed), self);
	g_signal_connect(client, "ledger-changed", G_CALLBACK(on_ledger_changed), self);
}

static void on_start_clicked(NetpontShiftPage *self)
{
	Netpont__ShiftStart start = NETPONT__SHIFT_START__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	start.cash_float = (int64_t)gtk_spin_button_get_value(self->float_spin);
	env.body_case = NETPONT__ENVELOPE__BODY_SHIFT_START;
	env.shift_start = &start;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("Your shift has started."),
	                shift_done);
}

/* The dialog keeps the amount counted when it was asked, so that what is
 * confirmed is what is sent. */
static void on_end_response(AdwMessageDialog *dialog, const char *response, gpointer data)
{
	NetpontShiftPage *self = NETPONT_SHIFT_PAGE(data);
	Netpont__ShiftEnd end = NETPONT__SHIFT_END__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (g_strcmp0(response, "end") != 0)
		return;
	end.counted = GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(dialog), "netpont-counted"));
	env.body_case = NETPONT__ENVELOPE__BODY_SHIFT_END;
	env.shift_end = &end;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("Your shift has ended."),
	                shift_done);
}

/* A closed shift never changes, so ending one asks first, with the count
 * and how far it is from what the box should hold. */
static void on_end_clicked(NetpontShiftPage *self)
{
	gint64 counted = (gint64)gtk_spin_button_get_value(self->counted_spin);
	g_autofree char *money = netpont_client_format_money(self->client, counted);
	g_autofree char *gap =
	    netpont_client_format_money(self->client, ABS(counted - self->expected));
	g_autofree char *heading = g_strdup_printf(_("End your shift with %s counted?"), money);
	g_autofree char *body = NULL;
	AdwMessageDialog *dialog;

	if (counted == self->expected)
		body = g_strdup(_("That is what the cash box should hold. A closed shift cannot "
		                  "be changed afterwards."));
	else if (counted < self->expected)
		body = g_strdup_printf(_("That is %s less than the cash box should hold. A closed "
		                         "shift cannot be changed afterwards."),
		                       gap);
	else
		body = g_strdup_printf(_("That is %s more than the cash box should hold. A closed "
		                         "shift cannot be changed afterwards."),
		                       gap);
	dialog = ADW_MESSAGE_DIALOG(
	    adw_message_dialog_new(GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), heading, body));
	gtk_widget_set_name(GTK_WIDGET(dialog), "confirm-shift-end");
	g_object_set_data(G_OBJECT(dialog), "netpont-counted", GSIZE_TO_POINTER((gsize)counted));
	adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "end", _("_End shift"),
	                                 NULL);
	adw_message_dialog_set_response_appearance(dialog, "end", ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_default_response(dialog, "cancel");
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_signal_connect_object(dialog, "response", G_CALLBACK(on_end_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

static void netpont_shift_page_dispose(GObject *object)
{
	netpont_shift_page_set_client(NETPONT_SHIFT_PAGE(object), NULL);
	G_OBJECT_CLASS(netpont_shift_page_parent_class)->dispose(object);
}

static void netpont_shift_page_class_init(NetpontShiftPageClass *klass)
{
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	G_OBJECT_CLASS(klass)->dispose = netpont_shift_page_dispose;
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-shift-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, status_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, float_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, taken_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, expected_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, counted_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, difference_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, start_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, end_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, float_spin);
	gtk_widget_class_bind_template_child(widget_class, NetpontShiftPage, counted_spin);
	gtk_widget_class_bind_template_callback(widget_class, on_start_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_end_clicked);
}

static void netpont_shift_page_init(NetpontShiftPage *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	page_show_shift(self, NULL);
}
