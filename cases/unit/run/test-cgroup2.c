/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "cgroup2.h"

static void test_init_close(void **state)
{
	struct cgroup2 c = CGROUP2_INIT;
	assert_int_equal(cgroup2_close(&c), 0);
	assert_int_equal(cgroup2_close(&c), 0);
}

/* The child's "0::" line names the new cgroup; close kills what is
 * left in it and removes it. */
static void test_enter_close(void **state)
{
	struct cgroup2 c;
	int r = cgroup2_open(&c);
	if (r == -EOPNOTSUPP || r == -EACCES || r == -EPERM || r == -EROFS) {
		print_message("no cgroup v2 to make here: %s\n", strerror(-r));
		skip();
	}
	assert_int_equal(r, 0);
	assert_true(c.dir_fd >= 0 && c.procs_fd >= 0);
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (cgroup2_enter(&c) < 0)
			_exit(2);
		char line[1024] = "";
		FILE *f = fopen("/proc/self/cgroup", "re");
		while (f && fgets(line, sizeof(line), f) &&
		       strncmp(line, "0::", 3) != 0)
			;
		if (write(p[1], line, strlen(line)) < 0)
			_exit(3);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	char got[1024] = "";
	assert_true(read(p[0], got, sizeof(got) - 1) > 0);
	close(p[0]);
	got[strcspn(got, "\n")] = '\0';
	const char *base = strrchr(c.dir, '/');
	assert_non_null(base);
	const char *tail = strrchr(got, '/');
	assert_non_null(tail);
	assert_string_equal(tail, base);
	char dir[sizeof(c.dir)];
	snprintf(dir, sizeof(dir), "%s", c.dir);
	assert_int_equal(cgroup2_close(&c), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	struct stat st;
	assert_int_equal(stat(dir, &st), -1);
	assert_int_equal(c.dir_fd, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_close),
		cmocka_unit_test(test_enter_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
