/* NetpontLockDirectory: the neighbourhood directory on the locked screen
 * (issue 14), for the greeter's "Local information" button and a kiosk-only
 * PC. No login is needed and nothing is charged.
 *
 * Two pages in large text with touch-sized buttons (at least 48 px): the
 * list (a search field, one button per category, one big button per
 * entry) and an entry's page (all its fields and "Print this (free)").
 * "Back" is on both. After NETPONT_LOCK_DIRECTORY_IDLE_S seconds without a
 * touch or a key (the environment variable NETPONT_LOCK_DIRECTORY_IDLE_S
 * overrides it, for tests) it emits "done"; so does Back on the list.
 *
 * It asks the agent itself (ControlDirectoryList, ControlDirectoryUsed,
 * ControlDirectoryPrint) through the client it is given, in the language
 * shown; a list the agent kept while the server is away says so. */
#ifndef NETPONT_LOCK_DIRECTORY_H
#define NETPONT_LOCK_DIRECTORY_H

#include <gtk/gtk.h>

#include "netpont-lock-client.h"

G_BEGIN_DECLS

#define NETPONT_LOCK_DIRECTORY_IDLE_S 60

#define NETPONT_TYPE_LOCK_DIRECTORY (netpont_lock_directory_get_type())
G_DECLARE_FINAL_TYPE(NetpontLockDirectory, netpont_lock_directory, NETPONT, LOCK_DIRECTORY, GtkBox)

/* Signal "done" (no arguments): Back on the list, or the idle time passed. */

NetpontLockDirectory *netpont_lock_directory_new(void);
/* The agent to ask (a reference is kept) and the language of requests. */
void netpont_lock_directory_set_client(NetpontLockDirectory *self, NetpontLockClient *client,
                                       const char *language);
/* A kiosk-only PC: the list has no Back (there is no login screen), and
 * "done" is not emitted; the idle time brings the list back instead. */
void netpont_lock_directory_set_kiosk(NetpontLockDirectory *self, gboolean kiosk);
/* Shows the list from the start (empty search, all categories), asks the
 * agent for it, counts an "open" and starts the idle timer. */
void netpont_lock_directory_open(NetpontLockDirectory *self);
/* Stops the idle timer (the directory is not shown). */
void netpont_lock_directory_close(NetpontLockDirectory *self);

/* For tests: the widgets and what is shown (owned by the directory). */
GtkEditable *netpont_lock_directory_get_search(NetpontLockDirectory *self);
/* The category button for "service", ... ("" = All), or NULL. */
GtkToggleButton *netpont_lock_directory_get_category_button(NetpontLockDirectory *self,
                                                            const char *category);
GtkButton *netpont_lock_directory_get_back_button(NetpontLockDirectory *self);
GtkButton *netpont_lock_directory_get_entry_back_button(NetpontLockDirectory *self);
GtkButton *netpont_lock_directory_get_print_button(NetpontLockDirectory *self);
/* The entries listed (titles, in order), and the button of entry i. */
guint netpont_lock_directory_get_n_listed(NetpontLockDirectory *self);
const char *netpont_lock_directory_get_listed_title(NetpontLockDirectory *self, guint i);
GtkButton *netpont_lock_directory_get_listed_button(NetpontLockDirectory *self, guint i);
/* "list" or "entry" */
const char *netpont_lock_directory_get_page(NetpontLockDirectory *self);
/* The entry page's title, and the line under the list or the entry (the
 * offline note, "nothing found", the print result); "" when none. */
const char *netpont_lock_directory_get_entry_title(NetpontLockDirectory *self);
const char *netpont_lock_directory_get_note(NetpontLockDirectory *self);
/* How many list replies arrived since the directory was made (tests wait
 * on it). */
guint netpont_lock_directory_get_replies(NetpontLockDirectory *self);

G_END_DECLS

#endif
