/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "sarif.h"
#include "util.h"

static json_t *run0(json_t *doc)
{
	json_t *runs = json_object_get(doc, "runs");
	assert_true(json_is_array(runs));
	assert_int_equal(json_array_size(runs), 1);
	return json_array_get(runs, 0);
}

static json_t *driver(json_t *doc)
{
	json_t *d =
		json_object_get(json_object_get(run0(doc), "tool"), "driver");
	assert_true(json_is_object(d));
	return d;
}

static json_t *result(json_t *doc, size_t i)
{
	json_t *results = json_object_get(run0(doc), "results");
	assert_true(i < json_array_size(results));
	return json_array_get(results, i);
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static json_t *location(json_t *res)
{
	json_t *locs = json_object_get(res, "locations");
	assert_true(json_is_array(locs));
	assert_int_equal(json_array_size(locs), 1);
	json_t *pl =
		json_object_get(json_array_get(locs, 0), "physicalLocation");
	assert_true(json_is_object(pl));
	return pl;
}

static const char *uri_of(json_t *res)
{
	return str(json_object_get(location(res), "artifactLocation"), "uri");
}

static void test_document(void **state)
{
	json_t *doc = sarif_new();
	assert_non_null(doc);
	assert_string_equal(str(doc, "version"), "2.1.0");
	assert_non_null(strstr(str(doc, "$schema"), "sarif-2.1.0"));
	json_t *d = driver(doc);
	assert_string_equal(str(d, "name"), "scaudit");
	assert_string_equal(str(d, "version"), SCAUDIT_VERSION);
	assert_true(json_is_array(json_object_get(d, "rules")));
	assert_int_equal(json_array_size(json_object_get(d, "rules")), 0);
	json_t *results = json_object_get(run0(doc), "results");
	assert_true(json_is_array(results));
	assert_int_equal(json_array_size(results), 0);
	json_decref(doc);
}

static void test_rules(void **state)
{
	static const struct sarif_rule t[] = {
		{ "error", "Errors", "Full errors", "Fix *it*", SARIF_ERROR,
		  NULL },
		{ "warning", "Warnings", "Full warnings", "Look", SARIF_WARNING,
		  "7.5" },
		{ "note", "Notes", "Full notes", "Read", SARIF_NOTE, NULL },
	};
	static const char *const levels[] = { "error", "warning", "note" };
	json_t *doc = sarif_new();
	assert_non_null(doc);
	/* GitHub's rules: where people learn more about the tool. */
	assert_non_null(str(driver(doc), "informationUri"));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(sarif_add_rule(doc, &t[i]), 0);
	json_t *rules = json_object_get(driver(doc), "rules");
	assert_int_equal(json_array_size(rules), ARRAY_SIZE(t));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		json_t *r = json_array_get(rules, i); /* in order */
		assert_string_equal(str(r, "id"), t[i].id);
		assert_string_equal(
			str(json_object_get(r, "shortDescription"), "text"),
			t[i].short_text);
		assert_string_equal(
			str(json_object_get(r, "fullDescription"), "text"),
			t[i].full_text);
		json_t *help = json_object_get(r, "help");
		assert_string_equal(str(help, "text"), t[i].help);
		assert_string_equal(str(help, "markdown"), t[i].help);
		assert_string_equal(
			str(json_object_get(r, "defaultConfiguration"),
			    "level"),
			levels[i]);
		json_t *props = json_object_get(r, "properties");
		if (t[i].security_severity)
			assert_string_equal(str(props, "security-severity"),
					    t[i].security_severity);
		else
			assert_null(props);
	}
	/* Rules do not make results. */
	assert_int_equal(json_array_size(json_object_get(run0(doc), "results")),
			 0);
	json_decref(doc);
}

static void test_results(void **state)
{
	static const struct {
		const char *rule;
		enum sarif_level level;
		const char *level_name;
		const char *text;
		unsigned line, column;
		int start_line; /* what the region says */
	} t[] = {
		{ "unknown-name", SARIF_ERROR, "error", "unknown syscall", 12,
		  5, 12 },
		{ "dup", SARIF_WARNING, "warning", "listed twice", 3, 0, 3 },
		/* Line 0 is the top of the file. */
		{ "whole", SARIF_NOTE, "note", "about the file", 0, 0, 1 },
		{ "col-only", SARIF_NOTE, "note", "column without line", 0, 9,
		  1 },
	};
	json_t *doc = sarif_new();
	assert_non_null(doc);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(sarif_add_result(doc, t[i].rule, t[i].level,
						  t[i].text,
						  "no/such/dir/p.json",
						  t[i].line, t[i].column),
				 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		json_t *res = result(doc, i);
		assert_string_equal(str(res, "ruleId"), t[i].rule);
		assert_string_equal(str(res, "level"), t[i].level_name);
		assert_string_equal(
			str(json_object_get(res, "message"), "text"),
			t[i].text);
		json_t *region = json_object_get(location(res), "region");
		assert_true(json_is_object(region));
		assert_int_equal(json_integer_value(
					 json_object_get(region, "startLine")),
				 t[i].start_line);
		json_t *col = json_object_get(region, "startColumn");
		if (t[i].column)
			assert_int_equal(json_integer_value(col), t[i].column);
		else
			assert_null(col);
		/* A path that does not exist stays as given. */
		assert_string_equal(uri_of(res), "no/such/dir/p.json");
	}
	json_decref(doc);
}

