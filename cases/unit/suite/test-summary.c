/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposure-helpers.h"
#include "helpers.h"
#include "suite.h"
#include "suite-helpers.h"
#include "summary.h"
#include "util.h"

/* Results built by hand: profiles with their allowed entries, cases with
 * what they used and the calls the run saw ("missing:getuid"). */
struct case_spec {
	const char *name, *file;
	unsigned line;
	const char *profile;
	bool passed;
	const char *used; /* space-separated, may be NULL */
	const char *calls; /* "class:name ...", may be NULL */
};

static void add_case(struct suite_result *r, const struct case_spec *s)
{
	struct suite_case_result *c = suite_add_case(r);
	assert_non_null(c);
	c->name = strdup(s->name);
	c->file = strdup(s->file);
	c->profile = s->profile ? strdup(s->profile) : NULL;
	c->line = s->line;
	c->passed = s->passed;
	c->run.outcome = s->passed ? OUTCOME_PASSED : OUTCOME_FAILED;
	assert_int_equal(strv_add(&c->run.command, "/bin/workload"), 0);
	if (s->used)
		assert_int_equal(strv_split(&c->used, s->used, " "), 0);
	cleanup_strv struct strv calls = STRV_INIT;
	if (s->calls)
		assert_int_equal(strv_split(&calls, s->calls, " "), 0);
	c->run.calls = calloc(calls.n + 1, sizeof(*c->run.calls));
	assert_non_null(c->run.calls);
	for (size_t i = 0; i < calls.n; i++) {
		struct record_call *d = &c->run.calls[c->run.n_calls++];
		char *colon = strchr(calls.v[i], ':');
		assert_non_null(colon);
		*colon = '\0';
		assert_int_equal(verdict_class_parse(calls.v[i], &d->cls), 0);
		snprintf(d->name, sizeof(d->name), "%s", colon + 1);
	}
}

/* The strings of v joined by spaces. */
static const char *joined(char *const *v)
{
	static char buf[1024];
	buf[0] = '\0';
	for (size_t i = 0; v && v[i]; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? " " : "", v[i]);
	return buf;
}

static const struct suite_profile *find_profile(const struct suite_result *r,
						const char *path)
{
	for (size_t i = 0; i < r->n_profiles; i++)
		if (strcmp(r->profiles[i].path, path) == 0)
			return &r->profiles[i];
	fail_msg("no profile %s", path);
	return NULL;
}

static const struct entry_spec entries_a[] = {
	{ "read", 3, 1 },     { "write", 4, 1 },      { "getppid", 5, 1 },
	{ "sendfile", 6, 1 }, { "epoll_wait", 7, 3 },
};
static const struct entry_spec entries_b[] = {
	{ "read", 2, 5 },
	{ "mount", 9, 7 },
};

static const struct case_spec cases_ab[] = {
	{ "zeta", "/c/x.ini", 9, "/p/a.list", false, "exit_group",
	  "missing:getuid" },
	{ "alpha", "/c/x.ini", 1, "/p/a.list", true, "write read getppid read",
	  NULL },
	{ "beta", "/c/x.ini", 5, "/p/a.list", false, "read brk",
	  "missing:ptrace tolerated:sched_yield unexpected:kcmp "
	  "missing:getuid missing:" },
	{ "gamma", "/c/y.ini", 1, "/p/b.json", true, "openat mount", NULL },
};

