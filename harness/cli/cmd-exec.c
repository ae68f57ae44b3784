/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit exec — apply a profile exactly as production would (caps,
 * no_new_privs, the profile's own filter; no supervisor) and exec the
 * command: the launcher users deploy with, and check's baseline. */
#include <string.h>

#include "cli.h"
#include "filter.h"
#include "runner.h"
#include "util.h"

static int parse_layout(const char *s, int *ret)
{
	if (!s)
		*ret = FILTER_LAYOUT_AUTO;
	else if (strcmp(s, "linear") == 0)
		*ret = FILTER_LAYOUT_LINEAR;
	else if (strcmp(s, "tree") == 0)
		*ret = FILTER_LAYOUT_TREE;
	else {
		cli_error("--layout wants linear or tree, not '%s'", s);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int exec_(struct cli_args *a)
{
	int layout;
	int r = parse_layout(a->layout, &layout);
	if (r)
		return r;
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	if ((r = cli_open_profile(a, a->pos[0], 0, NULL, &p, &env)))
		return r;
	cleanup_job struct job j = { 0 };
	if ((r = cli_job(a, &j)))
		return r;
	cleanup_filter struct filter *f = NULL;
	struct diag d = { 0 };
	struct filter_options fo = { .layout = layout };
	if ((r = filter_build(p, &fo, &f, &d)) < 0) {
		if (d.message[0])
			return cli_fail(r, &d);
		cli_error("cannot build the filter: %s", strerror(-r));
		return CLI_EXIT_USAGE;
	}
	struct runner_spec spec = {
		.path = j.path,
		.argv = j.argv,
		.set_caps = j.set_caps,
		.caps = j.env.caps,
		.filter = f,
	};
	fflush(NULL);
	struct runner_failure fail;
	runner_exec_here(&spec, &fail);
	/* After the filter is in place even this message may be denied. */
	cli_error("cannot %s: %s", runner_stage_name(fail.stage),
		  strerror(fail.error));
	return fail.stage == RUNNER_STAGE_EXEC ? 126 : CLI_EXIT_ENV;
}

const struct cli_command cmd_exec = {
	.name = "exec",
	.summary = "apply a profile as production would and exec",
	.synopsis = "PROFILE [options] -- CMD [ARG...]",
	.about = "Apply PROFILE to this process as production would and "
		 "execute CMD in its place.",
	.exit_status = "Exit status: CMD's own; 2 bad usage or input, 3 the "
		       "filter cannot be applied.",
	.opts = CLI_OPT(CAPS) | CLI_OPT(FORMAT) | CLI_OPT(LAYOUT) |
		CLI_OPT(SEMANTICS),
	.min_pos = 1,
	.max_pos = 1,
	.command = CLI_CMD_REQUIRED,
	.no_command = "no command to execute: give it after '--'",
	.run = exec_,
};
