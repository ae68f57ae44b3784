/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "runc-stub.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "syscalls.h"
#include "util.h"

#define X32_BIT 0x40000000u

bool runc_stub_applies(const struct profile *p)
{
	if (p->semantics != PROFILE_SEMANTICS_RUNC)
		return false;
	/* runc's findLastSyscalls walks the listed architectures only. */
	if (!p->architectures.n && !p->n_archmap)
		return false;
	struct profile_action a = p->default_action;
	if (a.type == PROFILE_ACT_ALLOW || a.type == PROFILE_ACT_LOG ||
	    a.type == PROFILE_ACT_TRACE)
		return false;
	return !(a.type == PROFILE_ACT_ERRNO && a.value == ENOSYS);
}

static void raise_cutoff(struct runc_cutoff *c, const char *name)
{
	int nr = syscalls_resolve(c->arch, name);
	if (nr > c->nr) {
		c->nr = nr;
		snprintf(c->name, sizeof(c->name), "%s", name);
	}
}

static size_t add_arch(uint32_t *v, size_t n, const char *name)
{
	uint32_t a;
	if (n >= RUNC_STUB_MAX_ARCHES || syscalls_arch_parse(name, &a) < 0)
		return n;
	for (size_t i = 0; i < n; i++)
		if (v[i] == a)
			return n;
	v[n] = a;
	return n + 1;
}

size_t runc_stub_listed(const struct profile *p,
			uint32_t ret[RUNC_STUB_MAX_ARCHES])
{
	size_t n = 0;
	for (size_t i = 0; i < p->architectures.n; i++)
		n = add_arch(ret, n, p->architectures.v[i]);
	for (size_t i = 0; p->n_arches && i < p->n_archmap; i++) {
		uint32_t a;
		if (syscalls_arch_parse(p->archmap[i].arch, &a) < 0 ||
		    a != p->arches[0])
			continue;
		n = add_arch(ret, n, p->archmap[i].arch);
		for (size_t j = 0; j < p->archmap[i].subs.n; j++)
			n = add_arch(ret, n, p->archmap[i].subs.v[j]);
	}
	return n;
}

size_t runc_stub_cutoffs(const struct profile *p, const struct profile_delta *d,
			 struct runc_cutoff ret[RUNC_STUB_MAX_ARCHES])
{
	uint32_t listed[RUNC_STUB_MAX_ARCHES];
	size_t n_listed = runc_stub_listed(p, listed), n = 0;
	for (size_t ai = 0; ai < n_listed; ai++) {
		struct runc_cutoff c = { .arch = listed[ai], .nr = -1 };
		/* Every rule runc is given, whatever its action. */
		for (size_t ri = 0; ri < p->n_rules; ri++) {
			const struct profile_rule *r = &p->rules[ri];
			for (size_t j = 0; r->active && j < r->n_names; j++)
				if (!profile_delta_dropped(d, ri, j))
					raise_cutoff(&c, r->names[j].name);
		}
		for (size_t i = 0; d && i < d->n_added; i++)
			if (!d->added[i].dropped)
				raise_cutoff(&c, d->added[i].name);
		/* runc: "could not find any syscalls for arch", no test. */
		if (c.nr > 0)
			ret[n++] = c;
	}
	return n;
}

/* One arch's test: on x86_64's audit arch the native numbers and x32's
 * (bit 30) each meet their own cut-off only. Returns the jgt to patch. */
static size_t emit_test(struct bpf_asm *b, const struct runc_cutoff *c)
{
	uint32_t audit = syscalls_audit_arch(c->arch);
	if (audit == SCMP_ARCH_X86_64)
		bpf_asm_emit(b, BPF_JMP | BPF_JSET | BPF_K,
			     c->arch == SCMP_ARCH_X32 ? 0 : 1,
			     c->arch == SCMP_ARCH_X32 ? 1 : 0, X32_BIT);
	return bpf_asm_emit(b, BPF_JMP | BPF_JGT | BPF_K, 0, 0,
			    (uint32_t)c->nr);
}

