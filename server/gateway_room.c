/* The room: pings, seats, sessions, what agents ask for, and help calls. */
#include "gateway_internal.h"

#include "common/np_log.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "core/throttle.h"
#include "pages.h"
#include "store/joins.h"
#include "store/progress.h"
#include "store/seeds.h"
#include "store/settings.h"

/* A seat name: 1 to 63 letters, digits, '-', '_' or '.'. */
static bool seat_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > 63)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		          (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------ pings */

/* An agent's Ping notes in memory that its PC is alive; the row is written
 * with a later batch (gateway_seen.c), so a Ping writes nothing. */
static int ping(gw_ctx *c)
{
	if (c->peer->kind == GW_PEER_AGENT && gw_touch_seat(c) != 0)
		return -1;
	Netpont__Pong *p = GW_NEW(&c->arena, Netpont__Pong, netpont__pong__init);
	p->server_time = c->now;
	GW_REPLY(c, PONG, pong, p);
	return 0;
}

/* ------------------------------------------------------------ seats */

/* Replies with the seat's new token (made in gateway_begin()), the
 * fingerprint its agent pins and a new join code for it (older codes of
 * the seat retired): the same answer for an enrolment and a renewal.
 * Returns 0, or -1 with c->err. */
static int reply_seat_token(gw_ctx *c, int64_t seat_id, const char *name)
{
	Netpont__SeatAdded *r = GW_NEW(&c->arena, Netpont__SeatAdded, netpont__seat_added__init);
	r->name = gw_strdup(&c->arena, name);
	r->token = gw_strdup(&c->arena, c->call->token);
	r->fingerprint = gw_strdup(&c->arena, c->gw->fingerprint);
	if (gw_join_code_new(c, seat_id, r) != 0)
		return -1;
	GW_REPLY(c, SEAT_ADDED, seat_added, r);
	return 0;
}

static int seat_add(gw_ctx *c)
{
	const Netpont__SeatAdd *m = c->req->seat_add;
	if (!seat_name_ok(m->name))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A seat name must be 1 to 63 letters, digits, dashes, dots or "
		                     "underscores, like PC-03."));
	store_seat existing;
	int found = store_seat_by_name(c->gw->db, m->name, &existing, &c->err);
	if (found < 0)
		return -1;
	if (found == 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("There is already a seat called %s."), m->name);
	assert(c->call->work == GW_WORK_TOKEN_HASH && c->call->work_ok);
	int64_t id;
	if (store_seat_add(c->gw->db, m->name, c->call->hash, c->now, &id, &c->err) != 0 ||
	    gw_audit(c, "seat.add", "%s", m->name) != 0 || reply_seat_token(c, id, m->name) != 0)
		return -1;
	gw_emit_seat(c, id);
	return 0;
}

/* Whether a session runs on the seat: 1 (s filled), 0, or -1 (c->err). */
static int seat_session_running(gw_ctx *c, const store_seat *seat, store_session *s)
{
	return store_session_running_on_seat(c->gw->db, seat->id, s, &c->err);
}

/* Removal is refused while something at the seat would be left without
 * its PC: a running session (its resident would sit at a PC whose agent
 * can no longer reach the server, and no mentor could end it by the seat's
 * name) or an open help call (no mentor could find the PC any more). Held print jobs live on the
 * agent and are forgotten when it disconnects, so they do not hold a removal up. */
static int seat_remove(gw_ctx *c)
{
	store_seat seat;
	if (gw_find_seat(c, c->req->seat_remove->name, &seat) != 0)
		return -1;
	store_session s;
	int running = seat_session_running(c, &seat, &s);
	if (running != 0)
		return running < 0
		           ? -1
		           : np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                        N_("A session runs on %s: end it before removing the "
		                           "PC."),
		                        seat.name);
	store_help h;
	int open = store_help_open_for_seat(c->gw->db, seat.id, &h, &c->err);
	if (open != 0)
		return open < 0 ? -1
		                : np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                             N_("Help call #%lld at %s is open: resolve it before "
		                                "removing the PC."),
		                             (long long)h.id, seat.name);
	if (store_seat_remove(c->gw->db, seat.id, c->now, &c->err) != 0 ||
	    gw_audit(c, "seat.remove", "%s", seat.name) != 0)
		return -1;
	c->drop_seat = seat.id;
	gw_emit_seat(c, seat.id);
	return 0;
}

/* A new token for the seat; the old one stops working with the COMMIT and
 * the agent signed in with it is disconnected. */
static int seat_renew(gw_ctx *c)
{
	const Netpont__SeatRenew *m = c->req->seat_renew;
	store_seat seat;
	if (gw_find_seat(c, m->name, &seat) != 0)
		return -1;
	if (!m->force) {
		store_session s;
		int running = seat_session_running(c, &seat, &s);
		if (running != 0)
			return running < 0
			           ? -1
			           : np_err_set(
			                 &c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			                 N_("A session runs on %s: renewing its token "
			                    "disconnects its agent. Renew with --force to do "
			                    "it anyway."),
			                 seat.name);
	}
	assert(c->call->work == GW_WORK_TOKEN_HASH && c->call->work_ok);
	if (store_seat_set_token_hash(c->gw->db, seat.id, c->call->hash, &c->err) != 0 ||
	    gw_audit(c, "seat.renew", "%s", seat.name) != 0 ||
	    reply_seat_token(c, seat.id, seat.name) != 0)
		return -1;
	c->drop_seat = seat.id;
	return 0;
}

/* A join code bound to no seat: the PC that redeems it chooses its name. */
static int seat_invite(gw_ctx *c)
{
	if (c->gw->fingerprint[0] == '\0')
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  N_("This server runs without a certificate, so it cannot make a "
		                     "join code."));
	Netpont__SeatAdded *r = GW_NEW(&c->arena, Netpont__SeatAdded, netpont__seat_added__init);
	r->fingerprint = gw_strdup(&c->arena, c->gw->fingerprint);
	if (gw_join_code_new(c, 0, r) != 0 || gw_audit(c, "seat.invite", "%s", "a join code") != 0)
		return -1;
	GW_REPLY(c, SEAT_ADDED, seat_added, r);
	return 0;
}

