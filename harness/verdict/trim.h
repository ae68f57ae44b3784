/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* trim — cut an over-broad profile down to what its workloads use, with
 * proof (scaudit trim):
 *  1. run each job under the profile until its usage is stable
 *     (pipeline.h's repeats), every call observed, the profile's own
 *     decisions carried out (with learn: every denied call let through,
 *     and what was missing added);
 *  2. the active allow entries no run used, and none is known to make
 *     only sometimes (sometimes.h), are unnecessary: left out;
 *  3. run each job again under the trimmed profile with its real
 *     semantics, and put back what that run names as missing (up to four
 *     rounds);
 *  3b. with learn, prove each addition: a run with the profile's own
 *     action for it must fail (a kill is fatal without a run); one the
 *     workload copes with is taken out again, the profile's rule stays;
 *  4. with deep, try denying each used entry (ENOSYS, then EPERM) in
 *     isolated trials, then what each tolerates together (trim-deep.h;
 *     Loupe's idea).
 * The profile itself is not changed: the result's delta holds the edits
 * (delta.h), for writer_trimmed. Every run goes through pipeline_run;
 * nothing here prints. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "delta.h"
#include "job.h"
#include "pipeline.h"
#include "profile.h"
#include "run.h"
#include "strv.h"
#include "trim-deep.h"

struct trim_options {
	bool learn; /* add what the first run finds missing */
	bool deep; /* the trials of step 4 */
	int jobs; /* trials at once (>= 1) */
	struct pipeline_repeat repeat; /* of each job's first runs */
	/* deep: after each trial (trim-deep.h); NULL: none */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *ctx;
	enum usage_backend usage_backend; /* of the first runs */
};

enum trim_status {
	TRIM_VERIFIED, /* the trimmed profile passed every job */
	TRIM_FAILS_ALREADY, /* a job fails under the profile as it is */
	TRIM_UNVERIFIED, /* the trimmed profile fails a job */
	TRIM_NOT_REPEATABLE, /* a job failed again without any denial: the
			      * workload, not the profile */
	TRIM_STATUS_MAX
};

struct trim_result {
	enum trim_status status;
	struct profile_delta delta; /* the trimmed profile: p with these edits */
	/* Entries (a name in two rules counts twice), in profile order. */
	struct strv removed; /* allowed, used by no run: unnecessary */
	struct strv kept; /* allowed and used (added ones last) */
	struct strv not_judged; /* in rules for other caps or arches, or
				 * unknown here: kept */
	struct strv added; /* learn: missing, added, in order of sight */
	struct strv put_back; /* unused at first, needed by the verification */
	struct strv put_back_why; /* per name: how that verification ended */
	struct strv intermittent; /* kept: used by some first runs, not all */
	/* kept: no run used them, but what the runs did makes them only
	 * sometimes (sometimes.h); known_why[i] says why */
	struct strv known;
	const char **known_why;
	/* learn: missing in the first run, but a run with the profile's own
	 * action for it passed: not added, the denial is tolerated */
	struct strv unproven;
	/* learn: added, but no proof run made the call: kept, unproven */
	struct strv unseen;
	struct trim_deep_result deep; /* deep: in the order of kept */
	size_t names; /* in the profile as read */
	size_t runs;
	size_t first_runs; /* of them, the first runs of step 1 */
	/* How their usage was seen (the last first run's, usage-observer.h),
	 * and why auto did not count it in the kernel. */
	enum obs_usage usage;
	char usage_why[256];
	double seconds;
	/* TRIM_FAILS_ALREADY, TRIM_UNVERIFIED and TRIM_NOT_REPEATABLE: the
	 * first job that failed,
	 * its outcome and why; and what the trimmed profile still misses. */
	size_t failed_job;
	unsigned failed_run; /* of its first runs, from 1; 0: a later run */
	char outcome[64];
	char reason[320];
	struct strv missing;
	bool no_denial; /* a verification run failed without any denial */
};

/* Trim p for jobs[0..n). Returns 0 and *ret (clear with
 * trim_result_clear); or -errno with *err saying why a run could not
 * happen and *ret->failed_job which job's. */
int trim_run(struct profile *p, const struct job *jobs, size_t n,
	     const struct trim_options *o, struct trim_result *ret,
	     struct run_error *err);

void trim_result_clear(struct trim_result *r);
static inline void trim_result_clearp(struct trim_result *x)
{
	trim_result_clear(x);
}
#define cleanup_trim_result __attribute__((cleanup(trim_result_clearp)))
