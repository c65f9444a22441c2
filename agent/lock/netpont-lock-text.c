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
	case NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED:
		if (help->acknowledged_by != NULL && help->acknowledged_by[0] != '\0')
			/* TRANSLATORS: %s is the mentor's first name, e.g. "Dóra is coming." */
			return g_strdup_printf(_("%s is coming."), help->acknowledged_by);
		return g_strdup(_("A mentor is coming."));
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
