/* Cash shifts: a staff member's float at the start, the cash taken during
 * the shift, and the count at the end. See money.h.
 *
 * The shifts table is not part of the ledger: ending a shift UPDATEs its
 * row. The cash figures are never stored; they are computed from the
 * ledger each time, so a payment reversed later shows in the shift's
 * expected cash in the next report. */
#include "money-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "billing.h"

/* Cash taken in a shift: its cash payments minus the reversals of them
 * (whenever and by whomever they were reversed). */
#define MONEY__SHIFT_CASH_TAKEN                                                                    \
	"(SELECT COALESCE(SUM(p.amount - COALESCE("                                                \
	"   (SELECT x.amount FROM ledger x WHERE x.reverses_id = p.id), 0)), 0) "                  \
	"  FROM ledger p WHERE p.shift_id = sh.id AND p.kind = 'payment' AND p.method = 'cash')"

int money__shift_load(sqlite3 *db, int64_t shift_id, Netpont__Shift **out, np_err *err)
{
	*out = NULL;
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db,
	                   "SELECT sh.id, st.name, sh.started_at, sh.ended_at, sh.cash_float, "
	                   "sh.counted, " MONEY__SHIFT_CASH_TAKEN " "
	                   "FROM shifts sh JOIN staff st ON st.id = sh.staff_id WHERE sh.id = ?1",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, shift_id);
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
			                  N_("There is no shift %lld."), (long long)shift_id);
		return money__fail(db, err, "read the shift");
	}
	Netpont__Shift *shift = MONEY_NEW(Netpont__Shift, netpont__shift__init);
	if (shift == NULL) {
		sqlite3_finalize(stmt);
		return money__no_memory(err);
	}
	shift->id = sqlite3_column_int64(stmt, 0);
	shift->staff = money__column_dup(stmt, 1);
	shift->started_at = sqlite3_column_int64(stmt, 2);
	bool ended = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	shift->ended_at = ended ? sqlite3_column_int64(stmt, 3) : 0;
	shift->cash_float = sqlite3_column_int64(stmt, 4);
	shift->counted = sqlite3_column_int64(stmt, 5);
	shift->cash_taken = sqlite3_column_int64(stmt, 6);
	shift->expected = shift->cash_float + shift->cash_taken;
	shift->difference = ended ? shift->counted - shift->expected : 0;
	sqlite3_finalize(stmt);
	if (shift->staff == NULL) {
		netpont__shift__free_unpacked(shift, NULL);
		return money__no_memory(err);
	}
	*out = shift;
	return 0;
}

int money_shift_open_id(sqlite3 *db, int64_t staff_id, int64_t *shift_id, np_err *err)
{
	*shift_id = 0;
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, "SELECT id FROM shifts WHERE staff_id = ?1 AND ended_at IS NULL",
	                   &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, staff_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*shift_id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return money__fail(db, err, "look for the open shift");
	return 0;
}

int money_shift_start(sqlite3 *db, int64_t staff_id, int64_t cash_float, int64_t at,
                      Netpont__Shift **out, np_err *err)
{
	*out = NULL;
	if (staff_id <= 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Only a staff member can start a shift."));
	if (cash_float < 0 || cash_float > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The cash float must be a whole number, 0 or more."));
	int64_t open = 0;
	if (money_shift_open_id(db, staff_id, &open, err) < 0)
		return -1;
	if (open > 0) {
		Netpont__Shift *current = NULL;
		if (money__shift_load(db, open, &current, err) < 0)
			return -1;
		time_t started = (time_t)current->started_at;
		netpont__shift__free_unpacked(current, NULL);
		struct tm tm;
		localtime_r(&started, &tm);
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		    N_("You already have a shift open since %02d:%02d on %04d-%02d-%02d. "
		       "End it before starting a new one."),
		    tm.tm_hour, tm.tm_min, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(
	        db, "INSERT INTO shifts (staff_id, started_at, cash_float) VALUES (?1, ?2, ?3)",
	        &stmt, err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, staff_id);
	sqlite3_bind_int64(stmt, 2, at);
	sqlite3_bind_int64(stmt, 3, cash_float);
	if (money__run(db, stmt, "start the shift", err) < 0)
		return -1;
	return money__shift_load(db, sqlite3_last_insert_rowid(db), out, err);
}

int money_shift_end(sqlite3 *db, int64_t staff_id, int64_t counted, int64_t at,
                    Netpont__Shift **out, np_err *err)
{
	*out = NULL;
	if (counted < 0 || counted > BILLING_MAX_AMOUNT)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The counted cash must be a whole number, 0 or more."));
	int64_t open = 0;
	if (money_shift_open_id(db, staff_id, &open, err) < 0)
		return -1;
	if (open == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You have no open shift to end."));
	sqlite3_stmt *stmt = NULL;
	if (money__prepare(db, "UPDATE shifts SET ended_at = ?1, counted = ?2 WHERE id = ?3", &stmt,
	                   err) < 0)
		return -1;
	sqlite3_bind_int64(stmt, 1, at);
	sqlite3_bind_int64(stmt, 2, counted);
	sqlite3_bind_int64(stmt, 3, open);
	if (money__run(db, stmt, "end the shift", err) < 0)
		return -1;
	return money__shift_load(db, open, out, err);
}

int money_shift_current(sqlite3 *db, int64_t staff_id, Netpont__Shift **out, np_err *err)
{
	*out = NULL;
	int64_t open = 0;
	if (money_shift_open_id(db, staff_id, &open, err) < 0)
		return -1;
	if (open == 0)
		return 0;
	return money__shift_load(db, open, out, err);
}
