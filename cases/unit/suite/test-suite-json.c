/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposure-helpers.h"
#include "helpers.h"
#include "json-util.h"
#include "suite-json.h"
#include "suite.h"
#include "suite-helpers.h"
#include "summary.h"
#include "util.h"

/* A case that ran (command given) or could not (error set). */
static struct suite_case_result *add_case(struct suite_result *r,
					  const char *name, const char *file,
					  unsigned line, const char *profile,
					  enum run_outcome outcome, bool passed,
					  const char *used)
{
	struct suite_case_result *c = suite_add_case(r);
	assert_non_null(c);
	c->name = strdup(name);
	c->file = strdup(file);
	c->profile = strdup(profile);
	c->line = line;
	c->passed = passed;
	c->wall_seconds = 0.25 * line;
	c->run.outcome = outcome;
	c->run.calls = calloc(4, sizeof(*c->run.calls));
	assert_non_null(c->run.calls);
	if (used)
		assert_int_equal(strv_split(&c->used, used, " "), 0);
	return c;
}

static void ran(struct suite_case_result *c, const char *reason)
{
	assert_int_equal(strv_add(&c->run.command, "/bin/workload"), 0);
	assert_int_equal(strv_add(&c->run.command, "-x"), 0);
	snprintf(c->run.reason, sizeof(c->run.reason), "%s", reason);
	c->run.exited = true;
	c->run.exit_code = c->passed ? 0 : 3;
}

static void add_call(struct suite_case_result *c, enum denial_class cls,
		     const char *name, const char *fix)
{
	assert_true(c->run.n_calls < 3);
	struct record_call *d = &c->run.calls[c->run.n_calls++];
	d->cls = cls;
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->arch, sizeof(d->arch), "x86_64");
	snprintf(d->action, sizeof(d->action), "kill-process");
	snprintf(d->fix, sizeof(d->fix), "%s", fix);
	d->nr = 101;
	d->count = 2;
}

/* name made by the executables exes (paths, space-separated) in c. */
static void used_by(struct suite_case_result *c, const char *name,
		    const char *exes)
{
	cleanup_strv struct strv v = STRV_INIT;
	assert_int_equal(strv_split(&v, exes, " "), 0);
	assert_int_equal(
		suite_add_used_by(&c->used_by, &c->n_used_by, name, v.v), 0);
}

/* c's last denial made by exe, calls times. */
static void denied_to(struct suite_case_result *c, const char *exe,
		      uint64_t calls)
{
	struct record_call *d = &c->run.calls[c->run.n_calls - 1];
	assert_int_equal(strv_add(&c->run.exes, exe), 0);
	d->exes[d->n_exes++] =
		(struct obs_exe_count){ (uint32_t)c->run.exes.n - 1, calls };
}

static void could_not_run(struct suite_case_result *c, enum suite_error e,
			  const char *reason)
{
	c->error = e;
	snprintf(c->run.reason, sizeof(c->run.reason), "%s", reason);
}

static const struct entry_spec entries_a[] = {
	{ "read", 3, 1 },
	{ "write", 4, 1 },
	{ "sendfile", 6, 2 },
};
static const struct entry_spec entries_b[] = {
	{ "mount", 9, 7 },
};

