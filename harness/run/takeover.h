/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* takeover — the filters a workload loads itself, under a run.
 *
 * scaudit's filter always notifies seccomp and prctl, so the supervisor
 * sees each load — seccomp(SECCOMP_SET_MODE_FILTER) or prctl(
 * PR_SET_SECCOMP, SECCOMP_MODE_FILTER), any thread — before the kernel
 * performs it. It reads the program, keeps it, writes the rewrite of
 * filter/own-filter.h over it in the task's memory (every denial becomes
 * TRACE, its data the instruction's index) and lets the call go on: the
 * kernel loads it with the program's own flags (TSYNC, LOG…), keeps it
 * across fork and exec, and refuses it where production would. Later
 * calls come back two ways:
 *  - usage observed: scaudit's filter notifies every call, and a
 *    notification outranks TRACE, so each call reaches the supervisor,
 *    which answers with what the task's stack (its depth, Seccomp_filters
 *    in /proc, names the loads on it) decides together with the profile;
 *  - usage off: allowed calls stay in the kernel; the loading threads
 *    (all of them for TSYNC, and what they start) are ptrace-seized for
 *    their seccomp stops, so only a denial comes back, as a stop
 *    (supervisor-trace.c), answered the same way. A task nobody traces
 *    that meets TRACE gets ENOSYS: never let through;
 *  - usage counted in the kernel (usage-observer.h): traced as with
 *    usage off, and its allow returns become TRACE too, so every call
 *    under it comes back as a stop, as every call is notified with usage
 *    observed: what ran under it is known call by call.
 *
 * A load that cannot be taken over (a listener of its own, a compat
 * arch, a return computed at run time, memory that cannot be written, a
 * thread that cannot be traced) happens as the program asked, and the
 * load says why it was not observed: its denials are the kernel's, never
 * lifted. */
#pragma once

#include <linux/seccomp.h>
#include <stdbool.h>
#include <sys/types.h>

#include "observations.h"

/* A load the kernel may not have performed yet: settled at the loader's
 * next call. overlap: another load of its process was in flight too, so
 * a depth cannot say which of them landed. */
struct takeover_pending {
	pid_t tid, tgid;
	int load;
	bool overlap;
};

struct takeover {
	bool enabled; /* every call is notified: loads can be taken over */
	bool learn; /* every denial is let through */
	/* Usage off: scaudit's filter lets allowed calls by in the kernel,
	 * so the rewrite's TRACE comes back to a tracer (supervisor-trace.c)
	 * and the loading threads are ptrace-seized for it. */
	bool trace;
	/* Tracing, with usage counted in the kernel: the calls its filters
	 * let by come back as stops too (tagged TRACE in place of allow),
	 * since scaudit's filter does not notify them. */
	bool allowed_too;
	bool seized; /* some task is traced for it */
	int base; /* Seccomp_filters of a workload task without its own */
	double start;
	/* tid → depth, like the supervisor's tid → process cache: emptied
	 * at each load and each new task (a tid may be reused), never
	 * filled for a process with a load in flight (TSYNC may be changing
	 * its threads' stacks), and not kept at all when calls are not all
	 * seen (trace: a new task would go unnoticed). */
	struct {
		pid_t tid;
		int depth;
	} cache[64];
	unsigned next;
	/* Bumped whenever /proc was read: what it said holds for a task only
	 * while its call still waits (the supervisor checks). */
	unsigned proc_reads;
	struct takeover_pending pending[16];
	size_t n_pending;
	/* What each TRACE we wrote stood for: its data is TAKEOVER_TAG |
	 * index. */
	uint32_t *tags;
	size_t n_tags, tags_alloc;
};

#define TAKEOVER_TAG 0x8000u
#define TAKEOVER_MAX_TAGS 0x8000u

/* Before the run: whether loads can be taken over, and the depth a task
 * of the workload starts with (ours plus scaudit's filter). */
void takeover_init(struct takeover *t, bool enabled, bool learn, double start);

/* Whether call d is a filter load: TAKEOVER_LOAD one this arch can take
 * over, TAKEOVER_COMPAT one through another arch, TAKEOVER_STRICT strict
 * mode (the kernel refuses it on top of scaudit's filter), 0 none. */
enum { TAKEOVER_LOAD = 1, TAKEOVER_COMPAT, TAKEOVER_STRICT };
int takeover_is_load(const struct seccomp_data *d);

/* A task was created (clone, fork…): a cached tid may now be another. */
void takeover_task_created(struct takeover *t);

/* Whether the kernel refused load l: no task runs under it. */
bool takeover_refused(const struct obs_load *l);

/* After the run: what takeover_init's state holds. */
void takeover_clear(struct takeover *t);

/* Before the load d of thread tid (process tgid) goes on: take it over,
 * or record why not, into o->loads. 0 or -ENOMEM. */
int takeover_load(struct takeover *t, struct observations *o, pid_t tid,
		  pid_t tgid, const struct seccomp_data *d, double now);

/* The stacks a thread may run under: the newest load of each (one, or
 * several that cannot be told apart). */
struct own_stack {
	int newest[8];
	size_t n;
};

/* The loads thread tid (of tgid) runs under: 1 and *ret, 0 none, -errno
 * when its depth cannot be read or no load fits it (a filter scaudit did
 * not see). Confirms a load in flight; sets o->own_ambiguous when several
 * stacks fit. */
int takeover_chain(struct takeover *t, struct observations *o, pid_t tid,
		   pid_t tgid, struct own_stack *ret);

/* What the stack decides for d, as the kernel would (several candidates:
 * the strictest): a SECCOMP_RET_* value. A load scaudit could not read
 * is the kernel's alone: what reaches us passed it. */
uint32_t takeover_decide(const struct observations *o,
			 const struct own_stack *s,
			 const struct seccomp_data *d);

/* The same over every load's stack: for a task whose stack no load fits,
 * the strictest any could be. */
uint32_t takeover_decide_any(const struct observations *o,
			     const struct seccomp_data *d);
