/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "profile-helpers.h"
#include "util.h"

#define load_fixture(name) load_fixture_at(FIXTURE(name))
static struct profile *load_fixture_at(const char *path)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, &d), 0);
	assert_int_equal(p->format, PROFILE_FORMAT_C);
	return p;
}

static void test_string_array(void **state)
{
	struct profile *p = load_fixture("syscalls.c");
	assert_int_equal(p->source.style, PROFILE_SOURCE_STRINGS);
	assert_string_equal(p->source.var, "syscalls");
	assert_int_equal(p->n_rules, 5);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(p->default_action.value, EPERM);
	assert_int_equal(find_name(p, "write")->loc.line, 7);
	assert_int_equal(p->source.end.line, 11); /* the NULL */
	profile_free(p);
}

static void test_calls(void **state)
{
	struct profile *p = load_fixture("rules.c");
	assert_int_equal(p->source.style, PROFILE_SOURCE_CALLS);
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	const struct profile_rule *r = find_rule(p, "write");
	assert_int_equal(r->n_args, 1);
	assert_int_equal(r->args[0].index, 0);
	assert_int_equal(r->args[0].op, SCMP_CMP_EQ);
	assert_true(r->args[0].value == 1);
	assert_false(profile_rule_unconditional(r));
	r = find_rule(p, "clone3");
	assert_int_equal(r->action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(r->action.value, ENOSYS);
	assert_int_equal(r->loc.line, 12);
	assert_int_equal(r->loc.column, 2);
	assert_int_equal(p->source.end.line, 13); /* the last plain allow */
	profile_free(p);
}

static void test_scmp_sys_array(void **state)
{
	struct profile *p = load_ok(
		"#include <seccomp.h>\n#define X \\\n  { 1 }\n"
		"static const int allowed[3] = {\n\tSCMP_SYS(read),\n"
		"\tSCMP_SYS( write ),\n};\n"
		"int f(void) { return seccomp_init(SCMP_ACT_KILL) ? 0 : 1; }\n",
		PROFILE_FORMAT_AUTO);
	assert_int_equal(p->format, PROFILE_FORMAT_C);
	assert_int_equal(p->source.style, PROFILE_SOURCE_SCMP_SYS);
	assert_string_equal(p->source.var, "allowed");
	assert_int_equal(p->n_rules, 2);
	assert_int_equal(find_name(p, "write")->loc.column, 12);
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_THREAD);
	profile_free(p);
	/* Other arrays first: the first array of names counts. */
	p = load_ok("int n[] = { 1, 2 };\nconst char *s[] = {\"read\"};\n",
		    PROFILE_FORMAT_C);
	assert_int_equal(p->n_rules, 1);
	assert_string_equal(p->source.var, "s");
	profile_free(p);
}

static const struct bad_input bad[] = {
	{ "nothing", "int main(void) { return 0; }\n", 0, 0, 0,
	  "no syscall names" },
	{ "not a string", "const char *s[] = {\n\t\"read\",\n\tname,\n};\n", 0,
	  3, 2, "expected a syscall name" },
	{ "after NULL", "const char *s[] = { \"read\", NULL, \"write\" };\n", 0,
	  1, 35, "expected '}' after the NULL" },
	{ "bad name", "const char *s[] = { \"read\", \"Write\" };\n", 0, 1, 29,
	  "'Write' is not a syscall name" },
	{ "typo", "int s[] = {\n\tSCMP_SYS(opnat),\n};\n", 0, 2, 11,
	  "did you mean 'openat'?" },
	{ "unterminated", "const char *s[] = { \"read };\n", 0, 1, 21,
	  "unterminated string" },
	{ "unterminated comment", "/* x\nconst char *s[] = { \"read\" };\n", 0,
	  1, 1, "unterminated comment" },
	{ "macro condition",
	  "seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,\n"
	  "\tSCMP_A2(SCMP_CMP_EQ, O_RDONLY));\n",
	  0, 2, 23, "expected a number" },
	{ "bad errno",
	  "seccomp_init(SCMP_ACT_ERRNO(EFOO));\n"
	  "const char *s[] = { \"read\" };\n",
	  0, 1, 29, "expected an errno" },
};

static void test_bad(void **state)
{
	check_bad_inputs(bad, ARRAY_SIZE(bad), PROFILE_FORMAT_C);
	assert_huge_name_refused(PROFILE_FORMAT_C, "const char *s[] = { \"",
				 "\" };\n", 1, 21);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_array),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_scmp_sys_array),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
