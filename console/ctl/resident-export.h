/* What a resident's export (ResidentExportReply) becomes for people and
 * programs: JSON with a key per table (each an array of rows, a row an
 * object of its columns), and an A4 sheet to hand to the resident in their
 * language. netpontctl (resident export) and the console's residents page
 * write the same files through it. */
#ifndef NETPONT_RESIDENT_EXPORT_H
#define NETPONT_RESIDENT_EXPORT_H

#include <glib.h>
#include <stdbool.h>

#include "netpont.pb-c.h"

/* The export as JSON: {"login", "name", "exported_at", "tables_left_out",
 * "account": [...], "sessions": [...], ...}; times are Unix seconds,
 * amounts minor units, empty cells null. A new string (g_free). */
char *resident_export_json(const Netpont__ResidentExportReply *r);

/* The export as an A4 PDF in path, its words in language ("hu", "en"; ""
 * or NULL: the program's own), times in local time, amounts with currency
 * and decimals. Returns false with a sentence in *error (g_free) when the
 * file cannot be written. */
bool resident_export_pdf(const Netpont__ResidentExportReply *r, const char *language,
                         const char *currency, unsigned decimals, const char *path, char **error);

#endif
