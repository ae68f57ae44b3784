/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "profile-helpers.h"
#include "filter.h"
#include "runner.h"
#include "supervisor.h"
#include "util.h"

#define NO_SECCOMP                                                             \
	"valgrind 3.19 lacks seccomp(2): the workload cannot load its filter"

/* A workload built with the project, from SCAUDIT_WORKLOADS. */
static const char *workload(const char *name)
{
	static char paths[4][PATH_MAX];
	static unsigned next;
	const char *dir = getenv("SCAUDIT_WORKLOADS");
	if (!dir || !*dir) {
		print_error("SCAUDIT_WORKLOADS is not set (meson test sets "
			    "it)\n");
		fail();
	}
	char *p = paths[next++ % ARRAY_SIZE(paths)];
	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	assert_int_equal(access(p, X_OK), 0);
	return p;
}

/* An OCI profile that allows everything but getppid, which gets action
 * (and errnoRet 1 for errno); action NULL: allow everything. */
static char *profile_text(const char *action)
{
	char *text = NULL;
	if (!action)
		assert_true(asprintf(&text, "{\"defaultAction\": "
					    "\"SCMP_ACT_ALLOW\"}") > 0);
	else
		assert_true(
			asprintf(&text,
				 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", "
				 "\"syscalls\": [{\"names\": [\"getppid\"], "
				 "\"action\": \"%s\"%s}]}",
				 action,
				 strcmp(action, "SCMP_ACT_ERRNO") == 0
					 ? ", \"errnoRet\": 1"
					 : "") > 0);
	return text;
}

struct sup_run {
	const char *action; /* getppid's; NULL: allow all */
	const char *path; /* the executable */
	char *const *argv;
	bool learn, notify_all;
	bool observe_all; /* the supervisor's: executables cached */
	double timeout; /* 0: 30 s, so that no test can hang */
	bool trace; /* ptrace-seize the main process (trace_sigsys) */
};

/* Build the filter, then as run.c's run_workload and supervise() do:
 * prepare, spawn, supervise, close the signalfd and give the mask back.
 * Returns the main process's pid; nothing of the run is left after. */
static pid_t supervise(const struct sup_run *run, struct observations *res)
{
	char *text = profile_text(run->action);
	struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	free(text);
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options fo = { .observe = true,
				     .notify_all = run->notify_all };
	assert_int_equal(filter_build(p, &fo, &f, &d), 0);

	sigset_t mask;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	int sigfd = supervisor_prepare();
	if (sigfd < 0)
		sigprocmask(SIG_SETMASK, &mask, NULL);
	assert_true(sigfd >= 0);
	struct runner_spec spec = { .path = run->path,
				    .argv = run->argv,
				    .quiet = true,
				    .filter = f,
				    .observe = true,
				    .trace = run->trace };
	struct runner_child child;
	struct runner_failure fail;
	int r = runner_spawn(&spec, &child, &fail);
	if (r < 0) {
		close(sigfd);
		sigprocmask(SIG_SETMASK, &mask, NULL);
		print_error("spawn: %s: %s\n", runner_stage_name(fail.stage),
			    strerror(fail.error));
	}
	assert_int_equal(r, 0);
	struct supervisor_options so = {
		.filter = f,
		.learn = run->learn,
		.timeout = run->timeout > 0 ? run->timeout : 30,
		.trace_sigsys = run->trace,
		.observe_all = run->observe_all,
	};
	r = supervisor_run(&child, sigfd, &so, res);
	close(sigfd);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	filter_free(f);
	profile_free(p);
	assert_int_equal(r, 0);
	/* Ended and reaped, all of it. */
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG | __WALL), -1);
	assert_int_equal(errno, ECHILD);
	return child.pid;
}

