/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explain — what a profile's compiled filter does with every syscall of
 * every arch it covers, sorted for people: per arch the names allowed
 * outright, those allowed under conditions (with the conditions in
 * words and what the rest gets), and the denied ones grouped by what
 * they get; and the filter's cost in both of libseccomp's layouts. The
 * rows come from effect.h (scaudit's BPF interpreter over the exact
 * program); nothing runs. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "effect.h"
#include "profile.h"
#include "strv.h"

struct explain_conditional {
	char name[64];
	char when[1024]; /* "arg0 == 0x8, or arg0 == 0" */
	uint32_t otherwise; /* SECCOMP_RET_* of the calls that fail them */
};

struct explain_group {
	char title[96]; /* "errno EPERM", "kill-process or other denials …" */
	struct strv names;
};

#define EXPLAIN_MAX_GROUPS 16

struct explain_arch {
	uint32_t arch;
	struct strv allowed; /* outright */
	struct explain_conditional *conditional;
	size_t n_conditional;
	struct explain_group denied[EXPLAIN_MAX_GROUPS]; /* by first sight */
	size_t n_denied;
};

struct explain_cost {
	size_t insns, worst, allowed;
	double mean;
};

struct explain {
	struct effect_table rows; /* with the binary-tree layout */
	struct explain_arch *arches;
	size_t n_arches;
	struct explain_cost tree, linear; /* on the target arch */
};

/* Explain p, evaluated under env. Returns 0 and *ret (clear with
 * explain_clear); -errno with d saying why when a filter cannot be built
 * (the input's); or -errno with d empty when the built filter cannot be
 * interpreted (ours). */
int explain_profile(const struct profile *p, const struct profile_env *env,
		    struct explain *ret, struct diag *d);

/* The allow rules of name in p, in words: "arg0 == 0x8, or arg0 == 0";
 * conditions on one argument are alternatives (the filter's rule). */
void explain_conditions(const struct profile *p, const char *name, char *buf,
			size_t size);

void explain_clear(struct explain *e);
static inline void explain_clearp(struct explain *x)
{
	explain_clear(x);
}
#define cleanup_explain __attribute__((cleanup(explain_clearp)))
