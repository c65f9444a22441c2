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
#include <glib/gi18n-lib.h>

#include "netpont-lock-controller.h"
#include "netpont-lock-i18n.h"
#include "netpont-screen-app.h"

static char *control_path;
static gboolean windowed;
static NetpontLockController *controller;

static void on_activate(GtkApplication *app)
{
	controller = netpont_lock_controller_new(app, control_path, windowed);
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
	if (!netpont_screen_app_parse("netpont-lock", _("The lock screen of a Netpont public PC."),
	                              entries, &argc, &argv))
		return 2;
	if (control_path == NULL) {
		g_printerr("netpont-lock: --control SOCKET is required "
		           "(the socket netpont-agent was started with).\n");
		return 2;
	}
	int status = netpont_screen_app_run("hu.netpont.Lock", argv[0], on_activate, &controller);
	g_free(control_path);
	return status;
}
