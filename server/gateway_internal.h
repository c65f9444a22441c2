/* Shared internals of the gateway modules. gateway.c runs a call (begin,
 * work, finish), the Hello, the transaction and expiry, and dispatches over
 * the route tables of the handler files: gateway_room.c (pings, seats,
 * sessions, agents, help), gateway_admin.c (staff, residents, settings,
 * reports) and gateway_money.c (the money module's requests). The helpers
 * every one of them uses (arena, events, builders, lookups, text checks)
 * live in gateway_internal.c; no handler file calls another. Not for use
 * outside server/gateway*.c. */
#ifndef NETPONT_GATEWAY_INTERNAL_H
#define NETPONT_GATEWAY_INTERNAL_H

#include <pthread.h>
#include <sodium.h>

#include "common/np_join_code.h"
#include "core/np_error.h"
#include "core/held.h"
#include "core/rules.h"
#include "gateway.h"
#include "store/residents.h"
#include "store/seats.h"
#include "store/sessions.h"
#include "store/help.h"
#include "store/ledger.h"
#include "store/pc_bookings.h"
#include "store/reports.h"

/* A bump allocator for one request's reply and events: protobuf-c messages
 * are built from arena memory and everything is freed at once. */
typedef struct gw_arena_chunk gw_arena_chunk;
typedef struct gw_arena {
	gw_arena_chunk *head;
	bool failed; /* an allocation failed: the request reports INTERNAL */
} gw_arena;

/* Zeroed memory valid until the arena is freed; never NULL (a static
 * scratch block is returned on failure and arena->failed is set). */
void *gw_alloc(gw_arena *a, size_t size);
/* A copy of s in the arena; "" (static) when the arena is out of memory. */
char *gw_strdup(gw_arena *a, const char *s);
/* Frees every block of the arena; the arena is empty afterwards. */
void gw_arena_free(gw_arena *a);
/* Allocates and protobuf-initialises one message of type T with init fn. */
#define GW_NEW(a, T, init)                                                                         \
	({                                                                                         \
		T *p_ = gw_alloc((a), sizeof(T));                                                  \
		init(p_);                                                                          \
		p_;                                                                                \
	})

typedef enum gw_work_kind {
	GW_WORK_NONE = 0,
	GW_WORK_HASH,   /* hash call->secret into call->hash */
	GW_WORK_VERIFY, /* check call->secret against call->hash */
	/* SeatAdd: call->secret (the new token) into call->hash with the
	 * server's key (gw_token_hash()). */
	GW_WORK_TOKEN_HASH,
	/* An agent's Hello: call->secret against call->hash, which is keyed
	 * BLAKE2b or, for a seat enrolled before migration 2, Argon2id. */
	GW_WORK_TOKEN_VERIFY,
	/* BackupStart: the online backup of the database into call->backup's
	 * file (gateway_backup.c). */
	GW_WORK_BACKUP,
	/* ReportTotals: the totals, on the gateway's read-only connection, into
	 * call->report (gateway_report.c). */
	GW_WORK_REPORT,
	/* ReportUsage: the usage report, on the same read-only connection,
	 * into call->usage (gateway_usage.c). */
	GW_WORK_USAGE,
} gw_work_kind;

typedef struct gw_backup_job gw_backup_job; /* gateway_backup.c */
typedef struct gw_report_job gw_report_job; /* gateway_report.c */
typedef struct gw_usage_job gw_usage_job;   /* gateway_usage.c */

/* The one backup file the gateway holds at a time (gateway_backup.c). */
typedef enum gw_backup_state {
	GW_BACKUP_NONE = 0,
	GW_BACKUP_TAKING, /* a BackupStart's work is copying the database */
	GW_BACKUP_READY,  /* the copy waits for its BackupChunk requests */
} gw_backup_state;

typedef struct gw_backup {
	gw_backup_state state;
	char path[1100]; /* DB-backup.tmp, beside the database */
	uint64_t id;     /* random; BackupChunk names it */
	int64_t staff_id;
	int64_t size;
	int64_t touched_at; /* the last request about it */
} gw_backup;

