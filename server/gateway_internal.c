/* The helpers every gateway handler file shares: the request arena, events,
 * the builders of reply messages, lookups that refuse with a sentence, text
 * checks, the audit trail, ledger entries and the end of a session. They
 * sit below the handler files (gateway_room.c, gateway_admin.c,
 * gateway_money.c) and gateway.c, and call none of them. */
#include "gateway_internal.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "store/audit.h"
#include "store/joins.h"
#include "store/ledger.h"
#include "store/tariffs.h"

/* ------------------------------------------------------------ the arena */

struct gw_arena_chunk {
	gw_arena_chunk *next;
	size_t used, cap;
	max_align_t data[];
};

void *gw_alloc(gw_arena *a, size_t size)
{
	static max_align_t scratch[64];
	size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	gw_arena_chunk *h = a->head;
	if (h == NULL || h->cap - h->used < size) {
		size_t cap = size > 16384 ? size : 16384;
		gw_arena_chunk *n = malloc(sizeof *n + cap);
		if (n == NULL) {
			a->failed = true;
			memset(scratch, 0, sizeof scratch);
			return size <= sizeof scratch ? (void *)scratch : NULL;
		}
		n->next = h;
		n->used = 0;
		n->cap = cap;
		a->head = h = n;
	}
	void *p = (char *)h->data + h->used;
	h->used += size;
	memset(p, 0, size);
	return p;
}

char *gw_strdup(gw_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = gw_alloc(a, n);
	if (p == NULL || a->failed)
		return (char *)"";
	memcpy(p, s, n);
	return p;
}

void gw_arena_free(gw_arena *a)
{
	while (a->head != NULL) {
		gw_arena_chunk *n = a->head->next;
		free(a->head);
		a->head = n;
	}
}

/* ------------------------------------------------------------ seats */

int gw_touch_seat(gw_ctx *c)
{
	if (gw_seen_note(c->gw, c->peer->seat_id, c->now, false) != 0)
		return np_err_no_memory(&c->err);
	return 0;
}

/* ------------------------------------------------------------ events */

void gw_emit(gw_ctx *c, int64_t seat_id, Netpont__Envelope *ev)
{
	size_t len = np_frame_encoded_size(ev);
	gw_event *e = malloc(sizeof *e + len);
	if (e == NULL) {
		c->arena.failed = true;
		return;
	}
	e->next = NULL;
	e->seat_id = seat_id;
	e->len = np_frame_pack(ev, e->frame);
	assert(e->len == len);
	*c->events_tail = e;
	c->events_tail = &e->next;
}

Netpont__SessionInfo *gw_session_info(gw_ctx *c, const store_session *s)
{
	Netpont__SessionInfo *i =
	    GW_NEW(&c->arena, Netpont__SessionInfo, netpont__session_info__init);
	i->id = s->id;
	i->seat = gw_strdup(&c->arena, s->seat);
	i->resident_login = gw_strdup(&c->arena, s->login);
	i->resident_name = gw_strdup(&c->arena, s->name);
	i->guest = s->guest;
	i->started_at = s->started_at;
	i->ends_at = s->ends_at;
	i->remaining_s = s->ended_at ? 0 : rules_remaining((time_t)s->ends_at, (time_t)c->now);
	i->ended_at = s->ended_at;
	i->end_reason = gw_strdup(&c->arena, s->end_reason);
	i->server_time = c->now;
	i->started_by = gw_strdup(&c->arena, s->started_by_name);
	i->category = gw_strdup(&c->arena, s->category);
	if (s->ended_at == 0) {
		/* A store error leaves the cost unknown (0), never the reply
		 * refused: the lease matters more than the price on screen. */
		store_session_rate(c->gw->db, s->resident_id, &i->block_s, &i->block_price, NULL);
		store_session_prints_charged(c->gw->db, s->id, &i->prints_charged, NULL);
	}
	gw_pc_session_info(c, s, i);
	return i;
}

static bool seat_connected(gw_ctx *c, int64_t seat_id)
{
	const gateway_hooks *h = &c->gw->hooks;
	return h->seat_connected ? h->seat_connected(h->ctx, seat_id) : false;
}

