#include "netpont-lock-i18n.h"

#include <locale.h>
#include <string.h>

#ifndef NETPONT_LOCALEDIR
#define NETPONT_LOCALEDIR "/usr/share/locale"
#endif

/* glibc's gettext caches translations per language; bumping this counter is
 * the documented way to make it look at a changed LANGUAGE. */
extern int _nl_msg_cat_cntr;

void netpont_lock_i18n_init(const char *localedir)
{
	const char *loc = setlocale(LC_ALL, "");
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		setlocale(LC_ALL, "C.UTF-8");
	if (localedir == NULL)
		localedir = g_getenv("NETPONT_LOCALEDIR");
	if (localedir == NULL)
		localedir = NETPONT_LOCALEDIR;
	bindtextdomain(GETTEXT_PACKAGE, localedir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);

	/* GLib's g_dgettext() (used by GtkBuilder for the .ui files) decides
	 * once per process whether to translate at all, and says no when the
	 * first lookup happens in a non-English locale without a translation —
	 * which is the case when we start in English under C.UTF-8. Make that
	 * first lookup in Hungarian, so switching to Hungarian later works. */
	char *saved = g_strdup(g_getenv("LANGUAGE"));
	g_setenv("LANGUAGE", "hu", TRUE);
	++_nl_msg_cat_cntr;
	(void)g_dgettext(GETTEXT_PACKAGE, "Message");
	if (saved != NULL)
		g_setenv("LANGUAGE", saved, TRUE);
	else
		g_unsetenv("LANGUAGE");
	++_nl_msg_cat_cntr;
	g_free(saved);
}

void netpont_lock_i18n_set_language(const char *lang)
{
	g_setenv("LANGUAGE", lang, TRUE);
	++_nl_msg_cat_cntr;
}
