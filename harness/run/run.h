/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* run — one supervised run of a job under a profile, end to end: compile
 * the filter (what is observed is decided here, once: the profile's
 * denials always; allowed calls too when usage is asked for, notified or
 * counted in the kernel (usage-observer.h); the job's expect-denied names
 * even where allowed, so an escape shows), prepare
 * the supervisor, start the watchdog and the process bound, spawn,
 * supervise, tear down. The result is the run's observations.
 *
 * Makes the calling process the supervisor (supervisor.h) for the run's
 * duration: one run at a time per process; the caller's signal mask is
 * restored afterwards. Nothing here prints. */
#pragma once

#include <stdbool.h>

#include "diag.h"
#include "job.h"
#include "observations.h"
#include "profile.h"
#include "runner.h"
#include "usage-observer.h"

struct profile_delta;

struct run_options {
	bool learn; /* continue every denied call: one run finds them all */
	bool usage; /* observe allowed calls too: what the workload used */
	bool trace_sigsys; /* ptrace the main process (supervisor.h) */
	/* trim's edits of the profile (profile/delta.h); NULL: none. */
	const struct profile_delta *delta;
	/* Pin the workload to CPU one_cpu - 1 (runtimes size their thread
	 * pools by the CPUs they may use); 0: every CPU it may use. */
	int one_cpu;
	/* With usage: how it is seen (usage-observer.h); AUTO by default. */
	enum usage_backend usage_backend;
	/* Kept by the caller across its runs (a pipeline's repeats keep one
	 * counter), made with usage_backend; NULL: one for this run. */
	struct usage_observer *observer;
};

/* What kept a run from happening. */
enum run_failure {
	RUN_FAILED_FILTER, /* the profile cannot be compiled: diag says where */
	RUN_FAILED_LIMIT, /* max_procs cannot be enforced here */
	RUN_FAILED_SPAWN, /* the child failed at spawn.stage */
	RUN_FAILED_SUPERVISE, /* the supervisor itself failed */
	RUN_FAILED_BUNDLE, /* the user's bundle cannot be used: diag says */
	RUN_FAILED_RUNTIME, /* the runtime is missing, or never loaded the
			     * profile (diag says) */
	RUN_FAILED_USAGE, /* --usage-backend kernel: no counter here (diag) */
	RUN_FAILED_MAX
};

/* Whose the failure is: the input's (a profile that cannot be compiled,
 * a command that cannot be run: exit 2) or this system's (no user
 * notification, no capabilities to grant, no pids cgroup: exit 3).
 * Never the profile's verdict. */
enum run_error_kind {
	RUN_ERROR_INPUT,
	RUN_ERROR_ENVIRONMENT,
	RUN_ERROR_KIND_MAX
};

struct run_error {
	enum run_failure failure;
	int error; /* negative errno */
	struct runner_failure spawn; /* RUN_FAILED_SPAWN */
	struct diag diag; /* RUN_FAILED_FILTER: located in the profile */
};

/* Run j under p (evaluated under j->env by the caller). Returns 0 and
 * *ret (clear with observations_clear), or -errno with *err saying what
 * failed. */
int run_workload(const struct job *j, const struct profile *p,
		 const struct run_options *o, struct observations *ret,
		 struct run_error *err);

/* The one sorting of failures into input and environment. */
enum run_error_kind run_error_kind(const struct run_error *e);

/* What went wrong, in words, as d's message and hint: located in the
 * profile for a filter that cannot be compiled, of no file otherwise.
 * cmd names the command ("date") for messages about running it. */
void run_error_describe(const struct run_error *e, const char *cmd,
			struct diag *d);
