/* Pages of long lists (netpont.proto, above SeatList): the one rule for
 * every program. The server sizes each page to fit one frame and names the
 * next page with a cursor; clients send the cursor back until a reply
 * carries none and join the pages into one reply. Pure C over the
 * protobuf-c descriptors, no I/O: any request with a `cursor` field and
 * any reply with a `next_cursor` field is paged, whatever its type. */
#ifndef NETPONT_PAGES_H
#define NETPONT_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frame.h"

/* The most rows in one page, whatever the request's page_size. */
#define NP_PAGE_MAX_ROWS 10000u
/* The bytes a page's rows may take: the frame limit every client reads
 * with, less room for the envelope, its id and the next cursor. */
#define NP_PAGE_BUDGET (NP_FRAME_DEFAULT_MAX - 4096u)
/* The rows a page of this repository's clients asks for: a page is then a
 * short turn of the server's event loop (heartbeats and mentor actions are
 * served between pages) and a small frame. */
#define NP_PAGE_CLIENT_ROWS 1000u
/* The longest cursor the server makes or accepts, with its NUL. */
#define NP_PAGE_CURSOR_MAX 160u

/* The kinds of paged list; a cursor names the kind it came from, so that one
 * list's cursor sent to another is refused. */
typedef enum np_page_kind {
	NP_PAGE_SEATS = 0,
	NP_PAGE_RESIDENTS,
	NP_PAGE_HELP,
	NP_PAGE_WAIVERS,
	NP_PAGE_AUDIT,
} np_page_kind;

/* The rows a page may hold for a request's page_size (0: as many as fit). */
size_t np_page_rows(uint32_t page_size);

/* What a message adds to its reply as one element of a repeated field
 * numbered 1 to 15: tag, length and packed bytes. */
size_t np_page_item_size(const ProtobufCMessage *item);

/* A page being filled: rows is the most it may hold (np_page_rows()). */
typedef struct np_page {
	size_t rows, taken, bytes;
	bool full; /* an item was refused: the list goes on after this page */
} np_page;

/* Counts item into page when it fits (by rows and by NP_PAGE_BUDGET) and
 * returns true; otherwise marks the page full and returns false. */
bool np_page_take(np_page *page, const ProtobufCMessage *item);

/* Builds a page of a reply's list from n candidate rows: items[i] =
 * build(ctx, i) for i = 0, 1, ... while fewer than rows items are taken and
 * their np_page_item_size()s add up to at most NP_PAGE_BUDGET. items holds
 * at least min(n, rows) pointers. Returns the number taken (the row that
 * did not fit is built and dropped); when it is less than n, the page ends
 * before the candidates do and the reply needs a next cursor. build returns
 * NULL to stop (out of memory); a row too large for any page is never
 * taken, so 0 with n > 0 means nothing fits. */
size_t np_page_fill(size_t n, size_t rows, ProtobufCMessage *(*build)(void *ctx, size_t i),
                    void *ctx, void **items);

/* Writes the cursor that starts after key into out (size bytes). Returns 0,
 * or -1 when key is empty or the cursor would not fit. */
int np_page_cursor_make(np_page_kind kind, const char *key, char *out, size_t size);

/* Reads the key a cursor of kind names into key (size bytes): "" for an
 * empty cursor (the first page). Returns 0, or -1 when cursor is malformed
 * or belongs to another kind of list (key is then ""). */
int np_page_cursor_key(np_page_kind kind, const char *cursor, char *key, size_t size);

/* Whether req asks for a list in pages (its body has a cursor). */
bool np_page_is_request(const Netpont__Envelope *req);

/* Sets a paged request's page_size to NP_PAGE_CLIENT_ROWS when it names
 * none; other requests (and AuditList, whose limit counts every page's
 * rows) are left as they are. */
void np_page_client_size(Netpont__Envelope *req);

/* Reads a cursor of kind whose key is n positive numbers joined by '.'
 * ("waiver:1733130000.42") into values. Returns 1, 0 for an empty cursor
 * (the first page; values untouched), or -1 when cursor is malformed or
 * belongs to another kind of list. */
int np_page_cursor_numbers(np_page_kind kind, const char *cursor, int64_t *values, size_t n);

/* The next cursor of a paged reply, or NULL when reply is the last page or
 * not a paged reply. Borrowed from reply. */
const char *np_page_next_cursor(const Netpont__Envelope *reply);

/* Points the paged request req at cursor (borrowed: it must outlive every
 * use of req). Returns the cursor it pointed at before (borrowed from req's
 * owner, so that the caller can put it back), or NULL when req is not a
 * paged request and nothing changed. */
const char *np_page_set_cursor(Netpont__Envelope *req, const char *cursor);

/* Moves the rows of page (the next page of into's list, both decoded by
 * protobuf-c with the default allocator) to the end of into's list, and
 * page's next cursor to into; page keeps no rows and no cursor and is still
 * the caller's to free. Returns 0, or -1 when out of memory or the two are
 * not pages of one list (nothing moved). */
int np_page_append(Netpont__Envelope *into, Netpont__Envelope *page);

#endif
