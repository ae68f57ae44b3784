/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "profile-helpers.h"
#include "filter.h"
#include "runner.h"
#include "util.h"

/* A scratch tree for lookups, made once for the group (T below):
 *   a/both (0644)  b/both (0755)   the executable one is found
 *   a/noexec (0644)                found, not executable
 *   a/first, b/first (0755)        the first on PATH wins
 *   a/adir/ (a directory)  b/adir  directories are skipped
 *   a/onlydir/                     only a directory
 *   c/here (0755)                  for lookups from the cwd
 *   input                          "hello\n", for stdin */
static char tmp[256];

static const struct {
	const char *rel;
	mode_t mode; /* 0: a directory */
} tree[] = {
	{ "a", 0 },	     { "b", 0 },	   { "c", 0 },
	{ "a/adir", 0 },     { "a/onlydir", 0 },   { "a/both", 0644 },
	{ "b/both", 0755 },  { "a/noexec", 0644 }, { "a/first", 0755 },
	{ "b/first", 0755 }, { "b/adir", 0755 },   { "c/here", 0755 },
	{ "input", 0644 },
};

static void tree_path(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/%s", tmp, rel);
}

static int setup_tree(void **state)
{
	char dir[] = "/tmp/scaudit-test-runner-XXXXXX", real[PATH_MAX];
	if (!mkdtemp(dir) || !realpath(dir, real) ||
	    strlen(real) >= sizeof(tmp))
		return -1;
	memcpy(tmp, real, strlen(real) + 1);
	for (size_t i = 0; i < ARRAY_SIZE(tree); i++) {
		char path[PATH_MAX];
		tree_path(path, sizeof(path), tree[i].rel);
		if (!tree[i].mode) {
			if (mkdir(path, 0755) < 0)
				return -1;
			continue;
		}
		const char *text = strcmp(tree[i].rel, "input") == 0
					   ? "hello\n"
					   : "#!/bin/sh\nexit 0\n";
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      tree[i].mode);
		if (fd < 0 || write(fd, text, strlen(text)) < 0 ||
		    close(fd) < 0 || chmod(path, tree[i].mode) < 0)
			return -1;
	}
	return 0;
}

static int teardown_tree(void **state)
{
	for (size_t i = ARRAY_SIZE(tree); i-- > 0;) {
		char path[PATH_MAX];
		tree_path(path, sizeof(path), tree[i].rel);
		if (tree[i].mode)
			unlink(path);
		else
			rmdir(path);
	}
	rmdir(tmp);
	return 0;
}

/* PATH made of tree folders: "a:b" → "T/a:T/b"; empty parts stay. */
static void set_path(const char *spec)
{
	char path[2048] = "";
	size_t off = 0;
	for (const char *p = spec;;) {
		size_t n = strcspn(p, ":");
		if (n)
			off += (size_t)snprintf(path + off, sizeof(path) - off,
						"%s/%.*s", tmp, (int)n, p);
		if (!p[n])
			break;
		off += (size_t)snprintf(path + off, sizeof(path) - off, ":");
		p += n + 1;
	}
	assert_int_equal(setenv("PATH", path, 1), 0);
}

struct lookup {
	const char *what;
	const char *path_spec; /* for set_path; NULL: PATH unset */
	const char *name; /* "T/..." is made absolute in the tree */
	bool from_c; /* look up with our cwd in T/c */
	int r;
	const char *found; /* "T/...", or as is */
};

