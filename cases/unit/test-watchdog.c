#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "watchdog.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Dismissed in time: it does nothing. */
static void test_dismissed(void **state)
{
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(5, &w), 0);
	assert_true(w.pid > 0);
	pid_t pid = w.pid;
	watchdog_stop(&w);
	assert_false(watchdog_fired(&w));
	assert_int_equal(kill(pid, 0), -1); /* gone, reaped */
	watchdog_stop(&w); /* twice is fine */
	struct watchdog none = WATCHDOG_INIT;
	watchdog_stop(&none);
}

/* We stop ourselves, as a workload can stop its supervisor: the watchdog
 * kills our other child and wakes us. */
static void test_stopped_supervisor(void **state)
{
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(0.2, &w), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		for (;;)
			pause();
	}
	double start = now();
	raise(SIGSTOP);
	double waited = now() - start;
	assert_true(waited >= 0.15);
	assert_true(waited < 5);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_true(watchdog_fired(&w));
	watchdog_stop(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dismissed),
		cmocka_unit_test(test_stopped_supervisor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
