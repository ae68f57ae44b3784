/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "delta.h"
#include "profile-helpers.h"
#include "util.h"

static const struct profile_action allow = { PROFILE_ACT_ALLOW, 0 };
static const struct profile_action eperm = { PROFILE_ACT_ERRNO, EPERM };

/* "read" in every kind of rule: active allow (0, 2 twice), errno (1),
 * an allow rule for arm64 only (3, inactive on x86_64), log (5). */
static const char mixed[] =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
	"{\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
	"{\"names\": [\"read\", \"close\", \"read\"], \"action\": "
	"\"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", "
	"\"includes\": {\"arches\": [\"arm64\"]}},\n"
	"{\"names\": [\"openat\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"{\"names\": [\"read\"], \"action\": \"SCMP_ACT_LOG\"}]}\n";

static struct profile *load_mixed(void)
{
	struct profile *p = load_ok(mixed, PROFILE_FORMAT_OCI);
	struct profile_env env = { SCMP_ARCH_X86_64, 0, 6, 1 };
	profile_evaluate(p, &env);
	assert_int_equal(p->n_rules, 6);
	assert_false(p->rules[3].active);
	return p;
}

/* How many names of p are left out. */
static size_t n_dropped(const struct profile_delta *d, const struct profile *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			n += profile_delta_dropped(d, i, j);
	return n;
}

static void test_init(void **state)
{
	struct profile *p = load_mixed();
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(d.n_rules, 6);
	assert_int_equal(d.n_names, 9);
	assert_int_equal(d.n_names, profile_count_names(p));
	static const size_t first[] = { 0, 2, 3, 6, 7, 8 };
	for (size_t i = 0; i < ARRAY_SIZE(first); i++)
		assert_int_equal(d.first[i], first[i]);
	assert_int_equal(n_dropped(&d, p), 0);
	assert_int_equal(d.n_added, 0);
	assert_null(d.added);
	profile_free(p);
}

static void test_init_empty(void **state)
{
	/* A profile without rules: nothing to drop, but rules to add. */
	struct profile *p = NULL;
	assert_int_equal(profile_new("empty", PROFILE_FORMAT_LIST, eperm, &p),
			 0);
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(d.n_rules, 0);
	assert_int_equal(d.n_names, 0);
	assert_false(profile_delta_dropped(&d, 0, 0));
	assert_int_equal(profile_delta_drop(&d, p, "read", true), 0);
	assert_int_equal(profile_delta_add(&d, "read", allow), 0);
	assert_int_equal(profile_delta_drop(&d, p, "read", true), 1);
	profile_free(p);
}

static void test_dropped(void **state)
{
	struct profile *p = load_mixed();
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	d.dropped[d.first[2] + 1] = true; /* rule 2's "close" */
	assert_true(profile_delta_dropped(&d, 2, 1));
	assert_false(profile_delta_dropped(&d, 2, 0));
	assert_false(profile_delta_dropped(&d, 2, 2));
	assert_false(profile_delta_dropped(&d, 3, 0));
	/* No delta, or a rule it does not know: nothing is left out. */
	assert_false(profile_delta_dropped(NULL, 2, 1));
	assert_false(profile_delta_dropped(&d, 6, 0));
	assert_false(profile_delta_dropped(&d, 1000, 0));
	struct profile_delta none = PROFILE_DELTA_INIT;
	assert_false(profile_delta_dropped(&none, 0, 0));
	profile_free(p);
}

static void test_drop_active_allow_only(void **state)
{
	struct profile *p = load_mixed();
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);

	/* read in rule 0, and twice in rule 2; not in the errno, inactive
	 * or log rules. */
	assert_int_equal(profile_delta_drop(&d, p, "read", true), 3);
	static const struct {
		size_t rule, name;
		bool dropped;
	} t[] = {
		{ 0, 0, true },	 { 0, 1, false }, { 1, 0, false },
		{ 2, 0, true },	 { 2, 1, false }, { 2, 2, true },
		{ 3, 0, false }, { 4, 0, false }, { 5, 0, false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		if (profile_delta_dropped(&d, t[i].rule, t[i].name) !=
		    t[i].dropped)
			print_error("rule %zu name %zu\n", t[i].rule,
				    t[i].name);
		assert_int_equal(
			profile_delta_dropped(&d, t[i].rule, t[i].name),
			t[i].dropped);
	}
	/* Again: nothing changes. */
	assert_int_equal(profile_delta_drop(&d, p, "read", true), 0);
	assert_int_equal(n_dropped(&d, p), 3);
	/* Another name, and one the profile lacks. */
	assert_int_equal(profile_delta_drop(&d, p, "openat", true), 1);
	assert_true(profile_delta_dropped(&d, 4, 0));
	assert_int_equal(profile_delta_drop(&d, p, "mount", true), 0);
	assert_int_equal(profile_delta_drop(&d, p, "rea", true), 0);
	assert_int_equal(n_dropped(&d, p), 4);

	/* Put back: the same entries. */
	assert_int_equal(profile_delta_drop(&d, p, "read", false), 3);
	assert_int_equal(profile_delta_drop(&d, p, "read", false), 0);
	assert_int_equal(n_dropped(&d, p), 1);
	assert_true(profile_delta_dropped(&d, 4, 0));
	profile_free(p);
}

static void test_drop_follows_activity(void **state)
{
	/* On arm64 rule 3 applies, and its read goes too. */
	struct profile *p = load_mixed();
	struct profile_env arm64 = { SCMP_ARCH_AARCH64, 0, 6, 1 };
	profile_evaluate(p, &arm64);
	assert_true(p->rules[3].active);
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_drop(&d, p, "read", true), 4);
	assert_true(profile_delta_dropped(&d, 3, 0));
	assert_false(profile_delta_dropped(&d, 1, 0));
	assert_false(profile_delta_dropped(&d, 5, 0));
	profile_free(p);
}

