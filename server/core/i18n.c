#define _GNU_SOURCE /* newlocale(), uselocale() */
#include "core/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The state of the loop thread (see i18n.h: the handlers run there). */
static struct {
	locale_t messages; /* LC_MESSAGES = C.UTF-8; (locale_t)0 without one */
	char language[16]; /* "" = English */
} i18n;

int i18n_init(const char *localedir)
{
	/* The environment's LANGUAGE would override every connection's
	 * choice; from now on i18n_use() alone sets it. */
	unsetenv("LANGUAGE");
	i18n.language[0] = '\0';
	if (localedir != NULL && localedir[0] != '\0')
		bindtextdomain(I18N_DOMAIN, localedir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	if (i18n.messages == (locale_t)0)
		i18n.messages = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
	return i18n.messages != (locale_t)0 ? 0 : -1;
}

void i18n_shutdown(void)
{
	if (i18n.messages != (locale_t)0)
		freelocale(i18n.messages);
	i18n.messages = (locale_t)0;
	i18n.language[0] = '\0';
	unsetenv("LANGUAGE");
}

static bool lower(char ch)
{
	return ch >= 'a' && ch <= 'z';
}

static bool upper(char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

int i18n_language_ok(const char *code)
{
	if (code == NULL)
		return 0;
	size_t n = 0;
	while (lower(code[n]))
		n++;
	if (n < 2 || n > 3)
		return 0;
	if (code[n] == '\0')
		return 1;
	return code[n] == '_' && upper(code[n + 1]) && upper(code[n + 2]) && code[n + 3] == '\0';
}

void i18n_language_copy(char *out, size_t size, const char *code)
{
	if (size == 0)
		return;
	if (i18n_language_ok(code) && strlen(code) < size)
		memcpy(out, code, strlen(code) + 1);
	else
		out[0] = '\0';
}

static bool english(const char *language)
{
	return language == NULL || language[0] == '\0' || strcmp(language, "en") == 0 ||
	       strncmp(language, "en_", 3) == 0;
}

void i18n_use(const char *language)
{
	if (english(language) || !i18n_language_ok(language) || i18n.messages == (locale_t)0) {
		/* English needs no lookup at all (i18n_text() returns the
		 * msgid), so LANGUAGE may stay as it is until the next
		 * translated request. */
		i18n.language[0] = '\0';
		return;
	}
	if (strcmp(language, i18n.language) == 0)
		return;
	snprintf(i18n.language, sizeof i18n.language, "%s", language);
	if (strcmp(getenv("LANGUAGE") ? getenv("LANGUAGE") : "", language) == 0)
		return;
	setenv("LANGUAGE", language, 1);
	/* gettext caches translations by domain and locale name, not by
	 * LANGUAGE; setting the text domain again is its documented signal
	 * that the environment changed (it empties the cache). */
	textdomain(textdomain(NULL));
}

int i18n_english(void)
{
	return i18n.language[0] == '\0';
}

const char *i18n_text(const char *msgid)
{
	if (i18n.language[0] == '\0')
		return msgid;
	locale_t before = uselocale(i18n.messages);
	const char *text = dgettext(I18N_DOMAIN, msgid);
	uselocale(before);
	return text;
}

const char *i18n_text_in(const char *language, const char *msgid, char *buf, size_t size)
{
	char current[sizeof i18n.language];
	memcpy(current, i18n.language, sizeof current);
	i18n_use(language);
	snprintf(buf, size, "%s", i18n_text(msgid));
	i18n_use(current);
	return buf;
}

const char *i18n_plural(const char *singular, const char *plural, unsigned long n)
{
	if (i18n.language[0] == '\0')
		return n == 1 ? singular : plural;
	locale_t before = uselocale(i18n.messages);
	const char *text = dngettext(I18N_DOMAIN, singular, plural, n);
	uselocale(before);
	return text;
}
