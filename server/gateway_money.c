/* The money requests: tariffs, categories, charges, bills, payments,
 * reversals, shifts, reports and prints. The store (store/tariffs.h,
 * ledger.h, shifts.h, reports.h) does the work inside this request's
 * transaction and answers in plain structs; this file checks who is asking,
 * turns the answers into reply messages in the request's arena, and pushes
 * the LedgerEvent/ShiftEvent that a change causes. */
#include "gateway_internal.h"

#include "common/np_log.h"

#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "store/ledger.h"
#include "store/reports.h"
#include "store/shifts.h"
#include "store/tariffs.h"

/* Appends item to a repeated message field built in the arena: field is
 * the address of the field (a Netpont__X ***), count its n_ field's. The
 * array is copied to a twice larger one whenever count reaches a power of
 * two, so a list of n costs O(n). Returns 0, or 1 when out of memory (the
 * request then fails): the value an each() callback returns to stop. */
static int append(gw_ctx *c, void *field, size_t *count, void *item)
{
	/* The field is an array of pointers to one message type; it is read
	 * and written as void ** through memcpy (every object pointer has the
	 * same representation on the platforms Netpont runs on). */
	void **array;
	memcpy(&array, field, sizeof array);
	size_t n = *count;
	if ((n & (n - 1)) == 0) {
		void **grown = gw_alloc(&c->arena, (n == 0 ? 1 : 2 * n) * sizeof *grown);
		if (c->arena.failed)
			return 1;
		if (n > 0)
			memcpy(grown, array, n * sizeof *grown);
		array = grown;
		memcpy(field, &array, sizeof array);
	}
	array[n] = item;
	*count = n + 1;
	return c->arena.failed;
}

static Netpont__Shift *shift_message(gw_ctx *c, const store_shift *s)
{
	Netpont__Shift *m = GW_NEW(&c->arena, Netpont__Shift, netpont__shift__init);
	m->id = s->id;
	m->staff = gw_strdup(&c->arena, s->staff);
	m->started_at = s->started_at;
	m->ended_at = s->ended_at;
	m->cash_float = s->cash_float;
	m->counted = s->counted;
	m->cash_taken = s->cash_taken;
	m->expected = s->expected;
	m->difference = s->difference;
	m->corrections = s->corrections;
	return m;
}

static void emit_shift(gw_ctx *c, Netpont__Shift *shift)
{
	Netpont__ShiftEvent *se =
	    GW_NEW(&c->arena, Netpont__ShiftEvent, netpont__shift_event__init);
	se->shift = shift;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_SHIFT_EVENT;
	ev.shift_event = se;
	gw_emit(c, 0, &ev);
}

/* ------------------------------------------------------------ tariffs, categories */

static int collect_tariff(void *ctx, const store_tariff *t)
{
	gw_ctx *c = ctx;
	Netpont__TariffListReply *r = c->reply.tariff_list_reply;
	Netpont__Tariff *m = GW_NEW(&c->arena, Netpont__Tariff, netpont__tariff__init);
	m->service = gw_strdup(&c->arena, t->service);
	m->label = gw_strdup(&c->arena, t->label);
	m->price = t->price;
	m->per_minutes = t->per_minutes;
	return append(c, &r->tariffs, &r->n_tariffs, m);
}

static int tariff_list(gw_ctx *c)
{
	Netpont__TariffListReply *r =
	    GW_NEW(&c->arena, Netpont__TariffListReply, netpont__tariff_list_reply__init);
	GW_REPLY(c, TARIFF_LIST_REPLY, tariff_list_reply, r);
	return store_tariff_each(c->gw->db, collect_tariff, c, &c->err);
}

