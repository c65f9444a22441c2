/* NetpontReceipt: a payment receipt — site, date, resident, itemised lines,
 * total, paid, mentor — drawn with cairo, saved as PDF or printed. */
#ifndef NETPONT_RECEIPT_H
#define NETPONT_RECEIPT_H

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	char *label;
	char *when; /* "2026-11-24 09:15", or "" */
	gint64 qty;
	gint64 amount;
} NetpontReceiptLine;

typedef struct {
	char *site_name;
	char *mentor;
	char *resident_name;
	char *resident_login;
	char *currency;
	guint currency_decimals;
	gint64 at;        /* Unix time of the payment */
	GPtrArray *lines; /* NetpontReceiptLine*, owned */
	gint64 total;     /* what was due before paying */
	gint64 paid;
	char *method; /* "cash", "waive" or "refund" */
	char *note;
	gint64 due_after;
	gint64 credit_after; /* paid in advance after this payment; due_after is then 0 */
} NetpontReceipt;

NetpontReceipt *netpont_receipt_new(void);
void netpont_receipt_free(NetpontReceipt *receipt);
/* Appends a line; label and when (may be NULL) are copied. */
void netpont_receipt_add_line(NetpontReceipt *receipt, const char *label, const char *when,
                              gint64 qty, gint64 amount);
/* Draws the receipt from the top-left corner of cr, width points wide.
 * Returns the height used. */
double netpont_receipt_draw(const NetpontReceipt *receipt, cairo_t *cr, double width);
/* Writes an A4 PDF to path. */
gboolean netpont_receipt_save_pdf(const NetpontReceipt *receipt, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(NetpontReceipt, netpont_receipt_free)

G_END_DECLS

#endif
