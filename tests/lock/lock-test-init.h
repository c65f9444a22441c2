/* How the GTK tests of the PC's screens (tests/lock, tests/bar) start: at
 * local noon (tests/noon.h), with GSettings in memory, in English unless a
 * test switches, with the build's translations, and with GTK's test set-up.
 * Header-only: each test program includes it once. */
#ifndef NETPONT_LOCK_TEST_INIT_H
#define NETPONT_LOCK_TEST_INIT_H

#include <gtk/gtk.h>

#include "netpont-lock-i18n.h"
#include "noon.h"

static inline void np_lock_test_init(int *argc, char ***argv)
{
	np_test_run_at_noon();
	g_setenv("GSETTINGS_BACKEND", "memory", TRUE);
	g_setenv("LANGUAGE", "en", TRUE);
	const char *build = g_getenv("NETPONT_BUILD_DIR");
	g_autofree char *localedir =
	    build ? g_build_filename(build, "locale", NULL) : g_strdup("/usr/share/locale");
	netpont_lock_i18n_init(localedir);
	gtk_test_init(argc, argv, NULL);
}

/* Writes what widget shows (on an opaque white background, as on screen)
 * to dir/name as a PNG and names the file in the test log. */
static inline void np_lock_test_save_png(GtkWidget *widget, const char *dir, const char *name)
{
	int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
	g_assert_cmpint(w, >, 0);
	g_assert_cmpint(h, >, 0);
	g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new(widget);
	GtkSnapshot *snapshot = gtk_snapshot_new();
	gtk_snapshot_append_color(snapshot, &(GdkRGBA){1, 1, 1, 1},
	                          &GRAPHENE_RECT_INIT(0, 0, w, h));
	gdk_paintable_snapshot(paintable, snapshot, w, h);
	g_autoptr(GskRenderNode) node = gtk_snapshot_free_to_node(snapshot);
	g_assert_nonnull(node);
	GskRenderer *renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
	g_autoptr(GdkTexture) texture =
	    gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, w, h));
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_assert_true(gdk_texture_save_to_png(texture, path));
	g_test_message("screenshot: %s", path);
}

#endif
