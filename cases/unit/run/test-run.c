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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mask_restored),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
