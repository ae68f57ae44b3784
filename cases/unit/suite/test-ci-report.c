/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci-report.h"
#include "exposure-helpers.h"
#include "helpers.h"
#include "json-util.h"
#include "suite.h"
#include "suite-helpers.h"
#include "summary.h"
#include "util.h"

#define PA "/nonexistent/scaudit/a.list"
#define PB "/nonexistent/scaudit/b&.json"
#define PC "/nonexistent/scaudit/c.list"
#define PD "/nonexistent/scaudit/d.list"
#define BAD "bad <&\"> \x01x"

static const struct entry_spec entries_a[] = {
	{ "read", 3, 1 },
	{ "write", 4, 1 },
	{ "sendfile", 6, 1 },
	{ "epoll_wait", 7, 3 },
};
static const struct entry_spec entries_b[] = {
	{ "mount", 2, 5 },
	{ "getpid", 8, 2 },
};

/* Five cases over three profiles: one passed and one failed of a, one
 * passed and one that could not run of b, one failed of c, which allows
 * nothing; each has a case that did not end as expected, so none is
 * judged for unnecessary entries. And d, which no case names: everything
 * it allows is unnecessary. */
static void build(struct suite_result *r)
{
	memset(r, 0, sizeof(*r));
	add_profile(r, PA, entries_a, ARRAY_SIZE(entries_a));
	add_profile(r, PB, entries_b, ARRAY_SIZE(entries_b));
	add_profile(r, PC, NULL, 0);
	add_profile(r, PD, entries_b, ARRAY_SIZE(entries_b));
	struct suite_case_result *c;
	make_case(r, "fine", "/c/x.ini", 1, PA, OUTCOME_PASSED, true,
		  "read write", 0.5);
	c = make_case(r, BAD, "/c/x.ini", 5, PA, OUTCOME_FAILED, false, "read",
		      1.25);
	snprintf(c->run.reason, sizeof(c->run.reason), "exit 3, expected 0");
	make_call(c, CLASS_MISSING, "getuid", 102, "add 'getuid' to a.list");
	make_call(c, CLASS_UNEXPECTED, "ptrace", 101, "add 'ptrace'");
	make_call(c, CLASS_ESCAPED, "mount", 165, "");
	make_call(c, CLASS_TOLERATED, "sched_yield", 24, "");
	c = make_case(r, "err", "/c/y.ini", 2, PB, OUTCOME_ERROR, false, NULL,
		      0);
	c->error = SUITE_ERROR_INPUT;
	strv_clear(&c->run.command);
	snprintf(c->run.reason, sizeof(c->run.reason), "cannot find 'nope'");
	make_case(r, "b-ok", "/c/y.ini", 7, PB, OUTCOME_PASSED, true, "mount",
		  0.25);
	c = make_case(r, "c-miss", "/c/z.ini", 4, PC, OUTCOME_KILLED, false,
		      NULL, 0.125);
	snprintf(c->run.reason, sizeof(c->run.reason), "killed by SIGSYS");
	make_call(c, CLASS_MISSING, "openat", 257, "");
	assert_int_equal(suite_summarize(r, false), 0);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The text between the first "<testsuite name=\"NAME\"" and its end. */
static char *testsuite(const char *xml, const char *escaped_name)
{
	char head[256];
	snprintf(head, sizeof(head), "<testsuite name=\"%s\"", escaped_name);
	const char *s = strstr(xml, head);
	assert_non_null(s);
	const char *e = strstr(s, "</testsuite>");
	assert_non_null(e);
	return strndup(s, (size_t)(e - s));
}

static void test_junit(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_free char *x = ci_report_junit(&r);
	assert_non_null(x);
	assert_true(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
			    39) == 0);
	/* The error case is an error, the failed ones failures. */
	assert_non_null(strstr(x, "<testsuites name=\"scaudit\" tests=\"5\" "
				  "failures=\"2\" errors=\"1\" "
				  "time=\"2.125\">"));
	/* One per profile, d's empty. */
	assert_int_equal(count(x, "<testsuite "), 4);
	assert_int_equal(count(x, "</testsuite>"), 4);
	assert_int_equal(count(x, "<testcase "), 5);
	assert_int_equal(count(x, "<failure "), 2);
	assert_int_equal(count(x, "<error "), 1);

	cleanup_free char *a = testsuite(x, PA);
	assert_non_null(strstr(a, "tests=\"2\" failures=\"1\" errors=\"0\" "
				  "skipped=\"0\" time=\"1.750\">"));
	/* Escaped, and the control byte a '?'. */
	assert_non_null(strstr(a, "<testcase name=\"bad &lt;&amp;&quot;&gt; "
				  "?x\" classname=\"" PA "\" "
				  "file=\"/c/x.ini\" time=\"1.250\">"));
	assert_null(strchr(x, '\x01'));
	assert_null(strstr(x, "<&"));
	assert_non_null(strstr(a, "<testcase name=\"fine\" classname=\"" PA
				  "\" file=\"/c/x.ini\" time=\"0.500\"/>"));
	/* The findings with their fix, not the tolerated denial. */
	assert_non_null(strstr(a, "<failure message=\"failed: exit 3, "
				  "expected 0\" type=\"failed\">"
				  "missing: getuid (x86_64 102) kill-process; "
				  "fix: add 'getuid' to a.list\n"
				  "unexpected: ptrace (x86_64 101) "
				  "kill-process; fix: add 'ptrace'\n"
				  "escaped: mount (x86_64 165) kill-process\n"
				  "</failure>"));
	assert_null(strstr(x, "sched_yield"));

	cleanup_free char *b = testsuite(x, "/nonexistent/scaudit/b&amp;.json");
	assert_non_null(strstr(b, "tests=\"2\" failures=\"0\" errors=\"1\""));
	assert_non_null(strstr(b, "<error message=\"error: cannot find "
				  "'nope'\" type=\"error\"></error>"));
	assert_non_null(strstr(b, "classname=\"/nonexistent/scaudit/"
				  "b&amp;.json\""));
	cleanup_free char *c = testsuite(x, PC);
	assert_non_null(strstr(c, "tests=\"1\" failures=\"1\" errors=\"0\""));
	assert_non_null(strstr(c, "<failure message=\"killed: killed by "
				  "SIGSYS\" type=\"killed\">missing: openat "
				  "(x86_64 257) kill-process\n</failure>"));
	assert_non_null(strstr(x, "</testsuites>\n"));
	suite_result_clear(&r);
}

