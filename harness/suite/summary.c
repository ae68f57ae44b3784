/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "suite-exposure.h"
#include "util.h"

static struct suite_missing *find_missing(struct suite_profile *p,
					  const char *name)
{
	for (size_t i = 0; i < p->n_missing; i++)
		if (strcmp(p->missing[i].name, name) == 0)
			return &p->missing[i];
	return NULL;
}

/* The missing entries of case c, with its name, into p. */
static int add_missing(struct suite_profile *p, size_t *alloc,
		       const struct suite_case_result *c)
{
	for (size_t i = 0; i < c->run.n_calls; i++) {
		const struct record_call *d = &c->run.calls[i];
		/* What only the workload's own filter denied is its list's,
		 * not the profile's (the case fails all the same). */
		if (d->cls != CLASS_MISSING || !d->name[0] || d->own_only)
			continue;
		struct suite_missing *m = find_missing(p, d->name);
		if (!m) {
			void *a = p->missing;
			if (util_grow(&a, alloc, p->n_missing,
				      sizeof(*p->missing)) < 0)
				return -ENOMEM;
			p->missing = a;
			m = &p->missing[p->n_missing++];
			*m = (struct suite_missing){ strdup(d->name),
						     STRV_INIT };
			if (!m->name)
				return -ENOMEM;
		}
		if (c->name && strv_add_unique(&m->cases, c->name) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* A case that did not end as expected: no evidence for unnecessary. */
static int add_unjudged(struct suite_profile *p,
			const struct suite_case_result *c)
{
	if (verdict_ended_as_expected(c->run.outcome))
		return 0;
	void *a = realloc(p->unjudged,
			  (p->n_unjudged + 1) * sizeof(*p->unjudged));
	if (!a)
		return -ENOMEM;
	p->unjudged = a;
	struct suite_unjudged *u = &p->unjudged[p->n_unjudged++];
	*u = (struct suite_unjudged){ strdup(c->name ? c->name : "?"),
				      c->run.outcome, strdup(c->run.reason) };
	return u->name && u->reason ? 0 : -ENOMEM;
}

static bool of_profile(const struct suite_case_result *c,
		       const struct suite_profile *p)
{
	return strcmp(c->profile ? c->profile : "", p->path) == 0;
}

const struct suite_profile *suite_profile_of(const struct suite_result *r,
					     const struct suite_case_result *c)
{
	for (size_t k = 0; k < r->n_profiles; k++)
		if (of_profile(c, &r->profiles[k]))
			return &r->profiles[k];
	return NULL;
}

/* A denial of any kind, or an escape: not use, not a log, not the
 * launcher's. */
static bool denied_or_escaped(enum denial_class cls)
{
	return cls != CLASS_ALLOWED && cls != CLASS_LOGGED &&
	       cls != CLASS_LAUNCHER && cls < CLASS_MAX;
}

int suite_profile_names(const struct suite_result *r,
			const struct suite_profile *p, struct strv *ret)
{
	int e = strv_extend(ret, p->used.v);
	for (size_t i = 0; !e && i < p->n_allowed; i++)
		e = strv_add(ret, p->allowed[i].name);
	for (size_t i = 0; !e && i < p->n_missing; i++)
		e = strv_add(ret, p->missing[i].name);
	for (size_t i = 0; !e && i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		for (size_t k = 0; !e && of_profile(c, p) && k < c->run.n_calls;
		     k++)
			if (c->run.calls[k].name[0] &&
			    denied_or_escaped(c->run.calls[k].cls))
				e = strv_add(ret, c->run.calls[k].name);
	}
	if (e < 0)
		return e;
	strv_sort_unique(ret);
	return 0;
}

int suite_case_exes(const struct suite_case_result *c, const char *name,
		    struct strv *ret)
{
	const struct strv *u =
		suite_used_by_find(c->used_by, c->n_used_by, name);
	int e = 0;
	for (size_t k = 0; u && e >= 0 && k < u->n; k++)
		e = strv_add_unique(ret, u->v[k]);
	for (size_t i = 0; e >= 0 && i < c->run.n_calls; i++) {
		const struct record_call *d = &c->run.calls[i];
		for (size_t k = 0; e >= 0 && k < d->n_exes; k++)
			if (strcmp(d->name, name) == 0 &&
			    d->exes[k].exe < c->run.exes.n)
				e = strv_add_unique(
					ret, c->run.exes.v[d->exes[k].exe]);
	}
	return e < 0 ? e : 0;
}

/* Per name p's cases used or lacked (sorted), who made it. */
static int add_used_by(const struct suite_result *r, struct suite_profile *p)
{
	cleanup_strv struct strv names = STRV_INIT;
	int e = strv_extend(&names, p->used.v);
	for (size_t i = 0; e == 0 && i < p->n_missing; i++)
		e = strv_add(&names, p->missing[i].name);
	strv_sort_unique(&names);
	for (size_t j = 0; e == 0 && j < names.n; j++) {
		cleanup_strv struct strv exes = STRV_INIT;
		for (size_t i = 0; e == 0 && i < r->n_cases; i++)
			if (of_profile(&r->cases[i], p))
				e = suite_case_exes(&r->cases[i], names.v[j],
						    &exes);
		if (e == 0 && exes.n)
			e = suite_add_used_by(&p->used_by, &p->n_used_by,
					      names.v[j], exes.v);
	}
	return e;
}

static int cmp_missing(const void *x, const void *y)
{
	return strcmp(((const struct suite_missing *)x)->name,
		      ((const struct suite_missing *)y)->name);
}

static int summarize_profile(struct suite_result *r, struct suite_profile *p)
{
	/* Anew: a merge summarizes what its parts summarized already. */
	struct suite_profile keep = { .path = p->path,
				      .allowed = p->allowed,
				      .n_allowed = p->n_allowed,
				      .allowed_alloc = p->allowed_alloc,
				      .exposure = p->exposure };
	p->path = NULL;
	p->allowed = NULL;
	p->n_allowed = 0;
	memset(&p->exposure, 0, sizeof(p->exposure));
	suite_profile_clear(p);
	*p = keep;
	size_t alloc = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		if (!c->profile || strcmp(c->profile, p->path) != 0)
			continue;
		if (strv_extend(&p->used, c->used.v) < 0 ||
		    strv_extend(&p->intermittent, c->intermittent.v) < 0 ||
		    strv_extend(&p->sometimes, c->sometimes.v) < 0 ||
		    add_missing(p, &alloc, c) < 0 || add_unjudged(p, c) < 0)
			return -ENOMEM;
	}
	strv_sort_unique(&p->used);
	strv_sort_unique(&p->intermittent);
	strv_sort_unique(&p->sometimes);
	for (size_t i = 0; i < p->n_missing; i++)
		strv_sort_unique(&p->missing[i].cases);
	if (p->n_missing)
		qsort(p->missing, p->n_missing, sizeof(*p->missing),
		      cmp_missing);
	if (add_used_by(r, p) < 0 || suite_exposure_judge(p) < 0)
		return -ENOMEM;
	p->unnecessary = calloc(p->n_allowed + 1, sizeof(*p->unnecessary));
	if (!p->unnecessary)
		return -ENOMEM;
	for (size_t i = 0; !p->n_unjudged && i < p->n_allowed; i++) {
		const struct suite_entry *e = &p->allowed[i];
		if (strv_contains(p->used.v, e->name) ||
		    strv_contains(p->sometimes.v, e->name))
			continue;
		struct suite_entry *u = &p->unnecessary[p->n_unnecessary];
		*u = (struct suite_entry){ strdup(e->name), e->line,
					   e->column };
		if (!u->name)
			return -ENOMEM;
		p->n_unnecessary++;
	}
	return 0;
}

static bool has_cases(const struct suite_result *r,
		      const struct suite_profile *p)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (of_profile(&r->cases[i], p))
			return true;
	return false;
}

int suite_summarize(struct suite_result *r, bool fail_on_unnecessary)
{
	return suite_summarize_gated(r, fail_on_unnecessary, -1);
}

int suite_summarize_gated(struct suite_result *r, bool fail_on_unnecessary,
			  long max_dangerous)
{
	r->dangerous_gate = max_dangerous >= 0;
	r->max_dangerous_unused = r->dangerous_gate ? (size_t)max_dangerous : 0;
	strv_clear(&r->missing);
	strv_clear(&r->unnecessary);
	strv_clear(&r->used);
	strv_clear(&r->not_judged);
	r->findings = false;
	for (size_t k = 0; k < r->n_profiles; k++) {
		struct suite_profile *p = &r->profiles[k];
		if (summarize_profile(r, p) < 0 ||
		    strv_extend(&r->used, p->used.v) < 0 ||
		    (p->n_unjudged && strv_add(&r->not_judged, p->path) < 0))
			return -ENOMEM;
		/* A shard that ran none of its cases has nothing to judge. */
		p->gate = has_cases(r, p)
				  ? suite_exposure_gate(p, max_dangerous)
				  : EXPOSURE_GATE_NONE;
		r->findings |= p->gate == EXPOSURE_GATE_FAILED;
		for (size_t i = 0; i < p->n_missing; i++)
			if (strv_add(&r->missing, p->missing[i].name) < 0)
				return -ENOMEM;
		for (size_t i = 0; i < p->n_unnecessary; i++)
			if (strv_add(&r->unnecessary, p->unnecessary[i].name) <
			    0)
				return -ENOMEM;
	}
	strv_sort_unique(&r->missing);
	strv_sort_unique(&r->unnecessary);
	strv_sort_unique(&r->used);
	for (size_t i = 0; i < r->n_cases; i++)
		r->findings |= !r->cases[i].passed;
	r->findings |= r->missing.n > 0;
	r->findings |= fail_on_unnecessary && r->unnecessary.n > 0;
	return 0;
}

/* Shards must all be there, and of one split. */
static int check_shards(const struct suite_result *parts,
			const char *const *paths, size_t n, struct diag *d)
{
	unsigned total = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned si = parts[i].shard, st = parts[i].shards;
		if (st && ((total && st != total) || si < 1 || si > st))
			return diag_set(d, -EINVAL, paths[i], 0, 0,
					"is shard %u/%u, of another split", si,
					st);
		total = st ? st : total;
	}
	/* Which input each shard came from (index + 1; 0: none yet). */
	cleanup_free size_t *seen = calloc(total + 1, sizeof(*seen));
	if (!seen)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned si = parts[i].shard;
		if (!parts[i].shards)
			continue;
		if (seen[si])
			return diag_set(d, -EINVAL, paths[i], 0, 0,
					"is shard %u/%u, as %s is: a shard "
					"given twice (and, most likely, "
					"another left out)",
					si, total, paths[seen[si] - 1]);
		seen[si] = i + 1;
	}
	for (unsigned k = 1; k <= total; k++)
		if (!seen[k])
			return diag_set(d, -EINVAL, "", 0, 0,
					"shard %u/%u is missing: its cases "
					"would be left out of the verdict",
					k, total);
	return 0;
}

