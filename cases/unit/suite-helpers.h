/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* For the unit tests of suite results: profiles with their allowed
 * entries, made by hand. */
#pragma once

#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "suite.h"

struct entry_spec {
	const char *name;
	unsigned line, column;
};

/* A profile of r at path allowing the n entries e. */
static inline void add_profile(struct suite_result *r, const char *path,
			       const struct entry_spec *e, size_t n)
{
	void *a = realloc(r->profiles,
			  (r->n_profiles + 1) * sizeof(*r->profiles));
	assert_non_null(a);
	r->profiles = a;
	struct suite_profile *p = &r->profiles[r->n_profiles++];
	memset(p, 0, sizeof(*p));
	p->path = strdup(path);
	p->allowed = calloc(n + 1, sizeof(*p->allowed));
	assert_non_null(p->path);
	assert_non_null(p->allowed);
	for (size_t i = 0; i < n; i++) {
		p->allowed[i] = (struct suite_entry){ strdup(e[i].name),
						      e[i].line, e[i].column };
		assert_non_null(p->allowed[i].name);
		p->n_allowed++;
	}
}
