#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/np_file.h"

int agent_state_make_dir(const char *dir, char *err, size_t err_size)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
		snprintf(err, err_size, "the state directory path is too long");
		return -1;
	}
	for (char *p = path + 1;; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			snprintf(err, err_size, "cannot create the state directory %s: %s", path,
			         strerror(errno));
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, err_size, "the state directory %s is not a directory", dir);
		return -1;
	}
	if (access(dir, W_OK) != 0) {
		snprintf(err, err_size, "cannot write in the state directory %s: %s", dir,
		         strerror(errno));
		return -1;
	}
	return 0;
}

int agent_state_write(const char *path, const char *text, char *err, size_t err_size)
{
	int rc = np_file_write_atomic(path, text, strlen(text), 0600);
	if (rc < 0) {
		snprintf(err, err_size, "cannot save %s: %s", path, strerror(-rc));
		return -1;
	}
	return 0;
}

long agent_state_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t have = 0;
	while (have + 1 < size) {
		ssize_t n = read(fd, buf + have, size - 1 - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	return (long)have;
}

void agent_state_boot_id(char *buf, size_t size)
{
	buf[0] = '\0';
	long n = agent_state_read("/proc/sys/kernel/random/boot_id", buf, size);
	if (n < 0) {
		buf[0] = '\0';
		return;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
}
