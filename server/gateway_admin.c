/* Accounts and site administration: staff, residents, settings, and the
 * help-call report. */
#include "gateway_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pages.h"
#include "store/audit.h"
#include "store/ledger.h"
#include "store/seeds.h"
#include "store/settings.h"
#include "store/staff.h"

/* A name a person types: 1..max bytes, no control characters. */
static bool plain_text_ok(const char *s, size_t max)
{
	if (!gw_text_ok(s, max))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* A login: 1 to 32 letters, digits, '.', '-' or '_'. */
static bool login_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		          (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok)
			return false;
	}
	return true;
}

static const char *role_text(Netpont__StaffRole role)
{
	switch (role) {
	case NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR:
		return "mentor";
	case NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER:
		return "treasurer";
	case NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN:
		return "admin";
	default:
		return NULL;
	}
}

static Netpont__StaffRole role_value(const char *text)
{
	if (strcmp(text, "admin") == 0)
		return NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN;
	if (strcmp(text, "treasurer") == 0)
		return NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER;
	return NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR;
}

/* ------------------------------------------------------------ staff */

/* A display name, when given ("" = none): 1 to 63 bytes, no control
 * characters. Returns 0, or -1 with err. */
static int display_name_refused(gw_ctx *c, const char *display_name)
{
	if (display_name == NULL || display_name[0] == '\0' || plain_text_ok(display_name, 63))
		return 0;
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("A display name must be 1 to 63 characters, without line breaks."));
}

static int staff_add(gw_ctx *c)
{
	const Netpont__StaffAdd *m = c->req->staff_add;
	if (!plain_text_ok(m->name, 63))
		return np_err_set(
		    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("A staff name must be 1 to 63 characters, without line breaks."));
	const char *role = role_text(m->role);
	if (role == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The role must be mentor, treasurer or admin."));
	if (c->call->work != GW_WORK_HASH)
		return gw_password_refused(&c->err);
	store_staff s;
	int found = store_staff_by_name(c->gw->db, m->name, &s, &c->err);
	if (found < 0)
		return -1;
	if (found == 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("There is already a staff member called %s."), m->name);
	if (display_name_refused(c, m->display_name) != 0)
		return -1;
	int64_t id;
	if (store_staff_add(c->gw->db, m->name, role, c->call->hash, c->now, &id, &c->err) != 0 ||
	    gw_audit(c, "staff.add", "%s (%s)", m->name, role) != 0)
		return -1;
	if (m->display_name != NULL && m->display_name[0] != '\0' &&
	    store_staff_update(c->gw->db, id, m->display_name, role, false, &c->err) != 0)
		return -1;
	return 0;
}

static Netpont__StaffMember *staff_member(gw_ctx *c, const store_staff *row)
{
	Netpont__StaffMember *sm =
	    GW_NEW(&c->arena, Netpont__StaffMember, netpont__staff_member__init);
	sm->name = gw_strdup(&c->arena, row->name);
	sm->role = role_value(row->role);
	sm->created_at = row->created_at;
	sm->disabled = row->disabled;
	sm->display_name = gw_strdup(&c->arena, row->display_name);
	return sm;
}

/* Whether the administrators who can sign in would all be gone if s (an
 * enabled administrator) lost the role or were disabled: 1 refused (err
 * set), 0 fine, -1 on a store error. */
static int last_admin_refused(gw_ctx *c, const store_staff *s)
{
	int admins = store_staff_enabled_admins(c->gw->db, &c->err);
	if (admins < 0)
		return -1;
	if (admins > 1)
		return 0;
	np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
	           N_("%s is the last administrator who can sign in: make another staff member "
	              "an administrator first."),
	           s->name);
	return 1;
}

/* An administrator changes a staff account: display name, role, disabled
 * (netpont.proto, StaffUpdate). A disabled account and a changed role end
 * the account's open connections after the COMMIT (c->drop_staff). */
