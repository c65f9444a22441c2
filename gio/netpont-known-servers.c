/* Trust on first use; see netpont-known-servers.h. */
#include "netpont-known-servers.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "common/np_file.h"

char *netpont_known_servers_path(void)
{
	/* g_get_user_config_dir() caches its answer; tests change
	 * XDG_CONFIG_HOME between runs of the same process. */
	const char *config = g_getenv("XDG_CONFIG_HOME");
	if (config != NULL && config[0] == '/')
		return g_build_filename(config, "netpont", "known-servers", NULL);
	return g_build_filename(g_get_home_dir(), ".config", "netpont", "known-servers", NULL);
}

/* The fingerprint the file's text has for server, or FALSE. */
static gboolean known_fingerprint(const char *text, const char *server,
                                  char out[NP_FINGERPRINT_SIZE])
{
	g_auto(GStrv) lines = g_strsplit(text != NULL ? text : "", "\n", -1);
	for (char **line = lines; *line != NULL; line++) {
		g_auto(GStrv) words = g_strsplit_set(g_strstrip(*line), " \t", 2);
		if (words[0] == NULL || words[0][0] == '#' || words[1] == NULL)
			continue;
		if (strcmp(words[0], server) == 0 &&
		    np_fingerprint_parse(g_strstrip(words[1]), out))
			return TRUE;
	}
	return FALSE;
}

NetpontTrust netpont_known_servers_check(const char *server, const char *fingerprint,
                                         char pinned[NP_FINGERPRINT_SIZE])
{
	const char *env = g_getenv("NETPONT_FINGERPRINT");
	if (env != NULL && *env != '\0') {
		if (!np_fingerprint_parse(env, pinned))
			return NETPONT_TRUST_ENV_INVALID;
		return strcmp(pinned, fingerprint) == 0 ? NETPONT_TRUST_OK
		                                        : NETPONT_TRUST_ENV_MISMATCH;
	}
	g_autofree char *path = netpont_known_servers_path();
	g_autofree char *text = NULL;
	g_file_get_contents(path, &text, NULL, NULL);
	if (!known_fingerprint(text, server, pinned))
		return NETPONT_TRUST_UNKNOWN;
	return strcmp(pinned, fingerprint) == 0 ? NETPONT_TRUST_OK : NETPONT_TRUST_FILE_MISMATCH;
}

gboolean netpont_known_servers_add(const char *server, const char *fingerprint, GError **error)
{
	g_autofree char *path = netpont_known_servers_path();
	g_autofree char *dir = g_path_get_dirname(path);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		int saved = errno;
		g_set_error_literal(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		                    g_strerror(saved));
		return FALSE;
	}
	g_autofree char *text = NULL;
	g_file_get_contents(path, &text, NULL, NULL);
	gboolean needs_newline = text != NULL && *text != '\0' && !g_str_has_suffix(text, "\n");
	g_autofree char *updated = g_strdup_printf("%s%s%s %s\n", text != NULL ? text : "",
	                                           needs_newline ? "\n" : "", server, fingerprint);
	int rc = np_file_write_atomic(path, updated, strlen(updated), 0600);
	if (rc != 0) {
		g_set_error_literal(error, G_FILE_ERROR, g_file_error_from_errno(-rc),
		                    g_strerror(-rc));
		return FALSE;
	}
	return TRUE;
}

void netpont_fingerprint_of_der(const guint8 *der, gsize len, char out[NP_FINGERPRINT_SIZE])
{
	g_autofree char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, der, len);
	g_strlcpy(out, hex, NP_FINGERPRINT_SIZE);
}
