#include "netpont-usage-report.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_pdf.h"

#define _(s)  gettext(s)
#define N_(s) (s)

char *netpont_usage_people_text(const Netpont__UsageCount *count)
{
	if (count == NULL)
		return g_strdup("0");
	if (count->suppressed)
		return g_strdup("<5");
	return g_strdup_printf("%d", count->count);
}

char *netpont_usage_hours_text(gint64 seconds)
{
	gint64 minutes = (seconds > 0 ? seconds : 0) / 60;
	return g_strdup_printf("%" G_GINT64_FORMAT ":%02d", minutes / 60, (int)(minutes % 60));
}

const char *netpont_usage_band_label(const char *key)
{
	if (key != NULL && strcmp(key, "unknown") == 0)
		return _("not known");
	return key != NULL ? key : "";
}

const char *netpont_usage_activity_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} activities[] = {
	    {"desk", N_("Desk duty")},  {"tutoring", N_("Course tutoring")},
	    {"it_help", N_("IT help")}, {"event", N_("Event")},
	    {"other", N_("Other")},
	};
	for (size_t i = 0; key != NULL && i < G_N_ELEMENTS(activities); i++)
		if (strcmp(key, activities[i].key) == 0)
			return _(activities[i].label);
	return key != NULL ? key : "";
}

const char *netpont_usage_report_note(void)
{
	return _("\"<5\" means 1 to 4 people: so small a number is not shown, so that nobody can "
	         "be recognised from the report. The report holds counts only, no names. Residents "
	         "are counted once per period, guests by their walk-in accounts; the age band is "
	         "the age at the end of the period, from the year of birth residents gave with "
	         "their consent.");
}

/* ------------------------------------------------------------ building */

static void cell_free(gpointer data)
{
	NetpontUsageCell *cells = data;
	for (guint i = 0; i < NETPONT_USAGE_MAX_COLUMNS; i++)
		g_free(cells[i].text);
	g_free(cells);
}

static void table_free(gpointer data)
{
	NetpontUsageTable *t = data;
	g_ptr_array_unref(t->rows);
	g_free(t);
}

/* A new table of the report; columns come as (key, header, numeric)
 * triples through add_column(). */
static NetpontUsageTable *table_new(NetpontUsageReport *report, const char *key, const char *title)
{
	NetpontUsageTable *t = g_new0(NetpontUsageTable, 1);
	t->key = key;
	t->title = title;
	t->rows = g_ptr_array_new_with_free_func(cell_free);
	t->column_keys[0] = "period";
	t->headers[0] = _("Period");
	t->n_columns = 1;
	g_ptr_array_add(report->tables, t);
	return t;
}

static void add_column(NetpontUsageTable *t, const char *key, const char *header, gboolean numeric)
{
	g_assert(t->n_columns < NETPONT_USAGE_MAX_COLUMNS);
	t->column_keys[t->n_columns] = key;
	t->headers[t->n_columns] = header;
	t->numeric[t->n_columns] = numeric;
	t->n_columns++;
}

/* A row being filled cell by cell, the period first. */
typedef struct row_builder {
	NetpontUsageCell *cells;
	guint n;
} row_builder;

static row_builder row_begin(NetpontUsageTable *t, const char *period)
{
	row_builder b = {g_new0(NetpontUsageCell, NETPONT_USAGE_MAX_COLUMNS), 0};
	g_ptr_array_add(t->rows, b.cells);
	b.cells[b.n++].text = g_strdup(period);
	return b;
}

static void row_text(row_builder *b, char *owned)
{
	g_assert(b->n < NETPONT_USAGE_MAX_COLUMNS);
	b->cells[b->n++].text = owned;
}

static void row_number(row_builder *b, gint64 value)
{
	g_assert(b->n < NETPONT_USAGE_MAX_COLUMNS);
	NetpontUsageCell *c = &b->cells[b->n++];
	c->text = g_strdup_printf("%" G_GINT64_FORMAT, value);
	c->is_number = TRUE;
	c->number = value;
}

