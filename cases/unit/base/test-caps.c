/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <sys/capability.h>

#include "caps.h"
#include "helpers.h"

#define BIT(c) (1ull << (c))

static void test_named_sets(void **state)
{
	uint64_t set = 1;
	char bad[32] = "";
	assert_int_equal(caps_parse("none", &set, bad, sizeof(bad)), 0);
	assert_true(set == 0);
	assert_int_equal(caps_parse("docker", &set, bad, sizeof(bad)), 0);
	assert_int_equal(__builtin_popcountll(set), 14);
	assert_true(set & BIT(CAP_CHOWN));
	assert_true(set & BIT(CAP_AUDIT_WRITE));
	assert_false(set & BIT(CAP_SYS_ADMIN));
	assert_true(caps_docker() == set);
}

static void test_lists(void **state)
{
	uint64_t set = 0;
	char bad[32] = "";
	assert_int_equal(caps_parse("CAP_NET_ADMIN,kill, cap_chown", &set, bad,
				    sizeof(bad)),
			 0);
	assert_true(set ==
		    (BIT(CAP_NET_ADMIN) | BIT(CAP_KILL) | BIT(CAP_CHOWN)));
	assert_int_equal(caps_parse("CAP_KILL,CAP_FLY", &set, bad, sizeof(bad)),
			 -EINVAL);
	assert_string_equal(bad, "CAP_FLY");
}

static void test_format(void **state)
{
	char buf[256];
	caps_format(BIT(CAP_KILL) | BIT(CAP_CHOWN), buf, sizeof(buf));
	assert_string_equal(buf, "CAP_CHOWN,CAP_KILL");
	caps_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
}

static void test_keep(void **state)
{
	/* The kernel's own account of the effective set. */
	FILE *f = fopen("/proc/self/status", "r");
	assert_non_null(f);
	char line[256];
	unsigned long long eff = ~0ull;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	assert_true(eff != ~0ull);

	uint64_t set = 0;
	char bad[32];
	assert_int_equal(caps_parse("keep", &set, bad, sizeof(bad)), 0);
	assert_true(set == eff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named_sets),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_keep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
