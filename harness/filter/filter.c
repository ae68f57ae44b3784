/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "filter.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf.h"
#include "compat.h"
#include "runc-stub.h"
#include "syscalls.h"
#include "strmap.h"
#include "util.h"

static void ctx_releasep(scmp_filter_ctx *c)
{
	if (*c)
		seccomp_release(*c);
}
#define cleanup_ctx __attribute__((cleanup(ctx_releasep)))

static struct scmp_arg_cmp to_cmp(const struct profile_arg *a)
{
	return (struct scmp_arg_cmp){
		.arg = a->index,
		.op = a->op,
		.datum_a = a->value,
		.datum_b = a->value_two,
	};
}

static int add_rule(scmp_filter_ctx ctx, uint32_t act, int nr,
		    const struct profile_rule *r)
{
	struct scmp_arg_cmp cmp[6];
	if (r->n_args > 6 || profile_rule_alternatives(r)) {
		for (size_t i = 0; i < r->n_args; i++) {
			cmp[0] = to_cmp(&r->args[i]);
			int e = seccomp_rule_add_array(ctx, act, nr, 1, cmp);
			if (e < 0)
				return e;
		}
		return 0;
	}
	for (size_t i = 0; i < r->n_args; i++)
		cmp[i] = to_cmp(&r->args[i]);
	return seccomp_rule_add_array(ctx, act, nr, (unsigned)r->n_args, cmp);
}

/* libseccomp 2.5 exports to an fd only: go through a memfd. */
static int export(scmp_filter_ctx ctx, struct sock_filter **ret,
		  size_t *ret_len)
{
	cleanup_close int fd = memfd_create("scaudit-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = seccomp_export_bpf(ctx, fd);
	if (r < 0)
		return r;
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter))
		return -EIO;
	struct sock_filter *prog = malloc((size_t)size);
	if (!prog)
		return -ENOMEM;
	if (pread(fd, prog, (size_t)size, 0) != size) {
		free(prog);
		return -EIO;
	}
	*ret = prog;
	*ret_len = (size_t)size / sizeof(struct sock_filter);
	return 0;
}

/* The rules handed to libseccomp, each once (by a key of name, action
 * and conditions), and their conditions counted. */
struct rule_keys {
	struct strmap seen;
	char **keys; /* owned */
	size_t n, alloc;
	size_t total; /* conditions */
};

static void rule_keys_free(struct rule_keys *c)
{
	strmap_free(&c->seen);
	for (size_t i = 0; i < c->n; i++)
		free(c->keys[i]);
	free(c->keys);
}

/* 1 when name's rule is new (its conditions counted), 0 when the same
 * rule was added before, -ENOMEM. libseccomp would merge a repeat too,
 * but finds it by a walk that a list naming read 100,000 times makes
 * quadratic. */
static int rule_keys_add(struct rule_keys *c, const char *name, uint32_t act,
			 const struct profile_rule *r)
{
	void *a = c->keys;
	if (util_grow(&a, &c->alloc, c->n, sizeof(*c->keys)) < 0)
		return -ENOMEM;
	c->keys = a;
	size_t size = strlen(name) + 16 + r->n_args * 64;
	char *key = malloc(size);
	if (!key)
		return -ENOMEM;
	c->keys[c->n++] = key;
	int len = snprintf(key, size, "%s/%x", name, act);
	for (size_t i = 0; i < r->n_args; i++)
		len += snprintf(key + len, size - (size_t)len,
				"/%u,%d,%llx,%llx", r->args[i].index,
				(int)r->args[i].op,
				(unsigned long long)r->args[i].value,
				(unsigned long long)r->args[i].value_two);
	int added = strmap_add(&c->seen, key, 0, NULL);
	if (added == 1)
		c->total += r->n_args;
	return added;
}

/* Each condition costs at least one instruction of the kernel's 4096,
 * and libseccomp's time grows much faster than their number (4,000: 4 s;
 * 8,000: 35 s, then too long anyway): stop as soon as it cannot fit. */
static int too_many_conditions(const struct profile *p,
			       const struct profile_name *n, struct diag *d)
{
	diag_set(d, -E2BIG, p->path, n->loc.line, n->loc.column,
		 "more than %d argument conditions by this rule for '%s': a "
		 "seccomp filter holds at most %d instructions, at least one "
		 "per condition",
		 BPF_MAXINSNS, n->name, BPF_MAXINSNS);
	diag_hint(d, "drop the conditions the workload does not need");
	return -E2BIG;
}

