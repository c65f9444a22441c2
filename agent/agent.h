/* netpont-agent: the daemon on each public PC. It ties together the uplink
 * to the server (agent/net), the lease (agent/core), the local control
 * socket (control.c), the configured hooks and the lock screen.
 *
 * Everything runs on one libuv loop. The server owns the truth; the agent
 * adopts every LeaseEvent it hears, and between them (and while the server
 * is unreachable) enforces the lease it has on the monotonic clock. */
#ifndef NETPONT_AGENT_AGENT_H
#define NETPONT_AGENT_AGENT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "config.h"
#include "control.h"
#include "held.h"
#include "hooks.h"
#include "lease.h"
#include "lockui.h"
#include "resetter.h"
#include "room.h"
#include "sessions.h"
#include "uplink.h"

#define AGENT_MAX_PENDING 32u
/* A resident at the lock screen is not left waiting longer than this for
 * an answer the server owes (a connected but stuck server). */
#define AGENT_REQUEST_TIMEOUT_MS 20000u

/* The sentence shown when the server cannot be reached (contract). */
#define AGENT_OFFLINE_MESSAGE "This PC cannot reach the server — please ask a mentor."

/* The seat's latest help call, as the server last described it. */
typedef struct agent_help {
	bool present;
	int64_t id;
	char text[2048]; /* the server allows 500 characters */
	Netpont__HelpState state;
	int64_t raised_at;
	int64_t acknowledged_at;
	int64_t resolved_at;
	char acknowledged_by[128];
	char acknowledged_by_display[128]; /* "Dóra"; "" from an older server */
	char resolved_by[128];
	char close_reason[32]; /* "session_ended" or "" */
	char resident_login[64];
} agent_help;

typedef enum {
	AGENT_PENDING_FREE = 0,
	AGENT_PENDING_SYNC,
	AGENT_PENDING_LOGIN,
	AGENT_PENDING_LOGOUT,
	AGENT_PENDING_HELP,
	AGENT_PENDING_PRINT, /* an AgentPrint report; job_key to acknowledge */
	AGENT_PENDING_QUOTE, /* a PrintQuote for the held job job_key */
	AGENT_PENDING_HELP_CANCEL,
	AGENT_PENDING_DIRECTORY_LIST, /* dir_query, dir_category: for the offline list */
	AGENT_PENDING_DIRECTORY_USED,
} agent_pending_kind;

/* How long the goodbye page's summary of the last session stays in the
 * status after the session ended. */
#define AGENT_LAST_SESSION_MS 20000u
/* The "close5" warning: this long before the room closes. */
#define AGENT_CLOSE_WARNING_S 300

/* The running session as the server last described it, for its cost so
 * far and the summary when it ends. Counted on the monotonic clock from the
 * moment it was heard, so it runs on while the server is away. */
typedef struct agent_session_cost {
	int64_t session_id; /* 0: no session followed */
	char resident_name[128];
	bool guest;
	int64_t started_ms; /* agent_now_ms() at the session's start (estimated) */
	int64_t block_s;    /* SessionInfo.block_s: 0 = time is free */
	int64_t block_price;
	int64_t prints;
	/* SessionInfo.booked_from: a booking cuts the session short there (0:
	 * none); SessionInfo.course: a course occasion's session ("" none). */
	int64_t booked_from;
	char course[128];
} agent_session_cost;

/* The PC's next booking as the server last said it (Welcome.booking,
 * BookingNoticeEvent), kept while the server is away: the login screen
 * shows it (ControlStatusReply.booking). notice.booking_id 0: none;
 * notice.reserved_for points into reserved_for. */
typedef struct agent_booking {
	Netpont__BookingNotice notice;
	char reserved_for[128];
} agent_booking;

/* The session that just ended (ControlStatusReply.last_session). */
typedef struct agent_last_session {
	bool present;
	char resident_name[128];
	bool guest;
	int64_t used_s;
	int64_t cost;
	char reason[32];
	int64_t ended_at;
} agent_last_session;

/* A request sent to the server whose reply is still awaited. */
typedef struct agent_pending {
	agent_pending_kind kind;
	uint64_t server_id;
	uint64_t client_id; /* the control client waiting for it, 0 if none */
	uint64_t client_request_id;
	uint64_t sent_ms; /* uv_now() when sent, for AGENT_REQUEST_TIMEOUT_MS */
	char job_key[256];
	/* AGENT_PENDING_LOGOUT: the session logged out of; AGENT_PENDING_PRINT:
	 * the session printed in */
	int64_t session_id;
	int64_t logout_at;   /* AGENT_PENDING_LOGOUT: when the resident logged out (Unix time) */
	char dir_query[256]; /* AGENT_PENDING_DIRECTORY_LIST: what the screen asked */
	char dir_category[32];
} agent_pending;