static void build(struct suite_result *r)
{
	memset(r, 0, sizeof(*r));
	add_profile(r, "/p/a.list", entries_a, ARRAY_SIZE(entries_a));
	add_profile(r, "/p/b.json", entries_b, ARRAY_SIZE(entries_b));
	struct suite_case_result *c;
	c = add_case(r, "alpha", "/c/x.ini", 1, "/p/a.list", OUTCOME_PASSED,
		     true, "write read write");
	ran(c, "exit 0");
	used_by(c, "read", "/bin/sh /usr/bin/python3");
	used_by(c, "write", "/usr/bin/python3");
	c = add_case(r, "beta", "/c/x.ini", 5, "/p/a.list", OUTCOME_FAILED,
		     false, "read");
	ran(c, "exit 3, expected 0");
	used_by(c, "read", "/usr/bin/curl /bin/sh");
	add_call(c, CLASS_MISSING, "getuid", "add 'getuid' to a.list");
	denied_to(c, "/usr/bin/python3", 2);
	add_call(c, CLASS_UNEXPECTED, "ptrace", "allow ptrace");
	add_call(c, CLASS_TOLERATED, "", "");
	c = add_case(r, "gamma", "/c/y.ini", 2, "/p/b.json", OUTCOME_ERROR,
		     false, NULL);
	could_not_run(c, SUITE_ERROR_INPUT, "cannot find 'nope'");
	c = add_case(r, "delta", "/c/y.ini", 8, "/p/b.json", OUTCOME_ERROR,
		     false, NULL);
	could_not_run(c, SUITE_ERROR_ENVIRONMENT, "no seccomp here");
	r->shard = 2;
	r->shards = 3;
	assert_int_equal(suite_summarize(r, false), 0);
}

static const char *joined(char *const *v)
{
	static char buf[1024];
	buf[0] = '\0';
	for (size_t i = 0; v && v[i]; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? " " : "", v[i]);
	return buf;
}

/* The strings of a JSON array, joined by spaces. */
static const char *joined_json(const json_t *a)
{
	static char buf[1024];
	size_t i;
	json_t *x;
	assert_true(json_is_array(a));
	buf[0] = '\0';
	json_array_foreach (a, i, x) {
		assert_true(json_is_string(x));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? " " : "", json_string_value(x));
	}
	return buf;
}

/* The keys of obj, sorted, joined by spaces. */
static const char *keys(const json_t *obj)
{
	cleanup_strv struct strv k = STRV_INIT;
	const char *key;
	json_t *v;
	json_object_foreach ((json_t *)obj, key, v)
		assert_int_equal(strv_add(&k, key), 0);
	strv_sort_unique(&k);
	return joined(k.v);
}