/* One name's rule, unless a repeat or the default (libseccomp refuses
 * rules that repeat the default action). */
static int add_name(scmp_filter_ctx ctx, const struct profile *p, uint32_t def,
		    uint32_t act, const struct profile_rule *rule,
		    const struct profile_name *n, struct rule_keys *added,
		    size_t *skipped, struct diag *d)
{
	int nr = seccomp_syscall_resolve_name(n->name);
	if (nr == __NR_SCMP_ERROR) {
		(*skipped)++;
		return 0;
	}
	if (act == def)
		return 0;
	int r = rule_keys_add(added, n->name, act, rule);
	if (r <= 0)
		return r;
	if (added->total > BPF_MAXINSNS)
		return too_many_conditions(p, n, d);
	r = add_rule(ctx, act, nr, rule);
	if (r < 0)
		return diag_set(d, r, p->path, n->loc.line, n->loc.column,
				"libseccomp refused the rule for '%s': %s",
				n->name, strerror(-r));
	return 0;
}

static int add_rules(scmp_filter_ctx ctx, const struct profile *p,
		     const struct profile_delta *delta, uint32_t def,
		     size_t *skipped, struct diag *d)
{
	__attribute__((cleanup(rule_keys_free))) struct rule_keys added = {
		STRMAP_INIT, NULL, 0, 0, 0
	};
	int r;
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct profile_rule *rule = &p->rules[ri];
		if (!rule->active)
			continue;
		uint32_t act = profile_action_scmp(rule->action);
		for (size_t j = 0; j < rule->n_names; j++) {
			if (profile_delta_dropped(delta, ri, j))
				continue;
			r = add_name(ctx, p, def, act, rule, &rule->names[j],
				     &added, skipped, d);
			if (r < 0)
				return r;
		}
	}
	/* The delta's rules: one name, no conditions, after the profile's. */
	static const struct profile_rule bare;
	for (size_t i = 0; delta && i < delta->n_added; i++) {
		const struct profile_delta_rule *x = &delta->added[i];
		if (x->dropped)
			continue;
		struct profile_name n = { .name = x->name,
					  .loc = p->default_loc };
		r = add_name(ctx, p, def, profile_action_scmp(x->action), &bare,
			     &n, &added, skipped, d);
		if (r < 0)
			return r;
	}
	return 0;
}

/* runc's semantics: its ENOSYS stub in front, as runc loads it. */
static int prepend_stub(const struct profile *p,
			const struct profile_delta *delta, struct filter *f)
{
	struct runc_cutoff c[RUNC_STUB_MAX_ARCHES];
	size_t n = runc_stub_cutoffs(p, delta, c), len;
	cleanup_free struct sock_filter *stub = NULL;
	if (!n)
		return 0;
	int r = runc_stub_build(c, n, &stub, &len);
	if (r < 0)
		return r;
	if (len + f->exact_len > BPF_MAXINSNS)
		return -E2BIG;
	struct sock_filter *all = malloc((len + f->exact_len) * sizeof(*all));
	if (!all)
		return -ENOMEM;
	memcpy(all, stub, len * sizeof(*all));
	memcpy(all + len, f->exact, f->exact_len * sizeof(*all));
	free(f->exact);
	f->exact = all;
	f->exact_len += len;
	return 0;
}

static int build_exact(const struct profile *p, const struct filter_options *o,
		       struct filter *f, struct diag *d)
{
	uint32_t def = profile_action_scmp(p->default_action);
	cleanup_ctx scmp_filter_ctx ctx = seccomp_init(def);
	if (!ctx)
		return -ENOMEM;
	int r;
	for (size_t i = 0; i < p->n_arches; i++) {
		r = seccomp_arch_add(ctx, p->arches[i]);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	/* The binary tree keeps large profiles cheap per syscall. */
	if (o->layout == FILTER_LAYOUT_TREE ||
	    (o->layout == FILTER_LAYOUT_AUTO && profile_count_names(p) > 32))
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	size_t skipped = 0;
	if ((r = add_rules(ctx, p, o->delta, def, &skipped, d)) < 0)
		return r;
	f->n_skipped = skipped;
	if ((r = export(ctx, &f->exact, &f->exact_len)) < 0)
		return r;
	return runc_stub_applies(p) ? prepend_stub(p, o->delta, f) : 0;
}

#define LD_ABS(b, off) bpf_asm_emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, (off))

/* Calls a notification must never stop, even when every call is
 * observed: a signal that comes while a watched rt_sigreturn waits for
 * the supervisor makes the kernel skip it (EINTR, without SA_RESTART),
 * and the program runs on from its signal trampoline and crashes. Where
 * the profile allows them they are allowed outright; usage infers them
 * (a handler was installed: sometimes.h). */
static const char *const unwatched[] = { "rt_sigreturn", "sigreturn" };

bool filter_never_watched(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(unwatched); i++)
		if (strcmp(name, unwatched[i]) == 0)
			return true;
	return false;
}

