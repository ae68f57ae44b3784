/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The usage observer: its names and words, and, live where the kernel
 * counter can be had (root), the same runs under both backends giving
 * the same use of the profile, call for call (usage.h's rule: allowed,
 * named, the workload's or the launcher's execve). */
#include <sys/stat.h>
#include <unistd.h>

#include "profile-helpers.h"
#include "run.h"
#include "syscalls.h"
#include "usage-observer.h"
#include "util.h"
#include "workload-helpers.h"

static void test_names(void **state)
{
	for (int b = 0; b < USAGE_BACKEND_MAX; b++) {
		enum usage_backend back = USAGE_BACKEND_MAX;
		struct diag d = { 0 };
		assert_int_equal(usage_backend_parse("--usage-backend",
						     usage_backend_name(b),
						     &back, &d),
				 0);
		assert_int_equal(back, b);
	}
	struct diag d = { 0 };
	enum usage_backend back;
	assert_int_equal(
		usage_backend_parse("--usage-backend", "bpf", &back, &d),
		-EINVAL);
	assert_string_equal(d.message, "bad --usage-backend 'bpf'");
	assert_non_null(strstr(d.hint, "notify"));
	for (int h = 0; h < OBS_USAGE_MAX; h++) {
		const char *n = usage_observer_backend(h);
		enum obs_usage back_h = OBS_USAGE_MAX;
		assert_int_equal(
			usage_observer_backend_parse(n ? n : "", &back_h), 0);
		assert_int_equal(back_h, h);
	}
	assert_int_equal(
		usage_observer_backend_parse("bpf", &(enum obs_usage){ 0 }),
		-EINVAL);
	char buf[400];
	usage_observer_describe(OBS_USAGE_COUNTED, "", buf, sizeof(buf));
	assert_string_equal(buf, "counted in the kernel (BPF)");
	usage_observer_describe(OBS_USAGE_NOTIFIED, "", buf, sizeof(buf));
	assert_string_equal(buf, "seccomp notifications");
	usage_observer_describe(OBS_USAGE_NOTIFIED, "not root", buf,
				sizeof(buf));
	assert_string_equal(buf, "seccomp notifications (the kernel counter "
				 "was not used: not root)");
	usage_observer_describe(OBS_USAGE_NONE, "", buf, sizeof(buf));
	assert_string_equal(buf, "not observed");
}

/* Notify asked: nothing made, nothing counted, said so. */
static void test_notify_asked(void **state)
{
	struct usage_observer u;
	usage_observer_init(&u, USAGE_BACKEND_NOTIFY);
	assert_int_equal(usage_observer_start(&u, NULL, false), 0);
	assert_null(usage_observer_cgroup(&u));
	struct observations o = { 0 };
	assert_int_equal(usage_observer_finish(&u, NULL, NULL, NULL, false, &o),
			 0);
	assert_int_equal(o.usage, OBS_USAGE_NOTIFIED);
	assert_string_equal(o.usage_why, "");
	usage_observer_clear(&u);
	/* Auto in a container: notified, and why. */
	usage_observer_init(&u, USAGE_BACKEND_AUTO);
	assert_int_equal(usage_observer_start(&u, NULL, true), 0);
	assert_non_null(strstr(u.why, "container"));
	usage_observer_clear(&u);
	usage_observer_init(&u, USAGE_BACKEND_KERNEL);
	assert_int_equal(usage_observer_start(&u, NULL, true), -EOPNOTSUPP);
	usage_observer_clear(&u);
}

/* Whether the counter can be had here; why not, if not. */
static bool counter_here(char *why, size_t size)
{
	struct usage_observer u;
	usage_observer_init(&u, USAGE_BACKEND_KERNEL);
	int r = usage_observer_start(&u, NULL, false);
	snprintf(why, size, "%s", u.why);
	usage_observer_clear(&u);
	return r == 1;
}

#define skip_without_counter()                                                 \
	do {                                                                   \
		char why_[USAGE_BPF_REASON_MAX];                               \
		if (under_valgrind() || !counter_here(why_, sizeof(why_))) {   \
			print_message("skipped: no kernel counter: %s\n",      \
				      under_valgrind() ? "valgrind" : why_);   \
			skip();                                                \
		}                                                              \
	} while (0)

static struct profile *docker(const struct job *j)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("docker-default.json"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	profile_evaluate(p, &j->env);
	return p;
}

/* The calls that are use of the profile, as "arch:name" lines, sorted;
 * with who, "arch:name exe": one line per executable that made it. */
/* The allowed names o made ("arch:name", with who: and each executable).
 * Without futex when what says threads: a pthread_join waits (futex) only
 * for a thread still running, which is timing, not use. */
