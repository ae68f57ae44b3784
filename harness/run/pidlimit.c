/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pidlimit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

static int write_string(const char *path, const char *s)
{
	cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		return -errno;
	return 0;
}

/* Make the run's cgroup below base and set pids.max. v2 may need the
 * controller enabled for our children first. */
static int make_cgroup(const char *base, bool v2, unsigned max,
		       struct pidlimit *l)
{
	static unsigned seq;
	char dir[sizeof(l->dir)], path[sizeof(l->dir) + 32], val[32];
	if ((size_t)snprintf(dir, sizeof(dir), "%s/scaudit-%d-%u", base,
			     (int)getpid(), seq++) >= sizeof(dir))
		return -ENAMETOOLONG;
	if (mkdir(dir, 0755) < 0)
		return -errno;
	snprintf(path, sizeof(path), "%s/pids.max", dir);
	snprintf(val, sizeof(val), "%u", max);
	int r = write_string(path, val);
	if (r == -ENOENT && v2) {
		char ctl[sizeof(l->dir) + 32];
		snprintf(ctl, sizeof(ctl), "%s/cgroup.subtree_control", base);
		if (write_string(ctl, "+pids") == 0)
			r = write_string(path, val);
	}
	if (r == 0) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
		l->procs_fd = open(path, O_WRONLY | O_CLOEXEC);
		if (l->procs_fd < 0)
			r = -errno;
	}
	if (r < 0) {
		rmdir(dir);
		return r;
	}
	snprintf(l->dir, sizeof(l->dir), "%s", dir);
	return 0;
}

/* Try each pids hierarchy in /proc/self/mountinfo. */
static int open_cgroup(unsigned max, struct pidlimit *l)
{
	cleanup_fclose FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	char line[4096];
	int last = -ENOENT;
	while (fgets(line, sizeof(line), f)) {
		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS... - TYPE SRC SUPER" */
		char root[1024], mnt[1024], type[64], super[1024];
		const char *dash = strstr(line, " - ");
		if (!dash ||
		    sscanf(line, "%*s %*s %*s %1023s %1023s", root, mnt) != 2 ||
		    sscanf(dash + 3, "%63s %*s %1023s", type, super) != 2)
			continue;
		bool v2 = strcmp(type, "cgroup2") == 0;
		if (!v2 && !(strcmp(type, "cgroup") == 0 &&
			     proc_has_word(super, "pids")))
			continue;
		char base[512];
		if (proc_own_cgroup(mnt, root, v2 ? NULL : "pids", base,
				    sizeof(base)) < 0)
			continue;
		int r = make_cgroup(base, v2, max, l);
		if (r == 0)
			return 0;
		last = r;
	}
	return last;
}

/* Tasks (threads count) of our real uid: what RLIMIT_NPROC is checked
 * against. Returns the count or -errno. */
static long user_tasks(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -errno;
	char want[32];
	snprintf(want, sizeof(want), "%u", (unsigned)getuid());
	long total = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300], line[256];
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		bool mine = false;
		while (fgets(line, sizeof(line), f)) {
			char uid[32];
			long threads;
			if (sscanf(line, "Uid: %31s", uid) == 1)
				mine = strcmp(uid, want) == 0;
			else if (mine &&
				 sscanf(line, "Threads: %ld", &threads) == 1)
				total += threads;
		}
		fclose(f);
	}
	closedir(d);
	return total;
}

int pidlimit_open(unsigned max, struct pidlimit *ret)
{
	struct pidlimit l = PIDLIMIT_INIT;
	if (max == 0) {
		*ret = l;
		return 0;
	}
	if (open_cgroup(max, &l) == 0) {
		l.kind = PIDLIMIT_CGROUP;
		*ret = l;
		return 0;
	}
	/* The kernel never checks RLIMIT_NPROC for uid 0. */
	if (getuid() == 0)
		return -EOPNOTSUPP;
	long tasks = user_tasks();
	if (tasks < 0)
		return (int)tasks;
	l.kind = PIDLIMIT_RLIMIT;
	l.nproc = (rlim_t)tasks + max;
	l.max = max;
	*ret = l;
	return 0;
}

int pidlimit_enter(const struct pidlimit *l, bool own_userns)
{
	switch (l->kind) {
	case PIDLIMIT_CGROUP:
		/* "0": the writing process. */
		return write(l->procs_fd, "0", 1) == 1 ? 0 : -errno;
	case PIDLIMIT_RLIMIT: {
		struct rlimit rl;
		if (getrlimit(RLIMIT_NPROC, &rl) < 0)
			return -errno;
		/* Counted afresh there (per user namespace, 5.14+): the
		 * namespace's init and the run's own. */
		rlim_t want = own_userns ? (rlim_t)l->max + 1 : l->nproc;
		rlim_t v = want < rl.rlim_max ? want : rl.rlim_max;
		rl = (struct rlimit){ v, v };
		return setrlimit(RLIMIT_NPROC, &rl) < 0 ? -errno : 0;
	}
	case PIDLIMIT_NONE:
	case PIDLIMIT_MAX:
		break;
	}
	return 0;
}

/* SIGKILL every process listed in the cgroup, adding it to seen: a
 * process still dying stays listed, and must count once. */
static void kill_members(const char *dir, struct proc_pidset *seen)
{
	char path[sizeof(((struct pidlimit *)0)->dir) + 32];
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	cleanup_fclose FILE *f = fopen(path, "re");
	if (!f)
		return;
	int pid;
	while (fscanf(f, "%d", &pid) == 1)
		if (pid > 0 && kill(pid, SIGKILL) == 0)
			(void)proc_pidset_add(seen, pid);
}

int pidlimit_close(struct pidlimit *l)
{
	struct proc_pidset seen = { 0 };
	if (l->procs_fd >= 0)
		close(l->procs_fd);
	l->procs_fd = -1;
	if (l->dir[0]) {
		/* Killed tasks leave the cgroup once reaped (we are their
		 * subreaper); rmdir fails with EBUSY until then. */
		for (int i = 0; i < 500; i++) {
			kill_members(l->dir, &seen);
			while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
				;
			if (rmdir(l->dir) == 0 || errno != EBUSY)
				break;
			struct timespec ts = { 0, 2 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		l->dir[0] = '\0';
	}
	free(seen.v);
	return (int)seen.n;
}
