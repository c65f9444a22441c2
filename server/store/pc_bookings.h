/* Bookings as a booked PC meets them (issue 13): the seat's next live
 * booking for its login screen and its logins, claims, the release of
 * bookings nobody came for, and what a course occasion's login records
 * (enrolment, the session's occasion, attendance). The bookings themselves
 * are made by store/bookings.c and store/courses.c. */
#ifndef NETPONT_STORE_PC_BOOKINGS_H
#define NETPONT_STORE_PC_BOOKINGS_H

#include "store/db.h"

/* A live booking: neither cancelled nor released, not ended, and for an
 * occasion neither the occasion nor its course cancelled. */
typedef struct store_pc_booking {
	int64_t id;
	int64_t seat_id;
	int64_t starts_at;
	int64_t ends_at;
	int64_t resident_id; /* a resident's booking; 0 for a course's */
	int64_t occasion_id; /* a course occasion's booking; 0 for a resident's */
	int64_t course_id;
	int64_t course_fee;         /* courses.fee, per occasion, before the category share */
	int64_t claimed_session_id; /* 0: not claimed */
	char reserved_for[128];     /* the resident's or the course's name */
} store_pc_booking;

/* The seat's first live booking that has not ended by now (running or
 * ahead), if it starts before `before`. Returns 1 (*out filled), 0 or -1. */
int store_pc_booking_next(store_db *db, int64_t seat_id, int64_t now, int64_t before,
                          store_pc_booking *out, np_err *err);

/* Marks the booking claimed by session_id at `at`. Returns 0 or -1. */
int store_pc_booking_claim(store_db *db, int64_t booking_id, int64_t session_id, int64_t at,
                           np_err *err);

/* Releases (released_at = now) up to max resident bookings nobody claimed
 * within release_s of their start, and copies their seat ids into
 * seat_ids. release_s 0: never. Returns the number released or -1. */
int store_pc_booking_release_due(store_db *db, int64_t now, int64_t release_s, int64_t *seat_ids,
                                 int max, np_err *err);

/* The next moment a booking needs the server's timer after now: the
 * release of an unclaimed resident booking (release_s > 0), or the end of a
 * live booking (its PC's notice moves on). 0: none. */
int64_t store_pc_booking_next_deadline(store_db *db, int64_t now, int64_t release_s);

/* Copies into seat_ids up to max seats with a live booking that ended
 * within [from, to) (their notice moves on). Returns the count or -1. */
int store_pc_booking_ended_seats(store_db *db, int64_t from, int64_t to, int64_t *seat_ids, int max,
                                 np_err *err);

/* Whether the resident is enrolled (not left) in the course. 1, 0 or -1. */
int store_pc_enrolled(store_db *db, int64_t course_id, int64_t resident_id, np_err *err);

/* Marks the session as the occasion's. Returns 0 or -1. */
int store_pc_session_set_occasion(store_db *db, int64_t session_id, int64_t occasion_id,
                                  np_err *err);

/* The occasion of a session (0: none; also on a read error). */
int64_t store_pc_session_occasion(store_db *db, int64_t session_id);

/* The course's name of an occasion's session into buf ("" for none). */
void store_pc_session_course(store_db *db, int64_t session_id, char *buf, size_t n);

/* Records the resident present at the occasion from a login (source
 * 'login'), unless a row is already there (a tutor's row is never
 * overridden). session_id 0: none. Returns 0 or -1. */
int store_pc_attendance_login(store_db *db, int64_t occasion_id, int64_t resident_id,
                              int64_t session_id, int64_t at, np_err *err);

/* Whether a live booking of the seat starts exactly at `at` and belongs to
 * someone other than the session's resident and occasion: what cut the
 * session short (SessionInfo.booked_from). 1, 0 or -1. */
int store_pc_booking_starts_at(store_db *db, int64_t seat_id, int64_t at, int64_t resident_id,
                               int64_t occasion_id, np_err *err);

#endif
