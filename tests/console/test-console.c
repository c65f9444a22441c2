/* End-to-end tests of netpont-console: the real window, driven through its
 * widgets, against a real netpontd (temporary SQLite file) and headless
 * netpont-agents on 127.0.0.1, under Xvfb. Every wait is bounded.
 *
 * One server and two agents serve the whole program (the fixture fx); each
 * test checks one behaviour, and they run in order and build on each other
 * (sign in, start a session, help call, refusal, payment, shift, treasurer,
 * administrator), like a day in the room: starting the room afresh for
 * each would multiply the run time. Screenshots of the seat map, the help
 * calls, the fee desk, the treasurer's and the administrator's views go to
 * $NETPONT_BUILD_DIR/tests/console/screenshots. */
#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sqlite3.h>

#include "netpont-admin-items.h"
#include "netpont-directory-page.h"
#include "netpont-application.h"
#include "netpont-bookings-page.h"
#include "netpont-courses-page.h"
#include "noon.h"
#include "netpont-fees-page.h"
#include "netpont-help-page.h"
#include "netpont-help-item.h"
#include "netpont-known-servers.h"
#include "netpont-ledger-items.h"
#include "netpont-report-items.h"
#include "netpont-resident-item.h"
#include "netpont-seat-tile.h"
#include "netpont-seat.h"
#include "netpont-seats-page.h"
#include "netpont-staff-pane.h"
#include "netpont-treasurer-page.h"
#include "netpont-volunteer-pane.h"
#include "netpont-window.h"

#define ADMIN_PASSWORD     "admin-secret-1"
#define MENTOR_PASSWORD    "dora-secret-1"
#define TREASURER_PASSWORD "terez-secret-1"
#define WAIT_S             20

static struct {
	char *dir;
	char *db;
	char *config;
	char *address;
	char *fingerprint; /* the server's; netpontctl and the agents pin it */
	char *screenshot_dir;
	char *sock[2];
	GSubprocess *server;
	GSubprocess *agent[2];
	NetpontWindow *window;    /* the mentor's window, shared by the tests */
	NetpontWindow *treasurer; /* the treasurer's, from treasurer-totals on */
	NetpontWindow *admin;     /* the administrator's, from admin-enrol-seat on */
	gint64 paid_at_desk;      /* what fee-desk-payment took, in minor units */
} fx;

/* Iterates the main context until cond holds or seconds pass. */
#define WAIT_UNTIL(cond, seconds)                                                                  \
	({                                                                                         \
		gint64 wait_end_ = g_get_monotonic_time() + (gint64)(seconds)*G_USEC_PER_SEC;      \
		gboolean wait_ok_;                                                                 \
		while (!(wait_ok_ = (cond)) && g_get_monotonic_time() < wait_end_) {               \
			if (!g_main_context_iteration(NULL, FALSE))                                \
				g_usleep(2000);                                                    \
		}                                                                                  \
		wait_ok_;                                                                          \
	})

static void pump(guint ms)
{
	gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;

	while (g_get_monotonic_time() < end)
		if (!g_main_context_iteration(NULL, FALSE))
			g_usleep(2000);
}

/* Like WAIT_UNTIL, for a condition that runs a program (the agent's status):
 * checked every 200 ms while the main loop runs. */
#define POLL_UNTIL(cond, seconds)                                                                  \
	({                                                                                         \
		gint64 poll_end_ = g_get_monotonic_time() + (gint64)(seconds)*G_USEC_PER_SEC;      \
		gboolean poll_ok_;                                                                 \
		while (!(poll_ok_ = (cond)) && g_get_monotonic_time() < poll_end_)                 \
			pump(200);                                                                 \
		poll_ok_;                                                                          \
	})

/* ------------------------------------------------------------ programs */

/* If this test dies, its server and agents die with it. */
static void child_setup(gpointer data)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

static char **test_environ(const char *password)
{
	char **env = g_get_environ();

	env = g_environ_setenv(env, "NETPONT_PWHASH", "min", TRUE);
	/* The helper programs speak English here, whatever the console does:
	 * their output is compared with what the console shows. */
	env = g_environ_unsetenv(env, "LANGUAGE");
	env = g_environ_setenv(env, "NETPONT_SERVER", fx.address != NULL ? fx.address : "", TRUE);
	env = g_environ_setenv(env, "NETPONT_USER", "admin", TRUE);
	env = g_environ_setenv(env, "NETPONT_PASSWORD", password, TRUE);
	/* The helper programs pin the server as scripts do; the console
	 * itself trusts it on first use, through its dialog. */
	if (fx.fingerprint != NULL)
		env = g_environ_setenv(env, "NETPONT_FINGERPRINT", fx.fingerprint, TRUE);
	return env;
}

typedef struct {
	gboolean done;
	char *out;
	char *err;
	GError *error;
} RunResult;

static void run_done(GObject *source, GAsyncResult *result, gpointer data)
{
	RunResult *r = data;

	g_subprocess_communicate_utf8_finish(G_SUBPROCESS(source), result, &r->out, &r->err,
	                                     &r->error);
	r->done = TRUE;
}

/* Runs a program to the end; returns its stdout (caller frees) and sets
 * *status to its exit status. stderr goes to *err if not NULL.
 *
 * The main loop keeps running meanwhile: the console under test must go on
 * pinging and reading while netpontctl works. Waiting synchronously froze it
 * for as long as the program took, and on a busy machine that outlasted the
 * server's 3 s idle timeout here, so the console lost its connection (and a
 * request or event in flight) in the middle of a test. */
static char *run(const char *const *argv, const char *password, const char *new_password,
                 int *status, char **err)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
	    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_auto(GStrv) env = test_environ(password);
	g_autoptr(GSubprocess) proc = NULL;
	g_autoptr(GError) error = NULL;
	RunResult r = {0};

	if (new_password != NULL)
		env = g_environ_setenv(env, "NETPONT_NEW_PASSWORD", new_password, TRUE);
	g_subprocess_launcher_set_environ(launcher, env);
	proc = g_subprocess_launcher_spawnv(launcher, argv, &error);
	g_assert_no_error(error);
	g_subprocess_communicate_utf8_async(proc, NULL, NULL, run_done, &r);
	/* Bounded: the programs give up on an unreachable peer by themselves. */
	if (!WAIT_UNTIL(r.done, 3 * WAIT_S))
		g_error("%s did not finish within %d s", argv[0], 3 * WAIT_S);
	g_assert_no_error(r.error);
	*status = g_subprocess_get_if_exited(proc) ? g_subprocess_get_exit_status(proc) : -1;
	if (err != NULL)
		*err = r.err;
	else
		g_free(r.err);
	return r.out;
}

static char *ctl(int expect_status, const char *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	va_list args;
	int status;
	char *out;
	g_autofree char *err = NULL;

	g_ptr_array_add(argv, (gpointer)g_getenv("NETPONTCTL"));
	g_ptr_array_add(argv, "--server");
	g_ptr_array_add(argv, fx.address);
	va_start(args, first);
	for (const char *a = first; a != NULL; a = va_arg(args, const char *))
		g_ptr_array_add(argv, (gpointer)a);
	va_end(args);
	g_ptr_array_add(argv, NULL);
	out = run((const char *const *)argv->pdata, ADMIN_PASSWORD, NULL, &status, &err);
	if (status != expect_status)
		g_error("netpontctl %s exited %d, not %d: %s%s", first, status, expect_status, out,
		        err);
	return out;
}

/* The agent's status as a JSON object (caller unrefs the parser). */
static JsonParser *agent_status(guint i)
{
	const char *argv[] = {
	    g_getenv("NETPONTCTL"), "--agent", fx.sock[i], "--json", "status", NULL};
	int status;
	g_autofree char *out = run(argv, ADMIN_PASSWORD, NULL, &status, NULL);
	JsonParser *parser = json_parser_new();

	if (status != 0 || !json_parser_load_from_data(parser, out, -1, NULL)) {
		g_object_unref(parser);
		return NULL;
	}
	return parser;
}

static gboolean agent_field_is(guint i, const char *field, const char *value)
{
	g_autoptr(JsonParser) parser = agent_status(i);
	JsonObject *object;
	const char *got;

	if (parser == NULL)
		return FALSE;
	object = json_node_get_object(json_parser_get_root(parser));
	if (!json_object_has_member(object, field) ||
	    JSON_NODE_HOLDS_NULL(json_object_get_member(object, field)))
		return value == NULL;
	got = json_object_get_string_member(object, field);
	return g_strcmp0(got, value) == 0;
}

/* Polls the agent (a program run) every 200 ms while the UI keeps running. */
static gboolean wait_agent(guint i, const char *field, const char *value)
{
	return POLL_UNTIL(agent_field_is(i, field, value), WAIT_S);
}

static guint16 free_port(void)
{
	g_autoptr(GSocket) sock =
	    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
	g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) any = g_inet_socket_address_new(lo, 0);
	g_autoptr(GSocketAddress) bound = NULL;

	g_assert_true(g_socket_bind(sock, any, FALSE, NULL));
	bound = g_socket_get_local_address(sock, NULL);
	return g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
}

static gboolean server_answers(void)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	g_autoptr(GSocketConnection) conn =
	    g_socket_client_connect_to_host(client, fx.address, 0, NULL, NULL);
	return conn != NULL;
}

static GSubprocess *spawn_logged(const char *const *argv, const char *log)
{
	g_autoptr(GSubprocessLauncher) launcher =
	    g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
	g_auto(GStrv) env = test_environ(ADMIN_PASSWORD);
	g_autofree char *path = g_build_filename(fx.dir, log, NULL);
	g_autoptr(GError) error = NULL;
	GSubprocess *proc;

	g_subprocess_launcher_set_environ(launcher, env);
	g_subprocess_launcher_set_child_setup(launcher, child_setup, NULL, NULL);
	g_subprocess_launcher_set_stdout_file_path(launcher, path);
	g_subprocess_launcher_set_stderr_file_path(launcher, path);
	proc = g_subprocess_launcher_spawnv(launcher, argv, &error);
	g_assert_no_error(error);
	return proc;
}

static void start_agent(guint i, const char *seat)
{
	g_autofree char *json = ctl(0, "--json", "seat", "add", seat, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree char *token_file = g_strdup_printf("%s/%s.token", fx.dir, seat);
	g_autofree char *log = g_strdup_printf("%s.log", seat);
	const char *token;

	g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
	token = json_object_get_string_member(json_node_get_object(json_parser_get_root(parser)),
	                                      "token");
	g_assert_true(g_file_set_contents(token_file, token, -1, NULL));
	g_chmod(token_file, 0600);
	fx.sock[i] = g_strdup_printf("%s/%s.sock", fx.dir, seat);
	{
		const char *argv[] = {g_getenv("NETPONT_AGENT"),
		                      "--server",
		                      fx.address,
		                      "--seat",
		                      seat,
		                      "--token-file",
		                      token_file,
		                      "--server-fingerprint",
		                      fx.fingerprint,
		                      "--ui",
		                      "headless",
		                      "--control",
		                      fx.sock[i],
		                      "--state-dir",
		                      fx.dir,
		                      NULL};
		/* A state directory of its own: the lease file is not shared
		 * with a PC-01 of another test running at the same time. */
		fx.agent[i] = spawn_logged(argv, log);
	}
	g_assert_true(WAIT_UNTIL(g_file_test(fx.sock[i], G_FILE_TEST_EXISTS), WAIT_S));
	g_assert_true(wait_agent(i, "state", "locked"));
}

/* Adds a staff account through netpontctl, which reads the new password
 * from the environment. */
static void add_staff(const char *name, const char *role, const char *password)
{
	const char *argv[] = {g_getenv("NETPONTCTL"),
	                      "--server",
	                      fx.address,
	                      "staff",
	                      "add",
	                      name,
	                      "--role",
	                      role,
	                      NULL};
	int status;

	g_free(run(argv, ADMIN_PASSWORD, password, &status, NULL));
	g_assert_cmpint(status, ==, 0);
}

static void setup_room(void)
{
	int status;
	g_autofree char *out = NULL;
	g_autofree char *err = NULL;

	fx.dir = g_dir_make_tmp("netpont-console-XXXXXX", NULL);
	g_assert_nonnull(fx.dir);
	fx.db = g_build_filename(fx.dir, "netpont.db", NULL);
	{
		/* A Hungarian run gets a Hungarian site, as the demo is: its seed
		 * tariffs, categories and guests named in Hungarian. */
		const char *language = g_getenv("LANGUAGE");
		gboolean hungarian = language != NULL && g_str_has_prefix(language, "hu");
		const char *argv[] = {g_getenv("NETPONTD"),
		                      "--db",
		                      fx.db,
		                      "--init-admin",
		                      "admin",
		                      hungarian ? "--site-language" : NULL,
		                      "hu",
		                      NULL};
		out = run(argv, ADMIN_PASSWORD, NULL, &status, &err);
		if (status != 0)
			g_error("netpontd --init-admin failed: %s", err);
	}
	{
		const char *argv[] = {g_getenv("NETPONTD"), "--db", fx.db, "--fingerprint", NULL};
		fx.fingerprint = g_strchomp(run(argv, ADMIN_PASSWORD, NULL, &status, NULL));
		g_assert_cmpint(status, ==, 0);
		g_assert_cmpuint(strlen(fx.fingerprint), ==, 64);
	}
	/* A short idle timeout: the server tells clients to ping every
	 * second and drops a peer silent for three, so the console's
	 * heartbeat is exercised within the test. */
	fx.config = g_build_filename(fx.dir, "netpontd.ini", NULL);
	g_assert_true(g_file_set_contents(fx.config, "[server]\nidle_timeout_s = 3\n", -1, NULL));
	/* A port the kernel just said was free; retried if someone took it. */
	for (int attempt = 0; attempt < 5 && fx.server == NULL; attempt++) {
		g_autofree char *address = g_strdup_printf("127.0.0.1:%u", free_port());
		const char *argv[] = {g_getenv("NETPONTD"), "--db",  fx.db,
		                      "--listen",           address, NULL};
		g_free(fx.address);
		fx.address = g_strdup(address);
		fx.server = spawn_logged(argv, "netpontd.log");
		if (!WAIT_UNTIL(server_answers(), 10)) {
			g_subprocess_force_exit(fx.server);
			g_clear_object(&fx.server);
		}
	}
	g_assert_nonnull(fx.server);

	/* Open at any hour, so the tests work at night too. */
	g_free(ctl(0, "setting", "set", "open_time", "00:00", NULL));
	g_free(ctl(0, "setting", "set", "close_time", "24:00", NULL));
	g_free(ctl(0, "setting", "set", "open_days", "1234567", NULL));
	g_free(ctl(0, "setting", "set", "site_name", "Közösségi Ház Internetpont", NULL));
	g_free(
	    ctl(0, "resident", "add", "kovacs", "--name", "Kovács Mária", "--pin", "4321", NULL));
	g_free(ctl(0, "resident", "add", "nagyb", "--name", "Nagy Béla", "--pin", "1111", NULL));
	add_staff("dora", "mentor", MENTOR_PASSWORD);
	add_staff("terez", "treasurer", TREASURER_PASSWORD);
	start_agent(0, "PC-01");
	start_agent(1, "PC-02");
}

static void remove_tree(GFile *file)
{
	g_autoptr(GFileEnumerator) e = g_file_enumerate_children(
	    file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
	GFileInfo *info;

	while (e != NULL && (info = g_file_enumerator_next_file(e, NULL, NULL)) != NULL) {
		g_autoptr(GFile) child = g_file_get_child(file, g_file_info_get_name(info));
		remove_tree(child);
		g_object_unref(info);
	}
	g_file_delete(file, NULL, NULL);
}

static void teardown_room(void)
{
	for (guint i = 0; i < 2; i++) {
		if (fx.agent[i] != NULL) {
			g_subprocess_send_signal(fx.agent[i], SIGTERM);
			g_subprocess_wait(fx.agent[i], NULL, NULL);
			g_clear_object(&fx.agent[i]);
		}
		g_free(fx.sock[i]);
	}
	if (fx.server != NULL) {
		g_subprocess_send_signal(fx.server, SIGTERM);
		g_subprocess_wait(fx.server, NULL, NULL);
		g_clear_object(&fx.server);
	}
	if (g_getenv("NETPONT_KEEP_TEST_DIR") == NULL) {
		g_autoptr(GFile) dir = g_file_new_for_path(fx.dir);
		remove_tree(dir);
	}
	g_free(fx.dir);
	g_free(fx.db);
	g_free(fx.config);
	g_free(fx.address);
	g_free(fx.fingerprint);
	g_free(fx.screenshot_dir);
}

/* ------------------------------------------------------------ widgets */

static GtkWidget *find_widget(GtkWidget *root, const char *name, GType type)
{
	if ((name != NULL && g_strcmp0(gtk_widget_get_name(root), name) == 0) ||
	    (type != G_TYPE_INVALID && G_TYPE_CHECK_INSTANCE_TYPE(root, type)))
		return root;
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		GtkWidget *found = find_widget(child, name, type);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static GtkWidget *named(NetpontWindow *window, const char *name)
{
	GtkWidget *widget = find_widget(GTK_WIDGET(window), name, G_TYPE_INVALID);

	if (widget == NULL)
		g_error("no widget named %s", name);
	return widget;
}

static gpointer of_type(NetpontWindow *window, GType type)
{
	GtkWidget *widget = find_widget(GTK_WIDGET(window), NULL, type);

	g_assert_nonnull(widget);
	return widget;
}

static void type_text(NetpontWindow *window, const char *name, const char *text)
{
	gtk_editable_set_text(GTK_EDITABLE(named(window, name)), text);
}

static void click(NetpontWindow *window, const char *name)
{
	GtkWidget *button = named(window, name);

	g_assert_true(WAIT_UNTIL(gtk_widget_is_sensitive(button), WAIT_S));
	gtk_widget_activate(button);
}

/* The message shown at the bottom of the window contains text. */
static gboolean toast_shows(NetpontWindow *window, const char *text)
{
	GtkWidget *label = named(window, "message-label");
	GtkRevealer *revealer = GTK_REVEALER(gtk_widget_get_ancestor(label, GTK_TYPE_REVEALER));

	static char last[512];

	/* Each new message is logged once, so a failing wait shows what the
	 * console said instead. */
	if (g_strcmp0(last, gtk_label_get_text(GTK_LABEL(label))) != 0) {
		g_strlcpy(last, gtk_label_get_text(GTK_LABEL(label)), sizeof last);
		g_test_message("message: %s", last);
	}
	return gtk_revealer_get_reveal_child(revealer) &&
	       strstr(gtk_label_get_text(GTK_LABEL(label)), text) != NULL;
}

/* Writes what widget (a window or a dialog) shows to the screenshot folder. */
static void screenshot_widget(GtkWidget *widget, const char *name)
{
	int width, height;
	g_autoptr(GdkPaintable) paintable = NULL;
	GtkSnapshot *snapshot;
	g_autoptr(GskRenderNode) node = NULL;
	g_autoptr(GdkTexture) texture = NULL;
	g_autofree char *path = g_build_filename(fx.screenshot_dir, name, NULL);
	GskRenderer *renderer;

	/* Let layout and the last frame settle; a window in the middle of a
	 * relayout paints nothing, so try again a few times. */
	paintable = gtk_widget_paintable_new(widget);
	for (int attempt = 0; attempt < 20 && node == NULL; attempt++) {
		pump(200);
		width = gtk_widget_get_width(widget);
		height = gtk_widget_get_height(widget);
		snapshot = gtk_snapshot_new();
		gdk_paintable_snapshot(paintable, snapshot, width, height);
		node = gtk_snapshot_free_to_node(snapshot);
	}
	g_assert_nonnull(node);
	renderer = gtk_native_get_renderer(gtk_widget_get_native(widget));
	texture =
	    gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, width, height));
	g_assert_true(gdk_texture_save_to_png(texture, path));
	g_test_message("screenshot %s", path);
}

static void screenshot(NetpontWindow *window, const char *name)
{
	screenshot_widget(GTK_WIDGET(window), name);
}

static NetpontWindow *open_window(void)
{
	NetpontWindow *window = netpont_window_new(NULL);

	gtk_window_set_default_size(GTK_WINDOW(window), 1366, 740);
	gtk_window_present(GTK_WINDOW(window));
	g_assert_true(WAIT_UNTIL(gtk_widget_get_mapped(GTK_WIDGET(window)), WAIT_S));
	return window;
}

static void close_window(NetpontWindow *window)
{
	gtk_window_destroy(GTK_WINDOW(window));
	pump(100);
}

static gboolean signed_in(NetpontWindow *window)
{
	return netpont_client_is_connected(netpont_window_get_client(window)) &&
	       netpont_window_get_page(window) != NULL &&
	       gtk_widget_get_visible(named(window, "seat-grid"));
}

static void sign_in(NetpontWindow *window, const char *user, const char *password)
{
	type_text(window, "signin-server", fx.address);
	type_text(window, "signin-user", user);
	type_text(window, "signin-password", password);
	click(window, "signin-button");
	g_assert_true(
	    WAIT_UNTIL(netpont_client_is_connected(netpont_window_get_client(window)), WAIT_S));
}

static NetpontSeat *seat_named(NetpontWindow *window, const char *name, guint *position)
{
	GListModel *seats = netpont_seats_page_get_seats(of_type(window, NETPONT_TYPE_SEATS_PAGE));

	for (guint i = 0; i < g_list_model_get_n_items(seats); i++) {
		g_autoptr(NetpontSeat) seat = g_list_model_get_item(seats, i);
		if (g_strcmp0(netpont_seat_get_name(seat), name) == 0) {
			if (position != NULL)
				*position = i;
			return seat;
		}
	}
	return NULL;
}

static void select_seat(NetpontWindow *window, const char *name)
{
	guint position = 0;

	g_assert_true(WAIT_UNTIL(seat_named(window, name, &position) != NULL, WAIT_S));
	gtk_widget_activate_action(named(window, "seat-grid"), "list.select-item", "(ubb)",
	                           position, FALSE, FALSE);
}

/* ------------------------------------------------------------ tests */

static GtkWidget *find_in_toplevels(const char *name);

/* Clicks sign-in and waits for the dialog that asks whether to trust the
 * server; checks it shows the server's fingerprint and answers it. */
static void answer_trust_dialog(NetpontWindow *window, const char *response)
{
	GtkWidget *fingerprint = NULL;

	click(window, "signin-button");
	g_assert_true(
	    WAIT_UNTIL((fingerprint = find_in_toplevels("trust-fingerprint")) != NULL, WAIT_S));
	g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(fingerprint)), ==, fx.fingerprint);
	GtkWidget *dialog = gtk_widget_get_ancestor(fingerprint, ADW_TYPE_MESSAGE_DIALOG);
	g_assert_true(gtk_widget_is_visible(dialog) && gtk_widget_get_mapped(fingerprint));
	if (g_strcmp0(response, "accept") == 0)
		screenshot_widget(dialog, "trust-server.png");
	adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), response);
	pump(100);
}

