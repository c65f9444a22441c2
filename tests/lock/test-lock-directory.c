/* The local information on the locked screen (issue 14): netpont-lock's
 * real window against a real netpont-agent and netpontd (the site fixture
 * of tests/print, site-fixture.h) with five directory entries, one of them
 * expired, and a private cupsd where the machine allows it.
 *
 * A resident who has not logged in presses "Local information": the list
 * shows without a login; a word and a category narrow it; an entry opens
 * with all its fields and Back returns to the list; "Print this (free)"
 * prints a slip on the room's printer that nobody is charged for; after
 * the idle time (NETPONT_LOCK_DIRECTORY_IDLE_S, shortened here) the login
 * screen comes back by itself; a kiosk-only PC shows only the directory.
 * Screenshots of the list and an entry in English and Hungarian go to
 * $NETPONT_BUILD_DIR/screenshots/directory-*.png. Run under xvfb-run. */
#include <string.h>

#include <cups/cups.h>
#include <gtk/gtk.h>

#include "cupsd-helper.h"
#include "lock-test-init.h"
#include "netpont-lock-controller.h"
#include "netpont-lock-directory.h"
#include "site-fixture.h"

static struct {
	np_test_site site;
	char *shots;
	gboolean have_server;
	NetpontLockController *ctl;
} fx;

#define CTL(...)                                                                                   \
	np_test_site_ctl_ok(&fx.site, NP_TEST_ADMIN, NP_TEST_ADMIN_PASSWORD, __VA_ARGS__, NULL)

/* Four live entries and an expired one. */
static const char entries_sql[] =
    "UPDATE settings SET value='Közösségi Ház Internetpont' WHERE key='site_name';"
    "INSERT INTO directory_entries (id, category, title, body, hours, address, phone, email, "
    "web, created_at, updated_at) VALUES "
    "(1, 'service', 'Háziorvosi rendelő', 'Dr. Kiss Anna, felnőtt háziorvos. Időpontot "
    "telefonon lehet kérni.', 'H–P 8:00–12:00', 'Fő utca 3.', '+36 1 234 5678', "
    "'rendelo@example.hu', 'rendelo.example.hu', 0, 0),"
    "(2, 'institution', 'Munkaügyi központ', 'Álláskeresők nyilvántartása, tanácsadás', "
    "'H–Cs 8:00–15:00', 'Petőfi tér 1.', '+36 1 222 3333', '', '', 0, 0),"
    "(3, 'ngo', 'Idősek klubja', 'Kártya, torna, közös ebéd', 'K, Cs 10:00–14:00', "
    "'Fő utca 10.', '', '', '', 0, 0),"
    "(4, 'job_offered', 'Kertész segítőt keresünk', 'Heti két délelőtt, a Rózsakertben', '', "
    "'Rózsakert', '+36 30 111 2222', '', '', 0, 0);"
    "INSERT INTO directory_entries (id, category, title, valid_until, created_at, updated_at) "
    "VALUES (5, 'event', 'Tavaszi bál', '2020-04-01', 0, 0);";

/* ---------------------------------------------------------------- helpers */

static void save_png(GtkWidget *widget, const char *name)
{
	np_lock_test_save_png(widget, fx.shots, name);
}

static NetpontLockWindow *lockw(void)
{
	return netpont_lock_controller_get_lock_window(fx.ctl);
}

static NetpontLockDirectory *dir(void)
{
	return netpont_lock_window_get_directory(lockw());
}

static gboolean lock_shown(void)
{
	GtkWidget *w = GTK_WIDGET(lockw());
	const Netpont__ControlStatusReply *st = netpont_lock_controller_get_status(fx.ctl);
	return netpont_lock_controller_is_connected(fx.ctl) && st != NULL && st->connected &&
	       w != NULL && gtk_widget_get_mapped(w) && gtk_widget_get_width(w) > 0;
}

static guint want_listed, replies_before;
static gboolean listed_is_wanted(void)
{
	return netpont_lock_directory_get_replies(dir()) > replies_before &&
	       netpont_lock_directory_get_n_listed(dir()) == want_listed;
}

/* Notes the replies so far: call before what asks for a new list. */
static void expect_list(void)
{
	replies_before = netpont_lock_directory_get_replies(dir());
}

/* Waits until a list asked for after expect_list() shows n entries. */
static void wait_listed(guint n)
{
	want_listed = n;
	if (!np_test_wait_until(listed_is_wanted, 10000))
		g_error("waited for %u entries in a new list: %u replies (%u before), %u listed, "
		        "note \"%s\"",
		        n, netpont_lock_directory_get_replies(dir()), replies_before,
		        netpont_lock_directory_get_n_listed(dir()),
		        netpont_lock_directory_get_note(dir()));
}

