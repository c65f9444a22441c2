/* The gateway's core: the call lifecycle (begin, work, finish), the Hello,
 * role checks and dispatch over the handler files' route tables, the
 * per-request transaction with its events, and session expiry. The
 * handlers live in gateway_room.c, gateway_admin.c and gateway_money.c; the
 * helpers they share, in gateway_internal.c. */
#include "gateway_internal.h"
#include "store/seats.h"

#include "common/np_log.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "store/audit.h"
#include "store/ledger.h"
#include "store/seeds.h"
#include "store/rights.h"
#include "store/settings.h"
#include "store/signin.h"
#include "store/staff.h"

/* Replies can be larger than anything a client may send (a long list). */
#define GW_REPLY_MAX (16u * 1024u * 1024u)

/* ------------------------------------------------------------ lifecycle */

gateway *gateway_new(store_db *db, const gateway_hooks *hooks, const gateway_config *config)
{
	assert(db != NULL && hooks != NULL);
	if (sodium_init() < 0)
		return NULL;
	gateway *gw = calloc(1, sizeof *gw);
	if (gw == NULL)
		return NULL;
	gw->db = db;
	gw->hooks = *hooks;
	gw->batch.tail = &gw->batch.head;
	gw->held = held_table_new();
	gw->seen = gw_seen_new();
	if (gw->held == NULL || gw->seen == NULL) {
		held_table_free(gw->held);
		gw_seen_free(gw->seen);
		free(gw);
		return NULL;
	}
	np_err err = {0};
	if (store_server_key(db, "seat_token", gw->token_key, &err) != 0 ||
	    store_server_key(db, "join_code", gw->join_key, &err) != 0) {
		held_table_free(gw->held);
		gw_seen_free(gw->seen);
		free(gw);
		return NULL;
	}
	if (config != NULL) {
		if (config->site_name != NULL)
			snprintf(gw->site_name, sizeof gw->site_name, "%s", config->site_name);
		gw->heartbeat_s = config->heartbeat_s;
		gw->pwhash_min = config->pwhash_min;
		if (config->fingerprint != NULL)
			snprintf(gw->fingerprint, sizeof gw->fingerprint, "%s",
			         config->fingerprint);
	}
	if (gw->heartbeat_s == 0)
		gw->heartbeat_s = 15;
	gw_backup_init(gw);
	gw_report_init(gw);
	return gw;
}

void gateway_free(gateway *gw)
{
	if (gw != NULL) {
		/* A clean stop writes every last_seen heard since the last
		 * batch (and commits the open batch of requests first). */
		gateway_flush_seen(gw, 0);
		gateway_commit(gw);
		gw_seen_free(gw->seen);
		gw_backup_shutdown(gw);
		gw_report_shutdown(gw);
		held_table_free(gw->held);
		sodium_memzero(gw->token_key, sizeof gw->token_key);
		sodium_memzero(gw->join_key, sizeof gw->join_key);
	}
	free(gw);
}

int64_t gw_now(gateway *gw)
{
	return gw->hooks.now ? gw->hooks.now(gw->hooks.ctx) : (int64_t)time(NULL);
}

/* Reads the rule settings from the store; unknown or bad rows keep the
 * defaults (SettingSet validates before writing, so this is belt and
 * braces for hand-edited databases). The old keys of the hours
 * (open_time, ...), which only a hand-edited database still has, change
 * every open day after hours_1 .. hours_7 are read; then the closed dates
 * from yesterday on. */
static int load_rules_row(void *ctx, const char *key, const char *value)
{
	if (!rules_is_hours_key(key) || strncmp(key, "hours_", 6) == 0)
		rules_settings_apply(ctx, key, value, NULL);
	return 0;
}

static int load_rules_old_hours(void *ctx, const char *key, const char *value)
{
	if (rules_is_hours_key(key) && strncmp(key, "hours_", 6) != 0)
		rules_settings_apply(ctx, key, value, NULL);
	return 0;
}

static int load_closed_date(void *ctx, const store_closed_date *d)
{
	int32_t date;
	if (rules_parse_date_number(d->day, &date))
		rules_closed_date_add(ctx, date);
	return 0;
}

static int load_rules(store_db *db, int64_t now, rules_settings *s)
{
	rules_settings_default(s);
	char yesterday[16];
	rules_format_date((time_t)now - 86400, yesterday, sizeof yesterday);
	if (store_setting_each(db, load_rules_row, s, NULL) != 0 ||
	    store_setting_each(db, load_rules_old_hours, s, NULL) != 0)
		return -1;
	return store_closed_date_each(db, yesterday, RULES_CLOSED_DATES_MAX, load_closed_date, s,
	                              NULL);
}

/* The rule settings, from the cache, read first if a change (or a failed
 * read) made it stale. A read that fails leaves the defaults for this
 * request, as before the cache, and is tried again at the next one. */
static void cached_rules(gateway *gw, rules_settings *out)
{
	if (!gw->rules_valid)
		gw->rules_valid = load_rules(gw->db, gw_now(gw), &gw->rules) == 0;
	*out = gw->rules;
}

void gw_rules_reread(gateway *gw, rules_settings *out)
{
	gw->rules_valid = false;
	cached_rules(gw, out);
}

void gw_settings_changed(gateway *gw)
{
	gw->rules_valid = false;
	gw->welcome_valid = false;
}

/* ------------------------------------------------------------ hashing */

/* The Argon2id cost of every NEW password and PIN hash. libsodium's
 * INTERACTIVE cost is 64 MiB and 2 passes; netpontd uses 32 MiB and 3
 * passes so that two sign-ins can hash at once inside the server's memory
 * target (net/server.c lets at most NET_PWHASH_MEMORY of hashing run at
 * once; libsodium maps each hash's memory and unmaps it afterwards).
 *
 * Why it is still a sound cost: OWASP's Password Storage Cheat Sheet lists
 * equivalent Argon2id minimums, one lane each: m=46 MiB t=1, m=19 MiB t=2,
 * m=12 MiB t=3, m=9 MiB t=4, m=7 MiB t=5. 32 MiB with 3 passes is 2.7
 * times the memory of the t=3 line, so a stolen database of staff
 * passwords costs an attacker at least what OWASP asks, and about 1.3
 * times the memory-time of libsodium's INTERACTIVE (96 vs 128 MiB-passes,
 * a little less, but 3 passes, each of which a GPU must redo). Residents'
 * PINs are 4 to 12 digits (gw_pin_ok()): no Argon2id cost protects 10,000
 * four-digit PINs from someone holding the database, so what guards a PIN
 * is the sign-in throttle, online: pin_max_tries wrong PINs in a row
 * (3 by default) lock the resident for pin_lock_min (5 min), each next
 * lock twice as long up to a day (gateway_signin.c), and a PC is paused
 * after seat_max_failed_logins wrong logins in seat_window_min. The hash
 * only has to make a stolen database slow to search, which it does as
 * before. Hashes made before carry their own cost in the string
 * ("m=65536,t=2") and crypto_pwhash_str_verify() uses it, so existing
 * passwords and PINs keep working (test-gateway checks one). */
