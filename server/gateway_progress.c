/* A resident's progress: mentors' notes on a resident (written, listed,
 * removed) and the progress log of the help calls a mentor resolved, with
 * what came of them, and the notes, newest first. Staff only, mentors and
 * administrators: the treasurer keeps the money, not the residents'
 * stories, and nothing here is ever sent to a PC. Reading a resident's
 * notes or log is on record, as `resident show` is.
 *
 * The older single residents.note (resident add|update --note) stays what
 * it is, a line of the resident's details that is edited in place, and is
 * not copied in as a first note: it is shown beside the log (the form, the
 * `resident show`) already, a copy would drift from it once edited, and
 * export and erase would have the same words twice to find. */
#include "gateway_internal.h"

#include <string.h>

#include "store/progress.h"
#include "store/residents.h"

/* The most lines a log or a list of notes carries (a frame holds them). */
enum { MAX_LINES = 200 };

/* Characters, not bytes: the text is valid UTF-8 (gateway.c checked it). */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

int gw_progress_outcome_check(gw_ctx *c, const char *outcome)
{
	if (utf8_chars(outcome) > STORE_OUTCOME_MAX_CHARS || strpbrk(outcome, "\r\n") != NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("What came of a help call must fit in one line of at most "
		                     "%d characters."),
		                  STORE_OUTCOME_MAX_CHARS);
	return 0;
}

static Netpont__ResidentNote *note_message(gw_ctx *c, const store_note *n)
{
	Netpont__ResidentNote *m =
	    GW_NEW(&c->arena, Netpont__ResidentNote, netpont__resident_note__init);
	m->id = n->id;
	m->login = gw_strdup(&c->arena, n->login);
	m->text = gw_strdup(&c->arena, n->text);
	m->staff = gw_strdup(&c->arena, n->staff);
	m->staff_display_name = gw_strdup(&c->arena, n->staff_display);
	m->created_at = n->created_at;
	m->removed_at = n->removed_at;
	return m;
}

static int reply_note(gw_ctx *c, int64_t id)
{
	store_note n;
	if (store_note_get(c->gw->db, id, &n, &c->err) != 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  N_("The note could not be read back."));
	Netpont__ResidentNoteReply *r =
	    GW_NEW(&c->arena, Netpont__ResidentNoteReply, netpont__resident_note_reply__init);
	r->note = note_message(c, &n);
	GW_REPLY(c, RESIDENT_NOTE_REPLY, resident_note_reply, r);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

/* Blank = nothing but spaces, tabs and line ends. */
static bool blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

static int note_add(gw_ctx *c)
{
	const Netpont__ResidentNoteAdd *m = c->req->resident_note_add;
	if (blank(m->text))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The note is empty: write what the next mentor should know."));
	if (utf8_chars(m->text) > STORE_NOTE_MAX_CHARS)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A note may have at most %d characters."),
		                  STORE_NOTE_MAX_CHARS);
	store_resident r;
	if (gw_find_resident(c, m->login, &r) != 0)
		return -1;
	int64_t id;
	if (store_note_add(c->gw->db, r.id, c->peer->staff_id, m->text, c->now, &id, &c->err) !=
	        0 ||
	    gw_audit(c, "resident.note_add", "#%lld %s", (long long)id, r.login) != 0)
		return -1;
	return reply_note(c, id);
}

