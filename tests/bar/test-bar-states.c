/* netpont-bar's states in both languages, on a real X display with a window
 * manager: the time bar of NETPONT_LOCK_MODE_BAR, docked as netpont-bar
 * docks it (netpont-bar-dock.h), over a maximised window, driven against a
 * real netpontd and netpont-agent (tests/print/site-fixture.h). For each of
 * English and Hungarian: the bar, the 5- and 1-minute warnings and the
 * closing warning (as the agent pushes them), the end-session question, a
 * help call and a mentor on the way. Each state is checked in the widgets
 * and photographed, whole screen, into
 * $NETPONT_BUILD_DIR/screenshots/bar-<state>-<language>.png.
 *
 * What each screenshot must show: the bar across the top, above the
 * maximised window's title bar, with the time left, the clock, "So far:"
 * with an amount, the help button or the help state with "Cancel the
 * call", the other language's name and "End my session"; a warning says
 * that files left on the PC are deleted and names a USB stick and e-mail.
 *
 * Run under xvfb-run; starts openbox itself (skips without it). The
 * x11-shot program (this folder) takes the screenshots: X11_SHOT. */
#include <string.h>
#include <sys/wait.h>

#include <adwaita.h>
#include <gtk/gtk.h>

#include "lock-test-init.h"
#include "netpont-bar-dock.h"
#include "netpont-lock-controller.h"
#include "netpont-lock-i18n.h"
#include "noon.h"
#include "site-fixture.h"

static struct {
	np_test_site site;
	char *shots;
	NetpontLockController *ctl;
	GPid openbox;
	GPid window; /* the resident's maximised window (xmessage) */
	const char *lang;
} fx;

#define CTL(...)                                                                                   \
	np_test_site_ctl_ok(&fx.site, NP_TEST_ADMIN, NP_TEST_ADMIN_PASSWORD, __VA_ARGS__, NULL)

/* ---------------------------------------------------------------- helpers */

/* Runs argv, spinning the main loop meanwhile (the windows keep drawing
 * while x11-shot reads the screen); returns its exit status. */
static int run_spinning(const char *const *argv)
{
	GPid pid;
	g_autoptr(GError) error = NULL;
	if (!g_spawn_async(NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
	                   &error)) {
		g_test_message("cannot run %s: %s", argv[0], error->message);
		return -1;
	}
	int status = -1;
	gboolean done = FALSE;
	gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;
	while (!done && g_get_monotonic_time() < end) {
		np_test_spin(20);
		done = waitpid(pid, &status, WNOHANG) == pid;
	}
	g_spawn_close_pid(pid);
	return done ? status : -1;
}

/* The whole screen, after the windows had time to draw. */
static void shot(const char *state)
{
	np_test_spin(700);
	g_autofree char *name = g_strdup_printf("bar-%s-%s.png", state, fx.lang);
	g_autofree char *path = g_build_filename(fx.shots, name, NULL);
	const char *argv[] = {g_getenv("X11_SHOT"), path, NULL};
	g_assert_cmpint(run_spinning(argv), ==, 0);
	g_test_message("screenshot: %s", path);
}

static gboolean succeeds(const char *command)
{
	int status = -1;
	g_autofree char *out = NULL;
	if (!g_spawn_command_line_sync(command, &out, NULL, &status, NULL))
		return FALSE;
	return g_spawn_check_wait_status(status, NULL);
}

static gboolean wm_running(void)
{
	return succeeds("wmctrl -m");
}

static gboolean window_up(void)
{
	return succeeds("xdotool search --onlyvisible --classname ^npmax$");
}

static NetpontLockBar *bar(void)
{
	return netpont_lock_controller_get_bar(fx.ctl);
}

static gboolean bar_shown(void)
{
	return netpont_lock_controller_is_unlocked(fx.ctl) &&
	       gtk_widget_get_mapped(GTK_WIDGET(bar()));
}

static gboolean locked(void)
{
	return netpont_lock_controller_is_connected(fx.ctl) &&
	       !netpont_lock_controller_is_unlocked(fx.ctl) &&
	       !gtk_widget_get_visible(GTK_WIDGET(bar()));
}

static gboolean help_open(void)
{
	return netpont_lock_bar_get_help_open(bar());
}

static gboolean mentor_coming(void)
{
	return strstr(netpont_lock_bar_get_help(bar()), "Dóra") != NULL;
}

static gboolean dialog_shown(GtkWindow *dialog)
{
	return dialog != NULL && gtk_widget_get_mapped(GTK_WIDGET(dialog));
}