static void test_document(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_json json_t *doc = suite_result_json(&r);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "schema")), 1);
	assert_string_equal(json_string_value(json_object_get(doc, "verdict")),
			    "findings");
	assert_string_equal(json_string_value(json_object_get(doc, "shard")),
			    "2/3");
	assert_string_equal(joined_json(json_object_get(doc, "missing")),
			    "getuid");
	/* Both profiles have a case that did not end as expected: nothing
	 * is judged unnecessary, and the document says whose. */
	assert_string_equal(joined_json(json_object_get(doc, "unnecessary")),
			    "");
	assert_string_equal(joined_json(json_object_get(doc, "notJudged")),
			    "/p/a.list /p/b.json");
	assert_string_equal(joined_json(json_object_get(doc, "used")),
			    "read write");
	/* The matrix: each case's used names, sorted, once. */
	json_t *m = json_object_get(doc, "matrix");
	assert_true(json_is_object(m));
	assert_int_equal(json_object_size(m), 4);
	assert_string_equal(joined_json(json_object_get(m, "alpha")),
			    "read write");
	assert_string_equal(joined_json(json_object_get(m, "beta")), "read");
	assert_int_equal(json_array_size(json_object_get(m, "gamma")), 0);
	assert_true(json_is_array(json_object_get(m, "delta")));
	/* Profiles with their summary. */
	json_t *ps = json_object_get(doc, "profiles");
	assert_int_equal(json_array_size(ps), 2);
	json_t *pa = json_array_get(ps, 0);
	assert_string_equal(json_string_value(json_object_get(pa, "path")),
			    "/p/a.list");
	/* Not judged: beta failed. */
	assert_int_equal(json_array_size(json_object_get(pa, "unnecessary")),
			 0);
	assert_false(json_is_true(json_object_get(pa, "unnecessaryJudged")));
	json_t *nj = json_array_get(json_object_get(pa, "notJudged"), 0);
	assert_string_equal(json_string_value(json_object_get(nj, "case")),
			    "beta");
	assert_string_equal(json_string_value(json_object_get(nj, "outcome")),
			    "failed");
	assert_string_equal(json_string_value(json_object_get(nj, "reason")),
			    "exit 3, expected 0");
	json_t *mi = json_array_get(json_object_get(pa, "missing"), 0);
	assert_string_equal(json_string_value(json_object_get(mi, "name")),
			    "getuid");
	assert_string_equal(joined_json(json_object_get(mi, "cases")), "beta");
	/* Runs in order, with their case. */
	json_t *runs = json_object_get(doc, "runs");
	assert_int_equal(json_array_size(runs), 4);
	json_t *beta = json_array_get(runs, 1);
	assert_string_equal(json_string_value(json_object_get(beta, "case")),
			    "beta");
	assert_string_equal(json_string_value(json_object_get(beta, "outcome")),
			    "failed");
	assert_string_equal(joined_json(json_object_get(beta, "command")),
			    "/bin/workload -x");
	assert_int_equal(json_array_size(json_object_get(beta, "denials")), 3);
	/* Who made what: per run its used names' executables, per denial
	 * its own; per profile both united. */
	json_t *ub = json_object_get(beta, "usedBy");
	assert_string_equal(keys(ub), "read");
	assert_string_equal(joined_json(json_object_get(ub, "read")),
			    "/usr/bin/curl /bin/sh");
	json_t *ex = json_object_get(
		json_array_get(json_object_get(beta, "denials"), 0), "exes");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(ex, 0), "path")),
			    "/usr/bin/python3");
	json_t *pu = json_object_get(pa, "usedBy");
	assert_string_equal(keys(pu), "getuid read write");
	assert_string_equal(joined_json(json_object_get(pu, "read")),
			    "/bin/sh /usr/bin/python3 /usr/bin/curl");
	assert_string_equal(joined_json(json_object_get(pu, "getuid")),
			    "/usr/bin/python3");
	/* A case that did not run says nothing of it. */
	assert_null(json_object_get(json_array_get(runs, 2), "usedBy"));
	suite_result_clear(&r);

	/* Unsharded and passing: holds, no shard. */
	struct suite_result h = { 0 };
	add_profile(&h, "/p/a.list", entries_a, 2);
	ran(add_case(&h, "alpha", "/c/x.ini", 1, "/p/a.list", OUTCOME_PASSED,
		     true, "read write"),
	    "exit 0");
	assert_int_equal(suite_summarize(&h, true), 0);
	cleanup_json json_t *hd = suite_result_json(&h);
	assert_non_null(hd);
	assert_string_equal(json_string_value(json_object_get(hd, "verdict")),
			    "holds");
	assert_null(json_object_get(hd, "shard"));
	/* Judged: the entries alpha did not use, where they stand. */
	json_t *hp = json_array_get(json_object_get(hd, "profiles"), 0);
	assert_true(json_is_true(json_object_get(hp, "unnecessaryJudged")));
	assert_int_equal(json_array_size(json_object_get(hp, "notJudged")), 0);
	suite_result_clear(&h);
}

