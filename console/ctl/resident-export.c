/* A resident's export as JSON and as a sheet. See resident-export.h. */
#include "resident-export.h"

#include <json-glib/json-glib.h>
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/np_money.h"
#include "common/np_pdf.h"

#define _(s)  gettext(s)
#define N_(s) (s)

/* glibc's counter of loaded catalogues: raised after LANGUAGE changes, so
 * that gettext() looks the words up again instead of reusing its cache
 * (as the GNU gettext manual says). */
extern int _nl_msg_cat_cntr;

static void json_value(JsonBuilder *b, const Netpont__ExportValue *v)
{
	if (v == NULL || v->value_case == NETPONT__EXPORT_VALUE__VALUE__NOT_SET)
		json_builder_add_null_value(b);
	else if (v->value_case == NETPONT__EXPORT_VALUE__VALUE_NUMBER)
		json_builder_add_int_value(b, v->number);
	else
		json_builder_add_string_value(b, v->text != NULL ? v->text : "");
}

char *resident_export_json(const Netpont__ResidentExportReply *r)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "login");
	json_builder_add_string_value(b, r->login != NULL ? r->login : "");
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, r->name != NULL ? r->name : "");
	json_builder_set_member_name(b, "exported_at");
	json_builder_add_int_value(b, r->exported_at);
	for (size_t t = 0; t < r->n_tables; t++) {
		const Netpont__ExportTable *table = r->tables[t];
		json_builder_set_member_name(b, table->name);
		json_builder_begin_array(b);
		for (size_t i = 0; i < table->n_rows; i++) {
			const Netpont__ExportRow *row = table->rows[i];
			json_builder_begin_object(b);
			for (size_t c = 0; c < table->n_columns && c < row->n_values; c++) {
				json_builder_set_member_name(b, table->columns[c]);
				json_value(b, row->values[c]);
			}
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		if (table->rows_left_out > 0) {
			g_autofree char *key = g_strdup_printf("%s_left_out", table->name);
			json_builder_set_member_name(b, key);
			json_builder_add_int_value(b, table->rows_left_out);
		}
	}
	json_builder_end_object(b);
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	g_autoptr(JsonGenerator) gen = json_generator_new();
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_root(gen, root);
	return json_generator_to_data(gen, NULL);
}

/* ------------------------------------------------------------ the sheet */

/* The tables' headings, by their keys. */
static const struct {
	const char *key, *heading;
} headings[] = {
    {"account", N_("Your account")},
    {"sessions", N_("Your sessions at the PCs")},
    {"help_calls", N_("Your help calls")},
    {"notes", N_("Mentors' notes about you")},
    {"ledger", N_("Charges and payments")},
    {"bookings", N_("Your bookings")},
    {"enrolments", N_("Courses you enrolled in")},
    {"attendance", N_("Your attendance at courses")},
    {"audit", N_("Staff actions that name you")},
};

/* The columns' headers, by their keys; the key itself when not listed. */
static const struct {
	const char *key, *label;
} column_labels[] = {
    {"login", N_("Login")},
    {"name", N_("Name")},
    {"category", N_("Category")},
    {"category_label", N_("Category's display name")},
    {"note", N_("Note")},
    {"birth_year", N_("Year of birth")},
    {"guest", N_("Guest account")},
    {"created_at", N_("Created")},
    {"erased_at", N_("Erased")},
    {"id", N_("No.")},
    {"pc", N_("PC")},
    {"started_at", N_("Start")},
    {"ended_at", N_("End")},
    {"reason", N_("Ended because")},
    {"text", N_("Text")},
    {"raised_at", N_("Asked")},
    {"resolved_at", N_("Resolved")},
    {"topic", N_("Topic")},
    {"outcome", N_("Outcome")},
    {"answered_by", N_("Answered by")},
    {"written_by", N_("Written by")},
    {"at", N_("When")},
    {"kind", N_("Kind")},
    {"service", N_("Service")},
    {"qty", N_("Quantity")},
    {"unit_price", N_("Unit price")},
    {"amount", N_("Amount")},
    {"method", N_("Method")},
    {"reverses", N_("Reverses no.")},
    {"starts_at", N_("From")},
    {"ends_at", N_("Until")},
    {"cancelled_at", N_("Cancelled")},
    {"claimed_at", N_("Came")},
    {"released_at", N_("Released")},
    {"course", N_("Course")},
    {"enrolled_at", N_("Enrolled")},
    {"left_at", N_("Left")},
    {"occasion", N_("Occasion")},
    {"present", N_("Present")},
    {"source", N_("Recorded by")},
    {"action", N_("Action")},
    {"detail", N_("Detail")},
    {"staff", N_("Staff")},
};

