/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <unistd.h>

#include "caps.h"
#include "pipeline.h"
#include "profile-helpers.h"
#include "workload-helpers.h"

#define NEEDS_SECCOMP                                                          \
	"valgrind 3.19 lacks seccomp(2): the workload cannot load its filter"

/* getppid fails with EPERM, everything else runs. */
static const char errno_getppid[] =
	"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
	" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"  \"errnoRet\": 1}]}\n";
static const char allow_all[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";

/* Run w under p with o; the run must happen. */
static void run_ok(struct wl *w, struct profile *p, const struct run_options *o,
		   struct pipeline_result *res)
{
	struct run_error err;
	int r = pipeline_run(&w->j, p, o, res, &err);
	if (r < 0) {
		struct diag d = { 0 };
		run_error_describe(&err, "syscaller", &d);
		print_error("pipeline_run: %d: %s\n", r, d.message);
	}
	assert_int_equal(r, 0);
}

/* The index of the workload's (not the launcher's) call name, or -1. */
static ssize_t find_call(const struct pipeline_result *res, const char *name)
{
	for (size_t i = 0; i < res->obs.n_calls; i++)
		if (!res->obs.calls[i].launcher &&
		    strcmp(res->obs.calls[i].name, name) == 0)
			return (ssize_t)i;
	return -1;
}

static void dump(const struct pipeline_result *res)
{
	print_error("outcome %s: %s\n",
		    verdict_outcome_name(res->verdict.outcome),
		    res->verdict.reason);
	for (size_t i = 0; i < res->obs.n_calls; i++) {
		const struct obs_call *c = &res->obs.calls[i];
		print_error("  %s%s %d %s\n", c->launcher ? "L " : "", c->name,
			    c->action.type,
			    verdict_class_name(res->verdict.classes[i]));
	}
	for (size_t i = 0; i < res->used.n; i++)
		print_error("  used %s\n", res->used.v[i]);
}

/* The workload's call name must be there with class cls: its index. */
static size_t expect_class(const struct pipeline_result *res, const char *name,
			   enum denial_class cls)
{
	ssize_t i = find_call(res, name);
	if (i < 0 || res->verdict.classes[i] != cls) {
		print_error("%s: wanted %s\n", name, verdict_class_name(cls));
		dump(res);
	}
	assert_true(i >= 0);
	assert_int_equal(res->verdict.classes[i], cls);
	return (size_t)i;
}

static void test_tolerated(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getpid", "getppid", NULL });
	struct profile *p = load_ok(errno_getppid, PROFILE_FORMAT_OCI);
	struct run_options o = { 0 };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_true(res.obs.exited);
	assert_int_equal(res.obs.exit_code, 0);
	assert_int_equal(res.verdict.outcome, OUTCOME_PASSED_TOLERATED);
	size_t i = expect_class(&res, "getppid", CLASS_TOLERATED);
	assert_int_equal(res.obs.calls[i].action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(res.obs.calls[i].action.value, 1);
	assert_int_equal(res.verdict.count[CLASS_TOLERATED], 1);
	assert_false(pipeline_failed(&res));
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

/* With -x syscaller exits 3 after the denial: the entry was needed. */
static void test_missing(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "-x", "getppid", NULL });
	struct profile *p = load_ok(errno_getppid, PROFILE_FORMAT_OCI);
	struct run_options o = { 0 };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_true(res.obs.exited);
	assert_int_equal(res.obs.exit_code, 3);
	assert_int_equal(res.verdict.outcome, OUTCOME_FAILED);
	assert_non_null(strstr(res.verdict.reason, "exited 3 (expected 0)"));
	/* An errno in a failed run: undecided, never "add it". */
	size_t i = expect_class(&res, "getppid", CLASS_UNDECIDED);
	assert_int_equal(res.obs.calls[i].action.type, PROFILE_ACT_ERRNO);
	assert_false(res.obs.calls[i].fatal);
	assert_true(pipeline_failed(&res));
	pipeline_result_clear(&res);

	/* The same job told that 3 is a good run. */
	w.j.expect.exit_code = 3;
	run_ok(&w, p, &o, &res);
	assert_int_equal(res.verdict.outcome, OUTCOME_PASSED_TOLERATED);
	assert_false(pipeline_failed(&res));
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

/* learn lets the denied call through: the run ends well, and the call is
 * still named missing. */
static void test_learn(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "-x", "getppid", NULL });
	struct profile *p = load_ok(errno_getppid, PROFILE_FORMAT_OCI);
	struct run_options o = { .learn = true };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_true(res.obs.exited);
	assert_int_equal(res.obs.exit_code, 0);
	assert_int_equal(res.verdict.outcome, OUTCOME_PASSED);
	assert_non_null(strstr(res.verdict.reason, "learn mode"));
	size_t i = expect_class(&res, "getppid", CLASS_MISSING);
	assert_int_equal(res.obs.calls[i].action.type, PROFILE_ACT_ERRNO);
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

static void test_usage(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getpid", "getuid", "getpid", NULL });
	struct profile *p = load_ok(allow_all, PROFILE_FORMAT_OCI);
	/* Notified: each call counted, the launcher's seen. */
	struct run_options o = { .usage = true,
				 .usage_backend = USAGE_BACKEND_NOTIFY };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_int_equal(res.verdict.outcome, OUTCOME_PASSED);
	assert_false(pipeline_failed(&res));
	assert_true(strv_contains(res.used.v, "getpid"));
	assert_true(strv_contains(res.used.v, "getuid"));
	assert_true(strv_contains(res.used.v, "exit_group"));
	assert_true(strv_contains(res.used.v, "execve"));
	/* Each once. */
	for (size_t i = 0; i < res.used.n; i++)
		for (size_t k = i + 1; k < res.used.n; k++)
			assert_string_not_equal(res.used.v[i], res.used.v[k]);
	/* The launcher's execve is observed, and use; so is the
	 * workload's own execve (none: syscaller does not exec). */
	bool launcher_execve = false;
	for (size_t i = 0; i < res.obs.n_calls; i++) {
		const struct obs_call *c = &res.obs.calls[i];
		if (!c->launcher)
			continue;
		assert_int_equal(res.verdict.classes[i], CLASS_LAUNCHER);
		if (strcmp(c->name, "execve") == 0)
			launcher_execve = true;
		else /* used only if the workload made it too */
			assert_int_equal(strv_contains(res.used.v, c->name),
					 find_call(&res, c->name) >= 0);
	}
	assert_true(launcher_execve);
	assert_true(find_call(&res, "execve") < 0);
	/* The workload's calls are allowed: logged, not denials. */
	size_t i = expect_class(&res, "getpid", CLASS_ALLOWED);
	assert_int_equal(res.obs.calls[i].count, 2);
	pipeline_result_clear(&res);

	/* Without usage, allowed calls are not observed. */
	o.usage = false;
	run_ok(&w, p, &o, &res);
	assert_int_equal(res.verdict.outcome, OUTCOME_PASSED);
	assert_true(find_call(&res, "getpid") < 0);
	assert_false(strv_contains(res.used.v, "getpid"));
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

/* Counted in the kernel, where it can be had: the same used names and
 * the same unnecessary entry as notified; who made each call kept, the
 * counts not (0). */
static void test_usage_counted(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getpid", "getuid", "getpid", NULL });
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getpid\", \"mount\"],\n"
		"  \"action\": \"SCMP_ACT_ALLOW\"}]}\n",
		PROFILE_FORMAT_OCI);
	struct pipeline_result res[2];
	const enum usage_backend b[2] = { USAGE_BACKEND_NOTIFY,
					  USAGE_BACKEND_AUTO };
	for (int i = 0; i < 2; i++) {
		struct run_options o = { .usage = true, .usage_backend = b[i] };
		run_ok(&w, p, &o, &res[i]);
		assert_int_equal(res[i].verdict.outcome, OUTCOME_PASSED);
		assert_true(res[i].judged);
	}
	if (res[1].obs.usage != OBS_USAGE_COUNTED) {
		/* Auto fell back, and says why. */
		print_message("no kernel counter: %s\n", res[1].obs.usage_why);
		assert_true(res[1].obs.usage_why[0]);
	} else {
		strv_sort_unique(&res[0].used);
		strv_sort_unique(&res[1].used);
		assert_int_equal(res[0].used.n, res[1].used.n);
		for (size_t i = 0; i < res[0].used.n; i++)
			assert_string_equal(res[0].used.v[i], res[1].used.v[i]);
		assert_int_equal(res[1].n_unnecessary, 1);
		assert_string_equal(res[1].unnecessary[0].name, "mount");
		const struct usage_entry *e =
			usage_find(&res[1].usage, "getuid");
		assert_non_null(e);
		assert_int_equal(e->calls, 0);
		assert_int_equal(e->n_exes, 1);
		const char *exe = res[1].usage.exes.v[e->exes[0].exe];
		assert_string_equal(exe + strlen(exe) - strlen("/syscaller"),
				    "/syscaller");
		ssize_t k = find_call(&res[1], "getuid");
		assert_true(k >= 0 && res[1].obs.calls[k].counted);
	}
	pipeline_result_clear(&res[0]);
	pipeline_result_clear(&res[1]);
	profile_free(p);
	wl_clear(&w);
}

/* Repeats: coin makes getppid in a random half of its runs. In 30 runs
 * it is intermittent (all but once in 10^9 tries), kept out of the
 * unnecessary entries; mount, in no run, is unnecessary. Until stable:
 * at least 1 + PIPELINE_STABLE runs, at most the bound. */
static void test_repeat(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
		" {\"names\": [\"getppid\", \"mount\"],\n"
		"  \"action\": \"SCMP_ACT_ALLOW\"}]}\n",
		PROFILE_FORMAT_OCI);
	struct wl w;
	wl_init(&w, (const char *[]){ "@coin", "getppid", NULL });
	struct run_options o = { .usage = true };
	struct pipeline_repeat rep = { 30, false, 0 };
	struct pipeline_result res;
	struct run_error err;
	assert_int_equal(pipeline_repeat(&w.j, p, &o, &rep, &res, &err), 0);
	assert_int_equal(res.runs, 30);
	assert_int_equal(res.shown, 1);
	assert_true(res.judged);
	assert_true(strv_contains(res.intermittent.v, "getppid"));
	assert_true(strv_contains(res.used.v, "getppid"));
	const struct usage_entry *e = usage_find(&res.usage, "getppid");
	unsigned some = e ? e->runs : 0;
	assert_true(some > 0 && some < 30);
	/* Made by coin, each call counted, over all the runs. */
	assert_int_equal(e->n_exes, 1);
	assert_int_equal(e->exes[0].calls, e->calls);
	const char *exe = res.usage.exes.v[e->exes[0].exe];
	assert_string_equal(exe + strlen(exe) - strlen("/coin"), "/coin");
	assert_int_equal(res.n_unnecessary, 1);
	assert_string_equal(res.unnecessary[0].name, "mount");
	pipeline_result_clear(&res);

	rep = (struct pipeline_repeat){ 1, true, 8 };
	assert_int_equal(pipeline_repeat(&w.j, p, &o, &rep, &res, &err), 0);
	assert_true(res.runs >= 1 + PIPELINE_STABLE && res.runs <= 8);
	pipeline_result_clear(&res);
	wl_clear(&w);
	profile_free(p);
}