static void test_round_trip(void **state)
{
	struct suite_result r;
	build(&r);
	cleanup_json json_t *doc = suite_result_json(&r);
	assert_non_null(doc);
	/* Through text, as a shard file goes. */
	cleanup_free char *text = json_dumps(doc, JSON_COMPACT);
	assert_non_null(text);
	cleanup_json json_t *again = json_loads(text, 0, NULL);
	assert_non_null(again);
	struct suite_result b;
	struct diag d = { 0 };
	assert_int_equal(suite_result_parse(again, "/tmp/shard-2.json", &b, &d),
			 0);

	assert_int_equal(b.shard, 2);
	assert_int_equal(b.shards, 3);
	assert_int_equal(b.n_profiles, 2);
	for (size_t k = 0; k < 2; k++) {
		const struct suite_profile *p = &r.profiles[k],
					   *q = &b.profiles[k];
		assert_string_equal(q->path, p->path);
		assert_int_equal(q->n_allowed, p->n_allowed);
		for (size_t i = 0; i < p->n_allowed; i++) {
			assert_string_equal(q->allowed[i].name,
					    p->allowed[i].name);
			assert_int_equal(q->allowed[i].line,
					 p->allowed[i].line);
			assert_int_equal(q->allowed[i].column,
					 p->allowed[i].column);
		}
	}
	assert_int_equal(b.n_cases, 4);
	for (size_t i = 0; i < 4; i++) {
		const struct suite_case_result *c = &r.cases[i],
					       *e = &b.cases[i];
		assert_string_equal(e->name, c->name);
		assert_string_equal(e->file, c->file);
		assert_string_equal(e->profile, c->profile);
		assert_int_equal(e->line, c->line);
		assert_int_equal(e->passed, c->passed);
		assert_int_equal(e->error, c->error);
		assert_int_equal(e->run.outcome, c->run.outcome);
		assert_string_equal(e->run.reason, c->run.reason);
		assert_true(e->wall_seconds == c->wall_seconds);
		assert_string_equal(joined(e->used.v), joined(c->used.v));
		assert_int_equal(e->run.n_calls, c->error ? 0 : c->run.n_calls);
		assert_int_equal(e->n_used_by, c->n_used_by);
		for (size_t k = 0; k < c->n_used_by; k++) {
			assert_string_equal(e->used_by[k].name,
					    c->used_by[k].name);
			assert_string_equal(joined(e->used_by[k].exes.v),
					    joined(c->used_by[k].exes.v));
		}
	}
	/* The errors say whose: usage, environment. */
	assert_int_equal(b.cases[2].error, SUITE_ERROR_INPUT);
	assert_int_equal(b.cases[3].error, SUITE_ERROR_ENVIRONMENT);
	assert_string_equal(joined(b.cases[0].used.v), "write read write");
	assert_string_equal(joined(b.cases[1].run.command.v),
			    "/bin/workload -x");
	assert_true(b.cases[1].run.exited);
	assert_int_equal(b.cases[1].run.exit_code, 3);
	/* The denials, with class, name and fix. */
	const struct record_call *calls = b.cases[1].run.calls;
	assert_int_equal(calls[0].cls, CLASS_MISSING);
	assert_string_equal(calls[0].name, "getuid");
	assert_string_equal(calls[0].fix, "add 'getuid' to a.list");
	assert_string_equal(calls[0].arch, "x86_64");
	assert_int_equal(calls[0].nr, 101);
	assert_int_equal(calls[0].count, 2);
	assert_int_equal(calls[1].cls, CLASS_UNEXPECTED);
	assert_string_equal(calls[1].name, "ptrace");
	assert_string_equal(calls[1].fix, "allow ptrace");
	assert_int_equal(calls[2].cls, CLASS_TOLERATED);
	assert_string_equal(calls[2].name, "");
	assert_int_equal(calls[0].n_exes, 1);
	assert_string_equal(b.cases[1].run.exes.v[calls[0].exes[0].exe],
			    "/usr/bin/python3");
	assert_int_equal(calls[0].exes[0].count, 2);
	assert_int_equal(calls[1].n_exes, 0);

	/* Not summarized; summarized, the verdict is the one it had. */
	assert_int_equal(b.missing.n, 0);
	assert_int_equal(b.profiles[0].n_unnecessary, 0);
	assert_int_equal(suite_summarize(&b, false), 0);
	assert_string_equal(joined(b.missing.v), joined(r.missing.v));
	assert_string_equal(joined(b.unnecessary.v), joined(r.unnecessary.v));
	assert_string_equal(joined(b.used.v), joined(r.used.v));
	assert_int_equal(b.findings, r.findings);
	assert_int_equal(b.profiles[0].n_used_by, 3);
	assert_string_equal(joined(b.profiles[0].used_by[1].exes.v),
			    joined(r.profiles[0].used_by[1].exes.v));
	suite_result_clear(&b);
	suite_result_clear(&r);
}

