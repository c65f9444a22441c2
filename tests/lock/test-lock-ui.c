/* netpont-lock's real windows against a real netpont-agent and netpontd.
 *
 * Starts, with the site fixture of tests/print (site-fixture.h), netpontd
 * (temporary database, NETPONT_PWHASH=min, opening hours 00:00-24:00),
 * enrols seat PC-01, adds a resident and a mentor, starts a private cupsd
 * where it can and netpont-agent --ui headless with a private control
 * socket, and then drives the lock screen in this process the way a
 * resident would: typing in the entries, pressing the buttons, answering
 * dialogs. After each step it checks what the windows show and what the
 * agent says (netpontctl --agent status), and writes screenshots into
 * $NETPONT_BUILD_DIR/screenshots/.
 *
 * The locked screen's states are driven for real: closed (the server's
 * opening hours), out of order (a mentor locks the PC), unreachable (the
 * server stopped), goodbye after a session, high contrast, larger text,
 * Hungarian and English; its screenshots are greeter-*.png.
 *
 * With NETPONT_ATSPI_CHECK set to tests/a11y/atspi-names.py (the lock-a11y
 * test, which runs this program on an AT-SPI bus), every screenshot of the
 * locked screen is followed by that check of its accessible names.
 *
 * Without netpontd (not built yet) the agent runs against a closed port and
 * only the offline cases run; the others are skipped. Run under xvfb-run. */
#include <string.h>

#include <adwaita.h>
#include <cups/cups.h>
#include <gdk/x11/gdkx.h>
#include <gtk/gtk.h>

#include "lock-test-init.h"
#include "cupsd-helper.h"
#include "netpont-lock-controller.h"
#include "noon.h"
#include "netpont-lock-i18n.h"
#include "netpont-lock-text.h"
#include "site-fixture.h"

/* The site (site-fixture.h) and what only the lock screen's tests keep. */
static struct {
	np_test_site site;
	char *shots; /* where the screenshots go */
	gboolean have_server;
	char *cups_why; /* why the print steps are skipped, without a private cupsd */
	NetpontLockController *ctl;
} fx;

/* netpontctl as the administrator, with the arguments given; returns its
 * stdout (caller frees), or NULL when it failed. */
#define CTL(...)                                                                                   \
	np_test_site_ctl_ok(&fx.site, NP_TEST_ADMIN, NP_TEST_ADMIN_PASSWORD, __VA_ARGS__, NULL)

/* ---------------------------------------------------------------- helpers */

static void save_png(GtkWidget *widget, const char *name)
{
	np_lock_test_save_png(widget, fx.shots, name);
}

static gboolean window_shown(GtkWidget *w)
{
	return w != NULL && gtk_widget_get_mapped(w) && gtk_widget_get_width(w) > 0;
}

static NetpontLockWindow *lockw(void)
{
	return netpont_lock_controller_get_lock_window(fx.ctl);
}

static gboolean lock_shown(void)
{
	return netpont_lock_controller_is_connected(fx.ctl) && window_shown(GTK_WIDGET(lockw()));
}

static gboolean bar_shown(void)
{
	return netpont_lock_controller_is_unlocked(fx.ctl) &&
	       window_shown(GTK_WIDGET(netpont_lock_controller_get_bar(fx.ctl)));
}

static gboolean locked_again(void)
{
	return !netpont_lock_controller_is_unlocked(fx.ctl) && lock_shown();
}

static gboolean error_shown(void)
{
	return netpont_lock_window_get_error(lockw())[0] != '\0';
}

static void type_and_log_in(const char *login, const char *pin)
{
	gtk_editable_set_text(netpont_lock_window_get_login_entry(lockw()), login);
	gtk_editable_set_text(netpont_lock_window_get_pin_entry(lockw()), pin);
	netpont_lock_window_set_error(lockw(), NULL);
	/* Enter in the PIN entry (its inner GtkText handles Enter) activates the
	 * window's default widget, the Log in button. */
	GtkEditable *text = gtk_editable_get_delegate(netpont_lock_window_get_pin_entry(lockw()));
	g_signal_emit_by_name(text, "activate");
}

static void wait_for_render(void)
{
	np_test_spin(400);
}

static void on_check_done(GObject *source, GAsyncResult *result, gpointer data)
{
	char **out = data;
	g_autoptr(GError) error = NULL;
	if (!g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), result, out, NULL, &error))
		*out = g_strdup_printf("cannot read the check's output: %s", error->message);
}

/* Runs tests/a11y/atspi-names.py on this program when NETPONT_ATSPI_CHECK
 * names it, and fails the test on any control without one clean name. The
 * script asks this process over D-Bus, so the main loop keeps running
 * while it works. */
static void check_names(const char *state)
{
	const char *script = g_getenv("NETPONT_ATSPI_CHECK");
	if (script == NULL || script[0] == '\0')
		return;
	const char *python = g_getenv("NETPONT_ATSPI_PYTHON");
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) check = g_subprocess_new(
	    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
	    python ? python : "/usr/bin/python3", script, "--timeout", "20", g_get_prgname(), NULL);
	g_assert_no_error(error);
	g_autofree char *out = NULL;
	g_subprocess_communicate_utf8_async(check, NULL, NULL, on_check_done, &out);
	gint64 end = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
	while (out == NULL && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, TRUE);
	g_assert_nonnull(out);
	g_test_message("accessible names (%s): %s", state, out);
	g_assert_true(g_subprocess_get_if_exited(check));
	g_assert_cmpint(g_subprocess_get_exit_status(check), ==, 0);
}

/* A screenshot of the locked screen in a state, then the check of its
 * accessible names in that state. */
static void shoot_lock(const char *name)
{
	wait_for_render();
	save_png(GTK_WIDGET(lockw()), name);
	check_names(name);
}

/* TRUE when the keyboard focus is in widget (or a widget inside it). */
static gboolean focus_in(GtkWidget *widget)
{
	GtkWidget *focus = gtk_root_get_focus(GTK_ROOT(lockw()));
	return focus != NULL && (focus == widget || gtk_widget_is_ancestor(focus, widget));
}

static gboolean focus_in_login(void)
{
	return focus_in(GTK_WIDGET(netpont_lock_window_get_login_entry(lockw())));
}

/* The refusal has the focus (so a screen reader reads it). */
static gboolean focus_on_error(void)
{
	GtkWidget *focus = gtk_root_get_focus(GTK_ROOT(lockw()));
	return GTK_IS_LABEL(focus) && g_strcmp0(gtk_label_get_text(GTK_LABEL(focus)),
	                                        netpont_lock_window_get_error(lockw())) == 0;
}

