#include "store/help.h"

#include <assert.h>
#include <string.h>

#define HELP_COLUMNS                                                                               \
	"h.id, h.seat_id, h.session_id, h.resident_id, st.name, h.text, r.login, h.raised_at, "    \
	"h.acknowledged_at, h.resolved_at, a.name, z.name, h.cancelled_at, "                       \
	"coalesce(nullif(a.display_name, ''), a.name), h.topic, h.close_reason, h.outcome "        \
	"FROM help_calls h "                                                                       \
	"JOIN seats st ON st.id = h.seat_id LEFT JOIN residents r ON r.id = h.resident_id "        \
	"LEFT JOIN staff a ON a.id = h.acknowledged_by LEFT JOIN staff z ON z.id = h.resolved_by"

static void read_row(sqlite3_stmt *st, void *row)
{
	store_help *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->seat_id = sqlite3_column_int64(st, 1);
	out->session_id = sqlite3_column_int64(st, 2);
	out->resident_id = sqlite3_column_int64(st, 3);
	store_column_text(st, 4, out->seat, sizeof out->seat);
	store_column_text(st, 5, out->text, sizeof out->text);
	store_column_text(st, 6, out->login, sizeof out->login);
	out->raised_at = sqlite3_column_int64(st, 7);
	out->acknowledged_at = sqlite3_column_int64(st, 8);
	out->resolved_at = sqlite3_column_int64(st, 9);
	store_column_text(st, 10, out->acknowledged_by, sizeof out->acknowledged_by);
	store_column_text(st, 11, out->resolved_by, sizeof out->resolved_by);
	out->cancelled_at = sqlite3_column_int64(st, 12);
	store_column_text(st, 13, out->acknowledged_by_display,
	                  sizeof out->acknowledged_by_display);
	store_column_text(st, 14, out->topic, sizeof out->topic);
	store_column_text(st, 15, out->close_reason, sizeof out->close_reason);
	store_column_text(st, 16, out->outcome, sizeof out->outcome);
}

int store_help_by_id(store_db *db, int64_t id, store_help *out, np_err *err)
{
	static const char sql[] = "SELECT " HELP_COLUMNS " WHERE h.id = ?";
	return store_fetch_by_int(db, sql, id, read_row, out, "read a help call", err);
}

int store_help_open_for_seat(store_db *db, int64_t seat_id, store_help *out, np_err *err)
{
	static const char sql[] = "SELECT " HELP_COLUMNS " WHERE h.seat_id = ? AND "
	                          "h.resolved_at IS NULL ORDER BY h.id DESC LIMIT 1";
	return store_fetch_by_int(db, sql, seat_id, read_row, out, "read a help call", err);
}

int store_help_raise(store_db *db, int64_t seat_id, int64_t session_id, int64_t resident_id,
                     const char *text, int64_t now, int64_t *id, np_err *err)
{
	static const char sql[] = "INSERT INTO help_calls (seat_id, session_id, resident_id, text, "
	                          "raised_at) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "call a mentor");
	sqlite3_bind_int64(st, 1, seat_id);
	if (session_id > 0)
		sqlite3_bind_int64(st, 2, session_id);
	if (resident_id > 0)
		sqlite3_bind_int64(st, 3, resident_id);
	sqlite3_bind_text(st, 4, text ? text : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 5, now);
	return store_insert(db, st, id, "call a mentor", err);
}

int store_help_ack(store_db *db, int64_t id, int64_t staff_id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE help_calls SET acknowledged_at = ?, acknowledged_by = ? "
	                          "WHERE id = ? AND acknowledged_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "answer the help call");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, staff_id);
	sqlite3_bind_int64(st, 3, id);
	return store_step_done(db, st, "answer the help call", err);
}

const char *const store_help_topics[] = {"job_search", "cv", "e_government", "letter", "printing",
                                         "other",      NULL};

bool store_help_topic_ok(const char *topic)
{
	for (size_t i = 0; store_help_topics[i] != NULL; i++)
		if (strcmp(topic, store_help_topics[i]) == 0)
			return true;
	return false;
}

