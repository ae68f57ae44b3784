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
 * run's profile is evaluated. */
#pragma once

#include "job.h"
#include "observations.h"
#include "profile.h"
#include "run.h"
#include "strv.h"
#include "usage.h"
#include "verdict.h"

struct pipeline_result {
	struct observations obs;
	struct verdict verdict; /* points into obs */
	struct strv used; /* usage.h: in order of first sight */
	/* Whether this run can show entries unnecessary: its usage was
	 * observed and it ended as its job expects (verdict.h). Then the
	 * profile's allowed entries it did not use, pointing into the
	 * profile, in profile order. */
	bool usage_observed;
	bool judged;
	struct usage_allowed *unnecessary;
	size_t n_unnecessary;
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