static void build_ab(struct suite_result *r)
{
	memset(r, 0, sizeof(*r));
	add_profile(r, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	add_profile(r, "/p/b.json", entries_b, ARRAY_SIZE(entries_b));
	for (size_t i = 0; i < ARRAY_SIZE(cases_ab); i++)
		add_case(r, &cases_ab[i]);
}

/* The summary of build_ab, whatever built it. */
static void check_ab_summary(const struct suite_result *r)
{
	const struct suite_profile *a = find_profile(r, "/p/a.list");
	/* Its own cases only: not gamma's openat and mount. */
	assert_string_equal(joined(a->used.v),
			    "brk exit_group getppid read write");
	/* Missing by name, each with its cases sorted; only the missing
	 * class, and not the call libseccomp has no name for. */
	assert_int_equal(a->n_missing, 2);
	assert_string_equal(a->missing[0].name, "getuid");
	assert_string_equal(joined(a->missing[0].cases.v), "beta zeta");
	assert_string_equal(a->missing[1].name, "ptrace");
	assert_string_equal(joined(a->missing[1].cases.v), "beta");
	/* Two of its cases failed: no evidence that anything is unused
	 * (the evidence rule), and the cases that say why. */
	assert_int_equal(a->n_unnecessary, 0);
	assert_int_equal(a->n_unjudged, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_true(strcmp(a->unjudged[i].name, "zeta") == 0 ||
			    strcmp(a->unjudged[i].name, "beta") == 0);
		assert_int_equal(a->unjudged[i].outcome, OUTCOME_FAILED);
	}
	assert_string_not_equal(a->unjudged[0].name, a->unjudged[1].name);
	/* The allowed entries stay as they were. */
	assert_int_equal(a->n_allowed, ARRAY_SIZE(entries_a));

	const struct suite_profile *b = find_profile(r, "/p/b.json");
	assert_string_equal(joined(b->used.v), "mount openat");
	assert_int_equal(b->n_missing, 0);
	/* a's cases read, b's did not. */
	assert_int_equal(b->n_unnecessary, 1);
	assert_string_equal(b->unnecessary[0].name, "read");
	assert_int_equal(b->unnecessary[0].line, 2);
	assert_int_equal(b->unnecessary[0].column, 5);

	assert_string_equal(joined(r->missing.v), "getuid ptrace");
	assert_string_equal(joined(r->unnecessary.v), "read");
	assert_string_equal(joined(r->not_judged.v), "/p/a.list");
	assert_string_equal(joined(r->used.v),
			    "brk exit_group getppid mount openat read write");
	assert_true(r->findings);
}

/* Every case of the profile ended as expected: its allowed entries no
 * case used are unnecessary, where they stand, in the profile's order. */
static void test_unnecessary_judged(void **state)
{
	static const struct case_spec cases[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", true,
		  "write read getppid", NULL },
		{ "delta", "/c/x.ini", 3, "/p/a.list", true, "read", NULL },
	};
	struct suite_result r;
	memset(&r, 0, sizeof(r));
	add_profile(&r, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_case(&r, &cases[i]);
	assert_int_equal(suite_summarize(&r, false), 0);
	const struct suite_profile *a = find_profile(&r, "/p/a.list");
	assert_int_equal(a->n_unjudged, 0);
	assert_int_equal(a->n_unnecessary, 2);
	assert_string_equal(a->unnecessary[0].name, "sendfile");
	assert_int_equal(a->unnecessary[0].line, 6);
	assert_int_equal(a->unnecessary[0].column, 1);
	assert_string_equal(a->unnecessary[1].name, "epoll_wait");
	assert_int_equal(a->unnecessary[1].line, 7);
	assert_int_equal(a->unnecessary[1].column, 3);
	assert_int_equal(a->n_allowed, ARRAY_SIZE(entries_a));
	assert_string_equal(joined(r.unnecessary.v), "epoll_wait sendfile");
	assert_int_equal(r.not_judged.n, 0);
	assert_false(r.findings);
	/* One case that could not run is enough to judge nothing. */
	struct suite_case_result *c = suite_add_case(&r);
	c->name = strdup("broken");
	c->file = strdup("/c/x.ini");
	c->profile = strdup("/p/a.list");
	c->run.outcome = OUTCOME_ERROR;
	snprintf(c->run.reason, sizeof(c->run.reason), "command not found");
	assert_int_equal(suite_summarize(&r, true), 0);
	a = find_profile(&r, "/p/a.list");
	assert_int_equal(a->n_unnecessary, 0);
	assert_int_equal(a->n_unjudged, 1);
	assert_string_equal(a->unjudged[0].reason, "command not found");
	assert_int_equal(r.unnecessary.n, 0);
	suite_result_clear(&r);
}

static void test_summarize(void **state)
{
	struct suite_result r;
	build_ab(&r);
	assert_int_equal(suite_summarize(&r, false), 0);
	check_ab_summary(&r);
	suite_result_clear(&r);
	assert_int_equal(r.n_cases, 0);
	assert_null(r.profiles);
}

static void test_summarize_twice(void **state)
{
	struct suite_result r;
	build_ab(&r);
	assert_int_equal(suite_summarize(&r, true), 0);
	assert_int_equal(suite_summarize(&r, false), 0);
	/* Anew, not added to the first: no doubled names or cases. */
	check_ab_summary(&r);
	assert_int_equal(suite_summarize(&r, false), 0);
	check_ab_summary(&r);
	suite_result_clear(&r);
}

static void test_findings(void **state)
{
	static const struct entry_spec allowed[] = {
		{ "read", 1, 1 },
		{ "write", 2, 1 },
	};
	static const struct {
		const char *what;
		bool passed;
		const char *used, *calls;
		bool fail_on_unnecessary, findings;
	} t[] = {
		{ "everything used", true, "read write", NULL, false, false },
		{ "everything used, strict", true, "read write", NULL, true,
		  false },
		{ "unnecessary", true, "read", NULL, false, false },
		{ "unnecessary, strict", true, "read", NULL, true, true },
		{ "nothing used, strict", true, NULL, NULL, true, true },
		{ "a case failed", false, "read write", NULL, false, true },
		{ "missing", true, "read write", "missing:getuid", false,
		  true },
		{ "tolerated only", true, "read write", "tolerated:getuid",
		  false, false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct suite_result r = { 0 };
		add_profile(&r, "/p/a.list", allowed, ARRAY_SIZE(allowed));
		struct case_spec c = { "one",	    "/c/x.ini",	 1,
				       "/p/a.list", t[i].passed, t[i].used,
				       t[i].calls };
		add_case(&r, &c);
		struct case_spec other = { "two", "/c/x.ini", 3,   "/p/a.list",
					   true,  "read",     NULL };
		add_case(&r, &other);
		assert_int_equal(suite_summarize(&r, t[i].fail_on_unnecessary),
				 0);
		if (r.findings != t[i].findings)
			print_error("case '%s': findings %d\n", t[i].what,
				    r.findings);
		assert_int_equal(r.findings, t[i].findings);
		suite_result_clear(&r);
	}
}

static void test_summarize_empty(void **state)
{
	struct suite_result r = { 0 };
	assert_int_equal(suite_summarize(&r, true), 0);
	assert_false(r.findings);
	assert_int_equal(r.missing.n, 0);
	assert_int_equal(r.used.n, 0);
	/* A profile no case names: everything it allows is unnecessary. */
	add_profile(&r, "/p/a.list", entries_b, ARRAY_SIZE(entries_b));
	assert_int_equal(suite_summarize(&r, false), 0);
	assert_false(r.findings);
	assert_string_equal(joined(r.unnecessary.v), "mount read");
	assert_int_equal(r.profiles[0].used.n, 0);
	assert_int_equal(suite_summarize(&r, true), 0);
	assert_true(r.findings);
	suite_result_clear(&r);
}

/* A part of a split: shard/shards, its profiles, its cases. */
static void build_part(struct suite_result *r, unsigned shard, unsigned shards,
		       bool with_a, bool with_b, const struct case_spec *cases,
		       size_t n)
{
	memset(r, 0, sizeof(*r));
	r->shard = shard;
	r->shards = shards;
	if (with_a)
		add_profile(r, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	if (with_b)
		add_profile(r, "/p/b.json", entries_b, ARRAY_SIZE(entries_b));
	for (size_t i = 0; i < n; i++)
		add_case(r, &cases[i]);
	assert_int_equal(suite_summarize(r, false), 0);
}

static void clear_parts(struct suite_result *parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		suite_result_clear(&parts[i]);
}

static void test_merge_shards(void **state)
{
	/* The cases of build_ab, three shards given out of order. */
	struct suite_result parts[3];
	build_part(&parts[0], 3, 3, false, true, &cases_ab[3], 1);
	build_part(&parts[1], 1, 3, true, false, &cases_ab[0], 2);
	build_part(&parts[2], 2, 3, true, true, &cases_ab[2], 1);
	const char *const paths[] = { "s3.json", "s1.json", "s2.json" };
	struct suite_result m;
	struct diag d = { 0 };
	assert_int_equal(suite_merge(parts, paths, 3, &m, &d), 0);
	/* Nothing of the merge points into its parts. */
	clear_parts(parts, 3);

	assert_int_equal(m.shards, 0);
	assert_int_equal(m.n_profiles, 2);
	/* Unioned by path, in order of first sight. */
	assert_string_equal(m.profiles[0].path, "/p/b.json");
	assert_string_equal(m.profiles[1].path, "/p/a.list");
	assert_int_equal(m.profiles[1].n_allowed, ARRAY_SIZE(entries_a));
	assert_string_equal(m.profiles[1].allowed[4].name, "epoll_wait");
	assert_int_equal(m.profiles[1].allowed[4].line, 7);
	assert_int_equal(m.profiles[1].allowed[4].column, 3);
	/* In case-file order. */
	assert_int_equal(m.n_cases, 4);
	static const char *const order[] = { "alpha", "beta", "zeta", "gamma" };
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(m.cases[i].name, order[i]);
	assert_false(m.cases[1].passed);
	assert_int_equal(m.cases[1].run.n_calls, 5);
	assert_string_equal(m.cases[1].run.command.v[0], "/bin/workload");
	/* The verdict one run would have given. */
	check_ab_summary(&m);
	suite_result_clear(&m);
}

static void test_merge_case_once(void **state)
{
	static const struct case_spec one[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", false, "read",
		  "missing:getuid" },
	};
	static const struct case_spec two[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", false, "read",
		  "missing:getuid" },
		{ "beta", "/c/x.ini", 4, "/p/a.list", true, "write", NULL },
		/* Another file's alpha is another case. */
		{ "alpha", "/c/y.ini", 1, "/p/a.list", true, "getppid", NULL },
	};
	struct suite_result parts[2];
	build_part(&parts[0], 1, 2, true, false, one, ARRAY_SIZE(one));
	build_part(&parts[1], 2, 2, true, false, two, ARRAY_SIZE(two));
	const char *const paths[] = { "s1.json", "s2.json" };
	struct suite_result m;
	struct diag d = { 0 };
	assert_int_equal(suite_merge(parts, paths, 2, &m, &d), 0);
	clear_parts(parts, 2);
	assert_int_equal(m.n_profiles, 1);
	assert_int_equal(m.n_cases, 3);
	assert_string_equal(m.cases[0].name, "alpha");
	assert_string_equal(m.cases[0].file, "/c/x.ini");
	assert_string_equal(m.cases[1].name, "beta");
	assert_string_equal(m.cases[2].file, "/c/y.ini");
	const struct suite_profile *a = &m.profiles[0];
	assert_int_equal(a->n_missing, 1);
	assert_string_equal(joined(a->missing[0].cases.v), "alpha");
	assert_string_equal(joined(a->used.v), "getppid read write");
	assert_true(m.findings);
	suite_result_clear(&m);
}

/* name made by exes (space-separated paths) in c. */
static void used_by(struct suite_case_result *c, const char *name,
		    const char *exes)
{
	cleanup_strv struct strv v = STRV_INIT;
	assert_int_equal(strv_split(&v, exes, " "), 0);
	assert_int_equal(
		suite_add_used_by(&c->used_by, &c->n_used_by, name, v.v), 0);
}

/* Who made each name: a case's used names and its denials; per profile
 * united, sorted by name; a merge copies all of it (and each case's
 * output, intermittent and sometimes names) out of its parts. */
static void test_merge_who_made(void **state)
{
	static const struct case_spec one[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", false, "read write",
		  "missing:getuid tolerated:mount" },
	};
	static const struct case_spec two[] = {
		{ "beta", "/c/x.ini", 4, "/p/a.list", true, "read", NULL },
	};
	struct suite_result parts[2];
	build_part(&parts[0], 1, 2, true, false, one, ARRAY_SIZE(one));
	build_part(&parts[1], 2, 2, true, false, two, ARRAY_SIZE(two));
	struct suite_case_result *a = &parts[0].cases[0];
	used_by(a, "read", "/bin/sh");
	used_by(a, "write", "/bin/sh /usr/bin/cat");
	assert_int_equal(strv_add(&a->run.exes, "/usr/bin/python3"), 0);
	a->run.calls[0].exes[0] = (struct obs_exe_count){ 0, 3 };
	a->run.calls[0].n_exes = 1;
	assert_non_null(a->run.output = strdup("boom\n"));
	assert_int_equal(strv_add(&a->intermittent, "write"), 0);
	assert_int_equal(strv_add(&a->sometimes, "restart_syscall"), 0);
	used_by(&parts[1].cases[0], "read", "/usr/bin/python3 /bin/sh");

	cleanup_strv struct strv x = STRV_INIT;
	assert_int_equal(suite_case_exes(a, "getuid", &x), 0);
	assert_string_equal(joined(x.v), "/usr/bin/python3");
	assert_int_equal(suite_case_exes(a, "write", &x), 0);
	assert_string_equal(joined(x.v),
			    "/usr/bin/python3 /bin/sh /usr/bin/cat");
	strv_clear(&x);
	assert_int_equal(suite_case_exes(a, "mount", &x), 0);
	assert_int_equal(x.n, 0);
	/* The matrix's names: allowed, used, lacked, denied. */
	assert_int_equal(
		suite_profile_names(&parts[0], &parts[0].profiles[0], &x), 0);
	assert_string_equal(joined(x.v), "epoll_wait getppid getuid mount read "
					 "sendfile write");
	assert_ptr_equal(suite_profile_of(&parts[0], a), &parts[0].profiles[0]);

	const char *const paths[] = { "s1.json", "s2.json" };
	struct suite_result m;
	struct diag d = { 0 };
	assert_int_equal(suite_merge(parts, paths, 2, &m, &d), 0);
	clear_parts(parts, 2);
	const struct suite_case_result *ma = &m.cases[0];
	assert_string_equal(ma->name, "alpha");
	assert_int_equal(ma->n_used_by, 2);
	assert_string_equal(ma->used_by[1].name, "write");
	assert_string_equal(joined(ma->used_by[1].exes.v),
			    "/bin/sh /usr/bin/cat");
	assert_string_equal(ma->run.exes.v[ma->run.calls[0].exes[0].exe],
			    "/usr/bin/python3");
	assert_string_equal(ma->run.output, "boom\n");
	assert_string_equal(joined(ma->intermittent.v), "write");
	assert_string_equal(joined(ma->sometimes.v), "restart_syscall");
	const struct suite_profile *p = &m.profiles[0];
	assert_int_equal(p->n_used_by, 3);
	assert_string_equal(p->used_by[0].name, "getuid");
	assert_string_equal(joined(p->used_by[0].exes.v), "/usr/bin/python3");
	assert_string_equal(p->used_by[1].name, "read");
	assert_string_equal(joined(p->used_by[1].exes.v),
			    "/bin/sh /usr/bin/python3");
	assert_string_equal(p->used_by[2].name, "write");
	assert_null(suite_used_by_find(p->used_by, p->n_used_by, "mount"));
	assert_string_equal(joined(m.profiles[0].intermittent.v), "write");
	suite_result_clear(&m);
}

