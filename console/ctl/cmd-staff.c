/* The staff and the site: staff add|list|unlock, shift start|end|status (one's own
 * shift at the desk) and setting list|set. */
#include "ctl.h"

#include <stdio.h>

/* ---------------------------------------------------------------- staff */

static int staff_add(ctl_ctx *ctx)
{
	Netpont__StaffAdd m = NETPONT__STAFF_ADD__INIT;
	static const char *const roles[] = {"mentor", "treasurer", "admin", NULL};
	static const Netpont__StaffRole role_values[] = {
	    NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR,
	    NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER,
	    NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN,
	};
	const char *role;
	int rc = ctl_need_text(ctx, "role", &role);
	if (rc != CTL_EXIT_OK)
		return rc;
	int kind = ctl_word_index(role, roles);
	if (kind < 0)
		return ctl_usage_error(ctx, "%s",
		                       _("The role must be mentor, treasurer or admin."));
	m.role = role_values[kind];
	/* Sign in before asking for the new password: a wrong own password
	 * should not cost the admin typing the new one twice. */
	rc = ctl_connect(ctx);
	if (rc != CTL_EXIT_OK)
		return rc;
	char *password = ctl_new_password();
	if (password == NULL)
		return CTL_EXIT_REFUSED;
	m.name = ctx->args[0];
	m.password = password;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", m.name);
	ctl_json_add_string(b, "role", role);
	g_autofree char *sentence =
	    g_strdup_printf(_("%s can now sign in as %s."), m.name, ctl_staff_role_label(m.role));
	rc = ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_STAFF_ADD, &m, b, sentence);
	ctl_free_secret(password);
	return rc;
}

static void staff_json(JsonBuilder *b, const void *item)
{
	const Netpont__StaffMember *s = item;
	json_builder_begin_object(b);
	ctl_json_add_string(b, "name", s->name);
	ctl_json_add_string_or_null(b, "display_name", s->display_name);
	ctl_json_add_string(b, "role", ctl_staff_role_name(s->role));
	ctl_json_add_bool(b, "disabled", s->disabled);
	ctl_json_add_int(b, "created_at", s->created_at);
	json_builder_end_object(b);
}

static void staff_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__StaffMember *s = item;
	g_autofree char *since = ctl_time(s->created_at);
	const char *row[] = {s->name, s->display_name ? s->display_name : "",
	                     ctl_staff_role_label(s->role), since,
	                     s->disabled ? _("disabled") : ""};
	ctl_table_add(t, row);
	(void)ctx;
}

static int staff_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = staff_json,
	    .table_row = staff_row,
	    .headers = {N_("NAME"), N_("DISPLAY NAME"), N_("ROLE"), N_("SINCE"), ""},
	};
	Netpont__StaffList m = NETPONT__STAFF_LIST__INIT;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_STAFF_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_STAFF_LIST_REPLY, &list);
}

/* The account as StaffUpdate left it: JSON, or sentence. data: the
 * sentence. */
static int print_staff_member(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		staff_json(b, reply->staff_member);
		ctl_json_print_builder(b);
	} else {
		puts(data);
	}
	return CTL_EXIT_OK;
}

static int staff_update_run(ctl_ctx *ctx, Netpont__StaffUpdate *m, const char *sentence)
{
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_STAFF_UPDATE, m,
	                         NETPONT__ENVELOPE__BODY_STAFF_MEMBER, print_staff_member,
	                         sentence);
}

/* staff set NAME [--display-name TEXT] [--role R] (admin). */
static int staff_set(ctl_ctx *ctx)
{
	Netpont__StaffUpdate m = NETPONT__STAFF_UPDATE__INIT;
	m.name = ctx->args[0];
	const char *display = ctl_option(ctx, "display-name");
	const char *role = ctl_option(ctx, "role");
	if (display == NULL && role == NULL)
		return ctl_usage_error(
		    ctx, "%s", _("Say what to change: --display-name TEXT or --role ROLE."));
	if (display != NULL && display[0] == '\0')
		return ctl_usage_error(ctx, "%s", _("The display name must not be empty."));
	m.display_name = (char *)display;
	if (role != NULL) {
		static const char *const roles[] = {"mentor", "treasurer", "admin", NULL};
		static const Netpont__StaffRole role_values[] = {
		    NETPONT__STAFF_ROLE__STAFF_ROLE_MENTOR,
		    NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER,
		    NETPONT__STAFF_ROLE__STAFF_ROLE_ADMIN,
		};
		int kind = ctl_word_index(role, roles);
		if (kind < 0)
			return ctl_usage_error(ctx, "%s",
			                       _("The role must be mentor, treasurer or admin."));
		m.role = role_values[kind];
	}
	g_autofree char *sentence = g_strdup_printf(_("%s's account is changed."), m.name);
	return staff_update_run(ctx, &m, sentence);
}