static const struct obs_call *find_call(const struct observations *o,
					const char *name, bool launcher)
{
	for (size_t i = 0; i < o->n_calls; i++)
		if (strcmp(o->calls[i].name, name) == 0 &&
		    o->calls[i].launcher == launcher)
			return &o->calls[i];
	return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Made the supervisor: a subreaper with SIGCHLD, SIGINT, SIGTERM and
 * SIGHUP blocked for a non-blocking, close-on-exec signalfd. */
static void test_prepare(void **state)
{
	sigset_t mask, now;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	assert_int_equal(sigprocmask(SIG_SETMASK, &mask, NULL), 0);
	int sigfd = supervisor_prepare();
	assert_true(sigfd >= 0);
	assert_int_equal(sigprocmask(SIG_SETMASK, NULL, &now), 0);
	const int blocked[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGUSR1 };
	for (size_t i = 0; i < ARRAY_SIZE(blocked); i++)
		assert_true(sigismember(&now, blocked[i]));
	assert_false(sigismember(&now, SIGQUIT));
	int subreaper = 0;
	assert_int_equal(prctl(PR_GET_CHILD_SUBREAPER, &subreaper), 0);
	assert_int_equal(subreaper, 1);
	assert_true(fcntl(sigfd, F_GETFD) & FD_CLOEXEC);
	assert_true(fcntl(sigfd, F_GETFL) & O_NONBLOCK);
	/* A SIGCHLD comes through it. */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	ssize_t n = -1;
	char buf[128 * 4]; /* struct signalfd_siginfo is 128 bytes */
	for (int i = 0; i < 1000 && n < 0; i++) {
		n = read(sigfd, buf, sizeof(buf));
		if (n < 0)
			nanosleep(&tick, NULL);
	}
	assert_true(n >= 128);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	close(sigfd);
	sigemptyset(&mask);
	sigprocmask(SIG_SETMASK, &mask, NULL);
}

/* What the profile does with getppid, the workload's only call it does
 * not allow, and how the run ends. */
static void test_actions(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	const struct {
		const char *what, *action;
		bool strict; /* syscaller -x: exit 3 if denied */
		bool learn;
		/* The outcome. */
		int exit_code; /* -1: killed by signal */
		int signal;
		enum profile_action_type type;
		uint32_t value;
		bool fatal;
	} t[] = {
		{ "errno", "SCMP_ACT_ERRNO", false, false, 0, 0,
		  PROFILE_ACT_ERRNO, 1, false },
		{ "errno reaches the workload", "SCMP_ACT_ERRNO", true, false,
		  3, 0, PROFILE_ACT_ERRNO, 1, false },
		{ "learn lets it through", "SCMP_ACT_ERRNO", true, true, 0, 0,
		  PROFILE_ACT_ERRNO, 1, false },
		{ "kill-process", "SCMP_ACT_KILL_PROCESS", false, false, -1,
		  SIGSYS, PROFILE_ACT_KILL_PROCESS, 0, true },
		{ "kill-thread", "SCMP_ACT_KILL_THREAD", false, false, -1,
		  SIGSYS, PROFILE_ACT_KILL_THREAD, 0, true },
		{ "trap", "SCMP_ACT_TRAP", false, false, -1, SIGSYS,
		  PROFILE_ACT_TRAP, 0, true },
		{ "kill, learned", "SCMP_ACT_KILL_PROCESS", true, true, 0, 0,
		  PROFILE_ACT_KILL_PROCESS, 0, false },
		/* No tracer: ENOSYS, a denial for syscaller. */
		{ "trace", "SCMP_ACT_TRACE", true, false, 3, 0,
		  PROFILE_ACT_TRACE, 0, false },
		{ "log runs it", "SCMP_ACT_LOG", true, false, 0, 0,
		  PROFILE_ACT_LOG, 0, false },
	};
	const char *syscaller = workload("syscaller");
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *strict[] = { (char *)"syscaller", (char *)"-x",
				   (char *)"getppid", NULL };
		char *lax[] = { (char *)"syscaller", (char *)"getppid", NULL };
		struct sup_run run = { .action = t[i].action,
				       .path = syscaller,
				       .argv = t[i].strict ? strict : lax,
				       .learn = t[i].learn };
		struct observations res;
		pid_t pid = supervise(&run, &res);
		print_message("case '%s': exited %d (%d) signaled %d (%d), "
			      "%zu calls\n",
			      t[i].what, res.exited, res.exit_code,
			      res.signaled, res.signal, res.n_calls);
		assert_false(res.timed_out);
		assert_false(res.exec_failed);
		assert_int_equal(res.leftover, 0);
		if (t[i].exit_code >= 0) {
			assert_true(
				observations_exited_with(&res, t[i].exit_code));
			assert_false(res.signaled);
			assert_false(res.sigsys_ours);
		} else {
			assert_false(res.exited);
			assert_true(res.signaled);
			assert_int_equal(res.signal, t[i].signal);
			assert_true(res.sigsys_ours);
			/* syscaller leaves SIGSYS alone: no stand-in. */
			assert_false(res.used_sigkill);
		}
		/* getppid, the one call the filter reported. */
		assert_int_equal(res.n_calls, 1);
		const struct obs_call *c = find_call(&res, "getppid", false);
		assert_non_null(c);
		assert_int_equal(c->arch, seccomp_arch_native());
		assert_int_equal(c->nr,
				 seccomp_syscall_resolve_name("getppid"));
		assert_int_equal(c->action.type, t[i].type);
		assert_int_equal(c->action.value, t[i].value);
		assert_int_equal(c->fatal, t[i].fatal);
		assert_false(c->launcher);
		assert_true(c->count >= 1);
		assert_true(res.notifications >= c->count);
		assert_int_equal(c->pid, pid);
		assert_int_equal(c->tid, pid);
		assert_int_equal(c->n_pids, 1);
		assert_int_equal(c->pids[0], pid);
		/* syscall(nr, -1, ...): the first occurrence's arguments. */
		assert_true(c->args[0] == (uint64_t)-1);
		assert_true(ends_with(c->exe, "/syscaller"));
		observations_clear(&res);
	}
}

