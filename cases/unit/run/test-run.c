/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>

#include "profile-helpers.h"
#include "run.h"

/* A run blocks SIGINT, SIGTERM, SIGHUP and SIGCHLD for its signalfd and
 * must hand them back: after it, the mask is what it was, and what the
 * program does next can be interrupted. */
static void test_mask_restored(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	char *argv[] = { (char *)"true", NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "true", argv, &d), 0);
	assert_int_equal(job_find_program(&j, &d), 0);
	j.timeout = 10;
	sigset_t before, after;
	sigemptyset(&before);
	sigaddset(&before, SIGUSR1); /* the caller's own stays */
	assert_int_equal(sigprocmask(SIG_SETMASK, &before, NULL), 0);
	struct observations res;
	struct run_options o = { 0 };
	struct run_error err;
	assert_int_equal(run_workload(&j, p, &o, &res, &err), 0);
	assert_true(res.exited);
	assert_int_equal(sigprocmask(SIG_SETMASK, NULL, &after), 0);
	assert_true(sigismember(&after, SIGUSR1));
	const int freed[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	for (size_t i = 0; i < 4; i++)
		assert_false(sigismember(&after, freed[i]));
	observations_clear(&res);
	job_clear(&j);
	profile_free(p);
	sigemptyset(&before);
	sigprocmask(SIG_SETMASK, &before, NULL);
}

/* A shell's run under an allow-all profile with stdout and stderr as
 * given; its observations in ret. */
static void run_sh(const char *script, enum capture_mode out,
		   enum capture_mode err, struct observations *ret)
{
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)script, NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "sh", argv, &d), 0);
	assert_int_equal(job_find_program(&j, &d), 0);
	j.timeout = 20;
	j.out = out;
	j.err = err;
	struct run_options o = { 0 };
	struct run_error e;
	assert_int_equal(run_workload(&j, p, &o, ret, &e), 0);
	job_clear(&j);
	profile_free(p);
}

/* What the workload's streams are is what the job says, and what it
 * wrote comes back: a regular file both share (2>&1), a pipe drained as
 * it goes (200 kB, past what a pipe holds, ends on its own), a terminal,
 * /dev/null. */
static void test_stdio(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
	static struct observations o;
	run_sh("test -f /dev/stdout && test -f /dev/stderr && echo regular; "
	       "echo to-err >&2",
	       CAPTURE_FILE, CAPTURE_FILE, &o);
	assert_true(o.exited && o.exit_code == 0);
	assert_true(o.captured);
	assert_string_equal(o.output.text, "regular\nto-err\n");
	observations_clear(&o);

	run_sh("test -p /dev/stdout || exit 7; head -c 200000 /dev/zero | "
	       "tr '\\0' a; test -c /dev/stderr && ! test -t 2 && echo null",
	       CAPTURE_PIPE, CAPTURE_NULL, &o);
	assert_false(o.timed_out);
	assert_true(o.exited);
	assert_int_equal(o.exit_code, 0);
	assert_int_equal(o.output.total, 200000 + 5);
	assert_int_equal(o.output.text[0], 'a');
	assert_string_equal(o.output.text + o.output.len - 6, "anull\n");
	observations_clear(&o);

	run_sh("test -t 1 && echo terminal", CAPTURE_TTY, CAPTURE_INHERIT, &o);
	assert_true(o.exited && o.exit_code == 0);
	assert_string_equal(o.output.text, "terminal\r\n");
	observations_clear(&o);

	/* Inherited: nothing is captured. */
	run_sh("true", CAPTURE_INHERIT, CAPTURE_INHERIT, &o);
	assert_false(o.captured);
	assert_int_equal(o.output.total, 0);
	observations_clear(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_restored),
		cmocka_unit_test(test_stdio),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
