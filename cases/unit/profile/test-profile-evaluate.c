/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/capability.h>
#include <sys/utsname.h>

#include "profile-helpers.h"
#include "syscalls.h"
#include "util.h"

#define CAP(c) (1ull << (c))

static void test_kernel_parse(void **state)
{
	static const struct {
		const char *s;
		unsigned major, minor;
	} ok[] = {
		{ "4.8", 4, 8 },
		{ "6.18.44-foo", 6, 18 },
		{ "6.18.44", 6, 18 },
		{ "5.15-rc1", 5, 15 },
		{ "5.4+", 5, 4 },
		{ "10.0", 10, 0 },
		{ "4.14.0-1-amd64", 4, 14 },
		{ "3.10.0-1160.el7.x86_64", 3, 10 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		unsigned maj = 99, min = 99;
		if (profile_kernel_parse(ok[i].s, &maj, &min) != 0)
			print_error("'%s' refused\n", ok[i].s);
		assert_int_equal(profile_kernel_parse(ok[i].s, &maj, &min), 0);
		assert_int_equal(maj, ok[i].major);
		assert_int_equal(min, ok[i].minor);
	}

	static const char *const junk[] = {
		"",	 "4",	   "four", "4.",    ".8",      "4.8x",
		"4.8 ",	 "4,8",	   "v4.8", "4..8",  "4.x",     "x.8",
		"4.8_1", "4.8rc1", "4 .8", "4. 8x", "one.two",
	};
	for (size_t i = 0; i < ARRAY_SIZE(junk); i++) {
		unsigned maj = 99, min = 99;
		int r = profile_kernel_parse(junk[i], &maj, &min);
		if (r != -EINVAL)
			print_error("'%s' accepted as %u.%u\n", junk[i], maj,
				    min);
		assert_int_equal(r, -EINVAL);
	}
}

static void test_kernel_parse_signs(void **state)
{
	/* sscanf's %u alone would skip white space and take a sign: " 4.8",
	 * "+4.8", "-1.8" (major 4294967295), "4.-8". */
	static const char *const junk[] = { " 4.8", "+4.8", "-1.8",
					    "4.-8", "4.+8", "\t5.10" };
	for (size_t i = 0; i < ARRAY_SIZE(junk); i++) {
		unsigned maj, min;
		assert_int_equal(profile_kernel_parse(junk[i], &maj, &min),
				 -EINVAL);
	}
}

static void test_env_native(void **state)
{
	struct profile_env env;
	assert_int_equal(profile_env_native(CAP(CAP_CHOWN), &env), 0);
	assert_int_equal(env.arch, syscalls_native_arch());
	assert_true(env.caps == CAP(CAP_CHOWN));
	struct utsname u;
	assert_int_equal(uname(&u), 0);
	unsigned maj, min;
	assert_int_equal(sscanf(u.release, "%u.%u", &maj, &min), 2);
	assert_int_equal(env.kernel_major, maj);
	assert_int_equal(env.kernel_minor, min);
	assert_int_equal(profile_env_native(~0ull, &env), 0);
	assert_true(env.caps == ~0ull);
}

/* One rule per condition, named after what it tests. */
static const char conditions[] =
	"{\n"
	"  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	"  \"syscalls\": [\n"
	"    { \"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\" },\n"
	"    { \"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"      \"includes\": { \"caps\": [\"CAP_SYS_ADMIN\"] } },\n"
	"    { \"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"      \"excludes\": { \"caps\": [\"CAP_SYS_ADMIN\"] } },\n"
	"    { \"names\": [\"setns\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"      \"includes\": { \"caps\": [\"CAP_SYS_ADMIN\", "
	"\"CAP_NET_ADMIN\"] } },\n"
	"    { \"names\": [\"arm_fadvise64_64\"], \"action\": "
	"\"SCMP_ACT_ALLOW\",\n"
	"      \"includes\": { \"arches\": [\"arm\", \"arm64\"] } },\n"
	"    { \"names\": [\"ioperm\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"      \"includes\": { \"arches\": [\"amd64\"] } },\n"
	"    { \"names\": [\"uselib\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"      \"excludes\": { \"arches\": [\"amd64\", \"x86\"] } },\n"
	"    { \"names\": [\"membarrier\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"      \"includes\": { \"minKernel\": \"4.14\" } }\n"
	"  ]\n"
	"}\n";

enum {
	R_READ,
	R_MOUNT,
	R_CLONE,
	R_SETNS,
	R_ARM,
	R_IOPERM,
	R_USELIB,
	R_MB,
	N_R
};

static void test_conditions(void **state)
{
	static const struct {
		const char *what;
		struct profile_env env;
		const char *reason[N_R]; /* NULL: active */
	} t[] = {
		{ "x86_64, no caps, 6.1",
		  { SCMP_ARCH_X86_64, 0, 6, 1 },
		  { NULL, "needs CAP_SYS_ADMIN", NULL, "needs CAP_SYS_ADMIN",
		    "only for arches arm, …", NULL, "excluded on x86_64",
		    NULL } },
		{ "x86_64, CAP_SYS_ADMIN, 6.1",
		  { SCMP_ARCH_X86_64, CAP(CAP_SYS_ADMIN), 6, 1 },
		  { NULL, NULL, "excluded when CAP_SYS_ADMIN is held",
		    "needs CAP_NET_ADMIN", "only for arches arm, …", NULL,
		    "excluded on x86_64", NULL } },
		{ "x86_64, both admin caps, 4.14",
		  { SCMP_ARCH_X86_64, CAP(CAP_SYS_ADMIN) | CAP(CAP_NET_ADMIN),
		    4, 14 },
		  { NULL, NULL, "excluded when CAP_SYS_ADMIN is held", NULL,
		    "only for arches arm, …", NULL, "excluded on x86_64",
		    NULL } },
		{ "aarch64, other caps, 4.9",
		  { SCMP_ARCH_AARCH64, CAP(CAP_CHOWN) | CAP(CAP_NET_ADMIN), 4,
		    9 },
		  { NULL, "needs CAP_SYS_ADMIN", NULL, "needs CAP_SYS_ADMIN",
		    NULL, "only for arches amd64", NULL,
		    "needs kernel 4.14 or newer" } },
		{ "x86 (386), all caps, 3.20",
		  { SCMP_ARCH_X86, ~0ull, 3, 20 },
		  { NULL, NULL, "excluded when CAP_SYS_ADMIN is held", NULL,
		    "only for arches arm, …", "only for arches amd64",
		    "excluded on x86", "needs kernel 4.14 or newer" } },
		{ "arm, no caps, 4.13",
		  { SCMP_ARCH_ARM, 0, 4, 13 },
		  { NULL, "needs CAP_SYS_ADMIN", NULL, "needs CAP_SYS_ADMIN",
		    NULL, "only for arches amd64", NULL,
		    "needs kernel 4.14 or newer" } },
		{ "aarch64, 5.0: minor below, major above",
		  { SCMP_ARCH_AARCH64, 0, 5, 0 },
		  { NULL, "needs CAP_SYS_ADMIN", NULL, "needs CAP_SYS_ADMIN",
		    NULL, "only for arches amd64", NULL, NULL } },
	};
	struct profile *p = load_ok(conditions, PROFILE_FORMAT_OCI);
	assert_int_equal(p->n_rules, N_R);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		profile_evaluate(p, &t[i].env);
		for (size_t k = 0; k < N_R; k++) {
			const struct profile_rule *r = &p->rules[k];
			const char *want = t[i].reason[k];
			if (r->active != !want ||
			    strcmp(r->inactive_reason, want ? want : "") != 0)
				print_error("case '%s', %s: active=%d '%s'\n",
					    t[i].what, r->names[0].name,
					    r->active, r->inactive_reason);
			assert_int_equal(r->active, !want);
			assert_string_equal(r->inactive_reason,
					    want ? want : "");
		}
	}
	profile_free(p);
}

