/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pipeline.h"
#include "profile-helpers.h"
#include "workload-helpers.h"
#include "trim.h"
#include "writer.h"

#define NEEDS_SECCOMP                                                          \
	"valgrind 3.19 lacks seccomp(2): the workload cannot load its filter"

static const char allow_all[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";

/* The jobs of a trim: a job array, as trim_run takes them. */
struct jobs {
	struct wl w[2];
	struct job v[2];
	size_t n;
};

static void jobs_init(struct jobs *js, const char *const *a,
		      const char *const *b)
{
	memset(js, 0, sizeof(*js));
	wl_init(&js->w[0], a);
	js->n = 1;
	if (b) {
		wl_init(&js->w[1], b);
		js->n = 2;
	}
	/* trim_run reads an array of jobs; argv points into w. */
	for (size_t i = 0; i < js->n; i++)
		js->v[i] = js->w[i].j;
}

static void jobs_clear(struct jobs *js)
{
	for (size_t i = 0; i < js->n; i++)
		wl_clear(&js->w[i]);
}

/* What the jobs use, libc's and ld.so's start-up included, as an
 * allow-everything run observes it: the set a list profile needs. The
 * real set of this system, not one written down. */
static void used_by(const struct jobs *js, struct strv *ret)
{
	struct profile *p = load_ok(allow_all, PROFILE_FORMAT_OCI);
	struct run_options o = { .usage = true };
	for (size_t i = 0; i < js->n; i++) {
		struct pipeline_result res;
		struct run_error err;
		assert_int_equal(pipeline_run(&js->v[i], p, &o, &res, &err), 0);
		assert_int_equal(res.verdict.outcome, OUTCOME_PASSED);
		for (size_t k = 0; k < res.used.n; k++)
			assert_true(strv_add_unique(ret, res.used.v[k]) >= 0);
		pipeline_result_clear(&res);
	}
	assert_true(strv_contains(ret->v, "execve"));
	profile_free(p);
}

/* names, one a line, but those of drop; then extra. */
static char *list_text(const struct strv *names, const char *drop,
		       char *const *extra)
{
	size_t size = 1;
	for (size_t i = 0; i < names->n; i++)
		size += strlen(names->v[i]) + 1;
	for (char *const *x = extra; x && *x; x++)
		size += strlen(*x) + 1;
	char *s = calloc(1, size);
	assert_non_null(s);
	for (size_t i = 0; i < names->n; i++)
		if (!drop || strcmp(names->v[i], drop) != 0)
			strcat(strcat(s, names->v[i]), "\n");
	for (char *const *x = extra; x && *x; x++)
		strcat(strcat(s, *x), "\n");
	return s;
}

/* An OCI profile: default def; names (but drop, plus extra) allowed. */
static char *oci_text(const char *def, const struct strv *names,
		      const char *drop, char *const *extra)
{
	char *lines = list_text(names, drop, extra);
	size_t size = strlen(def) + 4 * strlen(lines) + 256;
	char *s = calloc(1, size);
	assert_non_null(s);
	int n = snprintf(s, size,
			 "{\"defaultAction\": \"%s\", \"syscalls\": [\n"
			 " {\"action\": \"SCMP_ACT_ALLOW\", \"names\": [",
			 def);
	const char *sep = "";
	for (char *tok = strtok(lines, "\n"); tok; tok = strtok(NULL, "\n")) {
		n += snprintf(s + n, size - (size_t)n, "%s\"%s\"", sep, tok);
		sep = ", ";
	}
	snprintf(s + n, size - (size_t)n, "]}]}\n");
	free(lines);
	return s;
}

static void assert_strv(const struct strv *s, const char *const *want,
			const char *what)
{
	size_t n = 0;
	while (want[n])
		n++;
	bool same = s->n == n;
	for (size_t i = 0; same && i < n; i++)
		same = strcmp(s->v[i], want[i]) == 0;
	if (!same) {
		print_error("%s: got", what);
		for (size_t i = 0; i < s->n; i++)
			print_error(" %s", s->v[i]);
		print_error("; wanted");
		for (size_t i = 0; i < n; i++)
			print_error(" %s", want[i]);
		print_error("\n");
	}
	assert_true(same);
}

/* Every name of p dropped by the delta exactly when it is in removed. */
static void assert_delta_drops(const struct profile *p,
			       const struct trim_result *res)
{
	size_t dropped = 0;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++) {
			bool d = profile_delta_dropped(&res->delta, i, j);
			dropped += d;
			assert_int_equal(
				d, strv_contains(res->removed.v,
						 p->rules[i].names[j].name));
		}
	assert_int_equal(dropped, res->removed.n);
}