Netpont__SeatInfo *gw_seat_info(gw_ctx *c, const store_seat *seat)
{
	Netpont__SeatInfo *i = GW_NEW(&c->arena, Netpont__SeatInfo, netpont__seat_info__init);
	i->name = gw_strdup(&c->arena, seat->name);
	i->connected = seat_connected(c, seat->id);
	i->out_of_order = seat->out_of_order;
	i->kiosk_only = seat->kiosk_only;
	i->message = gw_strdup(&c->arena, seat->message);
	/* The agent may have been heard from since the row was last written
	 * (gateway_seen.c). */
	int64_t heard = gw_seen_get(c->gw, seat->id);
	i->last_seen = heard > seat->last_seen ? heard : seat->last_seen;
	i->removed = seat->removed_at != 0;
	store_session s;
	bool running = store_session_running_on_seat(c->gw->db, seat->id, &s, NULL) == 1;
	if (running)
		i->session = gw_session_info(c, &s);
	store_help h;
	if (store_help_open_for_seat(c->gw->db, seat->id, &h, NULL) == 1) {
		i->help_id = h.id;
		i->help_state = h.acknowledged_at ? NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED
		                                  : NETPONT__HELP_STATE__HELP_STATE_OPEN;
	}
	size_t n_held;
	const held_job *held = held_get(c->gw->held, seat->id, &n_held);
	if (n_held > 0) {
		i->held_prints = gw_alloc(&c->arena, n_held * sizeof *i->held_prints);
		for (size_t k = 0; k < n_held && !c->arena.failed; k++) {
			Netpont__HeldPrint *hp =
			    GW_NEW(&c->arena, Netpont__HeldPrint, netpont__held_print__init);
			hp->job_key = gw_strdup(&c->arena, held[k].job_key);
			hp->title = gw_strdup(&c->arena, held[k].title);
			hp->pages = held[k].pages;
			hp->copies = held[k].copies;
			hp->color = held[k].color;
			hp->amount = held[k].amount;
			hp->held_since = held[k].held_since;
			i->held_prints[i->n_held_prints++] = hp;
		}
	}
	if (seat->out_of_order)
		i->state = NETPONT__SEAT_STATE__SEAT_STATE_LOCKED;
	else if (!i->connected)
		i->state = NETPONT__SEAT_STATE__SEAT_STATE_OFFLINE;
	else if (running)
		i->state = NETPONT__SEAT_STATE__SEAT_STATE_IN_USE;
	else
		i->state = NETPONT__SEAT_STATE__SEAT_STATE_FREE;
	return i;
}

Netpont__HelpCall *gw_help_call(gw_ctx *c, const store_help *h)
{
	Netpont__HelpCall *m = GW_NEW(&c->arena, Netpont__HelpCall, netpont__help_call__init);
	m->id = h->id;
	m->seat = gw_strdup(&c->arena, h->seat);
	m->text = gw_strdup(&c->arena, h->text);
	m->state = h->cancelled_at      ? NETPONT__HELP_STATE__HELP_STATE_CANCELLED
	           : h->resolved_at     ? NETPONT__HELP_STATE__HELP_STATE_RESOLVED
	           : h->acknowledged_at ? NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED
	                                : NETPONT__HELP_STATE__HELP_STATE_OPEN;
	m->raised_at = h->raised_at;
	m->acknowledged_at = h->acknowledged_at;
	m->resolved_at = h->resolved_at;
	m->acknowledged_by = gw_strdup(&c->arena, h->acknowledged_by);
	m->resolved_by = gw_strdup(&c->arena, h->resolved_by);
	m->resident_login = gw_strdup(&c->arena, h->login);
	m->acknowledged_by_display = gw_strdup(&c->arena, h->acknowledged_by_display);
	m->topic = gw_strdup(&c->arena, h->topic);
	m->close_reason = gw_strdup(&c->arena, h->close_reason);
	m->outcome = gw_strdup(&c->arena, h->outcome);
	return m;
}

void gw_emit_seat(gw_ctx *c, int64_t seat_id)
{
	store_seat seat;
	if (store_seat_by_id(c->gw->db, seat_id, &seat, NULL) != 1)
		return;
	Netpont__SeatEvent *se = GW_NEW(&c->arena, Netpont__SeatEvent, netpont__seat_event__init);
	se->seat = gw_seat_info(c, &seat);
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_SEAT_EVENT;
	ev.seat_event = se;
	gw_emit(c, 0, &ev);
}

