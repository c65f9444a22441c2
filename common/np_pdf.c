/* The PDF writer (np_pdf.h): cairo's PDF surface, Pango layouts on it. */
#include "common/np_pdf.h"

#include <assert.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A4 in PostScript points, with 2 cm margins. */
#define NP_PDF__PAGE_WIDTH  595.28
#define NP_PDF__PAGE_HEIGHT 841.89
#define NP_PDF__MARGIN      56.7
#define NP_PDF__TEXT_WIDTH  (NP_PDF__PAGE_WIDTH - 2 * NP_PDF__MARGIN)
/* The page number sits in the bottom margin; text ends above this. */
#define NP_PDF__BOTTOM (NP_PDF__PAGE_HEIGHT - NP_PDF__MARGIN)
/* Space between a table cell's text and its column's edges. */
#define NP_PDF__CELL_PAD 3.0

struct np_pdf {
	char *path;
	cairo_surface_t *surface;
	cairo_t *cr;
	int page;          /* the page being drawn, from 1 */
	double y;          /* where the next block starts on it */
	bool page_started; /* something was drawn on the page */
	/* The open table (columns == 0: none). */
	size_t columns;
	char *headers[NP_PDF_MAX_COLUMNS];
	double widths[NP_PDF_MAX_COLUMNS]; /* in points */
	np_pdf_align aligns[NP_PDF_MAX_COLUMNS];
};

static char *np_pdf__strdup(const char *text)
{
	return strdup(text != NULL ? text : "");
}

/* A layout of text in the font described by font ("Sans 10"), wrapped at
 * width points (<= 0: no wrapping). The caller unrefs it. */