struct tree {
	char cwd[PATH_MAX]; /* to go back to */
	char top[64], inside[128], sub[128], nested[192];
	char sibling[128], outside[192];
};

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

/* top/in.json, top/sub/p.json, and top-sib/out.json next to top: a
 * directory whose name starts with top's. */
static void tree_make(struct tree *t)
{
	assert_non_null(getcwd(t->cwd, sizeof(t->cwd)));
	snprintf(t->top, sizeof(t->top), "/tmp/scaudit-sarif-XXXXXX");
	assert_non_null(mkdtemp(t->top));
	snprintf(t->inside, sizeof(t->inside), "%s/in.json", t->top);
	snprintf(t->sub, sizeof(t->sub), "%s/sub", t->top);
	snprintf(t->nested, sizeof(t->nested), "%s/p.json", t->sub);
	snprintf(t->sibling, sizeof(t->sibling), "%s-sib", t->top);
	snprintf(t->outside, sizeof(t->outside), "%s/out.json", t->sibling);
	assert_int_equal(mkdir(t->sub, 0755), 0);
	assert_int_equal(mkdir(t->sibling, 0755), 0);
	touch(t->inside);
	touch(t->nested);
	touch(t->outside);
}

static void tree_remove(struct tree *t)
{
	assert_int_equal(chdir(t->cwd), 0);
	unlink(t->outside);
	unlink(t->nested);
	unlink(t->inside);
	rmdir(t->sibling);
	rmdir(t->sub);
	rmdir(t->top);
}

static void test_uri_inside_cwd(void **state)
{
	struct tree t;
	tree_make(&t);
	assert_int_equal(chdir(t.top), 0);
	const char *const paths[] = { "in.json",    "./in.json",
				      "sub/p.json", "sub/../sub/./p.json",
				      t.inside,	    t.nested };
	const char *const want[] = { "in.json",	   "in.json", "sub/p.json",
				     "sub/p.json", "in.json", "sub/p.json" };
	json_t *doc = sarif_new();
	assert_non_null(doc);
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		assert_int_equal(sarif_add_result(doc, "r", SARIF_WARNING, "m",
						  paths[i], 1, 1),
				 0);
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		assert_string_equal(uri_of(result(doc, i)), want[i]);
	json_decref(doc);
	tree_remove(&t);
}

static void test_uri_outside_cwd(void **state)
{
	struct tree t;
	tree_make(&t);
	assert_int_equal(chdir(t.sub), 0);
	char real_inside[PATH_MAX], real_outside[PATH_MAX];
	assert_non_null(realpath(t.inside, real_inside));
	assert_non_null(realpath(t.outside, real_outside));

	json_t *doc = sarif_new();
	assert_non_null(doc);
	/* Above the working directory: absolute, resolved. */
	assert_int_equal(sarif_add_result(doc, "r", SARIF_ERROR, "m",
					  "../in.json", 2, 0),
			 0);
	/* In a directory whose name only starts with the checkout's. */
	assert_int_equal(chdir(t.top), 0);
	assert_int_equal(
		sarif_add_result(doc, "r", SARIF_ERROR, "m", t.outside, 2, 0),
		0);
	char rel[256];
	snprintf(rel, sizeof(rel), "../%s", strrchr(t.sibling, '/') + 1);
	strcat(rel, "/out.json");
	assert_int_equal(
		sarif_add_result(doc, "r", SARIF_ERROR, "m", rel, 2, 0), 0);
	assert_string_equal(uri_of(result(doc, 0)), real_inside);
	assert_string_equal(uri_of(result(doc, 1)), real_outside);
	assert_string_equal(uri_of(result(doc, 2)), real_outside);
	assert_true(real_outside[0] == '/');
	json_decref(doc);
	tree_remove(&t);
}

static void test_uri_cwd_is_root(void **state)
{
	/* With the working directory "/" every file is inside it: the uri
	 * is relative ("tmp/…/in.json"), not absolute. */
	struct tree t;
	tree_make(&t);
	assert_int_equal(chdir("/"), 0);
	char real[PATH_MAX];
	assert_non_null(realpath(t.inside, real));
	json_t *doc = sarif_new();
	assert_non_null(doc);
	assert_int_equal(
		sarif_add_result(doc, "r", SARIF_ERROR, "m", t.inside, 1, 0),
		0);
	char uri[PATH_MAX];
	snprintf(uri, sizeof(uri), "%s", uri_of(result(doc, 0)));
	json_decref(doc);
	tree_remove(&t);
	assert_string_equal(uri, real + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_uri_inside_cwd),
		cmocka_unit_test(test_uri_outside_cwd),
		cmocka_unit_test(test_uri_cwd_is_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
