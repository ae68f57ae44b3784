/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pidlimit — a bound on how many processes a run may have (--max-procs),
 * so a fork bomb ends at the timeout instead of taking the machine down.
 *
 * A pids cgroup made for the run is the real bound (cgroup v2 with the
 * pids controller, or the v1 pids hierarchy) where we may create one:
 * usually as root. Otherwise RLIMIT_NPROC, which the kernel checks
 * against every task of the real uid (threads included) and never for
 * uid 0: the limit is set to what the user already runs plus max, and
 * every run of the user shares it (concurrent runs, such as run -j, take
 * from each other's budget). Root without a writable pids cgroup cannot
 * be bounded: -EOPNOTSUPP.
 *
 * The parent prepares (pidlimit_open) before fork; the child only applies
 * (pidlimit_enter, async-signal-safe); the parent ends it (pidlimit_close:
 * kills whatever is still in the cgroup, then removes it). */
#pragma once

#include <stdbool.h>
#include <sys/resource.h>

enum pidlimit_kind {
	PIDLIMIT_NONE,
	PIDLIMIT_CGROUP,
	PIDLIMIT_RLIMIT,
	PIDLIMIT_MAX
};

struct pidlimit {
	enum pidlimit_kind kind;
	int procs_fd; /* the run cgroup's cgroup.procs, -1 without one */
	char dir[512]; /* the run's cgroup, "" without one */
	rlim_t nproc; /* RLIMIT_NPROC to set in the child */
	unsigned max;
};

#define PIDLIMIT_INIT                                                          \
	{                                                                      \
		PIDLIMIT_NONE, -1, "", 0, 0                                    \
	}

/* Prepare a bound of max processes (0: none, *ret is PIDLIMIT_INIT).
 * Returns 0, -EOPNOTSUPP (root and no pids cgroup we may create), or
 * -errno. */
int pidlimit_open(unsigned max, struct pidlimit *ret);

/* In the forked child, before exec: join the cgroup or lower the rlimit
 * (own_userns: the child is in a user namespace of its own, with a pid
 * namespace's init, where the kernel counts RLIMIT_NPROC afresh).
 * Returns 0 or -errno. */
int pidlimit_enter(const struct pidlimit *l, bool own_userns);

/* Kill whatever is left in the cgroup and remove it; close fds. Safe on
 * PIDLIMIT_INIT and twice. Returns the number of processes killed. */
int pidlimit_close(struct pidlimit *l);
