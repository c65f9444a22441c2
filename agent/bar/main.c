/* netpont-bar: the time bar of a Netpont public PC, a thin strip docked at
 * the top or bottom edge of the screen that maximised windows do not cover.
 *   netpont-bar --control SOCKET [--edge top|bottom] [--language hu|en]
 * It shows, while a session is unlocked, the time left, the clock, what
 * the session costs so far, "Call a mentor" and "End my session", and the
 * 5- and 1-minute and closing warnings (netpont-lock-controller.h,
 * NETPONT_LOCK_MODE_BAR); while locked it shows nothing.
 *
 * netpont-agent starts it inside the public account's desktop session
 * ([bar] in agent.conf) and starts it again within a second when it dies;
 * the time is the agent's, so killing the bar changes nothing about it. */
#include <stdlib.h>

#include <adwaita.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "netpont-bar-dock.h"
#include "netpont-lock-controller.h"
#include "netpont-lock-i18n.h"

static char *control_path;
static char *edge_name;
static char *language;
static NetpontBarEdge edge = NETPONT_BAR_EDGE_TOP;
static NetpontLockController *controller;

/* The controller builds a new bar when the language changes: each one is
 * docked before it is shown. */
static void on_window_added(GtkApplication *app, GtkWindow *window, gpointer data)
{
	if (NETPONT_IS_LOCK_BAR(window))
		netpont_bar_dock_attach(window, edge);
}

static void on_activate(GApplication *app, gpointer data)
{
	if (controller != NULL)
		return;
	/* The application stays alive while the bar hides and shows. */
	g_application_hold(app);
	g_signal_connect(app, "window-added", G_CALLBACK(on_window_added), NULL);
	controller = netpont_lock_controller_new_mode(GTK_APPLICATION(app), control_path, TRUE,
	                                              NETPONT_LOCK_MODE_BAR);
	if (language != NULL)
		netpont_lock_controller_set_language(controller, language);
}

static gboolean on_quit_signal(gpointer data)
{
	g_application_release(G_APPLICATION(data));
	g_clear_object(&controller);
	g_application_quit(G_APPLICATION(data));
	return G_SOURCE_REMOVE;
}

int main(int argc, char **argv)
{
	/* A dock window and its strut are X11 things. */
	g_setenv("GDK_BACKEND", "x11", TRUE);
	netpont_lock_i18n_init(NULL);

	GOptionEntry entries[] = {
	    {"control", 'c', 0, G_OPTION_ARG_FILENAME, &control_path,
	     N_("the agent's control socket"), "SOCKET"},
	    {"edge", 'e', 0, G_OPTION_ARG_STRING, &edge_name,
	     N_("the screen edge the bar sits at: top (default) or bottom"), "EDGE"},
	    {"language", 'l', 0, G_OPTION_ARG_STRING, &language,
	     N_("the language to start in: hu or en"), "LANGUAGE"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_option_context_set_summary(context, _("The time bar of a Netpont public PC."));
	g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		g_printerr("netpont-bar: %s\n", error->message);
		return 2;
	}
	if (control_path == NULL) {
		g_printerr("netpont-bar: --control SOCKET is required "
		           "(the socket netpont-agent was started with).\n");
		return 2;
	}
	if (edge_name != NULL && g_strcmp0(edge_name, "top") != 0 &&
	    g_strcmp0(edge_name, "bottom") != 0) {
		g_printerr("netpont-bar: --edge must be top or bottom, not '%s'.\n", edge_name);
		return 2;
	}
	if (g_strcmp0(edge_name, "bottom") == 0)
		edge = NETPONT_BAR_EDGE_BOTTOM;
	if (language != NULL && g_strcmp0(language, "hu") != 0 && g_strcmp0(language, "en") != 0) {
		g_printerr("netpont-bar: --language must be hu or en, not '%s'.\n", language);
		return 2;
	}
	g_autoptr(AdwApplication) app =
	    adw_application_new("hu.netpont.Bar", G_APPLICATION_NON_UNIQUE);
	g_signal_connect(app, "activate", G_CALLBACK(on_activate), NULL);
	g_unix_signal_add(SIGTERM, on_quit_signal, app);
	g_unix_signal_add(SIGINT, on_quit_signal, app);
	char *args[] = {argv[0], NULL};
	int status = g_application_run(G_APPLICATION(app), 1, args);
	g_clear_object(&controller);
	g_free(control_path);
	g_free(edge_name);
	g_free(language);
	return status;
}
