/* NetpontApplication: the netpont-console application (one window). */
#ifndef NETPONT_APPLICATION_H
#define NETPONT_APPLICATION_H

#include <adwaita.h>

G_BEGIN_DECLS

/* The application id: the GApplication's, the desktop file's, the AppStream
 * component's, the icon's and the GSettings schema's (console/data). */
#define NETPONT_CONSOLE_APP_ID "hu.netpont.Console"
/* The project's web site, as the package and the AppStream data give it. */
#define NETPONT_CONSOLE_WEBSITE "https://netpont.invalid/"

#define NETPONT_TYPE_APPLICATION (netpont_application_get_type())
G_DECLARE_FINAL_TYPE(NetpontApplication, netpont_application, NETPONT, APPLICATION, AdwApplication)

NetpontApplication *netpont_application_new(void);

/* Binds the "netpont-console" gettext domain: NETPONT_LOCALEDIR from the
 * environment if set, else the install locale directory. */
void netpont_console_init_i18n(void);

G_END_DECLS

#endif
