#define _GNU_SOURCE /* newlocale(), uselocale() */
#include "common/np_log.h"

#include <errno.h> /* program_invocation_short_name */
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

static struct {
	const char *program;
	const char *domain;
	np_log_level level;
	bool level_from_env; /* NETPONT_LOG_LEVEL named a level: it wins */
	bool journal;
	char language[32]; /* "" = English */
	locale_t messages; /* LC_MESSAGES = C.UTF-8 for the lookups */
} np_log_state = {.level = NP_LOG_INFO};

static const struct {
	const char *name;
	np_log_level level;
} np_log_levels[] = {
    {"error", NP_LOG_ERROR}, {"warning", NP_LOG_WARNING}, {"notice", NP_LOG_NOTICE},
    {"info", NP_LOG_INFO},   {"debug", NP_LOG_DEBUG},
};

/* sd-daemon's prefix of each level, indexed by the level (syslog's
 * priority). */
static const char *const np_log_prefixes[] = {
    [NP_LOG_ERROR] = SD_ERR, [NP_LOG_WARNING] = SD_WARNING, [NP_LOG_NOTICE] = SD_NOTICE,
    [NP_LOG_INFO] = SD_INFO, [NP_LOG_DEBUG] = SD_DEBUG,
};

bool np_log_level_parse(const char *name, np_log_level *out)
{
	if (name == NULL)
		return false;
	for (size_t i = 0; i < sizeof np_log_levels / sizeof np_log_levels[0]; i++) {
		if (strcasecmp(name, np_log_levels[i].name) == 0) {
			*out = np_log_levels[i].level;
			return true;
		}
	}
	return false;
}

void np_log_level_problem(const char *section, const char *value, char *out, size_t size)
{
	snprintf(out, size,
	         np_log_text("log_level in [%s] must be one of error, warning, notice, info, "
	                     "debug, not \"%s\""),
	         section, value);
}

/* Whether JOURNAL_STREAM ("DEV:INODE") names the file stderr is. systemd
 * sets it for a service whose stderr is the journal; a child that inherited
 * the variable but writes elsewhere does not match. */
static bool stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev = 0, ino = 0;
	struct stat st;
	if (stream == NULL || sscanf(stream, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st) != 0)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

/* The language gettext would choose from the environment: none under the
 * "C" or "POSIX" locale (gettext then ignores LANGUAGE too), else the first
 * of LANGUAGE's list, else the locale's name, without its codeset and
 * modifier ("hu_HU.UTF-8" → "hu_HU"). English is "". */
static void read_language(char *out, size_t size)
{
	const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *locale = NULL;
	for (size_t i = 0; i < 3 && locale == NULL; i++) {
		const char *value = getenv(names[i]);
		if (value != NULL && value[0] != '\0')
			locale = value;
	}
	out[0] = '\0';
	if (locale == NULL || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0)
		return;
	const char *language = getenv("LANGUAGE");
	const char *from = language != NULL && language[0] != '\0' ? language : locale;
	size_t n = strcspn(from, ":.@");
	if (n == 0 || n >= size)
		return;
	memcpy(out, from, n);
	out[n] = '\0';
	if (strcmp(out, "C") == 0 || strcmp(out, "POSIX") == 0 || strcmp(out, "en") == 0 ||
	    strncmp(out, "en_", 3) == 0)
		out[0] = '\0';
}

/* Whether LANGUAGE's first entry is the log's language. */
static bool np_log_language_set(void)
{
	const char *current = getenv("LANGUAGE");
	size_t n = strlen(np_log_state.language);
	return current != NULL && strncmp(current, np_log_state.language, n) == 0 &&
	       (current[n] == '\0' || current[n] == ':');
}