#define GW_PWHASH_OPS 3ull
#define GW_PWHASH_MEM (32u * 1024 * 1024)

int gateway_hash_secret(const char *secret, bool pwhash_min, char out[128])
{
	unsigned long long ops = pwhash_min ? crypto_pwhash_OPSLIMIT_MIN : GW_PWHASH_OPS;
	size_t mem = pwhash_min ? crypto_pwhash_MEMLIMIT_MIN : GW_PWHASH_MEM;
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash buffer too small");
	if (crypto_pwhash_str_alg(out, secret, strlen(secret), ops, mem,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	return 0;
}

void gw_token_hash(const unsigned char key[32], const char *token, char out[128])
{
	unsigned char digest[32];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), key,
	                   32);
	_Static_assert(sizeof GW_TOKEN_HASH_PREFIX - 1 + 2 * 32 < 128, "hash buffer too small");
	memcpy(out, GW_TOKEN_HASH_PREFIX, sizeof GW_TOKEN_HASH_PREFIX - 1);
	sodium_bin2hex(out + sizeof GW_TOKEN_HASH_PREFIX - 1, 2 * 32 + 1, digest, sizeof digest);
	sodium_memzero(digest, sizeof digest);
}

bool gw_token_verify(const unsigned char key[32], const char *token, const char *stored)
{
	if (strncmp(stored, GW_TOKEN_HASH_PREFIX, sizeof GW_TOKEN_HASH_PREFIX - 1) != 0)
		return stored[0] != '\0' &&
		       crypto_pwhash_str_verify(stored, token, strlen(token)) == 0;
	char expected[128];
	gw_token_hash(key, token, expected);
	bool same = strlen(stored) == strlen(expected) &&
	            sodium_memcmp(stored, expected, strlen(expected)) == 0;
	sodium_memzero(expected, sizeof expected);
	return same;
}

/* The memory an Argon2id string's verification takes: its "m=" in KiB;
 * libsodium's INTERACTIVE cost when the string cannot be read (the verify
 * then fails at once, but the queue must not count it as free). */
static size_t pwhash_string_memory(const char *stored)
{
	const char *m = strstr(stored, "$m=");
	if (strncmp(stored, "$argon2", 7) != 0 || m == NULL)
		return crypto_pwhash_MEMLIMIT_INTERACTIVE;
	char *end;
	unsigned long kib = strtoul(m + 3, &end, 10);
	if (end == m + 3 || kib == 0 || kib > SIZE_MAX / 1024)
		return crypto_pwhash_MEMLIMIT_INTERACTIVE;
	return (size_t)kib * 1024;
}

size_t gateway_call_pwhash_memory(const gw_call *call)
{
	size_t fresh = call->pwhash_min ? crypto_pwhash_MEMLIMIT_MIN : GW_PWHASH_MEM;
	switch (call->work) {
	case GW_WORK_HASH:
		return fresh;
	case GW_WORK_VERIFY:
		return call->decoy ? fresh : pwhash_string_memory(call->hash);
	case GW_WORK_TOKEN_VERIFY:
		/* Keyed BLAKE2b costs nothing; a seat enrolled before
		 * migration 2 still has an Argon2id hash. */
		if (strncmp(call->hash, GW_TOKEN_HASH_PREFIX, sizeof GW_TOKEN_HASH_PREFIX - 1) ==
		        0 ||
		    call->hash[0] == '\0')
			return 0;
		return pwhash_string_memory(call->hash);
	default:
		return 0;
	}
}

static const char *call_language(const gw_call *call);

void gateway_call_busy(gw_call *call, unsigned waiting)
{
	/* Nothing is hashed and nothing is counted against the account or
	 * the PIN: the person did nothing wrong, and trying again in a minute
	 * works. The sentence is in the language of the request. */
	call->work = GW_WORK_NONE;
	i18n_use(call_language(call));
	np_err_set(&call->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	           N_("The server is busy checking %u other sign-ins; try again in a minute."),
	           waiting);
	i18n_use(NULL);
}

void gateway_work(gw_call *call)
{
	switch (call->work) {
	case GW_WORK_NONE:
		break;
	case GW_WORK_HASH:
		call->work_ok =
		    gateway_hash_secret(call->secret, call->pwhash_min, call->hash) == 0;
		break;
	case GW_WORK_VERIFY:
		if (call->decoy) {
			char scratch[128];
			gateway_hash_secret(call->secret, call->pwhash_min, scratch);
			call->work_ok = false;
			break;
		}
		call->work_ok =
		    call->hash[0] != '\0' &&
		    crypto_pwhash_str_verify(call->hash, call->secret, strlen(call->secret)) == 0;
		break;
	case GW_WORK_TOKEN_HASH:
		gw_token_hash(call->token_key, call->secret, call->hash);
		call->work_ok = true;
		break;
	case GW_WORK_TOKEN_VERIFY:
		call->work_ok = gw_token_verify(call->token_key, call->secret, call->hash);
		break;
	case GW_WORK_BACKUP:
		gw_backup_work(call->backup);
		break;
	case GW_WORK_REPORT:
		gw_report_work(call->report);
		break;
	case GW_WORK_USAGE:
		gw_usage_work(call->usage);
		break;
	}
}

Netpont__Envelope__BodyCase gateway_call_body(const gw_call *call)
{
	return call->req->body_case;
}

bool gateway_call_needs_work(const gw_call *call)
{
	return call->work != GW_WORK_NONE;
}

void gateway_call_free(gw_call *call)
{
	if (call == NULL)
		return;
	if (call->req != NULL)
		netpont__envelope__free_unpacked(call->req, NULL);
	gw_backup_job_free(call->backup);
	gw_report_job_free(call->report);
	gw_usage_job_free(call->usage);
	sodium_memzero(call->secret, sizeof call->secret);
	sodium_memzero(call->token, sizeof call->token);
	sodium_memzero(call->join_secret, sizeof call->join_secret);
	sodium_memzero(call->token_key, sizeof call->token_key);
	free(call);
}

/* ------------------------------------------------------------ dispatch */

/* Every request the gateway understands, one table per handler file; a
 * body appears in one table only. */
