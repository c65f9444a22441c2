/* The lock screen's sentences in English and, through the compiled
 * po/netpont-lock/hu.po, in Hungarian. No display needed. */
#include <locale.h>
#include <stdlib.h>

#include <glib.h>

#include "netpont-lock-i18n.h"
#include "netpont-lock-text.h"

static void use_language(const char *lang)
{
	netpont_lock_i18n_set_language(lang);
}

static void check(char *got, const char *want)
{
	g_assert_cmpstr(got, ==, want);
	g_free(got);
}

static void test_errors_english(void)
{
	use_language("en");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, 2, "x"),
	      "Wrong PIN — 2 tries left. A mentor can reset it.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, 1, "x"),
	      "Wrong PIN — 1 try left. A mentor can reset it.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE, 0, "x"),
	      "This PC cannot reach the server — please ask a mentor.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_OUT_OF_ORDER, 0, NULL),
	      "This PC is out of order. Please use another one.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_CLOSED, 0, NULL),
	      "The room is closed now. Please come back during opening hours.");
	/* No sentence of our own: the server's is shown. */
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT, 0,
	                              "PC-03 is already in use by Kovács Mária."),
	      "PC-03 is already in use by Kovács Mária.");
	/* A lock-out is for a while: the server's sentence says until when. */
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT, 0,
	                              "Too many wrong PINs for kovacs: try again after 14:05, or "
	                              "ask a mentor to reset the PIN."),
	      "Too many wrong PINs for kovacs: try again after 14:05, or ask a mentor to reset the "
	      "PIN.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT, 0, NULL),
	      "Your account is locked after too many wrong PINs. Please ask a mentor to reset "
	      "your PIN.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL, 0, ""),
	      "Something went wrong. Please ask a mentor.");
}

static void test_times_and_prices(void)
{
	use_language("en");
	check(netpont_lock_text_time_left(42 * 60), "42 minutes left");
	check(netpont_lock_text_time_left(61), "2 minutes left");
	check(netpont_lock_text_time_left(60), "1 minute left");
	check(netpont_lock_text_time_left(30), "Less than a minute left");
	check(netpont_lock_text_time_left(0), "Your time is up");
	check(netpont_lock_text_time_left(3 * 3600 + 5 * 60), "3 h 05 min left");
	check(netpont_lock_text_print_price(4, 1, 80, "HUF", 0),
	      "4 pages × 20\u00a0Ft = 80\u00a0Ft");
	check(netpont_lock_text_print_price(3, 2, 120, "HUF", 0),
	      "3 pages × 2 copies × 20\u00a0Ft = 120\u00a0Ft");
	check(netpont_lock_text_print_price(1, 1, 20, "HUF", 0),
	      "1 page × 20\u00a0Ft = 20\u00a0Ft");
	check(netpont_lock_text_print_price(0, 1, 0, "HUF", 0), "Price: 0\u00a0Ft");
	/* The site's currency, not a fixed forint. */
	check(netpont_lock_text_print_price(4, 1, 80, NULL, 0),
	      "4 pages × 20\u00a0Ft = 80\u00a0Ft");
	/* Amounts are minor units: the site's decimals are written, as on
	 * every other screen. */
	check(netpont_lock_text_print_price(2, 1, 300, "EUR", 2),
	      "2 pages × 1,50\u00a0EUR = 3,00\u00a0EUR");
	check(netpont_lock_text_print_price(3, 1, 10, "CHF", 0), "3 pages = 10\u00a0CHF");
	check(netpont_lock_text_print_price(4, 1, 1234500, "HUF", 0),
	      "4 pages × 308\u00a0625\u00a0Ft = 1\u00a0234\u00a0500\u00a0Ft");
	check(netpont_lock_text_closes_at("18:00"), "The room closes at 18:00.");
	g_assert_null(netpont_lock_text_closes_at("24:00"));
	g_assert_null(netpont_lock_text_closes_at(""));
	Netpont__HelpCall help = NETPONT__HELP_CALL__INIT;
	g_assert_null(netpont_lock_text_help(&help));
	help.id = 7;
	help.state = NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED;
	help.acknowledged_by = "Dóra";
	check(netpont_lock_text_help(&help), "Dóra is coming.");
	help.state = NETPONT__HELP_STATE__HELP_STATE_RESOLVED;
	g_assert_null(netpont_lock_text_help(&help));
}

