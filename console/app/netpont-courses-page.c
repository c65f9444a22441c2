#include "netpont-courses-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "netpont-form-dialog.h"
#include "netpont-util.h"

/* A course as the list shows it. */
typedef struct {
	gint64 id;
	char *name;
	char *tutor;    /* the tutor's display name, "" when none */
	gint64 fee;     /* per occasion, minor units */
	char *seats;    /* "PC-01, PC-02" */
	char *schedule; /* "Thu 14:00–15:30" as the server words it, or "" */
	gboolean cancelled;
} Course;

typedef struct {
	gint64 id;
	gint64 from, to;
	guint present, expected;
	gboolean cancelled;
} Occasion;

typedef struct {
	char *login;
	char *name;
} Participant;

static void course_free(gpointer p)
{
	Course *c = p;

	g_free(c->name);
	g_free(c->tutor);
	g_free(c->seats);
	g_free(c->schedule);
	g_free(c);
}

static void participant_free(gpointer p)
{
	Participant *x = p;

	g_free(x->login);
	g_free(x->name);
	g_free(x);
}

struct _NetpontCoursesPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GtkListBox *course_list;
	GtkLabel *title_label;
	GtkLabel *facts_label;
	GtkWidget *detail_box;
	GtkListBox *occasion_list;
	GtkLabel *attendance_title;
	GtkListBox *attendance_list;
	GtkListBox *participant_list;
	GtkEntry *enrol_entry;

	GPtrArray *courses;      /* Course * */
	gint64 course_id;        /* the course shown, 0: none */
	GArray *occasions;       /* Occasion of the course shown */
	GPtrArray *participants; /* Participant * of the course shown */
	GHashTable *present;     /* "OCCASION:login" -> present (1) / absent (0) */
	gint64 occasion_id;      /* the occasion whose attendance shows, 0: none */
	gboolean filling;        /* the lists are being refilled: no user's choice */
	guint redraw;            /* after a tick: show what the server holds */
	guint details_asked;     /* CourseShow answers still to come */
	guint details_stale;     /* of them, asked before the last tick: dropped */
	guint loads;
};

G_DEFINE_FINAL_TYPE(NetpontCoursesPage, netpont_courses_page, GTK_TYPE_BOX)

static void list_box_clear(GtkListBox *list)
{
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(GTK_WIDGET(list))) != NULL)
		gtk_list_box_remove(list, child);
}

static char *present_key(gint64 occasion, const char *login)
{
	return g_strdup_printf("%" G_GINT64_FORMAT ":%s", occasion, login);
}

static const Course *shown_course(NetpontCoursesPage *self)
{
	for (guint i = 0; i < self->courses->len; i++) {
		const Course *c = self->courses->pdata[i];
		if (c->id == self->course_id)
			return c;
	}
	return NULL;
}

static const Occasion *shown_occasion(NetpontCoursesPage *self)
{
	for (guint i = 0; i < self->occasions->len; i++) {
		const Occasion *o = &g_array_index(self->occasions, Occasion, i);
		if (o->id == self->occasion_id)
			return o;
	}
	return NULL;
}

/* "2026-12-10 14:00–15:30" */
static char *occasion_when(const Occasion *o)
{
	g_autoptr(GDateTime) day = g_date_time_new_from_unix_local(o->from);
	g_autofree char *date = netpont_format_date(day);
	const char *weekday = netpont_weekday_name(g_date_time_get_day_of_week(day), TRUE);
	g_autofree char *a = netpont_format_clock(o->from);
	g_autofree char *b = netpont_format_clock(o->to);

	/* TRANSLATORS: an occasion of a course: "Thu 2026-12-10 14:00–15:30" */
	return g_strdup_printf(_("%s %s %s–%s"), weekday, date, a, b);
}

/* "present 3 of 6", or "cancelled" */
static char *occasion_count(const Occasion *o)
{
	if (o->cancelled)
		return g_strdup(_("cancelled"));
	/* TRANSLATORS: an occasion's attendance, "present 3 of 6" */
	return g_strdup_printf(_("present %u of %u"), o->present, o->expected);
}