static void trim_ok(struct profile *p, const struct jobs *js,
		    const struct trim_options *o, struct trim_result *res)
{
	struct run_error err;
	int r = trim_run(p, js->v, js->n, o, res, &err);
	if (r < 0) {
		struct diag d = { 0 };
		run_error_describe(&err, "syscaller", &d);
		print_error("trim_run: %d (job %zu): %s\n", r, res->failed_job,
			    d.message);
	}
	assert_int_equal(r, 0);
}

/* A list that allows what the job uses and four names it does not. */
static void test_list_verified(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "getpid", "getuid", NULL }, NULL);
	struct strv used = STRV_INIT;
	used_by(&js, &used);
	assert_true(strv_contains(used.v, "getpid"));
	assert_true(strv_contains(used.v, "getuid"));
	assert_false(strv_contains(used.v, "getppid"));
	/* chown32 is of 32-bit arches only: a list covers x86 too. */
	char *extra[] = { (char *)"getppid", (char *)"mount", (char *)"chown32",
			  (char *)"umask", NULL };
	char *text = list_text(&used, NULL, extra);
	struct profile *p = load_ok(text, PROFILE_FORMAT_LIST);
	free(text);
	struct trim_options o = { .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_int_equal(res.names, used.n + 4);
	assert_int_equal(res.runs, 2); /* one observing, one verifying */
	assert_true(res.seconds > 0);
	/* In the profile's order. */
	assert_strv(&res.kept, (const char *const *)used.v, "kept");
	bool chown32_here = false;
	for (size_t a = 0; a < p->n_arches; a++)
		chown32_here |= syscalls_resolve(p->arches[a], "chown32") >= 0;
	if (syscalls_native_arch() == SCMP_ARCH_X86_64)
		assert_true(chown32_here); /* x86's chown32 */
	if (chown32_here) {
		assert_strv(&res.removed,
			    (const char *[]){ "getppid", "mount", "chown32",
					      "umask", NULL },
			    "removed");
		assert_int_equal(res.not_judged.n, 0);
	} else {
		assert_strv(
			&res.removed,
			(const char *[]){ "getppid", "mount", "umask", NULL },
			"removed");
		assert_strv(&res.not_judged,
			    (const char *[]){ "chown32", NULL }, "not judged");
	}
	assert_delta_drops(p, &res);
	assert_int_equal(res.delta.n_added, 0);
	assert_int_equal(res.added.n, 0);
	assert_int_equal(res.put_back.n, 0);
	assert_int_equal(res.missing.n, 0);
	assert_int_equal(res.deep.n_tolerated, 0);
	assert_string_equal(res.outcome, "");

	/* The trimmed profile holds: a run under it with the delta. */
	struct run_options ro = { .delta = &res.delta };
	struct pipeline_result pr;
	struct run_error err;
	assert_int_equal(pipeline_run(&js.v[0], p, &ro, &pr, &err), 0);
	assert_int_equal(pr.verdict.outcome, OUTCOME_PASSED);
	pipeline_result_clear(&pr);

	trim_result_clear(&res);
	assert_null(res.removed.v);
	assert_null(res.delta.dropped);
	profile_free(p);
	strv_clear(&used);
	jobs_clear(&js);
}

/* Entries of rules for other arches, of arches the profile does not
 * cover, and names this libseccomp does not know are not judged; the
 * names of an active errno rule are no allow entries at all. */
