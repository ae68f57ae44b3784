/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* own-verdict — the workload's own filter judged (run/takeover.h: the
 * filters a program loads itself), over the runs of a pipeline:
 *  - missing: calls made under it that it denies (its list lacks them);
 *  - unused: names it allows that no run called under it, judged only on
 *    the evidence rule's runs (all ended as expected, usage observed,
 *    every load observed), never those known to come only sometimes;
 *  - before: what the workload called outside it (before its load, or in
 *    processes without it): an exec-time profile's business (Docker's,
 *    systemd's), never the program's list's.
 * Pure: reads observations and verdicts, prints nothing. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "observations.h"
#include "strv.h"
#include "verdict.h"

struct own_verdict {
	unsigned runs_loaded; /* runs in which the workload loaded a filter */
	bool unobserved; /* some load was not taken over: see why */
	char why[200];
	struct strv missing; /* sorted, distinct: the runs' union */
	struct strv missing_fatal; /* of them, those its filter kills for */
	/* Denied by it with an errno: the run coped (tolerated), or failed
	 * and the denial may be why (undecided: --learn tells). */
	struct strv tolerated, undecided;
	struct strv used; /* called under it and let run by it */
	struct strv before; /* called by the workload outside it */
	struct strv allowed; /* what it allows (the shown run's loads) */
	/* A load denies rt_sigreturn and the workload installed signal
	 * handlers: should a signal come, production kills at the handler's
	 * return. scaudit never watches rt_sigreturn: a warning, not a
	 * finding of a run. */
	bool sigreturn_needed;
	bool ambiguous; /* observations.h's own_ambiguous, in some run */
	bool judged;
	char why_not[240];
	struct strv unused; /* allowed − used − known, when judged */
	struct strv known; /* allowed, unused, but known to come sometimes */
	/* Known to come only sometimes (sometimes.h: the kernel's, Go's
	 * runtime's), denied by its filter, and made by no run: a kill
	 * waiting for its moment. Findings, like missing. */
	struct strv at_risk;
};

/* Add one run (its observations and verdict). 0 or -ENOMEM. */
int own_verdict_add(struct own_verdict *ov, const struct observations *o,
		    const struct verdict *v);

/* After the runs: what the loads of shown allow, and the unused names
 * when evidence holds (usage_judged: the pipeline's evidence rule for
 * its runs) minus those in known (sometimes.h). 0 or -ENOMEM. */
int own_verdict_finish(struct own_verdict *ov, const struct observations *shown,
		       bool usage_judged, const char *why_not_judged,
		       char *const *known);

/* The names a stack of loads allows, whatever the arguments are not: with
 * every argument 0, on the native arch. Appended to ret. */
int own_verdict_allowed(const struct observations *o, struct strv *ret);

void own_verdict_clear(struct own_verdict *ov);
