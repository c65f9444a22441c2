/* Courses: course add (weekly or on single dates, its PCs booked at every
 * occasion), course list, course show, course enrol, course attendance and
 * course cancel. The server checks the PCs, the hours and the bookings and
 * refuses with a sentence; here only the command line's own form is
 * checked. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The weekdays as the command line names them (command syntax, English),
 * Monday first: ISO weekday d is day_words[d - 1]. */
static const char *const day_words[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday",    NULL};
static const char *const day_short[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                        N_("Fri"), N_("Sat"), N_("Sun")};

/* "thu,tue" (or "thursday", "4") -> "42" (ISO weekdays as digits); false
 * when a word is none of them. */
static bool weekday_digits(const char *text, char *out, size_t size)
{
	g_auto(GStrv) words = g_strsplit(text, ",", -1);
	size_t n = 0;
	for (char **w = words; *w != NULL; w++) {
		const char *word = g_strstrip(*w);
		size_t len = strlen(word);
		int day = 0;
		if (len == 1 && word[0] >= '1' && word[0] <= '7')
			day = word[0] - '0';
		for (int d = 0; day == 0 && day_words[d] != NULL; d++)
			if (len >= 3 && len <= strlen(day_words[d]) &&
			    g_ascii_strncasecmp(word, day_words[d], len) == 0)
				day = d + 1;
		if (day == 0 || n + 1 >= size)
			return false;
		out[n++] = (char)('0' + day);
	}
	out[n] = '\0';
	return n > 0;
}

/* "2026-12-10", "14:00" and "Thu" of a Unix time, local; new strings. */
static char *date_of(int64_t at)
{
	g_autofree char *full = ctl_time(at);
	return g_strndup(full, 10);
}

static const char *weekday_of(int64_t at)
{
	time_t t = (time_t)at;
	struct tm tm;
	localtime_r(&t, &tm);
	return day_short[tm.tm_wday == 0 ? 6 : tm.tm_wday - 1];
}

static void json_course_members(JsonBuilder *b, const Netpont__Course *c)
{
	ctl_json_add_int(b, "id", c->id);
	ctl_json_add_string(b, "name", c->name);
	ctl_json_add_string_or_null(b, "tutor", c->tutor);
	ctl_json_add_string_or_null(b, "tutor_name", c->tutor_name);
	ctl_json_add_int(b, "fee", c->fee);
	ctl_json_add_string(b, "note", c->note);
	json_builder_set_member_name(b, "seats");
	json_builder_begin_array(b);
	for (size_t i = 0; i < c->n_seats; i++)
		json_builder_add_string_value(b, c->seats[i]);
	json_builder_end_array(b);
	ctl_json_add_int(b, "participants", c->participants);
	ctl_json_add_int(b, "occasions", c->occasions);
	ctl_json_add_int_or_null(b, "first_at", c->first_at != 0, c->first_at);
	ctl_json_add_int_or_null(b, "last_at", c->last_at != 0, c->last_at);
	ctl_json_add_int_or_null(b, "next_at", c->next_at != 0, c->next_at);
	ctl_json_add_bool(b, "cancelled", c->cancelled_at != 0);
}

static void print_course_plain(const ctl_ctx *ctx, const Netpont__Course *c)
{
	g_autofree char *id = g_strdup_printf("%lld", (long long)c->id);
	g_autofree char *fee = c->fee > 0 ? ctl_money(ctx, c->fee) : g_strdup(_("free"));
	/* A protobuf repeated field has a count, no NULL at its end. */
	g_autoptr(GString) seats = g_string_new("");
	for (size_t i = 0; i < c->n_seats; i++)
		g_string_append_printf(seats, "%s%s", i ? ", " : "", c->seats[i]);
	g_autofree char *first = date_of(c->first_at);
	g_autofree char *last = date_of(c->last_at);
	g_autofree char *span = g_strdup_printf("%s – %s", first, last);
	g_autofree char *next = ctl_time(c->next_at);
	g_autofree char *count = g_strdup_printf("%d", c->occasions);
	g_autofree char *people = g_strdup_printf("%d", c->participants);
	ctl_table *kv = ctl_table_new(2, NULL);
	ctl_kv_add(kv, _("Course:"), id);
	ctl_kv_add(kv, _("Name:"), c->name);
	ctl_kv_add(kv, _("Tutor:"), c->tutor_name && *c->tutor_name ? c->tutor_name : _("none"));
	ctl_kv_add(kv, _("Fee per occasion:"), fee);
	ctl_kv_add(kv, _("PCs:"), seats->str);
	ctl_kv_add(kv, _("Occasions:"), count);
	if (c->first_at != 0)
		ctl_kv_add(kv, _("From – to:"), span);
	if (c->next_at != 0)
		ctl_kv_add(kv, _("Next occasion:"), next);
	ctl_kv_add(kv, _("Participants:"), people);
	if (c->cancelled_at != 0)
		ctl_kv_add(kv, _("State:"), _("cancelled"));
	if (c->note != NULL && *c->note)
		ctl_kv_add(kv, _("Note:"), c->note);
	ctl_table_print(kv);
}

/* ---------------------------------------------------------------- course add */

static int print_course_added(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__CourseAdded *r = reply->course_added;
	if (r->course == NULL) {
		ctl_error("%s", _("The server sent no course."));
		return CTL_EXIT_REFUSED;
	}
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		json_course_members(b, r->course);
		json_builder_set_member_name(b, "skipped");
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_skipped; i++)
			json_builder_add_string_value(b, r->skipped[i]);
		json_builder_end_array(b);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *first = date_of(r->course->first_at);
	g_autofree char *last = date_of(r->course->last_at);
	printf(ngettext("Course %lld (%s) is set up: %d occasion from %s to %s.\n",
	                "Course %lld (%s) is set up: %d occasions from %s to %s.\n",
	                (unsigned long)r->course->occasions),
	       (long long)r->course->id, r->course->name, r->course->occasions, first, last);
	for (size_t i = 0; i < r->n_skipped; i++)
		printf(_("No occasion on %s: the room is closed that day.\n"), r->skipped[i]);
	return CTL_EXIT_OK;
}