/* A workload that ignores or blocks SIGSYS cannot survive a kill action
 * (nor a trap, whose SIGSYS the kernel forces back to its default): a
 * SIGSYS we send would not kill it, so SIGKILL stands in. */
static void test_sigsys_handled(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	const struct {
		const char *mode, *action;
	} t[] = {
		{ "sigsys-ignored", "SCMP_ACT_KILL_PROCESS" },
		{ "sigsys-blocked", "SCMP_ACT_KILL_PROCESS" },
		{ "sigsys-ignored", "SCMP_ACT_TRAP" },
		{ "sigsys-blocked", "SCMP_ACT_TRAP" },
	};
	const char *hostile = workload("hostile");
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *argv[] = { (char *)"hostile", (char *)t[i].mode,
				 (char *)"getppid", NULL };
		struct sup_run run = { .action = t[i].action,
				       .path = hostile,
				       .argv = argv };
		struct observations res;
		supervise(&run, &res);
		print_message("%s under %s: signal %d\n", t[i].mode,
			      t[i].action, res.signal);
		assert_false(res.exited); /* never "survived" */
		assert_true(res.signaled);
		assert_int_equal(res.signal, SIGKILL);
		assert_true(res.sigsys_ours);
		assert_true(res.used_sigkill);
		const struct obs_call *c = find_call(&res, "getppid", false);
		assert_non_null(c);
		assert_true(c->fatal);
		observations_clear(&res);
	}
}

/* The kernel's kill-thread ends only the calling thread of a
 * multi-threaded process (do_exit, not do_group_exit): under the exact
 * filter "threads 4 getppid" with kill-thread on getppid exits 0. A
 * supervisor cannot end one thread of another process: it ends the whole
 * process, and says so (thread_kill_widened), so the verdict is never
 * milder than production's. */