bool filter_allows_always(const struct filter *f, uint32_t arch, int nr)
{
	struct seccomp_data lo = { .nr = nr,
				   .arch = syscalls_audit_arch(arch) };
	struct seccomp_data hi = lo;
	memset(hi.args, 0xff, sizeof(hi.args));
	uint32_t a, b;
	return bpf_run(f->exact, f->exact_len, &lo, &a) == 0 &&
	       bpf_run(f->exact, f->exact_len, &hi, &b) == 0 &&
	       (a & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW &&
	       (b & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW;
}

/* The numbers of arch's unwatched calls the exact program allows, into
 * nrs (room for ARRAY_SIZE(unwatched)); how many. A rule with conditions
 * on their arguments (absurd as it is) keeps them watched. */
static size_t allowed_unwatched(const struct filter *f, uint32_t arch, int *nrs)
{
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(unwatched); i++) {
		int nr = seccomp_syscall_resolve_name_arch(arch, unwatched[i]);
		if (nr >= 0 && filter_allows_always(f, arch, nr))
			nrs[n++] = nr;
	}
	return n;
}

/* The observing program is the exact one with every return that is not
 * an allow turned into a notification, so both decide alike by
 * construction. In front of it goes a short prefix for what observing
 * adds: watched names notify even where allowed. Jumps in the prefix only go forward, to
 * its two returns or (through a JA) to the exact program. */
static int build_observe(const struct profile *p,
			 const struct filter_options *o, struct filter *f)
{
	struct bpf_asm b = { 0 };
	size_t ja_to_prog[SYSCALLS_MAX_ARCHES * 2 + 8];
	size_t n_ja = 0;
	size_t to_notify[256],
		to_allow[SYSCALLS_MAX_ARCHES * (ARRAY_SIZE(unwatched) + 1) + 1];
	size_t n_notify = 0, n_allow = 0;

	for (size_t ai = 0;
	     ai < p->n_arches && n_ja + 2 < ARRAY_SIZE(ja_to_prog); ai++) {
		uint32_t arch = p->arches[ai];

		int nrs[64];
		size_t n_nrs = 0;
		for (char *const *w = o->watch; w && *w && n_nrs < 64; w++) {
			int nr = seccomp_syscall_resolve_name_arch(arch, *w);
			if (nr >= 0)
				nrs[n_nrs++] = nr;
		}
		int quiet[ARRAY_SIZE(unwatched)];
		size_t n_quiet =
			o->notify_all ? allowed_unwatched(f, arch, quiet) : 0;
		if (!n_nrs && !n_quiet)
			continue;
		LD_ABS(&b, offsetof(struct seccomp_data, arch));
		size_t skip =
			bpf_asm_emit(&b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0, arch);
		LD_ABS(&b, offsetof(struct seccomp_data, nr));
		for (size_t k = 0; k < n_nrs && n_notify < 255; k++)
			to_notify[n_notify++] =
				bpf_asm_emit(&b, BPF_JMP | BPF_JEQ | BPF_K, 0,
					     0, (uint32_t)nrs[k]);
		for (size_t k = 0;
		     k < n_quiet && n_allow < ARRAY_SIZE(to_allow); k++)
			to_allow[n_allow++] =
				bpf_asm_emit(&b, BPF_JMP | BPF_JEQ | BPF_K, 0,
					     0, (uint32_t)quiet[k]);

		ja_to_prog[n_ja++] =
			bpf_asm_emit(&b, BPF_JMP | BPF_JA, 0, 0, 0);
		/* Another arch: on to the next block. */
		b.ins[skip].jf = (uint8_t)(b.n - skip - 1);
	}
	/* Whatever falls out of the blocks goes on to the exact program. */
	bpf_asm_emit(&b, BPF_JMP | BPF_JA, 0, 0, 2);
	size_t ret_notify =
		bpf_asm_emit(&b, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_USER_NOTIF);
	size_t ret_allow =
		bpf_asm_emit(&b, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW);
	size_t prog = b.n;
	for (size_t i = 0; i < f->exact_len; i++) {
		struct sock_filter ins = f->exact[i];
		if (ins.code == (BPF_RET | BPF_K) &&
		    (o->notify_all ||
		     (ins.k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ALLOW))
			ins.k = SECCOMP_RET_USER_NOTIF;
		bpf_asm_emit(&b, ins.code, ins.jt, ins.jf, ins.k);
	}
	if (b.oom || b.n > BPF_MAXINSNS || prog > 255) {
		free(b.ins);
		return b.oom ? -ENOMEM : -E2BIG;
	}
	for (size_t i = 0; i < n_notify; i++)
		b.ins[to_notify[i]].jt =
			(uint8_t)(ret_notify - to_notify[i] - 1);
	for (size_t i = 0; i < n_allow; i++)
		b.ins[to_allow[i]].jt = (uint8_t)(ret_allow - to_allow[i] - 1);
	for (size_t i = 0; i < n_ja; i++)
		b.ins[ja_to_prog[i]].k = (uint32_t)(prog - ja_to_prog[i] - 1);
	if (bpf_check(b.ins, b.n) < 0) {
		free(b.ins);
		return -EINVAL;
	}
	f->observe = b.ins;
	f->observe_len = b.n;
	return 0;
}

static unsigned profile_flags(const struct profile *p)
{
	unsigned flags = 0;
	for (size_t i = 0; i < p->flags.n; i++) {
		if (strcmp(p->flags.v[i], "SECCOMP_FILTER_FLAG_LOG") == 0)
			flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (strcmp(p->flags.v[i],
				"SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	}
	return flags;
}

int filter_build(const struct profile *p, const struct filter_options *o,
		 struct filter **ret, struct diag *d)
{
	struct filter *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;

	f->flags = profile_flags(p);
	int r = build_exact(p, o, f, d);
	if (r == 0 && o->observe)
		r = build_observe(p, o, f);
	if (r == -E2BIG && d && !d->message[0]) {
		diag_set(d, r, p->path, 0, 0,
			 "the compiled filter is longer than the kernel's "
			 "limit of %d instructions",
			 BPF_MAXINSNS);
		diag_hint(d, "drop argument conditions or names the workload "
			     "does not need");
	}
	if (r < 0) {
		filter_free(f);
		return r;
	}
	*ret = f;
	return 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	free(f->exact);
	free(f->observe);
	free(f);
}

/* Linux 5.19: once the supervisor has read a notification, only a fatal
 * signal interrupts the call, as none would interrupt the errno it
 * stands in for. Older headers lack the name. */
#define FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)

int filter_install(const struct filter *f, bool listener)
{
	struct sock_fprog prog = {
		.len = (unsigned short)(listener ? f->observe_len
						 : f->exact_len),
		.filter = listener ? f->observe : f->exact,
	};
	unsigned flags = f->flags;
	if (listener)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER |
			 FILTER_FLAG_WAIT_KILLABLE_RECV;
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (r < 0 && errno == EINVAL && listener) {
		/* Before 5.19: a signal may interrupt a watched call. */
		flags &= ~FILTER_FLAG_WAIT_KILLABLE_RECV;
		r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	}
	if (r < 0)
		return -errno;
	return listener ? (int)r : 0;
}

int filter_decide(const struct filter *f, const struct seccomp_data *d,
		  uint32_t *ret)
{
	return bpf_run(f->exact, f->exact_len, d, ret);
}

struct profile_action filter_action_from_ret(uint32_t ret)
{
	uint32_t data = ret & SECCOMP_RET_DATA;
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
		return (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	case SECCOMP_RET_ERRNO:
		/* The kernel clamps errno values to 4095. */
		return (struct profile_action){ PROFILE_ACT_ERRNO,
						data > 4095 ? 4095 : data };
	case SECCOMP_RET_TRAP:
		return (struct profile_action){ PROFILE_ACT_TRAP, 0 };
	case SECCOMP_RET_LOG:
		return (struct profile_action){ PROFILE_ACT_LOG, 0 };
	case SECCOMP_RET_USER_NOTIF:
		return (struct profile_action){ PROFILE_ACT_NOTIFY, 0 };
	case SECCOMP_RET_TRACE:
		return (struct profile_action){ PROFILE_ACT_TRACE, data };
	case SECCOMP_RET_KILL_THREAD:
		return (struct profile_action){ PROFILE_ACT_KILL_THREAD, 0 };
	case SECCOMP_RET_KILL_PROCESS:
	default:
		return (struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
	}
}
