/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <jansson.h>
#include <signal.h>

#include "profile-helpers.h"
#include "run-record.h"
#include "writer.h"

static struct obs_call call(const char *name, enum profile_action_type t,
			    bool launcher)
{
	static int pid = 4000;
	struct obs_call c = { .arch = SCMP_ARCH_X86_64,
			      .nr = 110,
			      .count = 2,
			      .launcher = launcher,
			      .pid = ++pid,
			      .tid = pid + 1,
			      .ip = 0x7f00123456789abcull,
			      .args = { ~0ull, 1, 2, 3, 4,
					0x8000000000000000ull },
			      .pids = { pid, pid + 10, pid + 20 },
			      .n_pids = 3 };
	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.exe, sizeof(c.exe), "/usr/bin/%s-caller", name);
	c.action = (struct profile_action){ t, t == PROFILE_ACT_ERRNO ? 1 : 0 };
	return c;
}

/* A run as pipeline_run makes it, by hand: obs and a verdict from
 * verdict_judge. */
struct fake {
	struct obs_call v[8];
	struct pipeline_result res;
	struct profile *p;
	struct job j;
};

static char *argv_run[] = { (char *)"/bin/prog", (char *)"--flag",
			    (char *)"arg with space", NULL };
static char *expected_list[] = { (char *)"getppid", (char *)"read", NULL };
static char *denied_list[] = { (char *)"ptrace", NULL };
static const char *const exe_table[] = { "/usr/bin/prog", "/bin/sh", "", NULL };

/* The calls: getppid denied by a kill (missing: a kill is always fatal in
 * production), mount denied and
 * outside the expected list (unexpected), read allowed (usage), ptrace
 * allowed though it had to be denied (escaped), the launcher's execve,
 * uname logged, and a call libseccomp has no name for. */
static void fake_init(struct fake *f, const char *profile,
		      enum profile_format fmt)
{
	memset(f, 0, sizeof(*f));
	f->v[0] = call("getppid", PROFILE_ACT_KILL_PROCESS, false);
	f->v[1] = call("mount", PROFILE_ACT_ERRNO, false);
	f->v[2] = call("read", PROFILE_ACT_ALLOW, false);
	f->v[3] = call("ptrace", PROFILE_ACT_ALLOW, false);
	f->v[4] = call("execve", PROFILE_ACT_ALLOW, true);
	f->v[5] = call("uname", PROFILE_ACT_LOG, false);
	f->v[6] = call("", PROFILE_ACT_KILL_PROCESS, false);
	f->v[6].nr = 999;
	f->v[6].fatal = true;
	/* Who made them: getppid a program and sh, once each; read an
	 * executable that could not be read; mount the program twice and
	 * 5 more calls of executables past the count. */
	f->v[0].exes[0] = (struct obs_exe_count){ 0, 1 };
	f->v[0].exes[1] = (struct obs_exe_count){ 1, 1 };
	f->v[0].n_exes = 2;
	f->v[1].exes[0] = (struct obs_exe_count){ 0, 2 };
	f->v[1].n_exes = 1;
	f->v[1].other_exes = 5;
	f->v[2].exes[0] = (struct obs_exe_count){ 2, 2 };
	f->v[2].n_exes = 1;
	struct observations *o = &f->res.obs;
	*o = (struct observations){ .exited = true,
				    .exit_code = 3,
				    .seconds = 1.25,
				    .notifications = 77,
				    .leftover = 2,
				    .calls = f->v,
				    .n_calls = 7,
				    .alloc = 8 };
	for (const char *const *x = exe_table; *x; x++)
		assert_int_equal(strv_add(&o->exes, *x), 0);
	struct verdict_expect e = { .exit_code = 0,
				    .denied = denied_list,
				    .expected = expected_list };
	assert_int_equal(verdict_judge(o, &e, &f->res.verdict), 0);
	const enum denial_class want[] = {
		CLASS_MISSING,	  CLASS_UNEXPECTED, CLASS_ALLOWED,
		CLASS_ESCAPED,	  CLASS_LAUNCHER,   CLASS_LOGGED,
		CLASS_UNEXPECTED,
	};
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(f->res.verdict.classes[i], want[i]);
	f->p = load_ok(profile, fmt);
	struct diag d = { 0 };
	assert_int_equal(job_init(&f->j, "the job", argv_run, &d), 0);
}

