/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "filter.h"
#include "probe.h"
#include "profile-helpers.h"
#include "runc-stub.h"
#include "util.h"

/* A profile that predates clone3 (Linux 5.3): its highest x86_64 name is
 * pidfd_open (434); x32 and x86 listed too. */
static const char *const before_clone3 =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\",\n"
	"                     \"SCMP_ARCH_X32\"],\n"
	" \"syscalls\": [\n"
	"  {\"names\": [\"read\", \"write\", \"exit_group\", \"pidfd_open\"],\n"
	"   \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"   \"errnoRet\": 13}\n"
	" ]}\n";

static struct profile *load_as(const char *text, enum profile_semantics s)
{
	struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	struct profile_env env;
	assert_int_equal(profile_env_native(~0ull, &env), 0);
	env.semantics = s;
	profile_evaluate(p, &env);
	return p;
}

static uint32_t decide(const struct filter *f, uint32_t arch, int nr)
{
	struct seccomp_data d = { .nr = nr, .arch = arch };
	uint32_t ret;
	assert_int_equal(filter_decide(f, &d, &ret), 0);
	return ret;
}

#define ERRNO(e) (SECCOMP_RET_ERRNO | (e))

static void test_when_runc_adds_it(void **state)
{
	struct profile *p = load_as(before_clone3, PROFILE_SEMANTICS_AUTO);
	/* OCI JSON goes to runc unless told otherwise. */
	assert_int_equal(p->semantics, PROFILE_SEMANTICS_RUNC);
	assert_true(runc_stub_applies(p));
	profile_free(p);

	p = load_as(before_clone3, PROFILE_SEMANTICS_CRUN);
	assert_false(runc_stub_applies(p));
	profile_free(p);
	p = load_as(before_clone3, PROFILE_SEMANTICS_LIBSECCOMP);
	assert_false(runc_stub_applies(p));
	profile_free(p);

	/* No architectures, a default that lets calls run, or a default of
	 * ENOSYS already: no stub. */
	static const char *const none[] = {
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		"[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		"{\"defaultAction\": \"SCMP_ACT_LOG\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\"], \"syscalls\": []}",
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": "
		"[\"SCMP_ARCH_X86_64\"], \"syscalls\": []}",
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": "
		"38, \"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": "
		"[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(none); i++) {
		p = load_as(none[i], PROFILE_SEMANTICS_RUNC);
		assert_false(runc_stub_applies(p));
		profile_free(p);
	}
	/* A kill default gets it. */
	p = load_as(
		"{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\", "
		"\"architectures\": [\"SCMP_ARCH_X86_64\"], \"syscalls\": "
		"[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		PROFILE_SEMANTICS_RUNC);
	assert_true(runc_stub_applies(p));
	profile_free(p);
}

static void test_cutoffs_per_arch(void **state)
{
	struct profile *p = load_as(before_clone3, PROFILE_SEMANTICS_RUNC);
	struct runc_cutoff c[RUNC_STUB_MAX_ARCHES];
	size_t n = runc_stub_cutoffs(p, NULL, c);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		int want = syscalls_resolve(c[i].arch, "pidfd_open");
		/* getppid's errno rule counts too: every rule runc is given. */
		assert_int_equal(c[i].nr, want);
		assert_string_equal(c[i].name, "pidfd_open");
	}
	/* The delta's edits move it: pidfd_open left out, exit_group is next. */
	struct profile_delta d = { 0 };
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_drop(&d, p, "pidfd_open", true), 1);
	n = runc_stub_cutoffs(p, &d, c);
	assert_int_equal(n, 3);
	assert_int_equal(c[0].arch, SCMP_ARCH_X86_64);
	assert_string_equal(c[0].name, "exit_group");
	char buf[256];
	runc_stub_describe(p, &d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "x86_64 231 (exit_group)"));
	profile_delta_clear(&d);
	profile_free(p);
}

static void test_the_filter_answers_as_runc(void **state)
{
	struct profile *p = load_as(before_clone3, PROFILE_SEMANTICS_RUNC);
	struct profile *q = load_as(before_clone3, PROFILE_SEMANTICS_CRUN);
	struct filter *f = NULL, *g = NULL;
	struct diag d = { 0 };
	struct filter_options o = { .observe = true };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	assert_int_equal(filter_build(q, &o, &g, &d), 0);
	uint32_t x64 = SCMP_ARCH_X86_64;
	int clone3 = syscalls_resolve(x64, "clone3");
	/* Above the cut-off: ENOSYS under runc, the default under crun. */
	assert_int_equal(decide(f, x64, clone3), ERRNO(ENOSYS));
	assert_int_equal(decide(g, x64, clone3), ERRNO(EPERM));
	assert_int_equal(decide(f, x64, 1000), ERRNO(ENOSYS));
	/* At and below it, what the profile says. */
	assert_int_equal(decide(f, x64, syscalls_resolve(x64, "pidfd_open")),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(decide(f, x64, syscalls_resolve(x64, "tkill")),
			 ERRNO(EPERM));
	assert_int_equal(decide(f, x64, syscalls_resolve(x64, "getppid")),
			 ERRNO(13));
	/* x32 has its own cut-off: its clone3 is above it too; its read is
	 * allowed, and x86_64's numbers never meet x32's cut-off. */
	uint32_t x32 = SCMP_ARCH_X32;
	assert_int_equal(decide(f, x64, syscalls_resolve(x32, "clone3")),
			 ERRNO(ENOSYS));
	assert_int_equal(decide(f, x64, syscalls_resolve(x32, "read")),
			 SECCOMP_RET_ALLOW);
	uint32_t x86 = SCMP_ARCH_X86;
	assert_int_equal(decide(f, x86, syscalls_resolve(x86, "clone3")),
			 ERRNO(ENOSYS));
	assert_int_equal(decide(f, x86, syscalls_resolve(x86, "read")),
			 SECCOMP_RET_ALLOW);
	/* The observing program notifies what the stub answers. */
	struct filter view = *f;
	view.exact = f->observe;
	view.exact_len = f->observe_len;
	assert_int_equal(decide(&view, x64, clone3) & SECCOMP_RET_ACTION_FULL,
			 SECCOMP_RET_USER_NOTIF);
	filter_free(f);
	filter_free(g);
	profile_free(p);
	profile_free(q);
}

/* The kernel agrees with the interpreter on the stub's program. */
static void test_the_kernel_agrees(void **state)
{
	skip_if_valgrind("the probe loads a seccomp filter");
	struct profile *p = load_as(before_clone3, PROFILE_SEMANTICS_RUNC);
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options o = { 0 };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	struct probe_result *res = NULL;
	int n = probe_filter(f, &res);
	assert_true(n > 300);
	size_t checked = 0;
	for (int i = 0; i < n; i++) {
		if (res[i].skipped)
			continue;
		uint32_t want = decide(f, seccomp_arch_native(), res[i].nr);
		if (probe_runs(want)) {
			assert_true(res[i].ran);
		} else {
			assert_false(res[i].ran);
			assert_int_equal(res[i].action, want);
		}
		checked++;
	}
	assert_true(checked > 300);
	free(res);
	filter_free(f);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_runc_adds_it),
		cmocka_unit_test(test_cutoffs_per_arch),
		cmocka_unit_test(test_the_filter_answers_as_runc),
		cmocka_unit_test(test_the_kernel_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
