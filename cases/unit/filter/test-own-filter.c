/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <sys/syscall.h>

#include "helpers.h"
#include "own-filter.h"
#include "syscalls.h"
#include "util.h"

/* getppid allowed, getpid errno EPERM, the rest killed; the arch first. */
#define PROG(arch)                                                             \
	{                                                                      \
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),                         \
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (arch), 1, 0),     \
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),   \
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),                 \
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0,    \
				 1),                                           \
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),          \
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpid, 0, 1), \
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),  \
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),   \
	}

static uint32_t audit_native(void)
{
	return syscalls_audit_arch(syscalls_native_arch());
}

/* The kernel's order: kill-process, kill-thread, trap, errno, notify,
 * trace, log, allow; a tie goes to the newer filter. */
static void test_rank(void **state)
{
	const uint32_t order[] = {
		SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
		SECCOMP_RET_TRAP,	  SECCOMP_RET_ERRNO | 5,
		SECCOMP_RET_USER_NOTIF,	  SECCOMP_RET_TRACE,
		SECCOMP_RET_LOG,	  SECCOMP_RET_ALLOW,
	};
	for (size_t i = 0; i + 1 < ARRAY_SIZE(order); i++) {
		assert_true(own_filter_rank(order[i]) <
			    own_filter_rank(order[i + 1]));
		assert_int_equal(own_filter_combine(order[i + 1], order[i]),
				 order[i]);
		assert_int_equal(own_filter_combine(order[i], order[i + 1]),
				 order[i]);
	}
	/* Two errnos: the newer's data. */
	assert_int_equal(own_filter_combine(SECCOMP_RET_ERRNO | 1,
					    SECCOMP_RET_ERRNO | 13),
			 SECCOMP_RET_ERRNO | 1);
}

static void test_rewrite(void **state)
{
	struct sock_filter prog[] = PROG(audit_native());
	struct sock_filter out[ARRAY_SIZE(prog)];
	/* The arch's kill, errno, the last kill: three returns. */
	assert_int_equal(
		own_filter_rewrite(prog, ARRAY_SIZE(prog), false, false, out),
		3);
	/* TRACE, its data the instruction's index. */
	assert_int_equal(out[2].k, SECCOMP_RET_TRACE | 2);
	assert_int_equal(out[5].k, SECCOMP_RET_ALLOW);
	assert_int_equal(out[7].k, SECCOMP_RET_TRACE | 7);
	assert_int_equal(out[8].k, SECCOMP_RET_TRACE | 8);
	/* Everything but the returns is as it was. */
	for (size_t i = 0; i < ARRAY_SIZE(prog); i++)
		if (prog[i].code != (BPF_RET | BPF_K))
			assert_memory_equal(&out[i], &prog[i], sizeof(out[i]));
	/* Learning lets them run. */
	assert_int_equal(
		own_filter_rewrite(prog, ARRAY_SIZE(prog), true, false, out),
		3);
	assert_int_equal(out[7].k, SECCOMP_RET_ALLOW);
	/* A trap kept is the kernel's: its SIGSYS reaches the handler. */
	prog[7].k = SECCOMP_RET_TRAP | 9;
	assert_int_equal(
		own_filter_rewrite(prog, ARRAY_SIZE(prog), false, true, out),
		2);
	assert_int_equal(out[7].k, SECCOMP_RET_TRAP | 9);
	assert_int_equal(
		own_filter_rewrite(prog, ARRAY_SIZE(prog), false, false, out),
		3);
	assert_int_equal(out[7].k, SECCOMP_RET_TRACE | 7);
	/* A return of the accumulator cannot be rewritten. */
	prog[8] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_A, 0);
	assert_int_equal(
		own_filter_rewrite(prog, ARRAY_SIZE(prog), false, false, out),
		-EOPNOTSUPP);
}

static void test_default_and_allows(void **state)
{
	uint32_t arch = audit_native();
	struct sock_filter prog[] = PROG(arch);
	uint32_t ret;
	assert_int_equal(own_filter_default(prog, ARRAY_SIZE(prog), arch, &ret),
			 0);
	assert_int_equal(ret, SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(
		own_filter_allows(prog, ARRAY_SIZE(prog), arch, SYS_getppid),
		1);
	assert_int_equal(
		own_filter_allows(prog, ARRAY_SIZE(prog), arch, SYS_getpid), 0);
	assert_int_equal(
		own_filter_allows(prog, ARRAY_SIZE(prog), arch, SYS_write), 0);
	/* A program the kernel would refuse. */
	struct sock_filter bad[] = { BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 1) };
	assert_int_equal(own_filter_allows(bad, 1, arch, SYS_write), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_default_and_allows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
