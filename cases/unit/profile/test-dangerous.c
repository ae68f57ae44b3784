/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dangerous.h"
#include "helpers.h"
#include "syscalls.h"

static void test_find(void **state)
{
	const struct dangerous_syscall *d = dangerous_find("ptrace");
	assert_non_null(d);
	assert_false(d->conditional);
	assert_non_null(strstr(d->why, "memory"));
	d = dangerous_find("clone");
	assert_non_null(d);
	assert_true(d->conditional);
	assert_null(dangerous_find("read"));
	assert_null(dangerous_find(""));
}

/* Every entry a syscall libseccomp knows (a typo would never match),
 * once, with a reason. */
static void test_list(void **state)
{
	size_t n;
	const struct dangerous_syscall *v = dangerous_list(&n);
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		if (!syscalls_known(v[i].name))
			print_error("unknown: %s\n", v[i].name);
		assert_true(syscalls_known(v[i].name));
		assert_true(v[i].why && v[i].why[0]);
		assert_ptr_equal(dangerous_find(v[i].name), &v[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