static void test_hungarian(void)
{
	use_language("hu");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_WRONG_PIN, 2, "x"),
	      "Hibás PIN-kód — még 2 próbálkozás maradt. Egy mentor vissza tudja állítani.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_OFFLINE, 0, NULL),
	      "Ez a gép nem éri el a szervert — kérjük, szóljon egy mentornak.");
	check(netpont_lock_text_time_left(5 * 60), "Még 5 perc van hátra");
	check(netpont_lock_text_print_price(4, 1, 80, "HUF", 0),
	      "4 oldal × 20\u00a0Ft = 80\u00a0Ft");
	Netpont__HelpCall help = NETPONT__HELP_CALL__INIT;
	help.id = 7;
	help.state = NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED;
	help.acknowledged_by = "Dóra";
	check(netpont_lock_text_help(&help), "Dóra már jön.");
	use_language("en");
}

/* The mentor who answers is named by their display name ("Dóra"), not by
 * the account's sign-in name; a call the end of a session closed says
 * nothing any more. */
static void test_help_names_the_display_name(void)
{
	Netpont__HelpCall help = NETPONT__HELP_CALL__INIT;
	help.id = 7;
	help.state = NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED;
	help.acknowledged_by = "dora";
	help.acknowledged_by_display = "Dóra";
	check(netpont_lock_text_help(&help), "Dóra is coming.");
	help.acknowledged_by_display = "";
	check(netpont_lock_text_help(&help), "dora is coming.");
	help.state = NETPONT__HELP_STATE__HELP_STATE_CANCELLED;
	help.close_reason = "session_ended";
	g_assert_null(netpont_lock_text_help(&help));
}

/* A fixed "now": Wednesday 2 December 2026, 20:00, in UTC so the test does
 * not depend on the machine's zone. */
static GDateTime *wednesday_evening(void)
{
	return g_date_time_new_utc(2026, 12, 2, 20, 0, 0);
}

static gint64 at(int day, int hour)
{
	g_autoptr(GDateTime) t = g_date_time_new_utc(2026, 12, day, hour, 0, 0);
	return g_date_time_to_unix(t);
}

static void test_opening_hours(void)
{
	use_language("en");
	check(netpont_lock_text_open_days("1234567"), "every day");
	check(netpont_lock_text_open_days("12345"), "Monday to Friday");
	check(netpont_lock_text_open_days("135"), "Monday, Wednesday and Friday");
	check(netpont_lock_text_open_days("12"), "Monday and Tuesday");
	check(netpont_lock_text_open_days("12346"), "Monday to Thursday and Saturday");
	check(netpont_lock_text_open_days("3"), "Wednesday");
	g_assert_null(netpont_lock_text_open_days(""));
	check(netpont_lock_text_opening_hours("09:00", "18:00", "12345"),
	      "Opening hours: Monday to Friday, 9:00–18:00");
	g_assert_null(netpont_lock_text_opening_hours("", "18:00", "12345"));
	/* On a closed day the agent has no closing time. */
	check(netpont_lock_text_opening_hours("09:00", "", "12345"),
	      "Opening hours: Monday to Friday, from\u00a09:00");
	g_autoptr(GDateTime) now = wednesday_evening();
	check(netpont_lock_text_opens_next(at(2, 21), now), "Opens again today at 21:00.");
	check(netpont_lock_text_opens_next(at(3, 9), now), "Opens again tomorrow at 9:00.");
	check(netpont_lock_text_opens_next(at(7, 9), now), "Opens again on Monday at 9:00.");
	check(netpont_lock_text_opens_next(at(14, 9), now), "Opens again on 2026-12-14 at 9:00.");
	g_assert_null(netpont_lock_text_opens_next(0, now));

	use_language("hu");
	check(netpont_lock_text_opening_hours("09:00", "18:00", "12345"),
	      "Nyitvatartás: hétfőtől péntekig, 9:00–18:00");
	check(netpont_lock_text_opening_hours("10:00", "", "1234567"),
	      "Nyitvatartás: minden nap, 10:00-tól");
	check(netpont_lock_text_open_days("135"), "hétfő, szerda és péntek");
	check(netpont_lock_text_open_days("1234567"), "minden nap");
	check(netpont_lock_text_opens_next(at(3, 9), now), "Újra nyit: holnap 9:00-kor.");
	check(netpont_lock_text_opens_next(at(7, 9), now), "Újra nyit: hétfőn 9:00-kor.");
	use_language("en");
}

