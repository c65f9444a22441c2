/* Sign-in throttling: see throttle.h. */
#include "core/throttle.h"

#include <assert.h>
#include <stdio.h>
#include <time.h>

bool throttle_locked(const throttle_state *state, int64_t now)
{
	assert(state != NULL);
	return state->locked_until > now;
}

int64_t throttle_lock_length(const throttle_policy *policy, int lockouts)
{
	assert(policy != NULL && policy->first_lock_s > 0);
	int64_t length = policy->first_lock_s;
	/* Doubling stops at the cap, so a long history cannot overflow. */
	for (int i = 0; i < lockouts && length < policy->max_lock_s; i++)
		length *= 2;
	return length < policy->max_lock_s ? length : policy->max_lock_s;
}

bool throttle_fail(const throttle_policy *policy, throttle_state *state, int64_t now)
{
	assert(policy != NULL && state != NULL && policy->max_failures >= 1);
	if (state->failures == 0 ||
	    (policy->window_s > 0 && now - state->window_start >= policy->window_s)) {
		state->failures = 0;
		state->window_start = now;
	}
	state->failures++;
	if (state->failures < policy->max_failures)
		return false;
	throttle_lock(policy, state, now);
	return true;
}

void throttle_lock(const throttle_policy *policy, throttle_state *state, int64_t now)
{
	assert(policy != NULL && state != NULL);
	state->locked_until = now + throttle_lock_length(policy, state->lockouts);
	state->lockouts++;
	state->failures = 0;
}

void throttle_format_until(int64_t until, int64_t now, char *buf, size_t size)
{
	/* Rounded up to the minute: "after 14:05" must not come too early. */
	time_t t = (time_t)((until + 59) / 60 * 60), n = (time_t)now;
	struct tm at, today;
	localtime_r(&t, &at);
	localtime_r(&n, &today);
	if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
		snprintf(buf, size, "%02d:%02d", at.tm_hour, at.tm_min);
	else
		snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", at.tm_year + 1900, at.tm_mon + 1,
		         at.tm_mday, at.tm_hour, at.tm_min);
}
