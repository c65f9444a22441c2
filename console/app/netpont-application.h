/* NetpontApplication: the netpont-console application (one window). */
#ifndef NETPONT_APPLICATION_H
#define NETPONT_APPLICATION_H

#include <adwaita.h>

G_BEGIN_DECLS

#define NETPONT_TYPE_APPLICATION (netpont_application_get_type())
G_DECLARE_FINAL_TYPE(NetpontApplication, netpont_application, NETPONT, APPLICATION, AdwApplication)

NetpontApplication *netpont_application_new(void);

/* Binds the "netpont-console" gettext domain: NETPONT_LOCALEDIR from the
 * environment if set, else the install locale directory. */
void netpont_console_init_i18n(void);

G_END_DECLS

#endif