static gboolean warning_shown(void)
{
	return dialog_shown(netpont_lock_controller_get_warning(fx.ctl));
}

static gboolean end_shown(void)
{
	return dialog_shown(netpont_lock_controller_get_end_dialog(fx.ctl));
}

static gboolean is_hu(void)
{
	return strcmp(fx.lang, "hu") == 0;
}

static gboolean first_block_shown(void)
{
	return g_strcmp0(netpont_lock_bar_get_cost(bar()),
	                 is_hu() ? "Eddig: 100\u00a0Ft" : "So far: 100\u00a0Ft") == 0;
}

/* ---------------------------------------------------------------- the states */

/* In the language, while the PC is locked (the bar is hidden): the new
 * bar is docked before anything shows it. */
static void set_language(const char *lang)
{
	fx.lang = lang;
	netpont_lock_controller_set_language(fx.ctl, lang);
	netpont_bar_dock_attach(GTK_WINDOW(bar()), NETPONT_BAR_EDGE_TOP);
}

/* A mentor starts a session of that many minutes; the bar shows it. A
 * session of 5 minutes or less starts with its warnings counted as given,
 * so the agent pushes none of its own while the test shows them. */
static void start_session(const char *minutes)
{
	g_autofree char *started =
	    CTL("session", "start", "PC-01", "--resident", "kovacs", "--minutes", minutes);
	g_assert_nonnull(started);
	g_assert_true(np_test_wait_until(bar_shown, 15000));
	np_test_spin(1500); /* the dock settles; the window manager moves the others */
	/* Time is charged in started blocks: the first block of the site's
	 * internet tariff (100 Ft) is owed from the first second, and the
	 * agent pushes the new cost within a second. */
	g_assert_true(np_test_wait_until(first_block_shown, 5000));
	g_assert_cmpuint(strlen(netpont_lock_bar_get_clock(bar())), ==, 5);
	g_assert_true(gtk_widget_get_visible(GTK_WIDGET(netpont_lock_bar_get_help_button(bar()))));
	g_assert_false(
	    gtk_widget_get_visible(GTK_WIDGET(netpont_lock_bar_get_cancel_help_button(bar()))));
}

static void mentor_ends_session(void)
{
	g_autofree char *ended = CTL("session", "end", "PC-01");
	g_assert_nonnull(ended);
	g_assert_true(np_test_wait_until(locked, 10000));
}

/* A warning as the agent pushes it: its heading, and a body that says
 * plainly what happens to the files and where to keep them. */
static void check_warning(const char *word, const char *state)
{
	netpont_lock_controller_show_warning(fx.ctl, word);
	g_assert_true(np_test_wait_until(warning_shown, 5000));
	AdwMessageDialog *d = ADW_MESSAGE_DIALOG(netpont_lock_controller_get_warning(fx.ctl));
	const char *body = adw_message_dialog_get_body(d);
	g_test_message("%s warning: %s / %s", word, adw_message_dialog_get_heading(d), body);
	g_assert_nonnull(strstr(body, is_hu() ? "törlődnek" : "deleted"));
	g_assert_nonnull(strstr(body, is_hu() ? "pendrive" : "USB stick"));
	g_assert_nonnull(strstr(body, "e\u2011mail"));
	g_assert_null(strstr(body, "save your work"));
	shot(state);
	gtk_window_destroy(netpont_lock_controller_get_warning(fx.ctl));
}

static void check_end_question(void)
{
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(bar()), "lock.end-session", NULL));
	g_assert_true(np_test_wait_until(end_shown, 5000));
	const char *body = adw_message_dialog_get_body(
	    ADW_MESSAGE_DIALOG(netpont_lock_controller_get_end_dialog(fx.ctl)));
	g_assert_nonnull(strstr(body, is_hu() ? "törlődnek" : "deleted"));
	shot("end-question");
	netpont_lock_controller_answer_end(fx.ctl, FALSE);
	np_test_spin(500);
	g_assert_true(netpont_lock_controller_is_unlocked(fx.ctl));
}

