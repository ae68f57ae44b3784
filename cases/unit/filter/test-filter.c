/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "filter.h"
#include "profile-helpers.h"

static uint32_t decide(const struct filter *f, bool observe, uint32_t arch,
		       const char *name, uint64_t a0)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);
	assert_true(nr >= 0);
	struct seccomp_data d = { .nr = nr, .arch = arch, .args = { a0 } };
	uint32_t ret;
	if (observe) {
		struct filter view = *f;
		view.exact = f->observe;
		view.exact_len = f->observe_len;
		assert_int_equal(filter_decide(&view, &d, &ret), 0);
	} else {
		assert_int_equal(filter_decide(f, &d, &ret), 0);
	}
	return ret & SECCOMP_RET_ACTION_FULL;
}

static const char *const docker_like =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"syscalls\": [\n"
	"  {\"names\": [\"read\", \"write\", \"exit_group\", \"mseal\"],\n"
	"   \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"},\n"
	"            {\"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	"  {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"   \"errnoRet\": 38},\n"
	"  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}\n"
	" ]}\n";

static void test_exact_and_observe(void **state)
{
	struct profile *p = load_ok(docker_like, PROFILE_FORMAT_OCI);
	struct filter *f = NULL;
	struct diag d = { 0 };
	char *watch[] = { (char *)"ptrace", (char *)"write", NULL };
	struct filter_options o = { .observe = true, .watch = watch };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	uint32_t native = seccomp_arch_native();
	if (!syscalls_known("mseal"))
		assert_int_equal(f->n_skipped, 1);

	/* The exact program is the profile. */
	assert_int_equal(decide(f, false, native, "read", 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(decide(f, false, native, "getppid", 0),
			 SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(decide(f, false, native, "clone3", 0),
			 SECCOMP_RET_ERRNO);
	assert_int_equal(decide(f, false, native, "ptrace", 0),
			 SECCOMP_RET_ERRNO);
	/* Two conditions on one argument are alternatives (runc). */
	assert_int_equal(decide(f, false, native, "personality", 8),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(decide(f, false, native, "personality", 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(decide(f, false, native, "personality", 4),
			 SECCOMP_RET_ERRNO);
	/* No rule lets a call past the profile on an fd number (the
	 * listener was once handed over by a sendmsg allowed on one). */
	assert_int_equal(decide(f, false, native, "sendmsg", 987),
			 SECCOMP_RET_ERRNO);

	/* Observing: allowed stays allowed, every denial notifies. */
	assert_int_equal(decide(f, true, native, "read", 0), SECCOMP_RET_ALLOW);
	assert_int_equal(decide(f, true, native, "getppid", 0),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(decide(f, true, native, "clone3", 0),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(decide(f, true, native, "personality", 4),
			 SECCOMP_RET_USER_NOTIF);
	/* Watched names notify even when the profile allows them. */
	assert_int_equal(decide(f, true, native, "write", 1),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(decide(f, true, native, "ptrace", 0),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(decide(f, true, native, "sendmsg", 987),
			 SECCOMP_RET_USER_NOTIF);
	assert_int_equal(decide(f, true, native, "sendmsg", 3),
			 SECCOMP_RET_USER_NOTIF);
	filter_free(f);
	profile_free(p);
}

static void test_compat_arch(void **state)
{
	if (seccomp_arch_native() != SCMP_ARCH_X86_64)
		skip();
	/* A list covers x86 by name: getpid is allowed there too, with the
	 * x86 number, and x86's number for read is another syscall. */
	struct profile *p =
		load_ok("getpid\nexit_group\n", PROFILE_FORMAT_LIST);
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options o = { 0 };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	assert_null(f->observe);
	assert_int_equal(decide(f, false, SCMP_ARCH_X86, "getpid", 0),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(decide(f, false, SCMP_ARCH_X86, "read", 0),
			 SECCOMP_RET_KILL_PROCESS);
	/* getpid on x86 is 20, which is writev on x86_64: killed. */
	assert_int_equal(decide(f, false, SCMP_ARCH_X86_64, "writev", 0),
			 SECCOMP_RET_KILL_PROCESS);
	filter_free(f);
	profile_free(p);
}

/* Observing decides like the profile on every syscall of every arch:
 * allowed stays allowed, anything else notifies. */
static void test_observe_matches_exact(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("docker-style.json"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	struct filter *f = NULL;
	struct filter_options o = { .observe = true };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	struct filter view = *f;
	view.exact = f->observe;
	view.exact_len = f->observe_len;
	size_t allowed = 0, denied = 0;
	for (size_t a = 0; a < p->n_arches; a++) {
		for (int nr = 0; nr < 600; nr++) {
			for (uint64_t a0 = 0; a0 < 16; a0 += 8) {
				struct seccomp_data sd = {
					.nr = nr,
					.arch = p->arches[a],
					.args = { a0 },
				};
				uint32_t ex, ob;
				assert_int_equal(filter_decide(f, &sd, &ex), 0);
				assert_int_equal(filter_decide(&view, &sd, &ob),
						 0);
				if ((ex & SECCOMP_RET_ACTION_FULL) ==
				    SECCOMP_RET_ALLOW) {
					assert_int_equal(ob, ex);
					allowed++;
				} else {
					assert_int_equal(
						ob, SECCOMP_RET_USER_NOTIF);
					denied++;
				}
			}
		}
	}
	assert_true(allowed > 10);
	assert_true(denied > 1000);
	filter_free(f);
	profile_free(p);
}

static void test_actions_from_ret(void **state)
{
	struct profile_action a =
		filter_action_from_ret(SECCOMP_RET_ERRNO | 38);
	assert_int_equal(a.type, PROFILE_ACT_ERRNO);
	assert_int_equal(a.value, 38);
	a = filter_action_from_ret(SECCOMP_RET_ERRNO | 12345);
	assert_int_equal(a.value, 4095); /* the kernel clamps */
	a = filter_action_from_ret(SECCOMP_RET_TRAP);
	assert_int_equal(a.type, PROFILE_ACT_TRAP);
	a = filter_action_from_ret(SECCOMP_RET_KILL_THREAD);
	assert_int_equal(a.type, PROFILE_ACT_KILL_THREAD);
	a = filter_action_from_ret(SECCOMP_RET_TRACE | 7);
	assert_int_equal(a.type, PROFILE_ACT_TRACE);
	assert_int_equal(a.value, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_and_observe),
		cmocka_unit_test(test_compat_arch),
		cmocka_unit_test(test_observe_matches_exact),
		cmocka_unit_test(test_actions_from_ret),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
