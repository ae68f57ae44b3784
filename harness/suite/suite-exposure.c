/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "suite-exposure.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "dangerous.h"
#include "json-util.h"
#include "syscalls.h"
#include "util.h"

bool suite_exposure_known(const struct exposure *e)
{
	/* An evaluation covers its own arch at least. */
	return e->n_arches > 0;
}

/* The judged part gone: e as where the profile was loaded. */
static void unjudge(struct exposure *e)
{
	for (size_t i = 0; i < e->n_arches; i++)
		strv_clear(&e->arches[i].unused);
	strv_clear(&e->used);
	strv_clear(&e->unused);
	strv_clear(&e->sometimes);
	e->judged = false;
}

static struct exposure_arch *find_arch(struct exposure *e, uint32_t arch)
{
	for (size_t i = 0; i < e->n_arches; i++)
		if (e->arches[i].arch == arch)
			return &e->arches[i];
	if (e->n_arches == EXPOSURE_MAX_ARCHES)
		return NULL;
	struct exposure_arch *a = &e->arches[e->n_arches++];
	*a = (struct exposure_arch){ .arch = arch };
	return a;
}

/* A name's state, ordered: not allowed < only with conditions < allowed
 * whatever the arguments; the union keeps the widest. */
static int unite_dangerous(struct exposure_arch *a,
			   const struct exposure_arch *x)
{
	for (size_t i = 0; i < x->dangerous.n; i++) {
		const char *name = x->dangerous.v[i];
		bool cond = strv_contains(x->dangerous_conditional.v, name);
		if (!strv_contains(a->dangerous.v, name)) {
			if (strv_add_unique(&a->dangerous, name) < 0 ||
			    (cond && strv_add_unique(&a->dangerous_conditional,
						     name) < 0))
				return -ENOMEM;
		} else if (!cond) {
			strv_remove(&a->dangerous_conditional, name);
		}
	}
	strv_sort_unique(&a->dangerous);
	strv_sort_unique(&a->dangerous_conditional);
	return 0;
}

static int unite_arch(struct exposure_arch *a, const struct exposure_arch *x,
		      bool fresh)
{
	if (fresh) {
		a->all_but = x->all_but;
		a->allowed = x->allowed;
		a->denied = x->denied;
	} else if (x->all_but && !a->all_but) {
		/* A default that runs calls allows more than any list. */
		a->all_but = true;
		a->allowed = 0;
		a->denied = x->denied;
	} else if (x->all_but) {
		a->denied = x->denied < a->denied ? x->denied : a->denied;
	} else if (!a->all_but) {
		a->allowed = x->allowed > a->allowed ? x->allowed : a->allowed;
	}
	if (x->conditional > a->conditional)
		a->conditional = x->conditional;
	return unite_dangerous(a, x);
}

int suite_exposure_unite(struct exposure *e, const struct exposure *x)
{
	unjudge(e);
	for (size_t i = 0; i < x->n_arches; i++) {
		size_t before = e->n_arches;
		struct exposure_arch *a = find_arch(e, x->arches[i].arch);
		if (a && unite_arch(a, &x->arches[i], e->n_arches > before) < 0)
			return -ENOMEM;
	}
	/* Only logged where any evaluation only logs it: its use there is in
	 * the audit log, so "unused" would be a guess. */
	if (strv_extend(&e->dangerous, x->dangerous.v) < 0 ||
	    strv_extend(&e->logged, x->logged.v) < 0)
		return -ENOMEM;
	strv_sort_unique(&e->dangerous);
	strv_sort_unique(&e->logged);
	return 0;
}

int suite_exposure_add(struct exposure *e, const struct profile *p)
{
	cleanup_exposure struct exposure x = { 0 };
	int r = exposure_compute(p, NULL, NULL, NULL, &x);
	return r < 0 ? r : suite_exposure_unite(e, &x);
}

int suite_exposure_judge(struct suite_profile *p)
{
	unjudge(&p->exposure);
	if (p->n_unjudged || !suite_exposure_known(&p->exposure))
		return 0;
	cleanup_strv struct strv kept = STRV_INIT;
	if (strv_extend(&kept, p->sometimes.v) < 0 ||
	    strv_extend(&kept, p->intermittent.v) < 0)
		return -ENOMEM;
	return exposure_judge(&p->exposure, p->used.v, kept.v);
}

