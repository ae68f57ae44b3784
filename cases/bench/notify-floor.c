/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* notify-floor — scripts/bench's floor for one seccomp notification: the
 * least a supervisor can pay per call on this kernel, to hold scaudit's
 * own cost against (issue 16).
 *
 *   notify-floor N [poll]
 *       A child loads a filter that notifies getppid (libseccomp, with
 *       no_new_privs: no privilege needed) and makes N calls; the parent
 *       answers each CONTINUE, with SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
 *       set as scaudit sets it, blocking in the receive ioctl (or, with
 *       "poll", in poll(2) first, as scaudit's loop does). Prints the
 *       child's microseconds per call to stdout.
 * Nothing else happens per call: no /proc, no bookkeeping, no arguments
 * read. */
#include <errno.h>
#include <poll.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The child's side of sock: load the filter, hand its fd over, wait for
 * the go, call. Never returns. */
static _Noreturn void child(int sock, long n)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(getppid), 0) < 0 ||
	    seccomp_load(ctx) < 0)
		_exit(3);
	int fd = seccomp_notify_fd(ctx);
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	char tag = 'f';
	struct iovec io = { &tag, 1 };
	struct msghdr m = { .msg_iov = &io,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	char go;
	if (sendmsg(sock, &m, 0) != 1 || read(sock, &go, 1) != 1)
		_exit(3);
	close(fd);
	double t = now();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("%.3f\n", (now() - t) / (double)n * 1e6);
	fflush(stdout);
	_exit(0);
}

static int receive_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], byte;
	struct iovec io = { &byte, 1 };
	struct msghdr m = { .msg_iov = &io,
			    .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	if (recvmsg(sock, &m, 0) != 1 || !CMSG_FIRSTHDR(&m))
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&m)), sizeof(fd));
	return fd;
}

int main(int argc, char **argv)
{
	if (argc < 2 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: notify-floor N [poll]\n");
		return 2;
	}
	long n = atol(argv[1]);
	bool use_poll = argc > 2 && strcmp(argv[2], "poll") == 0;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return 3;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return 3;
	if (pid == 0)
		child(sv[0], n);
	int fd = receive_fd(sv[1]);
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	if (fd < 0 || seccomp_notify_alloc(&req, &resp) < 0)
		return 3;
	ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	if (write(sv[1], "g", 1) != 1)
		return 3;
	for (long i = 0; i < n; i++) {
		struct pollfd p = { fd, POLLIN, 0 };
		if (use_poll && poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		memset(req, 0, sizeof(*req));
		if (seccomp_notify_receive(fd, req) < 0)
			break;
		memset(resp, 0, sizeof(*resp));
		resp->id = req->id;
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		seccomp_notify_respond(fd, resp);
	}
	int status;
	waitpid(pid, &status, 0);
	seccomp_notify_free(req, resp);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}
