#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void agent_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* One fprintf per line, so lines from hooks' children do not cut in. */
	fprintf(stderr, "netpont-agent: %s\n", line);
	fflush(stderr);
}
