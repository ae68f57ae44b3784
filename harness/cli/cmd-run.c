/* scaudit run — a suite of cases, in parallel, judged per case and per
 * profile, with the reports CI reads. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "ci-report.h"
#include "cli.h"
#include "suite.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s run CASE_OR_DIR... [-j N] [--shard I/N] [--json F] "
		"[--junit F]\n"
		"                 [--sarif F] [--markdown F] "
		"[--fail-on-unnecessary]\n"
		"\n"
		"Run every case (INI files: [case NAME] sections) in parallel, "
		"each under its\n"
		"profile, and judge each profile over all its cases: missing "
		"entries (with the\n"
		"cases that hit them), unnecessary entries (allowed, used by no "
		"case).\n"
		"\n"
		"  -j N                  cases at once (CPUs)\n"
		"  --max-procs N         at most N processes and threads per "
		"case (a fork bomb)\n"
		"  --shard I/N           run the I-th of N deterministic slices "
		"(also from\n"
		"                        TEST_SHARD_INDEX, TEST_TOTAL_SHARDS); "
		"combine with merge\n"
		"  --json/--junit/--sarif/--markdown F   reports ('-': "
		"stdout)\n"
		"  --fail-on-unnecessary unused allowed entries are findings "
		"too\n"
		"\n"
		"Exit status: 0 the profiles hold, 1 findings, 2 bad usage or "
		"input, 3 this\n"
		"system cannot run the cases.\n",
		cli_program);
}

int cli_suite_outputs(json_t *doc, const struct cli_suite_reports *r,
		      bool fail_on_unnecessary)
{
	suite_summarize(doc, fail_on_unnecessary);
	struct {
		const char *path;
		char *(*render)(json_t *);
	} outs[] = {
		{ r->junit, ci_report_junit },
		{ r->sarif, ci_report_sarif },
		{ r->markdown, ci_report_markdown },
	};
	int status = 0;
	for (size_t i = 0; i < ARRAY_SIZE(outs); i++) {
		if (!outs[i].path)
			continue;
		cleanup_free char *text = outs[i].render(doc);
		int w = text ? cli_write_output(outs[i].path, text)
			     : CLI_EXIT_ENV;
		if (w)
			status = w;
	}
	if (r->json) {
		int w = cli_write_json(r->json, doc);
		if (w)
			status = w;
	}

	/* The summary for people. */
	FILE *f = cli_suite_reports_to_stdout(r) ? stderr : stdout;
	size_t i;
	json_t *pr;
	json_array_foreach (json_object_get(doc, "profiles"), i, pr) {
		const char *path =
			json_string_value(json_object_get(pr, "path"));
		json_t *miss = json_object_get(pr, "missing");
		json_t *unn = json_object_get(pr, "unnecessary");
		fprintf(f,
			"profile %s: %zu missing, %zu unnecessary, %zu used\n",
			path, json_array_size(miss), json_array_size(unn),
			json_array_size(json_object_get(pr, "used")));
		size_t k;
		json_t *m;
		json_array_foreach (miss, k, m) {
			fprintf(f, "  missing %s (cases:",
				json_string_value(json_object_get(m, "name")));
			size_t c;
			json_t *cn;
			json_array_foreach (json_object_get(m, "cases"), c, cn)
				fprintf(f, " %s", json_string_value(cn));
			fprintf(f, ")\n");
		}
		if (json_array_size(unn)) {
			fprintf(f, "  unnecessary:");
			json_array_foreach (unn, k, m)
				fprintf(f, " %s",
					json_string_value(
						json_object_get(m, "name")));
			fprintf(f, "\n");
		}
	}
	size_t passed = 0, total = 0;
	json_t *run;
	json_array_foreach (json_object_get(doc, "runs"), i, run) {
		total++;
		passed += json_is_true(json_object_get(run, "passed"));
	}
	fprintf(f, "%zu passed, %zu failed\n", passed, total - passed);
	if (status)
		return status;
	/* A case that could not run decides the status: this system (3) or
	 * bad input (2), never blamed on a profile. */
	int err = 0;
	json_array_foreach (json_object_get(doc, "runs"), i, run) {
		const char *k =
			json_string_value(json_object_get(run, "errorKind"));
		if (k && strcmp(k, "environment") == 0)
			err = CLI_EXIT_ENV;
		else if (k && !err)
			err = CLI_EXIT_USAGE;
	}
	if (err)
		return err;
	const char *v = json_string_value(json_object_get(doc, "verdict"));
	return v && strcmp(v, "holds") == 0 ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
}

