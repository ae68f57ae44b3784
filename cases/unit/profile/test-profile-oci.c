/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <jansson.h>

#include <sys/capability.h>

#include "caps.h"
#include "profile-helpers.h"

static struct profile *load_fixture(const char *path)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	int r = profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, &d);
	if (r < 0)
		print_error("%s:%u: %s\n", d.file, d.line, d.message);
	assert_int_equal(r, 0);
	return p;
}

static void test_small(void **state)
{
	struct profile *p = load_fixture(FIXTURE("small.json"));
	assert_int_equal(p->format, PROFILE_FORMAT_OCI);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(p->default_action.value, EPERM);
	assert_int_equal(p->default_loc.line, 2);
	assert_int_equal(p->n_rules, 1);
	assert_int_equal(p->rules[0].n_names, 4);
	assert_int_equal(p->rules[0].loc.line, 4);
	assert_int_equal(p->rules[0].loc.column, 5);
	assert_int_equal(p->rules[0].names[2].loc.line, 5);
	assert_int_equal(p->rules[0].names[2].loc.column, 34);
	profile_free(p);
}

static void test_docker_style(void **state)
{
	struct profile *p = load_fixture(FIXTURE("docker-style.json"));
	assert_int_equal(p->n_archmap, 3);
	assert_string_equal(p->archmap[0].arch, "SCMP_ARCH_X86_64");
	assert_int_equal(p->archmap[0].subs.n, 2);
	assert_int_equal(p->archmap[2].subs.n, 0); /* null */
	assert_int_equal(p->flags.n, 1);

	const struct profile_name *n = find_name(p, "read");
	assert_int_equal(n->loc.line, 23);
	assert_int_equal(n->loc.column, 9);

	const struct profile_rule *r = find_rule(p, "personality");
	assert_int_equal(r->n_args, 1);
	assert_int_equal(r->args[0].index, 0);
	assert_int_equal(r->args[0].op, SCMP_CMP_EQ);
	assert_int_equal(r->args[0].value, 8);
	assert_int_equal(r->args[0].loc.line, 38);

	r = find_rule(p, "clone");
	assert_int_equal(r->args[0].op, SCMP_CMP_MASKED_EQ);
	assert_int_equal(r->args[0].value, 2114060288);
	assert_int_equal(r->excludes.caps.n, 1);
	assert_int_equal(r->excludes.cap_values[0], CAP_SYS_ADMIN);
	assert_int_equal(r->excludes.arches.n, 2);

	r = find_rule(p, "clone3");
	assert_int_equal(r->action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(r->action.value, ENOSYS);
	assert_string_equal(r->comment, "glibc falls back to clone on ENOSYS");

	r = find_rule(p, "membarrier");
	assert_string_equal(r->includes.min_kernel, "4.14");
	assert_int_equal(r->includes.min_kernel_major, 4);
	assert_int_equal(r->includes.min_kernel_minor, 14);

	/* Unknown keys stay in the document for writers. */
	assert_string_equal(
		json_string_value(json_object_get(p->doc, "x-owner")),
		"platform-team");
	json_t *rule0 = json_array_get(json_object_get(p->doc, "syscalls"), 0);
	assert_string_equal(
		json_string_value(json_object_get(rule0, "x-ticket")),
		"SEC-42");
	profile_free(p);
}

static void test_evaluate(void **state)
{
	struct profile *p = load_fixture(FIXTURE("docker-style.json"));
	struct profile_env env = { .arch = SCMP_ARCH_X86_64,
				   .caps = caps_docker(),
				   .kernel_major = 6,
				   .kernel_minor = 1 };
	profile_evaluate(p, &env);
	assert_int_equal(p->n_arches, 3);
	assert_int_equal(p->arches[1], SCMP_ARCH_X86);
	assert_true(find_rule(p, "clone")->active);
	assert_true(find_rule(p, "clone3")->active);
	assert_false(find_rule(p, "mount")->active);
	assert_string_equal(find_rule(p, "mount")->inactive_reason,
			    "needs CAP_SYS_ADMIN");
	assert_false(find_rule(p, "arm_fadvise64_64")->active);
	assert_true(find_rule(p, "membarrier")->active);
	assert_false(find_rule(p, "futex_waitv")->active);

	/* With CAP_SYS_ADMIN the clone rules swap. */
	env.caps |= 1ull << CAP_SYS_ADMIN;
	profile_evaluate(p, &env);
	assert_false(find_rule(p, "clone")->active);
	assert_false(find_rule(p, "clone3")->active);
	assert_true(find_rule(p, "mount")->active);

	/* On arm64 the archMap gives aarch64 + arm, and the arm rule on. */
	env.arch = SCMP_ARCH_AARCH64;
	env.kernel_major = 4;
	env.kernel_minor = 9;
	profile_evaluate(p, &env);
	assert_int_equal(p->n_arches, 2);
	assert_int_equal(p->arches[1], SCMP_ARCH_ARM);
	assert_true(find_rule(p, "arm_fadvise64_64")->active);
	assert_false(find_rule(p, "membarrier")->active);
	profile_free(p);
}

static void test_old_format(void **state)
{
	struct profile *p = load_fixture(FIXTURE("old-format.json"));
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_THREAD);
	assert_int_equal(p->architectures.n, 2);
	assert_int_equal(p->n_rules, 3);
	assert_string_equal(p->rules[2].names[0].name, "ptrace");
	assert_int_equal(p->rules[2].names[0].loc.line, 19);
	assert_int_equal(p->rules[2].action.value, EPERM);
	assert_int_equal(p->n_arches, 2);
	profile_free(p);
}

