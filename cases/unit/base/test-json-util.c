/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <jansson.h>

#include "helpers.h"
#include "json-util.h"
#include "strv.h"
#include "util.h"

static json_t *sample(void)
{
	json_error_t err;
	json_t *o = json_loads("{\"s\": \"text\", \"i\": 7, \"r\": 1.5, "
			       "\"t\": true, \"f\": false, \"a\": [\"x\"], "
			       "\"o\": {\"k\": 1}, \"n\": null, \"e\": \"\"}",
			       0, &err);
	assert_non_null(o);
	return o;
}

static void test_get_types(void **state)
{
	static const struct {
		const char *key;
		json_type type;
		bool required;
		int r;
		bool found; /* *ret set (checked for r == 0 only) */
	} t[] = {
		{ "s", JSON_STRING, false, 0, true },
		{ "s", JSON_STRING, true, 0, true },
		{ "e", JSON_STRING, true, 0, true },
		{ "i", JSON_INTEGER, true, 0, true },
		{ "a", JSON_ARRAY, false, 0, true },
		{ "o", JSON_OBJECT, false, 0, true },
		/* JSON_REAL takes an integer too. */
		{ "r", JSON_REAL, true, 0, true },
		{ "i", JSON_REAL, true, 0, true },
		/* JSON_TRUE (and JSON_FALSE) take any boolean. */
		{ "t", JSON_TRUE, true, 0, true },
		{ "f", JSON_TRUE, true, 0, true },
		{ "t", JSON_FALSE, true, 0, true },
		/* Another type. */
		{ "s", JSON_INTEGER, false, -EINVAL, false },
		{ "i", JSON_STRING, false, -EINVAL, false },
		{ "r", JSON_INTEGER, false, -EINVAL, false },
		{ "a", JSON_OBJECT, false, -EINVAL, false },
		{ "o", JSON_ARRAY, false, -EINVAL, false },
		{ "t", JSON_INTEGER, false, -EINVAL, false },
		{ "i", JSON_TRUE, false, -EINVAL, false },
		{ "s", JSON_REAL, false, -EINVAL, false },
		/* Absent, and null as absent. */
		{ "missing", JSON_STRING, false, 0, false },
		{ "missing", JSON_STRING, true, -EINVAL, false },
		{ "n", JSON_STRING, false, 0, false },
		{ "n", JSON_OBJECT, false, 0, false },
		{ "n", JSON_STRING, true, -EINVAL, false },
		{ "S", JSON_STRING, true, -EINVAL, false }, /* case matters */
	};
	json_t *o = sample();
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		json_t *v = (json_t *)0x1;
		int r = jsonutil_get(o, t[i].key, t[i].type, t[i].required, &v);
		if (r != t[i].r)
			print_error("case %zu '%s': %d, not %d\n", i, t[i].key,
				    r, t[i].r);
		assert_int_equal(r, t[i].r);
		if (r == 0 && t[i].found)
			assert_ptr_equal(v, json_object_get(o, t[i].key));
		else if (r == 0)
			assert_null(v);
	}
	json_decref(o);
}

