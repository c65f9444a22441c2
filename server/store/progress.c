/* A resident's progress. See progress.h. */
#include "store/progress.h"

#include <string.h>

#define NOTE_SELECT                                                                                \
	"SELECT n.id, n.resident_id, r.login, n.text, s.name, "                                    \
	"coalesce(nullif(s.display_name, ''), s.name), n.created_at, n.removed_at "                \
	"FROM resident_notes n JOIN residents r ON r.id = n.resident_id "                          \
	"LEFT JOIN staff s ON s.id = n.staff_id "

static void read_note(sqlite3_stmt *st, void *row)
{
	store_note *n = row;
	memset(n, 0, sizeof *n);
	n->id = sqlite3_column_int64(st, 0);
	n->resident_id = sqlite3_column_int64(st, 1);
	store_column_text(st, 2, n->login, sizeof n->login);
	store_column_text(st, 3, n->text, sizeof n->text);
	store_column_text(st, 4, n->staff, sizeof n->staff);
	store_column_text(st, 5, n->staff_display, sizeof n->staff_display);
	n->created_at = sqlite3_column_int64(st, 6);
	n->removed_at = sqlite3_column_int64(st, 7); /* NULL reads as 0 */
}

int store_note_add(store_db *db, int64_t resident_id, int64_t staff_id, const char *text,
                   int64_t now, int64_t *id, np_err *err)
{
	static const char sql[] = "INSERT INTO resident_notes (resident_id, text, staff_id, "
	                          "created_at) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "write the note");
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
	if (staff_id > 0)
		sqlite3_bind_int64(st, 3, staff_id);
	sqlite3_bind_int64(st, 4, now);
	return store_insert(db, st, id, "write the note", err);
}

int store_note_get(store_db *db, int64_t id, store_note *out, np_err *err)
{
	static const char sql[] = NOTE_SELECT "WHERE n.id = ?";
	return store_fetch_by_int(db, sql, id, read_note, out, "read a note", err);
}

int store_note_remove(store_db *db, int64_t id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE resident_notes SET text = '', removed_at = ? "
	                          "WHERE id = ? AND removed_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "remove the note");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	return store_step_done(db, st, "remove the note", err);
}

/* store_fetch_each() calls back with a const void *; these keep the types. */
typedef struct note_each_ctx {
	int (*each)(void *ctx, const store_note *note);
	void *ctx;
} note_each_ctx;

static int each_note(void *ctx, const void *row)
{
	note_each_ctx *e = ctx;
	return e->each(e->ctx, row);
}

typedef struct progress_each_ctx {
	int (*each)(void *ctx, const store_progress *line);
	void *ctx;
} progress_each_ctx;

static int each_progress(void *ctx, const void *row)
{
	progress_each_ctx *e = ctx;
	return e->each(e->ctx, row);
}

int store_note_each(store_db *db, int64_t resident_id, bool include_removed, int max,
                    int (*each)(void *ctx, const store_note *note), void *ctx, np_err *err)
{
	static const char sql[] = NOTE_SELECT "WHERE n.resident_id = ?1 AND "
	                                      "(?2 OR n.removed_at IS NULL) "
	                                      "ORDER BY n.created_at DESC, n.id DESC LIMIT ?3";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the notes");
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_int(st, 2, include_removed);
	sqlite3_bind_int(st, 3, max);
	store_note row;
	note_each_ctx e = {each, ctx};
	return store_fetch_each(db, st, read_note, &row, each_note, &e, "read the notes", err);
}

int store_help_set_outcome(store_db *db, int64_t id, const char *outcome, np_err *err)
{
	static const char sql[] = "UPDATE help_calls SET outcome = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "write what came of the help call");
	if (outcome != NULL && outcome[0] != '\0')
		sqlite3_bind_text(st, 1, outcome, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int64(st, 2, id);
	return store_step_done(db, st, "write what came of the help call", err);
}

static void read_progress(sqlite3_stmt *st, void *row)
{
	store_progress *p = row;
	memset(p, 0, sizeof *p);
	store_column_text(st, 0, p->kind, sizeof p->kind);
	p->id = sqlite3_column_int64(st, 1);
	p->at = sqlite3_column_int64(st, 2);
	store_column_text(st, 3, p->staff, sizeof p->staff);
	store_column_text(st, 4, p->staff_display, sizeof p->staff_display);
	store_column_text(st, 5, p->topic, sizeof p->topic);
	store_column_text(st, 6, p->outcome, sizeof p->outcome);
	store_column_text(st, 7, p->text, sizeof p->text);
	store_column_text(st, 8, p->seat, sizeof p->seat);
}

int store_progress_each(store_db *db, int64_t resident_id, int max,
                        int (*each)(void *ctx, const store_progress *line), void *ctx, np_err *err)
{
	/* A call closed by nobody (cancelled) has no resolved_by. */
	static const char sql[] =
	    "SELECT 'help', h.id, h.resolved_at, s.name, "
	    "coalesce(nullif(s.display_name, ''), s.name), h.topic, h.outcome, h.text, st.name "
	    "FROM help_calls h JOIN staff s ON s.id = h.resolved_by "
	    "LEFT JOIN seats st ON st.id = h.seat_id "
	    "WHERE h.resident_id = ?1 AND h.resolved_at IS NOT NULL "
	    "UNION ALL "
	    "SELECT 'note', n.id, n.created_at, s.name, "
	    "coalesce(nullif(s.display_name, ''), s.name), NULL, NULL, n.text, NULL "
	    "FROM resident_notes n LEFT JOIN staff s ON s.id = n.staff_id "
	    "WHERE n.resident_id = ?1 AND n.removed_at IS NULL "
	    "ORDER BY 3 DESC, 2 DESC LIMIT ?2";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the resident's progress");
	sqlite3_bind_int64(st, 1, resident_id);
	sqlite3_bind_int(st, 2, max);
	store_progress row;
	progress_each_ctx e = {each, ctx};
	return store_fetch_each(db, st, read_progress, &row, each_progress, &e,
	                        "read the resident's progress", err);
}
