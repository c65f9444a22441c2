/* Print metering: see print.h for the contract.
 *
 * Structure: the loop thread owns every piece of state (the outbox index,
 * the held-job list). The thread pool only talks IPP: a work item gets a
 * copy of what it needs, fills in a result, and print__after_work() applies
 * the result on the loop thread. At most one work item is in flight; others
 * wait in a small FIFO of operations. */
#include "print.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cups/cups.h>

#include "common/np_address.h"
#include "common/np_file.h"
#include "common/np_log.h"

extern char **environ;

#define PRINT_KEY_MAX 256
/* Acknowledged markers of jobs CUPS no longer lists are kept this long. */
#define PRINT_DONE_KEEP_S (24 * 3600)
/* Bound on the operations waiting behind the one in flight. */
#define PRINT_OPS_MAX 64

typedef enum { ENTRY_PENDING, ENTRY_DONE } entry_state;

/* One outbox entry: a report not yet acknowledged, or the memory of one that
 * was, so the job is never reported twice. */
typedef struct print_entry {
	char key[PRINT_KEY_MAX];
	entry_state state;
	Netpont__AgentPrint *job; /* owned (protobuf-c unpacked or built); NULL for DONE */
	int64_t sort_at;
	bool seen; /* listed by CUPS in the last successful poll */
} print_entry;

/* A job seen held on a hold queue. */
typedef struct print_held {
	char key[PRINT_KEY_MAX];
	char printer[128];
	char title[256];
	int job_id;
	int pages;
	int copies;
	bool color;
	int64_t session_id; /* the session it was held in: its print belongs to it */
	bool seen;
} print_held;

/* A held job that was released and has not completed yet. It belongs to the
 * session it was held in, also when that session has ended (or another has
 * begun) by the time it prints. */
typedef struct print_released {
	char key[PRINT_KEY_MAX];
	int64_t session_id;
	bool seen;
} print_released;

/* One job as read from Get-Jobs, in the work thread. */
typedef struct print_job_row {
	int id;
	ipp_jstate_t state;
	char printer[128];
	char title[256];
	int impressions;
	int copies;
	bool color;
	int64_t created_at;
	int64_t completed_at;
	int pages_estimate; /* held jobs on hold queues: counted from the document */
} print_job_row;

typedef enum { OP_POLL, OP_RELEASE, OP_CANCEL } op_kind;

typedef struct print_work {
	uv_work_t req;
	print_watch *pw;
	op_kind kind;
	char key[PRINT_KEY_MAX];
	char printer[128];
	int job_id;
	/* OP_POLL input: keys of held jobs already counted (no need to fetch the document) */
	char **known_held;
	size_t n_known_held;
	/* output */
	bool ok;
	char error[256];
	print_job_row *rows;
	size_t n_rows;
} print_work;

struct print_watch {
	uv_loop_t *loop;
	uv_timer_t timer;
	print_report_cb cb;
	void *data;
	char *outbox_dir;
	char *printers; /* ",a,b," or NULL */
	char *hold;     /* ",a,b," or NULL */
	char *server;   /* host name or socket path */
	int port;
	unsigned poll_ms;
	int64_t since; /* jobs completed before this are not ours to report */
	int64_t session_id;
	print_entry *entries;
	size_t n_entries, cap_entries;
	print_held *held;
	size_t n_held, cap_held;
	print_released *released;
	size_t n_released, cap_released;
	print_work *ops[PRINT_OPS_MAX];
	size_t n_ops;
	bool busy;
	bool stopping;
	bool timer_closed;
	bool cups_down_logged;
};

void print_config_init(print_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->poll_ms = 2000;
}

/* ---------------------------------------------------------------- helpers */

/* ",a,b," form so that membership is a strstr of ",name,". NULL for "all". */
static char *print__list_dup(const char *list)
{
	if (list == NULL || *list == '\0')
		return NULL;
	size_t n = strlen(list);
	char *out = malloc(n + 3);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	out[o++] = ',';
	for (size_t i = 0; i < n; i++)
		if (list[i] != ' ' && list[i] != '\t')
			out[o++] = list[i];
	out[o++] = ',';
	out[o] = '\0';
	return out;
}

static bool print__list_has(const char *list, const char *name)
{
	if (list == NULL)
		return true;
	size_t n = strlen(name);
	for (const char *p = strstr(list, name); p != NULL; p = strstr(p + 1, name))
		if (p[-1] == ',' && p[n] == ',')
			return true;
	return false;
}

/* File names from keys: everything outside [A-Za-z0-9._-] becomes %XX. */
static void print__key_to_name(const char *key, const char *suffix, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)key; *p && o + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-') {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
	snprintf(out + o, size - o, "%s", suffix);
}

