#include "netpont-seat.h"

#include <glib/gi18n.h>

#include "netpont-held-print.h"

struct _NetpontSeat {
	GObject parent_instance;
	char *name;
	Netpont__SeatState state;
	gboolean connected;
	gboolean has_session;
	char *resident_name;
	char *resident_login;
	gboolean guest;
	gint64 ends_at;
	gint64 remaining;
	gint64 help_id;
	Netpont__HelpState help_state;
	char *help_text;
	char *message;
	gboolean kiosk_only; /* an information point (issue 14) */
	/* The print jobs held on the PC (NetpontHeldPrint). */
	GListStore *held_prints;
};

G_DEFINE_FINAL_TYPE(NetpontSeat, netpont_seat, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void netpont_seat_finalize(GObject *object)
{
	NetpontSeat *self = NETPONT_SEAT(object);

	g_free(self->name);
	g_free(self->resident_name);
	g_free(self->resident_login);
	g_free(self->help_text);
	g_free(self->message);
	g_clear_object(&self->held_prints);
	G_OBJECT_CLASS(netpont_seat_parent_class)->finalize(object);
}

static void netpont_seat_class_init(NetpontSeatClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = netpont_seat_finalize;
	signals[SIGNAL_CHANGED] =
	    g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
	                 NULL, G_TYPE_NONE, 0);
}

static void netpont_seat_init(NetpontSeat *self)
{
	self->held_prints = g_list_store_new(NETPONT_TYPE_HELD_PRINT);
}

/* Whether the listed jobs are those of info, with the same price: then the
 * list is left alone, so that its rows (and a button being pressed) stay. */
static gboolean seat_held_same(NetpontSeat *self, const Netpont__SeatInfo *info)
{
	GListModel *model = G_LIST_MODEL(self->held_prints);

	if (g_list_model_get_n_items(model) != info->n_held_prints)
		return FALSE;
	for (size_t i = 0; i < info->n_held_prints; i++) {
		g_autoptr(NetpontHeldPrint) held = g_list_model_get_item(model, (guint)i);
		if (g_strcmp0(held->job_key, info->held_prints[i]->job_key) != 0 ||
		    held->amount != info->held_prints[i]->amount)
			return FALSE;
	}
	return TRUE;
}

static void seat_take_held(NetpontSeat *self, const Netpont__SeatInfo *info)
{
	g_autoptr(GPtrArray) rows = NULL;

	if (seat_held_same(self, info))
		return;
	rows = g_ptr_array_new_with_free_func(g_object_unref);
	for (size_t i = 0; i < info->n_held_prints; i++)
		g_ptr_array_add(rows, netpont_held_print_new(info->held_prints[i]));
	g_list_store_splice(self->held_prints, 0,
	                    g_list_model_get_n_items(G_LIST_MODEL(self->held_prints)), rows->pdata,
	                    rows->len);
}

static void seat_set_string(char **field, const char *value)
{
	g_free(*field);
	*field = g_strdup(value != NULL ? value : "");
}

static gint64 seat_compute_remaining(NetpontSeat *self, gint64 server_now)
{
	if (!self->has_session || self->ends_at <= 0)
		return 0;
	return MAX(0, self->ends_at - server_now);
}