static int staff_disable(ctl_ctx *ctx)
{
	Netpont__StaffUpdate m = NETPONT__STAFF_UPDATE__INIT;
	m.name = ctx->args[0];
	m.disable = true;
	g_autofree char *sentence = g_strdup_printf(
	    _("%s can no longer sign in; their open connections were closed."), m.name);
	return staff_update_run(ctx, &m, sentence);
}

static int staff_enable(ctl_ctx *ctx)
{
	Netpont__StaffUpdate m = NETPONT__STAFF_UPDATE__INIT;
	m.name = ctx->args[0];
	m.enable = true;
	g_autofree char *sentence = g_strdup_printf(_("%s can sign in again."), m.name);
	return staff_update_run(ctx, &m, sentence);
}

/* staff password [NAME]: one's own password, or (admin) another's. */
static int staff_password(ctl_ctx *ctx)
{
	Netpont__StaffSetPassword m = NETPONT__STAFF_SET_PASSWORD__INIT;
	int rc = ctl_connect(ctx);
	if (rc != CTL_EXIT_OK)
		return rc;
	char *password = ctl_new_password();
	if (password == NULL)
		return CTL_EXIT_REFUSED;
	/* No name: the server changes the signed-in account's own. */
	m.name = ctx->nargs > 0 ? ctx->args[0] : "";
	m.password = password;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string_or_null(b, "name", m.name);
	g_autofree char *sentence = m.name[0]
	                                ? g_strdup_printf(_("%s's password is changed."), m.name)
	                                : g_strdup(_("Your password is changed."));
	rc = ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD, &m, b, sentence);
	ctl_free_secret(password);
	return rc;
}

/* Lifts the sign-in lock-out of an account after too many wrong
 * passwords (admin). */
static int staff_unlock(ctl_ctx *ctx)
{
	Netpont__StaffUnlock m = NETPONT__STAFF_UNLOCK__INIT;
	m.name = ctx->args[0];
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "name", m.name);
	g_autofree char *sentence = g_strdup_printf(_("%s can sign in again."), m.name);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_STAFF_UNLOCK, &m, b, sentence);
}

/* ---------------------------------------------------------------- shifts */

static void print_shift_plain(const ctl_ctx *ctx, const Netpont__Shift *s)
{
	g_autofree char *start = ctl_time(s->started_at);
	g_autofree char *fl = ctl_money(ctx, s->cash_float);
	g_autofree char *taken = ctl_money(ctx, s->cash_taken);
	g_autofree char *expected = ctl_money(ctx, s->expected);
	ctl_table *kv = ctl_table_new(2, NULL);
	ctl_kv_add(kv, _("Mentor:"), s->staff);
	ctl_kv_add(kv, _("Started:"), start);
	if (s->ended_at != 0) {
		g_autofree char *end = ctl_time(s->ended_at);
		ctl_kv_add(kv, _("Ended:"), end);
	}
	ctl_kv_add(kv, _("Float:"), fl);
	ctl_kv_add(kv, _("Cash taken:"), taken);
	ctl_kv_add(kv, _("Expected in box:"), expected);
	if (s->ended_at != 0) {
		g_autofree char *counted = ctl_money(ctx, s->counted);
		g_autofree char *diff = ctl_money(ctx, s->difference);
		/* A surplus shows its sign, so "+20 Ft" is not read as a shortfall. */
		g_autofree char *signed_diff =
		    g_strdup_printf("%s%s", s->difference > 0 ? "+" : "", diff);
		ctl_kv_add(kv, _("Counted:"), counted);
		ctl_kv_add(kv, _("Difference:"), signed_diff);
	}
	ctl_table_print(kv);
}

/* data: the sentence said first in plain output. */
static int print_shift_reply(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const Netpont__Shift *s = reply->shift_reply->shift;
	if (ctx->json) {
		if (s == NULL) {
			ctl_json_print(json_node_new(JSON_NODE_NULL));
		} else {
			JsonBuilder *b = json_builder_new();
			ctl_json_shift(b, s);
			ctl_json_print_builder(b);
		}
		return CTL_EXIT_OK;
	}
	if (s == NULL) {
		puts(_("You have no open shift. Start one with: netpontctl shift start --float N"));
		return CTL_EXIT_OK;
	}
	puts(data);
	print_shift_plain(ctx, s);
	return CTL_EXIT_OK;
}

/* shift start|end: the amount in --option goes into *amount, a field of
 * msg, which is sent as body; the shift as it now is comes back. */
