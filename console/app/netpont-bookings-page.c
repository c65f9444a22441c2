#include "netpont-bookings-page.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "netpont-courses-page.h"
#include "netpont-form-dialog.h"
#include "netpont-util.h"

#define SLOT_S    (30 * 60)
#define SLOT_PX   48 /* a slot's width in the day view (style: .np-bk-slot) */
#define RELOAD_S  60
#define MAX_SLOTS 48

/* One booking as the page shows it. */
typedef struct {
	gint64 id;
	char *seat;
	gint64 from, to;
	char *who; /* the resident's name, or the course's */
	gboolean course;
	char *note;
} Booking;

static void booking_free(gpointer p)
{
	Booking *b = p;

	g_free(b->seat);
	g_free(b->who);
	g_free(b->note);
	g_free(b);
}

struct _NetpontBookingsPage {
	GtkBox parent_instance;
	NetpontClient *client;
	GtkStack *tabs;
	GtkLabel *date_label;
	GtkLabel *status_label;
	GtkToggleButton *day_toggle;
	GtkToggleButton *week_toggle;
	GtkScrolledWindow *scroller;
	GtkGrid *grid;
	GtkGrid *names; /* the day view's PC names, beside its scrolled hours */
	NetpontCoursesPage *courses_page;

	GDateTime *day;      /* midnight of the day shown (local) */
	gboolean week;       /* the week view: the week of day, from Monday */
	GPtrArray *seats;    /* char *: the PCs, in the server's order */
	GPtrArray *bookings; /* Booking * of the span shown */
	char *hours[8];      /* hours_1 .. hours_7 as set ("09:00-18:00", "closed") */
	guint pending;       /* answers awaited before the grid is drawn */
	guint loads;
	guint generation; /* answers of an older load are dropped */
	guint timer;
	char *today;             /* the local date the timer saw last */
	gboolean scrolled;       /* the day view was scrolled to the present once */
	gboolean scroll_pending; /* ... when the scroller knows its size */
	guint scroll_source;
};

G_DEFINE_FINAL_TYPE(NetpontBookingsPage, netpont_bookings_page, GTK_TYPE_BOX)

/* ------------------------------------------------------------ time */

static GDateTime *local_midnight(GDateTime *t)
{
	return g_date_time_new_local(g_date_time_get_year(t), g_date_time_get_month(t),
	                             g_date_time_get_day_of_month(t), 0, 0, 0);
}

static gint64 now_s(NetpontBookingsPage *self)
{
	if (self->client != NULL && netpont_client_is_connected(self->client))
		return netpont_client_get_server_time(self->client);
	return g_get_real_time() / G_USEC_PER_SEC;
}

/* The first day shown and the day after the last. */
static void shown_span(NetpontBookingsPage *self, gint64 *from, gint64 *to)
{
	g_autoptr(GDateTime) first = NULL;
	g_autoptr(GDateTime) end = NULL;

	if (self->week)
		first = g_date_time_add_days(self->day, 1 - g_date_time_get_day_of_week(self->day));
	else
		first = g_date_time_ref(self->day);
	end = g_date_time_add_days(first, self->week ? 7 : 1);
	*from = g_date_time_to_unix(first);
	*to = g_date_time_to_unix(end);
}

/* The opening hours of day (local midnight) as the first opening and the
 * last closing, in seconds after midnight; FALSE when closed or not set. */
static gboolean day_hours(NetpontBookingsPage *self, GDateTime *day, int *open, int *close)
{
	const char *value = self->hours[g_date_time_get_day_of_week(day)];
	g_auto(GStrv) spans = NULL;
	int first = -1, last = -1;

	if (value == NULL || *value == '\0' || g_strcmp0(value, "closed") == 0)
		return FALSE;
	spans = g_strsplit(value, ",", -1);
	for (int i = 0; spans[i] != NULL; i++) {
		int h1, m1, h2, m2;
		if (sscanf(spans[i], "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4)
			continue;
		if (first < 0 || h1 * 3600 + m1 * 60 < first)
			first = h1 * 3600 + m1 * 60;
		if (h2 * 3600 + m2 * 60 > last)
			last = h2 * 3600 + m2 * 60;
	}
	if (first < 0 || last <= first)
		return FALSE;
	/* Whole slots: a room open 09:15-17:45 shows 09:00-18:00. */
	*open = first / SLOT_S * SLOT_S;
	*close = (last + SLOT_S - 1) / SLOT_S * SLOT_S;
	return TRUE;
}

/* "10:00–11:30" */
static char *format_span(gint64 from, gint64 to)
{
	g_autofree char *a = netpont_format_clock(from);
	g_autofree char *b = netpont_format_clock(to);

	/* TRANSLATORS: a time span, "10:00–11:30" */
	return g_strdup_printf(_("%s–%s"), a, b);
}

/* "Tuesday, 2026-12-08" */
static char *format_day(GDateTime *day)
{
	g_autofree char *date = netpont_format_date(day);
	const char *weekday = netpont_weekday_name(g_date_time_get_day_of_week(day), FALSE);

	/* TRANSLATORS: a weekday and a date, "Tuesday, 2026-12-08" */
	return g_strdup_printf(_("%s, %s"), weekday, date);
}

/* ------------------------------------------------------------ drawing */

static void page_clear_grid(NetpontBookingsPage *self)
{
	GtkWidget *child;

	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->grid))) != NULL)
		gtk_grid_remove(self->grid, child);
	while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->names))) != NULL)
		gtk_grid_remove(self->names, child);
}

static void page_show_status(NetpontBookingsPage *self, const char *text)
{
	gtk_label_set_text(self->status_label, text != NULL ? text : "");
	gtk_widget_set_visible(GTK_WIDGET(self->status_label), text != NULL && *text != '\0');
}

