/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "matrix.h"

#include <string.h>

#include "util.h"

static const struct {
	const char *glyph, *meaning;
} marks[] = {
	[MATRIX_NONE] = { "",
			  "not made by the case, not allowed by the profile" },
	[MATRIX_ALLOWED] = { "·",
			     "allowed by the profile, not used by this case" },
	[MATRIX_USED] = { "✓", "used: made and allowed" },
	[MATRIX_INTERMITTENT] = { "?",
				  "intermittent: used by some of the case's "
				  "runs and not others, or made only at times "
				  "(the kernel's, a runtime's); kept" },
	[MATRIX_EXPECTED] = { "⊘", "blocked as expected (expect-denied)" },
	[MATRIX_TOLERATED] = { "~", "tolerated: denied with an errno and the "
				    "run still succeeded" },
	[MATRIX_UNDECIDED] = { "¿", "undecided: denied with an errno in a run "
				    "that failed; maybe the cause" },
	[MATRIX_UNEXPECTED] = { "+", "unexpected: denied and not in the "
				     "case's expected list" },
	[MATRIX_MISSING] = { "✗", "missing: denied and the case needed it" },
	[MATRIX_ESCAPED] = { "!", "escaped: expected to be denied, but the "
				  "profile allowed it" },
};
_Static_assert(ARRAY_SIZE(marks) == MATRIX_MAX, "a glyph per mark");

const char *matrix_glyph(enum matrix_mark m)
{
	return m < MATRIX_MAX ? marks[m].glyph : "";
}

const char *matrix_meaning(enum matrix_mark m)
{
	return m < MATRIX_MAX ? marks[m].meaning : "";
}

enum matrix_mark matrix_call_mark(const struct record_call *d)
{
	static const enum matrix_mark of[CLASS_MAX] = {
		[CLASS_MISSING] = MATRIX_MISSING,
		[CLASS_TOLERATED] = MATRIX_TOLERATED,
		[CLASS_UNDECIDED] = MATRIX_UNDECIDED,
		[CLASS_EXPECTED] = MATRIX_EXPECTED,
		[CLASS_ESCAPED] = MATRIX_ESCAPED,
		[CLASS_UNEXPECTED] = MATRIX_UNEXPECTED,
	};
	return d->cls < CLASS_MAX ? of[d->cls] : MATRIX_NONE;
}

static bool allows(const struct suite_profile *p, const char *name)
{
	for (size_t i = 0; p && i < p->n_allowed; i++)
		if (strcmp(p->allowed[i].name, name) == 0)
			return true;
	return false;
}

enum matrix_mark matrix_cell_mark(const struct suite_profile *p,
				  const struct suite_case_result *c,
				  const char *name)
{
	enum matrix_mark m = MATRIX_NONE;
	for (size_t i = 0; i < c->run.n_calls; i++) {
		const struct record_call *d = &c->run.calls[i];
		enum matrix_mark k = matrix_call_mark(d);
		if (k > m && strcmp(d->name, name) == 0)
			m = k;
	}
	if (m < MATRIX_INTERMITTENT &&
	    (strv_contains(c->intermittent.v, name) ||
	     strv_contains(c->sometimes.v, name)))
		m = MATRIX_INTERMITTENT;
	if (m < MATRIX_USED && strv_contains(c->used.v, name))
		m = MATRIX_USED;
	if (m < MATRIX_ALLOWED && allows(p, name))
		m = MATRIX_ALLOWED;
	return m;
}
