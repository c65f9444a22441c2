/* Courses: CourseAdd (the course, its occasions and their PCs' bookings,
 * all or nothing), CourseList, CourseShow, CourseEnrol, CourseAttendance
 * (the tutor's word on who came) and CourseCancel (a course's occasions
 * still to come, or one occasion). Every change is audited, and every PC
 * whose bookings changed hears it (gw_emit_booking_notice()). */
#include "gateway_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/booking.h"
#include "core/course_plan.h"
#include "store/courses.h"
#include "store/staff.h"

#define COURSE_SEATS_MAX 100

/* "2026-12-10" and "14:00" of a Unix time, local. */
static void date_text(int64_t at, char *buf, size_t size)
{
	rules_format_date((time_t)at, buf, size);
}

static void hhmm_text(int64_t at, char *buf, size_t size)
{
	struct tm tm;
	time_t t = (time_t)at;
	localtime_r(&t, &tm);
	rules_format_hhmm(tm.tm_hour * 60 + tm.tm_min, buf, size);
}

/* ------------------------------------------------------------ builders */

/* A list of n pointers grown by one, in the arena: a copy of items with a
 * free last slot; NULL when the arena is out of memory. */
static void **grow_list(gw_ctx *c, void *const *items, size_t n)
{
	void **grown = gw_alloc(&c->arena, (n + 1) * sizeof *grown);
	if (c->arena.failed)
		return NULL;
	if (n)
		memcpy(grown, items, n * sizeof *grown);
	return grown;
}

typedef struct seat_names {
	gw_ctx *c;
	Netpont__Course *course;
} seat_names;

static int add_seat_name(void *ctx, const char *seat)
{
	seat_names *s = ctx;
	Netpont__Course *m = s->course;
	char **grown = (char **)grow_list(s->c, (void *const *)m->seats, m->n_seats);
	if (grown == NULL)
		return 1;
	grown[m->n_seats++] = gw_strdup(&s->c->arena, seat);
	m->seats = grown;
	return 0;
}

typedef struct next_occasion {
	int64_t now, next_at;
} next_occasion;

static int find_next(void *ctx, const store_course_occasion *o)
{
	next_occasion *n = ctx;
	if (o->cancelled_at == 0 && o->starts_at > n->now && n->next_at == 0)
		n->next_at = o->starts_at;
	return 0;
}

/* The course as the wire says it, with its PCs and next occasion; NULL
 * (c->err) on a store error. */
static Netpont__Course *course_message(gw_ctx *c, const store_course *row)
{
	Netpont__Course *m = GW_NEW(&c->arena, Netpont__Course, netpont__course__init);
	m->id = row->id;
	m->name = gw_strdup(&c->arena, row->name);
	m->tutor = gw_strdup(&c->arena, row->tutor);
	m->tutor_name =
	    gw_strdup(&c->arena, row->tutor_display[0] ? row->tutor_display : row->tutor);
	m->fee = row->fee;
	m->note = gw_strdup(&c->arena, row->note);
	m->created_at = row->created_at;
	m->cancelled_at = row->cancelled_at;
	m->participants = row->participants;
	m->occasions = row->occasions;
	m->first_at = row->first_at;
	m->last_at = row->last_at;
	seat_names names = {.c = c, .course = m};
	next_occasion next = {.now = c->now};
	if (store_course_seat_each(c->gw->db, row->id, add_seat_name, &names, &c->err) != 0 ||
	    store_course_occasion_each(c->gw->db, row->id, find_next, &next, &c->err) != 0)
		return NULL;
	m->next_at = next.next_at;
	return m;
}

/* The course named by id: 0, or -1 with NOT_FOUND. */
static int find_course(gw_ctx *c, int64_t id, store_course *out)
{
	int found = id > 0 ? store_course_by_id(c->gw->db, id, out, &c->err) : 0;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no course number %lld."), (long long)id);
	return found == 1 ? 0 : -1;
}

static int find_occasion(gw_ctx *c, int64_t id, store_course_occasion *out)
{
	int found = id > 0 ? store_course_occasion_by_id(c->gw->db, id, out, &c->err) : 0;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no course occasion number %lld."), (long long)id);
	return found == 1 ? 0 : -1;
}

/* A message being filled by a store walk, and the request it is for. */
typedef struct fill_ctx {
	gw_ctx *c;
	void *message;
} fill_ctx;