static GtkWidget *header_label(const char *text)
{
	GtkWidget *label = gtk_label_new(text);

	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_widget_add_css_class(label, "np-bk-head");
	return label;
}

static GtkWidget *seat_label(const char *seat)
{
	GtkWidget *label = gtk_label_new(seat);

	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_widget_add_css_class(label, "np-bk-seat");
	return label;
}

static void on_booking_clicked(GtkButton *button, NetpontBookingsPage *self);
static void on_slot_clicked(GtkButton *button, NetpontBookingsPage *self);

/* A booking's block: whose it is and when, the whole in its tooltip and
 * accessible name. */
static GtkWidget *booking_button(NetpontBookingsPage *self, const Booking *b, gboolean compact)
{
	g_autofree char *span = format_span(b->from, b->to);
	g_autofree char *clock = netpont_format_clock(b->from);
	g_autofree char *text = compact ? g_strdup_printf("%s %s", clock, b->who)
	                                : g_strdup_printf("%s\n%s", b->who, span);
	/* TRANSLATORS: a booking's block: "PC-03: Kovács Mária, 10:00–11:00" */
	g_autofree char *whole = g_strdup_printf(_("%s: %s, %s"), b->seat, b->who, span);
	g_autofree char *tooltip =
	    *b->note ? g_strdup_printf("%s\n%s", whole, b->note) : g_strdup(whole);
	GtkWidget *label = gtk_label_new(text);
	GtkWidget *button = gtk_button_new();

	/* Each line cut at the block's end, never wrapped. */
	gtk_label_set_ellipsize(GTK_LABEL(label), PANGO_ELLIPSIZE_END);
	gtk_label_set_single_line_mode(GTK_LABEL(label), FALSE);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_button_set_child(GTK_BUTTON(button), label);
	gtk_widget_set_name(button, "bookings-block");
	gtk_widget_set_tooltip_text(button, tooltip);
	gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, whole,
	                               -1);
	gtk_widget_add_css_class(button, "np-bk-booking");
	if (b->course)
		gtk_widget_add_css_class(button, "np-bk-course");
	if (compact)
		gtk_widget_add_css_class(button, "np-bk-compact");
	g_object_set_data(G_OBJECT(button), "netpont-booking", (gpointer)b);
	g_signal_connect(button, "clicked", G_CALLBACK(on_booking_clicked), self);
	return button;
}

