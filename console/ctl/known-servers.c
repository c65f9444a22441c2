/* netpontctl's trust in servers: NETPONT_FINGERPRINT, else the
 * known-servers file, else ask (see client.h). */
#include "ctl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/np_file.h"

char *ctl_known_servers_path(void)
{
	const char *config = getenv("XDG_CONFIG_HOME");
	if (config != NULL && config[0] == '/')
		return g_build_filename(config, "netpont", "known-servers", NULL);
	const char *home = getenv("HOME");
	return g_build_filename(home != NULL && *home ? home : g_get_home_dir(), ".config",
	                        "netpont", "known-servers", NULL);
}

/* The fingerprint known for server ("HOST:PORT") in the file's text, or
 * FALSE when there is none. */
static gboolean known_fingerprint(const char *text, const char *server,
                                  char out[NP_TLS_FINGERPRINT_SIZE])
{
	g_auto(GStrv) lines = g_strsplit(text != NULL ? text : "", "\n", -1);
	for (char **line = lines; *line != NULL; line++) {
		g_auto(GStrv) words = g_strsplit_set(g_strstrip(*line), " \t", 2);
		if (words[0] == NULL || words[0][0] == '#' || words[1] == NULL)
			continue;
		if (strcmp(words[0], server) == 0 &&
		    np_tls_fingerprint_parse(g_strstrip(words[1]), out))
			return TRUE;
	}
	return FALSE;
}

/* Adds "server fingerprint" to the file (made with its folder if needed). */
static int remember(const char *path, const char *text, const char *server, const char *fingerprint)
{
	g_autofree char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		ctl_error(_("Cannot create %s: %s."), dir, g_strerror(errno));
		return CTL_EXIT_CONNECT;
	}
	g_autofree char *updated =
	    g_strdup_printf("%s%s%s %s\n", text != NULL ? text : "",
	                    text != NULL && *text && !g_str_has_suffix(text, "\n") ? "\n" : "",
	                    server, fingerprint);
	int rc = np_file_write_atomic(path, updated, strlen(updated), 0600);
	if (rc != 0) {
		ctl_error(_("Cannot write %s: %s."), path, g_strerror(-rc));
		return CTL_EXIT_CONNECT;
	}
	fprintf(
	    stderr,
	    _("netpontctl: trusting the server at %s from now on (fingerprint %s, kept in %s).\n"),
	    server, fingerprint, path);
	return CTL_EXIT_OK;
}

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
	               (g_ascii_strncasecmp(g_strstrip(line), "yes", 4) == 0 ||
	                g_ascii_strcasecmp(line, _("yes")) == 0);
	fclose(tty);
	return yes;
}

int ctl_trust_server(ctl_ctx *ctx, const char *fingerprint)
{
	g_autofree char *server =
	    g_strdup_printf("%s:%u", ctx->server.host, (unsigned)ctx->server.port);
	char pinned[NP_TLS_FINGERPRINT_SIZE];
	const char *env = getenv("NETPONT_FINGERPRINT");
	if (env != NULL && *env != '\0') {
		if (!np_tls_fingerprint_parse(env, pinned))
			return ctl_usage_error(
			    NULL,
			    _("NETPONT_FINGERPRINT must be the 64 hex digits that "
			      "`netpontd --fingerprint` prints, not '%s'."),
			    env);
		if (strcmp(pinned, fingerprint) == 0)
			return CTL_EXIT_OK;
		ctl_error(_("The server at %s presented the certificate fingerprint %s, but "
		            "NETPONT_FINGERPRINT pins %s; not connecting."),
		          server, fingerprint, pinned);
		return CTL_EXIT_CONNECT;
	}

	g_autofree char *path = ctl_known_servers_path();
	g_autofree char *text = NULL;
	g_file_get_contents(path, &text, NULL, NULL);
	if (known_fingerprint(text, server, pinned)) {
		if (strcmp(pinned, fingerprint) == 0)
			return CTL_EXIT_OK;
		ctl_error(_("The server at %s presented the certificate fingerprint %s, but %s "
		            "has %s for it; not connecting (someone may be in between). If the "
		            "server's certificate was replaced on purpose, remove the old entry "
		            "with: sed -i '/^%s /d' %s"),
		          server, fingerprint, path, pinned, server, path);
		return CTL_EXIT_CONNECT;
	}
	if (ctx->accept_new || ask_yes(server, fingerprint))
		return remember(path, text, server, fingerprint);
	ctl_error(_("netpontctl does not know the server at %s (certificate fingerprint %s). "
	            "Compare it with what `netpontd --fingerprint` prints on the server, then "
	            "run again with --accept-new, or set NETPONT_FINGERPRINT."),
	          server, fingerprint);
	return CTL_EXIT_CONNECT;
}
