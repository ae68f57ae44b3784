/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel-side usage counter, live: children in fresh cgroups make
 * known calls and the bitmaps must hold exactly those (root only: exit 77
 * with the reason where the counter cannot be had). The test program is
 * its own workload too ("self MODE"), for calls no fixture makes. */
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "cgroup2.h"
#include "filter.h"
#include "profile-helpers.h"
#include "runner.h"
#include "supervisor.h"
#include "usage-bpf.h"
#include "util.h"

#define BYTES 128

/* This program, as main was given it (under valgrind /proc/self/exe is
 * valgrind). */
static const char *self;

/* A cgroup and its counter, for one test. */
struct counted {
	struct cgroup2 cg;
	struct usage_bpf *u;
	uint8_t native[BYTES], x32[BYTES], ia32[BYTES];
};

static void counted_open(struct counted *c)
{
	char why[USAGE_BPF_REASON_MAX] = "";
	memset(c, 0, sizeof(*c));
	assert_int_equal(cgroup2_open(&c->cg), 0);
	int r = usage_bpf_open(c->cg.dir_fd, &c->u, why, sizeof(why));
	if (r < 0)
		print_error("usage_bpf_open: %s\n", why);
	assert_int_equal(r, 0);
}

/* Read the three bitmaps, then free it all. */
static void counted_close(struct counted *c)
{
	assert_true(usage_bpf_read(c->u, c->native, BYTES) >= 0);
	assert_true(usage_bpf_read_arch(c->u, SCMP_ARCH_X32, c->x32, BYTES) >=
		    0);
	assert_true(usage_bpf_read_arch(c->u, SCMP_ARCH_X86, c->ia32, BYTES) >=
		    0);
	usage_bpf_free(c->u);
	c->u = NULL;
	assert_int_equal(cgroup2_close(&c->cg), 0);
}

static bool has(const uint8_t *bits, int nr)
{
	return nr >= 0 && nr < BYTES * 8 && (bits[nr / 8] >> (nr % 8) & 1);
}

static int nr_of(uint32_t arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);
	assert_true(nr >= 0);
	return arch == SCMP_ARCH_X32 ? nr & ~0x40000000 : nr;
}

static bool native_has(const struct counted *c, const char *name)
{
	return has(c->native, nr_of(SCMP_ARCH_X86_64, name));
}

static size_t count_bits(const uint8_t *bits)
{
	size_t n = 0;
	for (int i = 0; i < BYTES * 8; i++)
		n += has(bits, i);
	return n;
}

static char *workload(const char *name)
{
	const char *dir = getenv("SCAUDIT_WORKLOADS");
	if (!dir || !*dir)
		fail_msg("SCAUDIT_WORKLOADS is not set (meson test sets it)");
	char *p = NULL;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

/* What a child does in its cgroup before its exec: scaudit's launcher. */
typedef void (*prelude_fn)(void);

/* Fork a child into c's cgroup that runs prelude (may be NULL), then
 * execs argv (NULL: never execs, exits); its wait status. */
static int run_child(struct counted *c, prelude_fn prelude,
		     const char *const *argv)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 ||
		    cgroup2_enter(&c->cg) < 0)
			_exit(120);
		if (prelude)
			prelude();
		if (argv)
			execv(argv[0], (char *const *)argv);
		_exit(argv ? 121 : 0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void call_getsid(void)
{
	syscall(SYS_getsid, 0);
}

/* getppid and getpgrp after the exec, getsid before it (the launcher's)
 * and in this process (outside the cgroup): only the first two, and the
 * execve that armed the counter, are counted. */
static void test_known_set(void **state)
{
	struct counted c;
	counted_open(&c);
	char *path = workload("syscaller");
	const char *argv[] = { path, "getppid", "getpgrp", NULL };
	int st = run_child(&c, call_getsid, argv);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(usage_bpf_armed(c.u), 1);
	call_getsid();
	counted_close(&c);
	free(path);
	assert_true(native_has(&c, "getppid"));
	assert_true(native_has(&c, "getpgrp"));
	assert_true(native_has(&c, "execve"));
	assert_true(native_has(&c, "exit_group"));
	assert_false(native_has(&c, "getsid"));
	assert_int_equal(count_bits(c.x32), 0);
	assert_int_equal(count_bits(c.ia32), 0);
}

/* A task that never execs is the launcher only: nothing is counted. */
static void test_unarmed(void **state)
{
	struct counted c;
	counted_open(&c);
	int st = run_child(&c, call_getsid, NULL);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(usage_bpf_armed(c.u), 0);
	counted_close(&c);
	assert_int_equal(count_bits(c.native), 0);
}

/* The launcher loads a filter: getsid answered EUCLEAN, getpgrp kills.
 * Neither reaches the tracepoint; getppid, allowed, does. */
static void deny_some(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		_exit(122);
	int r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EUCLEAN), SCMP_SYS(getsid),
				 0);
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS,
				     SCMP_SYS(getpgrp), 0);
	if (r < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    seccomp_load(ctx) < 0)
		_exit(122);
}

