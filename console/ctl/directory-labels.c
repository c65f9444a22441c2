/* The directory's category names. See directory-labels.h. */
#include "directory-labels.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <string.h>

const char *const directory_category_keys[] = {"service",    "institution", "ngo",   "job_offered",
                                               "job_wanted", "volunteer",   "event", NULL};

static const char *const category_labels[] = {
    N_("Service"),    N_("Institution"), N_("NGO"),   N_("Job offered"),
    N_("Job wanted"), N_("Volunteer"),   N_("Event"),
};

static int category_index(const char *key)
{
	for (int i = 0; key != NULL && i < DIRECTORY_CATEGORY_COUNT; i++)
		if (strcmp(key, directory_category_keys[i]) == 0)
			return i;
	return -1;
}

const char *directory_category_label(const char *key)
{
	int i = category_index(key);
	return i >= 0 ? _(category_labels[i]) : (key != NULL ? key : "");
}

const char *directory_category_key(const char *text)
{
	if (text == NULL)
		return NULL;
	g_autofree char *folded = g_utf8_casefold(text, -1);
	for (int i = 0; i < DIRECTORY_CATEGORY_COUNT; i++) {
		g_autofree char *english = g_utf8_casefold(category_labels[i], -1);
		g_autofree char *local = g_utf8_casefold(_(category_labels[i]), -1);
		if (strcmp(text, directory_category_keys[i]) == 0 || strcmp(folded, english) == 0 ||
		    strcmp(folded, local) == 0)
			return directory_category_keys[i];
	}
	return NULL;
}
