#include "netpont-application.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "netpont-window.h"

struct _NetpontApplication {
	AdwApplication parent_instance;
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

	if (window == NULL)
		window = GTK_WINDOW(netpont_window_new(GTK_APPLICATION(application)));
	gtk_window_present(window);
}

static void netpont_application_class_init(NetpontApplicationClass *klass)
{
	G_APPLICATION_CLASS(klass)->activate = netpont_application_activate;
}

static void netpont_application_init(NetpontApplication *self)
{
}

NetpontApplication *netpont_application_new(void)
{
	/* The resource base path makes GtkApplication pick up
	 * gtk/help-overlay.ui: the shortcuts window on Ctrl+?. */
	return g_object_new(NETPONT_TYPE_APPLICATION, "application-id", "hu.netpont.Console",
	                    "flags", G_APPLICATION_DEFAULT_FLAGS, "resource-base-path",
	                    "/hu/netpont/console", NULL);
}