static void test_denied(void **state)
{
	skip_if_valgrind(
		"valgrind 3.19 lacks seccomp(2): the child cannot load it");
	struct counted c;
	counted_open(&c);
	char *path = workload("syscaller");
	const char *argv[] = { path, "getsid", "getppid", "getpgrp", NULL };
	int st = run_child(&c, deny_some, argv);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	counted_close(&c);
	free(path);
	assert_true(native_has(&c, "getppid"));
	assert_false(native_has(&c, "getsid"));
	assert_false(native_has(&c, "getpgrp"));
}

/* int $0x80 getpid is i386's 20, never x86_64's 20 (writev). */
static void test_compat(void **state)
{
	struct counted c;
	counted_open(&c);
	char *path = workload("int80");
	const char *argv[] = { path, "getpid", NULL };
	int st = run_child(&c, NULL, argv);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	counted_close(&c);
	free(path);
	assert_true(has(c.ia32, nr_of(SCMP_ARCH_X86, "getpid")));
	assert_int_equal(count_bits(c.ia32), 1);
	assert_false(native_has(&c, "writev"));
	assert_int_equal(count_bits(c.x32), 0);
}

/* "self odd": an x32 getpgid (ENOSYS on kernels without x32; it reaches
 * the tracepoint all the same) and numbers past every table. Not a call
 * the C runtime makes itself (ASan's makes getppid). */
static int self_odd(void)
{
	syscall(nr_of(SCMP_ARCH_X32, "getpgid") | 0x40000000, 0);
	syscall(-1);
	syscall(5000);
	return 0;
}

static void test_x32_and_out_of_range(void **state)
{
	struct counted c;
	counted_open(&c);
	const char *argv[] = { self, "self", "odd", NULL };
	int st = run_child(&c, NULL, argv);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_true(usage_bpf_out_of_range(c.u) >= 2);
	counted_close(&c);
	assert_int_equal(count_bits(c.x32), 1);
	assert_true(has(c.x32, nr_of(SCMP_ARCH_X32, "getpgid")));
	assert_false(native_has(&c, "getpgid"));
}

/* Two runs at once, two counters: each sees its own. */
static void test_two_runs(void **state)
{
	struct counted a, b;
	counted_open(&a);
	counted_open(&b);
	char *path = workload("syscaller");
	const char *argv_a[] = { path, "getppid", NULL };
	const char *argv_b[] = { path, "getpgrp", NULL };
	int st = run_child(&a, NULL, argv_a);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = run_child(&b, NULL, argv_b);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	counted_close(&a);
	counted_close(&b);
	free(path);
	assert_true(native_has(&a, "getppid"));
	assert_false(native_has(&a, "getpgrp"));
	assert_true(native_has(&b, "getpgrp"));
	assert_false(native_has(&b, "getppid"));
}

/* One counter, two runs one after the other: reset forgets the first. */
static void test_reset(void **state)
{
	struct counted c;
	counted_open(&c);
	char *path = workload("syscaller");
	const char *argv_a[] = { path, "getppid", NULL };
	const char *argv_b[] = { path, "getpgrp", NULL };
	int st = run_child(&c, NULL, argv_a);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(cgroup2_close(&c.cg), 0);
	assert_int_equal(cgroup2_open(&c.cg), 0);
	char why[USAGE_BPF_REASON_MAX] = "";
	assert_int_equal(usage_bpf_reset(c.u, c.cg.dir_fd, why, sizeof(why)),
			 0);
	assert_int_equal(usage_bpf_armed(c.u), 0);
	assert_int_equal(usage_bpf_read(c.u, c.native, BYTES), 0);
	st = run_child(&c, NULL, argv_b);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	counted_close(&c);
	free(path);
	assert_true(native_has(&c, "getpgrp"));
	assert_false(native_has(&c, "getppid"));
	/* Not a cgroup v2 directory: refused, and still unarmed. */
	struct counted d;
	counted_open(&d);
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	assert_int_equal(usage_bpf_reset(d.u, fd, why, sizeof(why)),
			 -EOPNOTSUPP);
	assert_non_null(strstr(why, "cgroup v2"));
	close(fd);
	assert_int_equal(usage_bpf_armed(d.u), 0);
	counted_close(&d);
}