static void test_refused(void **state)
{
	static const char not_report[] =
		"not a report of 'scaudit run --json' (schema 1)";
	static const char bad_runs[] = "'runs' must be objects with 'file', "
				       "'case' and 'outcome' strings";
	static const char bad_types[] =
		"a run's 'profile', 'used', "
		"'intermittent', 'sometimes', 'denials' "
		"or 'line' has the wrong type";
	static const char bad_profiles[] =
		"'profiles' must be objects with a 'path' string";
	static const char bad_shard[] = "'shard' must be I/N with 1 <= I <= N";
	static const char bad_used_by[] =
		"a run's 'usedBy' must map names to arrays of strings";
	static const char bad_allowed[] =
		"a profile's 'allowed' must be objects with a 'name' string";
	static const char bad_exposure[] =
		"a profile's 'exposure' is not one of 'scaudit run --json'";
#define RUN "{\"file\": \"f\", \"case\": \"c\", \"outcome\": \"passed\""
	static const struct {
		const char *text, *message;
	} t[] = {
		{ "[]", not_report },
		{ "\"x\"", not_report },
		{ "{\"schema\": 2, \"runs\": []}", not_report },
		{ "{\"schema\": \"1\", \"runs\": []}", not_report },
		{ "{\"schema\": 1}", not_report },
		{ "{\"schema\": 1, \"runs\": {}}", not_report },
		{ "{\"schema\": 1, \"runs\": [1, \"x\"]}", bad_runs },
		{ "{\"schema\": 1, \"runs\": [], \"shard\": \"1/0\"}",
		  bad_shard },
		{ "{\"schema\": 1, \"runs\": [], \"shard\": \"3/2\"}",
		  bad_shard },
		{ "{\"schema\": 1, \"runs\": [], \"shard\": 2}", bad_shard },
		{ "{\"schema\": 1, \"runs\": [{\"file\": \"f\", \"case\": "
		  "\"c\"}]}",
		  bad_runs },
		{ "{\"schema\": 1, \"runs\": [{\"file\": \"f\", \"case\": 3, "
		  "\"outcome\": \"passed\"}]}",
		  bad_runs },
		{ "{\"schema\": 1, \"runs\": [" RUN ", \"profile\": 5}]}",
		  bad_types },
		{ "{\"schema\": 1, \"runs\": [" RUN ", \"used\": \"read\"}]}",
		  bad_types },
		{ "{\"schema\": 1, \"runs\": [" RUN ", \"used\": [1]}]}",
		  bad_types },
		{ "{\"schema\": 1, \"runs\": [" RUN ", \"line\": \"3\"}]}",
		  bad_types },
		{ "{\"schema\": 1, \"runs\": [" RUN ", \"denials\": 3}]}",
		  "a run's 'denials' must be an array" },
		{ "{\"schema\": 1, \"runs\": [" RUN ", \"usedBy\": []}]}",
		  bad_used_by },
		{ "{\"schema\": 1, \"runs\": [" RUN
		  ", \"usedBy\": {\"read\": \"/bin/sh\"}}]}",
		  bad_used_by },
		{ "{\"schema\": 1, \"runs\": [" RUN
		  ", \"usedBy\": {\"read\": [\"/bin/sh\"], \"close\": [1]}}]}",
		  bad_used_by },
		{ "{\"schema\": 1, \"runs\": [{\"file\": \"f\", \"case\": "
		  "\"c\", \"outcome\": \"fine\"}]}",
		  "a run's 'outcome' must be an outcome" },
		{ "{\"schema\": 1, \"runs\": [" RUN
		  ", \"errorKind\": \"cosmic\"}]}",
		  "a run's 'errorKind' is not one of usage, environment" },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{}]}",
		  bad_profiles },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": {}}",
		  bad_profiles },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{\"path\": 1}]}",
		  bad_profiles },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{\"path\": "
		  "\"p\"}]}",
		  bad_allowed },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{\"path\": "
		  "\"p\", \"allowed\": [{\"line\": 3}]}]}",
		  bad_allowed },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{\"path\": "
		  "\"p\", \"allowed\": [{\"name\": \"read\"}, 1]}]}",
		  bad_allowed },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{\"path\": "
		  "\"p\", \"allowed\": [], \"exposure\": []}]}",
		  bad_exposure },
		{ "{\"schema\": 1, \"runs\": [], \"profiles\": [{\"path\": "
		  "\"p\", \"allowed\": [], \"exposure\": {\"arches\": "
		  "[{\"arch\": \"x86_64\", \"dangerous\": [\"<b>\"]}]}}]}",
		  bad_exposure },
	};
