/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "usage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Allowed by a rule (or the default) that says allow: a call the profile
 * only logs or hands to an agent did not use an allow entry. */
static bool allowed(const struct obs_call *c)
{
	return c->action.type == PROFILE_ACT_ALLOW;
}

bool usage_counts(const struct obs_call *c)
{
	if (!c->name[0] || !allowed(c))
		return false;
	return !c->launcher || strcmp(c->name, "execve") == 0;
}

int usage_names(const struct observations *o, struct strv *ret)
{
	for (size_t i = 0; i < o->n_calls; i++) {
		if (!usage_counts(&o->calls[i]))
			continue;
		int r = strv_add_unique(ret, o->calls[i].name);
		if (r < 0)
			return r;
	}
	return 0;
}

int usage_allowed(const struct profile *p, const struct profile_delta *d,
		  struct usage_allowed **ret, size_t *ret_n)
{
	struct usage_allowed *v =
		calloc(profile_count_names(p) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!r->active || r->action.type != PROFILE_ACT_ALLOW)
			continue;
		for (size_t j = 0; j < r->n_names; j++)
			if (!profile_delta_dropped(d, i, j) &&
			    profile_name_applicable(p, r->names[j].name))
				v[n++] = (struct usage_allowed){
					r->names[j].name, r->names[j].loc
				};
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

size_t usage_unused(struct usage_allowed *v, size_t n, char *const *used)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!strv_contains(used, v[i].name))
			v[k++] = v[i];
	return k;
}

const struct usage_entry *usage_find(const struct usage_set *u,
				     const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i].name, name) == 0)
			return &u->v[i];
	return NULL;
}

static struct usage_entry *find(struct usage_set *u, const char *name)
{
	return (struct usage_entry *)usage_find(u, name);
}

static struct usage_entry *add(struct usage_set *u, const char *name)
{
	void *a = u->v;
	if (util_grow(&a, &u->alloc, u->n, sizeof(*u->v)) < 0)
		return NULL;
	u->v = a;
	struct usage_entry *e = &u->v[u->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	return e;
}

static void add_arch(uint32_t *v, size_t *n, uint32_t arch)
{
	for (size_t k = 0; k < *n; k++)
		if (v[k] == arch)
			return;
	if (*n < SYSCALLS_MAX_ARCHES)
		v[(*n)++] = arch;
}

static int exe_index(const struct strv *t, const char *path)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i], path) == 0)
			return (int)i;
	return -ENOENT;
}

/* Count n calls of e by executable path, added to u's table when new. */
static int count_exe(struct usage_set *u, struct usage_entry *e,
		     const char *path, uint64_t n)
{
	int x = exe_index(&u->exes, path);
	for (size_t k = 0; x >= 0 && k < e->n_exes; k++)
		if (e->exes[k].exe == (uint32_t)x) {
			e->exes[k].calls += n;
			return 0;
		}
	if (e->n_exes == USAGE_MAX_EXES) {
		e->other_exes += n;
		return 0;
	}
	if (x < 0) {
		if (strv_add(&u->exes, path) < 0)
			return -ENOMEM;
		x = (int)u->exes.n - 1;
	}
	e->exes[e->n_exes++] = (struct usage_exe){ (uint32_t)x, n };
	return 0;
}

/* Who made c, counted into e. */
static int collect_exes(struct usage_set *u, struct usage_entry *e,
			const struct observations *o, const struct obs_call *c)
{
	if (c->launcher) {
		e->launcher += c->count;
		return 0;
	}
	for (size_t k = 0; k < c->n_exes; k++) {
		uint32_t x = c->exes[k].exe;
		int r = count_exe(u, e, x < o->exes.n ? o->exes.v[x] : "",
				  c->exes[k].count);
		if (r < 0)
			return r;
	}
	e->other_exes += c->other_exes;
	return 0;
}

int usage_collect(const struct observations *o, uint32_t native,
		  struct usage_set *u)
{
	memset(u, 0, sizeof(*u));
	u->arches[u->n_arches++] = native;
	u->runs = 1;
	for (size_t i = 0; i < o->n_calls; i++) {
		const struct obs_call *c = &o->calls[i];
		if (!c->name[0] && allowed(c) && !c->launcher) {
			if (u->n_unnamed < ARRAY_SIZE(u->unnamed)) {
				u->unnamed[u->n_unnamed].nr = c->nr;
				u->unnamed[u->n_unnamed].arch = c->arch;
			}
			u->n_unnamed++;
			continue;
		}
		if (!usage_counts(c))
			continue;
		u->kernel_made |= strcmp(c->name, "restart_syscall") == 0 ||
				  strcmp(c->name, "rt_sigreturn") == 0;
		struct usage_entry *e = find(u, c->name);
		if ((!e && !(e = add(u, c->name))) ||
		    collect_exes(u, e, o, c) < 0) {
			usage_set_clear(u);
			return -ENOMEM;
		}
		e->runs = 1;
		e->calls += c->count;
		add_arch(e->arches, &e->n_arches, c->arch);
		add_arch(u->arches, &u->n_arches, c->arch);
	}
	usage_sort(u);
	return 0;
}