static void row_people(row_builder *b, const Netpont__UsageCount *count)
{
	if (count != NULL && !count->suppressed)
		row_number(b, count->count);
	else if (count == NULL)
		row_number(b, 0);
	else
		row_text(b, netpont_usage_people_text(count));
}

static void group_columns(NetpontUsageTable *t)
{
	add_column(t, "sessions", _("Sessions"), TRUE);
	add_column(t, "pc_hours", _("PC hours (h:mm)"), TRUE);
	add_column(t, "residents", _("Residents"), TRUE);
	add_column(t, "new_residents", _("New residents"), TRUE);
	add_column(t, "guests", _("Guests"), TRUE);
}

static void group_cells(row_builder *b, const Netpont__UsageGroup *g)
{
	row_number(b, g->sessions);
	row_text(b, netpont_usage_hours_text(g->pc_seconds));
	row_people(b, g->residents);
	row_people(b, g->new_residents);
	row_people(b, g->guests);
}

/* "2026-01", "2026 Q1", or the period's dates. */
static char *period_label(const Netpont__UsagePeriod *p, Netpont__UsageBy by)
{
	int year = 0, month = 0;
	if (sscanf(p->from, "%d-%d", &year, &month) == 2) {
		if (by == NETPONT__USAGE_BY__USAGE_BY_MONTH)
			return g_strdup_printf("%04d-%02d", year, month);
		if (by == NETPONT__USAGE_BY__USAGE_BY_QUARTER)
			/* TRANSLATORS: a quarter of a year, "2026 Q1". */
			return g_strdup_printf(_("%d Q%d"), year, (month - 1) / 3 + 1);
	}
	return g_strdup_printf("%s – %s", p->from, p->to);
}