static void check_lookups(const struct lookup *t, size_t n)
{
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(here >= 0);
	char c[PATH_MAX];
	tree_path(c, sizeof(c), "c");
	for (size_t i = 0; i < n; i++) {
		char name[PATH_MAX], want[PATH_MAX], buf[PATH_MAX] = "";
		if (strncmp(t[i].name, "T/", 2) == 0)
			tree_path(name, sizeof(name), t[i].name + 2);
		else
			snprintf(name, sizeof(name), "%s", t[i].name);
		if (t[i].path_spec)
			set_path(t[i].path_spec);
		else
			unsetenv("PATH");
		if (t[i].from_c)
			assert_int_equal(chdir(c), 0);
		int r = runner_find_program(name, buf, sizeof(buf));
		assert_int_equal(fchdir(here), 0);
		if (old)
			setenv("PATH", old, 1);
		else
			unsetenv("PATH");
		if (r != t[i].r)
			print_error("case '%s': r=%d (%s)\n", t[i].what, r,
				    buf);
		assert_int_equal(r, t[i].r);
		if (r < 0 || !t[i].found)
			continue;
		if (strncmp(t[i].found, "T/", 2) == 0)
			tree_path(want, sizeof(want), t[i].found + 2);
		else
			snprintf(want, sizeof(want), "%s", t[i].found);
		assert_string_equal(buf, want);
	}
	close(here);
	free(old);
}

static void test_find_program(void **state)
{
	const struct lookup t[] = {
		{ "executable one", "a:b", "both", false, 0, "T/b/both" },
		{ "only not executable", "a:b", "noexec", false, -EACCES,
		  NULL },
		{ "first wins", "a:b", "first", false, 0, "T/a/first" },
		{ "first wins, other order", "b:a", "first", false, 0,
		  "T/b/first" },
		{ "directory skipped", "a:b", "adir", false, 0, "T/b/adir" },
		{ "only a directory", "a:b", "onlydir", false, -ENOENT, NULL },
		{ "missing", "a:b", "scaudit-missing", false, -ENOENT, NULL },
		{ "empty name", "a:b", "", false, -ENOENT, NULL },
		{ "not in the cwd without an empty part", "a:b", "here", true,
		  -ENOENT, NULL },
		/* Names with '/' are taken as they are. */
		{ "absolute", "a", "T/b/both", false, 0, "T/b/both" },
		{ "absolute, not executable", "b", "T/a/both", false, -EACCES,
		  NULL },
		{ "absolute, missing", "a:b", "/nonexistent/prog", false,
		  -ENOENT, NULL },
		{ "relative with '/'", "a:b", "./here", true, 0, "./here" },
		/* On PATH as T/a/../b/first, not from the cwd. */
		{ "relative, not searched", "a/..", "b/first", true, -ENOENT,
		  NULL },
		{ "relative, from the cwd", "a", "../b/first", true, 0,
		  "../b/first" },
		{ "system", "a", "/bin/sh", false, 0, "/bin/sh" },
	};
	check_lookups(t, ARRAY_SIZE(t));
}

/* No PATH: the default one, where sh is. */
static void test_find_program_default_path(void **state)
{
	const struct lookup t[] = {
		{ "default PATH", NULL, "sh", false, 0, NULL },
		{ "default PATH, missing", NULL, "scaudit-missing", false,
		  -ENOENT, NULL },
	};
	check_lookups(t, ARRAY_SIZE(t));
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	unsetenv("PATH");
	char buf[PATH_MAX];
	int r = runner_find_program("sh", buf, sizeof(buf));
	if (old)
		setenv("PATH", old, 1);
	free(old);
	assert_int_equal(r, 0);
	assert_true(strcmp(buf, "/usr/local/bin/sh") == 0 ||
		    strcmp(buf, "/usr/bin/sh") == 0 ||
		    strcmp(buf, "/bin/sh") == 0);
}

/* runner_find_program(name) with PATH from spec, from T/c. */
static int lookup_from_c(const char *spec, const char *name, char *buf,
			 size_t size)
{
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	set_path(spec);
	int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(here >= 0);
	char c[PATH_MAX];
	tree_path(c, sizeof(c), "c");
	assert_int_equal(chdir(c), 0);
	buf[0] = '\0';
	int r = runner_find_program(name, buf, size);
	assert_int_equal(fchdir(here), 0);
	close(here);
	if (old)
		setenv("PATH", old, 1);
	else
		unsetenv("PATH");
	free(old);
	return r;
}