static void test_add(void **state)
{
	struct profile *p = load_mixed();
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	char name[] = "brk";
	assert_int_equal(profile_delta_add(&d, name, allow), 0);
	name[0] = 'X'; /* copied */
	assert_int_equal(profile_delta_add(&d, "getppid", eperm), 0);
	for (int i = 0; i < 100; i++) {
		char n[32];
		snprintf(n, sizeof(n), "n%d", i);
		assert_int_equal(profile_delta_add(&d, n, allow), 0);
	}
	assert_int_equal(d.n_added, 102);
	assert_string_equal(d.added[0].name, "brk");
	assert_int_equal(d.added[0].action.type, PROFILE_ACT_ALLOW);
	assert_false(d.added[0].dropped);
	assert_string_equal(d.added[1].name, "getppid");
	assert_int_equal(d.added[1].action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(d.added[1].action.value, EPERM);
	assert_string_equal(d.added[101].name, "n99");
	/* Adding leaves the profile's names alone. */
	assert_int_equal(n_dropped(&d, p), 0);
	assert_int_equal(d.n_names, 9);
	profile_free(p);
}

static void test_drop_added(void **state)
{
	struct profile *p = load_mixed();
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_add(&d, "brk", allow), 0);
	assert_int_equal(profile_delta_add(&d, "brk", eperm), 0);
	assert_int_equal(profile_delta_add(&d, "read", allow), 0);
	assert_int_equal(profile_delta_add(&d, "brk", allow), 0);

	/* Added allow rules only: not the errno one. */
	assert_int_equal(profile_delta_drop(&d, p, "brk", true), 2);
	assert_true(d.added[0].dropped);
	assert_false(d.added[1].dropped);
	assert_false(d.added[2].dropped);
	assert_true(d.added[3].dropped);
	assert_int_equal(n_dropped(&d, p), 0);
	assert_int_equal(profile_delta_drop(&d, p, "brk", true), 0);

	/* A name in both: the profile's 3 and the added 1. */
	assert_int_equal(profile_delta_drop(&d, p, "read", true), 4);
	assert_true(d.added[2].dropped);
	assert_int_equal(profile_delta_drop(&d, p, "read", false), 4);
	assert_false(d.added[2].dropped);
	assert_int_equal(profile_delta_drop(&d, p, "brk", false), 2);
	assert_false(d.added[0].dropped);
	assert_false(d.added[3].dropped);
	profile_free(p);
}

