/* How every program reads a server address: "HOST", "HOST:PORT", "[IPv6]"
 * or "[IPv6]:PORT", with the port defaulting to Netpont's own. One rule, so
 * that an address the console accepts is accepted by netpontctl, the agent
 * and netpontd's --listen alike. */
#ifndef NETPONT_COMMON_NP_ADDRESS_H
#define NETPONT_COMMON_NP_ADDRESS_H

#include <stddef.h>
#include <stdint.h>

/* netpontd's port when an address names none. */
#define NP_DEFAULT_PORT 7450

/* A host name or address as getaddrinfo() takes it (no brackets). */
#define NP_ADDRESS_HOST_MAX 256

typedef struct np_address {
	char host[NP_ADDRESS_HOST_MAX];
	uint16_t port; /* 1..65535 */
} np_address;

/* Why an address was refused. */
typedef enum np_address_result {
	NP_ADDRESS_OK = 0,
	NP_ADDRESS_BAD_FORM, /* empty, no host, "[::1" or a bare IPv6 address */
	NP_ADDRESS_BAD_PORT, /* the port is not a number from 1 to 65535 */
	NP_ADDRESS_TOO_LONG, /* the host does not fit NP_ADDRESS_HOST_MAX */
} np_address_result;

/* Reads text into *out. A missing port is default_port (NP_DEFAULT_PORT
 * for the server's address). An IPv6 address with a port needs brackets,
 * and a bare one is refused as ambiguous ("::1:80"). On a refusal *out is
 * left as it was. Pure: no name lookup, no allocation. */
np_address_result np_address_parse(const char *text, uint16_t default_port, np_address *out);

/* A sentence saying what is wrong with text for result (not NP_ADDRESS_OK),
 * e.g. "the port in 'pc:99999' must be a number from 1 to 65535", into buf;
 * returns buf. what names the address ("the server address"). */
char *np_address_problem(np_address_result result, const char *what, const char *text, char *buf,
                         size_t size);

#endif
