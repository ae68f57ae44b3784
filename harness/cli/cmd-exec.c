/* scaudit exec — apply a profile exactly as production would (caps,
 * no_new_privs, the profile's own filter; no supervisor) and exec the
 * command: the launcher users deploy with, and check's baseline. */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "filter.h"
#include "runner.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s exec PROFILE [--caps SET] [--format F] "
		"[--layout linear|tree] -- CMD [ARG...]\n"
		"\n"
		"Apply PROFILE to this process as production would and execute "
		"CMD in its place.\n"
		"Exit status: CMD's own; 2 bad usage or input, 3 the filter "
		"cannot be applied.\n",
		cli_program);
}

int cmd_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "layout", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *caps = NULL, *format = NULL;
	int layout = FILTER_LAYOUT_AUTO;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			caps = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "linear") == 0)
				layout = FILTER_LAYOUT_LINEAR;
			else if (strcmp(optarg, "tree") == 0)
				layout = FILTER_LAYOUT_TREE;
			else {
				cli_error("--layout wants linear or tree");
				return CLI_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind + 2 > argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *profile = argv[optind];
	char **cmd = argv + optind + 1;

	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(profile, format, 0, caps, NULL, &p, &env);
	if (r)
		return r;
	char path[4096];
	if ((r = cli_find_program(cmd[0], path, sizeof(path))))
		return r;
	struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options fo = { .handoff_fd = -1, .layout = layout };
	if ((r = filter_build(p, &fo, &f, &d)) < 0) {
		if (d.message[0])
			cli_print_diag(&d, "error");
		else
			cli_error("cannot build the filter: %s", strerror(-r));
		return CLI_EXIT_USAGE;
	}
	struct runner_spec spec = {
		.path = path,
		.argv = cmd,
		.set_caps = caps && strcmp(caps, "keep") != 0,
		.caps = env.caps,
		.filter = f,
	};
	fflush(NULL);
	struct runner_failure fail;
	runner_exec_here(&spec, &fail);
	filter_free(f);
	/* After the filter is in place even this message may be denied. */
	cli_error("cannot %s: %s", runner_stage_name(fail.stage),
		  strerror(fail.error));
	return fail.stage == RUNNER_STAGE_EXEC ? 126 : CLI_EXIT_ENV;
}
