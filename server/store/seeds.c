/* The seed data in the site's language. See seeds.h. */
#include "store/seeds.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "store/settings.h"

/* The seeds as schema.sql and schema-v11.sql write them, in English; the
 * N_() marks put the labels into netpontd's translations. */
static const struct {
	const char *table; /* "tariffs" or "categories" */
	const char *key;   /* the service or the category's name */
	const char *label;
} seeds__labels[] = {
    {"tariffs", "internet", N_("Computer and internet")},
    {"tariffs", "print-bw", N_("Print, black and white (page)")},
    {"tariffs", "print-color", N_("Print, colour (page)")},
    {"tariffs", "copy", N_("Copy (A4 page)")},
    {"tariffs", "scan", N_("Scan (page)")},
    {"categories", "standard", N_("Standard")},
    {"categories", "reduced", N_("Reduced")},
    {"categories", "exempt", N_("Exempt")},
};

int store_seeds_relabel(store_db *db, const char *from_language, const char *to_language,
                        np_err *err)
{
	static const char tariffs[] =
	    "UPDATE tariffs SET label = ?1 WHERE service = ?2 AND label IN (?3, ?4)";
	static const char categories[] =
	    "UPDATE categories SET label = ?1 WHERE name = ?2 AND label IN (?3, ?4)";
	for (size_t i = 0; i < sizeof seeds__labels / sizeof seeds__labels[0]; i++) {
		char to[96], from[96];
		bool tariff = strcmp(seeds__labels[i].table, "tariffs") == 0;
		i18n_text_in(to_language, seeds__labels[i].label, to, sizeof to);
		i18n_text_in(from_language, seeds__labels[i].label, from, sizeof from);
		sqlite3_stmt *st = store_stmt(db, tariff ? tariffs : categories);
		if (st != NULL) {
			sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, seeds__labels[i].key, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, seeds__labels[i].label, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, from, -1, SQLITE_TRANSIENT);
		}
		if (store_step_done(db, st, "translate the seed tariffs and categories", err) != 0)
			return -1;
	}
	return 0;
}

void store_site_language(store_db *db, char *buf, size_t size)
{
	if (store_setting_get(db, "site_language", buf, size, NULL) <= 0 && size > 0)
		buf[0] = '\0';
}

const char *store_numbered_name(store_db *db, const char *msgid, long long n, char *buf,
                                size_t size)
{
	char language[16], format[64];
	store_site_language(db, language, sizeof language);
	i18n_text_in(language, msgid, format, sizeof format);
	/* A translation without exactly one %lld would not be safe to use. */
	const char *conv = strstr(format, "%lld");
	if (conv == NULL || strchr(format, '%') != conv || strchr(conv + 1, '%') != NULL)
		snprintf(format, sizeof format, "%s", msgid);
	snprintf(buf, size, format, n);
	return buf;
}

const char *store_guest_name(store_db *db, long long n, char *buf, size_t size)
{
	/* TRANSLATORS: the name of a walk-in guest's account, e.g. "Guest 17". */
	return store_numbered_name(db, N_("Guest %lld"), n, buf, size);
}
