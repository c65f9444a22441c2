/* netpontctl's trust in servers, on the shared known-servers file
 * (gio/netpont-known-servers.h): NETPONT_FINGERPRINT, else the file, else
 * --accept-new or a question on the terminal. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netpont-known-servers.h"

/* Asks the user on the terminal whether to trust the server: TRUE only for
 * an answer of yes. FALSE when there is no terminal. */
static gboolean ask_yes(const char *server, const char *fingerprint)
{
	if (!isatty(STDIN_FILENO))
		return FALSE;
	FILE *tty = fopen("/dev/tty", "r+");
	if (tty == NULL)
		return FALSE;
	fprintf(tty,
	        _("netpontctl has not talked to the server at %s before. Its certificate's "
	          "fingerprint is\n  %s\nCompare it with what `netpontd --fingerprint` prints on "
	          "the server. Trust it? (yes/no) "),
	        server, fingerprint);
	fflush(tty);
	char line[32] = "";
	gboolean yes = fgets(line, sizeof line, tty) != NULL &&
	               (g_ascii_strcasecmp(g_strstrip(line), "yes") == 0 ||
	                g_ascii_strcasecmp(line, _("yes")) == 0);
	fclose(tty);
	return yes;
}

int ctl_trust_server(ctl_ctx *ctx, const char *fingerprint)
{
	g_autofree char *server =
	    g_strdup_printf("%s:%u", ctx->server.host, (unsigned)ctx->server.port);
	g_autofree char *path = netpont_known_servers_path();
	char pinned[NP_FINGERPRINT_SIZE];
	g_autoptr(GError) error = NULL;
	switch (netpont_known_servers_check(server, fingerprint, pinned)) {
	case NETPONT_TRUST_OK:
		return CTL_EXIT_OK;
	case NETPONT_TRUST_ENV_INVALID:
		return ctl_usage_error(NULL,
		                       _("NETPONT_FINGERPRINT must be the 64 hex digits that "
		                         "`netpontd --fingerprint` prints, not '%s'."),
		                       g_getenv("NETPONT_FINGERPRINT"));
	case NETPONT_TRUST_ENV_MISMATCH:
		ctl_error(_("The server at %s presented the certificate fingerprint %s, but "
		            "NETPONT_FINGERPRINT pins %s; not connecting."),
		          server, fingerprint, pinned);
		return CTL_EXIT_CONNECT;
	case NETPONT_TRUST_FILE_MISMATCH:
		ctl_error(_("The server at %s presented the certificate fingerprint %s, but %s "
		            "has %s for it; not connecting (someone may be in between). If the "
		            "server's certificate was replaced on purpose, remove the old entry "
		            "with: sed -i '/^%s /d' %s"),
		          server, fingerprint, path, pinned, server, path);
		return CTL_EXIT_CONNECT;
	case NETPONT_TRUST_UNKNOWN:
		break;
	}
	if (!ctx->accept_new && !ask_yes(server, fingerprint)) {
		ctl_error(
		    _("netpontctl does not know the server at %s (certificate fingerprint "
		      "%s). Compare it with what `netpontd --fingerprint` prints on the "
		      "server, then run again with --accept-new, or set NETPONT_FINGERPRINT."),
		    server, fingerprint);
		return CTL_EXIT_CONNECT;
	}
	if (!netpont_known_servers_add(server, fingerprint, &error)) {
		ctl_error(_("Cannot remember the server in %s: %s."), path, error->message);
		return CTL_EXIT_CONNECT;
	}
	fprintf(stderr,
	        _("netpontctl: trusting the server at %s from now on (fingerprint %s, kept in "
	          "%s).\n"),
	        server, fingerprint, path);
	return CTL_EXIT_OK;
}