/* ------------------------------------------------------------ drawing */

static void draw_list(NetpontCoursesPage *self)
{
	GtkListBoxRow *select = NULL;

	if (self->course_list == NULL) /* the window closed meanwhile */
		return;

	/* The rows go and come back: the course shown stays. */
	self->filling = TRUE;
	list_box_clear(self->course_list);
	for (guint i = 0; i < self->courses->len; i++) {
		const Course *c = self->courses->pdata[i];
		GtkWidget *row = adw_action_row_new();
		g_autofree char *name = g_markup_escape_text(c->name, -1);

		adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), name);
		adw_action_row_set_subtitle(ADW_ACTION_ROW(row),
		                            c->cancelled ? _("Cancelled") : c->schedule);
		gtk_widget_set_name(row, "courses-row");
		g_object_set_data(G_OBJECT(row), "netpont-course-id", GINT_TO_POINTER((int)c->id));
		gtk_list_box_append(self->course_list, row);
		if (c->id == self->course_id)
			select = GTK_LIST_BOX_ROW(row);
	}
	if (self->courses->len == 0) {
		GtkWidget *label = gtk_label_new(_("No courses yet."));
		gtk_widget_add_css_class(label, "dim-label");
		gtk_widget_set_margin_top(label, 12);
		gtk_widget_set_margin_bottom(label, 12);
		gtk_list_box_set_placeholder(self->course_list, label);
	}
	if (select != NULL)
		gtk_list_box_select_row(self->course_list, select);
	self->filling = FALSE;
}

static void on_tick_toggled(GtkCheckButton *check, NetpontCoursesPage *self);

static void draw_attendance(NetpontCoursesPage *self)
{
	const Occasion *o = shown_occasion(self);
	g_autofree char *when = NULL;
	g_autofree char *title = NULL;

	if (self->course_list == NULL) /* the window closed meanwhile */
		return;

	list_box_clear(self->attendance_list);
	if (o == NULL) {
		gtk_label_set_text(self->attendance_title, _("Attendance: choose an occasion"));
		return;
	}
	when = occasion_when(o);
	/* TRANSLATORS: "Attendance on Thu 2026-12-10 14:00–15:30" */
	title = g_strdup_printf(_("Attendance on %s"), when);
	gtk_label_set_text(self->attendance_title, title);
	self->filling = TRUE;
	for (guint i = 0; i < self->participants->len; i++) {
		const Participant *p = self->participants->pdata[i];
		g_autofree char *key = present_key(o->id, p->login);
		g_autofree char *name = g_strdup_printf("course-present-%s", p->login);
		GtkWidget *check = gtk_check_button_new_with_label(p->name);

		gtk_widget_set_name(check, name);
		gtk_check_button_set_active(
		    GTK_CHECK_BUTTON(check),
		    GPOINTER_TO_INT(g_hash_table_lookup(self->present, key)) == 2);
		g_object_set_data_full(G_OBJECT(check), "netpont-login", g_strdup(p->login),
		                       g_free);
		g_signal_connect(check, "toggled", G_CALLBACK(on_tick_toggled), self);
		gtk_widget_set_margin_start(check, 6);
		gtk_widget_set_margin_top(check, 4);
		gtk_widget_set_margin_bottom(check, 4);
		gtk_list_box_append(self->attendance_list, check);
	}
	self->filling = FALSE;
	if (self->participants->len == 0) {
		GtkWidget *label = gtk_label_new(_("Nobody is enrolled."));
		gtk_widget_add_css_class(label, "dim-label");
		gtk_list_box_append(self->attendance_list, label);
	}
}

static void on_leave_clicked(GtkButton *button, NetpontCoursesPage *self);

