#include "config_edit.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/np_file.h"

/* A growing string. */
typedef struct buf {
	char *data;
	size_t len, cap;
	bool failed;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *grown = realloc(b->data, cap);
		if (grown == NULL) {
			b->failed = true;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void put_setting(buf *b, const agent_config_edit_key *k)
{
	put(b, k->key, strlen(k->key));
	put(b, " = ", 3);
	put(b, k->value, strlen(k->value));
	put(b, "\n", 1);
}

/* The section a "[name]" line opens, into out; false for other lines. */
static bool section_of(const char *line, size_t len, char *out, size_t n)
{
	while (len > 0 && isspace((unsigned char)*line))
		line++, len--;
	if (len == 0 || *line != '[')
		return false;
	const char *close = memchr(line, ']', len);
	if (close == NULL)
		return false;
	size_t name = (size_t)(close - line - 1);
	snprintf(out, n, "%.*s", (int)(name < n ? name : n - 1), line + 1);
	return true;
}

/* Whether line sets key ("key = ..." or "key=..."), after an optional
 * comment mark when commented is true ("#key =", "# key =", ";key ="). */
static bool line_sets(const char *line, size_t len, const char *key, bool commented)
{
	size_t i = 0;
	while (i < len && isspace((unsigned char)line[i]))
		i++;
	if (commented) {
		if (i == len || (line[i] != '#' && line[i] != ';'))
			return false;
		i++;
		while (i < len && isspace((unsigned char)line[i]))
			i++;
	}
	size_t k = strlen(key);
	if (len - i < k || strncmp(line + i, key, k) != 0)
		return false;
	i += k;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && line[i] == '=';
}

char *agent_config_edit_text(const char *text, const char *section,
                             const agent_config_edit_key *keys, size_t n)
{
	enum { MAX_KEYS = 16 };
	if (n > MAX_KEYS)
		return NULL;
	bool set[MAX_KEYS] = {false};
	buf out = {0};
	put(&out, "", 0);
	if (text == NULL)
		text = "";

	/* First pass: which keys the section sets already (they are replaced
	 * where they stand) and where the section's last setting ends (the
	 * others go there, unless a commented-out line of theirs is found). */
	bool in = false, found_section = false;
	const char *insert_at = NULL;
	char name[64];
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *next = nl ? nl + 1 : p + len;
		if (section_of(p, len, name, sizeof name)) {
			in = strcmp(name, section) == 0;
			if (in) {
				found_section = true;
				insert_at = next;
			}
		} else if (in) {
			size_t i = 0;
			while (i < len && isspace((unsigned char)p[i]))
				i++;
			if (i < len && p[i] != '#' && p[i] != ';')
				insert_at = next;
			for (size_t k = 0; k < n; k++)
				if (line_sets(p, len, keys[k].key, false))
					set[k] = true;
		}
		p = next;
	}
	bool placed[MAX_KEYS];
	memcpy(placed, set, sizeof placed);

	in = false;
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *next = nl ? nl + 1 : p + len;
		if (p == insert_at)
			for (size_t k = 0; k < n; k++)
				if (!placed[k]) {
					put_setting(&out, &keys[k]);
					placed[k] = true;
				}
		if (section_of(p, len, name, sizeof name))
			in = strcmp(name, section) == 0;
		bool replaced = false;
		for (size_t k = 0; in && k < n && !replaced; k++) {
			if (set[k] && line_sets(p, len, keys[k].key, false)) {
				put_setting(&out, &keys[k]);
				replaced = true;
			}
		}
		if (!replaced) {
			put(&out, p, len);
			if (nl != NULL || len > 0)
				put(&out, "\n", 1);
		}
		for (size_t k = 0; in && k < n; k++)
			if (!placed[k] && line_sets(p, len, keys[k].key, true)) {
				put_setting(&out, &keys[k]);
				placed[k] = true;
			}
		p = next;
	}
	if (!found_section) {
		if (out.len > 0 && out.data[out.len - 1] != '\n')
			put(&out, "\n", 1);
		put(&out, out.len > 0 ? "\n[" : "[", out.len > 0 ? 2 : 1);
		put(&out, section, strlen(section));
		put(&out, "]\n", 2);
	}
	for (size_t k = 0; k < n; k++)
		if (!placed[k])
			put_setting(&out, &keys[k]);
	if (out.failed) {
		free(out.data);
		return NULL;
	}
	return out.data;
}

int agent_config_edit_file(const char *path, const char *section, const agent_config_edit_key *keys,
                           size_t n, char *err, size_t err_size)
{
	char *text = NULL;
	mode_t mode = 0644;
	FILE *f = fopen(path, "r");
	if (f != NULL) {
		struct stat st;
		if (fstat(fileno(f), &st) == 0)
			mode = st.st_mode & 07777;
		size_t cap = 0, len = 0;
		for (;;) {
			if (len + 4096 + 1 > cap) {
				cap = (len + 4096 + 1) * 2;
				char *grown = realloc(text, cap);
				if (grown == NULL) {
					free(text);
					fclose(f);
					snprintf(err, err_size, "out of memory");
					return -1;
				}
				text = grown;
			}
			size_t got = fread(text + len, 1, 4096, f);
			len += got;
			if (got == 0)
				break;
		}
		text[len] = '\0';
		bool failed = ferror(f) != 0;
		fclose(f);
		if (failed) {
			free(text);
			snprintf(err, err_size, "cannot read %s", path);
			return -1;
		}
	} else if (errno != ENOENT) {
		snprintf(err, err_size, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char *edited = agent_config_edit_text(text, section, keys, n);
	free(text);
	if (edited == NULL) {
		snprintf(err, err_size, "out of memory");
		return -1;
	}
	int rc = np_file_write_atomic(path, edited, strlen(edited), mode);
	free(edited);
	if (rc != 0) {
		snprintf(err, err_size, "cannot write %s: %s", path, strerror(-rc));
		return -1;
	}
	return 0;
}