NetpontUsageReport *netpont_usage_report_new(const Netpont__ReportUsageReply *r, const char *from,
                                             const char *to, Netpont__UsageBy by,
                                             NetpontUsageTopicLabel topic_label)
{
	NetpontUsageReport *report = g_new0(NetpontUsageReport, 1);
	report->from = g_strdup(from);
	report->to = g_strdup(to);
	report->tables = g_ptr_array_new_with_free_func(table_free);
	report->first_column = r->n_periods == 1 ? 1 : 0;

	NetpontUsageTable *use = table_new(report, "use", _("Use of the PCs"));
	group_columns(use);
	add_column(use, "birth_year_unknown", _("Year of birth not known"), TRUE);
	NetpontUsageTable *cats = table_new(report, "categories", _("By fee category"));
	add_column(cats, "category", _("Fee category"), FALSE);
	group_columns(cats);
	NetpontUsageTable *ages =
	    table_new(report, "ages", _("By age band (age at the end of the period)"));
	add_column(ages, "age_band", _("Age band"), FALSE);
	group_columns(ages);
	NetpontUsageTable *items = table_new(report, "items", _("Prints and office items"));
	add_column(items, "service", _("Service"), FALSE);
	add_column(items, "count", _("Pages or items"), TRUE);
	NetpontUsageTable *help = table_new(report, "help", _("Help calls"));
	add_column(help, "calls", _("Calls"), TRUE);
	add_column(help, "answered", _("Answered"), TRUE);
	add_column(help, "resolved", _("Resolved"), TRUE);
	add_column(help, "median_wait", _("Median wait (min:s)"), TRUE);
	add_column(help, "average_wait", _("Average wait (min:s)"), TRUE);
	NetpontUsageTable *topics =
	    table_new(report, "topics", _("Help calls by topic (resolved calls)"));
	add_column(topics, "topic", _("Topic"), FALSE);
	add_column(topics, "calls", _("Calls"), TRUE);
	NetpontUsageTable *courses = table_new(report, "courses", _("Courses"));
	add_column(courses, "occasions", _("Occasions held"), TRUE);
	add_column(courses, "attendance", _("Participants present"), TRUE);
	add_column(courses, "participants", _("Different participants"), TRUE);
	NetpontUsageTable *vol = table_new(report, "volunteer", _("Volunteer hours"));
	add_column(vol, "activity", _("Activity"), FALSE);
	add_column(vol, "hours", _("Hours (h:mm)"), TRUE);
	NetpontUsageTable *dir = table_new(report, "directory", _("Local information on the PCs"));
	add_column(dir, "opens", _("Opened"), TRUE);
	add_column(dir, "views", _("Entries looked at"), TRUE);
	add_column(dir, "searches", _("Searches"), TRUE);
	add_column(dir, "prints", _("Slips printed"), TRUE);

	for (size_t i = 0; i < r->n_periods; i++) {
		const Netpont__UsagePeriod *p = r->periods[i];
		g_autofree char *period = period_label(p, by);
		row_builder b = row_begin(use, period);
		if (p->total != NULL)
			group_cells(&b, p->total);
		else
			for (int k = 0; k < 5; k++)
				row_number(&b, 0);
		row_people(&b, p->birth_year_unknown);
		for (size_t j = 0; j < p->n_categories; j++) {
			b = row_begin(cats, period);
			row_text(&b, g_strdup(p->categories[j]->label && *p->categories[j]->label
			                          ? p->categories[j]->label
			                          : p->categories[j]->key));
			group_cells(&b, p->categories[j]);
		}
		for (size_t j = 0; j < p->n_ages; j++) {
			b = row_begin(ages, period);
			row_text(&b, g_strdup(netpont_usage_band_label(p->ages[j]->key)));
			group_cells(&b, p->ages[j]);
		}
		for (size_t j = 0; j < p->n_items; j++) {
			b = row_begin(items, period);
			row_text(&b, g_strdup(p->items[j]->label && *p->items[j]->label
			                          ? p->items[j]->label
			                          : p->items[j]->key));
			row_number(&b, p->items[j]->count);
		}
		b = row_begin(help, period);
		row_number(&b, p->help_calls);
		row_number(&b, p->help_answered);
		row_number(&b, p->help_resolved);
		row_text(&b,
		         g_strdup_printf("%" G_GINT64_FORMAT ":%02d", p->help_median_wait_s / 60,
		                         (int)(p->help_median_wait_s % 60)));
		row_text(&b,
		         g_strdup_printf("%" G_GINT64_FORMAT ":%02d", p->help_average_wait_s / 60,
		                         (int)(p->help_average_wait_s % 60)));
		for (size_t j = 0; j < p->n_help_topics; j++) {
			b = row_begin(topics, period);
			row_text(&b, g_strdup(topic_label(p->help_topics[j]->key)));
			row_number(&b, p->help_topics[j]->count);
		}
		b = row_begin(courses, period);
		row_number(&b, p->occasions);
		row_number(&b, p->attendances);
		row_people(&b, p->participants);
		for (size_t j = 0; j < p->n_volunteer; j++) {
			b = row_begin(vol, period);
			row_text(&b, g_strdup(netpont_usage_activity_label(p->volunteer[j]->key)));
			row_text(&b, netpont_usage_hours_text(p->volunteer[j]->count));
		}
		b = row_begin(vol, period);
		row_text(&b, g_strdup(_("All activities")));
		row_text(&b, netpont_usage_hours_text(p->volunteer_seconds));
		b = row_begin(dir, period);
		row_number(&b, p->directory_opens);
		row_number(&b, p->directory_views);
		row_number(&b, p->directory_searches);
		row_number(&b, p->directory_prints);
	}
	return report;
}

void netpont_usage_report_free(NetpontUsageReport *report)
{
	if (report == NULL)
		return;
	g_free(report->from);
	g_free(report->to);
	g_ptr_array_unref(report->tables);
	g_free(report);
}

