/* session — one supervised run of a workload under a profile, end to end:
 * compile the filter, prepare the supervisor, spawn, supervise, tear
 * down. check, record and trim are sessions with different options.
 * Makes the calling process the supervisor (see supervisor.h) for the
 * run's duration: one session at a time per process. */
#pragma once

#include "filter.h"
#include "runner.h"
#include "supervisor.h"

struct session_spec {
	const struct profile *profile; /* evaluated */
	const char *path; /* resolved program */
	char *const *argv;
	char *const *envp; /* NULL: this process's environment */
	const char *cwd; /* NULL: inherit */
	bool set_caps;
	uint64_t caps;
	bool learn; /* continue every denied call */
	bool notify_all; /* see allowed calls too (record, trim) */
	bool trace_sigsys; /* see supervisor.h */
	char *const *watch;
	double timeout;
	const char *stdin_path; /* NULL: inherit */
	bool quiet; /* the workload's stdout/stderr to /dev/null */
	unsigned max_procs; /* 0: no bound (see pidlimit.h) */
};

enum session_failure {
	SESSION_OK,
	SESSION_FILTER, /* the profile cannot be compiled: d says where */
	SESSION_LIMIT, /* max_procs cannot be enforced here */
	SESSION_SPAWN, /* see ret_spawn */
	SESSION_SUPERVISE,
};

/* Returns 0 and *ret (clear with sv_result_clear); or -errno with
 * *ret_failure saying what failed (and d or *ret_spawn the details). */
int session_run(const struct session_spec *s, struct sv_result *ret,
		enum session_failure *ret_failure,
		struct runner_failure *ret_spawn, struct diag *d);