static void test_order(void **state)
{
	/* Every condition fails at once: arches are said first, then caps,
	 * then the kernel (moby's order). */
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		"{\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		" \"includes\": {\"arches\": [\"arm64\"], \"caps\": "
		"[\"CAP_SYS_PTRACE\"], \"minKernel\": \"4.8\"},\n"
		" \"excludes\": {\"arches\": [\"x86\"], \"caps\": "
		"[\"CAP_SYS_ADMIN\"]}}]}\n",
		PROFILE_FORMAT_OCI);
	static const struct {
		struct profile_env env;
		const char *reason;
	} t[] = {
		/* excluded arch before the rest */
		{ { SCMP_ARCH_X86, CAP(CAP_SYS_ADMIN), 3, 0 },
		  "excluded on x86" },
		/* arch not included, before an excluded cap */
		{ { SCMP_ARCH_X86_64, CAP(CAP_SYS_ADMIN), 3, 0 },
		  "only for arches arm64" },
		/* excluded cap before a missing one */
		{ { SCMP_ARCH_AARCH64, CAP(CAP_SYS_ADMIN), 3, 0 },
		  "excluded when CAP_SYS_ADMIN is held" },
		/* a missing cap before the kernel */
		{ { SCMP_ARCH_AARCH64, 0, 3, 0 }, "needs CAP_SYS_PTRACE" },
		{ { SCMP_ARCH_AARCH64, CAP(CAP_SYS_PTRACE), 4, 7 },
		  "needs kernel 4.8 or newer" },
		{ { SCMP_ARCH_AARCH64, CAP(CAP_SYS_PTRACE), 4, 8 }, NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		profile_evaluate(p, &t[i].env);
		assert_int_equal(p->rules[0].active, !t[i].reason);
		assert_string_equal(p->rules[0].inactive_reason,
				    t[i].reason ? t[i].reason : "");
	}
	profile_free(p);
}