static struct suite_profile *find_profile(struct suite_result *r,
					  const char *path)
{
	for (size_t i = 0; i < r->n_profiles; i++)
		if (strcmp(r->profiles[i].path, path) == 0)
			return &r->profiles[i];
	return NULL;
}

static bool has_case(const struct suite_result *r,
		     const struct suite_case_result *c)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (strcmp(r->cases[i].file, c->file) == 0 &&
		    strcmp(r->cases[i].name, c->name) == 0)
			return true;
	return false;
}

static int copy_case(const struct suite_case_result *c,
		     struct suite_case_result *d)
{
	*d = (struct suite_case_result){
		.name = strdup(c->name),
		.file = strdup(c->file),
		.profile = strdup(c->profile ? c->profile : ""),
		.line = c->line,
		.wall_seconds = c->wall_seconds,
		.passed = c->passed,
		.error = c->error,
		.run = c->run,
	};
	/* The run's owned parts, copied: the part is cleared on its own. */
	d->run.command = d->run.exes = (struct strv)STRV_INIT;
	d->run.output = c->run.output ? strdup(c->run.output) : NULL;
	d->run.calls = calloc(c->run.n_calls + 1, sizeof(*d->run.calls));
	if (!d->name || !d->file || !d->profile || !d->run.calls ||
	    (c->run.output && !d->run.output) ||
	    strv_extend(&d->run.command, c->run.command.v) < 0 ||
	    strv_extend(&d->run.exes, c->run.exes.v) < 0 ||
	    strv_extend(&d->used, c->used.v) < 0 ||
	    strv_extend(&d->intermittent, c->intermittent.v) < 0 ||
	    strv_extend(&d->sometimes, c->sometimes.v) < 0)
		return -ENOMEM;
	memcpy(d->run.calls, c->run.calls,
	       c->run.n_calls * sizeof(*d->run.calls));
	for (size_t i = 0; i < c->n_used_by; i++)
		if (suite_add_used_by(&d->used_by, &d->n_used_by,
				      c->used_by[i].name,
				      c->used_by[i].exes.v) < 0)
			return -ENOMEM;
	return 0;
}

