#include "netpont-lock-text.h"

#include <string.h>

#include "common/np_money.h"
#include "netpont-lock-i18n.h"

char *netpont_lock_text_error(int code, int tries_left, const char *server_message)
{
	switch (code) {
	case NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN:
		if (tries_left > 0)
			return g_strdup_printf(
			    ngettext("Wrong PIN — %d try left. A mentor can reset it.",
			             "Wrong PIN — %d tries left. A mentor can reset it.",
			             (unsigned long)tries_left),
			    tries_left);
		return g_strdup(_("Wrong PIN. Please check it, or ask a mentor to reset it."));
	case NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT:
		/* The server's sentence says until when (a lock-out is for a
		 * while, and a PC may be paused for everyone). */
		if (server_message == NULL || server_message[0] == '\0')
			return g_strdup(_("Your account is locked after too many wrong PINs. "
			                  "Please ask a mentor to reset your PIN."));
		break;
	case NETPONT__ERROR_CODE__ERROR_CODE_CLOSED:
		return g_strdup(
		    _("The room is closed now. Please come back during opening hours."));
	case NETPONT__ERROR_CODE__ERROR_CODE_NO_TIME_LEFT:
		return g_strdup(_("You have used all of today's computer time. "
		                  "Please come back tomorrow, or ask a mentor."));
	case NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE:
		return g_strdup(_("This PC cannot reach the server — please ask a mentor."));
	case NETPONT__ERROR_CODE__ERROR_CODE_OUT_OF_ORDER:
		return g_strdup(_("This PC is out of order. Please use another one."));
	case NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND:
	case NETPONT__ERROR_CODE__ERROR_CODE_AUTH:
		if (server_message == NULL || server_message[0] == '\0')
			return g_strdup(_("This login name is not known. Please check it, "
			                  "or ask a mentor."));
		break;
	case NETPONT__ERROR_CODE__ERROR_CODE_BOOKED:
		/* The server's sentence names whom the PC is kept for and until
		 * when. */
		if (server_message == NULL || server_message[0] == '\0')
			return g_strdup(
			    _("This PC is reserved now. Please ask a mentor for another "
			      "PC."));
		break;
	case NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT:
		if (server_message == NULL || server_message[0] == '\0')
			return g_strdup(_("This PC is already in use."));
		break;
	default:
		break;
	}
	if (server_message != NULL && server_message[0] != '\0')
		return g_strdup(server_message);
	return g_strdup(_("Something went wrong. Please ask a mentor."));
}

char *netpont_lock_text_time_left(gint64 remaining_s)
{
	if (remaining_s <= 0)
		return g_strdup(_("Your time is up"));
	if (remaining_s < 60)
		return g_strdup(_("Less than a minute left"));
	gint64 minutes = (remaining_s + 59) / 60;
	if (minutes >= 120) {
		gint64 hours = minutes / 60;
		minutes %= 60;
		return g_strdup_printf(_("%d h %02d min left"), (int)hours, (int)minutes);
	}
	return g_strdup_printf(
	    ngettext("%d minute left", "%d minutes left", (unsigned long)minutes), (int)minutes);
}

char *netpont_lock_text_help(const Netpont__HelpCall *help)
{
	if (help == NULL || help->id == 0)
		return NULL;
	switch (help->state) {
	case NETPONT__HELP_STATE__HELP_STATE_OPEN:
		return g_strdup(_("A mentor has been called. Please wait a moment."));
	case NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED: {
		/* The display name ("Dóra"), else the sign-in name (an older
		 * server sends no display name). */
		const char *who = help->acknowledged_by_display != NULL &&
		                          help->acknowledged_by_display[0] != '\0'
		                      ? help->acknowledged_by_display
		                      : help->acknowledged_by;
		if (who != NULL && who[0] != '\0')
			/* TRANSLATORS: %s is the mentor's first name, e.g. "Dóra is coming." */
			return g_strdup_printf(_("%s is coming."), who);
		return g_strdup(_("A mentor is coming."));
	}
	default:
		return NULL;
	}
}

