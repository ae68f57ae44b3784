/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* supervisor — watches one run: every notification the observing filter
 * raises (which syscall, arch, arguments, pid, tid, executable), carries
 * out the profile's real action (errno, SIGSYS death, continue), follows
 * exits, enforces the timeout, and ends the run with nothing left running.
 *
 * With trace_sigsys the main process, its threads and its children are
 * also ptrace-seized (exit events, signal and seccomp stops, no syscall
 * tracing) so a SIGSYS that does not come from the profile can still be
 * named. Off by default: a traced workload cannot ptrace itself
 * (sanitizers' leak checks, crash reporters and debuggers do), and check
 * must not change how the workload behaves. A filter the workload loads
 * itself is answered too (takeover.h); with usage off its loaders are
 * seized for it (supervisor-trace.c).
 *
 * The calling process becomes a child subreaper (orphans of the workload
 * come back to it) and takes SIGCHLD through a signalfd, so it supervises
 * one run at a time. What it saw goes into struct observations. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "capture.h"
#include "filter.h"
#include "observations.h"
#include "proc.h"
#include "runner.h"
#include "usage-observer.h"

struct supervisor_options {
	const struct filter *filter;
	bool learn; /* continue every denied call: find them all */
	bool observe_all; /* the filter notifies every call: the workload's
			   * own filters can be taken over (takeover.h) */
	/* Allowed calls are counted in the kernel by this (usage-observer.h),
	 * told what each exec runs; NULL: not counted. Under a filter of the
	 * workload's own, the calls it lets by come back through ptrace too,
	 * so what ran under it is seen call by call. */
	struct usage_observer *counter;
	double timeout; /* seconds; <= 0: none */
	bool trace_sigsys; /* ptrace the main process to name foreign SIGSYS */
	/* Children of ours that are not the workload's (the watchdog, the
	 * pid namespace's init; 0: none): left alone by the final kill. */
	pid_t spare[PROC_SPARE];
	struct capture *capture; /* its pipes and terminals are drained as
				  * the run goes; NULL: none */
	/* Inside a container runtime: the container's init, whose calls
	 * until it executes the workload are the runtime's own start. */
	pid_t runtime_init;
};

/* Make the calling process the supervisor: child subreaper, SIGCHLD
 * through a signalfd. Returns the signalfd or -errno. Call before
 * runner_spawn. */
int supervisor_prepare(void);

/* Supervise c until the main process ends (or the timeout), then kill and
 * reap whatever it left. Closes c's fds. Returns 0 and *ret (clear with
 * observations_clear), or -errno for a harness failure. */
int supervisor_run(const struct runner_child *c, int sigfd,
		   const struct supervisor_options *o,
		   struct observations *ret);