#undef RUN
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		json_error_t je;
		cleanup_json json_t *doc =
			json_loads(t[i].text, JSON_DECODE_ANY, &je);
		assert_non_null(doc);
		struct suite_result r;
		struct diag d = { 0 };
		int e = suite_result_parse(doc, "in/bad.json", &r, &d);
		if (e != -EINVAL || strcmp(d.message, t[i].message) != 0)
			print_error("case %zu (%s): %d %s\n", i, t[i].text, e,
				    d.message);
		assert_int_equal(e, -EINVAL);
		assert_string_equal(d.message, t[i].message);
		assert_string_equal(d.file, "in/bad.json");
		assert_int_equal(d.line, 0);
		/* Nothing left behind. */
		assert_int_equal(r.n_cases, 0);
		assert_null(r.cases);
		assert_null(r.profiles);
	}
}

static void test_minimal_document(void **state)
{
	/* What merge needs and no more: no profiles, a run with only its
	 * case, file and outcome. */
	cleanup_json json_t *doc = json_loads(
		"{\"schema\": 1, \"runs\": [{\"file\": \"f.ini\", \"case\": "
		"\"c\", \"outcome\": \"timeout\", \"passed\": false}], "
		"\"shard\": \"3/7\"}",
		0, NULL);
	assert_non_null(doc);
	struct suite_result r;
	struct diag d = { 0 };
	assert_int_equal(suite_result_parse(doc, "x.json", &r, &d), 0);
	assert_int_equal(r.n_profiles, 0);
	assert_int_equal(r.n_cases, 1);
	assert_string_equal(r.cases[0].name, "c");
	assert_string_equal(r.cases[0].file, "f.ini");
	assert_null(r.cases[0].profile);
	assert_int_equal(r.cases[0].run.outcome, OUTCOME_TIMEOUT);
	assert_false(r.cases[0].passed);
	assert_int_equal(r.cases[0].n_used_by, 0); /* before "usedBy" */
	assert_int_equal(r.shard, 3);
	assert_int_equal(r.shards, 7);
	suite_result_clear(&r);
}