/* Where the login name field is in the window. */
static graphene_point_t login_entry_at(void)
{
	graphene_point_t p;
	g_assert_true(
	    gtk_widget_compute_point(GTK_WIDGET(netpont_lock_window_get_login_entry(lockw())),
	                             GTK_WIDGET(lockw()), &GRAPHENE_POINT_INIT(0, 0), &p));
	return p;
}

static gboolean can_log_in(void)
{
	return lock_shown() && netpont_lock_window_get_can_log_in(lockw());
}

static gboolean form_shown(void)
{
	return lock_shown() && netpont_lock_window_get_form_shown(lockw());
}

/* The agent fills the status fields of issue 9 (opening hours, closed,
 * last_session, resetting) once its side is built: the opening hours are
 * there from the first Welcome on. Until then the closed and goodbye pages
 * cannot come from the real agent and those steps check what they can. */
static gboolean agent_has_pages(void)
{
	const Netpont__ControlStatusReply *st = netpont_lock_controller_get_status(fx.ctl);
	return st != NULL && st->open_time != NULL && st->open_time[0] != '\0';
}

static const char *notice_title(void)
{
	return netpont_lock_window_get_notice_title(lockw());
}

/* Mrs Kovács, a resident, and Dóra, a mentor. */
static void add_people(void)
{
	g_autofree char *res =
	    CTL("resident", "add", "kovacs", "--name", "Kovács Mária", "--pin", "1234");
	g_assert_nonnull(res);
	g_setenv("NETPONT_NEW_PASSWORD", "dora-pass", TRUE);
	g_autofree char *staff = CTL("staff", "add", "Dóra", "--role", "mentor");
	g_assert_nonnull(staff);
}

/* ---------------------------------------------------------------- the tests */

/* Skips the step and returns FALSE without the real server. */
static gboolean require_server(void)
{
	if (!fx.have_server)
		g_test_skip("netpontd is not built: this step needs the real server");
	return fx.have_server;
}

static gboolean hours_shown(void)
{
	return g_strcmp0(netpont_lock_window_get_hours(lockw()), "Open today: 0:00\u201324:00.") ==
	       0;
}

static void test_locked_screen(void)
{
	g_assert_true(np_test_wait_until(lock_shown, 10000));
	if (fx.have_server) {
		/* The site name comes from the server through the agent. */
		g_assert_true(np_test_wait_until(lock_shown, 10000));
		np_test_spin(1500);
	}
	g_assert_false(netpont_lock_controller_is_unlocked(fx.ctl));
	g_assert_true(netpont_lock_window_get_form_shown(lockw()));
	g_assert_cmpstr(notice_title(), ==, "");
	if (fx.have_server) {
		g_assert_true(np_test_wait_until(can_log_in, 10000));
		g_assert_cmpstr(netpont_lock_window_get_site_name(lockw()), ==,
		                "Közösségi Ház Internetpont");
		g_assert_cmpstr(gtk_button_get_label(netpont_lock_window_get_login_button(lockw())),
		                ==, "Log _in");
		/* Today's hours from the server, under the form. */
		g_assert_true(np_test_wait_until(hours_shown, 10000));
	}
	/* The resident can start typing the login name at once. */
	g_assert_true(focus_in_login());
	/* As after a key press: the focus ring shows. */
	gtk_window_set_focus_visible(GTK_WINDOW(lockw()), TRUE);
	shoot_lock("greeter-login-en.png");
	/* The ring on a button, as after Tab. */
	gtk_widget_grab_focus(GTK_WIDGET(netpont_lock_window_get_help_button(lockw())));
	wait_for_render();
	save_png(GTK_WIDGET(lockw()), "greeter-focus-ring-en.png");
	netpont_lock_window_focus_login(lockw());
}

static void test_empty_fields(void)
{
	/* Without the server the button waits and nothing is checked. */
	if (!require_server())
		return;
	wait_for_render();
	graphene_point_t before = login_entry_at();
	type_and_log_in("", "");
	g_assert_cmpstr(netpont_lock_window_get_error(lockw()), ==, "Please type your login name.");
	/* The refusal takes the focus, so a screen reader reads it out. */
	g_assert_true(focus_on_error());
	type_and_log_in("kovacs", "");
	g_assert_cmpstr(netpont_lock_window_get_error(lockw()), ==, "Please type your PIN.");
	g_assert_true(focus_on_error());
	/* The space for the message is kept free: the form does not move. */
	wait_for_render();
	graphene_point_t after = login_entry_at();
	g_assert_cmpfloat(after.x, ==, before.x);
	g_assert_cmpfloat(after.y, ==, before.y);
}

static void test_offline_login(void)
{
	if (fx.have_server) {
		g_test_skip("the server is running; the offline case runs without netpontd");
		return;
	}
	/* Logins wait for the server: the button says so and does nothing. */
	g_assert_false(netpont_lock_window_get_can_log_in(lockw()));
	g_assert_cmpstr(gtk_button_get_label(netpont_lock_window_get_login_button(lockw())), ==,
	                "Waiting for the server…");
	g_assert_nonnull(strstr(netpont_lock_window_get_info(lockw()), "Logins wait"));
	type_and_log_in("kovacs", "1234");
	np_test_spin(500);
	g_assert_cmpstr(netpont_lock_window_get_error(lockw()), ==, "");
	shoot_lock("greeter-offline-en.png");
}

static void test_wrong_pin(void)
{
	if (!require_server())
		return;
	type_and_log_in("kovacs", "9999");
	g_assert_true(np_test_wait_until(error_shown, 10000));
	g_assert_cmpstr(netpont_lock_window_get_error(lockw()), ==,
	                "Wrong PIN — 2 tries left. A mentor can reset it.");
	/* The PIN is emptied for the next try; the login name stays. */
	g_assert_cmpstr(gtk_editable_get_text(netpont_lock_window_get_pin_entry(lockw())), ==, "");
	g_assert_cmpstr(gtk_editable_get_text(netpont_lock_window_get_login_entry(lockw())), ==,
	                "kovacs");
	g_assert_true(focus_on_error());
	shoot_lock("greeter-wrong-pin-en.png");
}

static gboolean pin_typed_again(void)
{
	return g_strcmp0(gtk_editable_get_text(netpont_lock_window_get_pin_entry(lockw())), "12") ==
	       0;
}

/* Runs after test_wrong_pin, the refusal having the focus: the digits the
 * resident types next, as real key presses (xdotool on the X server), land
 * in the PIN field, which then has the focus. */
