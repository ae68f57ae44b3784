/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* observations — what one run showed: how it ended, and every distinct
 * call the observing filter sent to the supervisor, with who made it
 * (the workload, or scaudit's launcher before execve) and what the
 * profile did with it. Allowed calls are here too when the run observed
 * usage (record, trim, run); check sees only what the profile does not
 * simply allow. Calls are aggregated by (arch, syscall, launcher); the
 * first occurrence keeps its details, and each call counts which
 * executables made it (a process tree runs several: a test driver's sh
 * and the service). The supervisor fills it; the verdict reads it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>
#include <sys/types.h>

#include "capture.h"
#include "pidns.h"
#include "profile.h"
#include "strv.h"

#define OBS_MAX_PIDS 8
/* Distinct executables counted per call: a driver script running a
 * dozen tools makes mmap or close from each of them. */
#define OBS_MAX_EXES 16

/* How many times one executable made a call. */
struct obs_exe_count {
	uint32_t exe; /* an index into observations.exes */
	uint64_t count;
};

struct obs_call {
	uint32_t arch;
	int nr;
	char name[64]; /* "" when libseccomp has no name for it */
	struct profile_action action; /* what the profile does with it */
	bool launcher; /* made by scaudit's child before execve */
	/* Made by a container runtime's init (container.h) before it
	 * executed the workload: the runtime's own start needs it. */
	bool runtime_init;
	/* Made by a task under a filter the workload loaded itself (one of
	 * `loads`): own_action is what its filters decide together. Calls
	 * before a load are apart. */
	bool own;
	struct profile_action own_action;
	bool fatal; /* the supervisor killed a process for it */
	/* Seen by the kernel-side counter only (usage-observer.h): it ran,
	 * allowed; who made it is known (exes, each count 0), how often,
	 * the pid and the arguments are not (count 0). */
	bool counted;
	uint64_t count;
	/* The first occurrence. */
	pid_t pid, tid;
	uint64_t args[6];
	uint64_t ip;
	char exe[1024];
	pid_t pids[OBS_MAX_PIDS]; /* distinct processes that made it */
	size_t n_pids;
	/* Which executables made it, in order of first sight; the calls of
	 * those past the first OBS_MAX_EXES are only counted, in
	 * other_exes: the counts always add up to count. */
	struct obs_exe_count exes[OBS_MAX_EXES];
	size_t n_exes;
	uint64_t other_exes;
};

/* A filter the workload loaded itself (seccomp SET_MODE_FILTER or prctl
 * PR_SET_SECCOMP), taken over (run/takeover.h) or not. */
enum obs_load_state {
	OBS_LOAD_OBSERVED, /* rewritten: every call it denies was seen */
	OBS_LOAD_UNOBSERVED, /* loaded as the program asked: see why */
	OBS_LOAD_FAILED, /* the kernel refused it: the task has no more */
	OBS_LOAD_MAX
};

struct obs_load {
	pid_t pid, tid;
	char exe[256];
	double at; /* seconds after the run began */
	bool prctl; /* prctl(PR_SET_SECCOMP) rather than seccomp() */
	unsigned flags; /* SECCOMP_FILTER_FLAG_* asked for */
	enum obs_load_state state;
	char why[160]; /* when not observed */
	bool confirmed; /* a task was seen under it (else it may not have
			 * landed: its loader made no call after it) */

	/* Another load of its process was in flight with it: a depth cannot
	 * say which landed, so it is a candidate that never wins a tie. */
	bool uncertain;
	bool refused; /* not observed, and the kernel refused it too */
	unsigned long long started; /* the loader's start time (a tid may be
				     * reused) */
	uint64_t insns; /* where its program is in the loader's memory */
	unsigned traps; /* trap returns left to the kernel (not learning) */
	bool traced; /* its denials come back through ptrace (usage off) */
	/* It denies rt_sigreturn, which scaudit's filter does not watch: a
	 * signal handler's return fails with ENOSYS here (learning: runs),
	 * where production kills. */
	bool sigreturn_denied;
	uint32_t default_ret; /* its default branch's SECCOMP_RET_* */
	struct sock_filter *prog; /* the program as the workload wrote it */
	struct sock_filter *rewritten; /* what the kernel was given */
	size_t len;
	int depth; /* Seccomp_filters of a task under it */
	int parent; /* the load beneath it in the loader's stack; -1: none */
};

/* How a run saw the calls the profile simply allows. */
enum obs_usage {
	OBS_USAGE_NONE, /* not at all: denials and watched names only */
	OBS_USAGE_NOTIFIED, /* a seccomp notification each */
	OBS_USAGE_COUNTED, /* in the kernel: calls flagged counted */
	OBS_USAGE_MAX
};

struct observations {
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
	/* A kill-thread denial in a process with other threads: production
	 * ends the calling thread only; the supervisor cannot end one thread
	 * of another process and ended the whole process. */
	bool thread_kill_widened;
	double seconds;
	uint64_t notifications;
	int leftover; /* processes still running when the main one ended */
	/* A SIGSYS the profile did not cause (the workload's own filter),
	 * named through ptrace when the kernel let us trace the child. */
	bool traced; /* ptrace was allowed: foreign SIGSYS can be named */
	bool foreign_sigsys;
	bool foreign_named;
	bool foreign_exact; /* the caller itself: its SIGSYS siginfo, or its
			     * registers rolled back to the call */
	uint32_t foreign_arch;
	int foreign_nr;
	char foreign_name[64];
	/* The last bytes the workload wrote to a captured stdout or stderr
	 * (capture.h); empty when nothing was captured. */
	bool captured;
	struct capture_tail output;
	/* The workload installed a signal handler (rt_sigaction with one, or
	 * one that could not be read): each handled signal returns through
	 * rt_sigreturn, which is never watched (filter.h). One without
	 * SA_RESTART: a signal that comes before the supervisor reads a
	 * watched call ends that call with EINTR, which production would
	 * not (the kernel's rule for a wait it interrupts). */
	bool handlers;
	bool handlers_no_restart;
	struct obs_call *calls;
	size_t n_calls, alloc;
	/* The run's distinct executables (/proc/PID/exe, made text; "" when
	 * it could not be read), which obs_call.exes index. */
	struct strv exes;
	enum obs_usage usage;
	/* Usage notified though the counter was allowed (auto): why it was
	 * not used; "" otherwise. */
	char usage_why[256];
	/* What held the workload's tree (pidns.h), and when it had none
	 * though auto asked for one, why not. */
	enum pidns_kind isolation;
	char isolation_why[160];
	/* The workload's own filters, in the order loaded. */
	struct obs_load *loads;
	size_t n_loads, loads_alloc;
	/* A task under one of them whose stack could not be told apart from
	 * another's (loads at the same depth in several threads without
	 * TSYNC): its calls were answered by the strictest candidate. */
	bool own_ambiguous;
	/* Inside a container runtime (container.h): which, the container's
	 * init, whether it got as far as executing the workload, and the
	 * names the runtime does not let be notified (never seen). */
	char runtime[16];
	char runtime_cmd[16]; /* what ran it: the runtime, or podman */
	pid_t runtime_init;
	bool runtime_started;
	struct strv unobserved;
	/* Where the container's paths are on this host (its rootfs); ""
	 * when unknown (an image). */
	char runtime_root[4096];
	/* Not run: the runtime's init is denied a call it makes before it
	 * can hand the listener over (runc's write): calls holds it. */
	bool start_blocked;
};

/* Whether the profile's action lets the call run (allow, log, notify). */
bool obs_call_allowed(const struct obs_call *c);

/* What production does: the profile's action and, under the workload's
 * own filter (own), its filters' too, ranked as the kernel ranks them
 * (a tie goes to the newer filter, the workload's). */
struct profile_action obs_effective(struct profile_action profile, bool own,
				    struct profile_action own_action);

/* The same for an observed call. */
struct profile_action obs_call_effective(const struct obs_call *c);

/* Whether the workload's own filter denies the call (and so the program's
 * list lacks it), whatever the profile does. */
bool obs_call_own_denied(const struct obs_call *c);

/* The index of path in o->exes, added when new: >= 0, or -ENOMEM. */
int observations_exe(struct observations *o, const char *path);

/* Count one more call of c by executable exe (an index into the run's
 * exes). */
void obs_call_add_exe(struct obs_call *c, uint32_t exe);

/* Whether the workload ended on its own with exit status code: not
 * killed, not timed out. */
bool observations_exited_with(const struct observations *o, int code);

void observations_clear(struct observations *o);
static inline void observations_clearp(struct observations *o)
{
	observations_clear(o);
}
#define cleanup_observations __attribute__((cleanup(observations_clearp)))
