/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit — test and audit seccomp allowlists. git-style subcommands;
 * each is a struct cli_command in its own cmd-*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "util.h"

static const struct cli_command *const commands[] = {
	&cmd_check, &cmd_exec,	&cmd_record,  &cmd_trim,
	&cmd_run,   &cmd_merge, &cmd_show,    &cmd_explain,
	&cmd_diff,  &cmd_lint,	&cmd_convert, &cmd_bundle,
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--version] [--help] COMMAND [ARGS]\n"
		"\n"
		"Test and audit Linux seccomp allowlists.\n"
		"\n"
		"Commands:\n",
		cli_program);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(f,
		"\n"
		"'%s COMMAND --help' describes a command. Exit status: 0 the "
		"profile holds,\n"
		"1 findings, 2 bad usage or input, 3 environment or internal "
		"error.\n",
		cli_program);
}

static int run(const struct cli_command *c, int argc, char **argv)
{
	struct cli_args a;
	cli_args_init(&a);
	int r = cli_parse(c, argc, argv, &a);
	if (r == 0)
		r = cli_refuse_overwrite(&a, c->opts & CLI_OPT(IN_PLACE), NULL);
	if (r == 0)
		r = c->run(&a);
	cli_args_clear(&a);
	/* What went to stdout reached it, or the command failed: a report
	 * lost to a full disk is no success. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && r >= 0 &&
	    r < CLI_EXIT_USAGE)
		r = cli_stdout_failed();
	return r == CLI_EXIT_HELP ? CLI_EXIT_OK : r;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("scaudit %s\n", SCAUDIT_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	bool help = strcmp(name, "help") == 0;
	if (help && argc < 3) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (help)
		name = argv[2];
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(name, commands[i]->name) != 0)
			continue;
		if (help) {
			cli_help(commands[i], stdout);
			return CLI_EXIT_OK;
		}
		return run(commands[i], argc - 1, argv + 1);
	}
	cli_error("unknown command '%s' (see '%s --help')", name, cli_program);
	return CLI_EXIT_USAGE;
}
