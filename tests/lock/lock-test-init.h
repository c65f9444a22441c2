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

#endif