/* The mapped dialog called name, or NULL: one answered before may linger
 * unmapped among the toplevels. */
static GtkWidget *shown_dialog(const char *name)
{
	GListModel *toplevels = gtk_window_get_toplevels(); /* not ours */

	for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
		g_autoptr(GtkWidget) window = g_list_model_get_item(toplevels, i);
		if (g_strcmp0(gtk_widget_get_name(window), name) == 0 &&
		    gtk_widget_get_mapped(window))
			return window;
	}
	return NULL;
}

/* Waits for the confirmation dialog called name, checks its heading names
 * who and what (either may be NULL), takes a screenshot of it and answers
 * it. */
static void answer_confirm(const char *name, const char *who, const char *what,
                           const char *response)
{
	GtkWidget *dialog = NULL;
	const char *heading;

	g_assert_true(WAIT_UNTIL((dialog = shown_dialog(name)) != NULL, WAIT_S));
	heading = adw_message_dialog_get_heading(ADW_MESSAGE_DIALOG(dialog));
	g_test_message("%s: %s %s", name, heading,
	               adw_message_dialog_get_body(ADW_MESSAGE_DIALOG(dialog)));
	if (who != NULL)
		g_assert_nonnull(strstr(heading, who));
	if (what != NULL)
		g_assert_nonnull(strstr(heading, what));
	g_assert_true(adw_message_dialog_has_response(ADW_MESSAGE_DIALOG(dialog), response));
	if (g_strcmp0(response, "cancel") != 0) {
		g_autofree char *shot = g_strdup_printf("%s-%s.png", name, response);
		const char *act = adw_message_dialog_has_response(ADW_MESSAGE_DIALOG(dialog), "end")
		                      ? "end"
		                      : "now";
		/* The act that cannot be undone is styled so. */
		g_assert_cmpint(
		    adw_message_dialog_get_response_appearance(ADW_MESSAGE_DIALOG(dialog), act), ==,
		    ADW_RESPONSE_DESTRUCTIVE);
		screenshot_widget(dialog, shot);
	}
	/* As a click on the response's button does: respond, then close. */
	adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), response);
	gtk_window_close(GTK_WINDOW(dialog));
	pump(100);
}

static void test_sign_in(void)
{
	NetpontWindow *window = open_window();
	GtkWidget *error_label;
	g_autofree char *known =
	    g_build_filename(g_getenv("XDG_CONFIG_HOME"), "netpont", "known-servers", NULL);

	/* The first time, the console asks whether to trust the server, and
	 * sends the password only once the user accepted its fingerprint. */
	type_text(window, "signin-server", fx.address);
	type_text(window, "signin-user", "dora");
	type_text(window, "signin-password", "not-the-password");
	answer_trust_dialog(window, "cancel");
	g_assert_false(netpont_client_is_connected(netpont_window_get_client(window)));
	g_assert_false(g_file_test(known, G_FILE_TEST_EXISTS));

	/* Accepted, then a wrong password: the server's sentence, and still
	 * the form. */
	answer_trust_dialog(window, "accept");
	{
		g_autofree char *contents = NULL;
		g_autofree char *line = g_strdup_printf("%s %s\n", fx.address, fx.fingerprint);
		g_assert_true(g_file_get_contents(known, &contents, NULL, NULL));
		g_assert_cmpstr(contents, ==, line);
	}
	error_label = named(window, "signin-error");
	g_assert_true(WAIT_UNTIL(gtk_widget_get_visible(error_label), WAIT_S));
	g_assert_cmpstr(gtk_label_get_text(GTK_LABEL(error_label)), !=, "");
	g_test_message("refused sign-in: %s", gtk_label_get_text(GTK_LABEL(error_label)));
	g_assert_false(netpont_client_is_connected(netpont_window_get_client(window)));

	sign_in(window, "dora", MENTOR_PASSWORD);
	g_assert_true(WAIT_UNTIL(seat_named(window, "PC-02", NULL) != NULL, WAIT_S));
	g_assert_cmpstr(netpont_window_get_page(window), ==, "seats");
	g_assert_cmpint(netpont_client_get_role(netpont_window_get_client(window)), ==,
	                NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR);
	/* A mentor sees room work and nothing of the treasurer's or admin's. */
	netpont_window_show_page(window, "treasurer");
	g_assert_cmpstr(netpont_window_get_page(window), ==, "seats");
	netpont_window_show_page(window, "admin");
	g_assert_cmpstr(netpont_window_get_page(window), ==, "seats");
	netpont_window_show_page(window, "fees");
	g_assert_cmpstr(netpont_window_get_page(window), ==, "fees");
	/* Ctrl+F's action: the fee desk with the search focused. */
	netpont_window_show_page(window, "seats");
	gtk_widget_activate_action(GTK_WIDGET(window), "console.find-resident", NULL);
	g_assert_cmpstr(netpont_window_get_page(window), ==, "fees");
	g_assert_true(WAIT_UNTIL(gtk_widget_has_focus(named(window, "fees-search")) ||
	                             gtk_widget_is_ancestor(gtk_root_get_focus(GTK_ROOT(window)),
	                                                    named(window, "fees-search")),
	                         WAIT_S));
	/* F1's action: the help calls. */
	gtk_widget_activate_action(GTK_WIDGET(window), "console.page", "s", "help");
	g_assert_cmpstr(netpont_window_get_page(window), ==, "help");
	netpont_window_show_page(window, "seats");
	g_assert_true(signed_in(window));
	/* The server and the name are remembered for next time (GSettings'
	 * keyfile backend, in the test's own config directory), the password
	 * never. */
	{
		g_autofree char *path = g_build_filename(g_get_user_config_dir(), "glib-2.0",
		                                         "settings", "keyfile", NULL);
		g_autofree char *contents = NULL;
		g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
		g_assert_nonnull(strstr(contents, fx.address));
		g_assert_nonnull(strstr(contents, "'dora'"));
		g_assert_null(strstr(contents, MENTOR_PASSWORD));
	}
	fx.window = window;
}

static void test_assign_seat(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeat *seat;

	g_assert_nonnull(window);
	g_assert_true(
	    WAIT_UNTIL((seat = seat_named(window, "PC-01", NULL)) != NULL &&
	                   netpont_seat_get_state(seat) == NETPONT__SEAT_STATE__SEAT_STATE_FREE,
	               WAIT_S));
	select_seat(window, "PC-01");
	type_text(window, "seat-resident-search", "kovacs");
	/* The typed login is found and selected: the button wakes up. */
	click(window, "seat-start-resident");
	/* The console confirms first; waiting for it logs any refusal instead. */
	g_assert_true(WAIT_UNTIL(toast_shows(window, "Session started on PC-01."), WAIT_S));
	g_assert_true(wait_agent(0, "state", "unlocked"));
	g_assert_true(agent_field_is(0, "resident", "kovacs"));
	g_assert_true(
	    WAIT_UNTIL(netpont_seat_get_state(seat) == NETPONT__SEAT_STATE__SEAT_STATE_IN_USE &&
	                   netpont_seat_get_remaining(seat) > 0,
	               WAIT_S));
	g_assert_cmpstr(netpont_seat_get_resident_name(seat), ==, "Kovács Mária");
	/* The time left counts down by itself, once a second. */
	{
		gint64 before = netpont_seat_get_remaining(seat);
		pump(2200);
		g_assert_cmpint(netpont_seat_get_remaining(seat), <, before);
		g_assert_cmpint(netpont_seat_get_remaining(seat), >=, before - 4);
	}
	g_assert_true(WAIT_UNTIL(toast_shows(window, "PC-01"), WAIT_S));

	/* A walk-in guest on PC-02 with 30 minutes. */
	select_seat(window, "PC-02");
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(window, "seat-start-minutes")), 30);
	click(window, "seat-start-guest");
	g_assert_true(wait_agent(1, "state", "unlocked"));
	seat = seat_named(window, "PC-02", NULL);
	g_assert_true(WAIT_UNTIL(netpont_seat_is_guest(seat), WAIT_S));
	g_assert_cmpint(netpont_seat_get_remaining(seat), <=, 30 * 60);
	g_assert_cmpint(netpont_seat_get_remaining(seat), >, 25 * 60);
}

static void count_signal(guint *count, gpointer instance)
{
	(*count)++;
}

/* With a 3 s idle timeout the console stays connected only by pinging. */
static void test_heartbeat(void)
{
	NetpontClient *client = netpont_window_get_client(fx.window);
	guint changes = 0;
	gulong id = g_signal_connect_swapped(client, "connection-changed", G_CALLBACK(count_signal),
	                                     &changes);

	/* Longer than the console's 10 s connect timeout, shorter than the
	 * 15 s heartbeat of this server: a quiet room, where nothing but
	 * the next Pong will come. The connection must stay. */
	pump(11500);
	g_signal_handler_disconnect(client, id);
	g_assert_cmpuint(changes, ==, 0);
	g_assert_true(netpont_client_is_connected(client));
}

static void test_help_call(void)
{
	NetpontWindow *window = fx.window;
	const char *argv[] = {g_getenv("NETPONTCTL"),
	                      "--agent",
	                      fx.sock[0],
	                      "--json",
	                      "help",
	                      "Nem találom, hol kell feltölteni az önéletrajzot.",
	                      NULL};
	int status;
	NetpontHelpPage *help = of_type(window, NETPONT_TYPE_HELP_PAGE);
	NetpontSeat *seat = seat_named(window, "PC-01", NULL);
	g_autoptr(NetpontHelpItem) call = NULL;

	g_free(run(argv, ADMIN_PASSWORD, NULL, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	/* The call shows in the list and flashes on the tile. */
	g_assert_true(
	    WAIT_UNTIL(g_list_model_get_n_items(netpont_help_page_get_calls(help)) == 1, WAIT_S));
	g_assert_true(WAIT_UNTIL(
	    netpont_seat_get_help_state(seat) == NETPONT__HELP_STATE__HELP_STATE_OPEN, WAIT_S));
	g_assert_cmpuint(netpont_help_page_get_open_count(help), ==, 1);
	/* It cannot be missed: a message, and a badge on the Help calls page. */
	{
		AdwViewStack *stack =
		    ADW_VIEW_STACK(gtk_widget_get_ancestor(GTK_WIDGET(help), ADW_TYPE_VIEW_STACK));
		AdwViewStackPage *page = adw_view_stack_get_page(stack, GTK_WIDGET(help));
		g_assert_true(WAIT_UNTIL(adw_view_stack_page_get_badge_number(page) == 1, WAIT_S));
		g_assert_true(adw_view_stack_page_get_needs_attention(page));
		g_assert_true(WAIT_UNTIL(toast_shows(window, "PC-01"), WAIT_S));
	}
	call = g_list_model_get_item(netpont_help_page_get_calls(help), 0);
	g_assert_cmpstr(call->seat, ==, "PC-01");
	g_assert_nonnull(strstr(call->text, "önéletrajzot"));
	screenshot(window, "seat-map.png");

	netpont_window_show_page(window, "help");
	screenshot(window, "help-calls.png");
	click(window, "help-ack");
	g_assert_true(wait_agent(0, "help", "acknowledged"));
	g_assert_true(WAIT_UNTIL(netpont_help_page_get_open_count(help) == 0, WAIT_S));
	/* "Resolved…" asks what the call was about: its menu's items are
	 * help.resolve with the topic. */
	g_assert_true(GTK_IS_MENU_BUTTON(named(window, "help-resolve")));
	g_assert_true(gtk_widget_activate_action(GTK_WIDGET(help), "help.resolve", "s", "cv"));
	g_assert_true(
	    WAIT_UNTIL(g_list_model_get_n_items(netpont_help_page_get_calls(help)) == 0, WAIT_S));
	g_assert_true(WAIT_UNTIL(netpont_seat_get_help_id(seat) == 0, WAIT_S));
	netpont_window_show_page(window, "seats");
}

/* ------------------------------------------------------------ the desk's
 * help calls: the oldest waiting call selected, the reminder, the seat
 * panel */

/* PC number i (0: PC-01, 1: PC-02) calls a mentor. */
static void raise_help(guint i, const char *text)
{
	const char *argv[] = {g_getenv("NETPONTCTL"), "--agent", fx.sock[i], "help", text, NULL};
	int status;

	g_free(run(argv, ADMIN_PASSWORD, NULL, &status, NULL));
	g_assert_cmpint(status, ==, 0);
}

/* The seat of the call the help page has selected, or NULL. */
static const char *help_selected_seat(NetpontWindow *window)
{
	GtkSelectionModel *model =
	    gtk_column_view_get_model(GTK_COLUMN_VIEW(named(window, "help-view")));
	NetpontHelpItem *call = gtk_single_selection_get_selected_item(GTK_SINGLE_SELECTION(model));

	return call != NULL ? call->seat : NULL;
}

/* How many resolved calls of the help list carry topic (netpontctl). */
static guint resolved_with_topic(const char *topic)
{
	g_autofree char *out = ctl(0, "--json", "help", "list", "--all", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonArray *calls;
	guint n = 0;

	g_assert_true(json_parser_load_from_data(parser, out, -1, NULL));
	calls = json_node_get_array(json_parser_get_root(parser));
	for (guint i = 0; i < json_array_get_length(calls); i++) {
		JsonObject *call = json_array_get_object_element(calls, i);
		JsonNode *t = json_object_get_member(call, "topic");
		if (t != NULL && !JSON_NODE_HOLDS_NULL(t) &&
		    g_strcmp0(json_node_get_string(t), topic) == 0)
			n++;
	}
	return n;
}

/* Two calls: the one that waited longest is selected; the bell rings again
 * while any waits and stops once both are answered; resolving asks for the
 * topic. */
static void test_help_oldest_waiting_and_reminder(void)
{
	NetpontWindow *window = fx.window;
	NetpontHelpPage *help = of_type(window, NETPONT_TYPE_HELP_PAGE);
	guint rung;

	netpont_window_show_page(window, "help");
	raise_help(1, "PC-02 first");
	g_assert_true(
	    WAIT_UNTIL(g_list_model_get_n_items(netpont_help_page_get_calls(help)) == 1, WAIT_S));
	pump(1100); /* a second later, so the two are told apart by time too */
	raise_help(0, "PC-01 second");
	g_assert_true(
	    WAIT_UNTIL(g_list_model_get_n_items(netpont_help_page_get_calls(help)) == 2, WAIT_S));
	g_assert_cmpstr(help_selected_seat(window), ==, "PC-02");
	netpont_help_page_set_reminder_interval(help, 1);
	rung = netpont_help_page_get_reminder_count(help);
	g_assert_true(WAIT_UNTIL(netpont_help_page_get_reminder_count(help) >= rung + 2, WAIT_S));
	screenshot(window, "help-waiting.png");

	/* Answering PC-02 moves the selection to the next one waiting. */
	click(window, "help-ack");
	g_assert_true(wait_agent(1, "help", "acknowledged"));
	g_assert_true(WAIT_UNTIL(g_strcmp0(help_selected_seat(window), "PC-01") == 0, WAIT_S));
	click(window, "help-ack");
	g_assert_true(WAIT_UNTIL(netpont_help_page_get_open_count(help) == 0, WAIT_S));
	rung = netpont_help_page_get_reminder_count(help);
	pump(2500);
	g_assert_cmpuint(netpont_help_page_get_reminder_count(help), ==, rung);
	netpont_help_page_set_reminder_interval(help, 25);

	for (guint left = 2; left > 0; left--) {
		g_assert_true(WAIT_UNTIL(help_selected_seat(window) != NULL, WAIT_S));
		g_assert_true(gtk_widget_activate_action(GTK_WIDGET(help), "help.resolve", "s",
		                                         "job_search"));
		g_assert_true(WAIT_UNTIL(
		    g_list_model_get_n_items(netpont_help_page_get_calls(help)) == left - 1,
		    WAIT_S));
	}
	g_assert_cmpuint(resolved_with_topic("job_search"), ==, 2);
	netpont_window_show_page(window, "seats");
}

/* The seat panel answers the selected PC's call ("Dóra is coming" on the
 * PC, by her display name) and resolves it with a topic. */
static void test_help_from_the_seat_panel(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeatsPage *seats = of_type(window, NETPONT_TYPE_SEATS_PAGE);
	GtkWidget *group = named(window, "seat-help");
	NetpontSeat *seat = seat_named(window, "PC-01", NULL);

	g_free(ctl(0, "staff", "set", "dora", "--display-name", "Dóra", NULL));
	select_seat(window, "PC-01");
	g_assert_false(gtk_widget_get_visible(group));
	raise_help(0, "A nyomtató nem nyomtat.");
	g_assert_true(WAIT_UNTIL(gtk_widget_get_visible(group), WAIT_S));
	g_assert_true(GTK_IS_MENU_BUTTON(named(window, "seat-help-resolve")));
	screenshot(window, "seat-help.png");
	click(window, "seat-help-ack");
	g_assert_true(wait_agent(0, "help_by_display", "Dóra"));
	g_assert_true(WAIT_UNTIL(!gtk_widget_is_sensitive(named(window, "seat-help-ack")), WAIT_S));
	g_assert_true(
	    gtk_widget_activate_action(GTK_WIDGET(seats), "seat-help.resolve", "s", "printing"));
	g_assert_true(WAIT_UNTIL(netpont_seat_get_help_id(seat) == 0, WAIT_S));
	g_assert_true(WAIT_UNTIL(!gtk_widget_get_visible(group), WAIT_S));
	g_assert_cmpuint(resolved_with_topic("printing"), ==, 1);
}

static void test_refused_action(void)
{
	NetpontWindow *window = fx.window;
	int status;
	g_autofree char *err = NULL;
	const char *argv[] = {g_getenv("NETPONTCTL"),
	                      "--server",
	                      fx.address,
	                      "--user",
	                      "dora",
	                      "resident",
	                      "add",
	                      "kovacs",
	                      "--name",
	                      "Kovács Mária",
	                      "--pin",
	                      "9999",
	                      NULL};
	g_autofree char *expected = NULL;

	/* What the server says to a login that is taken ... */
	g_free(run(argv, MENTOR_PASSWORD, NULL, &status, &err));
	g_assert_cmpint(status, ==, 1);
	/* The refusal is stderr's last line: the warning that --pin is visible
	 * to other users comes first. */
	const char *line = strrchr(g_strchomp(err), '\n');
	line = line != NULL ? line + 1 : err;
	expected = g_strstrip(g_strdup(strchr(line, ':') != NULL ? strchr(line, ':') + 1 : line));
	g_assert_cmpstr(expected, !=, "");
	g_test_message("refusal: %s", expected);

	/* ... is what the mentor reads in the console. */
	netpont_window_show_page(window, "residents");
	type_text(window, "residents-login", "kovacs");
	type_text(window, "residents-name", "Kovács Mária");
	type_text(window, "residents-pin", "9999");
	click(window, "residents-add");
	g_assert_true(WAIT_UNTIL(toast_shows(window, expected), WAIT_S));

	/* A waiver without a note is refused by the server too: a toast,
	 * and no receipt. */
	netpont_window_show_page(window, "fees");
	type_text(window, "fees-search", "kovacs");
	g_assert_true(WAIT_UNTIL(
	    g_strcmp0(gtk_label_get_text(GTK_LABEL(named(window, "fees-due"))), "") != 0, WAIT_S));
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(window, "fees-amount")), 100);
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(window, "fees-method")), 1);
	type_text(window, "fees-note", "");
	click(window, "fees-pay");
	g_assert_true(WAIT_UNTIL(toast_shows(window, "note"), WAIT_S));
	g_assert_null(netpont_fees_page_get_last_receipt(of_type(window, NETPONT_TYPE_FEES_PAGE)));
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(window, "fees-method")), 0);
	netpont_window_show_page(window, "seats");
}

static GtkWidget *find_in_toplevels(const char *name)
{
	GListModel *toplevels = gtk_window_get_toplevels(); /* not ours */

	for (guint i = 0; i < g_list_model_get_n_items(toplevels); i++) {
		g_autoptr(GtkWidget) window = g_list_model_get_item(toplevels, i);
		GtkWidget *found = find_widget(window, name, G_TYPE_INVALID);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static gint64 label_amount(GtkWidget *label)
{
	/* "Due: 1 234 Ft" -> 1234 */
	const char *text = gtk_label_get_text(GTK_LABEL(label));
	gint64 value = 0;

	for (const char *p = text; *p; p++)
		if (g_ascii_isdigit(*p))
			value = value * 10 + (*p - '0');
	return value;
}

/* Shows window's residents page, finds query there and selects the one
 * resident found. Returns the model of the resident's history (owned by
 * the page). */
static GListModel *select_resident(NetpontWindow *window, const char *query)
{
	GtkColumnView *view = GTK_COLUMN_VIEW(named(window, "residents-view"));
	GtkColumnView *history = GTK_COLUMN_VIEW(named(window, "residents-history"));
	GListModel *residents = G_LIST_MODEL(gtk_column_view_get_model(view));

	netpont_window_show_page(window, "residents");
	type_text(window, "residents-search", query);
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(residents) == 1, WAIT_S));
	gtk_selection_model_select_item(GTK_SELECTION_MODEL(residents), 0, TRUE);
	return G_LIST_MODEL(gtk_column_view_get_model(history));
}

/* With no shift open the fee desk says so and offers to start one. */
static void test_fee_desk_warns_without_shift(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "fees");
	g_assert_true(WAIT_UNTIL(gtk_widget_get_mapped(named(window, "fees-no-shift")), WAIT_S));
	g_assert_true(gtk_widget_get_mapped(named(window, "fees-start-shift")));
	screenshot(window, "fee-desk-no-shift.png");
}

/* Once the shift is open the warning goes away. */
static void test_fee_desk_warning_gone_with_shift(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "fees");
	g_assert_true(WAIT_UNTIL(!gtk_widget_get_visible(named(window, "fees-no-shift")), WAIT_S));
}

/* The shift first, so the cash taken at the desk belongs to it. */
static void test_shift_start(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "shift");
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(window, "shift-float")), 5000);
	click(window, "shift-start");
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "shift-expected")) == 5000, WAIT_S));
}

/* Ending Mrs Kovács's session charges her time. */
static void test_session_end(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeat *seat = seat_named(window, "PC-01", NULL);

	netpont_window_show_page(window, "seats");
	select_seat(window, "PC-01");
	/* Asked first, naming her and the PC; Cancel changes nothing. */
	click(window, "seat-end");
	answer_confirm("seat-confirm-end", "Kovács Mária", "PC-01", "cancel");
	pump(500);
	g_assert_true(agent_field_is(0, "state", "unlocked"));
	g_assert_true(netpont_seat_has_session(seat));
	click(window, "seat-end");
	answer_confirm("seat-confirm-end", "Kovács Mária", "PC-01", "end");
	g_assert_true(wait_agent(0, "state", "locked"));
	g_assert_true(WAIT_UNTIL(!netpont_seat_has_session(seat), WAIT_S));
}