static int add_attendee(void *ctx, const store_course_attendee *a)
{
	fill_ctx *f = ctx;
	gw_ctx *c = f->c;
	Netpont__CourseOccasion *o = f->message;
	Netpont__CourseAttendee **grown =
	    (Netpont__CourseAttendee **)grow_list(c, (void *const *)o->attendance, o->n_attendance);
	if (grown == NULL)
		return 1;
	Netpont__CourseAttendee *m =
	    GW_NEW(&c->arena, Netpont__CourseAttendee, netpont__course_attendee__init);
	m->login = gw_strdup(&c->arena, a->login);
	m->name = gw_strdup(&c->arena, a->name);
	m->present = a->present;
	m->source = gw_strdup(&c->arena, a->source);
	m->recorded_at = a->recorded_at;
	grown[o->n_attendance++] = m;
	o->attendance = grown;
	return 0;
}

/* The occasion with its attendance; NULL (c->err) on a store error. */
static Netpont__CourseOccasion *occasion_message(gw_ctx *c, const store_course_occasion *row)
{
	Netpont__CourseOccasion *m =
	    GW_NEW(&c->arena, Netpont__CourseOccasion, netpont__course_occasion__init);
	m->id = row->id;
	m->starts_at = row->starts_at;
	m->ends_at = row->ends_at;
	m->cancelled_at = row->cancelled_at;
	m->present = row->present;
	fill_ctx fill = {.c = c, .message = m};
	if (store_course_attendance_each(c->gw->db, row->id, add_attendee, &fill, &c->err) != 0)
		return NULL;
	if (c->arena.failed) {
		np_err_no_memory(&c->err);
		return NULL;
	}
	return m;
}

static void notice_seat(void *ctx, int64_t seat_id)
{
	gw_emit_booking_notice(ctx, seat_id);
}

/* ------------------------------------------------------------ CourseAdd */

/* The request's PCs, found, in the room and in order, without repeats:
 * 0, or -1 with c->err. */
static int course_seats(gw_ctx *c, const Netpont__CourseAdd *m, int64_t *ids, size_t *n)
{
	*n = 0;
	if (m->n_seats == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Name at least one PC for the course."));
	if (m->n_seats > COURSE_SEATS_MAX)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A course can have at most %d PCs."), COURSE_SEATS_MAX);
	for (size_t i = 0; i < m->n_seats; i++) {
		store_seat seat;
		if (gw_find_seat(c, m->seats[i], &seat) != 0)
			return -1;
		if (seat.out_of_order)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			    N_("%s is out of order; it cannot be booked for a course."), seat.name);
		bool repeat = false;
		for (size_t j = 0; j < *n; j++)
			repeat = repeat || ids[j] == seat.id;
		if (!repeat)
			ids[(*n)++] = seat.id;
	}
	return 0;
}

static int course_tutor(gw_ctx *c, const char *name, int64_t *tutor_id)
{
	*tutor_id = 0;
	if (name == NULL || name[0] == '\0')
		return 0;
	store_staff staff;
	int found = store_staff_by_name(c->gw->db, name, &staff, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no staff member called %s to be the tutor."), name);
	if (staff.disabled)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("The account %s is disabled; a disabled account cannot be a "
		                     "course's tutor."),
		                  name);
	*tutor_id = staff.id;
	return 0;
}

