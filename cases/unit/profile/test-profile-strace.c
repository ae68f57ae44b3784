/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <sys/syscall.h>

#include "profile-helpers.h"

static struct profile *load_fixture(const char *path)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	int r = profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, &d);
	if (r < 0)
		print_error("%s:%u: %s\n", d.file, d.line, d.message);
	assert_int_equal(r, 0);
	assert_int_equal(p->format, PROFILE_FORMAT_STRACE);
	return p;
}

static void test_captured_table(void **state)
{
	struct profile *p = load_fixture(FIXTURE("date.strace"));
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(p->n_rules, 21);
	const struct profile_name *n = find_name(p, "openat");
	assert_int_equal(n->calls, 31);
	assert_int_equal(n->errors, 13);
	assert_int_equal(n->loc.line, 4);
	assert_int_equal(n->loc.column, 52);
	n = find_name(p, "mmap");
	assert_int_equal(n->calls, 21);
	assert_int_equal(n->errors, 0); /* blank errors column */
	assert_non_null(find_name(p, "execve"));
	assert_null(find_name(p, "total"));
	profile_free(p);
}

static void test_wall_clock_sorted(void **state)
{
	/* strace -qcfw -S calls */
	struct profile *p = load_fixture(FIXTURE("sh-pipeline.strace"));
	assert_int_equal(p->n_rules, 36);
	assert_int_equal(find_name(p, "wait4")->errors, 1);
	assert_int_equal(find_name(p, "statx")->calls, 1);
	profile_free(p);
}

static void test_after_program_output(void **state)
{
	struct profile *p = load_fixture(FIXTURE("with-output.strace"));
	assert_int_equal(p->n_rules, 21);
	assert_int_equal(find_name(p, "openat")->loc.line, 5);
	profile_free(p);
}

static void test_two_personalities(void **state)
{
	struct profile *p = load_fixture(FIXTURE("two-personalities.strace"));
	assert_int_equal(p->n_rules, 3);
	assert_int_equal(find_name(p, "read")->calls, 4);
	assert_non_null(find_name(p, "socketcall"));
	profile_free(p);
}

#define HEAD                                                                   \
	"% time     seconds  usecs/call     calls    errors syscall\n"         \
	"------ ----------- ----------- --------- --------- ----------------\n"
#define ROW(calls, errors, name)                                               \
	" 50.00    0.000010          10 " calls " " errors " " name "\n"
#define TOTAL(calls)                                                            \
	"------ ----------- ----------- --------- --------- ----------------\n" \
	"100.00    0.000020          10 " calls "           total\n"

static void test_unknown_number_resolved(void **state)
{
	/* strace prints syscalls it does not know by number. */
	char text[512];
	snprintf(text, sizeof(text), "%s%s%#x\n%s", HEAD,
		 " 50.00    0.000010          10         1           syscall_",
		 (unsigned)SYS_getpid, TOTAL("        1"));
	struct profile *p = load_ok(text, PROFILE_FORMAT_AUTO);
	assert_non_null(find_name(p, "getpid"));
	profile_free(p);
}

static void test_wide_counts(void **state)
{
	/* strace pads calls to 9 digits; a billion calls push the rest of
	 * the row to the right, and the row still reads right. */
	struct profile *p = load_ok(HEAD ROW("1234567890", "        7", "futex")
					    ROW("        3", "         ",
						"read") TOTAL("1234567893"),
				    PROFILE_FORMAT_AUTO);
	const struct profile_name *n = find_name(p, "futex");
	assert_non_null(n);
	assert_int_equal(n->calls, 1234567890);
	assert_int_equal(n->errors, 7);
	assert_int_equal(find_name(p, "read")->calls, 3);
	profile_free(p);
}

static const struct bad_input bad[] = {
	{ "no table", "hello\nworld\n", 0, 1, 0, "no 'strace -c' table" },
	{ "cut before total",
	  HEAD ROW("        1", "         ", "read")
		  ROW("        2", "         ", "write"),
	  0, 4, 0, "without its 'total' line" },
	{ "total missing after dashes",
	  HEAD ROW("        1", "         ",
		   "read") "------ ----------- ----------- --------- --------- ----------------\n"
			   "garbage\n",
	  0, 5, 1, "'total' line" },
	{ "sum mismatch",
	  HEAD ROW("        1", "         ", "read")
		  ROW("        2", "         ", "write") TOTAL("        9"),
	  0, 6, 1, "add up to 3 but the total line says 9" },
	/* The column of the word itself, wherever the row put it. */
	{ "bad calls",
	  HEAD ROW("      abc", "         ", "read") TOTAL("        1"), 0, 3,
	  38, "bad calls count 'abc'" },
	{ "bad errors",
	  HEAD ROW("        1", "      x1 ", "read") TOTAL("        1"), 0, 3,
	  48, "bad errors count" },
	{ "negative calls",
	  HEAD ROW("       -1", "         ", "read") TOTAL("        1"), 0, 3,
	  39, "bad calls count '-1'" },
	{ "calls beyond 64 bits",
	  HEAD ROW("18446744073709551616", "         ", "read")
		  TOTAL("        1"),
	  0, 3, 32, "calls count '18446744073709551616' is larger than" },
	{ "calls adding up beyond 64 bits",
	  HEAD ROW("18446744073709551615", "         ", "read")
		  ROW("        1", "         ", "write") TOTAL("        0"),
	  0, 4, 40, "add up to more than 2^64-1" },
	{ "row cut short", HEAD " 50.00    0.000010\n" TOTAL("        1"), 0, 3,
	  1, "a row of 2 fields in a table of 6 columns" },
	{ "name of 100 letters",
	  HEAD ROW("        1", "         ",
		   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
		  TOTAL("        1"),
	  0, 3, 52, "…' is not a syscall name" },
	{ "unknown syscall",
	  HEAD ROW("        1", "         ", "opnat") TOTAL("        1"), 0, 3,
	  52, "did you mean 'openat'?" },
	{ "header without dashes",
	  "% time     seconds  usecs/call     calls    errors syscall\nread\n",
	  0, 1, 1, "'------' line" },
	{ "blank line in table",
	  HEAD ROW("        1", "         ", "read") "\n" TOTAL("        1"), 0,
	  4, 1, "blank line" },
};

static void test_malformed(void **state)
{
	check_bad_inputs(bad, sizeof(bad) / sizeof(bad[0]),
			 PROFILE_FORMAT_STRACE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_captured_table),
		cmocka_unit_test(test_wall_clock_sorted),
		cmocka_unit_test(test_after_program_output),
		cmocka_unit_test(test_two_personalities),
		cmocka_unit_test(test_unknown_number_resolved),
		cmocka_unit_test(test_wide_counts),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