/* The fee desk: her bill, plus two copies, paid in full, with a receipt. */
static void test_fee_desk_payment(void)
{
	NetpontWindow *window = fx.window;
	NetpontFeesPage *fees = of_type(window, NETPONT_TYPE_FEES_PAGE);
	const NetpontReceipt *receipt;
	g_autofree char *pdf = g_build_filename(fx.screenshot_dir, "receipt.pdf", NULL);
	g_autofree char *contents = NULL;
	gint64 due;

	netpont_window_show_page(window, "fees");
	type_text(window, "fees-search", "");
	type_text(window, "fees-search", "kovacs");
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "fees-due")) > 0, WAIT_S));
	due = label_amount(named(window, "fees-due"));
	g_assert_true(WAIT_UNTIL(gtk_drop_down_get_selected(GTK_DROP_DOWN(
	                             named(window, "fees-service"))) != GTK_INVALID_LIST_POSITION,
	                         WAIT_S));
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(window, "fees-qty")), 2);
	click(window, "fees-add-charge");
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "fees-due")) > due, WAIT_S));
	due = label_amount(named(window, "fees-due"));
	g_assert_cmpint(
	    gtk_spin_button_get_value_as_int(GTK_SPIN_BUTTON(named(window, "fees-amount"))), ==,
	    due);
	screenshot(window, "fee-desk.png");
	click(window, "fees-pay");
	g_assert_true(
	    WAIT_UNTIL((receipt = netpont_fees_page_get_last_receipt(fees)) != NULL, WAIT_S));
	g_assert_cmpint(receipt->paid, ==, due);
	g_assert_cmpint(receipt->due_after, ==, 0);
	g_assert_cmpuint(receipt->lines->len, >=, 2);
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "fees-due")) == 0, WAIT_S));
	g_assert_true(netpont_receipt_save_pdf(receipt, pdf, NULL));
	g_assert_true(g_file_get_contents(pdf, &contents, NULL, NULL));
	g_assert_true(g_str_has_prefix(contents, "%PDF"));
	screenshot(window, "fee-desk-paid.png");
	fx.paid_at_desk = due;
}

/* The change helper: 500 handed over for 300 is 200 change; "keep the
 * change as credit" pays all 500. Nothing is paid here. */
static void test_fee_desk_change_helper(void)
{
	NetpontWindow *window = fx.window;
	GtkSpinButton *amount = GTK_SPIN_BUTTON(named(window, "fees-amount"));
	GtkSpinButton *tendered = GTK_SPIN_BUTTON(named(window, "fees-tendered"));

	netpont_window_show_page(window, "fees");
	gtk_spin_button_set_value(amount, 300);
	gtk_spin_button_set_value(tendered, 500);
	g_assert_cmpint(label_amount(named(window, "fees-change")), ==, 200);
	screenshot(window, "fee-desk-change.png");
	click(window, "fees-keep-change");
	g_assert_true(WAIT_UNTIL(gtk_spin_button_get_value_as_int(amount) == 500, WAIT_S));
	g_assert_true(g_str_has_prefix(gtk_label_get_text(GTK_LABEL(named(window, "fees-change"))),
	                               "Change:"));
	g_assert_cmpint(label_amount(named(window, "fees-change")), ==, 0);
	gtk_spin_button_set_value(tendered, 0);
	gtk_spin_button_set_value(amount, 0);
}

/* A wrong office item: the mentor takes it back at once, with a note. */
static void test_fee_desk_takes_back_last_item(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "fees");
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "fees-due")) == 0, WAIT_S));
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(window, "fees-qty")), 1);
	click(window, "fees-add-charge");
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "fees-due")) > 0, WAIT_S));
	type_text(window, "fees-note", "wrong item");
	click(window, "fees-undo-charge");
	g_assert_true(WAIT_UNTIL(label_amount(named(window, "fees-due")) == 0, WAIT_S));
	g_assert_false(gtk_widget_get_sensitive(named(window, "fees-undo-charge")));
}

/* End of shift: counted what was expected, no difference. */
static void test_shift_end(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "shift");
	g_assert_true(WAIT_UNTIL(
	    label_amount(named(window, "shift-expected")) == 5000 + fx.paid_at_desk, WAIT_S));
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(window, "shift-counted")),
	                          (double)(5000 + fx.paid_at_desk));
	/* Cancel first: nothing is sent, the shift stays open. */
	click(window, "shift-end");
	answer_confirm("confirm-shift-end", NULL, "End your shift", "cancel");
	pump(300);
	g_assert_true(gtk_widget_is_sensitive(named(window, "shift-counted")));
	click(window, "shift-end");
	answer_confirm("confirm-shift-end", NULL, "End your shift", "end");
	g_assert_true(WAIT_UNTIL(
	    g_str_has_prefix(gtk_label_get_text(GTK_LABEL(named(window, "shift-difference"))), "0"),
	    WAIT_S));
	screenshot(window, "shift.png");
}

/* The treasurer, in her own window, sees the money: totals, by service,
 * as CSV, and the shift's reconciliation. */
static void test_treasurer_totals(void)
{
	NetpontWindow *treasurer = open_window();
	NetpontTreasurerPage *report;
	g_autofree char *csv = g_build_filename(fx.screenshot_dir, "totals.csv", NULL);
	g_autofree char *contents = NULL;
	gint64 paid = 0, charged = 0;

	fx.treasurer = treasurer;
	sign_in(treasurer, "terez", TREASURER_PASSWORD);
	g_assert_true(WAIT_UNTIL(signed_in(treasurer), WAIT_S));
	netpont_window_show_page(treasurer, "fees");
	g_assert_cmpstr(netpont_window_get_page(treasurer), !=, "fees");
	netpont_window_show_page(treasurer, "treasurer");
	g_assert_cmpstr(netpont_window_get_page(treasurer), ==, "treasurer");
	report = of_type(treasurer, NETPONT_TYPE_TREASURER_PAGE);
	g_assert_true(
	    WAIT_UNTIL(netpont_treasurer_page_get_totals(report, &charged, &paid, NULL, NULL) &&
	                   paid >= fx.paid_at_desk,
	               WAIT_S));
	g_assert_cmpint(charged, >=, fx.paid_at_desk);
	g_assert_cmpint(label_amount(named(treasurer, "treasurer-paid")), ==, paid);
	/* By service: the copies and the computer time are separate rows. */
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(treasurer, "treasurer-by")), 1);
	{
		GListModel *rows = G_LIST_MODEL(
		    gtk_column_view_get_model(GTK_COLUMN_VIEW(named(treasurer, "treasurer-rows"))));
		gboolean copy = FALSE;
		g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(rows) >= 2, WAIT_S));
		for (guint i = 0; i < g_list_model_get_n_items(rows); i++) {
			g_autoptr(NetpontTotalsItem) row = g_list_model_get_item(rows, i);
			copy = copy || g_str_equal(row->key, "copy");
		}
		g_assert_true(copy);
	}
	g_assert_true(netpont_treasurer_page_write_csv(report, csv, NULL));
	g_assert_true(g_file_get_contents(csv, &contents, NULL, NULL));
	g_assert_true(g_str_has_prefix(contents, "key,charged,paid,waived\n"));
	g_assert_nonnull(strstr(contents, "\ntotal,"));
	/* The shift reconciliation is listed. */
	screenshot(treasurer, "treasurer.png");
	gtk_stack_set_visible_child_name(GTK_STACK(gtk_widget_get_ancestor(
	                                     named(treasurer, "treasurer-shifts"), GTK_TYPE_STACK)),
	                                 "shifts");
	/* All the cash was taken in the shift: none outside. */
	g_assert_true(WAIT_UNTIL(
	    g_strcmp0(gtk_label_get_text(GTK_LABEL(named(treasurer, "treasurer-cash-outside"))),
	              "No cash was taken outside a shift.") == 0,
	    WAIT_S));
	screenshot(treasurer, "treasurer-shifts.png");
}

/* A new payment reaches the treasurer's totals by itself. */
static void test_treasurer_live(void)
{
	NetpontTreasurerPage *report = of_type(fx.treasurer, NETPONT_TYPE_TREASURER_PAGE);
	gint64 paid = 0;

	g_free(ctl(0, "charge", "add", "nagyb", "copy", "--qty", "1", NULL));
	g_free(ctl(0, "pay", "nagyb", "--amount", "1", NULL));
	g_assert_true(
	    WAIT_UNTIL(netpont_treasurer_page_get_totals(report, NULL, &paid, NULL, NULL) &&
	                   paid >= fx.paid_at_desk + 1,
	               WAIT_S));
}

/* ------------------------------------------------------------ audit log */

/* The widget named name inside the audit view named view (each page that
 * shows the audit log has its own view). */
static GtkWidget *in_audit_view(NetpontWindow *window, const char *view, const char *name)
{
	GtkWidget *widget = find_widget(named(window, view), name, G_TYPE_INVALID);

	g_assert_nonnull(widget);
	return widget;
}

/* Shows the audit view named view in its page's tab and asks for its rows
 * again; returns its list. */
static GListModel *audit_view_reload(NetpontWindow *window, const char *view)
{
	gtk_stack_set_visible_child_name(
	    GTK_STACK(gtk_widget_get_ancestor(named(window, view), GTK_TYPE_STACK)), "audit");
	gtk_widget_activate(in_audit_view(window, view, "audit-show"));
	return G_LIST_MODEL(
	    gtk_column_view_get_model(GTK_COLUMN_VIEW(in_audit_view(window, view, "audit-rows"))));
}

/* Whether rows hold a row of staff's action whose detail contains detail. */
static gboolean audit_has(GListModel *rows, const char *staff, const char *action,
                          const char *detail)
{
	for (guint i = 0; i < g_list_model_get_n_items(rows); i++) {
		g_autoptr(NetpontAuditItem) row = g_list_model_get_item(rows, i);
		if (g_str_equal(row->staff, staff) && g_str_equal(row->action, action) &&
		    strstr(row->detail, detail) != NULL && row->when[0] != '\0')
			return TRUE;
	}
	return FALSE;
}

/* The treasurer reads the audit log in her page: Dóra's payment at the fee
 * desk is there, with her name. */
static void test_treasurer_audit(void)
{
	NetpontWindow *treasurer = fx.treasurer;
	GListModel *rows = audit_view_reload(treasurer, "treasurer-audit");

	g_assert_true(WAIT_UNTIL(audit_has(rows, "dora", "pay", "kovacs"), WAIT_S));
	screenshot(treasurer, "treasurer-audit.png");
}

/* The treasurer corrects Nagy Béla's payment: a reversing entry, with her
 * reason, and he owes again. */
static void test_treasurer_reverses(void)
{
	NetpontWindow *treasurer = fx.treasurer;
	GListModel *rows = select_resident(treasurer, "nagyb");
	guint payment = GTK_INVALID_LIST_POSITION;
	GtkWidget *note = NULL;
	g_autofree char *bill = NULL;

	g_assert_true(gtk_widget_get_visible(named(treasurer, "residents-reverse")));
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(rows) >= 2, WAIT_S));
	for (guint i = 0; i < g_list_model_get_n_items(rows); i++) {
		g_autoptr(NetpontHistoryItem) entry = g_list_model_get_item(rows, i);
		if (strstr(entry->what, "Payment") != NULL ||
		    strstr(entry->what, g_dgettext("netpont-console", "Payment")) != NULL)
			payment = i;
	}
	g_assert_cmpuint(payment, !=, GTK_INVALID_LIST_POSITION);
	gtk_selection_model_select_item(GTK_SELECTION_MODEL(rows), payment, TRUE);
	click(treasurer, "residents-reverse");
	g_assert_true(
	    WAIT_UNTIL((note = find_in_toplevels("residents-reverse-note")) != NULL, WAIT_S));
	gtk_editable_set_text(GTK_EDITABLE(note), "Counted twice by mistake.");
	adw_message_dialog_response(
	    ADW_MESSAGE_DIALOG(gtk_widget_get_ancestor(note, ADW_TYPE_MESSAGE_DIALOG)), "reverse");
	g_assert_true(WAIT_UNTIL(
	    toast_shows(treasurer, g_dgettext("netpont-console", "The entry is reversed; "
	                                                         "the correction is in the "
	                                                         "history.")),
	    WAIT_S));
	bill = ctl(0, "--json", "bill", "nagyb", NULL);
	g_assert_nonnull(strstr(bill, "\"due\" : 20"));
	screenshot(treasurer, "treasurer-residents.png");
	close_window(treasurer);
	fx.treasurer = NULL;
}

/* Shows the admin page's tab whose list is the widget named list. */
static void admin_show_tab(const char *list, const char *tab)
{
	gtk_stack_set_visible_child_name(
	    GTK_STACK(gtk_widget_get_ancestor(named(fx.admin, list), GTK_TYPE_STACK)), tab);
}

/* Enrolling a PC shows its token once, in a dialog. */
static void test_admin_enrol_seat(void)
{
	NetpontWindow *admin = open_window();
	GtkWidget *token = NULL;

	fx.admin = admin;
	sign_in(admin, "admin", ADMIN_PASSWORD);
	g_assert_true(WAIT_UNTIL(signed_in(admin), WAIT_S));
	netpont_window_show_page(admin, "admin");
	g_assert_cmpstr(netpont_window_get_page(admin), ==, "admin");

	type_text(admin, "admin-seat-name", "PC-03");
	click(admin, "admin-seat-add");
	g_assert_true(WAIT_UNTIL((token = find_in_toplevels("admin-seat-token")) != NULL, WAIT_S));
	g_assert_cmpuint(strlen(gtk_label_get_text(GTK_LABEL(token))), >=, 32);
	gtk_window_destroy(GTK_WINDOW(gtk_widget_get_root(token)));
	g_assert_true(WAIT_UNTIL(seat_named(fx.window, "PC-03", NULL) != NULL, WAIT_S));
}

/* A tariff set in the form is the server's tariff. */
static void test_admin_tariff(void)
{
	NetpontWindow *admin = fx.admin;
	g_autofree char *tariffs = NULL;

	type_text(admin, "admin-tariff-service", "scan");
	type_text(admin, "admin-tariff-label", "Scan (per page)");
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(admin, "admin-tariff-price")), 35);
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(admin, "admin-tariff-minutes")), 0);
	admin_show_tab("admin-tariffs", "tariffs");
	click(admin, "admin-tariff-save");
	g_assert_true(
	    WAIT_UNTIL(toast_shows(admin, g_dgettext("netpont-console", "Tariff saved.")), WAIT_S));
	tariffs = ctl(0, "--json", "tariff", "list", NULL);
	g_assert_nonnull(strstr(tariffs, "Scan (per page)"));
	screenshot(admin, "admin.png");
}

/* Opening hours: the week reads as seven rows and saves a lunch break; a
 * bad time is refused with the server's reason and changes nothing; a
 * closed date is added with a note and removed again. The day changed is
 * tomorrow, so that the sessions of the other tests keep their time. */
static void test_admin_opening_hours(void)
{
	NetpontWindow *admin = fx.admin;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	int day = g_date_time_get_day_of_week(now) % 7 + 1;
	g_autofree char *from = g_strdup_printf("hours-from-%d", day);
	g_autofree char *lunch_from = g_strdup_printf("hours-lunch-from-%d", day);
	g_autofree char *lunch_to = g_strdup_printf("hours-lunch-to-%d", day);
	g_autofree char *to = g_strdup_printf("hours-to-%d", day);
	g_autofree char *key = g_strdup_printf("hours_%d", day);

	admin_show_tab("admin-settings", "settings");
	g_assert_true(WAIT_UNTIL(
	    g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(named(admin, to))), "24:00") == 0,
	    WAIT_S));
	g_assert_true(gtk_switch_get_active(GTK_SWITCH(named(admin, "hours-open-7"))));
	type_text(admin, from, "25:99");
	click(admin, "hours-save");
	g_assert_true(WAIT_UNTIL(toast_shows(admin, key), WAIT_S));
	{
		g_autofree char *hours = ctl(0, "--json", "hours", "show", NULL);
		g_assert_null(strstr(hours, "25:99"));
	}
	type_text(admin, from, "08:00");
	type_text(admin, lunch_from, "12:00");
	type_text(admin, lunch_to, "13:00");
	click(admin, "hours-save");
	g_assert_true(WAIT_UNTIL(
	    toast_shows(admin, g_dgettext("netpont-console", "Opening hours saved.")), WAIT_S));
	{
		g_autofree char *hours = ctl(0, "--json", "hours", "show", NULL);
		g_assert_nonnull(strstr(hours, "\"08:00-12:00,13:00-24:00\""));
	}

	type_text(admin, "hours-closed-date", "2030-12-24");
	type_text(admin, "hours-closed-note", "Christmas Eve");
	click(admin, "hours-closed-add");
	GtkColumnView *closed = GTK_COLUMN_VIEW(named(admin, "hours-closed"));
	GListModel *rows = G_LIST_MODEL(gtk_column_view_get_model(closed));
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(rows) == 1, WAIT_S));
	{
		g_autofree char *list = ctl(0, "--json", "hours", "closed", "list", NULL);
		g_assert_nonnull(strstr(list, "Christmas Eve"));
	}
	screenshot(admin, "admin-hours.png");
	gtk_selection_model_select_item(GTK_SELECTION_MODEL(rows), 0, TRUE);
	click(admin, "hours-closed-remove");
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(rows) == 0, WAIT_S));
	g_free(ctl(0, "hours", "set", key + 6, "00:00-24:00", NULL));
}

/* Whether the administrator's list of fee categories shows label. */
static gboolean category_listed(NetpontWindow *admin, const char *label)
{
	GListModel *rows = G_LIST_MODEL(
	    gtk_column_view_get_model(GTK_COLUMN_VIEW(named(admin, "admin-categories"))));

	for (guint i = 0; i < g_list_model_get_n_items(rows); i++) {
		g_autoptr(NetpontCategoryItem) item = g_list_model_get_item(rows, i);
		if (g_strcmp0(item->label, label) == 0)
			return TRUE;
	}
	return FALSE;
}

/* A fee category from its form is the server's, with the display name
 * people read; the list shows that name. */
static void test_admin_category(void)
{
	NetpontWindow *admin = fx.admin;
	g_autofree char *categories = NULL;

	admin_show_tab("admin-categories", "categories");
	type_text(admin, "admin-category-name", "pensioner");
	type_text(admin, "admin-category-label", "Nyugdíjas");
	gtk_spin_button_set_value(GTK_SPIN_BUTTON(named(admin, "admin-category-percent")), 50);
	click(admin, "admin-category-save");
	g_assert_true(WAIT_UNTIL(
	    toast_shows(admin, g_dgettext("netpont-console", "Fee category saved.")), WAIT_S));
	categories = ctl(0, "--json", "category", "list", NULL);
	g_assert_nonnull(strstr(categories, "\"pensioner\""));
	g_assert_nonnull(strstr(categories, "\"Nyugdíjas\""));
	g_assert_true(WAIT_UNTIL(category_listed(admin, "Nyugdíjas"), WAIT_S));
	screenshot(admin, "admin-categories.png");
}

/* A staff account from its form is the server's. */
static void test_admin_staff(void)
{
	NetpontWindow *admin = fx.admin;
	g_autofree char *staff = NULL;

	admin_show_tab("admin-staff", "staff");
	type_text(admin, "admin-staff-name", "bence");
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(admin, "admin-staff-role")), 0);
	type_text(admin, "admin-staff-password", "bence-secret-1");
	click(admin, "admin-staff-add");
	g_assert_true(WAIT_UNTIL(toast_shows(admin, "bence"), WAIT_S));
	staff = ctl(0, "--json", "staff", "list", NULL);
	g_assert_nonnull(strstr(staff, "bence"));
}

/* Chooses the account name in the admin's staff pane, once listed. */
static NetpontStaffPane *staff_pane_select(NetpontWindow *admin, const char *name)
{
	NetpontStaffPane *pane = of_type(admin, NETPONT_TYPE_STAFF_PANE);
	GtkDropDown *account = GTK_DROP_DOWN(named(admin, "staff-pane-account"));

	/* The pane reloads with the admin page (after each change): the
	 * account shows up, and no reload in flight overwrites the form. */
	for (guint i = 0; i < 50; i++) {
		guint n = g_list_model_get_n_items(gtk_drop_down_get_model(account));
		for (guint j = 0; j < n; j++) {
			gtk_drop_down_set_selected(account, j);
			if (g_strcmp0(netpont_staff_pane_get_selected(pane)->name, name) == 0)
				return pane;
		}
		pump(100);
	}
	g_error("no account %s in the staff pane", name);
}

static gboolean staff_field_is(const char *name, const char *field, const char *value)
{
	g_autofree char *out = ctl(0, "--json", "staff", "list", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonArray *staff;

	g_assert_true(json_parser_load_from_data(parser, out, -1, NULL));
	staff = json_node_get_array(json_parser_get_root(parser));
	for (guint i = 0; i < json_array_get_length(staff); i++) {
		JsonObject *m = json_array_get_object_element(staff, i);
		if (g_strcmp0(json_object_get_string_member(m, "name"), name) != 0)
			continue;
		JsonNode *v = json_object_get_member(m, field);
		if (JSON_NODE_HOLDS_NULL(v))
			return value == NULL;
		if (json_node_get_value_type(v) == G_TYPE_BOOLEAN)
			return g_strcmp0(json_node_get_boolean(v) ? "true" : "false", value) == 0;
		return g_strcmp0(json_node_get_string(v), value) == 0;
	}
	return FALSE;
}

/* The staff pane: the administrator gives bence a display name, disables
 * and enables his account; disabling one's own account is refused with a
 * sentence and changes nothing. */
static void test_admin_staff_pane(void)
{
	NetpontWindow *admin = fx.admin;

	admin_show_tab("admin-staff", "staff");
	staff_pane_select(admin, "bence");
	type_text(admin, "staff-pane-display-name", "Bence");
	click(admin, "staff-pane-save");
	g_assert_true(POLL_UNTIL(staff_field_is("bence", "display_name", "Bence"), WAIT_S));
	click(admin, "staff-pane-disable");
	g_assert_true(POLL_UNTIL(staff_field_is("bence", "disabled", "true"), WAIT_S));
	g_assert_true(WAIT_UNTIL(
	    g_strcmp0(gtk_button_get_label(GTK_BUTTON(named(admin, "staff-pane-disable"))),
	              "Enable") == 0,
	    WAIT_S));
	screenshot(admin, "admin-staff-pane.png");
	click(admin, "staff-pane-disable");
	g_assert_true(POLL_UNTIL(staff_field_is("bence", "disabled", "false"), WAIT_S));

	staff_pane_select(admin, "admin");
	click(admin, "staff-pane-disable");
	g_assert_true(WAIT_UNTIL(toast_shows(admin, "your own account"), WAIT_S));
	g_assert_true(staff_field_is("admin", "disabled", "false"));
}

/* The administrator's audit log names the staff account just added and
 * the tariff just set, each by the administrator. */
static void test_admin_audit(void)
{
	NetpontWindow *admin = fx.admin;
	GListModel *rows = audit_view_reload(admin, "admin-audit");

	g_assert_true(WAIT_UNTIL(audit_has(rows, "admin", "staff.add", "bence"), WAIT_S));
	g_assert_true(audit_has(rows, "admin", "tariff.set", "scan"));
	g_assert_true(audit_has(rows, "dora", "session.start", "PC-01"));
	screenshot(admin, "admin-audit.png");
}

/* A resident's history and balance: Mrs Kovács's session and payment are
 * there. */
static void test_admin_resident_history(void)
{
	NetpontWindow *admin = fx.admin;
	GListModel *rows = select_resident(admin, "Kovács");

	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(rows) >= 3, WAIT_S));
	g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(named(admin, "residents-detail"))),
	                        "Kovács Mária"));
	screenshot(admin, "residents.png");
	close_window(admin);
	fx.admin = NULL;
}