static void test_oci_config(void **state)
{
	struct profile *p = load_fixture(FIXTURE("oci-config.json"));
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(find_rule(p, "getppid")->action.type,
			 PROFILE_ACT_NOTIFY);
	assert_int_equal(find_rule(p, "uname")->action.type, PROFILE_ACT_LOG);
	assert_int_equal(find_name(p, "read")->loc.line, 13);
	profile_free(p);
}

#define TOP "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [\n"
#define RULE(body) TOP "    {\n" body "    }\n  ]\n}\n"
#define ARG(x)                                                                                                    \
	RULE("      \"names\": [\"read\"],\n      \"action\": \"SCMP_ACT_ALLOW\",\n      \"args\": [\n        " x \
	     "\n      ]\n")

static const struct bad_input bad[] = {
	{ "truncated", "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"sys",
	  0, 3, 0, "truncated" },
	{ "top-level array", "[\n]\n", 0, 1, 1, "must be an object" },
	{ "too big integer",
	  ARG("{ \"index\": 0, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\" }"),
	  0, 8, 0, "9223372036854775807" },
	{ "real overflow", TOP "  ],\n  \"defaultErrnoRet\": 1e400\n}\n", 0, 5,
	  0, "no errno, index or argument value is that large" },
	{ "escaped NUL", RULE("      \"names\": [\"read\\u0000\"]\n"), 0, 5, 0,
	  "cannot hold a NUL character" },
	{ "missing defaultAction", "{\n  \"syscalls\": []\n}\n", 0, 1, 1,
	  "missing 'defaultAction'" },
	{ "wrong case", "{\n  \"defaultaction\": \"SCMP_ACT_ERRNO\"\n}\n", 0, 2,
	  20, "did you mean 'defaultAction'?" },
	{ "wrong type", "{\n  \"defaultAction\": 1\n}\n", 0, 2, 20,
	  "'defaultAction' must be a string, not an integer" },
	{ "unknown default action",
	  "{\n  \"defaultAction\": \"SCMP_ACT_NOPE\"\n}\n", 0, 2, 20,
	  "unknown action 'SCMP_ACT_NOPE'" },
	{ "unknown rule action",
	  RULE("      \"names\": [\"read\"],\n      \"action\": \"ALLOW\"\n"),
	  0, 6, 17, "unknown action 'ALLOW'" },
	{ "duplicate key",
	  "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n",
	  0, 3, 0, "duplicate" },
	{ "bad op",
	  ARG("{ \"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQUAL\" }"), 0,
	  8, 41, "unknown comparison 'SCMP_CMP_EQUAL'" },
	{ "index > 5",
	  ARG("{ \"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\" }"), 0, 8,
	  20, "index 6 out of range" },
	{ "negative value",
	  ARG("{ \"index\": 0, \"value\": -1, \"op\": \"SCMP_CMP_EQ\" }"), 0, 8,
	  32, "must not be negative" },
	{ "missing op", ARG("{ \"index\": 0, \"value\": 1 }"), 0, 8, 9,
	  "missing 'op'" },
	{ "arg not object", ARG("3"), 0, 8, 9, "must be objects" },
	{ "names not strings",
	  RULE("      \"names\": [\"read\", 42],\n      \"action\": \"SCMP_ACT_ALLOW\"\n"),
	  0, 5, 25, "must be strings" },
	{ "empty names",
	  RULE("      \"names\": [],\n      \"action\": \"SCMP_ACT_ALLOW\"\n"),
	  0, 5, 16, "names no syscall" },
	{ "name and names",
	  RULE("      \"name\": \"read\",\n      \"names\": [\"write\"],\n      \"action\": \"SCMP_ACT_ALLOW\"\n"),
	  0, 5, 15, "both 'name' and 'names'" },
	{ "unknown syscall",
	  RULE("      \"names\": [\"read\",\n                \"opnat\"],\n      \"action\": \"SCMP_ACT_ALLOW\"\n"),
	  0, 6, 17, "did you mean 'openat'?" },
	{ "errnoRet with allow",
	  RULE("      \"names\": [\"read\"],\n      \"action\": \"SCMP_ACT_ALLOW\",\n      \"errnoRet\": 1\n"),
	  0, 7, 19, "errnoRet given for SCMP_ACT_ALLOW" },
	{ "errnoRet too big",
	  RULE("      \"names\": [\"read\"],\n      \"action\": \"SCMP_ACT_ERRNO\",\n      \"errnoRet\": 70000\n"),
	  0, 7, 19, "out of range" },
	{ "unknown cap",
	  RULE("      \"names\": [\"read\"],\n      \"action\": \"SCMP_ACT_ALLOW\",\n      \"includes\": { \"caps\": [\"CAP_FLY\"] }\n"),
	  0, 7, 30, "unknown capability 'CAP_FLY'" },
	{ "bad arch in includes",
	  RULE("      \"names\": [\"read\"],\n      \"action\": \"SCMP_ACT_ALLOW\",\n      \"includes\": { \"arches\": [\"vax\"] }\n"),
	  0, 7, 32, "unknown architecture 'vax'" },
	{ "bad minKernel",
	  RULE("      \"names\": [\"read\"],\n      \"action\": \"SCMP_ACT_ALLOW\",\n      \"includes\": { \"minKernel\": \"four\" }\n"),
	  0, 7, 34, "bad minKernel 'four'" },
	{ "architectures and archMap",
	  "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"architectures\": [\"SCMP_ARCH_X86_64\"],\n  \"archMap\": []\n}\n",
	  0, 4, 14, "both given" },
	{ "bad architecture",
	  "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"architectures\": [\"SCMP_ARCH_VAX\"]\n}\n",
	  0, 3, 21, "unknown architecture 'SCMP_ARCH_VAX'" },
	{ "unknown flag",
	  "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"flags\": [\"SECCOMP_FILTER_FLAG_FAST\"]\n}\n",
	  0, 3, 13, "unknown flag" },
	{ "syscalls not array",
	  "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": {}\n}\n",
	  0, 3, 15, "'syscalls' must be an array, not an object" },
	{ "real errno",
	  "{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultErrnoRet\": 1.5\n}\n",
	  0, 3, 22, "must be an integer" },
	{ "nul byte", "{\"defaultAction\": \"SCMP\0\"}", 26, 1, 24,
	  "binary data" },
	{ "garbage", "{\"defaultAction\": \x01\x02\x03}", 0, 1, 0,
	  "invalid JSON" },
};