static int staff_update(gw_ctx *c)
{
	const Netpont__StaffUpdate *m = c->req->staff_update;
	if (m->disable && m->enable)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("An account cannot be disabled and enabled at once."));
	if (display_name_refused(c, m->display_name) != 0)
		return -1;
	const char *role_asked = NULL;
	if (m->role != NETPONT__STAFF_ROLE__STAFF_ROLE_UNSPECIFIED) {
		role_asked = role_text(m->role);
		if (role_asked == NULL)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			                  N_("The role must be mentor, treasurer or admin."));
	}
	store_staff s;
	int found = store_staff_by_name(c->gw->db, m->name ? m->name : "", &s, &c->err);
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no staff member called %s."),
		                  m->name ? m->name : "");
	if (found < 0)
		return -1;
	const char *role = role_asked ? role_asked : s.role;
	bool disabled = m->disable ? true : m->enable ? false : s.disabled;
	bool was_admin = strcmp(s.role, "admin") == 0 && !s.disabled;
	bool stays_admin = strcmp(role, "admin") == 0 && !disabled;
	bool self = s.id == c->peer->staff_id;
	if (self && m->disable)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You cannot disable your own account: another administrator "
		                     "can."));
	if (self && was_admin && !stays_admin)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("You cannot take away your own administrator role: another "
		                     "administrator can."));
	if (was_admin && !stays_admin) {
		int refused = last_admin_refused(c, &s);
		if (refused != 0)
			return -1;
	}
	const char *display =
	    m->display_name && m->display_name[0] ? m->display_name : s.display_name;
	bool role_changed = strcmp(role, s.role) != 0;
	if (store_staff_update(c->gw->db, s.id, display, role, disabled, &c->err) != 0 ||
	    gw_audit(c, "staff.update", "%s: display name \"%s\", %s%s", s.name, display, role,
	             disabled ? ", disabled" : "") != 0)
		return -1;
	if ((disabled && !s.disabled) || role_changed)
		c->drop_staff = s.id;
	if (store_staff_by_id(c->gw->db, s.id, &s, &c->err) != 1)
		return -1;
	GW_REPLY(c, STAFF_MEMBER, staff_member, staff_member(c, &s));
	return 0;
}

static int collect_staff(void *ctx, const store_staff *row)
{
	gw_ctx *c = ctx;
	Netpont__StaffListReply *r = c->reply.staff_list_reply;
	Netpont__StaffMember **grown = gw_alloc(&c->arena, (r->n_staff + 1) * sizeof *grown);
	if (c->arena.failed)
		return 1;
	if (r->n_staff)
		memcpy(grown, r->staff, r->n_staff * sizeof *grown);
	grown[r->n_staff++] = staff_member(c, row);
	r->staff = grown;
	return 0;
}

static int staff_list(gw_ctx *c)
{
	Netpont__StaffListReply *r =
	    GW_NEW(&c->arena, Netpont__StaffListReply, netpont__staff_list_reply__init);
	GW_REPLY(c, STAFF_LIST_REPLY, staff_list_reply, r);
	return store_staff_each(c->gw->db, collect_staff, c, &c->err);
}

