/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "suite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "json-util.h"
#include "pipeline.h"
#include "pool.h"
#include "suite-exposure.h"
#include "suite-json.h"
#include "summary.h"
#include "usage.h"
#include "syscalls.h"
#include "util.h"
#include "writer.h"

static const char *const error_names[] = {
	[SUITE_ERROR_NONE] = "",
	[SUITE_ERROR_INPUT] = "usage",
	[SUITE_ERROR_ENVIRONMENT] = "environment",
};
_Static_assert(ARRAY_SIZE(error_names) == SUITE_ERROR_MAX, "error names");

int suite_shard_parse(const char *s, bool zero_based, unsigned *ret_index,
		      unsigned *ret_total)
{
	char *end;
	errno = 0;
	long i = strtol(s, &end, 10);
	if (end == s || *end != '/' || errno)
		return -EINVAL;
	const char *t = end + 1;
	long n = strtol(t, &end, 10);
	if (end == t || *end || errno || n < 1 || n > SUITE_MAX_SHARDS)
		return -EINVAL;
	if (zero_based)
		i++;
	if (i < 1 || i > n)
		return -EINVAL;
	*ret_index = (unsigned)i;
	*ret_total = (unsigned)n;
	return 0;
}

const char *suite_error_name(enum suite_error e)
{
	return e < SUITE_ERROR_MAX ? error_names[e] : "?";
}

int suite_error_parse(const char *s, enum suite_error *ret)
{
	for (size_t i = 1; i < SUITE_ERROR_MAX; i++)
		if (strcmp(s, error_names[i]) == 0) {
			*ret = (enum suite_error)i;
			return 0;
		}
	return -EINVAL;
}

/* The profiles the cases name, each read once. */
struct prof {
	const char *path;
	struct profile *p;
};

static void profs_free(struct prof *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		profile_free(v[k].p);
	free(v);
}

static int load_profiles(const struct case_list *cl, struct prof **ret,
			 size_t *ret_n, struct diag *d)
{
	struct prof *v = calloc(cl->n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < cl->n; i++) {
		const struct scase *c = &cl->cases[i];
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(v[k].path, c->profile) == 0;
		if (seen)
			continue;
		v[n].path = c->profile;
		int r = profile_load(c->profile, PROFILE_FORMAT_AUTO, 0,
				     &v[n].p, d);
		if (r < 0) {
			if (!d->line) {
				/* The case's line says where the name is. */
				char msg[1200];
				snprintf(msg, sizeof(msg),
					 "case '%s': profile %s: %s", c->name,
					 c->profile, d->message);
				diag_set(d, r, c->file, c->profile_line, 0,
					 "%s", msg);
			}
			profs_free(v, n);
			return r;
		}
		n++;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static struct profile *find_profile(struct prof *v, size_t n, const char *path)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(v[k].path, path) == 0)
			return v[k].p;
	return NULL;
}

bool suite_in_shard(const struct suite_options *o, size_t i)
{
	return o->shards <= 1 || i % o->shards == o->shard - 1;
}

void suite_case_error(struct suite_case_result *c, enum suite_error e,
		      const char *why)
{
	c->error = e;
	c->run.outcome = OUTCOME_ERROR;
	snprintf(c->run.reason, sizeof(c->run.reason), "%.*s",
		 (int)sizeof(c->run.reason) - 1, why);
}

static void run_failed(struct suite_case_result *c, const struct job *j,
		       const struct run_error *err)
{
	struct diag d = { 0 };
	char why[1024];
	run_error_describe(err, j->argv[0], &d);
	if (d.file[0])
		diag_format(&d, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s%s%s", d.message,
			 d.hint[0] ? " — " : "", d.hint);
	suite_case_error(c,
			 run_error_kind(err) == RUN_ERROR_INPUT
				 ? SUITE_ERROR_INPUT
				 : SUITE_ERROR_ENVIRONMENT,
			 why);
}

const struct strv *suite_used_by_find(const struct suite_used_by *v, size_t n,
				      const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i].exes;
	return NULL;
}

int suite_add_used_by(struct suite_used_by **v, size_t *n, const char *name,
		      char *const *exes)
{
	void *a = realloc(*v, (*n + 1) * sizeof(**v));
	if (!a)
		return -ENOMEM;
	*v = a;
	struct suite_used_by *u = &(*v)[*n];
	*u = (struct suite_used_by){ strdup(name), STRV_INIT };
	if (!u->name || strv_extend(&u->exes, exes) < 0) {
		free(u->name);
		strv_clear(&u->exes);
		return -ENOMEM;
	}
	(*n)++;
	return 0;
}