static int tariff_set(gw_ctx *c)
{
	const Netpont__Tariff *t = c->req->tariff_set->tariff;
	if (t == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which tariff to set."));
	if (store_tariff_set(c->gw->db, t->service, t->label, t->price, t->per_minutes, &c->err) !=
	    0)
		return -1;
	return gw_audit(c, "tariff.set", "%s price %lld per %d min", t->service ? t->service : "",
	                (long long)t->price, t->per_minutes);
}

static int collect_category(void *ctx, const store_category *k)
{
	gw_ctx *c = ctx;
	Netpont__CategoryListReply *r = c->reply.category_list_reply;
	Netpont__Category *m = GW_NEW(&c->arena, Netpont__Category, netpont__category__init);
	m->name = gw_strdup(&c->arena, k->name);
	m->percent = k->percent;
	m->label = gw_strdup(&c->arena, k->label[0] ? k->label : k->name);
	return append(c, &r->categories, &r->n_categories, m);
}

static int category_list(gw_ctx *c)
{
	Netpont__CategoryListReply *r =
	    GW_NEW(&c->arena, Netpont__CategoryListReply, netpont__category_list_reply__init);
	GW_REPLY(c, CATEGORY_LIST_REPLY, category_list_reply, r);
	return store_category_each(c->gw->db, collect_category, c, &c->err);
}

static int category_set(gw_ctx *c)
{
	const Netpont__Category *k = c->req->category_set->category;
	if (k == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which fee category to set."));
	if (store_category_set(c->gw->db, k->name, k->percent, &c->err) != 0 ||
	    (k->label != NULL && k->label[0] != '\0' &&
	     store_category_set_label(c->gw->db, k->name, k->label, &c->err) != 0))
		return -1;
	if (k->label != NULL && k->label[0] != '\0')
		return gw_audit(c, "category.set", "%s %d%% \"%s\"", k->name ? k->name : "",
		                k->percent, k->label);
	return gw_audit(c, "category.set", "%s %d%%", k->name ? k->name : "", k->percent);
}

/* ------------------------------------------------------------ charges, bills, payments */

static int charge_add(gw_ctx *c)
{
	const Netpont__ChargeAdd *m = c->req->charge_add;
	store_office_charge req = {.resident_login = m->resident_login,
	                           .service = m->service,
	                           .qty = m->qty,
	                           .note = m->note,
	                           .request_key = m->request_key};
	store_ledger_row entry;
	int64_t due = 0;
	int rc =
	    store_charge_add(c->gw->db, c->peer->staff_id, &req, c->now, &entry, &due, &c->err);
	if (rc < 0)
		return -1;
	Netpont__ChargeAdded *r =
	    GW_NEW(&c->arena, Netpont__ChargeAdded, netpont__charge_added__init);
	r->entry = gw_ledger_entry(c, &entry);
	r->due = due > 0 ? due : 0;
	r->credit = due < 0 ? -due : 0;
	GW_REPLY(c, CHARGE_ADDED, charge_added, r);
	if (rc == 1)
		return 0; /* a retry: announced and audited the first time */
	gw_emit_ledger(c, r->entry);
	return gw_audit(c, "charge.add", "%s %s x%lld", m->resident_login ? m->resident_login : "",
	                m->service ? m->service : "", (long long)m->qty);
}

static int collect_bill_line(void *ctx, const store_bill_line *line)
{
	gw_ctx *c = ctx;
	Netpont__BillReply *r = c->reply.bill_reply;
	Netpont__BillLine *m = GW_NEW(&c->arena, Netpont__BillLine, netpont__bill_line__init);
	m->charge_id = line->charge_id;
	m->service = gw_strdup(&c->arena, line->service);
	m->label = gw_service_label(c, line->service);
	m->qty = line->qty;
	m->amount = line->amount;
	m->at = line->at;
	m->seat = gw_strdup(&c->arena, line->seat);
	return append(c, &r->lines, &r->n_lines, m);
}

static int bill(gw_ctx *c)
{
	const char *login = c->req->bill->resident_login;
	Netpont__BillReply *r = GW_NEW(&c->arena, Netpont__BillReply, netpont__bill_reply__init);
	GW_REPLY(c, BILL_REPLY, bill_reply, r);
	store_bill b;
	if (store_bill_get(c->gw->db, login ? login : "", &b, collect_bill_line, c, &c->err) != 0)
		return -1;
	r->resident_login = gw_strdup(&c->arena, b.resident_login);
	r->resident_name = gw_strdup(&c->arena, b.resident_name);
	r->category = gw_strdup(&c->arena, b.category);
	r->category_label = gw_category_label(c, b.category);
	r->due = b.due;
	r->credit = b.credit;
	return 0;
}

static int pay(gw_ctx *c)
{
	const Netpont__Pay *m = c->req->pay;
	store_payment req = {.resident_login = m->resident_login,
	                     .amount = m->amount,
	                     .method = m->method,
	                     .note = m->note,
	                     .request_key = m->request_key};
	store_ledger_row entry;
	int64_t due = 0;
	int rc = store_pay(c->gw->db, c->peer->staff_id, &req, c->now, &entry, &due, &c->err);
	if (rc < 0)
		return -1;
	Netpont__PayReply *r = GW_NEW(&c->arena, Netpont__PayReply, netpont__pay_reply__init);
	r->entry = gw_ledger_entry(c, &entry);
	r->due = due > 0 ? due : 0;
	r->credit = due < 0 ? -due : 0;
	GW_REPLY(c, PAY_REPLY, pay_reply, r);
	if (rc == 1)
		return 0; /* a retry: announced and audited the first time */
	gw_emit_ledger(c, r->entry);
	return gw_audit(c, "pay", "%s %lld %s", m->resident_login ? m->resident_login : "",
	                (long long)m->amount, m->method && m->method[0] ? m->method : "cash");
}

static int ledger_reverse(gw_ctx *c)
{
	const Netpont__LedgerReverse *m = c->req->ledger_reverse;
	store_ledger_row entry;
	/* A mentor may take back only their own charge of the last minutes;
	 * the rest is the treasurer's (or an administrator's). */
	if (c->peer->role == NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR &&
	    store_reverse_mentor_check(c->gw->db, c->peer->staff_id, m->entry_id, c->now,
	                               &c->err) != 0)
		return -1;
	if (store_reverse(c->gw->db, c->peer->staff_id, m->entry_id, m->note, c->now, &entry,
	                  &c->err) != 0)
		return -1;
	Netpont__LedgerReverseReply *r =
	    GW_NEW(&c->arena, Netpont__LedgerReverseReply, netpont__ledger_reverse_reply__init);
	r->entry = gw_ledger_entry(c, &entry);
	GW_REPLY(c, LEDGER_REVERSE_REPLY, ledger_reverse_reply, r);
	gw_emit_ledger(c, r->entry);
	return gw_audit(c, "ledger.reverse", "%lld", (long long)m->entry_id);
}

/* ------------------------------------------------------------ reports */

/* The display name of a report's own keys, for the rows that are no
 * service, staff member or category (store/reports.c), in the reader's
 * language; NULL for any other key. */
static const char *report_own_key_label(const char *key)
{
	if (strcmp(key, "(payments)") == 0)
		return i18n_text(N_("(payments)"));
	if (strcmp(key, "(self)") == 0)
		/* TRANSLATORS: the row of a report by staff for what nobody on the
		 * staff did: residents logging in by themselves. */
		return i18n_text(N_("(self-login)"));
	if (strcmp(key, "(none)") == 0)
		return i18n_text(N_("(no category)"));
	return NULL;
}

static int collect_totals_row(void *ctx, const store_totals_row *row)
{
	gw_ctx *c = ctx;
	Netpont__ReportTotalsReply *r = c->reply.report_totals_reply;
	Netpont__ReportRow *m = GW_NEW(&c->arena, Netpont__ReportRow, netpont__report_row__init);
	m->key = gw_strdup(&c->arena, row->key);
	/* Days and staff names are read as they are; services and categories
	 * have display names. */
	Netpont__ReportBy by = c->req->report_totals->by;
	const char *own = report_own_key_label(row->key);
	if (own != NULL)
		m->label = gw_strdup(&c->arena, own);
	else if (by == NETPONT__REPORT_BY__REPORT_BY_SERVICE)
		m->label = gw_service_label(c, row->key);
	else if (by == NETPONT__REPORT_BY__REPORT_BY_CATEGORY)
		m->label = gw_category_label(c, row->key);
	m->charged = row->charged;
	m->paid = row->paid;
	m->waived = row->waived;
	return append(c, &r->rows, &r->n_rows, m);
}

static int report_totals(gw_ctx *c)
{
	const Netpont__ReportTotals *m = c->req->report_totals;
	Netpont__ReportTotalsReply *r =
	    GW_NEW(&c->arena, Netpont__ReportTotalsReply, netpont__report_totals_reply__init);
	GW_REPLY(c, REPORT_TOTALS_REPLY, report_totals_reply, r);
	store_totals sums;
	/* Made on the thread pool (gateway_report.c), or here when it was not. */
	if (gw_report_result(c->call, collect_totals_row, c, &sums) == 0 &&
	    store_report_totals(c->gw->db, m->from, m->to, gw_report_by(m->by), collect_totals_row,
	                        c, &sums, &c->err) != 0)
		return -1;
	r->total_charged = sums.charged;
	r->total_paid = sums.paid;
	r->total_waived = sums.waived;
	r->total_owed = sums.owed;
	return 0;
}

/* A ReportWaivers page being filled, and the last row it took. */
typedef struct waiver_page {
	gw_ctx *c;
	np_page page;
	int64_t last_at, last_id;
} waiver_page;

static int collect_waiver(void *ctx, const store_ledger_row *row)
{
	waiver_page *wp = ctx;
	gw_ctx *c = wp->c;
	Netpont__ReportWaiversReply *r = c->reply.report_waivers_reply;
	Netpont__LedgerEntry *e = gw_ledger_entry(c, row);
	if (c->arena.failed || !np_page_take(&wp->page, &e->base))
		return 1;
	wp->last_at = row->at;
	wp->last_id = row->id;
	return append(c, &r->waivers, &r->n_waivers, e);
}

/* One page of the waivers in a range, oldest first (netpont.proto,
 * ReportWaivers). */
static int report_waivers(gw_ctx *c)
{
	const Netpont__ReportWaivers *m = c->req->report_waivers;
	int64_t after[2] = {0, 0}; /* at, id */
	if (np_page_cursor_numbers(NP_PAGE_WAIVERS, m->cursor, after, 2) < 0)
		return np_err_set(
		    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("This cursor does not come from a list of waivers. Ask for the "
		       "list again from its first page, without a cursor."));
	Netpont__ReportWaiversReply *r =
	    GW_NEW(&c->arena, Netpont__ReportWaiversReply, netpont__report_waivers_reply__init);
	GW_REPLY(c, REPORT_WAIVERS_REPLY, report_waivers_reply, r);
	waiver_page wp = {.c = c, .page = {.rows = np_page_rows(m->page_size)}};
	if (store_report_waivers(c->gw->db, m->from, m->to, after[0], after[1], collect_waiver, &wp,
	                         &c->err) != 0 ||
	    c->arena.failed)
		return -1;
	if (wp.page.full) {
		char key[48], next[NP_PAGE_CURSOR_MAX];
		if (r->n_waivers == 0)
			return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
			                  N_("A waiver is too large to list."));
		snprintf(key, sizeof key, "%lld.%lld", (long long)wp.last_at,
		         (long long)wp.last_id);
		if (np_page_cursor_make(NP_PAGE_WAIVERS, key, next, sizeof next) == 0)
			r->next_cursor = gw_strdup(&c->arena, next);
	}
	return 0;
}

static int collect_shift(void *ctx, const store_shift *row)
{
	gw_ctx *c = ctx;
	Netpont__ReportShiftsReply *r = c->reply.report_shifts_reply;
	return append(c, &r->shifts, &r->n_shifts, shift_message(c, row));
}

static int collect_exemption(void *ctx, const store_exemption_row *row)
{
	gw_ctx *c = ctx;
	Netpont__ReportExemptionsReply *r = c->reply.report_exemptions_reply;
	Netpont__ExemptionRow *m =
	    GW_NEW(&c->arena, Netpont__ExemptionRow, netpont__exemption_row__init);
	m->category = gw_strdup(&c->arena, row->category);
	m->category_label = gw_category_label(c, row->category);
	m->discounted = row->discounted;
	m->waived = row->waived;
	r->total_discounted += row->discounted;
	r->total_waived += row->waived;
	return append(c, &r->rows, &r->n_rows, m);
}

static int report_exemptions(gw_ctx *c)
{
	const Netpont__ReportExemptions *m = c->req->report_exemptions;
	Netpont__ReportExemptionsReply *r = GW_NEW(&c->arena, Netpont__ReportExemptionsReply,
	                                           netpont__report_exemptions_reply__init);
	GW_REPLY(c, REPORT_EXEMPTIONS_REPLY, report_exemptions_reply, r);
	return store_report_exemptions(c->gw->db, m->from, m->to, collect_exemption, c, &c->err);
}

/* The rows of cash outside shifts one reply lists; the total counts all. */
#define OUTSIDE_ROWS_MAX 500

/* A row of cash outside shifts (ReportShiftsReply.outside). */
static int collect_outside(void *ctx, const store_ledger_row *row)
{
	gw_ctx *c = ctx;
	Netpont__ReportShiftsReply *r = c->reply.report_shifts_reply;
	r->outside_total += store_cash_effect(row);
	r->outside_count++;
	if (r->n_outside >= OUTSIDE_ROWS_MAX)
		return 0;
	return append(c, &r->outside, &r->n_outside, gw_ledger_entry(c, row));
}

static int report_shifts(gw_ctx *c)
{
	const Netpont__ReportShifts *m = c->req->report_shifts;
	Netpont__ReportShiftsReply *r =
	    GW_NEW(&c->arena, Netpont__ReportShiftsReply, netpont__report_shifts_reply__init);
	GW_REPLY(c, REPORT_SHIFTS_REPLY, report_shifts_reply, r);
	if (store_report_shifts(c->gw->db, m->from, m->to, collect_shift, c, &c->err) != 0)
		return -1;
	return store_report_cash_outside(c->gw->db, m->from, m->to, collect_outside, c, &c->err);
}

/* ------------------------------------------------------------ shifts */

/* Replies with the shift (NULL: none open) and, when event, tells staff. */
static int reply_shift(gw_ctx *c, const store_shift *shift, bool event)
{
	Netpont__ShiftReply *r = GW_NEW(&c->arena, Netpont__ShiftReply, netpont__shift_reply__init);
	r->shift = shift != NULL ? shift_message(c, shift) : NULL;
	GW_REPLY(c, SHIFT_REPLY, shift_reply, r);
	if (event && r->shift != NULL)
		emit_shift(c, r->shift);
	return 0;
}

static int shift_start(gw_ctx *c)
{
	store_shift s;
	int64_t cash_float = c->req->shift_start->cash_float;
	if (store_shift_start(c->gw->db, c->peer->staff_id, cash_float, c->now, &s, &c->err) != 0 ||
	    gw_audit(c, "shift.start", "float %lld", (long long)cash_float) != 0 ||
	    gw_volunteer_shift_started(c, s.id) != 0)
		return -1;
	return reply_shift(c, &s, true);
}

static int shift_end(gw_ctx *c)
{
	store_shift s;
	int64_t counted = c->req->shift_end->counted;
	if (store_shift_end(c->gw->db, c->peer->staff_id, counted, c->now, &s, &c->err) != 0 ||
	    gw_audit(c, "shift.end", "counted %lld", (long long)counted) != 0 ||
	    gw_volunteer_shift_ended(c, s.id) != 0)
		return -1;
	return reply_shift(c, &s, true);
}

static int shift_current(gw_ctx *c)
{
	store_shift s;
	int found = store_shift_current(c->gw->db, c->peer->staff_id, &s, &c->err);
	if (found < 0)
		return -1;
	return reply_shift(c, found > 0 ? &s : NULL, false);
}

/* ------------------------------------------------------------ prints */

/* The session a print belongs to. When the agent names one (the session the
 * job was printed in, or held in: a held job released after its session
 * ended still belongs to it), it must exist and have run on the reporting
 * seat; a print is never charged to another seat's resident. Without a
 * name, the session running now. Returns 1 when found, 0 when none (a
 * refusal is set in c->err when the named one is refused, -1 on failure). */
static int print_session(gw_ctx *c, int64_t session_id, store_session *s)
{
	if (session_id <= 0)
		return store_session_running_on_seat(c->gw->db, c->peer->seat_id, s, &c->err);
	int found = store_session_by_id(c->gw->db, session_id, s, &c->err);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("This print names a session that does not exist, so it "
		                     "cannot be charged to anyone."));
	if (s->seat_id != c->peer->seat_id)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_FORBIDDEN,
		                  N_("This print names a session on another PC, so it is not "
		                     "charged to that PC's user."));
	return 1;
}