static int course_add(ctl_ctx *ctx)
{
	Netpont__CourseAdd m = NETPONT__COURSE_ADD__INIT;
	const char *seats, *from, *to;
	int rc;
	if ((rc = ctl_need_text(ctx, "name", (const char **)&m.name)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "seats", &seats)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "from", &from)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "to", &to)) != CTL_EXIT_OK)
		return rc;
	const char *tutor = ctl_option(ctx, "tutor");
	const char *note = ctl_option(ctx, "note");
	const char *days = ctl_option(ctx, "days");
	const char *first = ctl_option(ctx, "first");
	const char *until = ctl_option(ctx, "until");
	const char *dates = ctl_option(ctx, "dates");
	int64_t fee = 0;
	if (ctl_option(ctx, "fee") != NULL && (rc = ctl_need_amount(ctx, "fee", false, &fee)) != 0)
		return rc;
	g_auto(GStrv) seat_list = g_strsplit(seats, ",", -1);
	g_auto(GStrv) date_list = dates ? g_strsplit(dates, ",", -1) : NULL;
	char weekdays[16] = "";
	if (dates != NULL) {
		if (days != NULL || first != NULL || until != NULL)
			return ctl_usage_error(
			    ctx, "%s",
			    _("Give either --days with --first and --until, or --dates."));
		for (char **d = date_list; *d != NULL; d++)
			if (!ctl_parse_date(g_strstrip(*d)))
				return ctl_usage_error(
				    ctx, _("'%s' is not a date like 2026-12-10."), *d);
		m.dates = date_list;
		m.n_dates = g_strv_length(date_list);
	} else {
		if (days == NULL || first == NULL || until == NULL)
			return ctl_usage_error(
			    ctx, "%s",
			    _("Give either --days with --first and --until, or --dates."));
		if (!weekday_digits(days, weekdays, sizeof weekdays))
			return ctl_usage_error(ctx, "%s",
			                       _("--days takes weekdays like thu or mon,wed."));
		if (!ctl_parse_date(first) || !ctl_parse_date(until))
			return ctl_usage_error(ctx, "%s",
			                       _("Give --first and --until like 2026-12-10."));
		m.weekdays = weekdays;
		m.first = (char *)first;
		m.until = (char *)until;
	}
	/* "PC-01, PC-02," names two PCs; the server refuses a course without any. */
	size_t n_seats = 0;
	for (char **s = seat_list; *s != NULL; s++)
		if (*g_strstrip(*s) != '\0')
			seat_list[n_seats++] = *s;
		else
			g_free(*s);
	seat_list[n_seats] = NULL;
	m.seats = seat_list;
	m.n_seats = n_seats;
	m.tutor = (char *)(tutor ? tutor : "");
	m.note = (char *)(note ? note : "");
	m.from = (char *)from;
	m.to = (char *)to;
	m.fee = fee;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_COURSE_ADD, &m,
	                         NETPONT__ENVELOPE__BODY_COURSE_ADDED, print_course_added, NULL);
}