static int shift_change(ctl_ctx *ctx, const char *option, int64_t *amount,
                        Netpont__Envelope__BodyCase body, void *msg, const char *title)
{
	int rc = ctl_need_amount(ctx, option, false, amount);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, body, msg, NETPONT__ENVELOPE__BODY_SHIFT_REPLY,
	                         print_shift_reply, title);
}

static int shift_start(ctl_ctx *ctx)
{
	Netpont__ShiftStart m = NETPONT__SHIFT_START__INIT;
	return shift_change(ctx, "float", &m.cash_float, NETPONT__ENVELOPE__BODY_SHIFT_START, &m,
	                    _("Your shift has started."));
}

static int shift_end(ctl_ctx *ctx)
{
	Netpont__ShiftEnd m = NETPONT__SHIFT_END__INIT;
	return shift_change(ctx, "cash", &m.counted, NETPONT__ENVELOPE__BODY_SHIFT_END, &m,
	                    _("Your shift has ended."));
}

static int shift_status(ctl_ctx *ctx)
{
	Netpont__ShiftCurrent m = NETPONT__SHIFT_CURRENT__INIT;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_SHIFT_CURRENT, &m,
	                         NETPONT__ENVELOPE__BODY_SHIFT_REPLY, print_shift_reply,
	                         _("Your open shift:"));
}

/* ---------------------------------------------------------------- settings */

/* Settings are one JSON object, key to value, so `.close_time` works. */
static void setting_json(JsonBuilder *b, const void *item)
{
	const Netpont__Setting *s = item;
	ctl_json_add_string(b, s->key, s->value);
}

static void setting_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	const Netpont__Setting *s = item;
	const char *row[] = {s->key, s->value};
	ctl_table_add(t, row);
	(void)ctx;
}

static int setting_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = setting_json,
	    .table_row = setting_row,
	    .json_object = true,
	    .headers = {N_("SETTING"), N_("VALUE")},
	};
	Netpont__SettingList m = NETPONT__SETTING_LIST__INIT;
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_SETTING_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_SETTING_LIST_REPLY, &list);
}

static int setting_set(ctl_ctx *ctx)
{
	Netpont__Setting setting = NETPONT__SETTING__INIT;
	Netpont__SettingSet m = NETPONT__SETTING_SET__INIT;
	setting.key = ctx->args[0];
	setting.value = ctx->args[1];
	m.setting = &setting;
	JsonBuilder *b = ctl_json_begin_object();
	ctl_json_add_string(b, "key", setting.key);
	ctl_json_add_string(b, "value", setting.value);
	g_autofree char *sentence =
	    g_strdup_printf(_("%s is now \"%s\"."), setting.key, setting.value);
	return ctl_request_done(ctx, NETPONT__ENVELOPE__BODY_SETTING_SET, &m, b, sentence);
}

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_staff_commands[] = {
    {"staff", "add", "staff add NAME --role mentor|treasurer|admin",
     N_("create a staff account (admin)"), 1, 1, "role=", false, staff_add},
    {"staff", "list", "staff list", N_("the staff accounts"), 0, 0, "", false, staff_list},
    {"staff", "set", "staff set NAME [--display-name TEXT] [--role mentor|treasurer|admin]",
     N_("change a staff account's display name or role (admin)"), 1, 1,
     "display-name= role=", false, staff_set},
    {"staff", "disable", "staff disable NAME",
     N_("stop an account from signing in and close its connections (admin)"), 1, 1, "", false,
     staff_disable},
    {"staff", "enable", "staff enable NAME", N_("let a disabled account sign in again (admin)"), 1,
     1, "", false, staff_enable},
    {"staff", "password", "staff password [NAME]",
     N_("change your password, or (admin) another's; the new one from NETPONT_NEW_PASSWORD or "
        "a prompt"),
     0, 1, "", false, staff_password},
    {"staff", "unlock", "staff unlock NAME",
     N_("lift an account's lock-out after too many wrong passwords (admin)"), 1, 1, "", false,
     staff_unlock},
    {"shift", "start", "shift start --float N", N_("start your shift with N in the cash box"), 0, 0,
     "float=", false, shift_start},
    {"shift", "end", "shift end --cash N", N_("end your shift, having counted N"), 0, 0,
     "cash=", false, shift_end},
    {"shift", "status", "shift status", N_("your open shift and the cash expected"), 0, 0, "",
     false, shift_status},
    {"setting", "list", "setting list", N_("the site's settings"), 0, 0, "", false, setting_list},
    {"setting", "set", "setting set KEY VALUE", N_("change a setting (admin)"), 2, 2, "", false,
     setting_set},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
