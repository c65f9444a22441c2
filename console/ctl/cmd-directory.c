/* The neighbourhood directory: directory add|list|update|remove. Staff
 * keep the entries the PCs show without a login (the greeter's "Local
 * information", a kiosk PC). A category is given by its key or its name in
 * the user's language; the server checks everything else and refuses with
 * a sentence. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

#include "directory-labels.h"

static void entry_json(JsonBuilder *b, const void *item)
{
	const Netpont__DirectoryEntry *e = item;
	json_builder_begin_object(b);
	ctl_json_add_int(b, "id", e->id);
	ctl_json_add_string(b, "category", e->category);
	ctl_json_add_string(b, "title", e->title);
	ctl_json_add_string(b, "body", e->body);
	ctl_json_add_string(b, "hours", e->hours);
	ctl_json_add_string(b, "address", e->address);
	ctl_json_add_string(b, "phone", e->phone);
	ctl_json_add_string(b, "email", e->email);
	ctl_json_add_string(b, "web", e->web);
	ctl_json_add_string_or_null(b, "valid_until", e->valid_until);
	ctl_json_add_int(b, "updated_at", e->updated_at);
	ctl_json_add_bool(b, "expired", e->expired);
	json_builder_end_object(b);
}

static void entry_row(const ctl_ctx *ctx, ctl_table *t, const void *item)
{
	(void)ctx;
	const Netpont__DirectoryEntry *e = item;
	g_autofree char *id = g_strdup_printf("%lld", (long long)e->id);
	g_autofree char *contact =
	    g_strjoin(" ", e->phone, e->email[0] != '\0' ? e->email : "", NULL);
	g_autofree char *until = e->expired ? g_strdup_printf(_("%s (expired)"), e->valid_until)
	                                    : g_strdup(e->valid_until);
	const char *row[] = {
	    id,   directory_category_label(e->category), e->title, e->hours, g_strstrip(contact),
	    until};
	ctl_table_add(t, row);
}

/* --category as a key: a key or a display name; anything else goes to the
 * server as it is, which refuses it with its sentence. */
static const char *category_option(ctl_ctx *ctx)
{
	const char *text = ctl_option(ctx, "category");
	if (text == NULL)
		return NULL;
	const char *key = directory_category_key(text);
	return key != NULL ? key : text;
}

/* The options of an entry, as the fields of m; names collects the names
 * of the fields given (the proto's). Returns how many were given. */
static size_t entry_options(ctl_ctx *ctx, Netpont__DirectoryEntry *m, char **names)
{
	static const struct {
		const char *option, *field;
		size_t offset;
	} options[] = {
	    {"title", "title", offsetof(Netpont__DirectoryEntry, title)},
	    {"body", "body", offsetof(Netpont__DirectoryEntry, body)},
	    {"hours", "hours", offsetof(Netpont__DirectoryEntry, hours)},
	    {"address", "address", offsetof(Netpont__DirectoryEntry, address)},
	    {"phone", "phone", offsetof(Netpont__DirectoryEntry, phone)},
	    {"email", "email", offsetof(Netpont__DirectoryEntry, email)},
	    {"web", "web", offsetof(Netpont__DirectoryEntry, web)},
	    {"until", "valid_until", offsetof(Netpont__DirectoryEntry, valid_until)},
	};
	size_t n = 0;
	const char *category = category_option(ctx);
	if (category != NULL) {
		m->category = (char *)category;
		names[n++] = "category";
	}
	for (size_t i = 0; i < G_N_ELEMENTS(options); i++) {
		const char *value = ctl_option(ctx, options[i].option);
		if (value == NULL)
			continue;
		*(const char **)((char *)m + options[i].offset) = value;
		names[n++] = (char *)options[i].field;
	}
	return n;
}

/* data: "add", "update" or "remove". */
static int print_entry(ctl_ctx *ctx, const Netpont__Envelope *reply, const void *data)
{
	const char *kind = data;
	const Netpont__DirectoryEntry *e = reply->directory_reply->entry;
	if (e == NULL)
		return CTL_EXIT_OK;
	if (ctx->json) {
		JsonBuilder *b = json_builder_new();
		entry_json(b, e);
		ctl_json_print_builder(b);
		return CTL_EXIT_OK;
	}
	const char *category = directory_category_label(e->category);
	if (strcmp(kind, "add") == 0)
		/* TRANSLATORS: "Added entry 12: Munkaügyi központ (Institution)." */
		printf(_("Added entry %lld: %s (%s).\n"), (long long)e->id, e->title, category);
	else if (strcmp(kind, "update") == 0)
		printf(_("Changed entry %lld: %s (%s).\n"), (long long)e->id, e->title, category);
	else
		printf(_("Removed entry %lld: %s (%s).\n"), (long long)e->id, e->title, category);
	return CTL_EXIT_OK;
}

