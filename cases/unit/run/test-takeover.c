/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "profile-helpers.h"
#include "run.h"
#include "syscalls.h"
#include "takeover.h"
#include "util.h"
#include "workload-helpers.h"

static struct seccomp_data call(uint32_t arch, int nr, uint64_t a0, uint64_t a1)
{
	struct seccomp_data d;
	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = nr;
	d.args[0] = a0;
	d.args[1] = a1;
	return d;
}

/* Loads are told by name and operation; another arch's can be seen but
 * not read. */
static void test_is_load(void **state)
{
	uint32_t native = syscalls_audit_arch(syscalls_native_arch());
	struct seccomp_data d =
		call(native, SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0);
	assert_int_equal(takeover_is_load(&d), 1);
	/* op and flags are 32-bit: the kernel ignores the high bits. */
	d = call(native, SYS_seccomp, SECCOMP_SET_MODE_FILTER | 1ull << 32, 0);
	assert_int_equal(takeover_is_load(&d), TAKEOVER_LOAD);
	/* Strict mode: seen, never taken over. */
	d = call(native, SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0);
	assert_int_equal(takeover_is_load(&d), TAKEOVER_STRICT);
	d = call(native, SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_STRICT);
	assert_int_equal(takeover_is_load(&d), TAKEOVER_STRICT);
	d = call(native, SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0);
	assert_int_equal(takeover_is_load(&d), 0);
	d = call(native, SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER);
	assert_int_equal(takeover_is_load(&d), 1);
	d = call(native, SYS_prctl, PR_SET_NAME, SECCOMP_MODE_FILTER);
	assert_int_equal(takeover_is_load(&d), 0);
#if defined(__x86_64__)
	int nr = syscalls_resolve(SCMP_ARCH_X86, "seccomp");
	d = call(syscalls_audit_arch(SCMP_ARCH_X86), nr,
		 SECCOMP_SET_MODE_FILTER, 0);
	assert_int_equal(takeover_is_load(&d), TAKEOVER_COMPAT);
#endif
}

/* A one-instruction program returning ret, as a load of o. */
static void add_load(struct observations *o, uint32_t ret, int parent,
		     int depth)
{
	struct sock_filter *p = calloc(1, sizeof(*p));
	assert_non_null(p);
	*p = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
	o->loads = realloc(o->loads, (o->n_loads + 1) * sizeof(*o->loads));
	assert_non_null(o->loads);
	struct obs_load *l = &o->loads[o->n_loads++];
	memset(l, 0, sizeof(*l));
	l->prog = p;
	l->len = 1;
	l->parent = parent;
	l->depth = depth;
}

/* A stack decides as the kernel: the strictest return of its loads; of
 * several candidate stacks, the strictest. */
static void test_decide(void **state)
{
	struct observations o = { 0 };
	add_load(&o, SECCOMP_RET_ALLOW, -1, 2);
	add_load(&o, SECCOMP_RET_ERRNO | 1, 0, 3);
	add_load(&o, SECCOMP_RET_KILL_PROCESS, -1, 2);
	struct seccomp_data d = call(0, 0, 0, 0);
	struct own_stack one = { .newest = { 0 }, .n = 1 };
	assert_int_equal(takeover_decide(&o, &one, &d), SECCOMP_RET_ALLOW);
	struct own_stack two = { .newest = { 1 }, .n = 1 };
	assert_int_equal(takeover_decide(&o, &two, &d), SECCOMP_RET_ERRNO | 1);
	struct own_stack either = { .newest = { 1, 2 }, .n = 2 };
	assert_int_equal(takeover_decide(&o, &either, &d),
			 SECCOMP_RET_KILL_PROCESS);
	/* A stack no load fits: the strictest of all, but never a load the
	 * kernel refused (no task runs under it). */
	assert_int_equal(takeover_decide_any(&o, &d), SECCOMP_RET_KILL_PROCESS);
	o.loads[2].refused = true;
	assert_int_equal(takeover_decide_any(&o, &d), SECCOMP_RET_ERRNO | 1);
	o.loads[1].state = OBS_LOAD_FAILED;
	assert_int_equal(takeover_decide_any(&o, &d), SECCOMP_RET_ALLOW);
	/* A load scaudit could not read is the kernel's alone. */
	free(o.loads[0].prog);
	o.loads[0].prog = NULL;
	assert_int_equal(takeover_decide(&o, &one, &d), SECCOMP_RET_ALLOW);
	observations_clear(&o);
}

static const struct obs_call *find(const struct observations *o,
				   const char *name, bool own)
{
	for (size_t i = 0; i < o->n_calls; i++)
		if (strcmp(o->calls[i].name, name) == 0 &&
		    o->calls[i].own == own)
			return &o->calls[i];
	return NULL;
}

static void run_ownlist(const char *mode, bool usage, bool learn,
			struct observations *ret)
{
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	struct wl w;
	wl_init(&w, (const char *const[]){ "@ownlist", mode, NULL });
	struct run_options o = { .usage = usage, .learn = learn };
	struct run_error e;
	assert_int_equal(run_workload(&w.j, p, &o, ret, &e), 0);
	wl_clear(&w);
	profile_free(p);
}

