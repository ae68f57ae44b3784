/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "exposure.h"

#include <errno.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "dangerous.h"
#include "json-util.h"
#include "strmap.h"
#include "syscalls.h"
#include "util.h"

/* What the rules say about one name, whatever the arch. */
struct state {
	const char *name; /* points into the profile or the delta */
	bool runs, runs_cond; /* a rule lets it run: always, or with args */
	bool stops, stops_cond; /* a rule stops it: always, or with args */
	bool by_allow; /* one of those that let it run says allow */
};

enum how { HOW_STOPPED, HOW_CONDITIONAL, HOW_RUNS };

/* Each distinct name the rules give, with its state: a profile may name
 * hundreds of thousands, each resolved once per arch only. */
struct names {
	struct strmap map; /* name → index in v */
	struct state *v;
	size_t n, alloc;
};

static void names_free(struct names *s)
{
	strmap_free(&s->map);
	free(s->v);
}

bool exposure_action_runs(struct profile_action a)
{
	return a.type == PROFILE_ACT_ALLOW || a.type == PROFILE_ACT_LOG;
}

static int note(struct names *s, const char *name, struct profile_action a,
		bool conditional)
{
	size_t k;
	int r = strmap_add(&s->map, name, s->n, &k);
	if (r < 0)
		return r;
	if (r == 1) {
		void *x = s->v;
		if (util_grow(&x, &s->alloc, s->n, sizeof(*s->v)) < 0)
			return -ENOMEM;
		s->v = x;
		k = s->n++;
		s->v[k] = (struct state){ .name = name };
	}
	struct state *st = &s->v[k];
	if (exposure_action_runs(a)) {
		*(conditional ? &st->runs_cond : &st->runs) = true;
		st->by_allow |= a.type == PROFILE_ACT_ALLOW;
	} else {
		*(conditional ? &st->stops_cond : &st->stops) = true;
	}
	return 0;
}

/* The names as filter_build compiles them. */
static int collect(const struct profile *p, const struct profile_delta *d,
		   struct names *s)
{
	int r = 0;
	for (size_t i = 0; i < p->n_rules && r == 0; i++) {
		const struct profile_rule *rule = &p->rules[i];
		for (size_t j = 0; rule->active && j < rule->n_names && r == 0;
		     j++)
			if (!profile_delta_dropped(d, i, j))
				r = note(s, rule->names[j].name, rule->action,
					 rule->n_args > 0);
	}
	for (size_t i = 0; d && i < d->n_added && r == 0; i++)
		if (!d->added[i].dropped)
			r = note(s, d->added[i].name, d->added[i].action,
				 false);
	return r;
}

/* Whether name is a syscall of arch as the filter compiles it: on x86,
 * libseccomp answers the socket and ipc calls with a pseudo number and
 * compiles a rule for them into both socketcall (or ipc) and the direct
 * syscall, which its rewrite names. */
static bool on_arch(uint32_t arch, const char *name)
{
	return syscalls_resolve(arch, name) >= 0 ||
	       seccomp_syscall_resolve_name_rewrite(arch, name) >= 0;
}

static enum how how_of(const struct state *s, bool def_runs)
{
	if (s->runs)
		return HOW_RUNS;
	/* Calls no rule takes get the default. */
	if (def_runs && s->stops)
		return s->runs_cond ? HOW_CONDITIONAL : HOW_STOPPED;
	if (def_runs)
		return s->stops_cond ? HOW_CONDITIONAL : HOW_RUNS;
	return s->runs_cond ? HOW_CONDITIONAL : HOW_STOPPED;
}

/* Whether only a log action lets it run: usage never sees its use. */
static bool logged(const struct state *s, const struct profile *p)
{
	if (s->by_allow)
		return false;
	return !(p->default_action.type == PROFILE_ACT_ALLOW && !s->runs);
}

static const struct state *state_of(const struct names *s, const char *name)
{
	static const struct state none;
	size_t k;
	return strmap_get(&s->map, name, &k) == 0 ? &s->v[k] : &none;
}

/* The list's entries allowed on a's arch, into a and e. */
static int add_dangerous(const struct profile *p, const struct names *s,
			 struct exposure_arch *a, struct exposure *e)
{
	bool def_runs = exposure_action_runs(p->default_action);
	size_t n;
	const struct dangerous_syscall *list = dangerous_list(&n);
	int r = 0;
	for (size_t i = 0; i < n && r >= 0; i++) {
		const struct state *st = state_of(s, list[i].name);
		enum how h = how_of(st, def_runs);
		if (!on_arch(a->arch, list[i].name) || h == HOW_STOPPED ||
		    (h == HOW_CONDITIONAL && list[i].conditional))
			continue;
		r = strv_add(&a->dangerous, list[i].name);
		if (r == 0 && h == HOW_CONDITIONAL)
			r = strv_add(&a->dangerous_conditional, list[i].name);
		if (r == 0)
			r = strv_add_unique(&e->dangerous, list[i].name);
		if (r < 0)
			continue;
		if (logged(st, p))
			r = strv_add_unique(&e->logged, list[i].name);
	}
	return r < 0 ? r : 0;
}