Netpont__LeaseEvent *gw_lease(gw_ctx *c, int64_t seat_id, const char *reason)
{
	Netpont__LeaseEvent *le =
	    GW_NEW(&c->arena, Netpont__LeaseEvent, netpont__lease_event__init);
	store_seat seat;
	if (store_seat_by_id(c->gw->db, seat_id, &seat, NULL) == 1) {
		le->out_of_order = seat.out_of_order;
		le->kiosk_only = seat.kiosk_only;
	}
	store_session s;
	if (store_session_running_on_seat(c->gw->db, seat_id, &s, NULL) == 1) {
		le->unlocked = true;
		le->session = gw_session_info(c, &s);
	} else {
		le->reason = gw_strdup(&c->arena, reason ? reason : "");
	}
	char close[8];
	rules_close_time_today(&c->rules, (time_t)c->now, close, sizeof close);
	le->close_time = gw_strdup(&c->arena, close);
	le->open_time = gw_open_time(c);
	le->open_days = gw_open_days(c);
	gw_hours_now(c, &le->closes_at, &le->opens_at, &le->hours_today);
	return le;
}

void gw_hours_now(gw_ctx *c, int64_t *closes_at, int64_t *opens_at, char **hours_today)
{
	time_t now = (time_t)c->now;
	time_t close = rules_closes_at(&c->rules, now);
	time_t open = rules_next_opening(&c->rules, close != 0 ? close : now);
	*closes_at = (int64_t)close;
	*opens_at = open == (time_t)-1 ? 0 : (int64_t)open;
	char today[64];
	rules_hours_today(&c->rules, now, today, sizeof today);
	*hours_today = gw_strdup(&c->arena, today);
}

char *gw_open_time(gw_ctx *c)
{
	char hhmm[8];
	rules_format_hhmm(rules_legacy_open_time(&c->rules, (time_t)c->now), hhmm, sizeof hhmm);
	return gw_strdup(&c->arena, hhmm);
}

char *gw_open_days(gw_ctx *c)
{
	char days[8];
	rules_format_open_days(&c->rules, days, sizeof days);
	return gw_strdup(&c->arena, days);
}

void gw_emit_lease(gw_ctx *c, int64_t seat_id, const char *reason)
{
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_LEASE_EVENT;
	ev.lease_event = gw_lease(c, seat_id, reason);
	gw_emit(c, seat_id, &ev);
}

void gw_emit_help(gw_ctx *c, const store_help *h)
{
	Netpont__HelpEvent *he = GW_NEW(&c->arena, Netpont__HelpEvent, netpont__help_event__init);
	he->call = gw_help_call(c, h);
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_HELP_EVENT;
	ev.help_event = he;
	gw_emit(c, 0, &ev);
	/* What came of it is for staff: the PC is not told. */
	he->call->outcome = (char *)"";
	gw_emit(c, h->seat_id, &ev);
}

void gw_reply_ok(gw_ctx *c)
{
	Netpont__Ok *ok = GW_NEW(&c->arena, Netpont__Ok, netpont__ok__init);
	GW_REPLY(c, OK, ok, ok);
}

static int audit_v(gw_ctx *c, int64_t staff_id, const char *action, const char *fmt, va_list ap)
{
	char detail[512];
	vsnprintf(detail, sizeof detail, fmt, ap);
	return store_audit(c->gw->db, c->now, staff_id, action, detail, &c->err);
}

int gw_audit(gw_ctx *c, const char *action, const char *fmt, ...)
{
	int64_t staff = c->peer && c->peer->kind == GW_PEER_STAFF ? c->peer->staff_id : 0;
	va_list ap;
	va_start(ap, fmt);
	int rc = audit_v(c, staff, action, fmt, ap);
	va_end(ap);
	return rc;
}

int gw_audit_for(gw_ctx *c, int64_t staff_id, const char *action, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = audit_v(c, staff_id, action, fmt, ap);
	va_end(ap);
	return rc;
}

/* ------------------------------------------------------------ shared checks */

/* The length of the valid UTF-8 sequence p starts, or 0 when it starts
 * none. The lead byte says how many continuation bytes follow and the
 * smallest code point the sequence may encode, so that overlong forms (a
 * second spelling of '/' or '\0') count as invalid. */
static size_t utf8_sequence(const unsigned char *p)
{
	if (*p < 0x80)
		return 1;
	size_t need;
	uint32_t cp, min;
	if (*p >= 0xc2 && *p <= 0xdf)
		need = 1, cp = *p & 0x1fu, min = 0x80;
	else if (*p >= 0xe0 && *p <= 0xef)
		need = 2, cp = *p & 0x0fu, min = 0x800;
	else if (*p >= 0xf0 && *p <= 0xf4)
		need = 3, cp = *p & 0x07u, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need + 1;
}

