/* Translations for netpont-lock (gettext domain "netpont-lock"), switchable
 * at run time between Hungarian and English. */
#ifndef NETPONT_LOCK_I18N_H
#define NETPONT_LOCK_I18N_H

#include <glib.h>
#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

/* Sets up gettext for the domain: a UTF-8 locale (LANGUAGE is ignored in the
 * plain C locale), the domain bound to localedir (or, when NULL, the
 * NETPONT_LOCALEDIR environment variable, else the install directory).
 * Call before any widget is built. */
void netpont_lock_i18n_init(const char *localedir);

/* Switches the language ("hu" or "en") for every string translated from now on. */
void netpont_lock_i18n_set_language(const char *lang);

G_END_DECLS

#endif