static void test_typing_after_refusal(void)
{
	if (!require_server())
		return;
	g_autofree char *xdotool = g_find_program_in_path("xdotool");
	if (xdotool == NULL) {
		g_test_skip("xdotool is not installed");
		return;
	}
	g_assert_true(focus_on_error());
	/* Without a window manager the X focus follows the pointer: put it
	 * on the window first. */
	GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(lockw()));
	g_autofree char *xid = g_strdup_printf(
	    "%lu", (unsigned long)gdk_x11_surface_get_xid(GDK_X11_SURFACE(surface)));
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) typing =
	    g_subprocess_new(G_SUBPROCESS_FLAGS_NONE, &error, xdotool, "mousemove", "--window", xid,
	                     "200", "200", "sleep", "0.3", "type", "--delay", "80", "12", NULL);
	g_assert_no_error(error);
	g_assert_true(np_test_wait_until(pin_typed_again, 10000));
	g_assert_true(focus_in(GTK_WIDGET(netpont_lock_window_get_pin_entry(lockw()))));
	netpont_lock_window_clear(lockw(), FALSE);
	netpont_lock_window_set_error(lockw(), NULL);
}

static void test_hungarian(void)
{
	netpont_lock_controller_set_language(fx.ctl, "hu");
	g_assert_cmpstr(netpont_lock_controller_get_language(fx.ctl), ==, "hu");
	g_assert_true(np_test_wait_until(lock_shown, 5000));
	g_assert_cmpstr(gtk_button_get_label(netpont_lock_window_get_login_button(lockw())), ==,
	                "_Belépés");
	if (fx.have_server) {
		type_and_log_in("", "");
		g_assert_cmpstr(netpont_lock_window_get_error(lockw()), ==,
		                "Kérjük, írja be a felhasználónevét.");
	}
	netpont_lock_window_set_error(lockw(), NULL);
	netpont_lock_window_focus_login(lockw());
	shoot_lock("greeter-login-hu.png");
}

/* Runs after test_hungarian: the screenshot shows the Hungarian screen. */
static void test_high_contrast(void)
{
	netpont_lock_controller_set_high_contrast(fx.ctl, TRUE);
	g_assert_true(gtk_switch_get_active(netpont_lock_window_get_contrast_switch(lockw())));
	shoot_lock("greeter-high-contrast-hu.png");
	gtk_window_set_focus_visible(GTK_WINDOW(lockw()), TRUE);
	gtk_widget_grab_focus(GTK_WIDGET(netpont_lock_window_get_login_button(lockw())));
	wait_for_render();
	save_png(GTK_WIDGET(lockw()), "greeter-focus-ring-high-contrast-hu.png");
	netpont_lock_window_focus_login(lockw());
	netpont_lock_controller_set_high_contrast(fx.ctl, FALSE);
	/* The switch on the screen does the same. */
	gtk_switch_set_active(netpont_lock_window_get_contrast_switch(lockw()), TRUE);
	g_assert_true(gtk_widget_has_css_class(GTK_WIDGET(lockw()), "high-contrast"));
	gtk_switch_set_active(netpont_lock_window_get_contrast_switch(lockw()), FALSE);
	g_assert_false(gtk_widget_has_css_class(GTK_WIDGET(lockw()), "high-contrast"));
}

/* Runs after test_hungarian: the resident's "Larger text" switch. */
static void test_larger_text(void)
{
	gtk_switch_set_active(netpont_lock_window_get_larger_text_switch(lockw()), TRUE);
	g_assert_true(gtk_widget_has_css_class(GTK_WIDGET(lockw()), "larger-text"));
	shoot_lock("greeter-larger-text-hu.png");
}

/* Runs after test_larger_text: the language button switches back, and the
 * larger text stays. */
static void test_language_button(void)
{
	g_assert_true(
	    gtk_widget_activate_action(GTK_WIDGET(lockw()), "lock.switch-language", NULL));
	g_assert_cmpstr(netpont_lock_controller_get_language(fx.ctl), ==, "en");
	g_assert_true(np_test_wait_until(lock_shown, 5000));
	g_assert_cmpstr(gtk_button_get_label(netpont_lock_window_get_login_button(lockw())), ==,
	                fx.have_server ? "Log _in" : "Waiting for the server…");
	g_assert_true(gtk_widget_has_css_class(GTK_WIDGET(lockw()), "larger-text"));
	g_assert_true(gtk_switch_get_active(netpont_lock_window_get_larger_text_switch(lockw())));
	shoot_lock("greeter-larger-text-en.png");
	netpont_lock_controller_set_larger_text(fx.ctl, FALSE);
	g_assert_false(gtk_widget_has_css_class(GTK_WIDGET(lockw()), "larger-text"));
}

static gboolean out_of_order_shown(void)
{
	return lock_shown() && g_strcmp0(notice_title(), "This PC is out of order") == 0;
}

/* Dóra locks the PC as out of order from her console, then puts it back. */
static void test_out_of_order(void)
{
	if (!require_server())
		return;
	g_autofree char *locked =
	    np_test_site_ctl_ok(&fx.site, "Dóra", "dora-pass", "seat", "lock", "PC-01", NULL);
	g_assert_nonnull(locked);
	g_assert_true(np_test_wait_until(out_of_order_shown, 10000));
	g_assert_false(netpont_lock_window_get_form_shown(lockw()));
	g_assert_cmpstr(netpont_lock_window_get_notice_body(lockw()), ==,
	                "Please use another one.");
	shoot_lock("greeter-out-of-order-en.png");
	g_autofree char *unlocked =
	    np_test_site_ctl_ok(&fx.site, "Dóra", "dora-pass", "seat", "unlock", "PC-01", NULL);
	g_assert_nonnull(unlocked);
	g_assert_true(np_test_wait_until(can_log_in, 10000));
	g_assert_true(focus_in_login());
}

static gboolean unreachable_shown(void)
{
	return lock_shown() && !netpont_lock_window_get_can_log_in(lockw()) &&
	       strstr(netpont_lock_window_get_info(lockw()), "cannot reach the server") != NULL;
}

/* The server stops: the screen says logins wait for it, and the button
 * waits; when the server is back, logins work again. */
static void test_unreachable(void)
{
	if (!require_server())
		return;
	wait_for_render();
	graphene_point_t before = login_entry_at();
	np_test_stop_pid(&fx.site.server_pid);
	g_assert_true(np_test_wait_until(unreachable_shown, 20000));
	/* The longer button label and the message do not move the form. */
	wait_for_render();
	graphene_point_t after = login_entry_at();
	g_assert_cmpfloat(after.x, ==, before.x);
	g_assert_cmpfloat(after.y, ==, before.y);
	g_assert_true(netpont_lock_window_get_form_shown(lockw()));
	g_assert_cmpstr(gtk_button_get_label(netpont_lock_window_get_login_button(lockw())), ==,
	                "Waiting for the server…");
	shoot_lock("greeter-unreachable-en.png");
	np_test_site_run_server(&fx.site);
	g_assert_true(np_test_wait_until(can_log_in, 60000));
}

