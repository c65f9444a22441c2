/* Finding netpontd on the LAN with Avahi (DNS-SD, `_netpont._tcp`), for a
 * join code without an address. netpontd announces its port and the first
 * 128 bits of its certificate's fingerprint (TXT "fp=", 32 hex digits); a
 * server is chosen only when that matches the code, and the full
 * fingerprint is still checked over TLS before anything secret is sent. */
#ifndef NETPONT_AGENT_DISCOVER_H
#define NETPONT_AGENT_DISCOVER_H

#include <stddef.h>

/* Browses for up to timeout_ms and writes the address ("HOST:PORT" or
 * "[IPv6]:PORT") of the server whose fp is fp_prefix (32 lower-case hex
 * digits) into out (n bytes). Returns 1 when found; 0 when none matched,
 * with a sentence in err saying how many servers were seen; -1 when Avahi
 * could not be asked (no avahi-daemon), with a sentence in err. */
int agent_discover_server(const char *fp_prefix, int timeout_ms, char *out, size_t n, char *err,
                          size_t err_size);

#endif
