/* Sign-in throttling: staff accounts and addresses after wrong passwords,
 * residents after wrong PINs, public PCs after many wrong logins, and the
 * administrator's StaffUnlock. The rule (doubling lock-outs) is in
 * core/throttle.h, its state in store/signin.h; this file words the
 * refusals and writes the audit rows. */
#include "gateway_internal.h"

#include "common/np_log.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/settings.h"
#include "store/signin.h"
#include "store/staff.h"

/* Residents' lock-outs double from pin_lock_min up to a day: a person who
 * forgot the PIN comes back tomorrow or asks a mentor. */
#define GW_PIN_LOCK_MAX_S (24 * 60 * 60)

/* ------------------------------------------------------------ policies */

static void staff_policy(const rules_settings *r, throttle_policy *p)
{
	p->max_failures = r->staff_max_tries;
	p->window_s = 0;
	p->first_lock_s = (int64_t)r->staff_lock_min * 60;
	p->max_lock_s = (int64_t)(r->staff_lock_max_min > r->staff_lock_min ? r->staff_lock_max_min
	                                                                    : r->staff_lock_min) *
	                60;
}

static void resident_policy(const rules_settings *r, throttle_policy *p)
{
	p->max_failures = r->pin_max_tries;
	p->window_s = 0;
	p->first_lock_s = (int64_t)r->pin_lock_min * 60;
	p->max_lock_s = GW_PIN_LOCK_MAX_S > p->first_lock_s ? GW_PIN_LOCK_MAX_S : p->first_lock_s;
}

/* "More than seat_max_failed_logins" wrong logins pause the PC, so the
 * pause starts at one more than the setting. */
static void seat_policy(const rules_settings *r, throttle_policy *p)
{
	p->max_failures = r->seat_max_failed_logins + 1;
	p->window_s = (int64_t)r->seat_window_min * 60;
	p->first_lock_s = (int64_t)r->seat_pause_min * 60;
	p->max_lock_s = p->first_lock_s;
}

/* The IP address of "127.0.0.1:4711" or "::1:4711" (the port follows the
 * last colon); "" when the network layer gave no address. */
static void address_host(const char *address, char *out, size_t n)
{
	snprintf(out, n, "%s", address != NULL ? address : "");
	char *colon = strrchr(out, ':');
	if (colon != NULL)
		*colon = '\0';
}

/* The subject under which a staff name's failures are kept: the name's
 * BLAKE2b keyed with the server's key, in hex. A name nobody has may be a
 * password typed in the wrong field, so no name is stored as typed; and
 * every name, however long, takes 64 characters. */
