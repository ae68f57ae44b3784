/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "caps.h"
#include "job.h"
#include "util.h"

extern char **environ;

/* A scratch tree for program lookups, made once for the group:
 * T/bin/prog and T/sub/prog (executable), T/bin/noexec (not). */
static char tmp[256];

static void write_file(const char *rel, const char *text, mode_t mode)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	assert_int_equal(chmod(path, mode), 0); /* whatever the umask */
}

static void remove_file(const char *rel)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	unlink(path);
}

static int setup_tree(void **state)
{
	char dir[] = "/tmp/scaudit-test-job-XXXXXX";
	char real[PATH_MAX];
	if (!mkdtemp(dir) || !realpath(dir, real) ||
	    strlen(real) >= sizeof(tmp))
		return -1;
	memcpy(tmp, real, strlen(real) + 1);
	char sub[PATH_MAX];
	snprintf(sub, sizeof(sub), "%s/bin", tmp);
	if (mkdir(sub, 0755) < 0)
		return -1;
	snprintf(sub, sizeof(sub), "%s/sub", tmp);
	if (mkdir(sub, 0755) < 0)
		return -1;
	write_file("bin/prog", "#!/bin/sh\nexit 0\n", 0755);
	write_file("sub/prog", "#!/bin/sh\nexit 0\n", 0755);
	write_file("bin/noexec", "#!/bin/sh\nexit 0\n", 0644);
	return 0;
}

static int teardown_tree(void **state)
{
	const char *files[] = { "bin/prog",	 "sub/prog",	  "bin/noexec",
				"expected.list", "expected.json", "empty.json" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		remove_file(files[i]);
	char sub[PATH_MAX];
	snprintf(sub, sizeof(sub), "%s/bin", tmp);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/sub", tmp);
	rmdir(sub);
	rmdir(tmp);
	return 0;
}

static void test_init_defaults(void **state)
{
	char *argv[] = { (char *)"date", (char *)"-u", NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "my case", argv, &d), 0);
	assert_string_equal(j.name, "my case");
	assert_ptr_equal(j.argv, argv);
	assert_null(j.envp);
	assert_null(j.cwd);
	assert_null(j.stdin_path);
	assert_int_equal(j.out, CAPTURE_INHERIT);
	assert_int_equal(j.err, CAPTURE_INHERIT);
	assert_true(j.timeout == JOB_DEFAULT_TIMEOUT);
	assert_int_equal(j.max_procs, 0);
	assert_string_equal(j.caps_spec, "keep");
	assert_false(j.set_caps);
	/* keep: judged under what this process holds, on this machine. */
	uint64_t mine;
	assert_int_equal(caps_current(&mine), 0);
	assert_int_equal(j.env.caps, mine);
	assert_int_equal(j.env.arch, seccomp_arch_native());
	assert_true(j.env.kernel_major >= 3);
	/* No expectations. */
	assert_int_equal(j.expect.exit_code, 0);
	assert_int_equal(j.expect.denied.n, 0);
	assert_int_equal(j.expect.expected.n, 0);
	assert_false(j.expect.has_expected);
	job_clear(&j);
	assert_null(j.name);
	assert_null(j.envp);
}