static const struct {
	const gw_route *routes;
	const size_t *count;
} route_tables[] = {
    {gw_room_routes, &gw_room_route_count},
    {gw_admin_routes, &gw_admin_route_count},
    {gw_backup_routes, &gw_backup_route_count},
    {gw_money_routes, &gw_money_route_count},
    {gw_signin_routes, &gw_signin_route_count},
    {gw_hours_routes, &gw_hours_route_count},
    {gw_booking_routes, &gw_booking_route_count},
    {gw_usage_routes, &gw_usage_route_count},
    {gw_course_routes, &gw_course_route_count},
    {gw_volunteer_routes, &gw_volunteer_route_count},
    {gw_kiosk_routes, &gw_kiosk_route_count},
    {gw_directory_routes, &gw_directory_route_count},
    {gw_progress_routes, &gw_progress_route_count},
    {gw_rights_routes, &gw_rights_route_count},
};

static const gw_route *find_route(Netpont__Envelope__BodyCase body)
{
	for (size_t t = 0; t < sizeof route_tables / sizeof route_tables[0]; t++)
		for (size_t i = 0; i < *route_tables[t].count; i++)
			if (route_tables[t].routes[i].body == body)
				return &route_tables[t].routes[i];
	return NULL;
}

bool gateway_request_read_only(Netpont__Envelope__BodyCase body)
{
	const gw_route *r = find_route(body);
	return r != NULL && (r->allowed & R_READ_ONLY) != 0;
}

static unsigned peer_bit(const gw_peer *p)
{
	if (p->kind == GW_PEER_NONE)
		return R_STRANGER;
	if (p->kind == GW_PEER_AGENT)
		return R_AGENT;
	if (p->kind == GW_PEER_STAFF && p->role >= NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR &&
	    p->role <= NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN)
		return 1u << p->role;
	return 0;
}

/* Whether the peer may make the request; fills err when not. */
static int check_route(const gw_peer *peer, const Netpont__Envelope *req, const gw_route **out,
                       np_err *err)
{
	*out = NULL;
	const gw_route *r = find_route(req->body_case);
	if (r == NULL)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("This request is not understood by this server (it may be "
		                     "newer)."));
	unsigned bit = peer_bit(peer);
	if ((r->allowed & bit) == 0) {
		/* Agents ask only for what agents may do; anything else is a
		 * wrong program at the other end, not a person to guide. */
		if (bit == R_AGENT || r->forbidden == NULL)
			return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
			                  N_("A public PC cannot make this request; only staff "
			                     "can."));
		return np_err_set_text(err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                       r->forbidden);
	}
	*out = r;
	return 0;
}

/* ------------------------------------------------------------ begin */

static void copy_secret(gw_call *call, const char *s)
{
	snprintf(call->secret, sizeof call->secret, "%s", s ? s : "");
}

static void begin_hello(gateway *gw, gw_call *call)
{
	const Netpont__Hello *h = call->req->hello;
	if (call->peer.kind != GW_PEER_NONE) {
		np_err_set(&call->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		           N_("This connection has already said hello."));
		return;
	}
	if (h->protocol_version != NP_PROTOCOL_VERSION) {
		np_err_set(
		    &call->err, NETPONT__ERROR_CODE__ERROR_CODE_VERSION,
		    N_("This server speaks protocol version %u, the program connecting speaks "
		       "version %u; please update the older one."),
		    NP_PROTOCOL_VERSION, h->protocol_version);
		return;
	}
	if (h->role == NETPONT__PEER_ROLE__PEER_ROLE_STAFF) {
		store_staff s;
		int found = store_staff_by_name(gw->db, h->user ? h->user : "", &s, &call->err);
		if (found < 0)
			return;
		if (found == 0 || s.disabled) {
			/* Still spend the time of a check, so that the answer's
			 * delay does not tell which names exist. */
			call->decoy = true;
			call->disabled = found == 1;
			copy_secret(call, h->password);
			call->work = GW_WORK_VERIFY;
			return;
		}
		call->subject_id = s.id;
		snprintf(call->hash, sizeof call->hash, "%s", s.password_hash);
		copy_secret(call, h->password);
		call->work = GW_WORK_VERIFY;
	} else if (h->role == NETPONT__PEER_ROLE__PEER_ROLE_AGENT) {
		store_seat s;
		int found = store_seat_by_name(gw->db, h->seat ? h->seat : "", &s, &call->err);
		if (found < 0)
			return;
		if (found == 0) {
			np_err_set(
			    &call->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
			    N_("There is no seat called %s; an administrator must enrol this PC "
			       "first."),
			    h->seat ? h->seat : "");
			return;
		}
		call->subject_id = s.id;
		snprintf(call->hash, sizeof call->hash, "%s", s.token_hash);
		copy_secret(call, h->token);
		memcpy(call->token_key, gw->token_key, sizeof call->token_key);
		call->work = GW_WORK_TOKEN_VERIFY;
	} else {
		np_err_set(
		    &call->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
		    N_("The hello must say whether this is a PC's agent or a staff member."));
	}
}

static void begin_agent_login(gateway *gw, gw_call *call)
{
	const Netpont__AgentLogin *m = call->req->agent_login;
	store_resident r;
	int found = store_resident_by_login(gw->db, m->login ? m->login : "", &r, &call->err);
	if (found < 0)
		return;
	/* An unknown login and a guest account (no PIN) get the same answer as a
	 * wrong PIN would give without counting: nothing to lock out. */
	if (found == 1 && r.erased_at != 0) {
		gw_erased_account(&call->err, &r);
		return;
	}
	if (found == 0 || r.guest || r.pin_hash[0] == '\0') {
		gw_no_account(&call->err, m->login);
		return;
	}
	if (gw_signin_resident_check(gw->db, gw_now(gw), &r, &call->peer, &call->err) != 0)
		return;
	call->subject_id = r.id;
	snprintf(call->hash, sizeof call->hash, "%s", r.pin_hash);
	copy_secret(call, m->pin);
	call->work = GW_WORK_VERIFY;
}

/* The language a PC's screen shows, as a resident's request says it (a
 * greeter in Hungarian on a PC whose agent speaks English); NULL when the
 * request names none or one the server does not accept. */
static const char *screen_language(const Netpont__Envelope *req)
{
	const char *language = NULL;
	switch (req->body_case) {
	case NETPONT__ENVELOPE__BODY_AGENT_LOGIN:
		language = req->agent_login->language;
		break;
	case NETPONT__ENVELOPE__BODY_AGENT_HELP:
		language = req->agent_help->language;
		break;
	case NETPONT__ENVELOPE__BODY_AGENT_HELP_CANCEL:
		language = req->agent_help_cancel->language;
		break;
	default:
		break;
	}
	return language != NULL && language[0] != '\0' && i18n_language_ok(language) ? language
	                                                                             : NULL;
}

/* The language a call's sentences are worded in: a Hello's own choice, a
 * resident's request's own choice, else the connection's. */
