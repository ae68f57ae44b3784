/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cgroup2.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

/* Where the v2 hierarchy is mounted and which of its directories the
 * mount shows as its root (not "/" inside a cgroup namespace's mount of
 * an outer hierarchy). */
static int v2_mount(char *mnt, size_t mnt_size, char *root, size_t root_size)
{
	cleanup_fclose FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS... - TYPE ..." */
		char r[1024], m[1024], type[64];
		const char *dash = strstr(line, " - ");
		if (!dash ||
		    sscanf(line, "%*s %*s %*s %1023s %1023s", r, m) != 2 ||
		    sscanf(dash + 3, "%63s", type) != 1 ||
		    strcmp(type, "cgroup2") != 0)
			continue;
		if ((size_t)snprintf(mnt, mnt_size, "%s", m) >= mnt_size ||
		    (size_t)snprintf(root, root_size, "%s", r) >= root_size)
			return -ENAMETOOLONG;
		return 0;
	}
	return -EOPNOTSUPP;
}

/* Our own cgroup's directory in that hierarchy ("0::PATH"). */
static int own_dir(char *buf, size_t size)
{
	char mnt[1024], root[1024];
	int r = v2_mount(mnt, sizeof(mnt), root, sizeof(root));
	if (r < 0)
		return r;
	r = proc_own_cgroup(mnt, root, NULL, buf, size);
	return r == -ENOENT ? -EOPNOTSUPP : r;
}

int cgroup2_open(struct cgroup2 *ret)
{
	static unsigned seq;
	struct cgroup2 c = CGROUP2_INIT;
	*ret = c;
	char base[sizeof(c.dir) - 64], path[sizeof(c.dir) + 16];
	int r = own_dir(base, sizeof(base));
	if (r < 0)
		return r;
	snprintf(c.dir, sizeof(c.dir), "%s/scaudit-usage-%d-%u", base,
		 (int)getpid(), seq++);
	if (mkdir(c.dir, 0755) < 0)
		return -errno;
	snprintf(path, sizeof(path), "%s/cgroup.procs", c.dir);
	c.dir_fd = open(c.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	c.procs_fd = c.dir_fd < 0 ? -1 : open(path, O_WRONLY | O_CLOEXEC);
	if (c.procs_fd < 0) {
		r = -errno;
		cgroup2_close(&c);
		return r;
	}
	*ret = c;
	return 0;
}

int cgroup2_enter(const struct cgroup2 *c)
{
	/* "0": the writing process. */
	return write(c->procs_fd, "0", 1) == 1 ? 0 : -errno;
}

/* SIGKILL every task in dir: cgroup.kill (5.14+), else one by one. */
static void kill_all(const char *dir)
{
	char path[sizeof(((struct cgroup2 *)0)->dir) + 16];
	snprintf(path, sizeof(path), "%s/cgroup.kill", dir);
	cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0 && write(fd, "1", 1) == 1)
		return;
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	cleanup_fclose FILE *f = fopen(path, "re");
	int pid;
	while (f && fscanf(f, "%d", &pid) == 1)
		if (pid > 0)
			kill(pid, SIGKILL);
}

int cgroup2_close(struct cgroup2 *c)
{
	int r = 0;
	if (c->procs_fd >= 0)
		close(c->procs_fd);
	if (c->dir_fd >= 0)
		close(c->dir_fd);
	c->procs_fd = c->dir_fd = -1;
	if (!c->dir[0])
		return 0;
	/* A dead task leaves at its exit, reaped or not; until every one
	 * has, rmdir says EBUSY. */
	for (int i = 0; rmdir(c->dir) < 0; i++) {
		if (errno != EBUSY || i == 500) {
			r = errno == EBUSY ? -EBUSY : 0;
			break;
		}
		kill_all(c->dir);
		struct timespec ts = { 0, 2 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	c->dir[0] = '\0';
	return r;
}