guint netpont_usage_row_texts(const NetpontUsageReport *report, const NetpontUsageTable *t, guint r,
                              const char **texts)
{
	const NetpontUsageCell *cells = g_ptr_array_index(t->rows, r);
	guint n = t->n_columns - report->first_column;
	for (guint c = 0; c < n; c++)
		texts[c] = cells[report->first_column + c].text;
	return n;
}

char *netpont_usage_report_title(const NetpontUsageReport *report)
{
	/* TRANSLATORS: the funders' report's title, with its first and last day. */
	return g_strdup_printf(_("Usage report %s – %s"), report->from, report->to);
}

/* ------------------------------------------------------------ outputs */

char *netpont_usage_report_csv(const NetpontUsageReport *report, np_csv_format format, gsize *len)
{
	gboolean people = format == NP_CSV_SPREADSHEET;
	np_csv csv;
	np_csv_init(&csv, format);
	for (guint i = 0; i < report->tables->len; i++) {
		const NetpontUsageTable *t = g_ptr_array_index(report->tables, i);
		np_csv_text(&csv, people ? t->title : t->key);
		np_csv_end_row(&csv);
		for (guint c = 0; c < t->n_columns; c++)
			np_csv_text(&csv, people ? t->headers[c] : t->column_keys[c]);
		np_csv_end_row(&csv);
		for (guint r = 0; r < t->rows->len; r++) {
			const NetpontUsageCell *cells = g_ptr_array_index(t->rows, r);
			for (guint c = 0; c < t->n_columns; c++) {
				if (cells[c].is_number)
					np_csv_int(&csv, cells[c].number);
				else
					np_csv_text(&csv, cells[c].text);
			}
			np_csv_end_row(&csv);
		}
		np_csv_end_row(&csv);
	}
	np_csv_text(&csv, netpont_usage_report_note());
	np_csv_end_row(&csv);
	size_t n = 0;
	char *text = np_csv_finish(&csv, &n);
	if (text == NULL)
		return NULL;
	char *copy = g_strndup(text, n);
	free(text);
	if (len != NULL)
		*len = n;
	return copy;
}

gboolean netpont_usage_report_pdf(const NetpontUsageReport *report, const char *path, char **error)
{
	char *why = NULL;
	np_pdf *pdf = np_pdf_new(path, &why);
	if (pdf == NULL) {
		*error = g_strdup(why);
		free(why);
		return FALSE;
	}
	g_autofree char *title = netpont_usage_report_title(report);
	np_pdf_title(pdf, title);
	np_pdf_paragraph(pdf, netpont_usage_report_note());
	for (guint i = 0; i < report->tables->len; i++) {
		const NetpontUsageTable *t = g_ptr_array_index(report->tables, i);
		guint first = report->first_column, n = t->n_columns - first;
		np_pdf_align aligns[NETPONT_USAGE_MAX_COLUMNS];
		double widths[NETPONT_USAGE_MAX_COLUMNS];
		for (guint c = 0; c < n; c++) {
			aligns[c] = t->numeric[first + c] ? NP_PDF_RIGHT : NP_PDF_LEFT;
			/* The words (period, category, topic) get the room. */
			widths[c] = t->numeric[first + c] ? 1.2 : 1.5;
		}
		np_pdf_heading(pdf, t->title);
		np_pdf_table_begin(pdf, n, t->headers + first, widths, aligns);
		for (guint r = 0; r < t->rows->len; r++) {
			const char *texts[NETPONT_USAGE_MAX_COLUMNS];
			netpont_usage_row_texts(report, t, r, texts);
			np_pdf_table_row(pdf, texts);
		}
		np_pdf_table_end(pdf);
	}
	if (!np_pdf_finish(pdf, &why)) {
		*error = g_strdup(why);
		free(why);
		return FALSE;
	}
	return TRUE;
}
