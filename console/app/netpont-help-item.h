/* NetpontHelpItem: an open help call as the help page lists it. The waiting
 * time and the state change while it is shown; see netpont-item.h for how
 * items work. */
#ifndef NETPONT_HELP_ITEM_H
#define NETPONT_HELP_ITEM_H

#include <gio/gio.h>

#include "frame.h"
#include "netpont-item.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_HELP_ITEM (netpont_help_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontHelpItem, netpont_help_item, NETPONT, HELP_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontHelpItem {
	GObject parent_instance;
	gint64 id;
	gint64 raised_at;
	Netpont__HelpState help_state;
	/* The PC that called. */
	char *seat;
	/* "5:09" since the call was raised (netpont_help_item_set_waiting()). */
	char *waiting;
	/* What the resident wrote, or "(no message)". */
	char *text;
	/* "Waiting", "Dóra is on the way", ... */
	char *state;
};

/* The call of call (copied), waiting "0:00". Caller owns the item. */
NetpontHelpItem *netpont_help_item_new(const Netpont__HelpCall *call);
/* Takes call's state (call is the same call, updated). */
void netpont_help_item_update(NetpontHelpItem *self, const Netpont__HelpCall *call);
/* Shows how long the call has waited at server time now. */
void netpont_help_item_set_waiting(NetpontHelpItem *self, gint64 now);

/* A help call's topic (HelpCall.topic, "job_search") in words ("Job
 * search"); "Not said" for "" or an unknown word. */
const char *netpont_help_topic_label(const char *topic);
/* The word of topic i a call is resolved with ("job_search"), in the order
 * of the Resolved… popover; NULL past the last. */
const char *netpont_help_topic_word(guint i);

G_END_DECLS

#endif
