/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <sys/syscall.h>

#include "helpers.h"
#include "syscalls.h"

static void test_resolve(void **state)
{
	uint32_t native = syscalls_native_arch();
	/* The kernel headers and libseccomp must agree natively. */
	assert_int_equal(syscalls_resolve(native, "read"), SYS_read);
	assert_int_equal(syscalls_resolve(native, "openat"), SYS_openat);
	assert_int_equal(syscalls_resolve(native, "opnat"), -EINVAL);
	assert_true(syscalls_known("chown32"));
	assert_false(syscalls_known("opnat"));
	char buf[64];
	assert_int_equal(syscalls_name(native, SYS_getppid, buf, sizeof(buf)),
			 0);
	assert_string_equal(buf, "getppid");
	assert_int_equal(syscalls_name(native, 99999, buf, sizeof(buf)),
			 -ENOENT);
}

static void test_compat_arches(void **state)
{
	if (syscalls_native_arch() != SCMP_ARCH_X86_64)
		skip();
	uint32_t fam[SYSCALLS_MAX_ARCHES];
	assert_int_equal(syscalls_arch_family(SCMP_ARCH_X86_64, fam), 3);
	assert_int_equal(fam[1], SCMP_ARCH_X86);
	assert_int_equal(fam[2], SCMP_ARCH_X32);
	/* chown32 exists on x86 only; arm_fadvise64_64 on arm only. */
	assert_int_equal(syscalls_resolve(SCMP_ARCH_X86_64, "chown32"),
			 -ENOENT);
	assert_true(syscalls_resolve(SCMP_ARCH_X86, "chown32") > 0);
	assert_int_equal(syscalls_resolve(SCMP_ARCH_X86, "arm_fadvise64_64"),
			 -ENOENT);
	assert_true(syscalls_resolve(SCMP_ARCH_ARM, "arm_fadvise64_64") > 0);
	/* The same number means different syscalls per arch. */
	int nr = syscalls_resolve(SCMP_ARCH_X86, "exit");
	char buf[64];
	assert_int_equal(syscalls_name(SCMP_ARCH_X86_64, nr, buf, sizeof(buf)),
			 0);
	assert_string_not_equal(buf, "exit");
}

static void test_arch_names(void **state)
{
	static const struct {
		const char *name;
		uint32_t arch;
	} ok[] = {
		{ "x86_64", SCMP_ARCH_X86_64 },
		{ "amd64", SCMP_ARCH_X86_64 },
		{ "SCMP_ARCH_X86_64", SCMP_ARCH_X86_64 },
		{ "x86", SCMP_ARCH_X86 },
		{ "386", SCMP_ARCH_X86 },
		{ "x32", SCMP_ARCH_X32 },
		{ "SCMP_ARCH_X32", SCMP_ARCH_X32 },
		{ "arm64", SCMP_ARCH_AARCH64 },
		{ "SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64 },
		{ "ppc64le", SCMP_ARCH_PPC64LE },
		{ "s390x", SCMP_ARCH_S390X },
		{ "mips64le", SCMP_ARCH_MIPSEL64 },
		{ "SCMP_ARCH_MIPSEL64N32", SCMP_ARCH_MIPSEL64N32 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint32_t a = 0;
		assert_int_equal(syscalls_arch_parse(ok[i].name, &a), 0);
		assert_int_equal(a, ok[i].arch);
	}
	uint32_t a;
	assert_int_equal(syscalls_arch_parse("SCMP_ARCH_LOONGARCH64", &a),
			 -ENOENT);
	assert_int_equal(syscalls_arch_parse("vax", &a), -EINVAL);
	assert_int_equal(syscalls_arch_parse("x86 64", &a), -EINVAL);
	assert_int_equal(syscalls_arch_parse("", &a), -EINVAL);
	assert_string_equal(syscalls_arch_name(SCMP_ARCH_X32), "x32");
}

static void test_suggest(void **state)
{
	static const struct {
		const char *typo, *want;
	} t[] = {
		{ "opnat", "openat" },
		{ "readd", "read" },
		{ "exit_gruop", "exit_group" },
		{ "rt_sigreturm", "rt_sigreturn" },
		{ "epoll_wiat", "epoll_wait" },
		{ "gettimeofdy", "gettimeofday" },
		{ "pidfd_send", "pidfd_send_signal" },
	};
	char buf[64];
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(syscalls_suggest(t[i].typo, buf, sizeof(buf)),
				 0);
		assert_string_equal(buf, t[i].want);
	}
	assert_int_equal(
		syscalls_suggest("frobnicate_everything", buf, sizeof(buf)),
		-ENOENT);
}

static void test_newer(void **state)
{
	if (syscalls_known("mseal"))
		skip(); /* a newer libseccomp */
	assert_string_equal(syscalls_newer_than_libseccomp("mseal"), "6.10");
	assert_null(syscalls_newer_than_libseccomp("read"));
	assert_null(syscalls_newer_than_libseccomp("opnat"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_compat_arches),
		cmocka_unit_test(test_arch_names),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_newer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
