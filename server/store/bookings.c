#include "store/bookings.h"

#include <string.h>
#include <time.h>

#include "core/booking.h"

#define BOOKING_COLUMNS                                                                            \
	"b.id, b.seat_id, coalesce(s.removed_name, s.name), b.starts_at, b.ends_at, "              \
	"coalesce(b.resident_id, 0), coalesce(r.login, ''), coalesce(r.name, ''), "                \
	"coalesce(b.occasion_id, 0), coalesce(c.name, ''), b.note, coalesce(b.created_by, 0), "    \
	"coalesce(nullif(st.display_name, ''), st.name, ''), b.created_at, "                       \
	"coalesce(b.cancelled_at, 0), coalesce(b.claimed_at, 0), coalesce(b.released_at, 0), "     \
	"coalesce(b.claimed_session_id, 0)"
#define BOOKING_FROM                                                                               \
	" FROM bookings b JOIN seats s ON s.id = b.seat_id "                                       \
	"LEFT JOIN residents r ON r.id = b.resident_id "                                           \
	"LEFT JOIN course_occasions o ON o.id = b.occasion_id "                                    \
	"LEFT JOIN courses c ON c.id = o.course_id "                                               \
	"LEFT JOIN staff st ON st.id = b.created_by "
/* A booking that still holds its PC for its span. */
#define BOOKING_LIVE " b.cancelled_at IS NULL AND b.released_at IS NULL "

static void read_row(sqlite3_stmt *st, void *row)
{
	store_booking *out = row;
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->seat_id = sqlite3_column_int64(st, 1);
	store_column_text(st, 2, out->seat, sizeof out->seat);
	out->starts_at = sqlite3_column_int64(st, 3);
	out->ends_at = sqlite3_column_int64(st, 4);
	out->resident_id = sqlite3_column_int64(st, 5);
	store_column_text(st, 6, out->login, sizeof out->login);
	store_column_text(st, 7, out->name, sizeof out->name);
	out->occasion_id = sqlite3_column_int64(st, 8);
	store_column_text(st, 9, out->course, sizeof out->course);
	store_column_text(st, 10, out->note, sizeof out->note);
	out->created_by = sqlite3_column_int64(st, 11);
	store_column_text(st, 12, out->created_by_name, sizeof out->created_by_name);
	out->created_at = sqlite3_column_int64(st, 13);
	out->cancelled_at = sqlite3_column_int64(st, 14);
	out->claimed_at = sqlite3_column_int64(st, 15);
	out->released_at = sqlite3_column_int64(st, 16);
	out->claimed_session_id = sqlite3_column_int64(st, 17);
	out->state = out->cancelled_at  ? STORE_BOOKING_CANCELLED
	             : out->claimed_at  ? STORE_BOOKING_CLAIMED
	             : out->released_at ? STORE_BOOKING_RELEASED
	                                : STORE_BOOKING_BOOKED;
}

int store_booking_by_id(store_db *db, int64_t id, store_booking *out, np_err *err)
{
	static const char sql[] = "SELECT " BOOKING_COLUMNS BOOKING_FROM "WHERE b.id = ?";
	return store_fetch_by_int(db, sql, id, read_row, out, "read a booking", err);
}

/* What a sentence about a booking names: its day, start and end. */
typedef struct span_words {
	char day[64], from[8], to[8];
} span_words;

/* The live booking that overlaps [starts_at, ends_at), other than
 * ignore_id, found by sql (its parameters: key, end, start, ignore_id),
 * into *row and *words: 1, 0 (none) or -1. */
static int find_overlap(store_db *db, const char *sql, int64_t key, int64_t starts_at,
                        int64_t ends_at, int64_t ignore_id, store_booking *row, span_words *words,
                        np_err *err)
{
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, key);
		sqlite3_bind_int64(st, 2, ends_at);
		sqlite3_bind_int64(st, 3, starts_at);
		sqlite3_bind_int64(st, 4, ignore_id);
	}
	int found = store_fetch_one(db, st, read_row, row, "look for an overlapping booking", err);
	if (found == 1) {
		booking_format_day((time_t)row->starts_at, words->day, sizeof words->day);
		booking_format_time(row->starts_at, row->starts_at, words->from,
		                    sizeof words->from);
		booking_format_time(row->ends_at, row->starts_at, words->to, sizeof words->to);
	}
	return found;
}