static bool print__name_to_key(const char *name, size_t len, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (o + 1 >= size)
			return false;
		if (name[i] == '%') {
			unsigned v;
			if (i + 2 >= len || sscanf(name + i + 1, "%2x", &v) != 1)
				return false;
			out[o++] = (char)v;
			i += 2;
		} else {
			out[o++] = name[i];
		}
	}
	out[o] = '\0';
	return true;
}

static void print__path(const print_watch *pw, const char *key, const char *suffix, char *out,
                        size_t size)
{
	char name[PRINT_KEY_MAX * 3 + 16];
	print__key_to_name(key, suffix, name, sizeof name);
	snprintf(out, size, "%s/%s", pw->outbox_dir, name);
}

static print_entry *print__find_entry(print_watch *pw, const char *key)
{
	for (size_t i = 0; i < pw->n_entries; i++)
		if (strcmp(pw->entries[i].key, key) == 0)
			return &pw->entries[i];
	return NULL;
}

static print_entry *print__add_entry(print_watch *pw, const char *key)
{
	if (pw->n_entries == pw->cap_entries) {
		size_t cap = pw->cap_entries ? pw->cap_entries * 2 : 32;
		print_entry *e = realloc(pw->entries, cap * sizeof *e);
		if (e == NULL)
			return NULL;
		pw->entries = e;
		pw->cap_entries = cap;
	}
	print_entry *e = &pw->entries[pw->n_entries++];
	memset(e, 0, sizeof *e);
	snprintf(e->key, sizeof e->key, "%s", key);
	return e;
}

static void print__free_job(Netpont__AgentPrint *job)
{
	if (job != NULL)
		netpont__agent_print__free_unpacked(job, NULL);
}

/* A heap AgentPrint that protobuf-c can free with free_unpacked(): built by
 * packing a stack copy and unpacking it, so every string has the allocator
 * protobuf-c expects. */
static Netpont__AgentPrint *print__clone_job(const Netpont__AgentPrint *job)
{
	size_t len = netpont__agent_print__get_packed_size(job);
	uint8_t *buf = malloc(len ? len : 1);
	if (buf == NULL)
		return NULL;
	netpont__agent_print__pack(job, buf);
	Netpont__AgentPrint *copy = netpont__agent_print__unpack(NULL, len, buf);
	free(buf);
	return copy;
}

/* ---------------------------------------------------------------- outbox on disk */

static int print__load_outbox(print_watch *pw)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/since", pw->outbox_dir);
	FILE *f = fopen(path, "r");
	if (f != NULL) {
		long long since = 0;
		if (fscanf(f, "%lld", &since) == 1)
			pw->since = since;
		fclose(f);
	}
	if (pw->since == 0) {
		char text[32];
		pw->since = (int64_t)time(NULL);
		int n = snprintf(text, sizeof text, "%lld\n", (long long)pw->since);
		int rc = np_file_write_atomic(path, text, (size_t)n, 0600);
		if (rc < 0)
			return rc;
	}

	DIR *dir = opendir(pw->outbox_dir);
	if (dir == NULL)
		return -errno;
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		const char *name = de->d_name;
		size_t len = strlen(name);
		entry_state state;
		size_t stem;
		if (len > 8 && strcmp(name + len - 8, ".pending") == 0) {
			state = ENTRY_PENDING;
			stem = len - 8;
		} else if (len > 5 && strcmp(name + len - 5, ".done") == 0) {
			state = ENTRY_DONE;
			stem = len - 5;
		} else {
			continue;
		}
		char key[PRINT_KEY_MAX];
		if (!print__name_to_key(name, stem, key, sizeof key) || print__find_entry(pw, key))
			continue;
		Netpont__AgentPrint *job = NULL;
		if (state == ENTRY_PENDING) {
			snprintf(path, sizeof path, "%s/%s", pw->outbox_dir, name);
			uint8_t buf[8192];
			FILE *jf = fopen(path, "rb");
			if (jf == NULL)
				continue;
			size_t n = fread(buf, 1, sizeof buf, jf);
			fclose(jf);
			job = netpont__agent_print__unpack(NULL, n, buf);
			if (job == NULL) {
				np_log(NP_LOG_WARNING,
				       "print outbox file %s is damaged; "
				       "it is kept but not sent.",
				       path);
				continue;
			}
		}
		print_entry *e = print__add_entry(pw, key);
		if (e == NULL) {
			print__free_job(job);
			closedir(dir);
			return -ENOMEM;
		}
		e->state = state;
		e->job = job;
		e->sort_at = job ? job->completed_at : 0;
		e->seen = true; /* not pruned before CUPS was asked once */
	}
	closedir(dir);
	return 0;
}

/* Records a newly completed job: the outbox file first (durable), then the
 * index. Returns the entry, or NULL if it could not be stored (then it is not
 * reported now and will be retried at the next poll). */