char *netpont_lock_text_print_price(int pages, int copies, gint64 amount, const char *currency,
                                    unsigned decimals)
{
	char total[NP_MONEY_TEXT_MAX], unit[NP_MONEY_TEXT_MAX];
	if (copies < 1)
		copies = 1;
	gint64 sheets = (gint64)pages * copies;
	np_money_format(amount, decimals, currency, &np_money_screen, total, sizeof total);
	if (pages <= 0)
		/* TRANSLATORS: "Price: 80 Ft" */
		return g_strdup_printf(_("Price: %s"), total);
	g_autofree char *pages_text =
	    g_strdup_printf(ngettext("%d page", "%d pages", (unsigned long)pages), pages);
	if (amount % sheets != 0)
		/* TRANSLATORS: "4 pages = 80 Ft" */
		return g_strdup_printf(_("%s = %s"), pages_text, total);
	np_money_format(amount / sheets, decimals, currency, &np_money_screen, unit, sizeof unit);
	if (copies == 1)
		/* TRANSLATORS: "4 pages × 20 Ft = 80 Ft" */
		return g_strdup_printf(_("%s × %s = %s"), pages_text, unit, total);
	g_autofree char *copies_text =
	    g_strdup_printf(ngettext("%d copy", "%d copies", (unsigned long)copies), copies);
	/* TRANSLATORS: "3 pages × 2 copies × 20 Ft = 120 Ft" */
	return g_strdup_printf(_("%s × %s × %s = %s"), pages_text, copies_text, unit, total);
}

char *netpont_lock_text_closes_at(const char *close_time)
{
	if (close_time == NULL || close_time[0] == '\0' || strcmp(close_time, "24:00") == 0)
		return NULL;
	return g_strdup_printf(_("The room closes at %s."), close_time);
}

char *netpont_lock_text_hours_today(const char *hours_today, const char *close_time)
{
	g_autofree char *closes = netpont_lock_text_closes_at(close_time);
	if (hours_today == NULL || hours_today[0] == '\0')
		return g_steal_pointer(&closes);
	/* "09:00–12:00, 13:00–18:00" → "9:00–12:00, 13:00–18:00". */
	g_autoptr(GString) today = g_string_new(NULL);
	for (const char *p = hours_today; *p != '\0'; p++)
		if (!(*p == '0' && (p == hours_today || p[-1] == ' ' || (guchar)p[-1] == 0x93) &&
		      p[1] >= '0' && p[1] <= '9'))
			g_string_append_c(today, *p);
	/* TRANSLATORS: "Open today: 9:00–12:00, 13:00–18:00." */
	g_autofree char *open = g_strdup_printf(_("Open today: %s."), today->str);
	return closes != NULL ? g_strjoin(" ", open, closes, NULL) : g_steal_pointer(&open);
}

char *netpont_lock_text_warning_heading(const char *warning)
{
	if (g_strcmp0(warning, "5min") == 0)
		return g_strdup(_("5 minutes left"));
	if (g_strcmp0(warning, "1min") == 0)
		return g_strdup(_("1 minute left"));
	if (g_strcmp0(warning, "close5") == 0)
		return g_strdup(_("The room closes in 5 minutes"));
	return NULL;
}

char *netpont_lock_text_warning_body(const char *warning, const char *at)
{
	/* The PC is cleaned after every session: "save your work" would
	 * promise something the next minutes take away. */
	if (g_strcmp0(warning, "5min") == 0)
		/* TRANSLATORS: %s is the time the session ends, "17:55" */
		return g_strdup_printf(
		    _("Your session ends at %s. Then the files you left on this "
		      "PC are deleted. Keep what you need on a USB stick, or "
		      "e\u2011mail it to yourself. Ask a mentor if you need more "
		      "time."),
		    at);
	if (g_strcmp0(warning, "1min") == 0)
		/* TRANSLATORS: %s is the time the session ends, "17:55" */
		return g_strdup_printf(_("Your session ends at %s. The files you left on this PC "
		                         "will be deleted. Put what you need on a USB stick, or "
		                         "e\u2011mail it to yourself, now."),
		                       at);
	if (g_strcmp0(warning, "close5") == 0)
		/* TRANSLATORS: %s is the room's closing time, "18:00" */
		return g_strdup_printf(_("The room closes at %s, and your session ends then. The "
		                         "files you left on this PC will be deleted. Keep what you "
		                         "need on a USB stick, or e\u2011mail it to yourself."),
		                       at);
	return NULL;
}