struct gw_call {
	gw_peer peer;
	Netpont__Envelope *req; /* owned */
	np_err err;             /* a refusal found by gateway_begin() */
	gw_work_kind work;
	bool pwhash_min;
	char secret[160]; /* wiped when the call is freed */
	char hash[128];
	bool work_ok;       /* hash made / secret verified */
	bool decoy;         /* unknown user: hash for the time it takes, then refuse */
	bool disabled;      /* the decoy is for a disabled account (for the log) */
	int64_t subject_id; /* the row gateway_begin() looked up */
	char token[80];     /* SeatAdd: the new token (shown once) */
	/* SeatAdd, SeatRenew, SeatInvite: the new join code's secret (shown
	 * once, as part of the code); wiped with the call. */
	char join_secret[NP_JOIN_SECRET_SIZE];
	/* Seat tokens: a copy of the gateway's key, wiped with the call. */
	unsigned char token_key[32];
	/* GW_WORK_BACKUP: the job, owned; it holds the gateway's backup slot
	 * until gateway_finish() hands the copy over (gateway_backup.c). */
	gw_backup_job *backup;
	/* GW_WORK_REPORT: the report's range and, after the work, its rows;
	 * owned (gateway_report.c). */
	gw_report_job *report;
	/* GW_WORK_USAGE: the usage report's periods and counts; owned
	 * (gateway_usage.c). */
	gw_usage_job *usage;
};

/* An encoded event waiting for COMMIT. */
typedef struct gw_event {
	struct gw_event *next;
	int64_t seat_id; /* 0: to every staff connection */
	size_t len;
	uint8_t frame[];
} gw_event;

/* A request of the open batch, waiting for the batch's COMMIT (group
 * commit, gateway.c): its reply, what to say instead should the COMMIT
 * fail, and the events and drop_seat it caused, which go out only after a
 * successful COMMIT. */
typedef struct gw_held {
	struct gw_held *next;
	void *owner;    /* handed back to hooks.reply; NULL: events only */
	uint8_t *frame; /* the encoded reply, malloc()ed; NULL with no owner */
	size_t len;
	bool close;        /* close the connection after the reply */
	uint64_t id;       /* the request's id, for the error reply */
	char language[16]; /* the request's, for the error reply */
	bool hello;        /* a Hello that welcomed its peer: a failed COMMIT closes */
	bool writes;       /* a request that writes (gateway_batch_full() counts them) */
	bool failed;       /* the transaction was lost before the COMMIT */
	gw_event *events;  /* owned */
	int64_t drop_seat;
	int64_t drop_staff;
} gw_held;

/* The open batch: one write transaction (BEGIN IMMEDIATE) that the
 * requests of a loop turn or so share (gateway_finish_batched()), and their
 * held replies in the order the requests finished. */
typedef struct gw_batch {
	bool open; /* the transaction is open */
	gw_held *head, **tail;
	size_t writes;      /* writing requests held */
	size_t last_writes; /* the writing requests of the last batch committed */
	/* gateway_finish() gathers its own reply through this: the owner it
	 * gives is &sync_reply, and the delivery moves the frame here. */
	gw_reply sync_reply;
} gw_batch;

/* gateway_seen.c: when each agent was last heard from. */
typedef struct gw_seen gw_seen;
/* A new, empty table, or NULL when out of memory (gateway_new()). */
gw_seen *gw_seen_new(void);
/* Frees the table without writing anything (gateway_free() flushes first). */
void gw_seen_free(gw_seen *s);

/* The settings a Welcome carries (gateway.welcome). */
typedef struct gw_welcome_site {
	bool has_site_name, has_currency; /* the row exists */
	char site_name[128];
	char currency[8];
	int currency_decimals;
} gw_welcome_site;