static int merge_one(const struct suite_result *part, struct suite_result *r)
{
	for (size_t k = 0; k < part->n_profiles; k++) {
		const struct suite_profile *p = &part->profiles[k];
		struct suite_profile *q = find_profile(r, p->path);
		if (!q) {
			void *a = realloc(r->profiles,
					  (r->n_profiles + 1) *
						  sizeof(*r->profiles));
			if (!a)
				return -ENOMEM;
			r->profiles = a;
			q = &r->profiles[r->n_profiles++];
			*q = (struct suite_profile){ .path = strdup(p->path) };
			if (!q->path)
				return -ENOMEM;
		}
		/* Each shard judged under its own cases' caps: all of them. */
		for (size_t i = 0; i < p->n_allowed; i++)
			if (suite_profile_add_allowed(q, p->allowed[i].name,
						      p->allowed[i].line,
						      p->allowed[i].column) < 0)
				return -ENOMEM;
		if (suite_exposure_unite(&q->exposure, &p->exposure) < 0)
			return -ENOMEM;
	}
	for (size_t i = 0; i < part->n_cases; i++) {
		/* A case counts once, whichever shard ran it. */
		if (has_case(r, &part->cases[i]))
			continue;
		struct suite_case_result *c = suite_add_case(r);
		if (!c || copy_case(&part->cases[i], c) < 0)
			return -ENOMEM;
	}
	return 0;
}

