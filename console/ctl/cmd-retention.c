/* retention run: the retention settings applied now, as the server does
 * once a day. */
#include "ctl.h"

#include <stdio.h>

static int print_retention(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	(void)data;
	const Netpont__RetentionReply *r = reply->retention_reply;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_object(b);
		const struct {
			const char *key;
			int64_t value;
		} counts[] = {{"help_texts", r->help_texts},
		              {"sessions", r->sessions},
		              {"guests", r->guests},
		              {"audit_rows", r->audit_rows},
		              {"notes", r->notes}};
		for (size_t i = 0; i < G_N_ELEMENTS(counts); i++) {
			json_builder_set_member_name(b, counts[i].key);
			json_builder_add_int_value(b, counts[i].value);
		}
		json_builder_end_object(b);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	printf(_("Removed: %lld help texts, %lld session details, %lld guest accounts, %lld audit "
	         "rows, %lld notes.\n"),
	       (long long)r->help_texts, (long long)r->sessions, (long long)r->guests,
	       (long long)r->audit_rows, (long long)r->notes);
	return CTL_EXIT_OK;
}

static int retention_run(ctl_ctx *ctx)
{
	Netpont__RetentionRun m = NETPONT__RETENTION_RUN__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_RETENTION_RUN, &m,
	                         NETPONT__ENVELOPE__BODY_RETENTION_REPLY, print_retention, NULL);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_retention_commands[] = {
    {"retention", "run", "retention run",
     N_("apply the retention settings now, as the server does once a day (administrators)"), 0, 0,
     "", false, retention_run},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
