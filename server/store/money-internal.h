/* Shared internals of the money store (money.c, ledger.c, shifts.c,
 * reports.c). Not for other modules: they use money.h. */
#ifndef NETPONT_STORE_MONEY_INTERNAL_H
#define NETPONT_STORE_MONEY_INTERNAL_H

#include "money.h"

/* Fills err with INTERNAL naming what failed and SQLite's message. -1. */
int money__fail(sqlite3 *db, np_err *err, const char *what);

/* INTERNAL "out of memory". -1. */
int money__no_memory(np_err *err);

/* sqlite3_prepare_v2 or money__fail. *stmt is NULL on failure. */
int money__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, np_err *err);

/* Steps a statement without rows (INSERT, UPDATE) once and finalizes it.
 * Returns 0, or -1 with err naming what failed ("save the tariff"). */
int money__run(sqlite3 *db, sqlite3_stmt *stmt, const char *what, np_err *err);

/* A malloc()ed copy of s (NULL becomes ""), or NULL when out of memory. */
char *money__strdup(const char *s);

/* A malloc()ed, initialised message of the given kind, or NULL. */
void *money__new(size_t size, void (*init)(void *));
#define MONEY_NEW(type, init) ((type *)money__new(sizeof(type), (void (*)(void *))(init)))

/* List replies (TariffListReply, ReportWaiversReply, ...) built from the
 * rows of a query. money__append() adds item, a malloc()ed message (NULL:
 * its allocation failed), to a reply's repeated message field: items is the
 * field's address (a Netpont__X ***), count its n_ field's. Returns 0, or -1
 * when out of memory (item is freed). */
int money__append(void *items, size_t *count, void *item);

/* The end of the rows: finalizes stmt; when they ran out (rc is
 * SQLITE_DONE) stores reply in *out (out: the caller's Netpont__XReply **)
 * and returns 0, otherwise frees reply and returns -1 with err naming what
 * failed ("list the tariffs"). */
int money__list_finish(sqlite3 *db, sqlite3_stmt *stmt, int rc, void *reply, void *out,
                       const char *what, np_err *err);

/* The way out of a list query that failed on the way: finalizes stmt and
 * frees reply (NULL allowed). Returns -1. */
int money__list_abandon(sqlite3_stmt *stmt, void *reply);

/* Copies text column col into a new string; NULL becomes "". */
char *money__column_dup(sqlite3_stmt *stmt, int col);

/* The text of a setting into buf (size bytes), or dflt when it is not set.
 * err may be NULL. */
int money__setting(sqlite3 *db, const char *key, const char *dflt, char *buf, size_t size,
                   np_err *err);

/* A resident as the money store needs it. */
typedef struct money__resident {
	int64_t id;
	char login[64];
	char name[128];
	char category[33];
	int percent;
} money__resident;

/* By login (NOT_FOUND "There is no resident with the login 'x'.") or by id
 * (NOT_FOUND "There is no resident number 7."). */
int money__resident_by_login(sqlite3 *db, const char *login, money__resident *out, np_err *err);
int money__resident_by_id(sqlite3 *db, int64_t id, money__resident *out, np_err *err);

/* The SELECT list and joins that money__entry_from_row() reads, in order. */
#define MONEY__ENTRY_SELECT                                                                        \
	"SELECT l.id, l.at, l.kind, r.login, l.service, l.qty, l.amount, l.method, l.note, "       \
	"s.name, l.session_id, l.reverses_id, st.name, "                                           \
	"(SELECT x.id FROM ledger x WHERE x.reverses_id = l.id), l.unit_price, l.percent, "        \
	"l.category "                                                                              \
	"FROM ledger l JOIN residents r ON r.id = l.resident_id "                                  \
	"LEFT JOIN staff s ON s.id = l.staff_id LEFT JOIN seats st ON st.id = l.seat_id "

/* A new LedgerEntry from the current row of a MONEY__ENTRY_SELECT
 * statement, or NULL when out of memory. */
Netpont__LedgerEntry *money__entry_from_row(sqlite3_stmt *stmt);

/* Loads one shift (with its cash figures) as a new message. */
int money__shift_load(sqlite3 *db, int64_t shift_id, Netpont__Shift **out, np_err *err);

#endif
