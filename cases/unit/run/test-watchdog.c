/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "profile-helpers.h"
#include "filter.h"
#include "runner.h"
#include "watchdog.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s,
			       (long)((s - (double)(time_t)s) * 1e9) };
	nanosleep(&ts, NULL);
}

/* Whether it fires within 5 s (it ends our other children if it does). */
static bool fires_soon(const struct watchdog *w)
{
	double start = now();
	while (!watchdog_fired(w) && now() - start < 5)
		sleep_s(0.05);
	return watchdog_fired(w);
}

/* Dismissed in time: it does nothing. */
static void test_dismissed(void **state)
{
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(5, 0, &w), 0);
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
	assert_int_equal(watchdog_start(0.2, 0, &w), 0);
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

/* A slow setup does not count: armed after 0.5 s, a watchdog of 0.3 s
 * (with 1 s for setup) has not fired 0.1 s later, then fires when its
 * 0.3 s from arming are up. */
static void test_armed_late(void **state)
{
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(0.3, 1, &w), 0);
	sleep_s(0.5);
	assert_false(watchdog_fired(&w));
	watchdog_arm(&w);
	sleep_s(0.1);
	assert_false(watchdog_fired(&w));
	assert_true(fires_soon(&w));
	watchdog_stop(&w);
}

/* Never armed (we were stopped before we could arm it): it still fires,
 * once its setup time is up too. */
static void test_unarmed(void **state)
{
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(0.2, 0.4, &w), 0);
	sleep_s(0.35);
	assert_false(watchdog_fired(&w));
	assert_true(fires_soon(&w));
	watchdog_stop(&w);
}

/* runner_spawn arms it from the child, before the workload runs: a
 * watchdog that would wait 8 s more unarmed ends a spawned sleep after
 * its 0.3 s (and the sleep with it). */
static void test_spawn_arms(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	struct filter *f = NULL;
	struct filter_options o = { 0 };
	struct diag d = { 0 };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(0.3, 8, &w), 0);
	char path[4096];
	assert_int_equal(runner_find_program("sleep", path, sizeof(path)), 0);
	char *argv[] = { (char *)"sleep", (char *)"30", NULL };
	struct runner_spec spec = {
		.path = path, .argv = argv, .filter = f, .watchdog = &w
	};
	struct runner_child c;
	struct runner_failure fail;
	assert_int_equal(runner_spawn(&spec, &c, &fail), 0);
	double start = now();
	int status;
	assert_int_equal(waitpid(c.pid, &status, 0), c.pid);
	assert_true(now() - start < 5); /* unarmed: 8.3 s */
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_true(watchdog_fired(&w));
	watchdog_stop(&w);
	close(c.exec_fd);
	filter_free(f);
	profile_free(p);
}

/* Arming a watchdog that is gone (killed, or it gave up at start) fails
 * quietly: no SIGPIPE to kill the child that arms it, as a pipe would. */
static void test_arm_gone(void **state)
{
	struct watchdog w = WATCHDOG_INIT;
	assert_int_equal(watchdog_start(5, 0, &w), 0);
	assert_int_equal(kill(w.pid, SIGKILL), 0);
	assert_int_equal(waitpid(w.pid, NULL, 0), w.pid);
	watchdog_arm(&w); /* with SIGPIPE's default action: death */
	assert_false(watchdog_fired(&w));
	watchdog_stop(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dismissed),
		cmocka_unit_test(test_stopped_supervisor),
		cmocka_unit_test(test_armed_late),
		cmocka_unit_test(test_unarmed),
		cmocka_unit_test(test_spawn_arms),
		cmocka_unit_test(test_arm_gone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
