/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pipeline.h"

#include <errno.h>
#include <string.h>

#include "usage.h"

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
	    (r = usage_names(&ret->obs, &ret->used)) < 0) {
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

void pipeline_result_clear(struct pipeline_result *r)
{
	verdict_clear(&r->verdict);
	observations_clear(&r->obs);
	strv_clear(&r->used);
}