static void test_merge_unsharded(void **state)
{
	static const struct case_spec one[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", true, "read", NULL },
	};
	static const struct case_spec two[] = {
		{ "gamma", "/c/y.ini", 1, "/p/b.json", true, "read mount",
		  NULL },
	};
	struct suite_result parts[2];
	build_part(&parts[0], 0, 0, true, false, one, ARRAY_SIZE(one));
	build_part(&parts[1], 0, 0, false, true, two, ARRAY_SIZE(two));
	const char *const paths[] = { "a.json", "b.json" };
	struct suite_result m;
	struct diag d = { 0 };
	assert_int_equal(suite_merge(parts, paths, 2, &m, &d), 0);
	clear_parts(parts, 2);
	assert_int_equal(m.shards, 0);
	assert_int_equal(m.n_profiles, 2);
	assert_int_equal(m.n_cases, 2);
	assert_string_equal(m.cases[0].name, "alpha");
	assert_string_equal(m.cases[1].name, "gamma");
	assert_string_equal(joined(m.profiles[0].used.v), "read");
	assert_string_equal(joined(m.profiles[1].used.v), "mount read");
	assert_string_equal(joined(m.unnecessary.v),
			    "epoll_wait getppid sendfile write");
	assert_int_equal(m.not_judged.n, 0);
	assert_false(m.findings);
	suite_result_clear(&m);
}

