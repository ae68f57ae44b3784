/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>

#include <sys/capability.h>

#include "caps.h"
#include "effect.h"
#include "filter.h"
#include "profile-helpers.h"
#include "lint.h"
#include "util.h"

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

/* The exposure lint shows (exposure.h, counted by name) against the
 * BPF interpreter's table over every syscall number (effect.h): the same
 * on x86_64 and x32; on x86 the names only socketcall or ipc reach
 * (accept, send, semop) count where the table has socketcall and ipc. */
static void check_against_effect(struct profile *p,
				 const struct profile_env *env)
{
	cleanup_lint_result struct lint_result r = { 0 };
	assert_int_equal(lint_profile(p, env, &r), 0);
	cleanup_filter struct filter *f = NULL;
	struct filter_options o = { 0 };
	struct diag d = { 0 };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	const struct profile *conds[] = { p };
	cleanup_effect_table struct effect_table t = { 0 };
	assert_int_equal(
		effect_compute(f, p->arches, p->n_arches, conds, 1, &t), 0);
	assert_int_equal(r.exposure.n_arches, p->n_arches);
	for (size_t a = 0; a < r.exposure.n_arches; a++) {
		const struct exposure_arch *x = &r.exposure.arches[a];
		size_t allowed = 0, conditional = 0;
		for (size_t i = 0; i < t.n; i++) {
			if (t.rows[i].arch != x->arch ||
			    !effect_allows(&t.rows[i]))
				continue;
			allowed++;
			conditional += effect_denies(&t.rows[i]);
		}
		if (x->arch == SCMP_ARCH_X86) {
			assert_true(x->allowed >= allowed - 2);
			continue;
		}
		assert_int_equal(x->allowed, allowed);
		assert_int_equal(x->conditional, conditional);
	}
	/* lint's dangerous findings name the exposure's dangerous names. */
	cleanup_strv struct strv found = STRV_INIT;
	for (size_t i = 0; i < r.n; i++)
		if (r.items[i].kind == LINT_DANGEROUS)
			assert_int_equal(strv_add(&found, r.items[i].name), 0);
	strv_sort_unique(&found);
	assert_int_equal(found.n, r.exposure.dangerous.n);
	for (size_t i = 0; i < found.n; i++)
		assert_string_equal(found.v[i], r.exposure.dangerous.v[i]);
}

static void test_exposure(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("docker-default.json"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	struct profile_env env = env_x86_64(0);
	env.semantics = PROFILE_SEMANTICS_LIBSECCOMP;
	check_against_effect(p, &env);
	char bad[64];
	assert_int_equal(caps_parse("all", &env.caps, bad, sizeof(bad)), 0);
	check_against_effect(p, &env);
	profile_free(p);
	p = load_keep("read\nwrite\nptrace\nsocket\nsemop\nnewfstatat\n");
	check_against_effect(p, &env);
	/* ptrace on all three; newfstatat is no x86 syscall; socket and
	 * semop only through socketcall and ipc there. */
	struct lint_result r;
	assert_int_equal(lint_profile(p, &env, &r), 0);
	assert_int_equal(r.exposure.arches[0].allowed, 6);
	assert_int_equal(r.exposure.arches[1].arch, SCMP_ARCH_X86);
	assert_int_equal(r.exposure.arches[1].allowed, 5);
	assert_int_equal(r.exposure.arches[0].dangerous.n, 1);
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
		cmocka_unit_test(test_exposure),
	};
	/* test_exposure builds filters (as data only). */
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