static int staff_set_password(gw_ctx *c)
{
	const Netpont__StaffSetPassword *m = c->req->staff_set_password;
	const char *name = m->name && m->name[0] ? m->name : c->peer->staff_name;
	bool self = strcmp(name, c->peer->staff_name) == 0;
	if (!self && c->peer->role != NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                  N_("Only an administrator can change another staff member's "
		                     "password."));
	store_staff s;
	int found = store_staff_by_name(c->gw->db, name, &s, &c->err);
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no staff member called %s."), name);
	if (found < 0)
		return -1;
	if (c->call->work != GW_WORK_HASH)
		return gw_password_refused(&c->err);
	if (store_staff_set_password(c->gw->db, s.id, c->call->hash, &c->err) != 0 ||
	    gw_audit(c, "staff.password", "%s", s.name) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ residents */

static Netpont__Resident *resident_message(gw_ctx *c, const store_resident *r)
{
	Netpont__Resident *m = GW_NEW(&c->arena, Netpont__Resident, netpont__resident__init);
	m->login = gw_strdup(&c->arena, r->login);
	m->name = gw_strdup(&c->arena, r->name);
	m->category = gw_strdup(&c->arena, r->category);
	m->category_label =
	    gw_strdup(&c->arena, r->category_label[0] ? r->category_label : r->category);
	m->created_at = r->created_at;
	int64_t due = 0;
	if (store_due(c->gw->db, r->id, &due, NULL) == 0) {
		m->balance_due = due > 0 ? due : 0;
		m->credit = due < 0 ? -due : 0;
	}
	m->used_today_s = (int32_t)gw_used_today(c, r->id);
	m->allowance_s = (int32_t)c->rules.daily_allowance_s;
	m->locked_out = !r->guest && gw_signin_resident_locked(c, r->id);
	m->guest = r->guest;
	m->note = gw_strdup(&c->arena, r->note);
	m->birth_year = r->birth_year;
	return m;
}

/* A year of birth given with the resident's consent: 1900 to this year (0
 * is none). Refuses with its one sentence; returns 0 or -1. */
static int check_birth_year(gw_ctx *c, int32_t year)
{
	time_t now = (time_t)c->now;
	struct tm tm;
	int this_year = localtime_r(&now, &tm) != NULL ? tm.tm_year + 1900 : 2100;
	if (year == 0 || (year >= 1900 && year <= this_year))
		return 0;
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The year of birth must be between 1900 and %d, like 1951."),
	                  this_year);
}

/* The id of a category by name; "" means the default_category setting. */
static int category_for(gw_ctx *c, const char *name, int64_t *id)
{
	char dflt[64];
	if (name == NULL || name[0] == '\0') {
		store_setting_get(c->gw->db, "default_category", dflt, sizeof dflt, NULL);
		name = dflt[0] ? dflt : "standard";
	}
	int64_t found = store_category_id(c->gw->db, name, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("There is no fee category called %s."), name);
	*id = found;
	return 0;
}

static int pin_refused(gw_ctx *c)
{
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The PIN must be 4 to 12 digits."));
}

/* A resident's name: 1 to 100 characters, no control characters. Refuses
 * with its one sentence; returns 0 or -1. */
static int check_resident_name(gw_ctx *c, const char *name)
{
	if (plain_text_ok(name, 100))
		return 0;
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The resident's name must be 1 to 100 characters."));
}

/* A note on a resident: at most 500 bytes (NULL is none). Refuses with its
 * one sentence; returns 0 or -1. */
static int check_note(gw_ctx *c, const char *note)
{
	if (note == NULL || strlen(note) <= 500)
		return 0;
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The note is too long (at most 500 characters)."));
}

static int resident_add(gw_ctx *c)
{
	const Netpont__ResidentAdd *m = c->req->resident_add;
	if (!login_ok(m->login))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A login must be 1 to 32 letters, digits, dots, dashes or "
		                     "underscores, like kovacsm."));
	if (strncmp(m->login, "guest-", 6) == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Logins starting with guest- are kept for walk-in guests."));
	if (check_resident_name(c, m->name) != 0 || check_note(c, m->note) != 0 ||
	    check_birth_year(c, m->birth_year) != 0)
		return -1;
	if (c->call->work != GW_WORK_HASH)
		return pin_refused(c);
	int64_t category = 0; /* set by category_for(); 0 quiets -O2 */
	if (category_for(c, m->category, &category) != 0)
		return -1;
	store_resident r;
	int found = store_resident_by_login(c->gw->db, m->login, &r, &c->err);
	if (found < 0)
		return -1;
	if (found == 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("The login %s is already taken."), m->login);
	int64_t id;
	if (store_resident_add(c->gw->db, m->login, m->name, c->call->hash, category, false,
	                       m->note, c->now, &id, &c->err) != 0 ||
	    (m->birth_year != 0 &&
	     store_resident_set_birth_year(c->gw->db, id, m->birth_year, &c->err) != 0) ||
	    gw_audit(c, "resident.add", "%s", m->login) != 0 ||
	    store_resident_by_id(c->gw->db, id, &r, &c->err) != 1)
		return -1;
	GW_REPLY(c, RESIDENT, resident, resident_message(c, &r));
	return 0;
}

