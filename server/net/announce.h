/* netpontd on the LAN: announces the service `_netpont._tcp` on the
 * server's port through avahi-daemon (DNS-SD over mDNS), with the TXT
 * records "v=1" and "fp=" and the first 128 bits of the certificate's
 * fingerprint (32 hex digits), so that `netpont-agent --join` with a code
 * that names no address finds the server whose fingerprint the code holds.
 * The announcement is only a hint: the PC checks the fingerprint over TLS
 * before it sends anything secret.
 *
 * Avahi runs in a thread of its own (avahi_threaded_poll), apart from the
 * libuv loop; it reconnects by itself when avahi-daemon starts later. */
#ifndef NETPONT_NET_ANNOUNCE_H
#define NETPONT_NET_ANNOUNCE_H

#include <stdint.h>

typedef struct net_announce net_announce;

/* Starts announcing port under a name made from name (the site's name, or
 * NULL for "Netpont") and fingerprint (64 hex digits). When avahi-daemon is
 * not running, says so in one log line and keeps trying in the background.
 * Returns the announcement (stop it with net_announce_stop()), or NULL when
 * Avahi could not be set up at all (logged). */
net_announce *net_announce_start(uint16_t port, const char *fingerprint, const char *name);

/* Withdraws the announcement and frees it (NULL is fine). */
void net_announce_stop(net_announce *a);

#endif