static void fake_clear(struct fake *f)
{
	verdict_clear(&f->res.verdict); /* obs.calls are f->v */
	strv_clear(&f->res.obs.exes);
	profile_free(f->p);
	job_clear(&f->j);
}

/* The path of executable k of c, made in r. */
static const char *exe_of(const struct run_record *r,
			  const struct record_call *c, size_t k)
{
	assert_true(k < c->n_exes);
	assert_true(c->exes[k].exe < r->exes.n);
	return r->exes.v[c->exes[k].exe];
}

static void assert_exes_from(const struct run_record *r,
			     const struct record_call *c,
			     const struct obs_call *o)
{
	assert_int_equal(c->n_exes, o->n_exes);
	assert_int_equal(c->other_exes, o->other_exes);
	for (size_t k = 0; k < o->n_exes; k++) {
		assert_string_equal(exe_of(r, c, k), exe_table[o->exes[k].exe]);
		assert_int_equal(c->exes[k].count, o->exes[k].count);
	}
}

static void assert_call_from(const struct record_call *c,
			     const struct obs_call *o, enum denial_class cls)
{
	assert_int_equal(c->cls, cls);
	assert_string_equal(c->name, o->name);
	assert_int_equal(c->nr, o->nr);
	assert_string_equal(c->arch, "x86_64");
	char action[64];
	profile_action_describe(o->action, action, sizeof(action));
	assert_string_equal(c->action, action);
	assert_int_equal(c->count, o->count);
	assert_int_equal(c->fatal, o->fatal);
	assert_int_equal(c->pid, o->pid);
	assert_int_equal(c->tid, o->tid);
	assert_string_equal(c->exe, o->exe);
	assert_int_equal(c->ip, o->ip);
	assert_memory_equal(c->args, o->args, sizeof(c->args));
	assert_int_equal(c->n_pids, o->n_pids);
	for (size_t k = 0; k < o->n_pids; k++)
		assert_int_equal(c->pids[k], o->pids[k]);
}

