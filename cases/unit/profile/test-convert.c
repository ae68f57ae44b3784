/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "convert.h"
#include "profile-helpers.h"
#include "util.h"

static struct profile *load_path(const char *path)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, &d), 0);
	return p;
}

/* p converted to f and read back. */
static struct profile *through(const struct profile *p, enum writer_format f,
			       enum profile_format read_as,
			       struct convert_result *res)
{
	struct diag d = { 0 };
	assert_int_equal(convert_profile(p, f, NULL, res, &d), 0);
	struct profile *q = load_ok(res->text, PROFILE_FORMAT_AUTO);
	assert_int_equal(q->format, read_as);
	return q;
}

/* The sorted distinct names of p's allow rules. */
static void allowed(const struct profile *p, struct strv *ret)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (p->rules[i].action.type == PROFILE_ACT_ALLOW)
				assert_int_equal(
					strv_add(ret,
						 p->rules[i].names[j].name),
					0);
	strv_sort_unique(ret);
}

static void assert_same_names(const struct profile *a, const struct profile *b)
{
	cleanup_strv struct strv x = STRV_INIT, y = STRV_INIT;
	allowed(a, &x);
	allowed(b, &y);
	assert_int_equal(x.n, y.n);
	for (size_t i = 0; i < x.n; i++)
		assert_string_equal(x.v[i], y.v[i]);
}

static void test_list_go_list(void **state)
{
	struct profile *p = load_path(FIXTURE("seed-go.list"));
	struct convert_result r1, r2;
	struct profile *go = through(p, WRITER_GO, PROFILE_FORMAT_GO, &r1);
	struct profile *back =
		through(go, WRITER_LIST, PROFILE_FORMAT_LIST, &r2);
	assert_same_names(p, go);
	assert_same_names(p, back);
	assert_int_equal(back->default_action.type, PROFILE_ACT_KILL_PROCESS);
	assert_int_equal(r1.conditional.n + r1.own_action.n, 0);
	convert_result_clear(&r1);
	convert_result_clear(&r2);
	profile_free(back);
	profile_free(go);
	profile_free(p);
}

/* systemd's allow lists hold @default: the way back has those too, and
 * convert names them. */
static void test_oci_systemd_oci(void **state)
{
	struct profile *p = load_path(FIXTURE("small.json"));
	struct convert_result r1, r2;
	struct profile *sd =
		through(p, WRITER_SYSTEMD, PROFILE_FORMAT_SYSTEMD, &r1);
	struct profile *back = through(sd, WRITER_OCI, PROFILE_FORMAT_OCI, &r2);
	assert_int_equal(back->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(back->default_action.value, EPERM);
	cleanup_strv struct strv want = STRV_INIT, got = STRV_INIT;
	allowed(p, &want);
	assert_int_equal(strv_extend(&want, r1.systemd_default.v), 0);
	strv_sort_unique(&want);
	allowed(back, &got);
	assert_int_equal(want.n, got.n);
	for (size_t i = 0; i < want.n; i++)
		assert_string_equal(want.v[i], got.v[i]);
	convert_result_clear(&r1);
	convert_result_clear(&r2);
	profile_free(back);
	profile_free(sd);
	profile_free(p);
}

/* A profile that already holds @default goes round exactly. */
static void test_oci_systemd_oci_exact(void **state)
{
	struct profile *p = load_path(FIXTURE("app.service"));
	struct convert_result r1, r2, r3;
	struct profile *oci = through(p, WRITER_OCI, PROFILE_FORMAT_OCI, &r1);
	struct profile *sd =
		through(oci, WRITER_SYSTEMD, PROFILE_FORMAT_SYSTEMD, &r2);
	struct profile *back = through(sd, WRITER_OCI, PROFILE_FORMAT_OCI, &r3);
	assert_int_equal(r2.systemd_default.n, 0);
	assert_same_names(oci, back);
	assert_same_names(p, back);
	convert_result_clear(&r1);
	convert_result_clear(&r2);
	convert_result_clear(&r3);
	profile_free(back);
	profile_free(sd);
	profile_free(oci);
	profile_free(p);
}

static void test_strace_c_list(void **state)
{
	struct profile *p = load_path(FIXTURE("date.strace"));
	struct convert_result r1, r2;
	struct profile *c = through(p, WRITER_C, PROFILE_FORMAT_C, &r1);
	struct profile *back =
		through(c, WRITER_LIST, PROFILE_FORMAT_LIST, &r2);
	assert_same_names(p, c);
	assert_same_names(p, back);
	convert_result_clear(&r1);
	convert_result_clear(&r2);
	profile_free(back);
	profile_free(c);
	profile_free(p);
}

/* Never wider: conditions and other actions are left out and named. */
static void test_left_out(void **state)
{
	struct profile *p = load_path(FIXTURE("rules.c"));
	struct convert_result r;
	struct profile *q =
		through(p, WRITER_SYSTEMD, PROFILE_FORMAT_SYSTEMD, &r);
	assert_int_equal(r.conditional.n, 1);
	assert_string_equal(r.conditional.v[0], "write");
	assert_int_equal(r.own_action.n, 1);
	assert_string_equal(r.own_action.v[0], "clone3");
	assert_null(find_rule(q, "write"));
	convert_result_clear(&r);
	profile_free(q);
	/* A list keeps the errno. */
	q = through(p, WRITER_LIST, PROFILE_FORMAT_LIST, &r);
	assert_int_equal(find_rule(q, "clone3")->action.value, ENOSYS);
	assert_int_equal(r.own_action.n, 0);
	convert_result_clear(&r);
	profile_free(q);
	profile_free(p);

	p = load_path(FIXTURE("docker-style.json"));
	q = through(p, WRITER_GO, PROFILE_FORMAT_GO, &r);
	for (size_t i = 0; i < r.conditional.n; i++)
		assert_null(find_rule(q, r.conditional.v[i]));
	convert_result_clear(&r);
	profile_free(q);
	profile_free(p);
}

static void test_deny_list(void **state)
{
	struct profile *p = load_path(FIXTURE("app-dropin.conf"));
	struct convert_result r;
	struct diag d = { 0 };
	assert_int_equal(convert_profile(p, WRITER_LIST, NULL, &r, &d),
			 -EINVAL);
	assert_null(r.text);
	assert_non_null(strstr(d.message, "a deny list"));
	struct profile *q = through(p, WRITER_OCI, PROFILE_FORMAT_OCI, &r);
	assert_int_equal(q->default_action.type, PROFILE_ACT_ALLOW);
	assert_int_equal(find_rule(q, "reboot")->action.value, EACCES);
	struct convert_result r2;
	struct profile *back =
		through(q, WRITER_SYSTEMD, PROFILE_FORMAT_SYSTEMD, &r2);
	assert_true(back->source.deny_list);
	assert_int_equal(back->n_rules, p->n_rules);
	assert_int_equal(find_rule(back, "ptrace")->action.value, EPERM);
	convert_result_clear(&r);
	convert_result_clear(&r2);
	profile_free(back);
	profile_free(q);
	profile_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_go_list),
		cmocka_unit_test(test_oci_systemd_oci),
		cmocka_unit_test(test_oci_systemd_oci_exact),
		cmocka_unit_test(test_strace_c_list),
		cmocka_unit_test(test_left_out),
		cmocka_unit_test(test_deny_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