static gboolean agent_bool_is(guint i, const char *field, gboolean value)
{
	g_autoptr(JsonParser) parser = agent_status(i);
	JsonObject *object;

	if (parser == NULL)
		return FALSE;
	object = json_node_get_object(json_parser_get_root(parser));
	return json_object_has_member(object, field) &&
	       json_object_get_boolean_member(object, field) == value;
}

/* A message from the seat panel reaches the PC. */
static void test_seat_message(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "seats");
	select_seat(window, "PC-01");
	type_text(window, "seat-message", "Kérem, a nyomtatót ne kapcsolja ki.");
	click(window, "seat-send-message");
	g_assert_true(wait_agent(0, "message", "Kérem, a nyomtatót ne kapcsolja ki."));
}

/* Out of order and back: every seat state on one map. */
static void test_out_of_order(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeat *seat = seat_named(window, "PC-01", NULL);

	netpont_window_show_page(window, "seats");
	select_seat(window, "PC-01");
	click(window, "seat-lock");
	answer_confirm("seat-confirm-lock", "PC-01", NULL, "now");
	g_assert_true(POLL_UNTIL(agent_bool_is(0, "out_of_order", TRUE), WAIT_S));
	g_assert_true(WAIT_UNTIL(
	    netpont_seat_get_state(seat) == NETPONT__SEAT_STATE__SEAT_STATE_LOCKED, WAIT_S));
	/* PC-03 was enrolled but has no agent: offline. */
	g_assert_true(WAIT_UNTIL(seat_named(window, "PC-03", NULL) != NULL, WAIT_S));
	g_assert_cmpint(netpont_seat_get_state(seat_named(window, "PC-03", NULL)), ==,
	                NETPONT__SEAT_STATE__SEAT_STATE_OFFLINE);
	screenshot(window, "seat-map-states.png");

	click(window, "seat-unlock");
	g_assert_true(WAIT_UNTIL(
	    netpont_seat_get_state(seat) == NETPONT__SEAT_STATE__SEAT_STATE_FREE, WAIT_S));
	g_assert_true(POLL_UNTIL(agent_bool_is(0, "out_of_order", FALSE), WAIT_S));
}

/* A PC enrolled and removed from the command line appears on the map and
 * leaves it again, without a reload. */
static void test_removed_seat_leaves_the_map(void)
{
	NetpontWindow *window = fx.window;

	netpont_window_show_page(window, "seats");
	g_free(ctl(0, "seat", "add", "PC-09", NULL));
	g_assert_true(WAIT_UNTIL(seat_named(window, "PC-09", NULL) != NULL, WAIT_S));
	g_free(ctl(0, "seat", "remove", "PC-09", NULL));
	g_assert_true(WAIT_UNTIL(seat_named(window, "PC-09", NULL) == NULL, WAIT_S));
	g_assert_nonnull(seat_named(window, "PC-01", NULL));
}

/* Runs sql on the room's database beside the running server, as another
 * program on the server would. */
static void room_sql(const char *sql)
{
	sqlite3 *db = NULL;
	char *error = NULL;

	g_assert_cmpint(sqlite3_open(fx.db, &db), ==, SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	g_assert_cmpint(sqlite3_exec(db, sql, NULL, NULL, &error), ==, SQLITE_OK);
	sqlite3_free(error);
	sqlite3_close(db);
}

/* A room of more PCs than one page holds: a reload of the seat map loads
 * every page (2,500 PCs more, three pages), in name order, and a reload
 * after they left drops them again. */
static void test_seat_map_pages(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeatsPage *page = of_type(window, NETPONT_TYPE_SEATS_PAGE);
	GListModel *seats = netpont_seats_page_get_seats(page);
	guint before = g_list_model_get_n_items(seats), at = 0;
	g_autoptr(NetpontSeat) last = NULL;

	netpont_window_show_page(window, "seats");
	room_sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
	         "INSERT INTO seats (name, token_hash, created_at) "
	         "SELECT printf('PC-B%04d', i), 'none', 0 FROM n");
	netpont_seats_page_reload(page);
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(seats) == before + 2500, WAIT_S));
	g_assert_nonnull(seat_named(window, "PC-B0001", &at));
	g_assert_nonnull(seat_named(window, "PC-B2500", NULL));
	last = g_list_model_get_item(seats, at + 2499);
	g_assert_cmpstr(netpont_seat_get_name(last), ==, "PC-B2500");
	room_sql("DELETE FROM seats WHERE name LIKE 'PC-B%'");
	netpont_seats_page_reload(page);
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(seats) == before, WAIT_S));
	g_assert_null(seat_named(window, "PC-B0001", NULL));
}

/* A search that matches more residents than one page holds lists them
 * all (2,500, three pages), in login order. */
static void test_resident_search_pages(void)
{
	NetpontWindow *window = fx.window;
	GtkColumnView *view = GTK_COLUMN_VIEW(named(window, "residents-view"));
	GListModel *residents = G_LIST_MODEL(gtk_column_view_get_model(view));
	g_autoptr(NetpontResidentItem) first = NULL;
	g_autoptr(NetpontResidentItem) last = NULL;

	room_sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) "
	         "INSERT INTO residents (login, name, pin_hash, category_id, created_at) "
	         "SELECT printf('lap%04d', i), printf('Lapozó Lili %04d', i), 'none', "
	         "(SELECT id FROM categories WHERE name = 'standard'), 0 FROM n");
	netpont_window_show_page(window, "residents");
	type_text(window, "residents-search", "Lapozó Lili");
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(residents) == 2500, WAIT_S));
	first = g_list_model_get_item(residents, 0);
	last = g_list_model_get_item(residents, 2499);
	g_assert_cmpstr(first->login, ==, "lap0001");
	g_assert_cmpstr(last->login, ==, "lap2500");
	type_text(window, "residents-search", "");
	room_sql("DELETE FROM residents WHERE login LIKE 'lap%'");
}

/* A PIN reset from the residents page works at the PC at once. */
static void test_pin_reset(void)
{
	NetpontWindow *window = fx.window;
	const char *login[] = {
	    g_getenv("NETPONTCTL"), "--agent", fx.sock[0], "login", "kovacs", "2468", NULL};
	const char *logout[] = {g_getenv("NETPONTCTL"), "--agent", fx.sock[0], "logout", NULL};
	int status;

	select_resident(window, "kovacs");
	g_assert_true(WAIT_UNTIL(
	    g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(named(window, "residents-name"))),
	              "Kovács Mária") == 0,
	    WAIT_S));
	type_text(window, "residents-pin", "2468");
	click(window, "residents-reset-pin");
	g_assert_true(WAIT_UNTIL(
	    toast_shows(window, g_dgettext("netpont-console", "The PIN is reset; the resident "
	                                                      "can sign in again.")),
	    WAIT_S));
	g_free(run(login, ADMIN_PASSWORD, NULL, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	g_assert_true(wait_agent(0, "state", "unlocked"));
	g_free(run(logout, ADMIN_PASSWORD, NULL, &status, NULL));
	g_assert_cmpint(status, ==, 0);
	g_assert_true(wait_agent(0, "state", "locked"));
	netpont_window_show_page(window, "seats");
}

/* ------------------------------------------------------------ held prints */

/* A stand-in for an agent on PC-04: the test speaks the protocol itself, so
 * that a held print reaches the console without CUPS. Over TLS with the
 * server's certificate pinned, as the agent does. Pings every second (the
 * server's idle timeout is 3 s here) while the main loop runs. */
static struct {
	GIOStream *conn; /* the TLS connection */
	GPollableInputStream *in;
	GOutputStream *out;
	np_frame_reader reader;
	guint ping_source;
	guint64 next_id;
	guint release_events; /* PrintReleaseEvents received, also those skipped */
} fake;

static void fake_send(Netpont__Envelope *env)
{
	g_autofree uint8_t *frame = NULL;
	size_t len = 0, sent = 0;

	env->id = ++fake.next_id;
	g_assert_cmpint(np_frame_encode(env, NP_FRAME_DEFAULT_MAX, &frame, &len), ==, NP_FRAME_OK);
	g_autoptr(GError) error = NULL;
	g_output_stream_write_all(fake.out, frame, len, &sent, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(sent, ==, len);
}

static gboolean fake_ping(gpointer data)
{
	Netpont__Ping ping = NETPONT__PING__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;

	(void)data;
	env.body_case = NETPONT__ENVELOPE__BODY_PING;
	env.ping = &ping;
	fake_send(&env);
	return G_SOURCE_CONTINUE;
}

/* The next frame of kind body from the server (others, like Pongs, are
 * skipped), within WAIT_S; the main loop runs meanwhile. Caller frees. */
static Netpont__Envelope *fake_receive(Netpont__Envelope__BodyCase body)
{
	gint64 end = g_get_monotonic_time() + WAIT_S * G_USEC_PER_SEC;

	while (g_get_monotonic_time() < end) {
		char buf[4096];
		g_autoptr(GError) error = NULL;
		gssize n = g_pollable_input_stream_read_nonblocking(fake.in, buf, sizeof buf, NULL,
		                                                    &error);
		if (n < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
			pump(20);
			continue;
		}
		g_assert_no_error(error);
		g_assert_cmpint(n, >, 0);
		/* One frame at a time: the rest stays in the reader's input. */
		for (gssize at = 0; at < n;) {
			Netpont__Envelope *env = NULL;
			size_t used = 0;
			int rc = np_frame_reader_feed(&fake.reader, (const uint8_t *)buf + at,
			                              (size_t)(n - at), &used, &env);
			g_assert_cmpint(rc, >=, 0);
			at += (gssize)used;
			if (rc != NP_FRAME_OK)
				break;
			if (env->body_case == NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT)
				fake.release_events++;
			if (env->body_case == body) {
				/* Frames after it in buf are not needed by the test. */
				return env;
			}
			netpont__envelope__free_unpacked(env, NULL);
		}
	}
	g_error("the server sent no frame of kind %d", (int)body);
	return NULL;
}

/* The fake agent pins the server's certificate like the real one. */
static gboolean fake_accept_certificate(GTlsConnection *tls, GTlsCertificate *cert,
                                        GTlsCertificateFlags errors, gpointer data)
{
	g_autoptr(GByteArray) der = NULL;
	char fingerprint[NP_FINGERPRINT_SIZE];

	g_object_get(cert, "certificate", &der, NULL);
	netpont_fingerprint_of_der(der->data, der->len, fingerprint);
	return g_strcmp0(fingerprint, fx.fingerprint) == 0;
}

static void fake_connect(const char *seat, const char *token)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	g_autoptr(GSocketConnection) tcp = NULL;
	g_autoptr(GError) error = NULL;
	Netpont__Hello hello = NETPONT__HELLO__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__Envelope *welcome;

	tcp = g_socket_client_connect_to_host(client, fx.address, 0, NULL, &error);
	g_assert_no_error(error);
	fake.conn = g_tls_client_connection_new(G_IO_STREAM(tcp), NULL, &error);
	g_assert_no_error(error);
	g_signal_connect(fake.conn, "accept-certificate", G_CALLBACK(fake_accept_certificate),
	                 NULL);
	g_assert_true(g_tls_connection_handshake(G_TLS_CONNECTION(fake.conn), NULL, &error));
	g_assert_no_error(error);
	fake.in = G_POLLABLE_INPUT_STREAM(g_io_stream_get_input_stream(fake.conn));
	fake.out = g_io_stream_get_output_stream(fake.conn);
	np_frame_reader_init(&fake.reader, NP_FRAME_DEFAULT_MAX);
	hello.protocol_version = NP_PROTOCOL_VERSION;
	hello.role = NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
	hello.seat = (char *)seat;
	hello.token = (char *)token;
	hello.client_name = "test-console fake agent";
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &hello;
	fake_send(&env);
	welcome = fake_receive(NETPONT__ENVELOPE__BODY_WELCOME);
	netpont__envelope__free_unpacked(welcome, NULL);
	fake.ping_source = g_timeout_add_seconds(1, fake_ping, NULL);
}

static void fake_close(void)
{
	g_clear_handle_id(&fake.ping_source, g_source_remove);
	np_frame_reader_reset(&fake.reader);
	g_io_stream_close(fake.conn, NULL, NULL);
	g_clear_object(&fake.conn);
	fake.in = NULL;
	fake.out = NULL;
}

/* Reports n held jobs "HOLD/<41+i>/1795000000" and waits for the Ok. */
static void fake_report_held(size_t n)
{
	Netpont__HeldPrint jobs[2];
	Netpont__HeldPrint *ptrs[2];
	Netpont__AgentHeldPrints held = NETPONT__AGENT_HELD_PRINTS__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	char keys[2][64];

	g_assert_cmpuint(n, <=, 2);
	for (size_t i = 0; i < n; i++) {
		netpont__held_print__init(&jobs[i]);
		g_snprintf(keys[i], sizeof keys[i], "HOLD/%zu/1795000000", 41 + i);
		jobs[i].job_key = keys[i];
		jobs[i].title = i == 0 ? "Önéletrajz <végleges>.pdf" : "Menetrend";
		jobs[i].pages = 3;
		jobs[i].copies = 2;
		jobs[i].color = TRUE;
		jobs[i].amount = 600;
		ptrs[i] = &jobs[i];
	}
	held.n_jobs = n;
	held.jobs = ptrs;
	env.body_case = NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS;
	env.agent_held_prints = &held;
	fake_send(&env);
	Netpont__Envelope *ok = fake_receive(NETPONT__ENVELOPE__BODY_OK);
	netpont__envelope__free_unpacked(ok, NULL);
}

/* Whether the tile of seat shows the "print waiting" badge. */
static gboolean print_badge_shown(GtkWidget *root, NetpontSeat *seat)
{
	if (NETPONT_IS_SEAT_TILE(root) &&
	    netpont_seat_tile_get_seat(NETPONT_SEAT_TILE(root)) == seat) {
		GtkWidget *badge = find_widget(root, "seat-print-badge", G_TYPE_INVALID);
		return badge != NULL && gtk_widget_get_visible(badge);
	}
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child))
		if (print_badge_shown(child, seat))
			return TRUE;
	return FALSE;
}

/* The widget named name in the row-th row of the held-print list. */
static GtkWidget *held_button(guint row, const char *name)
{
	GtkWidget *list = named(fx.window, "seat-held-list");
	GtkListBoxRow *list_row = gtk_list_box_get_row_at_index(GTK_LIST_BOX(list), (int)row);

	g_assert_nonnull(list_row);
	return find_widget(GTK_WIDGET(list_row), name, G_TYPE_INVALID);
}

