/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/capability.h>

#include "profile-helpers.h"
#include "syscalls.h"
#include "util.h"

static void test_format_names(void **state)
{
	static const struct {
		enum profile_format f;
		const char *name;
	} t[] = {
		{ PROFILE_FORMAT_AUTO, "auto" },
		{ PROFILE_FORMAT_LIST, "list" },
		{ PROFILE_FORMAT_OCI, "oci" },
		{ PROFILE_FORMAT_STRACE, "strace" },
		{ PROFILE_FORMAT_GO, "go" },
		{ PROFILE_FORMAT_C, "c" },
		{ PROFILE_FORMAT_SYSTEMD, "systemd" },
	};
	assert_int_equal(ARRAY_SIZE(t), PROFILE_FORMAT_MAX);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		assert_string_equal(profile_format_name(t[i].f), t[i].name);
		enum profile_format f = PROFILE_FORMAT_MAX;
		assert_int_equal(profile_format_parse(t[i].name, &f), 0);
		assert_int_equal(f, t[i].f);
	}
	assert_string_equal(profile_format_name(PROFILE_FORMAT_MAX), "?");
	assert_string_equal(profile_format_name((enum profile_format)77), "?");
}

static void test_format_parse(void **state)
{
	/* Aliases of OCI. */
	static const char *const oci[] = { "json", "docker", "oci" };
	for (size_t i = 0; i < ARRAY_SIZE(oci); i++) {
		enum profile_format f = PROFILE_FORMAT_AUTO;
		assert_int_equal(profile_format_parse(oci[i], &f), 0);
		assert_int_equal(f, PROFILE_FORMAT_OCI);
	}
	static const char *const bad[] = { "",	    "OCI", "JSON", "Docker",
					   "lists", "?",   "oci ", "yaml" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum profile_format f = PROFILE_FORMAT_STRACE;
		assert_int_equal(profile_format_parse(bad[i], &f), -EINVAL);
		assert_int_equal(f, PROFILE_FORMAT_STRACE); /* untouched */
	}
}

