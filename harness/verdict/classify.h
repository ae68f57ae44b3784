/* classify — judge a supervised run against what was expected: the run's
 * outcome (DESIGN.md's list) and a class for each distinct denial.
 * Pure: reads an sv_result, writes a verdict, prints nothing. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "supervisor.h"

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
	CLASS_MISSING, /* denied and the workload needed it */
	CLASS_TOLERATED, /* denied and the run still succeeded */
	CLASS_EXPECTED, /* an --expect-denied syscall, denied: good */
	CLASS_ESCAPED, /* an --expect-denied syscall the profile allowed */
	CLASS_UNEXPECTED, /* denied and not in the --expect list */
	CLASS_LOGGED, /* SCMP_ACT_LOG / NOTIFY: not a denial */
	CLASS_LAUNCHER, /* made by scaudit's child before execve */
	CLASS_MAX
};

struct classify_expect {
	int exit_code; /* the expected exit status (0) */
	char *const *denied; /* --expect-denied names; NULL-terminated */
	char *const *expected; /* --expect LIST; NULL: no list given */
	bool learn;
};

struct verdict {
	enum run_outcome outcome;
	char reason[320];
	enum denial_class *classes; /* one per res->denials[i] */
	size_t count[CLASS_MAX];
	const struct sv_denial *fatal; /* the denial that killed, or NULL */
	char never_attempted[256]; /* expect-denied names never seen */
	/* The profile denies the launcher's execve: runc or `scaudit exec`,
	 * which load the filter before exec, could not start the program. */
	bool exec_denied;
};

/* Returns 0 and *ret (clear with verdict_clear), or -ENOMEM. */
int classify_run(const struct sv_result *r, const struct classify_expect *e,
		 struct verdict *ret);
void verdict_clear(struct verdict *v);

/* Findings make a run fail: missing, unexpected, escaped entries, or an
 * outcome other than passed / passed-with-tolerated / blocked. */
bool verdict_has_findings(const struct verdict *v);

const char *outcome_name(enum run_outcome o); /* "passed", … */
const char *denial_class_name(enum denial_class c); /* "missing", … */