int store_booking_conflict(store_db *db, int64_t seat_id, int64_t starts_at, int64_t ends_at,
                           int64_t ignore_id, store_booking *out, np_err *err)
{
	static const char sql[] = "SELECT " BOOKING_COLUMNS BOOKING_FROM
	                          "WHERE b.seat_id = ? AND b.starts_at < ? AND b.ends_at > ? "
	                          "AND b.id <> ? AND" BOOKING_LIVE "ORDER BY b.starts_at LIMIT 1";
	store_booking row;
	span_words w;
	int found = find_overlap(db, sql, seat_id, starts_at, ends_at, ignore_id, &row, &w, err);
	if (found != 1)
		return found;
	if (out != NULL)
		*out = row;
	if (row.occasion_id != 0)
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		           N_("%s is already booked for the course %s on %s from %s to %s."),
		           row.seat, row.course, w.day, w.from, w.to);
	else
		np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		           N_("%s is already booked for %s on %s from %s to %s."), row.seat,
		           row.name[0] ? row.name : row.login, w.day, w.from, w.to);
	return 1;
}

int store_booking_resident_conflict(store_db *db, int64_t resident_id, int64_t starts_at,
                                    int64_t ends_at, int64_t ignore_id, store_booking *out,
                                    np_err *err)
{
	static const char sql[] = "SELECT " BOOKING_COLUMNS BOOKING_FROM
	                          "WHERE b.resident_id = ? AND b.starts_at < ? AND b.ends_at > ? "
	                          "AND b.id <> ? AND" BOOKING_LIVE "ORDER BY b.starts_at LIMIT 1";
	store_booking row;
	span_words w;
	int found =
	    find_overlap(db, sql, resident_id, starts_at, ends_at, ignore_id, &row, &w, err);
	if (found != 1)
		return found;
	if (out != NULL)
		*out = row;
	np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	           N_("%s already has a booking then: %s on %s from %s to %s."),
	           row.name[0] ? row.name : row.login, row.seat, w.day, w.from, w.to);
	return 1;
}

/* Whether the resident id may be booked: not a walk-in guest's account,
 * not erased. 0, or -1 with err. */
static int resident_bookable(store_db *db, int64_t id, np_err *err)
{
	static const char sql[] =
	    "SELECT login, guest, erased_at IS NOT NULL FROM residents WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st == NULL)
		return store_fail(db, err, "read the resident");
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	char login[64] = "";
	bool guest = false, erased = false;
	if (rc == SQLITE_ROW) {
		store_column_text(st, 0, login, sizeof login);
		guest = sqlite3_column_int(st, 1) != 0;
		erased = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(db, err, "read the resident");
	if (rc == SQLITE_DONE)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no such resident."));
	if (guest)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("%s is a walk-in guest's account; book for a resident's own "
		                     "account."),
		                  login);
	if (erased)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The account %s was erased; it cannot be booked."), login);
	return 0;
}

int store_booking_add(store_db *db, const store_booking_new *b, const int64_t *seat_ids,
                      size_t n_seats, int64_t now, int64_t *ids, np_err *err)
{
	if (n_seats == 0 || (b->resident_id == 0) == (b->occasion_id == 0))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A booking needs a PC and either a resident or a course "
		                     "occasion."));
	if (b->resident_id != 0 && resident_bookable(db, b->resident_id, err) != 0)
		return -1;
	for (size_t i = 0; i < n_seats; i++) {
		for (size_t j = 0; j < i; j++)
			if (seat_ids[j] == seat_ids[i])
				return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
				                  N_("A PC is named twice in the booking."));
		int busy =
		    store_booking_conflict(db, seat_ids[i], b->starts_at, b->ends_at, 0, NULL, err);
		if (busy != 0)
			return -1;
	}
	if (b->resident_id != 0 && store_booking_resident_conflict(db, b->resident_id, b->starts_at,
	                                                           b->ends_at, 0, NULL, err) != 0)
		return -1;
	static const char sql[] =
	    "INSERT INTO bookings (seat_id, starts_at, ends_at, resident_id, occasion_id, note, "
	    "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	for (size_t i = 0; i < n_seats; i++) {
		sqlite3_stmt *st = store_stmt(db, sql);
		if (st == NULL)
			return store_fail(db, err, "add the booking");
		sqlite3_bind_int64(st, 1, seat_ids[i]);
		sqlite3_bind_int64(st, 2, b->starts_at);
		sqlite3_bind_int64(st, 3, b->ends_at);
		if (b->resident_id != 0)
			sqlite3_bind_int64(st, 4, b->resident_id);
		else
			sqlite3_bind_null(st, 4);
		if (b->occasion_id != 0)
			sqlite3_bind_int64(st, 5, b->occasion_id);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_text(st, 6, b->note ? b->note : "", -1, SQLITE_TRANSIENT);
		if (b->created_by != 0)
			sqlite3_bind_int64(st, 7, b->created_by);
		else
			sqlite3_bind_null(st, 7);
		sqlite3_bind_int64(st, 8, now);
		int64_t id;
		if (store_insert(db, st, &id, "add the booking", err) != 0)
			return -1;
		if (ids != NULL)
			ids[i] = id;
	}
	return 0;
}

