/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "matrix.h"
#include "suite-helpers.h"
#include "util.h"

/* Every mark its own glyph, and words to say what it means. */
static void test_glyphs(void **state)
{
	assert_string_equal(matrix_glyph(MATRIX_NONE), "");
	for (int m = MATRIX_NONE + 1; m < MATRIX_MAX; m++) {
		assert_true(strlen(matrix_glyph((enum matrix_mark)m)) > 0);
		assert_true(strlen(matrix_meaning((enum matrix_mark)m)) > 10);
		for (int k = m + 1; k < MATRIX_MAX; k++)
			assert_string_not_equal(
				matrix_glyph((enum matrix_mark)m),
				matrix_glyph((enum matrix_mark)k));
	}
	assert_string_equal(matrix_glyph(MATRIX_USED), "✓");
	assert_string_equal(matrix_glyph(MATRIX_ALLOWED), "·");
	assert_string_equal(matrix_glyph(MATRIX_MISSING), "✗");
	assert_string_equal(matrix_glyph(MATRIX_TOLERATED), "~");
	assert_string_equal(matrix_glyph(MATRIX_INTERMITTENT), "?");
	assert_string_equal(matrix_glyph(MATRIX_ESCAPED), "!");
	assert_string_equal(matrix_glyph(MATRIX_EXPECTED), "⊘");
	assert_string_equal(matrix_glyph(MATRIX_UNEXPECTED), "+");
	assert_string_equal(matrix_glyph(MATRIX_UNDECIDED), "¿");
	assert_string_equal(matrix_glyph(MATRIX_MAX), "");
}

static void test_call_marks(void **state)
{
	static const struct {
		enum denial_class cls;
		enum matrix_mark mark;
	} t[] = {
		{ CLASS_MISSING, MATRIX_MISSING },
		{ CLASS_TOLERATED, MATRIX_TOLERATED },
		{ CLASS_UNDECIDED, MATRIX_UNDECIDED },
		{ CLASS_EXPECTED, MATRIX_EXPECTED },
		{ CLASS_ESCAPED, MATRIX_ESCAPED },
		{ CLASS_UNEXPECTED, MATRIX_UNEXPECTED },
		{ CLASS_ALLOWED, MATRIX_NONE },
		{ CLASS_LOGGED, MATRIX_NONE },
		{ CLASS_LAUNCHER, MATRIX_NONE },
		{ CLASS_MAX, MATRIX_NONE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct record_call d = { .cls = t[i].cls };
		assert_int_equal(matrix_call_mark(&d), t[i].mark);
	}
}

/* The cell of each name: the highest of what the case shows of it. */
static void test_cell_marks(void **state)
{
	static const struct entry_spec allowed[] = {
		{ "read", 1, 1 },  { "write", 2, 1 }, { "getuid", 3, 1 },
		{ "futex", 4, 1 }, { "mount", 5, 1 },
	};
	struct suite_result r = { 0 };
	add_profile(&r, "/p", allowed, ARRAY_SIZE(allowed));
	struct suite_case_result *c =
		make_case(&r, "c", "/c.ini", 1, "/p", OUTCOME_FAILED, false,
			  "read getuid futex", 1);
	assert_int_equal(strv_add(&c->intermittent, "futex"), 0);
	assert_int_equal(strv_add(&c->sometimes, "rseq"), 0);
	/* getuid used on one arch, missing on another: missing. */
	make_call(c, CLASS_MISSING, "getuid", 102, "");
	make_call(c, CLASS_TOLERATED, "getsid", 124, "");
	make_call(c, CLASS_TOLERATED, "mount", 165, "");
	make_call(c, CLASS_ESCAPED, "mount", 165, "");
	static const struct {
		const char *name;
		enum matrix_mark mark;
	} t[] = {
		{ "read", MATRIX_USED },
		{ "write", MATRIX_ALLOWED },
		{ "getuid", MATRIX_MISSING },
		{ "futex", MATRIX_INTERMITTENT },
		{ "rseq", MATRIX_INTERMITTENT },
		{ "getsid", MATRIX_TOLERATED },
		{ "mount", MATRIX_ESCAPED },
		{ "ptrace", MATRIX_NONE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		enum matrix_mark m =
			matrix_cell_mark(&r.profiles[0], c, t[i].name);
		if (m != t[i].mark)
			print_error("%s: %s\n", t[i].name, matrix_glyph(m));
		assert_int_equal(m, t[i].mark);
	}
	/* No profile known: nothing is allowed. */
	assert_int_equal(matrix_cell_mark(NULL, c, "write"), MATRIX_NONE);
	suite_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glyphs),
		cmocka_unit_test(test_call_marks),
		cmocka_unit_test(test_cell_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
