/* A refusal as the server reports it: a protocol error code and a sentence a
 * mentor or resident can act on. Every layer of the server (core rules,
 * store, gateway) fills one of these instead of logging and giving up; the
 * gateway turns it into an Error reply unchanged.
 *
 * The sentence is written in English, marked with N_() for gettext, and
 * translated here into the language of the request being handled (i18n.h);
 * the English text is kept too, for the log. */
#ifndef NETPONT_NP_ERROR_H
#define NETPONT_NP_ERROR_H

#include <stdarg.h>
#include <stdio.h>

#include "core/i18n.h"
#include "netpont.pb-c.h"

typedef struct np_err {
	Netpont__ErrorCode code; /* NETPONT__ERROR_CODE__UNSPECIFIED when none */
	char message[256];       /* "There is no seat called PC-09.", translated */
	char english[256];       /* the same sentence in English, for the log */
	int tries_left;          /* with NETPONT__ERROR_CODE__WRONG_PIN */
} np_err;

/* Fills err from an English format and its translation, with the same
 * arguments. */
static inline void np_err__format(np_err *err, Netpont__ErrorCode code, const char *english,
                                  const char *translated, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	vsnprintf(err->message, sizeof err->message, translated, ap);
	vsnprintf(err->english, sizeof err->english, english, again);
	va_end(again);
	err->code = code;
	err->tries_left = 0;
}

/* Sets code and a printf-formatted message; returns -1 so that callers can
 * write `return np_err_set(err, ...);`. err may be NULL. fmt is an English
 * sentence marked N_("..."). */
__attribute__((format(printf, 3, 4))) static inline int
np_err_set(np_err *err, Netpont__ErrorCode code, const char *fmt, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	np_err__format(err, code, fmt, i18n_text(fmt), ap);
	va_end(ap);
	return -1;
}

/* The same for a sentence without placeholders chosen at run time (from a
 * table of N_() sentences). */
static inline int np_err_set_text(np_err *err, Netpont__ErrorCode code, const char *msgid)
{
	if (err == NULL)
		return -1;
	np_err_set(err, code, "%s", msgid);
	snprintf(err->message, sizeof err->message, "%s", i18n_text(msgid));
	return -1;
}

/* The one sentence for running out of memory, everywhere in the server:
 * fills err (may be NULL) with INTERNAL and returns -1. A request that
 * runs out of memory is rolled back, so the sentence says so. */
static inline int np_err_no_memory(np_err *err)
{
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	                  N_("The server ran out of memory; nothing was changed."));
}

/* For a refusal whose English sentence names internals (which step of the
 * server failed, SQLite's words): a peer that asked for another language
 * gets msgid's translation instead; the English stays for the log. */
static inline int np_err_reword(np_err *err, const char *msgid)
{
	if (err != NULL && !i18n_english())
		snprintf(err->message, sizeof err->message, "%s", i18n_text(msgid));
	return -1;
}

/* The same for a sentence about a count n: singular or plural in English,
 * the language's own plural form when translated. The two are plain
 * literals: xgettext finds them by the keyword np_err_setn:4,5. */
__attribute__((format(printf, 5, 6))) static inline int
np_err_setn(np_err *err, Netpont__ErrorCode code, unsigned long n, const char *singular,
            const char *plural, ...)
{
	if (err == NULL)
		return -1;
	va_list ap;
	va_start(ap, plural);
	np_err__format(err, code, n == 1 ? singular : plural, i18n_plural(singular, plural, n), ap);
	va_end(ap);
	return -1;
}

#endif