static void test_make_copies_fields(void **state)
{
	struct fake f;
	fake_init(&f, "getppid\nread\n", PROFILE_FORMAT_LIST);
	struct run_record r;
	assert_int_equal(run_record_make(f.p, &f.j, &f.res, false, &r), 0);
	assert_int_equal(r.command.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(r.command.v[i], argv_run[i]);
	assert_int_equal(r.outcome, f.res.verdict.outcome);
	assert_int_equal(r.outcome, OUTCOME_ESCAPED);
	assert_string_equal(r.reason, f.res.verdict.reason);
	assert_true(r.exited);
	assert_int_equal(r.exit_code, 3);
	assert_string_equal(r.signal, "");
	assert_true(r.seconds == 1.25);
	assert_int_equal(r.notifications, 77);
	assert_int_equal(r.leftover, 2);
	/* Every call, in observation order. */
	assert_int_equal(r.n_calls, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_call_from(&r.calls[i], &f.v[i],
				 f.res.verdict.classes[i]);
		assert_exes_from(&r, &r.calls[i], &f.v[i]);
	}
	assert_string_equal(r.calls[6].name, "");
	assert_int_equal(r.calls[6].nr, 999);
	assert_true(r.calls[6].fatal);
	assert_string_equal(r.calls[0].action, "kill-process");
	assert_string_equal(r.calls[2].action, "allow");
	run_record_clear(&r);
	assert_null(r.calls);
	assert_int_equal(r.command.n, 0);
	fake_clear(&f);
}

static void test_make_skip_allowed(void **state)
{
	struct fake f;
	fake_init(&f, "getppid\nread\n", PROFILE_FORMAT_LIST);
	struct run_record r;
	assert_int_equal(run_record_make(f.p, &f.j, &f.res, true, &r), 0);
	/* read (usage) and the launcher's allowed execve are left out; the
	 * escaped ptrace stays, and so does the logged uname (a LOG action
	 * is no plain allow). */
	const char *want[] = { "getppid", "mount", "ptrace", "uname", "" };
	const enum denial_class cls[] = { CLASS_MISSING, CLASS_UNEXPECTED,
					  CLASS_ESCAPED, CLASS_LOGGED,
					  CLASS_UNEXPECTED };
	assert_int_equal(r.n_calls, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(r.calls[i].name, want[i]);
		assert_int_equal(r.calls[i].cls, cls[i]);
	}
	assert_call_from(&r.calls[2], &f.v[3], CLASS_ESCAPED);
	run_record_clear(&r);
	fake_clear(&f);
}

static void check_fixes(const char *profile, enum profile_format fmt,
			const char *needle)
{
	struct fake f;
	fake_init(&f, profile, fmt);
	struct run_record r;
	assert_int_equal(run_record_make(f.p, &f.j, &f.res, false, &r), 0);
	assert_int_equal(r.n_calls, 7);
	for (size_t i = 0; i < r.n_calls; i++) {
		const struct record_call *c = &r.calls[i];
		if (c->cls != CLASS_MISSING && c->cls != CLASS_UNEXPECTED) {
			assert_string_equal(c->fix, "");
			continue;
		}
		/* A number libseccomp cannot name has no line to add. */
		char want[512];
		if (c->name[0])
			writer_fix_allow(f.p, c->name, want, sizeof(want));
		else
			writer_fix_unnamed(c->arch, c->nr, want, sizeof(want));
		assert_true(want[0]);
		assert_string_equal(c->fix, want);
	}
	assert_non_null(strstr(r.calls[0].fix, needle));
	assert_non_null(strstr(r.calls[0].fix, "getppid"));
	assert_non_null(strstr(r.calls[1].fix, "mount"));
	assert_non_null(
		strstr(r.calls[6].fix, "has no name for x86_64 syscall"));
	run_record_clear(&r);
	fake_clear(&f);
}

static void test_make_fix(void **state)
{
	check_fixes("getppid\nread\n", PROFILE_FORMAT_LIST,
		    "add the line 'getppid' to test");
	check_fixes("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		    " \"syscalls\": [\n"
		    "  {\"names\": [\"read\"], \"action\": "
		    "\"SCMP_ACT_ALLOW\"}]}\n",
		    PROFILE_FORMAT_OCI, "to the \"names\" at test:3");
}

static void test_make_signaled(void **state)
{
	struct obs_call v = call("brk", PROFILE_ACT_KILL_PROCESS, false);
	v.fatal = true;
	struct pipeline_result res = { 0 };
	res.obs = (struct observations){ .signaled = true,
					 .signal = SIGSYS,
					 .sigsys_ours = true,
					 .calls = &v,
					 .n_calls = 1,
					 .alloc = 1 };
	struct verdict_expect e = { 0 };
	assert_int_equal(verdict_judge(&res.obs, &e, &res.verdict), 0);
	struct profile *p = load_ok("read\n", PROFILE_FORMAT_LIST);
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "x", argv_run, &d), 0);
	struct run_record r;
	assert_int_equal(run_record_make(p, &j, &res, true, &r), 0);
	assert_int_equal(r.outcome, OUTCOME_KILLED);
	assert_false(r.exited);
	assert_string_equal(r.signal, "SYS");
	assert_int_equal(r.n_calls, 1);
	assert_true(r.calls[0].fatal);
	assert_int_equal(r.calls[0].cls, CLASS_MISSING);
	assert_string_equal(r.calls[0].fix, "add the line 'brk' to test");

	/* Not exited: exitCode null, and read back as not exited. */
	json_t *o = json_object();
	assert_int_equal(run_record_json(&r, o), 0);
	assert_true(json_is_null(json_object_get(o, "exitCode")));
	assert_string_equal(json_string_value(json_object_get(o, "signal")),
			    "SYS");
	struct run_record back;
	char why[256] = "";
	assert_int_equal(run_record_parse(o, &back, why, sizeof(why)), 0);
	assert_false(back.exited);
	assert_string_equal(back.signal, "SYS");
	assert_int_equal(back.outcome, OUTCOME_KILLED);
	run_record_clear(&back);
	json_decref(o);

	run_record_clear(&r);
	verdict_clear(&res.verdict);
	job_clear(&j);
	profile_free(p);
}

