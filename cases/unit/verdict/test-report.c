/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "profile-helpers.h"
#include "report.h"

static void test_args(void **state)
{
	char buf[128];
	uint64_t a[6] = { 0, 0x7ffd, 0x22, 0, 0, 0 };
	report_args(a, buf, sizeof(buf));
	assert_string_equal(buf, "0, 0x7ffd, 0x22");
	uint64_t z[6] = { 0 };
	report_args(z, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	uint64_t m[6] = { ~0ull, 0, 0, 0, 0, 1 };
	report_args(m, buf, sizeof(buf));
	assert_string_equal(buf, "0xffffffffffffffff, 0, 0, 0, 0, 0x1");
}

/* The text report of a run that ended well, its usage seen as how (why:
 * auto's fallback), observed or not; returned (free it). */
static char *text_of(bool observed, enum obs_usage how, const char *why)
{
	struct profile *p = load_ok("getppid\n", PROFILE_FORMAT_LIST);
	char *argv[] = { (char *)"true", NULL };
	struct job j;
	struct diag d = { 0 };
	assert_int_equal(job_init(&j, "true", argv, &d), 0);
	struct pipeline_result res;
	memset(&res, 0, sizeof(res));
	res.obs.exited = true;
	res.obs.usage = how;
	snprintf(res.obs.usage_why, sizeof(res.obs.usage_why), "%s", why);
	res.usage_observed = observed;
	res.verdict.outcome = OUTCOME_PASSED;
	res.runs = res.shown = 1;
	struct report_run run = { .profile = p, .job = &j, .result = &res };
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	assert_non_null(f);
	report_text(f, &run);
	fclose(f);
	job_clear(&j);
	profile_free(p);
	return text;
}

/* Every report says which backend counted, and why auto fell back. */
static void test_usage_line(void **state)
{
	char *t = text_of(true, OBS_USAGE_COUNTED, "");
	assert_non_null(strstr(t, "\nusage    counted in the kernel (BPF)\n"));
	free(t);
	t = text_of(true, OBS_USAGE_NOTIFIED, "");
	assert_non_null(strstr(t, "\nusage    seccomp notifications\n"));
	free(t);
	t = text_of(true, OBS_USAGE_NOTIFIED, "not root");
	assert_non_null(strstr(t, "\nusage    seccomp notifications (the "
				  "kernel counter was not used: not root)\n"));
	free(t);
	t = text_of(false, OBS_USAGE_NONE, "");
	assert_null(strstr(t, "\nusage "));
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_usage_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