struct gateway {
	store_db *db;
	gateway_hooks hooks;
	char site_name[128];
	char fingerprint[65]; /* of the server's certificate; "" when unknown */
	unsigned heartbeat_s;
	bool pwhash_min;
	/* Keys the BLAKE2b hashes of seat tokens and of the staff names that
	 * sign-in throttling counts (store_server_key("seat_token")). */
	unsigned char token_key[32];
	/* Keys the BLAKE2b hashes of join codes' secrets
	 * (store_server_key("join_code")). */
	unsigned char join_key[32];
	/* Print jobs held on each seat, as its agent last reported them
	 * (memory only; forgotten when the agent disconnects). */
	held_table *held;
	/* The backup being taken or fetched. */
	gw_backup backup;
	/* The rule settings as the settings table has them, read once and
	 * again after each change (rules_valid false: read them at the next
	 * request). Every writer of the settings table is a request to this
	 * process (netpontctl and the console go through the server; a
	 * restore replaces the database only while the server is stopped), so
	 * gw_settings_changed() in SettingSet keeps the copy true without
	 * asking SQLite whether another process wrote. */
	rules_settings rules;
	bool rules_valid;
	/* What every Welcome says of the site, from the same table and kept
	 * the same way (gw_settings_changed() clears welcome_valid): a city's
	 * 10,000 PCs reconnecting after a restart would otherwise read three
	 * settings each (gw_welcome_site()). */
	gw_welcome_site welcome;
	bool welcome_valid;
	/* When each agent was last heard from, written to seats.last_seen in
	 * batches (gateway_seen.c). */
	gw_seen *seen;
	/* The read-only connection reports are made on, on the thread pool;
	 * opened by the first report, used under report_lock by one report at
	 * a time (gateway_report.c). */
	pthread_mutex_t report_lock;
	store_db *report_db;
	/* Group commit: the requests waiting for the COMMIT of their batch
	 * (gateway.c). */
	gw_batch batch;
};

/* Everything a request handler works with. */
typedef struct gw_ctx {
	gateway *gw;
	gw_call *call; /* NULL for timer-driven work */
	const gw_peer *peer;
	gw_peer *peer_out; /* the Hello fills it */
	const Netpont__Envelope *req;
	Netpont__Envelope reply; /* the handler sets body_case and the body */
	gw_arena arena;
	int64_t now;
	np_err err;
	gw_event *events, **events_tail;
	bool close_after;
	/* Commit although the request is refused: a wrong PIN is counted. */
	bool commit_refusal;
	rules_settings rules;
	/* The seat whose agent is disconnected after COMMIT (0: none). */
	int64_t drop_seat;
	/* The staff account whose connections are closed after COMMIT (0:
	 * none): it was disabled or its role changed. */
	int64_t drop_staff;
} gw_ctx;

typedef int (*gw_handler)(gw_ctx *c);

/* Who may make a request: bits of Netpont__StaffRole, plus agents. */
#define R_MENTOR    (1u << NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR)
#define R_TREASURER (1u << NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER)
#define R_ADMIN     (1u << NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN)
#define R_AGENT     (1u << 8)
/* A connection that has not said hello: only AgentJoin. */
#define R_STRANGER (1u << 9)
#define R_ROOM     (R_MENTOR | R_ADMIN)
#define R_VIEW     (R_MENTOR | R_TREASURER | R_ADMIN)
#define R_BOOKS    (R_TREASURER | R_ADMIN)
#define R_ANY      (R_VIEW | R_AGENT)
/* Not a peer but a promise, in a route's allowed bits: the handler writes
 * nothing (no row, no audit, no throttle count), so the request runs in a
 * read transaction (gateway_request_read_only()); a Debug build asserts
 * that the database's change count did not move. */
#define R_READ_ONLY (1u << 10)

/* One request type: who may make it and what handles it. */
typedef struct gw_route {
	Netpont__Envelope__BodyCase body;
	unsigned allowed; /* R_ bits; R_READ_ONLY too */
	gw_handler handler;
	/* The FORBIDDEN sentence for staff who may not, marked N_():
	 * "Only an administrator can enrol a PC."; NULL when every staff
	 * role may. */
	const char *forbidden;
} gw_route;

/* The route table of each handler file; gateway.c dispatches over them. A
 * request body appears in one table only. */
extern const gw_route gw_room_routes[]; /* gateway_room.c */
extern const size_t gw_room_route_count;
extern const gw_route gw_admin_routes[]; /* gateway_admin.c */
extern const size_t gw_admin_route_count;
extern const gw_route gw_backup_routes[]; /* gateway_backup.c */
extern const size_t gw_backup_route_count;
extern const gw_route gw_hours_routes[]; /* gateway_hours.c */
extern const size_t gw_hours_route_count;
extern const gw_route gw_booking_routes[]; /* gateway_bookings.c */
extern const size_t gw_booking_route_count;
extern const gw_route gw_usage_routes[]; /* gateway_usage.c */
extern const size_t gw_usage_route_count;
/* gateway_usage.c, called by gateway.c's lifecycle: gw_usage_begin() sets
 * call->usage and call->work for a valid ReportUsage (else leaves the
 * refusal to the handler), gw_usage_work() reads it on the thread pool. */
