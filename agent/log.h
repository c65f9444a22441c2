/* One log line to stderr ("netpont-agent: PC-03 unlocked for kovacs"); under
 * systemd the journal adds the time. */
#ifndef NETPONT_AGENT_LOG_H
#define NETPONT_AGENT_LOG_H

__attribute__((format(printf, 1, 2))) void agent_log(const char *fmt, ...);

#endif