static const char *call_language(const gw_call *call)
{
	if (call->req->body_case == NETPONT__ENVELOPE__BODY_HELLO &&
	    call->peer.kind == GW_PEER_NONE)
		return call->req->hello->language;
	if (call->req->body_case == NETPONT__ENVELOPE__BODY_AGENT_JOIN &&
	    call->peer.kind == GW_PEER_NONE)
		return call->req->agent_join->language;
	if (call->peer.kind == GW_PEER_AGENT) {
		const char *screen = screen_language(call->req);
		if (screen != NULL)
			return screen;
	}
	return call->peer.language;
}

/* gateway_begin() in the call's language. */
static void begin_call(gateway *gw, gw_call *call)
{
	const Netpont__Envelope *req = call->req;
	if (req->body_case == NETPONT__ENVELOPE__BODY_HELLO) {
		begin_hello(gw, call);
		return;
	}
	/* A PC joining with a code says no hello: the code is its only
	 * credential, and its connection ends with the reply. */
	if (call->peer.kind == GW_PEER_NONE &&
	    req->body_case != NETPONT__ENVELOPE__BODY_AGENT_JOIN) {
		np_err_set(&call->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
		           N_("Say hello first: the first message must be a Hello."));
		return;
	}
	const gw_route *route;
	if (check_route(&call->peer, req, &route, &call->err) != 0)
		return;
	gw_mend_print_titles(call->req);
	if (gw_request_text_check(req, &call->err) != 0)
		return;

	/* Requests carrying a new secret hash it off the loop. Formats are
	 * checked first so that no work is wasted on a refusal. */
	switch (req->body_case) {
	case NETPONT__ENVELOPE__BODY_AGENT_LOGIN:
		begin_agent_login(gw, call);
		break;
	case NETPONT__ENVELOPE__BODY_STAFF_ADD:
		if (gw_password_ok(req->staff_add->password)) {
			copy_secret(call, req->staff_add->password);
			call->work = GW_WORK_HASH;
		}
		break;
	case NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD:
		if (gw_password_ok(req->staff_set_password->password)) {
			copy_secret(call, req->staff_set_password->password);
			call->work = GW_WORK_HASH;
		}
		break;
	case NETPONT__ENVELOPE__BODY_RESIDENT_ADD:
		if (gw_pin_ok(req->resident_add->pin)) {
			copy_secret(call, req->resident_add->pin);
			call->work = GW_WORK_HASH;
		}
		break;
	case NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE:
		if (gw_pin_ok(req->resident_update->pin)) {
			copy_secret(call, req->resident_update->pin);
			call->work = GW_WORK_HASH;
		}
		break;
	case NETPONT__ENVELOPE__BODY_SEAT_ADD:
	case NETPONT__ENVELOPE__BODY_SEAT_RENEW:
	case NETPONT__ENVELOPE__BODY_AGENT_JOIN: {
		/* 32 random bytes as hex: 64 characters, easy to put in a file. */
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(call->token, sizeof call->token, raw, sizeof raw);
		sodium_memzero(raw, sizeof raw);
		copy_secret(call, call->token);
		memcpy(call->token_key, gw->token_key, sizeof call->token_key);
		call->work = GW_WORK_TOKEN_HASH;
		break;
	}
	case NETPONT__ENVELOPE__BODY_BACKUP_START:
		gw_backup_begin(gw, call);
		break;
	case NETPONT__ENVELOPE__BODY_REPORT_TOTALS:
		gw_report_begin(gw, call);
		break;
	case NETPONT__ENVELOPE__BODY_REPORT_USAGE:
		gw_usage_begin(gw, call);
		break;
	default:
		break;
	}
	switch (req->body_case) {
	case NETPONT__ENVELOPE__BODY_SEAT_ADD:
	case NETPONT__ENVELOPE__BODY_SEAT_RENEW:
	case NETPONT__ENVELOPE__BODY_SEAT_INVITE: {
		unsigned char raw[NP_JOIN_SECRET_BYTES];
		randombytes_buf(raw, sizeof raw);
		np_join_secret_text(raw, call->join_secret);
		sodium_memzero(raw, sizeof raw);
		break;
	}
	default:
		break;
	}
}

gw_call *gateway_begin(gateway *gw, const gw_peer *peer, Netpont__Envelope *req)
{
	assert(req != NULL);
	gw_call *call = calloc(1, sizeof *call);
	if (call == NULL) {
		netpont__envelope__free_unpacked(req, NULL);
		return NULL;
	}
	call->peer = *peer;
	call->req = req;
	call->pwhash_min = gw->pwhash_min;
	gw_backup_forget_abandoned(gw);
	i18n_use(call_language(call));
	begin_call(gw, call);
	i18n_use(NULL);
	return call;
}

/* ------------------------------------------------------------ events */

/* Drops the events of a refused request (gw_emit() queued them). */
static void events_free(gw_ctx *c)
{
	while (c->events != NULL) {
		gw_event *n = c->events->next;
		free(c->events);
		c->events = n;
	}
	c->events_tail = &c->events;
}

/* Hands a list of events to the hooks (after COMMIT); keeps the list. */
static void events_send(const gateway_hooks *h, const gw_event *events)
{
	for (const gw_event *e = events; e != NULL; e = e->next) {
		if (e->seat_id == 0) {
			if (h->to_staff)
				h->to_staff(h->ctx, e->frame, e->len);
		} else if (h->to_seat) {
			h->to_seat(h->ctx, e->seat_id, e->frame, e->len);
		}
	}
}

/* Hands the queued events to the hooks, after COMMIT, and drops them. */
static void events_flush(gw_ctx *c)
{
	events_send(&c->gw->hooks, c->events);
	events_free(c);
}
/* ------------------------------------------------------------ the Hello */

static Netpont__StaffRole role_from_text(const char *role)
{
	if (strcmp(role, "admin") == 0)
		return NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN;
	if (strcmp(role, "treasurer") == 0)
		return NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER;
	if (strcmp(role, "mentor") == 0)
		return NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR;
	return NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED;
}

/* Refuses a staff sign-in and closes the connection: a wrong password, an
 * unknown name and an account disabled meanwhile get this one answer, so
 * that it does not tell which part was wrong. */
static int staff_refused(gw_ctx *c)
{
	c->close_after = true;
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	                  N_("The user name or the password is wrong."));
}