static void test_string(void **state)
{
	json_t *o = sample();
	char buf[16];

	memset(buf, 'x', sizeof(buf));
	assert_int_equal(jsonutil_string(o, "s", true, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "text");

	/* Cut to size. */
	assert_int_equal(jsonutil_string(o, "s", true, buf, 3), 0);
	assert_string_equal(buf, "te");

	/* Absent or null: "" (and refused when required). */
	static const struct {
		const char *key;
		bool required;
		int r;
	} empty[] = {
		{ "missing", false, 0 }, { "missing", true, -EINVAL },
		{ "n", false, 0 },	 { "n", true, -EINVAL },
		{ "e", true, 0 },	 { "i", false, -EINVAL },
		{ "a", true, -EINVAL },	 { "t", false, -EINVAL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(empty); i++) {
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(jsonutil_string(o, empty[i].key,
						 empty[i].required, buf,
						 sizeof(buf)),
				 empty[i].r);
		assert_string_equal(buf, "");
	}
	json_decref(o);
}

static void test_strings(void **state)
{
	json_error_t err;
	json_t *o =
		json_loads("{\"caps\": [\"CAP_A\", \"CAP_B\"], "
			   "\"none\": [], \"nul\": null, \"str\": \"CAP_A\", "
			   "\"mixed\": [\"CAP_A\", 1], \"nested\": [[\"x\"]]}",
			   0, &err);
	assert_non_null(o);
	cleanup_strv struct strv s = STRV_INIT;

	/* Appended, after what was there. */
	assert_int_equal(strv_add(&s, "first"), 0);
	assert_int_equal(jsonutil_strings(o, "caps", &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0], "first");
	assert_string_equal(s.v[1], "CAP_A");
	assert_string_equal(s.v[2], "CAP_B");
	assert_null(s.v[3]);

	/* Empty, absent, null: nothing added. */
	assert_int_equal(jsonutil_strings(o, "none", &s), 0);
	assert_int_equal(jsonutil_strings(o, "missing", &s), 0);
	assert_int_equal(jsonutil_strings(o, "nul", &s), 0);
	assert_int_equal(s.n, 3);

	/* Not an array of strings. */
	assert_int_equal(jsonutil_strings(o, "str", &s), -EINVAL);
	assert_int_equal(jsonutil_strings(o, "mixed", &s), -EINVAL);
	assert_int_equal(jsonutil_strings(o, "nested", &s), -EINVAL);
	json_decref(o);
}

static void test_array(void **state)
{
	char *v[] = { (char *)"read", (char *)"write", (char *)"", NULL };
	json_t *a = jsonutil_array(v);
	assert_non_null(a);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(json_string_value(json_array_get(a, i)),
				    v[i]);
	json_decref(a);

	/* NULL and an empty vector: an empty array. */
	a = jsonutil_array(NULL);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), 0);
	json_decref(a);
	char *none[] = { NULL };
	a = jsonutil_array(none);
	assert_true(json_is_array(a));
	assert_int_equal(json_array_size(a), 0);
	json_decref(a);

	/* The strings are copied. */
	char name[] = "openat";
	char *one[] = { name, NULL };
	a = jsonutil_array(one);
	name[0] = 'X';
	assert_string_equal(json_string_value(json_array_get(a, 0)), "openat");
	json_decref(a);
}

static void test_text(void **state)
{
	json_t *doc = json_pack("{s:s,s:[i,i],s:{s:b}}", "name", "scaudit",
				"list", 1, 2, "obj", "ok", 1);
	assert_non_null(doc);
	char *text = jsonutil_text(doc);
	assert_non_null(text);
	assert_string_equal(text, "{\n"
				  "  \"name\": \"scaudit\",\n"
				  "  \"list\": [\n"
				  "    1,\n"
				  "    2\n"
				  "  ],\n"
				  "  \"obj\": {\n"
				  "    \"ok\": true\n"
				  "  }\n"
				  "}\n");
	/* One newline at the end, and it reads back the same. */
	size_t n = strlen(text);
	assert_int_equal(text[n - 1], '\n');
	assert_int_not_equal(text[n - 2], '\n');
	json_error_t err;
	json_t *back = json_loads(text, 0, &err);
	assert_non_null(back);
	assert_true(json_equal(back, doc));
	json_decref(back);
	free(text);
	json_decref(doc);

	/* Empty containers. */
	doc = json_object();
	text = jsonutil_text(doc);
	assert_string_equal(text, "{}\n");
	free(text);
	json_decref(doc);
	doc = json_array();
	text = jsonutil_text(doc);
	assert_string_equal(text, "[]\n");
	free(text);
	json_decref(doc);
}

static void test_cleanup_json(void **state)
{
	/* cleanup_json drops the reference at the end of the scope: the
	 * extra one taken here is the last left after it. */
	json_t *keep;
	{
		cleanup_json json_t *j = json_string("x");
		keep = json_incref(j);
		assert_int_equal(keep->refcount, 2);
	}
	assert_int_equal(keep->refcount, 1);
	json_decref(keep);
	/* NULL is fine. */
	{
		cleanup_json json_t *none = NULL;
		(void)none;
	}
}

/* What is not UTF-8 becomes '?', the rest stays: one odd byte in a path
 * cannot lose a report. */
static void test_str_any_bytes(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "plain", "plain" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "a\xffz", "a?z" },
		{ "cut \xc3", "cut ?" },
		{ "\xc3\xa9\xc3", "\xc3\xa9?" },
		{ "\xed\xa0\x80x", "???x" }, /* a UTF-16 surrogate */
		{ "", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		json_t *j = jsonutil_str(t[i].in);
		assert_non_null(j);
		assert_string_equal(json_string_value(j), t[i].out);
		json_decref(j);
	}
	cleanup_json json_t *a = jsonutil_array((char *[]){ (char *)"ok",
							    (char *)"b\x80"
								    "d",
							    NULL });
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_array_get(a, 1)), "b?d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_str_any_bytes),
		cmocka_unit_test(test_get_types),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_cleanup_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
