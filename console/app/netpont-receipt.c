#include "netpont-receipt.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "netpont-util.h"

#define A4_WIDTH_PT  595.0
#define A4_HEIGHT_PT 842.0
#define MARGIN_PT    56.0

static void receipt_line_free(gpointer data)
{
	NetpontReceiptLine *line = data;

	g_free(line->label);
	g_free(line->when);
	g_free(line);
}

NetpontReceipt *netpont_receipt_new(void)
{
	NetpontReceipt *receipt = g_new0(NetpontReceipt, 1);

	receipt->lines = g_ptr_array_new_with_free_func(receipt_line_free);
	receipt->currency = g_strdup("HUF");
	return receipt;
}

void netpont_receipt_free(NetpontReceipt *receipt)
{
	if (receipt == NULL)
		return;
	g_free(receipt->site_name);
	g_free(receipt->mentor);
	g_free(receipt->resident_name);
	g_free(receipt->resident_login);
	g_free(receipt->currency);
	g_free(receipt->method);
	g_free(receipt->note);
	g_ptr_array_unref(receipt->lines);
	g_free(receipt);
}

void netpont_receipt_add_line(NetpontReceipt *receipt, const char *label, const char *when,
                              gint64 qty, gint64 amount)
{
	NetpontReceiptLine *line = g_new0(NetpontReceiptLine, 1);

	line->label = g_strdup(label);
	line->when = g_strdup(when != NULL ? when : "");
	line->qty = qty;
	line->amount = amount;
	g_ptr_array_add(receipt->lines, line);
}

/* Draws text at (x, y); right-aligned to x when right is set. Returns the
 * height of the text. */
static double draw_text(cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
                        gboolean right)
{
	int w, h;

	pango_layout_set_text(layout, text, -1);
	pango_layout_get_pixel_size(layout, &w, &h);
	cairo_move_to(cr, right ? x - w : x, y);
	pango_cairo_show_layout(cr, layout);
	return h;
}

static char *receipt_money(const NetpontReceipt *receipt, gint64 amount)
{
	return netpont_format_money(receipt->currency, receipt->currency_decimals, amount);
}

double netpont_receipt_draw(const NetpontReceipt *receipt, cairo_t *cr, double width)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *title_font = pango_font_description_from_string("Sans Bold 16");
	PangoFontDescription *font = pango_font_description_from_string("Sans 11");
	PangoFontDescription *bold = pango_font_description_from_string("Sans Bold 11");
	g_autoptr(GDateTime) when = g_date_time_new_from_unix_local(receipt->at);
	g_autofree char *date =
	    when != NULL ? g_date_time_format(when, "%Y-%m-%d %H:%M") : g_strdup("");
	g_autofree char *text = NULL;
	double y = 0;

	cairo_set_source_rgb(cr, 0, 0, 0);
	pango_layout_set_font_description(layout, title_font);
	y += draw_text(cr, layout, receipt->site_name != NULL ? receipt->site_name : "", 0, y,
	               FALSE);
	pango_layout_set_font_description(layout, font);
	y += 4;
	text = g_strdup_printf(_("Receipt — %s"), date);
	y += draw_text(cr, layout, text, 0, y, FALSE);
	g_clear_pointer(&text, g_free);
	text = g_strdup_printf(_("Resident: %s (%s)"), receipt->resident_name,
	                       receipt->resident_login);
	y += draw_text(cr, layout, text, 0, y, FALSE) + 12;
	g_clear_pointer(&text, g_free);

	pango_layout_set_font_description(layout, bold);
	draw_text(cr, layout, _("Item"), 0, y, FALSE);
	draw_text(cr, layout, _("When"), width * 0.42, y, FALSE);
	draw_text(cr, layout, _("Qty"), width * 0.78, y, TRUE);
	y += draw_text(cr, layout, _("Amount"), width, y, TRUE) + 4;
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, 0, y);
	cairo_line_to(cr, width, y);
	cairo_stroke(cr);
	y += 4;
	pango_layout_set_font_description(layout, font);
	for (guint i = 0; i < receipt->lines->len; i++) {
		NetpontReceiptLine *line = g_ptr_array_index(receipt->lines, i);
		g_autofree char *qty = g_strdup_printf("%" G_GINT64_FORMAT, line->qty);
		g_autofree char *amount = receipt_money(receipt, line->amount);
		/* The item's name is cut to its column so nothing overlaps. */
		pango_layout_set_width(layout, (int)(width * 0.40 * PANGO_SCALE));
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
		draw_text(cr, layout, line->label, 0, y, FALSE);
		pango_layout_set_width(layout, -1);
		pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
		draw_text(cr, layout, line->when, width * 0.42, y, FALSE);
		draw_text(cr, layout, qty, width * 0.78, y, TRUE);
		y += draw_text(cr, layout, amount, width, y, TRUE) + 2;
	}
	y += 4;
	cairo_move_to(cr, 0, y);
	cairo_line_to(cr, width, y);
	cairo_stroke(cr);
	y += 6;

	{
		g_autofree char *total = receipt_money(receipt, receipt->total);
		g_autofree char *paid = receipt_money(receipt, receipt->paid);
		gboolean credit = receipt->credit_after > 0 && receipt->due_after <= 0;
		g_autofree char *left = receipt_money(receipt, credit ? receipt->credit_after
		                                                      : MAX(receipt->due_after, 0));
		const char *how = g_strcmp0(receipt->method, "waive") == 0 ? _("Waived")
		                  : g_strcmp0(receipt->method, "refund") == 0
		                      ? _("Given back in cash")
		                      : _("Paid in cash");
		pango_layout_set_font_description(layout, bold);
		draw_text(cr, layout, _("Total"), 0, y, FALSE);
		y += draw_text(cr, layout, total, width, y, TRUE) + 2;
		pango_layout_set_font_description(layout, font);
		draw_text(cr, layout, how, 0, y, FALSE);
		y += draw_text(cr, layout, paid, width, y, TRUE) + 2;
		/* TRANSLATORS: on a receipt: what was paid in advance and is kept */
		draw_text(cr, layout, credit ? _("Credit kept for later") : _("Still owed"), 0, y,
		          FALSE);
		y += draw_text(cr, layout, left, width, y, TRUE) + 12;
	}
	if (receipt->note != NULL && *receipt->note) {
		text = g_strdup_printf(_("Note: %s"), receipt->note);
		y += draw_text(cr, layout, text, 0, y, FALSE) + 4;
		g_clear_pointer(&text, g_free);
	}
	text = g_strdup_printf(_("Mentor: %s"), receipt->mentor != NULL ? receipt->mentor : "");
	y += draw_text(cr, layout, text, 0, y, FALSE);

	pango_font_description_free(title_font);
	pango_font_description_free(font);
	pango_font_description_free(bold);
	g_object_unref(layout);
	return y;
}

gboolean netpont_receipt_save_pdf(const NetpontReceipt *receipt, const char *path, GError **error)
{
	cairo_surface_t *surface = cairo_pdf_surface_create(path, A4_WIDTH_PT, A4_HEIGHT_PT);
	cairo_t *cr = cairo_create(surface);
	cairo_status_t status;

	cairo_translate(cr, MARGIN_PT, MARGIN_PT);
	netpont_receipt_draw(receipt, cr, A4_WIDTH_PT - 2 * MARGIN_PT);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		            _("The receipt could not be saved to %s: %s"), path,
		            cairo_status_to_string(status));
		return FALSE;
	}
	return TRUE;
}