static void test_login(void)
{
	if (!require_server())
		return;
	type_and_log_in("kovacs", "1234");
	g_assert_true(np_test_wait_until(bar_shown, 15000));
	g_assert_false(gtk_widget_get_visible(GTK_WIDGET(lockw())));
	NetpontLockBar *bar = netpont_lock_controller_get_bar(fx.ctl);
	g_assert_nonnull(strstr(netpont_lock_bar_get_time_left(bar), "minutes left"));
	g_autofree char *st = np_test_site_agent_status(&fx.site, NULL);
	g_assert_nonnull(st);
	g_assert_nonnull(strstr(st, "\"unlocked\""));
	g_assert_nonnull(strstr(st, "kovacs"));
	wait_for_render();
	save_png(GTK_WIDGET(bar), "lock-bar.png");
}

static const char *bar_help(void)
{
	return netpont_lock_bar_get_help(netpont_lock_controller_get_bar(fx.ctl));
}

static gboolean help_called(void)
{
	return strstr(bar_help(), "mentor") != NULL;
}

static gboolean dora_coming(void)
{
	return strcmp(bar_help(), "Dóra is coming.") == 0;
}

static gboolean message_shown(void)
{
	GtkWindow *d = netpont_lock_controller_get_message_dialog(fx.ctl);
	return d != NULL && window_shown(GTK_WIDGET(d)) &&
	       strstr(adw_message_dialog_get_body(ADW_MESSAGE_DIALOG(d)), "Your CV is printed") !=
	           NULL;
}

/* Dóra acknowledges the help call with id from her console. */
static void ack_help_as_dora(const char *id)
{
	g_autofree char *out =
	    np_test_site_ctl_ok(&fx.site, "Dóra", "dora-pass", "help", "ack", id, NULL);
	g_assert_nonnull(out);
}

static void test_call_mentor(void)
{
	if (!require_server())
		return;
	NetpontLockBar *bar = netpont_lock_controller_get_bar(fx.ctl);
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(bar), "lock.call-mentor", NULL));
	g_assert_true(np_test_wait_until(help_called, 10000));
	g_autofree char *list = CTL("--json", "help", "list");
	g_assert_nonnull(list);
	const char *id_at = strstr(list, "\"id\"");
	g_assert_nonnull(id_at);
	g_autofree char *id =
	    g_strdup_printf("%" G_GINT64_FORMAT, g_ascii_strtoll(strchr(id_at, ':') + 1, NULL, 10));
	ack_help_as_dora(id);
	g_assert_true(np_test_wait_until(dora_coming, 10000));
	wait_for_render();
	save_png(GTK_WIDGET(bar), "lock-bar-help.png");
}

static void test_mentor_message(void)
{
	if (!require_server())
		return;
	g_autofree char *msg =
	    CTL("seat", "message", "PC-01", "Your CV is printed, it is at the desk.");
	g_assert_nonnull(msg);
	g_assert_true(np_test_wait_until(message_shown, 10000));
	wait_for_render();
	save_png(GTK_WIDGET(netpont_lock_controller_get_message_dialog(fx.ctl)),
	         "lock-mentor-message.png");
	gtk_window_destroy(netpont_lock_controller_get_message_dialog(fx.ctl));
	g_assert_null(netpont_lock_controller_get_message_dialog(fx.ctl));
}

/* ---------------------------------------------------------------- printing */

static gboolean require_cups(void)
{
	if (!require_server())
		return FALSE;
	if (!fx.site.have_cups) {
		g_test_skip(fx.cups_why);
		return FALSE;
	}
	return TRUE;
}

/* Waits (asking the server every half second) until kovacs's bill has n
 * lines for service; returns the bill (caller frees) or NULL. */
static char *wait_for_bill(const char *service, int n, guint ms)
{
	g_autofree char *needle = g_strdup_printf("\"%s\"", service);
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
	while (g_get_monotonic_time() < end) {
		np_test_spin(500);
		char *bill = CTL("--json", "bill", "kovacs");
		if (bill != NULL && np_test_count(bill, needle) >= n)
			return bill;
		g_free(bill);
	}
	return NULL;
}

static char *job_title(const char *what)
{
	return g_strdup_printf("%s%s", fx.site.title_prefix, what);
}

static void test_print_charged(void)
{
	if (!require_cups())
		return;
	g_assert_true(netpont_lock_controller_is_unlocked(fx.ctl));
	g_autofree char *file = g_build_filename(fx.site.dir, "three.pdf", NULL);
	g_autofree char *title = job_title("cv");
	/* Mrs Kovács prints her three-page CV twice, in black and white. */
	g_assert_cmpint(np_test_print_file("PDF", file, title, 2, "monochrome", FALSE), >, 0);
	g_autofree char *bill = wait_for_bill("print-bw", 1, 60000);
	g_assert_nonnull(bill);
	g_test_message("bill: %s", bill);
	/* 3 pages x 2 copies x 20 Ft */
	g_assert_nonnull(strstr(bill, "120"));
	g_assert_cmpint(np_test_count(bill, "\"print-bw\""), ==, 1);
}

static gboolean print_dialog_open(void)
{
	GtkWindow *d = netpont_lock_controller_get_print_dialog(fx.ctl);
	return d != NULL && window_shown(GTK_WIDGET(d));
}

static gboolean print_dialog_closed(void)
{
	return netpont_lock_controller_get_print_dialog(fx.ctl) == NULL;
}

static void test_print_confirm(void)
{
	if (!require_cups())
		return;
	g_autofree char *file = g_build_filename(fx.site.dir, "two.pdf", NULL);
	g_autofree char *title = job_title("photos");
	g_assert_cmpint(np_test_print_file("HOLD", file, title, 1, "color", FALSE), >, 0);
	g_assert_true(np_test_wait_until(print_dialog_open, 30000));
	const char *body = adw_message_dialog_get_body(
	    ADW_MESSAGE_DIALOG(netpont_lock_controller_get_print_dialog(fx.ctl)));
	g_test_message("print dialog: %s", body);
	g_assert_nonnull(strstr(body, "2 pages × 100\u00a0Ft = 200\u00a0Ft"));
	wait_for_render();
	save_png(GTK_WIDGET(netpont_lock_controller_get_print_dialog(fx.ctl)),
	         "lock-print-confirm.png");
	/* Nothing is charged while the job waits. */
	g_autofree char *before = CTL("--json", "bill", "kovacs");
	g_assert_cmpint(np_test_count(before, "\"print-color\""), ==, 0);
	netpont_lock_controller_answer_print(fx.ctl, TRUE);
	g_assert_true(print_dialog_closed());
	g_autofree char *bill = wait_for_bill("print-color", 1, 60000);
	g_assert_nonnull(bill);
	g_test_message("bill: %s", bill);
	g_assert_nonnull(strstr(bill, "200"));
}

