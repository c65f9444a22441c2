/* How the directory's search compares words (issue 14): lower case, and
 * the Latin letters U+00C0..U+017F without their accents ("Álláskeresők"
 * → "allaskeresok"), so "allas" finds "Állás". The agent's offline search
 * uses it, and the server's (store_directory_matches()). */
#ifndef NETPONT_COMMON_NP_FOLD_H
#define NETPONT_COMMON_NP_FOLD_H

#include <stdbool.h>
#include <stddef.h>

/* Writes text folded into out (n bytes, NUL-terminated, cut at a whole
 * character). */
void np_fold(const char *text, char *out, size_t n);

/* Whether every word of query (spaces between) is found in one of the
 * texts (NULL ends the list), both folded; an empty query matches. */
bool np_fold_matches(const char *query, const char *const *texts);

#endif