/* A print held on a PC shows on its tile and in the panel. */
static void test_held_print_shown(void)
{
	NetpontWindow *window = fx.window;
	g_autofree char *json = ctl(0, "--json", "seat", "add", "PC-04", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	NetpontSeat *seat;

	g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
	netpont_window_show_page(window, "seats");
	fake_connect("PC-04", json_object_get_string_member(
	                          json_node_get_object(json_parser_get_root(parser)), "token"));
	g_assert_true(WAIT_UNTIL((seat = seat_named(window, "PC-04", NULL)) != NULL, WAIT_S));
	g_assert_false(print_badge_shown(GTK_WIDGET(window), seat));

	fake_report_held(2);
	g_assert_true(WAIT_UNTIL(netpont_seat_get_n_held_prints(seat) == 2, WAIT_S));
	g_assert_true(WAIT_UNTIL(print_badge_shown(GTK_WIDGET(window), seat), WAIT_S));
	select_seat(window, "PC-04");
	g_assert_true(
	    WAIT_UNTIL(gtk_widget_get_visible(named(window, "seat-held-prints")), WAIT_S));
	screenshot(window, "seat-held-print.png");
}

/* Cancel on the first row: the PC is told which job, once. Both buttons of
 * that row go insensitive at once, so a double click sends nothing more;
 * the other row stays usable. */
static void test_held_print_cancel(void)
{
	NetpontWindow *window = fx.window;
	GtkWidget *cancel;
	GtkWidget *print;
	Netpont__Envelope *release;

	click(window, "seat-held-cancel");
	cancel = held_button(0, "seat-held-cancel");
	print = held_button(0, "seat-held-print");
	/* A keyboard activation clicks after a short flash. */
	g_assert_true(WAIT_UNTIL(!gtk_widget_is_sensitive(cancel), WAIT_S));
	g_assert_false(gtk_widget_is_sensitive(print));
	/* Activated again anyway: still one request (counted when the
	 * prints are gone). */
	gtk_widget_activate(cancel);
	gtk_widget_activate(print);
	pump(500);
	g_assert_true(gtk_widget_is_sensitive(held_button(1, "seat-held-cancel")));
	release = fake_receive(NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT);
	g_assert_cmpstr(release->print_release_event->job_key, ==, "HOLD/41/1795000000");
	g_assert_true(release->print_release_event->cancel);
	netpont__envelope__free_unpacked(release, NULL);
	g_assert_true(WAIT_UNTIL(
	    toast_shows(window, g_dgettext("netpont-console", "nothing is charged")), WAIT_S));
}

/* Print on the other: released, not cancelled. */
static void test_held_print_release(void)
{
	NetpontSeat *seat = seat_named(fx.window, "PC-04", NULL);
	GtkWidget *print;
	Netpont__Envelope *release;

	/* Each report is awaited in the console: waiting only for the two
	 * jobs was satisfied by the rows still shown from before, and the
	 * Print below was then activated on a row that the late "none held"
	 * report destroyed before it clicked. */
	fake_report_held(0);
	g_assert_true(WAIT_UNTIL(netpont_seat_get_n_held_prints(seat) == 0, WAIT_S));
	fake_report_held(2);
	g_assert_true(WAIT_UNTIL(netpont_seat_get_n_held_prints(seat) == 2, WAIT_S));
	print = held_button(1, "seat-held-print");
	g_assert_nonnull(print);
	g_assert_true(WAIT_UNTIL(gtk_widget_is_sensitive(print), WAIT_S));
	gtk_widget_activate(print);
	release = fake_receive(NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT);
	g_assert_cmpstr(release->print_release_event->job_key, ==, "HOLD/42/1795000000");
	g_assert_false(release->print_release_event->cancel);
	netpont__envelope__free_unpacked(release, NULL);
}

/* The PC reports both gone: the panel and the badge follow. */
static void test_held_print_gone(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeat *seat = seat_named(window, "PC-04", NULL);

	fake_report_held(0);
	/* One request per click that counted: the double click sent none. */
	g_assert_cmpuint(fake.release_events, ==, 2);
	g_assert_true(WAIT_UNTIL(netpont_seat_get_n_held_prints(seat) == 0, WAIT_S));
	g_assert_true(WAIT_UNTIL(!print_badge_shown(GTK_WIDGET(window), seat), WAIT_S));
	g_assert_false(gtk_widget_get_visible(named(window, "seat-held-prints")));
	fake_close();
}

static void test_reconnect(void)
{
	NetpontWindow *window = fx.window;
	NetpontClient *client = netpont_window_get_client(window);
	GtkWidget *banner = named(window, "connection-banner");
	const char *argv[] = {g_getenv("NETPONTD"), "--config", fx.config, "--db", fx.db,
	                      "--listen",           fx.address, NULL};

	netpont_window_show_page(window, "seats");
	g_subprocess_send_signal(fx.server, SIGTERM);
	g_subprocess_wait(fx.server, NULL, NULL);
	g_clear_object(&fx.server);
	/* The banner shows and the stale seats are gone. */
	g_assert_true(
	    WAIT_UNTIL(netpont_client_get_state(client) == NETPONT_CLIENT_RECONNECTING, WAIT_S));
	g_assert_true(gtk_revealer_get_reveal_child(
	    GTK_REVEALER(gtk_widget_get_ancestor(banner, GTK_TYPE_REVEALER))));
	g_assert_null(seat_named(window, "PC-01", NULL));
	screenshot(window, "connection-lost.png");

	fx.server = spawn_logged(argv, "netpontd-2.log");
	g_assert_true(WAIT_UNTIL(netpont_client_is_connected(client), 40));
	g_assert_true(WAIT_UNTIL(seat_named(window, "PC-02", NULL) != NULL, WAIT_S));
	g_assert_true(
	    WAIT_UNTIL(netpont_seat_has_session(seat_named(window, "PC-02", NULL)), WAIT_S));
}

static void test_sign_out(void)
{
	NetpontWindow *window = fx.window;
	gpointer client = netpont_window_get_client(window);
	gpointer weak_window = window;

	gtk_widget_activate_action(GTK_WIDGET(window), "console.sign-out", NULL);
	g_assert_false(netpont_client_is_connected(client));
	g_assert_null(seat_named(window, "PC-01", NULL));
	g_assert_true(gtk_widget_get_visible(named(window, "signin-button")));
	/* Closing the window frees it and its client: no request, timer or
	 * I/O callback keeps either alive. */
	g_object_add_weak_pointer(G_OBJECT(client), &client);
	g_object_add_weak_pointer(G_OBJECT(window), &weak_window);
	close_window(window);
	fx.window = NULL;
	g_assert_true(WAIT_UNTIL(client == NULL && weak_window == NULL, WAIT_S));
}

/* ------------------------------------------------------------ layout, refusals to act at once */

/* Locking a PC in use warns its resident first: a message on the PC at
 * once, the session runs on for the grace; ending it then locks the PC. */
static void test_lock_warns_first(void)
{
	NetpontWindow *window = fx.window;
	NetpontSeat *seat;
	g_autoptr(JsonParser) status = NULL;

	g_free(ctl(0, "session", "start", "PC-01", "--resident", "nagyb", NULL));
	g_assert_true(wait_agent(0, "state", "unlocked"));
	g_assert_true(WAIT_UNTIL((seat = seat_named(window, "PC-01", NULL)) != NULL &&
	                             netpont_seat_has_session(seat),
	                         WAIT_S));
	netpont_window_show_page(window, "seats");
	select_seat(window, "PC-01");
	g_test_message("PC-01: %s, %s", netpont_seat_has_session(seat) ? "session" : "no session",
	               gtk_label_get_text(GTK_LABEL(named(window, "seat-detail"))));
	click(window, "seat-lock");
	answer_confirm("seat-confirm-lock", "PC-01", NULL, "later");
	g_assert_true(POLL_UNTIL(({
		                         g_clear_object(&status);
		                         status = agent_status(0);
		                         JsonObject *o =
		                             json_node_get_object(json_parser_get_root(status));
		                         json_object_has_member(o, "message") &&
		                             strstr(json_object_get_string_member(o, "message"),
		                                    "save your work") != NULL;
	                         }),
	                         WAIT_S));
	/* The resident keeps the PC for now. */
	g_assert_true(agent_field_is(0, "state", "unlocked"));
	g_assert_true(netpont_seat_has_session(seat));
	/* The mentor need not wait: ending the session locks it now. */
	click(window, "seat-end");
	answer_confirm("seat-confirm-end", "Nagy Béla", "PC-01", "end");
	g_assert_true(wait_agent(0, "state", "locked"));
	g_assert_true(POLL_UNTIL(agent_bool_is(0, "out_of_order", TRUE), WAIT_S));
	click(window, "seat-unlock");
	g_assert_true(WAIT_UNTIL(
	    netpont_seat_get_state(seat) == NETPONT__SEAT_STATE__SEAT_STATE_FREE, WAIT_S));
}

/* The residents page shows a balance changed elsewhere (here netpontctl,
 * as another desk would) without a reload. */
static void test_residents_follow_the_ledger(void)
{
	NetpontWindow *window = fx.window;
	GtkLabel *detail;
	g_autofree char *before = NULL;

	select_resident(window, "Nagy");
	detail = GTK_LABEL(named(window, "residents-detail"));
	g_assert_true(WAIT_UNTIL(strstr(gtk_label_get_text(detail), "Nagy Béla") != NULL, WAIT_S));
	before = g_strdup(gtk_label_get_text(detail));
	g_free(ctl(0, "charge", "add", "nagyb", "copy", "--qty", "3", NULL));
	g_assert_true(WAIT_UNTIL(g_strcmp0(gtk_label_get_text(detail), before) != 0, WAIT_S));
	g_test_message("before: %s; after: %s", before, gtk_label_get_text(detail));
}

/* A seat tile shows the PC's whole name at the window's usual size. */
static void test_tile_names_whole(void)
{
	NetpontWindow *window = fx.window;
	GtkWidget *grid = named(window, "seat-grid");
	guint tiles = 0;

	netpont_window_show_page(window, "seats");
	pump(300);
	for (GtkWidget *child = gtk_widget_get_first_child(grid); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		GtkWidget *label = find_widget(child, "seat-tile-name", G_TYPE_INVALID);
		PangoLayout *layout;
		if (label == NULL || !gtk_widget_get_mapped(label))
			continue;
		layout = gtk_label_get_layout(GTK_LABEL(label));
		g_test_message("tile %s", gtk_label_get_text(GTK_LABEL(label)));
		g_assert_false(pango_layout_is_ellipsized(layout));
		g_assert_cmpint(pango_layout_get_line_count(layout), ==, 1);
		tiles++;
	}
	g_assert_cmpuint(tiles, >=, 2);
}

/* The first mapped descendant of root (or root) of type, with css_class if
 * not NULL. */
static GtkWidget *find_mapped(GtkWidget *root, GType type, const char *css_class)
{
	if (!gtk_widget_get_mapped(root))
		return NULL;
	if (G_TYPE_CHECK_INSTANCE_TYPE(root, type) &&
	    (css_class == NULL || gtk_widget_has_css_class(root, css_class)))
		return root;
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		GtkWidget *found = find_mapped(child, type, css_class);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* The titles of the pages the switcher that shows offers: the header's
 * (wide) or the bottom bar's (narrow), whichever is mapped. NULL if none. */
static GPtrArray *switcher_offers(NetpontWindow *window)
{
	GtkWidget *title = named(window, "switcher-title");
	GtkWidget *bar = named(window, "switcher-bar");
	/* The title holds a wide and a narrow switcher and shows one of them. */
	GtkWidget *shown = find_mapped(title, ADW_TYPE_VIEW_SWITCHER, NULL);
	GPtrArray *titles;

	if (shown == NULL)
		shown = find_mapped(bar, ADW_TYPE_VIEW_SWITCHER, NULL);
	if (shown == NULL)
		return NULL;
	titles = g_ptr_array_new_with_free_func(g_free);
	for (GtkWidget *button = gtk_widget_get_first_child(shown); button != NULL;
	     button = gtk_widget_get_next_sibling(button)) {
		GtkWidget *label;
		if (!gtk_widget_get_mapped(button))
			continue;
		/* Each button holds its title twice (wide and narrow); the mapped one counts. */
		label = find_mapped(button, GTK_TYPE_LABEL, NULL);
		g_assert_nonnull(label);
		g_ptr_array_add(titles, g_strdup(gtk_label_get_text(GTK_LABEL(label))));
	}
	return titles;
}

static gboolean switcher_shows(NetpontWindow *window)
{
	g_autoptr(GPtrArray) offered = switcher_offers(window);

	return offered != NULL;
}

/* The titles of the view stack's visible pages: what the role may see. */
static GPtrArray *role_pages(NetpontWindow *window)
{
	AdwViewStack *stack =
	    ADW_VIEW_STACK(find_widget(GTK_WIDGET(window), NULL, ADW_TYPE_VIEW_STACK));
	g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages(stack);
	GPtrArray *titles = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < g_list_model_get_n_items(G_LIST_MODEL(pages)); i++) {
		g_autoptr(AdwViewStackPage) page = g_list_model_get_item(G_LIST_MODEL(pages), i);
		if (adw_view_stack_page_get_visible(page))
			g_ptr_array_add(titles, g_strdup(adw_view_stack_page_get_title(page)));
	}
	return titles;
}

/* Writes the server into known-servers, as an accepted trust dialog would:
 * the tests below sign in windows of their own. */
static void trust_server(void)
{
	g_autofree char *dir = g_build_filename(g_getenv("XDG_CONFIG_HOME"), "netpont", NULL);
	g_autofree char *known = g_build_filename(dir, "known-servers", NULL);
	g_autofree char *line = g_strdup_printf("%s %s\n", fx.address, fx.fingerprint);

	if (g_file_test(known, G_FILE_TEST_EXISTS))
		return;
	g_mkdir_with_parents(dir, 0700);
	g_assert_true(g_file_set_contents(known, line, -1, NULL));
}

static NetpontWindow *open_window_sized(int width, int height, const char *user,
                                        const char *password)
{
	NetpontWindow *window = netpont_window_new(NULL);

	trust_server();
	gtk_window_set_default_size(GTK_WINDOW(window), width, height);
	gtk_window_present(GTK_WINDOW(window));
	g_assert_true(WAIT_UNTIL(gtk_widget_get_mapped(GTK_WIDGET(window)), WAIT_S));
	/* The default size counts the client-side shadow on a bare X server;
	 * the window itself is to be width×height, as on a screen that size. */
	pump(200);
	gtk_window_set_default_size(GTK_WINDOW(window),
	                            2 * width - gtk_widget_get_width(GTK_WIDGET(window)),
	                            2 * height - gtk_widget_get_height(GTK_WIDGET(window)));
	if (!WAIT_UNTIL(gtk_widget_get_width(GTK_WIDGET(window)) == width &&
	                    gtk_widget_get_height(GTK_WIDGET(window)) == height,
	                WAIT_S)) {
		int min_width, min_height;
		gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
		                   NULL, NULL, NULL);
		gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_VERTICAL, width, &min_height,
		                   NULL, NULL, NULL);
		/* Who asks for the width: the header bar or a page. */
		for (GtkWidget *w = find_widget(GTK_WIDGET(window), NULL, ADW_TYPE_HEADER_BAR);
		     w != NULL; w = NULL) {
			int m;
			gtk_widget_measure(w, GTK_ORIENTATION_HORIZONTAL, -1, &m, NULL, NULL, NULL);
			g_test_message("header bar: at least %d px wide", m);
		}
		{
			AdwViewStack *stack = ADW_VIEW_STACK(
			    find_widget(GTK_WIDGET(window), NULL, ADW_TYPE_VIEW_STACK));
			g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages(stack);
			for (guint i = 0; i < g_list_model_get_n_items(G_LIST_MODEL(pages)); i++) {
				g_autoptr(AdwViewStackPage) page =
				    g_list_model_get_item(G_LIST_MODEL(pages), i);
				int m, mh;
				gtk_widget_measure(adw_view_stack_page_get_child(page),
				                   GTK_ORIENTATION_HORIZONTAL, -1, &m, NULL, NULL,
				                   NULL);
				gtk_widget_measure(adw_view_stack_page_get_child(page),
				                   GTK_ORIENTATION_VERTICAL, -1, &mh, NULL, NULL,
				                   NULL);
				g_test_message("page %s: at least %d×%d px",
				               adw_view_stack_page_get_name(page), m, mh);
			}
		}
		g_error("the window is %d×%d, not %d×%d; its minimum is %d×%d",
		        gtk_widget_get_width(GTK_WIDGET(window)),
		        gtk_widget_get_height(GTK_WIDGET(window)), width, height, min_width,
		        min_height);
	}
	sign_in(window, user, password);
	g_assert_true(WAIT_UNTIL(signed_in(window), WAIT_S));
	g_assert_true(WAIT_UNTIL(seat_named(window, "PC-02", NULL) != NULL, WAIT_S));
	pump(300);
	return window;
}

/* After sign-in a switcher shows, for every role and at every width, and
 * offers exactly the role's pages. */
static void test_switcher_for_each_role(void)
{
	static const struct {
		const char *user, *password;
		guint pages;
	} roles[] = {
	    {"dora", MENTOR_PASSWORD, 7},
	    {"terez", TREASURER_PASSWORD, 3},
	    {"admin", ADMIN_PASSWORD, 9},
	};
	static const int widths[] = {1024, 1366, 1900};

	for (guint r = 0; r < G_N_ELEMENTS(roles); r++) {
		for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
			NetpontWindow *window =
			    open_window_sized(widths[w], 700, roles[r].user, roles[r].password);
			g_autoptr(GPtrArray) want = role_pages(window);
			g_autoptr(GPtrArray) offered = NULL;

			if (!WAIT_UNTIL(switcher_shows(window), WAIT_S)) {
				g_autofree char *shot = g_strdup_printf("no-switcher-%s-%d.png",
				                                        roles[r].user, widths[w]);
				screenshot(window, shot);
				g_test_message(
				    "title-visible %d, bar reveal %d",
				    adw_view_switcher_title_get_title_visible(
				        ADW_VIEW_SWITCHER_TITLE(named(window, "switcher-title"))),
				    adw_view_switcher_bar_get_reveal(
				        ADW_VIEW_SWITCHER_BAR(named(window, "switcher-bar"))));
				g_test_fail();
				return;
			}
			offered = switcher_offers(window);
			g_test_message("%s at %d px: %u pages offered", roles[r].user,
			               gtk_widget_get_width(GTK_WIDGET(window)), offered->len);
			g_assert_cmpint(gtk_widget_get_width(GTK_WIDGET(window)), ==, widths[w]);
			g_assert_cmpuint(want->len, ==, roles[r].pages);
			g_assert_cmpuint(offered->len, ==, want->len);
			for (guint i = 0; i < want->len; i++)
				g_assert_cmpstr(offered->pdata[i], ==, want->pdata[i]);
			close_window(window);
		}
	}
}

/* widget shows whole inside window. */
static void assert_inside(NetpontWindow *window, GtkWidget *widget)
{
	graphene_rect_t bounds;

	g_assert_true(gtk_widget_get_mapped(widget));
	g_assert_true(gtk_widget_compute_bounds(widget, GTK_WIDGET(window), &bounds));
	g_test_message("%s at %.0f,%.0f %.0fx%.0f", gtk_widget_get_name(widget), bounds.origin.x,
	               bounds.origin.y, bounds.size.width, bounds.size.height);
	g_assert_cmpfloat(bounds.origin.x, >=, 0);
	g_assert_cmpfloat(bounds.origin.y, >=, 0);
	g_assert_cmpfloat(bounds.origin.x + bounds.size.width, <=,
	                  gtk_widget_get_width(GTK_WIDGET(window)));
	g_assert_cmpfloat(bounds.origin.y + bounds.size.height, <=,
	                  gtk_widget_get_height(GTK_WIDGET(window)));
}

/* widget can be seen: inside the window, and when it sits in a scrolled
 * panel, scrolled into view once it has the focus (as Tab brings it). */
static void assert_reachable(NetpontWindow *window, GtkWidget *widget)
{
	GtkWidget *scroller = gtk_widget_get_ancestor(widget, GTK_TYPE_SCROLLED_WINDOW);

	if (scroller != NULL) {
		graphene_rect_t bounds;
		g_assert_true(gtk_widget_grab_focus(widget));
		pump(500);
		g_assert_true(gtk_widget_compute_bounds(widget, scroller, &bounds));
		g_assert_cmpfloat(bounds.origin.y, >=, 0);
		g_assert_cmpfloat(bounds.origin.y + bounds.size.height, <=,
		                  gtk_widget_get_height(scroller));
	}
	assert_inside(window, widget);
}

/* On a 1024×600 netbook the whole window fits: its minimum size is no
 * larger, the seat panel folds away and comes in when a PC is chosen, and
 * its buttons, the tariff form's Save and the window's close button show. */
static void test_narrow_window_fits(void)
{
	NetpontWindow *window = open_window_sized(1024, 600, "admin", ADMIN_PASSWORD);
	int min_width, min_height;
	GtkWidget *close_button;

	gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL,
	                   NULL, NULL);
	gtk_widget_measure(GTK_WIDGET(window), GTK_ORIENTATION_VERTICAL, 1024, &min_height, NULL,
	                   NULL, NULL);
	g_test_message("minimum size %d×%d", min_width, min_height);
	{
		/* Which page asks for the height, should one ask too much. */
		GtkWidget *stack = find_widget(GTK_WIDGET(window), NULL, ADW_TYPE_VIEW_STACK);
		for (GtkWidget *page = gtk_widget_get_first_child(stack); page != NULL;
		     page = gtk_widget_get_next_sibling(page)) {
			int h = 0;
			gtk_widget_measure(page, GTK_ORIENTATION_VERTICAL, 1000, &h, NULL, NULL,
			                   NULL);
			g_test_message("page %s: minimum height %d", G_OBJECT_TYPE_NAME(page), h);
		}
	}
	g_assert_cmpint(min_width, <=, 1024);
	g_assert_cmpint(min_height, <=, 600);
	g_assert_cmpint(gtk_widget_get_width(GTK_WIDGET(window)), ==, 1024);
	g_assert_cmpint(gtk_widget_get_height(GTK_WIDGET(window)), ==, 600);

	netpont_window_show_page(window, "seats");
	g_assert_true(
	    WAIT_UNTIL(adw_flap_get_folded(ADW_FLAP(named(window, "seat-flap"))), WAIT_S));
	g_assert_true(
	    WAIT_UNTIL(gtk_widget_get_mapped(named(window, "seat-panel-button")), WAIT_S));
	select_seat(window, "PC-02");
	g_assert_true(adw_flap_get_reveal_flap(ADW_FLAP(named(window, "seat-flap"))));
	pump(800); /* the flap's slide */
	screenshot(window, "narrow-seat-panel.png");
	assert_reachable(window, named(window, "seat-end"));
	assert_reachable(window, named(window, "seat-lock"));
	screenshot(window, "narrow-seat-panel-scrolled.png");

	netpont_window_show_page(window, "admin");
	gtk_stack_set_visible_child_name(
	    GTK_STACK(gtk_widget_get_ancestor(named(window, "admin-tariffs"), GTK_TYPE_STACK)),
	    "tariffs");
	pump(300);
	g_assert_true(
	    WAIT_UNTIL(gtk_widget_get_mapped(named(window, "admin-tariff-save")), WAIT_S));
	/* The form may scroll, but its button must be reachable. */
	assert_reachable(window, named(window, "admin-tariff-save"));
	/* The window's own close button, at the header bar's end. */
	close_button = find_mapped(GTK_WIDGET(window), GTK_TYPE_BUTTON, "close");
	g_assert_nonnull(close_button);
	assert_inside(window, close_button);
	screenshot(window, "narrow-admin-tariffs.png");
	close_window(window);
}

/* Every page the administrator sees, at 1366×768 and at 1024×600, in the
 * language the test runs in (LANGUAGE), as screenshots to look at:
 * pages-LANG-WxH-PAGE.png. Each shows the switcher, the page itself, and
 * the window whole (its close button inside it). */
static void test_screens_every_page(void)
{
	static const int sizes[][2] = {{1366, 768}, {1024, 600}};
	const char *language = g_getenv("LANGUAGE");

	if (language == NULL || *language == '\0')
		language = "en";
	for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
		NetpontWindow *window =
		    open_window_sized(sizes[i][0], sizes[i][1], "admin", ADMIN_PASSWORD);
		AdwViewStack *stack =
		    ADW_VIEW_STACK(find_widget(GTK_WIDGET(window), NULL, ADW_TYPE_VIEW_STACK));
		g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages(stack);

		for (guint p = 0; p < g_list_model_get_n_items(G_LIST_MODEL(pages)); p++) {
			g_autoptr(AdwViewStackPage) page =
			    g_list_model_get_item(G_LIST_MODEL(pages), p);
			const char *name = adw_view_stack_page_get_name(page);
			g_autofree char *shot = NULL;
			g_autoptr(GPtrArray) offered = NULL;

			if (!adw_view_stack_page_get_visible(page))
				continue;
			netpont_window_show_page(window, name);
			g_assert_true(WAIT_UNTIL(
			    gtk_widget_get_mapped(adw_view_stack_page_get_child(page)), WAIT_S));
			pump(500);
			g_assert_cmpint(gtk_widget_get_width(GTK_WIDGET(window)), ==, sizes[i][0]);
			g_assert_cmpint(gtk_widget_get_height(GTK_WIDGET(window)), ==, sizes[i][1]);
			g_assert_nonnull(offered = switcher_offers(window));
			g_assert_cmpuint(offered->len, ==, 9);
			assert_inside(window,
			              find_mapped(GTK_WIDGET(window), GTK_TYPE_BUTTON, "close"));
			{
				/* A page too wide for the window scrolls sideways; say so. */
				GtkAdjustment *h = gtk_scrolled_window_get_hadjustment(
				    GTK_SCROLLED_WINDOW(named(window, "page-scroller")));
				double over =
				    gtk_adjustment_get_upper(h) - gtk_adjustment_get_page_size(h);
				if (over > 0)
					g_test_message(
					    "%s at %d px is %.0f px too wide: it scrolls sideways",
					    name, sizes[i][0], over);
			}
			shot = g_strdup_printf("pages-%s-%dx%d-%s.png", language, sizes[i][0],
			                       sizes[i][1], name);
			screenshot(window, shot);
		}
		close_window(window);
	}
}

/* ------------------------------------------------------------ the usage report
 * (issue 13): the year of birth in the residents' form, and the Usage tab
 * of the treasurer's page showing the figures netpontctl reports, "<5"
 * where the server suppressed a small count of people. Kept in one block
 * (its includes too) beside the other parts' tests. */
#include "netpont-usage-pane.h"
#include "netpont-usage-report.h"

/* The text of the label at (column, row) of the usage table named
 * usage-<table> (row 0 is the header row). */
static const char *usage_cell(NetpontWindow *window, const char *table, int column, int row)
{
	g_autofree char *name = g_strdup_printf("usage-%s", table);
	GtkWidget *child = gtk_grid_get_child_at(GTK_GRID(named(window, name)), column, row);

	g_assert_nonnull(child);
	return gtk_label_get_text(GTK_LABEL(child));
}

/* A count of people as netpontctl's --json gives it (a number, or "<5"),
 * as the console writes it. */
static char *usage_json_people(JsonObject *o, const char *member)
{
	JsonNode *node = json_object_get_member(o, member);

	if (json_node_get_value_type(node) == G_TYPE_STRING)
		return g_strdup(json_node_get_string(node));
	return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
}

/* The resident exists and has year (0: none) as their year of birth. */
static gboolean usage_birth_year_is(const char *login, gint64 year)
{
	const char *argv[] = {g_getenv("NETPONTCTL"),
	                      "--server",
	                      fx.address,
	                      "--json",
	                      "resident",
	                      "show",
	                      login,
	                      NULL};
	int status;
	g_autofree char *out = run(argv, ADMIN_PASSWORD, NULL, &status, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *resident;

	if (status != 0 || !json_parser_load_from_data(parser, out, -1, NULL))
		return FALSE;
	resident = json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)),
	                                         "resident");
	if (json_object_get_null_member(resident, "birth_year"))
		return year == 0;
	return json_object_get_int_member(resident, "birth_year") == year;
}

/* The residents' form asks for the year of birth with the resident's
 * consent: given, it is kept; out of range, the server's sentence shows;
 * emptied, it is forgotten. */
static void test_resident_birth_year(void)
{
	NetpontWindow *window = open_window();

	sign_in(window, "admin", ADMIN_PASSWORD);
	g_assert_true(WAIT_UNTIL(signed_in(window), WAIT_S));
	netpont_window_show_page(window, "residents");
	/* The row says it is asked only with the resident's consent. */
	if (g_strcmp0(g_getenv("LANGUAGE"), "hu") != 0)
		g_assert_nonnull(strstr(adw_preferences_row_get_title(ADW_PREFERENCES_ROW(
		                            named(window, "residents-birth-year"))),
		                        "consent"));
	type_text(window, "residents-login", "szabo-usage");
	type_text(window, "residents-name", "Szabó Ilona");
	type_text(window, "residents-birth-year", "1951");
	type_text(window, "residents-pin", "4826");
	click(window, "residents-add");
	g_assert_true(WAIT_UNTIL(usage_birth_year_is("szabo-usage", 1951), WAIT_S));
	/* The list selects her; a year out of range is refused as said. */
	select_resident(window, "szabo-usage");
	g_assert_true(WAIT_UNTIL(
	    g_strcmp0(gtk_editable_get_text(GTK_EDITABLE(named(window, "residents-birth-year"))),
	              "1951") == 0,
	    WAIT_S));
	pump(500); /* every detail the selection asked for has arrived */
	type_text(window, "residents-birth-year", "1850");
	type_text(window, "residents-pin", "");
	click(window, "residents-save");
	g_assert_true(WAIT_UNTIL(toast_shows(window, "1900"), WAIT_S));
	g_assert_true(usage_birth_year_is("szabo-usage", 1951));
	/* She withdraws her consent: the emptied row forgets the year. */
	type_text(window, "residents-birth-year", "");
	click(window, "residents-save");
	g_assert_true(WAIT_UNTIL(usage_birth_year_is("szabo-usage", 0), WAIT_S));
	close_window(window);
}

/* The Usage tab shows this month's figures as netpontctl reports them,
 * "<5" for a suppressed count, and exports them as CSV and PDF. */