static void test_print_cancel(void)
{
	if (!require_cups())
		return;
	g_autofree char *file = g_build_filename(fx.site.dir, "three.pdf", NULL);
	g_autofree char *title = job_title("mistake");
	int id = np_test_print_file("HOLD", file, title, 1, "color", FALSE);
	g_assert_cmpint(id, >, 0);
	g_assert_true(np_test_wait_until(print_dialog_open, 30000));
	const char *body = adw_message_dialog_get_body(
	    ADW_MESSAGE_DIALOG(netpont_lock_controller_get_print_dialog(fx.ctl)));
	g_assert_nonnull(strstr(body, "3 pages × 100\u00a0Ft = 300\u00a0Ft"));
	netpont_lock_controller_answer_print(fx.ctl, FALSE);
	/* Several polls of the watcher: the cancelled job is never charged. */
	np_test_spin(5000);
	g_autofree char *bill = CTL("--json", "bill", "kovacs");
	g_assert_nonnull(bill);
	g_assert_cmpint(np_test_count(bill, "\"print-color\""), ==, 1);
	g_assert_cmpint(np_test_count(bill, "\"print-bw\""), ==, 1);
	g_assert_null(strstr(bill, "300"));
	/* And CUPS cancelled it: it never reaches the printer. */
	g_assert_cmpint(np_test_cups_job_state("HOLD", id), ==, IPP_JSTATE_CANCELED);
}

/* A job that completes while the server is down waits in the agent's
 * outbox and is charged, once, when the server is back. */
static void test_print_while_server_down(void)
{
	if (!require_cups())
		return;
	np_test_stop_pid(&fx.site.server_pid);
	g_autofree char *file = g_build_filename(fx.site.dir, "two.pdf", NULL);
	g_autofree char *title = job_title("offline");
	g_assert_cmpint(np_test_print_file("PDF", file, title, 1, "monochrome", FALSE), >, 0);
	/* The job prints and the watcher sees it while nobody can charge it;
	 * the session goes on, on its lease. */
	np_test_spin(6000);
	g_assert_true(netpont_lock_controller_is_unlocked(fx.ctl));
	np_test_site_run_server(&fx.site);
	g_autofree char *bill = wait_for_bill("print-bw", 2, 60000);
	g_assert_nonnull(bill);
	g_test_message("bill: %s", bill);
	/* 2 pages x 20 Ft, next to the earlier 120 */
	g_assert_nonnull(strstr(bill, "\"amount\" : 40"));
	np_test_spin(3000);
	g_autofree char *again = CTL("--json", "bill", "kovacs");
	g_assert_cmpint(np_test_count(again, "\"print-bw\""), ==, 2);
}

static gboolean warning_open(void)
{
	return netpont_lock_controller_get_warning(fx.ctl) != NULL &&
	       window_shown(GTK_WIDGET(netpont_lock_controller_get_warning(fx.ctl)));
}

static gboolean end_dialog_open(void)
{
	return netpont_lock_controller_get_end_dialog(fx.ctl) != NULL &&
	       window_shown(GTK_WIDGET(netpont_lock_controller_get_end_dialog(fx.ctl)));
}

static void test_end_session(void)
{
	if (!require_server())
		return;
	NetpontLockBar *bar = netpont_lock_controller_get_bar(fx.ctl);
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(bar), "lock.end-session", NULL));
	if (!np_test_wait_until(end_dialog_open, 5000)) {
		GtkWindow *d = netpont_lock_controller_get_end_dialog(fx.ctl);
		g_test_message(
		    "end dialog %p visible %d mapped %d width %d; print dialog %p; bar mapped %d",
		    (void *)d, d ? gtk_widget_get_visible(GTK_WIDGET(d)) : -1,
		    d ? gtk_widget_get_mapped(GTK_WIDGET(d)) : -1,
		    d ? gtk_widget_get_width(GTK_WIDGET(d)) : -1,
		    (void *)netpont_lock_controller_get_print_dialog(fx.ctl),
		    gtk_widget_get_mapped(GTK_WIDGET(bar)));
		g_assert_not_reached();
	}
	/* "Keep working" keeps the session. */
	netpont_lock_controller_answer_end(fx.ctl, FALSE);
	np_test_spin(500);
	g_assert_true(netpont_lock_controller_is_unlocked(fx.ctl));
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(bar), "lock.end-session", NULL));
	g_assert_true(np_test_wait_until(end_dialog_open, 5000));
	wait_for_render();
	save_png(GTK_WIDGET(netpont_lock_controller_get_end_dialog(fx.ctl)),
	         "lock-end-question.png");
	netpont_lock_controller_answer_end(fx.ctl, TRUE);
	g_assert_true(np_test_wait_until(locked_again, 10000));
	g_autofree char *st = np_test_site_agent_status(&fx.site, NULL);
	g_assert_nonnull(st);
	g_assert_nonnull(strstr(st, "\"locked\""));
}

static gboolean goodbye_shown(void)
{
	return lock_shown() && netpont_lock_window_get_notice_body(lockw())[0] != '\0' &&
	       strstr(netpont_lock_window_get_notice_body(lockw()), "used the PC") != NULL;
}

/* After a session the screen says goodbye with the time used and its cost
 * for about 15 seconds, then shows the login form with the focus in the
 * login name. */
static void check_goodbye(const char *title, const char *shot)
{
	if (!agent_has_pages()) {
		g_test_message("the agent sends no last_session yet: no goodbye page to check");
	} else {
		g_assert_true(np_test_wait_until(goodbye_shown, 5000));
		g_assert_cmpstr(notice_title(), ==, title);
		const char *body = netpont_lock_window_get_notice_body(lockw());
		g_assert_true(strstr(body, "It cost ") != NULL ||
		              strstr(body, "It was free.") != NULL);
		g_assert_false(netpont_lock_window_get_form_shown(lockw()));
		shoot_lock(shot);
		g_assert_true(np_test_wait_until(form_shown, 20000));
	}
	g_assert_true(np_test_wait_until(form_shown, 5000));
	g_assert_true(focus_in_login());
	g_assert_cmpstr(gtk_editable_get_text(netpont_lock_window_get_login_entry(lockw())), ==,
	                "");
}

