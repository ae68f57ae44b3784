/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "effect.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "syscalls.h"
#include "util.h"

#define MAX_CANDIDATES 24
#define MAX_SAMPLES 4096

struct candidates {
	uint64_t v[6][MAX_CANDIDATES];
	size_t n[6];
};

static void add_candidate(struct candidates *c, unsigned index, uint64_t v)
{
	if (index > 5)
		return;
	for (size_t i = 0; i < c->n[index]; i++)
		if (c->v[index][i] == v)
			return;
	if (c->n[index] < MAX_CANDIDATES)
		c->v[index][c->n[index]++] = v;
}

/* The values on either side of each comparison, and with the high and
 * low 32-bit halves each changed alone (BPF compares them apart). */
static void add_condition(struct candidates *c, const struct profile_arg *a)
{
	uint64_t v = a->value;
	if (a->op == SCMP_CMP_MASKED_EQ) {
		uint64_t mask = a->value, datum = a->value_two;
		add_candidate(c, a->index, datum);
		add_candidate(c, a->index, datum ^ (mask & -mask));
		add_candidate(c, a->index, datum | ~mask);
		add_candidate(c, a->index, ~0ull);
		return;
	}
	add_candidate(c, a->index, v);
	add_candidate(c, a->index, v - 1);
	add_candidate(c, a->index, v + 1);
	add_candidate(c, a->index, v ^ (1ull << 32));
	add_candidate(c, a->index, v ^ 1ull);
	add_candidate(c, a->index, ~0ull);
}

/* Each name of a rule with conditions, sorted by name (then profile
 * order): collect finds a syscall's rules without walking every rule of
 * the profiles once per syscall. */
struct cref {
	const char *name;
	const struct profile_rule *r;
	size_t order;
};