static void test_kill_thread_in_thread(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *argv[] = { (char *)"threads", (char *)"4", (char *)"getppid",
			 NULL };
	struct sup_run run = { .action = "SCMP_ACT_KILL_THREAD",
			       .path = workload("threads"),
			       .argv = argv };
	/* Production first: the exact filter, as `scaudit exec` loads it. */
	char *text = profile_text(run.action);
	struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	free(text);
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options fo = { 0 };
	assert_int_equal(filter_build(p, &fo, &f, &d), 0);
	struct runner_spec spec = {
		.path = run.path, .argv = argv, .quiet = true, .filter = f
	};
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fd >= 0)
			dup2(fd, 1);
		struct runner_failure fail;
		runner_exec_here(&spec, &fail);
		_exit(120);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	filter_free(f);
	profile_free(p);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	/* Supervised. */
	struct observations res;
	supervise(&run, &res);
	assert_true(res.signaled && res.signal == SIGSYS);
	assert_true(res.thread_kill_widened);
	const struct obs_call *c = find_call(&res, "getppid", false);
	assert_non_null(c);
	assert_int_equal(c->action.type, PROFILE_ACT_KILL_THREAD);
	assert_true(c->fatal);
	observations_clear(&res);
}

/* Four threads call getppid once each: one call, counted four times,
 * made by one process from a thread that is not its main one. */
static void test_threads(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *argv[] = { (char *)"threads", (char *)"4", (char *)"getppid",
			 NULL };
	struct sup_run run = { .action = "SCMP_ACT_ERRNO",
			       .path = workload("threads"),
			       .argv = argv };
	struct observations res;
	pid_t pid = supervise(&run, &res);
	assert_true(observations_exited_with(&res, 0));
	const struct obs_call *c = find_call(&res, "getppid", false);
	assert_non_null(c);
	assert_int_equal(c->count, 4);
	assert_int_equal(c->pid, pid);
	assert_true(c->tid != pid);
	assert_int_equal(c->n_pids, 1);
	assert_int_equal(c->pids[0], pid);
	observations_clear(&res);
}

/* A child's call is the workload's too: forker's child execs syscaller,
 * whose denied getppid makes forker exit 3. */
static void test_children(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *argv[] = { (char *)"forker", (char *)workload("syscaller"),
			 (char *)"-x", (char *)"getppid", NULL };
	struct sup_run run = { .action = "SCMP_ACT_ERRNO",
			       .path = workload("forker"),
			       .argv = argv };
	struct observations res;
	pid_t pid = supervise(&run, &res);
	assert_true(observations_exited_with(&res, 3));
	const struct obs_call *c = find_call(&res, "getppid", false);
	assert_non_null(c);
	assert_int_equal(c->count, 1);
	assert_true(c->pid > 0);
	assert_true(c->pid != pid); /* the child's */
	assert_int_equal(c->n_pids, 1);
	assert_true(ends_with(c->exe, "/syscaller"));
	observations_clear(&res);
}

/* Past the timeout the run ends, the workload killed, whether or not it
 * ignores SIGTERM. */
static void test_timeout(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char sleep_path[PATH_MAX];
	assert_int_equal(
		runner_find_program("sleep", sleep_path, sizeof(sleep_path)),
		0);
	char *sleep_argv[] = { (char *)"sleep", (char *)"30", NULL };
	char *ignore_argv[] = { (char *)"ignoreterm", NULL };
	const struct {
		const char *path;
		char *const *argv;
	} t[] = {
		{ sleep_path, sleep_argv },
		{ workload("ignoreterm"), ignore_argv },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct sup_run run = { .path = t[i].path,
				       .argv = t[i].argv,
				       .timeout = 0.5 };
		struct observations res;
		pid_t pid = supervise(&run, &res);
		print_message("%s: %.2f s\n", t[i].argv[0], res.seconds);
		assert_true(res.timed_out);
		assert_false(res.exited);
		assert_false(observations_exited_with(&res, 0));
		assert_true(res.seconds >= 0.45);
		assert_true(res.seconds < 3);
		errno = 0;
		assert_int_equal(kill(pid, 0), -1);
		assert_int_equal(errno, ESRCH);
		observations_clear(&res);
	}
}

