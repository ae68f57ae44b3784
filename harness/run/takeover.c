/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "takeover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf.h"
#include "own-filter.h"
#include "proc.h"
#include "syscalls.h"
#include "util.h"

void takeover_init(struct takeover *t, bool enabled, bool learn, double start)
{
	memset(t, 0, sizeof(*t));
	t->enabled = enabled;
	t->learn = learn;
#if defined(__x86_64__)
	/* Without usage its denials come back through TRACE, to a tracer. */
	t->trace = !enabled;
#endif
	t->start = start;
	t->pending_load = -1;
	/* The workload inherits our stack, then scaudit's filter. */
	int self = proc_seccomp_depth(getpid());
	t->base = (self < 0 ? 0 : self) + 1;
}

int takeover_is_load(const struct seccomp_data *d)
{
	/* By name: the numbers differ from arch to arch. */
	bool filter_op = false;
	char name[32];
	uint32_t arch = syscalls_call_arch(d->arch, d->nr);
	if (syscalls_name(arch, d->nr, name, sizeof(name)) < 0)
		return 0;
	if (strcmp(name, "seccomp") == 0)
		filter_op = d->args[0] == SECCOMP_SET_MODE_FILTER;
	else if (strcmp(name, "prctl") == 0)
		filter_op = d->args[0] == PR_SET_SECCOMP &&
			    d->args[1] == SECCOMP_MODE_FILTER;
	if (!filter_op)
		return 0;
	return arch == syscalls_native_arch() && (arch & __AUDIT_ARCH_64BIT)
		       ? 1
		       : 2;
}

static void cache_clear(struct takeover *t)
{
	memset(t->cache, 0, sizeof(t->cache));
}

static int depth_of(struct takeover *t, pid_t tid, pid_t tgid)
{
	for (size_t i = 0; i < ARRAY_SIZE(t->cache); i++)
		if (t->cache[i].tid == tid)
			return t->cache[i].depth;
	int depth = proc_seccomp_depth(tid);
	if (depth < 0 || tgid == t->pending_tgid)
		return depth;
	unsigned k = t->next++ % ARRAY_SIZE(t->cache);
	t->cache[k].tid = tid;
	t->cache[k].depth = depth;
	return depth;
}

/* The loader's next call: its load is in (or the kernel refused it). */
static void settle(struct takeover *t, struct observations *o, int depth)
{
	struct obs_load *l = &o->loads[t->pending_load];
	if (depth == l->depth)
		l->confirmed = true;
	else
		l->state = OBS_LOAD_FAILED;
	t->pending_tid = t->pending_tgid = 0;
	t->pending_load = -1;
	cache_clear(t);
}

int takeover_chain(struct takeover *t, struct observations *o, pid_t tid,
		   pid_t tgid, struct own_stack *ret)
{
	ret->n = 0;
	if (!o->n_loads)
		return 0;
	int depth = depth_of(t, tid, tgid);
	if (depth < 0)
		return depth;
	if (t->pending_load >= 0 && tid == t->pending_tid)
		settle(t, o, depth);
	if (depth <= t->base)
		return 0;
	/* The newest load at that depth; others there are other threads'. */
	for (size_t i = o->n_loads;
	     i-- > 0 && ret->n < ARRAY_SIZE(ret->newest);)
		if (o->loads[i].depth == depth &&
		    o->loads[i].state != OBS_LOAD_FAILED)
			ret->newest[ret->n++] = (int)i;
	if (!ret->n)
		return -ENOENT;
	if (ret->n > 1) {
		/* One of them loaded in this process settles it. */
		for (size_t i = 0; i < ret->n; i++)
			if (o->loads[ret->newest[i]].pid == tgid) {
				ret->newest[0] = ret->newest[i];
				ret->n = 1;
				break;
			}
		o->own_ambiguous |= ret->n > 1;
	}
	for (size_t i = 0; i < ret->n; i++)
		o->loads[ret->newest[i]].confirmed = true;
	return 1;
}