int store_booking_each(store_db *db, int64_t from, int64_t to, int64_t seat_id,
                       int (*each)(void *ctx, const store_booking *row), void *ctx, np_err *err)
{
	static const char sql[] =
	    "SELECT " BOOKING_COLUMNS BOOKING_FROM "WHERE b.starts_at < ? AND b.ends_at > ? "
	    "AND (? = 0 OR b.seat_id = ?) "
	    "ORDER BY b.starts_at, coalesce(s.removed_name, s.name), b.id";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, to);
		sqlite3_bind_int64(st, 2, from);
		sqlite3_bind_int64(st, 3, seat_id);
		sqlite3_bind_int64(st, 4, seat_id);
	}
	store_booking row;
	return store_fetch_each(db, st, read_row, &row, (int (*)(void *, const void *))each, ctx,
	                        "list the bookings", err);
}

int store_booking_changeable(const store_booking *b, int64_t now, np_err *err)
{
	char day[64], t[8];
	switch (b->state) {
	case STORE_BOOKING_CANCELLED:
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Booking %lld was cancelled already."), (long long)b->id);
	case STORE_BOOKING_CLAIMED:
		booking_format_time(b->claimed_at, b->claimed_at, t, sizeof t);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Booking %lld was claimed at %s (its resident logged in); it "
		                     "cannot be changed any more."),
		                  (long long)b->id, t);
	case STORE_BOOKING_RELEASED:
		booking_format_time(b->released_at, b->released_at, t, sizeof t);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Booking %lld was released at %s (nobody came); it cannot be "
		                     "changed any more."),
		                  (long long)b->id, t);
	case STORE_BOOKING_BOOKED:
		break;
	}
	if (b->ends_at <= now) {
		booking_format_day((time_t)b->ends_at - 1, day, sizeof day);
		booking_format_time(b->ends_at, b->starts_at, t, sizeof t);
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Booking %lld is over (it ended at %s on %s); it cannot be "
		                     "changed any more."),
		                  (long long)b->id, t, day);
	}
	return 0;
}

/* The booking id, refused with NOT_FOUND when there is none. */
static int find_booking(store_db *db, int64_t id, store_booking *out, np_err *err)
{
	int found = store_booking_by_id(db, id, out, err);
	if (found == 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no booking %lld."), (long long)id);
	return found == 1 ? 0 : -1;
}

int store_booking_cancel(store_db *db, int64_t id, int64_t staff_id, int64_t now,
                         store_booking *out, np_err *err)
{
	store_booking b;
	if (find_booking(db, id, &b, err) != 0 || store_booking_changeable(&b, now, err) != 0)
		return -1;
	static const char sql[] =
	    "UPDATE bookings SET cancelled_at = ?, cancelled_by = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, now);
		if (staff_id != 0)
			sqlite3_bind_int64(st, 2, staff_id);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_int64(st, 3, id);
	}
	if (store_step_done(db, st, "cancel the booking", err) != 0)
		return -1;
	if (out != NULL)
		*out = b;
	return 0;
}

int store_booking_move(store_db *db, int64_t id, int64_t seat_id, int64_t starts_at,
                       int64_t ends_at, int64_t now, store_booking *before, np_err *err)
{
	store_booking b;
	if (find_booking(db, id, &b, err) != 0 || store_booking_changeable(&b, now, err) != 0)
		return -1;
	if (store_booking_conflict(db, seat_id, starts_at, ends_at, id, NULL, err) != 0)
		return -1;
	if (b.resident_id != 0 && store_booking_resident_conflict(db, b.resident_id, starts_at,
	                                                          ends_at, id, NULL, err) != 0)
		return -1;
	static const char sql[] =
	    "UPDATE bookings SET seat_id = ?, starts_at = ?, ends_at = ? WHERE id = ?";
	sqlite3_stmt *st = store_stmt(db, sql);
	if (st != NULL) {
		sqlite3_bind_int64(st, 1, seat_id);
		sqlite3_bind_int64(st, 2, starts_at);
		sqlite3_bind_int64(st, 3, ends_at);
		sqlite3_bind_int64(st, 4, id);
	}
	if (store_step_done(db, st, "move the booking", err) != 0)
		return -1;
	if (before != NULL)
		*before = b;
	return 0;
}