bool gw_utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p != 0) {
		size_t n = utf8_sequence(p);
		if (n == 0)
			return false;
		p += n;
	}
	return true;
}

void gw_utf8_mend(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (p != NULL && *p != 0) {
		size_t n = utf8_sequence(p);
		if (n == 0)
			*p++ = '?';
		else
			p += n;
	}
}

void gw_mend_print_titles(Netpont__Envelope *req)
{
	if (req->body_case == NETPONT__ENVELOPE__BODY_AGENT_PRINT) {
		gw_utf8_mend(req->agent_print->title);
		gw_utf8_mend(req->agent_print->printer);
	} else if (req->body_case == NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS) {
		for (size_t i = 0; i < req->agent_held_prints->n_jobs; i++)
			gw_utf8_mend(req->agent_held_prints->jobs[i]->title);
	}
}

bool gw_text_ok(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && strlen(s) <= max && gw_utf8_ok(s);
}

int gw_need_text(gw_ctx *c, const char *s, size_t max, const char *missing, const char *too_long)
{
	if (s == NULL || s[0] == '\0')
		return np_err_set_text(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                       missing);
	if (strlen(s) > max)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, too_long,
		                  max);
	if (!gw_utf8_ok(s))
		return gw_utf8_refused(&c->err, "text");
	return 0;
}

int gw_utf8_refused(np_err *err, const char *field)
{
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The %s in this request is not valid UTF-8 text; nothing was "
	                     "changed."),
	                  field);
}

/* The field of a message (or of a message inside it) whose text is not
 * valid UTF-8, or NULL when every text is. Oneof members count only when
 * they are the chosen one, because they share their memory. */
static const char *message_bad_text(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *at = (const char *)m + f->offset;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
			continue;
		if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		size_t n = 1;
		const void *const *items = (const void *const *)at;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)((const char *)m + f->quantifier_offset);
			items = *(const void *const *const *)at;
		}
		for (size_t k = 0; k < n; k++) {
			if (items[k] == NULL)
				continue;
			if (f->type == PROTOBUF_C_TYPE_STRING) {
				if (!gw_utf8_ok(items[k]))
					return f->name;
			} else {
				const char *bad = message_bad_text(items[k]);
				if (bad != NULL)
					return bad;
			}
		}
	}
	return NULL;
}

int gw_request_text_check(const Netpont__Envelope *req, np_err *err)
{
	const char *bad = message_bad_text(&req->base);
	return bad == NULL ? 0 : gw_utf8_refused(err, bad);
}

/* ------------------------------------------------------------ join codes */

void gw_join_hash(const gateway *gw, const char *secret, char out[128])
{
	gw_token_hash(gw->join_key, secret, out);
}

int gw_join_code_new(gw_ctx *c, int64_t seat_id, Netpont__SeatAdded *r)
{
	assert(c->call != NULL && c->call->join_secret[0] != '\0');
	/* A gateway that knows no certificate (the unit tests' fixture)
	 * cannot make a code a PC could check; the token alone still enrols. */
	if (c->gw->fingerprint[0] == '\0')
		return 0;
	char hash[128], code[NP_JOIN_CODE_MAX];
	int64_t expires_at = c->now + (int64_t)c->rules.join_code_min * 60;
	gw_join_hash(c->gw, c->call->join_secret, hash);
	if (np_join_code_format(NULL, c->gw->fingerprint, c->call->join_secret, code,
	                        sizeof code) != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  N_("The server's fingerprint is not in the form a join code "
		                     "needs."));
	int64_t staff_id = c->peer->kind == GW_PEER_STAFF ? c->peer->staff_id : 0;
	if ((seat_id != 0 && store_join_retire_seat(c->gw->db, seat_id, c->now, &c->err) != 0) ||
	    store_join_add(c->gw->db, hash, seat_id, staff_id, c->now, expires_at, &c->err) != 0)
		return -1;
	r->join_code = gw_strdup(&c->arena, code);
	r->join_expires_at = expires_at;
	return 0;
}

int gw_find_seat(gw_ctx *c, const char *name, store_seat *out)
{
	if (gw_need_text(c, name, 63, N_("The seat name is missing."),
	                 N_("The seat name is too long (at most %zu characters).")) != 0)
		return -1;
	int found = store_seat_by_name(c->gw->db, name, out, &c->err);
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no seat called %s."), name);
	return found == 1 ? 0 : -1;
}