static int finish_hello(gw_ctx *c, gw_call *call)
{
	const Netpont__Hello *h = call->req->hello;
	gw_peer p = {0};
	snprintf(p.address, sizeof p.address, "%s", call->peer.address);
	i18n_language_copy(p.language, sizeof p.language, h->language);
	bool staff = h->role == NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	const char *user = h->user ? h->user : "";
	/* A locked-out name or address is refused even with the right
	 * password, which is what makes guessing slow. */
	if (staff && gw_signin_staff_check(c, user) != 0)
		return -1;
	if (!call->work_ok) {
		if (staff) {
			int locked = gw_signin_staff_wrong(c, user, !call->decoy);
			return locked != 0 ? -1 : staff_refused(c);
		}
		c->close_after = true;
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
		                  N_("The token of seat %s is wrong; enrol this PC again."),
		                  h->seat ? h->seat : "");
	}
	if (h->role == NETPONT__PEER_ROLE__PEER_ROLE_STAFF) {
		store_staff s;
		if (store_staff_by_id(c->gw->db, call->subject_id, &s, &c->err) != 1 || s.disabled)
			return staff_refused(c);
		if (gw_signin_staff_ok(c, user) != 0)
			return -1;
		p.kind = GW_PEER_STAFF;
		p.staff_id = s.id;
		p.role = role_from_text(s.role);
		snprintf(p.staff_name, sizeof p.staff_name, "%s", s.name);
	} else {
		store_seat s;
		if (store_seat_by_id(c->gw->db, call->subject_id, &s, &c->err) != 1) {
			c->close_after = true;
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
			                  N_("This PC is no longer enrolled."));
		}
		/* A seat enrolled before migration 2 gets its hash in the fast
		 * form at its first good Hello. */
		if (strncmp(s.token_hash, GW_TOKEN_HASH_PREFIX, sizeof GW_TOKEN_HASH_PREFIX - 1) !=
		    0) {
			char fast[128];
			gw_token_hash(c->gw->token_key, call->secret, fast);
			if (store_seat_set_token_hash(c->gw->db, s.id, fast, &c->err) != 0)
				return -1;
		}
		p.kind = GW_PEER_AGENT;
		p.seat_id = s.id;
		snprintf(p.seat_name, sizeof p.seat_name, "%s", s.name);
		if (gw_seen_note(c->gw, s.id, c->now, true) != 0)
			return np_err_no_memory(&c->err);
	}

	Netpont__Welcome *w = GW_NEW(&c->arena, Netpont__Welcome, netpont__welcome__init);
	char buf[128];
	w->protocol_version = NP_PROTOCOL_VERSION;
	w->server_version = gw_strdup(&c->arena, "netpontd " NETPONT_VERSION);
	const gw_welcome_site *site = gw_welcome_site_cached(c->gw);
	if (c->gw->site_name[0] != '\0')
		w->site_name = gw_strdup(&c->arena, c->gw->site_name);
	else if (site->has_site_name)
		w->site_name = gw_strdup(&c->arena, site->site_name);
	if (site->has_currency)
		w->currency = gw_strdup(&c->arena, site->currency);
	w->currency_decimals = (uint32_t)site->currency_decimals;
	w->server_time = c->now;
	w->staff_role = p.role;
	w->staff_name = gw_strdup(&c->arena, p.staff_name);
	w->seat = gw_strdup(&c->arena, p.seat_name);
	w->heartbeat_s = c->gw->heartbeat_s;
	if (p.kind == GW_PEER_AGENT) {
		rules_close_time_today(&c->rules, (time_t)c->now, buf, sizeof buf);
		w->close_time = gw_strdup(&c->arena, buf);
		w->open_time = gw_open_time(c);
		w->open_days = gw_open_days(c);
		gw_hours_now(c, &w->closes_at, &w->opens_at, &w->hours_today);
		w->booking = gw_booking_notice(c, p.seat_id);
		store_seat seat;
		if (store_seat_by_id(c->gw->db, p.seat_id, &seat, NULL) == 1)
			w->kiosk_only = seat.kiosk_only;
	}
	GW_REPLY(c, WELCOME, welcome, w);
	if (p.kind == GW_PEER_STAFF) {
		c->peer = &p; /* the audit row names the new peer */
		if (gw_audit(c, "login", "%s", h->client_name ? h->client_name : "") != 0)
			return -1;
	}
	*c->peer_out = p;
	c->peer = c->peer_out;
	return 0;
}

/* ------------------------------------------------------------ finish */

static int encode_reply(gw_ctx *c, gw_reply *reply)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	if (np_frame_encode(&c->reply, GW_REPLY_MAX, &buf, &len) != NP_FRAME_OK)
		return -1;
	reply->frame = buf;
	reply->len = len;
	return 0;
}

/* Turns c->err into the reply. */
static void set_error_reply(gw_ctx *c)
{
	if (c->err.code == NETPONT__ERROR_CODE__ERROR_CODE_UNSPECIFIED)
		np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           N_("The server failed to handle the request; nothing was changed."));
	Netpont__Error *e = GW_NEW(&c->arena, Netpont__Error, netpont__error__init);
	e->code = c->err.code;
	e->message = gw_strdup(&c->arena, c->err.message);
	e->tries_left = c->err.tries_left;
	c->reply.body_case = NETPONT__ENVELOPE__BODY_ERROR;
	c->reply.error = e;
	if (c->err.code == NETPONT__ERROR_CODE__ERROR_CODE_AUTH ||
	    c->err.code == NETPONT__ERROR_CODE__ERROR_CODE_VERSION)
		c->close_after = true;
}

static void ctx_init(gw_ctx *c, gateway *gw)
{
	memset(c, 0, sizeof *c);
	c->gw = gw;
	c->now = gw_now(gw);
	netpont__envelope__init(&c->reply);
	c->events_tail = &c->events;
	cached_rules(gw, &c->rules);
}

/* A client's text for the log: at most 63 bytes, control characters
 * replaced, so that a name cannot forge log lines. */
static const char *log_text(const char *s, char out[64])
{
	size_t n = 0;
	for (; s != NULL && s[n] != '\0' && n < 63; n++)
		out[n] = (unsigned char)s[n] < 0x20 || s[n] == 0x7f ? '?' : s[n];
	out[n] = '\0';
	return out;
}

/* One plain English line per refused sign-in, for the site's administrator:
 * "PC-02: wrong token from 127.0.0.1:4711". Never a secret. */