/* ---------------------------------------------------------------- course list */

static void course_json(JsonBuilder *b, const void *item)
{
	json_builder_begin_object(b);
	json_course_members(b, item);
	json_builder_end_object(b);
}

static void course_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Course *c = item;
	g_autofree char *id = g_strdup_printf("%lld", (long long)c->id);
	g_autofree char *fee = c->fee > 0 ? ctl_money(ctx, c->fee) : g_strdup(_("free"));
	g_autofree char *next = c->cancelled_at ? g_strdup(_("cancelled")) : ctl_time(c->next_at);
	g_autofree char *count = g_strdup_printf("%d", c->occasions);
	g_autofree char *people = g_strdup_printf("%d", c->participants);
	const char *row[] = {id, c->name, c->tutor_name, fee, next, count, people};
	ctl_table_add(t, row);
}

static int course_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = course_json,
	    .table_row = course_row,
	    .headers = {N_("ID"), N_("NAME"), N_("TUTOR"), N_("FEE"), N_("NEXT"), N_("OCCASIONS"),
	                N_("PARTICIPANTS")},
	    .right = 1u << 0 | 1u << 3 | 1u << 5 | 1u << 6,
	    .none = N_("No courses."),
	};
	Netpont__CourseList m = NETPONT__COURSE_LIST__INIT;
	m.all = ctl_flag(ctx, "all");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_COURSE_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_COURSE_LIST_REPLY, &list);
}

/* ---------------------------------------------------------------- course show */

