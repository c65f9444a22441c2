/* Residents' data rights: the export of everything held about one
 * resident, erasing a resident's personal data, and the retention rules
 * (run by an administrator's request, and once a day by the server through
 * gateway_retention()). What each removes is store/rights.h's. */
#include "gateway_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/np_log.h"
#include "common/np_money.h"
#include "store/ledger.h"
#include "store/residents.h"
#include "store/rights.h"
#include "store/seeds.h"
#include "store/sessions.h"
#include "store/settings.h"

/* The export's rows stop at about this many bytes, so that the reply stays
 * within the frame limit (NP_FRAME_DEFAULT_MAX); the rest is counted in
 * rows_left_out. */
#define EXPORT_BUDGET (192u * 1024u)

typedef struct export_build {
	gw_ctx *c;
	Netpont__ResidentExportReply *reply;
	Netpont__ExportTable *table;
	size_t row_cap;
	size_t bytes;
} export_build;

static int export_table(export_build *b, const char *name, int n, const char *const *columns)
{
	gw_arena *a = &b->c->arena;
	Netpont__ExportTable *t = GW_NEW(a, Netpont__ExportTable, netpont__export_table__init);
	t->name = gw_strdup(a, name);
	t->columns = gw_alloc(a, (size_t)n * sizeof *t->columns);
	for (int i = 0; i < n; i++)
		t->columns[i] = gw_strdup(a, columns[i]);
	t->n_columns = (size_t)n;
	b->reply->tables[b->reply->n_tables++] = t;
	b->table = t;
	b->row_cap = 0;
	return a->failed ? np_err_no_memory(&b->c->err) : 0;
}

static int export_row(void *ctx, const char *table, int n, const char *const *columns,
                      const store_export_value *values)
{
	export_build *b = ctx;
	if (values == NULL)
		return export_table(b, table, n, columns);
	Netpont__ExportTable *t = b->table;
	size_t bytes = 16;
	for (int i = 0; i < n; i++)
		bytes += 12 + (values[i].text != NULL ? strlen(values[i].text) : 0);
	if (b->bytes + bytes > EXPORT_BUDGET) {
		t->rows_left_out++;
		return 0;
	}
	b->bytes += bytes;
	gw_arena *a = &b->c->arena;
	if (t->n_rows == b->row_cap) {
		size_t cap = b->row_cap ? b->row_cap * 2 : 16;
		Netpont__ExportRow **rows = gw_alloc(a, cap * sizeof *rows);
		if (t->n_rows > 0)
			memcpy(rows, t->rows, t->n_rows * sizeof *rows);
		t->rows = rows;
		b->row_cap = cap;
	}
	Netpont__ExportRow *r = GW_NEW(a, Netpont__ExportRow, netpont__export_row__init);
	r->values = gw_alloc(a, (size_t)n * sizeof *r->values);
	for (int i = 0; i < n; i++) {
		Netpont__ExportValue *v =
		    GW_NEW(a, Netpont__ExportValue, netpont__export_value__init);
		if (values[i].type == SQLITE_INTEGER) {
			v->value_case = NETPONT__EXPORT_VALUE__VALUE_NUMBER;
			v->number = values[i].number;
		} else if (values[i].type == SQLITE_TEXT) {
			v->value_case = NETPONT__EXPORT_VALUE__VALUE_TEXT;
			v->text = gw_strdup(a, values[i].text);
		}
		r->values[i] = v;
	}
	r->n_values = (size_t)n;
	if (a->failed)
		return np_err_no_memory(&b->c->err);
	t->rows[t->n_rows++] = r;
	return 0;
}

static int export_resident(gw_ctx *c)
{
	const Netpont__ResidentExport *m = c->req->resident_export;
	store_resident r;
	if (gw_find_resident(c, m->login, &r) != 0)
		return -1;
	Netpont__ResidentExportReply *reply =
	    GW_NEW(&c->arena, Netpont__ResidentExportReply, netpont__resident_export_reply__init);
	reply->login = gw_strdup(&c->arena, r.login);
	reply->name = gw_strdup(&c->arena, r.name);
	char language[16], site[96];
	store_site_language(c->gw->db, language, sizeof language);
	reply->language = gw_strdup(&c->arena, language);
	if (store_setting_get(c->gw->db, "site_name", site, sizeof site, NULL) <= 0)
		site[0] = '\0';
	reply->site_name = gw_strdup(&c->arena, site);
	reply->exported_at = c->now;
	reply->tables = gw_alloc(&c->arena, STORE_EXPORT_TABLES * sizeof *reply->tables);
	if (c->arena.failed)
		return np_err_no_memory(&c->err);
	export_build b = {.c = c, .reply = reply};
	if (store_rights_export(c->gw->db, r.id, r.login, export_row, &b, &c->err) != 0 ||
	    gw_audit(c, "resident.export", "%s", r.login) != 0)
		return -1;
	GW_REPLY(c, RESIDENT_EXPORT_REPLY, resident_export_reply, reply);
	return 0;
}

