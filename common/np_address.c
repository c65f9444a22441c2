#include "common/np_address.h"

#include <stdio.h>
#include <string.h>

/* Digits only, 1..65535. */
static int address__port(const char *text, uint16_t *port)
{
	unsigned long value = 0;
	if (text[0] == '\0')
		return -1;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		value = value * 10 + (unsigned long)(*p - '0');
		if (value > 65535)
			return -1;
	}
	if (value == 0)
		return -1;
	*port = (uint16_t)value;
	return 0;
}

np_address_result np_address_parse(const char *text, uint16_t default_port, np_address *out)
{
	const char *host = text, *port_text = NULL;
	size_t host_len;
	uint16_t port = default_port;

	if (text == NULL || text[0] == '\0')
		return NP_ADDRESS_BAD_FORM;
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (close == NULL || (close[1] != '\0' && close[1] != ':'))
			return NP_ADDRESS_BAD_FORM;
		host = text + 1;
		host_len = (size_t)(close - host);
		if (close[1] == ':')
			port_text = close + 2;
	} else {
		const char *colon = strchr(text, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			return NP_ADDRESS_BAD_FORM;
		host_len = colon != NULL ? (size_t)(colon - text) : strlen(text);
		if (colon != NULL)
			port_text = colon + 1;
	}
	if (host_len == 0)
		return NP_ADDRESS_BAD_FORM;
	if (port_text != NULL && address__port(port_text, &port) < 0)
		return NP_ADDRESS_BAD_PORT;
	if (port == 0)
		return NP_ADDRESS_BAD_PORT;
	if (host_len >= sizeof out->host)
		return NP_ADDRESS_TOO_LONG;
	memcpy(out->host, host, host_len);
	out->host[host_len] = '\0';
	out->port = port;
	return NP_ADDRESS_OK;
}

char *np_address_problem(np_address_result result, const char *what, const char *text, char *buf,
                         size_t size)
{
	switch (result) {
	case NP_ADDRESS_BAD_PORT:
		snprintf(buf, size, "the port in '%s' must be a number from 1 to 65535", text);
		break;
	case NP_ADDRESS_TOO_LONG:
		snprintf(buf, size, "the host name in '%s' is too long", text);
		break;
	default:
		snprintf(buf, size,
		         "%s '%s' is not HOST or HOST:PORT, e.g. 127.0.0.1:%d (for IPv6: "
		         "[ADDRESS]:PORT)",
		         what, text, NP_DEFAULT_PORT);
		break;
	}
	return buf;
}
