#include "store/audit.h"

#include <string.h>

int store_audit(store_db *db, int64_t now, int64_t staff_id, const char *action, const char *detail,
                np_err *err)
{
	static const char sql[] =
	    "INSERT INTO audit (at, staff_id, action, detail) VALUES (?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "record the action in the audit log");
	sqlite3_bind_int64(st, 1, now);
	if (staff_id > 0)
		sqlite3_bind_int64(st, 2, staff_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, detail ? detail : "", -1, SQLITE_TRANSIENT);
	return store_step_done(db, st, "record the action in the audit log", err);
}

static void read_audit_row(sqlite3_stmt *st, void *row)
{
	store_audit_row *a = row;
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->at = sqlite3_column_int64(st, 1);
	store_column_text(st, 2, a->staff, sizeof a->staff);
	store_column_text(st, 3, a->action, sizeof a->action);
	store_column_text(st, 4, a->detail, sizeof a->detail);
}

int store_audit_each(store_db *db, const store_audit_filter *filter,
                     int (*each)(void *ctx, const store_audit_row *row), void *ctx, np_err *err)
{
	/* One statement for every filter: an unset filter binds NULL and its
	 * condition holds for every row, so the statement stays cached. */
	static const char sql[] =
	    "SELECT a.id, a.at, s.name, a.action, a.detail "
	    "FROM audit a LEFT JOIN staff s ON s.id = a.staff_id "
	    "WHERE (?1 IS NULL OR a.at >= ?1) AND (?2 IS NULL OR a.at < ?2) "
	    "AND (?3 IS NULL OR s.name = ?3) AND (?4 IS NULL OR a.action = ?4) "
	    "AND (?6 IS NULL OR (a.at, a.id) < (?6, ?7)) "
	    "ORDER BY a.at DESC, a.id DESC LIMIT ?5";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		if (filter->from > 0)
			sqlite3_bind_int64(st, 1, filter->from);
		if (filter->until > 0)
			sqlite3_bind_int64(st, 2, filter->until);
		if (filter->staff != NULL && filter->staff[0] != '\0')
			sqlite3_bind_text(st, 3, filter->staff, -1, SQLITE_TRANSIENT);
		if (filter->action != NULL && filter->action[0] != '\0')
			sqlite3_bind_text(st, 4, filter->action, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, filter->limit == 0 ? -1 : (sqlite3_int64)filter->limit);
		if (filter->before_at > 0) {
			sqlite3_bind_int64(st, 6, filter->before_at);
			sqlite3_bind_int64(st, 7, filter->before_id);
		}
	}
	store_audit_row row;
	return store_fetch_each(db, st, read_audit_row, &row, (int (*)(void *, const void *))each,
	                        ctx, "read the audit log", err);
}