/* A shell (POSIX, XBD 8.3) and execvp take an empty PATH part ("a::b", a
 * leading ':') as the current directory. */
static void test_find_program_empty_part(void **state)
{
	const char *specs[] = { "a::b", ":a" };
	for (size_t i = 0; i < ARRAY_SIZE(specs); i++) {
		char buf[PATH_MAX];
		int r = lookup_from_c(specs[i], "here", buf, sizeof(buf));
		assert_int_equal(r, 0);
		assert_string_equal(buf, "./here");
	}
}

/* A shell and execvp take "a:" as "a", then the current directory. */
static void test_find_program_trailing_colon(void **state)
{
	char buf[PATH_MAX];
	int r = lookup_from_c("a:", "here", buf, sizeof(buf));
	assert_int_equal(r, 0);
	assert_string_equal(buf, "./here");
}

static void test_stage_name(void **state)
{
	const struct {
		enum runner_stage stage;
		const char *name;
	} t[] = {
		{ RUNNER_STAGE_FORK, "fork" },
		{ RUNNER_STAGE_SETUP, "set up the process" },
		{ RUNNER_STAGE_ISOLATION,
		  "isolate the workload in a pid namespace" },
		{ RUNNER_STAGE_LIMIT, "bound the number of processes" },
		{ RUNNER_STAGE_COUNTER, "join the usage counter's cgroup" },
		{ RUNNER_STAGE_CAPS, "set capabilities" },
		{ RUNNER_STAGE_NO_NEW_PRIVS, "set no_new_privs" },
		{ RUNNER_STAGE_FILTER, "load the seccomp filter" },
		{ RUNNER_STAGE_HANDOFF, "hand over the notification fd" },
		{ RUNNER_STAGE_EXEC, "execute the command" },
		{ RUNNER_STAGE_MAX, "?" },
		{ (enum runner_stage)100, "?" },
	};
	_Static_assert(ARRAY_SIZE(t) == RUNNER_STAGE_MAX + 2, "every stage");
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_string_equal(runner_stage_name(t[i].stage), t[i].name);
}

/* The filter every spawn here loads: allow everything, observed. */
static struct filter *allow_all(void)
{
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options o = { .observe = true };
	assert_int_equal(filter_build(p, &o, &f, &d), 0);
	profile_free(p);
	return f;
}

/* No child of ours is left, running or zombie. */
static void assert_no_child(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG | __WALL), -1);
	assert_int_equal(errno, ECHILD);
}

/* Wait for c, closing its fds; its wait status. */
static int finish(const struct runner_child *c)
{
	int status = -1;
	assert_int_equal(waitpid(c->pid, &status, 0), c->pid);
	if (c->notify_fd >= 0)
		close(c->notify_fd);
	close(c->exec_fd);
	return status;
}

/* /bin/true, observed and not: a pid, the listener when observing, the
 * exec pipe that closes on execve; the caller's mask untouched. */
static void test_spawn_true(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	struct filter *f = allow_all();
	char *argv[] = { (char *)"true", NULL };
	sigset_t mask, after;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	assert_int_equal(sigprocmask(SIG_SETMASK, &mask, NULL), 0);
	for (int observe = 1; observe >= 0; observe--) {
		struct runner_spec s = { .path = "/bin/true",
					 .argv = argv,
					 .filter = f,
					 .observe = observe };
		struct runner_child c;
		struct runner_failure fail;
		assert_int_equal(runner_spawn(&s, &c, &fail), 0);
		assert_true(c.pid > 0);
		assert_true(c.exec_fd >= 0);
		assert_false(c.traced);
		if (observe)
			assert_true(c.notify_fd >= 0);
		else
			assert_int_equal(c.notify_fd, -1);
		/* EOF: execve went through. */
		char byte;
		assert_int_equal(read(c.exec_fd, &byte, 1), 0);
		int status = finish(&c);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		assert_int_equal(sigprocmask(SIG_SETMASK, NULL, &after), 0);
		assert_true(sigismember(&after, SIGUSR1));
		assert_false(sigismember(&after, SIGCHLD));
		assert_false(sigismember(&after, SIGINT));
	}
	sigemptyset(&mask);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	assert_no_child();
	filter_free(f);
}

