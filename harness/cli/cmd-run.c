/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit run — a suite of cases, in parallel, judged per case and per
 * profile, with the reports CI reads. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "cli.h"
#include "suite.h"
#include "util.h"

/* --shard, or Bazel's TEST_SHARD_INDEX (0-based) and TEST_TOTAL_SHARDS. */
static int shard(const struct cli_args *a, struct suite_options *so)
{
	const char *index = getenv("TEST_SHARD_INDEX");
	const char *total = getenv("TEST_TOTAL_SHARDS");
	if (a->shard) {
		if (suite_shard_parse(a->shard, false, &so->shard,
				      &so->shards) < 0) {
			cli_error(
				"--shard wants I/N with 1 <= I <= N, e.g. 2/4");
			return CLI_EXIT_USAGE;
		}
	} else if (index && total) {
		char spec[64];
		snprintf(spec, sizeof(spec), "%s/%s", index, total);
		if (suite_shard_parse(spec, true, &so->shard, &so->shards) <
		    0) {
			cli_error("bad TEST_SHARD_INDEX/TEST_TOTAL_SHARDS (%s)",
				  spec);
			return CLI_EXIT_USAGE;
		}
	}
	return 0;
}

static int run(struct cli_args *a)
{
	struct suite_options so = { .jobs = cli_jobs(a),
				    .max_procs = a->max_procs,
				    .repeat = a->repeat,
				    .usage_backend = a->usage_backend,
				    .isolation = a->isolation };
	int r = shard(a, &so);
	if (r)
		return r;
	cleanup_case_list struct case_list cl = { 0 };
	struct diag d = { 0 };
	for (size_t i = 0; i < a->n_pos; i++)
		if ((r = case_load_path(a->pos[i], &cl, &d)) < 0)
			return cli_fail(r, &d);
	if ((r = cli_refuse_overwrite_cases(a, &cl)))
		return r;
	for (size_t i = 0; cli_suite_reports_to_stdout(a) && i < cl.n; i++)
		if (cl.cases[i].out == CAPTURE_INHERIT) {
			diag_set(&d, -EINVAL, cl.cases[i].file,
				 cl.cases[i].line, 0,
				 "case '%s': its stdout cannot be inherited "
				 "while a report goes to stdout",
				 cl.cases[i].name);
			diag_hint(&d, "write the report to a file, or give "
				      "the case another stdout");
			return cli_fail(-EINVAL, &d);
		}
	so.progress = cli_suite_reports_to_stdout(a) ? stderr : stdout;
	so.live = isatty(fileno(so.progress));
	so.color = cli_color(a, so.progress);
	cleanup_suite_result struct suite_result res = { 0 };
	if ((r = suite_run(&cl, &so, &res, &d)) < 0) {
		if (d.message[0])
			return cli_fail(r, &d);
		cli_error("cannot run the cases: %s", strerror(-r));
		return r == -EINVAL || r == -ENOENT ? CLI_EXIT_USAGE
						    : CLI_EXIT_ENV;
	}
	return cli_suite_outputs(&res, a);
}

const struct cli_command cmd_run = {
	.name = "run",
	.summary = "run a suite of cases, with CI reports",
	.synopsis = "CASE_OR_DIR... [options]",
	.about = "Run every case (INI files: [case NAME] sections) in "
		 "parallel, each under its\nprofile, and judge each profile "
		 "over all its cases: missing entries (with the\ncases that "
		 "hit them), unnecessary entries (allowed, used by no case), "
		 "and its\nexposure: per arch, how many syscalls it allows, "
		 "which are dangerous, and\nwhich of those no case used.",
	.exit_status = "Exit status: 0 the profiles hold, 1 findings (more "
		       "than --max-dangerous-unused\namong them), 2 bad usage "
		       "or input, or --max-dangerous-unused not judged (a\n"
		       "case failed), 3 this system cannot run the cases.",
	.opts = CLI_OPT(JOBS) | CLI_OPT(MAX_PROCS) | CLI_OPT(SHARD) |
		CLI_OPT(JSON) | CLI_OPT(JUNIT) | CLI_OPT(SARIF) |
		CLI_OPT(MARKDOWN) | CLI_OPT(HTML) | CLI_OPT(CODEQUALITY) |
		CLI_OPT(FAIL_ON_UNNECESSARY) | CLI_OPT(REPEAT) |
		CLI_OPT(MAX_DANGEROUS_UNUSED) | CLI_OPT(COLOR) |
		CLI_OPT(USAGE_BACKEND) | CLI_OPT(ISOLATION),
	.help[CLI_OPT_REPEAT] = "run each case N times unless it says (its "
				"repeat key): what some runs use and others "
				"not is intermittent, never unnecessary",
	.help[CLI_OPT_JOBS] = "cases at once (default: the CPUs)",
	.help[CLI_OPT_MAX_PROCS] =
		"at most N processes and threads per case (a "
		"fork bomb)",
	.help[CLI_OPT_MAX_DANGEROUS_UNUSED] = CLI_SUITE_HELP_GATE,
	.help[CLI_OPT_COLOR] = CLI_SUITE_HELP_COLOR,
	.min_pos = 1,
	.max_pos = (size_t)-1,
	.run = run,
};
