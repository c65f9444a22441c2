#include "netpont-held-print.h"

NETPONT_DEFINE_ITEM(NetpontHeldPrint, netpont_held_print, NETPONT_ITEM_TEXT(job_key),
                    NETPONT_ITEM_TEXT(title))

NetpontHeldPrint *netpont_held_print_new(const Netpont__HeldPrint *held)
{
	NetpontHeldPrint *self = g_object_new(NETPONT_TYPE_HELD_PRINT, NULL);

	self->job_key = g_strdup(held->job_key != NULL ? held->job_key : "");
	self->title = g_strdup(held->title != NULL ? held->title : "");
	self->held_since = held->held_since;
	self->pages = held->pages;
	self->copies = held->copies;
	self->color = held->color;
	self->amount = held->amount;
	return self;
}
