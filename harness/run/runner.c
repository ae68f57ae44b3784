/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <limits.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "util.h"

extern char **environ;

static const char *const stage_names[] = {
	[RUNNER_STAGE_FORK] = "fork",
	[RUNNER_STAGE_SETUP] = "set up the process",
	[RUNNER_STAGE_ISOLATION] = "isolate the workload in a pid namespace",
	[RUNNER_STAGE_LIMIT] = "bound the number of processes",
	[RUNNER_STAGE_COUNTER] = "join the usage counter's cgroup",
	[RUNNER_STAGE_CAPS] = "set capabilities",
	[RUNNER_STAGE_NO_NEW_PRIVS] = "set no_new_privs",
	[RUNNER_STAGE_FILTER] = "load the seccomp filter",
	[RUNNER_STAGE_HANDOFF] = "hand over the notification fd",
	[RUNNER_STAGE_EXEC] = "execute the command",
};
_Static_assert(ARRAY_SIZE(stage_names) == RUNNER_STAGE_MAX, "stage names");

const char *runner_stage_name(enum runner_stage s)
{
	return s < RUNNER_STAGE_MAX ? stage_names[s] : "?";
}

int runner_find_program(const char *name, char *buf, size_t size)
{
	if (!*name)
		return -ENOENT;
	if (strchr(name, '/')) {
		if (access(name, X_OK) < 0)
			return -errno;
		snprintf(buf, size, "%s", name);
		return 0;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	int found_noexec = 0;
	/* Every part, the empty ones too: a shell reads those (and a
	 * leading or trailing ':') as the current directory. */
	for (const char *p = path;;) {
		const char *end = strchrnul(p, ':');
		int n = (int)(end - p);
		if (n)
			snprintf(buf, size, "%.*s/%s", n, p, name);
		else
			snprintf(buf, size, "./%s", name);
		struct stat st;
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(buf, X_OK) == 0)
				return 0;
			found_noexec = 1;
		}
		if (!*end)
			break;
		p = end + 1;
	}
	return found_noexec ? -EACCES : -ENOENT;
}

/* Prepared before fork: the child only applies it. */
struct caps_plan {
	cap_t state;
	uint64_t keep;
};

static int caps_plan_make(uint64_t keep, struct caps_plan *ret)
{
	cap_t c = cap_init();
	if (!c)
		return -errno;
	cap_value_t v[64];
	int n = 0;
	for (cap_value_t i = 0; i < 64 && CAP_IS_SUPPORTED(i); i++)
		if (keep & (1ull << i))
			v[n++] = i;
	if (n && (cap_set_flag(c, CAP_EFFECTIVE, n, v, CAP_SET) < 0 ||
		  cap_set_flag(c, CAP_PERMITTED, n, v, CAP_SET) < 0 ||
		  cap_set_flag(c, CAP_INHERITABLE, n, v, CAP_SET) < 0)) {
		int e = -errno;
		cap_free(c);
		return e;
	}
	*ret = (struct caps_plan){ c, keep };
	return 0;
}

/* Root regains the bounding set at exec: shrink it first, then the sets. */
static int caps_apply(const struct caps_plan *plan)
{
	for (cap_value_t i = 0; i < 64 && CAP_IS_SUPPORTED(i); i++) {
		if (plan->keep & (1ull << i))
			continue;
		if (cap_drop_bound(i) < 0 && errno != EPERM)
			return -errno;
	}
	if (cap_set_proc(plan->state) < 0)
		return -errno;
	return 0;
}

static _Noreturn void report(int fd, enum runner_stage stage, int err)
{
	struct runner_failure f = { stage, err };
	/* Best effort: the parent treats silence as a failed setup. */
	if (write(fd, &f, sizeof(f)) < 0) {
	}
	_exit(127);
}

/* The child's listener, taken from it with pidfd_getfd (Linux 5.6): the
 * fd whose link is the seccomp notify inode. Nothing in the filter lets
 * the child hand it over itself, so nothing lets a workload past it
 * either (a sendmsg allowed on a known fd number once did). 0 and *ret,
 * -EAGAIN not there yet, -errno. */