static int compare_dates(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The occasions the request asks for as [starts_at, ends_at) spans
 * (COURSE_PLAN_MAX of them), checked against the hours as every booking
 * is, and the weekly dates left out as closed into skipped: 0, or -1 with
 * c->err. */
static int course_occasions(gw_ctx *c, const Netpont__CourseAdd *m, int64_t (*spans)[2], size_t *n,
                            int32_t *skipped, size_t *n_skipped)
{
	int32_t dates[COURSE_PLAN_MAX];
	*n = *n_skipped = 0;
	bool weekly = (m->weekdays && m->weekdays[0]) || (m->first && m->first[0]) ||
	              (m->until && m->until[0]);
	if (weekly == (m->n_dates > 0))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Give either the weekdays with a first and a last date, or "
		                     "single dates."));
	if (!weekly) {
		if (m->n_dates > COURSE_PLAN_MAX)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("That makes %zu occasions; a course has at most %d."),
			                  m->n_dates, COURSE_PLAN_MAX);
		for (size_t i = 0; i < m->n_dates; i++)
			if (!rules_parse_date_number(m->dates[i], &dates[i]))
				return np_err_set(
				    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
				    N_("%s is not a date like 2026-12-10."), m->dates[i]);
		qsort(dates, m->n_dates, sizeof dates[0], compare_dates);
		for (size_t i = 0; i < m->n_dates; i++)
			if (*n == 0 || dates[i] != dates[*n - 1])
				dates[(*n)++] = dates[i];
	} else {
		unsigned days = 0;
		for (const char *d = m->weekdays; d && *d; d++) {
			if (*d < '1' || *d > '7')
				return np_err_set(
				    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
				    N_("The weekdays must be digits from 1 = Monday to 7 = "
				       "Sunday."));
			days |= 1u << (*d - '0');
		}
		if (days == 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("Say on which weekdays the course meets."));
		int32_t first, until;
		if (!rules_parse_date_number(m->first, &first) ||
		    !rules_parse_date_number(m->until, &until))
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("The first and the last date must look like 2026-12-10."));
		if (until < first)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("The last date (%s) is before the first (%s)."),
			                  m->until, m->first);
		size_t all =
		    course_plan_weekly(&c->rules, first, until, days, dates, COURSE_PLAN_MAX,
		                       skipped, COURSE_PLAN_MAX, n_skipped);
		if (all > COURSE_PLAN_MAX)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("That makes more than %d occasions, the most a course "
			                     "can have; choose an earlier last date."),
			                  COURSE_PLAN_MAX);
		if (*n_skipped > COURSE_PLAN_MAX)
			*n_skipped = COURSE_PLAN_MAX;
		if (all == 0)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("No occasion falls between %s and %s on those weekdays."), m->first,
			    m->until);
		*n = all;
	}
	for (size_t i = 0; i < *n; i++) {
		char date[16];
		rules_format_date_number(dates[i], date, sizeof date);
		int64_t starts_at, ends_at;
		if (booking_parse_span(date, m->from, m->to, &starts_at, &ends_at, &c->err) != 0)
			return -1;
		if (ends_at <= starts_at)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("The course must end after it starts (from %s to %s)."), m->from,
			    m->to);
		/* An occasion under way may be entered late; one over may not. */
		if (ends_at <= c->now) {
			char day[64];
			booking_format_day((time_t)starts_at, day, sizeof day);
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("The occasion on %s from %s to %s would be over already."), day,
			    m->from, m->to);
		}
		/* The hours are checked as for every booking; an occasion under
		 * way is checked from its start. */
		int64_t from_now = starts_at < c->now ? starts_at : c->now;
		if (booking_span_check(&c->rules, from_now, starts_at, ends_at, NULL, &c->err) != 0)
			return -1;
		spans[i][0] = starts_at;
		spans[i][1] = ends_at;
	}
	return 0;
}