static void test_junit_empty(void **state)
{
	struct suite_result r = { 0 };
	assert_int_equal(suite_summarize(&r, false), 0);
	cleanup_free char *x = ci_report_junit(&r);
	assert_non_null(x);
	assert_non_null(strstr(x, "tests=\"0\" failures=\"0\" errors=\"0\""));
	assert_int_equal(count(x, "<testsuite "), 0);
}

/* The results of rule in doc. */
static size_t results_of(const json_t *results, const char *rule,
			 const json_t **ret, size_t max)
{
	size_t n = 0, i;
	json_t *x;
	json_array_foreach (results, i, x) {
		const char *id =
			json_string_value(json_object_get(x, "ruleId"));
		assert_non_null(id);
		if (strcmp(id, rule) == 0 && n < max)
			ret[n++] = x;
	}
	return n;
}

static void check_location(const json_t *res, const char *uri, int line,
			   int column)
{
	json_t *loc = json_object_get(
		json_array_get(json_object_get(res, "locations"), 0),
		"physicalLocation");
	assert_non_null(loc);
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(loc, "artifactLocation"), "uri")),
		uri);
	json_t *region = json_object_get(loc, "region");
	assert_int_equal(
		json_integer_value(json_object_get(region, "startLine")), line);
	if (column)
		assert_int_equal(json_integer_value(json_object_get(
					 region, "startColumn")),
				 column);
	else
		assert_null(json_object_get(region, "startColumn"));
}

static const char *message(const json_t *res)
{
	return json_string_value(
		json_object_get(json_object_get(res, "message"), "text"));
}

