/* The items of the lists that show a resident's account: NetpontBillLine,
 * a line of the fee desk's bill, and NetpontHistoryItem, a session or a
 * ledger entry in the residents page's history. See netpont-item.h for how
 * items work. */
#ifndef NETPONT_LEDGER_ITEMS_H
#define NETPONT_LEDGER_ITEMS_H

#include "netpont-client.h"
#include "netpont-item.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_BILL_LINE (netpont_bill_line_get_type())
G_DECLARE_FINAL_TYPE(NetpontBillLine, netpont_bill_line, NETPONT, BILL_LINE, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontBillLine {
	GObject parent_instance;
	gint64 charge_id;
	/* The tariff's service key ("copy"). */
	char *service;
	gint64 qty;
	/* In minor units. */
	gint64 amount;
	/* "2026-11-24 09:15", local time. */
	char *when;
	char *seat;
	/* The tariff's name shown for the service. */
	char *service_label;
	char *qty_text;
	char *amount_text;
};

/* The line of line (copied), its service shown as service_label and its
 * amount in client's currency. Caller owns the item. */
NetpontBillLine *netpont_bill_line_new(const Netpont__BillLine *line, const char *service_label,
                                       NetpontClient *client);

#define NETPONT_TYPE_HISTORY_ITEM (netpont_history_item_get_type())
G_DECLARE_FINAL_TYPE(NetpontHistoryItem, netpont_history_item, NETPONT, HISTORY_ITEM, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontHistoryItem {
	GObject parent_instance;
	/* The ledger entry's or the session's id. */
	gint64 id;
	/* A ledger entry (which can be reversed), not a session. */
	gboolean is_ledger;
	/* "2026-11-24 09:15", local time. */
	char *when;
	/* "Session on PC-03, 1:00:00", "Charge: copy × 2", "Payment: note". */
	char *what;
	/* The entry's amount; "" for a session. */
	char *amount;
	/* The staff member who started the session or wrote the entry. */
	char *by;
};

/* The session session (copied). Caller owns the item. */
NetpontHistoryItem *netpont_history_item_new_session(const Netpont__SessionInfo *session);
/* The ledger entry entry (copied), its amount in client's currency. Caller
 * owns the item. */
NetpontHistoryItem *netpont_history_item_new_ledger(const Netpont__LedgerEntry *entry,
                                                    NetpontClient *client);

G_END_DECLS

#endif