/* Types text into the search field and waits for n entries. */
static void search_for(const char *text, guint n)
{
	expect_list();
	gtk_editable_set_text(netpont_lock_directory_get_search(dir()), text);
	wait_listed(n);
}

static void choose_category(const char *category, guint n)
{
	expect_list();
	gtk_toggle_button_set_active(netpont_lock_directory_get_category_button(dir(), category),
	                             TRUE);
	wait_listed(n);
}

static gboolean directory_hidden(void)
{
	return !netpont_lock_window_get_directory_shown(lockw());
}

static gboolean directory_shown(void)
{
	return netpont_lock_window_get_directory_shown(lockw());
}

static void press(GtkButton *button)
{
	g_assert_nonnull(button);
	g_assert_true(gtk_widget_get_visible(GTK_WIDGET(button)));
	g_signal_emit_by_name(button, "clicked");
}

/* Opens the directory from the login screen, as a resident does. */
static void open_directory(void)
{
	g_assert_true(np_test_wait_until(lock_shown, 30000));
	expect_list();
	press(netpont_lock_window_get_directory_button(lockw()));
	g_assert_true(netpont_lock_window_get_directory_shown(lockw()));
	wait_listed(4);
}

static char *sql(const char *query)
{
	g_autofree char *sqlite3 = g_find_program_in_path("sqlite3");
	g_assert_nonnull(sqlite3);
	const char *argv[] = {sqlite3, fx.site.db, query, NULL};
	int status = 0;
	char *out = np_test_run_program(argv, &status, NULL);
	g_assert_cmpint(status, ==, 0);
	return g_strstrip(out);
}

static const char *count_what;
static const char *count_want;
static gboolean counted(void)
{
	g_autofree char *query = g_strdup_printf(
	    "SELECT coalesce(sum(count), 0) FROM directory_usage WHERE what = '%s'", count_what);
	g_autofree char *n = sql(query);
	return g_strcmp0(n, count_want) == 0;
}

/* Waits until the server counted n uses of the kind what. */
static void wait_counted(const char *what, const char *n)
{
	count_what = what;
	count_want = n;
	if (!np_test_wait_until(counted, 10000))
		g_error("the server did not count %s %s times", what, n);
}

static gboolean agent_locked(void)
{
	const Netpont__ControlStatusReply *st = netpont_lock_controller_get_status(fx.ctl);
	return st != NULL && !st->unlocked;
}

/* ---------------------------------------------------------------- tests */

static void test_button_opens_without_login(void)
{
	open_directory();
	g_assert_cmpstr(netpont_lock_directory_get_page(dir()), ==, "list");
	g_assert_true(agent_locked());
	/* The expired entry is not listed. */
	for (guint i = 0; i < netpont_lock_directory_get_n_listed(dir()); i++)
		g_assert_cmpstr(netpont_lock_directory_get_listed_title(dir(), i), !=,
		                "Tavaszi bál");
	/* Every button is at least 48 px high. */
	np_test_spin(300);
	g_assert_cmpint(
	    gtk_widget_get_height(GTK_WIDGET(netpont_lock_directory_get_listed_button(dir(), 0))),
	    >=, 48);
	g_assert_cmpint(gtk_widget_get_height(
	                    GTK_WIDGET(netpont_lock_directory_get_category_button(dir(), ""))),
	                >=, 48);
	g_assert_cmpint(
	    gtk_widget_get_height(GTK_WIDGET(netpont_lock_directory_get_back_button(dir()))), >=,
	    48);
}

static void test_search_narrows(void)
{
	search_for("orvos", 1);
	g_assert_cmpstr(netpont_lock_directory_get_listed_title(dir(), 0), ==,
	                "Háziorvosi rendelő");
	/* Without accents and in capitals it finds the same (the server folds). */
	search_for("ALLASKERESOK", 1);
	g_assert_cmpstr(netpont_lock_directory_get_listed_title(dir(), 0), ==, "Munkaügyi központ");
	search_for("nincs ilyen szó", 0);
	g_assert_cmpstr(netpont_lock_directory_get_note(dir()), !=, "");
	search_for("", 4);
	choose_category("ngo", 1);
	g_assert_cmpstr(netpont_lock_directory_get_listed_title(dir(), 0), ==, "Idősek klubja");
	choose_category("", 4);
	wait_counted("search", "1");
}

static gboolean on_entry_page(void)
{
	return g_strcmp0(netpont_lock_directory_get_page(dir()), "entry") == 0;
}