static void test_malformed(void **state)
{
	check_bad_inputs(bad, sizeof(bad) / sizeof(bad[0]), PROFILE_FORMAT_OCI);
}

static void test_deep_nesting(void **state)
{
	/* 300 levels in a key scaudit does not read: kept, not refused. */
	char *text = malloc(1000);
	char *t = text;
	t += sprintf(t, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"x\": ");
	for (int i = 0; i < 300; i++)
		*t++ = '[';
	for (int i = 0; i < 300; i++)
		*t++ = ']';
	strcpy(t, "}");
	struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	profile_free(p);
	free(text);

	/* 10,000 levels: jansson's limit, a located error, no crash. */
	text = malloc(20100);
	t = text;
	t += sprintf(t, "{\"x\": ");
	for (int i = 0; i < 10000; i++)
		*t++ = '[';
	strcpy(t, "}");
	struct diag d = { 0 };
	assert_int_equal(profile_load_buffer("deep", text, strlen(text),
					     PROFILE_FORMAT_OCI, 0, &p, &d),
			 -EINVAL);
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.message, "depth"));
	free(text);
}

static void test_forced_format(void **state)
{
	/* A list given --format oci is a JSON error at line 1. */
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load_buffer("l", "read\n", 5,
					     PROFILE_FORMAT_OCI, 0, &p, &d),
			 -EINVAL);
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.message, "invalid JSON"));
}

static void test_huge_name(void **state)
{
	/* A name of 100,000 bytes: quoted in part, so the message still
	 * says what is wrong (the whole name pushed it out of the
	 * buffer). The cut lands on a character boundary. */
	const char *pre = "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
			  "\"syscalls\": [{\"names\": [\"",
		   *post = "\"], \"action\": \"SCMP_ACT_ALLOW\"}]}\n";
	assert_huge_name_refused(PROFILE_FORMAT_OCI, pre, post, 2, 25);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_docker_style),
		cmocka_unit_test(test_evaluate),
		cmocka_unit_test(test_old_format),
		cmocka_unit_test(test_oci_config),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_huge_name),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_forced_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
