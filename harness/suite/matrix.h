/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* matrix — what each cell of a profile's case × syscall matrix shows (a
 * row per case of the profile, a column per name of
 * suite_profile_names): its mark, the mark's glyph and what it means.
 * Decided here once, so the HTML page and the Markdown table can never
 * disagree; each report draws the marks its own way (the page adds a
 * colour per mark). */
#pragma once

#include "suite.h"

/* In rising precedence: when a case shows a name two ways (used on one
 * arch, denied on another), the higher wins. */
enum matrix_mark {
	MATRIX_NONE,
	MATRIX_ALLOWED,
	MATRIX_USED,
	MATRIX_INTERMITTENT,
	MATRIX_EXPECTED,
	MATRIX_TOLERATED,
	MATRIX_UNDECIDED,
	MATRIX_UNEXPECTED,
	MATRIX_MISSING,
	MATRIX_ESCAPED,
	MATRIX_MAX
};

/* "✓" ("" for MATRIX_NONE) and "used: made and allowed"; static. */
const char *matrix_glyph(enum matrix_mark m);
const char *matrix_meaning(enum matrix_mark m);

/* The mark of a denial or an escaped call; MATRIX_NONE for the rest. */
enum matrix_mark matrix_call_mark(const struct record_call *d);

/* The mark of name in case c of profile p (NULL: none known). */
enum matrix_mark matrix_cell_mark(const struct suite_profile *p,
				  const struct suite_case_result *c,
				  const char *name);
