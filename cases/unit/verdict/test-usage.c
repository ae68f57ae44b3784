/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "helpers.h"
#include "usage.h"
#include "util.h"

static struct obs_call call(const char *name, enum profile_action_type t,
			    bool launcher, uint32_t arch, uint64_t count)
{
	struct obs_call c = {
		.arch = arch, .count = count, .launcher = launcher, .nr = 1
	};
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.action = (struct profile_action){ t, t == PROFILE_ACT_ERRNO ? 1 : 0 };
	return c;
}

static struct obs_call allow(const char *name)
{
	return call(name, PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86_64, 1);
}

static struct obs_call unnamed(int nr, enum profile_action_type t,
			       bool launcher)
{
	struct obs_call c = call("", t, launcher, SCMP_ARCH_X86_64, 1);
	c.nr = nr;
	return c;
}

static struct observations obs_of(struct obs_call *v, size_t n)
{
	return (struct observations){
		.exited = true, .calls = v, .n_calls = n, .alloc = n
	};
}

static const struct usage_entry *entry(const struct usage_set *u,
				       const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i].name, name) == 0)
			return &u->v[i];
	return NULL;
}

static void test_counts(void **state)
{
	const struct {
		const char *what;
		struct obs_call c;
		bool counts;
	} t[] = {
		{ "allowed", allow("read"), true },
		{ "allowed on another arch",
		  call("read", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86, 1),
		  true },
		{ "logged", call("read", PROFILE_ACT_LOG, false, 0, 1), false },
		{ "notified", call("read", PROFILE_ACT_NOTIFY, false, 0, 1),
		  false },
		{ "errno", call("read", PROFILE_ACT_ERRNO, false, 0, 1),
		  false },
		{ "killed", call("read", PROFILE_ACT_KILL_PROCESS, false, 0, 1),
		  false },
		{ "trapped", call("read", PROFILE_ACT_TRAP, false, 0, 1),
		  false },
		{ "unnamed allowed", unnamed(1000, PROFILE_ACT_ALLOW, false),
		  false },
		{ "launcher's execve",
		  call("execve", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64, 1),
		  true },
		{ "launcher's execve denied",
		  call("execve", PROFILE_ACT_ERRNO, true, SCMP_ARCH_X86_64, 1),
		  false },
		{ "launcher's execve logged",
		  call("execve", PROFILE_ACT_LOG, true, SCMP_ARCH_X86_64, 1),
		  false },
		{ "launcher's execveat",
		  call("execveat", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64,
		       1),
		  false },
		{ "launcher's sendmsg",
		  call("sendmsg", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64, 1),
		  false },
		{ "the workload's execve", allow("execve"), true },
		{ "the workload's sendmsg", allow("sendmsg"), true },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (usage_counts(&t[i].c) != t[i].counts)
			print_error("%s: got %d\n", t[i].what, !t[i].counts);
		assert_int_equal(usage_counts(&t[i].c), t[i].counts);
	}
}

