/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "helpers.h"
#include "suite.h"
#include "summary.h"
#include "util.h"

#define APP FIXTURE("suite/app.list")

static char dir[64];

static const char *path_of(const char *name)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/scaudit-suite-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The workloads' directory, as case files must name it (wordexp with
 * WRDE_UNDEF: written out, not left to the environment). */
static const char *workloads(void)
{
	const char *w = getenv("SCAUDIT_WORKLOADS");
	if (!w || !*w)
		fail_msg("SCAUDIT_WORKLOADS is not set (run under meson test)");
	return w;
}

/* The line of app.list that holds name alone, or 0. */
static unsigned line_in_app(const char *name)
{
	FILE *f = fopen(APP, "r");
	assert_non_null(f);
	char line[256];
	unsigned n = 0, found = 0;
	while (!found && fgets(line, sizeof(line), f)) {
		n++;
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, name) == 0)
			found = n;
	}
	fclose(f);
	return found;
}

/* Six cases in two files: a.ini's at lines 1, 4, 7, 10, 13; b.ini's
 * at 1. */
static void write_cases(struct case_list *cl)
{
	const char *w = workloads();
	char *a = NULL, *b = NULL;
	assert_true(asprintf(&a,
			     "[case one]\nprofile = %s\n"
			     "command = %s/syscaller -x getppid\n"
			     "[case two]\nprofile = %s\n"
			     "command = %s/syscaller -x getuid\n"
			     "[case no-such-command]\nprofile = %s\n"
			     "command = %s/not-here -x\n"
			     "[case four]\nprofile = %s\n"
			     "command = %s/syscaller ptrace\n"
			     "[case blocked]\nprofile = %s\n"
			     "command = %s/syscaller ptrace\n"
			     "expect-denied = ptrace\n",
			     APP, w, APP, w, APP, dir, APP, w, APP, w) > 0);
	assert_true(asprintf(&b,
			     "[case five]\nprofile = %s\n"
			     "command = %s/syscaller -x getgid\n",
			     APP, w) > 0);
	write_file("a.ini", a);
	write_file("b.ini", b);
	free(a);
	free(b);
	struct diag d = { 0 };
	memset(cl, 0, sizeof(*cl));
	int r = case_load_path(dir, cl, &d);
	if (r < 0)
		print_error("%s:%u: %s\n", d.file, d.line, d.message);
	assert_int_equal(r, 0);
	assert_int_equal(cl->n, 6);
}

static const struct suite_case_result *find_case(const struct suite_result *r,
						 const char *name)
{
	for (size_t i = 0; i < r->n_cases; i++)
		if (strcmp(r->cases[i].name, name) == 0)
			return &r->cases[i];
	fail_msg("no case %s", name);
	return NULL;
}