/* Read "Key:\tvalue" of /proc/PID/status. */
static bool status_field(pid_t pid, const char *key, char *buf, size_t size)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *fp = fopen(path, "re");
	if (!fp)
		return false;
	bool found = false;
	size_t n = strlen(key);
	while (!found && fgets(line, sizeof(line), fp)) {
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			v += strspn(v, " \t");
			snprintf(buf, size, "%.*s", (int)strcspn(v, "\n"), v);
			found = true;
		}
	}
	fclose(fp);
	return found;
}

/* A long-running child: its own process group, no signal blocked
 * whatever we block, no_new_privs and a filter; killed and reaped. */
static void test_spawn_child_state(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	struct filter *f = allow_all();
	char *argv[] = { (char *)"sleep", (char *)"30", NULL };
	char path[PATH_MAX];
	assert_int_equal(runner_find_program("sleep", path, sizeof(path)), 0);
	sigset_t mask;
	sigfillset(&mask);
	assert_int_equal(sigprocmask(SIG_SETMASK, &mask, NULL), 0);
	struct runner_spec s = {
		.path = path, .argv = argv, .filter = f, .observe = true
	};
	struct runner_child c;
	struct runner_failure fail;
	int r = runner_spawn(&s, &c, &fail);
	sigemptyset(&mask);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	assert_int_equal(r, 0);
	/* After the hand-off: set up, filtered. */
	assert_int_equal(getpgid(c.pid), c.pid);
	char v[64];
	assert_true(status_field(c.pid, "SigBlk", v, sizeof(v)));
	assert_string_equal(v, "0000000000000000");
	assert_true(status_field(c.pid, "NoNewPrivs", v, sizeof(v)));
	assert_string_equal(v, "1");
	assert_true(status_field(c.pid, "Seccomp", v, sizeof(v)));
	assert_string_equal(v, "2");
	assert_int_equal(kill(c.pid, SIGKILL), 0);
	int status = finish(&c);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	assert_no_child();
	filter_free(f);
}

/* stdin, cwd, environment and quiet reach the workload: a shell checks
 * each and exits with the number of the first that is wrong. */
static void test_spawn_setup_applied(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	struct filter *f = allow_all();
	char input[PATH_MAX], cwd[PATH_MAX];
	tree_path(input, sizeof(input), "input");
	tree_path(cwd, sizeof(cwd), "c");
	char *argv[] = {
		(char *)"sh",
		(char *)"-c",
		(char *)"read x || exit 10; [ \"$x\" = hello ] || exit 11; "
			"[ \"$(pwd -P)\" = \"$1\" ] || exit 12; "
			"[ \"$SCAUDIT_X\" = 1 ] || exit 13; "
			"[ -z \"$SCAUDIT_Y\" ] || exit 14; "
			"[ \"$(readlink /proc/$$/fd/1)\" = /dev/null ] || exit 15; "
			"[ \"$(readlink /proc/$$/fd/2)\" = /dev/null ] || exit 16; "
			"exit 0",
		(char *)"sh",
		cwd,
		NULL,
	};
	char *envp[] = { (char *)"SCAUDIT_X=1", (char *)"PATH=/usr/bin:/bin",
			 NULL };
	assert_int_equal(setenv("SCAUDIT_Y", "ours", 1), 0);
	struct runner_spec s = { .path = "/bin/sh",
				 .argv = argv,
				 .envp = envp,
				 .cwd = cwd,
				 .stdin_path = input,
				 .quiet = true,
				 .filter = f,
				 .observe = true };
	struct runner_child c;
	struct runner_failure fail;
	assert_int_equal(runner_spawn(&s, &c, &fail), 0);
	int status = finish(&c);
	unsetenv("SCAUDIT_Y");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		print_error("check %d failed\n", WEXITSTATUS(status));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	filter_free(f);
}

