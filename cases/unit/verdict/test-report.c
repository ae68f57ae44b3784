#include "profile-helpers.h"
#include "report.h"

static void test_fix_per_format(void **state)
{
	struct sv_denial d = { .arch = SCMP_ARCH_X86_64, .nr = 12 };
	snprintf(d.name, sizeof(d.name), "brk");
	char buf[512];

	struct profile *p = load_ok("read\n", PROFILE_FORMAT_LIST);
	report_fix(p, &d, buf, sizeof(buf));
	assert_string_equal(buf, "add the line 'brk' to test");
	profile_free(p);

	p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"includes\": {\"caps\": [\"CAP_SYS_PTRACE\"]}},\n"
		"  {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}\n"
		" ]}\n",
		PROFILE_FORMAT_OCI);
	report_fix(p, &d, buf, sizeof(buf));
	/* Not the conditional rule: the unconditional one at line 5. */
	assert_string_equal(buf, "add \"brk\" to the \"names\" at test:5");
	profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\"}",
		    PROFILE_FORMAT_OCI);
	report_fix(p, &d, buf, sizeof(buf));
	assert_non_null(strstr(buf, "{\"names\": [\"brk\"], \"action\": "
				    "\"SCMP_ACT_ALLOW\"}"));
	profile_free(p);
}

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
		cmocka_unit_test(test_fix_per_format),
		cmocka_unit_test(test_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