static void use_of(const struct observations *o, bool who, const char *what,
		   struct strv *ret)
{
	bool timing = what && strcmp(what, "@threads") == 0;
	for (size_t i = 0; i < o->n_calls; i++) {
		const struct obs_call *c = &o->calls[i];
		if (c->action.type != PROFILE_ACT_ALLOW || !c->name[0] ||
		    (c->launcher && strcmp(c->name, "execve") != 0) ||
		    (timing && strcmp(c->name, "futex") == 0))
			continue;
		char line[4200];
		snprintf(line, sizeof(line), "%s:%s",
			 syscalls_arch_name(c->arch), c->name);
		if (!who || c->launcher)
			assert_true(strv_add_unique(ret, line) >= 0);
		for (size_t k = 0; who && !c->launcher && k < c->n_exes; k++) {
			char by[4300];
			snprintf(by, sizeof(by), "%s %s", line,
				 o->exes.v[c->exes[k].exe]);
			assert_true(strv_add_unique(ret, by) >= 0);
		}
	}
	strv_sort_unique(ret);
}

static void run_as(struct wl *w, const struct profile *p, enum usage_backend b,
		   bool learn, struct usage_observer *u,
		   struct observations *ret)
{
	struct run_options o = {
		.usage = true, .learn = learn, .usage_backend = b, .observer = u
	};
	struct run_error err;
	assert_int_equal(run_workload(&w->j, p, &o, ret, &err), 0);
	assert_int_equal(ret->usage, b == USAGE_BACKEND_KERNEL
					     ? OBS_USAGE_COUNTED
					     : OBS_USAGE_NOTIFIED);
}

static void assert_same(const char *what, const struct strv *a,
			const struct strv *b)
{
	bool same = a->n == b->n;
	for (size_t i = 0; same && i < a->n; i++)
		same = strcmp(a->v[i], b->v[i]) == 0;
	for (size_t i = 0; !same && i < a->n; i++)
		if (!strv_contains(b->v, a->v[i]))
			print_error("%s: notified only: %s\n", what, a->v[i]);
	for (size_t i = 0; !same && i < b->n; i++)
		if (!strv_contains(a->v, b->v[i]))
			print_error("%s: counted only: %s\n", what, b->v[i]);
	assert_true(same);
}

/* Both backends on the same workloads: the same use, to the arch. */
static void test_same_use(void **state)
{
	skip_without_counter();
	char sc[4096];
	snprintf(sc, sizeof(sc), "%s/syscaller", getenv("SCAUDIT_WORKLOADS"));
	const char *const runs[][6] = {
		{ "getppid", "getpgrp", NULL },
		{ "@threads", "4", "getpgrp", NULL },
		{ "@int80", "getpid", NULL },
		{ "@forker", sc, "getsid", NULL }, /* a fork, an exec */
	};
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++) {
		struct wl w;
		wl_init(&w, runs[i]);
		struct profile *p = docker(&w.j);
		struct observations n, k;
		run_as(&w, p, USAGE_BACKEND_NOTIFY, false, NULL, &n);
		run_as(&w, p, USAGE_BACKEND_KERNEL, false, NULL, &k);
		cleanup_strv struct strv un = STRV_INIT, uk = STRV_INIT;
		use_of(&n, false, runs[i][0], &un);
		use_of(&k, false, runs[i][0], &uk);
		assert_same(runs[i][0], &un, &uk);
		assert_true(un.n > 10);
		/* And who made each: the same executables. */
		cleanup_strv struct strv wn = STRV_INIT, wk = STRV_INIT;
		use_of(&n, true, runs[i][0], &wn);
		use_of(&k, true, runs[i][0], &wk);
		assert_same(runs[i][0], &wn, &wk);
		/* Only what must be seen was notified; the rest is counted,
		 * without counts. */
		assert_true(k.notifications < n.notifications);
		size_t counted = 0;
		for (size_t c = 0; c < k.n_calls; c++)
			if (k.calls[c].counted) {
				counted++;
				assert_int_equal(k.calls[c].count, 0);
				assert_true(k.calls[c].n_exes >= 1);
			}
		assert_true(counted > 5);
		observations_clear(&n);
		observations_clear(&k);
		profile_free(p);
		wl_clear(&w);
	}
}

/* A shell driving programs, one of them a script run by its #! line: the
 * same use and the same executables (the script's is its interpreter's,
 * as /proc shows it), a fork without exec being the shell's. */
