/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "trim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pipeline.h"
#include "syscalls.h"
#include "util.h"

/* Rounds of put-back before the verification gives up. */
#define TRIM_ROUNDS 4

struct trim {
	struct profile *p;
	const struct job *jobs;
	size_t n;
	const struct trim_options *o;
	struct trim_result *res;
	struct run_error *err;
	struct strv used; /* named in some first run */
	struct strv fatal; /* missing in a first run, its real action a kill */
};

/* Remember why job k failed (the first failure only). */
static void note_failure(struct trim *t, size_t k,
			 const struct pipeline_result *pr)
{
	struct trim_result *res = t->res;
	if (res->outcome[0])
		return;
	res->failed_job = k;
	snprintf(res->outcome, sizeof(res->outcome), "%s",
		 verdict_outcome_name(pr->verdict.outcome));
	snprintf(res->reason, sizeof(res->reason), "%s", pr->verdict.reason);
}

/* How many of the run's calls the profile denied (the launcher's aside). */
static size_t denials(const struct pipeline_result *pr)
{
	const size_t *n = pr->verdict.count;
	return n[CLASS_MISSING] + n[CLASS_TOLERATED] + n[CLASS_UNDECIDED] +
	       n[CLASS_EXPECTED] + n[CLASS_UNEXPECTED];
}

/* What a job's first runs showed: the names used, intermittent, known
 * to come only sometimes, and with learn what was missing. */
static int take_usage(struct trim *t, const struct pipeline_result *pr)
{
	struct trim_result *res = t->res;
	int r = 0;
	for (size_t i = 0; r >= 0 && i < pr->used.n; i++)
		r = strv_add_unique(&t->used, pr->used.v[i]);
	for (size_t i = 0; r >= 0 && i < pr->intermittent.n; i++)
		r = strv_add_unique(&res->intermittent, pr->intermittent.v[i]);
	for (size_t i = 0; r >= 0 && i < pr->sometimes.n; i++) {
		const struct sometimes_entry *e = &pr->sometimes.v[i];
		if (strv_contains(res->known.v, e->name))
			continue;
		void *a = res->known_why;
		size_t alloc = res->known.n + 1;
		if (!(a = realloc(a, (alloc + 1) * sizeof(*res->known_why))))
			return -ENOMEM;
		res->known_why = a;
		res->known_why[res->known.n] = e->why;
		r = strv_add(&res->known, e->name);
	}
	for (size_t i = 0; r >= 0 && t->o->learn && i < pr->missing.n; i++)
		r = strv_add_unique(&res->added, pr->missing.v[i]);
	for (size_t i = 0; r >= 0 && i < pr->missing_fatal.n; i++)
		r = strv_add_unique(&t->fatal, pr->missing_fatal.v[i]);
	return r < 0 ? r : 0;
}

