/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "json-util.h"
#include "runner.h"
#include "util.h"

static bool is_fs(const char *path, long magic)
{
	struct statfs s;
	return statfs(path, &s) == 0 && s.f_type == magic;
}

/* cgroup v1 controllers on a tmpfs, with a cgroup2 mount beside them. */
static bool hybrid_cgroups(void)
{
	return is_fs("/sys/fs/cgroup", TMPFS_MAGIC) &&
	       is_fs("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC);
}

static int listen_at(struct container *c)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (snprintf(c->socket, sizeof(c->socket), "%s/agent.sock", c->dir) >=
	    (int)sizeof(a.sun_path))
		return -ENAMETOOLONG;
	memcpy(a.sun_path, c->socket, strlen(c->socket) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(fd, 4) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	c->listen_fd = fd;
	return 0;
}

static void set_argv(struct container *c)
{
	static unsigned serial;
	snprintf(c->id, sizeof(c->id), "scaudit-%d-%u", (int)getpid(),
		 serial++);
	snprintf(c->arg_root, sizeof(c->arg_root), "%s/state", c->dir);
	snprintf(c->arg_bundle, sizeof(c->arg_bundle), "%s/bundle", c->dir);
	size_t n = 0;
	c->argv[n++] = c->program;
	c->argv[n++] = (char *)"--root";
	c->argv[n++] = c->arg_root;
	c->argv[n++] = (char *)"run";
	c->argv[n++] = (char *)"--bundle";
	c->argv[n++] = c->arg_bundle;
	c->argv[n++] = c->id;
	c->argv[n] = NULL;
}

int container_open(enum job_runtime runtime, struct container *c,
		   struct diag *d)
{
	*c = (struct container)CONTAINER_INIT;
	c->runtime = runtime;
	const char *name = job_runtime_name(runtime);
	int r = runner_find_program(name, c->program, sizeof(c->program));
	if (r < 0)
		return diag_set(d, r, "", 0, 0,
				"%s is not installed here (on Debian: apt-get "
				"install %s)",
				name, name);
	const char *tmp = getenv("TMPDIR");
	snprintf(c->dir, sizeof(c->dir), "%s/scaudit-ctr-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(c->dir)) {
		r = -errno;
		c->dir[0] = '\0';
		return diag_set(d, r, "", 0, 0,
				"cannot make a directory for the bundle: %s",
				strerror(-r));
	}
	char sub[PATH_MAX + 16];
	snprintf(sub, sizeof(sub), "%s/bundle", c->dir);
	if (mkdir(sub, 0700) < 0 || (r = listen_at(c)) < 0) {
		r = r < 0 ? r : -errno;
		return diag_set(d, r, "", 0, 0,
				"cannot set up %s for the container: %s",
				c->dir, strerror(-r));
	}
	if (runtime == JOB_RUNTIME_CRUN && hybrid_cgroups()) {
		/* Hiding a mount needs a mount namespace: root's. */
		if (geteuid() != 0)
			return diag_set(d, -EOPNOTSUPP, "", 0, 0,
					"crun refuses this system's hybrid "
					"cgroups (v1 controllers with a "
					"cgroup2 mount beside them), and only "
					"root can hide the cgroup2 mount from "
					"it: run as root, or use --runtime "
					"runc");
		c->hide_mount = "/sys/fs/cgroup/unified";
	}
	set_argv(c);
	return 0;
}

int container_write_config(struct container *c, json_t *config)
{
	cleanup_json json_t *doc = config;
	cleanup_free char *text = jsonutil_text(doc);
	if (!text)
		return -ENOMEM;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/config.json", c->arg_bundle);
	return util_write_file_atomic(path, text, strlen(text));
}

/* The runtime's one message: the container's state (JSON) with the
 * listener as SCM_RIGHTS, then EOF. */
static int read_handoff(int conn, int *ret_fd, pid_t *ret_init)
{
	char buf[65536];
	size_t len = 0;
	int fd = -1;
	for (;;) {
		union {
			char buf[CMSG_SPACE(sizeof(int) * 4)];
			struct cmsghdr align;
		} u;
		struct iovec io = { buf + len, sizeof(buf) - 1 - len };
		struct msghdr m = { .msg_iov = &io,
				    .msg_iovlen = 1,
				    .msg_control = u.buf,
				    .msg_controllen = sizeof(u.buf) };
		ssize_t n = recvmsg(conn, &m, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (fd >= 0)
				close(fd);
			return -errno;
		}
		for (struct cmsghdr *h = CMSG_FIRSTHDR(&m); h;
		     h = CMSG_NXTHDR(&m, h))
			if (h->cmsg_level == SOL_SOCKET &&
			    h->cmsg_type == SCM_RIGHTS && fd < 0)
				memcpy(&fd, CMSG_DATA(h), sizeof(int));
		len += (size_t)n;
		/* runc keeps the connection open until the container goes
		 * on: a whole state document is the end of it. */
		json_t *state = fd >= 0 ? json_loadb(buf, len, 0, NULL) : NULL;
		if (state || n == 0 || len >= sizeof(buf) - 1) {
			json_decref(state);
			break;
		}
	}
	buf[len] = '\0';
	if (fd < 0)
		return -EPROTO;
	json_t *state = json_loads(buf, 0, NULL);
	json_int_t pid = json_integer_value(json_object_get(state, "pid"));
	json_decref(state);
	*ret_fd = fd;
	*ret_init = (pid_t)pid;
	return 0;
}

int container_accept(struct container *c, pid_t pid, int timeout_ms,
		     int *ret_fd, pid_t *ret_init)
{
	double deadline = util_now() + timeout_ms / 1000.0;
	for (;;) {
		struct pollfd p = { c->listen_fd, POLLIN, 0 };
		int n = poll(&p, 1, 20);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			break;
		siginfo_t si = { 0 };
		if (waitid(P_PID, (id_t)pid, &si,
			   WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid == pid)
			return -ECHILD;
		if (util_now() > deadline)
			return -ETIMEDOUT;
	}
	cleanup_close int conn =
		accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (conn < 0)
		return -errno;
	/* Bounded: a runtime that connects and stalls does not hang us. */
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return read_handoff(conn, ret_fd, ret_init);
}

/* `RUNTIME --root STATE delete --force ID`, bounded to five seconds. */
static void delete_container(const struct container *c)
{
	char *argv[] = { (char *)c->program,
			 (char *)"--root",
			 (char *)c->arg_root,
			 (char *)"delete",
			 (char *)"--force",
			 (char *)c->id,
			 NULL };
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(c->program, argv);
		_exit(127);
	}
	if (pid < 0)
		return;
	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *f)
{
	(void)st;
	(void)f;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void container_close(struct container *c)
{
	if (c->listen_fd >= 0)
		close(c->listen_fd);
	c->listen_fd = -1;
	if (c->id[0])
		delete_container(c);
	c->id[0] = '\0';
	/* Our directory only, never across a mount into someone's. */
	if (c->dir[0])
		nftw(c->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	c->dir[0] = '\0';
}
