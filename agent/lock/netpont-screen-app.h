/* What the three screen programs of a public PC share — netpont-lock (the
 * in-session lock window of the demo and tests), netpont-greeter (LightDM's
 * greeter) and netpont-bar (the time bar): reading their options, and
 * running an AdwApplication that stays alive while its windows come and go
 * and stops cleanly on SIGTERM or SIGINT. */
#ifndef NETPONT_SCREEN_APP_H
#define NETPONT_SCREEN_APP_H

#include <gtk/gtk.h>

#include "netpont-lock-controller.h"

G_BEGIN_DECLS

/* Parses argv with entries (NULL-terminated; the program's --control among
 * them) under summary. On a bad option it prints "PROG: why" to stderr and
 * returns FALSE; the caller exits with status 2. With --version it prints
 * "PROG VERSION" and exits with status 0 without touching the display. */
gboolean netpont_screen_app_parse(const char *prog, const char *summary,
                                  const GOptionEntry *entries, int *argc, char ***argv);

/* Runs an application with app_id until SIGTERM or SIGINT. activate is
 * called once, on the first activation, and sets *controller (the
 * program's, which this function clears — unref — when it stops).
 * Returns the exit status. */
int netpont_screen_app_run(const char *app_id, const char *argv0,
                           void (*activate)(GtkApplication *app),
                           NetpontLockController **controller);

G_END_DECLS

#endif
