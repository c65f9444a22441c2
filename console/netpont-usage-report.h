/* The funders' usage report (ReportUsageReply) as tables people read: one
 * model for netpontctl's text, CSV and PDF and for the console's Usage tab
 * and its exports, so that they show the same figures under the same
 * words. A count of people the server suppressed (1 to 4) reads "<5", and
 * every output says what that means (netpont_usage_report_note()). */
#ifndef NETPONT_USAGE_REPORT_H
#define NETPONT_USAGE_REPORT_H

#include <glib.h>

#include "common/np_csv.h"
#include "netpont.pb-c.h"

G_BEGIN_DECLS

#define NETPONT_USAGE_MAX_COLUMNS 7

/* One cell: its text, and for a count its number (CSV writes it as one). */
typedef struct NetpontUsageCell {
	char *text;
	gboolean is_number;
	gint64 number;
} NetpontUsageCell;

/* One section of the report: a title and a table whose first column is the
 * period. */
typedef struct NetpontUsageTable {
	const char *key;   /* "use", "categories", "ages", "items", "help", "topics",
	                      "courses", "volunteer": for scripts */
	const char *title; /* translated */
	guint n_columns;
	const char *column_keys[NETPONT_USAGE_MAX_COLUMNS]; /* English, for scripts */
	const char *headers[NETPONT_USAGE_MAX_COLUMNS];     /* translated */
	gboolean numeric[NETPONT_USAGE_MAX_COLUMNS];        /* right-aligned */
	GPtrArray *rows; /* of NetpontUsageCell[n_columns], owned */
} NetpontUsageTable;

typedef struct NetpontUsageReport {
	char *from, *to;
	GPtrArray *tables; /* of NetpontUsageTable, owned */
	/* The column people read from: 1 (skip the period) when the report
	 * has one period, which its title names; 0 otherwise. The CSV always
	 * has the period. */
	guint first_column;
} NetpontUsageReport;

/* A help call's topic in words ("job_search" -> "Job search"); each
 * program passes its own (the words are in its translations). */
typedef const char *(*NetpontUsageTopicLabel)(const char *topic);

/* The report of r, asked for the dates [from, to] by by. Returns a new
 * report; free it with netpont_usage_report_free(). */
NetpontUsageReport *netpont_usage_report_new(const Netpont__ReportUsageReply *r, const char *from,
                                             const char *to, Netpont__UsageBy by,
                                             NetpontUsageTopicLabel topic_label);
void netpont_usage_report_free(NetpontUsageReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NetpontUsageReport, netpont_usage_report_free)

/* The cells people read of row r of table t (from report->first_column
 * on) into texts; returns how many (the headers are t->headers +
 * report->first_column, as many). The texts belong to the report. */
guint netpont_usage_row_texts(const NetpontUsageReport *report, const NetpontUsageTable *t, guint r,
                              const char **texts);

/* The report's title ("Usage report 2026-01-01 – 2026-12-31"), newly
 * allocated. */
char *netpont_usage_report_title(const NetpontUsageReport *report);

/* What "<5" means and what the report counts, translated (static). */
const char *netpont_usage_report_note(void);

/* A suppressed or plain count of people as text: "<5" or the number
 * (newly allocated). */
char *netpont_usage_people_text(const Netpont__UsageCount *count);

/* A length of time as hours and minutes, "12:05" (newly allocated). */
char *netpont_usage_hours_text(gint64 seconds);

/* The age band's key ("60-74", "unknown") in words (static). */
const char *netpont_usage_band_label(const char *key);

/* A volunteer activity's key ("it_help") in words (static). */
const char *netpont_usage_activity_label(const char *key);

/* The whole report as CSV: each table after a row with its title, with its
 * header row, and an empty row after it; for scripts (NP_CSV_PLAIN,
 * NP_CSV_RFC4180) the table's and the columns' English keys, for people
 * the translated words; the note last. Returns the text (g_free() it), or
 * NULL when memory ran out. */
char *netpont_usage_report_csv(const NetpontUsageReport *report, np_csv_format format, gsize *len);

/* Writes the report as an A4 PDF to path (common/np_pdf.h). Returns TRUE,
 * or FALSE with a sentence in *error (g_free() it). */
gboolean netpont_usage_report_pdf(const NetpontUsageReport *report, const char *path, char **error);

G_END_DECLS

#endif
