/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposure-helpers.h"
#include "helpers.h"
#include "html-page.h"
#include "html-report.h"
#include "suite-helpers.h"
#include "suite.h"
#include "summary.h"
#include "util.h"

/* The shared builder, with a command that needs escaping. */
static struct suite_case_result *html_case(struct suite_result *r,
					   const char *name,
					   const char *profile,
					   enum run_outcome outcome,
					   bool passed, const char *used)
{
	struct suite_case_result *c =
		make_case(r, name, "/c/x.ini", (unsigned)(r->n_cases + 1) * 3,
			  profile, outcome, passed, used, 0.5);
	strv_clear(&c->run.command);
	assert_int_equal(strv_add(&c->run.command, "/bin/work<load>"), 0);
	return c;
}

#define PA "/nonexistent/scaudit/a'.list"
#define PA_ESC "/nonexistent/scaudit/a&#39;.list"
#define PB "/nonexistent/scaudit/b&<x>.json"
#define PB_ESC "/nonexistent/scaudit/b&amp;&lt;x&gt;.json"
#define PC "/nonexistent/scaudit/c.list"
#define EXE "/opt/<x>/prog"
#define EXE_ESC "/opt/&lt;x&gt;/prog"
#define BAD "bad <&\"> \x01x"
#define BAD_ESC "bad &lt;&amp;&quot;&gt; \xef\xbf\xbdx"

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

/* a: three cases, one failed with a denial of each kind; b: one case,
 * which passed; c: no case. */
