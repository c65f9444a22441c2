#include "netpont-volunteer-button.h"

#include <glib/gi18n.h>

#include "netpont-util.h"

struct _NetpontVolunteerButton {
	GtkBox parent_instance;
	NetpontClient *client;
	GtkLabel *duty_label;
	GtkButton *clock_button;
	gint64 since; /* the open period's start; 0: not on duty */
};

G_DEFINE_FINAL_TYPE(NetpontVolunteerButton, netpont_volunteer_button, GTK_TYPE_BOX)

/* Shows the open period (NULL or ended: not on duty). */
static void show_period(NetpontVolunteerButton *self, const Netpont__VolunteerPeriod *p)
{
	gint64 since = p != NULL && p->ended_at == 0 && p->removed_at == 0 ? p->started_at : 0;

	/* The header bar is laid out anew only when something changed. */
	if (since == self->since)
		return;
	self->since = since;
	if (self->since != 0) {
		g_autofree char *clock = netpont_format_clock(self->since);
		/* TRANSLATORS: in the header bar while clocked in: "On duty since 14:02" */
		g_autofree char *text = g_strdup_printf(_("On duty since %s"), clock);
		gtk_label_set_text(self->duty_label, text);
		gtk_button_set_label(self->clock_button, _("Clock out"));
		gtk_widget_set_tooltip_text(GTK_WIDGET(self->clock_button),
		                            _("End your volunteer hours now"));
	} else {
		gtk_button_set_label(self->clock_button, _("Clock in"));
		gtk_widget_set_tooltip_text(GTK_WIDGET(self->clock_button),
		                            _("Start counting your volunteer hours now"));
	}
	gtk_widget_set_visible(GTK_WIDGET(self->duty_label), self->since != 0);
}

static void period_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	if (reply->body_case == NETPONT__ENVELOPE__BODY_VOLUNTEER_REPLY)
		show_period(NETPONT_VOLUNTEER_BUTTON(widget), reply->volunteer_reply->period);
}

void netpont_volunteer_button_reload(NetpontVolunteerButton *self)
{
	Netpont__VolunteerStatus status = NETPONT__VOLUNTEER_STATUS__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->client == NULL)
		return;
	env.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_STATUS;
	env.volunteer_status = &status;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, period_done);
}

void netpont_volunteer_button_clear(NetpontVolunteerButton *self)
{
	show_period(self, NULL);
}

gint64 netpont_volunteer_button_get_since(NetpontVolunteerButton *self)
{
	return self->since;
}

static void on_clock_clicked(NetpontVolunteerButton *self)
{
	Netpont__VolunteerClockIn in = NETPONT__VOLUNTEER_CLOCK_IN__INIT;
	Netpont__VolunteerClockOut out = NETPONT__VOLUNTEER_CLOCK_OUT__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	if (self->client == NULL)
		return;
	if (self->since == 0) {
		in.activity = "desk";
		env.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_CLOCK_IN;
		env.volunteer_clock_in = &in;
		netpont_request(self->client, GTK_WIDGET(self), &env,
		                _("Your volunteer hours are counted from now."), period_done);
	} else {
		env.body_case = NETPONT__ENVELOPE__BODY_VOLUNTEER_CLOCK_OUT;
		env.volunteer_clock_out = &out;
		netpont_request(self->client, GTK_WIDGET(self), &env,
		                _("Clocked out. Thank you for your help!"), period_done);
	}
}

/* A period of the signed-in account changed elsewhere: a cash shift
 * started or ended, netpontctl, an administrator removed it. */
static void on_volunteer_changed(NetpontClient *client, const Netpont__VolunteerPeriod *p,
                                 NetpontVolunteerButton *self)
{
	if (g_strcmp0(p->staff, netpont_client_get_staff_name(client)) != 0)
		return;
	if (p->ended_at == 0 && p->removed_at == 0)
		show_period(self, p);
	else if (p->started_at == self->since)
		show_period(self, NULL);
}

void netpont_volunteer_button_set_client(NetpontVolunteerButton *self, NetpontClient *client)
{
	if (self->client != NULL)
		g_signal_handlers_disconnect_by_data(self->client, self);
	g_set_object(&self->client, client);
	if (client != NULL)
		g_signal_connect(client, "volunteer-changed", G_CALLBACK(on_volunteer_changed),
		                 self);
}

static void netpont_volunteer_button_dispose(GObject *object)
{
	netpont_volunteer_button_set_client(NETPONT_VOLUNTEER_BUTTON(object), NULL);
	G_OBJECT_CLASS(netpont_volunteer_button_parent_class)->dispose(object);
}

static void netpont_volunteer_button_class_init(NetpontVolunteerButtonClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_volunteer_button_dispose;
	gtk_widget_class_set_template_from_resource(
	    widget_class, "/hu/netpont/console/netpont-volunteer-button.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerButton, duty_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontVolunteerButton, clock_button);
	gtk_widget_class_bind_template_callback(widget_class, on_clock_clicked);
}

static void netpont_volunteer_button_init(NetpontVolunteerButton *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
}