int store_help_resolve(store_db *db, int64_t id, int64_t staff_id, const char *topic, int64_t now,
                       np_err *err)
{
	/* Resolving an unanswered call also answers it, so that the wait is
	 * counted in reports. */
	static const char sql[] = "UPDATE help_calls SET resolved_at = ?1, resolved_by = ?2, "
	                          "acknowledged_at = coalesce(acknowledged_at, ?1), "
	                          "acknowledged_by = coalesce(acknowledged_by, ?2), topic = ?4 "
	                          "WHERE id = ?3 AND resolved_at IS NULL";
	assert(topic == NULL || topic[0] == '\0' || store_help_topic_ok(topic));
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "resolve the help call");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, staff_id);
	sqlite3_bind_int64(st, 3, id);
	if (topic != NULL && topic[0] != '\0')
		sqlite3_bind_text(st, 4, topic, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 4);
	return store_step_done(db, st, "resolve the help call", err);
}

int store_help_close_for_seat(store_db *db, int64_t seat_id, const char *reason, int64_t now,
                              int64_t *ids, int max, np_err *err)
{
	static const char sql[] =
	    "UPDATE help_calls SET resolved_at = ?1, cancelled_at = ?1, close_reason = ?2 "
	    "WHERE seat_id = ?3 AND resolved_at IS NULL RETURNING id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "close the seat's help calls");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, seat_id);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (n < max)
			ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? n : store_fail(db, err, "close the seat's help calls");
}

int store_help_topic_counts(store_db *db, int64_t from, int64_t to,
                            int (*each)(void *ctx, const char *topic, int calls), void *ctx,
                            np_err *err)
{
	static const char sql[] =
	    "SELECT coalesce(topic, ''), count(*) FROM help_calls "
	    "WHERE raised_at >= ? AND raised_at < ? AND resolved_by IS NOT NULL "
	    "GROUP BY 1";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "count the help calls by topic");
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	/* In the order of the topics' list, "" (not said) last. */
	int counts[8] = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *topic = (const char *)sqlite3_column_text(st, 0);
		size_t i = 0;
		while (store_help_topics[i] != NULL && strcmp(topic, store_help_topics[i]) != 0)
			i++;
		counts[i] += sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(db, err, "count the help calls by topic");
	for (size_t i = 0; i == 0 || store_help_topics[i - 1] != NULL; i++)
		if (counts[i] > 0 &&
		    each(ctx, store_help_topics[i] ? store_help_topics[i] : "", counts[i]) != 0)
			break;
	return 0;
}

int store_help_cancel(store_db *db, int64_t id, int64_t now, np_err *err)
{
	static const char sql[] = "UPDATE help_calls SET resolved_at = ?1, cancelled_at = ?1 "
	                          "WHERE id = ?2 AND resolved_at IS NULL";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "take back the help call");
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	return store_step_done(db, st, "take back the help call", err);
}

int store_help_list(store_db *db, bool include_resolved, int64_t after, store_help *out, int max,
                    np_err *err)
{
	/* The newest max calls, listed oldest first; after a cursor, the
	 * oldest max calls after it (a range on the primary key). */
	static const char newest[] =
	    "SELECT * FROM (SELECT " HELP_COLUMNS
	    " WHERE ?1 OR h.resolved_at IS NULL ORDER BY h.id DESC LIMIT ?2) "
	    "ORDER BY 1";
	static const char next[] = "SELECT " HELP_COLUMNS " WHERE (?1 OR h.resolved_at IS NULL) "
	                           "AND h.id > ?3 ORDER BY h.id LIMIT ?2";
	assert(max >= 0);
	sqlite3_stmt *st = store_stmt(db, after > 0 ? next : newest);
	if (st == NULL)
		return store_fail(db, err, "list the help calls");
	sqlite3_bind_int(st, 1, include_resolved ? 1 : 0);
	sqlite3_bind_int(st, 2, max);
	if (after > 0)
		sqlite3_bind_int64(st, 3, after);
	return store_fetch_rows(db, st, read_row, out, sizeof *out, max, "list the help calls",
	                        err);
}

int store_help_report(store_db *db, int64_t from, int64_t to, store_help_stats *out, np_err *err)
{
	static const char sql[] = "SELECT count(*), count(acknowledged_at), count(resolved_at), "
	                          "coalesce(avg(acknowledged_at - raised_at), 0), "
	                          "coalesce(max(acknowledged_at - raised_at), 0) FROM help_calls "
	                          "WHERE raised_at >= ? AND raised_at < ?";
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "report on help calls");
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->calls = sqlite3_column_int(st, 0);
		out->answered = sqlite3_column_int(st, 1);
		out->resolved = sqlite3_column_int(st, 2);
		/* Round the average to the nearest second. */
		out->average_wait_s = (int64_t)(sqlite3_column_double(st, 3) + 0.5);
		out->longest_wait_s = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(db, err, "report on help calls");
}
