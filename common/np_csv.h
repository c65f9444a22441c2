/* How a table is written as CSV: one writer for every program (netpontctl's
 * --csv, the console's export), so that they cannot disagree.
 *
 * Two formats. NP_CSV_PLAIN is what scripts read and what every program
 * wrote before formats existed: ',' between cells, a bare LF after each row,
 * no byte-order mark; NP_CSV_RFC4180 is the same with CRLF after each row,
 * as RFC 4180 says. NP_CSV_SPREADSHEET is for a spreadsheet in a locale whose
 * decimal separator is the comma (Hungarian Excel and LibreOffice): ';'
 * between cells, CRLF, and a UTF-8 byte-order mark so that accents are read
 * as UTF-8; without the ';' such a spreadsheet puts every row into one
 * column.
 *
 * In every format a text cell that a spreadsheet would run as a formula
 * (one starting with '=', '+', '-', '@', a tab or a CR) gets a leading
 * apostrophe, so that a resident called "=HYPERLINK(...)" stays text; numbers
 * are written as numbers. A cell holding the separator, a quote, CR or LF is
 * quoted, with its quotes doubled. */
#ifndef NETPONT_COMMON_NP_CSV_H
#define NETPONT_COMMON_NP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum np_csv_format {
	NP_CSV_PLAIN,       /* ',' and LF: the scripts' format */
	NP_CSV_RFC4180,     /* ',' and CRLF */
	NP_CSV_SPREADSHEET, /* BOM, ';' and CRLF */
} np_csv_format;

/* The format for a user whose locale is named by LC_ALL, LC_MESSAGES and
 * LANG (pass getenv()'s results; NULL allowed), read in POSIX's order: the
 * first non-empty one decides. A Hungarian locale ("hu", "hu_HU.UTF-8")
 * gets NP_CSV_SPREADSHEET, every other one (C, POSIX, en_*, none)
 * NP_CSV_PLAIN. */
np_csv_format np_csv_format_for_locale(const char *lc_all, const char *lc_messages,
                                       const char *lang);

/* A CSV text being written: rows of cells, into a growing buffer. */
typedef struct np_csv {
	np_csv_format format;
	char *text;      /* the CSV so far, NUL-terminated; owned */
	size_t len, cap; /* bytes in text (without the NUL) and allocated */
	bool row_open;   /* a cell of the current row was written */
	bool failed;     /* out of memory: np_csv_finish() returns NULL */
} np_csv;

/* Starts an empty CSV in format; the byte-order mark of
 * NP_CSV_SPREADSHEET is written at once. */
void np_csv_init(np_csv *csv, np_csv_format format);

/* Appends one text cell (NULL: an empty one), escaped and quoted as the
 * format needs. */
void np_csv_text(np_csv *csv, const char *text);

/* Appends one whole number as a cell. */
void np_csv_int(np_csv *csv, int64_t value);

/* Ends the current row. */
void np_csv_end_row(np_csv *csv);

/* A report of totals (report totals, the treasurer's page): a key column
 * and the amounts charged, paid and waived, in minor units. What its rows
 * are has netpont.proto's ReportBy numbers (0, unspecified, is days too),
 * so a ReportBy converts with a cast. */
typedef enum np_csv_by {
	NP_CSV_BY_DAY = 1,
	NP_CSV_BY_SERVICE = 2,
	NP_CSV_BY_STAFF = 3,
	NP_CSV_BY_CATEGORY = 4,
} np_csv_by;

/* The header row of a totals report. Scripts read NP_CSV_PLAIN and
 * NP_CSV_RFC4180: "key,charged,paid,waived", always in English; people read
 * NP_CSV_SPREADSHEET: what the rows are ("Szolgáltatás") and the amounts'
 * names, in the program's language (its gettext text domain). */
void np_csv_totals_header(np_csv *csv, np_csv_by by);

/* One row: people read label (a service's or category's display name; NULL
 * or "": the key), scripts the key. */
void np_csv_totals_row(np_csv *csv, const char *key, const char *label, int64_t charged,
                       int64_t paid, int64_t waived);

/* The last row, the totals: "total" for scripts, "Összesen" for people. */
void np_csv_totals_end(np_csv *csv, int64_t charged, int64_t paid, int64_t waived);

/* The whole text (malloc()ed, NUL-terminated, the caller frees it) with
 * its length in *len (may be NULL), or NULL when memory ran out. The csv
 * is empty afterwards and may be dropped. */
char *np_csv_finish(np_csv *csv, size_t *len);

#endif