static int agent_print(gw_ctx *c)
{
	const Netpont__AgentPrint *m = c->req->agent_print;
	store_session s;
	int found = print_session(c, m->session_id, &s);
	if (found < 0)
		return -1;
	if (found == 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("This print was not made during a session, so it cannot be "
		                     "charged to anyone."));
	store_print_job job = {
	    .seat_id = c->peer->seat_id,
	    .resident_id = s.resident_id,
	    .session_id = s.id,
	    .job_key = m->job_key ? m->job_key : "",
	    .pages = m->pages,
	    .copies = m->copies,
	    .color = m->color,
	    .at = m->completed_at > 0 && m->completed_at <= c->now ? m->completed_at : c->now,
	};
	store_charge ch;
	if (store_charge_print(c->gw->db, &job, &ch, &c->err) != 0)
		return -1;
	Netpont__AgentPrintReply *r =
	    GW_NEW(&c->arena, Netpont__AgentPrintReply, netpont__agent_print_reply__init);
	r->amount = ch.amount;
	r->duplicate = ch.duplicate;
	r->charge_id = ch.id;
	GW_REPLY(c, AGENT_PRINT_REPLY, agent_print_reply, r);
	if (!ch.duplicate && ch.id != 0) {
		np_log(NP_LOG_INFO, "print on %s charged to %s: %lld", s.seat, s.login,
		       (long long)ch.amount);
		return gw_emit_ledger_id(c, ch.id);
	}
	return 0;
}

