/* Join codes: what `netpontctl seat add|renew|invite` prints and
 * `netpont-agent --join CODE` reads, in a form a person can type:
 *
 *   NP1-192.168.1.10:7450-7K3QHP-X2M9TD-...   (7 groups of 6 digits)
 *
 * "NP1-", the server's address (HOST:PORT; left out when Avahi is to find
 * the server), then 42 Crockford base32 digits: the first 128 bits of the
 * SHA-256 fingerprint of the server's certificate, then an 80-bit enrolment
 * secret. Case, dashes and spaces in the digits do not matter, and O, I and
 * L read as 0, 1 and 1.
 *
 * Why these lengths: the fingerprint prefix lets the PC refuse a
 * server that is not the one in the office before it sends the secret. An
 * attacker who wants to pass must make a certificate whose SHA-256 starts
 * with those 128 bits: a second preimage, about 2^128 tries, with all the
 * time in the world (the fingerprint is public), so nothing shorter than
 * the usual 128-bit security level will do. The secret only needs to
 * survive online guessing for the day a code lives, against a server that
 * throttles wrong codes per address: 80 bits leave an attacker guessing a
 * million codes a second a chance of about 10^-13 in that day.
 *
 * Plain C, no TLS library and no I/O. */
#ifndef NETPONT_COMMON_NP_JOIN_CODE_H
#define NETPONT_COMMON_NP_JOIN_CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/np_fingerprint.h"

/* Raw sizes of the two parts. */
#define NP_JOIN_FP_BYTES     16
#define NP_JOIN_SECRET_BYTES 10
/* The secret as text: 16 Crockford base32 digits and a NUL. */
#define NP_JOIN_SECRET_SIZE 17
/* The fingerprint prefix as text: 32 lower-case hex digits and a NUL. */
#define NP_JOIN_FP_PREFIX_SIZE 33
/* Room enough for any code with an address. */
#define NP_JOIN_CODE_MAX 384

/* A code read by np_join_code_parse(). */
typedef struct np_join_code {
	char address[300];                      /* "HOST:PORT" as written; "" when absent */
	char fp_prefix[NP_JOIN_FP_PREFIX_SIZE]; /* lower-case hex */
	char secret[NP_JOIN_SECRET_SIZE];       /* canonical: upper-case digits */
} np_join_code;

/* The secret raw (NP_JOIN_SECRET_BYTES bytes) as its canonical text. */
void np_join_secret_text(const unsigned char *raw, char out[NP_JOIN_SECRET_SIZE]);

/* Writes the code for fingerprint (64 hex digits) and secret (canonical
 * text) into out (n bytes), with address after "NP1-" unless address is
 * NULL or "". Returns 0, or -1 when an argument is malformed or out is too
 * small. */
int np_join_code_format(const char *address, const char *fingerprint, const char *secret, char *out,
                        size_t n);

/* The same code with address put in (replacing any address it had): what
 * netpontctl does with the address-less code the server sends. Returns 0,
 * or -1 when code is not a join code or out is too small. */
int np_join_code_with_address(const char *code, const char *address, char *out, size_t n);

/* Reads text as a join code into *out. Returns true, or false when it is
 * not one (no "NP1-", a digit that is not base32, not 42 digits). An
 * address is taken as written; the caller checks it with
 * np_address_parse(). */
bool np_join_code_parse(const char *text, np_join_code *out);

/* Whether fingerprint (64 hex digits, any case) begins with the code's
 * prefix. */
bool np_join_code_fingerprint_matches(const np_join_code *code, const char *fingerprint);

#endif
