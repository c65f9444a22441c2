/* np_log: the log lines of netpontd and netpont-agent, one line per event on
 * stderr, with a level and in the language of the process's locale.
 *
 * Under systemd, stderr is the journal (JOURNAL_STREAM names its device and
 * inode): each line then starts with sd-daemon's priority prefix ("<3>" for
 * an error … "<7>" for debug, <systemd/sd-daemon.h>) and without the
 * program's name, which the journal records itself; `journalctl -u netpontd
 * -p warning` shows warnings and errors only. Anywhere else (a terminal, a
 * test's log file) a line reads "netpontd: MESSAGE" as it always has.
 *
 * A message is a printf format that is also a gettext msgid: np_log()
 * translates it in the program's domain into the language LC_ALL,
 * LC_MESSAGES or LANG (and LANGUAGE, as gettext reads them) name, before
 * formatting. The language is looked up under C.UTF-8 with LANGUAGE set, as
 * server/core/i18n.c does, so "hu" works without a generated hu_HU locale;
 * np_log_init() puts the language it found into LANGUAGE (netpontd changes
 * LANGUAGE per request, and the log puts its own back for each lookup).
 * xgettext finds the messages by the keywords np_log:2 and np_log_text:1
 * (po/CMakeLists.txt).
 *
 * Newlines and other control characters inside a message become spaces, so
 * one event is always one line. Lines longer than NP_LOG_LINE_MAX bytes are
 * cut.
 *
 * Not thread-safe: log from one thread (both programs log from their event
 * loop's thread only). */
#ifndef NETPONT_NP_LOG_H
#define NETPONT_NP_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define NP_LOG_LINE_MAX 2048

/* The levels are syslog's priorities, the numbers sd-daemon's prefixes
 * carry. */
typedef enum np_log_level {
	NP_LOG_ERROR = 3,   /* something failed: a start refused, a database error */
	NP_LOG_WARNING = 4, /* a refusal or a problem an administrator should see */
	NP_LOG_NOTICE = 5,  /* start, stop and other rare events worth keeping */
	NP_LOG_INFO = 6,    /* the room's day: logins, logouts, help calls */
	NP_LOG_DEBUG = 7,   /* detail for finding a fault */
} np_log_level;

#define NP_LOG_LEVEL_NAMES "error, warning, notice, info, debug"

/* Sets the program's name ("netpontd"; borrowed, must outlive the log), its
 * gettext domain (borrowed likewise) bound to localedir (NULL: gettext's
 * default), reads the language from the environment and whether stderr is
 * the journal. The level starts at info, or at NETPONT_LOG_LEVEL's level when
 * that variable names one (anything else there is logged as a warning and
 * ignored). Call once, first thing in main(). */
void np_log_init(const char *program, const char *domain, const char *localedir);

/* Reads a level's name ("warning", any case) into *out. Returns true, or
 * false (and *out unchanged) for anything else. */
bool np_log_level_parse(const char *name, np_log_level *out);

/* The sentence refusing a bad level in the config file's section ("server",
 * "agent"), translated like a log line, into out (size bytes). */
void np_log_level_problem(const char *section, const char *value, char *out, size_t size);

/* Logs only lines at level or more severe from now on; NETPONT_LOG_LEVEL
 * in the environment, when it names a level, wins over this (an
 * administrator's one-off "debug" without editing the config). */
void np_log_set_level(np_log_level level);

/* Whether a line at level would be written now. */
bool np_log_enabled(np_log_level level);

/* Writes one line at level: fmt translated, then formatted with the
 * arguments. */
__attribute__((format(printf, 2, 3))) void np_log(np_log_level level, const char *fmt, ...);

/* The same with a va_list. */
__attribute__((format(printf, 2, 0))) void np_logv(np_log_level level, const char *fmt, va_list ap);

/* The translation of msgid in the log's language (msgid itself in English or
 * without a translation), for a sentence built before it is logged. The
 * result is static. */
const char *np_log_text(const char *msgid) __attribute__((format_arg(1)));

/* The log's language as a code for server/core/i18n.h ("hu", "hu_HU"), or ""
 * for English. The result is static. */
const char *np_log_language(void);

/* Whether lines go to the journal (with priority prefixes). */
bool np_log_journal(void);

#endif
