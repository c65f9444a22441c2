#include "common/np_fold.h"

#include <stdlib.h>
#include <string.h>

/* The plain lower-case letter of each code point U+00C0 .. U+017F; '*'
 * keeps the character (×, ÷, Þ, þ). */
static const char latin_fold[] =
    /* U+00C0 */ "aaaaaaaceeeeiiii"
                 /* U+00D0 */ "dnooooo*ouuuuy*s"
                 /* U+00E0 */ "aaaaaaaceeeeiiii"
                 /* U+00F0 */ "dnooooo*ouuuuy*y"
                 /* U+0100 */ "aaaaaaccccccccdddd"
                 /* U+0112 */ "eeeeeeeeeegggggggghhhh"
                 /* U+0128 */ "iiiiiiiiiiiijjkkk"
                 /* U+0139 */ "llllllllllnnnnnnnnn"
                 /* U+014C */ "oooooooorrrrrrsssssssstttttt"
                 /* U+0168 */ "uuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof latin_fold == 0x180 - 0xC0 + 1, "one letter for each code point");

void np_fold(const char *text, char *out, size_t n)
{
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)(text != NULL ? text : "");
	while (*s != '\0' && o + 4 < n) {
		if (s[0] < 0x80) {
			out[o++] = (char)(s[0] >= 'A' && s[0] <= 'Z' ? s[0] + ('a' - 'A') : s[0]);
			s++;
			continue;
		}
		if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
			unsigned cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
			if (cp >= 0xC0 && cp <= 0x17F && latin_fold[cp - 0xC0] != '*') {
				out[o++] = latin_fold[cp - 0xC0];
				s += 2;
				continue;
			}
		}
		/* Any other character, copied whole (stray bytes one by one). */
		size_t len = 1;
		while (s[len] != '\0' && (s[len] & 0xC0) == 0x80 && len < 4)
			len++;
		memcpy(out + o, s, len);
		o += len;
		s += len;
	}
	if (n > 0)
		out[o] = '\0';
}

bool np_fold_matches(const char *query, const char *const *texts)
{
	if (query == NULL || query[0] == '\0')
		return true;
	size_t total = 1;
	for (size_t i = 0; texts[i] != NULL; i++)
		total += strlen(texts[i]) + 1;
	char *joined = malloc(total), *hay = malloc(total + 4);
	size_t qn = strlen(query) + 5;
	char *q = malloc(qn);
	bool ok = joined != NULL && hay != NULL && q != NULL;
	if (ok) {
		joined[0] = '\0';
		for (size_t i = 0; texts[i] != NULL; i++) {
			strcat(joined, texts[i]);
			strcat(joined, "\n");
		}
		np_fold(joined, hay, total + 4);
		np_fold(query, q, qn);
		char *save = NULL;
		for (char *word = strtok_r(q, " \t\r\n", &save); ok && word != NULL;
		     word = strtok_r(NULL, " \t\r\n", &save))
			ok = strstr(hay, word) != NULL;
	}
	free(joined);
	free(hay);
	free(q);
	return ok;
}
