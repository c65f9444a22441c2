#include "netpont-report-items.h"

#include <glib/gi18n.h>

#include "common/np_display_name.h"
#include "netpont-util.h"

NETPONT_DEFINE_ITEM(NetpontTotalsItem, netpont_totals_item, NETPONT_ITEM_TEXT(key),
                    NETPONT_ITEM_TEXT(label), NETPONT_ITEM_TEXT(charged_text),
                    NETPONT_ITEM_TEXT(paid_text), NETPONT_ITEM_TEXT(waived_text))

NetpontTotalsItem *netpont_totals_item_new(const Netpont__ReportRow *row, NetpontClient *client)
{
	NetpontTotalsItem *self = g_object_new(NETPONT_TYPE_TOTALS_ITEM, NULL);

	self->key = g_strdup(row->key);
	self->label = g_strdup(np_display_name(row->label, row->key));
	self->charged = row->charged;
	self->paid = row->paid;
	self->waived = row->waived;
	self->charged_text = netpont_client_format_money(client, row->charged);
	self->paid_text = netpont_client_format_money(client, row->paid);
	self->waived_text = netpont_client_format_money(client, row->waived);
	return self;
}

NETPONT_DEFINE_ITEM(NetpontShiftItem, netpont_shift_item, NETPONT_ITEM_TEXT(staff),
                    NETPONT_ITEM_TEXT(started), NETPONT_ITEM_TEXT(ended),
                    NETPONT_ITEM_TEXT(cash_float), NETPONT_ITEM_TEXT(cash_taken),
                    NETPONT_ITEM_TEXT(corrections), NETPONT_ITEM_TEXT(expected),
                    NETPONT_ITEM_TEXT(counted), NETPONT_ITEM_TEXT(difference))

/* An amount known only once the shift has ended: "—" before. */
static char *shift_closing_amount(const Netpont__Shift *shift, NetpontClient *client, gint64 amount)
{
	if (shift->ended_at == 0)
		return g_strdup("—");
	return netpont_client_format_money(client, amount);
}

NetpontShiftItem *netpont_shift_item_new(const Netpont__Shift *shift, NetpontClient *client)
{
	NetpontShiftItem *self = g_object_new(NETPONT_TYPE_SHIFT_ITEM, NULL);

	self->id = shift->id;
	self->staff = g_strdup(shift->staff);
	self->started = netpont_format_datetime(shift->started_at);
	self->ended = shift->ended_at != 0 ? netpont_format_datetime(shift->ended_at)
	                                   : g_strdup(_("still open"));
	self->cash_float = netpont_client_format_money(client, shift->cash_float);
	self->cash_taken = netpont_client_format_money(client, shift->cash_taken);
	self->corrections = netpont_client_format_money(client, shift->corrections);
	self->expected = netpont_client_format_money(client, shift->expected);
	self->counted = shift_closing_amount(shift, client, shift->counted);
	self->difference = shift_closing_amount(shift, client, shift->difference);
	return self;
}

NETPONT_DEFINE_ITEM(NetpontWaiverItem, netpont_waiver_item, NETPONT_ITEM_TEXT(when),
                    NETPONT_ITEM_TEXT(resident), NETPONT_ITEM_TEXT(amount),
                    NETPONT_ITEM_TEXT(reason), NETPONT_ITEM_TEXT(staff))

NetpontWaiverItem *netpont_waiver_item_new(const Netpont__LedgerEntry *entry, NetpontClient *client)
{
	NetpontWaiverItem *self = g_object_new(NETPONT_TYPE_WAIVER_ITEM, NULL);

	self->id = entry->id;
	self->when = netpont_format_datetime(entry->at);
	self->resident = g_strdup(entry->resident_login);
	self->amount = netpont_client_format_money(client, entry->amount);
	self->reason = g_strdup(entry->note);
	self->staff = g_strdup(entry->staff);
	return self;
}
