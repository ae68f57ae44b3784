/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* effect — what a compiled profile does with every syscall, found without
 * running anything: the exact BPF program (filter.h) is run in scaudit's
 * interpreter (bpf.h) for every syscall number libseccomp names on each
 * arch the filter covers, with the argument values its conditions turn on
 * (the boundary values of each comparison, 64-bit values split into their
 * 32-bit halves). A row is unconditional when every sample got the same
 * action. Also the filter's cost: instructions evaluated per call. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "profile.h"
#include "strv.h"

#define EFFECT_MAX_ACTIONS 6

struct effect_row {
	uint32_t arch;
	int nr;
	char name[64];
	uint32_t actions[EFFECT_MAX_ACTIONS]; /* distinct SECCOMP_RET_* seen */
	size_t n_actions;
	size_t samples;
	size_t steps_allowed; /* instructions for the all-zero call, when
			       * that call is allowed; 0 otherwise */
};

struct effect_table {
	struct effect_row *rows;
	size_t n, alloc;
	size_t n_insns; /* the program's length */
};

/* Samples come from the conditions of every profile in conds (the profile
 * itself, and for diff the other one too). Returns 0 or -errno. */
int effect_compute(const struct filter *f, const uint32_t *arches,
		   size_t n_arches, const struct profile *const *conds,
		   size_t n_conds, struct effect_table *ret);
void effect_table_clear(struct effect_table *t);
static inline void effect_table_clearp(struct effect_table *x)
{
	effect_table_clear(x);
}
#define cleanup_effect_table __attribute__((cleanup(effect_table_clearp)))

/* The row of (arch, name), or NULL. */
const struct effect_row *effect_find(const struct effect_table *t,
				     uint32_t arch, const char *name);

/* Whether any sample of the row was allowed / denied. */
bool effect_allows(const struct effect_row *r);
bool effect_denies(const struct effect_row *r);

/* "allow", "errno EPERM", "kill-process", … for a SECCOMP_RET_* value. */
void effect_action_name(uint32_t ret, char *buf, size_t size);

/* Where two filters differ, sample by sample. */
struct effect_delta {
	uint32_t arch;
	int nr;
	char name[64];
	bool widened; /* some call B allows and A denies */
	bool narrowed; /* some call A allows and B denies */
	uint32_t a, b; /* the first differing pair of actions */
};

/* What a diff found, counted: a delta with both flags counts as widened
 * and as narrowed; "other" is neither (both deny, differently). A
 * widening is what effect_delta calls one: some call B lets run (allow or
 * log) that A does not; a milder denial (an errno for a kill) is not. */
#define EFFECT_MAX_ARCHES 16
struct effect_diff_summary {
	size_t total, widened, narrowed, other;
	size_t n_arches; /* the arches with a widening, in delta order */
	uint32_t arches[EFFECT_MAX_ARCHES];
	size_t widened_on[EFFECT_MAX_ARCHES]; /* widened syscalls of each */
};
void effect_diff_summarize(const struct effect_delta *d, size_t n,
			   struct effect_diff_summary *ret);

/* The arches either profile's filter covers, a's first, each once, at
 * most max into ret. Returns the count. */
size_t effect_arches(const struct profile *a, const struct profile *b,
		     uint32_t *ret, size_t max);

/* The deltas between a and b over arches, samples from conds. Returns the
 * count (>= 0; *ret is freed by the caller) or -errno. */
int effect_diff(const struct filter *a, const struct filter *b,
		const uint32_t *arches, size_t n_arches,
		const struct profile *const *conds, size_t n_conds,
		struct effect_delta **ret);

/* The names b allows (for some arch and arguments) where a does not,
 * both evaluated, each once, appended to ret: what an edit of a widened.
 * 0, -ENOMEM, or -EINVAL with d set when one cannot be compiled. */
int effect_widened(const struct profile *a, const struct profile *b,
		   struct strv *ret, struct diag *d);

/* Cost over the allowed calls of arch: worst and mean instructions. */
void effect_cost(const struct effect_table *t, uint32_t arch, size_t *ret_worst,
		 double *ret_mean, size_t *ret_allowed);
