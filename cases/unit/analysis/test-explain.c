/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "explain.h"
#include "profile-helpers.h"
#include "util.h"

#define EQ(i, v)                                                               \
	"{\"index\": " #i ", \"value\": " #v ", \"op\": \"SCMP_CMP_EQ\"}"

static const char *const oci =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"syscalls\": [\n"
	"  {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [" EQ(0, 8) ", " EQ(
		0,
		0) "]},\n"
		   "  {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		   "   \"args\": [" EQ(0, 2) ", " EQ(
			   1,
			   1) "]},\n"
			      "  {\"names\": [\"prctl\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
			      "   \"args\": [" EQ(
				      0,
				      38) "]},\n"
					  "  {\"names\": [\"prctl\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
					  "   \"args\": [" EQ(
						  0,
						  4) "]},\n"
						     "  {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
						     "   \"args\": [{\"index\": 0, \"value\": 2114060288, \"valueTwo\": 0,\n"
						     "             \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n"
						     "  {\"names\": [\"kcmp\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
						     "   \"args\": [" EQ(
							     0,
							     1) "], \"includes\": {\"arches\": [\"s390x\"]}},\n"
								"  {\"names\": [\"setns\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
								"   \"errnoRet\": 38, \"args\": [" EQ(
									0,
									0) "]},\n"
									   "  {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
									   "   \"errnoRet\": 38},\n"
									   "  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}\n"
									   " ]}\n";

static void explain_ok(const struct profile *p, struct profile_env *env,
		       struct explain *e)
{
	assert_int_equal(profile_env_native(~0ull, env), 0);
	struct diag d = { 0 };
	int r = explain_profile(p, env, e, &d);
	if (r < 0)
		print_error("explain_profile: %d %s\n", r, d.message);
	assert_int_equal(r, 0);
}

static const struct explain_conditional *conditional(
	const struct explain_arch *a, const char *name)
{
	for (size_t i = 0; i < a->n_conditional; i++)
		if (strcmp(a->conditional[i].name, name) == 0)
			return &a->conditional[i];
	fail_msg("%s is not conditional", name);
	return NULL;
}

static const struct explain_group *group(const struct explain_arch *a,
					 const char *title)
{
	for (size_t i = 0; i < a->n_denied; i++)
		if (strcmp(a->denied[i].title, title) == 0)
			return &a->denied[i];
	fail_msg("no group '%s'", title);
	return NULL;
}

static void test_explain_oci(void **state)
{
	struct profile *p = load_ok(oci, PROFILE_FORMAT_OCI);
	assert_false(find_rule(p, "kcmp")->active);
	struct profile_env env;
	struct explain e;
	explain_ok(p, &env, &e);
	assert_int_equal(e.n_arches, 1);
	const struct explain_arch *a = &e.arches[0];
	assert_int_equal(a->arch, env.arch);

	/* Outright: exactly read and write. */
	assert_int_equal(a->allowed.n, 2);
	assert_true(strv_contains(a->allowed.v, "read"));
	assert_true(strv_contains(a->allowed.v, "write"));

	/* Conditional, in words, with what the rest gets. */
	static const struct {
		const char *name, *when;
	} t[] = {
		{ "personality", "arg0 == 0x8 or arg0 == 0" },
		{ "socket", "arg0 == 0x2 and arg1 == 0x1" },
		{ "prctl", "arg0 == 0x26, or arg0 == 0x4" },
		{ "clone", "(arg0 & 0x7e020000) == 0" },
	};
	assert_int_equal(a->n_conditional, ARRAY_SIZE(t));
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const struct explain_conditional *c = conditional(a, t[i].name);
		assert_string_equal(c->when, t[i].when);
		assert_int_equal(c->otherwise, SECCOMP_RET_ERRNO | EPERM);
	}

	/* Denied, grouped by what they get. */
	assert_int_equal(a->n_denied, 4);
	const struct explain_group *g = group(a, "errno EPERM (1)");
	assert_true(strv_contains(g->names.v, "ptrace"));
	assert_true(strv_contains(g->names.v, "mount"));
	/* Its rule is for s390x only. */
	assert_true(strv_contains(g->names.v, "kcmp"));
	assert_false(strv_contains(g->names.v, "read"));
	assert_false(strv_contains(g->names.v, "personality"));
	g = group(a, "errno ENOSYS (38)");
	assert_int_equal(g->names.n, 1);
	assert_string_equal(g->names.v[0], "clone3");
	g = group(a, "kill-process");
	assert_int_equal(g->names.n, 1);
	assert_string_equal(g->names.v[0], "getppid");
	/* Denied either way, by the argument. */
	g = group(a, "errno ENOSYS (38) or other denials by args");
	assert_int_equal(g->names.n, 1);
	assert_string_equal(g->names.v[0], "setns");

	/* Every row is in exactly one place. */
	size_t placed = a->allowed.n + a->n_conditional;
	for (size_t k = 0; k < a->n_denied; k++)
		placed += a->denied[k].names.n;
	assert_int_equal(placed, e.rows.n);

	/* Costs in both layouts. */
	assert_true(e.tree.insns > 0);
	assert_true(e.linear.insns > 0);
	/* The all-zero calls allowed: read, write, personality(0) and
	 * clone(0). */
	assert_int_equal(e.tree.allowed, 4);
	assert_int_equal(e.linear.allowed, 4);
	assert_true(e.tree.worst > 0 && e.tree.worst <= e.tree.insns);
	assert_true(e.linear.worst > 0 && e.linear.worst <= e.linear.insns);
	assert_true(e.tree.mean > 0 && e.tree.mean <= (double)e.tree.worst);
	assert_true(e.linear.mean > 0 &&
		    e.linear.mean <= (double)e.linear.worst);
	explain_clear(&e);
	assert_int_equal(e.n_arches, 0);
	assert_null(e.arches);
	profile_free(p);
}

