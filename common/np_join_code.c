#include "common/np_join_code.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Crockford's base32: no I, L, O or U, so that nothing reads as another
 * digit or a word. */
static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define BODY_BYTES  (NP_JOIN_FP_BYTES + NP_JOIN_SECRET_BYTES)
#define BODY_DIGITS ((BODY_BYTES * 8 + 4) / 5) /* 42 */
#define GROUP       6

/* The value of a typed digit, or -1. */
static int digit_value(char ch)
{
	ch = (char)toupper((unsigned char)ch);
	if (ch == 'O')
		return 0;
	if (ch == 'I' || ch == 'L')
		return 1;
	const char *p = ch != '\0' ? strchr(digits, ch) : NULL;
	return p != NULL ? (int)(p - digits) : -1;
}

/* Base32 of len bytes into out (len * 8 / 5 rounded up digits and a NUL). */
static void encode(const unsigned char *in, size_t len, char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = digits[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = digits[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

void np_join_secret_text(const unsigned char *raw, char out[NP_JOIN_SECRET_SIZE])
{
	encode(raw, NP_JOIN_SECRET_BYTES, out);
}

static bool hex_byte(const char *s, unsigned char *out)
{
	unsigned v;
	if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]) ||
	    sscanf(s, "%2x", &v) != 1)
		return false;
	*out = (unsigned char)v;
	return true;
}

/* Decodes the canonical or typed secret into raw bytes. */
static bool secret_raw(const char *secret, unsigned char raw[NP_JOIN_SECRET_BYTES])
{
	if (strlen(secret) != NP_JOIN_SECRET_SIZE - 1)
		return false;
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;
	for (const char *p = secret; *p != '\0'; p++) {
		int v = digit_value(*p);
		if (v < 0)
			return false;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			raw[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return o == NP_JOIN_SECRET_BYTES;
}

int np_join_code_format(const char *address, const char *fingerprint, const char *secret, char *out,
                        size_t n)
{
	char fp[NP_FINGERPRINT_SIZE];
	unsigned char body[BODY_BYTES];
	if (!np_fingerprint_parse(fingerprint, fp) || !secret_raw(secret, body + NP_JOIN_FP_BYTES))
		return -1;
	for (size_t i = 0; i < NP_JOIN_FP_BYTES; i++)
		hex_byte(fp + 2 * i, &body[i]);
	char plain[BODY_DIGITS + 1];
	encode(body, sizeof body, plain);
	bool with_address = address != NULL && address[0] != '\0';
	int w = snprintf(out, n, "NP1-%s%s", with_address ? address : "", with_address ? "-" : "");
	if (w < 0 || (size_t)w >= n)
		return -1;
	size_t o = (size_t)w;
	for (size_t i = 0; i < BODY_DIGITS; i++) {
		if (i > 0 && i % GROUP == 0) {
			if (o + 1 >= n)
				return -1;
			out[o++] = '-';
		}
		if (o + 1 >= n)
			return -1;
		out[o++] = plain[i];
	}
	out[o] = '\0';
	return 0;
}

/* Where the address ends in s (the text after "NP1-"): at the first dash
 * after its last ':', which always precedes the port; s itself when the
 * code has no address (no ':'). */
static const char *address_end(const char *s)
{
	const char *colon = strrchr(s, ':');
	if (colon == NULL)
		return s;
	const char *dash = strchr(colon, '-');
	return dash != NULL ? dash : s + strlen(s);
}

bool np_join_code_parse(const char *text, np_join_code *out)
{
	np_join_code c;
	memset(&c, 0, sizeof c);
	while (text != NULL && isspace((unsigned char)*text))
		text++;
	if (text == NULL || strncasecmp(text, "NP1-", 4) != 0)
		return false;
	const char *rest = text + 4;
	const char *end = address_end(rest);
	size_t alen = (size_t)(end - rest);
	if (alen >= sizeof c.address)
		return false;
	memcpy(c.address, rest, alen);

	unsigned char body[BODY_BYTES];
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0, count = 0;
	for (const char *p = end; *p != '\0'; p++) {
		if (*p == '-' || isspace((unsigned char)*p))
			continue;
		int v = digit_value(*p);
		if (v < 0 || ++count > BODY_DIGITS)
			return false;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			body[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if (count != BODY_DIGITS || o != BODY_BYTES)
		return false;
	for (size_t i = 0; i < NP_JOIN_FP_BYTES; i++)
		snprintf(c.fp_prefix + 2 * i, 3, "%02x", body[i]);
	np_join_secret_text(body + NP_JOIN_FP_BYTES, c.secret);
	*out = c;
	return true;
}

int np_join_code_with_address(const char *code, const char *address, char *out, size_t n)
{
	np_join_code c;
	if (!np_join_code_parse(code, &c))
		return -1;
	/* The prefix alone cannot be formatted back into a fingerprint, so the
	 * digits are copied as they are. */
	const char *rest = code;
	while (isspace((unsigned char)*rest))
		rest++;
	rest = address_end(rest + 4);
	while (*rest == '-')
		rest++;
	bool with_address = address != NULL && address[0] != '\0';
	int w = snprintf(out, n, "NP1-%s%s%s", with_address ? address : "", with_address ? "-" : "",
	                 rest);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

bool np_join_code_fingerprint_matches(const np_join_code *code, const char *fingerprint)
{
	char fp[NP_FINGERPRINT_SIZE];
	return np_fingerprint_parse(fingerprint, fp) &&
	       strncmp(fp, code->fp_prefix, NP_JOIN_FP_PREFIX_SIZE - 1) == 0;
}