static void test_sarif(void **state)
{
	struct suite_result r;
	build(&r);
	/* An escaped call a's entry allows: at that entry. mount, escaped
	 * too, is allowed by no entry of a: the case's failure says it. */
	struct record_call *d = &r.cases[1].run.calls[3];
	assert_string_equal(d->name, "sched_yield");
	snprintf(d->name, sizeof(d->name), "epoll_wait");
	d->cls = CLASS_ESCAPED;
	cleanup_free char *s = ci_report_sarif(&r);
	assert_non_null(s);
	json_error_t e;
	cleanup_json json_t *doc = json_loads(s, 0, &e);
	if (!doc)
		print_error("%s at %d\n", e.text, e.line);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "version")),
			    "2.1.0");
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	json_t *rules = json_object_get(
		json_object_get(json_object_get(run, "tool"), "driver"),
		"rules");
	static const char *const ids[] = { "missing-entry", "unnecessary-entry",
					   "escaped-call", "case-failed",
					   "unnecessary-not-judged" };
	assert_int_equal(json_array_size(rules), ARRAY_SIZE(ids));
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		assert_string_equal(json_string_value(json_object_get(
					    json_array_get(rules, i), "id")),
				    ids[i]);

	json_t *results = json_object_get(run, "results");
	/* 2 missing, 2 unnecessary (d's), 1 escaped, 3 cases that did not
	 * pass, 3 profiles not judged. */
	assert_int_equal(json_array_size(results), 11);
	const json_t *v[11];

	assert_int_equal(results_of(results, "escaped-call", v, 11), 1);
	check_location(v[0], PA, 7, 3);
	assert_non_null(strstr(message(v[0]), "'epoll_wait'"));

	assert_int_equal(results_of(results, "missing-entry", v, 10), 2);
	/* At the profile's first allowed line; the top when it has none. */
	check_location(v[0], PA, 3, 0);
	assert_non_null(strstr(message(v[0]), "'getuid'"));
	assert_non_null(strstr(message(v[0]), BAD));
	assert_string_equal(json_string_value(json_object_get(v[0], "level")),
			    "error");
	check_location(v[1], PC, 1, 0);
	assert_non_null(strstr(message(v[1]), "'openat'"));
	assert_non_null(strstr(message(v[1]), "c-miss"));

	assert_int_equal(results_of(results, "unnecessary-entry", v, 10), 2);
	check_location(v[0], PD, 2, 5);
	assert_non_null(strstr(message(v[0]), "'mount'"));
	assert_string_equal(json_string_value(json_object_get(v[0], "level")),
			    "warning");
	check_location(v[1], PD, 8, 2);
	assert_non_null(strstr(message(v[1]), "'getpid'"));

	/* Not judged: a note at the top of each profile, naming the case. */
	assert_int_equal(results_of(results, "unnecessary-not-judged", v, 10),
			 3);
	check_location(v[0], PA, 1, 0);
	assert_non_null(strstr(message(v[0]), "ended failed"));
	assert_string_equal(json_string_value(json_object_get(v[0], "level")),
			    "note");

	assert_int_equal(results_of(results, "case-failed", v, 10), 3);
	check_location(v[0], "/c/x.ini", 5, 0);
	assert_non_null(strstr(message(v[0]), "exit 3, expected 0"));
	check_location(v[1], "/c/y.ini", 2, 0);
	assert_non_null(strstr(message(v[1]), "case 'err' error: cannot find "
					      "'nope'"));
	check_location(v[2], "/c/z.ini", 4, 0);
	suite_result_clear(&r);
}

