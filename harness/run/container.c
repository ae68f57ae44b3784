/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
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

#include "caps.h"
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

static int add(struct strv *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int add(struct strv *v, const char *fmt, ...)
{
	char buf[PATH_MAX + 64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return strv_add(v, buf);
}

static int add_all(struct strv *v, const char *const *words)
{
	int r = 0;
	for (; r == 0 && *words; words++)
		r = strv_add(v, *words);
	return r;
}

/* podman with runc (its crun default refuses hybrid cgroups), the
 * profile, and the job's caps, no_new_privs and bound, as podman's own
 * flags: what the profile is judged under. */
static int podman_argv(const struct job *j, struct container *c)
{
	struct strv *v = &c->args;
	char caps[2048];
	caps_format(j->env.caps, caps, sizeof(caps));
	int r = add(v, "%s", c->program);
	if (r == 0)
		r = add_all(v, (const char *const[]){
				       "run", "--rm", "--pull=never", "--name",
				       c->id, "--runtime", "runc", "--cap-drop",
				       "all", NULL });
	if (r == 0)
		r = add(v, "--security-opt=seccomp=%s", c->arg_profile);
	if (r == 0 && strcmp(caps, "none") != 0)
		r = add(v, "--cap-add=%s", caps);
	if (r == 0 && j->container.no_new_privs > 0)
		r = add(v, "--security-opt=no-new-privileges");
	if (r == 0 && j->max_procs)
		r = add(v, "--pids-limit=%u", j->max_procs);
	if (r == 0)
		r = add(v, "%s", j->container.image);
	if (r == 0)
		r = strv_extend(v, j->argv);
	return r;
}

static int set_argv(const struct job *j, struct container *c)
{
	static unsigned serial;
	snprintf(c->id, sizeof(c->id), "scaudit-%d-%u", (int)getpid(),
		 serial++);
	snprintf(c->arg_root, sizeof(c->arg_root), "%s/state", c->dir);
	snprintf(c->arg_bundle, sizeof(c->arg_bundle), "%s/bundle", c->dir);
	snprintf(c->arg_profile, sizeof(c->arg_profile), "%s/seccomp.json",
		 c->dir);
	if (c->runtime == JOB_RUNTIME_PODMAN)
		return podman_argv(j, c);
	return add_all(&c->args,
		       (const char *const[]){ c->program, "--root", c->arg_root,
					      "run", "--bundle", c->arg_bundle,
					      c->id, NULL });
}

int container_open(const struct job *j, struct container *c, struct diag *d)
{
	enum job_runtime runtime = j->container.runtime;
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
	return set_argv(j, c);
}

static int write_json(const char *path, json_t *doc)
{
	cleanup_free char *text = jsonutil_text(doc);
	json_decref(doc);
	if (!text)
		return -ENOMEM;
	return util_write_file_atomic(path, text, strlen(text));
}

int container_write_config(struct container *c, json_t *config)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/config.json", c->arg_bundle);
	return write_json(path, config);
}

int container_write_profile(struct container *c, json_t *seccomp)
{
	return write_json(c->arg_profile, seccomp);
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

/* A signal that ends the run waits in the supervisor's signalfd. */
static bool interrupted(void)
{
	sigset_t pending;
	return sigpending(&pending) == 0 &&
	       (sigismember(&pending, SIGINT) > 0 ||
		sigismember(&pending, SIGTERM) > 0 ||
		sigismember(&pending, SIGHUP) > 0);
}

int container_accept(struct container *c, pid_t pid, int sigfd, int timeout_ms,
		     int *ret_fd, pid_t *ret_init)
{
	double deadline = util_now() + timeout_ms / 1000.0;
	for (;;) {
		struct pollfd p[2] = { { c->listen_fd, POLLIN, 0 },
				       { sigfd, POLLIN, 0 } };
		int n = poll(p, 2, 20);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (interrupted())
			return -EINTR;
		if (n > 0 && p[0].revents)
			break;
		if (n > 0 && p[1].revents) {
			/* SIGCHLD: let the wait below look, without a spin. */
			struct timespec ts = { 0, 2 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
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

/* `RUNTIME --root STATE delete --force ID` (`podman rm --force`),
 * bounded to five seconds. */
static void delete_container(const struct container *c)
{
	char *argv[] = { (char *)c->program,
			 (char *)"--root",
			 (char *)c->arg_root,
			 (char *)"delete",
			 (char *)"--force",
			 (char *)c->id,
			 NULL };
	char *podman[] = { (char *)c->program,
			   (char *)"rm",
			   (char *)"--force",
			   (char *)"--time",
			   (char *)"0",
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
		execv(c->program,
		      c->runtime == JOB_RUNTIME_PODMAN ? podman : argv);
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

/* A runtime killed before it wrote its state leaves the cgroups it made
 * (named after the container) that delete cannot find: removed here,
 * empty once the run's processes are gone. */
static void remove_cgroups(const struct container *c)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", c->id);
	rmdir(path);
	DIR *d = opendir("/sys/fs/cgroup");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/fs/cgroup/%s/%s", e->d_name,
			 c->id);
		rmdir(path);
	}
	if (d)
		closedir(d);
}

void container_close(struct container *c)
{
	if (c->listen_fd >= 0)
		close(c->listen_fd);
	c->listen_fd = -1;
	if (c->id[0]) {
		delete_container(c);
		if (c->runtime != JOB_RUNTIME_PODMAN)
			remove_cgroups(c);
	}
	c->id[0] = '\0';
	/* Our directory only, never across a mount into someone's. */
	if (c->dir[0])
		nftw(c->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	c->dir[0] = '\0';
	strv_clear(&c->args);
}