static int resident_update(gw_ctx *c)
{
	const Netpont__ResidentUpdate *m = c->req->resident_update;
	store_resident r;
	if (gw_find_resident(c, m->login, &r) != 0)
		return -1;
	char name[128], note[512];
	snprintf(name, sizeof name, "%s", r.name);
	snprintf(note, sizeof note, "%s", r.note);
	int64_t category = r.category_id;
	if (m->name && m->name[0]) {
		if (check_resident_name(c, m->name) != 0)
			return -1;
		snprintf(name, sizeof name, "%s", m->name);
	}
	if (m->note && m->note[0]) {
		if (check_note(c, m->note) != 0)
			return -1;
		snprintf(note, sizeof note, "%s", m->note);
	}
	if (m->category && m->category[0] && category_for(c, m->category, &category) != 0)
		return -1;
	if (check_birth_year(c, m->birth_year) != 0)
		return -1;
	if (store_resident_update(c->gw->db, r.id, name, category, note, &c->err) != 0)
		return -1;
	if ((m->forget_birth_year || m->birth_year != 0) &&
	    store_resident_set_birth_year(c->gw->db, r.id, m->forget_birth_year ? 0 : m->birth_year,
	                                  &c->err) != 0)
		return -1;
	if (m->pin && m->pin[0]) {
		if (c->call->work != GW_WORK_HASH)
			return pin_refused(c);
		if (r.guest)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
			    N_("A guest account has no PIN; add the person as a resident."));
		if (store_resident_set_pin(c->gw->db, r.id, c->call->hash, &c->err) != 0 ||
		    gw_signin_resident_clear(c, &r) != 0)
			return -1;
	} else if (m->clear_lockout) {
		if (gw_signin_resident_clear(c, &r) != 0)
			return -1;
	}
	if (gw_audit(c, "resident.update", "%s%s%s%s%s%s", r.login,
	             m->name && m->name[0] ? " name" : "", m->pin && m->pin[0] ? " pin" : "",
	             m->category && m->category[0] ? " category" : "",
	             m->clear_lockout ? " lockout" : "",
	             m->forget_birth_year || m->birth_year != 0 ? " birth_year" : "") != 0 ||
	    store_resident_by_id(c->gw->db, r.id, &r, &c->err) != 1)
		return -1;
	GW_REPLY(c, RESIDENT, resident, resident_message(c, &r));
	return 0;
}

typedef struct resident_rows {
	gw_ctx *c;
	store_resident *rows;
	size_t n, cap, max;
} resident_rows;

static int collect_resident(void *ctx, const store_resident *row)
{
	resident_rows *rr = ctx;
	if (rr->n == rr->max)
		return 1;
	if (rr->n == rr->cap) {
		size_t ncap = rr->cap ? rr->cap * 2 : 32;
		store_resident *grown = gw_alloc(&rr->c->arena, ncap * sizeof *grown);
		if (rr->c->arena.failed)
			return 1;
		if (rr->n)
			memcpy(grown, rr->rows, rr->n * sizeof *grown);
		rr->rows = grown;
		rr->cap = ncap;
	}
	rr->rows[rr->n++] = *row;
	return 0;
}

static ProtobufCMessage *build_resident(void *ctx, size_t i)
{
	resident_rows *rr = ctx;
	Netpont__Resident *m = resident_message(rr->c, &rr->rows[i]);
	return rr->c->arena.failed ? NULL : &m->base;
}

/* One page of the matching residents in login order (netpont.proto,
 * SeatList and ResidentList). */