static int course_add(gw_ctx *c)
{
	const Netpont__CourseAdd *m = c->req->course_add;
	if (gw_need_text(c, m->name, 120, N_("The course needs a name."),
	                 N_("The course's name is too long (at most %zu characters).")) != 0)
		return -1;
	const char *note = m->note ? m->note : "";
	if (strlen(note) > 500)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The note is too long (at most %d characters)."), 500);
	if (m->fee < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The fee cannot be negative (0 means free)."));
	int64_t tutor_id;
	if (course_tutor(c, m->tutor, &tutor_id) != 0)
		return -1;
	int64_t seat_ids[COURSE_SEATS_MAX];
	size_t n_seats;
	if (course_seats(c, m, seat_ids, &n_seats) != 0)
		return -1;
	int64_t spans[COURSE_PLAN_MAX][2];
	int32_t skipped[COURSE_PLAN_MAX];
	size_t n, n_skipped;
	if (course_occasions(c, m, spans, &n, skipped, &n_skipped) != 0)
		return -1;
	store_course_new spec = {
	    .name = m->name,
	    .tutor_id = tutor_id,
	    .fee = m->fee,
	    .note = note,
	    .created_by = c->peer->staff_id,
	};
	int64_t id;
	if (store_course_create(c->gw->db, &spec, (const int64_t(*)[2])spans, n, seat_ids, n_seats,
	                        c->now, &id, &c->err) != 0)
		return -1;
	char first[16], last[16];
	date_text(spans[0][0], first, sizeof first);
	date_text(spans[n - 1][0], last, sizeof last);
	if (gw_audit(c, "course.add",
	             "#%lld %s: %zu occasion(s) %s..%s on %zu PC(s), tutor %s, fee %lld",
	             (long long)id, m->name, n, first, last, n_seats,
	             m->tutor && m->tutor[0] ? m->tutor : "-", (long long)m->fee) != 0)
		return -1;
	store_course row;
	if (find_course(c, id, &row) != 0)
		return -1;
	Netpont__CourseAdded *r =
	    GW_NEW(&c->arena, Netpont__CourseAdded, netpont__course_added__init);
	if ((r->course = course_message(c, &row)) == NULL)
		return -1;
	r->skipped = gw_alloc(&c->arena, (n_skipped + 1) * sizeof *r->skipped);
	for (size_t i = 0; i < n_skipped && !c->arena.failed; i++) {
		char day[16];
		rules_format_date_number(skipped[i], day, sizeof day);
		r->skipped[r->n_skipped++] = gw_strdup(&c->arena, day);
	}
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	GW_REPLY(c, COURSE_ADDED, course_added, r);
	for (size_t i = 0; i < n_seats; i++)
		gw_emit_booking_notice(c, seat_ids[i]);
	return 0;
}

/* ------------------------------------------------------------ CourseList */

typedef struct course_rows {
	gw_ctx *c;
	store_course *rows;
	size_t n, cap;
} course_rows;

static int gather_course(void *ctx, const store_course *row)
{
	course_rows *l = ctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		store_course *rows = gw_alloc(&l->c->arena, cap * sizeof *rows);
		if (l->c->arena.failed)
			return 1;
		if (l->n)
			memcpy(rows, l->rows, l->n * sizeof *rows);
		l->rows = rows;
		l->cap = cap;
	}
	l->rows[l->n++] = *row;
	return 0;
}

static int course_list(gw_ctx *c)
{
	course_rows l = {.c = c};
	if (store_course_each(c->gw->db, c->req->course_list->all, c->now, gather_course, &l,
	                      &c->err) != 0)
		return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	Netpont__CourseListReply *r =
	    GW_NEW(&c->arena, Netpont__CourseListReply, netpont__course_list_reply__init);
	r->courses = gw_alloc(&c->arena, (l.n + 1) * sizeof *r->courses);
	for (size_t i = 0; i < l.n; i++)
		if ((r->courses[r->n_courses++] = course_message(c, &l.rows[i])) == NULL)
			return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	GW_REPLY(c, COURSE_LIST_REPLY, course_list_reply, r);
	return 0;
}

/* ------------------------------------------------------------ CourseShow */

/* A participant as CourseDetail and CourseEnrol's reply carry them. */
static Netpont__CourseParticipant *participant_message(gw_ctx *c, const store_course_participant *p)
{
	Netpont__CourseParticipant *m =
	    GW_NEW(&c->arena, Netpont__CourseParticipant, netpont__course_participant__init);
	m->login = gw_strdup(&c->arena, p->login);
	m->name = gw_strdup(&c->arena, p->name);
	m->enrolled_at = p->enrolled_at;
	m->left_at = p->left_at;
	return m;
}

static int add_participant(void *ctx, const store_course_participant *p)
{
	fill_ctx *f = ctx;
	gw_ctx *c = f->c;
	Netpont__CourseDetail *d = f->message;
	Netpont__CourseParticipant **grown = (Netpont__CourseParticipant **)grow_list(
	    c, (void *const *)d->participants, d->n_participants);
	if (grown == NULL)
		return 1;
	grown[d->n_participants++] = participant_message(c, p);
	d->participants = grown;
	return 0;
}

typedef struct occasion_rows {
	gw_ctx *c;
	store_course_occasion *rows;
	size_t n;
} occasion_rows;

static int gather_occasion(void *ctx, const store_course_occasion *row)
{
	occasion_rows *l = ctx;
	/* A course has at most COURSE_PLAN_MAX occasions. */
	if (l->n < COURSE_PLAN_MAX)
		l->rows[l->n++] = *row;
	return 0;
}