int usage_merge(struct usage_set *into, const struct usage_set *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct usage_entry *f = &from->v[i];
		struct usage_entry *e = find(into, f->name);
		if (!e && !(e = add(into, f->name)))
			return -ENOMEM;
		e->runs += f->runs;
		e->calls += f->calls;
		e->other_exes += f->other_exes;
		e->launcher += f->launcher;
		for (size_t k = 0; k < f->n_exes; k++)
			if (count_exe(into, e, from->exes.v[f->exes[k].exe],
				      f->exes[k].calls) < 0)
				return -ENOMEM;
		for (size_t a = 0; a < f->n_arches; a++)
			add_arch(e->arches, &e->n_arches, f->arches[a]);
	}
	for (size_t a = 0; a < from->n_arches; a++)
		add_arch(into->arches, &into->n_arches, from->arches[a]);
	for (size_t k = 0; k < from->n_unnamed && k < ARRAY_SIZE(from->unnamed);
	     k++) {
		bool seen = false;
		for (size_t m = 0;
		     m < into->n_unnamed && m < ARRAY_SIZE(into->unnamed); m++)
			seen |= into->unnamed[m].nr == from->unnamed[k].nr &&
				into->unnamed[m].arch == from->unnamed[k].arch;
		if (!seen && into->n_unnamed < ARRAY_SIZE(into->unnamed))
			into->unnamed[into->n_unnamed++] = from->unnamed[k];
	}
	/* Past the first 16, only a count: the most one run had. */
	if (from->n_unnamed > into->n_unnamed)
		into->n_unnamed = from->n_unnamed;
	into->kernel_made |= from->kernel_made;
	into->runs += from->runs;
	usage_sort(into);
	return 0;
}

int usage_intermittent(const struct usage_set *u, struct strv *ret)
{
	for (size_t i = 0; i < u->n; i++)
		if (u->v[i].runs < u->runs) {
			int r = strv_add(ret, u->v[i].name);
			if (r < 0)
				return r;
		}
	return 0;
}

int usage_add_name(struct usage_set *u, const char *name)
{
	if (find(u, name))
		return 0;
	return add(u, name) ? 0 : -ENOMEM;
}

size_t usage_keep(struct usage_set *u, char *const *keep)
{
	size_t n = 0;
	for (size_t i = 0; i < u->n; i++)
		if (strv_contains(keep, u->v[i].name))
			u->v[n++] = u->v[i];
	size_t gone = u->n - n;
	u->n = n;
	return gone;
}

bool usage_exe_matches(const char *path, char *const *want)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	for (; want && *want; want++)
		if (strcmp(strchr(*want, '/') ? path : base, *want) == 0)
			return true;
	return false;
}

/* Whether e is left with calls of want's executables (below). */
static bool keeps(const struct usage_set *u, const struct usage_entry *e,
		  char *const *want)
{
	for (size_t k = 0; k < e->n_exes; k++)
		if (usage_exe_matches(u->exes.v[e->exes[k].exe], want))
			return true;
	return e->other_exes || e->launcher;
}

int usage_keep_exes(struct usage_set *u, char *const *want,
		    struct strv *ret_names, struct strv *ret_exes)
{
	/* What goes first: out of memory, u is as it was. */
	for (size_t i = 0; i < u->n; i++) {
		const struct usage_entry *e = &u->v[i];
		if (keeps(u, e, want))
			continue;
		if (strv_add(ret_names, e->name) < 0)
			return -ENOMEM;
		for (size_t k = 0; k < e->n_exes; k++)
			if (strv_add_unique(ret_exes,
					    u->exes.v[e->exes[k].exe]) < 0)
				return -ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < u->n; i++) {
		struct usage_entry e = u->v[i];
		if (!keeps(u, &e, want))
			continue;
		size_t k = 0;
		e.calls = e.other_exes + e.launcher;
		for (size_t x = 0; x < e.n_exes; x++)
			if (usage_exe_matches(u->exes.v[e.exes[x].exe], want)) {
				e.calls += e.exes[x].calls;
				e.exes[k++] = e.exes[x];
			}
		e.n_exes = k;
		u->v[n++] = e;
	}
	size_t gone = u->n - n;
	u->n = n;
	return (int)gone;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(((const struct usage_entry *)a)->name,
		      ((const struct usage_entry *)b)->name);
}

/* Most calls first; a tie in the table's order (first seen). */
static int cmp_exe(const void *a, const void *b)
{
	const struct usage_exe *x = a, *y = b;
	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	return x->exe < y->exe ? -1 : x->exe > y->exe;
}

void usage_sort(struct usage_set *u)
{
	if (u->n)
		qsort(u->v, u->n, sizeof(*u->v), cmp);
	for (size_t i = 0; i < u->n; i++)
		if (u->v[i].n_exes > 1)
			qsort(u->v[i].exes, u->v[i].n_exes,
			      sizeof(*u->v[i].exes), cmp_exe);
}

int usage_set_names(const struct usage_set *u, struct strv *ret)
{
	for (size_t i = 0; i < u->n; i++) {
		int r = strv_add(ret, u->v[i].name);
		if (r < 0)
			return r;
	}
	return 0;
}

void usage_set_clear(struct usage_set *u)
{
	free(u->v);
	strv_clear(&u->exes);
	memset(u, 0, sizeof(*u));
}
