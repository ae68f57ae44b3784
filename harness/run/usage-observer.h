/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* usage-observer — how a run sees the allowed calls it makes (issue 16):
 * the kernel-side counter (usage-bpf.h) when it can be had, else a seccomp
 * notification per call. run.c asks it once per run; the rest of the run
 * path only sees its answer.
 *
 * With the counter, scaudit's filter notifies only what it must see
 * anyway (denials, the watched names: run.c), allowed calls stay in the
 * kernel and set a bit each, per executable (every execve is notified:
 * the supervisor tells the counter what each exec runs), and after the
 * run every bit no notification showed becomes one observed call,
 * flagged counted: what ran and which executables made it, without a
 * count, a pid or arguments. The calls under a filter the workload loads
 * itself still come back one by one (through ptrace, takeover.h), so
 * that filter is judged as under notification.
 *
 * Lifetime: usage_observer_init, then per run _start (before the
 * workload: the run's cgroup v2 and the counter, opened or reset) and
 * _finish (after it: the bits read into the observations, the cgroup
 * removed), and _clear when the caller's runs are done. One observer kept
 * across a pipeline's repeats keeps its counter: a reset costs a map
 * update where an open costs a load and an attach. Nothing here prints. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup2.h"
#include "observations.h"
#include "strv.h"
#include "usage-bpf.h"

struct pidlimit;
struct profile;
struct profile_delta;
struct diag;

/* Which backend a run may use (--usage-backend). */
enum usage_backend {
	USAGE_BACKEND_AUTO, /* the counter when it can be had, else notify */
	USAGE_BACKEND_NOTIFY, /* a seccomp notification per call */
	USAGE_BACKEND_KERNEL, /* the counter, or the run fails (exit 3) */
	USAGE_BACKEND_MAX
};

/* "auto", "notify", "kernel". */
const char *usage_backend_name(enum usage_backend b);

/* The value of option what ("--usage-backend"): 0 and *ret, or -EINVAL
 * with d saying what is wrong. */
int usage_backend_parse(const char *what, const char *value,
			enum usage_backend *ret, struct diag *d);

struct usage_observer {
	enum usage_backend asked;
	struct usage_bpf *bpf; /* kept across runs once opened */
	/* The current run's cgroup v2: made here (the child joins it, we
	 * remove it), or the process bound's when that is v2 (dir "" and
	 * procs_fd -1: only our fd of it). */
	struct cgroup2 cg;
	bool counting; /* this run is counted in the kernel */
	bool ns_pids; /* the workload is in a pid namespace of its own */
	/* The run's executables, as /proc/PID/exe would name them: slot
	 * k + 1 of the counter is exes.v[k]. */
	struct strv exes;
	/* Why the counter is not used (auto fell back, or kernel failed). */
	char why[USAGE_BPF_REASON_MAX];
};

void usage_observer_init(struct usage_observer *u, enum usage_backend asked);

/* Before the workload of a run that observes usage, with its process
 * bound (pidlimit_open) in place: the counter if asked allows and it can
 * be had (never in a container: its runtime loads the profile there, and
 * the counter does not follow it). Returns 1 (counting), 0 (notification:
 * asked notify, or auto and the counter is not there, u->why saying why),
 * or with asked kernel a negative errno with u->why saying why. */
int usage_observer_start(struct usage_observer *u, const struct pidlimit *limit,
			 bool container);

/* The cgroup the runner's child must start in, or join, before its exec
 * (runner_spec); NULL: none (not counting, or the process bound's cgroup
 * is it). */
const struct cgroup2 *usage_observer_cgroup(const struct usage_observer *u);

/* The workload runs in the pid namespace of st_dev dev, st_ino ino
 * (pidns.h): its processes' execs are named to the counter by their pids
 * there. 0 or -errno. */
int usage_observer_pidns(struct usage_observer *u, uint64_t dev, uint64_t ino);

/* Process tgid, counted, is about to execute path (as its execve names
 * it, resolved): its calls from then on are that executable's. 0 or
 * -ENOMEM; a slot the counter cannot take leaves them of none. */
int usage_observer_exec(struct usage_observer *u, pid_t tgid, const char *path);

/* The names the filter must still notify while counting (added to run.c's
 * watch list): sigaction's, whose arguments say a handler was installed
 * (observations.h, sometimes.h). NULL-terminated, static. */
char *const *usage_observer_watch(void);

/* After the run, its tasks gone (the process bound closed): the counted
 * calls into o (usage-observer.c says which), o's usage fields set, the
 * cgroup removed. p and d are the profile and delta the filter was built
 * from, watch the names it notified whatever the profile does, learn
 * whether denials were let run. 0 or -ENOMEM. Without counting, only o's
 * usage fields are set. */
int usage_observer_finish(struct usage_observer *u, const struct profile *p,
			  const struct profile_delta *d, char *const *watch,
			  bool learn, struct observations *o);

/* The run's cgroup gone, the counter detached and freed; safe twice. */
void usage_observer_clear(struct usage_observer *u);
static inline void usage_observer_clearp(struct usage_observer *u)
{
	usage_observer_clear(u);
}
#define cleanup_usage_observer __attribute__((cleanup(usage_observer_clearp)))

/* How a run saw its usage (observations.usage, and usage_why: why auto
 * fell back) in words, for a report's line: "counted in the kernel
 * (BPF)", "seccomp notifications", "seccomp notifications (the kernel
 * counter was not used: WHY)", "not observed". */
void usage_observer_describe(enum obs_usage how, const char *why, char *buf,
			     size_t size);

/* The same as the JSON reports name it: "kernel", "notify", or NULL
 * (usage not observed). */
const char *usage_observer_backend(enum obs_usage how);

/* Back from that name ("" too: not observed): 0 and *ret, or -EINVAL. */
int usage_observer_backend_parse(const char *name, enum obs_usage *ret);