void gw_usage_begin(gateway *gw, gw_call *call);
void gw_usage_work(gw_usage_job *job);
void gw_usage_job_free(gw_usage_job *job);
extern const gw_route gw_course_routes[]; /* gateway_courses.c */
extern const size_t gw_course_route_count;
extern const gw_route gw_volunteer_routes[]; /* gateway_volunteer.c */
extern const size_t gw_volunteer_route_count;
extern const gw_route gw_kiosk_routes[]; /* gateway_kiosk.c */
extern const size_t gw_kiosk_route_count;
extern const gw_route gw_directory_routes[]; /* gateway_directory.c */
extern const size_t gw_directory_route_count;
extern const gw_route gw_progress_routes[]; /* gateway_progress.c */
extern const size_t gw_progress_route_count;
/* Refuses (BAD_REQUEST, -1 with c->err) an outcome of a help call longer
 * than 200 characters or of more than one line; 0 when it may be kept.
 * (gateway_progress.c) */
int gw_progress_outcome_check(gw_ctx *c, const char *outcome);
extern const gw_route gw_rights_routes[]; /* gateway_rights.c */
extern const size_t gw_rights_route_count;
/* Applies the retention settings (c->rules) at c->now, logs and audits
 * what was removed, and fills *counts. Returns 0 or -1 with c->err.
 * (gateway_rights.c) */
struct store_retention_counts;
int gw_retention_apply(gw_ctx *c, struct store_retention_counts *counts);

/* A cash shift started (shift_id, the peer's): a mentor who is not clocked
 * in gets a volunteer period ('desk', source 'shift'); one who is keeps
 * that period. Returns 0 or -1 with c->err. (gateway_volunteer.c) */
int gw_volunteer_shift_started(gw_ctx *c, int64_t shift_id);
/* The cash shift shift_id ended: the period it started ends with it.
 * Returns 0 or -1 with c->err. */
int gw_volunteer_shift_ended(gw_ctx *c, int64_t shift_id);

/* SettingSet of a key of the opening hours (rules_is_hours_key()): checks
 * it, stores the week as hours_1 .. hours_7, and cuts running sessions
 * short at the new closing (gateway_hours.c). Returns 0 or -1 (c->err). */
int gw_hours_setting_set(gw_ctx *c, const char *key, const char *value);

/* The hours an agent is told in a Welcome or LeaseEvent: when the open
 * stretch around now ends (0: closed), the next opening, today's hours. */
void gw_hours_now(gw_ctx *c, int64_t *closes_at, int64_t *opens_at, char **hours_today);

/* gateway_report.c, called by gateway.c's lifecycle and the ReportTotals
 * handler: */
/* The store's grouping for a request's, or an invalid value the store
 * refuses. */
store_report_by gw_report_by(Netpont__ReportBy by);
/* Prepares the report lock (gateway_new()). */
void gw_report_init(gateway *gw);
/* On the thread pool: takes the report lock and returns the gateway's
 * read-only connection, opened on first use; NULL (the reason in why, in
 * English for the log) when it cannot be opened. Every call is followed by
 * gw_report_db_release(), which lets the lock go. */
store_db *gw_report_db_acquire(gateway *gw, char *why, size_t why_size);
void gw_report_db_release(gateway *gw);
/* Closes the read-only connection, if any (gateway_free(), with no work
 * running). */
void gw_report_shutdown(gateway *gw);
/* gateway_begin() of a ReportTotals: when its range and grouping are valid,
 * sets call->report and call->work; otherwise leaves the call for the
 * handler to refuse. */
void gw_report_begin(gateway *gw, gw_call *call);
/* gateway_work(): the report, on the thread pool. Touches only the job and
 * the gateway's read-only connection (under its lock). */
void gw_report_work(gw_report_job *job);
/* The handler: when the work made the report, calls each(ctx, row) for its
 * rows in order, fills *sums and returns 1; returns 0 when there is no
 * such report (no work, or the work failed, which is logged) and the
 * handler must make it itself. */
int gw_report_result(const gw_call *call, int (*each)(void *ctx, const store_totals_row *row),
                     void *ctx, store_totals *sums);
/* gateway_call_free(): frees the job. NULL is allowed. */
void gw_report_job_free(gw_report_job *job);