static void test_entry_opens_and_back(void)
{
	press(netpont_lock_directory_get_listed_button(dir(), 0));
	g_assert_true(on_entry_page());
	g_assert_cmpstr(netpont_lock_directory_get_entry_title(dir()), ==,
	                netpont_lock_directory_get_listed_title(dir(), 0));
	press(netpont_lock_directory_get_entry_back_button(dir()));
	g_assert_cmpstr(netpont_lock_directory_get_page(dir()), ==, "list");
	g_assert_true(directory_shown());
	wait_counted("view", "1");
}

static gboolean print_answered(void)
{
	const char *note = netpont_lock_directory_get_note(dir());
	return note[0] != '\0' && strcmp(note, "Printing…") != 0;
}

/* The slip's job on the PDF queue, completed; 0 while there is none. */
static int slip_job;
static gboolean slip_completed(void)
{
	cups_job_t *jobs = NULL;
	int n = cupsGetJobs2(CUPS_HTTP_DEFAULT, &jobs, "PDF", 0, CUPS_WHICHJOBS_ALL);
	slip_job = 0;
	for (int i = 0; i < n; i++)
		if (g_str_has_prefix(jobs[i].title, "netpont-free-slip") &&
		    jobs[i].state == IPP_JSTATE_COMPLETED)
			slip_job = jobs[i].id;
	cupsFreeJobs(n, jobs);
	return slip_job != 0;
}

static void test_print_free(void)
{
	if (!fx.site.have_cups) {
		g_test_skip("no private CUPS (needs root, cupsd and cups-pdf)");
		return;
	}
	/* Háziorvosi rendelő */
	search_for("orvos", 1);
	press(netpont_lock_directory_get_listed_button(dir(), 0));
	press(netpont_lock_directory_get_print_button(dir()));
	g_assert_true(np_test_wait_until(print_answered, 20000));
	g_assert_true(g_str_has_prefix(netpont_lock_directory_get_note(dir()), "Printed."));
	g_assert_true(np_test_wait_until(slip_completed, 30000));
	/* Two of the agent's polls of CUPS: a report would be on its way. */
	np_test_spin(5000);
	g_autofree char *outbox = g_build_filename(fx.site.dir, "outbox", NULL);
	g_autofree char *prefix = g_strdup_printf("PDF%%2F%d%%2F", slip_job);
	g_autoptr(GDir) d = g_dir_open(outbox, 0, NULL);
	for (const char *name; d != NULL && (name = g_dir_read_name(d)) != NULL;)
		g_assert_false(g_str_has_prefix(name, prefix));
	g_autofree char *ledger = sql("SELECT count(*) FROM ledger");
	g_assert_cmpstr(ledger, ==, "0");
	wait_counted("print", "1");
	press(netpont_lock_directory_get_entry_back_button(dir()));
}

static void test_back_to_login(void)
{
	press(netpont_lock_directory_get_back_button(dir()));
	g_assert_true(directory_hidden());
	g_assert_true(netpont_lock_window_get_form_shown(lockw()));
}

static void test_idle_return(void)
{
	g_setenv("NETPONT_LOCK_DIRECTORY_IDLE_S", "2", TRUE);
	open_directory();
	press(netpont_lock_directory_get_listed_button(dir(), 1));
	g_assert_true(on_entry_page());
	g_assert_true(np_test_wait_until(directory_hidden, 8000));
	g_assert_true(netpont_lock_window_get_form_shown(lockw()));
	g_unsetenv("NETPONT_LOCK_DIRECTORY_IDLE_S");
}

/* What must be visible (1366×768), checked by looking at the files:
 * directory-list-en/hu.png: "‹ Back", the heading "Local information" /
 * "Helyi információk", the line that it is free and needs no login, the
 * search field with its label, the eight category buttons with "All" /
 * "Mind" pressed, and the four live entries as big buttons (title in bold,
 * category and hours under it), no "Tavaszi bál".
 * directory-entry-en/hu.png: "‹ Back", "Háziorvosi rendelő" large, its
 * category (Services / Szolgáltatások), its description, the fields
 * Opening hours, Address, Phone, Email, Web with their values, and the big
 * "Print this (free)" / "Kinyomtatom (ingyenes)" button, nothing cut off. */
static void shoot_directory(const char *lang)
{
	netpont_lock_controller_set_language(fx.ctl, lang);
	gtk_window_set_default_size(GTK_WINDOW(lockw()), 1366, 768);
	g_assert_true(np_test_wait_until(lock_shown, 30000));
	np_test_spin(500);
	open_directory();
	np_test_spin(600);
	g_autofree char *list = g_strdup_printf("directory-list-%s.png", lang);
	save_png(GTK_WIDGET(lockw()), list);
	press(netpont_lock_directory_get_listed_button(dir(), 0));
	/* The first listed is Háziorvosi rendelő only when sorted by category:
	 * find it by title. */
	press(netpont_lock_directory_get_entry_back_button(dir()));
	for (guint i = 0; i < netpont_lock_directory_get_n_listed(dir()); i++)
		if (strcmp(netpont_lock_directory_get_listed_title(dir(), i),
		           "Háziorvosi rendelő") == 0)
			press(netpont_lock_directory_get_listed_button(dir(), i));
	g_assert_cmpstr(netpont_lock_directory_get_entry_title(dir()), ==, "Háziorvosi rendelő");
	np_test_spin(600);
	g_autofree char *entry = g_strdup_printf("directory-entry-%s.png", lang);
	save_png(GTK_WIDGET(lockw()), entry);
	press(netpont_lock_directory_get_entry_back_button(dir()));
	press(netpont_lock_directory_get_back_button(dir()));
}