static GtkWidget *slot_button(NetpontBookingsPage *self, const char *seat, gint64 at)
{
	GtkWidget *button = gtk_button_new();
	g_autofree char *clock = netpont_format_clock(at);
	/* TRANSLATORS: an empty slot of the day view: "PC-03, 10:30, free" */
	g_autofree char *name = g_strdup_printf(_("%s, %s, free"), seat, clock);

	gtk_widget_set_name(button, "bookings-slot");
	gtk_widget_add_css_class(button, "np-bk-slot");
	gtk_widget_set_tooltip_text(button, name);
	gtk_accessible_update_property(GTK_ACCESSIBLE(button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
	                               -1);
	g_object_set_data_full(G_OBJECT(button), "netpont-seat", g_strdup(seat), g_free);
	g_object_set_data(G_OBJECT(button), "netpont-at", GINT_TO_POINTER((int)(at / 60)));
	g_signal_connect(button, "clicked", G_CALLBACK(on_slot_clicked), self);
	return button;
}

/* Once per day shown, the present a third into the view: as soon as the
 * scroller knows its width (a hidden tab learns it only when shown). */
static gboolean scroll_to_now_idle(gpointer data)
{
	NetpontBookingsPage *self = data;
	GtkAdjustment *h = gtk_scrolled_window_get_hadjustment(self->scroller);
	double x = GPOINTER_TO_INT(g_object_get_data(G_OBJECT(self), "netpont-now-x"));

	self->scroll_source = 0;
	if (!self->scroll_pending || gtk_adjustment_get_page_size(h) <= 0 ||
	    gtk_adjustment_get_upper(h) < x)
		return G_SOURCE_REMOVE;
	self->scroll_pending = FALSE;
	gtk_adjustment_set_value(h, MAX(0, x - gtk_adjustment_get_page_size(h) / 3));
	return G_SOURCE_REMOVE;
}

/* Not from inside the scroller's allocation (its "changed"), where a new
 * value would not move the view until the next one. */
static void scroll_to_now(NetpontBookingsPage *self)
{
	if (self->scroll_pending && self->scroll_source == 0)
		self->scroll_source = g_idle_add(scroll_to_now_idle, self);
}

static void draw_day(NetpontBookingsPage *self)
{
	int open, close;
	gint64 midnight = g_date_time_to_unix(self->day), now = now_s(self);
	guint slots;

	if (!day_hours(self, self->day, &open, &close)) {
		page_show_status(self, _("The room is closed on this day."));
		return;
	}
	slots = MIN((close - open) / SLOT_S, MAX_SLOTS);
	/* The hours along the top, one label over two slots. */
	for (guint s = 0; s < slots; s += 2) {
		g_autofree char *clock = netpont_format_clock(midnight + open + s * SLOT_S);
		gtk_grid_attach(self->grid, header_label(clock), 1 + s, 0, MIN(2, slots - s), 1);
	}
	/* The names' column has a header row of the same height. */
	gtk_grid_attach(self->names, header_label(" "), 0, 0, 1, 1);
	for (guint r = 0; r < self->seats->len; r++) {
		const char *seat = self->seats->pdata[r];
		gint64 t = midnight + open;
		gint64 end = midnight + open + (gint64)slots * SLOT_S;

		gtk_grid_attach(self->names, seat_label(seat), 0, 1 + r, 1, 1);
		while (t < end) {
			const Booking *here = NULL;
			for (guint i = 0; i < self->bookings->len && here == NULL; i++) {
				const Booking *b = self->bookings->pdata[i];
				if (g_strcmp0(b->seat, seat) == 0 && b->from < t + SLOT_S &&
				    b->to > t)
					here = b;
			}
			if (here == NULL) {
				int col = 1 + (t - midnight - open) / SLOT_S;
				gtk_grid_attach(self->grid, slot_button(self, seat, t), col, 1 + r,
				                1, 1);
				t += SLOT_S;
				continue;
			}
			/* The block covers its slots, cut to the day's hours. */
			gint64 to =
			    MIN(end, ((here->to - midnight - open + SLOT_S - 1) / SLOT_S) * SLOT_S +
			                 midnight + open);
			int col = 1 + (t - midnight - open) / SLOT_S;
			int span = MAX(1, (to - t) / SLOT_S);
			gtk_grid_attach(self->grid, booking_button(self, here, FALSE), col, 1 + r,
			                span, 1);
			t += (gint64)span * SLOT_S;
		}
	}
	/* The present: a red line across the PCs at its place in its slot. */
	if (now >= midnight + open && now < midnight + open + (gint64)slots * SLOT_S &&
	    self->seats->len > 0) {
		gint64 offset = now - midnight - open;
		GtkWidget *line = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
		int x = (int)(offset % SLOT_S * SLOT_PX / SLOT_S);

		gtk_widget_set_name(line, "bookings-now");
		gtk_widget_add_css_class(line, "np-bk-now");
		gtk_widget_set_halign(line, GTK_ALIGN_START);
		gtk_widget_set_margin_start(line, x);
		gtk_widget_set_can_target(line, FALSE);
		gtk_widget_set_can_focus(line, FALSE);
		gtk_grid_attach(self->grid, line, 1 + offset / SLOT_S, 0, 1, 1 + self->seats->len);
		g_object_set_data(G_OBJECT(self), "netpont-now-x",
		                  GINT_TO_POINTER((int)(offset / SLOT_S * SLOT_PX + x)));
		if (!self->scrolled) {
			self->scrolled = TRUE;
			self->scroll_pending = TRUE;
			scroll_to_now(self);
		}
	}
}

static void on_week_day_clicked(GtkButton *button, NetpontBookingsPage *self)
{
	GDateTime *day = g_object_get_data(G_OBJECT(button), "netpont-day");

	netpont_bookings_page_show_date(self, day);
	netpont_bookings_page_set_week(self, FALSE);
}

static void draw_week(NetpontBookingsPage *self)
{
	gint64 from, to;
	g_autoptr(GDateTime) first = NULL;
	g_autofree char *today = NULL;

	shown_span(self, &from, &to);
	first = g_date_time_new_from_unix_local(from);
	{
		g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(now_s(self));
		today = netpont_format_date(now);
	}
	for (int d = 0; d < 7; d++) {
		g_autoptr(GDateTime) day = g_date_time_add_days(first, d);
		g_autofree char *month_day = g_date_time_format(day, "%m-%d");
		g_autofree char *date = g_strdup_printf(
		    "%s %s", netpont_weekday_name(g_date_time_get_day_of_week(day), TRUE),
		    month_day);
		g_autofree char *whole = format_day(day);
		g_autofree char *iso = netpont_format_date(day);
		GtkWidget *button = gtk_button_new_with_label(date);
		int open, close;

		gtk_widget_set_name(button, "bookings-week-day");
		gtk_widget_set_tooltip_text(button, whole);
		gtk_accessible_update_property(GTK_ACCESSIBLE(button),
		                               GTK_ACCESSIBLE_PROPERTY_LABEL, whole, -1);
		gtk_widget_add_css_class(button, "flat");
		gtk_widget_add_css_class(button, "np-bk-day");
		if (g_strcmp0(iso, today) == 0)
			gtk_widget_add_css_class(button, "np-bk-today");
		if (!day_hours(self, day, &open, &close))
			gtk_widget_add_css_class(button, "dim-label");
		g_object_set_data_full(G_OBJECT(button), "netpont-day", g_date_time_ref(day),
		                       (GDestroyNotify)g_date_time_unref);
		g_signal_connect(button, "clicked", G_CALLBACK(on_week_day_clicked), self);
		gtk_grid_attach(self->grid, button, 1 + d, 0, 1, 1);
	}
	for (guint r = 0; r < self->seats->len; r++) {
		const char *seat = self->seats->pdata[r];

		gtk_grid_attach(self->grid, seat_label(seat), 0, 1 + r, 1, 1);
		for (int d = 0; d < 7; d++) {
			g_autoptr(GDateTime) day = g_date_time_add_days(first, d);
			g_autoptr(GDateTime) next = g_date_time_add_days(first, d + 1);
			GtkWidget *cell = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);

			gtk_widget_add_css_class(cell, "np-bk-cell");
			for (guint i = 0; i < self->bookings->len; i++) {
				const Booking *b = self->bookings->pdata[i];
				if (g_strcmp0(b->seat, seat) == 0 &&
				    b->from < g_date_time_to_unix(next) &&
				    b->to > g_date_time_to_unix(day))
					gtk_box_append(GTK_BOX(cell),
					               booking_button(self, b, TRUE));
			}
			gtk_grid_attach(self->grid, cell, 1 + d, 1 + r, 1, 1);
		}
	}
}

