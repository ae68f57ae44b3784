/* supervisor — watches one run: every notification the observing filter
 * raises (which syscall, arch, arguments, pid, tid, executable), carries
 * out the profile's real action (errno, SIGSYS death, continue), follows
 * exits, enforces the timeout, and ends the run with nothing left running.
 *
 * With trace_sigsys the main process is also ptrace-seized (exit events
 * and signal stops only, no syscall tracing) so a SIGSYS that does not
 * come from the profile can still be named. Off by default: a traced
 * workload cannot ptrace itself (sanitizers' leak checks, crash reporters
 * and debuggers do), and check must not change how the workload behaves.
 *
 * The calling process becomes a child subreaper (orphans of the workload
 * come back to it) and takes SIGCHLD through a signalfd, so it supervises
 * one run at a time. Denials are aggregated by (arch, syscall, phase). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "filter.h"
#include "runner.h"

#define SV_MAX_PIDS 8

struct sv_denial {
	uint32_t arch;
	int nr;
	char name[64]; /* "" when libseccomp has no name for it */
	struct profile_action action; /* what the profile does with it */
	bool launcher; /* made by scaudit's child before execve */
	bool fatal; /* the supervisor killed a process for it */
	uint64_t count;
	/* The first occurrence. */
	pid_t pid, tid;
	uint64_t args[6];
	uint64_t ip;
	char exe[256];
	pid_t pids[SV_MAX_PIDS]; /* distinct processes that made it */
	size_t n_pids;
};

struct sv_result {
	bool exited;
	int exit_code;
	bool signaled;
	int signal;
	bool timed_out;
	int interrupted; /* SIGINT/SIGTERM/SIGHUP came to the supervisor */
	bool exec_failed;
	int exec_errno;
	bool sigsys_ours; /* a SIGSYS death the supervisor delivered */
	bool used_sigkill; /* SIGSYS was handled, SIGKILL stood in */
	double seconds;
	uint64_t notifications;
	int leftover; /* processes still running when the main one ended */
	/* A SIGSYS the profile did not cause (the workload's own filter),
	 * named through ptrace when the kernel let us trace the child. */
	bool traced; /* ptrace was allowed: foreign SIGSYS can be named */
	bool foreign_sigsys;
	bool foreign_named;
	bool foreign_exact; /* from the signal's siginfo, not registers */
	uint32_t foreign_arch;
	int foreign_nr;
	char foreign_name[64];
	struct sv_denial *denials;
	size_t n_denials, alloc;
};

struct sv_options {
	const struct filter *filter;
	bool learn; /* continue every denied call: find them all */
	double timeout; /* seconds; <= 0: none */
	bool trace_sigsys; /* ptrace the main process to name foreign SIGSYS */
	pid_t spare; /* a child of ours that is not the workload's (the
		      * watchdog): left alone by the final kill */
};

/* Make the calling process the supervisor: child subreaper, SIGCHLD
 * through a signalfd. Returns the signalfd or -errno. Call before
 * runner_spawn. */
int supervisor_prepare(void);

/* Supervise c until the main process ends (or the timeout), then kill and
 * reap whatever it left. Closes c's fds. Returns 0 and *ret (clear with
 * sv_result_clear), or -errno for a harness failure. */
int supervisor_run(const struct runner_child *c, int sigfd,
		   const struct sv_options *o, struct sv_result *ret);

void sv_result_clear(struct sv_result *r);
