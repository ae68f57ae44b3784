/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* verdict — judge a supervised run against what was expected: the run's
 * outcome (DESIGN.md's list) and a class for each distinct call observed.
 * Pure: reads observations, writes a verdict, prints nothing. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "observations.h"

enum run_outcome {
	OUTCOME_PASSED,
	OUTCOME_PASSED_TOLERATED,
	OUTCOME_KILLED,
	OUTCOME_FAILED,
	OUTCOME_BLOCKED,
	OUTCOME_ESCAPED,
	OUTCOME_TIMEOUT,
	OUTCOME_CRASHED,
	OUTCOME_ERROR,
	OUTCOME_MAX
};

enum denial_class {
	CLASS_MISSING, /* denied and the workload needed it: its real action
			* kills, or learn mode let it through */
	CLASS_TOLERATED, /* denied with an errno and the run still succeeded */
	CLASS_UNDECIDED, /* denied with an errno in a run that failed or timed
			  * out: maybe the cause, maybe not (--learn or
			  * --repeat decides); never "add it" */
	CLASS_EXPECTED, /* an --expect-denied syscall, denied: good */
	CLASS_ESCAPED, /* an --expect-denied syscall the profile allowed */
	CLASS_UNEXPECTED, /* denied and not in the --expect list */
	CLASS_ALLOWED, /* allowed: use of the profile (usage runs) */
	CLASS_LOGGED, /* SCMP_ACT_LOG / NOTIFY: not a denial */
	CLASS_LAUNCHER, /* made by scaudit's child before execve */
	CLASS_MAX
};

struct verdict_expect {
	int exit_code; /* the expected exit status (0) */
	char *const *denied; /* --expect-denied names; NULL-terminated */
	char *const *expected; /* --expect LIST; NULL: no list given */
	bool learn;
};

struct verdict {
	enum run_outcome outcome;
	char reason[320];
	enum denial_class *classes; /* one per observations' calls[i] */
	size_t count[CLASS_MAX];
	const struct obs_call *fatal; /* the call that killed, or NULL */
	char never_attempted[256]; /* expect-denied names never seen */
	/* The profile denies the launcher's execve: runc or `scaudit exec`,
	 * which load the filter before exec, could not start the program. */
	bool exec_denied;
};

/* Returns 0 and *ret (clear with verdict_clear), or -ENOMEM. *ret
 * points into r: r must outlive it. */
int verdict_judge(const struct observations *r, const struct verdict_expect *e,
		  struct verdict *ret);
void verdict_clear(struct verdict *v);
static inline void verdict_clearp(struct verdict *v)
{
	verdict_clear(v);
}
#define cleanup_verdict __attribute__((cleanup(verdict_clearp)))

/* Findings make a run fail: missing, unexpected, escaped entries, or an
 * outcome other than passed / passed-with-tolerated / blocked. */
bool verdict_has_findings(const struct verdict *v);

/* Whether a run with outcome o ended as its job expects (passed, with
 * tolerated denials or not, or blocked as expected): the only runs whose
 * usage can show an entry unnecessary. */
bool verdict_ended_as_expected(enum run_outcome o);

const char *verdict_outcome_name(enum run_outcome o); /* "passed", … */
const char *verdict_class_name(enum denial_class c); /* "missing", … */
/* And back: 0, or -EINVAL for a name that is none. */
int verdict_outcome_parse(const char *s, enum run_outcome *ret);
int verdict_class_parse(const char *s, enum denial_class *ret);