static int course_show(gw_ctx *c)
{
	store_course row;
	if (find_course(c, c->req->course_show->id, &row) != 0)
		return -1;
	Netpont__CourseDetail *d =
	    GW_NEW(&c->arena, Netpont__CourseDetail, netpont__course_detail__init);
	if ((d->course = course_message(c, &row)) == NULL)
		return -1;
	fill_ctx fill = {.c = c, .message = d};
	if (store_course_participant_each(c->gw->db, row.id, add_participant, &fill, &c->err) != 0)
		return -1;
	occasion_rows l = {.c = c};
	l.rows = gw_alloc(&c->arena, COURSE_PLAN_MAX * sizeof *l.rows);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	if (store_course_occasion_each(c->gw->db, row.id, gather_occasion, &l, &c->err) != 0)
		return -1;
	d->occasions = gw_alloc(&c->arena, (l.n + 1) * sizeof *d->occasions);
	for (size_t i = 0; i < l.n; i++)
		if ((d->occasions[d->n_occasions++] = occasion_message(c, &l.rows[i])) == NULL)
			return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	GW_REPLY(c, COURSE_DETAIL, course_detail, d);
	return 0;
}

/* ------------------------------------------------------------ CourseEnrol */

static int course_enrol(gw_ctx *c)
{
	const Netpont__CourseEnrol *m = c->req->course_enrol;
	store_course course;
	store_resident r;
	if (find_course(c, m->course_id, &course) != 0 || gw_find_resident(c, m->login, &r) != 0)
		return -1;
	store_course_participant p;
	int enrolled = store_course_enrolment(c->gw->db, course.id, r.id, &p, &c->err);
	if (enrolled < 0)
		return -1;
	bool now_in = enrolled == 1 && p.left_at == 0;
	if (m->leave) {
		if (!now_in)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
			                  N_("%s is not enrolled in %s."), r.name, course.name);
		if (store_course_leave(c->gw->db, course.id, r.id, c->now, &c->err) != 0 ||
		    gw_audit(c, "course.leave", "#%lld %s: %s", (long long)course.id, course.name,
		             r.login) != 0)
			return -1;
	} else {
		if (course.cancelled_at != 0)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			    N_("The course %s was cancelled; nobody can be enrolled."),
			    course.name);
		if (r.guest)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("%s is a guest account; only residents can be enrolled "
			       "in a course."),
			    r.login);
		int erased = store_course_resident_erased(c->gw->db, r.id, &c->err);
		if (erased < 0)
			return -1;
		if (erased)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("The resident %s was erased; an erased resident cannot be "
			       "enrolled."),
			    r.login);
		if (now_in)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("%s is already enrolled in %s."), r.name, course.name);
		if (store_course_enrol(c->gw->db, course.id, r.id, c->peer->staff_id, c->now,
		                       &c->err) != 0 ||
		    gw_audit(c, "course.enrol", "#%lld %s: %s", (long long)course.id, course.name,
		             r.login) != 0)
			return -1;
	}
	if (store_course_enrolment(c->gw->db, course.id, r.id, &p, &c->err) != 1)
		return -1;
	GW_REPLY(c, COURSE_PARTICIPANT, course_participant, participant_message(c, &p));
	return 0;
}

/* ------------------------------------------------------------ CourseAttendance */

static int course_attendance(gw_ctx *c)
{
	const Netpont__CourseAttendance *m = c->req->course_attendance;
	store_course_occasion o;
	store_course course;
	if (find_occasion(c, m->occasion_id, &o) != 0 || find_course(c, o.course_id, &course) != 0)
		return -1;
	if (m->login != NULL && m->login[0] != '\0') {
		bool admin = c->peer->role == NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN;
		if (!admin && (course.tutor_id == 0 || c->peer->staff_id != course.tutor_id))
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
			    N_("Only the course's tutor or an administrator can record "
			       "attendance."));
		/* The day as people say it in the refusal, as a date in the audit. */
		char date[16], day[64], at[8];
		date_text(o.starts_at, date, sizeof date);
		booking_format_day((time_t)o.starts_at, day, sizeof day);
		hhmm_text(o.starts_at, at, sizeof at);
		if (o.cancelled_at != 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("The occasion on %s at %s was cancelled."), day, at);
		if (o.starts_at > c->now)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("The occasion on %s at %s has not begun yet."), day,
			                  at);
		store_resident r;
		if (gw_find_resident(c, m->login, &r) != 0)
			return -1;
		store_course_participant p;
		int enrolled = store_course_enrolment(c->gw->db, course.id, r.id, &p, &c->err);
		if (enrolled < 0)
			return -1;
		if (enrolled == 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
			                  N_("%s is not enrolled in %s."), r.name, course.name);
		if (store_course_attendance_set(c->gw->db, o.id, r.id, m->present,
		                                c->peer->staff_id, c->now, &c->err) != 0 ||
		    gw_audit(c, "course.attendance", "#%lld %s %s %s: %s", (long long)course.id,
		             course.name, date, r.login, m->present ? "present" : "absent") != 0 ||
		    find_occasion(c, o.id, &o) != 0)
			return -1;
	}
	Netpont__CourseOccasion *r = occasion_message(c, &o);
	if (r == NULL)
		return -1;
	GW_REPLY(c, COURSE_OCCASION, course_occasion, r);
	return 0;
}