/* The fingerprints of a code-quality report, in its order. */
static void fingerprints(const char *s, char out[][17], size_t n)
{
	cleanup_json json_t *doc = json_loads(s, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(json_array_size(doc), n);
	for (size_t i = 0; i < n; i++)
		snprintf(out[i], 17, "%s",
			 json_string_value(json_object_get(
				 json_array_get(doc, i), "fingerprint")));
}

static void test_codequality(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_free char *s = ci_report_codequality(&r);
	assert_non_null(s);
	cleanup_json json_t *doc = json_loads(s, 0, NULL);
	assert_non_null(doc);
	/* The SARIF's ten findings, in GitLab's words. */
	assert_int_equal(json_array_size(doc), 10);
	size_t i;
	json_t *v;
	size_t critical = 0, minor = 0, info = 0, major = 0;
	json_array_foreach (doc, i, v) {
		const char *sev =
			json_string_value(json_object_get(v, "severity"));
		critical += strcmp(sev, "critical") == 0;
		major += strcmp(sev, "major") == 0;
		minor += strcmp(sev, "minor") == 0;
		info += strcmp(sev, "info") == 0;
		json_t *loc = json_object_get(v, "location");
		assert_non_null(
			json_string_value(json_object_get(loc, "path")));
		assert_true(json_integer_value(json_object_get(
				    json_object_get(loc, "lines"), "begin")) >=
			    1);
		assert_non_null(
			json_string_value(json_object_get(v, "description")));
		assert_non_null(
			json_string_value(json_object_get(v, "check_name")));
	}
	/* Missing entries kill in production; failed cases break the check;
	 * unused entries are surface; not judged is news. */
	assert_int_equal(critical, 2);
	assert_int_equal(major, 3);
	assert_int_equal(minor, 2);
	assert_int_equal(info, 3);

	/* Unique, and the same when lines move. */
	char a[10][17], b[10][17];
	fingerprints(s, a, 10);
	for (size_t x = 0; x < 10; x++)
		for (size_t y = x + 1; y < 10; y++)
			assert_string_not_equal(a[x], a[y]);
	r.profiles[3].unnecessary[0].line += 5;
	r.profiles[0].fix_line += 2;
	cleanup_free char *moved = ci_report_codequality(&r);
	fingerprints(moved, b, 10);
	for (size_t x = 0; x < 10; x++)
		assert_string_equal(a[x], b[x]);
	/* The same name in two rules: two issues, two fingerprints. */
	free(r.profiles[3].unnecessary[1].name);
	r.profiles[3].unnecessary[1].name =
		strdup(r.profiles[3].unnecessary[0].name);
	cleanup_free char *twice = ci_report_codequality(&r);
	fingerprints(twice, b, 10);
	for (size_t x = 0; x < 10; x++)
		for (size_t y = x + 1; y < 10; y++)
			assert_string_not_equal(b[x], b[y]);
	suite_result_clear(&r);
}

/* The number of lines of s that start with prefix. */
static size_t lines_starting(const char *s, const char *prefix)
{
	size_t n = 0;
	for (const char *l = s; *l;) {
		n += strncmp(l, prefix, strlen(prefix)) == 0;
		const char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl + 1;
	}
	return n;
}

static void test_markdown(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_free char *m = ci_report_markdown(&r);
	assert_non_null(m);
	assert_true(strncmp(m, "## scaudit: findings\n\n", 22) == 0);
	assert_non_null(strstr(m, "\n5 cases, 2 passed, 3 failed.\n\n"));
	assert_non_null(
		strstr(m, "| case | profile | outcome | reason | time |\n"));
	/* A row per case, in order. */
	assert_int_equal(lines_starting(m, "| ✅ "), 2);
	assert_int_equal(lines_starting(m, "| ❌ "), 3);
	const char *rows[] = {
		"| ✅ fine | `" PA "` | passed |  | 0.50 s |\n",
		"| ❌ " BAD " | `" PA
		"` | failed | exit 3, expected 0 | 1.25 s |\n",
		"| ❌ err | `" PB "` | error | cannot find 'nope' | 0.00 s |\n",
		"| ✅ b-ok | `" PB "` | passed |  | 0.25 s |\n",
		"| ❌ c-miss | `" PC
		"` | killed | killed by SIGSYS | 0.12 s |\n",
	};
	const char *at = m;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const char *row = strstr(at, rows[i]);
		if (!row)
			print_error("no row %s in\n%s", rows[i], m);
		assert_non_null(row);
		at = row;
	}
	/* The profiles with findings, and what they are. */
	assert_non_null(strstr(m, "\n### `" PA "`\n\n"
				  "- **missing** `getuid`, needed by " BAD "\n"
				  "- **unnecessary: not judged**: case " BAD
				  " ended failed, not as expected\n"));
	assert_non_null(strstr(m, "\n### `" PB "`\n\n"
				  "- **unnecessary: not judged**: case err "
				  "ended error, not as expected\n"));
	assert_non_null(strstr(m,
			       "\n### `" PC "`\n\n"
			       "- **missing** `openat`, needed by c-miss\n"));
	assert_non_null(strstr(m, "\n### `" PD "`\n\n"
				  "- **unnecessary** (no case uses them): "
				  "`mount` (line 2), `getpid` (line 8)\n"));
	assert_null(strstr(m, "shard"));

	/* Sharded: says which slice. */
	r.shard = 1;
	r.shards = 3;
	cleanup_free char *s = ci_report_markdown(&r);
	assert_non_null(s);
	assert_non_null(strstr(s, "\n5 cases, 2 passed, 3 failed "
				  "(shard 1/3).\n\n"));
	suite_result_clear(&r);
}