static void log_hello_refused(const gw_call *call, const np_err *err)
{
	const Netpont__Hello *h = call->req->hello;
	const char *from =
	    call->peer.address[0] != '\0' ? call->peer.address : "an unknown address";
	char name[64];
	bool agent = h->role == NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
	bool secret_checked =
	    (call->work == GW_WORK_VERIFY || call->work == GW_WORK_TOKEN_VERIFY) &&
	    !call->work_ok && err->code == NETPONT__ERROR_CODE__ERROR_CODE_AUTH;
	if (call->peer.kind != GW_PEER_NONE)
		np_log(NP_LOG_WARNING, "second hello from %s refused", from);
	else if (secret_checked && agent)
		np_log(NP_LOG_WARNING, "%s: wrong token from %s", log_text(h->seat, name), from);
	else if (secret_checked && call->disabled)
		np_log(NP_LOG_WARNING, "%s: disabled account, sign-in refused from %s",
		       log_text(h->user, name), from);
	else if (secret_checked && call->decoy)
		np_log(NP_LOG_WARNING, "unknown user %s from %s", log_text(h->user, name), from);
	else if (secret_checked)
		np_log(NP_LOG_WARNING, "%s: wrong password from %s", log_text(h->user, name), from);
	else if (agent && err->code == NETPONT__ERROR_CODE__ERROR_CODE_AUTH &&
	         call->work == GW_WORK_NONE)
		np_log(NP_LOG_WARNING, "unknown seat %s from %s", log_text(h->seat, name), from);
	else
		np_log(NP_LOG_WARNING, "hello from %s refused: %s", from, err->english);
}

/* ------------------------------------------------------------ group commit */

/* Why a whole batch waits on one COMMIT rather than each request on its
 * own is in gateway.h; the network layer decides when to commit
 * (server/net/server.c). */

/* Opens the batch's transaction if none is open, then the request's
 * savepoint in it. */
static int batch_join(gateway *gw, np_err *err)
{
	gw_batch *b = &gw->batch;
	if (!b->open) {
		if (store_begin(gw->db, err) != 0)
			return -1;
		b->open = true;
	}
	return store_savepoint(gw->db, err);
}

/* SQLite rolled the whole transaction back on its own (a full disk or an
 * I/O error does that): every request held so far lost its changes, so
 * each gets the error reply at the next gateway_commit(), and the next
 * writing request opens a new transaction. */
static void batch_lost(gateway *gw)
{
	for (gw_held *h = gw->batch.head; h != NULL; h = h->next)
		h->failed = true;
	/* A savepoint that could not be ended leaves SQLite's transaction
	 * open: it goes too, so that the next request can begin anew. */
	store_rollback(gw->db);
	gw->batch.open = false;
	/* A SettingSet of the lost batch may have been read into the cache. */
	gw_settings_changed(gw);
	np_log(NP_LOG_ERROR, "the database dropped a batch of changes; its requests are refused");
}

static void batch_append(gateway *gw, gw_held *h)
{
	gw_batch *b = &gw->batch;
	if (b->tail == NULL)
		b->tail = &b->head;
	*b->tail = h;
	b->tail = &h->next;
	if (h->writes)
		b->writes++;
}

bool gateway_batch_waiting(const gateway *gw)
{
	return gw->batch.open || gw->batch.head != NULL;
}

bool gateway_batch_full(const gateway *gw)
{
	const gw_batch *b = &gw->batch;
	size_t expected = b->last_writes > 0 ? b->last_writes : 1;
	return b->writes >= expected;
}

/* The reply to a request whose batch did not commit: an Error, in the
 * request's language, that says nothing was saved. */
static int batch_error_reply(const gw_held *h, gw_reply *out)
{
	i18n_use(h->language);
	np_err err = {0};
	np_err_set(&err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
	           N_("The server could not save this change in its database, so nothing was "
	              "changed; try again, and if it fails again tell the administrator (the "
	              "server's log says why)."));
	i18n_use(NULL);
	Netpont__Error e = NETPONT__ERROR__INIT;
	e.code = err.code;
	e.message = err.message;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = h->id;
	env.body_case = NETPONT__ENVELOPE__BODY_ERROR;
	env.error = &e;
	out->frame = NULL;
	out->len = 0;
	out->close = h->close || h->hello;
	return np_frame_encode(&env, GW_REPLY_MAX, &out->frame, &out->len) == NP_FRAME_OK ? 0 : -1;
}

/* Hands one held request to the hooks: after a good COMMIT its events,
 * its drop_seat, then its reply; after a failed one only the error reply.
 * Frees h. */
static void batch_deliver(gateway *gw, gw_held *h, bool committed)
{
	const gateway_hooks *hk = &gw->hooks;
	gw_reply reply = {.frame = h->frame, .len = h->len, .close = h->close};
	if (committed) {
		events_send(hk, h->events);
		if (h->drop_seat != 0 && hk->drop_seat != NULL)
			hk->drop_seat(hk->ctx, h->drop_seat);
		if (h->drop_staff != 0 && hk->drop_staff != NULL)
			hk->drop_staff(hk->ctx, h->drop_staff);
	} else if (h->owner != NULL) {
		free(h->frame);
		h->frame = NULL;
		if (batch_error_reply(h, &reply) != 0) {
			/* Out of memory: the peer is closed rather than left
			 * waiting for a reply that will not come. */
			reply.frame = NULL;
			reply.len = 0;
			reply.close = true;
		}
	}
	while (h->events != NULL) {
		gw_event *n = h->events->next;
		free(h->events);
		h->events = n;
	}
	if (h->owner == &gw->batch.sync_reply) {
		gw->batch.sync_reply = reply; /* gateway_finish() takes the frame */
	} else {
		if (h->owner != NULL && hk->reply != NULL)
			hk->reply(hk->ctx, h->owner, &reply);
		free(reply.frame);
	}
	free(h);
}

int gateway_commit(gateway *gw)
{
	gw_batch *b = &gw->batch;
	if (!gateway_batch_waiting(gw))
		return 0;
	bool committed = true;
	if (b->open) {
		np_err err = {0};
		b->open = false;
		/* store_commit() rolls back what a failed COMMIT left. */
		if (store_commit(gw->db, &err) != 0) {
			committed = false;
			np_log(NP_LOG_ERROR, "could not save a batch of %zu request(s): %s",
			       b->writes, err.english);
			/* The cache may hold a setting that was never saved. */
			gw_settings_changed(gw);
		}
	}
	/* The list is taken first: the hooks may close connections, whose
	 * SeatEvent (gateway_agent_online()) then goes out at once. */
	gw_held *h = b->head;
	b->last_writes = b->writes;
	b->head = NULL;
	b->tail = &b->head;
	b->writes = 0;
	while (h != NULL) {
		gw_held *next = h->next;
		batch_deliver(gw, h, committed && !h->failed);
		h = next;
	}
	return committed ? 0 : -1;
}