static void test_explain_list(void **state)
{
	/* A list covers the compat arches too: a section each. */
	struct profile *p =
		load_ok("read\nwrite\nexit_group\ngetpgrp errno=EPERM\n",
			PROFILE_FORMAT_LIST);
	struct profile_env env;
	struct explain e;
	explain_ok(p, &env, &e);
	assert_int_equal(e.n_arches, p->n_arches);
	assert_true(e.n_arches >= 1);
	for (size_t k = 0; k < e.n_arches; k++) {
		const struct explain_arch *a = &e.arches[k];
		assert_int_equal(a->arch, p->arches[k]);
		assert_int_equal(a->n_conditional, 0);
		size_t known = 0;
		static const char *const names[] = { "read", "write",
						     "exit_group" };
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			if (seccomp_syscall_resolve_name_arch(a->arch,
							      names[i]) < 0)
				continue;
			known++;
			assert_true(strv_contains(a->allowed.v, names[i]));
		}
		assert_int_equal(a->allowed.n, known);
		const struct explain_group *g = group(a, "kill-process");
		assert_true(g->names.n > 100);
		assert_false(strv_contains(g->names.v, "read"));
		if (seccomp_syscall_resolve_name_arch(a->arch, "getpgrp") >= 0)
			assert_true(strv_contains(
				group(a, "errno EPERM (1)")->names.v,
				"getpgrp"));
	}
	assert_int_equal(e.arches[0].arch, env.arch);
	assert_true(e.tree.insns > 0);
	assert_true(e.linear.insns > 0);
	assert_int_equal(e.tree.allowed, 3);
	assert_int_equal(e.linear.allowed, 3);
	explain_clear(&e);
	profile_free(p);
}

static void test_conditions(void **state)
{
	struct profile *p = load_ok(oci, PROFILE_FORMAT_OCI);
	static const struct {
		const char *name, *when;
	} t[] = {
		/* On one argument: alternatives (runc's rule). */
		{ "personality", "arg0 == 0x8 or arg0 == 0" },
		/* On different ones: all must hold. */
		{ "socket", "arg0 == 0x2 and arg1 == 0x1" },
		/* Two rules: either. */
		{ "prctl", "arg0 == 0x26, or arg0 == 0x4" },
		{ "clone", "(arg0 & 0x7e020000) == 0" },
		/* No conditions, an inactive rule, a denying rule, none. */
		{ "read", "" },
		{ "kcmp", "" },
		{ "setns", "" },
		{ "ptrace", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char buf[256];
		memset(buf, 'x', sizeof(buf));
		explain_conditions(p, t[i].name, buf, sizeof(buf));
		assert_string_equal(buf, t[i].when);
	}
	/* Cut to the buffer, still a string. */
	for (size_t size = 1; size < 40; size++) {
		char buf[40];
		memset(buf, 'x', sizeof(buf));
		explain_conditions(p, "prctl", buf, size);
		assert_true(strlen(buf) < size);
		assert_true(strncmp(buf, "arg0 == 0x26, or arg0 == 0x4",
				    strlen(buf)) == 0);
	}
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_oci),
		cmocka_unit_test(test_explain_list),
		cmocka_unit_test(test_conditions),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
