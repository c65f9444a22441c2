#include "netpont-resident-item.h"

#include <glib/gi18n.h>

#include "common/np_display_name.h"
#include "netpont-util.h"

NETPONT_DEFINE_ITEM(NetpontResidentItem, netpont_resident_item, NETPONT_ITEM_TEXT(login),
                    NETPONT_ITEM_TEXT(name), NETPONT_ITEM_TEXT(title), NETPONT_ITEM_TEXT(category),
                    NETPONT_ITEM_TEXT(due), NETPONT_ITEM_TEXT(state))

NetpontResidentItem *netpont_resident_item_new(const Netpont__Resident *resident,
                                               NetpontClient *client)
{
	NetpontResidentItem *self = g_object_new(NETPONT_TYPE_RESIDENT_ITEM, NULL);

	self->login = g_strdup(resident->login);
	self->name = g_strdup(resident->name);
	self->title = g_strdup_printf("%s (%s)", resident->name, resident->login);
	self->category = g_strdup(np_display_name(resident->category_label, resident->category));
	self->due = netpont_client_format_balance(client, resident->balance_due, resident->credit);
	self->state = g_strdup(resident->locked_out ? _("Locked out")
	                       : resident->guest    ? _("Guest")
	                                            : "");
	return self;
}
