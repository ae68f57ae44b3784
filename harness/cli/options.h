/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* options — the command line of every subcommand from one table: each
 * command lists the options it takes (cli_command.opts); from that list
 * come getopt's struct option[], the help text, and the parsing into one
 * struct cli_args, with the values checked by the same validators case
 * files use (run/job.h). main() parses, prints help (exit 0) or a usage
 * error (exit 2), and only then calls the command. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "capture.h"
#include "job.h"
#include "strv.h"
#include "usage-observer.h"

/* --color: colour the terminal report (auto: on a terminal, unless
 * NO_COLOR is set). */
enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };

enum cli_opt {
	CLI_OPT_HELP,
	CLI_OPT_FORMAT,
	CLI_OPT_CAPS,
	CLI_OPT_ARCH,
	CLI_OPT_LEARN,
	CLI_OPT_TRACE_SIGSYS,
	CLI_OPT_EXPECT,
	CLI_OPT_EXPECT_DENIED,
	CLI_OPT_EXPECT_EXIT,
	CLI_OPT_TIMEOUT,
	CLI_OPT_MAX_PROCS,
	CLI_OPT_OUTPUT,
	CLI_OPT_IN_PLACE,
	CLI_OPT_DEEP,
	CLI_OPT_JOBS,
	CLI_OPT_CASES,
	CLI_OPT_COUNTS,
	CLI_OPT_MERGE,
	CLI_OPT_SHARD,
	CLI_OPT_JSON,
	CLI_OPT_JUNIT,
	CLI_OPT_SARIF,
	CLI_OPT_MARKDOWN,
	CLI_OPT_FAIL_ON_UNNECESSARY,
	CLI_OPT_NO_USAGE,
	CLI_OPT_LAYOUT,
	CLI_OPT_STDOUT,
	CLI_OPT_STDERR,
	CLI_OPT_REPEAT,
	CLI_OPT_MAX_RUNS,
	CLI_OPT_SOURCE,
	CLI_OPT_TO,
	CLI_OPT_PACKAGE,
	CLI_OPT_SEMANTICS,
	CLI_OPT_RUNTIME,
	CLI_OPT_ROOTFS,
	CLI_OPT_BUNDLE,
	CLI_OPT_NO_NEW_PRIVS,
	CLI_OPT_PODMAN,
	CLI_OPT_WIDEN_ONLY,
	CLI_OPT_ONLY_EXE,
	CLI_OPT_HTML,
	CLI_OPT_CODEQUALITY,
	CLI_OPT_COLOR,
	CLI_OPT_MAX_DANGEROUS_UNUSED,
	CLI_OPT_USAGE_BACKEND,
	CLI_OPT_ISOLATION,
	CLI_OPT_MAX
};

/* Every option's value; what a command does not take stays as set by
 * cli_args_init. */
struct cli_args {
	const char *format, *caps, *arch, *expect, *output, *cases, *merge;
	const char *shard, *json, *junit, *sarif, *markdown, *layout;
	const char *source, *to, *package, *html, *codequality;
	const char *rootfs, *bundle, *image;
	enum profile_semantics semantics; /* AUTO unless given */
	enum job_runtime runtime; /* NONE unless given */
	int no_new_privs; /* -1 unless given */
	bool learn, trace_sigsys, in_place, deep, counts, fail_on_unnecessary;
	bool no_usage;
	bool widen_only; /* diff: only what widens, and a summary */
	struct strv only_exe; /* record: the executables kept (repeatable) */
	enum cli_color color; /* --color; AUTO unless given */
	/* --max-dangerous-unused: at most this many dangerous entries
	 * allowed and unused; -1 unless given */
	int max_dangerous_unused;
	/* --usage-backend: how usage is seen (usage-observer.h); AUTO unless
	 * given */
	enum usage_backend usage_backend;
	enum pidns_mode isolation; /* --isolation; AUTO unless given */
	struct strv expect_denied;
	int expect_exit;
	double timeout; /* JOB_DEFAULT_TIMEOUT unless given */
	unsigned max_procs; /* 0: not given */
	unsigned repeat, max_runs; /* 0: not given */
	int jobs; /* 0: not given (the CPUs) */
	/* --stdout, --stderr; CAPTURE_MODE_MAX: not given */
	enum capture_mode out, err;
	char **pos; /* the operands before the command */
	size_t n_pos;
	char **cmd; /* after them (`-- CMD ARG...`); NULL: none */
};

/* The bit of an option in cli_command.opts: CLI_OPT(LEARN). */
#define CLI_OPT(name) (1ull << CLI_OPT_##name)

enum cli_cmd_arg { CLI_CMD_NONE, CLI_CMD_REQUIRED, CLI_CMD_OPTIONAL };

struct cli_command {
	const char *name;
	const char *summary; /* one line, for `scaudit --help` */
	const char *synopsis; /* after "usage: scaudit NAME " */
	const char *about; /* the paragraph under it */
	const char *exit_status; /* "Exit status: …" */
	uint64_t opts; /* the options it takes, CLI_OPT(…) | …; --help too */
	const char *help[CLI_OPT_MAX]; /* its own words for an option, or
					* NULL: the usual ones */
	size_t min_pos, max_pos; /* operands before the command */
	enum cli_cmd_arg command; /* `-- CMD ARG...` */
	const char *no_command; /* the error when a required one is missing */
	int (*run)(struct cli_args *a);
};

void cli_args_init(struct cli_args *a);
void cli_args_clear(struct cli_args *a);

/* Parse argv (argv[0] is the command's name) for c into a. Returns 0 to
 * run the command; CLI_EXIT_HELP after --help (printed to stdout: exit
 * 0); or CLI_EXIT_USAGE after a usage error (printed with the usage to
 * stderr). */
int cli_parse(const struct cli_command *c, int argc, char **argv,
	      struct cli_args *a);

/* The help of c: usage line, about, every option, exit status. */
void cli_help(const struct cli_command *c, FILE *f);

/* Whether a report goes to stdout ("-"): people's output then goes to
 * stderr. */
bool cli_is_stdout(const char *path);