static void build(struct suite_result *r)
{
	memset(r, 0, sizeof(*r));
	add_profile(r, PA, entries_a, ARRAY_SIZE(entries_a));
	add_profile(r, PB, entries_b, ARRAY_SIZE(entries_b));
	add_profile(r, PC, entries_b, ARRAY_SIZE(entries_b));
	struct suite_case_result *c;
	c = html_case(r, "fine", PA, OUTCOME_PASSED, true, "read write");
	char *sh[] = { (char *)"/bin/sh", (char *)"", NULL };
	assert_int_equal(
		suite_add_used_by(&c->used_by, &c->n_used_by, "read", sh), 0);
	c = html_case(r, BAD, PA, OUTCOME_FAILED, false, "read");
	snprintf(c->run.reason, sizeof(c->run.reason),
		 "it's \"exit 3\" <not 0>");
	make_call(c, CLASS_MISSING, "getuid", 102, "add 'getuid' to a.list");
	assert_int_equal(strv_add(&c->run.exes, EXE), 0);
	c->run.calls[0].exes[0] = (struct obs_exe_count){ 0, 2 };
	c->run.calls[0].n_exes = 1;
	make_call(c, CLASS_UNEXPECTED, "ptrace", 101, "");
	make_call(c, CLASS_ESCAPED, "mount", 165, "");
	make_call(c, CLASS_TOLERATED, "sched_yield", 24, "");
	c = html_case(r, "some", PA, OUTCOME_PASSED, true, "read write futex");
	assert_int_equal(strv_add(&c->intermittent, "futex"), 0);
	c = html_case(r, "b-ok", PB, OUTCOME_BLOCKED, true, "mount");
	make_call(c, CLASS_EXPECTED, "ptrace", 101, "");
	assert_int_equal(suite_summarize(r, false), 0);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The matrix table of the profile (its path escaped). */
static char *matrix(const char *html, const char *escaped_path)
{
	char head[512];
	snprintf(head, sizeof(head),
		 "<table class=\"matrix\" data-profile=\"%s\"", escaped_path);
	const char *s = strstr(html, head);
	assert_non_null(s);
	const char *e = strstr(s, "</table>");
	assert_non_null(e);
	return strndup(s, (size_t)(e - s));
}

/* The values of attr="…" in s, joined with spaces, until stop. */
static void values(const char *s, const char *stop, const char *attr, char *ret,
		   size_t size)
{
	const char *end = stop ? strstr(s, stop) : NULL;
	ret[0] = '\0';
	for (const char *p = s; (p = strstr(p, attr)) && (!end || p < end);) {
		p += strlen(attr);
		size_t n = strcspn(p, "\"");
		snprintf(ret + strlen(ret), size - strlen(ret), "%s%.*s",
			 ret[0] ? " " : "", (int)n, p);
	}
}

/* The cells' classes of the row of the case (its name escaped). */
static void row(const char *table, const char *escaped_name, char *ret,
		size_t size)
{
	char head[256];
	snprintf(head, sizeof(head), "\">%s</a></th>", escaped_name);
	const char *s = strstr(table, head);
	assert_non_null(s);
	values(s, "</tr>", "<td class=\"", ret, size);
}

static void test_matrix(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_free char *h = html_report(&r);
	assert_non_null(h);
	assert_true(strncmp(h, "<!DOCTYPE html>\n", 16) == 0);
	char got[1024];

	cleanup_free char *a = matrix(h, PA_ESC);
	/* One row per case, one column per name used, allowed, missing or
	 * denied, sorted. */
	assert_int_equal(count(a, "<th scope=\"row\""), 3);
	values(a, "</thead>", "data-syscall=\"", got, sizeof(got));
	assert_string_equal(got, "epoll_wait futex getuid mount ptrace read "
				 "sched_yield sendfile write");
	assert_int_equal(count(a, "<td class=\"m-"), 3 * 9);
	row(a, "fine", got, sizeof(got));
	assert_string_equal(got, "m-allowed m-none m-none m-none m-none m-used "
				 "m-none m-allowed m-used");
	row(a, BAD_ESC, got, sizeof(got));
	assert_string_equal(got, "m-allowed m-none m-missing m-escaped "
				 "m-unexpected m-used m-tolerated m-allowed "
				 "m-allowed");
	row(a, "some", got, sizeof(got));
	assert_string_equal(got, "m-allowed m-intermittent m-none m-none "
				 "m-none m-used m-none m-allowed m-used");
	/* Missing columns marked; a's unnecessary entries not judged. */
	assert_non_null(strstr(a, "<th scope=\"col\" class=\"missing\" "
				  "data-syscall=\"getuid\""));
	assert_null(strstr(a, "class=\"unnecessary\""));
	/* Each mark its glyph. */
	assert_non_null(strstr(a, "\">✗</td>"));
	assert_non_null(strstr(a, "\">!</td>"));
	assert_non_null(strstr(a, "\">~</td>"));
	assert_non_null(strstr(a, "\">?</td>"));
	/* A cell names who made it; one the case did not make, nobody. */
	assert_non_null(strstr(a, "title=\"read: used: made and allowed; "
				  "made by /bin/sh, ?\">✓</td>"));
	assert_non_null(strstr(a,
			       "title=\"getuid: missing: denied and the "
			       "case needed it; made by " EXE_ESC "\">✗</td>"));
	assert_non_null(strstr(a, "title=\"write: used: made and "
				  "allowed\">✓</td>"));
	assert_null(strstr(a, "not allowed by the profile; made by"));

	cleanup_free char *b = matrix(h, PB_ESC);
	assert_int_equal(count(b, "<th scope=\"row\""), 1);
	values(b, "</thead>", "data-syscall=\"", got, sizeof(got));
	assert_string_equal(got, "getpid mount ptrace");
	row(b, "b-ok", got, sizeof(got));
	assert_string_equal(got, "m-allowed m-used m-expected");
	assert_non_null(strstr(b, "<th scope=\"col\" class=\"unnecessary\" "
				  "data-syscall=\"getpid\""));

	/* c: no case, every allowed entry a column. */
	cleanup_free char *c = matrix(h, PC);
	assert_int_equal(count(c, "<th scope=\"row\""), 0);
	values(c, "</thead>", "data-syscall=\"", got, sizeof(got));
	assert_string_equal(got, "getpid mount");
	suite_result_clear(&r);
}

static void test_page(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_free char *h = html_report(&r);
	assert_non_null(h);
	/* The verdict first. */
	const char *v = strstr(h, "<h1>scaudit: findings</h1>");
	assert_non_null(v);
	assert_true(v < strstr(h, "<table class=\"matrix\""));
	assert_non_null(strstr(h, "<strong>4</strong> cases: <strong>3"
				  "</strong> passed, <strong>1</strong> "
				  "failed"));
	/* Self-contained: nothing fetched, nothing run. */
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<link"));
	assert_null(strstr(h, "src="));
	assert_null(strstr(h, "url("));
	assert_null(strstr(h, "http"));
	/* Every string escaped: no raw name, reason, command or path. */
	assert_null(strstr(h, BAD));
	assert_null(strstr(h, PA));
	assert_null(strstr(h, PB));
	assert_null(strstr(h, "<load>"));
	assert_null(strstr(h, "<not 0>"));
	assert_non_null(strstr(h, "<summary><span class=\"bad\">✗ failed"
				  "</span> <strong>" BAD_ESC "</strong> — "
				  "failed: it&#39;s &quot;exit 3&quot; "
				  "&lt;not 0&gt;</summary>"));
	assert_non_null(strstr(h, "<code>/bin/work&lt;load&gt;</code>"));
	/* Per case: the profile line and the fix. */
	assert_non_null(strstr(h, "<code>add &#39;getuid&#39; to a.list"
				  "</code>"));
	assert_non_null(strstr(h, "<code>read</code></th><td>used</td><td>"
				  "</td><td>allow</td><td></td><td>line 3:1"
				  "</td>"));
	assert_non_null(strstr(h, "<code>mount</code></th><td>used</td>"
				  "<td></td><td>allow</td><td></td><td>line "
				  "2:5</td>"));
	/* Per entry who made it, next to the cases; missing ones too. */
	assert_non_null(strstr(h, "<table class=\"entries\"><caption>Who made "
				  "each entry</caption>"));
	assert_non_null(strstr(
		h,
		"<tr><th scope=\"row\"><code>read</code></th><td>line 3:1"
		"</td><td><a href=\"#case-0\">fine</a>, <a href=\"#case-1\">" BAD_ESC
		"</a>, <a href=\"#case-2\">some</a></td>"
		"<td class=\"mono\">/bin/sh, ?</td></tr>"));
	assert_non_null(strstr(
		h, "<tr><th scope=\"row\"><code>getuid</code></th><td>—</td>"
		   "<td><a href=\"#case-1\">" BAD_ESC "</a></td>"
		   "<td class=\"mono\">" EXE_ESC "</td></tr>"));
	assert_non_null(strstr(h, "<li class=\"bad\">missing <code>getuid"
				  "</code>, needed by " BAD_ESC
				  " (made by " EXE_ESC ")</li>"));
	assert_null(strstr(h, EXE));
	/* b's cases name nobody: no such table. */
	const char *b_sec = strstr(h, "<section id=\"profile-1\">");
	assert_non_null(b_sec);
	const char *b_end = strstr(b_sec, "</section>");
	const char *b_tab = strstr(b_sec, "class=\"entries\"");
	assert_true(!b_tab || b_tab > b_end);
	/* The failed case opens; the others stay closed. */
	assert_int_equal(count(h, "<details "), 4);
	assert_int_equal(count(h, "\" open>"), 1);
	suite_result_clear(&r);
}

static void test_escape(void **state)
{
	char *s = NULL;
	size_t n;
	FILE *f = open_memstream(&s, &n);
	assert_non_null(f);
	html_page_escape(f, "a&b<c>d\"e'f\tg\nh\x01i\x7fj é");
	html_page_escape(f, NULL);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(s, "a&amp;b&lt;c&gt;d&quot;e&#39;f\tg\nh\xef\xbf"
			       "\xbdi\xef\xbf\xbdj é");
	free(s);
}

static void test_empty(void **state)
{
	struct suite_result r = { 0 };
	assert_int_equal(suite_summarize(&r, false), 0);
	cleanup_free char *h = html_report(&r);
	assert_non_null(h);
	assert_non_null(strstr(h, "<h1>scaudit: the profiles hold</h1>"));
	assert_non_null(strstr(h, "<strong>0</strong> cases"));
	assert_non_null(strstr(h, "</html>\n"));
	suite_result_clear(&r);
}

/* Per profile a short exposure paragraph, in exposure.h's words, before
 * its matrix; the gate's line coloured by its answer; none where it is
 * not known. */
static void test_exposure(void **state)
{
	static const char exp[] =
		"{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": 30, "
		"\"dangerous\": [\"mount\", \"ptrace\"]}], \"dangerous\": "
		"[\"mount\", \"ptrace\"]}";
	struct suite_result r;
	build(&r);
	set_exposure(&r.profiles[0].exposure, exp); /* a: a case failed */
	set_exposure(&r.profiles[1].exposure, exp); /* b: mount used */
	assert_int_equal(suite_summarize_gated(&r, false, 0), 0);
	cleanup_free char *h = html_report(&r);
	assert_non_null(h);
	const char *a = strstr(h, "<section id=\"profile-0\">");
	const char *b = strstr(h, "<section id=\"profile-1\">");
	const char *c = strstr(h, "<section id=\"profile-2\">");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	const char *pa = strstr(
		a, "<p class=\"exposure\"><strong>Exposure"
		   "</strong> x86_64 30 allowed, 2 dangerous"
		   "</p>\n<ul class=\"exposure\">\n<li>the "
		   "dangerous ones&#39; use: not judged: case " BAD_ESC
		   " ended failed, not as expected"
		   "</li>\n<li class=\"bad\">"
		   "--max-dangerous-unused 0: not judged: case " BAD_ESC);
	assert_non_null(pa);
	assert_true(pa < b);
	assert_true(pa < strstr(a, "<table class=\"matrix\""));
	const char *pb =
		strstr(b, "<p class=\"exposure\"><strong>Exposure"
			  "</strong> x86_64 30 allowed, 2 dangerous, 1 "
			  "unused</p>\n<ul class=\"exposure\">\n<li>"
			  "dangerous and unused (remove them, or add a "
			  "run that needs them): ptrace</li>\n"
			  "<li class=\"bad\">--max-dangerous-unused 0: "
			  "failed: 1 dangerous entry allowed and "
			  "unused</li>\n</ul>\n");
	assert_non_null(pb);
	assert_true(pb < c);
	assert_null(strstr(c, "class=\"exposure\""));
	free(h);
	h = NULL;
	/* Passed: the good colour. */
	assert_int_equal(suite_summarize_gated(&r, false, 1), 0);
	char *h2 = html_report(&r);
	assert_non_null(strstr(h2, "<li class=\"good\">--max-dangerous-unused "
				   "1: passed</li>"));
	assert_null(strstr(h2, "<script"));
	free(h2);
	suite_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),	 cmocka_unit_test(test_page),
		cmocka_unit_test(test_escape),	 cmocka_unit_test(test_empty),
		cmocka_unit_test(test_exposure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
