/* netpont-bar's window as an X11 dock: a strip across the whole width of a
 * monitor at its top or bottom edge that the window manager keeps free
 * (EWMH _NET_WM_WINDOW_TYPE_DOCK with _NET_WM_STRUT_PARTIAL and
 * _NET_WM_STRUT), so that maximised windows end where it begins. It has no
 * decorations, is on every desktop (_NET_WM_DESKTOP 0xFFFFFFFF), stays above
 * other windows and is skipped by task bars and pagers.
 *
 * GTK 4 cannot place windows, so the window is moved with Xlib; the
 * properties are written when the window is realized (before it is mapped,
 * where window managers read them) and its state is asked for again once it
 * is mapped. X11 only: the program forces GDK_BACKEND=x11. */
#ifndef NETPONT_BAR_DOCK_H
#define NETPONT_BAR_DOCK_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
	NETPONT_BAR_EDGE_TOP,
	NETPONT_BAR_EDGE_BOTTOM,
} NetpontBarEdge;

/* Makes window (not yet realized) a dock at edge of the first monitor. The
 * window keeps its own height; its width becomes the monitor's. Keeps no
 * reference: the settings live as long as the window. */
void netpont_bar_dock_attach(GtkWindow *window, NetpontBarEdge edge);

G_END_DECLS

#endif