char *netpont_lock_text_cost_so_far(gint64 amount, const char *currency, unsigned decimals)
{
	if (currency == NULL || currency[0] == '\0')
		return NULL;
	char money[NP_MONEY_TEXT_MAX];
	np_money_format(amount, decimals, currency, &np_money_screen, money, sizeof money);
	/* TRANSLATORS: what the session costs until now, "So far: 150 Ft" */
	return g_strdup_printf(_("So far: %s"), money);
}

/* ---------------------------------------------------------------- opening hours */

/* The weekdays in the forms a sentence needs, Monday first. Hungarian puts
 * a suffix on the day instead of "from", "to" and "on", so each form is its
 * own translatable string, told apart by context. */
static const char *const weekday_names[7] = {
    N_("Monday"), N_("Tuesday"),  N_("Wednesday"), N_("Thursday"),
    N_("Friday"), N_("Saturday"), N_("Sunday"),
};

typedef enum {
	WEEKDAY_ALONE, /* "Monday" in a list */
	WEEKDAY_FROM,  /* "Monday" in "Monday to Friday" */
	WEEKDAY_UNTIL, /* "Friday" in "Monday to Friday" */
	WEEKDAY_ON,    /* "Monday" in "opens again on Monday" */
} weekday_form;

static const char *weekday(int index, weekday_form form)
{
	static const char *const contexts[] = {"weekday", "weekday, start of a range",
	                                       "weekday, end of a range", "weekday, on that day"};
	return g_dpgettext2(GETTEXT_PACKAGE, contexts[form], weekday_names[index]);
}

char *netpont_lock_text_open_days(const char *open_days)
{
	gboolean open[7] = {FALSE};
	int count = 0;
	for (const char *p = open_days ? open_days : ""; *p != '\0'; p++)
		if (*p >= '1' && *p <= '7' && !open[*p - '1']) {
			open[*p - '1'] = TRUE;
			count++;
		}
	if (count == 0)
		return NULL;
	if (count == 7)
		return g_strdup(_("every day"));
	/* Runs of open days, each one item of the list. */
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
	for (int day = 0; day < 7;) {
		if (!open[day]) {
			day++;
			continue;
		}
		int end = day;
		while (end + 1 < 7 && open[end + 1])
			end++;
		if (end - day >= 2) {
			/* TRANSLATORS: a range of weekdays, "Monday to Friday". */
			g_ptr_array_add(items,
			                g_strdup_printf(_("%s to %s"), weekday(day, WEEKDAY_FROM),
			                                weekday(end, WEEKDAY_UNTIL)));
		} else {
			for (int d = day; d <= end; d++)
				g_ptr_array_add(items, g_strdup(weekday(d, WEEKDAY_ALONE)));
		}
		day = end + 1;
	}
	if (items->len == 1)
		return g_strdup(g_ptr_array_index(items, 0));
	/* Every item but the last, comma-separated, then the last. */
	g_autofree char *last = g_ptr_array_steal_index(items, items->len - 1);
	g_ptr_array_add(items, NULL);
	g_autofree char *head = g_strjoinv(", ", (char **)items->pdata);
	/* TRANSLATORS: the end of a list, "Monday, Wednesday and Friday": the
	 * first %s is the list so far, the second its last item. */
	return g_strdup_printf(_("%s and %s"), head, last);
}