static void test_usage_tab(void)
{
	NetpontWindow *window = open_window();
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) first = g_date_time_new_local(g_date_time_get_year(now),
	                                                   g_date_time_get_month(now), 1, 0, 0, 0);
	g_autoptr(GDateTime) next = g_date_time_add_months(first, 1);
	g_autoptr(GDateTime) last = g_date_time_add_days(next, -1);
	g_autofree char *from = g_date_time_format(first, "%Y-%m-%d");
	g_autofree char *to = g_date_time_format(last, "%Y-%m-%d");
	g_autofree char *csv = g_build_filename(fx.screenshot_dir, "usage.csv", NULL);
	g_autofree char *pdf = g_build_filename(fx.screenshot_dir, "usage.pdf", NULL);
	g_autofree char *contents = NULL;
	g_autofree char *out = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *period, *total;
	NetpontUsagePane *pane;

	/* Mrs Kovács, new this month, gives her year of birth: she is alone
	 * among the new residents of 75 and over. */
	g_free(ctl(0, "resident", "update", "kovacs", "--birth-year", "1950", NULL));
	sign_in(window, "terez", TREASURER_PASSWORD);
	g_assert_true(WAIT_UNTIL(signed_in(window), WAIT_S));
	netpont_window_show_page(window, "treasurer");
	pane = NETPONT_USAGE_PANE(named(window, "treasurer-usage"));
	gtk_stack_set_visible_child_name(
	    GTK_STACK(gtk_widget_get_ancestor(GTK_WIDGET(pane), GTK_TYPE_STACK)), "usage");
	netpont_usage_pane_show_range(pane, from, to, 0);
	g_assert_true(WAIT_UNTIL(netpont_usage_pane_has_report(pane), WAIT_S));

	out = ctl(0, "--json", "report", "usage", "--from", from, "--to", to, NULL);
	g_assert_true(json_parser_load_from_data(parser, out, -1, NULL));
	period = json_array_get_object_element(
	    json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
	                                 "periods"),
	    0);
	total = json_object_get_object_member(period, "total");
	{
		g_autofree char *sessions = g_strdup_printf(
		    "%" G_GINT64_FORMAT, json_object_get_int_member(total, "sessions"));
		g_autofree char *residents = usage_json_people(total, "residents");
		g_autofree char *guests = usage_json_people(total, "guests");
		/* One period: no period column; sessions, hours, residents,
		 * new residents, guests. */
		g_assert_cmpstr(usage_cell(window, "use", 0, 1), ==, sessions);
		g_assert_cmpstr(usage_cell(window, "use", 2, 1), ==, residents);
		g_assert_cmpstr(usage_cell(window, "use", 4, 1), ==, guests);
	}
	/* The age bands, "not known" last, each as the server counted. */
	{
		JsonArray *ages = json_object_get_array_member(period, "ages");
		g_assert_cmpuint(json_array_get_length(ages), ==, 7);
		for (guint i = 0; i < 7; i++) {
			JsonObject *band = json_array_get_object_element(ages, i);
			g_autofree char *residents = usage_json_people(band, "residents");
			g_assert_cmpstr(
			    usage_cell(window, "ages", 0, (int)i + 1), ==,
			    netpont_usage_band_label(json_object_get_string_member(band, "key")));
			g_assert_cmpstr(usage_cell(window, "ages", 3, (int)i + 1), ==, residents);
		}
		/* Mrs Kovács alone among the new residents of 75+: "<5". */
		g_assert_cmpstr(usage_cell(window, "ages", 0, 6), ==, "75+");
		g_assert_cmpstr(usage_cell(window, "ages", 4, 6), ==, "<5");
	}
	g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(named(window, "usage-note"))), "<5"));
	screenshot(window, "usage.png");

	g_assert_true(netpont_usage_pane_write_csv(pane, csv, NULL));
	g_assert_true(g_file_get_contents(csv, &contents, NULL, NULL));
	g_assert_nonnull(strstr(contents, "<5"));
	g_assert_null(strstr(contents, "kovacs"));
	g_assert_true(netpont_usage_pane_write_pdf(pane, pdf, NULL));
	g_clear_pointer(&contents, g_free);
	g_assert_true(g_file_get_contents(pdf, &contents, NULL, NULL));
	g_assert_true(g_str_has_prefix(contents, "%PDF-"));
	close_window(window);
}

/* ------------------------------------------------------------ volunteer hours */

/* A text of the console's in the language the test runs in. */
static const char *volunteer_t(const char *msgid)
{
	return g_dgettext(GETTEXT_PACKAGE, msgid);
}

/* The first column of the first row of sql in the room's database, as a
 * number (-1: no row). */
static gint64 volunteer_sql_int(const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	gint64 value = -1;

	g_assert_cmpint(sqlite3_open(fx.db, &db), ==, SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &st, NULL), ==, SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return value;
}

/* netpontctl as Dóra, the mentor. */
static void volunteer_as_dora(const char *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	va_list args;
	int status;
	g_autofree char *err = NULL;

	g_ptr_array_add(argv, (gpointer)g_getenv("NETPONTCTL"));
	g_ptr_array_add(argv, "--server");
	g_ptr_array_add(argv, fx.address);
	g_ptr_array_add(argv, "--user");
	g_ptr_array_add(argv, "dora");
	va_start(args, first);
	for (const char *a = first; a != NULL; a = va_arg(args, const char *))
		g_ptr_array_add(argv, (gpointer)a);
	va_end(args);
	g_ptr_array_add(argv, NULL);
	g_free(run((const char *const *)argv->pdata, MENTOR_PASSWORD, NULL, &status, &err));
	if (status != 0)
		g_error("netpontctl %s as dora exited %d: %s", first, status, err);
}

/* The header bar says "On duty since 14:02" (in the test's language) and
 * offers to clock out. */
static gboolean volunteer_on_duty(NetpontWindow *window)
{
	GtkWidget *label = named(window, "volunteer-duty");
	GtkWidget *button = named(window, "volunteer-clock");
	return gtk_widget_get_visible(label) && *gtk_label_get_text(GTK_LABEL(label)) != '\0' &&
	       g_strcmp0(gtk_button_get_label(GTK_BUTTON(button)), volunteer_t("Clock out")) == 0;
}

static gint64 dora_open_periods(void)
{
	return volunteer_sql_int("SELECT count(*) FROM volunteer_periods v JOIN staff s ON "
	                         "s.id = v.staff_id WHERE s.name = 'dora' AND ended_at IS NULL "
	                         "AND removed_at IS NULL");
}

/* Every staff member clocks in and out with the button in the header bar,
 * which then says since when. */
static void test_volunteer_clock_button(void)
{
	NetpontWindow *window = open_window_sized(1366, 768, "dora", MENTOR_PASSWORD);
	GtkWidget *button = named(window, "volunteer-clock");

	g_assert_true(WAIT_UNTIL(gtk_widget_get_mapped(button), WAIT_S));
	g_assert_false(volunteer_on_duty(window));
	g_assert_cmpint(dora_open_periods(), ==, 0);
	click(window, "volunteer-clock");
	g_assert_true(WAIT_UNTIL(volunteer_on_duty(window), WAIT_S));
	g_assert_cmpint(dora_open_periods(), ==, 1);
	screenshot(window, "volunteer-on-duty.png");
	click(window, "volunteer-clock");
	g_assert_true(WAIT_UNTIL(!volunteer_on_duty(window), WAIT_S));
	g_assert_cmpint(dora_open_periods(), ==, 0);
	g_assert_cmpint(volunteer_sql_int("SELECT count(*) FROM volunteer_periods WHERE source = "
	                                  "'clock' AND ended_at > started_at"),
	                ==, 1);
	close_window(window);
}

/* A period started elsewhere (netpontctl, a cash shift) shows on the
 * button at once: the server's VolunteerEvent. */
static void test_volunteer_button_follows_events(void)
{
	NetpontWindow *window = open_window_sized(1366, 768, "dora", MENTOR_PASSWORD);

	g_assert_false(volunteer_on_duty(window));
	volunteer_as_dora("volunteer", "in", "--activity", "tutoring", NULL);
	g_assert_true(WAIT_UNTIL(volunteer_on_duty(window), WAIT_S));
	volunteer_as_dora("volunteer", "out", NULL);
	g_assert_true(WAIT_UNTIL(!volunteer_on_duty(window), WAIT_S));
	close_window(window);
}

static GListModel *volunteer_rows(NetpontWindow *window)
{
	return G_LIST_MODEL(
	    gtk_column_view_get_model(GTK_COLUMN_VIEW(named(window, "volunteer-periods"))));
}

/* Last month, "2026-11", in the room's local time. */
static char *volunteer_last_month(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) first = g_date_time_new_local(g_date_time_get_year(now),
	                                                   g_date_time_get_month(now), 1, 12, 0, 0);
	g_autoptr(GDateTime) before = g_date_time_add_months(first, -1);
	return g_date_time_format(before, "%Y-%m");
}

static void volunteer_add_entry(NetpontWindow *window, const char *date, const char *from,
                                const char *to, guint activity)
{
	type_text(window, "volunteer-add-date", date);
	type_text(window, "volunteer-add-from", from);
	type_text(window, "volunteer-add-to", to);
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(window, "volunteer-add-activity")),
	                           activity);
	click(window, "volunteer-add");
}

static gboolean volunteer_totals_are(NetpontWindow *window, const char *text)
{
	return strstr(gtk_label_get_text(GTK_LABEL(named(window, "volunteer-totals"))), text) !=
	       NULL;
}

/* The administrator's Volunteer hours tab: Dóra's sheet of last month,
 * entries added after the fact (an overlapping one refused with the
 * server's sentence), a wrong one removed after a confirmation naming who
 * and what, the sheet exported as CSV and as a PDF to sign. */
static void test_volunteer_hours_tab(void)
{
	NetpontWindow *window = open_window_sized(1366, 768, "admin", ADMIN_PASSWORD);
	GtkDropDown *staff;
	GtkStringList *names;
	g_autofree char *month = volunteer_last_month();
	g_autofree char *day10 = g_strdup_printf("%s-10", month);
	g_autofree char *day11 = g_strdup_printf("%s-11", month);
	g_autofree char *day12 = g_strdup_printf("%s-12", month);
	guint dora = G_MAXUINT;

	netpont_window_show_page(window, "admin");
	gtk_stack_set_visible_child_name(
	    GTK_STACK(gtk_widget_get_ancestor(named(window, "admin-volunteers"), GTK_TYPE_STACK)),
	    "volunteers");
	staff = GTK_DROP_DOWN(named(window, "volunteer-staff"));
	names = GTK_STRING_LIST(gtk_drop_down_get_model(staff));
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(G_LIST_MODEL(names)) >= 3, WAIT_S));
	for (guint i = 0; i < g_list_model_get_n_items(G_LIST_MODEL(names)); i++)
		if (g_strcmp0(gtk_string_list_get_string(names, i), "dora") == 0 ||
		    g_str_has_suffix(gtk_string_list_get_string(names, i), "(dora)"))
			dora = i;
	g_assert_cmpuint(dora, !=, G_MAXUINT);
	gtk_drop_down_set_selected(staff, dora);
	type_text(window, "volunteer-month", month);
	click(window, "volunteer-show");
	g_assert_true(WAIT_UNTIL(volunteer_totals_are(window, "0:00"), WAIT_S));
	g_assert_cmpuint(g_list_model_get_n_items(volunteer_rows(window)), ==, 0);

	volunteer_add_entry(window, day10, "14:00", "17:30", 1 /* tutoring */);
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(volunteer_rows(window)) == 1, WAIT_S));
	volunteer_add_entry(window, day11, "09:00", "11:15", 0 /* desk */);
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(volunteer_rows(window)) == 2, WAIT_S));
	volunteer_add_entry(window, day12, "10:00", "10:45", 2 /* IT help: the wrong one */);
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(volunteer_rows(window)) == 3, WAIT_S));
	g_assert_true(WAIT_UNTIL(volunteer_totals_are(window, "6:30"), WAIT_S));

	/* Overlapping the tutoring: refused, said, nothing added. */
	volunteer_add_entry(window, day10, "17:00", "18:00", 3);
	g_assert_true(WAIT_UNTIL(toast_shows(window, "14:00"), WAIT_S));
	pump(300);
	g_assert_cmpuint(g_list_model_get_n_items(volunteer_rows(window)), ==, 3);
	g_assert_cmpint(volunteer_sql_int("SELECT count(*) FROM volunteer_periods WHERE source = "
	                                  "'admin'"),
	                ==, 3);

	/* The wrong IT-help entry goes, after a confirmation naming it. */
	gtk_selection_model_select_item(GTK_SELECTION_MODEL(volunteer_rows(window)), 2, TRUE);
	click(window, "volunteer-remove");
	{
		GtkWidget *dialog = NULL;
		const char *body;
		g_assert_true(WAIT_UNTIL(
		    (dialog = shown_dialog("volunteer-remove-confirm")) != NULL, WAIT_S));
		body = adw_message_dialog_get_body(ADW_MESSAGE_DIALOG(dialog));
		g_test_message("volunteer-remove-confirm: %s", body);
		g_assert_nonnull(strstr(body, "dora"));
		g_assert_nonnull(strstr(body, volunteer_t("IT help")));
		g_assert_nonnull(strstr(body, day12));
		g_assert_cmpint(adw_message_dialog_get_response_appearance(
		                    ADW_MESSAGE_DIALOG(dialog), "remove"),
		                ==, ADW_RESPONSE_DESTRUCTIVE);
		screenshot_widget(dialog, "volunteer-remove-confirm.png");
		adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), "remove");
		gtk_window_close(GTK_WINDOW(dialog));
	}
	g_assert_true(WAIT_UNTIL(g_list_model_get_n_items(volunteer_rows(window)) == 2, WAIT_S));
	g_assert_true(WAIT_UNTIL(volunteer_totals_are(window, "5:45"), WAIT_S));
	g_assert_cmpint(volunteer_sql_int("SELECT count(*) FROM volunteer_periods WHERE "
	                                  "removed_at IS NOT NULL AND activity = 'it_help'"),
	                ==, 1);

	/* What must be visible in the screenshot: the Volunteer hours tab
	 * chosen; Dóra ("dora", or her display name) and last month above the table; the two
	 * periods (tutoring 3:30, desk duty 2:15) with date, from, to, hours, how; the totals "Desk
	 * duty 2:15 · Tutoring 3:30 · Total 5:45 hours"; the row to add an entry with its Add and
	 * Remove buttons, nothing cut off; "Clock in" in the header bar. */
	pump(300);
	screenshot(window, "volunteer-hours-tab.png");

	{
		g_autofree char *csv = g_build_filename(fx.dir, "dora.csv", NULL);
		g_autofree char *pdf = g_build_filename(fx.dir, "dora.pdf", NULL);
		g_autofree char *text = NULL;
		NetpontVolunteerPane *pane =
		    NETPONT_VOLUNTEER_PANE(named(window, "admin-volunteers"));

		netpont_volunteer_pane_export(pane, csv, FALSE);
		g_assert_true(WAIT_UNTIL(toast_shows(window, "dora.csv"), WAIT_S));
		g_assert_true(g_file_get_contents(csv, &text, NULL, NULL));
		g_assert_nonnull(strstr(text, "tutoring,210,3:30"));
		g_assert_nonnull(strstr(text, "total,,,,345,5:45,"));
		netpont_volunteer_pane_export(pane, pdf, TRUE);
		g_assert_true(WAIT_UNTIL(toast_shows(window, "dora.pdf"), WAIT_S));
		g_free(text);
		text = NULL;
		g_assert_true(g_file_get_contents(pdf, &text, NULL, NULL));
		g_assert_true(g_str_has_prefix(text, "%PDF"));
	}
	close_window(window);
}

/* ------------------------------------------------------------ bookings and courses (issue 13) */

/* What the bookings tests share: the mentor's window on the bookings page,
 * and the booking and course made once (bk_seed(), bk_course_ready()) so
 * that a test run alone (the Hungarian screenshots) has them too. */
static struct {
	NetpontWindow *window; /* dora's, on the bookings page */
	gboolean seeded;
	gint64 at; /* the start of Kovács Mária's booking of PC-02 (an hour long) */
	gboolean course_ready;
} bk;

static char *bk_clock(gint64 t)
{
	g_autoptr(GDateTime) local = g_date_time_new_from_unix_local(t);

	return g_date_time_format(local, "%H:%M");
}

static char *bk_date(gint64 t)
{
	g_autoptr(GDateTime) local = g_date_time_new_from_unix_local(t);

	return g_date_time_format(local, "%Y-%m-%d");
}

/* Kovács Mária books PC-02 through netpontctl, an hour from the next half
 * hour (the tests run about noon: the day's hours hold it). */
static void bk_seed(void)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	g_autofree char *date = NULL;
	g_autofree char *from = NULL;
	g_autofree char *to = NULL;

	if (bk.seeded)
		return;
	bk.at = (now / 1800 + 1) * 1800 + 3600;
	date = bk_date(bk.at);
	from = bk_clock(bk.at);
	to = bk_clock(bk.at + 3600);
	g_free(ctl(0, "booking", "add", "--seat", "PC-02", "--login", "kovacs", "--date", date,
	           "--from", from, "--to", to, "--note", "Álláskeresés", NULL));
	bk.seeded = TRUE;
}

static NetpontBookingsPage *bk_page(NetpontWindow *window)
{
	return of_type(window, NETPONT_TYPE_BOOKINGS_PAGE);
}

static NetpontCoursesPage *bk_courses(NetpontWindow *window)
{
	return of_type(window, NETPONT_TYPE_COURSES_PAGE);
}

/* Shows the bookings page and waits for its first view. */
static void bk_show(NetpontWindow *window)
{
	netpont_window_show_page(window, "bookings");
	g_assert_true(WAIT_UNTIL(netpont_bookings_page_get_loads(bk_page(window)) > 0 &&
	                             gtk_widget_get_mapped(named(window, "bookings-grid")),
	                         WAIT_S));
}

static NetpontWindow *bk_window(void)
{
	if (bk.window == NULL) {
		bk.window = open_window_sized(1366, 768, "dora", MENTOR_PASSWORD);
		bk_show(bk.window);
	}
	return bk.window;
}

/* The block of the view whose text has text, or NULL. */
static GtkWidget *bk_find_block(GtkWidget *root, const char *text)
{
	if (g_strcmp0(gtk_widget_get_name(root), "bookings-block") == 0) {
		GtkWidget *label = gtk_button_get_child(GTK_BUTTON(root));
		return strstr(gtk_label_get_text(GTK_LABEL(label)), text) != NULL ? root : NULL;
	}
	for (GtkWidget *child = gtk_widget_get_first_child(root); child != NULL;
	     child = gtk_widget_get_next_sibling(child)) {
		GtkWidget *found = bk_find_block(child, text);
		if (found != NULL)
			return found;
	}
	return NULL;
}

static GtkWidget *bk_block(NetpontWindow *window, const char *text)
{
	return bk_find_block(named(window, "bookings-grid"), text);
}

/* The empty slot of seat starting at at, or NULL. */
static GtkWidget *bk_slot(NetpontWindow *window, const char *seat, gint64 at)
{
	for (GtkWidget *child = gtk_widget_get_first_child(named(window, "bookings-grid"));
	     child != NULL; child = gtk_widget_get_next_sibling(child)) {
		if (g_strcmp0(gtk_widget_get_name(child), "bookings-slot") == 0 &&
		    g_strcmp0(g_object_get_data(G_OBJECT(child), "netpont-seat"), seat) == 0 &&
		    (gint64)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(child), "netpont-at")) *
		            60 ==
		        at)
			return child;
	}
	return NULL;
}

/* A widget of the dialogs (toplevels) called name. */
static GtkWidget *bk_in_dialog(const char *name)
{
	GtkWidget *widget = NULL;

	g_assert_true(WAIT_UNTIL(
	    (widget = find_in_toplevels(name)) != NULL && gtk_widget_get_mapped(widget), WAIT_S));
	return widget;
}

static void bk_type(const char *name, const char *text)
{
	gtk_editable_set_text(GTK_EDITABLE(bk_in_dialog(name)), text);
}

/* Waits for the confirmation called name, checks that its heading names
 * who and what and that response is styled destructive, and answers it. */
static void bk_answer(const char *name, const char *who, const char *what, const char *response)
{
	GtkWidget *dialog = NULL;
	const char *heading;

	g_assert_true(WAIT_UNTIL((dialog = shown_dialog(name)) != NULL, WAIT_S));
	heading = adw_message_dialog_get_heading(ADW_MESSAGE_DIALOG(dialog));
	g_test_message("%s: %s", name, heading);
	g_assert_nonnull(strstr(heading, who));
	g_assert_nonnull(strstr(heading, what));
	g_assert_cmpint(adw_message_dialog_get_response_appearance(ADW_MESSAGE_DIALOG(dialog),
	                                                           "cancel-booking"),
	                ==, ADW_RESPONSE_DESTRUCTIVE);
	if (g_strcmp0(response, "cancel") != 0)
		screenshot_widget(dialog, "booking-confirm-cancel.png");
	adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), response);
	gtk_window_close(GTK_WINDOW(dialog));
	pump(100);
}

