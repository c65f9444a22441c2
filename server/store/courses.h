/* Courses (schema-v12.sql): a course with its tutor and fee, the residents
 * enrolled, its occasions with their PCs' bookings, and who came to each
 * occasion. A course and its occasions' bookings are made in one step that
 * either makes all of them or none (store_course_create()). */
#ifndef NETPONT_STORE_COURSES_H
#define NETPONT_STORE_COURSES_H

#include "store/db.h"

typedef struct store_course {
	int64_t id;
	char name[128];
	int64_t tutor_id;       /* 0: no tutor */
	char tutor[64];         /* the tutor's staff name, joined */
	char tutor_display[64]; /* the tutor's display name, joined ("" = none) */
	int64_t fee;            /* per occasion, minor units */
	char note[512];
	int64_t created_at;
	int64_t cancelled_at; /* 0 while the course runs */
	int participants;     /* enrolled now */
	int occasions;        /* not cancelled */
	int64_t first_at;     /* the first and last occasion not cancelled; 0 none */
	int64_t last_at;
	int64_t last_ends_at; /* when the last occasion not cancelled ends; 0 none */
} store_course;

typedef struct store_course_occasion {
	int64_t id;
	int64_t course_id;
	int64_t starts_at, ends_at;
	int64_t cancelled_at; /* 0 unless cancelled */
	int present;          /* attendance rows with present = 1 */
} store_course_occasion;

typedef struct store_course_participant {
	int64_t resident_id;
	char login[64];
	char name[128];
	int64_t enrolled_at;
	int64_t left_at; /* 0 while enrolled */
} store_course_participant;

typedef struct store_course_attendee {
	int64_t resident_id;
	char login[64];
	char name[128];
	bool present;
	char source[8]; /* "login" or "tutor" */
	int64_t recorded_at;
} store_course_attendee;

/* A new course as the caller checked it: name 1..120 bytes, note at most
 * 500, fee >= 0; tutor_id and created_by 0 for none. */
typedef struct store_course_new {
	const char *name;
	int64_t tutor_id;
	int64_t fee;
	const char *note;
	int64_t created_by;
} store_course_new;

/* Makes the course, its n_occasions occasions ([starts_at, ends_at) pairs
 * as the caller checked them against the hours) and, for each occasion, a
 * booking of each of the n_seats seats (store_booking_add(), whose conflict
 * check is the one of every booking), at now. Either all of it is made or
 * none: when a seat is booked already at an occasion, nothing is written
 * and err says which booking is in the way (CONFLICT). Returns 0 (*id is
 * the course) or -1 (err set; nothing written). Uses a savepoint of its own
 * inside the caller's transaction. */
int store_course_create(store_db *db, const store_course_new *c, const int64_t (*occasions)[2],
                        size_t n_occasions, const int64_t *seat_ids, size_t n_seats, int64_t now,
                        int64_t *id, np_err *err);

/* Returns 1 and fills *out, 0 when there is no such course, -1 (err). */
int store_course_by_id(store_db *db, int64_t id, store_course *out, np_err *err);

/* Calls each(ctx, row) for the courses in order of their first occasion:
 * with all, every course; else those not cancelled whose last occasion
 * ends after now. Stops when each returns non-zero. Returns 0 or -1. */
int store_course_each(store_db *db, bool all, int64_t now,
                      int (*each)(void *ctx, const store_course *row), void *ctx, np_err *err);

/* The names of the seats booked for the course's occasions (also
 * cancelled ones), in name order, each(ctx, name). Returns 0 or -1. */
int store_course_seat_each(store_db *db, int64_t course_id,
                           int (*each)(void *ctx, const char *seat), void *ctx, np_err *err);

/* The course's occasions in time order, cancelled ones too. */
int store_course_occasion_each(store_db *db, int64_t course_id,
                               int (*each)(void *ctx, const store_course_occasion *row), void *ctx,
                               np_err *err);
int store_course_occasion_by_id(store_db *db, int64_t id, store_course_occasion *out, np_err *err);

/* The participants (also those who left) in name order. */
int store_course_participant_each(store_db *db, int64_t course_id,
                                  int (*each)(void *ctx, const store_course_participant *row),
                                  void *ctx, np_err *err);
/* The resident's enrolment in the course: 1 and *out, 0 when never
 * enrolled, -1 (err). */
int store_course_enrolment(store_db *db, int64_t course_id, int64_t resident_id,
                           store_course_participant *out, np_err *err);
/* Enrols the resident (again, after leaving: the left_at is cleared). */
int store_course_enrol(store_db *db, int64_t course_id, int64_t resident_id, int64_t by,
                       int64_t now, np_err *err);
/* Records that the resident left the course at now. */
int store_course_leave(store_db *db, int64_t course_id, int64_t resident_id, int64_t now,
                       np_err *err);
/* 1 when the resident's personal data was erased, 0 when not, -1 (err). */
int store_course_resident_erased(store_db *db, int64_t resident_id, np_err *err);

/* The occasion's attendance rows in name order. */
int store_course_attendance_each(store_db *db, int64_t occasion_id,
                                 int (*each)(void *ctx, const store_course_attendee *row),
                                 void *ctx, np_err *err);
/* The tutor's word on who came: present 0 or 1, source 'tutor', by staff
 * `by` at now; it replaces a row from a login (whose session it keeps). */
int store_course_attendance_set(store_db *db, int64_t occasion_id, int64_t resident_id,
                                bool present, int64_t by, int64_t now, np_err *err);

/* Cancels the occasion and its bookings still standing (neither cancelled
 * nor released) at now by staff `by`, calling seat(ctx, seat_id) for each
 * seat whose booking it cancelled. Returns the number of bookings
 * cancelled, or -1 (err). */
int store_course_occasion_cancel(store_db *db, int64_t occasion_id, int64_t by, int64_t now,
                                 void (*seat)(void *ctx, int64_t seat_id), void *ctx, np_err *err);

/* Cancels the course at now: its occasions that start after now and their
 * bookings (as store_course_occasion_cancel()); *occasions and *bookings
 * receive the counts. Returns 0 or -1 (err). */
int store_course_cancel(store_db *db, int64_t course_id, int64_t by, int64_t now,
                        void (*seat)(void *ctx, int64_t seat_id), void *ctx, int *occasions,
                        int *bookings, np_err *err);

#endif
