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
	return g_test_run();
}