uint32_t takeover_decide(const struct observations *o,
			 const struct own_stack *s,
			 const struct seccomp_data *d)
{
	uint32_t strictest = SECCOMP_RET_ALLOW;
	for (size_t c = 0; c < s->n; c++) {
		uint32_t best = SECCOMP_RET_ALLOW;
		/* From the newest down, as the kernel walks the stack. */
		for (int i = s->newest[c]; i >= 0; i = o->loads[i].parent) {
			const struct obs_load *l = &o->loads[i];
			uint32_t ret;
			if (bpf_run(l->prog, l->len, d, &ret) < 0)
				ret = SECCOMP_RET_KILL_PROCESS;
			best = own_filter_combine(best, ret);
		}
		if (own_filter_rank(best) < own_filter_rank(strictest))
			strictest = best;
	}
	return strictest;
}

#define SEIZE_OPTIONS                                                          \
	(PTRACE_O_TRACESECCOMP | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |    \
	 PTRACE_O_TRACEVFORK | PTRACE_O_EXITKILL)

/* Trace tid for its seccomp stops: 1 newly, 0 already ours, -errno. */
static int seize_one(pid_t tid)
{
	if (ptrace(PTRACE_SEIZE, tid, 0, SEIZE_OPTIONS) == 0)
		return 1;
	int r = -errno;
	return r == -EPERM && proc_tracer(tid) == getpid() ? 0 : r;
}

/* tid, or every thread of tgid (TSYNC: the load reaches them all), until
 * a pass over the threads finds none new. 0 or -errno. */
