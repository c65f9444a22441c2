/* NetpontHeldPrint: a print job held on a PC until a mentor or the resident
 * confirms it (SeatInfo.held_prints), as the seat panel lists it. See
 * netpont-item.h for how items work. */
#ifndef NETPONT_HELD_PRINT_H
#define NETPONT_HELD_PRINT_H

#include "frame.h"
#include "netpont-item.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_HELD_PRINT (netpont_held_print_get_type())
G_DECLARE_FINAL_TYPE(NetpontHeldPrint, netpont_held_print, NETPONT, HELD_PRINT, GObject)

/* Every text is set (never NULL) and owned by the item. */
struct _NetpontHeldPrint {
	GObject parent_instance;
	/* The job's key on its PC, as PrintRelease names it. */
	char *job_key;
	/* The document's title ("" when it has none). */
	char *title;
	/* When it was first held (server time). */
	gint64 held_since;
	gint64 pages;
	gint64 copies;
	gboolean color;
	/* The quoted price in minor units, -1 when not priced yet. */
	gint64 amount;
};

/* The job of held (copied). Caller owns the item. */
NetpontHeldPrint *netpont_held_print_new(const Netpont__HeldPrint *held);

G_END_DECLS

#endif
