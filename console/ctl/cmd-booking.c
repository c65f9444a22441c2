/* Bookings of PCs: booking add|list|cancel|move. A mentor or admin books
 * one or more PCs for a resident for a span of one day; the server checks
 * the span against the opening hours and the other bookings and refuses
 * with a sentence naming the conflict. Dates are YYYY-MM-DD and times HH:MM
 * in the site's local time. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

static const char *booking_state_name(Netpont__BookingState s)
{
	switch (s) {
	case NETPONT__BOOKING_STATE__BOOKING_STATE_BOOKED:
		return "booked";
	case NETPONT__BOOKING_STATE__BOOKING_STATE_CLAIMED:
		return "claimed";
	case NETPONT__BOOKING_STATE__BOOKING_STATE_RELEASED:
		return "released";
	case NETPONT__BOOKING_STATE__BOOKING_STATE_CANCELLED:
		return "cancelled";
	default:
		return "unknown";
	}
}

static const char *booking_state_label(Netpont__BookingState s)
{
	switch (s) {
	case NETPONT__BOOKING_STATE__BOOKING_STATE_BOOKED:
		return _("booked");
	case NETPONT__BOOKING_STATE__BOOKING_STATE_CLAIMED:
		return _("claimed");
	case NETPONT__BOOKING_STATE__BOOKING_STATE_RELEASED:
		return _("released");
	case NETPONT__BOOKING_STATE__BOOKING_STATE_CANCELLED:
		return _("cancelled");
	default:
		return "";
	}
}

/* Whom the booking is for, for people: "Kovács Mária (kovacs)" or the
 * course's name; a new string (g_free). */
static char *booking_for(const Netpont__Booking *b)
{
	if (b->occasion_id != 0)
		/* TRANSLATORS: whom a PC is booked for: a course's name. */
		return g_strdup_printf(_("course: %s"), b->course ? b->course : "");
	return ctl_person(b->name, b->login);
}

static void booking_json(JsonBuilder *b, const void *item)
{
	const Netpont__Booking *k = item;
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", k->id);
	ctl_json_add_string(b, "seat", k->seat);
	ctl_json_add_string(b, "date", k->date);
	ctl_json_add_string(b, "from", k->from);
	ctl_json_add_string(b, "to", k->to);
	ctl_json_add_int(b, "starts_at", k->starts_at);
	ctl_json_add_int(b, "ends_at", k->ends_at);
	ctl_json_add_string_or_null(b, "login", k->login);
	ctl_json_add_string_or_null(b, "name", k->name);
	ctl_json_add_string_or_null(b, "course", k->course);
	ctl_json_add_int_or_null(b, "occasion_id", k->occasion_id != 0, k->occasion_id);
	ctl_json_add_string(b, "state", booking_state_name(k->state));
	ctl_json_add_string_or_null(b, "created_by", k->created_by);
	ctl_json_add_string(b, "note", k->note ? k->note : "");
	json_builder_end_object(b);
}

static void booking_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Booking *k = item;
	g_autofree char *id = g_strdup_printf("%lld", (long long)k->id);
	g_autofree char *span = g_strdup_printf("%s-%s", k->from, k->to);
	g_autofree char *whom = booking_for(k);
	const char *row[] = {id,
	                     k->seat,
	                     k->date,
	                     span,
	                     whom,
	                     booking_state_label(k->state),
	                     k->created_by ? k->created_by : "",
	                     k->note ? k->note : ""};
	ctl_table_add(t, row);
	(void)ctx;
}

/* "10:00": the server checks that the time exists. */
static bool looks_like_time(const char *text)
{
	return strlen(text) == 5 && g_ascii_isdigit(text[0]) && g_ascii_isdigit(text[1]) &&
	       text[2] == ':' && g_ascii_isdigit(text[3]) && g_ascii_isdigit(text[4]);
}

/* --option as a date, when given (required: it must be); *out NULL when
 * absent. */
