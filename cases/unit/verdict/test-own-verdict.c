/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/syscall.h>

#include "helpers.h"
#include "own-verdict.h"
#include "syscalls.h"
#include "util.h"

/* write and getcwd allowed, the rest killed (any arch: no arch check). */
static const struct sock_filter prog[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 2, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getcwd, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

static struct obs_call *add_call(struct observations *o, const char *name,
				 bool own, enum profile_action_type own_act)
{
	o->calls = realloc(o->calls, (o->n_calls + 1) * sizeof(*o->calls));
	assert_non_null(o->calls);
	struct obs_call *c = &o->calls[o->n_calls++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->arch = syscalls_native_arch();
	c->nr = syscalls_resolve(c->arch, name);
	c->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	c->own = own;
	c->own_action = (struct profile_action){ own_act,
						 own_act == PROFILE_ACT_ERRNO };
	return c;
}

/* A run: the launcher's execve, mmap before the load, then under it write
 * (allowed), pipe2 (killed: missing) and getpid (EPERM, the run coped). */
static void make_run(struct observations *o, struct verdict *v,
		     enum obs_load_state state)
{
	memset(o, 0, sizeof(*o));
	add_call(o, "execve", false, PROFILE_ACT_ALLOW)->launcher = true;
	add_call(o, "mmap", false, PROFILE_ACT_ALLOW);
	add_call(o, "write", true, PROFILE_ACT_ALLOW);
	add_call(o, "pipe2", true, PROFILE_ACT_KILL_PROCESS);
	add_call(o, "getpid", true, PROFILE_ACT_ERRNO);
	o->loads = calloc(1, sizeof(*o->loads));
	assert_non_null(o->loads);
	o->n_loads = 1;
	o->loads[0].prog = malloc(sizeof(prog));
	assert_non_null(o->loads[0].prog);
	memcpy(o->loads[0].prog, prog, sizeof(prog));
	o->loads[0].len = ARRAY_SIZE(prog);
	o->loads[0].parent = -1;
	o->loads[0].state = state;
	snprintf(o->loads[0].why, sizeof(o->loads[0].why), "no reason");
	static enum denial_class classes[8];
	const enum denial_class c[] = { CLASS_LAUNCHER, CLASS_ALLOWED,
					CLASS_ALLOWED, CLASS_MISSING,
					CLASS_TOLERATED };
	memcpy(classes, c, sizeof(c));
	memset(v, 0, sizeof(*v));
	v->classes = classes;
}

static bool has(const struct strv *s, const char *csv)
{
	cleanup_strv struct strv want = STRV_INIT;
	assert_int_equal(strv_split(&want, csv, ","), 0);
	if (want.n != s->n)
		return false;
	for (size_t i = 0; i < want.n; i++)
		if (strcmp(want.v[i], s->v[i]) != 0)
			return false;
	return true;
}

/* Each call in its place: missing and tolerated by its class, used, what
 * came before the load, never the launcher's. */
static void test_sorted(void **state)
{
	struct observations o;
	struct verdict v;
	make_run(&o, &v, OBS_LOAD_OBSERVED);
	struct own_verdict ov = { 0 };
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_int_equal(own_verdict_finish(&ov, &o, true, "", NULL), 0);
	assert_int_equal(ov.runs_loaded, 1);
	assert_true(has(&ov.missing, "pipe2"));
	assert_true(has(&ov.missing_fatal, "pipe2"));
	assert_true(has(&ov.tolerated, "getpid"));
	assert_true(has(&ov.used, "write"));
	assert_true(has(&ov.before, "mmap"));
	assert_true(has(&ov.allowed, "getcwd,write"));
	/* Allowed, never called under it: unused. */
	assert_true(ov.judged);
	assert_true(has(&ov.unused, "getcwd"));
	own_verdict_clear(&ov);
	observations_clear(&o);
}

/* Known to come only sometimes: allowed and unused, kept; denied and not
 * made, at risk. */
static void test_sometimes(void **state)
{
	struct observations o;
	struct verdict v;
	make_run(&o, &v, OBS_LOAD_OBSERVED);
	struct own_verdict ov = { 0 };
	char *known[] = { (char *)"getcwd", (char *)"restart_syscall",
			  (char *)"pipe2", NULL };
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_int_equal(own_verdict_finish(&ov, &o, true, "", known), 0);
	assert_int_equal(ov.unused.n, 0);
	assert_true(has(&ov.known, "getcwd"));
	/* pipe2 is missing already, not at risk too. */
	assert_true(has(&ov.at_risk, "restart_syscall"));
	own_verdict_clear(&ov);
	observations_clear(&o);
}

/* The evidence rule: nothing unused without runs that judge usage, nor
 * when a load was not observed. */
static void test_not_judged(void **state)
{
	struct observations o;
	struct verdict v;
	make_run(&o, &v, OBS_LOAD_OBSERVED);
	struct own_verdict ov = { 0 };
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_int_equal(
		own_verdict_finish(&ov, &o, false, "the run failed", NULL), 0);
	assert_false(ov.judged);
	assert_int_equal(ov.unused.n, 0);
	assert_string_equal(ov.why_not, "the run failed");
	own_verdict_clear(&ov);
	observations_clear(&o);

	make_run(&o, &v, OBS_LOAD_UNOBSERVED);
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_int_equal(own_verdict_finish(&ov, &o, true, "", NULL), 0);
	assert_true(ov.unobserved);
	assert_false(ov.judged);
	assert_non_null(strstr(ov.why_not, "not observed: no reason"));
	own_verdict_clear(&ov);
	observations_clear(&o);
}

/* A list without rt_sigreturn in a workload with handlers: a warning, not
 * a missing name (no run can show it). */
static void test_sigreturn(void **state)
{
	struct observations o;
	struct verdict v;
	make_run(&o, &v, OBS_LOAD_OBSERVED);
	o.loads[0].sigreturn_denied = true;
	struct own_verdict ov = { 0 };
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_false(ov.sigreturn_needed);
	o.handlers = true;
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_true(ov.sigreturn_needed);
	assert_false(strv_contains(ov.missing.v, "rt_sigreturn"));
	assert_int_equal(ov.runs_loaded, 2);
	own_verdict_clear(&ov);
	observations_clear(&o);
}

/* No load, nothing judged. */
static void test_no_load(void **state)
{
	struct observations o = { 0 };
	struct verdict v = { 0 };
	struct own_verdict ov = { 0 };
	assert_int_equal(own_verdict_add(&ov, &o, &v), 0);
	assert_int_equal(own_verdict_finish(&ov, &o, true, "", NULL), 0);
	assert_int_equal(ov.runs_loaded, 0);
	assert_int_equal(ov.allowed.n, 0);
	own_verdict_clear(&ov);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_sometimes),
		cmocka_unit_test(test_not_judged),
		cmocka_unit_test(test_sigreturn),
		cmocka_unit_test(test_no_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