/* One integer the room's database answers sql with. */
static gint64 bk_sql_int(const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	gint64 value = -1;

	g_assert_cmpint(sqlite3_open(fx.db, &db), ==, SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	g_assert_cmpint(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return value;
}

/* The Bookings page is in the switcher of a mentor and an administrator
 * (that the treasurer's has exactly her three pages is
 * /console/switcher-for-each-role's). */
static void test_bookings_in_switcher(void)
{
	static const struct {
		const char *user, *password;
		gboolean sees;
	} roles[] = {
	    {"dora", MENTOR_PASSWORD, TRUE},
	    {"admin", ADMIN_PASSWORD, TRUE},
	};

	for (guint r = 0; r < G_N_ELEMENTS(roles); r++) {
		NetpontWindow *window =
		    open_window_sized(1366, 768, roles[r].user, roles[r].password);
		g_autoptr(GPtrArray) offered = NULL;
		gboolean found = FALSE;

		g_assert_true(WAIT_UNTIL(switcher_shows(window), WAIT_S));
		offered = switcher_offers(window);
		AdwViewStack *stack =
		    ADW_VIEW_STACK(find_widget(GTK_WIDGET(window), NULL, ADW_TYPE_VIEW_STACK));
		const char *title = adw_view_stack_page_get_title(adw_view_stack_get_page(
		    stack, adw_view_stack_get_child_by_name(stack, "bookings")));

		for (guint i = 0; i < offered->len; i++)
			found = found || g_strcmp0(offered->pdata[i], title) == 0;
		g_test_message("%s: Bookings %s", roles[r].user, found ? "offered" : "not offered");
		g_assert_true(found == roles[r].sees);
		close_window(window);
	}
}

/* A booking made with netpontctl shows in the day view, named. */
static void test_booking_from_ctl_shows(void)
{
	NetpontWindow *window;
	GtkWidget *block = NULL;

	bk_seed();
	window = bk_window();
	g_assert_true(WAIT_UNTIL((block = bk_block(window, "Kovács Mária")) != NULL, WAIT_S));
	g_assert_true(gtk_widget_get_mapped(block));
	g_assert_nonnull(strstr(gtk_widget_get_tooltip_text(block), "PC-02"));
	/* The present is marked. */
	g_assert_true(gtk_widget_get_mapped(named(window, "bookings-now")));
}

/* An empty slot opens the form; a resident found by name is booked there. */
static void test_booking_dialog_creates(void)
{
	NetpontWindow *window = bk_window();
	GtkWidget *slot = NULL;
	GtkWidget *found;

	bk_seed();
	g_assert_true(WAIT_UNTIL((slot = bk_slot(window, "PC-01", bk.at)) != NULL, WAIT_S));
	gtk_widget_activate(slot);
	bk_type("booking-resident", "Nagy");
	found = bk_in_dialog("booking-resident-found");
	g_assert_true(WAIT_UNTIL(
	    gtk_widget_get_visible(found) &&
	        g_list_model_get_n_items(gtk_drop_down_get_model(GTK_DROP_DOWN(found))) == 1,
	    WAIT_S));
	bk_type("booking-note", "Önéletrajz");
	screenshot_widget(shown_dialog("booking-new"), "booking-new.png");
	gtk_widget_activate(bk_in_dialog("booking-new-apply"));
	g_assert_true(WAIT_UNTIL(shown_dialog("booking-new") == NULL, WAIT_S));
	g_assert_true(WAIT_UNTIL(bk_block(window, "Nagy Béla") != NULL, WAIT_S));
	g_assert_cmpint(bk_sql_int("SELECT count(*) FROM bookings b JOIN residents r ON "
	                           "r.id = b.resident_id WHERE r.login = 'nagyb' AND "
	                           "b.cancelled_at IS NULL"),
	                ==, 1);
}

/* A booking of a PC already booked then is refused: the form shows the
 * server's sentence, naming the other booking, and stays open. */
static void test_booking_conflict_shows_sentence(void)
{
	NetpontWindow *window = bk_window();
	g_autofree char *date = bk_date(bk.at);
	g_autofree char *from = bk_clock(bk.at + 1800);
	g_autofree char *to = bk_clock(bk.at + 5400);
	GtkWidget *error;
	gint64 before;

	bk_seed();
	before = bk_sql_int("SELECT count(*) FROM bookings WHERE cancelled_at IS NULL");
	click(window, "bookings-new");
	bk_type("booking-resident", "nagyb");
	bk_type("booking-date", date);
	bk_type("booking-from", from);
	bk_type("booking-to", to);
	bk_type("booking-seats", "PC-02");
	gtk_widget_activate(bk_in_dialog("booking-new-apply"));
	error = bk_in_dialog("booking-new-error");
	g_assert_true(WAIT_UNTIL(gtk_widget_get_visible(error) &&
	                             *gtk_label_get_text(GTK_LABEL(error)) != '\0',
	                         WAIT_S));
	g_test_message("refused: %s", gtk_label_get_text(GTK_LABEL(error)));
	g_assert_nonnull(strstr(gtk_label_get_text(GTK_LABEL(error)), "Kovács Mária"));
	pump(300);
	g_assert_nonnull(shown_dialog("booking-new"));
	screenshot_widget(shown_dialog("booking-new"), "booking-refused.png");
	gtk_window_destroy(GTK_WINDOW(shown_dialog("booking-new")));
	pump(100);
	/* Nothing was written. */
	g_assert_cmpint(bk_sql_int("SELECT count(*) FROM bookings WHERE cancelled_at IS NULL"), ==,
	                before);
}

/* Cancelling asks first, naming whom and which PC; kept, the booking stays;
 * confirmed, it goes. */
static void test_booking_cancel_asks_first(void)
{
	NetpontWindow *window = bk_window();
	GtkWidget *block = NULL;

	g_assert_true(WAIT_UNTIL((block = bk_block(window, "Nagy Béla")) != NULL, WAIT_S));
	gtk_widget_activate(block);
	g_assert_true(WAIT_UNTIL(
	    find_widget(block, "booking-cancel-button", G_TYPE_INVALID) != NULL, WAIT_S));
	gtk_widget_activate(find_widget(block, "booking-cancel-button", G_TYPE_INVALID));
	bk_answer("booking-confirm-cancel", "Nagy Béla", "PC-01", "cancel");
	pump(500);
	g_assert_nonnull(block = bk_block(window, "Nagy Béla"));
	gtk_widget_activate(block);
	g_assert_true(WAIT_UNTIL(
	    find_widget(block, "booking-cancel-button", G_TYPE_INVALID) != NULL, WAIT_S));
	gtk_widget_activate(find_widget(block, "booking-cancel-button", G_TYPE_INVALID));
	bk_answer("booking-confirm-cancel", "Nagy Béla", "PC-01", "cancel-booking");
	g_assert_true(WAIT_UNTIL(bk_block(window, "Nagy Béla") == NULL, WAIT_S));
	g_assert_nonnull(bk_block(window, "Kovács Mária"));
}

/* The view follows bookings made and cancelled elsewhere (netpontctl, as
 * another desk would) without a reload: the server's BookingEvent. */
static void test_booking_follows_events(void)
{
	NetpontWindow *window = bk_window();
	g_autofree char *date = bk_date(bk.at + 7200);
	g_autofree char *from = bk_clock(bk.at + 7200);
	g_autofree char *to = bk_clock(bk.at + 9000);
	g_autofree char *json = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree char *id = NULL;

	bk_seed();
	g_assert_true(WAIT_UNTIL(bk_block(window, "Kovács Mária") != NULL, WAIT_S));
	json = ctl(0, "--json", "booking", "add", "--seat", "PC-01", "--login", "nagyb", "--date",
	           date, "--from", from, "--to", to, NULL);
	g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
	id = g_strdup_printf(
	    "%" G_GINT64_FORMAT,
	    json_object_get_int_member(
	        json_array_get_object_element(json_node_get_array(json_parser_get_root(parser)), 0),
	        "id"));
	g_assert_true(WAIT_UNTIL(bk_block(window, "Nagy Béla") != NULL, WAIT_S));
	g_free(ctl(0, "booking", "cancel", id, NULL));
	g_assert_true(WAIT_UNTIL(bk_block(window, "Nagy Béla") == NULL, WAIT_S));
}

/* Moving a booking through its form: Kovács Mária's goes to PC-01 at the
 * same time, and back. */
static void test_booking_move(void)
{
	NetpontWindow *window = bk_window();
	GtkWidget *block = NULL;

	bk_seed();
	g_assert_true(WAIT_UNTIL((block = bk_block(window, "Kovács Mária")) != NULL, WAIT_S));
	gtk_widget_activate(block);
	g_assert_true(
	    WAIT_UNTIL(find_widget(block, "booking-move-button", G_TYPE_INVALID) != NULL, WAIT_S));
	gtk_widget_activate(find_widget(block, "booking-move-button", G_TYPE_INVALID));
	bk_type("booking-seats", "PC-01");
	screenshot_widget(shown_dialog("booking-move"), "booking-move.png");
	gtk_widget_activate(bk_in_dialog("booking-move-apply"));
	g_assert_true(WAIT_UNTIL(shown_dialog("booking-move") == NULL, WAIT_S));
	g_assert_true(WAIT_UNTIL((block = bk_block(window, "Kovács Mária")) != NULL &&
	                             strstr(gtk_widget_get_tooltip_text(block), "PC-01") != NULL,
	                         WAIT_S));
	/* Back with netpontctl, by the booking's number. */
	{
		g_autofree char *date = bk_date(bk.at);
		g_autofree char *json =
		    ctl(0, "--json", "booking", "list", "--date", date, "--seat", "PC-01", NULL);
		g_autoptr(JsonParser) parser = json_parser_new();
		JsonArray *list;
		g_autofree char *id = NULL;

		g_assert_true(json_parser_load_from_data(parser, json, -1, NULL));
		list = json_node_get_array(json_parser_get_root(parser));
		for (guint i = 0; i < json_array_get_length(list) && id == NULL; i++) {
			JsonObject *b = json_array_get_object_element(list, i);
			if (g_strcmp0(json_object_get_string_member(b, "login"), "kovacs") == 0 &&
			    g_strcmp0(json_object_get_string_member(b, "state"), "booked") == 0)
				id = g_strdup_printf("%" G_GINT64_FORMAT,
				                     json_object_get_int_member(b, "id"));
		}
		g_assert_nonnull(id);
		g_free(ctl(0, "booking", "move", id, "--seat", "PC-02", NULL));
	}
	g_assert_true(WAIT_UNTIL((block = bk_block(window, "Kovács Mária")) != NULL &&
	                             strstr(gtk_widget_get_tooltip_text(block), "PC-02") != NULL,
	                         WAIT_S));
}

/* Next and Today step the day; the week view shows the seven days with the
 * booking on its day. */
static void test_booking_days_and_week(void)
{
	NetpontWindow *window = bk_window();
	GtkLabel *title = GTK_LABEL(named(window, "bookings-date"));
	g_autofree char *today = g_strdup(gtk_label_get_text(title));
	g_autofree char *date = bk_date(bk.at);
	guint days = 0;

	bk_seed();
	click(window, "bookings-next");
	g_assert_true(WAIT_UNTIL(g_strcmp0(gtk_label_get_text(title), today) != 0, WAIT_S));
	g_assert_true(WAIT_UNTIL(bk_block(window, "Kovács Mária") == NULL, WAIT_S));
	click(window, "bookings-today");
	g_assert_true(WAIT_UNTIL(g_strcmp0(gtk_label_get_text(title), today) == 0, WAIT_S));
	g_assert_true(WAIT_UNTIL(bk_block(window, "Kovács Mária") != NULL, WAIT_S));
	click(window, "bookings-week");
	/* "2026-11-30 – 2026-12-06": the week of the day shown. */
	g_assert_true(WAIT_UNTIL(strstr(gtk_label_get_text(title), " – ") != NULL, WAIT_S));
	g_test_message("week %s holds %s", gtk_label_get_text(title), date);
	for (GtkWidget *child = gtk_widget_get_first_child(named(window, "bookings-grid"));
	     child != NULL; child = gtk_widget_get_next_sibling(child))
		days += g_strcmp0(gtk_widget_get_name(child), "bookings-week-day") == 0;
	g_assert_cmpuint(days, ==, 7);
	g_assert_true(WAIT_UNTIL(bk_block(window, "Kovács Mária") != NULL, WAIT_S));
	click(window, "bookings-day");
	g_assert_true(WAIT_UNTIL(g_strcmp0(gtk_label_get_text(title), today) == 0, WAIT_S));
}

/* The row of the course list called title, or NULL. */
static gboolean bk_course_listed(NetpontWindow *window, const char *title)
{
	for (GtkWidget *row = gtk_widget_get_first_child(named(window, "courses-list"));
	     row != NULL; row = gtk_widget_get_next_sibling(row))
		if (ADW_IS_PREFERENCES_ROW(row) &&
		    g_strcmp0(adw_preferences_row_get_title(ADW_PREFERENCES_ROW(row)), title) == 0)
			return TRUE;
	return FALSE;
}

static guint bk_rows(NetpontWindow *window, const char *list)
{
	guint n = 0;

	for (GtkWidget *row = gtk_widget_get_first_child(named(window, list)); row != NULL;
	     row = gtk_widget_get_next_sibling(row))
		n += GTK_IS_LIST_BOX_ROW(row);
	return n;
}

/* The subtitle of the occasion row at index. */
static const char *bk_occasion_count(NetpontWindow *window, guint index)
{
	GtkListBoxRow *row =
	    gtk_list_box_get_row_at_index(GTK_LIST_BOX(named(window, "course-occasions")), index);

	return row != NULL ? adw_action_row_get_subtitle(ADW_ACTION_ROW(row)) : "";
}

/* "Digitális alapok": made with the New course form in window (tutor
 * * Dóra, PC-05, today's weekday from two minutes on, two occasions), both
 * residents enrolled on the page, and its first occasion begun (the
 * database moved back ten minutes, as time would). */
static void bk_course_ready(NetpontWindow *window)
{
	static const char *const keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	gint64 start = (now / 60 + 2) * 60;
	g_autofree char *today = bk_date(start);
	g_autofree char *until = bk_date(start + 7 * 86400);
	g_autofree char *from = bk_clock(start);
	g_autofree char *to = bk_clock(start + 5400);
	g_autoptr(GDateTime) local = g_date_time_new_from_unix_local(start);
	g_autofree char *day =
	    g_strdup_printf("course-day-%s", keys[g_date_time_get_day_of_week(local) - 1]);
	NetpontCoursesPage *courses = bk_courses(window);

	bk_show(window);
	netpont_bookings_page_show_tab(bk_page(window), "courses");
	if (bk.course_ready) {
		g_assert_true(WAIT_UNTIL(bk_course_listed(window, "Digitális alapok"), WAIT_S));
		g_assert_true(netpont_courses_page_select(courses, "Digitális alapok"));
		return;
	}
	g_free(ctl(0, "seat", "add", "PC-05", NULL));
	click(window, "courses-new");
	bk_type("course-name", "Digitális alapok");
	bk_type("course-tutor", "dora");
	bk_type("course-seats", "PC-05");
	bk_type("course-fee", "0");
	bk_type("course-from", from);
	bk_type("course-to", to);
	bk_type("course-first", today);
	bk_type("course-last", until);
	gtk_check_button_set_active(GTK_CHECK_BUTTON(bk_in_dialog(day)), TRUE);
	screenshot_widget(shown_dialog("course-new"), "course-new.png");
	gtk_widget_activate(bk_in_dialog("course-new-apply"));
	if (!WAIT_UNTIL(shown_dialog("course-new") == NULL, WAIT_S))
		g_error("the course was refused: %s",
		        gtk_label_get_text(GTK_LABEL(bk_in_dialog("course-new-error"))));
	g_assert_true(WAIT_UNTIL(bk_course_listed(window, "Digitális alapok"), WAIT_S));
	g_assert_true(netpont_courses_page_select(courses, "Digitális alapok"));
	g_assert_true(WAIT_UNTIL(bk_rows(window, "course-occasions") == 2, WAIT_S));
	gtk_editable_set_text(GTK_EDITABLE(named(window, "course-enrol-login")), "kovacs");
	click(window, "course-enrol");
	if (!WAIT_UNTIL(bk_rows(window, "course-participants") == 1, WAIT_S))
		g_error("not enrolled: %s",
		        gtk_label_get_text(GTK_LABEL(named(window, "message-label"))));
	gtk_editable_set_text(GTK_EDITABLE(named(window, "course-enrol-login")), "nagyb");
	click(window, "course-enrol");
	g_assert_true(WAIT_UNTIL(bk_rows(window, "course-participants") == 2, WAIT_S));
	room_sql("UPDATE course_occasions SET starts_at = starts_at - 600 WHERE id = "
	         "(SELECT min(o.id) FROM course_occasions o JOIN courses c ON c.id = o.course_id "
	         "WHERE c.name = 'Digitális alapok')");
	netpont_courses_page_reload(courses);
	bk.course_ready = TRUE;
}

/* A course's occasions show with their attendance; the tutor's tick is
 * saved (CourseAttendance) and counted. */
static void test_course_occasions_and_attendance(void)
{
	NetpontWindow *window = bk_window();
	GtkWidget *check;

	bk_course_ready(window);
	g_assert_true(WAIT_UNTIL(bk_rows(window, "course-occasions") == 2 &&
	                             bk_rows(window, "course-attendance") == 2,
	                         WAIT_S));
	g_assert_nonnull(
	    strstr(gtk_label_get_text(GTK_LABEL(named(window, "course-facts"))), "PC-05"));
	g_test_message("occasion 1: %s", bk_occasion_count(window, 0));
	g_assert_nonnull(strstr(bk_occasion_count(window, 0), "0"));
	check = named(window, "course-present-kovacs");
	g_assert_false(gtk_check_button_get_active(GTK_CHECK_BUTTON(check)));
	gtk_check_button_set_active(GTK_CHECK_BUTTON(check), TRUE);
	g_assert_true(WAIT_UNTIL(bk_sql_int("SELECT present FROM course_attendance a JOIN "
	                                    "residents r ON r.id = a.resident_id WHERE r.login = "
	                                    "'kovacs' AND a.source = 'tutor'") == 1,
	                         WAIT_S));
	g_assert_true(WAIT_UNTIL(strstr(bk_occasion_count(window, 0), "1") != NULL, WAIT_S));
	g_test_message("occasion 1 after the tick: %s", bk_occasion_count(window, 0));
	g_assert_true(
	    gtk_check_button_get_active(GTK_CHECK_BUTTON(named(window, "course-present-kovacs"))));
	g_assert_false(
	    gtk_check_button_get_active(GTK_CHECK_BUTTON(named(window, "course-present-nagyb"))));
}

/* The booking day view, the week view and a course's page at 1366×768 and
 * 1024×600, in the language of the run: pages-LANG-WxH-bookings-day.png,
 * -bookings-week.png, -course.png. The window stays whole (its close
 * button inside). */
static void test_screens_bookings(void)
{
	static const int sizes[][2] = {{1366, 768}, {1024, 600}};
	const char *language = g_getenv("LANGUAGE");

	if (language == NULL || *language == '\0')
		language = "en";
	bk_seed();
	for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
		NetpontWindow *window =
		    open_window_sized(sizes[i][0], sizes[i][1], "dora", MENTOR_PASSWORD);
		NetpontBookingsPage *page = bk_page(window);
		g_autofree char *day = NULL;
		g_autofree char *week = NULL;
		g_autofree char *course = NULL;

		bk_course_ready(window);
		netpont_bookings_page_show_tab(page, "bookings");
		g_assert_true(WAIT_UNTIL(bk_block(window, "Kovács Mária") != NULL, WAIT_S));
		pump(500);
		assert_inside(window, find_mapped(GTK_WIDGET(window), GTK_TYPE_BUTTON, "close"));
		assert_inside(window, named(window, "bookings-new"));
		day = g_strdup_printf("pages-%s-%dx%d-bookings-day.png", language, sizes[i][0],
		                      sizes[i][1]);
		screenshot(window, day);

		netpont_bookings_page_set_week(page, TRUE);
		g_assert_true(WAIT_UNTIL(find_widget(named(window, "bookings-grid"),
		                                     "bookings-week-day", G_TYPE_INVALID) != NULL &&
		                             bk_block(window, "Kovács Mária") != NULL,
		                         WAIT_S));
		pump(500);
		assert_inside(window, named(window, "bookings-week"));
		week = g_strdup_printf("pages-%s-%dx%d-bookings-week.png", language, sizes[i][0],
		                       sizes[i][1]);
		screenshot(window, week);
		netpont_bookings_page_set_week(page, FALSE);

		netpont_bookings_page_show_tab(page, "courses");
		g_assert_true(WAIT_UNTIL(bk_rows(window, "course-attendance") == 2, WAIT_S));
		pump(500);
		assert_inside(window, named(window, "courses-new"));
		course = g_strdup_printf("pages-%s-%dx%d-course.png", language, sizes[i][0],
		                         sizes[i][1]);
		screenshot(window, course);
		close_window(window);
	}
}

/* ------------------------------------------------------------ the directory */

/* Runs sql on the room's database (an entry that expired yesterday: the
 * server refuses to add one). */
static void directory_sql(const char *sql)
{
	sqlite3 *db = NULL;
	char *error = NULL;

	g_assert_cmpint(sqlite3_open(fx.db, &db), ==, SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK)
		g_error("%s: %s", sql, error);
	sqlite3_close(db);
}

static guint directory_count(NetpontWindow *window)
{
	return netpont_directory_page_get_count(
	    NETPONT_DIRECTORY_PAGE(of_type(window, NETPONT_TYPE_DIRECTORY_PAGE)));
}

/* The row of the list whose entry is called title, or NULL. */
static GtkListBoxRow *directory_row(NetpontWindow *window, const char *title)
{
	GtkListBox *list = GTK_LIST_BOX(named(window, "directory-list"));

	for (int i = 0; gtk_list_box_get_row_at_index(list, i) != NULL; i++) {
		GtkListBoxRow *row = gtk_list_box_get_row_at_index(list, i);
		GtkWidget *label = gtk_widget_get_first_child(gtk_list_box_row_get_child(row));
		if (g_strcmp0(gtk_label_get_text(GTK_LABEL(label)), title) == 0)
			return row;
	}
	return NULL;
}

static gint64 directory_live(const char *title)
{
	g_autofree char *sql = g_strdup_printf(
	    "SELECT count(*) FROM directory_entries WHERE title = '%s' AND removed_at IS NULL",
	    title);
	return volunteer_sql_int(sql);
}

/* A mentor's Directory page: the entries with the expired one greyed, a
 * search without accents and a category filter, a new entry from the form
 * (a date in the past refused with the server's sentence, nothing added),
 * an entry changed, and one removed after a question naming it. The
 * treasurer has no such page. */
static void test_directory_page(void)
{
	NetpontWindow *window;
	const char *ctl = g_getenv("NETPONTCTL");
	int status;
	g_autofree char *err = NULL;

	{
		const char *const add_job[] = {ctl,
		                               "--server",
		                               fx.address,
		                               "--user",
		                               "admin",
		                               "directory",
		                               "add",
		                               "--category",
		                               "institution",
		                               "--title",
		                               "Munkaügyi központ",
		                               "--hours",
		                               "H-Cs 8:00-15:00",
		                               "--phone",
		                               "+36 1 555 0100",
		                               NULL};
		const char *const add_food[] = {
		    ctl,         "--server", fx.address,       "--user", "admin",
		    "directory", "add",      "--category",     "ngo",    "--title",
		    "Ételbank",  "--hours",  "Cs 10:00-13:00", NULL};
		g_free(run(add_job, ADMIN_PASSWORD, NULL, &status, &err));
		g_assert_cmpint(status, ==, 0);
		g_free(run(add_food, ADMIN_PASSWORD, NULL, &status, &err));
		g_assert_cmpint(status, ==, 0);
	}
	directory_sql("INSERT INTO directory_entries (category, title, valid_until, created_at, "
	              "updated_at) VALUES ('event', 'Őszi vásár', date('now', '-1 day'), 0, 0)");

	window = open_window_sized(1366, 768, "terez", TREASURER_PASSWORD);
	g_assert_false(adw_view_stack_page_get_visible(
	    adw_view_stack_get_page(ADW_VIEW_STACK(of_type(window, ADW_TYPE_VIEW_STACK)),
	                            GTK_WIDGET(of_type(window, NETPONT_TYPE_DIRECTORY_PAGE)))));
	close_window(window);

	window = open_window_sized(1366, 768, "dora", MENTOR_PASSWORD);
	netpont_window_show_page(window, "directory");
	g_assert_cmpstr(netpont_window_get_page(window), ==, "directory");
	g_assert_true(WAIT_UNTIL(directory_count(window) == 3, WAIT_S));
	g_assert_true(
	    gtk_widget_has_css_class(GTK_WIDGET(directory_row(window, "Őszi vásár")), "dim-label"));
	g_assert_false(
	    gtk_widget_has_css_class(GTK_WIDGET(directory_row(window, "Ételbank")), "dim-label"));

	/* Search without accents; one category. */
	type_text(window, "directory-search", "MUNKAUGYI");
	g_assert_true(WAIT_UNTIL(directory_count(window) == 1, WAIT_S));
	g_assert_nonnull(directory_row(window, "Munkaügyi központ"));
	type_text(window, "directory-search", "");
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(window, "directory-category")),
	                           3 /* NGO: after "All" */);
	g_assert_true(WAIT_UNTIL(
	    directory_count(window) == 1 && directory_row(window, "Ételbank") != NULL, WAIT_S));
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(window, "directory-category")), 0);
	g_assert_true(WAIT_UNTIL(directory_count(window) == 3, WAIT_S));

	/* A new entry; first with a date in the past, refused. */
	click(window, "directory-new");
	pump(400); /* a button's click comes after its activation's flash */
	gtk_drop_down_set_selected(GTK_DROP_DOWN(named(window, "directory-form-category")),
	                           6 /* event */);
	type_text(window, "directory-form-title", "Adventi kézműves délután");
	type_text(window, "directory-form-address", "Közösségi ház, nagyterem");
	type_text(window, "directory-form-until", "2020-01-01");
	click(window, "directory-save");
	g_assert_true(WAIT_UNTIL(toast_shows(window, "2020-01-01"), WAIT_S));
	pump(300);
	g_assert_cmpint(directory_live("Adventi kézműves délután"), ==, 0);
	type_text(window, "directory-form-until", "");
	click(window, "directory-save");
	g_assert_true(WAIT_UNTIL(directory_count(window) == 4, WAIT_S));
	g_assert_cmpint(directory_live("Adventi kézműves délután"), ==, 1);

	/* Changing the food bank's hours. */
	gtk_list_box_select_row(GTK_LIST_BOX(named(window, "directory-list")),
	                        directory_row(window, "Ételbank"));
	g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(named(window, "directory-form-hours"))),
	                ==, "Cs 10:00-13:00");
	type_text(window, "directory-form-hours", "Cs 9:00-12:00");
	click(window, "directory-save");
	g_assert_true(WAIT_UNTIL(volunteer_sql_int("SELECT count(*) FROM directory_entries WHERE "
	                                           "hours = 'Cs 9:00-12:00'") == 1,
	                         WAIT_S));

	/* What must be visible in the screenshot: the Directory page chosen in
	 * the switcher; the search and "All categories" above the list of four
	 * entries, by category (Munkaügyi központ, Ételbank, then the two
	 * events), each with its category, hours or date under its title;
	 * "Őszi vásár" greyed and marked expired; on the right the form
	 * "Change “Ételbank”" with its fields (category NGO, hours
	 * "Cs 9:00-12:00"), Remove…, New entry and Save, nothing cut off. */
	pump(300);
	screenshot(window, "directory-page.png");

	/* Removing it, after a question naming it. */
	click(window, "directory-remove");
	{
		GtkWidget *dialog = NULL;
		const char *body;
		g_assert_true(WAIT_UNTIL(
		    (dialog = shown_dialog("directory-remove-confirm")) != NULL, WAIT_S));
		body = adw_message_dialog_get_body(ADW_MESSAGE_DIALOG(dialog));
		g_test_message("directory-remove-confirm: %s", body);
		g_assert_nonnull(strstr(body, "Ételbank"));
		g_assert_cmpint(adw_message_dialog_get_response_appearance(
		                    ADW_MESSAGE_DIALOG(dialog), "remove"),
		                ==, ADW_RESPONSE_DESTRUCTIVE);
		screenshot_widget(dialog, "directory-remove-confirm.png");
		adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), "remove");
		gtk_window_close(GTK_WINDOW(dialog));
	}
	g_assert_true(WAIT_UNTIL(directory_count(window) == 3, WAIT_S));
	g_assert_null(directory_row(window, "Ételbank"));
	g_assert_cmpint(directory_live("Ételbank"), ==, 0);
	close_window(window);
}

