/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>

#include <sys/capability.h>

#include "caps.h"
#include "profile-helpers.h"
#include "lint.h"

static struct profile_env env_x86_64(uint64_t caps)
{
	return (struct profile_env){ .arch = SCMP_ARCH_X86_64,
				     .caps = caps,
				     .kernel_major = 6,
				     .kernel_minor = 1 };
}

static struct profile *load_keep(const char *text)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load_buffer("t", text, strlen(text),
					     PROFILE_FORMAT_AUTO,
					     PROFILE_LOAD_KEEP_UNKNOWN, &p, &d),
			 0);
	return p;
}

/* The findings of kind k, in order, as "line:name". */
static void expect(const struct lint_result *r, enum lint_kind k,
		   const char *want)
{
	char got[512] = "";
	for (size_t i = 0; i < r->n; i++) {
		if (r->items[i].kind != k)
			continue;
		snprintf(got + strlen(got), sizeof(got) - strlen(got),
			 "%s%u:%s", got[0] ? " " : "", r->items[i].loc.line,
			 r->items[i].name);
	}
	assert_string_equal(got, want);
}

static void test_seed(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("seed-go.list"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	struct profile_env env = env_x86_64(0);
	struct lint_result r;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	/* Only the article's unconditional clone stands out. */
	expect(&r, LINT_DANGEROUS, "10:clone");
	assert_int_equal(r.n, 1);
	lint_result_clear(&r);
	profile_free(p);
}

static void test_list_checks(void **state)
{
	struct profile *p = load_keep("read\n"
				      "opnat\n"
				      "write\n"
				      "read\n"
				      "chown32\n"
				      "arm_fadvise64_64\n");
	struct profile_env env = env_x86_64(0);
	struct lint_result r;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	expect(&r, LINT_UNKNOWN_NAME, "2:opnat");
	expect(&r, LINT_DUPLICATE, "4:read");
	/* chown32 is an x86 syscall, and lists cover x86: applicable. */
	expect(&r, LINT_NOT_APPLICABLE, "6:arm_fadvise64_64");
	assert_int_equal(r.count[LINT_ERROR], 1);
	assert_int_equal(r.count[LINT_WARNING], 1);
	assert_int_equal(r.count[LINT_NOTE], 1);
	assert_string_equal(r.items[0].hint, "did you mean 'openat'?");
	/* Sorted by line. */
	for (size_t i = 1; i < r.n; i++)
		assert_true(r.items[i - 1].loc.line <= r.items[i].loc.line);
	lint_result_clear(&r);
	profile_free(p);
}

/* text's duplicate findings are at want ("line:name ...") and each says
 * where the first mention is. */
static void expect_repeats(const char *text, const char *want,
			   const char *first)
{
	struct profile *p = load_keep(text);
	struct profile_env env = env_x86_64(0);
	struct lint_result r;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	expect(&r, LINT_DUPLICATE, want);
	for (size_t i = 0; i < r.n; i++)
		if (r.items[i].kind == LINT_DUPLICATE)
			assert_non_null(strstr(r.items[i].message, first));
	lint_result_clear(&r);
	profile_free(p);
}

/* Every repeat points at the first mention, not the one before it. */
static void test_first_mention(void **state)
{
	expect_repeats("read\nwrite\nread\nread\n", "3:read 4:read",
		       "at line 1");
	expect_repeats("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		       " \"syscalls\": [\n"
		       "  {\"names\": [\"read\",\n"
		       "             \"read\",\n"
		       "             \"read\"],\n"
		       "   \"action\": \"SCMP_ACT_ALLOW\"}]}\n",
		       "4:read 5:read", "also line 3");
}

static void test_oci_checks(void **state)
{
	struct profile *p = load_keep(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		" \"architectures\": [\"SCMP_ARCH_X86_64\"],\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"read\", \"read\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"  {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
		"  {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]},\n"
		"   \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
		"  {\"names\": [\"sync_file_range2\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"includes\": {\"arches\": [\"ppc64le\"]}},\n"
		"  {\"names\": [\"syslog\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"includes\": {\"caps\": [\"CAP_SYSLOG\"]}},\n"
		"  {\"names\": [\"mseal\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"  {\"names\": [\"acct\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 9999},\n"
		"  {\"names\": [\"acct\"], \"action\": \"SCMP_ACT_ALLOW\"}\n"
		" ]}\n");
	struct profile_env env = env_x86_64(caps_docker());
	struct lint_result r;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	expect(&r, LINT_DUPLICATE, "4:read");
	expect(&r, LINT_REDUNDANT, "5:");
	expect(&r, LINT_DEAD_RULE, "6: 9:");
	expect(&r, LINT_INACTIVE_RULE, "11:");
	if (!syscalls_known("mseal"))
		expect(&r, LINT_TOO_NEW, "13:mseal");
	expect(&r, LINT_ERRNO_CLAMPED, "14:");
	expect(&r, LINT_CONFLICT, "15:acct");
	expect(&r, LINT_UNKNOWN_NAME, "");
	lint_result_clear(&r);

	/* Holding CAP_SYSLOG turns the note off. */
	env.caps |= 1ull << CAP_SYSLOG;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	expect(&r, LINT_INACTIVE_RULE, "");
	lint_result_clear(&r);
	profile_free(p);
}

static void test_risks(void **state)
{
	struct profile *p = load_keep(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		" \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"read\", \"personality\", \"socketcall\"], "
		"\"action\": \"SCMP_ACT_ALLOW\"},\n"
		"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},\n"
		"  {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"args\": [{\"index\": 0, \"value\": 2114060288, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n"
		"  {\"names\": [\"ptrace\", \"io_uring_setup\"], \"action\": \"SCMP_ACT_ALLOW\"}\n"
		" ]}\n");
	struct profile_env env = env_x86_64(0);
	struct lint_result r;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	/* clone checks its flags: not flagged; personality is, on line 4. */
	expect(&r, LINT_DANGEROUS, "4:personality 9:ptrace 9:io_uring_setup");
	expect(&r, LINT_SHADOWED, "5:personality");
	expect(&r, LINT_COMPAT, "4:socketcall");
	expect(&r, LINT_ERRNO_ADVICE, "1:clone3");
	lint_result_clear(&r);
	profile_free(p);

	/* A denylist over compat arches; ENOSYS default: no advice. */
	p = load_keep(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
		" \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X32\"],\n"
		" \"syscalls\": [{\"names\": [\"ptrace\"], \"action\": "
		"\"SCMP_ACT_ERRNO\", \"errnoRet\": 38}]}\n");
	assert_int_equal(lint_profile(p, &env, &r), 0);
	expect(&r, LINT_COMPAT, "1:");
	expect(&r, LINT_ERRNO_ADVICE, "");
	expect(&r, LINT_DANGEROUS, "");
	lint_result_clear(&r);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_risks),
		cmocka_unit_test(test_list_checks),
		cmocka_unit_test(test_first_mention),
		cmocka_unit_test(test_oci_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
