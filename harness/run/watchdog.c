/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

/* waitid's idtype for a pidfd (Linux 5.4); older headers lack it. */
#define WATCHDOG_P_PIDFD 3

static double now_ms(void)
{
	return util_now() * 1e3;
}

/* A byte on fd arms it: ms from then, as the workload starts only then
 * (unarmed: setup_ms more). EOF dismisses it. */
static _Noreturn void watch(pid_t supervisor, int fd, int ms, int setup_ms,
			    volatile int *fired)
{
	double deadline = now_ms() + setup_ms + ms;
	bool armed = false;
	for (;;) {
		double left = deadline - now_ms();
		struct pollfd p = { fd, POLLIN, 0 };
		int r = left <= 0 ? 0 : poll(&p, 1, (int)left + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			break;
		char c;
		if (armed || r < 0 || read(fd, &c, 1) != 1)
			_exit(0); /* dismissed, or the supervisor is gone */
		armed = true;
		deadline = now_ms() + ms;
	}
	*fired = 1;
	/* Everything the supervisor started, except us, until none is left
	 * (the supervisor may be stopped: nobody reaps, zombies remain and
	 * count as signalled, so stop after a few quiet rounds). */
	for (int round = 0; round < 50; round++) {
		if (proc_kill_tree(supervisor, getpid()) <= 0 && round > 2)
			break;
		struct timespec ts = { 0, 2 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	kill(supervisor, SIGCONT);
	_exit(1);
}

int watchdog_start(double seconds, double setup, struct watchdog *ret)
{
	volatile int *fired = mmap(NULL, sizeof(*fired), PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fired == MAP_FAILED)
		return -errno;
	*fired = 0;
	/* A socket, not a pipe: arming a watchdog that is gone must fail
	 * with EPIPE (MSG_NOSIGNAL), not kill the arming child by SIGPIPE. */
	int p[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) < 0) {
		int e = -errno;
		munmap((void *)fired, sizeof(*fired));
		return e;
	}
	/* The arming end must survive the workload child's dup2 onto
	 * stdio. */
	if (util_fd_above_stdio(&p[1]) < 0) {
		int e = -errno;
		close(p[0]);
		munmap((void *)fired, sizeof(*fired));
		return e;
	}
	pid_t supervisor = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = -errno;
		close(p[0]);
		close(p[1]);
		munmap((void *)fired, sizeof(*fired));
		return e;
	}
	if (pid == 0) {
		close(p[1]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
		    getppid() != supervisor)
			_exit(0);
		watch(supervisor, p[0], (int)(seconds * 1000),
		      (int)(setup * 1000), fired);
	}
	close(p[0]);
	/* Before Linux 5.3 no pidfd: the pid must do. */
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	*ret = (struct watchdog){ pid, pidfd, p[1], fired };
	return 0;
}

void watchdog_arm(struct watchdog *w)
{
	if (w->fd >= 0 && send(w->fd, "a", 1, MSG_NOSIGNAL) != 1) {
		/* Then it fires once its setup time is up: later, not
		 * never. */
	}
}

bool watchdog_fired(const struct watchdog *w)
{
	return w->fired && *w->fired;
}

void watchdog_stop(struct watchdog *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	/* It may be stopped (a workload can SIGSTOP it as it can us): end
	 * it rather than wait. Through the pidfd, never another process
	 * that got its pid after the supervisor's loop reaped it. */
	if (w->pidfd >= 0) {
		syscall(SYS_pidfd_send_signal, w->pidfd, SIGKILL, NULL, 0);
		siginfo_t si;
		waitid((idtype_t)WATCHDOG_P_PIDFD, (id_t)w->pidfd, &si,
		       WEXITED | __WALL);
		close(w->pidfd);
	} else if (w->pid > 0 && waitpid(w->pid, NULL, WNOHANG | __WALL) == 0) {
		kill(w->pid, SIGKILL);
		waitpid(w->pid, NULL, __WALL);
	}
	w->pidfd = -1;
	w->pid = 0;
	if (w->fired)
		munmap((void *)w->fired, sizeof(*w->fired));
	w->fired = NULL;
}
