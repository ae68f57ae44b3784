/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "delta.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int profile_delta_init(struct profile_delta *d, const struct profile *p)
{
	*d = (struct profile_delta)PROFILE_DELTA_INIT;
	d->n_rules = p->n_rules;
	d->n_names = profile_count_names(p);
	d->first = calloc(d->n_rules + 1, sizeof(*d->first));
	d->dropped = calloc(d->n_names + 1, sizeof(*d->dropped));
	if (!d->first || !d->dropped) {
		profile_delta_clear(d);
		return -ENOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		d->first[i] = k;
		k += p->rules[i].n_names;
	}
	return 0;
}

int profile_delta_copy(struct profile_delta *d, const struct profile_delta *src)
{
	*d = (struct profile_delta)PROFILE_DELTA_INIT;
	d->n_rules = src->n_rules;
	d->n_names = src->n_names;
	d->first = malloc((d->n_rules + 1) * sizeof(*d->first));
	d->dropped = malloc((d->n_names + 1) * sizeof(*d->dropped));
	if (!d->first || !d->dropped) {
		profile_delta_clear(d);
		return -ENOMEM;
	}
	memcpy(d->first, src->first, (d->n_rules + 1) * sizeof(*d->first));
	memcpy(d->dropped, src->dropped,
	       (d->n_names + 1) * sizeof(*d->dropped));
	for (size_t i = 0; i < src->n_added; i++) {
		int r = profile_delta_add(d, src->added[i].name,
					  src->added[i].action);
		if (r < 0) {
			profile_delta_clear(d);
			return r;
		}
		d->added[i].dropped = src->added[i].dropped;
	}
	return 0;
}

bool profile_delta_dropped(const struct profile_delta *d, size_t ri, size_t j)
{
	return d && d->dropped && ri < d->n_rules &&
	       d->dropped[d->first[ri] + j];
}

size_t profile_delta_drop(struct profile_delta *d, const struct profile *p,
			  const char *name, bool dropped)
{
	size_t changed = 0;
	for (size_t i = 0; i < p->n_rules && i < d->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!r->active || r->action.type != PROFILE_ACT_ALLOW)
			continue;
		for (size_t j = 0; j < r->n_names; j++) {
			bool *x = &d->dropped[d->first[i] + j];
			if (strcmp(r->names[j].name, name) != 0 ||
			    *x == dropped)
				continue;
			*x = dropped;
			changed++;
		}
	}
	for (size_t i = 0; i < d->n_added; i++) {
		struct profile_delta_rule *x = &d->added[i];
		if (x->action.type != PROFILE_ACT_ALLOW ||
		    strcmp(x->name, name) != 0 || x->dropped == dropped)
			continue;
		x->dropped = dropped;
		changed++;
	}
	return changed;
}

size_t profile_delta_unadd(struct profile_delta *d, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n_added; i++)
		if (!d->added[i].dropped &&
		    strcmp(d->added[i].name, name) == 0) {
			d->added[i].dropped = true;
			n++;
		}
	return n;
}

int profile_delta_add(struct profile_delta *d, const char *name,
		      struct profile_action action)
{
	void *a = d->added;
	if (util_grow(&a, &d->added_alloc, d->n_added, sizeof(*d->added)) < 0)
		return -ENOMEM;
	d->added = a;
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	d->added[d->n_added++] =
		(struct profile_delta_rule){ copy, action, false };
	return 0;
}

void profile_delta_clear(struct profile_delta *d)
{
	for (size_t i = 0; i < d->n_added; i++)
		free(d->added[i].name);
	free(d->added);
	free(d->first);
	free(d->dropped);
	*d = (struct profile_delta)PROFILE_DELTA_INIT;
}
