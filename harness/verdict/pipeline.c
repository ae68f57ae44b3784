/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usage.h"

/* The evidence rule: only a run that observed usage and ended as
 * expected can show an allowed entry unused. */
static int judge_usage(const struct profile *p, const struct run_options *o,
		       struct pipeline_result *ret)
{
	ret->usage_observed = o->usage;
	ret->judged =
		o->usage && verdict_ended_as_expected(ret->verdict.outcome);
	if (!ret->judged)
		return 0;
	size_t n;
	int r = usage_allowed(p, o->delta, &ret->unnecessary, &n);
	if (r == 0)
		ret->n_unnecessary =
			usage_unused(ret->unnecessary, n, ret->used.v);
	return r;
}

int pipeline_run(const struct job *j, struct profile *p,
		 const struct run_options *o, struct pipeline_result *ret,
		 struct run_error *err)
{
	memset(ret, 0, sizeof(*ret));
	profile_evaluate(p, &j->env);
	int r = run_workload(j, p, o, &ret->obs, err);
	if (r < 0)
		return r;
	/* An expected list given empty is a list: every denial is outside. */
	static char *const none[] = { NULL };
	struct verdict_expect e = {
		.exit_code = j->expect.exit_code,
		.denied = j->expect.denied.v,
		.expected = !j->expect.has_expected ? NULL
			    : j->expect.expected.v  ? j->expect.expected.v
						    : none,
		.learn = o->learn,
	};
	if ((r = verdict_judge(&ret->obs, &e, &ret->verdict)) < 0 ||
	    (r = usage_names(&ret->obs, &ret->used)) < 0 ||
	    (r = judge_usage(p, o, ret)) < 0) {
		pipeline_result_clear(ret);
		err->failure = RUN_FAILED_SUPERVISE;
		return err->error = r;
	}
	return 0;
}

bool pipeline_failed(const struct pipeline_result *r)
{
	return verdict_has_findings(&r->verdict);
}

bool pipeline_findings(const struct pipeline_result *r,
		       bool fail_on_unnecessary)
{
	return pipeline_failed(r) ||
	       (fail_on_unnecessary && r->judged && r->n_unnecessary);
}

void pipeline_why_not_judged(const struct pipeline_result *r, char *buf,
			     size_t size)
{
	if (!r->usage_observed)
		snprintf(buf, size, "usage was not observed (--no-usage)");
	else
		snprintf(buf, size, "the run ended %s, not as expected: %s",
			 verdict_outcome_name(r->verdict.outcome),
			 r->verdict.reason);
}

void pipeline_result_clear(struct pipeline_result *r)
{
	verdict_clear(&r->verdict);
	observations_clear(&r->obs);
	strv_clear(&r->used);
	free(r->unnecessary);
	r->unnecessary = NULL;
	r->n_unnecessary = 0;
}