static void test_set_caps(void **state)
{
	uint64_t mine, all = 0;
	assert_int_equal(caps_current(&mine), 0);
	assert_int_equal(caps_parse("all", &all, NULL, 0), 0);
	assert_true(all != 0);
	const struct {
		const char *spec;
		bool set_caps;
		uint64_t caps;
	} t[] = {
		{ "none", true, 0 },
		{ "keep", false, mine },
		{ "docker", true, caps_docker() },
		{ "all", true, all },
		{ "CAP_CHOWN,kill", true,
		  (1ull << CAP_CHOWN) | (1ull << CAP_KILL) },
		{ "CAP_NET_ADMIN", true, 1ull << CAP_NET_ADMIN },
	};
	/* Docker's set is its 14, CAP_CHOWN among them, not CAP_SYS_ADMIN. */
	assert_int_equal(__builtin_popcountll(caps_docker()), 14);
	assert_true(caps_docker() & (1ull << CAP_CHOWN));
	assert_false(caps_docker() & (1ull << CAP_SYS_ADMIN));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *argv[] = { (char *)"true", NULL };
		struct job j;
		struct diag d = { 0 };
		assert_int_equal(job_init(&j, "true", argv, &d), 0);
		int r = job_set_caps(&j, "--caps", t[i].spec, &d);
		if (r != 0 || j.set_caps != t[i].set_caps ||
		    j.env.caps != t[i].caps)
			print_error("caps '%s': r=%d set=%d caps=%#llx: %s\n",
				    t[i].spec, r, j.set_caps,
				    (unsigned long long)j.env.caps, d.message);
		assert_int_equal(r, 0);
		assert_string_equal(j.caps_spec, t[i].spec);
		assert_int_equal(j.set_caps, t[i].set_caps);
		assert_int_equal(j.env.caps, t[i].caps);
		/* NULL is keep again. */
		assert_int_equal(job_set_caps(&j, "--caps", NULL, &d), 0);
		assert_string_equal(j.caps_spec, "keep");
		assert_false(j.set_caps);
		assert_int_equal(j.env.caps, mine);
		job_clear(&j);
	}
}

static void test_set_caps_unknown(void **state)
{
	const struct {
		const char *spec, *message, *hint;
	} t[] = {
		{ "CAP_NET_ADMN", "unknown capability 'CAP_NET_ADMN' in caps",
		  "did you mean 'CAP_NET_ADMIN'?" },
		{ "CAP_CHOWN,CAP_NET_ADMN",
		  "unknown capability 'CAP_NET_ADMN' in caps",
		  "did you mean 'CAP_NET_ADMIN'?" },
		{ "xyzzyplugh", "unknown capability 'xyzzyplugh' in caps",
		  "none, keep, docker, all, or names such as CAP_NET_ADMIN" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *argv[] = { (char *)"true", NULL };
		struct job j;
		struct diag d = { 0 };
		assert_int_equal(job_init(&j, "true", argv, &d), 0);
		assert_int_equal(job_set_caps(&j, "caps", "none", &d), 0);
		memset(&d, 0, sizeof(d));
		int r = job_set_caps(&j, "caps", t[i].spec, &d);
		if (r != -EINVAL || !strstr(d.message, t[i].message) ||
		    strcmp(d.hint, t[i].hint) != 0)
			print_error("caps '%s': r=%d: %s — %s\n", t[i].spec, r,
				    d.message, d.hint);
		assert_int_equal(r, -EINVAL);
		assert_non_null(strstr(d.message, t[i].message));
		assert_string_equal(d.hint, t[i].hint);
		/* Refused: the job keeps what it had. */
		assert_string_equal(j.caps_spec, "none");
		assert_true(j.set_caps);
		assert_int_equal(j.env.caps, 0);
		job_clear(&j);
	}
}

/* Where a name leads, from which cwd. "T" stands for the scratch tree. */
static void test_find_program(void **state)
{
	const struct {
		const char *what, *argv0;
		const char *cwd; /* "T": the tree; else relative to it */
		bool from_tree; /* run the lookup with our cwd in the tree */
		int r;
		const char *path; /* "T/..." expected; NULL: see below */
		const char *message; /* for failures */
	} t[] = {
		{ "on PATH", "sh", NULL, false, 0, NULL, NULL },
		{ "absolute", "/bin/sh", NULL, false, 0, "/bin/sh", NULL },
		{ "absolute, cwd ignored", "/bin/sh", "T", false, 0, "/bin/sh",
		  NULL },
		{ "relative from cwd", "bin/prog", "T", false, 0, "T/bin/prog",
		  NULL },
		{ "relative cwd, made absolute", "./prog", "sub", true, 0,
		  "T/sub/prog", NULL },
		{ "from the job's cwd, not ours", "bin/prog", "sub", true,
		  -ENOENT, NULL,
		  "bin/prog: command not found (not the profile's doing)" },
		{ "missing", "scaudit-no-such-command", NULL, false, -ENOENT,
		  NULL,
		  "scaudit-no-such-command: command not found (not the "
		  "profile's doing)" },
		{ "missing absolute", "/nonexistent/prog", NULL, false, -ENOENT,
		  NULL,
		  "/nonexistent/prog: command not found (not the profile's "
		  "doing)" },
		{ "empty", "", NULL, false, -ENOENT, NULL,
		  ": command not found (not the profile's doing)" },
		{ "not executable", "bin/noexec", "T", false, -EACCES, NULL,
		  "bin/noexec: Permission denied (not the profile's doing)" },
	};
	int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(here >= 0);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *argv[] = { (char *)t[i].argv0, NULL };
		char cwd[PATH_MAX], want[PATH_MAX];
		struct job j;
		struct diag d = { 0 };
		assert_int_equal(job_init(&j, t[i].argv0, argv, &d), 0);
		if (t[i].cwd) {
			if (strcmp(t[i].cwd, "T") == 0)
				snprintf(cwd, sizeof(cwd), "%s", tmp);
			else
				snprintf(cwd, sizeof(cwd), "%s", t[i].cwd);
			j.cwd = cwd;
		}
		if (t[i].from_tree)
			assert_int_equal(chdir(tmp), 0);
		int r = job_find_program(&j, &d);
		assert_int_equal(fchdir(here), 0);
		if (r != t[i].r)
			print_error("case '%s': r=%d path=%s: %s\n", t[i].what,
				    r, j.path, d.message);
		assert_int_equal(r, t[i].r);
		if (r < 0) {
			assert_string_equal(d.message, t[i].message);
		} else if (t[i].path && t[i].path[0] == 'T') {
			snprintf(want, sizeof(want), "%s%s", tmp,
				 t[i].path + 1);
			assert_string_equal(j.path, want);
		} else if (t[i].path) {
			assert_string_equal(j.path, t[i].path);
		} else {
			/* Found on PATH: an executable named sh. */
			const char *slash = strrchr(j.path, '/');
			assert_non_null(slash);
			assert_string_equal(slash, "/sh");
			assert_int_equal(access(j.path, X_OK), 0);
		}
		job_clear(&j);
	}
	close(here);
}