/* gateway_finish_batched() in the call's language. */
static int finish_call(gateway *gw, gw_call *call, gw_peer *peer, void *owner, gw_reply *reply)
{
	memset(reply, 0, sizeof *reply);
	gw_ctx c;
	ctx_init(&c, gw);
	c.call = call;
	c.peer = &call->peer;
	c.peer_out = peer;
	c.req = call->req;
	c.reply.id = call->req->id;

	/* A refusal found by gateway_begin(), or a failed hash, runs nothing.
	 * A Hello writes (last_seen, the audit row of a sign-in); a route
	 * says whether it does. */
	bool runs = call->err.code == NETPONT__ERROR_CODE__ERROR_CODE_UNSPECIFIED &&
	            !(call->work == GW_WORK_HASH && !call->work_ok);
	const gw_route *route = call->req->body_case == NETPONT__ENVELOPE__BODY_HELLO
	                            ? NULL
	                            : find_route(call->req->body_case);
	assert(!runs || route != NULL || call->req->body_case == NETPONT__ENVELOPE__BODY_HELLO);
	bool read_only = route != NULL && (route->allowed & R_READ_ONLY) != 0;
	bool writes = runs && !read_only;
	/* While a batch is open, every reply waits for its COMMIT: one that
	 * read the batch's changes must not show what may yet be lost, and a
	 * connection's replies keep the order of its requests. */
	gw_held *held = NULL;
	if (writes || gateway_batch_waiting(gw)) {
		held = calloc(1, sizeof *held);
		if (held == NULL) {
			gw_arena_free(&c.arena);
			gateway_call_free(call);
			return -1;
		}
		held->owner = owner;
		held->id = call->req->id;
		held->writes = writes;
		i18n_language_copy(held->language, sizeof held->language, call_language(call));
	}
	bool in_batch = gw->batch.open;
	bool savepoint = false;

	int rc = -1;
	if (call->err.code != NETPONT__ERROR_CODE__ERROR_CODE_UNSPECIFIED) {
		c.err = call->err;
		/* A refused Hello closes the connection; a second Hello on a
		 * signed-in connection is only refused. */
		if (call->req->body_case == NETPONT__ENVELOPE__BODY_HELLO &&
		    call->peer.kind == GW_PEER_NONE)
			c.close_after = true;
		goto refused;
	}
	/* A PIN or password that failed the format check in begin got no work;
	 * the handler reports the format. A failed hash is out of memory. */
	if (call->work == GW_WORK_HASH && !call->work_ok) {
		np_err_no_memory(&c.err);
		goto refused;
	}
	if (writes) {
		if (batch_join(gw, &c.err) != 0)
			goto refused;
		savepoint = true;
	} else if (!in_batch && store_begin_read(gw->db, &c.err) != 0) {
		goto refused;
	}
#ifndef NDEBUG
	int64_t changes_before = store_total_changes(gw->db);
#endif
	if (route == NULL) {
		rc = finish_hello(&c, call);
	} else {
		rc = route->handler(&c);
	}
	/* A route marked read-only that wrote would have taken the write lock
	 * in the middle of a deferred transaction: the tests fail on it. */
	assert(!read_only || store_total_changes(gw->db) == changes_before);
	if (rc == 0 && c.arena.failed)
		rc = np_err_no_memory(&c.err);
	if (rc == 0 && c.reply.body_case == NETPONT__ENVELOPE__BODY__NOT_SET)
		gw_reply_ok(&c);
	/* The reply is encoded while the request's changes can still be
	 * taken back alone: a reply that cannot be built undoes its request. */
	if (rc == 0 && encode_reply(&c, reply) != 0)
		rc = np_err_no_memory(&c.err);
	if (rc != 0 && c.commit_refusal && !c.arena.failed && savepoint) {
		/* The refusal keeps what it counted (a wrong PIN, the audit row of
		 * a failed sign-in): it commits with the batch. */
		np_err refusal = c.err;
		if (store_release(gw->db, &c.err) == 0)
			c.err = refusal;
		else if (store_rollback_to(gw->db) != 0)
			batch_lost(gw);
		savepoint = false;
		goto refused;
	}
	if (rc != 0) {
		if (savepoint) {
			if (store_rollback_to(gw->db) != 0)
				batch_lost(gw);
			/* The request may have changed a setting it took back. */
			gw_settings_changed(gw);
			savepoint = false;
		} else if (!in_batch) {
			store_rollback(gw->db);
		}
		goto refused;
	}
	if (savepoint) {
		if (store_release(gw->db, &c.err) != 0) {
			free(reply->frame);
			reply->frame = NULL;
			if (store_rollback_to(gw->db) != 0)
				batch_lost(gw);
			gw_settings_changed(gw);
			goto refused;
		}
	} else if (!in_batch && store_commit(gw->db, &c.err) != 0) {
		free(reply->frame);
		reply->frame = NULL;
		goto refused;
	}
	if (held == NULL) {
		/* No batch: a read transaction, committed; its events (none are
		 * expected of a read-only route) go out before the reply. */
		events_flush(&c);
		goto done;
	}
	/* After the COMMIT (batch_deliver()): the events first, so a console
	 * sees the change no later than the requester's reply; then the
	 * drop_seat: a removed seat or a renewed token ends the connection of
	 * the agent that signed in with the old token. */
	held->events = c.events;
	c.events = NULL;
	c.events_tail = &c.events;
	held->drop_seat = c.drop_seat;
	held->drop_staff = c.drop_staff;
	held->hello = call->req->body_case == NETPONT__ENVELOPE__BODY_HELLO;
	goto done;

refused:
	events_free(&c);
	set_error_reply(&c);
	if (call->req->body_case == NETPONT__ENVELOPE__BODY_HELLO)
		log_hello_refused(call, &c.err);
	else if (call->req->body_case == NETPONT__ENVELOPE__BODY_AGENT_JOIN &&
	         call->peer.kind == GW_PEER_NONE) {
		/* A join connection ends with its reply, refused or not. */
		c.close_after = true;
		np_log(NP_LOG_NOTICE, "join refused from %s: %s",
		       call->peer.address[0] != '\0' ? call->peer.address : "an unknown address",
		       c.err.english);
	} else if (c.err.code == NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL)
		np_log(NP_LOG_INFO, "request %d refused: %s", (int)call->req->body_case,
		       c.err.english);
	if (encode_reply(&c, reply) != 0) {
		/* Even the Error could not be built: the caller closes the
		 * connection. What a counted refusal kept commits with the
		 * batch. */
		free(held);
		gw_arena_free(&c.arena);
		gateway_call_free(call);
		return -1;
	}
done:
	reply->close = c.close_after;
	gw_arena_free(&c.arena);
	gateway_call_free(call);
	if (held == NULL)
		return 0;
	/* SQLite may have dropped the whole transaction on an error it cannot
	 * recover from: then this request is refused with the rest. */
	if (in_batch && !gw->batch.open)
		held->failed = true;
	else if (gw->batch.open && !store_in_transaction(gw->db)) {
		batch_lost(gw);
		held->failed = true;
	}
	held->frame = reply->frame;
	held->len = reply->len;
	held->close = reply->close;
	reply->frame = NULL;
	reply->len = 0;
	batch_append(gw, held);
	return 1;
}

