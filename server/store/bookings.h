/* Bookings of PCs (table bookings, schema-v12.sql): a PC held for a time
 * span, for one resident or for a course occasion (occasion_id set). A
 * booking is booked until it is claimed (the resident logged in at it),
 * released (nobody came) or cancelled; cancelled and released ones hold
 * nothing any more.
 *
 * Every writer of bookings (the staff's requests, the courses' occasions,
 * the PC side's claims) checks a span with store_booking_conflict(), the
 * one rule of what overlaps: two live bookings of one PC never share a
 * minute. The refusals are sentences naming the other booking ("PC-03 is
 * already booked for Kovács Mária on Tuesday 8 December from 10:00 to
 * 11:00."), translated like every refusal (core/np_error.h). */
#ifndef NETPONT_STORE_BOOKINGS_H
#define NETPONT_STORE_BOOKINGS_H

#include "store/db.h"

typedef enum store_booking_state {
	STORE_BOOKING_BOOKED = 1,    /* waiting for its resident or course */
	STORE_BOOKING_CLAIMED = 2,   /* the resident logged in at it */
	STORE_BOOKING_RELEASED = 3,  /* nobody came within booking_release_min */
	STORE_BOOKING_CANCELLED = 4, /* a mentor or admin cancelled it */
} store_booking_state;

/* One booking as people read it: the PC's name, whom it is for, who made
 * it. */
typedef struct store_booking {
	int64_t id;
	int64_t seat_id;
	char seat[64]; /* the PC's name (the one it had, if removed since) */
	int64_t starts_at, ends_at;
	int64_t resident_id; /* 0 for a course occasion's booking */
	char login[64];      /* the resident's; "" for a course */
	char name[128];      /* the resident's name; "" for a course */
	int64_t occasion_id; /* 0 for a resident's booking */
	char course[128];    /* the occasion's course name; "" for a resident */
	char note[256];
	int64_t created_by;       /* staff id; 0: none */
	char created_by_name[64]; /* the staff's display name, else account name */
	int64_t created_at;
	store_booking_state state;
	int64_t cancelled_at, claimed_at, released_at; /* 0: not (yet) */
	int64_t claimed_session_id;                    /* 0: not claimed */
} store_booking;

/* What a new booking holds besides its PC: exactly one of resident_id and
 * occasion_id is set (the table's CHECK). */
typedef struct store_booking_new {
	int64_t starts_at, ends_at;
	int64_t resident_id; /* 0 for a course occasion's */
	int64_t occasion_id; /* 0 for a resident's */
	const char *note;    /* at most 200 bytes; NULL is "" */
	int64_t created_by;  /* staff id; 0: none */
} store_booking_new;

/* Returns 1 and fills *out when found, 0 when not, -1 on error (err set). */
int store_booking_by_id(store_db *db, int64_t id, store_booking *out, np_err *err);

/* THE conflict check of bookings: whether a live booking (not cancelled,
 * not released) of seat_id overlaps [starts_at, ends_at), other than
 * ignore_id (0: none; a move ignores the booking it moves). Returns 0 when
 * the span is free; 1 when it is not, with *out (may be NULL) the earliest
 * such booking and err CONFLICT: "PC-03 is already booked for Kovács Mária
 * on Tuesday 8 December from 10:00 to 11:00." (or "for the course ...");
 * -1 on a store error (err set). */
int store_booking_conflict(store_db *db, int64_t seat_id, int64_t starts_at, int64_t ends_at,
                           int64_t ignore_id, store_booking *out, np_err *err);

/* The same for a resident: whether they hold a live booking, on any PC,
 * that overlaps the span (one person sits at one PC), other than ignore_id.
 * 0 free; 1 with *out (may be NULL) and err CONFLICT ("Kovács Mária
 * already has a booking then: PC-04 on Tuesday 8 December from 10:00 to
 * 11:00."); -1 on a store error. */
int store_booking_resident_conflict(store_db *db, int64_t resident_id, int64_t starts_at,
                                    int64_t ends_at, int64_t ignore_id, store_booking *out,
                                    np_err *err);

/* Books the n_seats PCs seat_ids (n_seats >= 1, no PC twice) for b's span,
 * all or nothing: every PC is checked with store_booking_conflict() and,
 * for a resident, the resident with store_booking_resident_conflict()
 * before the first row is written (and a resident who is a walk-in
 * guest's account or erased is refused), so a refusal writes nothing (a store
 * error half-way is rolled back by the request's transaction, as always).
 * ids (n_seats entries, may be NULL) receive the new rows' ids in order.
 * Whether the PCs exist, work and the span suits the hours is the caller's
 * to check first (gateway_bookings.c, core/booking.h). Returns 0, or -1
 * with err (CONFLICT naming the other booking, BAD_REQUEST for a PC named
 * twice, INTERNAL). */
int store_booking_add(store_db *db, const store_booking_new *b, const int64_t *seat_ids,
                      size_t n_seats, int64_t now, int64_t *ids, np_err *err);

/* Calls each(ctx, row) for every booking (in any state) that overlaps
 * [from, to), of seat_id only when it is not 0, in the order of their
 * start and PC name, until each returns non-zero. each must not use the
 * store. Returns 0 or -1 with err. */
int store_booking_each(store_db *db, int64_t from, int64_t to, int64_t seat_id,
                       int (*each)(void *ctx, const store_booking *row), void *ctx, np_err *err);

/* Whether b may still be cancelled or moved at now: it is booked (not
 * claimed, released or cancelled) and not over (ends after now). Returns 0,
 * or -1 with CONFLICT and a sentence saying why not. */
int store_booking_changeable(const store_booking *b, int64_t now, np_err *err);

/* Cancels booking id at now by staff_id (0: nobody named) after
 * store_booking_changeable(). Returns 0, or -1 with err (NOT_FOUND,
 * CONFLICT, INTERNAL); *out (may be NULL) receives the booking as it was
 * before. */
int store_booking_cancel(store_db *db, int64_t id, int64_t staff_id, int64_t now,
                         store_booking *out, np_err *err);

/* Moves booking id to seat_id and [starts_at, ends_at) after
 * store_booking_changeable() and the two conflict checks (ignoring the
 * booking itself). Returns 0, or -1 with err (NOT_FOUND, CONFLICT,
 * INTERNAL); *before (may be NULL) receives the booking as it was. */
int store_booking_move(store_db *db, int64_t id, int64_t seat_id, int64_t starts_at,
                       int64_t ends_at, int64_t now, store_booking *before, np_err *err);

#endif