/* ------------------------------------------------------------ joining */

/* A join code that exists but cannot be used: audited (the refusal is
 * committed), then refused with sentence (marked N_(); %s: the time, then
 * the seat's name twice, or for an invitation the time alone). */
static int join_unusable(gw_ctx *c, const store_join *j, const store_seat *seat, int64_t at,
                         const char *what, const char *for_seat, const char *for_invite)
{
	char when[24];
	throttle_format_until(at, c->now, when, sizeof when);
	c->commit_refusal = true;
	if (gw_audit_for(c, 0, "seat.join_refused", "%s join code #%lld (%s) from %s", what,
	                 (long long)j->id, j->seat_id != 0 ? seat->name : "an invitation",
	                 c->peer->address) != 0)
		return -1;
	if (j->seat_id != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, for_seat, when,
		                  seat->name, seat->name);
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH, for_invite, when);
}

/* Checks that the code j may still be used; fills *seat for a code bound
 * to a seat. Returns 0, or -1 with c->err. */
static int join_usable(gw_ctx *c, const store_join *j, store_seat *seat)
{
	memset(seat, 0, sizeof *seat);
	if (j->seat_id != 0 && store_seat_by_id(c->gw->db, j->seat_id, seat, &c->err) != 1)
		return -1;
	if (j->used_at != 0)
		return join_unusable(
		    c, j, seat, j->used_at, "a used",
		    N_("This join code was used already, at %s (for %s). A code works once: run "
		       "netpontctl seat renew %s on the office PC for a new one."),
		    N_("This join code was used already, at %s. A code works once: run netpontctl "
		       "seat invite on the office PC for a new one."));
	if (j->retired_at != 0)
		return join_unusable(
		    c, j, seat, j->retired_at, "a replaced",
		    N_("This join code was replaced by a newer one at %s (for %s): "
		       "use the newest code, or run netpontctl seat renew %s on "
		       "the office PC for a new one."),
		    N_("This join code was replaced at %s."));
	if (c->now >= j->expires_at)
		return join_unusable(
		    c, j, seat, j->expires_at, "an expired",
		    N_("This join code expired at %s (it was for %s). Run netpontctl seat renew %s "
		       "on the office PC for a new one."),
		    N_("This join code expired at %s. Run netpontctl seat invite on the office PC "
		       "for a new one."));
	if (seat->removed_at != 0)
		return join_unusable(c, j, seat, seat->removed_at, "a removed seat's",
		                     N_("This join code's PC was removed from the room at %s (it "
		                        "was %s). Enrol it again with netpontctl seat add %s."),
		                     N_("This join code was retired at %s."));
	return 0;
}

/* The name the joining PC gets: the code's seat, or for an invitation the
 * name asked for (--seat), else the PC's host name. Returns 0 with *name
 * set (borrowed), or -1 with c->err. */
static int join_name(gw_ctx *c, const store_join *j, const store_seat *seat, const char **name)
{
	const Netpont__AgentJoin *m = c->req->agent_join;
	bool asked = m->seat != NULL && m->seat[0] != '\0';
	if (j->seat_id != 0) {
		if (asked && strcmp(m->seat, seat->name) != 0)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			    N_("This join code is for %s, not %s: join without --seat, "
			       "or ask for a code for %s (netpontctl seat add or seat "
			       "renew)."),
			    seat->name, m->seat, m->seat);
		*name = seat->name;
		return 0;
	}
	*name = asked ? m->seat : (m->hostname != NULL ? m->hostname : "");
	if (!seat_name_ok(*name))
		return np_err_set(
		    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("\"%s\" cannot be a seat name: a seat name is 1 to 63 letters, "
		       "digits, dashes, dots or underscores. Join with --seat NAME, "
		       "like --seat PC-03."),
		    *name);
	store_seat existing;
	int found = store_seat_by_name(c->gw->db, *name, &existing, &c->err);
	if (found != 0)
		return found < 0
		           ? -1
		           : np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                        N_("There is already a PC called %s. To enrol this PC "
		                           "again under that name, run netpontctl seat renew %s "
		                           "on the office PC and join with its code; or join "
		                           "under another name with --seat NAME."),
		                        *name, *name);
	return 0;
}

/* AgentJoin, on a connection that said no hello: the code's secret is its
 * only credential. Wrong secrets are throttled per address; every join and
 * every refusal of a known code is audited. The connection closes after the
 * reply either way. */
static int seat_join(gw_ctx *c)
{
	const Netpont__AgentJoin *m = c->req->agent_join;
	c->close_after = true;
	if (gw_signin_join_check(c) != 0)
		return -1;
	char hash[128];
	gw_join_hash(c->gw, m->secret != NULL ? m->secret : "", hash);
	store_join j;
	int found = store_join_by_hash(c->gw->db, hash, &j, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return gw_signin_join_wrong(c) != 0
		           ? -1
		           : np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
		                        N_("This join code is not known to this server. Check that "
		                           "it was typed as netpontctl printed it, or ask an "
		                           "administrator for a new one (netpontctl seat renew "
		                           "NAME, or netpontctl seat invite)."));
	store_seat seat;
	const char *name = NULL;
	if (join_usable(c, &j, &seat) != 0 || join_name(c, &j, &seat, &name) != 0)
		return -1;
	assert(c->call->work == GW_WORK_TOKEN_HASH && c->call->work_ok);
	int64_t seat_id = j.seat_id;
	if (seat_id != 0) {
		if (store_seat_set_token_hash(c->gw->db, seat_id, c->call->hash, &c->err) != 0)
			return -1;
		/* An agent still signed in with the seat's old token (a PC
		 * reinstalled under its name) gives way to the joined one. */
		c->drop_seat = seat_id;
	} else if (store_seat_add(c->gw->db, name, c->call->hash, c->now, &seat_id, &c->err) != 0) {
		return -1;
	}
	if (store_join_use(c->gw->db, j.id, seat_id, c->peer->address, c->now, &c->err) != 0 ||
	    gw_audit_for(c, 0, "seat.join", "%s with join code #%lld from %s (host %.63s)", name,
	                 (long long)j.id, c->peer->address,
	                 m->hostname != NULL ? m->hostname : "") != 0)
		return -1;
	fprintf(stderr, "netpontd: %s joined from %s with join code #%lld\n", name,
	        c->peer->address[0] != '\0' ? c->peer->address : "an unknown address",
	        (long long)j.id);
	Netpont__AgentJoined *r =
	    GW_NEW(&c->arena, Netpont__AgentJoined, netpont__agent_joined__init);
	r->seat = gw_strdup(&c->arena, name);
	r->token = gw_strdup(&c->arena, c->call->token);
	r->fingerprint = gw_strdup(&c->arena, c->gw->fingerprint);
	GW_REPLY(c, AGENT_JOINED, agent_joined, r);
	gw_emit_seat(c, seat_id);
	return 0;
}