static const char *column_label(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(column_labels); i++)
		if (strcmp(key, column_labels[i].key) == 0)
			return _(column_labels[i].label);
	return key;
}

static const char *table_heading(const char *key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(headings); i++)
		if (strcmp(key, headings[i].key) == 0)
			return _(headings[i].heading);
	return key;
}

static bool is_time_column(const char *key)
{
	return g_str_has_suffix(key, "_at") || strcmp(key, "at") == 0 ||
	       strcmp(key, "occasion") == 0;
}

static bool is_money_column(const char *key)
{
	return strcmp(key, "amount") == 0 || strcmp(key, "unit_price") == 0;
}

/* Free text gets the room: three times a plain column's width. */
static bool is_text_column(const char *key)
{
	return strcmp(key, "text") == 0 || strcmp(key, "outcome") == 0 ||
	       strcmp(key, "note") == 0 || strcmp(key, "detail") == 0;
}

static bool is_yes_no_column(const char *key)
{
	return strcmp(key, "guest") == 0 || strcmp(key, "present") == 0;
}

static char *local_time(int64_t t)
{
	time_t at = (time_t)t;
	struct tm tm;
	char buf[32];
	localtime_r(&at, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	return g_strdup(buf);
}

/* One cell for people: a time in local time, an amount with its currency,
 * yes/no; a new string. */
static char *cell_text(const char *column, const Netpont__ExportValue *v, const char *currency,
                       unsigned decimals)
{
	if (v == NULL || v->value_case == NETPONT__EXPORT_VALUE__VALUE__NOT_SET)
		return g_strdup("");
	if (v->value_case == NETPONT__EXPORT_VALUE__VALUE_TEXT)
		return g_strdup(v->text != NULL ? v->text : "");
	if (is_time_column(column))
		return local_time(v->number);
	if (is_money_column(column)) {
		char buf[NP_MONEY_TEXT_MAX];
		return g_strdup(np_money_format(v->number, decimals, currency, &np_money_screen,
		                                buf, sizeof buf));
	}
	if (is_yes_no_column(column))
		return g_strdup(v->number != 0 ? _("yes") : _("no"));
	return g_strdup_printf("%lld", (long long)v->number);
}

static void sheet_table(np_pdf *pdf, const Netpont__ExportTable *t, const char *currency,
                        unsigned decimals)
{
	np_pdf_heading(pdf, table_heading(t->name));
	if (t->n_rows == 0) {
		np_pdf_paragraph(pdf, _("Nothing is kept."));
		return;
	}
	size_t n = t->n_columns < NP_PDF_MAX_COLUMNS ? t->n_columns : NP_PDF_MAX_COLUMNS;
	/* The account is one row: written as label and value lines. */
	if (strcmp(t->name, "account") == 0) {
		GString *text = g_string_new(NULL);
		for (size_t c = 0; c < n && c < t->rows[0]->n_values; c++) {
			g_autofree char *cell =
			    cell_text(t->columns[c], t->rows[0]->values[c], currency, decimals);
			g_string_append_printf(text, "%s%s: %s", c > 0 ? "\n" : "",
			                       column_label(t->columns[c]), cell);
		}
		np_pdf_paragraph(pdf, text->str);
		g_string_free(text, TRUE);
		return;
	}
	const char *headers[NP_PDF_MAX_COLUMNS];
	np_pdf_align aligns[NP_PDF_MAX_COLUMNS];
	double widths[NP_PDF_MAX_COLUMNS];
	for (size_t c = 0; c < n; c++) {
		headers[c] = column_label(t->columns[c]);
		aligns[c] = is_money_column(t->columns[c]) ? NP_PDF_RIGHT : NP_PDF_LEFT;
		widths[c] = is_text_column(t->columns[c])      ? 3.0
		            : strcmp(t->columns[c], "id") == 0 ? 0.6
		                                               : 1.4;
	}
	np_pdf_table_begin(pdf, n, headers, widths, aligns);
	for (size_t i = 0; i < t->n_rows; i++) {
		char *cells[NP_PDF_MAX_COLUMNS] = {0};
		for (size_t c = 0; c < n; c++)
			cells[c] = c < t->rows[i]->n_values
			               ? cell_text(t->columns[c], t->rows[i]->values[c], currency,
			                           decimals)
			               : g_strdup("");
		np_pdf_table_row(pdf, (const char *const *)cells);
		for (size_t c = 0; c < n; c++)
			g_free(cells[c]);
	}
	np_pdf_table_end(pdf);
	if (t->rows_left_out > 0) {
		g_autofree char *more =
		    g_strdup_printf(ngettext("%lld more row is kept; ask for it in parts.",
		                             "%lld more rows are kept; ask for them in parts.",
		                             (unsigned long)t->rows_left_out),
		                    (long long)t->rows_left_out);
		np_pdf_paragraph(pdf, more);
	}
}

bool resident_export_pdf(const Netpont__ResidentExportReply *r, const char *language,
                         const char *currency, unsigned decimals, const char *path, char **error)
{
	char *pdf_error = NULL;
	np_pdf *pdf = np_pdf_new(path, &pdf_error);
	if (pdf == NULL) {
		*error = g_strdup(pdf_error);
		free(pdf_error);
		return false;
	}
	/* The sheet's words in the resident's language, the program's
	 * afterwards. gettext ignores LANGUAGE under the "C" locale, so the
	 * messages are looked up under C.UTF-8 meanwhile (as netpontd does,
	 * server/core/i18n.h), on this thread only. */
	g_autofree char *saved = g_strdup(g_getenv("LANGUAGE"));
	locale_t messages = (locale_t)0, before = (locale_t)0;
	if (language != NULL && language[0] != '\0') {
		g_setenv("LANGUAGE", language, TRUE);
		locale_t base = duplocale(uselocale((locale_t)0));
		messages = base != (locale_t)0 ? newlocale(LC_MESSAGES_MASK, "C.UTF-8", base)
		                               : (locale_t)0;
		if (messages == (locale_t)0 && base != (locale_t)0)
			freelocale(base);
		if (messages != (locale_t)0)
			before = uselocale(messages);
		++_nl_msg_cat_cntr;
	}
	g_autofree char *title =
	    g_strdup_printf(_("What we keep about %s (%s)"), r->name, r->login);
	np_pdf_title(pdf, title);
	g_autofree char *when = local_time(r->exported_at);
	g_autofree char *intro = g_strdup_printf(
	    _("%s keeps the data below about you. Written on %s. Ask a mentor if something is "
	      "wrong, or if you want it erased."),
	    r->site_name != NULL && r->site_name[0] != '\0' ? r->site_name : "Netpont", when);
	np_pdf_paragraph(pdf, intro);
	for (size_t t = 0; t < r->n_tables; t++)
		sheet_table(pdf, r->tables[t], currency, decimals);
	if (language != NULL && language[0] != '\0') {
		if (saved != NULL)
			g_setenv("LANGUAGE", saved, TRUE);
		else
			g_unsetenv("LANGUAGE");
		if (messages != (locale_t)0) {
			uselocale(before);
			freelocale(messages);
		}
		++_nl_msg_cat_cntr;
	}
	if (!np_pdf_finish(pdf, &pdf_error)) {
		*error = g_strdup(pdf_error);
		free(pdf_error);
		return false;
	}
	return true;
}