/* A workload that exits leaving a daemon (its own session, through a
 * double fork) behind: the leftovers are counted and killed. sh starts
 * daemon PIDFILE in the background and exits once the file is there. */
static void test_leftover_daemon(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	const char *daemon_path = workload("daemon");
	char dir[] = "/tmp/scaudit-test-supervisor-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char pidfile[PATH_MAX];
	snprintf(pidfile, sizeof(pidfile), "%s/daemon.pid", dir);
	char *argv[] = {
		(char *)"sh",
		(char *)"-c",
		(char *)"\"$0\" \"$1\" & "
			"i=0; while [ ! -s \"$1\" ] && [ $i -lt 1000 ]; do "
			"sleep 0.01; i=$((i + 1)); done; [ -s \"$1\" ]",
		(char *)daemon_path,
		pidfile,
		NULL,
	};
	struct sup_run run = { .path = "/bin/sh", .argv = argv };
	struct observations res;
	supervise(&run, &res);
	/* The grandchild's pid, written by the first child; the scratch
	 * files go before any assertion can leave them. */
	int daemon = 0, got = 0;
	FILE *fp = fopen(pidfile, "re");
	if (fp) {
		got = fscanf(fp, "%d", &daemon);
		fclose(fp);
	}
	unlink(pidfile);
	rmdir(dir);
	assert_int_equal(got, 1);
	assert_true(observations_exited_with(&res, 0));
	assert_false(res.timed_out);
	/* The daemon's first process and its grandchild. */
	print_message("leftover %d\n", res.leftover);
	assert_true(res.leftover >= 2);
	assert_true(daemon > 0);
	errno = 0;
	assert_int_equal(kill(daemon, 0), -1);
	assert_int_equal(errno, ESRCH);
	observations_clear(&res);
}

/* notify_all: allowed calls are observed too, the launcher's execve
 * among them (made before the workload ran); without it a profile that
 * allows everything reports nothing. */
static void test_notify_all(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *argv[] = { (char *)"syscaller", (char *)"getppid", NULL };
	struct sup_run run = { .path = workload("syscaller"),
			       .argv = argv,
			       .notify_all = true };
	struct observations res;
	pid_t pid = supervise(&run, &res);
	assert_true(observations_exited_with(&res, 0));
	const struct obs_call *exec = find_call(&res, "execve", true);
	assert_non_null(exec);
	assert_int_equal(exec->action.type, PROFILE_ACT_ALLOW);
	assert_int_equal(exec->pid, pid);
	const struct obs_call *c = find_call(&res, "getppid", false);
	assert_non_null(c);
	assert_int_equal(c->action.type, PROFILE_ACT_ALLOW);
	assert_non_null(find_call(&res, "exit_group", false));
	/* The workload's, after execve: not the launcher's. */
	assert_null(find_call(&res, "getppid", true));
	size_t launcher = 0;
	for (size_t i = 0; i < res.n_calls; i++) {
		assert_true(obs_call_allowed(&res.calls[i]));
		assert_false(res.calls[i].fatal);
		launcher += res.calls[i].launcher;
	}
	assert_true(launcher >= 1);
	assert_true(res.n_calls > launcher);
	assert_true(res.notifications >= res.n_calls);
	observations_clear(&res);

	run.notify_all = false;
	supervise(&run, &res);
	assert_true(observations_exited_with(&res, 0));
	assert_int_equal(res.n_calls, 0);
	assert_int_equal(res.notifications, 0);
	observations_clear(&res);
}

/* c was made by exe alone, every one of its calls. */
static void assert_made_by(const struct observations *o,
			   const struct obs_call *c, const char *exe)
{
	assert_non_null(c);
	assert_int_equal(c->n_exes, 1);
	assert_int_equal(c->other_exes, 0);
	assert_int_equal(c->exes[0].count, c->count);
	assert_string_equal(o->exes.v[c->exes[0].exe], exe);
}