static void test_screenshots(void)
{
	shoot_directory("en");
	shoot_directory("hu");
	netpont_lock_controller_set_language(fx.ctl, "en");
}

static gboolean kiosk_shown(void)
{
	return netpont_lock_window_get_kiosk(lockw()) && directory_shown() &&
	       !gtk_widget_get_visible(GTK_WIDGET(netpont_lock_directory_get_back_button(dir())));
}

static gboolean kiosk_gone(void)
{
	return !netpont_lock_window_get_kiosk(lockw()) && directory_hidden() &&
	       netpont_lock_window_get_form_shown(lockw());
}

static void test_kiosk_only(void)
{
	g_free(CTL("seat", "kiosk", "PC-01", "on"));
	expect_list();
	g_assert_true(np_test_wait_until(kiosk_shown, 15000));
	wait_listed(4);
	/* No login form anywhere: its page is hidden. */
	g_assert_false(
	    gtk_widget_get_mapped(GTK_WIDGET(netpont_lock_window_get_login_entry(lockw()))));
	np_test_spin(500);
	save_png(GTK_WIDGET(lockw()), "directory-kiosk-en.png");
	/* The idle time brings the list back, not a login screen. */
	g_setenv("NETPONT_LOCK_DIRECTORY_IDLE_S", "2", TRUE);
	netpont_lock_directory_open(dir());
	press(netpont_lock_directory_get_listed_button(dir(), 0));
	g_assert_true(on_entry_page());
	np_test_spin(3500);
	g_assert_cmpstr(netpont_lock_directory_get_page(dir()), ==, "list");
	g_assert_true(kiosk_shown());
	g_unsetenv("NETPONT_LOCK_DIRECTORY_IDLE_S");
	g_free(CTL("seat", "kiosk", "PC-01", "off"));
	g_assert_true(np_test_wait_until(kiosk_gone, 15000));
}

/* ---------------------------------------------------------------- set-up */

int main(int argc, char **argv)
{
	np_lock_test_init(&argc, &argv);
	if (g_getenv("NETPONT_AGENT") == NULL || g_getenv("NETPONTCTL") == NULL ||
	    !g_file_test(g_getenv("NETPONT_AGENT"), G_FILE_TEST_IS_EXECUTABLE)) {
		g_print("SKIP: NETPONT_AGENT / NETPONTCTL are not set or not built\n");
		return 77;
	}
	const char *build = g_getenv("NETPONT_BUILD_DIR");
	np_test_site_init(&fx.site, "netpont-directory");
	fx.shots = g_build_filename(build ? build : fx.site.dir, "screenshots", NULL);
	g_mkdir_with_parents(fx.shots, 0755);
	if (!np_test_site_start_server(&fx.site, entries_sql)) {
		np_test_site_finish(&fx.site, TRUE);
		g_print("SKIP: netpontd is not built\n");
		return 77;
	}
	char why[512] = "";
	np_test_site_start_cups(&fx.site, why, sizeof why);
	np_test_site_start_agent(&fx.site);
	fx.ctl = netpont_lock_controller_new(NULL, fx.site.sock, TRUE);

	/* In order: each starts where the one before left the screen. */
	g_test_add_func("/directory/button-opens-without-login", test_button_opens_without_login);
	g_test_add_func("/directory/search-narrows", test_search_narrows);
	g_test_add_func("/directory/entry-opens-and-back", test_entry_opens_and_back);
	g_test_add_func("/directory/print-free", test_print_free);
	g_test_add_func("/directory/back-to-login", test_back_to_login);
	g_test_add_func("/directory/idle-return", test_idle_return);
	g_test_add_func("/directory/screenshots", test_screenshots);
	g_test_add_func("/directory/kiosk-only", test_kiosk_only);
	int rc = g_test_run();

	g_assert_finalize_object(fx.ctl);
	np_test_spin(200);
	np_test_remove_cups_pdf_output("netpont-free-slip");
	np_test_site_finish(&fx.site, rc == 0);
	g_free(fx.shots);
	return rc;
}
