/* x11-shot FILE.png: writes what the X display ($DISPLAY) shows, the whole
 * root window with every window on it, as a PNG. The bar's test uses it for
 * screenshots of the real netpont-bar among other windows, which a widget
 * snapshot from inside one program cannot show. */
#include <stdio.h>

#include <X11/Xlib.h>
#include <cairo-xlib.h>
#include <cairo.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: x11-shot FILE.png\n");
		return 2;
	}
	Display *dpy = XOpenDisplay(NULL);
	if (dpy == NULL) {
		fprintf(stderr, "x11-shot: cannot open the display (DISPLAY is not set?)\n");
		return 1;
	}
	int screen = DefaultScreen(dpy);
	int width = DisplayWidth(dpy, screen), height = DisplayHeight(dpy, screen);
	cairo_surface_t *root = cairo_xlib_surface_create(
	    dpy, RootWindow(dpy, screen), DefaultVisual(dpy, screen), width, height);
	/* A copy, so the PNG is written from memory in one consistent state. */
	cairo_surface_t *image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
	cairo_t *cr = cairo_create(image);
	cairo_set_source_surface(cr, root, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_status_t status = cairo_surface_write_to_png(image, argv[1]);
	cairo_surface_destroy(image);
	cairo_surface_destroy(root);
	XCloseDisplay(dpy);
	if (status != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "x11-shot: cannot write %s: %s\n", argv[1],
		        cairo_status_to_string(status));
		return 1;
	}
	return 0;
}