/* Copies up to max seat rows into a growing array in the arena (the old
 * block is left in the arena until the request ends). */
typedef struct seat_rows {
	gw_ctx *c;
	store_seat *rows;
	size_t n, cap, max;
} seat_rows;

static int collect_seat(void *ctx, const store_seat *row)
{
	seat_rows *sr = ctx;
	if (sr->n == sr->max)
		return 1;
	if (sr->n == sr->cap) {
		size_t ncap = sr->cap ? sr->cap * 2 : 32;
		store_seat *grown = gw_alloc(&sr->c->arena, ncap * sizeof *grown);
		if (sr->c->arena.failed)
			return 1;
		if (sr->n)
			memcpy(grown, sr->rows, sr->n * sizeof *grown);
		sr->rows = grown;
		sr->cap = ncap;
	}
	sr->rows[sr->n++] = *row;
	return 0;
}

static ProtobufCMessage *build_seat_info(void *ctx, size_t i)
{
	seat_rows *sr = ctx;
	Netpont__SeatInfo *info = gw_seat_info(sr->c, &sr->rows[i]);
	return sr->c->arena.failed ? NULL : &info->base;
}

/* One page of the room in name order (netpont.proto, SeatList). */
static int seat_list(gw_ctx *c)
{
	const Netpont__SeatList *m = c->req->seat_list;
	char after[sizeof((store_seat *)0)->name];
	if (np_page_cursor_key(NP_PAGE_SEATS, m->cursor, after, sizeof after) != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("This cursor does not come from a list of seats. Ask for the "
		                     "list again from its first page, without a cursor."));
	Netpont__SeatListReply *r =
	    GW_NEW(&c->arena, Netpont__SeatListReply, netpont__seat_list_reply__init);
	GW_REPLY(c, SEAT_LIST_REPLY, seat_list_reply, r);
	/* Rows are copied out first: building a SeatInfo runs other statements,
	 * which must not interleave with the listing's. One row more than the
	 * page holds tells whether another page follows. */
	size_t rows = np_page_rows(m->page_size);
	seat_rows sr = {.c = c, .max = rows + 1};
	if (store_seat_each(c->gw->db, after, collect_seat, &sr, &c->err) != 0)
		return -1;
	r->seats = gw_alloc(&c->arena, (sr.n + 1) * sizeof *r->seats);
	if (c->arena.failed)
		return -1;
	r->n_seats = np_page_fill(sr.n, rows, build_seat_info, &sr, (void **)r->seats);
	if (r->n_seats < sr.n) {
		char next[NP_PAGE_CURSOR_MAX];
		if (r->n_seats == 0 ||
		    np_page_cursor_make(NP_PAGE_SEATS, sr.rows[r->n_seats - 1].name, next,
		                        sizeof next) != 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			                  N_("The seat %s is too large to list."),
			                  sr.rows[r->n_seats].name);
		r->next_cursor = gw_strdup(&c->arena, next);
	}
	assert(np_frame_encoded_size(&c->reply) + 16 <= NP_FRAME_DEFAULT_MAX);
	return 0;
}

/* The longest warning SeatLock's grace_s may give: enough to save a
 * letter, short enough that a broken PC is not used for long. */
enum { SEAT_LOCK_GRACE_MAX_S = 600 };

/* A lock with a warning: the resident is told at once, and the session's
 * end comes forward to the end of the grace; the session timer then ends it
 * and, the seat being out of order, the PC locks. */
static int seat_lock_after_grace(gw_ctx *c, const store_seat *seat, const store_session *s,
                                 int32_t grace_s)
{
	int64_t ends_at = c->now + grace_s;
	if (ends_at < s->ends_at &&
	    store_session_set_ends_at(c->gw->db, s->id, ends_at, &c->err) != 0)
		return -1;
	Netpont__MessageEvent *me =
	    GW_NEW(&c->arena, Netpont__MessageEvent, netpont__message_event__init);
	char text[256];
	snprintf(text, sizeof text,
	         i18n_text(N_("This PC will be locked for repair in %d seconds. Please save your "
	                      "work now.")),
	         (int)grace_s);
	me->text = gw_strdup(&c->arena, text);
	me->from = gw_strdup(&c->arena, c->peer->staff_name);
	me->at = c->now;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_MESSAGE_EVENT;
	ev.message_event = me;
	gw_emit(c, seat->id, &ev);
	gw_emit_lease(c, seat->id, "");
	gw_emit_seat(c, seat->id);
	return 0;
}

