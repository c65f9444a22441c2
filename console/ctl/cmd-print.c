/* print list|release|cancel: prints held on the PCs until a mentor
 * confirms them. The held prints travel in the seat list. */
#include "ctl.h"

#include <string.h>

/* The job-id part of a job key "<printer>/<job-id>/<creation-time>", as a
 * new string (g_free): what mentors call the print's number. The whole key
 * when it has another form. */
static char *job_number(const char *key)
{
	const char *slash = strchr(key, '/');
	const char *end = slash != NULL ? strchr(slash + 1, '/') : NULL;
	if (slash == NULL || end == NULL)
		return g_strdup(key);
	return g_strndup(slash + 1, (gsize)(end - slash - 1));
}

/* Whether what the user typed names this key: the whole key, its number,
 * or "<printer>/<number>". */
static bool job_matches(const char *key, const char *typed)
{
	if (strcmp(key, typed) == 0)
		return true;
	g_autofree char *number = job_number(key);
	if (strcmp(number, typed) == 0)
		return true;
	const char *last = strrchr(key, '/');
	return last != NULL && strlen(typed) == (size_t)(last - key) &&
	       strncmp(key, typed, (size_t)(last - key)) == 0;
}

/* A seat's held prints make the list: a seat adds one item per print. */
static size_t held_count(const void *item)
{
	const Netpont__SeatInfo *seat = item;
	return seat->n_held_prints;
}

static void held_json(JsonBuilder *b, const void *item)
{
	const Netpont__SeatInfo *seat = item;
	for (size_t k = 0; k < seat->n_held_prints; k++) {
		const Netpont__HeldPrint *h = seat->held_prints[k];
		json_builder_begin_object(b);
		ctl_json_add_string(b, "seat", seat->name);
		ctl_json_add_string(b, "job", h->job_key);
		ctl_json_add_string(b, "title", h->title);
		ctl_json_add_int(b, "pages", h->pages);
		ctl_json_add_int(b, "copies", h->copies);
		ctl_json_add_bool(b, "color", h->color);
		ctl_json_add_int_or_null(b, "amount", h->amount >= 0, h->amount);
		json_builder_end_object(b);
	}
}

static void held_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__SeatInfo *seat = item;
	for (size_t k = 0; k < seat->n_held_prints; k++) {
		const Netpont__HeldPrint *h = seat->held_prints[k];
		g_autofree char *number = job_number(h->job_key);
		/* "3", "3 × 2" (copies), with " (colour)" for colour prints. */
		g_autofree char *count = h->copies > 1
		                             ? g_strdup_printf("%d × %d", h->pages, h->copies)
		                             : g_strdup_printf("%d", h->pages);
		g_autofree char *pages =
		    h->color ? g_strdup_printf(_("%s (colour)"), count) : g_strdup(count);
		g_autofree char *price =
		    h->amount >= 0 ? ctl_money(ctx, h->amount) : g_strdup(_("not priced yet"));
		const char *row[] = {seat->name, number, h->title ? h->title : "", pages, price};
		ctl_table_add(t, row);
	}
}

static const ctl_list held_list_shape = {
    .json_item = held_json,
    .table_row = held_row,
    .count = held_count,
    .headers = {N_("SEAT"), N_("JOB"), N_("TITLE"), N_("PAGES"), N_("PRICE")},
    .right = 1u << 3 | 1u << 4,
    .none = N_("No prints are waiting for confirmation."),
    .after = N_("Release one with: netpontctl print release SEAT JOB (or print cancel SEAT "
                "JOB)."),
};

static int print_list(ctl_ctx *ctx)
{
	Netpont__SeatList m = NETPONT__SEAT_LIST__INIT;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_SEAT_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY, &held_list_shape);
}

/* The key of the print waiting on seat that typed names, as a new string
 * (g_free), or NULL when none does; *matches counts the prints it names (a
 * whole key names one). */
static char *find_job_key(const Netpont__SeatListReply *r, const char *seat, const char *typed,
                          int *matches)
{
	char *key = NULL;
	*matches = 0;
	for (size_t i = 0; i < r->n_seats; i++) {
		const Netpont__SeatInfo *s = r->seats[i];
		if (strcmp(s->name, seat) != 0)
			continue;
		for (size_t k = 0; k < s->n_held_prints; k++) {
			const char *candidate = s->held_prints[k]->job_key;
			if (strcmp(candidate, typed) == 0) { /* the whole key wins */
				g_free(key);
				*matches = 1;
				return g_strdup(candidate);
			}
			if (job_matches(candidate, typed)) {
				(*matches)++;
				if (key == NULL)
					key = g_strdup(candidate);
			}
		}
	}
	return key;
}

/* print release|cancel SEAT JOB. JOB is resolved against the seat's held
 * prints (whole key, number, or printer/number); what matches none is sent
 * as it is, so that the server says what is wrong. */
static int print_release_or_cancel(ctl_ctx *ctx, bool cancel)
{
	const char *seat = ctx->args[0];
	const char *typed = ctx->args[1];
	if (typed[0] == '\0')
		return ctl_usage_error(ctx, "%s", _("Give the print's number, as in: print list."));
	Netpont__SeatList lm = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope *list = NULL;
	int rc = ctl_request(ctx, NETPONT__ENVELOPE__BODY_SEAT_LIST, &lm,
	                     NETPONT__ENVELOPE__BODY_SEAT_LIST_REPLY, &list);
	if (rc != CTL_EXIT_OK)
		return rc;
	int matches;
	g_autofree char *key = find_job_key(list->seat_list_reply, seat, typed, &matches);
	ctl_reply_free(list);
	if (matches > 1) {
		ctl_error(
		    _("Several prints waiting on %s match %s; give the whole job key shown by "
		      "netpontctl --json print list."),
		    seat, typed);
		return CTL_EXIT_REFUSED;
	}
	Netpont__PrintRelease m = NETPONT__PRINT_RELEASE__INIT;
	m.seat = (char *)seat;
	m.job_key = key != NULL ? key : (char *)typed;
	m.cancel = cancel;
	g_autofree char *number = job_number(m.job_key);
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "seat", seat);
	ctl_json_add_string(b, "job", m.job_key);
	ctl_json_add_bool(b, "cancelled", cancel);
	g_autofree char *sentence =
	    cancel ? g_strdup_printf(_("Print %s on %s is cancelled; nothing is charged for it."),
	                             number, seat)
	           : g_strdup_printf(_("Print %s on %s is released: it prints now and is charged "
	                               "once it has printed."),
	                             number, seat);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_PRINT_RELEASE, &m, b, sentence);
}

static int print_release(ctl_ctx *ctx)
{
	return print_release_or_cancel(ctx, false);
}

static int print_cancel(ctl_ctx *ctx)
{
	return print_release_or_cancel(ctx, true);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_print_commands[] = {
    {"print", "list", "print list", N_("prints waiting for confirmation on every PC"), 0, 0, "",
     false, print_list},
    {"print", "release", "print release SEAT JOB",
     N_("let a waiting print print (JOB: its number from print list)"), 2, 2, "", false,
     print_release},
    {"print", "cancel", "print cancel SEAT JOB", N_("cancel a waiting print; nothing is charged"),
     2, 2, "", false, print_cancel},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