/* ------------------------------------------------------------ CourseCancel */

static int course_cancel(gw_ctx *c)
{
	const Netpont__CourseCancel *m = c->req->course_cancel;
	store_course course;
	Netpont__CourseCancelled *r =
	    GW_NEW(&c->arena, Netpont__CourseCancelled, netpont__course_cancelled__init);
	if (m->occasion_id != 0) {
		store_course_occasion o;
		if (find_occasion(c, m->occasion_id, &o) != 0)
			return -1;
		if (m->course_id != 0 && m->course_id != o.course_id)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
			                  N_("The occasion number %lld is not one of course number "
			                     "%lld."),
			                  (long long)o.id, (long long)m->course_id);
		if (find_course(c, o.course_id, &course) != 0)
			return -1;
		char date[16], day[64], at[8];
		date_text(o.starts_at, date, sizeof date);
		booking_format_day((time_t)o.starts_at, day, sizeof day);
		hhmm_text(o.starts_at, at, sizeof at);
		if (o.cancelled_at != 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("The occasion on %s at %s was cancelled already."),
			                  day, at);
		if (o.ends_at <= c->now)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("The occasion on %s at %s is over; it cannot be "
			                     "cancelled."),
			                  day, at);
		int n = store_course_occasion_cancel(c->gw->db, o.id, c->peer->staff_id, c->now,
		                                     notice_seat, c, &c->err);
		if (n < 0 || gw_audit(c, "course.cancel", "#%lld %s: the occasion of %s %s",
		                      (long long)course.id, course.name, date, at) != 0)
			return -1;
		r->occasions = 1;
		r->bookings = n;
	} else {
		if (find_course(c, m->course_id, &course) != 0)
			return -1;
		if (course.cancelled_at != 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("The course %s was cancelled already."), course.name);
		if (course.last_ends_at <= c->now)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                  N_("The course %s is over; there is nothing to cancel."),
			                  course.name);
		int occasions, bookings;
		if (store_course_cancel(c->gw->db, course.id, c->peer->staff_id, c->now,
		                        notice_seat, c, &occasions, &bookings, &c->err) != 0 ||
		    gw_audit(c, "course.cancel", "#%lld %s: %d occasion(s) to come",
		             (long long)course.id, course.name, occasions) != 0)
			return -1;
		r->occasions = occasions;
		r->bookings = bookings;
	}
	GW_REPLY(c, COURSE_CANCELLED, course_cancelled, r);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table).
 * Attendance: any staff may list it; its handler lets only the course's
 * tutor or an administrator set it. */
const gw_route gw_course_routes[] = {
    {NETPONT__ENVELOPE__BODY_COURSE_ADD, R_ROOM, course_add,
     N_("Only a mentor or an administrator can set up a course.")},
    {NETPONT__ENVELOPE__BODY_COURSE_LIST, R_VIEW | R_READ_ONLY, course_list, NULL},
    {NETPONT__ENVELOPE__BODY_COURSE_SHOW, R_VIEW | R_READ_ONLY, course_show, NULL},
    {NETPONT__ENVELOPE__BODY_COURSE_ENROL, R_ROOM, course_enrol,
     N_("Only a mentor or an administrator can enrol residents in a course.")},
    {NETPONT__ENVELOPE__BODY_COURSE_ATTENDANCE, R_VIEW, course_attendance, NULL},
    {NETPONT__ENVELOPE__BODY_COURSE_CANCEL, R_ROOM, course_cancel,
     N_("Only a mentor or an administrator can cancel a course.")},
};
const size_t gw_course_route_count = sizeof gw_course_routes / sizeof gw_course_routes[0];