static void test_oci_not_judged(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	/* A name Linux has and this libseccomp may not know (6.17). */
	bool newer_known = syscalls_known("file_getattr");
	char text[1024];
	snprintf(text, sizeof(text),
		 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		 " {\"names\": [\"getpid\", \"getppid\", \"chown32\"],\n"
		 "  \"action\": \"SCMP_ACT_ALLOW\"},\n"
		 " {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		 "  \"includes\": {\"arches\": [\"s390x\"]}},\n"
		 " {\"names\": [\"umask\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
		 " {\"names\": [\"getuid\", \"file_getattr\"],\n"
		 "  \"action\": \"SCMP_ACT_ALLOW\"}]}\n");
	struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "getpid", NULL }, NULL);
	struct trim_options o = { .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_int_equal(res.names, 7);
	assert_strv(&res.kept, (const char *[]){ "getpid", NULL }, "kept");
	if (newer_known) {
		assert_strv(&res.removed,
			    (const char *[]){ "getppid", "getuid",
					      "file_getattr", NULL },
			    "removed");
		assert_strv(&res.not_judged,
			    (const char *[]){ "chown32", "mount", NULL },
			    "not judged");
	} else {
		assert_strv(&res.removed,
			    (const char *[]){ "getppid", "getuid", NULL },
			    "removed");
		assert_strv(&res.not_judged,
			    (const char *[]){ "chown32", "mount",
					      "file_getattr", NULL },
			    "not judged");
	}
	/* OCI: the native arch only, without "architectures". */
	assert_int_equal(p->n_arches, 1);
	assert_int_equal(p->arches[0], syscalls_native_arch());
	assert_false(p->rules[1].active);
	assert_delta_drops(p, &res);
	trim_result_clear(&res);
	profile_free(p);
	jobs_clear(&js);
}

/* An errno default and no getppid: syscaller -x fails under it. */
static void lacking_getppid(struct jobs *js, struct profile **ret)
{
	struct strv used = STRV_INIT;
	used_by(js, &used);
	assert_true(strv_contains(used.v, "getppid"));
	char *extra[] = { (char *)"mount", NULL };
	char *text = oci_text("SCMP_ACT_ERRNO", &used, "getppid", extra);
	*ret = load_ok(text, PROFILE_FORMAT_OCI);
	free(text);
	strv_clear(&used);
}

static void test_fails_already(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "-x", "getppid", NULL },
		  (const char *[]){ "getpid", NULL });
	struct profile *p;
	lacking_getppid(&js, &p);
	struct trim_options o = { .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_FAILS_ALREADY);
	assert_int_equal(res.failed_job, 0);
	assert_string_equal(res.outcome, "failed");
	assert_non_null(strstr(res.reason, "exited 3 (expected 0)"));
	assert_int_equal(res.runs, 1); /* the first failure ends it */
	assert_int_equal(res.removed.n, 0);
	assert_int_equal(res.kept.n, 0);
	assert_int_equal(res.added.n, 0);
	assert_int_equal(res.delta.n_added, 0);
	for (size_t k = 0; k < res.delta.n_names; k++)
		assert_false(res.delta.dropped[k]);
	trim_result_clear(&res);

	/* The failing job second: both ran, the second is named. */
	struct job first = js.v[0];
	js.v[0] = js.v[1];
	js.v[1] = first;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_FAILS_ALREADY);
	assert_int_equal(res.failed_job, 1);
	assert_string_equal(res.outcome, "failed");
	assert_int_equal(res.runs, 2);
	trim_result_clear(&res);
	js.v[1] = js.v[0];
	js.v[0] = first;
	profile_free(p);
	jobs_clear(&js);
}