static int grab_listener(int pidfd, pid_t pid, int *ret)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	int r = -EAGAIN;
	struct dirent *e;
	while (r == -EAGAIN && (e = readdir(d))) {
		char link[352], target[64];
		snprintf(link, sizeof(link), "%s/%s", path, e->d_name);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, "anon_inode:seccomp notify") != 0)
			continue;
		int fd = (int)syscall(SYS_pidfd_getfd, pidfd, atoi(e->d_name),
				      0);
		r = fd < 0 ? -errno : 0;
		if (fd >= 0)
			*ret = fd;
	}
	closedir(d);
	return r;
}

/* The child's part up to the filter. born_in: it started in s->cgroup. */
static void child_setup(const struct runner_spec *s,
			const struct caps_plan *plan, int status_fd,
			bool own_group, bool born_in)
{
	if (own_group && setpgid(0, 0) < 0)
		report(status_fd, RUNNER_STAGE_SETUP, errno);
	if (s->stdin_path) {
		int fd = open(s->stdin_path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || dup2(fd, 0) < 0)
			report(status_fd, RUNNER_STAGE_SETUP, errno);
		close(fd);
	}
	if (s->quiet) {
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			report(status_fd, RUNNER_STAGE_SETUP, errno);
		close(fd);
	}
	if ((s->stdout_fd > 2 && dup2(s->stdout_fd, 1) < 0) ||
	    (s->stderr_fd > 2 && dup2(s->stderr_fd, 2) < 0))
		report(status_fd, RUNNER_STAGE_SETUP, errno);
	if (s->cwd && chdir(s->cwd) < 0)
		report(status_fd, RUNNER_STAGE_SETUP, errno);
	if (s->one_cpu > 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(s->one_cpu - 1, &set);
		if (sched_setaffinity(0, sizeof(set), &set) < 0)
			report(status_fd, RUNNER_STAGE_SETUP, errno);
	}
	/* Before caps go: joining a cgroup may need them. */
	if (s->limit) {
		int r = pidlimit_enter(s->limit,
				       s->ns && s->ns->kind == PIDNS_PID_USER);
		if (r < 0)
			report(status_fd, RUNNER_STAGE_LIMIT, -r);
	}
	if (s->cgroup && !born_in) {
		int r = cgroup2_enter(s->cgroup);
		if (r < 0)
			report(status_fd, RUNNER_STAGE_COUNTER, -r);
	}
	if (s->hide_mount &&
	    (unshare(CLONE_NEWNS) < 0 ||
	     mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	     umount2(s->hide_mount, MNT_DETACH) < 0))
		report(status_fd, RUNNER_STAGE_SETUP, errno);
	if (s->ns && s->ns->kind != PIDNS_NONE) {
		int r = pidns_mount_proc(s->hide_mount != NULL);
		if (r < 0)
			report(status_fd, RUNNER_STAGE_ISOLATION, -r);
	}
	if (s->runtime)
		return; /* the runtime's to do, in the container */
	if (s->set_caps) {
		int r = caps_apply(plan);
		if (r < 0)
			report(status_fd, RUNNER_STAGE_CAPS, -r);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		report(status_fd, RUNNER_STAGE_NO_NEW_PRIVS, errno);
}

static void caps_plan_clear(struct caps_plan *p)
{
	if (p->state)
		cap_free(p->state);
}

/* The child's ends of the pipes, and who its parent must be. */
struct child_ends {
	int st, held_rd, go_rd, go_wr;
	/* In a pid namespace: where it says who it is (pidns_recv_pid), and
	 * a pipe whose end says no helper holds the exec pipe any more (the
	 * init's write end, closed after those); else -1. */
	int cred_fd, sync_rd, sync_wr;
	/* As getppid() sees it: the namespace's init is 1. */
	pid_t parent;
};

/* The child: set up, load the filter, wait for the parent to take the
 * listener, exec. */
static _Noreturn void child(const struct runner_spec *s,
			    const struct caps_plan *plan,
			    const struct child_ends *ends, bool born_in)
{
	int st = ends->st, held_rd = ends->held_rd;
	int go_rd = ends->go_rd, go_wr = ends->go_wr;
	/* First: the parent needs our pid to trace us and take the
	 * listener. */
	int r = ends->cred_fd >= 0 ? pidns_send_pid(ends->cred_fd) : 0;
	if (r < 0)
		report(st, RUNNER_STAGE_ISOLATION, -r);
	char eof;
	if (ends->sync_rd >= 0 &&
	    (close(ends->sync_wr) < 0 || read(ends->sync_rd, &eof, 1) != 0))
		report(st, RUNNER_STAGE_ISOLATION, EPROTO);
	/* A program starts with no signal blocked, whatever the supervisor
	 * blocks for its signalfd. */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (s->trace) {
		char c;
		close(go_wr);
		if (read(go_rd, &c, 1) != 1)
			report(st, RUNNER_STAGE_SETUP, EPIPE);
		close(go_rd);
	}
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != ends->parent)
		report(st, RUNNER_STAGE_SETUP, ESRCH);
	child_setup(s, plan, st, true, born_in);
	if (s->watchdog)
		watchdog_arm(s->watchdog);
	if (s->runtime) {
		execve(s->path, s->argv, s->envp ? s->envp : environ);
		report(st, RUNNER_STAGE_EXEC, errno);
	}
	int lfd = filter_install(s->filter, s->observe);
	if (lfd < 0)
		report(st, RUNNER_STAGE_FILTER, -lfd);
	/* From here on every syscall meets the filter. */
	/* Wait until the parent holds the listener: our next calls go to
	 * it, and execve would close our copy (CLOEXEC). A read the profile
	 * denies waits in the listener's queue the same way. */
	char c;
	if (s->observe && read(held_rd, &c, 1) != 1)
		report(st, RUNNER_STAGE_HANDOFF, EPIPE);
	(void)lfd;
	execve(s->path, s->argv, s->envp ? s->envp : environ);
	report(st, RUNNER_STAGE_EXEC, errno);
}