static int date_option(ctl_ctx *ctx, const char *option, bool required, const char **out)
{
	*out = ctl_option(ctx, option);
	if (*out == NULL && required)
		return ctl_usage_error(ctx, _("--%s is required."), option);
	if (*out != NULL && !ctl_parse_date(*out))
		return ctl_usage_error(ctx, _("--%s must be a date like 2026-12-08."), option);
	return CTL_EXIT_OK;
}

/* --from and --to as times of day, both or (unless required) neither. */
static int time_options(ctl_ctx *ctx, bool required, const char **from, const char **to)
{
	*from = ctl_option(ctx, "from");
	*to = ctl_option(ctx, "to");
	if (required && (*from == NULL || *to == NULL))
		return ctl_usage_error(ctx, "%s", _("--from and --to are required."));
	if ((*from == NULL) != (*to == NULL))
		return ctl_usage_error(ctx, "%s", _("Give both --from and --to."));
	if (*from != NULL && (!looks_like_time(*from) || !looks_like_time(*to)))
		return ctl_usage_error(ctx, "%s",
		                       _("--from and --to must be times like 10:00 and 11:30."));
	return CTL_EXIT_OK;
}

/* The booking a cancel or move left: JSON, or the sentence in data. */
static int print_booking(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__Booking *k = reply->booking_reply->booking;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		booking_json(b, k);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	g_autofree char *whom = booking_for(k);
	printf((const char *)data, (long long)k->id, k->seat, whom, k->date, k->from, k->to);
	putchar('\n');
	return CTL_EXIT_OK;
}

/* The bookings an add made: a JSON array, or a sentence each. */
static int print_added(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__BookingAddReply *r = reply->booking_add_reply;
	(void)data;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (size_t i = 0; i < r->n_bookings; i++)
			booking_json(b, r->bookings[i]);
		json_builder_end_array(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	for (size_t i = 0; i < r->n_bookings; i++) {
		const Netpont__Booking *k = r->bookings[i];
		g_autofree char *whom = booking_for(k);
		/* TRANSLATORS: booking number, PC, whom for, date, from, to. */
		printf(_("Booking %lld: %s for %s on %s from %s to %s."), (long long)k->id, k->seat,
		       whom, k->date, k->from, k->to);
		putchar('\n');
	}
	return CTL_EXIT_OK;
}

static int booking_add(ctl_ctx *ctx)
{
	const char *seats, *login, *date, *from, *to;
	int rc = ctl_need_text(ctx, "seat", &seats);
	if (rc == CTL_EXIT_OK)
		rc = ctl_need_text(ctx, "login", &login);
	if (rc == CTL_EXIT_OK)
		rc = date_option(ctx, "date", true, &date);
	if (rc == CTL_EXIT_OK)
		rc = time_options(ctx, true, &from, &to);
	if (rc != CTL_EXIT_OK)
		return rc;
	const char *note = ctl_option(ctx, "note");
	if (note != NULL && strlen(note) > 200)
		return ctl_usage_error(ctx, "%s",
		                       _("The note is too long (at most 200 characters)."));
	g_auto(GStrv) names = g_strsplit(seats, ",", -1);
	for (char **n = names; *n != NULL; n++) {
		g_strstrip(*n);
		if (**n == '\0')
			return ctl_usage_error(ctx, "%s",
			                       _("--seat names PCs separated by commas, like "
			                         "PC-03,PC-04."));
	}
	Netpont__BookingAdd m = NETPONT__BOOKING_ADD__INIT;
	m.seats = names;
	m.n_seats = g_strv_length(names);
	m.login = (char *)login;
	m.date = (char *)date;
	m.from = (char *)from;
	m.to = (char *)to;
	m.note = (char *)(note ? note : "");
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_BOOKING_ADD, &m,
	                         NETPONT__ENVELOPE__BODY_BOOKING_ADD_REPLY, print_added, NULL);
}

static bool list_cut(const Netpont__Envelope *reply)
{
	return reply->booking_list_reply->truncated;
}