/* A name without '/' is looked up on PATH even with a cwd: a program
 * that is only in the job's cwd is not found. */
static void test_find_program_path_not_cwd(void **state)
{
	char *old = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	assert_int_equal(setenv("PATH", "/usr/bin:/bin", 1), 0);
	char *argv[] = { (char *)"prog", NULL };
	char cwd[PATH_MAX];
	snprintf(cwd, sizeof(cwd), "%s/bin", tmp);
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "prog", argv, &d), 0);
	j.cwd = cwd;
	int r = job_find_program(&j, &d);
	if (old)
		setenv("PATH", old, 1);
	else
		unsetenv("PATH");
	free(old);
	assert_int_equal(r, -ENOENT);
	assert_string_equal(
		d.message, "prog: command not found (not the profile's doing)");
	job_clear(&j);
}

static size_t count_entries(char *const *v, const char *entry)
{
	size_t n = 0;
	for (size_t i = 0; v[i]; i++)
		n += strcmp(v[i], entry) == 0;
	return n;
}

static bool has_name(char *const *v, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; v[i]; i++)
		if (strncmp(v[i], name, len) == 0 && v[i][len] == '=')
			return true;
	return false;
}

static void test_merge_env(void **state)
{
	assert_int_equal(setenv("SCAUDIT_TJ_A", "old", 1), 0);
	assert_int_equal(setenv("SCAUDIT_TJ_AB", "prefix", 1), 0);
	assert_int_equal(setenv("SCAUDIT_TJ_KEEP", "kept", 1), 0);
	unsetenv("SCAUDIT_TJ_NEW");
	size_t n = strv_length(environ);
	char *add[] = { (char *)"SCAUDIT_TJ_A=new", (char *)"SCAUDIT_TJ_NEW=1",
			NULL };
	char *argv[] = { (char *)"true", NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "true", argv, &d), 0);
	assert_int_equal(job_merge_env(&j, add), 0);
	assert_non_null(j.envp);
	/* One replaced, one added: one more than we have. */
	assert_int_equal(strv_length(j.envp), n + 1);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_A=new"), 1);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_A=old"), 0);
	/* Replaced by name, not by prefix. */
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_AB=prefix"), 1);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_KEEP=kept"), 1);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_NEW=1"), 1);
	/* The rest of ours, all of it. */
	for (size_t i = 0; environ[i]; i++)
		if (strncmp(environ[i], "SCAUDIT_TJ_A=", 13) != 0)
			assert_int_equal(count_entries(j.envp, environ[i]), 1);
	/* Again, with a variable whose name is a prefix of another's: it
	 * replaces the old envp and touches only its own name. */
	char *add2[] = { (char *)"SCAUDIT_TJ=short", NULL };
	assert_int_equal(job_merge_env(&j, add2), 0);
	assert_int_equal(strv_length(j.envp), n + 1);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ=short"), 1);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_A=old"), 1);
	assert_true(has_name(j.envp, "SCAUDIT_TJ_AB"));
	assert_false(has_name(j.envp, "SCAUDIT_TJ_NEW"));
	/* Nothing to add: a copy of ours. */
	assert_int_equal(job_merge_env(&j, NULL), 0);
	assert_int_equal(strv_length(j.envp), n);
	assert_int_equal(count_entries(j.envp, "SCAUDIT_TJ_A=old"), 1);
	job_clear(&j);
	unsetenv("SCAUDIT_TJ_A");
	unsetenv("SCAUDIT_TJ_AB");
	unsetenv("SCAUDIT_TJ_KEEP");
}