/* A failing run ends the repeats, is the one shown, and voids the
 * judgement of unnecessary entries. */
static void test_repeat_stops_at_failure(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct profile *p = load_ok(errno_getppid, PROFILE_FORMAT_OCI);
	struct wl w;
	wl_init(&w, (const char *[]){ "-x", "getppid", NULL });
	struct run_options o = { .usage = true };
	struct pipeline_repeat rep = { 5, false, 0 };
	struct pipeline_result res;
	struct run_error err;
	assert_int_equal(pipeline_repeat(&w.j, p, &o, &rep, &res, &err), 0);
	assert_int_equal(res.runs, 1);
	assert_int_equal(res.shown, 1);
	assert_int_equal(res.verdict.outcome, OUTCOME_FAILED);
	assert_false(res.judged);
	assert_int_equal(res.intermittent.n, 0);
	char why[256];
	pipeline_why_not_judged(&res, why, sizeof(why));
	assert_non_null(strstr(why, "the run ended failed"));
	pipeline_result_clear(&res);
	wl_clear(&w);
	profile_free(p);
}

static void test_expect_denied_blocked(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getppid", NULL });
	assert_int_equal(strv_add(&w.j.expect.denied, "getppid"), 0);
	struct profile *p = load_ok(errno_getppid, PROFILE_FORMAT_OCI);
	struct run_options o = { 0 };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_int_equal(res.verdict.outcome, OUTCOME_BLOCKED);
	size_t i = expect_class(&res, "getppid", CLASS_EXPECTED);
	assert_int_equal(res.obs.calls[i].action.type, PROFILE_ACT_ERRNO);
	assert_string_equal(res.verdict.never_attempted, "");
	assert_false(pipeline_failed(&res));
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

/* The expect-denied name is watched even where the profile allows it. */
static void test_expect_denied_escaped(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getppid", NULL });
	assert_int_equal(strv_add(&w.j.expect.denied, "getppid"), 0);
	struct profile *p = load_ok(allow_all, PROFILE_FORMAT_OCI);
	struct run_options o = { 0 };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_int_equal(res.verdict.outcome, OUTCOME_ESCAPED);
	size_t i = expect_class(&res, "getppid", CLASS_ESCAPED);
	assert_int_equal(res.obs.calls[i].action.type, PROFILE_ACT_ALLOW);
	assert_true(pipeline_failed(&res));
	pipeline_result_clear(&res);

	/* Never attempted: the negative check fails. */
	strv_clear(&w.j.expect.denied);
	assert_int_equal(strv_add(&w.j.expect.denied, "getuid"), 0);
	run_ok(&w, p, &o, &res);
	assert_int_equal(res.verdict.outcome, OUTCOME_FAILED);
	assert_string_equal(res.verdict.never_attempted, "getuid");
	assert_true(pipeline_failed(&res));
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

/* An expected list given empty is a list: every denial is outside it. */
static void test_expected_empty_list(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getppid", NULL });
	w.j.expect.has_expected = true;
	assert_null(w.j.expect.expected.v);
	struct profile *p = load_ok(errno_getppid, PROFILE_FORMAT_OCI);
	struct run_options o = { 0 };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	size_t i = expect_class(&res, "getppid", CLASS_UNEXPECTED);
	assert_int_equal(res.obs.calls[i].action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(res.verdict.outcome, OUTCOME_PASSED_TOLERATED);
	assert_true(pipeline_failed(&res));
	pipeline_result_clear(&res);

	/* Listed: tolerated again. */
	assert_int_equal(strv_add(&w.j.expect.expected, "getppid"), 0);
	run_ok(&w, p, &o, &res);
	expect_class(&res, "getppid", CLASS_TOLERATED);
	assert_false(pipeline_failed(&res));
	pipeline_result_clear(&res);

	/* No list at all: tolerated too. */
	strv_clear(&w.j.expect.expected);
	w.j.expect.has_expected = false;
	run_ok(&w, p, &o, &res);
	expect_class(&res, "getppid", CLASS_TOLERATED);
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

/* A program that is gone by the time of the run: the launcher's execve
 * fails after the hand-off, so the run happens and ends in error. */
static void test_missing_program(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getpid", NULL });
	snprintf(w.j.path, sizeof(w.j.path), "%s",
		 "/nonexistent/scaudit-test/syscaller");
	struct profile *p = load_ok(allow_all, PROFILE_FORMAT_OCI);
	/* Notified: the launcher's calls are seen. */
	struct run_options o = { .usage = true,
				 .usage_backend = USAGE_BACKEND_NOTIFY };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_true(res.obs.exec_failed);
	assert_int_equal(res.obs.exec_errno, ENOENT);
	assert_int_equal(res.verdict.outcome, OUTCOME_ERROR);
	assert_non_null(strstr(res.verdict.reason, "could not be executed"));
	assert_true(pipeline_failed(&res));
	/* The workload never ran: the launcher's execve is all the use;
	 * its report of the failure (a write) is its own. */
	assert_true(find_call(&res, "getpid") < 0);
	assert_true(strv_contains(res.used.v, "execve"));
	assert_false(strv_contains(res.used.v, "write"));
	bool launcher_write = false;
	for (size_t i = 0; i < res.obs.n_calls; i++)
		launcher_write |= res.obs.calls[i].launcher &&
				  strcmp(res.obs.calls[i].name, "write") == 0;
	assert_true(launcher_write);
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);

	/* job_find_program refuses it before any run. */
	char *argv[] = { (char *)"/nonexistent/scaudit-test/syscaller", NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "gone", argv, &d), 0);
	assert_int_equal(job_find_program(&j, &d), -ENOENT);
	assert_non_null(strstr(d.message, "command not found"));
	job_clear(&j);
}

/* After a failed execve the launcher reports on the exec pipe and exits:
 * that exit_group is the launcher's, not the workload's, and no use of
 * the profile (usage.h: of the launcher's calls only execve is). */
static void test_failed_exec_exit_is_launchers(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	struct wl w;
	wl_init(&w, (const char *[]){ "getpid", NULL });
	snprintf(w.j.path, sizeof(w.j.path), "%s",
		 "/nonexistent/scaudit-test/syscaller");
	struct profile *p = load_ok(allow_all, PROFILE_FORMAT_OCI);
	/* Notified: the launcher's calls are seen. */
	struct run_options o = { .usage = true,
				 .usage_backend = USAGE_BACKEND_NOTIFY };
	struct pipeline_result res;
	run_ok(&w, p, &o, &res);
	assert_true(res.obs.exec_failed);
	bool workload_exit = find_call(&res, "exit_group") >= 0;
	bool used_exit = strv_contains(res.used.v, "exit_group");
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
	assert_false(workload_exit);
	assert_false(used_exit);
}

/* pipeline_run evaluates the profile under the job's caps. */
static const char admin_rule[] =
	"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [\n"
	" {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"  \"errnoRet\": 1, \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}}]}\n";

/* Run syscaller getppid under admin_rule with caps: the rule is active
 * (getppid denied) or not. A run the system cannot give those caps is
 * skipped, saying so. */
static void run_with_caps(const char *caps, bool active)
{
	struct wl w;
	wl_init(&w, (const char *[]){ "getppid", NULL });
	struct diag d = { 0 };
	assert_int_equal(job_set_caps(&w.j, "caps", caps, &d), 0);
	assert_true(w.j.set_caps);
	struct profile *p = load_ok(admin_rule, PROFILE_FORMAT_OCI);
	/* Evaluated the other way first: pipeline_run must redo it. */
	struct profile_env env = w.j.env;
	env.caps = active ? 0 : ~0ull;
	profile_evaluate(p, &env);
	assert_int_equal(p->rules[0].active, !active);
	struct run_options o = { 0 };
	struct pipeline_result res;
	struct run_error err;
	int r = pipeline_run(&w.j, p, &o, &res, &err);
	/* Evaluated before the run, whether it can happen or not. */
	assert_int_equal(p->rules[0].active, active);
	if (!active)
		assert_non_null(
			strstr(p->rules[0].inactive_reason, "CAP_SYS_ADMIN"));
	/* Only what this process lacks may keep it from granting them. */
	uint64_t held = 0;
	assert_int_equal(caps_current(&held), 0);
	uint64_t lacking = w.j.env.caps & ~held;
	if (r < 0 && err.failure == RUN_FAILED_SPAWN &&
	    err.spawn.stage == RUNNER_STAGE_CAPS && lacking) {
		profile_free(p);
		wl_clear(&w);
		print_message("skipped: this process lacks capabilities of "
			      "'%s' (mask %#llx) and cannot grant them: %s\n",
			      caps, (unsigned long long)lacking,
			      strerror(err.spawn.error));
		skip();
	}
	assert_int_equal(r, 0);
	if (active) {
		size_t i = expect_class(&res, "getppid", CLASS_TOLERATED);
		assert_int_equal(res.obs.calls[i].action.type,
				 PROFILE_ACT_ERRNO);
		assert_int_equal(res.verdict.outcome, OUTCOME_PASSED_TOLERATED);
	} else {
		assert_true(find_call(&res, "getppid") < 0);
		assert_int_equal(res.verdict.outcome, OUTCOME_PASSED);
	}
	pipeline_result_clear(&res);
	profile_free(p);
	wl_clear(&w);
}

static void skip_unless_root(const char *why)
{
	if (geteuid() != 0) {
		print_message("skipped: only root can %s\n", why);
		skip();
	}
}

static void test_caps_none(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	run_with_caps("none", false);
}

static void test_caps_all(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	skip_unless_root("grant the workload every capability");
	run_with_caps("all", true);
}

/* The one capability the rule needs is enough, where it can be given. */
static void test_caps_sys_admin(void **state)
{
	skip_if_valgrind(NEEDS_SECCOMP);
	skip_unless_root("grant the workload CAP_SYS_ADMIN");
	run_with_caps("CAP_SYS_ADMIN", true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tolerated),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_learn),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_usage_counted),
		cmocka_unit_test(test_repeat),
		cmocka_unit_test(test_repeat_stops_at_failure),
		cmocka_unit_test(test_expect_denied_blocked),
		cmocka_unit_test(test_expect_denied_escaped),
		cmocka_unit_test(test_expected_empty_list),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_failed_exec_exit_is_launchers),
		cmocka_unit_test(test_caps_none),
		cmocka_unit_test(test_caps_all),
		cmocka_unit_test(test_caps_sys_admin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