static PangoLayout *np_pdf__layout(np_pdf *pdf, const char *text, const char *font, double width,
                                   np_pdf_align align)
{
	PangoLayout *layout = pango_cairo_create_layout(pdf->cr);
	PangoFontDescription *desc = pango_font_description_from_string(font);
	pango_layout_set_font_description(layout, desc);
	pango_font_description_free(desc);
	if (width > 0) {
		pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(layout,
	                           align == NP_PDF_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_text(layout, text != NULL ? text : "", -1);
	return layout;
}

static double np_pdf__height(PangoLayout *layout)
{
	int width, height;
	pango_layout_get_size(layout, &width, &height);
	return (double)height / PANGO_SCALE;
}

static void np_pdf__draw(np_pdf *pdf, PangoLayout *layout, double x, double y)
{
	cairo_move_to(pdf->cr, x, y);
	pango_cairo_show_layout(pdf->cr, layout);
}

/* The current page's number, at the bottom right. */
static void np_pdf__page_number(np_pdf *pdf)
{
	char number[16];
	snprintf(number, sizeof number, "%d", pdf->page);
	PangoLayout *layout =
	    np_pdf__layout(pdf, number, "Sans 8", NP_PDF__TEXT_WIDTH, NP_PDF_RIGHT);
	np_pdf__draw(pdf, layout, NP_PDF__MARGIN, NP_PDF__BOTTOM + 12);
	g_object_unref(layout);
}

/* Ends the current page and starts the next. */
static void np_pdf__new_page(np_pdf *pdf)
{
	np_pdf__page_number(pdf);
	cairo_show_page(pdf->cr);
	pdf->page++;
	pdf->y = NP_PDF__MARGIN;
	pdf->page_started = false;
}

/* Makes room for a block height points high: a new page when it does not
 * fit on this one (unless the page is empty, where it must go anyway). */
static void np_pdf__room(np_pdf *pdf, double height)
{
	if (pdf->page_started && pdf->y + height > NP_PDF__BOTTOM)
		np_pdf__new_page(pdf);
	pdf->page_started = true;
}

np_pdf *np_pdf_new(const char *path, char **error)
{
	np_pdf *pdf = calloc(1, sizeof *pdf);
	if (pdf == NULL || (pdf->path = strdup(path)) == NULL) {
		free(pdf);
		*error = strdup("Out of memory.");
		return NULL;
	}
	pdf->surface = cairo_pdf_surface_create(path, NP_PDF__PAGE_WIDTH, NP_PDF__PAGE_HEIGHT);
	if (cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) {
		char message[512];
		snprintf(message, sizeof message, "Cannot write %s: %s.", path,
		         cairo_status_to_string(cairo_surface_status(pdf->surface)));
		*error = strdup(message);
		cairo_surface_destroy(pdf->surface);
		free(pdf->path);
		free(pdf);
		return NULL;
	}
	cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Netpont");
	pdf->cr = cairo_create(pdf->surface);
	cairo_set_source_rgb(pdf->cr, 0, 0, 0);
	pdf->page = 1;
	pdf->y = NP_PDF__MARGIN;
	return pdf;
}

/* A block of text across the page's width, then space after it. */
static void np_pdf__text_block(np_pdf *pdf, const char *text, const char *font, double space)
{
	PangoLayout *layout = np_pdf__layout(pdf, text, font, NP_PDF__TEXT_WIDTH, NP_PDF_LEFT);
	double height = np_pdf__height(layout);
	np_pdf__room(pdf, height);
	np_pdf__draw(pdf, layout, NP_PDF__MARGIN, pdf->y);
	pdf->y += height + space;
	g_object_unref(layout);
}

void np_pdf_title(np_pdf *pdf, const char *text)
{
	assert(pdf->columns == 0);
	cairo_pdf_surface_set_metadata(pdf->surface, CAIRO_PDF_METADATA_TITLE, text);
	np_pdf__text_block(pdf, text, "Sans Bold 16", 12);
}

void np_pdf_heading(np_pdf *pdf, const char *text)
{
	assert(pdf->columns == 0);
	/* A heading alone at the bottom of a page reads badly: keep room for
	 * two lines of what follows. */
	if (pdf->page_started && pdf->y + 60 > NP_PDF__BOTTOM)
		np_pdf__new_page(pdf);
	pdf->y += 4;
	np_pdf__text_block(pdf, text, "Sans Bold 12", 6);
}

void np_pdf_paragraph(np_pdf *pdf, const char *text)
{
	assert(pdf->columns == 0);
	np_pdf__text_block(pdf, text, "Sans 10", 8);
}

/* Lays out one row's cells, returns the row's height; layouts[i] are the
 * caller's to unref. */
static double np_pdf__row_layouts(np_pdf *pdf, const char *const *cells, const char *font,
                                  PangoLayout **layouts)
{
	double height = 0;
	for (size_t i = 0; i < pdf->columns; i++) {
		layouts[i] = np_pdf__layout(pdf, cells[i], font,
		                            pdf->widths[i] - 2 * NP_PDF__CELL_PAD, pdf->aligns[i]);
		double cell = np_pdf__height(layouts[i]);
		if (cell > height)
			height = cell;
	}
	return height + 2 * NP_PDF__CELL_PAD;
}

static void np_pdf__rule(np_pdf *pdf, double y, double width)
{
	cairo_set_line_width(pdf->cr, width);
	cairo_move_to(pdf->cr, NP_PDF__MARGIN, y);
	cairo_line_to(pdf->cr, NP_PDF__MARGIN + NP_PDF__TEXT_WIDTH, y);
	cairo_stroke(pdf->cr);
}

static void np_pdf__draw_row(np_pdf *pdf, PangoLayout **layouts, double height)
{
	double x = NP_PDF__MARGIN;
	for (size_t i = 0; i < pdf->columns; i++) {
		np_pdf__draw(pdf, layouts[i], x + NP_PDF__CELL_PAD, pdf->y + NP_PDF__CELL_PAD);
		x += pdf->widths[i];
	}
	pdf->y += height;
}

static void np_pdf__header_row(np_pdf *pdf)
{
	PangoLayout *layouts[NP_PDF_MAX_COLUMNS];
	double height =
	    np_pdf__row_layouts(pdf, (const char *const *)pdf->headers, "Sans Bold 10", layouts);
	np_pdf__room(pdf, height);
	np_pdf__draw_row(pdf, layouts, height);
	np_pdf__rule(pdf, pdf->y, 0.8);
	for (size_t i = 0; i < pdf->columns; i++)
		g_object_unref(layouts[i]);
}

void np_pdf_table_begin(np_pdf *pdf, size_t columns, const char *const *headers,
                        const double *widths, const np_pdf_align *aligns)
{
	assert(pdf->columns == 0);
	assert(columns >= 1 && columns <= NP_PDF_MAX_COLUMNS);
	double total = 0;
	for (size_t i = 0; i < columns; i++)
		total += widths != NULL ? widths[i] : 1;
	for (size_t i = 0; i < columns; i++) {
		pdf->headers[i] = np_pdf__strdup(headers[i]);
		pdf->widths[i] = (widths != NULL ? widths[i] : 1) / total * NP_PDF__TEXT_WIDTH;
		pdf->aligns[i] = aligns != NULL ? aligns[i] : NP_PDF_LEFT;
	}
	pdf->columns = columns;
	/* The header and at least one row start together. */
	if (pdf->page_started && pdf->y + 50 > NP_PDF__BOTTOM)
		np_pdf__new_page(pdf);
	np_pdf__header_row(pdf);
}

static void np_pdf__body_row(np_pdf *pdf, const char *const *cells, bool total)
{
	assert(pdf->columns > 0);
	PangoLayout *layouts[NP_PDF_MAX_COLUMNS];
	double height =
	    np_pdf__row_layouts(pdf, cells, total ? "Sans Bold 10" : "Sans 10", layouts);
	if (pdf->y + height > NP_PDF__BOTTOM) {
		np_pdf__new_page(pdf);
		np_pdf__header_row(pdf);
	}
	if (total)
		np_pdf__rule(pdf, pdf->y, 0.8);
	np_pdf__draw_row(pdf, layouts, height);
	if (!total)
		np_pdf__rule(pdf, pdf->y, 0.2);
	for (size_t i = 0; i < pdf->columns; i++)
		g_object_unref(layouts[i]);
}

void np_pdf_table_row(np_pdf *pdf, const char *const *cells)
{
	np_pdf__body_row(pdf, cells, false);
}

void np_pdf_table_total(np_pdf *pdf, const char *const *cells)
{
	np_pdf__body_row(pdf, cells, true);
}

void np_pdf_table_end(np_pdf *pdf)
{
	for (size_t i = 0; i < pdf->columns; i++) {
		free(pdf->headers[i]);
		pdf->headers[i] = NULL;
	}
	pdf->columns = 0;
	pdf->y += 12;
}

void np_pdf_signature(np_pdf *pdf, const char *signature_label, const char *date_label)
{
	assert(pdf->columns == 0);
	char line[256];
	snprintf(line, sizeof line, "%s ______________________________     %s ________________",
	         signature_label, date_label);
	/* Room above the line for a hand-written signature. */
	PangoLayout *layout = np_pdf__layout(pdf, line, "Sans 10", NP_PDF__TEXT_WIDTH, NP_PDF_LEFT);
	double height = np_pdf__height(layout) + 36;
	np_pdf__room(pdf, height);
	np_pdf__draw(pdf, layout, NP_PDF__MARGIN, pdf->y + 36);
	pdf->y += height + 8;
	g_object_unref(layout);
}

bool np_pdf_finish(np_pdf *pdf, char **error)
{
	if (pdf->columns > 0)
		np_pdf_table_end(pdf);
	np_pdf__page_number(pdf);
	cairo_destroy(pdf->cr);
	cairo_surface_finish(pdf->surface);
	cairo_status_t status = cairo_surface_status(pdf->surface);
	cairo_surface_destroy(pdf->surface);
	bool ok = status == CAIRO_STATUS_SUCCESS;
	if (!ok) {
		char message[512];
		snprintf(message, sizeof message, "Cannot write %s: %s.", pdf->path,
		         cairo_status_to_string(status));
		*error = strdup(message);
		unlink(pdf->path);
	}
	free(pdf->path);
	free(pdf);
	return ok;
}
