/* audit: the audit log, read by an administrator or the treasurer: who did
 * what and when, newest first, filtered by days, staff member and action. */
#include "ctl.h"

#include <string.h>

static void audit_json(JsonBuilder *b, const void *item)
{
	const Netpont__AuditRow *a = item;
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", a->id);
	ctl_json_add_int(b, "at", a->at);
	ctl_json_add_string_or_null(b, "staff", a->staff);
	ctl_json_add_string(b, "action", a->action);
	ctl_json_add_string(b, "detail", a->detail);
	json_builder_end_object(b);
}

static void audit_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__AuditRow *a = item;
	g_autofree char *id = g_strdup_printf("%lld", (long long)a->id);
	g_autofree char *at = ctl_time(a->at);
	const char *row[] = {id, at, a->staff ? a->staff : "", a->action ? a->action : "",
	                     a->detail ? a->detail : ""};
	ctl_table_add(t, row);
	(void)ctx;
}

/* A date option, when given, must be a real date; *out points into the
 * command line ("" when absent). */
static int audit_date(ctl_ctx *ctx, const char *option, char **out)
{
	const char *text = ctl_option(ctx, option);
	if (text != NULL && !ctl_parse_date(text))
		return ctl_usage_error(ctx, "%s",
		                       _("Dates must look like 2026-11-24 (year-month-day)."));
	*out = (char *)(text != NULL ? text : "");
	return CTL_EXIT_OK;
}

static int audit(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = audit_json,
	    .table_row = audit_row,
	    .headers = {N_("ID"), N_("WHEN"), N_("BY"), N_("ACTION"), N_("DETAIL")},
	    .right = 1u << 0,
	    .none = N_("Nothing in the audit log matches."),
	};
	Netpont__AuditList m = NETPONT__AUDIT_LIST__INIT;
	int rc = audit_date(ctx, "from", &m.from);
	if (rc == CTL_EXIT_OK)
		rc = audit_date(ctx, "to", &m.to);
	if (rc != CTL_EXIT_OK)
		return rc;
	/* The format is fixed-width, so text order is date order. */
	if (m.from[0] != '\0' && m.to[0] != '\0' && strcmp(m.from, m.to) > 0)
		return ctl_usage_error(ctx, "%s",
		                       _("The --from date must not be after the --to date."));
	const char *user = ctl_option(ctx, "user");
	const char *action = ctl_option(ctx, "action");
	m.user = (char *)(user != NULL ? user : "");
	m.action = (char *)(action != NULL ? action : "");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_AUDIT_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_AUDIT_LIST_REPLY, &list);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_audit_commands[] = {
    {"audit", NULL, "audit [--from DATE] [--to DATE] [--user NAME] [--action NAME]",
     N_("who did what, newest first (administrator, treasurer)"), 0, 0,
     "from= to= user= action=", false, audit},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