static int seat_lock(gw_ctx *c)
{
	const Netpont__SeatLock *m = c->req->seat_lock;
	store_seat seat;
	if (m->grace_s < 0 || m->grace_s > SEAT_LOCK_GRACE_MAX_S)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The warning before a PC is locked must be between 0 and %d "
		                     "seconds."),
		                  SEAT_LOCK_GRACE_MAX_S);
	if (gw_find_seat(c, m->name, &seat) != 0)
		return -1;
	store_session s;
	int running = store_session_running_on_seat(c->gw->db, seat.id, &s, &c->err);
	if (running < 0)
		return -1;
	/* Already locked, and no session left in its grace: nothing to do. */
	if (seat.out_of_order && running == 0) {
		gw_reply_ok(c);
		return 0;
	}
	if (!seat.out_of_order) {
		int rc = running == 1 && m->grace_s > 0
		             ? gw_audit(c, "seat.lock", "%s in %ds", seat.name, (int)m->grace_s)
		             : gw_audit(c, "seat.lock", "%s", seat.name);
		if (rc != 0 || store_seat_set_out_of_order(c->gw->db, seat.id, true, &c->err) != 0)
			return -1;
	}
	if (running == 1 && m->grace_s > 0)
		return seat_lock_after_grace(c, &seat, &s, m->grace_s);
	if (running == 1)
		return gw_end_session(c, &s, c->now, "seat_locked");
	gw_emit_lease(c, seat.id, "seat_locked");
	gw_emit_seat(c, seat.id);
	return 0;
}

static int seat_unlock(gw_ctx *c)
{
	store_seat seat;
	if (gw_find_seat(c, c->req->seat_unlock->name, &seat) != 0)
		return -1;
	if (!seat.out_of_order)
		return 0;
	if (store_seat_set_out_of_order(c->gw->db, seat.id, false, &c->err) != 0 ||
	    gw_audit(c, "seat.unlock", "%s", seat.name) != 0)
		return -1;
	gw_emit_lease(c, seat.id, "");
	gw_emit_seat(c, seat.id);
	return 0;
}

static int seat_message(gw_ctx *c)
{
	const Netpont__SeatMessage *m = c->req->seat_message;
	store_seat seat;
	if (gw_find_seat(c, m->name, &seat) != 0 ||
	    gw_need_text(c, m->text, 500, N_("The message is missing."),
	                 N_("The message is too long (at most %zu characters).")) != 0)
		return -1;
	if (store_seat_set_message(c->gw->db, seat.id, m->text, &c->err) != 0 ||
	    gw_audit(c, "seat.message", "%s: %s", seat.name, m->text) != 0)
		return -1;
	Netpont__MessageEvent *me =
	    GW_NEW(&c->arena, Netpont__MessageEvent, netpont__message_event__init);
	me->text = gw_strdup(&c->arena, m->text);
	me->from = gw_strdup(&c->arena, c->peer->staff_name);
	me->at = c->now;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_MESSAGE_EVENT;
	ev.message_event = me;
	gw_emit(c, seat.id, &ev);
	gw_emit_seat(c, seat.id);
	return 0;
}

static int print_release(gw_ctx *c)
{
	const Netpont__PrintRelease *m = c->req->print_release;
	store_seat seat;
	if (gw_find_seat(c, m->seat, &seat) != 0 ||
	    gw_need_text(c, m->job_key, HELD_KEY_MAX, N_("The print job's key is missing."),
	                 N_("The print job's key is too long (at most %zu characters).")) != 0)
		return -1;
	/* Only a job the seat's agent says it holds now: anything else would
	 * be forwarded to a PC that cannot act on it, and the mentor would
	 * believe it printed. */
	if (held_find(c->gw->held, seat.id, m->job_key) == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no print waiting on %s with that number."),
		                  seat.name);
	if (gw_audit(c, m->cancel ? "print.cancel" : "print.release", "%s %s", seat.name,
	             m->job_key) != 0)
		return -1;
	Netpont__PrintReleaseEvent *pe =
	    GW_NEW(&c->arena, Netpont__PrintReleaseEvent, netpont__print_release_event__init);
	pe->job_key = gw_strdup(&c->arena, m->job_key);
	pe->cancel = m->cancel;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_PRINT_RELEASE_EVENT;
	ev.print_release_event = pe;
	gw_emit(c, seat.id, &ev);
	gw_reply_ok(c);
	return 0;
}

static int agent_held_prints(gw_ctx *c)
{
	const Netpont__AgentHeldPrints *m = c->req->agent_held_prints;
	if (m->n_jobs > HELD_MAX_PER_SEAT)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A PC may report at most %u held print jobs."),
		                  HELD_MAX_PER_SEAT);
	held_job *jobs = gw_alloc(&c->arena, (m->n_jobs + 1) * sizeof *jobs);
	if (c->arena.failed)
		return -1;
	for (size_t i = 0; i < m->n_jobs; i++) {
		const Netpont__HeldPrint *in = m->jobs[i];
		if (!held_job_fits(in->job_key, in->title) || in->pages < 0 || in->copies < 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("A held print job needs a key and a title of at most "
			                     "%u characters, and no negative page count."),
			                  HELD_KEY_MAX);
		held_job *j = &jobs[i];
		snprintf(j->job_key, sizeof j->job_key, "%s", in->job_key);
		snprintf(j->title, sizeof j->title, "%s", in->title ? in->title : "");
		j->pages = in->pages;
		j->copies = in->copies;
		j->color = in->color;
		j->amount = in->amount;
		j->held_since = in->held_since;
	}
	if (held_set(c->gw->held, c->peer->seat_id, jobs, m->n_jobs) != 0)
		return np_err_no_memory(&c->err);
	gw_emit_seat(c, c->peer->seat_id);
	return 0;
}

/* ------------------------------------------------------------ sessions */

static int reply_session(gw_ctx *c, int64_t session_id)
{
	store_session s;
	if (store_session_by_id(c->gw->db, session_id, &s, &c->err) != 1)
		return -1;
	GW_REPLY(c, SESSION, session, gw_session_info(c, &s));
	return 0;
}

/* Checks that a seat can take a new session: not out of order, not busy. */
static int seat_available(gw_ctx *c, const store_seat *seat, bool self)
{
	if (seat->kiosk_only)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s is an information point: it has no sessions."),
		                  seat->name);
	if (seat->out_of_order)
		return self ? np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_OUT_OF_ORDER,
		                         N_("This PC is out of order. Please ask a mentor."))
		            : np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_OUT_OF_ORDER,
		                         N_("%s is out of order; unlock it first."), seat->name);
	store_session s;
	int running = store_session_running_on_seat(c->gw->db, seat->id, &s, &c->err);
	if (running < 0)
		return -1;
	if (running == 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s is already in use by %s."), seat->name, s.name);
	return 0;
}