static int parse_shard(const char *s, unsigned *index, unsigned *total,
		       bool zero_based)
{
	char *end;
	long i = strtol(s, &end, 10);
	if (*end != '/')
		return -EINVAL;
	long n = strtol(end + 1, &end, 10);
	if (*end || n < 1 || n > 100000)
		return -EINVAL;
	if (zero_based)
		i++;
	if (i < 1 || i > n)
		return -EINVAL;
	*index = (unsigned)i;
	*total = (unsigned)n;
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 's' },
		{ "max-procs", required_argument, NULL, 'P' },
		CLI_SUITE_REPORT_OPTIONS,
		{ "fail-on-unnecessary", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_suite_reports rep = { 0 };
	struct suite_options so = { 0 };
	bool fail_unn = false;
	const char *shard = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "hj:", opts, NULL)) != -1) {
		char *end;
		if (cli_suite_report_option(c, optarg, &rep))
			continue;
		switch (c) {
		case 'j':
			so.jobs = (int)strtol(optarg, &end, 10);
			if (*end || so.jobs < 1 || so.jobs > 256) {
				cli_error("-j wants 1 to 256");
				return CLI_EXIT_USAGE;
			}
			break;
		case 's':
			shard = optarg;
			break;
		case 'P':
			if (cli_parse_max_procs(optarg, &so.max_procs))
				return CLI_EXIT_USAGE;
			break;
		case 'F':
			fail_unn = true;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (shard) {
		if (parse_shard(shard, &so.shard, &so.shards, false) < 0) {
			cli_error(
				"--shard wants I/N with 1 <= I <= N, e.g. 2/4");
			return CLI_EXIT_USAGE;
		}
	} else if (getenv("TEST_TOTAL_SHARDS") && getenv("TEST_SHARD_INDEX")) {
		char spec[64];
		snprintf(spec, sizeof(spec), "%s/%s",
			 getenv("TEST_SHARD_INDEX"),
			 getenv("TEST_TOTAL_SHARDS"));
		if (parse_shard(spec, &so.shard, &so.shards, true) < 0) {
			cli_error("bad TEST_SHARD_INDEX/TEST_TOTAL_SHARDS "
				  "(%s)",
				  spec);
			return CLI_EXIT_USAGE;
		}
	}
	if (!so.jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		so.jobs = n > 0 ? (int)n : 1;
	}

	struct case_list cl = { 0 };
	for (int i = optind; i < argc; i++) {
		struct diag d = { 0 };
		int r = case_load_path(argv[i], &cl, &d);
		if (r < 0) {
			cli_print_diag(&d, "error");
			case_list_free(&cl);
			return r == -ENOMEM ? CLI_EXIT_ENV : CLI_EXIT_USAGE;
		}
	}
	so.progress = cli_suite_reports_to_stdout(&rep) ? stderr : stdout;
	so.live = isatty(fileno(so.progress));
	json_t *doc = NULL;
	struct diag d = { 0 };
	int r = suite_run(&cl, &so, &doc, &d);
	case_list_free(&cl);
	if (r < 0) {
		if (d.message[0])
			cli_print_diag(&d, "error");
		else
			cli_error("cannot run the cases: %s", strerror(-r));
		/* A located error is the input's (an unreadable profile
		 * too); the rest is this system's. */
		bool input = d.message[0] ? r != -ENOMEM
					  : r == -EINVAL || r == -ENOENT;
		return input ? CLI_EXIT_USAGE : CLI_EXIT_ENV;
	}
	int status = cli_suite_outputs(doc, &rep, fail_unn);
	json_decref(doc);
	return status;
}