int gateway_finish_batched(gateway *gw, gw_call *call, gw_peer *peer, void *owner, gw_reply *reply)
{
	assert(gw != NULL && call != NULL && peer != NULL && owner != NULL && reply != NULL);
	i18n_use(call_language(call));
	int rc = finish_call(gw, call, peer, owner, reply);
	i18n_use(NULL);
	return rc;
}

int gateway_finish(gateway *gw, gw_call *call, gw_peer *peer, gw_reply *reply)
{
	assert(call != NULL && peer != NULL && reply != NULL);
	gw_batch *b = &gw->batch;
	int rc = gateway_finish_batched(gw, call, peer, &b->sync_reply, reply);
	if (rc != 1)
		return rc;
	/* A reply that waits is this request's own batch, committed now. */
	memset(&b->sync_reply, 0, sizeof b->sync_reply);
	gateway_commit(gw);
	*reply = b->sync_reply;
	memset(&b->sync_reply, 0, sizeof b->sync_reply);
	return reply->frame != NULL ? 0 : -1;
}

/* ------------------------------------------------------------ timers, agents */

int gateway_expire(gateway *gw)
{
	/* The timer's sessions end in a transaction of their own. */
	gateway_commit(gw);
	gw_ctx c;
	ctx_init(&c, gw);
	enum { BATCH = 64 };
	store_session due[BATCH];
	int ended = 0;
	if (store_begin(gw->db, &c.err) != 0) {
		gw_arena_free(&c.arena);
		return -1;
	}
	int n = store_session_list_running(gw->db, c.now, due, BATCH, &c.err);
	if (n < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		/* Ended at its lease's end, also when the server was down then. */
		if (gw_end_session(&c, &due[i], due[i].ends_at, "time_up") != 0)
			goto fail;
		np_log(NP_LOG_INFO, "session %lld on %s ended: time is up", (long long)due[i].id,
		       due[i].seat);
		ended++;
	}
	if (gw_pc_bookings_expire(&c) < 0)
		goto fail;
	if (store_commit(gw->db, &c.err) != 0)
		goto fail;
	events_flush(&c);
	gw_arena_free(&c.arena);
	/* More than one batch was due (a long shutdown): go on. */
	if (n == BATCH) {
		int more = gateway_expire(gw);
		return more < 0 ? -1 : ended + more;
	}
	return ended;
fail:
	np_log(NP_LOG_ERROR, "could not end the sessions whose time is up: %s", c.err.message);
	store_rollback(gw->db);
	events_free(&c);
	gw_arena_free(&c.arena);
	return -1;
}

int gateway_retention(gateway *gw)
{
	gateway_commit(gw);
	gw_ctx c;
	ctx_init(&c, gw);
	store_retention_counts counts;
	if (store_begin(gw->db, &c.err) != 0 || gw_retention_apply(&c, &counts) != 0 ||
	    store_commit(gw->db, &c.err) != 0) {
		np_log(NP_LOG_ERROR, "could not apply the retention settings: %s", c.err.message);
		store_rollback(gw->db);
		events_free(&c);
		gw_arena_free(&c.arena);
		return -1;
	}
	events_flush(&c);
	gw_arena_free(&c.arena);
	return 0;
}

int64_t gateway_next_deadline(gateway *gw)
{
	rules_settings rules;
	cached_rules(gw, &rules);
	int64_t session = store_session_next_end(gw->db);
	int64_t booking = gw_pc_bookings_deadline(gw, &rules, gw_now(gw));
	if (session == 0 || (booking != 0 && booking < session))
		return booking;
	return session;
}

void gateway_agent_online(gateway *gw, int64_t seat_id, bool online)
{
	(void)online; /* the hooks already answer seat_connected() for the new state */
	/* A new connection reports its held jobs after the Welcome; a closed
	 * one can release none, so mentors must not be offered them. */
	held_clear(gw->held, seat_id);
	gw_ctx c;
	ctx_init(&c, gw);
	/* The moment is written with the next batch; the event only reads.
	 * While requests wait for their batch's COMMIT, it reads in the
	 * batch's transaction and waits with them, after their replies (a
	 * Welcome before its SeatEvent, as without a batch). */
	if (gw_seen_note(gw, seat_id, c.now, true) != 0)
		return;
	bool in_batch = gw->batch.open;
	gw_held *held = NULL;
	if (gateway_batch_waiting(gw) && (held = calloc(1, sizeof *held)) == NULL)
		return;
	if (!in_batch && store_begin_read(gw->db, &c.err) != 0) {
		free(held);
		return;
	}
	gw_emit_seat(&c, seat_id);
	if (!in_batch && store_commit(gw->db, &c.err) != 0) {
		events_free(&c);
	} else if (held != NULL) {
		held->events = c.events;
		c.events = NULL;
		c.events_tail = &c.events;
		batch_append(gw, held);
		held = NULL;
	} else {
		events_flush(&c);
	}
	free(held);
	gw_arena_free(&c.arena);
}

/* ------------------------------------------------------------ --init-admin */

int gateway_init_admin(store_db *db, const char *name, const char *password, bool pwhash_min,
                       int64_t now, np_err *err)
{
	if (!gw_text_ok(name, 63))
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The administrator's name must be 1 to 63 characters."));
	if (!gw_password_ok(password))
		return gw_password_refused(err);
	if (sodium_init() < 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  N_("libsodium failed to start."));
	char hash[128];
	if (gateway_hash_secret(password, pwhash_min, hash) != 0)
		return np_err_no_memory(err);
	if (store_begin(db, err) != 0)
		return -1;
	store_staff s;
	int found = store_staff_by_name(db, name, &s, err);
	if (found != 0) {
		store_rollback(db);
		if (found == 1)
			np_err_set(
			    err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			    N_("There is already a staff member called %s; nothing was changed."),
			    name);
		return -1;
	}
	int64_t id;
	if (store_staff_add(db, name, "admin", hash, now, &id, err) != 0 ||
	    store_audit(db, now, id, "staff.init_admin", name, err) != 0 ||
	    store_commit(db, err) != 0) {
		store_rollback(db);
		return -1;
	}
	return 0;
}

int gateway_set_site_language(store_db *db, const char *language, np_err *err)
{
	char before[16];
	if (rules_settings_apply(NULL, "site_language", language, err) != 0 ||
	    store_begin(db, err) != 0)
		return -1;
	store_site_language(db, before, sizeof before);
	if (store_seeds_relabel(db, before, language, err) != 0 ||
	    store_setting_set(db, "site_language", language, err) != 0 ||
	    store_commit(db, err) != 0) {
		store_rollback(db);
		return -1;
	}
	return 0;
}