int gw_find_resident(gw_ctx *c, const char *login, store_resident *out)
{
	if (gw_need_text(c, login, 63, N_("The resident's login is missing."),
	                 N_("The resident's login is too long (at most %zu characters).")) != 0)
		return -1;
	int found = store_resident_by_login(c->gw->db, login, out, &c->err);
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no resident with the login %s."), login);
	return found == 1 ? 0 : -1;
}

int64_t gw_used_today(gw_ctx *c, int64_t resident_id)
{
	/* A resident has at most a few sessions a day; 64 newest cover today. */
	enum { MAX = 64 };
	store_session *rows = gw_alloc(&c->arena, sizeof(store_session) * MAX);
	rules_interval *iv = gw_alloc(&c->arena, sizeof(rules_interval) * MAX);
	if (c->arena.failed)
		return 0;
	int n = store_session_list_for(c->gw->db, resident_id, rows, MAX, NULL);
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		/* A course occasion's time is the course's, not the daily
		 * allowance's. */
		if (store_pc_session_occasion(c->gw->db, rows[i].id) != 0)
			continue;
		iv[k].start = (time_t)rows[i].started_at;
		iv[k].end = (time_t)(rows[i].ended_at ? rows[i].ended_at : c->now);
		k++;
	}
	return rules_used_today((time_t)c->now, iv, k);
}

int gw_parse_date(gw_ctx *c, const char *text, const char *bad_form, const char *not_real,
                  int64_t *out)
{
	int y, m, d;
	char tail;
	if (text == NULL || sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return np_err_set_text(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                       bad_form);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST, not_real,
		                  text);
	*out = (int64_t)t;
	return 0;
}

bool gw_pin_ok(const char *pin)
{
	size_t n = pin ? strlen(pin) : 0;
	if (n < 4 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return false;
	return true;
}

bool gw_password_ok(const char *password)
{
	size_t n = password ? strlen(password) : 0;
	return n >= 8 && n < 128;
}

int gw_password_refused(np_err *err)
{
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The password must be 8 to 127 characters long."));
}

int gw_no_account(np_err *err, const char *login)
{
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
	                  N_("There is no account called %s. Check the login or ask a mentor."),
	                  login ? login : "");
}

int gw_erased_account(np_err *err, const store_resident *r)
{
	return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
	                  N_("The account %s was erased at the resident's request and cannot be "
	                     "used any more. A mentor can make a new account."),
	                  r->login);
}

/* ------------------------------------------------------------ sessions */

int gw_close_seat_help(gw_ctx *c, int64_t seat_id, const char *reason)
{
	int64_t ids[8];
	int n = store_help_close_for_seat(c->gw->db, seat_id, reason, c->now, ids,
	                                  (int)(sizeof ids / sizeof ids[0]), &c->err);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		store_help h;
		if (store_help_by_id(c->gw->db, ids[i], &h, &c->err) != 1)
			return -1;
		gw_emit_help(c, &h);
	}
	return 0;
}

/* A help call and a mentor's message belong to the session, not to the
 * seat: when it ends, the seat's open calls close ("session_ended", by
 * nobody) and its message is cleared, so that the next resident inherits
 * neither and no mentor walks to the wrong person. The PC and the
 * consoles are told (HelpEvent, MessageEvent with no text); the caller's
 * SeatEvent follows. */
static int end_session_leftovers(gw_ctx *c, int64_t seat_id)
{
	if (gw_close_seat_help(c, seat_id, "session_ended") != 0)
		return -1;
	store_seat seat;
	int found = store_seat_by_id(c->gw->db, seat_id, &seat, &c->err);
	if (found < 0)
		return -1;
	if (found == 1 && seat.message[0] != '\0') {
		if (store_seat_set_message(c->gw->db, seat_id, "", &c->err) != 0)
			return -1;
		Netpont__MessageEvent *me =
		    GW_NEW(&c->arena, Netpont__MessageEvent, netpont__message_event__init);
		me->text = "";
		me->at = c->now;
		Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
		ev.body_case = NETPONT__ENVELOPE__BODY_MESSAGE_EVENT;
		ev.message_event = me;
		gw_emit(c, seat_id, &ev);
	}
	return 0;
}