static void test_shell_driver(void **state)
{
	skip_without_counter();
	char dir[] = "/tmp/scaudit-observer-XXXXXX", script[64], cmd[8300];
	assert_non_null(mkdtemp(dir));
	snprintf(script, sizeof(script), "%s/s", dir);
	FILE *f = fopen(script, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\nexec %s/syscaller getppid\n",
		getenv("SCAUDIT_WORKLOADS"));
	fclose(f);
	assert_int_equal(chmod(script, 0755), 0);
	snprintf(cmd, sizeof(cmd),
		 "%s/syscaller getsid; (true); %s; /bin/true; exec %s",
		 getenv("SCAUDIT_WORKLOADS"), script, script);
	char *argv[] = { (char *)"sh", (char *)"-c", cmd, NULL };
	struct wl w = { 0 };
	struct diag d = { 0 };
	assert_int_equal(job_init(&w.j, "sh", argv, &d), 0);
	assert_int_equal(job_find_program(&w.j, &d), 0);
	w.j.out = w.j.err = CAPTURE_NULL;
	w.j.timeout = 60;
	struct profile *p = docker(&w.j);
	struct observations n, k;
	run_as(&w, p, USAGE_BACKEND_NOTIFY, false, NULL, &n);
	run_as(&w, p, USAGE_BACKEND_KERNEL, false, NULL, &k);
	assert_true(observations_exited_with(&k, 0));
	cleanup_strv struct strv wn = STRV_INIT, wk = STRV_INIT;
	use_of(&n, true, NULL, &wn);
	use_of(&k, true, NULL, &wk);
	assert_same("shell", &wn, &wk);
	observations_clear(&n);
	observations_clear(&k);
	profile_free(p);
	job_clear(&w.j);
	unlink(script);
	rmdir(dir);
}

/* Learning, the profile lacks getppid: the denial ran (the counter saw
 * it), but no entry allows it, so it is no use of one; getpgrp is. */
static void test_learned_denial(void **state)
{
	skip_without_counter();
	struct wl w;
	wl_init(&w, (const char *const[]){ "getppid", "getpgrp", NULL });
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("workload-base.list"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	struct profile_rule *r = profile_add_rule(p);
	assert_non_null(r);
	r->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	r->active = true;
	assert_non_null(
		profile_rule_add_name(r, "getpgrp", (struct profile_loc){ 0 }));
	profile_evaluate(p, &w.j.env);
	struct observations n, k;
	run_as(&w, p, USAGE_BACKEND_NOTIFY, true, NULL, &n);
	run_as(&w, p, USAGE_BACKEND_KERNEL, true, NULL, &k);
	cleanup_strv struct strv un = STRV_INIT, uk = STRV_INIT;
	use_of(&n, false, NULL, &un);
	use_of(&k, false, NULL, &uk);
	assert_same("learned", &un, &uk);
	assert_false(strv_contains(uk.v, "x86_64:getppid"));
	assert_true(strv_contains(uk.v, "x86_64:getpgrp"));
	observations_clear(&n);
	observations_clear(&k);
	profile_free(p);
	wl_clear(&w);
}

/* One observer for two runs (a pipeline's repeats): one counter, reset
 * between them, each run seeing its own calls only. */
static void test_kept_across_runs(void **state)
{
	skip_without_counter();
	struct usage_observer u;
	usage_observer_init(&u, USAGE_BACKEND_KERNEL);
	struct wl a, b;
	wl_init(&a, (const char *const[]){ "getppid", NULL });
	wl_init(&b, (const char *const[]){ "getpgrp", NULL });
	struct profile *p = docker(&a.j);
	struct observations oa, ob;
	run_as(&a, p, USAGE_BACKEND_KERNEL, false, &u, &oa);
	const struct usage_bpf *first = u.bpf;
	assert_non_null(first);
	run_as(&b, p, USAGE_BACKEND_KERNEL, false, &u, &ob);
	assert_ptr_equal(u.bpf, first);
	cleanup_strv struct strv ua = STRV_INIT, ub = STRV_INIT;
	use_of(&oa, false, NULL, &ua);
	use_of(&ob, false, NULL, &ub);
	assert_true(strv_contains(ua.v, "x86_64:getppid"));
	assert_false(strv_contains(ua.v, "x86_64:getpgrp"));
	assert_true(strv_contains(ub.v, "x86_64:getpgrp"));
	assert_false(strv_contains(ub.v, "x86_64:getppid"));
	usage_observer_clear(&u);
	observations_clear(&oa);
	observations_clear(&ob);
	profile_free(p);
	wl_clear(&a);
	wl_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_notify_asked),
		cmocka_unit_test(test_same_use),
		cmocka_unit_test(test_shell_driver),
		cmocka_unit_test(test_learned_denial),
		cmocka_unit_test(test_kept_across_runs),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