static void assert_records_equal(const struct run_record *a,
				 const struct run_record *b)
{
	assert_int_equal(a->command.n, b->command.n);
	for (size_t i = 0; i < a->command.n; i++)
		assert_string_equal(a->command.v[i], b->command.v[i]);
	assert_int_equal(a->outcome, b->outcome);
	assert_string_equal(a->reason, b->reason);
	assert_int_equal(a->exited, b->exited);
	assert_int_equal(a->exit_code, b->exit_code);
	assert_string_equal(a->signal, b->signal);
	assert_true(a->seconds == b->seconds);
	assert_int_equal(a->notifications, b->notifications);
	assert_int_equal(a->leftover, b->leftover);
	assert_int_equal(a->n_calls, b->n_calls);
	for (size_t i = 0; i < a->n_calls; i++) {
		const struct record_call *x = &a->calls[i], *y = &b->calls[i];
		assert_int_equal(x->cls, y->cls);
		assert_string_equal(x->name, y->name);
		assert_int_equal(x->nr, y->nr);
		assert_string_equal(x->arch, y->arch);
		assert_string_equal(x->action, y->action);
		assert_int_equal(x->count, y->count);
		assert_int_equal(x->fatal, y->fatal);
		assert_int_equal(x->pid, y->pid);
		assert_int_equal(x->tid, y->tid);
		assert_string_equal(x->exe, y->exe);
		assert_int_equal(x->ip, y->ip);
		assert_memory_equal(x->args, y->args, sizeof(x->args));
		assert_int_equal(x->n_pids, y->n_pids);
		assert_memory_equal(x->pids, y->pids,
				    x->n_pids * sizeof(x->pids[0]));
		assert_string_equal(x->fix, y->fix);
		/* The same paths, whatever their indexes. */
		assert_int_equal(x->n_exes, y->n_exes);
		assert_int_equal(x->other_exes, y->other_exes);
		for (size_t k = 0; k < x->n_exes; k++) {
			assert_string_equal(exe_of(a, x, k), exe_of(b, y, k));
			assert_int_equal(x->exes[k].count, y->exes[k].count);
		}
	}
}

static void test_json_round_trip(void **state)
{
	struct fake f;
	fake_init(&f, "getppid\nread\n", PROFILE_FORMAT_LIST);
	f.res.obs.seconds = 0.1 + 0.2; /* not exact in decimal */
	for (int skip = 0; skip < 2; skip++) {
		struct run_record r;
		assert_int_equal(
			run_record_make(f.p, &f.j, &f.res, skip == 1, &r), 0);
		json_t *o = json_object();
		assert_int_equal(run_record_json(&r, o), 0);
		/* Through text, as reports travel. */
		char *text = json_dumps(o, JSON_COMPACT);
		assert_non_null(text);
		json_decref(o);
		json_error_t je;
		o = json_loads(text, 0, &je);
		free(text);
		assert_non_null(o);
		assert_string_equal(
			json_string_value(json_object_get(o, "outcome")),
			"escaped");
		assert_int_equal(
			json_integer_value(json_object_get(o, "exitCode")), 3);
		json_t *den = json_object_get(o, "denials");
		assert_int_equal(json_array_size(den), r.n_calls);
		/* The unnamed call's name is null; only fixes are given. */
		json_t *last = json_array_get(den, r.n_calls - 1);
		assert_true(json_is_null(json_object_get(last, "name")));
		assert_string_equal(
			json_string_value(json_object_get(last, "class")),
			"unexpected");
		assert_null(json_object_get(json_array_get(den, 2), "fix"));
		assert_non_null(json_object_get(json_array_get(den, 0), "fix"));
		/* Who made getppid, mount and read (an unknown path: null). */
		json_t *ex = json_object_get(json_array_get(den, 0), "exes");
		assert_int_equal(json_array_size(ex), 2);
		assert_string_equal(json_string_value(json_object_get(
					    json_array_get(ex, 1), "path")),
				    "/bin/sh");
		assert_int_equal(json_integer_value(json_object_get(
					 json_array_get(ex, 1), "calls")),
				 1);
		json_t *mount = json_array_get(den, 1);
		assert_int_equal(json_integer_value(json_object_get(
					 mount, "otherExeCalls")),
				 5);
		assert_null(json_object_get(json_array_get(den, 0),
					    "otherExeCalls"));
		if (!skip) {
			ex = json_object_get(json_array_get(den, 2), "exes");
			assert_true(json_is_null(json_object_get(
				json_array_get(ex, 0), "path")));
		}

		struct run_record back;
		char why[256] = "";
		int e = run_record_parse(o, &back, why, sizeof(why));
		if (e < 0)
			print_error("refused: %s\n", why);
		assert_int_equal(e, 0);
		assert_records_equal(&r, &back);
		run_record_clear(&back);
		json_decref(o);
		run_record_clear(&r);
	}
	fake_clear(&f);
}

