#include "store/usage.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/directory.h"

/* Binds the period [?1, ?2) and now (?3; a statement without ?3 ignores
 * it). */
static void bind_period(sqlite3_stmt *st, int64_t start, int64_t end, int64_t now)
{
	sqlite3_bind_int64(st, 1, start);
	sqlite3_bind_int64(st, 2, end);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, now);
}

/* The group of category name in out->categories, NULL when not listed. */
static store_usage_group *category_group(store_usage *out, const char *name)
{
	for (size_t i = 0; i < out->n_categories; i++)
		if (strcmp(out->categories[i].key, name) == 0)
			return &out->categories[i];
	return NULL;
}

static int list_categories(store_db *db, store_usage *out, np_err *err)
{
	static const char sql[] =
	    "SELECT name, coalesce(nullif(label, ''), name) FROM categories ORDER BY name";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the fee categories");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n_categories < STORE_USAGE_MAX_ROWS) {
		store_usage_group *g = &out->categories[out->n_categories++];
		store_column_text(st, 0, g->key, sizeof g->key);
		store_column_text(st, 1, g->label, sizeof g->label);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	           ? 0
	           : store_fail(db, err, "read the fee categories");
}

/* Adds one session (and, when first of its resident, the person) to g. */
static void count_session(store_usage_group *g, bool guest, bool first, int64_t seconds)
{
	if (g == NULL)
		return;
	g->sessions++;
	g->pc_seconds += seconds;
	if (first) {
		if (guest)
			g->guests++;
		else
			g->residents++;
	}
}

/* The sessions started in the period, by resident (so each person is
 * counted once, at their first session). */
static int count_sessions(store_db *db, int64_t start, int64_t end, int year, int64_t now,
                          store_usage *out, np_err *err)
{
	static const char sql[] =
	    "SELECT r.id, r.guest OR s.guest, c.name, coalesce(r.birth_year, 0), "
	    "  max(0, coalesce(s.ended_at, min(s.ends_at, ?3)) - s.started_at) "
	    "FROM sessions s JOIN residents r ON r.id = s.resident_id "
	    "JOIN categories c ON c.id = r.category_id "
	    "WHERE s.started_at >= ?1 AND s.started_at < ?2 ORDER BY r.id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "count the sessions");
	bind_period(st, start, end, now);
	int rc;
	int64_t last = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		bool guest = sqlite3_column_int(st, 1) != 0;
		char category[33];
		store_column_text(st, 2, category, sizeof category);
		int birth_year = guest ? 0 : sqlite3_column_int(st, 3);
		int64_t seconds = sqlite3_column_int64(st, 4);
		bool first = id != last;
		last = id;
		usage_band band = usage_age_band(birth_year, year);
		count_session(&out->total, guest, first, seconds);
		count_session(category_group(out, category), guest, first, seconds);
		count_session(&out->ages[band], guest, first, seconds);
		if (first && !guest && band == USAGE_BAND_UNKNOWN)
			out->birth_year_unknown++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, "count the sessions");
}

static int count_new_residents(store_db *db, int64_t start, int64_t end, int year, store_usage *out,
                               np_err *err)
{
	static const char sql[] = "SELECT c.name, coalesce(r.birth_year, 0) FROM residents r "
	                          "JOIN categories c ON c.id = r.category_id "
	                          "WHERE r.guest = 0 AND r.created_at >= ?1 AND r.created_at < ?2";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "count the new residents");
	bind_period(st, start, end, 0);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char category[33];
		store_column_text(st, 0, category, sizeof category);
		store_usage_group *g = category_group(out, category);
		out->total.new_residents++;
		if (g != NULL)
			g->new_residents++;
		out->ages[usage_age_band(sqlite3_column_int(st, 1), year)].new_residents++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(db, err, "count the new residents");
}

/* Runs st (bound ?1 start, ?2 end, ?3 now) whose rows are (key, label,
 * count) into items. */
static int read_items(store_db *db, sqlite3_stmt *st, int64_t start, int64_t end, int64_t now,
                      store_usage_item *items, size_t *n, int64_t *sum, const char *what,
                      np_err *err)
{
	if (st == NULL)
		return store_fail(db, err, what);
	bind_period(st, start, end, now);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < STORE_USAGE_MAX_ROWS) {
		store_usage_item *it = &items[(*n)++];
		store_column_text(st, 0, it->key, sizeof it->key);
		store_column_text(st, 1, it->label, sizeof it->label);
		it->count = sqlite3_column_int64(st, 2);
		if (sum != NULL)
			*sum += it->count;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(db, err, what);
}

/* Office services: those whose tariff is per unit (per_minutes 0); a
 * reversal deducts the reversed charge's quantity. */
static const char items_sql[] =
    "SELECT t.service, t.label, sum(u.qty) FROM "
    "  (SELECT CASE WHEN l.kind = 'reversal' THEN o.service ELSE l.service END AS service, "
    "          CASE WHEN l.kind = 'reversal' THEN -o.qty ELSE l.qty END AS qty "
    "   FROM ledger l LEFT JOIN ledger o ON o.id = l.reverses_id "
    "   WHERE l.at >= ?1 AND l.at < ?2 "
    "     AND (l.kind = 'charge' OR (l.kind = 'reversal' AND o.kind = 'charge'))) AS u "
    "JOIN tariffs t ON t.service = u.service AND t.per_minutes = 0 "
    "GROUP BY t.service ORDER BY t.service";