/* Checks that the resident has no session running elsewhere. */
static int resident_free(gw_ctx *c, const store_resident *r)
{
	if (r->erased_at != 0)
		return gw_erased_account(&c->err, r);
	store_session s;
	int running = store_session_running_for(c->gw->db, r->id, &s, &c->err);
	if (running < 0)
		return -1;
	if (running == 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s is already using %s."), r->name, s.seat);
	return 0;
}

/* Creates the account of a walk-in guest, guest-<n>, in the default
 * category. */
static int add_guest(gw_ctx *c, store_resident *out)
{
	char category[32];
	store_setting_get(c->gw->db, "default_category", category, sizeof category, NULL);
	int64_t cat = store_category_id(c->gw->db, category, &c->err);
	if (cat < 0)
		return -1;
	if (cat == 0)
		cat = store_category_id(c->gw->db, "standard", &c->err);
	if (cat <= 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("The default fee category %s does not exist; an administrator "
		                     "must fix the default_category setting."),
		                  category);
	char login[64], name[64];
	int64_t n = store_resident_next_guest(c->gw->db);
	snprintf(login, sizeof login, "guest-%lld", (long long)n);
	/* The name is the site's data, read by every mentor: in the site's
	 * language, whoever asked. */
	store_guest_name(c->gw->db, (long long)n, name, sizeof name);
	int64_t id;
	if (store_resident_add(c->gw->db, login, name, "", cat, true, "", c->now, &id, &c->err) !=
	    0)
		return -1;
	return store_resident_by_id(c->gw->db, id, out, &c->err) == 1 ? 0 : -1;
}

static int session_start(gw_ctx *c)
{
	const Netpont__SessionStart *m = c->req->session_start;
	store_seat seat;
	store_resident r;
	if (gw_find_seat(c, m->seat, &seat) != 0 || seat_available(c, &seat, false) != 0)
		return -1;
	if (m->seconds < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The time must be a positive number of minutes."));
	bool guest = m->guest;
	if (guest && m->resident_login && m->resident_login[0])
		return np_err_set(
		    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("Start a session either for a resident or for a guest, not both."));
	if (!guest && (m->resident_login == NULL || m->resident_login[0] == '\0'))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say whose session it is: a resident's login, or a guest."));
	int64_t used = 0;
	if (!guest) {
		if (gw_find_resident(c, m->resident_login, &r) != 0 || resident_free(c, &r) != 0)
			return -1;
		used = gw_used_today(c, r.id);
	}
	/* A booked PC takes the booking's resident, a course's participants or
	 * guest, or a walk-in only until the next booking. */
	gw_pc_login booked = {.kind = guest ? RULES_SESSION_MENTOR_GUEST
	                                    : RULES_SESSION_MENTOR_RESIDENT,
	                      .requested_s = m->seconds,
	                      .by_staff = true};
	if (gw_pc_login_check(c, &seat, guest ? NULL : &r, &booked) != 0)
		return -1;
	time_t ends_at;
	if (rules_session_end(&c->rules, (time_t)c->now, booked.kind, booked.requested_s, used,
	                      &ends_at, &c->err) != 0)
		return -1;
	gw_pc_login_cap(&booked, &ends_at);
	if (guest && add_guest(c, &r) != 0)
		return -1;
	int64_t id;
	if (store_session_start(c->gw->db, seat.id, r.id, guest || r.guest, c->now,
	                        (int64_t)ends_at, c->peer->staff_id, &id, &c->err) != 0 ||
	    gw_pc_login_started(c, &booked, id, &r, seat.id) != 0 ||
	    gw_audit(c, "session.start", "%s %s until %lld", seat.name, r.login,
	             (long long)ends_at) != 0)
		return -1;
	if (gw_close_seat_help(c, seat.id, "session_started") != 0)
		return -1;
	gw_emit_lease(c, seat.id, "");
	gw_emit_seat(c, seat.id);
	return reply_session(c, id);
}

/* The running session on a named seat, or NOT_FOUND. */
static int running_on(gw_ctx *c, const char *seat_name, store_session *s)
{
	store_seat seat;
	if (gw_find_seat(c, seat_name, &seat) != 0)
		return -1;
	int running = store_session_running_on_seat(c->gw->db, seat.id, s, &c->err);
	if (running == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("No session is running on %s."), seat.name);
	return running == 1 ? 0 : -1;
}

static int session_extend(gw_ctx *c)
{
	const Netpont__SessionExtend *m = c->req->session_extend;
	store_session s;
	if (running_on(c, m->seat, &s) != 0)
		return -1;
	time_t ends_at;
	if (rules_session_extend(&c->rules, (time_t)c->now, (time_t)s.ends_at, m->seconds, &ends_at,
	                         &c->err) != 0 ||
	    gw_pc_extend_check(c, &s, (int64_t)ends_at) != 0)
		return -1;
	if (store_session_set_ends_at(c->gw->db, s.id, (int64_t)ends_at, &c->err) != 0 ||
	    gw_audit(c, "session.extend", "%s %s by %llds until %lld", s.seat, s.login,
	             (long long)m->seconds, (long long)ends_at) != 0)
		return -1;
	gw_emit_lease(c, s.seat_id, "");
	gw_emit_seat(c, s.seat_id);
	return reply_session(c, s.id);
}

static int session_end(gw_ctx *c)
{
	store_session s;
	if (running_on(c, c->req->session_end->seat, &s) != 0)
		return -1;
	if (gw_end_session(c, &s, c->now, "mentor") != 0 ||
	    gw_audit(c, "session.end", "%s %s", s.seat, s.login) != 0)
		return -1;
	return reply_session(c, s.id);
}

/* ------------------------------------------------------------ agents */

static int agent_login(gw_ctx *c)
{
	const Netpont__AgentLogin *m = c->req->agent_login;
	gw_call *call = c->call;
	store_seat seat;
	store_resident r;
	if (store_seat_by_id(c->gw->db, c->peer->seat_id, &seat, &c->err) != 1)
		return -1;
	if (seat_available(c, &seat, true) != 0)
		return -1;
	if (store_resident_by_id(c->gw->db, call->subject_id, &r, &c->err) != 1)
		return gw_no_account(&c->err, m->login);
	/* Someone may have changed the PIN while it was being checked. */
	if (strcmp(r.pin_hash, call->hash) != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Your PIN was just changed; please try again."));
	if (gw_signin_resident_check(c->gw->db, c->now, &r, c->peer, &c->err) != 0)
		return -1;
	if (!call->work_ok)
		return gw_signin_resident_wrong(c, &r, &seat);
	if (gw_signin_resident_clear(c, &r) != 0)
		return -1;
	if (resident_free(c, &r) != 0)
		return -1;
	gw_pc_login booked = {.kind = RULES_SESSION_SELF};
	if (gw_pc_login_check(c, &seat, &r, &booked) != 0)
		return -1;
	time_t ends_at;
	if (rules_session_end(&c->rules, (time_t)c->now, booked.kind, booked.requested_s,
	                      gw_used_today(c, r.id), &ends_at, &c->err) != 0)
		return -1;
	gw_pc_login_cap(&booked, &ends_at);
	int64_t id;
	if (store_session_start(c->gw->db, seat.id, r.id, false, c->now, (int64_t)ends_at, 0, &id,
	                        &c->err) != 0 ||
	    gw_pc_login_started(c, &booked, id, &r, seat.id) != 0)
		return -1;
	np_log(NP_LOG_INFO, "%s logged in at %s", r.login, seat.name);
	if (gw_close_seat_help(c, seat.id, "session_started") != 0)
		return -1;
	gw_emit_lease(c, seat.id, "");
	gw_emit_seat(c, seat.id);
	return reply_session(c, id);
}

static int agent_logout(gw_ctx *c)
{
	store_session s;
	int running = store_session_running_on_seat(c->gw->db, c->peer->seat_id, &s, &c->err);
	if (running < 0)
		return -1;
	if (running == 0)
		return 0; /* nobody is logged in: nothing to do, Ok */
	int64_t wanted = c->req->agent_logout->session_id;
	if (wanted != 0 && wanted != s.id) {
		/* A logout said again after a reconnect, for a session that has
		 * ended meanwhile: the one running now is someone else's. */
		np_log(NP_LOG_NOTICE,
		       "%s: logout of session %lld ignored; session %lld of %s runs "
		       "there now",
		       s.seat, (long long)wanted, (long long)s.id, s.login);
		return 0;
	}
	/* A logout the agent held while the server was away counts from when
	 * the resident pressed it (bounded: a PC's clock is not trusted past
	 * the session's own start and end). */
	int64_t at =
	    (int64_t)rules_logout_time((time_t)c->req->agent_logout->at, (time_t)s.started_at,
	                               (time_t)s.ends_at, (time_t)c->now);
	if (gw_end_session(c, &s, at, "logout") != 0)
		return -1;
	if (at < c->now)
		np_log(NP_LOG_INFO, "%s logged out at %s %llds ago (held by the PC)", s.login,
		       s.seat, (long long)(c->now - at));
	else
		np_log(NP_LOG_INFO, "%s logged out at %s", s.login, s.seat);
	return reply_session(c, s.id);
}

static int agent_help(gw_ctx *c)
{
	const Netpont__AgentHelp *m = c->req->agent_help;
	const char *text = m->text ? m->text : "";
	if (strlen(text) > 500)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The help text is too long (at most 500 characters)."));
	store_help h;
	int open = store_help_open_for_seat(c->gw->db, c->peer->seat_id, &h, &c->err);
	if (open < 0)
		return -1;
	if (open == 0) {
		/* One open call per seat: a second press returns the first. */
		store_session s;
		int running = store_session_running_on_seat(c->gw->db, c->peer->seat_id, &s, NULL);
		int64_t id;
		if (store_help_raise(c->gw->db, c->peer->seat_id, running == 1 ? s.id : 0,
		                     running == 1 ? s.resident_id : 0, text, c->now, &id,
		                     &c->err) != 0 ||
		    store_help_by_id(c->gw->db, id, &h, &c->err) != 1)
			return -1;
		np_log(NP_LOG_INFO, "help call %lld from %s", (long long)id, h.seat);
		gw_emit_help(c, &h);
		gw_emit_seat(c, h.seat_id);
	}
	GW_REPLY(c, HELP_CALL, help_call, gw_help_call(c, &h));
	return 0;
}

static int agent_help_cancel(gw_ctx *c)
{
	store_help h;
	int open = store_help_open_for_seat(c->gw->db, c->peer->seat_id, &h, &c->err);
	if (open < 0)
		return -1;
	if (open == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no call for a mentor from this PC to take back."));
	if (store_help_cancel(c->gw->db, h.id, c->now, &c->err) != 0 ||
	    gw_audit(c, "help.cancel", "%lld %s", (long long)h.id, h.seat) != 0 ||
	    store_help_by_id(c->gw->db, h.id, &h, &c->err) != 1)
		return -1;
	np_log(NP_LOG_INFO, "help call %lld from %s taken back", (long long)h.id, h.seat);
	gw_emit_help(c, &h);
	gw_emit_seat(c, h.seat_id);
	GW_REPLY(c, HELP_CALL, help_call, gw_help_call(c, &h));
	return 0;
}

/* What an agent did on its own that staff should know about. It is
 * audited, and shown to staff as a help call from the PC (the console's
 * help page is where mentors look for what needs them at a PC); one open
 * call per seat, as for a resident's call, so that a repeated trick does
 * not flood the page. The call goes to staff only: the PC's screen must not
 * claim that its resident called a mentor. */
static int agent_incident(gw_ctx *c)
{
	const Netpont__AgentIncident *m = c->req->agent_incident;
	const char *what = m->what != NULL ? m->what : "";
	const char *detail = m->detail != NULL ? m->detail : "";
	size_t n = strlen(what);
	bool word = n > 0 && n <= 32;
	for (size_t i = 0; i < n && word; i++)
		word = (what[i] >= 'a' && what[i] <= 'z') || what[i] == '_';
	if (!word)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("An incident needs a name of 1 to 32 letters a-z or '_'."));
	if (strlen(detail) > 300)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("An incident's detail is too long (at most 300 characters)."));
	const char *seat = c->peer->seat_name;
	if (gw_audit(c, "seat.incident", "%s %s: %s", seat, what, detail) != 0)
		return -1;
	np_log(NP_LOG_WARNING, "%s: incident %s: %s", seat, what, detail);
	store_help h;
	int open = store_help_open_for_seat(c->gw->db, c->peer->seat_id, &h, &c->err);
	if (open < 0)
		return -1;
	if (open == 0) {
		char text[512];
		if (strcmp(what, "unleased_session") == 0)
			snprintf(
			    text, sizeof text,
			    "%s ended a desktop session of the public account that ran without "
			    "a session granted here (%s). Please have a look at the PC.",
			    seat, detail);
		else
			snprintf(text, sizeof text, "%s reports %s (%s).", seat, what, detail);
		/* A long seat name and detail may be cut mid-character. */
		gw_utf8_mend(text);
		int64_t id;
		if (store_help_raise(c->gw->db, c->peer->seat_id, 0, 0, text, c->now, &id,
		                     &c->err) != 0 ||
		    store_help_by_id(c->gw->db, id, &h, &c->err) != 1)
			return -1;
		Netpont__HelpEvent *he =
		    GW_NEW(&c->arena, Netpont__HelpEvent, netpont__help_event__init);
		he->call = gw_help_call(c, &h);
		Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
		ev.body_case = NETPONT__ENVELOPE__BODY_HELP_EVENT;
		ev.help_event = he;
		gw_emit(c, 0, &ev);
		gw_emit_seat(c, c->peer->seat_id);
	}
	gw_reply_ok(c);
	return 0;
}

static int agent_sync(gw_ctx *c)
{
	const Netpont__AgentSync *m = c->req->agent_sync;
	char reason[16] = "";
	if (m->session_id > 0) {
		/* The agent's session ended while it was away: say why. */
		store_session s;
		if (store_session_by_id(c->gw->db, m->session_id, &s, NULL) == 1 && s.ended_at &&
		    s.seat_id == c->peer->seat_id)
			snprintf(reason, sizeof reason, "%s", s.end_reason);
	}
	if (gw_touch_seat(c) != 0)
		return -1;
	GW_REPLY(c, LEASE_EVENT, lease_event, gw_lease(c, c->peer->seat_id, reason));
	return 0;
}

/* ------------------------------------------------------------ help calls */

/* The help calls a HelpList page is made from. */
typedef struct help_rows {
	gw_ctx *c;
	store_help *rows;
} help_rows;

static ProtobufCMessage *build_help_call(void *ctx, size_t i)
{
	help_rows *hr = ctx;
	Netpont__HelpCall *call = gw_help_call(hr->c, &hr->rows[i]);
	return hr->c->arena.failed ? NULL : &call->base;
}

/* One page of the newest help calls, oldest first (netpont.proto,
 * HelpList). */
static int help_list(gw_ctx *c)
{
	enum { MAX = 1000 };
	const Netpont__HelpList *m = c->req->help_list;
	int64_t after = 0;
	if (np_page_cursor_numbers(NP_PAGE_HELP, m->cursor, &after, 1) < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("This cursor does not come from a list of help calls. Ask for "
		                     "the list again from its first page, without a cursor."));
	Netpont__HelpListReply *r =
	    GW_NEW(&c->arena, Netpont__HelpListReply, netpont__help_list_reply__init);
	GW_REPLY(c, HELP_LIST_REPLY, help_list_reply, r);
	help_rows hr = {.c = c, .rows = gw_alloc(&c->arena, MAX * sizeof *hr.rows)};
	if (c->arena.failed)
		return -1;
	int n = store_help_list(c->gw->db, m->include_resolved, after, hr.rows, MAX, &c->err);
	if (n < 0)
		return -1;
	r->calls = gw_alloc(&c->arena, ((size_t)n + 1) * sizeof *r->calls);
	if (c->arena.failed)
		return -1;
	r->n_calls = np_page_fill((size_t)n, np_page_rows(m->page_size), build_help_call, &hr,
	                          (void **)r->calls);
	/* A later page that came full may have more calls after it. */
	if (r->n_calls < (size_t)n || (after > 0 && n == MAX)) {
		char key[32], next[NP_PAGE_CURSOR_MAX];
		if (r->n_calls == 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			                  N_("The help call #%lld is too large to list."),
			                  (long long)hr.rows[0].id);
		snprintf(key, sizeof key, "%lld", (long long)hr.rows[r->n_calls - 1].id);
		if (np_page_cursor_make(NP_PAGE_HELP, key, next, sizeof next) == 0)
			r->next_cursor = gw_strdup(&c->arena, next);
	}
	assert(np_frame_encoded_size(&c->reply) + 16 <= NP_FRAME_DEFAULT_MAX);
	return 0;
}

static int find_help(gw_ctx *c, int64_t id, store_help *h)
{
	int found = store_help_by_id(c->gw->db, id, h, &c->err);
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no help call number %lld."), (long long)id);
	return found == 1 ? 0 : -1;
}

/* Answers (resolve = false) or resolves a help call, with topic and
 * outcome (resolve only; NULL or "" = not said). Doing it twice is not an
 * error: the call is returned as it is, naming who answered; an outcome
 * given for a call a mentor already resolved is written then. */
static int help_step(gw_ctx *c, int64_t id, bool resolve, const char *topic, const char *outcome)
{
	if (topic != NULL && topic[0] != '\0' && !store_help_topic_ok(topic))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("There is no help topic called %s: say job_search, cv, "
		                     "e_government, letter, printing or other."),
		                  topic);
	if (outcome != NULL && gw_progress_outcome_check(c, outcome) != 0)
		return -1;
	bool with_outcome = outcome != NULL && outcome[0] != '\0';
	store_help h;
	if (find_help(c, id, &h) != 0)
		return -1;
	if (with_outcome && h.cancelled_at != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("Help call %lld was closed without a mentor, so nothing "
		                     "came of it to write down."),
		                  (long long)id);
	bool done = resolve ? h.resolved_at != 0 : (h.acknowledged_at != 0 || h.resolved_at != 0);
	bool new_outcome = resolve && with_outcome && strcmp(h.outcome, outcome) != 0;
	if (!done || new_outcome) {
		int rc = !done && resolve ? store_help_resolve(c->gw->db, id, c->peer->staff_id,
		                                               topic, c->now, &c->err)
		         : !done ? store_help_ack(c->gw->db, id, c->peer->staff_id, c->now, &c->err)
		                 : 0;
		if (rc == 0 && new_outcome)
			rc = store_help_set_outcome(c->gw->db, id, outcome, &c->err);
		if (rc != 0)
			return -1;
		if (!done && gw_audit(c, resolve ? "help.resolve" : "help.ack", "%lld %s",
		                      (long long)id, h.seat) != 0)
			return -1;
		if (done && gw_audit(c, "help.outcome", "%lld %s", (long long)id, h.seat) != 0)
			return -1;
		if (find_help(c, id, &h) != 0)
			return -1;
		gw_emit_help(c, &h);
		if (!done)
			gw_emit_seat(c, h.seat_id);
	}
	GW_REPLY(c, HELP_CALL, help_call, gw_help_call(c, &h));
	return 0;
}

static int help_ack(gw_ctx *c)
{
	return help_step(c, c->req->help_ack->id, false, NULL, NULL);
}

static int help_resolve(gw_ctx *c)
{
	return help_step(c, c->req->help_resolve->id, true, c->req->help_resolve->topic,
	                 c->req->help_resolve->outcome);
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_room_routes[] = {
    {NETPONT__ENVELOPE__BODY_PING, R_ANY | R_READ_ONLY, ping, NULL},
    {NETPONT__ENVELOPE__BODY_SEAT_ADD, R_ADMIN, seat_add,
     N_("Only an administrator can enrol a PC.")},
    {NETPONT__ENVELOPE__BODY_SEAT_LIST, R_VIEW | R_READ_ONLY, seat_list, NULL},
    {NETPONT__ENVELOPE__BODY_SEAT_REMOVE, R_ADMIN, seat_remove,
     N_("Only an administrator can remove a PC.")},
    {NETPONT__ENVELOPE__BODY_SEAT_RENEW, R_ADMIN, seat_renew,
     N_("Only an administrator can renew a PC's token.")},
    {NETPONT__ENVELOPE__BODY_SEAT_INVITE, R_ADMIN, seat_invite,
     N_("Only an administrator can invite a PC to join.")},
    {NETPONT__ENVELOPE__BODY_AGENT_JOIN, R_STRANGER, seat_join,
     N_("A join code is redeemed on a connection of its own, before any hello.")},
    {NETPONT__ENVELOPE__BODY_SEAT_LOCK, R_ROOM, seat_lock,
     N_("Only a mentor or an administrator can lock a seat.")},
    {NETPONT__ENVELOPE__BODY_SEAT_UNLOCK, R_ROOM, seat_unlock,
     N_("Only a mentor or an administrator can unlock a seat.")},
    {NETPONT__ENVELOPE__BODY_SEAT_MESSAGE, R_ROOM, seat_message,
     N_("Only a mentor or an administrator can send a message to a seat.")},
    {NETPONT__ENVELOPE__BODY_SESSION_START, R_ROOM, session_start,
     N_("Only a mentor or an administrator can start a session.")},
    {NETPONT__ENVELOPE__BODY_SESSION_EXTEND, R_ROOM, session_extend,
     N_("Only a mentor or an administrator can extend a session.")},
    {NETPONT__ENVELOPE__BODY_SESSION_END, R_ROOM, session_end,
     N_("Only a mentor or an administrator can end a session.")},
    {NETPONT__ENVELOPE__BODY_HELP_LIST, R_VIEW | R_READ_ONLY, help_list, NULL},
    {NETPONT__ENVELOPE__BODY_HELP_ACK, R_ROOM, help_ack,
     N_("Only a mentor or an administrator can answer a help call.")},
    {NETPONT__ENVELOPE__BODY_HELP_RESOLVE, R_ROOM, help_resolve,
     N_("Only a mentor or an administrator can resolve a help call.")},
    {NETPONT__ENVELOPE__BODY_PRINT_RELEASE, R_ROOM, print_release,
     N_("Only a mentor or an administrator can release a print job.")},
    {NETPONT__ENVELOPE__BODY_AGENT_LOGIN, R_AGENT, agent_login,
     N_("Only a public PC's agent can log in at a PC.")},
    {NETPONT__ENVELOPE__BODY_AGENT_LOGOUT, R_AGENT, agent_logout,
     N_("Only a public PC's agent can log out at a PC.")},
    {NETPONT__ENVELOPE__BODY_AGENT_HELP, R_AGENT, agent_help,
     N_("Only a public PC's agent can call a mentor from a PC.")},
    {NETPONT__ENVELOPE__BODY_AGENT_HELP_CANCEL, R_AGENT, agent_help_cancel,
     N_("Only a public PC's agent can take back a call for a mentor.")},
    {NETPONT__ENVELOPE__BODY_AGENT_INCIDENT, R_AGENT, agent_incident,
     N_("Only a public PC's agent can report an incident at a PC.")},
    {NETPONT__ENVELOPE__BODY_AGENT_SYNC, R_AGENT | R_READ_ONLY, agent_sync,
     N_("Only a public PC's agent can sync a PC.")},
    {NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS, R_AGENT | R_READ_ONLY, agent_held_prints,
     N_("Only a public PC's agent can report the print jobs it holds.")},
};
const size_t gw_room_route_count = sizeof gw_room_routes / sizeof gw_room_routes[0];
