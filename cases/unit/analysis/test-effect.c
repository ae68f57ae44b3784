/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "effect.h"
#include "filter.h"
#include "profile-helpers.h"
#include "util.h"

/* default EPERM; read and write allowed, personality(8) only, clone3
 * ENOSYS, getppid killed, the rest EPERM. */
static const char *const oci =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"syscalls\": [\n"
	"  {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	"  {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"   \"errnoRet\": 38},\n"
	"  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}\n"
	" ]}\n";

/* The same and ptrace allowed. */
static const char *const oci_ptrace =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"syscalls\": [\n"
	"  {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	"  {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"   \"errnoRet\": 38},\n"
	"  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},\n"
	"  {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\"}\n"
	" ]}\n";

static struct filter *build(const struct profile *p)
{
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options o = { 0 };
	int r = filter_build(p, &o, &f, &d);
	if (r < 0)
		print_error("filter_build: %d %s\n", r, d.message);
	assert_int_equal(r, 0);
	assert_non_null(f);
	return f;
}

static void compute(const struct profile *p, const struct filter *f,
		    struct effect_table *t)
{
	const struct profile *conds[] = { p };
	assert_int_equal(effect_compute(f, p->arches, p->n_arches, conds, 1, t),
			 0);
}

static const struct effect_row *row(const struct effect_table *t, uint32_t arch,
				    const char *name)
{
	const struct effect_row *r = effect_find(t, arch, name);
	if (!r)
		print_error("no row for %s\n", name);
	assert_non_null(r);
	assert_string_equal(r->name, name);
	assert_int_equal(r->arch, arch);
	return r;
}

static void test_rows(void **state)
{
	struct profile *p = load_ok(oci, PROFILE_FORMAT_OCI);
	struct filter *f = build(p);
	struct effect_table t;
	compute(p, f, &t);
	uint32_t native = seccomp_arch_native();
	assert_int_equal(p->n_arches, 1);
	assert_int_equal(t.n_insns, f->exact_len);
	assert_true(t.n > 200);

	static const struct {
		const char *name;
		uint32_t action;
	} t1[] = {
		{ "read", SECCOMP_RET_ALLOW },
		{ "write", SECCOMP_RET_ALLOW },
		{ "clone3", SECCOMP_RET_ERRNO | 38 },
		{ "getppid", SECCOMP_RET_KILL_PROCESS },
		{ "ptrace", SECCOMP_RET_ERRNO | EPERM },
		{ "mount", SECCOMP_RET_ERRNO | EPERM },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t1); i++) {
		const struct effect_row *r = row(&t, native, t1[i].name);
		assert_int_equal(r->nr, seccomp_syscall_resolve_name_arch(
						native, t1[i].name));
		/* Unconditional: one action, whatever the arguments. */
		assert_int_equal(r->n_actions, 1);
		assert_int_equal(r->actions[0], t1[i].action);
		assert_int_equal(r->samples, 1);
		bool allow = t1[i].action == SECCOMP_RET_ALLOW;
		assert_int_equal(effect_allows(r), allow);
		assert_int_equal(effect_denies(r), !allow);
		if (allow)
			assert_true(r->steps_allowed > 0);
		else
			assert_int_equal(r->steps_allowed, 0);
	}

	/* Allowed under a condition: both seen. */
	const struct effect_row *pers = row(&t, native, "personality");
	assert_int_equal(pers->n_actions, 2);
	assert_true(pers->samples > 1);
	assert_true(effect_allows(pers));
	assert_true(effect_denies(pers));
	bool allowed = false, denied = false;
	for (size_t k = 0; k < 2; k++) {
		allowed |= pers->actions[k] == SECCOMP_RET_ALLOW;
		denied |= pers->actions[k] == (SECCOMP_RET_ERRNO | EPERM);
	}
	assert_true(allowed);
	assert_true(denied);
	/* The all-zero call is not personality(8). */
	assert_int_equal(pers->steps_allowed, 0);

	/* Not there: a name no arch has, an arch not covered. */
	assert_null(effect_find(&t, native, "no_such_call"));
	assert_null(effect_find(&t,
				native == SCMP_ARCH_AARCH64 ? SCMP_ARCH_X86_64
							    : SCMP_ARCH_AARCH64,
				"read"));
	effect_table_clear(&t);
	assert_int_equal(t.n, 0);
	assert_null(t.rows);
	filter_free(f);
	profile_free(p);
}

static void test_errno_rule_of_list(void **state)
{
	/* A list: errno rules, kill for the rest, its compat arches too. */
	struct profile *p =
		load_ok("read\nexit_group\ngetpriority errno=ENOSYS\n"
			"getpgrp errno=EPERM\n",
			PROFILE_FORMAT_LIST);
	struct filter *f = build(p);
	struct effect_table t;
	compute(p, f, &t);
	for (size_t a = 0; a < p->n_arches; a++) {
		uint32_t arch = p->arches[a];
		if (seccomp_syscall_resolve_name_arch(arch, "getpriority") < 0)
			continue;
		const struct effect_row *r = row(&t, arch, "getpriority");
		assert_int_equal(r->n_actions, 1);
		assert_int_equal(r->actions[0], SECCOMP_RET_ERRNO | ENOSYS);
		assert_false(effect_allows(r));
		r = row(&t, arch, "getpgrp");
		assert_int_equal(r->actions[0], SECCOMP_RET_ERRNO | EPERM);
		r = row(&t, arch, "read");
		assert_int_equal(r->actions[0], SECCOMP_RET_ALLOW);
		r = row(&t, arch, "ptrace");
		assert_int_equal(r->actions[0], SECCOMP_RET_KILL_PROCESS);
	}
	/* Each covered arch has rows, and only those. */
	for (size_t i = 0; i < t.n; i++) {
		bool covered = false;
		for (size_t a = 0; a < p->n_arches; a++)
			covered |= t.rows[i].arch == p->arches[a];
		assert_true(covered);
	}
	effect_table_clear(&t);
	filter_free(f);
	profile_free(p);
}

static void test_action_names(void **state)
{
	static const struct {
		uint32_t ret;
		const char *name;
	} t[] = {
		{ SECCOMP_RET_ALLOW, "allow" },
		{ SECCOMP_RET_ERRNO | EPERM, "errno EPERM (1)" },
		{ SECCOMP_RET_ERRNO | ENOSYS, "errno ENOSYS (38)" },
		{ SECCOMP_RET_KILL_PROCESS, "kill-process" },
		{ SECCOMP_RET_KILL_THREAD, "kill-thread" },
		{ SECCOMP_RET_TRAP, "trap" },
		{ SECCOMP_RET_LOG, "log" },
		{ SECCOMP_RET_USER_NOTIF, "notify" },
		{ SECCOMP_RET_TRACE | 7, "trace 7" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char buf[64];
		effect_action_name(t[i].ret, buf, sizeof(buf));
		assert_string_equal(buf, t[i].name);
	}
	/* Cut to the buffer. */
	char small[6];
	effect_action_name(SECCOMP_RET_ERRNO | EPERM, small, sizeof(small));
	assert_string_equal(small, "errno");
}

static void test_cost(void **state)
{
	struct profile *p = load_ok(oci, PROFILE_FORMAT_OCI);
	struct filter *f = build(p);
	struct effect_table t;
	compute(p, f, &t);
	uint32_t native = seccomp_arch_native();
	size_t worst = 0, allowed = 0;
	double mean = -1;
	effect_cost(&t, native, &worst, &mean, &allowed);
	/* The allowed all-zero calls: read and write. */
	size_t r = row(&t, native, "read")->steps_allowed,
	       w = row(&t, native, "write")->steps_allowed;
	assert_int_equal(allowed, 2);
	assert_int_equal(worst, r > w ? r : w);
	assert_true(mean == (double)(r + w) / 2);
	assert_true(worst > 0 && worst <= f->exact_len);

	/* An arch with no rows: nothing allowed, no cost. */
	uint32_t other = native == SCMP_ARCH_AARCH64 ? SCMP_ARCH_X86_64
						     : SCMP_ARCH_AARCH64;
	effect_cost(&t, other, &worst, &mean, &allowed);
	assert_int_equal(worst, 0);
	assert_true(mean == 0);
	assert_int_equal(allowed, 0);
	effect_table_clear(&t);
	filter_free(f);
	profile_free(p);

	/* A larger profile: the figures over every allowed row. */
	struct profile *big = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("large-docker-style.json"),
				      PROFILE_FORMAT_AUTO, 0, &big, &d),
			 0);
	f = build(big);
	compute(big, f, &t);
	effect_cost(&t, native, &worst, &mean, &allowed);
	size_t n = 0, max = 0, sum = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct effect_row *x = &t.rows[i];
		if (x->arch != native || !x->steps_allowed)
			continue;
		n++;
		sum += x->steps_allowed;
		max = x->steps_allowed > max ? x->steps_allowed : max;
	}
	assert_true(n > 10);
	assert_int_equal(allowed, n);
	assert_int_equal(worst, max);
	assert_true(mean == (double)sum / (double)n);
	assert_true(mean > 0 && mean <= (double)worst);
	assert_true(worst <= f->exact_len);
	effect_table_clear(&t);
	filter_free(f);
	profile_free(big);
}