static void test_parse_refuses(void **state)
{
	const struct {
		const char *json;
		const char *why;
	} t[] = {
		{ "{}", "'outcome' must be an outcome" },
		{ "{\"reason\": \"x\"}", "'outcome' must be an outcome" },
		{ "{\"outcome\": \"great\"}", "'outcome' must be an outcome" },
		{ "{\"outcome\": 1}", "'outcome' must be an outcome" },
		{ "{\"outcome\": \"passed\", \"reason\": 3}",
		  "'reason' and 'signal' are strings" },
		{ "{\"outcome\": \"killed\", \"signal\": 31}",
		  "'reason' and 'signal' are strings" },
		{ "{\"outcome\": \"passed\", \"command\": [\"ls\", 1]}",
		  "'command' must hold strings" },
		{ "{\"outcome\": \"passed\", \"command\": [\"ls\", null]}",
		  "'command' must hold strings" },
		{ "{\"outcome\": \"passed\", \"command\": \"ls\"}",
		  "'command' must hold strings" },
		{ "{\"outcome\": \"passed\", \"exitCode\": \"3\"}",
		  "'exitCode' must be a number" },
		{ "{\"outcome\": \"passed\", \"exitCode\": 1.5}",
		  "'exitCode' must be a number" },
		{ "{\"outcome\": \"passed\", \"exitCode\": true}",
		  "'exitCode' must be a number" },
		{ "{\"outcome\": \"passed\", \"denials\": {}}",
		  "'denials' must be an array" },
		{ "{\"outcome\": \"passed\", \"denials\": \"read\"}",
		  "'denials' must be an array" },
		{ "{\"outcome\": \"passed\", \"denials\": [1]}",
		  "'denials' must be objects" },
		{ "{\"outcome\": \"passed\", \"denials\": [{\"name\": \"x\"}]}",
		  "'denials' must be objects" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"name\": 3}]}",
		  "'denials' must be objects" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"weird\", \"name\": \"read\"}]}",
		  "a denial's 'class' is not a class" },
		/* The second denial is the bad one: the first is let go. */
		{ "{\"outcome\": \"passed\", \"command\": [\"ls\"], "
		  "\"denials\": [{\"class\": \"missing\", \"name\": \"read\"}, "
		  "{\"class\": \"Missing\", \"name\": \"read\"}]}",
		  "a denial's 'class' is not a class" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"name\": \"read\", \"arch\": 1}]}",
		  "a denial's strings have the wrong type" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"fix\": []}]}",
		  "a denial's strings have the wrong type" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"nr\": \"0\"}]}",
		  "a denial's 'nr' must be a number" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"count\": 2.5}]}",
		  "a denial's 'count' must be a number" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"exes\": {}}]}",
		  "a denial's 'exes' must be an array" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"otherExeCalls\": \"1\"}]}",
		  "a denial's 'exes' must be an array and 'otherExeCalls'" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"exes\": [1]}]}",
		  "a denial's 'exes' must be objects" },
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"exes\": "
		  "[{\"path\": 1, \"calls\": 1}]}]}",
		  "a denial's 'exes' must be objects" },
		{ "{\"outcome\": \"passed\", \"usageBackend\": \"bpf\"}",
		  "'usageBackend' must be kernel, notify or null" },
		{ "{\"outcome\": \"passed\", \"usageBackend\": 1}",
		  "'usageBackend' must be kernel, notify or null" },
		{ "{\"outcome\": \"passed\", \"usageFallback\": []}",
		  "its 'usageFallback' a string" },
		/* The table was begun: freed all the same. */
		{ "{\"outcome\": \"passed\", \"denials\": "
		  "[{\"class\": \"missing\", \"exes\": "
		  "[{\"path\": \"/bin/sh\", \"calls\": 1}, "
		  "{\"path\": \"/bin/ls\"}]}]}",
		  "a denial's 'exes' must be objects" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		json_error_t je;
		json_t *o = json_loads(t[i].json, 0, &je);
		assert_non_null(o);
		struct run_record r;
		memset(&r, 0x5a, sizeof(r));
		char why[256] = "";
		int e = run_record_parse(o, &r, why, sizeof(why));
		if (e != -EINVAL || !strstr(why, t[i].why))
			print_error("%s: %d '%s'\n", t[i].json, e, why);
		assert_int_equal(e, -EINVAL);
		assert_non_null(strstr(why, t[i].why));
		/* Nothing is left to free. */
		assert_null(r.calls);
		assert_null(r.command.v);
		assert_null(r.exes.v);
		assert_int_equal(r.n_calls, 0);
		json_decref(o);
	}
}