/* gateway_backup.c, called by gateway.c's lifecycle: */
/* Names the gateway's backup file and removes one a crash left behind
 * (gateway_new()). */
void gw_backup_init(gateway *gw);
/* Removes the backup file, if any (gateway_free()). */
void gw_backup_shutdown(gateway *gw);
/* Removes a copy nobody has asked about for two minutes (its client went
 * away); gateway_begin() calls it for every request, so the file does not
 * wait for the next backup. */
void gw_backup_forget_abandoned(gateway *gw);
/* gateway_begin() of a BackupStart: claims the backup slot and sets
 * call->work, or sets call->err (a backup is under way). */
void gw_backup_begin(gateway *gw, gw_call *call);
/* gateway_work(): the copy, on the thread pool. Touches only the job. */
void gw_backup_work(gw_backup_job *job);
/* gateway_call_free(): frees the job; a copy never handed over is removed
 * and its slot freed. */
void gw_backup_job_free(gw_backup_job *job);
extern const gw_route gw_money_routes[]; /* gateway_money.c */
extern const size_t gw_money_route_count;
extern const gw_route gw_signin_routes[]; /* gateway_signin.c */
extern const size_t gw_signin_route_count;

/* Notes that the agent of seat_id was heard from at now, in memory. The
 * seat's row is due for the next batch (gateway_flush_seen()) once it is a
 * minute behind, or at once when now_due (an agent connected or went
 * away). Returns 0, or -1 when out of memory. */
int gw_seen_note(gateway *gw, int64_t seat_id, int64_t now, bool now_due);
/* When the agent of seat_id was last heard from by this process (0: not
 * since it started): newer than seats.last_seen until the next batch. */
int64_t gw_seen_get(const gateway *gw, int64_t seat_id);

/* Forgets the cached rule settings (gateway.rules): a handler that writes
 * the settings table calls it, and the next request reads them anew. */
void gw_settings_changed(gateway *gw);
/* The rule settings read anew from the store into *out (a change of the
 * hours builds on what is stored, not on a copy). */
void gw_rules_reread(gateway *gw, rules_settings *out);

/* The site settings of a Welcome, from the gateway's cache, read first when
 * a change made it stale; a read that fails is tried again at the next
 * Welcome (the fields say what was found). Borrowed from gw; valid until
 * the next call. (gateway_signin.c) */
const gw_welcome_site *gw_welcome_site_cached(gateway *gw);

/* Event helpers: encode now, send after COMMIT. */
void gw_emit(gw_ctx *c, int64_t seat_id, Netpont__Envelope *ev);
/* A SeatEvent for the seat, to staff. */
void gw_emit_seat(gw_ctx *c, int64_t seat_id);
/* The truth about a seat's lease, built in the arena: unlocked with the
 * running session, or locked with reason ("time_up", "mentor", ...; "" when
 * there is nothing to explain) and out_of_order. gw_lease() returns it (the
 * reply to AgentSync); gw_emit_lease() queues it as an event to the seat's
 * agent. */
Netpont__LeaseEvent *gw_lease(gw_ctx *c, int64_t seat_id, const char *reason);
void gw_emit_lease(gw_ctx *c, int64_t seat_id, const char *reason);
/* The opening hours as Welcome and LeaseEvent carry them to agents, from
 * the settings: open_time "09:00" and open_days "123456"; in the arena. */
char *gw_open_time(gw_ctx *c);
char *gw_open_days(gw_ctx *c);
/* The seat's bookings changed (added, cancelled, moved, claimed, released):
 * a BookingNoticeEvent with the seat's next booking to its agent, for the
 * login screen. Every handler that changes a booking calls it for each seat
 * it touched. (gateway_pc_bookings.c) */
void gw_emit_booking_notice(gw_ctx *c, int64_t seat_id);
/* The seat's next live booking (running or ahead) as the login screen's
 * notice, in the arena; NULL when there is none. */
Netpont__BookingNotice *gw_booking_notice(gw_ctx *c, int64_t seat_id);

/* How the seat's bookings shape a new session (gateway_pc_bookings.c).
 * The login path fills kind, requested_s and by_staff, calls
 * gw_pc_login_check() before rules_session_end() (which then uses kind and
 * requested_s), gw_pc_login_cap() on its end, and gw_pc_login_started()
 * once the session is stored. */
