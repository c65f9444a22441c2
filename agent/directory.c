#include "directory.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cups/cups.h>

#include "common/np_file.h"
#include "common/np_fold.h"

#define N_(s) s

static const char *const directory_uses[] = {"open", "view", "search", "print"};

bool directory_use_ok(const char *what)
{
	for (size_t i = 0; what != NULL && i < sizeof directory_uses / sizeof directory_uses[0];
	     i++)
		if (strcmp(what, directory_uses[i]) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------ the list kept on disk */

int directory_cache_save(const char *path, const Netpont__AgentDirectoryListReply *reply)
{
	size_t len = netpont__agent_directory_list_reply__get_packed_size(reply);
	uint8_t *bytes = malloc(len > 0 ? len : 1);
	if (bytes == NULL)
		return -1;
	netpont__agent_directory_list_reply__pack(reply, bytes);
	int rc = np_file_write_atomic(path, bytes, len, 0600);
	free(bytes);
	return rc == 0 ? 0 : -1;
}

/* The list is bounded by what the server sends in one frame. */
#define DIRECTORY_CACHE_MAX (4u * 1024u * 1024u)

Netpont__AgentDirectoryListReply *directory_cache_load(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	uint8_t *bytes = malloc(DIRECTORY_CACHE_MAX);
	size_t len = bytes != NULL ? fread(bytes, 1, DIRECTORY_CACHE_MAX, f) : 0;
	fclose(f);
	Netpont__AgentDirectoryListReply *reply =
	    bytes != NULL ? netpont__agent_directory_list_reply__unpack(NULL, len, bytes) : NULL;
	free(bytes);
	return reply;
}

bool directory_entry_matches(const Netpont__DirectoryEntry *e, const char *query,
                             const char *category)
{
	if (category != NULL && category[0] != '\0' &&
	    (e->category == NULL || strcmp(e->category, category) != 0))
		return false;
	const char *texts[] = {e->title != NULL ? e->title : "", e->body != NULL ? e->body : "",
	                       e->address != NULL ? e->address : "", NULL};
	return np_fold_matches(query, texts);
}

/* ------------------------------------------------------------ the slip */

/* The slip's words in the language the screen shows: the domain's
 * translation under a C.UTF-8 LC_MESSAGES with LANGUAGE set for the call
 * (the loop thread only; the rest of the agent keeps its own locale). */
static const char *slip_tr(const char *language, const char *msgid)
{
	if (language == NULL || language[0] == '\0' || strcmp(language, "en") == 0 ||
	    strpbrk(language, "/.:") != NULL)
		return msgid;
	static locale_t c_utf8;
	if (c_utf8 == (locale_t)0)
		c_utf8 = newlocale(LC_MESSAGES_MASK, "C.UTF-8", (locale_t)0);
	if (c_utf8 == (locale_t)0)
		return msgid;
	char *old_language = getenv("LANGUAGE") ? strdup(getenv("LANGUAGE")) : NULL;
	setenv("LANGUAGE", language, 1);
	locale_t old = uselocale(c_utf8);
	const char *out = dgettext("netpont-agent", msgid);
	uselocale(old);
	if (old_language != NULL) {
		setenv("LANGUAGE", old_language, 1);
		free(old_language);
	} else {
		unsetenv("LANGUAGE");
	}
	return out;
}

typedef struct slip_buf {
	char *buf;
	size_t size, len;
} slip_buf;

static void slip_add(slip_buf *s, const char *text)
{
	if (s->size == 0)
		return;
	size_t room = s->size - 1 - s->len;
	size_t n = strlen(text);
	if (n > room)
		n = room;
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	s->buf[s->len] = '\0';
}

/* Adds text wrapped at SLIP_COLUMNS characters (UTF-8 code points), at
 * spaces where it can. */
#define SLIP_COLUMNS 64
static void slip_add_wrapped(slip_buf *s, const char *text)
{
	const char *line = text;
	while (*line != '\0') {
		const char *p = line, *space = NULL;
		unsigned cols = 0;
		while (*p != '\0' && *p != '\n' && cols < SLIP_COLUMNS) {
			if (*p == ' ')
				space = p;
			p++;
			while (((unsigned char)*p & 0xC0) == 0x80)
				p++;
			cols++;
		}
		const char *end = p;
		if (*p != '\0' && *p != '\n' && space != NULL && space > line)
			end = space;
		char piece[4 * SLIP_COLUMNS + 2];
		size_t n = (size_t)(end - line);
		memcpy(piece, line, n);
		piece[n] = '\n';
		piece[n + 1] = '\0';
		slip_add(s, piece);
		line = end;
		if (*line == ' ' || *line == '\n')
			line++;
	}
}

static void slip_field(slip_buf *s, const char *language, const char *label, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	char line[1024];
	snprintf(line, sizeof line, slip_tr(language, label), value);
	slip_add_wrapped(s, line);
}

size_t directory_slip_text(const Netpont__DirectoryEntry *e, const char *site_name,
                           const char *language, char *buf, size_t size)
{
	slip_buf s = {buf, size, 0};
	if (size > 0)
		buf[0] = '\0';
	slip_add_wrapped(&s, e->title != NULL ? e->title : "");
	slip_add(&s, "\n");
	if (e->body != NULL && e->body[0] != '\0') {
		slip_add_wrapped(&s, e->body);
		slip_add(&s, "\n");
	}
	slip_field(&s, language, N_("Opening hours: %s"), e->hours);
	slip_field(&s, language, N_("Address: %s"), e->address);
	slip_field(&s, language, N_("Phone: %s"), e->phone);
	slip_field(&s, language, N_("Email: %s"), e->email);
	slip_field(&s, language, N_("Web: %s"), e->web);
	slip_add(&s, "\n");
	slip_field(&s, language, N_("Printed free at %s"),
	           site_name != NULL && site_name[0] != '\0' ? site_name : "Netpont");
	return s.len;
}

/* ------------------------------------------------------------ printing, in the thread pool */

typedef struct slip_work {
	uv_work_t req;
	directory_print_cb cb;
	void *data;
	char printer[128];
	char title[64];
	char *text;
	bool ok;
	char error[512];
} slip_work;

static void slip_submit(uv_work_t *req)
{
	slip_work *w = req->data;
	const char *printer = w->printer;
	if (printer[0] == '\0')
		printer = cupsGetDefault2(CUPS_HTTP_DEFAULT);
	if (printer == NULL) {
		snprintf(w->error, sizeof w->error, "CUPS has no printer to print the slip on");
		return;
	}
	cups_option_t *options = NULL;
	int n = cupsAddOption("job-hold-until", "no-hold", 0, &options);
	int id = cupsCreateJob(CUPS_HTTP_DEFAULT, printer, w->title, n, options);
	cupsFreeOptions(n, options);
	if (id <= 0) {
		snprintf(w->error, sizeof w->error, "CUPS refused the slip on %s: %s", printer,
		         cupsLastErrorString());
		return;
	}
	if (cupsStartDocument(CUPS_HTTP_DEFAULT, printer, id, "slip.txt", CUPS_FORMAT_TEXT, 1) !=
	        HTTP_STATUS_CONTINUE ||
	    cupsWriteRequestData(CUPS_HTTP_DEFAULT, w->text, strlen(w->text)) !=
	        HTTP_STATUS_CONTINUE ||
	    cupsFinishDocument(CUPS_HTTP_DEFAULT, printer) != IPP_STATUS_OK) {
		snprintf(w->error, sizeof w->error, "CUPS did not take the slip on %s: %s", printer,
		         cupsLastErrorString());
		return;
	}
	w->ok = true;
}

static void slip_done(uv_work_t *req, int status)
{
	slip_work *w = req->data;
	if (status != 0 && w->error[0] == '\0')
		snprintf(w->error, sizeof w->error, "the slip was not printed: %s",
		         uv_strerror(status));
	w->cb(w->ok, w->error, w->data);
	free(w->text);
	free(w);
}

int directory_print_slip(uv_loop_t *loop, const char *printer, const char *text, int64_t entry_id,
                         directory_print_cb cb, void *data)
{
	slip_work *w = calloc(1, sizeof *w);
	if (w == NULL)
		return -ENOMEM;
	w->text = strdup(text);
	if (w->text == NULL) {
		free(w);
		return -ENOMEM;
	}
	w->cb = cb;
	w->data = data;
	w->req.data = w;
	snprintf(w->printer, sizeof w->printer, "%s", printer != NULL ? printer : "");
	snprintf(w->title, sizeof w->title, "%s %lld", DIRECTORY_SLIP_TITLE, (long long)entry_id);
	int rc = uv_queue_work(loop, &w->req, slip_submit, slip_done);
	if (rc != 0) {
		free(w->text);
		free(w);
	}
	return rc;
}
