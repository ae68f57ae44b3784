/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit check — run a workload under a candidate profile, watch every
 * denial, and say whether the profile holds. */
#include <errno.h>
#include <string.h>

#include "bundle.h"
#include "cli.h"
#include "html-report.h"
#include "json-util.h"
#include "pipeline.h"
#include "report.h"
#include "summary.h"
#include "util.h"

/* No PROFILE: the workload's own filter is the one judged, under a
 * stand-in that allows everything (and so watches every call). */
static int open_profile(struct cli_args *a, struct profile **ret)
{
	struct profile_env env;
	if (a->n_pos)
		return cli_open_profile(a, a->pos[0], 0, NULL, ret, &env);
	int r = cli_env(a, NULL, &env);
	if (r)
		return r;
	/* Running it unconfined would not be the bundle's production. */
	char caps[2048];
	bool own = false;
	struct diag d = { 0 };
	if (a->bundle &&
	    (r = bundle_read_own(a->bundle, caps, sizeof(caps), &own, &d)) < 0)
		return cli_fail(r, &d);
	if (own) {
		cli_error("the bundle %s has a linux.seccomp of its own, which "
			  "check replaces with the profile it checks: give it "
			  "as PROFILE (jq .linux.seccomp %s/config.json > "
			  "p.json)",
			  a->bundle, a->bundle);
		return CLI_EXIT_USAGE;
	}
	struct profile_action allow = { PROFILE_ACT_ALLOW, 0 };
	if ((r = profile_new("(none)", PROFILE_FORMAT_LIST, allow, ret)) < 0)
		return cli_fail(r, NULL);
	profile_evaluate(*ret, &env);
	return 0;
}

/* The run as a one-case suite's page: the same matrix, entries and calls
 * a suite's report shows, the case named by its command. */
static int write_html(const char *path, const struct report_run *rr)
{
	char name[256] = "";
	for (size_t i = 0; rr->job->argv[i] && strlen(name) < 200; i++)
		snprintf(name + strlen(name), sizeof(name) - strlen(name),
			 "%s%s", i ? " " : "", rr->job->argv[i]);
	cleanup_suite_result struct suite_result sr = { 0 };
	if (suite_result_of_run(rr->profile, rr->job, rr->result, name,
				rr->fail_on_unnecessary, !rr->no_profile,
				&sr) < 0)
		return cli_fail(-ENOMEM, NULL);
	cleanup_free char *page = html_report(&sr);
	return page ? cli_write_output(path, page) : CLI_EXIT_ENV;
}