/* The login screen's line of hours: today's hours (with a lunch break)
 * and the closing ahead; only the closing from an older server. */
/* The booking's line on the login screen: an hour ahead at most, "until"
 * while it runs, nothing once it has ended; why a session is short; the
 * refusal when the server gives no sentence. */
static void test_booking(void)
{
	use_language("en");
	g_autoptr(GDateTime) now = wednesday_evening(); /* 20:00 UTC */
	Netpont__BookingNotice b = NETPONT__BOOKING_NOTICE__INIT;
	g_assert_null(netpont_lock_text_booking(NULL, now));
	g_assert_null(netpont_lock_text_booking(&b, now)); /* booking_id 0: none */
	b.booking_id = 4;
	b.reserved_for = "Kovács Mária";
	b.starts_at = at(2, 21);
	b.ends_at = at(2, 22);
	check(netpont_lock_text_booking(&b, now), "Reserved for Kovács Mária from 21:00");
	b.starts_at = at(2, 21) + 60; /* more than an hour ahead */
	g_assert_null(netpont_lock_text_booking(&b, now));
	b.starts_at = at(2, 19);
	check(netpont_lock_text_booking(&b, now), "Reserved for Kovács Mária until 22:00");
	b.ends_at = at(2, 20); /* ended */
	g_assert_null(netpont_lock_text_booking(&b, now));
	b.course = TRUE;
	b.reserved_for = "Digital skills for seniors";
	b.ends_at = at(2, 21);
	check(netpont_lock_text_booking(&b, now),
	      "Reserved for the course Digital skills for seniors until 21:00");
	check(netpont_lock_text_booked_from(at(2, 21), now),
	      "This PC is reserved from 21:00, so your time ends then.");
	g_assert_null(netpont_lock_text_booked_from(0, now));
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_BOOKED, 0, NULL),
	      "This PC is reserved now. Please ask a mentor for another PC.");
	check(netpont_lock_text_error(NETPONT__ERROR_CODE__ERROR_CODE_BOOKED, 0,
	                              "This PC is reserved for Kovács Mária until 11:00. Please "
	                              "ask a mentor for another PC."),
	      "This PC is reserved for Kovács Mária until 11:00. Please ask a mentor for another "
	      "PC.");

	use_language("hu");
	b.starts_at = at(2, 21);
	b.ends_at = at(2, 22);
	check(netpont_lock_text_booking(&b, now),
	      "Foglalva a tanfolyamnak 21:00 órától: Digital skills for seniors");
	b.course = FALSE;
	b.reserved_for = "Kovács Mária";
	check(netpont_lock_text_booking(&b, now), "Foglalva 21:00 órától: Kovács Mária");
	check(netpont_lock_text_booked_from(at(2, 21), now),
	      "Ez a gép 21:00 órától foglalt, ezért akkor lejár az ideje.");
	use_language("en");
}

static void test_hours_today(void)
{
	use_language("en");
	check(netpont_lock_text_hours_today("09:00–12:00, 13:00–18:00", "12:00"),
	      "Open today: 9:00–12:00, 13:00–18:00. The room closes at 12:00.");
	check(netpont_lock_text_hours_today("10:00–24:00", ""), "Open today: 10:00–24:00.");
	check(netpont_lock_text_hours_today("", "18:00"), "The room closes at 18:00.");
	g_assert_null(netpont_lock_text_hours_today(NULL, ""));
	use_language("hu");
	check(netpont_lock_text_hours_today("09:00\u201312:00, 13:00\u201318:00", ""),
	      "Ma nyitva: 9:00\u201312:00, 13:00\u201318:00.");
	use_language("en");
}