static void test_goodbye(void)
{
	if (!require_server())
		return;
	check_goodbye("Goodbye", "greeter-goodbye-en.png");
}

/* A session that runs out: "Your time is up". */
static void test_time_up(void)
{
	if (!require_server())
		return;
	g_autofree char *started =
	    CTL("session", "start", "PC-01", "--resident", "kovacs", "--minutes", "0.2");
	g_assert_nonnull(started);
	g_assert_true(np_test_wait_until(bar_shown, 10000));
	g_assert_true(np_test_wait_until(locked_again, 40000));
	check_goodbye("Your time is up", "greeter-time-up-en.png");
	/* The agent reports the ended session to the server and pushes the
	 * updates that follow; each closes the dialogs of a locked PC, so the
	 * next step waits until they are through. */
	np_test_spin(3000);
}

static void test_real_warning(void)
{
	if (!require_server())
		return;
	/* A mentor starts a session a little over 5 minutes long: the agent's
	 * own 5-minute warning comes within seconds. */
	g_autofree char *started =
	    CTL("session", "start", "PC-01", "--resident", "kovacs", "--minutes", "5.05");
	g_assert_nonnull(started);
	g_assert_true(np_test_wait_until(bar_shown, 10000));
	g_assert_true(np_test_wait_until(warning_open, 20000));
	wait_for_render();
	save_png(GTK_WIDGET(netpont_lock_controller_get_warning(fx.ctl)), "lock-warning-5min.png");
	save_png(GTK_WIDGET(netpont_lock_controller_get_bar(fx.ctl)), "lock-bar-urgent.png");
	g_autofree char *ended = CTL("session", "end", "PC-01");
	g_assert_nonnull(ended);
	g_assert_true(np_test_wait_until(locked_again, 10000));
	g_assert_null(netpont_lock_controller_get_warning(fx.ctl));
}

static void test_one_minute_warning_looks(void)
{
	/* The 1-minute warning as the agent would push it (the real one needs
	 * four more minutes of waiting). */
	netpont_lock_controller_show_warning(fx.ctl, "1min");
	g_assert_true(np_test_wait_until(warning_open, 5000));
	wait_for_render();
	save_png(GTK_WIDGET(netpont_lock_controller_get_warning(fx.ctl)), "lock-warning-1min.png");
	gtk_window_destroy(netpont_lock_controller_get_warning(fx.ctl));
	g_assert_null(netpont_lock_controller_get_warning(fx.ctl));
}

static gboolean closed_shown(void)
{
	return lock_shown() && g_strcmp0(notice_title(), "The room is closed now") == 0;
}

/* Restarts netpontd, so it and the agent (on its new Welcome) have the
 * opening hours just set, and waits for the agent to be back. */
static void restart_server(void)
{
	np_test_stop_pid(&fx.site.server_pid);
	np_test_site_run_server(&fx.site);
	g_assert_true(np_test_site_wait_connected(&fx.site, 60000));
	np_test_spin(1000);
}

/* The room is closed today (open every other day, 9:00 to 18:00): instead
 * of the form the screen shows the opening hours and when it opens next. */
static void test_closed(void)
{
	if (!require_server())
		return;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	char days[8] = "";
	for (int d = 1, n = 0; d <= 7; d++)
		if (d != g_date_time_get_day_of_week(now))
			days[n++] = (char)('0' + d);
	g_autofree char *set_days = CTL("setting", "set", "open_days", days);
	g_autofree char *set_open = CTL("setting", "set", "open_time", "09:00");
	g_autofree char *set_close = CTL("setting", "set", "close_time", "18:00");
	g_assert_nonnull(set_days);
	g_assert_nonnull(set_open);
	g_assert_nonnull(set_close);
	restart_server();
	if (!agent_has_pages()) {
		/* Until the agent reports the room closed, the server's refusal
		 * says it. */
		g_test_message(
		    "the agent does not report the opening hours yet: checking the refusal");
		g_assert_true(np_test_wait_until(can_log_in, 20000));
		type_and_log_in("kovacs", "1234");
		g_assert_true(np_test_wait_until(error_shown, 10000));
		g_assert_cmpstr(netpont_lock_window_get_error(lockw()), ==,
		                "The room is closed now. Please come back during opening hours.");
		shoot_lock("greeter-closed-refusal-en.png");
	} else {
		g_assert_true(np_test_wait_until(closed_shown, 10000));
		g_assert_false(netpont_lock_window_get_form_shown(lockw()));
		const char *body = netpont_lock_window_get_notice_body(lockw());
		g_assert_nonnull(strstr(body, "Opening hours: "));
		/* Today's closing time, which is all the agent knows, is
		 * none today. */
		g_assert_nonnull(strstr(body, ", from\u00a09:00"));
		g_assert_nonnull(strstr(body, "Opens again tomorrow at 9:00."));
		shoot_lock("greeter-closed-en.png");
		netpont_lock_controller_set_language(fx.ctl, "hu");
		g_assert_true(np_test_wait_until(lock_shown, 5000));
		g_assert_cmpstr(notice_title(), ==, "A terem most zárva van");
		g_assert_nonnull(strstr(netpont_lock_window_get_notice_body(lockw()),
		                        "Újra nyit: holnap 9:00-kor."));
		shoot_lock("greeter-closed-hu.png");
		netpont_lock_controller_set_high_contrast(fx.ctl, TRUE);
		shoot_lock("greeter-closed-high-contrast-hu.png");
		netpont_lock_controller_set_high_contrast(fx.ctl, FALSE);
		netpont_lock_controller_set_language(fx.ctl, "en");
	}
	/* Open again, every hour of every day. */
	g_autofree char *all_days = CTL("setting", "set", "open_days", "1234567");
	g_autofree char *from = CTL("setting", "set", "open_time", "00:00");
	g_autofree char *until = CTL("setting", "set", "close_time", "24:00");
	g_assert_nonnull(all_days);
	g_assert_nonnull(from);
	g_assert_nonnull(until);
	restart_server();
	g_assert_true(np_test_wait_until(can_log_in, 20000));
	g_assert_cmpstr(notice_title(), ==, "");
}

/* Runs sql on the server's database with the sqlite3 program (the bookings
 * are made by requests of other parts; the PC only reads them). */
static void site_sql(const char *sql)
{
	g_autoptr(GError) error = NULL;
	int status = 0;
	const char *argv[] = {"sqlite3", "-cmd", ".timeout 5000", fx.site.db, sql, NULL};
	g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
	                           NULL, &status, &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
}

