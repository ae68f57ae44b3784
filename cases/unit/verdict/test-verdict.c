/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>

#include "verdict.h"
#include "profile-helpers.h"

static struct obs_call denial(const char *name, enum profile_action_type t,
			      bool fatal, bool launcher)
{
	struct obs_call d = { .arch = SCMP_ARCH_X86_64,
			      .count = 1,
			      .fatal = fatal,
			      .launcher = launcher };
	snprintf(d.name, sizeof(d.name), "%s", name);
	d.action = (struct profile_action){ t, t == PROFILE_ACT_ERRNO ? 1 : 0 };
	return d;
}

struct row {
	const char *what;
	struct observations r;
	struct obs_call d[3];
	size_t n;
	struct verdict_expect e;
	enum run_outcome outcome;
	enum denial_class classes[3];
	bool findings;
};

static char *denied_ptrace[] = { (char *)"ptrace", NULL };
static char *expected_rw[] = { (char *)"read", (char *)"write", NULL };

static void test_table(void **state)
{
	struct row t[] = {
		{ "clean",
		  { .exited = true },
		  { { 0 } },
		  0,
		  { 0 },
		  OUTCOME_PASSED,
		  { 0 },
		  false },
		{ "errno tolerated",
		  { .exited = true },
		  { denial("clone3", PROFILE_ACT_ERRNO, false, false) },
		  1,
		  { 0 },
		  OUTCOME_PASSED_TOLERATED,
		  { CLASS_TOLERATED },
		  false },
		/* An errno in a failed run: maybe the cause, maybe not. */
		{ "errno then failure",
		  { .exited = true, .exit_code = 3 },
		  { denial("getppid", PROFILE_ACT_ERRNO, false, false) },
		  1,
		  { 0 },
		  OUTCOME_FAILED,
		  { CLASS_UNDECIDED },
		  true },
		/* A kill is fatal in production even when another thread's
		 * exit won the race against the supervisor's kill. */
		{ "kill that lost the race",
		  { .exited = true },
		  { denial("getppid", PROFILE_ACT_KILL_PROCESS, true, false) },
		  1,
		  { 0 },
		  OUTCOME_KILLED,
		  { CLASS_MISSING },
		  true },
		{ "kill-thread, no kill delivered",
		  { .exited = true },
		  { denial("getppid", PROFILE_ACT_KILL_THREAD, false, false) },
		  1,
		  { 0 },
		  OUTCOME_KILLED,
		  { CLASS_MISSING },
		  true },
		{ "errno in a timed-out run",
		  { .timed_out = true },
		  { denial("clone3", PROFILE_ACT_ERRNO, false, false) },
		  1,
		  { 0 },
		  OUTCOME_TIMEOUT,
		  { CLASS_UNDECIDED },
		  true },
		{ "allowed call of a usage run",
		  { .exited = true },
		  { denial("read", PROFILE_ACT_ALLOW, false, false) },
		  1,
		  { 0 },
		  OUTCOME_PASSED,
		  { CLASS_ALLOWED },
		  false },
		{ "failure without denial",
		  { .exited = true, .exit_code = 1 },
		  { { 0 } },
		  0,
		  { 0 },
		  OUTCOME_FAILED,
		  { 0 },
		  true },
		{ "killed",
		  { .signaled = true, .signal = SIGSYS, .sigsys_ours = true },
		  { denial("brk", PROFILE_ACT_KILL_PROCESS, true, false) },
		  1,
		  { 0 },
		  OUTCOME_KILLED,
		  { CLASS_MISSING },
		  true },
		{ "sigsys not ours",
		  { .signaled = true, .signal = SIGSYS },
		  { { 0 } },
		  0,
		  { 0 },
		  OUTCOME_CRASHED,
		  { 0 },
		  true },
		{ "segv",
		  { .signaled = true, .signal = SIGSEGV },
		  { { 0 } },
		  0,
		  { 0 },
		  OUTCOME_CRASHED,
		  { 0 },
		  true },
		{ "timeout",
		  { .timed_out = true },
		  { { 0 } },
		  0,
		  { 0 },
		  OUTCOME_TIMEOUT,
		  { 0 },
		  true },
		{ "exec failed",
		  { .exec_failed = true, .exec_errno = EACCES },
		  { { 0 } },
		  0,
		  { 0 },
		  OUTCOME_ERROR,
		  { 0 },
		  true },
		{ "blocked",
		  { .exited = true, .exit_code = 0 },
		  { denial("ptrace", PROFILE_ACT_ERRNO, false, false) },
		  1,
		  { .denied = denied_ptrace },
		  OUTCOME_BLOCKED,
		  { CLASS_EXPECTED },
		  false },
		{ "escaped",
		  { .exited = true },
		  { denial("ptrace", PROFILE_ACT_ALLOW, false, false) },
		  1,
		  { .denied = denied_ptrace },
		  OUTCOME_ESCAPED,
		  { CLASS_ESCAPED },
		  true },
		{ "never attempted",
		  { .exited = true },
		  { { 0 } },
		  0,
		  { .denied = denied_ptrace },
		  OUTCOME_FAILED,
		  { 0 },
		  true },
		{ "unexpected",
		  { .exited = true },
		  { denial("read", PROFILE_ACT_ERRNO, false, false),
		    denial("mount", PROFILE_ACT_ERRNO, false, false) },
		  2,
		  { .expected = expected_rw },
		  OUTCOME_PASSED_TOLERATED,
		  { CLASS_TOLERATED, CLASS_UNEXPECTED },
		  true },
		{ "learn",
		  { .exited = true },
		  { denial("brk", PROFILE_ACT_KILL_PROCESS, false, false),
		    denial("execve", PROFILE_ACT_KILL_PROCESS, false, true) },
		  2,
		  { .learn = true },
		  OUTCOME_PASSED,
		  { CLASS_MISSING, CLASS_LAUNCHER },
		  true },
		{ "launcher exec denied",
		  { .exited = true },
		  { denial("execve", PROFILE_ACT_KILL_PROCESS, false, true) },
		  1,
		  { 0 },
		  OUTCOME_PASSED,
		  { CLASS_LAUNCHER },
		  true },
		{ "launcher's other call",
		  { .exited = true },
		  { denial("sendmsg", PROFILE_ACT_ERRNO, false, true) },
		  1,
		  { 0 },
		  OUTCOME_PASSED,
		  { CLASS_LAUNCHER },
		  false },
		{ "logged",
		  { .exited = true },
		  { denial("uname", PROFILE_ACT_LOG, false, false) },
		  1,
		  { 0 },
		  OUTCOME_PASSED,
		  { CLASS_LOGGED },
		  false },
		{ "grandchild killed",
		  { .exited = true, .exit_code = 159 },
		  { denial("getppid", PROFILE_ACT_KILL_PROCESS, true, false) },
		  1,
		  { 0 },
		  OUTCOME_KILLED,
		  { CLASS_MISSING },
		  true },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		t[i].r.calls = t[i].d;
		t[i].r.n_calls = t[i].n;
		struct verdict v;
		assert_int_equal(verdict_judge(&t[i].r, &t[i].e, &v), 0);
		if (v.outcome != t[i].outcome)
			print_error("%s: got %s\n", t[i].what,
				    verdict_outcome_name(v.outcome));
		assert_int_equal(v.outcome, t[i].outcome);
		for (size_t k = 0; k < t[i].n; k++)
			assert_int_equal(v.classes[k], t[i].classes[k]);
		assert_int_equal(verdict_has_findings(&v), t[i].findings);
		assert_true(v.reason[0]);
		verdict_clear(&v);
	}
}

