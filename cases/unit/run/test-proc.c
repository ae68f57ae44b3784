/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "proc.h"
#include "util.h"

static void test_self(void **state)
{
	assert_int_equal(proc_tgid(getpid()), getpid());
	char exe[256];
	assert_int_equal(proc_exe(getpid(), exe, sizeof(exe)), 0);
	assert_non_null(strstr(exe, "test-proc"));
	assert_true(proc_alive(getpid()));
	assert_true(proc_tgid(999999999) < 0);
}

/* Under valgrind, test_signal_handled_child covers the same. */
static void test_signal_handled(void **state)
{
	skip_if_valgrind("valgrind catches every signal itself: /proc/self "
			 "shows its handlers, not the test's dispositions");
	signal(SIGSYS, SIG_DFL);
	assert_false(proc_signal_handled(getpid(), SIGSYS));
	signal(SIGSYS, SIG_IGN);
	assert_true(proc_signal_handled(getpid(), SIGSYS));
	signal(SIGSYS, SIG_DFL);
}

/* A child that set up sig (SIG_DFL, SIG_IGN or blocked) and exec'd
 * sleep: its pid, once the exec has happened. Exec'd, it runs natively
 * even under valgrind (--trace-children=no), which hands the ignored
 * dispositions and the mask over to it like the kernel does. */
static pid_t exec_sleeper(int sig, bool ignore, bool block)
{
	int p[2];
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sigset_t set;
		sigemptyset(&set);
		if (block)
			sigaddset(&set, sig);
		signal(sig, ignore ? SIG_IGN : SIG_DFL);
		sigprocmask(SIG_SETMASK, &set, NULL);
		execlp("sleep", "sleep", "60", (char *)NULL);
		int e = errno;
		if (write(p[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(127);
	}
	close(p[1]);
	int e = 0;
	/* EOF: the exec closed the write end. */
	ssize_t n = read(p[0], &e, sizeof(e));
	close(p[0]);
	if (n != 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		fail_msg("exec sleep: %s", n < 0 ? "no answer" : strerror(e));
	}
	return pid;
}

static void end_sleeper(pid_t pid)
{
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

/* Another process, as the harness asks about its workloads. */
static void test_signal_handled_child(void **state)
{
	static const struct {
		bool ignore, block, handled;
	} t[] = {
		{ false, false, false },
		{ true, false, true },
		{ false, true, true },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		pid_t pid = exec_sleeper(SIGSYS, t[i].ignore, t[i].block);
		bool got = proc_signal_handled(pid, SIGSYS);
		bool usr1 = proc_signal_handled(pid, SIGUSR1);
		end_sleeper(pid);
		if (got != t[i].handled)
			fail_msg("ignore=%d block=%d: handled=%d", t[i].ignore,
				 t[i].block, got);
		assert_false(usr1);
	}
}

/* A daemon: double fork and setsid, so only the subreaper finds it. */
/* Each pid counts once, in order, whatever order and repeats it came in:
 * a process still dying is seen again in the next round. */
static void test_pidset(void **state)
{
	struct proc_pidset s = { 0 };
	const pid_t in[] = { 40, 7, 40, 900, 7, 1, 900, 41 };
	int added = 0;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		int r = proc_pidset_add(&s, in[i]);
		assert_true(r == 0 || r == 1);
		added += r;
	}
	assert_int_equal(added, 5);
	assert_int_equal(s.n, 5);
	const pid_t want[] = { 1, 7, 40, 41, 900 };
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(s.v[i], want[i]);
	free(s.v);
}

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
	assert_true(proc_kill_descendants(50, (pid_t[PROC_SPARE]){ 0 }) >= 1);
	assert_false(proc_alive(daemon));
	assert_int_equal(kill(daemon, 0), -1); /* reaped, not a zombie */
	close(p[0]);
	close(p[1]);
}

static pid_t fork_paused(void)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

/* The spare child (the watchdog) is left alone, both when others are
 * there (a child and its own child, two deep) and when it is the only
 * one (answered without a scan of /proc). */
static void test_kill_spared(void **state)
{
	assert_int_equal(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
	pid_t spare = fork_paused();
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		pid_t grandchild = fork_paused();
		if (write(p[1], &grandchild, sizeof(grandchild)) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	pid_t grandchild = 0;
	assert_int_equal(read(p[0], &grandchild, sizeof(grandchild)),
			 sizeof(grandchild));
	assert_int_equal(
		proc_kill_descendants(50, (pid_t[PROC_SPARE]){ spare }), 2);
	assert_false(proc_alive(child));
	assert_false(proc_alive(grandchild));
	assert_true(proc_alive(spare));
	assert_int_equal(
		proc_kill_descendants(50, (pid_t[PROC_SPARE]){ spare }), 0);
	assert_true(proc_alive(spare));
	kill(spare, SIGKILL);
	assert_int_equal(waitpid(spare, NULL, 0), spare);
	close(p[0]);
	close(p[1]);
}

/* Our cgroup from /proc/self/cgroup: the v2 line ("0::PATH", which once
 * never matched: its ID was compared with the separator still on) and a
 * v1 controller's, below the mount point, without the mount's root. */
static void test_own_cgroup(void **state)
{
	(void)state;
	cleanup_fclose FILE *f = fopen("/proc/self/cgroup", "re");
	assert_non_null(f);
	char line[1024], v2[1024] = "", pids[1024] = "";
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "0::", 3) == 0)
			snprintf(v2, sizeof(v2), "%s", line + 3);
		const char *p = strstr(line, ":pids:");
		if (p)
			snprintf(pids, sizeof(pids), "%s", p + 6);
	}
	char buf[2048], want[2048];
	if (v2[0]) {
		assert_int_equal(
			proc_own_cgroup("/mnt", "/", NULL, buf, sizeof(buf)),
			0);
		snprintf(want, sizeof(want), "/mnt%s",
			 strcmp(v2, "/") == 0 ? "" : v2);
		assert_string_equal(buf, want);
	}
	if (pids[0]) {
		assert_int_equal(
			proc_own_cgroup("/p", "/", "pids", buf, sizeof(buf)),
			0);
		assert_non_null(strstr(buf, "/p"));
	}
	assert_int_equal(proc_own_cgroup("/x", "/", "nosuchcontroller", buf,
					 sizeof(buf)),
			 -ENOENT);
	assert_true(proc_has_word("rw,pids,x", "pids"));
	assert_false(proc_has_word("rw,pidsx", "pids"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_self),
		cmocka_unit_test(test_signal_handled),
		cmocka_unit_test(test_signal_handled_child),
		cmocka_unit_test(test_pidset),
		cmocka_unit_test(test_kill_descendants),
		cmocka_unit_test(test_kill_spared),
		cmocka_unit_test(test_own_cgroup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
