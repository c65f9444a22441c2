#include "netpont-seat-tile.h"

#include <glib/gi18n.h>

#include "netpont-util.h"

struct _NetpontSeatTile {
	GtkBox parent_instance;
	NetpontSeat *seat;
	gulong changed_id;
	GtkLabel *name_label;
	GtkLabel *state_label;
	GtkLabel *resident_label;
	GtkLabel *time_label;
	GtkWidget *help_box;
	GtkLabel *help_label;
	GtkWidget *print_box;
	GtkLabel *print_label;
};

G_DEFINE_FINAL_TYPE(NetpontSeatTile, netpont_seat_tile, GTK_TYPE_BOX)

enum { PROP_0, PROP_SEAT, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *const state_classes[] = {"np-offline", "np-free", "np-in-use", "np-locked",
                                            "np-help"};

static void tile_update(NetpontSeatTile *self)
{
	NetpontSeat *seat = self->seat;
	GtkWidget *widget = GTK_WIDGET(self);
	const char *state_class = "np-offline";
	Netpont__HelpState help;
	g_autofree char *time_text = NULL;
	g_autofree char *help_text = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(state_classes); i++)
		gtk_widget_remove_css_class(widget, state_classes[i]);
	if (seat == NULL) {
		gtk_label_set_text(self->name_label, "");
		gtk_label_set_text(self->state_label, "");
		gtk_label_set_text(self->resident_label, "");
		gtk_label_set_text(self->time_label, "");
		gtk_widget_set_visible(self->help_box, FALSE);
		gtk_widget_set_visible(self->print_box, FALSE);
		return;
	}
	switch (netpont_seat_get_state(seat)) {
	case NETPONT__SEAT_STATE__SEAT_STATE_FREE:
		state_class = "np-free";
		break;
	case NETPONT__SEAT_STATE__SEAT_STATE_IN_USE:
		state_class = "np-in-use";
		break;
	case NETPONT__SEAT_STATE__SEAT_STATE_LOCKED:
		state_class = "np-locked";
		break;
	default:
		break;
	}
	gtk_widget_add_css_class(widget, state_class);
	gtk_label_set_text(self->name_label, netpont_seat_get_name(seat));
	/* An information point's tile says so instead of "Free". */
	gtk_label_set_text(self->state_label,
	                   netpont_seat_get_kiosk_only(seat) &&
	                           netpont_seat_get_state(seat) ==
	                               NETPONT__SEAT_STATE__SEAT_STATE_FREE
	                       ? _("Information point")
	                       : netpont_seat_state_label(netpont_seat_get_state(seat)));

	if (netpont_seat_has_session(seat)) {
		const char *name = netpont_seat_get_resident_name(seat);
		if (name == NULL || *name == '\0')
			name = netpont_seat_get_resident_login(seat);
		gtk_label_set_text(self->resident_label, name);
		g_autofree char *left = netpont_format_duration(netpont_seat_get_remaining(seat));
		time_text = g_strdup_printf(_("%s left"), left);
		gtk_label_set_text(self->time_label, time_text);
	} else {
		gtk_label_set_text(self->resident_label, " ");
		gtk_label_set_text(self->time_label, " ");
	}

	{
		/* One sentence for screen readers: the tile is read as a whole. */
		g_autofree char *summary = g_strdup_printf(
		    "%s: %s. %s %s", netpont_seat_get_name(seat),
		    gtk_label_get_text(self->state_label), gtk_label_get_text(self->resident_label),
		    gtk_label_get_text(self->time_label));
		gtk_accessible_update_property(GTK_ACCESSIBLE(self), GTK_ACCESSIBLE_PROPERTY_LABEL,
		                               summary, -1);
	}
	/* A print waits for the resident's (or a mentor's) confirmation: the
	 * mentor can release it from the panel. */
	guint held = netpont_seat_get_n_held_prints(seat);
	if (held > 0) {
		g_autofree char *text =
		    g_strdup_printf(ngettext("Print waiting", "%u prints waiting", held), held);
		gtk_label_set_text(self->print_label, text);
	}
	gtk_widget_set_visible(self->print_box, held > 0);
	help = netpont_seat_get_help_state(seat);
	if (netpont_seat_get_help_id(seat) != 0 &&
	    (help == NETPONT__HELP_STATE__HELP_STATE_OPEN ||
	     help == NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED)) {
		const char *text = netpont_seat_get_help_text(seat);
		if (help == NETPONT__HELP_STATE__HELP_STATE_OPEN) {
			gtk_widget_add_css_class(widget, "np-help");
			help_text =
			    *text ? g_strdup_printf(_("HELP! %s"), text) : g_strdup(_("HELP!"));
			gtk_widget_remove_css_class(self->help_box, "np-help-acked");
		} else {
			help_text = g_strdup(_("Help is on the way"));
			gtk_widget_add_css_class(self->help_box, "np-help-acked");
		}
		gtk_label_set_text(self->help_label, help_text);
		gtk_widget_set_visible(self->help_box, TRUE);
	} else {
		gtk_widget_set_visible(self->help_box, FALSE);
	}
}

void netpont_seat_tile_set_seat(NetpontSeatTile *self, NetpontSeat *seat)
{
	g_return_if_fail(NETPONT_IS_SEAT_TILE(self));
	if (self->seat == seat)
		return;
	if (self->seat != NULL) {
		g_clear_signal_handler(&self->changed_id, self->seat);
		g_clear_object(&self->seat);
	}
	if (seat != NULL) {
		self->seat = g_object_ref(seat);
		self->changed_id =
		    g_signal_connect_swapped(seat, "changed", G_CALLBACK(tile_update), self);
	}
	tile_update(self);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SEAT]);
}

NetpontSeat *netpont_seat_tile_get_seat(NetpontSeatTile *self)
{
	return self->seat;
}

static void netpont_seat_tile_get_property(GObject *object, guint prop_id, GValue *value,
                                           GParamSpec *pspec)
{
	NetpontSeatTile *self = NETPONT_SEAT_TILE(object);

	if (prop_id == PROP_SEAT)
		g_value_set_object(value, self->seat);
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void netpont_seat_tile_set_property(GObject *object, guint prop_id, const GValue *value,
                                           GParamSpec *pspec)
{
	NetpontSeatTile *self = NETPONT_SEAT_TILE(object);

	if (prop_id == PROP_SEAT)
		netpont_seat_tile_set_seat(self, g_value_get_object(value));
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void netpont_seat_tile_dispose(GObject *object)
{
	NetpontSeatTile *self = NETPONT_SEAT_TILE(object);

	if (self->seat != NULL) {
		g_clear_signal_handler(&self->changed_id, self->seat);
		g_clear_object(&self->seat);
	}
	G_OBJECT_CLASS(netpont_seat_tile_parent_class)->dispose(object);
}

static void netpont_seat_tile_class_init(NetpontSeatTileClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->get_property = netpont_seat_tile_get_property;
	object_class->set_property = netpont_seat_tile_set_property;
	object_class->dispose = netpont_seat_tile_dispose;
	properties[PROP_SEAT] = g_param_spec_object("seat", NULL, NULL, NETPONT_TYPE_SEAT,
	                                            G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
	                                                G_PARAM_EXPLICIT_NOTIFY);
	g_object_class_install_properties(object_class, N_PROPS, properties);

	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-seat-tile.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, name_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, state_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, resident_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, time_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, help_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, help_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, print_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontSeatTile, print_label);
}

static void netpont_seat_tile_init(NetpontSeatTile *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
}