static void test_copy(void **state)
{
	struct profile *p = load_mixed();
	struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_drop(&d, p, "openat", true), 1);
	assert_int_equal(profile_delta_add(&d, "brk", allow), 0);
	assert_int_equal(profile_delta_add(&d, "getppid", eperm), 0);
	assert_int_equal(profile_delta_drop(&d, p, "brk", true), 1);

	struct profile_delta c = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_copy(&c, &d), 0);
	/* The same content. */
	assert_int_equal(c.n_rules, d.n_rules);
	assert_int_equal(c.n_names, d.n_names);
	assert_memory_equal(c.first, d.first, d.n_rules * sizeof(*d.first));
	assert_memory_equal(c.dropped, d.dropped,
			    d.n_names * sizeof(*d.dropped));
	assert_int_equal(c.n_added, 2);
	assert_string_equal(c.added[0].name, "brk");
	assert_true(c.added[0].dropped);
	assert_string_equal(c.added[1].name, "getppid");
	assert_int_equal(c.added[1].action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(c.added[1].action.value, EPERM);
	assert_false(c.added[1].dropped);
	/* In memory of its own. */
	assert_ptr_not_equal(c.first, d.first);
	assert_ptr_not_equal(c.dropped, d.dropped);
	assert_ptr_not_equal(c.added, d.added);
	assert_ptr_not_equal(c.added[0].name, d.added[0].name);

	/* Edits of the copy leave the original alone, and back. */
	assert_int_equal(profile_delta_drop(&c, p, "read", true), 3);
	assert_int_equal(profile_delta_drop(&c, p, "brk", false), 1);
	assert_int_equal(profile_delta_add(&c, "mount", allow), 0);
	c.added[1].name[0] = 'X';
	assert_int_equal(n_dropped(&d, p), 1);
	assert_true(d.added[0].dropped);
	assert_int_equal(d.n_added, 2);
	assert_string_equal(d.added[1].name, "getppid");
	assert_int_equal(profile_delta_drop(&d, p, "openat", false), 1);
	assert_true(profile_delta_dropped(&c, 4, 0));
	assert_int_equal(n_dropped(&c, p), 4);

	/* The original goes first: the copy still stands. */
	profile_delta_clear(&d);
	assert_string_equal(c.added[2].name, "mount");
	assert_true(profile_delta_dropped(&c, 0, 0));
	profile_delta_clear(&c);

	/* A copy of an empty delta. */
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_copy(&c, &d), 0);
	assert_int_equal(c.n_added, 0);
	assert_int_equal(n_dropped(&c, p), 0);
	profile_delta_clear(&c);
	profile_delta_clear(&d);
	profile_free(p);
}

static void test_clear(void **state)
{
	struct profile *p = load_mixed();
	struct profile_delta d = PROFILE_DELTA_INIT;
	/* A delta never set up clears fine. */
	profile_delta_clear(&d);
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_add(&d, "brk", allow), 0);
	profile_delta_clear(&d);
	/* Back to PROFILE_DELTA_INIT: nothing left to free twice. */
	assert_null(d.first);
	assert_null(d.dropped);
	assert_null(d.added);
	assert_int_equal(d.n_rules, 0);
	assert_int_equal(d.n_names, 0);
	assert_int_equal(d.n_added, 0);
	assert_int_equal(d.added_alloc, 0);
	assert_false(profile_delta_dropped(&d, 0, 0));
	profile_delta_clear(&d);
	/* And usable again. */
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_drop(&d, p, "write", true), 1);
	profile_delta_clear(&d);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_drop_active_allow_only),
		cmocka_unit_test(test_drop_follows_activity),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_drop_added),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
