/* A server's fingerprint as people and files write it: the SHA-256 of its
 * TLS certificate, 64 hex digits. Agents pin it (server_fingerprint),
 * netpontctl and the console keep it in known-servers or take it from
 * NETPONT_FINGERPRINT. Plain C, no TLS library: the console reads it too. */
#ifndef NETPONT_COMMON_NP_FINGERPRINT_H
#define NETPONT_COMMON_NP_FINGERPRINT_H

#include <stdbool.h>

/* A fingerprint as text: 64 lower-case hex digits and a NUL. */
#define NP_FINGERPRINT_SIZE 65

/* Whether text is a SHA-256 fingerprint (64 hex digits, either case, an
 * optional ':' between byte pairs). When out is not NULL it receives the
 * canonical form (64 lower-case digits). */
bool np_fingerprint_parse(const char *text, char out[NP_FINGERPRINT_SIZE]);

#endif
