/* The items of the treasurer's reports: NetpontTotalsItem (a row of
 * ReportTotals: a day, service, mentor or fee category), NetpontShiftItem (a
 * shift's reconciliation) and NetpontWaiverItem (a waiver with its reason).
 * See netpont-item.h for how items work. */
#ifndef NETPONT_REPORT_ITEMS_H
#define NETPONT_REPORT_ITEMS_H

#include "netpont-client.h"
#include "netpont-item.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_TOTALS_ITEM (netpont_totals_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontTotalsItem, netpont_totals_item, NETPONT, TOTALS_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontTotalsItem {
	GObject parent_instance;
	/* The day, service, mentor or category the row adds up. */
	char *key;
	/* What people read for it: a service's or category's display name,
	 * else the key. */
	char *label;
	/* In minor units. */
	gint64 charged;
	gint64 paid;
	gint64 waived;
	/* The same in the site's currency. */
	char *charged_text;
	char *paid_text;
	char *waived_text;
};

/* The row of row (copied), amounts in client's currency. Caller owns the
 * item. */
NetpontTotalsItem *netpont_totals_item_new(const Netpont__ReportRow *row, NetpontClient *client);

#define NETPONT_TYPE_SHIFT_ITEM (netpont_shift_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontShiftItem, netpont_shift_item, NETPONT, SHIFT_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontShiftItem {
	GObject parent_instance;
	gint64 id;
	/* The mentor whose shift it is. */
	char *staff;
	char *started;
	/* When it ended, or "still open". */
	char *ended;
	/* The amounts in the site's currency; counted and difference are "—"
	 * while the shift is open. */
	char *cash_float;
	/* The shift's own cash (payments minus refunds) and the corrections
	 * (reversals) it carried. */
	char *cash_taken;
	char *corrections;
	char *expected;
	char *counted;
	char *difference;
};

/* The shift of shift (copied), amounts in client's currency. Caller owns
 * the item. */
NetpontShiftItem *netpont_shift_item_new(const Netpont__Shift *shift, NetpontClient *client);

#define NETPONT_TYPE_WAIVER_ITEM (netpont_waiver_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontWaiverItem, netpont_waiver_item, NETPONT, WAIVER_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontWaiverItem {
	GObject parent_instance;
	/* The ledger entry's id. */
	gint64 id;
	char *when;
	/* The resident's login. */
	char *resident;
	char *amount;
	/* The note the mentor had to write. */
	char *reason;
	/* The mentor who waived. */
	char *staff;
};

/* The waiver of entry (copied), its amount in client's currency. Caller
 * owns the item. */
NetpontWaiverItem *netpont_waiver_item_new(const Netpont__LedgerEntry *entry,
                                           NetpontClient *client);

G_END_DECLS

#endif
