/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "profile-helpers.h"

static const char *const seed[] = {
	"read",		  "write",
	"close",	  "mmap",
	"munmap",	  "rt_sigaction",
	"rt_sigprocmask", "clone",
	"execve",	  "sigaltstack",
	"arch_prctl",	  "gettid",
	"futex",	  "sched_getaffinity",
	"epoll_ctl",	  "openat",
	"newfstatat",	  "readlinkat",
	"pselect6",	  "epoll_pwait",
	"epoll_create1",  "exit_group",
};

static void test_seed(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("seed-go.list"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_int_equal(p->format, PROFILE_FORMAT_LIST);
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(p->n_rules, 22);
	for (size_t i = 0; i < 22; i++) {
		const struct profile_rule *r = &p->rules[i];
		assert_int_equal(r->n_names, 1);
		assert_string_equal(r->names[0].name, seed[i]);
		assert_int_equal(r->action.type, PROFILE_ACT_ALLOW);
		/* Two comment lines come first. */
		assert_int_equal(r->names[0].loc.line, i + 3);
		assert_int_equal(r->names[0].loc.column, 1);
		assert_true(r->active);
	}
	profile_free(p);
}

static void test_errno_comments_whitespace(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("tolerated.list"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_int_equal(p->n_rules, 6);
	const struct profile_rule *r = find_rule(p, "clone3");
	assert_non_null(r);
	assert_int_equal(r->action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(r->action.value, ENOSYS);
	r = find_rule(p, "faccessat2");
	assert_int_equal(r->action.value, 38);
	r = find_rule(p, "write");
	assert_string_equal(r->comment, "trailing comments are fine");
	const struct profile_name *n = find_name(p, "openat");
	assert_int_equal(n->loc.line, 9);
	assert_int_equal(n->loc.column, 3);
	profile_free(p);
}

static void test_crlf_accepted(void **state)
{
	struct profile *p = load_ok("read\r\n# c\r\nwrite errno=EPERM\r\n",
				    PROFILE_FORMAT_AUTO);
	assert_int_equal(p->n_rules, 2);
	assert_string_equal(p->rules[0].names[0].name, "read");
	assert_string_equal(p->rules[1].names[0].name, "write");
	assert_int_equal(p->rules[1].names[0].loc.line, 3);
	assert_int_equal(p->rules[1].action.value, EPERM);
	profile_free(p);
}

static void test_same_line_twice_is_kept(void **state)
{
	/* Not an error: lint reports it as a duplicate. */
	struct profile *p = load_ok("read\nread\n", PROFILE_FORMAT_LIST);
	assert_int_equal(p->n_rules, 2);
	profile_free(p);
}

static void test_newer_syscall_accepted(void **state)
{
	struct profile *p = load_ok("read\nmseal\n", PROFILE_FORMAT_LIST);
	assert_non_null(find_rule(p, "mseal"));
	profile_free(p);
}

static void test_keep_unknown(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	const char *t = "read\nopnat\n";
	assert_int_equal(profile_load_buffer("x", t, strlen(t),
					     PROFILE_FORMAT_LIST,
					     PROFILE_LOAD_KEEP_UNKNOWN, &p, &d),
			 0);
	assert_non_null(find_rule(p, "opnat"));
	profile_free(p);
}

static const struct bad_input bad[] = {
	{ "empty file", "", 0, 0, 0, "empty" },
	{ "only comments", "# nothing\n\n", 0, 0, 0, "empty" },
	{ "two errnos", "read errno=EPERM errno=EACCES\n", 0, 1, 18,
	  "a second errno" },
	{ "byte order mark then typo", "\xef\xbb\xbfopnat\n", 0, 1, 1,
	  "did you mean 'openat'?" },
	{ "typo", "read\n\nopnat\n", 0, 3, 1, "did you mean 'openat'?" },
	{ "typo indented", "  readd\n", 0, 1, 3, "unknown syscall 'readd'" },
	{ "two unknown", "opnat\nfoo_bar_baz\n", 0, 1, 1, "1 more" },
	{ "bad errno name", "read errno=EFOO\n", 0, 1, 12, "bad errno 'EFOO'" },
	{ "errno zero", "read errno=0\n", 0, 1, 12, "bad errno" },
	{ "errno too big", "read errno=5000\n", 0, 1, 12, "bad errno" },
	/* Octal to strtoul (ENOEXEC), decimal to a reader (ECHILD). */
	{ "errno with a leading zero", "read errno=010\n", 0, 1, 12,
	  "bad errno '010'" },
	{ "errno in hex", "read errno=0x10\n", 0, 1, 12, "bad errno '0x10'" },
	{ "extra word", "read write\n", 0, 1, 6, "unexpected 'write'" },
	{ "not a name", "Read!\n", 0, 1, 1, "not a syscall name" },
	{ "conflict", "read\nwrite\nread errno=EPERM\n", 0, 3, 1,
	  "another action" },
	{ "stray cr", "read\nwr\rite\n", 0, 2, 3, "carriage return" },
	{ "nul byte", "read\nwr\0ite\n", 12, 2, 3, "binary data" },
	{ "invalid utf-8", "read\n\xff\xfe\n", 0, 2, 1, "binary data" },
	{ "truncated utf-8", "read\n\xe2\x82", 0, 2, 1, "binary data" },
};

static void test_malformed(void **state)
{
	check_bad_inputs(bad, sizeof(bad) / sizeof(bad[0]),
			 PROFILE_FORMAT_LIST);
}

static void test_format_detection(void **state)
{
	assert_int_equal(profile_detect("  \n{", 4), PROFILE_FORMAT_OCI);
	assert_int_equal(profile_detect("read\n", 5), PROFILE_FORMAT_LIST);
	assert_int_equal(profile_detect("\n[1]", 4), PROFILE_FORMAT_OCI);
	const char *s = "output\n% time     seconds\n";
	assert_int_equal(profile_detect(s, strlen(s)), PROFILE_FORMAT_STRACE);
}

/* A buffer without a NUL at its end (a mapped file, a fuzzer's input):
 * nothing past len is read (ASan would see it: the allocation ends
 * there). Each format, detected. */
static void test_unterminated_buffer(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"read\nwrite\n",
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		"[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		"% time     seconds  usecs/call     calls    errors syscall\n"
		"------ ----------- ----------- --------- --------- "
		"----------------\n"
		"100.00    0.000001           1         1           read\n"
		"------ ----------- ----------- --------- --------- "
		"----------------\n"
		"100.00    0.000001           1         1           total\n",
	};
	static const enum profile_format want[] = { PROFILE_FORMAT_LIST,
						    PROFILE_FORMAT_OCI,
						    PROFILE_FORMAT_STRACE };
	for (size_t i = 0; i < 3; i++) {
		size_t len = strlen(texts[i]);
		char *buf = malloc(len);
		assert_non_null(buf);
		memcpy(buf, texts[i], len);
		assert_int_equal(profile_detect(buf, len), want[i]);
		struct profile *p = NULL;
		struct diag d = { 0 };
		assert_int_equal(profile_load_buffer("buf", buf, len,
						     PROFILE_FORMAT_AUTO, 0, &p,
						     &d),
				 0);
		assert_int_equal(p->format, want[i]);
		assert_true(profile_count_names(p) >= 1);
		profile_free(p);
		free(buf);
	}
}

static void test_huge_name(void **state)
{
	/* A name of 100,000 bytes: quoted in part, so the message still
	 * says what is wrong (the whole name pushed it out of the
	 * buffer). The cut lands on a character boundary. */
	const char *pre = "read\n", *post = "\n";
	assert_huge_name_refused(PROFILE_FORMAT_LIST, pre, post, 2, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_errno_comments_whitespace),
		cmocka_unit_test(test_crlf_accepted),
		cmocka_unit_test(test_same_line_twice_is_kept),
		cmocka_unit_test(test_newer_syscall_accepted),
		cmocka_unit_test(test_keep_unknown),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_huge_name),
		cmocka_unit_test(test_unterminated_buffer),
		cmocka_unit_test(test_format_detection),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