static void test_names(void **state)
{
	struct obs_call v[] = {
		call("execve", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64, 1),
		call("sendmsg", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64, 1),
		allow("read"),
		call("mount", PROFILE_ACT_ERRNO, false, SCMP_ARCH_X86_64, 1),
		allow("write"),
		call("read", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86, 4),
		call("uname", PROFILE_ACT_LOG, false, SCMP_ARCH_X86_64, 1),
		unnamed(1000, PROFILE_ACT_ALLOW, false),
		allow("close"),
		allow("write"),
	};
	struct observations o = obs_of(v, sizeof(v) / sizeof(v[0]));
	struct strv s = STRV_INIT;
	assert_int_equal(usage_names(&o, &s), 0);
	const char *want[] = { "execve", "read", "write", "close" };
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(s.v[i], want[i]);
	assert_null(s.v[4]);

	/* Appended, and a name already there is not added twice. */
	strv_clear(&s);
	assert_int_equal(strv_add(&s, "write"), 0);
	assert_int_equal(strv_add(&s, "getpid"), 0);
	assert_int_equal(usage_names(&o, &s), 0);
	const char *want2[] = { "write", "getpid", "execve", "read", "close" };
	assert_int_equal(s.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(s.v[i], want2[i]);
	strv_clear(&s);

	/* Nothing that counts: nothing added. */
	struct observations none = obs_of(v + 1, 1); /* launcher's sendmsg */
	assert_int_equal(usage_names(&none, &s), 0);
	assert_int_equal(s.n, 0);
	assert_null(s.v);
}

static void test_collect(void **state)
{
	struct obs_call v[] = {
		/* The first call on x86: native still comes first. */
		call("read", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86, 2),
		call("write", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86_64, 7),
		call("read", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86_64, 3),
		call("execve", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64, 1),
		call("execve", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X86_64, 2),
		call("sendmsg", PROFILE_ACT_ALLOW, true, SCMP_ARCH_X86_64, 1),
		call("mount", PROFILE_ACT_ERRNO, false, SCMP_ARCH_X86_64, 1),
		call("uname", PROFILE_ACT_LOG, false, SCMP_ARCH_X86_64, 1),
		call("getpid", PROFILE_ACT_NOTIFY, false, SCMP_ARCH_X86_64, 1),
		unnamed(1000, PROFILE_ACT_ALLOW, false),
		unnamed(1001, PROFILE_ACT_ALLOW, true),
		unnamed(1002, PROFILE_ACT_ERRNO, false),
		call("close", PROFILE_ACT_ALLOW, false, SCMP_ARCH_X32, 1),
	};
	struct observations o = obs_of(v, sizeof(v) / sizeof(v[0]));
	struct usage_set u;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &u), 0);

	/* Sorted by name; denied, logged, notified and launcher calls other
	 * than execve are no use. */
	const char *want[] = { "close", "execve", "read", "write" };
	assert_int_equal(u.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(u.v[i].name, want[i]);
	assert_null(entry(&u, "sendmsg"));
	assert_null(entry(&u, "mount"));
	assert_null(entry(&u, "uname"));
	assert_null(entry(&u, "getpid"));

	const struct usage_entry *r = entry(&u, "read");
	assert_int_equal(r->calls, 5);
	assert_int_equal(r->n_arches, 2);
	assert_int_equal(r->arches[0], SCMP_ARCH_X86); /* order of sight */
	assert_int_equal(r->arches[1], SCMP_ARCH_X86_64);
	const struct usage_entry *x = entry(&u, "execve");
	assert_int_equal(x->calls, 3); /* the launcher's and the workload's */
	assert_int_equal(x->n_arches, 1);
	assert_int_equal(x->arches[0], SCMP_ARCH_X86_64);
	assert_int_equal(entry(&u, "write")->calls, 7);
	assert_int_equal(entry(&u, "close")->arches[0], SCMP_ARCH_X32);

	assert_int_equal(u.n_arches, 3);
	assert_int_equal(u.arches[0], SCMP_ARCH_X86_64);
	assert_int_equal(u.arches[1], SCMP_ARCH_X86);
	assert_int_equal(u.arches[2], SCMP_ARCH_X32);

	/* Only the workload's allowed unnamed call. */
	assert_int_equal(u.n_unnamed, 1);
	assert_int_equal(u.unnamed[0].nr, 1000);
	assert_int_equal(u.unnamed[0].arch, v[9].arch);
	assert_int_equal(u.runs, 1);
	assert_false(u.kernel_made);

	usage_set_clear(&u);
	assert_null(u.v);
	assert_int_equal(u.n, 0);
	assert_int_equal(u.n_arches, 0);
}

static void test_collect_empty(void **state)
{
	struct observations o = { .exited = true };
	struct usage_set u;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_AARCH64, &u), 0);
	assert_int_equal(u.n, 0);
	assert_int_equal(u.n_arches, 1);
	assert_int_equal(u.arches[0], SCMP_ARCH_AARCH64);
	assert_int_equal(u.n_unnamed, 0);
	assert_false(u.kernel_made);
	usage_set_clear(&u);
}

/* Runs merged: names united, each with the runs that used it; those some
 * runs did not use are intermittent. */
