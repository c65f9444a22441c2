#include "common/np_request_key.h"

#include <errno.h>
#include <stdint.h>
#include <sys/random.h>

int np_request_key_new(char out[NP_REQUEST_KEY_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t raw[16];
	size_t have = 0;
	out[0] = '\0';
	while (have < sizeof raw) {
		ssize_t n = getrandom(raw + have, sizeof raw - have, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		have += (size_t)n;
	}
	for (size_t i = 0; i < sizeof raw; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[2 * sizeof raw] = '\0';
	return 0;
}
