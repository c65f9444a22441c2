/* A volunteer's monthly sheet and the month's report. See
 * volunteer-sheet.h. */
#include "volunteer-sheet.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/np_pdf.h"

#define _(s)  gettext(s)
#define N_(s) (s)

const char *const volunteer_activity_keys[] = {"desk", "tutoring", "it_help", "event", "other"};
static const char *const activity_labels[] = {N_("Desk duty"), N_("Tutoring"), N_("IT help"),
                                              N_("Event"), N_("Other")};

int volunteer_activity_index(const char *activity)
{
	for (int i = 0; activity != NULL && i < VOLUNTEER_ACTIVITY_COUNT; i++)
		if (strcmp(activity, volunteer_activity_keys[i]) == 0)
			return i;
	return -1;
}

const char *volunteer_activity_label(const char *activity)
{
	int i = volunteer_activity_index(activity);
	return i >= 0 ? _(activity_labels[i]) : (activity != NULL ? activity : "");
}

char *volunteer_hours_text(int64_t seconds)
{
	int64_t minutes = seconds > 0 ? seconds / 60 : 0;
	return g_strdup_printf("%lld:%02d", (long long)(minutes / 60), (int)(minutes % 60));
}

int64_t volunteer_period_seconds(const Netpont__VolunteerPeriod *p)
{
	if (p->ended_at == 0 || p->removed_at != 0)
		return 0;
	return p->ended_at - p->started_at;
}

/* "2026-12-01", "14:00" of a Unix time, local. */
static void date_and_time(int64_t t, char date[16], char hhmm[8])
{
	time_t at = (time_t)t;
	struct tm tm;
	localtime_r(&at, &tm);
	strftime(date, 16, "%Y-%m-%d", &tm);
	strftime(hhmm, 8, "%H:%M", &tm);
}

/* A period's day, start and end ("" while open), local. */
static void period_times(const Netpont__VolunteerPeriod *p, char date[16], char from[8], char to[8])
{
	char end_date[16];
	date_and_time(p->started_at, date, from);
	to[0] = '\0';
	if (p->ended_at != 0)
		date_and_time(p->ended_at, end_date, to);
}

static bool for_people(np_csv_format format)
{
	return format == NP_CSV_SPREADSHEET;
}

/* One cell of hours as h:mm. */
static void csv_hours(np_csv *csv, int64_t seconds)
{
	g_autofree char *text = volunteer_hours_text(seconds);
	np_csv_text(csv, text);
}

/* The finished CSV text as GLib memory (g_free), its length in *len. */
static char *csv_take(np_csv *csv, size_t *len)
{
	char *text = np_csv_finish(csv, len);
	if (text == NULL)
		g_error("out of memory");
	char *copy = g_memdup2(text, *len + 1);
	free(text);
	return copy;
}

/* The totals of a sheet or report, per activity and in all. */
typedef struct sheet_totals {
	int64_t by_activity[VOLUNTEER_ACTIVITY_COUNT];
	int64_t total;
} sheet_totals;

static void add_period(sheet_totals *t, const Netpont__VolunteerPeriod *p)
{
	int64_t s = volunteer_period_seconds(p);
	int i = volunteer_activity_index(p->activity);
	if (i >= 0)
		t->by_activity[i] += s;
	t->total += s;
}

char *volunteer_sheet_csv(const Netpont__VolunteerListReply *r, np_csv_format format, size_t *len)
{
	bool people = for_people(format);
	np_csv csv;
	np_csv_init(&csv, format);
	const char *keys[] = {"date", "from", "to", "activity", "minutes", "hours", "note"};
	const char *words[] = {_("Date"),    _("From"),  _("To"),  _("Activity"),
	                       _("Minutes"), _("Hours"), _("Note")};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		np_csv_text(&csv, people ? words[i] : keys[i]);
	np_csv_end_row(&csv);
	sheet_totals t = {{0}, 0};
	for (size_t i = 0; i < r->n_periods; i++) {
		const Netpont__VolunteerPeriod *p = r->periods[i];
		if (p->removed_at != 0)
			continue;
		char date[16], from[8], to[8];
		period_times(p, date, from, to);
		np_csv_text(&csv, date);
		np_csv_text(&csv, from);
		np_csv_text(&csv, to);
		np_csv_text(&csv, people ? volunteer_activity_label(p->activity) : p->activity);
		np_csv_int(&csv, volunteer_period_seconds(p) / 60);
		csv_hours(&csv, volunteer_period_seconds(p));
		np_csv_text(&csv, p->note);
		np_csv_end_row(&csv);
		add_period(&t, p);
	}
	for (int a = 0; a <= VOLUNTEER_ACTIVITY_COUNT; a++) {
		bool all = a == VOLUNTEER_ACTIVITY_COUNT;
		int64_t seconds = all ? t.total : t.by_activity[a];
		np_csv_text(&csv, people ? _("Total") : "total");
		np_csv_text(&csv, NULL);
		np_csv_text(&csv, NULL);
		np_csv_text(&csv,
		            all ? NULL
		                : (people ? _(activity_labels[a]) : volunteer_activity_keys[a]));
		np_csv_int(&csv, seconds / 60);
		csv_hours(&csv, seconds);
		np_csv_text(&csv, NULL);
		np_csv_end_row(&csv);
	}
	return csv_take(&csv, len);
}

/* The month "2026-12" for people: "December 2026" in the language's
 * order (not the C library's month names: the locale may be C.UTF-8 while
 * the language is Hungarian). */
