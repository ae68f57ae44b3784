/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroup2 — a fresh cgroup v2 for one run: what the kernel-side usage
 * counter (usage-bpf.h) counts the tasks of. Made below our own cgroup
 * in the v2 hierarchy, wherever it is mounted (/sys/fs/cgroup, or
 * /sys/fs/cgroup/unified beside v1 controllers, where pidlimit's cgroup
 * is a v1 one), with no controller enabled: it only names the run's
 * tasks, so it needs no delegation of controllers. Usually root only.
 *
 * The parent makes it (cgroup2_open) before fork; the child is born in
 * it (clone3's CLONE_INTO_CGROUP with dir_fd: runner.c) or joins it
 * (cgroup2_enter, async-signal-safe; a join waits for an RCU grace
 * period, 5-12 ms) before exec; the parent removes it (cgroup2_close:
 * kills what is left in it first). */
#pragma once

struct cgroup2 {
	int dir_fd; /* O_DIRECTORY: what usage_bpf_open takes; -1: none */
	int procs_fd; /* its cgroup.procs, for cgroup2_enter */
	char dir[512]; /* its path, "" without one */
};

#define CGROUP2_INIT                                                           \
	{                                                                      \
		-1, -1, ""                                                     \
	}

/* Make the run's cgroup. Returns 0 and *ret; -EOPNOTSUPP when no cgroup
 * v2 hierarchy holds us; -EACCES and the like when we may not make one
 * there. *ret is CGROUP2_INIT on failure. */
int cgroup2_open(struct cgroup2 *ret);

/* In the forked child: move there. 0 or -errno. */
int cgroup2_enter(const struct cgroup2 *c);

/* SIGKILL whatever is left in it (cgroup.kill), remove it, close its
 * fds. Safe on CGROUP2_INIT and twice. Returns 0, or -EBUSY when its
 * tasks did not go within a second (it is then left behind). */
int cgroup2_close(struct cgroup2 *c);
