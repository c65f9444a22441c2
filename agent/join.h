/* `netpont-agent --join CODE`: enrols this PC with a join code from
 * `netpontctl seat add|renew|invite` in one command. It finds the server
 * (the code's address, --server, or Avahi), checks the server's certificate
 * against the code's fingerprint prefix before it sends the code's secret,
 * redeems the code (AgentJoin), writes the token file (0600) and the
 * server, server_fingerprint and seat keys of agent.conf (edited in place),
 * and starts netpont-agent.service when systemd runs. */
#ifndef NETPONT_AGENT_JOIN_H
#define NETPONT_AGENT_JOIN_H

#include <stdbool.h>

/* Whether the command line asks for a join (has --join). */
bool agent_join_requested(int argc, char **argv);

/* Runs the join with the whole command line; returns the exit status: 0
 * joined, 1 refused (a sentence on stderr, nothing written), 2 usage, 3 the
 * server could not be reached or is not the one the code names. */
int agent_join_main(int argc, char **argv);

#endif