/* "14:05" of now + offset_s, local, as the lock screen writes it. */
static char *clock_in(gint64 offset_s)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) at = g_date_time_add_seconds(now, (gdouble)offset_s);
	g_autofree char *text = g_date_time_format(at, "%H:%M");
	return g_strdup(text[0] == '0' ? text + 1 : text);
}

static const char *bar_help_wanted;
static gboolean bar_says(void)
{
	return bar_shown() &&
	       g_strcmp0(netpont_lock_bar_get_help(netpont_lock_controller_get_bar(fx.ctl)),
	                 bar_help_wanted) == 0;
}

static const char *booking_wanted;
static gboolean booking_shown(void)
{
	return lock_shown() &&
	       g_strcmp0(netpont_lock_window_get_booking(lockw()), booking_wanted) == 0;
}

/* The PC's booking on its login screen, from the server through the agent
 * (a Welcome, after the server restarts): a resident's booking ahead, then
 * a course's while it runs, in English and Hungarian; the form stays for
 * whoever may still log in. */
static void test_booking(void)
{
	if (!require_server())
		return;
	site_sql("INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, created_at) "
	         "SELECT s.id, unixepoch() + 1800, unixepoch() + 3600, r.id, unixepoch() "
	         "FROM seats s, residents r WHERE s.name = 'PC-01' AND r.login = 'kovacs'");
	restart_server();
	g_autofree char *from = clock_in(1800);
	g_autofree char *en = g_strdup_printf("Reserved for Kovács Mária from %s", from);
	booking_wanted = en;
	g_assert_true(np_test_wait_until(booking_shown, 20000));
	g_assert_true(netpont_lock_window_get_form_shown(lockw()));
	/* Must show: the site, the clock, today's hours, and above the form in
	 * large dark red letters "Reserved for Kovács Mária from <time>". */
	shoot_lock("greeter-booking-en.png");
	netpont_lock_controller_set_language(fx.ctl, "hu");
	g_autofree char *hu = g_strdup_printf("Foglalva %s órától: Kovács Mária", from);
	booking_wanted = hu;
	g_assert_true(np_test_wait_until(booking_shown, 5000));
	shoot_lock("greeter-booking-hu.png");
	netpont_lock_controller_set_language(fx.ctl, "en");

	/* A walk-in before the booking: the bar says why the time is short. */
	g_autofree char *added =
	    CTL("resident", "add", "nagy", "--name", "Nagy Béla", "--pin", "4321");
	g_assert_nonnull(added);
	g_assert_true(np_test_wait_until(can_log_in, 10000));
	type_and_log_in("nagy", "4321");
	g_assert_true(np_test_wait_until(bar_shown, 15000));
	g_autofree char *why =
	    g_strdup_printf("This PC is reserved from %s, so your time ends then.", from);
	bar_help_wanted = why;
	g_assert_true(np_test_wait_until(bar_says, 10000));
	/* Must show: the time left (about 30 minutes) and beside it "This PC is
	 * reserved from <time>, so your time ends then." */
	wait_for_render();
	save_png(GTK_WIDGET(netpont_lock_controller_get_bar(fx.ctl)), "lock-bar-booked.png");
	g_autofree char *ended = CTL("session", "end", "PC-01");
	g_assert_nonnull(ended);
	g_assert_true(np_test_wait_until(locked_again, 10000));
	g_assert_true(np_test_wait_until(form_shown, 25000));

	site_sql("UPDATE bookings SET cancelled_at = unixepoch();"
	         "INSERT INTO courses (name, created_at) "
	         "VALUES ('Digital skills for seniors', unixepoch());"
	         "INSERT INTO course_occasions (course_id, starts_at, ends_at) "
	         "VALUES (last_insert_rowid(), unixepoch() - 60, unixepoch() + 1800);"
	         "INSERT INTO bookings (seat_id, starts_at, ends_at, occasion_id, created_at) "
	         "SELECT s.id, o.starts_at, o.ends_at, o.id, unixepoch() "
	         "FROM seats s, course_occasions o WHERE s.name = 'PC-01'");
	restart_server();
	g_autofree char *until = clock_in(1800);
	g_autofree char *course =
	    g_strdup_printf("Reserved for the course Digital skills for seniors until %s", until);
	booking_wanted = course;
	g_assert_true(np_test_wait_until(booking_shown, 20000));
	/* Must show: "Reserved for the course Digital skills for seniors until
	 * <time>" above the form, wrapped if need be, nothing cut off. */
	shoot_lock("greeter-booking-course-en.png");

	/* Cancelled: the line goes. */
	site_sql("UPDATE course_occasions SET cancelled_at = unixepoch()");
	restart_server();
	booking_wanted = NULL;
	g_assert_true(np_test_wait_until(booking_shown, 20000));
}

/* The notice pages as a status from the agent makes them, on a locked
 * screen of their own: the closed, getting-ready and goodbye pages look
 * right whatever the agent sends today, and the form comes back after
 * them with the focus in the login name. */
static void show_page(NetpontLockWindow *w, const Netpont__ControlStatusReply *st, const char *shot)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *title = NULL, *body = NULL;
	g_assert_true(netpont_lock_text_notice(st, now, &title, &body));
	netpont_lock_window_set_notice(w, title, body);
	g_assert_false(netpont_lock_window_get_form_shown(w));
	g_assert_cmpstr(netpont_lock_window_get_notice_title(w), ==, title);
	g_assert_cmpstr(netpont_lock_window_get_notice_body(w), ==, body);
	wait_for_render();
	save_png(GTK_WIDGET(w), shot);
}