int exposure_judge(struct exposure *e, char *const *used, char *const *kept)
{
	e->judged = true;
	for (size_t i = 0; i < e->n_arches; i++) {
		struct exposure_arch *a = &e->arches[i];
		for (size_t k = 0; k < a->dangerous.n; k++) {
			const char *name = a->dangerous.v[k];
			int r = 0;
			if (strv_contains(e->logged.v, name))
				continue;
			if (strv_contains(used, name))
				r = strv_add_unique(&e->used, name);
			else if (kept && strv_contains(kept, name))
				r = strv_add_unique(&e->sometimes, name);
			else if ((r = strv_add(&a->unused, name)) == 0)
				r = strv_add_unique(&e->unused, name);
			if (r < 0)
				return r;
		}
		strv_sort_unique(&a->unused);
	}
	strv_sort_unique(&e->used);
	strv_sort_unique(&e->unused);
	strv_sort_unique(&e->sometimes);
	return 0;
}

static void count_arch(const struct profile *p, const struct names *s,
		       struct exposure_arch *a)
{
	bool def_runs = exposure_action_runs(p->default_action);
	a->all_but = def_runs;
	for (size_t k = 0; k < s->n; k++) {
		enum how h = how_of(&s->v[k], def_runs);
		if (!on_arch(a->arch, s->v[k].name))
			continue;
		a->allowed += !def_runs && h != HOW_STOPPED;
		a->denied += def_runs && h == HOW_STOPPED;
		a->conditional += h == HOW_CONDITIONAL;
	}
}

int exposure_compute(const struct profile *p, const struct profile_delta *d,
		     const struct strv *used, const struct strv *sometimes,
		     struct exposure *e)
{
	memset(e, 0, sizeof(*e));
	__attribute__((cleanup(names_free))) struct names s = { STRMAP_INIT };
	int r = collect(p, d, &s);
	for (size_t i = 0; i < p->n_arches && r == 0; i++) {
		if (e->n_arches == EXPOSURE_MAX_ARCHES)
			break;
		struct exposure_arch *a = &e->arches[e->n_arches++];
		a->arch = p->arches[i];
		count_arch(p, &s, a);
		r = add_dangerous(p, &s, a, e);
	}
	for (size_t i = 0; i < e->n_arches; i++) {
		strv_sort_unique(&e->arches[i].dangerous);
		strv_sort_unique(&e->arches[i].dangerous_conditional);
	}
	strv_sort_unique(&e->dangerous);
	strv_sort_unique(&e->logged);
	if (r == 0 && used)
		r = exposure_judge(e, used->v, sometimes ? sometimes->v : NULL);
	return r;
}

void exposure_clear(struct exposure *e)
{
	for (size_t i = 0; i < e->n_arches; i++) {
		strv_clear(&e->arches[i].dangerous);
		strv_clear(&e->arches[i].dangerous_conditional);
		strv_clear(&e->arches[i].unused);
	}
	strv_clear(&e->dangerous);
	strv_clear(&e->logged);
	strv_clear(&e->used);
	strv_clear(&e->unused);
	strv_clear(&e->sometimes);
	memset(e, 0, sizeof(*e));
}

static const char *const gate_names[] = {
	[EXPOSURE_GATE_NONE] = "none",
	[EXPOSURE_GATE_PASSED] = "passed",
	[EXPOSURE_GATE_FAILED] = "failed",
	[EXPOSURE_GATE_NOT_JUDGED] = "not-judged",
};
_Static_assert(ARRAY_SIZE(gate_names) == EXPOSURE_GATE_MAX, "gate names");

const char *exposure_gate_name(enum exposure_gate g)
{
	return g < EXPOSURE_GATE_MAX ? gate_names[g] : "?";
}

enum exposure_gate exposure_gate(const struct exposure *e, long max)
{
	if (max < 0)
		return EXPOSURE_GATE_NONE;
	/* Fewer judgeable names than the gate lets go unused: it holds
	 * whatever the runs used. */
	if (e->dangerous.n - e->logged.n <= (size_t)max)
		return EXPOSURE_GATE_PASSED;
	if (!e->judged)
		return EXPOSURE_GATE_NOT_JUDGED;
	return e->unused.n > (size_t)max ? EXPOSURE_GATE_FAILED
					 : EXPOSURE_GATE_PASSED;
}

/* n, coloured with on when not zero. */
static void count(FILE *f, size_t n, const char *on, const struct color *c,
		  const char *what)
{
	fprintf(f, "%s%zu %s%s", n ? on : "", n, what, n ? c->off : "");
}

