/* NetpontAuditView: the audit log as a list, newest first, with a from and
 * a to date. The administrator's page and the treasurer's page each show
 * one (the server refuses it to every other role). */
#ifndef NETPONT_AUDIT_VIEW_H
#define NETPONT_AUDIT_VIEW_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

#define NETPONT_TYPE_AUDIT_VIEW (netpont_audit_view_get_type())
G_DECLARE_FINAL_TYPE(NetpontAuditView, netpont_audit_view, NETPONT, AUDIT_VIEW, GtkBox)

/* The connection the view asks; the view keeps a reference. */
void netpont_audit_view_set_client(NetpontAuditView *self, NetpontClient *client);
/* Asks for the rows between the dates in the view's entries (an empty
 * entry is no bound); a refusal shows the server's sentence. */
void netpont_audit_view_reload(NetpontAuditView *self);
/* Forgets the rows shown. */
void netpont_audit_view_clear(NetpontAuditView *self);

G_END_DECLS

#endif
