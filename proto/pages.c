#include "pages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What starts a cursor of each kind. The prefix is what tells one list's
 * cursor from another's; the key after it is the last row sent. */
static const char *const kind_prefix[] = {
    [NP_PAGE_SEATS] = "seat:",     [NP_PAGE_RESIDENTS] = "resident:", [NP_PAGE_HELP] = "help:",
    [NP_PAGE_WAIVERS] = "waiver:", [NP_PAGE_AUDIT] = "audit:",
};

size_t np_page_rows(uint32_t page_size)
{
	return page_size == 0 || page_size > NP_PAGE_MAX_ROWS ? NP_PAGE_MAX_ROWS : page_size;
}

static size_t varint_size(size_t v)
{
	size_t n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

size_t np_page_item_size(const ProtobufCMessage *item)
{
	size_t len = protobuf_c_message_get_packed_size(item);
	return 1 + varint_size(len) + len;
}

bool np_page_take(np_page *page, const ProtobufCMessage *item)
{
	size_t size = np_page_item_size(item);
	if (page->full || page->taken == page->rows || size > NP_PAGE_BUDGET - page->bytes) {
		page->full = true;
		return false;
	}
	page->bytes += size;
	page->taken++;
	return true;
}

size_t np_page_fill(size_t n, size_t rows, ProtobufCMessage *(*build)(void *ctx, size_t i),
                    void *ctx, void **items)
{
	np_page page = {.rows = rows};
	while (page.taken < n) {
		ProtobufCMessage *item = build(ctx, page.taken);
		if (item == NULL)
			break;
		size_t at = page.taken;
		if (!np_page_take(&page, item))
			break;
		items[at] = item;
	}
	return page.taken;
}

int np_page_cursor_numbers(np_page_kind kind, const char *cursor, int64_t *values, size_t n)
{
	char key[NP_PAGE_CURSOR_MAX];
	if (np_page_cursor_key(kind, cursor, key, sizeof key) != 0)
		return -1;
	if (key[0] == '\0')
		return 0;
	const char *p = key;
	for (size_t i = 0; i < n; i++) {
		/* Digits only: no sign, no spaces, nothing after the last. */
		if (*p < '0' || *p > '9')
			return -1;
		char *end;
		errno = 0;
		long long v = strtoll(p, &end, 10);
		if (errno != 0 || v <= 0 || *end != (i + 1 < n ? '.' : '\0'))
			return -1;
		values[i] = v;
		p = end + 1;
	}
	return 1;
}

int np_page_cursor_make(np_page_kind kind, const char *key, char *out, size_t size)
{
	if (key == NULL || *key == '\0')
		return -1;
	int n = snprintf(out, size, "%s%s", kind_prefix[kind], key);
	return n > 0 && (size_t)n < size && (size_t)n < NP_PAGE_CURSOR_MAX ? 0 : -1;
}

int np_page_cursor_key(np_page_kind kind, const char *cursor, char *key, size_t size)
{
	key[0] = '\0';
	if (cursor == NULL || *cursor == '\0')
		return 0;
	const char *prefix = kind_prefix[kind];
	size_t plen = strlen(prefix), clen = strlen(cursor);
	if (clen >= NP_PAGE_CURSOR_MAX || clen <= plen || strncmp(cursor, prefix, plen) != 0 ||
	    clen - plen >= size)
		return -1;
	memcpy(key, cursor + plen, clen - plen + 1);
	return 0;
}

/* The body message of env and its descriptor, or NULL when no body is set. */
static ProtobufCMessage *body_of(const Netpont__Envelope *env)
{
	const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
	    &netpont__envelope__descriptor, (unsigned)env->body_case);
	if (f == NULL || f->type != PROTOBUF_C_TYPE_MESSAGE)
		return NULL;
	return *(ProtobufCMessage *const *)((const char *)env + f->offset);
}

/* The string field called name of body, or NULL. */
static char **string_field(ProtobufCMessage *body, const char *name)
{
	if (body == NULL)
		return NULL;
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(body->descriptor, name);
	if (f == NULL || f->type != PROTOBUF_C_TYPE_STRING || f->label == PROTOBUF_C_LABEL_REPEATED)
		return NULL;
	return (char **)((char *)body + f->offset);
}

/* The list of a paged reply: its first repeated message field. */
static const ProtobufCFieldDescriptor *list_field(const ProtobufCMessage *body)
{
	for (unsigned i = 0; i < body->descriptor->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &body->descriptor->fields[i];
		if (f->label == PROTOBUF_C_LABEL_REPEATED && f->type == PROTOBUF_C_TYPE_MESSAGE)
			return f;
	}
	return NULL;
}

bool np_page_is_request(const Netpont__Envelope *req)
{
	return string_field(body_of(req), "cursor") != NULL;
}

void np_page_client_size(Netpont__Envelope *req)
{
	ProtobufCMessage *body = body_of(req);
	if (body == NULL || string_field(body, "cursor") == NULL)
		return;
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field_by_name(body->descriptor, "page_size");
	uint32_t *size = f != NULL && f->type == PROTOBUF_C_TYPE_UINT32
	                     ? (uint32_t *)((char *)body + f->offset)
	                     : NULL;
	if (size != NULL && *size == 0)
		*size = NP_PAGE_CLIENT_ROWS;
}

const char *np_page_next_cursor(const Netpont__Envelope *reply)
{
	char **next = string_field(body_of(reply), "next_cursor");
	return next != NULL && *next != NULL && **next != '\0' ? *next : NULL;
}

const char *np_page_set_cursor(Netpont__Envelope *req, const char *cursor)
{
	char **field = string_field(body_of(req), "cursor");
	if (field == NULL)
		return NULL;
	const char *before = *field;
	*field = (char *)cursor;
	return before;
}

int np_page_append(Netpont__Envelope *into, Netpont__Envelope *page)
{
	ProtobufCMessage *a = body_of(into), *b = body_of(page);
	if (a == NULL || b == NULL || a->descriptor != b->descriptor)
		return -1;
	const ProtobufCFieldDescriptor *list = list_field(a);
	char **next_a = string_field(a, "next_cursor"), **next_b = string_field(b, "next_cursor");
	if (list == NULL || next_a == NULL)
		return -1;
	size_t *na = (size_t *)((char *)a + list->quantifier_offset);
	size_t *nb = (size_t *)((char *)b + list->quantifier_offset);
	void ***items_a = (void ***)((char *)a + list->offset);
	void ***items_b = (void ***)((char *)b + list->offset);
	if (*nb > 0) {
		void **grown = realloc(*items_a, (*na + *nb) * sizeof **items_a);
		if (grown == NULL)
			return -1;
		memcpy(grown + *na, *items_b, *nb * sizeof **items_b);
		*items_a = grown;
		*na += *nb;
		*nb = 0;
	}
	/* protobuf-c frees a string unless it is the field's default, the
	 * shared empty string. */
	if (*next_a != NULL && *next_a != protobuf_c_empty_string)
		free(*next_a);
	*next_a = *next_b;
	*next_b = (char *)protobuf_c_empty_string;
	return 0;
}
