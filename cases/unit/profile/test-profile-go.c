/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "profile-helpers.h"
#include "util.h"

static void test_article_program(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("seccomp.go"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_int_equal(p->format, PROFILE_FORMAT_GO);
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(p->n_rules, 7);
	assert_string_equal(p->source.var, "syscalls");
	assert_int_equal(p->source.style, PROFILE_SOURCE_STRINGS);
	const struct profile_name *n = find_name(p, "munmap");
	assert_int_equal(n->loc.line, 18);
	assert_int_equal(n->loc.column, 10);
	assert_non_null(find_name(p, "futex")); /* a raw string */
	assert_int_equal(p->source.end.line, 21);
	profile_free(p);
}

static void test_shapes(void **state)
{
	struct profile *p = load_ok("x := []string{\"read\", \"write\"}\n",
				    PROFILE_FORMAT_AUTO);
	assert_int_equal(p->format, PROFILE_FORMAT_GO);
	assert_string_equal(p->source.var, "x");
	assert_int_equal(p->n_rules, 2);
	profile_free(p);
	p = load_ok("[]string{\"read\"}", PROFILE_FORMAT_AUTO);
	assert_null(p->source.var);
	assert_int_equal(p->rules[0].names[0].loc.column, 10);
	profile_free(p);
	/* Only the first literal counts; comments hold no names. */
	p = load_ok("package x\n// []string{\"a\"}\nvar a []string = "
		    "[]string{\"read\" /* \"write\" */}\n"
		    "var b = []string{\"close\"}\n",
		    PROFILE_FORMAT_AUTO);
	assert_int_equal(p->n_rules, 1);
	assert_string_equal(p->source.var, "a");
	profile_free(p);
}

static void test_default_action(void **state)
{
	struct profile *p =
		load_ok("package main\nvar s = []string{\"read\"}\nfunc f() {\n"
			"\tseccomp.NewFilter(seccomp.ActErrno.SetReturnCode("
			"int16(syscall.ENOSYS)))\n}\n",
			PROFILE_FORMAT_GO);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(p->default_action.value, ENOSYS);
	assert_int_equal(p->default_loc.line, 4);
	profile_free(p);
	p = load_ok("var s = []string{\"read\"}\nf, _ := "
		    "seccomp.NewFilter(seccomp.ActTrap)\n",
		    PROFILE_FORMAT_GO);
	assert_int_equal(p->default_action.type, PROFILE_ACT_TRAP);
	profile_free(p);
	/* A variable: the program's, kill-process assumed. */
	p = load_ok(
		"var s = []string{\"read\"}\nf, _ := seccomp.NewFilter(act)\n",
		PROFILE_FORMAT_GO);
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	profile_free(p);
}

static void test_keep_unknown(void **state)
{
	const char *t = "var s = []string{\"read\", \"opnat\"}\n";
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load_buffer("x", t, strlen(t),
					     PROFILE_FORMAT_GO,
					     PROFILE_LOAD_KEEP_UNKNOWN, &p, &d),
			 0);
	assert_non_null(find_rule(p, "opnat"));
	profile_free(p);
}

static const struct bad_input bad[] = {
	{ "no literal", "package main\nfunc main() {}\n", 0, 0, 0,
	  "no []string{…} literal" },
	{ "empty", "var s = []string{}\n", 0, 0, 0, "the []string is empty" },
	{ "not a string", "var s = []string{\n\t\"read\",\n\tname,\n}\n", 0, 3,
	  2, "'name' in the []string is not a string literal" },
	{ "bad name", "var s = []string{\"read\", \"Write\"}\n", 0, 1, 26,
	  "'Write' is not a syscall name" },
	{ "typo", "var s = []string{\n\t\"opnat\",\n}\n", 0, 2, 2,
	  "did you mean 'openat'?" },
	{ "unterminated string", "var s = []string{\n\t\"read,\n}\n", 0, 2, 2,
	  "unterminated string" },
	{ "unterminated comment", "package main\n/* x\nvar s = []string{}\n", 0,
	  2, 1, "unterminated comment" },
	{ "no comma", "var s = []string{\"read\" \"write\"}\n", 0, 1, 25,
	  "expected ',' or '}'" },
	{ "no closing brace", "var s = []string{\"read\",\n", 0, 2, 1,
	  "no closing '}'" },
};

static void test_bad(void **state)
{
	check_bad_inputs(bad, ARRAY_SIZE(bad), PROFILE_FORMAT_GO);
	assert_huge_name_refused(PROFILE_FORMAT_GO, "var s = []string{\"",
				 "\"}\n", 1, 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article_program),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_default_action),
		cmocka_unit_test(test_keep_unknown),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
