/* The audit trail (table audit): one row per staff action. */
#ifndef NETPONT_STORE_AUDIT_H
#define NETPONT_STORE_AUDIT_H

#include "store/db.h"

/* Appends an audit row. staff_id 0 means "no staff member" (stored NULL).
 * action is a dotted name ("seat.lock"), detail a short free text. Must run
 * inside the request's transaction. Returns 0 or -1 (err set). */
int store_audit(store_db *db, int64_t now, int64_t staff_id, const char *action, const char *detail,
                np_err *err);

#endif
