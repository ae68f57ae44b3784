/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* summary — a suite's verdict from its cases: per profile the union of
 * what its cases used (and which executables made each name), the
 * entries some case needs and the profile lacks (with the cases), the
 * allowed entries no case used; over all, whether there are findings.
 * suite_run ends with it, and so does merge, so shards combine into the
 * verdict one run would have given. */
#pragma once

#include <stdbool.h>

#include "diag.h"
#include "suite.h"

/* The executables that made name in case c, each once, appended to ret:
 * those it used it with (used_by), those denied it. 0 or -ENOMEM. */
int suite_case_exes(const struct suite_case_result *c, const char *name,
		    struct strv *ret);

/* The profile of r that case c is about, or NULL. */
const struct suite_profile *suite_profile_of(const struct suite_result *r,
					     const struct suite_case_result *c);

/* The names of p's case × syscall matrix: every name p allows or lacks,
 * its cases used, or were denied or let through against expectation;
 * sorted, appended to ret. 0 or -ENOMEM. */
int suite_profile_names(const struct suite_result *r,
			const struct suite_profile *p, struct strv *ret);

/* Recompute the summary of r from its cases and its profiles' allowed
 * entries and exposures (their dangerous names' use: suite-exposure.h).
 * fail_on_unnecessary: unnecessary entries are findings. max_dangerous
 * >= 0 (--max-dangerous-unused): a profile with more dangerous entries
 * allowed and unused is a finding, and one whose use is not judged has
 * its gate not judged (suite_profile.gate), never passed. Returns 0 or
 * -ENOMEM. */
int suite_summarize_gated(struct suite_result *r, bool fail_on_unnecessary,
			  long max_dangerous);

/* suite_summarize_gated without --max-dangerous-unused. */
int suite_summarize(struct suite_result *r, bool fail_on_unnecessary);

/* Combine the results of several shards of one split (parts[i] read from
 * paths[i]): every shard must be there, a case counts once whichever
 * shard ran it. Returns 0 and *ret (summarized), -EINVAL with d saying
 * which shard is missing or of another split, or -ENOMEM. */
int suite_merge(const struct suite_result *parts, const char *const *paths,
		size_t n, struct suite_result *ret, struct diag *d);

/* One run as a suite's result (one profile, one case named name, no case
 * file), summarized: check's run in the suite's reports (the HTML page).
 * p as the run left it (evaluated); with_exposure: p is the user's
 * profile, not a stand-in, and its exposure is shown. 0 or -ENOMEM. */
int suite_result_of_run(const struct profile *p, const struct job *j,
			const struct pipeline_result *res, const char *name,
			bool fail_on_unnecessary, bool with_exposure,
			struct suite_result *ret);