static void test_load_expected(void **state)
{
	const struct {
		const char *file, *text;
		size_t n;
		const char *names[4];
	} t[] = {
		{ "expected.list",
		  "read\n# what it reads\nwrite # and writes\n"
		  "\nopenat\n",
		  3,
		  { "read", "write", "openat" } },
		{ "expected.json",
		  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"names\": [\"getpid\", \"close\"], \"action\": "
		  "\"SCMP_ACT_ALLOW\"}]}",
		  2,
		  { "getpid", "close" } },
		{ "empty.json",
		  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": []}",
		  0,
		  { NULL } },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		write_file(t[i].file, t[i].text, 0644);
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", tmp, t[i].file);
		char *argv[] = { (char *)"true", NULL };
		struct job j;
		struct diag d = { 0 };
		assert_int_equal(job_init(&j, "true", argv, &d), 0);
		int r = job_load_expected(&j, path, &d);
		if (r != 0)
			print_error("%s: r=%d: %s:%u: %s\n", t[i].file, r,
				    d.file, d.line, d.message);
		assert_int_equal(r, 0);
		/* Declared, even when empty. */
		assert_true(j.expect.has_expected);
		assert_int_equal(j.expect.expected.n, t[i].n);
		for (size_t k = 0; k < t[i].n; k++)
			assert_string_equal(j.expect.expected.v[k],
					    t[i].names[k]);
		job_clear(&j);
	}
}

static void test_load_expected_missing(void **state)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/no-such.list", tmp);
	char *argv[] = { (char *)"true", NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "true", argv, &d), 0);
	assert_int_equal(job_load_expected(&j, path, &d), -ENOENT);
	assert_false(j.expect.has_expected);
	assert_int_equal(j.expect.expected.n, 0);
	assert_non_null(strstr(d.file, "no-such.list"));
	job_clear(&j);
}

/* A 100-character value: quoted in part. */
static const char long_value[] =
	"1111111111111111111111111111111111111111111111111111111111111111111"
	"111111111111111111111111111111111x";