static void page_draw(NetpontBookingsPage *self)
{
	gint64 from, to;
	g_autofree char *title = NULL;

	/* An answer that comes after the window closed has nowhere to go. */
	if (self->grid == NULL)
		return;

	page_clear_grid(self);
	page_show_status(self, NULL);
	shown_span(self, &from, &to);
	if (self->week) {
		g_autoptr(GDateTime) a = g_date_time_new_from_unix_local(from);
		g_autoptr(GDateTime) b = g_date_time_new_from_unix_local(to - 1);
		g_autofree char *da = netpont_format_date(a);
		g_autofree char *db = netpont_format_date(b);
		/* TRANSLATORS: the week shown, "2026-12-07 – 2026-12-13" */
		title = g_strdup_printf(_("%s – %s"), da, db);
	} else {
		title = format_day(self->day);
	}
	gtk_label_set_text(self->date_label, title);
	gtk_grid_set_column_homogeneous(self->grid, FALSE);
	gtk_grid_set_column_spacing(self->grid, self->week ? 6 : 0);
	if (self->seats->len == 0) {
		page_show_status(self, _("No PCs are set up yet."));
		return;
	}
	if (self->week)
		draw_week(self);
	else
		draw_day(self);
}

/* ------------------------------------------------------------ dialogs */

/* The fields of the booking form. */
typedef struct {
	NetpontBookingsPage *page; /* a reference */
	gint64 booking_id;         /* moving: the booking, else 0 */
	GtkEditable *resident;     /* the login or a name to search */
	GtkDropDown *found;        /* the residents the search found */
	GtkStringList *found_logins;
	GtkEditable *date, *from, *to, *seats, *note;
} BookingForm;

static void booking_form_free(gpointer p)
{
	BookingForm *f = p;

	g_clear_object(&f->page);
	g_clear_object(&f->found_logins);
	g_free(f);
}

static BookingForm *form_of(GtkWindow *dialog)
{
	return g_object_get_data(G_OBJECT(dialog), "netpont-booking-form");
}

static void search_done(GtkWidget *widget, Netpont__Envelope *reply);

static void on_resident_changed(GtkEditable *entry, GtkWindow *dialog)
{
	BookingForm *f = form_of(dialog);
	g_autofree char *query = netpont_editable_get_stripped(entry);

	if (strlen(query) < 2 || f->page->client == NULL)
		return;
	netpont_request_residents(f->page->client, GTK_WIDGET(dialog), query, FALSE, search_done);
}

static void search_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	BookingForm *f = form_of(GTK_WINDOW(widget));
	g_autoptr(GtkStringList) names = gtk_string_list_new(NULL);
	g_autoptr(GtkStringList) logins = gtk_string_list_new(NULL);
	Netpont__ResidentListReply *list;

	if (reply->body_case != NETPONT__ENVELOPE__BODY_RESIDENT_LIST_REPLY)
		return;
	list = reply->resident_list_reply;
	for (size_t i = 0; i < list->n_residents && i < 20; i++) {
		g_autofree char *shown =
		    g_strdup_printf("%s (%s)", list->residents[i]->name, list->residents[i]->login);
		gtk_string_list_append(names, shown);
		gtk_string_list_append(logins, list->residents[i]->login);
	}
	g_set_object(&f->found_logins, logins);
	gtk_drop_down_set_model(f->found, G_LIST_MODEL(names));
	gtk_widget_set_visible(GTK_WIDGET(f->found), list->n_residents > 0);
}

/* The login the form names: the one chosen from the search, or what was
 * typed. Caller frees. */
static char *form_login(BookingForm *f)
{
	guint chosen = gtk_drop_down_get_selected(f->found);

	if (gtk_widget_get_visible(GTK_WIDGET(f->found)) && f->found_logins != NULL &&
	    chosen != GTK_INVALID_LIST_POSITION &&
	    chosen < g_list_model_get_n_items(G_LIST_MODEL(f->found_logins)))
		return g_strdup(gtk_string_list_get_string(f->found_logins, chosen));
	return netpont_editable_get_stripped(f->resident);
}

static void booking_changed(gpointer data, Netpont__Envelope *reply);
static void booking_form_apply(GtkWindow *dialog, gpointer data);

/* The booking form: a new booking (b NULL, at seat and at) or moving b. */
static void open_booking_form(NetpontBookingsPage *self, const Booking *b, const char *seat,
                              gint64 at)
{
	BookingForm *f = g_new0(BookingForm, 1);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *group = adw_preferences_group_new();
	GtkWidget *when = adw_preferences_group_new();
	GtkWindow *dialog;
	gint64 from = b != NULL ? b->from : at;
	gint64 to = b != NULL ? b->to : at + 2 * SLOT_S;
	g_autoptr(GDateTime) start = g_date_time_new_from_unix_local(from);
	g_autofree char *date = netpont_format_date(start);
	g_autofree char *from_text = netpont_format_clock(from);
	g_autofree char *to_text = netpont_format_clock(to);

	f->page = g_object_ref(self);
	f->booking_id = b != NULL ? b->id : 0;
	gtk_box_append(GTK_BOX(box), group);
	if (b == NULL) {
		GtkWidget *found = gtk_drop_down_new(NULL, NULL);
		adw_preferences_group_set_title(ADW_PREFERENCES_GROUP(group), _("Resident"));
		f->resident =
		    netpont_form_entry_row(group, "booking-resident", _("Login or name"), "");
		gtk_widget_set_name(found, "booking-resident-found");
		gtk_widget_set_visible(found, FALSE);
		gtk_accessible_update_property(GTK_ACCESSIBLE(found), GTK_ACCESSIBLE_PROPERTY_LABEL,
		                               _("Residents found"), -1);
		gtk_widget_set_margin_top(found, 6);
		adw_preferences_group_add(ADW_PREFERENCES_GROUP(group), found);
		f->found = GTK_DROP_DOWN(found);
	} else {
		/* TRANSLATORS: the booking being moved, "Kovács Mária, PC-03" */
		g_autofree char *what = g_strdup_printf(_("%s, %s"), b->who, b->seat);
		GtkWidget *label = gtk_label_new(what);
		gtk_label_set_xalign(GTK_LABEL(label), 0);
		gtk_widget_add_css_class(label, "heading");
		adw_preferences_group_add(ADW_PREFERENCES_GROUP(group), label);
	}
	gtk_box_append(GTK_BOX(box), when);
	adw_preferences_group_set_title(ADW_PREFERENCES_GROUP(when), _("When"));
	f->date = netpont_form_entry_row(when, "booking-date", _("Date (YYYY-MM-DD)"), date);
	f->from = netpont_form_entry_row(when, "booking-from", _("From (HH:MM)"), from_text);
	f->to = netpont_form_entry_row(when, "booking-to", _("To (HH:MM)"), to_text);
	f->seats = netpont_form_entry_row(when, "booking-seats", _("PCs (separated by commas)"),
	                                  b != NULL ? b->seat : seat);
	if (b == NULL)
		f->note = netpont_form_entry_row(when, "booking-note", _("Note"), "");

	dialog = netpont_form_dialog_new(
	    GTK_WIDGET(self), b == NULL ? "booking-new" : "booking-move",
	    b == NULL ? _("New booking") : _("Move the booking"), b == NULL ? _("Book") : _("Move"),
	    box, booking_form_apply, G_OBJECT(self));
	g_object_set_data_full(G_OBJECT(dialog), "netpont-booking-form", f, booking_form_free);
	if (f->resident != NULL)
		g_signal_connect(f->resident, "changed", G_CALLBACK(on_resident_changed), dialog);
	gtk_window_present(dialog);
	if (f->resident != NULL)
		gtk_widget_grab_focus(GTK_WIDGET(f->resident));
}

