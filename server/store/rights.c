/* Residents' data rights. See rights.h. */
#include "store/rights.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "store/ledger.h"
#include "store/seeds.h"

#define DAY_S 86400

#define STAFF_NAME(t) "coalesce(nullif(" t ".display_name, ''), " t ".name)"

/* One table of the export: its key, and a SELECT whose ?1 is the
 * resident's id and ?2 the login. */
static const struct {
	const char *table;
	const char *sql;
} export_tables[STORE_EXPORT_TABLES] = {
    {"account", "SELECT r.login, r.name, c.name AS category, c.label AS category_label, r.note, "
                "r.birth_year, r.guest, r.created_at, r.erased_at FROM residents r "
                "JOIN categories c ON c.id = r.category_id WHERE r.id = ?1 AND ?2 IS NOT NULL"},
    {"sessions", "SELECT s.id, p.name AS pc, s.started_at, s.ended_at, s.end_reason AS reason "
                 "FROM sessions s JOIN seats p ON p.id = s.seat_id WHERE s.resident_id = ?1 "
                 "AND ?2 IS NOT NULL ORDER BY s.started_at, s.id"},
    {"help_calls",
     "SELECT h.id, h.text, h.raised_at, h.resolved_at, h.topic, h.outcome, " STAFF_NAME(
         "st") " AS answered_by FROM help_calls h LEFT JOIN staff st ON st.id = "
               "coalesce(h.resolved_by, h.acknowledged_by) WHERE h.resident_id = ?1 "
               "AND ?2 IS NOT NULL ORDER BY h.raised_at, h.id"},
    {"notes", "SELECT n.id, n.text, n.created_at, " STAFF_NAME(
                  "st") " AS written_by FROM resident_notes n LEFT JOIN staff st ON st.id = "
                        "n.staff_id WHERE n.resident_id = ?1 AND n.removed_at IS NULL "
                        "AND ?2 IS NOT NULL ORDER BY n.created_at, n.id"},
    {"ledger",
     "SELECT l.id, l.at, l.kind, l.service, l.qty, l.unit_price, l.amount, l.method, l.note, "
     "l.reverses_id AS reverses FROM ledger l WHERE l.resident_id = ?1 AND ?2 IS NOT NULL "
     "ORDER BY l.at, l.id"},
    {"bookings",
     "SELECT b.id, p.name AS pc, b.starts_at, b.ends_at, b.note, b.cancelled_at, b.claimed_at, "
     "b.released_at FROM bookings b JOIN seats p ON p.id = b.seat_id WHERE b.resident_id = ?1 "
     "AND ?2 IS NOT NULL ORDER BY b.starts_at, b.id"},
    {"enrolments",
     "SELECT c.name AS course, e.enrolled_at, e.left_at FROM course_enrolments e "
     "JOIN courses c ON c.id = e.course_id WHERE e.resident_id = ?1 AND ?2 IS NOT NULL "
     "ORDER BY e.enrolled_at, c.id"},
    {"attendance",
     "SELECT c.name AS course, o.starts_at AS occasion, a.present, a.source "
     "FROM course_attendance a JOIN course_occasions o ON o.id = a.occasion_id "
     "JOIN courses c ON c.id = o.course_id WHERE a.resident_id = ?1 AND ?2 IS NOT NULL "
     "ORDER BY o.starts_at, c.id"},
    /* The login as a word of the detail: "PC-03 kmaria until ...",
     * "kmaria: ...", "kmaria, ...". */
    {"audit",
     "SELECT a.id, a.at, a.action, a.detail, " STAFF_NAME(
         "st") " AS staff FROM audit a LEFT JOIN staff st ON st.id = a.staff_id "
               "WHERE ?1 IS NOT NULL AND (instr(' ' || a.detail || ' ', ' ' || ?2 || ' ') > 0 "
               "OR instr(' ' || a.detail, ' ' || ?2 || ':') > 0 "
               "OR instr(' ' || a.detail, ' ' || ?2 || ',') > 0) ORDER BY a.at, a.id"},
};