static print_entry *print__store_completed(print_watch *pw, const print_job_row *row,
                                           const char *key, int64_t session_id)
{
	Netpont__AgentPrint job = NETPONT__AGENT_PRINT__INIT;
	job.job_key = (char *)key;
	job.printer = (char *)row->printer;
	job.title = (char *)row->title;
	/* CUPS counts the impressions of all copies; the server multiplies
	 * pages by copies, so report per copy when that divides evenly and
	 * the total as one copy otherwise. */
	int copies = row->copies > 0 ? row->copies : 1;
	if (row->impressions % copies == 0) {
		job.pages = row->impressions / copies;
		job.copies = copies;
	} else {
		job.pages = row->impressions;
		job.copies = 1;
	}
	job.color = row->color;
	job.completed_at = row->completed_at;
	job.session_id = session_id;

	size_t len = netpont__agent_print__get_packed_size(&job);
	uint8_t buf[8192];
	if (len > sizeof buf)
		return NULL;
	netpont__agent_print__pack(&job, buf);
	char path[4096];
	print__path(pw, key, ".pending", path, sizeof path);
	int rc = np_file_write_atomic(path, buf, len, 0600);
	if (rc < 0) {
		np_log(NP_LOG_ERROR, "cannot write the print outbox file %s: %s", path,
		       strerror(-rc));
		return NULL;
	}
	print_entry *e = print__add_entry(pw, key);
	if (e == NULL)
		return NULL;
	e->state = ENTRY_PENDING;
	e->job = netpont__agent_print__unpack(NULL, len, buf);
	e->sort_at = job.completed_at;
	e->seen = true;
	if (e->job == NULL) {
		pw->n_entries--;
		return NULL;
	}
	return e;
}

int print_outbox_ack(print_watch *pw, const char *job_key)
{
	print_entry *e = print__find_entry(pw, job_key);
	if (e == NULL || e->state != ENTRY_PENDING)
		return -ENOENT;
	char from[4096], to[4096];
	print__path(pw, job_key, ".pending", from, sizeof from);
	print__path(pw, job_key, ".done", to, sizeof to);
	/* The marker keeps the job from being reported again; losing the
	 * rename in a crash means one more report, which the server dedupes. */
	if (rename(from, to) != 0)
		np_log(NP_LOG_ERROR, "cannot mark %s as sent: %s", from, strerror(errno));
	e->state = ENTRY_DONE;
	print__free_job(e->job);
	e->job = NULL;
	return 0;
}

static int print__cmp_entry(const void *a, const void *b)
{
	const print_entry *const *x = a, *const *y = b;
	if ((*x)->sort_at != (*y)->sort_at)
		return (*x)->sort_at < (*y)->sort_at ? -1 : 1;
	return strcmp((*x)->key, (*y)->key);
}

int print_outbox_resend(print_watch *pw)
{
	size_t n = 0;
	for (size_t i = 0; i < pw->n_entries; i++)
		n += pw->entries[i].state == ENTRY_PENDING;
	if (n == 0)
		return 0;
	/* Copies, because the callback may ack (and so change) entries. */
	Netpont__AgentPrint **jobs = calloc(n, sizeof *jobs);
	print_entry **order = calloc(n, sizeof *order);
	if (jobs == NULL || order == NULL) {
		free(jobs);
		free(order);
		return -ENOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < pw->n_entries; i++)
		if (pw->entries[i].state == ENTRY_PENDING)
			order[k++] = &pw->entries[i];
	qsort(order, n, sizeof *order, print__cmp_entry);
	for (size_t i = 0; i < n; i++)
		jobs[i] = print__clone_job(order[i]->job);
	free(order);
	int sent = 0;
	for (size_t i = 0; i < n; i++) {
		if (jobs[i] != NULL && !pw->stopping) {
			pw->cb(pw, PRINT_EVENT_COMPLETED, jobs[i], pw->data);
			sent++;
		}
		print__free_job(jobs[i]);
	}
	free(jobs);
	return sent;
}

int print_outbox_count(const print_watch *pw)
{
	int n = 0;
	for (size_t i = 0; i < pw->n_entries; i++)
		n += pw->entries[i].state == ENTRY_PENDING;
	return n;
}

/* ---------------------------------------------------------------- IPP, in the thread pool */

static http_t *print__connect(const print_watch *pw, print_work *w)
{
	http_t *http = httpConnect2(pw->server, pw->port, NULL, AF_UNSPEC,
	                            HTTP_ENCRYPTION_IF_REQUESTED, 1, 10000, NULL);
	if (http == NULL)
		snprintf(w->error, sizeof w->error, "cannot connect to CUPS at %s: %s", pw->server,
		         cupsLastErrorString());
	return http;
}

static bool print__color_keyword(const char *v)
{
	if (v == NULL)
		return false;
	return strcmp(v, "color") == 0 || strcmp(v, "RGB") == 0 || strcmp(v, "CMYK") == 0 ||
	       strcmp(v, "Color") == 0 || strcmp(v, "auto") == 0;
}