static void used_by_free(struct suite_used_by *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		strv_clear(&v[i].exes);
	}
	free(v);
}

/* Who made each name the runs used (usage.h), into ret. */
static int add_used_by(const struct usage_set *u, struct suite_case_result *ret)
{
	for (size_t i = 0; i < ret->used.n; i++) {
		const struct usage_entry *e = usage_find(u, ret->used.v[i]);
		cleanup_strv struct strv exes = STRV_INIT;
		for (size_t k = 0; e && k < e->n_exes; k++)
			if (strv_add(&exes, u->exes.v[e->exes[k].exe]) < 0)
				return -ENOMEM;
		if (exes.n && suite_add_used_by(&ret->used_by, &ret->n_used_by,
						e->name, exes.v) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* In the worker: run case c under p into ret. 0, or -ENOMEM. */
static int run_case(const struct scase *c, struct profile *p,
		    const struct suite_options *o,
		    struct suite_case_result *ret)
{
	struct diag d = { 0 };
	struct job j;
	int r = case_job(c, &j, &d);
	if (r == 0 && c->expect_syscalls)
		r = job_load_expected(&j, c->expect_syscalls, &d);
	if (r < 0) {
		suite_case_error(ret, SUITE_ERROR_INPUT,
				 d.message[0] ? d.message : strerror(-r));
		job_clear(&j);
		return 0;
	}
	if (!j.max_procs)
		j.max_procs = o->max_procs;
	if (j.isolation == PIDNS_MODE_MAX)
		j.isolation = o->isolation;

	bool own = c->usage_backend != USAGE_BACKEND_MAX;
	struct run_options ro = { .usage = true,
				  .usage_backend = own ? c->usage_backend
						       : o->usage_backend };
	struct pipeline_repeat rep = { c->repeat ? c->repeat : o->repeat, false,
				       0 };
	cleanup_pipeline_result struct pipeline_result res;
	struct run_error err;
	if (pipeline_repeat(&j, p, &ro, &rep, &res, &err) < 0)
		run_failed(ret, &j, &err);
	else
		r = suite_case_from_run(p, &j, &res, ret);
	job_clear(&j);
	return r;
}

int suite_case_from_run(const struct profile *p, const struct job *j,
			const struct pipeline_result *res,
			struct suite_case_result *ret)
{
	int r;
	ret->passed = !pipeline_failed(res);
	if ((r = run_record_make(p, j, res, true, &ret->run)) == 0 &&
	    (r = strv_extend(&ret->used, res->used.v)) == 0 &&
	    (r = strv_extend(&ret->intermittent, res->intermittent.v)) == 0 &&
	    (r = add_used_by(&res->usage, ret)) == 0)
		r = sometimes_names(&res->sometimes, &ret->sometimes);
	return r;
}

int suite_profile_add_allowed(struct suite_profile *p, const char *name,
			      unsigned line, unsigned column)
{
	for (size_t i = 0; i < p->n_allowed; i++)
		if (p->allowed[i].line == line &&
		    p->allowed[i].column == column &&
		    strcmp(p->allowed[i].name, name) == 0)
			return 0;
	void *a = p->allowed;
	if (util_grow(&a, &p->allowed_alloc, p->n_allowed,
		      sizeof(*p->allowed)) < 0)
		return -ENOMEM;
	p->allowed = a;
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	p->allowed[p->n_allowed++] = (struct suite_entry){ copy, line, column };
	return 0;
}

/* p's entries a run of c can judge: p evaluated under c's own caps. */
static int allowed_for_case(struct profile *p, const struct scase *c,
			    struct suite_profile *ret)
{
	struct profile_env env;
	uint64_t caps;
	char bad[64];
	const char *spec = c->caps		    ? c->caps
			   : c->runtime || c->image ? "docker"
						    : "keep";
	if (caps_parse(spec, &caps, bad, sizeof(bad)) < 0 ||
	    profile_env_native(caps, &env) < 0)
		return 0; /* the case itself fails, saying why */
	env.semantics = c->semantics != PROFILE_SEMANTICS_AUTO
				? c->semantics
				: job_runtime_semantics(c->runtime);
	profile_evaluate(p, &env);
	int r = suite_exposure_add(&ret->exposure, p);
	return r < 0 ? r : suite_profile_entries(p, ret);
}

int suite_profile_entries(const struct profile *p, struct suite_profile *ret)
{
	struct profile_loc at = writer_fix_at(p);
	ret->fix_line = at.line;
	ret->fix_column = at.column;
	cleanup_free struct usage_allowed *v = NULL;
	size_t n;
	int r = usage_allowed(p, NULL, &v, &n);
	for (size_t i = 0; r == 0 && i < n; i++)
		r = suite_profile_add_allowed(ret, v[i].name, v[i].loc.line,
					      v[i].loc.column);
	return r;
}

/* The entries of p the shard's cases can judge, each under its caps. */
static int allowed_entries(struct profile *p, const struct case_list *cl,
			   const struct suite_options *o,
			   struct suite_profile *ret)
{
	if (!(ret->path = strdup(p->path)))
		return -ENOMEM;
	for (size_t i = 0; i < cl->n; i++) {
		const struct scase *c = &cl->cases[i];
		if (!suite_in_shard(o, i) || strcmp(c->profile, p->path) != 0)
			continue;
		int r = allowed_for_case(p, c, ret);
		if (r < 0)
			return r;
	}
	return 0;
}

struct profiles {
	struct prof *v;
	size_t n;
	const struct suite_options *o;
};

/* A worker's case (pool.h). */
static int worker_case(const struct scase *c, void *arg,
		       struct suite_case_result *ret)
{
	const struct profiles *ps = arg;
	return run_case(c, find_profile(ps->v, ps->n, c->profile), ps->o, ret);
}

int suite_run(const struct case_list *cl, const struct suite_options *o,
	      struct suite_result *ret, struct diag *d)
{
	memset(ret, 0, sizeof(*ret));
	struct profiles ps = { .o = o };
	int r = load_profiles(cl, &ps.v, &ps.n, d);
	if (r < 0)
		return r;
	ret->profiles = calloc(ps.n + 1, sizeof(*ret->profiles));
	r = ret->profiles ? 0 : -ENOMEM;
	for (size_t k = 0; r == 0 && k < ps.n; k++, ret->n_profiles++)
		r = allowed_entries(ps.v[k].p, cl, o, &ret->profiles[k]);
	if (r == 0)
		r = pool_run(cl, o, worker_case, &ps, ret);
	if (r == 0) {
		if (o->shards > 1) {
			ret->shard = o->shard;
			ret->shards = o->shards;
		}
		suite_sort_cases(ret);
		r = suite_summarize(ret, false);
	}
	profs_free(ps.v, ps.n);
	if (r < 0)
		suite_result_clear(ret);
	return r;
}

struct suite_case_result *suite_add_case(struct suite_result *r)
{
	void *a = r->cases;
	if (util_grow(&a, &r->cases_alloc, r->n_cases, sizeof(*r->cases)) < 0)
		return NULL;
	r->cases = a;
	struct suite_case_result *c = &r->cases[r->n_cases++];
	memset(c, 0, sizeof(*c));
	return c;
}

static int cmp_case(const void *x, const void *y)
{
	const struct suite_case_result *a = x, *b = y;
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

void suite_sort_cases(struct suite_result *r)
{
	if (r->n_cases)
		qsort(r->cases, r->n_cases, sizeof(*r->cases), cmp_case);
}

void suite_case_result_clear(struct suite_case_result *c)
{
	free(c->name);
	free(c->file);
	free(c->profile);
	run_record_clear(&c->run);
	strv_clear(&c->used);
	strv_clear(&c->intermittent);
	strv_clear(&c->sometimes);
	used_by_free(c->used_by, c->n_used_by);
	memset(c, 0, sizeof(*c));
}

static void entries_free(struct suite_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

void suite_profile_clear(struct suite_profile *p)
{
	free(p->path);
	entries_free(p->allowed, p->n_allowed);
	entries_free(p->unnecessary, p->n_unnecessary);
	for (size_t i = 0; i < p->n_unjudged; i++) {
		free(p->unjudged[i].name);
		free(p->unjudged[i].reason);
	}
	free(p->unjudged);
	for (size_t i = 0; i < p->n_missing; i++) {
		free(p->missing[i].name);
		strv_clear(&p->missing[i].cases);
	}
	free(p->missing);
	strv_clear(&p->used);
	strv_clear(&p->intermittent);
	strv_clear(&p->sometimes);
	used_by_free(p->used_by, p->n_used_by);
	exposure_clear(&p->exposure);
	memset(p, 0, sizeof(*p));
}

void suite_result_clear(struct suite_result *r)
{
	for (size_t i = 0; i < r->n_profiles; i++)
		suite_profile_clear(&r->profiles[i]);
	free(r->profiles);
	for (size_t i = 0; i < r->n_cases; i++)
		suite_case_result_clear(&r->cases[i]);
	free(r->cases);
	strv_clear(&r->missing);
	strv_clear(&r->unnecessary);
	strv_clear(&r->used);
	strv_clear(&r->not_judged);
	memset(r, 0, sizeof(*r));
}