static void test_unknown_cap_value(void **state)
{
	/* A cap libcap lacks (-1) is never held: an include of it never
	 * holds, an exclude of it never excludes. */
	struct profile *p = NULL;
	assert_int_equal(
		profile_new("mem", PROFILE_FORMAT_OCI,
			    (struct profile_action){ PROFILE_ACT_ERRNO, EPERM },
			    &p),
		0);
	for (int k = 0; k < 2; k++) {
		struct profile_rule *r = profile_add_rule(p);
		assert_non_null(r);
		assert_non_null(profile_rule_add_name(
			r, k ? "clone" : "mount",
			(struct profile_loc){ p->path, 1, 1 }));
		struct profile_cond *c = k ? &r->excludes : &r->includes;
		assert_int_equal(strv_add(&c->caps, "CAP_FUTURE"), 0);
		c->cap_values = calloc(2, sizeof(*c->cap_values));
		assert_non_null(c->cap_values);
		c->cap_values[0] = -1;
	}
	struct profile_env env = { SCMP_ARCH_X86_64, ~0ull, 6, 1 };
	profile_evaluate(p, &env);
	assert_false(p->rules[0].active);
	assert_string_equal(p->rules[0].inactive_reason, "needs CAP_FUTURE");
	assert_true(p->rules[1].active);
	profile_free(p);
}

static void test_reevaluate(void **state)
{
	/* Each evaluation starts over: no reason left from the last. */
	struct profile *p = load_ok(conditions, PROFILE_FORMAT_OCI);
	struct profile_env none = { SCMP_ARCH_X86_64, 0, 6, 1 };
	struct profile_env all = { SCMP_ARCH_X86_64, ~0ull, 6, 1 };
	profile_evaluate(p, &none);
	assert_false(p->rules[R_MOUNT].active);
	profile_evaluate(p, &all);
	assert_true(p->rules[R_MOUNT].active);
	assert_string_equal(p->rules[R_MOUNT].inactive_reason, "");
	assert_false(p->rules[R_CLONE].active);
	/* It never removes rules. */
	assert_int_equal(p->n_rules, N_R);
	profile_free(p);
}