static void draw_detail(NetpontCoursesPage *self)
{
	const Course *c = shown_course(self);
	GtkListBoxRow *select = NULL;

	if (self->course_list == NULL) /* the window closed meanwhile */
		return;

	self->filling = TRUE;
	list_box_clear(self->occasion_list);
	list_box_clear(self->participant_list);
	self->filling = FALSE;
	gtk_widget_set_visible(self->detail_box, c != NULL);
	if (c == NULL) {
		gtk_label_set_text(self->title_label, _("Choose a course, or make a new one."));
		gtk_label_set_text(self->facts_label, "");
		return;
	}
	{
		g_autofree char *fee = c->fee > 0
		                           ? netpont_client_format_money(self->client, c->fee)
		                           : g_strdup(_("free"));
		/* TRANSLATORS: a course's facts: "Tutor: Dóra · Fee per occasion: 500 Ft ·
		 * PCs: PC-01, PC-02 · Thu 14:00–15:30" */
		g_autofree char *facts =
		    g_strdup_printf(_("Tutor: %s · Fee per occasion: %s · PCs: %s · %s"),
		                    *c->tutor ? c->tutor : _("none"), fee, c->seats, c->schedule);
		gtk_label_set_text(self->title_label, c->name);
		gtk_label_set_text(self->facts_label, facts);
	}
	for (guint i = 0; i < self->occasions->len; i++) {
		const Occasion *o = &g_array_index(self->occasions, Occasion, i);
		GtkWidget *row = adw_action_row_new();
		g_autofree char *when = occasion_when(o);
		g_autofree char *count = occasion_count(o);

		adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), when);
		adw_action_row_set_subtitle(ADW_ACTION_ROW(row), count);
		gtk_widget_set_name(row, "course-occasion");
		g_object_set_data(G_OBJECT(row), "netpont-occasion", GINT_TO_POINTER((int)o->id));
		gtk_list_box_append(self->occasion_list, row);
		if (o->id == self->occasion_id)
			select = GTK_LIST_BOX_ROW(row);
	}
	for (guint i = 0; i < self->participants->len; i++) {
		const Participant *p = self->participants->pdata[i];
		GtkWidget *row = adw_action_row_new();
		GtkWidget *leave = gtk_button_new_with_label(_("Leave"));
		g_autofree char *title = g_markup_escape_text(p->name, -1);
		/* TRANSLATORS: the accessible name of a participant's Leave button */
		g_autofree char *a11y = g_strdup_printf(_("%s leaves the course"), p->name);

		adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
		adw_action_row_set_subtitle(ADW_ACTION_ROW(row), p->login);
		gtk_widget_set_name(leave, "course-leave");
		gtk_widget_set_valign(leave, GTK_ALIGN_CENTER);
		gtk_accessible_update_property(GTK_ACCESSIBLE(leave), GTK_ACCESSIBLE_PROPERTY_LABEL,
		                               a11y, -1);
		g_object_set_data_full(G_OBJECT(leave), "netpont-login", g_strdup(p->login),
		                       g_free);
		g_signal_connect(leave, "clicked", G_CALLBACK(on_leave_clicked), self);
		adw_action_row_add_suffix(ADW_ACTION_ROW(row), leave);
		gtk_list_box_append(self->participant_list, row);
	}
	if (select != NULL)
		gtk_list_box_select_row(self->occasion_list, select);
	draw_attendance(self);
}

/* ------------------------------------------------------------ requests */

static void request_courses(NetpontCoursesPage *self);
static void request_course(NetpontCoursesPage *self);
static void send_enrol(NetpontCoursesPage *self, const char *login, gboolean leave);
static void send_attendance(NetpontCoursesPage *self, const char *login, gboolean present);
static void course_form_apply(GtkWindow *dialog, gpointer data);

static void on_course_selected(NetpontCoursesPage *self, GtkListBoxRow *row)
{
	gint64 id = row != NULL
	                ? GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "netpont-course-id"))
	                : 0;

	if (self->filling || id == self->course_id)
		return;
	self->course_id = id;
	self->occasion_id = 0;
	g_array_set_size(self->occasions, 0);
	g_ptr_array_set_size(self->participants, 0);
	draw_detail(self);
	if (id != 0)
		request_course(self);
}

static void on_occasion_selected(NetpontCoursesPage *self, GtkListBoxRow *row)
{
	gint64 id =
	    row != NULL ? GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "netpont-occasion")) : 0;

	if (self->filling || id == 0 || id == self->occasion_id)
		return;
	self->occasion_id = id;
	draw_attendance(self);
}

