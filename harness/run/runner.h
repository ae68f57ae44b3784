/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* runner — start a workload under a filter: fork (by default from the
 * init of a pid namespace of its own: pidns.h); in the child its own
 * process group, death with the parent, capabilities (libcap), no_new_privs,
 * the filter; the parent takes the listener from the child (pidfd_getfd),
 * then the child execs. Everything the child needs is prepared before
 * fork; after the filter is loaded the child makes only read (waiting for
 * the parent), execve and, on failure, write and exit_group: the harness's
 * syscalls, which the supervisor tells apart from the workload's by the
 * exec pipe (it closes on a successful execve). No rule of the filter is
 * there for them: nothing lets a workload past it either. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup2.h"
#include "filter.h"
#include "pidlimit.h"
#include "pidns.h"
#include "watchdog.h"

enum runner_stage {
	RUNNER_STAGE_FORK,
	RUNNER_STAGE_SETUP, /* process group, parent death, stdin, cwd */
	RUNNER_STAGE_ISOLATION, /* the pid namespace and its /proc */
	RUNNER_STAGE_LIMIT, /* --max-procs: cgroup or rlimit */
	RUNNER_STAGE_COUNTER, /* the usage counter's cgroup */
	RUNNER_STAGE_CAPS,
	RUNNER_STAGE_NO_NEW_PRIVS,
	RUNNER_STAGE_FILTER,
	RUNNER_STAGE_HANDOFF,
	RUNNER_STAGE_EXEC,
	RUNNER_STAGE_MAX
};

struct runner_spec {
	const char *path; /* resolved executable (runner_find_program) */
	char *const *argv;
	char *const *envp; /* NULL: this process's environment */
	const char *cwd; /* NULL: inherit */
	const char *stdin_path; /* NULL: inherit */
	bool quiet; /* stdout and stderr to /dev/null */
	/* Above 2: put at 1 and 2 in the child (capture.h); 0: inherit. */
	int stdout_fd, stderr_fd;
	int one_cpu; /* pinned to CPU one_cpu - 1; 0: not pinned */
	bool set_caps; /* false: keep what we hold */
	uint64_t caps;
	/* never NULL unless runtime: nothing runs unfiltered */
	const struct filter *filter;
	/* The command is a container runtime (container.h) that applies
	 * capabilities, no_new_privs and the filter in the container: the
	 * runner sets none of them and takes no listener. */
	bool runtime;
	/* Detached in a mount namespace of the child's own; NULL: none. */
	const char *hide_mount;
	bool observe; /* load the observing program, hand the listener */
	bool trace; /* ptrace-seize the child before it goes on */
	const struct pidlimit *limit; /* NULL: no bound on processes */
	/* The cgroup v2 the kernel-side usage counter counts (joined after
	 * the bound's, before the exec that arms it: usage-bpf.h); NULL:
	 * none. */
	const struct cgroup2 *cgroup;
	/* NULL: none. The child arms it just before loading the filter:
	 * the run's clock starts there, before the workload can stop us. */
	struct watchdog *watchdog;
	/* Unless isolation is NONE (or ns NULL): the child is born in a
	 * pid namespace of its own, with a /proc of its own (pidns.h), made
	 * into *ns, which the caller ends (pidns_close) after the run. Under
	 * AUTO, ns->kind NONE when none could be made (ns->error says). */
	enum pidns_mode isolation;
	struct pidns *ns;
};

struct runner_child {
	pid_t pid;
	int notify_fd; /* the listener, -1 when not observing */
	int exec_fd; /* EOF: execve succeeded; data: a runner_failure */
	bool traced; /* seized (exit events, signal stops) before setup */
	/* In a pid namespace the child is its init's, which relays its
	 * wait status here (pidns.h); -1: it is our child. */
	int status_fd;
};

struct runner_failure {
	enum runner_stage stage;
	int error; /* positive errno */
};

/* The parent takes the listener right after the child loads the filter;
 * a child stuck before that (stdin on a FIFO, say) must not hang spawn
 * longer than this. */
#define RUNNER_HANDOFF_TIMEOUT_MS 10000

/* PATH lookup like a shell (names with '/' are taken as they are). Returns
 * 0 with the path in buf, -ENOENT, or -EACCES (found, not executable). */
int runner_find_program(const char *name, char *buf, size_t size);

/* Start the workload. Returns 0 and *ret; or -errno with *ret_failure
 * saying which stage failed (the child is reaped). */
int runner_spawn(const struct runner_spec *s, struct runner_child *ret,
		 struct runner_failure *ret_failure);

/* Apply caps, no_new_privs and the exact filter to this process and exec:
 * `scaudit exec`, as production would. Returns only on failure. */
int runner_exec_here(const struct runner_spec *s,
		     struct runner_failure *ret_failure);

const char *runner_stage_name(enum runner_stage s);