static void test_markdown_holds(void **state)
{
	struct suite_result r = { 0 };
	add_profile(&r, PA, entries_a, 2);
	make_case(&r, "one", "/c/x.ini", 1, PA, OUTCOME_PASSED, true, "read",
		  1);
	make_case(&r, "two", "/c/x.ini", 4, PA, OUTCOME_PASSED_TOLERATED, true,
		  "write", 2);
	assert_int_equal(suite_summarize(&r, true), 0);
	assert_false(r.findings);
	cleanup_free char *m = ci_report_markdown(&r);
	assert_non_null(m);
	assert_true(strncmp(m, "## scaudit: the profiles hold\n\n", 31) == 0);
	assert_non_null(strstr(m, "\n2 cases, 2 passed, 0 failed.\n\n"));
	assert_int_equal(lines_starting(m, "| ✅ "), 2);
	assert_int_equal(lines_starting(m, "| ❌ "), 0);
	assert_non_null(strstr(m,
			       "| ✅ two | `" PA "` | "
			       "passed-with-tolerated-denials |  | 2.00 s |"));
	/* Nothing to say of the profile but its matrix. */
	assert_null(strstr(m, "- **"));
	assert_non_null(
		strstr(m, "\n### `" PA "`\n\n\n| syscall | one | two |\n"));

	/* Holding, SARIF has the rules and no results. */
	cleanup_free char *s = ci_report_sarif(&r);
	assert_non_null(s);
	cleanup_json json_t *doc = json_loads(s, 0, NULL);
	assert_non_null(doc);
	json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
	assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
	cleanup_free char *x = ci_report_junit(&r);
	assert_non_null(x);
	assert_non_null(strstr(x, "tests=\"2\" failures=\"0\" errors=\"0\""));
	assert_int_equal(count(x, "\"/>\n"), 2);
	suite_result_clear(&r);
}

/* The cells of a Markdown table row: its unescaped '|' less one. */
static size_t cells(const char *row, size_t len)
{
	size_t bars = 0;
	for (size_t i = 0; i < len; i++)
		bars += row[i] == '|' && (i == 0 || row[i - 1] != '\\');
	return bars ? bars - 1 : 0;
}

/* Case files allow '|' in a name ("[case a|b]"): escaped in its cell, the
 * row keeps the header's five cells. */
static void test_markdown_pipe_in_name(void **state)
{
	struct suite_result r = { 0 };
	add_profile(&r, PA, entries_a, 2);
	make_case(&r, "a|b", "/c/x.ini", 1, PA, OUTCOME_PASSED, true,
		  "read write", 1);
	assert_int_equal(suite_summarize(&r, false), 0);
	char *m = ci_report_markdown(&r);
	suite_result_clear(&r);
	assert_non_null(m);
	char row[256] = "";
	size_t want = 0, got = 0;
	const char *at = strstr(m, "| ✅ "), *head = strstr(m, "| case |");
	if (at && head) {
		snprintf(row, sizeof(row), "%.*s", (int)strcspn(at, "\n"), at);
		got = cells(row, strlen(row));
		want = cells(head, strcspn(head, "\n"));
	}
	free(m);
	assert_int_equal(want, 5);
	assert_int_equal(got, want);
}