static void test_parse_unnamed_denial(void **state)
{
	json_error_t je;
	json_t *o = json_loads(
		"{\"outcome\": \"failed\", \"exitCode\": 1, \"denials\": "
		"[{\"class\": \"missing\", \"name\": null, \"nr\": 999, "
		"\"arch\": \"x86_64\", \"count\": 4}, "
		"{\"class\": \"tolerated\", \"name\": \"getppid\"}]}",
		0, &je);
	assert_non_null(o);
	struct run_record r;
	char why[256] = "";
	assert_int_equal(run_record_parse(o, &r, why, sizeof(why)), 0);
	assert_int_equal(r.outcome, OUTCOME_FAILED);
	assert_true(r.exited);
	assert_int_equal(r.exit_code, 1);
	assert_int_equal(r.n_calls, 2);
	assert_string_equal(r.calls[0].name, "");
	assert_int_equal(r.calls[0].nr, 999);
	assert_int_equal(r.calls[0].cls, CLASS_MISSING);
	assert_string_equal(r.calls[0].arch, "x86_64");
	assert_int_equal(r.calls[0].count, 4);
	assert_true(record_call_is_finding(&r.calls[0]));
	assert_string_equal(r.calls[1].name, "getppid");
	assert_int_equal(r.calls[1].cls, CLASS_TOLERATED);
	assert_false(record_call_is_finding(&r.calls[1]));
	/* Reports from before "exes": none known. */
	assert_int_equal(r.calls[0].n_exes, 0);
	assert_int_equal(r.exes.n, 0);
	run_record_clear(&r);
	json_decref(o);
}

/* Paths parsed into one table; past OBS_MAX_EXES only the calls. */
static void test_parse_exes(void **state)
{
	char text[8192];
	int off = snprintf(text, sizeof(text),
			   "{\"outcome\": \"passed\", \"denials\": ["
			   "{\"class\": \"allowed\", \"name\": \"read\", "
			   "\"exes\": [{\"path\": \"/bin/sh\", \"calls\": 3}, "
			   "{\"path\": null, \"calls\": 1}]}, "
			   "{\"class\": \"allowed\", \"name\": \"close\", "
			   "\"otherExeCalls\": 4, \"exes\": [");
	for (int k = 0; k < OBS_MAX_EXES + 2; k++)
		off += snprintf(text + off, sizeof(text) - (size_t)off,
				"%s{\"path\": \"/bin/t%d\", \"calls\": %d}",
				k ? ", " : "", k, k + 1);
	snprintf(text + off, sizeof(text) - (size_t)off,
		 ", {\"path\": \"/bin/sh\", \"calls\": 100}]}]}");
	json_error_t je;
	json_t *o = json_loads(text, 0, &je);
	assert_non_null(o);
	struct run_record r;
	char why[256] = "";
	assert_int_equal(run_record_parse(o, &r, why, sizeof(why)), 0);
	assert_int_equal(r.calls[0].n_exes, 2);
	assert_string_equal(exe_of(&r, &r.calls[0], 0), "/bin/sh");
	assert_string_equal(exe_of(&r, &r.calls[0], 1), "");
	assert_int_equal(r.calls[0].exes[0].count, 3);
	assert_int_equal(r.calls[1].n_exes, OBS_MAX_EXES);
	/* 4, then t16 and t17's and sh's, past the cap. */
	assert_int_equal(r.calls[1].other_exes,
			 4 + (OBS_MAX_EXES + 1) + (OBS_MAX_EXES + 2) + 100);
	assert_int_equal(r.exes.n, 2 + OBS_MAX_EXES);
	run_record_clear(&r);
	json_decref(o);
}