static char *month_text(const char *month)
{
	static const char *const names[] = {N_("January"), N_("February"), N_("March"),
	                                    N_("April"),   N_("May"),      N_("June"),
	                                    N_("July"),    N_("August"),   N_("September"),
	                                    N_("October"), N_("November"), N_("December")};
	int y, m;
	if (month == NULL || sscanf(month, "%d-%d", &y, &m) != 2 || m < 1 || m > 12)
		return g_strdup(month != NULL ? month : "");
	/* TRANSLATORS: a month's name and its year: "December 2026";
	 * Hungarian: "2026. december" ("%2$d. %1$s", the month in lower case). */
	return g_strdup_printf(_("%s %d"), _(names[m - 1]), y);
}

bool volunteer_sheet_pdf(const Netpont__VolunteerListReply *r, const char *who, const char *path,
                         char **error)
{
	char *pdf_error = NULL;
	np_pdf *pdf = np_pdf_new(path, &pdf_error);
	if (pdf == NULL) {
		*error = g_strdup(pdf_error);
		free(pdf_error);
		return false;
	}
	g_autofree char *title = g_strdup_printf(_("Volunteer hours: %s"), who);
	g_autofree char *month = month_text(r->month);
	np_pdf_title(pdf, title);
	np_pdf_paragraph(pdf, month);
	const char *headers[] = {_("Date"),     _("From"), _("To"),
	                         _("Activity"), _("Note"), _("Hours")};
	const double widths[] = {2.0, 1.4, 1.7, 2.8, 3.2, 1.0};
	const np_pdf_align aligns[] = {NP_PDF_LEFT, NP_PDF_LEFT, NP_PDF_LEFT,
	                               NP_PDF_LEFT, NP_PDF_LEFT, NP_PDF_RIGHT};
	np_pdf_table_begin(pdf, G_N_ELEMENTS(headers), headers, widths, aligns);
	sheet_totals t = {{0}, 0};
	for (size_t i = 0; i < r->n_periods; i++) {
		const Netpont__VolunteerPeriod *p = r->periods[i];
		if (p->removed_at != 0)
			continue;
		char date[16], from[8], to[8];
		period_times(p, date, from, to);
		g_autofree char *hours = p->ended_at != 0
		                             ? volunteer_hours_text(volunteer_period_seconds(p))
		                             : g_strdup(_("on duty"));
		const char *row[] = {date,    from, to, volunteer_activity_label(p->activity),
		                     p->note, hours};
		np_pdf_table_row(pdf, row);
		add_period(&t, p);
	}
	g_autofree char *total = volunteer_hours_text(t.total);
	const char *total_row[] = {_("Total"), NULL, NULL, NULL, NULL, total};
	np_pdf_table_total(pdf, total_row);
	np_pdf_table_end(pdf);

	np_pdf_heading(pdf, _("Hours per activity"));
	const char *by_headers[] = {_("Activity"), _("Hours")};
	const double by_widths[] = {3, 1};
	const np_pdf_align by_aligns[] = {NP_PDF_LEFT, NP_PDF_RIGHT};
	np_pdf_table_begin(pdf, 2, by_headers, by_widths, by_aligns);
	for (int a = 0; a < VOLUNTEER_ACTIVITY_COUNT; a++) {
		g_autofree char *hours = volunteer_hours_text(t.by_activity[a]);
		const char *row[] = {_(activity_labels[a]), hours};
		np_pdf_table_row(pdf, row);
	}
	const char *by_total[] = {_("Total"), total};
	np_pdf_table_total(pdf, by_total);
	np_pdf_table_end(pdf);

	np_pdf_paragraph(pdf, _("I confirm that I did the volunteer work listed above."));
	np_pdf_signature(pdf, _("Signature:"), _("Date:"));
	if (!np_pdf_finish(pdf, &pdf_error)) {
		*error = g_strdup(pdf_error);
		free(pdf_error);
		return false;
	}
	return true;
}

char *volunteer_report_csv(const Netpont__VolunteerListReply *r, np_csv_format format, size_t *len)
{
	bool people = for_people(format);
	np_csv csv;
	np_csv_init(&csv, format);
	np_csv_text(&csv, people ? _("Volunteer") : "staff");
	np_csv_text(&csv, people ? _("Name") : "name");
	for (int a = 0; a < VOLUNTEER_ACTIVITY_COUNT; a++)
		np_csv_text(&csv, people ? _(activity_labels[a]) : volunteer_activity_keys[a]);
	np_csv_text(&csv, people ? _("Total") : "total");
	np_csv_end_row(&csv);
	/* A row per volunteer with hours (by_staff, by name), the hours of
	 * each activity from by_staff_activity; the totals last. */
	for (size_t s = 0; s <= r->n_by_staff; s++) {
		bool last = s == r->n_by_staff;
		const char *staff = last ? NULL : r->by_staff[s]->staff;
		np_csv_text(&csv, last ? (people ? _("Total") : "total") : staff);
		np_csv_text(&csv, last ? NULL : r->by_staff[s]->staff_display_name);
		for (int a = 0; a < VOLUNTEER_ACTIVITY_COUNT; a++) {
			int64_t seconds = 0;
			for (size_t k = 0; last && k < r->n_by_activity; k++)
				if (strcmp(r->by_activity[k]->activity,
				           volunteer_activity_keys[a]) == 0)
					seconds = r->by_activity[k]->seconds;
			for (size_t k = 0; !last && k < r->n_by_staff_activity; k++)
				if (strcmp(r->by_staff_activity[k]->staff, staff) == 0 &&
				    strcmp(r->by_staff_activity[k]->activity,
				           volunteer_activity_keys[a]) == 0)
					seconds = r->by_staff_activity[k]->seconds;
			csv_hours(&csv, seconds);
		}
		csv_hours(&csv, last ? r->total_seconds : r->by_staff[s]->seconds);
		np_csv_end_row(&csv);
	}
	return csv_take(&csv, len);
}