static void test_arches(void **state)
{
	struct profile *a = load_ok("read\n", PROFILE_FORMAT_LIST),
		       *b = load_ok("write\n", PROFILE_FORMAT_LIST);
	static const uint32_t aa[] = { SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64 };
	static const uint32_t ba[] = { SCMP_ARCH_AARCH64, SCMP_ARCH_RISCV64,
				       SCMP_ARCH_X86_64, SCMP_ARCH_S390X };
	memcpy(a->arches, aa, sizeof(aa));
	a->n_arches = ARRAY_SIZE(aa);
	memcpy(b->arches, ba, sizeof(ba));
	b->n_arches = ARRAY_SIZE(ba);
	static const struct {
		bool a_first;
		size_t max, n;
		uint32_t want[4];
	} t[] = {
		{ true,
		  8,
		  4,
		  { SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64, SCMP_ARCH_RISCV64,
		    SCMP_ARCH_S390X } },
		{ false,
		  8,
		  4,
		  { SCMP_ARCH_AARCH64, SCMP_ARCH_RISCV64, SCMP_ARCH_X86_64,
		    SCMP_ARCH_S390X } },
		{ true,
		  3,
		  3,
		  { SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64, SCMP_ARCH_RISCV64 } },
		{ true, 1, 1, { SCMP_ARCH_X86_64 } },
		{ true, 0, 0, { 0 } },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t got[8] = { 0 };
		size_t n = t[i].a_first ? effect_arches(a, b, got, t[i].max)
					: effect_arches(b, a, got, t[i].max);
		assert_int_equal(n, t[i].n);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(got[k], t[i].want[k]);
		/* Nothing written past max. */
		for (size_t k = n; k < 8; k++)
			assert_int_equal(got[k], 0);
	}
	/* A profile with itself: its own, once each. */
	uint32_t got[8];
	assert_int_equal(effect_arches(b, b, got, 8), 4);
	profile_free(a);
	profile_free(b);
}

