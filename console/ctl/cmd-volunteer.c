/* Volunteer hours: volunteer in|out|status (one's own clock), volunteer
 * add|remove (an administrator's entries afterwards), volunteer list, the
 * monthly sheet (volunteer sheet, also as CSV or a PDF to sign) and the
 * month's totals of all volunteers (report volunteers). The server keeps
 * the rules and refuses with a sentence; the hours are written h:mm. */
#include "ctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "volunteer-sheet.h"

/* "2026-12": the server checks the month itself. */
static bool looks_like_month(const char *text)
{
	return strlen(text) == 7 && g_ascii_isdigit(text[0]) && g_ascii_isdigit(text[3]) &&
	       text[4] == '-' && g_ascii_isdigit(text[5]) && g_ascii_isdigit(text[6]);
}

/* --activity (NULL: fallback) checked against the five; CTL_EXIT_USAGE
 * after saying which there are. */
static int need_activity(ctl_ctx *ctx, const char *fallback, const char **out)
{
	*out = ctl_option(ctx, "activity");
	if (*out == NULL)
		*out = fallback;
	if (*out == NULL)
		return ctl_usage_error(ctx, _("--%s is required."), "activity");
	if (volunteer_activity_index(*out) < 0)
		return ctl_usage_error(
		    ctx, "%s", _("--activity must be desk, tutoring, it_help, event or other."));
	return CTL_EXIT_OK;
}

/* --month, checked; NULL when absent (the server takes this month). */
static int need_month(ctl_ctx *ctx, const char **out)
{
	*out = ctl_option(ctx, "month");
	if (*out != NULL && !looks_like_month(*out))
		return ctl_usage_error(ctx, "%s", _("Give the month like 2026-12."));
	return CTL_EXIT_OK;
}

static void period_json(JsonBuilder *b, const Netpont__VolunteerPeriod *p)
{
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", p->id);
	ctl_json_add_string(b, "staff", p->staff);
	ctl_json_add_string_or_null(b, "name", p->staff_display_name);
	ctl_json_add_string(b, "activity", p->activity);
	ctl_json_add_int(b, "started_at", p->started_at);
	ctl_json_add_int_or_null(b, "ended_at", p->ended_at != 0, p->ended_at);
	ctl_json_add_int(b, "seconds", volunteer_period_seconds(p));
	ctl_json_add_string(b, "source", p->source);
	ctl_json_add_int_or_null(b, "shift_id", p->shift_id != 0, p->shift_id);
	ctl_json_add_string(b, "note", p->note);
	ctl_json_add_string_or_null(b, "recorded_by", p->recorded_by);
	ctl_json_add_int_or_null(b, "removed_at", p->removed_at != 0, p->removed_at);
	ctl_json_add_string_or_null(b, "removed_by", p->removed_by);
	json_builder_end_object(b);
}

/* "Dóra (dora)". */
static char *period_person(const Netpont__VolunteerPeriod *p)
{
	return ctl_person(p->staff_display_name, p->staff);
}

/* "2026-12-01 14:00-17:30" (or "2026-12-01 14:00-" while open). */
static char *period_span(const Netpont__VolunteerPeriod *p)
{
	g_autofree char *start = ctl_time(p->started_at);
	g_autofree char *end = ctl_hour_minute(p->ended_at);
	return g_strdup_printf("%s-%s", start, end);
}

/* ---------------------------------------------------------------- one's own clock */

