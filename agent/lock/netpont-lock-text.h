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

G_END_DECLS

#endif