static int seize(pid_t tid, pid_t tgid, bool all)
{
	if (!all) {
		int r = seize_one(tid);
		return r < 0 ? r : 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	for (int pass = 0; pass < 100; pass++) {
		DIR *dir = opendir(path);
		if (!dir)
			return -errno;
		int fresh = 0, r = 0;
		struct dirent *e;
		while (r >= 0 && (e = readdir(dir))) {
			pid_t t = (pid_t)atoi(e->d_name);
			if (t > 0 && (r = seize_one(t)) == -ESRCH)
				r = 0; /* gone meanwhile */
			fresh += r > 0;
		}
		closedir(dir);
		if (r < 0)
			return r;
		if (!fresh)
			return 0;
	}
	return -EAGAIN;
}

/* Why a load cannot be taken over, in words, or NULL: it can. */
static const char *refusal(const struct takeover *t,
			   const struct seccomp_data *d,
			   const struct obs_load *l, bool ret_a)
{
	if (!t->enabled && !t->trace)
		return "usage is off (--no-usage) and this arch cannot be "
		       "traced for it: scaudit's filter does not see every "
		       "call";
	if (l->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
		return "it asks for a listener of its own, and the kernel "
		       "allows one per stack: scaudit's (the load fails with "
		       "EBUSY here, not in production)";
	if (ret_a)
		return "a return takes its action from the accumulator: what "
		       "it does is known only as it runs";
	return NULL;
}

static int take(const struct takeover *t, struct obs_load *l, pid_t tid,
		uint64_t insns)
{
	l->rewritten = calloc(l->len, sizeof(*l->rewritten));
	if (!l->rewritten)
		return -ENOMEM;
	/* Traced, a denial comes back as a stop even when learning. */
	int r = own_filter_rewrite(l->prog, l->len, t->learn && !t->trace,
				   l->rewritten);
	if (r < 0)
		return r;
	return proc_mem_write(tid, insns, l->rewritten,
			      l->len * sizeof(*l->rewritten));
}

/* The program at insns, or the original of one of our rewrites (a
 * program loaded twice from the same buffer). */
static int read_prog(const struct observations *o, pid_t tid, uint64_t insns,
		     struct obs_load *l)
{
	l->prog = calloc(l->len, sizeof(*l->prog));
	if (!l->prog)
		return -ENOMEM;
	size_t size = l->len * sizeof(*l->prog);
	int r = proc_mem_read(tid, insns, l->prog, size);
	if (r < 0)
		return r;
	for (size_t i = 0; i < o->n_loads; i++)
		if (o->loads[i].rewritten && o->loads[i].len == l->len &&
		    memcmp(o->loads[i].rewritten, l->prog, size) == 0)
			memcpy(l->prog, o->loads[i].prog, size);
	return bpf_check(l->prog, l->len);
}

static struct obs_load *new_load(struct observations *o)
{
	void *a = o->loads;
	if (util_grow(&a, &o->loads_alloc, o->n_loads, sizeof(*o->loads)) < 0)
		return NULL;
	o->loads = a;
	struct obs_load *l = &o->loads[o->n_loads];
	memset(l, 0, sizeof(*l));
	l->parent = -1;
	return l;
}

int takeover_load(struct takeover *t, struct observations *o, pid_t tid,
		  pid_t tgid, const struct seccomp_data *d, double now)
{
	struct obs_load *l = new_load(o);
	if (!l)
		return -ENOMEM;
	l->pid = tgid;
	l->tid = tid;
	l->at = now - t->start;
	l->prctl = d->args[0] == PR_SET_SECCOMP;
	l->flags = l->prctl ? 0 : (unsigned)d->args[1];
	l->state = OBS_LOAD_UNOBSERVED;
	proc_exe(tid, l->exe, sizeof(l->exe));
	util_copy_text(l->exe, sizeof(l->exe), l->exe);
	struct own_stack below;
	int depth = depth_of(t, tid, tgid);
	if (depth < 0 || takeover_chain(t, o, tid, tgid, &below) < 0 ||
	    below.n > 1) {
		snprintf(l->why, sizeof(l->why),
			 "the loading thread's own stack could not be told");
		depth = depth < 0 ? -1 : depth;
	}
	l->depth = depth < 0 ? -1 : depth + 1;
	l->parent = below.n == 1 ? below.newest[0] : -1;
	if (takeover_is_load(d) == 2) {
		snprintf(l->why, sizeof(l->why),
			 "loaded through a compat arch (%s), which scaudit "
			 "does not read",
			 syscalls_arch_name(d->arch)
				 ? syscalls_arch_name(d->arch)
				 : "?");
		o->n_loads++;
		return 0;
	}
	/* struct sock_fprog: a 16-bit length, then the pointer. */
	struct {
		uint16_t len;
		uint16_t pad[3];
		uint64_t insns;
	} fprog;
	int r = proc_mem_read(tid, d->args[2], &fprog, sizeof(fprog));
	l->len = r < 0 ? 0 : fprog.len;
	if (r < 0 || l->len == 0 || l->len > BPF_MAXINSNS) {
		free(l->prog);
		l->prog = NULL;
		return r == -ENOMEM ? r
				    : 0; /* the kernel answers EFAULT/EINVAL */
	}
	if ((r = read_prog(o, tid, fprog.insns, l)) < 0) {
		free(l->prog);
		l->prog = NULL;
		return r == -ENOMEM ? r : 0;
	}
	own_filter_default(l->prog, l->len, d->arch, &l->default_ret);
	/* scaudit's filter lets rt_sigreturn through unwatched: a denial
	 * of it is the kernel's (ENOSYS, learning: allowed), not a kill. */
	int sr = syscalls_resolve(d->arch, "rt_sigreturn");
	l->sigreturn_denied =
		sr >= 0 && own_filter_allows(l->prog, l->len, d->arch, sr) == 0;
	bool ret_a = false;
	for (size_t i = 0; i < l->len; i++)
		ret_a |= l->prog[i].code == (BPF_RET | BPF_A);
	const char *no = l->why[0] ? l->why : refusal(t, d, l, ret_a);
	if (!no && t->trace &&
	    (r = seize(tid, tgid, l->flags & SECCOMP_FILTER_FLAG_TSYNC)) < 0) {
		snprintf(l->why, sizeof(l->why),
			 "usage is off (--no-usage) and it cannot be traced: "
			 "%s",
			 strerror(-r));
		no = l->why;
	}
	l->traced = !no && t->trace;
	t->seized |= l->traced;
	if (!no && (r = take(t, l, tid, fprog.insns)) < 0) {
		if (r == -ENOMEM)
			return r;
		snprintf(l->why, sizeof(l->why),
			 "cannot write the task's memory: %s", strerror(-r));
		no = l->why;
	}
	if (no && no != l->why)
		snprintf(l->why, sizeof(l->why), "%s", no);
	if (!no)
		l->state = OBS_LOAD_OBSERVED;
	t->pending_tid = tid;
	t->pending_tgid = tgid;
	t->pending_load = (int)o->n_loads++;
	cache_clear(t);
	return 0;
}
