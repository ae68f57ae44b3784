/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <jansson.h>

#include "helpers.h"
#include "jsonpos.h"

static void expect_at(const struct jsonpos *jp, const json_t *v, unsigned line,
		      unsigned col)
{
	unsigned l = 0, c = 0;
	assert_int_equal(jsonpos_find(jp, v, &l, &c), 0);
	assert_int_equal(l, line);
	assert_int_equal(c, col);
}

static void test_positions(void **state)
{
	const char *text = "{\n"
			   "  \"a\": [1, \"two\", {\"k\": \"x\\\"]}\"}],\n"
			   "  \"b\": true,\n"
			   "  \"c\": {\"d\": null, \"e\": 3.5}\n"
			   "}\n";
	json_error_t err;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	assert_non_null(root);
	struct jsonpos *jp = NULL;
	assert_int_equal(jsonpos_build(text, strlen(text), root, &jp), 0);

	expect_at(jp, root, 1, 1);
	json_t *a = json_object_get(root, "a");
	expect_at(jp, a, 2, 8);
	expect_at(jp, json_array_get(a, 0), 2, 9);
	expect_at(jp, json_array_get(a, 1), 2, 12);
	json_t *obj = json_array_get(a, 2);
	expect_at(jp, obj, 2, 19);
	/* An escaped quote and brackets inside a string do not confuse it. */
	expect_at(jp, json_object_get(obj, "k"), 2, 25);
	json_t *c = json_object_get(root, "c");
	expect_at(jp, c, 4, 8);
	expect_at(jp, json_object_get(c, "e"), 4, 25);

	/* Shared singletons are not indexed. */
	unsigned l, col;
	assert_int_equal(jsonpos_find(jp, json_object_get(root, "b"), &l, &col),
			 -ENOENT);
	jsonpos_free(jp);
	json_decref(root);
}

static void test_mismatch(void **state)
{
	/* A tree that is not the text's is refused, not mislabelled. */
	json_t *root = json_pack("{s:i,s:i}", "a", 1, "b", 2);
	struct jsonpos *jp = NULL;
	assert_int_equal(jsonpos_build("{\"a\": 1}", 8, root, &jp), -EINVAL);
	assert_null(jp);
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_mismatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
