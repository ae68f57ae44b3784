/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "exposure-helpers.h"
#include "json-util.h"
#include "strv.h"
#include "suite-exposure.h"
#include "util.h"

#define CAP_ADMIN (1ull << 21)

/* Under no caps / CAP_SYS_ADMIN, on x86_64 and x86:
 *   read write ptrace  allow                    both
 *   mount              allow, args / allow too  with conditions / not
 *   bpf                log                      both: logged
 *   perf_event_open    log / allow              logged / allowed
 *   kexec_load         allow with the cap       - / allowed
 * none: 6 allowed (1 with conditions), dangerous bpf mount (with them)
 * perf_event_open ptrace, logged bpf perf_event_open; the cap: 7 allowed,
 * dangerous bpf kexec_load mount perf_event_open ptrace, logged bpf. */
static const char caps_profile[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],\n"
	" \"syscalls\": [\n"
	"{\"names\": [\"read\", \"write\", \"ptrace\"], "
	"\"action\": \"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	"[{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	"{\"names\": [\"mount\", \"kexec_load\", \"perf_event_open\"], "
	"\"action\": \"SCMP_ACT_ALLOW\", "
	"\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
	"{\"names\": [\"perf_event_open\"], \"action\": \"SCMP_ACT_LOG\", "
	"\"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
	"{\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_LOG\"}]}\n";

static void expect_names(const struct strv *s, const char *want)
{
	char got[1024] = "";
	for (size_t i = 0; i < s->n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " " : "", s->v[i]);
	assert_string_equal(got, want);
}

/* Each case's evaluation united: the widest count, every dangerous name,
 * with conditions only where no evaluation allows it without, logged
 * where any only logs it. */
static void test_united_over_cases(void **state)
{
	cleanup_exposure struct exposure none = { 0 }, admin = { 0 },
					 both = { 0 };
	add_exposure(&none, caps_profile, 0);
	assert_int_equal(none.n_arches, 2);
	assert_int_equal(none.arches[0].arch, SCMP_ARCH_X86_64);
	assert_int_equal(none.arches[0].allowed, 6);
	assert_int_equal(none.arches[0].conditional, 1);
	expect_names(&none.arches[0].dangerous,
		     "bpf mount perf_event_open ptrace");
	expect_names(&none.arches[0].dangerous_conditional, "mount");
	expect_names(&none.logged, "bpf perf_event_open");
	add_exposure(&admin, caps_profile, CAP_ADMIN);
	assert_int_equal(admin.arches[0].allowed, 7);
	expect_names(&admin.arches[0].dangerous_conditional, "");
	expect_names(&admin.logged, "bpf");

	add_exposure(&both, caps_profile, 0);
	add_exposure(&both, caps_profile, CAP_ADMIN);
	assert_false(both.judged);
	assert_int_equal(both.n_arches, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct exposure_arch *a = &both.arches[i];
		assert_int_equal(a->allowed, 7);
		assert_int_equal(a->conditional, 1);
		expect_names(&a->dangerous,
			     "bpf kexec_load mount perf_event_open ptrace");
		expect_names(&a->dangerous_conditional, "");
	}
	assert_int_equal(both.arches[1].arch, SCMP_ARCH_X86);
	expect_names(&both.dangerous,
		     "bpf kexec_load mount perf_event_open ptrace");
	expect_names(&both.logged, "bpf perf_event_open");
}

/* In any order, in any grouping (shards merged in any order): the same. */
static void test_unite_order(void **state)
{
	static const char list[] =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		"{\"names\": [\"read\", \"setns\"], "
		"\"action\": \"SCMP_ACT_ALLOW\"}]}\n";
	cleanup_exposure struct exposure ab = { 0 }, ba = { 0 }, a_bc = { 0 },
					 ab_c = { 0 }, bc = { 0 }, x = { 0 };
	add_exposure(&ab, caps_profile, 0);
	add_exposure(&ab, caps_profile, CAP_ADMIN);
	add_exposure(&ba, caps_profile, CAP_ADMIN);
	add_exposure(&ba, caps_profile, 0);
	cleanup_free char *s_ab = exposure_dump(&ab, -1);
	cleanup_free char *s_ba = exposure_dump(&ba, -1);
	assert_string_equal(s_ab, s_ba);
	/* (a b) c against a (b c), through suite_exposure_unite. */
	add_exposure(&ab_c, caps_profile, 0);
	add_exposure(&ab_c, caps_profile, CAP_ADMIN);
	add_exposure(&ab_c, list, 0);
	add_exposure(&bc, caps_profile, CAP_ADMIN);
	add_exposure(&bc, list, 0);
	add_exposure(&a_bc, caps_profile, 0);
	assert_int_equal(suite_exposure_unite(&a_bc, &bc), 0);
	cleanup_free char *s1 = exposure_dump(&ab_c, -1);
	cleanup_free char *s2 = exposure_dump(&a_bc, -1);
	assert_string_equal(s1, s2);
	/* An unknown one changes nothing. */
	assert_int_equal(suite_exposure_unite(&a_bc, &x), 0);
	cleanup_free char *s3 = exposure_dump(&a_bc, -1);
	assert_string_equal(s1, s3);
	assert_false(suite_exposure_known(&x));
	assert_true(suite_exposure_known(&a_bc));
	assert_int_equal(suite_exposure_unite(&x, &a_bc), 0);
	cleanup_free char *s4 = exposure_dump(&x, -1);
	assert_string_equal(s1, s4);
}

/* A profile of one evaluation, its cases' use and what they make at
 * times or intermittently. */
static void judged_profile(struct suite_profile *p, uint64_t caps,
			   const char *used, const char *sometimes,
			   const char *intermittent)
{
	memset(p, 0, sizeof(*p));
	add_exposure(&p->exposure, caps_profile, caps);
	assert_int_equal(strv_split(&p->used, used, " "), 0);
	assert_int_equal(strv_split(&p->sometimes, sometimes, " "), 0);
	assert_int_equal(strv_split(&p->intermittent, intermittent, " "), 0);
	strv_sort_unique(&p->used);
	assert_int_equal(suite_exposure_judge(p), 0);
}

/* The split is exposure.h's: the same as exposure_compute's with the
 * same use, whatever was made only at times kept. */
static void test_judge_as_exposure_compute(void **state)
{
	static const struct {
		uint64_t caps;
		const char *used, *sometimes, *intermittent;
	} t[] = {
		{ 0, "read ptrace", "", "" },
		{ CAP_ADMIN, "ptrace perf_event_open", "", "kexec_load" },
		{ CAP_ADMIN, "", "mount", "" },
		{ CAP_ADMIN, "read write bpf", "ptrace", "mount" },
		{ 0, "", "", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct suite_profile p;
		judged_profile(&p, t[i].caps, t[i].used, t[i].sometimes,
			       t[i].intermittent);
		cleanup_strv struct strv kept = STRV_INIT;
		assert_int_equal(strv_split(&kept, t[i].sometimes, " "), 0);
		assert_int_equal(strv_split(&kept, t[i].intermittent, " "), 0);
		cleanup_profile struct profile *q =
			load_ok(caps_profile, PROFILE_FORMAT_OCI);
		struct profile_env env = { SCMP_ARCH_X86_64, t[i].caps, 6, 1,
					   PROFILE_SEMANTICS_LIBSECCOMP };
		profile_evaluate(q, &env);
		cleanup_exposure struct exposure want = { 0 };
		assert_int_equal(
			exposure_compute(q, NULL, &p.used, &kept, &want), 0);
		cleanup_free char *a = exposure_dump(&p.exposure, 0);
		cleanup_free char *b = exposure_dump(&want, 0);
		if (strcmp(a, b) != 0)
			print_error("case %zu:\n%s\n%s\n", i, a, b);
		assert_string_equal(a, b);
		suite_profile_clear(&p);
	}
}

static void test_judge(void **state)
{
	struct suite_profile p;
	judged_profile(&p, CAP_ADMIN, "ptrace perf_event_open", "",
		       "kexec_load");
	const struct exposure *e = &p.exposure;
	assert_true(e->judged);
	/* bpf only logged: neither used nor unused. */
	expect_names(&e->used, "perf_event_open ptrace");
	expect_names(&e->sometimes, "kexec_load");
	expect_names(&e->unused, "mount");
	expect_names(&e->arches[0].unused, "mount");
	expect_names(&e->arches[1].unused, "mount");
	/* Again: anew, not added to the first. */
	assert_int_equal(suite_exposure_judge(&p), 0);
	expect_names(&e->unused, "mount");
	expect_names(&e->arches[0].unused, "mount");
	char why[256];
	suite_exposure_why(&p, why, sizeof(why));
	assert_string_equal(why, "");

	/* A case that did not end as expected: nothing judged. */
	p.unjudged = calloc(1, sizeof(*p.unjudged));
	assert_non_null(p.unjudged);
	p.unjudged[0] = (struct suite_unjudged){ strdup("boom"), OUTCOME_KILLED,
						 strdup("killed by SIGSYS") };
	p.n_unjudged = 1;
	assert_int_equal(suite_exposure_judge(&p), 0);
	assert_false(e->judged);
	assert_int_equal(e->unused.n + e->used.n + e->sometimes.n, 0);
	assert_int_equal(e->arches[0].unused.n, 0);
	expect_names(&e->dangerous,
		     "bpf kexec_load mount perf_event_open ptrace");
	suite_exposure_why(&p, why, sizeof(why));
	assert_string_equal(why, "case boom ended killed, not as expected");
	suite_profile_clear(&p);
}

/* exposure_gate's rule, and no gate passes on an unknown exposure. */
static void test_gate(void **state)
{
	struct suite_profile p;
	/* 4 judgeable: kexec_load mount perf_event_open ptrace (bpf only
	 * logged); 3 unused. */
	judged_profile(&p, CAP_ADMIN, "ptrace", "", "");
	assert_int_equal(p.exposure.unused.n, 3);
	assert_int_equal(suite_exposure_gate(&p, -1), EXPOSURE_GATE_NONE);
	assert_int_equal(suite_exposure_gate(&p, 2), EXPOSURE_GATE_FAILED);
	assert_int_equal(suite_exposure_gate(&p, 3), EXPOSURE_GATE_PASSED);
	p.unjudged = calloc(1, sizeof(*p.unjudged));
	assert_non_null(p.unjudged);
	p.unjudged[0] = (struct suite_unjudged){ strdup("x"), OUTCOME_ERROR,
						 strdup("") };
	p.n_unjudged = 1;
	assert_int_equal(suite_exposure_judge(&p), 0);
	assert_int_equal(suite_exposure_gate(&p, 3), EXPOSURE_GATE_NOT_JUDGED);
	/* No more than 4 could be unused: passes whatever was used. */
	assert_int_equal(suite_exposure_gate(&p, 4), EXPOSURE_GATE_PASSED);
	exposure_clear(&p.exposure);
	assert_int_equal(suite_exposure_gate(&p, 5), EXPOSURE_GATE_NOT_JUDGED);
	assert_int_equal(suite_exposure_gate(&p, -1), EXPOSURE_GATE_NONE);
	char why[256];
	suite_exposure_why(&p, why, sizeof(why));
	assert_non_null(strstr(why, "no exposure"));
	suite_profile_clear(&p);

	struct suite_result r = { 0 };
	assert_int_equal(suite_exposure_max(&r), -1);
	r.dangerous_gate = true;
	assert_int_equal(suite_exposure_max(&r), 0);
	r.max_dangerous_unused = 4;
	assert_int_equal(suite_exposure_max(&r), 4);
}

/* What the suite document carries comes back as it was: the static part;
 * the use is judged anew. */
static void test_json_round_trip(void **state)
{
	static const char deny[] =
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		"{\"names\": [\"ptrace\", \"bpf\"], "
		"\"action\": \"SCMP_ACT_ERRNO\"},\n"
		"{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ERRNO\", "
		"\"args\": [{\"index\": 0, \"value\": 0, "
		"\"op\": \"SCMP_CMP_EQ\"}]}]}\n";
	const char *const texts[] = { caps_profile, deny };
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		struct suite_profile p;
		memset(&p, 0, sizeof(p));
		add_exposure(&p.exposure, texts[i], CAP_ADMIN);
		assert_int_equal(strv_add(&p.used, "ptrace"), 0);
		assert_int_equal(suite_exposure_judge(&p), 0);
		struct suite_result r = { .dangerous_gate = true,
					  .max_dangerous_unused = 1 };
		cleanup_json json_t *j = suite_exposure_json(&r, &p);
		assert_non_null(j);
		assert_true(json_is_true(json_object_get(j, "usageJudged")));
		assert_string_equal(
			json_string_value(json_object_get(j, "gate")),
			exposure_gate_name(exposure_gate(&p.exposure, 1)));
		struct suite_profile q;
		memset(&q, 0, sizeof(q));
		assert_int_equal(suite_exposure_parse(j, &q.exposure), 0);
		assert_false(q.exposure.judged);
		assert_int_equal(strv_add(&q.used, "ptrace"), 0);
		assert_int_equal(suite_exposure_judge(&q), 0);
		cleanup_free char *a = exposure_dump(&p.exposure, 1);
		cleanup_free char *b = exposure_dump(&q.exposure, 1);
		assert_string_equal(a, b);
		if (i == 1) {
			assert_true(q.exposure.arches[0].all_but);
			assert_int_equal(q.exposure.arches[0].denied, 2);
		}
		suite_profile_clear(&p);
		suite_profile_clear(&q);
	}
	/* Not known: nothing to write. */
	struct suite_profile none;
	memset(&none, 0, sizeof(none));
	struct suite_result r = { 0 };
	assert_null(suite_exposure_json(&r, &none));
}

static void test_parse_refused(void **state)
{
	static const char *const bad[] = {
		"[]",
		"{}",
		"{\"arches\": []}",
		"{\"arches\": [{\"arch\": \"vax\"}]}",
		"{\"arches\": [{\"allowed\": 3}]}",
		"{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": -1}]}",
		"{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": \"3\"}]}",
		"{\"arches\": [{\"arch\": \"x86_64\"}, {\"arch\": \"x86_64\"}]}",
		"{\"arches\": [{\"arch\": \"x86_64\", \"dangerous\": "
		"[\"read\"]}]}",
		"{\"arches\": [{\"arch\": \"x86_64\"}], \"dangerous\": "
		"[\"| x\"]}",
		"{\"arches\": [{\"arch\": \"x86_64\"}], \"dangerousLogged\": "
		"[1]}",
		"{\"arches\": [\"x86_64\"]}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		cleanup_json json_t *j = json_loads(bad[i], 0, NULL);
		assert_non_null(j);
		cleanup_exposure struct exposure e = { 0 };
		int r = suite_exposure_parse(j, &e);
		if (r != -EINVAL)
			print_error("accepted: %s\n", bad[i]);
		assert_int_equal(r, -EINVAL);
	}
	cleanup_exposure struct exposure e = { 0 };
	set_exposure(&e, "{\"arches\": [{\"arch\": \"x86_64\", \"allowed\": 3, "
			 "\"dangerous\": [\"ptrace\"]}], \"dangerous\": "
			 "[\"ptrace\"]}");
	assert_int_equal(e.arches[0].allowed, 3);
	expect_names(&e.dangerous, "ptrace");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_united_over_cases),
		cmocka_unit_test(test_unite_order),
		cmocka_unit_test(test_judge_as_exposure_compute),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_parse_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