static void on_tick_toggled(GtkCheckButton *check, NetpontCoursesPage *self)
{
	const char *login = g_object_get_data(G_OBJECT(check), "netpont-login");

	if (self->filling || self->occasion_id == 0)
		return;
	send_attendance(self, login, gtk_check_button_get_active(check));
}

static void on_enrol_clicked(NetpontCoursesPage *self)
{
	g_autofree char *login = netpont_editable_get_stripped(self->enrol_entry);

	if (*login == '\0') {
		netpont_show_message(GTK_WIDGET(self),
		                     _("Type the login of the resident to enrol."));
		return;
	}
	send_enrol(self, login, FALSE);
}

static void on_leave_clicked(GtkButton *button, NetpontCoursesPage *self)
{
	send_enrol(self, g_object_get_data(G_OBJECT(button), "netpont-login"), TRUE);
}

/* The fields of the new course form. */
typedef struct {
	GtkEditable *name, *tutor, *from, *to, *first, *last, *seats, *fee, *note;
	GtkCheckButton *days[7];
} CourseForm;

static void on_new_clicked(NetpontCoursesPage *self)
{
	static const char *const day_keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	CourseForm *f = g_new0(CourseForm, 1);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *what = adw_preferences_group_new();
	GtkWidget *when = adw_preferences_group_new();
	GtkWidget *days = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
	GtkWindow *dialog;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) later = g_date_time_add_weeks(now, 8);
	g_autofree char *today = netpont_format_date(now);
	g_autofree char *until = netpont_format_date(later);

	gtk_box_append(GTK_BOX(box), what);
	f->name = netpont_form_entry_row(what, "course-name", _("Name"), "");
	f->tutor = netpont_form_entry_row(what, "course-tutor", _("Tutor (staff account)"), "");
	f->fee = netpont_form_entry_row(what, "course-fee", _("Fee per occasion (0: free)"), "0");
	f->seats = netpont_form_entry_row(what, "course-seats", _("PCs (separated by commas)"), "");
	f->note = netpont_form_entry_row(what, "course-note", _("Note"), "");
	gtk_box_append(GTK_BOX(box), when);
	adw_preferences_group_set_title(ADW_PREFERENCES_GROUP(when), _("When"));
	gtk_widget_add_css_class(days, "linked");
	gtk_widget_set_halign(days, GTK_ALIGN_START);
	gtk_accessible_update_property(GTK_ACCESSIBLE(days), GTK_ACCESSIBLE_PROPERTY_LABEL,
	                               _("Weekdays"), -1);
	for (int d = 0; d < 7; d++) {
		g_autofree char *name = g_strdup_printf("course-day-%s", day_keys[d]);
		GtkWidget *check =
		    gtk_check_button_new_with_label(netpont_weekday_name(d + 1, TRUE));
		gtk_widget_set_name(check, name);
		gtk_widget_set_margin_end(check, 6);
		f->days[d] = GTK_CHECK_BUTTON(check);
		gtk_box_append(GTK_BOX(days), check);
	}
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(when), days);
	f->from = netpont_form_entry_row(when, "course-from", _("From (HH:MM)"), "14:00");
	f->to = netpont_form_entry_row(when, "course-to", _("To (HH:MM)"), "15:30");
	f->first =
	    netpont_form_entry_row(when, "course-first", _("First date (YYYY-MM-DD)"), today);
	f->last = netpont_form_entry_row(when, "course-last", _("Last date (YYYY-MM-DD)"), until);
	dialog = netpont_form_dialog_new(GTK_WIDGET(self), "course-new", _("New course"),
	                                 _("Create"), box, course_form_apply, G_OBJECT(self));
	g_object_set_data_full(G_OBJECT(dialog), "netpont-course-form", f, g_free);
	gtk_window_present(dialog);
	gtk_widget_grab_focus(GTK_WIDGET(f->name));
}

static gboolean redraw_attendance(gpointer data)
{
	NetpontCoursesPage *self = data;

	self->redraw = 0;
	draw_attendance(self);
	return G_SOURCE_REMOVE;
}

