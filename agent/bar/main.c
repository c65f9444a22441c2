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

#include <glib/gi18n-lib.h>

#include "netpont-bar-dock.h"
#include "netpont-lock-controller.h"
#include "netpont-lock-i18n.h"
#include "netpont-screen-app.h"

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

static void on_activate(GtkApplication *app)
{
	g_signal_connect(app, "window-added", G_CALLBACK(on_window_added), NULL);
	controller =
	    netpont_lock_controller_new_mode(app, control_path, TRUE, NETPONT_LOCK_MODE_BAR);
	if (language != NULL)
		netpont_lock_controller_set_language(controller, language);
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
	if (!netpont_screen_app_parse("netpont-bar", _("The time bar of a Netpont public PC."),
	                              entries, &argc, &argv))
		return 2;
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
	int status = netpont_screen_app_run("hu.netpont.Bar", argv[0], on_activate, &controller);
	g_free(control_path);
	g_free(edge_name);
	g_free(language);
	return status;
}
