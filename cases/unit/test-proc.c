#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "proc.h"

static void test_self(void **state)
{
	assert_int_equal(proc_tgid(getpid()), getpid());
	char exe[256];
	assert_int_equal(proc_exe(getpid(), exe, sizeof(exe)), 0);
	assert_non_null(strstr(exe, "test-proc"));
	assert_true(proc_alive(getpid()));
	assert_true(proc_tgid(999999999) < 0);
}

static void test_signal_handled(void **state)
{
	signal(SIGSYS, SIG_DFL);
	assert_false(proc_signal_handled(getpid(), SIGSYS));
	signal(SIGSYS, SIG_IGN);
	assert_true(proc_signal_handled(getpid(), SIGSYS));
	signal(SIGSYS, SIG_DFL);
}

/* A daemon: double fork and setsid, so only the subreaper finds it. */
static void test_kill_descendants(void **state)
{
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t child = fork();
	if (child == 0) {
		if (fork() == 0) {
			setsid();
			pid_t me = getpid();
			if (write(p[1], &me, sizeof(me)) < 0)
				_exit(1);
			for (;;)
				pause();
		}
		_exit(0);
	}
	pid_t daemon = 0;
	assert_int_equal(read(p[0], &daemon, sizeof(daemon)), sizeof(daemon));
	waitpid(child, NULL, 0);
	assert_true(proc_alive(daemon));
	assert_true(proc_kill_descendants(50) >= 1);
	assert_false(proc_alive(daemon));
	assert_int_equal(kill(daemon, 0), -1); /* reaped, not a zombie */
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_signal_handled),
		cmocka_unit_test(test_kill_descendants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
