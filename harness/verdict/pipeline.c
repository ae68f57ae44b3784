/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pipeline.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bypass.h"
#include "syscalls.h"
#include "usage.h"

/* The evidence rule: only runs that observed usage and all ended as
 * expected can show an allowed entry unused; what they used, and what is
 * known to come only sometimes, is not. */
static int judge_usage(const struct profile *p, const struct run_options *o,
		       bool all_expected, struct pipeline_result *ret)
{
	ret->usage_observed = o->usage;
	ret->judged = o->usage && all_expected;
	if (!ret->judged)
		return 0;
	size_t n;
	cleanup_strv struct strv known = STRV_INIT;
	int r = usage_allowed(p, o->delta, &ret->unnecessary, &n);
	if (r == 0)
		r = sometimes_names(&ret->sometimes, &known);
	if (r < 0)
		return r;
	n = usage_unused(ret->unnecessary, n, ret->used.v);
	/* Of the unused, those known to come only sometimes are kept. */
	if (!(ret->known = calloc(n + 1, sizeof(*ret->known))))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (strv_contains(known.v, ret->unnecessary[i].name))
			ret->known[ret->n_known++] = ret->unnecessary[i];
	ret->n_unnecessary = usage_unused(ret->unnecessary, n, known.v);
	return 0;
}

/* One run, judged. */
static int run_one(const struct job *j, struct profile *p,
		   const struct run_options *o, struct observations *obs,
		   struct verdict *v, struct run_error *err)
{
	int r = run_workload(j, p, o, obs, err);
	if (r < 0) {
		observations_clear(obs); /* what a failed supervision saw */
		return r;
	}
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
	if ((r = verdict_judge(obs, &e, v)) < 0) {
		observations_clear(obs);
		err->failure = RUN_FAILED_SUPERVISE;
		err->error = r;
		return r;
	}
	/* What scaudit cannot rule out, said where the run went wrong
	 * (counted in the kernel, only a few names are watched). */
	if (obs->usage == OBS_USAGE_NOTIFIED && obs->handlers_no_restart &&
	    !verdict_ended_as_expected(v->outcome)) {
		size_t n = strlen(v->reason);
		snprintf(v->reason + n, sizeof(v->reason) - n,
			 " (it handles signals without SA_RESTART: a watched "
			 "call a signal interrupts before scaudit reads it "
			 "returns EINTR; --no-usage watches fewer)");
	}
	return 0;
}

/* The names a run found missing, and the launcher's execve a profile
 * denies (a launcher that loads the filter first needs it). */
static int add_missing(const struct observations *obs, const struct verdict *v,
		       struct pipeline_result *ret)
{
	for (size_t i = 0; i < obs->n_calls; i++) {
		const struct obs_call *c = &obs->calls[i];
		/* The profile's: a call only the workload's own filter
		 * denies is its list's (own-verdict.h). */
		bool missing = (v->classes[i] == CLASS_MISSING &&
				!obs_call_allowed(c)) ||
			       (c->launcher && !obs_call_allowed(c) &&
				strcmp(c->name, "execve") == 0);
		if (!missing || !c->name[0])
			continue;
		int r = strv_add_unique(&ret->missing, c->name);
		if (r == 0 && profile_action_kills(c->action))
			r = strv_add_unique(&ret->missing_fatal, c->name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* What run k's usage adds to ret: names, their runs, what comes only
 * sometimes. 0 or -ENOMEM. */
static int add_usage(const struct job *j, const struct observations *obs,
		     struct pipeline_result *ret)
{
	cleanup_usage_set struct usage_set one = { 0 };
	int r = usage_collect(obs, syscalls_native_arch(), &one);
	if (r == 0)
		r = usage_merge(&ret->usage, &one);
	if (r == 0)
		r = usage_names(obs, &ret->used);
	if (r == 0)
		r = sometimes_add(obs, j->path, &ret->sometimes);
	return r;
}

/* The CPU the k-th pinned run gets: one of those we may use, in turn;
 * 0 when there is only one (pinning would change nothing). */
static int pick_cpu(unsigned k)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) < 0 || CPU_COUNT(&set) < 2)
		return 0;
	unsigned want = k % (unsigned)CPU_COUNT(&set);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set) && want-- == 0)
			return c + 1;
	return 0;
}

/* A run that ends the repeats: it did not end as expected, or it has
 * findings (with learn every denial is one: not a reason to stop). */
static bool run_is_bad(const struct verdict *v, bool learn)
{
	return !verdict_ended_as_expected(v->outcome) ||
	       (!learn && verdict_has_findings(v));
}