static int booking_list(ctl_ctx *ctx)
{
	const char *date, *from, *to;
	int rc = date_option(ctx, "date", false, &date);
	if (rc == CTL_EXIT_OK)
		rc = date_option(ctx, "from", false, &from);
	if (rc == CTL_EXIT_OK)
		rc = date_option(ctx, "to", false, &to);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (date != NULL && (from != NULL || to != NULL))
		return ctl_usage_error(ctx, "%s", _("Give either --date or --from and --to."));
	static const ctl_list list = {
	    .json_item = booking_json,
	    .table_row = booking_row,
	    .headers = {N_("ID"), N_("PC"), N_("DATE"), N_("TIME"), N_("FOR"), N_("STATE"),
	                N_("BOOKED BY"), N_("NOTE")},
	    .right = 1u << 0,
	    .none = N_("No bookings then."),
	    .left_out = list_cut,
	    .cut = N_("Not every booking fits in one answer: ask for fewer days or one PC "
	              "(--seat)."),
	};
	Netpont__BookingList m = NETPONT__BOOKING_LIST__INIT;
	m.from = (char *)(date ? date : from ? from : "");
	m.to = (char *)(date ? date : to ? to : "");
	m.seat = (char *)(ctl_option(ctx, "seat") ? ctl_option(ctx, "seat") : "");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_BOOKING_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_BOOKING_LIST_REPLY, &list);
}

static int booking_cancel(ctl_ctx *ctx)
{
	int64_t id;
	int rc = ctl_need_id(ctx, ctx->args[0], &id);
	if (rc != CTL_EXIT_OK)
		return rc;
	Netpont__BookingCancel m = NETPONT__BOOKING_CANCEL__INIT;
	m.id = id;
	/* TRANSLATORS: booking number, PC, whom for, date, from, to. */
	const char *sentence = _("Booking %lld is cancelled: %s for %s on %s from %s to %s.");
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_BOOKING_CANCEL, &m,
	                         NETPONT__ENVELOPE__BODY_BOOKING_REPLY, print_booking, sentence);
}

static int booking_move(ctl_ctx *ctx)
{
	int64_t id;
	const char *date, *from, *to;
	int rc = ctl_need_id(ctx, ctx->args[0], &id);
	if (rc == CTL_EXIT_OK)
		rc = date_option(ctx, "date", false, &date);
	if (rc == CTL_EXIT_OK)
		rc = time_options(ctx, false, &from, &to);
	if (rc != CTL_EXIT_OK)
		return rc;
	const char *seat = ctl_option(ctx, "seat");
	if (seat == NULL && date == NULL && from == NULL)
		return ctl_usage_error(ctx, "%s",
		                       _("Say where to move the booking: --seat, --date or --from "
		                         "and --to."));
	Netpont__BookingMove m = NETPONT__BOOKING_MOVE__INIT;
	m.id = id;
	m.seat = (char *)(seat ? seat : "");
	m.date = (char *)(date ? date : "");
	m.from = (char *)(from ? from : "");
	m.to = (char *)(to ? to : "");
	/* TRANSLATORS: booking number, PC, whom for, date, from, to. */
	const char *sentence = _("Booking %lld is now: %s for %s on %s from %s to %s.");
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_BOOKING_MOVE, &m,
	                         NETPONT__ENVELOPE__BODY_BOOKING_REPLY, print_booking, sentence);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_booking_commands[] = {
    {"booking", "add",
     "booking add --seat PC[,PC...] --login LOGIN --date YYYY-MM-DD --from HH:MM --to HH:MM "
     "[--note TEXT]",
     N_("book PCs for a resident (mentor, admin)"), 0, 0,
     "seat= login= date= from= to= note=", false, booking_add},
    {"booking", "list", "booking list [--date YYYY-MM-DD | --from DATE --to DATE] [--seat PC]",
     N_("the bookings of a day (today) or of the dates from..to"), 0, 0,
     "date= from= to= seat=", false, booking_list},
    {"booking", "cancel", "booking cancel ID", N_("cancel a booking (mentor, admin)"), 1, 1, "",
     false, booking_cancel},
    {"booking", "move", "booking move ID [--seat PC] [--date YYYY-MM-DD] [--from HH:MM --to HH:MM]",
     N_("move a booking to another PC, date or time (mentor, admin)"), 1, 1,
     "seat= date= from= to=", false, booking_move},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
