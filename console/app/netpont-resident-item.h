/* NetpontResidentItem: a resident as the resident lists show one (the
 * residents page, the fee desk's search and the seat panel's search), made
 * from a server message. See netpont-item.h for how items work. */
#ifndef NETPONT_RESIDENT_ITEM_H
#define NETPONT_RESIDENT_ITEM_H

#include "netpont-client.h"
#include "netpont-item.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_RESIDENT_ITEM (netpont_resident_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontResidentItem, netpont_resident_item, NETPONT, RESIDENT_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontResidentItem {
	GObject parent_instance;
	char *login;
	char *name;
	/* "Kovács Mária (kovacs)". */
	char *title;
	char *category;
	/* What the resident owes, in the site's currency. */
	char *due;
	/* "Locked out", "Guest" or "". */
	char *state;
};

/* The resident of resident (copied), with amounts formatted in client's
 * currency. Caller owns the item. */
NetpontResidentItem *netpont_resident_item_new(const Netpont__Resident *resident,
                                               NetpontClient *client);

G_END_DECLS

#endif