/* "09:00" → "9:00": hours are written without a leading zero. */
static const char *clock_text(const char *hhmm)
{
	return hhmm[0] == '0' && hhmm[1] != '\0' && hhmm[1] != ':' ? hhmm + 1 : hhmm;
}

char *netpont_lock_text_opening_hours(const char *open_time, const char *close_time,
                                      const char *open_days)
{
	if (open_time == NULL || open_time[0] == '\0')
		return NULL;
	g_autofree char *days = netpont_lock_text_open_days(open_days);
	if (days == NULL)
		return NULL;
	/* The agent knows today's closing time only: none on a day the room
	 * is closed, nor when it closes at midnight. */
	if (close_time == NULL || close_time[0] == '\0')
		/* TRANSLATORS: "Opening hours: Monday to Friday, from 9:00", with a
		 * no-break space, so "from" stays with the time. */
		return g_strdup_printf(_("Opening hours: %s, from\u00a0%s"), days,
		                       clock_text(open_time));
	/* TRANSLATORS: "Opening hours: Monday to Friday, 9:00–18:00". */
	return g_strdup_printf(_("Opening hours: %s, %s–%s"), days, clock_text(open_time),
	                       clock_text(close_time));
}

char *netpont_lock_text_opens_next(gint64 opens_at, GDateTime *now)
{
	if (opens_at <= 0)
		return NULL;
	g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(opens_at);
	g_autoptr(GDateTime) at = g_date_time_to_timezone(utc, g_date_time_get_timezone(now));
	g_autofree char *hhmm = g_date_time_format(at, "%H:%M");
	const char *time = clock_text(hhmm);
	/* Whole calendar days between today and that day. */
	GDate today, day;
	g_date_clear(&today, 1);
	g_date_clear(&day, 1);
	g_date_set_dmy(&today, (GDateDay)g_date_time_get_day_of_month(now),
	               (GDateMonth)g_date_time_get_month(now),
	               (GDateYear)g_date_time_get_year(now));
	g_date_set_dmy(&day, (GDateDay)g_date_time_get_day_of_month(at),
	               (GDateMonth)g_date_time_get_month(at), (GDateYear)g_date_time_get_year(at));
	int days = g_date_days_between(&today, &day);
	if (days <= 0)
		return g_strdup_printf(_("Opens again today at %s."), time);
	if (days == 1)
		return g_strdup_printf(_("Opens again tomorrow at %s."), time);
	if (days < 7)
		/* TRANSLATORS: "Opens again on Monday at 9:00." */
		return g_strdup_printf(_("Opens again on %s at %s."),
		                       weekday(g_date_time_get_day_of_week(at) - 1, WEEKDAY_ON),
		                       time);
	g_autofree char *date = g_date_time_format(at, "%Y-%m-%d");
	return g_strdup_printf(_("Opens again on %s at %s."), date, time);
}

/* ---------------------------------------------------------------- bookings */

/* "14:00" of the Unix time at, in now's time zone, without a leading zero. */
static char *local_clock(gint64 at, GDateTime *now)
{
	g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc(at);
	g_autoptr(GDateTime) local = g_date_time_to_timezone(utc, g_date_time_get_timezone(now));
	g_autofree char *hhmm = g_date_time_format(local, "%H:%M");
	return g_strdup(clock_text(hhmm));
}

