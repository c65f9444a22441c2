#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_address.h"
#include "common/np_fingerprint.h"
#include "common/np_log.h"

void agent_config_init(agent_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
}

/* Every string of a config, in one fixed order: freeing and merging walk
 * the same list, so a new key is added in one place. */
#define CONFIG_STRING_COUNT 25u
/* The struct holds nothing but these strings: a key added to config.h and
 * not to the list below fails to compile. */
_Static_assert(sizeof(agent_config) == CONFIG_STRING_COUNT * sizeof(char *),
               "config_strings() must list every string of agent_config");

static void config_strings(agent_config *cfg, char **out[CONFIG_STRING_COUNT])
{
	char **all[CONFIG_STRING_COUNT] = {&cfg->server,
	                                   &cfg->seat,
	                                   &cfg->token_file,
	                                   &cfg->ui,
	                                   &cfg->control,
	                                   &cfg->control_group,
	                                   &cfg->state_dir,
	                                   &cfg->on_lock,
	                                   &cfg->on_unlock,
	                                   &cfg->on_session_end,
	                                   &cfg->printers,
	                                   &cfg->hold,
	                                   &cfg->outbox,
	                                   &cfg->language,
	                                   &cfg->server_fingerprint,
	                                   &cfg->public_user,
	                                   &cfg->terminate,
	                                   &cfg->end_session,
	                                   &cfg->reset,
	                                   &cfg->bar_enabled,
	                                   &cfg->bar_edge,
	                                   &cfg->bar_display,
	                                   &cfg->bar_xauthority,
	                                   &cfg->bar_user,
	                                   &cfg->log_level};
	memcpy(out, all, sizeof all);
}

void agent_config_free(agent_config *cfg)
{
	char **fields[CONFIG_STRING_COUNT];
	config_strings(cfg, fields);
	for (size_t i = 0; i < CONFIG_STRING_COUNT; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

static int replace(char **field, const char *value, char *err, size_t err_size)
{
	char *copy = strdup(value);
	if (copy == NULL) {
		snprintf(err, err_size, np_log_text("out of memory"));
		return -1;
	}
	free(*field);
	*field = copy;
	return 0;
}

/* "", "hu", "en", "pt_BR", "sr-Latn": letters, '_' and '-', at most 15
 * bytes (Hello.language; the server falls back to English). */
static bool language_ok(const char *value)
{
	size_t n = strlen(value);
	if (n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)value[i]) && value[i] != '_' && value[i] != '-')
			return false;
	return true;
}

/* [session]: public_user is an account name or a uid, never root (the
 * agent would end every administrator's work on the PC); terminate is yes
 * or no. Returns true (with err) for a value that is refused. */
static bool session_value_refused(const char *key, const char *value, char *err, size_t err_size)
{
	if (strcmp(key, "terminate") == 0 && strcmp(value, "yes") != 0 &&
	    strcmp(value, "no") != 0) {
		snprintf(err, err_size,
		         np_log_text("'terminate' in [session] must be yes or no, not '%s'"),
		         value);
		return true;
	}
	if (strcmp(key, "public_user") != 0)
		return false;
	bool digits = value[0] != '\0';
	for (const char *p = value; *p != '\0'; p++)
		digits = digits && isdigit((unsigned char)*p);
	if (strcmp(value, "root") == 0 || (digits && strtoull(value, NULL, 10) == 0)) {
		snprintf(err, err_size,
		         np_log_text(
		             "'public_user' in [session] must not be root: the agent ends every "
		             "process of that account when no session runs (use netpont-public)"));
		return true;
	}
	if (value[0] == '\0' || strlen(value) > 64) {
		snprintf(
		    err, err_size,
		    np_log_text("'public_user' in [session] must be the name or number of the PC's "
		                "public account, such as netpont-public"));
		return true;
	}
	return false;
}

bool agent_config_terminate(const agent_config *cfg)
{
	return cfg->terminate == NULL || strcmp(cfg->terminate, "no") != 0;
}

/* [bar]: the time bar's keys, checked here so that a typo is an error at
 * start and not a bar that never shows. */
static int config_set_bar(agent_config *cfg, const char *key, const char *value, char *err,
                          size_t err_size)
{
	struct {
		const char *key;
		char **field;
		const char *one, *other; /* the allowed values, or NULL for any */
	} keys[] = {
	    {"enabled", &cfg->bar_enabled, "yes", "no"},
	    {"edge", &cfg->bar_edge, "top", "bottom"},
	    {"display", &cfg->bar_display, NULL, NULL},
	    {"xauthority", &cfg->bar_xauthority, NULL, NULL},
	    {"public_user", &cfg->bar_user, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(key, keys[i].key) != 0)
			continue;
		if (keys[i].one != NULL && strcmp(value, keys[i].one) != 0 &&
		    strcmp(value, keys[i].other) != 0) {
			snprintf(err, err_size,
			         np_log_text("'%s' in [bar] must be %s or %s, not '%s'"), key,
			         keys[i].one, keys[i].other, value);
			return -1;
		}
		return replace(keys[i].field, value, err, err_size);
	}
	snprintf(err, err_size, np_log_text("unknown key '%s' in [bar]"), key);
	return -1;
}