static void test_goodbye(void)
{
	use_language("en");
	check(netpont_lock_text_goodbye_title("time_up"), "Your time is up");
	check(netpont_lock_text_goodbye_title("logout"), "Goodbye");
	check(netpont_lock_text_goodbye_body(45 * 60, 450, "HUF", 0),
	      "You used the PC for 45 minutes.\nIt cost 450\u00a0Ft.");
	check(netpont_lock_text_goodbye_body(65 * 60 + 10, 1250, "EUR", 2),
	      "You used the PC for 1 h 05 min.\nIt cost 12,50\u00a0EUR.");
	check(netpont_lock_text_goodbye_body(20, 0, "HUF", 0),
	      "You used the PC for less than a minute.\nIt was free.");
	use_language("hu");
	check(netpont_lock_text_goodbye_title("time_up"), "Lejárt az ideje");
	check(netpont_lock_text_goodbye_body(60, 20, "HUF", 0),
	      "1 percig használta a gépet.\nEnnyibe került: 20\u00a0Ft.");
	use_language("en");
}

/* Which page the locked screen shows for a status. */
static void test_notice(void)
{
	use_language("en");
	g_autoptr(GDateTime) now = wednesday_evening();
	char *title, *body;
	Netpont__ControlStatusReply st = NETPONT__CONTROL_STATUS_REPLY__INIT;
	st.currency = "HUF";
	g_assert_false(netpont_lock_text_notice(&st, now, &title, &body));
	g_assert_null(title);
	g_assert_false(netpont_lock_text_notice(NULL, now, &title, &body));

	st.closed = TRUE;
	st.open_time = "09:00";
	st.close_time = "18:00";
	st.open_days = "12345";
	st.opens_next_at = at(3, 9);
	g_assert_true(netpont_lock_text_notice(&st, now, &title, &body));
	check(title, "The room is closed now");
	check(body, "Opening hours: Monday to Friday, 9:00–18:00\nOpens again tomorrow at 9:00.");

	st.resetting = TRUE;
	g_assert_true(netpont_lock_text_notice(&st, now, &title, &body));
	check(title, "This PC is getting ready for you");
	g_free(body);

	st.out_of_order = TRUE;
	g_assert_true(netpont_lock_text_notice(&st, now, &title, &body));
	check(title, "This PC is out of order");
	check(body, "Please use another one.");

	/* Goodbye first, for its 15 seconds. */
	Netpont__ControlSessionSummary bye = NETPONT__CONTROL_SESSION_SUMMARY__INIT;
	bye.used_s = 45 * 60;
	bye.cost = 450;
	bye.reason = "time_up";
	bye.ended_at = g_date_time_to_unix(now) - 14;
	st.last_session = &bye;
	g_assert_true(netpont_lock_text_notice(&st, now, &title, &body));
	check(title, "Your time is up");
	check(body, "You used the PC for 45 minutes.\nIt cost 450\u00a0Ft.");
	bye.ended_at = g_date_time_to_unix(now) - 15;
	g_assert_true(netpont_lock_text_notice(&st, now, &title, &body));
	check(title, "This PC is out of order");
	g_free(body);

	/* Nothing while the PC is in use. */
	st.unlocked = TRUE;
	g_assert_false(netpont_lock_text_notice(&st, now, &title, &body));
}

int main(int argc, char **argv)
{
	g_setenv("LANGUAGE", "en", TRUE);
	const char *build = g_getenv("NETPONT_BUILD_DIR");
	g_autofree char *localedir = g_build_filename(build ? build : ".", "locale", NULL);
	netpont_lock_i18n_init(localedir);
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/lock-text/errors-english", test_errors_english);
	g_test_add_func("/lock-text/times-and-prices", test_times_and_prices);
	g_test_add_func("/lock-text/hungarian", test_hungarian);
	g_test_add_func("/lock-text/help-names-the-display-name", test_help_names_the_display_name);
	g_test_add_func("/lock-text/opening-hours", test_opening_hours);
	g_test_add_func("/lock-text/hours-today", test_hours_today);
	g_test_add_func("/lock-text/booking", test_booking);
	g_test_add_func("/lock-text/goodbye", test_goodbye);
	g_test_add_func("/lock-text/notice", test_notice);
	return g_test_run();
}