void netpont_seat_update(NetpontSeat *self, const Netpont__SeatInfo *info, gint64 server_now)
{
	const Netpont__SessionInfo *session = info->session;

	seat_set_string(&self->name, info->name);
	self->state = info->state;
	self->connected = info->connected;
	self->has_session = session != NULL && session->id != 0 && session->ended_at == 0;
	if (self->has_session) {
		seat_set_string(&self->resident_name, session->resident_name);
		seat_set_string(&self->resident_login, session->resident_login);
		self->guest = session->guest;
		/* Prefer the end time; if the server only told the remaining
		 * seconds, derive the end time from the server's clock. */
		if (session->ends_at > 0)
			self->ends_at = session->ends_at;
		else
			self->ends_at = server_now + session->remaining_s;
	} else {
		seat_set_string(&self->resident_name, "");
		seat_set_string(&self->resident_login, "");
		self->guest = FALSE;
		self->ends_at = 0;
	}
	self->remaining = seat_compute_remaining(self, server_now);
	self->help_id = info->help_id;
	self->help_state =
	    info->help_id != 0 ? info->help_state : NETPONT__HELP_STATE__HELP_STATE_UNSPECIFIED;
	if (info->help_id == 0)
		seat_set_string(&self->help_text, "");
	seat_set_string(&self->message, info->message);
	self->kiosk_only = info->kiosk_only;
	seat_take_held(self, info);
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

NetpontSeat *netpont_seat_new(const Netpont__SeatInfo *info, gint64 server_now)
{
	NetpontSeat *self = g_object_new(NETPONT_TYPE_SEAT, NULL);

	netpont_seat_update(self, info, server_now);
	return self;
}

void netpont_seat_set_help(NetpontSeat *self, gint64 help_id, Netpont__HelpState state,
                           const char *text)
{
	if (state == NETPONT__HELP_STATE__HELP_STATE_RESOLVED) {
		/* Only the call the tile shows clears the badge. */
		if (help_id != self->help_id && self->help_id != 0)
			return;
		self->help_id = 0;
		self->help_state = NETPONT__HELP_STATE__HELP_STATE_UNSPECIFIED;
		seat_set_string(&self->help_text, "");
	} else {
		self->help_id = help_id;
		self->help_state = state;
		seat_set_string(&self->help_text, text);
	}
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

void netpont_seat_tick(NetpontSeat *self, gint64 server_now)
{
	gint64 remaining = seat_compute_remaining(self, server_now);

	if (remaining == self->remaining)
		return;
	self->remaining = remaining;
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

const char *netpont_seat_get_name(NetpontSeat *self)
{
	return self->name;
}

Netpont__SeatState netpont_seat_get_state(NetpontSeat *self)
{
	return self->state;
}

gboolean netpont_seat_has_session(NetpontSeat *self)
{
	return self->has_session;
}

const char *netpont_seat_get_resident_name(NetpontSeat *self)
{
	return self->resident_name;
}

const char *netpont_seat_get_resident_login(NetpontSeat *self)
{
	return self->resident_login;
}

gboolean netpont_seat_is_guest(NetpontSeat *self)
{
	return self->guest;
}

gint64 netpont_seat_get_ends_at(NetpontSeat *self)
{
	return self->ends_at;
}

gint64 netpont_seat_get_remaining(NetpontSeat *self)
{
	return self->remaining;
}

gint64 netpont_seat_get_help_id(NetpontSeat *self)
{
	return self->help_id;
}

Netpont__HelpState netpont_seat_get_help_state(NetpontSeat *self)
{
	return self->help_state;
}

const char *netpont_seat_get_help_text(NetpontSeat *self)
{
	return self->help_text != NULL ? self->help_text : "";
}

gboolean netpont_seat_get_kiosk_only(NetpontSeat *self)
{
	return self->kiosk_only;
}

const char *netpont_seat_get_message(NetpontSeat *self)
{
	return self->message;
}

GListModel *netpont_seat_get_held_prints(NetpontSeat *self)
{
	return G_LIST_MODEL(self->held_prints);
}

guint netpont_seat_get_n_held_prints(NetpontSeat *self)
{
	return g_list_model_get_n_items(G_LIST_MODEL(self->held_prints));
}

const char *netpont_seat_state_label(Netpont__SeatState state)
{
	switch (state) {
	case NETPONT__SEAT_STATE__SEAT_STATE_FREE:
		return _("Free");
	case NETPONT__SEAT_STATE__SEAT_STATE_IN_USE:
		return _("In use");
	case NETPONT__SEAT_STATE__SEAT_STATE_LOCKED:
		return _("Out of order");
	case NETPONT__SEAT_STATE__SEAT_STATE_OFFLINE:
		return _("Offline");
	default:
		return _("Unknown");
	}
}