/* Runs `pdfinfo FILE` and returns the "Pages:" number, or 0. */
static int print__pdf_pages(const char *file)
{
	int fds[2];
	if (pipe(fds) != 0)
		return 0;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	char *argv[] = {"pdfinfo", (char *)file, NULL};
	pid_t pid;
	int rc = posix_spawnp(&pid, "pdfinfo", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	int pages = 0;
	if (rc == 0) {
		FILE *f = fdopen(fds[0], "r");
		char line[512];
		while (f != NULL && fgets(line, sizeof line, f) != NULL)
			if (strncmp(line, "Pages:", 6) == 0)
				pages = atoi(line + 6);
		if (f != NULL)
			fclose(f);
		else
			close(fds[0]);
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	} else {
		close(fds[0]);
	}
	return pages;
}

/* Counts the pages of a held job's document, fetched with CUPS-Get-Document:
 * PDF through pdfinfo (poppler-utils, which cups-filters needs anyway),
 * PostScript from its %%Pages comment. 0 when unknown. */
static int print__count_document(http_t *http, int job_id)
{
	char tmpl[] = "/tmp/netpont-print-XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return 0;
	ipp_t *req = ippNewRequest(IPP_OP_CUPS_GET_DOCUMENT);
	char uri[64];
	snprintf(uri, sizeof uri, "ipp://localhost/jobs/%d", job_id);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
	             cupsUser());
	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "document-number", 1);
	ipp_t *resp = cupsDoIORequest(http, req, "/", -1, fd);
	int pages = 0;
	if (resp != NULL && ippGetStatusCode(resp) <= IPP_STATUS_OK_CONFLICTING) {
		char head[8] = {0};
		if (pread(fd, head, 5, 0) == 5 && memcmp(head, "%PDF", 4) == 0) {
			pages = print__pdf_pages(tmpl);
		} else if (memcmp(head, "%!", 2) == 0) {
			FILE *f = fopen(tmpl, "r");
			char line[512];
			while (f != NULL && fgets(line, sizeof line, f) != NULL) {
				int n;
				if (sscanf(line, "%%%%Pages: %d", &n) == 1 && n > 0) {
					pages = n;
					break;
				}
			}
			if (f != NULL)
				fclose(f);
		}
	}
	ippDelete(resp);
	close(fd);
	unlink(tmpl);
	return pages;
}

static bool print__is_known_held(const print_work *w, const char *key)
{
	for (size_t i = 0; i < w->n_known_held; i++)
		if (strcmp(w->known_held[i], key) == 0)
			return true;
	return false;
}

static void print__row_key(const print_job_row *row, char *out, size_t size)
{
	snprintf(out, size, "%s/%d/%lld", row->printer, row->id, (long long)row->created_at);
}