static void test_case_json(void **state)
{
	/* A case that could not run: why is all there is. */
	struct suite_case_result c = { 0 };
	c.error = SUITE_ERROR_INPUT;
	c.run.outcome = OUTCOME_ERROR;
	snprintf(c.run.reason, sizeof(c.run.reason), "cannot find 'nope'");
	cleanup_json json_t *bare = suite_case_json(&c);
	assert_non_null(bare);
	assert_string_equal(keys(bare), "errorKind outcome passed reason");
	assert_string_equal(
		json_string_value(json_object_get(bare, "errorKind")), "usage");
	assert_string_equal(json_string_value(json_object_get(bare, "outcome")),
			    "error");
	assert_string_equal(json_string_value(json_object_get(bare, "reason")),
			    "cannot find 'nope'");
	assert_true(json_is_false(json_object_get(bare, "passed")));

	/* With its case info (the suite's document). */
	c.name = strdup("gamma");
	c.file = strdup("/c/y.ini");
	c.profile = strdup("/p/b.json");
	c.line = 4;
	c.error = SUITE_ERROR_ENVIRONMENT;
	assert_non_null(c.name);
	assert_non_null(c.file);
	assert_non_null(c.profile);
	cleanup_json json_t *full = suite_case_json(&c);
	assert_non_null(full);
	assert_string_equal(keys(full), "case errorKind file line outcome "
					"passed profile reason wallSeconds");
	assert_string_equal(
		json_string_value(json_object_get(full, "errorKind")),
		"environment");
	assert_int_equal(json_integer_value(json_object_get(full, "line")), 4);

	/* And back. */
	struct suite_case_result back;
	char why[200] = "";
	assert_int_equal(suite_case_parse(full, &back, why, sizeof(why)), 0);
	assert_string_equal(back.name, "gamma");
	assert_string_equal(back.profile, "/p/b.json");
	assert_int_equal(back.error, SUITE_ERROR_ENVIRONMENT);
	assert_int_equal(back.run.outcome, OUTCOME_ERROR);
	assert_string_equal(back.run.reason, "cannot find 'nope'");
	assert_int_equal(back.run.command.n, 0);
	suite_case_result_clear(&back);
	cleanup_json json_t *three = json_integer(3);
	assert_int_equal(suite_case_parse(three, &back, why, sizeof(why)),
			 -EINVAL);
	assert_string_equal(why, "'runs' must be objects");
	suite_case_result_clear(&c);

	/* One that ran carries its record and what it used. */
	struct suite_case_result r = { 0 };
	r.run.outcome = OUTCOME_PASSED;
	r.passed = true;
	assert_int_equal(strv_add(&r.run.command, "/bin/true"), 0);
	assert_int_equal(strv_add(&r.used, "read"), 0);
	r.run.calls = calloc(1, sizeof(*r.run.calls));
	assert_non_null(r.run.calls);
	cleanup_json json_t *rj = suite_case_json(&r);
	assert_non_null(rj);
	assert_null(json_object_get(rj, "errorKind"));
	assert_string_equal(joined_json(json_object_get(rj, "command")),
			    "/bin/true");
	assert_string_equal(joined_json(json_object_get(rj, "used")), "read");
	assert_true(json_is_array(json_object_get(rj, "denials")));
	assert_true(json_is_true(json_object_get(rj, "passed")));
	assert_null(json_object_get(rj, "case"));
	suite_case_result_clear(&r);
}

