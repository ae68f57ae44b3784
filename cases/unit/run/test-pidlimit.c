/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "pidlimit.h"
#include "proc.h"

static void test_none(void **state)
{
	struct pidlimit l;
	assert_int_equal(pidlimit_open(0, &l), 0);
	assert_int_equal(l.kind, PIDLIMIT_NONE);
	assert_int_equal(pidlimit_enter(&l, false), 0);
	assert_int_equal(pidlimit_close(&l), 0);
}

/* A child under a bound of 8 forks paused children until fork fails and
 * says how many it made: 7 in a cgroup (with itself), fewer than 8 more
 * than the user ran before under RLIMIT_NPROC. Then close kills and
 * removes what is left. */
static void test_bound(void **state)
{
	struct pidlimit l;
	int r = pidlimit_open(8, &l);
	if (r == -EOPNOTSUPP) {
		print_message("root without a pids cgroup: nothing to test\n");
		skip();
	}
	assert_int_equal(r, 0);
	assert_true(l.kind == PIDLIMIT_CGROUP || l.kind == PIDLIMIT_RLIMIT);
	/* Orphaned grandchildren come back to us, to be ended below. */
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (pidlimit_enter(&l, false) < 0)
			_exit(2);
		int made = 0;
		while (made < 1000) {
			pid_t c = fork();
			if (c < 0)
				break;
			if (c == 0) {
				for (;;)
					pause();
			}
			made++;
		}
		if (write(p[1], &made, sizeof(made)) != sizeof(made))
			_exit(3);
		for (;;)
			pause();
	}
	close(p[1]);
	int made = -1;
	assert_int_equal(read(p[0], &made, sizeof(made)), sizeof(made));
	close(p[0]);
	if (l.kind == PIDLIMIT_CGROUP)
		assert_int_equal(made, 7);
	else
		assert_true(made >= 1 && made < 8);
	char dir[sizeof(l.dir)];
	snprintf(dir, sizeof(dir), "%s", l.dir);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (l.kind == PIDLIMIT_CGROUP) {
		/* The paused grandchildren are still in it: close kills
		 * them and removes the cgroup. */
		assert_int_equal(pidlimit_close(&l), made);
		struct stat st;
		assert_int_equal(stat(dir, &st), -1);
		assert_int_equal(
			proc_kill_descendants(50, (pid_t[PROC_SPARE]){ 0 }), 0);
	} else {
		assert_int_equal(pidlimit_close(&l), 0); /* no cgroup */
		/* The orphans came back to us, their subreaper. */
		assert_int_equal(
			proc_kill_descendants(50, (pid_t[PROC_SPARE]){ 0 }),
			made);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_bound),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
