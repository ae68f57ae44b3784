/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "helpers.h"
#include "strv.h"
#include "util.h"

static void test_add_terminates(void **state)
{
	cleanup_strv struct strv s = STRV_INIT;
	assert_null(s.v);
	for (int i = 0; i < 100; i++) {
		char x[16];
		snprintf(x, sizeof(x), "n%d", i);
		assert_int_equal(strv_add(&s, x), 0);
		assert_int_equal(s.n, (size_t)i + 1);
		assert_null(s.v[s.n]);
	}
	assert_string_equal(s.v[0], "n0");
	assert_string_equal(s.v[99], "n99");
	assert_int_equal(strv_length(s.v), 100);
	assert_int_equal(strv_length(NULL), 0);
}

static void test_unique_and_contains(void **state)
{
	cleanup_strv struct strv s = STRV_INIT;
	assert_int_equal(strv_add_unique(&s, "read"), 1);
	assert_int_equal(strv_add_unique(&s, "write"), 1);
	assert_int_equal(strv_add_unique(&s, "read"), 0);
	assert_int_equal(s.n, 2);
	assert_true(strv_contains(s.v, "write"));
	assert_false(strv_contains(s.v, "wri"));
	assert_false(strv_contains(NULL, "read"));
}

static void test_split(void **state)
{
	cleanup_strv struct strv s = STRV_INIT;
	assert_int_equal(strv_split(&s, ", ptrace,,mount  bpf ,", ", "), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0], "ptrace");
	assert_string_equal(s.v[1], "mount");
	assert_string_equal(s.v[2], "bpf");
	assert_int_equal(strv_split(&s, "   ", " "), 0);
	assert_int_equal(s.n, 3);
}

static void test_sort_unique(void **state)
{
	cleanup_strv struct strv s = STRV_INIT;
	const char *in[] = { "b", "a", "c", "a", "b", "b" };
	for (size_t i = 0; i < ARRAY_SIZE(in); i++)
		assert_int_equal(strv_add(&s, in[i]), 0);
	strv_sort_unique(&s);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0], "a");
	assert_string_equal(s.v[1], "b");
	assert_string_equal(s.v[2], "c");
	assert_null(s.v[3]);
}

static void test_extend_steal(void **state)
{
	cleanup_strv struct strv s = STRV_INIT;
	char *v[] = { (char *)"x", (char *)"y", NULL };
	assert_int_equal(strv_extend(&s, v), 0);
	assert_int_equal(strv_extend(&s, NULL), 0);
	assert_int_equal(s.n, 2);
	char **got = strv_steal(&s);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	assert_string_equal(got[1], "y");
	assert_null(got[2]);
	strv_free(got);
	/* Usable again after a steal, and after a clear. */
	assert_int_equal(strv_add(&s, "z"), 0);
	strv_clear(&s);
	assert_int_equal(s.n, 0);
	assert_int_equal(strv_add(&s, "z"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_terminates),
		cmocka_unit_test(test_unique_and_contains),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_sort_unique),
		cmocka_unit_test(test_extend_steal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
