#include "netpont-ledger-items.h"

#include <glib/gi18n.h>

#include "common/np_display_name.h"
#include "netpont-util.h"

NETPONT_DEFINE_ITEM(NetpontBillLine, netpont_bill_line, NETPONT_ITEM_TEXT(service),
                    NETPONT_ITEM_TEXT(when), NETPONT_ITEM_TEXT(seat),
                    NETPONT_ITEM_TEXT(service_label), NETPONT_ITEM_TEXT(qty_text),
                    NETPONT_ITEM_TEXT(amount_text))

NetpontBillLine *netpont_bill_line_new(const Netpont__BillLine *line, const char *service_label,
                                       NetpontClient *client)
{
	NetpontBillLine *self = g_object_new(NETPONT_TYPE_BILL_LINE, NULL);

	self->charge_id = line->charge_id;
	self->service = g_strdup(line->service);
	self->qty = line->qty;
	self->amount = line->amount;
	self->when = netpont_format_datetime(line->at);
	self->seat = g_strdup(line->seat);
	self->service_label = g_strdup(service_label);
	self->qty_text = g_strdup_printf("%" G_GINT64_FORMAT, (gint64)line->qty);
	self->amount_text = netpont_client_format_money(client, line->amount);
	return self;
}

NETPONT_DEFINE_ITEM(NetpontHistoryItem, netpont_history_item, NETPONT_ITEM_TEXT(when),
                    NETPONT_ITEM_TEXT(what), NETPONT_ITEM_TEXT(amount), NETPONT_ITEM_TEXT(by))

NetpontHistoryItem *netpont_history_item_new_session(const Netpont__SessionInfo *session)
{
	NetpontHistoryItem *self = g_object_new(NETPONT_TYPE_HISTORY_ITEM, NULL);
	gint64 end = session->ended_at > 0 ? session->ended_at : session->ends_at;
	g_autofree char *length = netpont_format_duration(end - session->started_at);

	self->id = session->id;
	self->when = netpont_format_datetime(session->started_at);
	/* TRANSLATORS: "Session on PC-03, 1:00:00" */
	self->what = g_strdup_printf(_("Session on %s, %s"), session->seat, length);
	self->amount = g_strdup("");
	self->by = g_strdup(session->started_by);
	return self;
}

static const char *ledger_kind_label(Netpont__LedgerKind kind)
{
	switch (kind) {
	case NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE:
		return _("Charge");
	case NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT:
		return _("Payment");
	case NETPONT__LEDGER_KIND__LEDGER_KIND_WAIVER:
		return _("Waiver");
	case NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL:
		return _("Correction");
	default:
		return "";
	}
}

NetpontHistoryItem *netpont_history_item_new_ledger(const Netpont__LedgerEntry *entry,
                                                    NetpontClient *client)
{
	NetpontHistoryItem *self = g_object_new(NETPONT_TYPE_HISTORY_ITEM, NULL);
	/* A refund is a payment given back: named so, not "Payment". */
	const char *kind = entry->kind == NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT &&
	                           g_strcmp0(entry->method, "refund") == 0
	                       ? _("Refund")
	                       : ledger_kind_label(entry->kind);

	self->id = entry->id;
	self->is_ledger = TRUE;
	self->when = netpont_format_datetime(entry->at);
	if (entry->kind == NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE)
		self->what = g_strdup_printf("%s: %s × %" G_GINT64_FORMAT, kind,
		                             np_display_name(entry->service_label, entry->service),
		                             (gint64)entry->qty);
	else if (entry->note != NULL && *entry->note)
		self->what = g_strdup_printf("%s: %s", kind, entry->note);
	else
		self->what = g_strdup(kind);
	self->amount = netpont_client_format_money(client, entry->amount);
	self->by = g_strdup(entry->staff);
	return self;
}
