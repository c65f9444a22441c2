/* The language of the server's sentences (gettext domain "netpontd").
 *
 * netpontd answers every connection in the language that connection's
 * Hello asked for, so one process speaks several languages at once. The
 * request handlers run one at a time on the event loop thread; the gateway
 * calls i18n_use() with the connection's language before it handles a
 * request and i18n_use(NULL) after it, and np_err_set() translates its
 * sentence with i18n_text() in between. Until the first request (start-up)
 * main() sets the log's language (common/np_log.h), so a sentence that
 * refuses the start reads like the log; after a request, English.
 *
 * How a language is chosen without a system locale: glibc's gettext takes
 * the language from the LANGUAGE environment variable, but ignores it when
 * LC_MESSAGES is "C"; it honours it under "C.UTF-8", which every Debian 12
 * has (libc-bin ships it; nothing needs locale-gen). So lookups run under a
 * locale_t whose LC_MESSAGES is C.UTF-8 (uselocale(), this thread only),
 * with LANGUAGE set to the connection's language. The rest of the process
 * keeps its own locale, so glibc's own messages (strerror) in the log stay
 * English. LANGUAGE is changed only on the loop thread, only when the
 * language differs from the last request's, and the worker threads (they
 * only hash passwords) never read the environment.
 *
 * Not thread-safe: call everything from the loop thread. */
#ifndef NETPONT_I18N_H
#define NETPONT_I18N_H

#include <stddef.h>

#define I18N_DOMAIN "netpontd"

/* Marks a sentence for translation where it is written; np_err_set() and
 * i18n_text() translate it where it is used. */
#define N_(s) s

/* Binds the domain to localedir (borrowed only for the call) and prepares
 * the C.UTF-8 LC_MESSAGES locale. Forgets any LANGUAGE from the
 * environment: a connection's own choice decides. Returns 0, or -1 when
 * C.UTF-8 is missing (then every sentence stays English). Call once, at
 * start-up. */
int i18n_init(const char *localedir);

/* Releases what i18n_init() made. */
void i18n_shutdown(void);

/* Whether code is a language code the server accepts from a client: "hu",
 * "en", "hu_HU" (2 or 3 lower-case letters, optionally "_" and 2 upper-case
 * letters). Anything else (paths, lists, "C") means English. */
int i18n_language_ok(const char *code);

/* Copies code into out (size bytes) if i18n_language_ok(), else "". */
void i18n_language_copy(char *out, size_t size, const char *code);

/* Makes the server's sentences come out in language (NULL, "" or "en":
 * English) until the next call. */
void i18n_use(const char *language);

/* Whether sentences come out in English now. */
int i18n_english(void);

/* The translation of msgid into the current language; msgid itself in
 * English or when there is no translation. The result is static. */
const char *i18n_text(const char *msgid) __attribute__((format_arg(1)));

/* The translation of msgid into language (NULL, "" or "en": msgid itself),
 * copied into buf (size bytes, cut if longer); the current language stays
 * as it was. For the site's own data (a guest's name, the seed tariffs),
 * which is written in the site's language whoever asks. Returns buf. */
const char *i18n_text_in(const char *language, const char *msgid, char *buf, size_t size)
    __attribute__((format_arg(2)));

/* The same for a sentence with a count: singular when n is 1 in English,
 * whatever form the language's plural rule picks otherwise. */
const char *i18n_plural(const char *singular, const char *plural, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

#endif