static void test_diff(void **state)
{
	struct profile *a = load_ok(oci, PROFILE_FORMAT_OCI),
		       *b = load_ok(oci_ptrace, PROFILE_FORMAT_OCI);
	struct filter *fa = build(a), *fb = build(b);
	const struct profile *conds[] = { a, b };
	uint32_t arches[8];
	size_t n_arches = effect_arches(a, b, arches, ARRAY_SIZE(arches));
	assert_int_equal(n_arches, 1);

	/* B allows ptrace where A denies it: a widening, and only that. */
	struct effect_delta *v = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &v);
	assert_int_equal(n, 1);
	assert_non_null(v);
	assert_string_equal(v[0].name, "ptrace");
	assert_int_equal(v[0].arch, arches[0]);
	assert_int_equal(v[0].nr, seccomp_syscall_resolve_name_arch(arches[0],
								    "ptrace"));
	assert_true(v[0].widened);
	assert_false(v[0].narrowed);
	assert_int_equal(v[0].a, SECCOMP_RET_ERRNO | EPERM);
	assert_int_equal(v[0].b, SECCOMP_RET_ALLOW);
	free(v);

	/* The other way round: a narrowing. */
	v = NULL;
	n = effect_diff(fb, fa, arches, n_arches, conds, 2, &v);
	assert_int_equal(n, 1);
	assert_false(v[0].widened);
	assert_true(v[0].narrowed);
	assert_int_equal(v[0].a, SECCOMP_RET_ALLOW);
	assert_int_equal(v[0].b, SECCOMP_RET_ERRNO | EPERM);
	free(v);

	/* The same filter, or the same profile built twice: no deltas. */
	struct filter *fa2 = build(a);
	v = NULL;
	n = effect_diff(fa, fa2, arches, n_arches, conds, 2, &v);
	assert_int_equal(n, 0);
	free(v);
	v = NULL;
	n = effect_diff(fb, fb, arches, n_arches, conds, 2, &v);
	assert_int_equal(n, 0);
	free(v);
	filter_free(fa2);
	filter_free(fa);
	filter_free(fb);
	profile_free(a);
	profile_free(b);
}

/* What an edit widened, by name: trim's last check before it writes. */
static void test_widened(void **state)
{
	struct profile *a = load_ok(oci, PROFILE_FORMAT_OCI),
		       *b = load_ok(oci_ptrace, PROFILE_FORMAT_OCI);
	struct strv w = STRV_INIT;
	struct diag d = { 0 };
	assert_int_equal(effect_widened(a, b, &w, &d), 0);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.v[0], "ptrace");
	strv_clear(&w);
	/* A narrowing widens nothing; nor does a profile against itself. */
	assert_int_equal(effect_widened(b, a, &w, &d), 0);
	assert_int_equal(effect_widened(a, a, &w, &d), 0);
	assert_int_equal(w.n, 0);
	profile_free(a);
	profile_free(b);
}

