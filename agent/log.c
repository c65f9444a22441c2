#include "log.h"

#include <stdarg.h>

void agent_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(NP_LOG_INFO, fmt, ap);
	va_end(ap);
}

void agent_log_at(np_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(level, fmt, ap);
	va_end(ap);
}

void agent_notice(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(NP_LOG_NOTICE, fmt, ap);
	va_end(ap);
}

void agent_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(NP_LOG_WARNING, fmt, ap);
	va_end(ap);
}

void agent_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(NP_LOG_ERROR, fmt, ap);
	va_end(ap);
}

void agent_debug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(NP_LOG_DEBUG, fmt, ap);
	va_end(ap);
}