static void on_slot_clicked(GtkButton *button, NetpontBookingsPage *self)
{
	const char *seat = g_object_get_data(G_OBJECT(button), "netpont-seat");
	gint64 at = (gint64)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "netpont-at")) * 60;

	open_booking_form(self, NULL, seat, at);
}

static void on_new_clicked(NetpontBookingsPage *self)
{
	gint64 now = now_s(self);
	gint64 midnight = g_date_time_to_unix(self->day);
	/* The next whole half hour of the day shown (today) or its opening. */
	gint64 at = now > midnight && now < midnight + 86400 ? (now / SLOT_S + 1) * SLOT_S
	                                                     : midnight + 9 * 3600;
	int open, close;

	if ((now <= midnight || now >= midnight + 86400) &&
	    day_hours(self, self->day, &open, &close))
		at = midnight + open;
	open_booking_form(self, NULL, self->seats->len > 0 ? self->seats->pdata[0] : "", at);
}

/* Cancelling: the dialog names whom and what. */
static void send_cancel(NetpontBookingsPage *self, gint64 id);

static void cancel_response(AdwMessageDialog *dialog, const char *response,
                            NetpontBookingsPage *self)
{
	gint64 id = *(gint64 *)g_object_get_data(G_OBJECT(dialog), "netpont-booking-id");

	if (g_strcmp0(response, "cancel-booking") == 0)
		send_cancel(self, id);
}

static void confirm_cancel(NetpontBookingsPage *self, const Booking *b)
{
	g_autofree char *span = format_span(b->from, b->to);
	g_autoptr(GDateTime) day = g_date_time_new_from_unix_local(b->from);
	g_autofree char *date = netpont_format_date(day);
	/* TRANSLATORS: "Cancel the booking of Kovács Mária on PC-03?" */
	g_autofree char *heading =
	    g_strdup_printf(_("Cancel the booking of %s on %s?"), b->who, b->seat);
	/* TRANSLATORS: "2026-12-08 10:00–11:00. The PC is free for others then." */
	g_autofree char *body =
	    g_strdup_printf(_("%s %s. The PC is free for others then."), date, span);
	AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG(adw_message_dialog_new(
	    GTK_WINDOW(gtk_widget_get_root(GTK_WIDGET(self))), heading, body));
	gint64 *id = g_new(gint64, 1);

	*id = b->id;
	gtk_widget_set_name(GTK_WIDGET(dialog), "booking-confirm-cancel");
	adw_message_dialog_add_responses(dialog, "cancel", _("Keep it"), "cancel-booking",
	                                 _("Cancel the booking"), NULL);
	adw_message_dialog_set_response_appearance(dialog, "cancel-booking",
	                                           ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_default_response(dialog, "cancel");
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_object_set_data_full(G_OBJECT(dialog), "netpont-booking-id", id, g_free);
	g_signal_connect_object(dialog, "response", G_CALLBACK(cancel_response), self, 0);
	gtk_window_present(GTK_WINDOW(dialog));
}

static void on_move_clicked(GtkButton *button, NetpontBookingsPage *self)
{
	const Booking *b = g_object_get_data(G_OBJECT(button), "netpont-booking");

	gtk_popover_popdown(
	    GTK_POPOVER(gtk_widget_get_ancestor(GTK_WIDGET(button), GTK_TYPE_POPOVER)));
	open_booking_form(self, b, NULL, 0);
}

static void on_cancel_clicked(GtkButton *button, NetpontBookingsPage *self)
{
	const Booking *b = g_object_get_data(G_OBJECT(button), "netpont-booking");

	gtk_popover_popdown(
	    GTK_POPOVER(gtk_widget_get_ancestor(GTK_WIDGET(button), GTK_TYPE_POPOVER)));
	confirm_cancel(self, b);
}

/* A booking's block offers its details, Move… and Cancel…. */
static void on_booking_clicked(GtkButton *button, NetpontBookingsPage *self)
{
	const Booking *b = g_object_get_data(G_OBJECT(button), "netpont-booking");
	GtkWidget *popover = gtk_popover_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	g_autofree char *span = format_span(b->from, b->to);
	g_autofree char *text =
	    g_strdup_printf("%s\n%s, %s%s%s", b->who, b->seat, span, *b->note ? "\n" : "", b->note);
	GtkWidget *label = gtk_label_new(text);
	GtkWidget *move = gtk_button_new_with_label(_("Move…"));
	GtkWidget *cancel = gtk_button_new_with_label(_("Cancel the booking…"));

	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_label_set_wrap(GTK_LABEL(label), TRUE);
	gtk_label_set_max_width_chars(GTK_LABEL(label), 40);
	gtk_box_append(GTK_BOX(box), label);
	gtk_widget_set_name(move, "booking-move-button");
	gtk_widget_set_name(cancel, "booking-cancel-button");
	gtk_widget_add_css_class(cancel, "destructive-action");
	g_object_set_data(G_OBJECT(move), "netpont-booking", (gpointer)b);
	g_object_set_data(G_OBJECT(cancel), "netpont-booking", (gpointer)b);
	g_signal_connect(move, "clicked", G_CALLBACK(on_move_clicked), self);
	g_signal_connect(cancel, "clicked", G_CALLBACK(on_cancel_clicked), self);
	/* A course's occasion is moved with its course. */
	gtk_widget_set_sensitive(move, !b->course);
	gtk_box_append(GTK_BOX(box), move);
	gtk_box_append(GTK_BOX(box), cancel);
	gtk_popover_set_child(GTK_POPOVER(popover), box);
	gtk_widget_set_parent(popover, GTK_WIDGET(button));
	g_signal_connect(popover, "closed", G_CALLBACK(gtk_widget_unparent), NULL);
	gtk_popover_popup(GTK_POPOVER(popover));
}

/* ------------------------------------------------------------ loading */

static void page_answered(NetpontBookingsPage *self)
{
	if (self->pending > 0)
		self->pending--;
	if (self->pending == 0) {
		self->loads++;
		page_draw(self);
	}
}

static void seats_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontBookingsPage *self = NETPONT_BOOKINGS_PAGE(widget);

	if (reply->body_case == NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY) {
		g_ptr_array_set_size(self->seats, 0);
		for (size_t i = 0; i < reply->seat_list_reply->n_seats; i++)
			g_ptr_array_add(self->seats,
			                g_strdup(reply->seat_list_reply->seats[i]->name));
	}
	page_answered(self);
}