static void test_merge_intermittent(void **state)
{
	struct obs_call a[] = { allow("read"), allow("tgkill"),
				unnamed(1000, PROFILE_ACT_ALLOW, false) };
	struct obs_call b[] = { allow("read"), allow("epoll_pwait"),
				unnamed(1000, PROFILE_ACT_ALLOW, false) };
	struct observations oa = obs_of(a, 3), ob = obs_of(b, 3);
	struct usage_set all = { 0 }, one;
	for (int run = 0; run < 3; run++) {
		assert_int_equal(usage_collect(run == 1 ? &oa : &ob,
					       SCMP_ARCH_X86_64, &one),
				 0);
		assert_int_equal(usage_merge(&all, &one), 0);
		usage_set_clear(&one);
	}
	assert_int_equal(all.runs, 3);
	assert_int_equal(all.n, 3);
	assert_string_equal(all.v[0].name, "epoll_pwait");
	assert_int_equal(all.v[0].runs, 2);
	assert_int_equal(all.v[1].runs, 3); /* read */
	assert_int_equal(all.v[1].calls, 3);
	assert_int_equal(all.v[2].runs, 1); /* tgkill */
	assert_int_equal(all.n_unnamed, 1); /* the same call, once */
	struct strv v = STRV_INIT;
	assert_int_equal(usage_intermittent(&all, &v), 0);
	assert_int_equal(v.n, 2);
	assert_string_equal(v.v[0], "epoll_pwait");
	assert_string_equal(v.v[1], "tgkill");
	strv_clear(&v);
	usage_set_clear(&all);
}

/* c made by the executables of table entries x[0..n) with the counts
 * k[0..n); its count their sum. */
static struct obs_call made_by(const char *name, bool launcher,
			       const uint32_t *x, const uint64_t *k, size_t n)
{
	struct obs_call c =
		call(name, PROFILE_ACT_ALLOW, launcher, SCMP_ARCH_X86_64, 0);
	for (size_t i = 0; i < n; i++) {
		c.exes[c.n_exes++] = (struct obs_exe_count){ x[i], k[i] };
		c.count += k[i];
	}
	return c;
}

/* o's table of executables: the paths, copied (cleared with o's). */
static void set_table(struct observations *o, const char *const *paths)
{
	for (; *paths; paths++)
		assert_int_equal(strv_add(&o->exes, *paths), 0);
}

static void assert_exe(const struct usage_set *u, const struct usage_entry *e,
		       size_t k, const char *path, uint64_t calls)
{
	assert_true(k < e->n_exes);
	assert_string_equal(u->exes.v[e->exes[k].exe], path);
	assert_int_equal(e->exes[k].calls, calls);
}

/* Two runs whose tables hold the same executables in another order:
 * merged, each index points at the right path in the set's table, the
 * counts add, most calls first; the launcher's execve is counted apart
 * (scaudit's process, no executable of the workload). */
static void test_exes_merge(void **state)
{
	const char *ta[] = { "/bin/sh", "/usr/bin/python3", "/usr/bin/scaudit",
			     NULL };
	const char *tb[] = { "/usr/bin/python3", "/usr/bin/curl", "/bin/sh",
			     NULL };
	struct obs_call a[] = {
		made_by("read", false, (uint32_t[]){ 0, 1 },
			(uint64_t[]){ 2, 5 }, 2),
		made_by("openat", false, (uint32_t[]){ 1 }, (uint64_t[]){ 3 },
			1),
		made_by("execve", true, (uint32_t[]){ 2 }, (uint64_t[]){ 1 },
			1),
		made_by("execve", false, (uint32_t[]){ 0 }, (uint64_t[]){ 1 },
			1),
	};
	struct obs_call b[] = {
		made_by("read", false, (uint32_t[]){ 1, 0 },
			(uint64_t[]){ 4, 1 }, 2),
		made_by("futex", false, (uint32_t[]){ 1 }, (uint64_t[]){ 2 },
			1),
	};
	struct observations oa = obs_of(a, 4), ob = obs_of(b, 2);
	set_table(&oa, ta);
	set_table(&ob, tb);
	struct usage_set all = { 0 }, one;
	assert_int_equal(usage_collect(&oa, SCMP_ARCH_X86_64, &one), 0);
	assert_int_equal(usage_merge(&all, &one), 0);
	usage_set_clear(&one);
	assert_int_equal(usage_collect(&ob, SCMP_ARCH_X86_64, &one), 0);
	/* One run's own table: curl first seen in it. */
	assert_string_equal(one.exes.v[entry(&one, "futex")->exes[0].exe],
			    "/usr/bin/curl");
	assert_int_equal(usage_merge(&all, &one), 0);
	usage_set_clear(&one);

	const struct usage_entry *r = entry(&all, "read");
	assert_int_equal(r->calls, 12);
	assert_int_equal(r->n_exes, 3);
	assert_exe(&all, r, 0, "/usr/bin/python3", 6);
	assert_exe(&all, r, 1, "/usr/bin/curl", 4);
	assert_exe(&all, r, 2, "/bin/sh", 2);
	assert_exe(&all, entry(&all, "futex"), 0, "/usr/bin/curl", 2);
	const struct usage_entry *x = entry(&all, "execve");
	assert_int_equal(x->calls, 2);
	assert_int_equal(x->launcher, 1);
	assert_int_equal(x->n_exes, 1);
	assert_exe(&all, x, 0, "/bin/sh", 1);
	/* The launcher is no executable of the workload. */
	assert_int_equal(all.exes.n, 3);
	for (size_t i = 0; i < all.exes.n; i++)
		assert_string_not_equal(all.exes.v[i], "/usr/bin/scaudit");
	usage_set_clear(&all);
	assert_null(all.exes.v);
	strv_clear(&oa.exes);
	strv_clear(&ob.exes);
}