int suite_merge(const struct suite_result *parts, const char *const *paths,
		size_t n, struct suite_result *ret, struct diag *d)
{
	memset(ret, 0, sizeof(*ret));
	int r = check_shards(parts, paths, n, d);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = merge_one(&parts[i], ret);
	if (r == 0) {
		suite_sort_cases(ret);
		r = suite_summarize(ret, false);
	}
	if (r < 0)
		suite_result_clear(ret);
	return r;
}

int suite_result_of_run(const struct profile *p, const struct job *j,
			const struct pipeline_result *res, const char *name,
			bool fail_on_unnecessary, bool with_exposure,
			struct suite_result *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->profiles = calloc(1, sizeof(*ret->profiles));
	if (!ret->profiles)
		return -ENOMEM;
	ret->n_profiles = 1;
	struct suite_profile *sp = &ret->profiles[0];
	struct suite_case_result *c = suite_add_case(ret);
	int r = -ENOMEM;
	if (c && (sp->path = strdup(p->path)) && (c->name = strdup(name)) &&
	    (c->file = strdup("")) && (c->profile = strdup(p->path))) {
		c->wall_seconds = res->obs.seconds;
		r = suite_profile_entries(p, sp);
	}
	/* A stand-in (check of a program's own filter alone) leaves nothing
	 * open that a profile would: no exposure. */
	if (r == 0 && with_exposure)
		r = suite_exposure_add(&sp->exposure, p);
	if (r == 0)
		r = suite_case_from_run(p, j, res, c);
	if (r == 0)
		r = suite_summarize(ret, fail_on_unnecessary);
	if (r < 0)
		suite_result_clear(ret);
	return r;
}
