/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "explain.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "util.h"

void explain_conditions(const struct profile *p, const char *name, char *buf,
			size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->n_rules && off < size; i++) {
		const struct profile_rule *r = &p->rules[i];
		bool mine = false;
		for (size_t j = 0; j < r->n_names && !mine; j++)
			mine = strcmp(r->names[j].name, name) == 0;
		if (!mine || !r->active ||
		    r->action.type != PROFILE_ACT_ALLOW || !r->n_args)
			continue;
		off += (size_t)snprintf(buf + off, size - off, "%s",
					off ? ", or " : "");
		const char *join =
			profile_rule_alternatives(r) ? " or " : " and ";
		for (size_t g = 0; g < r->n_args && off < size; g++) {
			char w[128];
			profile_arg_describe(&r->args[g], w, sizeof(w));
			off += (size_t)snprintf(buf + off, size - off, "%s%s",
						g ? join : "", w);
		}
	}
}

static int add_conditional(struct explain_arch *a, const struct profile *p,
			   const struct effect_row *row)
{
	void *v = realloc(a->conditional,
			  (a->n_conditional + 1) * sizeof(*a->conditional));
	if (!v)
		return -ENOMEM;
	a->conditional = v;
	struct explain_conditional *c = &a->conditional[a->n_conditional++];
	snprintf(c->name, sizeof(c->name), "%s", row->name);
	explain_conditions(p, row->name, c->when, sizeof(c->when));
	c->otherwise = 0;
	for (size_t k = 0; k < row->n_actions; k++)
		if ((row->actions[k] & SECCOMP_RET_ACTION_FULL) !=
		    SECCOMP_RET_ALLOW)
			c->otherwise = row->actions[k];
	return 0;
}

static int add_denied(struct explain_arch *a, const struct effect_row *row)
{
	char title[96];
	effect_action_name(row->actions[0], title, sizeof(title));
	if (row->n_actions > 1)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			 " or other denials by args");
	size_t k = 0;
	while (k < a->n_denied && strcmp(a->denied[k].title, title) != 0)
		k++;
	if (k == EXPLAIN_MAX_GROUPS)
		return 0; /* more kinds of denial than anyone reads */
	if (k == a->n_denied) {
		snprintf(a->denied[k].title, sizeof(a->denied[k].title), "%s",
			 title);
		a->n_denied++;
	}
	return strv_add(&a->denied[k].names, row->name);
}

static int sort_arch(const struct explain *e, const struct profile *p,
		     struct explain_arch *a)
{
	for (size_t i = 0; i < e->rows.n; i++) {
		const struct effect_row *row = &e->rows.rows[i];
		if (row->arch != a->arch)
			continue;
		int r;
		if (row->n_actions == 1 && effect_allows(row))
			r = strv_add(&a->allowed, row->name);
		else if (effect_allows(row))
			r = add_conditional(a, p, row);
		else
			r = add_denied(a, row);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A build that fails always says why in d. */
static int build(const struct profile *p, int layout, struct filter **ret,
		 struct diag *d)
{
	struct filter_options o = { .layout = layout };
	int r = filter_build(p, &o, ret, d);
	if (r < 0 && !d->message[0])
		diag_set(d, r, "", 0, 0, "cannot build the filter: %s",
			 strerror(-r));
	return r;
}

static int costs(const struct profile *p, const struct profile_env *env,
		 const struct filter *tree, struct explain *e, struct diag *d)
{
	cleanup_filter struct filter *linear = NULL;
	struct effect_table tl = { 0 };
	const struct profile *conds[] = { p };
	int r = build(p, FILTER_LAYOUT_LINEAR, &linear, d);
	if (r == 0)
		r = effect_compute(linear, p->arches, 1, conds, 1, &tl);
	if (r < 0)
		return r;
	e->tree.insns = tree->exact_len;
	e->linear.insns = linear->exact_len;
	effect_cost(&e->rows, env->arch, &e->tree.worst, &e->tree.mean,
		    &e->tree.allowed);
	effect_cost(&tl, env->arch, &e->linear.worst, &e->linear.mean,
		    &e->linear.allowed);
	effect_table_clear(&tl);
	return 0;
}

int explain_profile(const struct profile *p, const struct profile_env *env,
		    struct explain *e, struct diag *d)
{
	memset(e, 0, sizeof(*e));
	cleanup_filter struct filter *tree = NULL;
	const struct profile *conds[] = { p };
	int r = build(p, FILTER_LAYOUT_TREE, &tree, d);
	if (r == 0)
		r = effect_compute(tree, p->arches, p->n_arches, conds, 1,
				   &e->rows);
	if (r == 0 &&
	    !(e->arches = calloc(p->n_arches + 1, sizeof(*e->arches))))
		r = -ENOMEM;
	for (size_t a = 0; r == 0 && a < p->n_arches; a++) {
		e->arches[e->n_arches].arch = p->arches[a];
		r = sort_arch(e, p, &e->arches[e->n_arches++]);
	}
	if (r == 0)
		r = costs(p, env, tree, e, d);
	if (r < 0)
		explain_clear(e);
	return r;
}

void explain_clear(struct explain *e)
{
	for (size_t a = 0; a < e->n_arches; a++) {
		struct explain_arch *x = &e->arches[a];
		strv_clear(&x->allowed);
		free(x->conditional);
		for (size_t k = 0; k < x->n_denied; k++)
			strv_clear(&x->denied[k].names);
	}
	free(e->arches);
	effect_table_clear(&e->rows);
	memset(e, 0, sizeof(*e));
}