static void staff_subject(const gw_ctx *c, const char *name, char out[65])
{
	static const char domain[] = "netpont staff name";
	unsigned char digest[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, c->gw->token_key, sizeof c->gw->token_key, sizeof digest);
	crypto_generichash_update(&st, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&st, (const unsigned char *)name, strlen(name));
	crypto_generichash_final(&st, digest, sizeof digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* ------------------------------------------------------------ staff */

/* Fills err with code and sentence (marked N_(); two %s: who or what is
 * locked out, then the local time after which to try again). Returns -1. */
static int until_error(np_err *err, Netpont__ErrorCode code, const char *sentence, const char *who,
                       int64_t until, int64_t now)
{
	char at[24];
	throttle_format_until(until, now, at, sizeof at);
	return np_err_set(err, code, sentence, who, at);
}

static int staff_locked_error(gw_ctx *c, bool by_address, const char *who, int64_t until)
{
	c->close_after = true;
	return until_error(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	                   by_address ? N_("Too many wrong passwords from %s: try again after %s.")
	                              : N_("Too many wrong passwords for %s: try again after %s."),
	                   who, until, c->now);
}

int gw_signin_staff_check(gw_ctx *c, const char *name)
{
	char subject[65];
	staff_subject(c, name, subject);
	throttle_state st;
	if (store_throttle_get(c->gw->db, STORE_THROTTLE_STAFF, subject, &st, &c->err) != 0)
		return -1;
	if (throttle_locked(&st, c->now))
		return staff_locked_error(c, false, name, st.locked_until);
	char host[64];
	address_host(c->peer->address, host, sizeof host);
	if (host[0] == '\0')
		return 0;
	if (store_throttle_get(c->gw->db, STORE_THROTTLE_ADDRESS, host, &st, &c->err) != 0)
		return -1;
	if (throttle_locked(&st, c->now))
		return staff_locked_error(c, true, host, st.locked_until);
	return 0;
}

/* Counts one failure of (kind, subject) under policy and writes the state
 * back into *st. Returns 1 when it started a lock-out, 0, or -1 (c->err). */
static int count_failure(gw_ctx *c, const throttle_policy *policy, store_throttle_kind kind,
                         const char *subject, throttle_state *st)
{
	if (store_throttle_get(c->gw->db, kind, subject, st, &c->err) != 0)
		return -1;
	bool locked = throttle_fail(policy, st, c->now);
	if (store_throttle_put(c->gw->db, kind, subject, st, &c->err) != 0)
		return -1;
	return locked ? 1 : 0;
}

/* Counts one wrong password against (kind, subject); at the limit starts a
 * lock-out, logs it, writes its audit row and sets *until. */
static int staff_count(gw_ctx *c, store_throttle_kind kind, const char *subject,
                       const char *audit_detail, int64_t *until)
{
	throttle_policy policy;
	staff_policy(&c->rules, &policy);
	throttle_state st;
	int locked = count_failure(c, &policy, kind, subject, &st);
	if (locked <= 0)
		return locked;
	*until = st.locked_until;
	int64_t minutes = (st.locked_until - c->now) / 60;
	np_log(NP_LOG_WARNING, "sign-ins %s locked for %" PRId64 " min", audit_detail, minutes);
	return gw_audit(c, "signin.lockout", "%s for %" PRId64 " min", audit_detail, minutes);
}

int gw_signin_staff_wrong(gw_ctx *c, const char *name, bool known)
{
	char host[64], detail[160];
	address_host(c->peer->address, host, sizeof host);
	const char *from = host[0] != '\0' ? host : "an unknown address";
	/* A name nobody has may be a password typed in the wrong field: it is
	 * never written down (see staff_subject()). */
	c->commit_refusal = true;
	if (gw_audit(c, "signin.wrong_password", "%s from %s", known ? name : "an unknown name",
	             from) != 0)
		return -1;
	int64_t name_until = 0, host_until = 0;
	char subject[65];
	staff_subject(c, name, subject);
	snprintf(detail, sizeof detail, "by %s", known ? name : "an unknown name");
	if (staff_count(c, STORE_THROTTLE_STAFF, subject, detail, &name_until) != 0)
		return -1;
	if (host[0] != '\0') {
		snprintf(detail, sizeof detail, "from %s", host);
		if (staff_count(c, STORE_THROTTLE_ADDRESS, host, detail, &host_until) != 0)
			return -1;
	}
	if (name_until != 0)
		return staff_locked_error(c, false, name, name_until), 1;
	if (host_until != 0)
		return staff_locked_error(c, true, host, host_until), 1;
	return 0;
}

int gw_signin_staff_ok(gw_ctx *c, const char *name)
{
	char host[64], subject[65];
	address_host(c->peer->address, host, sizeof host);
	staff_subject(c, name, subject);
	if (store_throttle_clear(c->gw->db, STORE_THROTTLE_STAFF, subject, &c->err) != 0)
		return -1;
	if (host[0] == '\0')
		return 0;
	return store_throttle_clear(c->gw->db, STORE_THROTTLE_ADDRESS, host, &c->err);
}

static int staff_unlock(gw_ctx *c)
{
	const char *name = c->req->staff_unlock->name ? c->req->staff_unlock->name : "";
	store_staff s;
	int found = store_staff_by_name(c->gw->db, name, &s, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no staff member called %s."), name);
	char subject[65];
	staff_subject(c, s.name, subject);
	if (store_throttle_clear(c->gw->db, STORE_THROTTLE_STAFF, subject, &c->err) != 0 ||
	    gw_audit(c, "staff.unlock", "%s", s.name) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ residents */

static int resident_locked_error(const char *login, int64_t until, int64_t now, np_err *err)
{
	return until_error(err, NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT,
	                   N_("Too many wrong PINs for %s: try again after %s, or ask a mentor to "
	                      "reset the PIN."),
	                   login, until, now);
}

static int seat_paused_error(const char *seat, int64_t until, int64_t now, np_err *err)
{
	return until_error(err, NETPONT__ERROR_CODE__ERROR_CODE_LOCKED_OUT,
	                   N_("Too many wrong PINs at %s: logins at this PC are paused until %s. "
	                      "Please ask a mentor."),
	                   seat, until, now);
}

int gw_signin_resident_check(store_db *db, int64_t now, const store_resident *r,
                             const gw_peer *agent, np_err *err)
{
	char id[24];
	throttle_state st;
	id_text(agent->seat_id, id);
	if (store_throttle_get(db, STORE_THROTTLE_SEAT, id, &st, err) != 0)
		return -1;
	if (throttle_locked(&st, now))
		return seat_paused_error(agent->seat_name, st.locked_until, now, err);
	id_text(r->id, id);
	if (store_throttle_get(db, STORE_THROTTLE_RESIDENT, id, &st, err) != 0)
		return -1;
	if (throttle_locked(&st, now))
		return resident_locked_error(r->login, st.locked_until, now, err);
	return 0;
}

bool gw_signin_resident_locked(gw_ctx *c, int64_t resident_id)
{
	char id[24];
	throttle_state st;
	id_text(resident_id, id);
	return store_throttle_get(c->gw->db, STORE_THROTTLE_RESIDENT, id, &st, NULL) == 0 &&
	       throttle_locked(&st, c->now);
}

/* Counts the wrong login against the seat; more than the setting within
 * its window pauses the PC's logins for everyone, so that one PC cannot
 * lock the room's residents out. */
static int seat_count(gw_ctx *c, const store_seat *seat)
{
	throttle_policy policy;
	seat_policy(&c->rules, &policy);
	char id[24];
	throttle_state st;
	id_text(seat->id, id);
	int paused = count_failure(c, &policy, STORE_THROTTLE_SEAT, id, &st);
	if (paused <= 0)
		return paused;
	np_log(NP_LOG_WARNING, "logins at %s paused for %d min after too many wrong PINs",
	       seat->name, c->rules.seat_pause_min);
	return gw_audit(c, "seat.paused", "%s for %d min", seat->name, c->rules.seat_pause_min);
}

int gw_signin_resident_wrong(gw_ctx *c, const store_resident *r, const store_seat *seat)
{
	c->commit_refusal = true;
	int failed = r->failed_pins + 1;
	np_log(NP_LOG_INFO, "wrong PIN for %s at %s (%d in a row)", r->login, seat->name, failed);
	if (gw_audit(c, "resident.wrong_pin", "%s at %s", r->login, seat->name) != 0 ||
	    seat_count(c, seat) != 0)
		return -1;
	if (failed < c->rules.pin_max_tries) {
		if (store_resident_set_failed_pins(c->gw->db, r->id, failed, &c->err) != 0)
			return -1;
		return rules_pin_wrong(failed, c->rules.pin_max_tries, &c->err);
	}
	/* The limit: a lock-out for a while, and the tries start again after
	 * it; each lock-out in a row lasts twice as long. */
	throttle_policy policy;
	resident_policy(&c->rules, &policy);
	char id[24];
	throttle_state st;
	id_text(r->id, id);
	if (store_throttle_get(c->gw->db, STORE_THROTTLE_RESIDENT, id, &st, &c->err) != 0)
		return -1;
	throttle_lock(&policy, &st, c->now);
	int64_t minutes = (st.locked_until - c->now) / 60;
	if (store_throttle_put(c->gw->db, STORE_THROTTLE_RESIDENT, id, &st, &c->err) != 0 ||
	    store_resident_set_failed_pins(c->gw->db, r->id, 0, &c->err) != 0 ||
	    gw_audit(c, "resident.lockout", "%s at %s for %" PRId64 " min", r->login, seat->name,
	             minutes) != 0)
		return -1;
	np_log(NP_LOG_WARNING, "%s locked for %" PRId64 " min after %d wrong PINs", r->login,
	       minutes, failed);
	return resident_locked_error(r->login, st.locked_until, c->now, &c->err);
}

int gw_signin_resident_clear(gw_ctx *c, const store_resident *r)
{
	char id[24];
	id_text(r->id, id);
	if (r->failed_pins != 0 &&
	    store_resident_set_failed_pins(c->gw->db, r->id, 0, &c->err) != 0)
		return -1;
	return store_throttle_clear(c->gw->db, STORE_THROTTLE_RESIDENT, id, &c->err);
}

/* ------------------------------------------------------------ join codes */

/* Wrong join codes are counted per address under the staff policy (the
 * same staff_max_tries before a doubling lock-out), in the address rows
 * of signin_throttle with the subject "join/ADDRESS", so that guessing codes
 * and guessing passwords are slowed alike but neither locks the other out.
 * A join from a connection without an address is not throttled by it. */
static void join_subject(const gw_ctx *c, char *out, size_t n)
{
	char host[64];
	address_host(c->peer->address, host, sizeof host);
	if (host[0] == '\0')
		out[0] = '\0';
	else
		snprintf(out, n, "join/%s", host);
}

static int join_locked_error(gw_ctx *c, const char *subject, int64_t until)
{
	c->close_after = true;
	return until_error(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_AUTH,
	                   N_("Too many wrong join codes from %s: try again after %s."),
	                   subject + strlen("join/"), until, c->now);
}

int gw_signin_join_check(gw_ctx *c)
{
	char subject[80];
	join_subject(c, subject, sizeof subject);
	if (subject[0] == '\0')
		return 0;
	throttle_state st;
	if (store_throttle_get(c->gw->db, STORE_THROTTLE_ADDRESS, subject, &st, &c->err) != 0)
		return -1;
	return throttle_locked(&st, c->now) ? join_locked_error(c, subject, st.locked_until) : 0;
}

int gw_signin_join_wrong(gw_ctx *c)
{
	char subject[80];
	join_subject(c, subject, sizeof subject);
	c->commit_refusal = true;
	if (gw_audit_for(c, 0, "seat.join_refused", "an unknown join code from %s",
	                 subject[0] != '\0' ? subject + strlen("join/") : "an unknown address") !=
	    0)
		return -1;
	if (subject[0] == '\0')
		return 0;
	throttle_policy policy;
	staff_policy(&c->rules, &policy);
	throttle_state st;
	int locked = count_failure(c, &policy, STORE_THROTTLE_ADDRESS, subject, &st);
	if (locked <= 0)
		return locked;
	int64_t minutes = (st.locked_until - c->now) / 60;
	fprintf(stderr, "netpontd: joins from %s locked for %" PRId64 " min\n",
	        subject + strlen("join/"), minutes);
	if (gw_audit_for(c, 0, "signin.lockout", "joins from %s for %" PRId64 " min",
	                 subject + strlen("join/"), minutes) != 0)
		return -1;
	return join_locked_error(c, subject, st.locked_until), 1;
}

/* ------------------------------------------------------------ routes */

const gw_route gw_signin_routes[] = {
    {NETPONT__ENVELOPE__BODY_STAFF_UNLOCK, R_ADMIN, staff_unlock,
     N_("Only an administrator can lift a sign-in lock-out.")},
};
const size_t gw_signin_route_count = sizeof gw_signin_routes / sizeof gw_signin_routes[0];

/* ------------------------------------------------------------ the Welcome's settings */

const gw_welcome_site *gw_welcome_site_cached(gateway *gw)
{
	if (gw->welcome_valid)
		return &gw->welcome;
	gw_welcome_site *w = &gw->welcome;
	np_err err = {0};
	int name = store_setting_get(gw->db, "site_name", w->site_name, sizeof w->site_name, &err);
	int currency = store_setting_get(gw->db, "currency", w->currency, sizeof w->currency, &err);
	w->has_site_name = name == 1;
	w->has_currency = currency == 1;
	w->currency_decimals = (int)store_setting_int(gw->db, "currency_decimals", 0);
	/* A failed read (not a missing row) is tried again next time. */
	gw->welcome_valid = name >= 0 && currency >= 0;
	return w;
}
