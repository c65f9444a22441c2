/* The agent's log lines, through common/np_log.h: one line per event on
 * stderr ("netpont-agent: PC-03 unlocked for kovacs"), or with sd-daemon's
 * priority prefix when stderr is the journal, which adds the time. Each
 * format is a gettext msgid of the domain "netpont-agent" and is translated
 * into the process's language before it is formatted (xgettext's keywords:
 * agent_log, agent_notice, agent_warn, agent_error, agent_debug and
 * agent_log_at:2). */
#ifndef NETPONT_AGENT_LOG_H
#define NETPONT_AGENT_LOG_H

#include "common/np_log.h"

#define AGENT_LOG_DOMAIN "netpont-agent"

/* An ordinary event of the PC's day (info level). */
__attribute__((format(printf, 1, 2))) void agent_log(const char *fmt, ...);

/* The same at a level of the caller's choice. */
__attribute__((format(printf, 2, 3))) void agent_log_at(np_log_level level, const char *fmt, ...);

/* A rare event worth keeping: start, stop, a connection (notice). */
__attribute__((format(printf, 1, 2))) void agent_notice(const char *fmt, ...);

/* A refusal or a problem the administrator should look at (warning). */
__attribute__((format(printf, 1, 2))) void agent_warn(const char *fmt, ...);

/* Something failed (error). */
__attribute__((format(printf, 1, 2))) void agent_error(const char *fmt, ...);

/* Detail for finding a fault (debug; not shown at the default level). */
__attribute__((format(printf, 1, 2))) void agent_debug(const char *fmt, ...);

#endif
