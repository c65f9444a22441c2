/* The processes of one account, read from /proc. Shared by the agent
 * (sessions.c ends the public account's processes when no lease runs) and
 * netpont-reset (which kills them all before it touches any file). */
#ifndef NETPONT_AGENT_PROCS_H
#define NETPONT_AGENT_PROCS_H

#include <stddef.h>
#include <sys/types.h>

/* Lists the live processes (zombies left out) that have uid among their
 * real, effective, saved or filesystem user IDs, except pid 1 and the
 * caller itself, into *pids: a malloc()ed array of *cap entries that grows
 * with realloc() as needed and stays the caller's (start with NULL and 0;
 * free() it when done). Returns how many were found, or -1 when /proc
 * cannot be read. Out of memory stops the listing early: the next call
 * finds the rest. */
long agent_procs_of_uid(uid_t uid, pid_t **pids, size_t *cap);

#endif
