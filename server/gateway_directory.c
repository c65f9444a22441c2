/* The neighbourhood directory: the PCs' list of live entries (with or
 * without a session: the greeter's "Local information", a kiosk PC) and
 * their anonymous counts of use, and staff keeping the entries (add,
 * change, remove, list with the expired ones). The rules an entry keeps are
 * the table's (store/directory.h); here they are refused with a sentence
 * before anything is written. */
#include "gateway_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/directory.h"

/* The local date of t, "2026-12-02". */
static void local_day(int64_t t, char out[16])
{
	time_t at = (time_t)t;
	struct tm tm;
	localtime_r(&at, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static Netpont__DirectoryEntry *entry_message(gw_ctx *c, const store_directory_entry *e,
                                              const char *today)
{
	Netpont__DirectoryEntry *m =
	    GW_NEW(&c->arena, Netpont__DirectoryEntry, netpont__directory_entry__init);
	m->id = e->id;
	m->category = gw_strdup(&c->arena, e->category);
	m->title = gw_strdup(&c->arena, e->title);
	m->body = gw_strdup(&c->arena, e->body);
	m->hours = gw_strdup(&c->arena, e->hours);
	m->address = gw_strdup(&c->arena, e->address);
	m->phone = gw_strdup(&c->arena, e->phone);
	m->email = gw_strdup(&c->arena, e->email);
	m->web = gw_strdup(&c->arena, e->web);
	m->valid_until = gw_strdup(&c->arena, e->valid_until);
	m->updated_at = e->updated_at;
	m->expired = e->valid_until[0] != '\0' && strcmp(e->valid_until, today) < 0;
	return m;
}

static int refuse_category(gw_ctx *c)
{
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The category must be one of service, institution, ngo, job_offered, "
	                     "job_wanted, volunteer or event."));
}

/* A list's words and category, checked. */
static int check_filter(gw_ctx *c, const char *query, const char *category)
{
	if (query != NULL && strlen(query) > 200)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The search is too long (at most %d characters)."), 200);
	if (category != NULL && category[0] != '\0' && !store_directory_category_ok(category))
		return refuse_category(c);
	return 0;
}

/* Collects the entries of a list into the arena. */
typedef struct entry_list {
	gw_ctx *c;
	const char *today;
	Netpont__DirectoryEntry **entries;
	size_t n;
} entry_list;

static int collect_entry(void *ctx, const store_directory_entry *e)
{
	entry_list *l = ctx;
	if (l->entries == NULL)
		l->entries = gw_alloc(&l->c->arena, STORE_DIRECTORY_MAX * sizeof *l->entries);
	if (l->c->arena.failed)
		return 1;
	l->entries[l->n++] = entry_message(l->c, e, l->today);
	return 0;
}