/* Past USAGE_MAX_EXES an entry counts the calls only: the sum holds. */
static void test_exes_bounded(void **state)
{
	char paths[USAGE_MAX_EXES + 2][32];
	const char *t[USAGE_MAX_EXES + 3] = { NULL };
	uint32_t x[USAGE_MAX_EXES + 2];
	uint64_t k[USAGE_MAX_EXES + 2];
	for (size_t i = 0; i < USAGE_MAX_EXES + 2; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/bin/tool%zu", i);
		t[i] = paths[i];
		x[i] = (uint32_t)i;
		k[i] = i + 1;
	}
	/* The run itself had more than its cap: 7 calls of others. */
	struct obs_call c[] = { made_by("close", false, x, k, USAGE_MAX_EXES) };
	c[0].other_exes = 7;
	c[0].count += 7;
	struct observations o = obs_of(c, 1);
	set_table(&o, t);
	struct usage_set all = { 0 }, one;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &one), 0);
	assert_int_equal(usage_merge(&all, &one), 0);
	usage_set_clear(&one);
	/* A second run by two more tools: no room, counted apart. */
	c[0] = made_by("close", false, x + USAGE_MAX_EXES, k + USAGE_MAX_EXES,
		       2);
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &one), 0);
	assert_int_equal(usage_merge(&all, &one), 0);
	usage_set_clear(&one);
	const struct usage_entry *e = entry(&all, "close");
	assert_int_equal(e->n_exes, USAGE_MAX_EXES);
	uint64_t sum = e->other_exes + e->launcher;
	for (size_t i = 0; i < e->n_exes; i++)
		sum += e->exes[i].calls;
	assert_int_equal(sum, e->calls);
	assert_int_equal(e->other_exes,
			 7 + (USAGE_MAX_EXES + 1) + (USAGE_MAX_EXES + 2));
	assert_exe(&all, e, 0, paths[USAGE_MAX_EXES - 1], USAGE_MAX_EXES);
	usage_set_clear(&all);
	strv_clear(&o.exes);
}