static void print__work_poll(print_work *w, http_t *http)
{
	static const char *const wanted[] = {
	    "job-id",
	    "job-state",
	    "job-impressions-completed",
	    "copies",
	    "print-color-mode",
	    "ColorModel",
	    "job-printer-uri",
	    "time-at-creation",
	    "time-at-completed",
	    "job-name",
	    "job-originating-user-name",
	};
	ipp_t *req = ippNewRequest(IPP_OP_GET_JOBS);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, "ipp://localhost/");
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
	             cupsUser());
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "which-jobs", NULL, "all");
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
	              (int)(sizeof wanted / sizeof wanted[0]), NULL, wanted);
	ipp_t *resp = cupsDoRequest(http, req, "/");
	if (resp == NULL || ippGetStatusCode(resp) > IPP_STATUS_OK_CONFLICTING) {
		snprintf(w->error, sizeof w->error, "CUPS refused to list the jobs: %s",
		         cupsLastErrorString());
		ippDelete(resp);
		return;
	}
	size_t cap = 0;
	ipp_attribute_t *attr = ippFirstAttribute(resp);
	while (attr != NULL) {
		while (attr != NULL && ippGetGroupTag(attr) != IPP_TAG_JOB)
			attr = ippNextAttribute(resp);
		if (attr == NULL)
			break;
		print_job_row row = {0};
		row.copies = 1;
		bool own = false; /* submitted by the agent's own user */
		bool have_mode = false;
		for (; attr != NULL && ippGetGroupTag(attr) == IPP_TAG_JOB;
		     attr = ippNextAttribute(resp)) {
			const char *name = ippGetName(attr);
			if (name == NULL)
				continue;
			if (strcmp(name, "job-id") == 0)
				row.id = ippGetInteger(attr, 0);
			else if (strcmp(name, "job-state") == 0)
				row.state = (ipp_jstate_t)ippGetInteger(attr, 0);
			else if (strcmp(name, "job-impressions-completed") == 0)
				row.impressions = ippGetInteger(attr, 0);
			else if (strcmp(name, "copies") == 0)
				row.copies = ippGetInteger(attr, 0);
			else if (strcmp(name, "time-at-creation") == 0)
				row.created_at = ippGetInteger(attr, 0);
			else if (strcmp(name, "time-at-completed") == 0 &&
			         ippGetValueTag(attr) == IPP_TAG_INTEGER)
				row.completed_at = ippGetInteger(attr, 0);
			else if (strcmp(name, "job-name") == 0)
				snprintf(row.title, sizeof row.title, "%s",
				         ippGetString(attr, 0, NULL) ? ippGetString(attr, 0, NULL)
				                                     : "");
			else if (strcmp(name, "job-originating-user-name") == 0)
				own = ippGetString(attr, 0, NULL) != NULL &&
				      strcmp(ippGetString(attr, 0, NULL), cupsUser()) == 0;
			else if (strcmp(name, "print-color-mode") == 0) {
				row.color = print__color_keyword(ippGetString(attr, 0, NULL));
				have_mode = true;
			} else if (strcmp(name, "ColorModel") == 0 && !have_mode) {
				row.color = print__color_keyword(ippGetString(attr, 0, NULL));
			} else if (strcmp(name, "job-printer-uri") == 0) {
				const char *uri = ippGetString(attr, 0, NULL);
				const char *slash = uri ? strrchr(uri, '/') : NULL;
				snprintf(row.printer, sizeof row.printer, "%s",
				         slash ? slash + 1 : "");
			}
		}
		if (row.id <= 0 || row.printer[0] == '\0' ||
		    !print__list_has(w->pw->printers, row.printer))
			continue;
		/* The directory's free slips (directory.h), which the agent itself
		 * printed: never held, never charged. */
		if (own &&
		    strncmp(row.title, PRINT_FREE_SLIP_TITLE, strlen(PRINT_FREE_SLIP_TITLE)) == 0)
			continue;
		if (row.state == IPP_JSTATE_HELD && w->pw->hold != NULL &&
		    print__list_has(w->pw->hold, row.printer)) {
			char key[PRINT_KEY_MAX];
			print__row_key(&row, key, sizeof key);
			if (!print__is_known_held(w, key))
				row.pages_estimate =
				    -1; /* counted below, after the response is freed */
		}
		if (w->n_rows == cap) {
			cap = cap ? cap * 2 : 64;
			print_job_row *rows = realloc(w->rows, cap * sizeof *rows);
			if (rows == NULL) {
				snprintf(w->error, sizeof w->error, "out of memory");
				ippDelete(resp);
				return;
			}
			w->rows = rows;
		}
		w->rows[w->n_rows++] = row;
	}
	ippDelete(resp);
	for (size_t i = 0; i < w->n_rows; i++)
		if (w->rows[i].pages_estimate < 0)
			w->rows[i].pages_estimate = print__count_document(http, w->rows[i].id);
	w->ok = true;
}

static void print__work_job_op(print_work *w, http_t *http)
{
	ipp_t *req = ippNewRequest(w->kind == OP_RELEASE ? IPP_OP_RELEASE_JOB : IPP_OP_CANCEL_JOB);
	char uri[64];
	snprintf(uri, sizeof uri, "ipp://localhost/jobs/%d", w->job_id);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
	             cupsUser());
	ipp_t *resp = cupsDoRequest(http, req, "/jobs");
	ipp_status_t status = cupsLastError();
	/* Not root: only a member of CUPS' SystemGroup in /etc/group may act on
	 * another account's jobs (netpont-agent.service). */
	bool forbidden = geteuid() != 0 && (status == IPP_STATUS_ERROR_FORBIDDEN ||
	                                    status == IPP_STATUS_ERROR_NOT_AUTHORIZED);
	if (resp == NULL || ippGetStatusCode(resp) > IPP_STATUS_OK_CONFLICTING)
		snprintf(w->error, sizeof w->error, "CUPS refused to %s job %d: %s%s",
		         w->kind == OP_RELEASE ? "release" : "cancel", w->job_id,
		         cupsLastErrorString(),
		         forbidden ? " (the agent's user must be a member of CUPS' SystemGroup "
		                     "in /etc/group: adduser _netpont-agent lpadmin)"
		                   : "");
	else
		w->ok = true;
	ippDelete(resp);
}

static void print__work(uv_work_t *req)
{
	print_work *w = req->data;
	http_t *http = print__connect(w->pw, w);
	if (http == NULL)
		return;
	if (w->kind == OP_POLL)
		print__work_poll(w, http);
	else
		print__work_job_op(w, http);
	httpClose(http);
}

/* ---------------------------------------------------------------- results, on the loop */

static void print__free_work(print_work *w)
{
	for (size_t i = 0; i < w->n_known_held; i++)
		free(w->known_held[i]);
	free(w->known_held);
	free(w->rows);
	free(w);
}

