/* The items of the administrator's lists: NetpontTariffItem,
 * NetpontCategoryItem, NetpontSettingItem, NetpontStaffItem and
 * NetpontAuditItem (the audit log, which the treasurer reads too). See
 * netpont-item.h for how items work. */
#ifndef NETPONT_ADMIN_ITEMS_H
#define NETPONT_ADMIN_ITEMS_H

#include "netpont-client.h"
#include "netpont-item.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_TARIFF_ITEM (netpont_tariff_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontTariffItem, netpont_tariff_item, NETPONT, TARIFF_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontTariffItem {
	GObject parent_instance;
	/* The service key ("copy"). */
	char *service;
	/* The name shown for it ("Copy (per page)"). */
	char *label;
	/* In minor units. */
	gint64 price;
	/* Charged per this many started minutes; 0: per item. */
	gint per_minutes;
	char *price_text;
	/* "per 15 started minutes" or "per item". */
	char *charged;
};

/* The tariff of tariff (copied), its price in client's currency. Caller
 * owns the item. */
NetpontTariffItem *netpont_tariff_item_new(const Netpont__Tariff *tariff, NetpontClient *client);

#define NETPONT_TYPE_CATEGORY_ITEM (netpont_category_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontCategoryItem, netpont_category_item, NETPONT, CATEGORY_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontCategoryItem {
	GObject parent_instance;
	/* The key ("reduced"). */
	char *name;
	/* The name shown for it ("Kedvezményes"). */
	char *label;
	/* The share of the tariff its residents pay. */
	gint percent;
	/* "50 %". */
	char *share;
};

/* The fee category of category (copied). Caller owns the item. */
NetpontCategoryItem *netpont_category_item_new(const Netpont__Category *category);

#define NETPONT_TYPE_SETTING_ITEM (netpont_setting_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontSettingItem, netpont_setting_item, NETPONT, SETTING_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontSettingItem {
	GObject parent_instance;
	char *key;
	char *value;
};

/* The setting of setting (copied). Caller owns the item. */
NetpontSettingItem *netpont_setting_item_new(const Netpont__Setting *setting);

#define NETPONT_TYPE_STAFF_ITEM (netpont_staff_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontStaffItem, netpont_staff_item, NETPONT, STAFF_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontStaffItem {
	GObject parent_instance;
	char *name;
	/* The role's translated name. */
	char *role;
	/* When the account was made, local time. */
	char *since;
	/* "disabled" or "". */
	char *state;
	/* "Dóra": what the PCs and receipts show; "" when none. */
	char *display_name;
};

/* The staff account of member (copied). Caller owns the item. */
NetpontStaffItem *netpont_staff_item_new(const Netpont__StaffMember *member);

#define NETPONT_TYPE_AUDIT_ITEM (netpont_audit_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontAuditItem, netpont_audit_item, NETPONT, AUDIT_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontAuditItem {
	GObject parent_instance;
	gint64 id;
	/* Unix seconds. */
	gint64 at;
	/* "2026-11-24 09:15", local time. */
	char *when;
	/* The staff member's name; "" when nobody was signed in. */
	char *staff;
	/* The action's dotted name ("session.start"), as the server words it. */
	char *action;
	char *detail;
};

/* The audit row of row (copied). Caller owns the item. */
NetpontAuditItem *netpont_audit_item_new(const Netpont__AuditRow *row);

G_END_DECLS

#endif