/* Who made each call: the executable of its process. With every call
 * notified (observe_all) it is read once per process and again after the
 * process calls execve (the notification comes before the exec: the next
 * call reads the new one); without, at every notification. Both ways sh's
 * calls are sh's (dash's), those of the syscaller it execs in its place
 * the syscaller's, the launcher's scaudit's (here: this test), and each
 * call's counts add up. */
static void test_exes_across_exec(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char cmd[PATH_MAX + 16], sh[PATH_MAX], sc[PATH_MAX], self[PATH_MAX];
	snprintf(cmd, sizeof(cmd), "exec %s getsid", workload("syscaller"));
	assert_non_null(realpath("/bin/sh", sh));
	assert_non_null(realpath(workload("syscaller"), sc));
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	assert_true(n > 0);
	self[n] = '\0';
	char *argv[] = { (char *)"sh", (char *)"-c", cmd, NULL };
	for (int cached = 0; cached < 2; cached++) {
		struct sup_run run = { .path = "/bin/sh",
				       .argv = argv,
				       .notify_all = true,
				       .observe_all = cached };
		struct observations res;
		supervise(&run, &res);
		assert_true(observations_exited_with(&res, 0));
		assert_made_by(&res, find_call(&res, "getsid", false), sc);
		assert_made_by(&res, find_call(&res, "exit_group", false), sc);
		assert_made_by(&res, find_call(&res, "execve", false), sh);
		assert_made_by(&res, find_call(&res, "execve", true), self);
		/* Both map their libraries. */
		const struct obs_call *m = find_call(&res, "mmap", false);
		assert_non_null(m);
		assert_int_equal(m->n_exes, 2);
		assert_string_equal(res.exes.v[m->exes[0].exe], sh);
		assert_string_equal(res.exes.v[m->exes[1].exe], sc);
		for (size_t i = 0; i < res.n_calls; i++) {
			const struct obs_call *c = &res.calls[i];
			uint64_t sum = c->other_exes;
			for (size_t k = 0; k < c->n_exes; k++)
				sum += c->exes[k].count;
			assert_int_equal(sum, c->count);
			/* The first occurrence's executable is one of them. */
			assert_string_equal(c->exe, res.exes.v[c->exes[0].exe]);
		}
		assert_int_equal(res.exes.n, 3);
		observations_clear(&res);
	}
}

/* execve fails after the hand-off: told apart from the workload's exit
 * status 127. */
static void test_exec_failed(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *argv[] = { (char *)"nonexistent", NULL };
	struct sup_run run = { .path = "/nonexistent", .argv = argv };
	struct observations res;
	supervise(&run, &res);
	assert_true(res.exec_failed);
	assert_int_equal(res.exec_errno, ENOENT);
	assert_true(res.exited);
	assert_int_equal(res.exit_code, 127);
	observations_clear(&res);

	/* A real 127 is the workload's. */
	char *sh[] = { (char *)"sh", (char *)"-c", (char *)"exit 127", NULL };
	run = (struct sup_run){ .path = "/bin/sh", .argv = sh };
	supervise(&run, &res);
	assert_false(res.exec_failed);
	assert_true(observations_exited_with(&res, 127));
	observations_clear(&res);
}

/* Deaths that are not the profile's: the workload's own filter's SIGSYS,
 * a crash. */
static void test_not_ours(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *self[] = { (char *)"sigsys-self", (char *)"getppid", NULL };
	char *segv[] = { (char *)"segv", NULL };
	const struct {
		const char *name;
		char *const *argv;
		int signal;
	} t[] = {
		{ "sigsys-self", self, SIGSYS },
		{ "segv", segv, SIGSEGV },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct sup_run run = { .path = workload(t[i].name),
				       .argv = t[i].argv };
		struct observations res;
		supervise(&run, &res);
		assert_true(res.signaled);
		assert_int_equal(res.signal, t[i].signal);
		assert_false(res.sigsys_ours);
		assert_false(res.used_sigkill);
		assert_int_equal(res.n_calls, 0);
		assert_false(res.timed_out);
		observations_clear(&res);
	}
}

