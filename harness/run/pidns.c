/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pidns.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const char *const kind_names[] = {
	[PIDNS_NONE] = "none",
	[PIDNS_PID] = "pid",
	[PIDNS_PID_USER] = "pid+user",
};
static const char *const kind_words[] = {
	[PIDNS_NONE] = "none: the workload shares scaudit's pid namespace",
	[PIDNS_PID] = "a pid namespace of its own",
	[PIDNS_PID_USER] = "a pid namespace of its own, in a user namespace "
			   "(its uid and gid mapped to themselves)",
};
_Static_assert(ARRAY_SIZE(kind_words) == PIDNS_MAX, "kind words");
_Static_assert(ARRAY_SIZE(kind_names) == PIDNS_MAX, "kind names");

static const char *const mode_names[] = {
	[PIDNS_MODE_AUTO] = "auto",
	[PIDNS_MODE_PID] = "pid",
	[PIDNS_MODE_NONE] = "none",
};
_Static_assert(ARRAY_SIZE(mode_names) == PIDNS_MODE_MAX, "mode names");

const char *pidns_kind_name(enum pidns_kind k)
{
	return k < PIDNS_MAX ? kind_names[k] : "?";
}

const char *pidns_kind_words(enum pidns_kind k)
{
	return k < PIDNS_MAX ? kind_words[k] : "?";
}

int pidns_kind_parse(const char *s, enum pidns_kind *ret)
{
	int k = util_name_index(kind_names, PIDNS_MAX, s);
	if (k >= 0)
		*ret = (enum pidns_kind)k;
	return k < 0 ? k : 0;
}

int pidns_mode_parse(const char *s, enum pidns_mode *ret)
{
	int m = util_name_index(mode_names, PIDNS_MODE_MAX, s);
	if (m >= 0)
		*ret = (enum pidns_mode)m;
	return m < 0 ? m : 0;
}

/* All the init does once it runs: wait, read, reap, end. Anything else a
 * workload might make it do (by ptrace, as root) kills it, and with it
 * the namespace. */
static scmp_filter_ctx init_filter(void)
{
	static const char *const allowed[] = {
		"read",		"write",	   "wait4",   "waitid",
		"exit",		"exit_group",	   "brk",     "munmap",
		"rt_sigreturn", "restart_syscall", "madvise",
	};
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	for (size_t i = 0; f && i < ARRAY_SIZE(allowed); i++) {
		int nr = seccomp_syscall_resolve_name(allowed[i]);
		if (nr != __NR_SCMP_ERROR &&
		    seccomp_rule_add(f, SCMP_ACT_ALLOW, nr, 0) < 0) {
			seccomp_release(f);
			f = NULL;
		}
	}
	/* A child that made us its tracer (PTRACE_TRACEME) is let go on. */
	if (f && seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(ptrace), 1,
				  SCMP_A0(SCMP_CMP_EQ, PTRACE_CONT)) < 0) {
		seccomp_release(f);
		f = NULL;
	}
	return f;
}

/* Close every fd but 0-2 and the n given (ascending, above 2). */
static void close_except(const int *keep, int n)
{
	unsigned from = 3;
	for (int i = 0; i < n; i++) {
		if ((unsigned)keep[i] > from)
			syscall(SYS_close_range, from, keep[i] - 1, 0);
		from = (unsigned)keep[i] + 1;
	}
	syscall(SYS_close_range, from, ~0u, 0);
}

static void sort3(int v[3])
{
	for (int i = 0; i < 2; i++)
		for (int k = 0; k < 2 - i; k++)
			if (v[k] > v[k + 1]) {
				int t = v[k];
				v[k] = v[k + 1];
				v[k + 1] = t;
			}
}

/* One byte from sock, and the data (len bytes) of the control message
 * of type it carries: 0, -ENOENT (a byte without one, or EINTR), -EPIPE
 * at the end, -errno. */
static int recv_control(int sock, int flags, int type, void *data, size_t len)
{
	char c;
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} u;
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	ssize_t n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC | flags);
	if (n < 0)
		return errno == EINTR ? -ENOENT : -errno;
	if (n == 0)
		return -EPIPE;
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	if (!h || h->cmsg_level != SOL_SOCKET || h->cmsg_type != type ||
	    h->cmsg_len < CMSG_LEN(len))
		return -ENOENT;
	memcpy(data, CMSG_DATA(h), len);
	return 0;
}

/* The fd a byte carries: the fd, -ENOENT (none), or -EPIPE at the end. */
static int recv_fd(int sock)
{
	int fd;
	int r = recv_control(sock, 0, SCM_RIGHTS, &fd, sizeof(fd));
	return r == 0 ? fd : r == -ENOENT ? r : -EPIPE;
}