typedef struct gw_pc_login {
	rules_session_kind kind;
	int64_t requested_s;
	bool by_staff; /* a mentor's SessionStart, not the resident at the PC */
	int64_t cap;   /* a walk-in before someone else's booking: its start */
	bool claim;    /* the resident's own booking: claimed by the session */
	bool course;   /* a course occasion's session (a participant or a course guest) */
	store_pc_booking booking; /* what claim and course are about */
} gw_pc_login;
/* Refuses (BOOKED, with a sentence) a session the seat's booking does not
 * allow: someone else's booking running, a course's for someone not
 * enrolled, a booking of someone else in less than 5 minutes. r NULL: a
 * guest whom a mentor starts. Returns 0 (io filled) or -1 with c->err. */
int gw_pc_login_check(gw_ctx *c, const store_seat *seat, const store_resident *r, gw_pc_login *io);
/* Refuses (BOOKED) moving the end of the running session s to ends_at
 * past the start of someone else's booking of its seat. Returns 0 or -1
 * with c->err. */
int gw_pc_extend_check(gw_ctx *c, const store_session *s, int64_t ends_at);
/* Cuts *ends_at at the booking that limits the session. */
void gw_pc_login_cap(const gw_pc_login *io, time_t *ends_at);
/* After store_session_start(): claims the booking, makes the session the
 * occasion's, records the attendance and charges the course fee (once per
 * participant and occasion). Returns 0 or -1 with c->err. */
int gw_pc_login_started(gw_ctx *c, const gw_pc_login *io, int64_t session_id,
                        const store_resident *r, int64_t seat_id);
/* SessionInfo's booked_from (a booking cut the session short) and course. */
void gw_pc_session_info(gw_ctx *c, const store_session *s, Netpont__SessionInfo *i);
/* The timer (gateway_expire()): releases the resident bookings nobody
 * claimed within booking_release_min and tells the PCs whose booking
 * ended. Returns the number released or -1 with c->err. */
int gw_pc_bookings_expire(gw_ctx *c);
/* The next moment gw_pc_bookings_expire() has work; 0: none. */
int64_t gw_pc_bookings_deadline(gateway *gw, const rules_settings *rules, int64_t now);
/* A HelpEvent to staff AND to the seat's agent ("Dóra is coming"). */
void gw_emit_help(gw_ctx *c, const store_help *h);

/* Builders of protobuf messages in the arena. */
Netpont__SessionInfo *gw_session_info(gw_ctx *c, const store_session *s);
Netpont__SeatInfo *gw_seat_info(gw_ctx *c, const store_seat *seat);
Netpont__HelpCall *gw_help_call(gw_ctx *c, const store_help *h);
Netpont__LedgerEntry *gw_ledger_entry(gw_ctx *c, const store_ledger_row *row);

/* The display name people read for a service (its tariff's label) and for
 * a fee category (its label), in the arena; "" when key is empty, the key
 * itself when the tariff or category is gone or has no label. */
char *gw_service_label(gw_ctx *c, const char *service);
char *gw_category_label(gw_ctx *c, const char *category);

/* A LedgerEvent for entry (built in the arena) to every staff connection.
 * gw_emit_ledger_id() reads the row entry_id from the store first; it
 * returns 0, or -1 with c->err. */
void gw_emit_ledger(gw_ctx *c, Netpont__LedgerEntry *entry);
int gw_emit_ledger_id(gw_ctx *c, int64_t entry_id);

/* Sets the reply body; the macro names the oneof case and field. */
#define GW_REPLY(c, CASE, field, value)                                                            \
	do {                                                                                       \
		(c)->reply.body_case = NETPONT__ENVELOPE__BODY_##CASE;                             \
		(c)->reply.field = (value);                                                        \
	} while (0)
void gw_reply_ok(gw_ctx *c);

/* Appends an audit row for the peer's staff account (none for an agent or
 * a connection not signed in yet), in the request's transaction: it is kept
 * only if the request commits (or c->commit_refusal is set). action is a
 * dotted name ("seat.lock"); the detail, formatted from fmt, is cut at 511
 * bytes and must never hold a password, PIN or token. Returns 0, or -1 with
 * c->err set. */
