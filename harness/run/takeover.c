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
	/* The workload inherits our stack, then scaudit's filter. */
	int self = proc_seccomp_depth(getpid());
	t->base = (self < 0 ? 0 : self) + 1;
}

int takeover_is_load(const struct seccomp_data *d)
{
	/* By name: the numbers differ from arch to arch. seccomp's op and
	 * flags are 32-bit (unsigned int); prctl's option is an int, its
	 * mode an unsigned long. */
	char name[32];
	uint32_t arch = syscalls_call_arch(d->arch, d->nr);
	if (syscalls_name(arch, d->nr, name, sizeof(name)) < 0)
		return 0;
	uint64_t mode;
	if (strcmp(name, "seccomp") == 0)
		mode = (uint32_t)d->args[0] == SECCOMP_SET_MODE_FILTER	 ? 2
		       : (uint32_t)d->args[0] == SECCOMP_SET_MODE_STRICT ? 1
									 : 0;
	else if (strcmp(name, "prctl") == 0 &&
		 (int)d->args[0] == PR_SET_SECCOMP)
		mode = d->args[1] == SECCOMP_MODE_FILTER   ? 2
		       : d->args[1] == SECCOMP_MODE_STRICT ? 1
							   : 0;
	else
		return 0;
	if (mode == 0)
		return 0;
	if (mode == 1)
		return TAKEOVER_STRICT;
	return arch == syscalls_native_arch() && (arch & __AUDIT_ARCH_64BIT)
		       ? TAKEOVER_LOAD
		       : TAKEOVER_COMPAT;
}

static void cache_clear(struct takeover *t)
{
	memset(t->cache, 0, sizeof(t->cache));
}

void takeover_task_created(struct takeover *t)
{
	cache_clear(t);
}

void takeover_clear(struct takeover *t)
{
	free(t->tags);
	t->tags = NULL;
	t->n_tags = t->tags_alloc = 0;
}

static const struct takeover_pending *pending_in(const struct takeover *t,
						 pid_t tgid)
{
	for (size_t i = 0; i < t->n_pending; i++)
		if (t->pending[i].tgid == tgid)
			return &t->pending[i];
	return NULL;
}

static int depth_of(struct takeover *t, pid_t tid, pid_t tgid)
{
	for (size_t i = 0; i < ARRAY_SIZE(t->cache); i++)
		if (t->cache[i].tid == tid)
			return t->cache[i].depth;
	t->proc_reads++;
	int depth = proc_seccomp_depth(tid);
	if (depth < 0 || t->trace || pending_in(t, tgid))
		return depth;
	unsigned k = t->next++ % ARRAY_SIZE(t->cache);
	t->cache[k].tid = tid;
	t->cache[k].depth = depth;
	return depth;
}

/* Put the program back in the task's memory: the kernel has its copy by
 * now, and the program may read or load its buffer again. Only where the
 * bytes are still ours: a freed buffer may hold something else by now. */
static void restore(const struct obs_load *l)
{
	if (!l->rewritten || !l->insns)
		return;
	size_t size = l->len * sizeof(*l->prog);
	cleanup_free void *now = malloc(size);
	if (now && proc_mem_read(l->tid, l->insns, now, size) == 0 &&
	    memcmp(now, l->rewritten, size) == 0)
		proc_mem_write(l->tid, l->insns, l->prog, size);
}

/* The loader's next call: its load is in, or the kernel refused it —
 * unless another load of its process was in flight, when its depth
 * cannot tell and the load stays a candidate that never wins a tie. */
static void settle(struct takeover *t, struct observations *o, size_t k,
		   int depth)
{
	struct takeover_pending p = t->pending[k];
	t->pending[k] = t->pending[--t->n_pending];
	struct obs_load *l = &o->loads[p.load];
	if (p.overlap)
		l->uncertain = true;
	else if (depth == l->depth)
		l->confirmed = true;
	else if (l->state == OBS_LOAD_OBSERVED)
		l->state = OBS_LOAD_FAILED;
	else
		l->refused = true;
	restore(l);
	cache_clear(t);
}

/* Whether the task is the one that made load l (its tid, and started when
 * the loader had: a tid may be reused). */