static const struct {
	enum profile_action_type t;
	const char *name, *oci;
	uint32_t scmp; /* for value 0 */
} actions[] = {
	{ PROFILE_ACT_ALLOW, "allow", "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
	{ PROFILE_ACT_ERRNO, "errno", "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0) },
	{ PROFILE_ACT_KILL_PROCESS, "kill-process", "SCMP_ACT_KILL_PROCESS",
	  SCMP_ACT_KILL_PROCESS },
	{ PROFILE_ACT_KILL_THREAD, "kill-thread", "SCMP_ACT_KILL_THREAD",
	  SCMP_ACT_KILL_THREAD },
	{ PROFILE_ACT_TRAP, "trap", "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
	{ PROFILE_ACT_LOG, "log", "SCMP_ACT_LOG", SCMP_ACT_LOG },
	{ PROFILE_ACT_NOTIFY, "notify", "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY },
	{ PROFILE_ACT_TRACE, "trace", "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0) },
};

static void test_action_names(void **state)
{
	assert_int_equal(ARRAY_SIZE(actions), PROFILE_ACT_MAX);
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		assert_string_equal(profile_action_name(actions[i].t),
				    actions[i].name);
		assert_string_equal(profile_action_oci_name(actions[i].t),
				    actions[i].oci);
		enum profile_action_type t = PROFILE_ACT_MAX;
		assert_int_equal(profile_action_parse_oci(actions[i].oci, &t),
				 0);
		assert_int_equal(t, actions[i].t);
	}
	assert_string_equal(profile_action_name(PROFILE_ACT_MAX), "?");
	assert_string_equal(profile_action_oci_name(PROFILE_ACT_MAX), "?");
}

static void test_action_parse_oci(void **state)
{
	/* libseccomp's SCMP_ACT_KILL kills the thread. */
	enum profile_action_type t = PROFILE_ACT_ALLOW;
	assert_int_equal(profile_action_parse_oci("SCMP_ACT_KILL", &t), 0);
	assert_int_equal(t, PROFILE_ACT_KILL_THREAD);

	static const char *const bad[] = {
		"",
		"allow",
		"ALLOW",
		"scmp_act_allow",
		"SCMP_ACT_ALLOW ",
		"SCMP_ACT_KILLX",
		"SCMP_ACT_ERRNO(1)",
		"SCMP_ACT_",
		"kill-thread",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		t = PROFILE_ACT_LOG;
		assert_int_equal(profile_action_parse_oci(bad[i], &t), -EINVAL);
		assert_int_equal(t, PROFILE_ACT_LOG);
	}
}

static void test_action_describe(void **state)
{
	static const struct {
		struct profile_action a;
		const char *want;
	} t[] = {
		{ { PROFILE_ACT_ALLOW, 0 }, "allow" },
		{ { PROFILE_ACT_ERRNO, EPERM }, "errno EPERM (1)" },
		{ { PROFILE_ACT_ERRNO, ENOSYS }, "errno ENOSYS (38)" },
		{ { PROFILE_ACT_ERRNO, 0 }, "errno 0" },
		{ { PROFILE_ACT_ERRNO, 4000 }, "errno 4000" },
		{ { PROFILE_ACT_ERRNO, 12345 }, "errno 12345" },
		{ { PROFILE_ACT_KILL_PROCESS, 0 }, "kill-process" },
		{ { PROFILE_ACT_KILL_THREAD, 0 }, "kill-thread" },
		{ { PROFILE_ACT_TRAP, 0 }, "trap" },
		{ { PROFILE_ACT_LOG, 0 }, "log" },
		{ { PROFILE_ACT_NOTIFY, 0 }, "notify" },
		{ { PROFILE_ACT_TRACE, 7 }, "trace 7" },
		{ { PROFILE_ACT_TRACE, 0 }, "trace 0" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char buf[64];
		profile_action_describe(t[i].a, buf, sizeof(buf));
		assert_string_equal(buf, t[i].want);
	}
	/* Cut to the buffer. */
	char small[6];
	profile_action_describe(
		(struct profile_action){ PROFILE_ACT_ERRNO, EPERM }, small,
		sizeof(small));
	assert_string_equal(small, "errno");
}

static void test_action_scmp(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		assert_int_equal(profile_action_scmp((struct profile_action){
					 actions[i].t, 0 }),
				 actions[i].scmp);
	static const struct {
		struct profile_action a;
		uint32_t want;
	} t[] = {
		{ { PROFILE_ACT_ERRNO, EPERM }, SCMP_ACT_ERRNO(EPERM) },
		{ { PROFILE_ACT_ERRNO, 4095 }, SCMP_ACT_ERRNO(4095) },
		{ { PROFILE_ACT_ERRNO, 0xffff }, SCMP_ACT_ERRNO(0xffff) },
		{ { PROFILE_ACT_TRACE, 42 }, SCMP_ACT_TRACE(42) },
		/* The value only counts for errno and trace. */
		{ { PROFILE_ACT_ALLOW, 5 }, SCMP_ACT_ALLOW },
		{ { PROFILE_ACT_KILL_THREAD, 5 }, SCMP_ACT_KILL_THREAD },
		/* Nonsense fails closed. */
		{ { PROFILE_ACT_MAX, 0 }, SCMP_ACT_KILL_PROCESS },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(profile_action_scmp(t[i].a), t[i].want);
	assert_int_equal(SCMP_ACT_ERRNO(EPERM) & 0xffff, EPERM);
}

static void test_arg_describe(void **state)
{
	static const struct {
		unsigned index;
		enum scmp_compare op;
		uint64_t value, value_two;
		const char *want;
	} t[] = {
		{ 0, SCMP_CMP_EQ, 8, 0, "arg0 == 0x8" },
		{ 1, SCMP_CMP_NE, 0, 0, "arg1 != 0" },
		{ 2, SCMP_CMP_LT, 16, 0, "arg2 < 0x10" },
		{ 3, SCMP_CMP_LE, 255, 0, "arg3 <= 0xff" },
		{ 4, SCMP_CMP_GE, 1, 0, "arg4 >= 0x1" },
		{ 5, SCMP_CMP_GT, UINT64_MAX, 0, "arg5 > 0xffffffffffffffff" },
		/* value is the mask, value_two what the masked bits equal. */
		{ 0, SCMP_CMP_MASKED_EQ, 0x7e020000, 0,
		  "(arg0 & 0x7e020000) == 0" },
		{ 1, SCMP_CMP_MASKED_EQ, 0xff, 0x8, "(arg1 & 0xff) == 0x8" },
		/* The value of EQ ignores value_two. */
		{ 2, SCMP_CMP_EQ, 3, 99, "arg2 == 0x3" },
		{ 3, (enum scmp_compare)0, 1, 0, "arg3 ?" },
		{ 4, (enum scmp_compare)99, 1, 0, "arg4 ?" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct profile_arg a = { .index = t[i].index,
					 .op = t[i].op,
					 .value = t[i].value,
					 .value_two = t[i].value_two };
		char buf[80];
		profile_arg_describe(&a, buf, sizeof(buf));
		assert_string_equal(buf, t[i].want);
	}
}

static void test_op(void **state)
{
	static const struct {
		enum scmp_compare op;
		const char *name;
	} t[] = {
		{ SCMP_CMP_NE, "SCMP_CMP_NE" },
		{ SCMP_CMP_LT, "SCMP_CMP_LT" },
		{ SCMP_CMP_LE, "SCMP_CMP_LE" },
		{ SCMP_CMP_EQ, "SCMP_CMP_EQ" },
		{ SCMP_CMP_GE, "SCMP_CMP_GE" },
		{ SCMP_CMP_GT, "SCMP_CMP_GT" },
		{ SCMP_CMP_MASKED_EQ, "SCMP_CMP_MASKED_EQ" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		assert_string_equal(profile_op_name(t[i].op), t[i].name);
		enum scmp_compare op = (enum scmp_compare)0;
		assert_int_equal(profile_op_parse(t[i].name, &op), 0);
		assert_int_equal(op, t[i].op);
	}
	assert_string_equal(profile_op_name((enum scmp_compare)0), "?");
	assert_string_equal(profile_op_name((enum scmp_compare)99), "?");
	static const char *const bad[] = {
		"",   "SCMP_CMP_EQUAL", "scmp_cmp_eq",
		"==", "SCMP_CMP_",	"SCMP_CMP_EQ "
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum scmp_compare op = SCMP_CMP_GT;
		assert_int_equal(profile_op_parse(bad[i], &op), -EINVAL);
		assert_int_equal(op, SCMP_CMP_GT);
	}
}

static void test_errno_parse(void **state)
{
	static const struct {
		const char *s;
		int r;
		uint32_t value;
	} t[] = {
		{ "EPERM", 0, EPERM },
		{ "ENOSYS", 0, ENOSYS },
		{ "E2BIG", 0, E2BIG },
		{ "EHWPOISON", 0, EHWPOISON },
		{ "EACCES", 0, EACCES },
		{ "0", 0, 0 },
		{ "1", 0, 1 },
		{ "38", 0, 38 },
		{ "0x26", 0, 38 },
		{ "4095", 0, 4095 },
		/* Beyond what any arch's errno reaches. */
		{ "4096", -ERANGE, 0 },
		{ "65535", -ERANGE, 0 },
		{ "99999999999999999999999", -ERANGE, 0 },
		/* Not names. */
		{ "eperm", -EINVAL, 0 },
		{ "EPERMX", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 },
		{ "SUCCESS", -EINVAL, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t v = 777;
		int r = profile_errno_parse(t[i].s, &v);
		if (r != t[i].r)
			print_error("'%s': %d, not %d\n", t[i].s, r, t[i].r);
		assert_int_equal(r, t[i].r);
		assert_int_equal(v, r == 0 ? t[i].value : 777);
	}
	/* A number with junk after it is refused too. */
	uint32_t v;
	assert_true(profile_errno_parse("38x", &v) < 0);
	assert_true(profile_errno_parse("1 ", &v) < 0);
}

static void test_errno_name(void **state)
{
	assert_string_equal(profile_errno_name(EPERM), "EPERM");
	assert_string_equal(profile_errno_name(ENOSYS), "ENOSYS");
	assert_null(profile_errno_name(0));
	assert_null(profile_errno_name(4000));
	/* Names and numbers meet. */
	for (uint32_t e = 1; e < 134; e++) {
		const char *n = profile_errno_name(e);
		if (!n)
			continue;
		uint32_t back;
		assert_int_equal(profile_errno_parse(n, &back), 0);
		assert_int_equal(back, e);
	}
}

static void test_detect(void **state)
{
	static const struct {
		const char *what, *text;
		size_t len; /* 0: strlen */
		enum profile_format want;
	} t[] = {
		{ "object", "{\"defaultAction\": \"SCMP_ACT_ERRNO\"}", 0,
		  PROFILE_FORMAT_OCI },
		{ "object after blanks", " \n\t\r\n{}", 0, PROFILE_FORMAT_OCI },
		{ "array", "[1]", 0, PROFILE_FORMAT_OCI },
		{ "list", "read\nwrite\n", 0, PROFILE_FORMAT_LIST },
		{ "list, comment first", "# {json}\nread\n", 0,
		  PROFILE_FORMAT_LIST },
		{ "empty", "", 0, PROFILE_FORMAT_LIST },
		{ "strace header",
		  "% time     seconds  usecs/call     calls    errors syscall\n",
		  0, PROFILE_FORMAT_STRACE },
		{ "strace after the workload's output",
		  "hello\nworld {\n% time     seconds  usecs/call     calls "
		  "errors syscall\n------ ----------- -------\n",
		  0, PROFILE_FORMAT_STRACE },
		{ "strace dashes only", "output\n------ ----------- -----\n", 0,
		  PROFILE_FORMAT_STRACE },
		{ "% time not at a line start", "read % time\n", 0,
		  PROFILE_FORMAT_LIST },
		{ "dashes not at a line start", "x ------ ----\n", 0,
		  PROFILE_FORMAT_LIST },
		/* Only the first len bytes count. */
		{ "object past len", "   {}", 3, PROFILE_FORMAT_LIST },
		{ "header cut by len", "x\n% time", 7, PROFILE_FORMAT_LIST },
		{ "dashes cut by len", "------ ----", 10, PROFILE_FORMAT_LIST },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		size_t len = t[i].len ? t[i].len : strlen(t[i].text);
		enum profile_format f = profile_detect(t[i].text, len);
		if (f != t[i].want)
			print_error("case '%s': %s\n", t[i].what,
				    profile_format_name(f));
		assert_int_equal(f, t[i].want);
	}
	/* The strace fixture with output before its table. */
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(util_read_file(FIXTURE("with-output.strace"),
					UTIL_MAX_FILE_SIZE, &text, &len),
			 0);
	assert_int_equal(profile_detect(text, len), PROFILE_FORMAT_STRACE);
	free(text);
}

static const struct profile_action kill_process = { PROFILE_ACT_KILL_PROCESS,
						    0 };

static void test_new_and_build(void **state)
{
	struct profile *p = NULL;
	char name[] = "recorded";
	assert_int_equal(profile_new(name, PROFILE_FORMAT_LIST,
				     (struct profile_action){ PROFILE_ACT_ERRNO,
							      ENOSYS },
				     &p),
			 0);
	name[0] = 'X'; /* copied */
	assert_string_equal(p->path, "recorded");
	assert_int_equal(p->format, PROFILE_FORMAT_LIST);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(p->default_action.value, ENOSYS);
	assert_ptr_equal(p->default_loc.file, p->path);
	assert_int_equal(p->default_loc.line, 0);
	assert_int_equal(p->n_rules, 0);
	assert_null(p->doc);
	assert_int_equal(profile_count_names(p), 0);

	/* A new rule is zeroed but active. */
	struct profile_rule *r = profile_add_rule(p);
	assert_non_null(r);
	assert_int_equal(p->n_rules, 1);
	assert_true(r->active);
	assert_int_equal(r->n_names, 0);
	assert_int_equal(r->n_args, 0);
	assert_null(r->comment);
	assert_int_equal(r->action.type, PROFILE_ACT_ALLOW);
	assert_string_equal(r->inactive_reason, "");

	char nm[] = "read";
	struct profile_name *n = profile_rule_add_name(
		r, nm, (struct profile_loc){ p->path, 3, 5 });
	assert_non_null(n);
	nm[0] = 'X'; /* copied */
	assert_string_equal(n->name, "read");
	assert_int_equal(n->loc.line, 3);
	assert_int_equal(n->loc.column, 5);
	assert_ptr_equal(n->loc.file, p->path);
	assert_true(n->calls == 0 && n->errors == 0);
	assert_non_null(
		profile_rule_add_name(r, "write", (struct profile_loc){ 0 }));

	struct profile_arg *a = profile_rule_add_arg(r);
	assert_non_null(a);
	assert_int_equal(r->n_args, 1);
	assert_int_equal(a->index, 0);
	assert_true(a->value == 0);

	r = profile_add_rule(p);
	assert_non_null(
		profile_rule_add_name(r, "read", (struct profile_loc){ 0 }));
	assert_int_equal(profile_count_names(p), 3);

	/* Every name in order, repeats too, after what was there. */
	cleanup_strv struct strv s = STRV_INIT;
	assert_int_equal(strv_add(&s, "before"), 0);
	assert_int_equal(profile_names(p, &s), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.v[0], "before");
	assert_string_equal(s.v[1], "read");
	assert_string_equal(s.v[2], "write");
	assert_string_equal(s.v[3], "read");
	profile_free(p);
	profile_free(NULL);
}

static void test_many_rules(void **state)
{
	/* Rules move as they grow: indices hold. */
	struct profile *p = NULL;
	assert_int_equal(
		profile_new("many", PROFILE_FORMAT_LIST, kill_process, &p), 0);
	for (size_t i = 0; i < 1000; i++) {
		struct profile_rule *r = profile_add_rule(p);
		assert_non_null(r);
		r->loc.line = (unsigned)i + 1;
		for (size_t j = 0; j <= i % 3; j++) {
			char name[32];
			snprintf(name, sizeof(name), "n%zu_%zu", i, j);
			assert_non_null(profile_rule_add_name(
				r, name,
				(struct profile_loc){ p->path, (unsigned)i + 1,
						      (unsigned)j + 1 }));
		}
	}
	assert_int_equal(p->n_rules, 1000);
	assert_true(p->rules_alloc >= 1000);
	size_t total = 0;
	for (size_t i = 0; i < 1000; i++) {
		assert_int_equal(p->rules[i].loc.line, i + 1);
		assert_int_equal(p->rules[i].n_names, i % 3 + 1);
		total += i % 3 + 1;
		char name[32];
		snprintf(name, sizeof(name), "n%zu_%zu", i, i % 3);
		assert_string_equal(p->rules[i].names[i % 3].name, name);
	}
	assert_int_equal(profile_count_names(p), total);
	cleanup_strv struct strv s = STRV_INIT;
	assert_int_equal(profile_names(p, &s), 0);
	assert_int_equal(s.n, total);
	assert_string_equal(s.v[0], "n0_0");
	assert_string_equal(s.v[total - 1], "n999_0");
	profile_free(p);
}

/* A profile of one rule, "read", with what set adds. */
static struct profile *one_rule(void (*set)(struct profile_rule *))
{
	struct profile *p = NULL;
	assert_int_equal(
		profile_new("mem", PROFILE_FORMAT_OCI, kill_process, &p), 0);
	struct profile_rule *r = profile_add_rule(p);
	assert_non_null(r);
	assert_non_null(
		profile_rule_add_name(r, "read", (struct profile_loc){ 0 }));
	if (set)
		set(r);
	return p;
}

static void set_arg(struct profile_rule *r)
{
	assert_non_null(profile_rule_add_arg(r));
}
static void set_inc_cap(struct profile_rule *r)
{
	assert_int_equal(strv_add(&r->includes.caps, "CAP_SYS_ADMIN"), 0);
	r->includes.cap_values = calloc(1, sizeof(int));
	assert_non_null(r->includes.cap_values);
	r->includes.cap_values[0] = CAP_SYS_ADMIN;
}
static void set_exc_cap(struct profile_rule *r)
{
	assert_int_equal(strv_add(&r->excludes.caps, "CAP_SYS_ADMIN"), 0);
	r->excludes.cap_values = calloc(1, sizeof(int));
	assert_non_null(r->excludes.cap_values);
	r->excludes.cap_values[0] = CAP_SYS_ADMIN;
}
static void set_inc_arch(struct profile_rule *r)
{
	assert_int_equal(strv_add(&r->includes.arches, "amd64"), 0);
}
static void set_exc_arch(struct profile_rule *r)
{
	assert_int_equal(strv_add(&r->excludes.arches, "x86"), 0);
}
static void set_inc_kernel(struct profile_rule *r)
{
	r->includes.min_kernel = strdup("4.8");
	assert_non_null(r->includes.min_kernel);
	r->includes.min_kernel_major = 4;
	r->includes.min_kernel_minor = 8;
}
static void set_not_conditions(struct profile_rule *r)
{
	/* The action, the comment and more names are no conditions. */
	r->action = (struct profile_action){ PROFILE_ACT_ERRNO, EPERM };
	r->comment = strdup("a comment");
	assert_non_null(r->comment);
	assert_non_null(
		profile_rule_add_name(r, "write", (struct profile_loc){ 0 }));
}

static void test_unconditional(void **state)
{
	static const struct {
		const char *what;
		void (*set)(struct profile_rule *);
		bool want;
	} t[] = {
		{ "bare", NULL, true },
		{ "action, comment, names", set_not_conditions, true },
		{ "an argument", set_arg, false },
		{ "includes.caps", set_inc_cap, false },
		{ "excludes.caps", set_exc_cap, false },
		{ "includes.arches", set_inc_arch, false },
		{ "excludes.arches", set_exc_arch, false },
		{ "includes.minKernel", set_inc_kernel, false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct profile *p = one_rule(t[i].set);
		if (profile_rule_unconditional(&p->rules[0]) != t[i].want)
			print_error("case '%s'\n", t[i].what);
		assert_int_equal(profile_rule_unconditional(&p->rules[0]),
				 t[i].want);
		profile_free(p);
	}

	/* And the same from a loaded profile. */
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
		"{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"includes\": {}, \"excludes\": {}, \"args\": []},\n"
		"{\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"args\": [{\"index\": 0, \"value\": 1, \"op\": "
		"\"SCMP_CMP_EQ\"}]}]}\n",
		PROFILE_FORMAT_OCI);
	assert_true(profile_rule_unconditional(&p->rules[0]));
	/* Empty includes and excludes hold nothing. */
	assert_true(profile_rule_unconditional(&p->rules[1]));
	assert_false(profile_rule_unconditional(&p->rules[2]));
	profile_free(p);
}

static void test_unconditional_excludes_min_kernel(void **state)
{
	/* An exclude on the kernel is a condition too. */
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
		"\"excludes\": {\"minKernel\": \"5.0\"}}]}\n",
		PROFILE_FORMAT_OCI);
	assert_non_null(p->rules[0].excludes.min_kernel);
	bool unconditional = profile_rule_unconditional(&p->rules[0]);
	profile_free(p);
	assert_false(unconditional);
}

static void test_alternatives(void **state)
{
	static const struct {
		const char *what;
		unsigned index[4];
		size_t n;
		bool want;
	} t[] = {
		{ "no args", { 0 }, 0, false },
		{ "one arg", { 0 }, 1, false },
		{ "different args", { 0, 1, 2 }, 3, false },
		{ "two on arg0", { 0, 0 }, 2, true },
		{ "arg2 again at the end", { 2, 1, 0, 2 }, 4, true },
		{ "arg5 twice", { 5, 4, 5 }, 3, true },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct profile *p = one_rule(NULL);
		struct profile_rule *r = &p->rules[0];
		for (size_t k = 0; k < t[i].n; k++) {
			struct profile_arg *a = profile_rule_add_arg(r);
			assert_non_null(a);
			a->index = t[i].index[k];
			a->op = SCMP_CMP_EQ;
			a->value = k;
		}
		if (profile_rule_alternatives(r) != t[i].want)
			print_error("case '%s'\n", t[i].what);
		assert_int_equal(profile_rule_alternatives(r), t[i].want);
		profile_free(p);
	}
}

static void test_load_bom(void **state)
{
	/* A list behind a byte order mark: the mark is no part of line 1. */
	struct profile *p =
		load_ok("\xef\xbb\xbfread\nwrite\n", PROFILE_FORMAT_AUTO);
	assert_int_equal(p->format, PROFILE_FORMAT_LIST);
	assert_int_equal(p->n_rules, 2);
	assert_string_equal(p->rules[0].names[0].name, "read");
	assert_int_equal(p->rules[0].names[0].loc.line, 1);
	assert_int_equal(p->rules[0].names[0].loc.column, 1);
	/* The text kept for writers has no mark either. */
	assert_string_equal(p->text, "read\nwrite\n");
	profile_free(p);

	/* JSON behind one is detected as JSON. */
	p = load_ok("\xef\xbb\xbf{\"defaultAction\": \"SCMP_ACT_ALLOW\"}",
		    PROFILE_FORMAT_AUTO);
	assert_int_equal(p->format, PROFILE_FORMAT_OCI);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ALLOW);
	assert_int_equal(p->default_loc.line, 1);
	assert_int_equal(p->default_loc.column, 19);
	profile_free(p);

	static const struct bad_input bad[] = {
		/* A mark alone leaves an empty list. */
		{ "mark only", "\xef\xbb\xbf", 0, 0, 0, "no syscall names" },
		/* Half a mark is binary. */
		{ "half a mark", "\xef\xbbread\n", 0, 1, 1,
		  "binary data (byte 0xef), not a text profile" },
		/* Only at the start: later it is a character of a name. */
		{ "mark on line 2", "read\n\xef\xbb\xbfwrite\n", 0, 2, 1,
		  "is not a syscall name" },
	};
	check_bad_inputs(bad, ARRAY_SIZE(bad), PROFILE_FORMAT_AUTO);
}

static void test_load_unknown_names(void **state)
{
	static const struct bad_input list[] = {
		{ "typo", "read\nopnat\n", 0, 2, 1,
		  "unknown syscall 'opnat' — did you mean 'openat'?" },
		{ "several", "read\n  wrtie\nopnat\nfrobnicate_zz\n", 0, 2, 3,
		  "unknown syscall 'wrtie' (and 2 more unknown names: "
		  "'scaudit lint' lists them all) — did you mean 'write'?" },
	};
	check_bad_inputs(list, ARRAY_SIZE(list), PROFILE_FORMAT_LIST);
	static const struct bad_input oci[] = {
		{ "typo in JSON",
		  "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		  "{\"names\": [\"read\", \"getpd\"], \"action\": "
		  "\"SCMP_ACT_ALLOW\"}]}\n",
		  0, 2, 20,
		  "unknown syscall 'getpd' — did you mean 'getpid'?" },
	};
	check_bad_inputs(oci, ARRAY_SIZE(oci), PROFILE_FORMAT_OCI);

	/* Nothing close: no hint. */
	struct profile *p = NULL;
	struct diag d = { 0 };
	const char *far = "read\nqqqqqqqqqqqqqqqqqqqq\n";
	assert_int_equal(profile_load_buffer("far", far, strlen(far),
					     PROFILE_FORMAT_LIST, 0, &p, &d),
			 -EINVAL);
	assert_null(p);
	assert_string_equal(d.message,
			    "unknown syscall 'qqqqqqqqqqqqqqqqqqqq'");
	assert_string_equal(d.hint, "");

	/* Kept when asked to (lint). */
	p = NULL;
	assert_int_equal(profile_load_buffer("keep", far, strlen(far),
					     PROFILE_FORMAT_LIST,
					     PROFILE_LOAD_KEEP_UNKNOWN, &p, &d),
			 0);
	assert_non_null(find_name(p, "qqqqqqqqqqqqqqqqqqqq"));
	profile_free(p);
}

static void test_load_newer_names(void **state)
{
	/* A name newer than libseccomp is no typo. */
	assert_true(syscalls_known("mseal") ||
		    syscalls_newer_than_libseccomp("mseal"));
	struct profile *p = load_ok("read\nmseal\n", PROFILE_FORMAT_LIST);
	assert_non_null(find_name(p, "mseal"));
	profile_free(p);
}

static void test_load_buffer(void **state)
{
	/* The buffer need not be NUL-terminated: len counts. */
	const char text[] = "read\nwrite\nopnat\n";
	struct profile *p = NULL;
	struct diag d;
	memset(&d, 'x', sizeof(d));
	assert_int_equal(profile_load_buffer("cut", text, 11,
					     PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_int_equal(p->n_rules, 2);
	assert_string_equal(p->text, "read\nwrite\n");
	assert_string_equal(p->path, "cut");
	assert_ptr_equal(p->rules[0].loc.file, p->path);
	/* Success leaves a clean diag. */
	assert_string_equal(d.file, "cut");
	assert_string_equal(d.message, "");
	assert_string_equal(d.hint, "");
	/* Evaluated for this machine, with every capability. */
	assert_true(p->n_arches >= 1);
	assert_int_equal(p->arches[0], syscalls_native_arch());
	assert_true(p->rules[0].active);
	profile_free(p);

	static const struct bad_input bad[] = {
		{ "NUL", "read\nwr\0te\n", 11, 2, 3,
		  "binary data (byte 0x00), not a text profile — give a plain "
		  "list, an OCI/Docker JSON profile, a 'strace -c' table, a Go "
		  "or C file or a systemd unit" },
		{ "invalid UTF-8", "read\n\xff\n", 0, 2, 1, "byte 0xff" },
	};
	check_bad_inputs(bad, ARRAY_SIZE(bad), PROFILE_FORMAT_AUTO);
}

/* The formats people write by hand, told apart by content; what was
 * detected before stays so. */
static void test_detect_hand_written(void **state)
{
	static const struct {
		const char *text;
		enum profile_format f;
	} t[] = {
		{ "package main\n", PROFILE_FORMAT_GO },
		{ "// x\n\npackage seccomp // y\n", PROFILE_FORMAT_GO },
		{ "var s = []string{\"read\"}\n", PROFILE_FORMAT_GO },
		{ "[]string { \"read\" }", PROFILE_FORMAT_GO },
		{ "static const char *s[] = { \"read\" };\n",
		  PROFILE_FORMAT_C },
		{ "char* s[]={\"read\"};\n", PROFILE_FORMAT_C },
		{ "int s[] = { SCMP_SYS(read) };\n", PROFILE_FORMAT_C },
		{ "[Unit]\nA=b\n[Service]\nX=y\n", PROFILE_FORMAT_SYSTEMD },
		{ "SystemCallFilter=read\n", PROFILE_FORMAT_SYSTEMD },
		{ "  SystemCallFilter = ~read\n", PROFILE_FORMAT_SYSTEMD },
		/* Unchanged. */
		{ "read\n# package main\n", PROFILE_FORMAT_LIST },
		{ "package\n", PROFILE_FORMAT_LIST },
		{ "[\"read\"]", PROFILE_FORMAT_OCI },
		{ "{\"SystemCallFilter=\": 1}", PROFILE_FORMAT_OCI },
		{ "read\nwrite\n", PROFILE_FORMAT_LIST },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		enum profile_format f =
			profile_detect(t[i].text, strlen(t[i].text));
		if (f != t[i].f)
			print_error("'%s': %s\n", t[i].text,
				    profile_format_name(f));
		assert_int_equal(f, t[i].f);
	}
}

/* "-" is standard input, named <stdin>, detected from content. */
static void test_load_stdin(void **state)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	const char text[] = "var s = []string{\n\t\"read\",\n\t\"wrte\",\n}\n";
	assert_int_equal(write(fds[1], text, strlen(text)),
			 (ssize_t)strlen(text));
	close(fds[1]);
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	struct profile *p = NULL;
	struct diag d = { 0 };
	int r = profile_load("-", PROFILE_FORMAT_AUTO, 0, &p, &d);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_int_equal(r, -EINVAL);
	assert_null(p);
	assert_string_equal(d.file, "<stdin>");
	assert_int_equal(d.line, 3);
	assert_int_equal(d.column, 2);
	assert_non_null(strstr(d.hint, "did you mean 'write'?"));
}

static void test_load_file(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("seed-go.list"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_string_equal(p->path, FIXTURE("seed-go.list"));
	assert_int_equal(p->format, PROFILE_FORMAT_LIST);
	profile_free(p);

	p = NULL;
	assert_int_equal(profile_load(FIXTURE("no-such.list"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 -ENOENT);
	assert_null(p);
	assert_string_equal(d.file, FIXTURE("no-such.list"));
	assert_int_equal(d.line, 0);
	assert_non_null(strstr(d.message, "cannot read"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_action_parse_oci),
		cmocka_unit_test(test_action_describe),
		cmocka_unit_test(test_action_scmp),
		cmocka_unit_test(test_arg_describe),
		cmocka_unit_test(test_op),
		cmocka_unit_test(test_errno_parse),
		cmocka_unit_test(test_errno_name),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_new_and_build),
		cmocka_unit_test(test_many_rules),
		cmocka_unit_test(test_unconditional),
		cmocka_unit_test(test_unconditional_excludes_min_kernel),
		cmocka_unit_test(test_alternatives),
		cmocka_unit_test(test_load_bom),
		cmocka_unit_test(test_load_unknown_names),
		cmocka_unit_test(test_load_newer_names),
		cmocka_unit_test(test_load_buffer),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_detect_hand_written),
		cmocka_unit_test(test_load_stdin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