int pidns_hold(const struct pidns *ns, int fd)
{
	char c = 'l';
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof(u));
	struct iovec iov = { &c, 1 };
	struct msghdr m = { .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(fd));
	if (ns->keep_fd < 0)
		return -EBADF;
	return sendmsg(ns->keep_fd, &m, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

struct init_args {
	int go_rd; /* a byte: our maps are written */
	int status_wr;
	scmp_filter_ctx filter;
	pidns_start_fn start;
	void *arg;
};

static _Noreturn void init_main(const struct init_args *a)
{
	int status_wr = a->status_wr;
	/* Gone with the holder; and not before it says our maps are written
	 * (our /proc files are its to write until we are not dumpable). */
	char go;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || read(a->go_rd, &go, 1) != 1)
		_exit(1);
	pid_t first = a->start(a->arg);
	if (first < 0 || prctl(PR_SET_DUMPABLE, 0) < 0)
		_exit(127);
	/* Hold nothing of ours: a capture pipe held open would never end. */
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int fd = 0; fd < 3 && null >= 0; fd++)
		dup2(null, fd);
	close_except(&status_wr, 1);
	/* Every signal stays blocked (as the parent forked us): SIGCHLD is
	 * read, the rest never acts. */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
	if (sfd < 0 || seccomp_load(a->filter) < 0)
		_exit(1);
	for (;;) {
		struct signalfd_siginfo si;
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG | __WALL)) > 0) {
			/* A tracee of ours (PTRACE_TRACEME): its signal goes
			 * on to it, as the supervisor would let it. */
			if (WIFSTOPPED(status))
				ptrace(PTRACE_CONT, pid, 0, WSTOPSIG(status));
			else if (pid == first && write(status_wr, &status,
						       sizeof(status)) < 0) {
				/* Then we were dismissed. */
			}
		}
	}
}

static int write_file(pid_t pid, const char *name, const char *text)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, text, strlen(text));
	return n == (ssize_t)strlen(text) ? 0 : n < 0 ? -errno : -EIO;
}

/* Our own uid and gid, and only them, inside: what the workload would
 * be outside. */
static int write_maps(pid_t pid)
{
	char map[64];
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)geteuid(),
		 (unsigned)geteuid());
	int r = write_file(pid, "uid_map", map);
	if (r == 0)
		r = write_file(pid, "setgroups", "deny");
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)getegid(),
		 (unsigned)getegid());
	return r < 0 ? r : write_file(pid, "gid_map", map);
}

/* What the holder says once the init is there, or why it is not. */
struct holder_report {
	int error;
	enum pidns_kind kind;
	pid_t init;
	uint64_t dev, ino;
};

struct holder_args {
	int keep_rd, report_wr, status_wr;
	int keep_wr, report_rd, status_rd; /* ours: closed at once */
	struct init_args init;
	/* The holder's copy of the caller's: its kind, set before each try,
	 * is what the init's first process reads (pidns_mount_proc). */
	struct pidns *self;
};

/* The init, in a pid namespace of its own (in a user namespace of its
 * own too, when we may not make one otherwise), its maps written. */
static int make_init(struct init_args *ia, int go_wr, struct holder_report *r,
		     struct pidns *self, int keep_rd, int report_wr)
{
	struct clone_args ca = { .flags = CLONE_NEWPID,
				 .exit_signal = SIGCHLD };
	r->kind = self->kind = PIDNS_PID;
	pid_t pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0 && errno == EPERM) {
		r->kind = self->kind = PIDNS_PID_USER;
		ca.flags |= CLONE_NEWUSER;
		pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	}
	if (pid == 0) {
		close(go_wr);
		init_main(ia);
	}
	if (pid < 0)
		return -errno;
	r->init = pid;
	/* Nothing of the caller's from here: its pipes end (the exec pipe at
	 * the child's exec) only once no helper holds them. */
	int keep[3] = { keep_rd, report_wr, go_wr };
	sort3(keep);
	close_except(keep, 3);
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	int e = r->kind == PIDNS_PID_USER ? write_maps(pid) : 0;
	if (e == 0 && stat(path, &st) < 0)
		e = -errno;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	if (e == 0 && write(go_wr, "g", 1) != 1)
		e = -errno;
	return e;
}

/* Outside the namespace, where no member can name it: makes the init,
 * holds the run's listener (pidns_hold), and when we are gone or done
 * (the keep socket's end) kills the init and waits for it: the init's
 * exit waits for every member's, so the listener is closed only once no
 * member is left to meet the filter without it. */
