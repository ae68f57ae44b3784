/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "profile-helpers.h"
#include "report.h"

static void test_args(void **state)
{
	char buf[128];
	uint64_t a[6] = { 0, 0x7ffd, 0x22, 0, 0, 0 };
	report_args(a, buf, sizeof(buf));
	assert_string_equal(buf, "0, 0x7ffd, 0x22");
	uint64_t z[6] = { 0 };
	report_args(z, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	uint64_t m[6] = { ~0ull, 0, 0, 0, 0, 1 };
	report_args(m, buf, sizeof(buf));
	assert_string_equal(buf, "0xffffffffffffffff, 0, 0, 0, 0, 0x1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