static const char topics_sql[] =
    "SELECT coalesce(topic, ''), '', count(*) FROM help_calls "
    "WHERE raised_at >= ?1 AND raised_at < ?2 AND resolved_by IS NOT NULL "
    "GROUP BY 1 ORDER BY 1 = '', 1";

/* Each activity's seconds inside [?1, ?2); a period still open runs until
 * ?3 (now). */
static const char volunteer_sql[] =
    "SELECT activity, '', sum(max(0, min(coalesce(ended_at, ?3), ?2) - max(started_at, ?1))) "
    "FROM volunteer_periods WHERE removed_at IS NULL AND started_at < ?2 "
    "AND coalesce(ended_at, ?3) > ?1 GROUP BY activity ORDER BY activity";

static int cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int count_help(store_db *db, int64_t start, int64_t end, store_usage *out, np_err *err)
{
	static const char counts_sql[] =
	    "SELECT count(*), count(acknowledged_at), "
	    "  coalesce(sum(resolved_by IS NOT NULL), 0) FROM help_calls "
	    "WHERE raised_at >= ?1 AND raised_at < ?2";
	static const char waits_sql[] =
	    "SELECT max(0, acknowledged_at - raised_at) FROM help_calls "
	    "WHERE raised_at >= ?1 AND raised_at < ?2 AND acknowledged_at IS NOT NULL ORDER BY 1";
	sqlite3_stmt *st = store_stmt(db, counts_sql);
	if (st == NULL)
		return store_fail(db, err, "count the help calls");
	bind_period(st, start, end, 0);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->help_calls = sqlite3_column_int64(st, 0);
		out->help_answered = sqlite3_column_int64(st, 1);
		out->help_resolved = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (out->help_answered == 0)
		return 0;
	/* The waits, sorted, for the median: one number per answered call. */
	int64_t *waits = calloc((size_t)out->help_answered, sizeof *waits);
	if (waits == NULL)
		return np_err_no_memory(err);
	st = store_stmt(db, waits_sql);
	if (st == NULL) {
		free(waits);
		return store_fail(db, err, "read the help calls' waits");
	}
	bind_period(st, start, end, 0);
	size_t n = 0;
	int64_t sum = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)out->help_answered) {
		waits[n] = sqlite3_column_int64(st, 0);
		sum += waits[n++];
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(waits);
		return store_fail(db, err, "read the help calls' waits");
	}
	qsort(waits, n, sizeof *waits, cmp_int64);
	out->help_median_wait_s = usage_median(waits, n);
	out->help_average_wait_s = n > 0 ? sum / (int64_t)n : 0;
	free(waits);
	return 0;
}

static int count_courses(store_db *db, int64_t start, int64_t end, int64_t now, store_usage *out,
                         np_err *err)
{
	static const char occasions_sql[] =
	    "SELECT count(*) FROM course_occasions WHERE cancelled_at IS NULL "
	    "AND starts_at >= ?1 AND starts_at < ?2 AND starts_at <= ?3";
	static const char attendance_sql[] =
	    "SELECT count(*), count(DISTINCT a.resident_id) FROM course_attendance a "
	    "JOIN course_occasions o ON o.id = a.occasion_id WHERE a.present = 1 "
	    "AND o.cancelled_at IS NULL AND o.starts_at >= ?1 AND o.starts_at < ?2 "
	    "AND o.starts_at <= ?3";
	sqlite3_stmt *st = store_stmt(db, occasions_sql);
	if (st == NULL)
		return store_fail(db, err, "count the course occasions");
	bind_period(st, start, end, now);
	out->occasions = store_step_int(st, 0);
	st = store_stmt(db, attendance_sql);
	if (st == NULL)
		return store_fail(db, err, "count the attendance");
	bind_period(st, start, end, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->attendances = sqlite3_column_int64(st, 0);
		out->participants = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(db, err, "count the attendance");
}

/* The directory's uses on the local days from start's to the one before
 * end's (the period ends at a local midnight). */
static int count_directory(store_db *db, int64_t start, int64_t end, store_usage *out, np_err *err)
{
	char from[16], to[16];
	time_t t = (time_t)start;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(from, sizeof from, "%Y-%m-%d", &tm);
	t = (time_t)end;
	localtime_r(&t, &tm);
	strftime(to, sizeof to, "%Y-%m-%d", &tm);
	return store_directory_usage(db, from, to, out->directory, err);
}

int store_usage_period(store_db *db, int64_t start, int64_t end, int year, int64_t now,
                       store_usage *out, np_err *err)
{
	memset(out, 0, sizeof *out);
	for (int b = 0; b < USAGE_BAND_COUNT; b++)
		snprintf(out->ages[b].key, sizeof out->ages[b].key, "%s",
		         usage_band_key((usage_band)b));
	if (list_categories(db, out, err) != 0 ||
	    count_sessions(db, start, end, year, now, out, err) != 0 ||
	    count_new_residents(db, start, end, year, out, err) != 0 ||
	    read_items(db, store_stmt(db, items_sql), start, end, now, out->items, &out->n_items,
	               NULL, "count the office services", err) != 0 ||
	    count_help(db, start, end, out, err) != 0 ||
	    read_items(db, store_stmt(db, topics_sql), start, end, now, out->help_topics,
	               &out->n_help_topics, NULL, "count the help calls by topic", err) != 0 ||
	    count_courses(db, start, end, now, out, err) != 0 ||
	    read_items(db, store_stmt(db, volunteer_sql), start, end, now, out->volunteer,
	               &out->n_volunteer, &out->volunteer_seconds, "count the volunteer hours",
	               err) != 0 ||
	    count_directory(db, start, end, out, err) != 0)
		return -1;
	return 0;
}