static void json_occasion_members(JsonBuilder *b, const Netpont__CourseOccasion *o)
{
	g_autofree char *date = date_of(o->starts_at);
	g_autofree char *from = ctl_hour_minute(o->starts_at);
	g_autofree char *to = ctl_hour_minute(o->ends_at);
	ctl_json_add_int(b, "id", o->id);
	ctl_json_add_string(b, "date", date);
	ctl_json_add_string(b, "from", from);
	ctl_json_add_string(b, "to", to);
	ctl_json_add_int(b, "starts_at", o->starts_at);
	ctl_json_add_int(b, "ends_at", o->ends_at);
	ctl_json_add_bool(b, "cancelled", o->cancelled_at != 0);
	ctl_json_add_int(b, "present", o->present);
	json_builder_set_member_name(b, "attendance");
	json_builder_begin_array(b);
	for (size_t i = 0; i < o->n_attendance; i++) {
		const Netpont__CourseAttendee *a = o->attendance[i];
		json_builder_begin_object(b);
		ctl_json_add_string(b, "login", a->login);
		ctl_json_add_string(b, "name", a->name);
		ctl_json_add_bool(b, "present", a->present);
		ctl_json_add_string(b, "source", a->source);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void print_occasions_plain(const Netpont__CourseDetail *d)
{
	printf("\n");
	const char *headers[] = {_("OCCASION"), _("DATE"), _("TIME"), _("PRESENT"), NULL};
	ctl_table *t = ctl_table_new(4, headers);
	ctl_table_right(t, 0);
	ctl_table_right(t, 3);
	for (size_t i = 0; i < d->n_occasions; i++) {
		const Netpont__CourseOccasion *o = d->occasions[i];
		g_autofree char *id = g_strdup_printf("%lld", (long long)o->id);
		g_autofree char *date = date_of(o->starts_at);
		g_autofree char *day = g_strdup_printf("%s %s", _(weekday_of(o->starts_at)), date);
		g_autofree char *from = ctl_hour_minute(o->starts_at);
		g_autofree char *to = ctl_hour_minute(o->ends_at);
		g_autofree char *span = g_strdup_printf("%s–%s", from, to);
		g_autofree char *present =
		    o->cancelled_at ? g_strdup(_("cancelled")) : g_strdup_printf("%d", o->present);
		const char *row[] = {id, day, span, present};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
}

static void print_participants_plain(const Netpont__CourseDetail *d)
{
	printf("\n");
	if (d->n_participants == 0) {
		printf("%s\n", _("Nobody is enrolled yet."));
		return;
	}
	const char *headers[] = {_("PARTICIPANT"), _("ENROLLED"), _("LEFT"), NULL};
	ctl_table *t = ctl_table_new(3, headers);
	for (size_t i = 0; i < d->n_participants; i++) {
		const Netpont__CourseParticipant *p = d->participants[i];
		g_autofree char *who = ctl_person(p->name, p->login);
		g_autofree char *in = ctl_time(p->enrolled_at);
		g_autofree char *out = ctl_time(p->left_at);
		const char *row[] = {who, in, out};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
}

static int print_course_detail(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__CourseDetail *d = reply->course_detail;
	if (d->course == NULL) {
		ctl_error("%s", _("The server sent no course."));
		return CTL_EXIT_REFUSED;
	}
	if (!ctx->json) {
		print_course_plain(ctx, d->course);
		print_occasions_plain(d);
		print_participants_plain(d);
		return CTL_EXIT_OK;
	}
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_course_members(b, d->course);
	json_builder_set_member_name(b, "participants");
	json_builder_begin_array(b);
	for (size_t i = 0; i < d->n_participants; i++) {
		const Netpont__CourseParticipant *p = d->participants[i];
		json_builder_begin_object(b);
		ctl_json_add_string(b, "login", p->login);
		ctl_json_add_string(b, "name", p->name);
		ctl_json_add_int(b, "enrolled_at", p->enrolled_at);
		ctl_json_add_int_or_null(b, "left_at", p->left_at != 0, p->left_at);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "occasion_list");
	json_builder_begin_array(b);
	for (size_t i = 0; i < d->n_occasions; i++) {
		json_builder_begin_object(b);
		json_occasion_members(b, d->occasions[i]);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	ctl_json_print_builder(b);
	return CTL_EXIT_OK;
}

static int course_show(ctl_ctx *ctx)
{
	Netpont__CourseShow m = NETPONT__COURSE_SHOW__INIT;
	int rc = ctl_need_id(ctx, ctx->args[0], &m.id);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_COURSE_SHOW, &m,
	                         NETPONT__ENVELOPE__BODY_COURSE_DETAIL, print_course_detail, NULL);
}

/* ---------------------------------------------------------------- course enrol */

static int print_enrolment(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__CourseEnrol *m = data;
	const Netpont__CourseParticipant *p = reply->course_participant;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		ctl_json_add_int(b, "course", m->course_id);
		ctl_json_add_string(b, "login", p->login);
		ctl_json_add_string(b, "name", p->name);
		ctl_json_add_bool(b, "enrolled", p->left_at == 0);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *who = ctl_person(p->name, p->login);
	if (p->left_at == 0)
		printf(_("%s is enrolled in course %lld.\n"), who, (long long)m->course_id);
	else
		printf(_("%s has left course %lld.\n"), who, (long long)m->course_id);
	return CTL_EXIT_OK;
}

static int course_enrol(ctl_ctx *ctx)
{
	Netpont__CourseEnrol m = NETPONT__COURSE_ENROL__INIT;
	int rc;
	if ((rc = ctl_need_id(ctx, ctx->args[0], &m.course_id)) != CTL_EXIT_OK ||
	    (rc = ctl_need_text(ctx, "login", (const char **)&m.login)) != CTL_EXIT_OK)
		return rc;
	m.leave = ctl_flag(ctx, "leave");
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_COURSE_ENROL, &m,
	                         NETPONT__ENVELOPE__BODY_COURSE_PARTICIPANT, print_enrolment, &m);
}

/* ---------------------------------------------------------------- course attendance */

static int print_attendance(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__CourseOccasion *o = reply->course_occasion;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		json_occasion_members(b, o);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *date = date_of(o->starts_at);
	g_autofree char *from = ctl_hour_minute(o->starts_at);
	g_autofree char *to = ctl_hour_minute(o->ends_at);
	/* TRANSLATORS: "Thu 2026-12-10 14:00–15:30: 5 present." */
	printf(_("%s %s %s–%s: %d present.\n"), _(weekday_of(o->starts_at)), date, from, to,
	       o->present);
	if (o->n_attendance == 0)
		return CTL_EXIT_OK;
	const char *headers[] = {_("PARTICIPANT"), _("PRESENT"), _("RECORDED BY"), NULL};
	ctl_table *t = ctl_table_new(3, headers);
	for (size_t i = 0; i < o->n_attendance; i++) {
		const Netpont__CourseAttendee *a = o->attendance[i];
		g_autofree char *who = ctl_person(a->name, a->login);
		const char *row[] = {who, a->present ? _("yes") : _("no"),
		                     g_strcmp0(a->source, "tutor") == 0 ? _("tutor") : _("login")};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
	return CTL_EXIT_OK;
}

static int course_attendance(ctl_ctx *ctx)
{
	Netpont__CourseAttendance m = NETPONT__COURSE_ATTENDANCE__INIT;
	int rc = ctl_need_id(ctx, ctx->args[0], &m.occasion_id);
	if (rc != CTL_EXIT_OK)
		return rc;
	const char *login = ctl_option(ctx, "login");
	const char *present = ctl_option(ctx, "present");
	if ((login == NULL) != (present == NULL))
		return ctl_usage_error(ctx, "%s", _("--login and --present yes|no go together."));
	if (login != NULL) {
		static const char *const answers[] = {"no", "yes", NULL};
		int answer = ctl_word_index(present, answers);
		if (answer < 0)
			return ctl_usage_error(ctx, "%s", _("--present takes yes or no."));
		m.login = (char *)login;
		m.present = answer == 1;
	}
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_COURSE_ATTENDANCE, &m,
	                         NETPONT__ENVELOPE__BODY_COURSE_OCCASION, print_attendance, NULL);
}

/* ---------------------------------------------------------------- course cancel */

static int print_cancelled(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__CourseCancel *m = data;
	const Netpont__CourseCancelled *r = reply->course_cancelled;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		ctl_json_add_int(b, "course", m->course_id);
		ctl_json_add_int_or_null(b, "occasion", m->occasion_id != 0, m->occasion_id);
		ctl_json_add_int(b, "occasions", r->occasions);
		ctl_json_add_int(b, "bookings", r->bookings);
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	printf(ngettext("Cancelled %d occasion and its PCs' bookings (%d).\n",
	                "Cancelled %d occasions and their PCs' bookings (%d).\n",
	                (unsigned long)r->occasions),
	       r->occasions, r->bookings);
	return CTL_EXIT_OK;
}

static int course_cancel(ctl_ctx *ctx)
{
	Netpont__CourseCancel m = NETPONT__COURSE_CANCEL__INIT;
	int rc = ctl_need_id(ctx, ctx->args[0], &m.course_id);
	if (rc != CTL_EXIT_OK)
		return rc;
	const char *occasion = ctl_option(ctx, "occasion");
	if (occasion != NULL && (rc = ctl_need_id(ctx, occasion, &m.occasion_id)) != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_COURSE_CANCEL, &m,
	                         NETPONT__ENVELOPE__BODY_COURSE_CANCELLED, print_cancelled, &m);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_course_commands[] = {
    {"course", "add",
     "course add --name TEXT --seats PC-01,PC-02 --from HH:MM --to HH:MM (--days thu[,tue] "
     "--first DATE --until DATE | --dates DATE[,DATE]) [--tutor STAFF] [--fee N] [--note TEXT]",
     N_("set up a course and book its PCs at every occasion (mentor, admin)"), 0, 0,
     "name= tutor= seats= days= from= to= first= until= dates= fee= note=", false, course_add},
    {"course", "list", "course list [--all]",
     N_("the courses still running (--all: also those over or cancelled)"), 0, 0, "all", false,
     course_list},
    {"course", "show", "course show ID", N_("one course: its occasions and participants"), 1, 1, "",
     false, course_show},
    {"course", "enrol", "course enrol ID --login LOGIN [--leave]",
     N_("enrol a resident in a course, or record that they left"), 1, 1, "login= leave", false,
     course_enrol},
    {"course", "attendance", "course attendance OCCASION [--login LOGIN --present yes|no]",
     N_("who came to an occasion; the tutor or an admin sets it"), 1, 1, "login= present=", false,
     course_attendance},
    {"course", "cancel", "course cancel ID [--occasion OCCASION]",
     N_("cancel a course's occasions to come, or one occasion, and their bookings"), 1, 1,
     "occasion=", false, course_cancel},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
