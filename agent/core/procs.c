#include "procs.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Whether the process /proc/<pid> runs with uid among its user IDs and is
 * not a zombie. A process that vanished meanwhile is not a match. */
static bool process_of(int procfd, const char *pid, uid_t uid)
{
	char path[64];
	snprintf(path, sizeof path, "%s/status", pid);
	int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	FILE *f = fdopen(fd, "r");
	if (f == NULL) {
		close(fd);
		return false;
	}
	char line[256];
	bool zombie = false, match = false;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "State:", 6) == 0) {
			const char *s = line + 6;
			while (*s == ' ' || *s == '\t')
				s++;
			zombie = *s == 'Z' || *s == 'X';
		} else if (strncmp(line, "Uid:", 4) == 0) {
			unsigned long ids[4];
			if (sscanf(line + 4, "%lu %lu %lu %lu", &ids[0], &ids[1], &ids[2],
			           &ids[3]) == 4)
				for (int i = 0; i < 4; i++)
					match = match || ids[i] == (unsigned long)uid;
		}
	}
	fclose(f);
	return match && !zombie;
}

long agent_procs_of_uid(uid_t uid, pid_t **pids, size_t *cap)
{
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = procfd >= 0 ? fdopendir(procfd) : NULL;
	if (d == NULL) {
		if (procfd >= 0)
			close(procfd);
		return -1;
	}
	long n = 0;
	pid_t self = getpid();
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid_t pid = (pid_t)strtol(e->d_name, NULL, 10);
		if (pid <= 1 || pid == self || !process_of(dirfd(d), e->d_name, uid))
			continue;
		if ((size_t)n == *cap) {
			size_t grown = *cap ? *cap * 2 : 64;
			pid_t *p = realloc(*pids, grown * sizeof *p);
			if (p == NULL)
				break; /* the next pass sees the rest */
			*pids = p;
			*cap = grown;
		}
		(*pids)[n++] = pid;
	}
	closedir(d);
	return n;
}