char *netpont_lock_text_booking(const Netpont__BookingNotice *booking, GDateTime *now)
{
	if (booking == NULL || booking->booking_id == 0)
		return NULL;
	gint64 t = g_date_time_to_unix(now);
	if (t >= booking->ends_at || booking->starts_at - t > NETPONT_LOCK_BOOKING_AHEAD_S)
		return NULL;
	const char *who = booking->reserved_for != NULL ? booking->reserved_for : "";
	if (t < booking->starts_at) {
		g_autofree char *from = local_clock(booking->starts_at, now);
		if (booking->course)
			/* TRANSLATORS: on the login screen: "Reserved for the course
			 * Digital skills for seniors from 14:00" */
			return g_strdup_printf(_("Reserved for the course %s from %s"), who, from);
		/* TRANSLATORS: on the login screen: "Reserved for Kovács Mária from 14:00" */
		return g_strdup_printf(_("Reserved for %s from %s"), who, from);
	}
	g_autofree char *until = local_clock(booking->ends_at, now);
	if (booking->course)
		/* TRANSLATORS: "Reserved for the course Digital skills for seniors until 15:30" */
		return g_strdup_printf(_("Reserved for the course %s until %s"), who, until);
	/* TRANSLATORS: "Reserved for Kovács Mária until 15:30" */
	return g_strdup_printf(_("Reserved for %s until %s"), who, until);
}

char *netpont_lock_text_booked_from(gint64 booked_from, GDateTime *now)
{
	if (booked_from <= 0)
		return NULL;
	g_autofree char *from = local_clock(booked_from, now);
	/* TRANSLATORS: why a session is short: "This PC is reserved from 14:00,
	 * so your time ends then." */
	return g_strdup_printf(_("This PC is reserved from %s, so your time ends then."), from);
}

/* ---------------------------------------------------------------- goodbye */

char *netpont_lock_text_goodbye_title(const char *reason)
{
	if (g_strcmp0(reason, "time_up") == 0)
		return g_strdup(_("Your time is up"));
	return g_strdup(_("Goodbye"));
}

char *netpont_lock_text_goodbye_body(gint64 used_s, gint64 cost, const char *currency,
                                     unsigned decimals)
{
	g_autofree char *used = NULL;
	gint64 minutes = (used_s + 30) / 60;
	if (minutes < 1)
		used = g_strdup(_("You used the PC for less than a minute."));
	else if (minutes < 60)
		used = g_strdup_printf(ngettext("You used the PC for %d minute.",
		                                "You used the PC for %d minutes.",
		                                (unsigned long)minutes),
		                       (int)minutes);
	else
		used = g_strdup_printf(_("You used the PC for %d h %02d min."), (int)(minutes / 60),
		                       (int)(minutes % 60));
	if (cost <= 0)
		return g_strdup_printf("%s\n%s", used, _("It was free."));
	char money[NP_MONEY_TEXT_MAX];
	np_money_format(cost, decimals, currency, &np_money_screen, money, sizeof money);
	g_autofree char *cost_text = g_strdup_printf(_("It cost %s."), money);
	return g_strdup_printf("%s\n%s", used, cost_text);
}

/* ---------------------------------------------------------------- the page */

gboolean netpont_lock_text_notice(const Netpont__ControlStatusReply *st, GDateTime *now,
                                  char **title, char **body)
{
	*title = *body = NULL;
	if (st == NULL || st->unlocked)
		return FALSE;
	const Netpont__ControlSessionSummary *bye = st->last_session;
	if (bye != NULL && bye->ended_at > 0 &&
	    g_date_time_to_unix(now) < bye->ended_at + NETPONT_LOCK_GOODBYE_S) {
		*title = netpont_lock_text_goodbye_title(bye->reason);
		*body = netpont_lock_text_goodbye_body(bye->used_s, bye->cost, st->currency,
		                                       st->currency_decimals);
	} else if (st->out_of_order) {
		*title = g_strdup(_("This PC is out of order"));
		*body = g_strdup(_("Please use another one."));
	} else if (st->resetting) {
		*title = g_strdup(_("This PC is getting ready for you"));
		*body = g_strdup(_("It takes a moment. You can log in as soon as it is ready."));
	} else if (st->closed) {
		*title = g_strdup(_("The room is closed now"));
		g_autofree char *hours =
		    netpont_lock_text_opening_hours(st->open_time, st->close_time, st->open_days);
		g_autofree char *next = netpont_lock_text_opens_next(st->opens_next_at, now);
		*body = g_strstrip(g_strjoin("\n", hours ? hours : "", next ? next : "", NULL));
	}
	return *title != NULL;
}