static int directory_add(ctl_ctx *ctx)
{
	const char *title;
	int rc = ctl_need_text(ctx, "title", &title);
	if (rc != CTL_EXIT_OK)
		return rc;
	if (ctl_option(ctx, "category") == NULL)
		return ctl_usage_error(ctx, _("--%s is required."), "category");
	Netpont__DirectoryEntry e = NETPONT__DIRECTORY_ENTRY__INIT;
	char *names[16];
	entry_options(ctx, &e, names);
	Netpont__DirectoryAdd m = NETPONT__DIRECTORY_ADD__INIT;
	m.entry = &e;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_DIRECTORY_ADD, &m,
	                         NETPONT__ENVELOPE__BODY_DIRECTORY_REPLY, print_entry, "add");
}

static int directory_update(ctl_ctx *ctx)
{
	Netpont__DirectoryEntry e = NETPONT__DIRECTORY_ENTRY__INIT;
	int rc = ctl_need_id(ctx, ctx->args[0], &e.id);
	if (rc != CTL_EXIT_OK)
		return rc;
	char *names[16];
	size_t n = entry_options(ctx, &e, names);
	if (n == 0)
		return ctl_usage_error(
		    ctx, "%s", _("Say what to change, for example --hours \"Mon-Fri 8-16\"."));
	Netpont__DirectoryUpdate m = NETPONT__DIRECTORY_UPDATE__INIT;
	m.entry = &e;
	m.fields = names;
	m.n_fields = n;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_DIRECTORY_UPDATE, &m,
	                         NETPONT__ENVELOPE__BODY_DIRECTORY_REPLY, print_entry, "update");
}

static int directory_remove(ctl_ctx *ctx)
{
	Netpont__DirectoryRemove m = NETPONT__DIRECTORY_REMOVE__INIT;
	int rc = ctl_need_id(ctx, ctx->args[0], &m.id);
	if (rc != CTL_EXIT_OK)
		return rc;
	return ctl_request_print(ctx, NETPONT__ENVELOPE__BODY_DIRECTORY_REMOVE, &m,
	                         NETPONT__ENVELOPE__BODY_DIRECTORY_REPLY, print_entry, "remove");
}

static int directory_list(ctl_ctx *ctx)
{
	static const ctl_list list = {
	    .json_item = entry_json,
	    .table_row = entry_row,
	    .headers = {N_("ID"), N_("TYPE"), N_("TITLE"), N_("HOURS"), N_("CONTACT"), N_("UNTIL")},
	    .right = 1u << 0,
	    .none = N_("No directory entries."),
	};
	Netpont__DirectoryList m = NETPONT__DIRECTORY_LIST__INIT;
	const char *category = category_option(ctx);
	const char *search = ctl_option(ctx, "search");
	m.category = (char *)(category != NULL ? category : "");
	m.query = (char *)(search != NULL ? search : "");
	m.expired = ctl_flag(ctx, "all");
	return ctl_list_run(ctx, NETPONT__ENVELOPE__BODY_DIRECTORY_LIST, &m,
	                    NETPONT__ENVELOPE__BODY_DIRECTORY_LIST_REPLY, &list);
}

#define ENTRY_OPTIONS "category= title= body= hours= address= phone= email= web= until="

/* The synopses are command syntax and stay in English. */
const ctl_command ctl_directory_commands[] = {
    {"directory", "add",
     "directory add --category C --title TEXT [--body TEXT] [--hours TEXT] [--address TEXT] "
     "[--phone TEXT] [--email TEXT] [--web URL] [--until YYYY-MM-DD]",
     N_("add an entry to the neighbourhood directory (mentor, admin)"), 0, 0, ENTRY_OPTIONS, false,
     directory_add},
    {"directory", "list", "directory list [--all] [--category C] [--search WORDS]",
     N_("the directory's entries; --all: the expired ones too"), 0, 0,
     "all category= search=", false, directory_list},
    {"directory", "update", "directory update ID [--category C] [--title TEXT] [...]",
     N_("change the options given of an entry; --until \"\" removes the end (mentor, admin)"), 1, 1,
     ENTRY_OPTIONS, false, directory_update},
    {"directory", "remove", "directory remove ID",
     N_("remove an entry; the PCs no longer show it (mentor, admin)"), 1, 1, "", false,
     directory_remove},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, false, NULL},
};
