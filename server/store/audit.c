#include "store/audit.h"

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