/* fork, or into cg when given (clone3's CLONE_INTO_CGROUP, 5.7+): a task
 * born there costs nothing, one that joins later waits for an RCU grace
 * period (5-12 ms here). The child only makes raw syscalls until its
 * exec, so glibc's fork bookkeeping is not missed. *born_in: it did. */
static pid_t fork_into(const struct cgroup2 *cg, bool *born_in)
{
	if (cg) {
		struct clone_args a = { .flags = CLONE_INTO_CGROUP,
					.exit_signal = SIGCHLD,
					.cgroup = (uint64_t)cg->dir_fd };
		long pid = syscall(SYS_clone3, &a, sizeof(a));
		if (pid >= 0) {
			*born_in = true;
			return (pid_t)pid;
		}
		if (errno != ENOSYS && errno != E2BIG && errno != EINVAL)
			return -1;
	}
	return fork();
}

/* In the namespace's init: the child, as its child. */
struct ns_start {
	const struct runner_spec *s;
	const struct caps_plan *plan;
	const struct child_ends *ends;
};

static pid_t start_in_ns(void *arg)
{
	const struct ns_start *a = arg;
	bool born_in = false;
	pid_t pid = fork_into(a->s->cgroup, &born_in);
	if (pid == 0)
		child(a->s, a->plan, a->ends, born_in);
	if (pid < 0) {
		struct runner_failure f = { RUNNER_STAGE_FORK, errno };
		if (write(a->ends->st, &f, sizeof(f)) < 0) {
			/* The parent then sees the pipe end. */
		}
	}
	/* The child's alone now: the exec pipe must end at its exec. */
	const struct child_ends *e = a->ends;
	const int mine[] = { e->st,	 e->held_rd, e->go_rd,	e->go_wr,
			     e->cred_fd, e->sync_rd, e->sync_wr /* last */ };
	for (size_t i = 0; i < ARRAY_SIZE(mine); i++)
		if (mine[i] >= 0)
			close(mine[i]);
	return pid;
}

/* Until the child in the namespace says who it is, or its setup (the
 * init's fork) failed, or the hand-off's time is up. */
static pid_t wait_ns_child(int cred_rd, int exec_rd)
{
	struct pollfd p[2] = { { cred_rd, POLLIN, 0 }, { exec_rd, POLLIN, 0 } };
	int n = poll(p, 2, RUNNER_HANDOFF_TIMEOUT_MS);
	if (n > 0 && (p[0].revents & POLLIN))
		return pidns_recv_pid(cred_rd);
	errno = n == 0 ? ETIMEDOUT : n < 0 ? errno : EPIPE;
	return -1;
}

/* The child: in a pid namespace of its own when asked and possible
 * (ns->kind says), forked there by its init; else ours. Its pid as we
 * see it, or -1 and errno and the stage that failed. */
