/* Residents' data rights (GDPR): everything held about one resident
 * (export), erasing a resident's personal data while the ledger, sessions,
 * bookings and attendance stay for the totals (erase), and the retention
 * rules the server applies once a day (schema-v15.sql).
 *
 * An erased resident keeps the row every session and ledger row points at,
 * with a pseudonym for a name ("Erased resident 17", in the site's
 * language, 17 being the row id) and no note, PIN or year of birth; the
 * login stays so that a login attempt gets a clear sentence. The ledger is
 * never written: its rows keep their resident_id.
 *
 * Session detail, as retention_session_days means it: who started a
 * session (started_by) and why it ended (end_reason). The PC, the times and
 * the resident stay, because the totals, the usage report and the shifts'
 * figures count them. */
#ifndef NETPONT_STORE_RIGHTS_H
#define NETPONT_STORE_RIGHTS_H

#include "store/db.h"

/* One cell of an exported row: SQLITE_INTEGER (number), SQLITE_TEXT
 * (text) or SQLITE_NULL. */
typedef struct store_export_value {
	int type;
	int64_t number;
	const char *text; /* owned by the statement: valid during the call only */
} store_export_value;

/* The tables of an export, in this order, as their JSON keys: "account",
 * "sessions", "help_calls", "notes", "ledger", "bookings", "enrolments",
 * "attendance", "audit". */
#define STORE_EXPORT_TABLES 9

/* Called once per table with values NULL (its columns; there may be no
 * rows), then once per row with n values. each must not use the store.
 * Non-zero stops the export, which then returns -1 with err as each left
 * it. */
typedef int (*store_export_fn)(void *ctx, const char *table, int n, const char *const *columns,
                               const store_export_value *values);

/* Everything held about the resident with this id and login: the account,
 * sessions, help calls, mentors' notes not removed, ledger rows, bookings,
 * course enrolments and attendance, and the audit rows whose detail names
 * the login as a word. Returns 0 or -1 with err. */
int store_rights_export(store_db *db, int64_t resident_id, const char *login, store_export_fn each,
                        void *ctx, np_err *err);

/* The pseudonym of an erased resident, in the site's language ("Erased
 * resident 17" / "Törölt lakó 17"), into buf. Returns buf. */
const char *store_erased_name(store_db *db, int64_t resident_id, char *buf, size_t size);

/* Erases the personal data of the resident with this id: name (to
 * store_erased_name()), note, PIN, wrong-PIN count, year of birth, the
 * texts and outcomes of their help calls, mentors' notes on them (text
 * blanked, removed), their bookings' notes and their sign-in throttle;
 * sets erased_at. Whether they owe money is the caller's question. Returns
 * 0 or -1 with err. */
int store_rights_erase(store_db *db, int64_t resident_id, int64_t now, np_err *err);

/* How long each kind of data is kept, in days; 0 = for ever. */
typedef struct store_retention {
	int help_text_days;
	int session_days;
	int guest_days;
	int audit_days;
	int notes_days;
} store_retention;

/* What one retention run removed. */
typedef struct store_retention_counts {
	int64_t help_texts; /* help calls whose text or outcome was blanked */
	int64_t sessions;   /* sessions whose detail was dropped */
	int64_t guests;     /* guest accounts erased */
	int64_t audit_rows; /* audit rows deleted */
	int64_t notes;      /* mentors' notes removed */
} store_retention_counts;

/* Applies the retention rules at now: help texts and outcomes of calls
 * raised more than help_text_days ago blanked, the detail of sessions
 * ended more than session_days ago dropped, guest accounts with nothing
 * (no session, charge, payment or booking) for guest_days and nothing owed
 * or in credit erased (store_rights_erase()), audit rows older than
 * audit_days deleted, notes written more than notes_days ago removed (text
 * blanked, removed_at set). Fills *out. Returns 0 or -1 with err. */
int store_retention_run(store_db *db, const store_retention *days, int64_t now,
                        store_retention_counts *out, np_err *err);

#endif
