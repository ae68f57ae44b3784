#include <signal.h>

#include "profile-helpers.h"
#include "session.h"

/* A run blocks SIGINT, SIGTERM, SIGHUP and SIGCHLD for its signalfd and
 * must hand them back: after it, the mask is what it was, and what the
 * program does next can be interrupted. */
static void test_mask_restored(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	char path[4096];
	assert_int_equal(runner_find_program("true", path, sizeof(path)), 0);
	char *argv[] = { (char *)"true", NULL };
	struct session_spec spec = {
		.profile = p, .path = path, .argv = argv, .timeout = 10
	};
	sigset_t before, after;
	sigemptyset(&before);
	sigaddset(&before, SIGUSR1); /* the caller's own stays */
	assert_int_equal(sigprocmask(SIG_SETMASK, &before, NULL), 0);
	struct sv_result res;
	enum session_failure why;
	struct runner_failure spawn;
	struct diag d = { 0 };
	assert_int_equal(session_run(&spec, &res, &why, &spawn, &d), 0);
	assert_int_equal(why, SESSION_OK);
	assert_true(res.exited);
	assert_int_equal(sigprocmask(SIG_SETMASK, NULL, &after), 0);
	assert_true(sigismember(&after, SIGUSR1));
	const int freed[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	for (size_t i = 0; i < 4; i++)
		assert_false(sigismember(&after, freed[i]));
	sv_result_clear(&res);
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
