/* NetpontWindow: the console's one window — the sign-in form, then a view
 * stack with the pages the signed-in role may use, a connection-lost
 * banner, and toasts for results and refusals. */
#ifndef NETPONT_WINDOW_H
#define NETPONT_WINDOW_H

#include <adwaita.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_WINDOW (netpont_window_get_type())
G_DECLARE_FINAL_TYPE(NetpontWindow, netpont_window, NETPONT, WINDOW, AdwApplicationWindow)

/* application may be NULL (tests). */
NetpontWindow *netpont_window_new(GtkApplication *application);
/* Fills the sign-in form's server and user (either may be NULL or "" to keep
 * what the form remembered), as `netpont-console --server --user` asks.
 *
 * What the form remembers comes from the GSettings schema hu.netpont.Console
 * when it is installed (or found through GSETTINGS_SCHEMA_DIR): the server
 * and name of the last good sign-in, and the window's size, saved when it is
 * closed. Without the schema the window remembers nothing. */
void netpont_window_set_sign_in(NetpontWindow *self, const char *server, const char *user);
/* The window's client (owned by the window). */
NetpontClient *netpont_window_get_client(NetpontWindow *self);
/* Shows the page with this name ("seats", "help", "fees", "residents",
 * "shift", "treasurer", "admin") if the role may see it. */
void netpont_window_show_page(NetpontWindow *self, const char *name);
/* Shows text (plain) at the bottom of the window for a few seconds,
 * replacing any earlier message; urgent for refusals. */
void netpont_window_show_message(NetpontWindow *self, const char *text, gboolean urgent);
/* The name of the page shown. */
const char *netpont_window_get_page(NetpontWindow *self);

G_END_DECLS

#endif
