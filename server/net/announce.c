#include "net/announce.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/thread-watch.h>

#include "common/np_log.h"

#define NP_SERVICE_TYPE "_netpont._tcp"

struct net_announce {
	AvahiThreadedPoll *poll;
	AvahiClient *client;
	AvahiEntryGroup *group;
	char *name; /* avahi_malloc()ed: replaced on a name collision */
	uint16_t port;
	char fp[33];
	bool said_missing; /* the "avahi-daemon is not running" line was logged */
};

static void publish(net_announce *a, AvahiClient *c);

static void group_changed(AvahiEntryGroup *g, AvahiEntryGroupState state, void *userdata)
{
	net_announce *a = userdata;
	if (state == AVAHI_ENTRY_GROUP_ESTABLISHED) {
		np_log(NP_LOG_NOTICE, "announced as \"%s\" (%s) on the LAN", a->name,
		       NP_SERVICE_TYPE);
	} else if (state == AVAHI_ENTRY_GROUP_COLLISION) {
		/* Another host has the name: take "NAME #2" and so on. */
		char *other = avahi_alternative_service_name(a->name);
		avahi_free(a->name);
		a->name = other;
		avahi_entry_group_reset(g);
		publish(a, avahi_entry_group_get_client(g));
	} else if (state == AVAHI_ENTRY_GROUP_FAILURE) {
		np_log(NP_LOG_WARNING, "the LAN announcement failed: %s",
		       avahi_strerror(avahi_client_errno(avahi_entry_group_get_client(g))));
	}
}

static void publish(net_announce *a, AvahiClient *c)
{
	if (a->name == NULL)
		return;
	if (a->group == NULL) {
		a->group = avahi_entry_group_new(c, group_changed, a);
		if (a->group == NULL) {
			np_log(NP_LOG_WARNING, "the LAN announcement failed: %s",
			       avahi_strerror(avahi_client_errno(c)));
			return;
		}
	}
	if (!avahi_entry_group_is_empty(a->group))
		return;
	char fp[40];
	snprintf(fp, sizeof fp, "fp=%s", a->fp);
	int rc =
	    avahi_entry_group_add_service(a->group, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, 0, a->name,
	                                  NP_SERVICE_TYPE, NULL, NULL, a->port, "v=1", fp, NULL);
	if (rc == AVAHI_ERR_COLLISION) {
		char *other = avahi_alternative_service_name(a->name);
		avahi_free(a->name);
		a->name = other;
		avahi_entry_group_reset(a->group);
		publish(a, c);
		return;
	}
	if (rc < 0 || (rc = avahi_entry_group_commit(a->group)) < 0)
		np_log(NP_LOG_WARNING, "the LAN announcement failed: %s", avahi_strerror(rc));
}

static void client_changed(AvahiClient *c, AvahiClientState state, void *userdata)
{
	net_announce *a = userdata;
	switch (state) {
	case AVAHI_CLIENT_S_RUNNING:
		a->said_missing = false;
		publish(a, c);
		break;
	case AVAHI_CLIENT_S_COLLISION:
	case AVAHI_CLIENT_S_REGISTERING:
		/* The host name changed: announce again once it settles. */
		if (a->group != NULL)
			avahi_entry_group_reset(a->group);
		break;
	case AVAHI_CLIENT_CONNECTING:
		/* With AVAHI_CLIENT_NO_FAIL the client waits for the daemon;
		 * a room without Avahi still works, with addresses in the codes. */
		if (!a->said_missing)
			np_log(NP_LOG_WARNING, "avahi-daemon is not running, so the server is not "
			                       "announced on the LAN; join codes need the server's "
			                       "address");
		a->said_missing = true;
		break;
	case AVAHI_CLIENT_FAILURE:
		np_log(NP_LOG_WARNING, "the LAN announcement stopped: %s",
		       avahi_strerror(avahi_client_errno(c)));
		break;
	default:
		break;
	}
}

net_announce *net_announce_start(uint16_t port, const char *fingerprint, const char *name)
{
	net_announce *a = calloc(1, sizeof *a);
	if (a == NULL)
		return NULL;
	a->port = port;
	snprintf(a->fp, sizeof a->fp, "%.32s", fingerprint);
	a->name = avahi_strdup(name != NULL && name[0] != '\0' ? name : "Netpont");
	a->poll = avahi_threaded_poll_new();
	int error = 0;
	if (a->poll == NULL || a->name == NULL)
		goto fail;
	/* The callbacks run in the poll's thread; until it starts, here. */
	a->client = avahi_client_new(avahi_threaded_poll_get(a->poll), AVAHI_CLIENT_NO_FAIL,
	                             client_changed, a, &error);
	if (a->client == NULL || avahi_threaded_poll_start(a->poll) < 0)
		goto fail;
	return a;
fail:
	np_log(NP_LOG_WARNING,
	       "the server is not announced on the LAN (Avahi: %s); join codes "
	       "need the server's address",
	       error != 0 ? avahi_strerror(error) : "out of memory");
	net_announce_stop(a);
	return NULL;
}

void net_announce_stop(net_announce *a)
{
	if (a == NULL)
		return;
	if (a->poll != NULL)
		avahi_threaded_poll_stop(a->poll);
	/* Freeing the client withdraws the entry group with it. */
	if (a->client != NULL)
		avahi_client_free(a->client);
	if (a->poll != NULL)
		avahi_threaded_poll_free(a->poll);
	avahi_free(a->name);
	free(a);
}
