/* Small helpers shared by the console's pages: formatting money, durations
 * and times, showing messages, and building table columns. */
#ifndef NETPONT_UTIL_H
#define NETPONT_UTIL_H

#include <gtk/gtk.h>

#include "netpont-client.h"

G_BEGIN_DECLS

/* An amount (minor units) as people read it on screen: "1 234 Ft",
 * "19,99 EUR" (np_money_format() with np_money_screen). Caller frees. */
char *netpont_format_money(const char *currency, guint decimals, gint64 amount);
/* The same with the currency of client's site. Caller frees. */
char *netpont_client_format_money(NetpontClient *client, gint64 amount);
/* A resident's balance as every page shows it: "1 234 Ft" owed, or
 * "credit 500 Ft" when paid in advance; never a negative amount (due and
 * credit as the server sends them, Resident and BillReply). Caller frees. */
char *netpont_client_format_balance(NetpontClient *client, gint64 due, gint64 credit);
/* "1:05:09" or "5:09". Negative durations show as "0:00". Caller frees. */
char *netpont_format_duration(gint64 seconds);
/* "2026-11-24 09:15" in local time, "" for 0. Caller frees. */
char *netpont_format_datetime(gint64 unix_time);
/* "09:15" in local time. Caller frees. */
char *netpont_format_clock(gint64 unix_time);
/* "YYYY-MM-DD" for a local date. Caller frees. */
char *netpont_format_date(GDateTime *date);
/* The translated name of a staff role. */
const char *netpont_role_label(Netpont__StaffRole role);

/* Shows message at the bottom of the window (plain text, not markup). */
void netpont_show_message(GtkWidget *widget, const char *message);
/* Shows error->message, the server's own sentence. */
void netpont_show_error(GtkWidget *widget, const GError *error);

/* Appends a column showing the string property property of each item
 * (kept live: the cell follows notify). */
GtkColumnViewColumn *netpont_column_view_add(GtkColumnView *view, const char *title,
                                             const char *property, gboolean expand);
/* Text of a GtkEditable with surrounding blanks removed. Caller frees. */
char *netpont_editable_get_stripped(gpointer editable);

/* A selectable monospace label for a long code a person copies or compares
 * (a seat token, a certificate's fingerprint), wrapped anywhere, with the
 * widget name name (tests find it by it). Returns a floating widget. */
GtkWidget *netpont_code_label_new(const char *text, const char *name);

/* Called with the reply of a successful netpont_request(); reply is freed
 * after the call. */
typedef void (*NetpontReplyFunc)(GtkWidget *widget, Netpont__Envelope *reply);

/* Sends env (encoded at once) and, when the reply comes: on success shows
 * success_message (if not NULL) and calls done (if not NULL); on refusal
 * shows the server's sentence. widget is kept alive until then. */
void netpont_request(NetpontClient *client, GtkWidget *widget, const Netpont__Envelope *env,
                     const char *success_message, NetpontReplyFunc done);

/* Asks for the residents whose login or name matches query (guests too when
 * include_guests) and calls done with the ResidentListReply, as
 * netpont_request() does. The resident searches of every page use it. */
void netpont_request_residents(NetpontClient *client, GtkWidget *widget, const char *query,
                               gboolean include_guests, NetpontReplyFunc done);

G_END_DECLS

#endif