/* Options that contradict each other: 0, or the exit status. */
static int conflicts(const struct cli_args *a)
{
	if (a->no_usage && a->fail_on_unnecessary) {
		cli_error("--fail-on-unnecessary needs the usage --no-usage "
			  "turns off");
		return CLI_EXIT_USAGE;
	}
	if (a->no_usage && a->usage_backend != USAGE_BACKEND_AUTO) {
		cli_error("--usage-backend says how the usage --no-usage turns "
			  "off is seen: give one of them");
		return CLI_EXIT_USAGE;
	}
	if (a->max_dangerous_unused >= 0 && !a->n_pos) {
		cli_error("--max-dangerous-unused judges a profile's dangerous "
			  "entries: give the PROFILE");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int check(struct cli_args *a)
{
	cleanup_profile struct profile *p = NULL;
	cleanup_profile struct profile *source = NULL;
	int r = open_profile(a, &p);
	if (r)
		return r;
	if (a->source && (r = cli_load_profile(a->source, NULL, 0, &source)))
		return r;
	cleanup_job struct job j = { 0 };
	if ((r = cli_job(a, &j)))
		return r;
	/* A report on stdout is not mixed with the workload's output. */
	int to_stdout = cli_is_stdout(a->json) + cli_is_stdout(a->sarif) +
			cli_is_stdout(a->html);
	bool report_out = to_stdout > 0;
	if (to_stdout > 1) {
		cli_error("--json, --sarif and --html would share stdout: give "
			  "one of them '-', the others files");
		return CLI_EXIT_USAGE;
	}
	if ((r = cli_job_stdio(a, &j,
			       report_out ? CAPTURE_FILE : CAPTURE_INHERIT,
			       CAPTURE_INHERIT, report_out)))
		return r;
	if ((r = conflicts(a)))
		return r;
	struct run_options o = { .learn = a->learn,
				 .usage = !a->no_usage,
				 .trace_sigsys = a->trace_sigsys,
				 .usage_backend = a->usage_backend };
	cleanup_pipeline_result struct pipeline_result res;
	struct run_error err;
	struct pipeline_repeat rep = { a->repeat, a->max_runs > 0,
				       a->max_runs };
	if ((r = pipeline_repeat(&j, p, &o, &rep, &res, &err)) < 0)
		return cli_run_error(&err, j.argv[0]);
	const struct verdict *v = &res.verdict;
	struct report_run rr = {
		.profile = p,
		.job = &j,
		.result = &res,
		.learn = a->learn,
		.skip_allowed = true,
		.fail_on_unnecessary = a->fail_on_unnecessary,
		.no_profile = !a->n_pos,
		.source = source,
		.dangerous_gate = a->max_dangerous_unused >= 0,
		.max_dangerous_unused =
			(size_t)(a->max_dangerous_unused > 0
					 ? a->max_dangerous_unused
					 : 0),
		.color = cli_color(a, stdout)
	};
	/* Without a profile the stand-in's exposure says nothing. */
	cleanup_exposure struct exposure exp = { 0 };
	if (a->n_pos && report_exposure(&rr, &exp) < 0)
		return cli_fail(-ENOMEM, NULL);
	rr.exposure = a->n_pos ? &exp : NULL;
	if (!report_out)
		report_text(stdout, &rr);
	bool gate_unjudged = report_gate(&rr) == EXPOSURE_GATE_NOT_JUDGED;
	int status = res.obs.interrupted	   ? 128 + res.obs.interrupted
		     : v->outcome == OUTCOME_ERROR ? CLI_EXIT_USAGE
		     : gate_unjudged		   ? CLI_EXIT_USAGE
		     : report_findings(&rr)	   ? CLI_EXIT_FINDINGS
						   : CLI_EXIT_OK;
	if (gate_unjudged) {
		char why[512];
		pipeline_why_not_judged(&res, why, sizeof(why));
		cli_error("--max-dangerous-unused %d: not judged: %s; a gate "
			  "never passes without evidence",
			  a->max_dangerous_unused, why);
	}
	if (a->json) {
		cleanup_json json_t *doc = report_json(&rr);
		int w = cli_write_json(a->json, doc);
		status = w ? w : status;
	}
	if (a->sarif) {
		cleanup_free char *text = report_sarif(&rr);
		int w = text ? cli_write_output(a->sarif, text) : CLI_EXIT_ENV;
		status = w ? w : status;
	}
	if (a->html) {
		int w = write_html(a->html, &rr);
		status = w ? w : status;
	}
	return status;
}

const struct cli_command cmd_check = {
	.name = "check",
	.summary = "run a workload under a profile and judge every denial",
	.synopsis = "[PROFILE] [options] -- CMD [ARG...]",
	.about =
		"Run CMD under PROFILE while a supervisor watches every "
		"call, then judge the\nrun: missing entries (denied and "
		"needed), tolerated and expected denials, and\nunnecessary "
		"entries (allowed, unused by a run that ended as expected).\nA filter the "
		"workload loads itself (seccomp(2), prctl(2)) is judged too: "
		"what its\nlist lacks and leaves unused, and what the "
		"workload called before it. Without\nPROFILE only that "
		"filter is judged. Before the verdict, the exposure: per "
		"arch, how\nmany syscalls the profile allows, how many are "
		"dangerous, and which of those\nthe run did not use.",
	.exit_status = "Exit status: 0 the profile holds, 1 findings (more "
		       "than --max-dangerous-unused\namong them), 2 bad usage, "
		       "input or command, or --max-dangerous-unused not\n"
		       "judged (no usage, a failed run), 3 this system cannot "
		       "run the check.",
	.opts = CLI_OPT(LEARN) | CLI_OPT(TRACE_SIGSYS) | CLI_OPT(EXPECT) |
		CLI_OPT(EXPECT_DENIED) | CLI_OPT(EXPECT_EXIT) | CLI_OPT(CAPS) |
		CLI_OPT(TIMEOUT) | CLI_OPT(MAX_PROCS) | CLI_OPT(JSON) |
		CLI_OPT(FORMAT) | CLI_OPT(NO_USAGE) |
		CLI_OPT(FAIL_ON_UNNECESSARY) | CLI_OPT(STDOUT) |
		CLI_OPT(STDERR) | CLI_OPT(REPEAT) | CLI_OPT(MAX_RUNS) |
		CLI_OPT(SOURCE) | CLI_OPT(SARIF) | CLI_OPT(SEMANTICS) |
		CLI_OPT(RUNTIME) | CLI_OPT(ROOTFS) | CLI_OPT(BUNDLE) |
		CLI_OPT(NO_NEW_PRIVS) | CLI_OPT(PODMAN) |
		CLI_OPT(MAX_DANGEROUS_UNUSED) | CLI_OPT(COLOR) | CLI_OPT(HTML) |
		CLI_OPT(USAGE_BACKEND) | CLI_OPT(ISOLATION),
	.help[CLI_OPT_SARIF] = "the findings as SARIF 2.1.0, at the lines of "
			       "the profile and of --source ('-': stdout)",
	.help[CLI_OPT_STDOUT] = "the workload's stdout as in production: "
				"inherit (default; file with --json -), file "
				"(a captured regular file), pipe, tty or null",
	.help[CLI_OPT_JSON] = "write the report as JSON ('-': stdout)",
	.min_pos = 0,
	.max_pos = 1,
	.command = CLI_CMD_REQUIRED,
	.no_command = "no command to run: give it after '--'",
	.run = check,
};
