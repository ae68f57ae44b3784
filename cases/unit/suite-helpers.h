/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* For the unit tests of suite results: profiles with their allowed
 * entries, cases and their calls, made by hand. */
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

/* A case of r (its command /bin/workload, calls room for 4). */
static inline struct suite_case_result *make_case(
	struct suite_result *r, const char *name, const char *file,
	unsigned line, const char *profile, enum run_outcome outcome,
	bool passed, const char *used, double seconds)
{
	struct suite_case_result *c = suite_add_case(r);
	assert_non_null(c);
	c->name = strdup(name);
	c->file = strdup(file);
	c->profile = strdup(profile);
	c->line = line;
	c->passed = passed;
	c->wall_seconds = seconds;
	c->run.outcome = outcome;
	c->run.calls = calloc(5, sizeof(*c->run.calls));
	assert_non_null(c->run.calls);
	assert_int_equal(strv_add(&c->run.command, "/bin/workload"), 0);
	if (used)
		assert_int_equal(strv_split(&c->used, used, " "), 0);
	return c;
}

static inline void make_call(struct suite_case_result *c, enum denial_class cls,
			     const char *name, int nr, const char *fix)
{
	assert_true(c->run.n_calls < 4);
	struct record_call *d = &c->run.calls[c->run.n_calls++];
	d->cls = cls;
	d->nr = nr;
	d->count = 2;
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->arch, sizeof(d->arch), "x86_64");
	snprintf(d->action, sizeof(d->action), "kill-process");
	snprintf(d->fix, sizeof(d->fix), "%s", fix);
}