static void test_reasons_name_the_syscall(void **state)
{
	struct obs_call d =
		denial("brk", PROFILE_ACT_KILL_PROCESS, true, false);
	d.nr = 12;
	struct observations r = { .signaled = true,
				  .signal = SIGSYS,
				  .sigsys_ours = true,
				  .calls = &d,
				  .n_calls = 1 };
	struct verdict_expect e = { 0 };
	struct verdict v;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_non_null(strstr(v.reason, "'brk' (x86_64 12)"));
	assert_ptr_equal(v.fatal, &d);
	verdict_clear(&v);
}

/* A kill-thread the supervisor could carry out only as a process kill:
 * still killed (never milder than production), and the reason says what
 * differs. */
static void test_thread_kill_widened(void **state)
{
	struct obs_call d =
		denial("getppid", PROFILE_ACT_KILL_THREAD, true, false);
	struct observations r = { .signaled = true,
				  .signal = SIGSYS,
				  .sigsys_ours = true,
				  .thread_kill_widened = true,
				  .calls = &d,
				  .n_calls = 1 };
	struct verdict_expect e = { 0 };
	struct verdict v;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_int_equal(v.outcome, OUTCOME_KILLED);
	assert_int_equal(v.classes[0], CLASS_MISSING);
	assert_non_null(strstr(v.reason, "only the calling thread ends"));
	verdict_clear(&v);
	r.thread_kill_widened = false;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_null(strstr(v.reason, "calling thread"));
	verdict_clear(&v);
}