/* The n strings of a protobuf-c repeated field (not NULL-ended) joined
 * with ", "; empty when n is 0. */
static char *join_repeated(char **strings, size_t n)
{
	GString *joined = g_string_new(NULL);

	for (size_t i = 0; i < n; i++)
		g_string_append_printf(joined, "%s%s", i > 0 ? ", " : "", strings[i]);
	return g_string_free(joined, FALSE);
}

/* "10 occasions, 2026-12-10 – 2027-02-11" */
static char *course_schedule(const Netpont__Course *c)
{
	g_autoptr(GDateTime) first = NULL;
	g_autoptr(GDateTime) last = NULL;
	g_autofree char *a = NULL;
	g_autofree char *b = NULL;
	g_autofree char *time = NULL;

	if (c->first_at == 0)
		return g_strdup(_("no occasions"));
	first = g_date_time_new_from_unix_local(c->first_at);
	last = g_date_time_new_from_unix_local(c->last_at);
	a = netpont_format_date(first);
	b = netpont_format_date(last);
	time = netpont_format_clock(c->first_at);
	/* TRANSLATORS: "10 occasions from 14:00, 2026-12-10 – 2027-02-11" */
	return g_strdup_printf(
	    ngettext("%d occasion from %s, %s – %s", "%d occasions from %s, %s – %s", c->occasions),
	    c->occasions, time, a, b);
}

static Course *course_from(const Netpont__Course *in)
{
	Course *c = g_new0(Course, 1);

	c->id = in->id;
	c->name = g_strdup(in->name);
	c->tutor = g_strdup(*in->tutor_name ? in->tutor_name : in->tutor);
	c->fee = in->fee;
	c->seats = in->n_seats > 0 ? join_repeated(in->seats, in->n_seats) : g_strdup("—");
	c->schedule = course_schedule(in);
	c->cancelled = in->cancelled_at != 0;
	return c;
}

static void courses_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontCoursesPage *self = NETPONT_COURSES_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_COURSE_LIST_REPLY)
		return;
	g_ptr_array_set_size(self->courses, 0);
	for (size_t i = 0; i < reply->course_list_reply->n_courses; i++)
		g_ptr_array_add(self->courses, course_from(reply->course_list_reply->courses[i]));
	self->loads++;
	draw_list(self);
}

static void request_courses(NetpontCoursesPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__CourseList list = NETPONT__COURSE_LIST__INIT;

	env.body_case = NETPONT__ENVELOPE__BODY_COURSE_LIST;
	env.course_list = &list;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, courses_done);
}

/* An occasion's row of the page from the server's. */
static void occasion_apply(NetpontCoursesPage *self, const Netpont__CourseOccasion *in, Occasion *o)
{
	o->id = in->id;
	o->from = in->starts_at;
	o->to = in->ends_at;
	o->present = (guint)MAX(in->present, 0);
	o->expected = self->participants->len;
	o->cancelled = in->cancelled_at != 0;
	for (size_t a = 0; a < in->n_attendance; a++)
		g_hash_table_replace(self->present, present_key(in->id, in->attendance[a]->login),
		                     GINT_TO_POINTER(in->attendance[a]->present ? 2 : 1));
}

