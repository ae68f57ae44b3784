/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "own-filter.h"

#include <errno.h>
#include <string.h>

#include "bpf.h"

int own_filter_rewrite(const struct sock_filter *prog, size_t len, bool learn,
		       bool keep_traps, struct sock_filter *out)
{
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		out[i] = prog[i];
		if (prog[i].code == (BPF_RET | BPF_A))
			return -EOPNOTSUPP;
		if (prog[i].code != (BPF_RET | BPF_K) ||
		    own_filter_rank(prog[i].k) >=
			    own_filter_rank(SECCOMP_RET_TRACE) ||
		    (keep_traps &&
		     (prog[i].k & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_TRAP))
			continue;
		/* TRACE's data: the instruction, for a tracer to read. */
		out[i].k = learn ? SECCOMP_RET_ALLOW
				 : SECCOMP_RET_TRACE | (uint32_t)(i & 0xffff);
		n++;
	}
	return n;
}

static int run_zero(const struct sock_filter *prog, size_t len, uint32_t arch,
		    int nr, uint32_t *ret)
{
	struct seccomp_data d;
	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = nr;
	return bpf_run(prog, len, &d, ret);
}

int own_filter_default(const struct sock_filter *prog, size_t len,
		       uint32_t arch, uint32_t *ret)
{
	/* Past every table (the largest is under 1100) and below x32's bit. */
	return run_zero(prog, len, arch, 0x3ffff, ret);
}

int own_filter_allows(const struct sock_filter *prog, size_t len, uint32_t arch,
		      int nr)
{
	uint32_t ret;
	int r = run_zero(prog, len, arch, nr, &ret);
	if (r < 0)
		return r;
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG;
}
