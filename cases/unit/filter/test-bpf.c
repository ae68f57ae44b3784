/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf.h"
#include "helpers.h"

#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))
#define NR offsetof(struct seccomp_data, nr)
#define ARCH offsetof(struct seccomp_data, arch)
#define ARG0 offsetof(struct seccomp_data, args[0])
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A hand-written filter: arch check, nr 39 allowed, nr 7 → EPERM when
 * arg0's low word has bit 1 set, everything else killed. */
static const struct sock_filter prog[] = {
	LD(ARCH),
	JEQ(AUDIT_ARCH_X86_64, 1, 0),
	RET(SECCOMP_RET_KILL_PROCESS),
	LD(NR),
	JEQ(39, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	JEQ(7, 0, 3),
	LD(ARG0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 1),
	RET(SECCOMP_RET_ERRNO | EPERM),
	RET(SECCOMP_RET_KILL_THREAD),
};

static uint32_t run(uint32_t arch, int nr, uint64_t a0)
{
	struct seccomp_data d = { .nr = nr, .arch = arch, .args = { a0 } };
	uint32_t ret = 0xdead;
	assert_int_equal(bpf_run(prog, ARRAY_LEN(prog), &d, &ret), 0);
	return ret;
}

static void test_table(void **state)
{
	static const struct {
		uint32_t arch;
		int nr;
		uint64_t a0;
		uint32_t want;
	} t[] = {
		{ AUDIT_ARCH_X86_64, 39, 0, SECCOMP_RET_ALLOW },
		{ AUDIT_ARCH_I386, 39, 0, SECCOMP_RET_KILL_PROCESS },
		{ AUDIT_ARCH_X86_64, 7, 2, SECCOMP_RET_ERRNO | EPERM },
		{ AUDIT_ARCH_X86_64, 7, 0x100000002ull,
		  SECCOMP_RET_ERRNO | EPERM },
		{ AUDIT_ARCH_X86_64, 7, 1, SECCOMP_RET_KILL_THREAD },
		{ AUDIT_ARCH_X86_64, 8, 2, SECCOMP_RET_KILL_THREAD },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		assert_int_equal(run(t[i].arch, t[i].nr, t[i].a0), t[i].want);
}

static void test_malformed(void **state)
{
	struct seccomp_data d = { 0 };
	uint32_t ret;
	/* Jump past the end. */
	const struct sock_filter jump[] = { JEQ(1, 5, 0), RET(0) };
	assert_int_equal(bpf_run(jump, 2, &d, &ret), -EINVAL);
	/* Load outside seccomp_data, and unaligned. */
	const struct sock_filter far[] = { LD(64), RET(0) };
	assert_int_equal(bpf_check(far, 2), -EINVAL);
	const struct sock_filter odd[] = { LD(2), RET(0) };
	assert_int_equal(bpf_check(odd, 2), -EINVAL);
	/* No return at the end. */
	const struct sock_filter noret[] = { LD(0) };
	assert_int_equal(bpf_check(noret, 1), -EINVAL);
	/* An opcode seccomp refuses (packet loads). */
	const struct sock_filter pkt[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0), RET(0)
	};
	assert_int_equal(bpf_check(pkt, 2), -EINVAL);
	/* Scratch memory out of range; division by constant zero. */
	const struct sock_filter mem[] = { BPF_STMT(BPF_ST, 16), RET(0) };
	assert_int_equal(bpf_check(mem, 2), -EINVAL);
	const struct sock_filter div0[] = {
		BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET(0)
	};
	assert_int_equal(bpf_check(div0, 2), -EINVAL);
	assert_int_equal(bpf_check(prog, 0), -EINVAL);
}

static void test_alu_and_memory(void **state)
{
	/* (nr * 3 + 1) stored, reloaded through X, returned. */
	const struct sock_filter p[] = {
		LD(NR),
		BPF_STMT(BPF_ALU | BPF_MUL | BPF_K, 3),
		BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 1),
		BPF_STMT(BPF_ST, 5),
		BPF_STMT(BPF_LDX | BPF_MEM, 5),
		BPF_STMT(BPF_MISC | BPF_TXA, 0),
		BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct seccomp_data d = { .nr = 4 };
	uint32_t ret;
	assert_int_equal(bpf_run(p, ARRAY_LEN(p), &d, &ret), 0);
	assert_int_equal(ret, 13);
}

/* What the kernel does with prog: a forked child loads it and calls
 * getppid; the errno it gets (the program answers with one), or -1 when
 * the kernel refuses the program. */
static int kernel_errno(const struct sock_filter *p, size_t len)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct sock_fprog fp = { (unsigned short)len,
					 (struct sock_filter *)p };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) < 0)
			_exit(255);
		_exit(syscall(SYS_getppid) < 0 ? errno : 0);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st) == 255 ? -1 : WEXITSTATUS(st);
}

/* Shifts by X take the count modulo 32, as the kernel's eBPF does
 * (A = 1 << X, or 0x80000000 >> X, answered as errno 1 + A & 63); a
 * constant shift of 32 or more, and BPF_MOD, are refused: checked
 * against the kernel. */
static void test_shifts_as_the_kernel(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2)");
	const uint32_t counts[] = { 0, 1, 5, 31, 32, 33, 37, 63, 64, 100 };
	for (int rsh = 0; rsh < 2; rsh++) {
		for (size_t i = 0; i < ARRAY_LEN(counts); i++) {
			struct sock_filter p[] = {
				/* Only getppid: the child must still exit. */
				LD(NR),
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid,
					 1, 0),
				RET(SECCOMP_RET_ALLOW),
				BPF_STMT(BPF_LDX | BPF_IMM, counts[i]),
				BPF_STMT(BPF_LD | BPF_IMM,
					 rsh ? 0x80000000u : 1),
				BPF_STMT(BPF_ALU | (rsh ? BPF_RSH : BPF_LSH) |
						 BPF_X,
					 0),
				BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 63),
				BPF_STMT(BPF_ALU | BPF_ADD | BPF_K,
					 SECCOMP_RET_ERRNO | 1),
				BPF_STMT(BPF_RET | BPF_A, 0),
			};

			struct seccomp_data d = { .nr = SYS_getppid };
			uint32_t ret;
			assert_int_equal(bpf_run(p, ARRAY_LEN(p), &d, &ret), 0);
			int want = kernel_errno(p, ARRAY_LEN(p));
			assert_int_equal((int)(ret & SECCOMP_RET_DATA), want);
		}
	}
	const struct sock_filter k32[] = {
		BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32),
		RET(SECCOMP_RET_ALLOW),
	};
	assert_int_equal(bpf_check(k32, 2), -EINVAL);
	assert_int_equal(kernel_errno(k32, 2), -1);
	const struct sock_filter mod[] = {
		BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 7),
		RET(SECCOMP_RET_ALLOW),
	};
	assert_int_equal(bpf_check(mod, 2), -EINVAL);
	assert_int_equal(kernel_errno(mod, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shifts_as_the_kernel),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_alu_and_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