static int note_remove(gw_ctx *c)
{
	int64_t id = c->req->resident_note_remove->id;
	store_note n;
	int found = store_note_get(c->gw->db, id, &n, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no note number %lld."), (long long)id);
	if (n.removed_at != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Note %lld has already been removed."), (long long)id);
	if (store_note_remove(c->gw->db, id, c->now, &c->err) != 0 ||
	    gw_audit(c, "resident.note_remove", "#%lld %s", (long long)id, n.login) != 0)
		return -1;
	return reply_note(c, id);
}

typedef struct note_rows {
	gw_ctx *c;
	Netpont__ResidentNoteListReply *r;
} note_rows;

static int collect_note(void *ctx, const store_note *n)
{
	note_rows *nr = ctx;
	nr->r->notes[nr->r->n_notes++] = note_message(nr->c, n);
	return nr->c->arena.failed;
}

static int note_list(gw_ctx *c)
{
	const Netpont__ResidentNoteList *m = c->req->resident_note_list;
	store_resident res;
	if (gw_find_resident(c, m->login, &res) != 0)
		return -1;
	Netpont__ResidentNoteListReply *r = GW_NEW(&c->arena, Netpont__ResidentNoteListReply,
	                                           netpont__resident_note_list_reply__init);
	GW_REPLY(c, RESIDENT_NOTE_LIST_REPLY, resident_note_list_reply, r);
	r->notes = gw_alloc(&c->arena, MAX_LINES * sizeof *r->notes);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	note_rows nr = {.c = c, .r = r};
	if (store_note_each(c->gw->db, res.id, m->include_removed, MAX_LINES, collect_note, &nr,
	                    &c->err) != 0)
		return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	/* Reading about a resident is itself on record. */
	return gw_audit(c, "resident.notes", "%s", res.login);
}

typedef struct progress_rows {
	gw_ctx *c;
	Netpont__ResidentHistoryReply *r;
} progress_rows;

static int collect_line(void *ctx, const store_progress *p)
{
	progress_rows *pr = ctx;
	gw_ctx *c = pr->c;
	Netpont__ProgressEntry *e =
	    GW_NEW(&c->arena, Netpont__ProgressEntry, netpont__progress_entry__init);
	if (c->arena.failed)
		return 1;
	e->kind = gw_strdup(&c->arena, p->kind);
	e->id = p->id;
	e->at = p->at;
	e->staff = gw_strdup(&c->arena, p->staff);
	e->staff_display_name = gw_strdup(&c->arena, p->staff_display);
	e->topic = gw_strdup(&c->arena, p->topic);
	e->outcome = gw_strdup(&c->arena, p->outcome);
	e->text = gw_strdup(&c->arena, p->text);
	e->seat = gw_strdup(&c->arena, p->seat);
	pr->r->entries[pr->r->n_entries++] = e;
	return c->arena.failed;
}

static int history(gw_ctx *c)
{
	store_resident res;
	if (gw_find_resident(c, c->req->resident_history->login, &res) != 0)
		return -1;
	Netpont__ResidentHistoryReply *r =
	    GW_NEW(&c->arena, Netpont__ResidentHistoryReply, netpont__resident_history_reply__init);
	GW_REPLY(c, RESIDENT_HISTORY_REPLY, resident_history_reply, r);
	r->login = gw_strdup(&c->arena, res.login);
	r->name = gw_strdup(&c->arena, res.name);
	r->entries = gw_alloc(&c->arena, MAX_LINES * sizeof *r->entries);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	progress_rows pr = {.c = c, .r = r};
	if (store_progress_each(c->gw->db, res.id, MAX_LINES, collect_line, &pr, &c->err) != 0)
		return -1;
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	return gw_audit(c, "resident.history", "%s", res.login);
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_progress_routes[] = {
    {NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_ADD, R_ROOM, note_add,
     N_("Only a mentor or an administrator can write a note on a resident.")},
    {NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_LIST, R_ROOM, note_list,
     N_("Only a mentor or an administrator can read the notes on a resident.")},
    {NETPONT__ENVELOPE__BODY_RESIDENT_NOTE_REMOVE, R_ROOM, note_remove,
     N_("Only a mentor or an administrator can remove a note on a resident.")},
    {NETPONT__ENVELOPE__BODY_RESIDENT_HISTORY, R_ROOM, history,
     N_("Only a mentor or an administrator can read a resident's progress.")},
};
const size_t gw_progress_route_count = sizeof gw_progress_routes / sizeof gw_progress_routes[0];