int gw_audit(gw_ctx *c, const char *action, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* gw_audit() for the staff account staff_id (0: none) instead of the
 * peer's: a failed sign-in or a lock-out happens before anyone is signed
 * in, and is recorded against the account that was tried. */
int gw_audit_for(gw_ctx *c, int64_t staff_id, const char *action, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Lookups that fill err with NOT_FOUND and a sentence naming the thing. */
int gw_find_seat(gw_ctx *c, const char *name, store_seat *out);
int gw_find_resident(gw_ctx *c, const char *login, store_resident *out);

/* Ends a running session at `at` for reason: store, the internet charge
 * (store_charge_session()), the seat's open help calls closed and its
 * message cleared (they belonged to the session), lease to the agent,
 * SeatEvent, HelpEvents and LedgerEvent to staff. */
int gw_end_session(gw_ctx *c, const store_session *s, int64_t at, const char *reason);

/* Closes the seat's open help calls at c->now by nobody, as cancelled with
 * reason: "session_ended" (gw_end_session()), or "session_started" (a call
 * raised at the locked PC belongs to that PC's wait, not to the session
 * that starts there); HelpEvents to staff and to the PC. Returns 0, or -1
 * with c->err. */
int gw_close_seat_help(gw_ctx *c, int64_t seat_id, const char *reason);

/* Text checks shared by handlers. Nothing is stored unless it is valid
 * UTF-8: a stored invalid byte would break every standard protobuf client
 * that later reads it back (they refuse the whole reply). */

/* Whether s (NUL-terminated) is valid UTF-8: no stray continuation bytes,
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
bool gw_utf8_ok(const char *s);
/* Whether s is 1..max bytes of valid UTF-8. */
bool gw_text_ok(const char *s, size_t max);
/* Refuses a missing, too long or invalid UTF-8 text with the request's own
 * sentences (marked N_(); too_long has one %zu for max). */
int gw_need_text(gw_ctx *c, const char *s, size_t max, const char *missing, const char *too_long);
/* Replaces, in place, each byte of s (NULL is fine) that starts no valid
 * UTF-8 sequence with '?': s is then valid UTF-8 of the same length. */
void gw_utf8_mend(char *s);
/* A print's title and printer come from whatever program printed, through
 * CUPS, and the agent may cut a long title in the middle of a character:
 * they are mended with gw_utf8_mend() rather than refused, so that the
 * print is still charged. Other requests are left alone. */
void gw_mend_print_titles(Netpont__Envelope *req);
/* Fills err with BAD_REQUEST and a sentence naming the field whose text is
 * not valid UTF-8; returns -1. */
int gw_utf8_refused(np_err *err, const char *field);
/* Checks every text of a request, at any depth, with gw_utf8_ok() before
 * any handler sees it, so that no handler can store an invalid one: 0, or
 * -1 with err filled by gw_utf8_refused(). */
int gw_request_text_check(const Netpont__Envelope *req, np_err *err);

/* Agents: records that the peer's seat is alive now, in memory; the row's
 * last_seen follows with a batch (gw_seen_note()). Writes nothing to the
 * database. Returns 0, or -1 with c->err (out of memory). */
int gw_touch_seat(gw_ctx *c);

/* The resident's seconds used today (local day of c->now). */
int64_t gw_used_today(gw_ctx *c, int64_t resident_id);

/* PIN format: 4 to 12 digits. */
bool gw_pin_ok(const char *pin);
/* A staff password: 8 to 127 bytes. */
bool gw_password_ok(const char *password);
/* Refuses a password that fails gw_password_ok() with its one sentence;
 * err may be NULL. Returns -1. */
int gw_password_refused(np_err *err);
/* Refuses a resident's login at a PC: an unknown login, a guest account
 * and an account gone meanwhile get this one sentence, naming login (NULL
 * is ""). Returns -1. */
int gw_no_account(np_err *err, const char *login);
/* Refuses an erased resident's account (store/rights.h) at a PC or for a
 * session a mentor starts, with a sentence that says so. Returns -1. */
int gw_erased_account(np_err *err, const store_resident *r);
/* Seat tokens are 256 random bits, so a fast keyed hash protects them as
 * well as Argon2id would, at a tiny fraction of the cost: stored as
 * GW_TOKEN_HASH_PREFIX and 64 hex digits of BLAKE2b keyed with the server's
 * key. Thread-safe; out holds 128 bytes. */
#define GW_TOKEN_HASH_PREFIX "blake2b-keyed$"
void gw_token_hash(const unsigned char key[32], const char *token, char out[128]);

/* Whether token matches stored: a gw_token_hash() (compared in constant
 * time) or an Argon2id string from before migration 2. Thread-safe. */
bool gw_token_verify(const unsigned char key[32], const char *token, const char *stored);

/* The hash under which a join code's secret (canonical text) is stored:
 * gw_token_hash() keyed with the gateway's join key. */
void gw_join_hash(const gateway *gw, const char *secret, char out[128]);

/* Makes a join code for seat_id (0: an invitation) from call->join_secret,
 * valid for the join_code_min setting, retiring the seat's older codes; puts
 * it in r (the SeatAdded being built) without an address. A gateway that
 * knows no fingerprint makes none (r is left as it is). Returns 0, or -1
 * with c->err. */
int gw_join_code_new(gw_ctx *c, int64_t seat_id, Netpont__SeatAdded *r);

/* The gateway's clock: the hooks' now(), else time(NULL). */
int64_t gw_now(gateway *gw);

/* ------------------------------------------------------------ sign-in
 * throttling (gateway_signin.c): doubling lock-outs after wrong passwords
 * and PINs (core/throttle.h), kept in store/signin.h. Every function that
 * counts a wrong attempt sets c->commit_refusal, so that the count and its
 * audit rows are kept although the request is refused. */

/* Before a staff sign-in is accepted: refuses it (AUTH, the connection
 * closes; "Too many wrong passwords for dora: try again after 14:05.")
 * while the name, known or not, or the peer's address is locked out.
 * Returns 0 or -1 with c->err. */
int gw_signin_staff_check(gw_ctx *c, const char *name);

/* After a wrong password for name (known: an account of that name exists):
 * an audit row, and one more failure for the name and for the peer's
 * address, each locked out at staff_max_tries. Returns 1 when a lock-out
 * started (c->err says until when; the connection closes), 0 when only
 * counted (the caller words the refusal), -1 on a store error. */
int gw_signin_staff_wrong(gw_ctx *c, const char *name, bool known);

/* After a good sign-in: forgets the name's and the address's failures and
 * lock-outs, so that the next lock-out is a short one again. */
int gw_signin_staff_ok(gw_ctx *c, const char *name);

/* Before a resident's PIN is checked at the seat of agent: refuses with
 * LOCKED_OUT while the seat's logins are paused or the resident is locked
 * out, saying until when. Needs no transaction (gateway_begin() uses it
 * before hashing). Returns 0 or -1 with err. */
int gw_signin_resident_check(store_db *db, int64_t now, const store_resident *r,
                             const gw_peer *agent, np_err *err);

/* After a wrong PIN for r at seat: an audit row, one more failure for the
 * seat (more than seat_max_failed_logins in seat_window_min pause its
 * logins), and r's wrong PINs in a row, which at pin_max_tries lock r out
 * for pin_lock_min, doubling each time. Always returns -1 with c->err:
 * WRONG_PIN with the tries left, or LOCKED_OUT saying until when. */
int gw_signin_resident_wrong(gw_ctx *c, const store_resident *r, const store_seat *seat);

/* After a good PIN, a new PIN or a mentor's "clear lock-out": forgets r's
 * wrong PINs and lock-outs. Returns 0 or -1 with c->err. */
int gw_signin_resident_clear(gw_ctx *c, const store_resident *r);

/* Before a join code is looked up: refuses (AUTH, the connection closes;
 * "Too many wrong join codes from 192.168.1.23: try again after 14:05.")
 * while the peer's address is locked out for wrong codes. Returns 0 or -1
 * with c->err. */
int gw_signin_join_check(gw_ctx *c);

/* After a join code nobody has: an audit row and one more failure for the
 * peer's address, locked out at staff_max_tries like wrong passwords (sets
 * c->commit_refusal). Returns 1 when a lock-out started (c->err says until
 * when), 0 when only counted (the caller words the refusal), -1 on a store
 * error. */
int gw_signin_join_wrong(gw_ctx *c);

/* Whether the resident is locked out now (for lists; false on a store
 * error). */
bool gw_signin_resident_locked(gw_ctx *c, int64_t resident_id);

/* Parses "YYYY-MM-DD" as local midnight; refuses with bad_form (no
 * placeholder) or not_real (one %s: the text), both marked N_(). */
int gw_parse_date(gw_ctx *c, const char *text, const char *bad_form, const char *not_real,
                  int64_t *out);

#endif