static void settings_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontBookingsPage *self = NETPONT_BOOKINGS_PAGE(widget);

	if (reply->body_case == NETPONT__ENVELOPE__BODY_SETTING_LIST_REPLY) {
		for (size_t i = 0; i < reply->setting_list_reply->n_settings; i++) {
			const Netpont__Setting *s = reply->setting_list_reply->settings[i];
			if (s->key != NULL && strncmp(s->key, "hours_", 6) == 0 &&
			    s->key[6] >= '1' && s->key[6] <= '7' && s->key[7] == '\0') {
				g_free(self->hours[s->key[6] - '0']);
				self->hours[s->key[6] - '0'] = g_strdup(s->value);
			}
		}
	}
	page_answered(self);
}

static void request_bookings(NetpontBookingsPage *self);

void netpont_bookings_page_reload(NetpontBookingsPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__SeatList seats = NETPONT__SEAT_LIST__INIT;
	Netpont__SettingList settings = NETPONT__SETTING_LIST__INIT;

	g_return_if_fail(NETPONT_IS_BOOKINGS_PAGE(self));
	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	self->pending = 3;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	env.seat_list = &seats;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, seats_done);
	env.body_case = NETPONT__ENVELOPE__BODY_SETTING_LIST;
	env.setting_list = &settings;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, settings_done);
	request_bookings(self);
	netpont_courses_page_reload(self->courses_page);
}

/* The PCs and their bookings again, after a change: a PC added or
 * removed since shows too. */
static void page_reload_bookings(NetpontBookingsPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__SeatList seats = NETPONT__SEAT_LIST__INIT;

	if (self->client == NULL || !netpont_client_is_connected(self->client))
		return;
	self->pending += 2;
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	env.seat_list = &seats;
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, seats_done);
	request_bookings(self);
}

static void booking_changed(gpointer data, Netpont__Envelope *reply)
{
	NetpontBookingsPage *self = data;

	(void)reply;
	page_reload_bookings(self);
}

/* ------------------------------------------------------------ the server's requests */

static void bookings_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	NetpontBookingsPage *self = NETPONT_BOOKINGS_PAGE(widget);
	guint generation = GPOINTER_TO_UINT(g_object_get_data(G_OBJECT(self), "netpont-asked"));

	if (reply->body_case == NETPONT__ENVELOPE__BODY_BOOKING_LIST_REPLY &&
	    generation == self->generation) {
		Netpont__BookingListReply *list = reply->booking_list_reply;
		g_ptr_array_set_size(self->bookings, 0);
		for (size_t i = 0; i < list->n_bookings; i++) {
			const Netpont__Booking *in = list->bookings[i];
			Booking *b;
			/* Cancelled and released bookings hold the PC no more. */
			if (in->state != NETPONT__BOOKING_STATE__BOOKING_STATE_BOOKED &&
			    in->state != NETPONT__BOOKING_STATE__BOOKING_STATE_CLAIMED)
				continue;
			b = g_new0(Booking, 1);
			b->id = in->id;
			b->seat = g_strdup(in->seat);
			b->from = in->starts_at;
			b->to = in->ends_at;
			b->course = in->occasion_id != 0;
			b->who = g_strdup(b->course ? in->course : in->name);
			b->note = g_strdup(in->note != NULL ? in->note : "");
			g_ptr_array_add(self->bookings, b);
		}
		page_show_status(self, list->truncated ? _("Not every booking fits on the "
		                                           "page: choose a shorter span.")
		                                       : NULL);
	}
	page_answered(self);
}

