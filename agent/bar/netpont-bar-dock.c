#include "netpont-bar-dock.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <gdk/x11/gdkx.h>

#define DOCK_EDGE_KEY   "netpont-bar-edge"
#define DOCK_HEIGHT_KEY "netpont-bar-height"
/* Below this width the bar uses smaller text (style.css, "narrow"). */
#define DOCK_NARROW_PX 1200

/* EWMH's _NET_WM_STATE client message actions. */
#define NET_WM_STATE_ADD 1

typedef struct {
	Display *dpy;
	Window xid;
	int x, y, width, height; /* where the bar goes, in X pixels */
	unsigned long strut[12]; /* _NET_WM_STRUT_PARTIAL */
} dock_place;

static Atom atom(Display *dpy, const char *name)
{
	return XInternAtom(dpy, name, False);
}

/* Where the bar goes: the first monitor's full width at the edge, the
 * window's own natural height. FALSE before the window has an X window. */
static gboolean dock_compute(GtkWindow *window, dock_place *place)
{
	GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(window));
	if (surface == NULL || !GDK_IS_X11_SURFACE(surface))
		return FALSE;
	GdkDisplay *display = gdk_surface_get_display(surface);
	GListModel *monitors = gdk_display_get_monitors(display);
	g_autoptr(GdkMonitor) monitor = g_list_model_get_item(monitors, 0);
	if (monitor == NULL)
		return FALSE;
	GdkRectangle geo;
	gdk_monitor_get_geometry(monitor, &geo);
	int scale = gdk_monitor_get_scale_factor(monitor);
	int height = 0;
	gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_VERTICAL, geo.width, NULL, &height,
	                   NULL, NULL);
	NetpontBarEdge edge = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(window), DOCK_EDGE_KEY));

	place->dpy = gdk_x11_display_get_xdisplay(display);
	place->xid = gdk_x11_surface_get_xid(surface);
	place->width = geo.width * scale;
	place->height = height * scale;
	place->x = geo.x * scale;
	int screen_height = DisplayHeight(place->dpy, DefaultScreen(place->dpy));
	int monitor_bottom = (geo.y + geo.height) * scale;
	place->y = edge == NETPONT_BAR_EDGE_TOP ? geo.y * scale : monitor_bottom - place->height;

	/* The 12 values: left, right, top, bottom, then the start and end of
	 * each side's strip (left_start_y, left_end_y, right_start_y,
	 * right_end_y, top_start_x, top_end_x, bottom_start_x,
	 * bottom_end_x). Struts count from the edges of the whole X screen,
	 * not of the monitor. */
	memset(place->strut, 0, sizeof place->strut);
	if (edge == NETPONT_BAR_EDGE_TOP) {
		place->strut[2] = (unsigned long)(place->y + place->height);
		place->strut[8] = (unsigned long)place->x;
		place->strut[9] = (unsigned long)(place->x + place->width - 1);
	} else {
		place->strut[3] = (unsigned long)(screen_height - place->y);
		place->strut[10] = (unsigned long)place->x;
		place->strut[11] = (unsigned long)(place->x + place->width - 1);
	}
	return TRUE;
}

/* The properties a window manager reads when it takes the window on. */
static void dock_write_properties(const dock_place *p)
{
	Atom type = atom(p->dpy, "_NET_WM_WINDOW_TYPE_DOCK");
	XChangeProperty(p->dpy, p->xid, atom(p->dpy, "_NET_WM_WINDOW_TYPE"), XA_ATOM, 32,
	                PropModeReplace, (unsigned char *)&type, 1);
	Atom states[] = {
	    atom(p->dpy, "_NET_WM_STATE_ABOVE"),
	    atom(p->dpy, "_NET_WM_STATE_STICKY"),
	    atom(p->dpy, "_NET_WM_STATE_SKIP_TASKBAR"),
	    atom(p->dpy, "_NET_WM_STATE_SKIP_PAGER"),
	};
	XChangeProperty(p->dpy, p->xid, atom(p->dpy, "_NET_WM_STATE"), XA_ATOM, 32, PropModeReplace,
	                (unsigned char *)states, G_N_ELEMENTS(states));
	unsigned long all_desktops = 0xFFFFFFFFul;
	XChangeProperty(p->dpy, p->xid, atom(p->dpy, "_NET_WM_DESKTOP"), XA_CARDINAL, 32,
	                PropModeReplace, (unsigned char *)&all_desktops, 1);
	XChangeProperty(p->dpy, p->xid, atom(p->dpy, "_NET_WM_STRUT_PARTIAL"), XA_CARDINAL, 32,
	                PropModeReplace, (const unsigned char *)p->strut, 12);
	XChangeProperty(p->dpy, p->xid, atom(p->dpy, "_NET_WM_STRUT"), XA_CARDINAL, 32,
	                PropModeReplace, (const unsigned char *)p->strut, 4);
	/* A fixed size at a position the program chose: the window manager
	 * neither places nor resizes it. */
	XSizeHints hints = {
	    .flags = USPosition | PPosition | PMinSize | PMaxSize,
	    .x = p->x,
	    .y = p->y,
	    .min_width = p->width,
	    .max_width = p->width,
	    .min_height = p->height,
	    .max_height = p->height,
	};
	XSetWMNormalHints(p->dpy, p->xid, &hints);
}