static int erase_resident(gw_ctx *c)
{
	const Netpont__ResidentErase *m = c->req->resident_erase;
	const char *note = m->note != NULL ? m->note : "";
	store_resident r;
	if (gw_find_resident(c, m->login, &r) != 0)
		return -1;
	if (r.erased_at != 0)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s was erased already."), r.login);
	if (m->force && note[0] == '\0')
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("Erasing with --force needs a note saying why."));
	if (note[0] != '\0' && !gw_text_ok(note, 200))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The note must be at most 200 characters of plain text."));
	int64_t due = 0;
	if (store_due(c->gw->db, r.id, &due, &c->err) != 0)
		return -1;
	if (due != 0 && !m->force) {
		char currency[8], decimals[8], amount[NP_MONEY_TEXT_MAX];
		if (store_setting_get(c->gw->db, "currency", currency, sizeof currency, NULL) <= 0)
			snprintf(currency, sizeof currency, "HUF");
		if (store_setting_get(c->gw->db, "currency_decimals", decimals, sizeof decimals,
		                      NULL) <= 0)
			snprintf(decimals, sizeof decimals, "0");
		np_money_format(due > 0 ? due : -due, (unsigned)atoi(decimals), currency, NULL,
		                amount, sizeof amount);
		if (due > 0)
			return np_err_set(
			    &c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			    N_("%s still owes %s: settle it first, or erase with --force "
			       "and a note saying why."),
			    r.name, amount);
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s still has %s of credit: refund it first, or erase with "
		                     "--force and a note saying why."),
		                  r.name, amount);
	}
	store_session s;
	int running = store_session_running_for(c->gw->db, r.id, &s, &c->err);
	if (running < 0)
		return -1;
	if (running == 1)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		                  N_("%s is using %s now: end the session first."), r.name, s.seat);
	/* The audit row names the login and the reason, never the erased
	 * data. */
	if (store_rights_erase(c->gw->db, r.id, c->now, &c->err) != 0 ||
	    gw_audit(c, "resident.erase", "%s%s%s%s", r.login, m->force ? " (forced)" : "",
	             note[0] != '\0' ? ": " : "", note) != 0)
		return -1;
	Netpont__ResidentErased *reply =
	    GW_NEW(&c->arena, Netpont__ResidentErased, netpont__resident_erased__init);
	reply->login = gw_strdup(&c->arena, r.login);
	char pseudonym[128];
	reply->name =
	    gw_strdup(&c->arena, store_erased_name(c->gw->db, r.id, pseudonym, sizeof pseudonym));
	GW_REPLY(c, RESIDENT_ERASED, resident_erased, reply);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

int gw_retention_apply(gw_ctx *c, store_retention_counts *counts)
{
	store_retention days = {
	    .help_text_days = c->rules.retention_help_text_days,
	    .session_days = c->rules.retention_session_days,
	    .guest_days = c->rules.retention_guest_days,
	    .audit_days = c->rules.retention_audit_days,
	    .notes_days = c->rules.retention_notes_days,
	};
	if (store_retention_run(c->gw->db, &days, c->now, counts, &c->err) != 0)
		return -1;
	np_log(NP_LOG_INFO,
	       "retention: %" PRId64 " help texts, %" PRId64 " session details, %" PRId64
	       " guest accounts, %" PRId64 " audit rows, %" PRId64 " notes removed",
	       counts->help_texts, counts->sessions, counts->guests, counts->audit_rows,
	       counts->notes);
	/* The daily run is audited when it removed something; an
	 * administrator's run always. */
	int64_t removed = counts->help_texts + counts->sessions + counts->guests +
	                  counts->audit_rows + counts->notes;
	if (c->peer == NULL && removed == 0)
		return 0;
	return gw_audit_for(c, c->peer != NULL ? c->peer->staff_id : 0, "retention.run",
	                    "%" PRId64 " help texts, %" PRId64 " session details, %" PRId64
	                    " guest accounts, %" PRId64 " audit rows, %" PRId64 " notes",
	                    counts->help_texts, counts->sessions, counts->guests,
	                    counts->audit_rows, counts->notes);
}

static int retention_run(gw_ctx *c)
{
	store_retention_counts counts;
	if (gw_retention_apply(c, &counts) != 0)
		return -1;
	Netpont__RetentionReply *r =
	    GW_NEW(&c->arena, Netpont__RetentionReply, netpont__retention_reply__init);
	r->help_texts = counts.help_texts;
	r->sessions = counts.sessions;
	r->guests = counts.guests;
	r->audit_rows = counts.audit_rows;
	r->notes = counts.notes;
	GW_REPLY(c, RETENTION_REPLY, retention_reply, r);
	return c->arena.failed ? np_err_no_memory(&c->err) : 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_rights_routes[] = {
    {NETPONT__ENVELOPE__BODY_RESIDENT_EXPORT, R_VIEW, export_resident, NULL},
    {NETPONT__ENVELOPE__BODY_RESIDENT_ERASE, R_ADMIN, erase_resident,
     N_("Only an administrator can erase a resident's data.")},
    {NETPONT__ENVELOPE__BODY_RETENTION_RUN, R_ADMIN, retention_run,
     N_("Only an administrator can run the retention rules.")},
};
const size_t gw_rights_route_count = sizeof gw_rights_routes / sizeof gw_rights_routes[0];
