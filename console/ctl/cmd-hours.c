/* The opening hours: hours show, hours set DAY HOURS|closed and hours
 * closed add|remove|list (the days the room stays closed). The week is the
 * settings hours_1 .. hours_7 (SettingList/SettingSet); the server checks
 * the hours themselves and refuses with a sentence. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

/* The weekdays as the command line names them (command syntax, English),
 * Monday first as the settings count them (hours_1). */
static const char *const day_words[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday",    NULL};
static const char *const day_names[] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
                                        N_("Thursday"), N_("Friday"),  N_("Saturday"),
                                        N_("Sunday")};

/* "monday", "mon", "1" -> 1 .. 7; 0 when it is none of them. */
static int day_number(const char *text)
{
	if (text[0] >= '1' && text[0] <= '7' && text[1] == '\0')
		return text[0] - '0';
	size_t len = strlen(text);
	for (int d = 0; day_words[d] != NULL; d++)
		if (len >= 3 && g_ascii_strncasecmp(text, day_words[d], len) == 0 &&
		    len <= strlen(day_words[d]))
			return d + 1;
	return 0;
}

/* "09:00-12:00,13:00-18:00" -> "09:00–12:00, 13:00–18:00 (lunch break 12:00–13:00)". */
static char *day_text(const char *value)
{
	if (value == NULL || strcmp(value, "closed") == 0)
		return g_strdup(_("closed"));
	g_auto(GStrv) parts = g_strsplit(value, ",", 2);
	if (parts[1] == NULL)
		return g_strdup(value);
	g_auto(GStrv) a = g_strsplit(parts[0], "-", 2);
	g_auto(GStrv) b = g_strsplit(parts[1], "-", 2);
	if (a[1] == NULL || b[1] == NULL)
		return g_strdup(value);
	/* TRANSLATORS: a day's hours with a lunch break: "09:00-18:00, lunch break 12:00-13:00". */
	return g_strdup_printf(_("%s-%s, lunch break %s-%s"), a[0], b[1], a[1], b[0]);
}

static void print_week(ctl_ctx *ctx, const Netpont__SettingListReply *r)
{
	const char *week[8] = {NULL};
	for (size_t i = 0; i < r->n_settings; i++) {
		const char *key = r->settings[i]->key;
		if (key != NULL && strncmp(key, "hours_", 6) == 0 && key[6] >= '1' &&
		    key[6] <= '7' && key[7] == '\0')
			week[key[6] - '0'] = r->settings[i]->value;
	}
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		json_builder_begin_array(b);
		for (int d = 1; d <= 7; d++) {
			json_builder_begin_object(b);
			ctl_json_add_int(b, "day", d);
			ctl_json_add_string(b, "name", day_words[d - 1]);
			ctl_json_add_string(b, "hours", week[d] ? week[d] : "closed");
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		ctl_json_print_builder(b);
		return;
	}
	const char *headers[] = {_("DAY"), _("HOURS"), NULL};
	ctl_table *t = ctl_table_new(2, headers);
	for (int d = 1; d <= 7; d++) {
		g_autofree char *text = day_text(week[d]);
		const char *row[] = {_(day_names[d - 1]), text};
		ctl_table_add(t, row);
	}
	ctl_table_print(t);
}

static int hours_show(ctl_ctx *ctx)
{
	Netpont__SettingList m = NETPONT__SETTING_LIST__INIT;
	Netpont__Envelope *reply = NULL;
	int rc = ctl_request(ctx, NETPONT__ENVELOPE__BODY_SETTING_LIST, &m,
	                     NETPONT__ENVELOPE__BODY_SETTING_LIST_REPLY, &reply);
	if (rc != CTL_EXIT_OK)
		return rc;
	print_week(ctx, reply->setting_list_reply);
	ctl_reply_free(reply);
	return CTL_EXIT_OK;
}

