#include "netpont-application.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "netpont-window.h"

struct _NetpontApplication {
	AdwApplication parent_instance;
	char *server; /* --server HOST:PORT, or NULL */
	char *user;   /* --user NAME, or NULL */
};

G_DEFINE_FINAL_TYPE(NetpontApplication, netpont_application, ADW_TYPE_APPLICATION)

void netpont_console_init_i18n(void)
{
	const char *dir = g_getenv("NETPONT_LOCALEDIR");

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, dir != NULL && *dir ? dir : NETPONT_INSTALL_LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
}

static void netpont_application_activate(GApplication *application)
{
	GtkWindow *window = gtk_application_get_active_window(GTK_APPLICATION(application));

	NetpontApplication *self = NETPONT_APPLICATION(application);
	if (window == NULL) {
		window = GTK_WINDOW(netpont_window_new(GTK_APPLICATION(application)));
		netpont_window_set_sign_in(NETPONT_WINDOW(window), self->server, self->user);
	}
	gtk_window_present(window);
}

/* Keeps --server and --user for the sign-in form; -1 lets GApplication go on. */
static int netpont_application_handle_local_options(GApplication *application,
                                                    GVariantDict *options)
{
	NetpontApplication *self = NETPONT_APPLICATION(application);
	/* Local options are handled before GTK opens the display, so
	 * --version works without one. */
	if (g_variant_dict_contains(options, "version")) {
		g_print("netpont-console %s\n", NETPONT_VERSION);
		return 0;
	}
	g_variant_dict_lookup(options, "server", "s", &self->server);
	g_variant_dict_lookup(options, "user", "s", &self->user);
	return -1;
}

static void netpont_application_startup(GApplication *application)
{
	G_APPLICATION_CLASS(netpont_application_parent_class)->startup(application);
	/* The window manager's and the task switcher's icon: the installed
	 * icon, or the copy in the resources (the build tree). */
	gtk_window_set_default_icon_name(NETPONT_CONSOLE_APP_ID);
}

static void netpont_application_shutdown(GApplication *application)
{
	/* Settings written on closing the window reach the disk (dconf
	 * writes them asynchronously) before the process ends. */
	g_settings_sync();
	G_APPLICATION_CLASS(netpont_application_parent_class)->shutdown(application);
}

static void netpont_application_finalize(GObject *object)
{
	NetpontApplication *self = NETPONT_APPLICATION(object);
	g_clear_pointer(&self->server, g_free);
	g_clear_pointer(&self->user, g_free);
	G_OBJECT_CLASS(netpont_application_parent_class)->finalize(object);
}

static void netpont_application_class_init(NetpontApplicationClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = netpont_application_finalize;
	G_APPLICATION_CLASS(klass)->activate = netpont_application_activate;
	G_APPLICATION_CLASS(klass)->startup = netpont_application_startup;
	G_APPLICATION_CLASS(klass)->shutdown = netpont_application_shutdown;
	G_APPLICATION_CLASS(klass)->handle_local_options = netpont_application_handle_local_options;
}

static void netpont_application_init(NetpontApplication *self)
{
	const GOptionEntry options[] = {
	    {"server", 0, 0, G_OPTION_ARG_STRING, NULL,
	     N_("The Netpont server to sign in to (the form remembers the last one)"),
	     N_("HOST:PORT")},
	    {"user", 0, 0, G_OPTION_ARG_STRING, NULL, N_("The staff name to fill in"), N_("NAME")},
	    {"version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL},
	    {NULL},
	};
	g_application_add_main_option_entries(G_APPLICATION(self), options);
}

NetpontApplication *netpont_application_new(void)
{
	/* The resource base path makes GtkApplication pick up
	 * gtk/help-overlay.ui: the shortcuts window on Ctrl+?. */
	return g_object_new(NETPONT_TYPE_APPLICATION, "application-id", NETPONT_CONSOLE_APP_ID,
	                    "flags", G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
	                    "/hu/netpont/console", NULL);
}