static void detail_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontCoursesPage *self = NETPONT_COURSES_PAGE(widget);
	Netpont__CourseDetail *detail;
	gboolean current = FALSE;

	if (self->details_asked > 0)
		self->details_asked--;
	/* Asked before a tick was saved: it shows the attendance without it. */
	if (self->details_stale > 0) {
		self->details_stale--;
		return;
	}
	if (reply->body_case != NETPONT__ENVELOPE__BODY_COURSE_DETAIL)
		return;
	detail = reply->course_detail;
	if (detail->course == NULL || detail->course->id != self->course_id)
		return; /* another course was chosen meanwhile */
	for (guint i = 0; i < self->courses->len; i++) {
		if (((Course *)self->courses->pdata[i])->id == self->course_id) {
			course_free(self->courses->pdata[i]);
			self->courses->pdata[i] = course_from(detail->course);
		}
	}
	g_ptr_array_set_size(self->participants, 0);
	for (size_t i = 0; i < detail->n_participants; i++) {
		const Netpont__CourseParticipant *in = detail->participants[i];
		Participant *p;
		if (in->left_at != 0)
			continue;
		p = g_new0(Participant, 1);
		p->login = g_strdup(in->login);
		p->name = g_strdup(in->name);
		g_ptr_array_add(self->participants, p);
	}
	g_array_set_size(self->occasions, detail->n_occasions);
	g_hash_table_remove_all(self->present);
	for (size_t i = 0; i < detail->n_occasions; i++) {
		occasion_apply(self, detail->occasions[i],
		               &g_array_index(self->occasions, Occasion, i));
		current = current || detail->occasions[i]->id == self->occasion_id;
	}
	/* The occasion under way or the last one begun, else the first. */
	if (!current && self->occasions->len > 0) {
		gint64 now = netpont_client_get_server_time(self->client);
		self->occasion_id = g_array_index(self->occasions, Occasion, 0).id;
		for (guint i = 0; i < self->occasions->len; i++) {
			const Occasion *o = &g_array_index(self->occasions, Occasion, i);
			if (o->from <= now && !o->cancelled)
				self->occasion_id = o->id;
		}
	}
	self->loads++;
	draw_detail(self);
}

static void request_course(NetpontCoursesPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__CourseShow show = NETPONT__COURSE_SHOW__INIT;

	show.id = self->course_id;
	env.body_case = NETPONT__ENVELOPE__BODY_COURSE_SHOW;
	env.course_show = &show;
	self->details_asked++;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, detail_done);
}

static void changed_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontCoursesPage *self = NETPONT_COURSES_PAGE(widget);

	(void)reply;
	gtk_editable_set_text(GTK_EDITABLE(self->enrol_entry), "");
	netpont_courses_page_reload(self);
}

static void send_enrol(NetpontCoursesPage *self, const char *login, gboolean leave)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__CourseEnrol enrol = NETPONT__COURSE_ENROL__INIT;
	g_autofree char *message = leave
	                               ? g_strdup_printf(_("%s left the course."), login)
	                               : g_strdup_printf(_("%s is enrolled in the course."), login);

	enrol.course_id = self->course_id;
	enrol.login = (char *)login;
	enrol.leave = leave;
	env.body_case = NETPONT__ENVELOPE__BODY_COURSE_ENROL;
	env.course_enrol = &enrol;
	netpont_request(self->client, GTK_WIDGET(self), &env, message, changed_done);
}

static void attendance_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontCoursesPage *self = NETPONT_COURSES_PAGE(widget);

	if (reply->body_case != NETPONT__ENVELOPE__BODY_COURSE_OCCASION)
		return;
	if (self->occasion_list == NULL) /* the window closed meanwhile */
		return;
	/* Saved: the boxes stay as ticked (and the focus where it is); the
	 * occasion's count follows. */
	g_clear_handle_id(&self->redraw, g_source_remove);
	for (guint i = 0; i < self->occasions->len; i++) {
		Occasion *o = &g_array_index(self->occasions, Occasion, i);
		if (o->id == reply->course_occasion->id)
			occasion_apply(self, reply->course_occasion, o);
	}
	for (GtkWidget *row = gtk_widget_get_first_child(GTK_WIDGET(self->occasion_list));
	     row != NULL; row = gtk_widget_get_next_sibling(row)) {
		const Occasion *o = NULL;
		gint64 id = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(row), "netpont-occasion"));
		for (guint i = 0; i < self->occasions->len && o == NULL; i++)
			if (g_array_index(self->occasions, Occasion, i).id == id)
				o = &g_array_index(self->occasions, Occasion, i);
		if (o != NULL && id == reply->course_occasion->id) {
			g_autofree char *count = occasion_count(o);
			adw_action_row_set_subtitle(ADW_ACTION_ROW(row), count);
		}
	}
	self->loads++;
}

/* A tick is saved at once; a refusal (not the tutor, not begun yet) shows
 * its sentence and the boxes show what the server holds. */