enum exposure_gate suite_exposure_gate(const struct suite_profile *p, long max)
{
	if (max < 0)
		return EXPOSURE_GATE_NONE;
	if (!suite_exposure_known(&p->exposure))
		return EXPOSURE_GATE_NOT_JUDGED;
	return exposure_gate(&p->exposure, max);
}

long suite_exposure_max(const struct suite_result *r)
{
	return r->dangerous_gate && r->max_dangerous_unused <= LONG_MAX
		       ? (long)r->max_dangerous_unused
		       : -1;
}

void suite_exposure_why(const struct suite_profile *p, char *buf, size_t size)
{
	if (!suite_exposure_known(&p->exposure))
		snprintf(buf, size,
			 "the report has no exposure (no case of the profile "
			 "ran, or an older scaudit wrote it)");
	else if (p->n_unjudged)
		snprintf(buf, size, "case %s ended %s, not as expected%s",
			 p->unjudged[0].name,
			 verdict_outcome_name(p->unjudged[0].outcome),
			 p->n_unjudged > 1 ? " (and more)" : "");
	else if (size)
		buf[0] = '\0';
}

json_t *suite_exposure_json(const struct suite_result *r,
			    const struct suite_profile *p)
{
	char why[512];
	if (!suite_exposure_known(&p->exposure))
		return NULL;
	suite_exposure_why(p, why, sizeof(why));
	return exposure_json(&p->exposure, why, suite_exposure_max(r));
}

/* A size_t member, >= 0; absent or null: 0. */
static int parse_count(const json_t *j, const char *key, size_t *ret)
{
	json_t *v;
	if (jsonutil_get(j, key, JSON_INTEGER, false, &v) < 0)
		return -EINVAL;
	json_int_t n = v ? json_integer_value(v) : 0;
	if (n < 0)
		return -EINVAL;
	*ret = (size_t)n;
	return 0;
}

/* Names of the dangerous list only: what the reports print of it is
 * known text. */
static int parse_names(const json_t *j, const char *key, struct strv *ret)
{
	int r = jsonutil_strings(j, key, ret);
	for (size_t i = 0; r == 0 && i < ret->n; i++)
		if (!dangerous_find(ret->v[i]))
			r = -EINVAL;
	strv_sort_unique(ret);
	return r;
}

static int parse_arch(const json_t *j, struct exposure *e)
{
	char name[64];
	uint32_t arch;
	if (!json_is_object(j) ||
	    jsonutil_string(j, "arch", true, name, sizeof(name)) < 0 ||
	    syscalls_arch_parse(name, &arch) < 0)
		return -EINVAL;
	size_t before = e->n_arches;
	struct exposure_arch *a = find_arch(e, arch);
	if (!a || e->n_arches == before)
		return -EINVAL; /* too many, or twice */
	a->all_but = json_is_true(json_object_get(j, "allBut"));
	int r = parse_count(j, "allowed", &a->allowed);
	if (r == 0)
		r = parse_count(j, "denied", &a->denied);
	if (r == 0)
		r = parse_count(j, "conditional", &a->conditional);
	if (r == 0)
		r = parse_names(j, "dangerous", &a->dangerous);
	if (r == 0)
		r = parse_names(j, "dangerousConditional",
				&a->dangerous_conditional);
	return r;
}

int suite_exposure_parse(const json_t *j, struct exposure *ret)
{
	memset(ret, 0, sizeof(*ret));
	json_t *arches, *x;
	size_t i;
	if (!json_is_object(j) ||
	    jsonutil_get(j, "arches", JSON_ARRAY, true, &arches) < 0 ||
	    json_array_size(arches) == 0)
		return -EINVAL;
	int r = 0;
	json_array_foreach (arches, i, x)
		if (r == 0)
			r = parse_arch(x, ret);
	if (r == 0)
		r = parse_names(j, "dangerous", &ret->dangerous);
	if (r == 0)
		r = parse_names(j, "dangerousLogged", &ret->logged);
	return r;
}