static void test_merge_refused(void **state)
{
	static const struct {
		const char *what;
		unsigned shard[3], shards[3];
		size_t n;
		const char *file, *message;
	} t[] = {
		{ "a missing shard",
		  { 1, 3 },
		  { 3, 3 },
		  2,
		  "",
		  "shard 2/3 is missing" },
		{ "the first missing",
		  { 2 },
		  { 2 },
		  1,
		  "",
		  "shard 1/2 is missing" },
		{ "one shard twice",
		  { 1, 1 },
		  { 2, 2 },
		  2,
		  "b.json",
		  "is shard 1/2, as a.json is: a shard given twice" },
		{ "another split",
		  { 1, 2 },
		  { 3, 4 },
		  2,
		  "b.json",
		  "is shard 2/4, of another split" },
		{ "another split last",
		  { 1, 2, 1 },
		  { 2, 2, 3 },
		  3,
		  "c.json",
		  "is shard 1/3, of another split" },
		{ "past the end",
		  { 1, 3 },
		  { 2, 2 },
		  2,
		  "b.json",
		  "is shard 3/2" },
		{ "shard 0", { 0, 1 }, { 2, 2 }, 2, "a.json", "is shard 0/2" },
	};
	static const struct case_spec one[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", true, "read", NULL },
	};
	const char *const paths[] = { "a.json", "b.json", "c.json" };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct suite_result parts[3];
		for (size_t k = 0; k < t[i].n; k++)
			build_part(&parts[k], t[i].shard[k], t[i].shards[k],
				   true, false, one, 1);
		struct suite_result m;
		struct diag d = { 0 };
		int r = suite_merge(parts, paths, t[i].n, &m, &d);
		if (r != -EINVAL || !strstr(d.message, t[i].message) ||
		    strcmp(d.file, t[i].file) != 0)
			print_error("case '%s': %d %s: %s\n", t[i].what, r,
				    d.file, d.message);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.file, t[i].file);
		assert_non_null(strstr(d.message, t[i].message));
		assert_int_equal(m.n_cases, 0);
		assert_null(m.cases);
		assert_null(m.profiles);
		clear_parts(parts, t[i].n);
	}
}

