/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lint — checks of a profile that need no workload. Each finding points
 * at the profile line to edit. Severity decides the exit status:
 * errors are bad input (2), warnings are findings (1), notes inform. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "exposure.h"
#include "profile.h"
#include "sarif.h"

enum lint_severity { LINT_ERROR, LINT_WARNING, LINT_NOTE, LINT_SEVERITY_MAX };

enum lint_kind {
	LINT_UNKNOWN_NAME, /* no arch knows it (error) */
	LINT_CONFLICT, /* same syscall, two unconditional actions */
	LINT_TOO_NEW, /* newer than libseccomp: default action */
	LINT_ERRNO_CLAMPED, /* errno above 4095: the kernel clamps it */
	LINT_DUPLICATE, /* same syscall and action twice */
	LINT_REDUNDANT, /* rule does what the default action does */
	LINT_DEAD_RULE, /* conditions no arch or capability set meets */
	LINT_INACTIVE_RULE, /* off under the caps/arch judged (note) */
	LINT_NOT_APPLICABLE, /* a syscall of other arches only (note) */
	LINT_DANGEROUS, /* allows a syscall with a known risk */
	LINT_SHADOWED, /* conditions an unconditional rule overrides */
	LINT_COMPAT, /* compat arches left open */
	LINT_ERRNO_ADVICE, /* EPERM where ENOSYS lets programs fall back */
	LINT_KIND_MAX
};

struct lint_finding {
	enum lint_kind kind;
	enum lint_severity severity;
	struct profile_loc loc;
	char name[72]; /* the syscall, or "" for a whole rule */
	char message[256];
	char hint[160];
};

struct lint_result {
	struct lint_finding *items;
	size_t n, alloc;
	size_t count[LINT_SEVERITY_MAX];
	bool out_of_memory;
	struct exposure exposure; /* of the profile, no use judged */
};

/* Check p, evaluated under env (profile_evaluate is called). Findings are
 * sorted by location; the exposure is p's (exposure.h). Returns 0 or
 * -ENOMEM; free with lint_result_clear (also on failure). */
int lint_profile(struct profile *p, const struct profile_env *env,
		 struct lint_result *ret);
void lint_result_clear(struct lint_result *r);

/* What kind k means and what to do (lint-rules.c), as a SARIF rule. */
void lint_kind_rule(enum lint_kind k, struct sarif_rule *ret);
static inline void lint_result_clearp(struct lint_result *x)
{
	lint_result_clear(x);
}
#define cleanup_lint_result __attribute__((cleanup(lint_result_clearp)))

const char *lint_kind_name(enum lint_kind k); /* "unknown-name" */
const char *lint_severity_name(enum lint_severity s); /* "error" */