void exposure_text(FILE *f, const struct exposure *e, const struct color *c)
{
	if (!c)
		c = color_palette(false);
	for (size_t i = 0; i < e->n_arches; i++) {
		const struct exposure_arch *a = &e->arches[i];
		const char *name = syscalls_arch_name(a->arch);
		fprintf(f, "%s%s ", i ? "; " : "", name ? name : "?");
		if (a->all_but)
			fprintf(f, "all but %zu allowed", a->denied);
		else
			fprintf(f, "%zu allowed", a->allowed);
		if (a->conditional)
			fprintf(f, " (%zu with conditions)", a->conditional);
		fprintf(f, ", ");
		count(f, a->dangerous.n, c->warn, c, "dangerous");
		if (a->dangerous_conditional.n)
			fprintf(f, " (%zu with conditions)",
				a->dangerous_conditional.n);
		if (!e->judged)
			continue;
		fprintf(f, ", ");
		count(f, a->unused.n, c->bad, c, "unused");
	}
	if (!e->n_arches)
		fprintf(f, "no arch covered");
}

void exposure_text_details(FILE *f, const struct exposure *e,
			   const char *indent, const char *not_judged, long max,
			   const struct color *c)
{
	if (!c)
		c = color_palette(false);
	const struct strv *lists[] = { &e->unused, &e->sometimes, &e->logged };
	static const char *const heads[] = {
		"dangerous and unused (remove them, or add a run that needs "
		"them):",
		"dangerous, unused, made only sometimes (kept):",
		"dangerous and only logged (their use is in the audit log, not "
		"judged):",
	};
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		if (!lists[i]->n)
			continue;
		fprintf(f, "%s%s", indent, heads[i]);
		for (size_t k = 0; k < lists[i]->n; k++)
			fprintf(f, " %s", lists[i]->v[k]);
		fprintf(f, "\n");
	}
	if (!e->judged && e->dangerous.n > e->logged.n && not_judged)
		fprintf(f, "%sthe dangerous ones' use: not judged: %s\n",
			indent, not_judged);
	enum exposure_gate g = exposure_gate(e, max);
	if (g == EXPOSURE_GATE_NONE)
		return;
	fprintf(f, "%s%s--max-dangerous-unused %ld: %s%s", indent,
		g == EXPOSURE_GATE_PASSED ? c->good : c->bad, max,
		g == EXPOSURE_GATE_NOT_JUDGED ? "not judged"
					      : exposure_gate_name(g),
		c->off);
	if (g == EXPOSURE_GATE_FAILED)
		fprintf(f, ": %zu dangerous entr%s allowed and unused",
			e->unused.n, e->unused.n == 1 ? "y" : "ies");
	else if (g == EXPOSURE_GATE_NOT_JUDGED)
		fprintf(f, ": %s", not_judged ? not_judged : "no run");
	fprintf(f, "\n");
}

static json_t *arch_json(const struct exposure *e,
			 const struct exposure_arch *a)
{
	const char *name = syscalls_arch_name(a->arch);
	json_t *o = json_pack(
		"{s:s,s:o,s:b,s:I,s:o,s:o}", "arch", name ? name : "?",
		"allowed",
		a->all_but ? json_null() : json_integer((json_int_t)a->allowed),
		"allBut", a->all_but, "conditional", (json_int_t)a->conditional,
		"dangerous", jsonutil_array(a->dangerous.v),
		"dangerousConditional",
		jsonutil_array(a->dangerous_conditional.v));
	if (o && a->all_but)
		json_object_set_new(o, "denied",
				    json_integer((json_int_t)a->denied));
	if (o && e->judged)
		json_object_set_new(o, "dangerousUnused",
				    jsonutil_array(a->unused.v));
	return o;
}

json_t *exposure_json(const struct exposure *e, const char *not_judged,
		      long max)
{
	json_t *arches = json_array();
	for (size_t i = 0; arches && i < e->n_arches; i++) {
		json_t *a = arch_json(e, &e->arches[i]);
		if (!a || json_array_append_new(arches, a) < 0) {
			json_decref(arches);
			return NULL;
		}
	}
	json_t *o = json_pack("{s:o,s:o,s:o,s:b}", "arches", arches,
			      "dangerous", jsonutil_array(e->dangerous.v),
			      "dangerousLogged", jsonutil_array(e->logged.v),
			      "usageJudged", e->judged);
	if (o && e->judged) {
		json_object_set_new(o, "dangerousUsed",
				    jsonutil_array(e->used.v));
		json_object_set_new(o, "dangerousUnused",
				    jsonutil_array(e->unused.v));
		json_object_set_new(o, "dangerousSometimes",
				    jsonutil_array(e->sometimes.v));
	} else if (o && not_judged) {
		json_object_set_new(o, "notJudged", jsonutil_str(not_judged));
	}
	if (o && max >= 0) {
		json_object_set_new(o, "maxDangerousUnused", json_integer(max));
		json_object_set_new(
			o, "gate",
			json_string(exposure_gate_name(exposure_gate(e, max))));
	}
	return o;
}