static int resident_list(gw_ctx *c)
{
	const Netpont__ResidentList *m = c->req->resident_list;
	char after[sizeof((store_resident *)0)->login];
	if (np_page_cursor_key(NP_PAGE_RESIDENTS, m->cursor, after, sizeof after) != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("This cursor does not come from a list of residents. Ask for "
		                     "the list again from its first page, without a cursor."));
	Netpont__ResidentListReply *r =
	    GW_NEW(&c->arena, Netpont__ResidentListReply, netpont__resident_list_reply__init);
	GW_REPLY(c, RESIDENT_LIST_REPLY, resident_list_reply, r);
	/* As in SeatList: rows first, one more than the page holds. */
	size_t rows = np_page_rows(m->page_size);
	resident_rows rr = {.c = c, .max = rows + 1};
	if (store_resident_each(c->gw->db, m->query, m->include_guests, after, collect_resident,
	                        &rr, &c->err) != 0)
		return -1;
	r->residents = gw_alloc(&c->arena, (rr.n + 1) * sizeof *r->residents);
	if (c->arena.failed)
		return -1;
	r->n_residents = np_page_fill(rr.n, rows, build_resident, &rr, (void **)r->residents);
	if (r->n_residents < rr.n) {
		char next[NP_PAGE_CURSOR_MAX];
		if (r->n_residents == 0 ||
		    np_page_cursor_make(NP_PAGE_RESIDENTS, rr.rows[r->n_residents - 1].login, next,
		                        sizeof next) != 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			                  N_("The resident %s is too large to list."),
			                  rr.rows[r->n_residents].login);
		r->next_cursor = gw_strdup(&c->arena, next);
	}
	assert(np_frame_encoded_size(&c->reply) + 16 <= NP_FRAME_DEFAULT_MAX);
	return 0;
}

/* The ResidentDetail under construction, for collect_ledger(). */
typedef struct ledger_rows {
	gw_ctx *c;
	Netpont__ResidentDetail *detail;
} ledger_rows;

static int collect_ledger(void *ctx, const store_ledger_row *row)
{
	ledger_rows *lr = ctx;
	lr->detail->ledger[lr->detail->n_ledger++] = gw_ledger_entry(lr->c, row);
	return lr->c->arena.failed;
}

static int resident_show(gw_ctx *c)
{
	store_resident r;
	if (gw_find_resident(c, c->req->resident_show->login, &r) != 0)
		return -1;
	Netpont__ResidentDetail *d =
	    GW_NEW(&c->arena, Netpont__ResidentDetail, netpont__resident_detail__init);
	d->resident = resident_message(c, &r);
	enum { MAX_SESSIONS = 100, MAX_LEDGER = 200 };
	store_session *rows = gw_alloc(&c->arena, MAX_SESSIONS * sizeof *rows);
	if (c->arena.failed)
		return -1;
	int n = store_session_list_for(c->gw->db, r.id, rows, MAX_SESSIONS, &c->err);
	if (n < 0)
		return -1;
	d->sessions = gw_alloc(&c->arena, ((size_t)n + 1) * sizeof *d->sessions);
	for (int i = 0; i < n && !c->arena.failed; i++)
		d->sessions[d->n_sessions++] = gw_session_info(c, &rows[i]);
	ledger_rows lr = {.c = c, .detail = d};
	d->ledger = gw_alloc(&c->arena, MAX_LEDGER * sizeof *d->ledger);
	if (c->arena.failed || store_ledger_each_for_resident(c->gw->db, r.id, MAX_LEDGER,
	                                                      collect_ledger, &lr, &c->err) != 0)
		return -1;
	/* Looking at a resident's sessions and money is itself on record. */
	if (gw_audit(c, "resident.show", "%s", r.login) != 0)
		return -1;
	GW_REPLY(c, RESIDENT_DETAIL, resident_detail, d);
	return 0;
}

/* ------------------------------------------------------------ settings */

