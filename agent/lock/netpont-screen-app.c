#include "netpont-screen-app.h"

#include <adwaita.h>
#include <glib-unix.h>
#include <stdlib.h>

#include "netpont-lock-i18n.h"

gboolean netpont_screen_app_parse(const char *prog, const char *summary,
                                  const GOptionEntry *entries, int *argc, char ***argv)
{
	gboolean version = FALSE;
	/* --version is answered here, before GTK looks for a display, so it
	 * works on a machine without one (packaging checks, ssh). */
	const GOptionEntry version_entry[] = {
	    {"version", 0, 0, G_OPTION_ARG_NONE, &version, N_("print the version and exit"), NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_option_context_set_summary(context, summary);
	g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
	g_option_context_add_main_entries(context, version_entry, GETTEXT_PACKAGE);
	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(context, argc, argv, &error)) {
		g_printerr("%s: %s\n", prog, error->message);
		return FALSE;
	}
	if (version) {
		g_print("%s %s\n", prog, NETPONT_VERSION);
		exit(0);
	}
	return TRUE;
}

typedef struct {
	void (*activate)(GtkApplication *app);
	NetpontLockController **controller;
	gboolean activated;
	guint signal_sources[2]; /* SIGTERM, SIGINT; 0 once removed */
} screen_app;

static void on_activate(GApplication *app, gpointer data)
{
	screen_app *sa = data;
	if (sa->activated)
		return;
	sa->activated = TRUE;
	/* The application stays alive while the controller hides and shows
	 * its windows (no window at all is a normal state of the bar). */
	g_application_hold(app);
	sa->activate(GTK_APPLICATION(app));
}

static screen_app *running;

static gboolean on_quit_signal(gpointer data)
{
	GApplication *app = data;
	/* Returning G_SOURCE_REMOVE removes this one; the other goes too. */
	for (size_t i = 0; i < G_N_ELEMENTS(running->signal_sources); i++)
		if (running->signal_sources[i] != 0 &&
		    running->signal_sources[i] != g_source_get_id(g_main_current_source()))
			g_source_remove(running->signal_sources[i]);
	running->signal_sources[0] = running->signal_sources[1] = 0;
	if (running->activated)
		g_application_release(app);
	g_clear_object(running->controller);
	g_application_quit(app);
	return G_SOURCE_REMOVE;
}

int netpont_screen_app_run(const char *app_id, const char *argv0,
                           void (*activate)(GtkApplication *app),
                           NetpontLockController **controller)
{
	screen_app sa = {.activate = activate, .controller = controller};
	running = &sa;
	g_autoptr(AdwApplication) app = adw_application_new(app_id, G_APPLICATION_NON_UNIQUE);
	g_signal_connect(app, "activate", G_CALLBACK(on_activate), &sa);
	sa.signal_sources[0] = g_unix_signal_add(SIGTERM, on_quit_signal, app);
	sa.signal_sources[1] = g_unix_signal_add(SIGINT, on_quit_signal, app);
	/* The options were read already: GApplication sees none. */
	char *args[] = {(char *)argv0, NULL};
	int status = g_application_run(G_APPLICATION(app), 1, args);
	for (size_t i = 0; i < G_N_ELEMENTS(sa.signal_sources); i++)
		if (sa.signal_sources[i] != 0)
			g_source_remove(sa.signal_sources[i]);
	g_clear_object(controller);
	running = NULL;
	return status;
}
