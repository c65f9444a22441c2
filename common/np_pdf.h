/* How a printable report is written as a PDF: one writer for netpontctl's
 * --pdf outputs (a volunteer's monthly sheet, the funders' report), so that
 * they look alike. Cairo draws A4 pages, Pango lays out the UTF-8 text
 * (Hungarian accents, line wrapping) in a sans-serif font.
 *
 * A document is a column of blocks written top to bottom: a title,
 * headings, paragraphs, tables and a signature line. A block that does not
 * fit on the rest of the page starts a new one; a table that runs over a
 * page repeats its header row at the top of the next. Every page has its
 * number at the bottom.
 *
 * The texts are the caller's: it passes them translated (the signature's
 * "Signature:" and "Date:" too), so the writer needs no gettext domain.
 * Cairo writes the file while pages are finished; a document that fails is
 * removed by np_pdf_finish(), so no half-written PDF stays behind. */
#ifndef NETPONT_COMMON_NP_PDF_H
#define NETPONT_COMMON_NP_PDF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct np_pdf np_pdf;

/* How a table column's cells are aligned: text left, numbers right. */
typedef enum np_pdf_align {
	NP_PDF_LEFT,
	NP_PDF_RIGHT,
} np_pdf_align;

/* Starts a document that np_pdf_finish() writes to path (replacing it).
 * Returns NULL and a sentence in *error (malloc()ed, the caller frees it)
 * when the file cannot be created. */
np_pdf *np_pdf_new(const char *path, char **error);

/* The document's title: large and bold, at the top of the first page (and
 * in the PDF's metadata). */
void np_pdf_title(np_pdf *pdf, const char *text);

/* A heading between parts of the document, bold. */
void np_pdf_heading(np_pdf *pdf, const char *text);

/* A paragraph of plain text, wrapped to the page's width; '\n' breaks a
 * line. */
void np_pdf_paragraph(np_pdf *pdf, const char *text);

/* Starts a table of columns columns (1..NP_PDF_MAX_COLUMNS): headers[i]
 * is column i's header text, widths[i] its share of the page's width
 * (any positive numbers, they are scaled to fill it; NULL: equal), aligns[i]
 * its alignment (NULL: all left). The arrays are copied. */
#define NP_PDF_MAX_COLUMNS 12
void np_pdf_table_begin(np_pdf *pdf, size_t columns, const char *const *headers,
                        const double *widths, const np_pdf_align *aligns);

/* One row of the open table: cells[i] is column i's text (NULL: empty). A
 * cell wraps within its column; a row never splits across pages. */
void np_pdf_table_row(np_pdf *pdf, const char *const *cells);

/* One row in bold with a line above it: the table's totals. */
void np_pdf_table_total(np_pdf *pdf, const char *const *cells);

/* Ends the open table. */
void np_pdf_table_end(np_pdf *pdf);

/* The line a person signs, e.g. "Signature: ________  Date: ________", with
 * room above it for the signature. signature_label and date_label are the
 * translated words ("Aláírás:", "Dátum:"). */
void np_pdf_signature(np_pdf *pdf, const char *signature_label, const char *date_label);

/* Ends the last page, writes and closes the file and frees pdf. Returns
 * false and a sentence in *error (malloc()ed, the caller frees it) when the
 * file could not be written; the partial file is removed then. */
bool np_pdf_finish(np_pdf *pdf, char **error);

#endif
