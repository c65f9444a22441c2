/* The lock screen's sentences: refusals, time left, help state and print
 * prices, translated through gettext (domain "netpont-lock"). Pure functions
 * of their arguments, so tests can check them without a window. Every
 * function returns a new string the caller frees with g_free(). */
#ifndef NETPONT_LOCK_TEXT_H
#define NETPONT_LOCK_TEXT_H

#include <glib.h>

#include "frame.h"

G_BEGIN_DECLS

#define NETPONT_LOCK_DOMAIN "netpont-lock"

/* The sentence for a refused request. code is an ErrorCode; server_message
 * is what the agent/server said and is used when there is no better
 * sentence of our own. */
char *netpont_lock_text_error(int code, int tries_left, const char *server_message);

/* "42 minutes left", "1 minute left", "Less than a minute left". */
char *netpont_lock_text_time_left(gint64 remaining_s);

/* The help call's state for the resident, or NULL when there is nothing to say. */
char *netpont_lock_text_help(const Netpont__HelpCall *help);

/* "4 pages × 20 Ft = 80 Ft" (and "× 2 copies" when there are copies), the
 * amounts (minor units) in the site's currency with its decimals, written as
 * every screen writes money (np_money_format(), np_money_screen). The unit
 * price is shown only when the total divides evenly. Caller frees. */
char *netpont_lock_text_print_price(int pages, int copies, gint64 amount, const char *currency,
                                    unsigned decimals);

/* The session warnings the agent pushes (ControlEvent.warning): "5min",
 * "1min" (time left) and "close5" (the room closes in 5 minutes). Each says
 * plainly that the files left on the PC are deleted when the session ends,
 * and where to keep them instead. at is when the session ends ("17:55").
 * NULL for a word that is not a warning. */
char *netpont_lock_text_warning_heading(const char *warning);
char *netpont_lock_text_warning_body(const char *warning, const char *at);

/* "So far: 150 Ft": the running session's cost (minor units) written as
 * every screen writes money (np_money_screen); NULL when the currency is
 * not known yet. */
char *netpont_lock_text_cost_so_far(gint64 amount, const char *currency, unsigned decimals);

/* "The room closes at 18:00.", or NULL when close_time is empty. */
char *netpont_lock_text_closes_at(const char *close_time);

/* What the login screen says of the hours: "Open today: 9:00–12:00,
 * 13:00–18:00. The room closes at 12:00." from today's hours (a newer
 * server's ControlStatusReply.hours_today) and the closing ahead; only the
 * closing when hours_today is empty; NULL when neither is known. */
char *netpont_lock_text_hours_today(const char *hours_today, const char *close_time);

/* The days the room opens, from open_days ("12345", 1 = Monday) in words in
 * the current language: "every day", "Monday to Friday", "Monday, Wednesday
 * and Friday". Runs of three or more days read as a range. NULL when
 * open_days names no day. */
char *netpont_lock_text_open_days(const char *open_days);

/* "Opening hours: Monday to Friday, 9:00–18:00", or "..., from 9:00" when
 * close_time is empty (the agent knows today's closing time only, and there
 * is none on a closed day), or NULL when open_time or open_days is empty. */
char *netpont_lock_text_opening_hours(const char *open_time, const char *close_time,
                                      const char *open_days);

/* When the room opens next, relative to now (local time): "Opens again
 * today at 9:00.", "... tomorrow at 9:00.", "... on Monday at 9:00." (within
 * a week), else with the date. NULL when opens_at is 0 (unknown). */
char *netpont_lock_text_opens_next(gint64 opens_at, GDateTime *now);

/* How far ahead of a booking the login screen shows it. */
#define NETPONT_LOCK_BOOKING_AHEAD_S (60 * 60)

/* The login screen's notice of the PC's booking (ControlStatusReply.booking)
 * at now, large and plain: "Reserved for Kovács Mária from 14:00", "Reserved
 * for the course Digital skills for seniors from 14:00" (an hour ahead at
 * most), "Reserved for … until 15:30" while it runs. NULL when there is no
 * booking, it is further ahead, or it has ended. */
char *netpont_lock_text_booking(const Netpont__BookingNotice *booking, GDateTime *now);

/* Why a session is short (ControlStatusReply.booked_from): "This PC is
 * reserved from 14:00, so your time ends then."; NULL when booked_from is 0. */
char *netpont_lock_text_booked_from(gint64 booked_from, GDateTime *now);

/* The goodbye page's title: "Your time is up" when reason is "time_up",
 * else "Goodbye". */
char *netpont_lock_text_goodbye_title(const char *reason);

/* The goodbye page's text: how long the session ran and what it cost, e.g.
 * "You used the PC for 45 minutes.\nIt cost 450 Ft." (money written as on
 * every screen, np_money_screen). */
char *netpont_lock_text_goodbye_body(gint64 used_s, gint64 cost, const char *currency,
                                     unsigned decimals);

/* How long the goodbye page shows after a session ended, in seconds. */
#define NETPONT_LOCK_GOODBYE_S 15

/* What the locked screen shows instead of the login form, given the agent's
 * status st at now, most important first: the goodbye page (while
 * st->last_session ended less than NETPONT_LOCK_GOODBYE_S ago, even when
 * the PC is then out of order or the room closed), out of order, getting
 * ready (resetting), closed. Returns FALSE with *title and *body NULL when
 * the login form shows (also for NULL or an unlocked st); else sets them to
 * new strings (body may hold several lines) the caller frees. */
gboolean netpont_lock_text_notice(const Netpont__ControlStatusReply *st, GDateTime *now,
                                  char **title, char **body);

G_END_DECLS

#endif