static void test_exe_matches(void **state)
{
	const struct {
		const char *path;
		const char *want[3];
		bool match;
	} t[] = {
		{ "/usr/bin/python3", { "python3" }, true },
		{ "/usr/bin/python3", { "/usr/bin/python3" }, true },
		{ "/usr/bin/python3", { "sh", "python3" }, true },
		{ "/usr/bin/python3", { "/bin/python3" }, false },
		{ "/usr/bin/python3", { "bin/python3" }, false },
		{ "/usr/bin/python3", { "python" }, false },
		{ "/usr/bin/python3", { NULL }, false },
		{ "python3", { "python3" }, true },
		{ "", { "python3" }, false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(
			usage_exe_matches(t[i].path, (char *const *)t[i].want),
			t[i].match);
	assert_false(usage_exe_matches("/bin/sh", NULL));
}

/* --only-exe's rule: each entry keeps the calls of the executables asked
 * for; one only others made goes (named, with those others); one the
 * launcher made, or with calls of uncounted executables, stays. */
static void test_keep_exes(void **state)
{
	const char *t[] = { "/bin/sh", "/usr/bin/python3", "/usr/bin/curl",
			    NULL };
	struct obs_call v[] = {
		made_by("read", false, (uint32_t[]){ 0, 1 },
			(uint64_t[]){ 20, 100 }, 2),
		made_by("futex", false, (uint32_t[]){ 0, 2 },
			(uint64_t[]){ 3, 4 }, 2),
		made_by("dup2", false, (uint32_t[]){ 0 }, (uint64_t[]){ 5 }, 1),
		made_by("execve", true, NULL, NULL, 0),
		made_by("execve", false, (uint32_t[]){ 0 }, (uint64_t[]){ 2 },
			1),
		made_by("close", false, (uint32_t[]){ 2 }, (uint64_t[]){ 1 },
			1),
	};
	v[3].count = 1;
	v[5].other_exes = 9;
	v[5].count += 9;
	struct observations o = obs_of(v, ARRAY_SIZE(v));
	set_table(&o, t);
	struct usage_set u;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &u), 0);
	struct strv names = STRV_INIT, exes = STRV_INIT;
	char *want[] = { (char *)"python3", NULL };
	assert_int_equal(usage_keep_exes(&u, want, &names, &exes), 2);
	assert_int_equal(names.n, 2);
	assert_string_equal(names.v[0], "dup2");
	assert_string_equal(names.v[1], "futex");
	assert_int_equal(exes.n, 2);
	assert_true(strv_contains(exes.v, "/bin/sh"));
	assert_true(strv_contains(exes.v, "/usr/bin/curl"));
	assert_int_equal(u.n, 3);
	const struct usage_entry *r = entry(&u, "read");
	assert_int_equal(r->calls, 100);
	assert_int_equal(r->n_exes, 1);
	assert_exe(&u, r, 0, "/usr/bin/python3", 100);
	const struct usage_entry *x = entry(&u, "execve");
	assert_int_equal(x->calls, 1); /* the launcher's only */
	assert_int_equal(x->n_exes, 0);
	const struct usage_entry *c = entry(&u, "close");
	assert_int_equal(c->calls, 9); /* who made them is unknown */
	assert_int_equal(c->n_exes, 0);
	strv_clear(&names);
	strv_clear(&exes);
	/* Nothing of theirs: every entry with no such claim goes. */
	char *none[] = { (char *)"/usr/bin/nothing", NULL };
	assert_int_equal(usage_keep_exes(&u, none, &names, &exes), 1);
	assert_string_equal(names.v[0], "read");
	assert_int_equal(u.n, 2);
	strv_clear(&names);
	strv_clear(&exes);
	usage_set_clear(&u);
	strv_clear(&o.exes);
}

static void test_collect_unnamed_first_16(void **state)
{
	struct obs_call v[21];
	for (int i = 0; i < 20; i++)
		v[i] = unnamed(2000 + i, PROFILE_ACT_ALLOW, false);
	v[20] = allow("read");
	struct observations o = obs_of(v, 21);
	struct usage_set u;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &u), 0);
	assert_int_equal(u.n_unnamed, 20);
	for (size_t i = 0; i < 16; i++)
		assert_int_equal(u.unnamed[i].nr, 2000 + (int)i);
	assert_int_equal(u.n, 1);
	assert_string_equal(u.v[0].name, "read");
	usage_set_clear(&u);
}

static void test_collect_arches_bounded(void **state)
{
	const uint32_t arches[] = { SCMP_ARCH_X86, SCMP_ARCH_X32,
				    SCMP_ARCH_AARCH64, SCMP_ARCH_ARM,
				    SCMP_ARCH_X86_64 };
	struct obs_call v[5];
	for (size_t i = 0; i < 5; i++)
		v[i] = call("read", PROFILE_ACT_ALLOW, false, arches[i], 1);
	struct observations o = obs_of(v, 5);
	struct usage_set u;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &u), 0);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.v[0].calls, 5);
	assert_int_equal(u.v[0].n_arches, SYSCALLS_MAX_ARCHES);
	for (size_t i = 0; i < SYSCALLS_MAX_ARCHES; i++)
		assert_int_equal(u.v[0].arches[i], arches[i]);
	/* Native first, then the first three others seen. */
	assert_int_equal(u.n_arches, SYSCALLS_MAX_ARCHES);
	assert_int_equal(u.arches[0], SCMP_ARCH_X86_64);
	assert_int_equal(u.arches[1], SCMP_ARCH_X86);
	assert_int_equal(u.arches[2], SCMP_ARCH_X32);
	assert_int_equal(u.arches[3], SCMP_ARCH_AARCH64);
	usage_set_clear(&u);
}

