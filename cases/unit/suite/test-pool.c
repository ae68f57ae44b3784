/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "pool.h"
#include "suite.h"

/* Cases named "quick" pass at once; "slow" ones sleep until a signal
 * ends them (then, as a supervisor would, they say they were
 * interrupted, unless SIGKILLed). */
static int fake_case(const struct scase *c, void *arg,
		     struct suite_case_result *ret)
{
	if (strcmp(c->name, "quick") == 0) {
		ret->passed = true;
		ret->run.outcome = OUTCOME_PASSED;
		snprintf(ret->run.reason, sizeof(ret->run.reason), "quick");
		return 0;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	int sig = 0;
	sigwait(&set, &sig);
	suite_case_error(ret, SUITE_ERROR_NONE, "interrupted by SIGTERM");
	return 0;
}

static void add_case(struct case_list *cl, const char *name)
{
	cl->cases = realloc(cl->cases, (cl->n + 1) * sizeof(*cl->cases));
	assert_non_null(cl->cases);
	struct scase *c = &cl->cases[cl->n++];
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	c->file = strdup("t.ini");
	c->profile = strdup("p.list");
	c->line = (unsigned)cl->n;
}

static void free_list(struct case_list *cl)
{
	for (size_t i = 0; i < cl->n; i++) {
		free(cl->cases[i].name);
		free(cl->cases[i].file);
		free(cl->cases[i].profile);
	}
	free(cl->cases);
}

static const struct suite_case_result *find(const struct suite_result *r,
					    unsigned line)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (r->cases[i].line == line)
			return &r->cases[i];
	return NULL;
}

/* quick, slow, slow, quick with two workers: a SIGTERM while the slow
 * ones run ends them (their own results, interrupted), the last is not
 * run, the first kept; interrupted says by what. */
static void test_interrupted(void **state)
{
	struct case_list cl = { 0 };
	add_case(&cl, "quick");
	add_case(&cl, "slow");
	add_case(&cl, "slow");
	add_case(&cl, "quick");
	pid_t self = getpid();
	pid_t killer = fork();
	if (killer == 0) {
		struct timespec ts = { 0, 300 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		kill(self, SIGTERM);
		_exit(0);
	}
	struct suite_options o = { .jobs = 2 };
	struct suite_result r = { 0 };
	assert_int_equal(pool_run(&cl, &o, fake_case, NULL, &r), 0);
	waitpid(killer, NULL, 0);
	assert_int_equal(r.interrupted, SIGTERM);
	assert_int_equal(r.n_cases, 4);
	assert_true(find(&r, 1)->passed);
	for (unsigned line = 2; line <= 3; line++) {
		assert_int_equal(find(&r, line)->run.outcome, OUTCOME_ERROR);
		/* Its own word, or ours if the signal came first. */
		assert_non_null(strstr(find(&r, line)->run.reason,
				       "interrupted by SIGTERM"));
	}
	assert_string_equal(find(&r, 4)->run.reason,
			    "not run: interrupted by SIGTERM");
	suite_result_clear(&r);
	free_list(&cl);
}

/* Not interrupted: every case, in its own worker. */
static void test_all(void **state)
{
	struct case_list cl = { 0 };
	for (int i = 0; i < 5; i++)
		add_case(&cl, "quick");
	struct suite_options o = { .jobs = 3 };
	struct suite_result r = { 0 };
	assert_int_equal(pool_run(&cl, &o, fake_case, NULL, &r), 0);
	assert_int_equal(r.interrupted, 0);
	assert_int_equal(r.n_cases, 5);
	for (unsigned line = 1; line <= 5; line++)
		assert_true(find(&r, line)->passed);
	suite_result_clear(&r);
	free_list(&cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_interrupted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