static void send_attendance(NetpontCoursesPage *self, const char *login, gboolean present)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__CourseAttendance set = NETPONT__COURSE_ATTENDANCE__INIT;

	set.occasion_id = self->occasion_id;
	set.login = (char *)login;
	set.present = present;
	env.body_case = NETPONT__ENVELOPE__BODY_COURSE_ATTENDANCE;
	env.course_attendance = &set;
	self->details_stale = self->details_asked;
	g_clear_handle_id(&self->redraw, g_source_remove);
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, attendance_done);
	/* Should the server refuse, the boxes go back to what it holds. */
	self->redraw = g_timeout_add_seconds(3, redraw_attendance, self);
}

/* "12.50" or "12,50" in the site's currency -> minor units; FALSE if it
 * does not read as an amount. */
static gboolean parse_fee(const char *text, guint decimals, gint64 *out)
{
	gint64 whole = 0, part = 0;
	guint digits = 0;
	const char *p = text;

	if (*p == '\0')
		return FALSE;
	for (; g_ascii_isdigit(*p); p++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.' || *p == ',') {
		for (p++; g_ascii_isdigit(*p) && digits < decimals; p++, digits++)
			part = part * 10 + (*p - '0');
	}
	if (*p != '\0' || whole > G_MAXINT32)
		return FALSE;
	for (; digits < decimals; digits++)
		part *= 10;
	for (guint i = 0; i < decimals; i++)
		whole *= 10;
	*out = whole + part;
	return TRUE;
}

static void course_added(gpointer data, Netpont__Envelope *reply)
{
	NetpontCoursesPage *self = data;

	if (reply->body_case == NETPONT__ENVELOPE__BODY_COURSE_ADDED &&
	    reply->course_added->course != NULL) {
		Netpont__CourseAdded *added = reply->course_added;
		g_autofree char *skipped = join_repeated(added->skipped, added->n_skipped);
		g_autofree char *message =
		    added->n_skipped > 0
		        /* TRANSLATORS: a course was made; the dates it skips as closed dates */
		        ? g_strdup_printf(_("The course %s is set up; closed dates left out: %s."),
		                          added->course->name, skipped)
		        : g_strdup_printf(_("The course %s is set up."), added->course->name);
		self->course_id = added->course->id;
		self->occasion_id = 0;
		netpont_show_message(GTK_WIDGET(self), message);
	}
	netpont_courses_page_reload(self);
}

static void course_form_apply(GtkWindow *dialog, gpointer data)
{
	NetpontCoursesPage *self = data;
	CourseForm *f = g_object_get_data(G_OBJECT(dialog), "netpont-course-form");
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__CourseAdd add = NETPONT__COURSE_ADD__INIT;
	g_autofree char *name = netpont_editable_get_stripped(f->name);
	g_autofree char *tutor = netpont_editable_get_stripped(f->tutor);
	g_autofree char *fee_text = netpont_editable_get_stripped(f->fee);
	g_autofree char *note = netpont_editable_get_stripped(f->note);
	g_autofree char *from = netpont_editable_get_stripped(f->from);
	g_autofree char *to = netpont_editable_get_stripped(f->to);
	g_autofree char *first = netpont_editable_get_stripped(f->first);
	g_autofree char *last = netpont_editable_get_stripped(f->last);
	g_auto(GStrv) seats = netpont_form_names(f->seats);
	char weekdays[8] = "";
	int n = 0;

	for (int d = 0; d < 7; d++)
		if (gtk_check_button_get_active(f->days[d]))
			weekdays[n++] = (char)('1' + d);
	weekdays[n] = '\0';
	if (!parse_fee(fee_text, netpont_client_get_currency_decimals(self->client), &add.fee)) {
		netpont_form_dialog_set_error(dialog,
		                              _("The fee must be an amount, like 500 (0: free)."));
		return;
	}
	if (n == 0) {
		netpont_form_dialog_set_error(dialog, _("Tick the weekdays of the course."));
		return;
	}
	add.name = name;
	add.tutor = tutor;
	add.seats = seats;
	add.n_seats = g_strv_length(seats);
	add.note = note;
	add.weekdays = weekdays;
	add.first = first;
	add.until = last;
	add.from = from;
	add.to = to;
	env.body_case = NETPONT__ENVELOPE__BODY_COURSE_ADD;
	env.course_add = &add;
	netpont_form_dialog_send(dialog, self->client, &env, course_added);
}

