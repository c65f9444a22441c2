/* netpont-greeter: the LightDM greeter of a Netpont public PC.
 *   netpont-greeter [--control SOCKET] [--session NAME]
 *
 * While the PC is locked there is no desktop session at all: LightDM shows
 * this greeter, which is the locked screen of netpont-lock
 * (NetpontLockController in greeter mode) talking to netpont-agent over its
 * control socket. When the agent has a lease for a resident (login and PIN,
 * or a session a mentor started), the greeter has LightDM log in the shared
 * public account and start its desktop session (netpont-greeter-session.h).
 * When a granted session cannot start, the greeter has the agent end the
 * lease at once and says so on the screen; so it does when it finds a lease
 * running as it starts (LightDM starts it when a session has ended).
 *
 * LightDM starts it from /usr/share/xgreeters/netpont-greeter.desktop, as
 * the lightdm user; its stderr goes to LightDM's greeter log. */
#include <glib/gi18n-lib.h>

#include "netpont-greeter-session.h"
#include "netpont-lock-controller.h"
#include "netpont-lock-i18n.h"
#include "netpont-screen-app.h"

#define DEFAULT_CONTROL "/run/netpont/agent.sock"

static char *control_path;
static char *session_name;
static NetpontLockController *controller;
static NetpontGreeterSession *session;

/* The set-up problems the administrator must fix: the login form gives way
 * to one of these sentences. */
static const char *const no_lightdm =
    N_("This PC cannot start sessions: the login screen could not reach LightDM. "
       "Please tell the administrator.");
static const char *const no_autologin =
    N_("This PC cannot start sessions: LightDM has no autologin-user. "
       "Please tell the administrator.");

static void on_session_failed(NetpontGreeterSession *s, const char *reason, gpointer data)
{
	if (controller == NULL)
		return; /* stopping */
	g_printerr("netpont-greeter: %s; asking the agent to end the session\n", reason);
	netpont_lock_controller_end_unstarted_session(
	    controller,
	    _("Your session could not be started, so it was ended and the time stopped. "
	      "Please ask a mentor."));
}

static void on_session_granted(NetpontLockController *c, gpointer data)
{
	if (!netpont_lock_controller_greeter_saw_lock(c)) {
		/* LightDM starts the greeter when a session has ended: the
		 * resident logged out of the desktop, or it crashed. Starting
		 * it again could loop for ever on a broken desktop; ending the
		 * lease stops the clock, and a login starts afresh. */
		g_printerr("netpont-greeter: the public session ended while its lease ran; "
		           "asking the agent to end the lease\n");
		netpont_lock_controller_end_unstarted_session(c, _("Your session has ended."));
		return;
	}
	if (netpont_greeter_session_get_user(session) == NULL) {
		/* A mentor may start a session while logins are hidden; it
		 * cannot run either. */
		g_printerr("netpont-greeter: the agent granted a session, but LightDM has no "
		           "autologin-user; asking the agent to end it\n");
		netpont_lock_controller_end_unstarted_session(c, _(no_autologin));
		return;
	}
	netpont_greeter_session_start(session);
}

static void on_activate(GtkApplication *app)
{
	/* The greeter lives until LightDM stops it (SIGTERM). */
	controller =
	    netpont_lock_controller_new_mode(app, control_path, FALSE, NETPONT_LOCK_MODE_GREETER);
	session = netpont_greeter_session_new(session_name);
	g_signal_connect(session, "failed", G_CALLBACK(on_session_failed), NULL);

	g_autoptr(GError) error = NULL;
	if (!netpont_greeter_session_connect(session, &error)) {
		g_printerr("netpont-greeter: cannot connect to the LightDM daemon: %s\n",
		           error->message);
		netpont_lock_controller_set_greeter_problem(controller, no_lightdm);
	} else if (netpont_greeter_session_get_user(session) == NULL) {
		g_printerr("netpont-greeter: LightDM has no autologin-user, so no session can "
		           "start; set autologin-user (the public account) and a non-zero "
		           "autologin-user-timeout in lightdm.conf.d (see 50-netpont.conf)\n");
		netpont_lock_controller_set_greeter_problem(controller, no_autologin);
	} else {
		const char *name = netpont_greeter_session_get_session_name(session);
		g_printerr("netpont-greeter: sessions of %s (%s) start when the agent at %s "
		           "grants them\n",
		           netpont_greeter_session_get_user(session),
		           name ? name : "default session", control_path);
	}
	/* The agent's first status comes later, from the main loop. */
	g_signal_connect(controller, "session-granted", G_CALLBACK(on_session_granted), NULL);
}

int main(int argc, char **argv)
{
	netpont_lock_i18n_init(NULL);

	GOptionEntry entries[] = {
	    {"control", 'c', 0, G_OPTION_ARG_FILENAME, &control_path,
	     N_("the agent's control socket (default /run/netpont/agent.sock)"), "SOCKET"},
	    {"session", 's', 0, G_OPTION_ARG_STRING, &session_name,
	     N_("the desktop session to start (default: LightDM's autologin-session)"), "NAME"},
	    {NULL, 0, 0, 0, NULL, NULL, NULL},
	};
	if (!netpont_screen_app_parse("netpont-greeter",
	                              _("The LightDM greeter of a Netpont public PC."), entries,
	                              &argc, &argv))
		return 2;
	if (control_path == NULL)
		control_path = g_strdup(DEFAULT_CONTROL);
	int status =
	    netpont_screen_app_run("hu.netpont.Greeter", argv[0], on_activate, &controller);
	g_clear_object(&session);
	g_free(control_path);
	g_free(session_name);
	return status;
}