static void test_learn_adds(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "-x", "getppid", NULL }, NULL);
	struct profile *p;
	lacking_getppid(&js, &p);
	size_t names = profile_count_names(p);
	struct trim_options o = { .learn = true, .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_strv(&res.added, (const char *[]){ "getppid", NULL }, "added");
	assert_strv(&res.removed, (const char *[]){ "mount", NULL }, "removed");
	/* Added ones last. */
	assert_true(res.kept.n >= 2);
	assert_string_equal(res.kept.v[res.kept.n - 1], "getppid");
	assert_int_equal(res.kept.n, names - 1 + 1);
	assert_int_equal(res.delta.n_added, 1);
	assert_string_equal(res.delta.added[0].name, "getppid");
	assert_int_equal(res.delta.added[0].action.type, PROFILE_ACT_ALLOW);
	assert_false(res.delta.added[0].dropped);
	assert_delta_drops(p, &res);
	/* The first run, the verification, and the proof: without the
	 * addition (the profile's EPERM) the strict workload fails. */
	assert_int_equal(res.runs, 3);
	assert_int_equal(res.unproven.n, 0);
	assert_int_equal(res.missing.n, 0);
	assert_string_equal(res.outcome, "");
	trim_result_clear(&res);
	profile_free(p);
	jobs_clear(&js);
}

/* A learned addition the workload does not need is not made: the
 * profile's denial stays, tolerated (Docker's clone3 ENOSYS, glibc's
 * fallback). Here the workload prints the EPERM and exits 0. */
static void test_learn_tolerated(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "getppid", NULL }, NULL);
	struct profile *p;
	lacking_getppid(&js, &p);
	struct trim_options o = { .learn = true, .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_int_equal(res.added.n, 0);
	assert_strv(&res.unproven, (const char *[]){ "getppid", NULL },
		    "unproven");
	assert_false(strv_contains(res.kept.v, "getppid"));
	assert_int_equal(res.delta.n_added, 1);
	assert_true(res.delta.added[0].dropped); /* never written */
	char *text = NULL;
	assert_int_equal(writer_trimmed(p, &res.delta, &text), 0);
	assert_null(strstr(text, "getppid"));
	free(text);
	trim_result_clear(&res);
	profile_free(p);
	jobs_clear(&js);
}

/* learn adds an allow rule after the profile's own: it does not undo the
 * profile's explicit errno rule for the name, and the verification says
 * so: unverified, and what the trimmed profile still misses. */
static void test_unverified(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
		" {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\"}]}\n",
		PROFILE_FORMAT_OCI);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "-x", "getppid", NULL }, NULL);
	struct trim_options o = { .learn = true, .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_UNVERIFIED);
	assert_strv(&res.added, (const char *[]){ "getppid", NULL }, "added");
	assert_strv(&res.missing, (const char *[]){ "getppid", NULL },
		    "missing");
	assert_int_equal(res.failed_job, 0);
	assert_string_equal(res.outcome, "failed");
	assert_non_null(strstr(res.reason, "exited 3"));
	/* Nothing removed could help: one verification round. */
	assert_strv(&res.removed, (const char *[]){ "mount", NULL }, "removed");
	assert_int_equal(res.put_back.n, 0);
	assert_int_equal(res.runs, 2);
	trim_result_clear(&res);

	/* deep trials only follow a verified trim. */
	o.deep = true;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_UNVERIFIED);
	assert_int_equal(res.deep.n_tolerated, 0);
	assert_null(res.deep.tolerated);
	assert_int_equal(res.runs, 2);
	trim_result_clear(&res);
	profile_free(p);
	jobs_clear(&js);
}

/* Each job's use is kept: getppid only the second job needs, under a
 * list's kill default. */
static void test_second_job_usage(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "getpid", NULL },
		  (const char *[]){ "getppid", NULL });
	struct strv used = STRV_INIT;
	used_by(&js, &used);
	char *extra[] = { (char *)"mount", NULL };
	char *text = list_text(&used, NULL, extra);
	struct profile *p = load_ok(text, PROFILE_FORMAT_LIST);
	free(text);
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	struct trim_options o = { .jobs = 1 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_true(strv_contains(res.kept.v, "getpid"));
	assert_true(strv_contains(res.kept.v, "getppid"));
	assert_strv(&res.kept, (const char *const *)used.v, "kept");
	assert_strv(&res.removed, (const char *[]){ "mount", NULL }, "removed");
	assert_delta_drops(p, &res);
	assert_int_equal(res.runs, 4); /* two jobs, twice */
	trim_result_clear(&res);
	profile_free(p);
	strv_clear(&used);
	jobs_clear(&js);
}