/* The runs: each judged; the first, or the first bad one, kept. */
static int runs(const struct job *j, struct profile *p,
		const struct run_options *o, const struct pipeline_repeat *rep,
		struct pipeline_result *ret, struct run_error *err)
{
	unsigned min = rep && rep->runs ? rep->runs : 1;
	unsigned max = !rep || !rep->until_stable ? min
		       : rep->max_runs		  ? rep->max_runs
						  : PIPELINE_MAX_RUNS;
	unsigned quiet = 0; /* runs in a row that added no name */
	/* One counter for all the runs: a reset costs 0.2-0.3 ms where an
	 * open costs 3-4 ms, 10-15 ms right after a close (usage-bpf.h). */
	cleanup_usage_observer struct usage_observer uo;
	usage_observer_init(&uo, o->usage_backend);
	for (unsigned k = 0; k < (max < min ? min : max); k++) {
		struct run_options ro = *o;
		if (!ro.observer)
			ro.observer = &uo;
		if (max > 1 && k % 2)
			ro.one_cpu = pick_cpu(k / 2);
		struct observations obs;
		struct verdict v;
		int r = run_one(j, p, &ro, &obs, &v, err);
		if (r < 0)
			return r;
		size_t before = ret->used.n;
		r = add_usage(j, &obs, ret);
		if (r == 0)
			r = add_missing(&obs, &v, ret);
		if (r == 0)
			r = own_verdict_add(&ret->own, &obs, &v);
		bool bad = run_is_bad(&v, o->learn);
		ret->runs++;
		if (r == 0 && (k == 0 || bad)) {
			verdict_clear(&ret->verdict);
			observations_clear(&ret->obs);
			ret->obs = obs;
			ret->verdict = v;
			ret->shown = k + 1;
		} else {
			verdict_clear(&v);
			observations_clear(&obs);
		}
		if (r < 0 || bad)
			return r;
		quiet = k && ret->used.n == before ? quiet + 1 : 0;
		if (k + 1 >= min && (max <= min || quiet >= PIPELINE_STABLE))
			break;
	}
	return 0;
}

/* A way around the filter the runs used (bypass.h): a finding, and the
 * shown run's reason says so. */
static void note_bypass(struct pipeline_result *ret)
{
	if (!(ret->bypass = bypass_used(&ret->used, &ret->obs)))
		return;
	size_t n = strlen(ret->verdict.reason);
	snprintf(ret->verdict.reason + n, sizeof(ret->verdict.reason) - n,
		 "; but it set up an io_uring ring, whose operations bypass "
		 "the profile");
}

int pipeline_repeat(const struct job *j, struct profile *p,
		    const struct run_options *o,
		    const struct pipeline_repeat *rep,
		    struct pipeline_result *ret, struct run_error *err)
{
	memset(ret, 0, sizeof(*ret));
	profile_evaluate(p, &j->env);
	int r = runs(j, p, o, rep, ret, err);
	/* Runs stop at the first bad one, shown: the others ended well. One
	 * with findings that ended as expected is evidence, but the runs
	 * asked for were not all made: not judged either. */
	unsigned asked = rep && rep->runs ? rep->runs : 1;
	bool all = r == 0 && verdict_ended_as_expected(ret->verdict.outcome) &&
		   ret->runs >= asked;
	if (r == 0 && !run_is_bad(&ret->verdict, o->learn) && ret->runs > 1)
		r = usage_intermittent(&ret->usage, &ret->intermittent);
	if (r == 0)
		r = judge_usage(p, o, all, ret);
	if (r == 0)
		note_bypass(ret);
	if (r == 0 && ret->own.runs_loaded) {
		char why[200];
		pipeline_why_not_judged(ret, why, sizeof(why));
		cleanup_strv struct strv known = STRV_INIT;
		r = sometimes_names(&ret->sometimes, &known);
		if (r == 0)
			r = own_verdict_finish(&ret->own, &ret->obs,
					       ret->judged, why, known.v);
	}
	if (r < 0) {
		pipeline_result_clear(ret);
		if (r == -ENOMEM) {
			err->failure = RUN_FAILED_SUPERVISE;
			err->error = r;
		}
	}
	return r;
}

int pipeline_run(const struct job *j, struct profile *p,
		 const struct run_options *o, struct pipeline_result *ret,
		 struct run_error *err)
{
	return pipeline_repeat(j, p, o, NULL, ret, err);
}

bool pipeline_failed(const struct pipeline_result *r)
{
	return verdict_has_findings(&r->verdict) || r->bypass;
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
	else if (verdict_ended_as_expected(r->verdict.outcome))
		snprintf(buf, size,
			 "run %u had findings (%s), and the runs asked for "
			 "stopped there",
			 r->shown, r->verdict.reason);
	else if (r->runs > 1)
		snprintf(buf, size,
			 "run %u of %u ended %s, not as expected: %s", r->shown,
			 r->runs, verdict_outcome_name(r->verdict.outcome),
			 r->verdict.reason);
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
	strv_clear(&r->intermittent);
	strv_clear(&r->missing);
	strv_clear(&r->missing_fatal);
	usage_set_clear(&r->usage);
	own_verdict_clear(&r->own);
	sometimes_clear(&r->sometimes);
	free(r->unnecessary);
	free(r->known);
	r->unnecessary = r->known = NULL;
	r->n_unnecessary = r->n_known = 0;
}