#define EXPORT_COLUMNS_MAX 12

int store_rights_export(store_db *db, int64_t resident_id, const char *login, store_export_fn each,
                        void *ctx, np_err *err)
{
	for (size_t t = 0; t < STORE_EXPORT_TABLES; t++) {
		sqlite3_stmt *st = store_stmt(db, export_tables[t].sql);
		if (st == NULL)
			return store_fail(db, err, "export a resident's data");
		int n = sqlite3_column_count(st);
		if (n > EXPORT_COLUMNS_MAX)
			n = EXPORT_COLUMNS_MAX;
		const char *columns[EXPORT_COLUMNS_MAX];
		for (int i = 0; i < n; i++)
			columns[i] = sqlite3_column_name(st, i);
		if (each(ctx, export_tables[t].table, n, columns, NULL) != 0)
			return -1;
		sqlite3_bind_int64(st, 1, resident_id);
		sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			store_export_value values[EXPORT_COLUMNS_MAX];
			for (int i = 0; i < n; i++) {
				values[i].type = sqlite3_column_type(st, i);
				values[i].number = 0;
				values[i].text = NULL;
				if (values[i].type == SQLITE_INTEGER)
					values[i].number = sqlite3_column_int64(st, i);
				else if (values[i].type != SQLITE_NULL) {
					values[i].type = SQLITE_TEXT;
					values[i].text = (const char *)sqlite3_column_text(st, i);
				}
			}
			if (each(ctx, export_tables[t].table, n, columns, values) != 0) {
				sqlite3_reset(st);
				return -1;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(db, err, "export a resident's data");
	}
	return 0;
}

const char *store_erased_name(store_db *db, int64_t resident_id, char *buf, size_t size)
{
	/* TRANSLATORS: the name an erased resident's account keeps, e.g.
	 * "Erased resident 17"; sessions and payments still point at it. */
	return store_numbered_name(db, N_("Erased resident %lld"), (long long)resident_id, buf,
	                           size);
}

/* Runs sql with ?1 = id and ?2 = now; adds the rows it changed to *changed
 * (may be NULL). */
static int run_with(store_db *db, const char *sql, int64_t id, int64_t now, int64_t *changed,
                    const char *what, np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
	}
	if (store_step_done(db, st, what, err) != 0)
		return -1;
	if (changed != NULL)
		*changed += sqlite3_changes64(store_db_sqlite(db));
	return 0;
}

int store_rights_erase(store_db *db, int64_t resident_id, int64_t now, np_err *err)
{
	char pseudonym[128];
	store_erased_name(db, resident_id, pseudonym, sizeof pseudonym);
	static const char account_sql[] =
	    "UPDATE residents SET name = ?3, note = '', pin_hash = '', failed_pins = 0, "
	    "birth_year = NULL, erased_at = coalesce(erased_at, ?2) WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(db, account_sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, resident_id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_text(st, 3, pseudonym, -1, SQLITE_TRANSIENT);
	}
	if (store_step_done(db, st, "erase a resident's account", err) != 0)
		return -1;
	static const char help_sql[] = "UPDATE help_calls SET text = '', outcome = NULL "
	                               "WHERE resident_id = ?1 AND ?2 IS NOT NULL";
	static const char notes_sql[] =
	    "UPDATE resident_notes SET text = '', "
	    "removed_at = coalesce(removed_at, ?2) WHERE resident_id = ?1";
	static const char bookings_sql[] =
	    "UPDATE bookings SET note = '' WHERE resident_id = ?1 AND ?2 IS NOT NULL";
	static const char throttle_sql[] =
	    "DELETE FROM signin_throttle WHERE kind = 'resident' AND ?2 IS NOT NULL "
	    "AND subject = (SELECT login FROM residents WHERE id = ?1)";
	return run_with(db, help_sql, resident_id, now, NULL, "erase a resident's help calls",
	                err) ||
	               run_with(db, notes_sql, resident_id, now, NULL,
	                        "erase the notes on a resident", err) ||
	               run_with(db, bookings_sql, resident_id, now, NULL,
	                        "erase a resident's booking notes", err) ||
	               run_with(db, throttle_sql, resident_id, now, NULL,
	                        "erase a resident's sign-in count", err)
	           ? -1
	           : 0;
}