static const struct suite_entry *find_entry(const struct suite_entry *v,
					    size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void test_run(void **state)
{
	skip_if_valgrind("the cases' workloads load seccomp filters");
	struct case_list cl;
	write_cases(&cl);
	char *out = NULL;
	size_t out_len = 0;
	FILE *progress = open_memstream(&out, &out_len);
	assert_non_null(progress);
	struct suite_options o = { .jobs = 2, .progress = progress };
	struct suite_result r;
	struct diag d = { 0 };
	int e = suite_run(&cl, &o, &r, &d);
	if (e < 0)
		print_error("%s:%u: %s\n", d.file, d.line, d.message);
	assert_int_equal(e, 0);
	assert_int_equal(fclose(progress), 0);

	/* In case-file order, whichever worker ended first. */
	static const struct {
		const char *name, *file;
		unsigned line;
		bool passed;
	} want[] = {
		{ "one", "a.ini", 1, true },
		{ "two", "a.ini", 4, true },
		{ "no-such-command", "a.ini", 7, false },
		{ "four", "a.ini", 10, false },
		{ "blocked", "a.ini", 13, true },
		{ "five", "b.ini", 1, true },
	};
	assert_int_equal(r.n_cases, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		const struct suite_case_result *c = &r.cases[i];
		if (c->passed != want[i].passed)
			print_error("case %s: %s: %s\n", c->name,
				    verdict_outcome_name(c->run.outcome),
				    c->run.reason);
		assert_string_equal(c->name, want[i].name);
		assert_string_equal(c->file, path_of(want[i].file));
		assert_int_equal(c->line, want[i].line);
		assert_string_equal(c->profile, APP);
		assert_int_equal(c->passed, want[i].passed);
	}
	assert_int_equal(r.shards, 0);

	/* The command that is not there: the input's error, named. */
	const struct suite_case_result *nc = find_case(&r, "no-such-command");
	assert_int_equal(nc->error, SUITE_ERROR_INPUT);
	assert_int_equal(nc->run.outcome, OUTCOME_ERROR);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "%s/not-here", dir);
	if (!strstr(nc->run.reason, cmd))
		print_error("reason: %s\n", nc->run.reason);
	assert_non_null(strstr(nc->run.reason, cmd));
	assert_non_null(strstr(nc->run.reason, "command not found"));

	/* The ones that ran: what they used, what they lacked. */
	const struct suite_case_result *one = find_case(&r, "one");
	assert_int_equal(one->error, SUITE_ERROR_NONE);
	assert_true(strv_contains(one->used.v, "getppid"));
	assert_false(strv_contains(one->used.v, "getuid"));
	assert_true(one->wall_seconds > 0);
	const struct suite_case_result *four = find_case(&r, "four");
	assert_int_equal(four->error, SUITE_ERROR_NONE);
	assert_true(four->run.n_calls >= 1);
	assert_string_equal(four->run.calls[0].name, "ptrace");
	assert_int_equal(four->run.calls[0].cls, CLASS_MISSING);
	assert_int_equal(find_case(&r, "blocked")->run.outcome,
			 OUTCOME_BLOCKED);

	/* The profile: its allowed entries where they stand, not its
	 * errno ones. */
	assert_int_equal(r.n_profiles, 1);
	const struct suite_profile *p = &r.profiles[0];
	assert_string_equal(p->path, APP);
	static const char *const names[] = { "access", "getppid", "write",
					     "epoll_wait", "sendfile" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct suite_entry *en =
			find_entry(p->allowed, p->n_allowed, names[i]);
		assert_non_null(en);
		assert_int_equal(en->line, line_in_app(names[i]));
		assert_true(en->line > 0);
		assert_int_equal(en->column, 1);
	}
	assert_null(find_entry(p->allowed, p->n_allowed, "getpriority"));
	assert_null(find_entry(p->allowed, p->n_allowed, "getpgrp"));

	/* Summarized. */
	assert_true(strv_contains(p->used.v, "getppid"));
	assert_true(strv_contains(p->used.v, "getuid"));
	assert_true(strv_contains(p->used.v, "getgid"));
	assert_int_equal(p->n_missing, 1);
	assert_string_equal(p->missing[0].name, "ptrace");
	assert_string_equal(p->missing[0].cases.v[0], "four");
	assert_int_equal(p->missing[0].cases.n, 1);
	/* Case four failed and no-such-command could not run: their usage
	 * is no evidence, so nothing is judged unnecessary (sendfile and
	 * epoll_wait, which no case calls, are not called so), and both
	 * say why, in case order. */
	assert_int_equal(p->n_unnecessary, 0);
	assert_int_equal(p->n_unjudged, 2);
	bool has_four = false, nsc = false;
	for (size_t i = 0; i < 2; i++) {
		has_four |= strcmp(p->unjudged[i].name, "four") == 0;
		nsc |= strcmp(p->unjudged[i].name, "no-such-command") == 0 &&
		       p->unjudged[i].outcome == OUTCOME_ERROR;
	}
	assert_true(has_four && nsc);
	assert_int_equal(r.unnecessary.n, 0);
	assert_true(strv_contains(r.not_judged.v, APP));
	assert_true(r.findings);

	/* A line per case, as each ended. */
	size_t ok = 0, not_ok = 0;
	for (const char *l = out; l && *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, "ok ", 3) == 0)
			ok++;
		else if (strncmp(l, "not ok ", 7) == 0)
			not_ok++;
		if (!strchr(l, '\n'))
			break;
	}
	assert_int_equal(ok, 4);
	assert_int_equal(not_ok, 2);
	assert_non_null(strstr(out, " - no-such-command (error, "));
	free(out);
	suite_result_clear(&r);
	case_list_free(&cl);
}

static void test_shards(void **state)
{
	skip_if_valgrind("the cases' workloads load seccomp filters");
	struct case_list cl;
	write_cases(&cl);
	static const struct {
		unsigned shard;
		const char *names[4];
	} t[] = {
		{ 1, { "one", "no-such-command", "blocked" } },
		{ 2, { "two", "four", "five" } },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct suite_options o = { .jobs = 2,
					   .shard = t[i].shard,
					   .shards = 2 };
		struct suite_result r;
		struct diag d = { 0 };
		assert_int_equal(suite_run(&cl, &o, &r, &d), 0);
		assert_int_equal(r.shard, t[i].shard);
		assert_int_equal(r.shards, 2);
		assert_int_equal(r.n_cases, 3);
		for (size_t k = 0; k < 3; k++)
			assert_string_equal(r.cases[k].name, t[i].names[k]);
		/* Every shard lists the profile whole. */
		assert_int_equal(r.n_profiles, 1);
		assert_non_null(find_entry(r.profiles[0].allowed,
					   r.profiles[0].n_allowed, "getppid"));
		suite_result_clear(&r);
	}
	case_list_free(&cl);
}