static int cmp_cref(const void *a, const void *b)
{
	const struct cref *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int index_conds(const struct profile *const *conds, size_t n_conds,
		       struct cref **ret, size_t *ret_n)
{
	struct cref *v = NULL;
	size_t n = 0, alloc = 0;
	for (size_t pi = 0; pi < n_conds; pi++) {
		const struct profile *p = conds[pi];
		for (size_t i = 0; i < p->n_rules; i++) {
			const struct profile_rule *r = &p->rules[i];
			for (size_t j = 0; r->n_args && j < r->n_names; j++) {
				void *a = v;
				if (util_grow(&a, &alloc, n, sizeof(*v)) < 0) {
					free(v);
					return -ENOMEM;
				}
				v = a;
				v[n] = (struct cref){ r->names[j].name, r, n };
				n++;
			}
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_cref);
	*ret = v;
	*ret_n = n;
	return 0;
}

static void collect(const struct cref *refs, size_t n_refs, const char *name,
		    struct candidates *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t k = 0; k < 6; k++)
		add_candidate(c, (unsigned)k, 0);
	size_t lo = 0, hi = n_refs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(refs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n_refs && strcmp(refs[lo].name, name) == 0; lo++)
		for (size_t g = 0; g < refs[lo].r->n_args; g++)
			add_condition(c, &refs[lo].r->args[g]);
}

/* The next combination of candidate indices, odometer style; false when
 * all were visited. */
static bool next_sample(size_t idx[6], const struct candidates *c)
{
	size_t k = 0;
	while (k < 6 && ++idx[k] == c->n[k])
		idx[k++] = 0;
	return k < 6;
}

static int add_row(struct effect_table *t, uint32_t arch, int nr,
		   const char *name, struct effect_row **ret)
{
	void *a = t->rows;
	if (util_grow(&a, &t->alloc, t->n, sizeof(*t->rows)) < 0)
		return -ENOMEM;
	t->rows = a;
	struct effect_row *r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->arch = arch;
	r->nr = nr;
	snprintf(r->name, sizeof(r->name), "%s", name);
	*ret = r;
	return 0;
}

static void note_action(struct effect_row *r, uint32_t ret)
{
	for (size_t i = 0; i < r->n_actions; i++)
		if (r->actions[i] == ret)
			return;
	if (r->n_actions < EFFECT_MAX_ACTIONS)
		r->actions[r->n_actions++] = ret;
}

static int sample_row(const struct filter *f, struct effect_row *r,
		      const struct candidates *c)
{
	/* All zero first: the plain call, and the cost figure. */
	size_t idx[6] = { 0 };
	size_t samples = 0;
	for (;;) {
		struct seccomp_data d = {
			.nr = r->nr, .arch = syscalls_audit_arch(r->arch)
		};
		for (size_t k = 0; k < 6; k++)
			d.args[k] = c->v[k][idx[k]];
		uint32_t ret;
		size_t steps;
		if (bpf_run_steps(f->exact, f->exact_len, &d, &ret, &steps) < 0)
			return -EINVAL;
		if (samples == 0 &&
		    (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW)
			r->steps_allowed = steps;
		note_action(r, ret);
		if (++samples >= MAX_SAMPLES || !next_sample(idx, c))
			break;
	}
	r->samples = samples;
	return 0;
}

/* Where each arch's numbers start (x32 sets a high bit). */
static int nr_base(uint32_t arch)
{
	switch (arch) {
	case SCMP_ARCH_X32:
		return 0x40000000;
	case SCMP_ARCH_MIPS:
	case SCMP_ARCH_MIPSEL:
		return 4000;
	case SCMP_ARCH_MIPS64:
	case SCMP_ARCH_MIPSEL64:
		return 5000;
	case SCMP_ARCH_MIPS64N32:
	case SCMP_ARCH_MIPSEL64N32:
		return 6000;
	default:
		return 0;
	}
}

int effect_compute(const struct filter *f, const uint32_t *arches,
		   size_t n_arches, const struct profile *const *conds,
		   size_t n_conds, struct effect_table *t)
{
	memset(t, 0, sizeof(*t));
	t->n_insns = f->exact_len;
	cleanup_free struct cref *refs = NULL;
	size_t n_refs = 0;
	struct candidates *c = malloc(sizeof(*c));
	if (!c || index_conds(conds, n_conds, &refs, &n_refs) < 0) {
		free(c);
		return -ENOMEM;
	}
	int r = 0;
	for (size_t a = 0; a < n_arches && r == 0; a++) {
		int base = nr_base(arches[a]);
		for (int nr = base; nr < base + 1024 && r == 0; nr++) {
			char name[64];
			if (syscalls_name(arches[a], nr, name, sizeof(name)) <
			    0)
				continue;
			struct effect_row *row;
			collect(refs, n_refs, name, c);
			r = add_row(t, arches[a], nr, name, &row);
			if (r == 0)
				r = sample_row(f, row, c);
		}
	}
	free(c);
	if (r < 0)
		effect_table_clear(t);
	return r;
}

void effect_table_clear(struct effect_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

const struct effect_row *effect_find(const struct effect_table *t,
				     uint32_t arch, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].arch == arch &&
		    strcmp(t->rows[i].name, name) == 0)
			return &t->rows[i];
	return NULL;
}

bool effect_allows(const struct effect_row *r)
{
	for (size_t i = 0; i < r->n_actions; i++)
		if ((r->actions[i] & SECCOMP_RET_ACTION_FULL) ==
		    SECCOMP_RET_ALLOW)
			return true;
	return false;
}

bool effect_denies(const struct effect_row *r)
{
	for (size_t i = 0; i < r->n_actions; i++)
		if ((r->actions[i] & SECCOMP_RET_ACTION_FULL) !=
		    SECCOMP_RET_ALLOW)
			return true;
	return false;
}

void effect_action_name(uint32_t ret, char *buf, size_t size)
{
	profile_action_describe(filter_action_from_ret(ret), buf, size);
}

void effect_cost(const struct effect_table *t, uint32_t arch, size_t *ret_worst,
		 double *ret_mean, size_t *ret_allowed)
{
	size_t worst = 0, sum = 0, n = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct effect_row *r = &t->rows[i];
		if (r->arch != arch || !r->steps_allowed)
			continue;
		worst = r->steps_allowed > worst ? r->steps_allowed : worst;
		sum += r->steps_allowed;
		n++;
	}
	*ret_worst = worst;
	*ret_mean = n ? (double)sum / (double)n : 0;
	*ret_allowed = n;
}

static bool runs(uint32_t ret)
{
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG;
}

size_t effect_arches(const struct profile *a, const struct profile *b,
		     uint32_t *ret, size_t max)
{
	size_t n = 0;
	const struct profile *both[] = { a, b };
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < both[k]->n_arches && n < max; i++) {
			bool seen = false;
			for (size_t j = 0; j < n; j++)
				seen |= ret[j] == both[k]->arches[i];
			if (!seen)
				ret[n++] = both[k]->arches[i];
		}
	return n;
}