/* Spawn argv as run.c does, every call notified and let through
 * (record's observing filter), into c's cgroup: the v2 cgroup stands in
 * for the pids one, whose pidlimit_enter only writes "0" to procs_fd. */
static void supervised(struct counted *c, const char *const *argv,
		       struct observations *res)
{
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options fo = { .observe = true, .notify_all = true };
	assert_int_equal(filter_build(p, &fo, &f, &d), 0);
	struct pidlimit limit = PIDLIMIT_INIT;
	limit.kind = PIDLIMIT_CGROUP;
	limit.procs_fd = c->cg.procs_fd;
	sigset_t mask;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	int sigfd = supervisor_prepare();
	assert_true(sigfd >= 0);
	struct runner_spec spec = { .path = argv[0],
				    .argv = (char *const *)argv,
				    .quiet = true,
				    .filter = f,
				    .observe = true,
				    .limit = &limit };
	struct runner_child child;
	struct runner_failure fail;
	int r = runner_spawn(&spec, &child, &fail);
	struct supervisor_options so = { .filter = f,
					 .timeout = 30,
					 .observe_all = true };
	if (r == 0)
		r = supervisor_run(&child, sigfd, &so, res);
	close(sigfd);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	filter_free(f);
	profile_free(p);
	assert_int_equal(r, 0);
	assert_true(res->exited && res->exit_code == 0);
}

/* The calls the notifications saw as the workload's (usage.h's rule:
 * of the launcher's, execve only), native ones, as bits. */
static void notified_bits(const struct observations *o, uint8_t *bits)
{
	memset(bits, 0, BYTES);
	for (size_t i = 0; i < o->n_calls; i++) {
		const struct obs_call *k = &o->calls[i];
		if (k->arch != SCMP_ARCH_X86_64 || k->nr < 0 ||
		    k->nr >= BYTES * 8 ||
		    (k->launcher && strcmp(k->name, "execve") != 0))
			continue;
		bits[k->nr / 8] |= (uint8_t)(1u << (k->nr % 8));
	}
}

static void report_difference(const char *prog, int nr, bool notified)
{
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
	print_error("%s: %s %d (%s)\n", prog,
		    notified ? "notified, not counted"
			     : "counted, not notified",
		    nr, name ? name : "?");
	free(name);
}

/* Both backends on the same run: a fork and an exec chain, threads. */
static void test_agrees_with_notification(void **state)
{
	skip_if_valgrind(
		"valgrind 3.19 lacks seccomp(2): the child cannot load it");
	char *forker = workload("forker"), *sc = workload("syscaller"),
	     *threads = workload("threads");
	const char *const runs[][5] = {
		{ sc, "getppid", "getpgrp", NULL },
		{ forker, forker, sc, "getppid", NULL },
		{ threads, "4", "getpgrp", NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		struct counted c;
		counted_open(&c);
		cleanup_observations struct observations o = { 0 };
		supervised(&c, runs[i], &o);
		counted_close(&c);
		uint8_t seen[BYTES];
		notified_bits(&o, seen);
		for (int nr = 0; nr < BYTES * 8; nr++)
			if (has(seen, nr) != has(c.native, nr))
				report_difference(runs[i][0], nr,
						  has(seen, nr));
		assert_memory_equal(seen, c.native, BYTES);
		assert_true(count_bits(seen) > 10);
	}
	free(forker);
	free(sc);
	free(threads);
}

/* Whether the counter can be had here; why not, if not. */
static bool available(char *why, size_t size)
{
	if (geteuid() != 0) {
		snprintf(why, size, "not root");
		return false;
	}
	struct cgroup2 cg;
	int r = cgroup2_open(&cg);
	if (r < 0) {
		snprintf(why, size, "no cgroup v2 to make: %s", strerror(-r));
		return false;
	}
	struct usage_bpf *u = NULL;
	r = usage_bpf_open(cg.dir_fd, &u, why, size);
	usage_bpf_free(u);
	cgroup2_close(&cg);
	return r == 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "self") == 0)
		return strcmp(argv[2], "odd") == 0 ? self_odd() : 2;
	self = argv[0];
	char why[USAGE_BPF_REASON_MAX];
	if (!available(why, sizeof(why))) {
		printf("skipped: the BPF usage counter is not available: %s\n",
		       why);
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_set),
		cmocka_unit_test(test_unarmed),
		cmocka_unit_test(test_denied),
		cmocka_unit_test(test_compat),
		cmocka_unit_test(test_x32_and_out_of_range),
		cmocka_unit_test(test_two_runs),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_agrees_with_notification),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