static pid_t fork_child(const struct runner_spec *s,
			const struct caps_plan *plan, struct child_ends *ends,
			int cred_rd, int exec_rd, enum runner_stage *stage)
{
	if (cred_rd >= 0) {
		struct ns_start a = { s, plan, ends };
		int r = pidns_spawn(start_in_ns, &a, s->ns);
		if (r == 0)
			return wait_ns_child(cred_rd, exec_rd);
		if (s->isolation == PIDNS_MODE_PID) {
			*stage = RUNNER_STAGE_ISOLATION;
			errno = -r;
			return -1;
		}
		/* auto: in ours, and the report says why. */
		int *ns_ends[] = { &ends->cred_fd, &ends->sync_rd,
				   &ends->sync_wr };
		for (size_t i = 0; i < ARRAY_SIZE(ns_ends); i++) {
			close(*ns_ends[i]);
			*ns_ends[i] = -1;
		}
		ends->parent = getpid();
	}
	bool born_in = false;
	pid_t pid = fork_into(s->cgroup, &born_in);
	if (pid == 0)
		child(s, plan, ends, born_in);
	return pid;
}

/* Seize the child and the threads it starts (exit events and signal
 * stops only: a filter may kill any thread; EXITKILL: should we die, the
 * workload dies with us), then let it go on. */
static bool seize(pid_t pid, int go[2])
{
	close(go[0]);
	/* TRACESECCOMP and the forks: a filter the workload loads may come
	 * back to us through TRACE (takeover.h). */
	bool traced = pid > 0 &&
		      ptrace(PTRACE_SEIZE, pid, 0,
			     PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL |
				     PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
				     PTRACE_O_TRACEVFORK |
				     PTRACE_O_TRACESECCOMP) == 0;
	if (pid > 0 && write(go[1], "g", 1) != 1) {
		/* The child then reports a failed setup. */
	}
	close(go[1]);
	return traced;
}

/* Until the child's listener is there: taken, or the child said why it
 * failed, or the hand-off timed out. */
static int wait_listener(pid_t pid, int exec_rd, int *ret)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return -errno;
	double deadline = util_now() + RUNNER_HANDOFF_TIMEOUT_MS / 1000.0;
	int r;
	while ((r = grab_listener(pidfd, pid, ret)) == -EAGAIN) {
		struct pollfd p = { exec_rd, POLLIN, 0 };
		if (poll(&p, 1, 0) > 0) {
			r = -EPIPE; /* a report, or its death */
			break;
		}
		if (util_now() > deadline) {
			r = -ETIMEDOUT;
			break;
		}
		struct timespec ts = { 0, 20 * 1000 };
		nanosleep(&ts, NULL);
	}
	close(pidfd);
	return r;
}

/* The listener from the child, which then goes on to exec; if it fails
 * before, it says why on the exec pipe. The child is reaped on failure. */
static int take_listener(pid_t pid, int held_wr, int exec_rd, int *ret,
			 struct runner_failure *ret_failure)
{
	int r = wait_listener(pid, exec_rd, ret);
	if (r == 0 && write(held_wr, "g", 1) == 1)
		return 0;
	if (r == 0) {
		close(*ret);
		r = -EPIPE;
	}
	if (r == -ETIMEDOUT || r == -EPIPE)
		kill(pid, SIGKILL);
	struct runner_failure f;
	if (read(exec_rd, &f, sizeof(f)) != sizeof(f))
		f = (struct runner_failure){ RUNNER_STAGE_HANDOFF, -r };
	waitpid(pid, NULL, 0);
	*ret_failure = f;
	return -f.error;
}

/* In a user namespace of its own the child holds every capability until
 * its exec, so setting any would succeed there: only what we hold here
 * may be granted, as without the namespace. 0 or -EPERM. */
static int grantable(const struct runner_spec *s)
{
	uint64_t held = 0;
	if (!s->ns || s->isolation == PIDNS_MODE_NONE)
		return 0;
	int r = caps_current(&held);
	return r < 0 ? r : s->caps & ~held ? -EPERM : 0;
}