int effect_diff(const struct filter *a, const struct filter *b,
		const uint32_t *arches, size_t n_arches,
		const struct profile *const *conds, size_t n_conds,
		struct effect_delta **ret)
{
	cleanup_free struct cref *refs = NULL;
	size_t n_refs = 0;
	struct candidates *c = malloc(sizeof(*c));
	struct effect_delta *v = NULL;
	size_t n = 0, alloc = 0;
	if (!c || index_conds(conds, n_conds, &refs, &n_refs) < 0) {
		free(c);
		return -ENOMEM;
	}
	int r = 0;
	for (size_t ai = 0; ai < n_arches && r == 0; ai++) {
		int base = nr_base(arches[ai]);
		for (int nr = base; nr < base + 1024 && r == 0; nr++) {
			char name[64];
			if (syscalls_name(arches[ai], nr, name, sizeof(name)) <
			    0)
				continue;
			collect(refs, n_refs, name, c);
			struct effect_delta d = { .arch = arches[ai],
						  .nr = nr };
			snprintf(d.name, sizeof(d.name), "%s", name);
			bool differs = false;
			int best = 0;
			size_t idx[6] = { 0 }, samples = 0;
			for (;;) {
				struct seccomp_data sd = {
					.nr = nr,
					.arch = syscalls_audit_arch(arches[ai])
				};
				for (size_t k = 0; k < 6; k++)
					sd.args[k] = c->v[k][idx[k]];
				uint32_t ra, rb;
				if (bpf_run(a->exact, a->exact_len, &sd, &ra) <
					    0 ||
				    bpf_run(b->exact, b->exact_len, &sd, &rb) <
					    0) {
					r = -EINVAL;
					break;
				}
				/* LOG lets the call run, as ALLOW does. */
				bool aa = runs(ra), ba = runs(rb);
				/* Show the pair that says most: a widening
				 * first, then a narrowing, then any change. */
				int rank = ba && !aa   ? 3
					   : aa && !ba ? 2
					   : ra != rb  ? 1
						       : 0;
				if (rank > best) {
					best = rank;
					d.a = ra;
					d.b = rb;
				}
				differs |= ra != rb;
				d.widened |= ba && !aa;
				d.narrowed |= aa && !ba;
				if (++samples >= MAX_SAMPLES ||
				    !next_sample(idx, c))
					break;
			}
			if (r == 0 && differs) {
				void *p = v;
				if (util_grow(&p, &alloc, n, sizeof(*v)) < 0) {
					r = -ENOMEM;
					break;
				}
				v = p;
				v[n++] = d;
			}
		}
	}
	free(c);
	if (r < 0) {
		free(v);
		return r;
	}
	*ret = v;
	return (int)n;
}

void effect_diff_summarize(const struct effect_delta *d, size_t n,
			   struct effect_diff_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->total = n;
	for (size_t i = 0; i < n; i++) {
		s->widened += d[i].widened;
		s->narrowed += d[i].narrowed;
		s->other += !d[i].widened && !d[i].narrowed;
		if (!d[i].widened)
			continue;
		size_t k = 0;
		while (k < s->n_arches && s->arches[k] != d[i].arch)
			k++;
		if (k == s->n_arches) {
			if (k == EFFECT_MAX_ARCHES)
				continue; /* counted in widened, not per arch */
			s->arches[s->n_arches++] = d[i].arch;
		}
		s->widened_on[k]++;
	}
}

int effect_widened(const struct profile *a, const struct profile *b,
		   struct strv *ret, struct diag *d)
{
	cleanup_filter struct filter *fa = NULL;
	cleanup_filter struct filter *fb = NULL;
	struct filter_options o = { 0 };
	int r = filter_build(a, &o, &fa, d);
	if (r == 0)
		r = filter_build(b, &o, &fb, d);
	if (r < 0)
		return r;
	uint32_t arches[16];
	size_t n_arches = effect_arches(a, b, arches, ARRAY_SIZE(arches));
	const struct profile *conds[] = { a, b };
	cleanup_free struct effect_delta *v = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &v);
	for (int i = 0; i < n && r >= 0; i++)
		if (v[i].widened)
			r = strv_add_unique(ret, v[i].name);
	return n < 0 ? n : r < 0 ? r : 0;
}
