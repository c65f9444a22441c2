/* The neighbourhood directory. See directory.h. */
#include "store/directory.h"

#include <stdio.h>
#include <string.h>

#include "common/np_fold.h"

const char *const store_directory_categories[] = {
    "service", "institution", "ngo", "job_offered", "job_wanted", "volunteer", "event"};

bool store_directory_category_ok(const char *category)
{
	for (size_t i = 0; category != NULL && i < STORE_DIRECTORY_CATEGORY_COUNT; i++)
		if (strcmp(category, store_directory_categories[i]) == 0)
			return true;
	return false;
}

bool store_directory_use_ok(const char *what)
{
	static const char *const kinds[] = {"open", "view", "search", "print"};
	for (size_t i = 0; what != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(what, kinds[i]) == 0)
			return true;
	return false;
}

bool store_directory_matches(const store_directory_entry *e, const char *query)
{
	const char *const texts[] = {e->title, e->body, e->address, NULL};
	return np_fold_matches(query, texts);
}

#define DIRECTORY_SELECT                                                                           \
	"SELECT id, category, title, body, hours, address, phone, email, web, valid_until, "       \
	"created_at, updated_at, removed_at FROM directory_entries "

static void read_entry(sqlite3_stmt *st, void *row)
{
	store_directory_entry *e = row;
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, e->category, sizeof e->category);
	store_column_text(st, 2, e->title, sizeof e->title);
	store_column_text(st, 3, e->body, sizeof e->body);
	store_column_text(st, 4, e->hours, sizeof e->hours);
	store_column_text(st, 5, e->address, sizeof e->address);
	store_column_text(st, 6, e->phone, sizeof e->phone);
	store_column_text(st, 7, e->email, sizeof e->email);
	store_column_text(st, 8, e->web, sizeof e->web);
	store_column_text(st, 9, e->valid_until, sizeof e->valid_until);
	e->created_at = sqlite3_column_int64(st, 10);
	e->updated_at = sqlite3_column_int64(st, 11);
	e->removed_at = sqlite3_column_int64(st, 12);
}

typedef struct each_match {
	const store_directory_query *q;
	int (*each)(void *ctx, const store_directory_entry *e);
	void *ctx;
	int count;
} each_match;

static int match_one(void *ctx, const void *row)
{
	each_match *m = ctx;
	const store_directory_entry *e = row;
	if (!store_directory_matches(e, m->q->query))
		return 0;
	if (m->each(m->ctx, e) != 0)
		return 1;
	return ++m->count >= STORE_DIRECTORY_MAX;
}

int store_directory_each(store_db *db, const store_directory_query *q,
                         int (*each)(void *ctx, const store_directory_entry *e), void *ctx,
                         np_err *err)
{
	static const char sql[] = DIRECTORY_SELECT
	    "WHERE removed_at IS NULL AND (?1 = '' OR category = ?1) "
	    "AND (?2 OR valid_until IS NULL OR valid_until >= ?3) "
	    "ORDER BY instr('service institution ngo job_offered job_wanted volunteer event', "
	    "category), title COLLATE NOCASE, id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, q->category != NULL ? q->category : "", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, q->expired);
		sqlite3_bind_text(st, 3, q->today != NULL ? q->today : "", -1, SQLITE_STATIC);
	}
	store_directory_entry row;
	each_match m = {.q = q, .each = each, .ctx = ctx};
	return store_fetch_each(db, st, read_entry, &row, match_one, &m, "list the directory", err);
}

int store_directory_get(store_db *db, int64_t id, store_directory_entry *out, np_err *err)
{
	static const char sql[] = DIRECTORY_SELECT "WHERE id = ?";
	return store_fetch_by_int(db, sql, id, read_entry, out, "read the directory entry", err);
}

/* Binds the texts of e as parameters 1 to 9. */
static void bind_entry(sqlite3_stmt *st, const store_directory_entry *e)
{
	sqlite3_bind_text(st, 1, e->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->hours, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->web, -1, SQLITE_STATIC);
	if (e->valid_until[0] != '\0')
		sqlite3_bind_text(st, 9, e->valid_until, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 9);
}

int store_directory_add(store_db *db, const store_directory_entry *e, int64_t staff_id, int64_t now,
                        int64_t *id, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO directory_entries (category, title, body, hours, address, phone, email, "
	    "web, valid_until, created_by, created_at, updated_by, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULLIF(?10, 0), ?11, NULLIF(?10, 0), ?11)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		bind_entry(st, e);
		sqlite3_bind_int64(st, 10, staff_id);
		sqlite3_bind_int64(st, 11, now);
	}
	return store_insert(db, st, id, "add the directory entry", err) < 0 ? -1 : 0;
}

int store_directory_update(store_db *db, const store_directory_entry *e, int64_t staff_id,
                           int64_t now, np_err *err)
{
	static const char sql[] =
	    "UPDATE directory_entries SET category = ?1, title = ?2, body = ?3, hours = ?4, "
	    "address = ?5, phone = ?6, email = ?7, web = ?8, valid_until = ?9, "
	    "updated_by = NULLIF(?10, 0), updated_at = ?11 WHERE id = ?12";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		bind_entry(st, e);
		sqlite3_bind_int64(st, 10, staff_id);
		sqlite3_bind_int64(st, 11, now);
		sqlite3_bind_int64(st, 12, e->id);
	}
	return store_step_done(db, st, "change the directory entry", err);
}

int store_directory_remove(store_db *db, int64_t id, int64_t staff_id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE directory_entries SET removed_at = ?1, "
	                          "updated_by = NULLIF(?2, 0), updated_at = ?1 WHERE id = ?3";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, staff_id);
		sqlite3_bind_int64(st, 3, id);
	}
	return store_step_done(db, st, "remove the directory entry", err);
}

int store_directory_count_use(store_db *db, const char *day, int64_t seat_id, const char *what,
                              np_err *err)
{
	static const char sql[] =
	    "INSERT INTO directory_usage (day, seat_id, what, count) "
	    "VALUES (?, ?, ?, 1) "
	    "ON CONFLICT (day, seat_id, what) DO UPDATE SET count = count + 1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seat_id);
		sqlite3_bind_text(st, 3, what, -1, SQLITE_STATIC);
	}
	return store_step_done(db, st, "count the use of the directory", err);
}

int store_directory_usage(store_db *db, const char *from_day, const char *to_day, int64_t counts[4],
                          np_err *err)
{
	static const char *const kinds[] = {"open", "view", "search", "print"};
	static const char sql[] = "SELECT COALESCE(SUM(count), 0) FROM directory_usage "
	                          "WHERE what = ?1 AND day >= ?2 AND day < ?3";
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st = store_stmt(db, sql);
		if (st == NULL)
			return store_fail(db, err, "count the uses of the directory");
		sqlite3_bind_text(st, 1, kinds[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, from_day, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, to_day, -1, SQLITE_STATIC);
		counts[i] = store_step_int(st, 0);
	}
	return 0;
}