typedef struct agent {
	uv_loop_t *loop;
	agent_config cfg;          /* owned: file and flags merged */
	char lease_path[PATH_MAX]; /* "" when nothing is persisted */
	char boot_id[64];

	agent_lease lease;
	uplink up;
	bool connected;
	char site_name[256];
	/* Welcome/LeaseEvent.kiosk_only: an information point, the screen shows
	 * only the directory (issue 14). */
	bool kiosk_only;
	char currency[16];          /* Welcome.currency ("HUF"), for the lock screen */
	unsigned currency_decimals; /* Welcome.currency_decimals, likewise */
	/* Today's closing time as the server last said it ("18:00"; "" when
	 * there is none to show), for ControlStatusReply.close_time. */
	char close_time[16];
	/* The opening hours as the server last said them ("09:00", "12345"),
	 * and parsed, for closed/opens_next_at and the "close5" warning. */
	char open_time[16];
	char open_days[16];
	char hours_today[64]; /* "09:00–12:00, 13:00–18:00" from the server; "" unknown or closed */
	agent_room_hours hours;
	agent_session_cost cost;
	agent_booking booking;
	agent_last_session last;
	uv_timer_t last_timer;   /* forgets `last` after AGENT_LAST_SESSION_MS */
	uv_timer_t screen_timer; /* every second: what the screens show that the clock changes */
	bool warned_close5;      /* this session heard "close5" */
	int64_t shown_cost;      /* cost_so_far in the last broadcast */
	bool shown_closed;       /* closed in the last broadcast */
	agent_sessions sessions; /* the public account's session (sessions.h) */
	bool sessions_started;
	/* An unleased session found while the server was away, told after the
	 * reconnect ("" if none). */
	char incident[256];
	control_server control;
	uv_timer_t lease_timer;
	uv_signal_t sigint;
	uv_signal_t sigterm;
	uv_timer_t pending_timer; /* answers requests the server leaves unanswered */
	agent_hooks hooks;
	agent_lockui lockui;
	bool lockui_started;
	agent_resetter resetter; /* cleans the PC after each session ([session] reset) */
	agent_lockui bar;        /* [bar] enabled: netpont-bar while unlocked */
	bool bar_started;

	/* The language the resident logged in with on the greeter ("hu", "en"),
	 * so the time bar starts in it; "" = [agent] language. */
	char screen_language[8];
	char message[2048]; /* the last mentor message */
	agent_help help;
	agent_held held; /* the print watcher and the jobs held for confirmation */
	agent_pending pending[AGENT_MAX_PENDING];
	/* The directory (directory.h): the last list the server sent (any
	 * query), for a slip of one of its entries; NULL before the first. */
	Netpont__AgentDirectoryListReply *directory_last;
	int64_t logout_pending;    /* a session ended by a logout while offline; 0 if none */
	int64_t logout_pending_at; /* when that logout was made (Unix time) */

	bool stopping;
	unsigned closing_parts;
	void (*stopped_cb)(struct agent *a);
} agent;

/* Starts the agent on loop: listens on the control socket, restores a
 * persisted lease, applies the lock state, starts the lock screen (--ui
 * gtk) and the first connection to the server. cfg is moved into the agent
 * (cfg is left empty); token is copied. Returns 0, or -1 with a sentence in
 * err; after a failure agent_stop() must still be called and the loop run
 * until stopped_cb. */
int agent_start(agent *a, uv_loop_t *loop, agent_config *cfg, const char *token, char *err,
                size_t err_size);

/* Begins a clean shutdown: every handle is closed and the socket file
 * removed; stopped_cb (may be NULL) runs when the last one is closed. The
 * agent also calls this itself on SIGINT and SIGTERM. Idempotent. */
void agent_stop(agent *a);

/* THE place where locking and unlocking take effect on the PC. Called after
 * every change of a->lease.unlocked (and once at start): logs the change and
 * runs the [hooks] commands: on_unlock when unlocked; on_lock when locked,
 * followed by on_session_end when a session just ended. resident is the
 * login of the session that started or ended ("" if none), reason why it
 * locked ("time_up", "logout", "mentor", "seat_locked", "start"). The lock
 * screen follows the state through the control socket's ControlEvents.
 * When a session ended, the [session] reset starts too (resetter.h); an
 * unlock while the PC is not clean yet is held (the screens see it locked,
 * on_unlock waits) and applied when the reset has finished. */
void agent_apply_lock_state(agent *a, bool session_ended, const char *resident, const char *reason);

#endif