static void test_parse_timeout(void **state)
{
	const struct {
		const char *s;
		double v;
	} ok[] = {
		{ "0", 0 },	  { "0.5", 0.5 },     { "1e6", 1e6 },
		{ "10", 10 },	  { "1000000", 1e6 }, { "0.001", 0.001 },
		{ "3.25", 3.25 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		double v = -1;
		struct diag d = { 0 };
		assert_int_equal(
			job_parse_timeout("--timeout", ok[i].s, &v, &d), 0);
		assert_true(v == ok[i].v);
	}
	const char *bad[] = { "-1", "nan", "inf", "-inf", "1e400", "soon", "",
			      "1000000.5", "10s", "infinity", "-0.5", "1e7",
			      /* no sign, no hex (strtod takes both) */
			      "-0", "+1", "0x10", " 1" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		double v = 42;
		struct diag d = { 0 };
		char want[128];
		snprintf(want, sizeof(want), "bad --timeout '%s'", bad[i]);
		int r = job_parse_timeout("--timeout", bad[i], &v, &d);
		if (r != -EINVAL || strcmp(d.message, want) != 0)
			print_error("timeout '%s': r=%d v=%g: %s\n", bad[i], r,
				    v, d.message);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.message, want);
		assert_non_null(strstr(d.hint, "seconds from 0"));
		assert_true(v == 42); /* untouched */
	}
	struct diag d = { 0 };
	double v;
	assert_int_equal(job_parse_timeout("timeout", long_value, &v, &d),
			 -EINVAL);
	assert_non_null(strstr(d.message, "bad timeout '1111"));
	assert_non_null(strstr(d.message, "…'"));
	assert_null(strchr(d.message, 'x'));
}

static void test_parse_max_procs(void **state)
{
	const struct {
		const char *s;
		unsigned v;
	} ok[] = { { "1", 1 }, { "256", 256 }, { "1000000", 1000000 } };
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		unsigned v = 0;
		struct diag d = { 0 };
		assert_int_equal(
			job_parse_max_procs("--max-procs", ok[i].s, &v, &d), 0);
		assert_int_equal(v, ok[i].v);
	}
	const char *bad[] = { "0",
			      "0x",
			      "-1",
			      "1000001",
			      "",
			      "many",
			      "+5",
			      " 5",
			      "5 ",
			      "4294967297",
			      "18446744073709551616" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		unsigned v = 7;
		struct diag d = { 0 };
		char want[128];
		snprintf(want, sizeof(want), "bad max-procs '%s'", bad[i]);
		int r = job_parse_max_procs("max-procs", bad[i], &v, &d);
		if (r != -EINVAL || strcmp(d.message, want) != 0)
			print_error("max-procs '%s': r=%d v=%u: %s\n", bad[i],
				    r, v, d.message);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.message, want);
		assert_non_null(strstr(d.hint, "1 to 1000000"));
		assert_int_equal(v, 7);
	}
}

static void test_parse_exit(void **state)
{
	const struct {
		const char *s;
		int v;
	} ok[] = { { "0", 0 }, { "3", 3 }, { "255", 255 } };
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		int v = -1;
		struct diag d = { 0 };
		assert_int_equal(job_parse_exit("--exit", ok[i].s, &v, &d), 0);
		assert_int_equal(v, ok[i].v);
	}
	const char *bad[] = { "-1", "256", "4294967296", "x", "", "3x", "0x3",
			      "1.0", "-0x1", "9223372036854775808",
			      /* 010: 8 to a C reader, 10 to strtol */
			      "007", "010", "+3", " 3" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int v = 42;
		struct diag d = { 0 };
		char want[128];
		snprintf(want, sizeof(want),
			 "expect-exit must be 0 to 255, "
			 "not '%s'",
			 bad[i]);
		int r = job_parse_exit("expect-exit", bad[i], &v, &d);
		if (r != -EINVAL || strcmp(d.message, want) != 0)
			print_error("exit '%s': r=%d v=%d: %s\n", bad[i], r, v,
				    d.message);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.message, want);
		assert_int_equal(v, 42);
	}
}