/* The row of name in a Markdown matrix: "| `name` | …". */
static char *md_row(const char *m, const char *name)
{
	char head[128];
	snprintf(head, sizeof(head), "\n| `%s` |", name);
	const char *at = strstr(m, head);
	if (!at)
		return NULL;
	at++;
	return strndup(at, strcspn(at, "\n"));
}

/* A few cases: a table of syscall × case, matrix.h's marks, a legend of
 * the marks it has; a '|' in a case's name escaped. */
static void test_markdown_matrix(void **state)
{
	struct suite_result r = { 0 };
	add_profile(&r, PA, entries_a, ARRAY_SIZE(entries_a));
	add_profile(&r, PD, NULL, 0); /* no case, nothing: no section */
	struct suite_case_result *c;
	make_case(&r, "a|b", "/c/x.ini", 1, PA, OUTCOME_PASSED, true,
		  "read write", 1);
	c = make_case(&r, "needs", "/c/x.ini", 4, PA, OUTCOME_KILLED, false,
		      "read", 1);
	make_call(c, CLASS_MISSING, "getsid", 124, "");
	make_call(c, CLASS_TOLERATED, "sched_yield", 24, "");
	c = make_case(&r, "some", "/c/x.ini", 8, PA, OUTCOME_PASSED, true,
		      "read futex", 1);
	assert_int_equal(strv_add(&c->intermittent, "futex"), 0);
	assert_int_equal(suite_summarize(&r, false), 0);
	cleanup_free char *m = ci_report_markdown(&r);
	assert_non_null(m);
	assert_non_null(strstr(m, "\n| syscall | a\\|b | needs | some |\n"
				  "| --- | :-: | :-: | :-: |\n"));
	static const struct {
		const char *name, *row;
	} rows[] = {
		{ "epoll_wait", "| `epoll_wait` | · | · | · |" },
		{ "futex", "| `futex` |  |  | ? |" },
		{ "getsid", "| `getsid` |  | ✗ |  |" },
		{ "read", "| `read` | ✓ | ✓ | ✓ |" },
		{ "sched_yield", "| `sched_yield` |  | ~ |  |" },
		{ "sendfile", "| `sendfile` | · | · | · |" },
		{ "write", "| `write` | ✓ | · | · |" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		cleanup_free char *row = md_row(m, rows[i].name);
		if (!row || strcmp(row, rows[i].row) != 0)
			print_error("%s: %s\n", rows[i].name, row);
		assert_non_null(row);
		assert_string_equal(row, rows[i].row);
	}
	/* One row per name of the matrix, in its order. */
	assert_int_equal(lines_starting(m, "| `"), ARRAY_SIZE(rows));
	assert_non_null(strstr(m, "| `write` | ✓ | · | · |\n\n✗ missing: "));
	assert_non_null(strstr(m, "; ? intermittent: "));
	assert_non_null(strstr(m, "; ✓ used: made and allowed; · allowed by "
				  "the profile, not used by this case.\n"));
	assert_null(strstr(m, "! escaped"));
	assert_null(strstr(m, "### `" PD "`"));
	suite_result_clear(&r);
}

/* More cases than a table holds: the names only one case uses, and how
 * many cells have each mark. */
static void test_markdown_matrix_summary(void **state)
{
	struct suite_result r = { 0 };
	add_profile(&r, PA, entries_a, ARRAY_SIZE(entries_a));
	for (int i = 0; i < 7; i++) {
		char name[16];
		snprintf(name, sizeof(name), "c%d", i);
		make_case(&r, name, "/c/x.ini", (unsigned)i + 1, PA,
			  OUTCOME_PASSED, true,
			  i == 3   ? "read sendfile"
			  : i == 5 ? "read getpid"
				   : "read",
			  1);
	}
	assert_int_equal(suite_summarize(&r, false), 0);
	cleanup_free char *m = ci_report_markdown(&r);
	assert_non_null(m);
	assert_null(strstr(m, "| syscall |"));
	/* read sendfile write epoll_wait getpid: 5 names. */
	assert_non_null(strstr(m, "- **matrix**: 7 cases × 5 syscalls"));
	assert_non_null(strstr(m, "- **used by one case only**: `getpid` (c5), "
				  "`sendfile` (c3)\n"));
	/* ✓: 7 read, 1 sendfile, 1 getpid; ·: the rest of a's entries. */
	assert_non_null(strstr(m, "- **cells**: 9 ✓, 20 ·\n"));
	suite_result_clear(&r);
}

/* Per profile its exposure, in exposure.h's words; the gate's answer
 * under the verdict, and the heading when it was not judged. */
static void test_markdown_exposure(void **state)
{
	static const char exp_a[] =
		"{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": 30, "
		"\"dangerous\": [\"bpf\", \"ptrace\"]}], \"dangerous\": "
		"[\"bpf\", \"ptrace\"]}";
	struct suite_result r = { 0 };
	add_profile(&r, PA, entries_a, 2);
	add_profile(&r, PB, entries_b, 2);
	set_exposure(&r.profiles[0].exposure, exp_a);
	set_exposure(&r.profiles[1].exposure, exp_a);
	make_case(&r, "one", "/c/x.ini", 1, PA, OUTCOME_PASSED, true,
		  "read write ptrace", 1);
	make_case(&r, "two", "/c/x.ini", 4, PB, OUTCOME_PASSED, true,
		  "mount getpid", 1);
	assert_int_equal(suite_summarize_gated(&r, false, 1), 0);
	char *m = ci_report_markdown(&r);
	assert_non_null(m);
	assert_true(strncmp(m, "## scaudit: findings\n\n", 22) == 0);
	assert_non_null(strstr(m, "\n**--max-dangerous-unused 1: failed**: `" PB
				  "` allows 2 dangerous entries no case used: "
				  "`bpf`, `ptrace`.\n\n| case |"));
	assert_non_null(strstr(m, "\n### `" PA "`\n\n- **exposure**: x86_64 "
				  "30 allowed, 2 dangerous, 1 unused "
				  "(dangerous: `bpf`, `ptrace`)\n"));
	assert_non_null(strstr(m, "\n- --max-dangerous-unused 1: passed\n"));
	assert_non_null(strstr(m, "\n- dangerous and unused (remove them, or "
				  "add a run that needs them): bpf ptrace\n"));
	assert_non_null(strstr(m, "\n- --max-dangerous-unused 1: failed: 2 "
				  "dangerous entries allowed and unused\n"));
	free(m);

	/* A's case fails: not judged, the whole gate too. */
	r.cases[0].passed = false;
	r.cases[0].run.outcome = OUTCOME_KILLED;
	exposure_clear(&r.profiles[1].exposure); /* b: unknown */
	r.cases[1].passed = true;
	assert_int_equal(suite_summarize_gated(&r, false, 2), 0);
	m = ci_report_markdown(&r);
	assert_non_null(strstr(m,
			       "**--max-dangerous-unused 2: not judged**: `" PB
			       "`: the report has no exposure"));
	assert_non_null(strstr(m, "- the dangerous ones' use: not judged: case "
				  "one ended killed, not as expected\n"));
	/* a: 2 dangerous, at most 2: passes whatever was used. */
	assert_non_null(strstr(m, "\n- --max-dangerous-unused 2: passed\n"));
	free(m);
	r.cases[0].passed = true;
	r.cases[0].run.outcome = OUTCOME_PASSED;
	assert_int_equal(suite_summarize_gated(&r, false, 2), 0);
	m = ci_report_markdown(&r);
	assert_true(strncmp(m, "## scaudit: not judged\n\n", 24) == 0);
	free(m);
	assert_int_equal(suite_summarize_gated(&r, false, -1), 0);
	m = ci_report_markdown(&r);
	assert_null(strstr(m, "--max-dangerous-unused"));
	assert_true(strncmp(m, "## scaudit: the profiles hold\n", 30) == 0);
	free(m);
	suite_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_junit_empty),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_codequality),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_holds),
		cmocka_unit_test(test_markdown_pipe_in_name),
		cmocka_unit_test(test_markdown_matrix),
		cmocka_unit_test(test_markdown_matrix_summary),
		cmocka_unit_test(test_markdown_exposure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
