/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>

#include "helpers.h"
#include "observations.h"
#include "util.h"

/* Whether the call runs: allow, log and notify let it; every other
 * action stops it. Every action type is in the table. */
static void test_call_allowed(void **state)
{
	const struct {
		enum profile_action_type type;
		uint32_t value;
		bool allowed;
	} t[] = {
		{ PROFILE_ACT_ALLOW, 0, true },
		{ PROFILE_ACT_ERRNO, 1, false },
		{ PROFILE_ACT_ERRNO, 38, false },
		{ PROFILE_ACT_KILL_PROCESS, 0, false },
		{ PROFILE_ACT_KILL_THREAD, 0, false },
		{ PROFILE_ACT_TRAP, 0, false },
		{ PROFILE_ACT_LOG, 0, true },
		{ PROFILE_ACT_NOTIFY, 0, true },
		{ PROFILE_ACT_TRACE, 7, false },
	};
	bool covered[PROFILE_ACT_MAX] = { false };
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct obs_call c = { .action = { t[i].type, t[i].value } };
		snprintf(c.name, sizeof(c.name), "getppid");
		if (obs_call_allowed(&c) != t[i].allowed)
			print_error("action %s\n",
				    profile_action_name(t[i].type));
		assert_int_equal(obs_call_allowed(&c), t[i].allowed);
		/* Only the action counts: not who made it, nor a death. */
		c.launcher = true;
		c.fatal = true;
		c.count = 1000;
		assert_int_equal(obs_call_allowed(&c), t[i].allowed);
		covered[t[i].type] = true;
	}
	for (size_t i = 0; i < PROFILE_ACT_MAX; i++)
		assert_true(covered[i]);
}

static void test_exited_with(void **state)
{
	const struct {
		const char *what;
		struct observations o;
		int code;
		bool result;
	} t[] = {
		{ "exit 0", { .exited = true }, 0, true },
		{ "exit 0, asked 1", { .exited = true }, 1, false },
		{ "exit 3", { .exited = true, .exit_code = 3 }, 3, true },
		{ "exit 3, asked 0",
		  { .exited = true, .exit_code = 3 },
		  0,
		  false },
		{ "exit 255", { .exited = true, .exit_code = 255 }, 255, true },
		{ "not ended", { 0 }, 0, false },
		{ "killed",
		  { .signaled = true, .signal = SIGSYS, .sigsys_ours = true },
		  0,
		  false },
		{ "killed by SIGKILL",
		  { .signaled = true, .signal = SIGKILL },
		  0,
		  false },
		/* Ended as the deadline passed: a timeout all the same. */
		{ "exited but timed out",
		  { .exited = true, .timed_out = true },
		  0,
		  false },
		{ "timed out", { .timed_out = true, .seconds = 0.5 }, 0, false },
		{ "exec failed, 127",
		  { .exited = true,
		    .exit_code = 127,
		    .exec_failed = true,
		    .exec_errno = ENOENT },
		  127,
		  true },
		{ "interrupted",
		  { .exited = true, .interrupted = SIGINT },
		  0,
		  true },
		{ "leftover", { .exited = true, .leftover = 2 }, 0, true },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (observations_exited_with(&t[i].o, t[i].code) != t[i].result)
			print_error("case '%s'\n", t[i].what);
		assert_int_equal(observations_exited_with(&t[i].o, t[i].code),
				 t[i].result);
	}
}

static void test_clear(void **state)
{
	struct observations o = {
		.exited = true,
		.exit_code = 3,
		.signaled = true,
		.signal = SIGSYS,
		.timed_out = true,
		.interrupted = SIGTERM,
		.exec_failed = true,
		.exec_errno = ENOENT,
		.sigsys_ours = true,
		.used_sigkill = true,
		.seconds = 1.5,
		.notifications = 12,
		.leftover = 2,
		.traced = true,
		.foreign_sigsys = true,
		.foreign_named = true,
		.foreign_exact = true,
		.foreign_arch = SCMP_ARCH_X86_64,
		.foreign_nr = 39,
	};
	snprintf(o.foreign_name, sizeof(o.foreign_name), "getpid");
	o.alloc = 4;
	o.calls = calloc(o.alloc, sizeof(*o.calls));
	assert_non_null(o.calls);
	o.n_calls = 2;
	o.calls[0].count = 5;
	snprintf(o.calls[0].name, sizeof(o.calls[0].name), "getppid");
	assert_int_equal(observations_exe(&o, "/bin/sh"), 0);
	observations_clear(&o);
	/* Every byte zero: as new, the calls freed (valgrind checks). */
	static const struct observations zero = { 0 };
	assert_memory_equal(&o, &zero, sizeof(o));
	assert_null(o.calls);
	/* Cleared again, and a never-filled one: nothing to free. */
	observations_clear(&o);
	assert_memory_equal(&o, &zero, sizeof(o));
	assert_false(observations_exited_with(&o, 0));
}

/* The run's table of executables: one index per path, however often it
 * is asked; each call counts its executables up to OBS_MAX_EXES, then
 * only how many calls the others made, so the counts add up. */
static void test_exes(void **state)
{
	struct observations o = { 0 };
	assert_int_equal(observations_exe(&o, "/usr/bin/python3"), 0);
	assert_int_equal(observations_exe(&o, "/bin/sh"), 1);
	assert_int_equal(observations_exe(&o, "/usr/bin/python3"), 0);
	assert_int_equal(observations_exe(&o, ""), 2); /* unreadable */
	assert_int_equal(o.exes.n, 3);

	struct obs_call c = { .count = 0 };
	for (uint32_t x = 0; x < OBS_MAX_EXES + 3; x++)
		for (uint32_t k = 0; k <= x; k++) {
			obs_call_add_exe(&c, x);
			c.count++;
		}
	obs_call_add_exe(&c, 0);
	c.count++;
	assert_int_equal(c.n_exes, OBS_MAX_EXES);
	uint64_t sum = c.other_exes;
	for (size_t k = 0; k < c.n_exes; k++) {
		/* In order of first sight, each with its own count. */
		assert_int_equal(c.exes[k].exe, k);
		assert_int_equal(c.exes[k].count, k + 1 + (k == 0));
		sum += c.exes[k].count;
	}
	/* The three past the cap made 17, 18 and 19 calls. */
	assert_int_equal(c.other_exes, (OBS_MAX_EXES + 1) + (OBS_MAX_EXES + 2) +
					       (OBS_MAX_EXES + 3));
	assert_int_equal(sum, c.count);
	observations_clear(&o);
	assert_int_equal(o.exes.n, 0);
	assert_null(o.exes.v);
}

/* What cleanup_observations calls at the end of a scope. */
static void test_clearp(void **state)
{
	static const struct observations zero = { 0 };
	struct observations o = { .exited = true, .n_calls = 1, .alloc = 8 };
	o.calls = calloc(o.alloc, sizeof(*o.calls));
	assert_non_null(o.calls);
	o.calls[0].action.type = PROFILE_ACT_ERRNO;
	assert_false(obs_call_allowed(&o.calls[0]));
	observations_clearp(&o);
	assert_memory_equal(&o, &zero, sizeof(o));
	{
		cleanup_observations struct observations scoped = { 0 };
		scoped.calls = calloc(1, sizeof(*scoped.calls));
		assert_non_null(scoped.calls);
		scoped.n_calls = scoped.alloc = 1;
	} /* freed here: valgrind and LeakSanitizer would say otherwise */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_allowed),
		cmocka_unit_test(test_exited_with),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_clearp),
		cmocka_unit_test(test_exes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