/* deep: each used entry denied in a trial, ENOSYS then EPERM. syscaller
 * without -x copes with any errno of its own calls; without execve the
 * launcher cannot start it. */
/* Each holds alone, not both: the fallback needs one of the two. The
 * combined run fails; one by one, the first stays a suggestion and the
 * second is tolerated alone only. */
static void test_deep_conflict(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\", \"getpid\"],\n"
		"  \"action\": \"SCMP_ACT_ALLOW\"}]}\n",
		PROFILE_FORMAT_OCI);
	struct jobs js;
	/* The second job makes getpid used; it copes with any errno. */
	jobs_init(&js,
		  (const char *[]){ "@fallback", "getppid", "getpid", NULL },
		  (const char *[]){ "getpid", NULL });
	struct trim_options o = { .deep = true, .jobs = 2 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_int_equal(res.deep.n_tolerated, 2);
	assert_false(res.deep.together);
	assert_string_equal(res.deep.tolerated[0].name, "getppid");
	assert_true(res.deep.tolerated[0].together);
	assert_string_equal(res.deep.tolerated[1].name, "getpid");
	assert_false(res.deep.tolerated[1].together);
	trim_result_clear(&res);
	profile_free(p);
	jobs_clear(&js);
}

static void test_deep(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\", \"mount\", \"getuid\", \"execve\"],\n"
		"  \"action\": \"SCMP_ACT_ALLOW\"}]}\n",
		PROFILE_FORMAT_OCI);
	struct jobs js;
	jobs_init(&js, (const char *[]){ "getppid", "getuid", NULL }, NULL);
	struct trim_options o = { .deep = true, .jobs = 2 };
	struct trim_result res;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.status, TRIM_VERIFIED);
	assert_strv(&res.kept,
		    (const char *[]){ "getppid", "getuid", "execve", NULL },
		    "kept");
	assert_strv(&res.removed, (const char *[]){ "mount", NULL }, "removed");
	if (res.deep.n_tolerated != 2)
		for (size_t i = 0; i < res.deep.n_tolerated; i++)
			print_error("tolerated %s %d\n",
				    res.deep.tolerated[i].name,
				    res.deep.tolerated[i].err);
	assert_int_equal(res.deep.n_tolerated, 2);
	assert_string_equal(res.deep.tolerated[0].name, "getppid");
	assert_int_equal(res.deep.tolerated[0].err, ENOSYS);
	assert_string_equal(res.deep.tolerated[1].name, "getuid");
	assert_int_equal(res.deep.tolerated[1].err, ENOSYS);
	/* Both denied at once still hold: verified in one run. */
	assert_true(res.deep.together);
	assert_true(res.deep.tolerated[0].together);
	assert_true(res.deep.tolerated[1].together);
	/* 1 observing + 1 verifying + 3 ENOSYS trials + 1 EPERM trial
	 * (execve's) + 1 of both together. */
	assert_int_equal(res.runs, 7);
	/* The trials leave the result's delta alone. */
	assert_delta_drops(p, &res);
	assert_int_equal(res.delta.n_added, 0);
	trim_result_clear(&res);
	assert_null(res.deep.tolerated);

	/* Without deep: no trials. */
	o.deep = false;
	trim_ok(p, &js, &o, &res);
	assert_int_equal(res.deep.n_tolerated, 0);
	assert_null(res.deep.tolerated);
	assert_int_equal(res.runs, 2);
	trim_result_clear(&res);
	profile_free(p);
	jobs_clear(&js);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_verified),
		cmocka_unit_test(test_oci_not_judged),
		cmocka_unit_test(test_fails_already),
		cmocka_unit_test(test_learn_adds),
		cmocka_unit_test(test_learn_tolerated),
		cmocka_unit_test(test_unverified),
		cmocka_unit_test(test_second_job_usage),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_deep_conflict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