int runner_spawn(const struct runner_spec *s, struct runner_child *ret,
		 struct runner_failure *ret_failure)
{
	__attribute__((
		cleanup(caps_plan_clear))) struct caps_plan plan = { NULL, 0 };
	int r;
	*ret_failure = (struct runner_failure){ RUNNER_STAGE_FORK, 0 };
	if (s->set_caps && !s->runtime &&
	    ((r = grantable(s)) < 0 ||
	     (r = caps_plan_make(s->caps, &plan)) < 0)) {
		*ret_failure = (struct runner_failure){ RUNNER_STAGE_CAPS, -r };
		return r;
	}

	int p[2], h[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -(ret_failure->error = errno);
	cleanup_close int exec_rd = p[0], exec_wr = p[1];
	/* The child's ends must survive its dup2 onto stdio. */
	if (util_fd_above_stdio(&exec_wr) < 0)
		return -(ret_failure->error = errno);
	cleanup_close int held_rd = -1, held_wr = -1;
	if (s->observe) {
		if (pipe2(h, O_CLOEXEC) < 0)
			return -(ret_failure->error = errno);
		held_rd = h[0];
		held_wr = h[1];
		if (util_fd_above_stdio(&held_rd) < 0)
			return -(ret_failure->error = errno);
	}

	/* With trace, the child waits until the parent has seized it, so not
	 * even a quick workload can run ahead of its tracer. */
	int go[2] = { -1, -1 };
	if (s->trace && pipe2(go, O_CLOEXEC) < 0)
		return -(ret_failure->error = errno);
	struct child_ends ends = { exec_wr, held_rd, go[0], go[1],
				   -1,	    -1,	     -1,    getpid() };
	cleanup_close int cred_rd = -1;
	if (s->ns && s->isolation != PIDNS_MODE_NONE) {
		int sp[2];
		if ((r = pidns_pid_channel(&cred_rd, &ends.cred_fd)) < 0)
			return -(ret_failure->error = -r);
		if (pipe2(sp, O_CLOEXEC) < 0) {
			close(ends.cred_fd);
			return -(ret_failure->error = errno);
		}
		ends.sync_rd = sp[0];
		ends.sync_wr = sp[1];
		ends.parent = 1; /* the init */
	}
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	enum runner_stage stage = RUNNER_STAGE_FORK;
	pid_t pid = fork_child(s, &plan, &ends, cred_rd, exec_rd, &stage);
	int fork_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	const int ns_ends[] = { ends.cred_fd, ends.sync_rd, ends.sync_wr };
	for (size_t i = 0; i < ARRAY_SIZE(ns_ends); i++)
		if (ns_ends[i] >= 0)
			close(ns_ends[i]);
	bool traced = s->trace && seize(pid, go);
	if (pid < 0) {
		ret_failure->stage = stage;
		return -(ret_failure->error = fork_errno);
	}
	/* Only the child may hold the write end: EOF means exec. */
	close(exec_wr);
	exec_wr = -1;

	int nfd = -1;
	if (s->observe) {
		close(held_rd);
		held_rd = -1;
		if ((r = take_listener(pid, held_wr, exec_rd, &nfd,
				       ret_failure)) < 0)
			return r;
	}
	*ret = (struct runner_child){ pid, nfd, steal_fd(&exec_rd), traced,
				      s->ns && s->ns->kind != PIDNS_NONE
					      ? s->ns->status_fd
					      : -1 };
	return 0;
}

static int exec_steps(const struct runner_spec *s, struct caps_plan *plan,
		      enum runner_stage *stage)
{
	int r;
	*stage = RUNNER_STAGE_CAPS;
	if (s->set_caps && ((r = caps_plan_make(s->caps, plan)) < 0 ||
			    (r = caps_apply(plan)) < 0))
		return r;
	*stage = RUNNER_STAGE_NO_NEW_PRIVS;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	*stage = RUNNER_STAGE_SETUP;
	if (s->cwd && chdir(s->cwd) < 0)
		return -errno;
	*stage = RUNNER_STAGE_FILTER;
	if ((r = filter_install(s->filter, false)) < 0)
		return r;
	*stage = RUNNER_STAGE_EXEC;
	execve(s->path, s->argv, s->envp ? s->envp : environ);
	return -errno;
}

int runner_exec_here(const struct runner_spec *s,
		     struct runner_failure *ret_failure)
{
	__attribute__((
		cleanup(caps_plan_clear))) struct caps_plan plan = { NULL, 0 };
	enum runner_stage stage;
	int r = exec_steps(s, &plan, &stage);
	*ret_failure = (struct runner_failure){ stage, -r };
	return r;
}
