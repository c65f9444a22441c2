#include "lease_file.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEASE_FILE_MAGIC "netpont-agent-lease 1"

/* Text values are one line each: a newline in a name would split it. */
static void put_line(char *dst, size_t size, const char *src)
{
	size_t n = agent_text_copy(dst, size, src);
	for (size_t i = 0; i < n; i++)
		if (dst[i] == '\n' || dst[i] == '\r')
			dst[i] = ' ';
}

int agent_lease_file_format(const agent_lease *lease, const agent_lease_origin *origin, char *buf,
                            size_t size)
{
	char server[256], seat[128], boot[64], login[sizeof lease->resident_login],
	    name[sizeof lease->resident_name], reason[sizeof lease->reason];
	put_line(server, sizeof server, origin->server);
	put_line(seat, sizeof seat, origin->seat);
	put_line(boot, sizeof boot, origin->boot_id);
	put_line(login, sizeof login, lease->resident_login);
	put_line(name, sizeof name, lease->resident_name);
	put_line(reason, sizeof reason, lease->reason);
	int64_t remaining = agent_lease_remaining_ms(lease, origin->now_mono_ms);
	int n = snprintf(buf, size,
	                 LEASE_FILE_MAGIC "\n"
	                                  "server=%s\n"
	                                  "seat=%s\n"
	                                  "boot_id=%s\n"
	                                  "unlocked=%d\n"
	                                  "session_id=%" PRId64 "\n"
	                                  "login=%s\n"
	                                  "name=%s\n"
	                                  "guest=%d\n"
	                                  "deadline_mono_ms=%" PRId64 "\n"
	                                  "saved_wall_s=%" PRId64 "\n"
	                                  "remaining_ms=%" PRId64 "\n"
	                                  "warned_5min=%d\n"
	                                  "warned_1min=%d\n"
	                                  "out_of_order=%d\n"
	                                  "reason=%s\n",
	                 server, seat, boot, lease->unlocked ? 1 : 0, lease->session_id, login,
	                 name, lease->guest ? 1 : 0, lease->deadline_ms, origin->now_wall_s,
	                 remaining, lease->warned_5min ? 1 : 0, lease->warned_1min ? 1 : 0,
	                 lease->out_of_order ? 1 : 0, reason);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}

typedef struct lease_fields {
	char server[256], seat[128], boot[64], login[64], name[128], reason[32];
	int64_t unlocked, session_id, guest, deadline, saved_wall, remaining, warned5, warned1,
	    out_of_order;
	unsigned seen;
} lease_fields;

static bool parse_int(const char *value, int64_t *out)
{
	char *end = NULL;
	long long v = strtoll(value, &end, 10);
	if (end == value || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* One "key=value" line; unknown keys are ignored so a newer agent's file
 * still reads. */
static bool parse_line(lease_fields *f, char *line)
{
	char *eq = strchr(line, '=');
	if (eq == NULL)
		return false;
	*eq = '\0';
	const char *key = line, *value = eq + 1;
	static const struct {
		const char *key;
		size_t offset;
		size_t size;
	} texts[] = {
	    {"server", offsetof(lease_fields, server), sizeof((lease_fields *)0)->server},
	    {"seat", offsetof(lease_fields, seat), sizeof((lease_fields *)0)->seat},
	    {"boot_id", offsetof(lease_fields, boot), sizeof((lease_fields *)0)->boot},
	    {"login", offsetof(lease_fields, login), sizeof((lease_fields *)0)->login},
	    {"name", offsetof(lease_fields, name), sizeof((lease_fields *)0)->name},
	    {"reason", offsetof(lease_fields, reason), sizeof((lease_fields *)0)->reason},
	};
	static const struct {
		const char *key;
		size_t offset;
	} ints[] = {
	    {"unlocked", offsetof(lease_fields, unlocked)},
	    {"session_id", offsetof(lease_fields, session_id)},
	    {"guest", offsetof(lease_fields, guest)},
	    {"deadline_mono_ms", offsetof(lease_fields, deadline)},
	    {"saved_wall_s", offsetof(lease_fields, saved_wall)},
	    {"remaining_ms", offsetof(lease_fields, remaining)},
	    {"warned_5min", offsetof(lease_fields, warned5)},
	    {"warned_1min", offsetof(lease_fields, warned1)},
	    {"out_of_order", offsetof(lease_fields, out_of_order)},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		if (strcmp(key, texts[i].key) == 0) {
			put_line((char *)f + texts[i].offset, texts[i].size, value);
			return true;
		}
	}
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		if (strcmp(key, ints[i].key) == 0) {
			if (!parse_int(value, (int64_t *)((char *)f + ints[i].offset)))
				return false;
			f->seen |= 1u << i;
			return true;
		}
	}
	return true;
}

bool agent_lease_file_parse(const char *text, const agent_lease_origin *now, agent_lease *out)
{
	agent_lease_init(out);
	size_t magic = strlen(LEASE_FILE_MAGIC);
	if (strncmp(text, LEASE_FILE_MAGIC, magic) != 0 || text[magic] != '\n')
		return false;
	lease_fields f;
	memset(&f, 0, sizeof f);
	const char *p = text + magic + 1;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		char line[512];
		if (len >= sizeof line)
			return false;
		memcpy(line, p, len);
		line[len] = '\0';
		if (len > 0 && !parse_line(&f, line))
			return false;
		p += len + (nl != NULL ? 1 : 0);
	}
	/* Every numeric field must be present: a cut-off file is no lease. */
	if (f.seen != (1u << 9) - 1)
		return false;
	if (strcmp(f.server, now->server != NULL ? now->server : "") != 0 ||
	    strcmp(f.seat, now->seat != NULL ? now->seat : "") != 0)
		return false;
	out->out_of_order = f.out_of_order != 0;
	put_line(out->reason, sizeof out->reason, f.reason);
	if (!f.unlocked)
		return true;

	int64_t remaining;
	if (f.boot[0] != '\0' && now->boot_id != NULL && strcmp(f.boot, now->boot_id) == 0) {
		remaining = f.deadline - now->now_mono_ms;
	} else {
		/* A reboot: the monotonic clock restarted. A wall clock set
		 * backwards counts as no time passed, never as time gained. */
		int64_t passed_s = now->now_wall_s - f.saved_wall;
		if (passed_s < 0)
			passed_s = 0;
		remaining = f.remaining - passed_s * 1000;
	}
	if (remaining <= 0) {
		put_line(out->reason, sizeof out->reason, "time_up");
		return false;
	}
	out->unlocked = true;
	out->session_id = f.session_id;
	put_line(out->resident_login, sizeof out->resident_login, f.login);
	put_line(out->resident_name, sizeof out->resident_name, f.name);
	out->guest = f.guest != 0;
	out->deadline_ms = now->now_mono_ms + remaining;
	out->warned_5min = f.warned5 != 0;
	out->warned_1min = f.warned1 != 0;
	return true;
}
