/* The audit trail (table audit): one row per staff action, failed sign-in,
 * lock-out and view of a resident's data. Append-only: schema-v2.sql's
 * triggers refuse UPDATE and DELETE. Details never hold a secret (no
 * password, PIN or token): callers write names and what changed only. */
#ifndef NETPONT_STORE_AUDIT_H
#define NETPONT_STORE_AUDIT_H

#include "store/db.h"

/* Appends an audit row. staff_id 0 means "no staff member" (stored NULL).
 * action is a dotted name ("seat.lock"), detail a short free text (NULL is
 * ""); both are copied. Must run inside the request's transaction. Returns
 * 0 or -1 (err set). */
int store_audit(store_db *db, int64_t now, int64_t staff_id, const char *action, const char *detail,
                np_err *err);

/* One audit row as the listing reads it. */
typedef struct store_audit_row {
	int64_t id;
	int64_t at;
	char staff[64]; /* the staff member's name; "" when none */
	char action[64];
	char detail[512];
} store_audit_row;

/* Which rows store_audit_each() reads. Times are Unix seconds. */
typedef struct store_audit_filter {
	int64_t from;       /* rows at or after; 0: from the first */
	int64_t until;      /* rows before; 0: to the last */
	const char *staff;  /* exact staff name; NULL or "": anyone */
	const char *action; /* exact action; NULL or "": any */
	size_t limit;       /* at most this many, the newest; 0: all */
	/* Rows older than the row (before_at, before_id) only (by time, then
	 * id): the pages after the first; 0: from the newest. */
	int64_t before_at, before_id;
} store_audit_filter;

/* Calls each(ctx, row) for the rows matching filter, newest first (by time,
 * then id); stops early when each returns non-zero. row is the store's,
 * valid during the call only; each must not use the store. Returns 0 or -1
 * (err set). */
int store_audit_each(store_db *db, const store_audit_filter *filter,
                     int (*each)(void *ctx, const store_audit_row *row), void *ctx, np_err *err);

#endif