static void print__report_held(print_watch *pw, print_event kind, const print_held *h)
{
	Netpont__AgentPrint job = NETPONT__AGENT_PRINT__INIT;
	job.job_key = (char *)h->key;
	job.printer = (char *)h->printer;
	if (kind == PRINT_EVENT_HELD) {
		job.title = (char *)h->title;
		job.pages = h->pages;
		job.copies = h->copies;
		job.color = h->color;
		job.session_id = h->session_id;
	}
	pw->cb(pw, kind, &job, pw->data);
}

static print_released *print__find_released(print_watch *pw, const char *key)
{
	for (size_t i = 0; i < pw->n_released; i++)
		if (strcmp(pw->released[i].key, key) == 0)
			return &pw->released[i];
	return NULL;
}

static void print__forget_released(print_watch *pw, const char *key)
{
	print_released *r = print__find_released(pw, key);
	if (r != NULL)
		*r = pw->released[--pw->n_released];
}

/* The session a job that completed now is charged to: the one it was held
 * in if it waited on a hold queue, else the last session (a job that
 * finishes printing just after its session ended still belongs to it). */
static int64_t print__session_of(print_watch *pw, const char *key)
{
	for (size_t i = 0; i < pw->n_held; i++)
		if (strcmp(pw->held[i].key, key) == 0)
			return pw->held[i].session_id;
	print_released *r = print__find_released(pw, key);
	return r != NULL ? r->session_id : pw->session_id;
}

/* Remembers that the held job gone left the hold but still waits in CUPS
 * (state is its state in this poll). No memory: the job is charged to the
 * last session instead, as a job from a queue without hold. */
static void print__remember_released(print_watch *pw, const print_held *gone, ipp_jstate_t state)
{
	if (state != IPP_JSTATE_PENDING && state != IPP_JSTATE_PROCESSING &&
	    state != IPP_JSTATE_STOPPED && state != IPP_JSTATE_HELD)
		return; /* cancelled, aborted, or completed and already stored */
	print_released *r = print__find_released(pw, gone->key);
	if (r == NULL) {
		if (pw->n_released == pw->cap_released) {
			size_t cap = pw->cap_released ? pw->cap_released * 2 : 8;
			print_released *nr = realloc(pw->released, cap * sizeof *nr);
			if (nr == NULL)
				return;
			pw->released = nr;
			pw->cap_released = cap;
		}
		r = &pw->released[pw->n_released++];
	}
	snprintf(r->key, sizeof r->key, "%s", gone->key);
	r->session_id = gone->session_id;
	r->seen = true;
}

static void print__apply_poll(print_watch *pw, print_work *w)
{
	for (size_t i = 0; i < pw->n_entries; i++)
		pw->entries[i].seen = false;
	for (size_t i = 0; i < pw->n_held; i++)
		pw->held[i].seen = false;
	for (size_t i = 0; i < pw->n_released; i++)
		pw->released[i].seen = false;

	for (size_t i = 0; i < w->n_rows && !pw->stopping; i++) {
		const print_job_row *row = &w->rows[i];
		char key[PRINT_KEY_MAX];
		print__row_key(row, key, sizeof key);
		print_entry *e = print__find_entry(pw, key);
		if (e != NULL)
			e->seen = true;
		print_released *r = print__find_released(pw, key);
		if (r != NULL)
			r->seen = true;
		if (row->state == IPP_JSTATE_CANCELED || row->state == IPP_JSTATE_ABORTED) {
			print__forget_released(pw, key);
		} else if (row->state == IPP_JSTATE_COMPLETED) {
			if (e != NULL || row->completed_at < pw->since) {
				print__forget_released(pw, key);
				continue;
			}
			e = print__store_completed(pw, row, key, print__session_of(pw, key));
			if (e != NULL)
				print__forget_released(pw, key);
			if (e != NULL) {
				Netpont__AgentPrint *copy = print__clone_job(e->job);
				if (copy != NULL) {
					pw->cb(pw, PRINT_EVENT_COMPLETED, copy, pw->data);
					print__free_job(copy);
				}
			}
		} else if (row->state == IPP_JSTATE_HELD && pw->hold != NULL &&
		           print__list_has(pw->hold, row->printer)) {
			print_held *h = NULL;
			for (size_t k = 0; k < pw->n_held; k++)
				if (strcmp(pw->held[k].key, key) == 0)
					h = &pw->held[k];
			if (h != NULL) {
				h->seen = true;
				continue;
			}
			if (pw->n_held == pw->cap_held) {
				size_t cap = pw->cap_held ? pw->cap_held * 2 : 8;
				print_held *nh = realloc(pw->held, cap * sizeof *nh);
				if (nh == NULL)
					continue;
				pw->held = nh;
				pw->cap_held = cap;
			}
			h = &pw->held[pw->n_held++];
			memset(h, 0, sizeof *h);
			snprintf(h->key, sizeof h->key, "%s", key);
			snprintf(h->printer, sizeof h->printer, "%s", row->printer);
			snprintf(h->title, sizeof h->title, "%s", row->title);
			h->job_id = row->id;
			h->pages = row->pages_estimate > 0 ? row->pages_estimate : 0;
			h->copies = row->copies > 0 ? row->copies : 1;
			h->color = row->color;
			h->session_id = pw->session_id;
			h->seen = true;
			print_held copy = *h; /* the callback may add or remove held jobs */
			print__report_held(pw, PRINT_EVENT_HELD, &copy);
		}
	}

	/* Released jobs CUPS no longer lists. */
	for (size_t i = 0; i < pw->n_released;) {
		if (pw->released[i].seen)
			i++;
		else
			pw->released[i] = pw->released[--pw->n_released];
	}

	/* Held jobs that are no longer held: released, cancelled or gone. */
	for (size_t i = 0; i < pw->n_held && !pw->stopping;) {
		if (pw->held[i].seen) {
			i++;
			continue;
		}
		print_held gone = pw->held[i];
		pw->held[i] = pw->held[--pw->n_held];
		for (size_t k = 0; k < w->n_rows; k++) {
			char key[PRINT_KEY_MAX];
			print__row_key(&w->rows[k], key, sizeof key);
			if (strcmp(key, gone.key) == 0)
				print__remember_released(pw, &gone, w->rows[k].state);
		}
		print__report_held(pw, PRINT_EVENT_GONE, &gone);
	}

	/* Forget acknowledged jobs CUPS has forgotten too, after a day. */
	time_t now = time(NULL);
	for (size_t i = 0; i < pw->n_entries;) {
		print_entry *e = &pw->entries[i];
		char path[4096];
		struct stat st;
		if (e->state == ENTRY_DONE && !e->seen) {
			print__path(pw, e->key, ".done", path, sizeof path);
			if (stat(path, &st) != 0 || now - st.st_mtime > PRINT_DONE_KEEP_S) {
				unlink(path);
				pw->entries[i] = pw->entries[--pw->n_entries];
				continue;
			}
		}
		i++;
	}
}

