#include "netpont-admin-items.h"

#include <glib/gi18n.h>

#include "common/np_display_name.h"
#include "netpont-util.h"

NETPONT_DEFINE_ITEM(NetpontTariffItem, netpont_tariff_item, NETPONT_ITEM_TEXT(service),
                    NETPONT_ITEM_TEXT(label), NETPONT_ITEM_TEXT(price_text),
                    NETPONT_ITEM_TEXT(charged))

NetpontTariffItem *netpont_tariff_item_new(const Netpont__Tariff *tariff, NetpontClient *client)
{
	NetpontTariffItem *self = g_object_new(NETPONT_TYPE_TARIFF_ITEM, NULL);

	self->service = g_strdup(tariff->service);
	self->label = g_strdup(tariff->label);
	self->price = tariff->price;
	self->per_minutes = tariff->per_minutes;
	self->price_text = netpont_client_format_money(client, tariff->price);
	if (tariff->per_minutes > 0)
		self->charged = g_strdup_printf(_("per %d started minutes"), tariff->per_minutes);
	else
		self->charged = g_strdup(_("per item"));
	return self;
}

NETPONT_DEFINE_ITEM(NetpontCategoryItem, netpont_category_item, NETPONT_ITEM_TEXT(name),
                    NETPONT_ITEM_TEXT(label), NETPONT_ITEM_TEXT(share))

NetpontCategoryItem *netpont_category_item_new(const Netpont__Category *category)
{
	NetpontCategoryItem *self = g_object_new(NETPONT_TYPE_CATEGORY_ITEM, NULL);

	self->name = g_strdup(category->name);
	self->label = g_strdup(np_display_name(category->label, category->name));
	self->percent = category->percent;
	self->share = g_strdup_printf("%d %%", category->percent);
	return self;
}

NETPONT_DEFINE_ITEM(NetpontSettingItem, netpont_setting_item, NETPONT_ITEM_TEXT(key),
                    NETPONT_ITEM_TEXT(value))

NetpontSettingItem *netpont_setting_item_new(const Netpont__Setting *setting)
{
	NetpontSettingItem *self = g_object_new(NETPONT_TYPE_SETTING_ITEM, NULL);

	self->key = g_strdup(setting->key);
	self->value = g_strdup(setting->value);
	return self;
}

NETPONT_DEFINE_ITEM(NetpontStaffItem, netpont_staff_item, NETPONT_ITEM_TEXT(name),
                    NETPONT_ITEM_TEXT(role), NETPONT_ITEM_TEXT(since), NETPONT_ITEM_TEXT(state),
                    NETPONT_ITEM_TEXT(display_name))

NetpontStaffItem *netpont_staff_item_new(const Netpont__StaffMember *member)
{
	NetpontStaffItem *self = g_object_new(NETPONT_TYPE_STAFF_ITEM, NULL);

	self->name = g_strdup(member->name);
	self->role = g_strdup(netpont_role_label(member->role));
	self->since = netpont_format_datetime(member->created_at);
	self->state = g_strdup(member->disabled ? _("disabled") : "");
	self->display_name = g_strdup(member->display_name != NULL ? member->display_name : "");
	return self;
}

NETPONT_DEFINE_ITEM(NetpontAuditItem, netpont_audit_item, NETPONT_ITEM_TEXT(when),
                    NETPONT_ITEM_TEXT(staff), NETPONT_ITEM_TEXT(action), NETPONT_ITEM_TEXT(detail))

NetpontAuditItem *netpont_audit_item_new(const Netpont__AuditRow *row)
{
	NetpontAuditItem *self = g_object_new(NETPONT_TYPE_AUDIT_ITEM, NULL);

	self->id = row->id;
	self->at = row->at;
	self->when = netpont_format_datetime(row->at);
	self->staff = g_strdup(row->staff ? row->staff : "");
	self->action = g_strdup(row->action ? row->action : "");
	self->detail = g_strdup(row->detail ? row->detail : "");
	return self;
}