/* A setup that cannot be done: observed, spawn says so at SETUP and
 * reaps the child; not observed, the exec pipe says it. */
static void test_spawn_setup_fails(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	char file[PATH_MAX];
	tree_path(file, sizeof(file), "input");
	const struct {
		const char *what, *cwd, *stdin_path;
		int error;
	} t[] = {
		{ "missing cwd", "/nonexistent-scaudit", NULL, ENOENT },
		{ "cwd not a directory", file, NULL, ENOTDIR },
		{ "missing stdin", NULL, "/nonexistent-scaudit/in", ENOENT },
	};
	struct filter *f = allow_all();
	char *argv[] = { (char *)"true", NULL };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct runner_spec s = { .path = "/bin/true",
					 .argv = argv,
					 .cwd = t[i].cwd,
					 .stdin_path = t[i].stdin_path,
					 .filter = f,
					 .observe = true };
		struct runner_child c = { .pid = -1 };
		struct runner_failure fail = { RUNNER_STAGE_MAX, 0 };
		int r = runner_spawn(&s, &c, &fail);
		if (r != -t[i].error || fail.stage != RUNNER_STAGE_SETUP)
			print_error("case '%s': r=%d stage %s error %d\n",
				    t[i].what, r, runner_stage_name(fail.stage),
				    fail.error);
		assert_int_equal(r, -t[i].error);
		assert_int_equal(fail.stage, RUNNER_STAGE_SETUP);
		assert_int_equal(fail.error, t[i].error);
		assert_no_child(); /* reaped */

		s.observe = false;
		assert_int_equal(runner_spawn(&s, &c, &fail), 0);
		assert_int_equal(c.notify_fd, -1);
		struct runner_failure got = { RUNNER_STAGE_MAX, 0 };
		assert_int_equal(read(c.exec_fd, &got, sizeof(got)),
				 sizeof(got));
		assert_int_equal(got.stage, RUNNER_STAGE_SETUP);
		assert_int_equal(got.error, t[i].error);
		int status = finish(&c);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 127);
	}
	assert_no_child();
	filter_free(f);
}

/* execve fails after the hand-off: spawn succeeds, and the exec pipe
 * says EXEC. */
static void test_spawn_exec_fails(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	char noexec[PATH_MAX];
	tree_path(noexec, sizeof(noexec), "a/noexec");
	const struct {
		const char *path;
		int error;
	} t[] = {
		{ "/nonexistent", ENOENT },
		{ noexec, EACCES },
	};
	struct filter *f = allow_all();
	char *argv[] = { (char *)"prog", NULL };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct runner_spec s = { .path = t[i].path,
					 .argv = argv,
					 .filter = f,
					 .observe = true };
		struct runner_child c;
		struct runner_failure fail;
		assert_int_equal(runner_spawn(&s, &c, &fail), 0);
		assert_true(c.pid > 0);
		assert_true(c.notify_fd >= 0);
		struct runner_failure got = { RUNNER_STAGE_MAX, 0 };
		assert_int_equal(read(c.exec_fd, &got, sizeof(got)),
				 sizeof(got));
		assert_int_equal(got.stage, RUNNER_STAGE_EXEC);
		assert_int_equal(got.error, t[i].error);
		int status = finish(&c);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 127);
	}
	assert_no_child();
	filter_free(f);
}

/* fd moved to 10 or above (close-on-exec), so 0-2 can be given back. */
static int move_up(int fd)
{
	if (fd < 0)
		return fd;
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	assert_true(moved >= 10);
	close(fd);
	return moved;
}

/* With fds 0 and 1 closed, pipe2 hands them out: the exec pipe's write
 * end must not be where quiet's dup2 puts /dev/null in the child, or the
 * parent reads EOF ("execve succeeded") before the child even loaded its
 * filter, and a failed execve goes unseen. */