static void print__maybe_free(print_watch *pw)
{
	if (!pw->stopping || pw->busy || !pw->timer_closed)
		return;
	for (size_t i = 0; i < pw->n_ops; i++)
		print__free_work(pw->ops[i]);
	for (size_t i = 0; i < pw->n_entries; i++)
		print__free_job(pw->entries[i].job);
	free(pw->entries);
	free(pw->held);
	free(pw->released);
	free(pw->outbox_dir);
	free(pw->printers);
	free(pw->hold);
	free(pw->server);
	free(pw);
}

static void print__start_next(print_watch *pw);

static void print__after_work(uv_work_t *req, int status)
{
	print_work *w = req->data;
	print_watch *pw = w->pw;
	pw->busy = false;
	if (!pw->stopping && status == 0) {
		if (!w->ok) {
			if (w->kind != OP_POLL || !pw->cups_down_logged)
				np_log(NP_LOG_WARNING, "%s", w->error);
			if (w->kind == OP_POLL)
				pw->cups_down_logged = true;
		} else if (w->kind == OP_POLL) {
			if (pw->cups_down_logged)
				np_log(NP_LOG_NOTICE, "CUPS answers again.");
			pw->cups_down_logged = false;
			print__apply_poll(pw, w);
		}
	}
	bool followup = w->ok && w->kind != OP_POLL;
	print__free_work(w);
	if (pw->stopping) {
		print__maybe_free(pw);
		return;
	}
	if (followup)
		print_watch_poll_now(pw); /* show the released/cancelled state at once */
	print__start_next(pw);
}

static void print__start_next(print_watch *pw)
{
	if (pw->busy || pw->stopping || pw->n_ops == 0)
		return;
	print_work *w = pw->ops[0];
	memmove(pw->ops, pw->ops + 1, (pw->n_ops - 1) * sizeof pw->ops[0]);
	pw->n_ops--;
	if (w->kind == OP_POLL) {
		/* Held jobs already counted need not be fetched again. */
		if (pw->n_held > 0) {
			w->known_held = calloc(pw->n_held, sizeof *w->known_held);
			for (size_t i = 0; w->known_held != NULL && i < pw->n_held; i++)
				if ((w->known_held[w->n_known_held] = strdup(pw->held[i].key)) !=
				    NULL)
					w->n_known_held++;
		}
	}
	w->req.data = w;
	int rc = uv_queue_work(pw->loop, &w->req, print__work, print__after_work);
	if (rc != 0) {
		np_log(NP_LOG_ERROR, "cannot queue CUPS work: %s", uv_strerror(rc));
		print__free_work(w);
		return;
	}
	pw->busy = true;
}