static bool made_by(struct takeover *t, const struct obs_load *l, pid_t tid)
{
	if (l->tid != tid || !l->started)
		return false;
	t->proc_reads++;
	return proc_start_time(tid) == l->started;
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
	for (size_t k = 0; k < t->n_pending; k++)
		if (t->pending[k].tid == tid) {
			settle(t, o, k, depth);
			break;
		}
	if (depth <= t->base)
		return 0;
	for (size_t i = o->n_loads;
	     i-- > 0 && ret->n < ARRAY_SIZE(ret->newest);)
		if (o->loads[i].depth == depth &&
		    !takeover_refused(&o->loads[i]))
			ret->newest[ret->n++] = (int)i;
	if (!ret->n)
		return -ENOENT;
	/* Several at that depth: only the task's own load, certain, settles
	 * it; else the strictest of them answers (never a weaker one). */
	for (size_t i = 0; ret->n > 1 && i < ret->n; i++) {
		const struct obs_load *l = &o->loads[ret->newest[i]];
		if (!l->uncertain && made_by(t, l, tid)) {
			ret->newest[0] = ret->newest[i];
			ret->n = 1;
		}
	}
	o->own_ambiguous |= ret->n > 1;
	for (size_t i = 0; i < ret->n; i++)
		o->loads[ret->newest[i]].confirmed |=
			!o->loads[ret->newest[i]].uncertain;
	return 1;
}

bool takeover_refused(const struct obs_load *l)
{
	return l->state == OBS_LOAD_FAILED || l->refused;
}

static uint32_t decide_one(const struct observations *o, int newest,
			   const struct seccomp_data *d)
{
	uint32_t best = SECCOMP_RET_ALLOW;
	/* From the newest down, as the kernel walks the stack. */
	for (int i = newest; i >= 0; i = o->loads[i].parent) {
		const struct obs_load *l = &o->loads[i];
		uint32_t ret = SECCOMP_RET_ALLOW;
		if (l->prog && bpf_run(l->prog, l->len, d, &ret) < 0)
			ret = SECCOMP_RET_KILL_PROCESS;
		best = own_filter_combine(best, ret);
	}
	return best;
}

uint32_t takeover_decide(const struct observations *o,
			 const struct own_stack *s,
			 const struct seccomp_data *d)
{
	uint32_t strictest = SECCOMP_RET_ALLOW;
	for (size_t c = 0; c < s->n; c++) {
		uint32_t best = decide_one(o, s->newest[c], d);
		if (own_filter_rank(best) < own_filter_rank(strictest))
			strictest = best;
	}
	return strictest;
}

