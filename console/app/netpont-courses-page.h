/* NetpontCoursesPage: the community house's courses (issue 13), a tab of
 * the bookings page. The list of courses and "New course…" (name, tutor,
 * weekdays, time, first and last date, PCs, fee); a course's detail: its
 * tutor, fee and PCs, its occasions (date, time, attendance n of m), its
 * participants with Enrol and Leave; an occasion's attendance as check
 * buttons the tutor ticks, each tick saved at once (CourseAttendance). */
#ifndef NETPONT_COURSES_PAGE_H
#define NETPONT_COURSES_PAGE_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_COURSES_PAGE (netpont_courses_page_get_type())
G_DECLARE_FINAL_TYPE(NetpontCoursesPage, netpont_courses_page, NETPONT, COURSES_PAGE, GtkBox)

void netpont_courses_page_set_client(NetpontCoursesPage *self, NetpontClient *client);
void netpont_courses_page_clear(NetpontCoursesPage *self);
void netpont_courses_page_reload(NetpontCoursesPage *self);
/* Shows the course named name when the list has it; FALSE if not. */
gboolean netpont_courses_page_select(NetpontCoursesPage *self, const char *name);
/* Shows the attendance of the occasion at index (0: the first) of the
 * course shown; FALSE if it has no such occasion. */
gboolean netpont_courses_page_select_occasion(NetpontCoursesPage *self, guint index);
/* How many answers of the server the page has shown (tests wait for it). */
guint netpont_courses_page_get_loads(NetpontCoursesPage *self);

G_END_DECLS

#endif
