#include "netpont-help-item.h"

#include <glib/gi18n.h>

#include "netpont-util.h"

NETPONT_DEFINE_ITEM(NetpontHelpItem, netpont_help_item, NETPONT_ITEM_TEXT(seat),
                    NETPONT_ITEM_TEXT(waiting), NETPONT_ITEM_TEXT(text), NETPONT_ITEM_TEXT(state))

static char *help_state_label(Netpont__HelpState state, const char *by)
{
	switch (state) {
	case NETPONT__HELP_STATE__HELP_STATE_OPEN:
		return g_strdup(_("Waiting"));
	case NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED:
		if (by != NULL && *by)
			/* TRANSLATORS: "Dóra is on the way" */
			return g_strdup_printf(_("%s is on the way"), by);
		return g_strdup(_("Someone is on the way"));
	case NETPONT__HELP_STATE__HELP_STATE_RESOLVED:
		return g_strdup(_("Resolved"));
	default:
		return g_strdup("");
	}
}

/* The display name of who answered ("Dóra"), else the sign-in name. */
static const char *answered_by(const Netpont__HelpCall *call)
{
	if (call->acknowledged_by_display != NULL && *call->acknowledged_by_display)
		return call->acknowledged_by_display;
	return call->acknowledged_by;
}

static const struct {
	const char *word;  /* as HelpResolve.topic says it */
	const char *label; /* N_() */
} topics[] = {
    {"job_search", N_("Job search")},     {"cv", N_("CV")},
    {"e_government", N_("E-government")}, {"letter", N_("Letter")},
    {"printing", N_("Printing")},         {"other", N_("Other")},
};

const char *netpont_help_topic_label(const char *topic)
{
	for (gsize i = 0; topic != NULL && i < G_N_ELEMENTS(topics); i++)
		if (g_strcmp0(topic, topics[i].word) == 0)
			return _(topics[i].label);
	return _("Not said");
}

const char *netpont_help_topic_word(guint i)
{
	return i < G_N_ELEMENTS(topics) ? topics[i].word : NULL;
}

NetpontHelpItem *netpont_help_item_new(const Netpont__HelpCall *call)
{
	NetpontHelpItem *self = g_object_new(NETPONT_TYPE_HELP_ITEM, NULL);

	self->id = call->id;
	self->raised_at = call->raised_at;
	self->seat = g_strdup(call->seat);
	self->waiting = netpont_format_duration(0);
	self->text = g_strdup(call->text != NULL && *call->text ? call->text : _("(no message)"));
	self->help_state = call->state;
	self->state = help_state_label(call->state, answered_by(call));
	return self;
}

void netpont_help_item_update(NetpontHelpItem *self, const Netpont__HelpCall *call)
{
	g_autofree char *state = help_state_label(call->state, answered_by(call));

	self->help_state = call->state;
	netpont_item_set_text(self, &self->state, state);
}

void netpont_help_item_set_waiting(NetpontHelpItem *self, gint64 now)
{
	g_autofree char *waiting = netpont_format_duration(now - self->raised_at);

	netpont_item_set_text(self, &self->waiting, waiting);
}