void np_log_init(const char *program, const char *domain, const char *localedir)
{
	np_log_state.program = program;
	np_log_state.domain = domain;
	np_log_state.journal = stderr_is_journal();
	read_language(np_log_state.language, sizeof np_log_state.language);
	if (domain != NULL) {
		if (localedir != NULL && localedir[0] != '\0')
			bindtextdomain(domain, localedir);
		bind_textdomain_codeset(domain, "UTF-8");
	}
	if (np_log_state.messages == (locale_t)0)
		np_log_state.messages = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
	/* The lookups read the language from LANGUAGE (under C.UTF-8). Put
	 * there once, now, before any thread starts, it need not be changed for
	 * each line: the agent's CUPS threads read the environment. It is the
	 * language gettext would choose from the environment anyway, so
	 * children see no difference. */
	if (np_log_state.language[0] != '\0' && !np_log_language_set())
		setenv("LANGUAGE", np_log_state.language, 1);
	np_log_state.level = NP_LOG_INFO;
	const char *wanted = getenv("NETPONT_LOG_LEVEL");
	np_log_state.level_from_env = np_log_level_parse(wanted, &np_log_state.level);
	if (wanted != NULL && wanted[0] != '\0' && !np_log_state.level_from_env)
		np_log(NP_LOG_WARNING,
		       "NETPONT_LOG_LEVEL=%s is not a level (error, warning, notice, info, debug); "
		       "it is ignored",
		       wanted);
}

void np_log_set_level(np_log_level level)
{
	if (!np_log_state.level_from_env)
		np_log_state.level = level;
}

bool np_log_enabled(np_log_level level)
{
	return level <= np_log_state.level;
}

const char *np_log_language(void)
{
	return np_log_state.language;
}

bool np_log_journal(void)
{
	return np_log_state.journal;
}

/* Makes gettext forget the translations it looked up: they are cached by
 * domain and locale name, not by LANGUAGE, and setting the text domain
 * again is its documented signal that the environment changed. */
static void np_log_forget_lookups(void)
{
	textdomain(textdomain(NULL));
}

const char *np_log_text(const char *msgid)
{
	/* gettext's translation of "" is the catalog's header. */
	if (msgid == NULL || msgid[0] == '\0' || np_log_state.language[0] == '\0' ||
	    np_log_state.domain == NULL || np_log_state.messages == (locale_t)0)
		return msgid;
	/* netpontd sets LANGUAGE to each request's language (core/i18n.c): the
	 * log's own is put in for this lookup and the request's put back. */
	const char *current = getenv("LANGUAGE");
	char *saved = NULL;
	bool swap = !np_log_language_set();
	if (swap) {
		saved = current != NULL ? strdup(current) : NULL;
		setenv("LANGUAGE", np_log_state.language, 1);
		np_log_forget_lookups();
	}
	locale_t before = uselocale(np_log_state.messages);
	const char *text = dgettext(np_log_state.domain, msgid);
	uselocale(before);
	if (swap) {
		if (saved != NULL)
			setenv("LANGUAGE", saved, 1);
		else
			unsetenv("LANGUAGE");
		free(saved);
		np_log_forget_lookups();
	}
	return text;
}

void np_logv(np_log_level level, const char *fmt, va_list ap)
{
	if (!np_log_enabled(level))
		return;
	char line[NP_LOG_LINE_MAX];
	vsnprintf(line, sizeof line, np_log_text(fmt), ap);
	/* One event, one line: a newline or another control character inside
	 * a message (a peer's text, a sentence from elsewhere) becomes a
	 * space; trailing ones go. */
	size_t n = strlen(line);
	while (n > 0 && (unsigned char)line[n - 1] < 0x20)
		line[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = ' ';
	/* One write per line, so lines of children that share stderr (the
	 * agent's hooks) do not cut into it. */
	if (np_log_state.journal)
		fprintf(stderr, "%s%s\n", np_log_prefixes[level], line);
	else
		fprintf(stderr, "%s: %s\n",
		        /* A program that did not call np_log_init() (a test, a
		         * tool linking print.c) is named as the shell would. */
		        np_log_state.program != NULL ? np_log_state.program
		                                     : program_invocation_short_name,
		        line);
	fflush(stderr);
}

void np_log(np_log_level level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	np_logv(level, fmt, ap);
	va_end(ap);
}