/* At most this many guest accounts are erased in one run; the next day's
 * run goes on. */
#define GUESTS_PER_RUN 500

static int erase_old_guests(store_db *db, int64_t cutoff, int64_t now, int64_t *erased, np_err *err)
{
	static const char sql[] =
	    "SELECT r.id FROM residents r WHERE r.guest = 1 AND r.erased_at IS NULL "
	    "AND r.created_at < ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.resident_id = r.id "
	    "AND (s.ended_at IS NULL OR s.ended_at >= ?1 OR s.started_at >= ?1)) "
	    "AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.resident_id = r.id AND l.at >= ?1) "
	    "AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.resident_id = r.id "
	    "AND (b.ends_at >= ?1 OR b.created_at >= ?1)) ORDER BY r.id LIMIT ?2";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "find unused guest accounts");
	sqlite3_bind_int64(st, 1, cutoff);
	sqlite3_bind_int(st, 2, GUESTS_PER_RUN);
	int64_t ids[GUESTS_PER_RUN];
	int n = 0, rc;
	while (n < GUESTS_PER_RUN && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	if (n < GUESTS_PER_RUN && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return store_fail(db, err, "find unused guest accounts");
	}
	sqlite3_reset(st);
	for (int i = 0; i < n; i++) {
		int64_t due = 0;
		if (store_due(db, ids[i], &due, err) != 0)
			return -1;
		/* A guest who owes money or has credit stays until a mentor
		 * settles it. */
		if (due != 0)
			continue;
		if (store_rights_erase(db, ids[i], now, err) != 0)
			return -1;
		(*erased)++;
	}
	return 0;
}

static int64_t cutoff_of(int64_t now, int days)
{
	return now - (int64_t)days * DAY_S;
}

int store_retention_run(store_db *db, const store_retention *days, int64_t now,
                        store_retention_counts *out, np_err *err)
{
	memset(out, 0, sizeof *out);
	static const char help_sql[] =
	    "UPDATE help_calls SET text = '', outcome = NULL WHERE raised_at < ?1 "
	    "AND (text <> '' OR outcome IS NOT NULL) AND ?2 IS NOT NULL";
	static const char sessions_sql[] =
	    "UPDATE sessions SET end_reason = NULL, started_by = NULL WHERE ended_at < ?1 "
	    "AND (end_reason IS NOT NULL OR started_by IS NOT NULL) AND ?2 IS NOT NULL";
	static const char audit_sql[] = "DELETE FROM audit WHERE at < ?1 AND ?2 IS NOT NULL";
	static const char notes_sql[] =
	    "UPDATE resident_notes SET text = '', removed_at = coalesce(removed_at, ?2) "
	    "WHERE created_at < ?1 AND text <> ''";
	if (days->help_text_days > 0 &&
	    run_with(db, help_sql, cutoff_of(now, days->help_text_days), now, &out->help_texts,
	             "blank old help texts", err) != 0)
		return -1;
	if (days->session_days > 0 &&
	    run_with(db, sessions_sql, cutoff_of(now, days->session_days), now, &out->sessions,
	             "drop old session detail", err) != 0)
		return -1;
	if (days->guest_days > 0 &&
	    erase_old_guests(db, cutoff_of(now, days->guest_days), now, &out->guests, err) != 0)
		return -1;
	if (days->audit_days > 0 && run_with(db, audit_sql, cutoff_of(now, days->audit_days), now,
	                                     &out->audit_rows, "delete old audit rows", err) != 0)
		return -1;
	if (days->notes_days > 0 && run_with(db, notes_sql, cutoff_of(now, days->notes_days), now,
	                                     &out->notes, "remove old notes", err) != 0)
		return -1;
	return 0;
}
