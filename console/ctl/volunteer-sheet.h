/* A volunteer's monthly sheet and the month's volunteer report, as text
 * for people: the hours as h:mm, the activities' names, the sheet as CSV
 * and as a PDF to sign. netpontctl (volunteer sheet, report volunteers)
 * and the console's Volunteer hours tab write the same files through it.
 * The words are in the calling program's language (its gettext text
 * domain). */
#ifndef NETPONT_VOLUNTEER_SHEET_H
#define NETPONT_VOLUNTEER_SHEET_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/np_csv.h"
#include "netpont.pb-c.h"

/* The activities as the protocol names them, in the order sheets list
 * them, and how many there are. */
extern const char *const volunteer_activity_keys[];
#define VOLUNTEER_ACTIVITY_COUNT 5

/* The index of activity in volunteer_activity_keys, or -1. */
int volunteer_activity_index(const char *activity);

/* An activity's name for people ("Tutoring"), translated; the key itself
 * when it is none of the five. Borrowed. */
const char *volunteer_activity_label(const char *activity);

/* seconds as hours and minutes, "3:30" (minutes rounded down; "0:00" for
 * 0); a new string (g_free). */
char *volunteer_hours_text(int64_t seconds);

/* The seconds a period counts: 0 while open or when removed. */
int64_t volunteer_period_seconds(const Netpont__VolunteerPeriod *p);

/* A volunteer's sheet (the reply to a VolunteerList of one staff member and
 * month) as CSV: a row per period (date, from, to, activity, minutes,
 * hours, note), then a row per activity's total and the grand total. The
 * header is English keys for scripts (NP_CSV_PLAIN, NP_CSV_RFC4180) and
 * words for people (NP_CSV_SPREADSHEET). A new text (g_free), its length
 * in *len. */
char *volunteer_sheet_csv(const Netpont__VolunteerListReply *r, np_csv_format format, size_t *len);

/* The same sheet as an A4 PDF in path, titled with who ("Dóra (dora)"),
 * with a signature line. Returns false with a sentence in *error (g_free)
 * when the file cannot be written. */
bool volunteer_sheet_pdf(const Netpont__VolunteerListReply *r, const char *who, const char *path,
                         char **error);

/* The month's report of every volunteer (a VolunteerList of all, the
 * totals alone will do): a row per volunteer with the hours of each
 * activity and the total, then the totals per activity. A new text
 * (g_free), its length in *len. */
char *volunteer_report_csv(const Netpont__VolunteerListReply *r, np_csv_format format, size_t *len);

#endif