/* Step 1: each job's observing runs, until its usage is stable. */
static int first_runs(struct trim *t)
{
	struct run_options ro = { .usage = true,
				  .learn = t->o->learn,
				  .usage_backend = t->o->usage_backend };
	for (size_t k = 0; k < t->n; k++) {
		cleanup_pipeline_result struct pipeline_result pr;
		int r = pipeline_repeat(&t->jobs[k], t->p, &ro, &t->o->repeat,
					&pr, t->err);
		t->res->runs += r < 0 ? 1 : pr.runs;
		t->res->first_runs += r < 0 ? 1 : pr.runs;
		if (r < 0) {
			t->res->failed_job = k;
			return r;
		}
		t->res->usage = pr.obs.usage;
		snprintf(t->res->usage_why, sizeof(t->res->usage_why), "%s",
			 pr.obs.usage_why);
		if ((r = take_usage(t, &pr)) < 0)
			return r;
		/* With learn, denied calls were let through: only a run that
		 * still ended badly is a failure (its usage no evidence). */
		if (t->o->learn ? !verdict_ended_as_expected(pr.verdict.outcome)
				: pipeline_failed(&pr)) {
			note_failure(t, k, &pr);
			t->res->failed_run = pr.shown;
			/* A later run failing without a denial: the workload
			 * cannot run again, whatever the profile. */
			t->res->no_denial = denials(&pr) == 0;
			t->res->status = pr.shown > 1 && t->res->no_denial
						 ? TRIM_NOT_REPEATABLE
						 : TRIM_FAILS_ALREADY;
			return 0;
		}
	}
	const struct profile_action allow = { PROFILE_ACT_ALLOW, 0 };
	for (size_t i = 0; i < t->res->added.n; i++) {
		int r = profile_delta_add(&t->res->delta, t->res->added.v[i],
					  allow);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Step 2: every entry removed, kept or not judged. */
static int sort_entries(struct trim *t)
{
	const struct profile *p = t->p;
	struct trim_result *res = t->res;
	int r = 0;
	for (size_t i = 0; i < p->n_rules && r == 0; i++) {
		const struct profile_rule *rule = &p->rules[i];
		for (size_t j = 0; j < rule->n_names && r == 0; j++) {
			const char *name = rule->names[j].name;
			if (!rule->active ||
			    !profile_name_applicable(p, name) ||
			    !syscalls_known(name))
				r = strv_add(&res->not_judged, name);
			else if (rule->action.type != PROFILE_ACT_ALLOW)
				continue;
			else if (strv_contains(t->used.v, name) ||
				 strv_contains(res->known.v, name))
				r = strv_add(&res->kept, name);
			else {
				res->delta.dropped[res->delta.first[i] + j] =
					true;
				r = strv_add(&res->removed, name);
			}
		}
	}
	return r < 0 ? r : strv_extend(&res->kept, res->added.v);
}

/* Every job once under p with d. ok: each ended as it should; the first
 * failure and the missing names are noted, and every job runs (a trial,
 * which needs no more than the first failure, is trim_holds). */
static int verify(struct trim *t, const struct profile_delta *d, bool *ok)
{
	struct run_options ro = { .delta = d };
	*ok = true;
	for (size_t k = 0; k < t->n; k++) {
		cleanup_pipeline_result struct pipeline_result pr;
		t->res->runs++;
		int r = pipeline_run(&t->jobs[k], t->p, &ro, &pr, t->err);
		if (r < 0) {
			t->res->failed_job = k;
			return r;
		}
		if (!pipeline_failed(&pr))
			continue;
		*ok = false;
		note_failure(t, k, &pr);
		t->res->no_denial |= denials(&pr) == 0;
		for (size_t i = 0; i < pr.obs.n_calls; i++) {
			const char *name = pr.obs.calls[i].name;
			/* Undecided too: an entry trim left out and the run
			 * now fails after its errno is the likeliest cause. */
			enum denial_class c = pr.verdict.classes[i];
			if ((c == CLASS_MISSING || c == CLASS_UNDECIDED) &&
			    name[0] &&
			    (r = strv_add_unique(&t->res->missing, name)) < 0)
				return r;
		}
	}
	return 0;
}

/* Move every removed entry of name to kept. */
static int put_back(struct trim *t, const char *name)
{
	struct trim_result *res = t->res;
	size_t k = 0;
	int r = 0;
	for (size_t i = 0; i < res->removed.n; i++) {
		if (strcmp(res->removed.v[i], name) != 0) {
			res->removed.v[k++] = res->removed.v[i];
			continue;
		}
		if (r == 0)
			r = strv_add(&res->kept, name);
		free(res->removed.v[i]);
	}
	res->removed.n = k;
	if (res->removed.v)
		res->removed.v[k] = NULL;
	profile_delta_drop(&res->delta, t->p, name, false);
	/* Why: the verification run's end, as the report gives it. */
	char why[400];
	snprintf(why, sizeof(why), "%s: %s", res->outcome, res->reason);
	if (r == 0)
		r = strv_add(&res->put_back_why, why);
	return r < 0 ? r : strv_add(&res->put_back, name);
}

/* Step 3: verify, putting back what the verification names. */
static int verify_rounds(struct trim *t)
{
	struct trim_result *res = t->res;
	for (int round = 0; round < TRIM_ROUNDS; round++) {
		strv_clear(&res->missing);
		res->outcome[0] = '\0';
		res->no_denial = false;
		bool ok;
		int r = verify(t, &res->delta, &ok);
		if (r < 0)
			return r;
		if (ok) {
			res->status = TRIM_VERIFIED;
			return 0;
		}
		/* Failed again without a denial: nothing trim did made it
		 * fail, and nothing it can put back will mend it. */
		res->status = res->no_denial && !res->missing.n
				      ? TRIM_NOT_REPEATABLE
				      : TRIM_UNVERIFIED;
		bool again = false;
		for (size_t m = 0; m < res->missing.n; m++) {
			if (!strv_contains(res->removed.v, res->missing.v[m]))
				continue;
			if ((r = put_back(t, res->missing.v[m])) < 0)
				return r;
			again = true;
		}
		if (!again)
			return 0;
	}
	return 0;
}

/* The proof runs of one addition: up to this many, until the call was
 * made (and denied) in one. */
#define TRIM_PROOF_RUNS (PIPELINE_STABLE + 1)

/* Under d (the trimmed profile without name's addition), run the jobs
 * until one fails (*needed) or name was denied in a run that passed
 * (*seen), at most TRIM_PROOF_RUNS rounds. */
static int prove(struct trim *t, const struct profile_delta *d,
		 const char *name, bool *needed, bool *seen)
{
	struct run_options ro = { .delta = d };
	*needed = *seen = false;
	for (int round = 0; round < TRIM_PROOF_RUNS && !*seen; round++) {
		for (size_t k = 0; k < t->n; k++) {
			cleanup_pipeline_result struct pipeline_result pr;
			t->res->runs++;
			int r = pipeline_run(&t->jobs[k], t->p, &ro, &pr,
					     t->err);
			if (r < 0) {
				t->res->failed_job = k;
				return r;
			}
			if ((*needed = pipeline_failed(&pr)))
				return 0;
			for (size_t i = 0; i < pr.obs.n_calls; i++)
				*seen |=
					!pr.obs.calls[i].launcher &&
					!obs_call_allowed(&pr.obs.calls[i]) &&
					strcmp(pr.obs.calls[i].name, name) == 0;
		}
	}
	return 0;
}

/* Remove the last copy of x from s: the one sort_entries appended. */
static void remove_last(struct strv *s, const char *x)
{
	for (size_t i = s->n; i-- > 0;)
		if (strcmp(s->v[i], x) == 0) {
			free(s->v[i]);
			memmove(&s->v[i], &s->v[i + 1],
				(s->n - i) * sizeof(*s->v));
			s->n--;
			return;
		}
}

/* Step 3b, learn: an addition stays only if the workload fails without
 * it, under the profile's own action for the call; it goes only if the
 * call was denied in a run that passed. A kill needs no run (production
 * dies of it), nor what comes only sometimes; a call no proof run made
 * stays added, listed apart (unproven). */
static int prove_additions(struct trim *t)
{
	struct trim_result *res = t->res;
	for (size_t i = 0; i < res->added.n; i++) {
		const char *name = res->added.v[i];
		if (strv_contains(t->fatal.v, name) ||
		    strv_contains(res->known.v, name))
			continue;
		cleanup_profile_delta struct profile_delta d =
			PROFILE_DELTA_INIT;
		bool needed = false, seen = false;
		int r = profile_delta_copy(&d, &res->delta);
		if (r == 0) {
			profile_delta_unadd(&d, name);
			r = prove(t, &d, name, &needed, &seen);
		}
		if (r == 0 && !needed && !seen)
			r = strv_add(&res->unseen, name);
		if (r < 0)
			return r;
		if (needed || !seen)
			continue;
		profile_delta_unadd(&res->delta, name);
		if ((r = strv_add(&res->unproven, name)) < 0)
			return r;
	}
	/* What the workload copes without is no addition. */
	for (size_t i = 0; i < res->unproven.n; i++) {
		strv_remove(&res->added, res->unproven.v[i]);
		remove_last(&res->kept, res->unproven.v[i]);
	}
	return 0;
}

/* Step 4: which used entries can fail harmlessly (trim-deep.h)? */
static int run_trials(struct trim *t)
{
	struct trim_result *res = t->res;
	cleanup_strv struct strv names = STRV_INIT;
	for (size_t i = 0; i < res->kept.n; i++)
		if (strv_add_unique(&names, res->kept.v[i]) < 0)
			return -ENOMEM;
	/* What comes only sometimes cannot be tried in one run: kept. */
	size_t k = 0;
	for (size_t i = 0; i < names.n; i++)
		if (strv_contains(res->intermittent.v, names.v[i]) ||
		    strv_contains(res->known.v, names.v[i]))
			free(names.v[i]);
		else
			names.v[k++] = names.v[i];
	names.n = k;
	if (names.v)
		names.v[k] = NULL;
	struct trim_deep_options o = { t->o->jobs, t->o->progress, t->o->ctx };
	int r = trim_deep(t->p, t->jobs, t->n, &res->delta, names.v, &o,
			  &res->deep, t->err);
	if (r == 0)
		res->runs += res->deep.runs;
	return r;
}

int trim_run(struct profile *p, const struct job *jobs, size_t n,
	     const struct trim_options *o, struct trim_result *ret,
	     struct run_error *err)
{
	double start = util_now();
	memset(ret, 0, sizeof(*ret));
	memset(err, 0, sizeof(*err));
	ret->names = profile_count_names(p);
	struct trim t = { p, jobs, n, o, ret, err, STRV_INIT, STRV_INIT };
	int r = profile_delta_init(&ret->delta, p);
	if (r == 0)
		r = first_runs(&t);
	if (r == 0 && ret->status != TRIM_FAILS_ALREADY &&
	    (r = sort_entries(&t)) == 0)
		r = verify_rounds(&t);
	if (r == 0 && ret->status == TRIM_VERIFIED && ret->added.n)
		r = prove_additions(&t);
	if (r == 0 && ret->status == TRIM_VERIFIED && o->deep)
		r = run_trials(&t);
	strv_clear(&t.used);
	strv_clear(&t.fatal);
	ret->seconds = util_now() - start;
	if (r == -ENOMEM && !err->error) {
		err->failure = RUN_FAILED_SUPERVISE;
		err->error = r;
	}
	return r;
}

void trim_result_clear(struct trim_result *r)
{
	profile_delta_clear(&r->delta);
	strv_clear(&r->removed);
	strv_clear(&r->kept);
	strv_clear(&r->not_judged);
	strv_clear(&r->added);
	strv_clear(&r->put_back);
	strv_clear(&r->put_back_why);
	strv_clear(&r->missing);
	strv_clear(&r->intermittent);
	strv_clear(&r->known);
	free(r->known_why);
	strv_clear(&r->unproven);
	strv_clear(&r->unseen);
	trim_deep_result_clear(&r->deep);
	memset(r, 0, sizeof(*r));
}