static void test_excludes_min_kernel(void **state)
{
	/* moby drops a rule on a kernel at or above its excludes.minKernel
	 * (seccomp_linux.go: Excludes.MinKernel → kernelGreaterEqualThan →
	 * continue). */
	struct profile *p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
		"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		" \"excludes\": {\"minKernel\": \"4.0\"}}]}\n",
		PROFILE_FORMAT_OCI);
	assert_non_null(p->rules[0].excludes.min_kernel);
	struct profile_env old = { SCMP_ARCH_X86_64, 0, 3, 10 };
	profile_evaluate(p, &old);
	assert_true(p->rules[0].active); /* below 4.0: kept, both agree */
	struct profile_env env = { SCMP_ARCH_X86_64, 0, 6, 1 };
	profile_evaluate(p, &env);
	bool active = p->rules[0].active;
	char reason[sizeof(p->rules[0].inactive_reason)];
	snprintf(reason, sizeof(reason), "%s", p->rules[0].inactive_reason);
	profile_free(p);
	assert_false(active);
	assert_string_equal(reason, "excluded on kernel 4.0 or newer");
}

/* The arches of p after evaluation, in order. */
static void assert_arches(const struct profile *p, const uint32_t *want,
			  size_t n)
{
	if (p->n_arches != n)
		print_error("%zu arches, not %zu\n", p->n_arches, n);
	assert_int_equal(p->n_arches, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(p->arches[i], want[i]);
}

static void test_arches_list(void **state)
{
	/* Lists and traces cover the native arch's family. */
	struct profile *list = load_ok("read\nwrite\n", PROFILE_FORMAT_LIST);
	struct profile *trace = load_ok(
		"% time     seconds  usecs/call     calls    errors syscall\n"
		"------ ----------- ----------- --------- --------- -------\n"
		"100.00    0.000010          10         1           read\n"
		"------ ----------- ----------- --------- --------- -------\n"
		"100.00    0.000010          10         1           total\n",
		PROFILE_FORMAT_STRACE);
	assert_int_equal(trace->format, PROFILE_FORMAT_STRACE);
	static const uint32_t native[] = { SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64,
					   SCMP_ARCH_RISCV64, SCMP_ARCH_S390X,
					   SCMP_ARCH_PPC64LE };
	struct profile *ps[] = { list, trace };
	for (size_t k = 0; k < ARRAY_SIZE(ps); k++) {
		for (size_t i = 0; i < ARRAY_SIZE(native); i++) {
			struct profile_env env = { native[i], 0, 6, 1 };
			profile_evaluate(ps[k], &env);
			uint32_t fam[SYSCALLS_MAX_ARCHES];
			size_t n = syscalls_arch_family(native[i], fam);
			assert_arches(ps[k], fam, n);
		}
		struct profile_env env = { SCMP_ARCH_X86_64, 0, 6, 1 };
		profile_evaluate(ps[k], &env);
		static const uint32_t x86_64[] = { SCMP_ARCH_X86_64,
						   SCMP_ARCH_X86,
						   SCMP_ARCH_X32 };
		assert_arches(ps[k], x86_64, 3);
		assert_true(ps[k]->rules[0].active);
	}
	profile_free(list);
	profile_free(trace);
}

static void test_arches_oci(void **state)
{
	struct profile_env x86_64 = { SCMP_ARCH_X86_64, 0, 6, 1 };
	struct profile_env arm64 = { SCMP_ARCH_AARCH64, 0, 6, 1 };

	/* No arches named: the native one only, not its family. */
	struct profile *p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\"}",
				    PROFILE_FORMAT_OCI);
	profile_evaluate(p, &x86_64);
	assert_arches(p, (const uint32_t[]){ SCMP_ARCH_X86_64 }, 1);
	profile_free(p);

	/* "architectures" in any spelling, after the native one, once
	 * each. */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
		    "\"architectures\": [\"SCMP_ARCH_X86\", \"amd64\", "
		    "\"SCMP_ARCH_X32\", \"x86\"]}",
		    PROFILE_FORMAT_OCI);
	profile_evaluate(p, &x86_64);
	assert_arches(p,
		      (const uint32_t[]){ SCMP_ARCH_X86_64, SCMP_ARCH_X86,
					  SCMP_ARCH_X32 },
		      3);
	/* They hold whatever the native arch. */
	profile_evaluate(p, &arm64);
	assert_arches(p,
		      (const uint32_t[]){ SCMP_ARCH_AARCH64, SCMP_ARCH_X86,
					  SCMP_ARCH_X86_64, SCMP_ARCH_X32 },
		      4);
	profile_free(p);

	/* archMap: only the native arch's entry counts. */
	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [\n"
		    " {\"architecture\": \"SCMP_ARCH_X86_64\", "
		    "\"subArchitectures\": [\"SCMP_ARCH_X86\", "
		    "\"SCMP_ARCH_X32\"]},\n"
		    " {\"architecture\": \"SCMP_ARCH_AARCH64\", "
		    "\"subArchitectures\": [\"SCMP_ARCH_ARM\"]},\n"
		    " {\"architecture\": \"SCMP_ARCH_S390X\", "
		    "\"subArchitectures\": null}]}\n",
		    PROFILE_FORMAT_OCI);
	profile_evaluate(p, &x86_64);
	assert_arches(p,
		      (const uint32_t[]){ SCMP_ARCH_X86_64, SCMP_ARCH_X86,
					  SCMP_ARCH_X32 },
		      3);
	profile_evaluate(p, &arm64);
	assert_arches(p, (const uint32_t[]){ SCMP_ARCH_AARCH64, SCMP_ARCH_ARM },
		      2);
	struct profile_env s390x = { SCMP_ARCH_S390X, 0, 6, 1 };
	profile_evaluate(p, &s390x);
	assert_arches(p, (const uint32_t[]){ SCMP_ARCH_S390X }, 1);
	struct profile_env riscv = { SCMP_ARCH_RISCV64, 0, 6, 1 };
	profile_evaluate(p, &riscv);
	assert_arches(p, (const uint32_t[]){ SCMP_ARCH_RISCV64 }, 1);
	profile_free(p);
}