int gw_end_session(gw_ctx *c, const store_session *s, int64_t at, const char *reason)
{
	assert(s->ended_at == 0);
	if (at < s->started_at)
		at = s->started_at;
	if (store_session_end(c->gw->db, s->id, at, reason, &c->err) != 0)
		return -1;
	/* A course occasion's session pays the course fee, not the internet. */
	store_charge ch = {0};
	if (store_pc_session_occasion(c->gw->db, s->id) == 0 &&
	    store_charge_session(c->gw->db, s->id, s->resident_id, s->seat_id, s->started_by,
	                         at - s->started_at, at, &ch, &c->err) != 0)
		return -1;
	if (ch.id != 0 && !ch.duplicate && gw_emit_ledger_id(c, ch.id) != 0)
		return -1;
	if (end_session_leftovers(c, s->seat_id) != 0)
		return -1;
	gw_emit_lease(c, s->seat_id, reason);
	gw_emit_seat(c, s->seat_id);
	return 0;
}

/* ------------------------------------------------------------ ledger entries */

static Netpont__LedgerKind ledger_kind(store_ledger_kind kind)
{
	switch (kind) {
	case STORE_LEDGER_CHARGE:
		return NETPONT__LEDGER_KIND__LEDGER_KIND_CHARGE;
	case STORE_LEDGER_PAYMENT:
		return NETPONT__LEDGER_KIND__LEDGER_KIND_PAYMENT;
	case STORE_LEDGER_WAIVER:
		return NETPONT__LEDGER_KIND__LEDGER_KIND_WAIVER;
	case STORE_LEDGER_REVERSAL:
		return NETPONT__LEDGER_KIND__LEDGER_KIND_REVERSAL;
	default:
		return NETPONT__LEDGER_KIND__LEDGER_KIND_UNSPECIFIED;
	}
}

Netpont__LedgerEntry *gw_ledger_entry(gw_ctx *c, const store_ledger_row *row)
{
	gw_arena *a = &c->arena;
	Netpont__LedgerEntry *e = GW_NEW(a, Netpont__LedgerEntry, netpont__ledger_entry__init);
	e->id = row->id;
	e->at = row->at;
	e->kind = ledger_kind(row->kind);
	e->resident_login = gw_strdup(a, row->resident_login);
	e->service = gw_strdup(a, row->service);
	e->qty = row->qty;
	e->amount = row->amount;
	e->method = gw_strdup(a, row->method);
	e->note = gw_strdup(a, row->note);
	e->staff = gw_strdup(a, row->staff);
	e->session_id = row->session_id;
	e->reverses_id = row->reverses_id;
	e->seat = gw_strdup(a, row->seat);
	e->reversed_by = row->reversed_by;
	e->unit_price = row->unit_price;
	e->percent = row->percent;
	e->category = gw_strdup(a, row->category);
	e->service_label = gw_service_label(c, row->service);
	e->category_label = gw_category_label(c, row->category);
	e->staff_display_name = gw_strdup(a, row->staff_display_name);
	return e;
}

char *gw_service_label(gw_ctx *c, const char *service)
{
	store_tariff t;
	if (service == NULL || service[0] == '\0')
		return gw_strdup(&c->arena, "");
	if (store_tariff_get(c->gw->db, service, &t, NULL) == 0 && t.label[0] != '\0')
		return gw_strdup(&c->arena, t.label);
	return gw_strdup(&c->arena, service);
}

char *gw_category_label(gw_ctx *c, const char *category)
{
	store_category k;
	if (category == NULL || category[0] == '\0')
		return gw_strdup(&c->arena, "");
	if (store_category_get(c->gw->db, category, &k, NULL) == 0 && k.label[0] != '\0')
		return gw_strdup(&c->arena, k.label);
	return gw_strdup(&c->arena, category);
}

void gw_emit_ledger(gw_ctx *c, Netpont__LedgerEntry *entry)
{
	Netpont__LedgerEvent *le =
	    GW_NEW(&c->arena, Netpont__LedgerEvent, netpont__ledger_event__init);
	le->entry = entry;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_LEDGER_EVENT;
	ev.ledger_event = le;
	gw_emit(c, 0, &ev);
}

int gw_emit_ledger_id(gw_ctx *c, int64_t entry_id)
{
	store_ledger_row row;
	if (store_ledger_get(c->gw->db, entry_id, &row, &c->err) != 0)
		return -1;
	gw_emit_ledger(c, gw_ledger_entry(c, &row));
	return 0;
}