/* Traced, a SIGSYS of the workload's own filter is named: its kill
 * action stops no tracer, so the call comes from the registers at exit
 * (x86_64 only): the caller's, rolled back to the call, which makes it
 * as sure as a siginfo. */
static void test_foreign_sigsys_traced(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char *argv[] = { (char *)"sigsys-self", (char *)"getppid", NULL };
	struct sup_run run = { .path = workload("sigsys-self"),
			       .argv = argv,
			       .trace = true };
	struct observations res;
	supervise(&run, &res);
	if (!res.traced) {
		observations_clear(&res);
		print_message("ptrace is not allowed here: the workload "
			      "cannot be traced\n");
		skip();
	}
	assert_true(res.signaled);
	assert_int_equal(res.signal, SIGSYS);
	assert_false(res.sigsys_ours);
	assert_true(res.foreign_sigsys);
#if defined(__x86_64__)
	assert_true(res.foreign_named);
	assert_true(res.foreign_exact);
	assert_int_equal(res.foreign_arch, seccomp_arch_native());
	assert_int_equal(res.foreign_nr,
			 seccomp_syscall_resolve_name("getppid"));
	assert_string_equal(res.foreign_name, "getppid");
#endif
	observations_clear(&res);

	/* Traced, a SIGSYS of ours is not foreign. */
	char *sc[] = { (char *)"syscaller", (char *)"getppid", NULL };
	run = (struct sup_run){ .action = "SCMP_ACT_KILL_PROCESS",
				.path = workload("syscaller"),
				.argv = sc,
				.trace = true };
	supervise(&run, &res);
	assert_true(res.traced);
	assert_true(res.signaled);
	assert_int_equal(res.signal, SIGSYS);
	assert_true(res.sigsys_ours);
	assert_false(res.foreign_sigsys);
	assert_false(res.foreign_named);
	observations_clear(&res);
}

/* A SIGTERM to the supervisor ends the run (and the workload) early and
 * says which signal it was. */
static void test_interrupted(void **state)
{
	skip_if_valgrind(NO_SECCOMP);
	char sleep_path[PATH_MAX];
	assert_int_equal(
		runner_find_program("sleep", sleep_path, sizeof(sleep_path)),
		0);
	char *argv[] = { (char *)"sleep", (char *)"30", NULL };
	struct sup_run run = { .path = sleep_path,
			       .argv = argv,
			       .timeout = 20 };
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL,
				.sigev_signo = SIGTERM };
	timer_t timer;
	assert_int_equal(timer_create(CLOCK_MONOTONIC, &sev, &timer), 0);
	/* SIGTERM blocked from now until it is read, or it kills us. */
	sigset_t term, old;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	assert_int_equal(sigprocmask(SIG_BLOCK, &term, &old), 0);
	struct itimerspec its = { .it_value = { 0, 300 * 1000 * 1000 } };
	assert_int_equal(timer_settime(timer, 0, &its, NULL), 0);
	struct observations res;
	pid_t pid = supervise(&run, &res);
	timer_delete(timer);
	/* Had it come after the run, it would be pending here. */
	sigset_t pending;
	sigpending(&pending);
	bool late = sigismember(&pending, SIGTERM);
	if (late) {
		struct timespec zero = { 0, 0 };
		sigtimedwait(&term, NULL, &zero);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	assert_false(late);
	print_message("interrupted by %d after %.2f s\n", res.interrupted,
		      res.seconds);
	assert_int_equal(res.interrupted, SIGTERM);
	assert_false(res.timed_out);
	assert_false(res.exited);
	assert_true(res.seconds < 10);
	errno = 0;
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH);
	observations_clear(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_sigsys_handled),
		cmocka_unit_test(test_kill_thread_in_thread),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_leftover_daemon),
		cmocka_unit_test(test_notify_all),
		cmocka_unit_test(test_exes_across_exec),
		cmocka_unit_test(test_exec_failed),
		cmocka_unit_test(test_not_ours),
		cmocka_unit_test(test_foreign_sigsys_traced),
		cmocka_unit_test(test_interrupted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
