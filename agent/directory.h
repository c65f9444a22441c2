/* The neighbourhood directory on the agent's side (issue 14): the greeter's
 * "Local information" and a kiosk PC ask the agent, which asks the server
 * and keeps the last full list on disk ("<lease file>.directory", the packed
 * AgentDirectoryListReply) for when the server is away; and a free slip of
 * one entry, printed as plain text on the room's printer under the agent's
 * own CUPS user, never held and never charged (print.c skips its jobs:
 * DIRECTORY_SLIP_TITLE). */
#ifndef NETPONT_AGENT_DIRECTORY_H
#define NETPONT_AGENT_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "netpont.pb-c.h"
#include "print.h"

/* The CUPS job name of a free slip: "netpont-free-slip <entry id>". */
#define DIRECTORY_SLIP_TITLE PRINT_FREE_SLIP_TITLE

/* Whether what is a use the server counts: open, view, search, print. */
bool directory_use_ok(const char *what);

/* Keeps reply (a full list: no query, no category) in path, atomically.
 * Returns 0, or -1 (errno set). */
int directory_cache_save(const char *path, const Netpont__AgentDirectoryListReply *reply);

/* The list kept in path, or NULL (none, unreadable). Free it with
 * netpont__agent_directory_list_reply__free_unpacked(). */
Netpont__AgentDirectoryListReply *directory_cache_load(const char *path);

/* Whether entry matches query (every word, folded for case and accents
 * (common/np_fold.h), in the title, body or address; "" = all) and
 * category ("" = all): the offline list is filtered as the server does. */
bool directory_entry_matches(const Netpont__DirectoryEntry *e, const char *query,
                             const char *category);

/* Writes the slip of e in language ("hu"; "" = English) into buf: title,
 * hours, address, phone, email, web and "Printed free at SITE". Returns its
 * length (truncated to size-1). */
size_t directory_slip_text(const Netpont__DirectoryEntry *e, const char *site_name,
                           const char *language, char *buf, size_t size);

/* Called on the loop thread when a slip was submitted (ok) or not (err is a
 * sentence for the log). */
typedef void (*directory_print_cb)(bool ok, const char *err, void *data);

/* Submits text as a plain-text job on printer (NULL or "": CUPS' default
 * destination) in the thread pool, with job-hold-until=no-hold. Returns 0,
 * or a negative errno (then cb is never called). */
int directory_print_slip(uv_loop_t *loop, const char *printer, const char *text, int64_t entry_id,
                         directory_print_cb cb, void *data);

#endif