static void test_error_names(void **state)
{
	static const struct {
		enum suite_error e;
		const char *name;
	} t[] = {
		{ SUITE_ERROR_INPUT, "usage" },
		{ SUITE_ERROR_ENVIRONMENT, "environment" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		enum suite_error e = SUITE_ERROR_NONE;
		assert_string_equal(suite_error_name(t[i].e), t[i].name);
		assert_int_equal(suite_error_parse(t[i].name, &e), 0);
		assert_int_equal(e, t[i].e);
	}
	enum suite_error e = SUITE_ERROR_INPUT;
	assert_int_equal(suite_error_parse("", &e), -EINVAL);
	assert_int_equal(suite_error_parse("input", &e), -EINVAL);
	assert_int_equal(e, SUITE_ERROR_INPUT);
	assert_string_equal(suite_error_name(SUITE_ERROR_MAX), "?");
}

/* Each profile's exposure goes out with the use judged and the gate, and
 * comes back as its static part (the use judged anew, as a merge does);
 * a document before exposures still reads. */
static void test_exposure(void **state)
{
	struct suite_result r;
	build(&r);
	set_exposure(&r.profiles[0].exposure,
		     "{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": 30, "
		     "\"dangerous\": [\"mount\", \"ptrace\"]}, {\"arch\": "
		     "\"x86\", \"allowed\": 29, \"dangerous\": [\"ptrace\"]}], "
		     "\"dangerous\": [\"mount\", \"ptrace\"]}");
	/* beta failed: a's use is not judged; gamma could not run. */
	assert_int_equal(suite_summarize_gated(&r, false, 1), 0);
	cleanup_json json_t *doc = suite_result_json(&r);
	assert_non_null(doc);
	json_t *ps = json_object_get(doc, "profiles");
	json_t *x = json_object_get(json_array_get(ps, 0), "exposure");
	assert_non_null(x);
	assert_false(json_is_true(json_object_get(x, "usageJudged")));
	assert_string_equal(json_string_value(json_object_get(x, "notJudged")),
			    "case beta ended failed, not as expected");
	assert_string_equal(json_string_value(json_object_get(x, "gate")),
			    "not-judged");
	assert_int_equal(
		json_integer_value(json_object_get(x, "maxDangerousUnused")),
		1);
	json_t *arch = json_array_get(json_object_get(x, "arches"), 1);
	assert_string_equal(json_string_value(json_object_get(arch, "arch")),
			    "x86");
	assert_int_equal(json_integer_value(json_object_get(arch, "allowed")),
			 29);
	/* b's is not known: none written. */
	assert_null(json_object_get(json_array_get(ps, 1), "exposure"));
	json_t *g = json_object_get(doc, "dangerousGate");
	assert_int_equal(json_integer_value(json_object_get(g, "max")), 1);
	assert_string_equal(json_string_value(json_object_get(g, "result")),
			    "not-judged");
	json_t *nj = json_object_get(g, "notJudged");
	assert_int_equal(json_array_size(nj), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(nj, 0), "profile")),
			    "/p/a.list");
	assert_int_equal(json_array_size(json_object_get(g, "failed")), 0);

	struct suite_result back;
	struct diag d = { 0 };
	assert_int_equal(suite_result_parse(doc, "r.json", &back, &d), 0);
	assert_false(back.profiles[0].exposure.judged);
	assert_int_equal(back.profiles[0].exposure.n_arches, 2);
	assert_false(suite_exposure_known(&back.profiles[1].exposure));
	/* beta passes now: judged, ptrace and mount unused, a finding. */
	back.cases[1].passed = true;
	back.cases[1].run.outcome = OUTCOME_PASSED;
	assert_int_equal(suite_summarize_gated(&back, false, 1), 0);
	const struct exposure *e = &back.profiles[0].exposure;
	assert_true(e->judged);
	assert_string_equal(joined(e->unused.v), "mount ptrace");
	assert_int_equal(back.profiles[0].gate, EXPOSURE_GATE_FAILED);
	cleanup_json json_t *doc2 = suite_result_json(&back);
	g = json_object_get(doc2, "dangerousGate");
	assert_string_equal(json_string_value(json_object_get(g, "result")),
			    "not-judged"); /* b's still */
	json_t *f = json_array_get(json_object_get(g, "failed"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "profile")),
			    "/p/a.list");
	assert_string_equal(joined_json(json_object_get(f, "dangerousUnused")),
			    "mount ptrace");
	suite_result_clear(&back);
	/* Without the gate: no "dangerousGate", no gate in the exposure. */
	assert_int_equal(suite_summarize(&r, false), 0);
	cleanup_json json_t *doc3 = suite_result_json(&r);
	assert_null(json_object_get(doc3, "dangerousGate"));
	x = json_object_get(
		json_array_get(json_object_get(doc3, "profiles"), 0),
		"exposure");
	assert_null(json_object_get(x, "gate"));
	suite_result_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_minimal_document),
		cmocka_unit_test(test_case_json),
		cmocka_unit_test(test_error_names),
		cmocka_unit_test(test_exposure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
