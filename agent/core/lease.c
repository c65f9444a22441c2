#include "lease.h"

#include <assert.h>
#include <string.h>

size_t agent_text_copy(char *dst, size_t size, const char *src)
{
	assert(size > 0);
	if (src == NULL)
		src = "";
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* Step back over continuation bytes (10xxxxxx) to the start of
		 * the character that does not fit. */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

static void copy_text(char *dst, size_t size, const char *src)
{
	agent_text_copy(dst, size, src);
}

void agent_lease_init(agent_lease *lease)
{
	memset(lease, 0, sizeof *lease);
	lease->warned_5min = true;
	lease->warned_1min = true;
}

int64_t agent_lease_remaining_ms(const agent_lease *lease, int64_t now_ms)
{
	if (!lease->unlocked || lease->deadline_ms <= now_ms)
		return 0;
	return lease->deadline_ms - now_ms;
}

int64_t agent_lease_remaining_s(const agent_lease *lease, int64_t now_ms)
{
	int64_t ms = agent_lease_remaining_ms(lease, now_ms);
	return (ms + 999) / 1000;
}

bool agent_lease_lock(agent_lease *lease, const char *reason)
{
	bool was_unlocked = lease->unlocked;
	lease->unlocked = false;
	lease->session_id = 0;
	lease->resident_login[0] = '\0';
	lease->resident_name[0] = '\0';
	lease->guest = false;
	lease->deadline_ms = 0;
	lease->warned_5min = true;
	lease->warned_1min = true;
	copy_text(lease->reason, sizeof lease->reason, reason);
	return was_unlocked;
}

unsigned agent_lease_adopt(agent_lease *lease, const agent_lease_grant *grant, int64_t now_ms)
{
	unsigned change = AGENT_LEASE_SAME;
	if (lease->out_of_order != grant->out_of_order)
		change |= AGENT_LEASE_OUT_OF_ORDER;
	lease->out_of_order = grant->out_of_order;

	if (!grant->unlocked) {
		if (agent_lease_lock(lease, grant->reason))
			change |= AGENT_LEASE_LOCKED;
		return change;
	}

	int64_t remaining = grant->remaining_ms > 0 ? grant->remaining_ms : 0;
	int64_t deadline = now_ms + remaining;
	bool same_session = lease->unlocked && lease->session_id == grant->session_id;
	if (!lease->unlocked)
		change |= AGENT_LEASE_UNLOCKED;
	if (!same_session) {
		change |= AGENT_LEASE_NEW_SESSION;
		lease->warned_5min = remaining <= AGENT_LEASE_WARN_5MIN_MS;
		lease->warned_1min = remaining <= AGENT_LEASE_WARN_1MIN_MS;
	} else {
		/* Server and agent clocks tick apart by a few milliseconds; a
		 * difference under a second is the same deadline. */
		int64_t moved = deadline - lease->deadline_ms;
		if (moved >= 1000 || moved <= -1000)
			change |= AGENT_LEASE_DEADLINE;
		else
			deadline = lease->deadline_ms;
		if (remaining > AGENT_LEASE_WARN_5MIN_MS)
			lease->warned_5min = false;
		if (remaining > AGENT_LEASE_WARN_1MIN_MS)
			lease->warned_1min = false;
	}
	lease->unlocked = true;
	lease->session_id = grant->session_id;
	copy_text(lease->resident_login, sizeof lease->resident_login, grant->resident_login);
	copy_text(lease->resident_name, sizeof lease->resident_name, grant->resident_name);
	lease->guest = grant->guest;
	lease->deadline_ms = deadline;
	lease->reason[0] = '\0';
	return change;
}

agent_lease_due agent_lease_tick(agent_lease *lease, int64_t now_ms)
{
	if (!lease->unlocked)
		return AGENT_LEASE_NOTHING;
	int64_t remaining = lease->deadline_ms - now_ms;
	if (remaining <= 0) {
		agent_lease_lock(lease, "time_up");
		return AGENT_LEASE_EXPIRED;
	}
	if (remaining <= AGENT_LEASE_WARN_1MIN_MS && !lease->warned_1min) {
		lease->warned_1min = true;
		lease->warned_5min = true;
		return AGENT_LEASE_WARN_1MIN;
	}
	if (remaining <= AGENT_LEASE_WARN_5MIN_MS && !lease->warned_5min) {
		lease->warned_5min = true;
		return AGENT_LEASE_WARN_5MIN;
	}
	return AGENT_LEASE_NOTHING;
}

int64_t agent_lease_next_due_ms(const agent_lease *lease, int64_t now_ms)
{
	if (!lease->unlocked)
		return -1;
	int64_t remaining = lease->deadline_ms - now_ms;
	if (remaining <= 0)
		return 0;
	int64_t next = remaining;
	if (!lease->warned_5min && remaining > AGENT_LEASE_WARN_5MIN_MS)
		next = remaining - AGENT_LEASE_WARN_5MIN_MS;
	else if (!lease->warned_5min || !lease->warned_1min) {
		if (remaining <= AGENT_LEASE_WARN_1MIN_MS)
			return 0;
		next = !lease->warned_5min ? 0 : remaining - AGENT_LEASE_WARN_1MIN_MS;
	}
	assert(next >= 0);
	return next;
}

const char *agent_lease_due_warning(agent_lease_due due)
{
	switch (due) {
	case AGENT_LEASE_WARN_5MIN:
		return "5min";
	case AGENT_LEASE_WARN_1MIN:
		return "1min";
	case AGENT_LEASE_NOTHING:
	case AGENT_LEASE_EXPIRED:
		break;
	}
	return "";
}