uint32_t takeover_decide_any(const struct observations *o,
			     const struct seccomp_data *d)
{
	uint32_t strictest = SECCOMP_RET_ALLOW;
	for (size_t k = 0; k < o->n_loads; k++) {
		if (takeover_refused(&o->loads[k]))
			continue;
		uint32_t best = decide_one(o, (int)k, d);
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

static int take(struct takeover *t, struct obs_load *l, pid_t tid)
{
	l->rewritten = calloc(l->len, sizeof(*l->rewritten));
	if (!l->rewritten)
		return -ENOMEM;
	/* Traced, a denial comes back as a stop even when learning. A trap
	 * stays the kernel's: the program's SIGSYS handler answers it (a
	 * sandbox's broker), learning or not, as in production. */
	int r = own_filter_rewrite(l->prog, l->len, t->learn && !t->trace, true,
				   l->rewritten);
	if (r < 0)
		return r;
	/* The calls it lets by stop too: the counter cannot tell which ran
	 * under it. */
	for (size_t i = 0; t->allowed_too && i < l->len; i++) {
		uint32_t act = l->rewritten[i].k & SECCOMP_RET_ACTION_FULL;
		if (l->rewritten[i].code == (BPF_RET | BPF_K) &&
		    (act == SECCOMP_RET_ALLOW || act == SECCOMP_RET_LOG))
			l->rewritten[i].k = SECCOMP_RET_TRACE;
	}
	/* Each TRACE we write carries a tag of its own, so a copy of it
	 * the program loads again (it may copy its buffer before we put
	 * it back) reads back as the original. */
	for (size_t i = 0; i < l->len; i++) {
		if (l->rewritten[i].k == l->prog[i].k ||
		    (l->rewritten[i].k & SECCOMP_RET_ACTION_FULL) !=
			    SECCOMP_RET_TRACE)
			continue;
		if (t->n_tags == TAKEOVER_MAX_TAGS)
			return -ENOSPC;
		void *a = t->tags;
		if (util_grow(&a, &t->tags_alloc, t->n_tags, sizeof(*t->tags)) <
		    0)
			return -ENOMEM;
		t->tags = a;
		t->tags[t->n_tags] = l->prog[i].k;
		l->rewritten[i].k = SECCOMP_RET_TRACE | TAKEOVER_TAG |
				    (uint32_t)t->n_tags++;
	}
	return proc_mem_write(tid, l->insns, l->rewritten,
			      l->len * sizeof(*l->rewritten));
}

/* The program at l->insns, with what our tagged returns stood for (a
 * program loaded twice from the same buffer, or from a copy of it). */
static int read_prog(const struct takeover *t, pid_t tid, struct obs_load *l)
{
	l->prog = calloc(l->len, sizeof(*l->prog));
	if (!l->prog)
		return -ENOMEM;
	size_t size = l->len * sizeof(*l->prog);
	int r = proc_mem_read(tid, l->insns, l->prog, size);
	if (r < 0)
		return r;
	for (size_t i = 0; i < l->len; i++) {
		uint32_t k = l->prog[i].k, tag = k & (TAKEOVER_TAG - 1);
		if (l->prog[i].code == (BPF_RET | BPF_K) &&
		    (k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRACE &&
		    (k & TAKEOVER_TAG) && tag < t->n_tags)
			l->prog[i].k = t->tags[tag];
	}
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

/* Who, when, how, and where it lands on the loader's stack. */
static void describe(struct takeover *t, struct observations *o,
		     struct obs_load *l, pid_t tid, pid_t tgid,
		     const struct seccomp_data *d, double now)
{
	l->pid = tgid;
	l->tid = tid;
	l->started = proc_start_time(tid);
	l->at = now - t->start;
	l->prctl = (int)d->args[0] == PR_SET_SECCOMP;
	l->flags = l->prctl ? 0 : (uint32_t)d->args[1];
	l->state = OBS_LOAD_UNOBSERVED;
	proc_exe(tid, l->exe, sizeof(l->exe));
	util_copy_text(l->exe, sizeof(l->exe), l->exe);
	struct own_stack below;
	int depth = depth_of(t, tid, tgid);
	if (depth < 0 || takeover_chain(t, o, tid, tgid, &below) < 0 ||
	    below.n > 1)
		snprintf(l->why, sizeof(l->why),
			 "the loading thread's own stack could not be told");
	l->depth = depth < 0 ? -1 : depth + 1;
	l->parent = depth >= 0 && below.n == 1 ? below.newest[0] : -1;
}

/* Read the program; NULL, or why it cannot be taken over. */
static const char *read_load(const struct takeover *t, struct obs_load *l,
			     pid_t tid, const struct seccomp_data *d, int *ret)
{
	/* struct sock_fprog: a 16-bit length, then the pointer. */
	struct {
		uint16_t len;
		uint16_t pad[3];
		uint64_t insns;
	} fprog;
	int r = proc_mem_read(tid, d->args[2], &fprog, sizeof(fprog));
	l->len = r < 0 ? 0 : fprog.len;
	l->insns = r < 0 ? 0 : fprog.insns;
	if (r == 0 && (l->len == 0 || l->len > BPF_MAXINSNS))
		r = -EINVAL;
	if (r == 0 && (r = read_prog(t, tid, l)) < 0) {
		free(l->prog);
		l->prog = NULL;
	}
	*ret = r;
	if (r == -EINVAL)
		return "the kernel will refuse it: not a valid program";
	if (r < 0)
		return "its program could not be read";
	own_filter_default(l->prog, l->len, d->arch, &l->default_ret);
	/* scaudit's filter lets rt_sigreturn through unwatched: a denial
	 * of it is the kernel's (ENOSYS, learning: allowed), not a kill. */
	int sr = syscalls_resolve(d->arch, "rt_sigreturn");
	l->sigreturn_denied =
		sr >= 0 && own_filter_allows(l->prog, l->len, d->arch, sr) == 0;
	for (size_t i = 0; i < l->len; i++) {
		if (l->prog[i].code == (BPF_RET | BPF_A))
			return "a return takes its action from the "
			       "accumulator: what it does is known only as it "
			       "runs";
		l->traps += l->prog[i].code == (BPF_RET | BPF_K) &&
			    (l->prog[i].k & SECCOMP_RET_ACTION_FULL) ==
				    SECCOMP_RET_TRAP;
	}
	if (l->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
		return "it asks for a listener of its own, and the kernel "
		       "allows one per stack: scaudit's (the load fails with "
		       "EBUSY here, not in production)";
	return NULL;
}

/* Put the load in flight: settled at the loader's next call. */
static void in_flight(struct takeover *t, struct observations *o, pid_t tid,
		      pid_t tgid)
{
	cache_clear(t);
	if (t->n_pending == ARRAY_SIZE(t->pending)) {
		/* Too many at once: the oldest stays a candidate. */
		o->loads[t->pending[0].load].uncertain = true;
		t->pending[0] = t->pending[--t->n_pending];
	}
	struct takeover_pending p = { tid, tgid, (int)o->n_loads, false };
	for (size_t i = 0; i < t->n_pending; i++)
		if (t->pending[i].tgid == tgid)
			t->pending[i].overlap = p.overlap = true;
	t->pending[t->n_pending++] = p;
	o->n_loads++;
}

int takeover_load(struct takeover *t, struct observations *o, pid_t tid,
		  pid_t tgid, const struct seccomp_data *d, double now)
{
	int kind = takeover_is_load(d);
	/* libseccomp probes the flags with a NULL program (EFAULT), and
	 * strict mode with a flag (EINVAL): refused in production too. */
	bool via_prctl = (int)d->args[0] == PR_SET_SECCOMP;
	if ((kind == TAKEOVER_LOAD && !d->args[2]) ||
	    (kind == TAKEOVER_STRICT && !via_prctl &&
	     ((uint32_t)d->args[1] || d->args[2])))
		return 0;
	struct obs_load *l = new_load(o);
	if (!l)
		return -ENOMEM;
	describe(t, o, l, tid, tgid, d, now);
	const char *no = l->why[0] ? l->why : NULL;
	int r = 0;
	if (!no && kind == TAKEOVER_STRICT)
		no = "strict mode, which the kernel refuses on top of "
		     "scaudit's filter (EINVAL here, not in production)";
	else if (!no && kind == TAKEOVER_COMPAT)
		no = "loaded through a compat arch, which scaudit does not "
		     "read";
	else if (!no)
		no = read_load(t, l, tid, d, &r);
	if (r == -ENOMEM)
		return r;
	/* Why scaudit's filter does not see every call. */
	const char *mode = t->allowed_too ? "usage is counted in the kernel"
					  : "usage is off (--no-usage)";
	if (!no && !t->enabled && !t->trace) {
		snprintf(l->why, sizeof(l->why),
			 "%s and this arch cannot be traced for it: scaudit's "
			 "filter does not see every call",
			 mode);
		no = l->why;
	}
	if (!no && t->trace &&
	    (r = seize(tid, tgid, l->flags & SECCOMP_FILTER_FLAG_TSYNC)) < 0) {
		snprintf(l->why, sizeof(l->why),
			 "%s and it cannot be traced: %s", mode, strerror(-r));
		no = l->why;
	}
	l->traced = !no && t->trace;
	t->seized |= l->traced;
	if (!no && (r = take(t, l, tid)) < 0) {
		if (r == -ENOMEM)
			return r;
		snprintf(l->why, sizeof(l->why), "%s%s",
			 r == -ENOSPC ? "too many returns rewritten in one run"
				      : "cannot write the task's memory: ",
			 r == -ENOSPC ? "" : strerror(-r));
		free(l->rewritten);
		l->rewritten = NULL;
		no = l->why;
	}
	if (no && no != l->why)
		snprintf(l->why, sizeof(l->why), "%s", no);
	if (!no)
		l->state = OBS_LOAD_OBSERVED;
	/* Strict mode, or a listener while scaudit holds the one: refused
	 * for sure, never in flight. */
	if (kind == TAKEOVER_STRICT ||
	    (l->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) {
		l->refused = true;
		l->depth = -1;
		o->n_loads++;
		return 0;
	}
	in_flight(t, o, tid, tgid);
	return 0;
}
