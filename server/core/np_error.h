/* A refusal as the server reports it: a protocol error code and a sentence a
 * mentor or resident can act on. Every layer of the server (core rules,
 * store, gateway) fills one of these instead of logging and giving up; the
 * gateway turns it into an Error reply unchanged. */
#ifndef NETPONT_NP_ERROR_H
#define NETPONT_NP_ERROR_H

#include <stdarg.h>
#include <stdio.h>

#include "netpont.pb-c.h"

typedef struct np_err {
	Netpont__ErrorCode code;  /* NETPONT__ERROR_CODE__UNSPECIFIED when none */
	char message[256];        /* "Seat PC-03 is in use by Mrs Kovács." */
	int tries_left;           /* with NETPONT__ERROR_CODE__WRONG_PIN */
} np_err;

/* Sets code and a printf-formatted message; returns -1 so that callers can
 * write `return np_err_set(err, ...);`. err may be NULL. */
__attribute__((format(printf, 3, 4)))
static inline int np_err_set(np_err *err, Netpont__ErrorCode code, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	err->code = code;
	err->tries_left = 0;
	return -1;
}

#endif