static void test_parse_syscalls(void **state)
{
	const struct {
		const char *s;
		size_t n;
		const char *names[4];
	} ok[] = {
		{ "read,write", 2, { "read", "write" } },
		{ "read write", 2, { "read", "write" } },
		{ " ptrace ,\tmount,, ", 2, { "ptrace", "mount" } },
		{ "getppid", 1, { "getppid" } },
		{ "", 0, { NULL } },
		{ " , ", 0, { NULL } },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		struct strv v = STRV_INIT;
		assert_int_equal(strv_add(&v, "first"), 0);
		struct diag d = { 0 };
		int r = job_parse_syscalls("expect-denied", ok[i].s, &v, &d);
		if (r != 0)
			print_error("'%s': r=%d: %s\n", ok[i].s, r, d.message);
		assert_int_equal(r, 0);
		/* Appended after what was there. */
		assert_int_equal(v.n, 1 + ok[i].n);
		assert_string_equal(v.v[0], "first");
		for (size_t k = 0; k < ok[i].n; k++)
			assert_string_equal(v.v[1 + k], ok[i].names[k]);
		assert_null(v.v[v.n]);
		strv_clear(&v);
	}
	const struct {
		const char *s, *message, *hint;
	} bad[] = {
		{ "ptrac", "unknown syscall 'ptrac' in expect-denied",
		  "did you mean 'ptrace'?" },
		{ "read,ptrac write",
		  "unknown syscall 'ptrac' in expect-denied",
		  "did you mean 'ptrace'?" },
		{ "read,qqqqqqqqqqqq",
		  "unknown syscall 'qqqqqqqqqqqq' in expect-denied", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct strv v = STRV_INIT;
		assert_int_equal(strv_add(&v, "first"), 0);
		struct diag d = { 0 };
		int r = job_parse_syscalls("expect-denied", bad[i].s, &v, &d);
		if (r != -EINVAL || strcmp(d.message, bad[i].message) != 0 ||
		    strcmp(d.hint, bad[i].hint) != 0)
			print_error("'%s': r=%d: %s — %s\n", bad[i].s, r,
				    d.message, d.hint);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.message, bad[i].message);
		assert_string_equal(d.hint, bad[i].hint);
		/* Nothing appended, not even the good names before it. */
		assert_int_equal(v.n, 1);
		strv_clear(&v);
	}
}

static void test_parse_caps(void **state)
{
	uint64_t v = 0;
	struct diag d = { 0 };
	assert_int_equal(job_parse_caps("--caps", "none", &v, &d), 0);
	assert_int_equal(v, 0);
	assert_int_equal(job_parse_caps("--caps", "chown,CAP_KILL", &v, &d), 0);
	assert_int_equal(v, (1ull << CAP_CHOWN) | (1ull << CAP_KILL));
	v = 99;
	assert_int_equal(job_parse_caps("--caps", "CAP_SYS_ADMN", &v, &d),
			 -EINVAL);
	assert_string_equal(d.message,
			    "unknown capability 'CAP_SYS_ADMN' in --caps");
	assert_string_equal(d.hint, "did you mean 'CAP_SYS_ADMIN'?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_set_caps),
		cmocka_unit_test(test_set_caps_unknown),
		cmocka_unit_test(test_find_program),
		cmocka_unit_test(test_find_program_path_not_cwd),
		cmocka_unit_test(test_merge_env),
		cmocka_unit_test(test_load_expected),
		cmocka_unit_test(test_load_expected_missing),
		cmocka_unit_test(test_parse_timeout),
		cmocka_unit_test(test_parse_max_procs),
		cmocka_unit_test(test_parse_exit),
		cmocka_unit_test(test_parse_syscalls),
		cmocka_unit_test(test_parse_caps),
	};
	return cmocka_run_group_tests(tests, setup_tree, teardown_tree);
}