static int print_quote(gw_ctx *c)
{
	const Netpont__PrintQuote *m = c->req->print_quote;
	int64_t resident = 0;
	store_session s;
	if (c->peer->kind == GW_PEER_AGENT &&
	    store_session_running_on_seat(c->gw->db, c->peer->seat_id, &s, NULL) == 1)
		resident = s.resident_id;
	store_charge quote;
	if (store_print_quote(c->gw->db, resident, m->pages, m->copies, m->color, &quote,
	                      &c->err) != 0)
		return -1;
	Netpont__PrintQuoteReply *r =
	    GW_NEW(&c->arena, Netpont__PrintQuoteReply, netpont__print_quote_reply__init);
	r->amount = quote.amount;
	r->unit_price = quote.unit_price;
	GW_REPLY(c, PRINT_QUOTE_REPLY, print_quote_reply, r);
	return 0;
}

const gw_route gw_money_routes[] = {
    {NETPONT__ENVELOPE__BODY_TARIFF_LIST, R_VIEW | R_READ_ONLY, tariff_list, NULL},
    {NETPONT__ENVELOPE__BODY_TARIFF_SET, R_ADMIN, tariff_set,
     N_("Only an administrator can set a tariff.")},
    {NETPONT__ENVELOPE__BODY_CATEGORY_LIST, R_VIEW | R_READ_ONLY, category_list, NULL},
    {NETPONT__ENVELOPE__BODY_CATEGORY_SET, R_ADMIN, category_set,
     N_("Only an administrator can set a fee category.")},
    {NETPONT__ENVELOPE__BODY_CHARGE_ADD, R_ROOM, charge_add,
     N_("Only a mentor or an administrator can add a charge.")},
    {NETPONT__ENVELOPE__BODY_BILL, R_VIEW | R_READ_ONLY, bill, NULL},
    {NETPONT__ENVELOPE__BODY_PAY, R_ROOM, pay,
     N_("Only a mentor or an administrator can take a payment.")},
    {NETPONT__ENVELOPE__BODY_LEDGER_REVERSE, R_BOOKS | R_MENTOR, ledger_reverse,
     N_("Only the treasurer or an administrator can reverse a ledger entry.")},
    {NETPONT__ENVELOPE__BODY_REPORT_TOTALS, R_BOOKS | R_READ_ONLY, report_totals,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_REPORT_WAIVERS, R_BOOKS | R_READ_ONLY, report_waivers,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_REPORT_EXEMPTIONS, R_BOOKS | R_READ_ONLY, report_exemptions,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_REPORT_SHIFTS, R_BOOKS | R_READ_ONLY, report_shifts,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_SHIFT_START, R_ROOM, shift_start,
     N_("Only a mentor or an administrator can start a cash shift.")},
    {NETPONT__ENVELOPE__BODY_SHIFT_END, R_ROOM, shift_end,
     N_("Only a mentor or an administrator can end a cash shift.")},
    /* Anyone may ask; only mentors and admins ever have a shift. */
    {NETPONT__ENVELOPE__BODY_SHIFT_CURRENT, R_VIEW | R_READ_ONLY, shift_current, NULL},
    {NETPONT__ENVELOPE__BODY_AGENT_PRINT, R_AGENT, agent_print,
     N_("Only a public PC's agent can report a print.")},
    {NETPONT__ENVELOPE__BODY_PRINT_QUOTE, R_AGENT | R_VIEW | R_READ_ONLY, print_quote, NULL},
};
const size_t gw_money_route_count = sizeof gw_money_routes / sizeof gw_money_routes[0];