/* Once mapped, window state and desktop are requests to the window
 * manager, not properties. */
static void dock_send(const dock_place *p, const char *type, long a, long b, long c)
{
	XEvent ev = {0};
	ev.xclient.type = ClientMessage;
	ev.xclient.window = p->xid;
	ev.xclient.message_type = atom(p->dpy, type);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = a;
	ev.xclient.data.l[1] = b;
	ev.xclient.data.l[2] = c;
	ev.xclient.data.l[3] = 1; /* from a normal application */
	XSendEvent(p->dpy, DefaultRootWindow(p->dpy), False,
	           SubstructureRedirectMask | SubstructureNotifyMask, &ev);
}

static void dock_settle(GtkWidget *widget);

/* The bar's height follows its content (a help state on two lines, a
 * larger language): the strut follows the height, so that no window
 * reaches under it. */
static void on_layout(GdkSurface *surface, int width, int height, gpointer data)
{
	GtkWidget *widget = data;
	int last = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(widget), DOCK_HEIGHT_KEY));
	if (height == last || !gtk_widget_get_mapped(widget))
		return;
	g_object_set_data(G_OBJECT(widget), DOCK_HEIGHT_KEY, GINT_TO_POINTER(height));
	dock_settle(widget);
}

static void on_realize(GtkWidget *widget, gpointer data)
{
	dock_place place;
	if (!dock_compute(GTK_WINDOW(widget), &place))
		return;
	g_signal_connect_object(gtk_native_get_surface(GTK_NATIVE(widget)), "layout",
	                        G_CALLBACK(on_layout), widget, 0);
	dock_write_properties(&place);
	XMoveResizeWindow(place.dpy, place.xid, place.x, place.y, (unsigned)place.width,
	                  (unsigned)place.height);
}

static void dock_settle(GtkWidget *widget)
{
	dock_place place;
	if (!dock_compute(GTK_WINDOW(widget), &place))
		return;
	/* GTK rewrites the size hints and the state when it maps the
	 * window: say them again. */
	dock_write_properties(&place);
	dock_send(&place, "_NET_WM_STATE", NET_WM_STATE_ADD,
	          (long)atom(place.dpy, "_NET_WM_STATE_ABOVE"),
	          (long)atom(place.dpy, "_NET_WM_STATE_STICKY"));
	dock_send(&place, "_NET_WM_STATE", NET_WM_STATE_ADD,
	          (long)atom(place.dpy, "_NET_WM_STATE_SKIP_TASKBAR"),
	          (long)atom(place.dpy, "_NET_WM_STATE_SKIP_PAGER"));
	dock_send(&place, "_NET_WM_DESKTOP", (long)0xFFFFFFFFul, 1, 0);
	XMoveResizeWindow(place.dpy, place.xid, place.x, place.y, (unsigned)place.width,
	                  (unsigned)place.height);
	XFlush(place.dpy);
}

static gboolean on_settle_idle(gpointer data)
{
	GtkWidget *widget = data;
	if (gtk_widget_get_mapped(widget))
		dock_settle(widget);
	g_object_unref(widget);
	return G_SOURCE_REMOVE;
}

static void on_map(GtkWidget *widget, gpointer data)
{
	dock_settle(widget);
	/* Once more after GTK's first frame, which may resize the window to
	 * what its content asked for. */
	g_timeout_add(200, on_settle_idle, g_object_ref(widget));
}

void netpont_bar_dock_attach(GtkWindow *window, NetpontBarEdge edge)
{
	g_object_set_data(G_OBJECT(window), DOCK_EDGE_KEY, GINT_TO_POINTER(edge));
	gtk_window_set_decorated(window, FALSE);
	gtk_window_set_resizable(window, FALSE);
	GdkDisplay *display = gtk_widget_get_display(GTK_WIDGET(window));
	g_autoptr(GdkMonitor) monitor = g_list_model_get_item(gdk_display_get_monitors(display), 0);
	if (monitor != NULL) {
		GdkRectangle geo;
		gdk_monitor_get_geometry(monitor, &geo);
		/* As wide as the monitor: GTK sizes the X window itself. */
		gtk_widget_set_size_request(GTK_WIDGET(window), geo.width, -1);
		gtk_window_set_default_size(window, geo.width, -1);
		if (geo.width < DOCK_NARROW_PX)
			gtk_widget_add_css_class(GTK_WIDGET(window), "narrow");
	}
	g_signal_connect(window, "realize", G_CALLBACK(on_realize), NULL);
	g_signal_connect_after(window, "map", G_CALLBACK(on_map), NULL);
}