static int collect_setting(void *ctx, const char *key, const char *value)
{
	gw_ctx *c = ctx;
	Netpont__SettingListReply *r = c->reply.setting_list_reply;
	Netpont__Setting **grown = gw_alloc(&c->arena, (r->n_settings + 1) * sizeof *grown);
	if (c->arena.failed)
		return 1;
	if (r->n_settings)
		memcpy(grown, r->settings, r->n_settings * sizeof *grown);
	Netpont__Setting *s = GW_NEW(&c->arena, Netpont__Setting, netpont__setting__init);
	s->key = gw_strdup(&c->arena, key ? key : "");
	s->value = gw_strdup(&c->arena, value ? value : "");
	grown[r->n_settings++] = s;
	r->settings = grown;
	return 0;
}

static int setting_list(gw_ctx *c)
{
	Netpont__SettingListReply *r =
	    GW_NEW(&c->arena, Netpont__SettingListReply, netpont__setting_list_reply__init);
	GW_REPLY(c, SETTING_LIST_REPLY, setting_list_reply, r);
	if (store_setting_each(c->gw->db, collect_setting, c, &c->err) != 0)
		return -1;
	/* Scripts written before hours_1 .. hours_7 read the week's hours
	 * from these three; they are told those of the next open day. */
	char open[8], close[8], days[8];
	rules_legacy_hours(&c->rules, (time_t)c->now, open, close, days);
	collect_setting(c, "open_time", open);
	collect_setting(c, "close_time", close);
	collect_setting(c, "open_days", days);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

static int setting_set(gw_ctx *c)
{
	const Netpont__Setting *s = c->req->setting_set->setting;
	if (s == NULL || s->key == NULL || s->key[0] == '\0')
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which setting to change."));
	const char *value = s->value ? s->value : "";
	if (rules_is_hours_key(s->key))
		return gw_hours_setting_set(c, s->key, value);
	/* The rules know every key and its format; the whole set must still
	 * make sense afterwards (the room opens before it closes). */
	rules_settings next = c->rules;
	if (rules_settings_apply(&next, s->key, value, &c->err) != 0 ||
	    rules_settings_check(&next, &c->err) != 0)
		return -1;
	if (strcmp(s->key, "default_category") == 0) {
		int64_t id;
		if (category_for(c, value, &id) != 0)
			return -1;
	}
	/* The seed tariffs and categories follow the site's language, where
	 * nobody has renamed them. */
	if (strcmp(s->key, "site_language") == 0) {
		char before[16];
		store_site_language(c->gw->db, before, sizeof before);
		if (store_seeds_relabel(c->gw->db, before, value, &c->err) != 0)
			return -1;
	}
	/* Stale from here on, also if the transaction rolls back: the next
	 * request reads whatever was committed. */
	gw_settings_changed(c->gw);
	if (store_setting_set(c->gw->db, s->key, value, &c->err) != 0 ||
	    gw_audit(c, "setting.set", "%s = %s", s->key, value) != 0)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ reports */

/* The local midnight after the day that starts at day_start. */
static int64_t day_after(int64_t day_start)
{
	time_t t = (time_t)day_start;
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday += 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int dates_reversed(gw_ctx *c)
{
	return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
	                  N_("The from date must not be after the to date."));
}

/* Parses the inclusive local date range [from, to] into [start, end). */
static int date_range(gw_ctx *c, const char *from, const char *to, int64_t *start, int64_t *end)
{
	if (gw_parse_date(c, from, N_("The from date must look like 2024-03-31."),
	                  N_("The from date %s is not a real date."), start) != 0 ||
	    gw_parse_date(c, to, N_("The to date must look like 2024-03-31."),
	                  N_("The to date %s is not a real date."), end) != 0)
		return -1;
	*end = day_after(*end);
	if (*end <= *start)
		return dates_reversed(c);
	return 0;
}

static int collect_topic(void *ctx, const char *topic, int calls)
{
	gw_ctx *c = ctx;
	Netpont__ReportHelpReply *r = c->reply.report_help_reply;
	Netpont__HelpTopicCount **grown = gw_alloc(&c->arena, (r->n_topics + 1) * sizeof *grown);
	if (c->arena.failed)
		return 1;
	if (r->n_topics)
		memcpy(grown, r->topics, r->n_topics * sizeof *grown);
	Netpont__HelpTopicCount *t =
	    GW_NEW(&c->arena, Netpont__HelpTopicCount, netpont__help_topic_count__init);
	t->topic = gw_strdup(&c->arena, topic);
	t->calls = calls;
	grown[r->n_topics++] = t;
	r->topics = grown;
	return 0;
}

static int report_help(gw_ctx *c)
{
	const Netpont__ReportHelp *m = c->req->report_help;
	int64_t start, end;
	if (date_range(c, m->from, m->to, &start, &end) != 0)
		return -1;
	store_help_stats st;
	if (store_help_report(c->gw->db, start, end, &st, &c->err) != 0)
		return -1;
	Netpont__ReportHelpReply *r =
	    GW_NEW(&c->arena, Netpont__ReportHelpReply, netpont__report_help_reply__init);
	r->calls = st.calls;
	r->answered = st.answered;
	r->resolved = st.resolved;
	r->average_wait_s = st.average_wait_s;
	r->longest_wait_s = st.longest_wait_s;
	GW_REPLY(c, REPORT_HELP_REPLY, report_help_reply, r);
	return store_help_topic_counts(c->gw->db, start, end, collect_topic, c, &c->err);
}

/* ------------------------------------------------------------ audit log */

/* The rows of a listing when the request names no limit, and the most
 * sent at once: enough for a month of a busy room, small enough for one
 * reply. */
enum { AUDIT_DEFAULT_ROWS = 500, AUDIT_MAX_ROWS = 5000 };

/* An AuditList page being filled, and the last row it took. */
typedef struct audit_page {
	gw_ctx *c;
	np_page page;
	int64_t last_at, last_id;
} audit_page;

static int collect_audit(void *ctx, const store_audit_row *row)
{
	audit_page *ap = ctx;
	gw_ctx *c = ap->c;
	Netpont__AuditListReply *r = c->reply.audit_list_reply;
	Netpont__AuditRow *a = GW_NEW(&c->arena, Netpont__AuditRow, netpont__audit_row__init);
	a->id = row->id;
	a->at = row->at;
	a->staff = gw_strdup(&c->arena, row->staff);
	a->action = gw_strdup(&c->arena, row->action);
	a->detail = gw_strdup(&c->arena, row->detail);
	if (c->arena.failed || !np_page_take(&ap->page, &a->base))
		return 1;
	ap->last_at = row->at;
	ap->last_id = row->id;
	r->rows[r->n_rows++] = a;
	return 0;
}

/* One page of the audit log, newest first (netpont.proto, AuditList). The
 * cursor carries the rows the request still wants, so that limit counts
 * the rows of every page. */
static int audit_list(gw_ctx *c)
{
	const Netpont__AuditList *m = c->req->audit_list;
	int64_t cursor[3] = {0, 0, 0}; /* the last row's at and id, the rows still wanted */
	int paged = np_page_cursor_numbers(NP_PAGE_AUDIT, m->cursor, cursor, 3);
	if (paged < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("This cursor does not come from the audit log. Ask for the "
		                     "list again from its first page, without a cursor."));
	store_audit_filter f = {
	    .staff = m->user, .action = m->action, .before_at = cursor[0], .before_id = cursor[1]};
	/* Either date may be left out: the log from its first row, or up to
	 * its last. */
	if (m->from && m->from[0] &&
	    gw_parse_date(c, m->from, N_("The from date must look like 2024-03-31."),
	                  N_("The from date %s is not a real date."), &f.from) != 0)
		return -1;
	if (m->to && m->to[0]) {
		if (gw_parse_date(c, m->to, N_("The to date must look like 2024-03-31."),
		                  N_("The to date %s is not a real date."), &f.until) != 0)
			return -1;
		f.until = day_after(f.until);
		if (f.from > 0 && f.until <= f.from)
			return dates_reversed(c);
	}
	if (m->limit < 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The number of audit rows must not be negative."));
	int64_t wanted = paged > 0 ? cursor[2] : m->limit == 0 ? AUDIT_DEFAULT_ROWS : m->limit;
	f.limit = (size_t)(wanted < AUDIT_MAX_ROWS ? wanted : AUDIT_MAX_ROWS);
	if (m->user && m->user[0]) {
		store_staff s;
		int found = store_staff_by_name(c->gw->db, m->user, &s, &c->err);
		if (found == 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
			                  N_("There is no staff member called %s."), m->user);
		if (found < 0)
			return -1;
	}
	Netpont__AuditListReply *r =
	    GW_NEW(&c->arena, Netpont__AuditListReply, netpont__audit_list_reply__init);
	r->rows = gw_alloc(&c->arena, f.limit * sizeof *r->rows);
	if (c->arena.failed)
		return -1;
	GW_REPLY(c, AUDIT_LIST_REPLY, audit_list_reply, r);
	audit_page ap = {.c = c, .page = {.rows = f.limit}};
	if (store_audit_each(c->gw->db, &f, collect_audit, &ap, &c->err) != 0 || c->arena.failed)
		return -1;
	if (ap.page.full) {
		char key[80], next[NP_PAGE_CURSOR_MAX];
		if (r->n_rows == 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			                  N_("A row of the audit log is too large to list."));
		snprintf(key, sizeof key, "%lld.%lld.%zu", (long long)ap.last_at,
		         (long long)ap.last_id, f.limit - r->n_rows);
		if (np_page_cursor_make(NP_PAGE_AUDIT, key, next, sizeof next) == 0)
			r->next_cursor = gw_strdup(&c->arena, next);
	}
	assert(np_frame_encoded_size(&c->reply) + 16 <= NP_FRAME_DEFAULT_MAX);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_admin_routes[] = {
    {NETPONT__ENVELOPE__BODY_RESIDENT_ADD, R_ROOM, resident_add,
     N_("Only a mentor or an administrator can add a resident.")},
    {NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, R_ROOM, resident_update,
     N_("Only a mentor or an administrator can change a resident's account.")},
    {NETPONT__ENVELOPE__BODY_RESIDENT_LIST, R_VIEW | R_READ_ONLY, resident_list, NULL},
    {NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, R_VIEW, resident_show, NULL},
    {NETPONT__ENVELOPE__BODY_REPORT_HELP, R_BOOKS | R_READ_ONLY, report_help,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_STAFF_ADD, R_ADMIN, staff_add,
     N_("Only an administrator can add a staff account.")},
    {NETPONT__ENVELOPE__BODY_STAFF_LIST, R_BOOKS | R_READ_ONLY, staff_list,
     N_("Only the treasurer or an administrator can list the staff.")},
    {NETPONT__ENVELOPE__BODY_STAFF_UPDATE, R_ADMIN, staff_update,
     N_("Only an administrator can change a staff account.")},
    /* Everyone may change their own password; the handler checks others. */
    {NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD, R_VIEW, staff_set_password, NULL},
    {NETPONT__ENVELOPE__BODY_SETTING_LIST, R_VIEW | R_READ_ONLY, setting_list, NULL},
    {NETPONT__ENVELOPE__BODY_SETTING_SET, R_ADMIN, setting_set,
     N_("Only an administrator can change the settings.")},
    {NETPONT__ENVELOPE__BODY_AUDIT_LIST, R_BOOKS | R_READ_ONLY, audit_list,
     N_("Only the treasurer or an administrator can read the audit log.")},
};
const size_t gw_admin_route_count = sizeof gw_admin_routes / sizeof gw_admin_routes[0];