/* systemd's SystemCallArchitectures= narrows as OCI's "architectures"
 * do (native always in); without it, the family, as for a list. */
static void test_arches_systemd(void **state)
{
	struct profile_env x86_64 = { SCMP_ARCH_X86_64, 0, 6, 1 };
	struct profile *p = load_ok("[Service]\nSystemCallFilter=read write\n"
				    "SystemCallArchitectures=native\n",
				    PROFILE_FORMAT_SYSTEMD);
	profile_evaluate(p, &x86_64);
	assert_arches(p, (const uint32_t[]){ SCMP_ARCH_X86_64 }, 1);
	profile_free(p);
	p = load_ok("[Service]\nSystemCallFilter=read write\n"
		    "SystemCallArchitectures=x86\n",
		    PROFILE_FORMAT_SYSTEMD);
	profile_evaluate(p, &x86_64);
	assert_arches(p, (const uint32_t[]){ SCMP_ARCH_X86_64, SCMP_ARCH_X86 },
		      2);
	profile_free(p);
	p = load_ok("[Service]\nSystemCallFilter=read write\n",
		    PROFILE_FORMAT_SYSTEMD);
	profile_evaluate(p, &x86_64);
	assert_arches(p,
		      (const uint32_t[]){ SCMP_ARCH_X86_64, SCMP_ARCH_X86,
					  SCMP_ARCH_X32 },
		      3);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arches_systemd),
		cmocka_unit_test(test_kernel_parse),
		cmocka_unit_test(test_kernel_parse_signs),
		cmocka_unit_test(test_env_native),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_unknown_cap_value),
		cmocka_unit_test(test_reevaluate),
		cmocka_unit_test(test_excludes_min_kernel),
		cmocka_unit_test(test_arches_list),
		cmocka_unit_test(test_arches_oci),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
