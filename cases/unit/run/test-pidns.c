/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "pidns.h"
#include "proc.h"

/* The first process: says its pid and parent there (a pipe), leaves a
 * setsid grandchild paused, exits 7. */
static pid_t start_first(void *arg)
{
	int fd = *(int *)arg;
	pid_t pid = fork();
	if (pid == 0) {
		char line[64];
		int n = snprintf(line, sizeof(line), "%d %d\n", (int)getpid(),
				 (int)getppid());
		if (write(fd, line, (size_t)n) != n)
			_exit(1);
		if (fork() == 0) {
			setsid();
			for (;;)
				pause();
		}
		_exit(7);
	}
	return pid;
}

static sigset_t block_all(void)
{
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	return old;
}

/* The first process is pid 2, its parent the init (1); its wait status
 * comes on status_fd; closing ends the grandchild too. */
static void test_spawn(void **state)
{
	int p[2];
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	struct pidns ns;
	sigset_t old = block_all();
	int r = pidns_spawn(start_first, &p[1], &ns);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (r < 0) {
		print_message("no pid namespace here (%s): nothing to test\n",
			      strerror(-r));
		assert_int_equal(ns.kind, PIDNS_NONE);
		assert_int_equal(ns.error, r);
		skip();
	}
	close(p[1]);
	assert_true(ns.kind == PIDNS_PID || ns.kind == PIDNS_PID_USER);
	assert_int_equal(ns.kind == PIDNS_PID_USER, geteuid() != 0);
	assert_true(ns.holder > 0 && ns.init > 0 && ns.ns_dev && ns.ns_ino);
	char line[64] = "";
	assert_true(read(p[0], line, sizeof(line) - 1) > 0);
	close(p[0]);
	assert_string_equal(line, "2 1\n");
	int status = 0;
	assert_int_equal(read(ns.status_fd, &status, sizeof(status)),
			 sizeof(status));
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	/* The grandchild is a member still: the init holds it. */
	pid_t init = ns.init;
	assert_true(proc_alive(init));
	pidns_close(&ns);
	assert_false(proc_alive(init));
	assert_int_equal(ns.holder, 0);
	assert_int_equal(ns.keep_fd, -1);
	pidns_close(&ns);
}

/* The names reports carry, both ways, and the modes. */
static void test_names(void **state)
{
	for (int k = 0; k < PIDNS_MAX; k++) {
		enum pidns_kind back;
		assert_int_equal(pidns_kind_parse(pidns_kind_name(k), &back),
				 0);
		assert_int_equal(back, k);
		assert_string_not_equal(pidns_kind_words(k), "?");
	}
	enum pidns_mode m;
	assert_int_equal(pidns_mode_parse("pid", &m), 0);
	assert_int_equal(m, PIDNS_MODE_PID);
	assert_int_equal(pidns_mode_parse("none", &m), 0);
	assert_int_equal(m, PIDNS_MODE_NONE);
	assert_int_equal(pidns_mode_parse("PID", &m), -EINVAL);
	assert_string_equal(pidns_kind_name(PIDNS_MAX), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spawn),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