static void request_bookings(NetpontBookingsPage *self)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__BookingList list = NETPONT__BOOKING_LIST__INIT;
	gint64 from, to;
	g_autoptr(GDateTime) first = NULL;
	g_autoptr(GDateTime) last = NULL;
	g_autofree char *from_date = NULL;
	g_autofree char *to_date = NULL;

	shown_span(self, &from, &to);
	first = g_date_time_new_from_unix_local(from);
	last = g_date_time_new_from_unix_local(to - 1);
	from_date = netpont_format_date(first);
	to_date = netpont_format_date(last);
	list.from = from_date;
	list.to = to_date;
	env.body_case = NETPONT__ENVELOPE__BODY_BOOKING_LIST;
	env.booking_list = &list;
	/* Only the answer to the newest question is drawn. */
	self->generation++;
	g_object_set_data(G_OBJECT(self), "netpont-asked", GUINT_TO_POINTER(self->generation));
	netpont_request(self->client, GTK_WIDGET(self), &env, NULL, bookings_done);
}

static void booking_form_apply(GtkWindow *dialog, gpointer data)
{
	NetpontBookingsPage *self = data;
	BookingForm *f = form_of(dialog);
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	g_autofree char *date = netpont_editable_get_stripped(f->date);
	g_autofree char *from = netpont_editable_get_stripped(f->from);
	g_autofree char *to = netpont_editable_get_stripped(f->to);
	g_auto(GStrv) seats = netpont_form_names(f->seats);
	guint n_seats = g_strv_length(seats);

	if (n_seats == 0) {
		netpont_form_dialog_set_error(dialog, _("Name at least one PC."));
		return;
	}
	if (f->booking_id != 0) {
		Netpont__BookingMove move = NETPONT__BOOKING_MOVE__INIT;
		if (n_seats > 1) {
			netpont_form_dialog_set_error(dialog, _("A booking moves to one PC."));
			return;
		}
		move.id = f->booking_id;
		move.seat = seats[0];
		move.date = date;
		move.from = from;
		move.to = to;
		env.body_case = NETPONT__ENVELOPE__BODY_BOOKING_MOVE;
		env.booking_move = &move;
		netpont_form_dialog_send(dialog, self->client, &env, booking_changed);
	} else {
		Netpont__BookingAdd add = NETPONT__BOOKING_ADD__INIT;
		g_autofree char *login = form_login(f);
		g_autofree char *note = netpont_editable_get_stripped(f->note);
		if (*login == '\0') {
			netpont_form_dialog_set_error(
			    dialog, _("Type the resident's login or name first."));
			return;
		}
		add.seats = seats;
		add.n_seats = n_seats;
		add.login = login;
		add.date = date;
		add.from = from;
		add.to = to;
		add.note = note;
		env.body_case = NETPONT__ENVELOPE__BODY_BOOKING_ADD;
		env.booking_add = &add;
		netpont_form_dialog_send(dialog, self->client, &env, booking_changed);
	}
}

static void cancel_done(GtkWidget *widget, Netpont__Envelope *reply)
{
	booking_changed(widget, reply);
}

static void send_cancel(NetpontBookingsPage *self, gint64 id)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__BookingCancel cancel = NETPONT__BOOKING_CANCEL__INIT;

	cancel.id = id;
	env.body_case = NETPONT__ENVELOPE__BODY_BOOKING_CANCEL;
	env.booking_cancel = &cancel;
	netpont_request(self->client, GTK_WIDGET(self), &env, _("The booking is cancelled."),
	                cancel_done);
}

/* ------------------------------------------------------------ navigation */

void netpont_bookings_page_show_date(NetpontBookingsPage *self, GDateTime *date)
{
	g_clear_pointer(&self->day, g_date_time_unref);
	self->day = local_midnight(date);
	self->scrolled = FALSE;
	page_draw(self);
	page_reload_bookings(self);
}

void netpont_bookings_page_set_week(NetpontBookingsPage *self, gboolean week)
{
	gtk_toggle_button_set_active(week ? self->week_toggle : self->day_toggle, TRUE);
}

void netpont_bookings_page_show_tab(NetpontBookingsPage *self, const char *tab)
{
	gtk_stack_set_visible_child_name(self->tabs, tab);
}

guint netpont_bookings_page_get_loads(NetpontBookingsPage *self)
{
	return self->loads;
}

static void page_step(NetpontBookingsPage *self, int direction)
{
	g_autoptr(GDateTime) day =
	    g_date_time_add_days(self->day, direction * (self->week ? 7 : 1));

	netpont_bookings_page_show_date(self, day);
}

static void on_previous_clicked(NetpontBookingsPage *self)
{
	page_step(self, -1);
}

static void on_next_clicked(NetpontBookingsPage *self)
{
	page_step(self, 1);
}

static void on_today_clicked(NetpontBookingsPage *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(now_s(self));

	netpont_bookings_page_show_date(self, now);
}

static void on_view_toggled(NetpontBookingsPage *self)
{
	gboolean week = !gtk_toggle_button_get_active(self->day_toggle);

	if (week == self->week)
		return;
	self->week = week;
	self->scrolled = FALSE;
	page_draw(self);
	page_reload_bookings(self);
}

/* Every minute: the red line moves, and others' bookings show; past
 * midnight the page that showed today shows the new day. */
static gboolean page_tick(gpointer data)
{
	NetpontBookingsPage *self = data;
	g_autoptr(GDateTime) now = g_date_time_new_from_unix_local(now_s(self));
	g_autofree char *today = netpont_format_date(now);
	g_autofree char *shown = netpont_format_date(self->day);

	if (self->today != NULL && g_strcmp0(today, self->today) != 0 &&
	    g_strcmp0(shown, self->today) == 0) {
		g_free(self->today);
		self->today = g_strdup(today);
		netpont_bookings_page_show_date(self, now);
		return G_SOURCE_CONTINUE;
	}
	g_free(self->today);
	self->today = g_strdup(today);
	if (gtk_widget_get_mapped(GTK_WIDGET(self)))
		page_reload_bookings(self);
	return G_SOURCE_CONTINUE;
}