int agent_config_set(agent_config *cfg, const char *section, const char *key, const char *value,
                     char *err, size_t err_size)
{
	if (strcmp(section, "bar") == 0)
		return config_set_bar(cfg, key, value, err, err_size);
	struct {
		const char *section;
		const char *key;
		char **field;
	} strings[] = {
	    {"agent", "server", &cfg->server},
	    {"agent", "server_fingerprint", &cfg->server_fingerprint},
	    {"agent", "seat", &cfg->seat},
	    {"agent", "token_file", &cfg->token_file},
	    {"agent", "ui", &cfg->ui},
	    {"agent", "control", &cfg->control},
	    {"agent", "control_group", &cfg->control_group},
	    {"agent", "state_dir", &cfg->state_dir},
	    {"agent", "language", &cfg->language},
	    {"agent", "log_level", &cfg->log_level},
	    {"hooks", "on_lock", &cfg->on_lock},
	    {"hooks", "on_unlock", &cfg->on_unlock},
	    {"hooks", "on_session_end", &cfg->on_session_end},
	    {"printing", "printers", &cfg->printers},
	    {"printing", "hold", &cfg->hold},
	    {"printing", "outbox", &cfg->outbox},
	    {"session", "public_user", &cfg->public_user},
	    {"session", "terminate", &cfg->terminate},
	    /* The watcher's command when the agent is not root (sessions.h). */
	    {"session", "end_session", &cfg->end_session},
	    /* The resetter's command (resetter.h). */
	    {"session", "reset", &cfg->reset},
	};
	if (strcmp(section, "agent") != 0 && strcmp(section, "hooks") != 0 &&
	    strcmp(section, "printing") != 0 && strcmp(section, "session") != 0) {
		if (section[0] == '\0')
			snprintf(err, err_size,
			         np_log_text(
			             "'%s' is outside any section; put it under [agent], [hooks], "
			             "[printing] or [session]"),
			         key);
		else
			snprintf(err, err_size,
			         np_log_text(
			             "'%s' is in an unknown section [%s] (known: [agent], [hooks], "
			             "[printing], [session])"),
			         key, section);
		return -1;
	}
	if (strcmp(section, "session") == 0 && session_value_refused(key, value, err, err_size))
		return -1;
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
		if (strcmp(section, strings[i].section) != 0 || strcmp(key, strings[i].key) != 0)
			continue;
		if (strcmp(key, "ui") == 0 && strcmp(value, "headless") != 0 &&
		    strcmp(value, "gtk") != 0) {
			snprintf(err, err_size,
			         np_log_text("'ui' in [agent] must be headless or gtk, not '%s'"),
			         value);
			return -1;
		}
		if (strcmp(key, "language") == 0 && !language_ok(value)) {
			snprintf(
			    err, err_size,
			    np_log_text(
			        "'language' in [agent] must be a language code such as hu or en "
			        "(or empty for English), not '%s'"),
			    value);
			return -1;
		}
		np_log_level level;
		if (strcmp(key, "log_level") == 0 && !np_log_level_parse(value, &level)) {
			np_log_level_problem("agent", value, err, err_size);
			return -1;
		}
		if (strcmp(key, "server_fingerprint") == 0 && !np_fingerprint_parse(value, NULL)) {
			snprintf(
			    err, err_size,
			    np_log_text(
			        "'server_fingerprint' in [agent] must be the 64 hex digits that "
			        "`netpontctl seat add` printed, not '%s'"),
			    value);
			return -1;
		}
		if (strcmp(key, "server") == 0) {
			np_address address;
			np_address_result parsed =
			    np_address_parse(value, NP_DEFAULT_PORT, &address);
			if (parsed != NP_ADDRESS_OK) {
				np_address_problem(parsed, "the server address", value, err,
				                   err_size);
				return -1;
			}
		}
		return replace(strings[i].field, value, err, err_size);
	}
	snprintf(err, err_size, np_log_text("unknown key '%s' in [%s]"), key, section);
	return -1;
}

typedef struct load_state {
	agent_config *cfg;
	char first_error[256];
} load_state;

static int on_ini_value(void *user, const char *section, const char *name, const char *value)
{
	load_state *st = user;
	char err[256];
	if (agent_config_set(st->cfg, section, name, value != NULL ? value : "", err, sizeof err) ==
	    0)
		return 1;
	/* inih reports the line of the first error; remember its sentence. */
	if (st->first_error[0] == '\0')
		snprintf(st->first_error, sizeof st->first_error, "%s", err);
	return 0;
}

int agent_config_load(agent_config *cfg, const char *path, char *err, size_t err_size)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		snprintf(err, err_size, np_log_text("cannot read the configuration file %s: %s"),
		         path, strerror(errno));
		return -1;
	}
	load_state st = {.cfg = cfg};
	int line = ini_parse_file(f, on_ini_value, &st);
	fclose(f);
	if (line == 0)
		return 0;
	if (line < 0) {
		snprintf(err, err_size, np_log_text("cannot read the configuration file %s"), path);
		return -1;
	}
	if (st.first_error[0] != '\0')
		snprintf(err, err_size, "%s:%d: %s", path, line, st.first_error);
	else
		snprintf(err, err_size,
		         np_log_text("%s:%d: this line is not 'key = value' or a [section] header"),
		         path, line);
	return -1;
}

int agent_config_merge(agent_config *cfg, const agent_config *over)
{
	char err[32];
	char **src[CONFIG_STRING_COUNT], **dst[CONFIG_STRING_COUNT];
	/* over is only read: its list is taken from a copy of the struct. */
	agent_config view = *over;
	config_strings(&view, src);
	config_strings(cfg, dst);
	for (size_t i = 0; i < CONFIG_STRING_COUNT; i++)
		if (*src[i] != NULL && replace(dst[i], *src[i], err, sizeof err) != 0)
			return -1;
	return 0;
}