/* ------------------------------------------------------------ public */

void netpont_courses_page_reload(NetpontCoursesPage *self)
{
	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	request_courses(self);
	if (self->course_id != 0)
		request_course(self);
}

void netpont_courses_page_clear(NetpontCoursesPage *self)
{
	g_ptr_array_set_size(self->courses, 0);
	g_array_set_size(self->occasions, 0);
	g_ptr_array_set_size(self->participants, 0);
	g_hash_table_remove_all(self->present);
	self->course_id = 0;
	self->details_asked = 0;
	self->details_stale = 0;
	self->occasion_id = 0;
	list_box_clear(self->course_list);
	draw_detail(self);
}

void netpont_courses_page_set_client(NetpontCoursesPage *self, NetpontClient *client)
{
	g_set_object(&self->client, client);
}

gboolean netpont_courses_page_select(NetpontCoursesPage *self, const char *name)
{
	for (GtkWidget *row = gtk_widget_get_first_child(GTK_WIDGET(self->course_list));
	     row != NULL; row = gtk_widget_get_next_sibling(row)) {
		if (ADW_IS_PREFERENCES_ROW(row) &&
		    g_strcmp0(adw_preferences_row_get_title(ADW_PREFERENCES_ROW(row)), name) == 0) {
			gtk_list_box_select_row(self->course_list, GTK_LIST_BOX_ROW(row));
			return TRUE;
		}
	}
	return FALSE;
}

gboolean netpont_courses_page_select_occasion(NetpontCoursesPage *self, guint index)
{
	GtkListBoxRow *row = gtk_list_box_get_row_at_index(self->occasion_list, (int)index);

	if (row == NULL)
		return FALSE;
	gtk_list_box_select_row(self->occasion_list, row);
	return TRUE;
}

guint netpont_courses_page_get_loads(NetpontCoursesPage *self)
{
	return self->loads;
}

static void netpont_courses_page_dispose(GObject *object)
{
	NetpontCoursesPage *self = NETPONT_COURSES_PAGE(object);

	g_clear_handle_id(&self->redraw, g_source_remove);
	g_clear_object(&self->client);
	gtk_widget_dispose_template(GTK_WIDGET(self), NETPONT_TYPE_COURSES_PAGE);
	G_OBJECT_CLASS(netpont_courses_page_parent_class)->dispose(object);
}

static void netpont_courses_page_finalize(GObject *object)
{
	NetpontCoursesPage *self = NETPONT_COURSES_PAGE(object);

	g_clear_pointer(&self->courses, g_ptr_array_unref);
	g_clear_pointer(&self->occasions, g_array_unref);
	g_clear_pointer(&self->participants, g_ptr_array_unref);
	g_clear_pointer(&self->present, g_hash_table_unref);
	G_OBJECT_CLASS(netpont_courses_page_parent_class)->finalize(object);
}

static void netpont_courses_page_class_init(NetpontCoursesPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_courses_page_dispose;
	object_class->finalize = netpont_courses_page_finalize;
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-courses-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, course_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, title_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, facts_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, detail_box);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, occasion_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, attendance_title);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, attendance_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, participant_list);
	gtk_widget_class_bind_template_child(widget_class, NetpontCoursesPage, enrol_entry);
	gtk_widget_class_bind_template_callback(widget_class, on_new_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_course_selected);
	gtk_widget_class_bind_template_callback(widget_class, on_occasion_selected);
	gtk_widget_class_bind_template_callback(widget_class, on_enrol_clicked);
}

static void netpont_courses_page_init(NetpontCoursesPage *self)
{
	gtk_widget_init_template(GTK_WIDGET(self));
	self->courses = g_ptr_array_new_with_free_func(course_free);
	self->occasions = g_array_new(FALSE, TRUE, sizeof(Occasion));
	self->participants = g_ptr_array_new_with_free_func(participant_free);
	self->present = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}
