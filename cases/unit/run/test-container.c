/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "helpers.h"
#include "util.h"

/* A stand-in runc on PATH that only writes down how it was called. */
static char tmp[] = "/tmp/scaudit-test-container-XXXXXX";
static char calls[PATH_MAX];
static char saved_path[4096];

static int setup(void **state)
{
	if (!mkdtemp(tmp))
		return -1;
	snprintf(calls, sizeof(calls), "%s/calls", tmp);
	char script[PATH_MAX * 2];
	snprintf(script, sizeof(script), "#!/bin/sh\necho \"$@\" >>%s\n",
		 calls);
	for (int i = 0; i < 2; i++) {
		char path[PATH_MAX + 8];
		snprintf(path, sizeof(path), "%s/%s", tmp,
			 i ? "podman" : "runc");
		if (util_write_file_atomic(path, script, strlen(script)) < 0 ||
		    chmod(path, 0755) < 0)
			return -1;
	}
	const char *path_was = getenv("PATH");
	snprintf(saved_path, sizeof(saved_path), "%s",
		 path_was ? path_was : "/usr/bin:/bin");
	setenv("PATH", tmp, 1);
	setenv("TMPDIR", tmp, 1);
	return 0;
}

static int teardown(void **state)
{
	setenv("PATH", saved_path, 1);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* What runc does once the filter is loaded: connect, send the state with
 * the listener, keep the connection open a while. */
static void hand_over(const char *socket_path, int fd, int linger_ms)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(socket_path) >= sizeof(a.sun_path))
		_exit(1);
	memcpy(a.sun_path, socket_path, strlen(socket_path) + 1);
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		_exit(1);
	static const char state[] =
		"{\"ociVersion\":\"1.0.2\",\"fds\":[\"seccompFd\"],\"pid\":4242,"
		"\"metadata\":\"scaudit\",\"state\":{\"status\":\"creating\"}}";
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct iovec io = { (void *)state, sizeof(state) - 1 };
	struct msghdr m = { .msg_iov = &io,
			    .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *h = CMSG_FIRSTHDR(&m);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(h), &fd, sizeof(int));
	if (sendmsg(s, &m, 0) < 0)
		_exit(1);
	usleep((useconds_t)linger_ms * 1000);
	_exit(0);
}

static void test_lifecycle(void **state)
{
	struct container c;
	struct diag d = { 0 };
	struct job j = { .container = { .runtime = JOB_RUNTIME_RUNC } };
	assert_int_equal(container_open(&j, &c, &d), 0);
	struct stat st;
	assert_int_equal(stat(c.socket, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_string_equal(c.args.v[1], "--root");
	assert_string_equal(c.args.v[3], "run");
	assert_string_equal(c.args.v[6], c.id);
	assert_null(c.args.v[7]);
	assert_int_equal(
		container_write_config(&c, json_pack("{s:s}", "a", "b")), 0);
	char cfg[PATH_MAX + 32];
	snprintf(cfg, sizeof(cfg), "%s/config.json", c.arg_bundle);
	assert_int_equal(access(cfg, R_OK), 0);

	/* The hand-over, with the runtime keeping the connection open. */
	int p[2];
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0)
		hand_over(c.socket, p[1], 2000);
	int fd = -1;
	pid_t init = 0;
	double t0 = util_now();
	assert_int_equal(container_accept(&c, pid, -1, 5000, &fd, &init), 0);
	assert_true(util_now() - t0 < 1.5);
	assert_int_equal(init, 4242);
	assert_true(fd >= 0);
	/* It is the pipe's write end: what goes in comes out of p[0]. */
	assert_int_equal(write(fd, "x", 1), 1);
	char ch;
	assert_int_equal(read(p[0], &ch, 1), 1);
	close(fd);
	close(p[0]);
	close(p[1]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	/* A runtime that ends first, or never connects. */
	pid = fork();
	if (pid == 0)
		_exit(1);
	assert_int_equal(container_accept(&c, pid, -1, 5000, &fd, &init),
			 -ECHILD);
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		sleep(5);
		_exit(0);
	}
	assert_int_equal(container_accept(&c, pid, -1, 200, &fd, &init),
			 -ETIMEDOUT);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);

	/* Closed: deleted through the runtime, nothing left. */
	char dir[PATH_MAX], id[64], root[PATH_MAX + 8];
	snprintf(dir, sizeof(dir), "%s", c.dir);
	snprintf(id, sizeof(id), "%s", c.id);
	snprintf(root, sizeof(root), "%s", c.arg_root);
	container_close(&c);
	container_close(&c);
	assert_int_equal(access(dir, F_OK), -1);
	char *log = NULL;
	size_t len;
	assert_int_equal(util_read_file(calls, 4096, &log, &len), 0);
	char want[PATH_MAX + 128];
	snprintf(want, sizeof(want), "--root %s delete --force %s\n", root, id);
	assert_string_equal(log, want);
	free(log);
}

static void test_not_installed(void **state)
{
	setenv("PATH", "/nonexistent", 1);
	struct container c;
	struct diag d = { 0 };
	struct job j = { .container = { .runtime = JOB_RUNTIME_CRUN } };
	assert_int_equal(container_open(&j, &c, &d), -ENOENT);
	assert_non_null(strstr(d.message, "apt-get install crun"));
	container_close(&c);
	setenv("PATH", tmp, 1);
}

/* podman: the job's caps, no_new_privs and bound as its flags, the
 * image, the command; removed with rm --force. */
static void test_podman(void **state)
{
	unlink(calls);
	char *argv[] = { (char *)"/bin/x", (char *)"a b", NULL };
	struct job j = { .argv = argv, .max_procs = 5 };
	j.env.caps = (1ull << 0) | (1ull << 5); /* CAP_CHOWN, CAP_KILL */
	j.container = (struct job_container){ .runtime = JOB_RUNTIME_PODMAN,
					      .image = "localhost/img:1",
					      .no_new_privs = 1 };
	struct container c;
	struct diag d = { 0 };
	assert_int_equal(container_open(&j, &c, &d), 0);
	char want[PATH_MAX + 64];
	snprintf(want, sizeof(want), "--security-opt=seccomp=%s/seccomp.json",
		 c.dir);
	assert_true(strv_contains(c.args.v, want));
	assert_true(strv_contains(c.args.v, "--cap-add=CAP_CHOWN,CAP_KILL"));
	assert_true(
		strv_contains(c.args.v, "--security-opt=no-new-privileges"));
	assert_true(strv_contains(c.args.v, "--pids-limit=5"));
	size_t n = c.args.n;
	assert_string_equal(c.args.v[n - 3], "localhost/img:1");
	assert_string_equal(c.args.v[n - 1], "a b");
	assert_int_equal(container_write_profile(&c, json_object()), 0);
	char id[64];
	snprintf(id, sizeof(id), "%s", c.id);
	container_close(&c);
	char *log = NULL;
	size_t len;
	assert_int_equal(util_read_file(calls, 4096, &log, &len), 0);
	snprintf(want, sizeof(want), "rm --force --time 0 %s\n", id);
	assert_string_equal(log, want);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_not_installed),
		cmocka_unit_test(test_podman),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