static _Noreturn void holder_main(const struct holder_args *a)
{
	close(a->keep_wr);
	close(a->report_rd);
	close(a->status_rd);
	struct holder_report r = { 0 };
	int go[2] = { -1, -1 };
	struct init_args ia = a->init;
	if (pipe2(go, O_CLOEXEC) < 0)
		r.error = -errno;
	ia.go_rd = go[0];
	if (r.error == 0)
		r.error = make_init(&ia, go[1], &r, a->self, a->keep_rd,
				    a->report_wr);
	if (write(a->report_wr, &r, sizeof(r)) != sizeof(r) && !r.error)
		r.error = -EPIPE;
	if (r.error) {
		if (r.init > 0)
			kill(r.init, SIGKILL);
		_exit(1);
	}
	int keep = a->keep_rd;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int fd = 0; fd < 3 && null >= 0; fd++)
		dup2(null, fd);
	close_except(&keep, 1);
	while (recv_fd(keep) != -EPIPE)
		; /* a listener, held */
	kill(r.init, SIGKILL);
	waitpid(r.init, NULL, __WALL);
	_exit(0);
}

/* Pairs for the holder: keep (a socket, to carry the listener), report,
 * status. The holder's ends must survive its dup2 onto stdio. */
static int three_channels(int keep[2], int report[2], int status[2])
{
	int *all[3] = { keep, report, status };
	for (int i = 0; i < 3; i++)
		all[i][0] = all[i][1] = -1;
	int r = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, keep) < 0 ||
				pipe2(report, O_CLOEXEC) < 0 ||
				pipe2(status, O_CLOEXEC) < 0
			? -errno
			: 0;
	if (r == 0)
		r = util_fd_above_stdio(&keep[0]);
	if (r == 0)
		r = util_fd_above_stdio(&status[1]);
	for (int i = 0; r < 0 && i < 3; i++)
		for (int k = 0; k < 2; k++)
			if (all[i][k] >= 0)
				close(all[i][k]);
	return r;
}

int pidns_spawn(pidns_start_fn start, void *arg, struct pidns *ret)
{
	*ret = (struct pidns)PIDNS_INIT;
	int keep[2], rep[2], st[2];
	scmp_filter_ctx f = init_filter();
	if (!f)
		return ret->error = -ENOMEM;
	int r = three_channels(keep, rep, st);
	if (r < 0) {
		seccomp_release(f);
		return ret->error = r;
	}
	struct holder_args a = { keep[0],
				 rep[1],
				 st[1],
				 keep[1],
				 rep[0],
				 st[0],
				 { -1, st[1], f, start, arg },
				 ret };
	pid_t holder = fork();
	if (holder == 0)
		holder_main(&a);
	int e = -errno;
	seccomp_release(f);
	close(keep[0]);
	close(rep[1]);
	close(st[1]);
	struct holder_report hr = { .error = holder < 0 ? e : -EPIPE };
	if (holder > 0 && read(rep[0], &hr, sizeof(hr)) != sizeof(hr))
		hr.error = -EPIPE;
	close(rep[0]);
	*ret = (struct pidns){ hr.kind, holder > 0 ? holder : 0,
			       hr.init, hr.dev,
			       hr.ino,	keep[1],
			       st[0],	0 };
	if (hr.error < 0) {
		pidns_close(ret);
		ret->error = hr.error;
	}
	return hr.error < 0 ? hr.error : 0;
}

int pidns_pid_channel(int *ret_rd, int *ret_wr)
{
	int sp[2], on = 1;
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp) < 0)
		return -errno;
	if (setsockopt(sp[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0 ||
	    util_fd_above_stdio(&sp[1]) < 0) {
		int e = -errno;
		close(sp[0]);
		close(sp[1]);
		return e;
	}
	*ret_rd = sp[0];
	*ret_wr = sp[1];
	return 0;
}

int pidns_send_pid(int fd)
{
	return write(fd, "p", 1) == 1 ? 0 : -errno;
}

pid_t pidns_recv_pid(int fd)
{
	struct ucred uc;
	int r = recv_control(fd, MSG_DONTWAIT, SCM_CREDENTIALS, &uc,
			     sizeof(uc));
	if (r < 0) {
		errno = r == -ENOENT || r == -EPIPE ? EPROTO : -r;
		return -1;
	}
	return uc.pid;
}

int pidns_mount_proc(bool unshared)
{
	/* Slave: nothing mounted here reaches the machine's namespace. */
	if (!unshared && (unshare(CLONE_NEWNS) < 0 ||
			  mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0))
		return -errno;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		return -errno;
	return 0;
}

void pidns_close(struct pidns *ns)
{
	if (ns->keep_fd >= 0)
		close(ns->keep_fd);
	/* The holder ends the init, whose exit waits for every member's; a
	 * second is plenty but for a member frozen by a cgroup v1 freezer. */
	for (int i = 0; ns->holder > 0 && i < 1000; i++) {
		pid_t r = waitpid(ns->holder, NULL, WNOHANG | __WALL);
		if (r != 0)
			break;
		struct timespec ts = { 0, 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (ns->status_fd >= 0)
		close(ns->status_fd);
	*ns = (struct pidns){ PIDNS_NONE, 0, 0, 0, 0, -1, -1, ns->error };
}
