/* The seed data of a new database (schema.sql, schema-v11.sql) in the
 * site's language: the labels of the seed tariffs and fee categories, and
 * the name a walk-in guest's account gets. The keys (a tariff's service, a
 * category's name, a guest's login) never change; only what people read
 * does. */
#ifndef NETPONT_STORE_SEEDS_H
#define NETPONT_STORE_SEEDS_H

#include "store/db.h"

/* Writes the seed tariffs' and categories' labels in language to
 * ("hu"; "" English), where a label is still the seed's text in English or
 * in from_language (the site's language until now): a label an
 * administrator wrote stays. Run inside the caller's transaction. Returns
 * 0, or -1 with err. */
int store_seeds_relabel(store_db *db, const char *from_language, const char *to_language,
                        np_err *err);

/* The site's language (setting site_language) into buf (size bytes; ""
 * for English or when unset). */
void store_site_language(store_db *db, char *buf, size_t size);

/* The name of the walk-in guest number n in the site's language
 * ("Vendég 17"), into buf (size bytes). Returns buf. */
const char *store_guest_name(store_db *db, long long n, char *buf, size_t size);

/* A numbered name of the site's data ("Guest 17", "Erased resident 17"):
 * msgid (marked N_(), with exactly one %lld) in the site's language, with
 * n, into buf (size bytes); msgid itself when a translation has not exactly
 * one %lld. Returns buf. */
const char *store_numbered_name(store_db *db, const char *msgid, long long n, char *buf,
                                size_t size);

#endif