/* The exposure of a.list, as if from its cases' evaluations: ptrace and
 * mount allowed, bpf only logged, clone with conditions. */
static const char exposure_a[] =
	"{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": 30, "
	"\"conditional\": 1, \"dangerous\": [\"bpf\", \"mount\", \"ptrace\"]}, "
	"{\"arch\": \"x86\", \"allowed\": 29, \"dangerous\": [\"bpf\", "
	"\"ptrace\"]}], \"dangerous\": [\"bpf\", \"mount\", \"ptrace\"], "
	"\"dangerousLogged\": [\"bpf\"]}";

/* The dangerous names' use from the profile's cases (union), kept when
 * some case makes them at times, judged only when every case ended as
 * expected; the gate on it a finding, or not judged. */
static void test_exposure(void **state)
{
	static const struct case_spec cases[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", true, "read write",
		  NULL },
		{ "delta", "/c/x.ini", 3, "/p/a.list", true, "read", NULL },
		{ "gamma", "/c/y.ini", 1, "/p/b.json", true, "ptrace", NULL },
	};
	struct suite_result r = { 0 };
	add_profile(&r, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	add_profile(&r, "/p/b.json", entries_b, ARRAY_SIZE(entries_b));
	set_exposure(&r.profiles[0].exposure, exposure_a);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		add_case(&r, &cases[i]);
	/* ptrace made at times by delta: kept. */
	assert_int_equal(strv_add(&r.cases[1].sometimes, "ptrace"), 0);
	assert_int_equal(suite_summarize(&r, false), 0);
	const struct exposure *e = &r.profiles[0].exposure;
	assert_true(e->judged);
	assert_string_equal(joined(e->unused.v), "mount");
	assert_string_equal(joined(e->sometimes.v), "ptrace");
	assert_string_equal(joined(e->arches[0].unused.v), "mount");
	assert_int_equal(e->arches[1].unused.n, 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_NONE);
	assert_false(suite_exposure_known(&r.profiles[1].exposure));
	assert_false(r.findings);

	/* 1 unused: at most 1 passes, 0 is a finding; b's not known. */
	assert_int_equal(suite_summarize_gated(&r, false, 1), 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_PASSED);
	assert_int_equal(r.profiles[1].gate, EXPOSURE_GATE_NOT_JUDGED);
	assert_true(r.dangerous_gate);
	assert_int_equal(r.max_dangerous_unused, 1);
	assert_int_equal(suite_summarize_gated(&r, false, 0), 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_FAILED);
	assert_true(r.findings);
	assert_string_equal(joined(r.profiles[0].exposure.unused.v), "mount");
	/* Without the gate: none, and no finding. */
	assert_int_equal(suite_summarize(&r, false), 0);
	assert_false(r.dangerous_gate);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_NONE);
	assert_false(r.findings);

	/* The cases' use, united: gamma is b's, so a's ptrace stays unused
	 * once delta stops making it. */
	strv_clear(&r.cases[1].sometimes);
	assert_int_equal(suite_summarize_gated(&r, false, 1), 0);
	assert_string_equal(joined(r.profiles[0].exposure.unused.v),
			    "mount ptrace");
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_FAILED);
	assert_int_equal(suite_summarize_gated(&r, false, 2), 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_PASSED);

	/* A case of a that failed: not judged, unless at most max could be
	 * unused (2 judgeable: mount ptrace; bpf only logged). */
	r.cases[0].passed = false;
	r.cases[0].run.outcome = OUTCOME_KILLED;
	assert_int_equal(suite_summarize_gated(&r, false, 1), 0);
	assert_false(r.profiles[0].exposure.judged);
	assert_int_equal(r.profiles[0].exposure.unused.n, 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_NOT_JUDGED);
	assert_int_equal(suite_summarize_gated(&r, false, 2), 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_PASSED);
	suite_result_clear(&r);
}