int runc_stub_build(const struct runc_cutoff *c, size_t n,
		    struct sock_filter **ret, size_t *ret_len)
{
	struct bpf_asm b = { 0 };
	size_t to_enosys[RUNC_STUB_MAX_ARCHES], to_prog[RUNC_STUB_MAX_ARCHES];
	size_t n_enosys = 0, n_prog = 0;
	bool done[RUNC_STUB_MAX_ARCHES] = { false };
	bpf_asm_emit(&b, BPF_LD | BPF_W | BPF_ABS, 0, 0,
		     offsetof(struct seccomp_data, arch));
	/* A block per audit arch: x86_64 and x32 share one. */
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		uint32_t audit = syscalls_audit_arch(c[i].arch);
		size_t jeq = bpf_asm_emit(&b, BPF_JMP | BPF_JEQ | BPF_K, 0, 0,
					  audit);
		bpf_asm_emit(&b, BPF_LD | BPF_W | BPF_ABS, 0, 0,
			     offsetof(struct seccomp_data, nr));
		for (size_t k = i; k < n; k++) {
			if (syscalls_audit_arch(c[k].arch) != audit)
				continue;
			done[k] = true;
			to_enosys[n_enosys++] = emit_test(&b, &c[k]);
		}
		to_prog[n_prog++] = bpf_asm_emit(&b, BPF_JMP | BPF_JA, 0, 0, 0);
		b.ins[jeq].jf = (uint8_t)(b.n - jeq - 1);
	}
	to_prog[n_prog++] = bpf_asm_emit(&b, BPF_JMP | BPF_JA, 0, 0, 0);
	size_t enosys =
		bpf_asm_emit(&b, BPF_RET | BPF_K, 0, 0,
			     SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA));
	if (b.oom) {
		free(b.ins);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n_enosys; i++)
		b.ins[to_enosys[i]].jt = (uint8_t)(enosys - to_enosys[i] - 1);
	for (size_t i = 0; i < n_prog; i++)
		b.ins[to_prog[i]].k = (uint32_t)(b.n - to_prog[i] - 1);
	*ret = b.ins;
	*ret_len = b.n;
	return 0;
}

bool runc_stub_covers(const struct profile *p, const struct profile_delta *d,
		      uint32_t arch, int nr, struct runc_cutoff *ret)
{
	if (!runc_stub_applies(p))
		return false;
	struct runc_cutoff c[RUNC_STUB_MAX_ARCHES];
	size_t n = runc_stub_cutoffs(p, d, c);
	for (size_t i = 0; i < n; i++) {
		if (c[i].arch == arch && (uint32_t)nr > (uint32_t)c[i].nr) {
			*ret = c[i];
			return true;
		}
	}
	return false;
}

void runc_stub_semantics(const struct profile *p, const struct profile_delta *d,
			 char *buf, size_t size)
{
	char stub[256];
	runc_stub_describe(p, d, stub, sizeof(stub));
	if (p->semantics == PROFILE_SEMANTICS_RUNC)
		snprintf(buf, size, "runc (%s)", stub);
	else
		snprintf(buf, size, "%s", profile_semantics_name(p->semantics));
}

void runc_stub_describe(const struct profile *p, const struct profile_delta *d,
			char *buf, size_t size)
{
	if (!runc_stub_applies(p)) {
		const char *why =
			p->semantics != PROFILE_SEMANTICS_RUNC ? "not runc"
			: !p->architectures.n && !p->n_archmap
				? "no architectures listed"
				: "its default action lets calls run or is "
				  "ENOSYS";
		snprintf(buf, size, "no ENOSYS stub (%s)", why);
		return;
	}
	struct runc_cutoff c[RUNC_STUB_MAX_ARCHES];
	size_t n = runc_stub_cutoffs(p, d, c);
	int len = snprintf(buf, size, "ENOSYS above");
	for (size_t i = 0; i < n && len > 0 && (size_t)len < size; i++)
		len += snprintf(buf + len, size - (size_t)len, "%s %s %d (%s)",
				i ? "," : "", syscalls_arch_name(c[i].arch),
				c[i].nr & (int)~X32_BIT, c[i].name);
}