static int list_entries(gw_ctx *c, const char *query, const char *category, bool expired,
                        entry_list *l)
{
	if (check_filter(c, query, category) != 0)
		return -1;
	char today[16];
	local_day(c->now, today);
	*l = (entry_list){.c = c, .today = today};
	store_directory_query q = {
	    .query = query, .category = category, .today = today, .expired = expired};
	if (store_directory_each(c->gw->db, &q, collect_entry, l, &c->err) != 0)
		return -1;
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

/* ------------------------------------------------------------ the PCs */

static int agent_list(gw_ctx *c)
{
	const Netpont__AgentDirectoryList *m = c->req->agent_directory_list;
	entry_list l;
	if (list_entries(c, m->query, m->category, false, &l) != 0)
		return -1;
	Netpont__AgentDirectoryListReply *r = GW_NEW(&c->arena, Netpont__AgentDirectoryListReply,
	                                             netpont__agent_directory_list_reply__init);
	r->entries = l.entries;
	r->n_entries = l.n;
	GW_REPLY(c, AGENT_DIRECTORY_LIST_REPLY, agent_directory_list_reply, r);
	return 0;
}

static int agent_used(gw_ctx *c)
{
	const char *what = c->req->agent_directory_used->what;
	if (!store_directory_use_ok(what))
		return np_err_set(
		    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A use of the directory is one of open, view, search or print."));
	char day[16];
	local_day(c->now, day);
	if (store_directory_count_use(c->gw->db, day, c->peer->seat_id, what, &c->err) != 0)
		return -1;
	gw_reply_ok(c);
	return 0;
}

/* ------------------------------------------------------------ staff */

/* The fields of an entry a request may set, with the sentence that
 * refuses a text too long for it (one %d: the most characters). */
typedef struct entry_field {
	const char *name;
	size_t offset, size; /* of the text in store_directory_entry */
	int max;             /* characters */
	const char *too_long;
} entry_field;

#define FIELD(f, MAX, sentence)                                                                    \
	{                                                                                          \
#f, offsetof(store_directory_entry, f), sizeof((store_directory_entry *)0)->f,     \
		    MAX, sentence                                                                  \
	}
static const entry_field fields[] = {
    FIELD(category, 15, N_("The category is too long (at most %d characters).")),
    FIELD(title, STORE_DIRECTORY_TITLE_MAX, N_("The title is too long (at most %d characters).")),
    FIELD(body, STORE_DIRECTORY_BODY_MAX, N_("The text is too long (at most %d characters).")),
    FIELD(hours, STORE_DIRECTORY_HOURS_MAX,
          N_("The opening hours are too long (at most %d characters).")),
    FIELD(address, STORE_DIRECTORY_ADDRESS_MAX,
          N_("The address is too long (at most %d characters).")),
    FIELD(phone, STORE_DIRECTORY_PHONE_MAX,
          N_("The phone number is too long (at most %d characters).")),
    FIELD(email, STORE_DIRECTORY_EMAIL_MAX,
          N_("The e-mail address is too long (at most %d characters).")),
    FIELD(web, STORE_DIRECTORY_WEB_MAX, N_("The web address is too long (at most %d characters).")),
    FIELD(valid_until, 10, N_("A date must look like 2026-12-31.")),
};
#define FIELD_COUNT (sizeof fields / sizeof fields[0])

/* The request's text of field f (NULL is ""). */
static const char *message_text(const Netpont__DirectoryEntry *m, size_t f)
{
	const char *texts[FIELD_COUNT] = {m->category, m->title, m->body, m->hours,      m->address,
	                                  m->phone,    m->email, m->web,  m->valid_until};
	return texts[f] != NULL ? texts[f] : "";
}

/* Characters of UTF-8 text s (valid: gw_request_text_check()). */
static size_t characters(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Copies field f of m into e, refusing a text too long. */
static int set_field(gw_ctx *c, store_directory_entry *e, const Netpont__DirectoryEntry *m,
                     size_t f)
{
	const char *text = message_text(m, f);
	if (characters(text) > (size_t)fields[f].max || strlen(text) >= fields[f].size)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  fields[f].too_long, fields[f].max);
	memcpy((char *)e + fields[f].offset, text, strlen(text) + 1);
	return 0;
}

/* The rules of a whole entry: a title, a known category, a real date. */
static int check_entry(gw_ctx *c, const store_directory_entry *e)
{
	if (!store_directory_category_ok(e->category))
		return refuse_category(c);
	const char *t = e->title;
	while (*t == ' ' || *t == '\t')
		t++;
	if (*t == '\0')
		return np_err_set_text(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                       N_("The entry needs a title."));
	if (e->valid_until[0] != '\0') {
		int64_t at;
		if (gw_parse_date(c, e->valid_until, N_("A date must look like 2026-12-31."),
		                  N_("There is no such date as %s."), &at) != 0)
			return -1;
		char again[16];
		local_day(at, again);
		if (strcmp(again, e->valid_until) != 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("There is no such date as %s."), e->valid_until);
	}
	return 0;
}

static int reply_entry(gw_ctx *c, int64_t id)
{
	static store_directory_entry e;
	int found = store_directory_get(c->gw->db, id, &e, &c->err);
	if (found <= 0)
		return found < 0 ? -1 : np_err_no_memory(&c->err);
	char today[16];
	local_day(c->now, today);
	Netpont__DirectoryReply *r =
	    GW_NEW(&c->arena, Netpont__DirectoryReply, netpont__directory_reply__init);
	r->entry = entry_message(c, &e, today);
	GW_REPLY(c, DIRECTORY_REPLY, directory_reply, r);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

static int add(gw_ctx *c)
{
	const Netpont__DirectoryEntry *m = c->req->directory_add->entry;
	if (m == NULL)
		return np_err_set_text(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                       N_("The entry needs a title."));
	static store_directory_entry e;
	memset(&e, 0, sizeof e);
	for (size_t f = 0; f < FIELD_COUNT; f++)
		if (set_field(c, &e, m, f) != 0)
			return -1;
	if (check_entry(c, &e) != 0)
		return -1;
	char today[16];
	local_day(c->now, today);
	if (e.valid_until[0] != '\0' && strcmp(e.valid_until, today) < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The entry would be out of date at once: %s is in the past."),
		                  e.valid_until);
	int64_t id;
	if (store_directory_add(c->gw->db, &e, c->peer->staff_id, c->now, &id, &c->err) != 0 ||
	    gw_audit(c, "directory.add", "entry %lld (%s): %s", (long long)id, e.category,
	             e.title) != 0)
		return -1;
	return reply_entry(c, id);
}

/* Entry id into *e, refusing one that does not exist or was removed. */
static int find_entry(gw_ctx *c, int64_t id, store_directory_entry *e)
{
	int found = store_directory_get(c->gw->db, id, e, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no directory entry number %lld."), (long long)id);
	if (e->removed_at != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("The directory entry “%s” was removed."), e->title);
	return 0;
}

static int update(gw_ctx *c)
{
	const Netpont__DirectoryUpdate *u = c->req->directory_update;
	if (u->entry == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no directory entry number %lld."), 0LL);
	static store_directory_entry e;
	if (find_entry(c, u->entry->id, &e) != 0)
		return -1;
	for (size_t i = 0; i < u->n_fields; i++) {
		size_t f = 0;
		while (f < FIELD_COUNT && strcmp(fields[f].name, u->fields[i]) != 0)
			f++;
		if (f == FIELD_COUNT)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("A directory entry has no field called %s."),
			                  u->fields[i]);
		if (set_field(c, &e, u->entry, f) != 0)
			return -1;
	}
	for (size_t f = 0; u->n_fields == 0 && f < FIELD_COUNT; f++)
		if (set_field(c, &e, u->entry, f) != 0)
			return -1;
	if (check_entry(c, &e) != 0)
		return -1;
	if (store_directory_update(c->gw->db, &e, c->peer->staff_id, c->now, &c->err) != 0 ||
	    gw_audit(c, "directory.update", "entry %lld (%s): %s", (long long)e.id, e.category,
	             e.title) != 0)
		return -1;
	return reply_entry(c, e.id);
}

static int remove_entry(gw_ctx *c)
{
	int64_t id = c->req->directory_remove->id;
	static store_directory_entry e;
	if (find_entry(c, id, &e) != 0)
		return -1;
	if (store_directory_remove(c->gw->db, id, c->peer->staff_id, c->now, &c->err) != 0 ||
	    gw_audit(c, "directory.remove", "entry %lld (%s): %s", (long long)id, e.category,
	             e.title) != 0)
		return -1;
	return reply_entry(c, id);
}

static int list(gw_ctx *c)
{
	const Netpont__DirectoryList *m = c->req->directory_list;
	entry_list l;
	if (list_entries(c, m->query, m->category, m->expired, &l) != 0)
		return -1;
	Netpont__DirectoryListReply *r =
	    GW_NEW(&c->arena, Netpont__DirectoryListReply, netpont__directory_list_reply__init);
	r->entries = l.entries;
	r->n_entries = l.n;
	GW_REPLY(c, DIRECTORY_LIST_REPLY, directory_list_reply, r);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_directory_routes[] = {
    {NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_LIST, R_AGENT | R_READ_ONLY, agent_list, NULL},
    {NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_USED, R_AGENT, agent_used, NULL},
    {NETPONT__ENVELOPE__BODY_DIRECTORY_ADD, R_ROOM, add,
     N_("Only a mentor or an administrator can change the directory.")},
    {NETPONT__ENVELOPE__BODY_DIRECTORY_UPDATE, R_ROOM, update,
     N_("Only a mentor or an administrator can change the directory.")},
    {NETPONT__ENVELOPE__BODY_DIRECTORY_REMOVE, R_ROOM, remove_entry,
     N_("Only a mentor or an administrator can change the directory.")},
    {NETPONT__ENVELOPE__BODY_DIRECTORY_LIST, R_VIEW | R_READ_ONLY, list, NULL},
};
const size_t gw_directory_route_count = sizeof gw_directory_routes / sizeof gw_directory_routes[0];
