/* scaudit — test and audit seccomp allowlists. git-style subcommands;
 * each lives in its own cmd-*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "util.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check,
	  "run a workload under a profile and judge every denial" },
	{ "exec", cmd_exec, "apply a profile as production would and exec" },
	{ "record", cmd_record,
	  "write a first profile from what a workload uses" },
	{ "trim", cmd_trim, "remove what a workload does not use, with proof" },
	{ "run", cmd_run, "run a suite of cases, with CI reports" },
	{ "merge", cmd_merge, "combine the JSON reports of sharded runs" },
	{ "show", cmd_show, "print a profile as scaudit resolves it" },
	{ "explain", cmd_explain,
	  "what the compiled filter does with every syscall, and its cost" },
	{ "diff", cmd_diff, "how two profiles differ in effect" },
	{ "lint", cmd_lint, "check a profile without running anything" },
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
		fprintf(f, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f,
		"\n"
		"'%s COMMAND --help' describes a command. Exit status: 0 the "
		"profile holds,\n"
		"1 findings, 2 bad usage or input, 3 environment or internal "
		"error.\n",
		cli_program);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("scaudit %s\n", SCAUDIT_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	bool help = strcmp(cmd, "help") == 0;
	if (help) {
		if (argc < 3) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		cmd = argv[2];
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(cmd, commands[i].name) != 0)
			continue;
		if (help) {
			char *hargv[] = { (char *)cmd, (char *)"--help", NULL };
			return commands[i].run(2, hargv);
		}
		return commands[i].run(argc - 1, argv + 1);
	}
	cli_error("unknown command '%s' (see '%s --help')", cmd, cli_program);
	return CLI_EXIT_USAGE;
}
