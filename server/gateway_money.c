/* The money module's requests: tariffs, categories, charges, bills,
 * payments, reversals, shifts, reports and prints. The work is done by
 * store/money.c (its author's API, functions over the open sqlite3 running
 * inside this request's transaction); this file checks who is asking,
 * passes the request on, and pushes the LedgerEvent/ShiftEvent that a
 * change causes. */
#include "gateway_internal.h"

#include <stdio.h>
#include <string.h>

#include "store/money.h"

static sqlite3 *sql(gw_ctx *c)
{
	return store_db_sqlite(c->gw->db);
}

/* Pushes a LedgerEvent for an entry to every staff connection. */
static void emit_entry(gw_ctx *c, Netpont__LedgerEntry *entry)
{
	if (entry == NULL)
		return;
	Netpont__LedgerEvent *le =
	    GW_NEW(&c->arena, Netpont__LedgerEvent, netpont__ledger_event__init);
	le->entry = entry;
	Netpont__Envelope ev = NETPONT__ENVELOPE__INIT;
	ev.body_case = NETPONT__ENVELOPE__BODY_LEDGER_EVENT;
	ev.ledger_event = le;
	gw_emit(c, 0, &ev);
}

/* Pushes the LedgerEvent of a row the money module just wrote. */
static int emit_entry_id(gw_ctx *c, int64_t id)
{
	Netpont__LedgerEntry *e = NULL;
	if (money_entry_get(sql(c), id, &e, &c->err) != 0)
		return -1;
	/* The event is encoded at once, so the entry can go at once: many
	 * sessions may end in one call of gateway_expire(). */
	emit_entry(c, e);
	protobuf_c_message_free_unpacked(&e->base, NULL);
	return 0;
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

int gw_money_session_ended(gw_ctx *c, const store_session *s, int64_t ended_at)
{
	money_charge ch;
	int64_t used = ended_at - s->started_at;
	if (money_charge_session(sql(c), s->id, s->resident_id, s->seat_id, s->started_by,
	                         used > 0 ? used : 0, ended_at, &ch, &c->err) != 0)
		return -1;
	if (ch.id != 0 && !ch.duplicate)
		return emit_entry_id(c, ch.id);
	return 0;
}

/* ------------------------------------------------------------ tariffs, categories */

static int tariff_list(gw_ctx *c)
{
	Netpont__TariffListReply *r = NULL;
	if (money_tariff_list(sql(c), &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, TARIFF_LIST_REPLY, tariff_list_reply, r);
	return 0;
}

static int tariff_set(gw_ctx *c)
{
	const Netpont__Tariff *t = c->req->tariff_set->tariff;
	if (t == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which tariff to set."));
	if (money_tariff_set(sql(c), t, &c->err) != 0)
		return -1;
	return gw_audit(c, "tariff.set", "%s price %lld per %d min", t->service ? t->service : "",
	                (long long)t->price, t->per_minutes);
}

static int category_list(gw_ctx *c)
{
	Netpont__CategoryListReply *r = NULL;
	if (money_category_list(sql(c), &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, CATEGORY_LIST_REPLY, category_list_reply, r);
	return 0;
}

static int category_set(gw_ctx *c)
{
	const Netpont__Category *k = c->req->category_set->category;
	if (k == NULL)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Say which fee category to set."));
	if (money_category_set(sql(c), k, &c->err) != 0)
		return -1;
	return gw_audit(c, "category.set", "%s %d%%", k->name ? k->name : "", k->percent);
}

/* ------------------------------------------------------------ charges, bills, payments */

static int charge_add(gw_ctx *c)
{
	const Netpont__ChargeAdd *m = c->req->charge_add;
	Netpont__ChargeAdded *r = NULL;
	if (money_charge_add(sql(c), c->peer->staff_id, m, c->now, &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, CHARGE_ADDED, charge_added, r);
	emit_entry(c, r->entry);
	return gw_audit(c, "charge.add", "%s %s x%lld", m->resident_login ? m->resident_login : "",
	                m->service ? m->service : "", (long long)m->qty);
}

static int bill(gw_ctx *c)
{
	Netpont__BillReply *r = NULL;
	if (money_bill(sql(c), c->req->bill->resident_login ? c->req->bill->resident_login : "", &r,
	               &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, BILL_REPLY, bill_reply, r);
	return 0;
}

static int pay(gw_ctx *c)
{
	const Netpont__Pay *m = c->req->pay;
	Netpont__PayReply *r = NULL;
	if (money_pay(sql(c), c->peer->staff_id, m, c->now, &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, PAY_REPLY, pay_reply, r);
	emit_entry(c, r->entry);
	return gw_audit(c, "pay", "%s %lld %s", m->resident_login ? m->resident_login : "",
	                (long long)m->amount, m->method && m->method[0] ? m->method : "cash");
}

static int ledger_reverse(gw_ctx *c)
{
	const Netpont__LedgerReverse *m = c->req->ledger_reverse;
	Netpont__LedgerReverseReply *r = NULL;
	if (money_reverse(sql(c), c->peer->staff_id, m, c->now, &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, LEDGER_REVERSE_REPLY, ledger_reverse_reply, r);
	emit_entry(c, r->entry);
	return gw_audit(c, "ledger.reverse", "%lld", (long long)m->entry_id);
}

/* ------------------------------------------------------------ reports */

static int report_totals(gw_ctx *c)
{
	Netpont__ReportTotalsReply *r = NULL;
	if (money_report_totals(sql(c), c->req->report_totals, &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, REPORT_TOTALS_REPLY, report_totals_reply, r);
	return 0;
}

static int report_waivers(gw_ctx *c)
{
	Netpont__ReportWaiversReply *r = NULL;
	if (money_report_waivers(sql(c), c->req->report_waivers, &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, REPORT_WAIVERS_REPLY, report_waivers_reply, r);
	return 0;
}

static int report_shifts(gw_ctx *c)
{
	Netpont__ReportShiftsReply *r = NULL;
	if (money_report_shifts(sql(c), c->req->report_shifts, &r, &c->err) != 0)
		return -1;
	gw_own_message(c, r);
	GW_REPLY(c, REPORT_SHIFTS_REPLY, report_shifts_reply, r);
	return 0;
}

/* ------------------------------------------------------------ shifts */

static int reply_shift(gw_ctx *c, Netpont__Shift *shift, bool event)
{
	gw_own_message(c, shift);
	Netpont__ShiftReply *r = GW_NEW(&c->arena, Netpont__ShiftReply, netpont__shift_reply__init);
	r->shift = shift;
	GW_REPLY(c, SHIFT_REPLY, shift_reply, r);
	if (event && shift != NULL)
		emit_shift(c, shift);
	return 0;
}

static int shift_start(gw_ctx *c)
{
	Netpont__Shift *s = NULL;
	int64_t cash_float = c->req->shift_start->cash_float;
	if (money_shift_start(sql(c), c->peer->staff_id, cash_float, c->now, &s, &c->err) != 0 ||
	    gw_audit(c, "shift.start", "float %lld", (long long)cash_float) != 0) {
		if (s != NULL)
			protobuf_c_message_free_unpacked(&s->base, NULL);
		return -1;
	}
	return reply_shift(c, s, true);
}

static int shift_end(gw_ctx *c)
{
	Netpont__Shift *s = NULL;
	int64_t counted = c->req->shift_end->counted;
	if (money_shift_end(sql(c), c->peer->staff_id, counted, c->now, &s, &c->err) != 0 ||
	    gw_audit(c, "shift.end", "counted %lld", (long long)counted) != 0) {
		if (s != NULL)
			protobuf_c_message_free_unpacked(&s->base, NULL);
		return -1;
	}
	return reply_shift(c, s, true);
}

static int shift_current(gw_ctx *c)
{
	Netpont__Shift *s = NULL;
	if (money_shift_current(sql(c), c->peer->staff_id, &s, &c->err) != 0)
		return -1;
	return reply_shift(c, s, false);
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
	money_print_job job = {
	    .seat_id = c->peer->seat_id,
	    .resident_id = s.resident_id,
	    .session_id = s.id,
	    .job_key = m->job_key ? m->job_key : "",
	    .pages = m->pages,
	    .copies = m->copies,
	    .color = m->color,
	    .at = m->completed_at > 0 && m->completed_at <= c->now ? m->completed_at : c->now,
	};
	money_charge ch;
	if (money_charge_print(sql(c), &job, &ch, &c->err) != 0)
		return -1;
	Netpont__AgentPrintReply *r =
	    GW_NEW(&c->arena, Netpont__AgentPrintReply, netpont__agent_print_reply__init);
	r->amount = ch.amount;
	r->duplicate = ch.duplicate;
	r->charge_id = ch.id;
	GW_REPLY(c, AGENT_PRINT_REPLY, agent_print_reply, r);
	if (!ch.duplicate && ch.id != 0) {
		fprintf(stderr, "netpontd: print on %s charged to %s: %lld\n", s.seat, s.login,
		        (long long)ch.amount);
		return emit_entry_id(c, ch.id);
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
	Netpont__PrintQuoteReply *r =
	    GW_NEW(&c->arena, Netpont__PrintQuoteReply, netpont__print_quote_reply__init);
	if (money_print_quote(sql(c), resident, m->pages, m->copies, m->color, r, &c->err) != 0)
		return -1;
	GW_REPLY(c, PRINT_QUOTE_REPLY, print_quote_reply, r);
	return 0;
}

const gw_route gw_money_routes[] = {
    {NETPONT__ENVELOPE__BODY_TARIFF_LIST, R_VIEW, tariff_list, NULL},
    {NETPONT__ENVELOPE__BODY_TARIFF_SET, R_ADMIN, tariff_set,
     N_("Only an administrator can set a tariff.")},
    {NETPONT__ENVELOPE__BODY_CATEGORY_LIST, R_VIEW, category_list, NULL},
    {NETPONT__ENVELOPE__BODY_CATEGORY_SET, R_ADMIN, category_set,
     N_("Only an administrator can set a fee category.")},
    {NETPONT__ENVELOPE__BODY_CHARGE_ADD, R_ROOM, charge_add,
     N_("Only a mentor or an administrator can add a charge.")},
    {NETPONT__ENVELOPE__BODY_BILL, R_VIEW, bill, NULL},
    {NETPONT__ENVELOPE__BODY_PAY, R_ROOM, pay,
     N_("Only a mentor or an administrator can take a payment.")},
    {NETPONT__ENVELOPE__BODY_LEDGER_REVERSE, R_BOOKS, ledger_reverse,
     N_("Only the treasurer or an administrator can reverse a ledger entry.")},
    {NETPONT__ENVELOPE__BODY_REPORT_TOTALS, R_BOOKS, report_totals,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_REPORT_WAIVERS, R_BOOKS, report_waivers,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_REPORT_SHIFTS, R_BOOKS, report_shifts,
     N_("Only the treasurer or an administrator can see reports.")},
    {NETPONT__ENVELOPE__BODY_SHIFT_START, R_ROOM, shift_start,
     N_("Only a mentor or an administrator can start a cash shift.")},
    {NETPONT__ENVELOPE__BODY_SHIFT_END, R_ROOM, shift_end,
     N_("Only a mentor or an administrator can end a cash shift.")},
    /* Anyone may ask; only mentors and admins ever have a shift. */
    {NETPONT__ENVELOPE__BODY_SHIFT_CURRENT, R_VIEW, shift_current, NULL},
    {NETPONT__ENVELOPE__BODY_AGENT_PRINT, R_AGENT, agent_print,
     N_("Only a public PC's agent can report a print.")},
    {NETPONT__ENVELOPE__BODY_PRINT_QUOTE, R_AGENT | R_VIEW, print_quote, NULL},
};
const size_t gw_money_route_count = sizeof gw_money_routes / sizeof gw_money_routes[0];
