/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <jansson.h>

#include "exposure.h"
#include "json-util.h"
#include "profile-helpers.h"
#include "strv.h"
#include "util.h"

/* One name per kind of rule, on x86_64 and x86:
 *   read write ptrace socket   allow          x86_64 4, x86 4 (socket
 *                                             through socketcall)
 *   clone                      allow, args    conditional, not dangerous
 *                                             (its entry wants its flags
 *                                             checked, and they are)
 *   mount                      allow, args    conditional and dangerous
 *   bpf                        log            allowed, dangerous, logged
 *   kexec_load                 notify         not allowed (an agent's)
 *   reboot                     errno          not allowed
 *   arch_prctl                 allow          both arches
 *   newfstatat                 allow          x86_64 only
 *   setns                      allow, needs CAP_SYS_ADMIN: off
 * x86_64: 9 allowed (2 with conditions), 3 dangerous (mount with them);
 * x86: 8, newfstatat aside. */
static const char mixed[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],\n"
	" \"syscalls\": [\n"
	"{\"names\": [\"read\", \"write\", \"ptrace\", \"socket\"], "
	"\"action\": \"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	"[{\"index\": 0, \"value\": 2114060288, \"valueTwo\": 0, \"op\": "
	"\"SCMP_CMP_MASKED_EQ\"}]},\n"
	"{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	"[{\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	"{\"names\": [\"bpf\"], \"action\": \"SCMP_ACT_LOG\"},\n"
	"{\"names\": [\"kexec_load\"], \"action\": \"SCMP_ACT_NOTIFY\"},\n"
	"{\"names\": [\"reboot\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
	"{\"names\": [\"arch_prctl\", \"newfstatat\"], \"action\": "
	"\"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"setns\"], \"action\": \"SCMP_ACT_ALLOW\", "
	"\"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}}]}\n";

static struct profile *load_evaluated(const char *text)
{
	struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	struct profile_env env = { SCMP_ARCH_X86_64, 0, 6, 1,
				   PROFILE_SEMANTICS_LIBSECCOMP };
	profile_evaluate(p, &env);
	return p;
}

static void expect_names(const struct strv *s, const char *want)
{
	char got[1024] = "";
	for (size_t i = 0; i < s->n; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s",
			 i ? " " : "", s->v[i]);
	assert_string_equal(got, want);
}

static void test_counts(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(mixed);
	cleanup_exposure struct exposure e = { 0 };
	assert_int_equal(exposure_compute(p, NULL, NULL, NULL, &e), 0);
	assert_false(e.judged);
	assert_int_equal(e.n_arches, 2);
	const struct exposure_arch *a = &e.arches[0], *b = &e.arches[1];
	assert_int_equal(a->arch, SCMP_ARCH_X86_64);
	assert_false(a->all_but);
	assert_int_equal(a->allowed, 9);
	assert_int_equal(a->conditional, 2);
	expect_names(&a->dangerous, "bpf mount ptrace");
	expect_names(&a->dangerous_conditional, "mount");
	assert_int_equal(b->arch, SCMP_ARCH_X86);
	assert_int_equal(b->allowed, 8);
	assert_int_equal(b->conditional, 2);
	expect_names(&b->dangerous, "bpf mount ptrace");
	expect_names(&e.dangerous, "bpf mount ptrace");
	/* Logged whether or not use is judged: no run's usage shows it. */
	expect_names(&e.logged, "bpf");
	assert_int_equal(e.unused.n + e.used.n + a->unused.n, 0);
}

static void test_used(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(mixed);
	cleanup_exposure struct exposure e = { 0 };
	cleanup_strv struct strv used = STRV_INIT;
	assert_int_equal(strv_split(&used, "read write ptrace bpf", " "), 0);
	assert_int_equal(exposure_compute(p, NULL, &used, NULL, &e), 0);
	assert_true(e.judged);
	expect_names(&e.used, "ptrace");
	expect_names(&e.unused, "mount");
	expect_names(&e.logged, "bpf");
	expect_names(&e.arches[0].unused, "mount");
	expect_names(&e.arches[1].unused, "mount");
	/* What runs make only at times is kept, never unused. */
	cleanup_exposure struct exposure kept = { 0 };
	cleanup_strv struct strv sometimes = STRV_INIT;
	assert_int_equal(strv_split(&sometimes, "mount read", " "), 0);
	assert_int_equal(exposure_compute(p, NULL, &used, &sometimes, &kept),
			 0);
	expect_names(&kept.unused, "");
	expect_names(&kept.arches[0].unused, "");
	expect_names(&kept.sometimes, "mount");
	assert_int_equal(exposure_gate(&kept, 0), EXPOSURE_GATE_PASSED);
	/* An empty list is judged: nothing used. */
	cleanup_exposure struct exposure none = { 0 };
	struct strv empty = STRV_INIT;
	assert_int_equal(exposure_compute(p, NULL, &empty, NULL, &none), 0);
	assert_true(none.judged);
	expect_names(&none.unused, "mount ptrace");
}

static void test_gate(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(mixed);
	cleanup_exposure struct exposure judged = { 0 };
	cleanup_exposure struct exposure unjudged = { 0 };
	cleanup_strv struct strv used = STRV_INIT;
	assert_int_equal(strv_add(&used, "ptrace"), 0);
	assert_int_equal(exposure_compute(p, NULL, &used, NULL, &judged), 0);
	assert_int_equal(exposure_compute(p, NULL, NULL, NULL, &unjudged), 0);
	/* mount unused; bpf only logged: 2 a run could judge. */
	assert_int_equal(exposure_gate(&judged, -1), EXPOSURE_GATE_NONE);
	assert_int_equal(exposure_gate(&judged, 0), EXPOSURE_GATE_FAILED);
	assert_int_equal(exposure_gate(&judged, 1), EXPOSURE_GATE_PASSED);
	assert_int_equal(exposure_gate(&unjudged, 1), EXPOSURE_GATE_NOT_JUDGED);
	assert_int_equal(exposure_gate(&unjudged, 0), EXPOSURE_GATE_NOT_JUDGED);
	/* No more than 2 can be unused, whatever ran. */
	assert_int_equal(exposure_gate(&unjudged, 2), EXPOSURE_GATE_PASSED);
	assert_string_equal(exposure_gate_name(EXPOSURE_GATE_NOT_JUDGED),
			    "not-judged");
}

static void test_delta(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(mixed);
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_drop(&d, p, "ptrace", true), 1);
	struct profile_action allow = { PROFILE_ACT_ALLOW, 0 };
	assert_int_equal(profile_delta_add(&d, "kexec_file_load", allow), 0);
	cleanup_exposure struct exposure e = { 0 };
	assert_int_equal(exposure_compute(p, &d, NULL, NULL, &e), 0);
	assert_int_equal(e.arches[0].allowed, 9);
	expect_names(&e.dangerous, "bpf kexec_file_load mount");
}

/* A deny list: every syscall but those it stops. */
static void test_deny_list(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		"{\"names\": [\"ptrace\", \"bpf\"], \"action\": "
		"\"SCMP_ACT_ERRNO\"},\n"
		"{\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ERRNO\", "
		"\"args\": [{\"index\": 0, \"value\": 0, \"op\": "
		"\"SCMP_CMP_NE\"}]}]}\n");
	cleanup_exposure struct exposure e = { 0 };
	struct strv used = STRV_INIT;
	assert_int_equal(exposure_compute(p, NULL, &used, NULL, &e), 0);
	const struct exposure_arch *a = &e.arches[0];
	assert_int_equal(e.n_arches, 1);
	assert_true(a->all_but);
	assert_int_equal(a->allowed, 0);
	assert_int_equal(a->denied, 2);
	assert_int_equal(a->conditional, 1);
	assert_false(strv_contains(a->dangerous.v, "ptrace"));
	assert_false(strv_contains(a->dangerous.v, "bpf"));
	assert_false(strv_contains(a->dangerous.v, "clone"));
	assert_true(strv_contains(a->dangerous.v, "mount"));
	assert_true(strv_contains(a->dangerous.v, "unshare"));
	/* What the default allows, usage sees: none logged. */
	assert_int_equal(e.logged.n, 0);
	assert_int_equal(e.unused.n, e.dangerous.n);
}

static void test_docker_default(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("docker-default.json"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	/* No capability: the CAP_SYS_ADMIN and CAP_BPF rules are off,
	 * clone's flags are checked, ptrace is on (kernel 4.8 and newer). */
	struct profile_env env = { SCMP_ARCH_X86_64, 0, 6, 1,
				   PROFILE_SEMANTICS_RUNC };
	profile_evaluate(p, &env);
	cleanup_exposure struct exposure e = { 0 };
	assert_int_equal(exposure_compute(p, NULL, NULL, NULL, &e), 0);
	assert_int_equal(e.n_arches, 3);
	assert_true(strv_contains(e.dangerous.v, "ptrace"));
	assert_true(strv_contains(e.dangerous.v, "process_vm_readv"));
	assert_false(strv_contains(e.dangerous.v, "bpf"));
	assert_false(strv_contains(e.dangerous.v, "mount"));
	assert_false(strv_contains(e.dangerous.v, "clone"));
	assert_false(strv_contains(e.dangerous.v, "clone3"));
	assert_false(strv_contains(e.dangerous.v, "personality"));
	assert_false(strv_contains(e.dangerous.v, "io_uring_setup"));
	/* socket, clone and personality with conditions; the count is the
	 * BPF's (analysis/test-lint.c checks it against explain's table). */
	assert_int_equal(e.arches[0].conditional, 3);
	assert_true(e.arches[0].allowed > 250);
	profile_free(p);
}

static char *text_of(const struct exposure *e, bool colour)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	assert_non_null(f);
	exposure_text(f, e, color_palette(colour));
	fclose(f);
	return buf;
}

static void test_text(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(mixed);
	cleanup_exposure struct exposure e = { 0 };
	cleanup_strv struct strv used = STRV_INIT;
	assert_int_equal(strv_add(&used, "ptrace"), 0);
	assert_int_equal(exposure_compute(p, NULL, &used, NULL, &e), 0);
	cleanup_free char *plain = text_of(&e, false);
	assert_string_equal(plain,
			    "x86_64 9 allowed (2 with conditions), 3 dangerous "
			    "(1 with conditions), 1 unused; x86 8 allowed (2 "
			    "with conditions), 3 dangerous (1 with "
			    "conditions), 1 unused");
	cleanup_free char *sgr = text_of(&e, true);
	assert_non_null(strstr(sgr, "\033[33m3 dangerous\033[0m"));
	assert_non_null(strstr(sgr, "\033[31m1 unused\033[0m"));
	/* Not judged: no unused count. */
	cleanup_exposure struct exposure u = { 0 };
	assert_int_equal(exposure_compute(p, NULL, NULL, NULL, &u), 0);
	cleanup_free char *unjudged = text_of(&u, false);
	assert_null(strstr(unjudged, "unused"));
}

static void test_json(void **state)
{
	cleanup_profile struct profile *p = load_evaluated(mixed);
	cleanup_exposure struct exposure e = { 0 };
	assert_int_equal(exposure_compute(p, NULL, NULL, NULL, &e), 0);
	cleanup_json json_t *j = exposure_json(&e, "no run", 1);
	assert_non_null(j);
	assert_false(json_is_true(json_object_get(j, "usageJudged")));
	assert_string_equal(json_string_value(json_object_get(j, "notJudged")),
			    "no run");
	assert_string_equal(json_string_value(json_object_get(j, "gate")),
			    "not-judged");
	assert_null(json_object_get(j, "dangerousUnused"));
	json_t *a = json_array_get(json_object_get(j, "arches"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "arch")),
			    "x86_64");
	assert_int_equal(json_integer_value(json_object_get(a, "allowed")), 9);
	assert_int_equal(json_array_size(json_object_get(a, "dangerous")), 3);
	/* A deny list says so rather than a count. */
	cleanup_profile struct profile *q = load_evaluated(
		"{\"defaultAction\": \"SCMP_ACT_LOG\", \"syscalls\": [\n"
		"{\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
	cleanup_exposure struct exposure f = { 0 };
	struct strv used = STRV_INIT;
	assert_int_equal(exposure_compute(q, NULL, &used, NULL, &f), 0);
	cleanup_json json_t *k = exposure_json(&f, NULL, -1);
	json_t *b = json_array_get(json_object_get(k, "arches"), 0);
	assert_true(json_is_null(json_object_get(b, "allowed")));
	assert_true(json_is_true(json_object_get(b, "allBut")));
	assert_int_equal(json_integer_value(json_object_get(b, "denied")), 1);
	assert_null(json_object_get(k, "gate"));
	/* The default only logs: every dangerous name is logged, none
	 * unused. */
	assert_int_equal(f.logged.n, f.dangerous.n);
	assert_int_equal(json_array_size(json_object_get(k, "dangerousUnused")),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_used),
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_deny_list),
		cmocka_unit_test(test_docker_default),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
