/* A small modal form of the bookings and courses pages: a header bar with
 * Cancel and the act ("Book", "Move", "Create"), the caller's fields, and a
 * line for the server's refusal. The act sends one request; a refusal shows
 * its sentence in the form and nothing closes; success closes the form and
 * calls the caller back with the reply. Escape cancels.
 *
 * Widget names (the tests find them): NAME (the window), NAME-apply (the
 * act's button), NAME-error (the refusal). */
#ifndef NETPONT_FORM_DIALOG_H
#define NETPONT_FORM_DIALOG_H

#include <adwaita.h>

#include "netpont-client.h"

G_BEGIN_DECLS

/* Called when the act was done; reply is freed after the call. */
typedef void (*NetpontFormDone)(gpointer data, Netpont__Envelope *reply);
/* Called when the act's button is pressed: builds the request and sends it
 * with netpont_form_dialog_send(), or shows what is missing with
 * netpont_form_dialog_set_error(). */
typedef void (*NetpontFormApply)(GtkWindow *dialog, gpointer data);

/* A new form transient for parent's window; content (floating) below the
 * header. data is borrowed until the dialog is gone (pass an object the
 * dialog keeps: the dialog holds a reference of a GObject data). */
GtkWindow *netpont_form_dialog_new(GtkWidget *parent, const char *name, const char *title,
                                   const char *act, GtkWidget *content, NetpontFormApply apply,
                                   GObject *data);
/* Sends env (encoded at once) through client; done is called on success
 * with the reply, then the dialog closes. */
void netpont_form_dialog_send(GtkWindow *dialog, NetpontClient *client,
                              const Netpont__Envelope *env, NetpontFormDone done);
void netpont_form_dialog_set_error(GtkWindow *dialog, const char *text);

/* A field of a form: an entry row called name with title and text, added
 * to the preferences group group; Enter in it does the form's act. */
GtkEditable *netpont_form_entry_row(GtkWidget *group, const char *name, const char *title,
                                    const char *text);
/* The names a field lists ("PC-01, PC-02" or "PC-01 PC-02"): a
 * NULL-ended array (g_strfreev) without empty ones. */
char **netpont_form_names(GtkEditable *field);

/* The translated name of ISO weekday day (1 Monday .. 7 Sunday), whole
 * ("Monday") or short ("Mon"), as the bookings and courses show them
 * whatever the locale's dates are. */
const char *netpont_weekday_name(int day, gboolean short_name);

G_END_DECLS

#endif