static void test_command_not_found(void **state)
{
	/* No workload runs: the worker finds no command and says so. */
	char *text = NULL;
	assert_true(asprintf(&text,
			     "[case gone]\nprofile = %s\n"
			     "command = %s/nowhere/at-all\n"
			     "[case gone-too]\nprofile = %s\n"
			     "command = no-such-scaudit-command-here\n",
			     APP, dir, APP) > 0);
	write_file("gone.case", text);
	free(text);
	struct case_list cl = { 0 };
	struct diag d = { 0 };
	assert_int_equal(case_load_path(path_of("gone.case"), &cl, &d), 0);
	struct suite_options o = { .jobs = 2 };
	struct suite_result r;
	assert_int_equal(suite_run(&cl, &o, &r, &d), 0);
	assert_int_equal(r.n_cases, 2);
	static const char *const cmds[] = { "nowhere/at-all",
					    "no-such-scaudit-command-here" };
	for (size_t i = 0; i < 2; i++) {
		const struct suite_case_result *c = &r.cases[i];
		assert_false(c->passed);
		assert_int_equal(c->error, SUITE_ERROR_INPUT);
		assert_int_equal(c->run.outcome, OUTCOME_ERROR);
		assert_non_null(strstr(c->run.reason, cmds[i]));
		assert_int_equal(c->used.n, 0);
	}
	assert_true(r.findings);
	/* Nothing ran: nothing is judged unnecessary (a case that cannot
	 * start once made every entry "unnecessary"). */
	assert_int_equal(r.profiles[0].n_unnecessary, 0);
	assert_int_equal(r.profiles[0].n_unjudged, 2);
	assert_int_equal(r.unnecessary.n, 0);
	suite_result_clear(&r);
	case_list_free(&cl);
	unlink(path_of("gone.case"));
}

static void test_bad_profiles(void **state)
{
	static const struct {
		const char *what;
		const char *profile; /* its text; NULL: not there; "": a
				      * directory */
		int error;
		bool in_profile; /* the diag points into it, not the case */
		unsigned line;
		const char *message;
	} t[] = {
		{ "not there", NULL, -ENOENT, false, 3,
		  "cannot read: No such file" },
		{ "a bad name", "read\nwrite\nnot_a_syscall\n", -EINVAL, true,
		  3, "unknown syscall 'not_a_syscall'" },
		{ "a directory", "", -EISDIR, false, 3,
		  "cannot read: Is a directory" },
		{ "binary", "read\n\xff\xfe\n", -EINVAL, true, 2,
		  "binary data (byte 0xff), not a text profile" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const char *prof = path_of("p.list");
		unlink(prof);
		rmdir(prof);
		if (t[i].profile && !t[i].profile[0])
			assert_int_equal(mkdir(prof, 0755), 0);
		else if (t[i].profile)
			write_file("p.list", t[i].profile);
		char *text = NULL;
		/* The profile at line 3, after a comment. */
		assert_true(asprintf(&text,
				     "[case x]\n; the profile:\n"
				     "profile = p.list\ncommand = true\n") > 0);
		write_file("bad.ini", text);
		free(text);
		struct case_list cl = { 0 };
		struct diag d = { 0 };
		assert_int_equal(case_load(path_of("bad.ini"), &cl, &d), 0);
		assert_int_equal(cl.cases[0].profile_line, 3);
		struct suite_options o = { .jobs = 2 };
		struct suite_result r;
		int e = suite_run(&cl, &o, &r, &d);
		/* Said of the case when the profile cannot say where. */
		char want[512];
		snprintf(want, sizeof(want), "%s%s%s%s",
			 t[i].in_profile ? "" : "case 'x': profile ",
			 t[i].in_profile ? "" : cl.cases[0].profile,
			 t[i].in_profile ? "" : ": ", t[i].message);
		if (e != t[i].error || d.line != t[i].line ||
		    !strstr(d.message, want))
			print_error("case '%s': %d %s:%u: %s\n", t[i].what, e,
				    d.file, d.line, d.message);
		assert_int_equal(e, t[i].error);
		assert_string_equal(d.file, t[i].in_profile
						    ? cl.cases[0].profile
						    : path_of("bad.ini"));
		assert_int_equal(d.line, t[i].line);
		assert_non_null(strstr(d.message, want));
		assert_int_equal(r.n_cases, 0);
		assert_null(r.profiles);
		case_list_free(&cl);
	}
	unlink(path_of("p.list"));
	rmdir(path_of("p.list"));
	unlink(path_of("bad.ini"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_shards),
		cmocka_unit_test(test_command_not_found),
		cmocka_unit_test(test_bad_profiles),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
