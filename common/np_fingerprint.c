#include "common/np_fingerprint.h"

#include <string.h>

bool np_fingerprint_parse(const char *text, char out[NP_FINGERPRINT_SIZE])
{
	char hex[NP_FINGERPRINT_SIZE];
	size_t digits = 0;
	if (text == NULL)
		return false;
	for (const char *p = text; *p != '\0'; p++) {
		char ch = *p;
		if (ch == ':' && digits > 0 && digits % 2 == 0 && p[1] != '\0')
			continue;
		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')) || digits == 64)
			return false;
		hex[digits++] = ch;
	}
	if (digits != 64)
		return false;
	hex[64] = '\0';
	if (out != NULL)
		memcpy(out, hex, sizeof hex);
	return true;
}