static int hours_set(ctl_ctx *ctx)
{
	int day = day_number(ctx->args[0]);
	if (day == 0)
		return ctl_usage_error(
		    ctx, "%s",
		    _("The day must be a weekday like monday (or mon), or a number from 1 = Monday "
		      "to 7 = Sunday."));
	char key[16];
	snprintf(key, sizeof key, "hours_%d", day);
	Netpont__Setting setting = NETPONT__SETTING__INIT;
	Netpont__SettingSet m = NETPONT__SETTING_SET__INIT;
	setting.key = key;
	setting.value = ctx->args[1];
	m.setting = &setting;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_int(b, "day", day);
	ctl_json_add_string(b, "name", day_words[day - 1]);
	ctl_json_add_string(b, "hours", setting.value);
	g_autofree char *text = day_text(setting.value);
	/* TRANSLATORS: "Monday: 09:00-18:00." */
	g_autofree char *sentence = g_strdup_printf(_("%s: %s."), _(day_names[day - 1]), text);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SETTING_SET, &m, b, sentence);
}

/* ---------------------------------------------------------------- closed dates */

static void closed_json(JsonBuilder *b, const void *item)
{
	const Netpont__ClosedDate *d = item;
	json_builder_begin_object(b);
	ctl_json_add_string(b, "date", d->day);
	ctl_json_add_string(b, "note", d->note);
	json_builder_end_object(b);
}

static void closed_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__ClosedDate *d = item;
	const char *row[] = {d->day, d->note};
	ctl_table_add(t, row);
	(void)ctx;
}

/* "2026-12-24": the server checks that the date exists. */
static bool looks_like_date(const char *text)
{
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !g_ascii_isdigit(text[i]))
			return false;
	return true;
}

static int hours_closed(ctl_ctx *ctx)
{
	static const char *const actions[] = {"list", "add", "remove", NULL};
	int action = ctl_word_index(ctx->args[0], actions);
	if (action < 0)
		return ctl_usage_error(ctx, "%s", _("Say list, add DATE or remove DATE."));
	if (action == 0) {
		if (ctx->nargs != 1)
			return ctl_usage_error(ctx, "%s", _("hours closed list takes no date."));
		static const ctl_list list = {
		    .json_item = closed_json,
		    .table_row = closed_row,
		    .headers = {N_("DATE"), N_("NOTE")},
		    .none = N_("No closed dates from today on."),
		};
		Netpont__ClosedDateList m = NETPONT__CLOSED_DATE_LIST__INIT;
		return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST, &m,
		                    NETPONT__ENVELOPE__BODY_CLOSED_DATE_LIST_REPLY, &list);
	}
	if (ctx->nargs != 2 || !looks_like_date(ctx->args[1]))
		return ctl_usage_error(ctx, "%s", _("Give the date like 2026-12-24."));
	const char *day = ctx->args[1];
	const char *note = ctl_option(ctx, "note");
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "date", day);
	if (action == 1) {
		if (note != NULL && strlen(note) > 200) {
			g_object_unref(b);
			return ctl_usage_error(ctx, "%s",
			                       _("The note is too long (at most 200 characters)."));
		}
		Netpont__ClosedDate date = NETPONT__CLOSED_DATE__INIT;
		Netpont__ClosedDateAdd m = NETPONT__CLOSED_DATE_ADD__INIT;
		date.day = (char *)day;
		date.note = (char *)(note ? note : "");
		m.date = &date;
		ctl_json_add_string(b, "note", date.note);
		g_autofree char *sentence = g_strdup_printf(_("The room is closed on %s."), day);
		return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_CLOSED_DATE_ADD, &m, b,
		                        sentence);
	}
	if (note != NULL) {
		g_object_unref(b);
		return ctl_usage_error(ctx, "%s", _("--note goes with hours closed add."));
	}
	Netpont__ClosedDateRemove m = NETPONT__CLOSED_DATE_REMOVE__INIT;
	m.day = (char *)day;
	g_autofree char *sentence = g_strdup_printf(_("%s is no longer a closed date."), day);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_CLOSED_DATE_REMOVE, &m, b, sentence);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_hours_commands[] = {
    {"hours", "show", "hours show", N_("the opening hours of each weekday"), 0, 0, "", false,
     hours_show},
    {"hours", "set", "hours set DAY HH:MM-HH:MM[,HH:MM-HH:MM]|closed",
     N_("a weekday's hours, with a lunch break between two spans (admin)"), 2, 2, "", false,
     hours_set},
    {"hours", "closed", "hours closed list | add DATE [--note TEXT] | remove DATE",
     N_("the days the room stays closed (holidays; admin to change)"), 1, 2, "note=", false,
     hours_closed},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