/* "Call a mentor" from the bar, Dóra answers, the resident cancels. */
static void check_help(void)
{
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(bar()), "lock.call-mentor", NULL));
	g_assert_true(np_test_wait_until(help_open, 10000));
	shot("called");
	g_autofree char *status = np_test_site_agent_status(&fx.site, NULL);
	g_assert_nonnull(status);
	const char *at = strstr(status, "\"help_id\"");
	g_assert_nonnull(at);
	g_autofree char *id =
	    g_strdup_printf("%" G_GINT64_FORMAT, g_ascii_strtoll(strchr(at, ':') + 1, NULL, 10));
	g_autofree char *acked =
	    np_test_site_ctl_ok(&fx.site, "Dóra", "dora-pass", "help", "ack", id, NULL);
	g_assert_nonnull(acked);
	g_assert_true(np_test_wait_until(mentor_coming, 10000));
	g_assert_true(help_open());
	shot("coming");
	g_autofree char *resolved =
	    np_test_site_ctl_ok(&fx.site, "Dóra", "dora-pass", "help", "resolve", id, NULL);
	g_assert_nonnull(resolved);
}

static void end_session(void)
{
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(bar()), "lock.end-session", NULL));
	g_assert_true(np_test_wait_until(end_shown, 5000));
	netpont_lock_controller_answer_end(fx.ctl, TRUE);
	g_assert_true(np_test_wait_until(locked, 10000));
}

/* Each warning is photographed in a session whose time left fits it: the
 * room closes within 5 minutes only of a session that ends by then. */
static void test_states(gconstpointer data)
{
	set_language(data);
	start_session("90");
	shot("session");
	check_end_question();
	check_help();
	end_session();

	start_session("4.9");
	check_warning("5min", "5min");
	check_warning("close5", "close5");
	mentor_ends_session();

	start_session("1");
	check_warning("1min", "1min");
	mentor_ends_session();
}

/* ---------------------------------------------------------------- the fixture */

static GPid spawn(const char *const *argv)
{
	GPid pid = 0;
	g_autoptr(GError) error = NULL;
	g_assert_true(g_spawn_async(NULL, (char **)argv, NULL,
	                            G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
	                                G_SPAWN_STDERR_TO_DEV_NULL,
	                            NULL, NULL, &pid, &error));
	return pid;
}

int main(int argc, char **argv)
{
	np_lock_test_init(&argc, &argv);

	if (g_getenv("NETPONTD") == NULL || g_getenv("X11_SHOT") == NULL ||
	    !g_file_test(g_getenv("NETPONTD"), G_FILE_TEST_IS_EXECUTABLE) ||
	    g_find_program_in_path("openbox") == NULL) {
		g_print("SKIP: needs netpontd, X11_SHOT and openbox\n");
		return 77;
	}
	const char *wm[] = {"openbox", "--sm-disable", NULL};
	fx.openbox = spawn(wm);
	g_assert_true(np_test_wait_until(wm_running, 10000));
	const char *resident_window[] = {
	    "xmessage",  "-name",           "npmax",
	    "-geometry", "600x300+200+300", "A resident's window, maximised.",
	    NULL};
	fx.window = spawn(resident_window);
	g_assert_true(np_test_wait_until(window_up, 10000));
	g_assert_true(
	    succeeds("sh -c 'wmctrl -i -r $(xdotool search --classname ^npmax$ | head -n 1) "
	             "-b add,maximized_vert,maximized_horz'"));

	np_test_site_init(&fx.site, "netpont-bar");
	const char *build = g_getenv("NETPONT_BUILD_DIR");
	fx.shots = g_build_filename(build ? build : fx.site.dir, "screenshots", NULL);
	g_mkdir_with_parents(fx.shots, 0755);
	g_assert_true(np_test_site_start_server(&fx.site, NULL));
	g_autofree char *res =
	    CTL("resident", "add", "kovacs", "--name", "Kovács Mária", "--pin", "1234");
	g_assert_nonnull(res);
	g_setenv("NETPONT_NEW_PASSWORD", "dora-pass", TRUE);
	g_autofree char *staff = CTL("staff", "add", "Dóra", "--role", "mentor");
	g_assert_nonnull(staff);
	np_test_site_start_agent(&fx.site);
	g_assert_true(np_test_site_wait_connected(&fx.site, 20000));
	fx.ctl = netpont_lock_controller_new_mode(NULL, fx.site.sock, TRUE, NETPONT_LOCK_MODE_BAR);
	g_assert_true(np_test_wait_until(locked, 15000));

	g_test_add_data_func("/bar/states/en", "en", test_states);
	g_test_add_data_func("/bar/states/hu", "hu", test_states);
	int rc = g_test_run();

	g_assert_finalize_object(fx.ctl);
	np_test_spin(200);
	np_test_site_finish(&fx.site, rc == 0);
	np_test_stop_pid(&fx.window);
	np_test_stop_pid(&fx.openbox);
	g_free(fx.shots);
	return rc;
}