/* data: the sentence's kind: "in", "out", "status", "add" or "remove". */
static int print_period(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const char *kind = data;
	const Netpont__VolunteerPeriod *p = reply->volunteer_reply->period;
	if (ctx->json && strcmp(kind, "status") == 0) {
		/* {"on_duty": bool, "period": {...} or null} */
		JsonBuilder *b = ctl_json_begin_object();
		ctl_json_add_bool(b, "on_duty", p != NULL && p->ended_at == 0);
		json_builder_set_member_name(b, "period");
		if (p != NULL)
			period_json(b, p);
		else
			json_builder_add_null_value(b);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		period_json(b, p);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	if (p == NULL) {
		puts(_("You are not on duty."));
		return CTL_EXIT_OK;
	}
	g_autofree char *since = ctl_hour_minute(p->started_at);
	g_autofree char *span = period_span(p);
	g_autofree char *who = period_person(p);
	g_autofree char *hours = volunteer_hours_text(volunteer_period_seconds(p));
	const char *activity = volunteer_activity_label(p->activity);
	if (strcmp(kind, "in") == 0 || (strcmp(kind, "status") == 0 && p->ended_at == 0))
		/* TRANSLATORS: "On duty since 14:02 (Desk duty)." */
		printf(_("On duty since %s (%s).\n"), since, activity);
	else if (strcmp(kind, "out") == 0)
		/* TRANSLATORS: "Clocked out: 2026-12-01 14:02-17:30, 3:28 hours (Desk duty)." */
		printf(_("Clocked out: %s, %s hours (%s).\n"), span, hours, activity);
	else if (strcmp(kind, "add") == 0)
		/* TRANSLATORS: "Recorded period 12 for Dóra (dora): 2026-12-01 14:00-17:30,
		 * 3:30 hours (Tutoring)." */
		printf(_("Recorded period %lld for %s: %s, %s hours (%s).\n"), (long long)p->id,
		       who, span, hours, activity);
	else
		/* TRANSLATORS: "Removed period 12 of Dóra (dora): 2026-12-01 14:00-17:30
		 * (Tutoring)." */
		printf(_("Removed period %lld of %s: %s (%s).\n"), (long long)p->id, who, span,
		       activity);
	return CTL_EXIT_OK;
}

static int volunteer_in(ctl_ctx *ctx)
{
	const char *activity;
	int rc = need_activity(ctx, "desk", &activity);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__VolunteerClockIn m = NETPONT__VOLUNTEER_CLOCK_IN__INIT;
	m.activity = (char *)activity;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_VOLUNTEER_CLOCK_IN, &m,
	                         NETPONT__ENVELOPE__BODY_VOLUNTEER_REPLY, print_period, "in");
}

static int volunteer_out(ctl_ctx *ctx)
{
	Netpont__VolunteerClockOut m = NETPONT__VOLUNTEER_CLOCK_OUT__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_VOLUNTEER_CLOCK_OUT, &m,
	                         NETPONT__ENVELOPE__BODY_VOLUNTEER_REPLY, print_period, "out");
}

static int volunteer_status(ctl_ctx *ctx)
{
	Netpont__VolunteerStatus m = NETPONT__VOLUNTEER_STATUS__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_VOLUNTEER_STATUS, &m,
	                         NETPONT__ENVELOPE__BODY_VOLUNTEER_REPLY, print_period, "status");
}

/* ---------------------------------------------------------------- an administrator's entries */

/* "14:00". */
static bool looks_like_time(const char *text)
{
	return strlen(text) == 5 && g_ascii_isdigit(text[0]) && g_ascii_isdigit(text[1]) &&
	       text[2] == ':' && g_ascii_isdigit(text[3]) && g_ascii_isdigit(text[4]);
}

static int volunteer_add(ctl_ctx *ctx)
{
	Netpont__VolunteerAdd m = NETPONT__VOLUNTEER_ADD__INIT;
	const char *staff, *date, *from, *to, *activity;
	int rc;
	if ((rc = ctl_need_text(ctx, "staff", &staff)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "date", &date)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "from", &from)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "to", &to)) != CTL_EXIT_OK ||
	    (rc = need_activity(ctx, NULL, &activity)) != CTL_EXIT_OK)
		return rc;
	if (strlen(date) != 10 || date[4] != '-' || date[7] != '-')
		return ctl_usage_error(ctx, "%s", _("Give the date like 2026-12-01."));
	if (!looks_like_time(from) || !looks_like_time(to))
		return ctl_usage_error(ctx, "%s", _("Give the times like 14:00 and 17:30."));
	const char *note = ctl_option(ctx, "note");
	if (note != NULL && strlen(note) > 200)
		return ctl_usage_error(ctx, "%s",
		                       _("The note is too long (at most 200 characters)."));
	m.staff = (char *)staff;
	m.date = (char *)date;
	m.from = (char *)from;
	m.to = (char *)to;
	m.activity = (char *)activity;
	m.note = (char *)(note != NULL ? note : "");
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_VOLUNTEER_ADD, &m,
	                         NETPONT__ENVELOPE__BODY_VOLUNTEER_REPLY, print_period, "add");
}

