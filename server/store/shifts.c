/* Cash shifts. See shifts.h.
 *
 * The shifts table is not part of the ledger: ending a shift UPDATEs its
 * row. The cash figures are never stored; they are computed from the
 * ledger rows written in the shift each time. A payment reversed later
 * shows in the shift open when it is reversed, never in its own closed
 * one. */
#include "store/shifts.h"

#include <string.h>
#include <time.h>

#include "core/billing.h"
#include "store/reports.h"

/* The columns read_shift() reads. A shift's cash is the rows written in it
 * (shift_id): its own cash - payments in, refunds out - and the
 * corrections it carried - reversals of cash payments or refunds, made
 * while it was open, whoever's payment they reverse. A reversal made later
 * belongs to the shift open then (or to none), so a closed shift's figures
 * never change. */
#define SHIFT_SELECT                                                                               \
	"SELECT sh.id, st.name, sh.started_at, sh.ended_at, sh.cash_float, sh.counted, "           \
	"(SELECT COALESCE(SUM(CASE WHEN p.method = 'refund' THEN -p.amount ELSE p.amount END), "   \
	"   0) FROM ledger p WHERE p.shift_id = sh.id AND p.kind = 'payment' "                     \
	"   AND p.method IN ('cash', 'refund')), "                                                 \
	"(SELECT COALESCE(SUM(CASE WHEN x.method = 'refund' THEN x.amount ELSE -x.amount END), "   \
	"   0) FROM ledger x WHERE x.shift_id = sh.id AND x.kind = 'reversal' "                    \
	"   AND x.method IN ('cash', 'refund')) "                                                  \
	"FROM shifts sh JOIN staff st ON st.id = sh.staff_id "

static void read_shift(sqlite3_stmt *st, void *row)
{
	store_shift *s = row;
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(st, 0);
	store_column_text(st, 1, s->staff, sizeof s->staff);
	s->started_at = sqlite3_column_int64(st, 2);
	bool ended = sqlite3_column_type(st, 3) != SQLITE_NULL;
	s->ended_at = ended ? sqlite3_column_int64(st, 3) : 0;
	s->cash_float = sqlite3_column_int64(st, 4);
	s->counted = sqlite3_column_int64(st, 5);
	s->cash_taken = sqlite3_column_int64(st, 6);
	s->corrections = sqlite3_column_int64(st, 7);
	s->expected = s->cash_float + s->cash_taken + s->corrections;
	s->difference = ended ? s->counted - s->expected : 0;
}

static int shift_load(store_db *db, int64_t shift_id, store_shift *out, np_err *err)
{
	static const char sql[] = SHIFT_SELECT "WHERE sh.id = ?";
	int found = store_fetch_by_int(db, sql, shift_id, read_shift, out, "read the shift", err);
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no shift %lld."), (long long)shift_id);
	return found > 0 ? 0 : -1;
}

static void read_id(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

int store_shift_open_id(store_db *db, int64_t staff_id, int64_t *shift_id, np_err *err)
{
	static const char sql[] = "SELECT id FROM shifts WHERE staff_id = ? AND ended_at IS NULL";
	*shift_id = 0;
	return store_fetch_by_int(db, sql, staff_id, read_id, shift_id, "look for the open shift",
	                          err) < 0
	           ? -1
	           : 0;
}

int store_shift_start(store_db *db, int64_t staff_id, int64_t cash_float, int64_t at,
                      store_shift *out, np_err *err)
{
	static const char sql[] =
	    "INSERT INTO shifts (staff_id, started_at, cash_float) VALUES (?, ?, ?)";
	if (staff_id <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Only a staff member can start a shift."));
	if (cash_float < 0 || cash_float > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The cash float must be a whole number, 0 or more."));
	int64_t open = 0;
	if (store_shift_open_id(db, staff_id, &open, err) < 0)
		return -1;
	if (open > 0) {
		store_shift current;
		if (shift_load(db, open, &current, err) < 0)
			return -1;
		time_t started = (time_t)current.started_at;
		struct tm tm;
		localtime_r(&started, &tm);
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		    N_("You already have a shift open since %02d:%02d on %04d-%02d-%02d. "
		       "End it before starting a new one."),
		    tm.tm_hour, tm.tm_min, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, staff_id);
		sqlite3_bind_int64(st, 2, at);
		sqlite3_bind_int64(st, 3, cash_float);
	}
	int64_t id = 0;
	if (store_insert(db, st, &id, "start the shift", err) < 0)
		return -1;
	return shift_load(db, id, out, err);
}

int store_shift_end(store_db *db, int64_t staff_id, int64_t counted, int64_t at, store_shift *out,
                    np_err *err)
{
	static const char sql[] = "UPDATE shifts SET ended_at = ?, counted = ? WHERE id = ?";
	if (counted < 0 || counted > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The counted cash must be a whole number, 0 or more."));
	int64_t open = 0;
	if (store_shift_open_id(db, staff_id, &open, err) < 0)
		return -1;
	if (open == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You have no open shift to end."));
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, at);
		sqlite3_bind_int64(st, 2, counted);
		sqlite3_bind_int64(st, 3, open);
	}
	if (store_step_done(db, st, "end the shift", err) < 0)
		return -1;
	return shift_load(db, open, out, err);
}

int store_shift_current(store_db *db, int64_t staff_id, store_shift *out, np_err *err)
{
	int64_t open = 0;
	if (store_shift_open_id(db, staff_id, &open, err) < 0)
		return -1;
	if (open == 0)
		return 0;
	return shift_load(db, open, out, err) < 0 ? -1 : 1;
}

int store_report_shifts(store_db *db, const char *from, const char *to,
                        int (*each)(void *ctx, const store_shift *row), void *ctx, np_err *err)
{
	static const char sql[] = SHIFT_SELECT
	    "WHERE sh.started_at >= ?1 AND sh.started_at < ?2 ORDER BY sh.started_at, sh.id";
	sqlite3_stmt *st = NULL;
	if (store_report_statement(db, sql, from, to, &st, err) < 0)
		return -1;
	store_shift row;
	return store_fetch_each(db, st, read_shift, &row, (int (*)(void *, const void *))each, ctx,
	                        "read the shifts", err);
}
