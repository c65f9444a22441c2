/* Trust on first use, like ssh, for the programs a person runs against
 * netpontd: netpontctl and the console.
 *
 * The servers a user trusts are kept one per line, "HOST:PORT FINGERPRINT",
 * in $XDG_CONFIG_HOME/netpont/known-servers (default
 * ~/.config/netpont/known-servers), made with mode 0600. NETPONT_FINGERPRINT,
 * when set and not empty, pins the fingerprint for the whole run instead
 * (scripts), and then the file is neither read nor written. Each program
 * words its own sentences and decides how a person accepts a new server
 * (netpontctl: --accept-new or a terminal prompt; the console: a dialog). */
#ifndef NETPONT_KNOWN_SERVERS_H
#define NETPONT_KNOWN_SERVERS_H

#include <glib.h>

#include "common/np_fingerprint.h"

G_BEGIN_DECLS

typedef enum {
	NETPONT_TRUST_OK = 0,        /* the pinned fingerprint matches */
	NETPONT_TRUST_UNKNOWN,       /* no entry for the server: ask, or refuse */
	NETPONT_TRUST_FILE_MISMATCH, /* known-servers has another fingerprint */
	NETPONT_TRUST_ENV_MISMATCH,  /* NETPONT_FINGERPRINT is another one */
	NETPONT_TRUST_ENV_INVALID,   /* NETPONT_FINGERPRINT is not a fingerprint */
} NetpontTrust;

/* The known-servers file's path; caller g_free()s it. */
char *netpont_known_servers_path(void);

/* Whether to talk to server ("HOST:PORT") whose certificate has
 * fingerprint (64 lower-case hex digits). For a mismatch, pinned receives
 * the expected fingerprint. Nothing is written. */
NetpontTrust netpont_known_servers_check(const char *server, const char *fingerprint,
                                         char pinned[NP_FINGERPRINT_SIZE]);

/* Adds "server fingerprint" to the file, making it and its folder when
 * needed. Returns FALSE with error set (G_FILE_ERROR; its message is the
 * system's words for the cause, the caller names the file). */
gboolean netpont_known_servers_add(const char *server, const char *fingerprint, GError **error);

/* The SHA-256 of der (a certificate's DER bytes) as 64 lower-case hex
 * digits into out. */
void netpont_fingerprint_of_der(const guint8 *der, gsize len, char out[NP_FINGERPRINT_SIZE]);

G_END_DECLS

#endif
