/* NetpontBookingsPage: the PCs' bookings (issue 13) for mentors and
 * administrators. A day view, one row per PC and the day's opening hours in
 * 30-minute columns, each booking a block naming the resident or the course
 * and its time, the present time marked in red; a week view, the seven days
 * side by side, compact; Previous, Today and Next. An empty slot books the
 * PC (a form: the resident, from, to, more PCs, a note); a booking offers
 * Move… and Cancel…, which asks first. The server's refusal shows in the
 * form. A second tab holds the courses (NetpontCoursesPage). The view is
 * reloaded after each change, every minute, and when the day changes. */
#ifndef NETPONT_BOOKINGS_PAGE_H
#define NETPONT_BOOKINGS_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_BOOKINGS_PAGE (netpont_bookings_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontBookingsPage, netpont_bookings_page, NETPONT, BOOKINGS_PAGE, GtkBox)

void netpont_bookings_page_set_client(NetpontBookingsPage *self, NetpontClient *client);
void netpont_bookings_page_clear(NetpontBookingsPage *self);
void netpont_bookings_page_reload(NetpontBookingsPage *self);
/* Shows the day (local) of date: the day view, or its week. */
void netpont_bookings_page_show_date(NetpontBookingsPage *self, GDateTime *date);
void netpont_bookings_page_set_week(NetpontBookingsPage *self, gboolean week);
/* Shows the bookings tab or the courses tab ("bookings", "courses"). */
void netpont_bookings_page_show_tab(NetpontBookingsPage *self, const char *tab);
/* How many answers of the server the page has shown since its last reload
 * (tests wait for it to grow). */
guint netpont_bookings_page_get_loads(NetpontBookingsPage *self);

G_END_DECLS

#endif