static int print__enqueue(print_watch *pw, op_kind kind, const char *key, const char *printer,
                          int job_id)
{
	if (kind == OP_POLL)
		for (size_t i = 0; i < pw->n_ops; i++)
			if (pw->ops[i]->kind == OP_POLL)
				return 0; /* one waiting poll is enough */
	if (pw->n_ops == PRINT_OPS_MAX)
		return -EBUSY;
	print_work *w = calloc(1, sizeof *w);
	if (w == NULL)
		return -ENOMEM;
	w->pw = pw;
	w->kind = kind;
	w->job_id = job_id;
	if (key != NULL)
		snprintf(w->key, sizeof w->key, "%s", key);
	if (printer != NULL)
		snprintf(w->printer, sizeof w->printer, "%s", printer);
	pw->ops[pw->n_ops++] = w;
	print__start_next(pw);
	return 0;
}

static void print__on_timer(uv_timer_t *t)
{
	print_watch *pw = t->data;
	print__enqueue(pw, OP_POLL, NULL, NULL, 0);
}

void print_watch_poll_now(print_watch *pw)
{
	if (pw != NULL && !pw->stopping)
		print__enqueue(pw, OP_POLL, NULL, NULL, 0);
}

static int print__job_op(print_watch *pw, const char *job_key, op_kind kind)
{
	if (job_key == NULL || strchr(job_key, '/') == NULL)
		return -EINVAL;
	for (size_t i = 0; i < pw->n_held; i++)
		if (strcmp(pw->held[i].key, job_key) == 0)
			return print__enqueue(pw, kind, job_key, pw->held[i].printer,
			                      pw->held[i].job_id);
	return -ENOENT;
}

int print_release(print_watch *pw, const char *job_key)
{
	return print__job_op(pw, job_key, OP_RELEASE);
}

int print_cancel(print_watch *pw, const char *job_key)
{
	return print__job_op(pw, job_key, OP_CANCEL);
}

void print_watch_set_session(print_watch *pw, int64_t session_id)
{
	/* A job that finishes printing just after its session ended still
	 * belongs to it, so 0 does not clear the last session. */
	if (session_id != 0)
		pw->session_id = session_id;
}

/* ---------------------------------------------------------------- start / stop */

static void print__on_timer_closed(uv_handle_t *h)
{
	print_watch *pw = h->data;
	pw->timer_closed = true;
	print__maybe_free(pw);
}

void print_watch_stop(print_watch *pw)
{
	if (pw == NULL || pw->stopping)
		return;
	pw->stopping = true;
	uv_timer_stop(&pw->timer);
	uv_close((uv_handle_t *)&pw->timer, print__on_timer_closed);
}

int print_watch_start(uv_loop_t *loop, const print_config *cfg, print_report_cb cb, void *data,
                      print_watch **out)
{
	if (cfg == NULL || cfg->outbox_dir == NULL || cfg->outbox_dir[0] == '\0' || cb == NULL)
		return -EINVAL;
	if (mkdir(cfg->outbox_dir, 0700) != 0 && errno != EEXIST)
		return -errno;
	print_watch *pw = calloc(1, sizeof *pw);
	if (pw == NULL)
		return -ENOMEM;
	int rc = -ENOMEM;
	pw->loop = loop;
	pw->cb = cb;
	pw->data = data;
	pw->poll_ms = cfg->poll_ms ? cfg->poll_ms : 2000;
	pw->outbox_dir = strdup(cfg->outbox_dir);
	if (pw->outbox_dir == NULL)
		goto fail;
	if ((cfg->printers && cfg->printers[0] &&
	     !(pw->printers = print__list_dup(cfg->printers))) ||
	    (cfg->hold && cfg->hold[0] && !(pw->hold = print__list_dup(cfg->hold))))
		goto fail;

	/* CUPS names its server as a socket path or HOST[:PORT]; a text the
	 * shared reader refuses goes to CUPS as it is, which then says why it
	 * cannot connect. */
	const char *server = cfg->cups_server ? cfg->cups_server : cupsServer();
	np_address address;
	pw->port = ippPort();
	if (server[0] != '/' &&
	    np_address_parse(server, (uint16_t)ippPort(), &address) == NP_ADDRESS_OK) {
		server = address.host;
		pw->port = address.port;
	}
	pw->server = strdup(server);
	if (pw->server == NULL)
		goto fail;
	rc = print__load_outbox(pw);
	if (rc < 0)
		goto fail;
	rc = uv_timer_init(loop, &pw->timer);
	if (rc < 0)
		goto fail;
	pw->timer.data = pw;
	uv_timer_start(&pw->timer, print__on_timer, 0, pw->poll_ms);
	*out = pw;
	return 0;

fail:
	for (size_t i = 0; i < pw->n_entries; i++)
		print__free_job(pw->entries[i].job);
	free(pw->entries);
	free(pw->outbox_dir);
	free(pw->printers);
	free(pw->hold);
	free(pw->server);
	free(pw);
	return rc;
}
