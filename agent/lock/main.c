/* netpont-lock: the lock/login screen of a Netpont public PC.
 *   netpont-lock --control SOCKET [--windowed]
 * Talks to netpont-agent over its control socket; see
 * netpont-lock-controller.h for what it shows.
 *
 * Limits, honestly: GTK 4 has no "keep above" and no keyboard grab, and this
 * program uses no layer-shell. The locked screen is an ordinary full-screen
 * window, and the session bar an ordinary small window: a window manager
 * configured for the kiosk (no task switcher for the public account, the
 * lock screen's X11 window class "netpont-lock" kept on top) is what stops a
 * resident from switching past them. What the agent enforces does not depend
 * on it: the lease, the end of the session and the reset hooks. */
#include <stdlib.h>

#include <adwaita.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "netpont-lock-controller.h"
#include "netpont-lock-i18n.h"

static char *control_path;
static gboolean windowed;
static NetpontLockController *controller;

static void on_activate(GApplication *app, gpointer data)
{
	if (controller != NULL)
		return;
	/* The application stays alive while the controller hides and shows
	 * its windows. */
	g_application_hold(app);
	controller = netpont_lock_controller_new(GTK_APPLICATION(app), control_path, windowed);
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
	netpont_lock_i18n_init(NULL);

	GOptionEntry entries[] = {
	    {"control", 'c', 0, G_OPTION_ARG_FILENAME, &control_path,
	     N_("the agent's control socket"), "SOCKET"},
	    {"windowed", 'w', 0, G_OPTION_ARG_NONE, &windowed,
	     N_("do not cover the whole screen (tests, demo)"), NULL},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	g_autoptr(GOptionContext) context = g_option_context_new(NULL);
	g_option_context_set_summary(context, _("The lock screen of a Netpont public PC."));
	g_option_context_add_main_entries(context, entries, GETTEXT_PACKAGE);
	g_autoptr(GError) error = NULL;
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		g_printerr("netpont-lock: %s\n", error->message);
		return 2;
	}
	if (control_path == NULL) {
		g_printerr("netpont-lock: --control SOCKET is required "
		           "(the socket netpont-agent was started with).\n");
		return 2;
	}
	g_autoptr(AdwApplication) app =
	    adw_application_new("hu.netpont.Lock", G_APPLICATION_NON_UNIQUE);
	g_signal_connect(app, "activate", G_CALLBACK(on_activate), NULL);
	g_unix_signal_add(SIGTERM, on_quit_signal, app);
	g_unix_signal_add(SIGINT, on_quit_signal, app);
	char *args[] = {argv[0], NULL};
	int status = g_application_run(G_APPLICATION(app), 1, args);
	g_clear_object(&controller);
	g_free(control_path);
	return status;
}