/* A live load: taken over, confirmed, one deeper than the workload
 * started; the calls under it apart from those before, with its action. */
static void test_live(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
	struct observations o;
	run_ownlist("kill", true, true, &o);
	assert_true(o.exited);
	assert_int_equal(o.exit_code, 0);
	assert_int_equal(o.n_loads, 1);
	const struct obs_load *l = &o.loads[0];
	assert_int_equal(l->state, OBS_LOAD_OBSERVED);
	assert_true(l->confirmed);
	assert_false(l->prctl);
	assert_int_equal(l->default_ret, SECCOMP_RET_KILL_PROCESS);
	assert_int_equal(l->parent, -1);
	assert_true(l->sigreturn_denied);
	/* The original kept, the rewrite what the kernel got. */
	assert_non_null(l->rewritten);
	assert_memory_not_equal(l->prog, l->rewritten, l->len * 8);
	const struct obs_call *pipe = find(&o, "pipe2", true);
	assert_non_null(pipe);
	assert_int_equal(pipe->own_action.type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(pipe->action.type, PROFILE_ACT_ALLOW);
	assert_true(obs_call_own_denied(pipe));
	assert_int_equal(obs_call_effective(pipe).type,
			 PROFILE_ACT_KILL_PROCESS);
	const struct obs_call *w = find(&o, "write", true);
	assert_non_null(w);
	assert_false(obs_call_own_denied(w));
	/* The loader's mmap came before the load; none after it. */
	assert_non_null(find(&o, "mmap", false));
	assert_null(find(&o, "mmap", true));
	observations_clear(&o);

	/* Not learning: the kill is carried out at pipe2. */
	run_ownlist("kill", true, false, &o);
	assert_true(o.signaled);
	assert_true(o.sigsys_ours);
	assert_true(find(&o, "pipe2", true)->fatal);
	observations_clear(&o);
}

/* Without usage scaudit's filter lets allowed calls by in the kernel:
 * the loader is traced and the denials come back as seccomp stops, with
 * the same answers (learning: let through). */
static void test_live_traced(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
#if !defined(__x86_64__)
	skip();
#endif
	struct observations o;
	run_ownlist("kill", false, false, &o);
	assert_int_equal(o.n_loads, 1);
	assert_int_equal(o.loads[0].state, OBS_LOAD_OBSERVED);
	assert_true(o.loads[0].traced);
	assert_true(o.signaled);
	assert_true(o.sigsys_ours);
	const struct obs_call *pipe = find(&o, "pipe2", true);
	assert_non_null(pipe);
	assert_true(pipe->fatal);
	/* Allowed calls never came to us: no usage. */
	assert_null(find(&o, "write", true));
	observations_clear(&o);
	run_ownlist("tsync", false, true, &o);
	assert_true(o.exited);
	assert_int_equal(o.exit_code, 0);
	assert_non_null(find(&o, "pipe2", true));
	assert_non_null(find(&o, "clock_nanosleep", true));
	/* The main thread, traced by TSYNC's seize. */
	assert_non_null(find(&o, "openat", true));
	observations_clear(&o);
}

/* A filter whose return comes from the accumulator cannot be rewritten:
 * it goes on as asked, and says why it was not observed. */
static void test_live_unobserved(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
				    PROFILE_FORMAT_OCI);
	struct wl w;
	wl_init(&w, (const char *const[]){ "@sigsys-self", "getppid", "reta",
					   NULL });
	struct run_options ro = { .usage = true };
	struct run_error e;
	struct observations o;
	assert_int_equal(run_workload(&w.j, p, &ro, &o, &e), 0);
	assert_int_equal(o.n_loads, 1);
	assert_int_equal(o.loads[0].state, OBS_LOAD_UNOBSERVED);
	assert_true(o.loads[0].prctl);
	assert_non_null(strstr(o.loads[0].why, "accumulator"));
	assert_null(o.loads[0].rewritten);
	/* Its kill is the kernel's: SIGSYS, not ours. */
	assert_true(o.signaled);
	assert_int_equal(o.signal, SIGSYS);
	assert_false(o.sigsys_ours);
	observations_clear(&o);
	wl_clear(&w);
	profile_free(p);
}

/* Stacked in one thread: the second on the first. */
static void test_live_stack(void **state)
{
	skip_if_valgrind("valgrind 3.19 lacks seccomp(2): the workload "
			 "cannot load its filter");
	struct observations o;
	run_ownlist("stack", true, true, &o);
	assert_int_equal(o.n_loads, 2);
	assert_int_equal(o.loads[1].parent, 0);
	assert_int_equal(o.loads[1].depth, o.loads[0].depth + 1);
	const struct obs_call *g = find(&o, "getppid", true);
	assert_non_null(g);
	assert_int_equal(g->own_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(g->own_action.value, EPERM);
	observations_clear(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_load),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_live_traced),
		cmocka_unit_test(test_live_unobserved),
		cmocka_unit_test(test_live_stack),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