/* A profile no case of the shard names has no gate there: nothing was
 * run to judge it. */
static void test_exposure_no_cases(void **state)
{
	struct suite_result r = { 0 };
	add_profile(&r, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	assert_int_equal(suite_summarize_gated(&r, false, 0), 0);
	assert_int_equal(r.profiles[0].gate, EXPOSURE_GATE_NONE);
	assert_false(r.findings);
	suite_result_clear(&r);
}

#define CAP_ADMIN (1ull << 21)
static const char caps_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
	"{\"names\": [\"read\", \"write\", \"ptrace\"], "
	"\"action\": \"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"mount\", \"kexec_load\"], "
	"\"action\": \"SCMP_ACT_ALLOW\", "
	"\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}}]}\n";

/* Shards merged, in any order: the exposure of one run, whose cases
 * evaluated the profile under their own caps (alpha none, beta
 * CAP_SYS_ADMIN). */
static void test_merge_exposure(void **state)
{
	static const struct case_spec cases[] = {
		{ "alpha", "/c/x.ini", 1, "/p/a.list", true, "read", NULL },
		{ "beta", "/c/x.ini", 4, "/p/a.list", true, "ptrace", NULL },
	};
	struct suite_result all = { 0 };
	add_profile(&all, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	add_exposure(&all.profiles[0].exposure, caps_profile, 0);
	add_exposure(&all.profiles[0].exposure, caps_profile, CAP_ADMIN);
	add_case(&all, &cases[0]);
	add_case(&all, &cases[1]);
	assert_int_equal(suite_summarize_gated(&all, false, 1), 0);
	assert_string_equal(joined(all.profiles[0].exposure.unused.v),
			    "kexec_load mount");
	assert_int_equal(all.profiles[0].gate, EXPOSURE_GATE_FAILED);
	cleanup_free char *want = exposure_dump(&all.profiles[0].exposure, 1);

	for (int order = 0; order < 2; order++) {
		struct suite_result parts[2];
		build_part(&parts[0], 1, 2, true, false, &cases[0], 1);
		build_part(&parts[1], 2, 2, true, false, &cases[1], 1);
		add_exposure(&parts[0].profiles[0].exposure, caps_profile, 0);
		add_exposure(&parts[1].profiles[0].exposure, caps_profile,
			     CAP_ADMIN);
		if (order) {
			struct suite_result t = parts[0];
			parts[0] = parts[1];
			parts[1] = t;
		}
		/* Each shard alone: its own cases' use. */
		assert_int_equal(suite_summarize(&parts[0], false), 0);
		assert_true(parts[0].profiles[0].exposure.judged);
		const char *const paths[] = { "s1.json", "s2.json" };
		struct suite_result m;
		struct diag d = { 0 };
		assert_int_equal(suite_merge(parts, paths, 2, &m, &d), 0);
		clear_parts(parts, 2);
		assert_int_equal(suite_summarize_gated(&m, false, 1), 0);
		cleanup_free char *got =
			exposure_dump(&m.profiles[0].exposure, 1);
		assert_string_equal(got, want);
		assert_int_equal(m.profiles[0].gate, EXPOSURE_GATE_FAILED);
		assert_true(m.findings);
		suite_result_clear(&m);
	}
	suite_result_clear(&all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summarize),
		cmocka_unit_test(test_summarize_twice),
		cmocka_unit_test(test_unnecessary_judged),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_summarize_empty),
		cmocka_unit_test(test_merge_shards),
		cmocka_unit_test(test_merge_case_once),
		cmocka_unit_test(test_merge_unsharded),
		cmocka_unit_test(test_merge_who_made),
		cmocka_unit_test(test_merge_refused),
		cmocka_unit_test(test_exposure),
		cmocka_unit_test(test_exposure_no_cases),
		cmocka_unit_test(test_merge_exposure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