static void test_diff_conditions(void **state)
{
	/* personality(8) only against personality(8) or (0): only some
	 * samples differ, and the other profile's conditions find them. */
	struct profile *a = load_ok(oci, PROFILE_FORMAT_OCI);
	struct profile *b = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"read\", \"write\"], \"action\": "
		"\"SCMP_ACT_ALLOW\"},\n"
		"  {\"names\": [\"personality\"], \"action\": "
		"\"SCMP_ACT_ALLOW\",\n"
		"   \"args\": [{\"index\": 0, \"value\": 8, \"op\": "
		"\"SCMP_CMP_EQ\"},\n"
		"            {\"index\": 0, \"value\": 4096, \"op\": "
		"\"SCMP_CMP_EQ\"}]},\n"
		"  {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
		"   \"errnoRet\": 38},\n"
		"  {\"names\": [\"getppid\"], \"action\": "
		"\"SCMP_ACT_KILL_PROCESS\"}\n"
		" ]}\n",
		PROFILE_FORMAT_OCI);
	struct filter *fa = build(a), *fb = build(b);
	const struct profile *conds[] = { a, b };
	uint32_t arches[8];
	size_t n_arches = effect_arches(a, b, arches, ARRAY_SIZE(arches));
	struct effect_delta *v = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &v);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "personality");
	assert_true(v[0].widened);
	assert_false(v[0].narrowed);
	free(v);
	/* Without b's conditions, 4096 is never tried. */
	v = NULL;
	n = effect_diff(fa, fb, arches, n_arches, conds, 1, &v);
	assert_int_equal(n, 0);
	free(v);
	filter_free(fa);
	filter_free(fb);
	profile_free(a);
	profile_free(b);
}

/* The counts diff closes with: both flags count twice, neither is other;
 * arches with a widening, in delta order. */
static void test_diff_summarize(void **state)
{
	const struct effect_delta d[] = {
		{ .arch = SCMP_ARCH_X86_64, .widened = true },
		{ .arch = SCMP_ARCH_X86_64, .narrowed = true },
		{ .arch = SCMP_ARCH_X86, .widened = true, .narrowed = true },
		{ .arch = SCMP_ARCH_X86_64, .widened = true },
		{ .arch = SCMP_ARCH_X32 },
	};
	struct effect_diff_summary s;
	effect_diff_summarize(d, ARRAY_SIZE(d), &s);
	assert_int_equal(s.total, 5);
	assert_int_equal(s.widened, 3);
	assert_int_equal(s.narrowed, 2);
	assert_int_equal(s.other, 1);
	assert_int_equal(s.n_arches, 2);
	assert_int_equal(s.arches[0], SCMP_ARCH_X86_64);
	assert_int_equal(s.widened_on[0], 2);
	assert_int_equal(s.arches[1], SCMP_ARCH_X86);
	assert_int_equal(s.widened_on[1], 1);
	/* Nothing: all zero. */
	effect_diff_summarize(NULL, 0, &s);
	assert_int_equal(s.total + s.widened + s.narrowed + s.other, 0);
	assert_int_equal(s.n_arches, 0);

	/* From a real diff: the ptrace widening of test_diff. */
	struct profile *a = load_ok(oci, PROFILE_FORMAT_OCI),
		       *b = load_ok(oci_ptrace, PROFILE_FORMAT_OCI);
	struct filter *fa = build(a), *fb = build(b);
	const struct profile *conds[] = { a, b };
	uint32_t arches[EFFECT_MAX_ARCHES];
	size_t n_arches = effect_arches(a, b, arches, ARRAY_SIZE(arches));
	struct effect_delta *v = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &v);
	assert_int_equal(n, 1);
	effect_diff_summarize(v, (size_t)n, &s);
	assert_int_equal(s.widened, 1);
	assert_int_equal(s.narrowed, 0);
	assert_int_equal(s.n_arches, 1);
	assert_int_equal(s.arches[0], arches[0]);
	assert_int_equal(s.widened_on[0], 1);
	free(v);
	filter_free(fa);
	filter_free(fb);
	profile_free(a);
	profile_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_widened),
		cmocka_unit_test(test_errno_rule_of_list),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_cost),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_diff_conditions),
		cmocka_unit_test(test_diff_summarize),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