void netpont_bookings_page_clear(NetpontBookingsPage *self)
{
	g_ptr_array_set_size(self->bookings, 0);
	g_ptr_array_set_size(self->seats, 0);
	self->pending = 0;
	self->generation++;
	page_clear_grid(self);
	netpont_courses_page_clear(self->courses_page);
}

/* Someone (here, another desk, netpontctl) added, cancelled or moved a
 * booking: the view follows. */
static void on_booking_event(NetpontClient *client, gpointer booking, NetpontBookingsPage *self)
{
	(void)client;
	(void)booking;
	page_reload_bookings(self);
	netpont_courses_page_reload(self->courses_page);
}

/* A PC the view does not show yet (or one removed): the rows follow. */
static void on_seat_event(NetpontClient *client, Netpont__SeatInfo *seat, NetpontBookingsPage *self)
{
	gboolean shown = FALSE;

	(void)client;
	for (guint i = 0; i < self->seats->len && !shown; i++)
		shown = g_strcmp0(self->seats->pdata[i], seat->name) == 0;
	if (shown == seat->removed && self->loads > 0)
		page_reload_bookings(self);
}

/* Back from the courses (a course books PCs): the view is reloaded. */
static void on_tab_changed(NetpontBookingsPage *self)
{
	if (g_strcmp0(gtk_stack_get_visible_child_name(self->tabs), "bookings") == 0 &&
	    self->loads > 0)
		page_reload_bookings(self);
}

void netpont_bookings_page_set_client(NetpontBookingsPage *self, NetpontClient *client)
{
	if (self->client != NULL)
		g_signal_handlers_disconnect_by_data(self->client, self);
	g_set_object(&self->client, client);
	if (client != NULL) {
		g_signal_connect(client, "booking-changed", G_CALLBACK(on_booking_event), self);
		g_signal_connect(client, "seat-changed", G_CALLBACK(on_seat_event), self);
	}
	netpont_courses_page_set_client(self->courses_page, client);
}

static void netpont_bookings_page_dispose(GObject *object)
{
	NetpontBookingsPage *self = NETPONT_BOOKINGS_PAGE(object);

	g_clear_handle_id(&self->timer, g_source_remove);
	g_clear_handle_id(&self->scroll_source, g_source_remove);
	if (self->client != NULL)
		g_signal_handlers_disconnect_by_data(self->client, self);
	g_clear_object(&self->client);
	gtk_widget_dispose_template(GTK_WIDGET(self), NETPONT_TYPE_BOOKINGS_PAGE);
	G_OBJECT_CLASS(netpont_bookings_page_parent_class)->dispose(object);
}

static void netpont_bookings_page_finalize(GObject *object)
{
	NetpontBookingsPage *self = NETPONT_BOOKINGS_PAGE(object);

	g_clear_pointer(&self->day, g_date_time_unref);
	g_clear_pointer(&self->seats, g_ptr_array_unref);
	g_clear_pointer(&self->bookings, g_ptr_array_unref);
	for (int i = 0; i < 8; i++)
		g_free(self->hours[i]);
	g_free(self->today);
	G_OBJECT_CLASS(netpont_bookings_page_parent_class)->finalize(object);
}

static void bookings_load_style(void)
{
	static gboolean loaded;
	g_autoptr(GtkCssProvider) provider = NULL;

	if (loaded || gdk_display_get_default() == NULL)
		return;
	provider = gtk_css_provider_new();
	gtk_css_provider_load_from_resource(provider, "/hu/netpont/console/netpont-bookings.css");
	gtk_style_context_add_provider_for_display(gdk_display_get_default(),
	                                           GTK_STYLE_PROVIDER(provider),
	                                           GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	loaded = TRUE;
}

static void netpont_bookings_page_class_init(NetpontBookingsPageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);

	object_class->dispose = netpont_bookings_page_dispose;
	object_class->finalize = netpont_bookings_page_finalize;
	g_type_ensure(NETPONT_TYPE_COURSES_PAGE);
	gtk_widget_class_set_template_from_resource(widget_class,
	                                            "/hu/netpont/console/netpont-bookings-page.ui");
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, tabs);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, date_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, status_label);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, day_toggle);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, week_toggle);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, scroller);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, grid);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, names);
	gtk_widget_class_bind_template_child(widget_class, NetpontBookingsPage, courses_page);
	gtk_widget_class_bind_template_callback(widget_class, on_previous_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_next_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_today_clicked);
	gtk_widget_class_bind_template_callback(widget_class, on_view_toggled);
	gtk_widget_class_bind_template_callback(widget_class, on_new_clicked);
}

static void netpont_bookings_page_init(NetpontBookingsPage *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();

	bookings_load_style();
	gtk_widget_init_template(GTK_WIDGET(self));
	self->seats = g_ptr_array_new_with_free_func(g_free);
	self->bookings = g_ptr_array_new_with_free_func(booking_free);
	self->day = local_midnight(now);
	g_signal_connect_object(gtk_scrolled_window_get_hadjustment(self->scroller), "changed",
	                        G_CALLBACK(scroll_to_now), self, G_CONNECT_SWAPPED);
	self->timer = g_timeout_add_seconds(RELOAD_S, page_tick, self);
	g_signal_connect_object(self->tabs, "notify::visible-child-name",
	                        G_CALLBACK(on_tab_changed), self, G_CONNECT_SWAPPED);
}
