/* The directory's categories as people read them ("Service",
 * "Szolgáltatás"), shared by netpontctl and the console's Directory page.
 * The names are marked N_() and translated with the program's domain. */
#ifndef NETPONT_DIRECTORY_LABELS_H
#define NETPONT_DIRECTORY_LABELS_H

#include <stdbool.h>

/* The seven category keys, in the order lists show them, then NULL. */
extern const char *const directory_category_keys[];
#define DIRECTORY_CATEGORY_COUNT 7

/* The display name of key in the current language; key itself when it is
 * not a category (NULL is ""). */
const char *directory_category_label(const char *key);

/* The key of text, which may be a key or a display name in English or the
 * current language (case-insensitive); NULL when it is neither. */
const char *directory_category_key(const char *text);

#endif