static void test_parse_error_only(void **state)
{
	json_error_t je;
	json_t *o =
		json_loads("{\"outcome\":\"error\",\"reason\":\"x\"}", 0, &je);
	assert_non_null(o);
	struct run_record r;
	char why[256] = "";
	assert_int_equal(run_record_parse(o, &r, why, sizeof(why)), 0);
	assert_int_equal(r.outcome, OUTCOME_ERROR);
	assert_string_equal(r.reason, "x");
	assert_int_equal(r.command.n, 0);
	assert_null(r.command.v);
	assert_int_equal(r.n_calls, 0);
	assert_false(r.exited);
	assert_string_equal(r.signal, "");
	assert_true(r.seconds == 0);
	assert_int_equal(r.leftover, 0);
	/* Reports from before "usageBackend": not said. */
	assert_int_equal(r.usage, OBS_USAGE_NONE);
	assert_string_equal(r.usage_why, "");
	run_record_clear(&r);
	json_decref(o);
}

/* How the usage was seen, and why auto did not count it in the kernel:
 * written, and read back. */
static void test_usage_backend(void **state)
{
	static const struct {
		enum obs_usage how;
		const char *why, *name;
	} t[] = {
		{ OBS_USAGE_COUNTED, "", "kernel" },
		{ OBS_USAGE_NOTIFIED, "", "notify" },
		{ OBS_USAGE_NOTIFIED, "not root", "notify" },
		{ OBS_USAGE_NONE, "", NULL },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct fake f;
		fake_init(&f, "getppid\n", PROFILE_FORMAT_LIST);
		f.res.obs.usage = t[i].how;
		snprintf(f.res.obs.usage_why, sizeof(f.res.obs.usage_why), "%s",
			 t[i].why);
		struct run_record r;
		assert_int_equal(run_record_make(f.p, &f.j, &f.res, true, &r),
				 0);
		json_t *o = json_object();
		assert_int_equal(run_record_json(&r, o), 0);
		json_t *b = json_object_get(o, "usageBackend");
		if (t[i].name)
			assert_string_equal(json_string_value(b), t[i].name);
		else
			assert_true(json_is_null(b));
		json_t *fb = json_object_get(o, "usageFallback");
		if (t[i].why[0])
			assert_string_equal(json_string_value(fb), t[i].why);
		else
			assert_null(fb);
		struct run_record back;
		char why[256] = "";
		assert_int_equal(run_record_parse(o, &back, why, sizeof(why)),
				 0);
		assert_int_equal(back.usage, t[i].how);
		assert_string_equal(back.usage_why, t[i].why);
		run_record_clear(&back);
		run_record_clear(&r);
		json_decref(o);
		fake_clear(&f);
	}
}

static void test_is_finding(void **state)
{
	for (int c = 0; c < CLASS_MAX; c++) {
		struct record_call rc = { .cls = (enum denial_class)c };
		bool want = c == CLASS_MISSING || c == CLASS_UNEXPECTED ||
			    c == CLASS_ESCAPED;
		assert_int_equal(record_call_is_finding(&rc), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_make_copies_fields),
		cmocka_unit_test(test_make_skip_allowed),
		cmocka_unit_test(test_make_fix),
		cmocka_unit_test(test_make_signaled),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_parse_unnamed_denial),
		cmocka_unit_test(test_parse_error_only),
		cmocka_unit_test(test_usage_backend),
		cmocka_unit_test(test_parse_exes),
		cmocka_unit_test(test_is_finding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
