/* The "Resolved…" popover of the help page and the seat panel: an
 * optional line "What came of it?" above the topics. Choosing a topic
 * activates action (e.g. "help.resolve") with the topic as its string
 * target; the action then takes the line with
 * netpont_resolve_popover_take_outcome(). */
#ifndef NETPONT_RESOLVE_POPOVER_H
#define NETPONT_RESOLVE_POPOVER_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new GtkPopover for a GtkMenuButton (gtk_menu_button_set_popover());
 * name_prefix names its parts for tests: "<prefix>-outcome" (the line) and
 * "<prefix>-<topic>" (each topic's button). */
GtkWidget *netpont_resolve_popover_new(const char *action, const char *name_prefix);

/* The line typed in popover (a GtkMenuButton's popover made by
 * netpont_resolve_popover_new(); NULL or another popover: ""), without
 * surrounding blanks, and clears it. Caller frees. */
char *netpont_resolve_popover_take_outcome(GtkPopover *popover);

G_END_DECLS

#endif