static int volunteer_remove(ctl_ctx *ctx)
{
	Netpont__VolunteerRemove m = NETPONT__VOLUNTEER_REMOVE__INIT;
	int rc = ctl_need_id(ctx, ctx->args[0], &m.id);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_VOLUNTEER_REMOVE, &m,
	                         NETPONT__ENVELOPE__BODY_VOLUNTEER_REPLY, print_period, "remove");
}

/* ---------------------------------------------------------------- lists and sheets */

/* {"desk": seconds, ...} of the reply's per-activity totals. */
static void by_activity_json(JsonBuilder *b, const Netpont__VolunteerListReply *r)
{
	json_builder_set_member_name(b, "by_activity");
	json_builder_begin_object(b);
	for (size_t i = 0; i < r->n_by_activity; i++)
		ctl_json_add_int(b, r->by_activity[i]->activity, r->by_activity[i]->seconds);
	json_builder_end_object(b);
}

/* The reply as one JSON object: the month, its periods, the totals. */
static void list_json(const Netpont__VolunteerListReply *r)
{
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "month", r->month);
	json_builder_set_member_name(b, "periods");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->n_periods; i++)
		period_json(b, r->periods[i]);
	json_builder_end_array(b);
	by_activity_json(b, r);
	json_builder_set_member_name(b, "volunteers");
	json_builder_begin_array(b);
	for (size_t i = 0; i < r->n_by_staff; i++) {
		json_builder_begin_object(b);
		ctl_json_add_string(b, "staff", r->by_staff[i]->staff);
		ctl_json_add_string_or_null(b, "name", r->by_staff[i]->staff_display_name);
		ctl_json_add_int(b, "seconds", r->by_staff[i]->seconds);
		json_builder_set_member_name(b, "by_activity");
		json_builder_begin_object(b);
		for (size_t k = 0; k < r->n_by_staff_activity; k++)
			if (strcmp(r->by_staff_activity[k]->staff, r->by_staff[i]->staff) == 0)
				ctl_json_add_int(b, r->by_staff_activity[k]->activity,
				                 r->by_staff_activity[k]->seconds);
		json_builder_end_object(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	ctl_json_add_int(b, "total_seconds", r->total_seconds);
	ctl_json_add_int(b, "periods_left_out", r->periods_left_out);
	json_builder_end_object(b);
	ctl_json_print_builder(b);
}

/* The periods as a table; who: a column naming the volunteer. */
static void periods_table(const Netpont__VolunteerListReply *r, bool who)
{
	const char *headers[] = {_("ID"),       _("DATE"),  _("FROM"), _("TO"),
	                         _("ACTIVITY"), _("HOURS"), _("NOTE"), _("VOLUNTEER")};
	ctl_table *t = ctl_table_new(who ? 8 : 7, headers);
	ctl_table_right(t, 0);
	ctl_table_right(t, 5);
	for (size_t i = 0; i < r->n_periods; i++) {
		const Netpont__VolunteerPeriod *p = r->periods[i];
		g_autofree char *id = g_strdup_printf("%lld", (long long)p->id);
		g_autofree char *start = ctl_time(p->started_at);
		g_autofree char *end = ctl_hour_minute(p->ended_at);
		g_autofree char *hours = p->removed_at != 0 ? g_strdup(_("removed"))
		                         : p->ended_at == 0
		                             ? g_strdup(_("on duty"))
		                             : volunteer_hours_text(volunteer_period_seconds(p));
		g_autofree char *person = period_person(p);
		start[10] = '\0';
		const char *row[] = {
		    id,    start + 0, start + 11, end, volunteer_activity_label(p->activity),
		    hours, p->note,   person};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
}

/* The totals per activity and in all, as a table. */
static void totals_table(const Netpont__VolunteerListReply *r)
{
	const char *headers[] = {_("ACTIVITY"), _("HOURS")};
	ctl_table *t = ctl_table_new(2, headers);
	ctl_table_right(t, 1);
	for (size_t i = 0; i < r->n_by_activity; i++) {
		g_autofree char *hours = volunteer_hours_text(r->by_activity[i]->seconds);
		const char *row[] = {volunteer_activity_label(r->by_activity[i]->activity), hours};
		ctl_table_add(t, row);
	}
	g_autofree char *total = volunteer_hours_text(r->total_seconds);
	const char *row[] = {_("Total"), total};
	ctl_table_add(t, row);
	ctl_table_print(t);
}

/* A VolunteerList of staff (NULL: oneself, or everyone with all),
 * without the periods when totals_only. */
static int ask_list(ctl_ctx *ctx, const char *staff, bool all, bool totals_only, const char *month,
                    bool removed, Netpont__Envelope **reply)
{
	Netpont__VolunteerList m = NETPONT__VOLUNTEER_LIST__INIT;
	m.all = all;
	m.totals_only = totals_only;
	m.staff = (char *)(staff != NULL ? staff : "");
	m.month = (char *)(month != NULL ? month : "");
	m.include_removed = removed;
	return ctl_request(ctx, NETPONT__ENVELOPE__BODY_VOLUNTEER_LIST, &m,
	                   NETPONT__ENVELOPE__BODY_VOLUNTEER_LIST_REPLY, reply);
}

static int volunteer_list(ctl_ctx *ctx)
{
	const char *month;
	int rc = need_month(ctx, &month);
	if (rc != CTL_EXIT_OK)
		return rc;
	const char *staff = ctl_option(ctx, "staff");
	Netpont__Envelope *reply = NULL;
	rc = ask_list(ctx, staff, ctl_flag(ctx, "all"), false, month, ctl_flag(ctx, "removed"),
	              &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	const Netpont__VolunteerListReply *r = reply->volunteer_list_reply;
	if (ctx->json)
		list_json(r);
	else if (r->n_periods == 0)
		printf(_("No volunteer hours in %s.\n"), r->month);
	else
		periods_table(r, ctl_flag(ctx, "all"));
	if (!ctx->json && r->periods_left_out > 0)
		printf(
		    _("... and %lld more; ask for one volunteer's (--staff NAME) to see them.\n"),
		    (long long)r->periods_left_out);
	ctl_reply_free(reply);
	return CTL_EXIT_OK;
}

/* Writes a CSV text (len bytes) to stdout and frees it. */
static void put_csv(char *text, size_t len)
{
	fwrite(text, 1, len, stdout);
	g_free(text);
}

static int volunteer_sheet(ctl_ctx *ctx)
{
	const char *month, *staff = ctl_option(ctx, "staff");
	int rc = need_month(ctx, &month);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (staff == NULL || *staff == '\0')
		staff = ctx->user;
	if (staff == NULL || *staff == '\0')
		return ctl_usage_error(ctx, _("--%s is required."), "staff");
	const char *pdf = ctl_option(ctx, "pdf");
	bool csv = ctl_flag(ctx, "csv") || ctl_option(ctx, "csv-format") != NULL;
	if ((csv ? 1 : 0) + (pdf != NULL ? 1 : 0) + (ctx->json ? 1 : 0) > 1)
		return ctl_usage_error(ctx, "%s", _("Choose one of --csv, --pdf and --json."));
	if (pdf != NULL && *pdf == '\0')
		return ctl_usage_error(ctx, "%s", _("--pdf needs the file to write."));
	int format = csv ? ctl_csv_format(ctx) : 0;
	if (format < 0)
		return CTL_EXIT_USAGE;
	Netpont__Envelope *reply = NULL;
	rc = ask_list(ctx, staff, false, false, month, false, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	const Netpont__VolunteerListReply *r = reply->volunteer_list_reply;
	/* The name people know the volunteer by, from the periods when there
	 * are any. */
	g_autofree char *who = r->n_by_staff > 0
	                           ? ctl_person(r->by_staff[0]->staff_display_name, staff)
	                       : r->n_periods > 0 ? period_person(r->periods[0])
	                                          : g_strdup(staff);
	size_t len;
	if (ctx->json) {
		list_json(r);
	} else if (csv) {
		char *text = volunteer_sheet_csv(r, (np_csv_format)format, &len);
		put_csv(text, len);
	} else if (pdf != NULL) {
		g_autofree char *error = NULL;
		if (!volunteer_sheet_pdf(r, who, pdf, &error)) {
			ctl_error("%s", error);
			ctl_reply_free(reply);
			return CTL_EXIT_REFUSED;
		}
		g_autofree char *total = volunteer_hours_text(r->total_seconds);
		/* TRANSLATORS: "Wrote dora.pdf: Dóra (dora), 2026-12, 12:30 hours." */
		printf(_("Wrote %s: %s, %s, %s hours.\n"), pdf, who, r->month, total);
	} else {
		/* TRANSLATORS: "Volunteer hours of Dóra (dora) in 2026-12" */
		printf(_("Volunteer hours of %s in %s\n"), who, r->month);
		if (r->n_periods > 0)
			periods_table(r, false);
		totals_table(r);
	}
	ctl_reply_free(reply);
	return CTL_EXIT_OK;
}

static int report_volunteers(ctl_ctx *ctx)
{
	const char *month;
	int rc = need_month(ctx, &month);
	if (rc != CTL_EXIT_OK)
		return rc;
	bool csv = ctl_flag(ctx, "csv") || ctl_option(ctx, "csv-format") != NULL;
	if (csv && ctx->json)
		return ctl_usage_error(ctx, "%s", _("Choose either --csv or --json, not both."));
	int format = csv ? ctl_csv_format(ctx) : 0;
	if (format < 0)
		return CTL_EXIT_USAGE;
	Netpont__Envelope *reply = NULL;
	rc = ask_list(ctx, NULL, true, true, month, false, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	const Netpont__VolunteerListReply *r = reply->volunteer_list_reply;
	size_t len;
	if (ctx->json) {
		list_json(r);
	} else if (csv) {
		char *text = volunteer_report_csv(r, (np_csv_format)format, &len);
		put_csv(text, len);
	} else {
		printf(_("Volunteer hours in %s\n"), r->month);
		totals_table(r);
		if (r->n_by_staff > 0) {
			const char *headers[] = {_("VOLUNTEER"), _("HOURS")};
			ctl_table *t = ctl_table_new(2, headers);
			ctl_table_right(t, 1);
			for (size_t i = 0; i < r->n_by_staff; i++) {
				g_autofree char *person = ctl_person(
				    r->by_staff[i]->staff_display_name, r->by_staff[i]->staff);
				g_autofree char *hours =
				    volunteer_hours_text(r->by_staff[i]->seconds);
				const char *row[] = {person, hours};
				ctl_table_add(t, row);
			}
			ctl_table_print(t);
		}
	}
	ctl_reply_free(reply);
	return CTL_EXIT_OK;
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_volunteer_commands[] = {
    {"report", "volunteers",
     "report volunteers [--month YYYY-MM] [--csv] [--csv-format rfc4180|spreadsheet]",
     N_("volunteer hours of a month: per activity and per volunteer (admin, treasurer)"), 0, 0,
     "month= csv csv-format=", false, report_volunteers},
    {"volunteer", "in", "volunteer in [--activity desk|tutoring|it_help|event|other]",
     N_("clock in: your volunteering starts now"), 0, 0, "activity=", false, volunteer_in},
    {"volunteer", "out", "volunteer out", N_("clock out: your volunteering ends now"), 0, 0, "",
     false, volunteer_out},
    {"volunteer", "status", "volunteer status", N_("whether you are clocked in, since when"), 0, 0,
     "", false, volunteer_status},
    {"volunteer", "add",
     "volunteer add --staff NAME --date YYYY-MM-DD --from HH:MM --to HH:MM --activity A "
     "[--note TEXT]",
     N_("record someone's volunteer hours afterwards (admin)"), 0, 0,
     "staff= date= from= to= activity= note=", false, volunteer_add},
    {"volunteer", "remove", "volunteer remove ID",
     N_("remove a wrong period; it stays on record as removed (admin)"), 1, 1, "", false,
     volunteer_remove},
    {"volunteer", "list", "volunteer list [--staff NAME | --all] [--month YYYY-MM] [--removed]",
     N_("the periods of a month: yours, someone's or all (admin, treasurer)"), 0, 0,
     "staff= all month= removed", false, volunteer_list},
    {"volunteer", "sheet",
     "volunteer sheet [--staff NAME] [--month YYYY-MM] [--csv [--csv-format F] | --pdf FILE]",
     N_("a volunteer's monthly sheet with totals per activity, to sign"), 0, 0,
     "staff= month= csv csv-format= pdf=", false, volunteer_sheet},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