static void test_kernel_made(void **state)
{
	const struct {
		struct obs_call c;
		bool kernel_made;
	} t[] = {
		{ allow("rt_sigreturn"), true },
		{ allow("restart_syscall"), true },
		{ allow("rt_sigaction"), false },
		/* Only what counts as use. */
		{ call("rt_sigreturn", PROFILE_ACT_ERRNO, false,
		       SCMP_ARCH_X86_64, 1),
		  false },
		{ call("restart_syscall", PROFILE_ACT_ALLOW, true,
		       SCMP_ARCH_X86_64, 1),
		  false },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct obs_call v[2] = { allow("read"), t[i].c };
		struct observations o = obs_of(v, 2);
		struct usage_set u;
		assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &u), 0);
		if (u.kernel_made != t[i].kernel_made)
			print_error("%s\n", t[i].c.name);
		assert_int_equal(u.kernel_made, t[i].kernel_made);
		usage_set_clear(&u);
	}
}

static void test_add_name_sort_set_names(void **state)
{
	struct obs_call v[] = { allow("write"), allow("read") };
	struct observations o = obs_of(v, 2);
	struct usage_set u;
	assert_int_equal(usage_collect(&o, SCMP_ARCH_X86_64, &u), 0);
	assert_int_equal(usage_add_name(&u, "zzz_unknown"), 0);
	assert_int_equal(usage_add_name(&u, "close"), 0);
	assert_int_equal(usage_add_name(&u, "read"), 0); /* there already */
	assert_int_equal(u.n, 4);
	const struct usage_entry *c = entry(&u, "close");
	assert_non_null(c);
	assert_int_equal(c->calls, 0);
	assert_int_equal(c->n_arches, 0);
	assert_int_equal(entry(&u, "read")->calls, 1);

	/* In the set's order: appended, not sorted... */
	struct strv s = STRV_INIT;
	assert_int_equal(strv_add(&s, "first"), 0);
	assert_int_equal(usage_set_names(&u, &s), 0);
	const char *unsorted[] = { "first", "read", "write", "zzz_unknown",
				   "close" };
	assert_int_equal(s.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(s.v[i], unsorted[i]);
	strv_clear(&s);

	/* ...until sorted. */
	usage_sort(&u);
	assert_int_equal(usage_set_names(&u, &s), 0);
	const char *sorted[] = { "close", "read", "write", "zzz_unknown" };
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(s.v[i], sorted[i]);
	strv_clear(&s);
	usage_set_clear(&u);

	/* A set that was never collected. */
	struct usage_set e = { 0 };
	usage_sort(&e);
	assert_int_equal(usage_set_names(&e, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(usage_add_name(&e, "b"), 0);
	assert_int_equal(usage_add_name(&e, "a"), 0);
	assert_int_equal(usage_add_name(&e, "b"), 0);
	usage_sort(&e);
	assert_int_equal(e.n, 2);
	assert_string_equal(e.v[0].name, "a");
	assert_string_equal(e.v[1].name, "b");
	usage_set_clear(&e);
	assert_null(e.v);
}

static void test_add_name_grows(void **state)
{
	struct usage_set u = { 0 };
	char name[32];
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "n%03d", 299 - i);
		assert_int_equal(usage_add_name(&u, name), 0);
	}
	assert_int_equal(u.n, 300);
	usage_sort(&u);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "n%03d", i);
		assert_string_equal(u.v[i].name, name);
	}
	usage_set_clear(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_collect_empty),
		cmocka_unit_test(test_collect_unnamed_first_16),
		cmocka_unit_test(test_merge_intermittent),
		cmocka_unit_test(test_collect_arches_bounded),
		cmocka_unit_test(test_kernel_made),
		cmocka_unit_test(test_add_name_sort_set_names),
		cmocka_unit_test(test_add_name_grows),
		cmocka_unit_test(test_exes_merge),
		cmocka_unit_test(test_exes_bounded),
		cmocka_unit_test(test_exe_matches),
		cmocka_unit_test(test_keep_exes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