/* ------------------------------------------------------------ a resident's
 * progress (issue 14): what came of a help call, typed in the Resolved…
 * popover, shows in the resident's history panel on the residents page;
 * "Add a note" adds a line there. Its own block (its includes too). */
#include "netpont-resident-history.h"

/* Whether line i of the panel's title contains text. */
static gboolean progress_line_has(NetpontResidentHistory *panel, guint i, const char *text)
{
	const char *title = netpont_resident_history_get_line(panel, i, NULL);

	return title != NULL && strstr(title, text) != NULL;
}

/* Nagy Béla at PC-02 calls a mentor: Dóra resolves the call on the help
 * page as CV, writing what came of it; his history says so, with the date
 * and her name; she adds a note, which shows on top. */
static void test_progress_outcome_shows_in_history(void)
{
	NetpontWindow *window;
	NetpontResidentHistory *panel;
	const char *subtitle = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *today = g_date_time_format(now, "%Y-%m-%d");
	g_autofree char *line = NULL;
	const char *end[] = {
	    g_getenv("NETPONTCTL"), "--server", fx.address, "session", "end", "PC-02", NULL};
	int status;

	/* PC-02 free of whatever the tests before left there. */
	g_free(run(end, ADMIN_PASSWORD, NULL, &status, NULL));
	g_free(ctl(0, "staff", "set", "dora", "--display-name", "Dóra", NULL));
	g_free(ctl(0, "session", "start", "PC-02", "--resident", "nagyb", NULL));
	window = open_window_sized(1366, 768, "dora", MENTOR_PASSWORD);
	netpont_window_show_page(window, "help");
	raise_help(1, "Hogyan töltöm fel az önéletrajzomat?");
	g_assert_true(WAIT_UNTIL(g_strcmp0(help_selected_seat(window), "PC-02") == 0, WAIT_S));
	/* The Resolved… popover: the line, then the topics. What must be
	 * visible in its screenshot: the popover with the line "feltöltötte az önéletrajzát az
	 * állásportálra" on top, "What was it about?" and the six topics below, nothing cut off. */
	g_assert_true(GTK_IS_MENU_BUTTON(named(window, "help-resolve")));
	gtk_menu_button_popup(GTK_MENU_BUTTON(named(window, "help-resolve")));
	g_assert_true(WAIT_UNTIL(gtk_widget_get_mapped(named(window, "help-resolve-cv")), WAIT_S));
	type_text(window, "help-resolve-outcome", "feltöltötte az önéletrajzát az állásportálra");
	screenshot_widget(
	    GTK_WIDGET(gtk_menu_button_get_popover(GTK_MENU_BUTTON(named(window, "help-resolve")))),
	    "help-resolve-outcome.png");
	click(window, "help-resolve-cv");
	g_assert_true(WAIT_UNTIL(help_selected_seat(window) == NULL ||
	                             g_strcmp0(help_selected_seat(window), "PC-02") != 0,
	                         WAIT_S));
	/* The line is cleared for the next call. */
	g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(named(window, "help-resolve-outcome"))),
	                ==, "");

	select_resident(window, "nagyb");
	panel = NETPONT_RESIDENT_HISTORY(named(window, "resident-history"));
	g_assert_true(gtk_widget_get_visible(GTK_WIDGET(panel)));
	g_assert_true(WAIT_UNTIL(netpont_resident_history_get_n_lines(panel) >= 1 &&
	                             progress_line_has(panel, 0, "állásportálra"),
	                         WAIT_S));
	g_assert_true(progress_line_has(panel, 0, netpont_help_topic_label("cv")));
	g_assert_nonnull(netpont_resident_history_get_line(panel, 0, &subtitle));
	g_test_message("history: %s / %s", netpont_resident_history_get_line(panel, 0, NULL),
	               subtitle);
	g_assert_nonnull(strstr(subtitle, today));
	g_assert_nonnull(strstr(subtitle, "Dóra"));
	g_assert_nonnull(strstr(subtitle, "PC-02"));

	/* "Add a note": a second line (on top, unless written within the
	 * same second as the call was resolved). */
	type_text(window, "resident-history-note", "Jövő héten a nyugdíjas igazolvány.");
	click(window, "resident-history-add");
	g_assert_true(WAIT_UNTIL(netpont_resident_history_get_n_lines(panel) == 2 &&
	                             (progress_line_has(panel, 0, "nyugdíjas igazolvány") ||
	                              progress_line_has(panel, 1, "nyugdíjas igazolvány")),
	                         WAIT_S));
	g_assert_cmpstr(gtk_editable_get_text(GTK_EDITABLE(named(window, "resident-history-note"))),
	                ==, "");
	line = ctl(0, "--json", "resident", "note", "list", "nagyb", NULL);
	g_assert_nonnull(strstr(line, "nyugdíjas igazolvány"));

	/* What must be visible in the screenshot (1366×768): the residents page
	 * with Nagy Béla selected; on the right below the form's buttons the
	 * "Progress" panel: its hint (staff only), the note "Jövő héten a
	 * nyugdíjas igazolvány." with today's date, Dóra and "note", then
	 * "CV: feltöltötte az önéletrajzát az állásportálra" with the date,
	 * Dóra and "help call at PC-02"; the note line and "Add a note" below,
	 * nothing cut off at the right edge. */
	{
		GtkWidget *scroller =
		    gtk_widget_get_ancestor(GTK_WIDGET(panel), GTK_TYPE_SCROLLED_WINDOW);
		GtkAdjustment *adj =
		    gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroller));
		pump(300);
		gtk_adjustment_set_value(adj, gtk_adjustment_get_upper(adj));
	}
	screenshot(window, "residents-progress.png");
	g_free(ctl(0, "session", "end", "PC-02", NULL));
	close_window(window);
}

/* The treasurer keeps the money, not the residents' stories: the panel is
 * not there for her. */
static void test_progress_hidden_from_treasurer(void)
{
	NetpontWindow *window = open_window_sized(1366, 768, "terez", TREASURER_PASSWORD);

	netpont_window_show_page(window, "residents");
	select_resident(window, "kovacs");
	pump(300);
	g_assert_false(gtk_widget_get_visible(named(window, "resident-history")));
	close_window(window);
}

/* ---------------------------------------------------------------- residents' data rights */

#include "netpont-residents-page.h"

/* Adds a resident on the residents page and shows them. */
static void rights_add_and_select(NetpontWindow *window, const char *login, const char *name)
{
	g_autofree char *sql =
	    g_strdup_printf("SELECT count(*) FROM residents WHERE login = '%s'", login);

	netpont_window_show_page(window, "residents");
	type_text(window, "residents-login", login);
	type_text(window, "residents-name", name);
	type_text(window, "residents-pin", "4826");
	click(window, "residents-add");
	g_assert_true(WAIT_UNTIL(volunteer_sql_int(sql) == 1, WAIT_S));
	select_resident(window, login);
	g_assert_true(
	    WAIT_UNTIL(gtk_widget_is_sensitive(named(window, "residents-export")), WAIT_S));
	pump(300); /* every detail the selection asked for has arrived */
}

/* Export… saves everything kept about the shown resident: JSON with a key
 * per table, or the PDF sheet for a name ending in .pdf. */
static void test_resident_export_writes_a_file(void)
{
	NetpontWindow *window = open_window();
	g_autofree char *json = g_build_filename(fx.dir, "rights-export.json", NULL);
	g_autofree char *pdf = g_build_filename(fx.dir, "rights-export.pdf", NULL);
	g_autofree char *text = NULL;
	NetpontResidentsPage *page;

	sign_in(window, "admin", ADMIN_PASSWORD);
	g_assert_true(WAIT_UNTIL(signed_in(window), WAIT_S));
	rights_add_and_select(window, "rights-export", "Tóth Ilona");
	/* What must be visible in the screenshot: the Residents page with
	 * Tóth Ilona (rights-export) selected and her details in the form;
	 * under the New / Add / Save changes / Reset PIN row, the Export… and
	 * the red Erase… buttons side by side, nothing cut off. */
	screenshot(window, "residents-data-rights.png");
	page = NETPONT_RESIDENTS_PAGE(gtk_widget_get_ancestor(named(window, "residents-export"),
	                                                      NETPONT_TYPE_RESIDENTS_PAGE));
	netpont_residents_page_export(page, json);
	g_assert_true(WAIT_UNTIL(toast_shows(window, "rights-export.json"), WAIT_S));
	g_assert_true(g_file_get_contents(json, &text, NULL, NULL));
	g_assert_nonnull(strstr(text, "\"account\""));
	g_assert_nonnull(strstr(text, "\"help_calls\""));
	g_assert_nonnull(strstr(text, "Tóth Ilona"));
	g_free(g_steal_pointer(&text));
	netpont_residents_page_export(page, pdf);
	g_assert_true(WAIT_UNTIL(toast_shows(window, "rights-export.pdf"), WAIT_S));
	g_assert_true(g_file_get_contents(pdf, &text, NULL, NULL));
	g_assert_true(g_str_has_prefix(text, "%PDF"));
	g_assert_cmpint(volunteer_sql_int("SELECT count(*) FROM audit WHERE action = "
	                                  "'resident.export' AND detail = 'rights-export'"),
	                ==, 2);
	close_window(window);
}

/* Erase… names the resident and what goes, is destructive, and erases
 * nothing until it is answered so, with a note. */
static void test_resident_erase_asks_first(void)
{
	NetpontWindow *window = open_window();
	const char *erased = "SELECT count(*) FROM residents WHERE login = 'rights-erase' AND "
	                     "erased_at IS NOT NULL";
	GtkWidget *dialog = NULL;
	const char *body;

	sign_in(window, "admin", ADMIN_PASSWORD);
	g_assert_true(WAIT_UNTIL(signed_in(window), WAIT_S));
	rights_add_and_select(window, "rights-erase", "Kiss Béla");
	g_assert_true(gtk_widget_get_visible(named(window, "residents-erase")));
	click(window, "residents-erase");
	g_assert_true(
	    WAIT_UNTIL((dialog = shown_dialog("residents-erase-confirm")) != NULL, WAIT_S));
	body = adw_message_dialog_get_body(ADW_MESSAGE_DIALOG(dialog));
	g_test_message("residents-erase-confirm: %s", body);
	g_assert_nonnull(strstr(body, "Kiss Béla"));
	g_assert_nonnull(strstr(body, "rights-erase"));
	g_assert_cmpint(
	    adw_message_dialog_get_response_appearance(ADW_MESSAGE_DIALOG(dialog), "erase"), ==,
	    ADW_RESPONSE_DESTRUCTIVE);
	/* What must be visible in the screenshot: the heading "Erase this
	 * resident's data?", Kiss Béla (rights-erase) in the text with what
	 * goes and what stays, the note field, the check for money owed, and
	 * Cancel beside a red Erase. */
	screenshot_widget(dialog, "residents-erase-confirm.png");
	adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), "cancel");
	gtk_window_close(GTK_WINDOW(dialog));
	pump(300);
	g_assert_cmpint(volunteer_sql_int(erased), ==, 0);

	click(window, "residents-erase");
	g_assert_true(
	    WAIT_UNTIL((dialog = shown_dialog("residents-erase-confirm")) != NULL, WAIT_S));
	gtk_editable_set_text(GTK_EDITABLE(g_object_get_data(G_OBJECT(dialog), "netpont-note")),
	                      "asked in person");
	adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), "erase");
	gtk_window_close(GTK_WINDOW(dialog));
	g_assert_true(WAIT_UNTIL(volunteer_sql_int(erased) == 1, WAIT_S));
	close_window(window);
}

int main(int argc, char **argv)
{
	int rc;
	const char *build = g_getenv("NETPONT_BUILD_DIR");

	np_test_run_at_noon();
	if (g_getenv("NETPONTD") == NULL || g_getenv("NETPONT_AGENT") == NULL ||
	    g_getenv("NETPONTCTL") == NULL) {
		g_printerr("NETPONTD, NETPONT_AGENT and NETPONTCTL must name the programs.\n");
		return 77;
	}
	if (!g_file_test(g_getenv("NETPONTD"), G_FILE_TEST_IS_EXECUTABLE) ||
	    !g_file_test(g_getenv("NETPONT_AGENT"), G_FILE_TEST_IS_EXECUTABLE) ||
	    !g_file_test(g_getenv("NETPONTCTL"), G_FILE_TEST_IS_EXECUTABLE)) {
		g_printerr("netpontd, netpont-agent or netpontctl is not built; skipping.\n");
		return 77;
	}
	fx.screenshot_dir =
	    g_build_filename(build != NULL ? build : ".", "tests", "console", "screenshots", NULL);
	g_mkdir_with_parents(fx.screenshot_dir, 0755);
	setup_room();
	{
		/* The console's settings (GSETTINGS_BACKEND=keyfile) and
		 * known-servers go to the test's own config directory. */
		g_autofree char *config = g_build_filename(fx.dir, "config", NULL);
		g_setenv("XDG_CONFIG_HOME", config, TRUE);
	}
	gtk_test_init(&argc, &argv, NULL);
	/* As the program does: LANGUAGE=hu runs the same tests in Hungarian. */
	netpont_console_init_i18n();
	adw_init();
	/* GTK 4.8's cursor blink warns when focus moves while the window is
	 * not active, which is always so on a bare Xvfb. */
	g_object_set(gtk_settings_get_default(), "gtk-cursor-blink", FALSE, NULL);
	/* libadwaita 1.2's AdwFlap (the seats page) now and then allocates its content
	 * a width of G_MININT while it folds or unfolds in a window opened at a new
	 * size (a warning, fatal here: one run in four of
	 * /console/switcher-for-each-role); with animations off it never did in
	 * twelve. The tests look at where things end up, not at the motion. */
	g_object_set(gtk_settings_get_default(), "gtk-enable-animations", FALSE, NULL);
	g_test_add_func("/console/sign-in", test_sign_in);
	g_test_add_func("/console/assign-seat", test_assign_seat);
	g_test_add_func("/console/heartbeat", test_heartbeat);
	g_test_add_func("/console/help-call", test_help_call);
	g_test_add_func("/console/help-oldest-waiting-and-reminder",
	                test_help_oldest_waiting_and_reminder);
	g_test_add_func("/console/help-from-the-seat-panel", test_help_from_the_seat_panel);
	g_test_add_func("/console/refused-action", test_refused_action);
	g_test_add_func("/console/fee-desk-warns-without-shift", test_fee_desk_warns_without_shift);
	g_test_add_func("/console/shift-start", test_shift_start);
	g_test_add_func("/console/fee-desk-warning-gone-with-shift",
	                test_fee_desk_warning_gone_with_shift);
	g_test_add_func("/console/session-end", test_session_end);
	g_test_add_func("/console/fee-desk-payment", test_fee_desk_payment);
	g_test_add_func("/console/fee-desk-change-helper", test_fee_desk_change_helper);
	g_test_add_func("/console/fee-desk-takes-back-last-item",
	                test_fee_desk_takes_back_last_item);
	g_test_add_func("/console/shift-end", test_shift_end);
	g_test_add_func("/console/treasurer-totals", test_treasurer_totals);
	g_test_add_func("/console/treasurer-live", test_treasurer_live);
	g_test_add_func("/console/treasurer-audit", test_treasurer_audit);
	g_test_add_func("/console/treasurer-reverses", test_treasurer_reverses);
	g_test_add_func("/console/admin-enrol-seat", test_admin_enrol_seat);
	g_test_add_func("/console/admin-tariff", test_admin_tariff);
	g_test_add_func("/console/admin-opening-hours", test_admin_opening_hours);
	g_test_add_func("/console/admin-category", test_admin_category);
	g_test_add_func("/console/admin-staff", test_admin_staff);
	g_test_add_func("/console/admin-staff-pane", test_admin_staff_pane);
	g_test_add_func("/console/admin-audit", test_admin_audit);
	g_test_add_func("/console/admin-resident-history", test_admin_resident_history);
	g_test_add_func("/console/seat-message", test_seat_message);
	g_test_add_func("/console/out-of-order", test_out_of_order);
	g_test_add_func("/console/lock-warns-first", test_lock_warns_first);
	g_test_add_func("/console/residents-follow-the-ledger", test_residents_follow_the_ledger);
	g_test_add_func("/console/tile-names-whole", test_tile_names_whole);
	g_test_add_func("/console/switcher-for-each-role", test_switcher_for_each_role);
	g_test_add_func("/console/narrow-window-fits", test_narrow_window_fits);
	g_test_add_func("/console/screens-every-page", test_screens_every_page);
	g_test_add_func("/console/removed-seat-leaves-the-map", test_removed_seat_leaves_the_map);
	g_test_add_func("/console/seat-map-pages", test_seat_map_pages);
	g_test_add_func("/console/resident-search-pages", test_resident_search_pages);
	g_test_add_func("/console/pin-reset", test_pin_reset);
	g_test_add_func("/console/held-print-shown", test_held_print_shown);
	g_test_add_func("/console/held-print-cancel", test_held_print_cancel);
	g_test_add_func("/console/held-print-release", test_held_print_release);
	g_test_add_func("/console/held-print-gone", test_held_print_gone);
	g_test_add_func("/console/resident-birth-year", test_resident_birth_year);
	g_test_add_func("/console/usage-tab", test_usage_tab);
	g_test_add_func("/console/reconnect", test_reconnect);
	g_test_add_func("/console/sign-out", test_sign_out);
	g_test_add_func("/console/volunteer-clock-button", test_volunteer_clock_button);
	g_test_add_func("/console/volunteer-button-follows-events",
	                test_volunteer_button_follows_events);
	g_test_add_func("/console/volunteer-hours-tab", test_volunteer_hours_tab);
	g_test_add_func("/console/bookings-in-switcher", test_bookings_in_switcher);
	g_test_add_func("/console/booking-from-ctl-shows", test_booking_from_ctl_shows);
	g_test_add_func("/console/booking-dialog-creates", test_booking_dialog_creates);
	g_test_add_func("/console/booking-conflict-shows-sentence",
	                test_booking_conflict_shows_sentence);
	g_test_add_func("/console/booking-cancel-asks-first", test_booking_cancel_asks_first);
	g_test_add_func("/console/booking-follows-events", test_booking_follows_events);
	g_test_add_func("/console/booking-move", test_booking_move);
	g_test_add_func("/console/booking-days-and-week", test_booking_days_and_week);
	g_test_add_func("/console/course-occasions-and-attendance",
	                test_course_occasions_and_attendance);
	g_test_add_func("/console/screens-bookings", test_screens_bookings);
	g_test_add_func("/console/directory-page", test_directory_page);
	g_test_add_func("/console/progress-outcome-shows-in-history",
	                test_progress_outcome_shows_in_history);
	g_test_add_func("/console/progress-hidden-from-treasurer",
	                test_progress_hidden_from_treasurer);
	g_test_add_func("/console/resident-export-writes-a-file",
	                test_resident_export_writes_a_file);
	g_test_add_func("/console/resident-erase-asks-first", test_resident_erase_asks_first);
	rc = g_test_run();
	teardown_room();
	return rc;
}
