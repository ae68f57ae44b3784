/* scaudit check — run a workload under a candidate profile, watch every
 * denial, and say whether the profile holds. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "classify.h"
#include "cli.h"
#include "filter.h"
#include "report.h"
#include "session.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s check PROFILE [options] -- CMD [ARG...]\n"
		"\n"
		"Run CMD under PROFILE while a supervisor watches every denial, "
		"then judge the\n"
		"run: missing entries (denied and needed), tolerated denials, "
		"expected denials.\n"
		"\n"
		"  --learn              let every denied call through, so one "
		"run finds them all\n"
		"  --trace-sigsys       ptrace the main process to name a "
		"SIGSYS the profile did\n"
		"                       not cause (its own filter's); not for "
		"workloads that ptrace\n"
		"  --expect LIST        syscalls the workload is declared to "
		"use (a profile file);\n"
		"                       a denial outside it is 'unexpected'\n"
		"  --expect-denied NAME a syscall that must be attempted and "
		"denied (repeatable)\n"
		"  --expect-exit N      the exit status of a good run (0)\n"
		"  --caps SET           none, keep (default), docker, all, or "
		"CAP_A,CAP_B\n"
		"  --timeout S          kill the whole tree after S seconds "
		"(60; 0: never)\n"
		"  --max-procs N        at most N processes and threads (a pids "
		"cgroup, or\n"
		"                       RLIMIT_NPROC when not root); bounds a fork "
		"bomb\n"
		"  --json FILE          write the report as JSON ('-': "
		"stdout)\n"
		"  --format F           read PROFILE as list, oci or strace\n"
		"\n"
		"Exit status: 0 the profile holds, 1 findings, 2 bad usage, "
		"input or command,\n"
		"3 this system cannot run the check.\n",
		cli_program);
}

/* The names of an --expect file, whatever its format. */
static int load_expected(const char *path, struct strv *out)
{
	cleanup_profile struct profile *p = NULL;
	int r = cli_load_profile(path, NULL, 0, &p);
	if (r)
		return r;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (strv_add(out, p->rules[i].names[j].name) < 0)
				return CLI_EXIT_ENV;
	return 0;
}

struct check_args {
	const char *profile, *format, *caps, *json, *expect;
	bool learn, trace_sigsys;
	int expect_exit;
	double timeout;
	unsigned max_procs;
	struct strv denied;
	char **argv;
};

static int parse(int argc, char **argv, struct check_args *a)
{
	static const struct option opts[] = {
		{ "learn", no_argument, NULL, 'l' },
		{ "trace-sigsys", no_argument, NULL, 'T' },
		{ "expect", required_argument, NULL, 'e' },
		{ "expect-denied", required_argument, NULL, 'd' },
		{ "expect-exit", required_argument, NULL, 'x' },
		{ "caps", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "max-procs", required_argument, NULL, 'P' },
		{ "json", required_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'l':
			a->learn = true;
			break;
		case 'T':
			a->trace_sigsys = true;
			break;
		case 'e':
			a->expect = optarg;
			break;
		case 'd': {
			char *save = NULL, *copy = strdup(optarg);
			for (char *t = strtok_r(copy, ", ", &save); t;
			     t = strtok_r(NULL, ", ", &save)) {
				if (!syscalls_known(t)) {
					cli_error("--expect-denied: unknown "
						  "syscall '%s'",
						  t);
					free(copy);
					return CLI_EXIT_USAGE;
				}
				strv_add(&a->denied, t);
			}
			free(copy);
			break;
		}
		case 'x':
			a->expect_exit = (int)strtol(optarg, &end, 10);
			if (*end || a->expect_exit < 0 ||
			    a->expect_exit > 255) {
				cli_error("--expect-exit wants 0 to 255");
				return CLI_EXIT_USAGE;
			}
			break;
		case 'c':
			a->caps = optarg;
			break;
		case 't':
			if (cli_parse_seconds(optarg, &a->timeout))
				return CLI_EXIT_USAGE;
			break;
		case 'P':
			if (cli_parse_max_procs(optarg, &a->max_procs))
				return CLI_EXIT_USAGE;
			break;
		case 'j':
			a->json = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	a->profile = argv[optind++];
	if (optind >= argc) {
		cli_error("no command to run: give it after '--'");
		return CLI_EXIT_USAGE;
	}
	a->argv = argv + optind;
	return 0;
}

static int run_check(struct check_args *a)
{
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(a->profile, a->format, 0, a->caps, NULL, &p,
				 &env);
	if (r)
		return r;

	struct strv expected = { 0 };
	if (a->expect && (r = load_expected(a->expect, &expected))) {
		strv_clear(&expected);
		return r;
	}

	char path[4096];
	if ((r = cli_find_program(a->argv[0], path, sizeof(path)))) {
		strv_clear(&expected);
		return r;
	}

	struct session_spec spec = {
		.profile = p,
		.path = path,
		.argv = a->argv,
		.set_caps = a->caps && strcmp(a->caps, "keep") != 0,
		.caps = env.caps,
		.learn = a->learn,
		.trace_sigsys = a->trace_sigsys,
		.watch = a->denied.v,
		.timeout = a->timeout,
		.max_procs = a->max_procs,
	};
	struct sv_result res;
	enum session_failure sf;
	struct runner_failure fail;
	struct diag d = { 0 };
	r = session_run(&spec, &res, &sf, &fail, &d);
	if (r < 0) {
		strv_clear(&expected);
		return cli_session_error(r, sf, &fail, &d, a->argv[0]);
	}

	struct classify_expect ce = {
		.exit_code = a->expect_exit,
		.denied = a->denied.v,
		.expected = a->expect ? expected.v : NULL,
		.learn = a->learn,
	};
	struct verdict v;
	int status = CLI_EXIT_ENV;
	if (classify_run(&res, &ce, &v) == 0) {
		struct report_run rr = { p,	   a->argv,
					 &res,	   &v,
					 a->learn, a->caps ? a->caps : "keep" };
		if (!a->json || strcmp(a->json, "-") != 0)
			report_text(stdout, &rr);
		status = res.interrupted	      ? 128 + res.interrupted
			 : v.outcome == OUTCOME_ERROR ? CLI_EXIT_USAGE
			 : verdict_has_findings(&v)   ? CLI_EXIT_FINDINGS
						      : CLI_EXIT_OK;
		if (a->json) {
			json_t *j = report_json(&rr);
			int w = cli_write_json(a->json, j);
			json_decref(j);
			if (w)
				status = w;
		}
		verdict_clear(&v);
	}
	sv_result_clear(&res);
	strv_clear(&expected);
	return status;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = { .timeout = 60 };
	int r = parse(argc, argv, &a);
	if (r == 0)
		r = run_check(&a);
	strv_clear(&a.denied);
	return r < 0 ? CLI_EXIT_OK : r;
}