/* A container runtime's own start denied a call: missing when the
 * container never started, whatever the errno; tolerated when it went on
 * to execute the workload. */
static void test_runtime_init(void **state)
{
	struct obs_call d = denial("fstatfs", PROFILE_ACT_ERRNO, false, false);
	d.runtime_init = true;
	struct observations r = { .exited = true,
				  .exit_code = 1,
				  .runtime = "runc",
				  .runtime_init = 7,
				  .calls = &d,
				  .n_calls = 1 };
	struct verdict_expect e = { 0 };
	struct verdict v;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_int_equal(v.classes[0], CLASS_MISSING);
	assert_int_equal(v.outcome, OUTCOME_FAILED);
	assert_non_null(strstr(v.reason, "the container never started: "
					 "runc's init was denied fstatfs"));
	assert_true(verdict_has_findings(&v));
	verdict_clear(&v);

	r.runtime_started = true;
	r.exit_code = 0;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_int_equal(v.classes[0], CLASS_TOLERATED);
	assert_int_equal(v.outcome, OUTCOME_PASSED_TOLERATED);
	verdict_clear(&v);

	/* Not a container's: the usual errno rule (a failed run: undecided). */
	d.runtime_init = false;
	r.runtime[0] = '\0';
	r.exit_code = 1;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_int_equal(v.classes[0], CLASS_UNDECIDED);
	verdict_clear(&v);
}

/* Under the workload's own filter a call is judged by what production
 * does: the profile's action and the filter's, the stricter winning. */
static void test_own_filter(void **state)
{
	/* The profile allows pipe2, its own filter kills it: missing, the
	 * kill named as the filter's. */
	struct obs_call d = denial("pipe2", PROFILE_ACT_ALLOW, true, false);
	d.own = true;
	d.own_action = (struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
	struct observations r = { .signaled = true,
				  .signal = SIGSYS,
				  .sigsys_ours = true,
				  .calls = &d,
				  .n_calls = 1 };
	struct verdict_expect e = { 0 };
	struct verdict v;
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_int_equal(v.classes[0], CLASS_MISSING);
	assert_non_null(strstr(v.reason, "the workload's own filter denies"));
	verdict_clear(&v);

	/* The profile kills what its own filter answers with EPERM: the kill
	 * ranks higher, the profile's (issue 13: 'holds' before). */
	d = denial("pipe2", PROFILE_ACT_KILL_PROCESS, true, false);
	d.own = true;
	d.own_action = (struct profile_action){ PROFILE_ACT_ERRNO, EPERM };
	assert_int_equal(obs_call_effective(&d).type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(verdict_judge(&r, &e, &v), 0);
	assert_int_equal(v.outcome, OUTCOME_KILLED);
	assert_non_null(strstr(v.reason, "the profile denies"));
	verdict_clear(&v);

	/* Both allow: allowed; its filter's errno in a run that coped:
	 * tolerated, whatever the profile allows. */
	struct observations ok = { .exited = true, .calls = &d, .n_calls = 1 };
	d = denial("getpid", PROFILE_ACT_ALLOW, false, false);
	d.own = true;
	d.own_action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	assert_int_equal(verdict_judge(&ok, &e, &v), 0);
	assert_int_equal(v.classes[0], CLASS_ALLOWED);
	verdict_clear(&v);
	d.own_action = (struct profile_action){ PROFILE_ACT_ERRNO, EPERM };
	assert_int_equal(verdict_judge(&ok, &e, &v), 0);
	assert_int_equal(v.classes[0], CLASS_TOLERATED);
	assert_int_equal(v.outcome, OUTCOME_PASSED_TOLERATED);
	verdict_clear(&v);
	/* An expect-denied name its own filter denies is denied. */
	char *denied[] = { (char *)"getpid", NULL };
	struct verdict_expect neg = { .denied = denied };
	assert_int_equal(verdict_judge(&ok, &neg, &v), 0);
	assert_int_equal(v.classes[0], CLASS_EXPECTED);
	verdict_clear(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_filter),
		cmocka_unit_test(test_runtime_init),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_reasons_name_the_syscall),
		cmocka_unit_test(test_thread_kill_widened),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
