#include "discover.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libintl.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/simple-watch.h>
#include <avahi-common/timeval.h>

#define NP_SERVICE_TYPE "_netpont._tcp"

/* Sentences for the person joining the PC, in netpont-agent's catalogue. */
#define _(s) dgettext("netpont-agent", s)

typedef struct discovery {
	AvahiSimplePoll *poll;
	const char *fp_prefix;
	int seen;     /* servers resolved */
	int matching; /* of them, with the code's fingerprint */
	char address[300];
	int pending; /* resolvers still running */
	bool all_for_now;
} discovery;

/* The value of "fp=" in a TXT record list, into out; false when absent. */
static bool txt_fp(AvahiStringList *txt, char *out, size_t n)
{
	AvahiStringList *item = avahi_string_list_find(txt, "fp");
	char *key = NULL, *value = NULL;
	if (item == NULL || avahi_string_list_get_pair(item, &key, &value, NULL) != 0)
		return false;
	bool ok = value != NULL;
	if (ok)
		snprintf(out, n, "%s", value);
	avahi_free(key);
	avahi_free(value);
	return ok;
}

static void resolved(AvahiServiceResolver *r, AvahiIfIndex iface, AvahiProtocol protocol,
                     AvahiResolverEvent event, const char *name, const char *type,
                     const char *domain, const char *host, const AvahiAddress *a, uint16_t port,
                     AvahiStringList *txt, AvahiLookupResultFlags flags, void *userdata)
{
	(void)iface, (void)protocol, (void)name, (void)type, (void)domain, (void)host, (void)flags;
	discovery *d = userdata;
	char fp[80];
	if (event == AVAHI_RESOLVER_FOUND) {
		d->seen++;
		if (txt_fp(txt, fp, sizeof fp) && strcasecmp(fp, d->fp_prefix) == 0) {
			char ip[AVAHI_ADDRESS_STR_MAX];
			avahi_address_snprint(ip, sizeof ip, a);
			/* The same server is seen once per interface and protocol;
			 * any of its addresses will do. */
			if (d->matching++ == 0)
				snprintf(d->address, sizeof d->address,
				         a->proto == AVAHI_PROTO_INET6 ? "[%s]:%u" : "%s:%u", ip,
				         (unsigned)port);
		}
	}
	avahi_service_resolver_free(r);
	d->pending--;
	if (d->all_for_now && d->pending == 0 && d->matching > 0)
		avahi_simple_poll_quit(d->poll);
}

static void browsed(AvahiServiceBrowser *b, AvahiIfIndex iface, AvahiProtocol protocol,
                    AvahiBrowserEvent event, const char *name, const char *type, const char *domain,
                    AvahiLookupResultFlags flags, void *userdata)
{
	(void)flags;
	discovery *d = userdata;
	switch (event) {
	case AVAHI_BROWSER_NEW:
		/* IPv4 first: a link-local IPv6 address needs its interface. */
		if (avahi_service_resolver_new(avahi_service_browser_get_client(b), iface, protocol,
		                               name, type, domain, AVAHI_PROTO_INET, 0, resolved,
		                               d) != NULL)
			d->pending++;
		break;
	case AVAHI_BROWSER_ALL_FOR_NOW:
		d->all_for_now = true;
		if (d->pending == 0 && d->matching > 0)
			avahi_simple_poll_quit(d->poll);
		break;
	case AVAHI_BROWSER_FAILURE:
		avahi_simple_poll_quit(d->poll);
		break;
	default:
		break;
	}
}

static void client_changed(AvahiClient *c, AvahiClientState state, void *userdata)
{
	(void)c;
	discovery *d = userdata;
	if (state == AVAHI_CLIENT_FAILURE)
		avahi_simple_poll_quit(d->poll);
}

static void timed_out(AvahiTimeout *t, void *userdata)
{
	(void)t;
	discovery *d = userdata;
	avahi_simple_poll_quit(d->poll);
}

int agent_discover_server(const char *fp_prefix, int timeout_ms, char *out, size_t n, char *err,
                          size_t err_size)
{
	discovery d = {.fp_prefix = fp_prefix};
	d.poll = avahi_simple_poll_new();
	if (d.poll == NULL) {
		snprintf(err, err_size, _("Out of memory asking Avahi for the server."));
		return -1;
	}
	int error = 0, rc = -1;
	const AvahiPoll *api = avahi_simple_poll_get(d.poll);
	AvahiClient *client = avahi_client_new(api, 0, client_changed, &d, &error);
	if (client == NULL) {
		snprintf(err, err_size,
		         _("Avahi cannot be asked for the server (%s; is avahi-daemon "
		           "running?)."),
		         avahi_strerror(error));
		goto out;
	}
	AvahiServiceBrowser *browser = avahi_service_browser_new(
	    client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, NP_SERVICE_TYPE, NULL, 0, browsed, &d);
	if (browser == NULL) {
		snprintf(err, err_size, _("Avahi cannot look for Netpont servers (%s)."),
		         avahi_strerror(avahi_client_errno(client)));
		goto out;
	}
	struct timeval deadline;
	avahi_elapse_time(&deadline, (unsigned)timeout_ms, 0);
	api->timeout_new(api, &deadline, timed_out, &d);
	avahi_simple_poll_loop(d.poll);
	if (d.matching > 0) {
		snprintf(out, n, "%s", d.address);
		rc = 1;
	} else {
		if (d.seen == 0)
			snprintf(err, err_size,
			         _("No Netpont server answered on this network within %d s."),
			         timeout_ms / 1000);
		else
			snprintf(err, err_size,
			         _("%d Netpont server(s) answered on this network, none with the "
			           "fingerprint in the join code."),
			         d.seen);
		rc = 0;
	}
out:
	/* Freeing the client frees its browser and resolvers; the poll, its
	 * timeout. */
	if (client != NULL)
		avahi_client_free(client);
	avahi_simple_poll_free(d.poll);
	return rc;
}
