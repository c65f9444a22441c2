/* directory-probe: asks a real netpontd over TLS for the directory as a
 * PC's agent does, with no session (the greeter's "Local information"), so
 * that directory.sh can check the PCs' side before an agent shows it.
 *
 *   directory-probe HOST PORT SEAT list [QUERY [CATEGORY]]
 *   directory-probe HOST PORT SEAT used WHAT
 *
 * The seat's token is read from NETPONT_TOKEN. list prints the titles of
 * the entries, one a line, in the order of the reply; used prints "ok". A
 * refusal is printed as "refused SENTENCE" (exit 1); exit 2 when the probe
 * cannot connect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "frame.h"

static int fail(const char *what)
{
	fprintf(stderr, "directory-probe: %s\n", what);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 5)
		return fail("usage: directory-probe HOST PORT SEAT list|used [ARGS]");
	const char *token = getenv("NETPONT_TOKEN");
	ctl_client c;
	ctl_client_init(&c);
	if (ctl_client_connect_tcp(&c, argv[1], (uint16_t)atoi(argv[2])) != CTL_CLIENT_OK)
		return fail("cannot connect");
	Netpont__Hello h = NETPONT__HELLO__INIT;
	h.protocol_version = NP_PROTOCOL_VERSION;
	h.role = NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
	h.seat = argv[3];
	h.token = (char *)(token != NULL ? token : "");
	h.client_name = "directory-probe";
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.body_case = NETPONT__ENVELOPE__BODY_HELLO;
	env.hello = &h;
	Netpont__Envelope *reply = NULL;
	if (ctl_client_request(&c, &env, &reply) != CTL_CLIENT_OK ||
	    reply->body_case != NETPONT__ENVELOPE__BODY_WELCOME)
		return fail("the server did not welcome the PC");
	netpont__envelope__free_unpacked(reply, NULL);

	Netpont__AgentDirectoryList list = NETPONT__AGENT_DIRECTORY_LIST__INIT;
	Netpont__AgentDirectoryUsed used = NETPONT__AGENT_DIRECTORY_USED__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	if (strcmp(argv[4], "list") == 0) {
		list.query = argc > 5 ? argv[5] : "";
		list.category = argc > 6 ? argv[6] : "";
		req.body_case = NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_LIST;
		req.agent_directory_list = &list;
	} else if (strcmp(argv[4], "used") == 0 && argc > 5) {
		used.what = argv[5];
		req.body_case = NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_USED;
		req.agent_directory_used = &used;
	} else {
		return fail("list or used WHAT");
	}
	if (ctl_client_request(&c, &req, &reply) != CTL_CLIENT_OK)
		return fail("no reply");
	int rc = 0;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
		printf("refused %s\n", reply->error->message);
		rc = 1;
	} else if (reply->body_case == NETPONT__ENVELOPE__BODY_AGENT_DIRECTORY_LIST_REPLY) {
		const Netpont__AgentDirectoryListReply *r = reply->agent_directory_list_reply;
		for (size_t i = 0; i < r->n_entries; i++)
			printf("%s\n", r->entries[i]->title);
	} else {
		printf("ok\n");
	}
	netpont__envelope__free_unpacked(reply, NULL);
	ctl_client_close(&c);
	return rc;
}
