/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pipeline — the one way a workload is run and judged, for check, record,
 * trim and run alike:
 *
 *   job (run/job.h: what to run, under which caps, limits, stdio, and
 *        what a good run is)
 *   → run (run/run.h: runner + supervisor; the one place that decides
 *          what is observed)
 *   → observations (run/observations.h: every call seen, who made it,
 *                   what the profile did)
 *   → verdict (verdict.h: the outcome and a class per call) and usage
 *             (usage.h: what the workload used of the profile).
 *
 * pipeline_run evaluates the profile under the job's environment (its
 * caps, the native arch, this kernel) before the run: the one place a
 * run's profile is evaluated.
 *
 * Repeats: a workload may make some calls only in some runs (a runtime's
 * timing). pipeline_repeat runs it again, alternating between one CPU and
 * all (runtimes size their thread pools by the CPUs they may use), for
 * the asked number of runs or, until_stable, until PIPELINE_STABLE runs
 * in a row add no name (bounded). Its usage is the union; a name some
 * runs used and others did not is intermittent. It stops at the first run
 * that did not end as expected or had findings: that run is the one
 * shown. */
#pragma once

#include "job.h"
#include "observations.h"
#include "own-verdict.h"
#include "profile.h"
#include "run.h"
#include "sometimes.h"
#include "strv.h"
#include "usage.h"
#include "verdict.h"

#define PIPELINE_STABLE 5
#define PIPELINE_MAX_RUNS 20

struct pipeline_repeat {
	unsigned runs; /* at least; 0 counts as 1 */
	bool until_stable; /* then on until PIPELINE_STABLE add no name */
	unsigned max_runs; /* the bound then; 0: PIPELINE_MAX_RUNS */
};

struct pipeline_result {
	struct observations obs; /* of the run shown */
	struct verdict verdict; /* points into obs */
	unsigned runs; /* made */
	unsigned shown; /* obs's run, from 1 */
	struct strv used; /* usage.h: the runs' union, in order of first sight */
	struct usage_set usage; /* the same, with calls, arches and runs */
	struct strv intermittent; /* used by some runs, not all (sorted) */
	struct sometimes sometimes; /* made only sometimes (sometimes.h) */
	/* Names some run found missing (with learn: let through), and of
	 * them those whose real action kills: the runs' union. */
	struct strv missing, missing_fatal;
	/* Whether the runs can show entries unnecessary: usage was observed
	 * and every run ended as its job expects (verdict.h). Then the
	 * profile's allowed entries no run used and none is known to make
	 * only sometimes, pointing into the profile, in profile order. */
	bool usage_observed;
	bool judged;
	/* A name the runs used that lets the workload past the filter
	 * (bypass.h): a finding; NULL: none. */
	const char *bypass;
	struct usage_allowed *unnecessary;
	size_t n_unnecessary;
	/* Allowed entries no run used but known to come only sometimes
	 * (sometimes.h): kept, never unnecessary. */
	struct usage_allowed *known;
	size_t n_known;
	/* The filter the workload loaded itself, judged (own-verdict.h);
	 * own.runs_loaded 0: it loaded none. */
	struct own_verdict own;
};

/* Why r cannot show entries unnecessary (r->judged false), in words:
 * "usage was not observed (--no-usage)", "the run failed: …". */
void pipeline_why_not_judged(const struct pipeline_result *r, char *buf,
			     size_t size);

/* Run j under p with o, then judge it. Returns 0 and *ret (clear with
 * pipeline_result_clear); -ENOMEM; or another -errno with *err saying why
 * the run could not happen (run.h). */
int pipeline_run(const struct job *j, struct profile *p,
		 const struct run_options *o, struct pipeline_result *ret,
		 struct run_error *err);

/* The same, repeated as rep says (NULL: once). */
int pipeline_repeat(const struct job *j, struct profile *p,
		    const struct run_options *o,
		    const struct pipeline_repeat *rep,
		    struct pipeline_result *ret, struct run_error *err);

/* Findings: the run is not what the job expects (verdict.h); with
 * fail_on_unnecessary, also a judged run that left entries unused. */
bool pipeline_failed(const struct pipeline_result *r);
bool pipeline_findings(const struct pipeline_result *r,
		       bool fail_on_unnecessary);

void pipeline_result_clear(struct pipeline_result *r);
static inline void pipeline_result_clearp(struct pipeline_result *r)
{
	pipeline_result_clear(r);
}
#define cleanup_pipeline_result __attribute__((cleanup(pipeline_result_clearp)))
