/* Editing agent.conf in place, as `netpont-agent --join` does: the file is
 * a dpkg conffile the administrator may have changed, so only the keys
 * being set change and every comment, blank line and other setting stays
 * where it was. */
#ifndef NETPONT_AGENT_CONFIG_EDIT_H
#define NETPONT_AGENT_CONFIG_EDIT_H

#include <stddef.h>

/* One key to set in a section. */
typedef struct agent_config_edit_key {
	const char *key;
	const char *value;
} agent_config_edit_key;

/* Returns a malloc()ed copy of text (an INI file; NULL is an empty file)
 * with each of the n keys set in [section]: a line "key = ..." there is
 * replaced by "key = value" (each such line, as the last one would win);
 * else "key = value" goes right after a commented-out "#key =" line of the
 * section (the comment stays), else after the section's last setting; a
 * missing section is added at the end. NULL when out of memory. */
char *agent_config_edit_text(const char *text, const char *section,
                             const agent_config_edit_key *keys, size_t n);

/* agent_config_edit_text() on the file at path (a file that does not exist
 * yet is empty), written back atomically with the old file's mode (0644 for
 * a new file). Returns 0, or -1 with a sentence in err. */
int agent_config_edit_file(const char *path, const char *section, const agent_config_edit_key *keys,
                           size_t n, char *err, size_t err_size);

#endif
