/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "runner.h"

#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

static const char *const stage_names[] = {
	[RUNNER_STAGE_FORK] = "fork",
	[RUNNER_STAGE_SETUP] = "set up the process",
	[RUNNER_STAGE_LIMIT] = "bound the number of processes",
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

static int send_fd(int sock, int fd)
{
	char dummy = 'x';
	struct iovec iov = { &dummy, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

static int recv_fd(int sock, int *ret)
{
	struct pollfd p = { sock, POLLIN, 0 };
	int pr;
	do {
		pr = poll(&p, 1, RUNNER_HANDOFF_TIMEOUT_MS);
	} while (pr < 0 && errno == EINTR);
	if (pr == 0)
		return -ETIMEDOUT;

	char dummy;
	struct iovec iov = { &dummy, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf),
	};
	ssize_t n;
	do {
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (n == 0 || !c || c->cmsg_type != SCM_RIGHTS)
		return -EPIPE;
	memcpy(ret, CMSG_DATA(c), sizeof(int));
	return 0;
}

/* The child's part up to the filter: shared by spawn and exec-here. */
static void child_setup(const struct runner_spec *s,
			const struct caps_plan *plan, int status_fd,
			bool own_group)
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
		int r = pidlimit_enter(s->limit);
		if (r < 0)
			report(status_fd, RUNNER_STAGE_LIMIT, -r);
	}
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

/* The child: set up, load the filter, hand the listener over, exec. */
static _Noreturn void child(const struct runner_spec *s,
			    const struct caps_plan *plan, int st,
			    int child_sock, int go_rd, int go_wr, pid_t parent)
{
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
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		report(st, RUNNER_STAGE_SETUP, ESRCH);
	child_setup(s, plan, st, true);
	if (s->watchdog)
		watchdog_arm(s->watchdog);
	int lfd = filter_install(s->filter, s->observe);
	if (lfd < 0)
		report(st, RUNNER_STAGE_FILTER, -lfd);
	/* From here on every syscall meets the filter. */
	int r;
	if (s->observe && (r = send_fd(child_sock, lfd)) < 0)
		report(st, RUNNER_STAGE_HANDOFF, -r);
	execve(s->path, s->argv, s->envp ? s->envp : environ);
	report(st, RUNNER_STAGE_EXEC, errno);
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

/* The listener from the child; if it fails before the hand-off, it says
 * why on the exec pipe. The child is reaped on failure. */
static int take_listener(pid_t pid, int sock, int exec_rd, int *ret,
			 struct runner_failure *ret_failure)
{
	int r = recv_fd(sock, ret);
	if (r == 0)
		return 0;
	if (r == -ETIMEDOUT)
		kill(pid, SIGKILL);
	struct runner_failure f;
	if (read(exec_rd, &f, sizeof(f)) != sizeof(f))
		f = (struct runner_failure){ RUNNER_STAGE_HANDOFF, -r };
	waitpid(pid, NULL, 0);
	*ret_failure = f;
	return -f.error;
}

int runner_spawn(const struct runner_spec *s, struct runner_child *ret,
		 struct runner_failure *ret_failure)
{
	__attribute__((
		cleanup(caps_plan_clear))) struct caps_plan plan = { NULL, 0 };
	int r;
	*ret_failure = (struct runner_failure){ RUNNER_STAGE_FORK, 0 };
	if (s->set_caps && (r = caps_plan_make(s->caps, &plan)) < 0) {
		*ret_failure = (struct runner_failure){ RUNNER_STAGE_CAPS, -r };
		return r;
	}

	int p[2], sv[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -(ret_failure->error = errno);
	cleanup_close int exec_rd = p[0], exec_wr = p[1];
	/* The child's write end must survive its dup2 onto stdio. */
	if (util_fd_above_stdio(&exec_wr) < 0)
		return -(ret_failure->error = errno);
	cleanup_close int sock = -1, child_sock = -1;
	if (s->observe) {
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) <
		    0)
			return -(ret_failure->error = errno);
		sock = sv[0];
		/* The filter's sendmsg rule names this fd number. */
		child_sock = fcntl(sv[1], F_DUPFD_CLOEXEC, RUNNER_HANDOFF_FD);
		close(sv[1]);
		if (child_sock != RUNNER_HANDOFF_FD) {
			if (child_sock >= 0)
				close(child_sock);
			child_sock = -1;
			return -(ret_failure->error = EBUSY);
		}
	}

	/* With trace, the child waits until the parent has seized it, so not
	 * even a quick workload can run ahead of its tracer. */
	int go[2] = { -1, -1 };
	if (s->trace && pipe2(go, O_CLOEXEC) < 0)
		return -(ret_failure->error = errno);
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0)
		child(s, &plan, exec_wr, child_sock, go[0], go[1], parent);
	int fork_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	bool traced = s->trace && seize(pid, go);
	if (pid < 0)
		return -(ret_failure->error = fork_errno);
	/* Only the child may hold the write end: EOF means exec. */
	close(exec_wr);
	exec_wr = -1;

	int nfd = -1;
	if (s->observe) {
		close(child_sock);
		child_sock = -1;
		if ((r = take_listener(pid, sock, exec_rd, &nfd, ret_failure)) <
		    0)
			return r;
	}
	*ret = (struct runner_child){ pid, nfd, steal_fd(&exec_rd), traced };
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