static void test_pages_look(void)
{
	NetpontLockWindow *w = netpont_lock_window_new();
	netpont_lock_window_set_site_name(w, "Közösségi Ház Internetpont");
	netpont_lock_window_set_clock(w, "19:05");
	netpont_lock_window_set_language_label(w, "Magyar");
	gtk_window_present(GTK_WINDOW(w));
	np_test_spin(500);
	g_assert_true(window_shown(GTK_WIDGET(w)));
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) tomorrow = g_date_time_add_days(now, 1);
	g_autoptr(GDateTime) nine =
	    g_date_time_new_local(g_date_time_get_year(tomorrow), g_date_time_get_month(tomorrow),
	                          g_date_time_get_day_of_month(tomorrow), 9, 0, 0);

	Netpont__ControlStatusReply st = NETPONT__CONTROL_STATUS_REPLY__INIT;
	st.currency = "HUF";
	st.closed = TRUE;
	st.open_time = "09:00";
	st.close_time = "18:00";
	st.open_days = "12345";
	st.opens_next_at = g_date_time_to_unix(nine);
	show_page(w, &st, "greeter-page-closed-en.png");
	/* As the agent says it on a closed day: no closing time today. */
	st.close_time = "";
	show_page(w, &st, "greeter-page-closed-today-en.png");
	g_assert_nonnull(strstr(netpont_lock_window_get_notice_body(w),
	                        "Opening hours: Monday to Friday, from\u00a09:00"));
	g_assert_nonnull(
	    strstr(netpont_lock_window_get_notice_body(w), "Opens again tomorrow at 9:00."));
	st.closed = FALSE;
	st.resetting = TRUE;
	show_page(w, &st, "greeter-page-getting-ready-en.png");
	Netpont__ControlSessionSummary bye = NETPONT__CONTROL_SESSION_SUMMARY__INIT;
	bye.used_s = 58 * 60;
	bye.cost = 580;
	bye.reason = "logout";
	bye.ended_at = g_date_time_to_unix(now);
	st.last_session = &bye;
	show_page(w, &st, "greeter-page-goodbye-en.png");
	g_assert_cmpstr(netpont_lock_window_get_notice_title(w), ==, "Goodbye");

	netpont_lock_i18n_set_language("hu");
	bye.reason = "time_up";
	gtk_widget_add_css_class(GTK_WIDGET(w), "high-contrast");
	show_page(w, &st, "greeter-page-time-up-hu-high-contrast.png");
	g_assert_cmpstr(netpont_lock_window_get_notice_title(w), ==, "Lejárt az ideje");
	netpont_lock_i18n_set_language("en");

	netpont_lock_window_set_notice(w, NULL, NULL);
	g_assert_true(netpont_lock_window_get_form_shown(w));
	g_assert_cmpstr(netpont_lock_window_get_notice_title(w), ==, "");
	GtkWidget *focus = gtk_root_get_focus(GTK_ROOT(w));
	g_assert_true(
	    focus != NULL &&
	    gtk_widget_is_ancestor(focus, GTK_WIDGET(netpont_lock_window_get_login_entry(w))));
	gtk_window_destroy(GTK_WINDOW(w));
}

static gboolean disconnected(void)
{
	return !netpont_lock_controller_is_connected(fx.ctl);
}

static void test_agent_restart(void)
{
	np_test_stop_pid(&fx.site.agent_pid);
	g_assert_true(np_test_wait_until(disconnected, 5000));
	np_test_site_start_agent(&fx.site);
	g_assert_true(np_test_wait_until(lock_shown, 15000));
}

/* ---------------------------------------------------------------- the fixture */

/* Starts what every test shares, in order: netpontd (when built) with the
 * community house's name, a private CUPS (when possible), netpont-agent and
 * the lock screen's controller. Returns FALSE when the agent or netpontctl
 * is not there to test with. */
static gboolean fixture_set_up(void)
{
	const char *build = g_getenv("NETPONT_BUILD_DIR");

	if (g_getenv("NETPONT_AGENT") == NULL || g_getenv("NETPONTCTL") == NULL ||
	    !g_file_test(g_getenv("NETPONT_AGENT"), G_FILE_TEST_IS_EXECUTABLE))
		return FALSE;
	np_test_site_init(&fx.site, "netpont-lock");
	fx.shots = g_build_filename(build ? build : fx.site.dir, "screenshots", NULL);
	g_mkdir_with_parents(fx.shots, 0755);
	fx.have_server = np_test_site_start_server(
	    &fx.site,
	    "UPDATE settings SET value='Közösségi Ház Internetpont' WHERE key='site_name';");
	if (fx.have_server)
		add_people();
	/* A private CUPS for the print steps (needs root; skipped otherwise). */
	char why[512] = "";
	np_test_site_start_cups(&fx.site, why, sizeof why);
	fx.cups_why = g_strdup_printf("no private CUPS: %s", why);
	/* Without the server the agent runs against a port nobody listens on. */
	np_test_site_start_agent(&fx.site);
	fx.ctl = netpont_lock_controller_new(NULL, fx.site.sock, TRUE);
	return TRUE;
}

/* Stops everything fixture_set_up() started; keeps the folder when a test
 * failed (rc != 0), for a look at the database and the agent's state. */
static void fixture_tear_down(int rc)
{
	/* Nothing keeps the controller alive after the test: no leaked
	 * references from requests or the connection. */
	g_assert_finalize_object(fx.ctl);
	fx.ctl = NULL;
	np_test_spin(200);
	np_test_site_finish(&fx.site, rc == 0);
	g_free(fx.cups_why);
	g_free(fx.shots);
}

int main(int argc, char **argv)
{
	np_lock_test_init(&argc, &argv);

	if (!fixture_set_up()) {
		g_print("SKIP: NETPONT_AGENT / NETPONTCTL are not set or not built\n");
		return 77;
	}
	/* The tests share one agent and one server and run in this order: each
	 * starts where the one before left the PC. */
	g_test_add_func("/lock/locked-screen", test_locked_screen);
	g_test_add_func("/lock/empty-fields", test_empty_fields);
	g_test_add_func("/lock/offline-login", test_offline_login);
	g_test_add_func("/lock/wrong-pin", test_wrong_pin);
	g_test_add_func("/lock/typing-after-refusal", test_typing_after_refusal);
	g_test_add_func("/lock/hungarian", test_hungarian);
	g_test_add_func("/lock/high-contrast", test_high_contrast);
	g_test_add_func("/lock/larger-text", test_larger_text);
	g_test_add_func("/lock/language-button", test_language_button);
	g_test_add_func("/lock/out-of-order", test_out_of_order);
	g_test_add_func("/lock/unreachable", test_unreachable);
	g_test_add_func("/lock/login", test_login);
	g_test_add_func("/lock/call-mentor", test_call_mentor);
	g_test_add_func("/lock/mentor-message", test_mentor_message);
	g_test_add_func("/lock/print-charged", test_print_charged);
	g_test_add_func("/lock/print-confirm", test_print_confirm);
	g_test_add_func("/lock/print-cancel", test_print_cancel);
	g_test_add_func("/lock/print-while-server-down", test_print_while_server_down);
	g_test_add_func("/lock/end-session", test_end_session);
	g_test_add_func("/lock/goodbye", test_goodbye);
	g_test_add_func("/lock/real-5min-warning", test_real_warning);
	g_test_add_func("/lock/time-up", test_time_up);
	g_test_add_func("/lock/1min-warning-looks", test_one_minute_warning_looks);
	g_test_add_func("/lock/closed", test_closed);
	g_test_add_func("/lock/booking", test_booking);
	g_test_add_func("/lock/pages-look", test_pages_look);
	g_test_add_func("/lock/agent-restart", test_agent_restart);
	int rc = g_test_run();

	fixture_tear_down(rc);
	return rc;
}
