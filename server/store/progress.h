/* A resident's progress: mentors' notes (table resident_notes), what came
 * of a help call (help_calls.outcome), and the progress log that puts the
 * resolved calls and the notes together, newest first. Staff only: nothing
 * here is ever sent to a PC. */
#ifndef NETPONT_STORE_PROGRESS_H
#define NETPONT_STORE_PROGRESS_H

#include "store/db.h"

/* The longest note and outcome, in characters (the schema's CHECKs). */
#define STORE_NOTE_MAX_CHARS    1000
#define STORE_OUTCOME_MAX_CHARS 200

typedef struct store_note {
	int64_t id;
	int64_t resident_id;
	char login[64];
	char text[4 * STORE_NOTE_MAX_CHARS + 1]; /* "" once removed */
	char staff[64];                          /* who wrote it; "" = unknown */
	char staff_display[64];                  /* the display name, else the name */
	int64_t created_at;
	int64_t removed_at; /* 0 = not removed */
} store_note;

/* One line of the progress log. */
typedef struct store_progress {
	char kind[8]; /* "help" or "note" */
	int64_t id;   /* the help call's or the note's */
	int64_t at;   /* resolved_at or created_at */
	char staff[64];
	char staff_display[64];
	char topic[16];                                /* help only; "" = not said */
	char outcome[4 * STORE_OUTCOME_MAX_CHARS + 1]; /* help only; "" = not said */
	char text[4 * STORE_NOTE_MAX_CHARS + 1];       /* help: the call's text; note: its text */
	char seat[64];                                 /* help only */
} store_progress;

/* Writes a note on resident_id by staff_id (0 = nobody) at now; *id is the
 * new note's. The caller checked the text (1-1000 characters). Returns 0
 * or -1. */
int store_note_add(store_db *db, int64_t resident_id, int64_t staff_id, const char *text,
                   int64_t now, int64_t *id, np_err *err);
/* Returns 1 and fills *out, 0 when there is no note id, -1 on error. */
int store_note_get(store_db *db, int64_t id, store_note *out, np_err *err);
/* Blanks note id's text and sets removed_at = now, unless already removed.
 * Returns 0 or -1. */
int store_note_remove(store_db *db, int64_t id, int64_t now, np_err *err);
/* Calls each(ctx, note) for resident_id's notes, newest first, removed ones
 * too when include_removed, at most max. Returns 0 or -1. */
int store_note_each(store_db *db, int64_t resident_id, bool include_removed, int max,
                    int (*each)(void *ctx, const store_note *note), void *ctx, np_err *err);

/* Sets what came of help call id; NULL or "" clears it. The caller checked
 * its length. Returns 0 or -1. */
int store_help_set_outcome(store_db *db, int64_t id, const char *outcome, np_err *err);

/* Calls each(ctx, line) for resident_id's progress log, newest first: the
 * help calls a mentor resolved (not those closed by nobody) and the notes
 * not removed; at most max lines. Returns 0 or -1. */
int store_progress_each(store_db *db, int64_t resident_id, int max,
                        int (*each)(void *ctx, const store_progress *line), void *ctx, np_err *err);

#endif