static void test_spawn_low_fds_closed(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	struct filter *f = allow_all();
	char *argv[] = { (char *)"prog", NULL };
	struct runner_spec s = { .path = "/nonexistent",
				 .argv = argv,
				 .quiet = true,
				 .filter = f,
				 .observe = true };
	int save0 = fcntl(0, F_DUPFD_CLOEXEC, 10);
	int save1 = fcntl(1, F_DUPFD_CLOEXEC, 10);
	assert_true(save0 >= 10 && save1 >= 10);
	close(0);
	close(1);
	struct runner_child c;
	struct runner_failure fail;
	int r = runner_spawn(&s, &c, &fail);
	if (r == 0) {
		c.exec_fd = move_up(c.exec_fd);
		c.notify_fd = move_up(c.notify_fd);
	}
	/* Ours back before any assertion prints. */
	dup2(save0, 0);
	dup2(save1, 1);
	close(save0);
	close(save1);
	assert_int_equal(r, 0);
	struct runner_failure got = { RUNNER_STAGE_MAX, 0 };
	ssize_t n = read(c.exec_fd, &got, sizeof(got));
	int status = finish(&c);
	filter_free(f);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 127);
	assert_int_equal(n, sizeof(got));
	assert_int_equal(got.stage, RUNNER_STAGE_EXEC);
	assert_int_equal(got.error, ENOENT);
}

/* Capabilities: none leaves the workload none; granting one takes root,
 * and as another user spawn fails at CAPS. */
static void test_spawn_caps(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the spawned child "
			 "cannot load its filter");
	struct filter *f = allow_all();
	bool root = geteuid() == 0;
	const struct {
		uint64_t caps;
		const char *eff; /* CapEff as root */
	} t[] = {
		{ 0, "0000000000000000" },
		{ 1ull << CAP_CHOWN, "0000000000000001" },
	};
	char *argv[] = { (char *)"sleep", (char *)"30", NULL };
	char path[PATH_MAX];
	assert_int_equal(runner_find_program("sleep", path, sizeof(path)), 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct runner_spec s = { .path = path,
					 .argv = argv,
					 .set_caps = true,
					 .caps = t[i].caps,
					 .filter = f,
					 .observe = true };
		struct runner_child c;
		struct runner_failure fail = { RUNNER_STAGE_MAX, 0 };
		int r = runner_spawn(&s, &c, &fail);
		if (!root && t[i].caps) {
			/* Not ours to grant. */
			assert_int_equal(r, -EPERM);
			assert_int_equal(fail.stage, RUNNER_STAGE_CAPS);
			assert_int_equal(fail.error, EPERM);
			assert_no_child();
			continue;
		}
		assert_int_equal(r, 0);
		char v[64];
		assert_true(status_field(c.pid, "CapEff", v, sizeof(v)));
		assert_string_equal(v, t[i].eff);
		assert_true(status_field(c.pid, "CapPrm", v, sizeof(v)));
		assert_string_equal(v, t[i].eff);
		if (root) {
			/* Root would regain the rest at exec otherwise. */
			assert_true(
				status_field(c.pid, "CapBnd", v, sizeof(v)));
			assert_string_equal(v, t[i].eff);
		}
		kill(c.pid, SIGKILL);
		int status = finish(&c);
		assert_true(WIFSIGNALED(status));
	}
	assert_no_child();
	filter_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_program),
		cmocka_unit_test(test_find_program_default_path),
		cmocka_unit_test(test_find_program_empty_part),
		cmocka_unit_test(test_find_program_trailing_colon),
		cmocka_unit_test(test_stage_name),
		cmocka_unit_test(test_spawn_true),
		cmocka_unit_test(test_spawn_child_state),
		cmocka_unit_test(test_spawn_setup_applied),
		cmocka_unit_test(test_spawn_setup_fails),
		cmocka_unit_test(test_spawn_exec_fails),
		cmocka_unit_test(test_spawn_low_fds_closed),
		cmocka_unit_test(test_spawn_caps),
	};
	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
